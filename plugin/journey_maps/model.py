"""The journey-map model: frozen, typed, plain Python (no MkDocs, YAML or HTML here).

Every entity keeps ``loc`` (where it starts) and ``locs`` (where each field's
value was written), so later checks can point at the exact place.
"""

from __future__ import annotations

import datetime
import unicodedata
from dataclasses import dataclass, field
from typing import Literal

from .problems import Location

MapType = Literal["current-state", "future-state", "day-in-the-life", "service-blueprint"]
Level = Literal["low", "medium", "high"]
SeverityLevel = Literal["low", "medium", "high", "critical"]
Segment = Literal["b2c", "b2b"]
ChannelKind = Literal["online", "offline"]

MAP_TYPES: tuple[str, ...] = ("current-state", "future-state", "day-in-the-life", "service-blueprint")
SEVERITIES: tuple[str, ...] = ("low", "medium", "high", "critical")
SEVERITY_RANK: dict[str, int] = {s: n for n, s in enumerate(SEVERITIES, start=1)}
"""Higher is more severe; 0 is free for "no pain point"."""
LEVELS: tuple[str, ...] = ("low", "medium", "high")
SEGMENTS: tuple[str, ...] = ("b2c", "b2b")
CHANNEL_KINDS: tuple[str, ...] = ("online", "offline")
CADENCES: dict[str, int] = {"monthly": 31, "quarterly": 92, "yearly": 366}
"""Named review cadences and the days after which a review is overdue."""

_NOWHERE = Location("")


def _locs() -> dict[str, Location]:
    return {}


@dataclass(frozen=True, kw_only=True, slots=True)
class Entity:
    """Base of everything read from a file: where it is, and where its fields are."""

    loc: Location = _NOWHERE
    locs: dict[str, Location] = field(default_factory=_locs, compare=False, repr=False)

    def where(self, name: str) -> Location:
        """Location of field ``name``, or of the entity when the field was not written."""
        return self.locs.get(name, self.loc)


@dataclass(frozen=True, kw_only=True, slots=True)
class PainPoint(Entity):
    text: str
    severity: SeverityLevel = "medium"


@dataclass(frozen=True, kw_only=True, slots=True)
class Opportunity(Entity):
    text: str
    impact: Level | None = None
    effort: Level | None = None
    owner: str | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class Evidence(Entity):
    title: str
    url: str | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class Value(Entity):
    """A named value in a free mapping (step metrics, persona demographics)."""

    name: str
    value: int | float | str
    text: str
    """The value as the author wrote it, for display."""


@dataclass(frozen=True, kw_only=True, slots=True)
class Step(Entity):
    id: str
    name: str
    score: int
    touchpoint: str | None = None
    channel: str | None = None
    actors: tuple[str, ...] = ()
    doing: str | None = None
    thinking: str | None = None
    feeling: str | None = None
    quote: str | None = None
    pain_points: tuple[PainPoint, ...] = ()
    opportunities: tuple[Opportunity, ...] = ()
    metrics: tuple[Value, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    frontstage: tuple[str, ...] = ()
    backstage: tuple[str, ...] = ()
    support: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True, slots=True)
class Stage(Entity):
    id: str
    name: str
    description: str | None = None
    goal: str | None = None
    steps: tuple[Step, ...] = ()


@dataclass(frozen=True, kw_only=True, slots=True)
class Journey(Entity):
    id: str
    title: str
    summary: str | None = None
    type: MapType = "current-state"
    personas: tuple[str, ...] = ()
    segment: Segment | None = None
    owner: str | None = None
    tags: tuple[str, ...] = ()
    reviewed: datetime.date | None = None
    review_every: int | str | None = None
    compares_to: str | None = None
    stages: tuple[Stage, ...] = ()

    @property
    def steps(self) -> tuple[Step, ...]:
        return tuple(step for stage in self.stages for step in stage.steps)

    def review_due(self) -> datetime.date | None:
        """The date by which the next review is due, when a cadence and a review are given."""
        if self.reviewed is None or self.review_every is None:
            return None
        days = self.review_every if isinstance(self.review_every, int) else CADENCES[self.review_every]
        return self.reviewed + datetime.timedelta(days=days)


@dataclass(frozen=True, kw_only=True, slots=True)
class Persona(Entity):
    id: str
    name: str
    role: str | None = None
    quote: str | None = None
    avatar: str | None = None
    segment: Segment | None = None
    demographics: tuple[Value, ...] = ()
    bio: str | None = None
    goals: tuple[str, ...] = ()
    needs: tuple[str, ...] = ()
    pain_points: tuple[str, ...] = ()
    motivations: tuple[str, ...] = ()
    fears: tuple[str, ...] = ()
    triggers: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()

    @property
    def initials(self) -> str:
        """Initials for an avatar: first and last word before any comma ("Maria Lopez" → "ML").

        A name written in Chinese, Japanese or Korean characters keeps its first two
        characters instead ("李伟 Li Wei" → "李伟").
        """
        words = [w for w in self.name.split(",")[0].split() if w[:1].isalnum()]
        if not words:
            return "?"
        if unicodedata.name(words[0][0], "").startswith(("CJK", "HANGUL", "HIRAGANA", "KATAKANA")):
            return words[0][:2]
        letters = [words[0][0], words[-1][0]] if len(words) > 1 else [words[0][0]]
        return "".join(letters).upper()


@dataclass(frozen=True, kw_only=True, slots=True)
class Touchpoint(Entity):
    id: str
    name: str
    channel: str
    owner: str | None = None
    description: str | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class Channel(Entity):
    id: str
    name: str
    kind: ChannelKind
    icon: str | None = None
    builtin: bool = False


def N_(message: str) -> str:
    return message


BUILTIN_CHANNELS: tuple[Channel, ...] = tuple(
    Channel(id=i, name=n, kind=k, icon=f"material/{icon}", builtin=True)  # type: ignore[arg-type]
    for i, n, k, icon in (
        ("web", N_("Website"), "online", "web"),
        ("search", N_("Search engine"), "online", "magnify"),
        ("social", N_("Social media"), "online", "account-group"),
        ("advertising", N_("Advertising"), "online", "bullhorn"),
        ("email", N_("Email"), "online", "email-outline"),
        ("sms", N_("SMS"), "online", "message-text-outline"),
        ("chat", N_("Chat"), "online", "chat-outline"),
        ("phone", N_("Phone"), "offline", "phone"),
        ("mobile-app", N_("Mobile app"), "online", "cellphone"),
        ("store", N_("Store"), "offline", "storefront-outline"),
        ("events", N_("Events"), "offline", "calendar-star"),
        ("mail", N_("Postal mail"), "offline", "mailbox-outline"),
        ("word-of-mouth", N_("Word of mouth"), "offline", "account-voice"),
        ("reviews", N_("Reviews"), "online", "star-half-full"),
    )
)
