"""Insights across journeys: aggregations with known answers, exports, the built pages and their filters."""

from __future__ import annotations

import csv
import datetime
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import Site, make_i18n_site, make_site
from htmltext import parse
from journey_maps import export, insights
from journey_maps.project import check_maps

TODAY = datetime.date(2026, 11, 22)

# Two current-state journeys sharing the stage ids "find" and "buy", and a future state
# (plans are not pains: it must stay out of the insights).
SHOP = """\
title: Shop
owner: Retail team
reviewed: 2026-01-01
review_every: quarterly
stages:
  - id: find
    name: Find
    steps:
      - {id: searches, name: Searches, score: 2, channel: search, pain_points: [{text: Ads everywhere, severity: low}]}
      - {id: compares, name: Compares, score: 4, channel: web}
  - id: buy
    name: Buy
    steps:
      - id: pays
        name: Pays
        score: 1
        channel: web
        pain_points: [{text: Card refused, severity: critical}, Slow page]
        opportunities: [{text: Wallet pay, impact: high, effort: low}, {text: Rebuild checkout, impact: high, effort: high}]
"""
BANK = """\
title: Bank
reviewed: 2026-11-01
review_every: yearly
stages:
  - id: find
    name: Discover
    steps:
      - {id: hears, name: Hears from a friend, score: 3}
  - id: buy
    name: Buy
    steps:
      - id: signs
        name: Signs
        score: 1
        channel: store
        pain_points: [{text: Queue at the branch, severity: high}]
        opportunities: [Sign online, {text: Fewer forms, impact: low, effort: low, owner: "=HYPERLINK(evil)"}]
  - id: use
    name: Use
    steps:
      - {id: logs-in, name: Logs in, score: 5, channel: mobile-app}
"""
SHOP_FUTURE = """\
title: Shop (future)
type: future-state
compares_to: shop
stages:
  - id: buy
    name: Buy
    steps:
      - {id: pays, name: Pays, score: 5, channel: web, pain_points: [{text: Planned pain, severity: critical}]}
"""


def insight_site(tmp_path: Path) -> Site:
    site = make_site(tmp_path)
    for name in ("coffee-order.yml", "coffee-order-future.yml"):
        (site.maps / "journeys" / name).unlink()
    site.write("maps/journeys/shop.yml", SHOP)
    site.write("maps/journeys/bank.yml", BANK)
    site.write("maps/journeys/shop-future.yml", SHOP_FUTURE)
    site.write("maps/touchpoints.yml", "{}\n")
    site.plugin_options(stale_reviews="info", review_date=TODAY)
    return site


@pytest.fixture
def maps(tmp_path: Path):
    site = insight_site(tmp_path)
    checked = check_maps(site.maps, root=site.root, docs_dir=site.docs, today=TODAY)
    assert checked.errors == [], checked.errors
    return checked.maps


def test_pain_backlog_most_severe_first_without_plans(maps) -> None:
    rows = insights.pain_backlog(maps)
    assert [(r.pain.text, r.pain.severity, r.ref.journey.id, r.ref.step.id) for r in rows] == [
        ("Card refused", "critical", "shop", "pays"),
        ("Queue at the branch", "high", "bank", "signs"),
        ("Slow page", "medium", "shop", "pays"),
        ("Ads everywhere", "low", "shop", "searches"),
    ]
    assert rows[0].ref.channel.id == "web" and (rows[0].ref.stage_position, rows[0].ref.step_position) == (2, 1)


def test_opportunities_by_impact_then_effort_and_the_matrix(maps) -> None:
    rows = insights.opportunity_backlog(maps)
    assert [r.opportunity.text for r in rows] == ["Wallet pay", "Rebuild checkout", "Fewer forms", "Sign online"]
    grid = insights.matrix(rows)
    assert {k: [r.opportunity.text for r in v] for k, v in grid.items()} == {
        ("high", "low"): ["Wallet pay"],
        ("high", "high"): ["Rebuild checkout"],
        ("low", "low"): ["Fewer forms"],
        ("", ""): ["Sign online"],
    }


def test_journey_heatmaps_are_each_journeys_own_heatmap(maps) -> None:
    per_journey = insights.journey_heatmaps(maps)
    assert [j.id for j, _ in per_journey] == [j.id for j in insights.journeys(maps)]  # future states left out
    assert len(per_journey) >= 2
    for journey, heat in per_journey:
        assert heat == insights.heatmap(maps, journey.id)
        assert heat.cells and all(r.journey.id == journey.id for c in heat.cells.values() for r in c.steps)


def test_heatmap_cells_count_and_average_by_channel_and_stage_id(maps) -> None:
    heat = insights.heatmap(maps)
    assert heat.stages == (("find", "Find"), ("buy", "Buy"), ("use", "Use"))  # "Find" 2×, "Discover" 1×
    assert [key for key, _ in heat.channels] == ["web", "search", "mobile-app", "store", ""]  # online first, none last
    web_buy = heat.cell("web", "buy")
    assert (web_buy.count, web_buy.average, web_buy.pain_points) == (1, 1.0, 2)  # the future state's 5 is left out
    assert heat.cell("", "find").count == 1 and heat.cell("web", "find").average == 4.0
    assert heat.cell("store", "find") is None
    assert [(t.key, t.cell.count, t.cell.average) for t in insights.by_stage(heat)] == [
        ("buy", 2, 1.0),
        ("find", 3, 3.0),
        ("use", 1, 5.0),
    ]
    assert [t.key for t in insights.by_channel(heat)][:2] == ["store", "search"]


def test_moments_of_truth_and_reviews(maps) -> None:
    lowest = insights.moments_of_truth(maps, 3)
    # two steps score 1: the one with a critical pain point first
    assert [(r.journey.id, r.step.id) for r in lowest] == [("shop", "pays"), ("bank", "signs"), ("shop", "searches")]
    reviews = insights.reviews(maps)
    assert [(r.journey.id, r.status.state, r.status.days_overdue) for r in reviews] == [
        ("shop", "overdue", 233),
        ("bank", "current", 0),
        ("shop-future", "unknown", 0),
    ]


# -- exports ---------------------------------------------------------------------


def test_export_columns_are_stable() -> None:
    assert export.COLUMNS["pain-points"] == (
        "journey_id",
        "journey_title",
        "journey_type",
        "stage_id",
        "stage_name",
        "stage_position",
        "step_id",
        "step_name",
        "step_position",
        "score",
        "severity",
        "text",
        "channel_id",
        "channel_name",
        "touchpoint_id",
        "touchpoint_name",
        "personas",
        "source",
    )
    assert export.COLUMNS["steps"][:10] == export.COLUMNS["pain-points"][:10]


@pytest.mark.parametrize("what", export.KINDS)
def test_exports_read_back_equal(maps, what: str) -> None:
    rows = export.rows(maps, what)
    assert all(tuple(r) == export.COLUMNS[what] for r in rows)
    assert json.loads(export.to_json(rows)) == rows
    as_text = [{k: "" if v is None else str(v) for k, v in r.items()} for r in rows]
    assert export.read_csv(export.to_csv(rows, what)) == as_text


def test_exports_hold_every_item_plans_included(maps) -> None:
    steps = export.rows(maps, "steps")
    assert len(steps) == 7  # 3 + 3 + 1 (the future state is data too; journey_type tells it apart)
    assert {r["journey_type"] for r in steps} == {"current-state", "future-state"}
    pays = next(r for r in steps if r["journey_id"] == "shop" and r["step_id"] == "pays")
    assert (pays["pain_points"], pays["worst_severity"], pays["opportunities"]) == (2, "critical", 2)
    assert pays["source"].startswith("maps/journeys/shop.yml:")
    assert len(export.rows(maps, "pain-points")) == 5


def test_csv_never_hands_a_formula_to_a_spreadsheet(maps) -> None:
    text = export.to_csv(export.rows(maps, "opportunities"), "opportunities")
    cells = [c for row in csv.reader(io.StringIO(text)) for c in row]
    assert "'=HYPERLINK(evil)" in cells and "=HYPERLINK(evil)" not in cells
    assert not any(c.startswith(("=", "+", "-", "@")) for c in cells)


def test_export_command(tmp_path: Path) -> None:
    site = insight_site(tmp_path)
    out = tmp_path / "pains.csv"
    result = subprocess.run(
        [sys.executable, "-m", "journey_maps.cli", "export", "--what", "pain-points", "-o", str(out)],
        cwd=site.root,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == f"wrote 5 pain-points to {out}"
    raw = out.read_bytes()
    assert raw.startswith("\ufeff".encode())  # spreadsheets read it as UTF-8
    assert [r["text"] for r in export.read_csv(raw.decode("utf-8"))][:2] == ["Queue at the branch", "Ads everywhere"]
    result = subprocess.run(
        [sys.executable, "-m", "journey_maps.cli", "export", "--format", "json", "--what", "touchpoints"],
        cwd=site.root,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (result.returncode, json.loads(result.stdout)) == (0, [])
    bad = subprocess.run(
        [sys.executable, "-m", "journey_maps.cli", "export", "--language", "xx"],
        cwd=site.root,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (bad.returncode, bad.stderr.strip()) == (1, "error: no translations to 'xx' (files named <id>.xx.yml)")


# -- the built pages --------------------------------------------------------------


def text_of(site: Site, page: str) -> str:
    return " ".join(parse(site.html(page)).text.split())


def test_insight_pages_are_built_linked_and_publish_their_data(insight_served) -> None:
    site = insight_served[0]
    home = site.html("")
    assert 'href="insights/"' in home
    for page in (
        "insights",
        *(f"insights/{p}" for p in ("pain-points", "opportunities", "heatmap", "moments-of-truth", "reviews")),
    ):
        assert (site.site_dir / page / "index.html").is_file(), page
    overview = text_of(site, "insights")
    assert "Card refused" not in overview and "Pays" in overview  # the lowest step, named
    assert "Planned pain" not in text_of(site, "insights/pain-points")
    backlog = parse(site.html("insights/pain-points"))
    rows = [e for e in backlog.elements if e.tag == "tr" and "data-severity" in e.attrs]
    assert [r.attrs["data-severity"] for r in rows] == ["critical", "high", "medium", "low"]
    links = {e.attrs["href"] for e in backlog.elements if e.tag == "a" and "href" in e.attrs}
    assert "../../journeys/shop/#pays" in links and "../data/pain-points.csv" in links
    data = site.site_dir / "insights" / "data"
    assert (
        json.loads((data / "pain-points.json").read_text(encoding="utf-8"))[0]["text"] == "Queue at the branch"
    )  # map order, as the CLI
    assert (data / "steps.csv").read_bytes().startswith("\ufeff".encode())
    heat = site.html("insights/heatmap")
    assert 'href="#cell-shop--web--buy"' in heat and 'id="cell-shop--web--buy"' in heat
    reviews = text_of(site, "insights/reviews")
    assert "Shop Retail team Review overdue 233 days overdue" in reviews


def test_insights_can_be_turned_off(tmp_path: Path) -> None:
    site = insight_site(tmp_path)
    site.plugin_options(insights=False)
    site.build()
    assert not (site.site_dir / "insights").exists()
    assert "journey-maps-tables.js" not in site.html("")


def test_every_language_has_its_insights_and_data(tmp_path: Path) -> None:
    site = make_i18n_site(tmp_path)
    site.build()
    fa = json.loads((site.site_dir / "fa/insights/data/steps.json").read_text(encoding="utf-8"))
    assert {r["journey_title"] for r in fa if r["journey_id"] == "coffee-order"} == {"سفارش قهوه"}
    assert "سفارش قهوه" in text_of(site, "fa/insights/pain-points")
    en = json.loads((site.site_dir / "insights/data/steps.json").read_text(encoding="utf-8"))
    assert {r["journey_title"] for r in en if r["journey_id"] == "coffee-order"} == {
        "Ordering coffee: the app & the counter"
    }


def test_a_no_channel_row_says_what_it_holds(basic_maps) -> None:
    """Issue 15: heatmaps showed a "No channel" row without saying what it means."""
    import dataclasses

    from journey_maps.render.pages import Renderer

    note = "No channel: steps that name no channel, at a touchpoint that names none either (or at no touchpoint)."
    pages = _by_name(Renderer(basic_maps, insights=True).render_all())
    has_row = "| No channel |" in pages["heatmap"]
    assert (note in pages["heatmap"]) == has_row
    # a step with neither a channel nor a touchpoint: the row, and the note under each table that has it
    journey = basic_maps.journeys["coffee-order"]
    first = journey.stages[0]
    bare = dataclasses.replace(first.steps[0], touchpoint=None, channel=None)
    stages = (dataclasses.replace(first, steps=(bare, *first.steps[1:])), *journey.stages[1:])
    maps = dataclasses.replace(
        basic_maps, journeys={**basic_maps.journeys, journey.id: dataclasses.replace(journey, stages=stages)}
    )
    maps._index()
    pages = _by_name(Renderer(maps, insights=True).render_all())
    assert "| No channel |" in pages["heatmap"] and pages["heatmap"].count(note) == 2  # all journeys, and this one
    assert note in pages["insights"]


def _by_name(pages) -> dict[str, str]:
    """The insight pages' Markdown by name: heatmap, insights (the index), …"""
    out = {}
    for page in pages:
        if page.kind == "insight-index":
            out["insights"] = page.markdown
        elif page.kind == "insight":
            out[page.src_uri.rsplit("/", 1)[-1].removesuffix(".md")] = page.markdown
    return out


def test_one_counting_rule_on_every_page(basic_maps) -> None:
    """Issue 15: the touchpoint index averaged today's 4 with the plan's 5 (4.5), the insights did not."""
    import html

    from journey_maps.render.pages import Renderer

    rule = "Scores and pain points count the maps of today: future-state maps are plans, so they are listed but not counted."
    pages = Renderer(basic_maps, insights=True).render_all()
    index = html.unescape(next(p.markdown for p in pages if p.kind == "touchpoint-index"))
    used = index.split("{ #app-store-page }", 1)[1].split("####", 1)[0]
    assert "Used in 2 steps · average score" in used
    counts = next(line for line in used.splitlines() if line.startswith('<p class="jm-counts">'))
    assert 'title="Emotional score: 4.0 of 5">4.0</span>' in counts  # not 4.5
    assert "Future state" in used  # the plan's step is listed, and marked
    assert rule in index and rule in _by_name(pages)["insights"]
