"""Generated Markdown: golden files, determinism, links between pages."""

from __future__ import annotations

import re

import markdown

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
    assert 'href="../../../people/ana/"' in journey  # persona cards are raw HTML too
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
    from journey_maps.render.pages import Permalink, for_search, splice

    inline = {p.src_uri: p for p in Renderer(basic_maps).render_all()}
    spliced = {p.src_uri: p for p in Renderer(basic_maps, splice=True, permalink=Permalink()).render_all()}
    page = spliced["journeys/coffee-order.md"]
    assert "journey-maps:spliced" in page.markdown and "jm-canvas" not in page.markdown
    # Only the title is left to Markdown: the sections' headings are set aside too, with their permalinks.
    assert re.findall(r"^#+ .*$", page.markdown, flags=re.MULTILINE) == [
        "# Ordering coffee&#58; the app &#38; the counter"
    ]
    assert "journey-maps:spliced 1 " not in page.markdown  # one block: runs of blocks are merged
    as_markdown = markdown.Markdown(extensions=["attr_list", "md_in_html", "toc"], extension_configs=_TOC)
    whole = as_markdown.convert(inline["journeys/coffee-order.md"].markdown.split("---\n", 2)[2])
    converted = markdown.Markdown(extensions=["attr_list", "md_in_html", "toc"], extension_configs=_TOC)
    html = converted.convert(page.markdown.split("---\n", 2)[2])
    back = splice(html, page.spliced)
    assert "journey-maps:spliced" not in back and 'class="jm-canvas"' in back
    # The same page as the one Markdown makes of the unspliced page: the same elements, ids, links and words.
    assert _shape(back) == _shape(whole)
    assert re.findall(r"<h[1-6][^>]*>.*?</h[1-6]>", back) == re.findall(r"<h[1-6][^>]*>.*?</h[1-6]>", whole)
    headings = [h for block in page.spliced for h in block.headings]
    assert [(h.level, h.id) for h in headings][:3] == [(2, "_personas"), (2, "_map"), (2, "_diagram")]
    searched = for_search(html, page.spliced)
    assert "Wrong hours shown" not in page.markdown  # a pain point of a step, set aside from Markdown
    assert "<p>Score 4 / 5" in searched and "Wrong hours shown" in searched  # its words, for the search
    assert '<h3 id="pays">' in searched  # each step stays a section of the search
    assert 'class="jm-canvas"' not in searched and "<svg" not in searched.split("jm-persona-cards")[-1]
    assert splice(searched, page.spliced) == back  # the words go when the blocks come back


_TOC = {"toc": {"permalink": True}}


def test_headings_set_aside_carry_the_permalink_the_toc_extension_would_add() -> None:
    from journey_maps.render.pages import Permalink

    assert Permalink.of(None) is None and Permalink.of({"permalink": False}) is None
    assert Permalink.of({"permalink": True}) == Permalink("&para;", "Permanent link", "headerlink")
    custom = Permalink.of({"permalink": "#", "permalink_title": 'Link "here"', "permalink_class": "anchor"})
    assert custom == Permalink("#", 'Link "here"', "anchor") and custom.title_attr == ' title="Link &#34;here&#34;"'


def _shape(html: str) -> tuple[list[str], list[str], list[str], str]:
    """What a reader meets in a page's HTML: its element names (in order), ids, links and words."""
    elements = re.findall(r"<([a-z][a-z0-9]*)", html)
    ids = re.findall(r'\sid="([^"]+)"', html)
    links = re.findall(r'\shref="([^"]+)"', html)
    words = " ".join(re.sub(r"<[^>]*>", " ", html).split())
    return elements, ids, links, words


def _no_blank_runs(text: str) -> str:
    return re.sub(r"\n\s*\n", "\n", text)


def test_a_set_aside_block_inside_another_goes_back_whole(basic_maps, tmp_path) -> None:
    """An override may wrap a part that is already set aside (``super()``) in a set-aside block of its own."""
    from journey_maps.render.pages import splice

    (tmp_path / "journey.md.jinja").write_text(
        '{% extends "base/journey.md.jinja" %}\n'
        '{% block map %}\n\n{% filter spliced %}\n<section class="mine">{{ super() }}</section>\n{% endfilter %}\n'
        "{% endblock map %}\n",
        encoding="utf-8",
    )
    renderer = Renderer(basic_maps, template_dirs=[tmp_path], splice=True)
    page = next(p for p in renderer.render_all() if p.src_uri == "journeys/coffee-order.md")
    back = splice(page.markdown, page.spliced)
    assert "journey-maps:spliced" not in back
    assert re.search(r'<section class="mine">\s*<h2 id="_map">Journey map</h2>\s*<div class="jm-canvas"', back)
