"""A clock for the search (``SolveOptions.clock``) that shows only the time a test says has passed."""

from __future__ import annotations

import threading


class ManualClock:
    """Stands still until ``advance`` moves it: the search's decisions on the time left follow
    the test, not the machine's load."""

    def __init__(self, now: float = 1000.0) -> None:
        self.now = now
        self.lock = threading.Lock()

    def __call__(self) -> float:
        with self.lock:
            return self.now

    def advance(self, seconds: float) -> None:
        with self.lock:
            self.now += seconds
