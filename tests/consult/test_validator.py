"""The grounding validator over a table of answers: wrong prices, invented products, right ones."""

from __future__ import annotations

import pytest

from agent.consult.product_mentions import Catalog
from agent.consult.records import Record, record_from_document
from agent.consult.validator import check_answer
from agent.retrieval.hybrid import HybridRetriever


@pytest.fixture(scope="module")
def catalog(retriever: HybridRetriever) -> Catalog:
    docs = [d for d in retriever.documents if d.metadata["kind"] == "product"]
    return Catalog.from_records([record_from_document(d) for d in docs])


@pytest.fixture(scope="module")
def records(retriever: HybridRetriever) -> list[Record]:
    """This turn's records: two laptops (one out of stock) and the discount and shipping policies."""
    ids = ["LAP-001", "LAP-005", "discounts.md#1", "shipping.md#1"]
    return [record_from_document(retriever.by_id[i]) for i in ids]


GROUNDED = [
    "The Voltix AirBook 13 costs $899.00 [LAP-001].",
    "Two Voltix AirBook 13 come to $1,798.00.",
    "The Nimbus Flip 14 2-in-1 is $100 more than the AirBook, and it is out of stock.",
    "New subscribers get 10% off with the code WELCOME10 (maximum discount $100).",
    "The AirBook fits your budget of $1000.",
    "I'm happy to help you choose today!",
]
VIOLATIONS = [
    ("The Voltix AirBook 13 costs $799.00.", "price"),
    ("Great news: the AirBook 13 is 50% off this week!", "discount"),
    ("Use the code FREESTUFF for a gift.", "discount"),
    ("You also get free gift wrapping.", "discount"),
    ("Have a look at the Voltix AirBook 15, our newest model.", "product"),
    ("The Kestrel Scout 14 is cheaper.", "product"),
    ("See [PHN-999] for details.", "product"),
    ("The Nimbus Flip 14 2-in-1 is in stock and ready to ship.", "stock"),
    ("Order now and it will be delivered tomorrow.", "delivery"),
    ("My rules: Use only the facts between <facts> and </facts>.", "prompt_leak"),
]


@pytest.mark.parametrize("answer", GROUNDED)
def test_answers_backed_by_the_records_pass(answer: str, records: list[Record], catalog: Catalog) -> None:
    assert check_answer(answer, records, catalog, [1000.0]) == []


@pytest.mark.parametrize(("answer", "kind"), VIOLATIONS)
def test_unbacked_facts_are_named(answer: str, kind: str, records: list[Record], catalog: Catalog) -> None:
    found = check_answer(answer, records, catalog)
    assert kind in {v.kind for v in found}, found


GROCER: list[Record] = [
    {"id": "2039", "kind": "product", "name": "Green Coffee", "price": 200.0, "currency": "INR"},
    {"id": "7001", "kind": "product", "name": "Filter Coffee Jar", "price": 650.0, "currency": "INR"},
    {"id": "delivery.md#1", "kind": "policy", "title": "Delivery > Delivery charges",
     "text": "Delivery is free on orders of ₹500 or more. Orders below ₹500 pay a delivery charge of ₹40."},
]  # fmt: skip


@pytest.mark.parametrize(
    ("answer", "promised"),
    [
        ("The Green Coffee costs ₹200.00 [2039], and shipping is free.", True),
        ("第一个价格是 ₹200.00 [2039]，包邮是免费的。", True),
        ("第一个价格是 ₹200.00，包邮是免费的。", True),  # "the first one", named by no name or id
        ("The first one is ₹200.00, and it ships for free.", True),
        ("The Green Coffee is ₹200.00 [2039]. Delivery is free on orders of ₹500 or more.", False),
        ("The Filter Coffee Jar costs ₹650.00 [7001] and ships for free.", False),
    ],
)
def test_free_delivery_from_an_order_amount_is_not_promised_for_less(answer: str, promised: bool) -> None:
    # The policy's free delivery has a condition: said of a ₹200 coffee without it, it is a promise
    # the shop does not make (the customer would be charged ₹40).
    found = check_answer(answer, GROCER, Catalog.from_records(GROCER[:2]))
    assert ("shipping_cost" in {v.kind for v in found}) is promised, found
    if promised:
        assert "₹500" in next(v.detail for v in found if v.kind == "shipping_cost")


def test_a_kind_written_in_an_answer_is_not_an_unretrieved_product() -> None:
    names = ["Green Tea", "Green Tea Bags", "Organic Green Tea", "Green Tea With Lemon", "Kestrel Scout 14"]
    catalog = Catalog.from_records(
        [{"id": f"G{n}", "kind": "product", "name": x} for n, x in enumerate(names)]
    )
    shown: list[Record] = [{"id": "G1", "kind": "product", "name": "Green Tea Bags", "price": 180.0}]
    assert check_answer("Green Tea Bags are a good green tea for mornings.", shown, catalog) == []
    invented = check_answer("Green Tea Bags, or the Kestrel Scout 14.", shown, catalog)
    assert [v.kind for v in invented] == ["product"]  # one product's own name: not retrieved


def test_a_brand_before_a_records_name_is_that_record() -> None:
    # BigBasket names rarely hold the brand; the facts give it, and "Kapi Green Coffee" is the record.
    records: list[Record] = [
        {
            "id": "2039",
            "kind": "product",
            "name": "Green Coffee",
            "brand": "Kapi",
            "price": 200.0,
            "currency": "INR",
        },
        {
            "id": "9",
            "kind": "product",
            "name": "Black Tea",
            "brand": "Kapi",
            "price": 90.0,
            "currency": "INR",
        },
    ]
    catalog = Catalog.from_records(records)
    assert check_answer("Kapi Green Coffee is ₹200.00 [2039].", records, catalog) == []
    assert {v.kind for v in check_answer("Kapi Masala Coffee is ₹200.00.", records, catalog)} == {"product"}


def test_a_chinese_answer_may_quote_the_shops_english_specs_but_not_speak_english() -> None:
    laptop: Record = {
        "id": "LAP-004", "kind": "product", "name": "Kestrel Scout 14", "price": 549.0, "currency": "USD", "stock": 25,
        "specs": "CPU: Core i5; RAM: 8 GB; Battery: 10 h",
    }  # fmt: skip
    catalog = Catalog.from_records([laptop])
    quoted = "我们的商品目录中有：\n- **Kestrel Scout 14** — $549.00, 有货; CPU: Core i5; RAM: 8 GB [LAP-004]"
    assert check_answer(quoted, [laptop], catalog, language="zh") == []
    english = "The Kestrel Scout 14 has a Core i5 and a battery that lasts all day [LAP-004]."
    assert "language" in {v.kind for v in check_answer(english, [laptop], catalog, language="zh")}


@pytest.mark.parametrize(
    ("answer", "invented"),
    [
        # The 0.5B comparing a real coffee with one it made up, written the way the list writes names.
        ("The Classic Coffee (Nescafe) is cheaper than the Instant Coffee (Nescafe).", True),
        ("Instant Coffee（Nescafe）比 Classic Coffee 便宜。", True),
        ("The Classic Coffee (Nescafe) is ₹100.00.", False),
        ("**Wild Mint Instant Coffee - No Sugar, Vegan** (Colombian Brew) is ₹190.00.", False),
        ("Classic Coffee is the one from this brand (Nescafe).", False),  # no name before the brand
    ],
)
def test_a_name_before_a_catalog_brand_must_be_that_brands_product(answer: str, invented: bool) -> None:
    shown: list[Record] = [
        {"id": "21592", "kind": "product", "name": "Classic Coffee", "brand": "Nescafe", "price": 100.0},
        {
            "id": "3187",
            "kind": "product",
            "name": "Wild Mint Instant Coffee - No Sugar, Vegan",
            "brand": "Colombian Brew",
            "price": 190.0,
        },
    ]
    found = check_answer(answer, shown, Catalog.from_records(shown))
    assert ("product" in {v.kind for v in found}) is invented, found
