"""The consultation as LangChain agent middleware, in four stages a newcomer can name:

1. **parse** (``abefore_agent``): the joint model reads the message into a ``CustomerRequest``;
2. **plan**: code decides the products, records and actions of the turn, and may answer alone;
3. **render by reference** (``awrap_model_call``): the model writes its answer with references to
   the turn's records (on the local engine a grammar allows no other way to state a fact), and
   code renders each reference from the record;
4. **check**: every sentence is held to the records of the products it is about; one that does not
   hold never reaches the customer (``agent.answer``).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import Any

from langchain.agents.middleware import (
    AgentMiddleware,
    ExtendedModelResponse,
    ModelRequest,
    ModelResponse,
    ToolCallRequest,
    hook_config,
)
from langchain_core.messages import SystemMessage, ToolMessage
from langgraph.config import get_config
from langgraph.runtime import Runtime
from langgraph.types import Command

from agent.answer.compose import Composed, Ending, compose
from agent.answer.facts import TurnFacts
from agent.answer.grammar import answer_grammar
from agent.consult.caller import CallerContext, caller_gate, caller_role
from agent.consult.conversation import Conversation, Profile
from agent.consult.deps import ConsultDeps
from agent.consult.draft_shape import shaped_draft
from agent.consult.drafts import draft_frame, mark_draft
from agent.consult.fallback import answer_context, owed_handles, records_reply
from agent.consult.messages import (
    answer_text,
    as_small_model_sees,
    final_message,
    last_human,
    stored_answer,
    tool_records,
    trim,
)
from agent.consult.outcome import Outcome
from agent.consult.planner import IncomingMessage, plan_turn
from agent.consult.prompting import answer_limit, system_prompt
from agent.consult.quoted import with_quoted_names, without_quoted_names
from agent.consult.records import Record
from agent.consult.search_terms import SearchTermTranslator, needs_translation
from agent.consult.state import ConsultState
from agent.consult.tools import STAFF_TOOLS
from agent.consult.turn_update import answer_update, plan_update
from agent.llm.checks import log_failure
from agent.llm.deadline import within_deadline
from agent.prompts import load_localized
from agent.understand.request import PRODUCT_ACTS, CustomerRequest

log = logging.getLogger(__name__)


class ConsultationMiddleware(AgentMiddleware[ConsultState, CallerContext]):
    state_schema = ConsultState

    def __init__(
        self,
        deps: ConsultDeps,
        calls_tools: bool,
        translator: SearchTermTranslator | None = None,
        grammar: bool = False,
    ) -> None:
        super().__init__()
        self.deps = deps
        self.calls_tools = calls_tools
        self.translator = translator
        self.grammar = grammar  # the model's server takes a GBNF grammar (the local engine)

    @hook_config(can_jump_to=["end"])
    async def abefore_agent(
        self, state: ConsultState, runtime: Runtime[CallerContext]
    ) -> dict[str, Any] | None:
        messages = state["messages"]
        message = messages[last_human(messages)].text if last_human(messages) >= 0 else ""
        conversation = Conversation.from_state(state)
        # A name this catalog's customer quotes is read as a name, not as the words in it.
        readable, quoted = without_quoted_names(
            message, self.deps.catalog_names, self.deps.retriever.kind_names
        )
        parsed: CustomerRequest = await self.deps.request_tool.ainvoke(
            {"message": readable, "language": conversation.profile.language}
        )
        request = with_quoted_names(parsed, quoted, message)
        synonyms = self.deps.synonyms.expand(message, self.deps.retriever.keyword.knows)
        incoming = IncomingMessage(
            message=message,
            thread_id=str(get_config()["configurable"].get("thread_id", "")),
            role=caller_role(runtime),
            request=request,
            conversation=conversation,
            search_terms=await self._search_terms(request, synonyms.rest if synonyms.words else None),
            synonym_words=" ".join(synonyms.words),
        )
        settings = self.deps.settings
        plan = await asyncio.to_thread(
            plan_turn, incoming, self.deps.retriever, settings.shop_name, settings.retrieval_k
        )
        update = plan_update(state, plan)
        if plan.reply is not None:  # decided in code: no model call this turn
            update["messages"] = [stored_answer(plan.reply, "")]
            update["jump_to"] = "end"
        return update

    async def _search_terms(self, request: CustomerRequest, unmatched: str | None) -> str | None:
        """The catalog's words for a request about products written in another language than the
        catalog: None when none is needed, "" when none was found. ``unmatched``: the message with
        the shop's synonyms taken out (the shop's word wins over the dictionary's)."""
        retriever = self.deps.retriever
        if self.translator is None or not request.does(*PRODUCT_ACTS):
            return None
        if not needs_translation(request.language, retriever.catalog_language):
            return None
        return await self.translator(unmatched or request.need or request.text, retriever.keyword.knows)

    async def awrap_model_call(
        self,
        request: ModelRequest[CallerContext],
        handler: Callable[[ModelRequest[CallerContext]], Awaitable[ModelResponse]],
    ) -> ModelResponse | ExtendedModelResponse:
        state: dict[str, Any] = dict(request.state)
        role = caller_role(request.runtime)
        outcome = Outcome.from_state(state.get("outcome"))
        profile = Profile.from_state(state.get("profile"))
        # A tool may fetch a record the turn already has: each fact counts once.
        records = list(
            {r["id"]: r for r in [*state.get("records", []), *tool_records(request.messages)]}.values()
        )
        facts = TurnFacts.from_records(
            records,
            outcome.language,
            currency=self.deps.retriever.currency,
            budget=profile.budget,
            quantity=profile.quantity,
            said=tuple(Conversation.from_state(state).said),
        )
        references = not self.calls_tools
        settings = self.deps.settings
        draft = outcome.draft
        system = system_prompt(settings, state.get("stage"), profile, facts, records, references, draft)
        limit = answer_limit(settings, facts, self.calls_tools, draft=bool(draft))
        model_settings = {**request.model_settings, **limit}
        if references and self.grammar:
            model_settings["extra_body"] = {"grammar": answer_grammar(facts)}
        history = settings.history_messages if self.calls_tools else settings.pipeline_history_messages
        window = trim(request.messages, history)
        tools = [t for t in request.tools if role.is_staff or getattr(t, "name", "") not in STAFF_TOOLS]
        request = request.override(
            system_message=SystemMessage(system),
            messages=window if self.calls_tools else as_small_model_sees(window),
            tools=tools if self.calls_tools else [],
            model_settings=model_settings,
        )
        # The instructions without the facts: a reader may read the facts, never the rules.
        rules = system.split("<facts>")[0]
        context = replace(
            answer_context(state, outcome, self.deps.catalog_names, self.deps.catalog_kinds),
            instructions=rules,
            customer=not role.is_staff,
        )
        owed = [] if draft else owed_handles(outcome, facts)

        def composed_from(text: str) -> Composed:
            return compose(
                text,
                facts,
                context,
                lambda handles: records_reply(outcome, facts, records, handles, settings.shop_name),
                owed,
            )

        if (gate := caller_gate(request.runtime)) is not None:
            gate.arm(composed_from)
        try:
            first = final_message(await self._call(handler, request))
        except Exception as exc:  # the model is down: the turn's facts are still worth showing
            log_failure(exc)
            text = (
                load_localized("reply_llm_down", outcome.language)
                + "\n\n"
                + records_reply(outcome, facts, records, [], settings.shop_name)
            )
            return self._finish(state, outcome, records, Composed(text, Ending.LLM_ERROR))
        if first.tool_calls:
            return ModelResponse(result=[first])
        composed = composed_from(answer_text(first))
        if outcome.missing_topics:  # asked about, and no policy says: the customer is told so
            missing = load_localized(
                "reply_missing_topic", outcome.language, topics=", ".join(outcome.missing_topics)
            )
            composed.text, composed.ending = f"{composed.text}\n\n{missing}", Ending.COMPLETED
        if composed.violations:
            log.warning("held back: %s", "; ".join(map(str, composed.violations)))
            self.deps.counters["violations"] += len(composed.violations)
        if draft:  # never sent by itself: marked for a person's review, with the facts it rests on
            asked = request.messages[last_human(request.messages)].text if request.messages else ""
            frame = draft_frame(
                profile, records, composed.products, settings.shop_name, outcome.language, asked
            )
            composed.text = mark_draft(shaped_draft(draft, composed.text, frame), records, outcome.language)
        return self._finish(state, outcome, records, composed)

    async def _call(
        self,
        handler: Callable[[ModelRequest[CallerContext]], Awaitable[ModelResponse]],
        request: ModelRequest[CallerContext],
    ) -> ModelResponse:
        """The model call with one deadline over all its tries: whatever stalls in the generation
        path, the turn ends with the outage answer."""
        settings = self.deps.settings
        deadline = settings.llm_timeout_s * (settings.llm_max_retries + 1) + 2.0 * settings.llm_max_retries
        return await within_deadline(handler(request), deadline)

    def _finish(
        self, state: dict[str, Any], outcome: Outcome, records: list[Record], composed: Composed
    ) -> ExtendedModelResponse:
        outcome.violations = [str(v) for v in composed.violations]
        update = answer_update(state, outcome, records, composed.products, composed.ending.value)
        said = composed.model_text if composed.ending is not Ending.REPLACED else ""
        return ExtendedModelResponse(
            ModelResponse(result=[stored_answer(composed.text, said)]), Command(update=update)
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
