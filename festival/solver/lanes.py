"""Day windows in two lanes, one CP-SAT worker each (``solve_in_lanes``), each keeping to its
share of the films' room (``lane_shares``), their results merged into the schedule at once."""

from __future__ import annotations

import itertools
import threading
from collections import Counter
from collections.abc import Callable

from festival.candidates import Candidate
from festival.inputs import Inputs
from festival.solver.neighbourhood import (
    Current,
    Shares,
    Solution,
    Window,
    schedule_value,
)
from festival.solver.whole import MIN_WINDOW_SECONDS


def lane_shares(
    inputs: Inputs,
    candidates: list[Candidate],
    chosen: list[int],
    owner: bool,
    other: Shares | None = None,
) -> Shares:
    """A lane's share of each film's room to grow or shrink (overall and per limited city) in
    the current schedule ``chosen``: the larger half of what the other lane's running window
    (``other``, None when there is none) has not taken. Films with limited copies are the
    ``owner`` lane's alone (no limit: the other lane holds them)."""
    total: Counter[str] = Counter()
    city: Counter[tuple[str, str]] = Counter()
    for i in chosen:
        total[candidates[i].film] += 1
        city[(candidates[i].film, candidates[i].city)] += 1
    owned = frozenset(f.id for f in inputs.active_films if inputs.copy_pool(f.id) is not None)
    taken = {} if other is None else other.limits
    limits: dict[tuple[str, str | None], tuple[int, int]] = {}

    def half(key: tuple[str, str | None], grow: int, shrink: int) -> tuple[int, int]:
        took_grow, took_shrink = taken.get(key, (0, 0))
        free_grow, free_shrink = max(grow - took_grow, 0), max(shrink - took_shrink, 0)
        return free_grow - free_grow // 2, free_shrink - free_shrink // 2

    for film in inputs.active_films:
        if film.id in owned:
            continue  # the owner's alone: the other lane holds them
        n = total[film.id]
        key: tuple[str, str | None] = (film.id, None)
        limits[key] = half(key, inputs.film_max(film) - n, n - film.screenings.min)
        for c in inputs.venues.cities:
            low, high = inputs.city_limits(film, c.id)
            if low == 0 and high is None:
                continue
            m = city[(film.id, c.id)]
            key = (film.id, c.id)
            grow, shrink = half(key, 0 if high is None else high - m, m - low)
            limits[key] = (UNLIMITED if high is None else grow, shrink)
    return Shares(not owner, owned, limits)


UNLIMITED = 10**9
"""A share's room to grow in a city without a per-city maximum."""


def solve_in_lanes(
    inputs: Inputs,
    candidates: list[Candidate],
    now: Current,
    windows: list[Window],
    seconds: float,
    solve_window: Callable[[Window, float, int, Shares | None, Current | None], Solution | None],
    keep: Callable[[Solution | None], bool],
    left: Callable[[], float],
) -> bool:
    """Solve day windows in two lanes, one CP-SAT worker each, each lane taking the next day as
    soon as it is done with one; every result is merged into the current schedule at once
    (``_merge``). Returns whether any day gained.

    Two days combine because nothing else ties them: a window may change each film's count by
    at most its share of the room left to grow or shrink, after what the other lane's running
    window may still take (``lane_shares``), and only the first lane changes films with limited
    copies and guest appearances (copies and guests are what tie days together). A merge is
    still checked for screenings that overlap in a hall across the night, and its value
    counted afresh.

    Lanes, not pairs waiting for each other: a day's window took 0.5-4 s at Sundance 2024 size,
    and the two days of a pair seldom ended together. Film groups stay one at a time: two
    groups may take the same idle hall time (measured when paired: 278,491 at Berlinale size
    after 60 s against 280,332).
    """
    lock = threading.Lock()
    queue = list(windows)
    running: list[Shares | None] = [None, None]
    gained: list[bool] = []
    failed: list[BaseException] = []

    def lane(k: int) -> None:
        try:
            while True:
                with lock:
                    if not queue or failed or left() < MIN_WINDOW_SECONDS:
                        return
                    window = queue.pop(0)
                    base = Current(list(now.chosen), now.copy_at, dict(now.matched), now.best)
                    shares = lane_shares(inputs, candidates, base.chosen, k == 0, running[1 - k])
                    running[k] = shares
                solution = solve_window(window, seconds, 1, shares, base)
                with lock:
                    running[k] = None
                    if solution is not None and solution.value > base.best:
                        merged = _merge(inputs, candidates, now, window, solution, k == 0)
                        if keep(merged):
                            gained.append(True)
        except BaseException as err:  # raised again in the calling thread
            failed.append(err)

    helper = threading.Thread(target=lane, args=(1,), daemon=True)
    helper.start()
    lane(0)
    helper.join()
    if failed:
        raise failed[0]
    return bool(gained)


def _merge(
    inputs: Inputs,
    candidates: list[Candidate],
    now: Current,
    window: Window,
    solution: Solution,
    owner: bool,
) -> Solution | None:
    """The current schedule with the window's day as ``solution`` has it, or None when that
    makes two screenings overlap in a hall. The copies are the solution's if its lane may
    change them (``owner``), else the current ones."""
    chosen = sorted(
        [i for i in now.chosen if window.holds(candidates[i])]
        + [i for i in solution.chosen if not window.holds(candidates[i])]
    )
    if _clash(candidates, chosen):
        return None
    copy_at = solution.copy_at if owner else now.copy_at
    return Solution(chosen, copy_at, {}, schedule_value(inputs, candidates, chosen))


def _clash(candidates: list[Candidate], chosen: list[int]) -> bool:
    """Whether two of the chosen screenings overlap in a hall (turnover included)."""
    spans = sorted((candidates[i].hall, candidates[i].start, candidates[i].release) for i in chosen)
    return any(h1 == h2 and s2 < r1 for (h1, _, r1), (h2, s2, _) in itertools.pairwise(spans))
