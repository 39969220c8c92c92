"""The rules an answer is held to, in one place: a streamed prefix must pass the grounding rules
(it may still be incomplete), the whole answer must also be helpful."""

from __future__ import annotations

from typing import Any

from langchain_core.messages import AIMessage, HumanMessage

from agent.consult.deps import ConsultDeps
from agent.consult.helpfulness import check_helpful, cut_short
from agent.consult.narration import narration_violations, without_narration
from agent.consult.output_checks import echoes_message, english_for_good, repeats_previous
from agent.consult.planner import PRODUCT_INTENTS
from agent.consult.records import Record, fact_lines, record_from_document
from agent.consult.state import Role
from agent.consult.validator import Violation, check_answer, check_not_a_draft
from agent.insights.check import forecast_violations

# Streamed violations a prefix may have and the whole answer not: narration is mended, and the
# language is judged on the whole answer.
_NOT_YET = frozenset({"narration", "language"})


class AnswerChecks:
    def __init__(self, deps: ConsultDeps) -> None:
        self.deps = deps

    def seen_records(self, state: dict[str, Any]) -> list[Record]:
        """Records shown in earlier turns, read from the current index (the state keeps only ids)."""
        return self._records(state.get("seen", []))

    def _records(self, ids: list[str]) -> list[Record]:
        by_id = self.deps.retriever.by_id
        return [record_from_document(by_id[i]) for i in ids if i in by_id]

    def grounding(
        self, text: str, allowed: list[Record], state: dict[str, Any], language: str | None = None
    ) -> list[Violation]:
        profile = state.get("profile", {})
        numbers = [float(profile[k]) for k in ("budget_min", "budget_max") if profile.get(k)]
        said = [m.text for m in state.get("messages", []) if isinstance(m, HumanMessage)]
        # The list "the second one" of an answer counts in: the one the customer was shown last.
        listed = self._records(state.get("recommended", []))
        return check_answer(text, allowed, self.deps.catalog, numbers, language, said, listed)

    def mended(self, text: str, role: Role) -> str:
        """A customer's answer without the model's talk about its prompt."""
        return without_narration(text) if role == Role.CUSTOMER else text

    def streamed(
        self, text: str, allowed: list[Record], state: dict[str, Any], facts: list[Record], role: Role
    ) -> list[Violation]:
        """What a reader may not see even for a moment: ungrounded amounts, products and promises,
        the wrong language, made-up forecast figures, talk about the prompt, a draft shown to a
        customer."""
        outcome = state.get("outcome", {})
        # Drafts are for staff, who may write about a customer in another language.
        language = None if outcome.get("draft") else outcome.get("language")
        found = self.grounding(text, allowed, state, language)
        found += forecast_violations(text, facts)  # a phrased forecast keeps its figures
        if role != Role.CUSTOMER:  # staff may talk about "the customer"
            return found
        return found + check_not_a_draft(text) + narration_violations(text)  # mended, not shown

    def beyond_mending(
        self, text: str, streamed: list[Violation], state: dict[str, Any], facts: list[Record]
    ) -> list[Violation]:
        """What in a streamed prefix already dooms the answer (the validator will replace it
        whatever follows): one of its ``streamed`` violations that is not mended, a copy, or an
        answer to a Chinese customer that is English for good (a Chinese answer may still open
        with an English product line)."""
        doomed = [v for v in streamed if v.kind not in _NOT_YET] + _copies(text, state, facts, share=0.8)
        wrong_language = [v for v in streamed if v.kind == "language"]
        if wrong_language and state.get("outcome", {}).get("language") == "zh":
            names = [str(r.get(k) or "") for r in self.seen_records(state) + facts for k in ("name", "title")]
            doomed += wrong_language if english_for_good(text, names) else []
        return doomed

    def whole(
        self,
        text: str,
        allowed: list[Record],
        state: dict[str, Any],
        facts: list[Record],
        role: Role,
        cut: bool = False,
    ) -> list[Violation]:
        """The finished answer: grounded, it answers what was asked, and it is not the last
        answer said again. ``cut``: the length limit ended it."""
        outcome = state.get("outcome", {})
        intent, topics = outcome.get("intent"), outcome.get("answered_topics", [])
        found = self.streamed(text, allowed, state, facts, role) + check_helpful(
            text,
            intent,
            facts,
            PRODUCT_INTENTS,
            topics,
            outcome.get("asked_specs", []),
            bool(outcome.get("asks_price")),
        )
        if cut and not found:
            found = cut_short(text, facts)
        return found + _copies(text, state, facts)


def _copies(text: str, state: dict[str, Any], facts: list[Record], share: float = 0.0) -> list[Violation]:
    """The last answer or the customer's own message said again (``share``: of the message)."""
    copied = repeats_previous(text, _previous_answer(state), fact_lines(facts))
    return copied + echoes_message(text, _customer_message(state), share)


def _customer_message(state: dict[str, Any]) -> str:
    return next((m.text for m in reversed(state.get("messages", [])) if isinstance(m, HumanMessage)), "")


def _previous_answer(state: dict[str, Any]) -> str:
    """The last answer the customer read (tool-calling steps of this turn are not answers)."""
    for message in reversed(state.get("messages", [])):
        if isinstance(message, AIMessage) and not message.tool_calls and message.text:
            return message.text
    return ""
