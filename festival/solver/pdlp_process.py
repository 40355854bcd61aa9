"""PDLP in a process of its own: ``python pdlp_process.py ACCURACY THREADS ITERATIONS``.

Reads a serialised ``MPModelProto`` (a maximisation) on stdin and writes PDLP's primal values for
its columns, then its dual values for its rows, to stdout, as native float64, the duals in the
maximisation's sign convention. PDLP stops at the relative ACCURACY or after ITERATIONS (> 0),
the sooner: work limits, not a clock, so the answer is the same on a quiet and on a busy machine
(for the same number of THREADS). The caller (``bound.Relaxation``) stops the process if it runs
past a deadline, and only uses the duals through weak duality and the primal values as guidance.

A process, not a thread, because PDLP's Python binding holds the GIL for the whole solve
(measured at Sundance 2024 size: the window search's Python stalled for 13 s), and the binding
that releases it (``pywraplp``) returns no duals when the time limit stops PDLP. It is run as an
script by its path with its folder kept off ``sys.path`` (``python -P``; ``-I`` would also hide
a user's site-packages, where OR-Tools may be), so it imports nothing of festival: ``-m`` would
import ``festival.solver`` first, and CP-SAT and pandas with it, 0.7 s before PDLP starts.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys
from array import array

from ortools.linear_solver import linear_solver_pb2
from ortools.pdlp import solvers_pb2
from ortools.pdlp.python import pdlp


def solve(
    model: linear_solver_pb2.MPModelProto,
    accuracy: float,
    threads: int = 1,
    iterations: int = 0,
) -> tuple[list[float], list[float]]:
    """PDLP's primal values for ``model``'s columns and duals for its rows (≥ 0 on a binding ≤
    row of a maximisation). ``iterations`` > 0 stops it after that many, wherever it is (the
    same answer on any machine, where a time limit is not)."""
    qp = pdlp.qp_from_mpmodel_proto(model, relax_integer_variables=True)
    params = solvers_pb2.PrimalDualHybridGradientParams(num_threads=threads)
    optimal = params.termination_criteria.simple_optimality_criteria
    optimal.eps_optimal_relative = optimal.eps_optimal_absolute = accuracy
    if iterations > 0:
        params.termination_criteria.iteration_limit = iterations
    result = pdlp.primal_dual_hybrid_gradient(qp, params)
    # PDLP minimises the negated objective: its duals are the maximisation's, negated
    return [float(x) for x in result.primal_solution], [-float(d) for d in result.dual_solution]


def die_with_parent() -> None:
    """End when festival ends (Linux): an interrupted or killed plan leaves no PDLP running (and
    a killed workspace no search, ``festival.edit.optimise``).

    festival blocks SIGINT and SIGTERM in all its threads, and a child inherits that mask.
    """
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() == 1:
        sys.exit(1)


def main() -> None:
    die_with_parent()
    accuracy, threads, iterations = sys.argv[1:4]
    model = linear_solver_pb2.MPModelProto.FromString(sys.stdin.buffer.read())
    primal, duals = solve(model, float(accuracy), int(threads), int(iterations))
    sys.stdout.buffer.write(array("d", primal + duals).tobytes())


if __name__ == "__main__":
    main()
