"""Live handoff to a person: the queue, taking a conversation over, and its records."""
