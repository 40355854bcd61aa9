"""Relaxed rules must not make the plan worse (issue 22 §4): each relaxed variant against its instance.

    python -m tests.benchmarks.relaxed [--only berlinale+4/day,sundance+2h] [--time-limit S] [--wall]

Each variant (``instances.RELAXATIONS``: 2 or 4 screenings of a film per city-day, hall hours
widened by 2 h, one more hall) keeps every schedule of its instance feasible at the same score, so
at the same time limit its plan must score at least as much. Both are planned by festival's
``plan()`` (peer ``ours``, each in a process of its own), deterministically by default (CP-SAT's
deterministic time: the same figures on any machine, whatever its load); ``--wall`` uses wall
time and two workers, as a user's plan does. The instance is planned once and compared with each
of its variants.

Prints a table: the instance, the variant, both objectives, their ratio, MET when the relaxed plan
scores at least the strict one, else MISSED; beside them the greedy starts, the candidates kept
after dominance, and whether the strict plan verifies under the relaxed rules with the same score
(``check``: ``ok``; anything else means the variant is not a true relaxation). Timing is never
asserted.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from tests.benchmarks.instances import ALIASES, RELAXATIONS, RELAXED_RUN, build
from tests.benchmarks.placements import PeerResult
from tests.benchmarks.run import _fmt, machine, run_peer
from tests.benchmarks.score import judge


@dataclass
class Pair:
    """One relaxed variant beside its instance, as judged by festival's verifier and evaluator."""

    instance: str
    variant: str
    strict: int | None
    relaxed: int | None
    strict_start: int | None = None
    relaxed_start: int | None = None
    strict_candidates: int | None = None
    relaxed_candidates: int | None = None
    check: str = ""
    """``ok`` when the strict plan verifies under the relaxed inputs with the same score."""
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.strict is None or self.relaxed is None or not self.strict:
            return None
        return self.relaxed / self.strict

    @property
    def met(self) -> bool:
        return self.strict is not None and self.relaxed is not None and self.relaxed >= self.strict


def split(name: str) -> tuple[str, str]:
    """``berlinale+4/day`` → (``berlinale``, ``+4/day``); ``sundance+2h`` → (``sundance-2024``,
    ``+2h``)."""
    for kind in RELAXATIONS:
        if name.endswith(kind):
            base = name.removesuffix(kind)
            return ALIASES.get(base, base), kind
    raise ValueError(f"{name!r} is not a relaxed variant (NAME{'|'.join(RELAXATIONS)})")


def _objective(result: PeerResult, name: str, seed: int) -> tuple[int | None, str]:
    """The score festival's evaluator gives the peer's schedule, and a note if it has none."""
    if result.status != "ok":
        return None, f"{name}: {result.status} {result.message}"[:160]
    judged = judge(build(name, seed).inputs, result.placements, result.copy_at)
    if not judged.feasible:
        return None, f"{name}: breaks {', '.join(sorted(judged.by_rule))}"
    return judged.score.total, ""


def compare(
    names: list[str],
    time_limit: float,
    seed: int = 1,
    deterministic: bool = True,
    progress: bool = True,
) -> list[Pair]:
    """Plan each instance once and each of its relaxed ``names``; the pairs, judged."""
    pairs: list[Pair] = []
    strict: dict[str, tuple[PeerResult, int | None, str]] = {}
    with tempfile.TemporaryDirectory(prefix="festival-relaxed-") as tmp:
        folder = Path(tmp)

        def plan(name: str) -> PeerResult:
            if progress:
                print(f"  {name} ({time_limit:g} s) …", file=sys.stderr, flush=True)
            # deterministic time runs longer than its limit on a busy machine: wait for it
            wait = 20 * time_limit + 600
            return run_peer("ours", name, time_limit, seed, folder, deterministic, wait)

        for name in names:
            base, kind = split(name)
            if base not in strict:
                result = plan(base)
                strict[base] = (result, *_objective(result, base, seed))
            before, value, note = strict[base]
            after = plan(base + kind)
            relaxed_value, relaxed_note = _objective(after, base + kind, seed)
            pair = Pair(
                base,
                kind,
                value,
                relaxed_value,
                before.extra.get("hint_objective"),
                after.extra.get("hint_objective"),
                before.extra.get("candidates"),
                after.extra.get("candidates"),
                note="; ".join(n for n in (note, relaxed_note) if n),
            )
            if before.status == "ok" and value is not None:
                inputs = build(base + kind, seed).inputs
                judged = judge(inputs, before.placements, before.copy_at)
                pair.check = (
                    "ok"
                    if judged.feasible and judged.score.total == value
                    else f"strict plan: {len(judged.violations)} violations, "
                    f"{judged.score.total} points"
                )
            pairs.append(pair)
    return pairs


def table(pairs: list[Pair], info: dict[str, str], time_limit: float, how: str) -> str:
    """The pairs as a plain-text table, with the machine and the limit."""
    head = [
        "instance",
        "variant",
        "strict",
        "relaxed",
        "ratio",
        "",
        "greedy strict",
        "greedy relaxed",
        "candidates strict",
        "candidates relaxed",
        "check",
    ]
    body = [
        [
            p.instance,
            p.variant,
            _fmt(p.strict),
            _fmt(p.relaxed),
            _fmt(p.ratio, 4),
            "MET" if p.met else "MISSED",
            _fmt(p.strict_start),
            _fmt(p.relaxed_start),
            _fmt(p.strict_candidates),
            _fmt(p.relaxed_candidates),
            p.check or "—",
        ]
        for p in pairs
    ]
    widths = [max(len(h), *(len(b[i]) for b in body)) for i, h in enumerate(head)]
    lines = [
        f"machine: {info['cpu']}, {info['nproc']} cores, {info['ram_gb']} GB; Python "
        f"{info['python']}; {info['date']}; {how}, limit {time_limit:g}",
        "  ".join(h.ljust(w) for h, w in zip(head, widths, strict=True)).rstrip(),
        *("  ".join(c.ljust(w) for c, w in zip(b, widths, strict=True)).rstrip() for b in body),
    ]
    for p in pairs:
        if not p.met:
            lines.append(
                f"MISSED {p.instance}{p.variant}: relaxed {_fmt(p.relaxed)} < strict "
                f"{_fmt(p.strict)}" + (f" ({p.note})" if p.note else "")
            )
    return "\n".join(lines)


def main() -> None:
    """Parse the arguments, plan every pair, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--only", help=f"comma-separated variants (default: {','.join(RELAXED_RUN)})"
    )
    parser.add_argument(
        "--time-limit", type=float, default=30.0, help="CP-SAT's limit for every plan (30)"
    )
    parser.add_argument("--seed", type=int, default=1, help="seed of the synthetic instances")
    parser.add_argument(
        "--wall", action="store_true", help="wall time and 2 workers, not deterministic time"
    )
    args = parser.parse_args()
    names = args.only.split(",") if args.only else RELAXED_RUN
    for name in names:
        split(name)
    info = machine()
    pairs = compare(names, args.time_limit, args.seed, deterministic=not args.wall)
    how = "wall time, 2 workers" if args.wall else "deterministic time, 1 worker"
    print(table(pairs, info, args.time_limit, how))


if __name__ == "__main__":
    main()
