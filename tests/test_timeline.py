"""The one absolute timeline: festival-day time across midnight, zones, and clock changes."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from festival.timeline import NonexistentLocalTime, Timeline, in_zone, is_weekend

CUTOFF = dt.time(5, 0)
TL = Timeline.for_festival(dt.date(2025, 5, 15), CUTOFF)


def test_minute_zero_is_midnight_utc_two_days_before_the_first_day() -> None:
    assert TL.utc(0) == dt.datetime(2025, 5, 13, tzinfo=dt.UTC)


def test_a_time_before_the_cutoff_is_the_next_calendar_date() -> None:
    assert TL.calendar_datetime(dt.date(2025, 5, 15), dt.time(1, 0)) == dt.datetime(
        2025, 5, 16, 1, 0
    )
    assert TL.calendar_datetime(dt.date(2025, 5, 15), dt.time(5, 0)) == dt.datetime(
        2025, 5, 15, 5, 0
    )


def test_one_festival_time_is_a_different_utc_minute_in_each_zone() -> None:
    moscow = TL.minute_festival(dt.date(2025, 5, 15), dt.time(19, 0), "Europe/Moscow")
    vladivostok = TL.minute_festival(dt.date(2025, 5, 15), dt.time(19, 0), "Asia/Vladivostok")
    assert moscow - vladivostok == 7 * 60
    assert TL.utc(moscow) == dt.datetime(2025, 5, 15, 16, 0, tzinfo=dt.UTC)


def test_festival_day_of_a_late_show_after_midnight_is_the_day_before() -> None:
    late = dt.datetime(2025, 5, 16, 0, 30)
    assert TL.festival_day(late) == dt.date(2025, 5, 15)
    assert TL.festival_time(late) == (24 - 5) * 60 + 30
    assert TL.festival_day(dt.datetime(2025, 5, 16, 5, 0)) == dt.date(2025, 5, 16)


def test_order_of_puts_after_midnight_after_the_evening() -> None:
    assert TL.order_of(dt.time(23, 0)) < TL.order_of(dt.time(0, 30)) < TL.order_of(dt.time(4, 59))
    assert TL.order_of(CUTOFF) == 0


def test_a_time_the_clocks_skip_is_refused_and_a_repeated_one_is_the_first() -> None:
    berlin = Timeline.for_festival(dt.date(2025, 3, 28), CUTOFF)
    with pytest.raises(NonexistentLocalTime, match="does not exist in Europe/Berlin"):
        berlin.localize(dt.datetime(2025, 3, 30, 2, 30), "Europe/Berlin")
    autumn = Timeline.for_festival(dt.date(2025, 10, 24), CUTOFF)
    first = autumn.localize(dt.datetime(2025, 10, 26, 2, 30), "Europe/Berlin")
    assert first.utcoffset() == dt.timedelta(hours=2)


@given(
    minute=st.integers(min_value=0, max_value=40 * 24 * 60),
    tz=st.sampled_from(["Europe/Moscow", "Asia/Vladivostok", "America/Denver", "Asia/Kolkata"]),
)
def test_local_and_back_is_the_same_minute(minute: int, tz: str) -> None:
    local = TL.local(minute, tz)
    assert TL.minute_local(local.replace(tzinfo=None), tz) == minute
    assert TL.minute_of(in_zone(local, "UTC")) == minute


def test_weekend_counts_listed_holidays() -> None:
    friday, saturday = dt.date(2025, 5, 16), dt.date(2025, 5, 17)
    assert not is_weekend(friday, ())
    assert is_weekend(saturday, ())
    assert is_weekend(friday, (friday,))
