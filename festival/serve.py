"""The feed server: serves the current revision of an output folder over HTTP.

A plain ASGI application run by uvicorn (Starlette's routing and middleware cost a quarter of the
throughput of uvicorn's pure-Python HTTP parser, and one route needs neither). Each request:

* resolves the revision once (:func:`festival.layout.current_revision`) and answers from it
  alone, so a client gets one revision's file whole while ``current`` is switched to another; no
  current revision is ``503`` with ``Retry-After`` (never a page with ``200``: calendar clients
  read that as an empty calendar and delete every event);
* serves only ``<revision>/public/``: each path component is opened with ``O_NOFOLLOW`` relative
  to its parent's descriptor, so no symlink is ever followed (into ``private/``, to an input file,
  out of the folder); only known kinds of file (:data:`MEDIA_TYPES`), no dot-files, no directory
  listings; ``index.html`` for ``/`` and for paths ending in ``/``;
* answers feeds with ``text/calendar; charset=utf-8``, a strong ETag (the SHA-256 of the bytes,
  from the revision's manifest when it lists the file), Last-Modified (the file's mtime: unchanged
  files are hard-linked from the previous revision and keep it), ``304`` on If-None-Match /
  If-Modified-Since, single byte ranges (``206`` / ``416``, If-Range), HEAD, a short
  Cache-Control and ``nosniff``; a malformed header is ignored, a path that cannot name a file is
  ``404``, and any unexpected error is ``503``, never ``500``.

One path is made, not read: ``/feeds/my.ics?s=<id>,<id>`` (a personal agenda, ``agenda``): the
chosen screenings' events cut from the revision's festival feed, the same bytes as in every feed,
with a feed's validators; a bad, unknown or excessive selection is ``400``.

Revisions are never changed in place, so a file's bytes and validators are cached per (revision,
path) in a small LRU: a cached answer costs a ``readlink`` and an ``lstat``. File reads happen on
the event loop (published files are small); larger files than :data:`CACHE_FILE_MAX` are read per
request and not cached.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import gc
import hashlib
import json
import os
import re
import socket
import stat
import threading
from collections import OrderedDict
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple
from urllib.parse import unquote_to_bytes

from festival.errors import OutputError
from festival.layout import AGENDA_FEED, AGENDA_MAX, MANIFEST, PUBLIC, current_revision

if TYPE_CHECKING:
    import uvicorn

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

MEDIA_TYPES = {
    ".ics": "text/calendar; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
    ".json": "application/json",
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".svg": "image/svg+xml",
    ".csv": "text/csv; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
}
INDEX = "index.html"

CACHE_CONTROL = "public, max-age=60, must-revalidate"
"""Short: a moved screening should reach subscribers soon; revalidation is cheap (ETag → 304)."""
RETRY_AFTER = "5"
"""Seconds a client should wait when there is no current revision (publishing is under way)."""

MAX_PATH = 2048
"""Longest URL path (bytes, percent-escaped) that may name a file; longer is 404."""
MAX_NAME = 255
"""Longest path component (bytes, as on disk)."""
CACHE_FILES = 512
CACHE_BYTES = 64 * 1024 * 1024
CACHE_FILE_MAX = 8 * 1024 * 1024
"""Files larger than this are read per request and not kept in the cache."""
MANIFESTS = 8
"""Manifests kept (one per recent revision)."""

_DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
_FILE_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
_SHA256 = re.compile(r"[0-9a-f]{64}")
_RANGE = re.compile(r"\s*bytes\s*=\s*(\d{0,18})\s*-\s*(\d{0,18})\s*", re.IGNORECASE)


class Unavailable(Exception):
    """The current revision cannot be read (none, or it lacks its public folder): 503."""


class Unsatisfiable(Exception):
    """A byte range that starts beyond the end of the file: 416."""


@dataclass(frozen=True, slots=True)
class Published:
    """One file of one revision, ready to send (its headers built once)."""

    data: bytes
    etag: str
    modified: int
    """The file's mtime, whole seconds (what Last-Modified says)."""
    last_modified: str
    media_type: str
    validators: tuple[tuple[bytes, bytes], ...]
    """ETag, Last-Modified, Cache-Control, Accept-Ranges, nosniff: on every answer about the file."""
    whole: tuple[tuple[bytes, bytes], ...]
    """The headers of a 200: Content-Type, Content-Length and the validators."""

    @classmethod
    def of(cls, data: bytes, etag: str, modified: int, media_type: str) -> Published:
        last_modified = email.utils.formatdate(modified, usegmt=True)
        validators = (
            (b"etag", etag.encode("ascii")),
            (b"last-modified", last_modified.encode("ascii")),
            (b"cache-control", CACHE_CONTROL.encode("ascii")),
            (b"accept-ranges", b"bytes"),
            (b"x-content-type-options", b"nosniff"),
        )
        whole = (
            (b"content-type", media_type.encode("ascii")),
            (b"content-length", str(len(data)).encode("ascii")),
            *validators,
        )
        return cls(data, etag, modified, last_modified, media_type, validators, whole)


class Reply(NamedTuple):
    """An HTTP answer: status, headers (lower-case names), body."""

    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes


class Revision(NamedTuple):
    """A revision folder and its identity on disk (a re-created folder of the same name differs)."""

    path: str
    inode: int
    changed: int


def etag_of(data: bytes) -> str:
    """A strong validator: the quoted SHA-256 of the bytes (first 40 hex digits)."""
    return _etag(hashlib.sha256(data).hexdigest())


def _etag(sha256_hex: str) -> str:
    return '"' + sha256_hex[:40] + '"'


def url_parts(raw_path: bytes) -> tuple[str, ...] | None:
    """The path components under the web root a URL path names, or None if it names no file.

    Percent-escapes are decoded as UTF-8 (invalid: None); empty, dot- and over-long components,
    NUL and backslashes are refused, as is any suffix not in :data:`MEDIA_TYPES`.
    """
    if len(raw_path) > MAX_PATH or not raw_path.startswith(b"/"):
        return None
    try:
        text = unquote_to_bytes(raw_path[1:]).decode("utf-8")
    except UnicodeDecodeError:
        return None
    if text == "" or text.endswith("/"):
        text += INDEX
    parts = tuple(text.split("/"))
    for part in parts:
        if (
            part == ""
            or part.startswith(".")
            or "\x00" in part
            or "\\" in part
            or len(part.encode("utf-8", "surrogateescape")) > MAX_NAME
        ):
            return None
    name = parts[-1]
    dot = name.rfind(".")
    if dot <= 0 or name[dot:] not in MEDIA_TYPES:
        return None
    return parts


def read_public(revision: str, parts: tuple[str, ...]) -> tuple[bytes, os.stat_result] | None:
    """A regular file's bytes and status under ``revision/public``, never through a symlink.

    Each component is opened relative to its parent's descriptor with ``O_NOFOLLOW``: a symlink
    anywhere below the web root, a missing file or anything but a regular file is None.
    Raises :class:`Unavailable` when the revision has no public folder.
    """
    try:
        top = os.open(os.path.join(revision, PUBLIC), _DIR_FLAGS)
    except OSError:
        raise Unavailable(revision) from None
    fd = top
    try:
        for part in parts[:-1]:
            try:
                child = os.open(part, _DIR_FLAGS, dir_fd=fd)
            except (OSError, ValueError):
                return None
            if fd != top:
                os.close(fd)
            fd = child
        try:
            file = os.open(parts[-1], _FILE_FLAGS, dir_fd=fd)
        except (OSError, ValueError):
            return None
        try:
            status = os.fstat(file)
            if not stat.S_ISREG(status.st_mode):
                return None
            with open(file, "rb", closefd=False) as handle:
                return handle.read(), status
        finally:
            os.close(file)
    finally:
        if fd != top:
            os.close(fd)
        os.close(top)


def read_manifest(revision: str) -> dict[str, str]:
    """The SHA-256 of each file a revision's manifest lists (path relative to the revision).

    A missing or malformed manifest, or a malformed entry, is left out: the bytes are hashed then.
    """
    try:
        fd = os.open(os.path.join(revision, MANIFEST), _FILE_FLAGS)
        with os.fdopen(fd, "rb") as fh:
            document = json.loads(fh.read())
    except (OSError, ValueError):
        return {}
    files = document.get("files") if isinstance(document, dict) else None
    if not isinstance(files, dict):
        return {}
    return {
        path: digest
        for path, digest in files.items()
        if isinstance(path, str) and isinstance(digest, str) and _SHA256.fullmatch(digest)
    }


class Files:
    """Published files by (revision, path): read once, kept in a bounded LRU.

    Revisions are immutable, so an entry never goes stale; the revision's inode and ctime are
    part of the key so that a revision folder deleted and re-created under the same number is
    read afresh.
    """

    def __init__(
        self, entries: int = CACHE_FILES, size: int = CACHE_BYTES, file_max: int = CACHE_FILE_MAX
    ) -> None:
        self.entries = entries
        self.size = size
        self.file_max = file_max
        self.lock = threading.Lock()
        self.files: OrderedDict[tuple[Revision, tuple[str, ...]], Published] = OrderedDict()
        self.held = 0
        self.manifests: OrderedDict[Revision, dict[str, str]] = OrderedDict()

    def get(self, revision: Revision, parts: tuple[str, ...]) -> Published | None:
        """The file ``parts`` of ``revision/public``, or None if it is not a servable file."""
        key = (revision, parts)
        with self.lock:
            found = self.files.get(key)
            if found is not None:
                self.files.move_to_end(key)
                return found
        read = read_public(revision.path, parts)
        if read is None:
            return None
        data, status = read
        digest = self.manifest(revision).get(PUBLIC + "/" + "/".join(parts))
        published = Published.of(
            data,
            _etag(digest) if digest is not None else etag_of(data),
            int(status.st_mtime),
            MEDIA_TYPES[parts[-1][parts[-1].rfind(".") :]],
        )
        if len(data) <= self.file_max:
            with self.lock:
                if key not in self.files:
                    self.files[key] = published
                    self.held += len(data)
                while self.files and (len(self.files) > self.entries or self.held > self.size):
                    _, dropped = self.files.popitem(last=False)
                    self.held -= len(dropped.data)
        return published

    def manifest(self, revision: Revision) -> dict[str, str]:
        """The revision's manifest, read once per revision."""
        with self.lock:
            found = self.manifests.get(revision)
            if found is not None:
                self.manifests.move_to_end(revision)
                return found
        files = read_manifest(revision.path)
        with self.lock:
            self.manifests[revision] = files
            while len(self.manifests) > MANIFESTS:
                self.manifests.popitem(last=False)
        return files


def revision_of(folder: Path) -> Revision | None:
    """The current revision of ``folder`` (one read of the link), or None."""
    found = current_revision(folder)
    if found is None:
        return None
    path = str(found)
    try:
        status = os.lstat(path)
    except OSError:
        return None
    if not stat.S_ISDIR(status.st_mode):
        return None
    return Revision(path, status.st_ino, status.st_ctime_ns)


def if_modified_since(value: str) -> float | None:
    """The timestamp of an If-Modified-Since header, or None when it is not a valid HTTP date."""
    try:
        when = email.utils.parsedate_to_datetime(value)
        if when.tzinfo is None:  # "-0000": UTC, origin unknown
            when = when.replace(tzinfo=dt.UTC)
        return when.timestamp()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def matches(header: str, etag: str) -> bool:
    """Whether an If-None-Match header names ``etag`` (weak comparison) or is ``*``."""
    tags = [t.strip() for t in header.split(",")]
    return "*" in tags or etag in tags or f"W/{etag}" in tags


def byte_range(header: str, size: int) -> tuple[int, int] | None:
    """The [start, stop) bytes a single ``Range`` asks for, or None to send the whole file.

    Multiple ranges, other units and malformed headers are None (a full answer is allowed).
    Raises :class:`Unsatisfiable` when no byte of the file is in the range.
    """
    found = _RANGE.fullmatch(header)
    if found is None:
        return None
    first, last = found.groups()
    if first == "":
        if last == "":
            return None
        suffix = int(last)
        if suffix == 0 or size == 0:
            raise Unsatisfiable
        return max(0, size - suffix), size
    start = int(first)
    if last != "" and int(last) < start:
        return None
    if start >= size:
        raise Unsatisfiable
    stop = size if last == "" else min(int(last) + 1, size)
    return start, stop


def if_range_holds(header: str, published: Published) -> bool:
    """Whether If-Range still names this file: its strong ETag, or exactly its Last-Modified."""
    header = header.strip()
    if header.startswith(('"', "W/")):
        return header == published.etag
    return header == published.last_modified


def _text(status: int, message: str, extra: list[tuple[bytes, bytes]] | None = None) -> Reply:
    body = message.encode("utf-8") + b"\n"
    headers = [
        (b"content-type", b"text/plain; charset=utf-8"),
        (b"content-length", str(len(body)).encode("ascii")),
        (b"x-content-type-options", b"nosniff"),
        *(extra or []),
    ]
    return Reply(status, headers, body)


def unavailable() -> Reply:
    """503 with Retry-After: no current revision, or an unexpected error."""
    return _text(
        503,
        "temporarily unavailable",
        [(b"retry-after", RETRY_AFTER.encode("ascii")), (b"cache-control", b"no-store")],
    )


NOT_FOUND = _text(404, "not found")
NOT_ALLOWED = _text(405, "method not allowed", [(b"allow", b"GET, HEAD")])

AGENDA = tuple(AGENDA_FEED.split("/"))
"""A personal agenda: ``/feeds/my.ics?s=<id>,<id>…``, the chosen screenings' events."""
SCREENING_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,127}")


def agenda_ids(query: bytes) -> list[str] | str:
    """The screening ids a personal agenda's query asks for (``s``, repeated or comma-separated,
    in order, without repeats), or why it cannot be answered."""
    ids: list[str] = []
    for pair in query.split(b"&"):
        name, _, value = pair.partition(b"=")
        if name != b"s":
            continue
        for raw in unquote_to_bytes(value.replace(b"+", b" ")).split(b","):
            ident = raw.decode("ascii", "replace").strip()
            if not SCREENING_ID.fullmatch(ident):
                return f"not a screening id: {ident[:40]!r}"
            if ident not in ids:
                ids.append(ident)
    if not ids:
        return "choose screenings: /feeds/my.ics?s=<screening id>,<screening id>"
    if len(ids) > AGENDA_MAX:
        return f"at most {AGENDA_MAX} screenings in one agenda ({len(ids)} asked for)"
    return ids


_BLOCK = re.compile(rb"^BEGIN:(VEVENT|VTIMEZONE)\r\n.*?^END:\1\r\n", re.M | re.S)
_UID = re.compile(rb"^UID:([a-z0-9-]+)\.", re.M)
_TZID = re.compile(rb"^TZID:([^\r\n]+)", re.M)
_TZID_PARAM = re.compile(rb";TZID=([^:;\r\n]+)")


def agenda(festival_feed: bytes, ids: list[str]) -> bytes | str:
    """The personal agenda of ``ids``: the festival feed's calendar with only their events, the
    same bytes as in every other feed (same UID, SEQUENCE, STATUS: a re-plan updates them in
    place), and only their zones; without the feed's SOURCE (a client refreshing from it would
    get the whole festival). Or why not: an id the festival feed does not hold."""
    blocks = list(_BLOCK.finditer(festival_feed))
    if not blocks:
        return "the festival feed holds no events"
    head = festival_feed[: blocks[0].start()]
    tail = festival_feed[blocks[-1].end() :]
    head = re.sub(rb"^SOURCE[;:].*\r\n(?:[ \t].*\r\n)*", b"", head, flags=re.M)
    events: dict[str, bytes] = {}
    zones: dict[bytes, bytes] = {}
    for block in blocks:
        data = block.group(0)
        if block.group(1) == b"VEVENT":
            uid = _UID.search(data)
            if uid is not None:
                events[uid.group(1).decode("ascii")] = data
        else:
            tzid = _TZID.search(data)
            if tzid is not None:
                zones[tzid.group(1)] = data
    missing = [i for i in ids if i not in events]
    if missing:
        return f"no such screening: {missing[0]}"
    chosen = [events[i] for i in ids]
    used = sorted({z for data in chosen for z in _TZID_PARAM.findall(data)})
    return b"".join([head, *(zones[z] for z in used if z in zones), *chosen, tail])


class FeedServer:
    """The ASGI application serving the current revision of an output folder."""

    def __init__(self, folder: Path, files: Files | None = None) -> None:
        self.folder = folder.absolute()
        self.files = files or Files()

    def answer(
        self, method: str, raw_path: bytes, headers: dict[str, str], query: bytes = b""
    ) -> Reply:
        """The reply to one request (``headers``: lower-case names, latin-1 values; ``query``:
        the raw query string, read by the personal agenda only)."""
        if method not in ("GET", "HEAD"):
            return NOT_ALLOWED
        parts = url_parts(raw_path)
        if parts is None:
            return NOT_FOUND
        revision = revision_of(self.folder)
        if revision is None:
            return unavailable()
        try:
            if parts == AGENDA:
                return self.agenda(method, revision, headers, query)
            published = self.files.get(revision, parts)
        except Unavailable:
            return unavailable()
        if published is None:
            return NOT_FOUND
        return self.reply(method, published, headers)

    def agenda(
        self, method: str, revision: Revision, headers: dict[str, str], query: bytes
    ) -> Reply:
        """``/feeds/my.ics?s=…``: the chosen screenings' events from this revision's festival
        feed (``agenda``), with the same validators as any feed (ETag: the SHA-256 of these
        bytes; Last-Modified: the festival feed's); a bad or unknown id is ``400``."""
        ids = agenda_ids(query)
        if isinstance(ids, str):
            return _text(400, ids)
        festival = self.files.get(revision, ("feeds", "festival.ics"))
        if festival is None:
            return NOT_FOUND
        data = agenda(festival.data, ids)
        if isinstance(data, str):
            return _text(400, data)
        published = Published.of(data, etag_of(data), festival.modified, MEDIA_TYPES[".ics"])
        return self.reply(method, published, headers)

    def reply(self, method: str, published: Published, headers: dict[str, str]) -> Reply:
        """The answer for a file found: full, 304, 206 or 416."""
        data = published.data
        if not headers:
            return Reply(200, list(published.whole), b"" if method == "HEAD" else data)
        common = list(published.validators)
        if_none_match = headers.get("if-none-match")
        if if_none_match is not None:
            if matches(if_none_match, published.etag):
                return Reply(304, common, b"")
        else:
            since = headers.get("if-modified-since")
            stamp = if_modified_since(since) if since else None
            if stamp is not None and published.modified <= stamp:
                return Reply(304, common, b"")
        requested = headers.get("range")
        if requested is not None and method == "GET":
            if_range = headers.get("if-range")
            if if_range is None or if_range_holds(if_range, published):
                try:
                    span = byte_range(requested, len(data))
                except Unsatisfiable:
                    return _text(
                        416,
                        "range not satisfiable",
                        [*common[:4], (b"content-range", f"bytes */{len(data)}".encode("ascii"))],
                    )
                if span is not None:
                    start, stop = span
                    content_range = f"bytes {start}-{stop - 1}/{len(data)}".encode("ascii")
                    return Reply(
                        206,
                        [
                            published.whole[0],
                            (b"content-length", str(stop - start).encode("ascii")),
                            (b"content-range", content_range),
                            *common,
                        ],
                        data[start:stop],
                    )
        return Reply(200, list(published.whole), b"" if method == "HEAD" else data)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    await send({"type": "lifespan.startup.complete"})
                elif message["type"] == "lifespan.shutdown":
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        if scope["type"] != "http":
            return
        try:
            wanted: dict[str, str] = {}
            for name, value in scope["headers"]:
                if name in _WANTED:
                    key = name.decode("latin-1")
                    text = value.decode("latin-1")
                    wanted[key] = f"{wanted[key]}, {text}" if key in wanted else text
            raw_path = scope.get("raw_path") or scope["path"].encode("utf-8", "surrogateescape")
            reply = self.answer(
                scope["method"],
                raw_path.split(b"?", 1)[0],
                wanted,
                scope.get("query_string") or b"",
            )
        except Exception:
            reply = unavailable()
        await send(
            {"type": "http.response.start", "status": reply.status, "headers": reply.headers}
        )
        await send({"type": "http.response.body", "body": reply.body})


_WANTED = frozenset({b"if-none-match", b"if-modified-since", b"range", b"if-range"})


def make_app(folder: Path) -> FeedServer:
    """The ASGI application serving ``folder``'s current revision."""
    return FeedServer(folder)


def bind(host: str, port: int) -> socket.socket:
    """A listening socket, or OutputError with one clear line (e.g. the port is in use)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as err:
        sock.close()
        raise OutputError(f"cannot listen on {host}:{port}: {err.strerror or err}") from None
    sock.listen(1024)
    return sock


def config(folder: Path) -> uvicorn.Config:
    """uvicorn's settings for serving ``folder`` (no access log: one line per poll is noise)."""
    import uvicorn

    return uvicorn.Config(
        make_app(folder),
        log_level="warning",
        access_log=False,
        lifespan="off",
        proxy_headers=False,
        server_header=False,
    )


def run_app(app: Any, sock: socket.socket) -> None:
    """Serve another ASGI application (the workspace's) on ``sock`` until interrupted."""
    import uvicorn

    config = uvicorn.Config(
        app,
        log_level="warning",
        access_log=False,
        lifespan="off",
        proxy_headers=False,
        server_header=False,
    )
    uvicorn.Server(config).run(sockets=[sock])


def run(folder: Path, sock: socket.socket) -> None:
    """Serve until interrupted.

    What was loaded before (the CLI's modules, the schedule it read) is moved out of the garbage
    collector's sight first: a full collection then scans only what requests allocate.
    """
    import uvicorn

    server = uvicorn.Server(config(folder))
    gc.collect()
    gc.freeze()
    server.run(sockets=[sock])
