"""Incomplete answers are completed from the records; anything wrong is not."""

from __future__ import annotations

from agent.consult.completion import completed_answer, listed_facts, records_reply
from agent.consult.helpfulness import check_helpful
from agent.consult.records import Record
from agent.consult.violations import Violation

# Ids and names of no shop's shape: a grocery export's numeric ids.
COFFEES = [
    {"kind": "product", "id": "3187", "name": "Wild Mint Instant Coffee", "price": 190.0, "currency": "INR"},
    {"kind": "product", "id": "40021", "name": "Grand Filter Coffee", "price": 200.0, "currency": "INR"},
]
UNHELPFUL = [Violation("unhelpful", "names none of the catalog products found for this question")]


def test_an_answer_with_prices_but_no_names_gets_the_products_after_it() -> None:
    said = "The second one is cheaper at ₹190 compared to ₹200."
    done = completed_answer(said, UNHELPFUL, COFFEES, "en")
    assert done is not None and done.startswith(said)
    assert "Grand Filter Coffee" in done and "₹200.00" in done and "[3187]" in done


def test_an_answer_with_nothing_from_the_catalog_is_replaced_by_the_products() -> None:
    for said, language in [
        ("Yes, we have coffee.", "en"),
        ("您好，我需要购买咖啡，预算不超过316卢比以内。请问您需要什么？", "zh"),  # the customer, said back
    ]:
        done = completed_answer(said, UNHELPFUL, COFFEES, language)
        assert done is not None and said not in done
        assert "Wild Mint Instant Coffee" in done and "₹190.00" in done
    assert "我们的商品目录中有" in (completed_answer("是的，有咖啡。", UNHELPFUL, COFFEES, "zh") or "")


def test_a_recommendation_without_a_price_keeps_its_choice_and_gets_the_prices() -> None:
    said = "I'd recommend the Grand Filter Coffee: strong and smooth."
    done = completed_answer(said, UNHELPFUL, COFFEES, "en")
    assert done is not None and done.startswith(said) and "₹200.00" in done and "₹190.00" in done


def test_a_wrong_answer_is_never_completed() -> None:
    wrong = [*UNHELPFUL, Violation("shipping_cost", "'包邮' is not in the policies or the catalog")]
    assert completed_answer("₹190，包邮！", wrong, COFFEES, "zh") is None
    assert completed_answer("Sure.", [], COFFEES, "en") is None  # nothing to mend
    assert completed_answer("Sure.", UNHELPFUL, [], "en") is None  # nothing to add


def test_a_list_shows_only_the_policies_the_customer_asked_about() -> None:
    returns: Record = {"id": "f1", "kind": "faq", "title": "Returns", "text": "Returns within 30 days."}
    delivery: Record = {"id": "f2", "kind": "faq", "title": "Delivery", "text": "Free delivery from ₹500."}
    facts = [*COFFEES, returns, delivery]
    # "Do you sell coffee?" labelled a price question: the passages found are context, not the answer.
    assert listed_facts(facts, "price_inquiry", []) == COFFEES
    assert listed_facts(facts, "price_inquiry", ["shipping"]) == [*COFFEES, delivery]
    assert listed_facts(facts, "after_sales", []) == facts  # the question is the policy
    assert listed_facts([returns], "price_inquiry", []) == [returns]  # nothing else to show


def test_an_answer_with_every_product_gets_only_the_policy_it_left_out() -> None:
    said = "Wild Mint Instant Coffee is ₹190.00 and Grand Filter Coffee ₹200.00."
    open_topic = [Violation("unhelpful", "leaves the question about discount unanswered")]
    policy = "From our policies:\n- 10% off your first order. [Welcome discount]"
    done = completed_answer(said, open_topic, COFFEES, "en", policies=policy)
    assert done == f"{said}\n\n{policy}"  # the products once, not listed again
    half = completed_answer(
        "Wild Mint Instant Coffee is ₹190.00.", open_topic, COFFEES, "en", policies=policy
    )
    assert half is not None and "Grand Filter Coffee" in half  # one left out: the whole list follows


def test_which_one_is_cheaper_gets_the_answer_not_only_the_list() -> None:
    # 哪个更便宜？ answered by the records (the 0.5B's answer had no Chinese): the list alone left
    # the customer to compare the prices themselves.
    zh = records_reply({"intent": "comparison", "language": "zh"}, COFFEES, "Shop")
    assert zh.startswith("两款中 Wild Mint Instant Coffee 更便宜：₹190.00，Grand Filter Coffee 是 ₹200.00。")
    assert "[40021]" in zh  # the list follows
    en = records_reply({"intent": "comparison", "language": "en"}, COFFEES[::-1], "Shop")
    assert en.startswith("Wild Mint Instant Coffee is the cheaper of the two: ₹190.00, against ₹200.00")
    same = [COFFEES[0], {**COFFEES[1], "price": 190.0}]
    assert records_reply({"intent": "comparison"}, same, "Shop").startswith("Both cost the same: ₹190.00.")
    # Not a comparison, or not two products: the list alone.
    assert records_reply({"intent": "price_inquiry"}, COFFEES, "Shop").startswith("From our catalog:")
    three = [*COFFEES, {**COFFEES[0], "id": "9", "name": "Classic Coffee"}]
    assert records_reply({"intent": "comparison"}, three, "Shop").startswith("From our catalog:")


def test_an_answer_of_only_an_id_is_no_answer_and_the_products_replace_it() -> None:
    # "2653": the 0.5B's whole answer to "有没有更便宜的？" on BigBasket (a product's id, no word).
    for said in ("3187", "[40021]", "3187 ₹190"):
        found = check_helpful(said, "objection", COFFEES, frozenset({"objection"}))
        assert found and found[0].kind == "unhelpful", said
        done = completed_answer(said, found, COFFEES, "zh")
        assert done is not None and done.startswith("我们的商品目录中有"), done
    assert not check_helpful("3187 是最便宜的。", "objection", COFFEES, frozenset({"objection"}))
