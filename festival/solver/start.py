"""Where the search starts: the candidates dominance keeps, the strategy for their number, the
greedy schedule (``festival.solver.construct``), what it is worth and the per-film bound."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from festival.candidates import Candidate, calm_windows, columns_of, no_cyclic_gc
from festival.inputs import Inputs
from festival.replan import Anchor, anchors, carriers, change_penalty, kept_in_place
from festival.scoring import score
from festival.screenings import screenings_of
from festival.solver.api import Problem, SolveOptions
from festival.solver.bound import upper_bound
from festival.solver.construct import Construction, construct
from festival.solver.dominance import dominant
from festival.solver.strategy import Strategy


@dataclass(frozen=True)
class Start:
    """The search's starting point."""

    inputs: Inputs
    candidates: list[Candidate]
    """The problem's candidates less the dominated ones (on a re-plan, every placement that
    could carry a published screening is kept)."""
    anchors: list[Anchor] | None
    """A re-plan's published screenings and the placements that keep or move each; None when
    planning afresh."""
    strategy: Strategy
    greedy: Construction | None
    """The greedy schedule, None when the greedy pass got stuck."""
    objective: int | None
    """The greedy schedule's objective: the evaluator's score (``festival.scoring``), less the
    change penalty on a re-plan."""
    bound: int
    """The per-film bound (``festival.solver.bound.upper_bound``)."""

    @classmethod
    def of(cls, problem: Problem, options: SolveOptions) -> Start:
        """The start of ``problem``; its strategy is ``options.strategy``, else the one for the
        number of candidates kept (``Strategy.for_size``), and sets how the greedy pass places
        minimums (``Strategy.best_first``)."""
        with no_cyclic_gc():  # see construct
            inputs, previous = problem.inputs, problem.previous
            protected = (
                carriers(inputs, previous, problem.candidates) if previous is not None else set()
            )
            protected |= undominated(inputs, problem.candidates)
            calm = calm_windows(inputs, problem.candidates)
            kept = dominant(problem.candidates, protected, calm)
            candidates = list(kept)  # a plain list, the quickest to index (the model's)
            found = anchors(inputs, previous, candidates) if previous is not None else None
            strategy = options.strategy or Strategy.for_size(
                len(candidates), len(inputs.days), found is not None
            )
            if found is not None and strategy is Strategy.WINDOWS_THEN_WHOLE:
                raise ValueError(
                    "a re-plan is solved whole or by windows, not by windows then whole"
                )
            greedy = construct(inputs, kept, found, strategy.best_first)  # with its columns
            bound = upper_bound(inputs, candidates)
            objective = None
            if greedy is not None:
                picked = [candidates[i] for i in greedy.chosen]
                objective = score(screenings_of(inputs, picked), inputs).total
                if found is not None:
                    objective -= change_penalty(inputs, found, greedy.matched, len(greedy.chosen))
            return cls(inputs, candidates, found, strategy, greedy, objective, bound)

    def runs(self) -> Strategy:
        """The strategy to run: the chosen one, unless the window search cannot improve the
        greedy schedule (there is none, or a re-plan's breaks the change budget): then the whole
        model searches for one that keeps every rule."""
        if self.greedy is None or self._over_budget():
            return Strategy.WHOLE
        return self.strategy

    def _over_budget(self) -> bool:
        """Whether the greedy re-plan moves or cancels more published screenings than
        ``max_changes`` allows."""
        limit = self.inputs.venues.replanning.max_changes
        if self.anchors is None or self.greedy is None or limit is None:
            return False
        return len(self.anchors) - kept_in_place(self.anchors, self.greedy.matched) > limit


def undominated(inputs: Inputs, candidates: list[Candidate]) -> set[int]:
    """The candidates dominance must keep, its test weighing clashes in the hall and the guest's
    city only:
    - Rule.VENUE_STAGGER: those of a staggered venue with more than one hall, whose start
      clashes with the other halls' starts close to it (a one-hall venue's starts are kept apart
      by its hall when each screening holds the hall for the stagger or longer);
    - Rule.PREMIERE: those of a film with a premiere, whose order across cities and days
      matters."""
    c = columns_of(candidates)
    gaps = {v.id: inputs.stagger(v) for v in inputs.venues.venues}
    many = {v.id for v in inputs.venues.venues if len(v.halls) > 1}
    premiering = {f.id for f in inputs.programme.films if f.premiere is not None}
    gap = np.array([gaps[h[0]] for h in c.halls], dtype=np.int64)[c.hall]
    apart = np.array([h[0] in many for h in c.halls], dtype=np.bool_)[c.hall]
    premiere = np.array([f in premiering for f in c.films], dtype=np.bool_)[c.film]
    kept = premiere | ((gap > 0) & (apart | (c.release - c.start < gap)))
    return set(np.flatnonzero(kept).tolist())
