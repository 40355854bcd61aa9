"""PDLP in a process of its own: ``python -m festival.solver.pdlp_process DEADLINE``.

Reads a serialised ``MPModelProto`` (a maximisation) on stdin and writes PDLP's dual values for
its rows to stdout, as native float64, in the maximisation's sign convention. A DEADLINE > 0 (in
``time.monotonic()`` seconds, one clock for all processes) stops PDLP then; its duals are written
whatever the termination reason, since the caller (``bound.relaxation_bound``) only uses them
through weak duality.

A process, not a thread, because PDLP's Python binding holds the GIL for the whole solve
(measured at Sundance 2024 size: the window search's Python stalled for 13 s), and the binding
that releases it (``pywraplp``) returns no duals when the time limit stops PDLP.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from array import array

from ortools.linear_solver import linear_solver_pb2
from ortools.pdlp import solvers_pb2
from ortools.pdlp.python import pdlp

ACCURACY = 1e-4
"""PDLP (first-order, one thread) stops at this relative accuracy. Measured at Berlinale size
(176,000 columns): 9 s and 292,830, where GLOP's simplex took 20 s for 292,555 and PDLP at 1e-3
took 5 s for 294,682."""


def duals(model: linear_solver_pb2.MPModelProto, deadline: float) -> list[float]:
    """PDLP's duals for ``model``'s rows (≥ 0 on a binding ≤ row of a maximisation)."""
    qp = pdlp.qp_from_mpmodel_proto(model, relax_integer_variables=True)
    params = solvers_pb2.PrimalDualHybridGradientParams(num_threads=1)
    optimal = params.termination_criteria.simple_optimality_criteria
    optimal.eps_optimal_relative = optimal.eps_optimal_absolute = ACCURACY
    if deadline > 0:
        params.termination_criteria.time_sec_limit = max(deadline - time.monotonic(), 0.1)
    result = pdlp.primal_dual_hybrid_gradient(qp, params)
    # PDLP minimises the negated objective: its duals are the maximisation's, negated
    return [-float(d) for d in result.dual_solution]


def main() -> None:
    with contextlib.suppress(OSError):
        os.nice(19)  # what the window search leaves idle
    model = linear_solver_pb2.MPModelProto.FromString(sys.stdin.buffer.read())
    sys.stdout.buffer.write(array("d", duals(model, float(sys.argv[1]))).tobytes())


if __name__ == "__main__":
    main()
