"""`journey-maps generate`: the plugin's pages as plain files, built by engines without the plugin."""

from __future__ import annotations

import datetime
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import BIN, REPO
from journey_maps import generator as generate
from journey_maps import site
from journey_maps.config import JourneyMapsConfig
from linkcheck import broken_links

EXAMPLE_OPTIONS = {
    "insights_guide": "insight-pages.md",
    "stale_reviews": "info",
    "labels": {"nights_per_year": {"en": "Nights a year", "fa": "شب در سال"}},
}


def _options(**given) -> JourneyMapsConfig:
    options = JourneyMapsConfig()
    options.load_dict({**EXAMPLE_OPTIONS, **given})
    failed, _ = options.validate()
    assert not failed
    return options


def _generated(languages: list[str], **given) -> tuple[site.Prepared, dict[str, bytes]]:
    prepared = site.prepare(
        _options(**given), root=REPO, docs_dir=REPO / "docs", published=languages, say=lambda level, text: None
    )
    return prepared, generate.files(prepared, root=REPO, languages=languages)


def example_docs(tmp_path: Path, languages: list[str], *, engine_extra: dict | None = None) -> Path:
    """The example's docs/ with the generated files in it, and a mkdocs.yml without the plugin."""
    project = tmp_path / "project"
    shutil.copytree(REPO / "docs", project / "docs")
    prepared, files = _generated(languages)
    generate.write(project / "docs", files)
    config = {
        "site_name": "Journey Maps (generated)",
        "site_url": "http://127.0.0.1/",
        "theme": {"name": "material", "font": False, "features": ["navigation.indexes"]},
        "markdown_extensions": [
            "admonition",
            {"toc": {"permalink": True}},
            "pymdownx.details",
            "pymdownx.superfences",
        ],
    }
    for key, value in generate.engine_config(prepared, root=REPO, languages=languages).items():
        if isinstance(value, list) and key in config:
            config[key] = [*config[key], *value]
        else:
            config[key] = value
    config.update(engine_extra or {})
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return project


def run(project: Path, tool: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / tool), *args], cwd=project, capture_output=True, text=True, timeout=300, check=False
    )


def test_output_is_deterministic_and_check_finds_every_stale_file(tmp_path: Path) -> None:
    _, first = _generated(["en"])
    _, again = _generated(["en"])
    assert first == again
    out = tmp_path / "docs"
    (out / "journeys").mkdir(parents=True)
    (out / "journeys" / "hand-written.md").write_text("# Mine\n")
    assert {c.state for c in generate.write(out, first)} == {"missing"}
    assert generate.differences(out, first) == []
    stamp = {p: (out / p).stat().st_mtime_ns for p in first}
    assert generate.write(out, first) == []  # nothing rewritten: an unchanged file keeps its time
    assert {p: (out / p).stat().st_mtime_ns for p in first} == stamp
    journey = next(p for p in first if p.startswith("journeys/") and p.count("/") == 1 and "index" not in p)
    (out / journey).write_text("edited\n")
    (out / "insights/data/steps.csv").unlink()
    fewer = {p: c for p, c in first.items() if p != "personas/index.md"}
    changes = {(c.path, c.state) for c in generate.differences(out, fewer)}
    assert {(journey, "changed"), ("insights/data/steps.csv", "missing"), ("personas/index.md", "removed")} <= changes
    generate.write(out, fewer)
    assert not (out / "personas/index.md").exists() and generate.differences(out, fewer) == []
    assert (out / "journeys" / "hand-written.md").read_text() == "# Mine\n"  # never the folder's own files


def test_every_page_kind_and_language_as_suffix_files() -> None:
    prepared, files = _generated(["en", "fa", "zh"])
    rendered = {page.src_uri for page in prepared.pages("en")}
    for lang in ("en", "fa", "zh"):
        for src in rendered:
            assert f"{src.removesuffix('.md')}.{lang}.md" in files, (lang, src)
        assert f"insights/data/steps.{lang}.csv" in files
    assert "assets/javascripts/mermaid.min.js" in files
    persian = files["journeys/hotel-stay.fa.md"].decode()
    assert persian.startswith('---\ntitle: "اقامت در هتل')  # each language's file in that language
    assert files["journeys/hotel-stay.en.md"].decode().startswith('---\ntitle: "Hotel stay')


@pytest.mark.slow
def test_mkdocs_builds_the_generated_files_strictly_without_the_plugin(tmp_path: Path) -> None:
    project = example_docs(tmp_path, ["en"])
    result = run(project, "mkdocs", "build", "--strict")
    assert result.returncode == 0, result.stderr
    built = project / "site"
    for page in ("journeys/hotel-stay", "personas", "touchpoints", "insights/heatmap", "changes"):
        assert (built / page / "index.html").is_file(), page
    html = (built / "journeys/hotel-stay/index.html").read_text(encoding="utf-8")
    assert html.count('<pre class="mermaid"><code>') == 1 and "<svg" in html
    pages = sorted(str(p.relative_to(built)) for p in built.rglob("index.html"))
    assert broken_links(built, pages) == []


@pytest.mark.slow
@pytest.mark.parametrize("tool", ["mkdocs", "properdocs"])
def test_static_i18n_builds_every_language_of_the_generated_files(tmp_path: Path, tool: str) -> None:
    project = example_docs(tmp_path, ["en", "fa", "zh"])
    result = run(project, tool, "build", "--strict")
    assert result.returncode == 0, result.stderr
    built = project / "site"
    for lang in ("", "fa/", "zh/"):
        for page in ("journeys/hotel-stay", "personas", "touchpoints", "insights"):
            assert (built / lang / page / "index.html").is_file(), lang + page
    persian = (built / "fa/journeys/hotel-stay/index.html").read_text(encoding="utf-8")
    assert 'lang="fa"' in persian and 'dir="rtl"' in persian
    assert (built / "fa/insights/data/steps.csv").is_file()


ARTIFACTS = REPO / "test-artifacts" / "zensical"
READ = """() => {
  const box = (sel) => { const e = document.querySelector(sel); if (!e) return null;
    const r = e.getBoundingClientRect(); return {w: r.width, h: r.height, top: r.top + scrollY}; };
  return {
    title: document.querySelector('article h1')?.textContent.replace('¶', '').trim() || null,
    dir: getComputedStyle(document.querySelector('article')).direction,
    canvas: box('.jm-canvas'), curve: box('.jm-curve svg'),
    points: document.querySelectorAll('.jm-curve .jm-curve__pt').length,
    heat: document.querySelectorAll('.jm-heatmap td').length,
    rows: document.querySelectorAll('article table tbody tr').length,
    stylesheet: getComputedStyle(document.querySelector('.jm-meta, .jm-block, .jm-heatmap, article')).getPropertyValue('--jm-score-1') || null,
  };
}"""


@pytest.fixture(scope="module")
def zensical_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example maps generated in English and built by Zensical (which runs no third-party plugin)."""
    project = example_docs(tmp_path_factory.mktemp("zensical"), ["en"])
    result = run(project, "zensical", "build")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "error" not in (result.stdout + result.stderr).lower(), result.stdout + result.stderr
    return project / "site"


@pytest.mark.browser
@pytest.mark.slow
def test_zensical_builds_journey_persona_touchpoint_and_insight_pages_that_work_in_chromium(
    zensical_site: Path,
) -> None:
    from browser import Watch, chromium, free_port, serve, wait_for_journey

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    port = free_port()
    with serve(zensical_site, port) as origin, chromium({"width": 1366, "height": 900}) as context:
        seen = {}
        for name, path in {
            "journey": "journeys/hotel-stay/",
            "persona": "personas/daniel-business-traveller/",
            "touchpoints": "touchpoints/",
            "insights": "insights/heatmap/",
        }.items():
            page = context.new_page()
            watch = Watch(origin)
            watch.attach(page)
            page.goto(origin + path)
            page.wait_for_load_state("networkidle")
            if name == "journey":
                svgs = wait_for_journey(page)
                assert len(svgs) == 1, "the Mermaid journey diagram did not render"
                assert "Booking" in " ".join(svgs[0]["text"])
            seen[name] = page.evaluate(READ)
            page.screenshot(path=str(ARTIFACTS / f"{name}.png"))
            assert watch.offsite == [], watch.offsite
            assert watch.console_errors == [], (name, watch.console_errors)
            page.close()
    journey = seen["journey"]
    assert journey["title"] == "Hotel stay: from booking to check-out"
    assert journey["canvas"]["w"] > 900 and journey["canvas"]["h"] > 200, journey  # the map's grid, laid out
    assert journey["curve"]["w"] > 600 and journey["curve"]["h"] > 100 and journey["points"] >= 19, journey
    assert seen["persona"]["title"].startswith("Daniel")
    assert seen["touchpoints"]["rows"] >= 10, seen["touchpoints"]
    assert seen["insights"]["heat"] >= 20, seen["insights"]
    for name, read in seen.items():
        assert read["stylesheet"], f"{name}: journey-maps.css is not applied"


def test_command_generates_checks_and_prints_the_engine_config(basic_site, tmp_path: Path) -> None:
    """`journey-maps generate` reads mkdocs.yml through the plugin's own options."""
    basic_site.plugin_options(review_date=datetime.date(2026, 11, 22), journeys_path="maps-of-journeys")
    out = basic_site.root / "generated"
    first = basic_site.run("generate", "generated", tool="journey-maps")
    assert first.returncode == 0, first.stdout + first.stderr
    assert "Traceback" not in first.stderr
    assert (out / "maps-of-journeys" / "coffee-order.md").is_file()  # the option, read from mkdocs.yml
    assert (out / "assets/javascripts/mermaid.min.js").is_file()
    assert basic_site.run("generate", "generated", "--check", tool="journey-maps").returncode == 0
    (out / "maps-of-journeys" / "coffee-order.md").write_text("stale\n", encoding="utf-8")
    stale = basic_site.run("generate", "generated", "--check", tool="journey-maps")
    assert stale.returncode == 1 and "coffee-order.md: changed" in stale.stdout
    again = basic_site.run("generate", "generated", tool="journey-maps")
    assert again.returncode == 0 and " 1 written" in again.stdout, again.stdout
    config = yaml.safe_load(basic_site.run("generate", "generated", "--print-config", tool="journey-maps").stdout)
    # The stand-in fetches the library on pages with a diagram: it is a file, not a script of every page.
    assert config["extra_javascript"][-1] == "assets/journey-maps/journey-maps-mermaid.js"
    assert "assets/javascripts/mermaid.min.js" not in config["extra_javascript"]
    assert config["not_in_nav"].strip() == "/maps-of-journeys/*/vs-*.md"
    two = basic_site.run("generate", "two", "--language", "en", "--language", "fa", tool="journey-maps")
    assert two.returncode == 0, two.stderr
    assert (basic_site.root / "two/maps-of-journeys/coffee-order.fa.md").is_file()


def test_command_on_broken_maps_writes_nothing_and_says_where(basic_site) -> None:
    basic_site.write("maps/journeys/broken.yml", "title: x\nstages:\n  - id: A\n    name: A\n    steps: []\n")
    result = basic_site.run("generate", "generated", tool="journey-maps")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "maps/journeys/broken.yml:3:9: error: 'A' is not a valid id" in result.stderr
    assert not (basic_site.root / "generated").exists()


@pytest.mark.browser
@pytest.mark.slow
def test_zensical_builds_a_persian_site_right_to_left(tmp_path: Path) -> None:
    """Zensical has no i18n plugin: one language per site, here Persian, from `--language fa`."""
    from browser import Watch, chromium, free_port, serve, wait_for_journey

    project = example_docs(
        tmp_path, ["fa"], engine_extra={"theme": {"name": "material", "font": False, "language": "fa"}}
    )
    result = run(project, "zensical", "build")
    assert result.returncode == 0, result.stdout + result.stderr
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    port = free_port()
    with serve(project / "site", port) as origin, chromium({"width": 1366, "height": 900}) as context:
        page = context.new_page()
        watch = Watch(origin)
        watch.attach(page)
        page.goto(origin + "journeys/hotel-stay/")
        page.wait_for_load_state("networkidle")
        assert len(wait_for_journey(page)) == 1
        read = page.evaluate(READ)
        page.screenshot(path=str(ARTIFACTS / "persian.png"))
        assert watch.offsite == [] and watch.console_errors == [], (watch.offsite, watch.console_errors)
    assert read["dir"] == "rtl" and read["title"].startswith("اقامت در هتل"), read
    assert read["canvas"]["w"] > 900 and read["curve"]["w"] > 600 and read["points"] >= 19, read
