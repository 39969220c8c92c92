import pytest

from agent.ingestion.columns import ColumnMappingError, detect_columns, parse_column_overrides


def test_common_export_headers_are_detected_case_insensitively() -> None:
    headers = [
        "Uniq Id",
        "Product Name",
        "Selling Price",
        "About Product",
        "Categories",
        "Brand Name",
        "Quantity",
    ]
    mapping = detect_columns(headers)
    assert mapping == {
        "id": "Uniq Id",
        "name": "Product Name",
        "price": "Selling Price",
        "description": "About Product",
        "category": "Categories",
        "brand": "Brand Name",
        "stock": "Quantity",
    }


def test_amazon_style_headers() -> None:
    mapping = detect_columns(["ASIN", "title", "list_price", "product-description", "inventory"])
    assert mapping["id"] == "ASIN" and mapping["price"] == "list_price"
    assert mapping["description"] == "product-description" and mapping["stock"] == "inventory"


def test_overrides_win_and_accept_quoted_names() -> None:
    overrides = parse_column_overrides('name=Title,price="Our Price"')
    assert overrides == {"name": "Title", "price": "Our Price"}
    mapping = detect_columns(["Title", "Our Price", "price", "Name"], overrides)
    assert mapping["name"] == "Title" and mapping["price"] == "Our Price"


def test_shell_stripped_quotes_still_parse() -> None:
    assert parse_column_overrides("name=Title,price=Our Price") == {"name": "Title", "price": "Our Price"}


def test_unknown_field_and_missing_column_are_named() -> None:
    with pytest.raises(ColumnMappingError, match="unknown field 'colour'"):
        parse_column_overrides("colour=Farbe")
    with pytest.raises(ColumnMappingError, match="no such column"):
        detect_columns(["Title"], {"price": "Our Price"})
