"""What a caller gives the optimiser and gets back: ``Problem``, ``SolveOptions``, ``Progress``,
``Solved``. No CP-SAT object is among them."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from festival.candidates import Candidate
from festival.domain import Schedule
from festival.inputs import Inputs
from festival.replan import Anchor
from festival.solver.clock import Clock
from festival.solver.construct import CopyAt
from festival.solver.strategy import Strategy


@dataclass(frozen=True)
class Problem:
    """What to schedule: the inputs, every candidate placement (``festival.candidates``, after
    the pre-checks), and on a re-plan the published schedule to change as little as possible."""

    inputs: Inputs
    candidates: list[Candidate]
    previous: Schedule | None = None


MAX_SLOWNESS = 4.0
"""The most the publishing reserve is stretched for a slow machine: past it, the search would be
left nothing, and a measure that large says more about the measure than the machine."""


@dataclass(frozen=True)
class SolveOptions:
    """How long and how to search. ``deterministic`` trades wall-time limits for repeatability.

    ``deadline``: a moment on ``clock`` by which the command must be done, whatever the time
    limit says (not in deterministic mode): its wall-clock budget, counted from its start
    (``festival.cli``). ``reserve``: the seconds what follows the search (publishing) takes on
    a quiet machine, kept before the deadline times ``slowness()``, how many times slower than
    quiet the machine runs now (``festival.cli`` measures it; 1 here). The search gets the time
    limit or the seconds left before that once its start is made, the lesser.

    ``clock`` is what the time limit is counted on (``festival.solver.clock``): the real one,
    or a test's. ``strategy``: whole model or windows (``festival.solver.strategy``); None, as
    for every user, lets ``solve()`` choose it from the problem's size."""

    time_limit: float = 30.0
    seed: int = 0
    workers: int = 2
    deterministic: bool = False
    clock: Clock = field(default=time.monotonic, compare=False, repr=False)
    strategy: Strategy | None = None
    deadline: float | None = None
    reserve: float = 0.0
    slowness: Callable[[], float] = field(default=lambda: 1.0, compare=False, repr=False)

    def until_deadline(self) -> SolveOptions:
        """These options with the time limit cut to the seconds left before ``deadline``, less
        ``reserve`` times ``slowness()`` (at least 1, at most ``MAX_SLOWNESS``), never below 0;
        the same options without a deadline or in deterministic mode."""
        if self.deadline is None or self.deterministic:
            return self
        slower = min(max(self.slowness(), 1.0), MAX_SLOWNESS)
        left = self.deadline - self.reserve * slower - self.clock()
        return dataclasses.replace(
            self, time_limit=max(min(self.time_limit, left), 0.0), deadline=None
        )

    @property
    def effective_workers(self) -> int:
        """Search threads actually used: one in deterministic mode."""
        return 1 if self.deterministic else self.workers


@dataclass(frozen=True)
class Progress:
    """A progress report: best objective so far, the honest bound, the gap, elapsed seconds."""

    objective: int | None
    bound: int
    gap: float | None
    seconds: float


@dataclass(frozen=True)
class Solved:
    """What the search found: ``chosen`` indexes ``candidates``, the candidates it kept (the
    problem's, less the dominated ones); on a re-plan ``matched`` maps each published screening
    (its position in ``anchors``) to the chosen candidate that carries it."""

    candidates: list[Candidate]
    chosen: list[int]
    copy_at: frozenset[CopyAt]
    anchors: list[Anchor] | None
    matched: dict[int, int]
    status: Literal["optimal", "feasible"]
    objective: int | None
    bound: int
    """The tightest upper bound proven on the objective (never above the per-film bound)."""
    bound_source: str
    wall_seconds: float
    hint_objective: int | None
    """The greedy start's objective (None when the greedy pass got stuck)."""
    strategy: Strategy

    @property
    def picked(self) -> list[Candidate]:
        """The chosen candidates."""
        return [self.candidates[i] for i in self.chosen]


def gap(objective: int, bound: int) -> float:
    """Relative gap to the bound (0 when they meet)."""
    if bound <= objective:
        return 0.0
    return (bound - objective) / max(abs(bound), 1)
