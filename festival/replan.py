"""Re-planning a published programme: what may change, what it costs, and who keeps which id.

Plain Python, shared by the solver (as objective coefficients) and by the change report (which
re-computes the penalty from the result), so the two cannot disagree. A published screening is
*kept* when the new plan has it in the same hall at the same time, *moved* when it is matched to
another placement of the same film in the same city, on the same festival day or (when its own
placement is gone) on another at most ``max_day_shift`` days away (it keeps its id and calendar UID,
and its SEQUENCE grows), and *cancelled* otherwise (it stays in every feed as cancelled). Any other
new placement is *added* with a new id. A screening kept at the same time and place with another
guest appearance (or none) is *changed*: its SEQUENCE grows too, since its calendar event says who
appears.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from festival.candidates import Candidate
from festival.domain import Change, ChangeKind, ChangeReport, Schedule, Screening
from festival.inputs import Inputs


@dataclass(frozen=True)
class Anchor:
    """A published, confirmed screening and the placements that would keep or move it
    (any placement of the film in the same city on the same festival day, with or without a guest;
    when its own placement is gone, also those on another day within ``max_day_shift`` that cost
    less than cancelling and adding).

    ``options`` pairs a candidate index with the move penalty in points (0 for the identical
    placement, ``keep``). A frozen screening may only be kept.
    """

    screening: Screening
    keep: int | None
    options: tuple[tuple[int, int], ...]
    frozen: bool

    @functools.cached_property
    def cost(self) -> dict[int, int]:
        """``options`` by candidate: the move penalty of each placement."""
        return dict(self.options)


def kept_in_place(found: list[Anchor], matched: dict[int, int]) -> int:
    """How many published screenings the matching keeps where they were (not moved)."""
    return sum(i == found[n].keep for n, i in matched.items())


def frozen(inputs: Inputs, s: Screening) -> bool:
    """Sold, or starting before the replanning policy's ``frozen_until``: it may not move."""
    policy = inputs.venues.replanning
    if s.id in policy.sold:
        return True
    return policy.frozen_until is not None and s.start_utc < policy.frozen_until


def move_penalty(inputs: Inputs, s: Screening, c: Candidate) -> int:
    """Points lost by moving published screening ``s`` to placement ``c`` (0 if identical): per
    hour it moves on its festival day; to another day, per day and per hour its time of day moves
    (on the venue's clocks); and for another hall or venue."""
    return _Prices(inputs).of(s, inputs.timeline.minute_of(s.start_utc), c)


class _Prices:
    """``move_penalty`` for many placements: each start's time of day is worked out once."""

    def __init__(self, inputs: Inputs) -> None:
        self.weights = inputs.venues.replanning.weights
        self.timeline = inputs.timeline
        self.zones = {city.id: city.timezone for city in inputs.venues.cities}
        self.times: dict[tuple[int, str], int] = {}

    def time_of_day(self, minute: int, city: str) -> int:
        """Minutes since its festival day's cutoff of absolute ``minute``, on ``city``'s clocks."""
        key = (minute, city)
        found = self.times.get(key)
        if found is None:
            tl = self.timeline
            found = self.times[key] = tl.festival_time(tl.local(minute, self.zones[city]))
        return found

    def of(self, s: Screening, start: int, c: Candidate) -> int:
        """The move penalty of published screening ``s``, starting at absolute ``start``, to
        placement ``c``."""
        w = self.weights
        days = abs((c.day - s.festival_day).days)
        if days:
            minutes = abs(self.time_of_day(start, s.city) - self.time_of_day(c.start, c.city))
        else:
            minutes = abs(start - c.start)
        cost = w.shift_per_hour * (minutes / 60) + w.day * days
        if (s.venue, s.hall) != c.hall:
            cost += w.venue if s.venue != c.hall[0] else w.hall
        return round(cost)


def cancel_penalty(inputs: Inputs) -> int:
    """Points lost per published screening that is cancelled."""
    return round(inputs.venues.replanning.weights.cancel)


def add_penalty(inputs: Inputs) -> int:
    """Points lost per screening added to a published programme."""
    return round(inputs.venues.replanning.weights.add)


def change_penalty(
    inputs: Inputs, found: list[Anchor], matched: dict[int, int], chosen: int
) -> int:
    """The penalty ``identify`` reports for a re-plan of ``chosen`` placements in which published
    screening ``found[n]`` is carried by candidate ``matched[n]`` (the others are cancelled)."""
    moves = sum(found[n].cost[i] for n, i in matched.items())
    cancelled = len(found) - len(matched)
    added = chosen - len(matched)
    return cancel_penalty(inputs) * cancelled + add_penalty(inputs) * added + moves


def anchors(inputs: Inputs, previous: Schedule, candidates: list[Candidate]) -> list[Anchor]:
    """One anchor per confirmed published screening of a film still in the line-up."""
    return [
        Anchor(s, keep, tuple(options), is_frozen)
        for s, keep, options, is_frozen in _published(inputs, previous, candidates)
    ]


def carriers(inputs: Inputs, previous: Schedule, candidates: list[Candidate]) -> set[int]:
    """The candidates that could keep or take over a published screening (the anchors' options):
    dropping one as dominated would ignore its move penalty, so ``dominance`` keeps them."""
    return {i for _, _, options, _ in _published(inputs, previous, candidates) for i, _ in options}


def _published(
    inputs: Inputs, previous: Schedule, candidates: list[Candidate]
) -> list[tuple[Screening, int | None, list[tuple[int, int]], bool]]:
    """Per published screening: the identical placement (``keep``), the placements that may
    carry it with their move penalties, and whether it is frozen.

    The placements that may carry it are every one of the film in the same city on the same
    festival day; when its own placement is gone (its hall closed that day or withdrawn, the
    film's length or the guest changed: no ``keep``), then also (nearest day first) those on
    another day at most ``max_day_shift`` away whose move penalty is less than cancelling it and
    adding another (any other would never be chosen); only ``keep`` when it is frozen.

    Each option is a variable of the model: offering other days to every published screening
    made a Berlinale-size re-plan 3.7 times as many (179,388 to 672,543 with ``max_day_shift``
    2) and its 30 s search worse; one that can stay where it was rarely gains by another day.
    """
    tl = inputs.timeline
    prices = _Prices(inputs)
    reach = inputs.venues.replanning.max_day_shift
    worth = cancel_penalty(inputs) + add_penalty(inputs)
    by_key: dict[tuple[str, str, dt.date], list[int]] = defaultdict(list)
    for i, c in enumerate(candidates):
        by_key[(c.film, c.city, c.day)].append(i)
    out: list[tuple[Screening, int | None, list[tuple[int, int]], bool]] = []
    for s in previous.screenings:
        key = (s.film, s.city, s.festival_day)
        start, end = tl.minute_of(s.start_utc), tl.minute_of(s.end_utc)
        is_frozen = frozen(inputs, s)
        same = [
            i
            for i in by_key.get(key, [])
            if (candidates[i].start, candidates[i].end, candidates[i].hall, candidates[i].guest)
            == (start, end, (s.venue, s.hall), s.guest)
        ]
        # a pinned placement is the one to keep (its grid twin cannot be chosen beside it)
        keep = max(same, key=lambda i: candidates[i].pinned) if same else None
        if is_frozen:
            options = [] if keep is None else [(keep, prices.of(s, start, candidates[keep]))]
            out.append((s, keep, options, is_frozen))
            continue
        options = [(i, prices.of(s, start, candidates[i])) for i in by_key.get(key, [])]
        for shift in range(1, (reach if keep is None else 0) + 1):
            for day in (s.festival_day - dt.timedelta(shift), s.festival_day + dt.timedelta(shift)):
                for i in by_key.get((s.film, s.city, day), []):
                    cost = prices.of(s, start, candidates[i])
                    if cost < worth:
                        options.append((i, cost))
        out.append((s, keep, options, is_frozen))
    return out


def _number(screening_id: str, film: str) -> int:
    match = re.fullmatch(re.escape(film) + r"-(\d+)", screening_id)
    return int(match.group(1)) if match else 0


def identify(
    inputs: Inputs,
    previous: Schedule,
    found: list[Anchor],
    matched: dict[int, int],
    drafts: dict[int, Screening],
    now: dt.datetime,
) -> tuple[tuple[Screening, ...], tuple[Screening, ...], ChangeReport]:
    """Give the new screenings their ids, sequences and change times; list what changed.

    ``matched`` maps an anchor's position to the chosen candidate that carries its id;
    ``drafts`` maps every chosen candidate to its screening (with a provisional id).
    """
    changes: list[Change] = []
    out: list[Screening] = []
    used: set[int] = set()
    penalty = 0
    cancelled = list(previous.cancelled)
    for n, anchor in enumerate(found):
        before = anchor.screening
        index = matched.get(n)
        if index is None:
            gone = before.model_copy(
                update={"status": "cancelled", "sequence": before.sequence + 1, "changed_at": now}
            )
            cancelled.append(gone)
            penalty += cancel_penalty(inputs)
            reason = "can no longer take place" if anchor.frozen else ""
            changes.append(
                Change(
                    kind="cancelled",
                    screening=before.id,
                    film=before.film,
                    before=before,
                    after=None,
                    reason=reason,
                )
            )
            continue
        used.add(index)
        draft = drafts[index]
        kind = _kind(before, draft)
        after = draft.model_copy(
            update={
                "id": before.id,
                "sequence": before.sequence if kind is None else before.sequence + 1,
                "changed_at": before.changed_at if kind is None else now,
            }
        )
        out.append(after)
        if kind is not None:
            penalty += anchor.cost[index]
            changes.append(
                Change(kind=kind, screening=before.id, film=before.film, before=before, after=after)
            )
    taken: dict[str, int] = defaultdict(int)
    for s in (*previous.screenings, *previous.cancelled):
        taken[s.film] = max(taken[s.film], _number(s.id, s.film))
    for index in sorted(
        drafts, key=lambda i: (drafts[i].start_utc, drafts[i].venue, drafts[i].hall)
    ):
        if index in used:
            continue
        draft = drafts[index]
        taken[draft.film] += 1
        added = draft.model_copy(
            update={"id": f"{draft.film}-{taken[draft.film]}", "sequence": 0, "changed_at": now}
        )
        out.append(added)
        penalty += add_penalty(inputs)
        changes.append(
            Change(kind="added", screening=added.id, film=added.film, before=None, after=added)
        )
    out.sort(key=lambda s: (s.start_utc, s.venue, s.hall, s.id))
    report = _report(previous, changes, now, penalty)
    return tuple(out), tuple(sorted(cancelled, key=lambda s: (s.start_utc, s.id))), report


def _place(s: Screening) -> tuple[object, ...]:
    return (s.start_utc, s.end_utc, s.venue, s.hall, s.status)


def _appearance(s: Screening) -> tuple[object, ...]:
    return (s.guest, s.guest_kind, s.guest_minutes)


def _kind(before: Screening, after: Screening) -> ChangeKind | None:
    """How a published screening changed into ``after`` (same id): None when it did not."""
    if _place(after) != _place(before):
        return "moved"
    if _appearance(after) != _appearance(before):
        return "changed"
    return None


_Key = Callable[[Screening], tuple[object, ...]]


def _same_place(s: Screening) -> tuple[object, ...]:
    return (s.film, *_place(s))


def _same_day(s: Screening) -> tuple[object, ...]:
    return (s.film, s.city, s.festival_day)


def _days_later(shift: int) -> _Key:
    """A fresh screening's key, matching ``_same_day`` of a published one ``shift`` days earlier."""
    return lambda s: (s.film, s.city, s.festival_day - dt.timedelta(shift))


def supersede(
    current: Schedule, fresh: Schedule, now: dt.datetime, max_day_shift: int
) -> tuple[Schedule, ChangeReport]:
    """Publish a plan made afresh (``plan --force``) over a published programme, as its next
    revision: no id disappears and no SEQUENCE goes back.

    A fresh screening takes the id of a published one of the same film at the same time and
    place, else of one of the same film in the same city on the same festival day, else on the
    nearest other day at most ``max_day_shift`` days away (it is then *moved*); any other gets an
    id never used before. Published screenings left without a successor are cancelled.
    """
    free = {s.id: s for s in current.screenings}
    taken: dict[str, int] = defaultdict(int)
    for s in (*current.screenings, *current.cancelled):
        taken[s.film] = max(taken[s.film], _number(s.id, s.film))
    names: dict[str, str] = {}
    # (a published screening's key, a fresh one's): the same place, the same day, then the
    # nearest other day (a later one first)
    passes: list[tuple[_Key, _Key]] = [(_same_place, _same_place), (_same_day, _same_day)]
    for shift in range(1, max_day_shift + 1):
        passes += [(_same_day, _days_later(shift)), (_same_day, _days_later(-shift))]
    for published_key, fresh_key in passes:
        by_key: dict[tuple[object, ...], list[str]] = defaultdict(list)
        for old in sorted(free.values(), key=lambda s: (s.start_utc, s.id)):
            by_key[published_key(old)].append(old.id)
        for s in fresh.screenings:
            if s.id in names or not by_key.get(fresh_key(s)):
                continue
            names[s.id] = by_key[fresh_key(s)].pop(0)
            del free[names[s.id]]
    for s in sorted(fresh.screenings, key=lambda s: (s.start_utc, s.venue, s.hall, s.id)):
        if s.id not in names:
            taken[s.film] += 1
            names[s.id] = f"{s.film}-{taken[s.film]}"
    return rollback(current, renamed(fresh, names), now, reason="not in the new plan")


def renamed(schedule: Schedule, names: dict[str, str]) -> Schedule:
    """``schedule`` with its screenings' ids replaced by ``names`` (itineraries included)."""
    return schedule.model_copy(
        update={
            "screenings": tuple(
                s.model_copy(update={"id": names.get(s.id, s.id)}) for s in schedule.screenings
            ),
            "copies": tuple(
                c.model_copy(
                    update={
                        "stays": tuple(
                            st.model_copy(
                                update={"screenings": tuple(names.get(i, i) for i in st.screenings)}
                            )
                            for st in c.stays
                        )
                    }
                )
                for c in schedule.copies
            ),
            "guests": tuple(
                g.model_copy(update={"screenings": tuple(names.get(i, i) for i in g.screenings)})
                for g in schedule.guests
            ),
        }
    )


def rollback(
    current: Schedule, target: Schedule, now: dt.datetime, reason: str = "rolled back"
) -> tuple[Schedule, ChangeReport]:
    """Publish an earlier revision again, as a new revision: ids stay, SEQUENCE only grows.

    Screenings of ``target`` come back where they were; those published since are cancelled
    (with ``reason``).
    """
    known = {s.id: s for s in (*current.screenings, *current.cancelled)}
    wanted = {s.id for s in target.screenings}
    screenings: list[Screening] = []
    cancelled: list[Screening] = []
    changes: list[Change] = []
    for s in target.screenings:
        before = known.get(s.id)
        if before is not None and _kind(before, s) is None:
            screenings.append(before)
            continue
        sequence = max(s.sequence, before.sequence if before else 0) + 1
        after = s.model_copy(update={"sequence": sequence, "changed_at": now})
        screenings.append(after)
        kind: ChangeKind = "added"
        if before is not None and before.status == "confirmed":
            kind = _kind(before, s) or "moved"
        changes.append(Change(kind=kind, screening=s.id, film=s.film, before=before, after=after))
    for before in (*current.screenings, *current.cancelled):
        if before.id in wanted:
            continue
        if before.status == "cancelled":
            cancelled.append(before)
            continue
        gone = before.model_copy(
            update={"status": "cancelled", "sequence": before.sequence + 1, "changed_at": now}
        )
        cancelled.append(gone)
        changes.append(
            Change(
                kind="cancelled",
                screening=before.id,
                film=before.film,
                before=before,
                after=None,
                reason=reason,
            )
        )
    schedule = target.model_copy(
        update={
            "generated_at": now,
            "revision": current.revision + 1,
            "screenings": tuple(
                sorted(screenings, key=lambda s: (s.start_utc, s.venue, s.hall, s.id))
            ),
            "cancelled": tuple(sorted(cancelled, key=lambda s: (s.start_utc, s.id))),
        }
    )
    return schedule, _report(current, changes, now, 0)


CHANGE_ORDER = {"cancelled": 0, "moved": 1, "changed": 2, "added": 3}
"""How a change report lists its changes: cancellations first, then moves, then other changes,
then additions."""


def _report(
    published: Schedule, changes: list[Change], now: dt.datetime, penalty: int
) -> ChangeReport:
    """The report of the changes from the ``published`` schedule to its next revision."""
    return ChangeReport(
        festival=published.festival.id,
        from_revision=published.revision,
        to_revision=published.revision + 1,
        generated_at=now,
        published=len(published.screenings),
        moved=sum(c.kind == "moved" for c in changes),
        changed=sum(c.kind == "changed" for c in changes),
        cancelled=sum(c.kind == "cancelled" for c in changes),
        added=sum(c.kind == "added" for c in changes),
        penalty=penalty,
        changes=tuple(sorted(changes, key=lambda c: (CHANGE_ORDER[c.kind], c.screening))),
    )
