"""The MapSet: every journey, persona, touchpoint and channel, with derived indexes.

Indexes are computed once here so renderers only look things up. Reference
checks (missing persona, touchpoint, channel or journey; unused catalogue
entries; overdue reviews) produce warnings: a normal build goes on, a strict
build fails.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from statistics import fmean

from . import model
from .load import ALL, Loaded
from .problems import Location, Problem, Severity, did_you_mean
from .translate import Coverage, Overlay, apply_journey, apply_persona, apply_touchpoints

DEFAULT_ACTOR = "Customer"
_NAME_END = re.compile(r"\s*[,،，、(（]")


@dataclass(frozen=True)
class Usage:
    """One step of one journey, as seen from a touchpoint or a channel."""

    journey: model.Journey
    stage: model.Stage
    step: model.Step


@dataclass(frozen=True)
class ReviewStatus:
    state: str
    """'current', 'overdue', 'never' (a cadence but no review yet) or 'unknown' (no cadence)."""
    due: datetime.date | None = None
    days_overdue: int = 0


@dataclass
class MapSet:
    """All maps of a site, with the indexes the pages need."""

    journeys: dict[str, model.Journey]
    personas: dict[str, model.Persona]
    touchpoints: dict[str, model.Touchpoint]
    channels: dict[str, model.Channel]
    today: datetime.date
    overlays: list[Overlay] = field(default_factory=list)
    broken: dict[str, set[str]] = field(default_factory=dict)
    """Ids defined in files with errors (see Loaded.broken)."""
    touchpoint_uses: dict[str, list[Usage]] = field(default_factory=dict)
    coverage: dict[str, Coverage] = field(default_factory=dict)
    """After translated(): how much of each entity's text the language has."""
    _translations: dict[str, tuple[MapSet, list[Problem]]] = field(default_factory=dict, repr=False)
    memo: dict[str, object] = field(default_factory=dict, repr=False, compare=False)
    """Values derived from the set, computed once (by the modules that derive them)."""
    persona_journeys: dict[str, list[model.Journey]] = field(default_factory=dict)
    references: list[tuple[str, str, Location]] = field(default_factory=list)
    """References in files that did not load (see Loaded.references)."""
    origin: MapSet | None = field(default=None, repr=False, compare=False)
    """For a translated set: the set in the source language."""

    @classmethod
    def build(cls, loaded: Loaded, today: datetime.date) -> MapSet:
        channels = {c.id: c for c in model.BUILTIN_CHANNELS}
        channels.update({c.id: c for c in loaded.channels})
        maps = cls(
            journeys={j.id: j for j in sorted(loaded.journeys, key=lambda j: j.id)},
            personas={p.id: p for p in sorted(loaded.personas, key=lambda p: p.id)},
            touchpoints={t.id: t for t in loaded.touchpoints},
            channels=channels,
            today=today,
            overlays=loaded.overlays,
            broken=loaded.broken,
            references=loaded.references,
        )
        maps._index()
        return maps

    def _index(self) -> None:
        self.touchpoint_uses = {tid: [] for tid in self.touchpoints}
        self.persona_journeys = {pid: [] for pid in self.personas}
        for journey in self.journeys.values():
            for pid in dict.fromkeys(journey.personas):
                if pid in self.persona_journeys:
                    self.persona_journeys[pid].append(journey)
            for stage in journey.stages:
                for step in stage.steps:
                    if step.touchpoint in self.touchpoint_uses:
                        self.touchpoint_uses[step.touchpoint].append(Usage(journey, stage, step))

    # -- translations --------------------------------------------------------

    @property
    def languages(self) -> list[str]:
        """Languages that have at least one overlay, sorted."""
        return sorted({o.lang for o in self.overlays})

    def translated(self, lang: str, problems: list[Problem] | None = None) -> MapSet:
        """This MapSet with the overlays of ``lang`` applied (per field: source text where none).

        Also records ``coverage`` (entity key → Coverage) on the result; problems in the
        overlays are appended to ``problems`` when given. Each language is applied once
        and kept: checks, coverage and rendering all ask for it.
        """
        if lang not in self._translations:
            self._translations[lang] = self._translate(lang)
        result, found = self._translations[lang]
        if problems is not None:
            problems.extend(found)
        return result

    def _translate(self, lang: str) -> tuple[MapSet, list[Problem]]:
        sink: list[Problem] = []
        mine = {(o.kind, o.target): o for o in self.overlays if o.lang == lang}
        coverage: dict[str, Coverage] = {}
        journeys, personas = {}, {}
        for jid, journey in self.journeys.items():
            journeys[jid], coverage[f"journey:{jid}"] = apply_journey(journey, mine.get(("journey", jid)), sink)
        for pid, persona in self.personas.items():
            personas[pid], coverage[f"persona:{pid}"] = apply_persona(persona, mine.get(("persona", pid)), sink)
        touchpoints, tp_coverage = apply_touchpoints(self.touchpoints, mine.get(("touchpoints", "")), sink)
        coverage.update({f"touchpoint:{tid}": c for tid, c in tp_coverage.items()})
        result = MapSet(
            journeys=journeys,
            personas=personas,
            touchpoints=touchpoints,
            channels=self.channels,
            today=self.today,
            overlays=self.overlays,
            broken=self.broken,
            origin=self,
        )
        result._index()
        result.coverage = coverage
        return result, sink

    # -- lookups used by the renderers ------------------------------------

    def channel_of(self, step: model.Step) -> model.Channel | None:
        """The step's channel, defaulting to its touchpoint's channel."""
        cid = step.channel
        if cid is None and step.touchpoint in self.touchpoints:
            cid = self.touchpoints[step.touchpoint].channel
        return self.channels.get(cid) if cid else None

    def actors_of(self, journey: model.Journey, step: model.Step) -> tuple[str, ...]:
        """The step's actors, defaulting to the map's personas, else 'Customer'.

        A persona is named by its short name (see ``short_name``), whether it is a default actor or
        listed by its full name, so one person has one name on the map and in the diagram's legend.
        """
        personas = [self.personas[p] for p in journey.personas if p in self.personas]
        if not step.actors:
            return tuple(dict.fromkeys(short_name(p.name) for p in personas)) or (DEFAULT_ACTOR,)
        # A persona named as written in the source maps (actors are seldom translated) is still
        # this language's persona: "Aisha" on a Chinese page is 艾莎, not a second person.
        full: dict[str, str] = {}
        for persona in personas:
            shown = short_name(persona.name)
            source = self.origin.personas.get(persona.id) if self.origin else None
            names = (persona.name, *((source.name, short_name(source.name)) if source else ()))
            full.update({name.casefold(): shown for name in names})
        return tuple(dict.fromkeys(full.get(actor.casefold(), actor) for actor in step.actors))

    def review_status(self, journey: model.Journey) -> ReviewStatus:
        due = journey.review_due()
        if due is None:
            return ReviewStatus("never" if journey.review_every is not None else "unknown")
        if self.today > due:
            return ReviewStatus("overdue", due, (self.today - due).days)
        return ReviewStatus("current", due)

    def channels_by_kind(self) -> dict[str, list[model.Channel]]:
        """Channels that have touchpoints, grouped online / offline, in catalogue order."""
        used = list(dict.fromkeys(t.channel for t in self.touchpoints.values() if t.channel in self.channels))
        groups: dict[str, list[model.Channel]] = {kind: [] for kind in model.CHANNEL_KINDS}
        for cid in used:
            channel = self.channels[cid]
            groups[channel.kind].append(channel)
        return groups

    # -- reference checks --------------------------------------------------

    def check_references(self, *, stale: Severity | None = Severity.WARNING) -> list[Problem]:
        """Warnings for references that lead nowhere, unused entries and overdue reviews.

        ``stale`` is the severity of an overdue review (None: not reported).
        """
        problems: list[Problem] = []

        def missing(loc: Location, kind: str, ref: str, known: Iterable[str]) -> None:
            if ref in self.broken.get(kind, ()) or ALL in self.broken.get(kind, ()):
                return  # its own file's errors are reported already
            problems.append(Problem(loc, f"unknown {kind} '{ref}'", Severity.WARNING, did_you_mean(ref, known)))

        for touchpoint in self.touchpoints.values():
            if touchpoint.channel not in self.channels:
                missing(touchpoint.where("channel"), "channel", touchpoint.channel, self.channels)
            if not self.touchpoint_uses.get(touchpoint.id) and not self.broken.get("journey"):
                # (when a journey has errors, its steps are unknown: no "unused" guesses)
                problems.append(
                    Problem(
                        touchpoint.loc,
                        f"touchpoint '{touchpoint.id}' is not used by any step",
                        Severity.WARNING,
                    )
                )
        for persona in self.personas.values():
            for i, cid in enumerate(persona.channels):
                if cid not in self.channels:
                    missing(persona.where(f"channels[{i}]"), "channel", cid, self.channels)
        for journey in self.journeys.values():
            for i, pid in enumerate(journey.personas):
                if pid not in self.personas:
                    missing(journey.where(f"personas[{i}]"), "persona", pid, self.personas)
            if journey.compares_to is not None:
                if journey.compares_to == journey.id:
                    problems.append(
                        Problem(journey.where("compares_to"), "a journey cannot compare to itself", Severity.WARNING)
                    )
                elif journey.compares_to not in self.journeys:
                    missing(journey.where("compares_to"), "journey", journey.compares_to, self.journeys)
            for step in journey.steps:
                if step.touchpoint is not None and step.touchpoint not in self.touchpoints:
                    missing(step.where("touchpoint"), "touchpoint", step.touchpoint, self.touchpoints)
                if step.channel is not None and step.channel not in self.channels:
                    missing(step.where("channel"), "channel", step.channel, self.channels)
            status = self.review_status(journey)
            if stale is not None and status.state == "overdue":
                problems.append(
                    Problem(
                        journey.where("reviewed"),
                        f"review overdue: '{journey.id}' was due for review on {status.due} "
                        f"({status.days_overdue} days ago)",
                        stale,
                    )
                )
        known = {"persona": self.personas, "touchpoint": self.touchpoints, "channel": self.channels}
        known["journey"] = self.journeys
        for kind, ref, loc in self.references:  # in files with errors of their own: still checked
            if ref not in known[kind]:
                missing(loc, kind, ref, known[kind])
        return problems

    # -- figures -----------------------------------------------------------

    @staticmethod
    def average(steps: Iterable[model.Step]) -> float | None:
        scores = [s.score for s in steps]
        return round(fmean(scores), 1) if scores else None


def short_name(name: str) -> str:
    """A persona's name up to its description: "Daniel, the frequent business traveller" → "Daniel"."""
    return _NAME_END.split(name, maxsplit=1)[0].strip() or name
