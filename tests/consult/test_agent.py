"""The consultation agent with a scripted LLM: everything decided in code is checked here."""

from __future__ import annotations

from langchain_core.messages import AIMessage, BaseMessage, ToolMessage

from agent.consult.deps import ConsultDeps
from agent.consult.records import Record
from agent.consult.state import Role
from agent.llm.fake import ScriptedChatModel, echo_facts
from tests.consult.conftest import OpenConsultant


def _system(call: list[BaseMessage]) -> str:
    return next(m.text for m in call if m.type == "system")


async def _products_found(open_with: OpenConsultant, message: str) -> list[Record]:
    """The products a turn finds for ``message`` (two or more): what a scripted answer may name."""
    async with open_with(ScriptedChatModel(), calls_tools=False) as consultant:
        found = await consultant.answer("t-found", message)
    products = [r for r in found.records if r["kind"] == "product"]
    assert len(products) >= 2
    return products


async def test_capable_model_calls_a_tool_and_the_answer_cites_its_record(open_with: OpenConsultant) -> None:
    def answer_from_tool(messages: list[BaseMessage]) -> str:
        tool_result = next(m for m in reversed(messages) if isinstance(m, ToolMessage))
        assert "Voltix AirBook 13" in tool_result.text
        return "The Voltix AirBook 13 is $899.00 [LAP-001]."

    call = {"name": "get_product", "args": {"product_id": "LAP-001"}, "id": "call-1"}
    model = ScriptedChatModel(script=[AIMessage(content="", tool_calls=[call]), answer_from_tool])
    async with open_with(model) as consultant:
        result = await consultant.answer("t-tool", "How much is product LAP-001 exactly?")
    assert result.tools == ["get_product"]
    assert result.answer == "The Voltix AirBook 13 is $899.00 [LAP-001]."
    assert result.grounded and result.violations == [] and "LAP-001" in result.citations


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
        result = await consultant.answer("t-staff-tool", "Show me laptops for students")
    assert "draft_sales_message" not in model.bound_tools and "search_catalog" in model.bound_tools
    assert tool_results == ["Refused: this tool is for staff only."]
    assert deps.counters["refused_tool_calls"] == 1 and "DRAFT" not in result.answer

    staff_model = ScriptedChatModel(script=["ok"])
    async with open_with(staff_model) as consultant:
        await consultant.answer("t-staff-2", "Show me laptops for students", Role.SALESPERSON)
    assert "draft_sales_message" in staff_model.bound_tools


async def test_a_refused_model_that_writes_the_staff_draft_itself_is_replaced_by_the_records(
    open_with: OpenConsultant,
) -> None:
    call = {"name": "draft_sales_message", "args": {"customer": "me", "product_ids": ["LAP-001"]}, "id": "c1"}
    draft = "DRAFT — here is your pitch for the Voltix AirBook 13 [LAP-001]."
    model = ScriptedChatModel(script=[AIMessage(content="", tool_calls=[call]), draft, draft])
    async with open_with(model) as consultant:
        result = await consultant.answer("t-draft", "Write me the sales pitch for LAP-001")
    assert "DRAFT" not in result.answer and "Voltix AirBook 13" in result.answer
    assert result.fallback == "records" and any("staff draft" in v for v in result.violations)


async def test_wrong_price_is_regenerated_once_with_the_violation_named(open_with: OpenConsultant) -> None:
    model = ScriptedChatModel(
        script=["The Voltix AirBook 13 is only $1.00 today!", "The Voltix AirBook 13 is $899.00."]
    )
    async with open_with(model) as consultant:
        result = await consultant.answer("t-regen", "How much is the Voltix AirBook 13 laptop?")
    assert "$1.00" in _system(model.calls[1]) and "broke the rules" in _system(model.calls[1])
    assert result.answer == "The Voltix AirBook 13 is $899.00."
    assert result.violations and result.violations[0].startswith("price:")
    assert result.grounded and result.fallback == "regenerated"


async def test_an_answer_naming_no_product_is_completed_without_a_second_generation(
    open_with: OpenConsultant,
) -> None:
    model = ScriptedChatModel(script=["Yes, the cheapest is $899.00.", "never asked for"])
    async with open_with(model) as consultant:
        result = await consultant.answer("t-complete", "Do you have a light laptop for travel?")
    assert len(model.calls) == 1
    assert result.answer.startswith("Yes, the cheapest is $899.00.")
    assert "From our catalog:" in result.answer and "Voltix AirBook 13" in result.answer
    assert result.grounded and result.generated and result.fallback == "completed"
    assert result.violations and result.violations[0].startswith("unhelpful:")


async def test_repeated_violation_falls_back_to_the_records(
    open_with: OpenConsultant, deps: ConsultDeps
) -> None:
    model = ScriptedChatModel(script=["Voltix AirBook 15 for $5!", "Still $5, trust me, Voltix AirBook 15."])
    async with open_with(model) as consultant:
        result = await consultant.answer("t-fallback", "I need a light laptop for university under $1000")
    assert result.fallback == "records" and result.grounded
    assert "AirBook 15" not in result.answer and "From our catalog:" in result.answer
    for record in result.records:  # the budget became a price filter
        assert record["kind"] != "product" or record["price"] <= 1000
        assert record["kind"] != "product" or f"[{record['id']}]" in result.answer
    assert deps.counters["violations"] >= 2


async def test_llm_down_shows_the_turns_facts_and_the_conversation_goes_on(open_with: OpenConsultant) -> None:
    model = ScriptedChatModel(script=[ConnectionError("connection refused"), "Happy to help!"])
    async with open_with(model) as consultant:
        down = await consultant.answer("t-down", "Do you have noise cancelling headphones?")
        assert down.answer.startswith("Our assistant is having trouble answering right now")
        assert "[AUD-" in down.answer and down.fallback == "llm_error"
        again = await consultant.answer("t-down", "thanks!")
    assert again.answer == "Happy to help!"


async def test_handoff_and_repeated_complaint_create_records(
    open_with: OpenConsultant, deps: ConsultDeps
) -> None:
    async with open_with(ScriptedChatModel(script=["We are sorry to hear that."] * 3)) as consultant:
        result = await consultant.answer("t-handoff", "I want to talk to a real person, now.")
        assert result.intent == "human_handoff" and "request H-" in result.answer
        await consultant.answer("t-complaint", "My headphones arrived broken, this is unacceptable!")
        assert deps.ledger.handoffs("t-complaint") == []
        second = await consultant.answer("t-complaint", "Still broken and nobody helps me, I am very angry!")
    assert second.actions and second.actions[0]["type"] == "handoff"
    assert [h["reason"] for h in deps.ledger.handoffs("t-complaint")] == ["repeated complaint"]


async def test_purchase_collects_contact_then_records_a_lead(
    open_with: OpenConsultant, deps: ConsultDeps
) -> None:
    async with open_with(ScriptedChatModel()) as consultant:
        await consultant.answer("t-buy", "I need noise cancelling headphones under $200")
        ask = await consultant.answer("t-buy", "I want to buy 2 of the first one")
        assert "email address or phone number" in ask.answer and deps.ledger.leads("t-buy") == []
        done = await consultant.answer("t-buy", "Sure, I want to order it: my email is li@example.com")
    [lead] = deps.ledger.leads("t-buy")
    assert lead["contact"] == {"email": "li@example.com"} and lead["items"][0]["quantity"] == 2
    first_recommended = ask.records[0]
    assert lead["items"][0]["product_id"] == first_recommended["id"]
    assert lead["id"] in done.answer and first_recommended["name"] in done.answer


async def test_the_second_one_refers_to_the_earlier_recommendation(open_with: OpenConsultant) -> None:
    async with open_with(ScriptedChatModel()) as consultant:
        first = await consultant.answer("t-ref", "Recommend a monitor for office work")
        shown = [r["id"] for r in first.records if r["kind"] == "product"]
        second = await consultant.answer("t-ref", "tell me more about the second one")
    assert second.records[0]["id"] == shown[1]


async def test_the_second_one_after_a_one_product_answer_is_never_a_product_not_shown(
    open_with: OpenConsultant,
) -> None:
    def first_fact_only(messages: list[BaseMessage]) -> str:
        return echo_facts(messages).splitlines()[0]  # the model shows one of the products it got

    async with open_with(ScriptedChatModel(script=[first_fact_only])) as consultant:
        first = await consultant.answer("t-one", "Recommend a monitor for office work")
        handed = [r["id"] for r in first.records if r["kind"] == "product"]
        second = await consultant.answer("t-one", "tell me more about the second one")
    assert len(handed) >= 2 and first.citations == [handed[0]]
    assert [r["id"] for r in second.records if r["kind"] == "product"] == [handed[0]]


async def test_it_after_talking_about_the_second_one_orders_the_second(
    open_with: OpenConsultant, deps: ConsultDeps
) -> None:
    async with open_with(ScriptedChatModel()) as consultant:
        first = await consultant.answer("t-it", "I need noise cancelling headphones under $200")
        shown = [r for r in first.records if r["kind"] == "product"]
        await consultant.answer("t-it", "Tell me more about the second one")
        await consultant.answer("t-it", "Does it ship for free?")  # a policy question keeps the product
        done = await consultant.answer("t-it", "Great, I'll take it. My email is li@example.com")
    [lead] = deps.ledger.leads("t-it")
    assert lead["items"][0]["product_id"] == shown[1]["id"] and shown[1]["name"] in done.answer


async def test_out_of_scope_gets_a_polite_redirect_without_an_llm_call(open_with: OpenConsultant) -> None:
    model = ScriptedChatModel()
    async with open_with(model) as consultant:
        result = await consultant.answer("t-oos", "Write me a poem about the ocean")
        zh = await consultant.answer("t-oos-zh", "帮我写一首关于大海的诗")
    assert result.intent == "out_of_scope" and "I can only help with" in result.answer
    assert "抱歉" in zh.answer and model.calls == []


async def test_memory_survives_a_restart(open_with: OpenConsultant) -> None:
    async with open_with(ScriptedChatModel()) as consultant:
        await consultant.answer("t-restart", "I want a gaming laptop under $1600")
    model = ScriptedChatModel()
    async with open_with(model) as consultant:  # a new process would open the same SQLite file
        result = await consultant.answer("t-restart", "which one has the best screen?")
    assert "budget up to 1600" in _system(model.calls[0])
    assert any("gaming laptop" in m.text for m in model.calls[0])
    assert all(r["price"] <= 1600 for r in result.records if r["kind"] == "product")


async def test_staff_drafts_are_marked_and_list_their_facts(open_with: OpenConsultant) -> None:
    script = ["Dear Anna, the Voltix AirBook 13 at $899.00 suits your studies."] * 2
    async with open_with(ScriptedChatModel(script=list(script)), calls_tools=False) as consultant:
        staff = await consultant.answer(
            "t-draft", "Draft a follow-up email for a student about LAP-001", Role.SALESPERSON
        )
        customer = await consultant.answer("t-cust", "Draft a follow-up email for a student about LAP-001")
    assert staff.answer.startswith("**DRAFT for review") and "Facts used:" in staff.answer
    assert "[LAP-001] Voltix AirBook 13 — $899.00" in staff.answer
    assert "DRAFT" not in customer.answer


async def test_long_conversations_send_a_bounded_prompt(open_with: OpenConsultant) -> None:
    model = ScriptedChatModel()
    async with open_with(model) as consultant:
        for n in range(7):
            await consultant.answer("t-long", f"hello again, number {n}")
    assert len(model.calls[-1]) <= deps_history(consultant.deps) + 1  # + the system message


def deps_history(deps: ConsultDeps) -> int:
    return deps.settings.history_messages


async def test_tool_leads_are_stored_when_the_turn_is_committed_and_not_when_it_fails(
    open_with: OpenConsultant, deps: ConsultDeps
) -> None:
    def lead_call(call_id: str) -> AIMessage:
        args = {"product_id": "LAP-001", "quantity": 1, "email": "li@example.com"}
        return AIMessage(content="", tool_calls=[{"name": "capture_lead", "args": args, "id": call_id}])

    def confirm(messages: list[BaseMessage]) -> str:
        tool_result = next(m for m in reversed(messages) if isinstance(m, ToolMessage))
        return f"{tool_result.text} We will email you [LAP-001]."

    # The model records a lead, then fails before the customer sees any confirmation.
    failing = ScriptedChatModel(
        script=[lead_call("c-1"), RuntimeError("connection reset"), RuntimeError("x")]
    )
    async with open_with(failing) as consultant:
        await consultant.answer("t-tool-lead", "Tell me more about LAP-001")
    assert deps.ledger.leads("t-tool-lead") == []

    async with open_with(ScriptedChatModel(script=[lead_call("c-2"), confirm])) as consultant:
        done = await consultant.answer("t-tool-lead", "Tell me more about LAP-001")
    [lead] = deps.ledger.leads("t-tool-lead")
    assert lead["id"] in done.answer and lead["items"][0]["product_id"] == "LAP-001"
    assert lead["contact"] == {"email": "li@example.com"}
    deps.ledger.record_actions("t-tool-lead", done.actions)  # a retried commit writes nothing twice
    assert len(deps.ledger.leads("t-tool-lead")) == 1


async def test_a_tool_handoff_is_stored_with_the_contact_only_when_its_turn_succeeds(
    open_with: OpenConsultant, deps: ConsultDeps
) -> None:
    def handoff_call(call_id: str) -> AIMessage:
        call = {"name": "request_handoff", "args": {"reason": "wants a person"}, "id": call_id}
        return AIMessage(content="", tool_calls=[call])

    def relay(messages: list[BaseMessage]) -> str:
        ticket = next(m for m in reversed(messages) if isinstance(m, ToolMessage)).text
        return f"{ticket} Until then: the Voltix AirBook 13 [LAP-001] is $899.00."

    failing = ScriptedChatModel(script=[handoff_call("h-1"), RuntimeError("timeout"), RuntimeError("x")])
    async with open_with(failing) as consultant:
        await consultant.answer("t-tool-handoff", "Tell me more about LAP-001, I'm li@example.com")
    assert deps.ledger.handoffs("t-tool-handoff") == []
    async with open_with(ScriptedChatModel(script=[handoff_call("h-2"), relay])) as consultant:
        done = await consultant.answer("t-tool-handoff", "Tell me more about LAP-001")
    [ticket] = deps.ledger.handoffs("t-tool-handoff")
    assert ticket["id"] in done.answer and ticket["contact"].get("email") == "li@example.com"


async def test_the_reader_never_sees_the_sentence_the_validator_rejects(open_with: OpenConsultant) -> None:
    wrong = "The Voltix AirBook 13 is a light laptop. Today it is only $1.00 for you! Order now."
    model = ScriptedChatModel(script=[wrong, wrong])
    streamed: list[str] = []

    async def reader(text: str) -> None:
        streamed.append(text)

    async with open_with(model) as consultant:
        result = await consultant.answer(
            "t-gate", "How much is the Voltix AirBook 13 laptop?", on_token=reader
        )
    assert result.fallback == "records" and "$899.00" in result.answer
    assert "".join(streamed) == "The Voltix AirBook 13 is a light laptop."  # checked, then the gate shut

    right = "The Voltix AirBook 13 is $899.00. It is in stock."
    async with open_with(ScriptedChatModel(script=[right])) as consultant:
        streamed.clear()
        result = await consultant.answer(
            "t-gate-2", "How much is the Voltix AirBook 13 laptop?", on_token=reader
        )
    assert result.answer == right and "".join(streamed) == right


async def test_a_slow_rejected_answer_is_replaced_by_the_records_without_a_second_wait(
    open_with: OpenConsultant, deps: ConsultDeps
) -> None:
    deps.settings.llm_regenerate_within_s = 0.0  # every answer is "slow"
    model = ScriptedChatModel(script=["The Voltix AirBook 13 is only $1.00 today!", "never asked"])
    async with open_with(model) as consultant:
        result = await consultant.answer("t-slow", "How much is the Voltix AirBook 13 laptop?")
    assert len(model.calls) == 1 and result.fallback == "records" and "$899.00" in result.answer


async def test_an_answer_that_speaks_to_the_policy_question_lists_its_passage_as_a_source(
    open_with: OpenConsultant,
) -> None:
    answer = (
        "The Voltix AirBook 13 is $899.00 [LAP-001], and standard shipping is free on orders of $50 or more."
    )
    async with open_with(ScriptedChatModel(script=[answer]), calls_tools=False) as consultant:
        result = await consultant.answer(
            "t-sources", "How much is the Voltix AirBook 13, and does it ship for free?"
        )
    assert result.answer == answer and not result.fallback
    assert "LAP-001" in result.citations
    assert any(c.startswith("shipping") for c in result.citations), result.citations


async def test_an_answer_cut_at_the_token_limit_ends_at_its_last_whole_sentence(
    open_with: OpenConsultant,
) -> None:
    cut = AIMessage(
        content="The Voltix AirBook 13 is $899.00 [LAP-001]. It has a 15 h batt",
        response_metadata={"finish_reason": "length"},
    )
    async with open_with(ScriptedChatModel(script=[cut]), calls_tools=False) as consultant:
        result = await consultant.answer("t-cut", "How much is the Voltix AirBook 13 laptop?")
    assert result.answer == "The Voltix AirBook 13 is $899.00 [LAP-001]."


async def test_how_heavy_gets_the_weight_the_catalog_holds_not_just_a_price(
    open_with: OpenConsultant,
) -> None:
    model = ScriptedChatModel(
        script=["The Nimbus Quiet 700 is $349.00 [AUD-001].", "The Nimbus Quiet 700 is $349.00.", "never"]
    )
    async with open_with(model) as consultant:
        await consultant.answer("t-weight", "Tell me about the Nimbus Quiet 700")
        result = await consultant.answer("t-weight", "How heavy is it?")
    assert result.fallback == "completed" and "Weight: 250 g" in result.answer
    assert any("Weight" in v for v in result.violations)


async def test_how_heavy_about_a_product_without_a_weight_says_the_catalog_does_not_list_it(
    open_with: OpenConsultant,
) -> None:
    model = ScriptedChatModel(
        script=["The Nimbus Buds Pro is $199.00 [AUD-002].", "The Nimbus Buds Pro is $199.00.", "never"]
    )
    async with open_with(model) as consultant:
        await consultant.answer("t-no-weight", "Tell me about the Nimbus Buds Pro")
        result = await consultant.answer("t-no-weight", "How heavy is it?")
    assert result.answer.startswith("The Nimbus Buds Pro is $199.00.") and result.fallback is None
    assert "does not list the weight of Nimbus Buds Pro" in result.answer


async def test_a_made_up_weight_never_reaches_the_customer_who_hears_the_catalog_has_none(
    open_with: OpenConsultant,
) -> None:
    model = ScriptedChatModel(
        script=[
            "The Nimbus Buds Pro is $199.00 [AUD-002].",
            "The Nimbus Buds Pro weighs 50 g.",
            "It weighs about 45 grams.",
        ]
    )
    async with open_with(model) as consultant:
        await consultant.answer("t-made-up-weight", "Tell me about the Nimbus Buds Pro")
        result = await consultant.answer("t-made-up-weight", "How heavy is it?")
    assert result.fallback == "records" and "50 g" not in result.answer and "45" not in result.answer
    assert "does not list the weight of Nimbus Buds Pro" in result.answer
    assert any(v.startswith("spec: 50 g") for v in result.violations)


async def test_the_last_answer_copied_as_the_next_one_is_not_shown_again(open_with: OpenConsultant) -> None:
    first = (
        "The Nimbus Buds Pro is $199.00 [AUD-002]. They have active noise cancelling. They come with a case."
    )
    model = ScriptedChatModel(script=[first, first + " The weight is not listed.", "never generated"])
    async with open_with(model) as consultant:
        await consultant.answer("t-copy", "Tell me about the Nimbus Buds Pro")
        result = await consultant.answer("t-copy", "Do they have a warranty?")
    # No second generation: a small model that copied once copies again.
    assert result.fallback == "records" and not result.answer.startswith(first)
    assert "never generated" not in result.answer and len(model.calls) == 2
    assert any("repeats the previous" in v for v in result.violations)


async def test_a_customer_reads_no_talk_about_the_prompt(open_with: OpenConsultant) -> None:
    narrated = (
        "Based on the facts provided, the Nimbus Buds Pro is $199.00 [AUD-002]. "
        "The customer wants earbuds for the gym."
    )
    shown: list[str] = []

    async def on_token(token: str) -> None:
        shown.append(token)

    async with open_with(ScriptedChatModel(script=[narrated, "never"]), calls_tools=False) as consultant:
        result = await consultant.answer("t-narrated", "Tell me about the Nimbus Buds Pro", on_token=on_token)
    assert result.answer.startswith("The Nimbus Buds Pro is $199.00 [AUD-002].")
    assert "customer" not in result.answer and "facts" not in result.answer
    assert "".join(shown) == result.answer  # the mended answer, never the narrated one


async def test_a_small_model_sees_its_own_words_not_the_listing_code_added(open_with: OpenConsultant) -> None:
    # The 0.5B shown "From our catalog:\n- **...**" in its history gave that listing back as its
    # next answer, whatever was asked: rejected as a copy, then the records answer, seconds later.
    model = ScriptedChatModel(script=["Yes, we have laptops.", "The second one is light."])
    async with open_with(model, calls_tools=False) as consultant:
        first = await consultant.answer("t-history", "Do you have laptops?")
        await consultant.answer("t-history", "Tell me more about the second one")
    assert first.fallback == "completed" and "**" in first.answer  # the customer saw the listing
    # It named no product, so the listing replaced its words: the model sees an empty turn.
    earlier = [m.text for m in model.calls[1] if m.type == "ai"]
    assert earlier == [""], earlier


async def test_an_answer_cut_after_the_first_of_its_products_gets_the_others(
    open_with: OpenConsultant,
) -> None:
    # The 0.5B's list of smartwatches stopped at the length limit after the first one: the customer
    # saw one watch, and "the second one?" then pointed at a watch never shown.
    products = await _products_found(open_with, "Do you have laptops?")
    names, first = [p["name"] for p in products], products[0]
    cut = AIMessage(
        content=f"The {names[0]} [{first['id']}] is ${first['price']:,.2f} and light. The other one is",
        response_metadata={"finish_reason": "length"},
    )
    async with open_with(ScriptedChatModel(script=[cut]), calls_tools=False) as consultant:
        result = await consultant.answer("t-cut-list", "Do you have laptops?")
    assert result.fallback == "completed" and all(name in result.answer for name in names), result.answer


async def test_a_turn_that_found_several_products_gets_a_short_lead_then_every_product(
    open_with: OpenConsultant,
) -> None:
    # The small model's own list of three was the slowest part of a first turn (seconds of tokens
    # that code then replaced): it writes the lead within the list budget, code lists the products.
    products = await _products_found(open_with, "Do you have laptops under $1000?")
    best = products[0]
    lead = (
        f"The {best['name']} [{best['id']}] at ${best['price']:,.2f} suits your studies. You can "
        "compare the screens, the weight and the batteries below. Tell me which of these matters most "
        "to you, and I can narrow the choice down to one. I can also explain the differences between "
        "them in more detail if you want, or put two of them side by side. A bigger screen is nicer for "
        "long essays and slides, but it is heavier to carry, so think about how often you will take it "
        "with you during the day."
    )
    model = ScriptedChatModel(script=[lead, "It is light."])
    async with open_with(model, calls_tools=False) as consultant:
        result = await consultant.answer("t-lead", "Do you have laptops under $1000?")
        single = await consultant.answer("t-lead", "Tell me more about the second one")
    limit = consultant.deps.settings.llm_list_answer_tokens
    assert model.limits[0] == limit < 96  # shorter than an answer about one product may be
    assert result.answer.startswith(f"The {best['name']} [{best['id']}] at ${best['price']:,.2f}")
    assert "with you during the day" not in result.answer  # cut at the limit, at a whole sentence
    assert all(p["name"] in result.answer and f"${p['price']:,.2f}" in result.answer for p in products)
    assert len([r for r in single.records if r["kind"] == "product"]) == 1
    assert model.limits[1] is None  # one product: the model's usual answer length
