"""`journey-maps validate`: the plugin's checks and messages, with the site's own settings."""

from __future__ import annotations

import datetime

from conftest import Site


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
    assert result.stdout.startswith("nowhere: error: maps directory not found")


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
        "::warning file=maps/a%2Cb%3Ac.yml,line=3,col=4,title=journey-maps::100%25 wrong%0Asecond line (hint)"
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
    strict = basic_site.run("validate", "--strict", tool="journey-maps")
    assert strict.returncode == 0, strict.stdout
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
