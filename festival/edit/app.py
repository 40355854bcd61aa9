"""The workspace's local web server: the page and a small JSON API over one ``Workspace``.

    GET  /                 the page: the draft's plan, read-only without JavaScript
    GET  /api/draft        the draft (``Workspace.view``)
    GET  /api/figures      the programmer's report's headline figures of the draft
    POST /api/edit         one step: {"kind": "move", "screening": …, "venue": …, "hall": …,
                           "start": "2025-11-01T18:45"}; the draft after it, with the score's change
    POST /api/undo, /api/redo
    POST /api/locks        write the locks into the venue file as pins
    POST /api/publish      publish the draft (409 with the reasons while a hard rule is broken)
    POST /api/optimise     {"time_limit": 10}: re-plan the draft around its locks; server-sent
                           events: progress (objective, bound, gap), then done (the proposal as
                           changes: moved, added, removed), error or cancelled
    POST /api/optimise/cancel
    POST /api/proposal/accept  {"screenings": null | [ids]}: the whole proposal, or those changes
    POST /api/proposal/reject

It serves one programmer on this machine: it answers only requests for 127.0.0.1 or localhost
(another Host header, as a DNS-rebinding page would send, is refused), and every API request must
carry the session's token (``X-Festival-Token``), which only the page itself holds, against
requests from other sites. Request bodies are pydantic models: a bad one is a 422 naming the field.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
from collections.abc import AsyncIterator, Awaitable, Callable
from functools import cache
from typing import Any, Literal, TypeVar

import jinja2
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response, StreamingResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from festival.edit.draft import Edit, EditError
from festival.edit.workspace import PublishRefused, Workspace
from festival.errors import FestivalError

TOKEN_HEADER = "x-festival-token"
LOOPBACK = ["127.0.0.1", "localhost"]


class OptimiseBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    time_limit: float = Field(default=10.0, ge=1.0, le=600.0)


class AcceptBody(BaseModel):
    """The proposal's changes to take: every one (``screenings`` null) or those screenings'."""

    model_config = ConfigDict(extra="forbid")

    screenings: list[str] | None = None


class EditBody(BaseModel):
    """One step, as the page sends it."""

    model_config = ConfigDict(extra="forbid")

    kind: Literal["move", "remove", "add", "lock", "unlock"]
    screening: str | None = None
    film: str | None = None
    venue: str | None = None
    hall: str | None = None
    start: dt.datetime | None = None

    def edit(self) -> Edit:
        return Edit(self.kind, self.screening, self.film, self.venue, self.hall, self.start)


@cache
def _templates() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("festival.edit", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _page_days(view: dict[str, Any]) -> list[dict[str, Any]]:
    """The plan for the page without JavaScript: by city and day, each hall with its screenings."""
    halls = {h["id"]: h for h in view["halls"]}
    days: dict[tuple[str, str], dict[str, list[dict[str, Any]]]] = {}
    for s in view["screenings"]:
        key = (halls[s["hall"]]["city_name"], s["start"][:10])
        days.setdefault(key, {}).setdefault(s["hall"], []).append(s)
    return [
        {
            "city": city,
            "day": day,
            "halls": [(halls[h]["name"], shows) for h, shows in sorted(by_hall.items())],
        }
        for (city, day), by_hall in sorted(days.items())
    ]


M = TypeVar("M", bound=BaseModel)


def _body(model: type[M], raw: bytes) -> M | Response:
    """A request body as its model, or a 422 naming the first field that is wrong."""
    try:
        return model.model_validate_json(raw)
    except ValidationError as err:
        first = err.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "body"
        return JSONResponse({"error": f"{where}: {first['msg']}"}, status_code=422)


Handler = Callable[[Request], Awaitable[Response]]


def _workspace(request: Request) -> Workspace:
    found: Workspace = request.app.state.workspace
    return found


def _guarded(handler: Handler) -> Handler:
    """The handler behind the session token, its errors as JSON with their status."""

    async def checked(request: Request) -> Response:
        given = request.headers.get(TOKEN_HEADER, "").encode("utf-8", "replace")
        if not secrets.compare_digest(given, request.app.state.token.encode()):
            return JSONResponse({"error": "missing or wrong session token"}, status_code=403)
        try:
            return await handler(request)
        except EditError as err:
            return JSONResponse({"error": str(err)}, status_code=400)
        except PublishRefused as err:
            return JSONResponse({"error": str(err)}, status_code=409)
        except FestivalError as err:
            return JSONResponse({"error": str(err)}, status_code=422)
        except Exception as err:  # the page shows the reason; the workspace keeps going
            return JSONResponse({"error": f"internal error: {err!r}"}, status_code=500)

    return checked


async def page(request: Request) -> Response:
    view = await run_in_threadpool(_workspace(request).view)
    html = (
        _templates()
        .get_template("edit.html")
        .render(view=view, days=_page_days(view), token=request.app.state.token)
    )
    return HTMLResponse(
        html,
        headers={
            "cache-control": "no-store",
            # no other site may frame it (a click on Publish through a frame)
            "x-frame-options": "DENY",
            "content-security-policy": "frame-ancestors 'none'",
        },
    )


async def no_icon(request: Request) -> Response:
    return Response(status_code=204)


async def draft(request: Request) -> Response:
    return JSONResponse(await run_in_threadpool(_workspace(request).view))


async def report(request: Request) -> Response:
    return JSONResponse(await run_in_threadpool(_workspace(request).figures))


async def edit(request: Request) -> Response:
    body = _body(EditBody, await request.body())
    if isinstance(body, Response):
        return body
    return JSONResponse(await run_in_threadpool(_workspace(request).step, body.edit()))


async def undo(request: Request) -> Response:
    return JSONResponse(await run_in_threadpool(_workspace(request).undo))


async def redo(request: Request) -> Response:
    return JSONResponse(await run_in_threadpool(_workspace(request).redo))


async def locks(request: Request) -> Response:
    workspace = _workspace(request)
    pins = await run_in_threadpool(workspace.save_locks)
    return JSONResponse({"pins": pins, "venue_file": str(workspace.venues)})


async def publish(request: Request) -> Response:
    done = await run_in_threadpool(_workspace(request).publish)
    return JSONResponse(
        {
            "revision": done.revision,
            "moved": done.moved,
            "cancelled": done.cancelled,
            "added": done.added,
            "changes": done.changes,
        }
    )


async def optimise(request: Request) -> Response:
    body = _body(OptimiseBody, await request.body() or b"{}")
    if isinstance(body, Response):
        return body
    workspace = _workspace(request)
    search = await run_in_threadpool(workspace.optimise, body.time_limit)
    events = search.events()

    async def stream() -> AsyncIterator[str]:
        finished = False
        try:
            while not finished:
                kind, data = await run_in_threadpool(next, events, ("error", "no answer"))
                if kind == "waiting":
                    yield ": still searching\n\n"
                    continue
                if kind == "done" and isinstance(data, dict):
                    try:
                        data = await run_in_threadpool(workspace.propose, search, data)
                    except EditError as err:
                        kind, data = "error", str(err)
                finished = kind in ("done", "error", "cancelled")
                yield f"event: {kind}\ndata: {json.dumps(data)}\n\n"
        finally:
            if not finished:  # the page went away: the search stops too
                search.cancel()

    return StreamingResponse(
        stream(), media_type="text/event-stream", headers={"cache-control": "no-store"}
    )


async def cancel(request: Request) -> Response:
    await run_in_threadpool(_workspace(request).cancel)
    return JSONResponse({"cancelled": True})


async def accept(request: Request) -> Response:
    body = _body(AcceptBody, await request.body() or b"{}")
    if isinstance(body, Response):
        return body
    return JSONResponse(await run_in_threadpool(_workspace(request).accept, body.screenings))


async def reject(request: Request) -> Response:
    workspace = _workspace(request)
    await run_in_threadpool(workspace.reject)
    return JSONResponse(await run_in_threadpool(workspace.view))


def make_app(workspace: Workspace, token: str | None = None) -> Starlette:
    """The workspace's application; ``token``: the session's (a new random one by default)."""
    routes = [
        Route("/", page),
        Route("/favicon.ico", no_icon),
        Mount("/static", StaticFiles(packages=[("festival.edit", "static")]), name="static"),
        Route("/api/draft", _guarded(draft)),
        Route("/api/figures", _guarded(report)),
        Route("/api/edit", _guarded(edit), methods=["POST"]),
        Route("/api/undo", _guarded(undo), methods=["POST"]),
        Route("/api/redo", _guarded(redo), methods=["POST"]),
        Route("/api/locks", _guarded(locks), methods=["POST"]),
        Route("/api/publish", _guarded(publish), methods=["POST"]),
        Route("/api/optimise", _guarded(optimise), methods=["POST"]),
        Route("/api/optimise/cancel", _guarded(cancel), methods=["POST"]),
        Route("/api/proposal/accept", _guarded(accept), methods=["POST"]),
        Route("/api/proposal/reject", _guarded(reject), methods=["POST"]),
    ]
    app = Starlette(
        routes=routes,
        middleware=[Middleware(TrustedHostMiddleware, allowed_hosts=LOOPBACK)],
    )
    app.state.workspace = workspace
    app.state.token = token or secrets.token_urlsafe(32)
    return app
