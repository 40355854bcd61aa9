"""Bound ``lp``: the LP relaxation of the ``mip`` peer's model, solved by HiGHS (no schedule).

Every rule of the festival is a row of that model, over the festival's own candidates, so the LP
optimum is an upper bound on any schedule's score. It is reported only when HiGHS solves the LP to
optimality; the value is rounded up after adding a relative tolerance of 1e-6, so solver tolerances
cannot make it too small. It gives the large instances a bound far tighter than the per-film one.
"""

from __future__ import annotations

import math
import sys

import numpy as np

from festival.candidates import enumerate_candidates
from tests.benchmarks.instances import Instance
from tests.benchmarks.peers import Clock, main
from tests.benchmarks.peers.mip import Model
from tests.benchmarks.placements import PeerResult

TOLERANCE = 1e-6


def solve(instance: Instance, time_limit: float, clock: Clock, result: PeerResult) -> None:
    """Solve the LP relaxation (interior point, then simplex clean-up) within ``time_limit``."""
    import highspy  # type: ignore[import-not-found]

    assert "ortools" not in sys.modules, "ortools and highspy must not share a process"
    inputs = instance.inputs
    model = Model(inputs, enumerate_candidates(inputs))
    n = len(model.cost)
    rows = model.rows
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("time_limit", float(time_limit))
    h.setOptionValue("solver", "ipm")
    h.addVars(n, np.array(model.lb), np.ones(n))
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
    h.run()
    status = h.modelStatusToString(h.getModelStatus())
    result.message = f"LP {status}"
    result.status = "bound"
    if status == "Optimal":
        value = h.getInfo().objective_function_value
        result.bound = math.ceil(value + TOLERANCE * max(1.0, abs(value)))
        result.bound_kind = "LP relaxation (HiGHS)"
        result.bound_exact = True


if __name__ == "__main__":
    main("lp", solve)
