"""Field definitions of the map format, used to validate located YAML nodes.

The same definitions describe every file kind, so the validator and (later)
the JSON Schema export cannot drift apart. Validation turns a :class:`Node`
into model objects and collects located problems instead of raising.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from . import model
from .problems import Location, Problem, did_you_mean
from .source import Node

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
ICON = re.compile(r"^[a-z0-9-]+(/[a-z0-9-]+)+$")
URL_SCHEMES = ("https://", "http://", "mailto:")


class Invalid(Exception):
    """A value does not fit its field; the message is shown to the author."""

    def __init__(self, message: str, loc: Location | None = None, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.loc = loc
        self.hint = hint


class Spec:
    """How one value is checked and converted."""

    description = "a value"
    plural = "values"

    def check(self, node: Node, ctx: Context) -> Any:
        raise NotImplementedError


@dataclass
class Context:
    """Collects problems while validating one file."""

    problems: list[Problem] = field(default_factory=list)

    def error(self, loc: Location, message: str, hint: str = "") -> None:
        self.problems.append(Problem(loc, message, hint=hint))

    def run(self, spec: Spec, node: Node) -> Any:
        """Check ``node`` against ``spec``; on failure record the problem and return ``Invalid``."""
        try:
            return spec.check(node, self)
        except Invalid as exc:
            self.error(exc.loc or node.loc, exc.message, exc.hint)
            return _INVALID


_INVALID: Any = object()


def _describe(value: Any) -> str:
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return f"a yes/no value ({str(value).lower()})"
    if isinstance(value, (int, float)):
        return f"a number ({value})"
    if isinstance(value, datetime.datetime):
        return "a date and time"
    if isinstance(value, datetime.date):
        return f"a date ({value.isoformat()})"
    if isinstance(value, dict):
        return "a mapping (key: value pairs)"
    if isinstance(value, list):
        return "a list"
    return "text"


def _expected(spec: Spec, node: Node) -> Invalid:
    hint = ""
    if isinstance(node.value, (bool, datetime.date)) and isinstance(spec, Text):
        hint = "put the value in quotes to keep it as text"
    return Invalid(f"expected {spec.description}, got {_describe(node.value)}", hint=hint)


class Text(Spec):
    """Plain text; numbers written without quotes are taken as written."""

    description = "text"
    plural = "texts"

    def __init__(self, *, markdown: bool = False) -> None:
        self.markdown = markdown
        if markdown:
            self.description = "text (Markdown)"

    def check(self, node: Node, ctx: Context) -> str:
        value = node.value
        if isinstance(value, str):
            text = value
        elif isinstance(value, (int, float)) and not isinstance(value, bool) and node.raw is not None:
            text = node.raw
        else:
            raise _expected(self, node)
        if not text.strip():
            raise Invalid("text is empty")
        if not any(unicodedata.category(ch) not in _INVISIBLE for ch in text):
            raise Invalid("text shows as nothing: it has only zero-width or formatting characters")
        bidi = _BIDI_CONTROL.search(text)
        if bidi:
            raise Invalid(
                f"text contains U+{ord(bidi.group()):04X} {unicodedata.name(bidi.group())}, which makes it show "
                "in another order than it is written",
                hint="remove it; the direction marks U+200E and U+200F are allowed",
            )
        return text


# Unicode categories that draw nothing: spaces, line and paragraph separators, format characters
# (zero-width space, joiners, marks), controls.
_INVISIBLE = frozenset({"Zs", "Zl", "Zp", "Cf", "Cc"})
_BIDI_CONTROL = re.compile("[\u202a-\u202e\u2066-\u2069]")
"""Embeddings, overrides and isolates: they reorder what follows them (the "Trojan Source" characters)."""


class Slug(Spec):
    """An id: lower-case letters, digits and hyphens."""

    description = "an id (lower-case letters, digits and hyphens)"

    def __init__(self, refers_to: str | None = None) -> None:
        self.refers_to = refers_to
        self.plural = f"{refers_to} ids" if refers_to else "ids"
        if refers_to:
            self.description = f"a {refers_to} id"

    def check(self, node: Node, ctx: Context) -> str:
        text = node.raw if isinstance(node.value, int) and not isinstance(node.value, bool) else node.value
        if not isinstance(text, str):
            raise _expected(self, node)
        check_slug(text)
        return text


def check_slug(text: str) -> None:
    if not SLUG.fullmatch(text):
        suggestion = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
        hint = f"for example '{suggestion}'" if suggestion and SLUG.fullmatch(suggestion) else ""
        raise Invalid(
            f"'{text}' is not a valid id: use lower-case letters, digits and hyphens, starting with a letter or digit",
            hint=hint,
        )


class Integer(Spec):
    def __init__(self, minimum: int | None = None, maximum: int | None = None, what: str = "a whole number") -> None:
        self.minimum, self.maximum = minimum, maximum
        self.description = what if minimum is None or maximum is None else f"{what} from {minimum} to {maximum}"

    def check(self, node: Node, ctx: Context) -> int:
        value = node.value
        if isinstance(value, float) and not isinstance(value, bool) and value.is_integer():
            value = int(value)
        if not isinstance(value, int) or isinstance(value, bool):
            raise _expected(self, node)
        if (self.minimum is not None and value < self.minimum) or (self.maximum is not None and value > self.maximum):
            raise Invalid(f"{value} is out of range: expected {self.description}")
        return value


class Choice(Spec):
    def __init__(self, choices: tuple[str, ...]) -> None:
        self.choices = choices
        self.description = "one of " + ", ".join(choices)

    def check(self, node: Node, ctx: Context) -> str:
        if not isinstance(node.value, str) or node.value not in self.choices:
            shown = node.value if isinstance(node.value, str) else _describe(node.value)
            hint = did_you_mean(node.value, self.choices) if isinstance(node.value, str) else ""
            raise Invalid(f"'{shown}' is not allowed here: expected {self.description}", hint=hint)
        return node.value


class Date(Spec):
    description = "a date (YYYY-MM-DD)"

    def check(self, node: Node, ctx: Context) -> datetime.date:
        value = node.value
        if isinstance(value, datetime.datetime):
            raise Invalid("expected a date (YYYY-MM-DD) without a time")
        if isinstance(value, datetime.date):
            return value
        if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
            try:
                return datetime.date.fromisoformat(value.strip())
            except ValueError:
                raise Invalid(f"'{value}' is not a real date") from None
        raise _expected(self, node)


class Cadence(Spec):
    description = "a number of days or one of " + ", ".join(model.CADENCES)

    def check(self, node: Node, ctx: Context) -> int | str:
        if isinstance(node.value, str):
            return Choice(tuple(model.CADENCES)).check(node, ctx)
        return Integer(1, 3660, "a number of days").check(node, ctx)


class Url(Spec):
    description = "a web address (https://…)"

    def check(self, node: Node, ctx: Context) -> str:
        text = Text().check(node, ctx).strip()
        if re.search(r"\s", text):
            raise Invalid(f"'{text}' is not a valid link: it contains spaces", hint="write spaces as %20")
        if not text.lower().startswith(URL_SCHEMES):
            raise Invalid(f"'{text}' is not an allowed link: use an https://, http:// or mailto: address")
        return text


class Scalar(Spec):
    """A number or a text (metric values, demographics)."""

    description = "a number or text"

    def check(self, node: Node, ctx: Context) -> tuple[int | float | str, str]:
        value = node.value
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return value, node.raw or str(value)
        if not isinstance(value, str):
            raise _expected(self, node)
        text = Text().check(node, ctx)
        return text, text


class ListOf(Spec):
    def __init__(self, item: Spec, *, min_items: int = 0) -> None:
        self.item, self.min_items = item, min_items
        self.description = f"a list of {item.plural}"

    def check(self, node: Node, ctx: Context) -> tuple[Any, ...]:
        if not node.is_seq:
            raise _expected(self, node)
        if len(node.value) < self.min_items:
            noun = self.item.plural if self.min_items > 1 else self.item.plural.removesuffix("s")
            raise Invalid(f"needs at least {self.min_items} {noun}")
        items = tuple(ctx.run(self.item, item) for item in node.value)
        return _INVALID if any(i is _INVALID for i in items) else items


class NamedValues(Spec):
    """A free mapping of names to numbers or texts, kept in order."""

    description = "a mapping of names to numbers or text"

    def check(self, node: Node, ctx: Context) -> tuple[model.Value, ...]:
        if not node.is_map:
            raise _expected(self, node)
        out = []
        for name, value_node in node.value.items():
            checked = ctx.run(Scalar(), value_node)
            if checked is _INVALID:
                return _INVALID
            value, text = checked
            out.append(model.Value(name=name, value=value, text=text, loc=value_node.loc))
        return tuple(out)


@dataclass
class Field:
    spec: Spec
    required: bool = False
    doc: str = ""


class Object(Spec):
    """A mapping with known fields, turned into a model class."""

    def __init__(
        self,
        cls: type[model.Entity],
        fields: Mapping[str, Field],
        *,
        shorthand: str | None = None,
        description: str = "",
        plural: str = "",
    ) -> None:
        self.cls, self.fields, self.shorthand = cls, dict(fields), shorthand
        self.description = description or f"a {cls.__name__.lower()} (a mapping of fields)"
        self.plural = plural or f"{_snake(cls.__name__).replace('_', ' ')}s"
        if shorthand:
            self.description += f" or a text ({shorthand})"

    def check(self, node: Node, ctx: Context, *, extra: Mapping[str, Any] | None = None) -> Any:
        if self.shorthand and not node.is_map:
            text = ctx.run(Text(), node)
            if text is _INVALID:
                return _INVALID
            return self.cls(**{self.shorthand: text}, loc=node.loc, locs={self.shorthand: node.loc})
        if not node.is_map:
            raise _expected(self, node)
        values: dict[str, Any] = dict(extra or {})
        locs: dict[str, Location] = {}
        ok = True
        for key, value_node in node.value.items():
            key_loc = node.keys[key]
            spec_field = self.fields.get(key)
            if spec_field is None:
                hint = did_you_mean(key, self.fields)
                ctx.error(key_loc, f"unknown field '{key}'", hint or f"allowed: {', '.join(self.fields)}")
                ok = False
                continue
            if value_node.value is None:
                if spec_field.required:
                    ctx.error(value_node.loc, f"'{key}' needs a value")
                    ok = False
                continue  # `owner:` with nothing after it means "not given"
            checked = ctx.run(spec_field.spec, value_node)
            if checked is _INVALID:
                ok = False
                continue
            values[key] = checked
            locs[key] = value_node.loc
            if value_node.is_seq:  # each item of a list keeps its own place too: "personas[1]"
                locs.update({f"{key}[{i}]": item.loc for i, item in enumerate(value_node.value)})
        for key, spec_field in self.fields.items():
            if not spec_field.required or key in values:
                continue
            ok = False
            if key not in node.value:
                ctx.error(node.loc, f"missing required field '{key}'")
        if not ok:
            return _INVALID
        return self.cls(**values, loc=node.loc, locs=locs)


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _text(required: bool = False, doc: str = "") -> Field:
    return Field(Text(), required, doc)


def _md(doc: str = "") -> Field:
    return Field(Text(markdown=True), False, doc)


def _texts(doc: str = "") -> Field:
    return Field(ListOf(Text()), False, doc)


PAIN_POINT = Object(
    model.PainPoint,
    {
        "text": _text(True, "What goes wrong"),
        "severity": Field(Choice(model.SEVERITIES), doc="low, medium (default), high or critical"),
    },
    shorthand="text",
)
OPPORTUNITY = Object(
    model.Opportunity,
    {
        "text": _text(True, "The idea"),
        "impact": Field(Choice(model.LEVELS), doc="Expected impact: low, medium or high"),
        "effort": Field(Choice(model.LEVELS), doc="Expected effort: low, medium or high"),
        "owner": _text(doc="Who takes it on"),
    },
    shorthand="text",
    plural="opportunities",
)
EVIDENCE = Object(
    model.Evidence,
    {"title": _text(True, "What the evidence is"), "url": Field(Url(), doc="Where to read it (https://…)")},
    shorthand="title",
    plural="evidence items",
)

STEP = Object(
    model.Step,
    {
        "id": Field(Slug(), True, "Unique within the map; the step's anchor on the page"),
        "name": _text(True, 'One interaction, e.g. "Reads reviews on a comparison site"'),
        "score": Field(
            Integer(1, 5, "a whole-number score"), True, "Emotional score: 1 very negative … 5 very positive"
        ),
        "touchpoint": Field(Slug("touchpoint"), doc="A touchpoint id from touchpoints.yml"),
        "channel": Field(Slug("channel"), doc="A channel id; defaults to the touchpoint's channel"),
        "actors": _texts("Who takes part; defaults to the map's persona names, else Customer"),
        "doing": _text(doc="What the customer does"),
        "thinking": _text(doc="Thoughts, questions"),
        "feeling": _text(doc='Emotion in words ("anxious")'),
        "quote": _text(doc="Verbatim from research"),
        "pain_points": Field(ListOf(PAIN_POINT), doc="Texts, or {text, severity}"),
        "opportunities": Field(ListOf(OPPORTUNITY), doc="Texts, or {text, impact, effort, owner}"),
        "metrics": Field(NamedValues(), doc="Name → number or text, e.g. drop_off: 0.32"),
        "evidence": Field(ListOf(EVIDENCE), doc="Texts, or {title, url}"),
        "frontstage": _texts("Service-blueprint lane: what the customer sees"),
        "backstage": _texts("Service-blueprint lane: what staff do out of sight"),
        "support": _texts("Service-blueprint lane: systems and partners"),
    },
)
STAGE = Object(
    model.Stage,
    {
        "id": Field(Slug(), True, "The stage's anchor and translation key"),
        "name": _text(True, 'e.g. "Awareness", "Purchase"'),
        "description": _md("Markdown"),
        "goal": _text(doc="What the customer wants in this stage"),
        "steps": Field(ListOf(STEP, min_items=1), True, "Ordered interactions"),
    },
)
JOURNEY = Object(
    model.Journey,
    {
        "id": Field(Slug(), doc="Defaults to the file name (and must equal it)"),
        "title": _text(True, 'Name of the journey ("Buying a winter jacket")'),
        "summary": _md("Markdown: what the journey covers, scope, sources"),
        "type": Field(Choice(model.MAP_TYPES), doc="Map type; default current-state"),
        "personas": Field(ListOf(Slug("persona")), doc="Persona ids: who travels this journey"),
        "segment": Field(Choice(model.SEGMENTS)),
        "owner": _text(doc="Team or person accountable"),
        "tags": _texts("Free tags"),
        "reviewed": Field(Date(), doc="Last review, YYYY-MM-DD"),
        "review_every": Field(Cadence(), doc="Days, or monthly, quarterly, yearly; past due = overdue badge"),
        "compares_to": Field(Slug("journey"), doc="Counterpart map, e.g. the future state of this current state"),
        "stages": Field(ListOf(STAGE, min_items=1), True, "Ordered phases of the journey"),
    },
    description="a journey map (a mapping of fields)",
)
PERSONA = Object(
    model.Persona,
    {
        "id": Field(Slug(), doc="Defaults to the file name (and must equal it)"),
        "name": _text(True, '"Maria, the busy parent"'),
        "role": _text(doc="One-line description"),
        "quote": _text(),
        "avatar": _text(doc="Path relative to the docs folder, or an https:// address"),
        "segment": Field(Choice(model.SEGMENTS)),
        "demographics": Field(NamedValues(), doc="age, location, occupation, income, family, language …"),
        "bio": _md("Markdown"),
        "goals": _texts(),
        "needs": _texts(),
        "pain_points": _texts(),
        "motivations": _texts(),
        "fears": _texts(),
        "triggers": _texts(),
        "channels": Field(ListOf(Slug("channel")), doc="Preferred channels (channel ids)"),
        "tags": _texts(),
    },
    description="a persona (a mapping of fields)",
)
TOUCHPOINT = Object(
    model.Touchpoint,
    {
        "name": _text(True),
        "channel": Field(Slug("channel"), True, "A channel id (built-in or from channels.yml)"),
        "owner": _text(doc="Team accountable for it"),
        "description": _md("Markdown"),
    },
    description="a touchpoint (a mapping with name and channel)",
)


class IconName(Spec):
    description = "an icon name such as material/storefront"

    def check(self, node: Node, ctx: Context) -> str:
        text = Text().check(node, ctx)
        if not ICON.fullmatch(text):
            raise Invalid(f"'{text}' is not an icon name: expected for example 'material/storefront'")
        return text


CHANNEL_FIELDS = {
    "name": _text(doc="Label shown on the pages"),
    "kind": Field(Choice(model.CHANNEL_KINDS), doc="online or offline"),
    "icon": Field(IconName(), doc="A Material icon, e.g. material/storefront"),
}


def check_entity(spec: Object, node: Node, ctx: Context, **extra: Any) -> Any:
    """Validate a top-level entity; returns the model object or None on problems."""
    try:
        result = spec.check(node, ctx, extra=extra)
    except Invalid as exc:
        ctx.error(exc.loc or node.loc, exc.message, exc.hint)
        return None
    return None if result is _INVALID else result


def is_invalid(value: Any) -> bool:
    return value is _INVALID
