"""The changes page (``changes.html``, after a re-plan): the report's counts, then a table per kind
of change (cancelled, moved, another guest, added), each in the order a visitor knew the screenings,
with the time and place before and after in the venue's local time."""

from __future__ import annotations

import datetime as dt

from festival.domain import Change, Screening
from festival.publish import urls
from festival.publish.changes import reading_order
from festival.publish.dates import hhmm, short_day, utc_offset
from festival.publish.phrases import CHANGE_COUNTS, CHANGE_HEADINGS
from festival.publish.web.site import Site
from festival.publish.web.views import ChangeGroup, ChangeRow, Moment
from festival.replan import CHANGE_ORDER


def moment(site: Site, s: Screening) -> Moment:
    """When and where a screening was or is."""
    _, venue, hall = site.place(s)
    return Moment(
        iso=s.start_local.isoformat(timespec="minutes"),
        date=short_day(s.start_local.date(), site.lang),
        time=hhmm(s.start_local),
        offset=utc_offset(s.start_local.utcoffset() or dt.timedelta(0)),
        venue=venue,
        hall=hall,
    )


def row(site: Site, c: Change, page: str) -> ChangeRow:
    """One change as a table row."""
    ref = c.before or c.after
    assert ref is not None  # a change has a screening before, after, or both
    city = site.inputs.cities.get(ref.city)
    film = site.films.get(c.film)
    no_guest = site.ui["no_guest"]
    return ChangeRow(
        change=c,
        film=film,
        film_name=film.title if film else c.film,
        city=site.place(ref)[0],
        city_page=urls.relative(page, urls.city_page(city.id)) if city else None,
        zone=city.timezone if city else "",
        before=moment(site, c.before) if c.before else None,
        after=moment(site, c.after) if c.after else None,
        time_changed=bool(c.before and c.after and c.before.start_utc != c.after.start_utc),
        place_changed=bool(
            c.before
            and c.after
            and (c.before.venue, c.before.hall) != (c.after.venue, c.after.hall)
        ),
        guest_before=str(site.appearance(c.before) or no_guest) if c.before else "",
        guest_after=str(site.appearance(c.after) or no_guest) if c.after else "",
    )


def groups(site: Site, page: str) -> list[ChangeGroup]:
    """The report's changes by kind (the report's order of kinds), each in reading order."""
    assert site.report is not None
    out = []
    for kind in CHANGE_ORDER:
        mine = sorted((c for c in site.report.changes if c.kind == kind), key=reading_order)
        if mine:
            rows = tuple(row(site, c, page) for c in mine)
            out.append(ChangeGroup(mine[0].kind, site.ui[CHANGE_HEADINGS[kind]], rows))
    return out


def page(site: Site) -> bytes:
    """changes.html: the counts, then a table per kind of change."""
    assert site.report is not None
    r = site.report
    ui = site.ui
    here = urls.CHANGES_PAGE
    when = r.generated_at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    insert = [link for link in site.pdf_links(here, None) if link.label == ui["changes_insert"]]
    return site.render(
        "changes.html",
        here,
        title=ui["changes"],
        revision=ui["changes_revision"].format(to=r.to_revision, before=r.from_revision, when=when),
        # in the groups' order; guest changes only when there are any
        counts=[
            (kind, ui[CHANGE_COUNTS[kind]], getattr(r, kind))
            for kind in ("published", *CHANGE_ORDER)
            if kind != "changed" or r.changed
        ],
        groups=groups(site, here),
        insert=insert,
    )
