"""The web server behind ``nntutor serve``: textual-serve, admitting only its owner.

On a shared box every local user can reach 127.0.0.1, and any web page the learner opens
can reach their SSH tunnel. So, as Jupyter Server does:

- a secret token (256 bits from ``secrets``) is required on every request: in the URL the
  learner opens (``?token=…``), then in an HttpOnly, SameSite=Strict cookie; it is compared
  in constant time. Without it: 403 and a short page saying where the right URL is, and no
  session process is started;
- the websocket checks ``Origin`` (cross-site WebSocket hijacking), and on a loopback
  address the ``Host`` header must name this machine (DNS rebinding);
- no directory listings;
- ``--socket PATH`` serves on a Unix socket with mode 0600 instead of a TCP port.

It extends textual-serve's ``Server`` (its routes, its session handling) rather than forking it.
"""

from __future__ import annotations

import hmac
import os
import secrets
import socket
import stat
from pathlib import Path
from urllib.parse import urlsplit

import aiohttp_jinja2
import jinja2
from aiohttp import web
from textual_serve.server import Server

LOOPBACK = ("127.0.0.1", "localhost", "::1")
FORBIDDEN_PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>nntutor: private</title></head>
<body style="font-family: sans-serif; max-width: 40em; margin: 3em auto">
<h1>This nntutor is private</h1>
<p>{reason}</p>
<p>Open the address that <code>nntutor serve</code> printed in its terminal: it ends in
<code>/?token=…</code>. With <code>--token-file FILE</code> the address is also written to FILE.</p>
</body></html>
"""


def new_token() -> str:
    return secrets.token_urlsafe(32)


def write_private(path: str | os.PathLike, text: str) -> None:
    """Write ``text`` to a file only its owner can read (0600), never through a symlink."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        os.fchmod(f.fileno(), 0o600)
        f.write(text)


def _host_name(netloc: str) -> str:
    return (urlsplit(f"//{netloc}").hostname or "").lower()


class OwnerOnlyServer(Server):
    """textual-serve's Server with a token, an Origin and Host check, no listings, and a Unix socket."""

    def __init__(
        self,
        command: str,
        *,
        host: str,
        port: int,
        public_url: str,
        token: str | None,
        socket_path: str | None = None,
        title: str = "nntutor",
    ) -> None:
        super().__init__(command, host=host, port=port, title=title, public_url=public_url)
        self.token = token
        self.socket_path = socket_path
        self.cookie = f"nntutor-token-{port}"
        self.loopback_only = socket_path is not None or host in LOOPBACK
        self.allowed_hosts = {*LOOPBACK, _host_name(urlsplit(public_url).netloc)}

    def url_with_token(self) -> str:
        return f"{self.public_url}/?token={self.token}" if self.token else f"{self.public_url}/"

    # ---- the web application -----------------------------------------------------------
    async def _make_app(self) -> web.Application:
        app = web.Application(middlewares=[self._guard])
        aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(self.templates_path))
        app.add_routes(
            [
                web.get("/", self.handle_index, name="index"),
                web.get("/ws", self.handle_websocket, name="websocket"),
                web.get("/download/{key}", self.handle_download, name="download"),
                web.static("/static", self.statics_path, show_index=False, name="static"),
            ]
        )
        app.on_startup.append(self.on_startup)
        app.on_shutdown.append(self.on_shutdown)
        return app

    def _matches(self, value: str | None) -> bool:
        return value is not None and hmac.compare_digest(value.encode(), self.token.encode())

    @web.middleware
    async def _guard(self, request: web.Request, handler) -> web.StreamResponse:
        if self.loopback_only and _host_name(request.host) not in self.allowed_hosts:
            return _forbidden("This server answers only to this machine's own address.")
        by_query = by_cookie = False
        if self.token is not None:
            by_query = self._matches(request.query.get("token"))
            by_cookie = self._matches(request.cookies.get(self.cookie))
            if not (by_query or by_cookie):
                return _forbidden("This address has no valid token.")
        if request.path == "/ws" and not self._same_origin(request):
            return _forbidden("The page that asked for a session is not this server's.")
        response = await handler(request)
        if by_query and not by_cookie and not response.prepared:
            response.set_cookie(self.cookie, self.token, httponly=True, samesite="Strict", path="/")
        return response

    def _same_origin(self, request: web.Request) -> bool:
        origin = request.headers.get("Origin")
        if origin is None:  # not a browser: the token (or --no-token) already decided
            return True
        parts = urlsplit(origin)
        allowed = {request.host.lower(), urlsplit(self.public_url).netloc.lower()}
        return parts.scheme in ("http", "https") and parts.netloc.lower() in allowed

    async def on_startup(self, app: web.Application) -> None:
        """Quiet: the command prints its own lines (the URL with the token, the tunnel)."""

    # ---- running ------------------------------------------------------------------------
    def serve(self, debug: bool = False) -> None:
        if self.socket_path is None:
            return super().serve(debug)
        import asyncio
        import signal

        self.debug = debug
        self.initialize_logging()
        loop = asyncio.new_event_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, self.request_exit)
        prepare_socket_path(self.socket_path)
        old = os.umask(0o177)  # the socket is born 0600: no moment when others may connect
        try:
            web.run_app(
                self._make_app(),
                path=self.socket_path,
                handle_signals=False,
                loop=loop,
                print=lambda *args: None,
            )
        finally:
            os.umask(old)
            Path(self.socket_path).unlink(missing_ok=True)


def prepare_socket_path(path: str) -> None:
    """Refuse a path that exists and is not a dead socket; remove a dead one (a crashed server's)."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return
    if not stat.S_ISSOCK(info.st_mode):
        raise OSError(f"{path} exists and is not a socket; choose another path")
    with socket.socket(socket.AF_UNIX) as probe:
        if probe.connect_ex(path) == 0:
            raise OSError(f"{path}: another server is listening there")
    os.unlink(path)


def _forbidden(reason: str) -> web.Response:
    return web.Response(
        status=403, text=FORBIDDEN_PAGE.format(reason=reason), content_type="text/html"
    )
