"""What a reader's browser downloads for one page of a built site: a cold visit in Chromium.

Serves ``site_dir`` on 127.0.0.1 and opens each page in a fresh browser context (empty cache),
with Debian's Chromium (``/usr/bin/chromium``) driven by Playwright. Counts every response's
body (the local server sends no compression, so this is what a server without gzip would send)
until the network is idle and, on a journey page, the diagram is drawn.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from browser import CHROMIUM, free_port, serve  # the test suite's own static server and Chromium


@dataclass
class Weight:
    page: str
    requests: int
    total: int
    """Bytes of every response body."""
    mermaid: int
    """Of which the Mermaid library."""


def weigh(site_dir: Path, pages: list[str]) -> list[Weight]:
    """The cold-visit weight of each of ``pages`` (URL paths relative to the site's root)."""
    from playwright.sync_api import sync_playwright

    found = []
    with serve(site_dir, free_port()) as origin, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        try:
            for path in pages:
                context = browser.new_context(viewport={"width": 1366, "height": 800})
                page = context.new_page()
                sizes: list[tuple[str, int]] = []
                page.on("requestfinished", lambda r, sizes=sizes: sizes.append((r.url, r.sizes()["responseBodySize"])))
                page.goto(origin + path, wait_until="networkidle")
                if page.locator("pre.mermaid, div.mermaid").count():
                    page.wait_for_function(
                        "document.querySelectorAll('div.mermaid').length >= 1", timeout=30000
                    )  # Material swaps the <pre> for a drawn <div>
                    page.wait_for_load_state("networkidle")
                context.close()
                total = sum(size for _, size in sizes)
                mermaid = sum(size for url, size in sizes if url.endswith("mermaid.min.js"))
                found.append(Weight(path, len(sizes), total, mermaid))
        finally:
            browser.close()
    return found
