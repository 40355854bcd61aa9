"""The independent verifier: a valid schedule passes; each broken rule is reported by its name."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from festival.domain import Schedule, Screening
from festival.inputs import Inputs
from festival.plan import plan
from festival.rules import Rule
from festival.solver import SolveOptions
from festival.verify import verify
from tests.factory import film, hall, inputs, programme, venues, with_halls

STAMP = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
OPTIONS = SolveOptions(time_limit=10, workers=1, deterministic=True)


@pytest.fixture(scope="module")
def planned() -> tuple[Schedule, Inputs]:
    data = with_halls(
        venues(),
        hall("main", "10:00", "23:00"),
        hall(
            "side",
            "10:00",
            "23:00",
            blocked=[{"date": "2025-05-13", "from": "10:00", "to": "11:00"}],
        ),
    )
    data["festival"]["last_day"] = "2025-05-14"
    prog = programme(
        film("a", 100, screenings={"min": 1, "max": 2}),
        film("b", 90, age_rating="18+", screenings={"min": 1, "max": 2}),
        age_policy=[{"ratings": ["18+"], "earliest_start": "18:00"}],
    )
    i = inputs(data, prog)
    return plan(i, OPTIONS, STAMP), i


def moved(s: Screening, minutes: int, **extra: Any) -> Screening:
    delta = dt.timedelta(minutes=minutes)
    return s.model_copy(
        update={
            "start_local": s.start_local + delta,
            "end_local": s.end_local + delta,
            "start_utc": s.start_utc + delta,
            "end_utc": s.end_utc + delta,
            **extra,
        }
    )


def replace(schedule: Schedule, index: int, new: Screening) -> Schedule:
    screenings = list(schedule.screenings)
    screenings[index] = new
    return schedule.model_copy(update={"screenings": tuple(screenings)})


def rules(schedule: Schedule, i: Inputs) -> list[Rule]:
    return [v.rule for v in verify(schedule, i)]


def test_planned_schedule_passes(planned: tuple[Schedule, Inputs]) -> None:
    schedule, i = planned
    assert verify(schedule, i) == []
    assert len(schedule.screenings) == 4


def test_hall_overlap_detected(planned: tuple[Schedule, Inputs]) -> None:
    schedule, i = planned
    first = schedule.screenings[0]
    twin = first.model_copy(update={"id": "twin", "film": "a" if first.film == "b" else "b"})
    clash = schedule.model_copy(update={"screenings": (*schedule.screenings, twin)})
    assert Rule.HALL_OVERLAP in rules(clash, i)


def test_hall_hours_detected(planned: tuple[Schedule, Inputs]) -> None:
    schedule, i = planned
    index = next(n for n, s in enumerate(schedule.screenings) if s.film == "a")
    s = schedule.screenings[index]
    late = s.start_local.replace(hour=22, minute=0)
    shift = int((late - s.start_local).total_seconds() // 60)
    assert rules(replace(schedule, index, moved(s, shift)), i) == [Rule.HALL_HOURS]


def test_time_grain_detected(planned: tuple[Schedule, Inputs]) -> None:
    schedule, i = planned
    index = next(n for n, s in enumerate(schedule.screenings) if s.film == "a")
    s = schedule.screenings[index]
    found = rules(replace(schedule, index, moved(s, -7)), i)
    assert Rule.TIME_GRAIN in found


def test_age_policy_detected(planned: tuple[Schedule, Inputs]) -> None:
    schedule, i = planned
    index = next(n for n, s in enumerate(schedule.screenings) if s.film == "b")
    s = schedule.screenings[index]
    early = s.start_local.replace(hour=12, minute=0)
    shift = int((early - s.start_local).total_seconds() // 60)
    found = rules(replace(schedule, index, moved(s, shift)), i)
    assert Rule.AGE_POLICY in found


def test_film_count_detected(planned: tuple[Schedule, Inputs]) -> None:
    schedule, i = planned
    only_b = tuple(s for s in schedule.screenings if s.film == "b")
    assert rules(schedule.model_copy(update={"screenings": only_b}), i) == [Rule.FILM_COUNT]


def test_record_inconsistency_detected(planned: tuple[Schedule, Inputs]) -> None:
    schedule, i = planned
    s = schedule.screenings[0]
    wrong = s.model_copy(update={"start_utc": s.start_utc + dt.timedelta(hours=1)})
    assert rules(replace(schedule, 0, wrong), i) == [Rule.RECORD]


def test_duplicate_ids_detected(planned: tuple[Schedule, Inputs]) -> None:
    schedule, i = planned
    dup = schedule.screenings[1].model_copy(update={"id": schedule.screenings[0].id})
    assert Rule.RECORD in rules(replace(schedule, 1, dup), i)


def test_festival_dates_detected(planned: tuple[Schedule, Inputs]) -> None:
    schedule, i = planned
    s = schedule.screenings[-1]
    later = moved(s, 3 * 24 * 60, festival_day=s.festival_day + dt.timedelta(days=3))
    found = rules(replace(schedule, len(schedule.screenings) - 1, later), i)
    assert Rule.FESTIVAL_DATES in found
