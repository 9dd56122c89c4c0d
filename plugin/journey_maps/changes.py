"""What changed between two versions of the maps: a pure comparison of two MapSets.

Journeys, stages and steps are matched by id, never by text, so a renamed step is
the same step (reported as renamed) and a step whose id changed is one step removed
and one added. Pain points and opportunities have no ids: within a step they are
matched by their text (whitespace-insensitive).

``diff_maps`` decides what changed on the maps as written (the source language) and
takes every name and text it reports from ``old_view``/``new_view``: the same maps
translated into the reader's language. Translations have the same ids and list
lengths as their sources, so a change found in the source is shown in translation.

A version read from git may have had files that could not be read safely (see history.py):
they are listed with the result (``MapsDiff.old_unread``/``new_unread``), since what they held
is missing from the comparison.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from statistics import fmean
from typing import Any

from . import model
from .catalog import MapSet
from .history import Unread, unread_files


@dataclass(frozen=True)
class Place:
    """A step of a journey, with the names to show."""

    stage: str
    stage_name: str
    step: str
    step_name: str


@dataclass(frozen=True)
class ScoreChange:
    place: Place
    old: int
    new: int

    @property
    def delta(self) -> int:
        return self.new - self.old


@dataclass(frozen=True)
class Move:
    """A step now in another stage."""

    place: Place
    old_stage: str
    old_stage_name: str


@dataclass(frozen=True)
class Rename:
    place: Place
    old_name: str


@dataclass(frozen=True)
class Item:
    """A pain point or an opportunity at a step."""

    place: Place
    item: model.PainPoint | model.Opportunity
    step: str = "kept"
    """'kept', or 'added'/'removed' when it came or went with its whole step."""


@dataclass(frozen=True)
class SeverityChange:
    place: Place
    pain_point: model.PainPoint
    old: str
    step: str = "kept"


@dataclass(frozen=True)
class TouchpointSwitch:
    place: Place
    old: str | None
    new: str | None


@dataclass(frozen=True)
class Named:
    id: str
    name: str


@dataclass(frozen=True)
class JourneyDiff:
    """What changed in one journey (matched by id)."""

    id: str
    title: str
    status: str
    """'added', 'removed', 'changed' or 'unchanged'."""
    old_title: str | None = None
    old_average: float | None = None
    new_average: float | None = None
    old_steps: int = 0
    new_steps: int = 0
    stages_added: tuple[Named, ...] = ()
    stages_removed: tuple[Named, ...] = ()
    steps_added: tuple[Place, ...] = ()
    steps_removed: tuple[Place, ...] = ()
    steps_moved: tuple[Move, ...] = ()
    steps_renamed: tuple[Rename, ...] = ()
    scores: tuple[ScoreChange, ...] = ()
    pain_points_added: tuple[Item, ...] = ()
    pain_points_resolved: tuple[Item, ...] = ()
    severities: tuple[SeverityChange, ...] = ()
    opportunities_added: tuple[Item, ...] = ()
    opportunities_removed: tuple[Item, ...] = ()
    personas_added: tuple[str, ...] = ()
    personas_removed: tuple[str, ...] = ()
    touchpoints: tuple[TouchpointSwitch, ...] = ()
    fields: tuple[str, ...] = ()
    """Journey fields (other than its stages) whose value changed, e.g. 'summary', 'owner'."""
    stages_edited: tuple[Named, ...] = ()
    """Stages whose name, description or goal changed."""
    steps_edited: tuple[Place, ...] = ()
    """Steps with other changes than those listed above (doing, quote, metrics, lanes…)."""

    @property
    def scores_up(self) -> tuple[ScoreChange, ...]:
        return tuple(s for s in self.scores if s.delta > 0)

    @property
    def scores_down(self) -> tuple[ScoreChange, ...]:
        return tuple(s for s in self.scores if s.delta < 0)


@dataclass(frozen=True)
class EntityChange:
    """A persona or touchpoint added, removed, or changed (with the fields that changed)."""

    id: str
    name: str
    status: str
    fields: tuple[str, ...] = ()


@dataclass(frozen=True)
class MapsDiff:
    journeys: tuple[JourneyDiff, ...]
    """Every journey of either side, by id; unchanged ones included (status 'unchanged')."""
    personas: tuple[EntityChange, ...] = ()
    touchpoints: tuple[EntityChange, ...] = ()
    old_unread: tuple[Unread, ...] = ()
    """Files of the old version (read from git) that could not be read: what they held is left out."""
    new_unread: tuple[Unread, ...] = ()
    """The same for the new version, when it is read from git too."""

    @property
    def changed_journeys(self) -> tuple[JourneyDiff, ...]:
        return tuple(j for j in self.journeys if j.status != "unchanged")

    @property
    def empty(self) -> bool:
        return not self.changed_journeys and not self.personas and not self.touchpoints

    def as_dict(self) -> dict[str, Any]:
        """Plain data for JSON: ids, names and texts; no source positions."""
        return {
            "journeys": [_plain(j) for j in self.changed_journeys],
            "unchanged_journeys": [j.id for j in self.journeys if j.status == "unchanged"],
            "personas": [_plain(p) for p in self.personas],
            "touchpoints": [_plain(t) for t in self.touchpoints],
            "unread": {"old": [_plain(u) for u in self.old_unread], "new": [_plain(u) for u in self.new_unread]},
        }


def diff_maps(old: MapSet, new: MapSet, *, old_view: MapSet | None = None, new_view: MapSet | None = None) -> MapsDiff:
    """Compare ``old`` with ``new``; names and texts come from the views (default: the maps themselves).

    Files a version read from git had to leave out (history.unread_files) are listed with the result.
    """
    old_view, new_view = old_view or old, new_view or new
    journeys = []
    for jid in sorted(old.journeys.keys() | new.journeys.keys()):
        before, after = old.journeys.get(jid), new.journeys.get(jid)
        if before is None:
            shown = new_view.journeys[jid]
            journeys.append(
                JourneyDiff(
                    jid, shown.title, "added", new_average=MapSet.average(shown.steps), new_steps=len(shown.steps)
                )
            )
        elif after is None:
            shown = old_view.journeys[jid]
            journeys.append(
                JourneyDiff(
                    jid, shown.title, "removed", old_average=MapSet.average(shown.steps), old_steps=len(shown.steps)
                )
            )
        else:
            journeys.append(_journey_diff(before, after, old_view.journeys[jid], new_view.journeys[jid]))
    personas = _entities(old.personas, new.personas, old_view.personas, new_view.personas)
    touchpoints = _entities(old.touchpoints, new.touchpoints, old_view.touchpoints, new_view.touchpoints)
    return MapsDiff(tuple(journeys), personas, touchpoints, unread_files(old), unread_files(new))


@dataclass
class _Steps:
    """A journey's steps by id, with their stage and the translated copies to show."""

    journey: model.Journey
    view: model.Journey
    where: dict[str, tuple[int, int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for i, stage in enumerate(self.journey.stages):
            for k, step in enumerate(stage.steps):
                self.where[step.id] = (i, k)

    def step(self, sid: str) -> model.Step:
        i, k = self.where[sid]
        return self.journey.stages[i].steps[k]

    def shown(self, sid: str) -> model.Step:
        i, k = self.where[sid]
        return self.view.stages[i].steps[k]

    def stage_of(self, sid: str) -> model.Stage:
        return self.journey.stages[self.where[sid][0]]

    def shown_stage(self, sid: str) -> model.Stage:
        return self.view.stages[self.where[sid][0]]

    def place(self, sid: str) -> Place:
        stage, step = self.shown_stage(sid), self.shown(sid)
        return Place(stage.id, stage.name, step.id, step.name)


def _journey_diff(
    old: model.Journey, new: model.Journey, old_view: model.Journey, new_view: model.Journey
) -> JourneyDiff:
    a, b = _Steps(old, old_view), _Steps(new, new_view)
    old_stages = {s.id: s for s in old_view.stages}
    new_stages = {s.id: s for s in new_view.stages}
    moved, renamed, scores, touchpoints, edited = [], [], [], [], []
    pains_added, pains_resolved, severities, opps_added, opps_removed = [], [], [], [], []
    for sid in b.where:
        place = b.place(sid)
        if sid not in a.where:  # a new step: its pain points and opportunities are new too
            pains_added += [Item(place, p, "added") for p in b.shown(sid).pain_points]
            opps_added += [Item(place, o, "added") for o in b.shown(sid).opportunities]
            continue
        before, after = a.step(sid), b.step(sid)
        if a.stage_of(sid).id != b.stage_of(sid).id:
            old_stage = a.shown_stage(sid)
            moved.append(Move(place, old_stage.id, old_stage.name))
        if before.name != after.name:
            renamed.append(Rename(place, a.shown(sid).name))
        if before.score != after.score:
            scores.append(ScoreChange(place, before.score, after.score))
        if before.touchpoint != after.touchpoint:
            touchpoints.append(TouchpointSwitch(place, before.touchpoint, after.touchpoint))
        gone, came, kept = match_items(before.pain_points, after.pain_points)
        pains_resolved += [Item(place, a.shown(sid).pain_points[i]) for i in gone]
        pains_added += [Item(place, b.shown(sid).pain_points[k]) for k in came]
        for i, k in kept:
            if before.pain_points[i].severity != after.pain_points[k].severity:
                severities.append(SeverityChange(place, b.shown(sid).pain_points[k], before.pain_points[i].severity))
        gone, came, _ = match_items(before.opportunities, after.opportunities)
        opps_removed += [Item(place, a.shown(sid).opportunities[i]) for i in gone]
        opps_added += [Item(place, b.shown(sid).opportunities[k]) for k in came]
        if _plain(before, _LISTED) != _plain(after, _LISTED):
            edited.append(place)
    for sid in a.where:
        if sid not in b.where:  # a step taken out of the journey takes its pain points with it
            place = a.place(sid)
            pains_resolved += [Item(place, p, "removed") for p in a.shown(sid).pain_points]
            opps_removed += [Item(place, o, "removed") for o in a.shown(sid).opportunities]
    diff = JourneyDiff(
        id=new.id,
        title=new_view.title,
        status="changed",
        old_title=old_view.title if old.title != new.title else None,
        old_average=_mean(old.steps),
        new_average=_mean(new.steps),
        old_steps=len(old.steps),
        new_steps=len(new.steps),
        stages_added=tuple(Named(s, new_stages[s].name) for s in new_stages if s not in old_stages),
        stages_removed=tuple(Named(s, old_stages[s].name) for s in old_stages if s not in new_stages),
        steps_added=tuple(b.place(sid) for sid in b.where if sid not in a.where),
        steps_removed=tuple(a.place(sid) for sid in a.where if sid not in b.where),
        steps_moved=tuple(moved),
        steps_renamed=tuple(renamed),
        scores=tuple(scores),
        pain_points_added=tuple(pains_added),
        pain_points_resolved=tuple(pains_resolved),
        severities=tuple(severities),
        opportunities_added=tuple(opps_added),
        opportunities_removed=tuple(opps_removed),
        personas_added=tuple(p for p in new.personas if p not in old.personas),
        personas_removed=tuple(p for p in old.personas if p not in new.personas),
        touchpoints=tuple(touchpoints),
        fields=tuple(
            name for name, value in _plain(new, ("stages",)).items() if _plain(old, ("stages",)).get(name) != value
        ),
        stages_edited=tuple(
            Named(s.id, new_stages[s.id].name)
            for s in new.stages
            if s.id in old_stages and _plain(s, ("steps",)) != _plain(_stage(old, s.id), ("steps",))
        ),
        steps_edited=tuple(edited),
    )
    if _plain(old) == _plain(new):
        return dataclasses.replace(diff, status="unchanged")
    return diff


def _key(item: model.PainPoint | model.Opportunity) -> str:
    return " ".join(item.text.split()).casefold()


def match_items(
    old: tuple[model.PainPoint | model.Opportunity, ...], new: tuple[model.PainPoint | model.Opportunity, ...]
) -> tuple[list[int], list[int], list[tuple[int, int]]]:
    """Indexes of items only in ``old``, only in ``new``, and pairs in both (matched by text, in order)."""
    waiting: dict[str, list[int]] = {}
    for k, item in enumerate(new):
        waiting.setdefault(_key(item), []).append(k)
    gone, kept = [], []
    for i, item in enumerate(old):
        slots = waiting.get(_key(item))
        if slots:
            kept.append((i, slots.pop(0)))
        else:
            gone.append(i)
    matched = {k for _, k in kept}
    return gone, [k for k in range(len(new)) if k not in matched], kept


def _entities(old: dict[str, Any], new: dict[str, Any], old_view: dict[str, Any], new_view: dict[str, Any]):
    changes = []
    for eid in sorted(old.keys() | new.keys()):
        if eid not in old:
            changes.append(EntityChange(eid, new_view[eid].name, "added"))
        elif eid not in new:
            changes.append(EntityChange(eid, old_view[eid].name, "removed"))
        else:
            before, after = _plain(old[eid]), _plain(new[eid])
            fields = tuple(name for name in after if before.get(name) != after[name])
            if fields:
                changes.append(EntityChange(eid, new_view[eid].name, "changed", fields))
    return tuple(changes)


_LISTED = ("name", "score", "touchpoint", "pain_points", "opportunities")
"""Step fields whose changes are reported on their own (not as 'edited')."""


def _stage(journey: model.Journey, sid: str) -> model.Stage:
    return next(s for s in journey.stages if s.id == sid)


def _plain(value: Any, skip: tuple[str, ...] = ()) -> Any:
    """Dataclasses as dicts without source positions (nor the ``skip`` fields); tuples as lists; dates as text."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out = {}
        for f in dataclasses.fields(value):
            if f.name in ("loc", "locs") or f.name in skip:
                continue
            out[f.name] = _plain(getattr(value, f.name))
        return out
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _mean(steps) -> float | None:
    """The average score to two decimals: a change of 2.94 to 2.86 is not "2.9 → 2.9"."""
    scores = [s.score for s in steps]
    return round(fmean(scores), 2) if scores else None
