"""The customer's profile as stated so far: budget, use case, preferences, contact, quantity.

Plain rules over the message (English and Chinese), so it costs nothing per turn and a
later statement overrides an earlier one.
"""

from __future__ import annotations

import re
from typing import Any

from agent.retrieval.categories import CategoryMatcher

_NUMBER = r"(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*(k|千|万)?"
_CURRENCY = r"(?:\$|usd|us\$|dollars?|bucks|元|块|美元|美金|rmb|rupees?|rs\.?|inr|卢比|euros?|eur|€|£|gbp|pounds?|¥|￥)?"
_SYMBOL = r"(?:\$|₹|€|£|¥|￥|rs\.?\s?|inr\s?|usd\s?|eur\s?)?"
_MAX = re.compile(
    rf"(?:under|below|less than|up to|max(?:imum)?|at most|no more than|within|budget(?: is| of)?:?|"
    rf"预算|不超过|以内|低于|最多)\s*(?:about|around|大概|约)?\s*{_SYMBOL}\s*{_NUMBER}\s*{_CURRENCY}\s*(以内|以下|之内)?",
    re.I,
)
_MAX_AFTER = re.compile(rf"{_SYMBOL}{_NUMBER}\s*{_CURRENCY}\s*(?:以内|以下|之内|or less|max|tops)", re.I)
_BETWEEN = re.compile(
    rf"(?:between|from)?\s*{_SYMBOL}{_NUMBER}\s*(?:-|to|and|到|至)\s*{_SYMBOL}{_NUMBER}\s*{_CURRENCY}", re.I
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?<![A-Za-z0-9@])\+?\d[\d\s().-]{7,}\d(?![A-Za-z0-9])")
_QUANTITY = re.compile(r"(\d{1,4})\s*(?:x\b|units?|pcs|pieces|of\b|台|个|件|部|副|块|只)", re.I)
_NAME = re.compile(r"(?i:my name is|this is|我叫|我是)\s*([A-Z][a-z]+(?: [A-Z][a-z]+)?|[\u4e00-\u9fff]{2,3})")

USE_CASES = {
    "gaming": ("gaming", "games", "gamer", "游戏"),
    "video editing": ("video editing", "editing", "剪辑", "视频"),
    "study": ("student", "school", "university", "college", "homework", "学生", "上学", "学习"),
    "office work": ("office", "work", "business", "办公"),
    "programming": ("programming", "coding", "developer", "编程"),
    "travel": ("travel", "commute", "flight", "旅行", "出差"),
    "sports": ("running", "sport", "gym", "fitness", "跑步", "运动", "健身"),
    "photography": ("photo", "camera quality", "拍照", "摄影"),
    "music": ("music", "audiophile", "听歌", "音乐"),
}
PREFERENCES = {
    "lightweight": ("light", "lightweight", "portable", "轻", "便携"),
    "long battery": ("battery", "续航"),
    "noise cancelling": ("noise cancel", "anc", "降噪"),
    "large screen": ("big screen", "large screen", "大屏"),
    "quiet": ("quiet", "silent", "安静"),
}


def _amount(number: str, suffix: str | None) -> float:
    value = float(number.replace(",", ""))
    return value * {"k": 1000, "千": 1000, "万": 10000}.get((suffix or "").lower(), 1)


def _words(text: str, table: dict[str, tuple[str, ...]]) -> list[str]:
    lowered = text.lower()
    return [key for key, words in table.items() if any(_contains(lowered, w) for w in words)]


def _contains(text: str, word: str) -> bool:
    if re.search(r"[\u4e00-\u9fff]", word):
        return word in text
    return re.search(rf"\b{re.escape(word)}", text) is not None


def update_profile(
    profile: dict[str, Any], message: str, language: str, categories: CategoryMatcher | None = None
) -> dict[str, Any]:
    """A new profile: ``profile`` plus what ``message`` states (newer statements win). The
    category is one of the catalog's own (``categories``), never one the catalog does not have."""
    updated = dict(profile, language=language)
    text = _EMAIL.sub(" ", message)
    if match := _BETWEEN.search(text):
        low, high = _amount(match[1], match[2]), _amount(match[3], match[4])
        if 0 < low < high:
            updated["budget_min"], updated["budget_max"] = low, high
    elif match := (_MAX.search(text) or _MAX_AFTER.search(text)):
        updated["budget_max"] = _amount(match[1], match[2])
        updated.pop("budget_min", None)
    if categories is not None and (category := categories.match(message)):
        updated["category"] = category
    if uses := _words(message, USE_CASES):
        updated["use_case"] = uses[0]
    if prefs := _words(message, PREFERENCES):
        updated["preferences"] = sorted(set(updated.get("preferences", [])) | set(prefs))
    if match := _EMAIL.search(message):
        updated["email"] = match[0]
    if match := _PHONE.search(_EMAIL.sub(" ", message)):
        updated["phone"] = re.sub(r"[^\d+]", "", match[0])
    if match := _QUANTITY.search(text):
        updated["quantity"] = int(match[1])
    if match := _NAME.search(message):
        updated["name"] = match[1]
    return updated


_FILLER = re.compile(
    r"\b(?:i'?m|i am|we'?re)?\s*(?:looking for|searching for|do you (?:have|sell|carry|stock)|have you got|"
    r"i need|i want|i'd like|can you recommend|recommend|suggest|show me|please|some|any)\b"
    r"|有没有|^有|我想(?:买|要|找)?|想(?:买|要|找)|请问|推荐(?:一下)?|帮我(?:找|选)?|需要|一些|一款|一个|吗|呢|吧|[，。？！,.?!]",
    re.I,
)


def need_text(message: str) -> str:
    """What the customer wants, without the budget and the shopping phrases around it: a dense
    query of "我想买燕麦，预算178卢比以内" finds batteries, one of "燕麦" finds oats."""
    text = _EMAIL.sub(" ", message)
    for pattern in (_BETWEEN, _MAX, _MAX_AFTER):
        text = pattern.sub(" ", text)
    cleaned = " ".join(_FILLER.sub(" ", text).split())
    return cleaned if len(cleaned) >= 2 else message


def describe(profile: dict[str, Any]) -> str:
    """One line for the prompt; contact details stay out of what the LLM sees."""
    parts = []
    if profile.get("budget_max"):
        low = profile.get("budget_min")
        start = f"{low:g}-" if low else "up to "
        parts.append(f"budget {start}{profile['budget_max']:g}")
    for key in ("category", "use_case", "quantity"):
        if profile.get(key):
            parts.append(f"{key.replace('_', ' ')}: {profile[key]}")
    if profile.get("preferences"):
        parts.append("wants " + ", ".join(profile["preferences"]))
    return "; ".join(parts) or "nothing yet"
