"""Input files → validated domain objects, with every problem located as ``file:line: field.path``.

YAML is read with ruamel.yaml (YAML 1.2: ``19:00`` stays a string, ``no`` stays ``no``), which keeps
the line of every key and item. Pydantic validates the shapes; the cross-checks below validate what
one file says about the other (a pin naming an unknown film, a runtime no hall window can hold).
All problems are collected and raised together as one ``InputError``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import importlib.resources
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from festival.availability import hours_on
from festival.domain import Film, Programme, VenueFile
from festival.errors import InputError, Problem
from festival.inputs import Inputs, Source
from festival.timeline import Timeline

BUNDLED_PROGRAMME = "china-film-festival-russia-2025.yaml"

Path_ = tuple[str | int, ...]
M = TypeVar("M", bound=BaseModel)


class Document:
    """A parsed YAML file: plain data plus the line of every mapping key and sequence item."""

    def __init__(self, source: Source, data: Any, lines: dict[Path_, int]) -> None:
        self.source = source
        self.data = data
        self.lines = lines

    @property
    def name(self) -> str:
        """The file name as the user gave it."""
        return str(self.source.path)

    def line(self, path: Iterable[str | int]) -> int:
        """The line of the deepest part of ``path`` present in the file (1 for the top)."""
        parts = tuple(path)
        while parts:
            if parts in self.lines:
                return self.lines[parts]
            parts = parts[:-1]
        return 1

    def problem(self, path: Iterable[str | int], message: str) -> Problem:
        """A problem at ``path`` in this file."""
        parts = tuple(path)
        return Problem(self.name, self.line(parts), dotted(parts), message)


def dotted(path: Iterable[str | int]) -> str:
    """``('venues', 0, 'halls', 1, 'seats')`` → ``venues[0].halls[1].seats``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


def _plain(node: Any, path: Path_, lines: dict[Path_, int]) -> Any:
    """Copy ruamel's round-trip nodes into plain dicts and lists, recording lines (1-based)."""
    if isinstance(node, CommentedMap):
        out: dict[Any, Any] = {}
        for key, value in node.items():
            sub = (*path, str(key))
            # keys merged in with `<<:` and !!omap entries have no line: their parent's is used
            with contextlib.suppress(KeyError, TypeError):
                lines[sub] = node.lc.key(key)[0] + 1
            out[str(key) if not isinstance(key, str) else key] = _plain(value, sub, lines)
        return out
    if isinstance(node, CommentedSeq):
        items = []
        for i, value in enumerate(node):
            sub = (*path, i)
            with contextlib.suppress(KeyError, TypeError):
                lines[sub] = node.lc.item(i)[0] + 1
            items.append(_plain(value, sub, lines))
        return items
    if isinstance(node, bool | int | float | dt.date | dt.datetime | type(None)):
        # ruamel subclasses (ScalarFloat, TimeStamp...) become the plain built-in types
        if isinstance(node, bool) or node is None:
            return node
        if isinstance(node, dt.datetime):
            return dt.datetime(*node.timetuple()[:6])
        if isinstance(node, dt.date):
            return dt.date(node.year, node.month, node.day)
        return float(node) if isinstance(node, float) else int(node)
    return str(node)


def read_yaml(path: Path) -> Document:
    """Parse one YAML file; unreadable files and syntax errors become located problems."""
    name = str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError([Problem(name, 0, "", "file not found")]) from None
    except OSError as err:
        raise InputError([Problem(name, 0, "", f"cannot read: {err.strerror}")]) from None
    except ValueError:  # a NUL character in the name
        raise InputError([Problem(name, 0, "", "cannot read: invalid file name")]) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise InputError([Problem(name, line, "", "not UTF-8 text")]) from None
    yaml = YAML(typ="rt")
    try:
        node = yaml.load(text)
    except MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark is not None else 1
        what = (err.problem or err.context or "invalid YAML").strip()
        raise InputError([Problem(name, line, "", f"YAML syntax: {what}")]) from None
    except YAMLError as err:
        raise InputError([Problem(name, 1, "", f"YAML syntax: {err}")]) from None
    except RecursionError:
        raise InputError([Problem(name, 1, "", "YAML nested too deeply")]) from None
    lines: dict[Path_, int] = {}
    try:
        data = _plain(node, (), lines)
    except RecursionError:
        raise InputError([Problem(name, 1, "", "YAML nested too deeply")]) from None
    source = Source(path, raw)
    if not isinstance(data, dict):
        raise InputError([Problem(name, 1, "", "expected a mapping of fields at the top")])
    return Document(source, data, lines)


def _loc(loc: tuple[str | int, ...]) -> Path_:
    """Pydantic's error location without its internal tags (``function-after[...]``)."""
    return tuple(p for p in loc if isinstance(p, int) or "[" not in p)


def validate(model: type[M], doc: Document) -> tuple[M | None, list[Problem]]:
    """Validate a document against a model; every error becomes a located problem."""
    try:
        return model.model_validate(doc.data), []
    except ValidationError as err:
        problems = []
        for e in err.errors(include_url=False):
            path = _loc(e["loc"])
            message = e["msg"]
            if e["type"] == "extra_forbidden":
                message = "unknown field"
            elif e["type"] == "missing":
                message = "required field is missing"
            message = message.removeprefix("Value error, ")
            problems.append(doc.problem(path, message))
        return None, problems


def _duplicates(ids: list[str]) -> Iterator[int]:
    """Indices of ids that appeared earlier in the list."""
    seen: Counter[str] = Counter()
    for i, item in enumerate(ids):
        if seen[item]:
            yield i
        seen[item] += 1


def check_venue_file(vf: VenueFile, doc: Document) -> list[Problem]:
    """What pydantic cannot see in a venue file: ids, references and dates inside the festival."""
    out: list[Problem] = []
    fest = vf.festival
    for i in _duplicates([c.id for c in vf.cities]):
        out.append(doc.problem(("cities", i, "id"), f"duplicate city id {vf.cities[i].id!r}"))
    for i in _duplicates([v.id for v in vf.venues]):
        out.append(doc.problem(("venues", i, "id"), f"duplicate venue id {vf.venues[i].id!r}"))
    city_ids = {c.id for c in vf.cities}
    timeline_order = _order(vf)
    for vi, venue in enumerate(vf.venues):
        at = ("venues", vi)
        if venue.city not in city_ids:
            out.append(doc.problem((*at, "city"), f"unknown city {venue.city!r}"))
        for hi in _duplicates([h.id for h in venue.halls]):
            out.append(
                doc.problem((*at, "halls", hi, "id"), f"duplicate hall id {venue.halls[hi].id!r}")
            )
        for hi, hall in enumerate(venue.halls):
            hat = (*at, "halls", hi)
            if timeline_order(hall.hours.close) <= timeline_order(hall.hours.open):
                out.append(doc.problem((*hat, "hours"), "close is not after open"))
            for ei, exc in enumerate(hall.exceptions):
                if not fest.first_day <= exc.date <= fest.last_day:
                    out.append(
                        doc.problem(
                            (*hat, "exceptions", ei, "date"),
                            f"{exc.date} is outside the festival ({fest.first_day} to "
                            f"{fest.last_day})",
                        )
                    )
                if exc.open and exc.close and timeline_order(exc.close) <= timeline_order(exc.open):
                    out.append(doc.problem((*hat, "exceptions", ei), "close is not after open"))
            for bi, block in enumerate(hall.blocked):
                if not fest.first_day <= block.date <= fest.last_day:
                    out.append(
                        doc.problem(
                            (*hat, "blocked", bi, "date"),
                            f"{block.date} is outside the festival ({fest.first_day} to "
                            f"{fest.last_day})",
                        )
                    )
                if timeline_order(block.to) <= timeline_order(block.from_):
                    out.append(doc.problem((*hat, "blocked", bi), "'to' is not after 'from'"))
    for di, day in enumerate(vf.policy.holidays):
        if not fest.first_day <= day <= fest.last_day:
            out.append(doc.problem(("policy", "holidays", di), f"{day} is outside the festival"))
    return out


def _order(vf: VenueFile) -> Callable[[dt.time], int]:
    return Timeline.for_festival(vf.festival.first_day, vf.policy.day_cutoff).order_of


def check_programme(prog: Programme, doc: Document) -> list[Problem]:
    """What pydantic cannot see in a line-up on its own: duplicate film ids."""
    return [
        doc.problem(("films", i, "id"), f"duplicate film id {prog.films[i].id!r}")
        for i in _duplicates([f.id for f in prog.films])
    ]


def _check_logistics(
    vf: VenueFile, vdoc: Document, films: dict[str, Film], pdoc: Document
) -> list[Problem]:
    """References in the logistics and guests sections, and guests named by pins."""
    out: list[Problem] = []
    city_ids = {c.id for c in vf.cities}
    venue_ids = {v.id for v in vf.venues}
    guests = {g.id: g for g in vf.guests}

    def film_known(path: tuple[str | int, ...], film: str) -> None:
        if film not in films:
            out.append(vdoc.problem(path, f"unknown film {film!r} (not in {pdoc.name})"))

    for ti, transit in enumerate(vf.logistics.transit):
        for ci, city in enumerate(transit.between):
            if city not in city_ids:
                out.append(
                    vdoc.problem(
                        ("logistics", "transit", ti, "between", ci), f"unknown city {city!r}"
                    )
                )
    for ci, pool in enumerate(vf.logistics.copies):
        film_known(("logistics", "copies", ci, "film"), pool.film)
    for i in _duplicates([p.film for p in vf.logistics.copies]):
        out.append(vdoc.problem(("logistics", "copies", i, "film"), "film listed twice"))
    for ki, key in enumerate(vf.logistics.keys):
        film_known(("logistics", "keys", ki, "film"), key.film)
        if key.venue not in venue_ids:
            out.append(
                vdoc.problem(("logistics", "keys", ki, "venue"), f"unknown venue {key.venue!r}")
            )
        if key.valid_until <= key.valid_from:
            out.append(
                vdoc.problem(("logistics", "keys", ki), "valid_until is not after valid_from")
            )
    for i in _duplicates([g.id for g in vf.guests]):
        out.append(vdoc.problem(("guests", i, "id"), f"duplicate guest id {vf.guests[i].id!r}"))
    for gi, guest in enumerate(vf.guests):
        for ri, span in enumerate(guest.available):
            if span.until < span.from_:
                out.append(
                    vdoc.problem(("guests", gi, "available", ri), "'until' is before 'from'")
                )
        for ai, appearance in enumerate(guest.appearances):
            film_known(("guests", gi, "appearances", ai, "film"), appearance.film)
            for ci, city in enumerate(appearance.cities):
                if city not in city_ids:
                    out.append(
                        vdoc.problem(
                            ("guests", gi, "appearances", ai, "cities", ci),
                            f"unknown city {city!r}",
                        )
                    )
        for i in _duplicates([a.film for a in guest.appearances]):
            out.append(
                vdoc.problem(
                    ("guests", gi, "appearances", i, "film"), "film listed twice for a guest"
                )
            )
    for pi, pin in enumerate(vf.pins):
        if pin.guest is None:
            continue
        pinned_guest = guests.get(pin.guest)
        if pinned_guest is None:
            out.append(vdoc.problem(("pins", pi, "guest"), f"unknown guest {pin.guest!r}"))
        elif pin.film not in {a.film for a in pinned_guest.appearances}:
            out.append(
                vdoc.problem(
                    ("pins", pi, "guest"),
                    f"{pin.guest!r} has no appearance at {pin.film!r}; add one under guests",
                )
            )
    return out


def check_pair(vf: VenueFile, vdoc: Document, prog: Programme, pdoc: Document) -> list[Problem]:
    """What each file says about the other: pins, city names, and films no hall can hold."""
    out: list[Problem] = []
    films = {f.id: f for f in prog.films}
    city_ids = {c.id for c in vf.cities}
    venues = {v.id: v for v in vf.venues}
    fest = vf.festival
    timeline = Timeline.for_festival(fest.first_day, vf.policy.day_cutoff)
    for pi, pin in enumerate(vf.pins):
        at = ("pins", pi)
        if pin.film not in films:
            out.append(
                vdoc.problem((*at, "film"), f"unknown film {pin.film!r} (not in {pdoc.name})")
            )
        venue = venues.get(pin.venue)
        if venue is None:
            out.append(vdoc.problem((*at, "venue"), f"unknown venue {pin.venue!r}"))
        elif pin.hall not in {h.id for h in venue.halls}:
            out.append(
                vdoc.problem((*at, "hall"), f"unknown hall {pin.hall!r} in venue {pin.venue!r}")
            )
        try:
            day = timeline.festival_day(pin.start)
        except OverflowError:  # before 0001-01-01
            day = dt.date.min
        if not fest.first_day <= day <= fest.last_day:
            out.append(
                vdoc.problem(
                    (*at, "start"),
                    f"festival day {day} is outside the festival ({fest.first_day} to "
                    f"{fest.last_day})",
                )
            )
    out += _check_logistics(vf, vdoc, films, pdoc)
    order = timeline.order_of
    intro = vf.policy.intro_minutes
    for fi, film in enumerate(prog.films):
        at = ("films", fi)
        if film.withdrawn:
            continue
        for city in film.screenings.cities:
            if city not in city_ids:
                out.append(
                    pdoc.problem(
                        (*at, "screenings", "cities", city),
                        f"unknown city {city!r} (not in {vdoc.name})",
                    )
                )
        for city in film.demand.by_city:
            if city not in city_ids:
                out.append(
                    pdoc.problem(
                        (*at, "demand", "by_city", city),
                        f"unknown city {city!r} (not in {vdoc.name})",
                    )
                )
        halls = [
            h
            for v in vf.venues
            for h in v.halls
            if h.seats >= film.requires.min_seats and set(film.requires.features) <= set(h.features)
        ]
        if not halls:
            needs = [f"features {list(film.requires.features)}"] if film.requires.features else []
            if film.requires.min_seats:
                needs.append(f"{film.requires.min_seats}+ seats")
            out.append(
                pdoc.problem(
                    (*at, "requires"),
                    f"no hall in {vdoc.name} has {' and '.join(needs)}",
                )
            )
            continue
        longest = 0
        for hall in halls:
            for day in fest.days:
                hours = hours_on(hall, day)
                if hours is None:
                    continue
                close = order(hours[1])
                if vf.policy.latest_end is not None:
                    close = min(close, order(vf.policy.latest_end))
                longest = max(longest, close - order(hours[0]))
        if intro + film.runtime > longest:
            out.append(
                pdoc.problem(
                    (*at, "runtime"),
                    f"{film.runtime} min + {intro} min intro is longer than every window of its "
                    f"eligible halls (longest {longest} min)",
                )
            )
        counts = film.screenings
        city_min = sum(
            max(counts.min_per_city, counts.cities[c].min if c in counts.cities else 0)
            for c in city_ids
        )
        if city_min > counts.max:
            out.append(
                pdoc.problem(
                    (*at, "screenings"),
                    f"per-city minimums add up to {city_min} over {len(city_ids)} cities of "
                    f"{vdoc.name}, above max {counts.max}",
                )
            )
    return out


def bundled_programme() -> Path:
    """The bundled 2025 line-up: in the installed package, or beside it in a source checkout."""
    packaged = importlib.resources.files("festival") / "programmes" / BUNDLED_PROGRAMME
    if packaged.is_file():
        return Path(str(packaged))
    return Path(__file__).resolve().parent.parent / "programmes" / BUNDLED_PROGRAMME


def programme_path(vf_doc: Document, given: Path | None) -> Path:
    """The line-up to use: ``--programme``, else the venue file's ``programme:``, else bundled."""
    if given is not None:
        return given
    named = vf_doc.data.get("programme")
    if isinstance(named, str):
        return vf_doc.source.path.parent / named
    return bundled_programme()


def load(venues: Path, programme: Path | None = None) -> Inputs:
    """Read, validate and cross-check a venue file and its line-up; raise InputError on any problem."""
    problems: list[Problem] = []
    vdoc = read_yaml(venues)
    vf, found = validate(VenueFile, vdoc)
    problems += found
    ppath = programme_path(vdoc, programme)
    try:
        pdoc: Document | None = read_yaml(ppath)
    except InputError as err:
        if programme is None and isinstance(vdoc.data.get("programme"), str):
            # the venue file names an unreadable line-up: locate the problem at its `programme:`
            problems += [
                vdoc.problem(("programme",), f"{p.file}: {p.message}") if p.line == 0 else p
                for p in err.problems
            ]
        else:
            problems += err.problems
        pdoc = None
    prog: Programme | None = None
    if pdoc is not None:
        prog, found = validate(Programme, pdoc)
        problems += found
    if vf is not None:
        problems += check_venue_file(vf, vdoc)
    if prog is not None and pdoc is not None:
        problems += check_programme(prog, pdoc)
        if vf is not None:
            problems += check_pair(vf, vdoc, prog, pdoc)
    if problems or vf is None or prog is None or pdoc is None:
        raise InputError(problems)
    return Inputs(vf, prog, vdoc.source, pdoc.source)

