"""The consultation fixtures (real index, intent model, SQLite) for the LLM tests that run turns."""

from tests.consult.conftest import consult_settings, deps, intent_tool, parser  # noqa: F401
