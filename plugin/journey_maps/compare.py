"""Current state vs future state: two journeys side by side, stage by stage.

A journey's ``compares_to`` names its counterpart. The pair is shown once, with the
current (or otherwise earlier) map first: when exactly one of the two is a
``future-state`` map, it goes second; otherwise the map that declares
``compares_to`` goes first. Stages and steps are matched by id: a future-state
map keeps the ids of the steps it improves (and may move them to other stages).
"""

from __future__ import annotations

from dataclasses import dataclass

from . import model
from .catalog import MapSet
from .changes import match_items


@dataclass(frozen=True)
class StepPair:
    before: model.Step | None
    after: model.Step | None
    moved_from: model.Stage | None = None
    """The stage the step is in in the first map, when it moved."""
    removed_pain_points: tuple[model.PainPoint, ...] = ()
    """Pain points of the first map's step that the second does not have."""
    added_pain_points: tuple[model.PainPoint, ...] = ()

    @property
    def delta(self) -> int | None:
        if self.before is None or self.after is None:
            return None
        return self.after.score - self.before.score

    @property
    def id(self) -> str:
        step = self.after or self.before
        assert step is not None
        return step.id


@dataclass(frozen=True)
class StagePair:
    before: model.Stage | None
    after: model.Stage | None
    steps: tuple[StepPair, ...]

    @property
    def id(self) -> str:
        stage = self.after or self.before
        assert stage is not None
        return stage.id

    def average(self, side: str) -> float | None:
        steps = [getattr(p, side) for p in self.steps if getattr(p, side) is not None]
        return MapSet.average(steps)


@dataclass(frozen=True)
class Comparison:
    before: model.Journey
    after: model.Journey
    stages: tuple[StagePair, ...]

    @property
    def key(self) -> tuple[str, str]:
        return self.before.id, self.after.id

    @property
    def removed_pain_points(self) -> int:
        return sum(len(p.removed_pain_points) for s in self.stages for p in s.steps)

    @property
    def added_pain_points(self) -> int:
        return sum(len(p.added_pain_points) for s in self.stages for p in s.steps)


def pairs(maps: MapSet) -> list[tuple[str, str]]:
    """Every (first, second) pair of journeys linked by ``compares_to``, once each, sorted."""
    cached = maps.memo.get("comparison-pairs")
    if cached is None:
        cached = maps.memo["comparison-pairs"] = _pairs(maps)
    return list(cached)  # type: ignore[call-overload]


def _pairs(maps: MapSet) -> list[tuple[str, str]]:
    found: set[tuple[str, str]] = set()
    for journey in maps.journeys.values():
        other = maps.journeys.get(journey.compares_to or "")
        if other is None or other.id == journey.id:
            continue
        if journey.type == "future-state" and other.type != "future-state":
            found.add((other.id, journey.id))
        elif (other.id, journey.id) not in found:
            found.add((journey.id, other.id))
    return sorted(found)


def pair_of(maps: MapSet, jid: str) -> list[tuple[str, str]]:
    """The pairs a journey is part of."""
    return [p for p in pairs(maps) if jid in p]


def compare(maps: MapSet, before_id: str, after_id: str) -> Comparison:
    before, after = maps.journeys[before_id], maps.journeys[after_id]
    stage_of_before = {step.id: stage for stage in before.stages for step in stage.steps}
    steps_before = {step.id: step for step in before.steps}
    steps_after = {step.id for step in after.steps}
    stages_after = {stage.id: stage for stage in after.stages}
    result: list[StagePair] = []
    for stage_id in _stage_order(before, after):
        b_stage = next((s for s in before.stages if s.id == stage_id), None)
        a_stage = stages_after.get(stage_id)
        steps: list[StepPair] = []
        if a_stage is not None:
            for step in a_stage.steps:
                old = steps_before.get(step.id)
                moved = stage_of_before[step.id] if old and stage_of_before[step.id].id != stage_id else None
                steps.append(_pair(old, step, moved))
        if b_stage is not None:  # steps of the first map that the second map does not have
            steps += [_pair(step, None) for step in b_stage.steps if step.id not in steps_after]
        result.append(StagePair(b_stage, a_stage, tuple(steps)))
    return Comparison(before, after, tuple(result))


def _pair(before: model.Step | None, after: model.Step | None, moved: model.Stage | None = None) -> StepPair:
    old = before.pain_points if before else ()
    new = after.pain_points if after else ()
    gone, came, _ = match_items(old, new)
    return StepPair(before, after, moved, tuple(old[i] for i in gone), tuple(new[k] for k in came))


def _stage_order(before: model.Journey, after: model.Journey) -> list[str]:
    """Stage ids of both maps: the second map's order, with stages only the first has after their predecessor."""
    order = [s.id for s in after.stages]
    previous: str | None = None
    for stage in before.stages:
        if stage.id not in order:
            order.insert(order.index(previous) + 1 if previous in order else 0, stage.id)
        previous = stage.id
    return order
