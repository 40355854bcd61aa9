"""Copies, keys, guests and the Russian rule pack: each forced feasible and forced infeasible.

The solver runs cold (no hint) so the model alone decides; every feasible result is then checked
by the independent verifier through the whole pipeline.
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest

from festival import precheck
from festival.candidates import enumerate_candidates
from festival.errors import InfeasibleError
from festival.inputs import Inputs
from festival.plan import plan
from festival.rules import Rule
from festival.solver import SolveOptions
from festival.solver.bound import upper_bound
from festival.solver.whole import solve_whole
from festival.verify import verify
from tests.factory import film, inputs, programme, venues

OPTIONS = SolveOptions(time_limit=20, workers=1, deterministic=True)
STAMP = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)


def two_cities(days: int = 1, **sections: Any) -> dict[str, Any]:
    """Kazan (Mir) and Omsk (Pobeda), one hall each, open 10:00–23:00."""
    data = venues()
    data["festival"]["last_day"] = f"2025-05-{12 + days}"
    data["venues"][0]["halls"][0]["hours"] = {"open": "10:00", "close": "23:00"}
    data["cities"].append(
        {
            "id": "omsk",
            "name": {"ru": "Омск", "en": "Omsk", "zh": "鄂木斯克"},
            "timezone": "Asia/Omsk",
        }
    )
    second = copy.deepcopy(data["venues"][0])
    second.update(id="pobeda", city="omsk")
    data["venues"].append(second)
    data.update(sections)
    return data


def feasible(i: Inputs) -> list[Rule]:
    """Plan (cold model, then the pipeline with its verifier); the rules the verifier reports."""
    candidates = enumerate_candidates(i)
    solve_whole(i, candidates, None, upper_bound(i, candidates), OPTIONS)
    return [v.rule for v in verify(plan(i, OPTIONS, STAMP), i)]


def infeasible(i: Inputs) -> None:
    candidates = enumerate_candidates(i)
    with pytest.raises(InfeasibleError):
        solve_whole(i, candidates, None, upper_bound(i, candidates), OPTIONS)


def in_both(fid: str = "a", **extra: Any) -> dict[str, Any]:
    return film(fid, screenings={"min": 2, "max": 2, "min_per_city": 1}, **extra)


def test_one_copy_cannot_be_in_two_cities_on_one_day() -> None:
    logistics = {"copies": [{"film": "a", "count": 1}]}
    infeasible(inputs(two_cities(1, logistics=logistics), programme(in_both())))


def test_two_copies_play_two_cities_on_one_day() -> None:
    logistics = {"copies": [{"film": "a", "count": 2}]}
    assert feasible(inputs(two_cities(1, logistics=logistics), programme(in_both()))) == []


def test_copy_travels_overnight_when_transit_allows() -> None:
    logistics = {
        "copies": [{"film": "a", "count": 1}],
        "transit": [{"between": ["kazan", "omsk"], "hours": 10}],
        "ingest_hours": 4,
    }
    assert feasible(inputs(two_cities(2, logistics=logistics), programme(in_both()))) == []


def test_copy_transit_longer_than_the_festival_is_infeasible() -> None:
    logistics = {
        "copies": [{"film": "a", "count": 1}],
        "transit": [{"between": ["kazan", "omsk"], "hours": 30}],
        "ingest_hours": 4,
    }
    infeasible(inputs(two_cities(2, logistics=logistics), programme(in_both())))


def test_copy_unavailable_after_its_date_is_infeasible() -> None:
    logistics = {"copies": [{"film": "a", "count": 2, "available_until": "2025-05-12"}]}
    infeasible(inputs(two_cities(2, logistics=logistics), programme(in_both())))


def test_key_window_limits_starts_and_forces_infeasible() -> None:
    key = {
        "film": "a",
        "venue": "mir",
        "valid_from": "2025-05-13T18:00",
        "valid_until": "2025-05-13T21:00",
    }
    data = two_cities(1, logistics={"keys": [key]})
    i = inputs(data, programme(film("a", 100)))
    starts = {c.start for c in enumerate_candidates(i) if c.hall == ("mir", "main")}
    local = sorted(f"{i.timeline.local(s, 'Europe/Moscow'):%H:%M}" for s in starts)
    assert local == ["18:00", "18:15", "18:30", "18:45", "19:00"]  # 19:00 + 110 min = 20:50
    assert feasible(i) == []
    short = {**key, "valid_until": "2025-05-13T19:00"}
    tight = inputs(
        two_cities(1, logistics={"keys": [short]}),
        programme(film("a", 100, screenings={"min": 1, "max": 1, "cities": {"kazan": {"min": 1}}})),
    )
    infeasible(tight)


def guest(**extra: Any) -> dict[str, Any]:
    base = {
        "id": "volgin",
        "name": {"ru": "Волгин", "en": "Volgin", "zh": "沃尔金"},
        "max_per_day": 1,
        "appearances": [{"film": "a", "kind": "qa", "minutes": 30, "count": 2}],
    }
    base.update(extra)
    return base


def test_guest_appearances_over_two_days_are_feasible_and_lengthen_screenings() -> None:
    i = inputs(
        two_cities(2, guests=[guest()]), programme(film("a", 100, screenings={"min": 0, "max": 4}))
    )
    schedule = plan(i, OPTIONS, STAMP)
    assert verify(schedule, i) == []
    with_guest = [s for s in schedule.screenings if s.guest == "volgin"]
    assert len(with_guest) == 2
    assert {(s.end_local - s.start_local).seconds // 60 for s in with_guest} == {10 + 100 + 30}
    assert [g.screenings for g in schedule.guests] == [tuple(s.id for s in with_guest)]


def test_guest_max_per_day_forces_infeasible() -> None:
    i = inputs(
        two_cities(1, guests=[guest()]), programme(film("a", 100, screenings={"min": 0, "max": 4}))
    )
    infeasible(i)


def test_guest_one_city_a_day_forces_infeasible() -> None:
    appearance = {"film": "a", "kind": "qa", "minutes": 30, "count": 1}
    appearances = [
        {**appearance, "cities": ["kazan"]},
        {**appearance, "film": "b", "cities": ["omsk"]},
    ]
    g = guest(max_per_day=2, appearances=appearances)
    lineup = programme(
        film("a", 60, screenings={"min": 0, "max": 2}),
        film("b", 60, screenings={"min": 0, "max": 2}),
    )
    flight = {"transit": [{"between": ["kazan", "omsk"], "hours": 4}]}
    infeasible(inputs(two_cities(1, guests=[g], logistics=flight), lineup))
    assert feasible(inputs(two_cities(2, guests=[g], logistics=flight), lineup)) == []
    # 24 h apart (the default): 23:00 in Kazan to 10:00 next day in Omsk is only 8 h
    infeasible(inputs(two_cities(2, guests=[g]), lineup))


def test_guest_unavailable_dates_have_no_candidates() -> None:
    g = guest(available=[{"from": "2025-05-14", "until": "2025-05-14"}], max_per_day=2)
    i = inputs(
        two_cities(2, guests=[g]), programme(film("a", 100, screenings={"min": 0, "max": 4}))
    )
    days = {c.day for c in enumerate_candidates(i) if c.guest == "volgin"}
    assert days == {dt.date(2025, 5, 14)}


def russian(days: int, certificate: bool | None, count: int) -> Inputs:
    data = two_cities(days, rules={})  # the default: on, the cities being in Russia
    for city in data["cities"]:
        city["country"] = "RU"
    counts = {"min": count, "max": count}
    return inputs(data, programme(film("a", 100, certificate=certificate, screenings=counts)))


def test_ru_uncertified_limit_forced_infeasible_and_feasible() -> None:
    infeasible(russian(3, None, 6))
    assert feasible(russian(3, None, 5)) == []
    assert feasible(russian(3, True, 6)) == []


def test_ru_pre_checks_cite_the_law() -> None:
    i = russian(3, False, 6)
    assert precheck.reasons(i, enumerate_candidates(i)) == [
        "a needs 6 screenings but has no Russian distribution certificate, so it may be shown at "
        "most 5 times: lower its minimum to 5 or record its certificate [ru_uncertified_limit, "
        "126-FZ Art. 5.1]"
    ]
    short = russian(2, None, 2)
    assert precheck.reasons(short, enumerate_candidates(short)) == [
        "the festival lasts 2 days but shows films without a distribution certificate; such a "
        "festival lasts 3 to 15 days [ru_festival_length, 126-FZ Art. 5.1]"
    ]


def test_ru_rule_pack_can_be_switched_off() -> None:
    data = two_cities(3, rules={"russia": False})
    for city in data["cities"]:
        city["country"] = "RU"
    i = inputs(data, programme(film("a", 100, screenings={"min": 6, "max": 6})))
    assert feasible(i) == []
