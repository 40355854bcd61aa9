"""Independent verification of a finished schedule against its inputs. Plain Python, no solver.

It works from what ``schedule.json`` says (local date-times with offsets) and the input files, not
from the solver's candidates or minutes, so a mistake in the model cannot hide here. Violations are
reported under the same rule names the solver uses (``festival.rules``).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass
from itertools import pairwise

from festival.availability import blocks_on, hours_on
from festival.domain import AgeRating, Schedule, Screening
from festival.inputs import UNCERTIFIED_LIMIT, Inputs
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


def _festival_clock(inputs: Inputs, day: dt.date, at: dt.time) -> dt.datetime:
    """Naive local date-time of festival-day time ``at`` on ``day`` (before the cutoff: next date)."""
    return inputs.timeline.calendar_datetime(day, at)


def _record(s: Screening, inputs: Inputs) -> list[Violation]:
    out: list[Violation] = []

    def bad(message: str) -> None:
        out.append(Violation(Rule.RECORD, s.id, message))

    film = inputs.films.get(s.film)
    info = inputs.halls.get((s.venue, s.hall))
    if film is None:
        bad(f"unknown film {s.film!r}")
    if info is None:
        bad(f"unknown hall {s.venue}/{s.hall}")
    if film is None or info is None:
        return out
    policy = inputs.venues.policy
    if s.city != info.city.id:
        bad(f"city {s.city!r} but the venue is in {info.city.id!r}")
    if s.runtime_minutes != film.runtime:
        bad(f"runtime {s.runtime_minutes} but the film runs {film.runtime}")
    if s.intro_minutes != policy.intro_minutes:
        bad(f"intro {s.intro_minutes} but the policy says {policy.intro_minutes}")
    turnover = (
        policy.turnover_minutes
        if info.hall.turnover_minutes is None
        else (info.hall.turnover_minutes)
    )
    if s.turnover_minutes != turnover:
        bad(f"turnover {s.turnover_minutes} but the hall needs {turnover}")
    length = s.intro_minutes + s.runtime_minutes + s.guest_minutes
    if s.end_local - s.start_local != dt.timedelta(minutes=length):
        bad("end is not start + intro + runtime (+ guest minutes)")
    if s.guest is not None:
        guest = inputs.guests.get(s.guest)
        wanted = [a for a in guest.appearances if a.film == s.film] if guest else []
        if not wanted:
            bad(f"guest {s.guest!r} has no appearance at {s.film!r}")
        elif (s.guest_minutes, s.guest_kind) != (wanted[0].minutes, wanted[0].kind):
            bad(f"guest {s.guest!r} appears for {wanted[0].minutes} min as {wanted[0].kind}")
    elif s.guest_minutes or s.guest_kind:
        bad("guest minutes without a guest")
    if s.start_utc != s.start_local or s.end_utc != s.end_local:
        bad("UTC and local times are different instants")
    if s.start_utc.utcoffset() != dt.timedelta(0) or s.end_utc.utcoffset() != dt.timedelta(0):
        bad("UTC times carry a non-zero offset")
    for name, moment in (("start", s.start_local), ("end", s.end_local)):
        expected = in_zone(moment, info.tz).utcoffset()
        if moment.utcoffset() != expected:
            bad(f"{name} offset {moment.utcoffset()} is not {info.tz}'s {expected}")
    day = inputs.timeline.festival_day(in_zone(s.start_local, info.tz))
    if s.festival_day != day:
        bad(f"festival day {s.festival_day} but it starts on festival day {day}")
    return out


def _placement(s: Screening, inputs: Inputs) -> list[Violation]:
    """Rules about one screening on its own: dates, hours, blocks, latest end, age, hall, grain."""
    out: list[Violation] = []
    film = inputs.films[s.film]
    info = inputs.halls[(s.venue, s.hall)]
    policy = inputs.venues.policy
    fest = inputs.venues.festival
    start = _naive(in_zone(s.start_local, info.tz))
    end = _naive(in_zone(s.end_local, info.tz))
    release = end + dt.timedelta(minutes=s.turnover_minutes)
    day = s.festival_day
    if not fest.first_day <= day <= fest.last_day:
        out.append(Violation(Rule.FESTIVAL_DATES, s.id, f"festival day {day} is outside"))
    hours = hours_on(info.hall, day)
    if hours is None:
        out.append(Violation(Rule.HALL_HOURS, s.id, f"hall closed on {day}"))
    else:
        opens, closes = (_festival_clock(inputs, day, t) for t in hours)
        if start < opens or end > closes:
            out.append(
                Violation(
                    Rule.HALL_HOURS,
                    s.id,
                    f"{start:%H:%M}–{end:%H:%M} is outside {hours[0]:%H:%M}–{hours[1]:%H:%M}",
                )
            )
    for block in blocks_on(info.hall, day):
        b_from = _festival_clock(inputs, day, block.from_)
        b_to = _festival_clock(inputs, day, block.to)
        if start < b_to and b_from < release:
            out.append(
                Violation(
                    Rule.HALL_BLOCKED,
                    s.id,
                    f"overlaps the blocked period {block.from_:%H:%M}–{block.to:%H:%M}",
                )
            )
    if policy.latest_end is not None and end > _festival_clock(inputs, day, policy.latest_end):
        out.append(Violation(Rule.LATEST_END, s.id, f"ends {end:%H:%M}, after {policy.latest_end}"))
    if not s.pinned and (start.hour * 60 + start.minute) % policy.grain_minutes:
        out.append(
            Violation(
                Rule.TIME_GRAIN, s.id, f"{start:%H:%M} is off the {policy.grain_minutes}-min grain"
            )
        )
    for key in inputs.venues.logistics.keys:
        if (
            key.film == s.film
            and key.venue == s.venue
            and not (key.valid_from <= start and end <= key.valid_until)
        ):
            out.append(
                Violation(
                    Rule.KEY_WINDOW,
                    s.id,
                    f"the key is valid {key.valid_from:%d %b %H:%M}–{key.valid_until:%d %b %H:%M}",
                )
            )
    if s.guest is not None and s.guest in inputs.guests:
        ranges = inputs.guests[s.guest].available
        if ranges and not any(r.from_ <= day <= r.until for r in ranges):
            out.append(Violation(Rule.GUEST_AVAILABLE, s.id, f"{s.guest} is away on {day}"))
    hall = info.hall
    if film.withdrawn or hall.withdrawn or info.venue.withdrawn:
        out.append(Violation(Rule.HALL_ELIGIBILITY, s.id, "film, hall or venue withdrawn"))
    if hall.seats < film.requires.min_seats or not set(film.requires.features) <= set(
        hall.features
    ):
        out.append(
            Violation(Rule.HALL_ELIGIBILITY, s.id, f"{s.venue}/{s.hall} cannot show {s.film}")
        )
    for rule in inputs.programme.age_policy:
        if film.age_rating not in rule.ratings:
            continue
        checks = (
            (rule.earliest_start, start, True, "starts before"),
            (rule.latest_start, start, False, "starts after"),
            (rule.latest_end, end, False, "ends after"),
        )
        for limit_time, moment, is_earliest, words in checks:
            if limit_time is None:
                continue
            limit = _festival_clock(inputs, day, limit_time)
            if moment < limit if is_earliest else moment > limit:
                out.append(
                    Violation(
                        Rule.AGE_POLICY, s.id, f"{film.age_rating} film {words} {limit_time:%H:%M}"
                    )
                )
    return out


def _overlaps(screenings: tuple[Screening, ...]) -> list[Violation]:
    out = []
    by_hall: dict[tuple[str, str], list[Screening]] = defaultdict(list)
    for s in screenings:
        by_hall[(s.venue, s.hall)].append(s)
    for group in by_hall.values():
        group.sort(key=lambda s: (s.start_utc, s.id))
        for a, b in pairwise(group):
            if b.start_utc < a.end_utc + dt.timedelta(minutes=a.turnover_minutes):
                out.append(Violation(Rule.HALL_OVERLAP, f"{a.id}+{b.id}", "overlap in the hall"))
    return out


def _counts(screenings: tuple[Screening, ...], inputs: Inputs) -> list[Violation]:
    out = []
    total = Counter(s.film for s in screenings)
    city = Counter((s.film, s.city) for s in screenings)
    city_day = Counter((s.film, s.city, s.festival_day) for s in screenings)
    for film in inputs.active_films:
        n = total[film.id]
        if not film.screenings.min <= n <= film.screenings.max:
            out.append(
                Violation(
                    Rule.FILM_COUNT,
                    film.id,
                    f"{n} screenings, allowed {film.screenings.min}–{film.screenings.max}",
                )
            )
        for c in inputs.venues.cities:
            low = max(
                film.screenings.min_per_city,
                film.screenings.cities[c.id].min if c.id in film.screenings.cities else 0,
            )
            high = film.screenings.cities[c.id].max if c.id in film.screenings.cities else None
            m = city[(film.id, c.id)]
            if m < low or (high is not None and m > high):
                out.append(
                    Violation(Rule.CITY_COUNT, f"{film.id}@{c.id}", f"{m} screenings, min {low}")
                )
    k = inputs.venues.policy.max_per_film_city_day
    for (film_id, city_id, day), m in sorted(city_day.items()):
        if m > k:
            out.append(
                Violation(Rule.FILM_CITY_DAY, f"{film_id}@{city_id}", f"{m} screenings on {day}")
            )
    return out


def _pins(screenings: tuple[Screening, ...], inputs: Inputs) -> list[Violation]:
    out = []
    for pin in inputs.venues.pins:
        found = any(
            s.film == pin.film
            and s.venue == pin.venue
            and s.hall == pin.hall
            and _naive(s.start_local) == pin.start
            and (pin.guest is None or s.guest == pin.guest)
            for s in screenings
        )
        if not found:
            out.append(
                Violation(Rule.PIN, pin.film, f"missing at {pin.venue}/{pin.hall} {pin.start}")
            )
    return out


def _russian(screenings: tuple[Screening, ...], inputs: Inputs) -> list[Violation]:
    """The Russian rule pack, when it applies; every message cites its law."""
    if not inputs.russian_rules:
        return []
    out = []
    total = Counter(s.film for s in screenings)
    uncertified = [f for f in inputs.programme.films if inputs.uncertified(f) and total[f.id]]
    for film in uncertified:
        if total[film.id] > UNCERTIFIED_LIMIT:
            out.append(
                Violation(
                    Rule.RU_UNCERTIFIED_LIMIT,
                    film.id,
                    f"{total[film.id]} screenings without a distribution certificate; at most "
                    f"{UNCERTIFIED_LIMIT} (126-FZ Art. 5.1)",
                )
            )
    days = len(inputs.days)
    if uncertified and not 3 <= days <= 15:
        out.append(
            Violation(
                Rule.RU_FESTIVAL_LENGTH,
                "festival",
                f"{days} days with uncertified films; a festival lasts 3 to 15 days (126-FZ Art. 5.1)",
            )
        )
    for film in inputs.active_films:
        if total[film.id] and film.age_rating == AgeRating.UNRATED:
            out.append(
                Violation(
                    Rule.RU_AGE_CATEGORY,
                    film.id,
                    "shown without an age category 0+, 6+, 12+, 16+ or 18+ (436-FZ)",
                )
            )
    return out


def _guests(
    schedule: Schedule, screenings: tuple[Screening, ...], inputs: Inputs
) -> list[Violation]:
    out = []
    by_guest: dict[str, list[Screening]] = defaultdict(list)
    for s in screenings:
        if s.guest is not None:
            by_guest[s.guest].append(s)
    for guest in inputs.venues.guests:
        mine = sorted(by_guest[guest.id], key=lambda s: (s.start_utc, s.id))
        for appearance in guest.appearances:
            if inputs.films.get(appearance.film) is None or inputs.films[appearance.film].withdrawn:
                continue
            n = sum(s.film == appearance.film for s in mine)
            if n != appearance.count:
                out.append(
                    Violation(
                        Rule.GUEST_COUNT,
                        guest.id,
                        f"{n} appearances at {appearance.film}, asked {appearance.count}",
                    )
                )
        for a, b in pairwise(mine):
            if b.start_utc < a.end_utc:
                out.append(Violation(Rule.GUEST_OVERLAP, guest.id, f"{a.id} and {b.id} overlap"))
        per_day = Counter(s.festival_day for s in mine)
        for day, n in sorted(per_day.items()):
            if n > guest.max_per_day:
                out.append(Violation(Rule.GUEST_PER_DAY, guest.id, f"{n} appearances on {day}"))
        for n, a in enumerate(mine):
            for b in mine[n + 1 :]:
                if a.city == b.city:
                    continue
                if a.festival_day == b.festival_day:
                    out.append(
                        Violation(
                            Rule.GUEST_OVERLAP,
                            guest.id,
                            f"in {a.city} and {b.city} on {a.festival_day}",
                        )
                    )
                hours = inputs.transit_hours(a.city, b.city)
                if b.start_utc - a.end_utc < dt.timedelta(hours=hours):
                    out.append(
                        Violation(
                            Rule.GUEST_TRAVEL,
                            guest.id,
                            f"{a.id} in {a.city} to {b.id} in {b.city}: needs {hours:g} h",
                        )
                    )
        listed = next((g.screenings for g in schedule.guests if g.guest == guest.id), ())
        if list(listed) != [s.id for s in mine]:
            out.append(Violation(Rule.RECORD, guest.id, "guest itinerary does not match"))
    return out


def _copies(
    schedule: Schedule, screenings: tuple[Screening, ...], inputs: Inputs
) -> list[Violation]:
    out = []
    by_id = {s.id: s for s in screenings}
    served: Counter[str] = Counter()
    for itinerary in schedule.copies:
        pool = inputs.copy_pool(itinerary.film)
        name = f"{itinerary.film}#{itinerary.copy_number}"
        if pool is None or itinerary.copy_number > pool.count:
            out.append(Violation(Rule.COPY_LOCATION, name, "no such copy"))
            continue
        for stay in itinerary.stays:
            if stay.last_day < stay.first_day:
                out.append(Violation(Rule.RECORD, name, "a stay ends before it begins"))
            if (pool.available_from and stay.first_day < pool.available_from) or (
                pool.available_until and stay.last_day > pool.available_until
            ):
                out.append(
                    Violation(Rule.COPY_AVAILABLE, name, f"used in {stay.city} outside its dates")
                )
            for sid in stay.screenings:
                s = by_id.get(sid)
                served[sid] += 1
                if (
                    s is None
                    or s.film != itinerary.film
                    or s.city != stay.city
                    or not (stay.first_day <= s.festival_day <= stay.last_day)
                ):
                    out.append(
                        Violation(Rule.COPY_LOCATION, name, f"{sid} is not where the copy is")
                    )
        stays = sorted(itinerary.stays, key=lambda st: st.first_day)
        for a, b in pairwise(stays):
            gap = (b.first_day - a.last_day).days
            if gap < 0 or (a.city == b.city and gap == 0):
                out.append(Violation(Rule.COPY_LOCATION, name, "in two places at once"))
                continue
            if a.city == b.city:
                continue
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
            hours = inputs.transit_hours(a.city, b.city) + inputs.venues.logistics.ingest_hours
            if left and arrived and arrived.start_utc - left.end_utc < dt.timedelta(hours=hours):
                out.append(
                    Violation(
                        Rule.COPY_TRANSIT,
                        name,
                        f"{left.id} in {a.city} to {arrived.id} in {b.city}: needs {hours:g} h "
                        f"of transit and ingest",
                    )
                )
    for s in screenings:
        if inputs.copy_pool(s.film) is not None and served[s.id] != 1:
            out.append(Violation(Rule.COPY_LOCATION, s.id, "not served by exactly one copy"))
    return out


def verify(schedule: Schedule, inputs: Inputs) -> list[Violation]:
    """Every hard-rule violation in the schedule (empty when it is valid), sorted."""
    out: list[Violation] = []
    ids = Counter(s.id for s in schedule.screenings)
    out += [Violation(Rule.RECORD, i, "duplicate screening id") for i, n in ids.items() if n > 1]
    valid: list[Screening] = []
    for s in schedule.screenings:
        problems = _record(s, inputs)
        out += problems
        if not any("unknown" in p.message for p in problems):
            valid.append(s)
    for s in valid:
        out += _placement(s, inputs)
    kept = tuple(valid)
    out += _overlaps(kept) + _counts(kept, inputs) + _pins(kept, inputs)
    out += (
        _russian(kept, inputs) + _guests(schedule, kept, inputs) + _copies(schedule, kept, inputs)
    )
    if schedule.festival.id != inputs.venues.festival.id:
        out.append(Violation(Rule.RECORD, "festival", "schedule is for another festival"))
    return sorted(out)


def _place(s: Screening) -> tuple[object, ...]:
    return (s.start_utc, s.end_utc, s.venue, s.hall, s.status)


def _shown(s: Screening) -> tuple[object, ...]:
    """What a published screening tells its audience: time, place, status and guest appearance."""
    return (*_place(s), s.guest, s.guest_kind, s.guest_minutes)


def verify_change(
    previous: Schedule, schedule: Schedule, inputs: Inputs, replanned: bool = True
) -> list[Violation]:
    """Rules for a revision after ``previous``: ids survive, SEQUENCE grows with each change and
    never decreases, cancelled screenings stay listed; and, when the revision is a re-plan
    (``replanned``), frozen or sold screenings have not moved and no more published screenings
    moved, changed guest or were cancelled than ``max_changes`` allows. A plan published over an
    earlier one with ``--force`` or a rollback is held to the identity rules only."""
    out: list[Violation] = []
    changes = 0
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
        policy = inputs.venues.replanning
        is_frozen = before.id in policy.sold or (
            policy.frozen_until is not None and before.start_utc < policy.frozen_until
        )
        if (
            replanned
            and is_frozen
            and before.status == "confirmed"
            and after.status == "confirmed"
            and _place(after) != _place(before)
        ):
            out.append(Violation(Rule.FROZEN, before.id, "a frozen or sold screening moved"))
    limit = inputs.venues.replanning.max_changes
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
