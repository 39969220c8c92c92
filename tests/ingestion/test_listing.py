"""Listings an export marks as not for sale are ingested as unavailable, whatever the platform."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent.ingestion.catalog import read_catalog

SHOPIFY = """Handle,Title,Body (HTML),Vendor,Type,Published,Variant SKU,Variant Price,Status
mug,Enamel Mug,<p>Camp mug</p>,Acme,Kitchen,TRUE,MUG-1,12.00,active
lamp,Desk Lamp,<p>LED lamp</p>,Acme,Home,TRUE,LAMP-1,30.00,draft
kettle,Old Kettle,<p>Retired</p>,Acme,Kitchen,TRUE,KET-1,25.00,archived
stool,Bar Stool,<p>Oak stool</p>,Acme,Home,FALSE,STL-1,80.00,active
"""
WOOCOMMERCE = """ID,Type,SKU,Name,Published,Visibility in catalog,Regular price,Categories,Parent
1,simple,W-1,Tea Towel,1,visible,5,Kitchen,
2,simple,W-2,Bread Bin,0,visible,20,Kitchen,
3,simple,W-3,Apron,-1,visible,15,Kitchen,
4,simple,W-4,Oven Glove,1,hidden,8,Kitchen,
"""
CHINESE = """商品编号,商品名称,价格,上架状态
Q-1,蚕丝被 200x230,599,上架
Q-2,羽绒被 220x240,899,已下架
"""
ON_SALE_FLAG = """id,name,price,is_on_sale
F-1,全棉枕套,39,1
F-2,凉席,129,0
"""


@pytest.mark.parametrize(
    ("name", "text", "for_sale"),
    [
        ("shopify.csv", SHOPIFY, {"MUG-1"}),
        ("woo.csv", WOOCOMMERCE, {"W-1"}),
        ("zh.csv", CHINESE, {"Q-1"}),
        ("flag.csv", ON_SALE_FLAG, {"F-1"}),
    ],
)
def test_listings_not_for_sale_are_kept_but_unavailable(
    tmp_path: Path, name: str, text: str, for_sale: set[str]
) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    documents, issues = read_catalog(path)
    assert not [i for i in issues if i.skipped]
    assert len(documents) == text.count("\n") - 1  # every row kept: staff may still ask about it
    assert {d.metadata["id"] for d in documents if d.metadata["available"]} == for_sale
