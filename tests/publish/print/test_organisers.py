"""The organisers' PDF: print traffic and guest itineraries of the tour, read back with pypdfium2."""

from __future__ import annotations

import pytest

from festival.domain import Schedule, Screening
from festival.inputs import Inputs
from festival.publish import print as printed
from festival.publish import publication, urls
from festival.publish.dates import short_day, utc_offset
from festival.publish.print import organisers
from tests.publish.print.test_print import A4, _pages, _sizes, _squash

Planned = tuple[Schedule, Inputs]


@pytest.fixture(scope="module")
def sheets(schedules: dict[str, Planned]) -> bytes:
    return printed.organisers_sheets(*schedules["tour"])


def _hours(a: float) -> str:
    return f"{round(a, 1):g}"


def _when(s: Screening, inputs: Inputs) -> str:
    info = inputs.halls[(s.venue, s.hall)]
    day = short_day(s.start_local.date(), "ru")
    return f"{day} · {s.start_local:%H:%M} · {info.venue.name.ru} · {info.hall.name.ru}"


def _guest_pages(schedule: Schedule, inputs: Inputs, pages: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for g in schedule.guests:
        name = inputs.guests[g.guest].name.ru
        hits = [i for i, p in enumerate(pages) if f"Гость: {name}" in p]
        assert len(hits) == 1, g.guest
        found[g.guest] = hits[0]
    return found


# --------------------------------------------------------------------------------------------------


def test_hours_are_printed_with_one_decimal_at_most() -> None:
    assert [organisers.hours(h) for h in (24.0, 4.5, 13.36, 0.04)] == ["24", "4.5", "13.4", "0"]


def test_written_for_every_schedule_and_opens_with_the_programmers_report(
    schedules: dict[str, Planned],
) -> None:
    may = schedules["may"]
    assert not may[0].copies and not may[0].guests
    pdf = printed.booklets(*may)[urls.ORGANISERS_PDF]
    pages = _pages(pdf)
    first = _squash(pages[0])
    assert "Отчёт о программе" in pages[0] and "Движение копий" not in "".join(pages)
    assert _squash(f"Сеансов {len(may[0].screenings)}") in first
    # the charts are drawn in the PDF's fonts (SVG text, not pictures of text)
    assert "Сеансов в день" in "".join(pages)


def test_a4_portrait_with_a_page_per_guest_at_the_end(
    schedules: dict[str, Planned], sheets: bytes
) -> None:
    schedule, inputs = schedules["tour"]
    pages = _pages(sheets)
    sizes = _sizes(sheets)
    assert set(sizes) == {A4}
    where = _guest_pages(schedule, inputs, pages)
    assert list(where.values()) == list(range(len(pages) - len(schedule.guests), len(pages)))
    assert "Для организаторов" in pages[0] and "Отчёт о программе" in pages[0]
    assert any("Движение копий" in p for p in pages[1:])
    assert all("Служебный документ, не для публикации." in p for p in pages)


def test_print_traffic_has_every_stay_in_travel_order(
    schedules: dict[str, Planned], sheets: bytes
) -> None:
    schedule, inputs = schedules["tour"]
    by_id = {s.id: s for s in schedule.screenings}
    pages = _pages(sheets)
    traffic = _squash("".join(pages[: len(pages) - len(schedule.guests)]))
    ingest = inputs.venues.logistics.ingest_hours
    position = 0
    for film in inputs.programme.films:
        copies = sorted(
            (c for c in schedule.copies if c.film == film.id), key=lambda c: c.copy_number
        )
        if not copies:
            continue
        t = film.title
        position = traffic.index(_squash(f"{t.ru} · {t.zh} · {t.en}"), position)
        for c in copies:
            position = traffic.index(_squash(f"Копия {c.copy_number}"), position)
            previous = None
            for n, stay in enumerate(c.stays, start=1):
                city = inputs.cities[stay.city].name.ru
                position = traffic.index(_squash(f"{n} {city}"), position)
                shows = sorted((by_id[i] for i in stay.screenings), key=lambda s: s.start_utc)
                for s in shows:
                    position = traffic.index(_squash(_when(s, inputs)), position)
                if previous is None:
                    leg = "первая точка"
                else:
                    transit = inputs.transit_hours(previous[0], stay.city)
                    window = (shows[0].start_utc - previous[1].end_utc).total_seconds() / 3600
                    leg = (
                        f"из города {inputs.cities[previous[0]].name.ru} "
                        f"{_hours(transit)} ч в пути + {_hours(ingest)} ч загрузка "
                        f"запас {_hours(window)} ч"
                    )
                assert _squash(leg) in traffic[position : position + 400], (c.film, n)
                previous = (stay.city, shows[-1])
    assert traffic.count(_squash("первая точка")) == len(schedule.copies)


def _flags(schedule: Schedule, inputs: Inputs) -> list[tuple[str, int, int, bool]]:
    """(film, copy, stay, flagged) of every leg as the organisers' PDF shows it."""
    data = organisers.organisers_data(schedule, inputs, "ru")
    return [
        (f["id"], c["number"], int(st["n"]), st["leg"]["short"])
        for f in data["traffic"]  # type: ignore[attr-defined]
        for c in f["copies"]
        for st in c["stays"]
        if st["leg"] is not None
    ]


def _with_ingest(inputs: Inputs, hours: float) -> Inputs:
    logistics = inputs.venues.logistics.model_copy(update={"ingest_hours": hours})
    venues = inputs.venues.model_copy(update={"logistics": logistics})
    return Inputs(venues, inputs.programme, inputs.venues_source, inputs.programme_source)


def test_a_window_shorter_than_the_leg_is_flagged(schedules: dict[str, Planned]) -> None:
    schedule, inputs = schedules["tour"]
    by_id = {s.id: s for s in schedule.screenings}
    ingest = inputs.venues.logistics.ingest_hours
    expected = []
    longest = 0.0
    for c in schedule.copies:
        for n, (before, stay) in enumerate(zip(c.stays, c.stays[1:], strict=False), start=2):
            end = max(by_id[i].end_utc for i in before.screenings)
            start = min(by_id[i].start_utc for i in stay.screenings)
            window = (start - end).total_seconds() / 3600
            longest = max(longest, window)
            short = window < inputs.transit_hours(before.city, stay.city) + ingest
            expected.append((c.film, c.copy_number, n, short))
    assert sorted(_flags(schedule, inputs)) == sorted(expected)
    # an ingest longer than every window flags every leg; with none, fewer legs are short
    slow = _flags(schedule, _with_ingest(inputs, longest + 1))
    assert [flag for *_, flag in slow] == [True] * len(expected)
    quick = _flags(schedule, _with_ingest(inputs, 0.0))
    assert sum(flag for *_, flag in quick) <= sum(flag for *_, flag in expected)


def test_guest_pages_list_appearances_and_travel(
    schedules: dict[str, Planned], sheets: bytes
) -> None:
    schedule, inputs = schedules["tour"]
    by_id = {s.id: s for s in schedule.screenings}
    pages = _pages(sheets)
    kinds = {"qa": "Q&A после фильма", "intro": "вступительное слово"}
    for itinerary in schedule.guests:
        guest = inputs.guests[itinerary.guest]
        page = _squash(pages[_guest_pages(schedule, inputs, pages)[itinerary.guest]])
        assert _squash(f"Гость: {guest.name.ru}") in page
        assert _squash(f"{guest.name.en} · {guest.name.zh}") in page
        assert _squash(f"Не больше в день {guest.max_per_day}") in page
        assert _squash(f"Выступлений {len(itinerary.screenings)}") in page
        shows = [by_id[i] for i in itinerary.screenings]
        assert shows == sorted(shows, key=lambda s: s.start_utc)
        position = 0
        travels = 0
        for before, s in zip([None, *shows], shows, strict=False):
            if before is not None and before.city != s.city:
                transit = inputs.transit_hours(before.city, s.city)
                gap = (s.start_utc - before.end_utc).total_seconds() / 3600
                line = (
                    f"Переезд: {inputs.cities[before.city].name.ru} → "
                    f"{inputs.cities[s.city].name.ru} · в пути {_hours(transit)} ч; "
                    f"между выступлениями {_hours(gap)} ч"
                )
                position = page.index(_squash(line), position)
                travels += 1
            info = inputs.halls[(s.venue, s.hall)]
            t = inputs.films[s.film].title
            local_offset = s.start_local.utcoffset()
            assert local_offset is not None
            offset = utc_offset(local_offset)
            row = (
                f"{short_day(s.start_local.date(), 'ru')} "
                f"{s.start_local:%H:%M}–{s.end_local:%H:%M} {offset} · {info.city.timezone} "
                f"{info.city.name.ru} {info.venue.name.ru} {info.hall.name.ru} "
                f"{t.ru} {t.zh} {t.en} {s.id} {kinds[s.guest_kind or 'qa']} {s.guest_minutes} мин"
            )
            position = page.index(_squash(row), position)
        assert page.count(_squash("Переезд:")) == travels


def test_english_layout(schedules: dict[str, Planned]) -> None:
    schedule, inputs = schedules["tour"]
    text = _squash("".join(_pages(printed.organisers_sheets(schedule, inputs, "en"))))
    for phrase in ("For organisers", "Print traffic", "Copy 1", "first stop", "Guest: Fang Li"):
        assert _squash(phrase) in text, phrase
    assert "Движение" not in text


def test_byte_identical_and_never_linked(schedules: dict[str, Planned], sheets: bytes) -> None:
    schedule, inputs = schedules["tour"]
    again = Schedule.model_validate_json(schedule.model_dump_json())
    assert printed.organisers_sheets(again, inputs) == sheets
    files = publication(schedule, inputs)
    assert files[urls.ORGANISERS_PDF] == sheets
    pages = {k: v.decode() for k, v in files.items() if k.endswith(".html")}
    assert pages and all("organisers" not in source for source in pages.values())
    assert (
        '<a href="print/moscow.pdf" type="application/pdf">Москва: программа (PDF)</a>'
        in pages["index.html"]
    )


def test_a_missing_glyph_fails_the_build(schedules: dict[str, Planned]) -> None:
    schedule, inputs = schedules["tour"]
    guest = inputs.venues.guests[0]
    odd = guest.model_copy(update={"name": guest.name.model_copy(update={"ru": "Фан \U00017000"})})
    venues = inputs.venues.model_copy(update={"guests": (odd, *inputs.venues.guests[1:])})
    broken = Inputs(venues, inputs.programme, inputs.venues_source, inputs.programme_source)
    with pytest.raises(
        printed.PrintError, match=r"^print/organisers\.pdf: cannot print without tofu: .*U\+17000"
    ):
        printed.organisers_sheets(schedule, broken)
