"""The workspace's local web server: the page and a small JSON API over one ``Workspace``.

    GET  /                 the page: the draft's plan, read-only without JavaScript
    GET  /api/draft        the draft (``Workspace.view``)
    POST /api/edit         one step: {"kind": "move", "screening": …, "venue": …, "hall": …,
                           "start": "2025-11-01T18:45"}; the draft after it, with the score's change
    POST /api/undo, /api/redo
    POST /api/locks        write the locks into the venue file as pins
    POST /api/publish      publish the draft (409 with the reasons while a hard rule is broken)

It serves one programmer on this machine: it answers only requests for 127.0.0.1 or localhost
(another Host header, as a DNS-rebinding page would send, is refused), and every API request must
carry the session's token (``X-Festival-Token``), which only the page itself holds, against
requests from other sites. Request bodies are pydantic models: a bad one is a 422 naming the field.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Awaitable, Callable
from functools import cache
from typing import Any, Literal

import jinja2
from pydantic import BaseModel, ConfigDict, ValidationError
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from festival.edit.draft import Edit, EditError
from festival.edit.workspace import PublishRefused, Workspace
from festival.errors import FestivalError

TOKEN_HEADER = "x-festival-token"
LOOPBACK = ["127.0.0.1", "localhost"]


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


def make_app(workspace: Workspace, token: str | None = None) -> Starlette:
    """The workspace's application; ``token``: the session's (a new random one by default)."""
    session = token or secrets.token_urlsafe(32)

    def guarded(
        handler: Callable[[Request], Awaitable[Response]],
    ) -> Callable[[Request], Awaitable[Response]]:
        async def checked(request: Request) -> Response:
            if not secrets.compare_digest(request.headers.get(TOKEN_HEADER, ""), session):
                return JSONResponse({"error": "missing or wrong session token"}, status_code=403)
            try:
                return await handler(request)
            except EditError as err:
                return JSONResponse({"error": str(err)}, status_code=400)
            except PublishRefused as err:
                return JSONResponse({"error": str(err)}, status_code=409)
            except FestivalError as err:
                return JSONResponse({"error": str(err)}, status_code=422)

        return checked

    async def page(request: Request) -> Response:
        view = await run_in_threadpool(workspace.view)
        html = (
            _templates()
            .get_template("edit.html")
            .render(view=view, days=_page_days(view), token=session)
        )
        return HTMLResponse(html, headers={"cache-control": "no-store"})

    async def draft(request: Request) -> Response:
        return JSONResponse(await run_in_threadpool(workspace.view))

    async def edit(request: Request) -> Response:
        try:
            body = EditBody.model_validate_json(await request.body())
        except ValidationError as err:
            first = err.errors()[0]
            where = ".".join(str(p) for p in first["loc"]) or "body"
            return JSONResponse({"error": f"{where}: {first['msg']}"}, status_code=422)
        return JSONResponse(await run_in_threadpool(workspace.step, body.edit()))

    async def undo(request: Request) -> Response:
        return JSONResponse(await run_in_threadpool(workspace.undo))

    async def redo(request: Request) -> Response:
        return JSONResponse(await run_in_threadpool(workspace.redo))

    async def locks(request: Request) -> Response:
        pins = await run_in_threadpool(workspace.save_locks)
        return JSONResponse({"pins": pins, "venue_file": str(workspace.venues)})

    async def publish(request: Request) -> Response:
        done = await run_in_threadpool(workspace.publish)
        return JSONResponse(
            {
                "revision": done.revision,
                "moved": done.moved,
                "cancelled": done.cancelled,
                "added": done.added,
            }
        )

    routes = [
        Route("/", page),
        Route("/api/draft", guarded(draft)),
        Route("/api/edit", guarded(edit), methods=["POST"]),
        Route("/api/undo", guarded(undo), methods=["POST"]),
        Route("/api/redo", guarded(redo), methods=["POST"]),
        Route("/api/locks", guarded(locks), methods=["POST"]),
        Route("/api/publish", guarded(publish), methods=["POST"]),
    ]
    return Starlette(
        routes=routes,
        middleware=[Middleware(TrustedHostMiddleware, allowed_hosts=LOOPBACK)],
    )
