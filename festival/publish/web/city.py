"""A city's page (``city/<id>.html``): its programme day by day, each day as a grid of its halls
(confirmed screenings only) and as a list by venue (cancelled screenings too, struck through).

The city's view (``CityView``) is also what the index page and the film pages show of the city.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from festival.domain import City, Screening, Venue
from festival.publish import urls
from festival.publish.dates import day_label, day_minute, short_day
from festival.publish.phrases import text
from festival.publish.web import jsonld
from festival.publish.web.site import SLOT_MINUTES, Site, by_time
from festival.publish.web.views import (
    CityView,
    Column,
    Day,
    HourLine,
    Show,
    VenueDay,
    VenueHead,
)


def _by_day(screenings: list[Screening]) -> dict[dt.date, list[Screening]]:
    out: dict[dt.date, list[Screening]] = defaultdict(list)
    for s in screenings:
        out[s.festival_day].append(s)
    return out


def _grid(
    site: Site, venues: list[Venue], mine: list[Screening]
) -> tuple[dict[tuple[str, str], int], tuple[Column, ...], tuple[VenueHead, ...]]:
    """The day grids' columns: each hall with a screening (its grid column, from 2), its column
    head, and the head of each venue over its halls."""
    used = {(s.venue, s.hall) for s in mine}
    halls = [(v, h) for v in venues for h in v.halls if (v.id, h.id) in used]
    column_of = {(v.id, h.id): i + 2 for i, (v, h) in enumerate(halls)}
    columns = tuple(
        Column(text(v.name, site.lang), text(h.name, site.lang), column_of[(v.id, h.id)])
        for v, h in halls
    )
    heads: list[VenueHead] = []
    for v in venues:
        indices = [column_of[(v.id, h.id)] for h in v.halls if (v.id, h.id) in column_of]
        if indices:
            heads.append(VenueHead(text(v.name, site.lang), min(indices), max(indices) + 1))
    return column_of, columns, tuple(heads)


def _day_grid(
    site: Site, date: dt.date, todays: list[Screening], column_of: dict[tuple[str, str], int]
) -> tuple[tuple[Show, ...], tuple[HourLine, ...], int]:
    """A day's grid: its screenings placed in rows and columns, the hour lines, the row count."""
    first = min(day_minute(s.start_local, date) for s in todays) // 60 * 60
    last = -(-max(day_minute(s.end_local, date) for s in todays) // 60) * 60
    shows = tuple(site.show(s, column_of[(s.venue, s.hall)], first) for s in todays)
    hours = tuple(
        HourLine(f"{(m // 60) % 24:02d}:00", (m - first) // SLOT_MINUTES + 1)
        for m in range(first, last, 60)
    )
    return shows, hours, (last - first) // SLOT_MINUTES


def view(site: Site, city: City) -> CityView:
    """A city with its zone and its programme, day by day."""
    lang = site.lang
    mine = [s for s in site.screenings if s.city == city.id]
    gone = [s for s in site.cancelled if s.city == city.id]
    venues = [v for v in site.venues if v.city == city.id]
    column_of, columns, heads = _grid(site, venues, mine)
    by_day = _by_day(mine)
    gone_by_day = _by_day(gone)
    days = []
    for date in sorted(set(by_day) | set(gone_by_day)):
        todays = by_day.get(date, [])
        shows: tuple[Show, ...] = ()
        hours: tuple[HourLine, ...] = ()
        rows = 0
        if todays:  # the day grid: confirmed screenings only (a cancelled one leaves a gap)
            shows, hours, rows = _day_grid(site, date, todays, column_of)
        listed = sorted(
            [*shows, *(site.show(s) for s in gone_by_day.get(date, []))],
            key=lambda sh: (sh.screening.start_utc, sh.screening.hall, sh.screening.id),
        )
        anchor = f"day-{date.isoformat()}"
        venue_days = tuple(
            VenueDay(
                v,
                text(v.name, lang),
                text(v.address, lang),
                f"{anchor}-{v.id}",
                tuple(sh for sh in listed if sh.screening.venue == v.id),
            )
            for v in venues
            if any(sh.screening.venue == v.id for sh in listed)
        )
        days.append(
            Day(
                date=date,
                anchor=anchor,
                label=day_label(date, lang),
                short=short_day(date, lang),
                rows=rows,
                columns=columns if todays else (),
                venue_heads=heads if todays else (),
                hours=hours,
                shows=shows,
                venues=venue_days,
            )
        )
    return CityView(
        city,
        text(city.name, lang),
        urls.city_page(city.id),
        site.zone_note(city),
        tuple(days),
        site.count(len(mine)),
    )


def page(site: Site, view: CityView) -> bytes:
    """``city/<id>.html``: the programme, the city's and its venues' feeds, its booklet."""
    city = view.city
    feeds = site.feeds(
        (urls.feed_path("city", city.id), f"city-{city.id}", view.name, site.ui["feed_city"]),
        *(
            (
                urls.feed_path("venue", v.id),
                f"venue-{v.id}",
                text(v.name, site.lang),
                text(v.address, site.lang),
            )
            for v in site.venues
            if v.city == city.id
        ),
    )
    listed = sorted(
        (s for s in (*site.screenings, *site.cancelled) if s.city == city.id), key=by_time
    )
    return site.render(
        "city.html",
        view.page,
        title=view.name,
        view=view,
        jsonld=jsonld.script(site, listed),
        feeds=feeds,
        pdfs=site.pdf_links(view.page, city.id),
        intro=site.inputs.venues.policy.intro_minutes,
    )
