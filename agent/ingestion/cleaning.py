"""Clean the text fields of real exports: HTML and CSS junk, spec blobs, stock words, unsafe URLs."""

from __future__ import annotations

import html
import re

_BLOCK_JUNK = re.compile(r"<(script|style)\b.*?</\1\s*>|<!--.*?-->", re.S | re.I)
_TAG = re.compile(r"<[^>]+>")
_BREAK_TAG = re.compile(r"<\s*(?:br|/p|/li|/div|/h\d|/tr)\b[^>]*>", re.I)
# CSS rules pasted into a description ("p { margin: 0 }", ".a{color:red}").
_CSS_RULE = re.compile(
    r"(?:[.#][\w-]+|\b(?:p|div|span|body|table|td|tr|li|ul|ol|h\d|a|img|strong|b)\b)"
    r"(?:[ ,>]+[.#]?[\w-]+)*[ \t]*\{[^{}]*:[^{}]*\}"
)
# "Key: value" runs in a blob: "ProductDimensions:28x12x15inches|ItemWeight:2.2pounds".
_PAIR_SPLIT = re.compile(r"\s*(?:\||;|；|\n|•|\u2022)\s*")
_PAIR = re.compile(r"^\s*([^:：=]{1,40}?)\s*[:：=]\s*(.+?)\s*$")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_UNIT_GLUE = re.compile(r"(?<=\d)(?=[A-Za-z]{3,})")
# Spec keys that are shop logistics or marketplace noise, not facts about the product.
_NOISE_KEYS = re.compile(
    r"shipping|asin|upc|ean|best ?sellers? ?rank|customer reviews?|date first available|"
    r"item model number|manufacturer part|is discontinued|batteries required|view .*rates|运费|物流",
    re.I,
)
MAX_SPECS = 8
_NO_STOCK = {"no", "false", "0", "sold out", "out of stock", "outofstock", "缺货", "无货", "售罄"}
_YES_STOCK = {"yes", "true", "in stock", "instock", "available", "有货", "现货"}


def clean_text(text: str) -> str:
    """Plain text from an HTML or messy field: tags, scripts, styles and CSS rules removed."""
    if not text:
        return ""
    if "<" in text or "&" in text:
        text = _BLOCK_JUNK.sub(" ", text)
        text = _BREAK_TAG.sub("\n", text)
        text = html.unescape(_TAG.sub(" ", text))
    text = _CSS_RULE.sub(" ", text)
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return "\n".join(line for line in lines if line).strip()


def spec_pairs(specs: str | None) -> list[tuple[str, str]]:
    """The ``Key: value; Key: value`` that ``parse_specs`` writes, as pairs."""
    pairs = (part.partition(":") for part in (specs or "").split(";"))
    return [
        (key.strip(), value.strip()) for key, sep, value in pairs if sep and key.strip() and value.strip()
    ]


def parse_specs(text: str) -> str:
    """A spec blob as ``Key: value; Key: value`` (at most MAX_SPECS, noise keys dropped).

    Text that holds no key/value pairs is kept as cleaned text, cut at a word boundary.
    """
    cleaned = clean_text(text)
    if not cleaned:
        return ""
    pairs: list[str] = []
    for part in _PAIR_SPLIT.split(cleaned):
        match = _PAIR.match(part)
        if not match:
            continue
        key = " ".join(_CAMEL.sub(" ", match[1]).split())
        value = " ".join(_UNIT_GLUE.sub(" ", match[2]).split())
        if key and value and not _NOISE_KEYS.search(key):
            pairs.append(f"{key}: {value}")
    if pairs:
        return "; ".join(dict.fromkeys(pairs[:MAX_SPECS]))
    return shorten(cleaned, 200)


def shorten(text: str, limit: int) -> str:
    """``text`` cut to about ``limit`` characters at a sentence or word end."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit]
    end = max(cut.rfind(". "), cut.rfind("。"), cut.rfind("! "), cut.rfind("? "))
    if end > limit // 2:
        return cut[: end + 1]
    return cut.rsplit(" ", 1)[0] + " …" if " " in cut else cut + "…"


def parse_stock(text: str) -> int | None:
    """A stock figure from ``12``, ``In stock``, ``缺货``...; None when the export does not say."""
    lowered = " ".join(text.lower().split())
    if not lowered:
        return None
    if lowered in _NO_STOCK or "out of stock" in lowered:
        return 0
    digits = re.search(r"-?\d+", lowered.replace(",", ""))
    if digits:
        return max(int(digits.group(0)), 0)
    return 1 if lowered in _YES_STOCK else None


# What exports write for a listing that is not for sale: Shopify Status draft/archived and
# Published FALSE, WooCommerce Published 0/-1 and Visibility hidden, Chinese 下架/停售, is_on_sale 0.
_NOT_FOR_SALE = frozenset(
    [
        "draft",
        "archived",
        "false",
        "0",
        "-1",
        "hidden",
        "no",
        "n",
        "inactive",
        "unpublished",
        "private",
        "disabled",
        "off",
        "否",
        "未上架",
        "下架",
        "已下架",
        "停售",
    ]
)


def for_sale(*values: str) -> bool:
    """Whether a listing is for sale: no value of the export's status columns says otherwise
    (an empty one says nothing)."""
    said = [" ".join(v.lower().split()) for v in values]
    return not any(v in _NOT_FOR_SALE or "下架" in v or "停售" in v for v in said)


def safe_url(text: str) -> str:
    """The first http(s) URL in ``text`` (an images column may list several); anything else,
    ``javascript:`` and ``data:`` included, is dropped."""
    for candidate in re.split(r"[\s,|]+", text.strip()):
        if re.match(r"https?://[^\s\"'<>]+$", candidate, re.I):
            return candidate
    return ""
