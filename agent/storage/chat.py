"""Reading Chainlit's chat history (its own tables, written by its data layer) for the report and
the insights, without ever creating it: before the app's first start there is simply none."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import make_url, text
from sqlalchemy.ext.asyncio import create_async_engine


async def read_chat(url: str, query: str, **params: Any) -> list[dict[str, Any]]:
    """The rows of ``query``; none where the history or its tables do not exist yet."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and not Path(parsed.database or "").exists():
        return []  # connecting would create the file: a reader must not write
    engine = create_async_engine(url)
    try:
        async with engine.connect() as connection:
            return [dict(row._mapping) for row in await connection.execute(text(query), params)]
    except Exception as error:
        if "no such table" in str(error) or "does not exist" in str(error):
            return []  # the app has not started yet: no chat history
        raise
    finally:
        await engine.dispose()
