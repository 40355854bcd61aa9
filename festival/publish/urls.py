"""Where every published file lives, relative to the output folder and under the public base URL.

One module decides the layout so that feeds, web pages and schedule-app exports link to each other
consistently.
"""

from __future__ import annotations

from typing import Literal
from urllib.parse import quote

FeedKind = Literal["city", "venue", "film", "guest"]

FESTIVAL_FEED = "feeds/festival.ics"
INDEX_PAGE = "index.html"
AGENDA_PAGE = "agenda.html"
"""A festival-goer's own programme: the screenings they ticked, their feed, the planner."""
CHANGES_PAGE = "changes.html"
"""The change report of a re-plan as a web page (only when the publication has a report)."""
FRAB_XML = "schedule.xml"
FRAB_JSON = "frab/schedule.json"
PRINT_TRAFFIC = "logistics/print-traffic.csv"
GUEST_ITINERARIES = "logistics/guests.csv"
CHANGES_INSERT = "print/changes-insert.pdf"
"""A printed insert listing the changes, for booklets printed before a re-plan."""
ORGANISERS_PDF = "print/organisers.pdf"
REPORT_PAGE = "report.html"
"""The programmer's report (private: the organisers' part of a revision)."""
"""Print traffic and guest itineraries for the organisers' staff: never linked from public pages."""


def uid(festival: str, screening: str, domain: str) -> str:
    """The calendar UID of a screening: stable, and unique across editions sharing a domain."""
    return f"{screening}.{festival}@{domain}"


def feed_path(kind: FeedKind, ident: str) -> str:
    """``feeds/city/moscow.ics`` and the like."""
    return f"feeds/{kind}/{ident}.ics"


def city_film_feed(city: str, film: str) -> str:
    """``feeds/city/moscow/red-silk.ics``: one film's screenings in one city (the feed a city
    booklet's film page offers)."""
    return f"feeds/city/{city}/{film}.ics"


def booklet_pdf(city: str) -> str:
    """``print/<city>.pdf``: the city's printed booklet."""
    return f"print/{city}.pdf"


def wall_grid_pdf(venue: str) -> str:
    """``print/<venue>-grid.pdf``: the venue's wall grid (A3), for its staff to put up."""
    return f"print/{venue}-grid.pdf"


def city_page(city: str) -> str:
    """The programme page of one city."""
    return f"city/{city}.html"


def film_page(film: str) -> str:
    """The page of one film."""
    return f"film/{film}.html"


def absolute(base_url: str, path: str) -> str:
    """The public address of a published file."""
    return base_url.rstrip("/") + "/" + path


def webcal(url: str) -> str:
    """The ``webcal://`` form of an http(s) feed address (Apple Calendar, Thunderbird, Outlook)."""
    return "webcal://" + url.split("://", 1)[1]


def google_subscribe(url: str) -> str:
    """Google Calendar's add-by-URL link for a feed."""
    return "https://calendar.google.com/calendar/r?cid=" + quote(webcal(url), safe="")


def relative(from_page: str, to_path: str) -> str:
    """A relative link from one published page to another file (works without a server too)."""
    depth = from_page.count("/")
    return "../" * depth + to_path
