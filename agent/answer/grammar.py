"""The GBNF grammar of one turn's answer (llama.cpp's constrained decoding): free words, and
references to this turn's records only. No digit and no currency sign can be sampled outside a
reference, so the model cannot write a price, a spec figure or a stock count of its own, nor
refer to a record the turn does not hold."""

from __future__ import annotations

from agent.answer.facts import TurnFacts

# Digits (ASCII and full-width), currency signs and the brackets references are written with.
_FORBIDDEN = r"0-9０-９$€£¥￥₹\[\]"


def _literal(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def answer_grammar(facts: TurnFacts) -> str:
    references = [ref.written() for ref in facts.references()]
    lines = [
        "root ::= piece+",
        f"piece ::= words{' | reference' if references else ''}",
        f"words ::= [^{_FORBIDDEN}]+",
    ]
    if references:
        lines.append("reference ::= " + " | ".join(_literal(r) for r in references))
    return "\n".join(lines) + "\n"
