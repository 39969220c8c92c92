"""A deterministic answer built only from retrieved records: always grounded, in the customer's language."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from agent.answer.render import money
from agent.answer.vocabulary import backing_of, words_of
from agent.ingestion.cleaning import spec_pairs
from agent.language import detect_language
from agent.prompts import load_localized

_TEXT = {
    "en": {
        "products": "From our catalog:",
        "policies": "From our policies:",
        "policies_quoted": "From our policies (as the shop wrote them):",
        "none": "I could not find anything in our catalog or policies about that. Could you tell me more?",
        "price_unknown": "price on request",
        "in_stock": "in stock",
        "out_of_stock": "out of stock",
        "was": "list price",
        "cheaper": "{low} is the cheaper of the two: {low_price}, against {high_price} for {high}.",
        "same_price": "Both cost the same: {low_price}.",
    },
    "zh": {
        "products": "我们的商品目录中有：",
        "policies": "相关政策：",
        "policies_quoted": "相关政策（店铺原文）：",
        "none": "抱歉，我在商品目录和政策中没有找到相关信息。能再具体说说您的需求吗？",
        "price_unknown": "价格请咨询",
        "in_stock": "有货",
        "out_of_stock": "缺货",
        "was": "原价",
        "cheaper": "两款中 {low} 更便宜：{low_price}，{high} 是 {high_price}。",
        "same_price": "两款价格相同，都是 {low_price}。",
    },
}


def format_price(amount: float | None, currency: str | None, language: str = "en") -> str | None:
    return None if amount is None else money(amount, currency, language)


def price_words(record: dict[str, Any], language: str = "en") -> str:
    """The price the customer pays, and the catalog's own list price when it shows a discount."""
    text = _TEXT.get(language, _TEXT["en"])
    currency = record.get("currency")
    price = format_price(record.get("price"), currency, language) or text["price_unknown"]
    listed = record.get("list_price")
    if listed and record.get("price") is not None and listed > record["price"]:
        price += f" ({text['was']} {format_price(listed, currency, language)})"
    return price


def stock_word(stock: int | None, language: str) -> str | None:
    """What the catalog says about stock; None when it does not say (never guess "in stock")."""
    if stock is None:
        return None
    text = _TEXT.get(language, _TEXT["en"])
    return text["out_of_stock"] if stock == 0 else text["in_stock"]


def brand_words(record: dict[str, Any]) -> str:
    """ " (Tetley)" when the name does not say the brand: BigBasket lists "Green Coffee" by several
    brands at several prices, and a customer tells them apart by the brand."""
    brand = " ".join(str(record.get("brand") or "").split())
    name = str(record.get("name") or "")
    return f" ({brand})" if brand and brand.casefold() not in name.casefold() else ""


def records_answer(
    records: list[dict[str, Any]],
    language: str = "en",
    missing_topics: list[str] | None = None,
    asked: Sequence[str] = (),
) -> str:
    """List the products (name, price, stock, and the specs the customer ``asked`` about in their
    own words, or all specs of a lone product) and policy passages, and say which asked-about
    topics (``missing_topics``) no policy covers.

    ``records`` are plain record dicts (see ``agent.consult.records``).
    """
    text = _TEXT.get(language, _TEXT["en"])
    missing = (
        load_localized("reply_missing_topic", language, topics=", ".join(missing_topics))
        if missing_topics
        else ""
    )
    if not records:
        return missing or text["none"]
    lines: list[str] = []
    products = [r for r in records if r["kind"] == "product"]
    faqs = [r for r in records if r["kind"] == "faq"]
    if products:
        lines.append(text["products"])
        every_spec = len(products) == 1  # one product: all it has ("tell me more"); several: the asked
        for record in products:
            price = price_words(record, language)
            stock = stock_word(record.get("stock"), language)
            shown = "".join(
                f"; {k}: {v}" for k, v in spec_pairs(record.get("specs")) if every_spec or _asked(k, asked)
            )
            lines.append(
                f"- **{record['name']}**{brand_words(record)} — {price}{', ' + stock if stock else ''}{shown}"
            )
    if faqs:
        # Passages are quoted, not translated (a translation could change what they promise): a
        # Chinese customer reading an English policy is told it is the shop's own wording.
        foreign = any(detect_language(str(r.get("text") or "")) != language for r in faqs)
        lines.append(text["policies_quoted" if foreign else "policies"])
        for record in faqs:
            lines.append(f"- {record['title']}: {record.get('text', '')}")
    if missing:
        lines.append(missing)
    return "\n".join(lines)


def _asked(key: str, asked: Sequence[str]) -> bool:
    """Whether a spec is one the customer asked about ("续航" is the Battery spec, "weight" Weight)."""
    backing = backing_of([key])
    return any(backing.has(word) for a in asked for word in words_of(a))


def cheaper_of_two(records: Sequence[dict[str, Any]], language: str = "en") -> str:
    """Which of two products costs less, from their catalog prices: the answer to "which one is
    cheaper?" that a listing alone leaves to the reader. "" unless there are exactly two products,
    both priced in one currency."""
    products = [r for r in records if r["kind"] == "product"]
    if len(products) != 2 or len({p.get("currency") for p in products}) != 1:
        return ""
    if any(p.get("price") is None for p in products):
        return ""
    low, high = sorted(products, key=lambda p: float(p["price"]))
    text = _TEXT.get(language, _TEXT["en"])
    return text["same_price" if low["price"] == high["price"] else "cheaper"].format(
        low=f"{low['name']}{brand_words(low)}",
        high=f"{high['name']}{brand_words(high)}",
        low_price=format_price(low["price"], low.get("currency"), language),
        high_price=format_price(high["price"], high.get("currency"), language),
    )
