"""The consultation end to end with a scripted model: what the customer reads, what is stored."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from langchain_core.messages import AIMessage, BaseMessage, ToolMessage

from agent.consult.builder import open_consultant
from agent.consult.deps import ConsultDeps
from agent.consult.session import Consultant
from agent.consult.state import Role
from agent.llm.factory import ChatModelChoice
from agent.llm.fake import ScriptedChatModel
from tests.consult.conftest import OpenConsultant
from tests.consult.test_gate import Reader

EMAIL = "li@example.com"


def _system(call: list[BaseMessage]) -> str:
    return next(m.text for m in call if m.type == "system")


@asynccontextmanager
async def _pipeline(deps: ConsultDeps, model: ScriptedChatModel) -> AsyncIterator[Consultant]:
    """The fixed pipeline of the local engine: references, and a grammar sent with each answer."""
    choice = ChatModelChoice("fake", model, calls_tools=False, grammar=True)
    async with open_consultant(deps.settings, deps, choice) as consultant:
        yield consultant


async def test_a_capable_model_calls_a_tool_and_its_answer_cites_the_record(
    open_with: OpenConsultant,
) -> None:
    def answer_from_tool(messages: list[BaseMessage]) -> str:
        assert "Voltix AirBook 13" in next(m for m in reversed(messages) if isinstance(m, ToolMessage)).text
        return "The Voltix AirBook 13 is $899.00."

    call = {"name": "get_product", "args": {"product_id": "LAP-001"}, "id": "call-1"}
    model = ScriptedChatModel(script=[AIMessage(content="", tool_calls=[call]), answer_from_tool])
    async with open_with(model) as consultant:
        result = await consultant.answer("t-tool", "How much is product LAP-001 exactly?")
    assert result.tools == ["get_product"]
    assert result.answer == "The Voltix AirBook 13 is $899.00." and result.ending == "as_written"
    assert "LAP-001" in result.citations


async def test_staff_tools_are_hidden_from_customers_and_refused_if_called(
    open_with: OpenConsultant, deps: ConsultDeps
) -> None:
    call = {"name": "draft_sales_message", "args": {"customer": "x", "product_ids": ["LAP-001"]}, "id": "c1"}
    tool_results: list[str] = []

    def reply(messages: list[BaseMessage]) -> str:
        tool_results.append(next(m for m in reversed(messages) if isinstance(m, ToolMessage)).text)
        return "The Voltix AirBook 13 is $899.00."

    model = ScriptedChatModel(script=[AIMessage(content="", tool_calls=[call]), reply])
    async with open_with(model) as consultant:
        await consultant.answer("t-staff-tool", "Show me laptops for students")
    assert "draft_sales_message" not in model.bound_tools and "search_catalog" in model.bound_tools
    assert tool_results == ["Refused: this tool is for staff only."]
    assert deps.counters["refused_tool_calls"] == 1
    staff_model = ScriptedChatModel(script=["ok"])
    async with open_with(staff_model) as consultant:
        await consultant.answer("t-staff-2", "Show me laptops for students", Role.SALESPERSON)
    assert "draft_sales_message" in staff_model.bound_tools


async def test_a_wrong_price_never_reaches_the_customer_and_the_true_sentences_do(
    open_with: OpenConsultant,
) -> None:
    wrong = "The Voltix AirBook 13 is a thin and light ultrabook. Today it is only $1.00 for you!"
    reader = Reader()
    async with open_with(ScriptedChatModel(script=[wrong])) as consultant:
        result = await consultant.answer("t-price", "How much is the Voltix AirBook 13?", on_token=reader)
    assert "$1.00" not in result.answer and "$1.00" not in "".join(reader.seen)
    assert result.answer.startswith("The Voltix AirBook 13 is a thin and light ultrabook.")
    assert result.ending in ("trimmed", "completed")
    assert any(v.startswith("wrong_amount") for v in result.outcome.violations)


async def test_the_pipeline_renders_references_from_the_records_under_a_grammar(deps: ConsultDeps) -> None:
    model = ScriptedChatModel(script=["[[p1]] costs [[p1.price]] and weighs [[p1.spec:Weight]]."])
    async with _pipeline(deps, model) as consultant:
        result = await consultant.answer("t-refs", "Tell me about the Voltix AirBook 13")
    assert result.answer == "Voltix AirBook 13 costs $899.00 and weighs 1.2 kg."
    grammar = model.grammars[0] or ""
    assert '"[[p1.price]]"' in grammar and "0-9" in grammar  # references only, no digit of its own
    assert "[[p1.price]] = $899.00" in _system(model.calls[0])  # the model reads the values it refers to


async def test_a_false_relation_between_references_is_held_back(deps: ConsultDeps) -> None:
    script = ["[[p1]] is cheaper than [[p2]]. [[p1]] costs [[p1.price]]."]
    async with _pipeline(deps, ScriptedChatModel(script=script)) as consultant:
        result = await consultant.answer("t-rel", "Voltix AirBook 13 or Kestrel Scout 14, which is cheaper?")
    assert "cheaper than" not in result.answer  # the AirBook ($899) is the dearer one
    assert "Voltix AirBook 13 costs $899.00." in result.answer
    assert any(v.startswith("false_relation") for v in result.outcome.violations)


async def test_an_invented_feature_or_free_extra_is_held_back_in_any_language(
    open_with: OpenConsultant,
) -> None:
    script = [
        "The Voltix AirBook 13 costs $899.00. It is waterproof and comes with a free mouse.",
        "El Voltix AirBook 13 cuesta $899.00. Incluye Microsoft Office gratis.",
    ]
    async with open_with(ScriptedChatModel(script=script)) as consultant:
        english = await consultant.answer("t-feat", "Tell me about the Voltix AirBook 13")
        spanish = await consultant.answer("t-feat-es", "¿Qué me puede decir del Voltix AirBook 13?")
    assert "waterproof" not in english.answer and "mouse" not in english.answer
    assert "Microsoft" not in spanish.answer and "gratis" not in spanish.answer


async def test_llm_down_shows_the_turns_facts_and_the_conversation_goes_on(open_with: OpenConsultant) -> None:
    model = ScriptedChatModel(script=[ConnectionError("connection refused"), "Happy to help!"])
    async with open_with(model) as consultant:
        down = await consultant.answer("t-down", "Do you have noise cancelling headphones?")
        assert down.answer.startswith("Our assistant is having trouble answering right now")
        assert "Nimbus Quiet 700" in down.answer and down.ending == "llm_error"
        again = await consultant.answer("t-down", "thanks!")
    assert again.answer == "Happy to help!"


async def test_handoff_and_repeated_complaint_create_records(
    open_with: OpenConsultant, deps: ConsultDeps
) -> None:
    async with open_with(ScriptedChatModel(script=["We are sorry to hear that."] * 3)) as consultant:
        result = await consultant.answer("t-human", "Can I talk to a real person please?")
        assert "request H-" in result.answer and deps.ledger.handoffs("t-human")[0]["reason"]
        await consultant.answer("t-complaint", "My order arrived broken, this is terrible")
        assert deps.ledger.handoffs("t-complaint") == []
        second = await consultant.answer("t-complaint", "And your delivery guy was rude, I am very unhappy")
    assert second.actions and second.actions[0]["type"] == "handoff"
    assert [h["reason"] for h in deps.ledger.handoffs("t-complaint")] == ["repeated complaint"]


async def test_a_budget_is_never_read_as_a_quantity(deps: ConsultDeps) -> None:
    """ "预算500块以内" then "就要第一个吧": one watch, the first shown, never 500 of them."""
    async with _pipeline(deps, ScriptedChatModel()) as consultant:
        shown = await consultant.answer("t-watch", "预算500块以内，想买个智能手表")
        done = await consultant.answer("t-watch", f"就要第一个吧，邮箱 {EMAIL}")
    [lead] = deps.ledger.leads("t-watch")
    assert lead["items"][0]["quantity"] == 1
    assert lead["items"][0]["product_id"] == shown.citations[0] and lead["id"] in done.answer


async def test_the_quantity_the_customer_states_is_ordered(deps: ConsultDeps) -> None:
    async with _pipeline(deps, ScriptedChatModel()) as consultant:
        await consultant.answer("t-three", "Tell me about the Lumio Smart Plug (2-pack)")
        await consultant.answer("t-three", f"我要三个，邮箱 {EMAIL}")
    [lead] = deps.ledger.leads("t-three")
    assert lead["items"][0] == {
        "product_id": "SMH-006",
        "name": "Lumio Smart Plug (2-pack)",
        "quantity": 3,
        "unit_price": 24.0,
    }


async def test_the_second_one_is_the_second_product_the_customer_was_shown(deps: ConsultDeps) -> None:
    async with _pipeline(deps, ScriptedChatModel()) as consultant:
        first = await consultant.answer("t-second", "I need headphones under $200")
        second = await consultant.answer("t-second", "Tell me more about the second one")
    assert len(first.citations) >= 2
    assert [r["id"] for r in second.records if r["kind"] == "product"] == [first.citations[1]]


async def test_a_follow_up_naming_no_product_is_about_the_one_under_discussion(deps: ConsultDeps) -> None:
    async with _pipeline(deps, ScriptedChatModel()) as consultant:
        await consultant.answer("t-follow", "Tell me about the Aurora A54")
        follow = await consultant.answer("t-follow", "Is it waterproof?")
    assert [r["id"] for r in follow.records if r["kind"] == "product"] == ["PHN-003"]


async def test_out_of_scope_gets_a_polite_redirect_without_a_model_call(open_with: OpenConsultant) -> None:
    model = ScriptedChatModel(script=["should never be called"])
    async with open_with(model) as consultant:
        result = await consultant.answer("t-oos", "What's the weather like in Paris tomorrow?")
    assert "I can only help with" in result.answer and model.calls == []


async def test_memory_survives_a_restart(open_with: OpenConsultant) -> None:
    async with open_with(ScriptedChatModel(script=["Noted!"])) as consultant:
        await consultant.answer("t-memory", "I'm looking for a gaming laptop under $1600")
    model = ScriptedChatModel(script=["Here you go."])
    async with open_with(model) as consultant:  # a new process reading the same conversation store
        result = await consultant.answer("t-memory", "what do you have?")
    assert "under 1600" in _system(model.calls[0])
    assert all(r["price"] <= 1600 for r in result.records if r["kind"] == "product")


async def test_long_conversations_send_a_bounded_prompt(open_with: OpenConsultant, deps: ConsultDeps) -> None:
    model = ScriptedChatModel()
    async with open_with(model) as consultant:
        for n in range(8):
            await consultant.answer("t-long", f"Do you have headphones? question {n}")
    assert len(model.calls[-1]) <= deps.settings.history_messages + 1  # + the system message


async def test_tool_leads_are_stored_when_the_turn_is_committed_and_not_when_it_fails(
    open_with: OpenConsultant, deps: ConsultDeps
) -> None:
    def lead_call(call_id: str) -> AIMessage:
        args = {"product_id": "LAP-001", "quantity": 1, "email": EMAIL}
        return AIMessage(content="", tool_calls=[{"name": "capture_lead", "args": args, "id": call_id}])

    def confirm(messages: list[BaseMessage]) -> str:
        return f"{next(m for m in reversed(messages) if isinstance(m, ToolMessage)).text} We will email you."

    failing = ScriptedChatModel(
        script=[lead_call("c-1"), RuntimeError("connection reset"), RuntimeError("x")]
    )
    async with open_with(failing) as consultant:
        await consultant.answer("t-tool-lead", "Tell me more about LAP-001")
    assert deps.ledger.leads("t-tool-lead") == []
    async with open_with(ScriptedChatModel(script=[lead_call("c-2"), confirm])) as consultant:
        done = await consultant.answer("t-tool-lead", "Tell me more about LAP-001")
    [lead] = deps.ledger.leads("t-tool-lead")
    assert lead["id"] in done.answer  # the id the tool issued is relayed whole, never read as a figure
    assert lead["items"][0]["product_id"] == "LAP-001" and lead["contact"] == {"email": EMAIL}


async def test_a_reader_sees_the_checked_sentences_as_they_come(open_with: OpenConsultant) -> None:
    right = "The Voltix AirBook 13 is $899.00. It is in stock."
    reader = Reader()
    async with open_with(ScriptedChatModel(script=[right])) as consultant:
        result = await consultant.answer("t-stream", "How much is the Voltix AirBook 13?", on_token=reader)
    assert result.answer == right and "".join(reader.seen) == right and len(reader.seen) >= 2
