"""Durable stores written once for SQLite files (one machine) and PostgreSQL (a cluster)."""
