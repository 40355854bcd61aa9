"""The constructive schedule: making room for a minimum when every hall is taken (re-plans)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import weakref
from typing import Any

import festival.solver.construct as construction
from festival.candidates import (
    Candidate,
    enumerate_candidates,
    no_cyclic_gc,
    premiere_placements,
)
from festival.domain import Schedule
from festival.inputs import Inputs
from festival.load import load
from festival.plan import plan, replan
from festival.replan import anchors
from festival.solver import SolveOptions
from festival.solver.construct import Construction, _best, _place, _pools, _State, construct
from tests.conftest import EXAMPLES
from tests.factory import film, hall, inputs, programme, venues, with_halls

OPTIONS = SolveOptions(time_limit=5, deterministic=True)
STAMP = dt.datetime(2025, 5, 1, tzinfo=dt.UTC)


def _one_full_hall(b_min: int = 0) -> tuple[Inputs, list[Candidate], _State, dict[str, int]]:
    """One hall with room for two screenings, taken by the strong film and the middle one."""
    i = inputs(
        with_halls(venues(), hall("main", "10:00", "16:00")),
        programme(
            film("strong", screenings={"min": 0, "max": 1}, demand={"audience": 300}),
            film("middle", screenings={"min": b_min, "max": 1}, demand={"audience": 200}),
            film("weak", screenings={"min": 1, "max": 1}, demand={"audience": 20}),
        ),
    )
    candidates = enumerate_candidates(i)
    state = _State(i, candidates)
    placed: dict[str, int] = {}
    # the strong film first thing, the middle one last thing: the hall is full
    for name, pick_of in (("strong", min), ("middle", max)):
        pick = pick_of(
            (n for n, c in enumerate(candidates) if c.film == name),
            key=lambda n: candidates[n].start,
        )
        assert state.fits(candidates[pick])
        state.add(pick, candidates[pick])
        placed[name] = pick
    return i, candidates, state, placed


def _weak_pool(candidates: list[Candidate]) -> list[int]:
    return [n for n, c in enumerate(candidates) if c.film == "weak"]


def test_a_minimum_takes_the_place_of_the_cheapest_blocking_screening() -> None:
    _, candidates, state, placed = _one_full_hall()
    pool = _weak_pool(candidates)
    assert _best(state, candidates, pool) is None  # the hall is full
    matched = {0: placed["middle"], 1: placed["strong"]}
    assert _place(state, candidates, pool, set(), matched, _pools(candidates)[1])
    films = sorted(candidates[n].film for n in state.chosen)
    assert films == ["strong", "weak"]
    assert matched == {1: placed["strong"]}  # the removed screening lost its match
    assert state.total["middle"] == 0 and state.total["weak"] == 1
    assert len(state.busy[candidates[placed["strong"]].hall]) == 2


def test_protected_screenings_and_minimums_stay() -> None:
    _, candidates, state, placed = _one_full_hall()
    by_film = _pools(candidates)[1]
    assert _place(state, candidates, _weak_pool(candidates), {placed["middle"]}, {}, by_film)
    assert sorted(candidates[n].film for n in state.chosen) == ["middle", "weak"]

    _, candidates, state, placed = _one_full_hall(b_min=1)
    by_film = _pools(candidates)[1]
    assert (
        _place(state, candidates, _weak_pool(candidates), {placed["strong"]}, {}, by_film) is False
    )
    # nothing changed when no room could be made
    assert sorted(state.chosen) == sorted(placed.values())
    assert state.total["strong"] == state.total["middle"] == 1


def test_a_blocking_minimum_moves_to_another_hall_to_make_room() -> None:
    """Only the main hall can show the weak film, and the middle film's minimum screening
    fills it: the middle film moves to the side hall, and both minimums are met."""
    i = inputs(
        with_halls(
            venues(),
            hall("main", "10:00", "12:00", features=["dcp", "imax"]),
            hall("side", "10:00", "12:00"),
        ),
        programme(
            film("middle", screenings={"min": 1, "max": 1}),
            film("weak", screenings={"min": 1, "max": 1}, requires={"features": ["imax"]}),
        ),
    )
    candidates = enumerate_candidates(i)
    state = _State(i, candidates)
    main = next(n for n, c in enumerate(candidates) if c.film == "middle" and c.hall[1] == "main")
    state.add(main, candidates[main])
    _, by_film, _ = _pools(candidates)
    assert _best(state, candidates, by_film["weak"]) is None  # the hall is full
    assert _place(state, candidates, by_film["weak"], set(), {}, by_film)
    halls = sorted((candidates[n].film, candidates[n].hall[1]) for n in state.chosen)
    assert halls == [("middle", "side"), ("weak", "main")]


def test_minimums_are_placed_best_first_across_films() -> None:
    """Two films must play once each, and one hall is much larger. The film with fewer
    placements (the longer one) is the harder, but the big hall goes to the film it is worth
    more to: the hit fills 400 seats there, the niche film draws 80 anywhere."""
    i = inputs(
        with_halls(venues(), hall("big", "10:00", "12:30", seats=500), hall("small", seats=100)),
        programme(
            film("hit", 90, screenings={"min": 1, "max": 1}, demand={"audience": 400}),
            film("niche", 120, screenings={"min": 1, "max": 1}, demand={"audience": 80}),
        ),
    )
    candidates = enumerate_candidates(i)
    hit = sum(c.film == "hit" for c in candidates)
    assert sum(c.film == "niche" for c in candidates) < hit  # the niche film is the harder
    start = construct(i, candidates)
    assert start is not None
    halls = sorted((candidates[n].film, candidates[n].hall[1]) for n in start.chosen)
    assert halls == [("hit", "big"), ("niche", "small")]


def test_when_best_first_gets_stuck_the_hardest_films_go_first() -> None:
    """Three halls with room for one screening each. The hard film plays only in the main hall;
    the hit prefers it (more seats) but may use the side hall; the third film may use the side
    or the small hall. Best first gives the main hall to the hit and the side hall to the third
    film, and the hit cannot move out of the hard film's way: the pass starts again, hardest
    film first, and places all three."""
    i = inputs(
        with_halls(
            venues(),
            hall("main", "10:00", "12:00", seats=500, features=["dcp", "imax", "dolby"]),
            hall("side", "10:00", "12:00", seats=300, features=["dcp", "dolby", "hfr"]),
            hall("small", "10:00", "12:00", seats=100, features=["dcp", "hfr"]),
        ),
        programme(
            film("hard", 110, demand={"audience": 50}, requires={"features": ["imax"]}),
            film("hit", 100, demand={"audience": 450}, requires={"features": ["dolby"]}),
            film("third", 90, demand={"audience": 280}, requires={"features": ["hfr"]}),
        ),
    )
    candidates = enumerate_candidates(i)
    start = construct(i, candidates)
    assert start is not None
    halls = sorted((candidates[n].film, candidates[n].hall[1]) for n in start.chosen)
    assert halls == [("hard", "main"), ("hit", "side"), ("third", "small")]


def _withdrawn(
    data: dict[str, Any], films: list[dict[str, Any]], previous: Schedule, lost: str
) -> tuple[Inputs, list[Candidate], Construction]:
    """The festival with hall ``lost`` withdrawn, its candidates, and the greedy re-plan."""
    for h in data["venues"][0]["halls"]:
        h["withdrawn"] = h["id"] == lost
    after = inputs(data, programme(*films))
    candidates = enumerate_candidates(after)
    start = construct(after, candidates, anchors(after, previous, candidates))
    assert start is not None
    return after, candidates, start


def test_a_replan_after_a_hall_is_withdrawn_starts_from_a_greedy_plan() -> None:
    """Both halls are full; the hall holding the film with a minimum is withdrawn. The greedy
    re-plan must remove another film's screening to keep that minimum, and the solver starts
    from it (before, the greedy gave up and the solver started cold)."""
    data = with_halls(venues(), hall("one", "10:00", "16:00"), hall("two", "10:00", "16:00"))
    films = [
        film(name, screenings={"min": 0, "max": 1}, demand={"audience": audience})
        for name, audience in (("a", 300), ("b", 250), ("c", 200))
    ]
    films.append(film("must", screenings={"min": 1, "max": 1}, demand={"audience": 20}))
    before = inputs(data, programme(*films))
    previous = plan(before, OPTIONS, STAMP)
    assert len(previous.screenings) == 4
    lost = next(s.hall for s in previous.screenings if s.film == "must")
    after, candidates, start = _withdrawn(data, films, previous, lost)
    assert "must" in {candidates[n].film for n in start.chosen}
    schedule, _ = replan(after, previous, OPTIONS, STAMP)
    assert schedule.solver.hint_objective is not None
    assert "must" in {s.film for s in schedule.screenings}
    assert all(s.hall != lost for s in schedule.screenings)


def test_a_guest_moves_with_their_screening_when_its_hall_is_withdrawn() -> None:
    """The moved screening keeps its guest: moved without them, it would fill the film's only
    screening and leave the guest's appearance nowhere to go."""
    data = with_halls(venues(), hall("one", "10:00", "23:00"), hall("two", "10:00", "23:00"))
    data["guests"] = [
        {
            "id": "volgin",
            "name": {"ru": "Волгин", "en": "Volgin", "zh": "沃尔金"},
            "max_per_day": 1,
            "appearances": [{"film": "g", "kind": "qa", "minutes": 30, "count": 1}],
        }
    ]
    films = [
        film("g", screenings={"min": 0, "max": 1}, demand={"audience": 300}),
        film("a", screenings={"min": 0, "max": 1}, demand={"audience": 200}),
    ]
    previous = plan(inputs(data, programme(*films)), OPTIONS, STAMP)
    lost = next(s.hall for s in previous.screenings if s.guest == "volgin")
    _, candidates, start = _withdrawn(data, films, previous, lost)
    moved = [candidates[n] for n in start.chosen if candidates[n].film == "g"]
    assert [(c.guest, c.hall[1]) for c in moved] == [("volgin", "one" if lost == "two" else "two")]
    assert len(start.matched) == len(previous.screenings)  # both kept or moved, none cancelled


def test_a_committed_hall_day_makes_room_when_it_keeps_its_screening() -> None:
    """The committed hall (one screening a day, Rule.HALL_COMMITMENT) is the only one that can
    show the must-play film, and its commitment was met with the strong optional film: that
    screening gives way, for the hall-day keeps one (Sundance 2024, Egyptian Theatre closed on
    27 Jan: an award winner's one hall was committed and taken, and the greedy re-plan found
    nothing)."""
    i = inputs(
        with_halls(venues(), hall("main", "10:00", "12:00", min_per_open_day=1)),
        programme(
            film("strong", screenings={"min": 0, "max": 1}, demand={"audience": 300}),
            film("must", screenings={"min": 1, "max": 1}, demand={"audience": 20}),
        ),
    )
    candidates = enumerate_candidates(i)
    start = construct(i, candidates)
    assert start is not None
    assert [candidates[n].film for n in start.chosen] == ["must"]


def test_a_committed_hall_day_keeps_its_screening_when_room_is_made() -> None:
    """Making room in one hall-day for a placement on another would leave the first without
    the screening it was committed to: not done."""
    i = inputs(venues(), programme(film("f")))
    candidates = enumerate_candidates(i)
    state = _State(i, candidates)
    first, *_, last = sorted(candidates, key=lambda c: c.start)
    state.add(candidates.index(first), first)
    state.owed[(first.hall, first.day)] = 1
    other_day = dataclasses.replace(last, day=last.day + dt.timedelta(days=1))
    assert not construction._commitments_kept(state, [first], other_day)
    assert construction._commitments_kept(state, [first], last)
    state.owed[(first.hall, first.day)] = 0
    assert construction._commitments_kept(state, [first], other_day)


def test_a_later_screening_in_a_premiere_hall_makes_room_the_premiere_stays() -> None:
    """The premiere film played on both days in the one hall (room for one a day), which a new
    must-play film needs on re-planning: the second day's screening gives way (it is not the
    premiere, though it could have been one), and the premiere stays."""
    data = with_halls(venues(), hall("main", "10:00", "12:00"))
    data["festival"]["last_day"] = "2025-05-14"
    premiere = {"requires": {"features": ["dcp"]}}
    twice = film("p", screenings={"min": 2, "max": 2}, demand={"audience": 300}, premiere=premiere)
    previous = plan(inputs(data, programme(twice)), OPTIONS, STAMP)
    assert len(previous.screenings) == 2
    once = {**twice, "screenings": {"min": 1, "max": 2}}
    after = inputs(data, programme(once, film("must", demand={"audience": 20})))
    candidates = enumerate_candidates(after)
    start = construct(after, candidates, anchors(after, previous, candidates))
    assert start is not None
    chosen = sorted((candidates[n].start, candidates[n].film) for n in start.chosen)
    premiere_start = min(s.start_utc for s in previous.screenings)
    assert [film for _, film in chosen] == ["p", "must"]
    assert after.timeline.minute_of(premiere_start) == chosen[0][0]


def test_the_premiere_is_the_earliest_premiere_placement_still_chosen() -> None:
    """``_State.first`` follows removals (room made, then undone): a premiere placement removed
    no longer counts as the film's premiere, or its later screenings could be placed before any
    real one, and the real one, later, could be removed as not the premiere."""
    data = with_halls(venues(), hall("a", "10:00", "23:00"), hall("b", "10:00", "23:00"))
    premiere = {"requires": {"features": ["dcp"]}}
    i = inputs(data, programme(film("p", screenings={"min": 1, "max": 3}, premiere=premiere)))
    candidates = enumerate_candidates(i)
    state = _State(i, candidates)
    rows = premiere_placements(i, candidates)
    state.premieres = {candidates[n] for n in rows}
    state.premiere_rows = set(rows)
    early = min(rows, key=lambda n: candidates[n].start)
    late = max(rows, key=lambda n: candidates[n].start)
    for n in (late, early):
        state.add(n, candidates[n])
    assert state.first["p"] == candidates[early].start
    state.remove(early, candidates[early])
    assert state.first["p"] == candidates[late].start
    state.remove(late, candidates[late])
    assert "p" not in state.first


def test_a_film_with_few_placements_goes_before_best_first(monkeypatch: Any) -> None:
    """Five films and a prize winner share one hall's day; the winner may only start from 19:00
    (after its award), so it has a fifth of the placements the others have. Its minimum is placed
    before best first hands out the evening (Sundance 2024's award winners, on the last two days,
    made best first get stuck and the whole pass start again)."""
    import festival.solver.construct as construction

    day = venues()
    day["venues"][0]["halls"] = [hall("main", "10:00", "23:00")]
    hits = [
        film(f"hit{n}", 90, screenings={"min": 1, "max": 1}, demand={"audience": 300 - 10 * n})
        for n in range(5)
    ]
    winner = film(
        "winner",
        90,
        screenings={"min": 1, "max": 1, "not_before": "2025-05-13T19:00"},
        demand={"audience": 50},
    )
    i = inputs(day, programme(*hits, winner))
    candidates = enumerate_candidates(i)
    _, by_film, _ = _pools(candidates)
    assert construction._scarce(i, by_film) == {"winner"}
    seen: list[bool] = []
    best_first = construction._Minimums.place_best_first

    def watched(self: Any) -> None:
        seen.append(self.state.total["winner"] == 1)
        best_first(self)

    monkeypatch.setattr(construction._Minimums, "place_best_first", watched)
    start = construct(i, candidates)
    assert start is not None and seen == [True]
    assert sorted(candidates[n].film for n in start.chosen) == sorted(
        [f"hit{n}" for n in range(5)] + ["winner"]
    )
    monkeypatch.setattr(construction, "_scarce", lambda inputs, by_film: set())
    assert construct(i, candidates) is not None and seen == [True, False]


def _same_checks(state: _State, candidates: list[Candidate]) -> None:
    everything = range(len(candidates))
    assert [state.fits_at(i) for i in everything] == [state.fits(c) for c in candidates]
    assert [state.gain_at(i) for i in everything] == [state.gain(c) for c in candidates]


def test_the_checks_by_index_say_what_the_checks_by_candidate_say() -> None:
    """``fits_at`` and ``gain_at`` (read from lists by candidate index: the greedy pass's
    inner loops) give what ``fits`` and ``gain`` give, for every candidate, while the greedy
    schedule is put in place screening by screening and a third of it taken out again; on the
    examples (the tour: guests, copies, hire costs, a premiere, a staggered venue, a shared
    audience)."""
    for festival in (load(EXAMPLES["tour"]), load(EXAMPLES["may"])):
        candidates = enumerate_candidates(festival)
        made = construct(festival, candidates)
        assert made is not None
        state = _State(festival, candidates)
        premieres = premiere_placements(festival, candidates)
        state.premieres = {candidates[i] for i in premieres}
        state.premiere_rows = set(premieres)
        chosen = sorted(made.chosen, key=lambda i: candidates[i].start)  # copies travel on
        _same_checks(state, candidates)
        for n, i in enumerate(chosen, start=1):
            state.add(i, candidates[i])
            if n % (len(chosen) // 3) == 0:
                _same_checks(state, candidates)
        for i in [i for i in chosen if candidates[i].guest is None][::3]:
            state.remove(i, candidates[i])
        _same_checks(state, candidates)


def test_the_checks_by_index_see_a_taken_hall_and_a_city_limit_to_the_minute() -> None:
    """``fits_at`` and ``fits`` agree on placements that end a minute before, at, or a minute
    after a chosen screening's start (and begin around its release), every minute over five
    hours, and on a film that may play once in the city."""
    data = with_halls(venues(), hall("main", "09:00", "23:59"))
    data["policy"]["max_per_film_city_day"] = 2  # the city's limit, not the day's, says no
    i = inputs(
        data,
        programme(
            film("a", 95, screenings={"min": 0, "max": 3, "cities": {"kazan": {"max": 1}}}),
            film("b", 100),
        ),
    )
    made = enumerate_candidates(i)
    a = next(c for c in made if c.film == "a")
    shifted = [
        dataclasses.replace(a, start=a.start + k, end=a.end + k, release=a.release + k)
        for k in range(300)
    ]
    candidates = [*made, *shifted]
    middle = next(n for n, c in enumerate(candidates) if c.film == "b" and c.start >= a.start + 150)
    state = _State(i, candidates)
    seen = []
    for placed in (middle, len(made) + 10):  # b, then a once: a is done in the city
        state.add(placed, candidates[placed])
        fits = [state.fits(c) for c in candidates]
        assert [state.fits_at(n) for n in range(len(candidates))] == fits
        seen.append(sum(fits[len(made) :]))
    assert 0 < seen[0] < len(shifted) and seen[1] == 0


def test_a_state_goes_with_its_last_reference() -> None:
    """Its checks by index hold no reference back to it: freed without the cycle collector
    (which, collecting it, went through every list of a number per candidate)."""
    i = load(EXAMPLES["may"])
    candidates = enumerate_candidates(i)
    state = _State(i, candidates)
    assert state.fits_at(0) == state.fits(candidates[0])
    gone = weakref.ref(state)
    with no_cyclic_gc():
        del state
        assert gone() is None
