"""Input files → validated domain objects, with every problem located as ``file:line: field.path``.

YAML is read as YAML 1.2 (``19:00`` stays a string, ``no`` stays ``no``) into a node tree that gives
the line of every key and item: libyaml (PyYAML's C reader) parses, about a megabyte a second, and
ruamel.yaml's rules give each scalar its type; a file libyaml refuses is read again by ruamel.yaml in
pure Python, whose message is reported. Reading is bounded: a regular file of at most
``MAX_FILE_BYTES``, at most ``MAX_ALIASES`` aliases, parsed in time linear in its size. Pydantic
validates the shapes; the cross-checks below validate what one file says about the other (a pin
naming an unknown film, a runtime no hall window can hold). All problems are collected and raised
together as one ``InputError``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import importlib.resources
import os
import re
import stat
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.composer import Composer, MaxDepthExceededError
from ruamel.yaml.constructor import SafeConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import AliasEvent
from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode
from ruamel.yaml.resolver import VersionedResolver
from ruamel.yaml.scanner import Scanner
from ruamel.yaml.tag import Tag

from festival.availability import hours_on
from festival.domain import PATTERN_WORDS, Festival, Film, Guest, Hall, Programme, Venue, VenueFile
from festival.errors import InputError, Problem
from festival.inputs import Inputs, Source
from festival.timeline import NonexistentLocalTime, Timeline

try:  # libyaml, the C reader in PyYAML's wheels
    import yaml as _pyyaml  # type: ignore[import-untyped]
    from yaml._yaml import CParser as _CParser  # type: ignore[import-untyped]
except ImportError:  # a PyYAML built without it: ruamel reads every file
    _CParser = None

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


MAX_FILE_BYTES = 10_000_000
"""The largest input file read (10 MB). A venue file or line-up is tens of kilobytes; the cap keeps
a wrong path (a video, a disk image) from filling memory, and bounds the time to parse."""

MAX_ALIASES = 1_000
"""The most aliases (``*name``) one file may use. Aliases save repeating a block (hall hours, say);
a file with more is generated or an alias bomb ("billion laughs")."""

MAX_ALIAS_VALUES = 100_000
"""The most values aliases may repeat in all, counting aliases inside aliased blocks: a 1 KB file
of nested aliases can otherwise stand for billions of values."""

MAX_DEPTH = 64
"""The deepest nesting of mappings and lists (a venue file nests 8 deep)."""

MAX_NUMBER_CHARS = 100
"""The longest number read, in characters (Python refuses integers of over 4,300 digits anyway)."""

_TAG = "tag:yaml.org,2002:"
_STR, _MERGE = f"{_TAG}str", f"{_TAG}merge"
_SCALAR_TAGS = {f"{_TAG}{t}" for t in ("null", "bool", "int", "float", "timestamp")}
_COLLECTION_TAGS = {f"{_TAG}{t}" for t in ("map", "omap", "pairs", "set", "seq")}


class _Refused(Exception):
    """A file the loader will not read further: one located problem."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def _not_regular(mode: int) -> str | None:
    """What a file that is not a regular file is, in words; None for a regular file."""
    kinds = [
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a named pipe (FIFO)"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    ]
    if stat.S_ISREG(mode):
        return None
    return next((what for test, what in kinds if test(mode)), "not a regular file")


def read_bounded(path: Path) -> bytes:
    """The bytes of a regular file of at most ``MAX_FILE_BYTES``; anything else is refused.

    The file is opened without blocking (a FIFO would wait for a writer), checked with ``fstat``,
    and read to one byte past the cap at most, so a file that grows meanwhile is refused too.
    """
    name = str(path)

    def refuse(message: str) -> InputError:
        return InputError([Problem(name, 0, "", message)])

    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise refuse("file not found") from None
    except OSError as err:
        raise refuse(f"cannot read: {err.strerror}") from None
    except ValueError:  # a NUL character in the name
        raise refuse("cannot read: invalid file name") from None
    try:
        info = os.fstat(fd)
        what = _not_regular(info.st_mode)
        if what is not None:
            raise refuse(f"is {what}, not a file; give the path of a YAML file")
        too_big = (
            f"is larger than {MAX_FILE_BYTES:,} bytes (10 MB), the most an input file may have; "
            "is this the venue file or line-up?"
        )
        if info.st_size > MAX_FILE_BYTES:
            raise refuse(too_big.replace("larger than", f"{info.st_size:,} bytes, more than", 1))
        chunks: list[bytes] = []
        left = MAX_FILE_BYTES + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        if left <= 0:
            raise refuse(too_big)
        return b"".join(chunks)
    except OSError as err:
        raise refuse(f"cannot read: {err.strerror}") from None
    finally:
        os.close(fd)


class _Composer(Composer):
    """ruamel's composer, counting aliases as it meets them and quiet about reused anchors."""

    def __init__(self, loader: Any = None) -> None:
        super().__init__(loader)
        self.warn_double_anchors = False
        self.aliases = 0
        self.alias_lines: dict[tuple[int, int], int] = {}
        """(id of a list node, item index) → line of an alias item (its node is the anchor's)."""

    def compose_document(self) -> Any:
        start = self.parser.peek_event()
        if start.version not in (None, (1, 2)):
            raise _Refused(start.start_mark.line + 1, _version_refused(start.version))
        return super().compose_document()

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.parser.check_event(AliasEvent):
            self.aliases += 1
            line = self.parser.peek_event().start_mark.line + 1
            if isinstance(index, int):
                self.alias_lines[(id(parent), index)] = line
            if self.aliases > MAX_ALIASES:
                raise _Refused(line, _TOO_MANY_ALIASES)
        return super().compose_node(parent, index)


def _version_refused(version: tuple[int, int]) -> str:
    return (
        f"YAML {'.'.join(map(str, version))} is not read here: input files are YAML 1.2 "
        "(remove the %YAML line)"
    )


_TOO_MANY_ALIASES = f"YAML: more than {MAX_ALIASES:,} aliases (*name); write the values out"
_TOO_DEEP = f"YAML nested more than {MAX_DEPTH} levels deep"

_LINE_END = re.compile("[\n\r\0\x85\u2028\u2029]")
_YAML_1_1_BREAKS = re.compile("[\x85\u2028\u2029]")
"""Line breaks in YAML 1.1 and libyaml, text in YAML 1.2: a file with one is read by ruamel."""


class _Scanner(Scanner):
    """ruamel's scanner, skipping a comment to the end of its line in one step.

    ruamel steps through a comment a character at a time (a method call each); a file of
    comments then took about 1 s a megabyte. Only the skipping of comments differs from
    ``Scanner.scan_to_next_token``: a comment holds no line break, so the reader's line stays.
    """

    def scan_to_next_token(self) -> None:
        reader = self.reader
        if reader.index == 0 and reader.peek() == "\ufeff":
            reader.forward()
        blank = " \t" if self.flow_level > 0 else " "
        while True:
            while reader.peek() in blank:
                reader.forward()
            if reader.peek() == "#":
                end = _LINE_END.search(reader.buffer, reader.pointer)
                if end is None:  # the reader's buffer is the whole text (given as str)
                    reader.forward()
                    continue
                skip = end.start() - reader.pointer
                reader.pointer += skip
                reader.index += skip
                reader.column += skip
            if not self.scan_line_break():
                return
            if not self.flow_level:
                self.allow_simple_key = True


def _compose_ruamel(text: str) -> tuple[Any, dict[tuple[int, int], int]]:
    """The node tree of one YAML document read by ruamel in pure Python, in time linear in the text.

    The safe loader skips comments as it scans. (The round-trip loader keeps comments, and joins a
    run of comment lines after a value one line at a time, copying the growing text: a file padded
    with comments loaded in quadratic time, 34 s for 5 MB.) It reads about 100 KB a second, so it
    is the second reader: it gives the verdict and the message on a file libyaml refuses.
    """
    yaml = YAML(typ="safe", pure=True)
    yaml.Scanner = _Scanner
    yaml.Composer = _Composer
    yaml.max_depth = MAX_DEPTH
    node = yaml.compose(text)
    return node, yaml.composer.alias_lines


class _Mark:
    """Where a node read by libyaml starts: its line, counted from 0 as in ruamel's marks."""

    __slots__ = ("line",)

    def __init__(self, line: int) -> None:
        self.line = line


_IMPLICIT: dict[str, list[tuple[str, re.Pattern[str]]]] = VersionedResolver(
    version=(1, 2)
).versioned_resolver
"""ruamel's YAML 1.2 rules for the type of a plain scalar, by its first character (``""`` for the
empty scalar): ``19:00`` and ``yes`` stay strings, ``0o14`` is 12."""


def _implicit_tag(plain: str) -> str:
    """The tag of a plain scalar by ruamel's YAML 1.2 rules."""
    for tag, pattern in _IMPLICIT.get(plain[:1], ()):
        if pattern.match(plain):
            return tag
    return _STR


def _compose_libyaml(text: str) -> tuple[Any, dict[tuple[int, int], int]]:
    """The node tree of one YAML document read by libyaml, as ruamel's nodes.

    libyaml (PyYAML's C extension) scans and parses; this composes its events into the nodes
    ruamel's composer makes, with the same YAML 1.2 tags, the same refusals (aliases over the cap,
    nesting over the depth, a %YAML other than 1.2, an undefined alias, a second document) and the
    same lines. A node keeps only its line: a mark object of libyaml's for each node, and the
    garbage collector walking them, took a third of the time. A syntax error raises libyaml's
    ``YAMLError``, for ruamel to read the file again. About a megabyte a second.
    """
    events = _CParser(text)
    next_event = events.get_event
    next_event()  # the stream's start
    start = next_event()
    if type(start) is _pyyaml.events.StreamEndEvent:
        return None, {}
    if start.version not in (None, (1, 2)):
        raise _Refused(start.end_mark.line + 1, _version_refused(start.version))
    composer = _LibyamlComposer()
    root = composer.document(next_event)
    after = next_event()
    if type(after) is not _pyyaml.events.StreamEndEvent:
        raise _Refused(after.start_mark.line + 1, "YAML syntax: but found another document")
    return root, composer.alias_lines


class _LibyamlComposer:
    """libyaml's events of one document composed into ruamel's nodes (see ``_compose_libyaml``)."""

    def __init__(self) -> None:
        self.tags: dict[str, Tag] = {}
        self.plain: dict[str, Tag] = {}
        """The tag of each plain scalar met: a file repeats its keys."""
        self.marks: dict[int, _Mark] = {}
        self.anchors: dict[str, Any] = {}
        self.alias_lines: dict[tuple[int, int], int] = {}
        """(id of a list node, item index) → line of an alias item, as ``_Composer`` records."""
        self.aliases = 0
        self.str_tag, self.seq_tag, self.map_tag = (
            self.tag_of(f"{_TAG}{name}") for name in ("str", "seq", "map")
        )

    def tag_of(self, name: str) -> Tag:
        """One ``Tag`` per tag name."""
        tag = self.tags.get(name)
        if tag is None:  # ruamel's Tag decodes %-escapes, which libyaml has decoded: keep a % a %
            tag = self.tags[name] = Tag(suffix=name.replace("%", "%25"))
        return tag

    def document(self, next_event: Callable[[], Any]) -> Any:
        """The root node of the document whose events come next, read up to its end."""
        scalar, alias, seq_start, map_start = (
            _pyyaml.events.ScalarEvent,
            _pyyaml.events.AliasEvent,
            _pyyaml.events.SequenceStartEvent,
            _pyyaml.events.MappingStartEvent,
        )
        open_nodes: list[Any] = []  # the collections being read, outermost first
        keys: list[Any] = []  # for each, the key read whose value is next (None: a key is next)
        root: Any = None
        while True:
            event = next_event()
            kind = type(event)
            if kind is scalar:
                node = self.scalar(event, len(open_nodes))
            elif kind is seq_start or kind is map_start:
                open_nodes.append(self.collection(event, kind is map_start, len(open_nodes)))
                keys.append(None)
                continue
            elif kind is alias:
                node = self.alias(event, open_nodes[-1] if open_nodes else None)
            elif open_nodes:  # the end of a list or mapping
                node = open_nodes.pop()
                keys.pop()
            else:  # the end of the document
                return root
            if not open_nodes:
                root = node
            elif type(open_nodes[-1]) is SequenceNode:
                open_nodes[-1].value.append(node)
            elif keys[-1] is None:
                keys[-1] = node
            else:
                open_nodes[-1].value.append((keys[-1], node))
                keys[-1] = None

    def mark(self, event: Any, depth: int) -> _Mark:
        """The shared mark of the line a node starts on; refused past the deepest nesting."""
        line = event.start_mark.line
        if depth >= MAX_DEPTH:
            raise _Refused(line + 1, _TOO_DEEP)
        mark = self.marks.get(line)
        if mark is None:
            mark = self.marks[line] = _Mark(line)
        return mark

    def scalar(self, event: Any, depth: int) -> ScalarNode:
        """A scalar's node: its tag as given, ``str`` if quoted, else by the YAML 1.2 rules."""
        mark = self.mark(event, depth)
        given, value = event.tag, event.value
        if given is not None and given != "!":
            tag = self.tag_of(given)
        elif not event.implicit[0]:
            tag = self.str_tag
        else:
            found = self.plain.get(value)
            if found is None:
                found = self.plain[value] = self.tag_of(_implicit_tag(value))
            tag = found
        node = ScalarNode(tag, value, mark, None, anchor=event.anchor)
        if event.anchor is not None:
            self.anchors[event.anchor] = node
        return node

    def collection(self, event: Any, mapping: bool, depth: int) -> MappingNode | SequenceNode:
        """The empty node of a list or mapping that starts, to be filled by the events after."""
        mark = self.mark(event, depth)
        given = event.tag
        if given is None or given == "!":
            tag = self.map_tag if mapping else self.seq_tag
        else:
            tag = self.tag_of(given)
        node = (MappingNode if mapping else SequenceNode)(tag, [], mark, None, anchor=event.anchor)
        if event.anchor is not None:
            self.anchors[event.anchor] = node
        return node

    def alias(self, event: Any, parent: Any) -> Any:
        """The anchor's node; counted, and its line kept when it is an item of a list."""
        self.aliases += 1
        line = event.start_mark.line + 1
        if parent is not None and type(parent) is SequenceNode:
            self.alias_lines[(id(parent), len(parent.value))] = line
        if self.aliases > MAX_ALIASES:
            raise _Refused(line, _TOO_MANY_ALIASES)
        if event.anchor not in self.anchors:
            raise _Refused(line, f"YAML syntax: found undefined alias {event.anchor!r}")
        return self.anchors[event.anchor]


class _Builder:
    """Plain data (dicts, lists, str, int, float, bool, None, dates) from a composed node tree,
    with the line of every mapping key and list item, and every unreadable scalar as a problem.

    Aliases are copied where they are used, so pydantic sees a tree; the copies are counted.
    """

    def __init__(self, name: str, alias_lines: dict[tuple[int, int], int]) -> None:
        self.name = name
        self.alias_lines = alias_lines
        self.lines: dict[Path_, int] = {}
        self.problems: list[Problem] = []
        self.constructor: SafeConstructor = YAML(typ="safe", pure=True).constructor
        self.scalars: dict[tuple[str, str], Any] = {}
        """(tag, text) → value of each typed scalar read: a file repeats its numbers and dates."""
        self.met: set[int] = set()
        self.inside_alias = 0
        self.repeated = 0
        self.entry: tuple[int, Path_] = (1, ())

    def problem(self, node: Any, path: Path_, message: str) -> None:
        self.problems.append(Problem(self.name, node.start_mark.line + 1, dotted(path), message))

    def build(self, node: Any, path: Path_, record: bool = True) -> Any:
        alias = False
        if node.anchor is not None:
            alias = id(node) in self.met
            self.met.add(id(node))
            if alias and not self.inside_alias:
                self.entry = (self.lines.get(path, node.start_mark.line + 1), path)
        self.inside_alias += alias
        try:
            if self.inside_alias:
                self.repeated += 1
                if self.repeated > MAX_ALIAS_VALUES:
                    line, where = self.entry
                    raise _Refused(
                        line,
                        f"{dotted(where) or 'YAML'}: aliases (*name) repeat more than "
                        f"{MAX_ALIAS_VALUES:,} values in all; write the values out",
                    )
            if len(path) > MAX_DEPTH:
                raise _Refused(
                    node.start_mark.line + 1,
                    f"YAML nested more than {MAX_DEPTH} levels deep (an alias inside itself?)",
                )
            if isinstance(node, MappingNode):
                return self._mapping(node, path, record)
            if isinstance(node, SequenceNode):
                self._tag(node, path, _COLLECTION_TAGS)
                items = []
                lines = self.lines
                for i, item in enumerate(node.value):
                    sub = (*path, i)
                    if record:
                        lines[sub] = self.alias_lines.get((id(node), i), item.start_mark.line + 1)
                    items.append(self.build(item, sub, record))
                return items
            return self._scalar(node, path)
        finally:
            self.inside_alias -= alias

    def _tag(self, node: Any, path: Path_, allowed: set[str]) -> None:
        if node.tag not in allowed:
            self.problem(node, path, f"YAML tag {node.tag} is not supported here; remove it")

    def _mapping(self, node: Any, path: Path_, record: bool) -> dict[str, Any]:
        self._tag(node, path, _COLLECTION_TAGS)
        out: dict[str, Any] = {}
        given: dict[str, Any] = {}
        merges: list[Any] = []
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                merges += value_node.value if isinstance(value_node, SequenceNode) else [value_node]
                continue
            if not isinstance(key_node, ScalarNode):
                self.problem(key_node, path, "a key must be a name, not a list or mapping")
                continue
            key = str(key_node.value)
            sub = (*path, key)
            if key in given:
                first, then = given[key], value_node
                values = (
                    f' with value "{then.value}" (original value: "{first.value}")'
                    if isinstance(first, ScalarNode) and isinstance(then, ScalarNode)
                    else ""
                )
                self.problem(key_node, (), f'YAML syntax: found duplicate key "{key}"{values}')
                continue
            given[key] = value_node
            if record:
                self.lines[sub] = key_node.start_mark.line + 1
            out[key] = self.build(value_node, sub, record)
        for source in merges:  # keys given in the mapping win over merged ones, earlier over later
            if not isinstance(source, MappingNode):
                self.problem(source, path, "YAML: << merges a mapping or a list of mappings")
                continue
            for key, value in self.build(source, path, record=False).items():
                out.setdefault(key, value)
        return out

    def _scalar(self, node: Any, path: Path_) -> Any:
        tag = node.tag
        if tag in (_STR, _MERGE):
            return node.value
        if tag not in _SCALAR_TAGS:
            self._tag(node, path, set())
            return node.value
        known = self.scalars.get((tag, node.value), self)
        if known is not self:
            return known
        kind = tag.removeprefix(_TAG)
        if kind in ("int", "float") and len(node.value) > MAX_NUMBER_CHARS:
            self.problem(
                node,
                path,
                f"a number {len(node.value):,} characters long; numbers here have at most "
                f"{MAX_NUMBER_CHARS}",
            )
            return None
        try:
            value = self.constructor.construct_object(node, deep=True)
        except (ValueError, OverflowError, KeyError, MarkedYAMLError) as err:
            what = "date" if kind == "timestamp" and len(node.value) == 10 else kind
            what = {"timestamp": "date and time", "int": "number", "float": "number"}.get(
                what, what
            )
            why = err.problem if isinstance(err, MarkedYAMLError) else err
            if isinstance(err, KeyError):  # !!bool given a word other than true or false
                why = "true or false"
            self.problem(node, path, f"{node.value} is not a valid {what} ({why})")
            return None
        self.scalars[(tag, node.value)] = value
        return value


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector off while a file becomes nodes, data and models.

    Reading builds hundreds of thousands of objects and frees them by reference counting; the
    collector, run on every 700 allocations, walked the growing heap again and again: a third of
    the time of reading a dense megabyte. It is switched back on after (by whoever switched it
    off, if threads read at once), and collects any cycles then.
    """
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def read_yaml(path: Path) -> Document:
    """Parse one YAML file; unreadable files and syntax errors become located problems.

    libyaml reads it; a file libyaml refuses is read again by ruamel, whose verdict and message
    stand (the two word their errors differ, and differ at the edges of the YAML spec). A tab
    between the tokens of a line or inside a plain scalar, which YAML 1.2 allows, is read (ruamel
    alone refused it).
    """
    name = str(path)
    raw = read_bounded(path)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise InputError([Problem(name, line, "", "not UTF-8 text")]) from None
    with _collector_paused():
        return _document(path, name, raw, text)


def _document(path: Path, name: str, raw: bytes, text: str) -> Document:
    """The document of a file's text: libyaml's reading, or ruamel's where libyaml refuses."""
    try:
        node: Any = None
        read = False
        if _CParser is not None and not _YAML_1_1_BREAKS.search(text):
            try:
                node, alias_lines = _compose_libyaml(text)
                read = True
            except _pyyaml.YAMLError:
                pass
        if not read:
            node, alias_lines = _compose_ruamel(text)
        builder = _Builder(name, alias_lines)
        data = None if node is None else builder.build(node, ())
    except _Refused as err:
        raise InputError([Problem(name, err.line, "", err.message)]) from None
    except MaxDepthExceededError as err:
        line = err.problem_mark.line + 1 if err.problem_mark is not None else 1
        raise InputError([Problem(name, line, "", _TOO_DEEP)]) from None
    except MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark is not None else 1
        what = (err.problem or err.context or "invalid YAML").strip()
        raise InputError([Problem(name, line, "", f"YAML syntax: {what}")]) from None
    except YAMLError as err:
        raise InputError([Problem(name, 1, "", f"YAML syntax: {err}")]) from None
    except RecursionError:
        raise InputError([Problem(name, 1, "", "YAML nested too deeply")]) from None
    if builder.problems:
        raise InputError(builder.problems)
    if not isinstance(data, dict):
        raise InputError([Problem(name, 1, "", "expected a mapping of fields at the top")])
    return Document(Source(path, raw), data, builder.lines)


def _loc(loc: tuple[str | int, ...]) -> Path_:
    """Pydantic's error location without its internal tags (``function-after[...]``)."""
    return tuple(p for p in loc if isinstance(p, int) or "[" not in p)


def _pattern_in_words(value: object, pattern: str) -> str:
    """Pydantic's "String should match pattern '^[a-z0-9]...'", said as the rule it stands for."""
    shown = repr(value) if len(repr(value)) <= 60 else repr(value)[:57] + "..."
    what, rule = PATTERN_WORDS.get(pattern, ("of the right form", f"it must match {pattern}"))
    return f"{shown} is not {what}: {rule}"


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
            elif e["type"] == "string_pattern_mismatch":
                message = _pattern_in_words(e["input"], str(e.get("ctx", {}).get("pattern")))
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
        out += _check_venue(venue, ("venues", vi), city_ids, fest, timeline_order, doc)
    for di, day in enumerate(vf.policy.holidays):
        if not fest.first_day <= day <= fest.last_day:
            out.append(doc.problem(("policy", "holidays", di), f"{day} is outside the festival"))
    return out


def _check_venue(
    venue: Venue,
    at: Path_,
    city_ids: set[str],
    fest: Festival,
    timeline_order: Callable[[dt.time], int],
    doc: Document,
) -> list[Problem]:
    """A venue's city and hall ids, and each of its halls."""
    out: list[Problem] = []
    if venue.city not in city_ids:
        out.append(doc.problem((*at, "city"), f"unknown city {venue.city!r}"))
    for hi in _duplicates([h.id for h in venue.halls]):
        out.append(
            doc.problem((*at, "halls", hi, "id"), f"duplicate hall id {venue.halls[hi].id!r}")
        )
    for hi, hall in enumerate(venue.halls):
        out += _check_hall(hall, (*at, "halls", hi), fest, timeline_order, doc)
    return out


def _check_hall(
    hall: Hall,
    at: Path_,
    fest: Festival,
    timeline_order: Callable[[dt.time], int],
    doc: Document,
) -> list[Problem]:
    """A hall's hours, and the dates and times of its exceptions and blocked periods."""
    out: list[Problem] = []
    if timeline_order(hall.hours.close) <= timeline_order(hall.hours.open):
        out.append(doc.problem((*at, "hours"), "close is not after open"))
    for ei, exc in enumerate(hall.exceptions):
        if not fest.first_day <= exc.date <= fest.last_day:
            out.append(doc.problem((*at, "exceptions", ei, "date"), _outside(exc.date, fest)))
        if exc.open and exc.close and timeline_order(exc.close) <= timeline_order(exc.open):
            out.append(doc.problem((*at, "exceptions", ei), "close is not after open"))
    for bi, block in enumerate(hall.blocked):
        if not fest.first_day <= block.date <= fest.last_day:
            out.append(doc.problem((*at, "blocked", bi, "date"), _outside(block.date, fest)))
        if timeline_order(block.to) <= timeline_order(block.from_):
            out.append(doc.problem((*at, "blocked", bi), "'to' is not after 'from'"))
    return out


def _outside(day: dt.date, fest: Festival) -> str:
    """The words for a date outside the festival."""
    return f"{day} is outside the festival ({fest.first_day} to {fest.last_day})"


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
    check = _References(vf, vdoc, films, pdoc)
    check.transit()
    check.copies()
    check.keys()
    check.guests()
    check.pinned_guests()
    return check.out


class _References:
    """The problems of a venue file's logistics and guests, collected in the order of the file."""

    def __init__(
        self, vf: VenueFile, vdoc: Document, films: dict[str, Film], pdoc: Document
    ) -> None:
        self.vf = vf
        self.vdoc = vdoc
        self.films = films
        self.pdoc = pdoc
        self.city_ids = {c.id for c in vf.cities}
        self.out: list[Problem] = []

    def problem(self, path: Path_, message: str) -> None:
        self.out.append(self.vdoc.problem(path, message))

    def film_known(self, path: Path_, film: str) -> None:
        if film not in self.films:
            self.problem(path, f"unknown film {film!r} (not in {self.pdoc.name})")

    def city_known(self, path: Path_, city: str) -> None:
        if city not in self.city_ids:
            self.problem(path, f"unknown city {city!r}")

    def transit(self) -> None:
        """The cities travel times are given between."""
        for ti, transit in enumerate(self.vf.logistics.transit):
            for ci, city in enumerate(transit.between):
                self.city_known(("logistics", "transit", ti, "between", ci), city)

    def copies(self) -> None:
        """The films with a limited number of copies: known, each listed once."""
        pools = self.vf.logistics.copies
        for ci, pool in enumerate(pools):
            self.film_known(("logistics", "copies", ci, "film"), pool.film)
        for i in _duplicates([p.film for p in pools]):
            self.problem(("logistics", "copies", i, "film"), "film listed twice")

    def keys(self) -> None:
        """Key windows: a known film and venue, times the clocks show, an end after the start."""
        vf = self.vf
        venue_ids = {v.id for v in vf.venues}
        timeline = Timeline.for_festival(vf.festival.first_day, vf.policy.day_cutoff)
        for ki, key in enumerate(vf.logistics.keys):
            at = ("logistics", "keys", ki)
            self.film_known((*at, "film"), key.film)
            if key.venue not in venue_ids:
                self.problem((*at, "venue"), f"unknown venue {key.venue!r}")
            else:
                zone = _zone(vf, next(v.city for v in vf.venues if v.id == key.venue))
                for end in ("valid_from", "valid_until"):
                    moment = getattr(key, end)
                    self.out += _nonexistent(timeline, moment, zone, self.vdoc, (*at, end))
            if key.valid_until <= key.valid_from:
                self.problem(at, "valid_until is not after valid_from")

    def guests(self) -> None:
        """Guest ids, and each guest's availability and appearances."""
        guests = self.vf.guests
        for i in _duplicates([g.id for g in guests]):
            self.problem(("guests", i, "id"), f"duplicate guest id {guests[i].id!r}")
        for gi, guest in enumerate(guests):
            self.guest(("guests", gi), guest)

    def guest(self, at: Path_, guest: Guest) -> None:
        for ri, span in enumerate(guest.available):
            if span.until < span.from_:
                self.problem((*at, "available", ri), "'until' is before 'from'")
        for ai, appearance in enumerate(guest.appearances):
            self.film_known((*at, "appearances", ai, "film"), appearance.film)
            for ci, city in enumerate(appearance.cities):
                self.city_known((*at, "appearances", ai, "cities", ci), city)
        for i in _duplicates([a.film for a in guest.appearances]):
            self.problem((*at, "appearances", i, "film"), "film listed twice for a guest")

    def pinned_guests(self) -> None:
        """A guest named by a pin is known and appears at the pinned film."""
        guests = {g.id: g for g in self.vf.guests}
        for pi, pin in enumerate(self.vf.pins):
            if pin.guest is None:
                continue
            pinned_guest = guests.get(pin.guest)
            if pinned_guest is None:
                self.problem(("pins", pi, "guest"), f"unknown guest {pin.guest!r}")
            elif pin.film not in {a.film for a in pinned_guest.appearances}:
                self.problem(
                    ("pins", pi, "guest"),
                    f"{pin.guest!r} has no appearance at {pin.film!r}; add one under guests",
                )


def _zone(vf: VenueFile, city: str) -> str | None:
    """The IANA zone of a city of the venue file (None for an unknown city, reported elsewhere)."""
    return next((c.timezone for c in vf.cities if c.id == city), None)


def _nonexistent(
    timeline: Timeline, moment: dt.datetime, zone: str | None, doc: Document, path: Path_
) -> list[Problem]:
    """A problem if a local time falls in the hour a clock change skips (none in Russia)."""
    if zone is None:
        return []
    try:
        timeline.localize(moment, zone)
    except NonexistentLocalTime as err:
        return [doc.problem(path, f"{err}: the clocks go forward then; give another time")]
    except OverflowError:  # the first or last hours of the calendar, reported as outside
        return []
    return []


def _longest_windows(vf: VenueFile, timeline: Timeline) -> Iterator[tuple[Hall, int]]:
    """Each hall and its longest opening on a festival day, in minutes, up to the latest end."""
    order = timeline.order_of
    latest = None if vf.policy.latest_end is None else order(vf.policy.latest_end)
    days = vf.festival.days
    for venue in vf.venues:
        for hall in venue.halls:
            longest = 0
            for day in days:
                hours = hours_on(hall, day)
                if hours is None:
                    continue
                close = order(hours[1]) if latest is None else min(order(hours[1]), latest)
                longest = max(longest, close - order(hours[0]))
            yield hall, longest


def check_pair(vf: VenueFile, vdoc: Document, prog: Programme, pdoc: Document) -> list[Problem]:
    """What each file says about the other: pins, city names, and films no hall can hold."""
    films = {f.id: f for f in prog.films}
    timeline = Timeline.for_festival(vf.festival.first_day, vf.policy.day_cutoff)
    out = _check_pins(vf, vdoc, films, pdoc, timeline)
    out += _check_logistics(vf, vdoc, films, pdoc)
    out += _check_films(vf, vdoc, prog, pdoc, timeline)
    return out


def _check_films(
    vf: VenueFile, vdoc: Document, prog: Programme, pdoc: Document, timeline: Timeline
) -> list[Problem]:
    """Each film still in the line-up: its cities are known, a hall can hold it, counts add up."""
    out: list[Problem] = []
    city_ids = {c.id for c in vf.cities}
    intro = vf.policy.intro_minutes
    halls = [(h, set(h.features), window) for h, window in _longest_windows(vf, timeline)]
    for fi, film in enumerate(prog.films):
        if film.withdrawn:
            continue
        at = ("films", fi)
        out += _unknown_cities(film, at, city_ids, vdoc, pdoc)
        needed = set(film.requires.features)
        eligible = [
            window
            for hall, features, window in halls
            if hall.seats >= film.requires.min_seats and needed <= features
        ]
        if not eligible:
            out.append(
                pdoc.problem((*at, "requires"), f"no hall in {vdoc.name} has {_needs(film)}")
            )
            continue
        longest = max(eligible)
        if intro + film.runtime > longest:
            out.append(
                pdoc.problem(
                    (*at, "runtime"),
                    f"{film.runtime} min + {intro} min intro is longer than every window of its "
                    f"eligible halls (longest {longest} min)",
                )
            )
        out += _city_minimums(film, at, city_ids, vdoc, pdoc)
    return out


def _check_pins(
    vf: VenueFile, vdoc: Document, films: dict[str, Film], pdoc: Document, timeline: Timeline
) -> list[Problem]:
    """Each pin's film, venue and hall are known, and its start is a time in the festival."""
    out: list[Problem] = []
    venues = {v.id: v for v in vf.venues}
    fest = vf.festival
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
        if venue is not None:
            out += _nonexistent(timeline, pin.start, _zone(vf, venue.city), vdoc, (*at, "start"))
        try:
            day = timeline.festival_day(pin.start)
        except OverflowError:  # before 0001-01-01
            day = dt.date.min
        if not fest.first_day <= day <= fest.last_day:
            out.append(vdoc.problem((*at, "start"), f"festival day {_outside(day, fest)}"))
    return out


def _unknown_cities(
    film: Film, at: Path_, city_ids: set[str], vdoc: Document, pdoc: Document
) -> list[Problem]:
    """Cities a film's counts or demand name that the venue file does not have."""
    named: list[tuple[Path_, Iterable[str]]] = [
        (("screenings", "cities"), film.screenings.cities),
        (("demand", "by_city"), film.demand.by_city),
    ]
    return [
        pdoc.problem((*at, *where, city), f"unknown city {city!r} (not in {vdoc.name})")
        for where, cities in named
        for city in cities
        if city not in city_ids
    ]


def _needs(film: Film) -> str:
    """What a film requires of a hall, in words."""
    needs = [f"features {list(film.requires.features)}"] if film.requires.features else []
    if film.requires.min_seats:
        needs.append(f"{film.requires.min_seats}+ seats")
    return " and ".join(needs)


def _city_minimums(
    film: Film, at: Path_, city_ids: set[str], vdoc: Document, pdoc: Document
) -> list[Problem]:
    """A problem if the film's minimum screenings in each city add up to more than its maximum."""
    counts = film.screenings
    city_min = sum(
        max(counts.min_per_city, counts.cities[c].min if c in counts.cities else 0)
        for c in city_ids
    )
    if city_min <= counts.max:
        return []
    return [
        pdoc.problem(
            (*at, "screenings"),
            f"per-city minimums add up to {city_min} over {len(city_ids)} cities of "
            f"{vdoc.name}, above max {counts.max}",
        )
    ]


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
    with _collector_paused():
        return _load(venues, programme)


def _load(venues: Path, programme: Path | None) -> Inputs:
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
