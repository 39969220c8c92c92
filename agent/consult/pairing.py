"""A price stated beside the wrong product, or a list price stated as the price: every amount is
a catalog price, but not the one the customer pays for this product.

Small models copy a row's price onto its neighbour ("LAP-008 ... $699.00", where $699.00 is
LAP-007's). The amount check alone passes that (the amount is in the catalog); here each sentence or
line that names exactly one product must give that product's own price when it gives another's.
On a catalog with sale and market prices (BigBasket), a 0.5B model says "₹350" for a tea sold at
₹175: the list price may be stated only beside the sale price. It also says "the list price is
₹175.00" for that tea: an amount called the list price must be one.
"""

from __future__ import annotations

import re

from agent.consult.records import CitedAnswer, prices_of, shows_discount
from agent.consult.violations import Violation
from agent.ingestion.prices import amount_values, find_amounts, stated_numbers

_PRICE_FIELDS = ("price", "list_price")
_LIST_LABEL = re.compile(
    r"(?i)\b(?:list|market|regular|original|retail|compare[- ]at|usual|normal|full)[- ]price\b|\bMRP\b"
    r"|原价|市场价|划线价|吊牌价|标价"
)
# Where the list price's figure would have ended: another label, the price the customer pays.
_NEXT_LABEL = re.compile(
    r"(?i)\b(?:sale|selling|offer|special|discounted|our|its)[- ]price\b|\b(?:now|only|but|sells?|costs?)\b"
    r"|售价|现价|优惠价|折后价|促销价|特价|只要|仅需|,(?!\d)|[，;；]"  # "₹1,049.00" is one figure
)


def misattributed_prices(answer: CitedAnswer) -> list[Violation]:
    found: list[Violation] = []
    for sentence, named in answer.sentences:
        if len(named) != 1:  # none, or a comparison: whose amount is whose is not readable here
            continue
        own = prices_of(named, _PRICE_FIELDS)
        if own & amount_values(sentence):  # its own price is there: any other is a comparison
            continue
        others = prices_of([p for p in answer.products if p["id"] != named[0]["id"]], _PRICE_FIELDS)
        for amount in find_amounts(sentence):
            if round(amount.value, 2) in others:
                found.append(
                    Violation("price", f"{amount.text} is another product's price, not {named[0]['name']}'s")
                )
    return found


def list_price_alone(answer: CitedAnswer) -> list[Violation]:
    """A product's list price stated where its sale price is not: the customer would expect to pay
    the higher one. In a sentence naming products, the amount is theirs; in one naming none, an
    amount that is also some product's sale price is read as that price."""
    numbers = stated_numbers(answer.text)  # "₹350, now 175": the sale price may come without currency
    sale_prices = prices_of(answer.products)
    discounted = [p for p in answer.products if shows_discount(p)]
    found: dict[str, Violation] = {}
    for sentence, named in answer.sentences:
        said = amount_values(sentence)
        for product in discounted:
            listed, price = round(float(product["list_price"]), 2), round(float(product["price"]), 2)
            if listed not in said or price in numbers:
                continue
            if named and (product not in named or listed in prices_of(named)):
                continue
            if not named and listed in sale_prices:
                continue
            found[product["id"]] = Violation(
                "price", f"{listed:g} is {product['name']}'s list price; it sells at {price:g}"
            )
    return list(found.values())


def mislabelled_list_prices(answer: CitedAnswer) -> list[Violation]:
    """An amount the answer calls a list (market, original) price that is no list price: the
    product's own when the sentence names one product, some product's otherwise."""
    found: list[Violation] = []
    for sentence, named in answer.sentences:
        whose = named if len(named) == 1 else answer.products
        # A product without a discount has one price: calling it the regular price is no error.
        listed = prices_of(whose, ("list_price",)) | prices_of([p for p in whose if not shows_discount(p)])
        for label in _LIST_LABEL.finditer(sentence):
            rest = sentence[label.end() :]
            figure = find_amounts(rest[: m.start()] if (m := _NEXT_LABEL.search(rest, 1)) else rest)
            if figure and round(figure[0].value, 2) not in listed:
                found.append(Violation("price", f"{figure[0].text} is called a list price; it is not one"))
    return found
