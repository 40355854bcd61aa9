"""Sorting names for the booklets' indexes (``festival.publish.print.collate``)."""

from __future__ import annotations

from festival.load import load
from festival.publish.print.collate import _read_units, _units
from tests.conftest import EXAMPLES


def test_text_without_chinese_sorts_the_same_without_pypinyin() -> None:
    """A text with no Chinese character is split into units without pypinyin (its dictionaries
    take about a second to load): the same units pypinyin's reading gives, for every title and
    name of both examples in Russian and English and for the awkward cases."""
    texts = [
        "Ёлка 2",
        "  two  spaces ",
        "A-b, c! (1999)",
        "Été",
        "",
        "№ 5 — «Ёж»",
        "Ａｂ",
        "〇",
        "A〇B",
        "\ue815",
    ]
    for name in ("may", "tour"):
        i = load(EXAMPLES[name])
        for film in i.programme.films:
            texts += [film.title.ru, film.title.en]
        for venue in i.venues.venues:
            texts += [venue.name.ru, venue.name.en]
    for text in texts:
        for lang in ("ru", "en", "zh"):
            assert _units(text, lang) == _read_units(text, lang), (text, lang)
