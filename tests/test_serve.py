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


async def first_screen(
    port: int, width: int = 100, height: int = 30, timeout: float = 20.0
) -> bytes:
    """Open a session as the page's JavaScript does and collect what the app draws until the course map is there."""
    import aiohttp

    seen = b""
    async with (
        aiohttp.ClientSession() as session,
        session.ws_connect(f"http://127.0.0.1:{port}/ws?width={width}&height={height}") as ws,
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
        page = get(f"http://127.0.0.1:{port}/", proc)
        assert f'data-session-websocket-url="ws://127.0.0.1:{port}/ws"' in page
        assert "nntutor" in page
        drawn = await first_screen(port)
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
        page = get(f"http://127.0.0.1:{port}/", proc)
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
