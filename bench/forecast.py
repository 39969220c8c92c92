"""Demand forecast: the rolling-origin backtest on the sample orders history (model vs the
seasonal-naive baseline, MASE and sMAPE per category) and the time to fit every product of a
synthetic 1,000-product history.

    .venv/bin/python bench/forecast.py [--products 1000] [--workers N]

Last line: ``mase=X baseline_mase=Y fit_s=Z`` (the "all" row of the backtest, and the fit time).
"""

from __future__ import annotations

import argparse
import csv
import math
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import date, timedelta
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from agent.ingestion.orders import read_orders  # noqa: E402
from agent.insights.backtest import backtest, last_day_of  # noqa: E402
from agent.insights.forecast import Forecast, NotEnoughHistory, forecast  # noqa: E402
from agent.insights.load import histories_of  # noqa: E402
from agent.insights.sample_orders import FIRST_DAY, LAST_DAY, WEEKDAY, holiday_factor  # noqa: E402
from bench._common import ROOT, machine  # noqa: E402

Sales = dict[date, int]


def sample_history() -> tuple[dict[str, Sales], dict[str, str]]:
    histories = histories_of(read_orders(ROOT / "knowledge" / "orders" / "orders.csv"))
    with (ROOT / "knowledge" / "catalog" / "products.csv").open(encoding="utf-8") as handle:
        categories = {r["id"]: r["category"] for r in csv.DictReader(handle)}
    return histories, categories


def synthetic(products: int, seed: int = 1000) -> dict[str, Sales]:
    """The sample generator's demand shape with random bases and trends, 15 months a product."""
    rng = np.random.default_rng(seed)
    days = [FIRST_DAY + timedelta(n) for n in range((LAST_DAY - FIRST_DAY).days + 1)]
    shape = np.array([WEEKDAY[d.weekday()] * holiday_factor(d) for d in days])
    histories = {}
    for n in range(products):
        base = 3.0 / math.sqrt(rng.uniform(1, 100))
        trend = np.linspace(rng.uniform(0.5, 1.6), rng.uniform(0.5, 1.6), len(days))
        units = rng.poisson(base * trend * shape)
        histories[f"SYN-{n:04d}"] = {d: int(u) for d, u in zip(days, units, strict=True) if u}
    return histories


def _fit(item: tuple[str, Sales]) -> Forecast | NotEnoughHistory:
    return forecast(item[0], item[1], LAST_DAY)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--products", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    histories, categories = sample_history()
    rows = backtest(histories, categories, last_day_of(histories), workers=args.workers)
    print(f"Rolling-origin backtest on the sample history: 4 origins x 4 weeks, {len(histories)} products")
    print(f"{'category':<12} {'cuts':>5} {'MASE':>7} {'naive':>7} {'ratio':>6} {'sMAPE':>7} {'naive':>7}")
    for r in rows:
        ratio = r.model.mase / r.baseline.mase
        print(
            f"{r.category:<12} {r.series:>5} {r.model.mase:>7.3f} {r.baseline.mase:>7.3f} {ratio:>6.2f} "
            f"{r.model.smape:>6.1f}% {r.baseline.smape:>6.1f}%"
        )
    many = synthetic(args.products)
    start = time.perf_counter()
    with ProcessPoolExecutor(args.workers) as pool:
        results = list(pool.map(_fit, many.items(), chunksize=25))
    fit_s = time.perf_counter() - start
    fitted = sum(isinstance(r, Forecast) for r in results)
    print(
        f"fitted {fitted}/{len(many)} products (with 80% intervals) in {fit_s:.1f} s on {args.workers} workers"
    )
    total = rows[-1]
    print(f"machine: {machine()}")
    print(f"mase={total.model.mase:.3f} baseline_mase={total.baseline.mase:.3f} fit_s={fit_s:.1f}")


if __name__ == "__main__":
    main()
