"""What the web templates see: plain frozen views of a schedule in one page language.

Every name, time and label is already in the page language and every link is already relative to
the page it is on; the templates (``festival/publish/templates``) only lay them out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from festival.domain import Change, ChangeKind, City, Film, Screening, Venue


@dataclass(frozen=True)
class Link:
    """A link to a published file, already relative to the page it is on."""

    href: str
    label: str
    current: bool = False


@dataclass(frozen=True)
class Feed:
    """One calendar feed and the three ways to subscribe to it."""

    ident: str
    label: str
    note: str
    https: str
    webcal: str
    google: str


@dataclass(frozen=True)
class AltTitle:
    """One of a film's other titles, in its own language."""

    lang: str
    text: str
    original: bool


@dataclass(frozen=True)
class FilmView:
    """A film as shown on every page."""

    film: Film
    title: str
    alt_titles: tuple[AltTitle, ...]
    page: str
    runtime: str
    age: str


@dataclass(frozen=True)
class GuestLine:
    """A guest appearance as a line ("Q&A after the film with …"): the words around the
    guest's name, and where the name links (their feed on the front page), if anywhere."""

    before: str
    name: str
    after: str
    feed_anchor: str | None = None

    def __str__(self) -> str:
        return f"{self.before}{self.name}{self.after}"


@dataclass(frozen=True)
class Show:
    """One screening as shown: local times, names and where it sits in its day grid."""

    screening: Screening
    film: FilmView
    start: str
    end: str
    iso: str
    date_label: str
    city: str
    venue: str
    hall: str
    label: str
    row_start: int
    row_end: int
    column: int
    cancelled: bool = False
    guest: GuestLine | None = None
    """The guest appearance in the page language ("Q&A after the film with …"), if any."""
    moved: str | None = None
    """After a re-plan that moved it: where and when it was ("moved from Hall 2, 19:00")."""


@dataclass(frozen=True)
class Column:
    """A hall in a day grid."""

    venue: str
    hall: str
    index: int


@dataclass(frozen=True)
class VenueHead:
    """A venue's heading above its halls in a day grid."""

    name: str
    first: int
    last: int


@dataclass(frozen=True)
class HourLine:
    """An hour mark down a day grid."""

    label: str
    row: int


@dataclass(frozen=True)
class VenueDay:
    """The screenings of one venue on one day."""

    venue: Venue
    name: str
    address: str
    anchor: str
    shows: tuple[Show, ...]


@dataclass(frozen=True)
class Day:
    """One festival day of a city: its grid and its list by venue."""

    date: dt.date
    anchor: str
    label: str
    short: str
    rows: int
    columns: tuple[Column, ...]
    venue_heads: tuple[VenueHead, ...]
    hours: tuple[HourLine, ...]
    shows: tuple[Show, ...]
    venues: tuple[VenueDay, ...]


@dataclass(frozen=True)
class CityView:
    """A city with its zone and its programme."""

    city: City
    name: str
    page: str
    zone_note: str
    days: tuple[Day, ...]
    count: str


@dataclass(frozen=True)
class FilmScreenings:
    """The screenings of one film in one city."""

    city: CityView
    shows: tuple[Show, ...]


@dataclass(frozen=True)
class Moment:
    """Where and when a screening was or is, for the change tables (local time and its offset)."""

    iso: str
    date: str
    time: str
    offset: str
    venue: str
    hall: str


@dataclass(frozen=True)
class ChangeRow:
    """One change as a table row: the film, its city (and zone), and the screening before/after."""

    change: Change
    film: FilmView | None
    film_name: str
    city: str
    city_page: str | None
    zone: str
    before: Moment | None
    after: Moment | None
    time_changed: bool
    place_changed: bool
    guest_before: str
    """A *changed* screening's guest appearance before (and after), in the page language."""
    guest_after: str


@dataclass(frozen=True)
class ChangeGroup:
    """The changes of one kind, in time order."""

    kind: ChangeKind
    heading: str
    rows: tuple[ChangeRow, ...]
