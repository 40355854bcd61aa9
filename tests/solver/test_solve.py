"""How ``solve()`` searches: the whole model for small festivals, window by window for large ones."""

from __future__ import annotations

import itertools
import math
import threading
from collections import Counter
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

import festival.solver.model
import festival.solver.neighbourhood
import festival.solver.relaxed
import festival.solver.search
import festival.solver.start
import festival.solver.whole
from festival.candidates import Candidate, enumerate_candidates
from festival.domain import Schedule
from festival.errors import NoSolutionError
from festival.inputs import Inputs
from festival.load import load
from festival.plan import copy_itineraries, guest_itineraries, plan
from festival.scoring import score
from festival.screenings import screenings_of
from festival.solver import Problem, Progress, SolveOptions, solve
from festival.solver.api import MAX_SLOWNESS
from festival.solver.bound import Relaxation
from festival.solver.clock import Deadline
from festival.solver.construct import _State, construct
from festival.solver.dominance import dominant
from festival.solver.lanes import lane_shares, solve_in_lanes
from festival.solver.neighbourhood import (
    MIN_FILM_GROUPS,
    Current,
    Shares,
    Solution,
    Window,
    WindowSolver,
    film_groups,
    free_candidates,
    schedule_value,
    shared_away,
    unpinned_by_day_and_film,
)
from festival.solver.relaxed import FINER_LIMIT, GRACE, Relaxed, guided_start
from festival.solver.strategy import BOUND_MODEL_LIMIT, WHOLE_MODEL_LIMIT, Strategy
from festival.solver.whole import MIN_WINDOW_SECONDS, Outcome
from festival.verify import verify
from tests import factory
from tests.benchmarks.instances import build as instance
from tests.clock import ManualClock
from tests.conftest import EXAMPLES, STAMP


@pytest.fixture(scope="module")
def tour() -> Inputs:
    """The tour example: copies that travel, guests, pins and the Russian rule pack."""
    return load(EXAMPLES["tour"])


def _by_windows(
    inputs: Inputs, on_progress: Callable[[Progress], None] = lambda p: None
) -> Schedule:
    """Plan with the window search alone (the tour's size would have it solved whole)."""
    options = SolveOptions(time_limit=4, deterministic=True, strategy=Strategy.WINDOWS)
    return plan(inputs, options, STAMP, on_progress)


def test_window_search_improves_on_the_greedy_plan_and_keeps_every_rule(tour: Inputs) -> None:
    reports: list[Progress] = []
    schedule = _by_windows(tour, reports.append)
    stats = schedule.solver
    # plan() has already run the verifier (copies and guests across days included) and checked
    # that the search's objective equals the evaluator's score of the schedule
    assert stats.hint_objective is not None and stats.objective > stats.hint_objective
    assert stats.bound >= stats.objective and stats.bound_source == "relaxation bound"
    assert schedule.copies and any(s.guest for s in schedule.screenings)
    # the greedy plan is reported first, then only improvements
    assert reports[0].objective == stats.hint_objective
    values = [r.objective for r in reports if r.objective is not None]
    assert len(values) == len(reports)  # every report has a plan
    assert values == sorted(values) and values[-1] == stats.objective
    # each report is a better plan or a better bound (the relaxation's, reported as it comes)
    for before, after in itertools.pairwise(reports):
        assert (after.objective or 0) > (before.objective or 0) or after.bound < before.bound


def test_a_round_of_the_window_search_moves_films_between_days_before_rearranging_days(
    tour: Inputs, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Film groups first, then the days: at Berlinale size the richest days' windows ran their
    10 s without a gain while each film group gained thousands of points."""
    visited: list[Window] = []
    solve_window = festival.solver.neighbourhood.WindowSolver.__call__

    def recorded(self: Any, window: Window, *args: Any, **kwargs: Any) -> Any:
        visited.append(window)
        return solve_window(self, window, *args, **kwargs)

    monkeypatch.setattr(festival.solver.neighbourhood.WindowSolver, "__call__", recorded)
    _by_windows(tour)  # deterministic: one round, every window once
    kinds = ["day" if w.day is not None else "films" for w in visited]
    groups = kinds.count("films")
    assert groups >= 2 and kinds.count("day") >= 2
    assert kinds == ["films"] * groups + ["day"] * (len(kinds) - groups)


def test_window_search_is_repeatable_when_deterministic(tour: Inputs) -> None:
    first = _by_windows(tour)
    again = _by_windows(tour)
    assert first.model_dump_json() == again.model_dump_json()


def test_small_festivals_are_solved_whole_and_proven() -> None:
    inputs = load(EXAMPLES["may"])
    problem = Problem(inputs, enumerate_candidates(inputs))
    solved = solve(problem, SolveOptions(time_limit=30, deterministic=True))
    assert (solved.strategy, solved.status) == (Strategy.WHOLE, "optimal")
    assert solved.bound == solved.objective


def test_the_strategy_follows_the_size_and_a_replan_is_never_windows_then_whole() -> None:
    limit, bound = WHOLE_MODEL_LIMIT, BOUND_MODEL_LIMIT
    assert [Strategy.for_size(n, 5, replan=False) for n in (limit, limit + 1, bound + 1)] == [
        Strategy.WHOLE,
        Strategy.WINDOWS_THEN_WHOLE,
        Strategy.WINDOWS,
    ]
    assert [Strategy.for_size(n, 5, replan=True) for n in (limit + 1, bound, bound + 1)] == [
        Strategy.WHOLE,
        Strategy.WHOLE,
        Strategy.WINDOWS,
    ]
    assert Strategy.for_size(bound + 1, 1, replan=False) is Strategy.WHOLE  # a single day
    assert [s.best_first for s in Strategy] == [False, True, True]


def _held_state(inputs: Inputs, candidates: list[Candidate], held: list[int]) -> _State:
    """The greedy's rule checks with ``held`` placed, in time order (the order the copies'
    travels are worked out in)."""
    state = _State(inputs)
    for i in sorted(held, key=lambda i: candidates[i].start):
        state.add(i, candidates[i])
    return state


def test_film_groups_cover_every_active_film_once_and_follow_the_seed(tour: Inputs) -> None:
    candidates = enumerate_candidates(tour)
    groups = film_groups(tour, candidates, seed=3)
    films = [film for group in groups for film in group.films]
    assert sorted(films) == sorted(f.id for f in tour.active_films)
    assert len(groups) == min(MIN_FILM_GROUPS, len(tour.active_films))
    assert groups == film_groups(tour, candidates, seed=3)
    assert groups != film_groups(tour, candidates, seed=4)


def test_a_window_drops_only_candidates_its_fixed_screenings_rule_out(tour: Inputs) -> None:
    """What ``free_candidates`` leaves out, the greedy's own rule checks refuse beside the held
    screenings; what they accept, ``free_candidates`` keeps (a window loses no placement it could
    use); and what it keeps has room: its film is below its maximum (a day), no held screening in
    its hall (films). Every day of the tour and every film group of one shuffle."""
    candidates = enumerate_candidates(tour)
    start = construct(tour, candidates)
    assert start is not None
    by_day, by_film = unpinned_by_day_and_film(candidates)
    windows = [Window(day=day) for day in sorted(by_day)] + film_groups(tour, candidates, 0)
    dropped_somewhere = set()
    for window in windows:
        held = [i for i in start.chosen if window.holds(candidates[i])]
        if window.day is not None:
            scope = by_day[window.day]
        else:
            scope = [i for film in window.films for i in by_film[film]]
        free = set(free_candidates(tour, candidates, window, held, by_day, by_film))
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
    """A build that takes 0.5 s (on the search's clock) leaves CP-SAT the rest of the time
    limit, and counts in the time reported."""
    inputs = load(EXAMPLES["may"])
    clock = ManualClock()
    real_build, real_params = festival.solver.model.build, festival.solver.whole.set_params
    limits: list[float] = []

    def slow_build(*args: Any, **kwargs: Any) -> Any:
        clock.advance(0.5)
        return real_build(*args, **kwargs)

    def spy(solver: Any, options: SolveOptions, seconds: float) -> None:
        limits.append(seconds)
        real_params(solver, options, seconds)

    monkeypatch.setattr(festival.solver.whole, "build", slow_build)
    monkeypatch.setattr(festival.solver.whole, "set_params", spy)
    schedule = plan(inputs, SolveOptions(time_limit=5, clock=clock), STAMP)
    assert limits == [4.5] and schedule.solver.wall_seconds == 0.5


def test_without_a_start_a_build_that_takes_the_whole_limit_ends_the_search(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """No greedy start and a build that took the whole limit: no CP-SAT run past the limit
    (a Sundance re-plan overran its 30 s by 8 s this way), but no schedule found, said so."""
    inputs = load(EXAMPLES["may"])
    clock = ManualClock()
    real_build, real_params = festival.solver.model.build, festival.solver.whole.set_params
    runs: list[float] = []

    def slow_build(*args: Any, **kwargs: Any) -> Any:
        clock.advance(5)
        return real_build(*args, **kwargs)

    def spy(solver: Any, options: SolveOptions, seconds: float) -> None:
        runs.append(seconds)
        real_params(solver, options, 0.01)

    monkeypatch.setattr(festival.solver.start, "construct", lambda *args, **kwargs: None)
    monkeypatch.setattr(festival.solver.whole, "build", slow_build)
    monkeypatch.setattr(festival.solver.whole, "set_params", spy)
    options = SolveOptions(time_limit=5, clock=clock, strategy=Strategy.WHOLE)
    with pytest.raises(NoSolutionError, match="building the model took nearly all of it"):
        plan(inputs, options, STAMP)
    assert runs == []


def test_a_deadline_cuts_the_time_limit_to_the_seconds_left_after_the_start_is_made(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The command's deadline (``SolveOptions.deadline``) counts what came before the search:
    the start took 2 s of a deadline 3 s away, so CP-SAT gets the 1 s left less the build, not
    the 5 s time limit; in deterministic mode the deadline is not read."""
    inputs = load(EXAMPLES["may"])
    clock = ManualClock()
    limits: list[float] = []
    real_params = festival.solver.whole.set_params
    real_of = festival.solver.start.Start.of

    def slow_start(*args: Any, **kwargs: Any) -> Any:
        clock.advance(2.0)
        return real_of(*args, **kwargs)

    def spy(solver: Any, options: SolveOptions, seconds: float) -> None:
        limits.append(seconds)
        real_params(solver, options, seconds)

    monkeypatch.setattr(festival.solver.start.Start, "of", slow_start)
    monkeypatch.setattr(festival.solver.whole, "set_params", spy)
    options = SolveOptions(time_limit=5, clock=clock, deadline=clock() + 3.0)
    assert options.until_deadline().time_limit == 3.0
    plan(inputs, options, STAMP)
    assert limits == [1.0]
    fixed = SolveOptions(time_limit=5, deterministic=True, clock=clock, deadline=clock() - 9)
    assert fixed.until_deadline() == fixed


def test_the_publishing_reserve_is_kept_before_the_deadline_stretched_by_the_slowness() -> None:
    """What follows the search (``reserve``, as on a quiet machine) is kept before the deadline,
    times how much slower the machine runs now: at least 1, at most ``MAX_SLOWNESS``."""
    clock = ManualClock()
    at = clock() + 60.0

    def left(slowness: float) -> float:
        options = SolveOptions(
            time_limit=60, clock=clock, deadline=at, reserve=10.0, slowness=lambda: slowness
        )
        return options.until_deadline().time_limit

    assert left(1.0) == 50.0
    assert left(0.5) == 50.0  # never less than the quiet machine's reserve
    assert left(2.0) == 40.0
    assert left(100.0) == 60.0 - 10.0 * MAX_SLOWNESS
    lesser = SolveOptions(time_limit=30, clock=clock, deadline=at, reserve=10.0)
    assert lesser.until_deadline().time_limit == 30.0  # the time limit, when it is the lesser


def test_past_its_deadline_the_search_keeps_the_greedy_start_without_building_a_model(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """When the start took all the time there was, the greedy schedule is the plan: verified and
    scored like any, and no CP-SAT model is built (a Berlinale-size model alone takes seconds)."""
    inputs = load(EXAMPLES["may"])
    clock = ManualClock()

    def no_build(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("a model was built after the deadline")

    monkeypatch.setattr(festival.solver.whole, "build", no_build)
    options = SolveOptions(time_limit=5, clock=clock, deadline=clock() - 0.5)
    schedule = plan(inputs, options, STAMP)
    assert schedule.solver.status == "feasible"
    assert schedule.solver.objective == schedule.solver.hint_objective == schedule.score.total
    assert verify(schedule, inputs) == []


def test_window_search_and_its_bound_keep_to_the_time_limit(
    tour: Inputs, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each window's CP-SAT run ends by the limit, its model's build counted (here 0.3 s on the
    search's clock, the only time that passes on it), and so does the relaxation's one solve (for
    guidance and the bound, to the bound's accuracy) by the limit and its grace, counted from the
    moment the search was asked for. One worker: windows one at a time, so that no
    other window's build moves the clock between a window's limit and its CP-SAT run."""
    limit = 3.0
    clock = ManualClock()
    began = clock()
    real_build = festival.solver.model.build
    real_params = festival.solver.whole.set_params
    real_solve = Relaxation.solve
    ends: list[float] = []
    deadlines: list[Deadline | None] = []

    def slow_build(*args: Any, **kwargs: Any) -> Any:
        clock.advance(0.3)
        return real_build(*args, **kwargs)

    def spy_params(solver: Any, options: SolveOptions, seconds: float) -> None:
        ends.append(clock() + seconds)
        real_params(solver, options, seconds)

    def spy_solve(self: Relaxation, deadline: Deadline | None, *args: Any) -> Any:
        deadlines.append(deadline)
        return real_solve(self, deadline, *args)

    monkeypatch.setattr(festival.solver.neighbourhood, "build", slow_build)
    monkeypatch.setattr(festival.solver.neighbourhood, "set_params", spy_params)
    monkeypatch.setattr(Relaxation, "solve", spy_solve)
    options = SolveOptions(time_limit=limit, workers=1, clock=clock, strategy=Strategy.WINDOWS)
    plan(tour, options, STAMP)
    assert len(ends) > 1 and max(ends) <= began + limit
    assert clock() - began >= limit - MIN_WINDOW_SECONDS  # stopped by the limit
    (solved,) = deadlines  # solved once, in the foreground, to the bound's accuracy
    assert solved is not None and solved.at == began + limit * (1 + GRACE)


def test_a_relaxation_solved_past_half_the_limit_still_bounds_but_no_longer_guides(
    tour: Inputs, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The solve may run to the search's end (a busy machine), so that its bound is the same as
    on a quiet one; its guidance is dropped past ``GUIDE_SHARE`` of the limit."""
    candidates = enumerate_candidates(tour)
    real_solve = Relaxation.solve
    for took, guides in ((1.0, True), (6.0, False)):
        clock = ManualClock()

        def slow_solve(
            self: Relaxation, *args: Any, took: float = took, clock: ManualClock = clock
        ) -> Any:
            clock.advance(took)
            return real_solve(self, *args)

        monkeypatch.setattr(Relaxation, "solve", slow_solve)
        options = SolveOptions(time_limit=10, clock=clock)
        relaxed = Relaxed(tour, candidates, options, clock(), guide=True)
        assert relaxed.thread is not None
        relaxed.thread.join()
        assert relaxed.value is not None
        assert (relaxed.guidance is not None) is guides


def test_a_search_is_not_kept_waiting_past_half_its_limit_for_the_relaxation(
    tour: Inputs, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past ``GUIDE_SHARE`` of the limit the search starts without guidance; the solve goes on
    beside it, and its bound is reported (``on_bound``) and kept (``tighten``) when it comes.
    A re-plan, which takes no guidance, is bounded the same way."""
    real_solve = Relaxation.solve
    release = threading.Event()

    def held(self: Relaxation, *args: Any) -> Any:
        release.wait()  # until the constructor has returned
        return real_solve(self, *args)

    monkeypatch.setattr(Relaxation, "solve", held)
    # the constructor waits 0.06 s of real time (the manual clock stands still); the solve's
    # own deadline, 63 s away, is far off
    monkeypatch.setattr(festival.solver.relaxed, "GUIDE_SHARE", 0.001)
    candidates = enumerate_candidates(tour)
    for guide in (True, False):
        release.clear()
        clock = ManualClock()
        options = SolveOptions(time_limit=60, clock=clock)
        reported: list[int] = []
        relaxed = Relaxed(tour, candidates, options, clock(), guide, on_bound=reported.append)
        assert relaxed.value is None and relaxed.guidance is None and not relaxed.steers
        release.set()
        outcome = Outcome([], frozenset(), {}, "feasible", 0, 10**9, "per-film bound", 0.0)
        tightened = relaxed.tighten(outcome)
        assert relaxed.value is not None and reported == [relaxed.value]
        assert tightened.bound == relaxed.value and tightened.bound_source == Relaxed.SOURCE
        assert relaxed.guidance is None and relaxed.relaxation is None  # let go once solved


def test_with_time_left_the_bound_is_solved_again_on_a_finer_grouping(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """After the bound's solve, a relaxation of half-hour groups is built and solved on a search
    of ``FINER_LIMIT`` or more, decided on the limit, not on the time left (here the search's
    clock stands still; the window search ends after a round without a gain); the smaller bound
    is reported. Below the limit it is not."""
    real_of = Relaxation.of
    built: list[tuple[int, Relaxation | None]] = []
    bounds: list[int] = []

    def spy_of(cls: type[Relaxation], *args: Any) -> Relaxation | None:
        made = real_of(*args)
        built.append((args[-1], made))
        return made

    real_bound = Relaxation.bound

    def spy_bound(self: Relaxation, answer: Any) -> int:
        bounds.append(real_bound(self, answer))
        return bounds[-1]

    monkeypatch.setattr(Relaxation, "of", classmethod(spy_of))
    monkeypatch.setattr(Relaxation, "bound", spy_bound)
    # the whole minute stays left; in real seconds it only caps each CP-SAT and PDLP run
    options = SolveOptions(time_limit=FINER_LIMIT, clock=ManualClock(), strategy=Strategy.WINDOWS)
    schedule = plan(load(EXAMPLES["may"]), options, STAMP)
    assert [block for block, _ in built] == [60, 30]
    coarse, fine = (len(made.lp.objective) for _, made in built if made is not None)
    assert fine > coarse  # half-hour groups: more columns
    stats = schedule.solver
    assert stats.bound_source == "relaxation bound" and stats.bound == min(bounds)
    assert stats.objective <= stats.bound
    inputs = load(EXAMPLES["may"])
    for limit, finer in ((FINER_LIMIT - 0.1, False), (FINER_LIMIT, True)):
        options = SolveOptions(time_limit=limit, clock=ManualClock())
        assert Relaxed(inputs, [], options, 0.0, guide=False).finer is finer
        # the search's own limit cut short by the command's deadline: the limit asked decides
        cut = SolveOptions(time_limit=5, clock=ManualClock())
        assert Relaxed(inputs, [], cut, 0.0, guide=False, asked=limit).finer is finer


def test_the_guided_start_places_films_where_the_relaxation_does() -> None:
    i = factory.long_or_two_short()
    candidates = enumerate_candidates(i)
    plain = construct(i, candidates)
    assert plain is not None
    assert [candidates[n].film for n in plain.chosen] == ["long"]
    relaxation = Relaxation.of(i, candidates)
    assert relaxation is not None
    answer = relaxation.solve(None)
    assert answer is not None
    value = schedule_value(i, candidates, plain.chosen)
    guided, guided_value = guided_start(
        i, candidates, plain, value, relaxation.guidance(answer), None
    )
    assert sorted(candidates[n].film for n in guided.chosen) == ["short1", "short2"]
    assert guided_value == schedule_value(i, candidates, guided.chosen) > value
    assert guided_value <= relaxation.bound(answer)
    # without guidance (every share 0) it is the plain pass, and the start is kept
    kept, kept_value = guided_start(i, candidates, plain, value, np.zeros(len(candidates)), None)
    assert kept is plain and kept_value == value


def _thinned(inputs: Inputs, candidates: list[Candidate], chosen: list[int]) -> list[int]:
    """The schedule less every screening no minimum needs (pins, guest appearances and films
    with limited copies kept): valid, with room to gain on every day."""
    total: Counter[str] = Counter(candidates[i].film for i in chosen)
    city: Counter[tuple[str, str]] = Counter(
        (candidates[i].film, candidates[i].city) for i in chosen
    )
    kept = []
    for i in chosen:
        c = candidates[i]
        film = inputs.films[c.film]
        low, _ = inputs.city_limits(film, c.city)
        spare = total[c.film] > film.screenings.min and city[(c.film, c.city)] > low
        if spare and not c.pinned and c.guest is None and inputs.copy_pool(c.film) is None:
            total[c.film] -= 1
            city[(c.film, c.city)] -= 1
        else:
            kept.append(i)
    return kept


def test_day_windows_in_two_lanes_merge_into_schedules_that_keep_every_rule() -> None:
    """Two days solved in two lanes, one worker each: each lane takes one (neither solves before
    both have theirs), both lanes' results are merged, and every schedule a result is merged into
    keeps every rule and earns the value it claims. The medium synthetic festival (copies, guests,
    pins), thinned so that every day has room; each window searched for deterministic time, so
    what a lane finds does not depend on the machine's speed (whichever lane takes which day)."""
    medium = instance("medium", 1).inputs
    candidates = dominant(enumerate_candidates(medium))
    greedy = construct(medium, candidates)
    assert greedy is not None
    chosen = _thinned(medium, candidates, greedy.chosen)
    value = score(screenings_of(medium, [candidates[i] for i in chosen]), medium).total
    now = Current(chosen, greedy.copy_at, {}, value)
    options = SolveOptions(time_limit=2, deterministic=True)
    window_solver = WindowSolver(medium, candidates, now, options, left=lambda: math.inf)
    both = threading.Barrier(2, timeout=120)  # the timeout only guards against a hang
    owners: list[bool] = []
    merged: list[Solution] = []

    def solve_window(
        window: Window,
        seconds: float,
        workers: int,
        shares: Shares | None = None,
        base: Current | None = None,
    ) -> Solution | None:
        assert shares is not None and workers == 1
        owners.append(not shares.second)
        both.wait()
        return window_solver(window, seconds, workers, shares, base)

    def keep(solution: Solution | None) -> bool:
        kept = now.improve(solution)
        if kept:
            assert solution is not None
            merged.append(solution)
        return kept

    days = [Window(day=day) for day in medium.days[:2]]
    gained = solve_in_lanes(
        medium, candidates, now, days, 1.0, solve_window, keep, lambda: math.inf
    )
    assert gained and sorted(owners) == [False, True]  # one day in each lane
    assert len(merged) == 2 and merged[-1].value == now.best > value  # both lanes' days merged
    schedule = plan(medium, SolveOptions(time_limit=1, deterministic=True), STAMP)
    for solution in merged:
        screenings = screenings_of(medium, [candidates[i] for i in solution.chosen])
        combined = schedule.model_copy(
            update={
                "screenings": screenings,
                "copies": copy_itineraries(medium, screenings, solution.copy_at),
                "guests": guest_itineraries(medium, screenings),
            }
        )
        assert verify(combined, medium) == []
        assert score(screenings, medium).total == solution.value


def test_a_lane_takes_half_the_room_the_other_left_and_copies_and_guests_stay_with_the_first() -> (
    None
):
    medium = instance("medium", 1).inputs
    candidates = dominant(enumerate_candidates(medium))
    greedy = construct(medium, candidates)
    assert greedy is not None
    first = lane_shares(medium, candidates, greedy.chosen, True)
    second = lane_shares(medium, candidates, greedy.chosen, False, first)
    total = Counter(candidates[i].film for i in greedy.chosen)
    copied = {f.id for f in medium.active_films if medium.copy_pool(f.id) is not None}
    assert copied and first.owned == second.owned == copied
    for film in medium.active_films:
        key = (film.id, None)
        if film.id in copied:
            assert key not in first.limits and key not in second.limits
            continue
        room = (medium.film_max(film) - total[film.id], total[film.id] - film.screenings.min)
        for k in (0, 1):
            # the first takes the larger half; the second, the larger half of the rest
            assert first.limits[key][k] == room[k] - room[k] // 2
            rest = room[k] - first.limits[key][k]
            assert second.limits[key][k] == rest - rest // 2
            assert first.limits[key][k] + second.limits[key][k] <= room[k]
    guest = next(c for c in candidates if c.guest is not None)
    plain = next(c for c in candidates if c.guest is None and c.film not in copied)
    copy = next(c for c in candidates if c.film in copied)
    away = shared_away
    assert not any(away(c, first) for c in (guest, plain, copy))
    assert away(guest, second) and away(copy, second) and not away(plain, second)


def test_a_bound_found_in_the_background_is_reported_at_once_beside_the_best_objective() -> None:
    """The live line shows each tighter bound when it is found, not at the next improvement,
    and later reports keep it."""
    from festival.solver.api import gap
    from festival.solver.search import _Live

    seen: list[Progress] = []
    clock = ManualClock()
    live = _Live(seen.append, clock, clock())
    live.bound(100)  # nothing reported yet: there is no objective to show it beside
    live(Progress(50, 200, gap(50, 200), 1.0))
    clock.advance(2.0)
    live.bound(150)
    live.bound(160)  # looser: not news
    live(Progress(60, 200, gap(60, 200), 3.0))
    assert [(p.objective, p.bound, p.seconds) for p in seen] == [
        (50, 200, 1.0),
        (50, 150, 2.0),
        (60, 150, 3.0),
    ]
    assert seen[1].gap == gap(50, 150) and seen[2].gap == gap(60, 150)
