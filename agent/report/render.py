"""The report as Markdown: readable in a terminal and rendered by the admin view."""

from __future__ import annotations

from datetime import timedelta

from agent.handoff.figures import HandoffFigures
from agent.insights.ask import forecast_line
from agent.insights.demand import DemandView
from agent.report.collect import SalesReport


def _table(header: tuple[str, ...], rows: list[tuple[object, ...]]) -> list[str]:
    if not rows:
        return ["(none)"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(cell).replace("|", "/") for cell in row) + " |" for row in rows]
    return lines


def as_markdown(report: SalesReport, top: int = 10) -> str:
    last_day = report.until - timedelta(days=1)
    lines = [
        f"## Sales report {report.since} to {last_day}",
        "",
        *([f"- No conversations yet: {report.nothing_yet}"] if report.nothing_yet else []),
        f"- Customer conversations: **{report.conversations}** ({report.customer_turns} messages)",
        f"- Leads: **{len(report.leads)}**, handoffs: **{len(report.handoffs)}**",
        f"- Feedback: {report.thumbs_up} thumbs up, {report.thumbs_down} thumbs down",
        f"- Drafts for salespeople: {report.drafts['made']} made, {report.drafts['approved']} approved",
        "",
        "### Intents",
    ]
    total = sum(report.intents.values()) or 1
    lines += _table(
        ("intent", "messages", "share"),
        [(name, n, f"{n / total:.0%}") for name, n in report.intents.most_common()],
    )
    lines += ["", "### Top requested products"]
    lines += _table(
        ("product", "name", "times shown"),
        [(pid, name, n) for (pid, name), n in report.products.most_common(top)],
    )
    lines += ["", "### Leads"]
    lines += _table(
        ("lead", "when", "items", "contact"),
        [
            (
                lead["id"],
                lead["created_at"],
                ", ".join(f"{i['quantity']} x {i['name']}" for i in lead["items"]),
                ", ".join(lead["contact"]) or "-",  # which contact was left, never the contact itself
            )
            for lead in report.leads
        ],
    )
    lines += ["", "### Handoffs"]
    lines += _table(
        ("ticket", "when", "reason", "summary"),
        [(h["id"], h["created_at"], h["reason"], h["summary"]) for h in report.handoffs],
    )
    if report.live and report.live.requested:
        lines += ["", *_live_lines(report.live)]
    if report.comments:
        lines += ["", "### Feedback comments", *[f"- {comment}" for comment in report.comments]]
    return "\n".join(lines)


def _live_lines(live: HandoffFigures) -> list[str]:
    waited = (
        f", first human reply after {_duration(live.median_first_reply_s)} (median), "
        f"{_duration(live.longest_first_reply_s)} at the longest"
        if live.median_first_reply_s is not None and live.longest_first_reply_s is not None
        else ""
    )
    return [
        "### Handoffs to a person",
        f"- {live.answered} of {live.requested} answered by a salesperson in the chat{waited}; "
        f"**{live.never_answered} never answered**",
    ]


def _duration(seconds: float) -> str:
    return f"{seconds:.0f} s" if seconds < 120 else f"{seconds / 60:.0f} min"


def demand_markdown(view: DemandView) -> str:
    """Each category's forecast, the stock flags and the products too new to forecast."""
    lines = [f"### Demand forecast (sales history to {view.last_day})"]
    categories = sorted({view.category_of(p) for p in view.histories})
    lines += [f"- {forecast_line(view, category)}" for category in categories] or ["(no sales history)"]
    lines += ["", "### Will run short"]
    lines += [f"- {s.message()}" for s in view.shortages] or ["(none)"]
    if view.too_short:
        lines += ["", "### Not enough history to forecast"]
        lines += [f"- {view.name_of(k)} ({n.history_days} days)" for k, n in sorted(view.too_short.items())]
    return "\n".join(lines)
