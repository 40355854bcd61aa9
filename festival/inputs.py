"""A loaded, cross-checked pair of input files and the look-ups every later stage needs."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from pathlib import Path

from festival.domain import (
    Appearance,
    City,
    CopyPool,
    Film,
    Guest,
    Hall,
    Programme,
    Venue,
    VenueFile,
)
from festival.timeline import Timeline

UNCERTIFIED_LIMIT = 5
"""126-FZ Art. 5.1: screenings of a film without a distribution certificate at one festival."""

DEFAULT_TRANSIT_HOURS = 24.0
"""Travel time between two cities that the venue file does not list."""

HallKey = tuple[str, str]
"""(venue id, hall id): a hall's id is unique within its venue."""


@dataclass(frozen=True)
class HallInfo:
    """A hall with its venue and city resolved."""

    key: HallKey
    hall: Hall
    venue: Venue
    city: City

    @property
    def tz(self) -> str:
        """The IANA zone of the hall's city."""
        return self.city.timezone


@dataclass(frozen=True)
class Source:
    """An input file as read: where it came from and its exact bytes."""

    path: Path
    data: bytes


@dataclass(frozen=True)
class Inputs:
    """The venue file and line-up of one plan, validated and cross-checked."""

    venues: VenueFile
    programme: Programme
    venues_source: Source
    programme_source: Source
    films: dict[str, Film] = field(init=False)
    cities: dict[str, City] = field(init=False)
    halls: dict[HallKey, HallInfo] = field(init=False)
    timeline: Timeline = field(init=False)

    def __post_init__(self) -> None:
        cities = {c.id: c for c in self.venues.cities}
        halls = {
            (v.id, h.id): HallInfo((v.id, h.id), h, v, cities[v.city])
            for v in self.venues.venues
            for h in v.halls
        }
        object.__setattr__(self, "films", {f.id: f for f in self.programme.films})
        object.__setattr__(self, "cities", cities)
        object.__setattr__(self, "halls", halls)
        timeline = Timeline.for_festival(
            self.venues.festival.first_day, self.venues.policy.day_cutoff
        )
        object.__setattr__(self, "timeline", timeline)

    @property
    def days(self) -> list[dt.date]:
        """The festival days."""
        return self.venues.festival.days

    def turnover(self, hall: Hall) -> int:
        """Turnover minutes after a film in ``hall``."""
        t = hall.turnover_minutes
        return self.venues.policy.turnover_minutes if t is None else t

    def eligible(self, film: Film, info: HallInfo) -> bool:
        """Whether the hall has the features and seats the film requires."""
        req = film.requires
        if film.withdrawn or info.hall.withdrawn or info.venue.withdrawn:
            return False
        return info.hall.seats >= req.min_seats and set(req.features) <= set(info.hall.features)

    @property
    def active_films(self) -> list[Film]:
        """The films of the line-up that are not withdrawn."""
        return [f for f in self.programme.films if not f.withdrawn]

    def appearances(self) -> list[tuple[Guest, Appearance]]:
        """Every guest appearance at a film that is not withdrawn."""
        return [
            (g, a)
            for g in self.venues.guests
            for a in g.appearances
            if a.film in self.films and not self.films[a.film].withdrawn
        ]

    def transit_hours(self, a: str, b: str) -> float:
        """Hours to move a copy or a guest between two cities (0 within a city, 24 if not given)."""
        if a == b:
            return 0.0
        for t in self.venues.logistics.transit:
            if set(t.between) == {a, b}:
                return t.hours
        return DEFAULT_TRANSIT_HOURS

    def copy_pool(self, film: str) -> CopyPool | None:
        """The film's copies, or None when copies do not limit it."""
        for pool in self.venues.logistics.copies:
            if pool.film == film:
                return pool
        return None

    def copy_days_apart(self, a: str, b: str) -> int:
        """Festival days a copy needs between screening in city a and in city b (transit + ingest)."""
        if a == b:
            return 0
        hours = self.transit_hours(a, b) + self.venues.logistics.ingest_hours
        return max(1, math.ceil(hours / 24))

    def guest_days_apart(self, a: str, b: str) -> int:
        """Festival days a guest needs between appearing in city a and in city b."""
        if a == b:
            return 0
        return max(1, math.ceil(self.transit_hours(a, b) / 24))

    @property
    def guests(self) -> dict[str, Guest]:
        """Guests by id."""
        return {g.id: g for g in self.venues.guests}

    @property
    def russian_rules(self) -> bool:
        """Whether the Russian rule pack applies (default: when any city is in Russia)."""
        chosen = self.venues.rules.russia
        if chosen is not None:
            return chosen
        return any(c.country == "RU" for c in self.venues.cities)

    def uncertified(self, film: Film) -> bool:
        """Under the Russian rule pack: shown without a known distribution certificate."""
        return self.russian_rules and film.certificate is not True

    def film_max(self, film: Film) -> int:
        """The most screenings a film may have: its own max, and 5 if uncertified (126-FZ)."""
        cap = film.screenings.max
        return min(cap, UNCERTIFIED_LIMIT) if self.uncertified(film) else cap

    def city_limits(self, film: Film, city: str) -> tuple[int, int | None]:
        """(min, max) screenings of ``film`` in ``city``; max None means no per-city limit."""
        counts = film.screenings
        extra = counts.cities.get(city)
        low = max(counts.min_per_city, extra.min if extra else 0)
        high = extra.max if extra else None
        return low, high
