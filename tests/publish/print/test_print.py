"""Printed programmes: city booklets and venue wall grids, read back with pypdfium2 and fontTools."""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
import unicodedata
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pypdfium2 as pdfium  # type: ignore[import-untyped]
import pytest
import zxingcpp
from fontTools.ttLib import TTFont
from typer.testing import CliRunner

from festival.cli import app
from festival.domain import Schedule, Screening
from festival.inputs import Inputs
from festival.publish import ical, publication, urls
from festival.publish import print as printed
from festival.publish.dates import day_label, hhmm
from festival.publish.phrases import (
    COUNTRY_NAMES,
    LANGS,
    LANGUAGE_NAMES,
    MONTHS,
    PHRASES,
    WEEKDAYS,
    WEEKDAYS_SHORT,
    Lang,
)
from festival.publish.print import collate, document, fonts, views
from tests.conftest import public, write_plan
from tests.publish.conftest import Replanned

Planned = tuple[Schedule, Inputs]
A5 = (419.53, 595.28)
A4 = (595.28, 841.89)
A3_LANDSCAPE = (1190.55, 841.89)


def _squash(text: str) -> str:
    """Text as compared: NFKC, without whitespace (extraction splits lines and spaces CJK from
    Latin) and without hyphens (pdfium turns a hyphen that ends a line into U+FFFE)."""
    return re.sub(r"[\s\-\ufffe\u00ad]+", "", unicodedata.normalize("NFKC", text))


def _pages(pdf: bytes) -> list[str]:
    doc = pdfium.PdfDocument(pdf)
    try:
        return [doc[i].get_textpage().get_text_range() for i in range(len(doc))]
    finally:
        doc.close()


def _sizes(pdf: bytes) -> list[tuple[float, float]]:
    doc = pdfium.PdfDocument(pdf)
    try:
        sizes: list[tuple[float, float]] = []
        for i in range(len(doc)):
            width, height = doc[i].get_size()
            sizes.append((round(width, 2), round(height, 2)))
        return sizes
    finally:
        doc.close()


@pytest.fixture(scope="module")
def printed_files(schedules: dict[str, Planned]) -> dict[str, dict[str, bytes]]:
    """Every PDF of both examples, Russian layout, A5 booklets."""
    return {name: printed.booklets(*pair) for name, pair in schedules.items()}


# ------------------------------------------------------------------------------------------ fonts


def _cmap(path: Path, number: int = -1) -> set[int]:
    font = TTFont(path, fontNumber=number, lazy=True)
    try:
        return set(font.getBestCmap())
    finally:
        font.close()


def _all_strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _all_strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _all_strings(item)


def test_fonts_cover_every_character_of_the_data_and_layout(schedules: dict[str, Planned]) -> None:
    have = _cmap(fonts.latin_file()) | _cmap(fonts.cjk_file(), fonts.CJK_FACE)
    texts: list[str] = []
    for _, inputs in schedules.values():
        texts += _all_strings(inputs.venues.model_dump(mode="json"))
        texts += _all_strings(inputs.programme.model_dump(mode="json"))
    # every label (the templates get all of them), month, weekday, country and language name
    book = [*PHRASES.values(), *MONTHS, *WEEKDAYS, *WEEKDAYS_SHORT]
    book += [*COUNTRY_NAMES.values(), *LANGUAGE_NAMES.values()]
    texts += [getattr(t, lang) for t in book for lang in LANGS]
    texts += [t.read_text(encoding="utf-8") for t in sorted(printed.TEMPLATES.glob("*.typ"))]
    missing = sorted(
        {c for t in texts for c in t if ord(c) not in have and c not in fonts.IGNORED},
    )
    assert missing == []


def test_the_glyph_check_knows_every_character_of_the_fonts() -> None:
    have = _cmap(fonts.latin_file()) | _cmap(fonts.cjk_file(), fonts.CJK_FACE)
    assert fonts.coverage() == frozenset(chr(c) for c in have)


def test_bundled_fonts_are_the_pinned_ofl_noto_versions() -> None:
    latin = TTFont(fonts.latin_file(), lazy=True)
    cjk = TTFont(fonts.cjk_file(), fontNumber=fonts.CJK_FACE, lazy=True)
    assert latin["name"].getDebugName(1) == "Noto Sans"
    assert latin["name"].getDebugName(5) == "Version 2.015"
    assert cjk["name"].getDebugName(1) == "Noto Sans CJK SC"
    assert cjk["name"].getDebugName(5).startswith("Version 2.004;")
    assert "fvar" in latin and "fvar" in cjk  # variable: bold and black weights are real
    assert "Open Font License" in latin["name"].getDebugName(13)


def test_missing_glyph_fails_the_build(schedules: dict[str, Planned]) -> None:
    schedule, inputs = schedules["may"]
    film = inputs.programme.films[0]
    odd = film.model_copy(
        update={"title": film.title.model_copy(update={"en": "Red \U00017000 Silk"})}
    )
    programme = inputs.programme.model_copy(update={"films": (odd, *inputs.programme.films[1:])})
    broken = Inputs(inputs.venues, programme, inputs.venues_source, inputs.programme_source)
    city = next(s.city for s in schedule.screenings if s.film == film.id)
    with pytest.raises(printed.PrintError, match=r"no glyph for '\U00017000' \(U\+17000\)"):
        printed.booklet(schedule, broken, city)


def test_typst_warning_fails_the_build(tmp_path: Path) -> None:
    template = tmp_path / "warns.typ"
    template.write_text('#text(font: "No Such Font")[x]\n', encoding="utf-8")
    with pytest.raises(
        printed.PrintError, match=r"Typst warned.*unknown font family: no such font"
    ):
        printed.compile_document("warns.pdf", template, {}, 0)


def test_typst_error_fails_the_build(tmp_path: Path) -> None:
    template = tmp_path / "fails.typ"
    template.write_text(
        "#let data = json(bytes(sys.inputs.data))\n#data.nothing\n", encoding="utf-8"
    )
    with pytest.raises(printed.PrintError, match="Typst failed: dictionary does not contain key"):
        printed.compile_document("fails.pdf", template, {}, 0)


# ------------------------------------------------------------------------------------------ booklets


def _listing_pattern(s: Screening, inputs: Inputs) -> re.Pattern[str]:
    title = inputs.films[s.film].title
    when = _squash(f"{hhmm(s.start_local)}–{hhmm(s.end_local)}")
    titles = _squash(title.ru + title.zh + title.en)
    return re.compile(re.escape(when) + r".{0,120}?" + re.escape(titles))


@pytest.mark.parametrize("example", ["may", "tour"])
def test_booklet_text_has_every_screening_time_and_three_titles(
    example: str, schedules: dict[str, Planned], printed_files: dict[str, dict[str, bytes]]
) -> None:
    schedule, inputs = schedules[example]
    for city in inputs.venues.cities:
        mine = [s for s in schedule.screenings if s.city == city.id]
        text = _squash("".join(_pages(printed_files[example][f"print/{city.id}.pdf"])))
        absent = [s.id for s in mine if not _listing_pattern(s, inputs).search(text)]
        assert absent == [], city.id
        assert _squash(city.name.ru) in text and _squash(city.name.zh) in text
        assert _squash("лиц младше 18 лет не допускают, на входе могут попросить документ") in text


@pytest.mark.parametrize("example", ["may", "tour"])
def test_a5_booklets_pad_to_a_multiple_of_four(
    example: str, printed_files: dict[str, dict[str, bytes]]
) -> None:
    booklets = {
        k: v
        for k, v in printed_files[example].items()
        if not k.endswith("-grid.pdf") and k != urls.ORGANISERS_PDF
    }
    assert booklets
    for path, pdf in booklets.items():
        sizes = _sizes(pdf)
        assert len(sizes) % 4 == 0, (path, len(sizes))
        assert set(sizes) == {A5}, path


@pytest.mark.parametrize("example", ["may", "tour"])
def test_wall_grids_are_a3_landscape_with_a_page_per_day_the_venue_is_used(
    example: str, schedules: dict[str, Planned], printed_files: dict[str, dict[str, bytes]]
) -> None:
    """A page for each day the venue has screenings, none for the others (the tour's grids
    printed 48 pages of 70 saying nothing played)."""
    schedule, inputs = schedules[example]
    venues = sorted({s.venue for s in schedule.screenings})
    grids = sorted(k for k in printed_files[example] if k.endswith("-grid.pdf"))
    assert grids == sorted(f"print/{v}-grid.pdf" for v in venues)
    idle = 0
    for venue in venues:
        pdf = printed_files[example][f"print/{venue}-grid.pdf"]
        used = sorted({s.festival_day for s in schedule.screenings if s.venue == venue})
        idle += len(inputs.days) - len(used)
        assert _sizes(pdf) == [A3_LANDSCAPE] * len(used)
        pages = [_squash(p) for p in _pages(pdf)]
        for day, page in zip(used, pages, strict=True):
            assert _squash(day_label(day, "ru")) in page
            todays = [s for s in schedule.screenings if s.venue == venue and s.festival_day == day]
            assert [s.id for s in todays if not _listing_pattern(s, inputs).search(page)] == []
    if example == "tour":
        assert idle > 0  # some venue idles on some day: the case is tested


def test_every_font_is_embedded_and_bundled(printed_files: dict[str, dict[str, bytes]]) -> None:
    for files in printed_files.values():
        for path, pdf in files.items():
            descriptors = len(re.findall(rb"/Type\s*/FontDescriptor", pdf))
            embedded = len(re.findall(rb"/FontFile[23]?\s", pdf))
            names = set(re.findall(rb"/FontName\s*/[A-Z]{6}\+([A-Za-z-]+)", pdf))
            assert descriptors > 0 and embedded == descriptors, path
            assert names <= {
                b"NotoSans-Regular",
                b"NotoSans-Italic",
                b"NotoSansCJKsc-Thin",  # the variable CJK font's default instance name
            }, (path, names)


def test_same_schedule_gives_identical_bytes(
    schedules: dict[str, Planned], printed_files: dict[str, dict[str, bytes]]
) -> None:
    schedule, inputs = schedules["tour"]
    assert (
        printed.booklet(schedule, inputs, "vladivostok")
        == printed_files["tour"]["print/vladivostok.pdf"]
    )
    assert (
        printed.wall_grid(schedule, inputs, "okean")
        == printed_files["tour"]["print/okean-grid.pdf"]
    )


def test_identical_bytes_in_a_fresh_process(
    schedules: dict[str, Planned], printed_files: dict[str, dict[str, bytes]], tmp_path: Path
) -> None:
    folder = write_plan(*schedules["may"], tmp_path / "out")
    code = (
        "import hashlib, sys; from pathlib import Path; from festival.release import read; "
        "from festival.publish.print import booklet; "
        "r = read(Path(sys.argv[1])); s, i = r.schedule, r.inputs; "
        "print(hashlib.sha256(booklet(s, i, 'kazan')).hexdigest())"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(folder)], capture_output=True, text=True, check=True
    )
    assert (
        done.stdout.strip() == hashlib.sha256(printed_files["may"]["print/kazan.pdf"]).hexdigest()
    )


def test_a4_and_english_layout(schedules: dict[str, Planned]) -> None:
    schedule, inputs = schedules["tour"]
    pdf = printed.booklet(schedule, inputs, "novosibirsk", "en", "a4")
    sizes = _sizes(pdf)
    text = _squash("".join(_pages(pdf)))
    assert set(sizes) == {A4} and len(sizes) % 2 == 0
    assert _squash("All times local: Asia/Novosibirsk, UTC+7") in text
    assert _squash("Programme by day") in text and _squash("Программа по дням") not in text
    # the legend says what 18+ means at the door (93-FZ)
    assert _squash("no one under 18 is admitted, and ID may be asked for at the door") in text


def test_booklet_sections_and_index_page_numbers(
    schedules: dict[str, Planned], printed_files: dict[str, dict[str, bytes]]
) -> None:
    schedule, inputs = schedules["tour"]
    pages = _pages(printed_files["tour"]["print/novosibirsk.pdf"])
    squashed = [_squash(p) for p in pages]
    for heading in (
        "Содержание",
        "Как читать программу",
        "Программа по дням",
        "Сетка дня",
        "Фильмы",
        "Фильмы по русским названиям",
        "Фильмы по оригинальным названиям",
        "Режиссёры",
        "Кинотеатры",
        "Всё время местное: Asia/Novosibirsk, UTC+7",
    ):
        assert any(_squash(heading) in p for p in squashed), heading
    films = {s.film for s in schedule.screenings if s.city == "novosibirsk"}
    for film in films:
        title = inputs.films[film].title
        # the film's own page: its titles, the QR caption, and a synopsis heading
        own = [
            i + 1
            for i, p in enumerate(squashed)
            if _squash("О фильме") in p and _squash(title.ru + title.zh + title.en) in p
        ]
        assert len(own) == 1, film
        index = next(p for p in squashed if _squash("Фильмы по русским названиям") in p)
        assert re.search(re.escape(_squash(title.ru)) + r".{0,80}?" + str(own[0]), index), film


@pytest.mark.parametrize(
    ("lang", "heading"), [("en", "Films by English title"), ("zh", "按中文片名（拼音）")]
)
def test_a_reader_finds_every_film_by_the_title_they_read(
    schedules: dict[str, Planned], lang: Lang, heading: str
) -> None:
    """The en booklet had no index by English title, and the zh one's pinyin index was of
    original titles: 红丝绸 (*Red Silk*, whose original title is Russian) was not in it."""
    schedule, inputs = schedules["tour"]
    city = next(s.city for s in schedule.screenings if s.film == "red-silk")
    assert collate.has_han(inputs.films["red-silk"].title.zh)
    assert not collate.has_han(inputs.films["red-silk"].title.original)
    pages = [_squash(p) for p in _pages(printed.booklet(schedule, inputs, city, lang))]
    index = "".join(
        p for p in pages[next(i for i, p in enumerate(pages) if _squash(heading) in p) :]
    )
    for film in {s.film for s in schedule.screenings if s.city == city}:
        title = _squash(getattr(inputs.films[film].title, lang))
        assert re.search(re.escape(title) + r".{0,300}?\d", index), (film, title)


def test_qr_codes_decode_to_the_film_feeds(
    schedules: dict[str, Planned], printed_files: dict[str, dict[str, bytes]]
) -> None:
    schedule, _ = schedules["tour"]
    base = schedule.festival.base_url
    doc = pdfium.PdfDocument(printed_files["tour"]["print/yekaterinburg.pdf"])
    try:
        found = []
        for i in range(len(doc)):
            image = doc[i].render(scale=3, grayscale=True).to_numpy()
            found += [r.text for r in zxingcpp.read_barcodes(image)]
    finally:
        doc.close()
    films = sorted({s.film for s in schedule.screenings if s.city == "yekaterinburg"})
    # each film page's code subscribes to that film's screenings in the booklet's city (it was
    # the all-cities feed: 16 events in 6 cities from the Moscow booklet)
    assert sorted(found) == sorted(
        [urls.absolute(base, urls.city_film_feed("yekaterinburg", f)) for f in films]
        + [urls.absolute(base, urls.city_page("yekaterinburg"))]
    )
    feeds = ical.feeds(*schedules["tour"], "ru")
    for f in films:
        feed = feeds[urls.city_film_feed("yekaterinburg", f)].decode()
        ids = {s.id for s in schedule.screenings if s.city == "yekaterinburg" and s.film == f}
        assert len(re.findall("^BEGIN:VEVENT", feed, flags=re.M)) == len(ids)
        assert all(f"UID:{i}." in feed for i in ids)


def test_qr_codes_are_made_once_per_url() -> None:
    url = "https://example.org/feeds/film/once.ics"
    first = views.qr_svg(url)
    assert views.qr_svg(url) is first
    assert first == views.qr_svg.__wrapped__(url)
    assert first.startswith('<svg xmlns="http://www.w3.org/2000/svg" width="116" height="116"')


def test_png_pages_for_looking_at(schedules: dict[str, Planned]) -> None:
    schedule, inputs = schedules["may"]
    city = inputs.cities["kazan"]
    data = document.booklet_data(schedule, inputs, city, "ru", "a5")
    pngs = printed.compile_document("kazan.png", printed.BOOKLET, data, 0, fmt="png", ppi=30)
    assert len(pngs) % 4 == 0
    assert all(p.startswith(b"\x89PNG\r\n\x1a\n") for p in pngs)


# ------------------------------------------------------------------------------------------ order


def test_russian_collation_files_yo_with_ye() -> None:
    words = ["Ёж", "Яблоко", "Ель", "Елка", "Ёлки", "Apple", "Жук", "1900", "Йод", "Иван"]
    assert sorted(words, key=collate.russian_key) == [
        "1900", "Ёж", "Елка", "Ёлки", "Ель", "Жук", "Иван", "Йод", "Яблоко", "Apple",
    ]  # fmt: skip


def test_original_titles_in_pinyin_order(schedules: dict[str, Planned]) -> None:
    _, inputs = schedules["tour"]
    originals = sorted((f.title.original for f in inputs.programme.films), key=collate.pinyin_key)
    assert originals == [
        "封神第二部：战火西岐",  # fēng
        "里斯本丸沉没",  # lǐ
        "唐探1900",  # táng
        "我和我的父辈",  # wǒ
        "无名",  # wú
        "Красный шёлк",  # not Chinese: after the Chinese titles
    ]
    assert collate.pinyin_reading("唐探1900") == "táng tàn 1900"


def test_directors_filed_by_surname() -> None:
    from festival.domain import Person

    assert document.index_name(Person(original="Андрей Волгин", ru="Андрей Волгин"), "ru") == (
        "Волгин, Андрей"
    )
    assert document.index_name(Person(original="陈思诚", ru="Чэнь Сычэн"), "ru") == "Чэнь Сычэн"
    assert document.index_name(Person(original="陈思诚", en="Chen Sicheng"), "zh") == "陈思诚"


# ------------------------------------------------------------------------------------------ publishing


def test_publication_includes_pdfs_and_the_web_links_them(schedules: dict[str, Planned]) -> None:
    schedule, inputs = schedules["may"]
    files = publication(schedule, inputs)
    pdfs = sorted(k for k in files if k.endswith(".pdf"))
    assert pdfs == sorted(
        [f"print/{c.id}.pdf" for c in inputs.venues.cities]
        + [f"print/{v}-grid.pdf" for v in {s.venue for s in schedule.screenings}]
        + [urls.ORGANISERS_PDF]
    )
    city_page = files["city/kazan.html"].decode("utf-8")
    assert (
        '<a href="../print/kazan.pdf" type="application/pdf">Казань: программа (PDF)</a>'
        in city_page
    )


def test_cli_publish_with_a4_paper(schedules: dict[str, Planned], tmp_path: Path) -> None:
    folder = write_plan(*schedules["may"], tmp_path / "out")
    assert set(_sizes((public(folder) / "print" / "kazan.pdf").read_bytes())) == {A5}
    result = CliRunner().invoke(app, ["publish", str(folder), "--paper", "a4"])
    assert result.exit_code == 0, result.output
    assert "published: revision 2" in result.output
    assert set(_sizes((public(folder) / "print" / "kazan.pdf").read_bytes())) == {A4}
    grid = public(folder) / "print" / "mir-kazan-grid.pdf"
    assert _sizes(grid.read_bytes()) == [A3_LANDSCAPE] * 5
    again = CliRunner().invoke(app, ["publish", str(folder), "--paper", "a4"])
    assert again.exit_code == 0 and again.output.startswith("nothing changed"), again.output
    bad = CliRunner().invoke(app, ["publish", str(folder), "--paper", "a3"])
    assert bad.exit_code == 2


# ------------------------------------------------------------------------------------------ re-plans


def test_booklets_mark_cancelled_screenings(replanned: Replanned) -> None:
    r = replanned
    files = printed.booklets(r.schedule, r.inputs)
    gone = [s for s in r.schedule.cancelled if s.city == "moscow"]
    assert len(gone) == 5
    moscow = _squash("".join(_pages(files["print/moscow.pdf"])))
    for s in gone:
        t = r.inputs.films[s.film].title
        row = f"{hhmm(s.start_local)}–{hhmm(s.end_local)}ОТМЕНЁН{t.ru}{t.zh}{t.en}"
        assert _squash(row) in moscow, s.id
    # each listing line, and the legend of marks (the withdrawn film has no page of its own)
    assert moscow.count("ОТМЕНЁН") == len(gone) + 1
    assert (
        _squash("ОТМЕНЁН сеанс отменён (оставлен в программе, чтобы сверить с прежней)") in moscow
    )
    for city in ("kazan", "st-petersburg"):
        assert "ОТМЕНЁН" not in "".join(_pages(files[f"print/{city}.pdf"]))


def test_cancelled_screenings_stay_out_of_day_grids(replanned: Replanned) -> None:
    r = replanned
    data = document.booklet_data(r.schedule, r.inputs, r.inputs.cities["moscow"], "ru", "a5")
    listed: list[str] = []
    drawn: list[str] = []
    for day in data["days"]:  # type: ignore[attr-defined]
        listed += [s["id"] for v in day["venues"] for s in v["shows"]]
        drawn += [b["id"] for g in day["grid"] for b in g["blocks"]]
    mine = [s.id for s in r.schedule.screenings if s.city == "moscow"]
    gone = [s.id for s in r.schedule.cancelled if s.city == "moscow"]
    assert sorted(drawn) == sorted(mine)
    assert sorted(listed) == sorted(mine + gone)
    assert data["example"]["cancelled"] is False  # type: ignore[index]
    assert data["cancelled"] is True


# ------------------------------------------------------------------------------------------ in parallel


def test_booklets_in_parallel_give_the_bytes_of_one_after_the_other(
    schedules: dict[str, Planned], printed_files: dict[str, dict[str, bytes]]
) -> None:
    schedule, inputs = schedules["tour"]
    serial = printed.booklets(schedule, inputs, workers=1)
    parallel = printed.booklets(schedule, inputs, workers=3)
    assert list(parallel) == list(serial)  # the same documents in the same order
    assert parallel == serial
    assert serial == printed_files["tour"]  # and the default (one per core, up to WORKERS)


def test_the_callers_other_work_runs_once_while_the_documents_compile(
    schedules: dict[str, Planned], monkeypatch: pytest.MonkeyPatch
) -> None:
    """``meanwhile`` (the rest of a publication) runs once, before any PDF is awaited; if it
    fails, its error is said and the compiles still running are stopped."""
    schedule, inputs = schedules["may"]
    paths = printed.printed_paths(schedule, inputs)
    seen: list[int] = []
    files = printed.booklets(schedule, inputs, workers=2, meanwhile=lambda: seen.append(1))
    assert seen == [1] and list(files) == paths
    stopped: list[bool] = []
    stop = printed._Children.stop

    def spied(self: printed._Children) -> None:
        stopped.append(True)
        stop(self)

    monkeypatch.setattr(printed._Children, "stop", spied)

    def fails() -> None:
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        printed.booklets(schedule, inputs, workers=2, meanwhile=fails)
    assert stopped == [True]


def test_the_first_document_to_fail_is_said_whatever_the_workers(
    schedules: dict[str, Planned], tmp_path: Path
) -> None:
    failing = tmp_path / "fails.typ"
    failing.write_text("#let data = json(bytes(sys.inputs.data))\n#data.nothing\n", "utf-8")

    def unprintable() -> dict[str, object]:
        raise printed.PrintError("print/later.pdf: cannot print without tofu")

    schedule, inputs = schedules["may"]
    wall = partial(document.wall_data, schedule, inputs, inputs.venues.venues[0], "ru")
    docs = [
        printed._Document("print/grid.pdf", printed.WALL, wall),
        printed._Document("print/fails.pdf", str(failing), dict),
        # made first, but failing after a document before it fails: that one is said
        printed._Document("print/later.pdf", printed.WALL, unprintable, early=(-1, 0)),
    ]
    said = []
    for workers in (1, 2):
        with pytest.raises(printed.PrintError) as raised:
            printed._compile_all(docs, 0, workers)
        said.append(str(raised.value))
    assert said[0] == said[1]
    assert said[0].startswith("print/fails.pdf: Typst failed: dictionary does not contain key")
    with pytest.raises(printed.PrintError, match=r"^print/later\.pdf: cannot print without tofu$"):
        printed._compile_all([docs[0], docs[2]], 0, 2)


def test_a_name_clash_is_the_same_error_whatever_the_workers(
    schedules: dict[str, Planned],
) -> None:
    schedule, inputs = schedules["may"]
    # Kazan renamed so that its booklet is named like its venue's wall grid
    renamed = "mir-kazan-grid"
    venues = inputs.venues.model_copy(
        update={
            "cities": tuple(
                c.model_copy(update={"id": renamed}) if c.id == "kazan" else c
                for c in inputs.venues.cities
            ),
            "venues": tuple(
                v.model_copy(update={"city": renamed}) if v.city == "kazan" else v
                for v in inputs.venues.venues
            ),
        }
    )
    clashing = Inputs(venues, inputs.programme, inputs.venues_source, inputs.programme_source)
    moved = schedule.model_copy(
        update={
            "screenings": tuple(
                s.model_copy(update={"city": renamed}) if s.city == "kazan" else s
                for s in schedule.screenings
            )
        }
    )
    for workers in (1, 2):
        with pytest.raises(printed.PrintError) as raised:
            printed.booklets(moved, clashing, workers=workers)
        assert str(raised.value) == (
            "print/mir-kazan-grid.pdf: venue 'mir-kazan' clashes with a city's booklet name"
        )
