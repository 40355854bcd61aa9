"""The rule registry holds: every hard rule has a festival where it binds and the solver's plan
keeps it, a schedule that breaks it (and nothing else) with the verifier's exact words, and the
model or the candidate filter refusing that same schedule.

Each case is a tiny festival (``tests.factory``) and a broken schedule written by hand as
placements. Adding a rule to ``festival.rules.RULES`` without a case here fails
``test_every_hard_rule_has_a_case``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ortools.sat.python import cp_model

from festival import release
from festival.candidates import (
    Candidate,
    enumerate_candidates,
    guest_minutes,
    placement_faults,
    premiere_ok,
    premiere_placements,
)
from festival.domain import Schedule
from festival.inputs import Inputs
from festival.plan import copy_itineraries, guest_itineraries, plan, replan
from festival.publish.urls import FESTIVAL_FEED
from festival.rules import RULES, Rule, Where
from festival.screenings import draft
from festival.solver import SolveOptions
from festival.solver.model import build
from festival.timeline import NonexistentLocalTime
from festival.verify import ALONE, CHECKS, screening_faults, verify, verify_change
from tests.conftest import public, write_plan
from tests.factory import film, hall, inputs, programme, venues, with_halls

STAMP = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
OPTIONS = SolveOptions(time_limit=10, workers=1, deterministic=True)
LATER = dt.datetime(2025, 2, 1, tzinfo=dt.UTC)

VLADIVOSTOK: dict[str, Any] = {
    "id": "vladivostok",
    "name": {"ru": "Владивосток", "en": "Vladivostok", "zh": "符拉迪沃斯托克"},
    "timezone": "Asia/Vladivostok",
}
OKEAN: dict[str, Any] = {
    "id": "okean",
    "name": {"ru": "Океан", "en": "Okean", "zh": "海洋"},
    "city": "vladivostok",
    "address": {"ru": "ул. 2", "en": "2 St", "zh": "2街"},
    "lat": 43.1,
    "lon": 131.9,
    "halls": [hall("big", "10:00", "23:00")],
}


def festival(
    *films: dict[str, Any],
    days: int = 1,
    halls: tuple[dict[str, Any], ...] = (),
    east: bool = False,
    policy: dict[str, Any] | None = None,
    first: dt.date = dt.date(2025, 5, 13),
    zone: str = "Europe/Moscow",
    **sections: Any,
) -> Inputs:
    """Kazan's Mir (one hall open 10:00–23:00, or ``halls``) from ``first`` (13 May) for ``days``
    days, in ``zone``; with ``east``, Vladivostok's Okean too, 16 hours away."""
    data = with_halls(venues(), *(halls or (hall("main", "10:00", "23:00"),)))
    data["festival"]["first_day"] = str(first)
    data["festival"]["last_day"] = str(first + dt.timedelta(days=days - 1))
    data["cities"][0]["timezone"] = zone
    data["policy"].update(policy or {})
    lineup = sections.pop("lineup", {})
    data["venues"][0]["min_screenings"] = sections.pop("venue_min", 0)
    if east:
        data["cities"].append(VLADIVOSTOK)
        data["venues"].append(OKEAN)
        data.setdefault("logistics", {})["transit"] = [
            {"between": ["kazan", "vladivostok"], "hours": 16}
        ]
    for name, section in sections.items():
        if name == "logistics":
            data.setdefault("logistics", {}).update(section)
        else:
            data[name] = section
    return inputs(data, programme(*films, **lineup))


def one(n: int = 1, **extra: Any) -> dict[str, Any]:
    """Screening counts: exactly ``n``."""
    return {"min": n, "max": n, **extra}


@dataclass(frozen=True)
class Place:
    """A screening written by hand: film, venue/hall, local start "YYYY-MM-DD HH:MM", guest."""

    film: str
    at: str
    where: str = "mir/main"
    guest: str | None = None
    pinned: bool = False


def candidate_of(i: Inputs, p: Place) -> Candidate:
    """The (possibly rule-breaking) placement as the solver would see it."""
    venue, hall_id = p.where.split("/")
    info = i.halls[(venue, hall_id)]
    start_local = dt.datetime.strptime(p.at, "%Y-%m-%d %H:%M")
    start = i.timeline.minute_local(start_local, info.tz)
    extra = guest_minutes(i, p.guest, p.film)
    end = start + i.venues.policy.intro_minutes + i.films[p.film].runtime + extra
    day = i.timeline.festival_day(start_local)
    release = end + i.turnover(info.hall)
    return Candidate(
        p.film, info.key, info.city.id, day, start, end, release, 0, p.pinned, p.guest, extra
    )


def schedule_of(i: Inputs, template: Schedule, places: list[Place]) -> Schedule:
    """``template`` with its screenings replaced by ``places`` (ids ``<film>-<n>`` in the order
    given), and copy and guest itineraries to match (copy 1 serves every screening of a film)."""
    counter: dict[str, int] = {}
    screenings = []
    for p in places:
        counter[p.film] = counter.get(p.film, 0) + 1
        screenings.append(draft(i, candidate_of(i, p), f"{p.film}-{counter[p.film]}"))
    done = tuple(screenings)
    copy_at = frozenset((s.film, 1, s.city, s.festival_day) for s in done)
    return template.model_copy(
        update={
            "screenings": done,
            "copies": copy_itineraries(i, done, copy_at),
            "guests": guest_itineraries(i, done),
        }
    )


@dataclass(frozen=True)
class Case:
    """A festival where ``rule`` binds; ``broken`` breaks it alone, the verifier says ``words``."""

    festival: Callable[[], Inputs]
    broken: list[Place]
    words: list[str]
    change_inputs: Callable[[Inputs], Inputs] | None = None
    """For a rule about the inputs as a whole: the inputs under which ``broken`` is checked."""
    extra: dict[str, Any] = field(default_factory=dict)


D1, D2, D3 = "2025-05-13", "2025-05-14", "2025-05-15"
GUEST = {
    "id": "li",
    "name": {"ru": "Ли", "en": "Li", "zh": "李"},
    "max_per_day": 1,
    "appearances": [{"film": "a", "minutes": 30, "count": 1}],
}
TWO_APPEARANCES = {
    **GUEST,
    "max_per_day": 2,
    "appearances": [{"film": "a", "minutes": 30}, {"film": "b", "minutes": 30}],
}

CASES: dict[Rule, Case] = {
    Rule.HALL_OVERLAP: Case(
        lambda: festival(film("a", screenings=one()), film("b", screenings=one())),
        [Place("a", f"{D1} 15:00"), Place("b", f"{D1} 16:30")],
        [
            "hall_overlap: a-1+b-1: Mir · main, 13 May 15:00–17:05 (turnover included) overlaps 16:30–18:20"
        ],
    ),
    Rule.VENUE_STAGGER: Case(
        lambda: festival(
            film("a", screenings=one()),
            film("b", screenings=one()),
            halls=(hall("main", "10:00", "23:00"), hall("side", "10:00", "23:00")),
            policy={"stagger_minutes": 10},
        ),
        [Place("a", f"{D1} 15:00"), Place("b", f"{D1} 15:00", "mir/side")],
        ["venue_stagger: a-1+b-1: start 0 min apart in mir; at least 10"],
    ),
    Rule.HALL_HOURS: Case(
        lambda: festival(film("a", screenings=one())),
        [Place("a", f"{D1} 22:00")],
        ["hall_hours: a-1: 22:00–23:50 is outside 10:00–23:00"],
    ),
    Rule.HALL_BLOCKED: Case(
        lambda: festival(
            film("a", screenings=one()),
            halls=(
                hall(
                    "main", "10:00", "23:00", blocked=[{"date": D1, "from": "12:00", "to": "14:00"}]
                ),
            ),
        ),
        [Place("a", f"{D1} 11:00")],
        ["hall_blocked: a-1: overlaps the blocked period 12:00–14:00"],
    ),
    Rule.FESTIVAL_DATES: Case(
        lambda: festival(film("a", screenings=one())),
        [Place("a", f"{D2} 15:00")],
        ["festival_dates: a-1: festival day 2025-05-14 is outside"],
    ),
    Rule.LATEST_END: Case(
        lambda: festival(film("a", screenings=one()), policy={"latest_end": "22:00"}),
        [Place("a", f"{D1} 20:30")],
        ["latest_end: a-1: ends 22:20, after 22:00"],
    ),
    Rule.NOT_BEFORE: Case(
        lambda: festival(film("a", screenings=one(not_before=f"{D1}T18:00"))),
        [Place("a", f"{D1} 12:00")],
        ["not_before: a-1: starts 13 May 12:00, before 13 May 18:00"],
    ),
    Rule.TIME_GRAIN: Case(
        lambda: festival(film("a", screenings=one())),
        [Place("a", f"{D1} 15:05")],
        ["time_grain: a-1: 15:05 is off the 15-min grain"],
    ),
    Rule.FILM_COUNT: Case(
        lambda: festival(film("a", screenings=one(2)), days=2),
        [Place("a", f"{D1} 15:00")],
        ["film_count: a: 1 screenings, allowed 2–2"],
    ),
    Rule.CITY_COUNT: Case(
        lambda: festival(
            film("a", screenings={"min": 1, "max": 3, "cities": {"kazan": {"max": 1}}}), days=2
        ),
        [Place("a", f"{D1} 15:00"), Place("a", f"{D2} 15:00")],
        ["city_count: a@kazan: 2 screenings, allowed 0–1"],
    ),
    Rule.FILM_CITY_DAY: Case(
        lambda: festival(film("a", screenings={"min": 1, "max": 2})),
        [Place("a", f"{D1} 11:00"), Place("a", f"{D1} 15:00")],
        ["film_city_day: a@kazan: 2 screenings on 2025-05-13"],
    ),
    Rule.PREMIERE: Case(
        lambda: festival(
            film("a", screenings=one(2), premiere={"requires": {"features": ["gala"]}}),
            days=2,
            halls=(
                hall("main", "10:00", "23:00", features=["dcp", "gala"]),
                hall("side", "10:00", "23:00"),
            ),
        ),
        [Place("a", f"{D1} 15:00", "mir/side"), Place("a", f"{D2} 15:00")],
        ["premiere: a: its first screening a-1 is no premiere: mir/side is not a premiere hall"],
    ),
    Rule.HALL_COMMITMENT: Case(
        lambda: festival(
            film("a", screenings=one()),
            film("b", screenings={"min": 0, "max": 1}),
            halls=(hall("main", "10:00", "23:00", min_per_open_day=2),),
        ),
        [Place("a", f"{D1} 15:00")],
        [
            "hall_commitment: mir/main: 1 screenings on 2025-05-13; the festival committed to 2 a "
            "day"
        ],
    ),
    Rule.VENUE_COMMITMENT: Case(
        lambda: festival(
            film("a", screenings={"min": 0, "max": 1}),
            film("b", screenings={"min": 0, "max": 1}),
            venue_min=2,
        ),
        [Place("a", f"{D1} 15:00")],
        ["venue_commitment: mir: 1 screenings; the festival committed to 2"],
    ),
    Rule.PIN: Case(
        lambda: festival(
            film("a", screenings=one()),
            pins=[{"film": "a", "venue": "mir", "hall": "main", "start": f"{D1}T15:00"}],
        ),
        [Place("a", f"{D1} 16:00")],
        ["pin: a: missing at mir/main 2025-05-13 15:00:00"],
    ),
    Rule.AGE_POLICY: Case(
        lambda: festival(
            film("a", screenings=one(), age_rating="18+"),
            lineup={"age_policy": [{"ratings": ["18+"], "earliest_start": "18:00"}]},
        ),
        [Place("a", f"{D1} 12:00")],
        ["age_policy: a-1: 18+ film starts before 18:00"],
    ),
    Rule.HALL_ELIGIBILITY: Case(
        lambda: festival(
            film("a", screenings=one(), requires={"min_seats": 200}),
            halls=(hall("main", "10:00", "23:00"), hall("small", "10:00", "23:00", seats=100)),
        ),
        [Place("a", f"{D1} 15:00", "mir/small")],
        ["hall_eligibility: a-1: mir/small cannot show a"],
    ),
    Rule.KEY_WINDOW: Case(
        lambda: festival(
            film("a", screenings=one()),
            logistics={
                "keys": [
                    {
                        "film": "a",
                        "venue": "mir",
                        "valid_from": f"{D1}T10:00",
                        "valid_until": f"{D1}T16:00",
                    }
                ]
            },
        ),
        [Place("a", f"{D1} 15:00")],
        ["key_window: a-1: the key is valid 13 May 10:00–13 May 16:00"],
    ),
    Rule.COPY_LOCATION: Case(
        lambda: festival(
            film("a", screenings=one(2, min_per_city=1)),
            days=3,
            east=True,
            logistics={"copies": [{"film": "a", "count": 1}]},
        ),
        [Place("a", f"{D1} 11:00"), Place("a", f"{D1} 20:00", "okean/big")],
        ["copy_location: a#1: in kazan and vladivostok on 2025-05-13"],
    ),
    Rule.COPY_TRANSIT: Case(
        lambda: festival(
            film("a", screenings=one(2, min_per_city=1)),
            days=3,
            east=True,
            logistics={"copies": [{"film": "a", "count": 1}]},
        ),
        [Place("a", f"{D1} 20:00"), Place("a", f"{D2} 20:00", "okean/big")],
        ["copy_transit: a#1: a-1 in kazan to a-2 in vladivostok: needs 20 h of transit and ingest"],
    ),
    Rule.COPY_AVAILABLE: Case(
        lambda: festival(
            film("a", screenings=one()),
            days=2,
            logistics={"copies": [{"film": "a", "count": 1, "available_from": D2}]},
        ),
        [Place("a", f"{D1} 15:00")],
        ["copy_available: a#1: used in kazan outside its dates"],
    ),
    Rule.GUEST_COUNT: Case(
        lambda: festival(film("a", screenings=one(2)), days=2, guests=[GUEST]),
        [Place("a", f"{D1} 15:00"), Place("a", f"{D2} 15:00")],
        ["guest_count: li: 0 appearances at a, asked 1"],
    ),
    Rule.GUEST_AVAILABLE: Case(
        lambda: festival(
            film("a", screenings=one()),
            days=2,
            guests=[{**GUEST, "available": [{"from": D2, "until": D2}]}],
        ),
        [Place("a", f"{D1} 15:00", guest="li")],
        ["guest_available: a-1: li is away on 2025-05-13"],
    ),
    Rule.GUEST_OVERLAP: Case(
        lambda: festival(
            film("a", screenings=one()),
            film("b", screenings=one()),
            halls=(hall("main", "10:00", "23:00"), hall("side", "10:00", "23:00")),
            guests=[TWO_APPEARANCES],
        ),
        [Place("a", f"{D1} 15:00", guest="li"), Place("b", f"{D1} 16:00", "mir/side", "li")],
        ["guest_overlap: li: a-1 and b-1 overlap"],
    ),
    Rule.GUEST_TRAVEL: Case(
        lambda: festival(
            film("a", screenings=one(cities={"kazan": {"min": 1}})),
            film("b", screenings=one(cities={"vladivostok": {"min": 1}})),
            days=3,
            east=True,
            guests=[TWO_APPEARANCES],
        ),
        [Place("a", f"{D1} 20:00", guest="li"), Place("b", f"{D2} 12:00", "okean/big", "li")],
        ["guest_travel: li: a-1 in kazan to b-1 in vladivostok: needs 16 h"],
    ),
    Rule.GUEST_PER_DAY: Case(
        lambda: festival(
            film("a", screenings=one()),
            film("b", screenings=one()),
            days=2,
            guests=[{**TWO_APPEARANCES, "max_per_day": 1}],
        ),
        [Place("a", f"{D1} 11:00", guest="li"), Place("b", f"{D1} 16:00", guest="li")],
        ["guest_per_day: li: 2 appearances on 2025-05-13"],
    ),
    Rule.RU_UNCERTIFIED_LIMIT: Case(
        lambda: festival(
            film("a", screenings={"min": 1, "max": 9}, certificate=False),
            days=3,
            policy={"max_per_film_city_day": 2},
            rules={"russia": True},
        ),
        [Place("a", f"{day} {at}") for day in (D1, D2, D3) for at in ("11:00", "15:00")],
        [
            "ru_uncertified_limit: a: 6 screenings without a distribution certificate; at most 5 "
            "(126-FZ Art. 5.1)"
        ],
    ),
    Rule.RU_FESTIVAL_LENGTH: Case(
        lambda: festival(
            film("a", screenings=one(), certificate=False), days=3, rules={"russia": True}
        ),
        [Place("a", f"{D1} 15:00")],
        [
            "ru_festival_length: festival: 16 days with uncertified films; a festival lasts 3 to "
            "15 days (126-FZ Art. 5.1)"
        ],
        change_inputs=lambda i: _longer(i, 16),
    ),
    Rule.RU_AGE_CATEGORY: Case(
        lambda: festival(
            film("a", screenings=one(), certificate=True),
            film("u", screenings={"min": 0, "max": 1}, certificate=True, age_rating="unrated"),
            rules={"russia": True},
        ),
        [Place("a", f"{D1} 11:00"), Place("u", f"{D1} 15:00")],
        ["ru_age_category: u-1: shown without an age category 0+, 6+, 12+, 16+ or 18+ (436-FZ)"],
    ),
    Rule.RECORD: Case(
        lambda: festival(film("a", screenings=one())),
        [Place("a", f"{D1} 15:00")],
        ["record: a-1: UTC and local times are different instants"],
        extra={"shift_utc": True},
    ),
}


def _longer(i: Inputs, days: int) -> Inputs:
    fest = i.venues.festival.model_copy(
        update={"last_day": i.venues.festival.first_day + dt.timedelta(days=days - 1)}
    )
    return Inputs(
        i.venues.model_copy(update={"festival": fest}),
        i.programme,
        i.venues_source,
        i.programme_source,
    )


@cache
def planned(rule: Rule) -> tuple[Inputs, Schedule]:
    i = CASES[rule].festival()
    return i, plan(i, OPTIONS, STAMP)


def broken(rule: Rule) -> tuple[Inputs, Schedule]:
    """The case's broken schedule and the inputs it is checked against."""
    case = CASES[rule]
    i, schedule = planned(rule)
    bad = schedule_of(i, schedule, case.broken)
    if case.extra.get("shift_utc"):
        s = bad.screenings[0]
        shifted = s.model_copy(update={"start_utc": s.start_utc + dt.timedelta(hours=1)})
        bad = bad.model_copy(update={"screenings": (shifted, *bad.screenings[1:])})
    return (case.change_inputs(i) if case.change_inputs else i), bad


VERIFIED = sorted(CASES)


def test_the_registry_names_every_rule_once() -> None:
    assert list(RULES) == list(Rule)
    assert all(spec.where for spec in RULES.values())
    for rule in Rule:
        assert rule.hard == (Where.SCORE not in rule.where), rule


def test_the_verifier_has_one_check_for_each_rule_it_keeps() -> None:
    assert set(CHECKS) == {r for r in Rule if Where.VERIFIER in r.where}


def test_every_hard_rule_has_a_case() -> None:
    assert set(CASES) == {r for r in Rule if Where.VERIFIER in r.where}
    assert set(CHANGE_CASES) == {r for r in Rule if Where.CHANGE in r.where}
    kept_elsewhere = {r for r in Rule if r.hard} - set(CASES) - set(CHANGE_CASES)
    assert kept_elsewhere == {Rule.PUBLICATION}, "its case: the last test of this file"


@pytest.mark.parametrize("rule", VERIFIED, ids=str)
def test_the_plan_keeps_the_rule_where_it_binds(rule: Rule) -> None:
    i, schedule = planned(rule)
    assert verify(schedule, i) == []
    assert schedule.screenings
    if Where.MODEL in rule.where:
        assert build(i, enumerate_candidates(i)).constraints[rule] > 0, "the model states it"


@pytest.mark.parametrize("rule", VERIFIED, ids=str)
def test_the_verifier_names_the_broken_rule_in_its_exact_words(rule: Rule) -> None:
    i, bad = broken(rule)
    assert [str(v) for v in verify(bad, i)] == CASES[rule].words


def _index(c: Candidate) -> tuple[object, ...]:
    return (c.film, c.hall, c.start, c.guest, c.pinned)


@pytest.mark.parametrize(
    "rule", [r for r in VERIFIED if r.where & {Where.MODEL, Where.CANDIDATES}], ids=str
)
def test_the_model_or_the_candidates_refuse_the_broken_schedule(rule: Rule) -> None:
    """A rule the candidates keep: some broken placement is not a candidate. A rule the model
    keeps: every placement is a candidate, and the model with exactly them chosen is infeasible."""
    i, _ = planned(rule)
    candidates = enumerate_candidates(i)
    index = {_index(c): n for n, c in enumerate(candidates)}
    wanted = [index.get(_index(candidate_of(i, p))) for p in CASES[rule].broken]
    if Where.CANDIDATES in rule.where:
        assert None in wanted
        return
    assert None not in wanted
    assert _solve_with_exactly(i, candidates, wanted) == cp_model.INFEASIBLE


def _solve_with_exactly(i: Inputs, candidates: list[Candidate], wanted: list[int | None]) -> int:
    """The model's status with exactly the ``wanted`` candidates chosen."""
    v = build(i, candidates)
    for n in range(len(candidates)):
        v.model.add(v.x[n] == int(n in wanted))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    return int(solver.solve(v.model))


def test_no_screening_shares_the_premieres_first_moment_elsewhere() -> None:
    """A screening at the very moment of the premiere, in another city, is no later than the
    premiere: the verifier names it and the model refuses it; a quarter-hour later is fine."""
    i = festival(
        film("a", screenings=one(2), premiere={"requires": {"features": ["gala"]}}),
        days=2,
        east=True,
        halls=(hall("main", "10:00", "23:00", features=["dcp", "gala"]),),
    )
    # 11:00 in Kazan is 18:00 in Vladivostok: the same moment
    tie = [Place("a", f"{D1} 11:00"), Place("a", f"{D1} 18:00", "okean/big")]
    broken = schedule_of(i, plan_template(i), tie)
    assert [str(v) for v in verify(broken, i)] == [
        "premiere: a: its first screening a-2 is no premiere: okean/big is not a premiere hall"
    ]
    candidates = enumerate_candidates(i)
    index = {_index(c): n for n, c in enumerate(candidates)}
    wanted: list[int | None] = [index[_index(candidate_of(i, p))] for p in tie]
    assert _solve_with_exactly(i, candidates, wanted) == cp_model.INFEASIBLE
    later = [Place("a", f"{D1} 11:00"), Place("a", f"{D1} 18:15", "okean/big")]
    assert verify(schedule_of(i, plan_template(i), later), i) == []


# ---------------------------------------------------------------- the rules of a change
@dataclass(frozen=True)
class ChangeCase:
    """A re-plan where ``rule`` binds; moving a published screening ``later`` (an hour, unless
    said; with a SEQUENCE ``bump`` or not) breaks it."""

    replanning: dict[str, Any]
    bump: bool
    words: list[str]
    later: dt.timedelta = dt.timedelta(hours=1)


CHANGE_CASES: dict[Rule, ChangeCase] = {
    Rule.FROZEN: ChangeCase(
        {"sold": ["a-1"]}, True, ["frozen: a-1: a frozen or sold screening moved"]
    ),
    Rule.SEQUENCE: ChangeCase({}, False, ["sequence: a-1: changed without a SEQUENCE bump"]),
    Rule.CHANGE_BUDGET: ChangeCase(
        {"max_changes": 0},
        True,
        [
            "change_budget: schedule: 1 published screenings moved, changed guest or were "
            "cancelled; max_changes is 0"
        ],
    ),
    Rule.MOVE_REACH: ChangeCase(
        {"max_day_shift": 1},
        True,
        [
            "move_reach: a-1: moved 2 festival days, from 2025-05-13 to 2025-05-15; max_day_shift is 1"
        ],
        later=dt.timedelta(days=2),
    ),
}


@pytest.mark.parametrize("rule", sorted(CHANGE_CASES), ids=str)
def test_a_replan_keeps_the_change_rule_and_the_verifier_names_it(rule: Rule) -> None:
    case = CHANGE_CASES[rule]
    first = festival(film("a", screenings=one()), film("b", screenings=one()))
    published = plan(first, OPTIONS, STAMP)
    again = festival(
        film("a", screenings=one()),
        film("b", screenings=one()),
        replanning=case.replanning,
    )
    kept, _ = replan(again, published, OPTIONS, LATER)
    assert verify_change(published, kept, again) == []
    a = next(s for s in published.screenings if s.film == "a")
    later = case.later
    moved = a.model_copy(
        update={
            "start_local": a.start_local + later,
            "end_local": a.end_local + later,
            "start_utc": a.start_utc + later,
            "end_utc": a.end_utc + later,
            "festival_day": a.festival_day + dt.timedelta(days=later.days),
            "sequence": a.sequence + int(case.bump),
        }
    )
    others = tuple(s for s in kept.screenings if s.id != a.id)
    bad = kept.model_copy(update={"screenings": (*others, moved)})
    assert [str(v) for v in verify_change(published, bad, again)] == case.words


# ------------------------------------------------ one screening alone: three ways, one answer
@st.composite
def lone_film_festivals(draw: st.DrawFn) -> Inputs:
    """One film, one hall, two days, and every rule one screening can break, drawn at random:
    hours past midnight, a blocked period, a latest end, an age policy, a key window, a guest's
    dates, seats, the Russian rule pack, a not-before (one in a skipped hour), and a night the
    clocks go forward."""
    clocks_change = draw(st.booleans())
    rating = draw(st.sampled_from(["12+", "18+", "unrated"]))
    policy: dict[str, Any] = {
        "grain_minutes": draw(st.sampled_from([15, 30])),
        "latest_end": draw(st.sampled_from([None, "23:00", "01:00"])),
    }
    blocked = [{"date": D2, "from": "13:00", "to": "14:30"}] if draw(st.booleans()) else []
    the_hall = hall(
        "main",
        draw(st.sampled_from(["09:00", "10:00", "11:30"])),
        draw(st.sampled_from(["18:00", "23:00", "00:30", "03:00"])),
        seats=draw(st.sampled_from([100, 300])),
        blocked=blocked,
    )
    ages = [
        {"ratings": ["18+"], "earliest_start": draw(st.sampled_from(["12:00", "18:00"]))},
        {"ratings": ["12+"], "latest_end": draw(st.sampled_from(["22:00", "00:30"]))},
    ]
    first = dt.date(2025, 3, 29) if clocks_change else dt.date(2025, 5, 13)
    keys = []
    if draw(st.booleans()):
        keys = [
            {
                "film": "a",
                "venue": "mir",
                "valid_from": f"{first}T12:00",
                "valid_until": f"{first + dt.timedelta(days=1)}T16:00",
            }
        ]
    guest = {**GUEST, "available": [{"from": str(first), "until": str(first)}]}
    counts: dict[str, Any] = {"min": 1, "max": 1}
    not_before = draw(st.sampled_from([None, "T18:00", "T02:30"]))
    if not_before is not None:
        counts["not_before"] = f"{first + dt.timedelta(days=1)}{not_before}"
    return festival(
        film(
            "a",
            draw(st.integers(min_value=60, max_value=200)),
            age_rating=rating,
            certificate=True,
            requires={"min_seats": draw(st.sampled_from([0, 200]))},
            screenings=counts,
        ),
        days=2,
        halls=(the_hall,),
        policy=policy,
        first=first,
        zone="Europe/Berlin" if clocks_change else "Europe/Moscow",
        guests=[guest],
        logistics={"keys": keys},
        rules={"russia": draw(st.booleans())},
        lineup={"age_policy": ages},
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lone_film_festivals())
def test_a_placement_is_a_candidate_exactly_when_no_single_screening_rule_refuses_it(
    i: Inputs,
) -> None:
    """The enumeration, ``placement_faults`` (pins, pre-check) and the verifier's checks of one
    screening agree on every start on the grain, with and without the guest, and name the same
    rules."""
    candidates = {_index(c) for c in enumerate_candidates(i)}
    grain = i.venues.policy.grain_minutes
    first = dt.datetime.combine(i.venues.festival.first_day, dt.time(0, 0))
    info = i.halls[("mir", "main")]
    template = plan_template(i)
    for step in range(0, (3 * 24 * 60), grain):
        at = first + dt.timedelta(minutes=step)
        for guest in (None, "li"):
            place = Place("a", f"{at:%Y-%m-%d %H:%M}", guest=guest)
            try:
                c = candidate_of(i, place)
                faults = {r for r, _ in placement_faults(i, i.films["a"], info, at, guest)}
            except NonexistentLocalTime:
                continue  # a time the clocks skip: never a candidate, refused by the loader
            s = schedule_of(i, template, [place]).screenings[0]
            alone = {v.rule for v in screening_faults(s, i)}
            assert faults == alone, (place, faults, alone)
            assert (_index(c) in candidates) == (not faults), (place, faults)


@cache
def _template() -> Schedule:
    return planned(Rule.HALL_HOURS)[1]


def plan_template(i: Inputs) -> Schedule:
    """A schedule to write screenings into (its festival record and statistics do not matter)."""
    return _template()


def test_alone_is_the_rules_the_candidates_keep_and_the_time_grain() -> None:
    assert set(ALONE) == {r for r in Rule if Where.CANDIDATES in r.where}


def test_a_publication_is_as_its_manifest_says_and_the_verifier_names_an_edited_feed(
    schedules: dict[str, tuple[Schedule, Inputs]], tmp_path: Path
) -> None:
    """Rule.PUBLICATION, kept by the release: a published feed edited by hand is named."""
    schedule, i = schedules["may"]
    out = write_plan(schedule, i, tmp_path / "out")
    assert release.check(out)[1] == []
    feed = public(out) / FESTIVAL_FEED
    feed.write_bytes(feed.read_bytes().replace(b"SEQUENCE:0", b"SEQUENCE:7", 1))
    assert [str(v) for v in release.check(out)[1]] == PUBLICATION_WORDS


PUBLICATION_WORDS = [
    "publication: public/feeds/festival.ics: differs from the manifest: edited or torn",
    "publication: public/feeds/festival.ics: does not match the schedule",
]


@pytest.mark.parametrize("clocks_change", [False, True])
def test_premiere_placements_are_the_candidates_premiere_ok_allows(clocks_change: bool) -> None:
    first = dt.date(2025, 3, 29) if clocks_change else dt.date(2025, 5, 13)
    premiere = {
        "requires": {"features": ["gala"]},
        "from": "18:00",
        "to": "01:00",
        "date": str(first + dt.timedelta(days=1)),
    }
    i = festival(
        film("a", screenings=one(2), premiere=premiere),
        days=3,
        halls=(
            hall("main", "10:00", "03:00", features=["dcp", "gala"]),
            hall("side", "10:00", "03:00"),
        ),
        first=first,
        zone="Europe/Berlin" if clocks_change else "Europe/Moscow",
    )
    candidates = enumerate_candidates(i)
    expected = [n for n, c in enumerate(candidates) if premiere_ok(i, c)]
    assert premiere_placements(i, candidates) == expected
    assert 0 < len(expected) < len(candidates)
