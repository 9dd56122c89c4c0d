"""What changed between two versions of the maps: the comparison, git history, the CLI and the page."""

from __future__ import annotations

import datetime
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES, Site, make_i18n_site, make_site
from htmltext import parse
from journey_maps import history
from journey_maps.catalog import MapSet
from journey_maps.changes import diff_maps
from journey_maps.project import check_maps
from journey_maps.render.pages import Changes, Renderer

TODAY = datetime.date(2026, 11, 22)
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.com",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.com",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}


def load(root: Path) -> MapSet:
    checked = check_maps(root / "maps", root=root, docs_dir=root / "docs", today=TODAY)
    assert checked.errors == [], checked.errors
    return checked.maps


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _when(repo: Site, ref: str) -> str:
    """How the What changed page names a commit's date and short id."""
    from journey_maps import i18n

    day = datetime.date.fromisoformat(git(repo.root, "show", "-s", "--format=%cs", ref))
    return f"{i18n.date(day, 'en')}, {git(repo.root, 'rev-parse', ref)[:7]}"


def git(root: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", *args], cwd=root, env={**os.environ, **GIT_ENV}, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def commit(root: Path, message: str, tag: str | None = None) -> None:
    git(root, "add", "-A")
    git(root, "commit", "-q", "--allow-empty", "-m", message)
    if tag:
        git(root, "tag", tag)


@pytest.fixture
def before_after(tmp_path: Path) -> tuple[Path, Path]:
    """The basic maps, and a copy edited the way a quarterly review edits a map."""
    old, new = tmp_path / "old", tmp_path / "new"
    shutil.copytree(FIXTURES / "basic", old)
    shutil.copytree(FIXTURES / "basic", new)
    journey = new / "maps/journeys/coffee-order.yml"
    edit(journey, "        score: 4\n", "        score: 5\n")  # sees-ad 4 → 5
    edit(journey, "        score: 2\n", "        score: 1\n")  # pays 2 → 1
    edit(journey, "          - Too many ads\n", "")  # resolved
    edit(journey, '{text: "Wrong hours shown", severity: critical}', '{text: "Wrong  hours shown", severity: high}')
    edit(journey, "          - Show live opening hours\n", "")
    edit(
        journey,
        "        pain_points:\n",
        "        pain_points:\n          - {text: Loyalty stamps get lost, severity: low}\n",
    )
    edit(
        journey,
        "  - id: order\n",
        "      - id: finds-cafe\n        name: Finds the café on a map\n        score: 3\n  - id: order\n",
    )
    # waits moves from the order stage to a new stage; pays is renamed (same id)
    edit(
        journey,
        '      - id: waits\n        name: "Waits\\nfor the 😀 cup"',
        '  - id: pickup\n    name: Pick-up\n    steps:\n      - id: waits\n        name: "Waits\\nfor the 😀 cup"',
    )
    edit(journey, "\"Pays 50% %%{init: {'theme':'dark'}}%% <b>now</b>\"", "Pays at the counter")
    edit(journey, "personas: [ana, li-wei]", "personas: [ana]")
    edit(journey, 'owner: "CX team #3"', "owner: CX guild")
    edit(new / "maps/personas/ana.yml", "role:", "role: Regular customer #")  # a persona edited
    return old, new


def test_a_quarterly_review_is_described_step_by_step(before_after) -> None:
    old, new = before_after
    diff = diff_maps(load(old), load(new))
    [j] = diff.changed_journeys
    assert (j.id, j.status) == ("coffee-order", "changed")
    assert [(s.place.step, s.old, s.new, s.delta) for s in j.scores] == [("sees-ad", 4, 5, 1), ("pays", 2, 1, -1)]
    assert [s.place.step for s in j.scores_up] == ["sees-ad"]
    assert [s.place.step for s in j.scores_down] == ["pays"]
    assert [(p.stage, p.step) for p in j.steps_added] == [("discover", "finds-cafe")]
    assert j.steps_removed == ()
    assert [(m.place.step, m.old_stage, m.place.stage) for m in j.steps_moved] == [("waits", "order", "pickup")]
    assert [(r.place.step, r.place.step_name) for r in j.steps_renamed] == [("pays", "Pays at the counter")]
    assert [s.id for s in j.stages_added] == ["pickup"]
    assert [(i.place.step, i.item.text, i.item.severity) for i in j.pain_points_added] == [
        ("sees-ad", "Loyalty stamps get lost", "low")
    ]
    assert [(i.place.step, i.item.text) for i in j.pain_points_resolved] == [("sees-ad", "Too many ads")]
    # The same text (whitespace aside) with another severity is the same pain point, re-rated.
    assert [(c.pain_point.text, c.old, c.pain_point.severity) for c in j.severities] == [
        ("Wrong  hours shown", "critical", "high")
    ]
    assert [i.item.text for i in j.opportunities_removed] == ["Show live opening hours"]
    assert j.opportunities_added == ()
    assert j.personas_removed == ("li-wei",) and j.personas_added == ()
    assert j.fields == ("personas", "owner")
    assert (j.old_steps, j.new_steps) == (3, 4)
    assert [(p.id, p.status, p.fields) for p in diff.personas] == [("ana", "changed", ("role",))]
    assert diff.touchpoints == ()
    assert [j.id for j in diff.journeys if j.status == "unchanged"] == ["coffee-order-future"]


def test_renames_are_recognised_by_id_not_by_text(before_after) -> None:
    old, new = before_after
    journey = new / "maps/journeys/coffee-order-future.yml"
    edit(
        journey,
        "      - id: pays\n        name: Pays in the app",
        "      - id: taps-to-pay\n        name: Pays in the app",
    )
    edit(journey, "title: Ordering coffee (future)", "title: Coffee, tomorrow")
    diff = diff_maps(load(old), load(new))
    future = next(j for j in diff.journeys if j.id == "coffee-order-future")
    # Same text, new id: one step removed and one added, not a rename.
    assert [p.step for p in future.steps_removed] == ["pays"]
    assert [p.step for p in future.steps_added] == ["taps-to-pay"]
    assert future.steps_renamed == ()
    # New title, same id: the same journey, renamed.
    assert (future.title, future.old_title) == ("Coffee, tomorrow", "Ordering coffee (future)")


def test_journeys_and_catalogue_entries_added_and_removed(tmp_path: Path) -> None:
    old, new = tmp_path / "old", tmp_path / "new"
    shutil.copytree(FIXTURES / "basic", old)
    shutil.copytree(FIXTURES / "basic", new)
    (new / "maps/journeys/coffee-order-future.yml").unlink()
    (new / "maps/journeys/tea.yml").write_text(
        "title: Tea\nstages:\n  - id: brew\n    name: Brew\n    steps:\n"
        "      - {id: steeps, name: Steeps, score: 4, touchpoint: kiosk, pain_points: [Too hot]}\n",
        encoding="utf-8",
    )
    edit(new / "maps/touchpoints.yml", "counter:", "kiosk:\n  name: Self-service kiosk\n  channel: store\ncounter:")
    (new / "maps/personas/li-wei.yml").unlink()
    edit(new / "maps/journeys/coffee-order.yml", "personas: [ana, li-wei]", "personas: [ana]")
    diff = diff_maps(load(old), load(new))
    status = {j.id: j.status for j in diff.journeys}
    assert status == {"coffee-order": "changed", "coffee-order-future": "removed", "tea": "added"}
    tea = next(j for j in diff.journeys if j.id == "tea")
    assert (tea.new_steps, tea.new_average) == (1, 4.0)
    assert [(p.id, p.status) for p in diff.personas] == [("li-wei", "removed")]
    assert [(t.id, t.status) for t in diff.touchpoints] == [("kiosk", "added")]
    # On the page, each change is its own list item (one per line).
    page = next(p for p in Renderer(load(new), changes=Changes("v1", None, diff)).render_all() if p.kind == "changes")
    items = [line for line in page.markdown.splitlines() if line.startswith("- ")]
    assert [line.split("</span>")[0].rsplit(">", 1)[1] for line in items[-2:]] == [
        "Persona removed",
        "Touchpoint added",
    ]
    data = diff.as_dict()
    assert [j["id"] for j in data["journeys"]] == ["coffee-order", "coffee-order-future", "tea"]
    assert json.loads(json.dumps(data)) == data


def test_moving_lines_or_comments_is_no_change(tmp_path: Path) -> None:
    old, new = tmp_path / "old", tmp_path / "new"
    shutil.copytree(FIXTURES / "basic", old)
    shutil.copytree(FIXTURES / "basic", new)
    journey = new / "maps/journeys/coffee-order.yml"
    journey.write_text("# reviewed in the Q4 workshop\n\n" + journey.read_text(encoding="utf-8"), encoding="utf-8")
    diff = diff_maps(load(old), load(new))
    assert diff.empty
    assert {j.status for j in diff.journeys} == {"unchanged"}


def test_new_and_removed_steps_bring_their_pain_points(before_after) -> None:
    old, new = before_after
    journey = new / "maps/journeys/coffee-order.yml"
    edit(
        journey,
        "      - id: finds-cafe\n        name: Finds the café on a map\n        score: 3\n",
        "      - id: finds-cafe\n        name: Finds the café on a map\n        score: 3\n"
        "        pain_points: [Map pin is off]\n        opportunities: [Fix the pin]\n",
    )
    diff = diff_maps(load(new), load(old))  # backwards: finds-cafe is removed
    [j] = diff.changed_journeys
    removed = [(i.place.step, i.item.text, i.step) for i in j.pain_points_resolved]
    assert ("finds-cafe", "Map pin is off", "removed") in removed
    assert [(i.item.text, i.step) for i in j.opportunities_removed] == [("Fix the pin", "removed")]
    forwards = diff_maps(load(old), load(new)).changed_journeys[0]
    assert ("finds-cafe", "Map pin is off", "added") in [
        (i.place.step, i.item.text, i.step) for i in forwards.pain_points_added
    ]


def test_translated_views_name_what_changed(tmp_path: Path) -> None:
    site = make_i18n_site(tmp_path)
    old = load(site.root)
    edit(site.maps / "journeys/coffee-order.yml", "        score: 4\n", "        score: 2\n")
    new = load(site.root)
    diff = diff_maps(old, new, old_view=old.translated("fa"), new_view=new.translated("fa"))
    [j] = diff.changed_journeys
    assert j.title == "سفارش قهوه"
    assert [(s.place.stage_name, s.place.step_name) for s in j.scores] == [("کشف", "تبلیغ را می‌بیند")]


# -- git history -------------------------------------------------------------


@pytest.fixture
def repo(tmp_path: Path) -> Site:
    """A site in a git repository: v1.0 tagged, then a reviewed map committed and tagged v2.0."""
    site = make_site(tmp_path)
    (site.root / ".gitignore").write_text("site/\n", encoding="utf-8")
    git(site.root, "init", "-q", "-b", "main")
    commit(site.root, "first release", "v1.0")
    edit(site.maps / "journeys/coffee-order.yml", "        score: 4\n", "        score: 5\n")
    edit(site.maps / "journeys/coffee-order.yml", "          - Too many ads\n", "")
    commit(site.root, "quarterly review", "v2.0")
    return site


def test_previous_release_is_the_tag_before_the_commit_being_built(repo: Site) -> None:
    root = repo.root
    assert history.repository(root / "maps") == root.resolve()
    assert history.previous_release(root) == "v1.0"  # building v2.0
    commit(root, "work after the release")
    assert history.previous_release(root) == "v2.0"
    assert history.previous_release(root, "v1*") == "v1.0"
    assert history.previous_release(root, "release-*") is None
    git(root, "checkout", "-q", "v1.0")
    assert history.previous_release(root, maps_dir=root / "maps") is None  # the first release
    # Uncommitted edits of the maps at a tagged commit are compared with that tag.
    edit(root / "maps/journeys/coffee-order.yml", "        score: 3\n", "        score: 2\n")
    assert history.previous_release(root, maps_dir=root / "maps") == "v1.0"
    assert history.previous_release(root) is None


def test_maps_at_a_ref_are_read_from_git_not_from_the_working_tree(repo: Site) -> None:
    (repo.maps / "journeys/coffee-order.yml").unlink()  # gone from the working tree only
    snapshot = history.maps_at("v1.0", repo.maps, today=TODAY)
    assert snapshot.commit == git(repo.root, "rev-parse", "v1.0")
    assert snapshot.problems == ()
    assert snapshot.maps.journeys["coffee-order"].stages[0].steps[0].score == 4
    with pytest.raises(history.HistoryError, match="'v9' is not a commit, tag or branch"):
        history.maps_at("v9", repo.maps, today=TODAY)
    with pytest.raises(history.HistoryError, match="not a git ref"):
        history.maps_at("--output=/tmp/x", repo.maps, today=TODAY)


def test_a_ref_before_the_maps_existed_has_no_maps(tmp_path: Path) -> None:
    root = tmp_path / "r"
    root.mkdir()
    git(root, "init", "-q")
    (root / "README").write_text("x", encoding="utf-8")
    commit(root, "empty")
    shutil.copytree(FIXTURES / "basic" / "maps", root / "maps")
    snapshot = history.maps_at("HEAD", root / "maps", today=TODAY)
    assert (snapshot.maps.journeys, snapshot.problems) == ({}, ())


# -- the command line -------------------------------------------------------


def cli(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "journey_maps.cli", "diff", *args],
        cwd=root,
        env={**os.environ, **GIT_ENV},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_diff_command_prints_what_changed(repo: Site) -> None:
    result = cli(repo.root, "v1.0", "v2.0")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    v1 = git(repo.root, "rev-parse", "--short=10", "v1.0")
    v2 = git(repo.root, "rev-parse", "--short=10", "v2.0")
    assert lines[0] == f"maps at v1.0 ({v1}) -> v2.0 ({v2})"
    assert "~ journey coffee-order: Ordering coffee: the app & the counter" in lines
    assert "    up +1 score discover/sees-ad: 4 -> 5  Sees an ad; clicks #1 result" in lines
    assert "    resolved pain point [medium] discover/sees-ad: Too many ads" in lines
    assert lines[-1] == (
        "1 journey changed, 0 added, 0 removed; scores 1 up, 0 down; "
        "pain points 0 added, 1 resolved; opportunities 0 added"
    )
    # Default: the previous release against the working tree; at the v2.0 commit, with
    # no edits, that is v1.0; with uncommitted edits of the maps, v2.0 itself.
    auto = cli(repo.root)
    assert auto.returncode == 0, auto.stderr
    assert auto.stdout.splitlines()[0] == f"maps at v1.0 ({v1}) -> working tree"
    edit(repo.maps / "journeys/coffee-order.yml", "        score: 3\n", "        score: 1\n")
    auto = cli(repo.root)
    assert auto.returncode == 0, auto.stderr
    assert auto.stdout.splitlines()[0] == f"maps at v2.0 ({v2}) -> working tree"
    assert "    down -2 score order/waits: 3 -> 1  Waits for the 😀 cup" in auto.stdout.splitlines()
    assert "score order/waits: 3 -> 1" in auto.stdout


def test_diff_command_json(repo: Site) -> None:
    result = cli(repo.root, "v1.0", "v2.0", "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["old"] == {"ref": "v1.0", "commit": git(repo.root, "rev-parse", "v1.0")}
    [journey] = data["journeys"]
    assert journey["scores"] == [
        {
            "place": {
                "stage": "discover",
                "stage_name": "Discover: first look",
                "step": "sees-ad",
                "step_name": "Sees an ad; clicks #1 result",
            },
            "old": 4,
            "new": 5,
        }
    ]
    assert journey["pain_points_resolved"][0]["item"] == {"text": "Too many ads", "severity": "medium"}
    assert data["unchanged_journeys"] == ["coffee-order-future"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("v9",), "error: 'v9' is not a commit, tag or branch of this repository"),
        (("v1.0", "nope"), "error: 'nope' is not a commit, tag or branch of this repository"),
    ],
)
def test_diff_command_bad_refs(repo: Site, args: tuple[str, ...], message: str) -> None:
    result = cli(repo.root, *args)
    assert (result.returncode, result.stdout, result.stderr.strip()) == (1, "", message)


def test_diff_command_outside_git_and_without_release(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    result = cli(site.root, "v1.0")
    assert result.returncode == 1
    assert result.stderr.strip() == "error: maps is not in a git repository"
    git(site.root, "init", "-q")
    commit(site.root, "no tag yet")
    result = cli(site.root)
    assert (result.returncode, result.stderr.strip()) == (1, "error: no release tag (*) before this commit")
    assert "Traceback" not in result.stderr


def test_diff_command_reports_broken_maps_but_still_compares(repo: Site) -> None:
    (repo.maps / "journeys/broken.yml").write_text("title: [\n", encoding="utf-8")
    result = cli(repo.root, "v1.0")
    assert result.returncode == 1
    assert "error: the maps at working tree have 1 error (run `journey-maps validate`)" in result.stderr
    assert "up +1 score discover/sees-ad: 4 -> 5" in result.stdout
    assert "Traceback" not in result.stderr


# -- the page ----------------------------------------------------------------


def test_changes_page_golden(golden, before_after) -> None:
    old, new = before_after
    old_maps, new_maps = load(old), load(new)
    changes = Changes("v1.0", "0123456789abcdef", diff_maps(old_maps, new_maps))
    pages = {p.src_uri: p for p in Renderer(new_maps, changes=changes).render_all()}
    page = pages["changes/index.md"]
    assert page.kind == "changes"
    golden("pages/changes/index.md", page.markdown)


def test_first_release_page_says_so(basic_maps) -> None:
    pages = {p.src_uri: p.markdown for p in Renderer(basic_maps, changes=Changes(None)).render_all()}
    assert "This is the first release of these maps" in pages["changes/index.md"]
    assert "changes/index.md" not in {p.src_uri for p in Renderer(basic_maps).render_all()}


def test_built_site_shows_what_changed_since_the_previous_release(repo: Site) -> None:
    repo.build()
    text = visible_text(repo.html("changes"))
    assert f"Compared with v1.0 ({_when(repo, 'v1.0')})" in text  # the tag, its date and a short id
    assert "Sees an ad; clicks #1 result" in text
    assert "Too many ads" in text
    nav = repo.html("")
    assert 'href="changes/"' in nav  # in the automatic navigation
    # A step link on the page leads to the step on the journey page.
    assert 'href="../journeys/coffee-order/#sees-ad"' in repo.html("changes")


def test_first_release_and_no_git(repo: Site, tmp_path: Path) -> None:
    git(repo.root, "checkout", "-q", "v1.0")
    repo.build()
    assert "This is the first release of these maps" in visible_text(repo.html("changes"))
    plain = make_site(tmp_path / "plain")
    result = plain.run("build", "--strict", "--verbose")
    assert result.returncode == 0, result.stderr
    assert "is not in a git repository" in result.stderr
    assert not (plain.site_dir / "changes").exists()


def test_changes_since_a_branch_and_turned_off(repo: Site) -> None:
    repo.plugin_options(changes_since="main~1")
    edit(repo.maps / "journeys/coffee-order.yml", "        score: 3\n", "        score: 1\n")
    repo.build()
    text = visible_text(repo.html("changes"))
    assert f"Compared with v1.0 ({_when(repo, 'main~1')})" in text  # main~1 is tagged v1.0: named so
    assert "Waits" in text
    repo.plugin_options(changes_since=git(repo.root, "rev-parse", "main~1"))
    git(repo.root, "tag", "-d", "v1.0")
    repo.build()
    text = visible_text(repo.html("changes"))
    day = _when(repo, "main~1").rsplit(", ", 1)[0]
    assert f"Compared with the version of {day} ({git(repo.root, 'rev-parse', 'main~1')[:7]})" in text
    repo.plugin_options(changes=False)
    repo.build()
    assert not (repo.site_dir / "changes").exists()


def test_an_unknown_ref_fails_the_build_with_its_name(repo: Site) -> None:
    repo.plugin_options(changes_since="v0.9")
    result = repo.run("build", "--strict")
    assert result.returncode == 1
    assert "journey-maps: changes_since: 'v0.9' is not a commit, tag or branch of this repository" in result.stderr
    assert "Traceback" not in result.stderr


def test_every_language_has_its_what_changed_page(tmp_path: Path) -> None:
    site = make_i18n_site(tmp_path)
    git(site.root, "init", "-q")
    commit(site.root, "first", "v1.0")
    edit(site.maps / "journeys/coffee-order.yml", "        score: 4\n", "        score: 2\n")
    commit(site.root, "second", "v2.0")
    site.build()
    fa = visible_text(site.html("fa/changes"))
    assert "سفارش قهوه" in fa and "تبلیغ را می‌بیند" in fa
    tr = visible_text(site.html("tr/changes"))
    assert "Kahve siparişi" in tr
    en = visible_text(site.html("changes"))
    assert "Ordering coffee: the app & the counter" in en


def visible_text(html: str) -> str:
    return " ".join(parse(html).text.split())


def test_an_average_change_hidden_by_rounding_shows_two_decimals(tmp_path: Path) -> None:
    """Issue 15: a score change printed "Average score 2.9 → 2.9"."""

    def journey(scores: list[int]) -> str:
        steps = "".join(f"      - {{id: s{i}, name: Step {i}, score: {s}}}\n" for i, s in enumerate(scores))
        return f"title: Long\nstages:\n  - id: all\n    name: All\n    steps:\n{steps}"

    old, new = tmp_path / "old", tmp_path / "new"
    for root, scores in ((old, [3] * 16 + [2]), (new, [3] * 20 + [2, 2])):  # 2.94 and 2.91
        shutil.copytree(FIXTURES / "basic", root)
        (root / "maps/journeys/long.yml").write_text(journey(scores), encoding="utf-8")
    diff = diff_maps(load(old), load(new))
    page = next(p for p in Renderer(load(new), changes=Changes("v1", None, diff)).render_all() if p.kind == "changes")
    import html

    line = html.unescape(next(line for line in page.markdown.splitlines() if "Open the journey" in line))
    assert 'Average score <span class="jm-score jm-score--3" title="Emotional score: 2.94 of 5">2.94</span>' in line
    assert '<span class="jm-arrow">→</span> <span class="jm-score jm-score--3"' in line and ">2.91</span>" in line
