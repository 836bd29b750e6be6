"""End to end: `nntutor serve` opened in headless Chromium renders the course map.

textual-serve draws the app with xterm.js on a <canvas>, so the page's DOM holds no
text. The test drives Chromium over the DevTools protocol (aiohttp, which
textual-serve already needs), finds the page's xterm.js terminal with
``Runtime.queryObjects``, and reads its screen buffer row by row: exactly what
xterm.js has drawn. A screenshot of the terminal shows that it was painted, and a
key pressed in the page opens a lesson, so input flows back too.
"""

from __future__ import annotations

import asyncio
import base64
import itertools
import os
import re
import struct
import subprocess
import sys
import time
import urllib.request
import zlib
from pathlib import Path

import pytest

from tests.e2e.tools import free_port, require

COURSE = Path(__file__).parents[1] / "app" / "course"
pytestmark = pytest.mark.e2e
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
    "--remote-debugging-port=0",
    "--window-size=1000,720",
)

# Finds the textual-serve terminal object (it holds .terminal, the xterm.js Terminal) and returns its screen.
READ_SCREEN = """
function() {
  const page = this.find(o => o && o.terminal && o.websocket_url && o.fitAddon);
  if (!page) return null;
  const term = page.terminal, buffer = term.buffer.active, rows = [];
  for (let y = 0; y < term.rows; y++) {
    const line = buffer.getLine(buffer.viewportY + y);
    rows.push(line ? line.translateToString(true) : "");
  }
  return {cols: term.cols, rows: term.rows, text: rows.join("\\n")};
}
"""


class DevTools:
    """A minimal Chrome DevTools protocol client over one page's websocket."""

    def __init__(self, ws):
        self.ws = ws
        self.ids = itertools.count(1)

    async def call(self, method: str, **params):
        msg_id = next(self.ids)
        await self.ws.send_json({"id": msg_id, "method": method, "params": params})
        while True:
            reply = await asyncio.wait_for(self.ws.receive_json(), timeout=20)
            if reply.get("id") == msg_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply["result"]

    async def screen(self) -> dict | None:
        proto = await self.call("Runtime.evaluate", expression="Object.prototype")
        objects = await self.call(
            "Runtime.queryObjects", prototypeObjectId=proto["result"]["objectId"]
        )
        result = await self.call(
            "Runtime.callFunctionOn",
            objectId=objects["objects"]["objectId"],
            functionDeclaration=READ_SCREEN,
            returnByValue=True,
        )
        return result["result"].get("value")

    async def wait_for(self, text: str, timeout: float = 20.0) -> dict:
        deadline = time.monotonic() + timeout
        screen = None
        while time.monotonic() < deadline:
            screen = await self.screen()
            if screen and text in screen["text"]:
                return screen
            await asyncio.sleep(0.3)
        shown = screen["text"] if screen else "(no terminal on the page)"
        raise AssertionError(
            f"{text!r} did not appear in the browser; the terminal shows:\n{shown}"
        )

    async def key(self, key: str, code: int) -> None:
        await self.call(
            "Runtime.evaluate",
            expression="document.querySelector('.xterm-helper-textarea').focus()",
        )
        for kind in ("rawKeyDown", "keyUp"):
            await self.call(
                "Input.dispatchKeyEvent",
                type=kind,
                key=key,
                code=key,
                windowsVirtualKeyCode=code,
                nativeVirtualKeyCode=code,
            )


def png_colours(png: bytes) -> int:
    """How many distinct pixel colours an 8-bit RGB or RGBA PNG has (a blank screenshot has one)."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width = 8, b"", 0
    while pos < len(png):
        length, kind = struct.unpack(">I4s", png[pos : pos + 8])
        data = png[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour_type = struct.unpack(">IIBB", data[:10])
            assert depth == 8 and colour_type in (2, 6), (depth, colour_type)
            bpp = 3 if colour_type == 2 else 4
        elif kind == b"IDAT":
            idat += data
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * bpp
    previous = bytearray(stride)
    colours = set()
    for y in range(height):
        kind, line = (
            raw[y * (stride + 1)],
            bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)]),
        )
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = previous[i]
            c = previous[i - bpp] if i >= bpp else 0
            if kind == 1:
                line[i] = (line[i] + a) & 255
            elif kind == 2:
                line[i] = (line[i] + b) & 255
            elif kind == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        colours.update(bytes(line[i : i + bpp]) for i in range(0, stride, bpp))
        previous = line
    return len(colours)


def wait_http(url: str, proc: subprocess.Popen, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(
                f"{proc.args[0]} exited with {proc.returncode}: {proc.stdout.read()}"
            )
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"nothing answered at {url} within {timeout}s")


def devtools_url(proc: subprocess.Popen, timeout: float = 20.0) -> str:
    """Chromium prints 'DevTools listening on ws://…' on stderr when it is ready."""
    deadline = time.monotonic() + timeout
    seen = []
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        if not line and proc.poll() is not None:
            break
        seen.append(line)
        match = re.search(r"DevTools listening on (ws://\S+)", line)
        if match:
            return match.group(1)
    raise AssertionError("Chromium did not start its DevTools endpoint:\n" + "".join(seen[-20:]))


async def check_page(devtools_http: str, page_url: str) -> None:
    """Drive the page: the course map drawn, painted, and a key that reaches the app."""
    import aiohttp

    async with aiohttp.ClientSession() as session:
        async with session.get(f"{devtools_http}/json/list") as reply:
            targets = await reply.json()
        page_ws = next(t["webSocketDebuggerUrl"] for t in targets if t["type"] == "page")
        async with session.ws_connect(page_ws, max_msg_size=0) as ws:
            cdp = DevTools(ws)
            await cdp.call("Page.enable")
            await cdp.call("Page.navigate", url=page_url)

            screen = await cdp.wait_for("Next step")
            text = screen["text"]
            assert screen["cols"] >= 80 and screen["rows"] >= 24, screen
            assert "Why neural networks" in text and "The neuron" in text
            for mark in ("○", "✗"):  # new and unavailable lessons: marks, not colours
                assert mark in text, f"{mark} missing from the course map:\n{text}"
            assert "unavailable" in text

            # painted, not only parsed: a screenshot of the top of the terminal is not blank
            shot = await cdp.call(
                "Page.captureScreenshot",
                format="png",
                clip={"x": 0, "y": 0, "width": 640, "height": 120, "scale": 1},
            )
            assert png_colours(base64.b64decode(shot["data"])) > 4

            # keys typed in the page reach the app: Enter opens the highlighted lesson
            await cdp.key("Enter", 13)
            await cdp.wait_for("Neural networks find")


def test_serve_renders_course_map_in_chromium(tmp_path):
    chromium = require("chromium")
    port = free_port()
    env = {**os.environ, "NNTUTOR_DATA_DIR": str(tmp_path / "data"), "LANG": "C.UTF-8"}
    server = subprocess.Popen(
        [sys.executable, "-m", "nntutor", "serve", "--port", str(port)]
        + ["--lessons", str(COURSE), "--lang", "en", "--token-file", str(tmp_path / "url")],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    browser = None
    try:
        wait_http_file = tmp_path / "url"
        deadline = time.monotonic() + 20
        while not wait_http_file.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        # the URL the server printed, with its token: the page then lives on its cookie
        page_url = wait_http_file.read_text().strip()
        assert page_url.startswith(f"http://127.0.0.1:{port}/?token=")
        wait_http(page_url, server)
        browser = subprocess.Popen(
            [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'chromium'}", "about:blank"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        devtools_http = "http://" + devtools_url(browser).split("/")[2]
        asyncio.run(check_page(devtools_http, page_url))
    finally:
        for proc in (browser, server):
            if proc is not None:
                proc.terminate()
                try:
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
