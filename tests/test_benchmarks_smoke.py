"""The benchmark machinery works: a small deterministic run of ours against the greedy baseline.

Not a timing test (timing targets live in ``python -m tests.benchmarks.run``, never in an assert):
it runs the 2025 example and a tiny synthetic festival, each solver in its own process as the
benchmark does, and checks what must hold on any machine: every schedule verifies, ours is at least
as good as the greedy schedule it starts from, and the honest bound is not beaten.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from festival.candidates import enumerate_candidates
from festival.scoring import score
from festival.screenings import screenings_of
from festival.solver.construct import construct
from tests.benchmarks.instances import RELAXATIONS, SUNDANCE_CSV, build, sundance
from tests.benchmarks.placements import Placement
from tests.benchmarks.relaxed import Pair, split
from tests.benchmarks.relaxed import table as relaxed_table
from tests.benchmarks.run import Row, merged, read_csv, run, table, targets, write_csv
from tests.benchmarks.score import judge


def test_benchmark_ours_beats_greedy_and_every_schedule_verifies(tmp_path: Path) -> None:
    rows = run(
        ["cffr-2025-may", "tiny"],
        ["ours", "greedy"],
        time_limit=3.0,
        progress=False,
        deterministic=True,
    )

    assert [(r.instance, r.solver, r.status) for r in rows] == [
        ("cffr-2025-may", "ours", "ok"),
        ("cffr-2025-may", "greedy", "ok"),
        ("tiny", "ours", "ok"),
        ("tiny", "greedy", "ok"),
    ]
    for r in rows:
        assert (r.instance, r.solver, r.violations, r.feasible) == (r.instance, r.solver, 0, True)
        assert r.objective is not None and r.instance_bound is not None
        assert r.objective <= r.instance_bound
        assert r.first_feasible is not None and r.peak_rss_mb is not None
    by = {(r.instance, r.solver): r for r in rows}
    for name in ("cffr-2025-may", "tiny"):
        ours, greedy = by[(name, "ours")], by[(name, "greedy")]
        assert ours.objective is not None and greedy.objective is not None
        assert ours.objective >= greedy.objective
        assert ours.claimed == ours.objective
    out = tmp_path / "results.csv"
    info = {"date": "2025-01-01", "cpu": "cpu", "nproc": "2", "ram_gb": "1", "python": "3"}
    write_csv(rows, info, out)
    with out.open(encoding="utf-8") as fh:
        assert [(r["instance"], r["solver"]) for r in csv.DictReader(fh)] == [
            ("cffr-2025-may", "ours"),
            ("cffr-2025-may", "greedy"),
            ("tiny", "ours"),
            ("tiny", "greedy"),
        ]
    assert "cffr-2025-may" in table(rows, info)
    assert any("objective ≥ every feasible peer's" in line for line in targets(rows))


def test_tiny_instance_is_the_same_for_the_same_seed() -> None:
    first, again, other = build("tiny", 1), build("tiny", 1), build("tiny", 2)

    assert first.inputs.venues_source.data == again.inputs.venues_source.data
    assert first.inputs.programme_source.data == again.inputs.programme_source.data
    assert first.inputs.programme_source.data != other.inputs.programme_source.data


def test_judge_counts_the_rule_a_schedule_breaks() -> None:
    inputs = build("tiny").inputs
    candidates = enumerate_candidates(inputs)
    built = construct(inputs, candidates)
    assert built is not None
    chosen = screenings_of(inputs, [candidates[i] for i in built.chosen])
    placements = [
        Placement(s.start_local.replace(tzinfo=None), s.venue, s.hall, s.film) for s in chosen
    ]
    doubled = [*placements, placements[-1]]

    good, bad = judge(inputs, placements, None), judge(inputs, doubled, None)

    assert (good.violations, good.score.total) == ([], score(chosen, inputs).total)
    assert bad.by_rule["hall_overlap"] == 1


@pytest.mark.skipif(
    not SUNDANCE_CSV.exists(), reason="shared/data/sundance-2024 is not beside the repo"
)
def test_sundance_published_schedule_is_scored_with_the_rules_it_breaks() -> None:
    instance = sundance()
    assert instance.published is not None

    judged = judge(instance.inputs, instance.published, None)

    assert (len(instance.published), instance.facts["films"], instance.facts["halls"]) == (
        480,
        135,
        17,
    )
    assert judged.violations == [
        "film_city_day: being-the-digital-griot@park-city: 2 screenings on 2024-01-23",
        "venue_stagger: presence-5+sue-bird-in-the-clutch-6: start 0 min apart in "
        "redstone-cinemas; at least 10",
    ]


def test_sundance_target_is_judged_against_the_bound_and_against_the_best_known() -> None:
    def sundance(within: float) -> Row:
        return Row(
            "sundance-2024",
            "ours",
            "ok",
            feasible=True,
            objective=164_050,
            instance_bound=165_656,
            best_known=164_050,
            within_1pct=within,
            trace=[(1.9, 158_528), (9.1, 162_265), (within, 162_749)],
        )

    def lines(row: Row) -> list[str]:
        return [
            t for t in targets([row]) if t.split(None, 1)[1].startswith("sundance-2024: within")
        ]

    strict, weak = lines(sundance(13.1))
    assert strict.startswith("MISSED") and "gap 2.05 %" in strict
    assert weak.startswith("MISSED") and "at 13.1 s" in weak
    strict, weak = lines(sundance(9.5))
    assert strict.startswith("MISSED") and weak.startswith("MET")


def test_a_partial_run_keeps_the_other_solvers_rows_and_is_judged_with_them(
    tmp_path: Path,
) -> None:
    """``--keep``: rows read back as written; a new row replaces its solver's, the others stay
    with their own run's date, and gaps are measured against the tightest bound of all rows."""
    old_ours = Row("x", "ours", "ok", feasible=True, objective=90, trace=[(1.0, 80), (2.5, 90)])
    lp = Row("x", "lp", "bound", bound=100, bound_kind="LP relaxation (HiGHS)")
    greedy = Row("x", "greedy", "ok", feasible=True, objective=70, trace=[(0.5, 70)])
    before = {"date": "2025-01-01", "cpu": "cpu", "nproc": "2", "ram_gb": "1", "python": "3"}
    path = tmp_path / "results.csv"
    write_csv([old_ours, lp, greedy], before, path)
    kept = read_csv(path)
    assert [(r.solver, r.objective, r.bound, r.trace) for r in kept] == [
        ("ours", 90, None, [(1.0, 80), (2.5, 90)]),
        ("lp", None, 100, []),
        ("greedy", 70, None, [(0.5, 70)]),
    ]
    assert all(r.ran["date"] == "2025-01-01" for r in kept)

    new_ours = Row("x", "ours", "ok", feasible=True, objective=99, trace=[(1.0, 95), (3.0, 99)])
    new_ours.instance_bound = 120  # its own run's bound: looser than the kept LP's
    rows = merged(kept, [new_ours])
    assert [(r.solver, r.objective) for r in rows] == [("ours", 99), ("lp", None), ("greedy", 70)]
    assert {r.instance_bound for r in rows} == {100} and {r.best_known for r in rows} == {99}
    assert rows[0].gap == 0.01 and rows[0].within_1pct == 3.0 and rows[2].vs_ours == 0.7071
    write_csv(rows, {**before, "date": "2026-01-01"}, path)
    assert [r.ran["date"] for r in read_csv(path)] == ["2026-01-01", "2025-01-01", "2025-01-01"]


def test_relaxed_variants_are_true_relaxations() -> None:
    """Each relaxed variant is valid input (built through the product's checks), and the
    instance's schedule (the greedy one) keeps every rule of it with the same score (the tiny
    instance: the medium one takes half a minute)."""
    name = "tiny"
    strict = build(name)
    candidates = enumerate_candidates(strict.inputs)
    built = construct(strict.inputs, candidates)
    assert built is not None
    chosen = screenings_of(strict.inputs, [candidates[i] for i in built.chosen])
    placements = [
        Placement(s.start_local.replace(tzinfo=None), s.venue, s.hall, s.film, s.guest)
        for s in chosen
    ]
    value = score(chosen, strict.inputs).total
    assert judge(strict.inputs, placements, None).feasible
    for kind in RELAXATIONS:
        variant = build(name + kind)
        judged = judge(variant.inputs, placements, None)

        assert variant.name == name + kind and variant.facts["relaxed"] == kind
        assert (judged.violations, judged.score.total) == ([], value)
        assert len(enumerate_candidates(variant.inputs)) >= len(candidates)
    policy = build(name + "+4/day").inputs.venues.policy
    assert policy.max_per_film_city_day == 4
    assert build(name + "+2h").inputs.venues.policy.latest_end == dt.time(2, 0)
    hall = build(name + "+hall")
    assert len(hall.inputs.halls) == len(strict.inputs.halls) + 1
    venue, extra = hall.facts["extra_hall"].split("/")
    assert hall.inputs.halls[(venue, extra)].hall.min_per_open_day == 0


def test_relaxed_table_says_met_or_missed_with_the_numbers() -> None:
    assert split("berlinale+4/day") == ("berlinale", "+4/day")
    with pytest.raises(ValueError):
        split("berlinale")
    pairs = [Pair("x", "+2h", 100, 101), Pair("x", "+hall", 100, 90, check="ok")]
    info = {"date": "2025-01-01", "cpu": "cpu", "nproc": "2", "ram_gb": "1", "python": "3"}

    text = relaxed_table(pairs, info, 30, "deterministic time")

    assert "MET" in text.splitlines()[2] and "MISSED" in text.splitlines()[3]
    assert "MISSED x+hall: relaxed 90 < strict 100" in text
