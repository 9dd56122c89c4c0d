"""`mkdocs serve` rebuilds when a map changes; a broken edit prints the located error and the server keeps running."""

from __future__ import annotations

import os
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

from browser import free_port
from conftest import BIN, Site


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def _wait(predicate, what: str, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.3)
    raise AssertionError(f"timed out waiting for {what}")


def test_serve_rebuilds_on_map_changes_and_survives_broken_edits(basic_site: Site, tmp_path: Path) -> None:
    port = free_port()
    log = tmp_path / "serve.log"
    journey = basic_site.maps / "journeys/coffee-order.yml"
    original = journey.read_text(encoding="utf-8")
    with log.open("w") as out:
        server = subprocess.Popen(
            [str(BIN / "mkdocs"), "serve", "--livereload", "-a", f"127.0.0.1:{port}"],
            cwd=basic_site.root,
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}/journeys/coffee-order/"
    try:
        _wait(lambda: (_get(url) or "").find("Ordering coffee") > 0, "the first build")

        journey.write_text(original.replace("Ordering coffee: the app", "Ordering tea: the app"), encoding="utf-8")
        _wait(lambda: "Ordering tea" in (_get(url) or ""), "a rebuild after editing the map")

        journey.write_text(original.replace("score: 4", "score: 9"), encoding="utf-8")
        _wait(lambda: "9 is out of range" in log.read_text(), "the located error of a broken edit")
        output = log.read_text()
        assert (
            "maps/journeys/coffee-order.yml:22:16: 9 is out of range: expected a whole-number score from 1 to 5"
            in output
        )
        assert "Traceback" not in output
        assert server.poll() is None, "the server must keep running after a broken edit"

        journey.write_text(original, encoding="utf-8")
        _wait(lambda: "Ordering coffee" in (_get(url) or ""), "a rebuild after fixing the map")
        assert server.poll() is None
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
