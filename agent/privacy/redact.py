"""Redact emails, phone numbers and payment-card numbers from text that is stored or logged."""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Callable

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# 13-19 digits, optionally grouped by spaces or dashes: checked with Luhn before redacting.
_CARD = re.compile(r"\b(?:\d[ -]?){12,18}\d\b")
# Phone numbers: an optional +country code, then 7+ digits in groups (not prices or years).
_PHONE = re.compile(r"(?<![\w$¥€£.,])\+?\d[\d ()-]{6,}\d(?![\w.,%])")


def _luhn(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char) * (2 if index % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def _card(match: re.Match[str]) -> str:
    digits = re.sub(r"\D", "", match[0])
    return "[card]" if 13 <= len(digits) <= 19 and _luhn(digits) else match[0]


# A date, or a timestamp's date and hour ("2026-12-04 20:22:41" stops at the colon): not a phone.
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(?:[ T]\d{1,2})?")


def _phone(match: re.Match[str]) -> str:
    if _DATE.fullmatch(match[0].strip()):
        return match[0]
    return "[phone]" if len(re.sub(r"\D", "", match[0])) >= 7 else match[0]


def redact(text: str) -> str:
    text = _EMAIL.sub("[email]", text)
    text = _CARD.sub(_card, text)
    return _PHONE.sub(_phone, text)


class RedactingFilter(logging.Filter):
    """Rewrites every record's message before any handler formats it."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        return True


APP_LOGGER = "agent"  # every module logs to logging.getLogger(__name__)
HANDLER_NAME = "sales-consultant-redacting"
_FORMAT = "%(asctime)s - %(levelname)s - %(name)s - %(message)s"  # chainlit's, so the lines match


def redact_app_logs() -> Callable[[], None]:
    """Send the ``agent.*`` loggers through one named, redacting handler on stdout instead of the
    root's (chainlit's CLI owns those: other libraries' logging stays as configured). Returns the undo."""
    logger = logging.getLogger(APP_LOGGER)
    if any(handler.get_name() == HANDLER_NAME for handler in logger.handlers):
        return lambda: None
    handler = logging.StreamHandler(sys.stdout)
    handler.set_name(HANDLER_NAME)
    handler.setFormatter(logging.Formatter(_FORMAT, "%Y-%m-%d %H:%M:%S"))
    handler.addFilter(RedactingFilter())
    propagated = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False  # else each record would also reach the root's handlers, unredacted

    def undo() -> None:
        logger.removeHandler(handler)
        logger.propagate = propagated

    return undo
