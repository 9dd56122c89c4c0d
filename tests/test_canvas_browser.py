"""The journey map as one grid, measured in Debian's Chromium as a reader sees it (issue 14):
steps side by side in journey order, every lane cell under its own step, the emotion line through
the centre of each step's column, lane headers pinned while the grid scrolls, no sideways page
scroll on a phone, right to left in Persian."""

from __future__ import annotations

import pytest

from browser import Watch, chromium
from conftest import REPO

pytestmark = pytest.mark.browser
ARTIFACTS = REPO / "test-artifacts"
STEPS = ["sees-ad", "pays", "waits"]  # coffee-order, in journey order

_GEOMETRY = """() => {
  const box = (e) => { const r = e.getBoundingClientRect(); return {x: r.x, y: r.y + scrollY, w: r.width, h: r.height}; };
  const grid = document.querySelector('.jm-canvas__grid');
  const steps = [...grid.querySelectorAll('.jm-canvas__steps th')];
  const rows = [...grid.querySelectorAll('tbody tr')].map((tr) => ({
    lane: tr.className.replace(/.*jm-canvas__lane--/, ''),
    header: box(tr.querySelector('th')),
    cells: [...tr.querySelectorAll('td')].map(box),
  }));
  const points = [...grid.querySelectorAll('.jm-canvas__point')].map((p) => box(p.firstElementChild));
  return {
    canvas: box(document.querySelector('.jm-canvas')),
    steps: steps.map((th) => ({...box(th), id: th.querySelector("a").getAttribute("href").split("#").pop(),
                               font: parseFloat(getComputedStyle(th).fontSize)})),
    rows, points,
    line: box(grid.querySelector('.jm-canvas__line')),
    page: document.documentElement.scrollWidth, viewport: innerWidth,
  };
}"""


@pytest.fixture(scope="module")
def origin(palette_served) -> str:
    return palette_served[1]


@pytest.mark.parametrize("viewport", [{"width": 1366, "height": 900}, {"width": 390, "height": 844}])
def test_steps_side_by_side_with_each_lane_under_its_step(origin: str, viewport: dict[str, int]) -> None:
    with chromium(viewport) as context:
        page = context.new_page()
        watch = Watch(origin)
        watch.attach(page)
        page.goto(origin + "journeys/coffee-order/")
        g = page.evaluate(_GEOMETRY)
        name = f"canvas-{viewport['width']}.png"
        ARTIFACTS.mkdir(exist_ok=True)
        page.locator(".jm-canvas").screenshot(path=str(ARTIFACTS / name))
        steps = g["steps"]
        assert [s["id"] for s in steps] == STEPS
        assert max(s["y"] for s in steps) - min(s["y"] for s in steps) < 1, "step names are not in one row"
        assert [s["x"] for s in steps] == sorted(s["x"] for s in steps), "not in journey order"
        assert all(s["font"] >= 12 for s in steps), [s["font"] for s in steps]
        widths = {round(s["w"]) for s in steps}
        assert len(widths) == 1 and widths.pop() >= 150, "step columns differ or are too narrow to read"
        assert g["canvas"]["y"] < 2 * viewport["height"], "the map is not within the first two screens"
        lanes = {row["lane"] for row in g["rows"]}
        assert {"doing", "thinking", "feeling", "emotion", "touchpoint", "pain-points", "frontstage"} <= lanes
        assert {"backstage", "support"} <= lanes
        for row in g["rows"]:
            assert len(row["cells"]) == len(steps), row["lane"]
            for cell, step in zip(row["cells"], steps, strict=True):
                assert abs(cell["x"] - step["x"]) < 1 and abs(cell["w"] - step["w"]) < 1, row["lane"]
            assert row["header"]["x"] < steps[0]["x"], "lane headers come first"
        # The emotion line runs through the centre of each step's column, at its score's height.
        for point, step in zip(g["points"], steps, strict=True):
            assert abs(point["x"] + point["w"] / 2 - (step["x"] + step["w"] / 2)) < 2
        assert abs(g["line"]["w"] - sum(s["w"] for s in steps)) < 2
        ys = {s["id"]: p["y"] for s, p in zip(steps, g["points"], strict=True)}
        assert ys["sees-ad"] < ys["pays"], "sees-ad (score 4) is drawn higher than pays (score 2)"
        assert g["page"] <= g["viewport"], "the page scrolls sideways"
        assert watch.console_errors == [] and watch.offsite == []


def test_lane_headers_stay_while_the_grid_scrolls_on_a_phone(origin: str) -> None:
    with chromium({"width": 390, "height": 844}) as context:
        page = context.new_page()
        page.goto(origin + "journeys/coffee-order/")
        before = page.evaluate(_GEOMETRY)
        page.locator(".jm-canvas").evaluate("c => { c.scrollLeft = 400; }")
        after = page.evaluate(_GEOMETRY)
        assert after["steps"][0]["x"] < before["steps"][0]["x"] - 300, "the grid did not scroll in its box"
        for a, b in zip(after["rows"], before["rows"], strict=True):
            assert abs(a["header"]["x"] - b["header"]["x"]) < 1, f"{a['lane']} header moved"
        assert after["page"] <= after["viewport"]


def test_persian_map_runs_right_to_left_in_journey_order(i18n_served: str) -> None:
    with chromium({"width": 1366, "height": 900}) as context:
        page = context.new_page()
        watch = Watch(i18n_served)
        watch.attach(page)
        page.goto(i18n_served + "fa/journeys/coffee-order/")
        g = page.evaluate(_GEOMETRY)
        steps = g["steps"]
        assert [s["id"] for s in steps] == STEPS
        assert [s["x"] for s in steps] == sorted((s["x"] for s in steps), reverse=True), "not right to left"
        for row in g["rows"]:
            assert row["header"]["x"] > steps[0]["x"], "lane headers on the right"
        for point, step in zip(g["points"], steps, strict=True):
            assert abs(point["x"] + point["w"] / 2 - (step["x"] + step["w"] / 2)) < 2
        page.locator(".jm-canvas").screenshot(path=str(ARTIFACTS / "canvas-fa.png"))
        assert watch.console_errors == [] and watch.offsite == []
