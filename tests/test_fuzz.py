"""Random documents through loader, checks and renderer: only located problems come out, never an exception."""

from __future__ import annotations

import contextlib
import datetime
import io
import shutil
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journey_maps import cli
from journey_maps.project import check_maps
from journey_maps.render.mermaid import journey_diagram
from journey_maps.render.pages import Renderer

FIELDS = [
    "id",
    "title",
    "summary",
    "type",
    "personas",
    "segment",
    "owner",
    "tags",
    "reviewed",
    "review_every",
    "compares_to",
    "stages",
    "name",
    "description",
    "goal",
    "steps",
    "score",
    "touchpoint",
    "channel",
    "actors",
    "doing",
    "thinking",
    "feeling",
    "quote",
    "pain_points",
    "opportunities",
    "metrics",
    "evidence",
    "frontstage",
    "backstage",
    "support",
    "text",
    "severity",
    "impact",
    "effort",
    "url",
    "role",
    "avatar",
    "demographics",
    "bio",
    "goals",
    "needs",
    "kind",
    "icon",
]
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-10, 10),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.sampled_from(["a", "web", "current-state", "high", "2026-01-01", "quarterly", "https://x.org", "maria"]),
    st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2100, 1, 1)),
)
keys = st.one_of(st.sampled_from(FIELDS), st.text(min_size=1, max_size=8))
documents = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=6)),
    max_leaves=30,
)

pytestmark = pytest.mark.slow  # hundreds of generated maps: run in full, not in the quick loop


def _check(files: dict[str, bytes]) -> None:
    root = Path(tempfile.mkdtemp())
    try:
        for name, data in files.items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        (root / "docs").mkdir()
        (root / "mkdocs.yml").write_text("site_name: Fuzz\n", encoding="utf-8")
        checked = check_maps(root / "maps", root=root, docs_dir=root / "docs", today=datetime.date(2026, 11, 22))
        for problem in checked.problems:
            assert problem.location.path.startswith("maps/"), problem
            assert problem.message
        for journey in checked.maps.journeys.values():
            journey_diagram(journey, checked.maps)
        Renderer(checked.maps).render_all()
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            code = cli.main(["validate", str(root / "maps"), "-f", str(root / "mkdocs.yml"), "--format", "json"])
        assert code == (1 if checked.errors else 0)
    finally:
        shutil.rmtree(root)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(journey=documents, persona=documents, touchpoints=documents, channels=documents)
def test_random_structures_never_crash(journey, persona, touchpoints, channels) -> None:
    def dump(doc) -> bytes:
        return yaml.safe_dump(doc, allow_unicode=True).encode()

    _check(
        {
            "maps/journeys/j.yml": dump(journey),
            "maps/personas/p.yml": dump(persona),
            "maps/touchpoints.yml": dump(touchpoints),
            "maps/channels.yml": dump(channels),
        }
    )


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=200), st.text(max_size=200))
def test_random_bytes_and_text_never_crash(data: bytes, text: str) -> None:
    _check({"maps/journeys/j.yml": data, "maps/personas/p.yml": text.encode("utf-8", "surrogatepass")})


@settings(max_examples=100, deadline=None)
@given(
    name=st.text(min_size=1, max_size=40).filter(str.strip),
    score=st.integers(1, 5),
    extra=st.dictionaries(st.sampled_from(["doing", "quote", "feeling", "thinking"]), st.text(max_size=30)),
)
def test_valid_maps_with_any_text_render(name: str, score: int, extra: dict[str, str]) -> None:
    step = {"id": "s", "name": name, "score": score, **{k: v for k, v in extra.items() if v.strip()}}
    journey = {"title": name, "stages": [{"id": "a", "name": name, "steps": [step]}]}
    _check({"maps/journeys/j.yml": yaml.safe_dump(journey, allow_unicode=True).encode()})
