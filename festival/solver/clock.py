"""The clock the search keeps its time limit on, and the deadlines it derives from it.

Every decision the search takes on the time left (how long a window may run, whether the
relaxation was built in time) reads ``Clock``, which is
``time.monotonic`` unless ``SolveOptions.clock`` says otherwise: a test sets a clock of its own, so
that those decisions follow the time it says has passed, not how loaded the machine is. CP-SAT
and PDLP keep their limits on the real clock; they are given the seconds left on this one.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

Clock = Callable[[], float]
"""Seconds that never go back (``time.monotonic`` by default)."""


@dataclass(frozen=True)
class Deadline:
    """A moment ``at`` on ``clock``."""

    at: float
    clock: Clock = time.monotonic

    def left(self) -> float:
        """Seconds until the deadline (negative once it has passed)."""
        return self.at - self.clock()

    def passed(self) -> bool:
        return self.clock() > self.at
