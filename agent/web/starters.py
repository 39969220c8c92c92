"""Conversation starters: sales tasks for staff; for customers, a greeting with suggestions in
their language (the browser's, until their first message says otherwise)."""

from __future__ import annotations

import chainlit as cl

from agent.consult.state import Role
from agent.prompts import load_localized
from agent.settings import Settings

_STAFF = [
    (
        "Recommend for a customer",
        "A student needs a light laptop for university, budget $900. What do you recommend and why?",
    ),
    (
        "Draft a follow-up email",
        "Draft a follow-up email to a customer who asked about the Voltix AirBook 13 (LAP-001).",
    ),
    ("Compare two products", "Compare LAP-001 and LAP-004 for a customer who travels a lot."),
]


def language_of(browser_language: str | None) -> str:
    """``zh`` for any Chinese browser (zh-CN, zh-Hans...), else ``en``: the languages we answer in."""
    return "zh" if (browser_language or "").lower().startswith("zh") else "en"


def customer_suggestions(language: str) -> list[tuple[str, str]]:
    """(label, message) pairs from ``prompts/starters_customer.<language>.txt``, one ``label | message`` a line."""
    lines = load_localized("starters_customer", language).splitlines()
    return [(label.strip(), message.strip()) for label, _, message in (line.partition("|") for line in lines)]


def starters_for(role: Role, language: str = "en") -> list[cl.Starter]:
    chosen = _STAFF if role.is_staff else customer_suggestions(language)
    return [cl.Starter(label=label, message=message) for label, message in chosen]


async def greet_customer(settings: Settings, browser_language: str | None) -> None:
    """The greeting, with the suggestions as buttons that send them (starters would hide under it)."""
    language = language_of(browser_language)
    items = [{"label": label, "message": message} for label, message in customer_suggestions(language)]
    await cl.Message(
        content=load_localized(
            "greeting", language, assistant=settings.assistant_name, shop_name=settings.shop_name
        ),
        elements=[cl.CustomElement(name="Starters", props={"items": items}, display="inline")],  # type: ignore[misc]
    ).send()
