"""Counting pre-checks: cheap reasons, in the organiser's words, why no schedule can exist.

They run before the solver. Each says which requirement cannot be met and by how much, e.g.
"Kazan, 15 May: 9 screenings need 1,260 hall-minutes; halls offer 1,080".
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from itertools import combinations

from festival.availability import hours_on
from festival.candidates import (
    Candidate,
    enumerate_candidates,
    placement_faults,
    premiere_placements,
)
from festival.domain import AgeRating, Film, Pin
from festival.inputs import UNCERTIFIED_LIMIT, HallKey, Inputs
from festival.rules import Rule
from festival.timeline import NonexistentLocalTime


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%b}"


def _n(value: int) -> str:
    return f"{value:,}"


def _pin_reasons(inputs: Inputs) -> list[str]:
    out = []
    tl = inputs.timeline
    pins = inputs.venues.pins
    for pin in pins:
        info = inputs.halls[(pin.venue, pin.hall)]
        film = inputs.films[pin.film]
        try:
            faults = placement_faults(inputs, film, info, pin.start, pin.guest)
        except NonexistentLocalTime as err:  # a time of the hall's day the clocks skip
            faults = [(Rule.HALL_HOURS, f"{err}: the clocks go forward that night")]
        for rule, text in faults:
            out.append(
                f"pin of {film.title.en} at {info.venue.name.en}, {info.hall.name.en}, "
                f"{_day(pin.start.date())} {pin.start:%H:%M}: {text} [{rule}]"
            )
    policy = inputs.venues.policy
    for a, b in combinations(pins, 2):
        out += _stagger_reason(inputs, a, b)
        if (a.venue, a.hall) != (b.venue, b.hall):
            continue
        info = inputs.halls[(a.venue, a.hall)]
        spans = []
        for pin in (a, b):
            start = tl.minute_local(pin.start, info.tz)
            spans.append(
                (
                    start,
                    start
                    + policy.intro_minutes
                    + inputs.films[pin.film].runtime
                    + inputs.turnover(info.hall),
                )
            )
        if spans[0][0] < spans[1][1] and spans[1][0] < spans[0][1]:
            out.append(
                f"pins of {inputs.films[a.film].title.en} ({a.start:%d %b %H:%M}) and "
                f"{inputs.films[b.film].title.en} ({b.start:%d %b %H:%M}) overlap in "
                f"{info.venue.name.en}, {info.hall.name.en} [{Rule.HALL_OVERLAP}]"
            )
    per_film: dict[str, int] = defaultdict(int)
    for pin in pins:
        per_film[pin.film] += 1
    for film_id, count in per_film.items():
        film = inputs.films[film_id]
        if count > UNCERTIFIED_LIMIT and inputs.uncertified(film):
            out.append(
                f"{film.title.en} is pinned {count} times, but without a known Russian "
                f"distribution certificate it may be shown at most {UNCERTIFIED_LIMIT} times: "
                f"un-pin {count - UNCERTIFIED_LIMIT} or record its certificate "
                f"[{Rule.RU_UNCERTIFIED_LIMIT}, 126-FZ Art. 5.1]"
            )
        elif count > film.screenings.max:
            out.append(
                f"{film.title.en} has {count} pins but at most {film.screenings.max} screenings "
                f"[{Rule.FILM_COUNT}]"
            )
    return out


def _stagger_reason(inputs: Inputs, a: Pin, b: Pin) -> list[str]:
    """Two pins of one venue that start closer than its stagger (Rule.VENUE_STAGGER)."""
    if a.venue != b.venue:
        return []
    info = inputs.halls[(a.venue, a.hall)]
    gap = inputs.stagger(info.venue)
    tl = inputs.timeline
    apart = abs(tl.minute_local(a.start, info.tz) - tl.minute_local(b.start, info.tz))
    if not gap or apart >= gap:
        return []
    return [
        f"pins of {inputs.films[a.film].title.en} ({a.start:%d %b %H:%M}) and "
        f"{inputs.films[b.film].title.en} ({b.start:%d %b %H:%M}) start {apart} min apart in "
        f"{info.venue.name.en}, whose screenings start at least {gap} min apart "
        f"[{Rule.VENUE_STAGGER}]"
    ]


def _most_in_a_row(spans: list[tuple[int, int]]) -> int:
    """The most of these (start, release) spans that fit one hall without overlapping (earliest
    release first: exact for intervals)."""
    count, free = 0, -(2**62)
    for start, release in sorted(spans, key=lambda span: span[1]):
        if start >= free:
            count, free = count + 1, release
    return count


def _commitment_reasons(inputs: Inputs, candidates: list[Candidate]) -> list[str]:
    """Committed hall-days and venues that no schedule can fill (Rule.HALL_COMMITMENT,
    Rule.VENUE_COMMITMENT), counting hall time alone."""
    committed = {v.id for v in inputs.venues.venues if v.min_screenings and not v.withdrawn}
    halls = {
        key
        for key, info in inputs.halls.items()
        if key[0] in committed or (info.hall.min_per_open_day and inputs.committed_days(info))
    }
    spans: dict[tuple[HallKey, dt.date], set[tuple[int, int]]] = defaultdict(set)
    for c in candidates:
        if c.hall in halls:
            spans[(c.hall, c.day)].add((c.start, c.release))
    most = {key: _most_in_a_row(list(found)) for key, found in spans.items()}
    out = []
    for key, info in sorted(inputs.halls.items()):
        low = info.hall.min_per_open_day
        for day in inputs.committed_days(info):
            fits = most.get((key, day), 0)
            if fits < low:
                out.append(
                    f"{info.venue.name.en}, {info.hall.name.en} can hold {fits} screening(s) on "
                    f"{_day(day)}; the festival committed to {low} a day [{Rule.HALL_COMMITMENT}]"
                )
    for venue in inputs.venues.venues:
        if venue.min_screenings and not venue.withdrawn:
            fits = sum(n for (hall, _), n in most.items() if hall[0] == venue.id)
            if fits < venue.min_screenings:
                out.append(
                    f"{venue.name.en} can hold {fits} screening(s) in all; the festival "
                    f"committed to {venue.min_screenings} [{Rule.VENUE_COMMITMENT}]"
                )
    return out


def _premiere_reasons(inputs: Inputs, candidates: list[Candidate], placed: list[int]) -> list[str]:
    """Films that must play but have no placement their premiere allows (Rule.PREMIERE);
    ``placed``: the candidates that may be a premiere (``premiere_placements``)."""
    possible = {candidates[i].film for i in placed}
    return [
        f"{film.title.en} must play, but no hall, time and date its premiere asks for is open "
        f"to it [{Rule.PREMIERE}]"
        for film in inputs.active_films
        if film.premiere is not None and film.screenings.min and film.id not in possible
    ]


def _days(days: list[dt.date]) -> str:
    """Festival days in words, runs of days as ranges: "14–15 May", "30 Apr–2 May, 4 May"."""
    runs: list[list[dt.date]] = []
    for day in sorted(days):
        if runs and day - runs[-1][-1] == dt.timedelta(days=1):
            runs[-1].append(day)
        else:
            runs.append([day])
    out = []
    for run in runs:
        first, last = run[0], run[-1]
        if first == last:
            out.append(_day(first))
        elif (first.year, first.month) == (last.year, last.month):
            out.append(f"{first.day}–{_day(last)}")
        else:
            out.append(f"{_day(first)}–{_day(last)}")
    return ", ".join(out)


def _premiere_window(film: Film) -> str | None:
    """The start window a film's premiere asks for, in words (None without one)."""
    premiere = film.premiere
    if premiere is None or (premiere.from_ is None and premiere.to is None):
        return None
    if premiere.to is None:
        return f"from {premiere.from_:%H:%M}"
    if premiere.from_ is None:
        return f"until {premiere.to:%H:%M}"
    return f"{premiere.from_:%H:%M}–{premiere.to:%H:%M}"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _premiere_room_text(
    inputs: Inputs, place: frozenset[tuple[HallKey, dt.date]], room: int, films: list[Film]
) -> str:
    """E.g. "Karo 11 Oktyabr · Main Hall has room for 2 premieres on 1 Nov (18:00–20:30);
    3 premieres want it: Red Silk, Hidden Blade and The Sinking of the Lisbon Maru [premiere]"."""
    by_hall: dict[HallKey, list[dt.date]] = defaultdict(list)
    for hall, day in sorted(place):
        by_hall[hall].append(day)
    names = {
        key: f"{inputs.halls[key].venue.name.en} · {inputs.halls[key].hall.name.en}"
        for key in by_hall
    }
    one = len(by_hall) == 1
    has = f"{'has' if one else 'have'} room for {_plural(room, 'premiere')}"
    if len({tuple(days) for days in by_hall.values()}) == 1:
        days = _days(next(iter(by_hall.values())))
        said = f"{' and '.join(names.values())} {has} on {days}"
    else:
        said = f"{' and '.join(f'{names[h]} on {_days(d)}' for h, d in by_hall.items())} {has}"
    windows = sorted({w for f in films if (w := _premiere_window(f)) is not None})
    if windows:
        said += f" ({', '.join(windows)})"
    titles = [f.title.en for f in films]
    if len(titles) > 6:
        titles = [*titles[:5], f"{len(titles) - 5} more"]
    listed = f"{', '.join(titles[:-1])} and {titles[-1]}" if len(titles) > 1 else titles[0]
    want = f"{_plural(len(films), 'premiere')} want {'it' if one else 'them'}"
    return f"{said}; {want}: {listed} [{Rule.PREMIERE}]"


def _premiere_room_reasons(
    inputs: Inputs, candidates: list[Candidate], placed: list[int]
) -> list[str]:
    """Premieres that cannot all fit the halls and days they ask for (Rule.PREMIERE);
    ``placed``: the candidates that may be a premiere (``premiere_placements``).

    Each film that must play has its premiere at one of its premiere placements, and premieres of
    different films in one hall do not overlap (Rule.HALL_OVERLAP: start to release). So the films
    whose premiere placements all lie in a set of hall-days need that many premieres there, and a
    hall-day holds at most as many premieres in a row as its premiere placements allow (Hall's
    theorem; the sets checked are those a film is confined to). Hall-days are counted apart, which
    can only find room that is not there: a reason is never given when a schedule exists.
    """
    must = {f.id: f for f in inputs.active_films if f.premiere is not None and f.screenings.min}
    spans: dict[tuple[HallKey, dt.date], set[tuple[int, int]]] = defaultdict(set)
    where: dict[str, set[tuple[HallKey, dt.date]]] = defaultdict(set)
    for i in placed:
        c = candidates[i]
        if c.film in must:
            spans[(c.hall, c.day)].add((c.start, c.release))
            where[c.film].add((c.hall, c.day))
    confined = {f: frozenset(hall_days) for f, hall_days in where.items()}
    room: dict[tuple[HallKey, dt.date], int] = {}
    out = []
    found: list[frozenset[tuple[HallKey, dt.date]]] = []
    for place in sorted(set(confined.values()), key=lambda s: (len(s), sorted(s))):
        films = sorted(f for f, s in confined.items() if s <= place)
        # each of its hall-days has room for at least the film confined to exactly these
        if len(films) <= len(place) or any(smaller <= place for smaller in found):
            continue
        for key in place - room.keys():
            room[key] = _most_in_a_row(list(spans[key]))
        fits = sum(room[key] for key in place)
        if fits < len(films):
            found.append(place)
            out.append(_premiere_room_text(inputs, place, fits, [must[f] for f in films]))
    return out


def _count_reasons(inputs: Inputs, candidates: list[Candidate]) -> list[str]:
    out = []
    k = inputs.venues.policy.max_per_film_city_day
    days: dict[tuple[str, str], set[dt.date]] = defaultdict(set)
    for c in candidates:
        days[(c.film, c.city)].add(c.day)
    for film in inputs.active_films:
        reachable = 0
        for city in inputs.venues.cities:
            low, high = inputs.city_limits(film, city.id)
            n_days = len(days[(film.id, city.id)])
            most = n_days * k if high is None else min(high, n_days * k)
            reachable += most
            if low > most:
                if n_days == 0:
                    out.append(
                        f"{film.title.en} needs {low} screening(s) in {city.name.en} but no hall "
                        f"there can show it on any festival day [{Rule.CITY_COUNT}]"
                    )
                else:
                    out.append(
                        f"{film.title.en} needs {low} screenings in {city.name.en} but can play "
                        f"there on only {n_days} day(s), at most {k} a day [{Rule.CITY_COUNT}]"
                    )
        if film.screenings.min > reachable:
            out.append(
                f"{film.title.en} needs {film.screenings.min} screenings but at most {reachable} "
                f"fit its eligible halls and days [{Rule.FILM_COUNT}]"
            )
    return out


def _offered(inputs: Inputs, city: str, day: dt.date) -> int:
    """Hall-minutes a city offers on a festival day (each window plus one turnover after it)."""
    tl = inputs.timeline
    total = 0
    for info in inputs.halls.values():
        if info.city.id != city:
            continue
        hours = hours_on(info.hall, day)
        if hours is None:
            continue
        length = tl.order_of(hours[1]) - tl.order_of(hours[0])
        if inputs.venues.policy.latest_end is not None:
            length = min(
                length, tl.order_of(inputs.venues.policy.latest_end) - tl.order_of(hours[0])
            )
        total += max(0, length) + inputs.turnover(info.hall)
    return total


def _guest_forced(inputs: Inputs, city: str) -> dict[dt.date, list[int]]:
    """Minutes of guest appearances that can only happen in ``city`` on one festival day
    (the guest is available that day only, and the appearance is limited to this city)."""
    policy = inputs.venues.policy
    out: dict[dt.date, list[int]] = defaultdict(list)
    for guest in inputs.venues.guests:
        days = [
            d
            for d in inputs.days
            if not guest.available or any(r.from_ <= d <= r.until for r in guest.available)
        ]
        if len(days) != 1:
            continue
        for a in guest.appearances:
            if tuple(a.cities) == (city,) and not any(
                p.guest == guest.id and p.film == a.film for p in inputs.venues.pins
            ):
                film = inputs.films[a.film]
                length = policy.intro_minutes + film.runtime + a.minutes + policy.turnover_minutes
                out[days[0]] += [length] * a.count
    return out


def _minutes_reasons(inputs: Inputs) -> list[str]:
    """Hall-minutes needed by per-city minimums and pins against what each city offers."""
    out = []
    policy = inputs.venues.policy
    turnover = policy.turnover_minutes
    for city in inputs.venues.cities:
        need = count = 0
        for film in inputs.active_films:
            low, _ = inputs.city_limits(film, city.id)
            need += low * (policy.intro_minutes + film.runtime + turnover)
            count += low
        offered = sum(_offered(inputs, city.id, day) for day in inputs.days)
        if need > offered:
            out.append(
                f"{city.name.en}, whole festival: {count} screenings need {_n(need)} hall-minutes; "
                f"halls offer {_n(offered)} [{Rule.CITY_COUNT}]"
            )
        per_day: dict[dt.date, list[int]] = defaultdict(list)
        for pin in inputs.venues.pins:
            info = inputs.halls[(pin.venue, pin.hall)]
            if info.city.id == city.id:
                film = inputs.films[pin.film]
                per_day[inputs.timeline.festival_day(pin.start)].append(
                    policy.intro_minutes + film.runtime + turnover
                )
        forced = _guest_forced(inputs, city.id)
        for day in sorted(set(per_day) | set(forced)):
            lengths = per_day[day] + forced.get(day, [])
            offered = _offered(inputs, city.id, day)
            if sum(lengths) > offered:
                kinds = [
                    f"{n} {kind}"
                    for n, kind in (
                        (len(per_day[day]), "pinned"),
                        (len(forced.get(day, [])), "guest-bound"),
                    )
                    if n
                ]
                out.append(
                    f"{city.name.en}, {_day(day)}: {' and '.join(kinds)} screenings need "
                    f"{_n(sum(lengths))} hall-minutes; halls offer {_n(offered)} [{Rule.HALL_HOURS}]"
                )
    return out


def _russian_reasons(inputs: Inputs) -> list[str]:
    if not inputs.russian_rules:
        return []
    out = []
    uncertified = [f for f in inputs.active_films if inputs.uncertified(f)]
    for film in uncertified:
        city_min = sum(inputs.city_limits(film, c.id)[0] for c in inputs.venues.cities)
        need = max(film.screenings.min, city_min)
        if need > UNCERTIFIED_LIMIT:
            known = "has no" if film.certificate is False else "has no known"
            out.append(
                f"{film.title.en} needs {need} screenings but {known} Russian distribution "
                f"certificate, so it may be shown at most {UNCERTIFIED_LIMIT} times: lower its "
                f"minimum to {UNCERTIFIED_LIMIT} or record its certificate [{Rule.RU_UNCERTIFIED_LIMIT}, "
                f"126-FZ Art. 5.1]"
            )
    days = len(inputs.days)
    if uncertified and not 3 <= days <= 15:
        out.append(
            f"the festival lasts {days} days but shows films without a distribution certificate; "
            f"such a festival lasts 3 to 15 days [{Rule.RU_FESTIVAL_LENGTH}, 126-FZ Art. 5.1]"
        )
    for film in inputs.active_films:
        if film.age_rating == AgeRating.UNRATED and film.screenings.min > 0:
            out.append(
                f"{film.title.en} has no age category; every film needs 0+, 6+, 12+, 16+ or 18+ "
                f"[{Rule.RU_AGE_CATEGORY}, 436-FZ]"
            )
    return out


def _pin_text(inputs: Inputs, pin: Pin, title: bool = True) -> str:
    info = inputs.halls[(pin.venue, pin.hall)]
    place = f"{info.venue.name.en} on {_day(pin.start.date())} {pin.start:%H:%M}"
    return f"{inputs.films[pin.film].title.en} at {place}" if title else place


def _logistics_reasons(inputs: Inputs) -> list[str]:
    """Pinned screenings that film copies or guests cannot all reach."""
    out = []
    tl = inputs.timeline
    pins = inputs.venues.pins
    for first, second in combinations(pins, 2):
        a, b = sorted((first, second), key=lambda p: tl.festival_day(p.start))
        city_a = inputs.halls[(a.venue, a.hall)].city
        city_b = inputs.halls[(b.venue, b.hall)].city
        gap = (tl.festival_day(b.start) - tl.festival_day(a.start)).days
        pool = inputs.copy_pool(a.film)
        if a.film == b.film and pool is not None and pool.count == 1 and city_a != city_b:
            need = inputs.copy_days_apart(city_a.id, city_b.id)
            if gap < need:
                hours = inputs.transit_hours(city_a.id, city_b.id)
                ingest = inputs.venues.logistics.ingest_hours
                out.append(
                    f"the only copy of {inputs.films[a.film].title.en} cannot be both at "
                    f"{_pin_text(inputs, a, False)} and at {_pin_text(inputs, b, False)}: "
                    f"{city_a.name.en} to "
                    f"{city_b.name.en} takes {hours:g} h + {ingest:g} h ingest, {need} festival days "
                    f"apart with the venues' hours; "
                    f"un-pin one of them or add a copy [{Rule.COPY_TRANSIT}]"
                )
        if a.guest is not None and a.guest == b.guest and city_a != city_b:
            guest = inputs.guests[a.guest]
            if gap < inputs.guest_days_apart(city_a.id, city_b.id):
                out.append(
                    f"{guest.name.en} cannot appear both at {_pin_text(inputs, a)} and at "
                    f"{_pin_text(inputs, b)}: {city_a.name.en} to {city_b.name.en} takes "
                    f"{inputs.transit_hours(city_a.id, city_b.id):g} h; move one pin or drop the "
                    f"guest from it [{Rule.GUEST_TRAVEL}]"
                )
    for guest in inputs.venues.guests:
        wanted = sum(a.count for g, a in inputs.appearances() if g.id == guest.id)
        days = [
            d
            for d in inputs.days
            if not guest.available or any(r.from_ <= d <= r.until for r in guest.available)
        ]
        if wanted > len(days) * guest.max_per_day:
            out.append(
                f"{guest.name.en} is asked for {wanted} appearances but is available on "
                f"{len(days)} festival day(s), at most {guest.max_per_day} a day [{Rule.GUEST_COUNT}]"
            )
    return out


def reasons(inputs: Inputs, candidates: list[Candidate]) -> list[str]:
    """Every counting reason why no schedule can exist; empty when none is found."""
    placed = premiere_placements(inputs, candidates)
    return (
        _pin_reasons(inputs)
        + _russian_reasons(inputs)
        + _logistics_reasons(inputs)
        + _count_reasons(inputs, candidates)
        + _premiere_reasons(inputs, candidates, placed)
        + _premiere_room_reasons(inputs, candidates, placed)
        + _commitment_reasons(inputs, candidates)
        + _minutes_reasons(inputs)
    )


def checks(inputs: Inputs) -> list[str]:
    """What ``reasons`` checks for these inputs, in words, in the order it checks."""
    return [
        "pins",
        *(["Russian law"] if inputs.russian_rules else []),
        "copies and guests",
        "screenings per film and city",
        "hall-minutes per city and day",
    ]


def run(inputs: Inputs) -> list[str]:
    """The pre-checks on their own, as ``festival check`` runs them (``plan`` runs ``reasons``
    on the candidates it has enumerated anyway): every counting reason no schedule can exist."""
    return reasons(inputs, enumerate_candidates(inputs))
