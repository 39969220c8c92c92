"""The answer layer on its own: references rendered from records, each sentence held to the records
of the products it is about, what fails left out (issue 41's kinds of false claims, and true ones
that must pass)."""

from __future__ import annotations

import pytest

from agent.answer.checks import Context
from agent.answer.compose import Composed, Ending, compose
from agent.answer.facts import TurnFacts
from agent.answer.grammar import answer_grammar
from agent.answer.scope import kind_words
from agent.language import language_without_names
from agent.understand.request import Bound, Budget

AIRBOOK = {"id": "LAP-001", "kind": "product", "name": "Voltix AirBook 13", "brand": "Voltix", "price": 899.0,
           "currency": "USD", "stock": 14, "category": "Laptops",
           "specs": "RAM: 16 GB; Weight: 1.2 kg; Battery: 15 h", "description": "Thin and light aluminium ultrabook."}  # fmt: skip
SCOUT = {"id": "LAP-004", "kind": "product", "name": "Kestrel Scout 14", "brand": "Kestrel", "price": 549.0,
         "currency": "USD", "stock": 25, "category": "Laptops",
         "specs": "RAM: 8 GB; Weight: 1.4 kg; Battery: 10 h", "description": "Affordable everyday laptop."}  # fmt: skip
SHIPPING = {"id": "shipping.md#3", "kind": "faq", "title": "Shipping costs",
            "text": "Standard shipping is free on orders of $50 or more in the US; below $50 it costs $5.99."}  # fmt: skip
EURO = {"id": "E-7", "kind": "product", "name": "山川铸铁锅 32cm", "price": 1299.0, "currency": "EUR", "stock": 0,
        "specs": "材质: 铸铁; 重量: 2,1 kg"}  # fmt: skip


PHONE = {"id": "PHN-3", "kind": "product", "name": "Aurora A54", "brand": "Aurora", "price": 399.0, "currency": "USD",
         "stock": 45, "category": "Smartphones", "specs": "Storage: 128 GB; Battery: 5,000 mAh; Network: 2 SIM"}  # fmt: skip
WARRANTY = {"id": "warranty.md#1", "kind": "faq", "title": "Standard warranty",
            "text": "Every product comes with a 1-year manufacturer warranty. Laptops and monitors carry a 2-year warranty."}  # fmt: skip
GROCER_RETURNS = {"id": "returns.md#1", "kind": "faq", "title": "Return window",
                  "text": "Unopened packaged products can be returned within 7 days of delivery for a full refund."}  # fmt: skip
CN_SHIPPING = {"id": "配送说明.md#1", "kind": "faq", "title": "运费",
               "text": "订单金额满 $50 免运费；不满 $50 的订单收取运费 $5.99。"}  # fmt: skip
KINDS = kind_words(["Laptops", "Smartphones", "Monitors", "Headphones"])


def _compose(text: str, records: list[dict], language: str = "en", **stated: object) -> Composed:
    facts = TurnFacts.from_records(records, language, **stated)  # type: ignore[arg-type]
    context = Context(catalog={"nimbus quiet 700": "AUD-001"}, kinds=KINDS)
    return compose(text, facts, context, lambda handles: "RECORDS")


@pytest.mark.parametrize(
    "false",
    [
        "The Voltix AirBook 13 costs $1,798.",  # doubled
        "The Voltix AirBook 13 costs $549 and the Kestrel Scout 14 costs $899.",  # swapped
        "The Voltix AirBook 13 is $350.",  # the difference as a price
        "The Kestrel Scout 14 has 16 GB RAM.",  # the other laptop's spec
        "The Kestrel Scout 14 is out of stock.",
        "Only 3 Kestrel Scout 14 left!",
        "The Voltix AirBook 13 is waterproof.",
        "The Voltix AirBook 13 includes Microsoft Office for free.",
        "The Voltix AirBook 13 is the lightest laptop on the market.",
        "The Voltix AirBook 13 is cheaper than the Kestrel Scout 14.",
        "Buy the Voltix AirBook 13 and the second one is free.",
        "We also have the Nimbus Quiet 700.",
        "Use code SAVE50 on the Voltix AirBook 13.",
    ],
)
def test_a_false_claim_never_reaches_the_customer(false: str) -> None:
    composed = _compose(f"Happy to help. {false}", [AIRBOOK, SCOUT])
    assert false not in composed.text and composed.violations


@pytest.mark.parametrize(
    "true",
    [
        "The Voltix AirBook 13 costs $899.00 and weighs 1.2 kg.",
        "The Kestrel Scout 14 is cheaper than the Voltix AirBook 13.",
        "The Voltix AirBook 13 is lighter than the Kestrel Scout 14.",
        "The Kestrel Scout 14 is in stock.",
        "The Voltix AirBook 13 has 16 GB RAM and a 15 h battery.",
    ],
)
def test_a_true_claim_reaches_the_customer_as_written(true: str) -> None:
    composed = _compose(true, [AIRBOOK, SCOUT])
    assert composed.text == true and composed.ending is Ending.AS_WRITTEN, composed.violations


def test_references_render_in_the_catalogs_currency_for_the_customers_language() -> None:
    composed = _compose("[[p1]]：[[p1.price]]，[[p1.stock]]。", [EURO], "zh")
    assert composed.text == "山川铸铁锅 32cm：€1,299.00，缺货。"
    assert (
        _compose("[[p1]] kostet [[p1.price]].", [EURO], "de").text == "山川铸铁锅 32cm kostet 1.299,00\xa0€."
    )


def test_a_relation_between_references_is_computed_on_the_records() -> None:
    assert "cheaper" not in _compose("[[p1]] is cheaper than [[p2]].", [AIRBOOK, SCOUT]).text
    assert (
        _compose("[[p2]] is cheaper than [[p1]].", [AIRBOOK, SCOUT]).text
        == "Kestrel Scout 14 is cheaper than Voltix AirBook 13."
    )
    assert "更便宜" not in _compose("[[p1]]比[[p2]]更便宜。", [AIRBOOK, SCOUT], "zh").text


def test_a_promise_keeps_the_condition_its_policy_puts_on_it() -> None:
    cheap = {**SCOUT, "id": "X", "name": "Lumio Smart Plug", "price": 24.0, "specs": ""}
    assert "free" not in _compose("The Lumio Smart Plug ships free.", [cheap, SHIPPING]).text
    kept = _compose("Shipping is free on orders of $50 or more.", [AIRBOOK, SHIPPING]).text
    assert kept == "Shipping is free on orders of $50 or more."


def test_the_customers_own_budget_may_be_said_back() -> None:
    budget = Budget(Bound.AROUND, 20.0, None, "USD")
    plug = {**SCOUT, "id": "X", "name": "Lumio Smart Plug", "price": 24.0, "specs": ""}
    composed = _compose("Around $20, the Lumio Smart Plug at $24.00 is a good pick.", [plug], budget=budget)
    assert composed.ending is Ending.AS_WRITTEN, composed.violations


def test_an_answer_in_a_language_the_customer_does_not_read_is_replaced() -> None:
    composed = _compose("Der Voltix AirBook 13 ist sehr leicht und kostet nur wenig Geld.", [AIRBOOK], "zh")
    assert composed.ending is Ending.REPLACED and composed.text == "RECORDS"


def test_the_grammar_allows_this_turns_references_and_no_digit() -> None:
    grammar = answer_grammar(TurnFacts.from_records([AIRBOOK, SHIPPING], "en"))
    assert '"[[p1.spec:Weight]]"' in grammar and '"[[policy1]]"' in grammar and "[[p2" not in grammar
    assert "words ::= [^0-9０-９$€£¥￥₹\\[\\]]+" in grammar


@pytest.mark.parametrize(
    ("false", "records", "language"),
    [
        # A policy sentence naming other kinds of product does not apply to this one.
        ("The Aurora A54 comes with a 2-year warranty.", [PHONE, WARRANTY], "en"),
        ("Aurora A54 享受 2 年保修。", [PHONE, WARRANTY], "zh"),
        ("You get two years of warranty on the Aurora A54, 2 years in total.", [PHONE, WARRANTY], "en"),
        # A measure is compared in its dimension: the record's "2 SIM" backs no 2-year anything.
        ("The Aurora A54 battery lasts 2 days.", [PHONE], "en"),
        # Said of both at once, it must hold of each.
        ("Both the Voltix AirBook 13 and the Kestrel Scout 14 have 16 GB RAM.", [AIRBOOK, SCOUT], "en"),
        ("[[p1]] 和 [[p2]] 的内存都是 [[p1.spec:RAM]]。", [AIRBOOK, SCOUT], "zh"),
        ("[[p1]] und [[p2]] haben beide [[p1.spec:Battery]] Akku.", [AIRBOOK, SCOUT], "de"),
        ("Voltix AirBook 13 和 Kestrel Scout 14 都是 Voltix 的产品。", [AIRBOOK, SCOUT], "zh"),
        # Comparisons in a third language are computed like English ones.
        ("[[p1]] es más barato que [[p2]].", [AIRBOOK, SCOUT], "es"),
        ("[[p1]] ist billiger als [[p2]].", [AIRBOOK, SCOUT], "de"),
        ("[[p2]] est plus léger que [[p1]].", [AIRBOOK, SCOUT], "fr"),
        # One product's value said of another.
        ("[[p2]] lasts [[p1.spec:Battery]] on a charge, just like [[p1]].", [AIRBOOK, SCOUT], "en"),
        ("[[p2]] 的内存也是 [[p1.spec:RAM]]。", [AIRBOOK, SCOUT], "zh"),
        # "Free" in words no policy shares still carries the amount the policies put on it.
        ("Oui, la livraison de [[p1]] est gratuite.", [{**SCOUT, "price": 24.0}, CN_SHIPPING], "fr"),
        ("Sí, el envío del [[p1]] es gratis.", [{**SCOUT, "price": 24.0}, CN_SHIPPING], "es"),
        # A policy negating a word by its prefix denies the promise of the word.
        ("Yes, you can return the Kestrel Scout 14 even after opening it.", [SCOUT, GROCER_RETURNS], "en"),
        ("The Kestrel Scout 14 can be returned once opened, within 7 days.", [SCOUT, GROCER_RETURNS], "en"),
    ],
)
def test_scoped_policies_units_shared_claims_and_comparisons_hold_back_false_claims(
    false: str, records: list[dict], language: str
) -> None:
    composed = _compose(false, records, language)
    assert composed.ending is not Ending.AS_WRITTEN and composed.violations, composed.text


@pytest.mark.parametrize(
    ("true", "records", "language"),
    [
        ("The Voltix AirBook 13 comes with a 2-year warranty.", [AIRBOOK, WARRANTY], "en"),
        ("The Aurora A54 comes with a 1-year manufacturer warranty.", [PHONE, WARRANTY], "en"),
        ("The Voltix AirBook 13 battery lasts 15 hours.", [AIRBOOK], "en"),
        ("[[p2]] es más barato que [[p1]].", [AIRBOOK, SCOUT], "es"),
        ("[[p1]] ist leichter als [[p2]].", [AIRBOOK, SCOUT], "de"),
        ("[[p1]] has [[p1.spec:RAM]], against [[p2.spec:RAM]] for [[p2]].", [AIRBOOK, SCOUT], "en"),
        ("Both the Voltix AirBook 13 and the Kestrel Scout 14 are in stock.", [AIRBOOK, SCOUT], "en"),
        (
            "Unopened, the Kestrel Scout 14 can be returned within 7 days of delivery.",
            [SCOUT, GROCER_RETURNS],
            "en",
        ),
    ],
)
def test_true_claims_of_those_kinds_reach_the_customer(true: str, records: list[dict], language: str) -> None:
    composed = _compose(true, records, language)
    assert composed.ending is Ending.AS_WRITTEN, composed.violations


@pytest.mark.parametrize(
    ("message", "language"),
    [
        ("Ist der 珐琅铸铁锅 24cm noch zu haben?", "de"),
        ("¿Cuánto cuesta el 玻璃电热水壶 ahora mismo?", "es"),
        ("Est-ce que le 羽绒被 冬厚款 est encore disponible ?", "fr"),
        ("Kestrel Scout 14 现在有货吗？还有别的颜色吗？", "zh"),
    ],
)
def test_the_customers_language_is_read_without_the_product_names_they_quote(
    message: str, language: str
) -> None:
    names = ["珐琅铸铁锅 24cm", "玻璃电热水壶", "羽绒被 冬厚款", "kestrel scout 14"]
    assert language_without_names(message, names, "en") == language
    assert language_without_names("Tienen los 玻璃电热水壶?", names, "en") is None  # too little left to tell
