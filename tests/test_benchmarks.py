"""The benchmark tools stay usable: generated maps are valid, and the floor site is the same site."""

from __future__ import annotations

import datetime
import re
import sys
from pathlib import Path

import pytest

from conftest import REPO

sys.path.insert(0, str(REPO / "benchmarks"))

import generate
import run

from journey_maps.project import check_maps

pytestmark = pytest.mark.slow  # real benchmark builds (plugin and floor)


def test_generated_maps_are_valid_and_in_proportion(tmp_path: Path) -> None:
    project = generate.generate(tmp_path / "p", 8, ["en", "fa", "zh"])
    checked = check_maps(project / "maps", root=project, docs_dir=project / "docs", today=datetime.date(2026, 11, 22))
    assert [str(p) for p in checked.problems] == []
    maps = checked.maps
    assert len(maps.journeys) == 8 and len(maps.personas) == 2 and len(maps.touchpoints) == 16
    for journey in maps.journeys.values():
        assert 4 <= len(journey.stages) <= 6 and 15 <= len(journey.steps) <= 30
    assert maps.languages == ["fa", "zh"] or sorted(maps.languages) == ["fa", "zh"]
    again = generate.generate(tmp_path / "q", 8, ["en", "fa", "zh"])
    for path in sorted((project / "maps").rglob("*.yml")):  # seeded: the same files every time
        assert path.read_bytes() == (again / "maps" / path.relative_to(project / "maps")).read_bytes()


def test_floor_site_has_the_plugin_pages_and_navigation(tmp_path: Path) -> None:
    plugin, floor, count, pages = run.bench_build(3, 1, 1, tmp_path, "shipped")
    assert pages > 10 and plugin.runs and floor.runs and count.runs
    floor_dir = tmp_path / "n3-l1-floor"
    assert (floor_dir / "docs/journeys/journey-00001.md").is_file()
    plugins = generate._load_config((floor_dir / "mkdocs.yml").read_text(encoding="utf-8"))["plugins"]
    names = [p if isinstance(p, str) else next(iter(p)) for p in plugins]
    assert "search" in names and "journey-maps" not in names
    for page in ("journeys/journey-00001/index.html", "insights/heatmap/index.html"):
        ours = (tmp_path / "n3-l1/site" / page).read_text(encoding="utf-8")
        theirs = (floor_dir / "site" / page).read_text(encoding="utf-8")
        assert ours.count('class="mermaid"') == theirs.count('class="mermaid"')
        assert ours.count("md-nav__link") == theirs.count("md-nav__link")  # the same navigation
    text = (floor_dir / "docs/journeys/journey-00001.md").read_text(encoding="utf-8")
    assert "journey-maps:spliced" not in text and 'class="jm-canvas"' in text  # the whole page, spliced back
    stand_in = (tmp_path / "n3-l1-pages/docs/journeys/journey-00001.md").read_text(encoding="utf-8")
    assert 900 < len(stand_in.encode()) < 1500 and "jm-canvas" not in stand_in and "hide:\n  - toc" in stand_in
    for page in ("index.html", "journeys/journey-00001/index.html", "insights/heatmap/index.html"):
        ours = (tmp_path / "n3-l1/site" / page).read_text(encoding="utf-8")
        theirs = (tmp_path / "n3-l1-pages/site" / page).read_text(encoding="utf-8")
        assert sorted(_site_nav(ours)) == sorted(_site_nav(theirs))  # the same pages in the navigation
        assert len(_site_nav(ours)) > 10


def _site_nav(html: str) -> list[str]:
    """The navigation's links to pages: those of the page's table of contents start with '#'."""
    return [href for href in re.findall(r'<a href="([^"]*)" class="md-nav__link', html) if not href.startswith("#")]
