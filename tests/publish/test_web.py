"""The web programme of real planned festivals: pages, times, titles, links, feeds, languages."""

from __future__ import annotations

import datetime as dt
import html
import json
import posixpath
import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import extruct  # type: ignore[import-untyped]
import pytest
from markupsafe import escape

from festival.domain import Change, ChangeReport, Schedule, Screening
from festival.inputs import Inputs
from festival.load import load
from festival.plan import plan
from festival.publish import dates, ical, urls, web
from festival.publish.phrases import LANGS, Lang, labels
from festival.publish.print import document
from festival.solver import SolveOptions
from tests.publish.conftest import Replanned, first_shown, hand_report

ROOT = Path(__file__).resolve().parents[2]
STAMP = dt.datetime(2025, 5, 1, 9, 30, tzinfo=dt.UTC)
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}

Planned = tuple[Schedule, Inputs]


def esc(value: str) -> str:
    """Text as the autoescaping templates write it."""
    return str(escape(value))


def _plan(name: str) -> Planned:
    inputs = load(ROOT / "examples" / f"cffr-2025-{name}.yaml")
    return plan(inputs, SolveOptions(time_limit=2, deterministic=True), STAMP), inputs


@pytest.fixture(scope="module")
def may() -> Planned:
    return _plan("may")


@pytest.fixture(scope="module")
def tour() -> Planned:
    return _plan("tour")


@pytest.fixture(scope="module", params=["may", "tour"])
def planned(request: pytest.FixtureRequest) -> Planned:
    value: Planned = request.getfixturevalue(request.param)
    return value


@pytest.fixture(scope="module")
def site(planned: Planned) -> dict[str, bytes]:
    return web.pages(*planned, "ru")


class Page(HTMLParser):
    """Every tag with its attributes, ids, and whether tags are balanced."""

    def __init__(self, source: bytes) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.ids: list[str] = []
        self.stack: list[str] = []
        self.unbalanced: list[str] = []
        self.feed(source.decode("utf-8"))
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        self.tags.append((tag, values))
        if "id" in values:
            self.ids.append(values["id"])
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.unbalanced.append(tag)
        else:
            self.stack.pop()

    def attrs(self, tag: str, name: str) -> list[str]:
        return [a[name] for t, a in self.tags if t == tag and name in a]


def _html(site: dict[str, bytes]) -> dict[str, str]:
    return {k: v.decode("utf-8") for k, v in site.items() if k.endswith(".html")}


def _expected_pages(inputs: Inputs) -> set[str]:
    return (
        {urls.INDEX_PAGE, urls.AGENDA_PAGE, web.STYLESHEET, web.AGENDA_SCRIPT}
        | {urls.city_page(c) for c in inputs.cities}
        | {urls.film_page(f) for f in inputs.films}
    )


def _subscribe_links(base: str, path: str) -> set[str]:
    url = urls.absolute(base, path)
    return {url, urls.webcal(url), urls.google_subscribe(url)}


# --------------------------------------------------------------------------------------------------


def test_every_page_is_listed(planned: Planned, site: dict[str, bytes]) -> None:
    _, inputs = planned
    assert set(site) == _expected_pages(inputs)
    assert all(isinstance(v, bytes) and v for v in site.values())


def test_pages_are_well_formed_and_accessible(site: dict[str, bytes]) -> None:
    for path, source in _html(site).items():
        page = Page(source.encode())
        assert page.unbalanced == [] and page.stack == [], path
        assert len(page.ids) == len(set(page.ids)), path
        assert source.startswith('<!doctype html>\n<html lang="ru">'), path
        assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in source
        assert [t for t, _ in page.tags].count("h1") == 1, path
        for landmark in ("header", "nav", "main", "footer"):
            assert f"<{landmark}" in source, (path, landmark)
        assert '<a class="skip" href="#main">' in source and 'id="main"' in source
        # one script runs, the personal agenda's, shipped beside the pages; the others are
        # data: schema.org's (JSON-LD) and the agenda page's own
        scripts = re.findall(r"<script[^>]*>", source.lower())
        own = f'<script src="{urls.relative(path, web.AGENDA_SCRIPT)}" defer>'
        data = {
            '<script type="application/ld+json">',
            '<script type="application/json" id="agenda-data">',
        }
        assert own in scripts and set(scripts) <= {own, *data}, path
        assert not [k for _, a in page.tags for k in a if k.startswith("on")], path
        # every labelled landmark points at an element of the page
        for ref in page.attrs("section", "aria-labelledby") + page.attrs("div", "aria-labelledby"):
            assert ref in page.ids, (path, ref)


def test_every_start_time_is_on_its_city_and_film_page(
    planned: Planned, site: dict[str, bytes]
) -> None:
    schedule, _ = planned
    pages = _html(site)
    for s in schedule.screenings:
        stamp = f'<time datetime="{s.start_local.isoformat(timespec="minutes")}">'
        local = f"{s.start_local:%H:%M}"
        city = pages[urls.city_page(s.city)]
        film = pages[urls.film_page(s.film)]
        # in the list by venue and in the day grid (start–end)
        assert f"{stamp}{local}</time>" in city, s.id
        assert f"{stamp}{local}–{s.end_local:%H:%M}</time>" in city, s.id
        assert f"{stamp}{local}</time>" in film, s.id
        assert f"{stamp}{local}</time>" in pages[urls.INDEX_PAGE], s.id
        assert s.start_local.utcoffset() is not None


def test_film_titles_in_every_language(planned: Planned, site: dict[str, bytes]) -> None:
    schedule, inputs = planned
    pages = _html(site)
    for film in inputs.films.values():
        t = film.title
        page = pages[urls.film_page(film.id)]
        assert f"<h1>{esc(t.ru)}</h1>" in page
        for code in ("en", "zh"):
            assert f'<span lang="{code}">{esc(getattr(t, code))}</span>' in page
        cities = {s.city for s in schedule.screenings if s.film == film.id}
        for city in cities:
            city_page = pages[urls.city_page(city)]
            assert f">{esc(t.ru)}</a></h4>" in city_page
            assert f'<span lang="en">{esc(t.en)}</span>' in city_page
            assert f'<span lang="zh">{esc(t.zh)}</span>' in city_page
        if t.original not in (t.ru, t.en, t.zh):
            assert f'class="original">{esc(t.original)}</span>' in page


def test_film_page_card(planned: Planned, site: dict[str, bytes]) -> None:
    schedule, inputs = planned
    pages = _html(site)
    assert any(f.age_rating.value == "18+" for f in inputs.films.values())
    for film in inputs.films.values():
        page = pages[urls.film_page(film.id)]
        assert f"<dd>{film.year}</dd>" in page
        assert f"<dd>{film.runtime} мин</dd>" in page
        assert f"<dd>{film.age_rating.value}</dd>" in page
        # what 18+ means at the door (93-FZ), under the card of an 18+ film only
        door = "18+: лиц младше 18 лет на сеанс не допускают, на входе могут попросить документ."
        note = f'</dl>\n<p class="age-note">{door}</p>'
        assert (note in page) == (film.age_rating.value == "18+"), film.id
        assert page.count("младше 18") == (film.age_rating.value == "18+"), film.id
        for person in film.directors:
            assert esc(person.ru or person.original) in page
        assert f"<p>{esc(film.synopsis.ru)}</p>" in page
        assert f'<p lang="en">{esc(film.synopsis.en)}</p>' in page
        assert f'<p lang="zh">{esc(film.synopsis.zh)}</p>' in page
        cities = {s.city for s in schedule.screenings if s.film == film.id}
        for city in cities:
            zone = inputs.cities[city].timezone
            assert f"Время местное: {zone}, UTC+" in page


def test_relative_links_and_stylesheet_resolve(planned: Planned) -> None:
    pdfs = frozenset({"print/moscow.pdf", "print/festival.pdf"})
    site = web.pages(*planned, "ru", pdfs)
    parsed = {path: Page(source) for path, source in site.items() if path.endswith(".html")}
    checked = 0
    for path, page in parsed.items():
        sheets = [a["href"] for t, a in page.tags if t == "link" and a.get("rel") == "stylesheet"]
        assert sheets == [urls.relative(path, web.STYLESHEET)]
        for href in page.attrs("a", "href") + sheets:
            if "://" in href:
                continue
            target, _, fragment = href.partition("#")
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(path), target))
            if not target:
                resolved = path
            assert resolved in site or resolved in pdfs, (path, href)
            if fragment:
                assert fragment in parsed[resolved].ids, (path, href)
            checked += 1
    assert checked > 100


def test_feed_links_follow_the_url_layout(planned: Planned, site: dict[str, bytes]) -> None:
    """Every published feed is offered where it belongs, and no other (an idle venue has no
    feed: Dom Kino St Petersburg)."""
    schedule, inputs = planned
    base = inputs.venues.festival.base_url
    used = {s.venue for s in schedule.screenings} | {s.film for s in schedule.screenings}
    assert "dom-kino-spb" not in used
    parsed = {path: Page(source) for path, source in site.items() if path.endswith(".html")}

    def feed_links(path: str) -> set[str]:
        return {h for h in parsed[path].attrs("a", "href") if "://" in h}

    guests = {s.guest for s in schedule.screenings if s.guest is not None}
    expected = _subscribe_links(base, urls.FESTIVAL_FEED)
    for guest in guests:  # each guest's appearances, on the front page
        expected |= _subscribe_links(base, urls.feed_path("guest", guest))
    assert feed_links(urls.INDEX_PAGE) == expected
    everything = set()
    for city in inputs.cities:
        expected = _subscribe_links(base, urls.feed_path("city", city))
        for venue in inputs.venues.venues:
            if venue.city == city and venue.id in used:
                expected |= _subscribe_links(base, urls.feed_path("venue", venue.id))
        assert feed_links(urls.city_page(city)) == expected
        everything |= expected
    for film in inputs.films:
        expected = _subscribe_links(base, urls.feed_path("film", film)) if film in used else set()
        # and the film's screenings in each city it plays in
        for city in sorted({s.city for s in schedule.screenings if s.film == film}):
            expected |= _subscribe_links(base, urls.city_film_feed(city, film))
        assert feed_links(urls.film_page(film)) == expected
        everything |= expected
    offered = ical.published_feeds(schedule, inputs) - {urls.FESTIVAL_FEED}
    offered -= {urls.feed_path("guest", g) for g in guests}
    assert len(everything) == 3 * len(offered)
    assert all(
        link.startswith(("https://cffr.example.org/", "webcal://cffr.example.org/"))
        or link.startswith("https://calendar.google.com/calendar/r?cid=webcal%3A%2F%2Fcffr.")
        for link in everything
    )


def test_same_schedule_same_bytes(planned: Planned, site: dict[str, bytes]) -> None:
    assert web.pages(*planned, "ru") == site
    schedule, inputs = planned
    again = Schedule.model_validate_json(schedule.model_dump_json())
    assert web.pages(again, inputs, "ru") == site


def test_generated_at_is_the_only_timestamp(planned: Planned, site: dict[str, bytes]) -> None:
    footer = "Расписание составлено 2025-05-01 09:30 UTC."
    for source in _html(site).values():
        assert footer in source
    assert dt.date.today().isoformat() not in b"".join(site.values()).decode()


@pytest.mark.parametrize("lang", ["ru", "en", "zh"])
def test_lang_switches_layout_strings(may: Planned, lang: Lang) -> None:
    site = _html(web.pages(*may, lang))
    ui = labels(lang)
    others = [labels(o) for o in LANGS if o != lang]
    schedule, inputs = may
    for path, source in site.items():
        assert f'<html lang="{lang}">' in source, path
        assert f">{ui['skip']}</a>" in source
        for other in others:
            assert f">{other['skip']}</a>" not in source
            assert other["subscribe"] not in source
        assert ui["subscribe"] in source
    index = site[urls.INDEX_PAGE]
    name = schedule.festival.name
    assert f"<h1>{getattr(name, lang)}</h1>" in index
    for code in LANGS:
        if code != lang:
            assert f'<span lang="{code}">{getattr(name, code)}</span>' in index
    for film in inputs.films.values():
        assert f"<h1>{esc(getattr(film.title, lang))}</h1>" in site[urls.film_page(film.id)]
    assert dates.date_range(schedule.festival.first_day, schedule.festival.last_day, lang) in index


def test_dates_in_each_language() -> None:
    may = dt.date(2025, 5, 13), dt.date(2025, 5, 17)
    tour = dt.date(2025, 10, 28), dt.date(2025, 11, 6)
    assert dates.date_range(*may, "ru") == "13–17 мая 2025"
    assert dates.date_range(*may, "en") == "13–17 May 2025"
    assert dates.date_range(*may, "zh") == "2025年5月13日—17日"
    assert dates.date_range(*tour, "ru") == "28 октября – 6 ноября 2025"
    assert dates.date_range(*tour, "en") == "28 October – 6 November 2025"
    assert dates.date_range(*tour, "zh") == "2025年10月28日—11月6日"
    assert dates.day_label(dt.date(2025, 10, 28), "ru") == "Вторник, 28 октября"
    assert dates.day_label(dt.date(2025, 10, 28), "en") == "Tuesday 28 October"
    assert dates.day_label(dt.date(2025, 10, 28), "zh") == "10月28日 星期二"
    assert dates.utc_offset(dt.timedelta(hours=10)) == "UTC+10"
    assert dates.utc_offset(dt.timedelta(hours=5, minutes=30)) == "UTC+5:30"
    assert dates.utc_offset(dt.timedelta(hours=-3)) == "UTC-3"
    assert dates.zone_offsets("Europe/Berlin", [dt.date(2025, 3, 29), dt.date(2025, 3, 30)]) == (
        "UTC+1 / UTC+2"
    )


def test_city_pages_name_their_zone(tour: Planned) -> None:
    site = _html(web.pages(*tour, "ru"))
    assert "Время местное: Asia/Vladivostok, UTC+10" in site["city/vladivostok.html"]
    assert "Время местное: Asia/Novosibirsk, UTC+7" in site["city/novosibirsk.html"]
    assert "Время местное: Asia/Yekaterinburg, UTC+5" in site["city/yekaterinburg.html"]
    assert "Время местное: Europe/Moscow, UTC+3" in site["city/moscow.html"]
    en = _html(web.pages(*tour, "en"))
    assert "All times local: Asia/Vladivostok, UTC+10" in en["city/vladivostok.html"]


def test_day_grid_blocks_are_proportional(planned: Planned, site: dict[str, bytes]) -> None:
    schedule, inputs = planned
    pages = _html(site)
    block = re.compile(
        r'<a class="block[^"]*" href="[^"]+" style="grid-row: (\d+) / (\d+); grid-column: (\d+);">\n'
        r'<time datetime="([^"]+)">[^<]+</time>\n<strong>([^<]+)</strong>\n'
        r'(?:<span class="badge">[^<]+</span>\n?)?'
        r'<span class="where"><span class="vh">([^<]+), </span>([^<]+)</span>'
    )
    for city in inputs.cities:
        found = block.findall(pages[urls.city_page(city)])
        mine = [s for s in schedule.screenings if s.city == city]
        assert len(found) == len(mine)
        by_start = {(s.start_local.isoformat(timespec="minutes"), s.venue, s.hall): s for s in mine}
        for r0, r1, _col, iso, title, venue, hall in found:
            s = next(
                s
                for (i, v, h), s in by_start.items()
                if i == iso
                and inputs.halls[(v, h)].venue.name.ru == venue
                and inputs.halls[(v, h)].hall.name.ru == hall
            )
            minutes = (s.end_local - s.start_local).total_seconds() / 60
            assert abs((int(r1) - int(r0)) * web.SLOT_MINUTES - minutes) <= web.SLOT_MINUTES / 2
            assert html.unescape(title) == inputs.films[s.film].title.ru
        # every screening is also listed outside the grid
        assert pages[urls.city_page(city)].count('<li class="card show') == len(mine)


def test_pinned_labels_are_shown(planned: Planned, site: dict[str, bytes]) -> None:
    schedule, _ = planned
    pages = _html(site)
    labelled = [s for s in schedule.screenings if s.label]
    assert labelled
    for s in labelled:
        assert s.label is not None
        badge = f'class="badge">{esc(s.label.ru)}</'
        assert badge in pages[urls.city_page(s.city)]
        assert badge in pages[urls.film_page(s.film)]
        assert badge in pages[urls.INDEX_PAGE]


def test_pdf_links_only_when_present(tour: Planned) -> None:
    without = _html(web.pages(*tour, "ru"))
    assert all(".pdf" not in source for source in without.values())
    pdfs = frozenset({"print/moscow.pdf", "print/festival.pdf", "print/okean-grid.pdf"})
    site = _html(web.pages(*tour, "ru", pdfs))
    assert (
        '<a href="../print/moscow.pdf" type="application/pdf">Москва: программа (PDF)</a>'
        in site["city/moscow.html"]
    )
    assert "festival.pdf" not in site["city/moscow.html"]
    assert all(".pdf" not in site[urls.city_page(c)] for c in tour[1].cities if c != "moscow")
    index = site[urls.INDEX_PAGE]
    # documents by their names, not their files; a file of no known kind is not offered
    assert "festival.pdf" not in index
    public, _, staff = index.partition('<section class="pdfs" aria-labelledby="wall-grids">')
    assert '<a href="print/moscow.pdf" type="application/pdf">Москва: программа (PDF)</a>' in public
    assert "okean-grid" not in public
    # the cinemas' wall grids apart, by venue name
    assert "Для кинотеатров: сетки на стену (PDF, A3)" in staff
    okean = next(v for v in tour[1].venues.venues if v.id == "okean")
    assert (
        f'<a href="print/okean-grid.pdf" type="application/pdf">{esc(okean.name.ru)}</a>' in staff
    )


def test_text_is_escaped(may: Planned) -> None:
    schedule, inputs = may
    films = tuple(
        f.model_copy(update={"title": f.title.model_copy(update={"en": "<b>Red & Silk</b>"})})
        if f.id == "red-silk"
        else f
        for f in inputs.programme.films
    )
    changed = Inputs(
        inputs.venues,
        inputs.programme.model_copy(update={"films": films}),
        inputs.venues_source,
        inputs.programme_source,
    )
    site = _html(web.pages(schedule, changed, "en"))
    page = site[urls.film_page("red-silk")]
    assert "<h1>&lt;b&gt;Red &amp; Silk&lt;/b&gt;</h1>" in page
    assert "<b>Red" not in "".join(site.values())


def test_stylesheet_is_responsive(site: dict[str, bytes]) -> None:
    css = site[web.STYLESHEET].decode()
    assert "@media (max-width: 40rem)" in css
    assert ".grid-scroll { overflow-x: auto;" in css
    assert "display: grid" in css


# -------------------------------------------------------------------------------- after a re-plan


@pytest.fixture(scope="module")
def replanned_site(replanned: Replanned) -> dict[str, bytes]:
    r = replanned
    return web.pages(r.schedule, r.inputs, "ru", frozenset({urls.CHANGES_INSERT}), r.report)


def _rows(page: str) -> dict[str, str]:
    """The change tables' rows by screening id."""
    found = re.findall(r'<tr id="change-([^"]+)"[^>]*>\n(.*?)</tr>', page, re.DOTALL)
    return dict(found)


def _moment(
    s: Screening, inputs: Inputs, strong_place: bool = False, strong_time: bool = False
) -> str:
    """A screening's time and place as the change tables write them."""
    day = dates.short_day(s.start_local.date(), "ru")
    iso = s.start_local.isoformat(timespec="minutes")
    when = f'<time datetime="{iso}">{day}, {s.start_local:%H:%M}</time>'
    if strong_time:
        when = f"<strong>{when}</strong>"
    info = inputs.halls[(s.venue, s.hall)]
    place = esc(f"{info.venue.name.ru} · {info.hall.name.ru}")
    if strong_place:
        place = f"<strong>{place}</strong>"
    return (
        f'<span class="m-when">{when} <span class="muted">UTC+3</span></span>\n'
        f'<span class="m-where">{place}</span>\n'
    )


def test_the_fixture_replan_cancels_moves_and_adds(replanned: Replanned) -> None:
    report = replanned.report
    assert (report.published, report.cancelled, report.added) == (40, 5, 1)
    # every screening in the withdrawn hall moves (other than the withdrawn film's)
    lost = [
        s
        for s in replanned.previous.screenings
        if (s.venue, s.hall) == ("karo-11-oktyabr", "hall-2") and s.film != "hidden-blade"
    ]
    assert lost
    moved = {c.screening for c in report.changes if c.kind == "moved"}
    assert {s.id for s in lost} <= moved and report.moved == len(moved)
    assert {c.film for c in report.changes if c.kind == "cancelled"} == {"hidden-blade"}
    assert [c.after.venue for c in report.changes if c.after and c.kind == "added"] == ["mir-kazan"]
    assert sorted(s.id for s in replanned.schedule.cancelled) == [
        f"hidden-blade-{n}" for n in range(1, 6)
    ]


@pytest.mark.parametrize(
    ("lang", "phrase"),
    [("ru", "Перенесён (ранее: {})"), ("en", "Moved from {}"), ("zh", "原定：{}")],
)
def test_a_moved_screening_says_where_it_was_on_its_city_and_film_pages(
    replanned: Replanned, lang: Lang, phrase: str
) -> None:
    """Only the banner and the changes page said a screening moved: its card on its city page
    and on its film page now says where (and when, if that changed) it was, once each."""
    r = replanned
    pages = _html(web.pages(r.schedule, r.inputs, lang, report=r.report))
    moved = [c for c in r.report.changes if c.kind == "moved"]
    assert moved
    for c in moved:
        assert c.before is not None and c.after is not None
        was = r.inputs.halls.get((c.before.venue, c.before.hall))
        parts = []
        if (c.before.venue, c.before.hall) != (c.after.venue, c.after.hall):
            assert was is not None
            hall = getattr(was.hall.name, lang)
            parts.append(
                hall
                if c.before.venue == c.after.venue
                else f"{getattr(was.venue.name, lang)}, {hall}"
            )
        if c.before.start_utc != c.after.start_utc:
            when = c.before.start_local.strftime("%H:%M")
            if c.before.start_local.date() != c.after.start_local.date():
                when = f"{dates.short_day(c.before.start_local.date(), lang)} {when}"
            parts.append(when)
        line = f'<p class="moved">{esc(phrase.format(", ".join(parts)))}</p>'
        assert pages[urls.city_page(c.after.city)].count(line) >= 1, line
        assert pages[urls.film_page(c.after.film)].count(line) >= 1, line
    marks = sum(page.count('<p class="moved">') for page in pages.values())
    assert marks == 2 * len(moved)
    unchanged = _html(web.pages(r.schedule, r.inputs, lang))  # no report: nothing marked
    assert not any('<p class="moved">' in page for page in unchanged.values())


def _events(page: str) -> list[dict[str, Any]]:
    """The page's schema.org events, read as a crawler reads them (extruct)."""
    found = extruct.extract(page, syntaxes=["json-ld"], uniform=True)["json-ld"]
    events = [e for block in found for e in (block if isinstance(block, list) else [block])]
    return [e for e in events if e.get("@type") == "ScreeningEvent"]


def test_every_screening_is_a_schema_org_event_on_its_film_and_city_pages(tour: Planned) -> None:
    """What an Event rich result requires (name, startDate, location with an address) and what
    a film's screening says beyond it: the film, its director, length, languages, age range,
    where (geo), and the festival it is part of."""
    schedule, inputs = tour
    pages = _html(web.pages(schedule, inputs, "en"))
    fest = inputs.venues.festival
    seen: Counter[str] = Counter()
    for path in pages:
        if not path.endswith(".html"):
            continue
        for e in _events(pages[path]):
            seen[e["@id"]] += 1
            sid = e["@id"].rpartition("#")[2]
            s = next(x for x in schedule.screenings if x.id == sid)
            film = inputs.films[s.film]
            info = inputs.halls[(s.venue, s.hall)]
            assert e["name"] == film.title.en
            assert e["startDate"] == s.start_local.isoformat(timespec="minutes")
            assert e["endDate"] == s.end_local.isoformat(timespec="minutes")
            assert e["eventStatus"] == "https://schema.org/EventScheduled"
            place = e["location"]
            assert place["name"] == f"{info.venue.name.en}, {info.hall.name.en}"
            assert place["address"]["streetAddress"] == info.venue.address.en
            assert (place["geo"]["latitude"], place["geo"]["longitude"]) == (
                info.venue.lat,
                info.venue.lon,
            )
            movie = e["workPresented"]
            assert movie["@type"] == "Movie" and movie["name"] == film.title.en
            assert movie["duration"] == f"PT{film.runtime}M"
            assert film.title.en not in movie["alternateName"]
            assert movie["director"][0]["name"] == (
                film.directors[0].en or film.directors[0].original
            )
            assert e["inLanguage"] == film.languages.audio[0]
            age = film.age_rating.value
            assert movie.get("typicalAgeRange") == (
                None if age == "unrated" else age.replace("+", "-")
            )
            assert e["superEvent"]["name"] == fest.name.en
            assert e["superEvent"]["startDate"] == fest.first_day.isoformat()
    # each screening on its film page and its city page, once each
    assert seen == Counter(
        {
            urls.absolute(fest.base_url, f"{urls.film_page(s.film)}#{s.id}"): 2
            for s in schedule.screenings
        }
    )


def test_after_a_replan_the_events_say_cancelled_and_rescheduled(replanned: Replanned) -> None:
    """A cancelled screening is EventCancelled; one moved to another time is EventRescheduled
    with its previous start (the fixture's moves, and a hand-made one two hours later); one
    moved to another hall at the same time, or not at all, is scheduled."""
    r = replanned
    kept = next(
        s for s in r.schedule.screenings if not any(c.screening == s.id for c in r.report.changes)
    )
    earlier = kept.model_copy(
        update={
            "start_local": kept.start_local - dt.timedelta(hours=2),
            "start_utc": kept.start_utc - dt.timedelta(hours=2),
        }
    )
    report = r.report.model_copy(
        update={
            "changes": (
                *r.report.changes,
                Change(kind="moved", screening=kept.id, film=kept.film, before=earlier, after=kept),
            )
        }
    )
    pages = _html(web.pages(r.schedule, r.inputs, "ru", report=report))
    status = {
        e["@id"].rpartition("#")[2]: e
        for path, page in pages.items()
        if path.endswith(".html")
        for e in _events(page)
    }
    cancelled = {s.id for s in r.schedule.cancelled}
    assert cancelled and all(
        status[i]["eventStatus"] == "https://schema.org/EventCancelled" for i in cancelled
    )
    moved = status[kept.id]
    assert moved["eventStatus"] == "https://schema.org/EventRescheduled"
    assert moved["previousStartDate"] == earlier.start_local.isoformat(timespec="minutes")
    assert moved["startDate"] == kept.start_local.isoformat(timespec="minutes")
    for c in report.changes:
        if c.kind == "moved" and c.before is not None and c.after is not None:
            retimed = c.before.start_utc != c.after.start_utc
            assert ("previousStartDate" in status[c.screening]) == retimed, c.screening
    unchanged = {c.screening for c in report.changes}
    others = [e for i, e in status.items() if i not in unchanged]
    assert others and all(e["eventStatus"].endswith("EventScheduled") for e in others)
    assert all("previousStartDate" not in e for e in others)


def test_changes_page_only_with_a_report(
    replanned: Replanned, replanned_site: dict[str, bytes]
) -> None:
    without = web.pages(replanned.schedule, replanned.inputs, "ru")
    assert urls.CHANGES_PAGE not in without
    assert all(
        "changes.html" not in source and "changes-nav" not in source
        for source in _html(without).values()
    )
    assert set(replanned_site) == _expected_pages(replanned.inputs) | {urls.CHANGES_PAGE}


def test_changes_page_counts_and_revision(
    replanned: Replanned, replanned_site: dict[str, bytes]
) -> None:
    page = replanned_site[urls.CHANGES_PAGE].decode()
    moved = str(replanned.report.moved)
    assert "<h1>Изменения в программе</h1>" in page
    assert (
        '<p class="dates">Редакция 2 (вместо редакции 1), опубликована 2025-05-02 08:00 UTC.</p>'
        in page
    )
    counts = re.findall(r'<div class="count count-(\w+)">\n<dt>([^<]+)</dt>\n<dd>(\d+)</dd>', page)
    assert counts == [
        ("published", "Было объявлено сеансов", "40"),
        ("cancelled", "Отменено", "5"),
        ("moved", "Перенесено", moved),
        ("added", "Добавлено", "1"),
    ]
    headings = re.findall(r'<h2 id="(cancelled|moved|added)">([^<]+)</h2>', page)
    assert headings == [
        ("cancelled", "Отменённые сеансы (5)"),
        ("moved", f"Перенесённые сеансы ({moved})"),
        ("added", "Новые сеансы (1)"),
    ]
    assert (
        '<a href="print/changes-insert.pdf" type="application/pdf">Вкладка с изменениями (PDF)</a>'
        in page
    )


def test_changes_page_has_a_row_per_change(
    replanned: Replanned, replanned_site: dict[str, bytes]
) -> None:
    inputs = replanned.inputs
    page = replanned_site[urls.CHANGES_PAGE].decode()
    rows = _rows(page)
    assert sorted(rows) == sorted(c.screening for c in replanned.report.changes)
    for c in replanned.report.changes:
        row = rows[c.screening]
        film = inputs.films[c.film]
        city = inputs.cities[first_shown(c).city]
        assert row.startswith(
            f'<th scope="row"><a href="film/{c.film}.html">{esc(film.title.ru)}</a>\n'
            f'<p class="alt-titles"><span lang="en">{esc(film.title.en)}</span>'
        ), c.screening
        assert (
            f'<td><a href="city/{city.id}.html">{city.name.ru}</a>'
            f'<span class="zone-name muted">{city.timezone}</span></td>'
        ) in row
        if c.kind == "cancelled":
            assert c.before is not None
            assert (
                '<td><span class="badge cancelled-badge">Отменён</span>\n'
                f"<del>{_moment(c.before, inputs)}</del></td>"
            ) in row
        elif c.kind == "moved":
            assert c.before is not None and c.after is not None
            moved_hall = (c.before.venue, c.before.hall) != (c.after.venue, c.after.hall)
            moved_time = c.before.start_utc != c.after.start_utc
            assert f'<td class="before" data-label="Было">{_moment(c.before, inputs)}</td>' in row
            assert (
                '<td class="after" data-label="Стало"><span class="arrow" aria-hidden="true">→ </span>'
                f"{_moment(c.after, inputs, strong_place=moved_hall, strong_time=moved_time)}</td>"
            ) in row
        else:
            assert c.after is not None
            assert f"<td>{_moment(c.after, inputs)}</td>" in row
    # each table in time order of the screening as first published
    order = list(rows)
    cancelled = [c for c in replanned.report.changes if c.kind == "cancelled"]
    assert order[:5] == [
        c.screening for c in sorted(cancelled, key=lambda c: first_shown(c).start_utc)
    ]


def test_every_page_links_the_changes_page(
    replanned: Replanned, replanned_site: dict[str, bytes]
) -> None:
    moved = replanned.report.moved
    label = f"Программа изменилась: перенесено {moved}, отменено 5, добавлено 1"
    for path, source in _html(replanned_site).items():
        href = urls.relative(path, urls.CHANGES_PAGE)
        current = ' aria-current="page"' if path == urls.CHANGES_PAGE else ""
        assert (
            '<nav class="changes-nav" aria-label="Изменения в программе">\n'
            f'<p><a href="{href}"{current}>{label}</a></p>\n</nav>'
        ) in source, path
    index = replanned_site[urls.INDEX_PAGE].decode()
    assert (
        '<section class="notice" aria-labelledby="changes">\n<h2 id="changes">Изменения в программе</h2>\n'
        f'<p>{label}.</p>\n<p><a href="changes.html">Все изменения</a></p>\n</section>'
    ) in index


def test_replanned_pages_are_well_formed_and_links_resolve(
    replanned_site: dict[str, bytes],
) -> None:
    pdfs = {urls.CHANGES_INSERT}
    parsed = {p: Page(s) for p, s in replanned_site.items() if p.endswith(".html")}
    for path, page in parsed.items():
        assert page.unbalanced == [] and page.stack == [], path
        assert len(page.ids) == len(set(page.ids)), path
        for ref in page.attrs("section", "aria-labelledby") + page.attrs("div", "aria-labelledby"):
            assert ref in page.ids, (path, ref)
        for href in page.attrs("a", "href"):
            if "://" in href:
                continue
            target, _, fragment = href.partition("#")
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(path), target))
            if not target:
                resolved = path
            assert resolved in replanned_site or resolved in pdfs, (path, href)
            if fragment:
                assert fragment in parsed[resolved].ids, (path, href)


def test_cancelled_screenings_are_struck_on_city_and_film_pages(
    replanned: Replanned, replanned_site: dict[str, bytes]
) -> None:
    pages = _html(replanned_site)
    schedule = replanned.schedule
    assert schedule.cancelled
    for s in schedule.cancelled:
        stamp = f'<time datetime="{s.start_local.isoformat(timespec="minutes")}">{s.start_local:%H:%M}</time>'
        hall = replanned.inputs.halls[(s.venue, s.hall)].hall.name.ru
        assert (
            '<li class="card show cancelled">\n'
            f'<p class="when"><del>{stamp}<span class="until">–{s.end_local:%H:%M}</span></del></p>\n'
            '<div class="what">\n<p class="badge cancelled-badge">Отменён</p>\n'
            f'<h4><del><a href="../film/{s.film}.html">Скрытый клинок</a></del></h4>'
        ) in pages[urls.city_page(s.city)], s.id
        assert f"Зал: {hall}</p>" in pages[urls.city_page(s.city)]
        day = dates.short_day(s.start_local.date(), "ru")
        assert (
            '<li class="card show cancelled">\n'
            f'<p class="when"><del><span class="date">{day}</span> {stamp}</del></p>\n'
            '<div class="what">\n<p class="badge cancelled-badge">Отменён</p>\n'
        ) in pages[urls.film_page(s.film)], s.id
    for city in replanned.inputs.cities:
        page = pages[urls.city_page(city)]
        gone = [s for s in schedule.cancelled if s.city == city]
        mine = [s for s in schedule.screenings if s.city == city]
        assert page.count('<li class="card show cancelled">') == len(gone)
        assert page.count('<li class="card show') == len(mine) + len(gone)
        # the day grids draw confirmed screenings only
        assert page.count('<a class="block') == len(mine)
    film_page = pages[urls.film_page("hidden-blade")]
    assert film_page.count('<li class="card show cancelled">') == 5
    assert film_page.count('<li class="card show') == 5


@pytest.mark.parametrize(
    ("lang", "heading", "banner", "cancelled"),
    [
        (
            "en",
            "Programme changes",
            "The programme has changed: {moved} moved, 5 cancelled, 1 added",
            "Cancelled",
        ),
        ("zh", "节目变更", "节目单已变更：改期{moved}场，取消5场，新增1场", "已取消"),
    ],
)
def test_changes_page_in_other_languages(
    replanned: Replanned, lang: Lang, heading: str, banner: str, cancelled: str
) -> None:
    r = replanned
    site = _html(web.pages(r.schedule, r.inputs, lang, frozenset(), r.report))
    page = site[urls.CHANGES_PAGE]
    assert f"<h1>{heading}</h1>" in page
    banner = banner.format(moved=r.report.moved)
    assert f">{banner}</a></p>" in site[urls.city_page("kazan")]
    assert page.count(f'<span class="badge cancelled-badge">{cancelled}</span>') == 5
    title = getattr(r.inputs.films["hidden-blade"].title, lang)
    assert f'<a href="film/hidden-blade.html">{title}</a>' in page


def test_replanned_site_is_byte_identical(
    replanned: Replanned, replanned_site: dict[str, bytes]
) -> None:
    r = replanned
    again = Schedule.model_validate_json(r.schedule.model_dump_json())
    report = ChangeReport.model_validate_json(r.report.model_dump_json())
    pdfs = frozenset({urls.CHANGES_INSERT})
    assert web.pages(again, r.inputs, "ru", pdfs, report) == replanned_site


def test_organisers_pdf_is_never_linked(tour: Planned) -> None:
    pdfs = frozenset({"print/moscow.pdf", urls.ORGANISERS_PDF})
    site = _html(web.pages(*tour, "ru", pdfs))
    assert all("organisers" not in source for source in site.values())
    assert (
        '<a href="print/moscow.pdf" type="application/pdf">Москва: программа (PDF)</a>'
        in site["index.html"]
    )


@pytest.mark.parametrize("lang", ["ru", "en", "zh"])
def test_guest_appearances_are_on_the_city_and_film_pages(tour: Planned, lang: Lang) -> None:
    """Each screening with a guest says so on its city page and its film page, once each."""
    schedule, inputs = tour
    pages = _html(web.pages(schedule, inputs, lang))
    hosted = [s for s in schedule.screenings if s.guest is not None]
    assert hosted
    words = {
        "ru": {"qa": "Встреча со зрителями после фильма: {}", "intro": "Фильм представляет {}"},
        "en": {"qa": "Q&amp;A after the film with {}", "intro": "Introduced by {}"},
        "zh": {"qa": "映后交流嘉宾：{}", "intro": "映前介绍嘉宾：{}"},
    }[lang]
    expected: Counter[tuple[str, str]] = Counter()
    for s in hosted:
        name = esc(getattr(inputs.guests[s.guest or ""].name, lang))
        # the name links to the guest's feed on the front page
        linked = f'<a href="../index.html#feed-guests-{s.guest}">{name}</a>'
        line = f'<p class="guest">{words[s.guest_kind or ""].format(linked)}</p>'
        expected.update([(urls.city_page(s.city), line), (urls.film_page(s.film), line)])
    for (page, line), n in expected.items():
        assert pages[page].count(line) == n, (page, line)
    shown = sum(source.count('<p class="guest">') for source in pages.values())
    assert shown == 2 * len(hosted)
    index = pages[urls.INDEX_PAGE]
    for guest in {s.guest for s in hosted}:
        assert f'id="feed-guests-{guest}"' in index
        feed = urls.absolute(schedule.festival.base_url, urls.feed_path("guest", guest or ""))
        assert f'href="{feed}"' in index


@pytest.mark.parametrize("lang", ["ru", "en", "zh"])
def test_a_pin_label_reads_in_each_language_on_pages_feeds_and_booklets(
    tour: Planned, lang: Lang
) -> None:
    """The tour's opening and closing nights: their labels in the page's, feed's and booklet's
    language (the ru and zh booklets printed "OPENING NIGHT (ILLUSTRATIVE)")."""
    schedule, inputs = tour
    labelled = [s for s in schedule.screenings if s.label is not None]
    assert len(labelled) == 2
    pages = _html(web.pages(schedule, inputs, lang))
    feeds = ical.feeds(schedule, inputs, lang)
    for s in labelled:
        assert s.label is not None
        mine = getattr(s.label, lang)
        others = {getattr(s.label, other) for other in ("ru", "en", "zh")} - {mine}
        page = pages[urls.film_page(s.film)]
        assert f'<p class="badge">{esc(mine)}</p>' in page
        assert not any(f'<p class="badge">{esc(o)}</p>' in page for o in others)
        assert mine in ical.description(s, inputs, lang).splitlines()
        booklet = document.booklet_data(schedule, inputs, inputs.cities[s.city], lang, "a5")
        shown = json.dumps(booklet, ensure_ascii=False)
        assert f'"label": "{mine}"' in shown
        assert not any(f'"label": "{o}"' in shown for o in others)
    english = {s.label.en for s in labelled if s.label is not None}
    for data in feeds.values():
        assert lang == "en" or not any(e.encode() in data for e in english)


def test_changes_page_shows_a_guest_change(tour: Planned) -> None:
    """A screening kept in place with another guest: its own group, the appearance was → now."""
    schedule, inputs = tour
    hosted = next(s for s in schedule.screenings if s.guest is not None and s.guest_kind == "qa")
    swapped = hosted.model_copy(update={"guest": None, "guest_kind": None})
    report = hand_report(
        schedule,
        Change(kind="changed", screening=hosted.id, film=hosted.film, before=hosted, after=swapped),
    )
    page = web.pages(schedule, inputs, "en", report=report)[urls.CHANGES_PAGE].decode()
    counts = re.findall(r'<div class="count count-(\w+)">\n<dt>([^<]+)</dt>\n<dd>(\d+)</dd>', page)
    assert [(kind, n) for kind, _, n in counts] == [
        ("published", str(len(schedule.screenings))),
        ("cancelled", "0"),
        ("moved", "0"),
        ("changed", "1"),
        ("added", "0"),
    ]
    assert counts[3] == ("changed", "Guest changed", "1")
    # the banner on every page says so too; without a guest change it does not
    banner = "The programme has changed: 0 moved, 0 cancelled, 0 added, 1 with another guest"
    assert f">{banner}</a></p>" in page
    plain = web.pages(schedule, inputs, "en", report=hand_report(schedule))[urls.CHANGES_PAGE]
    assert "another guest" not in plain.decode()
    assert '<h2 id="changed">Screenings with another guest, or none (1)</h2>' in page
    name = esc(inputs.guests[hosted.guest or ""].name.en)
    assert (
        f'<p class="guest-change"><del>Q&amp;A after the film with {name}</del> '
        '<span class="arrow" aria-hidden="true">→</span> <strong class="guest">No guest</strong></p>'
    ) in _rows(page)[hosted.id]
