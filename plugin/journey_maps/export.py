"""Flat exports for spreadsheets and BI tools: one row per step, pain point, opportunity or touchpoint.

Column names are part of the contract (documented in docs/insights.md): new columns may
be added at the end, existing ones are never renamed or reordered.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from . import insights
from .catalog import MapSet

KINDS = ("steps", "pain-points", "opportunities", "touchpoints")

_STEP = (
    "journey_id",
    "journey_title",
    "journey_type",
    "stage_id",
    "stage_name",
    "stage_position",
    "step_id",
    "step_name",
    "step_position",
)
COLUMNS: dict[str, tuple[str, ...]] = {
    "steps": (
        *_STEP,
        "score",
        "channel_id",
        "channel_name",
        "channel_kind",
        "touchpoint_id",
        "touchpoint_name",
        "personas",
        "pain_points",
        "worst_severity",
        "opportunities",
        "doing",
        "thinking",
        "feeling",
        "quote",
        "source",
    ),
    "pain-points": (
        *_STEP,
        "score",
        "severity",
        "text",
        "channel_id",
        "channel_name",
        "touchpoint_id",
        "touchpoint_name",
        "personas",
        "source",
    ),
    "opportunities": (*_STEP, "score", "text", "impact", "effort", "owner", "channel_id", "touchpoint_id", "source"),
    "touchpoints": (
        "touchpoint_id",
        "touchpoint_name",
        "channel_id",
        "channel_name",
        "channel_kind",
        "owner",
        "journeys",
        "steps",
        "average_score",
        "pain_points",
        "source",
    ),
}

_FORMULA = ("=", "+", "-", "@", "\t", "\r")
"""First characters a spreadsheet reads as a formula (CSV injection)."""


def rows(maps: MapSet, what: str) -> list[dict[str, Any]]:
    """The rows of one export, each with exactly COLUMNS[what], in a stable order."""
    if what == "touchpoints":
        return [_touchpoint(maps, tid) for tid in maps.touchpoints]
    refs = insights.steps(maps, planned=True)
    if what == "steps":
        return [_step_row(maps, ref) for ref in refs]
    if what == "pain-points":
        return [
            {
                **_place(ref),
                "score": ref.step.score,
                "severity": pain.severity,
                "text": pain.text,
                "channel_id": ref.channel.id if ref.channel else "",
                "channel_name": ref.channel.name if ref.channel else "",
                "touchpoint_id": ref.step.touchpoint or "",
                "touchpoint_name": ref.touchpoint.name if ref.touchpoint else "",
                "personas": ";".join(ref.journey.personas),
                "source": str(pain.loc),
            }
            for ref in refs
            for pain in ref.step.pain_points
        ]
    if what == "opportunities":
        return [
            {
                **_place(ref),
                "score": ref.step.score,
                "text": opp.text,
                "impact": opp.impact or "",
                "effort": opp.effort or "",
                "owner": opp.owner or "",
                "channel_id": ref.channel.id if ref.channel else "",
                "touchpoint_id": ref.step.touchpoint or "",
                "source": str(opp.loc),
            }
            for ref in refs
            for opp in ref.step.opportunities
        ]
    raise ValueError(f"unknown export {what!r}; one of {', '.join(KINDS)}")


def _place(ref: insights.StepRef) -> dict[str, Any]:
    return {
        "journey_id": ref.journey.id,
        "journey_title": ref.journey.title,
        "journey_type": ref.journey.type,
        "stage_id": ref.stage.id,
        "stage_name": ref.stage.name,
        "stage_position": ref.stage_position,
        "step_id": ref.step.id,
        "step_name": ref.step.name,
        "step_position": ref.step_position,
    }


def _step_row(maps: MapSet, ref: insights.StepRef) -> dict[str, Any]:
    step = ref.step
    worst = max(step.pain_points, key=lambda p: insights.SEVERITY_RANK[p.severity], default=None)
    return {
        **_place(ref),
        "score": step.score,
        "channel_id": ref.channel.id if ref.channel else "",
        "channel_name": ref.channel.name if ref.channel else "",
        "channel_kind": ref.channel.kind if ref.channel else "",
        "touchpoint_id": step.touchpoint or "",
        "touchpoint_name": ref.touchpoint.name if ref.touchpoint else "",
        "personas": ";".join(ref.journey.personas),
        "pain_points": len(step.pain_points),
        "worst_severity": worst.severity if worst else "",
        "opportunities": len(step.opportunities),
        "doing": step.doing or "",
        "thinking": step.thinking or "",
        "feeling": step.feeling or "",
        "quote": step.quote or "",
        "source": str(step.loc),
    }


def _touchpoint(maps: MapSet, tid: str) -> dict[str, Any]:
    touchpoint = maps.touchpoints[tid]
    uses = maps.touchpoint_uses.get(tid, [])
    channel = maps.channels.get(touchpoint.channel)
    average = MapSet.average(u.step for u in uses)
    return {
        "touchpoint_id": tid,
        "touchpoint_name": touchpoint.name,
        "channel_id": touchpoint.channel,
        "channel_name": channel.name if channel else "",
        "channel_kind": channel.kind if channel else "",
        "owner": touchpoint.owner or "",
        "journeys": len({u.journey.id for u in uses}),
        "steps": len(uses),
        "average_score": "" if average is None else average,
        "pain_points": sum(len(u.step.pain_points) for u in uses),
        "source": str(touchpoint.loc),
    }


def to_json(data: list[dict[str, Any]]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def to_csv(data: list[dict[str, Any]], what: str, *, bom: bool = False) -> str:
    """CSV with a header row; texts that a spreadsheet would run as a formula start with a quote (').

    ``bom``: start with a byte order mark, which spreadsheet programs need to read UTF-8.
    """
    out = io.StringIO()
    if bom:
        out.write("\ufeff")
    writer = csv.DictWriter(out, fieldnames=COLUMNS[what], lineterminator="\r\n")
    writer.writeheader()
    for row in data:
        writer.writerow({k: _cell(v) for k, v in row.items()})
    return out.getvalue()


def _cell(value: Any) -> Any:
    if isinstance(value, str) and (
        value.startswith(_FORMULA) or (value.startswith("'") and value[1:].startswith(_FORMULA))
    ):
        return "'" + value
    return value


def read_csv(text: str) -> list[dict[str, str]]:
    """Rows of an exported CSV as text, the formula guard taken off (for checks and scripts)."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    return [
        {k: (v[1:] if v.startswith("'") and v[1:].startswith((*_FORMULA, "'")) else v) for k, v in r.items()}
        for r in reader
    ]
