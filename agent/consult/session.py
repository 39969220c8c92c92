"""The consultation agent and one object to talk to it: ``Consultant.turn``."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from langchain.agents import create_agent
from langchain_core.messages import AIMessage, AIMessageChunk, HumanMessage
from langgraph.types import Checkpointer

from agent.consult.caller import CallerContext
from agent.consult.deps import ConsultDeps
from agent.consult.gate import StreamGate, TokenSink
from agent.consult.messages import MODEL_WORDS
from agent.consult.middleware import ConsultationMiddleware
from agent.consult.outcome import Outcome
from agent.consult.search_terms import SearchTermTranslator
from agent.consult.state import Role
from agent.consult.tools import make_tools
from agent.llm.factory import ChatModelChoice
from agent.settings import Settings

# (graph node, its state update): lets a UI show the intent and records before the answer streams.
UpdateSink = Callable[[str, dict[str, Any]], Awaitable[None]]


@dataclass
class Exchange:
    message: str
    answer: str
    outcome: Outcome
    latency_ms: float
    records: list[dict[str, Any]] = field(default_factory=list)
    tools: list[str] = field(default_factory=list)
    model_words: str = ""  # what of the answer the model wrote (rendered and checked); "" when code wrote it

    # The outcome's fields most callers read.
    @property
    def intent(self) -> str:
        return self.outcome.intent

    @property
    def citations(self) -> list[str]:
        return self.outcome.citations

    @property
    def actions(self) -> list[dict[str, Any]]:
        return self.outcome.actions

    @property
    def ending(self) -> str | None:
        return self.outcome.ending

    def transcript(self) -> dict[str, Any]:
        """The fields ``python -m agent.chat --script`` prints for each turn."""
        o = self.outcome
        return {
            "message": self.message, "answer": self.answer, "acts": o.acts, "intent": o.intent, "stage": o.stage,
            "citations": o.citations, "ending": o.ending, "violations": o.violations, "latency_ms": self.latency_ms,
        }  # fmt: skip


def build_graph(deps: ConsultDeps, choice: ChatModelChoice, checkpointer: Checkpointer) -> Any:
    """A LangChain 1.x agent: tools only for models that can call them, the rest in middleware."""
    return create_agent(
        choice.model,
        make_tools(deps) if choice.calls_tools else [],
        middleware=[
            ConsultationMiddleware(
                deps, choice.calls_tools, search_translator(deps.settings, choice), grammar=choice.grammar
            )
        ],
        context_schema=CallerContext,
        checkpointer=checkpointer,
        name="sales_consultant",
    )


def search_translator(settings: Settings, choice: ChatModelChoice) -> SearchTermTranslator | None:
    wanted = settings.search_translation
    if wanted == "off":
        return None
    # The fake knows no words: the dictionary alone. Short: a translation that does not come in
    # seconds is not worth waiting for.
    model = None if wanted == "auto" and choice.spec == "fake" else choice.model
    return SearchTermTranslator(model, min(10.0, settings.llm_timeout_s))


class Consultant:
    def __init__(self, graph: Any, deps: ConsultDeps) -> None:
        self.graph = graph
        self.deps = deps

    async def answer(
        self,
        thread_id: str,
        message: str,
        role: Role = Role.CUSTOMER,
        on_token: TokenSink | None = None,
        on_update: UpdateSink | None = None,
    ) -> Exchange:
        """Run one turn; ``on_token`` receives the model's answer as it comes, a checked sentence at
        a time (``StreamGate``); when the answer was replaced, the final one is only in
        ``Exchange.answer``."""
        started = time.perf_counter()
        config: Any = {"configurable": {"thread_id": thread_id}}
        tools: list[str] = []
        gate = StreamGate(on_token)
        stream = self.graph.astream(
            {"messages": [HumanMessage(message)]},
            config,
            context=CallerContext(role=role, gate=gate),
            stream_mode=["messages", "updates"],
            # One checkpoint per outcome, written when the turn ends: a server killed midway leaves the
            # conversation as it was before it, and there is no write per graph step.
            durability="exit",
        )
        async for mode, chunk in stream:
            if mode == "messages":
                token, meta = chunk
                from_model = isinstance(token, AIMessageChunk) and meta.get("langgraph_node") == "model"
                if from_model and token.text:
                    await gate.add(token.text)
            elif mode == "updates":
                if "tools" in chunk:
                    tools += [m.name for m in chunk["tools"].get("messages", []) if getattr(m, "name", None)]
                if on_update:
                    for node, update in chunk.items():
                        await on_update(node, update or {})
        values = (await self.graph.aget_state(config)).values
        outcome = Outcome.from_state(values.get("outcome"))
        final = next(m for m in reversed(values["messages"]) if isinstance(m, AIMessage))
        answer = final.text
        await gate.finish(answer)
        result = Exchange(
            message=message,
            answer=answer,
            outcome=outcome,
            latency_ms=round((time.perf_counter() - started) * 1000, 1),
            records=values.get("records", []),
            tools=tools,
            model_words=str(final.response_metadata.get(MODEL_WORDS, answer)),
        )
        products = [{"id": r["id"], "name": r["name"]} for r in result.records if r.get("kind") == "product"]
        # The turn is committed (its checkpoint is stored): now its leads and handoffs count.
        await asyncio.to_thread(self.deps.ledger.record_actions, thread_id, result.actions)
        # A thread: the insert waits on SQLite's commit, which would stall every other conversation.
        await asyncio.to_thread(
            self.deps.ledger.add_turn,
            thread_id,
            role.value,
            outcome.intent,
            outcome.confidence,
            outcome.language,
            products,
        )
        return result
