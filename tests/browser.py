"""Drive Debian's Chromium with Playwright (never `playwright install`) against a local server."""

from __future__ import annotations

import contextlib
import functools
import http.server
import socket
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def serve(directory: Path, port: int) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.shutdown()
        server.server_close()


PALETTE_TOGGLE = [
    {"scheme": "default", "toggle": {"icon": "material/weather-night", "name": "Dark"}},
    {"scheme": "slate", "toggle": {"icon": "material/weather-sunny", "name": "Light"}},
]
"""A light and a dark palette with Material's toggle between them."""


@contextlib.contextmanager
def built_and_served(site, *, strict: bool = True) -> Iterator[str]:
    """Build a test ``Site`` for a free port on 127.0.0.1 and serve it there.

    ``site_url`` is set to that origin first: Material's instant navigation only handles
    links of its own site.
    """
    port = free_port()
    data = site.config()
    data["site_url"] = f"http://127.0.0.1:{port}/"
    site.set_config(data)
    site.build(strict=strict)
    with serve(site.site_dir, port) as origin:
        yield origin


@dataclass
class Watch:
    """What a page did that a test must see: console errors, page errors, requests elsewhere."""

    origin: str
    console_errors: list[str] = field(default_factory=list)
    offsite: list[str] = field(default_factory=list)
    requested: list[str] = field(default_factory=list)
    """Every URL the page asked for, in order."""

    def attach(self, page) -> None:
        page.on("console", lambda m: m.type == "error" and self.console_errors.append(m.text))
        page.on("pageerror", lambda e: self.console_errors.append(f"pageerror: {e}"))

        def route(route) -> None:
            self.requested.append(route.request.url)
            if route.request.url.startswith(self.origin):
                route.continue_()
            else:
                self.offsite.append(route.request.url)
                route.abort()

        page.route("**/*", route)


@contextlib.contextmanager
def chromium(viewport: dict[str, int] | None = None) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        raise RuntimeError("Debian's chromium is missing: run scripts/setup --test (apt-get install chromium)")
    with tempfile.TemporaryDirectory() as profile, sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            profile,
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            viewport=viewport or {"width": 1280, "height": 900},
        )
        try:
            yield context
        finally:
            context.close()


def _walk(node: dict) -> Iterator[dict]:
    yield node
    for key in ("children", "shadowRoots"):
        for child in node.get(key, []):
            yield from _walk(child)
    if "contentDocument" in node:
        yield from _walk(node["contentDocument"])


def journey_svgs(page) -> list[dict]:
    """Every Mermaid journey SVG on the page, including inside closed shadow roots.

    Each item has ``text`` (the text nodes, in order) and ``tags`` (element names inside).
    """
    cdp = page.context.new_cdp_session(page)
    try:
        root = cdp.send("DOM.getDocument", {"depth": -1, "pierce": True})["root"]
    finally:
        cdp.detach()
    found = []
    for node in _walk(root):
        if node.get("nodeName", "").lower() != "svg":
            continue
        attrs = node.get("attributes", [])
        pairs = dict(zip(attrs[::2], attrs[1::2], strict=False))
        if "journey" not in pairs.get("aria-roledescription", ""):
            continue
        texts, tags = [], set()
        for inner in _walk(node):
            if inner.get("nodeType") == 3 and inner.get("nodeValue", "").strip():
                texts.append(inner["nodeValue"].strip())
            elif inner.get("nodeType") == 1:
                tags.add(inner.get("localName", inner.get("nodeName", "")).lower())
        found.append({"text": texts, "tags": tags, "attrs": pairs})
    return found


def wait_for_journey(page, timeout_ms: int = 15000) -> list[dict]:
    """Poll until a journey SVG has rendered (Mermaid renders asynchronously)."""
    waited = 0
    while waited <= timeout_ms:
        svgs = journey_svgs(page)
        if svgs:
            return svgs
        page.wait_for_timeout(250)
        waited += 250
    return []
