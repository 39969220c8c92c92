"""How well customer messages are understood: the joint request parser against the rules it
replaced (``bench/baseline_rules.py``, the keyword tables and regexes of before), on messages
written apart from the training templates (``bench/data/understand_test.jsonl``: other shops,
other authors, typos, Chinese numerals, several requests at once).

    python bench/understand.py [--model var/models/request] [--show-errors 20]

Prints per-act and per-slot F1 for both, whole-parse exact match, the parser's latency, and as
its last line ``acts_min_f1=.. budget_f1=.. quantity_f1=.. referent_f1=.. exact=.. p50_ms=..``.

Slots are compared as typed values: a budget by (bound, amount, high end), a quantity by its
number, a referent and a need by their words (case, punctuation and a leading article aside),
contact details by value. Attributes are scored on English messages only: the test set names them
in English, the parser keeps the customer's own words. Exact match asks the acts, need, budget,
quantity, referent and contact all right.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from _common import ROOT, machine
from baseline_rules import rules_parse

from agent.settings import Settings
from agent.understand.metrics import Tally
from agent.understand.request import CustomerRequest

TEST_SET = ROOT / "bench" / "data" / "understand_test.jsonl"
SLOTS = ("need", "budget", "quantity", "referent", "contact")


def normal(text: str | None) -> str | None:
    if not text:
        return None
    folded = re.sub(r"[\s\W_]+", " ", text.casefold()).strip()
    return re.sub(r"^(?:a|an|the|some|any|个|一个|一款)\s*", "", folded) or None


def gold_values(row: dict[str, Any]) -> dict[str, Any]:
    budget = row.get("budget")
    contact = row.get("contact") or {}
    return {
        "acts": set(row["acts"]),
        "need": normal(row.get("need")),
        "budget": (budget["bound"], float(budget["amount"]), _float(budget.get("high"))) if budget else None,
        "quantity": row.get("quantity"),
        "referent": normal(row.get("referent")),
        "contact": (contact.get("email"), _digits(contact.get("phone"))),
        "attributes": {a.lower() for a in row.get("attributes", [])},
    }


def predicted_values(request: CustomerRequest) -> dict[str, Any]:
    budget = request.budget
    return {
        "acts": {a.value for a in request.acts},
        "need": normal(request.need),
        "budget": (budget.bound.value, float(budget.amount), _float(budget.high)) if budget else None,
        "quantity": request.quantity,
        "referent": normal(request.referent.text if request.referent else None),
        "contact": (request.contact.email, _digits(request.contact.phone)),
        "attributes": {a.lower() for a in request.attributes},
    }


def _float(value: Any) -> float | None:
    return float(value) if value is not None else None


def _digits(phone: str | None) -> str | None:
    # The last 10 digits: "+1 415 555 0134" and "4155550134" are one number.
    return re.sub(r"\D", "", phone)[-10:] if phone else None


def score(
    rows: list[dict[str, Any]], parse: Callable[[str], CustomerRequest]
) -> tuple[Tally, int, list[str]]:
    tally, exact, errors = Tally(), 0, []
    for row in rows:
        gold, got = gold_values(row), predicted_values(parse(row["text"]))
        for act in gold["acts"] | got["acts"]:
            tally.add(f"act:{act}", [1] if act in gold["acts"] else [], [1] if act in got["acts"] else [])
        for slot in SLOTS:
            empty = (None, None) if slot == "contact" else None
            tally.add(
                slot, [gold[slot]] if gold[slot] != empty else [], [got[slot]] if got[slot] != empty else []
            )
        if row["lang"] == "en":
            tally.add("attributes (en)", gold["attributes"], got["attributes"])
        wrong = [k for k in ("acts", *SLOTS) if gold[k] != got[k]]
        exact += not wrong
        if wrong:
            errors.append(f"{row['text']!r}: " + "; ".join(f"{k} {gold[k]} -> {got[k]}" for k in wrong))
    return tally, exact, errors


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--model", type=Path, help="parser folder (default: settings request_model_dir)")
    parser.add_argument("--show-errors", type=int, default=0)
    parser.add_argument(
        "--test",
        type=Path,
        default=TEST_SET,
        help="annotated messages (also bench/data/understand_test2.jsonl)",
    )
    args = parser.parse_args()
    from agent.understand.parse import RequestParser

    rows = [json.loads(line) for line in args.test.read_text(encoding="utf-8").splitlines() if line.strip()]
    model = RequestParser.from_pretrained(args.model or Settings().request_model_dir)
    model.parse("warm up")
    latencies: list[float] = []

    def timed(text: str) -> CustomerRequest:
        started = time.perf_counter()
        request = model.parse(text)
        latencies.append(time.perf_counter() - started)
        return request

    joint, joint_exact, errors = score(rows, timed)
    rules, rules_exact, _ = score(rows, rules_parse)
    print(f"# {len(rows)} messages, {machine()}")
    print(f"{'':24} {'rules':>7} {'joint':>7} {'support':>8}")
    for key in joint.labels():
        print(f"{key:24} {rules.f1(key):7.2f} {joint.f1(key):7.2f} {joint.support(key):8d}")
    print(f"{'exact match':24} {rules_exact / len(rows):7.2f} {joint_exact / len(rows):7.2f} {len(rows):8d}")
    p50 = statistics.median(latencies) * 1000
    print(f"parser latency, one message at a time: p50 {p50:.1f} ms")
    for line in errors[: args.show_errors]:
        print("  ", line)
    acts_min = min(joint.f1(k) for k in joint.labels() if k.startswith("act:") and joint.support(k))
    print(
        f"acts_min_f1={acts_min:.2f} budget_f1={joint.f1('budget'):.2f} quantity_f1={joint.f1('quantity'):.2f} "
        f"referent_f1={joint.f1('referent'):.2f} exact={joint_exact / len(rows):.2f} p50_ms={p50:.1f}"
    )


if __name__ == "__main__":
    main()
