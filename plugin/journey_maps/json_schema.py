"""JSON Schema (draft 2020-12) generated from the field specs in ``schema.py``.

There is no second, hand-kept copy: editors (VS Code's YAML extension) and CI
tools see exactly the fields the loader accepts. Checks that need more than one
file (references, ids against file names, avatars on disk) stay with
``journey-maps validate``.
"""

from __future__ import annotations

from typing import Any

from . import model, schema

DRAFT = "https://json-schema.org/draft/2020-12/schema"
_NON_BLANK = {
    "type": "string",
    # Something that shows: not only spaces or zero-width and formatting characters (schema.Text) …
    "pattern": "[^\\s\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]",
    # … and no bidi embedding, override or isolate, which reorder what follows them.
    "not": {"pattern": "[\u202a-\u202e\u2066-\u2069]"},
}


def _spec(spec: schema.Spec) -> dict[str, Any]:
    if isinstance(spec, schema.Object):
        return _object(spec)
    if isinstance(spec, schema.ListOf):
        out: dict[str, Any] = {"type": "array", "items": _spec(spec.item)}
        if spec.min_items:
            out["minItems"] = spec.min_items
        return out
    if isinstance(spec, schema.NamedValues):
        return {"type": "object", "additionalProperties": _spec(schema.Scalar())}
    if isinstance(spec, schema.Scalar):
        return {"anyOf": [{"type": "number"}, _NON_BLANK]}
    if isinstance(spec, schema.Text):
        return {"anyOf": [_NON_BLANK, {"type": "number"}]}
    if isinstance(spec, schema.Slug):
        return {"type": "string", "pattern": _whole(schema.SLUG.pattern)}
    if isinstance(spec, schema.Integer):
        out = {"type": "integer"}
        if spec.minimum is not None:
            out["minimum"] = spec.minimum
        if spec.maximum is not None:
            out["maximum"] = spec.maximum
        return out
    if isinstance(spec, schema.Choice):
        return {"enum": list(spec.choices)}
    if isinstance(spec, schema.Date):
        return {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}(?![\s\S])"}
    if isinstance(spec, schema.Cadence):
        return {"anyOf": [{"type": "integer", "minimum": 1, "maximum": 3660}, {"enum": list(model.CADENCES)}]}
    if isinstance(spec, schema.Url):
        return {"type": "string", "pattern": r"^(?:[hH][tT][tT][pP][sS]?://|[mM][aA][iI][lL][tT][oO]:)\S+(?![\s\S])"}
    if isinstance(spec, schema.IconName):
        return {"type": "string", "pattern": _whole(schema.ICON.pattern)}
    raise TypeError(f"no JSON Schema for {type(spec).__name__}")  # pragma: no cover - a new spec needs a rule


def _whole(pattern: str) -> str:
    """A ``^…$`` pattern that also refuses a final newline with Python's ``re`` (where ``$`` matches
    before one): ``(?![\\s\\S])``, nothing after, means the end in ECMA-262 and Python alike."""
    return pattern.removesuffix("$") + r"(?![\s\S])"


def _object(spec: schema.Object) -> dict[str, Any]:
    properties: dict[str, Any] = {}
    for name, field in spec.fields.items():
        prop = _spec(field.spec)
        if not field.required:  # an empty value (`owner:`) means "not given"
            prop = {"anyOf": [prop, {"type": "null"}]}
        if field.doc:
            prop = {"description": field.doc, **prop}
        properties[name] = prop
    out: dict[str, Any] = {
        "type": "object",
        "properties": properties,
        "additionalProperties": False,
    }
    required = [name for name, field in spec.fields.items() if field.required]
    if required:
        out["required"] = required
    if spec.shorthand:
        shorthand = _spec(spec.fields[spec.shorthand].spec)
        return {"anyOf": [shorthand, out]}
    return out


def _catalogue(value: dict[str, Any], description: str) -> dict[str, Any]:
    return {
        "type": "object",
        "description": description,
        "propertyNames": {"pattern": _whole(schema.SLUG.pattern)},
        "additionalProperties": value,
    }


def _document(title: str, body: dict[str, Any]) -> dict[str, Any]:
    return {"$schema": DRAFT, "title": title, **body}


# -- translation overlays ------------------------------------------------------
# An overlay holds only text, addressed by ids: lists of entities with an `id`
# become mappings id → overlay; other lists (pain points, lanes) are translated
# as whole lists; ids, scores, references, dates and metrics are never overlaid.


def _overlay(spec: schema.Spec) -> dict[str, Any] | None:
    if isinstance(spec, schema.Text):
        return _NON_BLANK
    if isinstance(spec, schema.ListOf):
        item = spec.item
        if isinstance(item, schema.Object) and "id" in item.fields:
            inner = _overlay_object(item)
            return {
                "type": "object",
                "propertyNames": {"pattern": _whole(schema.SLUG.pattern)},
                "additionalProperties": inner,
            }
        item_overlay = _overlay(item)
        return {"type": "array", "items": item_overlay} if item_overlay else None
    if isinstance(spec, schema.Object):
        return _overlay_object(spec)
    return None


_NOT_TEXT = {"id", "url", "avatar"}


def _overlay_object(spec: schema.Object) -> dict[str, Any]:
    properties = {}
    for name, field in spec.fields.items():
        if name in _NOT_TEXT or isinstance(field.spec, (schema.NamedValues, schema.Slug)):
            continue
        sub = _overlay(field.spec)
        if sub is not None:
            properties[name] = {"description": field.doc, **sub} if field.doc else sub
    out = {"type": "object", "properties": properties, "additionalProperties": False}
    if spec.shorthand:
        return {"anyOf": [_NON_BLANK, out]}
    return out


def schemas() -> dict[str, dict[str, Any]]:
    """Every schema, by file name."""
    channel = {
        "type": "object",
        "properties": {name: {"description": f.doc, **_spec(f.spec)} for name, f in schema.CHANNEL_FIELDS.items()},
        "additionalProperties": False,
    }
    return {
        "journey.schema.json": _document("Journey map (maps/journeys/<id>.yml)", _object(schema.JOURNEY)),
        "persona.schema.json": _document("Persona (maps/personas/<id>.yml)", _object(schema.PERSONA)),
        "touchpoints.schema.json": _document(
            "Touchpoint catalogue (maps/touchpoints.yml)",
            _catalogue(_object(schema.TOUCHPOINT), "Touchpoint id → touchpoint"),
        ),
        "channels.schema.json": _document(
            "Extra or relabelled channels (maps/channels.yml)", _catalogue(channel, "Channel id → channel")
        ),
        "journey-overlay.schema.json": _document(
            "Journey translation overlay (maps/journeys/<id>.<lang>.yml)", _overlay_object(schema.JOURNEY)
        ),
        "persona-overlay.schema.json": _document(
            "Persona translation overlay (maps/personas/<id>.<lang>.yml)", _overlay_object(schema.PERSONA)
        ),
        "touchpoints-overlay.schema.json": _document(
            "Touchpoint catalogue translation overlay (maps/touchpoints.<lang>.yml)",
            _catalogue(_overlay_object(schema.TOUCHPOINT), "Touchpoint id → translated text"),
        ),
    }
