"""schedule.xml and frab/schedule.json: valid against the voc/schedule XSD and JSON schema, and
faithful to the schedule (one event per screening, local starts, stable ids, same bytes)."""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import xmlschema

from festival.domain import Schedule, Text
from festival.inputs import Inputs
from festival.load import load
from festival.plan import plan
from festival.publish import frab, urls
from festival.publish.json import schedule_bytes
from festival.publish.phrases import LANGS
from festival.solver import SolveOptions

ROOT = Path(__file__).resolve().parent.parent.parent
SPEC = ROOT / "tests" / "data" / "voc-schedule"
EXAMPLES = ("cffr-2025-may", "cffr-2025-tour")
STAMP = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
HHMM = re.compile(r"^\d\d:\d\d$")

pytestmark = pytest.mark.slow


@dataclass(frozen=True)
class Planned:
    inputs: Inputs
    schedule: Schedule


@pytest.fixture(scope="module")
def planned() -> dict[str, Planned]:
    """Both bundled examples, planned once for the module."""
    result = {}
    for name in EXAMPLES:
        inputs = load(ROOT / "examples" / f"{name}.yaml")
        schedule = plan(inputs, SolveOptions(time_limit=2, deterministic=True), STAMP)
        result[name] = Planned(inputs, schedule)
    return result


@pytest.fixture(scope="module")
def exported(planned: dict[str, Planned]) -> dict[tuple[str, str], dict[str, bytes]]:
    """(example, language) → the exported files."""
    return {
        (name, lang): frab.exports(p.schedule, p.inputs, lang)
        for name, p in planned.items()
        for lang in LANGS
    }


def json_schema() -> dict[str, Any]:
    """The voc/schedule JSON schema; the stored copy has ``//`` comment lines, which JSON lacks."""
    text = (SPEC / "schema.json").read_text(encoding="utf-8")
    loaded: dict[str, Any] = json.loads(re.sub(r"(?m)^\s*//.*$", "", text))
    return loaded


@dataclass(frozen=True)
class XmlEvent:
    day_index: int
    day_date: str
    room: str
    element: ET.Element

    def text(self, tag: str) -> str:
        found = self.element.find(tag)
        assert found is not None, tag
        return found.text or ""


def xml_events(data: bytes) -> list[XmlEvent]:
    root = ET.fromstring(data)
    return [
        XmlEvent(int(day.attrib["index"]), day.attrib["date"], room.attrib["name"], event)
        for day in root.iter("day")
        for room in day.iter("room")
        for event in room.iter("event")
    ]


def by_guid(p: Planned) -> dict[str, str]:
    """Screening id of each expected event guid."""
    fest = p.schedule.festival
    namespace = uuid.uuid5(uuid.NAMESPACE_DNS, fest.domain)
    return {
        str(uuid.uuid5(namespace, f"{fest.id}/screening/{s.id}")): s.id
        for s in p.schedule.screenings
    }


# --------------------------------------------------------------------------------------------------
# Against the published format


def test_paths_are_the_published_layout(exported: dict[tuple[str, str], dict[str, bytes]]) -> None:
    for files in exported.values():
        assert set(files) == {urls.FRAB_XML, urls.FRAB_JSON}


@pytest.mark.parametrize("xsd", ["schedule.xml.xsd", "schedule-without-person.xml.xsd"])
def test_xml_is_valid_against_the_voc_xsd(
    xsd: str, exported: dict[tuple[str, str], dict[str, bytes]]
) -> None:
    schema = xmlschema.XMLSchema(SPEC / xsd)
    for key, files in exported.items():
        errors = list(schema.iter_errors(files[urls.FRAB_XML].decode("utf-8")))
        assert errors == [], (key, errors[:3])


def test_json_is_valid_against_the_voc_schema(
    planned: dict[str, Planned], exported: dict[tuple[str, str], dict[str, bytes]]
) -> None:
    schema = json_schema()
    jsonschema.Draft6Validator.check_schema(schema)
    validator = jsonschema.Draft6Validator(schema)
    for key, files in exported.items():
        document = json.loads(files[urls.FRAB_JSON])
        errors = [e.message for e in validator.iter_errors(document)]
        assert errors == [], (key, errors[:3])
    # the May example's id (cffr-2025) is not an acronym the schema's pattern accepts; the
    # tour's (cffr-2025-tour) is, and stays as it is
    conference = {
        k[0]: json.loads(f[urls.FRAB_JSON])["schedule"]["conference"] for k, f in exported.items()
    }
    assert conference["cffr-2025-may"]["acronym"] == "cffr_2025"
    assert conference["cffr-2025-tour"]["acronym"] == "cffr-2025-tour"


@pytest.mark.parametrize(
    ("festival_id", "expected"),
    [
        ("36c3", "36c3"),
        ("jev22-2022-xyz", "jev22-2022-xyz"),
        ("cffr-2025", "cffr_2025"),
        ("ff", "ff__"),
    ],
)
def test_a_festival_id_becomes_an_acronym_the_voc_schema_accepts(
    festival_id: str, expected: str
) -> None:
    conference = json_schema()["definitions"]["Conference"]["properties"]
    assert frab.acronym(festival_id) == expected
    assert re.fullmatch(conference["acronym"]["pattern"].strip("^$"), expected)


def test_json_formats(exported: dict[tuple[str, str], dict[str, bytes]]) -> None:
    """The schema's ``format``s, checked here: frab's HH:MM ``start`` is not the date-time it says."""
    for files in exported.values():
        conf = json.loads(files[urls.FRAB_JSON])["schedule"]["conference"]
        dt.date.fromisoformat(conf["start"])
        dt.date.fromisoformat(conf["end"])
        for room in conf["rooms"]:
            uuid.UUID(room["guid"])
        for day in conf["days"]:
            dt.date.fromisoformat(day["date"])
            for moment in (day["day_start"], day["day_end"]):
                assert dt.datetime.fromisoformat(moment).utcoffset() is not None
            for events in day["rooms"].values():
                for ev in events:
                    assert dt.datetime.fromisoformat(ev["date"]).utcoffset() is not None
                    assert HHMM.match(ev["start"]) and HHMM.match(ev["duration"])
                    assert uuid.UUID(ev["guid"]).version == 5
                    assert ev["url"].startswith("https://")
                    for person in ev["persons"]:
                        uuid.UUID(person["guid"])


def test_xml_is_utf8_with_declaration_and_indented(
    exported: dict[tuple[str, str], dict[str, bytes]],
) -> None:
    data = exported[("cffr-2025-may", "zh")][urls.FRAB_XML]
    assert data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<schedule>\n  <generator ')
    assert "电影节".encode() in data
    json_data = exported[("cffr-2025-may", "zh")][urls.FRAB_JSON]
    assert "电影节".encode() in json_data and json_data.endswith(b"}\n")


# --------------------------------------------------------------------------------------------------
# Faithful to the schedule


@pytest.mark.parametrize("name", EXAMPLES)
def test_one_event_per_screening_with_unique_ids(
    name: str, planned: dict[str, Planned], exported: dict[tuple[str, str], dict[str, bytes]]
) -> None:
    p = planned[name]
    for lang in LANGS:
        events = xml_events(exported[(name, lang)][urls.FRAB_XML])
        assert len(events) == len(p.schedule.screenings)
        ids = [int(e.element.attrib["id"]) for e in events]
        guids = [e.element.attrib["guid"] for e in events]
        slugs = [e.text("slug") for e in events]
        assert len(set(ids)) == len(ids) and all(1 <= i <= 999_999 for i in ids)
        assert len(set(guids)) == len(guids) and len(set(slugs)) == len(slugs)
        assert set(guids) == set(by_guid(p))


@pytest.mark.parametrize("name", EXAMPLES)
def test_events_carry_local_start_duration_and_day(
    name: str, planned: dict[str, Planned], exported: dict[tuple[str, str], dict[str, bytes]]
) -> None:
    p = planned[name]
    screenings = {s.id: s for s in p.schedule.screenings}
    guids = by_guid(p)
    days = {d: i for i, d in enumerate(p.inputs.days, start=1)}
    guests = 0
    for e in xml_events(exported[(name, "en")][urls.FRAB_XML]):
        s = screenings[guids[e.element.attrib["guid"]]]
        guests += s.guest is not None
        start = e.text("start")
        assert HHMM.match(start) and start == s.start_local.strftime("%H:%M")
        date = dt.datetime.fromisoformat(e.text("date"))
        assert date == s.start_utc and date.utcoffset() == s.start_local.utcoffset()
        # as long as the feeds' event: intro, film and the guest's Q&A or introduction
        minutes = s.intro_minutes + s.runtime_minutes + s.guest_minutes
        assert minutes * 60 == (s.end_utc - s.start_utc).total_seconds()
        assert e.text("duration") == f"{minutes // 60:02d}:{minutes % 60:02d}"
        persons = [person.text for person in e.element.iter("person")]
        guest = p.inputs.guests[s.guest].name.en if s.guest is not None else None
        assert persons == ([guest] if guest is not None else [])
        if s.guest is not None and s.guest_kind is not None:
            part = {"qa": "Q&A", "intro": "Introduced by"}[s.guest_kind]
            assert f"{part}: {guest} ({s.guest_minutes} min)" in e.text("description")
        assert e.day_index == days[s.festival_day] and e.day_date == s.festival_day.isoformat()
        assert e.text("title") == p.inputs.films[s.film].title.en
        assert e.text("track") == p.inputs.cities[s.city].name.en
        assert e.text("url") == urls.absolute(p.schedule.festival.base_url, urls.film_page(s.film))
        assert e.text("room") == e.room
    assert guests > 0 or name == "cffr-2025-may"  # the tour's guests' appearances are tested


@pytest.mark.parametrize("name", EXAMPLES)
def test_one_day_per_festival_day_spanning_its_screenings(
    name: str, planned: dict[str, Planned], exported: dict[tuple[str, str], dict[str, bytes]]
) -> None:
    p = planned[name]
    root = ET.fromstring(exported[(name, "ru")][urls.FRAB_XML])
    days = root.findall("day")
    assert [d.attrib["date"] for d in days] == [d.isoformat() for d in p.inputs.days]
    assert [int(d.attrib["index"]) for d in days] == list(range(1, len(p.inputs.days) + 1))
    assert root.findtext("conference/days") == str(len(p.inputs.days))
    for day in days:
        start = dt.datetime.fromisoformat(day.attrib["start"])
        end = dt.datetime.fromisoformat(day.attrib["end"])
        names = [room.attrib["name"] for room in day.findall("room")]
        assert len(set(names)) == len(names)
        for room in day.findall("room"):
            assert room.findall("event"), "rooms are listed only on days they have screenings"
            for event in room.findall("event"):
                begins = dt.datetime.fromisoformat(event.findtext("date") or "")
                assert start <= begins < end


def test_time_zone_is_the_first_citys_and_events_keep_their_own_offsets(
    planned: dict[str, Planned], exported: dict[tuple[str, str], dict[str, bytes]]
) -> None:
    p = planned["cffr-2025-tour"]
    root = ET.fromstring(exported[("cffr-2025-tour", "en")][urls.FRAB_XML])
    assert root.findtext("conference/time_zone_name") == p.inputs.venues.cities[0].timezone
    offsets = {e.text("track"): e.text("date")[-6:] for e in xml_events(ET.tostring(root))}
    assert offsets["Vladivostok"] == "+10:00" and offsets["Moscow"] == "+03:00"


def test_rooms_are_unique_hall_names(
    planned: dict[str, Planned], exported: dict[tuple[str, str], dict[str, bytes]]
) -> None:
    p = planned["cffr-2025-may"]
    conf = json.loads(exported[("cffr-2025-may", "en")][urls.FRAB_JSON])["schedule"]["conference"]
    used = {(s.venue, s.hall) for s in p.schedule.screenings}
    expected = [
        f"{info.venue.name.en} · {info.hall.name.en}"
        for key, info in p.inputs.halls.items()
        if key in used
    ]
    assert [r["name"] for r in conf["rooms"]] == expected


def test_clashing_hall_names_get_the_city(
    planned: dict[str, Planned],
) -> None:
    """Two venues of the same name in different cities: the city tells their halls apart."""
    p = planned["cffr-2025-may"]
    venues = p.inputs.venues
    illuzion = next(v for v in venues.venues if v.id == "illuzion")
    renamed = tuple(
        v.model_copy(update={"name": illuzion.name}) if v.id == "avrora" else v
        for v in venues.venues
    )
    inputs = Inputs(
        venues.model_copy(update={"venues": renamed}),
        p.inputs.programme,
        p.inputs.venues_source,
        p.inputs.programme_source,
    )
    files = frab.exports(p.schedule, inputs, "en")
    conf = json.loads(files[urls.FRAB_JSON])["schedule"]["conference"]
    names = [r["name"] for r in conf["rooms"]]
    assert len(set(names)) == len(names)
    assert "Illuzion · Big Hall (Moscow)" in names
    assert "Illuzion · Big Hall (Saint Petersburg)" in names
    assert xmlschema.XMLSchema(SPEC / "schedule.xml.xsd").is_valid(
        files[urls.FRAB_XML].decode("utf-8")
    )


def test_json_read_like_an_app_matches_the_xml(
    exported: dict[tuple[str, str], dict[str, bytes]],
) -> None:
    """Flatten the JSON the way schedule apps do (days → rooms → talks) and compare with the XML."""
    for files in exported.values():
        conf = json.loads(files[urls.FRAB_JSON])["schedule"]["conference"]
        from_json = sorted(
            (
                day["index"],
                room,
                talk["id"],
                talk["guid"],
                talk["date"],
                talk["start"],
                talk["duration"],
                talk["title"],
                talk["subtitle"],
                talk["track"],
                ", ".join(person["public_name"] for person in talk["persons"]),
            )
            for day in conf["days"]
            for room, talks in day["rooms"].items()
            for talk in talks
        )
        from_xml = sorted(
            (
                e.day_index,
                e.room,
                int(e.element.attrib["id"]),
                e.element.attrib["guid"],
                e.text("date"),
                e.text("start"),
                e.text("duration"),
                e.text("title"),
                e.text("subtitle"),
                e.text("track"),
                ", ".join(person.text or "" for person in e.element.iter("person")),
            )
            for e in xml_events(files[urls.FRAB_XML])
        )
        assert from_json == from_xml


# --------------------------------------------------------------------------------------------------
# Same schedule, same bytes; stable ids


@pytest.mark.parametrize("name", EXAMPLES)
def test_regeneration_is_byte_identical(
    name: str, planned: dict[str, Planned], exported: dict[tuple[str, str], dict[str, bytes]]
) -> None:
    p = planned[name]
    reloaded = Schedule.model_validate_json(schedule_bytes(p.schedule))
    for lang in LANGS:
        assert frab.exports(p.schedule, p.inputs, lang) == exported[(name, lang)]
        assert frab.exports(reloaded, p.inputs, lang) == exported[(name, lang)]


def test_ids_survive_a_changed_schedule(
    planned: dict[str, Planned], exported: dict[tuple[str, str], dict[str, bytes]]
) -> None:
    """Apps key favourites and alarms on event ids: dropping screenings must not renumber the rest."""
    p = planned["cffr-2025-may"]
    fewer = p.schedule.model_copy(update={"screenings": p.schedule.screenings[::2]})
    before = {
        e.element.attrib["guid"]: e.element.attrib["id"]
        for e in xml_events(exported[("cffr-2025-may", "ru")][urls.FRAB_XML])
    }
    after = {
        e.element.attrib["guid"]: e.element.attrib["id"]
        for e in xml_events(frab.exports(fewer, p.inputs, "ru")[urls.FRAB_XML])
    }
    assert len(after) == len(fewer.screenings)
    assert all(before[guid] == ident for guid, ident in after.items())


def test_hashed_ids_are_distinct_even_when_hashes_clash() -> None:
    names = [f"film-{i}" for i in range(50)]
    ids = frab._hashed_ids(names, 50)
    assert sorted(ids.values()) == list(range(1, 51))
    assert frab._hashed_ids(reversed(names), 50) == ids


def test_titles_follow_the_language(
    planned: dict[str, Planned], exported: dict[tuple[str, str], dict[str, bytes]]
) -> None:
    p = planned["cffr-2025-may"]
    name: Text = p.schedule.festival.name
    for lang in LANGS:
        root = ET.fromstring(exported[("cffr-2025-may", lang)][urls.FRAB_XML])
        assert root.findtext("conference/title") == getattr(name, lang)
        assert root.findtext("conference/acronym") == frab.acronym(p.schedule.festival.id)
