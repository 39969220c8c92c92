"""Starters come from the shop's own catalog: another shop never sees the sample store's products."""

from __future__ import annotations

from pathlib import Path

from agent.ingestion.cli import sample_name_hint
from agent.retrieval.hybrid import HybridRetriever
from agent.settings import Settings
from agent.web.starters import customer_suggestions, staff_examples
from tests.retrieval.xlang_catalogs import TOYS


def test_another_shops_starters_name_its_own_products_and_categories(toys: HybridRetriever) -> None:
    for language in ("en", "zh"):
        shown = " ".join(f"{label} {message}" for label, message in customer_suggestions(language, toys))
        shown += " ".join(f"{label} {message}" for label, message in staff_examples(toys, language))
        assert "Voltix" not in shown and "laptop" not in shown.lower() and "笔记本" not in shown
        assert any(name in shown for name in toys.categories.categories)
        assert any(str(m["name"]) in shown for m in toys.product_metadata.values())


def test_the_sample_stores_name_on_another_catalog_gets_one_line_of_advice(tmp_path: Path) -> None:
    other = tmp_path / "products.csv"
    other.write_text(TOYS, encoding="utf-8")
    sample = Path("knowledge/catalog")
    assert sample_name_hint(Settings(), [sample]) is None
    hint = sample_name_hint(Settings(), [other])
    assert hint is not None and "SALES_SHOP_NAME" in hint
    assert sample_name_hint(Settings(shop_name="Toy Corner"), [other]) is None
    assert Settings(shop_name="Toy Corner").assistant_name == "Toy Corner Assistant"
