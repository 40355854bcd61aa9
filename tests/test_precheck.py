"""Each file in examples/impossible/ plants one conflict; the explanation names exactly that one."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

import festival.cli
from festival import precheck
from festival.candidates import enumerate_candidates
from festival.cli import app
from festival.load import load
from festival.plan import explain

ROOT = Path(__file__).resolve().parent.parent
IMPOSSIBLE = ROOT / "examples" / "impossible"

PLANTED = {
    "copy-cannot-reach-vladivostok.yaml": (
        "the only copy of Hidden Blade cannot be both at Karo 11 Oktyabr on 1 Nov 19:00 and at "
        "Okean on 2 Nov 19:00: Moscow to Vladivostok takes 40 h + 4 h ingest, 3 festival days apart "
        "with the venues' hours; un-pin one of them or add a copy [copy_transit]"
    ),
    "guest-in-two-cities.yaml": (
        "Andrey Volgin cannot appear both at Red Silk at Karo 11 Oktyabr on 1 Nov 19:00 and at Red "
        "Silk at Mir on 1 Nov 19:00: Moscow to Kazan takes 5 h; move one pin or drop the guest "
        "from it [guest_travel]"
    ),
    "overfull-city-day.yaml": (
        "Kazan, 14 May: 5 guest-bound screenings need 864 hall-minutes; halls offer 525 "
        "[hall_hours]"
    ),
    "hall-commitment-too-high.yaml": (
        "Okean, Big Hall can hold 3 screening(s) on 4 Nov; the festival committed to 4 a day "
        "[hall_commitment]"
    ),
    "premiere-hall-closed.yaml": (
        "Red Silk must play, but no hall, time and date its premiere asks for is open to it "
        "[premiere]"
    ),
    "uncertified-too-many.yaml": (
        "Hidden Blade is pinned 6 times, but without a known Russian distribution certificate it "
        "may be shown at most 5 times: un-pin 1 or record its certificate [ru_uncertified_limit, "
        "126-FZ Art. 5.1]"
    ),
}


def test_every_impossible_example_is_covered() -> None:
    assert sorted(p.name for p in IMPOSSIBLE.glob("*.yaml")) == sorted(PLANTED)


@pytest.mark.parametrize("name", sorted(PLANTED))
def test_explanation_names_exactly_the_planted_conflict(name: str) -> None:
    inputs = load(IMPOSSIBLE / name)
    reasons = explain(inputs, time_limit=10)
    assert reasons == [PLANTED[name]]
    # named by the counting pre-checks: at once, with no search for requirements to relax
    assert precheck.reasons(inputs, enumerate_candidates(inputs)) == reasons


def test_plan_on_impossible_file_exits_3_with_the_reason(tmp_path: Path) -> None:
    name = "guest-in-two-cities.yaml"
    result = CliRunner().invoke(app, ["plan", str(IMPOSSIBLE / name), "--out", str(tmp_path / "o")])
    assert result.exit_code == 3
    assert result.stderr.splitlines() == [
        "no schedule satisfies every rule:",
        f"  - {PLANTED[name]}",
    ]
    assert not (tmp_path / "o").exists()


def test_explain_finds_nothing_to_relax_when_a_schedule_exists() -> None:
    """The search for requirements to relax, in deterministic time: the same answer on a
    loaded machine."""
    inputs = load(ROOT / "examples" / "cffr-2025-may.yaml")
    assert explain(inputs, time_limit=20, deterministic=True) == []


def test_explain_says_when_a_schedule_exists(monkeypatch: pytest.MonkeyPatch) -> None:
    """The command's words for nothing to relax (the search itself is checked just above: the
    command's runs for wall-clock seconds)."""
    monkeypatch.setattr(festival.cli, "explain", lambda *args, **kwargs: [])
    result = CliRunner().invoke(app, ["explain", str(ROOT / "examples" / "cffr-2025-may.yaml")])
    assert result.exit_code == 0, result.output
    assert result.stdout == "a schedule exists: nothing needs relaxing\n"
