"""Dominated candidates: placements that some other placement can always replace, dropped early.

Candidate Y *dominates* candidate X when both place the same film in the same hall on the same
festival day with the same guest (so every counting rule treats them alike), Y earns at least as
many points, and Y clashes with nothing X does not clash with: in the hall (intro to turnover,
``release``) and, with a guest, in the guest's city (intro to end, ``end``). Then in any schedule
holding X, X can be swapped for Y: no rule breaks and the objective does not fall. Dropping X
keeps the optimum, and every bound computed on what remains stays an honest bound.

For two placements of equal length this test is a matter of where the others start and end. With
Y earlier than X, a third placement that clashes with X but not with Y is one that is over (hall
released) after Y starts and by the time X starts; with Y later, one that starts after X is over
and before Y is. So Y earlier dominates X when no placement's end lies in (Y.start, X.start],
and Y later dominates X when no placement's start lies in [X.end, Y.end) (ends being ``release``
in the hall and ``end`` for the guest).

Removal goes in rounds, each against the candidates still left. Within a round, a candidate is
dropped only for a dominator that ranks strictly higher by (points, then the earlier start) in
even rounds or (points, then the later start) in odd ones: a chain of swaps then always ends on a
candidate that is kept, so dropping them all at once is safe. Alternating the tie-break lets
equally valued placements give way in either direction. Each round frees the hall around what it
dropped, so rounds go on until two in a row drop nothing.

Measured on 2 cores: the 2025 example keeps 4,315 of 10,582 candidates; Sundance 2024 keeps
324,742 of 594,165 (see the README's Performance).
"""

from __future__ import annotations

import itertools
from collections.abc import Collection, Iterable
from operator import attrgetter
from typing import Any

import numpy as np
import numpy.typing as npt

from festival.candidates import Candidate, no_cyclic_gc

Ints = npt.NDArray[np.int64]

_NONE = np.iinfo(np.int64).min
"""The maximum of an empty range: below every candidate's points."""


def dominant(candidates: list[Candidate], protected: Collection[int] = ()) -> list[Candidate]:
    """The candidates no other one dominates, in their original order.

    Pinned candidates and the indices in ``protected`` are always kept; they still count as
    clashes and may dominate others. A re-plan protects the placements that could carry a
    published screening, whose move penalty the test above does not weigh.
    """
    if not candidates:
        return []
    with no_cyclic_gc():
        alive = _Rounds(candidates, protected).run()
    return [c for c, kept in zip(candidates, alive.tolist(), strict=True) if kept]


def _ints(values: Iterable[Any], n: int) -> Ints:
    return np.fromiter(values, np.int64, n)


def _codes(values: list[Any]) -> Ints:
    """Dense integer codes for hashable values, numbered in order of first appearance."""
    index = {v: k for k, v in enumerate(dict.fromkeys(values))}
    return _ints(map(index.__getitem__, values), len(values))


MAX_ROUNDS = 6
"""Rounds at most. Measured: Sundance 2024 keeps 334,455 candidates after six rounds and 324,742
after ten, when rounds stop dropping; each round there takes about 0.15 s."""


class _Resource:
    """Sorted (owner, minute) keys of one kind of time point: hall starts, hall releases, guest
    starts or guest ends; each round keeps the points of candidates still alive."""

    def __init__(self, owner: Ints, minute: Ints, who: Ints, scale: int) -> None:
        keys = owner * scale + minute
        order = np.argsort(keys, kind="stable")
        self.keys = keys[order]
        self.who = who[order]
        self.scale = scale
        self.now = self.keys

    def keep(self, alive: npt.NDArray[np.bool_]) -> None:
        self.now = self.keys[alive[self.who]]

    def last_at_or_before(self, owner: Ints, minute: Ints) -> Ints:
        """Per query: the latest point of ``owner`` at or before ``minute`` (else very early)."""
        j = np.searchsorted(self.now, owner * self.scale + minute, "right") - 1
        found = self.now[np.maximum(j, 0)]
        ok = (j >= 0) & (found >= owner * self.scale)
        return np.where(ok, found - owner * self.scale, -self.scale)

    def first_at_or_after(self, owner: Ints, minute: Ints) -> Ints:
        """Per query: the earliest point of ``owner`` at or after ``minute`` (else very late)."""
        j = np.searchsorted(self.now, owner * self.scale + minute, "left")
        found = self.now[np.minimum(j, len(self.now) - 1)]
        ok = (j < len(self.now)) & (found < (owner + 1) * self.scale)
        return np.where(ok, found - owner * self.scale, 2 * self.scale)


class _Rounds:
    def __init__(self, candidates: list[Candidate], protected: Collection[int]) -> None:
        n = len(candidates)
        get = attrgetter
        start = _ints(map(get("start"), candidates), n)
        origin = int(start.min())
        start -= origin
        release = _ints(map(get("release"), candidates), n) - origin
        end = _ints(map(get("end"), candidates), n) - origin
        points = _ints(map(get("points"), candidates), n)
        # a group is a run of candidates with the same film, hall, day and guest (so the same
        # length); enumeration makes them adjacent, and were they not, a group split in two
        # would only be pruned less
        firsts = [0] + [
            k
            for k, (a, b) in enumerate(itertools.pairwise(candidates), start=1)
            if (a.film, a.hall, a.day, a.guest, a.extra)
            != (b.film, b.hall, b.day, b.guest, b.extra)
        ]
        run = np.zeros(n, dtype=np.int64)
        run[firsts[1:]] = 1
        group = np.cumsum(run)
        heads = [candidates[k] for k in firsts]
        hall = _codes([c.hall for c in heads])[group]
        guest_city = _codes([None if c.guest is None else (c.guest, c.city) for c in heads])[group]
        has_guest = np.array([c.guest is not None for c in heads], dtype=np.bool_)[group]
        fixed = np.fromiter(map(get("pinned"), candidates), np.bool_, n)
        if protected:
            fixed[np.fromiter(protected, np.int64)] = True
        scale = int(max(release.max(), end.max(), 0)) + 2
        who = np.arange(n, dtype=np.int64)
        self.hall_starts = _Resource(hall, start, who, scale)
        self.hall_releases = _Resource(hall, release, who, scale)
        g = who[has_guest]
        self.guest_starts = _Resource(guest_city[g], start[g], g, scale)
        self.guest_ends = _Resource(guest_city[g], end[g], g, scale)
        # the candidates that may be dropped, by group and start
        members = who[~fixed]
        members = members[np.lexsort((start[members], group[members]))]
        self.members = members
        self.group = group[members]
        self.start = start[members]
        self.release = release[members]
        self.end = end[members]
        self.points = points[members]
        self.hall = hall[members]
        self.has_guest = has_guest[members]
        self.guest_city = guest_city[members]
        self.scale = scale
        self.alive = np.ones(n, dtype=np.bool_)

    def run(self) -> npt.NDArray[np.bool_]:
        idle = 0
        parity = 0
        for _ in range(MAX_ROUNDS):
            if idle == 2 or not len(self.members):
                break
            dropped = self._round(parity)
            idle = 0 if dropped else idle + 1
            parity ^= 1
        return self.alive

    def _round(self, parity: int) -> bool:
        for r in (self.hall_starts, self.hall_releases, self.guest_starts, self.guest_ends):
            r.keep(self.alive)
        live = self.alive[self.members]
        if not live.all():
            self._compress(live)
        start, points = self.start, self.points
        # Y earlier: no hall release (guest end) in (Y.start, X.start], so Y.start >= latest one
        earliest = self.hall_releases.last_at_or_before(self.hall, start)
        # Y later: no hall start (guest start) in [X.release, Y.release)
        first = self.hall_starts.first_at_or_after(self.hall, self.release)
        latest = first - (self.release - start)
        if self.has_guest.any():
            g = np.nonzero(self.has_guest)[0]
            owner = self.guest_city[g]
            earliest[g] = np.maximum(
                earliest[g], self.guest_ends.last_at_or_before(owner, start[g])
            )
            latest[g] = np.minimum(
                latest[g],
                self.guest_starts.first_at_or_after(owner, self.end[g]) - (self.end[g] - start[g]),
            )
        key = self.group * self.scale + start
        base = self.group * self.scale
        here = np.arange(len(start), dtype=np.int64)
        low = np.searchsorted(key, base + np.maximum(earliest, 0), "left")
        high = np.searchsorted(key, base + np.minimum(latest, self.scale - 1), "right")
        before = _range_max(points, low, here)
        after = _range_max(points, here + 1, high)
        if parity == 0:
            beaten = (before >= points) | (after > points)
        else:
            beaten = (before > points) | (after >= points)
        if not beaten.any():
            return False
        self.alive[self.members[beaten]] = False
        return True

    def _compress(self, live: npt.NDArray[np.bool_]) -> None:
        for name in (
            "members",
            "group",
            "start",
            "release",
            "end",
            "points",
            "hall",
            "has_guest",
            "guest_city",
        ):
            setattr(self, name, getattr(self, name)[live])


def _range_max(values: Ints, low: Ints, high: Ints) -> Ints:
    """max(values[low:high]) per query, by a sparse table; ``_NONE`` for an empty range."""
    out = np.full(len(low), _NONE, dtype=np.int64)
    span = high - low
    asked = span > 0
    if not asked.any():
        return out
    widest = int(span[asked].max())
    table = [values]
    width = 1
    while width * 2 <= widest:
        prev = table[-1]
        level = prev.copy()
        level[: len(prev) - width] = np.maximum(prev[: len(prev) - width], prev[width:])
        table.append(level)
        width *= 2
    lo, s = low[asked], span[asked]
    k = np.zeros(len(s), dtype=np.int64)
    while True:
        more = (np.int64(2) << k) <= s
        if not more.any():
            break
        k += more
    stacked = np.stack(table)
    out[asked] = np.maximum(stacked[k, lo], stacked[k, lo + s - (np.int64(1) << k)])
    return out
