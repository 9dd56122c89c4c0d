"""Generated Markdown: golden files, determinism, links between pages."""

from __future__ import annotations

import re

from journey_maps.render.pages import Paths, Renderer


def test_pages_match_golden_files(golden, basic_maps) -> None:
    pages = Renderer(basic_maps).render_all()
    assert [p.src_uri for p in pages] == [
        "journeys/index.md",
        "personas/index.md",
        "touchpoints/index.md",
        "journeys/coffee-order/vs-coffee-order-future.md",
        "journeys/coffee-order.md",
        "journeys/coffee-order-future.md",
        "personas/ana.md",
        "personas/li-wei.md",
    ]
    for page in pages:
        golden(f"pages/{page.src_uri}", page.markdown)


def test_insight_pages_match_golden_files(golden, basic_maps) -> None:
    pages = [p for p in Renderer(basic_maps, insights=True).render_all() if p.src_uri.startswith("insights/")]
    assert [p.src_uri for p in pages] == [
        "insights/index.md",
        "insights/pain-points.md",
        "insights/opportunities.md",
        "insights/heatmap.md",
        "insights/moments-of-truth.md",
        "insights/reviews.md",
    ]
    for page in pages:
        golden(f"pages/{page.src_uri}", page.markdown)


def test_rendering_is_deterministic(basic_maps) -> None:
    first = [(p.src_uri, p.markdown) for p in Renderer(basic_maps).render_all()]
    second = [(p.src_uri, p.markdown) for p in Renderer(basic_maps).render_all()]
    assert first == second


def test_sources_point_at_the_yaml(basic_maps) -> None:
    sources = {p.src_uri: p.source for p in Renderer(basic_maps).render_all()}
    assert sources["journeys/coffee-order.md"] == "maps/journeys/coffee-order.yml"
    assert sources["personas/ana.md"] == "maps/personas/ana.yml"
    assert sources["journeys/index.md"] is None


def test_custom_paths_change_every_link(basic_maps) -> None:
    pages = {p.src_uri: p.markdown for p in Renderer(basic_maps, Paths("maps/j", "people", "tp")).render_all()}
    journey = pages["maps/j/coffee-order.md"]
    assert "(../../people/ana.md)" in journey
    assert 'href="../../../tp/#counter"' in journey  # raw HTML: the URL itself (MkDocs rewrites no link there)
    assert 'href="../maps/j/coffee-order/#pays"' in pages["tp/index.md"]


def test_every_step_links_to_its_touchpoint_and_back(basic_maps) -> None:
    pages = {p.src_uri: p.markdown for p in Renderer(basic_maps).render_all()}
    journey = pages["journeys/coffee-order.md"]
    index = pages["touchpoints/index.md"]
    for step_id, touchpoint in (("sees-ad", "app-store-page"), ("pays", "counter")):
        assert f"{{ #{step_id} }}" in journey
        assert f'href="../../touchpoints/#{touchpoint}"' in journey
        assert f"{{ #{touchpoint} }}" in index
        assert f'href="../journeys/coffee-order/#{step_id}"' in index


def test_author_text_cannot_become_markup(basic_maps) -> None:
    page = next(p for p in Renderer(basic_maps).render_all() if p.src_uri == "journeys/coffee-order.md").markdown
    assert "<b>now</b>" not in page.split('<pre class="mermaid">')[0]
    assert "&#60;b&#62;now&#60;/b&#62; { #pays }" in page  # the heading, as character references
    assert "Is it &#60;really&#62; open?" in page
    assert re.search(r"<pre class=\"mermaid\"><code>---\nconfig:", page)


def test_persona_initials() -> None:
    from journey_maps.model import Persona

    cases = {
        "Maria, the busy parent": "M",
        "Maria Lopez, pharmacist": "ML",
        "Ana María de la Cruz": "AC",
        "李伟 Li Wei": "李伟",
        "محمد علی": "مع",
        "田中 花子": "田中",
        "😀": "?",
    }
    assert {name: Persona(id="p", name=name).initials for name in cases} == cases


def test_metric_and_demographic_keys_read_as_words() -> None:
    """Issue 15: metrics showed as ota_share_of_business_bookings, a persona fact as NIGHTS_PER_YEAR."""
    from journey_maps import i18n
    from journey_maps.render.pages import key_label

    labels = {"ota_share": "OTA share", "nights_per_year": {"en": "Nights a year", "fa": "شب در سال"}}
    en, fa = i18n.translations("en"), i18n.translations("fa")
    assert key_label("ota_share", labels, "en", en) == "OTA share"
    assert key_label("nights_per_year", labels, "fa", fa) == "شب در سال"
    assert key_label("nights_per_year", labels, "fa-IR", fa) == "شب در سال"
    assert key_label("nights_per_year", labels, "tr", en) == "Nights per year"  # no name in Turkish: the key
    assert key_label("kiosk_abandonment-rate", {}, "en", en) == "Kiosk abandonment rate"
    assert key_label("age", {}, "fa", fa) == "سن" and key_label("age", {}, "en", en) == "Age"
    assert key_label("csat", {}, "en", en) == "Csat"


def test_pending_pages_render_as_render_all_and_their_front_matter_comes_first(basic_maps) -> None:
    """The preview's lazy pages: the same pages, in the same order; each front matter alone is the
    page's own front matter (from the template's front_matter block, without rendering the rest)."""
    renderer = Renderer(basic_maps, insights=True)
    whole = renderer.render_all()
    pending = Renderer(basic_maps, insights=True).pending()
    assert [p.src_uri for p in pending] == [p.src_uri for p in whole]
    for later, page in zip(pending, whole, strict=True):
        assert later.render() == page, page.src_uri
        front = later.front_matter()
        assert front.startswith("---\ntitle: ") and page.markdown.startswith(front), page.src_uri


def test_spliced_blocks_go_back_whole_and_search_reads_their_words(basic_maps) -> None:
    from journey_maps.render.pages import for_search, splice

    inline = {p.src_uri: p for p in Renderer(basic_maps).render_all()}
    spliced = {p.src_uri: p for p in Renderer(basic_maps, splice=True).render_all()}
    page = spliced["journeys/coffee-order.md"]
    assert "journey-maps:spliced" in page.markdown and "jm-canvas" not in page.markdown
    assert any(b.searched for b in page.spliced) and any(not b.searched for b in page.spliced)
    back = splice(page.markdown, page.spliced)
    assert "journey-maps:spliced" not in back and 'class="jm-canvas"' in back
    assert _no_blank_runs(back) == _no_blank_runs(inline["journeys/coffee-order.md"].markdown)
    searched = for_search(page.markdown, page.spliced)
    assert "Wrong hours shown" not in page.markdown  # a pain point of a step, set aside from Markdown
    assert "<p>Score 4 / 5" in searched and "Wrong hours shown" in searched  # its words, for the search
    assert 'class="jm-canvas"' not in searched and "<svg" not in searched.split("jm-persona-cards")[-1]
    assert splice(searched, page.spliced) == back  # the words go when the blocks come back


def _no_blank_runs(text: str) -> str:
    return re.sub(r"\n\s*\n", "\n", text)
