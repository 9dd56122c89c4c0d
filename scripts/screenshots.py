"""Build the example site and take the README's screenshots with Debian's Chromium.

Usage: .venv/bin/python scripts/screenshots.py   (writes docs/assets/screenshots/*.png)
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from browser import chromium, serve, wait_for_journey  # noqa: E402

OUT = REPO / "docs" / "assets" / "screenshots"
PORT = 8000  # the example site's site_url
SIMPLE_SHOTS = [
    ("journey-step", "journeys/hotel-stay/#checks-in-at-front-desk"),
    ("persona-grid", "personas/"),
    ("emotion-curve", "journeys/bank-account-opening/#_curve"),
    ("comparison", "journeys/bank-account-opening/vs-bank-account-opening-future/"),
    ("insights", "insights/"),
    ("heatmap", "insights/heatmap/#hotel-stay"),
]
"""Screenshots (name, page) taken once the page has settled."""


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        subprocess.run([str(REPO / ".venv/bin/mkdocs"), "build", "-q", "-d", str(site)], cwd=REPO, check=True, env=env)
        with serve(site, PORT) as origin, chromium({"width": 1280, "height": 860}) as context:
            page = context.new_page()
            page.goto(origin + "journeys/hotel-stay/")
            wait_for_journey(page)
            page.screenshot(path=str(OUT / "journey-page.png"))
            page.evaluate("document.querySelector('#_map').scrollIntoView()")
            page.wait_for_timeout(300)
            page.screenshot(path=str(OUT / "journey-map.png"))
            page.locator(".jm-diagram__open").click()  # the diagram full screen, fitted to the window
            page.wait_for_timeout(300)
            page.get_by_role("button", name="Zoom in").click()
            page.wait_for_timeout(300)
            page.screenshot(path=str(OUT / "journey-diagram.png"))
            page.keyboard.press("Escape")
            page.goto(origin + "fa/journeys/winter-jacket-purchase/")
            wait_for_journey(page)
            page.screenshot(path=str(OUT / "journey-page-fa.png"))
            for name, path in SIMPLE_SHOTS:
                page.goto(origin + path)
                page.wait_for_timeout(500)
                page.screenshot(path=str(OUT / f"{name}.png"))
            page.goto(origin + "insights/pain-points/")
            page.select_option('select[data-jm-filter="severity"]', "critical")
            page.wait_for_timeout(300)
            page.screenshot(path=str(OUT / "pain-backlog.png"))
    print(f"screenshots written to {OUT.relative_to(REPO)}")


if __name__ == "__main__":
    main()
