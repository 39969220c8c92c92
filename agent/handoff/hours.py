"""Opening hours from settings ("Mon-Fri 09:00-18:00, Sat 10:00-14:00"): is someone there now?"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

_DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
_PART = re.compile(
    r"^(?P<first>[a-z]{3})(?:\s*-\s*(?P<last>[a-z]{3}))?\s+"
    r"(?P<open>\d{1,2}:\d{2})\s*-\s*(?P<close>\d{1,2}:\d{2})$"
)


class OpeningHoursError(ValueError):
    """The opening_hours or opening_timezone setting cannot be read; the message says which part."""


@dataclass(frozen=True)
class OpeningHours:
    text: str
    zone: ZoneInfo
    spans: tuple[tuple[int, time, time], ...]  # (weekday 0 = Monday, opens, closes)

    def is_open(self, now: datetime) -> bool:
        local = now.astimezone(self.zone)
        return any(
            day == local.weekday() and opens <= local.time() < closes for day, opens, closes in self.spans
        )


def parse_hours(text: str, timezone: str) -> OpeningHours:
    try:
        zone = ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise OpeningHoursError(f"opening_timezone: {timezone!r} is not an IANA time zone") from error
    spans: list[tuple[int, time, time]] = []
    for part in (p.strip() for p in text.split(",")):
        match = _PART.match(part.lower())
        if not match or match["first"] not in _DAYS or (match["last"] or match["first"]) not in _DAYS:
            raise OpeningHoursError(f"opening_hours: {part!r} is not like 'Mon-Fri 09:00-18:00'")
        try:
            opens, closes = (
                time.fromisoformat(match["open"].zfill(5)),
                time.fromisoformat(match["close"].zfill(5)),
            )
        except ValueError as error:
            raise OpeningHoursError(f"opening_hours: {part!r}: {error}") from error
        if closes <= opens:
            raise OpeningHoursError(f"opening_hours: {part!r} closes before it opens")
        first, last = _DAYS.index(match["first"]), _DAYS.index(match["last"] or match["first"])
        days = range(first, last + 1) if first <= last else [*range(first, 7), *range(0, last + 1)]
        spans += [(day, opens, closes) for day in days]
    return OpeningHours(text, zone, tuple(spans))
