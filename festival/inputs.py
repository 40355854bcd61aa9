"""A loaded, cross-checked pair of input files and the look-ups every later stage needs."""

from __future__ import annotations

import datetime as dt
import importlib.resources
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path

from festival.availability import hours_on
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
from festival.timeline import NonexistentLocalTime, Timeline

UNCERTIFIED_LIMIT = 5
"""126-FZ Art. 5.1: screenings of a film without a distribution certificate at one festival."""

DEFAULT_TRANSIT_HOURS = 24.0
"""Travel time between two cities that the venue file does not list."""

HallKey = tuple[str, str]
"""(venue id, hall id): a hall's id is unique within its venue."""

RUSSIA = "russia"
"""The Russian rule pack (126-FZ Art. 5.1, 436-FZ), as named under ``rules:`` in the venue file."""


@cache
def _zone_countries() -> dict[str, str]:
    """IANA zone → ISO 3166 country code, from the tzdata package's ``zone.tab`` (one country a
    zone), with old names that link to a listed zone (``W-SU`` → ``Europe/Moscow``) added."""
    folder = importlib.resources.files("tzdata") / "zoneinfo"
    countries: dict[str, str] = {}
    for line in (folder / "zone.tab").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            code, _, zone = line.split("\t")[:3]
            countries[zone] = code
    links: dict[str, str] = {}
    for line in (folder / "tzdata.zi").read_text(encoding="utf-8").splitlines():
        if line.startswith("L "):
            _, target, name = line.split()
            links[name] = target
    for name, target in links.items():
        for _ in range(len(links)):  # a link may name another link
            if target not in links:
                break
            target = links[target]
        if name not in countries and target in countries:
            countries[name] = countries[target]
    return countries


def zone_country(zone: str) -> str | None:
    """The country an IANA zone belongs to (``Asia/Omsk`` → ``RU``); None for zones of no single
    country (``UTC``, ``Etc/GMT-3``)."""
    return _zone_countries().get(zone)


def city_country(city: City) -> str | None:
    """A city's country: as the venue file gives it, else the country of its time zone."""
    return city.country if city.country is not None else zone_country(city.timezone)


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
    _apart_cache: dict[tuple[str, str, float], int] = field(init=False, repr=False, compare=False)
    _edges_cache: dict[tuple[str, dt.date], tuple[int, int]] = field(
        init=False, repr=False, compare=False
    )

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
        object.__setattr__(self, "_apart_cache", {})
        object.__setattr__(self, "_edges_cache", {})

    @property
    def days(self) -> list[dt.date]:
        """The festival days."""
        return self.venues.festival.days

    def premiere_faults(
        self, film: Film, info: HallInfo, day: dt.date, start_order: int
    ) -> list[str]:
        """Why a screening of ``film`` in the hall, on festival day ``day`` at ``start_order``
        minutes past the day cutoff, cannot be its premiere (Rule.PREMIERE); empty if it can,
        or if the film has no premiere."""
        premiere = film.premiere
        if premiere is None:
            return []
        out = []
        need = premiere.requires
        if info.hall.seats < need.min_seats or not set(need.features) <= set(info.hall.features):
            out.append(f"{info.venue.id}/{info.hall.id} is not a premiere hall")
        order = self.timeline.order_of
        if (premiere.from_ is not None and start_order < order(premiere.from_)) or (
            premiere.to is not None and start_order > order(premiere.to)
        ):
            low = "" if premiere.from_ is None else f"{premiere.from_:%H:%M}"
            high = "" if premiere.to is None else f"{premiere.to:%H:%M}"
            out.append(f"not between {low or 'the start of the day'} and {high or 'its end'}")
        if premiere.date is not None and day != premiere.date:
            out.append(f"not on {premiere.date}")
        return out

    def committed_days(self, info: HallInfo) -> list[dt.date]:
        """Rule.HALL_COMMITMENT: the festival days the hall owes ``min_per_open_day`` screenings
        (the days it is open; none without a commitment or when it is withdrawn)."""
        if not info.hall.min_per_open_day or info.hall.withdrawn or info.venue.withdrawn:
            return []
        return [day for day in self.days if hours_on(info.hall, day) is not None]

    def stagger(self, venue: Venue) -> int:
        """Rule.VENUE_STAGGER: the fewest minutes between two starts in ``venue`` (0: any), its
        own if it sets one (null: none), else the policy's."""
        chosen = (
            venue.stagger_minutes
            if "stagger_minutes" in venue.model_fields_set
            else self.venues.policy.stagger_minutes
        )
        return chosen or 0

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
        return self._pools.get(film)

    @cached_property
    def _pools(self) -> dict[str, CopyPool]:
        return {pool.film: pool for pool in reversed(self.venues.logistics.copies)}

    def copy_days_apart(self, a: str, b: str) -> int:
        """Festival days between a copy's screening days in city a and in city b (see _days_apart)."""
        return self._days_apart(a, b, self.transit_hours(a, b) + self.venues.logistics.ingest_hours)

    def guest_days_apart(self, a: str, b: str) -> int:
        """Festival days between a guest's appearance days in city a and in city b."""
        return self._days_apart(a, b, self.transit_hours(a, b))

    def _days_apart(self, a: str, b: str, hours: float) -> int:
        """The fewest festival days n such that, whatever the times, the latest a screening can end
        in city a on day d leaves ``hours`` before the earliest one can start in city b on d + n.

        Conservative on purpose: a plan that keeps whole days apart is always possible in real
        hours (time zones and late shows included), which the verifier checks exactly.
        """
        if a == b:
            return 0
        key = (a, b, hours)
        cache: dict[tuple[str, str, float], int] = self._apart_cache
        if key in cache:
            return cache[key]
        edges = self._day_edges
        days = self.days
        need = hours * 60
        n = 1
        while n <= len(days):
            pairs = [
                (edges[(b, days[i + n])][0], edges[(a, days[i])][1])
                for i in range(len(days) - n)
                if (a, days[i]) in edges and (b, days[i + n]) in edges
            ]
            if all(start - end >= need for start, end in pairs):
                break
            n += 1
        cache[key] = n
        return n

    @property
    def _day_edges(self) -> dict[tuple[str, dt.date], tuple[int, int]]:
        """(city, festival day) → (earliest opening, latest film end) in absolute minutes."""
        cached: dict[tuple[str, dt.date], tuple[int, int]] = self._edges_cache
        if cached:
            return cached
        tl = self.timeline
        latest_end = self.venues.policy.latest_end
        for info in self.halls.values():
            for day in self.days:
                hours = hours_on(info.hall, day)
                if hours is None:
                    continue
                try:
                    opens = tl.minute_festival(day, hours[0], info.tz)
                    closes = tl.minute_festival(day, hours[1], info.tz)
                    if latest_end is not None:
                        closes = min(closes, tl.minute_festival(day, latest_end, info.tz))
                except NonexistentLocalTime:  # no candidate there either (candidates._grid)
                    continue
                key = (info.city.id, day)
                old = cached.get(key)
                cached[key] = (
                    (opens, closes) if old is None else (min(old[0], opens), max(old[1], closes))
                )
        return cached

    @cached_property
    def guests(self) -> dict[str, Guest]:
        """Guests by id."""
        return {g.id: g for g in self.venues.guests}

    @cached_property
    def russian_rules(self) -> bool:
        """Whether the Russian rule pack applies (default: when any city is in Russia, by its
        ``country`` or else by its time zone)."""
        chosen = self.venues.rules.russia
        if chosen is not None:
            return chosen
        return any(city_country(c) == "RU" for c in self.venues.cities)

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


def rule_packs(inputs: Inputs) -> list[str]:
    """The legal rule packs that apply to these inputs, by name (``russia``); empty if none."""
    return [RUSSIA] if inputs.russian_rules else []
