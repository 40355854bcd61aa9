"""A re-planned May example for the publishing tests: a film withdrawn, a hall lost, a pin added.

The previous publication is the session's planned May example (``schedules["may"]``). The changed
inputs are real files: a copy of the venue file and of the line-up in a temporary folder (the venue
file's ``programme:`` path keeps pointing at the copy), with three edits an organiser might make
after publishing: *Hidden Blade* withdrawn (its five screenings are cancelled), Karo 11 Oktyabr's
Hall 2 withdrawn (screenings there move to another hall), and a pinned extra screening of *The
Sinking of the Lisbon Maru* in Kazan (added; the film gets a certificate so that 6 are allowed).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pytest

from festival.domain import Change, ChangeReport, Schedule, Screening
from festival.inputs import Inputs
from festival.load import load
from festival.plan import replan
from festival.solver import SolveOptions
from tests.conftest import ROOT

REPLANNED_AT = dt.datetime(2025, 5, 2, 8, 0, tzinfo=dt.UTC)
PROGRAMME = "china-film-festival-russia-2025.yaml"


@dataclass(frozen=True)
class Replanned:
    """A previous publication, the re-planned schedule, its (changed) inputs and the report."""

    previous: Schedule
    schedule: Schedule
    inputs: Inputs
    report: ChangeReport


def _edit(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def changed_may(folder: Path) -> Path:
    """Write the changed May venue file and line-up under ``folder``; the venue file's path."""
    (folder / "examples").mkdir(parents=True)
    (folder / "programmes").mkdir()
    programme = (ROOT / "programmes" / PROGRAMME).read_text(encoding="utf-8")
    programme = _edit(
        programme, "  - id: hidden-blade\n", "  - id: hidden-blade\n    withdrawn: true\n"
    )
    head, mark, tail = programme.partition("  - id: sinking-of-the-lisbon-maru\n")
    tail = _edit(tail, "      max: 5   #", "      max: 6   #")
    tail = _edit(tail, "    certificate: null", "    certificate: true")
    (folder / "programmes" / PROGRAMME).write_text(head + mark + tail, encoding="utf-8")
    venues = (ROOT / "examples" / "cffr-2025-may.yaml").read_text(encoding="utf-8")
    venues = _edit(venues, "      - id: hall-2\n", "      - id: hall-2\n        withdrawn: true\n")
    venues = _edit(
        venues,
        "pins:\n",
        "pins:\n  - film: sinking-of-the-lisbon-maru\n    venue: mir-kazan\n    hall: main\n"
        "    start: 2025-05-16T15:00\n",
    )
    path = folder / "examples" / "cffr-2025-may.yaml"
    path.write_text(venues, encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def replanned(
    schedules: dict[str, tuple[Schedule, Inputs]], tmp_path_factory: pytest.TempPathFactory
) -> Replanned:
    """The May example re-planned after the edits above (deterministic)."""
    previous, _ = schedules["may"]
    inputs = load(changed_may(tmp_path_factory.mktemp("changed")))
    options = SolveOptions(time_limit=2, deterministic=True)
    schedule, report = replan(inputs, previous, options, REPLANNED_AT)
    return Replanned(previous, schedule, inputs, report)


def first_shown(change: Change) -> Screening:
    """The screening a change is about as first published (as it is now, for an added one)."""
    screening = change.before or change.after
    assert screening is not None, change
    return screening


def hand_report(schedule: Schedule, *changes: Change) -> ChangeReport:
    """A hand-made report of revision 2 over ``schedule``, its counts taken from ``changes``."""
    count = {kind: sum(c.kind == kind for c in changes) for kind in ("moved", "changed")}
    return ChangeReport(
        festival=schedule.festival.id,
        from_revision=1,
        to_revision=2,
        generated_at=schedule.generated_at,
        published=len(schedule.screenings),
        cancelled=sum(c.kind == "cancelled" for c in changes),
        added=sum(c.kind == "added" for c in changes),
        penalty=0,
        changes=changes,
        **count,
    )
