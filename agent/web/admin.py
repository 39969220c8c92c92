"""Admin-only commands: upload knowledge files and re-index with hot swap; the sales report.

Every entry point checks the role on the server: a customer or salesperson who sends the
command (from the UI or straight over the socket) is refused.
"""

from __future__ import annotations

import asyncio
import re
from functools import partial
from pathlib import Path

import chainlit as cl

from agent.cluster.stores import open_orders
from agent.consult.state import Role
from agent.embeddings import EMBEDDING_MODEL_ID
from agent.ingestion.catalog import CATALOG_SUFFIXES
from agent.ingestion.documents import DOCUMENT_SUFFIXES
from agent.ingestion.orders import looks_like_orders
from agent.ingestion.pipeline import IngestionLockedError
from agent.ingestion.problems import SourceError
from agent.ingestion.uploads import Upload, ingest_uploads
from agent.insights.knowledge import from_retriever
from agent.insights.load import load_orders
from agent.language import detect_language
from agent.report.assemble import build_report
from agent.report.category import UnknownCategoryError
from agent.report.collect import parse_range
from agent.web.conversation import session_role
from agent.web.insights import FORECAST_COMMAND, chart_elements, forecast_command
from agent.web.runtime import WebRuntime

ACCEPTED_SUFFIXES = sorted(CATALOG_SUFFIXES | DOCUMENT_SUFFIXES)
# The browser's file picker filters by MIME type (with extensions as hints); a type it does not
# know (.jsonl, .md on some systems) arrives as octet-stream, so that is accepted too.
_MIME_BY_SUFFIX = {
    ".csv": "text/csv", ".tsv": "text/tab-separated-values", ".json": "application/json",
    ".jsonl": "application/x-ndjson", ".ndjson": "application/x-ndjson", ".md": "text/markdown",
    ".markdown": "text/markdown", ".txt": "text/plain", ".pdf": "application/pdf",
    ".htm": "text/html", ".html": "text/html",
}  # fmt: skip


def _accept() -> dict[str, list[str]]:
    accept: dict[str, list[str]] = {"application/octet-stream": ACCEPTED_SUFFIXES}
    for suffix in ACCEPTED_SUFFIXES:
        accept.setdefault(_MIME_BY_SUFFIX.get(suffix, "application/octet-stream"), []).append(suffix)
    return accept


REFUSED = "This command is for admins only."
_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


async def run_command(runtime: WebRuntime, message: cl.Message) -> None:
    if message.command == FORECAST_COMMAND["id"]:  # staff, not only admins: it checks the role itself
        await forecast_command(runtime.settings, session_role(runtime), message.content)
        return
    if session_role(runtime) is not Role.ADMIN:
        await cl.Message(content=REFUSED).send()
        return
    if message.command == "report":
        await _report(runtime, message.content)
    else:
        await _ingest(runtime, message)


async def _report(runtime: WebRuntime, text: str) -> None:
    dates = _DATE.findall(text)  # "from 2026-11-01 to 2026-11-30"; none: the last 30 days
    category = _category(text)  # "Laptops 2026-11-01 2026-11-30": one category
    try:
        since, until = parse_range(*(dates + [None, None])[:2])
    except ValueError as error:
        await cl.Message(content=f"Report: {error}").send()
        return
    consultant = await runtime.consultants.get()  # its embedder and index group the questions
    knowledge = partial(from_retriever, consultant.deps.retriever)
    note = ""
    try:
        charted = await build_report(runtime.settings, since, until, category, knowledge)
    except UnknownCategoryError as error:  # "last 30 days": words, not a category
        note = f"Report: {error}. All categories:\n\n"
        charted = await build_report(runtime.settings, since, until, None, knowledge)
    language = detect_language(text) if text.strip() else "en"
    await cl.Message(content=note + charted.markdown(), elements=chart_elements(charted, language)).send()  # type: ignore[arg-type]


def _category(text: str) -> str | None:
    words = _DATE.sub(" ", text)
    words = re.sub(r"\b(from|to|until|since|report)\b|[-–—,:]", " ", words, flags=re.I)
    return " ".join(words.split()) or None


async def _ingest(runtime: WebRuntime, message: cl.Message) -> None:
    uploads = [Upload(e.name, Path(e.path)) for e in message.elements or [] if e.path]
    if not uploads:
        answer = await cl.AskFileMessage(
            content=f"Upload catalog or FAQ files ({', '.join(ACCEPTED_SUFFIXES)}).",
            accept=_accept(),
            max_size_mb=runtime.settings.max_upload_mb,
            max_files=10,
            timeout=600,
        ).send()
        uploads = [Upload(f.name, Path(f.path)) for f in answer or []]
    if not uploads:
        await cl.Message(content="No file received; nothing changed.").send()
        return
    orders = [u for u in uploads if looks_like_orders(u.path)]
    if orders:  # an orders history feeds the forecast, not the knowledge index
        await _orders(runtime, orders)
        uploads = [u for u in uploads if u not in orders]
        if not uploads:
            return
    consultant = await runtime.consultants.get()
    progress = cl.Message(content=f"Checking {', '.join(u.name for u in uploads)}…")
    await progress.send()
    loop = asyncio.get_running_loop()
    embedded = 0

    def on_embed(count: int) -> None:  # called from the worker thread
        nonlocal embedded
        embedded += count
        progress.content = f"Embedding… {embedded} passages done"
        asyncio.run_coroutine_threadsafe(progress.update(), loop)

    try:
        summary = await asyncio.to_thread(
            ingest_uploads,
            runtime.settings,
            uploads,
            consultant.deps.retriever.embedder,
            EMBEDDING_MODEL_ID,
            on_embed,
        )
    except (SourceError, IngestionLockedError) as error:
        progress.content = (
            f"Upload refused: {error}\n\nNothing was changed: the current knowledge keeps serving."
        )
        await progress.update()
        return
    await runtime.knowledge.publish()  # in a cluster: the other workers pull it within seconds
    await runtime.consultants.reload_if_changed()
    progress.content = (
        f"Knowledge updated: answers use it from the next message.\n\n```\n{summary.render()}\n```"
    )
    await progress.update()


async def _orders(runtime: WebRuntime, uploads: list[Upload]) -> None:
    names = {str(u.path): Path(u.name.replace("\\", "/")).name for u in uploads}
    store = open_orders(runtime.settings)  # in a cluster: the one history every worker reads
    try:
        lines = await asyncio.to_thread(load_orders, store, [u.path for u in uploads], list(names.values()))
    except SourceError as error:
        where = names.get(error.source, Path(error.source).name) + (f":{error.line}" if error.line else "")
        await cl.Message(content=f"Orders refused: {where}: {error.reason}").send()
        return
    await cl.Message(content="Orders history updated:\n\n" + "\n".join(f"- {line}" for line in lines)).send()
