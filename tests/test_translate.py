"""Translation overlays: text by id, per-field fallback, coverage, and located errors."""

from __future__ import annotations

from pathlib import Path

from journey_maps.project import check_maps
from test_loader import GOOD_JOURNEY, TODAY, problems

JOURNEY = """\
title: Buying a jacket
personas: [maria]
stages:
  - id: browse
    name: Browse
    goal: Find a warm jacket
    steps:
      - id: sees-ad
        name: Sees an ad
        score: 4
        touchpoint: insta-ad
        pain_points:
          - Too many ads
          - {text: Wrong size shown, severity: high}
        frontstage: [Ad creative]
      - id: reads-reviews
        name: Reads reviews
        score: 3
        touchpoint: insta-ad
"""
FA = """\
title: خرید کاپشن
stages:
  browse:
    name: مرور
    steps:
      sees-ad:
        name: تبلیغ را می‌بیند
        pain_points:
          - تبلیغ زیاد
          - {text: اندازه اشتباه}
"""


def _maps(tmp_path: Path, files: dict[str, str]):
    for name, text in {
        "maps/journeys/jacket.yml": JOURNEY,
        "maps/personas/maria.yml": "name: Maria\nrole: Parent\n",
        "maps/touchpoints.yml": "insta-ad:\n  name: Instagram ad\n  channel: social\n",
        **files,
    }.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return check_maps(tmp_path / "maps", root=tmp_path, docs_dir=None, today=TODAY)


def test_overlay_translates_text_by_id_and_falls_back_per_field(tmp_path: Path) -> None:
    checked = _maps(
        tmp_path, {"maps/journeys/jacket.fa.yml": FA, "maps/touchpoints.fa.yml": "insta-ad: {name: تبلیغ اینستاگرام}\n"}
    )
    assert [str(p) for p in checked.problems] == []
    assert checked.maps.languages == ["fa"]
    fa = checked.maps.translated("fa")
    journey = fa.journeys["jacket"]
    assert journey.title == "خرید کاپشن"
    stage = journey.stages[0]
    assert (stage.name, stage.goal) == ("مرور", "Find a warm jacket")  # goal falls back
    first, second = stage.steps
    assert first.name == "تبلیغ را می‌بیند" and second.name == "Reads reviews"
    assert [p.text for p in first.pain_points] == ["تبلیغ زیاد", "اندازه اشتباه"]
    assert [p.severity for p in first.pain_points] == ["medium", "high"]  # from the source
    assert (first.score, first.touchpoint) == (4, "insta-ad")
    assert fa.touchpoints["insta-ad"].name == "تبلیغ اینستاگرام"
    assert checked.maps.journeys["jacket"].title == "Buying a jacket"  # the source is unchanged
    coverage = fa.coverage["journey:jacket"]
    assert (coverage.translated, coverage.total) == (5, 8)
    assert [path for path, _ in coverage.missing] == [
        "jacket.stages.browse.goal",
        "jacket.stages.browse.steps.sees-ad.frontstage[0]",
        "jacket.stages.browse.steps.reads-reviews.name",
    ]
    assert str(coverage.missing[0][1]) == "maps/journeys/jacket.yml:6:11"
    assert fa.coverage["persona:maria"].percent == 0.0
    assert fa.coverage["touchpoint:insta-ad"].percent == 100.0


def test_overlay_errors_are_located(tmp_path: Path) -> None:
    bad = """\
title: [not, text]
stages:
  brwse:
    name: x
  browse:
    name: مرور
    goal: ok
    steps:
      sees-ad:
        score: 5
        pain_points: [one, two, three]
        colour: red
      - not a mapping
"""
    found = [str(p) for p in _maps(tmp_path, {"maps/journeys/jacket.fa.yml": bad}).problems]
    assert found == [
        "maps/journeys/jacket.fa.yml:13:7: YAML syntax error: did not find expected key (while parsing a block mapping that starts at line 9, column 7)"
        " (a line is not lined up with the lines above it: YAML reads the indentation as structure)"
    ]
    bad = bad.replace("      - not a mapping\n", "")
    found = [str(p) for p in _maps(tmp_path, {"maps/journeys/jacket.fa.yml": bad}).problems]
    assert found == [
        "maps/journeys/jacket.fa.yml:1:8: expected text, got a list",
        "maps/journeys/jacket.fa.yml:3:3: 'brwse' is not an id in the source (did you mean 'browse'?)",
        "maps/journeys/jacket.fa.yml:10:9: 'score' cannot be translated: only text is "
        "(ids, scores, references, dates, links and metrics come from the source)",
        "maps/journeys/jacket.fa.yml:11:22: has 3 items, the source has 2 (items are translated in the source's order; "
        "a shorter list leaves the rest untranslated)",
        "maps/journeys/jacket.fa.yml:12:9: 'colour' is not a field here (allowed: name, actors, doing, thinking, "
        "feeling, quote, pain_points, opportunities, evidence, frontstage, backstage, support)",
    ]


def test_overlay_without_source_and_bad_language(tmp_path: Path) -> None:
    found = problems(
        tmp_path, {"maps/journeys/jackett.fa.yml": "title: x\n", "maps/personas/maria.f1.yml": "name: x\n"}
    )
    assert found == [
        "maps/journeys/jackett.fa.yml:1:1: error: no journey 'jackett' to translate (did you mean 'jacket'?)",
        "maps/personas/maria.f1.yml:1:1: error: 'f1' is not a language code (name translations <id>.<language>.yml, e.g. winter-jacket.fa.yml)",
    ]


def test_broken_source_gives_no_second_error_for_its_overlay(tmp_path: Path) -> None:
    found = problems(
        tmp_path, {"maps/journeys/jacket.yml": "title: [\n", "maps/journeys/jacket.tr.yml": "title: Ceket\n"}
    )
    assert [p for p in found if "jacket.tr" in p] == []
    assert GOOD_JOURNEY  # the default project stays importable for other tests


def test_i18n_status_reports_coverage_and_fails_under(tmp_path: Path) -> None:
    import json

    from conftest import Site

    _maps(tmp_path, {"maps/journeys/jacket.fa.yml": FA, "maps/journeys/jacket.fi.yml": "title: Takin ostaminen\n"})
    site = Site(tmp_path)
    text = site.run("i18n-status", tool="journey-maps")
    assert text.returncode == 0, text.stderr
    assert text.stdout.splitlines() == [
        "fa: 45.5% (5 of 11 texts)",
        "   62.5%  journey:jacket",
        "    0.0%  persona:maria",
        "    0.0%  touchpoint:insta-ad",
        "fi: 9.1% (1 of 11 texts)",
        "   12.5%  journey:jacket",
        "    0.0%  persona:maria",
        "    0.0%  touchpoint:insta-ad",
    ]
    gate = site.run("i18n-status", "--fail-under", "40", tool="journey-maps")
    assert gate.returncode == 1
    assert gate.stdout.splitlines()[-1] == "below 40%: fi"
    assert site.run("i18n-status", "--fail-under", "40", "--language", "fa", tool="journey-maps").returncode == 0
    report = json.loads(site.run("i18n-status", "--format", "json", "--language", "fi", tool="journey-maps").stdout)
    missing = report["fi"]["entities"]["journey:jacket"]["missing"]
    assert missing[0] == {"field": "jacket.stages.browse.name", "source": "maps/journeys/jacket.yml:5:11"}
    assert {
        "field": "jacket.stages.browse.steps.sees-ad.frontstage[0]",
        "source": "maps/journeys/jacket.yml:15:22",
    } in missing


def test_a_shorter_list_translates_its_first_items(tmp_path: Path) -> None:
    overlay = FA.replace("          - {text: اندازه اشتباه}\n", "")
    checked = _maps(tmp_path, {"maps/journeys/jacket.fa.yml": overlay})
    assert [str(p) for p in checked.problems] == []
    step = checked.maps.translated("fa").journeys["jacket"].stages[0].steps[0]
    assert [p.text for p in step.pain_points] == ["تبلیغ زیاد", "Wrong size shown"]
    missing = [path for path, _ in checked.maps.translated("fa").coverage["journey:jacket"].missing]
    assert "jacket.stages.browse.steps.sees-ad.pain_points[1].text" in missing


def test_a_persona_is_one_actor_in_every_language(tmp_path: Path) -> None:
    """Issue 15: the Chinese legend listed "Aisha" (an actor as written) and 艾莎 (the persona) apart."""
    from journey_grammar import parse
    from journey_maps.render.mermaid import journey_diagram

    journey = JOURNEY.replace(
        "        touchpoint: insta-ad\n        pain_points:",
        "        touchpoint: insta-ad\n        actors: [Maria, Clerk]\n        pain_points:",
    )
    checked = _maps(
        tmp_path,
        {
            "maps/journeys/jacket.yml": journey,
            "maps/personas/maria.yml": "name: Maria, the busy parent\n",
            "maps/personas/maria.zh.yml": "name: 玛丽亚，忙碌的家长\n",
        },
    )
    zh = checked.maps.translated("zh")
    tasks = [t for s in parse(journey_diagram(zh.journeys["jacket"], zh)).sections for t in s.tasks]
    assert [t.actors for t in tasks] == [["玛丽亚", "Clerk"], ["玛丽亚"]]
    tasks = [t for s in parse(journey_diagram(checked.maps.journeys["jacket"], checked.maps)).sections for t in s.tasks]
    assert [t.actors for t in tasks] == [["Maria", "Clerk"], ["Maria"]]
