"""Catalogs as real shops export them: empty id columns, repeated names, sale vs list price, spec
blobs, HTML, Chinese headers in GBK, broken quoting, Shopify and WooCommerce layouts."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from agent.ingestion.catalog import read_catalog
from agent.ingestion.cleaning import clean_text, parse_specs, safe_url
from agent.ingestion.problems import SourceError


def _csv(path: Path, rows: list[list[str]], encoding: str = "utf-8") -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def _meta(path: Path) -> list[dict]:
    docs, _ = read_catalog(path)
    return [d.metadata for d in docs]


def test_empty_sku_column_loses_to_the_filled_unique_id(tmp_path: Path) -> None:
    rows = [
        ["Uniq Id", "Sku", "Product Name", "Selling Price"],
        ["4c69b61db1fc16e7013b43fc926e502d", "", "Wooden Train Set", "$19.99"],
        ["66d49bbed043f5be260fa9f7fbff5957", "", "Wooden Train Set", "$24.99"],
        ["2c55cae269aebf53838484b0d7dd931a", "", "Puzzle Cube", "$5.00"],
    ]
    products = _meta(_csv(tmp_path / "amazon.csv", rows))
    assert [p["id"] for p in products] == [r[0] for r in rows[1:]]
    assert [p["price"] for p in products] == [19.99, 24.99, 5.0]


def test_same_name_without_ids_are_two_products_identical_rows_one(tmp_path: Path) -> None:
    rows = [
        ["product", "sale_price", "brand"],
        ["Cow Ghee", "250", "Amul"],
        ["Cow Ghee", "480", "Amul"],
        ["Cow Ghee", "250", "Amul"],
    ]
    docs, issues = read_catalog(_csv(tmp_path / "names.csv", rows))
    assert [d.metadata["price"] for d in docs] == [250.0, 480.0]
    assert len(issues) == 1 and issues[0].line == 4 and "lines 2 and 4" in issues[0].reason


def test_true_duplicate_id_is_reported_with_both_lines(tmp_path: Path) -> None:
    rows = [["id", "name", "price"], ["A1", "Lamp", "5"], ["A2", "Desk", "50"], ["A1", "Chair", "20"]]
    docs, issues = read_catalog(_csv(tmp_path / "dup.csv", rows))
    assert [d.metadata["id"] for d in docs] == ["A1", "A2"]
    assert [(i.line, i.skipped) for i in issues] == [(4, True)]
    assert "lines 2 and 4" in issues[0].reason and "dup.csv:4" in str(issues[0])


def test_the_customer_pays_the_sale_price_and_the_market_price_is_kept(tmp_path: Path) -> None:
    rows = [
        ["index", "product", "sale_price", "market_price"],
        ["1", "Brass Lamp", "119", "250"],
        ["2", "Water Bottle", "180", "180"],
        ["3", "Rice 5kg", "", "399"],
    ]
    lamp, bottle, rice = _meta(_csv(tmp_path / "bb.csv", rows))
    assert (lamp["id"], lamp["price"], lamp["list_price"]) == ("1", 119.0, 250.0)
    assert (bottle["price"], bottle["list_price"]) == (180.0, None)  # no discount shown
    assert (rice["price"], rice["list_price"]) == (399.0, None)  # no sale: the regular price


def test_attribute_columns_are_kept_as_specs_under_the_shops_own_headers(tmp_path: Path) -> None:
    # BigBasket's "type" and "rating" were dropped: "tell me more" had only a name and a price.
    rows = [
        ["index", "product", "sale_price", "type", "rating", "Colour", "颜色", "warehouse_note"],
        ["13411", "Green Tea - Lemon Grass", "163", "Green Tea", "3.9", "", "绿色", "bin 4; aisle 2"],
        ["13412", "Kettle", "899", "Electric; 1.5 L", "", "Steel", "", ""],
    ]
    tea, kettle = _meta(_csv(tmp_path / "bb.csv", rows))
    assert tea["specs"] == "Type: Green Tea; Rating: 3.9; 颜色: 绿色"  # no unknown column, no empty value
    assert kettle["specs"] == "Type: Electric, 1.5 L; Colour: Steel"  # a ';' would split one spec in two


def test_spec_blobs_become_clean_key_value_specs() -> None:
    blob = (
        "ProductDimensions:28x12x15inches|ItemWeight:2.2pounds|ShippingWeight:3.1pounds|"
        "ASIN:B07X|ManufacturerRecommendedAge:12yearsandup"
    )
    specs = parse_specs(blob)
    assert specs.startswith("Product Dimensions: 28x12x15 inches; Item Weight: 2.2 pounds")
    assert "Shipping" not in specs and "ASIN" not in specs
    assert "Manufacturer Recommended Age: 12 yearsandup" in specs
    assert parse_specs("屏幕尺寸：15.6英寸；内存：16GB") == "屏幕尺寸: 15.6英寸; 内存: 16GB"


def test_html_and_css_junk_are_removed() -> None:
    body = (
        "<style>p{margin:0}</style><p>Soft <b>cotton</b> hoodie.</p><ul><li>Machine wash</li></ul>"
        "<script>alert(1)</script>.x { color: red } &amp; warm"
    )
    assert clean_text(body) == "Soft cotton hoodie.\nMachine wash\n& warm"


def test_only_http_urls_survive() -> None:
    assert safe_url("javascript:alert(1)") == ""
    assert safe_url("data:image/png;base64,AAAA") == ""
    assert safe_url("https://shop.example/a.jpg, https://shop.example/b.jpg") == "https://shop.example/a.jpg"


def test_chinese_headers_in_gbk(tmp_path: Path) -> None:
    rows = [
        ["SKU", "商品名称", "价格", "库存", "描述", "品牌", "分类", "规格"],
        [
            "ZH-01",
            "儿童电动滑板车",
            "1,299元",
            "5",
            "适合8-14岁",
            "小米",
            "出行",
            "续航：20公里；最高时速：16km/h",
        ],
        ["ZH-02", "定制礼盒", "价格面议", "缺货", "", "", "礼品", ""],
    ]
    scooter, gift = _meta(_csv(tmp_path / "店铺.csv", rows, "gbk"))
    assert (scooter["id"], scooter["name"], scooter["price"], scooter["currency"]) == (
        "ZH-01",
        "儿童电动滑板车",
        1299.0,
        "CNY",
    )
    assert scooter["stock"] == 5 and scooter["brand"] == "小米" and scooter["category"] == "出行"
    assert scooter["specs"] == "续航: 20公里; 最高时速: 16km/h"
    assert (gift["price"], gift["stock"]) == (None, 0)  # price on request, out of stock


def test_unterminated_quote_names_the_line_and_merges_nothing(tmp_path: Path) -> None:
    path = tmp_path / "broken.csv"
    path.write_text('id,name,price\n1,"Lamp,5\n2,Desk,50\n3,Chair,20\n', encoding="utf-8")
    with pytest.raises(SourceError) as raised:
        read_catalog(path)
    assert raised.value.line == 2 and "broken.csv:2" in str(raised.value)
    assert "unterminated quote" in str(raised.value)


@pytest.mark.parametrize("row", ["2,Desk,50,extra", "2,Desk"])
def test_a_row_with_too_many_or_too_few_fields_is_an_error(tmp_path: Path, row: str) -> None:
    path = tmp_path / "fields.csv"
    path.write_text(f'id,name,price\n1,"Lamp\nwith a two-line name",5\n{row}\n', encoding="utf-8")
    with pytest.raises(SourceError) as raised:
        read_catalog(path)
    assert raised.value.line == 4 and "the header has 3" in str(raised.value)


def test_trailing_empty_fields_are_fine(tmp_path: Path) -> None:
    path = tmp_path / "trailing.csv"
    path.write_text("index,product,sale_price,,\n1,Lamp,5,,\n2,Desk,50,,,\n", encoding="utf-8")
    assert [p["name"] for p in _meta(path)] == ["Lamp", "Desk"]


SHOPIFY = [
    [
        "Handle", "Title", "Body (HTML)", "Vendor", "Product Category", "Type", "Tags", "Published",
        "Option1 Name", "Option1 Value", "Option2 Name", "Option2 Value", "Variant SKU",
        "Variant Inventory Qty", "Variant Price", "Variant Compare At Price", "Image Src", "Variant Image",
    ],
    [
        "trail-hoodie", "Trail Hoodie", "<p>Warm <strong>fleece</strong> hoodie.</p>", "Northwind",
        "Apparel > Hoodies", "Hoodie", "warm, outdoor", "TRUE", "Size", "S", "Color", "Blue", "TH-S-BL",
        "4", "49.00", "59.00", "https://cdn.example/th.jpg", "",
    ],
    ["trail-hoodie", "", "", "", "", "", "", "", "", "M", "", "Blue", "TH-M-BL", "0", "49.00", "59.00", "", ""],
    ["trail-hoodie", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "https://cdn.example/th2.jpg", ""],
    [
        "mug", "Camp Mug", "Enamel mug", "Northwind", "Home", "Mug", "", "TRUE", "Title", "Default Title",
        "", "", "", "12", "12.50", "", "javascript:alert(1)", "",
    ],
]  # fmt: skip


def test_shopify_export_gives_one_product_per_variant(tmp_path: Path) -> None:
    small, medium, mug = _meta(_csv(tmp_path / "products_export.csv", SHOPIFY))
    assert (small["id"], small["name"]) == ("TH-S-BL", "Trail Hoodie - S / Blue")
    assert (small["price"], small["list_price"], small["stock"]) == (49.0, 59.0, 4)
    assert (medium["id"], medium["name"], medium["stock"]) == ("TH-M-BL", "Trail Hoodie - M / Blue", 0)
    assert medium["description"] == "Warm fleece hoodie." and medium["brand"] == "Northwind"
    assert medium["category"] == "Apparel" and medium["subcategory"] == "Hoodies"
    assert medium["image"] == "https://cdn.example/th.jpg"
    assert small["specs"] == "Size: S; Color: Blue"
    assert (mug["id"], mug["name"], mug["price"], mug["image"]) == ("mug", "Camp Mug", 12.5, "")


WOO = [
    [
        "ID", "Type", "SKU", "Name", "Short description", "Description", "Date sale price starts",
        "Date sale price ends", "In stock?", "Stock", "Sale price", "Regular price", "Categories",
        "Images", "Parent", "Attribute 1 name", "Attribute 1 value(s)",
    ],
    [
        "10", "variable", "woo-hoodie", "Hoodie", "Cosy hoodie", "<p>Long text</p>", "", "", "1", "", "",
        "", "Clothing > Hoodies, Clothing", "https://shop.example/h.jpg", "", "Color", "Blue, Red",
    ],
    ["11", "variation", "woo-hoodie-blue", "", "", "", "", "", "1", "7", "42", "45", "", "", "id:10", "Color", "Blue"],
    ["12", "variation", "", "Hoodie - Red", "", "", "2020-01-01", "2020-02-01", "1", "3", "40", "45", "", "", "woo-hoodie", "Color", "Red"],
    ["13", "simple", "woo-cap", "Cap", "A cap", "", "", "", "0", "", "", "18", "Accessories", "", "", "", ""],
]  # fmt: skip


def test_woocommerce_variations_are_the_products(tmp_path: Path) -> None:
    blue, red, cap = _meta(_csv(tmp_path / "wc-product-export.csv", WOO))
    assert (blue["id"], blue["name"], blue["price"], blue["list_price"], blue["stock"]) == (
        "woo-hoodie-blue",
        "Hoodie - Blue",
        42.0,
        45.0,
        7,
    )
    assert blue["description"] == "Cosy hoodie" and blue["category"] == "Clothing"
    assert blue["image"] == "https://shop.example/h.jpg"
    # its sale ended in 2020: the customer pays the regular price
    assert (red["id"], red["name"], red["price"], red["list_price"]) == ("12", "Hoodie - Red", 45.0, None)
    assert (cap["id"], cap["price"], cap["stock"]) == ("woo-cap", 18.0, 0)


def test_a_file_without_currency_column_gets_the_named_currency(tmp_path: Path) -> None:
    path = _csv(tmp_path / "bb.csv", [["index", "product", "sale_price"], ["1", "Ghee", "250"]])
    docs, _ = read_catalog(path, {"currency": "INR"})
    assert (docs[0].metadata["price"], docs[0].metadata["currency"]) == (250.0, "INR")
