"""Many app workers, one PostgreSQL: with ``DATABASE_URL`` set, every durable thing lives there."""
