"""Real-browser checks in Debian's Chromium: diagrams render as SVG on direct load, after
Material's instant navigation and after a palette switch; hostile labels read as written;
no console errors and no request leaves the local server."""

from __future__ import annotations

import pytest

from browser import Watch, chromium, wait_for_journey
from conftest import REPO
from hostile import HOSTILE_STEPS

pytestmark = pytest.mark.browser
ARTIFACTS = REPO / "test-artifacts"


@pytest.fixture(scope="module")
def served(palette_served) -> str:
    """The basic site with the hostile labels journey and a palette toggle (shared: conftest.py)."""
    return palette_served[1]


@pytest.fixture
def browser_page(served: str):
    with chromium() as context:
        page = context.new_page()
        watch = Watch(served)
        watch.attach(page)
        yield page, watch
        ARTIFACTS.mkdir(exist_ok=True)


def _clean(watch: Watch) -> None:
    assert watch.console_errors == []
    assert watch.offsite == []


def test_diagram_renders_on_direct_load(served: str, browser_page) -> None:
    page, watch = browser_page
    page.goto(served + "journeys/coffee-order/")
    svgs = wait_for_journey(page)
    assert len(svgs) == 1
    text = "\n".join(svgs[0]["text"])
    for label in ("Discover: first look", "Sees an ad; clicks #1 result", "下单 and پرداخت", "Ana", "Barista"):
        assert label in svgs[0]["text"], label
    assert "Ana, the regular" not in text  # the persona is named once in the legend, by its short name
    page.screenshot(path=str(ARTIFACTS / "journey-direct.png"), full_page=False)
    _clean(watch)


def test_diagram_renders_after_instant_navigation(served: str, browser_page) -> None:
    page, watch = browser_page
    page.goto(served + "journeys/")
    page.evaluate("window.__sameDocument = 42")
    page.locator('article a[href$="coffee-order/"]').first.click()
    page.wait_for_url("**/journeys/coffee-order/")
    assert page.evaluate("window.__sameDocument") == 42, "the click was a full page load, not instant navigation"
    assert len(wait_for_journey(page)) == 1
    page.screenshot(path=str(ARTIFACTS / "journey-instant.png"))
    _clean(watch)


def test_mermaid_is_downloaded_only_by_pages_with_a_diagram(served: str, browser_page) -> None:
    """The index has no diagram: no Mermaid library. Instant navigation to a journey fetches it
    once, from this site, and draws the diagram; back on the index nothing is fetched again."""
    page, watch = browser_page

    def fetched() -> list[str]:
        return [u for u in watch.requested if u.endswith("mermaid.min.js")]

    page.goto(served + "journeys/")
    page.wait_for_load_state("networkidle")
    assert page.locator("article").count() == 1
    assert fetched() == [], "a page without a diagram downloaded Mermaid"
    page.evaluate("window.__sameDocument = 42")
    page.locator('article a[href$="coffee-order/"]').first.click()
    page.wait_for_url("**/journeys/coffee-order/")
    assert len(wait_for_journey(page)) == 1
    assert page.evaluate("window.__sameDocument") == 42, "the click was a full page load, not instant navigation"
    assert fetched() == [served + "assets/javascripts/mermaid.min.js"]
    page.go_back()
    page.wait_for_url("**/journeys/")
    page.goto(served + "journeys/coffee-order/")
    assert len(wait_for_journey(page)) == 1  # a direct load of a journey page loads it too
    assert len(fetched()) <= 2
    _clean(watch)


def test_diagram_survives_palette_switch(served: str, browser_page) -> None:
    page, watch = browser_page
    page.goto(served + "journeys/coffee-order/")
    assert wait_for_journey(page)
    page.locator('[data-md-component="palette"] label:not([hidden])').first.click()
    page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'slate'")
    page.wait_for_timeout(500)
    assert len(wait_for_journey(page)) == 1
    page.locator(".jm-diagram").first.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "journey-dark.png"))
    # and back to light, then instant navigation to another journey
    page.locator('[data-md-component="palette"] label:not([hidden])').first.click()
    page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'default'")
    page.evaluate("window.__sameDocument = 7")
    page.locator('nav a[href$="coffee-order-future/"]').first.click()
    page.wait_for_url("**/coffee-order-future/")
    assert page.evaluate("window.__sameDocument") == 7
    assert len(wait_for_journey(page)) == 1
    _clean(watch)


def test_hostile_labels_show_as_written_and_inject_nothing(served: str, browser_page) -> None:
    page, watch = browser_page
    page.goto(served + "journeys/hostile/")
    svgs = wait_for_journey(page)
    assert len(svgs) == 1
    svg = svgs[0]
    text = "\n".join(svg["text"])
    for label in [*HOSTILE_STEPS, "Stage: one; #1 <i>x</i>", "%%{init: {}}%% 二", "Plain actor"]:
        assert label in text, f"{label!r} not shown in the diagram"
    assert "Hostile <b>labels</b>: test; #1" in text  # the title, as written
    assert not {"script", "img", "b", "i"} & svg["tags"], svg["tags"]
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert page.locator("article script, article img[src='x']").count() == 0
    # the page text (headings, facts) reads as written too
    body = page.locator("article").inner_text()
    for label in HOSTILE_STEPS:
        assert label in body
    page.screenshot(path=str(ARTIFACTS / "journey-hostile.png"), full_page=True)
    _clean(watch)


def test_persona_grid_and_touchpoint_links(served: str, browser_page) -> None:
    page, watch = browser_page
    page.goto(served + "personas/")
    cards = page.locator(".grid.cards li")
    assert cards.count() == 2
    assert page.locator(".grid.cards img.jm-avatar").count() == 1
    assert page.locator(".grid.cards .jm-initials").count() == 1
    page.goto(served + "journeys/coffee-order/")
    page.locator('a[href$="touchpoints/#counter"]').first.click()
    page.wait_for_url("**/touchpoints/#counter")
    page.locator("#counter").wait_for(state="visible", timeout=10000)
    page.locator('a[href$="coffee-order/#pays"]').first.click()
    page.wait_for_url("**/journeys/coffee-order/#pays")
    page.locator("#pays").wait_for(state="visible", timeout=10000)
    _clean(watch)


HOSTILE_PAGES = ("journeys/evil/", "journeys/", "personas/evil/", "personas/", "touchpoints/")


def _watched(context, origin: str) -> tuple[object, Watch, list[str]]:
    """A page of ``context`` whose console, requests and dialogs (dismissed, recorded) are watched."""
    page = context.new_page()
    watch = Watch(origin)
    watch.attach(page)
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    return page, watch, dialogs


def test_hostile_maps_run_no_script_in_the_browser(hostile_served) -> None:
    hostile_served = hostile_served[1]
    import hostile

    with chromium() as context:
        page, watch, dialogs = _watched(context, hostile_served)
        for path in HOSTILE_PAGES:
            page.goto(hostile_served + path)
            if path == "journeys/evil/":
                assert len(wait_for_journey(page)) == 1
                config = page.evaluate("mermaid.mermaidAPI.getConfig().securityLevel")
                assert config == "strict"
            page.wait_for_timeout(300)
            assert page.evaluate("typeof window.__xss") == "undefined", path
            body = page.locator("article").inner_text()
            shown = [n for n in range(1, hostile.COUNT + 1) if f"F{n:02d} " in body]
            assert shown, path
            for n in shown:
                assert hostile.text(n) in " ".join(body.split()), f"{path}: F{n:02d} does not read as written"
            assert page.locator("article script, article iframe, article img[src='x'], article [onclick]").count() == 0
        # the title in the tab and a search for the payload stay text too
        page.goto(hostile_served + "journeys/evil/")
        assert "<script>" in page.title()
        page.locator(".md-search__input").first.click()
        page.keyboard.type("F01")
        results = page.locator(".md-search-result__item")
        results.first.wait_for(state="attached", timeout=15000)
        assert results.count() >= 1, "search found nothing: the check below would prove nothing"
        assert "<script>" in page.locator(".md-search-result").inner_text()
        assert page.locator(".md-search-result script, .md-search-result img[src='x']").count() == 0
        assert page.evaluate("typeof window.__xss") == "undefined"
        page.screenshot(path=str(ARTIFACTS / "hostile-search.png"))
        assert dialogs == []
        assert watch.offsite == []
        assert watch.console_errors == []


_CLICKABLE = "article a, article .jm-removed-link"
"""Every link, and every link whose address was refused (plain text now: a click must do nothing)."""


def _xss(page) -> str:
    """``typeof window.__xss`` once the page is settled (a click may have started a navigation)."""
    from playwright.sync_api import Error

    for _ in range(50):
        try:
            page.wait_for_load_state()
            return page.evaluate("typeof window.__xss")
        except Error:
            page.wait_for_timeout(100)
    raise AssertionError("the page never settled")


def test_every_link_on_the_hostile_pages_runs_nothing_when_clicked(hostile_served) -> None:
    """Click each link in each hostile page's article (``a.click()``: hidden ones too): no script runs."""
    import hostile

    base = hostile_served[1]
    with chromium() as context:
        page, watch, dialogs = _watched(context, base)
        clicked: dict[str, list[str]] = {}
        for path in HOSTILE_PAGES:
            page.goto(base + path)
            texts = page.locator(_CLICKABLE).all_inner_texts()
            assert texts, path
            refused = page.locator("article .jm-removed-link").all_inner_texts()
            if path.endswith("evil/") or path == "touchpoints/":  # the pages that show a Markdown field
                assert set(hostile.UNSAFE_LINKS) <= {t.strip() for t in refused}, path
            for i in range(len(texts)):
                if page.url.split("#")[0] != base + path:
                    page.goto(base + path)
                link = page.locator(_CLICKABLE).nth(i)
                clicked.setdefault(path, []).append(link.get_attribute("href") or "(none)")
                link.evaluate("a => a.click()")
                page.wait_for_timeout(100)  # a javascript: address runs in a task of its own
                assert _xss(page) == "undefined", f"{path}: link {i} ({texts[i]!r}) ran"
        assert dialogs == []
        assert watch.console_errors == []
        # The only requests that left the site are the author's own https links, aborted here.
        assert {url.split("/")[2] for url in watch.offsite} <= {"example.org"}
    assert sorted(clicked) == sorted(HOSTILE_PAGES)


def test_persian_page_is_rtl_with_its_diagram_and_the_switch_keeps_the_page(i18n_served: str) -> None:
    with chromium() as context:
        page = context.new_page()
        watch = Watch(i18n_served)
        watch.attach(page)
        page.goto(i18n_served + "fa/journeys/coffee-order/")
        assert page.evaluate("document.body.getAttribute('dir')") == "rtl"
        svgs = wait_for_journey(page)
        assert len(svgs) == 1
        assert "کشف" in svgs[0]["text"] and "سفارش قهوه" in " ".join(svgs[0]["text"])
        # the diagram keeps its left-to-right timeline inside the right-to-left page
        assert page.evaluate("getComputedStyle(document.querySelector('.jm-diagram')).direction") == "ltr"
        page.screenshot(path=str(ARTIFACTS / "journey-fa.png"), full_page=True)
        page.locator(".md-select__link[hreflang='tr']").first.dispatch_event("click")
        page.wait_for_url(i18n_served + "tr/journeys/coffee-order/")
        assert page.evaluate("document.body.getAttribute('dir')") == "ltr"
        assert "Kahve siparişi" in page.locator("article h1").inner_text()
        assert len(wait_for_journey(page)) == 1
        page.locator(".md-select__link[hreflang='en']").first.dispatch_event("click")
        page.wait_for_url(i18n_served + "journeys/coffee-order/")
        assert page.evaluate("document.body.getAttribute('dir')") == "ltr"
        assert "Ordering coffee" in page.locator("article h1").inner_text()
        assert watch.console_errors == []
        assert watch.offsite == []


def test_search_finds_translated_pages_per_language(i18n_served: str) -> None:
    with chromium() as context:
        page = context.new_page()
        watch = Watch(i18n_served)
        watch.attach(page)
        # Turkish is supported by the search engine (lunr): Turkish words find the Turkish page.
        # Persian is not: its index has Material's settings for Persian (no lunr trimmer, which
        # would drop Persian letters), so Persian words are found, and words in Latin script too.
        for path, query, expected in (
            ("tr/", "Kahve", "Kahve siparişi"),
            ("fa/", "coffee", "Ordering coffee"),
            ("fa/", "سفارش", "سفارش قهوه"),
        ):
            assert expected in " ".join(_search(page, i18n_served + path, query).values()), path
        assert watch.console_errors == []
        assert watch.offsite == []


def test_search_finds_only_the_pages_of_the_language_read(i18n_served: str) -> None:
    with chromium() as context:
        page = context.new_page()
        watch = Watch(i18n_served)
        watch.attach(page)
        requests = []
        page.on("request", lambda request: "search_index" in request.url and requests.append(request.url))
        # "coffee" is in the English pages, and in the untranslated text of the Persian and Turkish ones
        for path in ("", "fa/", "tr/"):
            results = _search(page, i18n_served + path, "coffee")
            assert results, path
            assert {href.removeprefix(i18n_served).startswith(path) for href in results} == {True}, results
            if not path:
                assert not any(href.removeprefix(i18n_served).startswith(("fa/", "tr/")) for href in results)
        assert requests == [i18n_served + f"{path}search/search_index.json" for path in ("", "fa/", "tr/")]
        assert watch.console_errors == []
        assert watch.offsite == []


def _search(page, url: str, query: str) -> dict[str, str]:
    """Type a query in Material's search box on a page: each result's link, with its text."""
    page.goto(url)
    page.wait_for_timeout(1000)  # the search index loads in a worker
    box = page.locator(".md-search__input").first
    box.click()
    box.fill(query)  # typed as text: key presses cannot type Persian letters
    page.keyboard.press("End")  # a key up, which Material's search box listens for
    page.locator(".md-search-result__item").first.wait_for(state="attached", timeout=15000)
    links = page.locator(".md-search-result__item > a")
    results = {links.nth(i).get_attribute("href"): links.nth(i).inner_text() for i in range(links.count())}
    page.keyboard.press("Escape")
    return results
