"""Find the map files, read them, validate them and build the model.

``load_maps`` never raises for bad input: it returns whatever could be read
plus every problem found, each located as ``path:line:column``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import Any

from . import model, schema, urls
from .problems import Location, Problem, Severity
from .source import Node, read_yaml
from .translate import LANGUAGE, Overlay

YAML_SUFFIXES = (".yml", ".yaml")
ALL = "*"
"""In Loaded.broken: the whole catalogue could not be read, so no reference to it is judged."""


@dataclass
class Loaded:
    """Everything read from a maps directory, before cross-references are checked."""

    journeys: list[model.Journey] = field(default_factory=list)
    personas: list[model.Persona] = field(default_factory=list)
    touchpoints: list[model.Touchpoint] = field(default_factory=list)
    channels: list[model.Channel] = field(default_factory=list)
    overlays: list[Overlay] = field(default_factory=list)
    """Translation overlays, read but not yet checked against their sources (see translate.py)."""
    broken: dict[str, set[str]] = field(
        default_factory=lambda: {"journey": set(), "persona": set(), "touchpoint": set(), "channel": set()}
    )
    """Ids whose definition has errors: references to them are not reported again."""
    references: list[tuple[str, str, Location]] = field(default_factory=list)
    """(kind, id, where) of the references in files that did not load: checked all the same, so
    one run reports a file's errors and its broken references together."""


class _Reader:
    def __init__(self, maps_dir: Path, root: Path, docs_dir: Path | None) -> None:
        self.maps_dir = maps_dir
        self.root = root
        self.docs_dir = docs_dir
        self.problems: list[Problem] = []
        self.loaded = Loaded()
        # Files are read only where they really are inside the project: a symbolic link to a file
        # or a folder elsewhere is refused. A maps folder configured outside the project is its own base.
        inside = Path(os.path.abspath(maps_dir)).is_relative_to(os.path.abspath(root))
        self.base = _real(root if inside else maps_dir)

    def outside(self, path: Path) -> bool:
        """True when ``path``, symbolic links followed (files and folders), is not inside the project."""
        return not _real(path).is_relative_to(self.base)

    def refuse_link(self, path: Path) -> None:
        self.problems.append(
            Problem(Location(self.display(path)), "symbolic link points outside the project; not read")
        )

    def display(self, path: Path) -> str:
        try:
            return PurePosixPath(os.path.relpath(path, self.root)).as_posix()
        except ValueError:  # other drive on Windows
            return path.as_posix()

    def read(self, path: Path, *, required: bool = True) -> tuple[Node | None, bool]:
        """The file's root node (None if unreadable) and whether it read cleanly."""
        display = self.display(path)
        if self.outside(path):
            self.refuse_link(path)
            return None, False
        node, problems = read_yaml(path, display)
        self.problems.extend(problems)
        if node is not None:
            self._placeholders(node)
        if node is None and not problems and required:
            self.problems.append(Problem(Location(display, 1, 1), "file is empty"))
        return node, not problems

    def _placeholders(self, node: Node) -> None:
        """Warn of text the scaffold of `journey-maps new` left to replace (it starts with TODO:)."""
        stack = [node]
        while stack:
            item = stack.pop()
            if item.is_map:
                stack.extend(reversed(list(item.value.values())))
            elif item.is_seq:
                stack.extend(reversed(item.value))
            elif isinstance(item.value, str) and PLACEHOLDER.match(item.value):
                self.warn(item.loc, "placeholder text: replace it before the map is published", "it starts with TODO:")

    def warn(self, loc: Location, message: str, hint: str = "") -> None:
        self.problems.append(Problem(loc, message, Severity.WARNING, hint))


PLACEHOLDER = re.compile(r"\s*TODO:")
"""How the scaffold marks the text an author must write (see scaffold/*.yml)."""


def load_maps(
    maps_dir: Path, *, root: Path | None = None, docs_dir: Path | None = None
) -> tuple[Loaded, list[Problem]]:
    """Read every map under ``maps_dir``.

    ``root`` is the project directory that paths in messages are relative to;
    ``docs_dir`` is where persona avatars are looked up (not checked when None).
    """
    root = root or Path.cwd()
    reader = _Reader(maps_dir, root, docs_dir)
    if reader.outside(maps_dir):
        reader.refuse_link(maps_dir)
        return reader.loaded, reader.problems
    if not maps_dir.is_dir():
        found = "is not a folder" if os.path.lexists(maps_dir) else "not found"
        return reader.loaded, [Problem(Location(reader.display(maps_dir)), f"maps directory {found}")]
    _read_channels(reader)
    _read_touchpoints(reader)
    _read_folder(reader, "personas", _read_persona)
    _read_folder(reader, "journeys", _read_journey)
    _report_strays(reader)
    return reader.loaded, reader.problems


def _real(path: Path | str) -> Path:
    """The path with every symbolic link followed; never raises (a loop stays a path that cannot be read)."""
    return Path(os.path.realpath(path))


def _entries(reader: _Reader, folder: Path) -> list[Path]:
    """The folder's entries, sorted; an unreadable folder is a problem of its own (and has none)."""
    try:
        return sorted(folder.iterdir())
    except OSError as exc:
        reader.problems.append(Problem(Location(reader.display(folder)), f"cannot read folder: {exc.strerror or exc}"))
        return []


def _top_file(maps_dir: Path, stem: str) -> Path | None:
    """``channels.yml`` or ``touchpoints.yml`` (or .yaml), if there is anything by that name.

    Whatever it is: a folder or a device by that name is reported when read, never skipped.
    """
    found = [maps_dir / (stem + s) for s in YAML_SUFFIXES if os.path.lexists(maps_dir / (stem + s))]
    return found[0] if found else None


def _catalogue(reader: _Reader, stem: str, kind: str) -> tuple[Node | None, bool]:
    """The mapping at the top of ``<stem>.yml`` (channels, touchpoints), or None: absent or broken;
    and whether the file read cleanly.

    A broken file (unreadable, or not a mapping) marks every ``kind`` broken, so references to
    its entries are not reported again as unknown.
    """
    path = _top_file(reader.maps_dir, stem)
    if path is None:
        return None, True
    node, clean = reader.read(path, required=False)
    if node is None:
        if not clean:
            reader.loaded.broken[kind].add(ALL)
        return None, clean
    if not node.is_map:
        reader.loaded.broken[kind].add(ALL)
        reader.problems.append(Problem(node.loc, f"{stem}.yml must be a mapping of {kind} ids to {stem}"))
        return None, False
    return node, clean


def _read_channels(reader: _Reader) -> None:
    node, _ = _catalogue(reader, "channels", "channel")
    if node is None:
        return
    builtins = {c.id: c for c in model.BUILTIN_CHANNELS}
    for cid, value in node.value.items():
        ctx = schema.Context()
        if not _slug_key(reader, cid, node.keys[cid]):
            continue
        if value.value is None or not value.is_map:
            reader.problems.append(Problem(value.loc, f"channel '{cid}' needs a mapping with name, kind and icon"))
            reader.loaded.broken["channel"].add(cid)
            continue
        fields = {}
        for key, vnode in value.value.items():
            spec_field = schema.CHANNEL_FIELDS.get(key)
            if spec_field is None:
                hint = schema.did_you_mean(key, schema.CHANNEL_FIELDS) or "allowed: name, kind, icon"
                ctx.error(value.keys[key], f"unknown field '{key}'", hint)
                continue
            checked = ctx.run(spec_field.spec, vnode)
            if not schema.is_invalid(checked):
                fields[key] = checked
        base = builtins.get(cid)
        if base is None:
            for needed in ("name", "kind"):
                if needed not in fields and needed not in value.value:
                    ctx.error(value.loc, f"new channel '{cid}' needs '{needed}'")
        reader.problems.extend(ctx.problems)
        if ctx.problems:
            reader.loaded.broken["channel"].add(cid)
            continue
        locs = {k: value.value[k].loc for k in fields}
        if base is not None:
            channel = replace(base, **fields, builtin=True, loc=value.loc, locs=locs)
        else:
            channel = model.Channel(id=cid, **fields, loc=value.loc, locs=locs)
        reader.loaded.channels.append(channel)


def _slug_key(reader: _Reader, key: str, loc: Location) -> bool:
    try:
        schema.check_slug(key)
    except schema.Invalid as exc:
        reader.problems.append(Problem(loc, exc.message, hint=exc.hint))
        return False
    return True


def _read_touchpoints(reader: _Reader) -> None:
    node, clean = _catalogue(reader, "touchpoints", "touchpoint")
    if node is None:
        return
    for tid, value in node.value.items():
        if not _slug_key(reader, tid, node.keys[tid]):
            continue
        ctx = schema.Context()
        touchpoint = schema.check_entity(schema.TOUCHPOINT, value, ctx, id=tid)
        reader.problems.extend(ctx.problems)
        if touchpoint is None or not clean:
            reader.loaded.broken["touchpoint"].add(tid)
        else:
            reader.loaded.touchpoints.append(replace(touchpoint, loc=node.keys[tid]))


def _read_folder(reader: _Reader, name: str, read_one: Callable[[_Reader, Path, str], bool]) -> None:
    folder = reader.maps_dir / name
    if not os.path.lexists(folder):
        return
    if reader.outside(folder):
        reader.refuse_link(folder)
        return
    if not folder.is_dir():
        reader.problems.append(
            Problem(Location(reader.display(folder)), f"{name} must be a folder of YAML files; not read")
        )
        return
    seen: dict[str, str] = {}
    for path in _entries(reader, folder):
        if path.name.startswith("."):
            continue
        if path.is_dir():
            if path.suffix.lower() in YAML_SUFFIXES:
                reader.problems.append(
                    Problem(Location(reader.display(path)), "not read: this is a folder, not a file")
                )
            else:
                reader.warn(Location(reader.display(path)), f"folders inside {name}/ are not read")
            continue
        if path.suffix.lower() in YAML_SUFFIXES and path.suffix not in YAML_SUFFIXES:
            reader.warn(
                Location(reader.display(path)), f"not read: the extension must be lower case ({path.suffix.lower()})"
            )
            continue
        if path.suffix not in YAML_SUFFIXES:
            continue
        stem = path.stem
        display = reader.display(path)
        if "." in stem:
            _read_overlay(reader, path, name.removesuffix("s"), *stem.rsplit(".", 1))
            continue
        try:
            schema.check_slug(stem)
        except schema.Invalid as exc:
            reader.problems.append(Problem(Location(display), f"file name: {exc.message}", hint=exc.hint))
            continue
        if stem == "index":
            reader.problems.append(
                Problem(Location(display), "the id 'index' is taken by the index page", hint="rename the file")
            )
            continue
        if stem in seen:
            reader.problems.append(Problem(Location(display), f"duplicate id '{stem}': {seen[stem]} has the same id"))
            continue
        seen[stem] = display
        if not read_one(reader, path, stem):
            reader.loaded.broken[name.rstrip("s")].add(stem)


def _check_id(reader: _Reader, entity, stem: str) -> bool:
    if entity.id != stem:
        reader.problems.append(
            Problem(
                entity.where("id"),
                f"id '{entity.id}' does not match the file name '{stem}'",
                hint="remove the id line or rename the file",
            )
        )
        return False
    return True


def _entity(reader: _Reader, path: Path, stem: str, spec: schema.Spec) -> tuple[Node, Any, bool] | None:
    """A journey or persona file read and checked: its root node, the entity (None when its
    checks failed, each reported), and whether the file read cleanly; None: unreadable."""
    node, clean = reader.read(path)
    if node is None:
        return None
    ctx = schema.Context()
    entity = schema.check_entity(spec, node, ctx, id=stem)
    reader.problems.extend(ctx.problems)
    return node, entity, clean


def _read_journey(reader: _Reader, path: Path, stem: str) -> bool:
    read = _entity(reader, path, stem, schema.JOURNEY)
    if read is None:
        return False
    node, journey, clean = read
    if journey is None or not _check_id(reader, journey, stem) or not _unique_ids(reader, journey) or not clean:
        reader.loaded.references += _references(node, JOURNEY_REFERENCES)
        return False
    reader.loaded.journeys.append(journey)
    return True


JOURNEY_REFERENCES = {
    ("personas", "*"): "persona",
    ("compares_to",): "journey",
    ("stages", "*", "steps", "*", "touchpoint"): "touchpoint",
    ("stages", "*", "steps", "*", "channel"): "channel",
}
PERSONA_REFERENCES = {("channels", "*"): "channel"}


def _references(root: Node, paths: dict[tuple[str, ...], str]) -> list[tuple[str, str, Location]]:
    """The ids a file refers to at ``paths`` (``*``: every item of a list), read from its raw nodes."""
    found: list[tuple[str, str, Location]] = []
    for path, kind in paths.items():
        nodes = [root]
        for part in path:
            step: list[Node] = []
            for node in nodes:
                if part == "*" and node.is_seq:
                    step.extend(node.value)
                elif part != "*" and node.is_map and part in node.value:
                    step.append(node.value[part])
            nodes = step
        # (a value that is no id at all has its own error already)
        found += [(kind, n.value, n.loc) for n in nodes if isinstance(n.value, str) and schema.SLUG.fullmatch(n.value)]
    return sorted(found, key=lambda item: (item[2].line, item[2].column))


def _unique_ids(reader: _Reader, journey: model.Journey) -> bool:
    """Stage and step ids share one namespace per map: they are the page's anchors."""
    seen: dict[str, Location] = {}
    ok = True
    items = [("stage", stage) for stage in journey.stages] + [("step", step) for step in journey.steps]
    for kind, item in items:
        loc = item.where("id")
        if item.id in seen:
            first = seen[item.id]
            reader.problems.append(Problem(loc, f"duplicate {kind} id '{item.id}' (already used at line {first.line})"))
            ok = False
        else:
            seen[item.id] = loc
    return ok


def _read_persona(reader: _Reader, path: Path, stem: str) -> bool:
    read = _entity(reader, path, stem, schema.PERSONA)
    if read is None:
        return False
    node, persona, clean = read
    if (
        persona is None
        or not _check_id(reader, persona, stem)
        or (persona.avatar is not None and not _check_avatar(reader, persona))
        or not clean
    ):
        reader.loaded.references += _references(node, PERSONA_REFERENCES)
        return False
    reader.loaded.personas.append(persona)
    return True


def _check_avatar(reader: _Reader, persona: model.Persona) -> bool:
    avatar = persona.avatar or ""
    loc = persona.where("avatar")
    lowered = avatar.strip().lower()
    read_as = urls.scheme(avatar)  # the avatar lands in a Markdown image: references are decoded
    if read_as == "https" and lowered.startswith("https://"):
        return True
    if read_as is not None or urls.is_external(avatar) or ":" in lowered.split("/")[0]:
        reader.problems.append(
            Problem(loc, f"avatar '{avatar}' must be an https:// address or a path inside the docs directory")
        )
        return False
    if reader.docs_dir is None:
        return True
    docs = _real(reader.docs_dir)
    target = _real(docs / avatar)
    if avatar.startswith(("/", "\\")) or not target.is_relative_to(docs):
        reader.problems.append(Problem(loc, f"avatar '{avatar}' points outside the docs directory"))
        return False
    if not target.is_file():
        reader.problems.append(Problem(loc, f"avatar file not found: {reader.display(reader.docs_dir / avatar)}"))
        return False
    return True


def _read_overlay(reader: _Reader, path: Path, kind: str, target: str, lang: str) -> None:
    display = reader.display(path)
    if not LANGUAGE.fullmatch(lang):
        reader.problems.append(
            Problem(
                Location(display),
                f"'{lang}' is not a language code",
                hint="name translations <id>.<language>.yml, e.g. winter-jacket.fa.yml",
            )
        )
        return
    node, _ = reader.read(path)
    if node is not None:
        reader.loaded.overlays.append(Overlay(lang, kind, target, node, display))


def _report_strays(reader: _Reader) -> None:
    """YAML files in places the format does not know would be silently ignored: say so."""
    for path in _entries(reader, reader.maps_dir):
        if path.suffix not in YAML_SUFFIXES or path.stem in ("channels", "touchpoints"):
            continue
        if not path.is_file():
            if path.is_dir():
                reader.problems.append(
                    Problem(Location(reader.display(path)), "not read: this is a folder, not a file")
                )
            continue
        base, _, lang = path.stem.partition(".")
        if base == "touchpoints" and lang:
            _read_overlay(reader, path, "touchpoints", "", lang)
        elif base == "channels" and lang:
            reader.warn(
                Location(reader.display(path)),
                "channel names are translated by the site's language files, not by overlays; this file is not read",
            )
        else:
            reader.warn(
                Location(reader.display(path)),
                "this file is not read: journeys go in journeys/, personas in personas/",
            )
