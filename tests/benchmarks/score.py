"""The common judge: any peer's placements → festival screenings → ``verify`` and ``score``.

Every schedule in the benchmark, ours included, is judged here by the festival's own verifier and
evaluator (through ``festival.handmade``, as ``festival score`` judges a spreadsheet), so all
objectives are in the same points and every broken rule is counted. Nothing a peer claims is taken
on trust: a peer's own objective is only compared with the score it earns.

A peer that does not place film copies gets them assigned greedily (day by day, a copy already in
the city first); a screening no copy can reach is reported by the verifier (``copy_location``).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from festival.domain import Score
from festival.handmade import Placed, drafted
from festival.inputs import Inputs
from tests.benchmarks.placements import CopyAt, Placement

STAMP = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)


@dataclass
class Judgement:
    """What the festival's verifier and evaluator say about one schedule."""

    score: Score
    screenings: int
    violations: list[str]
    by_rule: Counter[str] = field(default_factory=Counter)

    @property
    def feasible(self) -> bool:
        """True when no hard rule is broken."""
        return not self.violations


def judge(inputs: Inputs, placements: list[Placement], copy_at: list[CopyAt] | None) -> Judgement:
    """Verify and score a peer's schedule with the festival's own verifier and evaluator."""
    placed = [Placed("", p.film, p.venue, p.hall, p.start, p.guest) for p in placements]
    copies = (
        None
        if copy_at is None
        else frozenset((f, int(k), c, dt.date.fromisoformat(d)) for f, k, c, d in copy_at)
    )
    found = drafted(inputs, placed, STAMP, copies)
    violations = [f"record: {why}" for _, why in found.unplaced]
    violations += [str(v) for v in found.violations]
    by_rule = Counter(v.split(":", 1)[0] for v in violations)
    return Judgement(found.schedule.score, len(found.schedule.screenings), violations, by_rule)
