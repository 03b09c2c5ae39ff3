"""Driving Debian's headless Chromium over the DevTools pipe (no extra packages).

With ``--remote-debugging-pipe`` Chromium reads DevTools commands from file
descriptor 3 and answers on 4, each message JSON followed by a NUL byte.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
import time
from typing import Any


class Chromium:
    def __init__(self) -> None:
        binary = shutil.which("chromium")
        if binary is None:
            raise RuntimeError("chromium is not installed (./dev test installs it)")
        self._profile = tempfile.mkdtemp(prefix="evidencekit-chromium-")
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()
        # Chromium expects the pipe ends on descriptors 3 and 4 of its own process.
        self._process = subprocess.Popen(
            [
                binary,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-quic",
                "--autoplay-policy=no-user-gesture-required",
                f"--user-data-dir={self._profile}",
                "--remote-debugging-pipe",
                "about:blank",
            ],
            pass_fds=(3, 4),
            preexec_fn=lambda: (os.dup2(to_browser_r, 3), os.dup2(from_browser_w, 4)),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(to_browser_r)
        os.close(from_browser_w)
        self._next_id = 0
        self._buffer = b""

    def _send(self, method: str, params: dict[str, Any], session: str | None = None) -> Any:
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        while True:
            while b"\0" not in self._buffer:
                chunk = os.read(self._from_browser, 1 << 16)
                if not chunk:
                    raise RuntimeError("chromium exited")
                self._buffer += chunk
            raw, self._buffer = self._buffer.split(b"\0", 1)
            reply = json.loads(raw)
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise RuntimeError(reply["error"])
                return reply["result"]

    def evaluate_in(self, url: str, expression: str) -> Any:
        """Open ``url``, wait for it to load, and run an async JavaScript expression."""
        return self.evaluate(self.open(url), expression)

    def open(self, url: str) -> str:
        """Open ``url`` in a new tab and wait for it to load; returns the tab's session."""
        target = self._send("Target.createTarget", {"url": url})["targetId"]
        session = self._send("Target.attachToTarget", {"targetId": target, "flatten": True})
        sid: str = session["sessionId"]
        # The new tab starts on about:blank; wait until the real page has loaded.
        loaded = f"location.href === {json.dumps(url)} && document.readyState === 'complete'"
        deadline = time.monotonic() + 30
        while not self._send(
            "Runtime.evaluate", {"expression": loaded, "returnByValue": True}, sid
        )["result"].get("value"):
            if time.monotonic() > deadline:
                raise RuntimeError(f"{url} did not load")
            time.sleep(0.05)
        return sid

    def evaluate(self, session: str, expression: str) -> Any:
        """Run an async JavaScript expression in an open tab; its value."""
        result = self._send(
            "Runtime.evaluate",
            {"expression": expression, "awaitPromise": True, "returnByValue": True},
            session,
        )
        if "exceptionDetails" in result:
            raise RuntimeError(result["exceptionDetails"])
        return result["result"].get("value")

    def press(self, session: str, key: str, code: int) -> None:
        """A key pressed and released, as the keyboard sends it (``code``: its key code)."""
        for kind in ("keyDown", "keyUp"):
            event = {"type": kind, "key": key, "code": key, "windowsVirtualKeyCode": code}
            self._send("Input.dispatchKeyEvent", event, session)

    def close(self) -> None:
        self._process.kill()
        self._process.wait()
        for fd in (self._to_browser, self._from_browser):
            os.close(fd)
        shutil.rmtree(self._profile, ignore_errors=True)
