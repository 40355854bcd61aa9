"""Dominated candidates: placements that some other placement can always replace, dropped early.

Candidate Y *dominates* candidate X when both place the same film in the same hall on the same
festival day with the same guest and length (so every counting rule treats them alike) and start
in the same window of the shared audience with the same points beyond attendance, Y earns at
least as many points, and Y clashes with nothing X does not clash with: in the hall (intro to
turnover, ``release``) and, with a guest, in the guest's city (intro to end, ``end``). Then in
any schedule holding X, X can be swapped for Y: no rule breaks and the objective does not fall.
Dropping X keeps the optimum, and every bound computed on what remains stays an honest bound.

For two placements of equal length this test is a matter of where the others start and end. With
Y earlier than X, a third placement that clashes with Y but not with X is one that is over after
Y starts and by the time X starts; with Y later, one that starts once X is over and before Y is.
So Y earlier dominates X when no placement's end lies in (Y.start, X.start], and Y later
dominates X when no placement's start lies in [X.end, Y.end) (ends being ``release`` in the hall
and ``end`` for the guest).

Removal goes in rounds, each against the candidates still left. Within a round, a candidate is
dropped only for a dominator that ranks strictly higher by (points, then the earlier start) in
even rounds or (points, then the later start) in odd ones: a chain of swaps then always ends on a
candidate that is kept, so dropping them all at once is safe. Alternating the tie-break lets
equally valued placements give way in either direction. Each round frees the hall around what it
dropped, so rounds go on until two in a row drop nothing (``MAX_ROUNDS`` at most).

Measured on 2 busy cores, CPU: the May example keeps 7,894 of 10,582 candidates (0.02 s),
Sundance 2024 450,140 of 451,409 (0.14 s) and the Berlinale-size instance 526,328 of 615,669
(0.5 s). Reading the candidates' fields one by one instead of their columns
(``candidates.Columns``), with a binary search and a sparse table for each member's range, took
0.7 s and 1.7 s for the last two.
"""

from __future__ import annotations

import itertools
from collections.abc import Collection, Iterable
from typing import Any

import numpy as np
import numpy.typing as npt

from festival.candidates import Candidate, CandidateList, Columns, columns_of, no_cyclic_gc

Ints = npt.NDArray[np.int64]

_NONE = np.iinfo(np.int64).min
"""The maximum of an empty range: below every candidate's points."""


def dominant(
    candidates: list[Candidate],
    protected: Collection[int] = (),
    calm: Collection[tuple[str, object, int]] = (),
) -> list[Candidate]:
    """The candidates no other one dominates, in their original order (with their columns: a
    ``CandidateList``, unless there are none).

    Pinned candidates and the indices in ``protected`` are always kept; they still count as
    clashes and may dominate others. ``calm`` are the windows of the shared audience that no
    schedule fills beyond their pool (``candidates.calm_windows``): placements in them compare
    across windows. A re-plan protects the placements that could carry a
    published screening, whose move penalty the test above does not weigh.
    """
    if not candidates:
        return []
    columns = columns_of(candidates)
    with no_cyclic_gc():
        alive = _Rounds(columns, protected, frozenset(calm)).run()
        kept = itertools.compress(candidates, alive.tolist())
        return CandidateList(kept, columns.take(alive))


def _ints(values: Iterable[Any], n: int) -> Ints:
    return np.fromiter(values, np.int64, n)


def dense_codes(values: list[Any]) -> Ints:
    """Dense integer codes for hashable values, numbered in order of first appearance."""
    index = {v: k for k, v in enumerate(dict.fromkeys(values))}
    return _ints(map(index.__getitem__, values), len(values))


MAX_ROUNDS = 6
"""Rounds at most. Measured: Sundance 2024 keeps 334,455 candidates after six rounds and 324,742
after ten, when rounds stop dropping; each round there takes about 0.1 s."""


class _Resource:
    """The time points of one kind (hall starts, hall releases, guest starts or guest ends) of
    the candidates still alive, as a dense timeline per owner (hall, or guest and city): each
    round marks the points of the candidates left, and a query reads the nearest one from an
    accumulated maximum (or minimum) instead of searching. A query comes as ``base`` (its
    owner's first minute on the timeline) and ``at`` (base + minute); answers are minutes."""

    def __init__(self, owner: Ints, minute: Ints, who: Ints, scale: int, owners: int) -> None:
        self.keys = owner * scale + minute
        self.who = who
        self.scale = scale
        self.size = owners * scale
        self.now = self.keys

    def keep(self, alive: npt.NDArray[np.bool_]) -> None:
        self.now = self.keys[alive[self.who]]

    def last_at_or_before(self, base: Ints, at: Ints) -> Ints:
        """Per query: the owner's latest point at or before it (else a minute before all)."""
        line = np.full(self.size, -1, dtype=np.int64)
        line[self.now] = self.now
        np.maximum.accumulate(line, out=line)
        found = line[at]
        return np.where(found >= base, found - base, -self.scale)

    def first_at_or_after(self, base: Ints, at: Ints) -> Ints:
        """Per query: the owner's earliest point at or after it (else a minute after all)."""
        line = np.full(self.size, self.size, dtype=np.int64)
        line[self.now] = self.now
        backwards = line[::-1]
        np.minimum.accumulate(backwards, out=backwards)
        found = line[at]
        return np.where(found < base + self.scale, found - base, 2 * self.scale)


class _Rounds:
    _FIELDS = (
        "members",
        "start",
        "hall_base",
        "release_length",
        "end_length",
        "points",
        "key",
        "group_base",
        "has_guest",
        "guest_base",
    )

    def __init__(
        self,
        columns: Columns,
        protected: Collection[int],
        calm: frozenset[tuple[str, object, int]],
    ) -> None:
        n = len(columns)
        start = columns.start.copy()
        release_length = columns.release - start
        start -= int(start.min())
        release = start + release_length
        # A group is a run of candidates with the same film, hall, day, guest and length, and
        # the same window of the shared audience (enumeration makes them adjacent; were they
        # not, a group split in two would only be pruned less)
        new = np.zeros(n, dtype=np.bool_)
        new[0] = True
        for same in (release_length, *_group(columns, calm)):
            new[1:] |= same[1:] != same[:-1]
        group = np.cumsum(new) - 1
        # halls and guests by value: every clash must be seen
        hall = columns.hall
        has_guest = columns.guest >= 0
        guest_city = np.zeros(n, dtype=np.int64)
        if has_guest.any():  # numbered densely: a timeline per guest and city
            pairs = columns.guest[has_guest] * len(columns.cities) + columns.city[has_guest]
            guest_city[has_guest] = np.unique(pairs, return_inverse=True)[1].reshape(-1)
        # intro to end, for the guest's clashes (the same within a group)
        end_length = columns.end - columns.start
        end = start + end_length
        fixed = columns.pinned.copy()
        if protected:
            fixed[np.fromiter(protected, np.int64)] = True
        scale = int(max(release.max(), end.max(), 0)) + 2
        who = np.arange(n, dtype=np.int64)
        halls, guests = int(hall.max()) + 1, int(guest_city.max()) + 1
        self.hall_starts = _Resource(hall, start, who, scale, halls)
        self.hall_releases = _Resource(hall, release, who, scale, halls)
        g = who[has_guest]
        self.guest_starts = _Resource(guest_city[g], start[g], g, scale, guests)
        self.guest_ends = _Resource(guest_city[g], end[g], g, scale, guests)
        # the candidates that may be dropped, by group and start
        members = who[~fixed]
        order = group[members] * scale + start[members]
        if (order[1:] < order[:-1]).any():  # enumeration has them in order already
            members = members[np.lexsort((start[members], group[members]))]
        self.members = members
        self.start = start[members]
        self.hall_base = hall[members] * scale
        self.release_length = release_length[members]
        self.end_length = end_length[members]
        self.points = columns.points[members]
        self.group_base = group[members] * scale
        self.key = self.group_base + self.start
        self.has_guest = has_guest[members]
        self.guest_base = guest_city[members] * scale
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

    def _compact(self) -> None:
        """Keep the members still alive that share their group with another one: one alone in
        its group has no candidate to give way to, and is never dropped (at Berlinale size, a
        sixth of the members from the third round on)."""
        keep = self.alive[self.members]
        group = self.group_base[keep]
        alone = np.ones(len(group), dtype=np.bool_)
        alone[1:] = group[1:] != group[:-1]
        alone[:-1] &= group[:-1] != group[1:]
        keep[np.flatnonzero(keep)[alone]] = False
        if not keep.all():
            for name in self._FIELDS:
                setattr(self, name, getattr(self, name)[keep])

    def _round(self, parity: int) -> bool:
        for r in (self.hall_starts, self.hall_releases, self.guest_starts, self.guest_ends):
            r.keep(self.alive)
        self._compact()
        if not len(self.members):
            return False
        start, points, base = self.start, self.points, self.hall_base
        # Y earlier: no hall release (guest end) in (Y.start, X.start], so Y.start >= latest one
        earliest = self.hall_releases.last_at_or_before(base, base + start)
        # Y later: no hall start (guest start) in [X.release, Y.release)
        release = start + self.release_length
        latest = self.hall_starts.first_at_or_after(base, base + release) - self.release_length
        if self.has_guest.any():
            g = np.flatnonzero(self.has_guest)
            gb, gs, gl = self.guest_base[g], start[g], self.end_length[g]
            earliest[g] = np.maximum(earliest[g], self.guest_ends.last_at_or_before(gb, gb + gs))
            latest[g] = np.minimum(
                latest[g], self.guest_starts.first_at_or_after(gb, gb + gs + gl) - gl
            )
        group = self.group_base
        before = _most_before(self.key, group + np.maximum(earliest, 0), points)
        after = _most_after(self.key, group + np.minimum(latest, self.scale - 1), points)
        if parity == 0:
            beaten = (before >= points) | (after > points)
        else:
            beaten = (before > points) | (after >= points)
        if not beaten.any():
            return False
        self.alive[self.members[beaten]] = False
        return True


def _group(columns: Columns, calm: frozenset[tuple[str, object, int]]) -> list[Ints]:
    """What two candidates share to be compared (with their length), one column each: film,
    hall, day, guest, and under a shared audience (``audience``), their points beyond
    attendance (prime time) and, unless the window is ``calm``, their window and attendance
    (0 where a candidate does not compare them; a fifth column tells which of the three cases
    it is).

    Swapping X for Y changes its window's draw and its day's. In one window, with the same
    attendance, no draw changes. Across calm windows (which never lose) only the day's draw
    changes, by δ = Y's attendance − X's, losing at most ceil(lost × δ) ≤ δ points, and δ is all
    of what Y earns beyond X. Either way the swap never lowers the objective."""
    c = columns
    drawing = c.audience != 0
    is_calm = drawing & np.isin(_window_codes(c), _calm_codes(c, calm))
    case = np.where(drawing, np.where(is_calm, 1, 2), 0)
    apart = case == 2
    beyond = np.where(drawing, c.points - c.audience, 0)
    window = np.where(apart, c.window, 0)
    audience = np.where(apart, c.audience, 0)
    return [c.film, c.hall, c.day, c.guest, case, beyond, window, audience]


def _window_codes(c: Columns) -> Ints:
    """A number for each candidate's (city, day, window) of the shared audience."""
    low, high = int(c.window.min()), int(c.window.max())
    return (c.city * len(c.days) + c.day) * (high - low + 1) + c.window - low


def _calm_codes(c: Columns, calm: frozenset[tuple[str, object, int]]) -> Ints:
    """``_window_codes`` of the ``calm`` windows that some candidate starts in."""
    if not len(c):
        return np.zeros(0, dtype=np.int64)
    city = {name: k for k, name in enumerate(c.cities)}
    day: dict[object, int] = {name: k for k, name in enumerate(c.days)}
    low, high = int(c.window.min()), int(c.window.max())
    return np.array(
        [
            (city[w[0]] * len(c.days) + day[w[1]]) * (high - low + 1) + w[2] - low
            for w in calm
            if w[0] in city and w[1] in day and low <= w[2] <= high
        ],
        dtype=np.int64,
    )


def _most_before(key: Ints, low: Ints, points: Ints) -> Ints:
    """Per member ``i``: the most ``points`` of the members before it whose ``key`` is at least
    ``low[i]`` (``low[i] <= key[i]``, keys sorted; ``_NONE`` if there are none).

    Found by stepping back from each member at once, as far as the farthest goes: they are a
    few places away at most (their group's; at Berlinale size seven), where a binary search
    (``np.searchsorted``) took twenty steps and the range maximum a sparse table."""
    n = len(key)
    most = np.full(n, _NONE, dtype=np.int64)
    at = np.arange(n, dtype=np.int64)
    going = at[1:]
    while len(going):
        back = at[going] - 1
        reached = key[back] >= low[going]
        going, back = going[reached], back[reached]
        at[going] = back
        most[going] = np.maximum(most[going], points[back])
        going = going[back > 0]
    return most


def _most_after(key: Ints, high: Ints, points: Ints) -> Ints:
    """Per member ``i``: the most ``points`` of the members after it whose ``key`` is at most
    ``high[i]`` (``high[i] >= key[i]``, keys sorted; ``_NONE`` if there are none), stepping
    forward as ``_most_before`` steps back."""
    n = len(key)
    most = np.full(n, _NONE, dtype=np.int64)
    at = np.arange(n, dtype=np.int64)
    going = at[:-1]
    while len(going):
        ahead = at[going] + 1
        reached = key[ahead] <= high[going]
        going, ahead = going[reached], ahead[reached]
        at[going] = ahead
        most[going] = np.maximum(most[going], points[ahead])
        going = going[ahead < n - 1]
    return most
