"""The report as Plotly figures: the same ones in the app (Chainlit's Plotly element) and in the
offline HTML file. Titles in English or Chinese."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import plotly.graph_objects as go

from agent.insights.demand import DemandView
from agent.report.collect import SalesReport
from agent.report.trends import activity, buckets, funnel, intents_over_time, product_demand, thumbs

_TITLES = {
    "activity": ("Conversations, messages, leads and handoffs", "会话、消息、线索与转人工"),
    "intents": ("What customers asked about (intents)", "客户意图分布"),
    "funnel": ("Sales funnel: where conversations stop", "销售漏斗：会话在哪一步流失"),
    "products": ("Top requested products", "最受关注的产品"),
    "thumbs": ("Feedback: thumbs up and down", "反馈：点赞与点踩"),
    "forecast": ("Units sold per week and the forecast (80% interval)", "每周销量与预测（80% 区间）"),
    "stock": (
        "Will run short (forecast demand over the restock lead time)",
        "预计缺货（补货周期内的预测需求）",
    ),
}
_FUNNEL_ZH = {"conversation": "会话", "needs discovery": "需求了解", "recommendation": "推荐",
              "closing": "成交意向", "order request": "下单请求"}  # fmt: skip
_HISTORY_WEEKS = 26


def _title(key: str, language: str) -> str:
    return _TITLES[key][1 if language == "zh" else 0]


def _layout(figure: go.Figure, key: str, language: str, **extra: Any) -> go.Figure:
    options: dict[str, Any] = {"height": 380, "margin": {"l": 50, "r": 20, "t": 60, "b": 40},
                               "legend": {"orientation": "h", "y": -0.15}} | extra  # fmt: skip
    figure.update_layout(title=_title(key, language), template="plotly_white", **options)
    return figure


def _lines(x: list[str], series: dict[str, list[int]], mode: str) -> go.Figure:
    return go.Figure([go.Scatter(x=x, y=y, name=name, mode=mode) for name, y in series.items()])


def _bars(x: list[str], series: dict[str, list[int]]) -> go.Figure:
    return go.Figure([go.Bar(x=x, y=y, name=name) for name, y in series.items()])


def conversation_figures(report: SalesReport, language: str = "en") -> dict[str, go.Figure]:
    b = buckets(report)
    x = [s.isoformat() for s in b.starts]
    steps = funnel(report)
    labels = [_FUNNEL_ZH[n] if language == "zh" else n for n, _ in steps]
    funnel_chart = go.Funnel(y=labels, x=[n for _, n in steps], textinfo="value+percent previous")
    return {
        "activity": _layout(_lines(x, activity(report, b), "lines+markers"), "activity", language),
        "intents": _layout(_bars(x, intents_over_time(report, b)), "intents", language, barmode="stack"),
        "funnel": _layout(go.Figure(funnel_chart), "funnel", language),
        "products": _layout(_lines(x, product_demand(report, b), "lines"), "products", language),
        "thumbs": _layout(_bars(x, thumbs(report, b)), "thumbs", language, barmode="group"),
    }


def _weekly_history(sales: dict[date, int], last_day: date) -> tuple[list[str], list[int]]:
    start = last_day - timedelta(days=7 * _HISTORY_WEEKS - 1)
    weeks = [start + timedelta(days=7 * n) for n in range(_HISTORY_WEEKS)]
    units = [sum(sales.get(w + timedelta(days=d), 0) for d in range(7)) for w in weeks]
    return [w.isoformat() for w in weeks], units


def demand_figures(view: DemandView, language: str = "en") -> dict[str, go.Figure]:
    figure = go.Figure()
    categories = sorted({view.category_of(p) for p in view.histories})
    for number, category in enumerate(categories):
        colour = f"hsl({number * 360 // max(1, len(categories))}, 60%, 45%)"
        members = [s for p, s in view.histories.items() if view.category_of(p) == category]
        merged: dict[date, int] = {}
        for sales in members:
            for day, units in sales.items():
                merged[day] = merged.get(day, 0) + units
        x, y = _weekly_history(merged, view.last_day)
        figure.add_trace(go.Scatter(x=x, y=y, name=category, mode="lines", line={"color": colour}))
        fc = view.forecasts.get(category)
        if fc is None:
            continue
        fx = [w.start.isoformat() for w in fc.weeks]
        figure.add_trace(
            go.Scatter(
                x=fx + fx[::-1], y=[w.upper for w in fc.weeks] + [w.lower for w in fc.weeks][::-1],
                fill="toself", mode="lines", line={"width": 0}, fillcolor=colour.replace("hsl", "hsla").replace("%)", "%, 0.2)"),
                name=f"{category} interval", showlegend=False, hoverinfo="skip",
            )
        )  # fmt: skip
        figure.add_trace(
            go.Scatter(x=fx, y=[w.mean for w in fc.weeks], name=f"{category} forecast", mode="lines+markers",
                       line={"color": colour, "dash": "dash"})
        )  # fmt: skip
    figures = {"forecast": _layout(figure, "forecast", language, height=460)}
    rows = view.shortages
    header = (
        ["产品", "库存", "预测需求", "约几周后缺货"]
        if language == "zh"
        else ["product", "stock", "forecast demand", "runs short in (weeks)"]
    )
    table = go.Table(
        header={"values": header},
        cells={"values": [[s.name for s in rows], [s.stock for s in rows], [round(s.demand) for s in rows],
                          [s.weeks for s in rows]]},
    )  # fmt: skip
    figures["stock"] = _layout(go.Figure(table), "stock", language, height=max(220, 80 + 28 * len(rows)))
    return figures
