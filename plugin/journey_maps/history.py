"""The maps as they were at an earlier git commit, tag or branch.

The maps folder of a commit is read with ``git archive`` into a temporary folder
and loaded by the same loader as the working tree. Results are cached by commit id
(commits never change), so the several builds of a multilingual site, and the
rebuilds of ``mkdocs serve``, read the history once.
"""

from __future__ import annotations

import datetime
import io
import shutil
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .catalog import MapSet
from .load import load_maps
from .problems import Problem
from .source import forget

AUTO = "auto"
"""``changes_since`` value meaning: the release tag before the current commit."""


class HistoryError(Exception):
    """Git cannot answer (not installed, not a repository, unknown ref)."""


@dataclass(frozen=True)
class Snapshot:
    """The maps at one commit."""

    ref: str
    """The ref as asked for (a tag name, a branch, a commit id)."""
    commit: str
    maps: MapSet
    problems: tuple[Problem, ...]


_cache: dict[tuple[str, str, str], tuple[MapSet, tuple[Problem, ...]]] = {}


def _git(cwd: Path, *args: str, binary: bool = False) -> str | bytes:
    if shutil.which("git") is None:
        raise HistoryError("git is not installed")
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False, timeout=120)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise HistoryError(f"git {args[0]} failed: {exc}") from exc
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise HistoryError(message[-1] if message else f"git {args[0]} failed")
    return done.stdout if binary else done.stdout.decode("utf-8", "replace").strip()


def repository(path: Path) -> Path | None:
    """The top folder of the git work tree holding ``path``, or None (no git, or not in a repository).

    ``path`` need not exist (a maps folder not created yet): its nearest existing parent is asked.
    """
    while not path.is_dir() and path != path.parent:
        path = path.parent
    try:
        return Path(str(_git(path, "rev-parse", "--show-toplevel"))).resolve()
    except HistoryError:
        return None


def commit_of(top: Path, ref: str) -> str:
    """The commit id ``ref`` names; HistoryError when it names none."""
    if ref.startswith("-"):
        raise HistoryError(f"'{ref}' is not a git ref")
    try:
        return str(_git(top, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}"))
    except HistoryError:
        raise HistoryError(f"'{ref}' is not a commit, tag or branch of this repository") from None


def previous_release(top: Path, pattern: str = "*", maps_dir: Path | None = None) -> str | None:
    """The nearest tag matching ``pattern`` before the current commit, or None.

    When building release v2.0 (the commit tagged v2.0), that is the release before it;
    between releases, the last release. Tags on the current commit count only when the
    maps in ``maps_dir`` have uncommitted edits: those are compared with the tagged state.
    """
    edited = maps_dir is not None and bool(_git(top, "status", "--porcelain", "--", str(maps_dir)))
    here = [] if edited else str(_git(top, "tag", "--points-at", "HEAD")).split()
    args = ["describe", "--tags", "--abbrev=0", "--match", pattern]
    for tag in here:
        args += ["--exclude", tag]
    try:
        return str(_git(top, *args, "HEAD")) or None
    except HistoryError:
        return None  # no such tag (or no commit yet)


def resolve(top: Path, since: str, pattern: str, maps_dir: Path) -> str | None:
    """The ref ``since`` names: itself, or for AUTO the previous release tag (None when there is none)."""
    return previous_release(top, pattern, maps_dir) if since == AUTO else since


def maps_at(ref: str, maps_dir: Path, *, today: datetime.date) -> Snapshot:
    """The maps folder ``maps_dir`` (of the working tree) as it was at ``ref``."""
    top = repository(maps_dir)
    if top is None:
        raise HistoryError(f"{maps_dir} is not in a git repository")
    commit = commit_of(top, ref)
    inside = maps_dir.resolve().relative_to(top).as_posix()
    key = (str(top), commit, inside)
    if key not in _cache:
        _cache[key] = _read(top, commit, inside, today)
    maps, problems = _cache[key]
    return Snapshot(ref, commit, maps, problems)


def _read(top: Path, commit: str, inside: str, today: datetime.date) -> tuple[MapSet, tuple[Problem, ...]]:
    listed = str(_git(top, "ls-tree", "--name-only", commit, "--", inside))
    with tempfile.TemporaryDirectory(prefix="journey-maps-history-") as tmp:
        root = Path(tmp)
        if listed:  # the folder existed then
            data = _git(top, "archive", "--format=tar", commit, "--", inside, binary=True)
            with tarfile.open(fileobj=io.BytesIO(bytes(data))) as archive:
                archive.extractall(root, filter="data")
        loaded, problems = load_maps(root / inside, root=root, docs_dir=None)
        forget(root)  # history is kept by commit here; its files need no place in the parse cache
        if not listed:
            problems = []  # no maps yet: everything is new
        return MapSet.build(loaded, today), tuple(problems)
