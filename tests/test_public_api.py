"""The names journey_maps exports: what a user's script or another tool may rely on."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import journey_maps
from conftest import FIXTURES, REPO


def test_the_public_names_are_the_documented_ones() -> None:
    assert sorted(journey_maps.__all__) == ["MapsError", "check", "generate", "load_maps", "render_pages"]
    docs = (REPO / "docs" / "engines.md").read_text(encoding="utf-8")
    for name in journey_maps.__all__:
        assert f"`{name}" in docs, f"{name} is not documented in docs/engines.md"


def test_check_load_render_the_example_maps() -> None:
    checked = journey_maps.check(REPO / "maps", root=REPO)
    assert checked.errors == []
    maps = journey_maps.load_maps(REPO / "maps", root=REPO)
    assert "hotel-stay" in maps.journeys
    pages = {page.src_uri: page for page in journey_maps.render_pages(maps, options={"insights": False})}
    assert pages["journeys/hotel-stay.md"].kind == "journey"
    assert not any(src.startswith("insights/") for src in pages)
    persian = {p.src_uri: p for p in journey_maps.render_pages(maps.translated("fa"), language="fa")}
    assert persian["journeys/hotel-stay.md"].markdown.startswith('---\ntitle: "اقامت در هتل')


def test_load_raises_with_every_error_located(tmp_path: Path) -> None:
    broken = tmp_path / "maps"
    shutil.copytree(REPO / "maps", broken)
    journey = broken / "journeys" / "hotel-stay.yml"
    journey.write_text(journey.read_text(encoding="utf-8").replace("score: ", "score: x", 1), encoding="utf-8")
    with pytest.raises(journey_maps.MapsError) as raised:
        journey_maps.load_maps(broken, root=tmp_path)
    assert raised.value.problems and str(raised.value).startswith("maps/journeys/hotel-stay.yml:")
    assert journey_maps.check(broken, root=tmp_path).errors == raised.value.problems


def test_generate_writes_then_checks_clean(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(FIXTURES / "basic" / "maps", project / "maps")
    options = {"changes": False, "mermaid_js": ""}
    written = journey_maps.generate(project / "docs", root=project, options=options)
    assert written and all(change.state == "missing" for change in written)
    assert journey_maps.generate(project / "docs", root=project, options=options, check_only=True) == []
    with pytest.raises(ValueError, match="nav_limit"):
        journey_maps.render_pages(journey_maps.load_maps(project / "maps", root=project), options={"nav_limit": "many"})


def test_no_module_of_the_package_hides_a_public_name() -> None:
    """Importing a submodule sets it as an attribute of the package: none may share a public name."""
    import importlib
    import pkgutil

    for module in pkgutil.walk_packages(journey_maps.__path__, "journey_maps."):
        importlib.import_module(module.name)
    for name in journey_maps.__all__:
        assert callable(getattr(journey_maps, name)), f"journey_maps.{name} is hidden by a module"
