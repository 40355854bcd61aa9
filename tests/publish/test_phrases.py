"""The phrase book (festival.publish.phrases) is complete, has no dead labels, and is the only one."""

from __future__ import annotations

import ast
import re
import string
from collections.abc import Iterator
from pathlib import Path

import pytest

from festival import cli, publish
from festival.domain import Text
from festival.publish import phrases
from festival.publish.phrases import LANGS, PHRASES

FESTIVAL = Path(cli.__file__).resolve().parent
PUBLISH = Path(publish.__file__).resolve().parent
BOOK = Path(phrases.__file__).resolve().parent
TEMPLATES = [*PUBLISH.glob("templates/*"), *PUBLISH.glob("print/templates/*.typ")]

FAMILIES = {
    name: getattr(phrases, name)
    for name in phrases.__all__
    if isinstance(getattr(phrases, name), dict) and name not in ("PHRASES",)
    if all(isinstance(v, str) for v in getattr(phrases, name).values())
}
"""The maps from a value of the data to a label's name (CHANGE_HEADINGS, GUEST_LINES, ...)."""

NAMED: dict[str, Text] = {
    **{f"PHRASES[{k!r}]": v for k, v in PHRASES.items()},
    **{f"MONTHS[{i}]": v for i, v in enumerate(phrases.MONTHS)},
    **{f"WEEKDAYS[{i}]": v for i, v in enumerate(phrases.WEEKDAYS)},
    **{f"WEEKDAYS_SHORT[{i}]": v for i, v in enumerate(phrases.WEEKDAYS_SHORT)},
    **{f"COUNTRY_NAMES[{k!r}]": v for k, v in phrases.COUNTRY_NAMES.items()},
    **{f"LANGUAGE_NAMES[{k!r}]": v for k, v in phrases.LANGUAGE_NAMES.items()},
}


def _modules(root: Path) -> Iterator[tuple[Path, ast.Module]]:
    for path in sorted(root.rglob("*.py")):
        yield path, ast.parse(path.read_text(encoding="utf-8"), str(path))


def _outside_the_book(root: Path) -> Iterator[tuple[Path, ast.Module]]:
    for path, tree in _modules(root):
        if not path.is_relative_to(BOOK):
            yield path, tree


def _fields(value: str) -> list[str]:
    return sorted(name for _, name, _, _ in string.Formatter().parse(value) if name is not None)


def test_languages_are_declared_once_and_the_cli_offers_them() -> None:
    assert LANGS == ("ru", "en", "zh")
    assert [lang.value for lang in cli.Lang] == list(LANGS)


@pytest.mark.parametrize("name", sorted(NAMED))
def test_every_phrase_is_in_every_language(name: str) -> None:
    phrase = NAMED[name]
    for lang in LANGS:
        value = phrases.text(phrase, lang)
        assert value.strip(), f"{name} is empty in {lang}"
    # the same placeholders ({n}, {name}, ...) in every language
    assert len({tuple(_fields(phrases.text(phrase, lang))) for lang in LANGS}) == 1, name


def test_labels_are_the_book_in_one_language() -> None:
    for lang in LANGS:
        assert phrases.labels(lang) == {k: getattr(v, lang) for k, v in PHRASES.items()}


def test_families_name_labels_of_the_book() -> None:
    assert {"CHANGE_HEADINGS", "GUEST_LINES", "SCREENINGS_COUNT", "SYNOPSIS_IN"} <= set(FAMILIES)
    for name, family in FAMILIES.items():
        assert set(family.values()) <= set(PHRASES), name


def _used_in_code() -> set[str]:
    """Label names written as an index (``ui["skip"]``, ``ui["a" if many else "b"]``) anywhere in
    festival/ outside the book, and the names the families map to (if the family is used)."""
    used: set[str] = set()
    sources = []
    for _, tree in _outside_the_book(FESTIVAL):
        for node in ast.walk(tree):
            if isinstance(node, ast.Subscript):
                used |= {
                    c.value
                    for c in ast.walk(node.slice)
                    if isinstance(c, ast.Constant) and isinstance(c.value, str)
                }
            elif isinstance(node, ast.Name | ast.alias):
                sources.append(node.id if isinstance(node, ast.Name) else node.name)
    for name, family in FAMILIES.items():
        if name in sources:
            used |= set(family.values())
    return used


def _used_in_templates() -> set[str]:
    """Label names the Jinja and Typst templates read (``ui.skip``, ``data.ui.insert_note``)."""
    used: set[str] = set()
    for path in TEMPLATES:
        used |= set(re.findall(r"\bui\.([a-z_0-9]+)", path.read_text(encoding="utf-8")))
    return used


def test_every_label_is_used() -> None:
    dead = sorted(set(PHRASES) - _used_in_code() - _used_in_templates())
    assert dead == [], f"labels nothing uses: {dead}"


def test_every_label_the_templates_read_is_in_the_book() -> None:
    assert sorted(_used_in_templates() - set(PHRASES)) == []


def test_no_other_module_of_publish_keeps_a_table_by_language() -> None:
    """No dict with a "ru", "en" or "zh" key (``{"ru": ...}``), no call with such keywords
    (``Text(ru=...)``, ``dict(en=...)``) and no ``Literal["ru", ...]`` outside the phrase book."""
    found = []
    for path, tree in _outside_the_book(PUBLISH):
        where = path.relative_to(PUBLISH.parent)
        for node in ast.walk(tree):
            if isinstance(node, ast.Dict):
                keys = {k.value for k in node.keys if isinstance(k, ast.Constant)}
                if keys & set(LANGS):
                    found.append(f"{where}:{node.lineno}: a dict keyed by language")
            elif isinstance(node, ast.Call):
                if {k.arg for k in node.keywords} & set(LANGS):
                    found.append(f"{where}:{node.lineno}: a call with a language as keyword")
            elif isinstance(node, ast.Subscript) and ast.unparse(node.value).endswith("Literal"):
                values = {c.value for c in ast.walk(node.slice) if isinstance(c, ast.Constant)}
                if values & set(LANGS):
                    found.append(f"{where}:{node.lineno}: a language type")
    assert found == []


def test_the_language_type_is_the_books_everywhere() -> None:
    """Outside publish too: no module of festival declares ``Literal["ru", "en", "zh"]``."""
    found = [
        f"{path.relative_to(FESTIVAL.parent)}:{node.lineno}"
        for path, tree in _outside_the_book(FESTIVAL)
        for node in ast.walk(tree)
        if isinstance(node, ast.Subscript)
        and ast.unparse(node.value).endswith("Literal")
        and {c.value for c in ast.walk(node.slice) if isinstance(c, ast.Constant)} & set(LANGS)
    ]
    assert found == []
