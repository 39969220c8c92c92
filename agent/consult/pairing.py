"""A price stated beside the wrong product: every amount is a catalog price, but not this one's.

Small models copy a row's price onto its neighbour ("LAP-008 ... $699.00", where $699.00 is
LAP-007's). The amount check alone passes that (the amount is in the catalog); here each sentence or
line that names exactly one product must give that product's own price when it gives another's.
"""

from __future__ import annotations

from agent.consult.claims import sentences
from agent.consult.records import Record, prices_of, records_cited
from agent.consult.violations import Violation
from agent.ingestion.prices import amount_values, find_amounts

_PRICE_FIELDS = ("price", "list_price")


def misattributed_prices(answer: str, products: list[Record]) -> list[Violation]:
    found: list[Violation] = []
    for sentence in sentences(answer):
        named = records_cited(sentence, products)
        if len(named) != 1:  # none, or a comparison: whose amount is whose is not readable here
            continue
        own = prices_of(named, _PRICE_FIELDS)
        if own & amount_values(sentence):  # its own price is there: any other is a comparison
            continue
        others = prices_of([p for p in products if p["id"] != named[0]["id"]], _PRICE_FIELDS)
        for amount in find_amounts(sentence):
            if round(amount.value, 2) in others:
                found.append(
                    Violation("price", f"{amount.text} is another product's price, not {named[0]['name']}'s")
                )
    return found
