"""Every place a film can go: the feasible (film, hall, start) choices, and why a given one is not.

A candidate already satisfies every rule that concerns one screening on its own: those the registry
says ``Where.CANDIDATES`` keeps (hall hours, blocked periods, festival dates, latest end, age policy,
eligibility, time grain, key windows, guests' dates, the age category), each in ``placement_faults``
and, much faster, in the enumeration. The rules that tie screenings together (overlap, counts, one
per city per day) are the solver's and the constructor's.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gc
import itertools
import operator
from collections import Counter
from collections.abc import Hashable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Generic, NoReturn, TypeVar

import numpy as np
import numpy.typing as npt

from festival.availability import blocks_on, hours_on
from festival.domain import AgeRating, Appearance, Film, Guest
from festival.inputs import HallInfo, HallKey, Inputs
from festival.rules import Rule
from festival.scoring import AudienceWindow, Factors, Points, SharedAudience, placement_points
from festival.timeline import NonexistentLocalTime, zone


@dataclass(slots=True, unsafe_hash=True)
class Candidate:
    """One feasible placement of a screening. Minutes are absolute (see ``timeline``).

    Never changed after creation (use ``dataclasses.replace``). It is not declared frozen only
    because a frozen dataclass is seven times slower to create, and a large festival has
    hundreds of thousands of candidates.
    """

    film: str
    hall: HallKey
    city: str
    day: dt.date
    start: int
    end: int
    release: int
    points: int
    pinned: bool = False
    guest: str | None = None
    extra: int = 0
    """Minutes a guest's introduction or Q&A adds (inside ``end``)."""
    audience: int = 0
    """Its attendance points (in ``points``), which the screenings of its ``window`` share (0
    when the audience is not shared)."""
    window: int = 0
    """Its window of start times on its festival day (``scoring.SharedAudience.window``; 0 when
    the audience is not shared)."""


Ints = npt.NDArray[np.int64]

Named = TypeVar("Named", bound=Hashable)


class _Codes(Generic[Named]):
    """Numbers for names (films, halls, ...), in order of first appearance (of ``names``
    first); None is -1."""

    def __init__(self, names: Iterable[Named] = ()) -> None:
        self.index: dict[Named | None, int] = {None: -1}
        self.names: list[Named] = []
        for name in names:
            self.code(name)

    def code(self, name: Named | None) -> int:
        found = self.index.get(name)
        if found is None:
            assert name is not None
            found = self.index[name] = len(self.names)
            self.names.append(name)
        return found

    def codes(self, names: list[Named | None]) -> Ints:
        for name in dict.fromkeys(names):
            self.code(name)
        return np.fromiter(map(self.index.__getitem__, names), np.int64, len(names))

    def each(self, codes: Ints) -> Iterable[Named | None]:
        """The names of ``codes``, one by one (the same name repeated when they are all one)."""
        if len(codes) and codes.min() == codes.max():
            return itertools.repeat(self.named(codes[:1])[0], len(codes))
        return self.named(codes)

    def named(self, codes: Ints) -> list[Named | None]:
        """The names of ``codes``, the same objects as those coded."""
        table = np.empty(len(self.names) + 1, dtype=object)
        for k, name in enumerate(self.names):
            table[k] = name
        return list(table[codes].tolist())  # code -1: the last entry, None


@dataclass(frozen=True, slots=True)
class Columns:
    """The candidates' fields as arrays, row ``i`` for candidate ``i``: what the stages that
    look at every candidate at once (dominance, the greedy start's pools and counters) read
    without a Python step per candidate (reading one field of every candidate took 0.05-0.1 s
    of CPU at Berlinale size; the names, with their coding, more).

    Names are coded: ``film[i]`` is the position of candidate ``i``'s film in ``films``, and so
    on; ``guest`` is -1 without a guest. Codes stand for equality only (compare them; never
    order by them): enumeration numbers the line-up's films, the halls, cities, days and
    guests in the inputs' order, columns read from candidates by first appearance."""

    start: Ints
    end: Ints
    release: Ints
    points: Ints
    audience: Ints
    window: Ints
    pinned: npt.NDArray[np.bool_]
    film: Ints
    hall: Ints
    city: Ints
    day: Ints
    guest: Ints
    films: list[str]
    halls: list[HallKey]
    cities: list[str]
    days: list[dt.date]
    guests: list[str]

    def __len__(self) -> int:
        return len(self.start)

    def take(self, rows: npt.NDArray[Any]) -> Columns:
        """The columns of the candidates at ``rows`` (indices or a mask), with the same names."""
        taken: dict[str, Any] = {n: getattr(self, n)[rows] for n in _ARRAYS}
        return dataclasses.replace(self, **taken)

    def then(self, more: Columns) -> Columns:
        """These columns followed by ``more``, coded with the same names (``more``'s extend
        them)."""
        joined: dict[str, Any] = {
            n: np.concatenate([getattr(self, n), getattr(more, n)]) for n in _ARRAYS
        }
        return dataclasses.replace(more, **joined)


_ARRAYS = [f.name for f in dataclasses.fields(Columns)][:12]


class CandidateList(list[Candidate]):
    """Candidates with their ``Columns``, made together (by enumeration, and by dominance from
    those). Never changed, like the candidates themselves: changing it in place raises
    ``TypeError`` (its columns would no longer be its own); a slice or a copy is a plain list,
    whose columns are read again (``columns_of``)."""

    __slots__ = ("columns",)

    def __init__(self, candidates: Iterable[Candidate], columns: Columns) -> None:
        super().__init__(candidates)
        self.columns = columns

    def __reduce__(self) -> tuple[type[CandidateList], tuple[list[Candidate], Columns]]:
        return CandidateList, (list(self), self.columns)


def _unchanged(self: CandidateList, *args: object, **kwargs: object) -> NoReturn:
    raise TypeError("a CandidateList is never changed: change a copy (list(candidates))")


for _change in (
    "__setitem__",
    "__delitem__",
    "__iadd__",
    "__imul__",
    "append",
    "extend",
    "insert",
    "pop",
    "remove",
    "clear",
    "sort",
    "reverse",
):
    setattr(CandidateList, _change, _unchanged)


def columns_of(candidates: list[Candidate]) -> Columns:
    """The candidates' columns: those they carry (``CandidateList``), else read from them."""
    if isinstance(candidates, CandidateList) and len(candidates.columns) == len(candidates):
        return candidates.columns
    return _read(candidates, _Codes(), _Codes(), _Codes(), _Codes(), _Codes())


def _read(
    candidates: list[Candidate],
    films: _Codes[str],
    halls: _Codes[HallKey],
    cities: _Codes[str],
    days: _Codes[dt.date],
    guests: _Codes[str],
) -> Columns:
    """The candidates' columns, read one field at a time (names coded in ``films``, ...)."""
    n = len(candidates)

    def ints(name: str) -> Ints:
        return np.fromiter(map(operator.attrgetter(name), candidates), np.int64, n)

    def field(name: str) -> list[Any]:
        return list(map(operator.attrgetter(name), candidates))

    return Columns(
        ints("start"),
        ints("end"),
        ints("release"),
        ints("points"),
        ints("audience"),
        ints("window"),
        np.fromiter(map(operator.attrgetter("pinned"), candidates), np.bool_, n),
        films.codes(field("film")),
        halls.codes(field("hall")),
        cities.codes(field("city")),
        days.codes(field("day")),
        guests.codes(field("guest")),
        films.names,
        halls.names,
        cities.names,
        days.names,
        guests.names,
    )


@dataclass(frozen=True, slots=True)
class _Slot:
    """A start on a hall's grid on one day, with its local time resolved once for all films:
    its festival-day time (``order``) and its day-and-time factors."""

    start: int
    order: int
    factors: Factors


def _age_faults(inputs: Inputs, rating: AgeRating, start_order: int, end_order: int) -> list[str]:
    order = inputs.timeline.order_of
    out = []
    for rule in inputs.programme.age_policy:
        if rating not in rule.ratings:
            continue
        why = f" ({rule.reason})" if rule.reason else ""
        if rule.earliest_start is not None and start_order < order(rule.earliest_start):
            out.append(f"{rating} films start at {rule.earliest_start:%H:%M} or later{why}")
        if rule.latest_start is not None and start_order > order(rule.latest_start):
            out.append(f"{rating} films start by {rule.latest_start:%H:%M}{why}")
        if rule.latest_end is not None and end_order > order(rule.latest_end):
            out.append(f"{rating} films end by {rule.latest_end:%H:%M}{why}")
    return out


def _rated_enough(inputs: Inputs, film: Film) -> bool:
    """Rule.RU_AGE_CATEGORY: under the Russian rule pack an unrated film is never shown."""
    return not (inputs.russian_rules and film.age_rating == AgeRating.UNRATED)


def guest_minutes(inputs: Inputs, guest: str | None, film: str) -> int:
    """Minutes the guest's appearance adds to a screening of ``film`` (0 without a guest)."""
    if guest is None:
        return 0
    for a in inputs.guests[guest].appearances:
        if a.film == film:
            return a.minutes
    return 0


def guest_available(inputs: Inputs, guest: str, day: dt.date) -> bool:
    """Whether the guest can appear on a festival day."""
    ranges = inputs.guests[guest].available
    return not ranges or any(r.from_ <= day <= r.until for r in ranges)


def key_window(inputs: Inputs, film: str, info: HallInfo) -> tuple[int, int] | None:
    """The (from, until) absolute minutes of the film's key at the venue, or None if unkeyed."""
    for key in inputs.venues.logistics.keys:
        if key.film == film and key.venue == info.venue.id:
            tl = inputs.timeline
            return tl.minute_local(key.valid_from, info.tz), tl.minute_local(
                key.valid_until, info.tz
            )
    return None


def _start_window(inputs: Inputs, film: Film, info: HallInfo) -> tuple[int, int] | None:
    """The (from, until) absolute minutes a screening of ``film`` in the hall must start from and
    end by: its key's window (Rule.KEY_WINDOW), from its ``not_before`` (Rule.NOT_BEFORE)."""
    window = key_window(inputs, film.id, info)
    not_before = film.screenings.not_before
    if not_before is None:
        return window
    tl = inputs.timeline
    try:
        earliest = tl.minute_local(not_before, info.tz)
    except NonexistentLocalTime:  # a time the clocks skip: the first minute shown after it
        earliest = tl.minute_of(not_before.replace(tzinfo=zone(info.tz), fold=1))
        while tl.local(earliest, info.tz).replace(tzinfo=None) < not_before:
            earliest += 1
    if window is None:
        return earliest, 10**9
    return max(window[0], earliest), window[1]


def placement_faults(
    inputs: Inputs, film: Film, info: HallInfo, start_local: dt.datetime, guest: str | None = None
) -> list[tuple[Rule, str]]:
    """Every single-screening rule a placement breaks, in words (empty when it is allowed)."""
    tl = inputs.timeline
    policy = inputs.venues.policy
    faults: list[tuple[Rule, str]] = []
    day = tl.festival_day(start_local)
    start = tl.minute_local(start_local, info.tz)
    extra = guest_minutes(inputs, guest, film.id)
    end = start + policy.intro_minutes + film.runtime + extra
    release = end + inputs.turnover(info.hall)
    if not inputs.eligible(film, info):
        faults.append(
            (Rule.HALL_ELIGIBILITY, "the hall lacks the seats or features the film needs")
        )
    if not _rated_enough(inputs, film):
        faults.append((Rule.RU_AGE_CATEGORY, "the film has no age category (436-FZ)"))
    if day not in inputs.days:
        faults.append((Rule.FESTIVAL_DATES, f"festival day {day} is outside the festival"))
    hours = hours_on(info.hall, day)
    if hours is None:
        faults.append((Rule.HALL_HOURS, f"the hall is closed on {day:%d %b}"))
    else:
        opens = tl.minute_festival(day, hours[0], info.tz)
        closes = tl.minute_festival(day, hours[1], info.tz)
        if start < opens or end > closes:
            faults.append(
                (Rule.HALL_HOURS, f"the hall is open {hours[0]:%H:%M}–{hours[1]:%H:%M} that day")
            )
    if policy.latest_end is not None and end > tl.minute_festival(day, policy.latest_end, info.tz):
        faults.append((Rule.LATEST_END, f"films end by {policy.latest_end:%H:%M}"))
    for block in blocks_on(info.hall, day):
        b_from = tl.minute_festival(day, block.from_, info.tz)
        b_to = tl.minute_festival(day, block.to, info.tz)
        if start < b_to and b_from < release:
            why = f" ({block.reason})" if block.reason else ""
            faults.append(
                (
                    Rule.HALL_BLOCKED,
                    f"the hall is blocked {block.from_:%H:%M}–{block.to:%H:%M}{why}",
                )
            )
    start_order = tl.festival_time(start_local)
    end_order = start_order + policy.intro_minutes + film.runtime + extra
    for text in _age_faults(inputs, film.age_rating, start_order, end_order):
        faults.append((Rule.AGE_POLICY, text))
    if film.screenings.not_before is not None and start_local < film.screenings.not_before:
        faults.append(
            (Rule.NOT_BEFORE, f"it plays from {film.screenings.not_before:%d %b %H:%M} on")
        )
    window = key_window(inputs, film.id, info)
    if window is not None and not (window[0] <= start and end <= window[1]):
        faults.append(
            (Rule.KEY_WINDOW, f"the key (KDM) for {info.venue.name.en} is not valid then")
        )
    if guest is not None and not guest_available(inputs, guest, day):
        faults.append(
            (Rule.GUEST_AVAILABLE, f"{inputs.guests[guest].name.en} is away on {day:%d %b}")
        )
    return faults


@dataclass(frozen=True, slots=True)
class _Grid:
    """A hall's grid starts on one day and the minute by which films must end; per start (a
    slot), its minute, festival-day time and kind of day-and-time factors (its number among
    those of every grid, ``_Table.kind``)."""

    closes: int
    at: int
    """Where its slots begin in the enumeration's table of every grid's slots (``_Table``)."""
    start: Ints
    order: Ints
    number: Ints


def _grid(
    inputs: Inputs, points: Points, info: HallInfo, day: dt.date, table: _Table
) -> _Grid | None:
    """The hall's grid starts on a day and the minute by which films must end there (its slots
    added to the ``table``)."""
    tl = inputs.timeline
    policy = inputs.venues.policy
    hours = hours_on(info.hall, day)
    if hours is None:
        return None
    try:
        opens = tl.minute_festival(day, hours[0], info.tz)
        closes = tl.minute_festival(day, hours[1], info.tz)
        if policy.latest_end is not None:
            closes = min(closes, tl.minute_festival(day, policy.latest_end, info.tz))
    except NonexistentLocalTime:
        return None
    grain = policy.grain_minutes
    local_open = tl.local(opens, info.tz)
    first = opens + (-(local_open.hour * 60 + local_open.minute)) % grain
    slots = []
    for start in range(first, closes - policy.intro_minutes, grain):
        local = tl.local(start, info.tz)
        slots.append(_Slot(start, tl.festival_time(local), points.factors(day, local)))
    return _Grid(
        closes,
        table.grid(slots),
        np.array([slot.start for slot in slots], dtype=np.int64),
        np.array([slot.order for slot in slots], dtype=np.int64),
        np.array([table.kind(slot.factors) for slot in slots], dtype=np.int64),
    )


def _blocked(inputs: Inputs, info: HallInfo, day: dt.date) -> list[tuple[int, int]]:
    """The hall's blocked periods on a festival day, as (from, to) absolute minutes."""
    tl = inputs.timeline
    return [
        (tl.minute_festival(day, b.from_, info.tz), tl.minute_festival(day, b.to, info.tz))
        for b in blocks_on(info.hall, day)
    ]


def _variants(
    inputs: Inputs, film: Film, info: HallInfo, appearances: list[tuple[Guest, Appearance]]
) -> list[tuple[str | None, int]]:
    """(guest, extra minutes) for each way the film can play in the hall: alone, or with a guest
    (of ``appearances``, ``inputs.appearances()``)."""
    out: list[tuple[str | None, int]] = [(None, 0)]
    for guest, a in appearances:
        if a.film == film.id and (not a.cities or info.city.id in a.cities):
            out.append((guest.id, a.minutes))
    return out


@contextmanager
def no_cyclic_gc() -> Iterator[None]:
    """Pause Python's cycle collector (reference counting goes on) and restore it afterwards.

    Enumeration (and the relaxation bound) allocate hundreds of thousands of acyclic objects; each
    allocation burst made the collector re-scan all of them, which took half of the enumeration's
    time at Berlinale size.

    What the block made is then handed to the oldest generation, as if it had survived the
    collections it skipped (``gc.freeze`` and ``gc.unfreeze``, when nothing else is frozen):
    the first young collection after the block scanned all of it (0.2 s after enumerating the
    Berlinale-size instance's 615,669 candidates); a full collection still does.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if not gc.get_freeze_count():
            gc.freeze()
            gc.unfreeze()
        if was_enabled:
            gc.enable()


@contextmanager
def settled_heap() -> Iterator[None]:
    """Keep the cycle collector from scanning what is alive now (the candidates, above all)
    until the block ends (``gc.freeze``). Measured at Berlinale size: the collector's first pass
    after enumeration scanned all 600,000 candidates, 0.4 s spent before the first schedule."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def enumerate_candidates(inputs: Inputs) -> CandidateList:
    """All feasible placements on the grid, with guest variants, plus one per pin; fixed order.
    They come with their ``Columns``."""
    with no_cyclic_gc():
        return _enumerate(inputs)


class _Kept:
    """What enumeration works out once and looks up again: the age policy's limits for a
    rating."""

    def __init__(self, inputs: Inputs) -> None:
        self.inputs = inputs
        self.limits: dict[AgeRating, tuple[int, int, int]] = {}

    def age_limits(self, rating: AgeRating) -> tuple[int, int, int]:
        """The age policy's earliest start, latest start and latest end for ``rating``, in
        festival-day minutes: a screening breaks it (``_age_faults``) when it starts before the
        first, after the second or ends after the third."""
        found = self.limits.get(rating)
        if found is None:
            order = self.inputs.timeline.order_of
            earliest, latest, end = -(10**9), 10**9, 10**9
            for rule in self.inputs.programme.age_policy:
                if rating not in rule.ratings:
                    continue
                if rule.earliest_start is not None:
                    earliest = max(earliest, order(rule.earliest_start))
                if rule.latest_start is not None:
                    latest = min(latest, order(rule.latest_start))
                if rule.latest_end is not None:
                    end = min(end, order(rule.latest_end))
            found = self.limits[rating] = (earliest, latest, end)
        return found


class _Table:
    """What enumeration gathers, a hall's day at a time, to make the candidates and their
    ``Columns`` at the end, all at once: every grid's slots (start, window of the shared
    audience), the kinds of day-and-time factors, each film's points in a hall per kind, and
    each hall's day's candidates: their slots, films, guests, minutes and points.

    Measured at Berlinale size (615,669 candidates, 2 busy cores), CPU: enumeration took
    1.0-1.5 s making each candidate in Python from its slot, run by run, and the columns
    were read back from the candidates (about 0.05 s a field) by every stage after it; made
    from columns it takes 0.85-1.1 s, of which creating the candidate objects is 0.45 s.
    """

    def __init__(self, inputs: Inputs) -> None:
        self.audience = SharedAudience(inputs)
        self.slot_start: list[int] = []
        self.slot_window: list[int] = []
        self.kinds: dict[Factors, int] = {}
        self.factors: list[Factors] = []
        """Each kind of start by its number."""
        self.worth_of = Points(inputs)
        self.points: list[int] = []
        self.attendance: list[int] = []
        self.chunks: list[tuple[Ints, ...]] = []
        """Per hall and day, its candidates' slots (in the table), film, guest, extra minutes,
        screening minutes (intro included), hall, city, day, turnover and points row."""
        self.films = _Codes(f.id for f in inputs.programme.films)
        self.halls = _Codes(sorted(inputs.halls))
        self.cities = _Codes(c.id for c in inputs.venues.cities)
        self.days = _Codes(inputs.days)
        self.guests = _Codes(g.id for g in inputs.venues.guests)

    def grid(self, slots: list[_Slot]) -> int:
        """Add a grid's slots; where they begin in the table."""
        at = len(self.slot_start)
        self.slot_start += [s.start for s in slots]
        window = self.audience.window
        self.slot_window += [window(s.order) for s in slots]
        return at

    def kind(self, factors: Factors) -> int:
        """The number of a kind of start among those of every grid."""
        number = self.kinds.setdefault(factors, len(self.kinds))
        if number == len(self.factors):
            self.factors.append(factors)
        return number

    def worth(self, info: HallInfo, plays: _Plays, play: Ints, number: Ints, known: Ints) -> Ints:
        """Per candidate of the hall (of ``plays`` row ``play``, at a start of kind ``number``):
        where its film's points and attendance points at that kind of start are in the table.
        ``known`` keeps where they are per film of the hall and kind (-1: not yet worked out;
        the days repeat them)."""
        film = plays.index[play]
        found = known[film, number]
        if (found < 0).any():
            for n, k in set(zip(film[found < 0].tolist(), number[found < 0].tolist(), strict=True)):
                attendance, prime = self.worth_of.value(plays.films[n], info, self.factors[k])
                known[n, k] = len(self.points)
                self.points.append(attendance + prime)
                self.attendance.append(attendance)
            found = known[film, number]
        return found

    def add(
        self, grid: _Grid, slot: Ints, play: Ints, plays: _Plays, where: list[int], row: Ints
    ) -> None:
        """Add the candidates of one hall and day: each at the grid's ``slot`` (a position in
        the grid), of ``plays`` row ``play``, with its points at ``row`` (``worth``); ``where``
        is their hall, city, day and turnover."""
        hall, city, day, turnover = (np.full(len(slot), v, dtype=np.int64) for v in where)
        at = grid.at + slot
        film, guest, extra, length = (
            a[play] for a in (plays.film, plays.guest, plays.extra, plays.length)
        )
        self.chunks.append((at, film, guest, extra, length, hall, city, day, turnover, row))

    def candidates(self, pins: list[Candidate]) -> CandidateList:
        """The candidates of every hall and day, in order, then the ``pins``, with their
        columns."""
        columns = [np.concatenate(parts) for parts in zip(*self.chunks, strict=True)]
        if not columns:
            columns = [np.zeros(0, dtype=np.int64)] * 10
        slots, film, guest, extra, length, hall, city, day, turnover, row = columns
        start = np.array(self.slot_start, dtype=np.int64)[slots]
        end = start + length
        release = end + turnover
        points = np.array(self.points, dtype=np.int64)[row]
        audience = np.zeros(len(slots), dtype=np.int64)
        window = np.zeros(len(slots), dtype=np.int64)
        if self.audience.num:
            audience = np.array(self.attendance, dtype=np.int64)[row]
            window = np.array(self.slot_window, dtype=np.int64)[slots]
        made = list(
            map(
                Candidate,
                self.films.each(film),
                self.halls.each(hall),
                self.cities.each(city),
                self.days.each(day),
                _shared(self.slot_start, slots),
                end.tolist(),
                release.tolist(),
                _shared(self.points, row),
                itertools.repeat(False),
                self.guests.each(guest),
                extra.tolist(),
                _shared(self.attendance, row) if self.audience.num else audience.tolist(),
                window.tolist(),
            )
        )
        grid = Columns(
            start,
            end,
            release,
            points,
            audience,
            window,
            np.zeros(len(slots), dtype=np.bool_),
            film,
            hall,
            city,
            day,
            guest,
            self.films.names,
            self.halls.names,
            self.cities.names,
            self.days.names,
            self.guests.names,
        )
        pinned = _read(pins, self.films, self.halls, self.cities, self.days, self.guests)
        made += pins
        return CandidateList(made, grid.then(pinned))


def _shared(values: list[int], at: Ints) -> list[int]:
    """``values[k]`` for each ``k`` in ``at``, the same int objects: candidates that share a
    start or points share one object, as when each was made from its slot. With an object per
    candidate, the 615,669 candidates' points and attendance took 35 MB more at Berlinale size,
    and what reads them all ran slower (the per-film bound: 0.28 s of CPU against 0.22 s)."""
    table = np.empty(len(values), dtype=object)
    table[:] = values
    return list(table[at].tolist())


@dataclass(frozen=True, slots=True)
class _Plays:
    """The ways the films can play in one hall, a row each, in the order enumeration lists
    them (film by film, alone then with each guest): the film (its position in the hall's
    ``films`` and its code), the guest (code, -1 for none; its id), extra and screening
    minutes (intro included), the minutes its start may not precede and by which it must end
    (its key's window, its ``not_before``), and the age policy's limits for its rating
    (``_Kept.age_limits``)."""

    films: list[Film]
    index: Ints
    film: Ints
    guest: Ints
    guests: list[str | None]
    extra: Ints
    length: Ints
    earliest: Ints
    until: Ints
    age: tuple[Ints, Ints, Ints]


def _plays(
    inputs: Inputs,
    info: HallInfo,
    kept: _Kept,
    table: _Table,
    appearances: list[tuple[Guest, Appearance]],
) -> _Plays:
    """The ways the films can play in the hall (``_Plays``)."""
    intro = inputs.venues.policy.intro_minutes
    films = [
        f for f in inputs.programme.films if inputs.eligible(f, info) and _rated_enough(inputs, f)
    ]
    rows: list[tuple[int, int, int, str | None, int, int, int, int, int, int, int]] = []
    for n, film in enumerate(films):
        window = _start_window(inputs, film, info) or (-(10**9), 10**9)
        limits = kept.age_limits(film.age_rating)
        for guest, extra in _variants(inputs, film, info, appearances):
            code = table.guests.index[guest]
            length = intro + film.runtime + extra
            rows.append(
                (n, table.films.index[film.id], code, guest, extra, length, *window, *limits)
            )
    columns = list(zip(*rows, strict=True)) or [()] * 11

    def ints(k: int) -> Ints:
        return np.array(columns[k], dtype=np.int64)

    return _Plays(
        films,
        ints(0),
        ints(1),
        ints(2),
        list(columns[3]),
        ints(4),
        ints(5),
        ints(6),
        ints(7),
        (ints(8), ints(9), ints(10)),
    )


def _allowed(
    grid: _Grid,
    plays: _Plays,
    blocks: list[tuple[int, int]],
    turnover: int,
    away: npt.NDArray[np.bool_],
) -> tuple[Ints, Ints]:
    """The (play, slot) of every candidate of a hall's day, plays by row and slots in order:
    the grid's starts where each of ``plays`` ends by closing time, lies in its window, keeps
    the age policy and meets no blocked period (turnover included); none for the plays whose
    guest is ``away`` that day. Every play and slot at once, by array (the enumeration's
    15,500 runs at Berlinale size took 0.33-0.39 s of CPU with everything around them one
    by one, 0.15-0.25 s so)."""
    start, order = grid.start[None, :], grid.order[None, :]
    length = plays.length[:, None]
    end = start + length
    early, late, last = (limit[:, None] for limit in plays.age)
    ok = (end <= grid.closes) & (start >= plays.earliest[:, None]) & (end <= plays.until[:, None])
    ok &= (order >= early) & (order <= late) & (order + length <= last)
    for b_from, b_to in blocks:
        ok &= ~((start < b_to) & (b_from < end + turnover))
    ok &= ~away[:, None]
    play, slot = np.nonzero(ok)
    return play.astype(np.int64), slot.astype(np.int64)


def _enumerate(inputs: Inputs) -> CandidateList:
    points = Points(inputs)
    kept = _Kept(inputs)
    table = _Table(inputs)
    grids: dict[tuple[object, ...], _Grid | None] = {}
    appearances = inputs.appearances()
    available: dict[tuple[str | None, dt.date], bool] = {}

    for key in sorted(inputs.halls):
        info = inputs.halls[key]
        turnover = inputs.turnover(info.hall)
        plays = _plays(inputs, info, kept, table, appearances)
        if not plays.films:
            continue
        hall, city = table.halls.code(key), table.cities.code(info.city.id)
        days = []
        for day in inputs.days:
            # halls with the same hours and time zone share a day's grid
            shared = (hours_on(info.hall, day), info.tz, day)
            if shared not in grids:
                grids[shared] = _grid(inputs, points, info, day, table)
            days.append((day, grids[shared]))
        known = np.full((len(plays.films), len(table.kinds)), -1, dtype=np.int64)
        for day, grid in days:
            if grid is None:
                continue
            away = np.array(
                [
                    guest is not None
                    and not available.setdefault((guest, day), guest_available(inputs, guest, day))
                    for guest in plays.guests
                ],
                dtype=np.bool_,
            )
            play, slot = _allowed(grid, plays, _blocked(inputs, info, day), turnover, away)
            if not len(play):
                continue
            row = table.worth(info, plays, play, grid.number[slot], known)
            where = [hall, city, table.days.code(day), turnover]
            table.add(grid, slot, play, plays, where, row)
    return table.candidates(pin_candidates(inputs))


def pin_candidates(inputs: Inputs) -> list[Candidate]:
    """One candidate per pin that breaks no single-screening rule (others are pre-check failures)."""
    tl = inputs.timeline
    policy = inputs.venues.policy
    shared = SharedAudience(inputs)
    out = []
    for pin in inputs.venues.pins:
        info = inputs.halls[(pin.venue, pin.hall)]
        film = inputs.films[pin.film]
        try:
            if placement_faults(inputs, film, info, pin.start, pin.guest):
                continue
            start = tl.minute_local(pin.start, info.tz)
        except NonexistentLocalTime:
            continue
        local = tl.local(start, info.tz)
        day = tl.festival_day(local)
        extra = guest_minutes(inputs, pin.guest, film.id)
        end = start + policy.intro_minutes + film.runtime + extra
        a, p = placement_points(inputs, film, info, day, local)
        release = end + inputs.turnover(info.hall)
        window = shared.window(tl.festival_time(local)) if shared.num else 0
        out.append(
            Candidate(
                film.id,
                info.key,
                info.city.id,
                day,
                start,
                end,
                release,
                a + p,
                True,
                pin.guest,
                extra,
                a if shared.num else 0,
                window,
            )
        )
    return out


def most_drawn(candidates: list[Candidate], group: list[int]) -> int:
    """The most a window's (or a day's) candidates can draw: each hall starts at most as many
    screenings between its first and last start as its shortest one (turnover included) allows,
    each at most its best draw (Rule.HALL_OVERLAP)."""
    best: dict[HallKey, int] = {}
    shortest: dict[HallKey, int] = {}
    first: dict[HallKey, int] = {}
    last: dict[HallKey, int] = {}
    for i in group:
        c = candidates[i]
        h = c.hall
        best[h] = max(best.get(h, 0), c.audience)
        shortest[h] = min(shortest.get(h, c.release - c.start), c.release - c.start)
        first[h] = min(first.get(h, c.start), c.start)
        last[h] = max(last.get(h, c.start), c.start)
    return sum(best[h] * ((last[h] - first[h]) // shortest[h] + 1) for h in best)


def audience_draws(shared: SharedAudience, picked: Iterable[Candidate]) -> Counter[AudienceWindow]:
    """What the picked candidates draw in each window and day they share (Rule.SHARED_AUDIENCE)."""
    draws: Counter[AudienceWindow] = Counter()
    for c in picked:
        for key in shared.shares(c.city, c.day, c.window):
            draws[key] += c.audience
    return draws


def most_drawn_by_window(candidates: list[Candidate]) -> dict[AudienceWindow, int]:
    """``most_drawn`` of every (city, day, window) of the candidates that draw an audience, at
    once: the same sums, worked out by array (615,000 candidates at Berlinale size: 0.3 s of
    CPU, where a group at a time took 1.7 s)."""
    n = len(candidates)
    audience = np.fromiter(map(_AUDIENCE, candidates), np.int64, n)
    drawing = np.flatnonzero(audience).tolist()
    if not drawing:
        return {}
    picked = [candidates[i] for i in drawing]
    m = len(picked)
    # a window's code from its city, day and window number: no tuple per candidate
    cities = {city: j for j, city in enumerate(dict.fromkeys(map(_CITY, picked)))}
    day = np.fromiter(map(dt.date.toordinal, map(_DAY, picked)), np.int64, m)
    day -= int(day.min())
    number = np.fromiter(map(_NUMBER, picked), np.int64, m)
    number -= int(number.min())
    days, numbers = int(day.max()) + 1, int(number.max()) + 1
    window = np.fromiter(map(cities.__getitem__, map(_CITY, picked)), np.int64, m)
    window = (window * days + day) * numbers + number
    halls = {h: j for j, h in enumerate(dict.fromkeys(map(_HALL, picked)))}
    key = window * len(halls) + np.fromiter(map(halls.__getitem__, map(_HALL, picked)), np.int64, m)
    order = np.argsort(key, kind="stable")
    key = key[order]
    start = np.fromiter(map(_START, picked), np.int64, m)[order]
    length = np.fromiter(map(_RELEASE, picked), np.int64, m)[order] - start
    heads = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
    best = np.maximum.reduceat(audience[drawing][order], heads)
    shortest = np.minimum.reduceat(length, heads)
    first, last = np.minimum.reduceat(start, heads), np.maximum.reduceat(start, heads)
    per_hall = best * ((last - first) // shortest + 1)
    owner = key[heads] // len(halls)
    firsts = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]])
    sums = np.add.reduceat(per_hall, firsts).tolist()
    named = [_WINDOW(picked[j]) for j in order[heads[firsts]].tolist()]  # each window's first
    return dict(zip(named, sums, strict=True))


_AUDIENCE = operator.attrgetter("audience")
_WINDOW = operator.attrgetter("city", "day", "window")
_CITY = operator.attrgetter("city")
_DAY = operator.attrgetter("day")
_NUMBER = operator.attrgetter("window")
_HALL = operator.attrgetter("hall")
_START = operator.attrgetter("start")
_RELEASE = operator.attrgetter("release")


def calm_windows(inputs: Inputs, candidates: list[Candidate]) -> set[AudienceWindow]:
    """The (city, day, window) whose candidates can never draw more than the window's pool: no
    schedule loses audience there (Rule.SHARED_AUDIENCE)."""
    shared = SharedAudience(inputs)
    return {
        key for key, most in most_drawn_by_window(candidates).items() if most <= shared.pool(key)
    }


def premiere_ok(inputs: Inputs, c: Candidate) -> bool:
    """Whether the candidate may be its film's premiere (Rule.PREMIERE; True without one)."""
    film = inputs.films[c.film]
    if film.premiere is None:
        return True
    info = inputs.halls[c.hall]
    tl = inputs.timeline
    return not inputs.premiere_faults(
        film, info, c.day, tl.festival_time(tl.local(c.start, info.tz))
    )


def premiere_placements(inputs: Inputs, candidates: list[Candidate]) -> list[int]:
    """The indices of the candidates that may be their film's premiere, of films with one
    (Rule.PREMIERE): ``premiere_ok`` for each, with what a film, hall and day share worked out
    once (hundreds of thousands of candidates at Sundance size)."""
    films = {f.id: f for f in inputs.programme.films if f.premiere is not None}
    if not films:
        return []
    tl = inputs.timeline
    halls: dict[tuple[str, HallKey], bool] = {}
    base: dict[tuple[HallKey, dt.date], int | None] = {}
    out = []
    for i, c in enumerate(candidates):
        film = films.get(c.film)
        if film is None:
            continue
        assert film.premiere is not None
        if film.premiere.date is not None and c.day != film.premiere.date:
            continue
        info = inputs.halls[c.hall]
        key = (c.film, c.hall)
        if key not in halls:
            need = film.premiere.requires
            halls[key] = info.hall.seats >= need.min_seats and set(need.features) <= set(
                info.hall.features
            )
        if not halls[key]:
            continue
        day_key = (c.hall, c.day)
        if day_key not in base:
            base[day_key] = _steady_cutoff(inputs, info, c.day)
        cutoff = base[day_key]
        order = (
            c.start - cutoff if cutoff is not None else tl.festival_time(tl.local(c.start, info.tz))
        )
        if not inputs.premiere_faults(film, info, c.day, order):
            out.append(i)
    return out


def _steady_cutoff(inputs: Inputs, info: HallInfo, day: dt.date) -> int | None:
    """The absolute minute of the festival day's cutoff in the hall's zone, when the clocks do
    not change that festival day (a start's festival time is then its distance from it); None
    when they do."""
    tl = inputs.timeline
    try:
        first = tl.minute_festival(day, inputs.venues.policy.day_cutoff, info.tz)
        then = tl.minute_festival(
            day + dt.timedelta(days=1), inputs.venues.policy.day_cutoff, info.tz
        )
    except NonexistentLocalTime:
        return None
    return first if then - first == 24 * 60 else None
