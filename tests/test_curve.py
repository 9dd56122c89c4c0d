"""The emotion curve: an inline SVG checked by its structure (not its pixels), a golden file,
and a real build that keeps it intact in the journey page."""

from __future__ import annotations

import datetime
import re
import xml.etree.ElementTree as ET

import pytest

from conftest import Site
from journey_maps import i18n, model
from journey_maps.catalog import MapSet
from journey_maps.load import Loaded
from journey_maps.render import curve

NS = {"svg": "http://www.w3.org/2000/svg"}
SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = "<script>alert(1)</script>{{ 7*7 }} {% raw %} & 'q' \"dq\""


def _maps(*journeys: model.Journey) -> MapSet:
    return MapSet.build(Loaded(journeys=list(journeys)), datetime.date(2026, 11, 22))


def _step(sid: str, score: int, *pains: str, name: str | None = None) -> model.Step:
    return model.Step(
        id=sid,
        name=name or f"Step {sid}",
        score=score,
        pain_points=tuple(model.PainPoint(text=f"pain {i}", severity=s) for i, s in enumerate(pains)),  # type: ignore[arg-type]
    )


def _journey() -> model.Journey:
    """Eight steps in three stages: two lows of 1 (the earlier is named first), pains of every severity."""
    return model.Journey(
        id="trip",
        title="A trip",
        stages=(
            model.Stage(id="plan", name="Plan", steps=(_step("a", 5), _step("b", 1, "low", "critical"))),
            model.Stage(
                id="go", name="Go", steps=(_step("c", 3, "medium"), _step("d", 2, "high", "low"), _step("e", 1))
            ),
            model.Stage(id="back", name="Back home", steps=(_step("f", 4), _step("g", 2), _step("h", 5))),
        ),
    )


def _parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    return root


def _classes(element: ET.Element) -> set[str]:
    return set(element.get("class", "").split())


def _find(root: ET.Element, cls: str) -> list[ET.Element]:
    return [e for e in root.iter() if cls in _classes(e)]


def _texts(root: ET.Element, cls: str) -> list[str]:
    return ["".join(e.itertext()) for e in _find(root, cls)]


def _y(point: ET.Element) -> float:
    if point.tag == f"{SVG}circle":
        return float(point.get("cy", "nan"))
    numbers = [float(v) for v in re.findall(r"-?[\d.]+", point.get("d", ""))]
    return (numbers[1] + numbers[5]) / 2  # a diamond: top and bottom corners


def _x(point: ET.Element) -> float:
    if point.tag == f"{SVG}circle":
        return float(point.get("cx", "nan"))
    return float(re.findall(r"-?[\d.]+", point.get("d", ""))[0])


def _points(series: ET.Element) -> list[ET.Element]:
    return _find(series, "jm-curve__pt")


def test_a_point_per_step_and_higher_scores_draw_higher() -> None:
    journey = _journey()
    root = _parse(curve.emotion_curve(journey, _maps(journey)))
    series = _find(root, "jm-curve__series")
    assert len(series) == 1
    points = _points(series[0])
    assert len(points) == len(journey.steps) == 8
    by_score = {int(next(c for c in _classes(p) if c.startswith("jm-curve__pt--s"))[-1]): _y(p) for p in points}
    assert by_score[1] > by_score[2] > by_score[3] > by_score[4] > by_score[5]  # SVG y grows downwards
    xs = [_x(p) for p in points]
    assert xs == sorted(xs) and len(set(xs)) == len(xs)  # time runs left to right
    assert len(_find(series[0], "jm-curve__line")) == 1
    assert not _find(root, "jm-curve__legend")  # one curve: no legend


def test_stage_names_in_order_with_gridlines_and_axis() -> None:
    journey = _journey()
    root = _parse(curve.emotion_curve(journey, _maps(journey)))
    assert _texts(root, "jm-curve__stage") == ["Plan", "Go", "Back home"]
    assert len(_find(root, "jm-curve__band")) == 3
    assert len(_find(root, "jm-curve__sep")) == 2
    assert len(_find(root, "jm-curve__grid")) == 5
    assert _texts(root, "jm-curve__tick") == ["1", "2", "3", "4", "5"]
    assert _texts(root, "jm-curve__axis-title") == ["Score"]


def test_lowest_points_are_named_earliest_first() -> None:
    journey = _journey()
    root = _parse(curve.emotion_curve(journey, _maps(journey)))
    assert _texts(root, "jm-curve__low") == ["Step b", "Step e"]  # 8 steps: two labels; both lows score 1
    short = model.Journey(id="s", title="S", stages=(model.Stage(id="x", name="X", steps=(_step("a", 3),)),))
    assert _texts(_parse(curve.emotion_curve(short, _maps(short))), "jm-curve__low") == ["Step a"]


def test_pain_markers_by_worst_severity_with_their_count() -> None:
    journey = _journey()
    root = _parse(curve.emotion_curve(journey, _maps(journey)))
    pains = _find(root, "jm-curve__pain")
    assert len(pains) == 3  # steps b, c and d
    worst = [next(c.rsplit("--", 1)[1] for c in _classes(p) if "--" in c) for p in pains]
    assert worst == ["critical", "medium", "high"]
    counts = [_texts(p, "jm-curve__pain-count") for p in pains]
    assert counts == [["2"], ["1"], ["2"]]
    radii = [float(p.find("svg:circle", NS).get("r")) for p in pains]  # type: ignore[union-attr]
    assert radii[0] > radii[2] > radii[1]  # critical > high > medium
    assert "2 pain points · Critical" in pains[0].findtext("svg:title", namespaces=NS)  # type: ignore[operator]


def test_title_description_and_unique_ids() -> None:
    journey = _journey()
    root = _parse(curve.emotion_curve(journey, _maps(journey)))
    assert root.get("role") == "img"
    assert root.findtext("svg:title", namespaces=NS) == "Emotion curve: A trip"
    assert root.findtext("svg:desc", namespaces=NS) == "8 steps, average score 2.9, lowest point 1 at Step b."
    ids = [e.get("id") for e in root.iter() if e.get("id")]
    assert len(ids) == len(set(ids)) and all(i.startswith("jm-curve-trip-") for i in ids)
    assert set(root.get("aria-labelledby", "").split()) == set(ids)
    assert re.fullmatch(r"0 0 [\d.]+ [\d.]+", root.get("viewBox", ""))
    with pytest.raises(ValueError):
        curve.svg(curve.Chart(journey=model.Journey(id="Not an id", title="x"), series=(), columns=(), own=0))


def test_comparison_draws_both_curves_aligned_with_a_legend(basic_maps) -> None:
    journey = basic_maps.journeys["coffee-order"]
    root = _parse(curve.emotion_curve(journey, basic_maps))
    before, after = _find(root, "jm-curve__series")
    assert "jm-curve__series--before" in _classes(before) and "jm-curve__series--after" in _classes(after)
    assert len(_points(before)) == 3 and len(_points(after)) == 1
    # "pays" is in both maps: both points in one column, the future state higher (5 against 2)
    pays_before = next(p for p in _points(before) if "jm-curve__pt--s2" in _classes(p))
    (pays_after,) = _points(after)
    assert _x(pays_before) == _x(pays_after) and _y(pays_after) < _y(pays_before)
    # told apart by colour class, dash pattern and marker shape
    (legend,) = _find(root, "jm-curve__legend")
    samples = [_find(legend, f"jm-curve__line--{key}")[0] for key in ("before", "after")]
    assert _find(before, "jm-curve__line--before")[0].get("stroke-dasharray") == samples[0].get("stroke-dasharray")
    assert samples[0].get("stroke-dasharray") and not samples[1].get("stroke-dasharray")
    assert {p.tag for p in _points(before)} == {f"{SVG}circle"} and pays_after.tag == f"{SVG}path"
    assert _texts(root, "jm-curve__legend-label") == ["Current state", "Future state"]
    description = root.findtext("svg:desc", namespaces=NS) or ""
    assert description.startswith("Current state: 3 steps") and "Future state: 1 step," in description
    # the future state's page shows the same two curves, its own lowest point named
    future = _parse(curve.emotion_curve(basic_maps.journeys["coffee-order-future"], basic_maps))
    assert len(_find(future, "jm-curve__series")) == 2
    assert _texts(future, "jm-curve__low") == ["Pays in the app"]


def test_hostile_text_stays_text() -> None:
    step = _step("evil", 2, "high", name=HOSTILE + "\x01\n second line")
    journey = model.Journey(
        id="evil", title=HOSTILE, stages=(model.Stage(id="st", name=HOSTILE * 4, steps=(step, _step("ok", 4))),)
    )
    svg = curve.emotion_curve(journey, _maps(journey))
    assert "{" not in svg and "}" not in svg and "<script" not in svg
    root = _parse(svg)
    assert not [e for e in root.iter() if e.tag.endswith("script")]
    assert HOSTILE in root.findtext("svg:title", namespaces=NS)  # type: ignore[operator]
    assert f"{HOSTILE} second line" in "".join(root.itertext())  # shown with its control character removed
    shown = _texts(root, "jm-curve__stage")[0]
    assert shown.endswith("…") and (HOSTILE * 4).startswith(shown[:-1].rstrip())  # cut to fit its band
    tips = [t.text for t in root.iter(f"{SVG}title")]
    assert HOSTILE * 4 in tips  # the whole name in a tooltip
    assert "\n\n" not in svg and not any(line.startswith(" ") for line in svg.splitlines())


def test_long_labels_are_cut_with_the_full_name_in_a_title() -> None:
    name = "Calls the contact centre because the app does not say what is missing " * 2
    journey = model.Journey(
        id="long", title="L", stages=(model.Stage(id="st", name="S", steps=(_step("a", 1, name=name),)),)
    )
    root = _parse(curve.emotion_curve(journey, _maps(journey)))
    (label,) = _find(root, "jm-curve__low")
    assert label.text and label.text.endswith("…") and len(label.text) < len(name)
    group = next(g for g in root.iter(f"{SVG}g") if label in list(g))
    assert group.findtext("svg:title", namespaces=NS) == name.strip()


def test_deterministic_with_rounded_coordinates(basic_maps) -> None:
    journey = basic_maps.journeys["coffee-order"]
    first = curve.emotion_curve(journey, basic_maps)
    assert first == curve.emotion_curve(journey, basic_maps)
    numbers = re.findall(r'\s(?:x|y|x1|y1|x2|y2|cx|cy|r|width|height)="([^"]+)"', first)
    assert numbers and all(re.fullmatch(r"-?\d+(\.\d)?|100%", n) for n in numbers), numbers


def test_long_journeys_are_drawn_at_their_natural_size_with_numbered_steps() -> None:
    steps = tuple(_step(f"s{i}", 1 + i % 5, name=f"Step number {i} of a long journey") for i in range(36))
    journey = model.Journey(id="long", title="L", stages=(model.Stage(id="st", name="S", steps=steps),))
    root = _parse(curve.emotion_curve(journey, _maps(journey)))
    width = float(root.get("viewBox", "").split()[2])
    assert width >= 36 * curve.COLUMN
    assert root.get("width") == curve._num(width) and "style" not in root.attrib  # 1 unit = 1 CSS px: scrolls
    assert _texts(root, "jm-curve__step") == [str(i) for i in range(1, 37)]  # the canvas's step numbers
    lows = _find(root, "jm-curve__low")
    assert len(lows) == curve.MAX_LABELS and not any((t.text or "").endswith("…") for t in lows)


def test_words_and_numbers_in_the_readers_language(basic_maps) -> None:
    root = _parse(curve.emotion_curve(basic_maps.journeys["coffee-order"], basic_maps, language="fa"))
    assert _texts(root, "jm-curve__tick") == [i18n.number(s, "fa", decimals=0) for s in range(1, 6)]
    assert (root.findtext("svg:title", namespaces=NS) or "").startswith("نمودار امتیازها")
    assert _texts(root, "jm-curve__legend-label") == ["وضعیت فعلی", "وضعیت آینده"]
    assert _texts(root, "jm-curve__axis-title") == ["امتیاز"]
    journey = _journey()
    german = _parse(curve.emotion_curve(journey, _maps(journey), language="de"))
    assert german.findtext("svg:desc", namespaces=NS) == (
        "8 Schritte, Durchschnittsscore 2,9, tiefster Punkt 1 bei Step b."
    )


def test_golden_svg(golden, basic_maps) -> None:
    golden("curve/coffee-order.svg", curve.emotion_curve(basic_maps.journeys["coffee-order"], basic_maps))


def test_the_built_page_holds_the_svg_intact(basic_site: Site, basic_maps) -> None:
    basic_site.build()
    html = basic_site.html("journeys/coffee-order")
    expected = curve.emotion_curve(basic_maps.journeys["coffee-order"], basic_maps)
    match = re.search(r'<div class="jm-curve"[^>]*>\s*(<svg.*?</svg>)\s*</div>', html, re.S)
    assert match, "no emotion curve on the journey page"
    assert match.group(1) == expected
    root = _parse(match.group(1))
    assert len(_find(root, "jm-curve__pt")) == 3 + 1 + 2  # both curves and the legend's two samples
    assert 'id="_curve"' in html
    assert '<details class="jm-curve-data">' in html
    data = html[html.index('<details class="jm-curve-data">') :]
    data = data[: data.index("</details>")]
    assert data.count("<tr>") == 1 + 3  # a header and a row per step of both maps
    assert '<a href="#pays">' in data and "2 (Critical)" in data
