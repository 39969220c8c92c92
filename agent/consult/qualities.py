"""Qualities an answer claims for a product ("rich in vitamins", "organic", "boosts immunity",
"a popular choice", "富含维生素", "有助于消化", "热销") must be in the shop's data.

On BigBasket (names, brands and categories, no descriptions) the 0.5B model praised a green tea as
"rich in vitamins and minerals": nothing the shop says, and a health claim a shop answers for. A
claim is backed when the words it rests on (vitamins, organic, immunity) appear in a record of the
turn (a product's name, category, specs or description, or a policy passage); Chinese words are
compared through the dictionary on an English catalog. A sentence that denies or says it does not
know ("the catalog does not say whether it is organic") is no claim; a negation elsewhere in the
sentence ("organic, with no added sugar") leaves the claim standing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from agent.consult.claims import sentences
from agent.consult.dictionary import english_words
from agent.consult.records import Record, record_text
from agent.consult.violations import Violation

# The word a claim rests on, or two joined by "and": "antioxidants", "immune (system)", "vitamins
# and minerals". One word each: the next one may already be the sentence going on ("which help").
_WORD = r"[a-z][a-z-]*"
_OBJECT = rf"(?P<term>{_WORD}(?:\s*(?:\band\b|&)\s*{_WORD})?)"
_ZH_OBJECT = r"(?P<term>[\u4e00-\u9fff]{2,6}?(?:和[\u4e00-\u9fff]{2,6}?)?)(?=[，。！？、,.!?\s]|的|和|$)"
# What a product is said to contain, do for the body, or be: each names the words it rests on.
_CLAIMS = [
    re.compile(rf"\b(?:rich|high|packed|loaded|full|abundant)\s+(?:in|with|of)\s+{_OBJECT}", re.I),
    re.compile(rf"\b(?:a\s+)?(?:good|great|excellent|natural|rich)\s+source\s+of\s+{_OBJECT}", re.I),
    re.compile(
        r"\b(?:boosts?|strengthens?|improves?|aids?|promotes?|enhances?|relieves?|"
        rf"prevents?|cures?|fights?|lowers?|detoxif(?:y|ies))\s+(?:your\s+|the\s+)?{_OBJECT}",
        re.I,
    ),
    re.compile(
        r"\b(?P<term>organic|gluten[- ]free|sugar[- ]free|fat[- ]free|low[- ](?:fat|sugar|calorie)|"
        r"high[- ]protein|vegan|non[- ]gmo|preservative[- ]free|chemical[- ]free|paraben[- ]free|"
        r"all[- ]natural|100% natural|hypoallergenic|dermatologically tested|cruelty[- ]free)\b",
        re.I,
    ),
    # Popularity and ratings: the catalog rarely holds them, and a customer takes them as fact.
    re.compile(
        r"\b(?P<term>popular|best[- ]?sell(?:er|ers|ing)|top[- ]rated|highly[- ]rated|"
        r"award[- ]winning|customer favou?rite)\b",
        re.I,
    ),
    re.compile(r"(?P<term>热销|畅销|爆款|好评如潮|最受欢迎|销量(?:第一|最高|很高|很好)|口碑(?:很好|极佳))"),
    re.compile(rf"(?:富含|含有丰富的|含丰富的|富有){_ZH_OBJECT}"),
    re.compile(rf"(?:有助于|有利于|有益于)?(?:增强|提高|促进|改善|降低|预防|缓解){_ZH_OBJECT}"),
    re.compile(r"(?P<term>有机|无糖|无麸质|纯天然|全天然|无添加|零添加|低脂|低糖|高蛋白|纯素)"),
]
# A negation counts for the claims after it in its own clause: "does not say whether it is organic"
# is no claim, "this organic honey has no added sugar" still claims organic.
_NEGATION = re.compile(
    r"\b(?:not|no|doesn't|does not|don't|do not|cannot|can't|isn't|aren't|never)\b|没有|不是|无法|不能|未|是否",
    re.I,
)
_CLAUSE = re.compile(r"[,;:，；：]|\b(?:but|however|although|while)\b|但是?|不过|而且", re.I)
# Saying it is not known denies every claim of the sentence, wherever it stands.
_UNKNOWN = re.compile(
    r"\b(?:unknown|not sure|no information|not (?:listed|mentioned|stated|specified))\b|不清楚|不确定|未注明|未说明",
    re.I,
)
_SPLIT = re.compile(r"\s*(?:&|\band\b)\s*", re.I)
_FILLER = frozenset(["all", "your", "the"])  # "all-natural" rests on natural
_STEM = 5  # "vitamins" is "vitamin", "digestion" is "digestive": compared by their first letters


def unbacked_qualities(answer: str, records: list[Record]) -> list[Violation]:
    named = [str(r.get(k) or "") for r in records for k in ("name", "brand", "category", "subcategory")]
    source = " ".join([*named, *map(record_text, records)]).lower()
    # Hyphenated words count by their parts, as a claim's do: "Gluten-Free Oats" backs "gluten-free".
    stems = {word[:_STEM] for word in re.findall(r"[a-z]+", source)}
    found: list[Violation] = []
    for sentence in sentences(answer):
        if _UNKNOWN.search(sentence):
            continue
        for pattern in _CLAIMS:
            for match in pattern.finditer(sentence):
                if _denied(sentence[: match.start()]):
                    continue
                if not _backed(match["term"], source, stems):
                    found.append(
                        Violation("quality", f"'{match[0].strip()}' is not in the catalog or policies")
                    )
    return found


def _denied(before: str) -> bool:
    """A negation in the clause that leads up to the claim."""
    return bool(_NEGATION.search(_CLAUSE.split(before)[-1]))


def _backed(term: str, source: str, stems: set[str]) -> bool:
    if re.search(r"[\u4e00-\u9fff]", term):  # each of "蛋白质和维生素", as "protein and vitamins"
        return all(
            part in source or bool(english_words(part, lambda word: word[:_STEM] in stems))
            for part in term.split("和")
        )
    return all(_word_backed(part, stems) for part in _parts(term))


def _parts(term: str) -> Iterable[str]:
    return (part for part in _SPLIT.split(term.lower()) if part)


def _word_backed(part: str, stems: set[str]) -> bool:
    """Every word of the part in the records ("gluten-free": gluten and free; "100%" is no word)."""
    words = [w for w in re.split(r"[\s-]+", part) if w.isalpha() and w not in _FILLER]
    return all(w[:_STEM] in stems for w in words)
