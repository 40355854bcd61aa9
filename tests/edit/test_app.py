"""The workspace's server: loopback only, the session token, the JSON API's steps and answers, the
draft saved on disk, locks to the venue file, and publication through the usual transaction."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from festival.edit.app import TOKEN_HEADER, make_app
from festival.edit.draft import Edit
from festival.edit.store import read_draft
from festival.edit.workspace import Workspace
from festival.load import load
from festival.release import read
from tests.conftest import plan_example, tour_copy, write_plan

TOKEN = "test-token"


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tour's venue file (its line-up by absolute path) and its publication, made once."""
    base = tmp_path_factory.mktemp("published")
    venues = tour_copy(base)
    write_plan(*plan_example(venues), base / "out")
    return base


@pytest.fixture
def workspace(published: Path, tmp_path: Path) -> Workspace:
    """A workspace over a copy of the publication and venue file, for one test."""
    shutil.copytree(published, tmp_path, symlinks=True, dirs_exist_ok=True)
    return Workspace.open(tmp_path / "out", tmp_path / "tour.yaml")


@pytest.fixture
def client(workspace: Workspace) -> Iterator[TestClient]:
    with TestClient(
        make_app(workspace, TOKEN), base_url="http://127.0.0.1:8765", headers={TOKEN_HEADER: TOKEN}
    ) as client:
        yield client


def _overlap(workspace: Workspace) -> dict[str, object]:
    """A move of one screening onto the start of another in its hall."""
    by_hall: dict[tuple[str, str, dt.date], str] = {}
    screenings = workspace.draft.check().schedule.screenings
    for s in sorted(screenings, key=lambda s: s.start_utc):
        key = (s.venue, s.hall, s.festival_day)
        if key in by_hall and not s.pinned:
            first = next(x for x in screenings if x.id == by_hall[key])
            return {
                "kind": "move",
                "screening": s.id,
                "venue": s.venue,
                "hall": s.hall,
                "start": first.start_local.strftime("%Y-%m-%dT%H:%M"),
                "_other": first.id,
            }
        by_hall.setdefault(key, s.id)
    raise AssertionError("no hall with two screenings a day")


def test_only_loopback_and_only_with_the_token(workspace: Workspace) -> None:
    app = make_app(workspace, TOKEN)
    with TestClient(app, base_url="http://evil.example:8765") as other:
        assert other.get("/").status_code == 400  # another Host (DNS rebinding)
    with TestClient(app, base_url="http://127.0.0.1:8765") as local:
        page = local.get("/")
        assert page.status_code == 200 and f'content="{TOKEN}"' in page.text
        assert local.get("/api/draft").status_code == 403
        assert local.post("/api/undo", headers={TOKEN_HEADER: "guess"}).status_code == 403
        assert local.get("/api/draft", headers={TOKEN_HEADER: TOKEN}).status_code == 200
        assert (
            local.get("/api/draft", headers={TOKEN_HEADER.encode(): "токен".encode()}).status_code
            == 403
        )
        # no other site may frame it
        assert page.headers["x-frame-options"] == "DENY"
        assert "frame-ancestors 'none'" in page.headers["content-security-policy"]


def test_a_step_is_checked_named_on_the_blocks_saved_and_undone(
    client: TestClient, workspace: Workspace
) -> None:
    before = client.get("/api/draft").json()
    assert before["violations"] == [] and not before["can_undo"]
    # the programmer's report's figures of the draft: every screening on its day
    figures = client.get("/api/figures").json()
    assert sum(n for _, n in figures["per_day"]) == len(before["screenings"])
    move = _overlap(workspace)
    other = move.pop("_other")
    after = client.post("/api/edit", json=move).json()
    assert any(v.startswith("hall_overlap: ") for v in after["violations"])
    blocks = {s["id"]: s for s in after["screenings"]}
    for ident in (move["screening"], other):
        assert any(p.startswith("hall_overlap: ") for p in blocks[ident]["problems"])
    assert after["score_change"] == after["score"]["total"] - before["score"]["total"]
    assert after["can_undo"] and not after["can_redo"]
    # saved on disk as it is, before the answer
    assert read_draft(workspace.out, workspace.inputs, 1) == workspace.draft.state
    undone = client.post("/api/undo").json()
    assert undone["violations"] == [] and undone["score"] == before["score"]
    assert undone["can_redo"]
    assert read_draft(workspace.out, workspace.inputs, 1) == workspace.draft.state
    assert client.post("/api/redo").json()["violations"] == after["violations"]


@pytest.mark.parametrize(
    ("body", "status", "says"),
    [
        ({"kind": "fly"}, 422, "kind"),
        ({"kind": "move", "screening": "x", "start": "not a time"}, 422, "start"),
        ({"kind": "lock", "screening": "no-such"}, 400, "no screening"),
        ({"kind": "lock", "screening": "x", "extra": 1}, 422, "extra"),
    ],
)
def test_a_bad_step_is_refused_with_the_reason(
    client: TestClient, body: dict[str, object], status: int, says: str
) -> None:
    answer = client.post("/api/edit", json=body)
    assert answer.status_code == status and says in answer.json()["error"]
    assert not client.get("/api/draft").json()["can_undo"]


def test_locks_go_to_the_venue_file(client: TestClient, workspace: Workspace) -> None:
    free = [s for s in workspace.draft.check().schedule.screenings if not s.pinned][:2]
    for s in free:
        assert client.post("/api/edit", json={"kind": "lock", "screening": s.id}).status_code == 200
    before = len(workspace.inputs.venues.pins)
    answer = client.post("/api/locks").json()
    pins = load(workspace.venues).venues.pins
    assert answer["pins"] == len(pins) == before + 2
    assert {(s.film, s.start_local.replace(tzinfo=None)) for s in free} <= {
        (p.film, p.start) for p in pins
    }


def test_publish_is_refused_while_broken_then_goes_through_the_transaction(
    client: TestClient, workspace: Workspace
) -> None:
    move = _overlap(workspace)
    move.pop("_other")
    client.post("/api/edit", json=move)
    refused = client.post("/api/publish")
    assert refused.status_code == 409 and "hall_overlap: " in refused.json()["error"]
    assert read(workspace.out).schedule.revision == 1
    client.post("/api/undo")
    # a clean move: a screening an hour later in its hall, if that breaks nothing
    draft = workspace.draft
    published = read(workspace.out).schedule
    for s in published.screenings:
        if s.pinned:
            continue
        later = (s.start_local + dt.timedelta(hours=1)).replace(tzinfo=None)
        edit = Edit("move", s.id, venue=s.venue, hall=s.hall, start=later)
        state = draft._next(edit)
        if not draft.check(state).violations and not draft.check(state).found.unplaced:
            break
    else:
        raise AssertionError("no clean move of an hour")
    body = {k: v for k, v in dataclasses.asdict(edit).items() if v is not None}
    body["start"] = later.strftime("%Y-%m-%dT%H:%M")
    assert client.post("/api/edit", json=body).json()["violations"] == []
    done = client.post("/api/publish").json()
    assert done["revision"] == "2" and done["moved"] == 1
    # the changes as the CLI lists them: change, film, before, after
    ((kind, film, was, now),) = done["changes"]
    assert film and was and now and was != now and kind
    now = read(workspace.out).schedule
    moved = next(x for x in now.screenings if x.id == s.id)
    assert moved.start_local.replace(tzinfo=None) == later
    assert moved.sequence > s.sequence


def _events(client: TestClient, limit: float) -> list[tuple[str, object]]:
    events = []
    with client.stream("POST", "/api/optimise", json={"time_limit": limit}) as answer:
        assert answer.status_code == 200
        assert answer.headers["content-type"].startswith("text/event-stream")
        kind = ""
        for line in answer.iter_lines():
            if line.startswith("event: "):
                kind = line.removeprefix("event: ")
            elif line.startswith("data: "):
                events.append((kind, json.loads(line.removeprefix("data: "))))
    return events


def test_optimise_around_locks_proposes_and_the_proposal_is_accepted(
    client: TestClient, workspace: Workspace
) -> None:
    # the programmer moves a screening onto another and locks two others where they are
    move = _overlap(workspace)
    other = move.pop("_other")
    client.post("/api/edit", json=move)
    screenings = workspace.draft.check().schedule.screenings
    keep = [s for s in screenings if not s.pinned and s.id not in (move["screening"], other)][:2]
    for s in keep:
        client.post("/api/edit", json={"kind": "lock", "screening": s.id})
    broken = client.get("/api/draft").json()
    assert broken["violations"]
    events = _events(client, 3)
    kinds = [k for k, _ in events]
    assert kinds[-1] == "done", events[-1]
    proposal = events[-1][1]
    assert isinstance(proposal, dict)
    assert proposal["violations"] == []  # the solver's plan breaks no rule
    changed = {c["screening"] for c in proposal["changes"]}
    assert changed and not changed & {s.id for s in keep}  # locks stay where they are
    # accepting the whole proposal is one step: the draft is the proposal, and it can be undone
    accepted = client.post("/api/proposal/accept", json={"screenings": None}).json()
    assert accepted["violations"] == [] and accepted["score"] == proposal["score"]
    places = {s["id"]: (s["hall"], s["start"]) for s in accepted["screenings"]}
    for s in keep:
        assert places[s.id] == (f"{s.venue}/{s.hall}", s.start_local.strftime("%Y-%m-%dT%H:%M"))
    assert client.post("/api/proposal/accept", json={}).status_code == 400  # no proposal left
    undone = client.post("/api/undo").json()
    assert undone["violations"] == broken["violations"]


def test_a_proposal_is_accepted_screening_by_screening(
    client: TestClient, workspace: Workspace
) -> None:
    move = _overlap(workspace)
    move.pop("_other")
    client.post("/api/edit", json=move)
    events = _events(client, 3)
    proposal = events[-1][1]
    assert isinstance(proposal, dict) and proposal["changes"]
    first = proposal["changes"][0]
    after = client.post("/api/proposal/accept", json={"screenings": [first["screening"]]}).json()
    draft = {s["id"]: s for s in after["screenings"]}
    if first["kind"] == "removed":
        assert first["screening"] not in draft
    else:
        assert first["screening"] in draft
    # only that change: the rest of the draft is as it was
    assert after["can_undo"]


def test_a_cancelled_search_ends_at_once_and_leaves_the_draft(workspace: Workspace) -> None:
    before = workspace.draft.state
    search = workspace.optimise(120)
    events = search.events(wait=0.2)
    assert next(events)[0] in ("waiting", "progress")
    workspace.cancel()
    assert not search.process.is_alive()
    assert [kind for kind, _ in events] == ["cancelled"]
    assert workspace.proposal is None and workspace.draft.state is before
    # and another search may start
    workspace.optimise(1).cancel()


def test_a_move_outside_the_festival_is_refused_and_the_workspace_goes_on(
    client: TestClient, workspace: Workspace
) -> None:
    one = workspace.draft.state.placements[0]
    for start in ("9999-12-31T23:00", "2030-01-01T12:00"):
        body = {"kind": "move", "screening": one.id, "venue": one.venue, "hall": one.hall}
        answer = client.post("/api/edit", json={**body, "start": start})
        assert answer.status_code == 400 and "outside the festival" in answer.json()["error"]
    assert client.get("/api/draft").json()["can_undo"] is False
    assert client.get("/").status_code == 200


def test_saved_locks_stay_locked_after_a_restart_and_the_draft_is_resumed(
    client: TestClient, workspace: Workspace
) -> None:
    free = next(s for s in workspace.draft.check().schedule.screenings if not s.pinned)
    client.post("/api/edit", json={"kind": "lock", "screening": free.id})
    assert client.post("/api/locks").status_code == 200
    state = workspace.draft.state
    again = Workspace.open(workspace.out, workspace.venues)
    assert again.draft.state == state  # resumed, though the venue file changed
    assert free.id in again.draft.state.locked
    # saving again keeps the pin it wrote
    assert again.save_locks() == len(load(workspace.venues).venues.pins)
    assert (free.film, free.start_local.replace(tzinfo=None)) in {
        (p.film, p.start) for p in load(workspace.venues).venues.pins
    }


def test_publish_is_refused_over_a_newer_publication(
    client: TestClient, workspace: Workspace
) -> None:
    current = read(workspace.out)
    write_plan(current.schedule, current.inputs, workspace.out)  # someone publishes meanwhile
    refused = client.post("/api/publish")
    assert refused.status_code == 409 and "revision 2 now" in refused.json()["error"]
