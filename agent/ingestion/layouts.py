"""Turn an export's rows into one row of catalog fields per product a customer can ask for.

Three layouts: flat (one row, one product), Shopify (rows grouped by ``Handle``, each variant row
with its own SKU, price and stock, continuation rows with a blank ``Title``) and WooCommerce
(``variation`` rows that point to their ``variable`` product through ``Parent``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from agent.ingestion.columns import normalize_header

Fields = dict[str, str]  # catalog field -> raw text
ProductRow = tuple[int, Fields]  # (1-based line in the source, fields)
RawRow = tuple[int, dict[str, Any]]


def text(value: Any) -> str:
    if isinstance(value, list):
        value = ", ".join(str(v) for v in value)
    return "" if value is None else str(value).strip()


def detect_layout(headers: list[str]) -> str:
    normal = {normalize_header(h) for h in headers if h}
    if {"handle", "variant price"} <= normal:
        return "shopify"
    if {"type", "parent"} <= normal and normal & {"regular price", "sale price"}:
        return "woocommerce"
    return "flat"


def flat_rows(rows: list[RawRow], mapping: dict[str, str]) -> list[ProductRow]:
    out = []
    for line, raw in rows:
        fields = {field: text(raw.get(column)) for field, column in mapping.items()}
        if not fields.get("price") and fields.get("list_price"):
            fields["price"], fields["list_price"] = fields["list_price"], ""
        out.append((line, fields))
    return out


def _getter(raw: dict[str, Any]) -> Callable[[str], str]:
    by_normal = {normalize_header(k): v for k, v in raw.items() if k}
    return lambda header: text(by_normal.get(header))


def _options(get: Callable[[str], str], name_key: str, value_key: str) -> list[tuple[str, str]]:
    pairs = [(get(name_key.format(n)), get(value_key.format(n))) for n in (1, 2, 3)]
    return [(k, v) for k, v in pairs if v and v.lower() != "default title"]


def _variant_name(title: str, options: list[tuple[str, str]]) -> str:
    return f"{title} - {' / '.join(v for _, v in options)}" if options else title


def _specs(options: list[tuple[str, str]], *more: str) -> str:
    return "; ".join([*(f"{k}: {v}" for k, v in options if k), *filter(None, more)])


def shopify_rows(rows: list[RawRow]) -> list[ProductRow]:
    products: dict[str, Fields] = {}  # handle -> the product's own fields (its first row)
    out: list[ProductRow] = []
    for line, raw in rows:
        get = _getter(raw)
        handle = get("handle")
        if not handle:
            continue
        parent = products.setdefault(handle, {})
        if get("title"):
            parent.update(
                name=get("title"),
                description=get("body (html)"),
                brand=get("vendor"),
                category=get("product category") or get("type"),
                image=get("image src"),
                tags=get("tags"),
                listing=get("status"),
                visibility=get("published"),
            )
        elif not parent.get("image") and get("image src"):
            parent["image"] = get("image src")
        if not (get("variant price") or get("variant sku") or get("option1 value")):
            continue  # an extra image row, not a variant
        options = _options(get, "option{} name", "option{} value")
        sku = get("variant sku")
        fields: Fields = {
            "id": sku or "/".join([handle, *(re.sub(r"\W+", "-", v.lower()) for _, v in options)]),
            "name": _variant_name(parent.get("name", handle), options),
            "price": get("variant price"),
            "list_price": get("variant compare at price"),
            "stock": get("variant inventory qty"),
            "image": get("variant image") or parent.get("image", ""),
            "key_specs": _specs(options),
            "group": handle,
        }
        out.append((line, fields))
    # Shared fields come from the product's row, which may follow a variant's in a sorted export.
    for _, fields in out:
        parent = products[fields.pop("group")]
        for key in ("description", "brand", "category", "listing", "visibility"):
            fields.setdefault(key, parent.get(key, ""))
        if not fields["image"]:
            fields["image"] = parent.get("image", "")
    return out


def woocommerce_rows(rows: list[RawRow], today: dt.date | None = None) -> list[ProductRow]:
    getters = [(line, _getter(raw)) for line, raw in rows]
    parents: dict[str, Callable[[str], str]] = {}
    for _, get in getters:
        if get("type").lower() == "variable":
            for key in filter(None, (get("id"), get("sku"))):
                parents[key] = get
                parents[f"id:{key}"] = get
    referenced = {g("parent") for _, g in getters if g("type").lower() == "variation"}
    out: list[ProductRow] = []
    for line, get in getters:
        kind = get("type").lower()
        own_keys = {get("id"), f"id:{get('id')}", get("sku")} - {"", "id:"}
        if kind == "variable" and own_keys & referenced:
            continue  # its variations are the products a customer can buy
        parent = parents.get(get("parent"), lambda _header: "") if kind == "variation" else None

        def field(header: str, get: Callable[[str], str] = get, parent: Any = parent) -> str:
            return get(header) or (parent(header) if parent else "")

        options = _options(get, "attribute {} name", "attribute {} value(s)")
        regular, sale = field("regular price"), _sale_price(get, today or dt.date.today())
        base_name = get("name") or (_variant_name(parent("name"), options) if parent else "")
        out.append(
            (
                line,
                {
                    "id": get("sku") or get("id"),
                    "name": base_name,
                    "price": sale or regular,
                    "list_price": regular if sale else "",
                    "stock": get("stock") or get("in stock?"),
                    "description": field("short description") or field("description"),
                    "category": field("categories").split(",")[0].strip(),
                    "brand": field("brands") or field("brand"),
                    "image": field("images"),
                    "key_specs": _specs(options),
                    "listing": field("published"),
                    "visibility": field("visibility in catalog"),
                },
            )
        )
    return out


def _sale_price(get: Callable[[str], str], today: dt.date) -> str:
    """The sale price when it applies today: only between its dates, when they are set."""
    sale = get("sale price")
    starts, ends = _date(get("date sale price starts")), _date(get("date sale price ends"))
    if not sale or (starts and today < starts) or (ends and today > ends):
        return ""
    return sale


def _date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None
