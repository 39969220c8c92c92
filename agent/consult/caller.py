"""Who is calling the agent, per invocation: the role decides which tools exist, the gate is
where the model's checked sentences stream out."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from agent.consult.gate import StreamGate
from agent.consult.state import Role


@dataclass(frozen=True)
class CallerContext:
    role: Role = Role.CUSTOMER
    gate: StreamGate | None = None  # where the model's tokens go out, checked a sentence at a time


def caller_gate(runtime: Any) -> StreamGate | None:
    context = getattr(runtime, "context", None)
    return context.gate if isinstance(context, CallerContext) else None


def caller_role(runtime: Any) -> Role:
    """The caller's role; a runtime without our context is a customer (the least trusted)."""
    context = getattr(runtime, "context", None)
    return context.role if isinstance(context, CallerContext) else Role.CUSTOMER
