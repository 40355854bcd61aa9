"""Headless Chromium loads the web programme from `festival serve`; every subscribe link resolves.

Subscribe links name the public base URL (e.g. https://cffr.example.org/2025-tour/); here they are
mapped onto the local server, which must serve each one as a calendar. A screenshot is written to
$FESTIVAL_SCREENSHOTS (default: the test's temporary folder) to be looked at.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import urllib.parse
import urllib.request
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest

from festival.release import read
from tests.conftest import Server, start_server

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is installed by .ci/run"),
]
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.hrefs += [v for k, v in attrs if k == "href" and v]


def chromium(*args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    with tempfile.TemporaryDirectory() as profile:
        return subprocess.run(
            [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args],
            capture_output=True,
            text=True,
            timeout=120,
        )


def served_path(href: str, base_url: str) -> str | None:
    """The server path a subscribe link stands for, or None if it is not a feed link."""
    if href.startswith("https://calendar.google.com/"):
        query = urllib.parse.parse_qs(urllib.parse.urlparse(href).query)
        href = query["cid"][0]
    if href.startswith("webcal://"):
        href = "https://" + href.removeprefix("webcal://")
    if href.startswith(base_url) and href.endswith(".ics"):
        return "/" + href.removeprefix(base_url)
    return None


@pytest.fixture(scope="module")
def server(planned: dict[str, Path]) -> Iterator[Server]:
    server = start_server(planned["tour"])
    yield server
    server.process.terminate()
    server.process.wait(timeout=10)


@pytest.mark.parametrize("page", ["index.html", "city/vladivostok.html", "film/red-silk.html"])
def test_page_loads_and_subscribe_links_resolve(
    server: Server, planned: dict[str, Path], page: str
) -> None:
    schedule = read(planned["tour"]).schedule
    base = schedule.festival.base_url.rstrip("/") + "/"
    dom = chromium("--dump-dom", f"{server.url}/{page}")
    assert dom.returncode == 0, dom.stderr
    parser = Links()
    parser.feed(dom.stdout)
    feeds = [p for p in (served_path(h, base) for h in parser.hrefs) if p]
    assert feeds, f"no subscribe links on {page}"
    kinds = {h.split(":", 1)[0] for h in parser.hrefs if served_path(h, base)}
    assert kinds == {"webcal", "https"}
    assert any(h.startswith("https://calendar.google.com/") for h in parser.hrefs)
    for path in sorted(set(feeds)):
        with urllib.request.urlopen(server.url + path, timeout=5) as response:
            assert response.status == 200
            assert response.headers["content-type"] == "text/calendar; charset=utf-8"
            assert response.read().startswith(b"BEGIN:VCALENDAR")


def test_screenshot_of_city_page(server: Server, tmp_path: Path) -> None:
    folder = Path(os.environ.get("FESTIVAL_SCREENSHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    for name, size in (("desktop", "1280,1800"), ("phone", "390,1800")):
        shot = folder / f"vladivostok-{name}.png"
        result = chromium(
            f"--window-size={size}", f"--screenshot={shot}", f"{server.url}/city/vladivostok.html"
        )
        assert result.returncode == 0, result.stderr
        assert shot.read_bytes().startswith(b"\x89PNG") and shot.stat().st_size > 10_000
