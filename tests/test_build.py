"""Real `mkdocs build` runs (strict) of the example site and of fixture sites in temp folders."""

from __future__ import annotations

import datetime
import json
import re
import shutil
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort

from conftest import REPO, Site, make_i18n_site, make_site, snapshot
from linkcheck import broken_links

EXAMPLE_JOURNEYS = sorted(p.stem for p in (REPO / "maps/journeys").glob("*.yml") if "." not in p.stem)
EXAMPLE_LANGUAGES = ["fa", "tr", "fi", "zh"]
EXAMPLE_PERSONAS = sorted(p.stem for p in (REPO / "maps/personas").glob("*.yml") if "." not in p.stem)


@pytest.fixture(scope="module")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's own site, built strictly with the `mkdocs` command into a temp folder."""
    out = tmp_path_factory.mktemp("example") / "site"
    before = snapshot(REPO / "docs") | {f"maps/{k}": v for k, v in snapshot(REPO / "maps").items()}
    result = Site(REPO).run("build", "--strict", "--site-dir", str(out))
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    after = snapshot(REPO / "docs") | {f"maps/{k}": v for k, v in snapshot(REPO / "maps").items()}
    assert before == after, "the build must not write into docs/ or maps/"
    return out


@pytest.mark.slow
def test_example_site_has_every_page(example_site: Path) -> None:
    assert len(EXAMPLE_JOURNEYS) >= 4 and len(EXAMPLE_PERSONAS) >= 4
    pages = ["journeys", "personas", "touchpoints"]
    pages += [f"journeys/{j}" for j in EXAMPLE_JOURNEYS] + [f"personas/{p}" for p in EXAMPLE_PERSONAS]
    for language in ("", "fa/", "tr/", "fi/", "zh/"):  # the default language at the root, the others below
        for path in pages:
            assert (example_site / language / path / "index.html").is_file(), language + path
    for journey in EXAMPLE_JOURNEYS:
        html = (example_site / "journeys" / journey / "index.html").read_text(encoding="utf-8")
        assert html.count('<pre class="mermaid"><code>') == 1, journey
    assert (example_site / "assets/javascripts/mermaid.min.js").stat().st_size > 1_000_000


@pytest.mark.slow
def test_properdocs_builds_the_example_site_like_mkdocs(example_site: Path, tmp_path: Path) -> None:
    """The other engine that runs MkDocs plugins: every page, in every language, with the same content."""
    out = tmp_path / "site"
    result = Site(REPO).run("build", "--strict", "--site-dir", str(out), tool="properdocs")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr

    def pages(site: Path) -> list[str]:
        return sorted(str(p.relative_to(site)) for p in site.rglob("*.html"))

    assert pages(out) == pages(example_site)
    for language in ("", "fa/", "zh/"):
        for journey in EXAMPLE_JOURNEYS:
            path = f"{language}journeys/{journey}/index.html"
            ours, theirs = ((site / path).read_text(encoding="utf-8") for site in (out, example_site))
            article = re.compile(r"<article\b.*?</article>", re.S)
            assert article.search(ours).group(0) == article.search(theirs).group(0), path


@pytest.mark.slow
def test_example_site_links_and_anchors_all_resolve(example_site: Path) -> None:
    pages = sorted(str(p.relative_to(example_site)) for p in example_site.rglob("index.html"))
    assert broken_links(example_site, pages) == []


@pytest.mark.slow
def test_example_site_requests_nothing_from_other_origins(example_site: Path) -> None:
    for page in example_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for tag in re.findall(r"<(?:script|link|img|iframe|source|video|audio)\b[^>]*>", html):
            if 'rel="canonical"' in tag or 'rel="alternate"' in tag:
                continue  # names the page's address; the browser fetches nothing
            match = re.search(r'(?:src|href)="((?:https?:)?//[^"]+)"', tag)
            assert match is None, f"{page.relative_to(example_site)} loads {match.group(1)}"
        assert "fonts.googleapis" not in html and "unpkg.com" not in html and "jsdelivr" not in html


def test_fixture_site_builds_strictly_with_anchors(basic_site: Site) -> None:
    site = basic_site.build()
    journey = basic_site.html("journeys/coffee-order")
    for anchor in ("discover", "sees-ad", "order", "pays", "waits"):
        assert f'id="{anchor}"' in journey
    index = basic_site.html("touchpoints")
    assert 'href="../journeys/coffee-order/#pays"' in index
    assert 'href="../../touchpoints/#counter"' in journey
    pages = sorted(str(p.relative_to(site)) for p in site.rglob("index.html"))
    assert broken_links(site, pages) == []


def test_generated_pages_are_byte_identical_across_builds(basic_site: Site, tmp_path: Path) -> None:
    basic_site.build()
    first = {
        p: (basic_site.site_dir / p / "index.html").read_bytes()
        for p in ("journeys/coffee-order", "touchpoints", "personas/ana")
    }
    shutil.rmtree(basic_site.site_dir)
    basic_site.build()
    second = {p: (basic_site.site_dir / p / "index.html").read_bytes() for p in first}
    assert first == second


def test_edit_link_points_at_the_yaml(basic_site: Site) -> None:
    data = basic_site.config()
    data.update(repo_url="https://example.com/org/repo", edit_uri="edit/main/docs/")
    data["theme"]["features"].append("content.action.edit")
    basic_site.set_config(data)
    basic_site.build()
    assert 'href="https://example.com/org/repo/edit/main/maps/journeys/coffee-order.yml"' in basic_site.html(
        "journeys/coffee-order"
    )


def test_broken_map_stops_the_build_with_located_errors_and_no_traceback(basic_site: Site) -> None:
    basic_site.write(
        "maps/journeys/broken.yml",
        "title: Broken\nstages:\n  - id: a\n    name: A\n    steps:\n      - {id: s, name: S, score: 6}\n",
    )
    basic_site.write("maps/personas/bad.yml", "name: Bad\nrole: [x]\n")
    basic_site.write("site/index.html", "the last good build")
    before = snapshot(basic_site.root)
    result = basic_site.run("build")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert (
        "maps/journeys/broken.yml:6:33: 6 is out of range: expected a whole-number score from 1 to 5" in result.stderr
    )
    assert "maps/personas/bad.yml:2:7: expected text, got a list" in result.stderr
    assert "journey-maps: 2 errors in the maps" in result.stderr
    assert snapshot(basic_site.root) == before  # nothing written, not even an emptied site/


def test_broken_reference_warns_and_fails_only_strict(basic_site: Site) -> None:
    basic_site.write(
        "maps/journeys/extra.yml",
        "title: Extra\npersonas: [anna]\nstages:\n  - id: a\n    name: A\n    steps:\n      - {id: s, name: S, score: 3}\n",
    )
    normal = basic_site.run("build")
    assert normal.returncode == 0, normal.stderr
    assert (
        "WARNING -  journey-maps: maps/journeys/extra.yml:2:12: unknown persona 'anna' (did you mean 'ana'?)"
        in normal.stderr
    )
    strict = basic_site.run("build", "--strict")
    assert strict.returncode == 1
    assert "Aborted with 1 warnings in strict mode!" in strict.stdout + strict.stderr
    assert "Traceback" not in strict.stderr


def test_each_warning_is_printed_once_in_a_build_of_every_language(tmp_path: Path) -> None:
    # static-i18n builds the other languages from inside the first build: each repeated the maps'
    # warnings (once per language; twice under --strict, whose count stops the first nested build).
    site = make_i18n_site(tmp_path)
    site.write(
        "maps/journeys/extra.yml",
        "title: Extra\npersonas: [anna]\nstages:\n  - id: a\n    name: A\n    steps:\n      - {id: s, name: S, score: 3}\n",
    )
    strict = site.run("build", "--strict")
    assert strict.returncode == 1
    warning = "WARNING -  journey-maps: maps/journeys/extra.yml:2:12: unknown persona 'anna' (did you mean 'ana'?)"
    assert strict.stderr.count(warning) == 1, strict.stderr
    warnings = [line for line in strict.stderr.splitlines() if line.startswith("WARNING")]
    assert len(warnings) == len(set(warnings)), warnings
    assert f"Aborted with {len(warnings)} warnings in strict mode!" in strict.stdout + strict.stderr
    # every language was built before the count stopped the build
    for language in ("fa", "tr"):
        assert (site.site_dir / language / "journeys/extra/index.html").is_file()


def test_overdue_review_severity_is_configurable(basic_site: Site) -> None:
    basic_site.plugin_options(review_date=datetime.date(2027, 6, 1))
    with pytest.raises(Abort):
        basic_site.build()
    basic_site.plugin_options(stale_reviews="info")
    basic_site.build()
    assert "Review overdue" in basic_site.html("journeys/coffee-order")
    assert "151 days overdue" in basic_site.html("journeys/coffee-order")


def test_automatic_nav_puts_sections_after_home(basic_site: Site) -> None:
    basic_site.write("docs/about.md", "# About\n")
    basic_site.write("docs/zeta.md", "# Zeta\n")
    basic_site.build()
    html = basic_site.html("about")
    order = [m for m in re.findall(r'class="md-nav__link[^"]*"[^>]*>\s*(?:<span[^>]*>)?\s*([^<\n]+?)\s*<', html)]
    top = [t for t in order if t in {"Fixture site", "Journeys", "Personas", "Touchpoints", "About", "Zeta"}]
    assert top[:6] == ["Fixture site", "Journeys", "Personas", "Touchpoints", "About", "Zeta"], top


def test_explicit_nav_places_generated_sections(basic_site: Site) -> None:
    data = basic_site.config()
    data["nav"] = [
        "index.md",
        {"Our journeys": "journeys/index.md"},
        {"Catalogue": [{"Touchpoints": "touchpoints/index.md"}]},
    ]
    basic_site.set_config(data)
    result = basic_site.run("build", "--strict")
    assert result.returncode == 0, result.stderr
    # MkDocs names the index the nav leaves out; the pages under it are not listed one by one
    assert "  - personas/index.md" in result.stderr
    assert "personas/ana.md" not in result.stderr and "journeys/coffee-order.md" not in result.stderr
    html = basic_site.html("journeys/coffee-order")
    nav = html.split("md-sidebar--primary")[1].split("md-sidebar--secondary")[0]
    assert "Our journeys" in nav and "Ordering coffee (future)" in nav and "Catalogue" in nav
    assert "Ana, the regular" not in nav  # persona pages are not placed by this nav
    assert (basic_site.site_dir / "personas/ana/index.html").is_file()  # but they are built


def _primary_nav(html: str) -> str:
    return html.split("md-sidebar--primary")[1].split("md-sidebar--secondary")[0]


@pytest.mark.parametrize("explicit", [False, True], ids=["auto-nav", "explicit-nav"])
def test_sections_longer_than_nav_limit_list_only_their_index(basic_site: Site, explicit: bool) -> None:
    if explicit:
        data = basic_site.config()
        data["nav"] = ["index.md", {"Journeys": "journeys/index.md"}, {"Personas": "personas/index.md"}]
        basic_site.set_config(data)
    basic_site.plugin_options(nav_limit=1)  # two journeys and two personas: more than the limit
    basic_site.build()
    nav = _primary_nav(basic_site.html("journeys/coffee-order"))
    assert "Ordering coffee (future)" not in nav and "Ana, the regular" not in nav
    assert 'href="../"' in nav and 'href="../../personas/"' in nav  # the sections' index pages are listed
    index = basic_site.html("journeys")
    assert "coffee-order-future/" in index.split("md-sidebar--secondary")[1]  # the index page links every journey
    assert (basic_site.site_dir / "journeys/coffee-order-future/index.html").is_file()
    basic_site.plugin_options(nav_limit=2)
    basic_site.build()
    nav = _primary_nav(basic_site.html("journeys/coffee-order"))
    assert "Ordering coffee (future)" in nav and "Ana, the regular" in nav


def _override_personas(site: Site, template: str) -> None:
    """The site with theme.custom_dir "overrides" and its own personas.md.jinja there."""
    data = site.config()
    data["theme"]["custom_dir"] = "overrides"
    site.set_config(data)
    site.write("overrides/journey_maps/personas.md.jinja", template)


def test_template_override_from_custom_dir(basic_site: Site) -> None:
    _override_personas(
        basic_site,
        "---\ntitle: People\n---\n\n# People we design for\n\n{% for p in maps.personas.values() %}- {{ p.name|md }}\n{% endfor %}",
    )
    basic_site.build()
    html = basic_site.html("personas")
    assert "People we design for" in html and "Ana, the regular" in html
    assert not (basic_site.site_dir / "journey_maps").exists(), "templates must not be published"


def test_override_calling_what_is_not_there_is_a_clean_error(
    basic_site: Site, caplog: pytest.LogCaptureFixture
) -> None:
    """A TypeError inside a template (calling a value that is not a function) names the template."""
    _override_personas(basic_site, "{% set _ = 1 %}{{ _('People') }}\n")
    with pytest.raises(Abort, match="BuildError"):
        basic_site.build()
    assert "template personas.md.jinja failed while rendering personas/index.md" in caplog.text
    assert "Traceback" not in caplog.text


def test_broken_override_is_a_clean_error(basic_site: Site, caplog: pytest.LogCaptureFixture) -> None:
    _override_personas(basic_site, "{% for p in %}\n")
    with pytest.raises(Abort, match="BuildError"):
        basic_site.build()
    assert re.search(r"overrides/journey_maps/personas\.md\.jinja:1: template syntax error", caplog.text)


def test_override_extending_itself_is_a_clean_error(basic_site: Site, caplog: pytest.LogCaptureFixture) -> None:
    """Forgetting "base/" makes the override extend itself: the build names the fix, no traceback."""
    _override_personas(basic_site, '{% extends "personas.md.jinja" %}{% block header %}x{% endblock %}\n')
    with pytest.raises(Abort, match="BuildError"):
        basic_site.build()
    assert "personas.md.jinja extends or includes itself" in caplog.text
    assert '{% extends "base/personas.md.jinja" %}' in caplog.text
    assert "Traceback" not in caplog.text and "RecursionError" not in caplog.text


@pytest.mark.parametrize(
    ("written", "generated"),
    [
        ("docs/journeys/index.md", "journeys/index.md"),
        ("docs/journeys/README.md", "journeys/index.md"),
        ("docs/journeys.md", "journeys/index.md"),
        ("docs/journeys/coffee-order.md", "journeys/coffee-order.md"),
        ("docs/journeys/coffee-order/index.md", "journeys/coffee-order.md"),
        ("docs/journeys/coffee-order/README.md", "journeys/coffee-order.md"),
        ("docs/personas/ana/index.md", "personas/ana.md"),
        ("docs/insights.md", "insights/index.md"),
        ("docs/journeys/coffee-order/index.html", "journeys/coffee-order.md"),
    ],
)
def test_a_page_in_the_way_of_a_generated_one_stops_the_build_with_both_paths(
    basic_site: Site, caplog: pytest.LogCaptureFixture, written: str, generated: str
) -> None:
    """Every URL form MkDocs gives the same address (x.md, x/index.md, x/README.md, a static file)."""
    basic_site.write(written, "# Mine\n")
    with pytest.raises(Abort, match="BuildError"):
        basic_site.build()
    errors = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
    assert len(errors) == 1, errors
    assert "a page of docs_dir is in the way of a generated page" in errors[0]
    assert written in errors[0] and f"the generated {generated}" in errors[0]


def test_pages_beside_the_generated_ones_are_kept(basic_site: Site) -> None:
    basic_site.write("docs/journeys/coffee-order-notes.md", "# Notes\n")
    basic_site.write("docs/insight-pages.md", "# About the insights\n")
    basic_site.build()
    assert "Notes" in basic_site.html("journeys/coffee-order-notes")
    assert "Insights" in basic_site.html("insights")


def test_missing_mermaid_library_is_explained(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    site = make_site(tmp_path)
    site.plugin_options(mermaid_js="node_modules/nothing/mermaid.min.js")
    with pytest.raises(Abort, match="BuildError"):
        site.build()
    assert re.search(
        r"Mermaid library was not found at .*node_modules/nothing/mermaid.min.js\. Run `npm ci`", caplog.text
    )


def _scripts(html: str) -> list[str]:
    return re.findall(r'<script src="([^"]+)"', html)


def test_pages_load_a_mermaid_stand_in_and_the_library_is_a_file(basic_site: Site) -> None:
    """No page lists mermaid.min.js: the stand-in fetches it when a diagram is on the page."""
    basic_site.build()
    for url in ("", "journeys/coffee-order", "personas"):
        scripts = _scripts(basic_site.html(url))
        assert any(s.endswith("assets/journey-maps/journey-maps-mermaid.js") for s in scripts), (url, scripts)
        assert not any("mermaid.min.js" in s for s in scripts), (url, scripts)
    assert (basic_site.site_dir / "assets/javascripts/mermaid.min.js").stat().st_size > 1_000_000


def test_with_the_mermaid2_plugin_listed_the_library_is_on_every_page(basic_site: Site) -> None:
    """mermaid2 looks for the library in extra_javascript (else it adds a CDN script): keep it there."""
    data = basic_site.config()
    data["plugins"].append("mermaid2")
    basic_site.set_config(data)
    basic_site.build()
    for url in ("", "journeys/coffee-order"):
        scripts = _scripts(basic_site.html(url))
        assert any(s.endswith("assets/javascripts/mermaid.min.js") for s in scripts), (url, scripts)
        assert not any("journey-maps-mermaid.js" in s for s in scripts), (url, scripts)
        assert all("://" not in s for s in scripts), scripts


def test_disabled_plugin_generates_nothing(basic_site: Site) -> None:
    basic_site.plugin_options(enabled=False)
    basic_site.build(strict=False)  # docs/index.md links to journeys/, which is then missing
    assert (basic_site.site_dir / "index.html").is_file()
    assert not (basic_site.site_dir / "journeys").exists()


def test_properdocs_builds_the_same_site(basic_site: Site) -> None:
    if not (Path(basic_site.run.__globals__["BIN"]) / "properdocs").exists():
        pytest.fail("properdocs is a test dependency and must be installed")
    result = basic_site.run("build", "--strict", "-f", "mkdocs.yml", tool="properdocs")
    assert result.returncode == 0, result.stderr
    assert 'id="pays"' in basic_site.html("journeys/coffee-order")


def test_journey_order_is_the_same_in_automatic_and_explicit_nav(basic_site: Site) -> None:
    def order() -> list[str]:
        html = basic_site.html("journeys")
        nav = html.split("md-sidebar--primary")[1].split("md-sidebar--secondary")[0]
        return re.findall(r'href="(?:\./|\.\./)?(coffee-order[a-z-]*)/"', nav)

    basic_site.build()
    automatic = order()
    data = basic_site.config()
    data["nav"] = ["index.md", {"Journeys": "journeys/index.md"}]
    basic_site.set_config(data)
    basic_site.build(strict=False)
    assert automatic == order() == ["coffee-order", "coffee-order-future"]


def test_unknown_icon_and_unreviewed_map_are_reported(basic_site: Site) -> None:
    basic_site.write("maps/channels.yml", "store: {name: Café, icon: material/no-such-icon}\n")
    basic_site.write(
        "maps/journeys/coffee-order-future.yml",
        (basic_site.maps / "journeys/coffee-order-future.yml").read_text(encoding="utf-8") + "review_every: monthly\n",
    )
    result = basic_site.run("build")
    assert result.returncode == 0
    assert "maps/channels.yml:1:27: icon 'material/no-such-icon' not found in Material's icon set" in result.stderr
    assert "Not reviewed yet" in basic_site.html("journeys/coffee-order-future")


def test_translations_are_checked_and_not_silently_dropped(basic_site: Site) -> None:
    basic_site.write("maps/journeys/coffee-order.tr.yml", "title: Kahve siparişi\n")
    result = basic_site.run("build")
    assert result.returncode == 0
    assert (
        "WARNING -  journey-maps: translations to 'tr' are checked but not published: this site is built in one "
        "language (maps/journeys/coffee-order.tr.yml)" in result.stderr
    )
    basic_site.write("maps/journeys/coffee-order.tr.yml", "title: Kahve\nscore: 3\n")
    broken = basic_site.run("build")
    assert broken.returncode == 1
    assert "maps/journeys/coffee-order.tr.yml:2:1: 'score' is not a field here" in broken.stderr


def test_generated_titles_are_escaped_once_everywhere(basic_site: Site) -> None:
    """Issue 15: a title with an apostrophe read `check-out&amp;#39;a` in Material's footer label."""
    import html as htmllib
    import re

    path = basic_site.maps / "journeys" / "coffee-order-future.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"(?m)^title: .*$", 'title: "Ana\'s coffee & <cake>"', text), encoding="utf-8")
    data = basic_site.config()
    data["theme"].setdefault("features", []).append("navigation.footer")  # previous / next links
    basic_site.set_config(data)
    basic_site.build()
    wanted = "Ana's coffee & <cake>"
    seen = 0
    for page in basic_site.site_dir.rglob("*.html"):
        source = page.read_text(encoding="utf-8")
        for value in re.findall(r'aria-label="([^"]*)"', source):
            once = htmllib.unescape(value)
            assert not re.search(r"&(#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);", once), value  # escaped twice
            if "coffee &" in once:
                assert wanted in once, (page, value)  # decoded once, it reads as written
                seen += 1
        assert "&amp;#39;" not in source and "&amp;lt;" not in source and "&amp;amp;" not in source, page
    assert seen, "no footer label names the page: the check proves nothing"
    page = basic_site.html("journeys/coffee-order-future")
    title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
    assert htmllib.unescape(title).startswith(wanted) and "<cake>" not in title


def test_labels_name_metric_and_demographic_keys(basic_site: Site) -> None:
    basic_site.plugin_options(labels={"ctr": "Click-through rate", "location": {"en": "Home town"}})
    basic_site.build()
    import html

    journey = html.unescape(basic_site.html("journeys/coffee-order"))
    assert "<dt>Click-through rate</dt>" in journey and "<dt>Note</dt>" in journey  # named, and from the key
    assert "<dt>ctr</dt>" not in journey
    persona = basic_site.html("personas/ana")
    assert "<dt>Home town</dt>" in persona and "<dt>Age</dt>" in persona


@pytest.mark.parametrize("labels", [["ctr"], {"ctr": ""}, {"ctr": {"en": 3}}])
def test_bad_labels_are_a_config_error(basic_site: Site, labels: object) -> None:
    basic_site.plugin_options(labels=labels)
    result = basic_site.run("build", "--strict")
    assert result.returncode != 0
    assert "labels" in result.stderr and "Traceback" not in result.stderr


def test_insight_pages_link_the_sites_guide_to_them(basic_site: Site) -> None:
    """Issue 15: the example's reference page for the insight pages was linked from none of them."""
    basic_site.write("docs/reading-insights.md", "# Reading the insight pages\n")
    basic_site.plugin_options(insights_guide="reading-insights.md")
    basic_site.build()
    for page, link in (("insights", "../reading-insights/"), ("insights/pain-points", "../../reading-insights/")):
        assert f'<a href="{link}">How to read these pages</a>' in basic_site.html(page), page
    assert "How to read these pages" not in basic_site.html("journeys/coffee-order")
    basic_site.plugin_options(insights_guide="missing.md")
    result = basic_site.run("build", "--strict")
    assert result.returncode != 0 and "missing.md" in result.stderr


def test_headings_set_aside_keep_the_toc_the_permalinks_the_search_and_the_anchors(basic_site) -> None:
    """The journey page's section headings are HTML set aside from Markdown; MkDocs still gets them
    all: permalinks as the toc extension makes them, the table of contents (within toc_depth), one
    search section per step, and anchors that links from Markdown pages are checked against."""
    data = basic_site.config()
    data["markdown_extensions"].append({"toc": {"permalink": True, "toc_depth": "2-3"}})
    data["validation"] = {"anchors": "warn"}
    basic_site.set_config(data)
    basic_site.write("docs/links.md", "# Links\n\n[Paying](journeys/coffee-order.md#pays)\n")
    site = basic_site.build()
    html = (site / "journeys" / "coffee-order" / "index.html").read_text(encoding="utf-8")
    heading = re.search(r'<h3 id="pays">(.*?)</h3>', html)
    assert heading and heading[1].endswith('<a class="headerlink" href="#pays" title="Permanent link">&para;</a>')
    toc = html.split('data-md-component="toc"')[1].split('class="md-content"')[0]  # Material's table of contents
    assert 'href="#pays"' in toc and 'href="#_map"' in toc and 'href="#order"' in toc
    assert 'href="#ordering-coffee' not in toc  # the h1 is outside toc_depth 2-3, as Markdown's toc leaves it
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    pays = [d for d in index["docs"] if d["location"] == "journeys/coffee-order/#pays"]
    assert len(pays) == 1 and "Wrong hours shown" not in pays[0]["text"]  # that pain point is another step's
    assert any(
        "Wrong hours shown" in d["text"] for d in index["docs"] if d["location"].startswith("journeys/coffee-order/#")
    )

    data["markdown_extensions"][-1] = {"toc": {"permalink": True, "toc_depth": 2}}
    basic_site.set_config(data)
    html = (basic_site.build() / "journeys" / "coffee-order" / "index.html").read_text(encoding="utf-8")
    toc = html.split('data-md-component="toc"')[1].split('class="md-content"')[0]
    assert 'href="#order"' in toc and 'href="#pays"' not in toc and '<h3 id="pays">' in html  # steps are h3

    basic_site.write("docs/links.md", "# Links\n\n[Nowhere](journeys/coffee-order.md#no-such-step)\n")
    with pytest.raises(Abort):
        basic_site.build()  # strict: the anchor that is not on the page is a warning


def test_pages_rendered_by_two_processes_build_the_same_site(basic_site, tmp_path, monkeypatch) -> None:
    from journey_maps import parallel

    monkeypatch.setattr(parallel.threading, "active_count", lambda: 1)  # the test runner's idle threads
    asked: list[int] = []
    split_map = parallel.split_map

    def spy(items, work, *, workers):
        asked.append(workers)
        return split_map(items, work, workers=workers)

    monkeypatch.setattr(parallel, "split_map", spy)
    basic_site.plugin_options(workers=1)
    one = snapshot(basic_site.build())
    shutil.rmtree(basic_site.site_dir)
    basic_site.plugin_options(workers=2)
    two = snapshot(basic_site.build())
    assert asked == [1, 1, 2, 2] and parallel.can_fork()  # pages, then data files, in each build
    assert two == one and any(name.endswith("coffee-order/index.html") for name in one)


def test_the_table_of_contents_interleaves_markdown_headings_and_set_aside_ones() -> None:
    from types import SimpleNamespace

    from mkdocs.structure.toc import get_toc

    from journey_maps.integrations.mkdocs_files import complete_page
    from journey_maps.render.pages import Heading, Spliced

    markdown_toc = get_toc(
        [
            {"level": 1, "id": "title", "name": "Title", "children": [
                {"level": 2, "id": "intro", "name": "Intro", "children": []},
                {"level": 2, "id": "end", "name": "End", "children": []},
            ]}
        ]
    )  # fmt: skip
    page = SimpleNamespace(toc=markdown_toc, present_anchor_ids={"title", "intro", "end"})
    blocks = [
        Spliced(
            '<h2 id="a">A</h2><h3 id="a1">A1</h3><p id="note">…</p>', "", (Heading(2, "a", "A"), Heading(3, "a1", "A1"))
        )
    ]
    html = (
        '<h1 id="title">Title</h1><h2 class="x" id="intro">Intro</h2>'
        "<!-- journey-maps:spliced 0 -->"
        '<h2 id="end">End</h2>'
    )
    complete_page(page, html, blocks)
    shape = [(item.id, [(c.id, [g.id for g in c.children]) for c in item.children]) for item in page.toc]
    assert shape == [("title", [("intro", []), ("a", ["a1"]), ("end", [])])]
    assert {"a", "a1", "note"} <= page.present_anchor_ids
