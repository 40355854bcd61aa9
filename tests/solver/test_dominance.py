"""Dominated candidates are dropped without losing the optimum."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from typing import Any

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from festival.candidates import Candidate, calm_windows, columns_of, enumerate_candidates
from festival.domain import Schedule
from festival.errors import InfeasibleError
from festival.inputs import Inputs
from festival.load import load
from festival.replan import carriers
from festival.solver import SolveOptions
from festival.solver.bound import upper_bound
from festival.solver.dominance import _NONE, _group, _most_after, _most_before, dominant
from festival.solver.start import undominated
from festival.solver.whole import solve_whole
from tests.conftest import EXAMPLES
from tests.factory import film, hall, inputs, programme, venues, with_halls
from tests.test_plan import festivals

DAY = dt.date(2025, 5, 13)
HALL = ("v0", "h0")
OTHER = ("v0", "h1")


def placement(
    film: str,
    start: int,
    points: int = 100,
    length: int = 100,
    hall: tuple[str, str] = HALL,
    guest: str | None = None,
    pinned: bool = False,
) -> Candidate:
    """A placement with 15 minutes of turnover."""
    return Candidate(
        film, hall, "c0", DAY, start, start + length, start + length + 15, points, pinned, guest
    )


def kept_starts(candidates: list[Candidate], film: str = "a", **kw: Any) -> list[int]:
    return [c.start for c in dominant(candidates, **kw) if c.film == film]


def test_of_equally_valued_starts_in_a_free_hall_one_is_kept() -> None:
    plateau = [placement("a", start) for start in range(600, 700, 15)]
    assert kept_starts(plateau) == [600]


def test_a_later_start_worth_more_replaces_an_earlier_one() -> None:
    assert kept_starts([placement("a", 600, 100), placement("a", 615, 120)]) == [615]


def test_placements_that_free_the_hall_differently_are_both_kept() -> None:
    # the hall is free again after b at 12:00: b fits before a's 12:00 start, not its 11:45
    # one; c starts at 13:45, after the 11:45 one is over, not the 12:00 one
    b = placement("b", 600, length=105)
    c = placement("c", 825, length=60)
    a = [placement("a", 705), placement("a", 720)]
    assert kept_starts([b, c, *a]) == [705, 720]
    # without b's end in between, the earlier start does everything the later one does
    assert kept_starts([c, *a]) == [705]


def test_a_guests_other_appearance_in_the_city_counts_as_a_clash() -> None:
    # the hall is free around a's two starts, but the guest's appearance in another hall ends
    # in between; another one starts between their ends
    a = [placement("a", 705, guest="g"), placement("a", 720, guest="g")]
    before = placement("b", 600, length=110, hall=OTHER, guest="g")
    after = placement("c", 810, length=60, hall=OTHER, guest="g")
    assert kept_starts([before, after, *a]) == [705, 720]
    # the same appearances without the guest do not bind a
    alone = [placement("a", 705), placement("a", 720)]
    assert kept_starts([before, after, *alone]) == [705]


def test_other_films_and_guest_variants_never_replace_each_other() -> None:
    with_guest = placement("a", 615, 500, guest="g")
    others = [placement("b", 600, 500), with_guest, placement("a", 630, 10)]
    assert sorted((c.film, c.start) for c in dominant(others)) == sorted(
        (c.film, c.start) for c in others
    )


def test_pinned_and_protected_placements_are_kept() -> None:
    plateau = [placement("a", start) for start in range(600, 700, 15)]
    plateau[2] = placement("a", 630, pinned=True)
    assert 630 in kept_starts(plateau)
    assert kept_starts(plateau, protected={4}) == [600, 630, 660]


def _optimum(i: Inputs, candidates: list[Candidate]) -> int | None:
    """The proven optimum over ``candidates`` (None when no schedule exists)."""
    options = SolveOptions(time_limit=60, workers=1, deterministic=True)
    try:
        solved = solve_whole(i, candidates, None, upper_bound(i, candidates), options)
    except InfeasibleError:
        return None
    assert solved.status == "optimal"
    return solved.objective


@st.composite
def festivals_with_a_guest(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, Any]]:
    venue_data, lineup = draw(festivals())
    appearances = [
        {"film": f["id"], "minutes": draw(st.integers(10, 40)), "count": 1}
        for f in lineup["films"]
        if draw(st.booleans())
    ]
    if appearances:
        venue_data["guests"] = [
            {
                "id": "g",
                "name": {"ru": "г", "en": "g", "zh": "客"},
                "max_per_day": draw(st.integers(1, 2)),
                "appearances": appearances,
            }
        ]
    return venue_data, lineup


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(festivals_with_a_guest())
def test_generated_festivals_keep_their_optimum(
    data: tuple[dict[str, Any], dict[str, Any]],
) -> None:
    i = inputs(*data)
    everything = enumerate_candidates(i)
    kept = dominant(everything, calm=calm_windows(i, everything))
    assert _optimum(i, kept) == _optimum(i, everything)


def test_the_bundled_example_keeps_its_optimum_with_fewer_candidates() -> None:
    i = load(EXAMPLES["may"])
    everything = enumerate_candidates(i)
    kept = dominant(everything, calm=calm_windows(i, everything))
    # under the shared audience placements compete across windows only where no schedule fills
    # them beyond their pool: fewer go than without it (4,315 of 10,582 kept then)
    assert len(kept) < 0.8 * len(everything)
    assert _optimum(i, kept) == _optimum(i, everything)


def test_plan_searches_the_kept_candidates(schedules: dict[str, tuple[Schedule, Inputs]]) -> None:
    schedule, i = schedules["may"]
    everything = enumerate_candidates(i)
    kept = dominant(everything, undominated(i, everything), calm_windows(i, everything))
    assert schedule.solver.candidates == len(kept)


def test_a_replan_keeps_every_placement_that_could_carry_a_published_screening(
    schedules: dict[str, tuple[Schedule, Inputs]],
) -> None:
    """Dropping one would ignore its move penalty: every placement of a published film in the
    same city on the same day is kept, where without that protection some are dropped."""
    previous, i = schedules["may"]
    everything = enumerate_candidates(i)
    protected = carriers(i, previous, everything)
    published = {(s.film, s.city, s.festival_day) for s in previous.screenings}
    assert protected == {
        n for n, c in enumerate(everything) if (c.film, c.city, c.day) in published
    }
    kept = set(dominant(everything, protected))
    assert all(everything[n] in kept for n in protected)
    assert not all(everything[n] in set(dominant(everything)) for n in protected)


def _key(c: Candidate, calm: frozenset[tuple[str, object, int]]) -> tuple[object, ...]:
    """What two candidates share to be compared, as dominance's docstring states it."""
    if not c.audience:
        return (c.film, c.hall, c.day, c.guest, c.release - c.start)
    if (c.city, c.day, c.window) in calm:
        return (c.film, c.hall, c.day, c.guest, c.release - c.start, c.points - c.audience)
    return (
        c.film,
        c.hall,
        c.day,
        c.guest,
        c.release - c.start,
        c.points - c.audience,
        c.window,
        c.audience,
    )


def _shaken(c: Candidate, rng: random.Random) -> Candidate:
    """The candidate, now and then with no audience, an audience of 1, one more attendance
    point, another window, or another point beyond attendance."""
    change = rng.randrange(10)
    if change == 0:
        return dataclasses.replace(c, audience=0)
    if change == 1:
        return dataclasses.replace(c, audience=1)
    if change == 2:
        return dataclasses.replace(c, audience=c.audience + 1, points=c.points + 1)
    if change == 3:
        return dataclasses.replace(c, window=c.window + 1)
    if change == 4:
        return dataclasses.replace(c, points=c.points + 1)
    return c


def test_groups_start_where_the_compared_fields_change() -> None:
    """Dominance compares a run of candidates with the same film, hall, day, guest and length,
    and under a shared audience the same points beyond attendance and, outside calm windows,
    the same window and attendance: its columns start a group exactly where that key changes;
    with every window calm, none, and half, on candidates shaken now and then (``_shaken``)."""
    from tests.benchmarks.instances import build

    for festival in (build("tiny").inputs, load(EXAMPLES["tour"])):
        made = [_shaken(c, random.Random(n)) for n, c in enumerate(enumerate_candidates(festival))]
        windows = sorted({(c.city, c.day, c.window) for c in made if c.audience})
        assert len(windows) > 10
        for calm in (frozenset(windows), frozenset(), frozenset(windows[::2])):
            columns = columns_of(made)
            length = columns.release - columns.start
            new = np.zeros(len(made), dtype=np.bool_)
            for same in (length, *_group(columns, calm)):
                new[1:] |= same[1:] != same[:-1]
            keys = [_key(c, calm) for c in made]
            expected = [False] + [a != b for a, b in zip(keys[1:], keys[:-1], strict=True)]
            assert new.tolist() == expected


def _must_keep(festival: Inputs, candidates: list[Candidate]) -> set[int]:
    """``undominated`` as its docstring states it, candidate by candidate."""
    gaps = {v.id: festival.stagger(v) for v in festival.venues.venues}
    many = {v.id for v in festival.venues.venues if len(v.halls) > 1}
    premiering = {f.id for f in festival.programme.films if f.premiere is not None}
    return {
        i
        for i, c in enumerate(candidates)
        if c.film in premiering
        or (gaps[c.hall[0]] and (c.hall[0] in many or c.release - c.start < gaps[c.hall[0]]))
    }


def test_undominated_keeps_premieres_and_staggered_starts() -> None:
    """The candidates ``undominated`` protects: those of a film with a premiere, and in a
    staggered venue those of a venue with several halls or shorter than the stagger."""
    premiere = {"requires": {"features": ["dcp"]}, "from": "14:00", "to": "18:00"}
    lineup = programme(film("short", 60), film("even", 90), film("long", 120, premiere=premiere))
    staggered = with_halls(venues(), hall("main", "10:00", "23:00"))
    plain = inputs(staggered, lineup)
    even = next(c.release - c.start for c in enumerate_candidates(plain) if c.film == "even")
    staggered["venues"][0]["stagger_minutes"] = even  # "even" holds the hall exactly that long
    festivals = [load(EXAMPLES["tour"]), load(EXAMPLES["may"]), inputs(staggered, lineup)]
    for festival in festivals:
        made = enumerate_candidates(festival)
        expected = _must_keep(festival, made)
        assert expected and len(expected) < len(made)
        assert undominated(festival, made) == expected
        assert undominated(festival, list(made)) == expected


def test_the_most_points_around_a_member_are_those_of_its_range_of_keys() -> None:
    """``_most_before`` and ``_most_after`` step from each member to the ends of its range of
    keys: the same members a binary search finds, the same most points (``_NONE`` for none);
    on sorted keys with many repeats and ranges of every width."""
    rng = np.random.default_rng(7)
    for n in (1, 2, 5, 300):
        key = np.sort(rng.integers(0, 60, n))
        points = rng.integers(0, 10, n)
        low = key - rng.integers(0, 15, n)
        high = key + rng.integers(0, 15, n)
        before = [
            max(points[np.searchsorted(key, low[i], "left") : i].tolist(), default=_NONE)
            for i in range(n)
        ]
        after = [
            max(points[i + 1 : np.searchsorted(key, high[i], "right")].tolist(), default=_NONE)
            for i in range(n)
        ]
        assert _most_before(key, low, points).tolist() == before
        assert _most_after(key, high, points).tolist() == after
