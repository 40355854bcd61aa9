"""Each file in examples/impossible/ plants one conflict; the explanation names exactly that one.
The counting pre-checks on small festivals built in code, each with a case that fails it and cases
that pass it and plan."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import festival.cli
from festival import precheck
from festival.candidates import enumerate_candidates
from festival.cli import app
from festival.inputs import Inputs
from festival.load import load
from festival.plan import explain, plan
from festival.solver import Problem, SolveOptions, relaxations
from festival.verify import verify
from tests.factory import film, hall, inputs, programme, venues, with_halls

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
    "premieres-too-many.yaml": (
        "Karo 11 Oktyabr · Main Hall has room for 2 premieres on 1 Nov (18:00–20:30); 3 premieres "
        "want it: Hidden Blade, Red Silk and The Sinking of the Lisbon Maru [premiere]"
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


@pytest.mark.parametrize("command", ["check", "explain"])
def test_premieres_too_many_exits_3_naming_the_gala_hall(command: str) -> None:
    name = "premieres-too-many.yaml"
    result = CliRunner().invoke(app, [command, str(IMPOSSIBLE / name)])
    assert (result.exit_code, result.stdout) == (3, "")
    assert result.stderr.splitlines() == [
        "no schedule satisfies every rule:",
        f"  - {PLANTED[name]}",
    ]


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


# Premieres in a gala hall open 10:00–23:00, starting 14:00–18:00: a 100-minute film takes the hall
# 125 minutes (10 intro, 15 turnover), so it has room for two (14:00 and 16:15; 18:30 is too late).
# Counted to the film's end rather than the hall's release it would have room for three.
AFTERNOON = {"requires": {"features": ["gala"]}, "from": "14:00", "to": "18:00"}
# Starting 14:00–16:00 a gala hall has room for one a day.
EARLY = {**AFTERNOON, "to": "16:00"}
GALA = hall("gala", "10:00", "23:00", features=["dcp", "gala"])
SIDE = hall("side", "10:00", "23:00")
STAMP = dt.datetime(2025, 5, 1, tzinfo=dt.UTC)


def premieres(
    *films: dict[str, Any], days: int = 1, halls: tuple[dict[str, Any], ...] = ()
) -> Inputs:
    """Mir in Kazan from 13 May for ``days`` days, with a gala hall and a side hall (or ``halls``)."""
    data = with_halls(venues(), *(halls or (GALA, SIDE)))
    data["festival"]["last_day"] = str(dt.date(2025, 5, 13) + dt.timedelta(days=days - 1))
    return inputs(data, programme(*films))


def is_infeasible(festival: Inputs) -> bool:
    """Whether the solver, on its own, finds requirements to relax (no schedule exists)."""
    found = relaxations(Problem(festival, enumerate_candidates(festival)), 10, deterministic=True)
    return bool(found)


def test_premiere_room_names_the_hall_day_three_premieres_want() -> None:
    festival = premieres(*(film(f, premiere=AFTERNOON) for f in "abc"))

    found = precheck.run(festival)

    assert found == [
        "Mir · gala has room for 2 premieres on 13 May (14:00–18:00); 3 premieres want it: a, b "
        "and c [premiere]"
    ]
    assert is_infeasible(festival)


def test_premiere_room_counts_the_days_premieres_share() -> None:
    """a premieres on 13 May, b and c on 13 or 14 May: each day has room for one, so a alone
    fits its day but the three do not fit the two (Hall's theorem over the union)."""
    festival = premieres(
        film("a", premiere={**EARLY, "date": "2025-05-13"}),
        *(film(f, premiere=EARLY) for f in "bc"),
        days=2,
    )

    found = precheck.run(festival)

    assert found == [
        "Mir · gala has room for 2 premieres on 13–14 May (14:00–16:00); 3 premieres want it: a, "
        "b and c [premiere]"
    ]
    assert is_infeasible(festival)


def test_premiere_room_names_both_gala_halls() -> None:
    other = hall("gala-2", "10:00", "23:00", features=["dcp", "gala"])
    festival = premieres(*(film(f, premiere=EARLY) for f in "abc"), halls=(GALA, other))

    found = precheck.run(festival)

    assert found == [
        "Mir · gala and Mir · gala-2 have room for 2 premieres on 13 May (14:00–16:00); 3 "
        "premieres want them: a, b and c [premiere]"
    ]


@pytest.mark.parametrize(
    "festival",
    [
        pytest.param(
            lambda: premieres(*(film(f, premiere=AFTERNOON) for f in "abc"), days=2),
            id="a second day",
        ),
        pytest.param(
            lambda: premieres(
                *(film(f, premiere=AFTERNOON) for f in "abc"),
                halls=(GALA, hall("gala-2", "10:00", "23:00", features=["dcp", "gala"])),
            ),
            id="a second gala hall",
        ),
        pytest.param(
            lambda: premieres(*(film(f, premiere=AFTERNOON) for f in "ab")),
            id="as many as there is room for",
        ),
        pytest.param(
            lambda: premieres(
                *(film(f, premiere=AFTERNOON) for f in "ab"),
                film("c", premiere=AFTERNOON, screenings={"min": 0, "max": 1}),
            ),
            id="a third that need not play",
        ),
        pytest.param(
            lambda: premieres(
                film("a", premiere={**EARLY, "date": "2025-05-13"}),
                film("b", premiere=EARLY),
                days=2,
            ),
            id="one a day over the days they share",
        ),
    ],
)
def test_premiere_room_passes_premieres_that_fit_and_they_plan(
    festival: Callable[[], Inputs],
) -> None:
    inputs_ = festival()

    assert precheck.run(inputs_) == []
    schedule = plan(inputs_, SolveOptions(time_limit=5, deterministic=True), STAMP)
    assert verify(schedule, inputs_) == []
