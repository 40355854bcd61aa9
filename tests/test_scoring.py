"""The placement points, worked out by hand from the default policy (see festival.domain.Policy)."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from festival.scoring import placement_points
from tests import factory

TUESDAY = dt.date(2025, 5, 13)
MSK = ZoneInfo("Europe/Moscow")


def _points(
    audience: int, day: dt.date, at: dt.datetime, seats: int = 300, **policy: Any
) -> tuple[int, int]:
    venue_data = factory.venues()
    venue_data["policy"] = {**venue_data["policy"], "weights": {"prime_time": 50}, **policy}
    venue_data["venues"][0]["halls"][0]["seats"] = seats
    inputs = factory.inputs(
        venue_data, factory.programme(factory.film("a", demand={"audience": audience}))
    )
    return placement_points(
        inputs, inputs.films["a"], inputs.halls[("mir", "main")], day, at.replace(tzinfo=MSK)
    )


@pytest.mark.parametrize(
    ("audience", "at", "expected"),
    [
        (200, dt.datetime(2025, 5, 13, 19, 0), (160, 0)),  # 200 × weekday 0.8 × evening 1.0
        (200, dt.datetime(2025, 5, 13, 10, 0), (64, 0)),  # morning band 0.4
        (200, dt.datetime(2025, 5, 13, 12, 0), (96, 0)),  # a band starts at its own minute
        (200, dt.datetime(2025, 5, 14, 0, 30), (112, 0)),  # past midnight: still the 22:00 band
        (400, dt.datetime(2025, 5, 13, 19, 0), (300, 50)),  # seats cap 320; high demand in prime
        (400, dt.datetime(2025, 5, 13, 21, 30), (300, 0)),  # prime time ends at 21:30
        (299, dt.datetime(2025, 5, 13, 19, 0), (239, 0)),  # below the high-demand threshold
    ],
)
def test_weekday_points(audience: int, at: dt.datetime, expected: tuple[int, int]) -> None:
    assert _points(audience, TUESDAY, at) == expected


def test_a_holiday_counts_as_weekend() -> None:
    # weekend factor 1.0, afternoon band 0.6, weekend prime time from 13:00
    at = dt.datetime(2025, 5, 13, 14, 0)
    assert _points(400, TUESDAY, at) == (192, 0)
    assert _points(400, TUESDAY, at, holidays=["2025-05-13"]) == (240, 50)


def test_bands_listed_out_of_order_and_no_bands() -> None:
    at = dt.datetime(2025, 5, 13, 23, 0)
    bands = [{"from": "22:00", "factor": 0.5}, {"from": "05:00", "factor": 0.9}]
    assert _points(100, TUESDAY, at, time_of_day=bands) == (40, 0)  # 100 × 0.8 × 0.5
    assert _points(100, TUESDAY, at, time_of_day=[]) == (80, 0)
