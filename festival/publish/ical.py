"""Subscribable iCalendar feeds: the only module that imports icalendar.

One VEVENT per screening, with a UID derived from the screening's stable id and the festival's
domain, identical in every feed that contains it. No UID on the calendar itself (vdirsyncer would
collapse the feed into one event). Time zones are written as VTIMEZONE components bounded to the
festival's dates, in sorted order, so the same schedule always gives the same bytes. Every
timestamp comes from the schedule (its publication time), never from the clock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence

from icalendar import Calendar, Component, Event, Timezone, vDuration, vText

from festival.domain import AgeRating, Film, Schedule, Screening
from festival.inputs import Inputs
from festival.publish import urls
from festival.publish.dates import hhmm, short_day
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


def cancelled_summary(film: Film, lang: Lang) -> str:
    """A cancelled screening's SUMMARY: the cancelled marker, then ``summary`` (a calendar that
    ignores STATUS still shows it as cancelled)."""
    return f"{labels(lang)['event_cancelled_mark']}: {summary(film, lang)}"


def elsewhere(s: Screening, inputs: Inputs, lang: Lang) -> str:
    """Where and when screening ``s`` plays, for another one's description: ``Tue 13 May 19:00,
    Mir, Hall 1`` (with the city when it is not ``s``'s own)."""
    info = inputs.halls[(s.venue, s.hall)]
    at = f"{short_day(s.start_local.date(), lang)} {hhmm(s.start_local)}"
    place = f"{getattr(info.venue.name, lang)}, {getattr(info.hall.name, lang)}"
    return f"{at}, {place}"


def description(s: Screening, inputs: Inputs, lang: Lang, instead: Sequence[Screening] = ()) -> str:
    """All three titles, credits, runtime, rating, languages, synopsis and hall, one per line;
    a cancelled screening's says so first, and where the film still plays (``instead``)."""
    film = inputs.films[s.film]
    info = inputs.halls[(s.venue, s.hall)]
    words = labels(lang)
    directors = ", ".join(getattr(p, lang) or p.original for p in film.directors)
    minutes = words["event_minutes"]
    notice: list[str] = []
    if s.status == "cancelled":
        notice.append(words["event_cancelled"])
        for other in instead:
            city = inputs.cities[other.city]
            where = elsewhere(other, inputs, lang)
            if other.city != s.city:
                where += f" ({getattr(city.name, lang)})"
            notice.append(f"{words['event_instead']}: {where}")
        notice.append("")
    lines = [
        *notice,
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
        lines.append(getattr(s.label, lang))
    if s.guest is not None and s.guest_kind is not None:
        name = getattr(inputs.guests[s.guest].name, lang)
        part = words[EVENT_GUESTS[s.guest_kind]]
        lines.append(f"{part}: {name} ({s.guest_minutes} {minutes})")
    lines += ["", getattr(film.synopsis, lang)]
    return "\n".join(lines)


class Shared:
    """Property values encoded once and shared by every component that has them.

    Encoding a value (choosing its icalendar type, escaping it, setting its parameters) is most of
    the cost of building a component, and a festival repeats its films', halls' and feeds' values
    across hundreds of screenings and feeds. A value is known by the component's type, the
    property's name and the ``repr`` of the plain value and parameters given, so equal values of
    different types (``0.0`` and ``-0.0``, ``1`` and ``"1"``) stay apart. Only for values that
    ``repr`` tells apart: not for datetimes (equal instants in different zones).
    """

    def __init__(self) -> None:
        self._known: dict[tuple[str, str, str, str], object] = {}

    def add(
        self,
        component: Component,
        name: str,
        value: str | int | dt.timedelta | tuple[float, float] | list[str],
        parameters: dict[str, str] | None = None,
    ) -> None:
        """``component.add(name, value, parameters)``, reusing the value encoded for an earlier one."""
        key = (type(component).__name__, name.upper(), repr(value), repr(parameters))
        known = self._known.get(key)
        if known is not None:
            component.add(name, known)
            return
        first = name not in component  # a second value would make the property a list
        component.add(name, value, parameters=parameters or {})
        if first:
            self._known[key] = component[name]


def event(
    s: Screening,
    inputs: Inputs,
    lang: Lang,
    stamp: dt.datetime,
    shared: Shared | None = None,
    instead: Sequence[Screening] = (),
) -> Event:
    """The VEVENT of one screening (``shared``: values encoded for earlier events, to reuse).

    A cancelled screening's is CANCELLED, its title starts with the cancelled marker in the
    feed's language, it does not take the attendee's time (TRANSP:TRANSPARENT), and its
    description says where the film still plays (``instead``): calendars that ignore STATUS
    (calcurse) still show it as cancelled."""
    cancelled = s.status == "cancelled"
    film = inputs.films[s.film]
    info = inputs.halls[(s.venue, s.hall)]
    fest = inputs.venues.festival
    tz = zone(info.tz)
    put = (shared or Shared()).add
    ev = Event()
    ev.add("uid", urls.uid(fest.id, s.id, fest.domain))
    changed = (s.changed_at or stamp).astimezone(dt.UTC)
    ev.add("dtstamp", changed)
    ev.add("last-modified", changed)
    put(ev, "sequence", s.sequence)
    put(ev, "status", "CANCELLED" if cancelled else "CONFIRMED")
    ev.add("dtstart", s.start_local.astimezone(tz))
    ev.add("dtend", s.end_local.astimezone(tz))
    put(ev, "summary", cancelled_summary(film, lang) if cancelled else summary(film, lang))
    ev.add("description", description(s, inputs, lang, instead))
    put(
        ev,
        "location",
        f"{getattr(info.venue.name, lang)}, {getattr(info.hall.name, lang)}, "
        f"{getattr(info.venue.address, lang)}",
    )
    put(ev, "geo", (info.venue.lat, info.venue.lon))
    put(ev, "url", urls.absolute(fest.base_url, urls.film_page(s.film)))
    put(ev, "categories", [getattr(info.city.name, lang), str(film.age_rating)])
    put(ev, "organizer", f"mailto:{fest.organizer.email}", {"CN": fest.organizer.name})
    put(ev, "transp", "TRANSPARENT" if cancelled else "OPAQUE")
    return ev


def plays_instead(schedule: Schedule, s: Screening) -> list[Screening]:
    """Where the film of cancelled screening ``s`` still plays: its screenings yet to come when
    the schedule was made, in ``s``'s city, else everywhere, in time order (three at most)."""
    others = [
        o for o in schedule.screenings if o.film == s.film and o.start_utc >= schedule.generated_at
    ]
    here = [o for o in others if o.city == s.city]
    return sorted(here or others, key=lambda o: (o.start_utc, o.id))[:INSTEAD]


INSTEAD = 3
"""The most screenings a cancelled one's description offers instead."""


def timezones(names: Iterable[str], inputs: Inputs) -> list[Timezone]:
    """VTIMEZONEs for the given zones, sorted by name, covering the festival's dates."""
    fest = inputs.venues.festival
    first = fest.first_day - dt.timedelta(days=1)
    last = fest.last_day + dt.timedelta(days=2)
    return [Timezone.from_tzid(n, first_date=first, last_date=last) for n in sorted(set(names))]


def head(
    inputs: Inputs, lang: Lang, name: str, path: str, shared: Shared | None = None
) -> Calendar:
    """A feed's calendar with its properties and no components yet."""
    fest = inputs.venues.festival
    festival_name = getattr(fest.name, lang)
    put = (shared or Shared()).add
    cal = Calendar()
    put(cal, "prodid", PRODID)
    put(cal, "version", "2.0")
    put(cal, "calscale", "GREGORIAN")
    put(cal, "method", "PUBLISH")
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
    put(cal, "url", fest.base_url)
    put(cal, "refresh-interval", REFRESH, {"VALUE": "DURATION"})
    cal.add("x-published-ttl", vDuration(REFRESH))
    return cal


def with_components(cal: Calendar, blocks: Iterable[bytes]) -> bytes:
    """``cal`` serialised with already-serialised components (``to_ical()`` bytes) inside it.

    The same bytes as ``to_ical()`` of ``cal`` holding those components: icalendar folds each
    content line on its own, so a component's bytes do not depend on the calendar around it, and
    a screening's VEVENT can be serialised once for every feed that holds it.
    """
    if cal.subcomponents:
        raise ValueError("with_components: the calendar already holds components")
    data: bytes = cal.to_ical()
    end = f"END:{cal.name}\r\n".encode()
    if not data.endswith(end):
        raise ValueError(f"with_components: the calendar does not end with {end!r}")
    return b"".join((data.removesuffix(end), *blocks, end))


def published_feeds(
    schedule: Schedule, inputs: Inputs, carried: Mapping[str, frozenset[str]] | None = None
) -> frozenset[str]:
    """The paths of the feeds ``feeds`` writes, the ones the pages may offer: the festival's,
    and each city's, venue's, film's, film's in a city and guest's of the inputs that has a
    screening (cancelled ones included) or had one before (``carried``: it keeps it,
    cancelled)."""
    held = (*schedule.screenings, *schedule.cancelled)
    paths = {urls.FESTIVAL_FEED} if held else set()
    films = {f.id for f in inputs.programme.films}
    for s in held:
        if s.city in inputs.cities:
            paths.add(urls.feed_path("city", s.city))
            if s.film in films:
                paths.add(urls.city_film_feed(s.city, s.film))
        if any(v.id == s.venue for v in inputs.venues.venues):
            paths.add(urls.feed_path("venue", s.venue))
        if s.film in films:
            paths.add(urls.feed_path("film", s.film))
        if s.guest is not None and s.guest in inputs.guests:
            paths.add(urls.feed_path("guest", s.guest))
    # a feed published before keeps the events it held (one published empty, before empty feeds
    # were left out, has none to keep and is not written again)
    return frozenset(paths | {path for path, ids in (carried or {}).items() if ids})


def feeds(
    schedule: Schedule,
    inputs: Inputs,
    lang: Lang,
    carried: Mapping[str, frozenset[str]] | None = None,
) -> dict[str, bytes]:
    """Every feed: the whole festival, and one per city, venue, film, film in a city (the one
    a city booklet's QR code subscribes to) and guest (path → bytes).

    ``carried`` maps a feed's path to the ids of screenings it held in an earlier revision and
    keeps them in it, as they are now (moved to another venue, without the guest, cancelled):
    a UID never leaves a feed that had it, so subscribers' calendars update the event.

    Only the feeds that hold an event are written (``published_feeds``): an empty calendar is
    refused by parsers (icalendar, vobject) and says nothing to a subscriber. Each feed holds its
    calendar properties, the VTIMEZONEs of its screenings' zones (sorted),
    then its screenings in time order. A screening's VEVENT and a zone's VTIMEZONE are built and
    serialised once and shared by every feed that holds them.
    """
    carried = carried or {}
    stamp = schedule.generated_at.astimezone(dt.UTC)
    offered = published_feeds(schedule, inputs, carried)
    fest_name = getattr(inputs.venues.festival.name, lang)
    groups: list[tuple[str, str, urls.FeedKind | None, str]] = [
        (urls.FESTIVAL_FEED, fest_name, None, "")
    ]
    city_films: list[tuple[str, str, tuple[str, str]]] = []
    for city in inputs.venues.cities:
        groups.append((urls.feed_path("city", city.id), getattr(city.name, lang), "city", city.id))
    for venue in inputs.venues.venues:
        groups.append(
            (urls.feed_path("venue", venue.id), getattr(venue.name, lang), "venue", venue.id)
        )
    for film in inputs.programme.films:
        groups.append((urls.feed_path("film", film.id), getattr(film.title, lang), "film", film.id))
        for city in inputs.venues.cities:
            name = f"{getattr(film.title, lang)} · {getattr(city.name, lang)}"
            city_films.append((urls.city_film_feed(city.id, film.id), name, (city.id, film.id)))
    for guest in inputs.venues.guests:
        groups.append(
            (urls.feed_path("guest", guest.id), getattr(guest.name, lang), "guest", guest.id)
        )
    # every screening once, in time order (a stable sort: filtering keeps the order)
    ordered = sorted((*schedule.screenings, *schedule.cancelled), key=lambda s: (s.start_utc, s.id))
    zones = [inputs.halls[(s.venue, s.hall)].tz for s in ordered]
    # positions in ``ordered`` by the value of each field, and by screening id
    where: dict[tuple[str, str | None], list[int]] = {}
    in_city: dict[tuple[str, str], list[int]] = {}
    by_id: dict[str, list[int]] = {}
    for n, s in enumerate(ordered):
        for field in ("city", "venue", "film", "guest"):
            where.setdefault((field, getattr(s, field)), []).append(n)
        in_city.setdefault((s.city, s.film), []).append(n)
        by_id.setdefault(s.id, []).append(n)
    # the festival feed holds every screening, so every VEVENT and VTIMEZONE is needed
    shared = Shared()
    vevents = [
        event(s, inputs, lang, stamp, shared, plays_instead(schedule, s)).to_ical()
        if s.status == "cancelled"
        else event(s, inputs, lang, stamp, shared).to_ical()
        for s in ordered
    ]
    vtimezones = {name: tz.to_ical() for name in set(zones) for tz in timezones([name], inputs)}
    out: dict[str, bytes] = {}
    every: list[tuple[str, str, Sequence[int]]] = [
        (path, name, range(len(ordered)) if kind is None else where.get((kind, value), []))
        for path, name, kind, value in groups
    ]
    every += [(path, name, in_city.get(key, [])) for path, name, key in city_films]
    for path, name, held in every:
        if path not in offered:
            continue
        extra = [n for i in carried.get(path, ()) for n in by_id.get(i, ())]
        members = sorted({*held, *extra}) if extra else list(held)
        blocks = [vtimezones[z] for z in sorted({zones[n] for n in members})]
        blocks += [vevents[n] for n in members]
        out[path] = with_components(head(inputs, lang, name, path, shared), blocks)
    return out
