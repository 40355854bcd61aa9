"""What every page of the web programme shares: one schedule in one page language, and the layout.

``Site`` holds the schedule's screenings in a fixed order, the film views, and the pieces every page
builds on: feeds and their subscribe links, a screening as shown (``Show``), the guest line, the
printable PDFs, the changes banner, and ``render`` with the header and footer every template
extends. Labels come from the phrase book, dates and times from ``festival.publish.dates``.
"""

from __future__ import annotations

import datetime as dt
import json
from functools import cache

import jinja2

from festival.domain import ChangeReport, City, Film, Schedule, Screening
from festival.inputs import Inputs
from festival.layout import AGENDA_FEED
from festival.publish import urls
from festival.publish.dates import date_range, day_minute, hhmm, short_day, zone_offsets
from festival.publish.phrases import (
    GUEST_LINES,
    LANGS,
    SCREENINGS_COUNT,
    Lang,
    labels,
    plural,
    text,
)
from festival.publish.web.views import AltTitle, Feed, FilmView, GuestLine, Link, Show

STYLESHEET = "style.css"
AGENDA_SCRIPT = "agenda.js"
"""The personal agenda's script (the ticks on every page, the agenda page and its planner)."""

SLOT_MINUTES = 5
"""One row of a day grid: blocks start and end on the nearest row line."""


@cache
def environment() -> jinja2.Environment:
    """The template environment (autoescaped; undefined names are errors)."""
    return jinja2.Environment(
        loader=jinja2.PackageLoader("festival.publish", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def script_json(data: object) -> str:
    """``data`` as JSON for the text of a ``<script>`` element: ``<``, ``>`` and ``&`` as JSON
    escapes (read back the same), so no text of the data can end the element or read as markup."""
    out = json.dumps(data, ensure_ascii=False, sort_keys=True, indent=None)
    return out.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def by_time(s: Screening) -> tuple[object, ...]:
    """The order screenings are listed in: start, then place, then id."""
    return (s.start_utc, s.city, s.venue, s.hall, s.id)


class Site:
    """The views of one schedule in one language (no clock, fixed orders)."""

    def __init__(
        self,
        schedule: Schedule,
        inputs: Inputs,
        lang: Lang,
        pdfs: frozenset[str],
        report: ChangeReport | None = None,
        feeds: frozenset[str] = frozenset(),
    ):
        self.schedule = schedule
        self.published_feeds = feeds
        self.inputs = inputs
        self.lang = lang
        self.ui = labels(lang)
        self.pdfs = sorted(p for p in pdfs if p != urls.ORGANISERS_PDF)
        self.report = report
        self.base = schedule.festival.base_url
        self.days = schedule.festival.first_day, schedule.festival.last_day
        self.festival_days = [
            self.days[0] + dt.timedelta(days=i)
            for i in range((self.days[1] - self.days[0]).days + 1)
        ]
        self.cities = list(inputs.venues.cities)
        self.venues = list(inputs.venues.venues)
        self.films = {f.id: self.film_view(f) for f in inputs.programme.films}
        self.screenings = sorted(schedule.screenings, key=by_time)
        # withdrawn screenings still shown (struck through): those of films still in the line-up
        self.cancelled = sorted(
            (s for s in schedule.cancelled if s.film in self.films), key=by_time
        )
        self.was = {
            c.screening: c.before
            for c in (report.changes if report is not None else ())
            if c.kind == "moved" and c.before is not None
        }
        """Where each screening a re-plan moved was published before, by its id."""

    def count(self, n: int) -> str:
        """``3 сеанса``, ``1 screening``, ``5场放映``."""
        return self.ui[SCREENINGS_COUNT[plural(n, self.lang)]].format(n=n)

    def feeds(self, *offers: tuple[str, str, str, str]) -> list[Feed]:
        """The subscribe links of the feeds offered (path, id, label, note) that are published
        (a city's idle venue has none)."""
        out = []
        for path, ident, label, note in offers:
            if path in self.published_feeds:
                url = urls.absolute(self.base, path)
                out.append(
                    Feed(ident, label, note, url, urls.webcal(url), urls.google_subscribe(url))
                )
        return out

    def film_view(self, film: Film) -> FilmView:
        lang = self.lang
        title = text(film.title, lang)
        original_lang = film.languages.audio[0]
        translated = {text(film.title, code) for code in LANGS}
        alts: list[AltTitle] = []
        seen = {title}
        for code in ("ru", "original", "en", "zh"):
            if code == "original":
                if film.title.original not in translated:  # else shown as that language's title
                    alts.append(AltTitle(original_lang, film.title.original, True))
                continue
            value = getattr(film.title, code)
            if code != lang and value not in seen:
                seen.add(value)
                alts.append(AltTitle(code, value, False))
        age = self.ui["unrated"] if film.age_rating.value == "unrated" else film.age_rating.value
        return FilmView(
            film,
            title,
            tuple(alts),
            urls.film_page(film.id),
            self.ui["minutes"].format(n=film.runtime),
            age,
        )

    def zone_note(self, city: City) -> str:
        return self.ui["times_local"].format(
            zone=city.timezone, offset=zone_offsets(city.timezone, self.festival_days)
        )

    def place(self, s: Screening) -> tuple[str, str, str]:
        """(city, venue, hall) names of a screening; ids for places the inputs no longer have."""
        info = self.inputs.halls.get((s.venue, s.hall))
        if info is not None:
            lang = self.lang
            return (
                text(info.city.name, lang),
                text(info.venue.name, lang),
                text(info.hall.name, lang),
            )
        city = self.inputs.cities.get(s.city)
        return (text(city.name, self.lang) if city else s.city), s.venue, s.hall

    def show(self, s: Screening, column: int = 0, first_minute: int = 0) -> Show:
        city, venue, hall = self.place(s)
        start = day_minute(s.start_local, s.festival_day) - first_minute
        end = day_minute(s.end_local, s.festival_day) - first_minute
        row_start = round(start / SLOT_MINUTES) + 1
        row_end = max(round(end / SLOT_MINUTES) + 1, row_start + 1)
        return Show(
            screening=s,
            film=self.films[s.film],
            start=hhmm(s.start_local),
            end=hhmm(s.end_local),
            iso=s.start_local.isoformat(timespec="minutes"),
            date_label=short_day(s.start_local.date(), self.lang),
            city=city,
            venue=venue,
            hall=hall,
            label=text(s.label, self.lang) if s.label else "",
            row_start=row_start,
            row_end=row_end,
            column=column,
            cancelled=s.status == "cancelled",
            guest=self.appearance(s),
            moved=self.moved_from(s),
        )

    def moved_from(self, s: Screening) -> str | None:
        """ "Moved from Illuzion, Big hall, Tue 13 May 19:00" in the page language, naming only
        what changed (the hall, with its venue if that changed too; the time, with its day if
        that changed too); None if the last re-plan did not move it."""
        before = self.was.get(s.id)
        if before is None or s.status == "cancelled":
            return None
        _, venue, hall = self.place(before)
        parts = []
        if (before.venue, before.hall) != (s.venue, s.hall):
            parts.append(f"{venue}, {hall}" if before.venue != s.venue else hall)
        if before.start_utc != s.start_utc:
            when = hhmm(before.start_local)
            if before.start_local.date() != s.start_local.date():
                when = f"{short_day(before.start_local.date(), self.lang)} {when}"
            parts.append(when)
        if not parts:
            return None
        return self.ui["moved_from"].format(was=", ".join(parts))

    def appearance(self, s: Screening) -> GuestLine | None:
        """The screening's guest appearance in the page language, its name linking to the
        guest's feed on the front page; None without one."""
        guest = self.inputs.guests.get(s.guest) if s.guest is not None else None
        if guest is None or s.guest_kind is None:
            return None
        before, _, after = self.ui[GUEST_LINES[s.guest_kind]].partition("{name}")
        feed = urls.feed_path("guest", guest.id)
        anchor = (
            f"{urls.INDEX_PAGE}#feed-guests-{guest.id}" if feed in self.published_feeds else None
        )
        return GuestLine(before, text(guest.name, self.lang), after, anchor)

    def pdf_links(self, page: str, city: str | None) -> list[Link]:
        """The printable PDFs for readers, by name: a city's own booklet, or every city's and
        the changes insert (index). Wall grids are the cinemas' (``wall_grid_links``)."""
        booklets = {urls.booklet_pdf(c.id): c for c in self.cities}
        out = []
        for path in self.pdfs:
            found = booklets.get(path)
            if found is not None and city in (None, found.id):
                label = self.ui["booklet_pdf"].format(city=text(found.name, self.lang))
            elif path == urls.CHANGES_INSERT and city is None:
                label = self.ui["changes_insert"]
            else:
                continue
            out.append(Link(urls.relative(page, path), label))
        return out

    def wall_grid_links(self, page: str) -> list[Link]:
        """The venues' wall grids, for their staff to print and put up, by venue name."""
        grids = {urls.wall_grid_pdf(v.id): v for v in self.venues}
        return [
            Link(urls.relative(page, path), text(grids[path].name, self.lang))
            for path in self.pdfs
            if path in grids
        ]

    def guest_feeds(self) -> list[Feed]:
        """Each guest's feed (the screenings they appear at), for the front page."""
        return self.feeds(
            *(
                (
                    urls.feed_path("guest", g.id),
                    g.id,
                    text(g.name, self.lang),
                    self.ui["guest_feed_note"],
                )
                for g in self.inputs.venues.guests
            )
        )

    def changes_link(self, page: str) -> Link | None:
        """The header link to the changes page (after a re-plan), with the counts."""
        if self.report is None:
            return None
        r = self.report
        label = self.ui["changes_banner"].format(
            moved=r.moved, cancelled=r.cancelled, added=r.added
        )
        if r.changed:
            label += self.ui["changes_banner_guests"].format(changed=r.changed)
        return Link(urls.relative(page, urls.CHANGES_PAGE), label, page == urls.CHANGES_PAGE)

    def common(self, page: str) -> dict[str, object]:
        """What ``base.html`` reads on every page: names, dates, navigation, the footer."""
        fest = self.schedule.festival
        return {
            "lang": self.lang,
            "ui": self.ui,
            "page": page,
            "rel": lambda to: urls.relative(page, to),
            "stylesheet": urls.relative(page, STYLESHEET),
            "festival_name": text(fest.name, self.lang),
            "other_names": [(code, text(fest.name, code)) for code in LANGS if code != self.lang],
            "dates": date_range(fest.first_day, fest.last_day, self.lang),
            "nav_cities": [
                Link(
                    urls.relative(page, urls.city_page(c.id)),
                    text(c.name, self.lang),
                    page == urls.city_page(c.id),
                )
                for c in self.cities
            ],
            "index_href": urls.relative(page, urls.INDEX_PAGE),
            "festival_id": fest.id,
            "agenda_href": urls.relative(page, urls.AGENDA_PAGE),
            "agenda_feed": AGENDA_FEED,
            "agenda_script": urls.relative(page, AGENDA_SCRIPT),
            "changes_link": self.changes_link(page),
            "generated": self.ui["generated"].format(
                when=self.schedule.generated_at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
            ),
        }

    def render(self, template: str, page: str, **context: object) -> bytes:
        html = environment().get_template(template).render(**self.common(page), **context)
        return html.encode("utf-8")
