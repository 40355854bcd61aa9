"""Each hard rule of the CP-SAT model, forced feasible and forced infeasible on a tiny instance."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest
from ortools.sat.python import cp_model

from festival.candidates import enumerate_candidates
from festival.errors import InfeasibleError
from festival.inputs import Inputs
from festival.plan import plan
from festival.scoring import score
from festival.screenings import screenings_of
from festival.solver import SolveOptions
from festival.solver.bound import upper_bound
from festival.solver.model import Literals, build
from festival.solver.whole import Outcome, solve_whole
from festival.verify import verify
from tests.factory import film, hall, inputs, programme, venues, with_halls

OPTIONS = SolveOptions(time_limit=20, seed=0, workers=1, deterministic=True)


def run(i: Inputs) -> Outcome:
    """Solve cold (no hint), so the model alone decides feasibility."""
    candidates = enumerate_candidates(i)
    return solve_whole(i, candidates, None, upper_bound(i, candidates), OPTIONS)


def checked(i: Inputs) -> Outcome:
    """Solve, then check the result with the independent verifier and evaluator."""
    solved = run(i)
    candidates = enumerate_candidates(i)
    screenings = screenings_of(i, [candidates[k] for k in solved.chosen])
    assert solved.objective == score(screenings, i).total
    return solved


def two_films(close: str, **policy: Any) -> Inputs:
    data = with_halls(venues(), hall("main", "10:00", close))
    data["policy"].update(policy)
    return inputs(data, programme(film("a"), film("b")))


def test_hall_overlap_back_to_back_fits() -> None:
    solved = checked(two_films("14:05"))
    assert len(solved.chosen) == 2


def test_hall_overlap_one_grain_short_is_infeasible() -> None:
    with pytest.raises(InfeasibleError):
        run(two_films("14:00"))


def test_hall_overlap_counts_turnover() -> None:
    # without turnover 10:00–11:50 then 12:00–13:50 fits in 14:00
    solved = checked(two_films("14:00", turnover_minutes=0))
    assert len(solved.chosen) == 2


def one_film(count: dict[str, Any], days: int = 1, k: int = 1) -> Inputs:
    data = with_halls(venues(), hall("main", "10:00", "23:00"))
    data["festival"]["last_day"] = f"2025-05-{12 + days}"
    data["policy"]["max_per_film_city_day"] = k
    return inputs(data, programme(film("a", screenings=count)))


def test_film_count_min_met_over_days() -> None:
    solved = checked(one_film({"min": 3, "max": 3}, days=3))
    assert len(solved.chosen) == 3


def test_film_count_min_above_days_is_infeasible() -> None:
    with pytest.raises(InfeasibleError):
        run(one_film({"min": 3, "max": 3}, days=2))


def test_film_count_min_above_the_candidates_left_is_infeasible_not_invalid() -> None:
    """A window may hold fewer candidates of a film than its minimum: the row's domain must
    stay valid (lower ≤ upper) so that CP-SAT says infeasible rather than rejecting the model."""
    i = one_film({"min": 3, "max": 3}, days=3)
    v = build(i, enumerate_candidates(i)[:2])
    assert cp_model.CpSolver().solve(v.model) == cp_model.INFEASIBLE


@pytest.mark.parametrize("count", [0, 1, 6, 37])
def test_literals_make_candidate_i_boolean_variable_i(count: int) -> None:
    model = cp_model.CpModel()
    x = Literals(model, count)
    assert len(x) == len(model.proto.variables) == count
    assert all(list(var.domain) == [0, 1] for var in model.proto.variables)
    assert [x[n].index for n in range(count)] == list(range(count))
    with pytest.raises(IndexError):
        x[count]


def test_film_count_max_caps_screenings() -> None:
    solved = checked(one_film({"min": 0, "max": 2}, days=4))
    assert len(solved.chosen) == 2


def test_film_city_day_allows_k_per_day() -> None:
    solved = checked(one_film({"min": 2, "max": 2}, days=1, k=2))
    assert len(solved.chosen) == 2


def test_film_city_day_one_per_day_is_infeasible() -> None:
    with pytest.raises(InfeasibleError):
        run(one_film({"min": 2, "max": 2}, days=1, k=1))


def two_cities(per_city: dict[str, Any]) -> Inputs:
    data = venues()
    data["festival"]["last_day"] = "2025-05-14"
    data["cities"].append(
        {
            "id": "omsk",
            "name": {"ru": "Омск", "en": "Omsk", "zh": "鄂木斯克"},
            "timezone": "Asia/Omsk",
        }
    )
    second = copy.deepcopy(data["venues"][0])
    second.update(id="pobeda", city="omsk")
    second["halls"][0]["exceptions"] = [{"date": "2025-05-14", "closed": True}]
    data["venues"].append(second)
    counts = {"min": 2, "max": 4, "cities": per_city}
    return inputs(data, programme(film("a", screenings=counts)))


def test_city_count_minimum_met_where_days_allow() -> None:
    i = two_cities({"kazan": {"min": 2}})
    solved = checked(i)
    candidates = enumerate_candidates(i)
    assert sum(candidates[k].city == "kazan" for k in solved.chosen) == 2


def test_city_count_minimum_beyond_open_days_is_infeasible() -> None:
    # omsk's only hall is closed on the second day: one day, one screening a day
    with pytest.raises(InfeasibleError):
        run(two_cities({"omsk": {"min": 2}}))


def test_city_count_maximum_caps_city() -> None:
    i = two_cities({"kazan": {"max": 0}, "omsk": {"max": 1}})
    with pytest.raises(InfeasibleError):
        run(i)


def pinned(*starts: str) -> Inputs:
    data = with_halls(venues(), hall("main", "10:00", "23:00"))
    data["pins"] = [
        {"film": f"f{n}", "venue": "mir", "hall": "main", "start": start}
        for n, start in enumerate(starts)
    ]
    films = [film(f"f{n}", screenings={"min": 0, "max": 1}) for n in range(len(starts))]
    return inputs(data, programme(*films))


def test_pin_is_kept_off_grain() -> None:
    i = pinned("2025-05-13T19:07")
    solved = checked(i)
    candidates = enumerate_candidates(i)
    chosen = [candidates[k] for k in solved.chosen]
    assert [c.pinned for c in chosen] == [True]
    assert screenings_of(i, chosen)[0].start_local.strftime("%H:%M") == "19:07"


def test_pin_clash_is_infeasible() -> None:
    with pytest.raises(InfeasibleError):
        run(pinned("2025-05-13T19:00", "2025-05-13T20:00"))


def test_pins_apart_are_feasible() -> None:
    solved = checked(pinned("2025-05-13T12:00", "2025-05-13T19:00"))
    assert len(solved.chosen) == 2


def test_hire_cost_prefers_the_cheaper_hall() -> None:
    data = with_halls(
        venues(),
        hall("dear", "10:00", "23:00", hire_cost=100000),
        hall("cheap", "10:00", "23:00", hire_cost=1000),
    )
    data["policy"]["weights"]["hire_cost"] = 0.01
    i = inputs(data, programme(film("a")))
    solved = checked(i)
    candidates = enumerate_candidates(i)
    assert [candidates[k].hall for k in solved.chosen] == [("mir", "cheap")]


def test_attendance_prefers_evening_and_is_proven_optimal() -> None:
    data = with_halls(venues(), hall("main", "10:00", "23:00"))
    i = inputs(data, programme(film("a")))
    solved = checked(i)
    candidates = enumerate_candidates(i)
    best = max(c.points for c in candidates)
    assert solved.status == "optimal"
    assert solved.objective == best == solved.bound
    assert candidates[solved.chosen[0]].points == best


def test_plan_schedule_passes_verifier() -> None:
    i = two_films("14:05")
    schedule = plan(i, OPTIONS, dt.datetime(2025, 1, 1, tzinfo=dt.UTC))
    assert verify(schedule, i) == []
    assert [(s.film, f"{s.start_local:%H:%M}") for s in schedule.screenings] == [
        ("a", "10:00"),
        ("b", "12:15"),
    ] or [(s.film, f"{s.start_local:%H:%M}") for s in schedule.screenings] == [
        ("b", "10:00"),
        ("a", "12:15"),
    ]
