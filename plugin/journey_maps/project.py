"""Load and check a whole maps folder: the one entry point shared by the CLI and the plugin."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

from . import gcpause
from .catalog import MapSet
from .load import load_maps
from .problems import Location, Problem, Severity, did_you_mean


@dataclass
class Checked:
    maps: MapSet
    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]


def check_maps(
    maps_dir: Path,
    *,
    root: Path,
    docs_dir: Path | None,
    today: datetime.date,
    stale: Severity | None = Severity.WARNING,
) -> Checked:
    """Read ``maps_dir`` and run every check; problems come sorted by location."""
    with gcpause.paused():
        loaded, problems = load_maps(maps_dir, root=root, docs_dir=docs_dir)
        maps = MapSet.build(loaded, today)
        problems = (
            problems
            + maps.check_references(stale=stale)
            + _check_icons(maps)
            + _check_overlays(maps)
            + _check_markdown_links(maps)
        )
    return Checked(maps, sorted(problems, key=Problem.sort_key))


def _check_overlays(maps: MapSet) -> list[Problem]:
    """Every overlay against its source: unknown ids and fields, non-text fields, list lengths."""
    problems: list[Problem] = []
    for overlay in maps.overlays:
        kinds = {"journey": maps.journeys, "persona": maps.personas}
        missing = overlay.kind in kinds and overlay.target not in kinds[overlay.kind]
        if missing and overlay.target not in maps.broken.get(overlay.kind, ()):
            problems.append(
                Problem(
                    Location(overlay.path),
                    f"no {overlay.kind} '{overlay.target}' to translate",
                    hint=did_you_mean(overlay.target, kinds[overlay.kind]),
                )
            )
    for lang in maps.languages:
        maps.translated(lang, problems)
    return problems


def _check_markdown_links(maps: MapSet) -> list[Problem]:
    """Links and images of Markdown fields whose address is refused (javascript:, data: …): shown as
    plain text on the page, so said here, at the field (or at the overlay that holds the text)."""
    from .safe_markdown import refused

    def fields(ms: MapSet):
        for journey in ms.journeys.values():
            yield "journey", journey.id, journey, "summary", journey.summary
            for stage in journey.stages:
                yield "journey", journey.id, stage, "description", stage.description
        for persona in ms.personas.values():
            yield "persona", persona.id, persona, "bio", persona.bio
        for touchpoint in ms.touchpoints.values():
            yield "touchpoints", "", touchpoint, "description", touchpoint.description

    problems: dict[tuple[Location, str], Problem] = {}

    def report(where: Location, text: str | None, suffix: str = "") -> None:
        for address in refused(text or "") if text else ():
            problems.setdefault(
                (where, address),
                Problem(
                    where,
                    f"link address '{address}' is refused{suffix}: only https://, http://, mailto: and relative "
                    "addresses are published",
                    Severity.WARNING,
                    hint="the link shows as plain text",
                ),
            )

    for _kind, _target, entity, name, text in fields(maps):
        report(entity.where(name), text)
    overlay_file = {(o.lang, o.kind, o.target): o.path for o in maps.overlays}
    for lang in maps.languages:
        for (kind, target, _entity, _name, text), (*_, text_before) in zip(
            fields(maps.translated(lang)), fields(maps), strict=True
        ):
            if text and text != text_before and (lang, kind, target) in overlay_file:
                report(Location(overlay_file[(lang, kind, target)]), text, f" in the {lang} translation")
    return sorted(problems.values(), key=Problem.sort_key)


def _check_icons(maps: MapSet) -> list[Problem]:
    """Icon names that Material's icon set does not have (checked only where Material is installed)."""
    from .icons import icon_exists

    return [
        Problem(channel.where("icon"), f"icon '{channel.icon}' not found in Material's icon set", Severity.WARNING)
        for channel in maps.channels.values()
        if channel.icon and icon_exists(channel.icon) is False
    ]


def review_today(override: datetime.date | None = None) -> datetime.date:
    """The date reviews are judged against: ``override``, else SOURCE_DATE_EPOCH, else today (UTC)."""
    import os

    if override is not None:
        return override
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), datetime.UTC).date()
    return datetime.datetime.now(datetime.UTC).date()
