"""A deterministic answer built only from retrieved records: always grounded, in the customer's language."""

from __future__ import annotations

from agent.retrieval.hybrid import Hit

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


def records_answer(hits: list[Hit], language: str = "en") -> str:
    """List the products (name, price, stock) and policy passages, each with its citation."""
    text = _TEXT.get(language, _TEXT["en"])
    if not hits:
        return text["none"]
    lines: list[str] = []
    products = [h for h in hits if h.meta["kind"] == "product"]
    faqs = [h for h in hits if h.meta["kind"] == "faq"]
    if products:
        lines.append(text["products"])
        for hit in products:
            meta = hit.meta
            price = format_price(meta.get("price"), meta.get("currency")) or text["price_unknown"]
            stock = text["out_of_stock"] if meta.get("stock") == 0 else text["in_stock"]
            lines.append(f"- **{meta['name']}** — {price}, {stock} [{meta['id']}]")
    if faqs:
        lines.append(text["policies"])
        for hit in faqs:
            body = hit.document.page_content.split("\n", 1)[-1].strip()
            lines.append(f"- {body} [{hit.meta['title']}]")
    sources = sorted({h.meta["source"] for h in hits})
    lines.append(f"\n{text['sources']}: " + ", ".join(sources))
    return "\n".join(lines)
