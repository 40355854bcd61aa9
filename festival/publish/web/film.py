"""A film's page (``film/<id>.html``): its titles and facts, the synopsis in the page language (the
other languages folded away), and its screenings city by city (cancelled ones struck through)."""

from __future__ import annotations

from festival.domain import AgeRating, Film, Person, Screening, Text
from festival.publish import urls
from festival.publish.phrases import (
    COUNTRY_NAMES,
    LANGS,
    LANGUAGE_NAMES,
    SYNOPSIS_IN,
    Lang,
    text,
)
from festival.publish.web import jsonld
from festival.publish.web.site import Site
from festival.publish.web.views import CityView, FilmScreenings


def person(someone: Person, lang: Lang) -> tuple[str, bool, str | None]:
    """A director's name in the page language (or the original form when there is none), whether
    that is the original form, and the original form when it differs."""
    shown = getattr(someone, lang)
    if shown is None or shown == someone.original:
        return someone.original, True, None
    return shown, False, someone.original


def age_note(site: Site, film: Film) -> str | None:
    """For an 18+ film, what that means at the door (93-FZ); else None."""
    return site.ui["adults"] if film.age_rating == AgeRating.EIGHTEEN else None


def facts(site: Site, film: Film) -> list[tuple[str, str]]:
    """(label, value) rows of a film's card after its directors, in the page language."""
    lang = site.lang
    ui = site.ui

    def names(codes: tuple[str, ...], table: dict[str, Text]) -> str:
        return ui["sep"].join(text(table[c], lang) if c in table else c for c in codes)

    return [
        (ui["year"], str(film.year)),
        (ui["countries"], names(film.countries, COUNTRY_NAMES)),
        (ui["runtime"], ui["minutes"].format(n=film.runtime)),
        (ui["age"], site.films[film.id].age),
        (ui["audio"], names(film.languages.audio, LANGUAGE_NAMES)),
        (
            ui["subtitles"],
            names(film.languages.subtitles, LANGUAGE_NAMES) or ui["no_subtitles"],
        ),
    ]


def page(
    site: Site,
    film: Film,
    cities: dict[str, CityView],
    listed: list[Screening],
) -> bytes:
    """``film/<id>.html``. ``cities``: every city's view by id; ``listed``: the film's screenings,
    confirmed and cancelled."""
    ui = site.ui
    fv = site.films[film.id]
    groups = []
    for c in site.cities:
        here = sorted(
            (s for s in listed if s.city == c.id),
            key=lambda s: (s.start_utc, s.venue, s.hall, s.id),
        )
        shows = tuple(site.show(s) for s in here)
        if shows:
            groups.append(FilmScreenings(cities[c.id], shows))
    synopses = [
        (code, ui[SYNOPSIS_IN[code]], text(film.synopsis, code))
        for code in LANGS
        if code != site.lang
    ]
    return site.render(
        "film.html",
        fv.page,
        title=fv.title,
        film=fv,
        directors_label=ui["directors" if len(film.directors) > 1 else "director"],
        directors=[person(p, site.lang) for p in film.directors],
        original_lang=film.languages.audio[0],
        facts=facts(site, film),
        age_note=age_note(site, film),
        synopsis=text(film.synopsis, site.lang),
        synopses=synopses,
        groups=groups,
        jsonld=jsonld.script(site, [show.screening for g in groups for show in g.shows]),
        feeds=site.feeds(
            (urls.feed_path("film", film.id), f"film-{film.id}", fv.title, ui["feed_film"]),
            *(
                (
                    urls.city_film_feed(g.city.city.id, film.id),
                    f"city-{g.city.city.id}",
                    g.city.name,
                    ui["feed_film_city"],
                )
                for g in groups
            ),
        ),
    )
