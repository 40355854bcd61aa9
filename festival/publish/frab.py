"""Exports for schedule apps (Giggity, EventFahrplan, ConfClerk): frab/pentabarf XML and JSON.

``schedule.xml`` follows the XSD the voc/schedule project keeps (``validator/xsd/schedule.xml.xsd``)
and ``frab/schedule.json`` the frab JSON layout of its ``validator/json/schema.json``. Both files are
rendered from one model, so they always agree. The mapping:

* conference = the festival (acronym = festival id, as the voc schema allows it: ``acronym``;
  title in the export's language);
* one ``<day>`` per festival day, numbered from 1; a screening belongs to its festival day (00:30
  after a late show is still the day before, as in frab);
* room = a hall, named "Venue · Hall" (made unique with the city, then the ids, if names clash);
  a room is listed on each day it has screenings, and only then;
* event = a screening: ``date`` is its local start with the venue's UTC offset, ``start`` the same
  wall-clock time as HH:MM, ``duration`` intro, film and the guest's Q&A or introduction (as
  long as the feeds' event); its persons are its guest, if any (not the film's directors, who are
  in its description).

The format has a single conference time zone (``time_zone_name``): a festival spread over several
zones cannot say so. We name the first city's zone there; every event's ``date`` carries its own
offset, and ``start`` is the venue's local time, as a visitor there reads the clock. Apps that build
times from the day's date and ``start`` in the conference zone show other zones' screenings shifted.

Ids stay the same across re-plans (apps key favourites and alarms on them) because they come from
the festival id and the screening's stable id: the event ``id`` is their SHA-256 folded into
1..999999 (at most 6 digits, as frab slugs ``acronym-id-film`` want; on a clash the name later in
sorted order takes the next free number), and the ``guid`` is a UUIDv5 of them in a namespace made
from the festival's domain. Two editions on one domain therefore never share a guid. The same
schedule always gives the same bytes, and nothing here reads the clock.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import uuid
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from festival import __version__
from festival.domain import Film, Schedule, Screening
from festival.inputs import HallKey, Inputs
from festival.publish import urls
from festival.publish.phrases import EVENT_GUESTS, Lang, labels
from festival.timeline import zone

GENERATOR = "festival"
JSON_SCHEMA = "https://c3voc.de/schedule/schema.json"
EVENT_TYPE = "screening"

EVENT_ID_LIMIT = 999_999
"""Event ids lie in 1..999999: frab slugs (acronym-id-title) allow at most six digits."""
PERSON_ID_LIMIT = 2**31 - 1
"""Person ids fit a signed 32-bit integer (apps written in Java and C++ read them as int)."""

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _clean(text: str) -> str:
    """The text without characters XML 1.0 cannot carry (control characters)."""
    return _NOT_XML.sub("", text)


# --------------------------------------------------------------------------------------------------
# The model both files are rendered from


@dataclass(frozen=True)
class _Person:
    id: int
    guid: str
    name: str


@dataclass(frozen=True)
class _Link:
    url: str
    title: str


@dataclass(frozen=True)
class _Event:
    id: int
    guid: str
    date: str
    start: str
    duration: str
    room: str
    slug: str
    url: str
    title: str
    subtitle: str
    track: str
    language: str
    abstract: str
    description: str
    persons: tuple[_Person, ...]
    links: tuple[_Link, ...]


@dataclass(frozen=True)
class _Room:
    name: str
    guid: str


@dataclass(frozen=True)
class _Day:
    index: int
    date: dt.date
    start: str
    end: str
    rooms: tuple[tuple[_Room, tuple[_Event, ...]], ...]


@dataclass(frozen=True)
class _Conference:
    version: str
    acronym: str
    title: str
    start: dt.date
    end: dt.date
    timeslot: str
    base_url: str
    url: str
    time_zone: str
    rooms: tuple[_Room, ...]
    days: tuple[_Day, ...]


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _hashed_ids(names: Iterable[str], limit: int) -> dict[str, int]:
    """A distinct id in 1..limit for each name, from its SHA-256; clashes probe upwards, in name order."""
    taken: set[int] = set()
    ids: dict[str, int] = {}
    for name in sorted(set(names)):
        digest = hashlib.sha256(name.encode("utf-8")).digest()
        candidate = int.from_bytes(digest[:8], "big") % limit + 1
        while candidate in taken:
            candidate = candidate % limit + 1
        taken.add(candidate)
        ids[name] = candidate
    return ids


def _room_names(inputs: Inputs, lang: Lang) -> dict[HallKey, str]:
    """ "Venue · Hall" for every hall; the city, then the ids, are added where names would clash."""
    names = {
        key: f"{getattr(info.venue.name, lang)} · {getattr(info.hall.name, lang)}"
        for key, info in inputs.halls.items()
    }
    clashes = Counter(names.values())
    names = {
        key: name
        if clashes[name] == 1
        else f"{name} ({getattr(inputs.halls[key].city.name, lang)})"
        for key, name in names.items()
    }
    clashes = Counter(names.values())
    return {
        key: name if clashes[name] == 1 else f"{name} [{key[0]}/{key[1]}]"
        for key, name in names.items()
    }


VOC_ACRONYM = re.compile(r"[a-z0-9_-][a-z0-9_]{3,}(-2[0-9]{3}-[a-z]+)?")
"""The conference acronym the voc/schedule JSON schema accepts (``36c3``, ``jev22-2022-xyz``)."""


def acronym(festival_id: str) -> str:
    """The festival id as a voc/schedule acronym: as it is when the schema accepts it
    (``cffr-2025-tour``), else with underscores for the hyphens it does not allow, and at least
    four characters (``cffr-2025`` → ``cffr_2025``)."""
    if VOC_ACRONYM.fullmatch(festival_id):
        return festival_id
    word = re.sub(r"[^a-z0-9_]", "_", festival_id.lower())
    return word.ljust(4, "_")


def _description(s: Screening, inputs: Inputs, film: Film, lang: Lang) -> str:
    words = labels(lang)
    directors = ", ".join(getattr(p, lang) or p.original for p in film.directors)
    audio = f"{words['audio']}: {', '.join(film.languages.audio)}"
    if film.languages.subtitles:
        audio += f" · {words['subtitles']}: {', '.join(film.languages.subtitles)}"
    lines = [
        f"{words['director']}: {directors}",
        f"{film.title.original} ({film.year}, {', '.join(film.countries)})",
        f"{words['event_runtime']}: {film.runtime} {words['event_minutes']} · "
        f"{words['age']}: {film.age_rating}",
        audio,
    ]
    if s.label:
        lines.append(getattr(s.label, lang))
    if s.guest is not None and s.guest_kind is not None:
        name = getattr(inputs.guests[s.guest].name, lang)
        lines.append(
            f"{words[EVENT_GUESTS[s.guest_kind]]}: {name} ({s.guest_minutes} {words['event_minutes']})"
        )
    lines += ["", getattr(film.synopsis, lang)]
    return "\n".join(lines)


def _conference(schedule: Schedule, inputs: Inputs, lang: Lang) -> _Conference:
    fest = schedule.festival
    namespace = uuid.uuid5(uuid.NAMESPACE_DNS, fest.domain)
    # The format names one time zone for the whole conference: the first city's zone. Each event's
    # date carries its own offset, so screenings in other zones are still placed right.
    conference_zone = inputs.venues.cities[0].timezone
    cutoff = inputs.venues.policy.day_cutoff
    city_zones = sorted({c.timezone for c in inputs.venues.cities})

    words = labels(lang)
    room_names = _room_names(inputs, lang)
    rooms = {
        key: _Room(room_names[key], str(uuid.uuid5(namespace, f"hall/{key[0]}/{key[1]}")))
        for key in inputs.halls
    }
    event_ids = _hashed_ids((f"{fest.id}/{s.id}" for s in schedule.screenings), EVENT_ID_LIMIT)
    person_ids = _hashed_ids(
        (s.guest for s in schedule.screenings if s.guest is not None), PERSON_ID_LIMIT
    )

    def event(s: Screening) -> _Event:
        film = inputs.films[s.film]
        info = inputs.halls[(s.venue, s.hall)]
        event_id = event_ids[f"{fest.id}/{s.id}"]
        title = getattr(film.title, lang)
        # the persons are who appears at the screening (its guest), not the film's credits: a
        # speaker filter in an app finds the screenings one can meet them at
        persons = tuple(
            _Person(
                person_ids[g],
                str(uuid.uuid5(namespace, f"guest/{g}")),
                _clean(getattr(inputs.guests[g].name, lang)),
            )
            for g in ([s.guest] if s.guest is not None else [])
        )
        film_url = urls.absolute(fest.base_url, urls.film_page(film.id))
        city_url = urls.absolute(fest.base_url, urls.city_page(info.city.id))
        return _Event(
            id=event_id,
            guid=str(uuid.uuid5(namespace, f"{fest.id}/screening/{s.id}")),
            date=s.start_local.isoformat(),
            start=s.start_local.strftime("%H:%M"),
            duration=_hhmm(round((s.end_utc - s.start_utc).total_seconds() / 60)),
            room=rooms[(s.venue, s.hall)].name,
            slug=f"{fest.id}-{event_id}-{film.id}",
            url=film_url,
            title=_clean(title),
            subtitle=_clean(film.title.original if film.title.original != title else ""),
            track=_clean(getattr(info.city.name, lang)),
            language=film.languages.audio[0],
            abstract=_clean(getattr(film.synopsis, lang)),
            description=_clean(_description(s, inputs, film, lang)),
            persons=persons,
            links=(
                _Link(film_url, words["event_link_film"]),
                _Link(city_url, f"{words['event_link_city']}: {getattr(info.city.name, lang)}"),
            ),
        )

    by_day: dict[dt.date, list[Screening]] = defaultdict(list)
    for s in schedule.screenings:
        by_day[s.festival_day].append(s)
    festival_days = [
        fest.first_day + dt.timedelta(days=i)
        for i in range((fest.last_day - fest.first_day).days + 1)
    ]
    stray = sorted(set(by_day) - set(festival_days))
    if stray:
        raise ValueError(f"screenings on {stray[0]}, outside the festival's days")

    used: list[HallKey] = []
    days: list[_Day] = []
    for index, day in enumerate(festival_days, start=1):
        shows = by_day.get(day, [])
        # The festival day runs from the cutoff to the next day's cutoff in every city's zone; the
        # day's span covers all of them (and any screening that runs past the cutoff).
        starts = [dt.datetime.combine(day, cutoff, tzinfo=zone(z)) for z in city_zones]
        ends = [
            dt.datetime.combine(day + dt.timedelta(days=1), cutoff, tzinfo=zone(z))
            - dt.timedelta(minutes=1)
            for z in city_zones
        ]
        starts += [s.start_utc for s in shows]
        ends += [s.end_utc for s in shows]
        in_room: dict[HallKey, list[Screening]] = defaultdict(list)
        for s in shows:
            in_room[(s.venue, s.hall)].append(s)
        day_rooms = tuple(
            (
                rooms[key],
                tuple(event(s) for s in sorted(in_room[key], key=lambda s: (s.start_utc, s.id))),
            )
            for key in inputs.halls
            if key in in_room
        )
        used += [key for key in inputs.halls if key in in_room and key not in used]
        days.append(
            _Day(
                index=index,
                date=day,
                start=min(starts).astimezone(zone(conference_zone)).isoformat(),
                end=max(ends).astimezone(zone(conference_zone)).isoformat(),
                rooms=day_rooms,
            )
        )

    return _Conference(
        version=schedule.generated_at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        acronym=acronym(fest.id),
        title=_clean(getattr(fest.name, lang)),
        start=fest.first_day,
        end=fest.last_day,
        timeslot=_hhmm(inputs.venues.policy.grain_minutes),
        base_url=fest.base_url,
        url=urls.absolute(fest.base_url, urls.INDEX_PAGE),
        time_zone=conference_zone,
        rooms=tuple(rooms[key] for key in inputs.halls if key in used),
        days=tuple(days),
    )


# --------------------------------------------------------------------------------------------------
# Rendering


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    if text is not None:
        element.text = text
    return element


def _xml(conf: _Conference) -> bytes:
    root = ET.Element("schedule")
    _sub(root, "generator", name=GENERATOR, version=__version__)
    _sub(root, "version", conf.version)
    head = _sub(root, "conference")
    _sub(head, "acronym", conf.acronym)
    _sub(head, "title", conf.title)
    _sub(head, "start", conf.start.isoformat())
    _sub(head, "end", conf.end.isoformat())
    _sub(head, "days", str(len(conf.days)))
    _sub(head, "timeslot_duration", conf.timeslot)
    _sub(head, "base_url", conf.base_url)
    _sub(head, "time_zone_name", conf.time_zone)
    for day in conf.days:
        day_el = _sub(
            root,
            "day",
            index=str(day.index),
            date=day.date.isoformat(),
            start=day.start,
            end=day.end,
        )
        for room, events in day.rooms:
            room_el = _sub(day_el, "room", name=room.name)
            for ev in events:
                ev_el = _sub(room_el, "event", id=str(ev.id), guid=ev.guid)
                _sub(ev_el, "date", ev.date)
                _sub(ev_el, "start", ev.start)
                _sub(ev_el, "duration", ev.duration)
                _sub(ev_el, "room", ev.room)
                _sub(ev_el, "slug", ev.slug)
                _sub(ev_el, "url", ev.url)
                _sub(ev_el, "title", ev.title)
                _sub(ev_el, "subtitle", ev.subtitle)
                _sub(ev_el, "track", ev.track)
                _sub(ev_el, "type", EVENT_TYPE)
                _sub(ev_el, "language", ev.language)
                _sub(ev_el, "abstract", ev.abstract)
                _sub(ev_el, "description", ev.description)
                persons = _sub(ev_el, "persons")
                for p in ev.persons:
                    _sub(persons, "person", p.name, id=str(p.id))
                links = _sub(ev_el, "links")
                for link in ev.links:
                    _sub(links, "link", link.title, href=link.url)
    ET.indent(root, space="  ")
    body = ET.tostring(root, encoding="unicode")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n").encode("utf-8")


def _json(conf: _Conference) -> bytes:
    def event(ev: _Event) -> dict[str, object]:
        return {
            "id": ev.id,
            "guid": ev.guid,
            "date": ev.date,
            "start": ev.start,
            "duration": ev.duration,
            "room": ev.room,
            "slug": ev.slug,
            "url": ev.url,
            "title": ev.title,
            "subtitle": ev.subtitle,
            "track": ev.track,
            "type": EVENT_TYPE,
            "language": ev.language,
            "abstract": ev.abstract,
            "description": ev.description,
            "persons": [{"id": p.id, "guid": p.guid, "public_name": p.name} for p in ev.persons],
            "links": [{"url": link.url, "title": link.title} for link in ev.links],
        }

    document = {
        "$schema": JSON_SCHEMA,
        "schedule": {
            "generator": {"name": GENERATOR, "version": __version__},
            "version": conf.version,
            "base_url": conf.base_url,
            "conference": {
                "acronym": conf.acronym,
                "title": conf.title,
                "start": conf.start.isoformat(),
                "end": conf.end.isoformat(),
                "daysCount": len(conf.days),
                "timeslot_duration": conf.timeslot,
                "time_zone_name": conf.time_zone,
                "url": conf.url,
                "rooms": [{"name": r.name, "guid": r.guid} for r in conf.rooms],
                "days": [
                    {
                        "index": day.index,
                        "date": day.date.isoformat(),
                        "day_start": day.start,
                        "day_end": day.end,
                        "rooms": {room.name: [event(ev) for ev in evs] for room, evs in day.rooms},
                    }
                    for day in conf.days
                ],
            },
        },
    }
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def exports(schedule: Schedule, inputs: Inputs, lang: Lang) -> dict[str, bytes]:
    """schedule.xml and frab/schedule.json (path → bytes)."""
    conf = _conference(schedule, inputs, lang)
    return {urls.FRAB_XML: _xml(conf), urls.FRAB_JSON: _json(conf)}
