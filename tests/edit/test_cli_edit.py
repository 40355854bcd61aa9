"""`festival edit` as a programmer starts it: it plans a folder that has no plan, serves the
workspace on loopback, and a restart resumes the draft where the last step left it."""

from __future__ import annotations

import json
import re
import urllib.request
from pathlib import Path

from festival.edit.app import TOKEN_HEADER
from tests.conftest import start_edit, tour_copy


def _call(url: str, token: str, method: str = "GET", body: object = None) -> dict[str, object]:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method, headers={TOKEN_HEADER: token})
    with urllib.request.urlopen(request, timeout=60) as answer:
        result: dict[str, object] = json.loads(answer.read())
        return result


def test_edit_plans_serves_and_resumes_the_draft(tmp_path: Path) -> None:
    venues = tour_copy(tmp_path)
    out = tmp_path / "out"
    process, url = start_edit(venues, out)
    try:
        assert (out / "current").is_symlink()  # planned first
        with urllib.request.urlopen(url, timeout=60) as answer:
            page = answer.read().decode()
        assert "Broken rules" in page and "The plan" in page
        (token,) = re.findall(r'<meta name="festival-token" content="([^"]+)">', page)
        draft = _call(url + "api/draft", token)
        screening = next(s for s in draft["screenings"] if not s["locked"])  # type: ignore[attr-defined]
        locked = _call(
            url + "api/edit", token, "POST", {"kind": "lock", "screening": screening["id"]}
        )
        assert screening["id"] in locked["locked"]  # type: ignore[operator]
    finally:
        process.terminate()
        process.wait(timeout=20)
    process, url = start_edit(venues, out)
    try:
        # a new session has a new token; the draft is the one left
        with urllib.request.urlopen(url, timeout=60) as answer:
            page = answer.read().decode()
        (token,) = re.findall(r'<meta name="festival-token" content="([^"]+)">', page)
        assert screening["id"] in _call(url + "api/draft", token)["locked"]  # type: ignore[operator]
    finally:
        process.terminate()
        process.wait(timeout=20)
