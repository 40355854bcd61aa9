"""The change report of a re-plan: ``changes.json`` for machines and ``changes.md`` for people."""

from __future__ import annotations

from festival.domain import Change, ChangeReport, Screening
from festival.inputs import Inputs

CHANGES_JSON = "changes.json"
CHANGES_MD = "changes.md"


def report_json(report: ChangeReport) -> bytes:
    """Canonical JSON bytes of the report."""
    return (report.model_dump_json(indent=2) + "\n").encode("utf-8")


def reading_order(c: Change) -> tuple[object, ...]:
    """Changes in the order a reader of the earlier programme knew them: by the old time and place
    (the new ones for an added screening); the web page and the printed insert list them so."""
    ref = c.before or c.after
    assert ref is not None  # a change has a screening before, after, or both
    return (ref.start_utc, ref.city, ref.venue, ref.hall, c.screening)


def where(s: Screening, inputs: Inputs) -> str:
    """'Tue 14 May 19:00, Illuzion · Big Hall, Moscow' in the venue's local time."""
    info = inputs.halls.get((s.venue, s.hall))
    place = f"{info.venue.name.en} · {info.hall.name.en}" if info else f"{s.venue} · {s.hall}"
    city = inputs.cities[s.city].name.en if s.city in inputs.cities else s.city
    return f"{s.start_local:%a %d %b %H:%M}, {place}, {city}"


def title(film: str, inputs: Inputs) -> str:
    """The film's English title (its id if the line-up no longer has it)."""
    found = inputs.films.get(film)
    return found.title.en if found else film


def guest(s: Screening, inputs: Inputs) -> str:
    """'Q&A with Fang Li (30 min)', or 'no guest'."""
    if s.guest is None:
        return "no guest"
    found = inputs.guests.get(s.guest)
    name = found.name.en if found else s.guest
    kind = {"intro": "introduction", "qa": "Q&A"}.get(s.guest_kind or "", "appearance")
    return f"{kind} with {name} ({s.guest_minutes} min)"


def lines(report: ChangeReport, inputs: Inputs) -> list[tuple[str, str, str, str]]:
    """(kind, film, before, after) for every change, in report order; a *changed* screening
    (same time and place) shows its guest appearance before and after."""
    out: list[tuple[str, str, str, str]] = []
    for c in report.changes:
        before = where(c.before, inputs) if c.before else ""
        after = where(c.after, inputs) if c.after else ""
        if c.kind == "changed" and c.before and c.after:
            before += f"; {guest(c.before, inputs)}"
            after += f"; {guest(c.after, inputs)}"
        out.append((c.kind, title(c.film, inputs), before, after))
    return out


def report_markdown(report: ChangeReport, inputs: Inputs) -> bytes:
    """A readable summary: counts, then one table row per change."""
    rows = [
        f"# Programme changes: revision {report.from_revision} → {report.to_revision}",
        "",
        f"Published {report.generated_at:%Y-%m-%d %H:%M} UTC. Of {report.published} published "
        f"screenings: {report.moved} moved, {report.changed} with another guest, "
        f"{report.cancelled} cancelled; {report.added} added.",
        "All times are local to the venue.",
        "",
        "| change | film | before | after |",
        "|---|---|---|---|",
    ]
    for kind, film, before, after in lines(report, inputs):
        rows.append(f"| {kind} | {film} | {before or '—'} | {after or '—'} |")
    if not report.changes:
        rows.append("| — | no changes | | |")
    return ("\n".join(rows) + "\n").encode("utf-8")
