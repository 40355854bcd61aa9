"""A loaded, cross-checked pair of input files and the look-ups every later stage needs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from festival.domain import City, Film, Hall, Programme, Venue, VenueFile
from festival.timeline import Timeline

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
        return info.hall.seats >= req.min_seats and set(req.features) <= set(info.hall.features)

    def city_limits(self, film: Film, city: str) -> tuple[int, int | None]:
        """(min, max) screenings of ``film`` in ``city``; max None means no per-city limit."""
        counts = film.screenings
        extra = counts.cities.get(city)
        low = max(counts.min_per_city, extra.min if extra else 0)
        high = extra.max if extra else None
        return low, high
