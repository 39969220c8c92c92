"""What a conversation remembers between turns (stored by the LangGraph checkpointer)."""

from __future__ import annotations

from enum import StrEnum
from typing import Any, NotRequired

from langchain.agents.middleware import AgentState


class Stage(StrEnum):
    GREETING = "greeting"
    NEEDS_DISCOVERY = "needs_discovery"
    RECOMMENDATION = "recommendation"
    OBJECTION_HANDLING = "objection_handling"
    CLOSING = "closing"
    AFTER_SALES = "after_sales"


class Role(StrEnum):
    """Who is talking, decided on the server: staff from their login (the users file), everyone
    else a customer. The one set of role names: logins, web sessions and the agent use it."""

    CUSTOMER = "customer"
    SALESPERSON = "salesperson"
    ADMIN = "admin"

    @property
    def is_staff(self) -> bool:
        return self is not Role.CUSTOMER


STAFF_ROLES = (Role.SALESPERSON, Role.ADMIN)  # what a staff login may hold


class ConsultState(AgentState[Any]):
    """The agent's messages plus the sales facts decided in code.

    ``records`` are this turn's catalog/policy records; ``seen`` keeps the id of every record shown
    in the conversation (the validator accepts facts from earlier turns; ids keep checkpoints small); ``recommended`` is the ordered
    list "the second one" refers to; ``focus`` the products the last answer was about ("it"); ``outcome`` is the latest message's outcome (intent, citations, checks).
    """

    stage: NotRequired[str]
    profile: NotRequired[dict[str, Any]]
    records: NotRequired[list[dict[str, Any]]]
    seen: NotRequired[list[str]]
    recommended: NotRequired[list[str]]
    focus: NotRequired[list[str]]  # the products the last answer was about: what "it" means
    complaints: NotRequired[int]
    handoff: NotRequired[str | None]  # the open handoff ticket; cleared when the conversation moves on
    outcome: NotRequired[dict[str, Any]]  # this message's intent, stage, checks and citations
