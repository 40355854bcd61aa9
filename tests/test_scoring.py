"""The placement points, worked out by hand from the default policy (see festival.domain.Policy)."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from festival.inputs import Inputs
from festival.plan import plan
from festival.scoring import WHOLE_DAY, SharedAudience, placement_points, score
from festival.solver import SolveOptions
from tests import factory

TUESDAY = dt.date(2025, 5, 13)
STAMP = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
OPTIONS = SolveOptions(time_limit=10, workers=1, deterministic=True)
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


def _crowded(halls: int = 4, **shared: Any) -> Inputs:
    """``halls`` halls of 300 seats in Kazan, one evening, and as many films each drawing 300."""
    venue_data = factory.with_halls(
        factory.venues(), *(factory.hall(f"h{n}", "17:00", "23:00") for n in range(halls))
    )
    venue_data["policy"] = {**venue_data["policy"], "shared_audience": shared}
    films = (
        factory.film(f"f{n}", 100, demand={"audience": 400}, screenings={"min": 1, "max": 1})
        for n in range(halls)
    )
    return factory.inputs(venue_data, factory.programme(*films))


@pytest.mark.parametrize(
    ("draw", "lost"), [(0, 0), (300, 0), (301, 1), (302, 1), (303, 2), (1200, 450)]
)
def test_the_shared_audience_loses_half_of_the_draw_beyond_the_pool_rounded_up(
    draw: int, lost: int
) -> None:
    shared = SharedAudience(_crowded())  # pool: a quarter of 4 × 300 seats
    assert shared.pools == {"kazan": 300}
    assert shared.loss(("kazan", TUESDAY, 34), draw) == lost


def test_a_day_s_pool_is_twice_the_city_s_seats() -> None:
    shared = SharedAudience(_crowded())
    day = ("kazan", TUESDAY, WHOLE_DAY)
    assert shared.day_pools == {"kazan": 2400}
    assert (shared.loss(day, 2400), shared.loss(day, 2401), shared.loss(day, 3400)) == (0, 1, 500)


def test_a_city_s_own_pools_and_a_lost_share_of_zero() -> None:
    i = _crowded(lost=0.2)
    city = i.venues.cities[0].model_copy(update={"audience_pool": 1000, "audience_day_pool": 50})
    mine = SharedAudience(
        Inputs(
            i.venues.model_copy(update={"cities": (city,)}),
            i.programme,
            i.venues_source,
            i.programme_source,
        )
    )
    assert (mine.pools, mine.loss(("kazan", TUESDAY, 3), 1006)) == ({"kazan": 1000}, 2)
    assert mine.loss(("kazan", TUESDAY, WHOLE_DAY), 60) == 2
    assert SharedAudience(_crowded(lost=0)).loss(("kazan", TUESDAY, 3), 5000) == 0


def test_a_lockstep_evening_scores_less_than_a_staggered_one() -> None:
    i = _crowded()
    lockstep = plan(i, OPTIONS, STAMP)
    starts = sorted(s.start_local.strftime("%H:%M") for s in lockstep.screenings)
    windows = {i.timeline.festival_time(s.start_local) // 30 for s in lockstep.screenings}
    assert len(windows) == 4, starts  # each film in a window of its own
    assert lockstep.score.shared_audience == 0
    together = [
        s.model_copy(update={"start_local": lockstep.screenings[0].start_local})
        for s in lockstep.screenings
    ]
    crowded = score(together, i)
    window = ("kazan", TUESDAY, i.timeline.festival_time(together[0].start_local) // 30)
    assert crowded.shared_audience == -SharedAudience(i).loss(window, crowded.attendance)
    assert crowded.shared_audience < 0
    assert (
        crowded.total
        == crowded.attendance + crowded.prime_time + crowded.spread + crowded.shared_audience
    )
