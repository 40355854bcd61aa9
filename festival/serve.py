"""The feed server: serves an output folder's web programme and calendar feeds over HTTP.

Built on Starlette (routing, requests, responses) and uvicorn (the HTTP server). Every response is
read whole from a file that publishing replaces atomically, so a client never sees a partial file
while a re-plan writes a new publication. Feeds get ``text/calendar; charset=utf-8``, a strong ETag
computed from the bytes, Last-Modified, 304 on conditional requests, and a short Cache-Control.
Only published kinds of file are served: no directory listings, no input snapshots, no dot-files.
"""

from __future__ import annotations

import email.utils
import hashlib
import socket
from pathlib import Path, PurePosixPath

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from festival.errors import OutputError
from festival.publish.urls import ORGANISERS_PDF

MEDIA_TYPES = {
    ".ics": "text/calendar; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
    ".json": "application/json",
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".svg": "image/svg+xml",
    ".csv": "text/csv; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
}
PRIVATE = ("inputs", "history", "logistics")
"""Top-level folders of an output folder that are the organiser's, not the public's."""
PRIVATE_FILES = (ORGANISERS_PDF,)
"""Files for the organisers' staff (print traffic, guest itineraries), never served."""

CACHE_CONTROL = "public, max-age=60, must-revalidate"
"""Short: a moved screening should reach subscribers soon; revalidation is cheap (ETag → 304)."""


def resolve(root: Path, url_path: str) -> Path | None:
    """The file a URL path names inside ``root``, or None if it is not a servable file."""
    path = url_path.lstrip("/")
    if path == "" or path.endswith("/"):
        path += "index.html"
    parts = PurePosixPath(path).parts
    if not parts or parts[0] in PRIVATE or any(p.startswith(".") or p == ".." for p in parts):
        return None
    if "/".join(parts) in PRIVATE_FILES:
        return None
    if PurePosixPath(path).suffix not in MEDIA_TYPES:
        return None
    candidate = (root / Path(*parts)).resolve()
    if not candidate.is_relative_to(root) or not candidate.is_file():
        return None
    return candidate


def etag_of(data: bytes) -> str:
    """A strong validator: the quoted SHA-256 of the bytes."""
    return '"' + hashlib.sha256(data).hexdigest()[:40] + '"'


def _matches(header: str, etag: str) -> bool:
    tags = [t.strip() for t in header.split(",")]
    return "*" in tags or etag in tags or f"W/{etag}" in tags


def make_app(folder: Path) -> Starlette:
    """The ASGI application serving ``folder``."""
    root = folder.resolve()

    async def serve_file(request: Request) -> Response:
        target = resolve(root, request.url.path)
        if target is None:
            return PlainTextResponse("not found\n", status_code=404)
        try:
            data = target.read_bytes()
            modified = target.stat().st_mtime
        except OSError:
            return PlainTextResponse(
                "temporarily unavailable\n", status_code=503, headers={"Retry-After": "5"}
            )
        etag = etag_of(data)
        headers = {
            "ETag": etag,
            "Last-Modified": email.utils.formatdate(modified, usegmt=True),
            "Cache-Control": CACHE_CONTROL,
            "X-Content-Type-Options": "nosniff",
        }
        media = MEDIA_TYPES[target.suffix]
        if_none_match = request.headers.get("if-none-match")
        if if_none_match is not None:
            if _matches(if_none_match, etag):
                return Response(status_code=304, headers=headers)
        else:
            since = request.headers.get("if-modified-since")
            parsed = email.utils.parsedate_to_datetime(since) if since else None
            if parsed is not None and int(modified) <= parsed.timestamp():
                return Response(status_code=304, headers=headers)
        body = b"" if request.method == "HEAD" else data
        response = Response(body, media_type=None, headers=headers)
        response.headers["Content-Type"] = media
        response.headers["Content-Length"] = str(len(data))
        return response

    return Starlette(routes=[Route("/{path:path}", serve_file, methods=["GET", "HEAD"])])


def bind(host: str, port: int) -> socket.socket:
    """A listening socket, or OutputError with one clear line (e.g. the port is in use)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as err:
        sock.close()
        raise OutputError(f"cannot listen on {host}:{port}: {err.strerror or err}") from None
    sock.listen(128)
    return sock


def run(folder: Path, sock: socket.socket) -> None:
    """Serve until interrupted."""
    import uvicorn

    config = uvicorn.Config(make_app(folder), log_level="warning", access_log=False)
    uvicorn.Server(config).run(sockets=[sock])
