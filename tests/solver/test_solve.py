"""How ``solve()`` searches: the whole model for small festivals, day by day for large ones."""

from __future__ import annotations

from collections.abc import Callable

import pytest

import festival.solver
from festival.candidates import enumerate_candidates
from festival.domain import Schedule
from festival.inputs import Inputs
from festival.load import load
from festival.plan import plan
from festival.solver import Progress, SolveOptions
from tests.conftest import EXAMPLES, STAMP


@pytest.fixture(scope="module")
def tour() -> Inputs:
    """The tour example: copies that travel, guests, pins and the Russian rule pack."""
    return load(EXAMPLES["tour"])


def _day_by_day(
    inputs: Inputs,
    monkeypatch: pytest.MonkeyPatch,
    on_progress: Callable[[Progress], None] = lambda p: None,
) -> Schedule:
    """Plan with the day-by-day search alone (the tour is above the whole-model limit)."""
    monkeypatch.setattr(festival.solver, "BOUND_MODEL_LIMIT", 0)
    options = SolveOptions(time_limit=4, deterministic=True)
    return plan(inputs, options, STAMP, on_progress)


def test_tour_is_searched_day_by_day(tour: Inputs) -> None:
    assert len(enumerate_candidates(tour)) > festival.solver.WHOLE_MODEL_LIMIT


def test_day_by_day_improves_on_the_greedy_plan_and_keeps_every_rule(
    tour: Inputs, monkeypatch: pytest.MonkeyPatch
) -> None:
    reports: list[Progress] = []
    schedule = _day_by_day(tour, monkeypatch, reports.append)
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


def test_day_by_day_is_repeatable_when_deterministic(
    tour: Inputs, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = _day_by_day(tour, monkeypatch)
    again = _day_by_day(tour, monkeypatch)
    assert first.model_dump_json() == again.model_dump_json()


def test_small_festivals_are_solved_whole_and_proven(monkeypatch: pytest.MonkeyPatch) -> None:
    inputs = load(EXAMPLES["may"])
    called: list[str] = []
    real = festival.solver._by_day

    def spy(*args: object, **kwargs: object) -> object:
        called.append("by day")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(festival.solver, "_by_day", spy)
    schedule = plan(inputs, SolveOptions(time_limit=30, deterministic=True), STAMP)
    assert called == [] and schedule.solver.status == "optimal"
    assert schedule.solver.bound == schedule.solver.objective
