"""`festival serve` over real HTTP on loopback: headers, conditional requests, what is refused."""

from __future__ import annotations

import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import Server, start_server


def fetch(
    url: str, method: str = "GET", headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, dict(response.headers.items()), response.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers.items()), err.read()


@pytest.fixture(scope="module")
def served(planned: dict[str, Path]) -> Iterator[Server]:
    server = start_server(planned["tour"])
    yield server
    server.process.terminate()
    server.process.wait(timeout=10)


def test_feed_served_as_calendar_with_validators(served: Server, planned: dict[str, Path]) -> None:
    status, headers, body = fetch(served.url + "/feeds/city/vladivostok.ics")
    assert status == 200
    assert headers["content-type"] == "text/calendar; charset=utf-8"
    assert body == (planned["tour"] / "feeds" / "city" / "vladivostok.ics").read_bytes()
    assert headers["etag"].startswith('"') and not headers["etag"].startswith("W/")
    assert headers["cache-control"] == "public, max-age=60, must-revalidate"
    assert "last-modified" in headers
    assert "content-disposition" not in headers


def test_conditional_get_returns_304(served: Server) -> None:
    url = served.url + "/feeds/festival.ics"
    _, headers, _ = fetch(url)
    status, again, body = fetch(url, headers={"If-None-Match": headers["etag"]})
    assert (status, body, again["etag"]) == (304, b"", headers["etag"])
    status, _, _ = fetch(url, headers={"If-Modified-Since": headers["last-modified"]})
    assert status == 304
    status, _, _ = fetch(url, headers={"If-None-Match": '"other"'})
    assert status == 200


def test_head_has_headers_and_no_body(served: Server) -> None:
    status, headers, body = fetch(served.url + "/feeds/festival.ics", method="HEAD")
    _, full, data = fetch(served.url + "/feeds/festival.ics")
    assert (status, body) == (200, b"")
    assert headers["content-length"] == str(len(data))
    assert headers["etag"] == full["etag"]


@pytest.mark.parametrize(
    "path",
    [
        "/nope.ics",
        "/feeds/",
        "/feeds",
        "/inputs/venues.yaml",
        "/inputs/programme.yaml",
        "/logistics/print-traffic.csv",
        "/print/organisers.pdf",
        "/../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/feeds/..%2f..%2finputs%2fvenues.yaml",
        "/.hidden.ics",
    ],
)
def test_unknown_private_and_traversal_paths_are_404(served: Server, path: str) -> None:
    status, _, body = fetch(served.url + path)
    assert status == 404
    assert b"root:" not in body


def test_port_in_use_is_one_clear_line(served: Server, planned: dict[str, Path]) -> None:
    port = served.url.rsplit(":", 1)[1]
    result = subprocess.run(
        [sys.executable, "-m", "festival", "serve", str(planned["tour"]), "--port", port],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"cannot listen on 127.0.0.1:{port}: Address already in use"
    ]


def test_serve_refuses_a_folder_without_schedule(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "festival", "serve", str(tmp_path), "--port", "0"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"{tmp_path}: not a festival output folder (no schedule.json)"
    ]
