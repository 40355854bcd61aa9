"""Benchmark instances: the bundled examples, Sundance 2024 (real), and seeded synthetic festivals.

Every instance is built in memory and goes through the same validation and cross-checks as a file a
user gives ``festival plan`` (``festival.load``'s checks), so a benchmark never runs on input the
product would refuse. ``python -m tests.benchmarks.instances NAME --dump DIR`` writes an instance as
a venue file and a line-up, so ``festival plan DIR/venues.yaml`` plans it.

Synthetic instances are seeded (``random.Random(seed)``): the same name and seed always give the same
festival. Sundance 2024 is converted by the rule in ``sundance()``'s docstring.
"""

from __future__ import annotations

import argparse
import copy
import csv
import datetime as dt
import hashlib
import json
import math
import os
import random
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from festival.domain import Programme, VenueFile
from festival.errors import InputError
from festival.inputs import Inputs, Source
from festival.load import (
    Document,
    check_pair,
    check_programme,
    check_venue_file,
    load,
    validate,
)
from festival.scoring import SharedAudience
from tests.benchmarks.placements import Placement

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
SUNDANCE_CSV = ROOT.parent / "shared" / "data" / "sundance-2024" / "screenings.csv"
"""The Sundance 2024 listing (MIT, see the LICENSE beside it); ``$FESTIVAL_SUNDANCE_CSV`` overrides."""


@dataclass
class Instance:
    """A benchmark instance: the inputs, a default time limit, and a published schedule if known."""

    name: str
    inputs: Inputs
    time_limit: float
    description: str
    published: list[Placement] | None = None
    """The festival's own schedule (Sundance), scored under the same rules as every peer."""
    venue_data: dict[str, Any] | None = None
    programme_data: dict[str, Any] | None = None
    facts: dict[str, Any] = field(default_factory=dict)


# --------------------------------------------------------------------------------------------------
# In-memory inputs, checked like files


def _jsonable(data: Any) -> bytes:
    return json.dumps(data, sort_keys=True, default=str, ensure_ascii=False).encode()


def from_data(name: str, venue_data: dict[str, Any], programme_data: dict[str, Any]) -> Inputs:
    """Validate and cross-check plain data exactly as ``festival.load.load`` checks files."""
    vdoc = Document(Source(Path(f"{name}/venues.yaml"), _jsonable(venue_data)), venue_data, {})
    pdoc = Document(
        Source(Path(f"{name}/programme.yaml"), _jsonable(programme_data)), programme_data, {}
    )
    vf, problems = validate(VenueFile, vdoc)
    prog, found = validate(Programme, pdoc)
    problems += found
    if vf is not None:
        problems += check_venue_file(vf, vdoc)
    if prog is not None:
        problems += check_programme(prog, pdoc)
        if vf is not None:
            problems += check_pair(vf, vdoc, prog, pdoc)
    if problems or vf is None or prog is None:
        raise InputError(problems)
    return Inputs(vf, prog, vdoc.source, pdoc.source)


def slug(text: str, taken: set[str] | None = None) -> str:
    """A readable id from a name (``Dìdi (弟弟)`` → ``didi``), unique within ``taken``."""
    plain = text.lower().replace("ì", "i").replace("é", "e").replace("á", "a").replace("ñ", "n")
    base = re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[:56].strip("-") or "x"
    out, n = base, 2
    while taken is not None and out in taken:
        out, n = f"{base}-{n}", n + 1
    if taken is not None:
        taken.add(out)
    return out


def _text(value: str) -> dict[str, str]:
    return {"ru": value, "en": value, "zh": value}


def _film(
    fid: str,
    title: str,
    runtime: int,
    audience: int,
    counts: dict[str, Any],
    rating: str = "12+",
    features: tuple[str, ...] = (),
    min_seats: int = 0,
    year: int = 2024,
) -> dict[str, Any]:
    return {
        "id": fid,
        "title": {**_text(title), "original": title},
        "year": year,
        "countries": ["US"],
        "directors": [{"original": "Director"}],
        "runtime": runtime,
        "age_rating": rating,
        "languages": {"audio": ["en"]},
        "synopsis": _text("—"),
        "demand": {"audience": audience},
        "screenings": counts,
        "requires": {"features": list(features), "min_seats": min_seats},
        "certificate": True,
    }


def _festival(fid: str, name: str, first: dt.date, last: dt.date) -> dict[str, Any]:
    return {
        "id": fid,
        "name": _text(name),
        "first_day": first.isoformat(),
        "last_day": last.isoformat(),
        "base_url": f"https://{fid}.example.org/",
        "domain": f"{fid}.example.org",
        "organizer": {"name": "Benchmark", "email": "bench@example.org"},
    }


# --------------------------------------------------------------------------------------------------
# The bundled examples


def example(name: str, file: str, time_limit: float, description: str) -> Instance:
    """A bundled example, loaded from its files."""
    return Instance(name, load(EXAMPLES / file), time_limit, description)


# --------------------------------------------------------------------------------------------------
# Sundance 2024

SUNDANCE_SEATS: dict[str, int] = {
    # Estimates (no capacities in the data): single-screen theatres from their public descriptions
    # as remembered, multiplex screens by a flat size per complex. The rule matters, not the number:
    # every solver and the festival's own schedule are scored with the same seats.
    "Eccles Theatre": 1270,
    "Egyptian Theatre": 290,
    "The Ray Theatre": 360,
    "Library Center Theatre": 300,
    "Prospector Square Theatre": 330,
    "Rose Wagner Center": 490,
    "Redstone Cinemas": 180,
    "Holiday Village Cinemas": 160,
    "Broadway Centre Cinemas": 200,
    "Megaplex Theatres at The Gateway - Theater 1/2/3": 450,
    "Megaplex Theatres at The Gateway": 250,
}
SUNDANCE_INTRO = 10
SUNDANCE_TURNOVER = 15
SUNDANCE_CLOSE = dt.time(1, 30)


def _sundance_hall(name: str) -> tuple[str, str]:
    """``Redstone Cinemas - 7`` → (``Redstone Cinemas``, ``7``); one-screen theatres → (name, main)."""
    if " - " in name:
        venue, hall = name.rsplit(" - ", 1)
        return venue, hall
    return name, "main"


def _stable(text: str) -> int:
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big")


def _days(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]


PREMIERE_HALL = "premiere-hall"
"""Sundance 2024: the feature of the screens where the festival held premieres."""


def _sundance_films(
    parsed: list[tuple[str, str, dt.datetime, str, dict[str, str]]],
    film_ids: dict[str, str],
    runtime: dict[str, int],
    halls: dict[str, tuple[str, str, str]],
) -> list[dict[str, Any]]:
    """The line-up of ``sundance()``, by its conversion rule (demand, counts, award dates)."""
    city_ids = {"Park City": "park-city", "Salt Lake City": "salt-lake-city"}
    eccles_premiere = {
        name
        for name, kind, _, venue, _ in parsed
        if kind == "Premiere" and venue == "Eccles Theatre"
    }
    award = {name for name, kind, *_ in parsed if kind == "Award Winner"}
    # a premiere where the festival's first screening of the film was one (its anniversary
    # screenings of older films are listed as premieres after an earlier screening)
    first = {name: min(start for n, _, start, *_ in parsed if n == name) for name in film_ids}
    premiered = {
        name for name, kind, start, *_ in parsed if kind == "Premiere" and start == first[name]
    }
    # the awards are announced before the first award-winner screening the festival listed
    awarded_from = min(start for _, kind, start, *_ in parsed if kind == "Award Winner")
    count = Counter(name for name, *_ in parsed)
    city_count = Counter((name, row["City"]) for name, *_, row in parsed)
    films = []
    for name, fid in film_ids.items():
        audience = 150 + _stable("demand:" + name) % 301
        if name in eccles_premiere:
            audience *= 2
        if name in award:
            audience = 300
        cities = {
            cid: {"min": city_count[(name, cname)], "max": city_count[(name, cname)]}
            for cname, cid in city_ids.items()
        }
        counts: dict[str, Any] = {"min": count[name], "max": count[name], "cities": cities}
        if name in award:
            counts["not_before"] = awarded_from.isoformat(timespec="minutes")
        film = _film(
            fid,
            name,
            runtime[name],
            audience,
            counts,
            rating="unrated",
            features=(f"shows-{fid}",),
        )
        if name in premiered:
            film["premiere"] = {"requires": {"features": [PREMIERE_HALL]}}
        films.append(film)
    return films


def sundance(path: Path | None = None) -> Instance:
    """Sundance 2024's 480 in-person screenings as an instance, and the festival's own schedule.

    Conversion rule (documented so the numbers can be reproduced and argued with):

    - Festival days 18–28 January 2024; two cities, Park City and Salt Lake City (America/Denver).
      A venue is the cinema before `` - `` in the listing (``Redstone Cinemas - 7`` is screen 7 of
      Redstone Cinemas); every screen the festival used is a hall, open 08:30–01:30.
    - Seats: ``SUNDANCE_SEATS`` (estimates, by venue). Intro 10 min, turnover 15 min, 15-min grain,
      films end by 01:30, one screening of a film per city per day.
    - Runtime: 85–125 min in steps of 5, chosen by a hash of the film's name, then cut so that the
      festival's own schedule fits: never longer than the shortest time the festival left between a
      screening of the film and the next one in the same hall (less intro and turnover), nor than
      the time to 01:30. The festival knew the real runtimes, so its gaps bound them.
    - Demand (expected audience at the best time of a weekend day): 150–450 by a hash of the name,
      doubled for films the festival premiered at the Eccles (its 1,270-seat flagship, where it
      put the films it expected the most of), 300 for award-winner repeats.
    - Counts: each film plays exactly as many times, in each city, as the festival showed it.
      Award-winner screenings start no earlier than the first one the festival listed (27 January,
      09:00: the awards had been announced by then), as ``not_before``. A film whose first
      screening the festival listed as its premiere has a ``premiere`` on a screen where it held
      premieres (feature ``premiere-hall``).
    - Commitments: a screen is open on the festival days the festival used it, and owes at least
      one screening on each of them (``min_per_open_day``): the hall-days it had booked.
    - Halls: a film may play on any screen of a cinema where the festival showed it (the
      festival's choice of cinemas is kept; the planner picks the screen, day and time). Expressed
      as hall features: a hall lists the films it may show.
    - Objective: the festival's defaults (attendance, prime time, spread, the shared audience),
      no hire costs. Starts in one venue at least 10 minutes apart (``stagger_minutes``).

    The published schedule becomes a list of placements, scored and verified like any peer's. It
    breaks two rules as published: *Being (the Digital Griot)* plays twice in Park City on 23
    January, and two Redstone Cinemas screens start at the same minute once.
    """
    path = path or Path(os.environ.get("FESTIVAL_SUNDANCE_CSV", SUNDANCE_CSV))
    with path.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    first, last = dt.date(2024, 1, 18), dt.date(2024, 1, 28)
    parsed = []
    for row in rows:
        clock = row["Time"].replace("\xa0", " ").replace("MST", "").strip()
        start = dt.datetime.strptime(f"2024 {row['Date']} {clock}", "%Y %b %d %I:%M %p")
        parsed.append((row["Film Name"].strip(), row["Screening type"], start, row["Venue"], row))
    film_ids: dict[str, str] = {}
    taken: set[str] = set()
    for name, *_ in parsed:
        if name not in film_ids:
            film_ids[name] = slug(name, taken)
    city_ids = {"Park City": "park-city", "Salt Lake City": "salt-lake-city"}
    halls: dict[str, tuple[str, str, str]] = {}  # listing name → (city, venue id, hall id)
    venue_taken: set[str] = set()
    venue_ids: dict[str, str] = {}
    for _, _, _, venue_name, row in parsed:
        venue, hall = _sundance_hall(venue_name)
        if venue not in venue_ids:
            venue_ids[venue] = slug(venue, venue_taken)
        halls[venue_name] = (city_ids[row["City"]], venue_ids[venue], slug(hall))
    # runtimes: hashed, then cut by the festival's own gaps and the 01:30 close
    by_hall: dict[str, list[tuple[dt.datetime, str]]] = defaultdict(list)
    for name, _, start, venue_name, _ in parsed:
        by_hall[venue_name].append((start, name))
    cap: dict[str, int] = {}
    for items in by_hall.values():
        items.sort()
        for n, (start, name) in enumerate(items):
            day = start.date() if start.time() >= dt.time(5) else start.date() - dt.timedelta(1)
            close = dt.datetime.combine(day + dt.timedelta(1), SUNDANCE_CLOSE)
            limit = int((close - start).total_seconds() // 60) - SUNDANCE_INTRO
            if n + 1 < len(items) and items[n + 1][0] < close:
                gap = int((items[n + 1][0] - start).total_seconds() // 60)
                limit = min(limit, gap - SUNDANCE_INTRO - SUNDANCE_TURNOVER)
            cap[name] = min(cap.get(name, 10**6), limit)
    runtime = {
        name: max(30, min(85 + 5 * (_stable(name) % 9), cap[name] // 5 * 5)) for name in film_ids
    }
    films = _sundance_films(parsed, film_ids, runtime, halls)
    film_venues: dict[str, set[str]] = defaultdict(set)
    for name, _, _, venue_name, _ in parsed:
        film_venues[name].add(halls[venue_name][1])
    premiere_halls = {venue_name for _, kind, _, venue_name, _ in parsed if kind == "Premiere"}
    used: dict[str, set[dt.date]] = defaultdict(set)
    for _, _, start, venue_name, _ in parsed:
        used[venue_name].add(
            start.date() if start.time() >= dt.time(5) else start.date() - dt.timedelta(1)
        )
    venues: dict[str, dict[str, Any]] = {}
    for venue_name, (city, vid, hid) in sorted(halls.items()):
        venue, _ = _sundance_hall(venue_name)
        seats = SUNDANCE_SEATS.get(venue_name) or SUNDANCE_SEATS[venue]
        shows = sorted(f"shows-{film_ids[n]}" for n in film_ids if vid in film_venues[n])
        if venue_name in premiere_halls:
            shows.append(PREMIERE_HALL)
        entry = venues.setdefault(
            vid,
            {
                "id": vid,
                "name": _text(venue),
                "city": city,
                "address": _text(f"{venue}, {city}"),
                "lat": 40.65 if city == "park-city" else 40.76,
                "lon": -111.5 if city == "park-city" else -111.89,
                "halls": [],
            },
        )
        entry["halls"].append(
            {
                "id": hid,
                "name": _text(venue_name),
                "seats": seats,
                "features": shows,
                "hours": {"open": "08:30", "close": SUNDANCE_CLOSE.strftime("%H:%M")},
                # the days the festival had the screen: open then, and at least one screening
                "exceptions": [
                    {"date": str(day), "closed": True}
                    for day in _days(first, last)
                    if day not in used[venue_name]
                ],
                "min_per_open_day": 1,
            }
        )
    venue_data = {
        "festival": _festival("sundance-2024", "Sundance Film Festival 2024", first, last),
        "policy": {
            "grain_minutes": 15,
            "turnover_minutes": SUNDANCE_TURNOVER,
            "intro_minutes": SUNDANCE_INTRO,
            "latest_end": SUNDANCE_CLOSE.strftime("%H:%M"),
            # starts in one venue at least 10 minutes apart (lobby, ushers, projection), as the
            # festival kept them but once
            "stagger_minutes": 10,
        },
        "cities": [
            {"id": cid, "name": _text(cname), "timezone": "America/Denver", "country": "US"}
            for cname, cid in city_ids.items()
        ],
        "venues": list(venues.values()),
    }
    programme_data = {"id": "sundance-2024-lineup", "name": _text("Sundance 2024"), "films": films}
    inputs = from_data("sundance-2024", venue_data, programme_data)
    published = [
        Placement(start, halls[venue_name][1], halls[venue_name][2], film_ids[name])
        for name, _, start, venue_name, _ in parsed
    ]
    return Instance(
        "sundance-2024",
        inputs,
        30.0,
        f"real: {len(parsed)} screenings, {len(film_ids)} films, {len(halls)} screens, 2 cities, "
        "11 days; runtimes, seats and demand by a documented rule",
        published=sorted(published),
        venue_data=venue_data,
        programme_data=programme_data,
        facts={"screenings": len(parsed), "films": len(film_ids), "halls": len(halls)},
    )


# --------------------------------------------------------------------------------------------------
# Synthetic festivals


@dataclass(frozen=True)
class Shape:
    """The size and texture of a synthetic festival; ``synthetic`` draws one from a seed."""

    name: str
    first_day: dt.date
    days: int
    halls: tuple[int, ...]
    """Halls per city; the first city is the festival's home."""
    films: int
    sections: int
    """Programme sections; each has home halls (features), so a film fits only some halls."""
    competition_halls: int
    """Home-city halls of the competition (it also gets the biggest hall of every other city)."""
    counts: tuple[int, int]
    """A typical film's (min, max) screenings; competition films get one more of each."""
    pins: int = 0
    guests: int = 0
    copies: int = 0
    """Films with a limited number of copies that travel between cities."""
    closures: int = 0
    """Hall-days closed, and as many blocked periods."""
    hire: bool = False
    time_limit: float = 30.0
    description: str = ""


CITY_NAMES = [
    ("berlin", "Berlin", 1.0),
    ("potsdam", "Potsdam", 0.5),
    ("hamburg", "Hamburg", 0.7),
    ("leipzig", "Leipzig", 0.6),
]

CityRow = tuple[str, str, float]
"""(city id, name, demand factor)"""
HallRow = tuple[str, str, str, int]
"""(city id, venue id, hall id, seats)"""
HallDay = tuple[int, dt.date]
"""(index of a hall row, date)"""


def synthetic(shape: Shape, seed: int = 1) -> Instance:
    """A seeded synthetic festival of the given shape (same shape and seed → same festival).

    Sections (competition first) own home halls: the competition the biggest halls of the home city
    and of every other city, the other sections the remaining halls of each city in turn. A film
    needs its section's feature, so it fits only those halls (about five of them). The
    competition needs the bigger halls and plays at least once in every city its halls reach.
    Ratings follow the section (a children's section plays 0+/6+ films, which start by 20:00; 18+
    films start at 18:00 or later). Pins put the competition's premieres in the biggest hall.
    """
    # every draw from rng comes in the same order as ever: halls, closures, blocks, hall details,
    # films, guests (so a shape and seed still give the same festival)
    rng = random.Random(f"{shape.name}:{seed}")
    first = shape.first_day
    last = first + dt.timedelta(days=shape.days - 1)
    days = [first + dt.timedelta(days=i) for i in range(shape.days)]
    cities = CITY_NAMES[: len(shape.halls)]
    sections = [f"sec-{n}" for n in range(shape.sections)]
    hall_rows = _synthetic_halls(shape, cities, rng)
    serves = _home_sections(shape, cities, sections, hall_rows)
    order = list(range(len(hall_rows)))
    big_first = sorted(order, key=lambda i: -hall_rows[i][3])
    section_cities = {
        section: sorted({hall_rows[i][0] for i in order if section in serves[i]})
        for section in sections
    }
    others = big_first[1:]  # the biggest hall hosts the pins: never closed nor blocked
    closures = _hall_days(rng, others, days[1:-1], shape.closures)
    blocks = _hall_days(rng, others, days, shape.closures)
    venues = _synthetic_venues(shape, cities[0][0], hall_rows, serves, closures, blocks, rng)
    films = [_synthetic_film(shape, n, sections, section_cities, rng) for n in range(shape.films)]
    # the competition's films need its feature
    competition = [f["id"] for f in films if sections[0] in f["requires"]["features"]]
    venue_data: dict[str, Any] = {
        "festival": _festival(shape.name, shape.name, first, last),
        "policy": {
            "weights": {"hire_cost": 0.005 if shape.hire else 0.0},
        },
        "cities": [
            {"id": cid, "name": _text(cname), "timezone": "Europe/Berlin", "demand_factor": f}
            for cid, cname, f in cities
        ],
        "venues": list(venues.values()),
    }
    if len(cities) > 1:
        venue_data["logistics"] = _synthetic_logistics(cities, competition, shape.copies)
    pins = _synthetic_pins(competition[: shape.pins], days, hall_rows[big_first[0]])
    if pins:
        venue_data["pins"] = pins
    guests = _synthetic_guests(shape, films, days, cities[0][0], rng)
    if guests:
        venue_data["guests"] = guests
    programme_data = {
        "id": f"{shape.name}-lineup",
        "name": _text(shape.name),
        "age_policy": [
            {"ratings": ["0+", "6+"], "latest_start": "20:00", "reason": "children"},
            {"ratings": ["18+"], "earliest_start": "18:00"},
        ],
        "films": films,
    }
    inputs = from_data(shape.name, venue_data, programme_data)
    wanted = (
        sum(f["screenings"]["min"] for f in films),
        sum(f["screenings"]["max"] for f in films),
    )
    return Instance(
        shape.name,
        inputs,
        shape.time_limit,
        f"synthetic (seed {seed}): {shape.films} films wanting {wanted[0]}–{wanted[1]} screenings, "
        f"{len(hall_rows)} halls, {len(cities)} cities, {shape.days} days, {len(pins)} pins, "
        f"{len(guests)} guests, {shape.copies} films with copies"
        + (f"; {shape.description}" if shape.description else ""),
        venue_data=venue_data,
        programme_data=programme_data,
        facts={"min_screenings": wanted[0], "max_screenings": wanted[1], "halls": len(hall_rows)},
    )


def _synthetic_halls(shape: Shape, cities: list[CityRow], rng: random.Random) -> list[HallRow]:
    """The halls of every city, in venues of up to 4 halls; the home city's first seats 1,200."""
    hall_rows: list[HallRow] = []
    for (cid, _, _), n in zip(cities, shape.halls, strict=True):
        for h in range(n):
            venue = f"{cid}-cinema-{h // 4 + 1}"
            seats = rng.choice([120, 160, 200, 250, 300, 400, 550, 800]) if h else 1200
            if cid != cities[0][0]:
                seats = min(seats, 500)
            hall_rows.append((cid, venue, f"screen-{h % 4 + 1}", seats))
    return hall_rows


def _home_sections(
    shape: Shape, cities: list[CityRow], sections: list[str], hall_rows: list[HallRow]
) -> dict[int, set[str]]:
    """The sections each hall serves (by index of its row).

    In every city the biggest hall serves the competition (in the home city, the
    ``competition_halls`` biggest), the rest serve the other sections in turn (so every section
    has halls in the home city).
    """
    serves: dict[int, set[str]] = defaultdict(set)
    for cid, _, _ in cities:
        mine = sorted(
            (i for i, row in enumerate(hall_rows) if row[0] == cid), key=lambda i: -hall_rows[i][3]
        )
        share = max(1, shape.competition_halls if cid == cities[0][0] else 1)
        for k, i in enumerate(mine):
            if k < share:
                serves[i].add(sections[0])
            else:
                serves[i].add(sections[1 + (k - share) % (len(sections) - 1)])
    return serves


def _hall_days(
    rng: random.Random, halls: list[int], days: list[dt.date], count: int
) -> set[HallDay]:
    """``count`` different (hall, day) pairs drawn from the halls and days given."""
    drawn: set[HallDay] = set()
    while len(drawn) < count:
        drawn.add((rng.choice(halls), rng.choice(days)))
    return drawn


def _synthetic_venues(
    shape: Shape,
    home: str,
    hall_rows: list[HallRow],
    serves: dict[int, set[str]],
    closures: set[HallDay],
    blocks: set[HallDay],
    rng: random.Random,
) -> dict[str, dict[str, Any]]:
    """The venues by id, each with its halls: features, hours, closed days, blocked periods, hire."""
    venues: dict[str, dict[str, Any]] = {}
    for i, (cid, vid, hid, seats) in enumerate(hall_rows):
        hall: dict[str, Any] = {
            "id": hid,
            "name": _text(f"{vid} {hid}"),
            "seats": seats,
            "features": ["dcp", *sorted(serves[i])],
            "hours": {"open": rng.choice(["09:30", "10:00", "10:30"]), "close": "00:30"},
        }
        exceptions = [{"date": d.isoformat(), "closed": True} for j, d in closures if j == i]
        if exceptions:
            hall["exceptions"] = sorted(exceptions, key=lambda e: e["date"])
        blocked = [
            {"date": d.isoformat(), "from": "12:00", "to": "14:30", "reason": "press"}
            for j, d in blocks
            if j == i
        ]
        if blocked:
            hall["blocked"] = sorted(blocked, key=lambda b: b["date"])
        if shape.hire and cid != home:
            hall["hire_cost"] = rng.choice([10000, 20000, 30000])
        venue = venues.setdefault(
            vid,
            {
                "id": vid,
                "name": _text(vid),
                "city": cid,
                "address": _text(f"{vid} street"),
                "lat": 52.5,
                "lon": 13.4,
                "halls": [],
            },
        )
        venue["halls"].append(hall)
    return venues


def _synthetic_film(
    shape: Shape,
    n: int,
    sections: list[str],
    section_cities: dict[str, list[str]],
    rng: random.Random,
) -> dict[str, Any]:
    """The film numbered ``n`` (from 0): the first twelfth are the competition."""
    competing = n < max(1, shape.films // 12)
    section = sections[0] if competing else sections[1 + n % (len(sections) - 1)]
    if competing:
        low, high = shape.counts[0] + 1, shape.counts[1] + 1
        audience = rng.randint(400, 900)
        runtime = rng.randint(90, 160)
    else:
        low, high = shape.counts[0], shape.counts[1] + rng.choice([-1, 0, 0, 1])
        high = max(low, high)
        audience = int(rng.lognormvariate(5.3, 0.45))
        runtime = rng.choice([rng.randint(70, 130), rng.randint(85, 145)])
    children = len(sections) > 3 and section == sections[3]
    if children:
        rating = rng.choice(["0+", "6+", "12+"])
        runtime = min(runtime, 100)
    else:
        rating = rng.choice(["12+", "16+"] if competing else ["12+", "16+", "18+"])
    counts: dict[str, Any] = {"min": low, "max": high}
    if competing and len(section_cities[section]) > 1:
        counts["cities"] = {c: {"min": 1} for c in section_cities[section][1:]}
        counts["min"] = max(low, len(section_cities[section]))
        counts["max"] = max(high, counts["min"])
    return _film(
        f"film-{n + 1:04d}",
        f"Film {n + 1}",
        runtime,
        min(audience, 2000),
        counts,
        rating=rating,
        features=("dcp", section),
        year=2025,
    )


def _synthetic_logistics(
    cities: list[CityRow], competition: list[str], copies: int
) -> dict[str, Any]:
    """Transit between every two cities (longer further down the list), and film copies.

    The first ``copies`` films of the competition have one or two copies each, which travel
    between cities.
    """
    logistics: dict[str, Any] = {
        "transit": [
            {"between": [a[0], b[0]], "hours": 1 + 2 * (i + j)}
            for i, a in enumerate(cities)
            for j, b in enumerate(cities)
            if i < j
        ],
        "ingest_hours": 4,
    }
    if copies:
        logistics["copies"] = [
            {"film": fid, "count": 1 + (n % 2)} for n, fid in enumerate(competition[:copies])
        ]
    return logistics


def _synthetic_pins(
    premieres: list[str], days: list[dt.date], big: HallRow
) -> list[dict[str, Any]]:
    """The premieres pinned in the biggest hall, two a day from day 1, at 15:00 and 19:30."""
    pins = []
    for n, fid in enumerate(premieres):
        day = days[(n // 2) % len(days)]
        at = dt.time(15, 0) if n % 2 == 0 else dt.time(19, 30)
        pins.append(
            {
                "film": fid,
                "venue": big[1],
                "hall": big[2],
                "start": dt.datetime.combine(day, at).isoformat(timespec="minutes"),
                "label": (
                    {"ru": "Премьера", "en": "Premiere", "zh": "首映"}
                    if n
                    else {"ru": "Открытие", "en": "Opening night", "zh": "开幕式"}
                ),
            }
        )
    return pins


def _synthetic_guests(
    shape: Shape, films: list[dict[str, Any]], days: list[dt.date], home: str, rng: random.Random
) -> list[dict[str, Any]]:
    """A director for each of a few films, with a Q&A after 1–2 screenings in the home city."""
    guests = []
    guest_films = rng.sample([f["id"] for f in films], shape.guests)
    for n, fid in enumerate(guest_films):
        start = rng.randrange(0, max(1, shape.days - 4))
        guests.append(
            {
                "id": f"guest-{n + 1:03d}",
                "name": _text(f"Guest {n + 1}"),
                "available": [
                    {
                        "from": days[start].isoformat(),
                        "until": days[min(shape.days - 1, start + rng.randint(3, 5))].isoformat(),
                    }
                ],
                "max_per_day": 1,
                "appearances": [
                    {
                        "film": fid,
                        "kind": "qa",
                        "minutes": rng.choice([20, 30]),
                        "count": rng.choice([1, 1, 2]),
                        "cities": [home],
                    }
                ],
            }
        )
    return guests


TINY = Shape("tiny", dt.date(2025, 6, 5), 3, (3,), 8, 2, 1, (1, 3), pins=1, time_limit=5.0)
MEDIUM = Shape(
    "medium",
    dt.date(2025, 6, 4),
    7,
    (7, 3),
    46,
    3,
    1,
    (3, 4),
    pins=4,
    guests=4,
    copies=3,
    closures=2,
    time_limit=30.0,
)
BERLINALE = Shape(
    "berlinale",
    dt.date(2026, 2, 12),
    11,
    (32, 4, 4),
    280,
    8,
    4,
    (3, 4),
    pins=20,
    guests=25,
    copies=12,
    closures=6,
    hire=True,
    time_limit=60.0,
    description="Berlinale-size",
)
STRESSED = Shape(
    "berlinale-stressed",
    dt.date(2026, 2, 12),
    11,
    (26, 3, 3),
    300,
    8,
    3,
    (3, 5),
    pins=22,
    guests=60,
    copies=23,
    closures=14,
    hire=True,
    time_limit=60.0,
    description="Berlinale-size with fewer halls, more films, guests and copies: halls are scarce",
)

REGISTRY: dict[str, Callable[[int], Instance]] = {
    "tiny": lambda seed: synthetic(TINY, seed),
    "cffr-2025-may": lambda seed: example(
        "cffr-2025-may", "cffr-2025-may.yaml", 5.0, "bundled example: 6 films, 3 cities, 5 days"
    ),
    "cffr-2025-tour": lambda seed: example(
        "cffr-2025-tour",
        "cffr-2025-tour.yaml",
        30.0,
        "bundled example: the tour, 6 cities in 4 time zones, copies, guests, keys",
    ),
    "sundance-2024": lambda seed: sundance(),
    "medium": lambda seed: synthetic(MEDIUM, seed),
    "berlinale": lambda seed: synthetic(BERLINALE, seed),
    "berlinale-stressed": lambda seed: synthetic(STRESSED, seed),
}
"""Every instance by name; ``tiny`` is for the smoke test only and not in the default run."""

DEFAULT_RUN = [
    "cffr-2025-may",
    "cffr-2025-tour",
    "sundance-2024",
    "medium",
    "berlinale",
    "berlinale-stressed",
]


# --------------------------------------------------------------------------------------------------
# Relaxed variants (issue 22 §4): each keeps every schedule of its instance feasible, at no lower
# score, so at the same time limit its plan should score at least as much as the instance's

RELAXATIONS: dict[str, str] = {
    "+2/day": "up to 2 screenings of a film per city and day (policy.max_per_film_city_day)",
    "+4/day": "up to 4 screenings of a film per city and day (policy.max_per_film_city_day)",
    "+2h": "every hall opens 1 h earlier and closes 1 h later; policy.latest_end 1 h later",
    "+hall": "a copy of the largest hall of the venue with the most seat-days, with a new id",
}
"""The relaxed variants by suffix: ``berlinale+4/day`` is the Berlinale-size instance allowing 4."""

ALIASES = {"sundance": "sundance-2024"}
"""Short names of instances, for the relaxed variants' names (``sundance+2h``)."""

RELAXED_RUN = [f"{base}{kind}" for base in ("berlinale", "sundance") for kind in RELAXATIONS]
"""The relaxed variants the relaxed benchmark (``tests.benchmarks.relaxed``) runs by default."""

HOUR = 60


def _shift(clock: str, minutes: int, cutoff: dt.time) -> str:
    """A festival-day time ``minutes`` later (earlier if negative), kept within the festival day
    that starts at ``cutoff`` (so a close of 00:30 becomes 01:30, not the next day's)."""
    at = dt.datetime.strptime(clock, "%H:%M")
    day = (at.hour * 60 + at.minute - cutoff.hour * 60 - cutoff.minute) % (24 * 60)
    day = min(max(day + minutes, 0), 24 * 60 - 1)
    total = cutoff.hour * 60 + cutoff.minute + day
    return f"{total // 60 % 24:02d}:{total % 60:02d}"


def _busiest(venue_data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The venue offering the most seat-days (seats × days open, over its halls; the first listed
    on a tie) and its largest hall (the first of the largest)."""
    days = (
        dt.date.fromisoformat(str(venue_data["festival"]["last_day"]))
        - dt.date.fromisoformat(str(venue_data["festival"]["first_day"]))
    ).days + 1

    def halls(venue: dict[str, Any]) -> list[dict[str, Any]]:
        return [h for h in venue["halls"] if not h.get("withdrawn")]

    def seat_days(hall: dict[str, Any]) -> int:
        closed = sum(1 for e in hall.get("exceptions", []) if e.get("closed"))
        return int(hall["seats"]) * (days - closed)

    live = [v for v in venue_data["venues"] if not v.get("withdrawn") and halls(v)]
    venue = max(live, key=lambda v: sum(map(seat_days, halls(v))))
    return venue, max(halls(venue), key=lambda h: h["seats"])


def _keep_pools(instance: Instance, venue_data: dict[str, Any]) -> None:
    """Set every city's audience pools (``festival.scoring.SharedAudience``, in attendance points)
    to the instance's own, so that a hall more does not also enlarge the audience."""
    shared = SharedAudience(instance.inputs)
    weight = instance.inputs.venues.policy.weights.attendance
    for city in venue_data["cities"]:
        cid = city["id"]
        if weight > 0:  # attendees, the pool in points as before
            city["audience_pool"] = math.ceil(shared.pools[cid] / weight)
            city["audience_day_pool"] = math.ceil(shared.day_pools[cid] / weight)


def relaxed(instance: Instance, kind: str) -> Instance:
    """The instance with one rule relaxed (``RELAXATIONS``), named ``NAME{kind}``.

    Every schedule of the instance stays feasible and scores the same (a hall more leaves the
    cities' audience pools as they were, ``_keep_pools``, and owes no screenings). ``+2h``: one
    hour earlier and one later, rather than two at the close, because the close is already
    late at night (01:30 at Sundance) where starts are worth less; ``latest_end`` moves with the
    close, else the later close would change nothing.
    """
    if kind not in RELAXATIONS:
        raise ValueError(f"unknown relaxation {kind!r}; known: {', '.join(RELAXATIONS)}")
    if instance.venue_data is None or instance.programme_data is None:
        raise ValueError(f"{instance.name} is a bundled example: relax its files instead")
    venue_data = copy.deepcopy(instance.venue_data)
    programme_data = copy.deepcopy(instance.programme_data)
    policy = venue_data.setdefault("policy", {})
    facts = dict(instance.facts, relaxed=kind)
    if kind in ("+2/day", "+4/day"):
        limit = int(kind[1])
        if policy.get("max_per_film_city_day", 1) > limit:
            raise ValueError(f"{instance.name} already allows more than {limit} a day")
        policy["max_per_film_city_day"] = limit
    elif kind == "+2h":
        cutoff = instance.inputs.venues.policy.day_cutoff
        for venue in venue_data["venues"]:
            for hall in venue["halls"]:
                for hours in [hall["hours"], *hall.get("exceptions", [])]:
                    if hours.get("open") is not None:
                        hours["open"] = _shift(str(hours["open"]), -HOUR, cutoff)
                        hours["close"] = _shift(str(hours["close"]), HOUR, cutoff)
        latest = instance.inputs.venues.policy.latest_end
        if latest is not None:
            policy["latest_end"] = _shift(latest.strftime("%H:%M"), HOUR, cutoff)
    else:
        _keep_pools(instance, venue_data)
        venue, largest = _busiest(venue_data)
        taken = {h["id"] for h in venue["halls"]}
        hid = slug(f"{largest['id']}-extra", taken)
        extra = copy.deepcopy(largest)
        extra.update(id=hid, name=_text(f"{venue['id']} {hid}"), min_per_open_day=0)
        venue["halls"].append(extra)
        facts.update(extra_hall=f"{venue['id']}/{hid}", halls=instance.facts.get("halls", 0) + 1)
    name = instance.name + kind
    return Instance(
        name,
        from_data(name, venue_data, programme_data),
        instance.time_limit,
        f"{instance.description}; relaxed: {RELAXATIONS[kind]}",
        published=instance.published,
        venue_data=venue_data,
        programme_data=programme_data,
        facts=facts,
    )


def build(name: str, seed: int = 1) -> Instance:
    """The instance of that name (synthetic ones drawn from ``seed``); a name ending in one of
    ``RELAXATIONS`` (``berlinale+4/day``, ``sundance+hall``) is that instance relaxed."""
    for kind in RELAXATIONS:
        if name.endswith(kind):
            base = name.removesuffix(kind)
            return relaxed(build(ALIASES.get(base, base), seed), kind)
    try:
        maker = REGISTRY[name]
    except KeyError:
        raise ValueError(
            f"unknown instance {name!r}; known: {', '.join(REGISTRY)}, each also with one of "
            f"{', '.join(RELAXATIONS)}"
        ) from None
    return maker(seed)


def dump(instance: Instance, folder: Path) -> Path:
    """Write the instance as ``venues.yaml`` + ``programme.yaml``; returns the venue file."""
    from ruamel.yaml import YAML

    folder.mkdir(parents=True, exist_ok=True)
    if instance.venue_data is None or instance.programme_data is None:
        raise ValueError(f"{instance.name} is a bundled example: use its file under examples/")
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.sort_base_mapping_type_on_output = False  # type: ignore[assignment]
    data = dict(instance.venue_data, programme="programme.yaml")
    with (folder / "venues.yaml").open("w", encoding="utf-8") as fh:
        yaml.dump(json.loads(json.dumps(data, default=str)), fh)
    with (folder / "programme.yaml").open("w", encoding="utf-8") as fh:
        yaml.dump(json.loads(json.dumps(instance.programme_data, default=str)), fh)
    return folder / "venues.yaml"


def main() -> None:
    """Describe an instance, or write it as files (``--dump DIR``)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("name", help=f"one of {', '.join(REGISTRY)}, or one relaxed (NAME+2h)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--dump", type=Path)
    args = parser.parse_args()
    instance = build(args.name, args.seed)
    print(f"{instance.name}: {instance.description}")
    if args.dump:
        print(dump(instance, args.dump))


if __name__ == "__main__":
    main()
