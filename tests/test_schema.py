"""The exported JSON Schema: current, valid, accepts every example map, rejects shape errors."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from conftest import REPO, Site
from journey_maps.json_schema import schemas


class _DatesAsText(yaml.SafeLoader):
    """YAML as editors see it: dates stay text (JSON has no date type)."""


_DatesAsText.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load(path: Path):
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_DatesAsText)


def validator(name: str) -> jsonschema.Draft202012Validator:
    document = schemas()[name]
    jsonschema.Draft202012Validator.check_schema(document)
    return jsonschema.Draft202012Validator(document, format_checker=jsonschema.FormatChecker())


def _schema_name(path: Path) -> str:
    """journey / persona / touchpoints / channels, and the overlay schema for <stem>.<lang>.yml."""
    kind = {"journeys": "journey", "personas": "persona"}.get(path.parent.name, path.stem.split(".")[0])
    return f"{kind}-overlay.schema.json" if "." in path.stem else f"{kind}.schema.json"


EXAMPLES = [
    (_schema_name(p), p)
    for p in sorted(
        [
            *(REPO / "maps/journeys").glob("*.yml"),
            *(REPO / "maps/personas").glob("*.yml"),
            *(REPO / "maps").glob("*.yml"),
        ]
    )
]


@pytest.mark.parametrize(("name", "path"), EXAMPLES, ids=[p.name for _, p in EXAMPLES])
def test_example_maps_validate_against_the_schema(name: str, path: Path) -> None:
    errors = list(validator(name).iter_errors(load(path)))
    assert errors == [], [e.message for e in errors]
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert (
        first == f"# yaml-language-server: $schema={'../' * (len(path.relative_to(REPO / 'maps').parts))}schemas/{name}"
    )


def test_committed_schemas_are_current(tmp_path: Path) -> None:
    result = Site(REPO).run("schema", "--check", "--out", "schemas", tool="journey-maps")
    assert result.returncode == 0, result.stdout
    written = Site(tmp_path).run("schema", "--out", "out", tool="journey-maps")
    assert written.returncode == 0
    for name, document in schemas().items():
        assert json.loads((tmp_path / "out" / name).read_text(encoding="utf-8")) == document


def test_overlay_schemas_take_text_by_id_only() -> None:
    overlay = validator("journey-overlay.schema.json")
    good = {
        "title": "خرید کاپشن زمستانی",
        "stages": {
            "awareness": {"name": "آگاهی", "steps": {"sees-ad": {"name": "تبلیغ را می‌بیند", "pain_points": ["…"]}}}
        },
    }
    assert list(overlay.iter_errors(good)) == []
    for bad in ({"stages": [{"name": "x"}]}, {"personas": ["a"]}, {"stages": {"a": {"steps": {"s": {"score": 3}}}}}):
        assert list(overlay.iter_errors(bad)), bad
