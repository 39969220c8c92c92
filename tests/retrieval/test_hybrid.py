import numpy as np
import pytest

from agent.retrieval.hybrid import Filters, HybridRetriever
from agent.retrieval.keyword import KeywordIndex, tokenize


def test_chinese_is_tokenized_into_characters_and_bigrams() -> None:
    tokens = tokenize("降噪耳机 RTX-4060")
    assert {"降噪", "耳机", "噪耳", "降", "rtx-4060"} <= set(tokens)


def test_bm25_prefers_the_matching_text() -> None:
    index = KeywordIndex(["wireless earbuds with noise cancelling", "4K monitor", "降噪耳机"])
    assert int(np.argmax(index.scores("noise cancelling earbuds"))) == 0
    assert int(np.argmax(index.scores("想要降噪的耳机"))) == 2
    assert not index.scores("zebra").any()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("headphones to block engine noise on long flights", "AUD-001"),
        ("给爸妈买个老年手机", "PHN-007"),
        ("Chinese phone with 90W fast charging", "PHN-006"),
        ("指纹识别的智能门锁", "SMH-005"),
        ("do you deliver to Canada", "shipping.md#0"),
    ],
)
def test_customer_phrasing_finds_the_right_record(
    retriever: HybridRetriever, query: str, expected: str
) -> None:
    ids = [hit.meta["id"] for hit in retriever.search(query, k=3)]
    assert expected in ids


def test_filters_never_return_fewer_than_k_when_k_exist(retriever: HybridRetriever) -> None:
    filters = Filters(max_price=100, in_stock=True)
    eligible = [
        d
        for d in retriever.documents
        if d.metadata["kind"] == "product" and d.metadata["price"] <= 100 and d.metadata["stock"] != 0
    ]
    assert len(eligible) >= 10
    # A query far from every cheap product: post-filtering a short dense list would come back short.
    hits = retriever.search("professional 6K reference display for colour grading", k=10, filters=filters)
    assert len(hits) == 10
    assert all(h.meta["price"] <= 100 and h.meta["stock"] != 0 for h in hits)


def test_category_brand_and_stock_filters(retriever: HybridRetriever) -> None:
    hits = retriever.search("something nice", k=20, filters=Filters(category="laptops", in_stock=True))
    assert hits and all(h.meta["category"] == "Laptops" and h.meta["stock"] > 0 for h in hits)
    assert "LAP-005" not in [h.meta["id"] for h in hits]  # out of stock
    brand = retriever.search("phone", k=20, filters=Filters(brand="aurora"))
    assert {h.meta["brand"] for h in brand} == {"Aurora"}
    assert len(retriever.search("x", k=5, filters=Filters(min_price=10_000))) == 0


def test_hits_serialize_with_price_for_products_only(retriever: HybridRetriever) -> None:
    product = retriever.search("smart ring for sleep", k=1, filters=Filters(kind="product"))[0].to_json()
    assert product["id"] == "WRB-004" and product["price"] == 299.0 and product["currency"] == "USD"
    faq = retriever.search("express shipping cost", k=1, filters=Filters(kind="faq"))[0].to_json()
    assert faq["kind"] == "faq" and "price" not in faq and faq["source"].endswith("shipping.md")
