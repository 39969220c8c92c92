"""Conversation starters: sales tasks for staff, common questions for customers."""

from __future__ import annotations

import chainlit as cl

from agent.consult.state import Role

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
_CUSTOMER = [
    ("Find a laptop", "I need a laptop for school under $700."),
    ("Shipping", "How long does delivery take and what does it cost?"),
    ("降噪耳机", "有没有适合通勤的降噪耳机？"),
]


def starters_for(role: Role) -> list[cl.Starter]:
    chosen = _STAFF if role.is_staff else _CUSTOMER
    return [cl.Starter(label=label, message=message) for label, message in chosen]
