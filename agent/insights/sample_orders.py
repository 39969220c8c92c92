"""``python -m agent.insights.sample_orders``: write the sample orders history for the sample catalog.

Fixed seed, so the shipped ``knowledge/orders/orders.csv`` is reproducible. Daily demand per product
is Poisson around a rate made of: a price-dependent base, a weekday pattern (weekends sell more),
a holiday peak (Black Friday to Christmas), a trend (some products rise, some fade) and one product
launched three weeks before the end (too little history to forecast).
"""

from __future__ import annotations

import argparse
import csv
import math
from datetime import date, timedelta
from pathlib import Path

import numpy as np

from agent.ingestion.prices import parse_price

FIRST_DAY = date(2025, 9, 1)
LAST_DAY = date(2026, 11, 29)
SEED = 22
WEEKDAY = (0.8, 0.75, 0.85, 0.9, 1.1, 1.45, 1.35)  # Monday first
NEW_PRODUCT = "WRB-008"  # launched late: "not enough history"
NEW_PRODUCT_LAUNCH = date(2026, 11, 9)


def holiday_factor(day: date) -> float:
    """Black Friday week to Christmas sells about twice as much; a smaller bump for 11.11."""
    if date(day.year, 11, 24) <= day <= date(day.year, 12, 24):
        return 2.2
    if date(day.year, 11, 9) <= day <= date(day.year, 11, 12):
        return 1.5
    return 1.0


def catalog_products(catalog: Path) -> list[tuple[str, str, float]]:
    with catalog.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    products = []
    for row in rows:
        price = parse_price(row["price"])
        products.append((row["id"], row["category"], price.amount if price else 100.0))
    return products


def generate(catalog: Path, seed: int = SEED) -> list[dict[str, object]]:
    rng = np.random.default_rng(seed)
    days = [FIRST_DAY + timedelta(n) for n in range((LAST_DAY - FIRST_DAY).days + 1)]
    rows: list[dict[str, object]] = []
    for product_id, _category, price in catalog_products(catalog):
        base = 3.0 / math.sqrt(max(price, 20.0) / 20.0)  # cheaper things sell more often
        start, end = rng.choice([0.5, 1.0, 1.6]), rng.choice([0.5, 1.0, 1.6])  # trend up, flat or down
        first = NEW_PRODUCT_LAUNCH if product_id == NEW_PRODUCT else FIRST_DAY
        for index, day in enumerate(days):
            if day < first:
                continue
            trend = start + (end - start) * index / (len(days) - 1)
            rate = base * trend * WEEKDAY[day.weekday()] * holiday_factor(day)
            for channel, share in (("web", 0.7), ("store", 0.3)):
                quantity = int(rng.poisson(rate * share))
                if quantity:
                    rows.append(
                        {
                            "date": day.isoformat(),
                            "product_id": product_id,
                            "quantity": quantity,
                            "unit_price": f"{price:.2f}",
                            "channel": channel,
                        }
                    )
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m agent.insights.sample_orders", description=__doc__)
    parser.add_argument("--catalog", type=Path, default=Path("knowledge/catalog/products.csv"))
    parser.add_argument("--out", type=Path, default=Path("knowledge/orders/orders.csv"))
    args = parser.parse_args(argv)
    rows = generate(args.catalog)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(
            handle, fieldnames=["date", "product_id", "quantity", "unit_price", "channel"]
        )
        writer.writeheader()
        writer.writerows(rows)
    print(f"{len(rows)} order rows written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
