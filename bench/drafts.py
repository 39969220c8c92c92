"""Drafts for salespeople, checked in code (``bench/data/drafts.jsonl``, written for issue 43): a
salesperson's request in a real consultation, on the sample store and a BigBasket sample.

    python bench/drafts.py [--llm fake|embedded] [--limit N] [--show 5]

Per draft: the kind asked for is the kind delivered (an email has a subject, a greeting and a close;
a script its parts; a chat reply is short and asks; a pitch is a few sentences; a brief has
headings), the customer's name and need are used (a fitting product is named, none over the
budget), every amount is a record's or the budget, no promise without a policy record, and it is
in the salesperson's language. Last line: ``drafts=N expectations=M failed=F unbacked=U p50_s=S``.
"""

from __future__ import annotations

import asyncio
import json
import re
import statistics
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

from _common import ROOT, arguments, machine
from claims import GROCER_POLICIES, _bigbasket_csv

from agent.answer.reading import Kind, figures
from agent.consult.builder import build_deps, open_consultant
from agent.consult.drafts import draft_body
from agent.consult.session import Exchange
from agent.consult.state import Role
from agent.embeddings import EMBEDDING_MODEL_ID, load_embedder
from agent.ingestion.pipeline import ingest
from agent.language import answer_language_of
from agent.llm.factory import make_chat_model
from agent.settings import Settings

DRAFTS = ROOT / "bench" / "data" / "drafts.jsonl"
_SHAPES: dict[str, Any] = {
    "follow-up email": lambda t: bool(
        re.search(r"subject|主题", t, re.I)
        and re.search(r"\b(dear|hi|hello)\b|您好|尊敬", t, re.I)
        and re.search(r"regards|best|thanks|thank you|sincerely|祝|此致|谢谢", t, re.I)
    ),
    "sales script": lambda t: (
        sum(
            bool(re.search(p, t, re.I))
            for p in (r"opening|开场", r"question|问题", r"pitch|推荐", r"objection|异议", r"close|促成")
        )
        >= 4
    ),
    "chat reply": lambda t: len(t) <= 600 and bool(re.search(r"[?？]\s*$", t.strip())),
    "product pitch": lambda t: 2 <= len(re.findall(r"[.!?。！？](?:\s|$)", t)) <= 8,
    "sales training brief": lambda t: len(re.findall(r"\*\*[^*]+\*\*|^#+ ", t, re.M)) >= 3,
}
_PROMISES = r"free (shipping|delivery)|discount|warranty|refund|包邮|免运费|折扣|优惠|保修|退款"


def checks(case: dict[str, Any], turn: Exchange) -> tuple[dict[str, bool], int]:
    """Each expectation held or not, and the amounts no record (or the budget) states."""
    body = draft_body(turn.answer, turn.outcome.language)
    products = {r["id"]: r for r in turn.records if r.get("kind") == "product"}
    named = [r for r in products.values() if str(r["name"]) in body]
    known = {round(float(r[k]), 2) for r in products.values() for k in ("price", "list_price") if r.get(k)}
    amounts = [round(m.value, 2) for m in figures(body, []) if m.kind is Kind.AMOUNT and m.value is not None]
    unbacked = [a for a in amounts if a not in known and a != case.get("max_price")]
    fits = [
        r
        for r in named
        if any(w.lower() in f"{r['name']} {r.get('category', '')}".lower() for w in case["need_words"])
    ]
    result = {
        "kind": turn.outcome.draft == case["kind"] and _SHAPES[case["kind"]](body),
        "name": not case.get("customer") or str(case["customer"]) in body,
        "need": bool(fits) or any(r["id"] in case["expected_any"] for r in named),
        "budget": not case.get("max_price")
        or all(float(r["price"] or 0) <= case["max_price"] for r in named),
        "facts": not unbacked,
        "promises": not re.search(_PROMISES, body, re.I) or any(r.get("kind") == "faq" for r in turn.records),
        "language": answer_language_of(body, case["language"]) == case["language"],
    }
    return result, len(unbacked)


def _settings(catalog: str, base: Settings, scratch: Path, cases: list[dict[str, Any]]) -> Settings:
    if catalog == "sample":
        return base
    ids = {i for c in cases if c["catalog"] == catalog for i in c["expected_any"]}
    index = scratch / "bigbasket-index"
    sources = [_bigbasket_csv(scratch, ids), GROCER_POLICIES]
    ingest(sources, index, load_embedder(base), EMBEDDING_MODEL_ID, {"currency": "INR"})
    return base.model_copy(update={"index_dir": index, "shop_name": "BigBasket"})


async def run(llm: str, limit: int, show: int) -> None:
    cases = [json.loads(line) for line in DRAFTS.read_text(encoding="utf-8").splitlines() if line.strip()]
    cases = cases[: limit or None]
    scratch = Path(tempfile.mkdtemp(prefix="drafts-"))
    base = Settings(llm=llm, conversations_db=scratch / "c.sqlite", sales_db=scratch / "s.sqlite")  # type: ignore[call-arg]
    held: dict[tuple[str, str], list[bool]] = defaultdict(list)
    unbacked, shown = 0, 0
    seconds: list[float] = []
    for catalog in sorted({c["catalog"] for c in cases}):
        settings = _settings(catalog, base, scratch, cases)
        async with open_consultant(
            settings, build_deps(settings), make_chat_model(llm, settings)
        ) as consultant:
            for n, case in enumerate(c for c in cases if c["catalog"] == catalog):
                turn = await consultant.answer(f"draft-{catalog}-{n}", case["request"], Role.SALESPERSON)
                seconds.append(turn.latency_ms / 1000)
                result, missing = checks(case, turn)
                unbacked += missing
                for name, ok in result.items():
                    held[(case["kind"], name)].append(ok)
                if not all(result.values()) and shown < show:
                    shown += 1
                    missed = [k for k, ok in result.items() if not ok]
                    print(
                        f"BAD {case['kind']} ({', '.join(missed)}): {case['request']}\n    {turn.answer[:600]!r}"
                    )
    _table(held)
    total = sum(len(v) for v in held.values())
    failed = sum(v.count(False) for v in held.values())
    p50 = statistics.median(seconds) if seconds else 0.0
    print(f"drafts={len(cases)} expectations={total} failed={failed} unbacked={unbacked} p50_s={p50:.1f}")


def _table(held: dict[tuple[str, str], list[bool]]) -> None:
    names = list(dict.fromkeys(name for _, name in held))
    print(f"{'kind':<22}" + "".join(f"{n:>10}" for n in names))
    for kind in dict.fromkeys(kind for kind, _ in held):
        row = [held.get((kind, n), []) for n in names]
        print(f"{kind:<22}" + "".join(f"{sum(v):>6}/{len(v):<3}" for v in row))


def main() -> None:
    parser = arguments(__doc__)
    parser.add_argument("--llm", default="fake")
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--show", type=int, default=5)
    args = parser.parse_args()
    print(f"drafts benchmark ({args.llm}) on {machine()}")
    asyncio.run(run(args.llm, args.limit, args.show))


if __name__ == "__main__":
    main()
