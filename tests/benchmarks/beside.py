"""The plan beside the festival's own schedule, figure by figure (Sundance 2024, real data).

    python -m tests.benchmarks.beside [--time-limit S] [--deterministic] [--html FILE]

Plans the Sundance 2024 instance (``instances.sundance``: premieres on the festival's premiere
screens, award winners after the awards, the festival's hall-days as commitments, a 10-minute
stagger) with festival's ``plan()``, judges the festival's own schedule with the same verifier
and evaluator (``festival.handmade``), and prints every figure of the programmer's report for
both, then the issue's targets, each MET or MISSED with the two numbers. ``--html`` writes the
report page with both schedules' charts side by side. Nothing is asserted; run it on a quiet
machine and say which machine and when.
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import sys
from collections import Counter
from pathlib import Path

from festival.domain import Schedule
from festival.figures import Figures, figures
from festival.handmade import Placed, drafted
from festival.inputs import Inputs
from festival.plan import plan
from festival.publish.report import Column, report_page, summary
from festival.solver import SolveOptions
from festival.verify import verify
from tests.benchmarks.instances import sundance

STAMP = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
FESTIVAL = "Sundance 2024"


def _hours(schedule: Schedule) -> Counter[int]:
    return Counter(s.start_local.hour for s in schedule.screenings)


def _early_award_winners(schedule: Schedule, inputs: Inputs) -> int:
    """Screenings of films with ``not_before`` that start earlier (the awards' rule)."""
    out = 0
    for s in schedule.screenings:
        limit = inputs.films[s.film].screenings.not_before
        if limit is not None and s.start_local.replace(tzinfo=None) < limit:
            out += 1
    return out


def targets(
    ours: Schedule, theirs: Schedule, mine: Figures, festival: Figures, inputs: Inputs
) -> list[tuple[str, str, str, bool]]:
    """(target, ours, the festival's, met) for each of the issue's figures."""
    return [
        (
            "objective beats the festival's",
            f"{ours.score.total:,}",
            f"{theirs.score.total:,}",
            ours.score.total > theirs.score.total,
        ),
        (
            "peak share of a city-day's starts in 15 min ≤ the festival's",
            f"{mine.peak_share:.2f}",
            f"{festival.peak_share:.2f}",
            mine.peak_share <= festival.peak_share,
        ),
        (
            "screenings per weekend day / per weekday ≤ the festival's",
            f"{mine.weekend_ratio:.2f}",
            f"{festival.weekend_ratio:.2f}",
            mine.weekend_ratio <= festival.weekend_ratio,
        ),
        (
            "venue starts < 10 min apart ≤ the festival's",
            str(mine.close_total),
            str(festival.close_total),
            mine.close_total <= festival.close_total,
        ),
        (
            "every premiere where asked (premiere screens)",
            f"{mine.premieres_as_asked} / {len(mine.premieres)}",
            f"{festival.premieres_as_asked} / {len(festival.premieres)}",
            mine.premieres_as_asked == len(mine.premieres),
        ),
        (
            "award-winner screenings before the awards",
            str(_early_award_winners(ours, inputs)),
            str(_early_award_winners(theirs, inputs)),
            _early_award_winners(ours, inputs) == 0,
        ),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--time-limit", type=float, default=10.0)
    parser.add_argument("--deterministic", action="store_true")
    parser.add_argument("--html", type=Path, default=None)
    args = parser.parse_args(argv)
    instance = sundance()
    inputs = instance.inputs
    assert instance.published is not None
    ours = plan(
        inputs,
        SolveOptions(time_limit=args.time_limit, workers=2, deterministic=args.deterministic),
        STAMP,
    )
    own = drafted(
        inputs,
        [Placed("", p.film, p.venue, p.hall, p.start, p.guest) for p in instance.published],
        STAMP,
    )
    theirs = own.schedule
    mine, festival = figures(ours.screenings, inputs), figures(theirs.screenings, inputs)
    columns = [Column("plan", mine, ours.score), Column(FESTIVAL, festival, theirs.score)]
    now = dt.datetime.now(dt.UTC)
    print(
        f"# The plan beside {FESTIVAL}: {now:%Y-%m-%d %H:%M} UTC, {platform.node()}, "
        f"{platform.processor() or platform.machine()}, time limit {args.time_limit:g} s"
        f"{' (deterministic)' if args.deterministic else ''}"
    )
    print(
        f"plan: {ours.solver.status}, {len(ours.screenings)} screenings, "
        f"verifier: {len(verify(ours, inputs))} violation(s)"
    )
    print(
        f"{FESTIVAL}: {len(theirs.screenings)} screenings, verifier: "
        f"{len(own.violations)} violation(s): "
        + ", ".join(
            f"{rule} {n}"
            for rule, n in sorted(Counter(str(v.rule) for v in own.violations).items())
        )
    )
    print()
    print(f"| figure | plan | {FESTIVAL} |")
    print("|---|---:|---:|")
    for row in summary(columns, inputs, "en"):
        print(f"| {row['label']} | {' | '.join(row['values'])} |")
    print()
    hours = sorted(set(_hours(ours)) | set(_hours(theirs)))
    print("| starts by hour | " + " | ".join(f"{h:02d}" for h in hours) + " |")
    print("|---|" + "---:|" * len(hours))
    for name, schedule in (("plan", ours), (FESTIVAL, theirs)):
        counts = _hours(schedule)
        print(f"| {name} | " + " | ".join(str(counts[h]) for h in hours) + " |")
    print()
    print(f"| target | plan | {FESTIVAL} | |")
    print("|---|---:|---:|---|")
    for target, a, b, met in targets(ours, theirs, mine, festival, inputs):
        print(f"| {target} | {a} | {b} | {'MET' if met else 'MISSED'} |")
    if args.html is not None:
        args.html.write_bytes(report_page(ours, inputs, "en", columns[1:]))
        print(f"\nreport page: {args.html}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
