"""The screenings chosen candidates stand for: domain ``Screening`` drafts from solver choices.

Below the solver: it scores its greedy start with the evaluator (``festival.scoring``) on these,
and ``festival.plan`` builds the schedule's screenings from them.
"""

from __future__ import annotations

from collections import defaultdict

from festival.candidates import Candidate
from festival.domain import GuestKind, Screening
from festival.inputs import Inputs


def draft(inputs: Inputs, c: Candidate, screening_id: str) -> Screening:
    """The screening a chosen candidate stands for."""
    tl = inputs.timeline
    policy = inputs.venues.policy
    info = inputs.halls[c.hall]
    start_local = tl.local(c.start, info.tz)
    label = None
    if c.pinned:
        label = next(
            (
                p.label
                for p in inputs.venues.pins
                if (p.film, (p.venue, p.hall), p.start)
                == (c.film, c.hall, start_local.replace(tzinfo=None))
            ),
            None,
        )
    return Screening(
        id=screening_id,
        film=c.film,
        city=c.city,
        venue=c.hall[0],
        hall=c.hall[1],
        start_local=start_local,
        end_local=tl.local(c.end, info.tz),
        start_utc=tl.utc(c.start),
        end_utc=tl.utc(c.end),
        festival_day=tl.festival_day(start_local),
        intro_minutes=policy.intro_minutes,
        runtime_minutes=c.end - c.start - policy.intro_minutes - c.extra,
        turnover_minutes=c.release - c.end,
        pinned=c.pinned,
        label=label,
        guest=c.guest,
        guest_kind=guest_kind(inputs, c.guest, c.film),
        guest_minutes=c.extra,
    )


def screenings_of(inputs: Inputs, chosen: list[Candidate]) -> tuple[Screening, ...]:
    """Domain screenings for chosen candidates, with ids ``<film>-<n>`` numbered in time order."""
    ordered = sorted(chosen, key=lambda c: (c.start, c.hall, c.film))
    counter: dict[str, int] = defaultdict(int)
    out = []
    for c in ordered:
        counter[c.film] += 1
        out.append(draft(inputs, c, f"{c.film}-{counter[c.film]}"))
    return tuple(out)


def guest_kind(inputs: Inputs, guest: str | None, film: str) -> GuestKind | None:
    """Whether the guest introduces the film or answers questions after it."""
    if guest is None:
        return None
    return next(a.kind for a in inputs.guests[guest].appearances if a.film == film)
