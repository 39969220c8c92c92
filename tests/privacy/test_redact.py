"""Contact and card numbers are redacted; prices, dates, specs and ids are not."""

from __future__ import annotations

import logging

import pytest

from agent.privacy.redact import RedactingFilter, redact


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mail me at ana.b@example.co.uk", "mail me at [email]"),
        ("call +1 (555) 010-0777 after 5", "call [phone] after 5"),
        ("我的电话 13812345678，邮箱 zhang@example.cn", "我的电话 [phone]，邮箱 [email]"),
        ("card 4111 1111 1111 1111 exp 12/27", "card [card] exp 12/27"),
        ("order 4111-1111-1111-1111 now", "order [card] now"),
    ],
)
def test_contact_and_card_numbers_are_redacted(text: str, expected: str) -> None:
    assert redact(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "LAP-002 costs $1,899.00 since 2026-11-22 for 2 units",
        "16 GB RAM, 3840x2160, 120 Hz, 5,000 mAh, ¥6999",
        "lead L-4F2A9C1B and handoff H-00A1B2C3 for LAP-001",
        "requested: 2026-12-04 20:22:41 UTC",  # the handoff card's timestamp
        "2026-12-04T09:05:00Z",
    ],
)
def test_catalog_facts_are_left_alone(text: str) -> None:
    assert redact(text) == text


def test_log_records_are_redacted_before_formatting(caplog: pytest.LogCaptureFixture) -> None:
    logger = logging.getLogger("privacy-test")
    redacting = RedactingFilter()
    caplog.handler.addFilter(redacting)
    try:
        with caplog.at_level(logging.INFO):
            logger.info("lead from %s", "ana@example.com")
    finally:
        caplog.handler.removeFilter(redacting)  # pytest reuses this handler for every later test
    assert caplog.messages == ["lead from [email]"]
