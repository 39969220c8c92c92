"""Tools for models that can call them. Thin wrappers: the work is done by code elsewhere.

Each returns (text for the model, records as the artifact), so the validator also accepts
facts a tool fetched. Staff tools are listed in ``STAFF_TOOLS``; the middleware hides them from
customers and refuses them if a model calls them anyway.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Annotated, Any

from langchain_core.tools import BaseTool, StructuredTool
from langgraph.prebuilt import InjectedState

from agent.consult.actions import contact_of
from agent.consult.conversation import Profile
from agent.consult.deps import ConsultDeps
from agent.consult.ledger import LeadItem, new_record_id
from agent.consult.recommend import Constraints
from agent.consult.recommend import recommend as recommend_products
from agent.consult.records import Record, fact_lines, record_from_document, records_from_hits
from agent.insights.tool import forecast_tool
from agent.retrieval.hybrid import Filters

STAFF_TOOLS = frozenset({"draft_sales_message", "forecast_demand"})
Result = tuple[str, list[Record]]
# A tool that decides a lead or handoff returns it beside its records (see messages.tool_actions).
ActionResult = tuple[str, list[dict[str, Any]]]


def _result(records: list[Record]) -> Result:
    return (fact_lines(records) or "Nothing found."), records


def make_tools(deps: ConsultDeps) -> list[BaseTool]:
    def search_catalog(query: str, max_price: float | None = None, category: str | None = None) -> Result:
        """Search the product catalog; optional maximum price and category."""
        filters = Filters(max_price=max_price, category=category, kind="product")
        return _result(records_from_hits(deps.retriever.search(query, 5, filters)))

    def get_product(product_id: str) -> Result:
        """One product's full record by its id, e.g. LAP-001."""
        offered = deps.retriever.for_sale(product_id)
        return _result([record_from_document(deps.retriever.by_id[product_id])] if offered else [])

    def compare_products(product_ids: list[str]) -> Result:
        """Side-by-side records of two or more products by id."""
        return _result(
            [record_from_document(deps.retriever.by_id[p]) for p in product_ids if deps.retriever.for_sale(p)]
        )

    def recommend(need: str, max_price: float | None = None, category: str | None = None) -> Result:
        """Ranked products for a need within a budget (in stock first)."""
        return _result(recommend_products(deps.retriever, Constraints(need, max_price, None, category)))

    def policy_lookup(question: str) -> Result:
        """Shop policy passages: shipping, returns, warranty, payment, discounts."""
        return _result(records_from_hits(deps.retriever.search(question, 3, Filters(kind="faq"))))

    def capture_lead(
        product_id: str,
        quantity: int,
        state: Annotated[dict[str, Any], InjectedState],
        email: str | None = None,
        phone: str | None = None,
    ) -> ActionResult:
        """Record an order request once the customer gave a product, a quantity and a contact."""
        document = deps.retriever.by_id.get(product_id)
        if document is None or not (email or phone):
            return "Missing a valid product id or a contact (email or phone).", []
        record = record_from_document(document)
        contact = {k: v for k, v in (("email", email), ("phone", phone)) if v}
        item = LeadItem(record["id"], record["name"], max(1, quantity), record.get("price"))
        # Stored when the turn is committed, like the pipeline's leads (SalesLedger.record_actions).
        lead = {"type": "lead", "id": new_record_id("lead"), "items": [asdict(item)], "contact": contact}
        return f"Order request {lead['id']} recorded: {item.quantity} x {record['name']}.", [record, lead]

    def request_handoff(reason: str, state: Annotated[dict[str, Any], InjectedState]) -> ActionResult:
        """Hand the conversation to a person (the customer asked, or cannot be helped)."""
        ticket: dict[str, Any] = {"type": "handoff", "id": new_record_id("handoff"), "reason": reason}
        ticket |= {"summary": reason, "contact": contact_of(Profile.from_state(state.get("profile")).contact)}
        return f"Handoff request {ticket['id']} created; a colleague will reply.", [ticket]

    def draft_sales_message(customer: str, product_ids: list[str], kind: str = "follow-up email") -> Result:
        """STAFF ONLY. Facts for a pitch or follow-up email draft for a described customer."""
        records = [
            record_from_document(deps.retriever.by_id[p]) for p in product_ids if p in deps.retriever.by_id
        ]
        text, _ = _result(records)
        brief = json.dumps({"draft": kind, "customer": customer, "mark": "DRAFT for human review"})
        return f"{brief}\n{text}", records

    functions: list[Any] = [
        search_catalog, get_product, compare_products, recommend, policy_lookup,
        capture_lead, request_handoff, draft_sales_message, forecast_tool(deps.settings),
    ]  # fmt: skip
    return [StructuredTool.from_function(f, response_format="content_and_artifact") for f in functions]
