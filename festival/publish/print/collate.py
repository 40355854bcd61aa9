"""Sort keys for the printed indexes: Russian collation, Chinese titles by pinyin, directors by surname.

Typst sorts by code point (``ё`` after ``я``, Chinese by Unicode order), so every index is sorted here.
ICU is not used (PyICU needs the system's ICU); instead a small documented key approximates the CLDR
root/Russian rules well enough for titles and names:

* primary: letters compare case-insensitively, ``ё`` as ``е`` and ``й`` as its own letter (as in
  Russian dictionaries); spaces and punctuation sort before digits, digits before letters; the
  alphabet of the layout language comes first (Cyrillic for ``ru``, Latin for ``en``/``zh``);
* secondary: ``е`` before ``ё`` where the words are otherwise equal;
* tertiary: lower case before upper case, then the text itself (so the order is total).

Chinese characters sort by their Hanyu Pinyin reading (``pypinyin``, which picks the reading from
word context), syllable by syllable, then by tone (1–4, neutral 5), the order of Chinese
dictionaries; a title or name in Chinese therefore falls among Latin letters under its pinyin.
"""

from __future__ import annotations

import re
import unicodedata

from festival.publish.phrases import Lang

Unit = tuple[int, str, int]
"""(group, primary text, secondary rank) of one letter, syllable or symbol."""

_SPACE, _PUNCT, _DIGIT, _FIRST, _SECOND, _OTHER = range(6)
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]")
_READ = re.compile(
    r"[\u3007\u3400-\u4dbf\u4e00-\u9fff\ue815-\ue864\uf900-\ufaff\U00020000-\U0003ffff]"
)
"""Every character pypinyin may read (its ``RE_HANS`` ranges, rounded up: 〇, private-use
characters, extensions up to G): text with none of them needs no pypinyin."""
_RAW = "\x00"


def has_han(value: str) -> bool:
    """Whether the text contains a Chinese character."""
    return _HAN.search(value) is not None


def _char_unit(char: str, lang: Lang) -> Unit:
    lower = char.lower()
    if char.isspace():
        return (_SPACE, " ", 0)
    if lower == "ё":
        return (_FIRST if lang == "ru" else _SECOND, "е", 1)
    category = unicodedata.category(char)
    if category.startswith("N"):
        return (_DIGIT, str(unicodedata.digit(char, 0)) if char.isdigit() else lower, 0)
    if not category.startswith("L"):
        return (_PUNCT, char, 0)
    name = unicodedata.name(char, "")
    if name.startswith("CYRILLIC"):
        return (_FIRST if lang == "ru" else _SECOND, lower, 0)
    if name.startswith("LATIN"):
        base = unicodedata.normalize("NFD", lower)[0]
        rank = 0 if base == lower else 1 + ord(lower)
        return (_SECOND if lang == "ru" else _FIRST, base, rank)
    return (_OTHER, lower, 0)


def _units(value: str, lang: Lang) -> list[Unit]:
    if not _READ.search(value):  # pypinyin's dictionaries load in about a second: only if read
        return [_char_unit(c, lang) for c in value]
    return _read_units(value, lang)


def _read_units(value: str, lang: Lang) -> list[Unit]:
    """The units of a text with Chinese characters, read by pypinyin (any text gives the same
    units as ``_units``)."""
    from pypinyin import Style, lazy_pinyin

    units: list[Unit] = []
    for item in lazy_pinyin(
        value, style=Style.TONE3, neutral_tone_with_five=True, errors=lambda run: _RAW + run
    ):
        if item.startswith(_RAW):
            units.extend(_char_unit(c, lang) for c in item[1:])
        else:  # a Han syllable: "feng1" → (letters, "feng", tone 1)
            tone = int(item[-1]) if item[-1].isdigit() else 5
            letters = item.rstrip("012345")
            units.append((_SECOND if lang == "ru" else _FIRST, letters, tone))
    return units


def collation_key(value: str, lang: Lang = "ru") -> tuple[object, ...]:
    """A sort key for a title or name shown to readers of ``lang`` (see the module docstring)."""
    units = _units(value.strip(), lang)
    primary = tuple((group, text) for group, text, _ in units)
    secondary = tuple(rank for _, _, rank in units)
    tertiary = tuple(c.isupper() for c in value)
    return (primary, secondary, tertiary, value)


def russian_key(value: str) -> tuple[object, ...]:
    """Russian dictionary order: ``ё`` with ``е``, Cyrillic before Latin."""
    return collation_key(value, "ru")


def pinyin_key(value: str) -> tuple[object, ...]:
    """Chinese dictionary order: by pinyin syllable, then tone; other scripts after Chinese text."""
    return (0 if has_han(value) else 1, collation_key(value, "zh"))


def pinyin_reading(value: str) -> str:
    """The pinyin of a Chinese text with tone marks, syllables of a word run together loosely:
    ``封神第二部：战火西岐`` → ``fēng shén dì èr bù: zhàn huǒ xī qí``."""
    from pypinyin import Style, pinyin

    parts: list[str] = []
    for (item,) in pinyin(value, style=Style.TONE, errors=lambda run: _RAW + run):
        if item.startswith(_RAW):
            raw = item[1:].translate(_FULLWIDTH)
            parts.append(raw)
        else:
            parts.append(item)
    text = " ".join(p.strip() for p in parts if p.strip())
    return re.sub(r" ([:,.;!?])", r"\1", text)


_FULLWIDTH = str.maketrans(
    {"：": ":", "，": ",", "。": ".", "；": ";", "！": "!", "？": "?", "、": ","}
)


def initial(value: str, lang: Lang) -> str:
    """The letter an index entry is filed under: ``Е`` for ``Ёлка``, ``F`` for ``封神``, ``#`` for digits."""
    for group, text, _ in _units(value.strip(), lang):
        if group in (_FIRST, _SECOND, _OTHER):
            return text[0].upper()
        if group == _DIGIT:
            return "#"
    return "#"
