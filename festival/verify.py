"""Independent verification of a finished schedule against its inputs. Plain Python, no solver.

It works from what ``schedule.json`` says (local date-times with offsets) and the input files, not
from the solver's candidates or minutes, so a mistake in the model cannot hide here. There is one
check per rule (``CHECKS``), each reporting under the rule's name (``festival.rules``), mirroring the
model's one constraint function per rule.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property
from itertools import pairwise

from festival.availability import blocks_on, hours_on
from festival.domain import (
    AgeRating,
    CopyItinerary,
    CopyPool,
    Film,
    Replanning,
    Schedule,
    Screening,
)
from festival.inputs import UNCERTIFIED_LIMIT, HallInfo, Inputs
from festival.rules import Rule
from festival.timeline import in_zone


@dataclass(frozen=True, order=True)
class Violation:
    """One broken hard rule."""

    rule: Rule
    subject: str
    message: str

    def __str__(self) -> str:
        return f"{self.rule}: {self.subject}: {self.message}"


def _naive(moment: dt.datetime) -> dt.datetime:
    return moment.replace(tzinfo=None)


@dataclass(frozen=True)
class _Placed:
    """A screening whose film and hall exist, with its hall-local (naive) times worked out."""

    s: Screening
    film: Film
    info: HallInfo
    start: dt.datetime
    end: dt.datetime
    release: dt.datetime
    """When the hall is free again: the end plus the turnover."""


def _clock(inputs: Inputs, day: dt.date, at: dt.time) -> dt.datetime:
    """Naive local date-time of festival-day time ``at`` on ``day`` (before the cutoff: the next
    date)."""
    return inputs.timeline.calendar_datetime(day, at)


def _placed(s: Screening, inputs: Inputs) -> _Placed | None:
    """The screening with its film, hall and local times; None if it names no known film or hall."""
    film, info = inputs.films.get(s.film), inputs.halls.get((s.venue, s.hall))
    if film is None or info is None:
        return None
    start = _naive(in_zone(s.start_local, info.tz))
    end = _naive(in_zone(s.end_local, info.tz))
    release = end + dt.timedelta(minutes=s.turnover_minutes)
    return _Placed(s, film, info, start, end, release)


class _Schedule:
    """What every check reads: the schedule, the inputs, and the screenings that name a known
    film and hall (the others are ``record`` violations and take part in no other check)."""

    def __init__(self, schedule: Schedule, inputs: Inputs) -> None:
        self.schedule, self.inputs = schedule, inputs
        self.placed = [p for s in schedule.screenings if (p := _placed(s, inputs)) is not None]
        self.screenings = tuple(p.s for p in self.placed)

    @cached_property
    def totals(self) -> Counter[str]:
        """Screenings per film."""
        return Counter(s.film for s in self.screenings)

    @cached_property
    def by_guest(self) -> dict[str, list[Screening]]:
        """Each guest's appearances in time order."""
        out: dict[str, list[Screening]] = defaultdict(list)
        for s in sorted(self.screenings, key=lambda s: (s.start_utc, s.id)):
            if s.guest is not None:
                out[s.guest].append(s)
        return out

    @cached_property
    def by_id(self) -> dict[str, Screening]:
        return {s.id: s for s in self.screenings}

    def itineraries(self) -> Iterator[tuple[CopyItinerary, CopyPool, str]]:
        """Each film copy's itinerary whose copy exists, with its pool and its name."""
        for itinerary in self.schedule.copies:
            pool = self.inputs.copy_pool(itinerary.film)
            if pool is not None and itinerary.copy_number <= pool.count:
                yield itinerary, pool, f"{itinerary.film}#{itinerary.copy_number}"


Check = Callable[[_Schedule], Iterator[Violation]]
Fault = Callable[[_Placed, Inputs], Iterator[str]]


def _each(rule: Rule, fault: Fault) -> Check:
    """A check of one screening at a time: each fault it finds is a violation of ``rule``."""

    def check(ctx: _Schedule) -> Iterator[Violation]:
        for p in ctx.placed:
            for message in fault(p, ctx.inputs):
                yield Violation(rule, p.s.id, message)

    return check


# ----------------------------------------------------------------------------- record
def _record_fields(s: Screening, inputs: Inputs) -> Iterator[str]:
    film = inputs.films.get(s.film)
    info = inputs.halls.get((s.venue, s.hall))
    if film is None:
        yield f"unknown film {s.film!r}"
    if info is None:
        yield f"unknown hall {s.venue}/{s.hall}"
    if film is None or info is None:
        return
    policy = inputs.venues.policy
    if s.city != info.city.id:
        yield f"city {s.city!r} but the venue is in {info.city.id!r}"
    if s.runtime_minutes != film.runtime:
        yield f"runtime {s.runtime_minutes} but the film runs {film.runtime}"
    if s.intro_minutes != policy.intro_minutes:
        yield f"intro {s.intro_minutes} but the policy says {policy.intro_minutes}"
    turnover = inputs.turnover(info.hall)
    if s.turnover_minutes != turnover:
        yield f"turnover {s.turnover_minutes} but the hall needs {turnover}"
    length = s.intro_minutes + s.runtime_minutes + s.guest_minutes
    if s.end_local - s.start_local != dt.timedelta(minutes=length):
        yield "end is not start + intro + runtime (+ guest minutes)"
    yield from _record_guest(s, inputs)
    yield from _record_times(s, info, inputs)


def _record_guest(s: Screening, inputs: Inputs) -> Iterator[str]:
    if s.guest is not None:
        guest = inputs.guests.get(s.guest)
        wanted = [a for a in guest.appearances if a.film == s.film] if guest else []
        if not wanted:
            yield f"guest {s.guest!r} has no appearance at {s.film!r}"
        elif (s.guest_minutes, s.guest_kind) != (wanted[0].minutes, wanted[0].kind):
            yield f"guest {s.guest!r} appears for {wanted[0].minutes} min as {wanted[0].kind}"
    elif s.guest_minutes or s.guest_kind:
        yield "guest minutes without a guest"


def _record_times(s: Screening, info: HallInfo, inputs: Inputs) -> Iterator[str]:
    if s.start_utc != s.start_local or s.end_utc != s.end_local:
        yield "UTC and local times are different instants"
    if s.start_utc.utcoffset() != dt.timedelta(0) or s.end_utc.utcoffset() != dt.timedelta(0):
        yield "UTC times carry a non-zero offset"
    for name, moment in (("start", s.start_local), ("end", s.end_local)):
        expected = in_zone(moment, info.tz).utcoffset()
        if moment.utcoffset() != expected:
            yield f"{name} offset {moment.utcoffset()} is not {info.tz}'s {expected}"
    day = inputs.timeline.festival_day(in_zone(s.start_local, info.tz))
    if s.festival_day != day:
        yield f"festival day {s.festival_day} but it starts on festival day {day}"


def record(ctx: _Schedule) -> Iterator[Violation]:
    """Rule.RECORD: each record agrees with the inputs and with itself; ids are unique; guest
    itineraries list their appearances; copy stays do not end before they begin."""
    schedule, inputs = ctx.schedule, ctx.inputs
    ids = Counter(s.id for s in schedule.screenings)
    for i, n in ids.items():
        if n > 1:
            yield Violation(Rule.RECORD, i, "duplicate screening id")
    for s in schedule.screenings:
        for message in _record_fields(s, inputs):
            yield Violation(Rule.RECORD, s.id, message)
    if schedule.festival.id != inputs.venues.festival.id:
        yield Violation(Rule.RECORD, "festival", "schedule is for another festival")
    for guest in inputs.venues.guests:
        listed = next((g.screenings for g in schedule.guests if g.guest == guest.id), ())
        if list(listed) != [s.id for s in ctx.by_guest.get(guest.id, [])]:
            yield Violation(Rule.RECORD, guest.id, "guest itinerary does not match")
    for itinerary, _, name in ctx.itineraries():
        for stay in itinerary.stays:
            if stay.last_day < stay.first_day:
                yield Violation(Rule.RECORD, name, "a stay ends before it begins")


# ----------------------------------------------------------------- one screening at a time
def _festival_dates(p: _Placed, inputs: Inputs) -> Iterator[str]:
    fest = inputs.venues.festival
    if not fest.first_day <= p.s.festival_day <= fest.last_day:
        yield f"festival day {p.s.festival_day} is outside"


def _hall_hours(p: _Placed, inputs: Inputs) -> Iterator[str]:
    day = p.s.festival_day
    hours = hours_on(p.info.hall, day)
    if hours is None:
        yield f"hall closed on {day}"
        return
    opens, closes = (_clock(inputs, day, t) for t in hours)
    if p.start < opens or p.end > closes:
        yield f"{p.start:%H:%M}–{p.end:%H:%M} is outside {hours[0]:%H:%M}–{hours[1]:%H:%M}"


def _hall_blocked(p: _Placed, inputs: Inputs) -> Iterator[str]:
    day = p.s.festival_day
    for block in blocks_on(p.info.hall, day):
        if p.start < _clock(inputs, day, block.to) and _clock(inputs, day, block.from_) < p.release:
            yield f"overlaps the blocked period {block.from_:%H:%M}–{block.to:%H:%M}"


def _latest_end(p: _Placed, inputs: Inputs) -> Iterator[str]:
    latest = inputs.venues.policy.latest_end
    if latest is not None and p.end > _clock(inputs, p.s.festival_day, latest):
        yield f"ends {p.end:%H:%M}, after {latest:%H:%M}"


def _time_grain(p: _Placed, inputs: Inputs) -> Iterator[str]:
    grain = inputs.venues.policy.grain_minutes
    if not p.s.pinned and (p.start.hour * 60 + p.start.minute) % grain:
        yield f"{p.start:%H:%M} is off the {grain}-min grain"


def _key_window(p: _Placed, inputs: Inputs) -> Iterator[str]:
    for key in inputs.venues.logistics.keys:
        if (
            key.film == p.s.film
            and key.venue == p.s.venue
            and not (key.valid_from <= p.start and p.end <= key.valid_until)
        ):
            yield f"the key is valid {key.valid_from:%d %b %H:%M}–{key.valid_until:%d %b %H:%M}"


def _not_before(p: _Placed, inputs: Inputs) -> Iterator[str]:
    at = p.film.screenings.not_before
    if at is not None and p.start < at:
        yield f"starts {p.start:%d %b %H:%M}, before {at:%d %b %H:%M}"


def _guest_available(p: _Placed, inputs: Inputs) -> Iterator[str]:
    guest = inputs.guests.get(p.s.guest) if p.s.guest is not None else None
    day = p.s.festival_day
    if (
        guest is not None
        and guest.available
        and not any(r.from_ <= day <= r.until for r in guest.available)
    ):
        yield f"{guest.id} is away on {day}"


def _hall_eligibility(p: _Placed, inputs: Inputs) -> Iterator[str]:
    film, hall = p.film, p.info.hall
    if film.withdrawn or hall.withdrawn or p.info.venue.withdrawn:
        yield "film, hall or venue withdrawn"
    if hall.seats < film.requires.min_seats or not set(film.requires.features) <= set(
        hall.features
    ):
        yield f"{p.s.venue}/{p.s.hall} cannot show {p.s.film}"


def _age_policy(p: _Placed, inputs: Inputs) -> Iterator[str]:
    rating = p.film.age_rating
    for rule in inputs.programme.age_policy:
        if rating not in rule.ratings:
            continue
        limits = (
            (rule.earliest_start, p.start, True, "starts before"),
            (rule.latest_start, p.start, False, "starts after"),
            (rule.latest_end, p.end, False, "ends after"),
        )
        for at, moment, is_earliest, words in limits:
            if at is None:
                continue
            limit = _clock(inputs, p.s.festival_day, at)
            if moment < limit if is_earliest else moment > limit:
                yield f"{rating} film {words} {at:%H:%M}"


def _ru_age_category(p: _Placed, inputs: Inputs) -> Iterator[str]:
    if inputs.russian_rules and p.film.age_rating == AgeRating.UNRATED:
        yield "shown without an age category 0+, 6+, 12+, 16+ or 18+ (436-FZ)"


ALONE: dict[Rule, Fault] = {
    Rule.FESTIVAL_DATES: _festival_dates,
    Rule.HALL_HOURS: _hall_hours,
    Rule.HALL_BLOCKED: _hall_blocked,
    Rule.LATEST_END: _latest_end,
    Rule.TIME_GRAIN: _time_grain,
    Rule.KEY_WINDOW: _key_window,
    Rule.NOT_BEFORE: _not_before,
    Rule.GUEST_AVAILABLE: _guest_available,
    Rule.HALL_ELIGIBILITY: _hall_eligibility,
    Rule.AGE_POLICY: _age_policy,
    Rule.RU_AGE_CATEGORY: _ru_age_category,
}
"""The rules one screening keeps or breaks on its own (those the candidates keep, and the time
grain), each as the faults it finds in words."""


def screening_faults(s: Screening, inputs: Inputs) -> list[Violation]:
    """Every rule one screening breaks on its own (``ALONE``), or its record's faults when it
    names no known film or hall."""
    p = _placed(s, inputs)
    if p is None:
        return [Violation(Rule.RECORD, s.id, m) for m in _record_fields(s, inputs)]
    return sorted(
        Violation(rule, s.id, m) for rule, fault in ALONE.items() for m in fault(p, inputs)
    )


# ------------------------------------------------------------------- screenings together
def hall_overlap(ctx: _Schedule) -> Iterator[Violation]:
    """Rule.HALL_OVERLAP: in each hall, one screening (and its turnover) at a time."""
    by_hall: dict[tuple[str, str], list[Screening]] = defaultdict(list)
    for s in ctx.screenings:
        by_hall[(s.venue, s.hall)].append(s)
    for group in by_hall.values():
        group.sort(key=lambda s: (s.start_utc, s.id))
        for a, b in pairwise(group):
            busy = a.end_utc + dt.timedelta(minutes=a.turnover_minutes)
            if b.start_utc < busy:
                info = ctx.inputs.halls[(a.venue, a.hall)]
                until = (a.end_local + dt.timedelta(minutes=a.turnover_minutes)).strftime("%H:%M")
                yield Violation(
                    Rule.HALL_OVERLAP,
                    f"{a.id}+{b.id}",
                    f"{info.venue.name.en} · {info.hall.name.en}, "
                    f"{a.start_local.day} {a.start_local:%b %H:%M}–{until} (turnover included) overlaps "
                    f"{b.start_local:%H:%M}–{b.end_local:%H:%M}",
                )


def venue_stagger(ctx: _Schedule) -> Iterator[Violation]:
    """Rule.VENUE_STAGGER: in each venue, starts at least its stagger apart."""
    by_venue: dict[str, list[_Placed]] = defaultdict(list)
    for p in ctx.placed:
        by_venue[p.s.venue].append(p)
    for group in by_venue.values():
        gap = ctx.inputs.stagger(group[0].info.venue)
        if not gap:
            continue
        group.sort(key=lambda p: (p.s.start_utc, p.s.id))
        for a, b in pairwise(group):
            apart = int((b.s.start_utc - a.s.start_utc).total_seconds() // 60)
            if apart < gap:
                yield Violation(
                    Rule.VENUE_STAGGER,
                    f"{a.s.id}+{b.s.id}",
                    f"start {apart} min apart in {a.s.venue}; at least {gap}",
                )


def film_count(ctx: _Schedule) -> Iterator[Violation]:
    """Rule.FILM_COUNT: each film's screenings within its min and max."""
    for film in ctx.inputs.active_films:
        n = ctx.totals[film.id]
        low, high = film.screenings.min, film.screenings.max
        if not low <= n <= high:
            yield Violation(Rule.FILM_COUNT, film.id, f"{n} screenings, allowed {low}–{high}")


def city_count(ctx: _Schedule) -> Iterator[Violation]:
    """Rule.CITY_COUNT: each film's screenings per city within its per-city limits."""
    city = Counter((s.film, s.city) for s in ctx.screenings)
    for film in ctx.inputs.active_films:
        for c in ctx.inputs.venues.cities:
            low, high = ctx.inputs.city_limits(film, c.id)
            m = city[(film.id, c.id)]
            if m < low or (high is not None and m > high):
                allowed = f"at least {low}" if high is None else f"allowed {low}–{high}"
                yield Violation(Rule.CITY_COUNT, f"{film.id}@{c.id}", f"{m} screenings, {allowed}")


def film_city_day(ctx: _Schedule) -> Iterator[Violation]:
    """Rule.FILM_CITY_DAY: at most max_per_film_city_day of a film per city per festival day."""
    k = ctx.inputs.venues.policy.max_per_film_city_day
    city_day = Counter((s.film, s.city, s.festival_day) for s in ctx.screenings)
    for (film_id, city_id, day), m in sorted(city_day.items()):
        if m > k:
            yield Violation(Rule.FILM_CITY_DAY, f"{film_id}@{city_id}", f"{m} screenings on {day}")


def premiere(ctx: _Schedule) -> Iterator[Violation]:
    """Rule.PREMIERE: a film with a premiere plays first where its premiere allows."""
    by_film: dict[str, list[_Placed]] = defaultdict(list)
    for p in ctx.placed:
        if p.film.premiere is not None:
            by_film[p.s.film].append(p)
    tl = ctx.inputs.timeline
    for film, group in sorted(by_film.items()):
        first = min(p.s.start_utc for p in group)
        faults = [
            (
                p.s.id,
                ctx.inputs.premiere_faults(
                    p.film, p.info, p.s.festival_day, tl.festival_time(p.start)
                ),
            )
            for p in sorted(group, key=lambda p: p.s.id)
            if p.s.start_utc == first
        ]
        if any(why for _, why in faults):  # every screening of its first moment is a premiere
            sid, why = next((sid, why) for sid, why in faults if why)
            yield Violation(
                Rule.PREMIERE, film, f"its first screening {sid} is no premiere: {'; '.join(why)}"
            )


def hall_commitment(ctx: _Schedule) -> Iterator[Violation]:
    """Rule.HALL_COMMITMENT: a committed hall's screenings on each day it is open."""
    per_day = Counter((s.venue, s.hall, s.festival_day) for s in ctx.screenings)
    for (venue, hall), info in sorted(ctx.inputs.halls.items()):
        low = info.hall.min_per_open_day
        for day in ctx.inputs.committed_days(info):
            n = per_day[(venue, hall, day)]
            if n < low:
                yield Violation(
                    Rule.HALL_COMMITMENT,
                    f"{venue}/{hall}",
                    f"{n} screenings on {day}; the festival committed to {low} a day",
                )


def venue_commitment(ctx: _Schedule) -> Iterator[Violation]:
    """Rule.VENUE_COMMITMENT: a committed venue's screenings in all."""
    total = Counter(s.venue for s in ctx.screenings)
    for venue in ctx.inputs.venues.venues:
        low = venue.min_screenings
        if low and not venue.withdrawn and total[venue.id] < low:
            yield Violation(
                Rule.VENUE_COMMITMENT,
                venue.id,
                f"{total[venue.id]} screenings; the festival committed to {low}",
            )


def pin(ctx: _Schedule) -> Iterator[Violation]:
    """Rule.PIN: every pin takes place exactly as pinned."""
    for p in ctx.inputs.venues.pins:
        found = any(
            s.film == p.film
            and s.venue == p.venue
            and s.hall == p.hall
            and _naive(s.start_local) == p.start
            and (p.guest is None or s.guest == p.guest)
            for s in ctx.screenings
        )
        if not found:
            yield Violation(Rule.PIN, p.film, f"missing at {p.venue}/{p.hall} {p.start}")


# ------------------------------------------------------------------------- Russian law
def _uncertified_shown(ctx: _Schedule) -> list[Film]:
    inputs = ctx.inputs
    return [f for f in inputs.programme.films if inputs.uncertified(f) and ctx.totals[f.id]]


def ru_uncertified_limit(ctx: _Schedule) -> Iterator[Violation]:
    """Rule.RU_UNCERTIFIED_LIMIT (126-FZ Art. 5.1), when the Russian rule pack applies."""
    for film in _uncertified_shown(ctx):
        n = ctx.totals[film.id]
        if n > UNCERTIFIED_LIMIT:
            yield Violation(
                Rule.RU_UNCERTIFIED_LIMIT,
                film.id,
                f"{n} screenings without a distribution certificate; at most "
                f"{UNCERTIFIED_LIMIT} (126-FZ Art. 5.1)",
            )


def ru_festival_length(ctx: _Schedule) -> Iterator[Violation]:
    """Rule.RU_FESTIVAL_LENGTH (126-FZ Art. 5.1), when the Russian rule pack applies."""
    days = len(ctx.inputs.days)
    if _uncertified_shown(ctx) and not 3 <= days <= 15:
        yield Violation(
            Rule.RU_FESTIVAL_LENGTH,
            "festival",
            f"{days} days with uncertified films; a festival lasts 3 to 15 days (126-FZ Art. 5.1)",
        )


# ------------------------------------------------------------------------------ guests
def guest_count(ctx: _Schedule) -> Iterator[Violation]:
    """Rule.GUEST_COUNT: each appearance at a film that plays, exactly as many times as asked."""
    films = ctx.inputs.films
    for guest in ctx.inputs.venues.guests:
        mine = ctx.by_guest.get(guest.id, [])
        for appearance in guest.appearances:
            if films.get(appearance.film) is None or films[appearance.film].withdrawn:
                continue
            n = sum(s.film == appearance.film for s in mine)
            if n != appearance.count:
                yield Violation(
                    Rule.GUEST_COUNT,
                    guest.id,
                    f"{n} appearances at {appearance.film}, asked {appearance.count}",
                )


def guest_overlap(ctx: _Schedule) -> Iterator[Violation]:
    """Rule.GUEST_OVERLAP: a guest is in one place at a time and in one city a day."""
    for guest, mine in sorted(ctx.by_guest.items()):
        for a, b in pairwise(mine):
            if b.start_utc < a.end_utc:
                yield Violation(Rule.GUEST_OVERLAP, guest, f"{a.id} and {b.id} overlap")
        for n, a in enumerate(mine):
            for b in mine[n + 1 :]:
                if a.city != b.city and a.festival_day == b.festival_day:
                    yield Violation(
                        Rule.GUEST_OVERLAP, guest, f"in {a.city} and {b.city} on {a.festival_day}"
                    )


def guest_travel(ctx: _Schedule) -> Iterator[Violation]:
    """Rule.GUEST_TRAVEL: between appearances in two cities, the travel hours."""
    for guest, mine in sorted(ctx.by_guest.items()):
        for n, a in enumerate(mine):
            for b in mine[n + 1 :]:
                if a.city == b.city:
                    continue
                hours = ctx.inputs.transit_hours(a.city, b.city)
                if b.start_utc - a.end_utc < dt.timedelta(hours=hours):
                    yield Violation(
                        Rule.GUEST_TRAVEL,
                        guest,
                        f"{a.id} in {a.city} to {b.id} in {b.city}: needs {hours:g} h",
                    )


def guest_per_day(ctx: _Schedule) -> Iterator[Violation]:
    """Rule.GUEST_PER_DAY: at most max_per_day appearances a day."""
    for guest in ctx.inputs.venues.guests:
        per_day = Counter(s.festival_day for s in ctx.by_guest.get(guest.id, []))
        for day, n in sorted(per_day.items()):
            if n > guest.max_per_day:
                yield Violation(Rule.GUEST_PER_DAY, guest.id, f"{n} appearances on {day}")


# ------------------------------------------------------------------------------ copies
def copy_location(ctx: _Schedule) -> Iterator[Violation]:
    """Rule.COPY_LOCATION: each screening of a film with limited copies is served by exactly one
    copy that is in that city that day; a copy is in one place at a time."""
    served: Counter[str] = Counter()
    for itinerary in ctx.schedule.copies:
        pool = ctx.inputs.copy_pool(itinerary.film)
        if pool is None or itinerary.copy_number > pool.count:
            name = f"{itinerary.film}#{itinerary.copy_number}"
            yield Violation(Rule.COPY_LOCATION, name, "no such copy")
    for itinerary, _, name in ctx.itineraries():
        for stay in itinerary.stays:
            for sid in stay.screenings:
                s = ctx.by_id.get(sid)
                served[sid] += 1
                if (
                    s is None
                    or s.film != itinerary.film
                    or s.city != stay.city
                    or not (stay.first_day <= s.festival_day <= stay.last_day)
                ):
                    yield Violation(Rule.COPY_LOCATION, name, f"{sid} is not where the copy is")
        stays = sorted(itinerary.stays, key=lambda st: st.first_day)
        for a, b in pairwise(stays):
            gap = (b.first_day - a.last_day).days
            if gap < 0 or (a.city == b.city and gap == 0):
                yield Violation(Rule.COPY_LOCATION, name, "in two places at once")
            elif gap == 0:
                yield Violation(
                    Rule.COPY_LOCATION, name, f"in {a.city} and {b.city} on {b.first_day}"
                )
    for s in ctx.screenings:
        if ctx.inputs.copy_pool(s.film) is not None and served[s.id] != 1:
            yield Violation(Rule.COPY_LOCATION, s.id, "not served by exactly one copy")


def copy_available(ctx: _Schedule) -> Iterator[Violation]:
    """Rule.COPY_AVAILABLE: a copy is used only between its available dates."""
    for itinerary, pool, name in ctx.itineraries():
        for stay in itinerary.stays:
            if (pool.available_from and stay.first_day < pool.available_from) or (
                pool.available_until and stay.last_day > pool.available_until
            ):
                yield Violation(Rule.COPY_AVAILABLE, name, f"used in {stay.city} outside its dates")


def copy_transit(ctx: _Schedule) -> Iterator[Violation]:
    """Rule.COPY_TRANSIT: between two cities, a copy has the transit hours plus ingest."""
    by_id = ctx.by_id
    for itinerary, _, name in ctx.itineraries():
        stays = sorted(itinerary.stays, key=lambda st: st.first_day)
        for a, b in pairwise(stays):
            if a.city == b.city or (b.first_day - a.last_day).days <= 0:
                continue  # one place a day is copy_location's
            left = max(
                (by_id[i] for i in a.screenings if i in by_id),
                key=lambda s: s.end_utc,
                default=None,
            )
            arrived = min(
                (by_id[i] for i in b.screenings if i in by_id),
                key=lambda s: s.start_utc,
                default=None,
            )
            hours = (
                ctx.inputs.transit_hours(a.city, b.city) + ctx.inputs.venues.logistics.ingest_hours
            )
            if left and arrived and arrived.start_utc - left.end_utc < dt.timedelta(hours=hours):
                yield Violation(
                    Rule.COPY_TRANSIT,
                    name,
                    f"{left.id} in {a.city} to {arrived.id} in {b.city}: needs {hours:g} h "
                    f"of transit and ingest",
                )


CHECKS: dict[Rule, Check] = {
    Rule.RECORD: record,
    **{rule: _each(rule, fault) for rule, fault in ALONE.items()},
    Rule.HALL_OVERLAP: hall_overlap,
    Rule.VENUE_STAGGER: venue_stagger,
    Rule.FILM_COUNT: film_count,
    Rule.CITY_COUNT: city_count,
    Rule.FILM_CITY_DAY: film_city_day,
    Rule.PREMIERE: premiere,
    Rule.PIN: pin,
    Rule.HALL_COMMITMENT: hall_commitment,
    Rule.VENUE_COMMITMENT: venue_commitment,
    Rule.RU_UNCERTIFIED_LIMIT: ru_uncertified_limit,
    Rule.RU_FESTIVAL_LENGTH: ru_festival_length,
    Rule.GUEST_COUNT: guest_count,
    Rule.GUEST_OVERLAP: guest_overlap,
    Rule.GUEST_TRAVEL: guest_travel,
    Rule.GUEST_PER_DAY: guest_per_day,
    Rule.COPY_LOCATION: copy_location,
    Rule.COPY_AVAILABLE: copy_available,
    Rule.COPY_TRANSIT: copy_transit,
}
"""One check per rule the verifier keeps (``Where.VERIFIER`` in the registry), by its name."""


def verify(schedule: Schedule, inputs: Inputs) -> list[Violation]:
    """Every hard-rule violation in the schedule (empty when it is valid), sorted."""
    ctx = _Schedule(schedule, inputs)
    return sorted(v for check in CHECKS.values() for v in check(ctx))


def _place(s: Screening) -> tuple[object, ...]:
    return (s.start_utc, s.end_utc, s.venue, s.hall, s.status)


def _shown(s: Screening) -> tuple[object, ...]:
    """What a published screening tells its audience: time, place, status and guest appearance."""
    return (*_place(s), s.guest, s.guest_kind, s.guest_minutes)


def _move_faults(before: Screening, after: Screening, policy: Replanning) -> list[Violation]:
    """How a published screening's move in a re-plan breaks the replanning policy: a frozen or
    sold one moved (Rule.FROZEN), or one moved to another city or further than
    ``max_day_shift`` festival days (Rule.MOVE_REACH)."""
    if _place(after) == _place(before):
        return []
    out = []
    if before.id in policy.sold or (
        policy.frozen_until is not None and before.start_utc < policy.frozen_until
    ):
        out.append(Violation(Rule.FROZEN, before.id, "a frozen or sold screening moved"))
    days = abs((after.festival_day - before.festival_day).days)
    if after.city != before.city:
        words = f"moved from {before.city} to another city, {after.city}"
        out.append(Violation(Rule.MOVE_REACH, before.id, words))
    elif days > policy.max_day_shift:
        words = (
            f"moved {days} festival day{'s' if days > 1 else ''}, from {before.festival_day} to "
            f"{after.festival_day}; max_day_shift is {policy.max_day_shift}"
        )
        out.append(Violation(Rule.MOVE_REACH, before.id, words))
    return out


def verify_change(
    previous: Schedule, schedule: Schedule, inputs: Inputs, replanned: bool = True
) -> list[Violation]:
    """Rules for a revision after ``previous``: ids survive, SEQUENCE grows with each change and
    never decreases, cancelled screenings stay listed; and, when the revision is a re-plan
    (``replanned``), frozen or sold screenings have not moved, a moved one stayed in its city and
    within ``max_day_shift`` festival days, and no more published screenings moved, changed guest
    or were cancelled than ``max_changes`` allows. A plan published over an earlier one with
    ``--force`` or a rollback is held to the identity rules only."""
    out: list[Violation] = []
    changes = 0
    policy = inputs.venues.replanning
    now = {s.id: s for s in (*schedule.screenings, *schedule.cancelled)}
    if len(now) != len(schedule.screenings) + len(schedule.cancelled):
        out.append(Violation(Rule.SEQUENCE, "schedule", "an id is used twice"))
    if schedule.revision != previous.revision + 1:
        out.append(Violation(Rule.SEQUENCE, "schedule", "revision does not follow the previous"))
    for s in schedule.cancelled:
        if s.status != "cancelled":
            out.append(Violation(Rule.SEQUENCE, s.id, "listed as cancelled with another status"))
    for before in (*previous.screenings, *previous.cancelled):
        after = now.get(before.id)
        if after is None:
            out.append(Violation(Rule.SEQUENCE, before.id, "published screening vanished"))
            continue
        if after.film != before.film:
            out.append(Violation(Rule.SEQUENCE, before.id, "the id now names another film"))
        if after.sequence < before.sequence:
            out.append(Violation(Rule.SEQUENCE, before.id, "SEQUENCE decreased"))
        changed = _shown(after) != _shown(before)
        if changed and before.status == "confirmed":
            changes += 1
        if changed and after.sequence == before.sequence:
            out.append(Violation(Rule.SEQUENCE, before.id, "changed without a SEQUENCE bump"))
        if replanned and before.status == after.status == "confirmed":
            out += _move_faults(before, after, policy)
    limit = policy.max_changes
    if replanned and limit is not None and changes > limit:
        out.append(
            Violation(
                Rule.CHANGE_BUDGET,
                "schedule",
                f"{changes} published screenings moved, changed guest or were cancelled; "
                f"max_changes is {limit}",
            )
        )
    return sorted(out)
