"""`nntutor serve`: options, messages, and a real server answering a page and a websocket session."""

from __future__ import annotations

import asyncio
import builtins
import os
import shlex
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from nntutor.cli import build_parser, main
from nntutor.commands import serve

COURSE = Path(__file__).parent / "app" / "course"


def parse(*argv: str):
    return build_parser().parse_args(["serve", *argv])


def test_defaults_bind_to_localhost_port_8000():
    args = parse()
    assert (args.host, args.port, args.public_url) == ("127.0.0.1", 8000, None)


def test_app_command_carries_the_options():
    args = parse(
        "--lessons",
        "/my course",
        "--data-dir",
        "/d",
        "--lang",
        "ru",
        "--profile",
        "anna",
        "--no-mouse",
    )
    argv = shlex.split(serve.app_command(args))
    assert argv[:3] == [sys.executable, "-m", "nntutor"]
    assert argv[3:] == [
        "--lessons",
        "/my course",
        "--data-dir",
        "/d",
        "--lang",
        "ru",
        "--profile",
        "anna",
        "--no-mouse",
    ]


def test_options_before_the_subcommand_are_carried_too():
    args = build_parser().parse_args(["--lang", "en", "serve"])
    assert shlex.split(serve.app_command(args))[3:] == ["--lang", "en"]


def test_tunnel_hint_for_localhost():
    text = serve.tunnel_hint("127.0.0.1", 8123, login="ada@gpu-box")
    assert "http://127.0.0.1:8123" in text
    assert "ssh -N -L 8123:127.0.0.1:8123 ada@gpu-box" in text
    assert "--public-url" in text


def test_warning_when_listening_on_the_network():
    text = serve.tunnel_hint("0.0.0.0", 8000)
    assert "anyone who can reach" in text and "SSH tunnel" in text
    assert "--public-url http://NAME:8000" in text


def test_ipv6_url():
    assert serve.public_url("::1", 8000) == "http://[::1]:8000"


def test_without_textual_serve_says_which_extra(monkeypatch, capsys):
    real_import = builtins.__import__

    def no_textual_serve(name, *args, **kwargs):
        if name.startswith("textual_serve"):
            raise ImportError("No module named 'textual_serve'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_textual_serve)
    assert main(["serve"]) == 2
    assert "pip install 'nntutor[serve]'" in capsys.readouterr().err


def test_bad_port(capsys):
    assert main(["serve", "--port", "70000"]) == 2
    assert "not a port number" in capsys.readouterr().err


def start_server(tmp_path, *extra: str) -> tuple[subprocess.Popen, int]:
    """A real `nntutor serve` on a free loopback port; its URL with the token lands in tmp_path/url."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "NNTUTOR_DATA_DIR": str(tmp_path / "data")}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "nntutor",
            "serve",
            "--port",
            str(port),
            "--lessons",
            str(COURSE),
            "--lang",
            "en",
            "--token-file",
            str(tmp_path / "url"),
            *extra,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    return proc, port


def get(url: str, proc: subprocess.Popen, timeout: float = 20.0) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(
                f"nntutor serve exited with {proc.returncode}:\n{proc.stdout.read()}"
            )
        try:
            with urllib.request.urlopen(url, timeout=2) as reply:
                return reply.read().decode()
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"nothing answered at {url}")


def stop(proc: subprocess.Popen) -> str:
    proc.terminate()
    try:
        out, _ = proc.communicate(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, _ = proc.communicate()
    return out


def served_url(tmp_path, proc: subprocess.Popen, timeout: float = 20.0) -> str:
    """The URL the server printed, with its token (from --token-file)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if (tmp_path / "url").exists() and (tmp_path / "url").read_text().endswith("\n"):
            return (tmp_path / "url").read_text().strip()
        if proc.poll() is not None:
            raise AssertionError(f"nntutor serve exited:\n{proc.stdout.read()}")
        time.sleep(0.1)
    raise AssertionError("no --token-file written")


def token_of(url: str) -> str:
    return url.split("token=", 1)[1]


async def first_screen(
    port: int, width: int = 100, height: int = 30, timeout: float = 20.0, token: str = ""
) -> bytes:
    """Open a session as the page's JavaScript does and collect what the app draws until the course map is there."""
    import aiohttp

    seen = b""
    async with (
        aiohttp.ClientSession() as session,
        session.ws_connect(
            f"http://127.0.0.1:{port}/ws?width={width}&height={height}&token={token}"
        ) as ws,
    ):
        deadline = time.monotonic() + timeout
        while b"Next step" not in seen and time.monotonic() < deadline:
            message = await asyncio.wait_for(ws.receive(), timeout=deadline - time.monotonic())
            if message.type == aiohttp.WSMsgType.BINARY:
                seen += message.data
            elif message.type in (
                aiohttp.WSMsgType.CLOSE,
                aiohttp.WSMsgType.CLOSED,
                aiohttp.WSMsgType.ERROR,
            ):
                break
    return seen


async def test_real_server_page_and_session(tmp_path):
    pytest.importorskip("textual_serve")
    proc, port = start_server(tmp_path)
    try:
        url = served_url(tmp_path, proc)
        assert url.startswith(f"http://127.0.0.1:{port}/?token=")
        page = get(url, proc)
        assert f'data-session-websocket-url="ws://127.0.0.1:{port}/ws"' in page
        assert "nntutor" in page
        drawn = await first_screen(port, token=token_of(url))
        assert b"Next step" in drawn, drawn[-500:]
        assert b"Why neural networks" in drawn
    finally:
        out = stop(proc)
    assert f"ssh -N -L {port}:127.0.0.1:{port}" in out
    # it listened on the loopback address only
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", port)) != 0  # and it is gone after Ctrl+C / SIGTERM


def test_public_url_is_what_the_page_uses(tmp_path):
    pytest.importorskip("textual_serve")
    proc, port = start_server(tmp_path, "--public-url", "http://localhost:9999/")
    try:
        url = served_url(tmp_path, proc)
        assert url.startswith("http://localhost:9999/?token=")
        page = get(f"http://127.0.0.1:{port}/?token={token_of(url)}", proc)
        assert 'data-session-websocket-url="ws://localhost:9999/ws"' in page
    finally:
        stop(proc)


def test_port_in_use_is_a_plain_message(tmp_path):
    pytest.importorskip("textual_serve")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(
            [sys.executable, "-m", "nntutor", "serve", "--port", str(port)],
            check=False,
            capture_output=True,
            text=True,
            timeout=30,
            env={**os.environ, "NNTUTOR_DATA_DIR": str(tmp_path)},
        )
    assert done.returncode == 2, done.stdout + done.stderr
    assert "the port is in use" in done.stderr and "--port" in done.stderr
    assert "Traceback" not in done.stderr


# --- admits only its owner (issue 12 §2) ---------------------------------------------------------


def status_of(url: str, headers: dict | None = None) -> tuple[int, str, dict]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=5) as reply:
            return reply.status, reply.read().decode(), dict(reply.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), dict(error.headers)


def children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(p) for p in text.split()]


async def ws_status(port: int, query: str, headers: dict | None = None) -> int:
    """The HTTP status of a websocket handshake (101 when the session would start)."""
    import aiohttp

    async with aiohttp.ClientSession() as session:
        try:
            async with session.ws_connect(
                f"http://127.0.0.1:{port}/ws?{query}", headers=headers or {}
            ):
                return 101
        except aiohttp.WSServerHandshakeError as error:
            return error.status


async def test_without_the_token_nothing_is_served_and_no_session_starts(tmp_path):
    pytest.importorskip("textual_serve")
    proc, port = start_server(tmp_path)
    try:
        url = served_url(tmp_path, proc)
        get(url, proc)  # up and serving its owner
        base = f"http://127.0.0.1:{port}"
        for path in ("/", "/?token=wrong", "/static/", "/static/js/textual.js", "/download/x"):
            status, body, _ = status_of(base + path)
            assert status == 403, path
            assert "?token=" in body  # says how to get the right address
        assert await ws_status(port, "width=80&height=24") == 403
        assert await ws_status(port, "token=guess&width=80&height=24") == 403
        assert children(proc.pid) == []  # no nntutor session was started for them
    finally:
        stop(proc)


def test_the_printed_url_sets_a_strict_cookie_that_works_alone(tmp_path):
    pytest.importorskip("textual_serve")
    proc, port = start_server(tmp_path)
    try:
        url = served_url(tmp_path, proc)
        assert (tmp_path / "url").stat().st_mode & 0o777 == 0o600
        assert len(token_of(url)) >= 22  # at least 128 bits, URL-safe base64
        get(url, proc)
        status, _, headers = status_of(url)
        assert status == 200
        cookie = headers["Set-Cookie"]
        assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
        name_value = cookie.split(";")[0]
        status, page, _ = status_of(f"http://127.0.0.1:{port}/", {"Cookie": name_value})
        assert status == 200 and "data-session-websocket-url" in page
        # no listing of the static folder, even for the owner
        status, body, _ = status_of(f"http://127.0.0.1:{port}/static/", {"Cookie": name_value})
        assert status in (403, 404) and "textual.js" not in body
    finally:
        stop(proc)


async def test_a_foreign_origin_or_host_is_refused(tmp_path):
    pytest.importorskip("textual_serve")
    proc, port = start_server(tmp_path)
    try:
        token = token_of(served_url(tmp_path, proc))
        get(f"http://127.0.0.1:{port}/?token={token}", proc)
        query = f"token={token}&width=80&height=24"
        assert await ws_status(port, query, {"Origin": "http://evil.example"}) == 403
        assert await ws_status(port, query, {"Origin": f"http://127.0.0.1:{port}"}) == 101
        status, _, _ = status_of(
            f"http://127.0.0.1:{port}/?token={token}", {"Host": f"evil.example:{port}"}
        )
        assert status == 403  # DNS rebinding: a name that is not this machine
    finally:
        stop(proc)


def test_unix_socket_is_private(tmp_path):
    pytest.importorskip("textual_serve")
    path = tmp_path / "nntutor.sock"
    proc, port = start_server(tmp_path, "--socket", str(path))
    try:
        url = served_url(tmp_path, proc)
        deadline = time.monotonic() + 20
        while not path.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert path.is_socket()
        assert path.stat().st_mode & 0o777 == 0o600
        with socket.socket(socket.AF_UNIX) as client:
            client.settimeout(5)
            client.connect(str(path))
            request = f"GET /?token={token_of(url)} HTTP/1.1\r\nHost: 127.0.0.1:8000\r\nConnection: close\r\n\r\n"
            client.sendall(request.encode())
            reply = client.recv(100).decode()
        assert reply.startswith("HTTP/1.1 200")
    finally:
        out = stop(proc)
    assert f"ssh -N -L {port}:{path}" in out, out


def test_no_token_warns_loudly(tmp_path):
    pytest.importorskip("textual_serve")
    proc, port = start_server(tmp_path, "--no-token")
    try:
        get(f"http://127.0.0.1:{port}/", proc)
    finally:
        out = stop(proc)
    assert "WARNING: --no-token" in out
