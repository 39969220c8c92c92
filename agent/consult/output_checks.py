"""Checks on the form of an answer, whatever its facts: the customer's language, no prompt or tool
markup, no degenerate repetition, no quoted instructions."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from functools import cache

from agent.consult.violations import Violation
from agent.language import detect_language
from agent.prompts import load_prompt, prompt_template

# The prompt's own tags, chat-template tokens and tool schemas: never meant for a customer.
_MARKUP = re.compile(
    r"</?(?:facts|tools?|tool_call|tool_response|function|system|user|assistant|rules|profile|history|"
    r"context|stage|instructions?)\b[^>]*>|<\|[^|>]{1,40}\|>|\"type\"\s*:\s*\"function\"|\"arguments\"\s*:|"
    r"\{\s*\"name\"\s*:\s*\"[a-z_]+\"\s*,",
    re.I,
)
_TOKEN = re.compile(r"[\u3400-\u9fff]|[A-Za-z0-9]+")
_LATIN = re.compile(r"[A-Za-z]+")
_CJK = re.compile(r"[\u3400-\u9fff]")
_FOREIGN_SENTENCE_CJK = 8  # Chinese characters beyond the names: a sentence, not a word or two
_SETTLED_WORDS = 8  # English words beside the names before any Chinese: an English answer
_BRACKETED = re.compile(r"\[[^\]]*\]|https?://\S+|\*\*")
_COPIED_SHARE = 0.6  # of an answer's text, in sentences of the previous answer: a copy


def check_markup(answer: str) -> list[Violation]:
    found = []
    if match := _MARKUP.search(answer):
        found.append(Violation("markup", f"the answer carries prompt or tool markup ({match[0][:30]!r})"))
    if answer.count("```") % 2:
        found.append(Violation("markup", "the answer ends inside a code block"))
    return found


def check_repetition(answer: str, facts_text: str = "") -> list[Violation]:
    """One phrase said over and over, the way small models loop at temperature 0. A sentence the
    facts hold as often ("Specs: Type: Face Care." of three face washes) is no loop."""
    tokens = _TOKEN.findall(answer.lower())
    for size in (4, 6, 8, 12):
        grams = Counter(tuple(tokens[i : i + size]) for i in range(len(tokens) - size + 1))
        if grams and (top := grams.most_common(1)[0])[1] >= 5 and top[1] * size >= 0.4 * len(tokens):
            return [Violation("repetition", f"'{' '.join(top[0])}' repeated {top[1]} times")]
    sentences = Counter(s for s in _sentences(answer) if len(s.split()) >= 4)
    sentences -= Counter(_sentences(facts_text))
    if sentences and (top_sentence := sentences.most_common(1)[0])[1] >= 3:
        return [Violation("repetition", f"'{top_sentence[0][:40]}' repeated {top_sentence[1]} times")]
    return []


def repeats_previous(answer: str, previous: str, facts_text: str = "") -> list[Violation]:
    """An answer that is mostly the previous one said again: a small model asked "how heavy is
    it?" copies its last answer whole. One sentence repeated ("it costs ₹175") is an answer, and
    so is a sentence of this turn's facts ("tell me more about the second one" gets its line)."""
    said_before = set(_sentences(previous)) - set(_sentences(facts_text))
    sentences = [s for s in _sentences(answer) if _words(s) >= 4]
    copied = [s for s in sentences if s in said_before]
    if len(copied) >= 2 and sum(map(len, copied)) >= _COPIED_SHARE * sum(map(len, sentences)):
        return [Violation("repeated", f"the answer repeats the previous one ('{copied[0][:40]}')")]
    return []


def echoes_message(answer: str, message: str, share: float = 0.0) -> list[Violation]:
    """The customer's own question said back as the answer ("第一个多少钱？包邮吗？", the 0.5B's whole
    answer to it): a copy, replaced by the records at once (a second generation copies again).
    ``share``: how much of the message it must repeat (a prefix may restate part of the need)."""
    said, asked = _letters(answer), _letters(message)
    if len(said) >= 4 and said in asked and len(said) >= share * len(asked):
        return [Violation("repeated", "the answer repeats the customer's message")]
    return []


def _letters(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def _sentences(text: str) -> list[str]:
    parts = re.split(r"(?<=[.!?])\s+|[。！？\n]+", text)
    return [" ".join(part.split()).lower() for part in parts if part.strip()]


def without_names(text: str, names: list[str]) -> str:
    """``text`` with the shop's own names taken out, longest first ("Amul Cow Ghee" before "Cow Ghee")."""
    for name in sorted(filter(None, names), key=len, reverse=True):
        text = text.replace(name, " ")
    return text


def check_language(
    answer: str, language: str, names: list[str], passages: Sequence[str] = ()
) -> list[Violation]:
    """The answer is in the customer's language; product names, ids and links stay as the catalog
    writes them and do not count, nor do quoted ``passages`` (policy text, descriptions) when the
    answer has words of its own around them."""
    bare = _BRACKETED.sub(" ", answer)
    if language == "zh" and _LATIN.search(bare) and not _CJK.search(bare):
        # An English product line alone ("Olive Oil - Extra Light (Disano) — ₹638.01") has not one
        # word for a Chinese customer: a price alone is in no language, a name is English.
        return [Violation("language", "the customer writes Chinese; the answer has no Chinese")]
    text = without_names(bare, [*names, *passages])
    if _words(text) < 2:
        # Only quotes: a passage alone, in English, is no answer to a Chinese customer.
        text = without_names(bare, names)
    cjk, latin = len(_CJK.findall(text)), len(_LATIN.findall(text))
    if cjk + latin < 2:
        return []  # a price or a name alone is in no language
    said = detect_language(text)
    if language == "zh" and (said != "zh" or cjk < 4) and latin >= 1:
        return [Violation("language", "the customer writes Chinese; the answer is not in Chinese")]
    if language == "en" and (cjk > latin or cjk >= _FOREIGN_SENTENCE_CJK):
        # A Chinese description pasted into an English answer is a sentence the customer can't read.
        return [Violation("language", "the customer writes English; the answer is not in English")]
    return []


def english_for_good(answer: str, names: list[str]) -> bool:
    """Whether a streamed answer to a Chinese customer is in English whatever follows: eight
    English words beside the names and not one Chinese character yet. (Of 152 answers to Chinese
    customers that passed on the real-catalog bench, none opened with an English sentence.)"""
    bare = _BRACKETED.sub(" ", answer)
    return not _CJK.search(bare) and len(_LATIN.findall(without_names(bare, names))) >= _SETTLED_WORDS


def _words(text: str) -> int:
    return len(_CJK.findall(text)) + len(_LATIN.findall(text))


@cache
def _rule_openings() -> tuple[str, ...]:
    """The first 40 characters of each instruction line long enough to be a telling quote: the
    grounding rules and the fixed lines of the system prompt (not its filled-in $values)."""
    lines = load_prompt("grounding").splitlines() + prompt_template("system").splitlines()
    rules = [line.strip("- ").strip() for line in lines if "$" not in line]
    return tuple(" ".join(rule.split())[:40].lower() for rule in rules if len(rule) >= 30)


def leaks_instructions(answer: str) -> bool:
    normalized = " ".join(answer.split()).lower()
    return any(opening in normalized for opening in _rule_openings())
