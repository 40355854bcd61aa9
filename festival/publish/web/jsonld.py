"""schema.org JSON-LD for the web programme: a ``ScreeningEvent`` per screening a page lists, so
that search engines and assistants read the programme as events (name, start, place, the film).

Every value comes from the schedule and the inputs; the page's language is the names'. A cancelled
screening is ``EventCancelled``; one a re-plan moved to another time is ``EventRescheduled`` with
its ``previousStartDate`` (one moved to another hall at the same time is still scheduled, at its
new place). The JSON is escaped for a ``<script>`` element: ``<``, ``>`` and ``&`` are JSON
escapes, so no text of the data can end it early or read as markup.
"""

from __future__ import annotations

from festival.domain import Film, Screening
from festival.publish import urls
from festival.publish.phrases import LANGS, text
from festival.publish.web.site import Site, script_json

SCHEMA = "https://schema.org/"

AGE_RANGES = {"0+": "0-", "6+": "6-", "12+": "12-", "16+": "16-", "18+": "18-"}
"""An age rating → schema.org's ``typicalAgeRange`` (``18-``: 18 and older); unrated: none."""


def _movie(site: Site, film: Film) -> dict[str, object]:
    title = text(film.title, site.lang)
    others = sorted(({text(film.title, code) for code in LANGS} | {film.title.original}) - {title})
    movie: dict[str, object] = {
        "@type": "Movie",
        "name": title,
        "alternateName": others,
        "director": [
            {"@type": "Person", "name": getattr(p, site.lang) or p.original} for p in film.directors
        ],
        "duration": f"PT{film.runtime}M",
        "inLanguage": list(film.languages.audio),
        "countryOfOrigin": [{"@type": "Country", "name": c} for c in film.countries],
        "url": urls.absolute(site.base, urls.film_page(film.id)),
    }
    if film.languages.subtitles:
        movie["subtitleLanguage"] = list(film.languages.subtitles)
    age = AGE_RANGES.get(film.age_rating.value)
    if age is not None:
        movie["typicalAgeRange"] = age
    return movie


def event(site: Site, s: Screening) -> dict[str, object]:
    """The ``ScreeningEvent`` of one screening."""
    film = site.inputs.films[s.film]
    info = site.inputs.halls[(s.venue, s.hall)]
    lang = site.lang
    fest = site.inputs.venues.festival
    status = "EventScheduled"
    found: dict[str, object] = {}
    before = site.was.get(s.id)
    if s.status == "cancelled":
        status = "EventCancelled"
    elif before is not None and before.start_utc != s.start_utc:
        status = "EventRescheduled"
        found["previousStartDate"] = before.start_local.isoformat(timespec="minutes")
    address: dict[str, object] = {
        "@type": "PostalAddress",
        "streetAddress": text(info.venue.address, lang),
        "addressLocality": text(info.city.name, lang),
    }
    if info.city.country:
        address["addressCountry"] = info.city.country
    return {
        "@context": SCHEMA,
        "@type": "ScreeningEvent",
        "@id": urls.absolute(site.base, f"{urls.film_page(s.film)}#{s.id}"),
        "name": text(film.title, lang),
        "startDate": s.start_local.isoformat(timespec="minutes"),
        "endDate": s.end_local.isoformat(timespec="minutes"),
        "eventStatus": SCHEMA + status,
        **found,
        "eventAttendanceMode": SCHEMA + "OfflineEventAttendanceMode",
        "location": {
            "@type": "MovieTheater",
            "name": f"{text(info.venue.name, lang)}, {text(info.hall.name, lang)}",
            "address": address,
            "geo": {
                "@type": "GeoCoordinates",
                "latitude": info.venue.lat,
                "longitude": info.venue.lon,
            },
        },
        "workPresented": _movie(site, film),
        "inLanguage": film.languages.audio[0],
        **({"subtitleLanguage": film.languages.subtitles[0]} if film.languages.subtitles else {}),
        "url": urls.absolute(site.base, urls.film_page(s.film)),
        "organizer": {
            "@type": "Organization",
            "name": fest.organizer.name,
            "email": fest.organizer.email,
        },
        "superEvent": {
            "@type": "Festival",
            "name": text(fest.name, lang),
            "startDate": fest.first_day.isoformat(),
            "endDate": fest.last_day.isoformat(),
            "url": site.base,
        },
    }


def script(site: Site, screenings: list[Screening]) -> str:
    """The events of ``screenings`` as the text of a ``<script type="application/ld+json">``
    (a list; empty when there are none)."""
    return script_json([event(site, s) for s in screenings])
