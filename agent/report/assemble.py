"""The whole report for a date range and optional category: the counts, the demand forecast and
the charts, shared by ``python -m agent.report`` and the admin ``report`` command."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import date, timedelta

import plotly.graph_objects as go

from agent.consult.ledger import LedgerMissingError
from agent.insights.catalog import catalog_products
from agent.insights.demand import DemandView, build_view
from agent.insights.knowledge import Knowledge, load_knowledge
from agent.insights.transcripts import pair_exchanges, read_steps
from agent.insights.unmet import UnmetNeeds, unmet_needs
from agent.insights.unmet import as_markdown as unmet_markdown
from agent.report.category import resolve_category
from agent.report.charts import conversation_figures, demand_figures
from agent.report.collect import SalesReport, collect
from agent.report.render import as_markdown, demand_markdown
from agent.report.trends import for_category
from agent.settings import Settings
from agent.storage.orders import OrdersMissingError


@dataclass
class ChartedReport:
    report: SalesReport
    category: str | None
    view: DemandView | None
    demand_note: str | None  # why there is no forecast (no orders history loaded yet)
    unmet: UnmetNeeds | None = None
    unmet_note: str | None = None  # why there are no topics (no index yet)

    @property
    def title(self) -> str:
        last = self.report.until - timedelta(days=1)
        return f"Sales report {self.report.since} to {last}" + (
            f" ({self.category})" if self.category else ""
        )

    def markdown(self) -> str:
        parts = [as_markdown(self.report)]
        if self.category:
            parts[0] = parts[0].replace("## Sales report", f"## {self.category}: sales report", 1)
        parts.append(demand_markdown(self.view) if self.view else f"### Demand forecast\n{self.demand_note}")
        if self.unmet is not None:
            parts.append(unmet_markdown(self.unmet))
        elif self.unmet_note:
            parts.append(f"### What we could not answer\n{self.unmet_note}")
        return "\n\n".join(parts)

    def figures(self, language: str = "en") -> dict[str, go.Figure]:
        figures = conversation_figures(self.report, language)
        if self.view:
            figures |= demand_figures(self.view, language)
        return figures


async def build_report(
    settings: Settings,
    since: date,
    until: date,
    category: str | None = None,
    knowledge: Knowledge | None = None,
) -> ChartedReport:
    """Reads only; raises UnknownCategoryError for a ``category`` the catalog does not have. No
    ledger yet (a fresh install) or no orders history is not an error: the report says so. ``knowledge``: the embedder and index for the unmet-needs
    topics (the app passes its own; by default loaded, only when there are messages to group)."""
    # The category is checked before anything is read: a word that is none ("last 30 days") is
    # refused at once, and the admin command's retry without it does the work only once.
    categories: dict[str, str] = {}
    if category:
        products = await asyncio.to_thread(catalog_products, settings)
        categories = {p.id: p.category for p in products.values()}
        category = resolve_category(category, set(categories.values()))
    try:
        report = await collect(settings, since, until)
    except LedgerMissingError as error:  # nothing to count yet, and nothing is created to say so
        report = SalesReport(since, until, nothing_yet=str(error))
    if category:
        report = for_category(report, category, categories)
    try:
        view = await asyncio.to_thread(build_view, settings, category, until)
        charted = ChartedReport(report, category, view, None)
    except OrdersMissingError as error:
        charted = ChartedReport(report, category, None, str(error))
    steps = await read_steps(settings.chat_database_url, since.isoformat(), until.isoformat())
    exchanges = pair_exchanges(steps, report.turns, report.handoffs)
    if not exchanges:
        charted.unmet = UnmetNeeds()
        return charted
    try:
        embed, retriever = await asyncio.to_thread(knowledge or (lambda: load_knowledge(settings)))
    except Exception as error:  # no index yet: the rest of the report still stands
        charted.unmet_note = f"topics need the knowledge index: {error}"
        return charted
    charted.unmet = await asyncio.to_thread(unmet_needs, exchanges, embed, retriever)
    return charted
