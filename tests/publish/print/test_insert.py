"""The printed changes insert of a re-plan, read back with pypdfium2 (and its QR code with zxing)."""

from __future__ import annotations

import datetime as dt
import re

import pypdfium2 as pdfium  # type: ignore[import-untyped]
import pytest
import zxingcpp

from festival.domain import Change, ChangeReport, Schedule, Screening
from festival.inputs import Inputs
from festival.publish import print as printed
from festival.publish import publication, urls
from festival.publish.dates import short_day
from festival.publish.phrases import Lang
from festival.publish.print import insert
from tests.publish.conftest import Replanned, first_shown, hand_report
from tests.publish.print.test_print import A4, A5, _pages, _sizes, _squash

Planned = tuple[Schedule, Inputs]


@pytest.fixture(scope="module")
def insert_pdf(replanned: Replanned) -> bytes:
    r = replanned
    return printed.changes_insert(r.schedule, r.inputs, r.report)


def _lines(pdf: bytes) -> list[str]:
    return [line.strip() for page in _pages(pdf) for line in page.splitlines() if line.strip()]


def _when_where(s: Screening, inputs: Inputs, lang: Lang = "ru") -> str:
    info = inputs.halls[(s.venue, s.hall)]
    venue, hall = getattr(info.venue.name, lang), getattr(info.hall.name, lang)
    return f"{short_day(s.start_local.date(), lang)} {s.start_local:%H:%M} {venue} · {hall}"


def _title_line(film: str, inputs: Inputs) -> str:
    t = inputs.films[film].title
    return f"{t.ru} · {t.zh} · {t.en}"


def _expected_lines(report: ChangeReport, inputs: Inputs) -> list[str]:
    """The insert's change lines: by city (venue-file order), kind, then first-published time."""
    kinds = {
        "cancelled": "Отменённые сеансы",
        "moved": "Перенесённые сеансы",
        "added": "Новые сеансы",
    }
    lines: list[str] = []
    for city in inputs.venues.cities:
        mine = [c for c in report.changes if first_shown(c).city == city.id]
        if not mine:
            continue
        lines += [
            f"{city.name.ru} {city.name.zh} · {city.name.en}",
            f"Всё время местное: {city.timezone}, UTC+3",
        ]
        for kind, heading in kinds.items():
            rows = [c for c in mine if c.kind == kind]
            rows.sort(key=lambda c: first_shown(c).start_utc)
            if rows:
                lines.append(f"{heading} ({len(rows)})")
            for c in rows:
                if kind == "cancelled":
                    assert c.before is not None
                    lines += [
                        f"ОТМЕНЁН {_title_line(c.film, inputs)}",
                        _when_where(c.before, inputs),
                    ]
                elif kind == "moved":
                    assert c.before is not None and c.after is not None
                    lines += [
                        _title_line(c.film, inputs),
                        f"БЫЛО {_when_where(c.before, inputs)}",
                        f"СТАЛО {_when_where(c.after, inputs)}",
                    ]
                else:
                    assert c.after is not None
                    lines += [_title_line(c.film, inputs), _when_where(c.after, inputs)]
    return lines


def _body(lines: list[str]) -> list[str]:
    """The lines without the running footer ("… · Изменения в программе 1 / 2")."""
    return [line for line in lines if not re.search(r" \d+ / \d+$", line)]


def _contains_run(lines: list[str], run: list[str]) -> bool:
    return any(lines[i : i + len(run)] == run for i in range(len(lines) - len(run) + 1))


# --------------------------------------------------------------------------------------------------


def test_insert_only_with_a_report(replanned: Replanned) -> None:
    r = replanned
    without = printed.booklets(r.schedule, r.inputs)
    assert urls.CHANGES_INSERT not in without
    with_report = printed.booklets(r.schedule, r.inputs, report=r.report)
    assert sorted(set(with_report) - set(without)) == [urls.CHANGES_INSERT]
    assert set(_sizes(with_report[urls.CHANGES_INSERT])) == {A5}
    a4 = printed.booklets(r.schedule, r.inputs, "ru", "a4", r.report)[urls.CHANGES_INSERT]
    assert set(_sizes(a4)) == {A4}


def test_insert_title_counts_and_revision(replanned: Replanned, insert_pdf: bytes) -> None:
    lines = _lines(insert_pdf)
    assert lines[:4] == [
        "Изменения в программе",
        "节目变更",
        "Programme changes",
        "Фестиваль китайского кино 2025 · 13–17 мая 2025",
    ]
    text = _squash("".join(_pages(insert_pdf)))
    assert _squash("Редакция 2 вместо редакции 1, опубликована 2025-05-02 08:00 UTC.") in text
    moved = replanned.report.moved
    assert _squash(f"40 Было объявлено сеансов 5 Отменено {moved} Перенесено 1 Добавлено") in text
    assert _squash("Все изменения на сайте: https://cffr.example.org/2025/changes.html") in text


def test_insert_lists_every_change_by_city_in_local_time(
    replanned: Replanned, insert_pdf: bytes
) -> None:
    expected = _expected_lines(replanned.report, replanned.inputs)
    moved = replanned.report.moved  # all in Moscow, where the hall was withdrawn
    assert len(expected) == 2 + 1 + 5 * 2 + 1 + moved * 3 + 2 + 1 + 2  # Moscow, then Kazan
    assert _contains_run(_body(_lines(insert_pdf)), expected)
    assert "".join(_pages(insert_pdf)).count("ОТМЕНЁН") == replanned.report.cancelled


def test_insert_in_english_puts_english_first(replanned: Replanned) -> None:
    r = replanned
    pdf = printed.changes_insert(r.schedule, r.inputs, r.report, "en", "a4")
    lines = _lines(pdf)
    assert lines[:3] == ["Programme changes", "Изменения в программе", "节目变更"]
    assert "Cancelled screenings (5)" in lines
    assert f"Moved screenings ({r.report.moved})" in lines
    assert "All times local: Europe/Moscow, UTC+3" in lines
    assert "".join(_pages(pdf)).count("CANCELLED") == 5


def test_insert_qr_code_opens_the_changes_page(insert_pdf: bytes) -> None:
    doc = pdfium.PdfDocument(insert_pdf)
    try:
        image = doc[0].render(scale=3, grayscale=True).to_numpy()
    finally:
        doc.close()
    found = [r.text for r in zxingcpp.read_barcodes(image)]
    assert found == ["https://cffr.example.org/2025/changes.html"]


def test_insert_is_byte_identical_and_published(replanned: Replanned, insert_pdf: bytes) -> None:
    r = replanned
    again = Schedule.model_validate_json(r.schedule.model_dump_json())
    report = ChangeReport.model_validate_json(r.report.model_dump_json())
    assert printed.changes_insert(again, r.inputs, report) == insert_pdf
    files = publication(r.schedule, r.inputs, "ru", "a5", r.report)
    assert files[urls.CHANGES_INSERT] == insert_pdf


def test_insert_groups_cities_each_in_its_own_zone(schedules: dict[str, Planned]) -> None:
    """A hand-made report over the tour: Vladivostok times stay local (UTC+10)."""
    schedule, inputs = schedules["tour"]
    vlad = next(s for s in schedule.screenings if s.city == "vladivostok")
    moscow = next(s for s in schedule.screenings if s.city == "moscow")
    later = moscow.model_copy(
        update={
            k: getattr(moscow, k) + dt.timedelta(hours=2)
            for k in ("start_local", "end_local", "start_utc", "end_utc")
        }
    )
    report = hand_report(
        schedule,
        Change(kind="cancelled", screening=vlad.id, film=vlad.film, before=vlad, after=None),
        Change(kind="moved", screening=moscow.id, film=moscow.film, before=moscow, after=later),
    )
    data = insert.insert_data(schedule, inputs, report, "ru", "a5")
    assert [c["id"] for c in data["cities"]] == ["moscow", "vladivostok"]  # type: ignore[attr-defined]
    lines = _lines(printed.changes_insert(schedule, inputs, report))
    assert "Всё время местное: Asia/Vladivostok, UTC+10" in lines
    assert _when_where(vlad, inputs) in lines
    assert f"БЫЛО {_when_where(moscow, inputs)}" in lines
    assert f"СТАЛО {_when_where(later, inputs)}" in lines
    assert lines.index("Владивосток 符拉迪沃斯托克 · Vladivostok") > lines.index(
        f"СТАЛО {_when_where(later, inputs)}"
    )


def test_insert_shows_a_guest_change_before_and_after(schedules: dict[str, Planned]) -> None:
    """A screening kept in place with another guest: its line, then the appearance was → now."""
    schedule, inputs = schedules["tour"]
    hosted = next(s for s in schedule.screenings if s.guest is not None and s.guest_kind == "qa")
    other = next(g for g in inputs.venues.guests if g.id != hosted.guest)
    swapped = hosted.model_copy(update={"guest": other.id})
    report = hand_report(
        schedule,
        Change(kind="changed", screening=hosted.id, film=hosted.film, before=hosted, after=swapped),
    )
    data = insert.insert_data(schedule, inputs, report, "ru", "a5")
    counts = [(c["kind"], c["n"]) for c in data["counts"]]  # type: ignore[attr-defined]
    assert counts == [
        ("published", str(len(schedule.screenings))),
        ("cancelled", "0"),
        ("moved", "0"),
        ("changed", "1"),
        ("added", "0"),
    ]
    text = _squash(" ".join(_lines(printed.changes_insert(schedule, inputs, report))))
    was = f"Q&A · гость: {inputs.guests[hosted.guest or ''].name.ru}"
    now = f"Q&A · гость: {other.name.ru}"
    heading = "Сеансы с другим гостем или без гостя (1)"
    expected = f"{heading}{_title_line(hosted.film, inputs)}{_when_where(hosted, inputs)}"
    assert _squash(f"{expected}БЫЛО {was} СТАЛО {now}") in text
