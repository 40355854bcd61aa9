"""The programmer's workspace in headless Chromium (Playwright), on the tour example served by
`festival edit`: drag a screening onto another and read `hall_overlap` on the block, undo, move by
keyboard, lock two screenings, optimise, accept, save the locks (then `festival plan` keeps
them), publish (the feeds show the change with a higher SEQUENCE). Screenshots at 1440 px and at
tablet width go to $FESTIVAL_SCREENSHOTS (default: the test's temporary folder); axe-core finds no
violation.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import icalendar
import pytest

from festival.load import load
from festival.release import read
from tests.conftest import EXAMPLES, plan_example, public, start_edit, tour_copy
from tests.e2e.test_browser import CHROMIUM, FLAGS

playwright = pytest.importorskip("playwright.sync_api")
from axe_playwright_python.sync_playwright import Axe  # type: ignore[import-untyped]  # noqa: E402

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is installed by .ci/run"),
]


def shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("FESTIVAL_SCREENSHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path, Path]]:
    """`festival edit` on a copy of the tour (planned by it): its address, venue file, folder."""
    venues = tour_copy(tmp_path)
    out = tmp_path / "out"
    process, url = start_edit(venues, out)
    yield url, venues, out
    process.terminate()
    process.wait(timeout=20)


@pytest.fixture
def page(served: tuple[str, Path, Path]) -> Iterator[Any]:
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM, args=[f for f in FLAGS if f != "--headless"]
        )
        page = browser.new_page(viewport={"width": 1440, "height": 1000})
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(served[0])
        page.wait_for_selector("body[data-ready=yes]")
        yield page
        browser.close()
        assert errors == [], errors


def block(page: Any, title: str) -> Any:
    return page.locator(".vis-item.screening", has_text=title).first


def test_a_programmer_edits_optimises_saves_and_publishes(
    page: Any, served: tuple[str, Path, Path], tmp_path: Path
) -> None:
    _, venues, out = served
    before = read(out).schedule
    assert Axe().run(page).violations_count == 0
    page.screenshot(path=str(shots(tmp_path) / "edit-1440.png"), full_page=True)

    # drag the 20:15 screening in Illuzion's Big Hall onto the 17:00 one before it
    late = block(page, "The Sinking of the Lisbon Maru")
    early = block(page, "My Country, My Parents")
    box, target = late.bounding_box(), early.bounding_box()
    page.mouse.move(box["x"] + 10, box["y"] + box["height"] / 2)
    page.mouse.down()
    for n in range(1, 11):
        page.mouse.move(
            box["x"] + 10 + (target["x"] + 40 - box["x"]) * n / 10, box["y"] + box["height"] / 2
        )
    page.mouse.up()
    page.wait_for_selector(".vis-item.screening.problem")
    problem = block(page, "The Sinking of the Lisbon Maru").inner_text()
    assert "hall_overlap: " in problem
    assert "hall_overlap: " in page.inner_text("#violations")
    page.screenshot(path=str(shots(tmp_path) / "edit-overlap-1440.png"), full_page=True)

    # undo: every rule holds again
    page.click("#undo")
    page.wait_for_function("document.getElementById('violations').children.length === 0")
    assert page.locator(".vis-item.screening.problem").count() == 0

    # by keyboard: select a screening in the day's list, an hour later (Shift+→ twice), Enter
    page.click("#day-list .pick >> nth=0")
    page.keyboard.press("Shift+ArrowRight")
    page.keyboard.press("Shift+ArrowRight")
    page.keyboard.press("Enter")
    page.wait_for_function("document.getElementById('undo').disabled === false")
    page.click("#undo")

    # lock two screenings (L), then optimise around them and accept
    locked = []
    for n in (0, 2):
        page.click(f"#day-list .pick >> nth={n}")
        text = page.locator("#day-list .pick").nth(n).inner_text()
        if "locked" not in text:
            page.keyboard.press("l")
            page.wait_for_function(
                f"document.querySelectorAll('#day-list .pick')[{n}].textContent.includes('locked')"
            )
            locked.append(text.split(" · ")[0])
    assert locked
    page.fill("#time-limit", "3")
    page.click("#optimise")
    page.wait_for_selector("#proposal:not([hidden])", timeout=120_000)
    assert "Done:" in page.inner_text("#progress")
    page.click("#accept-all")
    page.wait_for_function("document.getElementById('proposal').hidden")
    assert page.inner_text("#violations") == ""

    # the locks go to the venue file, and festival plan keeps them
    page.click("#save-locks")
    page.wait_for_function("document.getElementById('status').textContent.includes('pin(s)')")
    pins = load(venues).venues.pins
    assert len(pins) == len(load(EXAMPLES["tour"]).venues.pins) + len(locked)
    replanned, _ = plan_example(venues)
    kept = {(p.film, p.start) for p in pins}
    assert kept <= {
        (s.film, s.start_local.replace(tzinfo=None)) for s in replanned.screenings if s.pinned
    }

    # a change to publish: an unlocked screening half an hour later, where that breaks nothing
    def settled() -> str:
        page.wait_for_function(
            "/holds|broken|Undone/.test(document.getElementById('status').textContent)"
        )
        text: str = page.inner_text("#status")
        return text

    page.select_option("#day", index=1)  # the first day's screenings are all locked now
    picks = page.locator("#day-list .pick")
    for n, key in itertools.product(range(picks.count()), ("Shift+ArrowRight", "Shift+ArrowLeft")):
        if "locked" in picks.nth(n).inner_text():
            continue
        picks.nth(n).click()
        page.keyboard.press(key)
        page.keyboard.press("Enter")
        if settled() == "Every hard rule holds.":
            break
        page.click("#undo")
        settled()
    else:
        raise AssertionError("no screening of the day moves half an hour without breaking a rule")
    page.click("#publish")
    page.wait_for_function(
        "document.getElementById('status').textContent.startsWith('Published')"
        " || document.getElementById('status').textContent.includes('not published')",
        timeout=120_000,
    )
    status = page.inner_text("#status")
    assert status.startswith("Published revision 2"), status
    after = read(out).schedule
    changed = {s.id for s in after.screenings if s.sequence > 0}
    assert changed
    feed = icalendar.Calendar.from_ical((public(out) / "feeds" / "festival.ics").read_bytes())
    sequences = {str(e["UID"]).split(".", 1)[0]: e.decoded("SEQUENCE") for e in feed.walk("VEVENT")}
    old = {s.id: s.sequence for s in before.screenings}
    assert all(sequences[i] > old.get(i, -1) for i in changed)

    page.set_viewport_size({"width": 820, "height": 1180})
    page.screenshot(path=str(shots(tmp_path) / "edit-tablet.png"), full_page=True)
    assert Axe().run(page).violations_count == 0
