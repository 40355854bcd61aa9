"""Benchmarks of the planner against peer solvers (not collected by pytest; see ``run.py``)."""
