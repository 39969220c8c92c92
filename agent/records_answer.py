"""A deterministic answer built only from retrieved records: always grounded, in the customer's language."""

from __future__ import annotations

from typing import Any

_TEXT = {
    "en": {
        "products": "From our catalog:",
        "policies": "From our policies:",
        "none": "I could not find anything in our catalog or policies about that. Could you tell me more?",
        "price_unknown": "price on request",
        "in_stock": "in stock",
        "out_of_stock": "out of stock",
        "sources": "Sources",
    },
    "zh": {
        "products": "我们的商品目录中有：",
        "policies": "相关政策：",
        "none": "抱歉，我在商品目录和政策中没有找到相关信息。能再具体说说您的需求吗？",
        "price_unknown": "价格请咨询",
        "in_stock": "有货",
        "out_of_stock": "缺货",
        "sources": "来源",
    },
}


def format_price(amount: float | None, currency: str | None) -> str | None:
    if amount is None:
        return None
    symbol = {"USD": "$", "CNY": "¥", "EUR": "€", "GBP": "£"}.get(currency or "", "")
    return f"{symbol}{amount:,.2f}" + ("" if symbol or not currency else f" {currency}")


def records_answer(records: list[dict[str, Any]], language: str = "en") -> str:
    """List the products (name, price, stock) and policy passages, each with its citation.

    ``records`` are plain record dicts (see ``agent.consult.records``).
    """
    text = _TEXT.get(language, _TEXT["en"])
    if not records:
        return text["none"]
    lines: list[str] = []
    products = [r for r in records if r["kind"] == "product"]
    faqs = [r for r in records if r["kind"] == "faq"]
    if products:
        lines.append(text["products"])
        for record in products:
            price = format_price(record.get("price"), record.get("currency")) or text["price_unknown"]
            stock = text["out_of_stock"] if record.get("stock") == 0 else text["in_stock"]
            lines.append(f"- **{record['name']}** — {price}, {stock} [{record['id']}]")
    if faqs:
        lines.append(text["policies"])
        for record in faqs:
            lines.append(f"- {record.get('text', '')} [{record['title']}]")
    sources = sorted({r["source"] for r in records})
    lines.append(f"\n{text['sources']}: " + ", ".join(sources))
    return "\n".join(lines)
