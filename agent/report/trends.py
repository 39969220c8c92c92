"""The report's time series and funnel, from the rows ``collect`` read (labels and ids only: no
customer words or contact details reach a chart)."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from datetime import date, timedelta

from agent.report.collect import SalesReport

DISCOVERY_INTENTS = frozenset({"product_recommendation", "product_question", "price_inquiry", "comparison"})
FUNNEL_STEPS = ("conversation", "needs discovery", "recommendation", "closing", "order request")


@dataclass(frozen=True)
class Buckets:
    """Days or weeks (a range longer than nine weeks is shown by week)."""

    starts: list[date]
    weekly: bool

    def of(self, timestamp: str) -> date:
        day = date.fromisoformat(timestamp[:10])
        return day - timedelta(days=day.weekday()) if self.weekly else day


def buckets(report: SalesReport) -> Buckets:
    weekly = (report.until - report.since).days > 63
    first = report.since - timedelta(days=report.since.weekday()) if weekly else report.since
    step = 7 if weekly else 1
    starts = [first + timedelta(days=n) for n in range(0, (report.until - first).days, step)]
    return Buckets(starts, weekly)


def activity(report: SalesReport, b: Buckets) -> dict[str, list[int]]:
    """Conversations, messages, leads and handoffs per bucket."""
    threads: dict[date, set[str]] = defaultdict(set)
    counts: dict[str, Counter[date]] = {k: Counter() for k in ("messages", "leads", "handoffs")}
    for turn in report.turns:
        threads[b.of(turn["created_at"])].add(turn["thread_id"])
        counts["messages"][b.of(turn["created_at"])] += 1
    for kind, rows in (("leads", report.leads), ("handoffs", report.handoffs)):
        for row in rows:
            counts[kind][b.of(row["created_at"])] += 1
    series = {"conversations": [len(threads[s]) for s in b.starts]}
    series |= {kind: [counter[s] for s in b.starts] for kind, counter in counts.items()}
    return series


def intents_over_time(report: SalesReport, b: Buckets) -> dict[str, list[int]]:
    per: dict[str, Counter[date]] = defaultdict(Counter)
    for turn in report.turns:
        per[turn["intent"]][b.of(turn["created_at"])] += 1
    return {intent: [per[intent][s] for s in b.starts] for intent, _ in report.intents.most_common()}


def funnel(report: SalesReport) -> list[tuple[str, int]]:
    """How many conversations reached each step (a step counts only if the ones before it did)."""
    by_thread: dict[str, list[dict[str, object]]] = defaultdict(list)
    for turn in report.turns:
        by_thread[str(turn["thread_id"])].append(turn)
    leads = {row["thread_id"] for row in report.leads}
    reached = Counter[str]()
    for thread, turns in by_thread.items():
        steps = [
            True,
            any(t["intent"] in DISCOVERY_INTENTS for t in turns),
            any(t["products"] for t in turns),
            any(t["intent"] == "purchase" for t in turns) or thread in leads,
            thread in leads,
        ]
        for name, hit in zip(FUNNEL_STEPS, steps, strict=True):
            if not hit:
                break
            reached[name] += 1
    return [(name, reached[name]) for name in FUNNEL_STEPS]


def product_demand(report: SalesReport, b: Buckets, top: int = 5) -> dict[str, list[int]]:
    """The most shown products' times shown per bucket, by name."""
    names = [name for (_, name), _ in report.products.most_common(top)]
    per: dict[str, Counter[date]] = defaultdict(Counter)
    for turn in report.turns:
        for product in turn["products"]:
            per[product["name"]][b.of(turn["created_at"])] += 1
    return {name: [per[name][s] for s in b.starts] for name in names}


def thumbs(report: SalesReport, b: Buckets) -> dict[str, list[int]]:
    up, down = Counter[date](), Counter[date]()
    for created_at, value in report.feedback:
        (up if value else down)[b.of(created_at)] += 1
    return {"thumbs up": [up[s] for s in b.starts], "thumbs down": [down[s] for s in b.starts]}


def for_category(report: SalesReport, category: str, categories: dict[str, str]) -> SalesReport:
    """The report restricted to conversations that were shown a product of ``category`` (and leads
    for one); ``categories`` maps product ids to categories."""
    wanted = category.casefold()

    def ours(product_id: str) -> bool:
        return categories.get(product_id, "").casefold() == wanted

    threads = {t["thread_id"] for t in report.turns if any(ours(p["id"]) for p in t["products"])}
    threads |= {
        lead["thread_id"] for lead in report.leads if any(ours(i["product_id"]) for i in lead["items"])
    }
    turns = [t for t in report.turns if t["thread_id"] in threads]
    return replace(
        report,
        turns=turns,
        conversations=len(threads),
        customer_turns=len(turns),
        intents=Counter(t["intent"] for t in turns),
        products=Counter((p["id"], p["name"]) for t in turns for p in t["products"] if ours(p["id"])),
        leads=[lead for lead in report.leads if lead["thread_id"] in threads],
        handoffs=[h for h in report.handoffs if h["thread_id"] in threads],
    )
