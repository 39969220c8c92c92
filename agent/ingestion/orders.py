"""Read an orders file (CSV or JSON Lines): date, product id or SKU, quantity; optional unit price
and channel. Any bad row refuses the whole file, naming the file and the lines, so nothing is half
stored."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from agent.ingestion.prices import parse_price
from agent.ingestion.problems import SourceError, decode_text
from agent.ingestion.rows import read_rows

ORDER_SUFFIXES = {".csv", ".tsv", ".jsonl", ".ndjson"}
# field -> header names accepted (lower-cased), English and Chinese
_ALIASES: dict[str, tuple[str, ...]] = {
    "date": ("date", "order_date", "order date", "day", "created_at", "日期", "下单日期", "订单日期"),
    "product": ("product_id", "product id", "id", "sku", "product", "商品编号", "商品id", "货号"),
    "quantity": ("quantity", "qty", "units", "数量", "销量"),
    "unit_price": ("unit_price", "unit price", "price", "单价", "价格"),
    "channel": ("channel", "source", "渠道"),
    "order_id": ("order_id", "order id", "order", "订单号"),
}
_REQUIRED = ("date", "product", "quantity")
_SHOWN = 5  # bad lines named in the error


@dataclass(frozen=True)
class OrderRow:
    line: int
    day: date
    product: str
    quantity: int
    unit_price: float | None
    channel: str
    order_id: str | None


def read_orders(path: Path) -> list[OrderRow]:
    """Every row of ``path``; raises SourceError naming the file and the first bad lines."""
    if path.suffix.lower() not in ORDER_SUFFIXES:
        raise SourceError(path, f"not an orders file (expected {', '.join(sorted(ORDER_SUFFIXES))})")
    rows = read_rows(path, decode_text(path, path.read_bytes()))
    if not rows:
        raise SourceError(path, "no order rows found")
    columns = _columns(path, list(dict.fromkeys(k for _, raw in rows for k in raw)))
    orders: list[OrderRow] = []
    problems: list[tuple[int, str]] = []
    for line, raw in rows:
        try:
            orders.append(_order(line, raw, columns))
        except ValueError as error:
            problems.append((line, str(error)))
    if problems:
        line, reason = problems[0]
        more = problems[1:_SHOWN]
        if more:
            reason += "; also " + "; ".join(f"line {n}: {why}" for n, why in more)
        if len(problems) > _SHOWN:
            reason += f" (and {len(problems) - _SHOWN} more bad rows)"
        raise SourceError(path, f"{reason}. Nothing from this file was stored", line)
    return orders


def _columns(path: Path, headers: list[str]) -> dict[str, str]:
    lowered = {h.strip().lower(): h for h in headers}
    columns = {
        field: next(lowered[a] for a in names if a in lowered)
        for field, names in _ALIASES.items()
        if any(a in lowered for a in names)
    }
    missing = [field for field in _REQUIRED if field not in columns]
    if missing:
        raise SourceError(
            path,
            f"no {' / '.join(missing)} column (looked for "
            + "; ".join(f"{f}: {', '.join(_ALIASES[f][:4])}" for f in missing)
            + f"; found {', '.join(headers)})",
            1,
        )
    return columns


def _order(line: int, raw: dict[str, Any], columns: dict[str, str]) -> OrderRow:
    def value(field: str) -> str:
        return str(raw.get(columns.get(field, ""), "") or "").strip()

    product = value("product")
    if not product:
        raise ValueError("the product id / SKU is empty")
    return OrderRow(
        line=line,
        day=_day(value("date")),
        product=product,
        quantity=_quantity(value("quantity")),
        unit_price=_price(value("unit_price")) if "unit_price" in columns else None,
        channel=value("channel") or "unknown",
        order_id=value("order_id") or None,
    )


def _day(text: str) -> date:
    for form in ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d", "%Y年%m月%d日"):
        try:
            return datetime.strptime(text[:10] if form == "%Y-%m-%d" else text, form).date()
        except ValueError:
            continue
    raise ValueError(f"date {text!r} is not a date like 2026-11-30")


def _quantity(text: str) -> int:
    try:
        number = float(text)
    except ValueError:
        raise ValueError(f"quantity {text!r} is not a number") from None
    if number <= 0 or number != int(number):
        raise ValueError(f"quantity {text!r} must be a whole number above 0")
    return int(number)


def _price(text: str) -> float | None:
    if not text:
        return None
    price = parse_price(text)
    if price is None:
        raise ValueError(f"unit price {text!r} is not a price")
    return price.amount


def looks_like_orders(path: Path) -> bool:
    """An uploaded file whose first row has a date and a quantity column but no product name is an
    orders history, not a catalog (a catalog has names; its stock column is not a quantity)."""
    if path.suffix.lower() not in ORDER_SUFFIXES:
        return False
    try:
        rows = read_rows(path, decode_text(path, path.read_bytes()[:65536]).rsplit("\n", 1)[0])
    except SourceError:
        return False
    headers = {str(k).strip().lower() for k in (rows[0][1] if rows else {})}
    has = {field: bool(headers & set(names)) for field, names in _ALIASES.items()}
    named = bool(headers & {"name", "title", "product name", "商品名称", "名称", "标题"})
    return has["date"] and has["quantity"] and not named
