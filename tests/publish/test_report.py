"""The programmer's report's charts: the same schedule gives the same bytes on any day."""

from __future__ import annotations

import datetime as dt

import pygal.svg
import pytest

from festival.domain import Schedule
from festival.inputs import Inputs
from festival.publish.report import charts, columns_of


class _Tomorrow(dt.date):
    @classmethod
    def today(cls) -> _Tomorrow:
        day = dt.date.today() + dt.timedelta(days=1)
        return cls(day.year, day.month, day.day)


def test_charts_do_not_carry_the_date_they_were_drawn(
    schedules: dict[str, tuple[Schedule, Inputs]], monkeypatch: pytest.MonkeyPatch
) -> None:
    schedule, inputs = schedules["may"]
    today = charts(columns_of(schedule, inputs, "ru"), inputs, "ru")
    monkeypatch.setattr(pygal.svg, "date", _Tomorrow)  # pygal dates its SVG with date.today()
    tomorrow = charts(columns_of(schedule, inputs, "ru"), inputs, "ru")
    assert today == tomorrow
    assert not any("Generated with pygal" in svg for svg in today.values())
