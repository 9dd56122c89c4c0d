"""The bad-input corpus: every broken file gives a located, readable message, exit code 1, no
traceback and no side effect, in bounded time and memory; shape errors fail the JSON Schema too."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import jsonschema
import pytest
import yaml

from conftest import snapshot
from corpus_runner import CORPUS, destination, place, project, run
from journey_maps.json_schema import schemas
from test_schema import _DatesAsText

EXPECTED: dict[str, dict] = yaml.safe_load((CORPUS / "expected.yml").read_text(encoding="utf-8"))
SCHEMA_FOR = {
    "journey": "journey.schema.json",
    "persona": "persona.schema.json",
    "touchpoints": "touchpoints.schema.json",
    "channels": "channels.schema.json",
}
# Guards against runaway input (an alias bomb, a huge file), not speed targets:
# each case takes well under a second and about 30-50 MB here.
TIME_LIMIT_S = 30
MEMORY_LIMIT_MB = 256


def test_corpus_is_complete() -> None:
    files = sorted(p.name[:-4] for p in CORPUS.glob("*.yml") if p.name != "expected.yml")
    assert files == sorted(EXPECTED)
    assert len(EXPECTED) + len(SPECIAL) >= 40


def _check(tmp_path: Path, place_case, expected: list[str]) -> None:
    root = tmp_path / "project"
    project(root)
    place_case(root)
    before = snapshot(root)
    outcome = run(root)
    assert outcome.returncode == 1, outcome.stdout
    assert "Traceback" not in outcome.stderr and "Error:" not in outcome.stderr, outcome.stderr
    assert outcome.stdout == expected
    assert outcome.seconds < TIME_LIMIT_S
    assert outcome.max_rss_mb < MEMORY_LIMIT_MB, f"{outcome.max_rss_mb:.0f} MB"
    assert snapshot(root) == before, "validate must not change anything"


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_broken_input(tmp_path: Path, case: str) -> None:
    data = (CORPUS / f"{case}.yml").read_bytes()
    _check(tmp_path, lambda root: place(root, case, data), EXPECTED[case]["expect"])


@pytest.mark.parametrize("case", sorted(c for c, v in EXPECTED.items() if v["shape"]))
def test_shape_errors_fail_the_json_schema_too(case: str) -> None:
    kind = case.rsplit(".", 1)[1]
    document = yaml.load((CORPUS / f"{case}.yml").read_text(encoding="utf-8"), Loader=_DatesAsText)
    validator = jsonschema.Draft202012Validator(schemas()[SCHEMA_FOR[kind]], format_checker=jsonschema.FormatChecker())
    assert list(validator.iter_errors(document)), f"{destination(case)} passes the JSON Schema"


def _huge(root: Path) -> None:
    path = root / "maps/journeys/huge.yml"
    with path.open("w", encoding="utf-8") as out:
        out.write("title: Huge\nstages:\n")
        chunk = "  - {id: s, name: " + "x" * 1000 + ", steps: []}\n"
        for _ in range(20 * 1024):  # 20 MB
            out.write(chunk)


def _symlink_out(root: Path) -> None:
    outside = root.parent / "outside-secret.yml"
    outside.write_text("title: secret\n", encoding="utf-8")
    (root / "maps/journeys/leak.yml").symlink_to(outside)


def _duplicate_across_files(root: Path) -> None:
    base = (root / "maps/journeys/base.yml").read_text(encoding="utf-8")
    (root / "maps/journeys/base.yaml").write_text(base, encoding="utf-8")


def _file_name(root: Path) -> None:
    (root / "maps/personas/Maria Lopez.yml").write_text("name: Maria\n", encoding="utf-8")


def _index(root: Path) -> None:
    (root / "maps/personas/index.yml").write_text("name: Index\n", encoding="utf-8")


def _fifo(root: Path) -> None:
    os.mkfifo(root / "maps/journeys/pipe.yml")  # reading it would wait for a writer forever


def _device_link(root: Path) -> None:
    (root / "maps/journeys/zero.yml").symlink_to("/dev/zero")  # endless bytes


def _device_inside(root: Path) -> None:
    # A link inside the project to a link to /dev/zero: the device is what is finally read.
    (root / "maps/dev").symlink_to("/dev")
    (root / "maps/journeys/zero.yml").symlink_to("../dev/zero")


def _symlink_loop(root: Path) -> None:
    (root / "maps/journeys/loop.yml").symlink_to("loop.yml")


def _folder_symlink_out(root: Path) -> None:
    outside = root.parent / "elsewhere"
    outside.mkdir()
    (outside / "leak.yml").write_text((root / "maps/journeys/base.yml").read_text(encoding="utf-8"), encoding="utf-8")
    shutil.rmtree(root / "maps/journeys")
    (root / "maps/journeys").symlink_to(outside)


def _maps_symlink_out(root: Path) -> None:
    outside = root.parent / "elsewhere-maps"
    shutil.move(root / "maps", outside)
    (root / "maps").symlink_to(outside)


def _folder_as_file(root: Path) -> None:
    (root / "maps/touchpoints.yml").unlink()
    (root / "maps/touchpoints.yml").mkdir()
    (root / "maps/journeys/trip.yml").mkdir()


def _journeys_is_a_file(root: Path) -> None:
    shutil.rmtree(root / "maps/journeys")
    (root / "maps/journeys").write_text("title: not a folder\n", encoding="utf-8")


_UNUSED = "maps/touchpoints.yml:1:1: warning: touchpoint 'base-tp' is not used by any step"
SPECIAL = {
    "fifo": (_fifo, ["maps/journeys/pipe.yml:1:1: error: not read: this is a named pipe (FIFO), not a file"]),
    "device-link-outside": (
        _device_link,
        ["maps/journeys/zero.yml:1:1: error: symbolic link points outside the project; not read"],
    ),
    "device-through-a-folder-link": (
        _device_inside,
        ["maps/journeys/zero.yml:1:1: error: symbolic link points outside the project; not read"],
    ),
    "symlink-loop": (
        _symlink_loop,
        ["maps/journeys/loop.yml:1:1: error: cannot read file: Too many levels of symbolic links"],
    ),
    "folder-symlink-outside-project": (
        _folder_symlink_out,
        ["maps/journeys:1:1: error: symbolic link points outside the project; not read", _UNUSED],
    ),
    "maps-symlink-outside-project": (
        _maps_symlink_out,
        ["maps:1:1: error: symbolic link points outside the project; not read"],
    ),
    "folders-named-like-files": (
        _folder_as_file,
        [
            "maps/journeys/trip.yml:1:1: error: not read: this is a folder, not a file",
            "maps/touchpoints.yml:1:1: error: not read: this is a folder, not a file",
        ],
    ),
    "journeys-is-a-file": (
        _journeys_is_a_file,
        ["maps/journeys:1:1: error: journeys must be a folder of YAML files; not read", _UNUSED],
    ),
    "file-of-20-mb": (
        _huge,
        ["maps/journeys/huge.yml:1:1: error: file is too large (21,114,900 bytes; the limit is 5,242,880)"],
    ),
    "symlink-outside-project": (
        _symlink_out,
        ["maps/journeys/leak.yml:1:1: error: symbolic link points outside the project; not read"],
    ),
    "duplicate-id-across-files": (
        _duplicate_across_files,
        ["maps/journeys/base.yml:1:1: error: duplicate id 'base': maps/journeys/base.yaml has the same id"],
    ),
    "file-name-not-an-id": (
        _file_name,
        [
            "maps/personas/Maria Lopez.yml:1:1: error: file name: 'Maria Lopez' is not a valid id: use lower-case "
            "letters, digits and hyphens, starting with a letter or digit (for example 'maria-lopez')"
        ],
    ),
    "reserved-index-id": (
        _index,
        ["maps/personas/index.yml:1:1: error: the id 'index' is taken by the index page (rename the file)"],
    ),
}


@pytest.mark.parametrize("case", sorted(SPECIAL))
def test_broken_input_on_disk(tmp_path: Path, case: str) -> None:
    place_case, expected = SPECIAL[case]
    _check(tmp_path, place_case, expected)
    assert not (tmp_path / "pwned").exists() and not os.path.exists("/tmp/pwned")
