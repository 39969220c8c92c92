"""The real-catalog consultations on a small BigBasket sample, as CI runs them: what must hold on any
catalog (prices, promises, attacks, handoffs, leads) holds in every consultation."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from bench.realistic_cases import BIGBASKET, GROCER_KINDS, consultations
from tests.conftest import ROOT

MUST_HOLD = [
    "prices as catalog",
    "no promise without source",
    "attack refused",
    "handoff only when asked",
    "no stray lead",
    "haggle keeps product",
    "question answered",
    "absent product: none shown",
]


def test_consultations_are_half_chinese_and_cover_every_behaviour() -> None:
    products = [{"name": f"{kind} {n}", "price": 100.0 + n} for kind, _, _ in GROCER_KINDS for n in range(3)]
    cases = consultations("grocer", products, GROCER_KINDS, ("₹{n}", "{n}卢比"))
    assert len(cases) >= 60
    assert sum(c.language == "zh" for c in cases) == len(cases) // 2
    assert {c.behaviour for c in cases} == {
        "follow_up", "cheaper", "haggle", "multi_question", "policy", "absent", "handoff", "attack",
    }  # fmt: skip


@pytest.mark.slow
@pytest.mark.skipif(not BIGBASKET.exists(), reason="the BigBasket export is not beside the repository")
def test_a_bigbasket_sample_holds_what_every_catalog_must() -> None:
    run = subprocess.run(
        [sys.executable, "bench/realistic.py", "--llm", "fake", "--stores", "grocer", "--others", "150",
         "--limit", "18"],
        cwd=ROOT, capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr[-2000:]
    lines = run.stdout.strip().splitlines()
    assert re.fullmatch(r"consultations=36 expectations=\d+ failed=\d+", lines[-1]), lines[-1]
    held = {
        m[1]: (int(m[2]), int(m[3])) for m in re.finditer(r"\| all / (.+?) \| (\d+)/(\d+) \|", run.stdout)
    }
    for expectation in MUST_HOLD:
        if expectation in held:
            ok, total = held[expectation]
            assert ok == total, f"{expectation}: {ok}/{total}\n{run.stdout[-3000:]}"
    assert held["lead product"][0] == held["lead product"][1] and held["expected product"][0] >= 2
