from agent.consult.records import records_from_hits
from agent.language import detect_language
from agent.records_answer import records_answer
from agent.retrieval.hybrid import Filters, HybridRetriever


def test_language_follows_the_customer() -> None:
    assert detect_language("Do you ship to Canada?") == "en"
    assert detect_language("运费多少？") == "zh"
    assert detect_language("这个 laptop 多少钱") == "zh"
    assert detect_language("Is the 擎天16 good?") == "en"


def test_answer_quotes_catalog_prices_and_cites_sources(retriever: HybridRetriever) -> None:
    hits = retriever.search("noise cancelling headphones for flights", k=3, filters=Filters(kind="product"))
    answer = records_answer(records_from_hits(hits), "en")
    top = hits[0].meta
    assert f"**{top['name']}** — ${top['price']:,.2f}" in answer
    assert "products.csv" not in answer and "/" not in answer  # no server path for a customer


def test_chinese_answer_and_policy_citation(retriever: HybridRetriever) -> None:
    hits = retriever.search("退货运费谁承担", k=2, filters=Filters(kind="faq"))
    answer = records_answer(records_from_hits(hits), "zh")
    assert answer.startswith("相关政策：") and f"- {hits[0].meta['title']}: " in answer
    assert ".md" not in answer


def test_a_policy_in_another_language_is_quoted_as_the_shops_own_wording() -> None:
    english = {"id": "faq.md#2", "kind": "faq", "title": "Returns", "text": "Returns within 30 days."}
    chinese = english | {"text": "30天内可退货。"}
    assert records_answer([english], "zh").startswith(
        "相关政策（店铺原文）：\n- Returns: Returns within 30 days."
    )
    assert records_answer([chinese], "zh").startswith("相关政策：\n")
    assert records_answer([chinese], "en").startswith("From our policies (as the shop wrote them):")
    assert records_answer([english], "en").startswith("From our policies:\n")


def test_unknown_stock_is_not_claimed_and_list_price_is_shown() -> None:
    record = {"id": "3", "kind": "product", "source": "/srv/bb.csv", "name": "Brass Lamp", "price": 119.0}
    unknown = records_answer([record | {"currency": "INR", "list_price": 250.0, "stock": None}], "en")
    assert unknown == "From our catalog:\n- **Brass Lamp** — ₹119.00 (list price ₹250.00)"
    assert "有货" not in records_answer([record | {"stock": None}], "zh")
    assert "缺货" in records_answer([record | {"stock": 0}], "zh")


def test_topics_no_policy_covers_are_said_to_be_missing() -> None:
    answer = records_answer([], "en", ["shipping costs"])
    assert "don't have information about shipping costs" in answer
    assert "没有相关信息" in records_answer([], "zh", ["运费"])


def test_nothing_found_says_so_in_the_customers_language() -> None:
    assert "could not find" in records_answer([], "en")
    assert "没有找到" in records_answer([], "zh")


def test_products_of_one_name_are_told_apart_by_their_brand() -> None:
    # BigBasket sells "Green Coffee" from several brands at several prices.
    coffees = [
        {
            "id": "2039",
            "kind": "product",
            "name": "Green Coffee",
            "brand": "Kapi ",
            "price": 200.0,
            "currency": "INR",
        },
        {
            "id": "2660",
            "kind": "product",
            "name": "Green Coffee",
            "brand": "Nutriorg",
            "price": 99.0,
            "currency": "INR",
        },
        {
            "id": "7",
            "kind": "product",
            "name": "Tetley Green Tea",
            "brand": "Tetley",
            "price": 150.0,
            "currency": "INR",
        },
    ]
    answer = records_answer(coffees, "en")
    assert "- **Green Coffee** (Kapi) — ₹200.00" in answer
    assert "- **Green Coffee** (Nutriorg) — ₹99.00" in answer
    assert "- **Tetley Green Tea** — ₹150.00" in answer  # the name already says it


def test_one_product_is_listed_with_all_its_specs_several_with_the_asked_ones() -> None:
    # "Tell me more about the second one" answered from the records: more than a name and a price.
    tea = {"id": "13411", "kind": "product", "name": "Green Tea - Lemon Grass", "price": 163.0}
    tea |= {"currency": "INR", "specs": "Type: Green Tea; Rating: 3.9"}
    alone = records_answer([tea], "en")
    assert "Type: Green Tea" in alone and "Rating: 3.9" in alone
    kettle = {"id": "9", "kind": "product", "name": "Kettle", "price": 899.0, "specs": "Type: Electric"}
    both = records_answer([tea, kettle], "en", asked=["rating"])
    assert "Rating: 3.9" in both and "Type:" not in both
