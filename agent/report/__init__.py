"""The sales manager's numbers over a date range, for the admin view and ``python -m agent.report``."""
