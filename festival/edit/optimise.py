"""The solver around the programmer's choices: a re-plan of the draft, its locks fixed as pins.

The search runs in a process of its own, so that the page stays answered while it runs and a
cancel ends it at once (the process is terminated; nothing it made is kept). It reports its
progress (objective, bound, gap) and, at the end, its proposal as placements, or why there is
none. ``diff`` says what the proposal changes in the draft: moved, added, removed.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from typing import Any

from festival.domain import Pin, Schedule
from festival.errors import FestivalError
from festival.handmade import Placed, placements_of
from festival.inputs import Inputs
from festival.plan import replan
from festival.solver import Progress, SolveOptions
from festival.solver.pdlp_process import die_with_parent


def with_pins(inputs: Inputs, pins: list[Pin]) -> Inputs:
    """The inputs with ``pins`` as the venue file's pins (the locks of a draft)."""
    venues = inputs.venues.model_copy(update={"pins": tuple(pins)})
    return Inputs(venues, inputs.programme, inputs.venues_source, inputs.programme_source)


def _search(inputs: Inputs, draft: Schedule, limit: float, stamp: dt.datetime, out: Any) -> None:
    """In the child process: re-plan the draft, report progress, then the placements. It ends
    with the workspace (a killed workspace leaves no search running)."""
    die_with_parent()

    def progress(p: Progress) -> None:
        out.send(
            (
                "progress",
                {
                    "objective": p.objective,
                    "bound": p.bound,
                    "gap": p.gap,
                    "seconds": round(p.seconds, 1),
                },
            )
        )

    try:
        schedule, _ = replan(inputs, draft, SolveOptions(time_limit=limit), stamp, progress)
    except FestivalError as err:
        out.send(("error", str(err)))
        return
    placed = [asdict(p) for p in placements_of(schedule.screenings)]
    out.send(("done", {"placements": placed, "objective": schedule.score.total}))


@dataclass(frozen=True)
class Change:
    """One difference of a proposal from the draft."""

    kind: str  # moved, added, removed
    screening: str
    before: Placed | None
    after: Placed | None


def diff(draft: tuple[Placed, ...], proposal: tuple[Placed, ...]) -> list[Change]:
    """What the proposal changes: screenings moved (same id, another hall or start), added and
    removed, in time order."""
    before = {p.id: p for p in draft}
    after = {p.id: p for p in proposal}
    out = []
    for ident, p in after.items():
        old = before.get(ident)
        if old is None:
            out.append(Change("added", ident, None, p))
        elif (old.venue, old.hall, old.start) != (p.venue, p.hall, p.start):
            out.append(Change("moved", ident, old, p))
    out += [Change("removed", i, p, None) for i, p in before.items() if i not in after]
    return sorted(out, key=_when)


def _when(c: Change) -> tuple[dt.datetime, str]:
    either = c.after or c.before
    assert either is not None
    return either.start, c.screening


class Search:
    """One optimisation, running in its own process; its reports come through a pipe (no named
    semaphore is left behind, however the workspace ends)."""

    def __init__(self, inputs: Inputs, draft: Schedule, limit: float, stamp: dt.datetime) -> None:
        context = multiprocessing.get_context("spawn")
        self.reader, writer = context.Pipe(duplex=False)
        self.process = context.Process(
            target=_search, args=(inputs, draft, limit, stamp, writer), daemon=True
        )
        self.process.start()
        writer.close()
        self.cancelled = False
        self.finished = False
        self.base: Any = None
        """The draft it started from (set by the workspace)."""

    def events(self, wait: float = 0.5) -> Iterator[tuple[str, dict[str, Any] | str | None]]:
        """Progress reports, then ("done", proposal), ("error", why) or ("cancelled", None);
        ("waiting", None) while nothing new has come for ``wait`` seconds."""
        while True:
            if self.cancelled:
                yield "cancelled", None
                return
            try:
                if not self.reader.poll(wait):
                    if not self.process.is_alive() and not self.reader.poll(0):
                        self._end()
                        yield "error", "the search ended without an answer"
                        return
                    yield "waiting", None
                    continue
                kind, data = self.reader.recv()
            except (EOFError, OSError, ValueError):
                self._end()
                yield ("cancelled", None) if self.cancelled else ("error", "the search ended")
                return
            yield kind, data
            if kind in ("done", "error"):
                self._end()
                return

    def _end(self) -> None:
        self.finished = True
        self.process.join(timeout=5)
        self.reader.close()

    def cancel(self) -> None:
        self.cancelled = True
        if self.process.is_alive():
            self.process.terminate()
        self._end()


def placements(data: dict[str, Any]) -> tuple[Placed, ...]:
    """The proposal's placements as the child sent them."""
    return tuple(
        Placed(p["id"], p["film"], p["venue"], p["hall"], p["start"], p.get("guest"))
        for p in data["placements"]
    )
