"""The report as Markdown: readable in a terminal and rendered by the admin view."""

from __future__ import annotations

from datetime import timedelta

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
        f"- Customer conversations: **{report.conversations}** ({report.customer_turns} messages)",
        f"- Leads: **{len(report.leads)}**, handoffs: **{len(report.handoffs)}**",
        f"- Feedback: {report.thumbs_up} thumbs up, {report.thumbs_down} thumbs down",
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
                ", ".join(lead["contact"].values()),
            )
            for lead in report.leads
        ],
    )
    lines += ["", "### Handoffs"]
    lines += _table(
        ("ticket", "when", "reason", "summary"),
        [(h["id"], h["created_at"], h["reason"], h["summary"]) for h in report.handoffs],
    )
    if report.comments:
        lines += ["", "### Feedback comments", *[f"- {comment}" for comment in report.comments]]
    return "\n".join(lines)
