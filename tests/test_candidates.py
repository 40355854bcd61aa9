"""Single-screening rules: candidates never break them, and placement_faults names each one."""

from __future__ import annotations

import dataclasses
import datetime as dt
import gc
import random

import pytest

from festival.candidates import (
    Candidate,
    CandidateList,
    Columns,
    columns_of,
    enumerate_candidates,
    placement_faults,
    settled_heap,
)
from festival.inputs import Inputs
from festival.load import load
from festival.rules import Rule
from festival.solver.cliques import overlap_cliques
from tests.conftest import EXAMPLES
from tests.factory import film, hall, inputs, programme, venues, with_halls


def starts(i: Inputs, film_id: str = "a") -> list[str]:
    tl = i.timeline
    return [
        f"{tl.local(c.start, 'Europe/Moscow'):%H:%M}"
        for c in enumerate_candidates(i)
        if c.film == film_id
    ]


def faults(i: Inputs, at: str, film_id: str = "a") -> list[Rule]:
    info = next(iter(i.halls.values()))
    start = dt.datetime.fromisoformat(at)
    return [rule for rule, _ in placement_faults(i, i.films[film_id], info, start)]


def test_hall_hours_bound_starts_and_film_end() -> None:
    i = inputs(with_halls(venues(), hall("main", "10:00", "12:00")), programme(film("a", 60)))
    assert starts(i) == ["10:00", "10:15", "10:30", "10:45"]
    assert faults(i, "2025-05-13T11:00") == [Rule.HALL_HOURS]
    assert faults(i, "2025-05-13T10:45") == []


def test_hall_closed_on_exception_date_has_no_candidates() -> None:
    closed = hall("main", exceptions=[{"date": "2025-05-13", "closed": True}])
    i = inputs(with_halls(venues(), closed), programme(film("a", 60)))
    assert starts(i) == []
    assert faults(i, "2025-05-13T10:00") == [Rule.HALL_HOURS]


def test_shorter_hours_exception_applies_that_day() -> None:
    short = hall("main", exceptions=[{"date": "2025-05-13", "open": "12:00", "close": "13:15"}])
    i = inputs(with_halls(venues(), short), programme(film("a", 60)))
    assert starts(i) == ["12:00"]


def test_blocked_period_keeps_intro_film_and_turnover_clear() -> None:
    blocked = hall(
        "main", "10:00", "16:00", blocked=[{"date": "2025-05-13", "from": "12:00", "to": "13:00"}]
    )
    i = inputs(with_halls(venues(), blocked), programme(film("a", 50)))
    # 10:45 + 10 + 50 + 15 turnover = 12:00: clear; 11:00 would run into the block
    assert "10:45" in starts(i)
    assert "11:00" not in starts(i)
    assert "13:00" in starts(i)
    assert faults(i, "2025-05-13T11:00") == [Rule.HALL_BLOCKED]


def test_latest_end_cuts_late_starts() -> None:
    data = with_halls(venues(), hall("main", "20:00", "03:00"))
    data["policy"]["latest_end"] = "01:00"
    i = inputs(data, programme(film("a", 110)))
    assert starts(i)[-1] == "23:00"
    assert faults(i, "2025-05-13T23:15") == [Rule.LATEST_END]


def test_after_midnight_belongs_to_previous_festival_day() -> None:
    data = with_halls(venues(), hall("main", "22:00", "03:00"))
    i = inputs(data, programme(film("a", 60)))
    days = {c.day for c in enumerate_candidates(i)}
    assert days == {dt.date(2025, 5, 13)}
    assert "00:30" in starts(i)


def test_age_policy_limits_start_times() -> None:
    data = with_halls(venues(), hall("main", "10:00", "23:59"))
    prog = programme(
        film("kids", 60, age_rating="6+"),
        film("adult", 60, age_rating="18+"),
        age_policy=[
            {"ratings": ["0+", "6+"], "latest_start": "20:00"},
            {"ratings": ["18+"], "earliest_start": "18:00"},
        ],
    )
    i = inputs(data, prog)
    assert starts(i, "kids")[-1] == "20:00"
    assert starts(i, "adult")[0] == "18:00"
    assert faults(i, "2025-05-13T17:45", "adult") == [Rule.AGE_POLICY]
    assert faults(i, "2025-05-13T20:15", "kids") == [Rule.AGE_POLICY]


def test_the_age_policy_refuses_exactly_the_starts_placement_faults_name() -> None:
    """Enumeration weighs every age rule of a rating at once (the latest earliest start, the
    earliest latest start and end): a start on the grid is a candidate exactly when
    ``placement_faults`` finds nothing wrong with it, with rules that overlap in ratings."""
    data = with_halls(venues(), hall("main", "09:00", "23:59"))
    prog = programme(
        film("kids", 95, age_rating="6+"),
        film("teens", 130, age_rating="16+"),
        film("adult", 70, age_rating="18+"),
        age_policy=[
            {"ratings": ["0+", "6+"], "latest_start": "20:00", "latest_end": "21:10"},
            {"ratings": ["6+", "16+"], "earliest_start": "11:00", "latest_end": "22:45"},
            {"ratings": ["16+", "18+"], "earliest_start": "13:30", "latest_start": "21:00"},
            {"ratings": ["18+"], "earliest_start": "18:00"},
        ],
    )
    i = inputs(data, prog)
    grid = [f"2025-05-13T{h:02d}:{m:02d}" for h in range(9, 24) for m in range(0, 60, 15)]
    for name in ("kids", "teens", "adult"):
        allowed = [at[-5:] for at in grid if not faults(i, at, name)]
        assert starts(i, name) == allowed, name


def test_a_start_is_a_candidate_exactly_when_placement_faults_finds_nothing() -> None:
    """Enumeration weighs every single-screening rule for every film, guest and start of a
    hall's day at once: over two days and two halls (one with a blocked period, one with other
    hours), films of three age ratings under overlapping rules, a key window, a not-before and
    a guest away on the first day, the candidates are exactly the grid's (film, hall, start,
    guest) that ``placement_faults`` finds nothing wrong with."""
    block = [{"date": "2025-05-13", "from": "12:00", "to": "13:10", "reason": "press"}]
    data = with_halls(
        venues(),
        hall("main", "09:00", "23:30", blocked=block),
        hall("side", "11:00", "21:00", seats=120),
    )
    data["festival"]["last_day"] = "2025-05-14"
    data["logistics"] = {
        "keys": [
            {
                "film": "teens",
                "venue": "mir",
                "valid_from": "2025-05-13T15:00",
                "valid_until": "2025-05-14T14:20",
            }
        ]
    }
    data["guests"] = [
        {
            "id": "g",
            "name": {"ru": "г", "en": "g", "zh": "客"},
            "available": [{"from": "2025-05-14", "until": "2025-05-14"}],
            "appearances": [{"film": "kids", "minutes": 25, "count": 1}],
        }
    ]
    prog = programme(
        film("kids", 95, age_rating="6+"),
        film("teens", 130, age_rating="16+"),
        film("adult", 70, age_rating="18+", screenings={"not_before": "2025-05-14T15:00"}),
        film("plain", 50),
        age_policy=[
            {"ratings": ["0+", "6+"], "latest_start": "20:00", "latest_end": "21:10"},
            {"ratings": ["6+", "16+"], "earliest_start": "11:00", "latest_end": "22:45"},
            {"ratings": ["16+", "18+"], "earliest_start": "13:30", "latest_start": "21:00"},
        ],
    )
    i = inputs(data, prog)
    expected = set()
    for info in i.halls.values():
        for day in ("2025-05-13", "2025-05-14"):
            for minute in range(0, 24 * 60, 15):
                at = dt.datetime.fromisoformat(f"{day}T{minute // 60:02d}:{minute % 60:02d}")
                for f in i.programme.films:
                    for guest in (None, "g") if f.id == "kids" else (None,):
                        if not placement_faults(i, f, info, at, guest):
                            start = i.timeline.minute_local(at, info.tz)
                            expected.add((f.id, info.key, start, guest))
    made = {(c.film, c.hall, c.start, c.guest) for c in enumerate_candidates(i)}
    assert made == expected
    assert {guest for *_, guest in made} == {None, "g"}
    assert {film for film, *_ in made} == {"kids", "teens", "adult", "plain"}


def test_hall_eligibility_features_and_seats() -> None:
    data = with_halls(venues(), hall("small", seats=50), hall("big", seats=500))
    prog = programme(
        film("imax", 60, requires={"features": ["imax"]}),
        film("crowd", 60, requires={"min_seats": 100}),
    )
    i = inputs(data, prog)
    halls = {(c.film, c.hall[1]) for c in enumerate_candidates(i)}
    assert halls == {("crowd", "big")}


def test_grain_follows_local_clock_in_vladivostok() -> None:
    data = venues()
    data["cities"][0]["timezone"] = "Asia/Vladivostok"
    i = inputs(with_halls(data, hall("main", "10:00", "12:00")), programme(film("a", 60)))
    local = [
        f"{i.timeline.local(c.start, 'Asia/Vladivostok'):%H:%M}" for c in enumerate_candidates(i)
    ]
    assert local == ["10:00", "10:15", "10:30", "10:45"]


def test_overlap_cliques_cover_every_candidate_and_every_clash() -> None:
    rng = random.Random(7)
    day = dt.date(2025, 5, 13)
    hall_key = ("v", "h")
    made = []
    for _ in range(60):
        start = rng.randrange(0, 600, 15)
        end = start + rng.randrange(30, 180, 15)
        made.append(Candidate("a", hall_key, "c", day, start, end, end + 15, 1, False))
    cliques = overlap_cliques(list(range(len(made))), made, "release")
    assert {i for clique in cliques for i in clique} == set(range(len(made)))
    for clique in cliques:  # each set clashes pairwise (they share a start point)
        assert max(made[i].start for i in clique) < min(made[i].release for i in clique)
    for i, a in enumerate(made):
        for j, b in enumerate(made[:i]):
            if a.start < b.release and b.start < a.release:
                assert any(i in clique and j in clique for clique in cliques), (i, j)


def test_the_most_each_window_can_draw_is_the_same_worked_out_at_once_or_group_by_group() -> None:
    """``most_drawn_by_window`` (arrays, for ``calm_windows`` at festival size) gives every window
    the sum ``most_drawn`` gives its group, on a synthetic festival with a shared audience and
    with candidates of no audience left out."""
    from festival.candidates import most_drawn, most_drawn_by_window
    from tests.benchmarks.instances import build

    candidates = list(enumerate_candidates(build("tiny").inputs))
    candidates[::7] = [dataclasses.replace(c, audience=0) for c in candidates[::7]]
    groups: dict[tuple[str, dt.date, int], list[int]] = {}
    for i, c in enumerate(candidates):
        if c.audience:
            groups.setdefault((c.city, c.day, c.window), []).append(i)
    expected = {key: most_drawn(candidates, group) for key, group in groups.items()}
    assert len(expected) > 20
    assert most_drawn_by_window(candidates) == expected
    assert most_drawn_by_window([dataclasses.replace(c, audience=0) for c in candidates]) == {}


def _decoded(columns: Columns) -> list[tuple[object, ...]]:
    """Each row of the columns, its names decoded, in the order of ``_fields``."""
    c = columns
    return list(
        zip(
            [c.films[k] for k in c.film.tolist()],
            [c.halls[k] for k in c.hall.tolist()],
            [c.cities[k] for k in c.city.tolist()],
            [c.days[k] for k in c.day.tolist()],
            c.start.tolist(),
            c.end.tolist(),
            c.release.tolist(),
            c.points.tolist(),
            c.pinned.tolist(),
            [None if k < 0 else c.guests[k] for k in c.guest.tolist()],
            c.audience.tolist(),
            c.window.tolist(),
            strict=True,
        )
    )


def _fields(c: Candidate) -> tuple[object, ...]:
    return (
        c.film,
        c.hall,
        c.city,
        c.day,
        c.start,
        c.end,
        c.release,
        c.points,
        c.pinned,
        c.guest,
        c.audience,
        c.window,
    )


def test_the_columns_enumeration_makes_say_what_the_candidates_say() -> None:
    """The candidates are made from columns (``CandidateList``): row by row, names decoded,
    those say what the candidates say, and so do the columns read from a plain copy of them;
    on the examples (guests, pins, cities, a staggered venue) and a festival with a shared
    audience."""
    from tests.benchmarks.instances import build

    seen: list[Candidate] = []
    for festival in (load(EXAMPLES["may"]), load(EXAMPLES["tour"]), build("tiny").inputs):
        made = enumerate_candidates(festival)
        assert isinstance(made, CandidateList)
        expected = [_fields(c) for c in made]
        assert _decoded(made.columns) == expected
        assert _decoded(columns_of(list(made))) == expected
        assert columns_of(made) is made.columns
        seen += made
    assert any(c.guest for c in seen) and any(c.pinned for c in seen)
    assert any(c.audience for c in seen) and any(c.extra for c in seen)


def test_a_candidate_list_is_never_changed_in_place() -> None:
    """Its columns would no longer be its own: a change raises; a copy changes freely."""
    made = enumerate_candidates(load(EXAMPLES["may"]))
    first = made[0]
    with pytest.raises(TypeError):
        made[0] = made[1]
    with pytest.raises(TypeError):
        made.append(first)
    with pytest.raises(TypeError):
        made += [first]
    with pytest.raises(TypeError):
        made.sort(key=lambda c: c.start)
    copy = list(made)
    copy[0] = made[1]
    assert made[0] is first
    assert type(made[1:3]) is list


def test_enumeration_leaves_the_cycle_collector_as_it_found_it() -> None:
    """Enumeration pauses the collector and hands what it made to the oldest generation; the
    collector runs again afterwards, and what a caller froze stays frozen."""
    festival = load(EXAMPLES["may"])
    assert gc.isenabled()
    enumerate_candidates(festival)
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0
    with settled_heap():
        frozen = gc.get_freeze_count()
        enumerate_candidates(festival)
        assert gc.get_freeze_count() == frozen
