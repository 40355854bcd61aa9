"""The calendar feeds: a strict lint of every feed, and four independent parsers that must agree."""

from __future__ import annotations

import datetime as dt
import re
import sys
from collections.abc import Callable
from zoneinfo import ZoneInfo

import icalendar
import pytest

from festival.domain import Schedule, Screening
from festival.inputs import Inputs
from festival.publish import ical, urls
from festival.publish.phrases import Lang

Pair = tuple[Schedule, Inputs]
Row = tuple[str, dt.datetime, dt.datetime, str]
Feed = tuple[str, str, bytes, list[Screening]]


def all_feeds(schedules: dict[str, Pair]) -> list[Feed]:
    """(example, path, bytes, the screenings the feed must hold) for every feed of both examples."""
    out: list[Feed] = []
    for name, (schedule, inputs) in schedules.items():
        files = ical.feeds(schedule, inputs, "ru")
        for path, data in files.items():
            kind, _, ident = path.removeprefix("feeds/").removesuffix(".ics").partition("/")
            city, _, film = ident.partition("/")
            expected = [
                s
                for s in schedule.screenings
                if kind == "festival"
                or (film and (s.city, s.film) == (city, film))
                or (not film and getattr(s, kind) == ident)
            ]
            out.append((name, path, data, expected))
    return out


@pytest.fixture(scope="module")
def feeds(schedules: dict[str, Pair]) -> list[Feed]:
    return all_feeds(schedules)


def unfold(data: bytes) -> list[str]:
    return data.decode("utf-8").replace("\r\n ", "").split("\r\n")


@pytest.mark.parametrize("example", ["may", "tour"])
def test_a_feed_for_every_city_venue_film_city_film_and_guest_with_an_event_no_empty_one(
    schedules: dict[str, Pair], example: str
) -> None:
    """An empty calendar is refused by icalendar and vobject, and says nothing to a subscriber
    (the May example offered Dom Kino St Petersburg's, which had no screening)."""
    schedule, inputs = schedules[example]
    files = ical.feeds(schedule, inputs, "ru")
    held = schedule.screenings
    assert set(files) == {
        "feeds/festival.ics",
        *(
            urls.feed_path("city", c.id)
            for c in inputs.venues.cities
            if c.id in {s.city for s in held}
        ),
        *(
            urls.feed_path("venue", v.id)
            for v in inputs.venues.venues
            if v.id in {s.venue for s in held}
        ),
        *(
            urls.feed_path("film", f.id)
            for f in inputs.programme.films
            if f.id in {s.film for s in held}
        ),
        *(
            urls.feed_path("guest", g.id)
            for g in inputs.venues.guests
            if g.id in {s.guest for s in held}
        ),
        *(urls.city_film_feed(s.city, s.film) for s in held),
    }
    assert set(files) == ical.published_feeds(schedule, inputs)
    assert all(b"BEGIN:VEVENT" in data for data in files.values())
    idle = {v.id for v in inputs.venues.venues} - {s.venue for s in held}
    if example == "may":
        assert "dom-kino-spb" in idle  # the case is tested
    if example == "tour":
        assert {urls.feed_path("guest", g) for g in ("andrey-volgin", "fang-li")} <= set(files)


def test_a_feed_that_had_events_stays_published_when_it_has_none_left(
    schedules: dict[str, Pair],
) -> None:
    """A UID never leaves a feed that had it: a venue whose screenings moved away keeps its
    feed, holding them where they are now."""
    schedule, inputs = schedules["may"]
    moved = schedule.screenings[0]
    idle = "feeds/venue/dom-kino-spb.ics"
    assert idle not in ical.published_feeds(schedule, inputs)
    carried = {idle: frozenset({moved.id})}
    assert idle in ical.published_feeds(schedule, inputs, carried)
    # published empty by an earlier version: nothing to keep, not written again
    assert idle not in ical.published_feeds(schedule, inputs, {idle: frozenset()})
    assert idle not in ical.feeds(schedule, inputs, "ru", {idle: frozenset()})
    feed = ical.feeds(schedule, inputs, "ru", carried)[idle]
    fest = inputs.venues.festival
    assert [str(e["UID"]) for e in icalendar.Calendar.from_ical(feed).walk("VEVENT")] == [
        urls.uid(fest.id, moved.id, fest.domain)
    ]


def test_lint_lines_crlf_and_folded_between_characters(feeds: list[Feed]) -> None:
    for _, path, data, _ in feeds:
        assert data.endswith(b"\r\n"), path
        assert b"\n" not in data.replace(b"\r\n", b""), path
        for line in data.split(b"\r\n"):
            assert len(line) <= 75, (path, line)
            line.decode("utf-8")  # a fold inside a multi-byte character would fail here


def test_lint_calendar_properties(feeds: list[Feed]) -> None:
    for _, path, data, _ in feeds:
        lines = unfold(data)
        calendar_part = (
            lines[: lines.index("BEGIN:VTIMEZONE")] if "BEGIN:VTIMEZONE" in lines else lines
        )
        assert lines[0] == "BEGIN:VCALENDAR" and lines[-2] == "END:VCALENDAR", path
        assert "PRODID:-//festival//Film festival programme//EN" in calendar_part
        assert "VERSION:2.0" in calendar_part
        assert "METHOD:PUBLISH" in calendar_part
        assert "REFRESH-INTERVAL;VALUE=DURATION:PT1H" in calendar_part
        assert "X-PUBLISHED-TTL:PT1H" in calendar_part
        assert any(line.startswith("NAME:") for line in calendar_part)
        assert any(line.startswith("X-WR-CALNAME:") for line in calendar_part)
        assert any(line.startswith("DESCRIPTION:") for line in calendar_part)
        assert not any(line.startswith("UID:") for line in calendar_part), path


def events_of(lines: list[str]) -> list[list[str]]:
    out: list[list[str]] = []
    current: list[str] | None = None
    for line in lines:
        if line == "BEGIN:VEVENT":
            current = []
        elif line == "END:VEVENT":
            assert current is not None, "END:VEVENT without BEGIN:VEVENT"
            out.append(current)
            current = None
        elif current is not None:
            current.append(line)
    return out


def test_lint_events(feeds: list[Feed], schedules: dict[str, Pair]) -> None:
    uid_times: dict[str, set[str]] = {}
    for name, path, data, expected in feeds:
        events = events_of(unfold(data))
        uids = [next(ln[4:] for ln in e if ln.startswith("UID:")) for e in events]
        assert len(uids) == len(set(uids)) == len(expected), path
        fest = schedules[name][0].festival
        assert sorted(uids) == sorted(urls.uid(fest.id, s.id, fest.domain) for s in expected)
        for e, uid in zip(events, uids, strict=True):
            stamp = next(ln for ln in e if ln.startswith("DTSTAMP:"))
            assert re.fullmatch(r"DTSTAMP:\d{8}T\d{6}Z", stamp), stamp
            assert "STATUS:CONFIRMED" in e and "SEQUENCE:0" in e
            assert any(ln.startswith("ORGANIZER;CN=") for ln in e)
            assert any(ln.startswith("GEO:") for ln in e)
            assert any(ln.startswith("LAST-MODIFIED:") and ln.endswith("Z") for ln in e)
            start = next(ln for ln in e if ln.startswith("DTSTART"))
            uid_times.setdefault(f"{name}:{uid}", set()).add(start)
    # the same screening is the same event in every feed
    assert all(len(starts) == 1 for starts in uid_times.values())


def vtimezones(lines: list[str]) -> dict[str, list[tuple[dt.datetime, int]]]:
    """TZID → [(observance start, offset seconds)] read directly from the text."""
    zones: dict[str, list[tuple[dt.datetime, int]]] = {}
    tzid, start = None, None
    for line in lines:
        if line.startswith("TZID:"):
            tzid = line[5:]
            zones[tzid] = []
        elif line.startswith("DTSTART:") and tzid is not None:
            start = dt.datetime.strptime(line[8:], "%Y%m%dT%H%M%S")
        elif line.startswith("TZOFFSETTO:") and tzid is not None and start is not None:
            sign = -1 if line[11] == "-" else 1
            hours, minutes = int(line[12:14]), int(line[14:16])
            zones[tzid].append((start, sign * (hours * 3600 + minutes * 60)))
        elif line == "END:VTIMEZONE":
            tzid = None
    return zones


def test_lint_every_tzid_has_a_vtimezone_matching_zoneinfo(
    feeds: list[Feed], schedules: dict[str, Pair]
) -> None:
    for name, path, data, _ in feeds:
        lines = unfold(data)
        used = {m for line in lines for m in re.findall(r";TZID=([^:;]+)", line)}
        zones = vtimezones(lines)
        assert sorted(zones) == list(zones) == sorted(used), path
        fest = schedules[name][0].festival
        for tzid, observances in zones.items():
            day = fest.first_day
            while day <= fest.last_day + dt.timedelta(days=1):
                moment = dt.datetime.combine(day, dt.time(12))
                active = [off for start, off in observances if start <= moment]
                expected = moment.replace(tzinfo=ZoneInfo(tzid)).utcoffset()
                assert expected is not None
                assert active and active[-1] == expected.total_seconds(), (path, tzid, day)
                day += dt.timedelta(days=1)


def test_regeneration_is_byte_identical(schedules: dict[str, Pair]) -> None:
    for schedule, inputs in schedules.values():
        assert ical.feeds(schedule, inputs, "zh") == ical.feeds(schedule, inputs, "zh")


def test_summary_in_feed_language_with_original_title(schedules: dict[str, Pair]) -> None:
    _, inputs = schedules["may"]
    film = inputs.films["hidden-blade"]
    assert ical.summary(film, "ru") == f"{film.title.ru} ({film.title.original})"
    assert ical.summary(film, "zh") == film.title.zh
    assert ical.summary(film, "en") == f"{film.title.en} ({film.title.original})"


@pytest.mark.parametrize(
    ("lang", "door"),
    [
        ("ru", "Лиц младше 18 лет на сеанс не допускают"),
        ("en", "No one under 18 is admitted; ID may be asked for"),
        ("zh", "未满18岁者不得入场"),
    ],
)
def test_an_adults_only_screening_says_what_that_means_at_the_door(
    schedules: dict[str, Pair], lang: Lang, door: str
) -> None:
    """93-FZ: no one under 18 is admitted to an 18+ screening, and ID may be asked for. The line
    follows the age rating in the event's description, and only an 18+ film's events have it."""
    schedule, inputs = schedules["may"]
    for s in schedule.screenings:
        lines = ical.description(s, inputs, lang).splitlines()
        adults = inputs.films[s.film].age_rating.value == "18+"
        assert any(door in line for line in lines) == adults, s.film
        if adults:
            assert door in lines[lines.index(next(x for x in lines if "18+" in x)) + 1]
    assert any(inputs.films[s.film].age_rating.value == "18+" for s in schedule.screenings)


@pytest.mark.parametrize(
    ("lang", "mark", "said", "still"),
    [
        ("ru", "ОТМЕНЁН: ", "Сеанс отменён.", "Фильм можно посмотреть: "),
        ("en", "CANCELLED: ", "This screening is cancelled.", "The film still plays: "),
        ("zh", "已取消: ", "本场放映已取消。", "该片其他场次: "),
    ],
)
def test_a_cancelled_screening_reads_as_cancelled_where_status_is_ignored(
    schedules: dict[str, Pair], lang: Lang, mark: str, said: str, still: str
) -> None:
    """calcurse imported a cancelled screening as an ordinary appointment: its title now starts
    with the cancelled marker in the feed's language, it leaves the attendee's time free, and its
    description says so first, with where the film still plays (in its city first)."""
    schedule, inputs = schedules["may"]
    gone = schedule.screenings[0]
    same_film = [s for s in schedule.screenings[1:] if s.film == gone.film]
    assert same_film
    cancelled = gone.model_copy(update={"status": "cancelled"})
    changed = schedule.model_copy(
        update={"screenings": schedule.screenings[1:], "cancelled": (cancelled,)}
    )
    feed = ical.feeds(changed, inputs, lang)[urls.feed_path("film", gone.film)]
    events = {str(e["UID"]): e for e in icalendar.Calendar.from_ical(feed).walk("VEVENT")}
    fest = inputs.venues.festival
    event = events.pop(urls.uid(fest.id, gone.id, fest.domain))
    film = inputs.films[gone.film]
    assert str(event["STATUS"]) == "CANCELLED" and str(event["TRANSP"]) == "TRANSPARENT"
    assert str(event["SUMMARY"]) == mark + ical.summary(film, lang)
    lines = str(event["DESCRIPTION"]).splitlines()
    here = [s for s in same_film if s.city == gone.city] or same_film
    offered = [still + ical.elsewhere(s, inputs, lang) for s in here[: ical.INSTEAD]]
    if here[0].city != gone.city:
        offered = [
            line + f" ({getattr(inputs.cities[s.city].name, lang)})"
            for line, s in zip(offered, here[: ical.INSTEAD], strict=True)
        ]
    assert lines[0] == said and lines[1 : 1 + len(offered)] == offered
    for other in events.values():  # the film's other screenings are as before
        assert str(other["STATUS"]) == "CONFIRMED" and str(other["TRANSP"]) == "OPAQUE"
        assert str(other["SUMMARY"]) == ical.summary(film, lang)
        assert said not in str(other["DESCRIPTION"])


# ----------------------------------------------------------------------------- built once, shared


def test_with_components_gives_the_bytes_of_the_calendar_holding_them(
    schedules: dict[str, Pair],
) -> None:
    schedule, inputs = schedules["tour"]
    events = [ical.event(s, inputs, "ru", schedule.generated_at) for s in schedule.screenings]
    zones = ical.timezones(
        (inputs.halls[(s.venue, s.hall)].tz for s in schedule.screenings), inputs
    )
    assert len(zones) > 1 and any(len(e.to_ical()) > 1000 for e in events)  # folded lines, too
    whole = ical.head(inputs, "ru", "Москва", "feeds/city/moscow.ics")
    for component in (*zones, *events):
        whole.add_component(component)

    made = ical.with_components(
        ical.head(inputs, "ru", "Москва", "feeds/city/moscow.ics"),
        [c.to_ical() for c in (*zones, *events)],
    )

    assert made == whole.to_ical()
    with pytest.raises(ValueError, match="already holds components"):
        ical.with_components(whole, [])


def test_shared_values_give_the_bytes_of_values_encoded_for_each_event(
    schedules: dict[str, Pair],
) -> None:
    for schedule, inputs in schedules.values():
        for lang in ("ru", "en", "zh"):
            shared = ical.Shared()
            stamp = schedule.generated_at
            for s in (*schedule.screenings, *schedule.screenings):  # the second time, all shared
                alone = ical.event(s, inputs, lang, stamp).to_ical()
                assert ical.event(s, inputs, lang, stamp, shared).to_ical() == alone, s.id


def test_shared_reuses_an_equal_value_and_keeps_unequal_ones_apart() -> None:
    from icalendar import Calendar, Event

    shared = ical.Shared()
    first, again, signed, other, later = Event(), Event(), Event(), Event(), Event()
    calendar = Calendar()
    shared.add(first, "geo", (0.0, 1.5))
    shared.add(first, "organizer", "mailto:a@example.org", {"CN": "A"})
    shared.add(again, "geo", (0.0, 1.5))
    shared.add(again, "organizer", "mailto:a@example.org", {"CN": "A"})
    shared.add(signed, "geo", (-0.0, 1.5))
    shared.add(other, "organizer", "mailto:a@example.org", {"CN": "B"})
    shared.add(first, "categories", ["Москва"])
    shared.add(first, "categories", ["18+"])  # a second value: the property becomes a list
    shared.add(later, "categories", ["18+"])
    shared.add(calendar, "url", "https://example.org/")
    shared.add(other, "url", "https://example.org/")

    assert again["geo"] is first["geo"] and again["organizer"] is first["organizer"]
    assert again.to_ical() == (
        b"BEGIN:VEVENT\r\nGEO:0.0;1.5\r\nORGANIZER;CN=A:mailto:a@example.org\r\nEND:VEVENT\r\n"
    )
    assert signed.to_ical() == b"BEGIN:VEVENT\r\nGEO:-0.0;1.5\r\nEND:VEVENT\r\n"
    assert b"ORGANIZER;CN=B:mailto:a@example.org\r\n" in other.to_ical()
    assert "CATEGORIES:Москва\r\nCATEGORIES:18+\r\n" in first.to_ical().decode()
    assert later.to_ical() == b"BEGIN:VEVENT\r\nCATEGORIES:18+\r\nEND:VEVENT\r\n"
    assert other["url"] is not calendar["url"]


def test_a_carried_screening_joins_the_feed_once_in_time_order(schedules: dict[str, Pair]) -> None:
    schedule, inputs = schedules["tour"]
    path = urls.feed_path("film", schedule.screenings[0].film)
    held = [s for s in schedule.screenings if s.film == schedule.screenings[0].film]
    other = next(
        s
        for s in schedule.screenings
        if s.film != held[0].film and inputs.halls[(s.venue, s.hall)].tz != "Europe/Moscow"
    )
    carried = {path: frozenset({other.id, held[0].id, "no-such-screening"})}

    data = ical.feeds(schedule, inputs, "ru", carried)[path]

    events = events_of(unfold(data))
    uids = [next(ln[4:] for ln in e if ln.startswith("UID:")).split(".")[0] for e in events]
    keep = sorted([*held, other], key=lambda s: (s.start_utc, s.id))
    assert uids == [s.id for s in keep]
    tz = inputs.halls[(other.venue, other.hall)].tz
    assert f"TZID:{tz}" in unfold(data)
    assert data == ical.feeds(schedule, inputs, "ru", {path: frozenset({other.id})})[path]


# ---------------------------------------------------------------------------------- differential


def expected_rows(screenings: list[Screening]) -> set[Row]:
    return {(s.id, s.start_utc, s.end_utc, "CONFIRMED") for s in screenings}


def by_icalendar(data: bytes) -> set[Row]:
    import icalendar

    cal = icalendar.Calendar.from_ical(data)
    return {
        (
            str(e["UID"]).split(".")[0],
            e.decoded("DTSTART").astimezone(dt.UTC),
            e.decoded("DTEND").astimezone(dt.UTC),
            str(e["STATUS"]),
        )
        for e in cal.walk("VEVENT")
    }


def by_ics(data: bytes) -> set[Row]:
    import ics  # type: ignore[import-untyped]

    # ics's grammar (TatSu) calls colorama.init() on every line it parses when colorama is
    # installed (mkdocs-material brings it): each call wraps stdout and stderr once more, until
    # isatty recurses. Put the streams back after parsing.
    streams = sys.stdout, sys.stderr
    try:
        cal = ics.Calendar(data.decode("utf-8"))
    finally:
        sys.stdout, sys.stderr = streams
    return {
        (
            e.uid.split(".")[0],
            e.begin.datetime.astimezone(dt.UTC),
            e.end.datetime.astimezone(dt.UTC),
            str(e.status),
        )
        for e in cal.events
    }


def by_ha_ical(data: bytes) -> set[Row]:
    from ical.calendar_stream import IcsCalendarStream

    def utc(moment: dt.date | None) -> dt.datetime:
        assert isinstance(moment, dt.datetime), moment  # every event has a time, not a day
        return moment.astimezone(dt.UTC)

    cal = IcsCalendarStream.calendar_from_ics(data.decode("utf-8"))
    rows: set[Row] = set()
    for e in cal.events:
        assert e.status is not None, e.uid
        rows.add((str(e.uid).split(".")[0], utc(e.dtstart), utc(e.dtend), str(e.status.value)))
    return rows


def by_vobject(data: bytes) -> set[Row]:
    import vobject

    cal = vobject.readOne(data.decode("utf-8"))
    return {
        (
            e.uid.value.split(".")[0],
            e.dtstart.value.astimezone(dt.UTC),
            e.dtend.value.astimezone(dt.UTC),
            e.status.value,
        )
        for e in getattr(cal, "vevent_list", [])
    }


@pytest.mark.parametrize("parser", [by_icalendar, by_ics, by_ha_ical, by_vobject])
def test_independent_parsers_agree_on_every_feed(
    feeds: list[Feed], parser: Callable[[bytes], set[Row]]
) -> None:
    for _, path, data, expected in feeds:
        rows = parser(data)
        assert rows == expected_rows(expected), path
