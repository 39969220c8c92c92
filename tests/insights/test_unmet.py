"""What we could not answer: customer questions from the chat history with the ledger's labels,
grouped by the real e5 model, named, ranked, judged against the real sample index; and the draft
FAQ. Contact details in a message are redacted."""

from __future__ import annotations

import sqlite3
import uuid
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

from agent.consult.ledger import SalesLedger
from agent.insights.knowledge import from_retriever
from agent.report.assemble import build_report
from agent.report.collect import parse_range
from agent.retrieval.hybrid import HybridRetriever
from agent.settings import Settings
from agent.web.data_layer import schema_statements

# (question, intent, answer, thumbs) ; intent out_of_scope = the redirect, "handoff" = one was asked
EXCHANGES = [
    ("do you sell printers?", "out_of_scope", "Sorry, I can only help with our shop.", None),
    ("any printers in stock? mail me at ann@example.com", "out_of_scope", "Sorry, I can only help.", None),
    ("你们卖打印机吗", "out_of_scope", "抱歉，我只能回答本店的问题。", None),
    ("what is your return policy?", "shipping", "We ship fast.", 0),
    ("can I return headphones after 20 days?", "after_sales", "Please ask a colleague.", 0),
    ("I need a light laptop for travel", "product_recommendation", "The Voltix AirBook 13 [LAP-001].", 1),
    (
        "a light laptop for travelling please",
        "product_recommendation",
        "The Voltix AirBook 13 [LAP-001].",
        None,
    ),
]


def _chat_history(path: Path, ledger: SalesLedger) -> None:
    ledger.migrate()
    with closing(sqlite3.connect(path)) as db:
        for statement in schema_statements("sqlite"):
            db.execute(statement)
        for n, (question, intent, answer, vote) in enumerate(EXCHANGES):
            thread = str(uuid.uuid4())
            now = datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
            db.execute('INSERT INTO threads ("id", "createdAt") VALUES (?, ?)', (thread, now))
            ledger.add_turn(thread, "customer", intent, 0.9, "en", [])
            for kind, text in (("user_message", question), ("assistant_message", answer)):
                step = str(uuid.uuid4())
                db.execute(
                    'INSERT INTO steps ("id", "name", "type", "threadId", "streaming", "output", "createdAt") '
                    "VALUES (?, ?, ?, ?, 0, ?, ?)",
                    (step, kind, kind, thread, text, now),
                )
            if vote is not None:
                db.execute(
                    'INSERT INTO feedbacks ("id", "forId", "threadId", "value") VALUES (?, ?, ?, ?)',
                    (str(uuid.uuid4()), step, thread, vote),
                )
            if n == 4:
                ledger.add_handoff(thread, "asked for a person", "returns question", {})
        db.commit()


async def test_unmet_questions_become_named_ranked_topics_and_a_draft_faq(
    tmp_path: Path, retriever: HybridRetriever
) -> None:
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None, sales_db=tmp_path / "sales.sqlite", chat_db=tmp_path / "chat.sqlite",
        orders_db=tmp_path / "orders.sqlite",
    )  # fmt: skip
    _chat_history(settings.chat_db, SalesLedger(settings.sales_db))
    since, until = parse_range("2000-01-01", None)
    charted = await build_report(settings, since, until, knowledge=lambda: from_retriever(retriever))
    assert charted.unmet is not None
    topics = charted.unmet.topics
    assert [t.size for t in topics] == [3, 2]  # printers (English and Chinese), then returns
    printers, returns = topics
    assert "printers" in printers.words and printers.reasons["out_of_scope"] == 3
    assert printers.verdict == "missing" and printers.closest is None
    assert returns.verdict == "unused" and returns.closest and "returns" in returns.closest
    assert returns.reasons["thumbs_down"] == 2 and returns.reasons["handoff"] == 1
    text = charted.markdown()
    assert "ann@example.com" not in text and "[email]" in text
    assert "### Draft FAQ (DRAFT for staff review)" in text
    assert any(e.asked == 2 and "laptop" in e.question for e in charted.unmet.faq)
