"""Insights across every map: backlogs, the channel × stage heatmap, moments of truth, reviews.

Pure functions of a MapSet (no MkDocs, no HTML): the insight pages and the exports
both read them, so a spreadsheet and the site always agree.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from . import model
from .catalog import MapSet, ReviewStatus

SEVERITY_RANK = model.SEVERITY_RANK
LEVEL_RANK = {"high": 3, "medium": 2, "low": 1}
NO_CHANNEL = ""
"""Heatmap row key of steps without a channel."""


@dataclass(frozen=True)
class StepRef:
    """A step with its journey and stage, and positions (1-based) for ordering."""

    journey: model.Journey
    stage: model.Stage
    step: model.Step
    stage_position: int
    step_position: int
    channel: model.Channel | None
    touchpoint: model.Touchpoint | None


@dataclass(frozen=True)
class PainRow:
    ref: StepRef
    pain: model.PainPoint

    @property
    def rank(self) -> int:
        return SEVERITY_RANK[self.pain.severity]


@dataclass(frozen=True)
class OpportunityRow:
    ref: StepRef
    opportunity: model.Opportunity


@dataclass(frozen=True)
class Cell:
    """One channel × stage cell of the heatmap."""

    steps: tuple[StepRef, ...]

    @property
    def count(self) -> int:
        return len(self.steps)

    @property
    def average(self) -> float | None:
        return MapSet.average(r.step for r in self.steps)

    @property
    def pain_points(self) -> int:
        return sum(len(r.step.pain_points) for r in self.steps)


@dataclass(frozen=True)
class Heatmap:
    channels: tuple[tuple[str, model.Channel | None], ...]
    """Row keys (channel id, or NO_CHANNEL) with their channel, online first, in catalogue order."""
    stages: tuple[tuple[str, str], ...]
    """Column keys (stage id) and names, in the order journeys go through them."""
    cells: dict[tuple[str, str], Cell]

    def cell(self, channel: str, stage: str) -> Cell | None:
        return self.cells.get((channel, stage))


@dataclass(frozen=True)
class Review:
    journey: model.Journey
    status: ReviewStatus


def journeys(maps: MapSet, *, planned: bool = False) -> list[model.Journey]:
    """The journeys insights are about, by id.

    Future-state maps describe plans, not what customers live through: they are left out
    unless ``planned``.
    """
    return [j for j in maps.journeys.values() if planned or j.type != "future-state"]


def steps(maps: MapSet, *, planned: bool = False) -> list[StepRef]:
    """Every step of the journeys (see ``journeys``), in journey (id) and map order."""
    refs = []
    for journey in journeys(maps, planned=planned):
        for i, stage in enumerate(journey.stages, 1):
            for k, step in enumerate(stage.steps, 1):
                refs.append(
                    StepRef(
                        journey, stage, step, i, k, maps.channel_of(step), maps.touchpoints.get(step.touchpoint or "")
                    )
                )
    return refs


def pain_backlog(maps: MapSet) -> list[PainRow]:
    """Every pain point, most severe first; then the lowest step score, then map order."""
    rows = [PainRow(ref, pain) for ref in steps(maps) for pain in ref.step.pain_points]
    order = {id(row): n for n, row in enumerate(rows)}
    return sorted(rows, key=lambda r: (-r.rank, r.ref.step.score, order[id(r)]))


def opportunity_backlog(maps: MapSet) -> list[OpportunityRow]:
    """Every opportunity: highest impact first, then lowest effort (unrated last), then map order."""
    rows = [OpportunityRow(ref, opp) for ref in steps(maps) for opp in ref.step.opportunities]
    order = {id(row): n for n, row in enumerate(rows)}

    def key(row: OpportunityRow) -> tuple[int, int, int]:
        impact = LEVEL_RANK.get(row.opportunity.impact or "", 0)
        effort = LEVEL_RANK.get(row.opportunity.effort or "", 4)
        return (-impact, effort, order[id(row)])

    return sorted(rows, key=key)


def matrix(rows: list[OpportunityRow]) -> dict[tuple[str, str], list[OpportunityRow]]:
    """Opportunities by (impact, effort); a missing rating is ''."""
    grid: dict[tuple[str, str], list[OpportunityRow]] = {}
    for row in rows:
        grid.setdefault((row.opportunity.impact or "", row.opportunity.effort or ""), []).append(row)
    return grid


def heatmap(maps: MapSet, journey: str | None = None) -> Heatmap:
    """Steps per channel and stage, of one journey or across journeys (stages matched by id)."""
    return _heatmap(maps, [r for r in steps(maps) if journey is None or r.journey.id == journey])


def journey_heatmaps(maps: MapSet) -> list[tuple[model.Journey, Heatmap]]:
    """The heatmap of each journey (see ``journeys``): the steps are gathered once, not once per journey."""
    by_journey: dict[str, list[StepRef]] = {}
    for ref in steps(maps):
        by_journey.setdefault(ref.journey.id, []).append(ref)
    return [(j, _heatmap(maps, by_journey.get(j.id, []))) for j in journeys(maps)]


def _heatmap(maps: MapSet, refs: list[StepRef]) -> Heatmap:
    names: dict[str, Counter[str]] = {}
    places: dict[str, list[float]] = {}
    first: dict[str, int] = {}
    for n, ref in enumerate(refs):
        sid = ref.stage.id
        names.setdefault(sid, Counter())[ref.stage.name] += 1
        places.setdefault(sid, []).append((ref.stage_position - 1) / max(len(ref.journey.stages) - 1, 1))
        first.setdefault(sid, n)
    stage_keys = sorted(places, key=lambda s: (sum(places[s]) / len(places[s]), first[s]))
    # the most used name of a stage id (ties: the first written)
    stages = tuple(
        (s, max(names[s], key=lambda name: (names[s][name], -list(names[s]).index(name)))) for s in stage_keys
    )
    cells: dict[tuple[str, str], list[StepRef]] = {}
    for ref in refs:
        key = ref.channel.id if ref.channel else NO_CHANNEL
        cells.setdefault((key, ref.stage.id), []).append(ref)
    used = {key for key, _ in cells}
    channels: list[tuple[str, model.Channel | None]] = [
        (c.id, c) for kind in model.CHANNEL_KINDS for c in maps.channels.values() if c.kind == kind and c.id in used
    ]
    if NO_CHANNEL in used:
        channels.append((NO_CHANNEL, None))
    return Heatmap(tuple(channels), stages, {k: Cell(tuple(v)) for k, v in cells.items()})


def moments_of_truth(maps: MapSet, limit: int = 10) -> list[StepRef]:
    """The lowest-scoring steps across all journeys: score, then most severe pain, then most pains."""
    refs = steps(maps)
    order = {id(r): n for n, r in enumerate(refs)}

    def key(ref: StepRef) -> tuple[int, int, int, int]:
        worst = max((SEVERITY_RANK[p.severity] for p in ref.step.pain_points), default=0)
        return (ref.step.score, -worst, -len(ref.step.pain_points), order[id(ref)])

    return sorted(refs, key=key)[:limit]


def reviews(maps: MapSet) -> list[Review]:
    """Every journey's review status: overdue first (longest overdue first), never reviewed, current, no cadence."""
    rank = {"overdue": 0, "never": 1, "current": 2, "unknown": 3}
    found = [Review(j, maps.review_status(j)) for j in maps.journeys.values()]
    return sorted(found, key=lambda r: (rank[r.status.state], -r.status.days_overdue, r.journey.id))


@dataclass(frozen=True)
class Total:
    """A heatmap row or column summed up."""

    key: str
    name: str
    cell: Cell


def by_channel(heat: Heatmap) -> list[Total]:
    """Each channel's steps over all stages, lowest average first."""
    totals = [
        Total(
            key,
            channel.name if channel else "",
            Cell(tuple(r for (c, _), cell in heat.cells.items() if c == key for r in cell.steps)),
        )
        for key, channel in heat.channels
    ]
    return sorted(totals, key=lambda t: (t.cell.average or 0, -t.cell.pain_points, t.key))


def by_stage(heat: Heatmap) -> list[Total]:
    """Each stage id's steps over all channels, lowest average first."""
    totals = [
        Total(key, name, Cell(tuple(r for (_, s), cell in heat.cells.items() if s == key for r in cell.steps)))
        for key, name in heat.stages
    ]
    return sorted(totals, key=lambda t: (t.cell.average or 0, -t.cell.pain_points, t.key))
