"""Which of the catalog's own categories a message asks for: read from the ingested catalog, so a
search is never filtered on a category the shop does not have."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from agent.retrieval.dictionary import segment

# Shoppers' words (Chinese, and English synonyms) for common product kinds, as the English word a
# category name may hold. It only ever points at a category the catalog has (CategoryMatcher.match).
KIND_WORDS: dict[str, tuple[str, ...]] = {
    "laptop": ("笔记本", "电脑", "notebook", "ultrabook", "macbook"),
    "smartphone": ("手机", "phone", "mobile", "cellphone"),
    "headphone": ("耳机", "earbud", "headset", "earphone"), "monitor": ("显示器", "display"),
    "watch": ("手表",), "wearable": ("手环", "手表", "smartwatch", "fitness band", "tracker"), "camera": ("相机", "摄像头"), "speaker": ("音箱",),
    "smart home": ("智能家居",), "toy": ("玩具",), "game": ("游戏", "桌游"), "scooter": ("滑板车",),
    "bike": ("自行车",), "book": ("图书",), "beverage": ("饮料", "饮品"), "coffee": ("咖啡",), "tea": ("茶",),
    "rice": ("大米",), "oil": ("食用油",), "snack": ("零食",), "fruit": ("水果",), "vegetable": ("蔬菜",),
    "dairy": ("牛奶", "酸奶", "奶酪", "奶油", "黄油", "乳制品"), "bakery": ("面包", "蛋糕"), "baby": ("婴儿", "宝宝"), "beauty": ("美妆", "护肤"),
    "hygiene": ("洗护", "卫生"), "cleaning": ("清洁",), "household": ("家居", "日用"), "kitchen": ("厨房",),
    "pet": ("宠物",), "meat": ("肉",), "fish": ("鱼",), "egg": ("鸡蛋",), "clothing": ("衣服", "服装"),
    "shoe": ("鞋",), "bag": ("包包", "背包"), "furniture": ("家具",), "sport": ("运动",), "outdoor": ("户外",),
}  # fmt: skip
_STOP = {
    "and",
    "the",
    "of",
    "for",
    "with",
    "other",
    "others",
    "more",
    "all",
    "accessories",
    "products",
    "goods",
}
_WORD = re.compile(r"[a-z]+")


def _stem(word: str) -> str:
    """Singular of a plural: "batteries", "watches", "laptops" (enough to match category names)."""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    return word[:-1] if word.endswith("s") and not word.endswith("ss") and len(word) > 3 else word


def _words(text: str) -> set[str]:
    return {_stem(w) for w in _WORD.findall(text.lower()) if w not in _STOP and len(w) >= 3}


@dataclass(frozen=True)
class CategoryMatcher:
    categories: tuple[str, ...]  # the catalog's own values, most products first
    words: tuple[frozenset[str], ...]  # each category's words, stemmed

    @classmethod
    def from_products(cls, products: Iterable[dict[str, Any]]) -> CategoryMatcher:
        counts = Counter(str(p.get("category") or "").strip() for p in products)
        counts.pop("", None)
        ordered = tuple(name for name, _ in counts.most_common())
        return cls(ordered, tuple(frozenset(_words(name)) for name in ordered))

    def match(self, message: str) -> str | None:
        """The one catalog category the message names (by its words, in English or Chinese), or
        None when it names none or several equally well."""
        said = _words(message)
        lowered = message.lower()
        said |= {
            _stem(kind.split()[-1])
            for kind, words in KIND_WORDS.items()
            if any(_says(lowered, w) for w in words)
        }
        scores = []
        for name, words in zip(self.categories, self.words, strict=True):
            hit = len(words & said) + (3 if re.search(r"[\u3400-\u9fff]", name) and name in message else 0)
            scores.append(hit)
        best = max(scores, default=0)
        if best == 0 or scores.count(best) > 1:
            return None
        return self.categories[scores.index(best)]


def _says(text: str, word: str) -> bool:
    if re.search(r"[\u3400-\u9fff]", word):
        if len(word) > 1:
            return word in text
        # One character names the kind only at the end of a word, where Chinese puts what a thing
        # is: 牛肉 is meat, 绿茶 tea; 肉桂 (cinnamon) is no meat and 茶几 (a side table) no tea.
        return word in text and any(piece.endswith(word) for piece in segment(text))
    return re.search(rf"\b{re.escape(word)}", text) is not None
