"""The insight backlogs in Debian's Chromium: filters and sorting work, also after instant navigation."""

from __future__ import annotations

import pytest

from browser import Watch, chromium
from conftest import REPO

pytestmark = pytest.mark.browser
ARTIFACTS = REPO / "test-artifacts" / "insights"


@pytest.fixture(scope="module")
def served(insight_served) -> str:
    """The insight site, built once for this module and test_insights.py (conftest.py)."""
    return insight_served[1]


def visible(page, table: str, column: int = 1) -> list[str]:
    """The text of one column of each shown row."""
    return page.eval_on_selector_all(
        f'table[data-jm-table="{table}"] tbody tr:not([hidden])',
        f"rows => rows.map(r => r.cells[{column}].textContent.trim())",
    )


def test_pain_backlog_filters_and_sorts_after_instant_navigation(served: str) -> None:
    with chromium() as context:
        page = context.new_page()
        watch = Watch(served)
        watch.attach(page)
        page.goto(served + "insights/")
        page.evaluate("window.__stay = 1")
        page.locator("article a", has_text="Pain-point backlog").first.click()
        page.wait_for_url(served + "insights/pain-points/")
        # Instant navigation changes the address before it swaps the content in: wait for the table.
        page.locator('table[data-jm-table="pain-points"] tbody tr').first.wait_for()
        assert page.evaluate("window.__stay") == 1  # instant navigation: the script set up on document$
        all_rows = ["Card refused", "Queue at the branch", "Slow page", "Ads everywhere"]
        assert visible(page, "pain-points") == all_rows
        count = page.locator("[data-jm-count]")
        assert count.text_content() == "4 / 4"

        page.select_option('select[data-jm-filter="severity"]', "critical")
        assert visible(page, "pain-points") == ["Card refused"]
        assert count.text_content() == "1 / 4"
        page.select_option('select[data-jm-filter="severity"]', "")
        page.select_option('select[data-jm-filter="journey"]', "bank")
        assert visible(page, "pain-points") == ["Queue at the branch"]
        page.select_option('select[data-jm-filter="journey"]', "")
        page.select_option('select[data-jm-filter="channel"]', "web")
        assert visible(page, "pain-points") == ["Card refused", "Slow page"]
        page.select_option('select[data-jm-filter="channel"]', "")
        page.fill('input[data-jm-filter="text"]', "PAGE")
        assert visible(page, "pain-points") == ["Slow page"]
        page.fill('input[data-jm-filter="text"]', "")
        assert visible(page, "pain-points") == all_rows

        # Sorting: by score (ascending, then descending), stable for ties; aria-sort follows.
        score = page.locator("th", has_text="Score").locator("button")
        score.click()
        assert visible(page, "pain-points") == ["Card refused", "Queue at the branch", "Slow page", "Ads everywhere"]
        assert page.locator("th", has_text="Score").get_attribute("aria-sort") == "ascending"
        score.click()
        assert visible(page, "pain-points") == ["Ads everywhere", "Card refused", "Queue at the branch", "Slow page"]
        page.locator("th", has_text="Pain point").locator("button").click()
        assert visible(page, "pain-points") == ["Ads everywhere", "Card refused", "Queue at the branch", "Slow page"]
        assert page.locator("th", has_text="Score").get_attribute("aria-sort") == "none"
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "pain-points.png"), full_page=True)

        page.goto(served + "insights/opportunities/")
        page.select_option('select[data-jm-filter="impact"]', "none")
        assert visible(page, "opportunities", 0) == ["Sign online"]
        page.select_option('select[data-jm-filter="impact"]', "high")
        page.select_option('select[data-jm-filter="effort"]', "low")
        assert visible(page, "opportunities", 0) == ["Wallet pay"]
        page.screenshot(path=str(ARTIFACTS / "opportunities.png"), full_page=True)
        page.goto(served + "insights/heatmap/")
        page.locator('table.jm-heatmap a[href$="#cell-shop--web--buy"]').click()
        assert page.evaluate("location.hash") == "#cell-shop--web--buy"
        page.screenshot(path=str(ARTIFACTS / "heatmap.png"), full_page=True)
        assert watch.console_errors == []
        assert watch.offsite == []
