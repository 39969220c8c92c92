"""English search words for a Chinese request when the shop's catalog is written in English.

e5-small matches 咖啡 to coffee, but not 燕麦 to oats, 印度香米 to basmati rice or 花生酱 to peanut
butter (measured on the BigBasket catalog), and BM25 has nothing to match at all. The chat model
knows the words: one short call translates the request, and only words the catalog itself uses
are kept, so a bad translation can add nothing the shop does not sell.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Callable

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage

from agent.prompts import load_prompt

log = logging.getLogger(__name__)
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*[A-Za-z]")
_MAX_WORDS = 6


class SearchTermTranslator:
    def __init__(self, model: BaseChatModel, timeout_s: float) -> None:
        # One line is all it may write: the stop keeps a chatty model from a paragraph.
        self.model = model.bind(stop=["\n"])
        self.timeout_s = timeout_s

    async def __call__(self, message: str, known: Callable[[str], bool]) -> str:
        """The catalog's English words for ``message`` ("" when the model fails or knows none)."""
        try:
            reply = await asyncio.wait_for(self.model.ainvoke(_messages(message)), self.timeout_s)
        except Exception as exc:  # the answer still comes, from the message's own words
            log.warning("search-term translation failed: %s: %s", type(exc).__name__, exc)
            return ""
        words = [w.lower() for w in _WORD.findall(reply.text)[:_MAX_WORDS]]
        return " ".join(dict.fromkeys(w for w in words if known(w)))


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
