"""How the optimiser searches: one named ``Strategy``, chosen once from the problem's size.

``solve()`` chooses it (``Strategy.for_size``) unless ``SolveOptions.strategy`` names one: a test
passes the strategy it exercises rather than changing the limits below.
"""

from __future__ import annotations

import enum

WHOLE_MODEL_LIMIT = 50_000
"""Up to this many candidates (counted after ``festival.solver.dominance`` has dropped the
dominated ones), one CP-SAT model of the whole festival is solved. Above it, the festival is first
improved one window (a day, a group of films) at a time (``festival.solver.windows``). Measured on
2 cores, 30 s each: the tour (16,303 candidates) is proven optimal in 27 s whole, where the window
search ends at 15,291 with a 2.6 % gap; the medium synthetic festival (34,992) reaches 39,368
whole against 39,230 by windows first."""

BOUND_MODEL_LIMIT = 100_000
"""Up to this many candidates, the window search gets a third of the time (it usually settles
sooner) and the whole model the rest, hinted with its result, for CP-SAT's bound and a last
improvement. Above it (Sundance 2024 keeps 334,455) the whole model needs minutes and gigabytes
before its first bound, so the window search gets all the time. A re-plan's whole model holds a
variable for every way to keep or move each published screening (about 2 million at Berlinale
size, 15 s to build), so re-plans up to this many candidates are solved whole, larger ones window
by window."""


class Strategy(enum.Enum):
    """Whole model or windows: what ``solve()`` does with the time limit.

    Whatever the strategy, a problem without a greedy start, or a re-plan whose greedy start
    breaks the change budget, is solved whole: the window search only improves a schedule that
    keeps every rule.
    """

    WHOLE = "whole"
    """One CP-SAT model of the whole festival for all of the time, hinted with a greedy start
    that places the films' minimums film by film, hardest first."""

    WINDOWS_THEN_WHOLE = "windows, then whole"
    """The window search for a third of the time, then the whole model hinted with its result
    for the rest (for CP-SAT's bound and a last improvement). A fresh plan only."""

    WINDOWS = "windows"
    """The window search for all of the time (the relaxation gives the bound)."""

    @classmethod
    def for_size(cls, candidates: int, days: int, replan: bool) -> Strategy:
        """The strategy for a festival of this many candidates (after dominance) and days:
        whole up to ``WHOLE_MODEL_LIMIT`` candidates (``BOUND_MODEL_LIMIT`` for a re-plan) or
        for a single festival day, windows then whole up to ``BOUND_MODEL_LIMIT``, else
        windows."""
        if days < 2 or candidates <= (BOUND_MODEL_LIMIT if replan else WHOLE_MODEL_LIMIT):
            return cls.WHOLE
        if candidates <= BOUND_MODEL_LIMIT:
            return cls.WINDOWS_THEN_WHOLE
        return cls.WINDOWS

    @property
    def best_first(self) -> bool:
        """Whether the greedy start places minimums best first across films
        (``festival.solver.construct``): only for a festival improved window by window. For one
        solved whole, CP-SAT proved the optimum sooner from the film-by-film start (measured on
        the tour, 30 s on 2 cores: proven in 20-28 s in 5 runs of 5 from it, in 1 run of 5 from
        the best-first start, though that start scores 14,688 against 14,614)."""
        return self is not Strategy.WHOLE
