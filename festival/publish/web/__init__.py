"""The web programme: static HTML pages (work without JavaScript, on a phone, with a screen reader).

``pages()`` turns a schedule into ``index.html``, one page per city (``city/<id>.html``: the
programme by day and venue, plus a day grid per day) and one page per film (``film/<id>.html``),
and the one stylesheet they share, ``style.css``. After a re-plan it also writes ``changes.html``
(the change report: cancelled, moved and added screenings), linked from every page's header, and
city and film pages keep listing cancelled screenings, struck through and marked as cancelled.
Everything is rendered from the Jinja2 templates in ``templates/`` with autoescaping; links
between pages are relative (the folder also works when opened from disk) and every feed link is
built with ``festival.publish.urls``. The same schedule always gives the same bytes: nothing here
reads the clock.

A module per page (``index``, ``city``, ``film``, ``changes``) builds it on ``site.Site``, what
every page shares; ``views`` holds what the templates see. Every label is the phrase book's
(``festival.publish.phrases``).
"""

from __future__ import annotations

from collections import defaultdict
from importlib import resources

from festival.domain import ChangeReport, Schedule, Screening
from festival.inputs import Inputs
from festival.publish import ical, urls
from festival.publish.phrases import Lang
from festival.publish.web import agenda, changes, city, film, index
from festival.publish.web.site import AGENDA_SCRIPT, SLOT_MINUTES, STYLESHEET, Site, environment

__all__ = ["AGENDA_SCRIPT", "SLOT_MINUTES", "STYLESHEET", "pages"]


def _by_film(screenings: list[Screening]) -> dict[str, list[Screening]]:
    out: dict[str, list[Screening]] = defaultdict(list)
    for s in screenings:
        out[s.film].append(s)
    return out


def pages(
    schedule: Schedule,
    inputs: Inputs,
    lang: Lang,
    pdfs: frozenset[str] = frozenset(),
    report: ChangeReport | None = None,
    feeds: frozenset[str] | None = None,
) -> dict[str, bytes]:
    """index.html, one page per city and per film, and changes.html when there is a change report
    (path → bytes). ``pdfs``: printable PDFs present; ``report``: the changes of a re-plan;
    ``feeds``: the feeds published, the only ones offered (None: those ``ical.feeds`` writes
    without feeds carried over)."""
    offered = ical.published_feeds(schedule, inputs) if feeds is None else feeds
    site = Site(schedule, inputs, lang, pdfs, report, offered)
    cities = [city.view(site, c) for c in site.cities]
    by_film = _by_film(site.screenings)
    gone_by_film = _by_film(site.cancelled)
    out: dict[str, bytes] = {urls.INDEX_PAGE: index.page(site, cities, by_film)}
    for view in cities:
        out[view.page] = city.page(site, view)
    views = {v.city.id: v for v in cities}
    for f in inputs.programme.films:
        listed = [*by_film[f.id], *gone_by_film[f.id]]
        out[site.films[f.id].page] = film.page(site, f, views, listed)
    if report is not None:
        out[urls.CHANGES_PAGE] = changes.page(site)
    out[urls.AGENDA_PAGE] = agenda.page(site)
    out[STYLESHEET] = environment().get_template(STYLESHEET).render().encode("utf-8")
    out[AGENDA_SCRIPT] = (
        resources.files("festival.publish") / "templates" / AGENDA_SCRIPT
    ).read_bytes()
    return out
