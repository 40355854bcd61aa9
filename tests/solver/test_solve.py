"""How ``solve()`` searches: the whole model for small festivals, window by window for large ones."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest

import festival.solver
from festival.candidates import Candidate, enumerate_candidates
from festival.construct import _State, construct
from festival.domain import Schedule
from festival.inputs import Inputs
from festival.load import load
from festival.plan import plan
from festival.solver import (
    Progress,
    SolveOptions,
    _film_groups,
    _free,
    _unpinned_by_day_and_film,
    _Window,
)
from tests.conftest import EXAMPLES, STAMP


@pytest.fixture(scope="module")
def tour() -> Inputs:
    """The tour example: copies that travel, guests, pins and the Russian rule pack."""
    return load(EXAMPLES["tour"])


def _by_windows(
    inputs: Inputs,
    monkeypatch: pytest.MonkeyPatch,
    on_progress: Callable[[Progress], None] = lambda p: None,
) -> Schedule:
    """Plan with the window search alone (the tour is below the whole-model limit: lowered)."""
    monkeypatch.setattr(festival.solver, "WHOLE_MODEL_LIMIT", 0)
    monkeypatch.setattr(festival.solver, "BOUND_MODEL_LIMIT", 0)
    options = SolveOptions(time_limit=4, deterministic=True)
    return plan(inputs, options, STAMP, on_progress)


def test_window_search_improves_on_the_greedy_plan_and_keeps_every_rule(
    tour: Inputs, monkeypatch: pytest.MonkeyPatch
) -> None:
    reports: list[Progress] = []
    schedule = _by_windows(tour, monkeypatch, reports.append)
    stats = schedule.solver
    # plan() has already run the verifier (copies and guests across days included) and checked
    # that the search's objective equals the evaluator's score of the schedule
    assert stats.hint_objective is not None and stats.objective > stats.hint_objective
    assert stats.bound >= stats.objective and stats.bound_source == "relaxation bound"
    assert schedule.copies and any(s.guest for s in schedule.screenings)
    # the greedy plan is reported first, then only improvements
    assert reports[0].objective == stats.hint_objective
    values = [r.objective for r in reports]
    assert values == sorted(set(values)) and values[-1] == stats.objective


def test_window_search_is_repeatable_when_deterministic(
    tour: Inputs, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = _by_windows(tour, monkeypatch)
    again = _by_windows(tour, monkeypatch)
    assert first.model_dump_json() == again.model_dump_json()


def test_small_festivals_are_solved_whole_and_proven(monkeypatch: pytest.MonkeyPatch) -> None:
    inputs = load(EXAMPLES["may"])
    called: list[str] = []
    real = festival.solver._neighbourhoods

    def spy(*args: object, **kwargs: object) -> object:
        called.append("windows")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(festival.solver, "_neighbourhoods", spy)
    schedule = plan(inputs, SolveOptions(time_limit=30, deterministic=True), STAMP)
    assert called == [] and schedule.solver.status == "optimal"
    assert schedule.solver.bound == schedule.solver.objective


def _held_state(inputs: Inputs, candidates: list[Candidate], held: list[int]) -> _State:
    state = _State(inputs)
    for i in held:
        state.add(i, candidates[i])
    return state


def test_film_groups_cover_every_active_film_once_and_follow_the_seed(tour: Inputs) -> None:
    candidates = enumerate_candidates(tour)
    groups = _film_groups(tour, candidates, seed=3)
    films = [film for group in groups for film in group.films]
    assert sorted(films) == sorted(f.id for f in tour.active_films)
    assert len(groups) == min(festival.solver.MIN_FILM_GROUPS, len(tour.active_films))
    assert groups == _film_groups(tour, candidates, seed=3)
    assert groups != _film_groups(tour, candidates, seed=4)


def test_a_window_drops_only_candidates_its_fixed_screenings_rule_out(tour: Inputs) -> None:
    """What ``_free`` leaves out, the greedy's own rule checks refuse beside the held screenings;
    what they accept, ``_free`` keeps (a window loses no placement it could use); and what it
    keeps has room: its film is below its maximum (a day), no held screening in its hall (films).
    Every day of the tour and every film group of one shuffle."""
    candidates = enumerate_candidates(tour)
    start = construct(tour, candidates)
    assert start is not None
    by_day, by_film = _unpinned_by_day_and_film(candidates)
    windows = [_Window(day=day) for day in sorted(by_day)] + _film_groups(tour, candidates, 0)
    dropped_somewhere = set()
    for window in windows:
        held = [i for i in start.chosen if window.holds(candidates[i])]
        if window.day is not None:
            scope = by_day[window.day]
        else:
            scope = [i for film in window.films for i in by_film[film]]
        free = set(_free(tour, candidates, window, held, by_day, by_film))
        state = _held_state(tour, candidates, held)
        fits = {i for i in scope if state.fits(candidates[i])}
        assert fits <= free <= set(scope)
        for i in free:
            c = candidates[i]
            if window.day is not None:
                played = sum(candidates[j].film == c.film for j in held)
                assert played < tour.film_max(tour.films[c.film])
            else:
                assert not any(
                    candidates[j].hall == c.hall
                    and candidates[j].start < c.release
                    and c.start < candidates[j].release
                    for j in held
                )
        if len(free) < len(scope):
            dropped_somewhere.add("day" if window.day is not None else "films")
    assert dropped_somewhere == {"day", "films"}


def test_building_the_whole_model_counts_against_the_time_limit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A slow build (here made 0.5 s slower) leaves CP-SAT only the rest of the time limit."""
    inputs = load(EXAMPLES["may"])
    real_build, real_params = festival.solver.build, festival.solver._params
    limits: list[float] = []

    def slow_build(*args: Any, **kwargs: Any) -> Any:
        time.sleep(0.5)
        return real_build(*args, **kwargs)

    def spy(solver: Any, options: SolveOptions, seconds: float) -> None:
        limits.append(seconds)
        real_params(solver, options, seconds)

    monkeypatch.setattr(festival.solver, "build", slow_build)
    monkeypatch.setattr(festival.solver, "_params", spy)
    plan(inputs, SolveOptions(time_limit=5), STAMP)
    assert len(limits) == 1 and limits[0] <= 4.5


def test_window_search_and_its_bound_keep_to_the_time_limit(
    tour: Inputs, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each window's CP-SAT run ends by the limit, its model's build counted (here made 0.3 s
    slower), and the relaxation bound is given the same deadline."""
    limit = 3.0
    monkeypatch.setattr(festival.solver, "WHOLE_MODEL_LIMIT", 0)
    monkeypatch.setattr(festival.solver, "BOUND_MODEL_LIMIT", 0)
    real_build, real_params = festival.solver.build, festival.solver._params
    real_search, real_bound = festival.solver._neighbourhoods, festival.solver.relaxation_bound
    began: list[float] = []
    ends: list[float] = []
    deadlines: list[float | None] = []

    def slow_build(*args: Any, **kwargs: Any) -> Any:
        time.sleep(0.3)
        return real_build(*args, **kwargs)

    def spy_params(solver: Any, options: SolveOptions, seconds: float) -> None:
        ends.append(time.monotonic() + seconds)
        real_params(solver, options, seconds)

    def spy_search(*args: Any, **kwargs: Any) -> Any:
        began.append(time.monotonic())
        return real_search(*args, **kwargs)

    def spy_bound(inputs: Inputs, candidates: list[Candidate], deadline: float | None) -> Any:
        deadlines.append(deadline)
        return real_bound(inputs, candidates, deadline)

    monkeypatch.setattr(festival.solver, "build", slow_build)
    monkeypatch.setattr(festival.solver, "_params", spy_params)
    monkeypatch.setattr(festival.solver, "_neighbourhoods", spy_search)
    monkeypatch.setattr(festival.solver, "relaxation_bound", spy_bound)
    plan(tour, SolveOptions(time_limit=limit), STAMP)
    assert len(began) == 1 and ends
    assert max(ends) <= began[0] + limit + 0.05  # the clock read just before
    assert len(deadlines) == 1 and deadlines[0] is not None
    assert deadlines[0] <= began[0] + limit
