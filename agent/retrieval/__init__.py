"""Hybrid (dense + keyword) retrieval over the ingested knowledge, with structured filters."""
