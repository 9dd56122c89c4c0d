"""`journey-maps preview`: pages rendered on request with the site's theme, a save shows in the open
page (every language), a broken save shows the located problem in the page and the server lives on."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from browser import Watch, chromium, free_port, wait_for_journey
from conftest import BIN, REPO, Site, make_i18n_site

ARTIFACTS = REPO / "test-artifacts" / "preview"
JOURNEY = "journeys/coffee-order/"


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8")
    except OSError:
        return 0, ""


def _wait(predicate, what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


@contextlib.contextmanager
def _preview(site: Site, log: Path) -> Iterator[tuple[str, subprocess.Popen]]:
    port = free_port()
    with log.open("w") as out:
        server = subprocess.Popen(
            [str(BIN / "journey-maps"), "preview", "-a", f"127.0.0.1:{port}"],
            cwd=site.root,
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
            start_new_session=True,
        )
    origin = f"http://127.0.0.1:{port}/"
    try:
        _wait(lambda: _get(origin + JOURNEY)[0] == 200, "the preview to start")
        yield origin, server
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def _version(origin: str) -> str:
    return _get(origin + ".journey-maps-preview/version")[1]


def test_preview_renders_pages_follows_saves_and_survives_a_broken_one(basic_site: Site, tmp_path: Path) -> None:
    journey = basic_site.maps / "journeys/coffee-order.yml"
    original = journey.read_text(encoding="utf-8")
    log = tmp_path / "preview.log"
    with _preview(basic_site, log) as (origin, server):
        status, page = _get(origin + JOURNEY)
        assert status == 200
        assert "<title>Ordering coffee: the app &amp; the counter" in page  # the theme's page, whole
        assert 'class="jm-canvas"' in page and 'class="jm-curve"' in page and 'class="mermaid"' in page
        assert "journey-maps:spliced" not in page  # the plugin's set-aside blocks are back in place
        assert "md-nav__link" in page and ".journey-maps-preview/version" in page  # navigation, reload
        # Pages are rendered one by one; the navigation has their titles from their front matter.
        assert ">\n    Ordering coffee (future)\n" in page.replace("  ", " ") or "Ordering coffee (future)" in page
        for asset in ("assets/journey-maps/journey-maps.css", "assets/javascripts/mermaid.min.js"):
            assert _get(origin + asset)[0] == 200, asset
        assert _get(origin + "personas/")[0] == 200 and _get(origin + "touchpoints/")[0] == 200
        assert _get(origin + "no/such/page/")[0] == 404
        status, redirected = _get(origin + JOURNEY.rstrip("/"))  # urllib follows the redirect to the folder
        assert status == 200 and "<title>Ordering coffee" in redirected

        before = _version(origin)
        journey.write_text(original.replace("Ordering coffee: the app", "Ordering tea: the app"), encoding="utf-8")
        _wait(lambda: _version(origin) != before, "the preview to notice the save")
        assert "Ordering tea" in _get(origin + JOURNEY)[1]

        journey.write_text(original.replace("score: 4", "score: 9"), encoding="utf-8")
        _wait(lambda: _get(origin + JOURNEY)[0] == 500, "the broken save to show")
        status, problem = _get(origin + JOURNEY)
        assert "maps/journeys/coffee-order.yml:22:16: 9 is out of range" in problem
        assert ".journey-maps-preview/version" in problem  # the problem page reloads itself when fixed
        assert server.poll() is None, "the preview stopped on a broken map"

        journey.write_text(original, encoding="utf-8")
        _wait(lambda: _get(origin + JOURNEY)[0] == 200, "the fixed map to show")
        assert "Ordering coffee" in _get(origin + JOURNEY)[1]
    assert "Traceback" not in log.read_text()


def test_preview_serves_every_language_of_a_static_i18n_site(tmp_path: Path) -> None:
    site = make_i18n_site(tmp_path / "site")
    site.write("docs/index.fa.md", "# خانه\n\nصفحهٔ اصلی.\n")
    log = tmp_path / "preview.log"
    with _preview(site, log) as (origin, _):
        status, persian = _get(origin + "fa/" + JOURNEY)
        assert status == 200
        assert '<html lang="fa" dir="rtl"' in persian or ('lang="fa"' in persian and 'dir="rtl"' in persian)
        assert "سفارش قهوه" in persian and "تبلیغ را می‌بیند" in persian  # the overlay's text
        assert "صفحهٔ اصلی" in _get(origin + "fa/")[1]  # index.fa.md stands in for index.md
        assert "Kahve siparişi" in _get(origin + "tr/" + JOURNEY)[1]
        assert "Ordering coffee" in _get(origin + JOURNEY)[1]
        output = log.read_text()
        assert "checked but not published" not in output  # the preview publishes every language

        overlay = site.maps / "journeys/coffee-order.fa.yml"
        overlay.write_text(overlay.read_text(encoding="utf-8").replace("سفارش قهوه", "سفارش چای"), encoding="utf-8")
        _wait(lambda: "سفارش چای" in _get(origin + "fa/" + JOURNEY)[1], "the Persian page to show the save")
    assert "Traceback" not in log.read_text()


@pytest.mark.browser
def test_an_open_page_reloads_itself_after_a_save(basic_site: Site, tmp_path: Path) -> None:
    """In Chromium: the diagram renders from the site's own Mermaid; a save reloads the page by itself."""
    journey = basic_site.maps / "journeys/coffee-order.yml"
    original = journey.read_text(encoding="utf-8")
    with _preview(basic_site, tmp_path / "preview.log") as (origin, _), chromium() as context:
        page = context.new_page()
        watch = Watch(origin)
        watch.attach(page)
        page.goto(origin + JOURNEY)
        assert len(wait_for_journey(page)) == 1
        canvas = page.locator(".jm-canvas").bounding_box()
        assert canvas is not None and canvas["width"] > 300 and canvas["height"] > 100
        journey.write_text(original.replace("Ordering coffee: the app", "Ordering tea: the app"), encoding="utf-8")
        page.wait_for_function("document.querySelector('h1').textContent.includes('Ordering tea')", timeout=30000)
        assert len(wait_for_journey(page)) == 1  # the reloaded page draws its diagram again
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "after-save.png"))
        assert watch.offsite == []
        assert watch.console_errors == []
