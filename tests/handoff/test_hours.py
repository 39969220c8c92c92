"""Opening hours from settings: in or out of hours in the shop's time zone; bad settings named."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from agent.handoff.hours import OpeningHoursError, parse_hours


def test_weekday_hours_in_the_shops_time_zone() -> None:
    hours = parse_hours("Mon-Fri 09:00-18:00, Sat 10:00-14:00", "Europe/Berlin")
    # 2026-12-02 is a Wednesday; Berlin is UTC+1 in December.
    assert hours.is_open(datetime(2026, 12, 2, 8, 30, tzinfo=UTC))  # 09:30 in Berlin
    assert not hours.is_open(datetime(2026, 12, 2, 7, 30, tzinfo=UTC))  # 08:30 in Berlin
    assert not hours.is_open(datetime(2026, 12, 2, 17, 0, tzinfo=UTC))  # 18:00: closed
    assert hours.is_open(datetime(2026, 12, 5, 12, 0, tzinfo=UTC))  # Saturday 13:00
    assert not hours.is_open(datetime(2026, 12, 6, 12, 0, tzinfo=UTC))  # Sunday


def test_a_range_over_the_week_end_wraps() -> None:
    hours = parse_hours("Sat-Mon 00:00-23:59", "UTC")
    assert hours.is_open(datetime(2026, 12, 6, 12, 0, tzinfo=UTC))  # Sunday
    assert not hours.is_open(datetime(2026, 12, 2, 12, 0, tzinfo=UTC))  # Wednesday


@pytest.mark.parametrize(
    ("text", "zone", "named"),
    [
        ("Mon-Fri 9-18", "UTC", "opening_hours: 'Mon-Fri 9-18'"),
        ("Mon-Fry 09:00-18:00", "UTC", "opening_hours"),
        ("Mon 18:00-09:00", "UTC", "closes before it opens"),
        ("Mon 09:00-25:00", "UTC", "opening_hours: 'Mon 09:00-25:00'"),
        ("Mon-Fri 09:00-18:00", "Mars/Olympus", "opening_timezone: 'Mars/Olympus'"),
    ],
)
def test_bad_settings_name_the_setting_and_the_part(text: str, zone: str, named: str) -> None:
    with pytest.raises(OpeningHoursError, match=named.replace("(", r"\(")):
        parse_hours(text, zone)
