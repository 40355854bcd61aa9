"""Peer ``mip``: a time-indexed MIP of the same rules, solved by HiGHS (highspy), no hint.

One binary per candidate (festival's own candidates: every (film, hall, start) on the grain that
meets the single-screening rules), and every rule that ties screenings together as linear rows:
hall overlap (one row per maximal set of candidates covering a moment), pins, film and city counts,
one per film/city/day, guest counts, overlaps, days and travel, film copies and their transit. The
objective is the festival's: attendance + prime time (per candidate), spread (per film-day) and hire
costs (per hall-day). So HiGHS's dual bound is an honest bound on the festival's own objective.

highspy 1.15 and ortools 9.15 cannot share a process (google/or-tools#5246): this peer never imports
festival.solver (nor festival.plan, which does), and says so if it finds ortools loaded.
"""

from __future__ import annotations

import datetime as dt
import math
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable

import numpy as np

from festival.candidates import Candidate, enumerate_candidates
from festival.domain import CopyPool
from festival.inputs import HallKey, Inputs
from festival.scoring import hire_points, spread_points
from festival.solver.cliques import overlap_cliques
from tests.benchmarks.instances import Instance
from tests.benchmarks.peers import Clock, main
from tests.benchmarks.placements import PeerResult, Placement

INF = math.inf


class Rows:
    """Constraint rows in compressed form: lower ≤ Σ value·column ≤ upper."""

    def __init__(self) -> None:
        self.lower: list[float] = []
        self.upper: list[float] = []
        self.starts: list[int] = []
        self.index: list[int] = []
        self.value: list[float] = []

    def add(
        self, columns: list[int], values: list[float] | None, lower: float, upper: float
    ) -> None:
        self.starts.append(len(self.index))
        self.index.extend(columns)
        self.value.extend(values if values is not None else [1.0] * len(columns))
        self.lower.append(lower)
        self.upper.append(upper)


class Groups:
    """The candidates, by index, grouped as the rows need them."""

    def __init__(self, candidates: list[Candidate]) -> None:
        self.hall: defaultdict[HallKey, list[int]] = defaultdict(list)
        self.film: defaultdict[str, list[int]] = defaultdict(list)
        self.film_city: defaultdict[tuple[str, str], list[int]] = defaultdict(list)
        self.film_city_day: defaultdict[tuple[str, str, dt.date], list[int]] = defaultdict(list)
        self.film_day: defaultdict[tuple[str, dt.date], list[int]] = defaultdict(list)
        self.guest: defaultdict[str, list[int]] = defaultdict(list)
        self.guest_film: defaultdict[tuple[str, str], list[int]] = defaultdict(list)
        for i, c in enumerate(candidates):
            self.hall[c.hall].append(i)
            self.film[c.film].append(i)
            self.film_city[(c.film, c.city)].append(i)
            self.film_city_day[(c.film, c.city, c.day)].append(i)
            self.film_day[(c.film, c.day)].append(i)
            if c.guest is not None:
                self.guest[c.guest].append(i)
                self.guest_film[(c.guest, c.film)].append(i)


Place = tuple[str, str, dt.date]
"""(owner: a guest or a film's copy, city, festival day)"""
CopyDay = tuple[str, int, str, dt.date]
"""(film, copy number from 1, city, festival day)"""


class Model:
    """Columns (with objective and bounds) and rows of the MIP."""

    def __init__(self, inputs: Inputs, candidates: list[Candidate]) -> None:
        self.inputs = inputs
        self.candidates = candidates
        self.cost: list[float] = [float(c.points) for c in candidates]
        self.lb: list[float] = [1.0 if c.pinned else 0.0 for c in candidates]
        self.rows = Rows()
        self.hall_day: dict[tuple[HallKey, dt.date], int] = {}
        """The column of each hired hall-day: 1 if the hall shows anything that day."""
        self._build()

    def column(self, cost: float) -> int:
        self.cost.append(cost)
        self.lb.append(0.0)
        return len(self.cost) - 1

    def _at_most(self, groups: Iterable[list[int]], limit: int) -> None:
        """At most ``limit`` of each group of columns (no row where the group is that small)."""
        for columns in groups:
            if len(columns) > limit:
                self.rows.add(columns, None, -INF, limit)

    def _at(self, owner_days: dict[Place, int], apart: Callable[[str, str], int]) -> None:
        """Being in two cities on days closer than the travel between them is forbidden."""
        by_owner: dict[str, list[tuple[str, dt.date, int]]] = defaultdict(list)
        for (owner, city, day), col in sorted(owner_days.items(), key=lambda kv: str(kv[0])):
            by_owner[owner].append((city, day, col))
        for entries in by_owner.values():
            for n, (ca, da, a) in enumerate(entries):
                for cb, db, b in entries[n + 1 :]:
                    if ca != cb and abs((db - da).days) < apart(ca, cb):
                        self.rows.add([a, b], None, -INF, 1)

    def _build(self) -> None:
        groups = Groups(self.candidates)
        self._halls(groups.hall)
        self._counts(groups)
        self._spread(groups.film_day)
        guest_at = self._guests(groups)
        self._at(guest_at, self.inputs.guest_days_apart)
        self.copy_at = self._copies(groups.film_city_day)
        self._copy_travel(self.copy_at)

    def _halls(self, halls: dict[HallKey, list[int]]) -> None:
        """Hall overlap, with the hall-day hire variable folded into single-day cliques."""
        hire = {key: hire_points(self.inputs, info) for key, info in self.inputs.halls.items()}
        for hall, indices in sorted(halls.items()):
            self._hall(hall, indices, hire[hall])

    def _hall(self, hall: HallKey, indices: list[int], hire: int) -> None:
        """One screening at a time in the hall; a day it shows anything is hired, if it costs."""
        cands, rows = self.candidates, self.rows
        covered: set[int] = set()
        for clique in overlap_cliques(indices, cands, "release"):
            days = {cands[i].day for i in clique}
            if hire > 0 and len(days) == 1:
                hired = self._hired(hall, next(iter(days)), hire)
                rows.add([*clique, hired], [1.0] * len(clique) + [-1.0], -INF, 0)
                covered.update(clique)
            elif len(clique) > 1:
                rows.add(clique, None, -INF, 1)
        if hire > 0:
            for i in indices:
                if i not in covered:
                    rows.add([i, self._hired(hall, cands[i].day, hire)], [1.0, -1.0], -INF, 0)

    def _hired(self, hall: HallKey, day: dt.date, hire: int) -> int:
        """The column of the hall hired on the day (made on first use, costing ``hire``)."""
        key = (hall, day)
        if key not in self.hall_day:
            self.hall_day[key] = self.column(-float(hire))
        return self.hall_day[key]

    def _counts(self, groups: Groups) -> None:
        """Screenings of each film in all, in each city, and on one day in one city."""
        inputs, rows = self.inputs, self.rows
        for film in inputs.active_films:
            rows.add(groups.film[film.id], None, film.screenings.min, inputs.film_max(film))
            for city in inputs.venues.cities:
                low, high = inputs.city_limits(film, city.id)
                if low or high is not None:
                    rows.add(
                        groups.film_city[(film.id, city.id)],
                        None,
                        low,
                        INF if high is None else high,
                    )
        self._at_most(groups.film_city_day.values(), inputs.venues.policy.max_per_film_city_day)

    def _spread(self, film_day: dict[tuple[str, dt.date], list[int]]) -> None:
        """A film-day earns its points only if the film plays that day."""
        points = spread_points(self.inputs)
        if not points:
            return
        for _, idx in sorted(film_day.items(), key=lambda kv: str(kv[0])):
            y = self.column(float(points))
            self.rows.add([y, *idx], [1.0] + [-1.0] * len(idx), -INF, 0)

    def _guests(self, groups: Groups) -> dict[Place, int]:
        """Guest appearance counts, overlaps and days; returns the column of each guest's place."""
        for guest, a in self.inputs.appearances():
            idx = groups.guest_film[(guest.id, a.film)]
            self.rows.add(idx, None, a.count, a.count)
        guest_at: dict[Place, int] = {}
        for guest_id, idx in sorted(groups.guest.items()):
            self._guest(guest_id, idx, guest_at)
        # one city a day
        days: dict[tuple[str, dt.date], list[int]] = defaultdict(list)
        for (guest_id, _, day), col in guest_at.items():
            days[(guest_id, day)].append(col)
        self._at_most(days.values(), 1)
        return guest_at

    def _guest(self, guest_id: str, idx: list[int], guest_at: dict[Place, int]) -> None:
        """One guest: at a screening only where they are, one appearance at a time, a daily cap."""
        cands = self.candidates
        per_city: dict[str, list[int]] = defaultdict(list)
        per_day: dict[dt.date, list[int]] = defaultdict(list)
        for i in idx:
            c = cands[i]
            key = (guest_id, c.city, c.day)
            if key not in guest_at:
                guest_at[key] = self.column(0.0)
            self.rows.add([i, guest_at[key]], [1.0, -1.0], -INF, 0)
            per_city[c.city].append(i)
            per_day[c.day].append(i)
        for city_idx in per_city.values():
            self._at_most(overlap_cliques(city_idx, cands, "end"), 1)
        self._at_most(per_day.values(), self.inputs.guests[guest_id].max_per_day)

    def _copies(
        self, film_city_day: dict[tuple[str, str, dt.date], list[int]]
    ) -> dict[CopyDay, int]:
        """Each screening of a film with copies needs a copy in the city that day."""
        copy_at: dict[CopyDay, int] = {}
        for (film, city, day), idx in sorted(film_city_day.items(), key=lambda kv: str(kv[0])):
            pool = self.inputs.copy_pool(film)
            if pool is None:
                continue
            here = []
            if _available(pool, day):
                for kk in range(1, pool.count + 1):
                    col = self.column(0.0)
                    copy_at[(film, kk, city, day)] = col
                    here.append(col)
            for i in idx:
                self.rows.add([i, *here], [1.0] + [-1.0] * len(here), -INF, 0)
        return copy_at

    def _copy_travel(self, copy_at: dict[CopyDay, int]) -> None:
        """A copy is in one city a day, and travels between cities in time."""
        per_copy_day: dict[tuple[str, int, dt.date], list[int]] = defaultdict(list)
        at: dict[Place, int] = {}
        for (film, kk, city, day), col in copy_at.items():
            per_copy_day[(film, kk, day)].append(col)
            at[(f"{film}#{kk}", city, day)] = col
        self._at_most(per_copy_day.values(), 1)
        self._at(at, self.inputs.copy_days_apart)


def _available(pool: CopyPool, day: dt.date) -> bool:
    """Whether the film's copies are available on the day."""
    return not (
        (pool.available_from and day < pool.available_from)
        or (pool.available_until and day > pool.available_until)
    )


def solve(instance: Instance, time_limit: float, clock: Clock, result: PeerResult) -> None:
    """Build the MIP from the candidates and let HiGHS search for ``time_limit`` seconds."""
    import highspy  # type: ignore[import-not-found, unused-ignore]

    assert "ortools" not in sys.modules, "ortools and highspy must not share a process"
    inputs = instance.inputs
    candidates = enumerate_candidates(inputs)
    model = Model(inputs, candidates)
    n = len(model.cost)
    rows = model.rows
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("time_limit", float(time_limit))
    h.setOptionValue("random_seed", 0)
    h.addVars(n, np.array(model.lb), np.ones(n))
    h.changeColsIntegrality(
        n, np.arange(n, dtype=np.int32), np.full(n, highspy.HighsVarType.kInteger, dtype=np.uint8)
    )
    h.changeColsCost(n, np.arange(n, dtype=np.int32), np.array(model.cost))
    h.changeObjectiveSense(highspy.ObjSense.kMaximize)
    h.addRows(
        len(rows.lower),
        np.array(rows.lower),
        np.array(rows.upper),
        len(rows.index),
        np.array(rows.starts, dtype=np.int32),
        np.array(rows.index, dtype=np.int32),
        np.array(rows.value),
    )
    result.setup_seconds = clock.now()
    result.extra = {"columns": n, "rows": len(rows.lower), "nonzeros": len(rows.index)}

    def improved(event: object) -> None:
        value = round(event.data_out.objective_function_value)  # type: ignore[attr-defined]
        if not result.trace or value > result.trace[-1][1]:
            result.trace.append((clock.now(), value))

    h.cbMipImprovingSolution.subscribe(improved)
    h.run()
    info = h.getInfo()
    status = h.modelStatusToString(h.getModelStatus())
    result.message = status
    bound = info.mip_dual_bound
    if math.isfinite(bound) and abs(bound) < 1e15:
        result.bound = math.floor(bound + 1e-6 * max(1.0, abs(bound)))
        result.bound_kind = "HiGHS dual bound" + (" (optimal)" if status == "Optimal" else "")
        result.bound_exact = True
    if info.primal_solution_status < 2:  # no feasible point
        result.status = "no_solution"
        return
    values = h.getSolution().col_value
    tl = inputs.timeline
    chosen = [c for i, c in enumerate(candidates) if values[i] > 0.5]
    result.placements = [
        Placement(
            tl.local(c.start, inputs.halls[c.hall].tz).replace(tzinfo=None),
            c.hall[0],
            c.hall[1],
            c.film,
            c.guest,
        )
        for c in chosen
    ]
    result.copy_at = [
        (film, kk, city, day.isoformat())
        for (film, kk, city, day), col in sorted(model.copy_at.items(), key=lambda kv: str(kv[0]))
        if values[col] > 0.5
    ]
    result.claimed_objective = round(info.objective_function_value)
    if not result.trace or result.trace[-1][1] < result.claimed_objective:
        result.trace.append((clock.now(), result.claimed_objective))
    result.status = "ok"


if __name__ == "__main__":
    main("mip", solve)
