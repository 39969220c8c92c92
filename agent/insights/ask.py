"""A salesperson's forecast question, answered with figures computed here: which product or
category it is about (or "which will run short?"), and the brief the LLM may only phrase."""

from __future__ import annotations

import re
from dataclasses import dataclass

from agent.insights.demand import DemandView
from agent.insights.forecast import Forecast

_SHORT = re.compile(r"run (?:short|out)|short(?:age)?|out of stock|restock|缺货|断货|不够卖|补货", re.I)
_ID = re.compile(r"\b[A-Z]{2,5}-\d{2,5}\b", re.I)
_CATEGORY_WORDS = {  # Chinese (and singular) names of the sample categories
    "笔记本": "laptops", "电脑": "laptops", "laptop": "laptops", "手机": "smartphones",
    "phone": "smartphones", "耳机": "headphones", "headphone": "headphones", "earbud": "headphones",
    "显示器": "monitors", "monitor": "monitors", "智能家居": "smart home", "穿戴": "wearables",
    "手表": "wearables", "watch": "wearables", "wearable": "wearables",
}  # fmt: skip


@dataclass(frozen=True)
class Brief:
    text: str  # the facts, one per line
    keys: list[str]  # product ids / categories it is about


def find_subject(view: DemandView, question: str) -> tuple[str | None, str | None]:
    """(product id, category) named in ``question``; the longest product name wins."""
    lowered = question.casefold()
    if (match := _ID.search(question)) and match[0].upper() in view.products:
        return match[0].upper(), None
    names = sorted(view.products.values(), key=lambda p: -len(p.name))
    for product in names:
        if product.name.casefold() in lowered:
            return product.id, None
    categories = {p.category.casefold(): p.category for p in view.products.values()}
    for name, category in categories.items():
        if name in lowered:
            return None, category
    for word, name in _CATEGORY_WORDS.items():
        if word in lowered and name in categories:
            return None, categories[name]
    return None, None


def forecast_line(view: DemandView, key: str, language: str = "en") -> str:
    if key in view.too_short:
        return view.too_short[key].message(language)
    fc = view.forecasts.get(key)
    if fc is None:
        return (
            f"{view.name_of(key)}: 没有销售记录。"
            if language == "zh"
            else f"{view.name_of(key)}: no sales recorded."
        )
    return _line(view, fc, language)


def _line(view: DemandView, fc: Forecast, language: str) -> str:
    name = view.name_of(fc.key) + (f" [{fc.key}]" if fc.key in view.products else "")
    weeks = ", ".join(f"{w.mean:.0f}" for w in fc.weeks)
    start = fc.weeks[0].start
    if language == "zh":
        return (
            f"{name}：自 {start} 起 {len(fc.weeks)} 周预计售出 {fc.total:.0f} 件（80% 区间 {fc.lower:.0f}-"
            f"{fc.upper:.0f}），每周 {weeks}；季节性朴素基线 {fc.baseline_total:.0f}；依据截至 {fc.last_day} 的 "
            f"{fc.history_days} 天、{fc.history_units} 件销售记录。"
        )
    return (
        f"{name}: {fc.total:.0f} units expected in the {len(fc.weeks)} weeks from {start} "
        f"(80% interval {fc.lower:.0f}-{fc.upper:.0f}; per week {weeks}); seasonal-naive baseline "
        f"{fc.baseline_total:.0f}; based on {fc.history_days} days and {fc.history_units} units of sales "
        f"to {fc.last_day}."
    )


def brief_for(view: DemandView, question: str, language: str = "en") -> Brief:
    product, category = find_subject(view, question)
    if _SHORT.search(question) and product is None:
        flagged = [
            s for s in view.shortages if category is None or view.category_of(s.product_id) == category
        ]
        if not flagged:
            none = (
                "按预测，提前期内没有产品会缺货。"
                if language == "zh"
                else "No product is forecast to run short within the restock lead time."
            )
            return Brief(none, [])
        return Brief("\n".join(s.message(language) for s in flagged), [s.product_id for s in flagged])
    key = product or category
    if key is None:
        ask = (
            "请说明产品名称、编号或品类（例如 Voltix AirBook 13、LAP-001、Laptops）。"
            if language == "zh"
            else "Name a product, product id or category (e.g. Voltix AirBook 13, LAP-001, Laptops)."
        )
        return Brief(ask, [])
    lines = [forecast_line(view, key, language)]
    if product:
        lines.append(_consultations(view, product, language))
    lines += [s.message(language) for s in view.shortages if s.product_id == key]
    return Brief("\n".join(lines), [key])


def _consultations(view: DemandView, product: str, language: str) -> str:
    shown, units = view.shown[product], view.requested[product]
    if language == "zh":
        return f"近 4 周咨询：{shown} 次客户对话展示了该产品，订单请求共 {units} 件。"
    return f"Consultations in the last 4 weeks: shown in {shown} customer turns; order requests for {units} units."
