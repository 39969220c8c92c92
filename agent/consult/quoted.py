"""Product names a customer quotes, read as names before the request parser reads the message.

A catalog's names hold numbers and words that mean something else in a request: "刀具套装 七件套"
is not seven of anything, "Baby Happy Xtra Large - 46 Diapers" orders no 46, and "给我爸买 墨竹
老人机 S1 合适吗？" asks whether it suits, it does not buy. The parser learned requests with other
shops' names in them; a quoted name of this catalog is replaced by one of those (a lookup entity, as
in Rasa), so the parse reads the request around it; the planner finds the named product itself.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import replace

from agent.language import language_without_names
from agent.understand.request import CustomerRequest

_MIN_CHARS = 6  # as the planner's name match: a shorter name is too often a word of the request
_HAN = re.compile(r"[\u3400-\u9fff]")
# A name from the parser's training fillers, in the message's script: it is read as a referent.
_STAND_IN = {"latin": "Pikko Plush Bunny", "han": "云朵记忆枕"}


def without_quoted_names(
    message: str, names: Mapping[str, str], kinds: Collection[str] = ()
) -> tuple[str, list[str]]:
    """``message`` with each catalog name it quotes (not a name that is a kind of product, such as
    "Green Tea") replaced by a stand-in, and the names replaced, in order."""
    folded = message.casefold()
    quoted = sorted(
        (n for n in names if len(n) >= _MIN_CHARS and n not in kinds and n in folded), key=len, reverse=True
    )
    spans: list[tuple[int, int, str]] = []
    for name in quoted:
        for match in re.finditer(re.escape(name), folded):
            if not any(s < match.end() and match.start() < e for s, e, _ in spans):
                spans.append((match.start(), match.end(), message[match.start() : match.end()]))
    if not spans:
        return message, []
    rest = "".join(ch for i, ch in enumerate(message) if not any(s <= i < e for s, e, _ in spans))
    stand_in = _STAND_IN["han" if _HAN.search(rest) else "latin"]
    text = message
    for start, end, _ in sorted(spans, reverse=True):
        text = f"{text[:start]} {stand_in} {text[end:]}"
    return " ".join(text.split()), [written for *_, written in sorted(spans)]


def with_quoted_names(request: CustomerRequest, quoted: list[str], quoted_text: str) -> CustomerRequest:
    """The parse of a message read with stand-ins, with the message and the names it quoted put back."""
    if not quoted:
        return request
    stand_ins = tuple(_STAND_IN.values())
    referent = request.referent
    if referent is not None and any(s.casefold() in referent.text.casefold() for s in stand_ins):
        referent = replace(referent, text=quoted[0])
    need = request.need
    if need is not None and any(s.casefold() in need.casefold() for s in stand_ins):
        need = None
    # The language of the words around the names ("Ist der 珐琅铸铁锅 24cm noch da?" is German).
    language = language_without_names(quoted_text, [q.casefold() for q in quoted], request.language)
    return replace(
        request, text=quoted_text, referent=referent, need=need, language=language or request.language
    )
