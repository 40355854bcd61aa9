"""The window search: large-neighbourhood search over the days and groups of films of a schedule
(``search_windows``), each window re-solved by ``festival.solver.neighbourhood``."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable

from festival.candidates import Candidate
from festival.inputs import Inputs
from festival.replan import Anchor
from festival.solver.api import Progress, SolveOptions, gap
from festival.solver.construct import Construction
from festival.solver.lanes import solve_in_lanes
from festival.solver.neighbourhood import (
    Current,
    Solution,
    Window,
    WindowSolver,
    film_groups,
)
from festival.solver.whole import MIN_WINDOW_SECONDS, Outcome


def search_windows(
    inputs: Inputs,
    candidates: list[Candidate],
    start: Construction,
    start_objective: int,
    bound: Callable[[], int],
    options: SolveOptions,
    on_progress: Callable[[Progress], None],
    found: list[Anchor] | None = None,
    elapsed: float = 0.0,
) -> Outcome:
    """Large-neighbourhood search: re-solve one window of the schedule at a time, the rest held.

    Each window is festival's own model (every rule, the whole objective, copies and guests across
    days included) over the window's candidates plus the rest of the current schedule as fixed
    screenings, hinted with the current schedule; an improvement is kept. A round visits groups of films (a
    fresh seeded shuffle each round) with every day and hall open to them, then every festival
    day, richest first (their current points): a film group moves films between days and swaps
    their halls, a day window rearranges a day. On a re-plan the days that lost a published
    screening's own hall and time come first of all. Film groups lead because at Berlinale size
    they are where the gains are: each gained 2,300-4,700 points in 5-7 s, where the richest
    days' windows ran their 10 s without a gain (a 34 s search: 269,982 film groups first,
    261,261 days first; at Sundance 2024 size the order made no difference beyond run-to-run
    noise, 138,880 and 139,299 at 30 s; 7 Dec 2026). A window runs until CP-SAT proves
    it optimal (within ``WINDOW_GAP``) or ``WINDOW_SECONDS`` pass; its model's build counts
    against the time limit. The search stops at the time limit or after a whole round without a
    gain. In deterministic mode: one round, each window an equal share of deterministic time.
    Only the objective improves; ``bound`` is only reported.

    With two or more workers (not in deterministic mode, not on a re-plan), days are solved in
    two lanes, one worker each (``solve_in_lanes``).

    On a re-plan (``found``), the published screenings carried by held screenings stay as they
    are (``festival.solver.neighbourhood``); each window decides for the others.
    """
    clock = options.clock
    began = clock()
    now = Current(list(start.chosen), start.copy_at, dict(start.matched), start_objective)
    worth: dict[dt.date, int] = defaultdict(int)
    for i in now.chosen:
        worth[candidates[i].day] += candidates[i].points
    lanes = found is None and not options.deterministic and options.workers >= 2

    def report() -> None:
        b = bound()
        on_progress(Progress(now.best, b, gap(now.best, b), elapsed + clock() - began))

    def left() -> float:
        return options.time_limit - (clock() - began)

    solve_window = WindowSolver(inputs, candidates, now, options, left, found)
    by_day = solve_window.by_day
    # on a re-plan, first the days that lost a published screening's own hall and time
    lost = {a.screening.festival_day for a in found or () if a.keep is None}
    days = sorted(
        (d for d in inputs.days if by_day[d]), key=lambda d: (d not in lost, -worth[d], d)
    )

    def keep(solution: Solution | None) -> bool:
        if not now.improve(solution):
            return False
        report()
        return True

    rounds = round_size = stale = 0
    queue: list[Window] = []
    while True:
        if not queue:
            if rounds and (options.deterministic or stale >= round_size):
                break
            queue = [Window(day=d) for d in days if d in lost]
            queue += film_groups(inputs, candidates, options.seed + rounds)
            queue += [Window(day=d) for d in days if d not in lost]
            round_size = len(queue)
            rounds += 1
        window = queue.pop(0)
        share = options.time_limit / round_size
        if options.deterministic:
            seconds = share
        elif left() < MIN_WINDOW_SECONDS:
            break
        else:
            seconds = min(max(share, WINDOW_SECONDS), left())
        if lanes and window.day is not None and queue and queue[0].day is not None:
            days_now = [window]
            while queue and queue[0].day is not None:
                days_now.append(queue.pop(0))
            gained = solve_in_lanes(
                inputs, candidates, now, days_now, seconds, solve_window, keep, left
            )
            stale = 0 if gained else stale + len(days_now)
            continue
        stale = 0 if keep(solve_window(window, seconds, options.workers)) else stale + 1
    return Outcome(
        now.chosen,
        now.copy_at,
        now.matched,
        "feasible",
        now.best,
        bound(),
        "per-film bound",
        clock() - began,
    )


WINDOW_SECONDS = 10.0
"""The longest a window runs when it is not proven optimal sooner (non-deterministic)."""
