"""A festival-goer's own programme (``agenda.html``), with no account: the screenings they tick on
the city and film pages, a feed of just those, and a planner that picks one screening of each
film they want to see.

The ticks are a form: every confirmed screening on a city or film page has a checkbox ``s`` in
the form ``agenda-form``, whose GET is ``feeds/my.ics?s=<id>&s=<id>`` (``festival serve`` answers
it; see ``festival.serve.agenda``). With JavaScript (``agenda.js``, shipped beside the pages) the
ticks are kept in the browser, this page lists them, offers the subscription where the site is
served by ``festival serve``, and everywhere a download of the same events cut from
``feeds/festival.ics`` in the browser.

The planner runs in the browser on the data this page carries (``data``): the screenings, the
films, and the minutes needed between any two venues of a city (``travel_minutes``, declared
here once). Its priorities and their weights are ``PRIORITIES``.
"""

from __future__ import annotations

import math

from festival.domain import Screening, Venue
from festival.layout import AGENDA_FEED, AGENDA_MAX
from festival.publish import urls
from festival.publish.dates import day_label, hhmm, short_day
from festival.publish.phrases import PRIORITY_LABELS, text
from festival.publish.web.site import Site, by_time, script_json

TRAVEL_KMH = 15.0
"""Between two venues: the straight-line distance at 15 km/h (walking and public transport,
detours included) …"""
TRAVEL_EXTRA_MINUTES = 10
"""… plus 10 minutes to leave one cinema and find one's seat in the next."""

PRIORITIES = ((3, 16), (2, 4), (1, 1))
"""(value, weight): a must-see outweighs three films one wants to see, and one of those outweighs
three one might see. Their labels: ``PRIORITY_LABELS``."""

PLANNER_NODES = 2_000_000
"""The planner's search stops after this many steps and says its plan is the best found."""


def distance_km(a: Venue, b: Venue) -> float:
    """The great-circle distance between two venues (haversine, Earth radius 6,371 km)."""
    lat1, lat2 = math.radians(a.lat), math.radians(b.lat)
    dlat = lat2 - lat1
    dlon = math.radians(b.lon - a.lon)
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def travel_minutes(a: Venue, b: Venue) -> int:
    """The minutes a festival-goer needs between the end of a screening at ``a`` and the start of
    one at ``b``: none within a venue, else ``TRAVEL_EXTRA_MINUTES`` plus the distance at
    ``TRAVEL_KMH``, rounded up."""
    if a.id == b.id:
        return 0
    return TRAVEL_EXTRA_MINUTES + math.ceil(distance_km(a, b) / TRAVEL_KMH * 60)


def _minute(s: Screening, end: bool = False) -> int:
    """Minutes since the Unix epoch (UTC) of a screening's start or end."""
    moment = s.end_utc if end else s.start_utc
    return int(moment.timestamp()) // 60


def data(site: Site) -> dict[str, object]:
    """What ``agenda.js`` reads on the agenda page: names in the page language, times already
    written out, every screening (cancelled ones too, so a tick on one says so)."""
    lang = site.lang
    festival = site.schedule.festival
    listed = sorted((*site.screenings, *site.cancelled), key=by_time)
    screenings = []
    for s in listed:
        _, venue, hall = site.place(s)
        screenings.append(
            {
                "id": s.id,
                "film": s.film,
                "city": s.city,
                "venue": s.venue,
                "venue_name": venue,
                "hall": hall,
                "day": s.festival_day.isoformat(),
                "date": short_day(s.start_local.date(), lang),
                "start": hhmm(s.start_local),
                "end": hhmm(s.end_local),
                "from": _minute(s),
                "to": _minute(s, end=True),
                "cancelled": s.status == "cancelled",
            }
        )
    films = [
        {"id": f.id, "title": site.films[f.id].title, "page": site.films[f.id].page}
        for f in site.inputs.programme.films
    ]
    travel: dict[str, dict[str, int]] = {}
    for a in site.venues:
        travel[a.id] = {b.id: travel_minutes(a, b) for b in site.venues if b.city == a.city}
    return {
        "festival": festival.id,
        "lang": lang,
        "feed": urls.FESTIVAL_FEED,
        "agenda": AGENDA_FEED,
        "agenda_url": urls.absolute(site.base, AGENDA_FEED),
        "max": AGENDA_MAX,
        "nodes": PLANNER_NODES,
        "cities": [{"id": c.id, "name": text(c.name, lang)} for c in site.cities],
        "days": [
            {"day": d.isoformat(), "label": short_day(d, lang), "long": day_label(d, lang)}
            for d in site.festival_days
        ],
        "films": films,
        "screenings": screenings,
        "travel": travel,
        "priorities": [
            {"value": value, "weight": weight, "label": site.ui[PRIORITY_LABELS[value]]}
            for value, weight in PRIORITIES
        ],
        "ui": {key: site.ui[key] for key in SCRIPT_PHRASES},
    }


SCRIPT_PHRASES = (
    "agenda_count",
    "agenda_empty",
    "agenda_remove",
    "agenda_no_fetch",
    "agenda_feed_changed",
    "agenda_too_many",
    "agenda_cleared",
    "cancelled",
    "planner_none_chosen",
    "planner_fits",
    "planner_added",
    "planner_why_city",
    "planner_why_days",
    "planner_why_clash",
    "planner_why_travel",
    "planner_why_cancelled",
)
"""The phrases ``agenda.js`` writes into the page (the rest are in the HTML already)."""


def page(site: Site) -> bytes:
    """``agenda.html``: the ticked screenings and their feed, and the planner. Without
    JavaScript it says how to tick screenings and subscribe on the city and film pages."""
    return site.render(
        "agenda.html",
        urls.AGENDA_PAGE,
        title=site.ui["agenda_title"],
        data=script_json(data(site)),
        cities=[(c.id, text(c.name, site.lang)) for c in site.cities],
        days=[(d.isoformat(), short_day(d, site.lang)) for d in site.festival_days],
        films=[site.films[f.id] for f in site.inputs.programme.films],
        priorities=[(value, site.ui[PRIORITY_LABELS[value]]) for value, _ in PRIORITIES],
        travel_note=site.ui["planner_travel"].format(
            kmh=f"{TRAVEL_KMH:g}", extra=TRAVEL_EXTRA_MINUTES
        ),
    )
