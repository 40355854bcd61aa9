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

import math
import sys
from collections import defaultdict

import numpy as np

from festival.candidates import Candidate, enumerate_candidates
from festival.inputs import Inputs
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


class Model:
    """Columns (with objective and bounds) and rows of the MIP."""

    def __init__(self, inputs: Inputs, candidates: list[Candidate]) -> None:
        self.inputs = inputs
        self.candidates = candidates
        self.cost: list[float] = [float(c.points) for c in candidates]
        self.lb: list[float] = [1.0 if c.pinned else 0.0 for c in candidates]
        self.rows = Rows()
        self._build()

    def column(self, cost: float) -> int:
        self.cost.append(cost)
        self.lb.append(0.0)
        return len(self.cost) - 1

    def _at(self, owner_days: dict[tuple[str, str, object], int], apart: object) -> None:
        """Being in two cities on days closer than the travel between them is forbidden."""
        by_owner: dict[str, list[tuple[str, object, int]]] = defaultdict(list)
        for (owner, city, day), col in sorted(owner_days.items(), key=lambda kv: str(kv[0])):
            by_owner[owner].append((city, day, col))
        for entries in by_owner.values():
            for n, (ca, da, a) in enumerate(entries):
                for cb, db, b in entries[n + 1 :]:
                    if ca != cb and abs((db - da).days) < apart(ca, cb):  # type: ignore[operator,attr-defined]
                        self.rows.add([a, b], None, -INF, 1)

    def _build(self) -> None:
        inputs, cands, rows = self.inputs, self.candidates, self.rows
        by: dict[str, dict[object, list[int]]] = defaultdict(lambda: defaultdict(list))
        for i, c in enumerate(cands):
            by["hall"][c.hall].append(i)
            by["film"][c.film].append(i)
            by["film_city"][(c.film, c.city)].append(i)
            by["film_city_day"][(c.film, c.city, c.day)].append(i)
            by["film_day"][(c.film, c.day)].append(i)
            if c.guest is not None:
                by["guest"][c.guest].append(i)
                by["guest_film"][(c.guest, c.film)].append(i)
        # hall overlap, with the hall-day hire variable folded into single-day cliques
        hire = {key: hire_points(inputs, info) for key, info in inputs.halls.items()}
        hall_day: dict[tuple[object, object], int] = {}
        for hall, indices in sorted(by["hall"].items()):
            covered: set[int] = set()
            for clique in overlap_cliques(indices, cands, "release"):
                days = {cands[i].day for i in clique}
                if hire[hall] > 0 and len(days) == 1:
                    key = (hall, next(iter(days)))
                    if key not in hall_day:
                        hall_day[key] = self.column(-float(hire[hall]))
                    rows.add([*clique, hall_day[key]], [1.0] * len(clique) + [-1.0], -INF, 0)
                    covered.update(clique)
                elif len(clique) > 1:
                    rows.add(clique, None, -INF, 1)
            if hire[hall] > 0:
                for i in indices:
                    if i not in covered:
                        key = (hall, cands[i].day)
                        if key not in hall_day:
                            hall_day[key] = self.column(-float(hire[hall]))
                        rows.add([i, hall_day[key]], [1.0, -1.0], -INF, 0)
        # counts
        for film in inputs.active_films:
            idx = by["film"][film.id]
            rows.add(idx, None, film.screenings.min, inputs.film_max(film))
            for city in inputs.venues.cities:
                low, high = inputs.city_limits(film, city.id)
                if low or high is not None:
                    rows.add(
                        by["film_city"][(film.id, city.id)],
                        None,
                        low,
                        INF if high is None else high,
                    )
        k = inputs.venues.policy.max_per_film_city_day
        for idx in by["film_city_day"].values():
            if len(idx) > k:
                rows.add(idx, None, -INF, k)
        # spread: a film-day earns its points only if the film plays that day
        points = spread_points(inputs)
        if points:
            for _, idx in sorted(by["film_day"].items(), key=lambda kv: str(kv[0])):
                y = self.column(float(points))
                rows.add([y, *idx], [1.0] + [-1.0] * len(idx), -INF, 0)
        # guests
        for guest, a in inputs.appearances():
            idx = by["guest_film"][(guest.id, a.film)]
            rows.add(idx, None, a.count, a.count)
        guest_at: dict[tuple[str, str, object], int] = {}
        for guest_id, idx in sorted(by["guest"].items()):
            per_city: dict[str, list[int]] = defaultdict(list)
            per_day: dict[object, list[int]] = defaultdict(list)
            for i in idx:
                c = cands[i]
                key = (guest_id, c.city, c.day)
                if key not in guest_at:
                    guest_at[key] = self.column(0.0)
                rows.add([i, guest_at[key]], [1.0, -1.0], -INF, 0)
                per_city[c.city].append(i)
                per_day[c.day].append(i)
            for city_idx in per_city.values():
                for clique in overlap_cliques(city_idx, cands, "end"):
                    if len(clique) > 1:
                        rows.add(clique, None, -INF, 1)
            limit = inputs.guests[guest_id].max_per_day
            for day_idx in per_day.values():
                if len(day_idx) > limit:
                    rows.add(day_idx, None, -INF, limit)
        days: dict[tuple[str, object], list[int]] = defaultdict(list)
        for (guest_id, _, day), col in guest_at.items():
            days[(guest_id, day)].append(col)
        for cols in days.values():
            if len(cols) > 1:
                rows.add(cols, None, -INF, 1)
        self._at(guest_at, inputs.guest_days_apart)
        # film copies
        copy_at: dict[tuple[str, int, str, object], int] = {}
        for (film, city, day), idx in sorted(
            by["film_city_day"].items(), key=lambda kv: str(kv[0])
        ):
            pool = inputs.copy_pool(film)
            if pool is None:
                continue
            here = []
            for kk in range(1, pool.count + 1):
                if (pool.available_from and day < pool.available_from) or (  # type: ignore[operator]
                    pool.available_until and day > pool.available_until  # type: ignore[operator]
                ):
                    continue
                col = self.column(0.0)
                copy_at[(film, kk, city, day)] = col
                here.append(col)
            # each chosen screening needs a copy in the city that day
            for i in idx:
                rows.add([i, *here], [1.0] + [-1.0] * len(here), -INF, 0)
        per_copy_day: dict[tuple[str, int, object], list[int]] = defaultdict(list)
        at: dict[tuple[str, str, object], int] = {}
        for (film, kk, city, day), col in copy_at.items():
            per_copy_day[(film, kk, day)].append(col)
            at[(f"{film}#{kk}", city, day)] = col
        for cols in per_copy_day.values():
            if len(cols) > 1:
                rows.add(cols, None, -INF, 1)
        self._at(at, inputs.copy_days_apart)
        self.copy_at = copy_at


def solve(instance: Instance, time_limit: float, clock: Clock, result: PeerResult) -> None:
    """Build the MIP from the candidates and let HiGHS search for ``time_limit`` seconds."""
    import highspy

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
        (film, kk, city, day.isoformat())  # type: ignore[attr-defined]
        for (film, kk, city, day), col in sorted(model.copy_at.items(), key=lambda kv: str(kv[0]))
        if values[col] > 0.5
    ]
    result.claimed_objective = round(info.objective_function_value)
    if not result.trace or result.trace[-1][1] < result.claimed_objective:
        result.trace.append((clock.now(), result.claimed_objective))
    result.status = "ok"


if __name__ == "__main__":
    main("mip", solve)
