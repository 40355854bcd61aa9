"""Peer solvers, each run in a process of its own: ``python -m tests.benchmarks.peers.NAME INSTANCE``.

A peer builds the instance, starts its clock once the instance is in memory, solves within the
time limit, and writes a ``PeerResult`` as JSON (``--out``). The harness here does the common part:
arguments, the clock, the peak memory of the process and its children, and turning a crash into
a report instead of a traceback the runner would have to parse.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from tests.benchmarks.instances import Instance, build
from tests.benchmarks.placements import PeerResult


class Clock:
    """Seconds since the instance was in memory."""

    def __init__(self) -> None:
        self.began = time.monotonic()

    def now(self) -> float:
        """Elapsed seconds, rounded to milliseconds."""
        return round(time.monotonic() - self.began, 3)


Solve = Callable[[Instance, float, Clock, PeerResult], None]
"""A peer: fills the result in place (status, placements, trace, bound...)."""


def peak_rss_mb() -> float:
    """The larger of this process's peak RSS and its largest child's (a solver binary), in MB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return round(max(own, children) / 1024, 1)


def main(peer: str, solve: Solve) -> None:
    """Parse the arguments, build the instance, run the peer, write its report."""
    parser = argparse.ArgumentParser(description=f"benchmark peer: {peer}")
    parser.add_argument("instance")
    parser.add_argument("--time-limit", type=float, required=True)
    parser.add_argument("--seed", type=int, default=1, help="instance seed (synthetic instances)")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument(
        "--deterministic", action="store_true", help="repeatable search, where the peer has one"
    )
    args = parser.parse_args()
    result = PeerResult(peer=peer, instance=args.instance)
    result.extra["deterministic"] = args.deterministic
    clock: Clock | None = None
    try:
        instance = build(args.instance, args.seed)
        clock = Clock()
        solve(instance, args.time_limit, clock, result)
    except Exception as err:  # a crashing peer is a result, reported in its row
        result.status = "error"
        result.message = f"{type(err).__name__}: {err}"[:500]
        traceback.print_exc(file=sys.stderr)
    result.wall_seconds = clock.now() if clock is not None else None
    result.peak_rss_mb = peak_rss_mb()
    result.write(args.out)
