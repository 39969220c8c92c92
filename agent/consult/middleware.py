"""The consultation as LangChain agent middleware.

``abefore_agent`` runs the fixed steps of a turn in code (intent tool, profile, stage, retrieval,
handoff and lead records) and may answer on its own. ``awrap_model_call`` gives the model its
persona, rules and facts, hides staff tools from customers, and validates the final answer: an
incomplete one is completed from the records, a wrong one is regenerated once naming the violation,
then replaced by a deterministic answer from the records. While the model writes, the caller's
``StreamGate`` lets out only sentences that pass the same grounding rules (``AnswerChecks``).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

from langchain.agents.middleware import (
    AgentMiddleware,
    ExtendedModelResponse,
    ModelRequest,
    ModelResponse,
    ToolCallRequest,
    hook_config,
)
from langchain_core.messages import AIMessage, SystemMessage, ToolMessage
from langgraph.config import get_config
from langgraph.runtime import Runtime
from langgraph.types import Command

from agent.consult.answer_checks import AnswerChecks
from agent.consult.caller import CallerContext, caller_gate, caller_role
from agent.consult.closing_lines import with_closing_lines
from agent.consult.completion import completed_answer, records_reply
from agent.consult.deps import ConsultDeps
from agent.consult.messages import (
    answer_text,
    as_small_model_sees,
    final_message,
    last_human,
    model_words,
    stored_answer,
    tool_records,
    trim,
    was_cut,
)
from agent.consult.planner import IncomingMessage, plan_reply, turn_language
from agent.consult.prompting import answer_limit, system_prompt
from agent.consult.records import Record, citations, source_labels
from agent.consult.requests import shops
from agent.consult.search_terms import SearchTermTranslator, needs_translation
from agent.consult.state import ConsultState
from agent.consult.tools import STAFF_TOOLS
from agent.consult.turn_update import answer_update, plan_update
from agent.consult.validator import Violation
from agent.llm.checks import log_failure
from agent.llm.deadline import StoppedEarly, within_deadline
from agent.prompts import load_localized, load_prompt

log = logging.getLogger(__name__)
# Messages whose answer searches no product: nothing to translate.
_NOT_ABOUT_PRODUCTS = frozenset({"human_handoff", "purchase", "complaint", "chitchat"})


class ConsultationMiddleware(AgentMiddleware[ConsultState, CallerContext]):
    state_schema = ConsultState

    def __init__(
        self, deps: ConsultDeps, calls_tools: bool, translator: SearchTermTranslator | None = None
    ) -> None:
        super().__init__()
        self.deps = deps
        self.calls_tools = calls_tools
        self.translator = translator
        self.checks = AnswerChecks(deps)

    @hook_config(can_jump_to=["end"])
    async def abefore_agent(
        self, state: ConsultState, runtime: Runtime[CallerContext]
    ) -> dict[str, Any] | None:
        messages = state["messages"]
        message = messages[last_human(messages)].text if last_human(messages) >= 0 else ""
        intent = await self.deps.intent_tool.ainvoke({"message": message})
        synonyms = self.deps.synonyms.expand(message, self.deps.retriever.keyword.knows)
        inputs = IncomingMessage(
            message=message,
            thread_id=str(get_config()["configurable"].get("thread_id", "")),
            role=caller_role(runtime),
            intent=str(intent["intent"]),
            confidence=float(intent["confidence"]),
            state=dict(state),
            search_terms=await self._search_terms(message, str(intent["intent"]), state, synonyms.rest),
            synonym_words=" ".join(synonyms.words),
        )
        settings = self.deps.settings
        plan = await asyncio.to_thread(
            plan_reply, inputs, self.deps.retriever, settings.shop_name, settings.retrieval_k
        )
        update = plan_update(state, plan, message, self.deps.retriever.spec_keys)
        if plan.reply is not None:  # decided in code: no LLM call this turn
            update["messages"] = [stored_answer(plan.reply, "")]
            update["outcome"] |= {
                "grounded": True,
                "citations": citations(plan.records),
                "sources": source_labels(plan.records),
            }
            update["jump_to"] = "end"
        return update

    async def _search_terms(
        self, message: str, intent: str, state: ConsultState, unmatched: str
    ) -> str | None:
        """The English catalog's words for a Chinese request about products: None when no
        translation is needed, "" when one was and no catalog word was found."""
        retriever = self.deps.retriever
        about_products = intent not in _NOT_ABOUT_PRODUCTS or shops(message)
        language = turn_language(message, dict(state))
        if self.translator is None or not about_products:
            return None
        if not needs_translation(language, retriever.catalog_language):
            return None
        return await self.translator(message, retriever.keyword.knows, unmatched)

    async def awrap_model_call(
        self,
        request: ModelRequest[CallerContext],
        handler: Callable[[ModelRequest[CallerContext]], Awaitable[ModelResponse]],
    ) -> ModelResponse | ExtendedModelResponse:
        state: dict[str, Any] = dict(request.state)
        role = caller_role(request.runtime)
        outcome = dict(state.get("outcome", {}))
        # A tool may fetch a record the turn already has: each fact counts once (two copies of one
        # product would read as a comparison).
        facts = list(
            {r["id"]: r for r in [*state.get("records", []), *tool_records(request.messages)]}.values()
        )
        system = system_prompt(self.deps.settings, state, facts)
        tools = [t for t in request.tools if role.is_staff or getattr(t, "name", "") not in STAFF_TOOLS]
        # Small models on the fixed pipeline copy old answers: they see a shorter window.
        settings = self.deps.settings
        history = settings.history_messages if self.calls_tools else settings.pipeline_history_messages
        window = trim(request.messages, history)
        request = request.override(
            system_message=SystemMessage(system),
            messages=window if self.calls_tools else as_small_model_sees(window),
            tools=tools if self.calls_tools else [],
            model_settings={**request.model_settings, **answer_limit(settings, facts, self.calls_tools)},
        )
        language = outcome.get("language", "en")
        allowed = self.checks.seen_records(state) + facts
        if (gate := caller_gate(request.runtime)) is not None:  # the reader sees only checked sentences
            judged: dict[str, list[Violation]] = {}  # each prefix is checked once for both questions

            def streamed(shown: str) -> list[Violation]:
                if shown not in judged:
                    judged[shown] = self.checks.streamed(shown, allowed, state, facts, role)
                return judged[shown]

            gate.arm(
                lambda shown: not streamed(shown),
                # A prefix the validator will replace whatever follows: stop waiting for the rest.
                lambda shown: bool(self.checks.beyond_mending(shown, streamed(shown), state, facts)),
            )
        started = time.monotonic()
        try:
            # A gate closed by an earlier step of this turn (tool calls) no longer judges this one.
            stop = gate.stopped if gate is not None and not gate.closed else None
            first = final_message(await self._call(handler, request, stop))
        except StoppedEarly:
            first = AIMessage(content=gate.stop_text if gate else "")
            self.deps.counters["stopped_early"] += 1
        except Exception as exc:  # the LLM is down: the turn's facts are still worth showing
            log_failure(exc)  # a wrong key or model is an error for an operator, else an outage
            listing = records_reply(outcome, facts, settings.shop_name)
            text = load_localized("reply_llm_down", language) + "\n\n" + listing
            return self._finish(state, outcome, text, facts, allowed, [], "llm_error")
        if first.tool_calls:
            return ModelResponse(result=[first])
        answer = self.checks.mended(answer_text(first), role)
        violations = self.checks.whole(answer, allowed, state, facts, role, cut=was_cut(first))
        text, fallback = answer, None
        if violations:
            log.warning("grounding violations: %s", "; ".join(map(str, violations)))
            log.debug("the answer held back: %r", answer[:400])
            self.deps.counters["violations"] += len(violations)
            # The completion's list, or the fallback.
            listing = records_reply(outcome, facts, settings.shop_name)
            policies = records_reply(outcome, facts, settings.shop_name, with_products=False)
            if (done := completed_answer(answer, violations, facts, language, listing, policies)) is not None:
                text, fallback = done, "completed"  # right but incomplete: no second generation
            elif time.monotonic() - started > settings.llm_regenerate_within_s or any(
                v.kind == "repeated" for v in violations
            ):
                # A second generation would double a wait that is already long, or copy the last
                # answer again (small models do): the records now.
                text, fallback = listing, "records"
            else:
                retry = (
                    system + "\n\n" + load_prompt("regenerate", violations="; ".join(map(str, violations)))
                )
                if gate is not None:
                    gate.close()  # the second answer would be appended to the first on screen
                try:
                    second = final_message(
                        await self._call(handler, request.override(system_message=SystemMessage(retry)))
                    )
                    text, fallback = self.checks.mended(answer_text(second), role), "regenerated"
                    if second.tool_calls or self.checks.whole(text, allowed, state, facts, role):
                        text, fallback = listing, "records"
                except Exception as exc:
                    log.warning("LLM regeneration failed: %s", exc)
                    text, fallback = listing, "records"
        said = model_words(text, answer, fallback)
        text = with_closing_lines(text, outcome, facts, language)
        return self._finish(state, outcome, text, facts, allowed, violations, fallback, said)

    async def _call(
        self,
        handler: Callable[[ModelRequest[CallerContext]], Awaitable[ModelResponse]],
        request: ModelRequest[CallerContext],
        stop: asyncio.Event | None = None,
    ) -> ModelResponse:
        """The model call with one deadline over all its tries: whatever stalls in the generation
        path (a stream that never ends, a dead worker), the turn ends with the outage answer.
        ``stop`` ends it early (``StoppedEarly``)."""
        settings = self.deps.settings
        # Each try gets the timeout; the client's backoff between tries stays under 2 s each.
        deadline = settings.llm_timeout_s * (settings.llm_max_retries + 1) + 2.0 * settings.llm_max_retries
        return await within_deadline(handler(request), deadline, stop)

    def _finish(
        self,
        state: dict[str, Any],
        outcome: dict[str, Any],
        text: str,
        facts: list[Record],
        allowed: list[Record],
        violations: list[Violation],
        fallback: str | None,
        said: str = "",
    ) -> ExtendedModelResponse:
        # LLM text reaching here already passed the validator, or was replaced by the records
        # answer; only the outage message (built from the records) is checked here.
        grounded = fallback != "llm_error" or not self.checks.grounding(text, allowed, state)
        update = answer_update(state, outcome, text, facts, [str(v) for v in violations], fallback, grounded)
        return ExtendedModelResponse(
            ModelResponse(result=[stored_answer(text, said)]), Command(update=update)
        )

    async def awrap_tool_call(
        self, request: ToolCallRequest, handler: Callable[[ToolCallRequest], Awaitable[ToolMessage | Command]]
    ) -> ToolMessage | Command:
        # Checked again here, not only hidden from the model: a model may still name any tool.
        if request.tool_call["name"] in STAFF_TOOLS and not caller_role(request.runtime).is_staff:
            self.deps.counters["refused_tool_calls"] += 1
            return ToolMessage(
                content="Refused: this tool is for staff only.",
                tool_call_id=request.tool_call["id"] or "",
                name=request.tool_call["name"],
                status="error",
            )
        return await handler(request)
