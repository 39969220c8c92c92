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
    assert f"**{top['name']}** — ${top['price']:,.2f}" in answer and f"[{top['id']}]" in answer
    assert "Sources: " in answer and "products.csv" in answer


def test_chinese_answer_and_policy_citation(retriever: HybridRetriever) -> None:
    hits = retriever.search("退货运费谁承担", k=2, filters=Filters(kind="faq"))
    answer = records_answer(records_from_hits(hits), "zh")
    assert answer.startswith("相关政策：") and "来源" in answer and "[" in answer


def test_nothing_found_says_so_in_the_customers_language() -> None:
    assert "could not find" in records_answer([], "en")
    assert "没有找到" in records_answer([], "zh")
