"""The relaxation before and beside the search (``Relaxed``): solved once for the bound, and to
steer the greedy start (``guided_start``) when its answer comes in time."""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable

import numpy as np

from festival.candidates import Candidate
from festival.inputs import Inputs
from festival.solver.api import SolveOptions
from festival.solver.bound import ACCURACY as BOUND_ACCURACY
from festival.solver.bound import BLOCK, Floats, Relaxation
from festival.solver.clock import Deadline
from festival.solver.construct import Construction, construct
from festival.solver.neighbourhood import schedule_value
from festival.solver.whole import Outcome

GUIDE_SHARE = 0.5
"""The share of the time limit after which no guided greedy pass starts (``guided_start``)."""


class Relaxed:
    """The relaxation (``festival.solver.bound``): its bound, and its solution as guidance.

    It is built and solved once, with every worker, to the bound's accuracy
    (``BOUND_ACCURACY``), in a thread that the constructor waits for until ``GUIDE_SHARE`` of the
    time limit: its duals give the bound and, on a fresh plan (``guide``), its primal values
    guide the greedy start (``guidance``) if they come by then. If they come later, the solve
    goes on beside the search for the bound alone, so a short search is not left without time.
    A re-plan takes no guidance. On a search of ``FINER_LIMIT`` or more the thread then solves a
    finer grouping of starts. ``asked`` is the time limit asked for (the search's own may be
    less, cut by the command's deadline): the finer grouping is decided on it, never on the
    time left. Each solve stops at its accuracy or after its iterations: work limits, so the
    bound reported for a festival at a time limit is the same on a quiet and on a busy machine,
    whenever it finishes. A solve still running at the search's end plus ``GRACE`` is stopped
    and gives nothing, so the command keeps its time limit on an overloaded machine and reports
    the bounds it finished. ``tighten`` waits for the thread; each bound found is passed to
    ``on_bound`` as it comes (the live progress line).

    Until 7 Dec 2026 it was solved coarsely (3e-3) for guidance, then finely in the background
    on one thread beside CP-SAT: beside two CPU hogs neither finished by its deadline and the
    per-film bound was reported (326,475 at Berlinale size against 283,652 on a quiet machine).
    Solved once to the bound's accuracy on both cores before the search, it gave 283,762 on
    both (2 threads; the guidance as good: 271,668 against 270,588 after a 60 s
    command, back to back).

    In deterministic mode it is solved once, in the foreground, to its accuracy or iterations with
    one thread, and the search's deterministic time is not shared with it.
    """

    SOURCE = "relaxation bound"

    def __init__(
        self,
        inputs: Inputs,
        candidates: list[Candidate],
        options: SolveOptions,
        began: float,
        guide: bool,
        asked: float | None = None,
        on_bound: Callable[[int], None] = lambda value: None,
    ) -> None:
        self.inputs, self.candidates = inputs, candidates
        self.value: int | None = None
        self.error: str | None = None
        """Why the relaxation gave no bound or guidance (kept for debugging; the search goes on
        without them)."""
        self.relaxation: Relaxation | None = None
        self.guidance: Floats | None = None
        self.on_bound = on_bound
        clock = options.clock
        limit = options.time_limit
        self.deadline = (
            None if options.deterministic else Deadline(began + limit * (1 + GRACE), clock)
        )
        self.guide_deadline = (
            None if options.deterministic else Deadline(began + GUIDE_SHARE * limit, clock)
        )
        asked = limit if asked is None else asked
        self.finer = not options.deterministic and asked >= FINER_LIMIT
        self.steers = guide
        """Whether the solution is still wanted as guidance (not once the search has begun)."""
        self.lock = threading.Lock()
        self.thread: threading.Thread | None = None
        if options.deterministic:
            self._solve(None, BOUND_ACCURACY, 1)
            return
        self.thread = threading.Thread(
            target=self._run, args=(options.effective_workers,), daemon=True
        )
        self.thread.start()
        assert self.guide_deadline is not None
        self.thread.join(max(self.guide_deadline.at - clock(), 0.0))
        if self.thread.is_alive() or self.guide_deadline.passed():
            with self.lock:  # too late to steer a greedy pass: the search goes on
                self.steers, self.guidance = False, None

    def _solve(
        self, deadline: Deadline | None, accuracy: float, threads: int, block: int = BLOCK
    ) -> None:
        """Solve the relaxation, building it first (starts grouped by ``block`` minutes) unless
        it is built; keep the smaller bound, and the guidance while it ``steers``."""
        try:
            if self.relaxation is None:
                self.relaxation = Relaxation.of(self.inputs, self.candidates, deadline, block)
            if self.relaxation is None:
                return
            answer = self.relaxation.solve(deadline, accuracy, threads)
            if answer is None:
                return
            value = self.relaxation.bound(answer)
            if self.value is None or value < self.value:
                self.value = value
                self.on_bound(value)
            if self.steers:
                guidance = self.relaxation.guidance(answer)
                with self.lock:
                    if self.steers:
                        self.guidance = guidance
        except Exception as err:  # the bound and the guidance are optional: the search goes on
            self.error = f"{type(err).__name__}: {err}"

    def _run(self, threads: int) -> None:
        """The thread: the solve (waited for until ``guide_deadline``, then left to run beside
        the search until ``deadline``), then the finer one if the search is long enough. The
        built relaxation is let go after each (hundreds of MB at Berlinale size)."""
        self._solve(self.deadline, BOUND_ACCURACY, threads)
        self.relaxation = None
        if self.finer:
            self._solve(self.deadline, BOUND_ACCURACY, 1, FINER_BLOCK)
            self.relaxation = None

    def bound_or(self, other: int) -> Callable[[], int]:
        """The tighter of ``other`` and the relaxation bound, once the latter is known."""
        return lambda: other if self.value is None else min(other, self.value)

    def tighten(self, solved: Outcome) -> Outcome:
        """Wait for the relaxation bound (at most until ``deadline``) and keep it when it is the
        tighter."""
        if self.thread is not None:
            self.thread.join()
        if self.value is not None and self.value <= solved.bound:
            return dataclasses.replace(solved, bound=self.value, bound_source=self.SOURCE)
        return solved


GRACE = 0.05
"""How much longer than the search, as a share of its time limit, the relaxation's solves may
run (counted from the search's start) before they are stopped: the search ends in time for
publishing, and the command's limit allows a tenth over."""

FINER_BLOCK = 30
"""Minutes of starts per column of the finer relaxation solved for the bound after the first,
on a search of ``FINER_LIMIT`` or more (measured, to 1e-4 on 2 threads: Berlinale size 286,701
in 7.8 s against 288,384 in 4.8 s at ``bound.BLOCK``; Sundance 2024 165,964 against 166,188)."""

FINER_LIMIT = 120.0
"""The search's time limit from which the finer relaxation is solved too: decided on the limit,
not on the time left, so the bound does not depend on the machine's load. At 30 s (until 7 Dec
2026) a 60 s command at Berlinale size started it and never finished it (built in ~5 s, solved
in ~8 s more, after the first bound at ~33 s of the search): it was killed at the deadline,
having held ~360 MB (the command's peak 1,380 MB against 1,020 MB without it) and taken CPU
from the search. It tightens the bound by 0.1-0.25 %."""


GUIDE_WEIGHTS = (2, 4)
"""The guided greedy passes (``guided_start``): each adds to a candidate's points its share of the
relaxation's solution times this many times the plain start's mean points per screening."""


GUIDE_FLOOR = 1e-3
"""Shares of the relaxation's solution below this are PDLP's numerical noise, not guidance."""


def guided_start(
    inputs: Inputs,
    candidates: list[Candidate],
    start: Construction,
    start_objective: int,
    guidance: Floats,
    deadline: Deadline | None,
) -> tuple[Construction, int]:
    """The best of ``start`` and the greedy schedules steered by the relaxation's solution.

    The greedy pass (``festival.solver.construct``) ranks candidates by points; here a candidate the
    relaxation uses ranks higher by its share of it, so the pass places films where the
    relaxation does, which days and halls included, where the plain pass takes each film's best
    placement left. Measured in the benchmark (PDLP at 3e-3, 2 cores): Sundance
    2024 158,528 → 163,254, Berlinale size 268,323 → 278,808, its stressed variant 316,006 →
    330,016. From the guided start the window search had 164,097 at Sundance 2024 after 10 s,
    a value it reached after 18.6 s from the plain start (back to back, same machine).
    """
    mean = sum(candidates[i].points for i in start.chosen) / max(len(start.chosen), 1)
    best, best_value = start, start_objective
    for n, factor in enumerate(GUIDE_WEIGHTS):
        if n and deadline is not None and deadline.passed():
            break  # the first pass always: the relaxation's solve took the costly part
        weight = factor * mean
        steered = list(candidates)
        for i in np.flatnonzero(guidance > GUIDE_FLOOR).tolist():
            c = candidates[i]
            if not c.pinned:
                steered[i] = dataclasses.replace(c, points=c.points + round(weight * guidance[i]))
        made = construct(inputs, steered)
        if made is None:
            continue
        value = schedule_value(inputs, candidates, made.chosen)
        if value > best_value:
            best, best_value = made, value
    return best, best_value
