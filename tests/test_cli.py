"""The `journey-maps` command: the plugin's checks and messages, the site's own settings, odd input."""

from __future__ import annotations

import datetime
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import BIN, Site, make_site, snapshot


def test_validate_clean_fixture(basic_site: Site) -> None:
    result = basic_site.run("validate", tool="journey-maps")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""
    assert "2 journeys, 2 personas, 2 touchpoints: 0 errors, 0 warnings" in result.stderr


def test_validate_reports_every_problem_located_and_exits_1(basic_site: Site) -> None:
    basic_site.write("maps/journeys/broken.yml", "title: x\nstages:\n  - id: A\n    name: A\n    steps: []\n")
    basic_site.write("maps/personas/ghost.yml", "nmae: Ghost\n")
    result = basic_site.run("validate", tool="journey-maps")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stdout.splitlines() == [
        "maps/journeys/broken.yml:3:9: error: 'A' is not a valid id: use lower-case letters, digits and hyphens, "
        "starting with a letter or digit (for example 'a')",
        "maps/journeys/broken.yml:5:12: error: needs at least 1 step",
        "maps/personas/ghost.yml:1:1: error: missing required field 'name'",
        "maps/personas/ghost.yml:1:1: error: unknown field 'nmae' (did you mean 'name'?)",
    ]


def test_validate_strict_fails_on_warnings_and_follows_mkdocs_yml(basic_site: Site) -> None:
    basic_site.plugin_options(review_date=datetime.date(2027, 6, 1))
    loose = basic_site.run("validate", tool="journey-maps")
    assert loose.returncode == 0
    assert (
        "maps/journeys/coffee-order.yml:12:11: warning: review overdue: 'coffee-order' was due for review on "
        "2027-01-01 (151 days ago)" in loose.stdout
    )
    assert basic_site.run("validate", "--strict", tool="journey-maps").returncode == 1
    basic_site.plugin_options(stale_reviews="info")
    assert basic_site.run("validate", "--strict", tool="journey-maps").returncode == 0


def test_validate_without_maps_folder(tmp_path) -> None:
    site = Site(tmp_path)
    result = site.run("validate", "nowhere", tool="journey-maps")
    assert result.returncode == 1
    assert result.stdout.startswith("nowhere:1:1: error: maps directory not found")


def test_validate_json_and_github_formats(basic_site: Site) -> None:
    import json

    basic_site.write("maps/journeys/bad.yml", "title: x\nstages: []\nnote: 'a, b: 100%'\n")
    result = basic_site.run("validate", "--format", "json", tool="journey-maps")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["problems"] == [
        {
            "path": "maps/journeys/bad.yml",
            "line": 2,
            "column": 9,
            "severity": "error",
            "message": "needs at least 1 stage",
            "hint": None,
        },
        {
            "path": "maps/journeys/bad.yml",
            "line": 3,
            "column": 1,
            "severity": "error",
            "message": "unknown field 'note'",
            "hint": "allowed: id, title, summary, type, personas, segment, owner, tags, reviewed, review_every, "
            "compares_to, stages",
        },
    ]
    assert report["summary"] == {
        "journeys": 2,
        "personas": 2,
        "touchpoints": 2,
        "errors": 2,
        "warnings": 0,
        "passed": False,
    }
    github = basic_site.run("validate", "--format", "github", tool="journey-maps")
    assert github.returncode == 1
    assert github.stdout.splitlines() == [
        "::error file=maps/journeys/bad.yml,line=2,col=9,title=journey-maps::needs at least 1 stage",
        "::error file=maps/journeys/bad.yml,line=3,col=1,title=journey-maps::unknown field 'note' (allowed: id, "
        "title, summary, type, personas, segment, owner, tags, reviewed, review_every, compares_to, stages)",
    ]


def test_github_annotations_escape_their_syntax() -> None:
    from journey_maps.problems import Location, Problem, Severity, as_github

    problem = Problem(Location("maps/a,b:c.yml", 3, 4), "100% wrong\nsecond line", Severity.WARNING, "hint")
    assert as_github(problem) == (
        "::warning file=maps/a%2Cb%3Ac.yml,line=3,col=4,title=journey-maps::100%25 wrong\\nsecond line (hint)"
    )
    # Author text cannot end the command, start another one, or reach the terminal (issue 13).
    forged = Problem(Location("maps/x.yml"), "unknown touchpoint 'x\n::error file=README.md,line=1::forged\x1b[2J'")
    line = as_github(forged)
    assert "\n" not in line and "\x1b" not in line and "\r" not in line
    assert line == (
        "::error file=maps/x.yml,line=1,col=1,title=journey-maps::"
        "unknown touchpoint 'x\\n::error file=README.md,line=1::forged\\x1b[2J'"
    )
    assert forged.format(severity=True) == (
        "maps/x.yml:1:1: error: unknown touchpoint 'x\\n::error file=README.md,line=1::forged\\x1b[2J'"
    )


def test_new_journey_and_persona_validate_as_written(basic_site: Site) -> None:
    import jsonschema
    import yaml

    from journey_maps.json_schema import schemas

    assert basic_site.run("schema", tool="journey-maps").returncode == 0  # a site that keeps schemas/
    for kind, new_id in (("journey", "renewing-insurance"), ("persona", "zoe-student")):
        result = basic_site.run("new", kind, new_id, tool="journey-maps")
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == f"wrote maps/{kind}s/{new_id}.yml: edit it, then run `journey-maps validate`"
        text = (basic_site.maps / f"{kind}s" / f"{new_id}.yml").read_text(encoding="utf-8")
        assert text.startswith(f"# yaml-language-server: $schema=../../schemas/{kind}.schema.json\n")
        validator = jsonschema.Draft202012Validator(schemas()[f"{kind}.schema.json"])
        assert list(validator.iter_errors(yaml.safe_load(text))) == []
    # The scaffold's placeholders are marked: a fresh map is valid, but not publishable as it is.
    loose = basic_site.run("validate", tool="journey-maps")
    assert loose.returncode == 0, loose.stderr
    strict = basic_site.run("validate", "--strict", tool="journey-maps")
    assert strict.returncode == 1, strict.stderr
    placeholders = [line for line in (strict.stdout + strict.stderr).splitlines() if "placeholder text" in line]
    assert (
        "maps/journeys/renewing-insurance.yml:24:15: warning: placeholder text: replace it before the map is "
        "published (it starts with TODO:)" in placeholders
    )
    assert {line.split(":")[0] for line in placeholders} == {
        "maps/journeys/renewing-insurance.yml",
        "maps/personas/zoe-student.yml",
    }
    assert len(placeholders) == 8, placeholders  # summary, goal, step name, doing, thinking, feeling; role, goal
    for kind, new_id in (("journey", "renewing-insurance"), ("persona", "zoe-student")):
        written = basic_site.maps / f"{kind}s" / f"{new_id}.yml"
        written.write_text(written.read_text(encoding="utf-8").replace("TODO: ", ""), encoding="utf-8")
    strict = basic_site.run("validate", "--strict", tool="journey-maps")
    assert strict.returncode == 0, strict.stderr
    assert "0 errors, 0 warnings" in strict.stderr
    again = basic_site.run("new", "journey", "renewing-insurance", tool="journey-maps")
    assert again.returncode == 1
    assert again.stderr.strip() == "error: maps/journeys/renewing-insurance.yml already exists; nothing written"
    bad = basic_site.run("new", "persona", "Zoë", tool="journey-maps")
    assert bad.returncode == 1
    assert "'Zoë' is not a valid id" in bad.stderr
    assert basic_site.run("new", "persona", "index", tool="journey-maps").returncode == 1


def test_new_journey_mentions_every_field() -> None:
    from importlib import resources

    from journey_maps import schema

    for kind, spec in (("journey", schema.JOURNEY), ("persona", schema.PERSONA)):
        text = resources.files("journey_maps").joinpath("scaffold", f"{kind}.yml").read_text(encoding="utf-8")
        fields = set(spec.fields)
        if kind == "journey":
            fields |= set(schema.STAGE.fields) | set(schema.STEP.fields)
        missing = [f for f in fields - {"id"} if f"{f}:" not in text]
        assert missing == [], f"{kind} template does not show {missing}"


def test_new_without_schemas_folder_has_no_modeline(basic_site: Site) -> None:
    assert basic_site.run("new", "journey", "plain", tool="journey-maps").returncode == 0
    first = (basic_site.maps / "journeys/plain.yml").read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# A journey map.")


def test_missing_config_file_is_an_error(basic_site: Site) -> None:
    result = basic_site.run("validate", "-f", "mkdocs-typo.yml", tool="journey-maps")
    assert result.returncode == 1
    assert result.stderr.strip() == "error: configuration file not found: mkdocs-typo.yml"


def test_schema_check_flags_stale_and_stray_files(basic_site: Site) -> None:
    assert basic_site.run("schema", tool="journey-maps").returncode == 0
    assert basic_site.run("schema", "--check", tool="journey-maps").returncode == 0
    (basic_site.root / "schemas/old.schema.json").write_text("{}", encoding="utf-8")
    (basic_site.root / "schemas/journey.schema.json").write_text("{}", encoding="utf-8")
    result = basic_site.run("schema", "--check", tool="journey-maps")
    assert result.returncode == 1
    assert [line.split(":")[0] for line in result.stdout.splitlines()] == [
        "schemas/journey.schema.json",
        "schemas/old.schema.json",
    ]


# Odd input and output paths: one `error: <path>: <reason>` line and exit 1, never a traceback.


def _refused(result: subprocess.CompletedProcess[str], message: str) -> None:
    """The command failed with exactly ``message`` on stderr (one line) and no traceback."""
    assert "Traceback" not in result.stderr, result.stderr
    assert result.stderr.splitlines() == [message]
    assert result.returncode == 1


needs_permissions = pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="permissions do not stop root"
)


@pytest.mark.parametrize(
    ("output", "message"),
    [
        ("no/dir/x.csv", "error: no/dir/x.csv: cannot write: folder no/dir does not exist"),
        ("maps", "error: maps: cannot write: it is a folder"),
        (
            "maps/touchpoints.yml/x.csv",
            "error: maps/touchpoints.yml/x.csv: cannot write: maps/touchpoints.yml is a file",
        ),
        pytest.param(
            "/dev/full",
            "error: /dev/full: cannot write: no space left on device",
            marks=pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full"),
        ),
    ],
)
def test_export_to_an_unwritable_place(basic_site: Site, output: str, message: str) -> None:
    before = snapshot(basic_site.root)
    _refused(basic_site.run("export", "-o", output, tool="journey-maps"), message)
    assert snapshot(basic_site.root) == before


@needs_permissions
def test_export_without_permission(basic_site: Site) -> None:
    locked = basic_site.root / "locked"
    locked.mkdir(mode=0o500)
    _refused(
        basic_site.run("export", "-o", "locked/x.csv", tool="journey-maps"),
        "error: locked/x.csv: cannot write: permission denied",
    )
    assert list(locked.iterdir()) == []


def test_new_where_the_folder_is_a_file(basic_site: Site, tmp_path: Path) -> None:
    shutil.rmtree(basic_site.maps / "journeys")
    basic_site.write("maps/journeys", "not a folder\n")
    _refused(
        basic_site.run("new", "journey", "x", tool="journey-maps"),
        "error: maps/journeys/x.yml: cannot write: maps/journeys is a file; nothing written",
    )
    bare = Site(tmp_path / "bare")
    bare.write("maps", "")
    _refused(
        bare.run("new", "persona", "x", tool="journey-maps"),
        "error: maps/personas/x.yml: cannot write: maps is a file; nothing written",
    )
    assert (bare.root / "maps").read_text(encoding="utf-8") == ""


def test_new_refuses_an_id_with_a_final_line_break(basic_site: Site) -> None:
    before = snapshot(basic_site.root)
    _refused(
        basic_site.run("new", "journey", "fresh\n", tool="journey-maps"),
        "error: 'fresh\\n' is not a valid id: use lower-case letters, digits and hyphens, starting with a letter "
        "or digit (for example 'fresh')",
    )
    assert snapshot(basic_site.root) == before
    _refused(
        basic_site.run("new", "persona", "\nx\t", tool="journey-maps"),
        "error: '\\nx\\t' is not a valid id: use lower-case letters, digits and hyphens, starting with a letter "
        "or digit (for example 'x')",
    )


def test_new_leaves_nothing_behind_when_writing_fails(tmp_path: Path) -> None:
    site = Site(tmp_path)
    long_id = "a" * 300  # a valid id, but too long a file name
    _refused(
        site.run("new", "journey", long_id, tool="journey-maps"),
        f"error: maps/journeys/{long_id}.yml: cannot write: file name too long; nothing written",
    )
    assert not (tmp_path / "maps").exists()
    basic = make_site(tmp_path)
    before = snapshot(basic.root)
    _refused(
        basic.run("new", "persona", long_id, tool="journey-maps"),
        f"error: maps/personas/{long_id}.yml: cannot write: file name too long; nothing written",
    )
    assert snapshot(basic.root) == before


def test_new_does_not_follow_a_dangling_link(basic_site: Site) -> None:
    (basic_site.maps / "journeys/x.yml").symlink_to(basic_site.root / "elsewhere.yml")
    _refused(
        basic_site.run("new", "journey", "x", tool="journey-maps"),
        "error: maps/journeys/x.yml already exists; nothing written",
    )
    assert not (basic_site.root / "elsewhere.yml").exists()


@needs_permissions
def test_new_without_permission(basic_site: Site) -> None:
    (basic_site.maps / "journeys").chmod(0o500)
    try:
        _refused(
            basic_site.run("new", "journey", "x", tool="journey-maps"),
            "error: maps/journeys/x.yml: cannot write: permission denied; nothing written",
        )
    finally:
        (basic_site.maps / "journeys").chmod(0o700)


def test_schema_into_a_file(basic_site: Site) -> None:
    basic_site.write("README.md", "# Read me\n")
    before = snapshot(basic_site.root)
    _refused(
        basic_site.run("schema", "-o", "README.md", tool="journey-maps"),
        "error: README.md: cannot write the schemas: it is a file",
    )
    _refused(
        basic_site.run("schema", "--check", "-o", "README.md", tool="journey-maps"),
        "error: README.md: cannot check the schemas: it is a file",
    )
    _refused(
        basic_site.run("schema", "-o", "README.md/schemas", tool="journey-maps"),
        "error: README.md/schemas: cannot write the schemas: README.md is a file",
    )
    assert snapshot(basic_site.root) == before


@needs_permissions
def test_schema_without_permission(basic_site: Site) -> None:
    (basic_site.root / "locked").mkdir(mode=0o500)
    _refused(
        basic_site.run("schema", "-o", "locked/schemas", tool="journey-maps"),
        "error: locked/schemas: cannot write the schemas: permission denied",
    )


def test_schema_check_reads_a_non_utf8_file_as_stale(basic_site: Site) -> None:
    assert basic_site.run("schema", tool="journey-maps").returncode == 0
    (basic_site.root / "schemas/journey.schema.json").write_bytes(b"\xff\xfe{}")
    result = basic_site.run("schema", "--check", tool="journey-maps")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert [line.split(":")[0] for line in result.stdout.splitlines()] == ["schemas/journey.schema.json"]


@pytest.mark.parametrize(
    ("config", "message"),
    [
        (
            b"site_name: Fixture\ntheme: material: x\n",
            "error: mkdocs.yml:2:16: not valid YAML: mapping values are not allowed here",
        ),
        (b"site_name: Caf\xe9\n", "error: mkdocs.yml:1:15: not valid UTF-8 (byte 0xe9)"),
        (b"a: \x01\n", "error: mkdocs.yml:1:4: not valid YAML: character U+0001 is not allowed"),
        (b"review: 2020-99-99\n", "error: mkdocs.yml:1:9: not valid YAML: month must be in 1..12"),
        (b"a: " + b"[" * 3000 + b"]" * 3000 + b"\n", "error: mkdocs.yml: not valid YAML: nested too deeply"),
        (b"- site_name\n- plugins\n", "error: mkdocs.yml:1:1: expected a mapping of settings, not a list"),
        (b"plugins: journey-maps\n", "error: mkdocs.yml:1:10: plugins: expected a list or a mapping, not a string"),
        (
            b"plugins:\n  - search\n  - journey-maps: maps\n",
            "error: mkdocs.yml:3:19: journey-maps: expected a mapping of options, not a string",
        ),
        (
            b"plugins:\n  - journey-maps:\n      maps_dir: [1]\n",
            "error: mkdocs.yml:3:17: journey-maps: maps_dir: expected a string, not a list",
        ),
        (
            b"plugins:\n  - journey-maps:\n      stale_reviews: often\n",
            "error: mkdocs.yml:3:22: journey-maps: stale_reviews: expected one of warn, info, ignore, not 'often'",
        ),
        (
            b"plugins:\n  - journey-maps:\n      stale_reviews: [warn]\n",
            "error: mkdocs.yml:3:22: journey-maps: stale_reviews: expected one of warn, info, ignore, not a list",
        ),
        (
            b"plugins:\n  journey-maps:\n    review_date: '2027-01-01'\n",
            "error: mkdocs.yml:3:18: journey-maps: review_date: expected a date (YYYY-MM-DD), not a string",
        ),
        (
            b"plugins:\n  - journey-maps:\n      release_tags: 2026\n",
            "error: mkdocs.yml:3:21: journey-maps: release_tags: expected a string, not a number",
        ),
        (b"docs_dir: [docs]\n", "error: mkdocs.yml:1:11: docs_dir: expected a string, not a list"),
    ],
)
def test_unreadable_mkdocs_yml(tmp_path: Path, config: bytes, message: str) -> None:
    (tmp_path / "mkdocs.yml").write_bytes(config)
    _refused(Site(tmp_path).run("validate", tool="journey-maps"), message)


@needs_permissions
def test_mkdocs_yml_without_permission(basic_site: Site) -> None:
    (basic_site.root / "mkdocs.yml").chmod(0o200)
    _refused(basic_site.run("validate", tool="journey-maps"), "error: mkdocs.yml: cannot read: permission denied")


def test_mkdocs_yml_plugins_as_a_mapping_and_tags(tmp_path: Path) -> None:
    site = Site(tmp_path)
    site.write("mkdocs.yml", "plugins:\n  search: {}\n  journey-maps:\n    maps_dir: elsewhere\n")
    result = site.run("new", "journey", "x", tool="journey-maps")
    assert result.stdout.strip() == "wrote elsewhere/journeys/x.yml: edit it, then run `journey-maps validate`"
    # MkDocs' tags are read as "not set", as by mkdocs.yml options left empty: the defaults apply
    site.write(
        "mkdocs.yml",
        "site_name: !ENV [SITE_NAME, x]\nplugins:\n  - journey-maps:\n      maps_dir: !ENV [JM_MAPS, elsewhere]\n"
        "      review_date:\nmarkdown_extensions:\n  - pymdownx.emoji:\n"
        "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n",
    )
    result = site.run("new", "journey", "y", tool="journey-maps")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "wrote maps/journeys/y.yml: edit it, then run `journey-maps validate`"


def test_interrupted_command_exits_quietly(tmp_path: Path) -> None:
    script = (
        "from journey_maps import cli\n"
        "def interrupted(argv=None):\n"
        "    raise KeyboardInterrupt\n"
        "cli.main = interrupted\n"
        "cli.run()\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (130, "", "")


def test_an_unforeseen_file_error_is_one_line(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> None:
    from journey_maps import cli

    def denied(args: object) -> int:
        raise PermissionError(13, "Permission denied", str(Path.cwd() / "maps/personas"))

    monkeypatch.setattr(cli, "_run", denied)
    assert cli.main(["validate"]) == 1
    assert capsys.readouterr().err == "error: maps/personas: permission denied\n"


def test_an_output_encoding_without_the_text(basic_site: Site) -> None:
    result = subprocess.run(
        [str(BIN / "journey-maps"), "export", "--what", "touchpoints"],
        cwd=basic_site.root,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONIOENCODING": "ascii"},
    )
    _refused(result, "error: the output's encoding (ascii) has no character U+00E9: set PYTHONIOENCODING=utf-8")
