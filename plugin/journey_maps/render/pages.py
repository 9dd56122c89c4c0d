"""MapSet → generated Markdown pages, through Jinja templates.

Templates ship in ``templates/`` and can be overridden one by one from a
site's ``overrides/journey_maps/`` folder. Output is a pure function of the
MapSet and the options: the same maps give byte-identical pages.
"""

from __future__ import annotations

import datetime
import functools
import posixpath
import re
import urllib.parse
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import jinja2
from markupsafe import Markup

from .. import gcpause, i18n, insights, model
from ..catalog import MapSet
from ..changes import MapsDiff
from ..compare import compare, pair_of, pairs
from ..i18n import N_
from ..translate import Coverage
from . import curve, mermaid, text
from .icons import icon_svg

TEMPLATES = Path(__file__).parent / "templates"
EXPORTS = ("steps", "pain-points", "opportunities", "touchpoints")
OVERRIDE_FOLDER = "journey_maps"
"""Sub-folder of the theme's ``custom_dir`` searched first for templates."""

MAP_TYPE_LABELS = {
    "current-state": N_("Current state"),
    "future-state": N_("Future state"),
    "day-in-the-life": N_("Day in the life"),
    "service-blueprint": N_("Service blueprint"),
}
LEVEL_LABELS = {"low": N_("Low"), "medium": N_("Medium"), "high": N_("High"), "critical": N_("Critical")}
SEGMENT_LABELS = {"b2c": N_("B2C"), "b2b": N_("B2B")}
KIND_LABELS = {"online": N_("Online"), "offline": N_("Offline")}
CADENCE_LABELS = {"monthly": N_("monthly"), "quarterly": N_("quarterly"), "yearly": N_("yearly")}
BUILTIN_NAMES = {c.id: c.name for c in model.BUILTIN_CHANNELS}


@dataclass(frozen=True)
class Paths:
    """Where generated pages go, relative to ``docs_dir`` (posix ``src_uri``s)."""

    journeys: str = "journeys"
    personas: str = "personas"
    touchpoints: str = "touchpoints"
    translations: str = "translations"
    changes: str = "changes"

    def journey(self, jid: str) -> str:
        return f"{self.journeys}/{jid}.md"

    def comparison(self, before: str, after: str) -> str:
        """The current-vs-future page of two journeys (a folder per journey never collides with its page)."""
        return f"{self.journeys}/{before}/vs-{after}.md"

    @property
    def changes_page(self) -> str:
        return f"{self.changes}/index.md"

    insights: str = "insights"

    def insight(self, name: str) -> str:
        return f"{self.insights}/{name}.md"

    def export(self, what: str, fmt: str) -> str:
        """A published export (CSV or JSON), next to the insight pages."""
        return f"{self.insights}/data/{what}.{fmt}"

    def persona(self, pid: str) -> str:
        return f"{self.personas}/{pid}.md"

    @property
    def journey_index(self) -> str:
        return f"{self.journeys}/index.md"

    @property
    def persona_index(self) -> str:
        return f"{self.personas}/index.md"

    @property
    def touchpoint_index(self) -> str:
        return f"{self.touchpoints}/index.md"

    @property
    def translations_page(self) -> str:
        return f"{self.translations}/index.md"


@dataclass(frozen=True)
class Changes:
    """What the "what changed" page compares: the maps at ``since`` (None: no earlier release) with these."""

    since: str | None
    commit: str | None = None
    diff: MapsDiff | None = None
    date: datetime.date | None = None
    """The date of ``commit``."""
    tag: str | None = None
    """A tag on ``commit``."""

    @property
    def name(self) -> str | None:
        """What readers know the earlier version by: a tag or branch, not a commit id or `HEAD~2`."""
        if self.since is None or _COMMIT_ID.fullmatch(self.since) or any(c in self.since for c in "~^@{:"):
            return self.tag
        return self.since


_COMMIT_ID = re.compile(r"[0-9a-fA-F]{7,64}")


@dataclass(frozen=True)
class Page:
    """One generated page: where it goes, its Markdown, and the YAML it comes from."""

    src_uri: str
    markdown: str
    kind: str
    source: str | None = None
    """Source file (relative to the project root) for the page's edit link."""


# Demographic keys most personas use, named in the reader's language (any other key: see key_label).
COMMON_KEYS = {
    "age": N_("Age"),
    "location": N_("Location"),
    "occupation": N_("Occupation"),
    "income": N_("Income"),
    "family": N_("Family"),
    "language": N_("Language"),
}


def key_label(key: str, labels: Mapping[str, object], language: str, words) -> str:
    """A metric's or demographic's name for readers: the site's label, a common key's own words,
    or the key with its underscores and hyphens as spaces, capitalised."""
    given = labels.get(key)
    if isinstance(given, Mapping):
        given = given.get(language) or given.get(language.split("-")[0])
    if isinstance(given, str) and given.strip():
        return given
    if key in COMMON_KEYS:
        return words.gettext(COMMON_KEYS[key])
    text = " ".join(part for part in re.split(r"[_\-\s]+", key) if part)
    return text[:1].upper() + text[1:] if text else key


def _environment(
    template_dirs: Sequence[Path], language: str, labels: Mapping[str, object] | None = None
) -> jinja2.Environment:
    env = jinja2.Environment(
        extensions=["jinja2.ext.i18n"],
        # "base/<name>" is always the shipped template, so a site's <name> can {% extends "base/<name>" %}.
        loader=jinja2.ChoiceLoader(
            [
                jinja2.PrefixLoader({"base": jinja2.FileSystemLoader(str(TEMPLATES))}),
                jinja2.FileSystemLoader([str(d) for d in template_dirs]),
            ]
        ),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
        finalize=text.finalize,
    )
    words = i18n.translations(language)
    env.install_gettext_translations(words, newstyle=True)  # type: ignore[attr-defined]

    def label(table: dict[str, str]) -> Callable[[str], str]:
        return lambda value: words.gettext(table[value]) if value in table else value

    def channel_name(channel: model.Channel) -> str:
        # Built-in channels speak the reader's language; names from channels.yml stay as written.
        return words.gettext(channel.name) if BUILTIN_NAMES.get(channel.id) == channel.name else channel.name

    def cadence(every: int | str) -> str:
        if isinstance(every, int):
            return words.ngettext("every %(num)d day", "every %(num)d days", every) % {"num": every}
        return label(CADENCE_LABELS)(every)

    env.filters.update(
        md=text.md,
        heading=text.heading,
        markdown=text.markdown_block,
        yaml_string=text.yaml_string,
        key_label=lambda key: key_label(key, labels or {}, language, words),
        attr=text.attr,
        token=text.token,
        level=label(LEVEL_LABELS),
        score=lambda v: "–" if v is None else i18n.number(v, language),
        score2=lambda v: "–" if v is None else i18n.number(v, language, decimals=2),
        integer=lambda v: i18n.number(v, language, decimals=0),
        date=lambda d: i18n.date(d, language),
    )
    env.globals.update(
        map_type_label=label(MAP_TYPE_LABELS),
        segment_label=label(SEGMENT_LABELS),
        kind_label=label(KIND_LABELS),
        channel_name=channel_name,
        cadence=cadence,
        icon=_icon,
        language=language,
        direction=i18n.direction(language),
    )
    return env


def _icon(name: str | None) -> Markup:
    svg = icon_svg(name) if name else None
    return Markup(f'<span class="twemoji jm-icon">{svg}</span>') if svg else Markup("")


class TemplateProblem(Exception):
    """A page template (usually a site's override) is broken."""


class Renderer:
    """Renders every generated page of a MapSet."""

    def __init__(
        self,
        maps: MapSet,
        paths: Paths | None = None,
        *,
        template_dirs: Sequence[Path] = (),
        tags_plugin: bool = False,
        language: str = "en",
        overview: dict[str, Coverage] | None = None,
        changes: Changes | None = None,
        insights: bool = False,
        directory_urls: bool = True,
        labels: Mapping[str, object] | None = None,
        insights_guide: str | None = None,
    ) -> None:
        """``overview``: coverage totals per language, for the translations page (None: no page);
        ``changes``: what the "what changed" page compares (None: no page)."""
        self.overview = overview
        self.changes = changes
        self.insights = insights
        self.directory_urls = directory_urls
        self.maps = maps
        self.paths = paths or Paths()
        self.env = _environment([*template_dirs, TEMPLATES], language, labels)
        self.tags_plugin = tags_plugin
        self.language = language
        self.insights_guide = insights_guide

    def render_all(self) -> list[Page]:
        """Every generated page, in a stable order."""
        with gcpause.paused():
            return self._render_all()

    def _render_all(self) -> list[Page]:
        maps, paths = self.maps, self.paths
        pages = [
            self._page(paths.journey_index, "journeys.md.jinja", "journey-index"),
            self._page(paths.persona_index, "personas.md.jinja", "persona-index"),
            self._page(paths.touchpoint_index, "touchpoints.md.jinja", "touchpoint-index"),
        ]
        if self.overview is not None:
            pages.append(self._translations_page())
        if self.changes is not None:
            pages.append(self._page(paths.changes_page, "changes.md.jinja", "changes", changes=self.changes))
        if self.insights:
            pages += self._insight_pages()
        for before, after in pairs(maps):
            pages.append(
                self._page(
                    paths.comparison(before, after),
                    "compare.md.jinja",
                    "comparison",
                    comparison=compare(maps, before, after),
                )
            )
        for journey in maps.journeys.values():
            pages.append(
                self._page(
                    paths.journey(journey.id),
                    "journey.md.jinja",
                    "journey",
                    source=self._source("journey", journey.id, journey.loc.path),
                    journey=journey,
                    personas=[maps.personas[p] for p in journey.personas if p in maps.personas],
                    diagram=text.code(mermaid.journey_diagram(journey, maps)),
                    curve=(chart := curve.chart(journey, maps, language=self.language)),
                    curve_svg=Markup(curve.svg(chart, language=self.language)),
                )
            )
        for persona in maps.personas.values():
            pages.append(
                self._page(
                    paths.persona(persona.id),
                    "persona.md.jinja",
                    "persona",
                    source=self._source("persona", persona.id, persona.loc.path),
                    persona=persona,
                )
            )
        return pages

    def _insight_pages(self) -> list[Page]:
        maps, paths = self.maps, self.paths
        pains = insights.pain_backlog(maps)
        backlog = insights.opportunity_backlog(maps)
        moments = insights.moments_of_truth(maps)
        heat = insights.heatmap(maps)
        by_channel = insights.by_channel(heat)
        reviews = insights.reviews(maps)
        common = {
            "journey_options": [(j.id, j.title) for j in maps.journeys.values()],
            "channel_options": list(heat.channels),
        }
        per_journey = insights.journey_heatmaps(maps)
        return [
            self._page(
                paths.insight("index"),
                "insights.md.jinja",
                "insight-index",
                moments=moments[:5],
                heatmap=heat,
                by_channel=by_channel,
                by_stage=insights.by_stage(heat),
                pains=pains,
                opportunities=backlog,
                reviews=reviews,
                **common,
            ),
            self._page(paths.insight("pain-points"), "pain-points.md.jinja", "insight", rows=pains, **common),
            self._page(
                paths.insight("opportunities"),
                "opportunities.md.jinja",
                "insight",
                rows=backlog,
                grid=insights.matrix(backlog),
                **common,
            ),
            self._page(
                paths.insight("heatmap"),
                "heatmap.md.jinja",
                "insight",
                heatmaps=per_journey,
                by_channel=by_channel,
                **common,
            ),
            self._page(paths.insight("moments-of-truth"), "moments.md.jinja", "insight", rows=moments, **common),
            self._page(paths.insight("reviews"), "reviews.md.jinja", "insight", rows=reviews, **common),
        ]

    def _translations_page(self) -> Page:
        """Coverage of this language (or, in the maps' own language, of every language)."""
        paths = self.paths
        here = posixpath.dirname(paths.translations_page)

        def target(key: str) -> tuple[str, str | None]:
            kind, _, entity = key.partition(":")
            if kind == "journey":
                return paths.journey(entity), None
            if kind == "persona":
                return paths.persona(entity), None
            return paths.touchpoint_index, entity

        def entity_link(key: str) -> Markup:
            return _link(here, *target(key))

        def place(key: str, field_path: str) -> Markup:
            page, anchor = target(key)
            parts = field_path.split(".")
            for kind in ("steps", "stages"):  # the deepest id on the path is the anchor
                if kind in parts and parts.index(kind) + 1 < len(parts):
                    anchor = parts[parts.index(kind) + 1].split("[")[0]
                    break
            return _link(here, page, anchor)

        def entity_name(key: str) -> str:
            kind, _, entity = key.partition(":")
            table = {"journey": self.maps.journeys, "persona": self.maps.personas, "touchpoint": self.maps.touchpoints}
            item = table[kind].get(entity)
            return getattr(item, "title", None) or getattr(item, "name", entity)

        return self._page(
            paths.translations_page,
            "translations.md.jinja",
            "translations",
            coverage=self.maps.coverage,
            overview=self.overview,
            entity_link=entity_link,
            entity_name=entity_name,
            place=place,
        )

    def _folder(self, page: str) -> str:
        """The folder a browser is in on the page (a src_uri): ``journeys/x`` for journeys/x.md with directory URLs."""
        folder, name = posixpath.split(page.removesuffix(".md"))
        if name != "index" and self.directory_urls:
            folder = posixpath.join(folder, name)
        return folder or "."

    def _url(self, page: str, target: str) -> Markup:
        """A URL from the page (a src_uri) to a file that is not a page, for raw HTML (MkDocs leaves it as it is)."""
        return Markup(posixpath.relpath(target, self._folder(page)))

    def _page_url(self, page: str, target: str, anchor: str | None = None) -> Markup:
        """A URL from the page to another page (both src_uris), for raw HTML, where MkDocs rewrites no link."""
        if self.directory_urls:
            url = posixpath.relpath(self._folder(target), self._folder(page)) + "/"
        else:
            url = posixpath.relpath(target.removesuffix(".md") + ".html", self._folder(page))
        return Markup(url + (f"#{anchor}" if anchor else ""))

    def _source(self, kind: str, target: str, default: str) -> str:
        """The file a reader of this language edits: the language's overlay when there is one."""
        return self._overlay_paths.get((kind, target), default)

    @functools.cached_property
    def _overlay_paths(self) -> dict[tuple[str, str], str]:
        """(kind, target) → overlay file of this language: one pass over the overlays, not one per page."""
        return {(o.kind, o.target): o.path for o in self.maps.overlays if o.lang == self.language}

    def _page(self, src_uri: str, template: str, kind: str, source: str | None = None, **context: object) -> Page:
        here = posixpath.dirname(src_uri)
        paths = self.paths

        def link(target: str, anchor: str | None = None) -> Markup:
            return _link(here, target, anchor)

        helpers: dict[str, Callable[..., object]] = {
            "link": link,
            "journey_link": lambda jid, anchor=None: link(self.paths.journey(jid), anchor),
            "comparison_link": lambda pair: link(self.paths.comparison(*pair)),
            "comparisons_of": lambda jid: pair_of(self.maps, jid),
            "persona_link": lambda pid: link(self.paths.persona(pid)),
            "touchpoint_link": lambda tid: link(self.paths.touchpoint_index, tid),
            "touchpoint_url": lambda tid: self._page_url(src_uri, self.paths.touchpoint_index, tid),
            "insight_link": lambda name, anchor=None: link(self.paths.insight(name), anchor),
            "guide_link": link(self.insights_guide) if self.insights_guide else None,
            "exports": {
                what: {fmt: self._url(src_uri, paths.export(what, fmt)) for fmt in ("csv", "json")} for what in EXPORTS
            },
            "avatar_url": lambda persona: _avatar_url(persona, here),
        }
        try:
            markdown = self.env.get_template(template).render(
                maps=self.maps,
                paths=self.paths,
                page_src=src_uri,
                tags_plugin=self.tags_plugin,
                **helpers,
                **context,
            )
        except jinja2.TemplateSyntaxError as exc:
            where = f"{exc.filename or exc.name}:{exc.lineno}"
            raise TemplateProblem(f"{where}: template syntax error: {exc.message}") from exc
        except (jinja2.TemplateError, TypeError, ValueError, AttributeError, KeyError, IndexError) as exc:
            # An override may call what is not there: a located message, never a traceback.
            raise TemplateProblem(f"template {template} failed while rendering {src_uri}: {exc}") from exc
        return Page(src_uri, _tidy(markdown), kind, source)


def _link(here: str, target: str, anchor: str | None = None) -> Markup:
    """A Markdown link target from the page folder ``here`` to ``target`` (a src_uri), with an anchor.

    Built from slugs and the configured folders only: safe as it is.
    """
    return Markup(_relative(here, target) + (f"#{anchor}" if anchor else ""))


@functools.lru_cache(maxsize=65536)
def _relative(here: str, target: str) -> str:
    """``target`` relative to the folder ``here`` (posix, both relative to docs_dir); pages link the same few often."""
    return posixpath.relpath(target, here) if here else target


def _avatar_url(persona: model.Persona, here: str) -> Markup | None:
    avatar = persona.avatar
    if not avatar:
        return None
    if avatar.lower().startswith("https://"):
        # Quoting leaves no space, quote, bracket or parenthesis: safe in a Markdown
        # link destination and in an HTML attribute.
        return Markup(urllib.parse.quote(avatar, safe=":/?#&=%;,+@!$*~"))
    url = posixpath.relpath(avatar.replace("\\", "/"), here) if here else avatar
    # A file path: every character but the separators quoted, so ``&`` ``#`` ``?`` ``:``
    # in a file name stay part of it and can never spell a character reference or a scheme.
    return Markup(urllib.parse.quote(url, safe="/"))


def _tidy(markdown: str) -> str:
    """Collapse runs of blank lines left by template conditionals; end with one newline."""
    out: list[str] = []
    for line in markdown.splitlines():
        if not line.strip():
            if out and not out[-1]:
                continue
            line = ""
        out.append(line)
    return "\n".join(out).strip("\n") + "\n"
