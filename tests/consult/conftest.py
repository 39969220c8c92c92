"""The consultation with its real parts (index, fine-tuned request parser, SQLite) and a scripted LLM."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path

import pytest
from langchain_core.tools import BaseTool

from agent.consult.builder import open_consultant
from agent.consult.deps import ConsultDeps
from agent.consult.ledger import SalesLedger
from agent.consult.session import Consultant
from agent.embeddings import EMBEDDING_MODEL_ID
from agent.ingestion.pipeline import ingest
from agent.llm.factory import ChatModelChoice
from agent.llm.fake import ScriptedChatModel
from agent.retrieval.hybrid import HybridRetriever
from agent.retrieval.loader import load_retriever
from agent.settings import Settings
from agent.understand.parse import RequestParser
from agent.understand.tool import make_request_tool
from tests.conftest import ROOT

OpenConsultant = Callable[..., AbstractAsyncContextManager[Consultant]]
DepsFor = Callable[[str], ConsultDeps]


@pytest.fixture(scope="session")
def parser() -> RequestParser:
    # The model `make setup` trained from knowledge/requests (tests run after it).
    return RequestParser.from_pretrained(ROOT / "var" / "models" / "request")


@pytest.fixture(scope="session")
def intent_tool(parser: RequestParser) -> BaseTool:
    return make_request_tool(parser)


@pytest.fixture
def consult_settings(settings: Settings, tmp_path: Path) -> Settings:
    return settings.model_copy(
        update={"conversations_db": tmp_path / "conversations.sqlite", "sales_db": tmp_path / "sales.sqlite"}
    )


@pytest.fixture
def deps(consult_settings: Settings, retriever: HybridRetriever, intent_tool: BaseTool) -> ConsultDeps:
    return ConsultDeps.create(
        consult_settings, retriever, SalesLedger(consult_settings.sales_db).migrate(), intent_tool
    )


@pytest.fixture
def open_with(deps: ConsultDeps) -> OpenConsultant:
    """``async with open_with(model) as consultant``: the agent over ``model`` (tools when it calls them)."""

    @asynccontextmanager
    async def opener(model: ScriptedChatModel, calls_tools: bool = True) -> AsyncIterator[Consultant]:
        choice = ChatModelChoice("fake", model, calls_tools=calls_tools)
        async with open_consultant(deps.settings, deps, choice) as consultant:
            yield consultant

    return opener


@pytest.fixture
def deps_for(settings: Settings, embedder, tmp_path: Path, intent_tool: BaseTool) -> DepsFor:  # type: ignore[no-untyped-def]
    """``deps_for(csv_text)``: the consultation's parts over a catalog written for one test."""

    def build(csv_text: str) -> ConsultDeps:
        (tmp_path / "catalog").mkdir()
        (tmp_path / "catalog" / "products.csv").write_text(csv_text, encoding="utf-8")
        ingest([tmp_path / "catalog"], tmp_path / "index", embedder, EMBEDDING_MODEL_ID)
        local = settings.model_copy(
            update={
                "index_dir": tmp_path / "index",
                "conversations_db": tmp_path / "c.sqlite",
                "sales_db": tmp_path / "s.sqlite",
            }
        )
        retriever = load_retriever(local.index_dir, embedder, EMBEDDING_MODEL_ID, local.dense_weight)
        return ConsultDeps.create(local, retriever, SalesLedger(local.sales_db).migrate(), intent_tool)

    return build
