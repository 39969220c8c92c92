"""Find the catalog fields in whatever columns a shop's export happens to use."""

from __future__ import annotations

import re

# Field -> header names seen in real exports (compared case-insensitively, _ and - as spaces).
FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("id", "sku", "product id", "uniq id", "asin", "item id", "product code"),
    "name": ("name", "title", "product name", "product title", "item name"),
    "price": ("price", "selling price", "sale price", "list price", "our price", "unit price"),
    "currency": ("currency", "currency code"),
    "description": ("description", "about product", "product description", "details"),
    "category": ("category", "categories", "product category", "department"),
    "brand": ("brand", "brand name", "manufacturer", "maker"),
    "stock": ("stock", "quantity", "inventory", "qty", "in stock", "stock quantity"),
    "key_specs": ("key specs", "specs", "specifications", "product specification", "features"),
}


class ColumnMappingError(ValueError):
    """The ``--columns`` text or a mapped column is wrong."""


def normalize_header(header: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[_\-]+", " ", header.strip().lower()))


def parse_column_overrides(spec: str | None) -> dict[str, str]:
    """Parse ``name=Title,price="Our Price"`` into ``{"name": "Title", "price": "Our Price"}``."""
    if not spec:
        return {}
    overrides: dict[str, str] = {}
    for field, quoted_d, quoted_s, bare in re.findall(
        r"\s*([A-Za-z_]+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^,]*))\s*(?:,|$)", spec
    ):
        field = field.lower()
        if field not in FIELD_ALIASES:
            known = ", ".join(FIELD_ALIASES)
            raise ColumnMappingError(f"--columns: unknown field {field!r} (known fields: {known})")
        overrides[field] = (quoted_d or quoted_s or bare).strip()
    if not overrides:
        raise ColumnMappingError(f"--columns: cannot read {spec!r}; expected field=Column,field=Column")
    return overrides


def detect_columns(headers: list[str], overrides: dict[str, str] | None = None) -> dict[str, str]:
    """Map each known field to the header that holds it. Overrides win over detection."""
    by_normal = {normalize_header(h): h for h in headers if h is not None}
    mapping: dict[str, str] = {}
    for field, header in (overrides or {}).items():
        actual = by_normal.get(normalize_header(header))
        if actual is None:
            raise ColumnMappingError(
                f"--columns maps {field} to {header!r}, but there is no such column (columns: "
                + ", ".join(repr(h) for h in headers)
                + ")"
            )
        mapping[field] = actual
    taken = set(mapping.values())
    for field, aliases in FIELD_ALIASES.items():
        if field in mapping:
            continue
        for alias in aliases:
            candidate = by_normal.get(alias)
            if candidate is not None and candidate not in taken:
                mapping[field] = candidate
                taken.add(candidate)
                break
    return mapping
