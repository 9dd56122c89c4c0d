"""The insight pages' tables as a reader sees them in Debian's Chromium (issue 15 item 7): on a laptop
every column in view and no word broken in two, on a phone a card per backlog row and a heatmap whose
channel column stays while it scrolls in its own box, and on paper all columns without the controls.

The site is the insight fixture (test_insights.py) with a held-out wide journey added
(tests/fixtures/insights/procurement.yml): seven stages with long names, every backlog column filled,
long words in narrow columns."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest

from browser import PALETTE_TOGGLE, Watch, built_and_served, chromium
from conftest import FIXTURES, I18N_LANGUAGES, REPO

pytestmark = pytest.mark.browser
ARTIFACTS = REPO / "test-artifacts" / "insights"
LAPTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
WIDE = FIXTURES / "insights"
PAIN_HEADERS = ["Severity", "Pain point", "Journey", "Stage", "Step", "Score", "Channel", "Touchpoint", "Personas"]
PAGES = ["pain-points", "opportunities", "heatmap", "moments-of-truth", "reviews", ""]


@pytest.fixture(scope="module")
def origin(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from test_insights import insight_site

    site = insight_site(tmp_path_factory.mktemp("wide-insights"))
    site.write("maps/journeys/procurement.yml", (WIDE / "procurement.yml").read_text(encoding="utf-8"))
    site.write("maps/touchpoints.yml", (WIDE / "touchpoints.yml").read_text(encoding="utf-8"))
    data = site.config()
    data["theme"]["palette"] = PALETTE_TOGGLE
    site.set_config(data)
    with built_and_served(site) as served:
        yield served


def _shot(page, name: str, *, full_page: bool = True) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=full_page)


# Header cells of a table that a reader cannot see without scrolling: outside the window, or outside
# the table's own scrolling box.
OFF_SCREEN = """table => {
  const vw = document.documentElement.clientWidth;
  const wrap = table.closest('.jm-table-wrap, .md-typeset__scrollwrap') || table.parentElement;
  const box = wrap.getBoundingClientRect();
  const left = Math.max(0, box.left), right = Math.min(vw, box.right);
  return [...table.tHead.rows[0].cells]
    .filter(th => { const r = th.getBoundingClientRect(); return r.left < left - 1 || r.right > right + 1; })
    .map(th => th.textContent.trim());
}"""

# Words inside an element that the browser laid out on more than one line: a word is a run of letters
# and digits between spaces, hyphens and slashes (where a line may end); in Chinese and Japanese, where
# a line may end between any two characters, each character is a word.
BROKEN_WORDS = """root => {
  const broken = [];
  const words = /[\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}]|[^\\s\\-\\u2010-\\u2014\\/·,\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}]+/gu;
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.parentElement.closest('th, td')) continue;
    for (const m of node.data.matchAll(words)) {
      const range = document.createRange();
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top / 4)));
      if (tops.size > 1) broken.push(m[0]);
    }
  }
  return broken;
}"""

# Cells whose content sticks out of them.
OVERFLOWING = """table => [...table.querySelectorAll('td')]
  .filter(td => td.scrollWidth > td.clientWidth + 1).map(td => td.textContent.trim())"""


@pytest.mark.parametrize("name", PAGES)
def test_every_column_in_view_on_a_laptop_and_no_word_broken(origin: str, name: str) -> None:
    with chromium(LAPTOP) as context:
        page = context.new_page()
        watch = Watch(origin)
        watch.attach(page)
        page.goto(origin + f"insights/{name}/".replace("//", "/"))
        tables = page.locator("article table")
        assert tables.count() >= 1
        for i in range(tables.count()):
            table = tables.nth(i)
            assert table.evaluate(OFF_SCREEN) == [], f"{name}: table {i} has columns off screen"
            assert table.evaluate(BROKEN_WORDS) == [], f"{name}: table {i} breaks words"
            assert table.evaluate(OVERFLOWING) == [], f"{name}: table {i} has cells sticking out"
        assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
        assert page.locator(".md-sidebar--primary").is_visible()  # the site navigation stays
        _shot(page, f"laptop-{name or 'index'}", full_page=False)
        assert watch.console_errors == []


def test_pain_backlog_on_a_laptop_shows_all_nine_columns(origin: str) -> None:
    with chromium(LAPTOP) as context:
        page = context.new_page()
        page.goto(origin + "insights/pain-points/")
        table = page.locator('table[data-jm-table="pain-points"]')
        headers = [h.strip() for h in table.locator("thead th").all_text_contents()]
        assert [h.rstrip(" ↕") for h in headers] == PAIN_HEADERS
        assert table.evaluate(OFF_SCREEN) == []
        wrap = table.locator("xpath=ancestor::div[contains(@class, 'jm-table-wrap')]")
        assert wrap.evaluate("w => w.scrollWidth <= w.clientWidth"), "the backlog scrolls in its box"
        # The long words of the held-out journey each sit on one line.
        for word in ("appointment", "Reauthentication", "procurement"):
            cell = table.locator("td", has_text=word).first
            assert cell.evaluate(BROKEN_WORDS) == [], word
        assert not page.locator(".md-sidebar--secondary").is_visible()  # no table of contents beside it


def test_widest_heatmap_shows_every_stage_on_a_laptop(origin: str) -> None:
    with chromium(LAPTOP) as context:
        page = context.new_page()
        page.goto(origin + "insights/heatmap/")
        heatmap = page.locator("#procurement ~ .jm-table-wrap table.jm-heatmap").first
        stages = heatmap.locator("thead th").all_text_contents()[1:]
        assert len(stages) == 7 and stages[-1] == "Performance monitoring & quarterly review"
        heatmap.scroll_into_view_if_needed()
        assert heatmap.evaluate(OFF_SCREEN) == []
        assert heatmap.evaluate(BROKEN_WORDS) == []
        wrap = heatmap.locator("xpath=..")
        assert wrap.evaluate("w => w.scrollWidth <= w.clientWidth")
        wrap.screenshot(path=str(ARTIFACTS / "laptop-heatmap-procurement.png"))


# Per shown backlog row: each filled cell, its label (the ::before text), whether that label reads
# as its column header, and where the cell and its value sit.
CARDS = """table => {
  const vw = document.documentElement.clientWidth;
  const headers = [...table.tHead.rows[0].cells].map(th => th.textContent.replace('↕', '').trim());
  return [...table.tBodies[0].rows].filter(row => !row.hidden).map(row => [...row.cells]
    .filter(td => td.textContent.trim())
    .map(td => {
      const label = getComputedStyle(td, '::before').content;
      const range = document.createRange();
      range.selectNodeContents(td);
      const value = range.getBoundingClientRect();
      const cell = td.getBoundingClientRect();
      return {
        header: headers[td.cellIndex], label, value: td.textContent.trim(),
        inside: cell.left >= 0 && cell.right <= vw && value.left >= 0 && value.right <= vw + 1,
        // the label takes the start of the cell's first line, the value starts after it on that line
        beside: (getComputedStyle(td).direction === 'rtl' ? value.right < cell.right - 8 : value.left > cell.left + 8)
          && value.top < cell.top + 14,
      };
    }));
}"""


def _check_cards(page, selector: str) -> int:
    rows = page.locator(selector).evaluate(CARDS)
    assert rows
    for cells in rows:
        for cell in cells:
            assert cell["label"] == f'"{cell["header"]}"', cell
            assert cell["inside"], cell
            assert cell["beside"], cell
    return len(rows)


@pytest.mark.parametrize("name", ["pain-points", "opportunities", "moments-of-truth", "reviews"])
def test_a_backlog_on_a_phone_is_a_card_per_row(origin: str, name: str) -> None:
    with chromium(PHONE) as context:
        page = context.new_page()
        page.goto(origin + f"insights/{name}/")
        assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
        count = _check_cards(page, "table.jm-backlog")
        if name == "pain-points":
            assert count == 10
            # The filters still work on the cards, and sorting stays in reach.
            page.select_option('select[data-jm-filter="severity"]', "critical")
            assert _check_cards(page, "table.jm-backlog") == 2
            assert page.locator("th button.jm-sort", has_text="Score").is_visible()
            page.select_option('select[data-jm-filter="severity"]', "")
        _shot(page, f"phone-{name}", full_page=False)
        page.locator("table.jm-backlog tbody tr").nth(1).scroll_into_view_if_needed()
        _shot(page, f"phone-{name}-rows", full_page=False)


def test_heatmap_on_a_phone_scrolls_in_its_box_with_the_channel_column_pinned(origin: str) -> None:
    with chromium(PHONE) as context:
        page = context.new_page()
        page.goto(origin + "insights/heatmap/")
        assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
        heatmap = page.locator("#procurement ~ .jm-table-wrap table.jm-heatmap").first
        wrap = heatmap.locator("xpath=..")
        heatmap.scroll_into_view_if_needed()
        channel = heatmap.locator("tbody th").first
        before = channel.bounding_box()
        wrap.evaluate("w => { w.scrollLeft = w.scrollWidth; }")
        page.wait_for_timeout(100)
        after = channel.bounding_box()
        assert abs(after["x"] - before["x"]) <= 2, "the channel column scrolled away"
        last = heatmap.locator("thead th").last.bounding_box()
        assert last["x"] + last["width"] <= PHONE["width"] + 1  # the last stage can be reached
        _shot(page, "phone-heatmap", full_page=False)


def test_print_hides_the_controls_and_keeps_every_column(origin: str) -> None:
    from pypdf import PdfReader

    with chromium(LAPTOP) as context:
        page = context.new_page()
        page.goto(origin + "insights/pain-points/")
        page.emulate_media(media="print")
        for control in ('input[data-jm-filter="text"]', "select[data-jm-filter]", "[data-jm-count]"):
            assert page.locator(control).first.is_hidden(), control
        assert page.locator("th button.jm-sort").first.is_hidden()  # its name printed without the arrow
        pdf = page.pdf(prefer_css_page_size=True, print_background=True)
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        (ARTIFACTS / "pain-points.pdf").write_bytes(pdf)
    sheets = PdfReader(io.BytesIO(pdf)).pages
    first = sheets[0]
    width = float(first.mediabox.width)
    assert width > float(first.mediabox.height), "the backlog is not printed on landscape sheets"
    placed: dict[str, float] = {}

    def visit(text, cm, tm, font, size) -> None:
        for header in PAIN_HEADERS:
            if text.strip() == header and header not in placed:
                placed[header] = cm[0] * tm[4] + cm[2] * tm[5] + cm[4]

    first.extract_text(visitor_text=visit)
    assert set(placed) == set(PAIN_HEADERS), sorted(set(PAIN_HEADERS) - set(placed))
    assert all(0 <= x < width - 20 for x in placed.values()), placed
    everything = " ".join(p.extract_text() for p in sheets)
    for gone in ("All", "↕", "CSV"):  # the dropdowns' first choice, the sort arrows, the download links
        assert gone not in everything.split(), gone
    assert "Reauthentication" in everything and "Personas" in everything


def test_persian_backlog_cards_read_right_to_left(tmp_path_factory: pytest.TempPathFactory) -> None:
    from conftest import make_i18n_site

    site = make_i18n_site(tmp_path_factory.mktemp("fa-tables"))
    assert I18N_LANGUAGES[1]["locale"] == "fa"
    with built_and_served(site) as served, chromium(PHONE) as context:
        page = context.new_page()
        page.goto(served + "fa/insights/pain-points/")
        assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
        assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
        _check_cards(page, "table.jm-backlog")
        _shot(page, "phone-pain-points-fa", full_page=False)


def test_cards_in_the_dark_palette(origin: str) -> None:
    with chromium(PHONE) as context:
        page = context.new_page()
        page.goto(origin + "insights/pain-points/")
        page.locator('[data-md-component="palette"] label:not([hidden])').first.click()
        page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'slate'")
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        card = page.locator("table.jm-backlog tbody tr").first
        assert card.evaluate("r => getComputedStyle(r).backgroundColor") in (background, "rgba(0, 0, 0, 0)")
        label = card.locator("td").first.evaluate("td => getComputedStyle(td, '::before').color")
        assert label != background
        page.locator("table.jm-backlog").scroll_into_view_if_needed()
        _shot(page, "phone-pain-points-dark", full_page=False)
