"""The programmer's draft: a plan being changed by hand, checked after every step.

A draft is a list of placements (film, venue, hall, local start, guest: ``handmade.Placed``) and
the screenings the programmer has locked. Every step (move, remove, add, lock, unlock) makes a new
state; the old one goes on the undo stack. ``Draft.check`` turns the state into a schedule with
the same code that judges any hand-made schedule (``handmade.drafted``): the independent verifier
names every broken rule as the CLI does, and the evaluator scores it.

Locks are what the solver must keep: ``Draft.pins`` gives them as the venue file's pins (the
venue file's own pins start locked). Nothing here writes files or talks to a browser.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Literal

from festival.domain import Pin, Schedule
from festival.errors import FestivalError
from festival.handmade import Drafted, Placed, drafted, placements_of
from festival.inputs import Inputs
from festival.verify import Violation

EditKind = Literal["move", "remove", "add", "lock", "unlock"]


class EditError(FestivalError):
    """An edit that cannot be made (an unknown screening, hall or film)."""


@dataclass(frozen=True)
class Edit:
    """One step of the programmer's. ``move``: ``screening`` to ``venue``/``hall`` at ``start``
    (naive local time); ``add``: a screening of ``film`` there; ``remove``, ``lock``,
    ``unlock``: ``screening``."""

    kind: EditKind
    screening: str | None = None
    film: str | None = None
    venue: str | None = None
    hall: str | None = None
    start: dt.datetime | None = None


@dataclass(frozen=True)
class State:
    """What a draft holds at one step."""

    placements: tuple[Placed, ...]
    locked: frozenset[str]


@dataclass(frozen=True)
class Checked:
    """A state as a schedule: what the verifier finds and what the evaluator scores."""

    state: State
    found: Drafted

    @property
    def schedule(self) -> Schedule:
        return self.found.schedule

    @property
    def violations(self) -> tuple[Violation, ...]:
        return self.found.violations

    @property
    def score(self) -> int:
        return self.found.schedule.score.total

    @cached_property
    def by_screening(self) -> dict[str, list[str]]:
        """Each broken rule, as the CLI prints it, under every screening it names."""
        ids = {p.id for p in self.state.placements}
        out: dict[str, list[str]] = {}
        for v in self.violations:
            named = re.findall(r"[a-z0-9][a-z0-9-]*", f"{v.subject} {v.message}")
            for part in dict.fromkeys(named):
                if part in ids:
                    out.setdefault(part, []).append(str(v))
        for ident, why in self.found.unplaced:
            out.setdefault(ident, []).append(f"record: {ident}: {why}")
        return out


def _pin_key(film: str, venue: str, hall: str, start: dt.datetime) -> tuple[str, str, str, str]:
    return film, venue, hall, start.isoformat(timespec="minutes")


class Draft:
    """A plan being changed by hand: its current state, undo and redo, and its checks."""

    def __init__(
        self,
        inputs: Inputs,
        state: State,
        stamp: dt.datetime,
        reserved: frozenset[str] = frozenset(),
    ) -> None:
        self.inputs = inputs
        self.reserved = reserved
        """Ids a new screening may not take (the publication's cancelled screenings keep
        theirs: a subscriber's calendar knows them)."""
        self.stamp = stamp
        self.state = state
        self.undone: list[State] = []
        self.redone: list[State] = []
        self._checked: list[tuple[State, Checked]] = []

    @classmethod
    def of(cls, schedule: Schedule, inputs: Inputs) -> Draft:
        """A draft of a planned schedule; the screenings the venue file pins start locked."""
        placements = tuple(placements_of(schedule.screenings))
        pins = {_pin_key(p.film, p.venue, p.hall, p.start) for p in inputs.venues.pins}
        state = State(
            placements,
            frozenset(
                p.id
                for p, s in zip(placements, schedule.screenings, strict=True)
                if s.pinned or _pin_key(p.film, p.venue, p.hall, p.start) in pins
            ),
        )
        return cls(
            inputs, state, schedule.generated_at, frozenset(s.id for s in schedule.cancelled)
        )

    def use(self, inputs: Inputs) -> None:
        """Check against these inputs from now on (the venue file after its pins were saved)."""
        self.inputs = inputs
        self._checked = []

    # ---- checking ---------------------------------------------------------------------------

    def check(self, state: State | None = None) -> Checked:
        """The state (the current one by default) verified and scored; the last few are kept,
        so that undo and redo answer at once."""
        state = state or self.state
        for known, checked in self._checked:
            if known is state:
                return checked
        checked = Checked(state, drafted(self.inputs, state.placements, self.stamp))
        self._checked = [*self._checked[-3:], (state, checked)]
        return checked

    # ---- steps ------------------------------------------------------------------------------

    def apply(self, edit: Edit) -> State:
        """Make one step; the previous state can be undone. Raises EditError, and changes
        nothing, if it cannot be made or its result cannot be checked."""
        state = self._next(edit)
        if state == self.state:
            return self.state  # nothing changes: no step to undo
        try:
            self.check(state)
        except FestivalError:
            raise
        except Exception as err:  # a state the checks cannot read is not a draft
            raise EditError(f"{edit.kind}: cannot be checked ({err})") from None
        self.undone.append(self.state)
        self.redone.clear()
        self.state = state
        return state

    def undo(self) -> bool:
        if not self.undone:
            return False
        self.redone.append(self.state)
        self.state = self.undone.pop()
        return True

    def redo(self) -> bool:
        if not self.redone:
            return False
        self.undone.append(self.state)
        self.state = self.redone.pop()
        return True

    def replace(self, placements: Iterable[Placed], locked: Iterable[str] | None = None) -> State:
        """A whole new state as one step (an accepted proposal, a draft read back from disk)."""
        items = tuple(placements)
        ids = {p.id for p in items}
        keep = self.state.locked if locked is None else frozenset(locked)
        self.undone.append(self.state)
        self.redone.clear()
        self.state = State(items, frozenset(i for i in keep if i in ids))
        return self.state

    def _find(self, ident: str | None) -> Placed:
        for p in self.state.placements:
            if p.id == ident:
                return p
        raise EditError(f"no screening {ident!r} in the draft")

    def _place(self, edit: Edit) -> tuple[str, str, dt.datetime]:
        if edit.venue is None or edit.hall is None or edit.start is None:
            raise EditError(f"{edit.kind}: give the venue, the hall and the start")
        if (edit.venue, edit.hall) not in self.inputs.halls:
            raise EditError(f"{edit.kind}: no hall {edit.venue}/{edit.hall}")
        start = edit.start.replace(second=0, microsecond=0, tzinfo=None)
        first, last = self.inputs.venues.festival.first_day, self.inputs.venues.festival.last_day
        if not first - dt.timedelta(days=1) <= start.date() <= last + dt.timedelta(days=1):
            raise EditError(
                f"{edit.kind}: {start:%Y-%m-%d %H:%M} is outside the festival "
                f"({first:%Y-%m-%d} to {last:%Y-%m-%d})"
            )
        return edit.venue, edit.hall, start

    def _next(self, edit: Edit) -> State:
        state = self.state
        if edit.kind == "add":
            if edit.film is None or edit.film not in self.inputs.films:
                raise EditError(f"add: no film {edit.film!r} in the line-up")
            venue, hall, start = self._place(edit)
            taken = {p.id for p in state.placements} | self.reserved
            n = 1
            while f"{edit.film}-{n}" in taken:
                n += 1
            added = Placed(f"{edit.film}-{n}", edit.film, venue, hall, start)
            return State((*state.placements, added), state.locked)
        target = self._find(edit.screening)
        if edit.kind == "move":
            venue, hall, start = self._place(edit)
            moved = dataclasses.replace(target, venue=venue, hall=hall, start=start)
            placements = tuple(moved if p.id == target.id else p for p in state.placements)
            return State(placements, state.locked)
        if edit.kind == "remove":
            placements = tuple(p for p in state.placements if p.id != target.id)
            return State(placements, state.locked - {target.id})
        if edit.kind == "lock":
            return State(state.placements, state.locked | {target.id})
        return State(state.placements, state.locked - {target.id})

    # ---- what the solver keeps --------------------------------------------------------------

    def pins(self) -> list[Pin]:
        """The locked screenings as the venue file's pins, in time order; a venue-file pin still
        in place keeps its label."""
        labels = {_pin_key(p.film, p.venue, p.hall, p.start): p for p in self.inputs.venues.pins}
        out = []
        for p in sorted(self.state.placements, key=lambda p: (p.start, p.venue, p.hall, p.id)):
            if p.id not in self.state.locked:
                continue
            known = labels.get(_pin_key(p.film, p.venue, p.hall, p.start))
            out.append(
                Pin(
                    film=p.film,
                    venue=p.venue,
                    hall=p.hall,
                    start=p.start,
                    label=known.label if known is not None else None,
                    guest=p.guest,
                )
            )
        return out
