"""What the consultation needs at run time, built once and shared by every conversation."""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field

from langchain_core.tools import BaseTool

from agent.answer.scope import kind_words
from agent.consult.ledger import Ledger
from agent.consult.synonyms import Synonyms
from agent.ingestion.problems import SourceError
from agent.retrieval.hybrid import HybridRetriever
from agent.settings import Settings

log = logging.getLogger(__name__)


@dataclass
class ConsultDeps:
    settings: Settings
    retriever: HybridRetriever
    ledger: Ledger
    request_tool: BaseTool  # the fine-tuned request parser (agent.understand)
    catalog_names: dict[str, str]  # every product's case-folded name -> its id
    catalog_kinds: frozenset[str] = frozenset()  # words naming its kinds of product (agent.answer.scope)
    synonyms: Synonyms = field(default_factory=Synonyms)  # the shop's words for its catalog's words
    counters: Counter[str] = field(default_factory=Counter)  # violations, refused tool calls

    @classmethod
    def create(
        cls, settings: Settings, retriever: HybridRetriever, ledger: Ledger, request_tool: BaseTool
    ) -> ConsultDeps:
        names = _names_of(retriever)
        synonyms = Synonyms.read(settings.synonyms_file)
        return cls(settings, retriever, ledger, request_tool, names, _kinds_of(retriever), synonyms)

    def swap_retriever(self, retriever: HybridRetriever) -> None:
        """Serve a new index from the next turn on (the attributes are replaced, never mutated), with
        the shop's synonyms read again: an edit ships with the next ingestion. A bad synonyms file
        keeps the groups in use (logged): the new catalog still serves."""
        self.catalog_names = _names_of(retriever)
        self.catalog_kinds = _kinds_of(retriever)
        self.retriever = retriever
        try:
            self.synonyms = Synonyms.read(self.settings.synonyms_file)
        except SourceError as exc:
            log.error("the synonyms in use stay: %s", exc)


def _names_of(retriever: HybridRetriever) -> dict[str, str]:
    """Product names an answer could write, so one naming a product outside the turn is caught."""
    return {
        " ".join(str(m.get("name") or "").casefold().split()): i
        for i, m in retriever.product_metadata.items()
    }


def _kinds_of(retriever: HybridRetriever) -> frozenset[str]:
    categories = {
        str(m.get(key) or "")
        for m in retriever.product_metadata.values()
        for key in ("category", "subcategory")
    }
    return kind_words(categories)
