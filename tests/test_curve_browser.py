"""The emotion curve in Debian's Chromium: it renders with no script, in the light and the dark
palette, and on a Persian right-to-left page with none of its labels cut off."""

from __future__ import annotations

import pytest

from browser import Watch, chromium
from conftest import REPO

pytestmark = pytest.mark.browser
ARTIFACTS = REPO / "test-artifacts" / "curve"

GEOMETRY = """() => {
  const svg = document.querySelector('.jm-curve svg');
  const box = r => ({x: r.x, y: r.y, width: r.width, height: r.height});
  const outer = svg.getBoundingClientRect();
  return {
    svg: box(outer),
    points: [...svg.querySelectorAll('.jm-curve__series .jm-curve__pt')].map(p => ({
      box: box(p.getBoundingClientRect()), fill: getComputedStyle(p).fill,
      visible: getComputedStyle(p).visibility === 'visible' && getComputedStyle(p).display !== 'none',
    })),
    texts: [...svg.querySelectorAll('text')].map(t => ({text: t.textContent, box: box(t.getBoundingClientRect())})),
    lines: [...svg.querySelectorAll('.jm-curve__series .jm-curve__line')].map(l => getComputedStyle(l).stroke),
    background: getComputedStyle(document.body).backgroundColor,
    direction: getComputedStyle(svg.parentElement).direction,
  };
}"""


def _inside(inner: dict, outer: dict, slack: float = 0.5) -> bool:
    return (
        inner["x"] >= outer["x"] - slack
        and inner["y"] >= outer["y"] - slack
        and inner["x"] + inner["width"] <= outer["x"] + outer["width"] + slack
        and inner["y"] + inner["height"] <= outer["y"] + outer["height"] + slack
    )


def _check_drawn(geometry: dict, points: int) -> None:
    assert geometry["svg"]["width"] > 0 and geometry["svg"]["height"] > 0
    assert len(geometry["points"]) == points
    for point in geometry["points"]:
        assert point["visible"] and point["box"]["width"] > 0 and point["box"]["height"] > 0
        assert point["fill"] not in ("none", "rgba(0, 0, 0, 0)")
        assert _inside(point["box"], geometry["svg"])
    for text in geometry["texts"]:
        assert _inside(text["box"], geometry["svg"]), f"{text['text']!r} is cut off"
    assert geometry["lines"], "no curve drawn"
    for stroke in geometry["lines"]:
        assert stroke not in ("none", geometry["background"]), (stroke, geometry["background"])


@pytest.fixture(scope="module")
def served(palette_served) -> str:
    """The basic site with a palette toggle (shared with test_browser.py: conftest.py)."""
    return palette_served[1]


def test_curve_renders_in_the_light_and_the_dark_palette(served: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with chromium() as context:
        page = context.new_page()
        watch = Watch(served)
        watch.attach(page)
        page.goto(served + "journeys/coffee-order/")
        page.locator(".jm-curve svg").scroll_into_view_if_needed()
        light = page.evaluate(GEOMETRY)
        _check_drawn(light, 3 + 1)  # the current state's three steps, the future state's one
        assert light["direction"] == "ltr"
        page.locator(".jm-curve").screenshot(path=str(ARTIFACTS / "light.png"))
        page.locator('[data-md-component="palette"] label:not([hidden])').first.click()
        page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'slate'")
        page.wait_for_timeout(300)
        dark = page.evaluate(GEOMETRY)
        _check_drawn(dark, 4)
        assert dark["background"] != light["background"]  # the palette did switch
        page.locator(".jm-curve").screenshot(path=str(ARTIFACTS / "dark.png"))
        assert watch.console_errors == []
        assert watch.offsite == []


def test_curve_on_a_phone_scrolls_rather_than_shrinks(served: str) -> None:
    with chromium(viewport={"width": 360, "height": 740}) as context:
        page = context.new_page()
        watch = Watch(served)
        watch.attach(page)
        page.goto(served + "journeys/coffee-order/")
        geometry = page.evaluate(GEOMETRY)
        _check_drawn(geometry, 4)
        assert geometry["svg"]["width"] >= 320
        page.locator(".jm-curve").screenshot(path=str(ARTIFACTS / "phone.png"))
        assert watch.console_errors == [] and watch.offsite == []


def test_curve_on_a_persian_rtl_page_keeps_time_left_to_right(i18n_served: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with chromium() as context:
        page = context.new_page()
        watch = Watch(i18n_served)
        watch.attach(page)
        page.goto(i18n_served + "fa/journeys/coffee-order/")
        assert page.evaluate("document.body.getAttribute('dir')") == "rtl"
        page.locator(".jm-curve svg").scroll_into_view_if_needed()
        geometry = page.evaluate(GEOMETRY)
        _check_drawn(geometry, 4)
        assert geometry["direction"] == "ltr"
        texts = [t["text"] for t in geometry["texts"]]
        assert "کشف" in texts  # the translated stage name
        # time runs left to right: the first step's point is left of the last one's
        xs = [p["box"]["x"] for p in geometry["points"][:3]]
        assert xs == sorted(xs)
        page.locator(".jm-curve").screenshot(path=str(ARTIFACTS / "persian.png"))
        assert watch.console_errors == []
        assert watch.offsite == []
