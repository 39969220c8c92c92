"""Find the catalog fields in whatever columns a shop's export happens to use (English or Chinese)."""

from __future__ import annotations

import re
from collections.abc import Sequence

# Field -> header names seen in real exports (compared case-insensitively, _ and - as spaces), best
# first. Chinese exports name the same fields in Chinese.
FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "id": (
        "id", "sku", "variant sku", "product id", "uniq id", "asin", "item id", "product code",
        "item code", "index", "商品编码", "商品编号", "商品id", "编号", "货号", "编码", "sku编码", "条码",
    ),
    "name": (
        "name", "title", "product name", "product title", "item name", "product",
        "商品名称", "名称", "标题", "商品标题", "品名", "商品",
    ),
    # What the customer pays: a sale price wins over the regular one.
    "price": (
        "sale price", "variant price", "price", "selling price", "our price", "unit price", "offer price",
        "现价", "售价", "促销价", "价格", "单价", "销售价",
    ),
    # The crossed-out price: kept as a field, never what the customer pays.
    "list_price": (
        "market price", "regular price", "compare at price", "variant compare at price", "list price",
        "mrp", "original price", "retail price", "原价", "市场价", "划线价", "吊牌价",
    ),
    "currency": ("currency", "currency code", "币种", "货币"),
    "description": (
        "description", "about product", "product description", "details", "body (html)", "body html",
        "short description", "商品描述", "描述", "详情", "商品详情", "简介",
    ),
    "category": (
        "category", "categories", "product category", "department", "分类", "类目", "商品分类", "类别",
    ),
    "subcategory": ("sub category", "subcategory", "子类目", "二级类目", "子分类"),
    "brand": ("brand", "brand name", "manufacturer", "maker", "vendor", "品牌", "厂商"),
    "stock": (
        "stock", "quantity", "inventory", "qty", "in stock", "stock quantity", "variant inventory qty",
        "in stock?", "库存", "库存数量", "数量",
    ),
    "key_specs": (
        "key specs", "specs", "specifications", "product specification", "features", "technical details",
        "规格", "参数", "规格参数", "商品参数",
    ),
    "image": ("image", "image src", "images", "image url", "main image", "picture", "图片", "主图", "商品图片"),
    "url": ("url", "product url", "link", "permalink", "page url", "商品链接", "链接"),
    # Whether the listing is for sale at all: draft/archived, unpublished, hidden, 下架.
    "listing": (
        "status", "published", "is on sale", "on sale status", "listed", "上架状态", "是否上架", "上下架",
        "商品状态", "销售状态", "状态",
    ),
    "visibility": ("visibility in catalog", "catalog visibility", "visibility", "可见性"),
}  # fmt: skip
# Columns that each hold one attribute of the product: kept as its specs, under the shop's own
# header ("Type: Green Tea; Rating: 3.9"), so "tell me more" has the facts the export has.
SPEC_COLUMNS = frozenset(
    {
        "type", "product type", "rating", "average rating", "weight", "net weight", "item weight",
        "color", "colour", "size", "material", "dimensions", "flavour", "flavor", "pack size", "model",
        "颜色", "尺寸", "尺码", "重量", "净含量", "材质", "口味", "型号", "评分", "产地",
    }
)  # fmt: skip
SPEC_FIELD = "spec:"  # a mapped field "spec:Rating" is the column "Rating", kept as a spec
# A candidate column filled on fewer rows than this loses to the next alias. A sale price column
# is often filled only for the products on sale: each row falls back to its list price.
_MIN_FILLED = 0.5
_MIN_FILLED_BY_FIELD = {"price": 1e-9}


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


def detect_columns(
    headers: list[str],
    overrides: dict[str, str] | None = None,
    rows: Sequence[dict[str, object]] = (),
) -> dict[str, str]:
    """Map each known field to the header that holds it. Overrides win over detection.

    With ``rows``, a candidate column must be filled on most rows (an empty ``Sku`` column beside
    a filled ``Uniq Id`` loses), and an id column must also hold a distinct value on each row.
    """
    by_normal = {normalize_header(h): h for h in headers if h is not None and h.strip()}
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
        # An id column must be filled and distinct on every row; failing that, the best filled
        # one (its repeats are reported as duplicate ids, never silently merged).
        for strict in (True, False) if field == "id" else (False,):
            candidates = [by_normal[a] for a in aliases if a in by_normal and by_normal[a] not in taken]
            chosen = next((c for c in candidates if _believable(field, c, rows, strict)), None)
            if chosen is not None:
                mapping[field] = chosen
                taken.add(chosen)
                break
    if "price" not in mapping and "list_price" in mapping:  # the only price there is, is the price
        mapping["price"] = mapping.pop("list_price")
    taken = set(mapping.values())
    for normal, header in by_normal.items():
        if normal in SPEC_COLUMNS and header not in taken:
            label = " ".join(header.split())
            mapping[SPEC_FIELD + (label.capitalize() if label.islower() else label)] = header
    return mapping


def _believable(field: str, column: str, rows: Sequence[dict[str, object]], unique: bool) -> bool:
    if not rows:
        return True
    values = [str(row.get(column) or "").strip() for row in rows]
    filled = [v for v in values if v]
    if len(filled) < _MIN_FILLED_BY_FIELD.get(field, _MIN_FILLED) * len(values):
        return False
    return not unique or (len(filled) == len(values) and len(set(filled)) == len(filled))
