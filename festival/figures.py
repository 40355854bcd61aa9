"""The programmer's figures of a schedule: what a festival programmer looks at before signing it.

Plain Python over the screenings and the inputs, for any schedule (a plan, a revision read back, a
hand-made draft): when the films start (per quarter-hour and city, and how many start together in
one venue), how the days are loaded (weekday against weekend, morning, afternoon and evening),
where the premieres played, how much of each hall's open time is used and which committed
hall-days were left short, and each film's first and last day. ``festival report`` prints them and
the organisers' report page and PDF draw them (``festival.publish.report``).
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

from festival.availability import hours_on
from festival.domain import Screening
from festival.inputs import HallInfo, Inputs
from festival.timeline import is_weekend

QUARTER = 15
"""Minutes per bar of the starts histogram, and the window of the peak share."""
CLOSE = 10
"""Starts in one venue less than this many minutes apart are *close* (lobby, projection, ushers)."""
LUMPY = 10
"""A city-day with fewer screenings than this is left out of the peak share (one screening alone
is 100 % of its day)."""
NOON, EVENING = dt.time(12, 0), dt.time(17, 0)
"""Morning starts before noon, afternoon before 17:00, evening after (past midnight included)."""


@dataclass(frozen=True)
class Premiere:
    """A film with a premiere: where its first screening played, and what its premiere asks that
    this screening does not give (empty: as asked)."""

    film: str
    first: Screening | None
    faults: tuple[str, ...]


@dataclass(frozen=True)
class HallUse:
    """One hall over the festival: minutes screened (intro to end, guests included) of the
    minutes it is open, and the committed days it was left short of its minimum."""

    venue: str
    hall: str
    screenings: int
    used: int
    open: int
    short_days: tuple[tuple[dt.date, int, int], ...]
    """(festival day, screenings, committed minimum) for each committed day below its minimum."""

    @property
    def share(self) -> float:
        """Minutes used of the minutes open (0 when it is never open)."""
        return self.used / self.open if self.open else 0.0


@dataclass(frozen=True)
class FilmDays:
    """A film's screenings and the festival days it plays."""

    film: str
    screenings: int
    days: tuple[dt.date, ...]

    @property
    def first(self) -> dt.date | None:
        """Its first festival day (None when it does not play)."""
        return self.days[0] if self.days else None

    @property
    def last(self) -> dt.date | None:
        """Its last festival day (None when it does not play)."""
        return self.days[-1] if self.days else None


@dataclass(frozen=True)
class Figures:
    """Everything ``festival report`` shows of one schedule."""

    screenings: int
    quarter_starts: dict[str, dict[int, int]]
    """Per city: starts per quarter-hour of the festival day (minutes past the day cutoff // 15)."""
    peak_share: float
    """The largest share of a city-day's starts within one 15-minute window (over the city-days
    of ``LUMPY`` screenings or more when there are any, else of two or more)."""
    peak_day: tuple[str, dt.date, int, int] | None
    """Where that share is: (city, festival day, starts in the window, starts that day)."""
    venue_peak: dict[str, int]
    """Per venue: the most starts within ``CLOSE`` minutes."""
    close_starts: dict[str, int]
    """Per venue: pairs of successive starts less than ``CLOSE`` minutes apart."""
    per_day: dict[dt.date, int]
    """Screenings per festival day, every day of the festival (0 included)."""
    weekend: frozenset[dt.date]
    """The festival days that count as weekend days (Saturday, Sunday, holidays)."""
    parts: dict[str, int]
    """Starts in the morning, afternoon and evening (keys ``morning``, ``afternoon``, ``evening``)."""
    premieres: tuple[Premiere, ...]
    halls: tuple[HallUse, ...]
    per_venue: dict[str, int]
    films: tuple[FilmDays, ...]

    @property
    def weekend_ratio(self) -> float:
        """Mean screenings per weekend day over the mean per weekday (0 without both kinds)."""
        ends = [n for day, n in self.per_day.items() if day in self.weekend]
        weeks = [n for day, n in self.per_day.items() if day not in self.weekend]
        if not ends or not weeks or not sum(weeks):
            return 0.0
        return (sum(ends) / len(ends)) / (sum(weeks) / len(weeks))

    @property
    def close_total(self) -> int:
        """Pairs of starts less than ``CLOSE`` minutes apart in one venue, over all venues."""
        return sum(self.close_starts.values())

    @property
    def short_hall_days(self) -> int:
        """Committed hall-days below their minimum."""
        return sum(len(h.short_days) for h in self.halls)

    @property
    def empty_hall_days(self) -> int:
        """Committed hall-days with no screening at all."""
        return sum(n == 0 for h in self.halls for _, n, _ in h.short_days)

    @property
    def premieres_as_asked(self) -> int:
        """Premieres whose first screening is where and when the premiere asks."""
        return sum(p.first is not None and not p.faults for p in self.premieres)

    @property
    def used_share(self) -> float:
        """Minutes screened of the minutes open, over every hall."""
        open_ = sum(h.open for h in self.halls)
        return sum(h.used for h in self.halls) / open_ if open_ else 0.0


def figures(screenings: Iterable[Screening], inputs: Inputs) -> Figures:
    """The programmer's figures of the confirmed ``screenings`` (cancelled ones are left out)."""
    shows = sorted(
        (s for s in screenings if s.status == "confirmed"), key=lambda s: (s.start_utc, s.id)
    )
    tl = inputs.timeline
    quarters: dict[str, Counter[int]] = {c.id: Counter() for c in inputs.venues.cities}
    by_city_day: dict[tuple[str, dt.date], list[int]] = defaultdict(list)
    by_venue: dict[str, list[int]] = defaultdict(list)
    parts: Counter[str] = Counter({"morning": 0, "afternoon": 0, "evening": 0})
    for s in shows:
        quarters.setdefault(s.city, Counter())[tl.festival_time(s.start_local) // QUARTER] += 1
        minute = tl.minute_of(s.start_utc)
        by_city_day[(s.city, s.festival_day)].append(minute)
        by_venue[s.venue].append(minute)
        parts[_part(s, tl.festival_day(s.start_local) != s.start_local.date())] += 1
    peak_share, peak_day = 0.0, None
    for (city, day), minutes in sorted(by_city_day.items()):
        if len(minutes) < 2 or (
            len(minutes) < LUMPY and any(len(m) >= LUMPY for m in by_city_day.values())
        ):
            continue
        most = _most_within(minutes, QUARTER)
        if most / len(minutes) > peak_share:
            peak_share, peak_day = most / len(minutes), (city, day, most, len(minutes))
    holidays = inputs.venues.policy.holidays
    per_day = {day: 0 for day in inputs.days}
    for s in shows:
        per_day[s.festival_day] = per_day.get(s.festival_day, 0) + 1
    return Figures(
        screenings=len(shows),
        quarter_starts={city: dict(sorted(q.items())) for city, q in quarters.items()},
        peak_share=peak_share,
        peak_day=peak_day,
        venue_peak={v: _most_within(m, CLOSE) for v, m in sorted(by_venue.items())},
        close_starts={v: _close_pairs(m) for v, m in sorted(by_venue.items())},
        per_day=dict(sorted(per_day.items())),
        weekend=frozenset(day for day in per_day if is_weekend(day, holidays)),
        parts=dict(parts),
        premieres=_premieres(shows, inputs),
        halls=_halls(shows, inputs),
        per_venue=dict(sorted(Counter(s.venue for s in shows).items())),
        films=_films(shows, inputs),
    )


def _part(s: Screening, past_midnight: bool) -> str:
    at = s.start_local.time()
    if past_midnight or at >= EVENING:
        return "evening"
    return "morning" if at < NOON else "afternoon"


def _most_within(minutes: list[int], width: int) -> int:
    """The most of ``minutes`` inside one window ``[t, t + width)``."""
    ordered = sorted(minutes)
    return max(
        (bisect_left(ordered, t + width) - n for n, t in enumerate(ordered)),
        default=0,
    )


def _close_pairs(minutes: list[int]) -> int:
    ordered = sorted(minutes)
    return sum(b - a < CLOSE for a, b in pairwise(ordered))


def _premieres(shows: list[Screening], inputs: Inputs) -> tuple[Premiere, ...]:
    first: dict[str, Screening] = {}
    for show in shows:
        first.setdefault(show.film, show)
    out = []
    for film in inputs.programme.films:
        if film.premiere is None or film.withdrawn:
            continue
        s = first.get(film.id)
        faults: tuple[str, ...] = ()
        if s is not None and (s.venue, s.hall) in inputs.halls:
            order = inputs.timeline.festival_time(s.start_local)
            info = inputs.halls[(s.venue, s.hall)]
            faults = tuple(inputs.premiere_faults(film, info, s.festival_day, order))
        out.append(Premiere(film.id, s, faults))
    return tuple(out)


def _open_minutes(inputs: Inputs, info: HallInfo) -> int:
    if info.hall.withdrawn or info.venue.withdrawn:
        return 0
    order = inputs.timeline.order_of
    total = 0
    for day in inputs.days:
        hours = hours_on(info.hall, day)
        if hours is not None:
            total += max(0, order(hours[1]) - order(hours[0])) or 24 * 60
    return total


def _halls(shows: list[Screening], inputs: Inputs) -> tuple[HallUse, ...]:
    by_hall: dict[tuple[str, str], list[Screening]] = defaultdict(list)
    for s in shows:
        by_hall[(s.venue, s.hall)].append(s)
    out = []
    for key, info in inputs.halls.items():
        mine = by_hall.get(key, [])
        open_ = _open_minutes(inputs, info)
        if not mine and not open_:
            continue
        per_day = Counter(s.festival_day for s in mine)
        low = info.hall.min_per_open_day or 0
        short = tuple(
            (day, per_day[day], low) for day in inputs.committed_days(info) if per_day[day] < low
        )
        used = sum(int((s.end_utc - s.start_utc).total_seconds() // 60) for s in mine)
        out.append(HallUse(key[0], key[1], len(mine), used, open_, short))
    return tuple(out)


def _films(shows: list[Screening], inputs: Inputs) -> tuple[FilmDays, ...]:
    days: dict[str, list[dt.date]] = defaultdict(list)
    for s in shows:
        days[s.film].append(s.festival_day)
    order = [f.id for f in inputs.programme.films if not f.withdrawn or f.id in days]
    order += sorted(set(days) - set(order))
    return tuple(FilmDays(f, len(days[f]), tuple(sorted(set(days[f])))) for f in order)
