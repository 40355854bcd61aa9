"""One programmer's workspace: the draft of an output folder's plan, saved after every step, its
locks written to the venue file, and its publication.

``Workspace.open`` starts from the draft saved beside the publication (``store``) when it was made
on the same inputs, else from the current publication. Every step is checked and saved before it
is answered. Publishing goes through the same transaction as ``festival plan``: the draft, matched
against the publication (same ids keep their UIDs, SEQUENCE goes up), verified, then switched in
one rename; it is refused while a hard rule is broken. The views are plain data (JSON for the
page); names are in English, the CLI's language.
"""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from festival.domain import Schedule, Screening
from festival.edit import store
from festival.edit.draft import Checked, Draft, Edit, EditError, State
from festival.edit.optimise import Change, Search, diff, placements, with_pins
from festival.errors import FestivalError
from festival.figures import figures
from festival.inputs import Inputs
from festival.load import load
from festival.publish.changes import lines
from festival.publish.phrases import Lang, text
from festival.publish.print import Paper
from festival.release import Release, over_publication, publish, read
from festival.verify import verify_change


class PublishRefused(FestivalError):
    """The draft breaks hard rules: it is not published."""


@dataclass(frozen=True)
class Published:
    revision: str
    moved: int
    cancelled: int
    added: int
    changes: list[tuple[str, str, str | None, str | None]]
    """The changes report as the CLI prints it: (change, film, before, after)."""


def _minutes(s: Screening) -> tuple[str, str]:
    return (
        s.start_local.replace(tzinfo=None).isoformat(timespec="minutes"),
        s.end_local.replace(tzinfo=None).isoformat(timespec="minutes"),
    )


class Workspace:
    """The draft of one output folder's plan, for one programmer at a time."""

    def __init__(
        self,
        out: Path,
        venues: Path,
        inputs: Inputs,
        draft: Draft,
        lang: Lang = "ru",
        paper: Paper = "a5",
        programme: Path | None = None,
        revision: int = 1,
    ) -> None:
        self.out = out
        self.venues = venues
        self.programme = programme
        self.revision = revision
        """The publication the draft was made on: publishing over another one is refused."""
        self.inputs = inputs
        self.draft = draft
        self.lang: Lang = lang
        self.paper: Paper = paper
        """The publication's language and paper, kept when the draft is published."""
        self.lock = threading.Lock()
        """Held for every step: one step at a time, checked and saved before the next."""
        self.search: Search | None = None
        """The running or last optimisation (it knows the draft it started from)."""
        self.proposal: tuple[State, list[Change]] | None = None

    @classmethod
    def open(cls, out: Path, venues: Path, programme: Path | None = None) -> Workspace:
        """The workspace of ``out``'s current publication over ``venues`` (re-read: the file the
        locks are written to); the saved draft if it was made on these inputs."""
        inputs = load(venues, programme)
        current: Release = read(out)
        revision = current.schedule.revision
        draft = Draft.of(current.schedule, inputs)
        saved = store.read_draft(out, inputs, revision)
        if saved is not None and saved != draft.state:
            draft.state = saved
        return cls(
            out,
            venues,
            inputs,
            draft,
            current.manifest.lang,
            current.manifest.paper,
            programme,
            revision,
        )

    # ---- steps ------------------------------------------------------------------------------

    def step(self, edit: Edit) -> dict[str, Any]:
        with self.lock:
            before = self.draft.check().score
            self.draft.apply(edit)
            return self._saved(before)

    def undo(self) -> dict[str, Any]:
        with self.lock:
            before = self.draft.check().score
            self.draft.undo()
            return self._saved(before)

    def redo(self) -> dict[str, Any]:
        with self.lock:
            before = self.draft.check().score
            self.draft.redo()
            return self._saved(before)

    def _saved(self, before: int) -> dict[str, Any]:
        store.save_draft(self.out, self.draft.state, self.inputs, self.revision)
        view = self.view()
        view["score_change"] = view["score"]["total"] - before
        return view

    # ---- what the page shows ----------------------------------------------------------------

    def view(self) -> dict[str, Any]:
        """The draft as the page reads it: halls, films, screenings with their problems, every
        broken rule in the CLI's words, the score and its terms, and what can be undone."""
        checked = self.draft.check()
        return {
            "festival": text(self.inputs.venues.festival.name, "en"),
            "halls": self._halls(),
            "films": self._films(checked.schedule),
            "screenings": self._screenings(checked),
            "violations": [str(v) for v in checked.violations]
            + [f"record: {i}: {why}" for i, why in checked.found.unplaced],
            "score": checked.schedule.score.model_dump(),
            "can_undo": bool(self.draft.undone),
            "can_redo": bool(self.draft.redone),
            "locked": sorted(self.draft.state.locked),
        }

    def figures(self) -> dict[str, Any]:
        """The programmer's report's headline figures (``festival report``) of the draft (asked
        for apart from the steps: a step's answer carries only what the check says)."""
        f = figures(self.draft.check().schedule.screenings, self.inputs)
        return {
            "per_day": [[day.isoformat(), n] for day, n in sorted(f.per_day.items())],
            "weekend_ratio": round(f.weekend_ratio, 2),
            "peak_share": round(f.peak_share, 2),
            "close_starts": f.close_total,
            "premieres": [f.premieres_as_asked, len(f.premieres)],
            "short_hall_days": f.short_hall_days,
            "hall_use": round(f.used_share, 3),
        }

    def _halls(self) -> list[dict[str, Any]]:
        return [
            {
                "id": f"{info.venue.id}/{info.hall.id}",
                "venue": info.venue.id,
                "hall": info.hall.id,
                "city": info.city.id,
                "city_name": text(info.city.name, "en"),
                "name": f"{text(info.venue.name, 'en')} · {text(info.hall.name, 'en')}",
                "grain": self.inputs.venues.policy.grain_minutes,
            }
            for info in self.inputs.halls.values()
            if not info.hall.withdrawn and not info.venue.withdrawn
        ]

    def _films(self, schedule: Schedule) -> list[dict[str, Any]]:
        placed: dict[str, int] = {}
        for s in schedule.screenings:
            placed[s.film] = placed.get(s.film, 0) + 1
        return [
            {
                "id": f.id,
                "title": text(f.title, "en"),
                "placed": placed.get(f.id, 0),
                "wanted": {"min": f.screenings.min, "max": f.screenings.max},
                "runtime": f.runtime,
            }
            for f in self.inputs.active_films
        ]

    def _screenings(self, checked: Checked) -> list[dict[str, Any]]:
        problems = checked.by_screening
        out = []
        for s in sorted(checked.schedule.screenings, key=lambda s: (s.start_utc, s.id)):
            start, end = _minutes(s)
            film = self.inputs.films[s.film]
            out.append(
                {
                    "id": s.id,
                    "film": s.film,
                    "title": text(film.title, "en"),
                    "hall": f"{s.venue}/{s.hall}",
                    "city": s.city,
                    "start": start,
                    "end": end,
                    "intro": s.intro_minutes,
                    "runtime": s.runtime_minutes,
                    "guest_minutes": s.guest_minutes,
                    "turnover": s.turnover_minutes,
                    "locked": s.id in self.draft.state.locked,
                    "problems": problems.get(s.id, []),
                }
            )
        return out

    # ---- the solver around the programmer's choices ------------------------------------------

    def optimise(self, limit: float) -> Search:
        """Start re-planning the draft with its locks as pins (one search at a time)."""
        with self.lock:
            if self.search is not None and not self.search.finished:
                raise EditError("an optimisation is already running")
            checked = self.draft.check()
            inputs = with_pins(self.inputs, self.draft.pins())
            self.proposal = None
            self.search = Search(inputs, checked.schedule, limit, self.draft.stamp)
            self.search.base = self.draft.state
            return self.search

    def cancel(self) -> None:
        if self.search is not None:
            self.search.cancel()

    def propose(self, search: Search, data: dict[str, Any]) -> dict[str, Any]:
        """Keep a finished search's proposal; what it changes, its score and problems."""
        with self.lock:
            base = search.base
            assert base is not None
            if search is not self.search:
                raise EditError("another optimisation has started since")
            state = State(placements(data), base.locked)
            changes = diff(base.placements, state.placements)
            self.proposal = (state, changes)
            checked = self.draft.check(state)
            return {
                "changes": [self._change(c) for c in changes],
                "score": checked.schedule.score.model_dump(),
                "score_change": checked.score - self.draft.check(base).score,
                "violations": [str(v) for v in checked.violations],
            }

    def _change(self, c: Change) -> dict[str, Any]:
        def where(p: Any) -> str | None:
            if p is None:
                return None
            info = self.inputs.halls[(p.venue, p.hall)]
            name = f"{text(info.venue.name, 'en')} · {text(info.hall.name, 'en')}"
            return f"{name}, {p.start:%a %d %b %H:%M}"

        either = c.after or c.before
        assert either is not None
        film = either.film
        return {
            "kind": c.kind,
            "screening": c.screening,
            "title": text(self.inputs.films[film].title, "en"),
            "before": where(c.before),
            "after": where(c.after),
        }

    def accept(self, chosen: list[str] | None) -> dict[str, Any]:
        """Take the proposal's changes into the draft as one step: all, or those of ``chosen``
        screenings."""
        with self.lock:
            if self.proposal is None:
                raise EditError("no proposal to accept")
            if self.search is None or self.draft.state is not self.search.base:
                raise EditError("the draft has changed since the search started: optimise again")
            _, changes = self.proposal
            before = self.draft.check().score
            placed = {p.id: p for p in self.draft.state.placements}
            for c in changes:
                if chosen is not None and c.screening not in chosen:
                    continue
                if c.after is None:
                    placed.pop(c.screening, None)
                else:
                    placed[c.screening] = c.after
            self.draft.replace(placed.values())
            self.proposal = None
            return self._saved(before)

    def reject(self) -> None:
        with self.lock:
            self.proposal = None

    # ---- beyond the draft -------------------------------------------------------------------

    def save_locks(self) -> int:
        """Write the locks into the venue file as pins; how many pins it now has. The draft is
        checked against the file as written from then on, and saved as made on it."""
        with self.lock:
            self.inputs = store.write_pins(self.venues, self.draft.pins(), self.programme)
            self.draft.use(self.inputs)
            store.save_draft(self.out, self.draft.state, self.inputs, self.revision)
            return len(self.inputs.venues.pins)

    def publish(self) -> Published:
        """Publish the draft as the next revision, in the publication's language and paper
        (refused while a hard rule is broken)."""
        with self.lock:
            checked = self.draft.check()
            broken = [str(v) for v in checked.violations] + [
                f"record: {i}: {why}" for i, why in checked.found.unplaced
            ]
            if broken:
                raise PublishRefused(
                    f"the draft breaks {len(broken)} hard rule(s); not published:\n"
                    + "\n".join(broken[:20])
                )
            current = read(self.out)
            if current.schedule.revision != self.revision:
                raise PublishRefused(
                    f"{self.out} is at revision {current.schedule.revision} now, not "
                    f"{self.revision} as when this draft began: start festival edit again"
                )
            now = dt.datetime.now(dt.UTC).replace(microsecond=0)
            schedule, report = over_publication(self.out, checked.schedule, self.inputs, now)
            # a programmer's change is held to the re-planning policy: frozen or sold
            # screenings stay, moves stay in their city and within max_day_shift
            policy = [
                str(v)
                for v in verify_change(current.schedule, schedule, self.inputs, replanned=True)
            ]
            if policy:
                raise PublishRefused(
                    f"the draft breaks {len(policy)} re-planning rule(s); not published:\n"
                    + "\n".join(policy[:20])
                )
            revision = publish(
                self.out, schedule, self.inputs, self.lang, self.paper, report, "edit"
            )
            self.revision = schedule.revision
            self.draft = Draft.of(schedule, self.inputs)
            store.save_draft(self.out, self.draft.state, self.inputs, self.revision)
            return Published(
                revision.name,
                report.moved if report else 0,
                report.cancelled if report else 0,
                report.added if report else 0,
                list(lines(report, self.inputs)) if report else [],
            )
