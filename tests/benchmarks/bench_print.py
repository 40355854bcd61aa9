"""Benchmark (not a test): build time of the printed programmes of the largest example (the tour).

    python tests/benchmarks/bench_print.py [--lang ru] [--paper a5] [--repeat 3]

Plans ``examples/cffr-2025-tour.yaml`` deterministically, then builds every city booklet and every
venue wall grid ``--repeat`` times and prints a table: screenings, pages, size and the first, best and
median wall time of each document. The first build of a process also loads the fonts' character
maps (for the glyph check) and Typst's font index: that one-off cost is shown on its own line.
Target: well under 2 s per booklet. pytest does not collect this file (it is not ``test_*.py``).

A last line times a synthetic, crowded Moscow (``crowded()``: a fourth venue with four more halls
and every hall filled from 10:00 to 01:00 each day, ~400 screenings): the size of a large real
festival's city booklet. Its times are not a schedule the planner would make, only a layout load.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import statistics
import sys
import time
import zoneinfo
from importlib import metadata
from pathlib import Path
from typing import Literal, cast

import pypdfium2 as pdfium  # type: ignore[import-untyped]

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from festival.domain import Hall, Hours, Schedule, Screening, Text, Venue  # noqa: E402
from festival.inputs import Inputs  # noqa: E402
from festival.publish import print as printed  # noqa: E402
from festival.publish.print import fonts  # noqa: E402
from tests.conftest import EXAMPLES, plan_example  # noqa: E402

Lang = Literal["ru", "en", "zh"]
Paper = Literal["a5", "a4"]


def _cpu() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _pages(pdf: bytes) -> int:
    doc = pdfium.PdfDocument(pdf)
    try:
        return len(doc)
    finally:
        doc.close()


def crowded(schedule: Schedule, inputs: Inputs, city: str = "moscow") -> tuple[Schedule, Inputs]:
    """The schedule with ``city`` packed: four more halls, back-to-back screenings in every hall."""
    extra = Venue(
        id="crowded-multiplex",
        name=Text(ru="Мультиплекс (нагрузочный тест)", en="Multiplex (load test)", zh="测试影城"),
        city=city,
        address=Text(ru="ул. Тестовая, 1", en="1 Test Street", zh="测试街1号"),
        lat=0.0,
        lon=0.0,
        halls=tuple(
            Hall(
                id=f"hall-{n}",
                name=Text(ru=f"Зал {n}", en=f"Hall {n}", zh=f"{n}号厅"),
                seats=100,
                hours=Hours(open=dt.time(10), close=dt.time(1)),
            )
            for n in range(1, 5)
        ),
    )
    venues = inputs.venues.model_copy(update={"venues": (*inputs.venues.venues, extra)})
    packed = Inputs(venues, inputs.programme, inputs.venues_source, inputs.programme_source)
    tz = zoneinfo.ZoneInfo(packed.cities[city].timezone)
    halls = [(v.id, h.id) for v in venues.venues if v.city == city for h in v.halls]
    films = list(inputs.programme.films)
    out = [s for s in schedule.screenings if s.city != city]
    for day in inputs.days:
        close = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(1, 0), tzinfo=tz)
        for h, (venue, hall) in enumerate(halls):
            start = dt.datetime.combine(day, dt.time(10, 0), tzinfo=tz) + dt.timedelta(
                minutes=15 * h
            )
            for n in range(20):
                film = films[(h + n + day.day) % len(films)]
                end = start + dt.timedelta(minutes=10 + film.runtime)
                if end > close:
                    break
                out.append(
                    Screening(
                        id=f"{film.id}-{day:%m%d}-{h}-{n}",
                        film=film.id,
                        city=city,
                        venue=venue,
                        hall=hall,
                        start_local=start,
                        end_local=end,
                        start_utc=start.astimezone(dt.UTC),
                        end_utc=end.astimezone(dt.UTC),
                        festival_day=day,
                        intro_minutes=10,
                        runtime_minutes=film.runtime,
                        turnover_minutes=15,
                    )
                )
                start = end + dt.timedelta(minutes=20)
    return schedule.model_copy(update={"screenings": tuple(out)}), packed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", choices=("ru", "en", "zh"), default="ru")
    parser.add_argument("--paper", choices=("a5", "a4"), default="a5")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    lang = cast(Lang, args.lang)
    paper = cast(Paper, args.paper)

    print(
        f"machine: {_cpu()}, {os.cpu_count()} cores; Python {platform.python_version()}; "
        f"typst (PyPI) {metadata.version('typst')}"
    )
    started = time.perf_counter()
    schedule, inputs = plan_example(EXAMPLES["tour"])
    print(
        f"planned the tour in {time.perf_counter() - started:.1f} s: "
        f"{len(schedule.screenings)} screenings, {len(inputs.venues.cities)} cities, "
        f"{len(inputs.venues.venues)} venues, {len(inputs.days)} days; lang={lang} paper={paper}"
    )

    started = time.perf_counter()
    fonts.coverage()
    printed._compiler()
    once = time.perf_counter() - started
    print(f"one-off per process: font character maps + Typst font index {once:.2f} s")
    print()

    rows: list[tuple[str, int, int, int, list[float]]] = []
    for city in inputs.venues.cities:
        count = sum(1 for s in schedule.screenings if s.city == city.id)
        times = []
        for _ in range(args.repeat):
            t = time.perf_counter()
            pdf = printed.booklet(schedule, inputs, city.id, lang, paper)
            times.append(time.perf_counter() - t)
        rows.append((printed.booklet_path(city.id), count, _pages(pdf), len(pdf), times))
    for venue in inputs.venues.venues:
        count = sum(1 for s in schedule.screenings if s.venue == venue.id)
        if not count:
            continue
        times = []
        for _ in range(args.repeat):
            t = time.perf_counter()
            pdf = printed.wall_grid(schedule, inputs, venue.id, lang)
            times.append(time.perf_counter() - t)
        rows.append((printed.wall_path(venue.id), count, _pages(pdf), len(pdf), times))

    header = (
        f"{'document':34} {'screenings':>10} {'pages':>6} {'KiB':>7} "
        f"{'first s':>8} {'best s':>7} {'median s':>9}"
    )
    print(header)
    print("-" * len(header))
    for path, count, pages, size, times in rows:
        print(
            f"{path:34} {count:>10} {pages:>6} {size / 1024:>7.0f} "
            f"{times[0]:>8.3f} {min(times):>7.3f} {statistics.median(times):>9.3f}"
        )
    booklets = [r[4][0] for r in rows if not r[0].endswith("-grid.pdf")]
    big, packed = crowded(schedule, inputs)
    count = sum(1 for s in big.screenings if s.city == "moscow")
    times = []
    for _ in range(args.repeat):
        t = time.perf_counter()
        pdf = printed.booklet(big, packed, "moscow", lang, paper)
        times.append(time.perf_counter() - t)
    print(
        f"{'synthetic crowded moscow.pdf':34} {count:>10} {_pages(pdf):>6} {len(pdf) / 1024:>7.0f} "
        f"{times[0]:>8.3f} {min(times):>7.3f} {statistics.median(times):>9.3f}"
    )
    print("-" * len(header))
    print(
        f"booklets, first build: slowest {max(booklets):.3f} s, mean {statistics.mean(booklets):.3f} s "
        f"(target: well under 2 s each)"
    )


if __name__ == "__main__":
    main()
