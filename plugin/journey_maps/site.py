"""What a site publishes from its maps, whatever engine builds it.

The MkDocs plugin and ``journey-maps generate`` both go through here: read and check the maps
once (``prepare``), then render each language's pages (``Prepared.pages``). Options are the
plugin's (``config.JourneyMapsConfig``, read as attributes); nothing here knows MkDocs' build.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from . import gcpause, history, source
from .catalog import MapSet
from .changes import diff_maps
from .pagekinds import Paths
from .problems import Problem, Severity
from .project import check_maps, review_today
from .render import pages as render_pages
from .render.pages import Changes, Page, Pending, Renderer, Spliced, TemplateProblem
from .translate import Coverage

Say = Callable[[int, str], None]
"""Where notes of the build go: a log level and a line."""


class SiteError(Exception):
    """Broken input that stops the build (the maps, an option, a template): the message says where."""

    def __init__(self, message: str, problems: Sequence[Problem] = ()) -> None:
        super().__init__(message)
        self.problems = list(problems)
        """The maps' errors, when those are what stops it."""


def paths(options) -> Paths:
    """The generated sections' folders, from the ``*_path`` options (each a folder inside the site)."""
    chosen = {}
    for name, option in Paths.options().items():
        value = getattr(options, option)
        cleaned = value.strip().strip("/")
        if not cleaned or cleaned.startswith(".") or "\\" in cleaned or ".." in cleaned.split("/"):
            raise SiteError(f"journey-maps: option '{option}' must be a folder inside the site, got '{value}'")
        chosen[name] = cleaned
    return Paths(**chosen)


def check_mermaid(library: Path | None) -> None:
    if library is not None and not library.is_file():
        raise SiteError(
            f"journey-maps: the Mermaid library was not found at {library}. "
            "Run `npm ci` in the project folder (it installs the pinned version), "
            "or point the plugin's `mermaid_js` option at a local mermaid.min.js."
        )


@dataclass
class Prepared:
    """The checked maps of a site and what its pages compare them with."""

    options: object
    source: MapSet
    """The maps as written (before translation): what changes are computed on."""
    baseline: history.Snapshot | None = None
    changes: bool = False
    """Whether the site publishes a "what changed" page."""
    overview: dict[str, Coverage] | None = None
    """Each language's translation coverage, for the translations page (None: no translations)."""

    def view(self, language: str) -> MapSet:
        """The maps as readers of ``language`` see them (translated, where translations exist)."""
        if language != self.options.maps_language and language in self.source.languages:
            return self.source.translated(language)
        return self.source

    def compared(self, language: str, view: MapSet) -> Changes | None:
        """What the "what changed" page of ``language`` shows (None: no such page)."""
        if not self.changes:
            return None
        if self.baseline is None:
            return Changes(since=None)
        old = self.baseline.maps
        old_view = old.translated(language) if language in old.languages else old
        diff = diff_maps(old, self.source, old_view=old_view, new_view=view)
        return Changes(self.baseline.ref, self.baseline.commit, diff, self.baseline.date, self.baseline.tag)

    def renderer(
        self,
        language: str,
        *,
        template_dirs: Sequence[Path] = (),
        directory_urls: bool = True,
        tags_plugin: bool = False,
        splice: bool = False,
        permalink: render_pages.Permalink | None = None,
        files_prefix: str = "",
    ) -> Renderer:
        view = self.view(language)
        return Renderer(
            view,
            paths(self.options),
            template_dirs=template_dirs,
            tags_plugin=tags_plugin,
            language=language,
            overview=self.overview,
            changes=self.compared(language, view),
            insights=self.options.insights,
            directory_urls=directory_urls,
            labels=self.options.labels,
            insights_guide=self.options.insights_guide,
            splice=splice,
            permalink=permalink,
            files_prefix=files_prefix,
        )

    def listing(
        self, language: str, *, lazy: bool = False, workers: int = 1, **how
    ) -> tuple[list[Page], dict[str, Pending]]:
        """Every generated page of ``language`` (``how``: see ``renderer``). ``lazy``: each page with
        only its front matter, and what renders the rest, by src_uri; else rendered by ``workers``
        processes."""
        if not lazy:
            return self.pages(language, workers=workers, **how), {}
        try:
            with gcpause.paused():
                pending = {p.src_uri: p for p in self.renderer(language, **how).pending()}
                return [Page(p.src_uri, p.front_matter(), p.kind, p.source) for p in pending.values()], pending
        except TemplateProblem as exc:
            raise SiteError(f"journey-maps: {exc}") from exc

    def pages(self, language: str, *, workers: int = 1, **how) -> list[Page]:
        """Every generated page of ``language`` (``how``: see ``renderer``), by ``workers`` processes."""
        try:
            return self.renderer(language, **how).render_all(workers)
        except TemplateProblem as exc:
            raise SiteError(f"journey-maps: {exc}") from exc


def prepare(
    options,
    *,
    root: Path,
    docs_dir: Path | None,
    published: Sequence[str],
    say: Say,
    keep_parsed: bool = True,
) -> Prepared:
    """Read and check the maps of ``options.maps_dir`` (relative to ``root``), and find the release
    the "what changed" page compares with. ``published``: the languages the site is built in.

    Warnings and notes go to ``say``; errors raise SiteError with every problem located.
    """
    maps_dir = (root / options.maps_dir).resolve()
    stale = Severity.WARNING if options.stale_reviews == "warn" else None
    checked = check_maps(maps_dir, root=root, docs_dir=docs_dir, today=review_today(options.review_date), stale=stale)
    if options.stale_reviews == "info":
        for journey in checked.maps.journeys.values():
            status = checked.maps.review_status(journey)
            if status.state == "overdue":
                say(logging.INFO, f"{journey.where('reviewed')}: review overdue since {status.due}")
    for problem in checked.warnings:
        say(logging.WARNING, str(problem))
    for lang in checked.maps.languages:
        if lang not in published:
            # Neither this site's language nor one of its static-i18n languages: say what is left out.
            files = sorted(o.path for o in checked.maps.overlays if o.lang == lang)
            say(
                logging.WARNING,
                f"translations to '{lang}' are checked but not published: this site is built in one language "
                f"({', '.join(files)})",
            )
    if checked.errors:
        count = f"{len(checked.errors)} error{'s' if len(checked.errors) > 1 else ''}"
        message = f"journey-maps: {count} in the maps:\n" + "\n".join(map(str, checked.errors))
        raise SiteError(message, checked.errors)
    if not keep_parsed:
        # One build in this process: the parsed files are not needed again (memory, at 1000 maps).
        source.forget(maps_dir)
    prepared = Prepared(options, checked.maps)
    if checked.maps.languages:  # a translations page, with each language's coverage
        prepared.overview = {
            lang: Coverage.sum(checked.maps.translated(lang).coverage.values()) for lang in checked.maps.languages
        }
    if options.changes:
        _find_baseline(prepared, maps_dir, root, say)
    return prepared


def _find_baseline(prepared: Prepared, maps_dir: Path, root: Path, say: Say) -> None:
    """The maps of the earlier version the "what changed" page compares with (git), if any."""
    options = prepared.options
    top = history.repository(maps_dir)
    if top is None:
        say(logging.INFO, f'no "what changed" page: {root} is not in a git repository')
        return
    prepared.changes = True
    try:
        since = history.resolve(top, options.changes_since.strip(), options.release_tags, maps_dir)
        if since is None:
            say(logging.INFO, f'"what changed": no release tag ({options.release_tags}) before this commit')
            return
        baseline = history.maps_at(since, maps_dir, today=prepared.source.today)
    except history.HistoryError as exc:
        raise SiteError(f"journey-maps: changes_since: {exc}") from exc
    prepared.baseline = baseline
    for item in baseline.unread:  # named one by one: the release tag is fine, these files are not
        say(logging.WARNING, f"the maps at {baseline.ref}: {item.problem()}")
    if any(p.is_error for p in baseline.problems):
        say(
            logging.WARNING, f'the maps at {baseline.ref} have errors; "what changed" leaves out what could not be read'
        )


@dataclass
class Generated:
    """The generated pages of one build, by the src_uri of their files: what the engine's page
    events need (their kinds; the finished HTML set aside from Markdown; the pages not rendered yet)."""

    kinds: dict[str, str] = field(default_factory=dict)
    spliced: dict[str, tuple[Spliced, ...]] = field(default_factory=dict)
    pending: dict[str, Pending] = field(default_factory=dict)

    @classmethod
    def of(cls, added: dict[str, Page], pending: dict[str, Pending]) -> Generated:
        return cls(
            {uri: page.kind for uri, page in added.items()},
            {uri: page.spliced for uri, page in added.items() if page.spliced},
            {uri: pending[page.src_uri] for uri, page in added.items() if page.src_uri in pending},
        )

    def source(self, src_uri: str) -> str | None:
        """A pending page's whole Markdown, rendered now (None: not a pending page). Raises SiteError."""
        pending = self.pending.get(src_uri)
        if pending is None:
            return None
        try:
            page = pending.render()
        except TemplateProblem as exc:
            raise SiteError(f"journey-maps: {exc}") from exc
        if page.spliced:
            self.spliced[src_uri] = page.spliced
        return page.markdown

    def for_search(self, src_uri: str, html: str) -> str | None:
        """The page's HTML as the search reads it (None: nothing set aside)."""
        blocks = self.spliced.get(src_uri)
        return render_pages.for_search(html, blocks) if blocks else None

    def finished(self, src_uri: str, output: str) -> str | None:
        """The finished page with its set-aside HTML back in place (None: nothing set aside)."""
        blocks = self.spliced.get(src_uri)
        return render_pages.splice(output, blocks) if blocks else None
