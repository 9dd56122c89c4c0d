"""Current state vs future state: pairing, stage-by-stage matching, the built comparison page."""

from __future__ import annotations

import datetime
from pathlib import Path

from conftest import Site, make_site
from htmltext import parse
from journey_maps.compare import compare, pairs
from journey_maps.project import check_maps

TODAY = datetime.date(2026, 11, 22)

CURRENT = """\
title: Renewing a loan
type: current-state
compares_to: loan-future
stages:
  - id: apply
    name: Apply
    steps:
      - {id: finds-form, name: Finds the form, score: 2, pain_points: [Form is hidden, {text: PDF only, severity: high}]}
      - {id: prints, name: Prints and signs, score: 1, pain_points: [Needs a printer]}
  - id: wait
    name: Wait
    steps:
      - {id: calls, name: Calls to ask, score: 1, pain_points: [Long hold]}
  - id: paperwork
    name: Paperwork
    steps:
      - {id: mails, name: Mails the papers, score: 2}
"""

FUTURE = """\
title: Renewing a loan (future)
type: future-state
stages:
  - id: apply
    name: Apply online
    steps:
      - {id: finds-form, name: Starts in the app, score: 4, pain_points: [{text: PDF only, severity: high}]}
      - {id: tracks, name: Tracks progress, score: 4, pain_points: [Too many notifications]}
  - id: wait
    name: Wait
    steps:
      - {id: calls, name: Gets a push message, score: 4}
"""


def load(site: Site):
    checked = check_maps(site.maps, root=site.root, docs_dir=site.docs, today=TODAY)
    assert checked.errors == [], checked.errors
    return checked.maps


def loan_site(tmp_path: Path) -> Site:
    site = make_site(tmp_path)
    site.write("maps/journeys/loan.yml", CURRENT)
    site.write("maps/journeys/loan-future.yml", FUTURE)
    return site


def test_pairs_put_the_future_state_second_and_appear_once(tmp_path: Path) -> None:
    site = loan_site(tmp_path)
    maps = load(site)
    assert pairs(maps) == [("coffee-order", "coffee-order-future"), ("loan", "loan-future")]
    # Declared from the future state only, or from both sides: the same single pair.
    site.write("maps/journeys/loan.yml", CURRENT.replace("compares_to: loan-future\n", ""))
    site.write(
        "maps/journeys/loan-future.yml",
        FUTURE.replace("type: future-state\n", "type: future-state\ncompares_to: loan\n"),
    )
    assert ("loan", "loan-future") in pairs(load(site))
    site.write("maps/journeys/loan.yml", CURRENT)
    assert [p for p in pairs(load(site)) if "loan" in p] == [("loan", "loan-future")]


def test_stage_by_stage_with_score_changes_and_removed_pain_points(tmp_path: Path) -> None:
    comparison = compare(load(loan_site(tmp_path)), "loan", "loan-future")
    assert [s.id for s in comparison.stages] == ["apply", "wait", "paperwork"]
    apply, wait, paperwork = comparison.stages
    assert [(p.id, p.delta) for p in apply.steps] == [("finds-form", 2), ("tracks", None), ("prints", None)]
    finds, tracks, prints = apply.steps
    assert [p.text for p in finds.removed_pain_points] == ["Form is hidden"]  # PDF only stays
    assert [p.text for p in tracks.added_pain_points] == ["Too many notifications"]
    assert (prints.after, [p.text for p in prints.removed_pain_points]) == (None, ["Needs a printer"])
    assert [(p.id, p.delta, [x.text for x in p.removed_pain_points]) for p in wait.steps] == [
        ("calls", 3, ["Long hold"])
    ]
    assert (paperwork.after, [p.id for p in paperwork.steps]) == (None, ["mails"])
    assert (comparison.removed_pain_points, comparison.added_pain_points) == (3, 1)
    assert (apply.average("before"), apply.average("after")) == (1.5, 4.0)


def test_a_step_moved_to_another_stage_is_matched_there(tmp_path: Path) -> None:
    site = loan_site(tmp_path)
    site.write(
        "maps/journeys/loan-future.yml",
        FUTURE.replace("      - {id: calls, name: Gets a push message, score: 4}\n", "").replace(
            "  - id: wait\n    name: Wait\n    steps:\n", ""
        )
        + "      - {id: calls, name: Chats in the app, score: 5}\n",
    )
    comparison = compare(load(site), "loan", "loan-future")
    apply = comparison.stages[0]
    calls = next(p for p in apply.steps if p.id == "calls")
    assert (calls.delta, calls.moved_from.id) == (4, "wait")
    wait = next(s for s in comparison.stages if s.id == "wait")
    assert (wait.after, wait.steps) == (None, ())


def test_comparison_page_is_built_and_linked_from_both_journeys(tmp_path: Path) -> None:
    site = loan_site(tmp_path)
    site.build()
    page = parse(site.html("journeys/loan/vs-loan-future"))
    text = " ".join(page.text.split())
    assert "Renewing a loan ⇄ Renewing a loan (future)" in text
    assert "1 pain point is new." in text and "3 pain points of the first map are gone in the second." in text
    assert "Form is hidden" in text and "Long hold" in text
    links = {e.attrs.get("href") for e in page.elements if e.tag == "a"}
    assert "../../loan-future/#finds-form" in links
    for journey in ("loan", "loan-future"):
        html = site.html(f"journeys/{journey}")
        assert 'href="../loan/vs-loan-future/"' in html or 'href="vs-loan-future/"' in html
    # Not listed in the navigation: it is reached from the two journey pages.
    assert "vs-loan-future" not in site.html("")
