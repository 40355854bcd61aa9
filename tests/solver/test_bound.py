"""The relaxation bound holds for every schedule, is tighter than the per-film bound when halls are
full, and stays valid whatever duals it is given."""

from __future__ import annotations

import math
import sys

import pytest

from festival.candidates import enumerate_candidates
from festival.inputs import Inputs
from festival.load import load
from festival.scoring import spread_points
from festival.solver import SolveOptions
from festival.solver.bound import (
    ACCURACY,
    Relaxation,
    _proto,
    _relaxation,
    _safe,
    relaxation_bound,
    upper_bound,
)
from festival.solver.clock import Deadline
from festival.solver.pdlp_process import solve as pdlp
from festival.solver.whole import solve_whole
from tests.clock import ManualClock
from tests.conftest import EXAMPLES
from tests.factory import film, hall, inputs, long_or_two_short, programme, venues, with_halls
from tests.solver.test_logistics import two_cities

OPTIONS = SolveOptions(time_limit=20, workers=1, deterministic=True)


def _optimum(i: Inputs) -> int:
    candidates = enumerate_candidates(i)
    solved = solve_whole(i, candidates, None, upper_bound(i, candidates), OPTIONS)
    assert solved.status == "optimal" and solved.objective is not None
    return solved.objective


def test_full_hall_bound_counts_two_films_not_three() -> None:
    i = inputs(
        with_halls(venues(), hall("main", "10:00", "14:00")),
        programme(*(film(f, screenings={"min": 0, "max": 1}) for f in "abc")),
    )
    candidates = enumerate_candidates(i)
    best = _optimum(i)
    bound = relaxation_bound(i, candidates)
    assert bound is not None
    assert best <= bound < upper_bound(i, candidates)
    # two screenings fit; the bound allows no more than two of the best one's points
    per_screening = max(c.points for c in candidates)
    assert bound <= 2 * per_screening


def test_bound_is_exact_on_the_2025_example() -> None:
    i = load(EXAMPLES["may"])
    candidates = enumerate_candidates(i)
    bound = relaxation_bound(i, candidates)
    assert bound is not None and bound >= _optimum(i)
    assert bound < upper_bound(i, candidates)


def test_imperfect_duals_only_loosen_the_bound() -> None:
    i = load(EXAMPLES["may"])
    candidates = enumerate_candidates(i)
    lp = _relaxation(i, candidates)
    exact = relaxation_bound(i, candidates)
    assert exact is not None
    zero = _safe(lp, [0.0] * len(lp.rhs))
    # PDLP stopped after ten iterations, far from converged: its duals are poor, and still safe
    early = _safe(lp, pdlp(_proto(lp), ACCURACY, iterations=10)[1])
    noisy = _safe(lp, [((n * 7919) % 13) / 10 - 0.3 for n in range(len(lp.rhs))])
    assert zero >= exact and noisy >= exact and early >= exact


def test_no_bound_when_the_deadline_passes_before_the_relaxation_is_built() -> None:
    i = load(EXAMPLES["may"])
    candidates = enumerate_candidates(i)
    clock = ManualClock()
    assert relaxation_bound(i, candidates, Deadline(clock() - 1, clock)) is None
    # a deadline that never comes: built, and PDLP runs to convergence as without one
    later = relaxation_bound(i, candidates, Deadline(math.inf, clock))
    assert later is not None and later == relaxation_bound(i, candidates)


def _holding_bound(i: Inputs) -> int:
    """The relaxation bound, checked to be at least the proven optimum."""
    bound = relaxation_bound(i, enumerate_candidates(i))
    assert bound is not None and bound >= _optimum(i)
    return bound


def test_hire_costs_tighten_the_bound_and_it_still_holds() -> None:
    """Two halls, one hired at a cost: the bound pays for the hire it cannot avoid."""

    def festival(cost: int) -> Inputs:
        data = with_halls(
            venues(),
            hall("free", "10:00", "14:00"),
            hall("hired", "10:00", "23:00", hire_cost=cost),
        )
        data["policy"]["weights"]["hire_cost"] = 0.1
        return inputs(data, programme(*(film(f, screenings={"min": 0, "max": 2}) for f in "abc")))

    bounds = {}
    for cost in (0, 1000):
        bounds[cost] = _holding_bound(festival(cost))
    # six screenings are wanted and the free hall holds one: the hired hall must be paid for
    assert bounds[1000] < bounds[0]


def test_a_single_copy_plays_one_city_a_day_in_the_bound() -> None:
    """One day, two cities, a film wanted twice: one copy allows one screening, two allow two."""

    def festival(count: int) -> Inputs:
        logistics = {"copies": [{"film": "a", "count": count}]}
        return inputs(
            two_cities(1, logistics=logistics), programme(film("a", screenings={"max": 2}))
        )

    bounds = {}
    for count in (1, 2):
        bounds[count] = _holding_bound(festival(count))
    assert bounds[1] < bounds[2]
    one = festival(1)
    assert bounds[1] <= max(c.points for c in enumerate_candidates(one)) + spread_points(one)


def test_a_pin_takes_its_hall_time_in_the_bound() -> None:
    """A hall with room for one screening: pinning a weak film there leaves none for a strong one."""

    def festival(pin: bool) -> Inputs:
        data = with_halls(venues(), hall("main", "10:00", "14:00"))
        if pin:
            data["pins"] = [
                {"film": "weak", "venue": "mir", "hall": "main", "start": "2025-05-13T10:00"}
            ]
        films = [film(f, screenings={"min": 0, "max": 1}) for f in ("strong", "second")]
        weak = film("weak", screenings={"min": 0, "max": 1}, demand={"audience": 20})
        return inputs(data, programme(*films, weak))

    bounds = {}
    for pin in (False, True):
        bounds[pin] = _holding_bound(festival(pin))
    assert bounds[True] < bounds[False]


def test_a_failed_pdlp_process_is_an_error_not_a_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    """``Relaxed`` records the error and keeps the plain bound; no made-up number."""
    i = load(EXAMPLES["may"])
    monkeypatch.setattr(sys, "executable", "/bin/false")
    with pytest.raises(RuntimeError, match="PDLP's process failed"):
        relaxation_bound(i, enumerate_candidates(i))


def test_guidance_is_each_candidates_share_of_the_relaxations_solution() -> None:
    """Room for one long film or two short ones: the relaxation takes the two short ones (worth
    more together), and so does every one of their candidates' share; the long film's is 0."""
    i = long_or_two_short()
    candidates = enumerate_candidates(i)
    relaxation = Relaxation.of(i, candidates)
    assert relaxation is not None and len(relaxation.column) == len(candidates)
    answer = relaxation.solve(None)
    assert answer is not None
    share = relaxation.guidance(answer)
    taken: dict[str, float] = {}
    for c, s in zip(candidates, share, strict=True):
        taken[c.film] = taken.get(c.film, 0.0) + s
    assert taken["long"] < 1e-3
    assert taken["short1"] > 0.5 and taken["short2"] > 0.5
    assert relaxation.bound(answer) >= _optimum(i)


def test_the_relaxation_of_the_2025_example_is_tight() -> None:
    """Solved exactly (GLOP's simplex), the 2025 example's relaxation is worth its proven optimum:
    the row families that bind there (per film, city and day; a film's maximum; the spread bonus
    once a day; one screening at a time in a hall) are all in it (leaving any one out gives
    14,920-22,896), and none cuts off the optimum."""
    from ortools.linear_solver import pywraplp

    i = load(EXAMPLES["may"])
    solver = pywraplp.Solver.CreateSolver("GLOP")
    solver.LoadModelFromProto(_proto(_relaxation(i, enumerate_candidates(i))))
    assert solver.Solve() == pywraplp.Solver.OPTIMAL
    assert round(solver.Objective().Value()) == _optimum(i)


def test_a_group_holds_one_film_hall_and_day_and_earns_its_best_candidates_points() -> None:
    """The tour: time zones, copies and guests; each candidate's column is its group's."""
    i = load(EXAMPLES["tour"])
    candidates = enumerate_candidates(i)
    relaxation = Relaxation.of(i, candidates)
    assert relaxation is not None
    members: dict[int, list[int]] = {}
    for n, j in enumerate(relaxation.column.tolist()):
        members.setdefault(j, []).append(n)
    lp = relaxation.lp
    assert sorted(members) == list(range(len(members)))  # the groups' columns come first
    for j, group in members.items():
        assert (
            len({(candidates[n].film, candidates[n].hall, candidates[n].day) for n in group}) == 1
        )
        assert lp.objective[j] == max(candidates[n].points for n in group)
        starts = [candidates[n].start for n in group]
        assert max(starts) - min(starts) < 60
        assert lp.lower[j] == (1.0 if candidates[group[0]].pinned else 0.0)
        assert len(group) == 1 or not any(candidates[n].pinned for n in group)


def test_pdlp_stops_on_work_limits_so_the_bound_is_the_same_every_run() -> None:
    """A few iterations give a looser bound than convergence, and the same one each time (what
    a machine's load cannot change); a solve still running at its deadline is stopped and gives
    no answer, so no half-done bound depends on how busy the machine was."""
    i = load(EXAMPLES["may"])
    relaxation = Relaxation.of(i, enumerate_candidates(i))
    assert relaxation is not None
    few = [relaxation.solve(None, iterations=40) for _ in range(2)]
    assert few[0] is not None and few[1] is not None
    converged = relaxation.solve(None)
    assert converged is not None
    loose = relaxation.bound(few[0])
    assert loose == relaxation.bound(few[1]) > relaxation.bound(converged) >= _optimum(i)
    clock = ManualClock()
    assert relaxation.solve(Deadline(clock(), clock)) is None
