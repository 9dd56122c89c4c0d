"""Every kind of broken map gives one located, readable problem (never an exception)."""

from __future__ import annotations

import datetime
import textwrap
from pathlib import Path

import pytest

from journey_maps.project import check_maps
from journey_maps.source import MAX_FILE_BYTES

TODAY = datetime.date(2026, 11, 22)

GOOD_JOURNEY = """\
title: Buying a jacket
personas: [maria]
stages:
  - id: browse
    name: Browse
    steps:
      - id: sees-ad
        name: Sees an ad
        score: 4
        touchpoint: insta-ad
"""
GOOD_PERSONA = "name: Maria\n"
GOOD_TOUCHPOINTS = "insta-ad:\n  name: Instagram ad\n  channel: social\n"


def problems(tmp_path: Path, files: dict[str, str | bytes], *, strict_stale: bool = True) -> list[str]:
    """Write a project with maps/ (defaults filled in) and return every problem, formatted."""
    defaults = {
        "maps/journeys/jacket.yml": GOOD_JOURNEY,
        "maps/personas/maria.yml": GOOD_PERSONA,
        "maps/touchpoints.yml": GOOD_TOUCHPOINTS,
    }
    for name, content in {**defaults, **files}.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if content is None:
            continue
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content), encoding="utf-8")
    (tmp_path / "docs").mkdir(exist_ok=True)
    checked = check_maps(tmp_path / "maps", root=tmp_path, docs_dir=tmp_path / "docs", today=TODAY)
    return [p.format(severity=True) for p in checked.problems]


def test_clean_project_has_no_problems(tmp_path: Path) -> None:
    assert problems(tmp_path, {}) == []


J = "maps/journeys/jacket.yml"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        pytest.param(
            "title: [unclosed\nstages: []\n",
            f"{J}:2:7: error: YAML syntax error: did not find expected ',' or ']' (while parsing a flow sequence that starts at line 1, column 8)",
            id="yaml-syntax",
        ),
        pytest.param(
            "title: Jacket\nstages:\n\t- id: a\n",
            f"{J}:3:1: error: YAML syntax error: found character that cannot start any token "
            "(while scanning for the next token) "
            "(YAML indentation must use spaces, not tabs: replace the tab on line 3 with spaces)",
            id="tab",
        ),
        pytest.param(
            GOOD_JOURNEY.replace("name: Sees an ad", "name: Pays: and gets a receipt"),
            f"{J}:8:19: error: YAML syntax error: mapping values are not allowed in this context "
            "(a colon followed by a space starts a new key, even inside a text: put the text in quotes, "
            'for example name: "Pays: and gets a receipt")',
            id="colon-in-text",
        ),
        pytest.param(
            'title: "Buying a jacket\nstages: []\n',
            f"{J}:3:1: error: YAML syntax error: found unexpected end of stream (while scanning a quoted "
            "scalar that starts at line 1, column 8) (the text quoted at line 1, column 8 is never closed: "
            'end it with ")',
            id="unclosed-quote",
        ),
        pytest.param(
            GOOD_JOURNEY + "     - id: pays\n        name: Pays\n        score: 2\n",
            f"{J}:11:6: error: YAML syntax error: did not find expected key (while parsing a block mapping "
            "that starts at line 4, column 5) (this list item is not lined up with the item at line 7: "
            "start its '-' at column 7, like that one)",
            id="item-indent",
        ),
        pytest.param(
            GOOD_JOURNEY + "       - id: pays\n         name: Pays\n",
            f"{J}:11:8: error: YAML syntax error: did not find expected '-' indicator (while parsing a block "
            "collection that starts at line 7, column 7) (this list item is not lined up with the item at "
            "line 7: start its '-' at column 7, like that one)",
            id="item-indent-deeper",
        ),
        pytest.param("", f"{J}:1:1: error: file is empty", id="empty"),
        pytest.param("# only a comment\n", f"{J}:1:1: error: file is empty", id="comment-only"),
        pytest.param(
            b"title: Jacket\n\x00\x01\x02",
            f"{J}:2:1: error: binary data: this is not a YAML text file",
            id="binary",
        ),
        pytest.param(
            b"title: Caf\xe9\n",
            f"{J}:1:11: error: not valid UTF-8 (byte 0xe9) (save the file with UTF-8 encoding)",
            id="latin-1",
        ),
        pytest.param(
            "title: !!python/object/apply:os.system ['echo hacked']\n",
            f"{J}:1:8: error: YAML tag '!!python/object/apply:os.system' is not allowed: "
            "maps hold plain text, numbers, lists and mappings",
            id="python-tag",
        ),
        pytest.param(
            "title: !custom Jacket\n",
            f"{J}:1:8: error: YAML tag '!custom' is not allowed: maps hold plain text, numbers, lists and mappings",
            id="custom-tag",
        ),
        pytest.param(
            "- just\n- a list\n",
            f"{J}:1:1: error: expected a journey map (a mapping of fields), got a list",
            id="not-a-mapping",
        ),
        pytest.param(
            "stages:\n  - id: a\n    name: A\n    steps:\n      - {id: s, name: S, score: 3}\n",
            f"{J}:1:1: error: missing required field 'title'",
            id="missing-title",
        ),
        pytest.param("title: Jacket\n", f"{J}:1:1: error: missing required field 'stages'", id="missing-stages"),
        pytest.param(
            "title: Jacket\nstages: []\n",
            f"{J}:2:9: error: needs at least 1 stage",
            id="no-stages",
        ),
        pytest.param(
            "title:\nstages:\n  - id: a\n    name: A\n    steps:\n      - {id: s, name: S, score: 3}\n",
            f"{J}:1:7: error: 'title' needs a value",
            id="empty-title",
        ),
        pytest.param(
            "title: Jacket\nstages:\n  - id: a\n    name: A\n    steps:\n      - {id: s, name: S, score: 7}\n",
            f"{J}:6:33: error: 7 is out of range: expected a whole-number score from 1 to 5",
            id="score-too-high",
        ),
        pytest.param(
            "title: Jacket\nstages:\n  - id: a\n    name: A\n    steps:\n      - {id: s, name: S, score: high}\n",
            f"{J}:6:33: error: expected a whole-number score from 1 to 5, got text",
            id="score-not-number",
        ),
        pytest.param(
            "title: Jacket\nstages:\n  - id: a\n    name: A\n    steps:\n      - {id: s, name: S, score: 2.5}\n",
            f"{J}:6:33: error: expected a whole-number score from 1 to 5, got a number (2.5)",
            id="score-fraction",
        ),
        pytest.param(
            "title: Jacket\nstages:\n  - id: a\n    name: A\n    steps:\n      - {id: s, name: S}\n",
            f"{J}:6:9: error: missing required field 'score'",
            id="missing-score",
        ),
        pytest.param(
            "title: Jacket\nstages:\n  - id: a\n    name: A\n    steps:\n      - {id: s, name: S, score: 3, pain_point: x}\n",
            f"{J}:6:36: error: unknown field 'pain_point' (did you mean 'pain_points'?)",
            id="unknown-field",
        ),
        pytest.param(
            "title: Jacket\ntitel: Jacket\nstages: []\n",
            f"{J}:2:1: error: unknown field 'titel' (did you mean 'title'?)",
            id="unknown-top-field",
        ),
        pytest.param(
            "title: Jacket\ntitle: Coat\nstages: []\n",
            f"{J}:2:1: error: duplicate key 'title' (first given at line 1)",
            id="duplicate-key",
        ),
        pytest.param(
            "id: coat\ntitle: Jacket\nstages:\n  - id: a\n    name: A\n    steps:\n      - {id: s, name: S, score: 3}\n",
            f"{J}:1:5: error: id 'coat' does not match the file name 'jacket' (remove the id line or rename the file)",
            id="id-mismatch",
        ),
        pytest.param(
            "title: Jacket\nstages:\n  - id: Browse Stage\n    name: A\n    steps:\n      - {id: s, name: S, score: 3}\n",
            f"{J}:3:9: error: 'Browse Stage' is not a valid id: use lower-case letters, digits and hyphens, "
            "starting with a letter or digit (for example 'browse-stage')",
            id="bad-slug",
        ),
        pytest.param(
            "title: Jacket\nstages:\n  - id: a\n    name: A\n    steps:\n      - {id: s, name: S, score: 3}\n"
            "      - {id: s, name: T, score: 4}\n",
            f"{J}:7:14: error: duplicate step id 's' (already used at line 6)",
            id="duplicate-step-id",
        ),
        pytest.param(
            "title: Jacket\nstages:\n  - id: a\n    name: A\n    steps:\n      - {id: a, name: S, score: 3}\n",
            f"{J}:6:14: error: duplicate step id 'a' (already used at line 3)",
            id="step-id-equals-stage-id",
        ),
        pytest.param(
            "title: Jacket\nreviewed: 2026-02-30\nstages: []\n",
            f"{J}:2:11: error: '2026-02-30' is not a real date",
            id="impossible-date",
        ),
        pytest.param(
            "title: Jacket\nreviewed: '2026-13-01'\nstages: []\n",
            f"{J}:2:11: error: '2026-13-01' is not a real date",
            id="impossible-quoted-date",
        ),
        pytest.param(
            "title: Jacket\ntype: current\nstages: []\n",
            f"{J}:2:7: error: 'current' is not allowed here: expected one of current-state, future-state, "
            "day-in-the-life, service-blueprint (did you mean 'current-state'?)",
            id="bad-choice",
        ),
        pytest.param(
            "title: Jacket\ntags: yes\nstages: []\n",
            f"{J}:2:7: error: expected a list of texts, got a yes/no value (true)",
            id="wrong-type",
        ),
        pytest.param(
            "title: yes\nstages:\n  - id: a\n    name: A\n    steps:\n      - {id: s, name: S, score: 3}\n",
            f"{J}:1:8: error: expected text, got a yes/no value (true) (put the value in quotes to keep it as text)",
            id="bool-as-text",
        ),
        pytest.param(
            "title: Jacket\nstages:\n  - id: a\n    name: A\n    steps:\n      - id: s\n        name: S\n"
            "        score: 3\n        evidence:\n          - {title: X, url: 'javascript:alert(1)'}\n",
            f"{J}:10:29: error: 'javascript:alert(1)' is not an allowed link: use an https://, http:// or mailto: address",
            id="javascript-url",
        ),
        pytest.param(
            "title: Jacket\nstages:\n  - id: a\n    name: A\n    steps:\n      - id: s\n        name: S\n"
            "        score: 3\n        pain_points:\n          - {text: Slow, severity: huge}\n",
            f"{J}:10:36: error: 'huge' is not allowed here: expected one of low, medium, high, critical",
            id="bad-severity",
        ),
    ],
)
def test_broken_journey(tmp_path: Path, content: str | bytes, expected: str) -> None:
    found = problems(tmp_path, {J: content})
    assert expected in found, "\n".join(found)
    assert all(p.startswith("maps/") for p in found)


def test_all_problems_of_a_build_are_reported_at_once(tmp_path: Path) -> None:
    found = problems(
        tmp_path,
        {
            J: "title: Jacket\ntitel: x\nstages:\n  - id: a\n    name: A\n    steps:\n      - {id: s, name: S, score: 9}\n",
            "maps/personas/maria.yml": "name: Maria\nrole: [a]\n",
            "maps/journeys/other.yml": "title: [\n",
        },
    )
    errors = [p for p in found if ": error: " in p]
    assert [e.split(": error:")[0] for e in errors] == [
        "maps/journeys/jacket.yml:2:1",
        "maps/journeys/jacket.yml:7:33",
        "maps/journeys/other.yml:2:1",
        "maps/personas/maria.yml:2:7",
    ]


def test_alias_bomb_is_refused_quickly(tmp_path: Path) -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
    for level in "bcdefghi":
        prev = chr(ord(level) - 1)
        bomb += f"{level}: &{level} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
    found = problems(tmp_path, {J: bomb})
    assert any(p.startswith(f"{J}:") and "too many values" in p for p in found), found


def test_deep_nesting_is_refused(tmp_path: Path) -> None:
    # 100,000 levels crashed libyaml's recursive composer before the depth pre-scan; libyaml
    # 0.2.6 (PyYAML 6.0.3 and later) refuses them itself, in words of its own, at column 1007
    found = problems(tmp_path, {J: "title: " + "[" * 100_000 + "]" * 100_000 + "\n"})
    assert found == [f"{J}:1:57: error: values are nested more than 50 levels deep"], found


@pytest.mark.parametrize("form", ["flow", "block"])
@pytest.mark.parametrize("libyaml", ["no limit", "limit of its own"])
def test_deep_nesting_gets_the_same_message_whatever_libyaml_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, form: str, libyaml: str
) -> None:
    import yaml

    from journey_maps import source

    if form == "flow":
        text, where = "title: " + "[" * 2000 + "]" * 2000 + "\n", "1:57"
    else:
        text = "title: x\nstages:\n" + "".join("  " * i + "- a:\n" for i in range(60)) + "  " * 60 + "- x\n"
        where = "27:51"  # the 51st level: the root mapping, stages' list, then 24 × (a list and a mapping)
    if libyaml == "limit of its own":  # as libyaml 0.2.6 and later do, whatever PyYAML is installed here
        parse = yaml.parse

        def limited(stream, Loader):
            if Loader is not yaml.SafeLoader and stream == text:
                mark = yaml.Mark("<unicode string>", 1006, 0, 1006, None, None)
                raise yaml.scanner.ScannerError(
                    "while increasing flow level", mark, "exceeded maximum nesting depth", mark
                )
            return parse(stream, Loader=Loader)

        monkeypatch.setattr(source.yaml, "parse", limited)
    found = problems(tmp_path, {J: text})
    assert found == [f"{J}:{where}: error: values are nested more than 50 levels deep"], found


def test_huge_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    content = "title: x\n" + "# padding\n" * (MAX_FILE_BYTES // 10 + 1)
    found = problems(tmp_path, {J: content})
    size = len(content.encode())
    assert size > MAX_FILE_BYTES
    assert f"{J}:1:1: error: file is too large ({size:,} bytes; the limit is 5,242,880)" in found
    assert [p for p in found if ": error: " in p] == [
        f"{J}:1:1: error: file is too large ({size:,} bytes; the limit is 5,242,880)"
    ]


def test_merge_keys_and_aliases_are_supported(tmp_path: Path) -> None:
    content = """\
        title: Jacket
        stages:
          - id: a
            name: A
            steps:
              - &base {id: s, name: S, score: 3}
              - <<: *base
                id: t
                touchpoint: insta-ad
        """
    assert problems(tmp_path, {J: content}) == []


def test_persona_and_catalogue_errors(tmp_path: Path) -> None:
    found = problems(
        tmp_path,
        {
            "maps/personas/maria.yml": "name: Maria\navatar: img/missing.png\n",
            "maps/personas/bob.yml": "name: Bob\navatar: ../../etc/passwd\n",
            "maps/personas/eve.yml": "name: Eve\navatar: 'javascript:alert(1)'\n",
            "maps/touchpoints.yml": "insta-ad:\n  name: Instagram ad\n  chanel: social\n",
            "maps/channels.yml": "kiosk: {name: Kiosk}\nweb: {kind: sometimes}\n",
        },
    )
    assert found == [
        "maps/channels.yml:1:8: error: new channel 'kiosk' needs 'kind'",
        "maps/channels.yml:2:13: error: 'sometimes' is not allowed here: expected one of online, offline",
        "maps/personas/bob.yml:2:9: error: avatar '../../etc/passwd' points outside the docs directory",
        "maps/personas/eve.yml:2:9: error: avatar 'javascript:alert(1)' must be an https:// address or a path "
        "inside the docs directory",
        "maps/personas/maria.yml:2:9: error: avatar file not found: docs/img/missing.png",
        "maps/touchpoints.yml:2:3: error: missing required field 'channel'",
        "maps/touchpoints.yml:3:3: error: unknown field 'chanel' (did you mean 'channel'?)",
    ]


def test_file_names_must_be_ids_and_unique(tmp_path: Path) -> None:
    found = problems(
        tmp_path,
        {"maps/personas/Maria Lopez.yml": GOOD_PERSONA, "maps/personas/maria.yaml": GOOD_PERSONA},
    )
    assert (
        "maps/personas/Maria Lopez.yml:1:1: error: file name: 'Maria Lopez' is not a valid id: use lower-case "
        "letters, digits and hyphens, starting with a letter or digit (for example 'maria-lopez')" in found
    )
    assert "maps/personas/maria.yml:1:1: error: duplicate id 'maria': maps/personas/maria.yaml has the same id" in found


def test_broken_references_are_warnings_with_suggestions(tmp_path: Path) -> None:
    content = GOOD_JOURNEY.replace("personas: [maria]", "personas: [mariaa]\ncompares_to: jackett").replace(
        "touchpoint: insta-ad", "touchpoint: insta-add\n        channel: webb"
    )
    found = problems(tmp_path, {J: content})
    assert found == [
        f"{J}:2:12: warning: unknown persona 'mariaa' (did you mean 'maria'?)",
        f"{J}:3:14: warning: unknown journey 'jackett' (did you mean 'jacket'?)",
        f"{J}:11:21: warning: unknown touchpoint 'insta-add' (did you mean 'insta-ad'?)",
        f"{J}:12:18: warning: unknown channel 'webb' (did you mean 'web'?)",
        "maps/touchpoints.yml:1:1: warning: touchpoint 'insta-ad' is not used by any step",
    ]


def test_overdue_review_is_a_warning(tmp_path: Path) -> None:
    content = GOOD_JOURNEY + "reviewed: 2026-01-01\nreview_every: 30\n"
    found = problems(tmp_path, {J: content})
    assert found == [f"{J}:11:11: warning: review overdue: 'jacket' was due for review on 2026-01-31 (295 days ago)"]


def test_files_that_are_not_read_are_reported(tmp_path: Path) -> None:
    found = problems(tmp_path, {"maps/journeys/jacket.fa.yml": "title: x\n", "maps/notes.yml": "a: 1\n"})
    assert found == [
        "maps/notes.yml:1:1: warning: this file is not read: journeys go in journeys/, personas in personas/",
    ]


def test_symlink_outside_the_project_is_not_followed(tmp_path: Path) -> None:
    outside = tmp_path.parent / f"{tmp_path.name}-outside.yml"
    outside.write_text("title: secret\n", encoding="utf-8")
    project = tmp_path / "project"
    link = project / "maps/journeys/leak.yml"
    link.parent.mkdir(parents=True)
    link.symlink_to(outside)
    found = problems(project, {})
    assert "maps/journeys/leak.yml:1:1: error: symbolic link points outside the project; not read" in found


def test_missing_maps_dir(tmp_path: Path) -> None:
    checked = check_maps(tmp_path / "nope", root=tmp_path, docs_dir=None, today=TODAY)
    assert [str(p) for p in checked.problems] == ["nope:1:1: maps directory not found"]


def test_a_file_with_a_duplicate_key_still_reports_its_other_problems(tmp_path: Path) -> None:
    content = """\
        title: Jacket
        title: Coat
        reviewed: 2026-02-30
        personas: maria
        stages:
          - id: a
            name: A
            steps:
              - {id: s, name: S, score: 3, metrics: {ctr: [1, 2]}, evidence: [{title: X, url: "https://x.org/a b"}]}
        """
    found = problems(tmp_path, {J: content})
    assert found == [
        f"{J}:2:1: error: duplicate key 'title' (first given at line 1)",
        f"{J}:3:11: error: '2026-02-30' is not a real date",
        f"{J}:4:11: error: expected a list of persona ids, got text",
        f"{J}:9:51: error: expected a number or text, got a list",
        f"{J}:9:87: error: 'https://x.org/a b' is not a valid link: it contains spaces (write spaces as %20)",
    ]


def test_an_impossible_date_in_a_text_field_is_just_text(tmp_path: Path) -> None:
    content = GOOD_JOURNEY.replace("title: Buying a jacket", "title: 2026-02-30")
    assert problems(tmp_path, {J: content}) == []


def test_empty_required_value_is_one_problem(tmp_path: Path) -> None:
    content = GOOD_JOURNEY.replace("title: Buying a jacket", "title:")
    assert problems(tmp_path, {J: content}) == [f"{J}:1:7: error: 'title' needs a value"]


def test_no_cascading_warnings_from_broken_definitions(tmp_path: Path) -> None:
    found = problems(
        tmp_path,
        {
            "maps/channels.yml": "kiosk: {name: Kiosk, kind: sometimes}\n",
            "maps/touchpoints.yml": GOOD_TOUCHPOINTS + "kiosk-screen:\n  name: Kiosk\n  channel: kiosk\n",
            "maps/journeys/other.yml": "title: Other\nstages: []\n",
        },
    )
    # no "unknown channel 'kiosk'", and no "not used" guesses while a journey is broken
    assert found == [
        "maps/channels.yml:1:28: error: 'sometimes' is not allowed here: expected one of online, offline",
        "maps/journeys/other.yml:2:9: error: needs at least 1 stage",
    ]


def test_folders_and_wrong_case_extensions_are_reported(tmp_path: Path) -> None:
    (tmp_path / "maps/journeys/archive").mkdir(parents=True)
    found = problems(tmp_path, {"maps/journeys/coat.YML": GOOD_JOURNEY, "maps/journeys/.hidden.yml": "x"})
    assert found == [
        "maps/journeys/archive:1:1: warning: folders inside journeys/ are not read",
        "maps/journeys/coat.YML:1:1: warning: not read: the extension must be lower case (.yml)",
    ]


def test_list_items_are_located_one_by_one(tmp_path: Path) -> None:
    content = GOOD_JOURNEY.replace("personas: [maria]", "personas:\n  - maria\n  - marta")
    persona = "name: Maria\nchannels: [web, telepathy]\n"
    assert problems(tmp_path, {J: content, "maps/personas/maria.yml": persona}) == [
        f"{J}:4:5: warning: unknown persona 'marta' (did you mean 'maria'?)",
        "maps/personas/maria.yml:2:17: warning: unknown channel 'telepathy'",
    ]


def test_index_is_not_a_map_id(tmp_path: Path) -> None:
    found = problems(tmp_path, {"maps/journeys/index.yml": GOOD_JOURNEY})
    assert "maps/journeys/index.yml:1:1: error: the id 'index' is taken by the index page (rename the file)" in found


def test_an_unreadable_folder_is_a_located_problem(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Permission denied on maps/personas (simulated: root reads any folder) is reported, not raised."""
    real_iterdir = Path.iterdir

    def iterdir(self: Path):
        if self.name == "personas":
            raise PermissionError(13, "Permission denied", str(self))
        return real_iterdir(self)

    monkeypatch.setattr(Path, "iterdir", iterdir)
    found = problems(tmp_path, {J: GOOD_JOURNEY, "maps/personas/maria.yml": "name: Maria\n"})
    assert "maps/personas:1:1: error: cannot read folder: Permission denied" in found


def test_a_file_with_errors_still_has_its_references_checked(tmp_path: Path) -> None:
    """Issue 15: an error hid the unknown-persona and unknown-touchpoint warnings of the same file."""
    journey = (
        GOOD_JOURNEY.replace("personas: [maria]", "personas: [maira]")
        .replace("score: 4", "score: 9")
        .replace("touchpoint: insta-ad", "touchpoint: insta-add\n        channel: webb")
    )
    persona = "name: Maria\nchannels: [webb]\nsegment: b2x\n"  # an error, and a broken reference
    found = problems(
        tmp_path, {J: journey, "maps/personas/maria.yml": persona, "maps/personas/mara.yml": "name: Mara\n"}
    )
    joined = "\n".join(found)
    assert f"{J}:9:16: error:" in joined  # the score
    assert any(line.startswith(f"{J}:2:12: warning: unknown persona 'maira'") for line in found)
    assert "maps/personas/maria.yml:3:10: error:" in joined  # the persona's own error (segment)
    assert f"{J}:10:21: warning: unknown touchpoint 'insta-add' (did you mean 'insta-ad'?)" in found
    assert f"{J}:11:18: warning: unknown channel 'webb' (did you mean 'web'?)" in found
    assert "maps/personas/maria.yml:2:12: warning: unknown channel 'webb' (did you mean 'web'?)" in found
