"""`festival serve`: one revision per answer, validators, ranges, and what is refused.

Most tests call the ASGI application in-process (``Client``: a request as uvicorn would pass it,
no HTTP); those about what a client really sends (unnormalised paths, ``%00``, invalid UTF-8,
hostile headers, concurrency while ``current`` switches) talk to `festival serve` over loopback.
"""

from __future__ import annotations

import asyncio
import hashlib
import http.client
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import urllib.parse
from collections.abc import Iterator, MutableMapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import icalendar
import pytest

from festival import layout, serve
from festival.layout import CURRENT, MANIFEST, PRIVATE, PUBLIC, REVISIONS, current_revision
from festival.serve import FeedServer, etag_of, make_app
from tests.conftest import Server, start_server

FEED = "feeds/festival.ics"
PAGE = "index.html"
CITY_FEED = "feeds/city/vladivostok.ics"


# --- an in-process client ------------------------------------------------------------------------


@dataclass
class Answer:
    status_code: int
    headers: dict[str, str] = field(default_factory=dict)
    """Lower-case names."""
    content: bytes = b""


class Client:
    """Calls the ASGI application as uvicorn would: ``raw_path`` exactly as given, no HTTP."""

    def __init__(self, app: FeedServer) -> None:
        self.app = app

    def request(self, method: str, path: str, headers: dict[str, str] | None = None) -> Answer:
        raw_path, _, query = path.encode("ascii").partition(b"?")
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": method,
            "scheme": "http",
            "path": urllib.parse.unquote(raw_path.decode("ascii")),
            "raw_path": raw_path,
            "root_path": "",
            "query_string": query,
            "headers": [
                (name.lower().encode("latin-1"), value.encode("latin-1"))
                for name, value in (headers or {}).items()
            ],
            "server": ("testserver", 80),
            "client": ("127.0.0.1", 50000),
        }
        answer = Answer(0)

        async def receive() -> dict[str, object]:
            return {"type": "http.request", "body": b"", "more_body": False}

        async def send(message: MutableMapping[str, Any]) -> None:
            if message["type"] == "http.response.start":
                answer.status_code = message["status"]
                answer.headers = {
                    k.decode("latin-1"): v.decode("latin-1") for k, v in message["headers"]
                }
            else:
                answer.content += message.get("body", b"")

        asyncio.run(self.app(scope, receive, send))
        return answer

    def get(self, path: str, headers: dict[str, str] | None = None) -> Answer:
        return self.request("GET", path, headers)

    def head(self, path: str, headers: dict[str, str] | None = None) -> Answer:
        return self.request("HEAD", path, headers)

    def post(self, path: str) -> Answer:
        return self.request("POST", path)


# --- folders in the revision layout --------------------------------------------------------------


def copy_revision(source: Path, folder: Path, number: int) -> Path:
    """A copy of a whole revision (mtimes kept) as ``folder/revisions/<number>``."""
    target = folder / REVISIONS / str(number)
    shutil.copytree(source, target, symlinks=True)
    return target


def next_revision(before: Path, changes: dict[str, bytes]) -> Path:
    """The revision after ``before``: ``changes`` (path under public/ → bytes) written, every
    other file hard-linked as release.py does, and the manifest updated."""
    target = before.parent / str(int(before.name) + 1)
    for path in sorted(before.rglob("*")):
        name = path.relative_to(before).as_posix()
        if path.is_dir():
            (target / name).mkdir(parents=True, exist_ok=True)
        elif name != MANIFEST and name.removeprefix(PUBLIC + "/") not in changes:
            os.link(path, target / name)
    manifest = json.loads((before / MANIFEST).read_bytes())
    for name, data in changes.items():
        (target / PUBLIC / name).write_bytes(data)
        manifest["files"][f"{PUBLIC}/{name}"] = hashlib.sha256(data).hexdigest()
    manifest["revision"] = int(target.name)
    (target / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return target


def point(folder: Path, number: int | None) -> None:
    """Make revision ``number`` current in one rename (None: remove the link)."""
    if number is None:
        (folder / CURRENT).unlink(missing_ok=True)
        return
    link = folder / f".{CURRENT}-test-{threading.get_ident()}"
    link.unlink(missing_ok=True)
    os.symlink(f"{REVISIONS}/{number}", link)
    os.replace(link, folder / CURRENT)


@pytest.fixture(scope="module")
def site(planned: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tour's publication, copied so that hostile entries can be planted in its web root.

    ``public/`` holds symlinks to a .yaml input, into ``private/``, out of the folder, to
    ``/etc/passwd`` and to a real feed, plus a dot-file, an unknown kind of file, a folder named
    like a feed and a FIFO: none may be served.
    """
    base = tmp_path_factory.mktemp("site")
    folder = base / "out"
    source = current_revision(planned["tour"])
    assert source is not None
    revision = copy_revision(source, folder, 1)
    point(folder, 1)
    outside = base / "outside"
    outside.mkdir()
    (outside / "secret.ics").write_text("BEGIN:VCALENDAR\nX-SECRET:yes\n", encoding="utf-8")
    web = revision / PUBLIC
    venues = revision / PRIVATE / "inputs" / "venues.yaml"
    assert venues.is_file() and (revision / PRIVATE / "print" / "organisers.pdf").is_file()
    links = {
        "venues.ics": f"../{PRIVATE}/inputs/venues.yaml",
        "venues.yaml": f"../{PRIVATE}/inputs/venues.yaml",
        "feeds/venues.ics": str(venues),
        "organisers.pdf": f"../{PRIVATE}/print/organisers.pdf",
        "private": f"../{PRIVATE}",
        "outside": str(outside),
        "outside.ics": str(outside / "secret.ics"),
        "up": "../..",
        "passwd.csv": "/etc/passwd",
        "alias.ics": FEED,
        "feeds-alias": "feeds",
    }
    for name, target in links.items():
        os.symlink(target, web / name)
    (web / ".hidden.ics").write_text("BEGIN:VCALENDAR\n", encoding="utf-8")
    (web / "feeds" / ".festival.ics").write_text("BEGIN:VCALENDAR\n", encoding="utf-8")
    (web / "notes.txt").write_text("notes\n", encoding="utf-8")
    (web / "folder.ics").mkdir()
    os.mkfifo(web / "fifo.ics")
    return folder


@pytest.fixture(scope="module")
def client(site: Path) -> Client:
    return Client(make_app(site))


@pytest.fixture(scope="module")
def served(site: Path) -> Iterator[Server]:
    server = start_server(site)
    yield server
    server.process.terminate()
    server.process.wait(timeout=10)


def public_file(folder: Path, name: str) -> bytes:
    revision = current_revision(folder)
    assert revision is not None
    return (revision / PUBLIC / name).read_bytes()


def raw(
    url: str, path: str, method: str = "GET", headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], bytes]:
    """One request with ``path`` sent exactly as given (no normalisation, no quoting)."""
    where = urllib.parse.urlsplit(url)
    assert where.hostname is not None and where.port is not None
    connection = http.client.HTTPConnection(where.hostname, where.port, timeout=10)
    try:
        connection.putrequest(method, path, skip_accept_encoding=True)
        for name, value in (headers or {}).items():
            connection.putheader(name, value)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


# --- what a file is served with ------------------------------------------------------------------


def test_feed_served_as_calendar_with_validators(client: Client, site: Path) -> None:
    response = client.get("/" + CITY_FEED)
    data = public_file(site, CITY_FEED)
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    assert response.content == data
    assert response.headers["etag"] == etag_of(data)
    assert not response.headers["etag"].startswith("W/")
    assert response.headers["cache-control"] == "public, max-age=60, must-revalidate"
    assert response.headers["accept-ranges"] == "bytes"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["content-length"] == str(len(data))
    assert "last-modified" in response.headers
    assert "content-disposition" not in response.headers


def test_etag_is_the_manifests_sha256_of_the_bytes(client: Client, site: Path) -> None:
    revision = current_revision(site)
    assert revision is not None
    files = json.loads((revision / MANIFEST).read_bytes())["files"]
    response = client.get("/" + FEED)
    assert response.headers["etag"] == f'"{files[f"{PUBLIC}/{FEED}"][:40]}"'
    assert response.headers["etag"] == etag_of(response.content)


def test_index_html_for_the_root_and_folders(client: Client, site: Path) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert response.content == public_file(site, PAGE)
    assert client.get("/feeds/").status_code == 404


def test_conditional_get_returns_304(client: Client) -> None:
    url = "/" + FEED
    first = client.get(url)
    again = client.get(url, headers={"If-None-Match": first.headers["etag"]})
    assert (again.status_code, again.content, again.headers["etag"]) == (
        304,
        b"",
        first.headers["etag"],
    )
    weak = client.get(url, headers={"If-None-Match": f'"x", W/{first.headers["etag"]}'})
    assert weak.status_code == 304
    assert client.get(url, headers={"If-None-Match": "*"}).status_code == 304
    since = client.get(url, headers={"If-Modified-Since": first.headers["last-modified"]})
    assert since.status_code == 304
    old = client.get(url, headers={"If-Modified-Since": "Mon, 01 Jan 2001 00:00:00 GMT"})
    assert old.status_code == 200
    assert client.get(url, headers={"If-None-Match": '"other"'}).status_code == 200
    both = {"If-None-Match": '"other"', "If-Modified-Since": first.headers["last-modified"]}
    assert client.get(url, headers=both).status_code == 200


@pytest.mark.parametrize(
    "value",
    [
        "yesterday",
        "Mon, 32 Jan 2001 00:00:00 GMT",
        "Mon, 01 Jan 99999 00:00:00 GMT",
        "Mon, 01 Jan 2001 25:61:61 GMT",
        "garbage, garbage garbage",
        "0",
        ",",
        "Mon, 01 Jan 2001 00:00:00 -0000",
    ],
)
def test_malformed_if_modified_since_is_ignored(client: Client, value: str) -> None:
    response = client.get("/" + FEED, headers={"If-Modified-Since": value})
    assert response.status_code == 200
    assert response.content.startswith(b"BEGIN:VCALENDAR")


def test_head_has_headers_and_no_body(client: Client) -> None:
    head = client.head("/" + FEED)
    full = client.get("/" + FEED)
    assert (head.status_code, head.content) == (200, b"")
    assert head.headers["content-length"] == str(len(full.content))
    assert head.headers["etag"] == full.headers["etag"]
    assert head.headers["content-type"] == "text/calendar; charset=utf-8"
    assert head.headers["accept-ranges"] == "bytes"
    ranged = client.head("/" + FEED, headers={"Range": "bytes=0-9"})
    assert (ranged.status_code, ranged.content) == (200, b"")


def test_other_methods_are_405(client: Client) -> None:
    response = client.post("/" + FEED)
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, HEAD"


# --- byte ranges ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "start", "stop"),
    [
        ("bytes=0-9", 0, 10),
        ("bytes=10-", 10, None),
        ("bytes=-5", -5, None),
        ("bytes=100-100", 100, 101),
        ("bytes=0-999999999", 0, None),
        ("bytes=-999999999", 0, None),
    ],
)
def test_single_range_is_206(
    client: Client, site: Path, header: str, start: int, stop: int | None
) -> None:
    data = public_file(site, FEED)
    response = client.get("/" + FEED, headers={"Range": header})
    part = data[start:stop]
    first = start % len(data)
    assert response.status_code == 206
    assert response.content == part
    assert response.headers["content-length"] == str(len(part))
    assert response.headers["content-range"] == f"bytes {first}-{first + len(part) - 1}/{len(data)}"
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    assert response.headers["accept-ranges"] == "bytes"
    assert response.headers["etag"] == etag_of(data)


def test_a_pdf_is_served_in_ranges_as_viewers_ask(client: Client, site: Path) -> None:
    revision = current_revision(site)
    assert revision is not None
    name = sorted((revision / PUBLIC / "print").glob("*.pdf"))[0].relative_to(revision / PUBLIC)
    data = public_file(site, name.as_posix())
    head = client.head("/" + name.as_posix())
    assert head.headers["accept-ranges"] == "bytes"
    assert head.headers["content-type"] == "application/pdf"
    pieces = [
        client.get("/" + name.as_posix(), headers={"Range": f"bytes={a}-{a + 65535}"}).content
        for a in range(0, len(data), 65536)
    ]
    assert b"".join(pieces) == data


@pytest.mark.parametrize("header", ["bytes={size}-", "bytes={size}-{big}", "bytes=-0"])
def test_unsatisfiable_range_is_416(client: Client, site: Path, header: str) -> None:
    size = len(public_file(site, FEED))
    response = client.get("/" + FEED, headers={"Range": header.format(size=size, big=size + 9)})
    assert response.status_code == 416
    assert response.headers["content-range"] == f"bytes */{size}"
    assert response.headers["accept-ranges"] == "bytes"


@pytest.mark.parametrize(
    "header", ["bytes=0-1,5-6", "bytes=5-1", "items=0-1", "bytes=", "bytes=-", "bytes=a-b"]
)
def test_multiple_or_malformed_ranges_get_the_whole_file(
    client: Client, site: Path, header: str
) -> None:
    response = client.get("/" + FEED, headers={"Range": header})
    assert response.status_code == 200
    assert response.content == public_file(site, FEED)


def test_if_range_sends_the_part_only_while_the_file_is_unchanged(client: Client) -> None:
    full = client.get("/" + FEED)
    etag, modified = full.headers["etag"], full.headers["last-modified"]
    for same in (etag, modified):
        response = client.get("/" + FEED, headers={"Range": "bytes=0-9", "If-Range": same})
        assert (response.status_code, response.content) == (206, full.content[:10])
    for other in ('"other"', f"W/{etag}", "Mon, 01 Jan 2001 00:00:00 GMT", "garbage"):
        response = client.get("/" + FEED, headers={"Range": "bytes=0-9", "If-Range": other})
        assert (response.status_code, response.content) == (200, full.content)


# --- what is refused -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/nope.ics",
        "/feeds",
        "/inputs/venues.yaml",
        "/private/inputs/venues.yaml",
        "/logistics/print-traffic.csv",
        "/print/organisers.pdf",
        "/schedule.yaml",
        "/manifest.json",
        "/notes.txt",
        "/folder.ics",
        "/folder.ics/",
        "/fifo.ics",
        "/.hidden.ics",
        "/feeds/.festival.ics",
        "/feeds//festival.ics",
    ],
)
def test_unknown_private_and_hidden_paths_are_404(client: Client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert response.headers["content-type"] == "text/plain; charset=utf-8"


@pytest.mark.parametrize(
    "path",
    [
        "/venues.ics",  # a symlink to a .yaml input, under a servable name
        "/venues.yaml",  # the same, under its own name
        "/feeds/venues.ics",  # the same, by an absolute link
        "/organisers.pdf",  # a symlink to a file in private/
        "/private/print/organisers.pdf",  # a symlinked folder into private/
        "/private/logistics/print-traffic.csv",
        "/private/schedule.json",
        "/outside.ics",  # a symlink out of the output folder
        "/outside/secret.ics",  # a symlinked folder out of the output folder
        "/up/revisions/1/private/schedule.json",
        "/passwd.csv",  # /etc/passwd
        "/alias.ics",  # even a link to a public feed is not followed
        "/feeds-alias/festival.ics",
    ],
)
def test_symlinks_are_never_followed(client: Client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert b"root:" not in response.content and b"X-SECRET" not in response.content


@pytest.mark.parametrize(
    "path",
    [
        "/../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/feeds/..%2f..%2finputs%2fvenues.yaml",
        "/feeds/..%2f..%2fprivate%2finputs%2fvenues.yaml",
        "/..%2fmanifest.json",
        "/%00",
        "/feeds/festival.ics%00",
        "/feeds/festival.ics%00.ics",
        "/feeds%00/festival.ics",
        "/%ff.ics",
        "/feeds/%c3%28.ics",
        "/%ed%a0%80.ics",
        "/feeds%5c..%5c..%5cmanifest.json",
        "/" + "a" * 5000 + ".ics",
        "/feeds/" + "a" * 5000 + "/festival.ics",
        "/" + "feeds/" * 900 + "festival.ics",
    ],
)
def test_hostile_paths_over_http_are_404(served: Server, path: str) -> None:
    status, headers, body = raw(served.url, path)
    assert status == 404
    assert b"root:" not in body and b"programme" not in body
    assert headers["content-type"] == "text/plain; charset=utf-8"


def test_hostile_headers_over_http_are_not_500(served: Server) -> None:
    hostile = [
        {"If-Modified-Since": "Mon, 32 Jan 2001 00:00:00 GMT"},
        {"If-Modified-Since": "\xff\xfe garbage"},
        {"If-None-Match": "\xff"},
        {"Range": "bytes=" + "9" * 5000 + "-"},
        {"Range": "bytes=-" + "9" * 5000},
        {"Range": "bytes=0-0" + ",0-0" * 1000},
        {"Range": "bytes=0-9", "If-Range": "\xff"},
    ]
    for headers in hostile:
        status, _, _ = raw(served.url, "/" + FEED, headers=headers)
        assert status in (200, 206), headers


def test_an_unexpected_error_is_503_not_500(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(serve.Files, "get", broken)
    response = Client(make_app(site)).get("/" + FEED)
    assert response.status_code == 503
    assert response.headers["retry-after"] == serve.RETRY_AFTER


# --- no current revision, revisions switching ----------------------------------------------------


def test_no_current_revision_is_503_with_retry_after(tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    (broken / REVISIONS / "1").mkdir(parents=True)  # a revision without public/
    os.symlink(f"{REVISIONS}/1", broken / CURRENT)
    dangling = tmp_path / "dangling"
    dangling.mkdir()
    os.symlink(f"{REVISIONS}/7", dangling / CURRENT)
    empty = tmp_path / "empty"
    empty.mkdir()
    for folder in (empty, broken, dangling, tmp_path / "missing"):
        for path in ("/", "/" + FEED):
            response = Client(make_app(folder)).get(path)
            assert response.status_code == 503, (folder, path)
            assert response.headers["retry-after"] == serve.RETRY_AFTER
            assert response.headers["content-type"] == "text/plain; charset=utf-8"
            assert b"<html" not in response.content.lower()


@dataclass
class Two:
    """An output folder with two revisions that differ in the festival feed and the index page."""

    folder: Path
    files: dict[int, dict[str, bytes]]


@pytest.fixture(scope="module")
def two(planned: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Two:
    folder = tmp_path_factory.mktemp("two") / "out"
    source = current_revision(planned["tour"])
    assert source is not None
    first = copy_revision(source, folder, 1)
    feed, page = (first / PUBLIC / FEED).read_bytes(), (first / PUBLIC / PAGE).read_bytes()
    changed = {
        FEED: feed.replace(b"BEGIN:VEVENT", b"BEGIN:VEVENT\r\nCOMMENT:revision 2", 1),
        PAGE: page.replace(b"</body>", b"<p>revision 2</p></body>"),
    }
    assert changed[FEED] != feed and changed[PAGE] != page
    next_revision(first, changed)
    point(folder, 1)
    return Two(folder, {1: {FEED: feed, PAGE: page}, 2: changed})


# --- a personal agenda ---------------------------------------------------------------------------


def _vevents(feed: bytes) -> dict[str, bytes]:
    """Each VEVENT's bytes by its screening id."""
    blocks = re.findall(rb"BEGIN:VEVENT\r\n.*?END:VEVENT\r\n", feed, re.S)
    return {re.search(rb"UID:([a-z0-9-]+)\.", b).group(1).decode(): b for b in blocks}  # type: ignore[union-attr]


def test_a_personal_agenda_holds_the_chosen_screenings_as_every_feed_has_them(
    client: Client, site: Path
) -> None:
    """``/feeds/my.ics?s=…``: the ticked screenings' events, byte for byte as in every other
    feed (so a re-plan updates them in place), their zones only, no SOURCE (a client refreshing
    from it would get the whole festival), and a feed's validators."""
    festival = public_file(site, FEED)
    events = _vevents(festival)
    chosen = sorted(events)[:3]
    answer = client.get(f"/feeds/my.ics?s={chosen[0]},{chosen[1]}&s={chosen[2]}&s={chosen[0]}")
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "text/calendar; charset=utf-8"
    assert answer.headers["etag"] == etag_of(answer.content)
    assert _vevents(answer.content) == {i: events[i] for i in chosen}
    calendar = icalendar.Calendar.from_ical(answer.content)
    assert "SOURCE" not in calendar and "SOURCE" in icalendar.Calendar.from_ical(festival)
    zones = {str(z["TZID"]) for z in calendar.walk("VTIMEZONE")}
    assert zones == {e["DTSTART"].params["TZID"] for e in calendar.walk("VEVENT")}
    again = client.get(
        f"/feeds/my.ics?s={','.join(chosen)}", {"If-None-Match": answer.headers["etag"]}
    )
    assert again.status_code == 304


@pytest.mark.parametrize(
    ("query", "says"),
    [
        ("", "choose screenings"),
        ("?s=", "not a screening id"),
        ("?s=../private/schedule", "not a screening id"),
        ("?s=no-such-screening-1", "no such screening: no-such-screening-1"),
        ("?s=" + ",".join(f"x-{n}" for n in range(layout.AGENDA_MAX + 1)), "at most"),
    ],
)
def test_a_personal_agenda_refuses_what_it_cannot_hold_with_400(
    client: Client, query: str, says: str
) -> None:
    answer = client.get("/feeds/my.ics" + query)
    assert answer.status_code == 400
    assert says in answer.content.decode()


def test_a_personal_agenda_follows_a_replan(two: Two) -> None:
    """Subscribed before a re-plan, the agenda shows its screening cancelled after it: the same
    UID, a higher SEQUENCE, STATUS:CANCELLED."""
    revision = two.folder / REVISIONS / "3"
    shutil.rmtree(revision, ignore_errors=True)
    feed = two.files[1][FEED]
    sid, block = sorted(_vevents(feed).items())[0]
    cancelled = block.replace(b"STATUS:CONFIRMED", b"STATUS:CANCELLED").replace(
        b"SEQUENCE:0", b"SEQUENCE:1"
    )
    assert cancelled != block
    next_revision(two.folder / REVISIONS / "2", {FEED: feed.replace(block, cancelled)})
    client = Client(make_app(two.folder))
    try:
        point(two.folder, 1)
        before = client.get(f"/feeds/my.ics?s={sid}")
        point(two.folder, 3)
        after = client.get(f"/feeds/my.ics?s={sid}", {"If-None-Match": before.headers["etag"]})
    finally:
        point(two.folder, 1)
        shutil.rmtree(revision)
    assert (before.status_code, after.status_code) == (200, 200)
    old, new = (icalendar.Calendar.from_ical(a.content).walk("VEVENT")[0] for a in (before, after))
    assert str(old["UID"]) == str(new["UID"])
    assert (str(old["STATUS"]), str(new["STATUS"])) == ("CONFIRMED", "CANCELLED")
    assert int(str(new["SEQUENCE"])) > int(str(old["SEQUENCE"]))


def test_unchanged_files_keep_their_validators_across_revisions(two: Two) -> None:
    client = Client(make_app(two.folder))
    try:
        before = {p: client.get(p) for p in ("/style.css", "/" + FEED)}
        point(two.folder, 2)
        after = {p: client.get(p) for p in ("/style.css", "/" + FEED)}
    finally:
        point(two.folder, 1)
    css = ("etag", "last-modified")
    assert [before["/style.css"].headers[h] for h in css] == [
        after["/style.css"].headers[h] for h in css
    ]
    assert before["/" + FEED].headers["etag"] != after["/" + FEED].headers["etag"]
    assert after["/" + FEED].content == two.files[2][FEED]
    assert after["/" + FEED].headers["etag"] == etag_of(two.files[2][FEED])


def test_without_a_manifest_the_etag_is_still_the_sha256_of_the_bytes(tmp_path: Path) -> None:
    web = tmp_path / REVISIONS / "1" / PUBLIC / "feeds"
    web.mkdir(parents=True)
    (web / "festival.ics").write_bytes(b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
    point(tmp_path, 1)
    bare = Client(make_app(tmp_path)).get("/" + FEED)
    (tmp_path / REVISIONS / "1" / MANIFEST).write_text('{"files": [', encoding="utf-8")
    malformed = Client(make_app(tmp_path)).get("/" + FEED)
    assert bare.headers["etag"] == etag_of(b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
    assert malformed.headers["etag"] == bare.headers["etag"]


def test_the_cache_is_bounded(two: Two) -> None:
    files = serve.Files(entries=2, size=10**9, file_max=10**9)
    revision = serve.revision_of(two.folder)
    assert revision is not None
    for name in (FEED, PAGE, "style.css", CITY_FEED):
        published = files.get(revision, tuple(name.split("/")))
        assert published is not None
        assert published.data == (Path(revision.path) / PUBLIC / name).read_bytes()
    assert len(files.files) == 2
    small = serve.Files(file_max=10)
    assert small.get(revision, tuple(FEED.split("/"))) is not None
    assert len(small.files) == 0


def test_every_answer_is_one_revisions_file_while_current_switches(two: Two) -> None:
    """Clients fetch the feed and the page while ``current`` moves between revisions 1 and 2
    and is sometimes removed. Every 200 is one revision's file exactly, with the ETag of those
    bytes; an answer wholly within one state of the link is that state's revision (503 when
    there is none); 503 only when the link was gone at some point during the request."""
    folder = two.folder
    server = start_server(folder)
    states: list[int | None] = []
    begun, done = [0], [0]  # switches started / finished
    seen: set[int] = set()
    lock = threading.Condition()
    stop = threading.Event()
    results: list[tuple[str, int, int, int, str | None, str | None, bytes]] = []
    failures: list[BaseException] = []

    def client_loop(n: int) -> None:
        where = urllib.parse.urlsplit(server.url)
        assert where.hostname is not None and where.port is not None
        connection = http.client.HTTPConnection(where.hostname, where.port, timeout=10)
        try:
            i = 0
            while not stop.is_set():
                name = (FEED, PAGE)[(i + n) % 2]
                i += 1
                with lock:
                    start = done[0]
                connection.request("GET", "/" + name)
                response = connection.getresponse()
                body = response.read()
                with lock:
                    end = begun[0]
                    results.append(
                        (
                            name,
                            start,
                            end,
                            response.status,
                            response.getheader("etag"),
                            response.getheader("retry-after"),
                            body,
                        )
                    )
                    if start == end:
                        seen.add(start)
                        lock.notify_all()
        except BaseException as err:
            failures.append(err)
        finally:
            connection.close()

    plan: list[int | None] = [*([1, 2] * 15), *([None, 2, 1, None, 1, 2] * 3)]
    clients = [threading.Thread(target=client_loop, args=(n,)) for n in range(4)]
    try:
        with lock:
            states.append(1)  # state 0: revision 1, current since the server started
        for thread in clients:
            thread.start()
        for number in plan:
            with lock:
                # wait for one answer wholly within the present state (a guard, not a timing)
                lock.wait_for(lambda: done[0] in seen or bool(failures), timeout=30)
                begun[0] += 1
            point(folder, number)
            with lock:
                states.append(number)
                done[0] += 1
        with lock:
            lock.wait_for(lambda: done[0] in seen or bool(failures), timeout=30)
    finally:
        stop.set()
        for thread in clients:
            thread.join(timeout=30)
        point(folder, 1)
        server.process.terminate()
        server.process.wait(timeout=10)

    assert not failures, failures
    assert seen == set(range(len(states)))
    for name, start, end, status, etag, retry_after, body in results:
        window = states[start : end + 1]
        if status == 503:
            assert None in window and retry_after == serve.RETRY_AFTER
            assert b"<html" not in body.lower()
            continue
        assert status == 200, (name, status)
        assert body in (two.files[1][name], two.files[2][name]), name
        assert etag == etag_of(body)
        if start == end:
            expected = states[start]
            assert expected is not None and body == two.files[expected][name]


# --- the command ---------------------------------------------------------------------------------


def test_port_in_use_is_one_clear_line(served: Server, site: Path) -> None:
    port = served.url.rsplit(":", 1)[1]
    result = subprocess.run(
        [sys.executable, "-m", "festival", "serve", str(site), "--port", port],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"cannot listen on 127.0.0.1:{port}: Address already in use"
    ]


def test_serve_refuses_a_folder_without_a_publication(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "festival", "serve", str(tmp_path), "--port", "0"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"{tmp_path}: not a festival output folder (no current revision)"
    ]
