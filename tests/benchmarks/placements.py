"""What every peer hands back: placements (film, venue, hall, local start, guest) as JSON.

A peer runs in its own process and may not share any object with the runner, so its schedule crosses
the process boundary as plain JSON. ``score.py`` turns placements into festival screenings and runs
the festival's own verifier and evaluator on them.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True, order=True)
class Placement:
    """One screening as a peer placed it; ``start`` is the naive local start of the intro."""

    start: dt.datetime
    venue: str
    hall: str
    film: str
    guest: str | None = None

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready mapping."""
        return {
            "film": self.film,
            "venue": self.venue,
            "hall": self.hall,
            "start": self.start.isoformat(timespec="minutes"),
            "guest": self.guest,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Placement:
        """The inverse of ``to_json``."""
        return cls(
            start=dt.datetime.fromisoformat(data["start"]),
            venue=data["venue"],
            hall=data["hall"],
            film=data["film"],
            guest=data.get("guest"),
        )


CopyAt = tuple[str, int, str, str]
"""(film, copy number, city, ISO festival day): where a peer put a film copy."""


@dataclass
class PeerResult:
    """A peer's report: its schedule, its own view of progress, and what it cost.

    ``trace`` holds (seconds, objective) pairs as the peer saw them, in its own objective; the runner
    trusts them only when the peer's final objective equals the festival evaluator's score of its
    schedule. Seconds count from the moment the instance was in memory (instance building excluded).
    """

    peer: str
    instance: str
    status: str = "error"
    """ok (a schedule), no_solution, unavailable (the peer cannot run here), error, too_large."""
    message: str = ""
    placements: list[Placement] = field(default_factory=list)
    copy_at: list[CopyAt] | None = None
    trace: list[tuple[float, int]] = field(default_factory=list)
    claimed_objective: int | None = None
    bound: int | None = None
    bound_kind: str = ""
    bound_exact: bool = False
    """True when ``bound`` is a bound on the festival's own objective under all its rules."""
    setup_seconds: float | None = None
    wall_seconds: float | None = None
    peak_rss_mb: float | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def write(self, path: Path) -> None:
        """Write the report as JSON."""
        data = asdict(self)
        data["placements"] = [p.to_json() for p in self.placements]
        path.write_text(json.dumps(data, indent=1, sort_keys=True), encoding="utf-8")

    @classmethod
    def read(cls, path: Path) -> PeerResult:
        """Read a report written by ``write``."""
        data = json.loads(path.read_text(encoding="utf-8"))
        data["placements"] = [Placement.from_json(p) for p in data["placements"]]
        data["trace"] = [(float(t), int(v)) for t, v in data["trace"]]
        if data["copy_at"] is not None:
            data["copy_at"] = [tuple(c) for c in data["copy_at"]]
        return cls(**data)
