"""The optimiser: ``solve()`` is the only entry, and the only place in festival that imports ortools.

``solve(problem, options, on_progress) -> Solved`` takes the problem (inputs, candidates, the
published schedule on a re-plan), drops dominated candidates, builds its own greedy start, chooses
its strategy once from the problem's size, runs CP-SAT, reports progress through a callback (never
prints), and returns the chosen candidates with honest statistics. No CP-SAT object leaves it.

The modules behind it:

- ``api``: what goes in and comes out (``Problem``, ``SolveOptions``, ``Progress``, ``Solved``);
- ``strategy``: whole model or windows, by size (``Strategy``);
- ``search``: ``solve()`` itself, running the strategy;
- ``start``, ``dominance``, ``construct``: the kept candidates and the greedy start;
- ``whole``: one CP-SAT model of the whole festival;
- ``windows``, ``neighbourhood``, ``lanes``: the window search, one window, two lanes of days;
- ``relaxed``, ``bound``, ``pdlp_process``: the relaxation's guidance and bound, the per-film bound;
- ``model``, ``cliques``: the CP-SAT model, one function per rule;
- ``explain``: the fewest requirements to relax when no schedule exists;
- ``clock``: the clock the time limit is counted on.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from festival.solver.api import Problem, Progress, Solved, SolveOptions, gap
from festival.solver.construct import CopyAt
from festival.solver.strategy import Strategy

if TYPE_CHECKING:
    from festival.solver.search import relaxations, solve

__all__ = [
    "CopyAt",
    "Problem",
    "Progress",
    "SolveOptions",
    "Solved",
    "Strategy",
    "gap",
    "relaxations",
    "solve",
]


def __getattr__(name: str) -> object:
    """``solve`` and ``relaxations``, loaded when first asked for: the search imports ortools
    (~1 s), which commands that only read, verify or publish a schedule never need."""
    if name in ("solve", "relaxations"):
        from festival.solver import search

        return getattr(search, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
