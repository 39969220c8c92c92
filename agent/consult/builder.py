"""Open a ready ``Consultant`` from the settings: index, intent model, ledger, LLM, checkpointer."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import AsyncExitStack, asynccontextmanager
from pathlib import Path

from agent.cluster.stores import open_checkpointer, open_ledger
from agent.consult.deps import ConsultDeps
from agent.consult.session import Consultant, build_graph
from agent.embeddings import EMBEDDING_MODEL_ID
from agent.ingestion.manifest import serving_folder
from agent.llm.checks import check_chat_model
from agent.llm.factory import ChatModelChoice, make_chat_model
from agent.retrieval.loader import load_retriever
from agent.services import Services, build_services
from agent.settings import Settings
from agent.understand.parse import RequestParser
from agent.understand.tool import make_request_tool


def build_deps(settings: Settings, services: Services | None = None) -> ConsultDeps:
    services = services or build_services(settings)
    parser = RequestParser.from_pretrained(settings.request_model_dir)
    return ConsultDeps.create(
        settings, services.retriever, open_ledger(settings, pooled=True).migrate(), make_request_tool(parser)
    )


@asynccontextmanager
async def open_consultant(
    settings: Settings, deps: ConsultDeps | None = None, choice: ChatModelChoice | None = None
) -> AsyncIterator[Consultant]:
    """Conversations persist (``settings.conversations_db``, or the cluster's PostgreSQL) and
    survive a restart."""
    deps = deps or build_deps(settings)
    choice = choice or make_chat_model(settings.llm, settings)
    async with open_checkpointer(settings) as checkpointer:
        yield Consultant(build_graph(deps, choice, checkpointer), deps)


class ConsultantHolder:
    """One consultant per process, opened on first use (not at import) and closed at shutdown."""

    def __init__(self, make_settings: Callable[[], Settings] = Settings) -> None:
        self._make_settings = make_settings
        self._stack = AsyncExitStack()
        self._consultant: Consultant | None = None
        self._lock = asyncio.Lock()
        self._serving: Path | None = None

    async def get(self) -> Consultant:
        async with self._lock:
            if self._consultant is None:
                settings = self._make_settings()
                # Loading models is blocking work: keep the event loop (other sessions) responsive.
                deps = await asyncio.to_thread(build_deps, settings)
                choice = await asyncio.to_thread(make_chat_model, settings.llm, settings)
                # A wrong key or unknown model is logged now as a configuration error, not first
                # seen as an outage in a customer's turn.
                await asyncio.to_thread(check_chat_model, choice.model)
                self._consultant = await self._stack.enter_async_context(
                    open_consultant(settings, deps, choice)
                )
                self._serving = serving_folder(settings.index_dir)
            return self._consultant

    async def reload_if_changed(self) -> bool:
        """Swap in the index another worker (or an admin upload) published; one stat per turn.
        True when a new index now serves."""
        consultant = await self.get()
        settings = consultant.deps.settings
        current = serving_folder(settings.index_dir)
        if current == self._serving:
            return False
        async with self._lock:
            if current != self._serving:
                embedder = consultant.deps.retriever.embedder
                retriever = await asyncio.to_thread(
                    load_retriever, settings.index_dir, embedder, EMBEDDING_MODEL_ID, settings.dense_weight
                )
                consultant.deps.swap_retriever(retriever)
                self._serving = current
        return True

    async def close(self) -> None:
        await self._stack.aclose()
        self._consultant = None
