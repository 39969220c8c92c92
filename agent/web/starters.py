"""Conversation starters, built from the shop's own catalog: sales tasks for staff; for customers,
a greeting with suggestions in their language (the browser's, until their first message says
otherwise). No sample product or category is offered to another shop's customers."""

from __future__ import annotations

from statistics import median
from typing import Any

import chainlit as cl

from agent.answer.render import money
from agent.consult.state import Role
from agent.prompts import load_localized
from agent.retrieval.hybrid import HybridRetriever
from agent.settings import Settings


def language_of(browser_language: str | None) -> str:
    """``zh`` for any Chinese browser (zh-CN, zh-Hans...), else ``en``: the languages we answer in."""
    return "zh" if (browser_language or "").lower().startswith("zh") else "en"


def _pairs(text: str) -> list[tuple[str, str]]:
    """``label | message`` lines as (label, message) pairs."""
    return [
        (label.strip(), message.strip())
        for label, _, message in (line.partition("|") for line in text.splitlines())
    ]


def customer_suggestions(language: str, retriever: HybridRetriever) -> list[tuple[str, str]]:
    """``prompts/starters_customer.<language>.txt`` with the catalog's largest category."""
    categories = retriever.categories.categories
    category = categories[0] if categories else ""
    name = "starters_customer" if category else "starters_customer_general"
    return _pairs(load_localized(name, language, category=category))


def staff_examples(retriever: HybridRetriever, language: str = "en") -> list[tuple[str, str]]:
    """``prompts/starters_staff.<language>.txt`` with two products of the largest category, their
    usual price as a budget (none of the sample store's when the catalog is another shop's)."""
    products = [m for m in retriever.product_metadata.values() if m.get("price")]
    categories = retriever.categories.categories
    if not products or not categories:
        return _pairs(load_localized("starters_staff_general", language))
    same = [m for m in products if m.get("category") == categories[0]] or products
    first, second = same[0], same[1 % len(same)]
    return _pairs(
        load_localized(
            "starters_staff",
            language,
            category=categories[0],
            budget=_budget(same, language),
            product=_named(first),
            other=_named(second),
        )
    )


def _named(meta: dict[str, Any]) -> str:
    return f"{meta['name']} ({meta['id']})"


def _budget(products: list[dict[str, Any]], language: str) -> str:
    """The category's median price, rounded up to two significant figures ($900, not $873.50)."""
    middle = median(float(m["price"]) for m in products)
    step = 10 ** max(0, len(str(int(middle))) - 2)
    return money(-(-middle // step) * step, products[0].get("currency"), language)


def starters_for(role: Role, retriever: HybridRetriever, language: str = "en") -> list[cl.Starter]:
    chosen = (
        staff_examples(retriever, language) if role.is_staff else customer_suggestions(language, retriever)
    )
    return [cl.Starter(label=label, message=message) for label, message in chosen]


async def greet_customer(
    settings: Settings, retriever: HybridRetriever, browser_language: str | None
) -> None:
    """The greeting, with the suggestions as buttons that send them (starters would hide under it)."""
    language = language_of(browser_language)
    suggestions = customer_suggestions(language, retriever)
    items = [{"label": label, "message": message} for label, message in suggestions]
    await cl.Message(
        content=load_localized(
            "greeting", language, assistant=settings.assistant_name, shop_name=settings.shop_name
        ),
        elements=[cl.CustomElement(name="Starters", props={"items": items}, display="inline")],  # type: ignore[misc]
    ).send()
