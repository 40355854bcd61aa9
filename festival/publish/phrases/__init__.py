"""The phrase book of publishing: every word of the web programme, the printed programmes, the
calendar feeds and the schedule-app exports that does not come from the data, in the three festival
languages.

* ``Lang`` and ``LANGS``: the festival languages, declared here and nowhere else (the CLI's
  ``--lang`` choices are checked against ``LANGS``).
* ``PHRASES``: every label, keyed by a stable name, each a ``Text`` (ru, en, zh). The labels are
  written in topic modules (``shared``, ``web``, ``booklet``, ``organisers``, ``feeds``) and are one
  table here: a name in two modules is an error at import. Where the web and print say the same
  thing the same way they share one key; where a medium words it its own way on purpose the key says
  which (``times_local`` and ``print_times_local``, ``adults`` and ``event_adults``).
* ``labels(lang)``: the labels in one language, as the templates see them (``ui.skip``).
* ``MONTHS``, ``WEEKDAYS``, ``WEEKDAYS_SHORT``; ``LANGUAGE_NAMES`` and ``COUNTRY_NAMES``.
* Families: which label a value of the data picks (a change's kind, a guest's part, an age rating,
  a role, a plural form), so that every key is written out where it is used.

``tests/publish/test_phrases.py`` checks that every text exists in the three languages, that every
key is used, and that no other module of ``festival.publish`` keeps a table of its own.
"""

from __future__ import annotations

from functools import cache
from typing import Literal

from festival.domain import GuestKind, Text
from festival.publish.phrases import booklet, feeds, organisers, shared, web
from festival.publish.phrases.months import MONTHS, WEEKDAYS, WEEKDAYS_SHORT
from festival.publish.phrases.names import COUNTRY_NAMES, LANGUAGE_NAMES

__all__ = [
    "AGE_NOTES",
    "CHANGE_COUNTS",
    "CHANGE_HEADINGS",
    "COUNTRY_NAMES",
    "EVENT_GUESTS",
    "GUEST_LINES",
    "GUEST_PARTS",
    "GUEST_TAGS",
    "LANGS",
    "LANGUAGE_NAMES",
    "MONTHS",
    "PHRASES",
    "PRIORITY_LABELS",
    "ROLES",
    "SCREENINGS_COUNT",
    "SYNOPSIS_IN",
    "WEEKDAYS",
    "WEEKDAYS_SHORT",
    "Lang",
    "Plural",
    "labels",
    "plural",
    "text",
]

Lang = Literal["ru", "en", "zh"]
LANGS: tuple[Lang, ...] = ("ru", "en", "zh")
"""The festival languages, in the order the web lists them (print puts zh before en)."""


def _one_table(*tables: dict[str, Text]) -> dict[str, Text]:
    merged: dict[str, Text] = {}
    for table in tables:
        for key, value in table.items():
            if key in merged:
                raise ValueError(f"the phrase {key!r} is written twice")
            merged[key] = value
    return merged


PHRASES: dict[str, Text] = _one_table(
    shared.PHRASES, web.PHRASES, booklet.PHRASES, organisers.PHRASES, feeds.PHRASES
)
"""Every label by its name."""


def text(value: Text, lang: Lang) -> str:
    """A trilingual text (a label, or a name from the data) in one language."""
    return str(getattr(value, lang))


@cache
def labels(lang: Lang) -> dict[str, str]:
    """Every label in one language, by name (one dict per language, shared: never change it)."""
    return {key: text(value, lang) for key, value in PHRASES.items()}


# --------------------------------------------------------------------------------------------------
# Families: the label a value of the data picks

CHANGE_HEADINGS: dict[str, str] = {
    "cancelled": "kind_cancelled",
    "moved": "kind_moved",
    "changed": "kind_changed",
    "added": "kind_added",
}
"""A change's kind → the heading of its group (web changes page, printed insert)."""

CHANGE_COUNTS: dict[str, str] = {
    "published": "count_published",
    "cancelled": "count_cancelled",
    "moved": "count_moved",
    "changed": "count_changed",
    "added": "count_added",
}
"""A change report's count → its label (web changes page, printed insert)."""

PRIORITY_LABELS: dict[int, str] = {3: "priority_must", 2: "priority_want", 1: "priority_maybe"}
"""A film's priority in the agenda's planner → its label (0, not wanted: ``priority_none``)."""

GUEST_LINES: dict[GuestKind, str] = {"qa": "guest_qa", "intro": "guest_intro"}
"""A guest's part → the web's sentence about it, with ``{name}``."""

GUEST_TAGS: dict[GuestKind, str] = {"qa": "tag_qa", "intro": "tag_intro"}
"""A guest's part → the short tag print sets before the guest's name (changes insert)."""

GUEST_PARTS: dict[GuestKind, str] = {"qa": "part_qa", "intro": "part_intro"}
"""A guest's part → the organisers' itinerary column."""

EVENT_GUESTS: dict[GuestKind, str] = {"qa": "event_qa", "intro": "event_intro"}
"""A guest's part → the line of a calendar event's description."""

AGE_NOTES: dict[str, str] = {
    "0+": "age_0",
    "6+": "age_6",
    "12+": "age_12",
    "16+": "age_16",
    "18+": "age_18",
    "unrated": "age_unrated",
}
"""An age rating → what it means, in the booklet's legend."""

ROLES: dict[str, str] = {"director": "role_director", "actor": "role_actor"}
"""A guest's role → its label (a role not listed is shown as it is)."""

SYNOPSIS_IN: dict[Lang, str] = {
    "ru": "synopsis_in_ru",
    "en": "synopsis_in_en",
    "zh": "synopsis_in_zh",
}
"""A language → the heading of a film's synopsis in it (web film page, the other languages)."""

Plural = Literal["one", "few", "many"]

SCREENINGS_COUNT: dict[Plural, str] = {
    "one": "screenings_one",
    "few": "screenings_few",
    "many": "screenings_many",
}
"""A plural form → how many screenings, with ``{n}``."""


def plural(n: int, lang: Lang) -> Plural:
    """The plural form of ``n`` (CLDR's rules, for whole numbers): Russian has three (1, 21: one;
    2–4, 22: few; 5–20, 25: many), English two (one and many), Chinese one (many)."""
    if lang == "ru":
        if n % 10 == 1 and n % 100 != 11:
            return "one"
        if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
            return "few"
        return "many"
    if lang == "en" and n == 1:
        return "one"
    return "many"
