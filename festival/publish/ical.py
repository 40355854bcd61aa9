"""Subscribable iCalendar feeds: the only module that imports icalendar.

One VEVENT per screening, with a UID derived from the screening's stable id and the festival's
domain, identical in every feed that contains it. No UID on the calendar itself (vdirsyncer would
collapse the feed into one event). Time zones are written as VTIMEZONE components bounded to the
festival's dates, in sorted order, so the same schedule always gives the same bytes. Every
timestamp comes from the schedule (its publication time), never from the clock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping

from icalendar import Calendar, Event, Timezone, vDuration, vText

from festival.domain import AgeRating, Film, Schedule, Screening
from festival.inputs import Inputs
from festival.publish import urls
from festival.publish.phrases import EVENT_GUESTS, Lang, labels
from festival.timeline import zone

PRODID = "-//festival//Film festival programme//EN"
REFRESH = dt.timedelta(hours=1)
"""How often clients should poll: programmes change rarely, but a moved screening should show soon."""


def summary(film: Film, lang: Lang) -> str:
    """The film's title in the feed's language, with the original title when it differs."""
    title = getattr(film.title, lang)
    original = film.title.original
    return title if original == title else f"{title} ({original})"


def description(s: Screening, inputs: Inputs, lang: Lang) -> str:
    """All three titles, credits, runtime, rating, languages, synopsis and hall, one per line."""
    film = inputs.films[s.film]
    info = inputs.halls[(s.venue, s.hall)]
    words = labels(lang)
    directors = ", ".join(getattr(p, lang) or p.original for p in film.directors)
    minutes = words["event_minutes"]
    lines = [
        f"{film.title.ru} / {film.title.zh} / {film.title.en}",
        f"{film.title.original} ({film.year}, {', '.join(film.countries)})",
        f"{words['director']}: {directors}",
        f"{words['event_runtime']}: {film.runtime} {minutes} · {words['age']}: {film.age_rating}",
        # what 18+ means at the door (93-FZ), right under the rating
        *([words["event_adults"]] if film.age_rating == AgeRating.EIGHTEEN else []),
        f"{words['audio']}: {', '.join(film.languages.audio)}"
        + (
            f" · {words['subtitles']}: {', '.join(film.languages.subtitles)}"
            if film.languages.subtitles
            else ""
        ),
        f"{words['hall']}: {getattr(info.venue.name, lang)}, {getattr(info.hall.name, lang)}",
    ]
    if s.label:
        lines.append(s.label)
    if s.guest is not None and s.guest_kind is not None:
        name = getattr(inputs.guests[s.guest].name, lang)
        part = words[EVENT_GUESTS[s.guest_kind]]
        lines.append(f"{part}: {name} ({s.guest_minutes} {minutes})")
    lines += ["", getattr(film.synopsis, lang)]
    return "\n".join(lines)


def event(s: Screening, inputs: Inputs, lang: Lang, stamp: dt.datetime) -> Event:
    """The VEVENT of one screening."""
    film = inputs.films[s.film]
    info = inputs.halls[(s.venue, s.hall)]
    fest = inputs.venues.festival
    tz = zone(info.tz)
    ev = Event()
    ev.add("uid", urls.uid(fest.id, s.id, fest.domain))
    changed = (s.changed_at or stamp).astimezone(dt.UTC)
    ev.add("dtstamp", changed)
    ev.add("last-modified", changed)
    ev.add("sequence", s.sequence)
    ev.add("status", "CANCELLED" if s.status == "cancelled" else "CONFIRMED")
    ev.add("dtstart", s.start_local.astimezone(tz))
    ev.add("dtend", s.end_local.astimezone(tz))
    ev.add("summary", summary(film, lang))
    ev.add("description", description(s, inputs, lang))
    ev.add(
        "location",
        f"{getattr(info.venue.name, lang)}, {getattr(info.hall.name, lang)}, "
        f"{getattr(info.venue.address, lang)}",
    )
    ev.add("geo", (info.venue.lat, info.venue.lon))
    ev.add("url", urls.absolute(fest.base_url, urls.film_page(s.film)))
    ev.add("categories", [getattr(info.city.name, lang), str(film.age_rating)])
    ev.add("organizer", f"mailto:{fest.organizer.email}", parameters={"CN": fest.organizer.name})
    ev.add("transp", "OPAQUE")
    return ev


def timezones(names: Iterable[str], inputs: Inputs) -> list[Timezone]:
    """VTIMEZONEs for the given zones, sorted by name, covering the festival's dates."""
    fest = inputs.venues.festival
    first = fest.first_day - dt.timedelta(days=1)
    last = fest.last_day + dt.timedelta(days=2)
    return [Timezone.from_tzid(n, first_date=first, last_date=last) for n in sorted(set(names))]


def calendar(
    screenings: list[Screening],
    inputs: Inputs,
    lang: Lang,
    stamp: dt.datetime,
    name: str,
    path: str,
) -> bytes:
    """One feed as bytes: calendar properties, VTIMEZONEs, then events in time order."""
    fest = inputs.venues.festival
    festival_name = getattr(fest.name, lang)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    title = festival_name if name == festival_name else f"{festival_name}: {name}"
    cal.add("name", title)
    cal.add("x-wr-calname", vText(title))
    about = (
        f"{labels(lang)['calendar_about']}: {title}, "
        f"{fest.first_day:%d.%m.%Y}–{fest.last_day:%d.%m.%Y}. {fest.base_url}"
    )
    cal.add("description", about)
    cal.add("x-wr-caldesc", vText(about))
    cal.add("source", urls.absolute(fest.base_url, path), parameters={"VALUE": "URI"})
    cal.add("url", fest.base_url)
    cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", vDuration(REFRESH))
    ordered = sorted(screenings, key=lambda s: (s.start_utc, s.id))
    for tz in timezones((inputs.halls[(s.venue, s.hall)].tz for s in ordered), inputs):
        cal.add_component(tz)
    for s in ordered:
        cal.add_component(event(s, inputs, lang, stamp))
    data: bytes = cal.to_ical()
    return data


def feeds(
    schedule: Schedule,
    inputs: Inputs,
    lang: Lang,
    carried: Mapping[str, frozenset[str]] | None = None,
) -> dict[str, bytes]:
    """Every feed: the whole festival, and one per city, venue, film and guest (path → bytes).

    ``carried`` maps a feed's path to the ids of screenings it held in an earlier revision and
    keeps them in it, as they are now (moved to another venue, without the guest, cancelled):
    a UID never leaves a feed that had it, so subscribers' calendars update the event.
    """
    carried = carried or {}
    stamp = schedule.generated_at.astimezone(dt.UTC)
    fest_name = getattr(inputs.venues.festival.name, lang)
    groups: list[tuple[str, str, Callable[[Screening], bool]]] = [
        (urls.FESTIVAL_FEED, fest_name, lambda s: True)
    ]
    for city in inputs.venues.cities:
        groups.append(
            (urls.feed_path("city", city.id), getattr(city.name, lang), _is("city", city.id))
        )
    for venue in inputs.venues.venues:
        groups.append(
            (urls.feed_path("venue", venue.id), getattr(venue.name, lang), _is("venue", venue.id))
        )
    for film in inputs.programme.films:
        groups.append(
            (urls.feed_path("film", film.id), getattr(film.title, lang), _is("film", film.id))
        )
    for guest in inputs.venues.guests:
        groups.append(
            (urls.feed_path("guest", guest.id), getattr(guest.name, lang), _is("guest", guest.id))
        )
    everything = (*schedule.screenings, *schedule.cancelled)
    return {
        path: calendar(
            [s for s in everything if keep(s) or s.id in carried.get(path, ())],
            inputs,
            lang,
            stamp,
            name,
            path,
        )
        for path, name, keep in groups
    }


def _is(field: urls.FeedKind, value: str) -> Callable[[Screening], bool]:
    """A filter keeping the screenings whose ``field`` is ``value``."""
    return lambda s: getattr(s, field) == value
