"""English search words for a Chinese request when the shop's catalog is written in English.

e5-small matches 咖啡 to coffee, but not 燕麦 to oats, 印度香米 to basmati rice or 花生酱 to peanut
butter (measured on the BigBasket catalog), and BM25 has nothing to match at all. Two sources give
the words: the open CC-CEDICT dictionary (``dictionary.py``, no model, so the fake and every small
model get it), and, only where the dictionary finds no word of the catalog, the chat model in one
short call (a large model knows brand-like words the dictionary lacks; the 0.5B's translations of
grocery words were mostly wrong, so they no longer come before the dictionary's). Only words the
catalog itself uses are kept, so a bad translation can add nothing the shop does not sell.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Callable
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage
from langchain_core.runnables import Runnable

from agent.llm.deadline import within_deadline
from agent.prompts import load_prompt
from agent.retrieval.dictionary import english_words

log = logging.getLogger(__name__)
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*[A-Za-z]")
_MAX_WORDS = 8
# A small model sometimes answers the question instead of translating it (有自行车吗？ -> "Yes"), and
# "yes" is a word of many spec lists ("ANC: yes"): such words name no product.
_REPLY_WORDS = frozenset(
    {"yes", "no", "not", "sure", "sorry", "okay", "ok", "hello", "thanks", "thank", "you"}
)


class SearchTermTranslator:
    def __init__(self, model: BaseChatModel | None, timeout_s: float) -> None:
        # One line is all it may write: the stop keeps a chatty model from a paragraph.
        self.model = model.bind(stop=["\n"]) if model is not None else None
        self.timeout_s = timeout_s

    async def __call__(self, message: str, known: Callable[[str], bool], unmatched: str | None = None) -> str:
        """The catalog's English words for ``message``: the dictionary's, or the model's where the
        dictionary has none ("" when neither finds a word the catalog uses). ``unmatched``: the
        message with the terms the shop's synonyms translate already replaced by the catalog's
        words (酥油 is "ghee" there, not the dictionary's "butter" nor a model's guess)."""
        # The need the parse read (without the budget: 以内 "within" once gave "less", and the
        # catalog's "Less Than 5% Maida" brownie came up for oats).
        message = message if unmatched is None else unmatched
        # In a thread: the first call reads the dictionary (about 1 s). Its words are the catalog's.
        words = await asyncio.to_thread(english_words, message, known)
        if not words and self.model is not None:
            # Only for words the dictionary lacks: the 0.5B gave 燕麦 as "maize", 花生酱 as
            # "pancakes" and 洗面奶 as "soap", each finding products nobody asked for.
            words = [w for w in await self._from_model(self.model, message) if known(w)]
        return " ".join(list(dict.fromkeys(words))[:_MAX_WORDS])

    async def _from_model(self, model: Runnable[Any, BaseMessage], message: str) -> list[str]:
        try:
            reply = await within_deadline(model.ainvoke(_messages(message)), self.timeout_s)
        except Exception as exc:  # the dictionary's words still come
            log.warning("search-term translation failed: %s: %s", type(exc).__name__, exc)
            return []
        words = [w.lower() for w in _WORD.findall(reply.text)[:_MAX_WORDS]]
        return [w for w in words if w not in _REPLY_WORDS]


def _messages(message: str) -> list[BaseMessage]:
    """The instruction, then worked examples as earlier turns: a 0.5B model copies a list of
    examples written into one prompt, but follows them as a conversation."""
    messages: list[BaseMessage] = [SystemMessage(load_prompt("search_terms"))]
    for line in load_prompt("search_terms_examples").splitlines():
        asked, _, words = line.partition(" = ")
        messages += [HumanMessage(asked), AIMessage(words)]
    return [*messages, HumanMessage(message[:500])]


def needs_translation(message_language: str, catalog_language: str) -> bool:
    return message_language == "zh" and catalog_language == "en"
