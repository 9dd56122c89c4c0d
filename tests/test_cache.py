"""Parsed YAML is kept between builds (mkdocs serve, static-i18n): only files that changed are parsed again."""

from __future__ import annotations

import datetime
import os
import shutil
import time
from pathlib import Path

import pytest

from conftest import FIXTURES
from journey_maps import source
from journey_maps.project import check_maps

TODAY = datetime.date(2026, 11, 22)


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    parsed: list[str] = []
    real = source.parse_yaml

    def parse(data: bytes, display: str):
        parsed.append(display)
        return real(data, display)

    monkeypatch.setattr(source, "parse_yaml", parse)
    return parsed


def project(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    shutil.copytree(FIXTURES / "basic", root)
    old = time.time() - 3600  # written an hour ago: not "racy"
    for path in root.rglob("*.yml"):
        os.utime(path, (old, old))
    return root


def check(root: Path):
    return check_maps(root / "maps", root=root, docs_dir=root / "docs", today=TODAY)


def test_only_changed_files_are_parsed_again(tmp_path: Path, counted: list[str]) -> None:
    root = project(tmp_path)
    first = check(root)
    assert len(counted) == 6  # channels, touchpoints, 2 personas, 2 journeys
    counted.clear()
    second = check(root)
    assert counted == []
    assert second.maps.journeys == first.maps.journeys
    journey = root / "maps/journeys/coffee-order.yml"
    journey.write_text(journey.read_text(encoding="utf-8").replace("score: 4", "score: 5"), encoding="utf-8")
    third = check(root)
    assert counted == ["maps/journeys/coffee-order.yml"]
    assert third.maps.journeys["coffee-order"].stages[0].steps[0].score == 5


def test_a_file_rewritten_at_once_with_the_same_size_is_read_again(tmp_path: Path, counted: list[str]) -> None:
    # Within the file system's timestamp granularity two writes can share size and mtime:
    # recently written files are never served from the cache.
    root = project(tmp_path)
    journey = root / "maps/journeys/coffee-order.yml"
    text = journey.read_text(encoding="utf-8")
    journey.write_text(text.replace("score: 4", "score: 5"), encoding="utf-8")
    assert check(root).maps.journeys["coffee-order"].stages[0].steps[0].score == 5
    stat = journey.stat()
    journey.write_text(text.replace("score: 4", "score: 3"), encoding="utf-8")
    os.utime(journey, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same size, same mtime
    assert check(root).maps.journeys["coffee-order"].stages[0].steps[0].score == 3


def test_problems_are_reported_on_every_build(tmp_path: Path) -> None:
    root = project(tmp_path)
    broken = root / "maps/journeys/broken.yml"
    broken.write_text("title: [\n", encoding="utf-8")
    old = time.time() - 3600
    os.utime(broken, (old, old))
    first = [str(p) for p in check(root).errors]
    assert first and [str(p) for p in check(root).errors] == first


def test_a_folder_can_be_forgotten(tmp_path: Path) -> None:
    root = project(tmp_path)
    check(root)
    under = str((root / "maps").resolve())
    assert len([k for k in source._parsed if k[0].startswith(under)]) == 6
    source.forget(root / "maps")
    assert [k for k in source._parsed if k[0].startswith(under)] == []
