"""Candidates that overlap in time: whether a span meets a set of spans, and maximal overlap
cliques (the at-most-one constraints of a hall or a guest)."""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from festival.candidates import Candidate


def overlaps(spans: Sequence[tuple[int, ...]], start: int, end: int) -> bool:
    """Whether [start, end) meets any of ``spans``: sorted, pairwise disjoint [start, end, ...)
    tuples (anything after the end, such as an index, is ignored)."""
    i = bisect.bisect_left(spans, (start, end))
    if i > 0 and spans[i - 1][1] > start:
        return True
    return i < len(spans) and spans[i][0] < end


def overlap_cliques(indices: list[int], candidates: list[Candidate], until: str) -> list[list[int]]:
    """Maximal sets of the candidates that cover a common start point (intervals [start, until)).

    ``until`` names the end attribute: ``release`` for a hall (turnover included), ``end`` for a
    guest. Sets of one are included; callers that want at-most-one constraints skip them.
    """
    start = {i: candidates[i].start for i in indices}
    stop = {i: getattr(candidates[i], until) for i in indices}
    indices = sorted(indices, key=start.__getitem__)
    points = sorted(set(start.values()))
    out: list[list[int]] = []
    active: list[int] = []
    j = 0
    for n, point in enumerate(points):
        active = [i for i in active if stop[i] > point]
        while j < len(indices) and start[indices[j]] == point:
            active.append(indices[j])
            j += 1
        following = points[n + 1] if n + 1 < len(points) else None
        if following is None or any(stop[i] <= following for i in active):
            out.append(list(active))
    return out
