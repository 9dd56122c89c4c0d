"""The MkDocs plugin: event glue between MkDocs and the journey-maps core (``site.py``).

- ``on_config``: reset per-build state; register the stylesheet, scripts and Mermaid library.
- ``on_pre_build``: load and check the maps (before MkDocs cleans the site folder, so a broken
  map leaves the last good site in place).
- ``on_files``: render the pages and add them as in-memory files.
- ``on_nav``: put the generated sections in the navigation.
- ``on_post_page`` / ``on_post_build``: static-i18n's language links and per-language search.

What knows another tool lives in ``integrations/`` (static-i18n, mike, Material, MkDocs' files).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation

from . import gcpause, i18n, navigation, pagekinds, parallel, site, site_files
from .config import JourneyMapsConfig
from .integrations import material, mike, mkdocs_files, search_i18n, static_i18n
from .render.pages import OVERRIDE_FOLDER

log = get_plugin_logger("journey-maps")


class JourneyMapsPlugin(BasePlugin[JourneyMapsConfig]):
    """Generates journey, persona, touchpoint and insight pages from YAML maps."""

    def __init__(self) -> None:
        self.serving = False
        """`mkdocs serve`: parsed maps are kept between rebuilds (see on_startup)."""
        self._reset()
        self._depth = 0
        """Builds under way on this instance: static-i18n runs each further language's build
        from inside the first one (its on_post_build), so 2 and more mean a nested build."""
        self.search = search_i18n.LanguageIndexes()

    def _say(self, level: int, message: str) -> None:
        """Log a line of the maps' own once per build of the site: static-i18n's nested builds of the
        other languages would repeat each one (and `--strict` counts only the first build's)."""
        if self._depth <= 1:
            log.log(level, "%s", message)

    def _reset(self) -> None:
        """Per-build state, reset in on_config (static-i18n and serve reuse the instance)."""
        self.prepared: site.Prepared | None = None
        self.i18n: static_i18n.Build | None = None
        self.generated = site.Generated()
        """The generated pages of this build, by src_uri: kinds, set-aside HTML, pages not rendered yet."""
        self.unlisted: frozenset[str] = frozenset()
        """Page kinds whose navigation section lists only its index page (nav_limit)."""
        self.root = Path.cwd()
        self.assets: list[site_files.Asset] = []
        self.instant_languages = False
        """The language switcher script is on: a static-i18n site with Material's instant navigation."""

    published_languages: tuple[str, ...] = ()
    """The site's languages when no i18n plugin says them (set by journey-maps preview)."""
    lazy = False
    """Pages rendered one by one when ``page_source`` asks (journey-maps preview); no data exports."""

    def page_source(self, src_uri: str) -> str | None:
        """A generated page's whole Markdown, rendered now (lazy mode; None: not a pending page)."""
        try:
            return self.generated.source(src_uri)
        except site.SiteError as exc:
            raise PluginError(str(exc)) from exc

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Also keeps this instance for the whole `mkdocs serve` session (MkDocs' rule for
        # plugins with on_startup): the parse cache outlives each rebuild.
        self.serving = command == "serve"
        self._depth = 0

    @event_priority(50)  # before mermaid2 (0), which looks for the library in extra_javascript
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        self._depth += 1  # ended in on_post_build or on_build_error
        self._reset()
        if not self.config.enabled:
            return None
        self.root = Path(config.config_file_path or ".").resolve().parent
        try:
            site.paths(self.config)
        except site.SiteError as exc:
            raise PluginError(str(exc)) from exc
        self.instant_languages = material.instant_navigation(config) and static_i18n.on_site(config)
        if self.instant_languages:
            static_i18n.quiet_instant_warning()
        mermaid_js = site_files.mermaid_library(self.config, self.root)
        self.assets = site_files.assets(
            self.config,
            mermaid_js=mermaid_js,
            instant_languages=self.instant_languages,
            eager_mermaid="mermaid2" in config.plugins,
        )
        mkdocs_files.configure(config, self.assets, (self.root / self.config.maps_dir).resolve())
        mike.drop_version_selector_outside_mike(config)
        return config

    @event_priority(50)  # early: a build that will fail on a broken map stops before other plugins' work
    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        if not self.config.enabled:
            return
        self.i18n = static_i18n.resolve(config)  # its language is set by now (its on_config: -100)
        language = self._language(config)
        published = [*self.i18n.languages, language] if self.i18n else [*self.published_languages, language]
        try:
            site.check_mermaid(site_files.mermaid_library(self.config, self.root))
            self.prepared = site.prepare(
                self.config,
                root=self.root,
                docs_dir=Path(config.docs_dir),
                published=published,
                say=self._say,
                keep_parsed=self.serving or self.i18n is not None,
            )
        except site.SiteError as exc:
            raise PluginError(str(exc)) from exc

    def _language(self, config: MkDocsConfig) -> str:
        if self.i18n is not None:
            return self.i18n.current
        return self.config.language or config.theme.get("language") or "en"

    def page_options(self, config: MkDocsConfig) -> dict[str, object]:
        """How this site's pages are written (see ``site.Prepared.renderer``): its template overrides,
        URL style and tags; a build also sets their finished HTML aside."""
        custom_dir = config.theme.custom_dir
        return {
            "template_dirs": [Path(custom_dir) / OVERRIDE_FOLDER] if custom_dir else [],
            "directory_urls": config.use_directory_urls,
            "tags_plugin": material.tags_plugin(config),
        }

    @event_priority(-200)  # last: after other plugins (and static-i18n at -100) have settled docs files
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled or self.prepared is None:
            return None
        mkdocs_files.drop_template_overrides(files)
        language = self._language(config)
        prefix = self.i18n.prefix if self.i18n else ""
        how = {
            **self.page_options(config),
            "splice": True,
            "permalink": mkdocs_files.permalink(config),
            "files_prefix": prefix,
        }
        workers = 1 if self.serving else self.config.workers or min(parallel.cores(), 4)
        try:
            pages, pending = self.prepared.listing(language, lazy=self.lazy, workers=workers, **how)
            self.unlisted = navigation.unlisted_kinds(Counter(page.kind for page in pages), self.config.nav_limit)
            added = mkdocs_files.add_pages(files, config, pages, root=self.root, unlisted=self.unlisted, i18n=self.i18n)
            self.generated = site.Generated.of(added, pending)
        except (site.SiteError, mkdocs_files.Clash) as exc:
            raise PluginError(str(exc)) from exc
        exports = ()
        if self.config.insights and not self.lazy:
            with gcpause.paused():
                view, paths = self.prepared.view(language), site.paths(self.config)
                exports = list(site_files.exports(view, paths, prefix, workers=workers))
        mkdocs_files.add_files(files, config, self.assets, exports)
        if self.i18n is not None:
            self.i18n.add_to_sitemap(files, set(self.generated.kinds))
        if not self.serving:
            # The pages are written: let the maps go before MkDocs renders every page (its peak
            # memory). `mkdocs serve` keeps them, for the next rebuild.
            self.prepared = None
        return files

    def on_page_markdown(self, markdown: str, *, page, config: MkDocsConfig, files: Files) -> str | None:
        """Mark a generated page's title as the HTML it already is (the template escaped it): themes
        print it raw in text and escape it again in attributes; as Markup, it is escaped once in both."""
        title = page.meta.get("title")
        if page.file.src_uri in self.generated.kinds and isinstance(title, str) and not isinstance(title, Markup):
            page.meta["title"] = Markup(title)
        return None

    @event_priority(100)  # first: search (0) reads the words of the set-aside blocks, not their markup
    def on_page_content(self, html: str, *, page, config: MkDocsConfig, files: Files) -> str | None:
        blocks = self.generated.spliced.get(page.file.src_uri)
        if blocks:  # MkDocs' table of contents and anchors, with the headings and ids set aside
            mkdocs_files.complete_page(page, html, blocks, mkdocs_files.toc_levels(config))
        return self.generated.for_search(page.file.src_uri, html)

    @event_priority(100)  # first: the page is whole for every other plugin's on_post_page (mermaid2 …)
    def _splice(self, output: str, *, page, config: MkDocsConfig) -> str | None:
        return self.generated.finished(page.file.src_uri, output)

    @event_priority(-200)  # after static-i18n's own on_post_page (-100)
    def _i18n_page(self, output: str, *, page, config: MkDocsConfig) -> str | None:
        if not self.config.enabled or self.i18n is None:
            return None
        head, sep, body = output.partition("</head>")
        if self.instant_languages:
            body = material.with_page_languages(body, self.i18n.current)
        search = search_i18n.head_script(config, page.url, self.i18n.current, self.i18n.default)
        return static_i18n.without_head_alternates(head) + search + sep + body

    on_post_page = CombinedEvent(_splice, _i18n_page)

    @event_priority(-50)  # after Material's search wrote this language's index (0), before static-i18n (-100)
    def _language_built(self, *, config: MkDocsConfig) -> None:
        if self.config.enabled and self.i18n is not None:
            self.search.language_built(config, self.i18n.current, self.i18n.default, list(self.i18n.languages))

    @event_priority(-200)  # after static-i18n's (-100), which runs the other languages' builds
    def _site_built(self, *, config: MkDocsConfig) -> None:
        if self.config.enabled and self._depth <= 1:
            self.search.site_built(config)
        self.on_build_error(error=None)

    on_post_build = CombinedEvent(_language_built, _site_built)

    def on_build_error(self, *, error: Exception | None) -> None:
        self._depth = max(0, self._depth - 1)

    @event_priority(-50)  # late: after plugins that build or rearrange the navigation themselves
    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation | None:
        if not self.config.enabled or not self.generated.kinds:
            return None
        words = i18n.translations(self._language(config))
        titles = {kind: words.gettext(title) for kind, title in pagekinds.titled().items()}
        return navigation.place_sections(nav, config, files, self.generated.kinds, titles, self.unlisted)
