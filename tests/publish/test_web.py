"""The web programme of real planned festivals: pages, times, titles, links, feeds, languages."""

from __future__ import annotations

import datetime as dt
import html
import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markupsafe import escape

from festival.domain import Schedule
from festival.inputs import Inputs
from festival.load import load
from festival.plan import plan
from festival.publish import urls, web
from festival.solver import SolveOptions

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
        {urls.INDEX_PAGE, web.STYLESHEET}
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
        assert "<script" not in source.lower(), path
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
    for film in inputs.films.values():
        page = pages[urls.film_page(film.id)]
        assert f"<dd>{film.year}</dd>" in page
        assert f"<dd>{film.runtime} мин</dd>" in page
        assert f"<dd>{film.age_rating.value}</dd>" in page
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
    _, inputs = planned
    base = inputs.venues.festival.base_url
    parsed = {path: Page(source) for path, source in site.items() if path.endswith(".html")}

    def feed_links(path: str) -> set[str]:
        return {h for h in parsed[path].attrs("a", "href") if "://" in h}

    assert feed_links(urls.INDEX_PAGE) == _subscribe_links(base, urls.FESTIVAL_FEED)
    everything = set()
    for city in inputs.cities:
        expected = _subscribe_links(base, urls.feed_path("city", city))
        for venue in inputs.venues.venues:
            if venue.city == city:
                expected |= _subscribe_links(base, urls.feed_path("venue", venue.id))
        assert feed_links(urls.city_page(city)) == expected
        everything |= expected
    for film in inputs.films:
        expected = _subscribe_links(base, urls.feed_path("film", film))
        assert feed_links(urls.film_page(film)) == expected
        everything |= expected
    venues = {v.id for v in inputs.venues.venues}
    assert len(everything) == 3 * (len(inputs.cities) + len(venues) + len(inputs.films))
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
def test_lang_switches_layout_strings(may: Planned, lang: web.Lang) -> None:
    site = _html(web.pages(*may, lang))
    ui = web.UI[lang]
    others = [web.UI[o] for o in web.LANGS if o != lang]
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
    for code in web.LANGS:
        if code != lang:
            assert f'<span lang="{code}">{getattr(name, code)}</span>' in index
    for film in inputs.films.values():
        assert f"<h1>{esc(getattr(film.title, lang))}</h1>" in site[urls.film_page(film.id)]
    assert web.date_range(schedule.festival.first_day, schedule.festival.last_day, lang) in index


def test_dates_in_each_language() -> None:
    may = dt.date(2025, 5, 13), dt.date(2025, 5, 17)
    tour = dt.date(2025, 10, 28), dt.date(2025, 11, 6)
    assert web.date_range(*may, "ru") == "13–17 мая 2025"
    assert web.date_range(*may, "en") == "13–17 May 2025"
    assert web.date_range(*may, "zh") == "2025年5月13日—17日"
    assert web.date_range(*tour, "ru") == "28 октября – 6 ноября 2025"
    assert web.date_range(*tour, "en") == "28 October – 6 November 2025"
    assert web.date_range(*tour, "zh") == "2025年10月28日—11月6日"
    assert web.day_label(dt.date(2025, 10, 28), "ru") == "Вторник, 28 октября"
    assert web.day_label(dt.date(2025, 10, 28), "en") == "Tuesday 28 October"
    assert web.day_label(dt.date(2025, 10, 28), "zh") == "10月28日 星期二"
    assert web.utc_offset(dt.timedelta(hours=10)) == "UTC+10"
    assert web.utc_offset(dt.timedelta(hours=5, minutes=30)) == "UTC+5:30"
    assert web.utc_offset(dt.timedelta(hours=-3)) == "UTC-3"
    assert web.zone_offsets("Europe/Berlin", [dt.date(2025, 3, 29), dt.date(2025, 3, 30)]) == (
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
        badge = f'class="badge">{esc(s.label)}</'
        assert badge in pages[urls.city_page(s.city)]
        assert badge in pages[urls.film_page(s.film)]
        assert badge in pages[urls.INDEX_PAGE]


def test_pdf_links_only_when_present(tour: Planned) -> None:
    without = _html(web.pages(*tour, "ru"))
    assert all(".pdf" not in source for source in without.values())
    pdfs = frozenset({"print/moscow.pdf", "print/festival.pdf"})
    site = _html(web.pages(*tour, "ru", pdfs))
    assert (
        '<a href="../print/moscow.pdf" type="application/pdf">Москва (PDF)</a>'
        in site["city/moscow.html"]
    )
    assert "festival.pdf" not in site["city/moscow.html"]
    assert all(".pdf" not in site[urls.city_page(c)] for c in tour[1].cities if c != "moscow")
    index = site[urls.INDEX_PAGE]
    assert '<a href="print/festival.pdf" type="application/pdf">festival.pdf</a>' in index
    assert '<a href="print/moscow.pdf" type="application/pdf">Москва (PDF)</a>' in index


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
