"""The maps as they were at an earlier git commit, tag or branch.

The maps folder of a commit is read with ``git archive`` and loaded by the same loader as the
working tree. The archive is never extracted as it is: only its regular files are written, as
plain files, into a temporary folder. A symbolic link is followed only to a regular file of the
same maps folder (its bytes are copied); other links, devices, unsafe names and files over the
loader's size limit are left out and reported (``Snapshot.unread``), so a release tag with an odd
file never stops a build nor reaches outside the snapshot. Results are cached by commit id
(commits never change), so the several builds of a multilingual site, and the rebuilds of
``mkdocs serve``, read the history once.
"""

from __future__ import annotations

import datetime
import io
import os
import shutil
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .catalog import MapSet
from .load import YAML_SUFFIXES, Loaded, load_maps
from .problems import Location, Problem
from .source import MAX_FILE_BYTES, forget

AUTO = "auto"
"""``changes_since`` value meaning: the release tag before the current commit."""

MAX_SNAPSHOT_BYTES = 256 * 1024 * 1024
"""Upper bound on the bytes read from one commit's maps folder (a journey map is a few kilobytes)."""
MAX_LARGE_FILES = 64
"""Files over MAX_FILE_BYTES are left out of the archive one by one, up to this many."""
MAX_LINK_HOPS = 40
"""Symbolic links followed in a row (as Linux), within the snapshot only."""


class HistoryError(Exception):
    """Git cannot answer (not installed, not a repository, unknown ref)."""


@dataclass(frozen=True)
class Unread:
    """A file of the snapshot that was left out: its path (from the repository's top) and why."""

    path: str
    reason: str

    def problem(self) -> Problem:
        """As an error of the snapshot, located at the file."""
        return Problem(Location(self.path), f"not read: {self.reason}")


@dataclass(frozen=True)
class Snapshot:
    """The maps at one commit."""

    ref: str
    """The ref as asked for (a tag name, a branch, a commit id)."""
    commit: str
    maps: MapSet
    problems: tuple[Problem, ...]
    """What the loader found, and (as errors) every file in ``unread``."""
    unread: tuple[Unread, ...] = ()
    """Files of the maps folder at that commit that could not be read safely; left out."""
    date: datetime.date | None = None
    """The commit's date (the committer's, so a rebuilt site shows the same)."""
    tag: str | None = None
    """A tag on the commit, when ``ref`` is not one: the name readers know the release by."""


_cache: dict[tuple[str, str, str], tuple[MapSet, tuple[Problem, ...], tuple[Unread, ...]]] = {}
_UNREAD = "history.unread"
"""The MapSet.memo key of a snapshot's unread files (see unread_files)."""


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
    """The maps folder ``maps_dir`` (of the working tree) as it was at ``ref``.

    Files that could not be read are in ``Snapshot.unread``: the plugin and the command line
    name each of them.
    """
    top = repository(maps_dir)
    if top is None:
        raise HistoryError(f"{maps_dir} is not in a git repository")
    commit = commit_of(top, ref)
    inside = maps_dir.resolve().relative_to(top).as_posix()
    key = (str(top), commit, inside)
    if key not in _cache:
        _cache[key] = _read(top, commit, inside, today)
    maps, problems, unread = _cache[key]
    return Snapshot(ref, commit, maps, problems, unread, _date_of(top, commit), _tag_of(top, commit))


def _date_of(top: Path, commit: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(str(_git(top, "show", "-s", "--format=%cs", commit)).strip())
    except (HistoryError, ValueError):
        return None


def _tag_of(top: Path, commit: str) -> str | None:
    try:
        return str(_git(top, "describe", "--tags", "--exact-match", commit)).strip() or None
    except HistoryError:
        return None


def unread_files(maps: MapSet) -> tuple[Unread, ...]:
    """The files left out of a snapshot's maps (none for maps not read from git)."""
    found = maps.memo.get(_UNREAD, ())
    return found if isinstance(found, tuple) else ()


def _read(
    top: Path, commit: str, inside: str, today: datetime.date
) -> tuple[MapSet, tuple[Problem, ...], tuple[Unread, ...]]:
    sizes = _listing(top, commit, inside)
    unread: list[Unread] = []
    loaded, problems = Loaded(), []  # no maps yet (the folder did not exist): everything is new
    if sizes:
        with tempfile.TemporaryDirectory(prefix="journey-maps-history-") as tmp:
            root = Path(tmp)
            if _extract(top, commit, inside, sizes, root, unread):
                loaded, problems = load_maps(root / inside, root=root, docs_dir=None)
                forget(root)  # history is kept by commit here; its files need no place in the parse cache
    maps = MapSet.build(loaded, today)
    unread.sort(key=lambda u: u.path)
    maps.memo[_UNREAD] = tuple(unread)
    problems = sorted([*problems, *(u.problem() for u in unread)], key=Problem.sort_key)
    return maps, tuple(problems), tuple(unread)


def _listing(top: Path, commit: str, inside: str) -> dict[str, int]:
    """Every file of the folder at the commit, with its size in bytes (0: not a blob); empty: no folder."""
    out = _git(top, "ls-tree", "-r", "-l", "-z", commit, "--", f":(literal){inside}", binary=True)
    sizes = {}
    for entry in bytes(out).split(b"\0"):
        if b"\t" in entry:
            meta, _, name = entry.partition(b"\t")
            size = meta.split()[-1]
            sizes[name.decode("utf-8", "surrogateescape")] = int(size) if size.isdigit() else 0
    return sizes


def _extract(top: Path, commit: str, inside: str, sizes: dict[str, int], root: Path, unread: list[Unread]) -> bool:
    """Write the folder's readable files under ``root``; False when the folder itself cannot be read."""
    large = sorted(name for name, size in sizes.items() if size > MAX_FILE_BYTES)
    total = sum(size for size in sizes.values() if size <= MAX_FILE_BYTES)
    if total > MAX_SNAPSHOT_BYTES:
        reason = f"the folder holds {total:,} bytes of files, more than the {MAX_SNAPSHOT_BYTES:,} read from git"
        unread.append(Unread(inside, reason))
        return False
    if len(large) > MAX_LARGE_FILES:
        reason = f"the folder holds {len(large)} files over the limit of {MAX_FILE_BYTES:,} bytes"
        unread.append(Unread(inside, reason))
        return False
    unread += [Unread(name, _too_large(sizes[name])) for name in large if _matters(name, inside)]
    if len(large) == len(sizes):  # nothing else to read (and git would write an archive with no member)
        (root / inside).mkdir(parents=True, exist_ok=True)
        return True
    data = _git(
        top,
        "archive",
        "--format=tar",
        commit,
        "--",
        f":(literal){inside}",
        *(f":(exclude,literal){name}" for name in large),
        binary=True,
    )
    try:
        with tarfile.open(fileobj=io.BytesIO(bytes(data)), mode="r:") as archive:
            return _Writer(archive, inside, root, unread).run()
    except tarfile.TarError as exc:  # git wrote something else than a tar archive
        raise HistoryError(f"git archive: {exc}") from exc


class _Writer:
    """Writes an archive's readable members under ``root``: folders, and regular files copied by value."""

    def __init__(self, archive: tarfile.TarFile, inside: str, root: Path, unread: list[Unread]) -> None:
        self.archive = archive
        self.inside = inside
        self.prefix = "" if inside == "." else inside + "/"
        self.root = root
        self.unread = unread
        self.budget = MAX_SNAPSHOT_BYTES
        self.members = {member.name: member for member in archive.getmembers()}

    def run(self) -> bool:
        folder = self.members.get(self.inside)
        if folder is not None and not folder.isdir():
            if folder.issym():
                reason = self.follow(folder)[1] or f"a symbolic link to a folder ({_quoted(folder.linkname)})"
            else:
                reason = "a file, not a folder" if folder.isreg() else _kind(folder)
            self.unread.append(Unread(self.inside, reason))
            return False
        for member in self.members.values():
            self.write(member)
        return True

    def within(self, path: str) -> bool:
        return self.inside == "." or path == self.inside or path.startswith(self.prefix)

    def write(self, member: tarfile.TarInfo) -> None:
        name = member.name
        parts = name.split("/")
        if not self.within(name) or any(p in ("", ".", "..") for p in parts) or _unsafe_on_windows(parts):
            self.unread.append(Unread(name, "an unsafe path name"))
            return
        path = self.root.joinpath(*parts)
        matters = _matters(name, self.inside)
        if member.isdir():
            source = None
        elif not matters:
            return  # a file the loader does not look at (and links to anything else): not needed
        elif member.isreg():
            source = member
        elif member.issym():
            source, reason = self.follow(member)
            if source is None:
                self.unread.append(Unread(name, reason))
                return
        else:
            self.unread.append(Unread(name, _kind(member)))
            return
        try:
            if source is None:
                path.mkdir(parents=True, exist_ok=True)
                return
            if source.size > MAX_FILE_BYTES:  # left out of the archive already, unless a filter made it grow
                self.unread.append(Unread(name, _too_large(source.size)))
                return
            if source.size > self.budget:
                self.unread.append(Unread(name, f"past the {MAX_SNAPSHOT_BYTES:,} bytes read from git"))
                return
            stream = self.archive.extractfile(source)
            data = stream.read(MAX_FILE_BYTES + 1) if stream is not None else b""
            self.budget -= len(data)
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("xb") as out:  # never through an existing file or link: there are none
                out.write(data)
        except OSError as exc:
            self.unread.append(Unread(name, f"cannot be written to a temporary folder ({exc.strerror or exc})"))

    def follow(self, link: tarfile.TarInfo) -> tuple[tarfile.TarInfo | None, str]:
        """The regular file of the maps folder a symbolic link leads to, or None and why not.

        Paths are resolved by name against the archive, never on disk; a link through another
        link's folder is not followed, so ``..`` always means the folder the name shows.
        """
        seen = {link.name}
        current = link
        for _ in range(MAX_LINK_HOPS):
            target = current.linkname
            shown = _quoted(target)
            if target.startswith("/") or _unsafe_on_windows([target]):
                return None, f"a symbolic link to an absolute path ({shown})"
            parts = current.name.split("/")[:-1]
            names = [n for n in target.split("/") if n not in ("", ".")]
            for i, part in enumerate(names):
                if part == "..":
                    if not parts:
                        return None, f"a symbolic link out of the maps folder ({shown})"
                    parts.pop()
                    continue
                parts.append(part)
                here = "/".join(parts)
                if not self.within(here):
                    return None, f"a symbolic link out of the maps folder ({shown})"
                member = self.members.get(here)
                if i < len(names) - 1 and member is not None and member.issym():
                    return None, f"a symbolic link through another symbolic link ({shown})"
            resolved = "/".join(parts)
            if not self.within(resolved):
                return None, f"a symbolic link out of the maps folder ({shown})"
            member = self.members.get(resolved)
            if resolved in ("", self.inside) or (member is not None and member.isdir()):
                return None, f"a symbolic link to a folder ({shown})"
            if member is None:
                return None, f"a symbolic link to a file that is not in the maps folder ({shown})"
            if member.isreg():
                return member, ""
            if not member.issym():
                return None, f"a symbolic link to {_kind(member)} ({shown})"
            if resolved in seen:
                return None, f"a symbolic link loop ({shown})"
            seen.add(resolved)
            current = member
        return None, f"a symbolic link loop ({_quoted(link.linkname)})"


def _matters(name: str, inside: str) -> bool:
    """Whether the loader looks at this path: the folder, journeys/, personas/ and YAML files."""
    rel = "" if name == inside else name.removeprefix("" if inside == "." else inside + "/")
    return rel in ("", "journeys", "personas") or PurePosixPath(rel).suffix.lower() in YAML_SUFFIXES


def _unsafe_on_windows(parts: list[str]) -> bool:
    """Names Windows reads as other paths: drive letters (``C:``) and backslashes."""
    return os.name == "nt" and any("\\" in p or ":" in p for p in parts)


def _kind(member: tarfile.TarInfo) -> str:
    if member.islnk():
        return "a hard link"
    if member.ischr() or member.isblk():
        return "a device file"
    if member.isfifo():
        return "a named pipe"
    return "not a regular file"


def _too_large(size: int) -> str:
    return f"the file is too large ({size:,} bytes; the limit is {MAX_FILE_BYTES:,})"


def _quoted(text: str, limit: int = 200) -> str:
    """A link target for a message: quoted, control characters escaped, shortened."""
    return repr(text if len(text) <= limit else text[:limit] + "…")
