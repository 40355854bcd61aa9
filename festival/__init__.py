"""festival: plan film festival programmes across cities, venues and halls."""

__version__ = "0.1.0"
