"""Dominated candidates are dropped without losing the optimum."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from festival.candidates import Candidate, calm_windows, enumerate_candidates
from festival.domain import Schedule
from festival.errors import InfeasibleError
from festival.inputs import Inputs
from festival.load import load
from festival.replan import carriers
from festival.solver import SolveOptions
from festival.solver.bound import upper_bound
from festival.solver.dominance import dominant
from festival.solver.start import undominated
from festival.solver.whole import solve_whole
from tests.conftest import EXAMPLES
from tests.factory import inputs
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
