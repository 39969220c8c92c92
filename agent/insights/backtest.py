"""Rolling-origin backtest: cut the history at several origins, forecast the next weeks with the
model and the seasonal-naive baseline, and score both on the weekly totals that followed.

MASE divides the error by the in-sample error of the naive weekly forecast (last week again), so
1.0 is as good as that and lower is better; sMAPE is in percent (a week where both are 0 counts 0).
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from agent.insights.forecast import MIN_HISTORY_DAYS, SEASON, daily_series, model_daily, seasonal_naive


@dataclass(frozen=True)
class Score:
    mase: float
    smape: float


@dataclass(frozen=True)
class CategoryScore:
    category: str
    series: int  # product-origin pairs scored
    model: Score
    baseline: Score


def _weekly(values: np.ndarray) -> np.ndarray:
    usable = len(values) - len(values) % SEASON
    return values[len(values) - usable :].reshape(-1, SEASON).sum(axis=1)


def _smape(actual: np.ndarray, predicted: np.ndarray) -> float:
    denominator = np.abs(actual) + np.abs(predicted)
    terms = np.where(
        denominator == 0, 0.0, 200 * np.abs(actual - predicted) / np.where(denominator, denominator, 1)
    )
    return float(terms.mean())


def score_one(train: np.ndarray, test: np.ndarray) -> tuple[Score, Score] | None:
    """Model and baseline scores of one cut; None when the naive error is 0 (a flat history)."""
    weeks = _weekly(train)
    scale = float(np.abs(np.diff(weeks)).mean()) if len(weeks) > 1 else 0.0
    if scale == 0:
        return None
    actual = _weekly(test)
    scores = []
    for predicted in (model_daily(train, len(test)), seasonal_naive(train, len(test))):
        weekly = _weekly(predicted)
        scores.append(Score(float(np.abs(actual - weekly).mean() / scale), _smape(actual, weekly)))
    return scores[0], scores[1]


def _cuts(
    sales: dict[date, int], last_day: date, origins: int, weeks: int
) -> list[tuple[np.ndarray, np.ndarray]]:
    horizon = weeks * SEASON
    full = daily_series(sales, last_day)
    cuts = []
    for k in range(origins, 0, -1):
        end = len(full) - k * horizon
        if end >= MIN_HISTORY_DAYS:
            cuts.append((full[:end], full[end : end + horizon]))
    return cuts


def _score_cuts(cuts: list[tuple[np.ndarray, np.ndarray]]) -> list[tuple[Score, Score]]:
    return [s for train, test in cuts if (s := score_one(train, test)) is not None]


def backtest(
    histories: dict[str, dict[date, int]],
    categories: dict[str, str],
    last_day: date,
    origins: int = 4,
    weeks: int = 4,
    workers: int | None = None,
) -> list[CategoryScore]:
    """Per category (products not in ``categories`` count as "other"), then an "all" row last."""
    products = sorted(histories)
    work = [_cuts(histories[p], last_day, origins, weeks) for p in products]
    workers = workers or os.cpu_count() or 1
    if workers > 1 and len(products) > 50:
        with ProcessPoolExecutor(workers) as pool:
            results = list(pool.map(_score_cuts, work, chunksize=max(1, len(work) // (workers * 4))))
    else:
        results = [_score_cuts(cuts) for cuts in work]
    grouped: dict[str, list[tuple[Score, Score]]] = defaultdict(list)
    for product, scores in zip(products, results, strict=True):
        grouped[categories.get(product, "other")].extend(scores)
        grouped["all"].extend(scores)
    return [_summary(name, grouped[name]) for name in [*sorted(set(grouped) - {"all"}), "all"]]


def _summary(category: str, scores: Iterable[tuple[Score, Score]]) -> CategoryScore:
    pairs = list(scores)

    def mean(values: list[float]) -> float:
        return float(np.mean(values)) if values else float("nan")

    return CategoryScore(
        category,
        len(pairs),
        Score(mean([m.mase for m, _ in pairs]), mean([m.smape for m, _ in pairs])),
        Score(mean([b.mase for _, b in pairs]), mean([b.smape for _, b in pairs])),
    )


def last_day_of(histories: dict[str, dict[date, int]]) -> date:
    return (
        max(day for sales in histories.values() for day in sales)
        if histories
        else date.today() - timedelta(1)
    )
