"""Translation overlays: `<stem>.<lang>.yml` files that hold only translated text, by id.

An overlay is checked against its source with the same field specs as the maps:
only text fields may be overlaid; entities with an id (stages, steps, catalogue
entries) are addressed by id, never by position; lists without ids (pain points,
lanes, tags) are translated item by item in the source's order (a shorter list leaves
the rest untranslated; a longer one is an error). A field without a translation falls
back to the source text and counts as untranslated.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from . import model, schema
from .problems import Location, Problem, did_you_mean
from .source import Node

LANGUAGE = re.compile(r"^[a-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")
_NEVER = {"id", "url", "avatar"}


@dataclass(frozen=True)
class Overlay:
    """One overlay file, read but not yet applied."""

    lang: str
    kind: str
    """'journey', 'persona' or 'touchpoints'."""
    target: str
    """The id of the journey or persona ('' for the touchpoint catalogue)."""
    node: Node
    path: str


@dataclass
class Coverage:
    """How much of one entity's text a language has."""

    translated: int = 0
    total: int = 0
    missing: list[tuple[str, Location]] = field(default_factory=list)
    """Untranslated fields: a dotted path (stages.awareness.steps.sees-ad.name) and where the source is."""

    @property
    def percent(self) -> float:
        return 100.0 if not self.total else round(100 * self.translated / self.total, 1)

    def add(self, other: Coverage) -> None:
        self.translated += other.translated
        self.total += other.total
        self.missing += other.missing

    @classmethod
    def sum(cls, parts: Iterable[Coverage]) -> Coverage:
        total = cls()
        for part in parts:
            total.add(part)
        return total


def _translatable(spec: schema.Spec) -> bool:
    if isinstance(spec, schema.Text):
        return True
    if isinstance(spec, schema.ListOf):
        return _translatable(spec.item)
    if isinstance(spec, schema.Object):
        return any(n not in _NEVER and _translatable(f.spec) for n, f in spec.fields.items())
    return False


class _Applier:
    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems

    def error(self, loc: Location, message: str, hint: str = "") -> None:
        self.problems.append(Problem(loc, message, hint=hint))

    def entity(self, entity: Any, spec: schema.Object, node: Node | None, path: str) -> tuple[Any, Coverage]:
        """The entity with the overlay's text applied, and its coverage (node None: nothing translated)."""
        coverage = Coverage()
        changes: dict[str, Any] = {}
        given: dict[str, Node] = {}
        if node is not None:
            if not node.is_map:
                self.error(node.loc, "a translation here must be a mapping of field names to text")
            else:
                for key, value in node.value.items():
                    spec_field = spec.fields.get(key)
                    if spec_field is None or key in _NEVER or not _translatable(spec_field.spec):
                        self._refuse(node.keys[key], key, spec)
                    elif value.value is not None:
                        given[key] = value
        for name, spec_field in spec.fields.items():
            if name in _NEVER or not _translatable(spec_field.spec):
                continue
            source = getattr(entity, name, None)
            new, sub = self.value(source, spec_field.spec, given.get(name), f"{path}.{name}", entity, name)
            coverage.add(sub)
            if new is not source:
                changes[name] = new
        return (replace(entity, **changes) if changes else entity), coverage

    def _refuse(self, loc: Location, key: str, spec: schema.Object) -> None:
        allowed = [n for n, f in spec.fields.items() if n not in _NEVER and _translatable(f.spec)]
        if key in spec.fields:
            self.error(
                loc,
                f"'{key}' cannot be translated: only text is",
                hint="ids, scores, references, dates, links and metrics come from the source",
            )
        else:
            self.error(
                loc, f"'{key}' is not a field here", hint=did_you_mean(key, allowed) or f"allowed: {', '.join(allowed)}"
            )

    def value(
        self, source: Any, spec: schema.Spec, node: Node | None, path: str, owner: model.Entity, name: str
    ) -> tuple[Any, Coverage]:
        if isinstance(spec, schema.Text):
            return self._text(source, node, path, owner.where(name))
        if isinstance(spec, schema.ListOf) and isinstance(spec.item, schema.Object) and "id" in spec.item.fields:
            return self._by_id(source or (), spec.item, node, path)
        if isinstance(spec, schema.ListOf):
            return self._list(source or (), spec.item, node, path, owner, name)
        raise TypeError(spec)  # pragma: no cover - _translatable keeps other specs out

    def _text(self, source: str | None, node: Node | None, path: str, where: Location) -> tuple[Any, Coverage]:
        if source is None:
            if node is not None:
                self.error(node.loc, "the source has no text here to translate")
            return source, Coverage()
        if node is None:
            return source, Coverage(0, 1, [(path, where)])
        ctx = schema.Context()
        text = ctx.run(schema.Text(), node)
        self.problems.extend(ctx.problems)
        if schema.is_invalid(text):
            return source, Coverage(0, 1, [(path, where)])
        return text, Coverage(1, 1)

    def _by_id(self, items: tuple, item_spec: schema.Object, node: Node | None, path: str) -> tuple[Any, Coverage]:
        overlays: dict[str, Node] = {}
        if node is not None:
            if not node.is_map:
                self.error(node.loc, "translate these by id: a mapping of ids to translations, not a list")
            else:
                known = [item.id for item in items]
                for key, value in node.value.items():
                    if key not in known:
                        hint = did_you_mean(key, known)
                        self.error(node.keys[key], f"'{key}' is not an id in the source", hint=hint)
                    else:
                        overlays[key] = value
        coverage = Coverage()
        out = []
        for item in items:
            new, sub = self.entity(item, item_spec, overlays.get(item.id), f"{path}.{item.id}")
            coverage.add(sub)
            out.append(new)
        return tuple(out), coverage

    def _list(
        self, items: tuple, item_spec: schema.Spec, node: Node | None, path: str, owner: model.Entity, name: str
    ) -> tuple[Any, Coverage]:
        if node is not None and not node.is_seq:
            self.error(node.loc, f"expected a list of {len(items)} translated item{'s' * (len(items) != 1)}")
            node = None
        if node is not None and len(node.value) > len(items):
            # more items than the source: the extra ones would be lost silently
            self.error(
                node.loc,
                f"has {len(node.value)} item{'s' * (len(node.value) != 1)}, the source has {len(items)}",
                hint="items are translated in the source's order; a shorter list leaves the rest untranslated",
            )
            node = None
        coverage = Coverage()
        out = []
        for i, item in enumerate(items):
            item_node = node.value[i] if node is not None and i < len(node.value) else None
            item_where = item.loc if isinstance(item, model.Entity) else owner.where(f"{name}[{i}]")
            if isinstance(item_spec, schema.Object):
                if item_node is not None and not item_node.is_map and item_spec.shorthand:
                    item_node = Node(
                        {item_spec.shorthand: item_node}, item_node.loc, keys={item_spec.shorthand: item_node.loc}
                    )
                new, sub = self.entity(item, item_spec, item_node, f"{path}[{i}]")
            else:
                new, sub = self._text(item, item_node, f"{path}[{i}]", item_where)
            coverage.add(sub)
            out.append(new)
        return tuple(out), coverage


def apply_journey(
    journey: model.Journey, overlay: Overlay | None, problems: list[Problem]
) -> tuple[model.Journey, Coverage]:
    return _Applier(problems).entity(journey, schema.JOURNEY, overlay.node if overlay else None, journey.id)


def apply_persona(
    persona: model.Persona, overlay: Overlay | None, problems: list[Problem]
) -> tuple[model.Persona, Coverage]:
    return _Applier(problems).entity(persona, schema.PERSONA, overlay.node if overlay else None, persona.id)


def apply_touchpoints(
    touchpoints: dict[str, model.Touchpoint], overlay: Overlay | None, problems: list[Problem]
) -> tuple[dict[str, model.Touchpoint], dict[str, Coverage]]:
    """Translated catalogue and the coverage of each touchpoint."""
    applier = _Applier(problems)
    nodes: dict[str, Node] = {}
    if overlay is not None:
        if not overlay.node.is_map:
            applier.error(overlay.node.loc, "a catalogue translation is a mapping of touchpoint ids to translations")
        else:
            for key, value in overlay.node.value.items():
                if key not in touchpoints:
                    applier.error(
                        overlay.node.keys[key],
                        f"'{key}' is not a touchpoint in touchpoints.yml",
                        hint=did_you_mean(key, touchpoints),
                    )
                else:
                    nodes[key] = value
    out: dict[str, model.Touchpoint] = {}
    coverage: dict[str, Coverage] = {}
    for tid, touchpoint in touchpoints.items():
        out[tid], coverage[tid] = applier.entity(touchpoint, schema.TOUCHPOINT, nodes.get(tid), tid)
    return out, coverage
