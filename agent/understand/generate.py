"""Training messages for the request parser, generated from templates and shop-independent
fillers (``knowledge/requests``): each message with its acts and its labelled spans.

Amounts and quantities are written here in the many ways customers write them (signs, words,
Chinese numerals, 万 and k), so the model learns the span and the bound; their values are read
later by the number parsers (``numbers.py``), never by the model.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import cn2an

from agent.understand.labels import SPAN_LABELS
from agent.understand.request import Act

# Slots whose text is a tagged span, and the label it gets.
_TAGGED = {
    "need": "NEED", "qty": "QUANTITY", "ref": "REFERENT", "ordinal": "REFERENT", "desc": "REFERENT", "kindref": "REFERENT",
    "extreme": "REFERENT", "product": "REFERENT", "attr": "ATTRIBUTE", "trait": "ATTRIBUTE", "name": "NAME",
    "under": "BUDGET_UNDER", "around": "BUDGET_AROUND", "over": "BUDGET_OVER", "between": "BUDGET_BETWEEN",
}  # fmt: skip
_BOUNDS = ("under", "around", "over", "between")
_AMOUNTS = (15, 20, 25, 30, 40, 50, 60, 75, 80, 99, 100, 120, 150, 200, 250, 300, 400, 500, 600, 750, 800,
            1000, 1200, 1500, 2000, 2500, 3000, 3500, 5000, 8000, 12000, 15000)  # fmt: skip
_EN_MONEY = ("${a}", "{a} dollars", "{a} bucks", "{a} usd", "€{a}", "{a} euros", "{a}€", "£{a}", "{a} quid",
             "{a} pounds", "₹{a}", "{a} rupees", "Rs {a}", "Rs. {a}", "{a}", "{a}", "{a} yuan", "${a}.00")  # fmt: skip
_ZH_MONEY = ("{a}块", "{a}元", "{a}块钱", "{cn}块", "{cn}元", "{cn}块钱", "{a}", "{cn}", "{a}美元", "{cn}美元",
             "{a}美金", "{a}刀", "{a}欧元", "{a}卢比", "¥{a}", "￥{a}", "{a}人民币")  # fmt: skip
_BOUND_FORMS = {
    "en": {
        "under": ("under {m}", "below {m}", "less than {m}", "at most {m}", "max {m}", "{m} max", "within {m}",
                  "no more than {m}", "up to {m}", "{m} or less", "not over {m}", "under {m} if possible",
                  "{m} tops", "below {m} pls", "{m}"),
        "around": ("around {m}", "about {m}", "roughly {m}", "~{m}", "{m} or so", "{m}-ish", "approximately {m}",
                   "something like {m}", "in the {m} range", "close to {m}", "round about {m}"),
        "over": ("over {m}", "above {m}", "at least {m}", "more than {m}", "{m}+", "{m} and up", "no less than {m}"),
        "between": ("between {m1} and {m2}", "{m1}-{m2}", "{m1} to {m2}", "from {m1} to {m2}", "{m1}–{m2}",
                    "somewhere between {m1} and {m2}"),
    },
    "zh": {
        "under": ("{m}以内", "{m}以下", "不超过{m}", "最多{m}", "{m}之内", "预算{m}", "预算{m}以内", "低于{m}",
                  "别超过{m}", "控制在{m}以内", "{m}封顶", "{m}内"),
        "around": ("{m}左右", "{m}上下", "大概{m}", "差不多{m}", "{m}的样子", "大约{m}", "{m}出头"),
        "over": ("{m}以上", "至少{m}", "起码{m}", "不低于{m}", "{m}起"),
        "between": ("{m1}到{m2}之间", "{m1}-{m2}", "{m1}至{m2}", "{m1}到{m2}", "{m1}~{m2}"),
    },
}  # fmt: skip
_QUANTITIES = {
    "en": ("2", "two", "three", "3", "a couple", "a pair", "4", "four", "five", "10", "ten", "x2", "2x",
           "3 units", "2 pcs", "a dozen", "one", "1", "6", "six", "twenty"),
    "zh": ("两个", "三个", "2个", "一口", "一台", "两台", "三件", "五包", "十瓶", "一对", "两双", "4个", "一个",
           "两套", "三盒", "六个", "一打", "2台", "十个"),
}  # fmt: skip
_MEASURE_WORDS = (
    "个",
    "件",
    "台",
    "套",
    "袋",
    "支",
    "瓶",
    "盒",
    "箱",
    "双",
    "条",
    "包",
    "口",
    "部",
    "张",
    "本",
    "只",
    "份",
)
_JOINERS = {
    "en": (" ", ". ", ", ", "! ", " and ", ", also ", ". btw ", "? "),
    "zh": ("，", "。", "？", "！", "，另外", "，还有", " "),
}
_GREETINGS = {
    "en": ("hi ", "hi, ", "hello! ", "hey ", "good morning, ", "hello there, "),
    "zh": ("你好，", "您好，", "你好 ", "哈喽，", "在吗？"),
}
_SLOT = re.compile(r"\{(\w+)\}")


@dataclass
class Example:
    text: str
    acts: list[str]
    spans: list[tuple[int, int, str]] = field(default_factory=list)  # start, end, label
    template: str = ""
    tagged: bool = True  # False: only the acts are known (token loss skipped)

    def as_json(self) -> str:
        return json.dumps(
            {
                "text": self.text,
                "acts": self.acts,
                "spans": [list(s) for s in self.spans],
                "tagged": self.tagged,
            },
            ensure_ascii=False,
        )


@dataclass(frozen=True)
class Template:
    acts: tuple[str, ...]
    pattern: str
    language: str
    line: int


def read_templates(path: Path, language: str) -> list[Template]:
    templates = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        acts, sep, pattern = line.partition(" | ")
        names = tuple(a.strip() for a in acts.split(","))
        if not sep or any(a not in Act.__members__.values() for a in names):
            raise ValueError(f"{path}:{number}: expected 'acts | template' with known acts, got {line!r}")
        for slot in _SLOT.findall(pattern):
            if slot not in _TAGGED and slot not in (
                "budget",
                "email",
                "phone",
                "place",
                "noise",
                "percent",
                "money",
                "item",
            ):
                raise ValueError(f"{path}:{number}: unknown slot {{{slot}}}")
        templates.append(Template(names, pattern.strip(), language, number))
    return templates


def read_fillers(path: Path) -> dict[str, list[str]]:
    fillers: dict[str, list[str]] = {}
    section = ""
    for line in path.read_text(encoding="utf-8").splitlines():
        if match := re.fullmatch(r"\[(\w+)\]", line.strip()):
            section = match[1]
            fillers[section] = []
        elif line.strip():
            fillers[section].append(line.strip())
    return fillers


class Generator:
    def __init__(self, folder: Path, seed: int = 13) -> None:
        self.rng = random.Random(seed)
        self.fillers = {lang: read_fillers(folder / f"fillers.{lang}.txt") for lang in ("en", "zh")}
        self.templates = [
            t for lang in ("en", "zh") for t in read_templates(folder / f"templates.{lang}.txt", lang)
        ]

    def render(self, template: Template) -> Example:
        text, spans = "", []
        for piece, slot in self._pieces(template.pattern):
            if slot is None:
                text += piece
                continue
            value, label = self._fill(slot, template.language)
            if label:
                spans.append((len(text), len(text) + len(value), label))
            text += value
        text, spans = _tidy(text, spans)
        example = Example(text, list(template.acts), spans, f"{template.language}:{template.line}")
        return self._noisy(example, template.language)

    def _pieces(self, pattern: str) -> Iterator[tuple[str, str | None]]:
        """The pattern with its choices made: literal text, or a slot name."""
        text = re.sub(
            r"\[([^\[\]]*)\]",
            lambda m: self.rng.choice(m[1].split("|")) if self.rng.random() < 0.5 else "",
            pattern,
        )
        text = re.sub(r"\(([^()]*\|[^()]*)\)", lambda m: self.rng.choice(m[1].split("|")), text)
        last = 0
        for match in _SLOT.finditer(text):
            yield text[last : match.start()], None
            yield "", match[1]
            last = match.end()
        yield text[last:], None

    def _fill(self, slot: str, language: str) -> tuple[str, str | None]:
        rng = self.rng
        if slot == "budget":
            slot = rng.choice(_BOUNDS[:3] * 3 + _BOUNDS[3:])
        if slot in _BOUNDS:
            return self._budget(slot, language), _TAGGED[slot]
        if slot == "qty":
            return self._quantity(language), "QUANTITY"
        if slot == "ref":
            slot = rng.choice(("ordinal", "ordinal", "desc", "extreme", "product", "kindref"))
        fillers = self.fillers[language]
        # Mixed messages: an English product word in a Chinese sentence ("有没有 wireless earbuds").
        if language == "zh" and slot in ("need", "attr", "trait") and rng.random() < 0.15:
            fillers = self.fillers["en"]
        value = rng.choice(fillers[slot])
        return value, _TAGGED.get(slot)

    def _quantity(self, language: str) -> str:
        """A count as written: words, digits, and in Chinese a numeral with a measure word."""
        rng = self.rng
        if language == "zh" and rng.random() < 0.6:
            count = rng.choice((1, 1, 2, 2, 3, 4, 5, 6, 10))
            numeral = "两" if count == 2 and rng.random() < 0.7 else cn2an.an2cn(count)
            if rng.random() < 0.25:
                numeral = str(count)
            return numeral + rng.choice(_MEASURE_WORDS)
        return rng.choice(_QUANTITIES[language])

    def _budget(self, bound: str, language: str) -> str:
        rng = self.rng
        form = rng.choice(_BOUND_FORMS[language][bound])
        if bound == "between":
            low = rng.choice(_AMOUNTS[:-4])
            high = rng.choice([a for a in _AMOUNTS if a > low])
            money = self._money(high, language)
            start = self._money(low, language) if rng.random() < 0.4 else _bare(low, language, rng)
            return form.format(m1=start, m2=money)
        return form.format(m=self._money(rng.choice(_AMOUNTS), language))

    def _money(self, amount: int, language: str) -> str:
        rng = self.rng
        if language == "zh":
            form = rng.choice(_ZH_MONEY)
            if amount >= 10000 and rng.random() < 0.5:
                return f"{amount / 10000:g}万" + rng.choice(("", "块", "元"))
            return form.format(a=amount, cn=_chinese(amount, rng))
        form = rng.choice(_EN_MONEY)
        if amount >= 1000 and rng.random() < 0.3:
            return f"{amount / 1000:g}k"
        written = f"{amount:,}" if amount >= 1000 and rng.random() < 0.5 else str(amount)
        return form.format(a=written)

    def _noisy(self, example: Example, language: str) -> Example:
        """How people type: no capitals or no final punctuation, now and then a typo outside spans."""
        rng = self.rng
        text = example.text
        if language == "en" and rng.random() < 0.5:
            text = text[0].upper() + text[1:]
        if rng.random() < 0.3:
            stripped = text.rstrip("?？!！.。")
            text = stripped if stripped else text
        if language == "en" and rng.random() < 0.15:
            text = _typo(text, example.spans, rng)
        example.text = text
        return example

    def examples(self, per_template: int, multi: int) -> tuple[list[Example], list[Example]]:
        """(train, val): every fifth template line renders into the validation set only."""
        train: list[Example] = []
        val: list[Example] = []
        for index, template in enumerate(self.templates):
            target = val if index % 5 == 4 else train
            target += [self.render(template) for _ in range(per_template)]
        for examples, count in ((train, multi), (val, multi // 5)):
            examples += [self._combined(examples) for _ in range(count)]
            examples += [self._greeted(examples) for _ in range(count // 4)]
        return train, val

    def _greeted(self, pool: list[Example]) -> Example:
        """A greeting before a request is smalltalk as well ("hi, do you have kites?")."""
        example = self.rng.choice([e for e in pool[:4000] if "smalltalk" not in e.acts])
        greeting = self.rng.choice(_GREETINGS[example.template[:2]])
        spans = [(s + len(greeting), e + len(greeting), label) for s, e, label in example.spans]
        acts = sorted({*example.acts, "smalltalk"})
        return Example(greeting + example.text, acts, spans, f"greeted+{example.template}")

    def _combined(self, pool: list[Example]) -> Example:
        """Two messages of different acts in one ("I'll take two, how do I pay?")."""
        rng = self.rng
        while True:
            first, second = rng.sample(pool, 2)
            same_language = first.template[:2] == second.template[:2]
            solo = {"attack", "smalltalk", "out_of_scope", "draft"}
            if (
                same_language
                and not set(first.acts) & set(second.acts)
                and not solo & {*first.acts, *second.acts}
            ):
                break
        joiner = rng.choice(_JOINERS[first.template[:2]])
        text = first.text.rstrip() + joiner + second.text
        shift = len(first.text.rstrip()) + len(joiner)
        spans = first.spans + [(s + shift, e + shift, label) for s, e, label in second.spans]
        return Example(
            text, sorted({*first.acts, *second.acts}), spans, f"{first.template}+{second.template}"
        )


def _chinese(amount: int, rng: random.Random) -> str:
    """五百, 两百, 一千二 (the spoken short form), 一万五."""
    written = cn2an.an2cn(amount)
    if written.startswith("二") and amount >= 100 and rng.random() < 0.6:
        written = "两" + written[1:]
    if re.fullmatch(r".千.百", written) and rng.random() < 0.5:
        written = written[:-1]
    if re.fullmatch(r".万.千", written) and rng.random() < 0.5:
        written = written[:-1]
    return written


def _bare(amount: int, language: str, rng: random.Random) -> str:
    return _chinese(amount, rng) if language == "zh" and rng.random() < 0.3 else str(amount)


def _typo(text: str, spans: list[tuple[int, int, str]], rng: random.Random) -> str:
    """Two neighbouring letters swapped, outside any span (so spans keep their offsets)."""
    free = [
        i
        for i in range(len(text) - 1)
        if text[i : i + 2].isalpha() and not any(s <= i < e + 1 for s, e, _ in spans)
    ]
    if not free:
        return text
    i = rng.choice(free)
    return text[:i] + text[i + 1] + text[i] + text[i + 2 :]


def _tidy(text: str, spans: list[tuple[int, int, str]]) -> tuple[str, list[tuple[int, int, str]]]:
    """Collapse doubled spaces (an empty optional part leaves them), keeping span offsets right."""
    out, shifted, removed = [], [], 0
    keep = []
    for i, char in enumerate(text):
        drop = char == " " and (i == 0 or text[i - 1] == " " or i == len(text) - 1)
        keep.append(not drop)
    positions = []
    for i, char in enumerate(text):
        positions.append(i - removed)
        if keep[i]:
            out.append(char)
        else:
            removed += 1
    positions.append(len(text) - removed)
    for start, end, label in spans:
        shifted.append((positions[start], positions[end], label))
    for _, _, label in shifted:
        assert label in SPAN_LABELS, label
    return "".join(out), shifted


def write_sets(
    folder: Path, out: Path, per_template: int = 14, multi: int = 1200, seed: int = 13
) -> tuple[int, int]:
    train, val = Generator(folder, seed).examples(per_template, multi)
    out.mkdir(parents=True, exist_ok=True)
    for name, examples in (("train", train), ("val", val)):
        (out / f"{name}.jsonl").write_text("".join(e.as_json() + "\n" for e in examples), encoding="utf-8")
    return len(train), len(val)
