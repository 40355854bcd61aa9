"""The docs' nginx recipe, run with a real nginx on loopback over a real publication: the types
and charset it sends, a new revision served the moment it is current, byte ranges, and nothing of
the organisers' part reachable."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from festival.cli import app
from tests.conftest import ROOT

NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
pytestmark = [
    pytest.mark.nginx,
    pytest.mark.skipif(NGINX is None, reason="nginx is not installed (CI installs it)"),
]


def recipe() -> str:
    page = (ROOT / "docs" / "publishing.md").read_text(encoding="utf-8")
    (body,) = re.findall(r"```nginx\n(.*?)```", page, flags=re.S)
    return str(body)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fetch(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers.items()), response.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers.items()), err.read()


@pytest.fixture
def nginx(planned: dict[str, Path], tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """nginx with the recipe's location block, its alias pointed at a copy of the May folder."""
    out = tmp_path / "out"
    shutil.copytree(planned["may"], out, symlinks=True)
    location = recipe().replace("/srv/festival/out/", f"{out}/")
    port = free_port()
    (tmp_path / "logs").mkdir()
    config = tmp_path / "nginx.conf"
    # as root, nginx's workers would run as nobody, who cannot enter pytest's private tmp folder
    user = "user root;\n" if os.geteuid() == 0 else ""
    config.write_text(
        f"""{user}daemon off;
pid {tmp_path}/nginx.pid;
error_log {tmp_path}/logs/error.log;
events {{}}
http {{
  access_log off;
  client_body_temp_path {tmp_path}/body; proxy_temp_path {tmp_path}/proxy;
  fastcgi_temp_path {tmp_path}/fastcgi; uwsgi_temp_path {tmp_path}/uwsgi;
  scgi_temp_path {tmp_path}/scgi;
  server {{
    listen 127.0.0.1:{port};
{location}
  }}
}}
""",
        encoding="utf-8",
    )
    assert NGINX is not None
    process = subprocess.Popen([NGINX, "-c", str(config), "-p", str(tmp_path)])
    url = f"http://127.0.0.1:{port}/2025"
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.1)
    yield url, out
    process.terminate()
    process.wait(timeout=10)


def test_the_recipe_serves_feeds_as_utf8_calendars(nginx: tuple[str, Path]) -> None:
    url, out = nginx
    status, headers, body = fetch(url + "/feeds/festival.ics")
    assert status == 200
    assert headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert body == (out / "current" / "public" / "feeds" / "festival.ics").read_bytes()
    assert "ETag" in headers and "Last-Modified" in headers
    assert headers["Cache-Control"] == "public, max-age=60, must-revalidate"
    assert "Content-Disposition" not in headers
    status, _, _ = fetch(url + "/feeds/festival.ics", {"If-None-Match": headers["ETag"]})
    assert status == 304


def test_the_recipe_serves_pages_and_pdf_ranges(nginx: tuple[str, Path]) -> None:
    url, _ = nginx
    status, headers, _ = fetch(url + "/index.html")
    assert (status, headers["Content-Type"]) == (200, "text/html; charset=utf-8")
    status, headers, body = fetch(url + "/print/kazan.pdf", {"Range": "bytes=0-99"})
    assert (status, len(body), headers["Content-Type"]) == (206, 100, "application/pdf")


def test_the_organisers_part_is_out_of_reach(nginx: tuple[str, Path]) -> None:
    url, _ = nginx
    for path in (
        "/../private/schedule.json",
        "/%2e%2e/private/schedule.json",
        "/inputs/venues.yaml",
        "/print/organisers.pdf",
        "/logistics/print-traffic.csv",
        "/../manifest.json",
    ):
        status, _, _ = fetch(url + path)
        assert status in (400, 404), path


def test_a_new_revision_is_served_once_current(nginx: tuple[str, Path]) -> None:
    url, out = nginx
    _, before, _ = fetch(url + "/feeds/festival.ics")
    result = CliRunner().invoke(app, ["publish", str(out), "--lang", "en"])
    assert result.exit_code == 0, result.output
    _, after, body = fetch(url + "/feeds/festival.ics")
    assert after["ETag"] != before["ETag"]
    assert body == (out / "revisions" / "2" / "public" / "feeds" / "festival.ics").read_bytes()
