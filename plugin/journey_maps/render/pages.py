"""MapSet → generated Markdown pages, through Jinja templates.

Templates ship in ``templates/`` and can be overridden one by one from a
site's ``overrides/journey_maps/`` folder. Output is a pure function of the
MapSet and the options: the same maps give byte-identical pages.
"""

from __future__ import annotations

import contextlib
import datetime
import functools
import gettext as gettext_module
import posixpath
import re
import urllib.parse
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from .. import export, gcpause, i18n, insights, model, parallel
from ..catalog import MapSet
from ..changes import MapsDiff
from ..compare import compare, pair_of, pairs
from ..i18n import N_
from ..icons import icon_svg
from ..pagekinds import PAGES, PageSpec, Paths
from ..translate import Coverage
from . import curve, mermaid, text
from .labels import BUILTIN_NAMES, CADENCE_LABELS, KIND_LABELS, LEVEL_LABELS, MAP_TYPE_LABELS, SEGMENT_LABELS

Context = dict | Callable[[], dict]
"""A page's template context, or what makes it (made where the page renders)."""

TEMPLATES = Path(__file__).parent / "templates"
OVERRIDE_FOLDER = "journey_maps"
"""Sub-folder of the theme's ``custom_dir`` searched first for templates."""


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
    spliced: tuple[Spliced, ...] = ()
    """Finished HTML set aside by a splicing renderer: ``splice`` puts it back into the page's HTML."""


@dataclass(frozen=True)
class Pending:
    """A generated page not rendered yet (``Renderer.pending``)."""

    src_uri: str
    kind: str
    source: str | None
    front_matter: Callable[[], str]
    """The page's front matter (title, tags …), without rendering the rest when the template allows."""
    render: Callable[[], Page]


class Later:
    """Markup computed the first time a template prints it (a page that is never rendered never pays)."""

    def __init__(self, make: Callable[[], str]) -> None:
        self._make: Callable[[], str] | None = make
        self._html = ""

    def __html__(self) -> str:
        if self._make is not None:
            self._html, self._make = str(self._make()), None
        return self._html


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
    env = text.environment(
        # "base/<name>" is always the shipped template, so a site's <name> can {% extends "base/<name>" %}.
        jinja2.ChoiceLoader(
            [
                jinja2.PrefixLoader({"base": jinja2.FileSystemLoader(str(TEMPLATES))}),
                jinja2.FileSystemLoader([str(d) for d in template_dirs]),
            ]
        ),
        extensions=["jinja2.ext.i18n"],
    )
    words = i18n.translations(language)
    env.install_gettext_translations(words, newstyle=True)  # type: ignore[attr-defined]
    env.globals.update(_fast_gettext(words))

    def label(table: dict[str, str]) -> Callable[[str], str]:
        return lambda value: words.gettext(table[value]) if value in table else value

    def channel_name(channel: model.Channel) -> str:
        # Built-in channels speak the reader's language; names from channels.yml stay as written.
        return words.gettext(channel.name) if BUILTIN_NAMES.get(channel.id) == channel.name else channel.name

    def cadence(every: int | str) -> str:
        if isinstance(every, int):
            return words.ngettext("every %(num)d day", "every %(num)d days", every) % {"num": every}
        return label(CADENCE_LABELS)(every)

    env.globals.update(html_open=_html_open, html_close=_html_close, section_heading=_heading)
    env.filters.update(
        spliced=_spliced,
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


def _fast_gettext(words: gettext_module.NullTranslations) -> dict[str, Callable[..., Markup]]:
    """``_``, ``gettext`` and ``ngettext`` as Jinja's newstyle i18n defines them (the message is
    markup, always formatted with its escaped variables), without its per-call context lookups:
    a page calls them hundreds of times, and a message without variables is looked up once."""
    plain: dict[str, Markup] = {}

    def fast(message: str, **variables: object) -> Markup:
        if variables:
            return Markup(words.gettext(message)) % variables
        found = plain.get(message)
        if found is None:
            found = plain[message] = Markup(words.gettext(message)) % {}
        return found

    def fast_plural(singular: str, plural: str, num: int, **variables: object) -> Markup:
        variables.setdefault("num", num)
        return Markup(words.ngettext(singular, plural, num)) % variables

    return {"_": fast, "gettext": fast, "ngettext": fast_plural}


SPLICE = "<!-- journey-maps:spliced {} -->"
"""Where a spliced block goes back into the page's HTML (``Page.spliced``)."""
PLACEHOLDER = re.compile(re.escape(SPLICE).replace(r"\{\}", r"(\d+)"))
"""A placeholder, its block's number in group 1."""


@dataclass(frozen=True)
class Heading:
    """A heading written as HTML in a spliced block: what the page's table of contents lists."""

    level: int
    id: str
    title: str
    """The heading's text, as HTML."""


@dataclass(frozen=True)
class Spliced:
    """A block of finished HTML set aside from a page's Markdown, which need not parse it."""

    html: str
    search_html: str = ""
    """What the site's search reads in its place: its words as paragraphs, its headings as headings
    (so that each step stays a search result of its own); empty for a block that is a second view
    of what the page says anyway (the grid, the diagram, the curve, the backlog tables)."""
    headings: tuple[Heading, ...] = ()


def _words(html: str) -> str:
    """The words of a piece of HTML, as one paragraph: what a search index reads, without the markup."""
    words = _WHITESPACE.sub(" ", _TAG.sub(" ", html)).strip()
    return f"<p>{words.replace('<', '&lt;')}</p>" if words else ""


@jinja2.pass_context
def _spliced(context: jinja2.runtime.Context, html: str, searched: bool = False) -> Markup:
    """A block of finished HTML that needs no Markdown: kept in the page, or, when the renderer
    splices, set aside (``Page.spliced``) and replaced by a placeholder comment.

    Author text cannot forge a placeholder: it is escaped (``<`` is ``&lt;``) wherever it is placed.
    """
    kept = context.get("_spliced")
    if kept is None:
        return Markup(html)
    block = str(html).strip("\n")
    if PLACEHOLDER.search(block):  # a block set aside inside this one (an override's): back in place
        block = splice(block, kept)
    return _set_aside(kept, Spliced(block, _words(block) if searched else ""))


def _set_aside(kept: list[Spliced], block: Spliced) -> Markup:
    kept.append(block)
    return Markup(SPLICE.format(len(kept) - 1))


@jinja2.pass_context
def _html_open(context: jinja2.runtime.Context, tag: str) -> Markup:
    """The opening tag of an element whose content mixes headings and spliced blocks: set aside
    like a spliced block when the renderer splices, else a ``markdown``-attributed tag (its
    content is Markdown to md_in_html). ``tag`` is the template's own markup."""
    kept = context.get("_spliced")
    if kept is None:
        return Markup(f"{tag[:-1]} markdown>")
    return _set_aside(kept, Spliced(tag))


@jinja2.pass_context
def _html_close(context: jinja2.runtime.Context, tag: str) -> Markup:
    """The closing tag that goes with ``html_open``."""
    kept = context.get("_spliced")
    return Markup(tag) if kept is None else _set_aside(kept, Spliced(tag))


@jinja2.pass_context
def _heading(context: jinja2.runtime.Context, level: int, title: object, anchor: str) -> Markup:
    """A section heading with its id: Markdown (``## title { #id }``) in a page that keeps its blocks,
    finished HTML set aside when the renderer splices (Markdown's headings cost about 0.1 ms each,
    and a journey page has dozens), with the permalink the site's ``toc`` extension would add."""
    label = title if isinstance(title, Markup) else text.heading(title)
    anchor = text.token(anchor)
    kept = context.get("_spliced")
    if kept is None:
        return Markup(f"{'#' * level} {label} {{ #{anchor} }}")
    link = context.get("_permalink")
    mark = "" if link is None else f'<a class="{link.css_class}" href="#{anchor}"{link.title_attr}>{link.symbol}</a>'
    opening, closing = f'<h{level} id="{anchor}">{label}', f"</h{level}>"
    heading = Heading(level, str(anchor), _TAG.sub("", str(label)).strip())  # as Markdown's toc names it
    return _set_aside(kept, Spliced(opening + mark + closing, opening + closing, (heading,)))


@dataclass(frozen=True)
class Permalink:
    """How the site's ``toc`` extension marks a heading's permalink (``Permalink.of`` its settings)."""

    symbol: str = "&para;"
    title: str = "Permanent link"
    css_class: str = "headerlink"

    @property
    def title_attr(self) -> str:
        return f' title="{escape(self.title)}"' if self.title else ""

    @classmethod
    def of(cls, toc: Mapping[str, object] | None) -> Permalink | None:
        """From the ``toc`` extension's settings (None: it adds no permalinks)."""
        toc = toc or {}
        permalink = toc.get("permalink")
        if not permalink:
            return None
        symbol = "&para;" if permalink is True else str(escape(str(permalink)))
        title = toc.get("permalink_title", "Permanent link")
        return cls(symbol, str(title or ""), str(escape(str(toc.get("permalink_class") or "headerlink"))))


_WORDS = "<!-- journey-maps:words -->"
_WORDS_END = "<!-- /journey-maps:words -->"
_PLACEHOLDER = re.compile(PLACEHOLDER.pattern + f"(?:{re.escape(_WORDS)}.*?{re.escape(_WORDS_END)})?", re.DOTALL)
"""A placeholder, with the words ``for_search`` may have put right after it (author text has no ``<``)."""
_TAG = re.compile(r"<[^>]*>")
_WHITESPACE = re.compile(r"\s+")
_RUN = re.compile(rf"(?:{PLACEHOLDER.pattern}\s*)*{PLACEHOLDER.pattern}")


def _merge_adjacent(markdown: str, blocks: list[Spliced]) -> tuple[str, list[Spliced]]:
    """One block for each run of placeholders with nothing but blank lines between them, numbered
    in page order: Markdown then meets one raw-HTML line between two headings, not dozens."""
    merged: list[Spliced] = []

    def one(match: re.Match[str]) -> str:
        parts = [blocks[int(n)] for n in PLACEHOLDER.findall(match[0])]
        if len(parts) == 1:
            merged.append(parts[0])
        else:
            merged.append(
                Spliced(
                    "\n".join(part.html for part in parts),
                    "".join(part.search_html for part in parts),
                    tuple(heading for part in parts for heading in part.headings),
                )
            )
        return SPLICE.format(len(merged) - 1)

    return _RUN.sub(one, markdown), merged


def splice(html: str, blocks: Sequence[Spliced]) -> str:
    """Put the spliced ``blocks`` back into a page's ``html`` (the finished page), in place of their
    placeholders and of what ``for_search`` put there."""

    def back(match: re.Match[str]) -> str:
        n = int(match[1])
        return blocks[n].html if n < len(blocks) else match[0]

    return _PLACEHOLDER.sub(back, html)


def for_search(html: str, blocks: Sequence[Spliced]) -> str:
    """The page's ``html`` as a search index reads it: after each searched block's placeholder,
    the block's words as paragraphs and its headings (``splice`` replaces all); the others stay out."""

    def words(match: re.Match[str]) -> str:
        n = int(match[1])
        if n < len(blocks) and blocks[n].search_html:
            return SPLICE.format(n) + _WORDS + blocks[n].search_html + _WORDS_END
        return match[0]

    return _PLACEHOLDER.sub(words, html)


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
        splice: bool = False,
        permalink: Permalink | None = None,
        files_prefix: str = "",
    ) -> None:
        """``overview``: coverage totals per language, for the translations page (None: no page);
        ``changes``: what the "what changed" page compares (None: no page); ``splice``: set the
        pages' finished-HTML blocks aside (``Page.spliced``) so that Markdown does not parse them, their
        headings marked with the site's ``permalink``; ``files_prefix``: the folder of the site that
        holds this language's pages (``fa/``), whose docs_dir files are at the site's root."""
        self.splice = splice
        self.permalink = permalink
        self.files_prefix = files_prefix
        self._relative: dict[tuple[str, str], str] = {}
        """URLs from page to page (``_page_url``): a page links to the same pages many times."""
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

    def render_all(self, workers: int = 1) -> list[Page]:
        """Every generated page, in a stable order; ``workers``: processes that share the rendering
        (see ``parallel.split_map``: the same pages, byte for byte)."""
        with gcpause.paused():
            if workers > 1:  # compiled once, here, rather than in every process
                self._compile_templates()
            return parallel.split_map(list(self._contexts()), self._render_one, workers=workers)

    def _compile_templates(self) -> None:
        partials = {"_macros.md.jinja", "_canvas.md.jinja", "curve.svg.jinja"}
        for name in sorted({spec.template for spec in PAGES} | partials):
            # A broken template is said where a page that uses it renders (TemplateProblem), if one does.
            with contextlib.suppress(jinja2.TemplateError, ValueError, OSError):
                self.env.get_template(name)

    def _render_one(self, job: tuple[PageSpec, str, str | None, Context]) -> Page:
        spec, src_uri, source, context = job
        return self._page(src_uri, spec.template, spec.kind, source, **_made(context))

    def _contexts(self) -> Iterator[tuple[PageSpec, str, str | None, Context]]:
        """Every generated page to make, in a stable order: its spec, src_uri, source file and context."""
        for spec in PAGES:
            if spec.needs is not None and getattr(self, spec.needs) in (None, False):
                continue  # an option of the renderer that is off, or a page with nothing to show
            contexts: Callable[[PageSpec], Iterable[tuple[str, str | None, Context]]]
            contexts = getattr(self, f"_{spec.context}")
            for name, source, context in contexts(spec):
                yield spec, self.paths.of(spec.kind, name), source, context

    # The context methods of the page table (pagekinds.PAGES): (page name, source file, template context) per page.

    def _one(self, spec: PageSpec) -> Iterable[tuple[str, str | None, dict]]:
        yield spec.name, None, {}

    def _changes(self, spec: PageSpec) -> Iterable[tuple[str, str | None, dict]]:
        yield spec.name, None, {"changes": self.changes}

    def _comparisons(self, spec: PageSpec) -> Iterable[tuple[str, str | None, dict]]:
        for before, after in pairs(self.maps):
            yield f"{before}/vs-{after}", None, {"comparison": compare(self.maps, before, after)}

    def _journeys(self, spec: PageSpec) -> Iterable[tuple[str, str | None, Context]]:
        for journey in self.maps.journeys.values():
            # The emotion curve's layout is computed where the page renders (a forked process), not
            # for every journey before the rendering starts.
            source = self._source("journey", journey.id, journey.loc.path)
            yield journey.id, source, functools.partial(self._journey, journey)

    def _journey(self, journey: model.Journey) -> dict:
        maps = self.maps
        chart = curve.chart(journey, maps, language=self.language)
        return {
            "journey": journey,
            "personas": [maps.personas[p] for p in journey.personas if p in maps.personas],
            "diagram": Later(functools.partial(self._diagram, journey)),
            "curve": chart,
            "curve_svg": Later(functools.partial(curve.svg, chart, language=self.language, env=self.env)),
        }

    def _diagram(self, journey: model.Journey) -> str:
        return text.code(mermaid.journey_diagram(journey, self.maps))

    def _personas(self, spec: PageSpec) -> Iterable[tuple[str, str | None, dict]]:
        for persona in self.maps.personas.values():
            yield persona.id, self._source("persona", persona.id, persona.loc.path), {"persona": persona}

    @functools.cached_property
    def _insights(self) -> dict[str, object]:
        """What the insight pages show, computed once for all of them."""
        maps = self.maps
        heat = insights.heatmap(maps)
        backlog = insights.opportunity_backlog(maps)
        return {
            "pains": insights.pain_backlog(maps),
            "backlog": backlog,
            "grid": insights.matrix(backlog),
            "moments": insights.moments_of_truth(maps),
            "heat": heat,
            "by_channel": insights.by_channel(heat),
            "by_stage": insights.by_stage(heat),
            "reviews": insights.reviews(maps),
            "per_journey": insights.journey_heatmaps(maps),
            "common": {
                "journey_options": [(j.id, j.title) for j in maps.journeys.values()],
                "channel_options": list(heat.channels),
            },
        }

    def _insight(self, spec: PageSpec, **context: object) -> Iterable[tuple[str, str | None, dict]]:
        yield spec.name, None, {**context, **self._insights["common"]}  # type: ignore[dict-item]

    def _insight_index(self, spec: PageSpec) -> Iterable[tuple[str, str | None, dict]]:
        data = self._insights
        return self._insight(
            spec,
            moments=data["moments"][:5],  # type: ignore[index]
            heatmap=data["heat"],
            by_channel=data["by_channel"],
            by_stage=data["by_stage"],
            pains=data["pains"],
            opportunities=data["backlog"],
            reviews=data["reviews"],
        )

    def _insight_pains(self, spec: PageSpec) -> Iterable[tuple[str, str | None, dict]]:
        return self._insight(spec, rows=self._insights["pains"])

    def _insight_opportunities(self, spec: PageSpec) -> Iterable[tuple[str, str | None, dict]]:
        return self._insight(spec, rows=self._insights["backlog"], grid=self._insights["grid"])

    def _insight_heatmap(self, spec: PageSpec) -> Iterable[tuple[str, str | None, dict]]:
        return self._insight(spec, heatmaps=self._insights["per_journey"], by_channel=self._insights["by_channel"])

    def _insight_moments(self, spec: PageSpec) -> Iterable[tuple[str, str | None, dict]]:
        return self._insight(spec, rows=self._insights["moments"])

    def _insight_reviews(self, spec: PageSpec) -> Iterable[tuple[str, str | None, dict]]:
        return self._insight(spec, rows=self._insights["reviews"])

    def _translations(self, spec: PageSpec) -> Iterable[tuple[str, str | None, dict]]:
        """Coverage of this language (or, in the maps' own language, of every language)."""
        paths = self.paths
        here = posixpath.dirname(paths.of("translations"))

        def target(key: str) -> tuple[str, str | None]:
            kind, _, entity = key.partition(":")
            if kind == "journey":
                return paths.journey(entity), None
            if kind == "persona":
                return paths.persona(entity), None
            return paths.of("touchpoint-index"), entity

        def entity_link(key: str) -> Markup:
            return _link(here, *target(key))

        def where(key: str, field_path: str) -> tuple[str, str | None]:
            page, anchor = target(key)
            parts = field_path.split(".")
            for kind in ("steps", "stages"):  # the deepest id on the path is the anchor
                if kind in parts and parts.index(kind) + 1 < len(parts):
                    anchor = parts[parts.index(kind) + 1].split("[")[0]
                    break
            return page, anchor

        def place(key: str, field_path: str) -> Markup:
            return _link(here, *where(key, field_path))

        this = paths.of("translations")

        def entity_name(key: str) -> str:
            kind, _, entity = key.partition(":")
            table = {"journey": self.maps.journeys, "persona": self.maps.personas, "touchpoint": self.maps.touchpoints}
            item = table[kind].get(entity)
            return getattr(item, "title", None) or getattr(item, "name", entity)

        yield (
            spec.name,
            None,
            {
                "coverage": self.maps.coverage,
                "overview": self.overview,
                "entity_link": entity_link,
                "entity_url": lambda key: self._page_url(this, *target(key)),
                "entity_name": entity_name,
                "place": place,
                "place_url": lambda key, field_path: self._page_url(this, *where(key, field_path)),
            },
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
        url = self._relative.get((page, target))
        if url is None:
            if self.directory_urls:
                url = posixpath.relpath(self._folder(target), self._folder(page)) + "/"
            else:
                url = posixpath.relpath(target.removesuffix(".md") + ".html", self._folder(page))
            self._relative[(page, target)] = url
        return Markup(url + (f"#{anchor}" if anchor else ""))

    def _avatar_src(self, page: str, persona: model.Persona) -> Markup | None:
        """The persona's avatar for an ``<img src>`` in raw HTML: from the page's URL, not its folder."""
        if not persona.avatar or persona.avatar.lower().startswith("https://"):
            return _avatar_url(persona, "")
        # docs_dir's files are published at the site's root, a language's pages under its folder (files_prefix)
        folder = posixpath.join(self.files_prefix, self._folder(page)).strip("/") or "."
        return Markup(urllib.parse.quote(posixpath.relpath(persona.avatar.replace("\\", "/"), folder), safe="/"))

    def _source(self, kind: str, target: str, default: str) -> str:
        """The file a reader of this language edits: the language's overlay when there is one."""
        return self._overlay_paths.get((kind, target), default)

    @functools.cached_property
    def _overlay_paths(self) -> dict[tuple[str, str], str]:
        """(kind, target) → overlay file of this language: one pass over the overlays, not one per page."""
        return {(o.kind, o.target): o.path for o in self.maps.overlays if o.lang == self.language}

    def pending(self) -> list[Pending]:
        """Every generated page, in the order of ``render_all``, rendered only when asked for."""
        found: list[Pending] = []
        for spec, src_uri, source, context in self._contexts():
            render = functools.partial(self._render_one, (spec, src_uri, source, context))
            front = functools.partial(self._front_matter, src_uri, spec.template, context, render)
            found.append(Pending(src_uri, spec.kind, source, front, render))
        return found

    def _front_matter(self, src_uri: str, template: str, context: Context, render: Callable[[], Page]) -> str:
        """The page's front matter alone (its ``front_matter`` block), else from the whole page."""
        try:
            loaded = self.env.get_template(template)
            block = loaded.blocks.get("front_matter")
            if block is not None:
                text = "".join(block(loaded.new_context(self._variables(src_uri, _made(context), None))))
                if text.strip().startswith("---"):
                    return text.strip("\n") + "\n"
        except (jinja2.TemplateError, TypeError, ValueError, AttributeError, KeyError, IndexError):
            pass  # an override's block needs what only the whole page has: render it all
        markdown = render().markdown
        end = markdown.find("\n---\n", 4) if markdown.startswith("---\n") else -1
        return markdown[: end + 5] if end > 0 else ""

    def _page(self, src_uri: str, template: str, kind: str, source: str | None = None, **context: object) -> Page:
        spliced: list[Spliced] | None = [] if self.splice else None
        try:
            markdown = self.env.get_template(template).render(self._variables(src_uri, context, spliced))
        except jinja2.TemplateSyntaxError as exc:
            where = f"{exc.filename or exc.name}:{exc.lineno}"
            raise TemplateProblem(f"{where}: template syntax error: {exc.message}") from exc
        except RecursionError as exc:  # an override that extends or includes itself
            raise TemplateProblem(
                f"template {template} extends or includes itself while rendering {src_uri}: "
                f'to build on the shipped template, use {{% extends "base/{template}" %}}'
            ) from exc
        except (jinja2.TemplateError, TypeError, ValueError, AttributeError, KeyError, IndexError) as exc:
            # An override may call what is not there: a located message, never a traceback.
            raise TemplateProblem(f"template {template} failed while rendering {src_uri}: {exc}") from exc
        if spliced:
            markdown, spliced = _merge_adjacent(markdown, spliced)
        return Page(src_uri, _tidy(markdown), kind, source, tuple(spliced or ()))

    def _variables(self, src_uri: str, context: Mapping[str, object], spliced: list[Spliced] | None) -> dict:
        """What a page's template sees: the maps, the link helpers and the page's own ``context``."""
        here = posixpath.dirname(src_uri)
        paths = self.paths

        def link(target: str, anchor: str | None = None) -> Markup:
            return _link(here, target, anchor)

        helpers: dict[str, Callable[..., object]] = {
            "link": link,
            "journey_link": lambda jid, anchor=None: link(self.paths.journey(jid), anchor),
            "comparison_link": lambda pair: link(self.paths.comparison(*pair)),
            "comparison_url": lambda pair: self._page_url(src_uri, self.paths.comparison(*pair)),
            "comparisons_of": lambda jid: pair_of(self.maps, jid),
            "persona_link": lambda pid: link(self.paths.persona(pid)),
            "touchpoint_link": lambda tid: link(self.paths.of("touchpoint-index"), tid),
            "touchpoint_url": lambda tid: self._page_url(src_uri, self.paths.of("touchpoint-index"), tid),
            "journey_url": lambda jid, anchor=None: self._page_url(src_uri, self.paths.journey(jid), anchor),
            "persona_url": lambda pid: self._page_url(src_uri, self.paths.persona(pid)),
            "insight_link": lambda name, anchor=None: link(self.paths.insight(name), anchor),
            "guide_link": link(self.insights_guide) if self.insights_guide else None,
            "exports": {
                what: {fmt: self._url(src_uri, paths.export(what, fmt)) for fmt in ("csv", "json")}
                for what in export.KINDS
            },
            "avatar_url": lambda persona: _avatar_url(persona, here),
            "avatar_src": lambda persona: self._avatar_src(src_uri, persona),
        }
        return {
            "_spliced": spliced,
            "_permalink": self.permalink,
            "maps": self.maps,
            "paths": self.paths,
            "page_src": src_uri,
            "tags_plugin": self.tags_plugin,
            **helpers,
            **context,
        }


def _made(context: Context) -> dict:
    """A page's template context, made now if it was left to the process that renders the page."""
    return context() if callable(context) else context


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
