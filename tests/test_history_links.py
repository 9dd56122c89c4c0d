"""Release tags with files that cannot be read safely: symbolic links out of the snapshot, loops,
special files, unsafe names, huge files. Each is left out and named; nothing is followed outside."""

from __future__ import annotations

import dataclasses
import io
import json
import logging
import os
import shutil
import tarfile
from pathlib import Path

import pytest

from conftest import FIXTURES, Site, make_site
from journey_maps import history
from journey_maps.changes import diff_maps
from journey_maps.render.pages import Changes, Renderer
from journey_maps.source import MAX_FILE_BYTES
from test_changes import TODAY, cli, commit, edit, git, visible_text

pytestmark = pytest.mark.skipif(not hasattr(os, "symlink") or os.name == "nt", reason="needs POSIX symbolic links")

HOSTILE = {
    "maps/journeys/evil.yml": ("/etc/passwd", "a symbolic link to an absolute path ('/etc/passwd')"),
    "maps/personas/up.yml": ("../../..", "a symbolic link out of the maps folder ('../../..')"),
    "maps/journeys/loop.yml": ("loop.yml", "a symbolic link loop ('loop.yml')"),
}
"""Link → (its target, why it is not read)."""
NOTE = "could not be read, so what they held is left out of this comparison"


@pytest.fixture
def hostile_release(tmp_path: Path) -> Site:
    """A site whose release v1.0 held links out of the snapshot and a loop; the working tree is clean."""
    site = make_site(tmp_path)
    (site.root / ".gitignore").write_text("site/\n", encoding="utf-8")
    git(site.root, "init", "-q", "-b", "main")
    for link, (target, _) in HOSTILE.items():
        os.symlink(target, site.root / link)
    commit(site.root, "a release with odd links", "v1.0")
    for link in HOSTILE:
        (site.root / link).unlink()
    edit(site.maps / "journeys/coffee-order.yml", "        score: 4\n", "        score: 5\n")
    commit(site.root, "links removed, a score up")
    return site


def test_a_build_goes_on_and_the_page_names_what_was_left_out(
    hostile_release: Site, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING):
        hostile_release.build(strict=False)
    text = visible_text(hostile_release.html("changes"))
    assert "Compared with v1.0" in text
    assert f"These files of v1.0 {NOTE}: maps/journeys/evil.yml maps/journeys/loop.yml maps/personas/up.yml" in text
    assert "Sees an ad; clicks #1 result" in text  # the rest is still compared
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    for link, (_, why) in HOSTILE.items():
        assert any(link in w and f"not read: {why}" in w and "the maps at v1.0" in w for w in warnings), link


def test_a_strict_build_fails_naming_each_file(hostile_release: Site) -> None:
    result = hostile_release.run("build", "--strict")
    assert result.returncode == 1
    for link, (_, why) in HOSTILE.items():
        line = next(x for x in result.stderr.splitlines() if link in x)
        assert "journey-maps: the maps at v1.0: " in line and line.endswith(f"not read: {why}"), line
    assert "in strict mode" in result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def test_diff_command_names_each_file_and_still_compares(hostile_release: Site) -> None:
    v1 = git(hostile_release.root, "rev-parse", "--short=10", "v1.0")
    result = cli(hostile_release.root, "v1.0")
    assert result.returncode == 1  # a version with errors (see the docs)
    assert result.stdout.splitlines()[0] == f"maps at v1.0 ({v1}) -> working tree"
    assert "    up +1 score discover/sees-ad: 4 -> 5  Sees an ad; clicks #1 result" in result.stdout.splitlines()
    for link, (_, why) in HOSTILE.items():
        assert any(link in x and x.endswith(f"not read: {why}") for x in result.stderr.splitlines()), result.stderr
    assert "error: the maps at v1.0 have 3 errors" in result.stderr
    assert "Traceback" not in result.stderr
    data = json.loads(cli(hostile_release.root, "v1.0", "--format", "json").stdout)
    assert data["unread"] == {
        "old": [{"path": link, "reason": HOSTILE[link][1]} for link in sorted(HOSTILE)],
        "new": [],
    }
    both = cli(hostile_release.root, "main", "v1.0", "--format", "json")  # the other way round
    assert both.returncode == 1 and "Traceback" not in both.stderr
    assert [u["path"] for u in json.loads(both.stdout)["unread"]["new"]] == sorted(HOSTILE)


# -- what is read, and what is left out ------------------------------------


def tagged(root: Path, setup, after=None) -> history.Snapshot:
    """The basic maps in a repository at ``root``: ``setup`` edits them, v1 is tagged, ``after`` edits again."""
    shutil.copytree(FIXTURES / "basic", root)
    git(root, "init", "-q")
    setup(root)
    commit(root, "release", "v1")
    if after is not None:
        after(root)
        commit(root, "after")
    return history.maps_at("v1", root / "maps", today=TODAY)


def reasons(snapshot: history.Snapshot) -> dict[str, str]:
    return {u.path: u.reason for u in snapshot.unread}


def test_links_inside_the_maps_folder_are_read_as_the_file_they_lead_to(tmp_path: Path) -> None:
    def setup(root: Path) -> None:
        shared = root / "maps/shared"
        shared.mkdir()
        shutil.move(root / "maps/personas/li-wei.yml", shared / "li-wei.txt")
        os.symlink("../shared/li-wei.txt", root / "maps/personas/li-wei.yml")
        shutil.move(root / "maps/personas/ana.yml", shared / "ana.txt")
        os.symlink("ana.txt", shared / "ana-link")
        os.symlink("../shared/ana-link", root / "maps/personas/ana.yml")  # two links in a row
        os.symlink("shared", root / "maps/linked")
        os.symlink("../linked/ana.txt", root / "maps/journeys/through.yml")
        os.symlink("../personas", root / "maps/journeys/folder.yml")
        os.symlink("nowhere.yml", root / "maps/journeys/gone.yml")
        os.symlink("../../README", root / "maps/journeys/readme.yml")
        (root / "README").write_text("title: not a map\n", encoding="utf-8")
        os.symlink("b.yml", root / "maps/journeys/a.yml")
        os.symlink("a.yml", root / "maps/journeys/b.yml")
        os.symlink("/etc/passwd", root / "maps/journeys/notes")  # not a map: the loader never looks

    snapshot = tagged(tmp_path / "r", setup)
    assert set(snapshot.maps.personas) == {"ana", "li-wei"}
    assert snapshot.maps.personas["li-wei"].role == "Student"
    assert reasons(snapshot) == {
        "maps/journeys/a.yml": "a symbolic link loop ('a.yml')",
        "maps/journeys/b.yml": "a symbolic link loop ('b.yml')",
        "maps/journeys/folder.yml": "a symbolic link to a folder ('../personas')",
        "maps/journeys/gone.yml": "a symbolic link to a file that is not in the maps folder ('nowhere.yml')",
        "maps/journeys/readme.yml": "a symbolic link out of the maps folder ('../../README')",
        "maps/journeys/through.yml": "a symbolic link through another symbolic link ('../linked/ana.txt')",
    }
    errors = {str(p.location.path): p.message for p in snapshot.problems if p.is_error}
    assert errors["maps/journeys/gone.yml"].startswith("not read: a symbolic link to a file")
    assert set(snapshot.maps.journeys) == {"coffee-order", "coffee-order-future"}


def test_a_maps_folder_that_was_a_link_is_not_read(tmp_path: Path) -> None:
    def to(target: str):
        def setup(root: Path) -> None:
            shutil.move(root / "maps", root / "real-maps")
            os.symlink(target, root / "maps")

        return setup

    def back(root: Path) -> None:
        (root / "maps").unlink()
        shutil.move(root / "real-maps", root / "maps")

    for name, target, why in [
        ("relative", "real-maps", "a symbolic link out of the maps folder ('real-maps')"),
        ("absolute", "/etc", "a symbolic link to an absolute path ('/etc')"),
    ]:
        snapshot = tagged(tmp_path / name, to(target), back)
        assert reasons(snapshot) == {"maps": why}
        assert [p.message for p in snapshot.problems] == [f"not read: {why}"]
        assert snapshot.maps.journeys == {}


def test_a_folder_named_like_a_file_and_huge_files(tmp_path: Path) -> None:
    def setup(root: Path) -> None:
        (root / "maps/touchpoints.yml").unlink()
        (root / "maps/touchpoints.yml").mkdir()
        (root / "maps/touchpoints.yml/inner.yml").write_text("a: 1\n", encoding="utf-8")
        (root / "maps/journeys/huge.yml").write_bytes(b"#" * (MAX_FILE_BYTES + 1))
        (root / "maps/huge.bin").write_bytes(b"\0" * (MAX_FILE_BYTES + 1))  # not a map: left out, unsaid

    snapshot = tagged(tmp_path / "r", setup)
    assert set(snapshot.maps.journeys) == {"coffee-order", "coffee-order-future"}
    limit = f"the limit is {MAX_FILE_BYTES:,}"
    assert reasons(snapshot) == {
        "maps/journeys/huge.yml": f"the file is too large ({MAX_FILE_BYTES + 1:,} bytes; {limit})",
    }


def test_a_folder_holding_only_a_huge_file(tmp_path: Path) -> None:
    root = tmp_path / "r"
    (root / "maps/journeys").mkdir(parents=True)
    (root / "maps/journeys/huge.yml").write_bytes(b"#" * (MAX_FILE_BYTES + 1))
    git(root, "init", "-q")
    commit(root, "release", "v1")
    snapshot = history.maps_at("v1", root / "maps", today=TODAY)  # git has no archive member left to write
    assert list(reasons(snapshot)) == ["maps/journeys/huge.yml"]
    assert [p.message for p in snapshot.problems] == [f"not read: {snapshot.unread[0].reason}"]


def test_a_folder_over_the_total_limit_is_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(history, "MAX_SNAPSHOT_BYTES", 1000)
    snapshot = tagged(tmp_path / "r", lambda root: None)
    [(path, why)] = reasons(snapshot).items()
    assert path == "maps" and why.startswith("the folder holds ") and why.endswith("more than the 1,000 read from git")
    assert snapshot.maps.journeys == {}


def test_maps_at_the_top_of_the_repository(tmp_path: Path) -> None:
    root = tmp_path / "maps"
    shutil.copytree(FIXTURES / "basic" / "maps", root)
    git(root, "init", "-q")
    os.symlink("/etc/passwd", root / "journeys/evil.yml")
    os.symlink("coffee-order.yml", root / "journeys/coffee-order.fa.yml")  # an overlay by link, inside
    commit(root, "release", "v1")
    snapshot = history.maps_at("v1", root, today=TODAY)
    assert reasons(snapshot) == {"journeys/evil.yml": "a symbolic link to an absolute path ('/etc/passwd')"}
    assert set(snapshot.maps.journeys) == {"coffee-order", "coffee-order-future"}
    assert snapshot.maps.languages == ["fa"]


def _archive(members: list[tuple[tarfile.TarInfo, bytes]]) -> bytes:
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w", format=tarfile.PAX_FORMAT) as archive:
        for info, data in members:
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data) if data else None)
    return out.getvalue()


def _member(name: str, kind: bytes = tarfile.REGTYPE, linkname: str = "") -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type, info.linkname = kind, linkname
    return info


def test_special_files_and_unsafe_names_are_never_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # git writes none of these; an archive that held them must still not reach outside the snapshot.
    root = tmp_path / "r"
    shutil.copytree(FIXTURES / "basic", root)
    git(root, "init", "-q")
    commit(root, "release", "v1")
    escape = f"escaped-{os.getpid()}.yml"
    crafted = _archive(
        [
            (_member("maps", tarfile.DIRTYPE), b""),
            (_member("maps/journeys", tarfile.DIRTYPE), b""),
            (_member("maps/journeys/ok.yml"), (root / "maps/journeys/coffee-order.yml").read_bytes()),
            (_member("maps/journeys/hard.yml", tarfile.LNKTYPE, "maps/journeys/ok.yml"), b""),
            (_member("maps/journeys/pipe.yml", tarfile.FIFOTYPE), b""),
            (_member("maps/journeys/tty.yml", tarfile.CHRTYPE), b""),
            (_member(f"maps/../../{escape}"), b"title: x\n"),
            (_member(f"/tmp/{escape}"), b"title: x\n"),
            (_member(f"other/{escape}"), b"title: x\n"),
        ]
    )
    real_git = history._git

    def fake_git(cwd: Path, *args: str, binary: bool = False):
        return crafted if args[0] == "archive" else real_git(cwd, *args, binary=binary)

    monkeypatch.setattr(history, "_git", fake_git)
    snapshot = history.maps_at("v1", root / "maps", today=TODAY)
    assert reasons(snapshot) == {
        "maps/journeys/hard.yml": "a hard link",
        "maps/journeys/pipe.yml": "a named pipe",
        "maps/journeys/tty.yml": "a device file",
        f"maps/../../{escape}": "an unsafe path name",
        f"/tmp/{escape}": "an unsafe path name",
        f"other/{escape}": "an unsafe path name",
    }
    assert set(snapshot.maps.journeys) == {"ok"}
    assert not (tmp_path / escape).exists() and not Path("/tmp", escape).exists()


def test_the_page_note_is_escaped_and_in_the_page_language(basic_maps) -> None:
    diff = diff_maps(basic_maps, basic_maps)
    odd = history.Unread("maps/journeys/<b>x</b> {{ y }}.yml", "a symbolic link loop ('x')")
    changes = Changes("v1.0", "0123456789", dataclasses.replace(diff, old_unread=(odd,)))
    page = {p.src_uri: p.markdown for p in Renderer(basic_maps, changes=changes).render_all()}["changes/index.md"]
    assert f"These files of v1&#46;0 {NOTE}:" in page
    assert "<b>" not in page and "{{" not in page and "&#60;b&#62;x&#60;/b&#62;" in page
    assert "Nothing changed in the maps." in page  # the note comes with the comparison, not instead of it
    fa = {p.src_uri: p.markdown for p in Renderer(basic_maps, changes=changes, language="fa").render_all()}
    assert "این فایل‌های v1&#46;0 خوانده نشدند" in fa["changes/index.md"]
    plain = {p.src_uri: p.markdown for p in Renderer(basic_maps, changes=Changes("v1.0", "0", diff)).render_all()}
    assert NOTE not in plain["changes/index.md"]
