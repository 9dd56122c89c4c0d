"""The MkDocs plugin: thin glue between MkDocs events and the journey-maps core.

Events, in build order:

- ``on_config``: reset per-build state; register the stylesheet and Mermaid
  library; make sure the Markdown extensions the pages need are on.
- ``on_pre_build``: load and check the maps (before MkDocs cleans the site
  folder, so a broken map leaves the last good site in place).
- ``on_files``: render the pages and add them as in-memory files (nothing is
  written into ``docs_dir``).
- ``on_nav``: put the generated sections in the navigation.
- ``on_post_build``: on a static-i18n site, a search index per language (search_i18n.py).

The maps folder is added to ``config.watch`` so ``mkdocs serve`` rebuilds on edits.
"""

from __future__ import annotations

import html
import json
import logging
import os
import posixpath
import re
from collections import Counter
from pathlib import Path

from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation

from . import export, gcpause, history, i18n, navigation, search_i18n, source
from .catalog import MapSet
from .changes import diff_maps
from .config import DEFAULT_MERMAID_JS, JourneyMapsConfig
from .problems import Severity
from .project import check_maps, review_today
from .render.pages import OVERRIDE_FOLDER, Changes, Paths, Renderer, TemplateProblem
from .translate import Coverage

log = get_plugin_logger("journey-maps")

ASSETS = Path(__file__).parent / "assets"
STYLESHEET_URI = "assets/journey-maps/journey-maps.css"
TABLES_JS = "journey-maps-tables.js"
TABLES_URI = f"assets/journey-maps/{TABLES_JS}"
PRINT_JS = "journey-maps-print.js"
PRINT_URI = f"assets/journey-maps/{PRINT_JS}"
JOURNEY_JS = "journey-maps-journey.js"
JOURNEY_URI = f"assets/journey-maps/{JOURNEY_JS}"
LANGUAGES_JS = "journey-maps-languages.js"
LANGUAGES_URI = f"assets/journey-maps/{LANGUAGES_JS}"
MERMAID_URI = "assets/javascripts/mermaid.min.js"
REQUIRED_EXTENSIONS = ("attr_list", "md_in_html", "tables")
MIKE_VERSION_ENV = "MIKE_DOCS_VERSION"
"""Set by mike for the builds it runs (mike/mkdocs_utils.py: docs_version_var)."""


class JourneyMapsPlugin(BasePlugin[JourneyMapsConfig]):
    """Generates journey, persona and touchpoint pages from YAML maps."""

    def __init__(self) -> None:
        self.serving = False
        """`mkdocs serve`: parsed maps are kept between rebuilds (see on_startup)."""
        self._reset()
        self._depth = 0
        """Builds under way on this instance: static-i18n runs each further language's build
        from inside the first one (its on_post_build), so 2 and more mean a nested build."""
        self.search = search_i18n.LanguageIndexes()

    def _say(self, level: int, message: str, *args: object) -> None:
        """Log a line of the maps' own (the same in every language) once per build of the site.

        static-i18n's nested builds of the other languages would repeat each one: five times
        in five languages, twice under `--strict` (whose count stops at the first nested build).
        """
        if self._depth <= 1:
            log.log(level, message, *args)

    def _build_ended(self) -> None:
        self._depth = max(0, self._depth - 1)

    def _reset(self) -> None:
        """Per-build state, reset in on_config (static-i18n and serve reuse the instance)."""
        self.maps: MapSet | None = None
        self.paths = Paths()
        self.generated: dict[str, str] = {}
        """src_uri → page kind of every generated page of this build."""
        self.unlisted: frozenset[str] = frozenset()
        """Page kinds whose navigation section lists only its index page (nav_limit)."""
        self.root = Path.cwd()
        self.maps_dir: Path | None = None
        self.mermaid_js: Path | None = None
        self.overview: dict[str, Coverage] | None = None
        self.source: MapSet | None = None
        """The maps as written (before translation): what changes are computed on."""
        self.baseline: history.Snapshot | None = None
        self.changes = False
        """Whether this build publishes a "what changed" page."""
        self.instant_languages = False
        """The language switcher script is on: a static-i18n site with Material's instant navigation."""

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
        self.root = root = Path(config.config_file_path or ".").resolve().parent
        self.maps_dir = (root / self.config.maps_dir).resolve()
        if self.config.mermaid_js != "":
            self.mermaid_js = (root / (self.config.mermaid_js or DEFAULT_MERMAID_JS)).resolve()
        self.paths = Paths(
            journeys=_clean_path(self.config.journeys_path, "journeys_path"),
            personas=_clean_path(self.config.personas_path, "personas_path"),
            touchpoints=_clean_path(self.config.touchpoints_path, "touchpoints_path"),
            changes=_clean_path(self.config.changes_path, "changes_path"),
            insights=_clean_path(self.config.insights_path, "insights_path"),
        )
        if str(self.maps_dir) not in map(str, config.watch):
            config.watch.append(str(self.maps_dir))
        names = {ext if isinstance(ext, str) else next(iter(ext)) for ext in config.markdown_extensions}
        for ext in REQUIRED_EXTENSIONS:
            if ext not in names:
                config.markdown_extensions.append(ext)
        if self.config.stylesheet and STYLESHEET_URI not in map(str, config.extra_css):
            config.extra_css.append(STYLESHEET_URI)
        if self.config.insights and TABLES_URI not in map(str, config.extra_javascript):
            config.extra_javascript.append(TABLES_URI)  # filters and sorting of the insight backlogs
        if self.config.stylesheet and PRINT_URI not in map(str, config.extra_javascript):
            config.extra_javascript.append(PRINT_URI)  # the print layout: see journey-maps.css
        if self.config.stylesheet and JOURNEY_URI not in map(str, config.extra_javascript):
            config.extra_javascript.append(JOURNEY_URI)  # the diagram's full-screen view, opening a linked step
        if self.mermaid_js and MERMAID_URI not in map(str, config.extra_javascript):
            # On every page, not only those with diagrams, so that diagrams also
            # render after Material's instant navigation swaps the page content.
            config.extra_javascript.append(MERMAID_URI)
        self.instant_languages = _instant_with_static_i18n(config)
        if self.instant_languages:
            # static-i18n warns that its page-specific language links go stale under instant
            # navigation (and `mkdocs build --strict` fails on it): the script fixes that.
            get_plugin_logger(_I18N_MODULE).logger.addFilter(_instant_warning_filter)
            if LANGUAGES_URI not in map(str, config.extra_javascript):
                config.extra_javascript.append(LANGUAGES_URI)
        _drop_version_selector_outside_mike(config)
        return config

    @event_priority(50)  # early: a build that will fail on a broken map stops before other plugins' work
    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        # Read and check the maps (and find the Mermaid library) before MkDocs
        # empties the site folder: a broken map stops the build and leaves the
        # last good site/ as it was.
        if not self.config.enabled or self.maps_dir is None:
            return
        if self.mermaid_js is not None and not self.mermaid_js.is_file():
            raise PluginError(
                f"journey-maps: the Mermaid library was not found at {self.mermaid_js}. "
                "Run `npm ci` in the project folder (it installs the pinned version), "
                "or point the plugin's `mermaid_js` option at a local mermaid.min.js."
            )
        stale = Severity.WARNING if self.config.stale_reviews == "warn" else None
        checked = check_maps(
            self.maps_dir,
            root=self.root,
            docs_dir=Path(config.docs_dir),
            today=review_today(self.config.review_date),
            stale=stale,
        )
        if self.config.stale_reviews == "info":
            for journey in checked.maps.journeys.values():
                status = checked.maps.review_status(journey)
                if status.state == "overdue":
                    self._say(logging.INFO, "%s: review overdue since %s", journey.where("reviewed"), status.due)
        for problem in checked.warnings:
            self._say(logging.WARNING, "%s", problem)
        language = self._language(config)
        published = set(self._i18n_languages(config)) | {language}
        for lang in checked.maps.languages:
            if lang in published:
                continue
            # Neither this site's language nor one of its static-i18n languages: say what is left out.
            files = sorted(o.path for o in checked.maps.overlays if o.lang == lang)
            self._say(
                logging.WARNING,
                "translations to '%s' are checked but not published: this site is built in one language (%s)",
                lang,
                ", ".join(files),
            )
        if checked.errors:
            count = f"{len(checked.errors)} error{'s' if len(checked.errors) > 1 else ''}"
            raise PluginError(f"journey-maps: {count} in the maps:\n" + "\n".join(map(str, checked.errors)))
        if not self.serving and _static_i18n(config) is None:
            # One build in this process: the parsed files are not needed again (memory, at 1000 maps).
            source.forget(self.maps_dir)
        self.source = self.maps = checked.maps
        self._find_baseline(checked.maps.today)
        if language != self.config.maps_language and language in checked.maps.languages:
            self.maps = checked.maps.translated(language)
        self.overview = None
        if checked.maps.languages:  # a translations page, with each language's coverage
            self.overview = {
                lang: Coverage.sum(checked.maps.translated(lang).coverage.values()) for lang in checked.maps.languages
            }

    def _find_baseline(self, today) -> None:
        """The maps of the earlier version the "what changed" page compares with (git), if any."""
        if not self.config.changes or self.maps_dir is None:
            return
        top = history.repository(self.maps_dir)
        if top is None:
            self._say(logging.INFO, 'no "what changed" page: %s is not in a git repository', self.root)
            return
        self.changes = True
        try:
            since = history.resolve(top, self.config.changes_since.strip(), self.config.release_tags, self.maps_dir)
            if since is None:
                self._say(
                    logging.INFO, '"what changed": no release tag (%s) before this commit', self.config.release_tags
                )
                return
            self.baseline = history.maps_at(since, self.maps_dir, today=today)
        except history.HistoryError as exc:
            raise PluginError(f"journey-maps: changes_since: {exc}") from exc
        for item in self.baseline.unread:  # named one by one: the release tag is fine, these files are not
            self._say(logging.WARNING, "the maps at %s: %s", self.baseline.ref, item.problem())
        if any(p.is_error for p in self.baseline.problems):
            self._say(
                logging.WARNING,
                'the maps at %s have errors; "what changed" leaves out what could not be read',
                self.baseline.ref,
            )

    def _changes(self, config: MkDocsConfig) -> Changes | None:
        if not self.changes or self.source is None or self.maps is None:
            return None
        if self.baseline is None:
            return Changes(since=None)
        old = self.baseline.maps
        language = self._language(config)
        old_view = old.translated(language) if language in old.languages else old
        diff = diff_maps(old, self.source, old_view=old_view, new_view=self.maps)
        return Changes(self.baseline.ref, self.baseline.commit, diff, self.baseline.date, self.baseline.tag)

    def _language(self, config: MkDocsConfig) -> str:
        i18n_plugin = _static_i18n(config)
        if i18n_plugin is not None:
            return i18n_plugin.current_language
        return self.config.language or config.theme.get("language") or "en"

    def _i18n_languages(self, config: MkDocsConfig) -> list[str]:
        i18n_plugin = _static_i18n(config)
        if i18n_plugin is None:
            return []
        return [lang.locale for lang in i18n_plugin.config.languages if lang.build and lang.locale != "null"]

    @event_priority(-200)  # last: after other plugins (and static-i18n at -100) have settled docs files
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled or self.maps is None:
            return None
        for file in list(files):
            # Template overrides live in the theme's custom_dir, whose files MkDocs
            # would otherwise publish as static assets.
            if file.src_uri.startswith(f"{OVERRIDE_FOLDER}/") and file.src_uri.endswith(".jinja"):
                files.remove(file)
        self._add_pages(files, config, self.maps)
        if self.config.insights:
            self._add_exports(files, config, self.maps)
        self._add_assets(files, config)
        self._add_to_i18n_sitemap(files, config)
        if not self.serving:
            # The pages are written: let the maps go before MkDocs renders every page (its peak
            # memory). `mkdocs serve` keeps them, for the next rebuild.
            self.maps = self.source = self.baseline = self.overview = None
        return files

    def _add_to_i18n_sitemap(self, files: Files, config: MkDocsConfig) -> None:
        """List the generated pages in static-i18n's sitemap.xml, which it writes from its own list of pages.

        static-i18n takes that list in its on_files, before the pages are generated here. Material
        reads the sitemap to decide which links instant navigation may load in place, and which page
        to open when the reader switches versions: a page missing from it is loaded in full, and a
        version switch from it lands on the other version's home page.
        """
        i18n_plugin = _static_i18n(config)
        per_language = getattr(i18n_plugin, "i18n_files_per_language", None)
        if not isinstance(per_language, dict):
            return
        pages = per_language.get(i18n_plugin.current_language)
        if not isinstance(pages, list):
            return
        listed = {id(file) for file in pages}
        pages.extend(
            file for file in files.documentation_pages() if file.src_uri in self.generated and id(file) not in listed
        )

    def _add_exports(self, files: Files, config: MkDocsConfig, maps: MapSet) -> None:
        """The insight data as CSV and JSON files of the site (in each language's tree, in that language)."""
        prefix = ""
        i18n_plugin = _static_i18n(config)
        if i18n_plugin is not None and i18n_plugin.current_language != i18n_plugin.default_language:
            prefix = f"{i18n_plugin.current_language}/"
        with gcpause.paused():
            for what in export.KINDS:
                data = export.rows(maps, what)
                for fmt, text in (("csv", export.to_csv(data, what, bom=True)), ("json", export.to_json(data))):
                    src_uri = prefix + self.paths.export(what, fmt)
                    if files.get_file_from_path(src_uri) is None:
                        files.append(File.generated(config, src_uri, content=text))

    def _add_pages(self, files: Files, config: MkDocsConfig, maps: MapSet) -> None:
        template_dirs = []
        if config.theme.custom_dir:
            template_dirs.append(Path(config.theme.custom_dir) / OVERRIDE_FOLDER)
        tags = any(name in config.plugins for name in ("tags", "material/tags"))
        renderer = Renderer(
            maps,
            self.paths,
            template_dirs=template_dirs,
            tags_plugin=tags,
            language=self._language(config),
            overview=self.overview,
            changes=self._changes(config),
            insights=self.config.insights,
            directory_urls=config.use_directory_urls,
            labels=self.config.labels,
            insights_guide=self.config.insights_guide,
        )
        docs_dir = Path(config.docs_dir).resolve()
        try:
            pages = renderer.render_all()
        except TemplateProblem as exc:
            raise PluginError(f"journey-maps: {exc}") from exc
        self.unlisted = navigation.unlisted_kinds(Counter(page.kind for page in pages), self.config.nav_limit)
        # Every written page by where it lands: `x.md`, `x/index.md` and `x/README.md` all become
        # x/index.html, so a hand-written page is in the way of a generated one whatever its form.
        written = {file.dest_uri: file for file in files if not file.generated_by}
        clashes: list[str] = []
        for page in pages:
            in_the_way = files.get_file_from_path(page.src_uri)
            if in_the_way is not None:
                clashes.append(f"{_shown(config, in_the_way)} has the path of the generated {page.src_uri}")
                continue
            # With an explicit nav, only the index pages are placed by the author
            # (see navigation.py); the others must not be reported as missing.
            # Sections longer than nav_limit list only their index (see the option).
            hidden = (
                (config.nav is not None and not page.kind.endswith("-index"))
                or page.kind == "comparison"
                or page.kind in self.unlisted
            )
            inclusion = InclusionLevel.NOT_IN_NAV if hidden else InclusionLevel.UNDEFINED
            file = self._generated_file(config, page.src_uri, page.markdown, inclusion)
            in_the_way = written.get(file.dest_uri)
            if in_the_way is not None:
                clashes.append(
                    f"{_shown(config, in_the_way)} and the generated {page.src_uri} would both be {file.dest_uri}"
                )
                continue
            if page.source:
                origin = (self.root / page.source).resolve()
                file.edit_uri = posixpath.relpath(origin.as_posix(), docs_dir.as_posix())
            files.append(file)
            self.generated[file.src_uri] = page.kind
        if clashes:
            raise PluginError(
                "journey-maps: a page of docs_dir is in the way of a generated page (one would hide the other): "
                + "; ".join(clashes)
                + ". Rename the page, or move the generated pages with journeys_path, personas_path, "
                "touchpoints_path or insights_path"
            )

    def _generated_file(self, config: MkDocsConfig, src_uri: str, markdown: str, inclusion: InclusionLevel) -> File:
        """An in-memory page; on a mkdocs-static-i18n site, one per language, in that language's tree.

        static-i18n builds the site once per language (on the same plugin instance) and
        expects pages as `<name>.<lang>.md`; its language switcher reads `file.alternates`,
        which is filled here so that it leads to the same generated page in each language.
        """
        i18n_plugin = _static_i18n(config)
        if i18n_plugin is None:
            return File.generated(config, src_uri, content=markdown, inclusion=inclusion)
        lang, default = i18n_plugin.current_language, i18n_plugin.default_language
        stem = src_uri.removesuffix(".md")
        file = File.generated(config, f"{stem}.{lang}.md", content=markdown, inclusion=inclusion)
        file.dest_uri = _localized(stem, lang, default, config.use_directory_urls, html=True)
        file.locale = file.locale_alternate_of = file.localization = lang
        file.norm_src_uri = src_uri
        file.alternates = {
            other: _Alternate(_localized(stem, other, default, config.use_directory_urls, html=False))
            for other in self._i18n_languages(config)
        }
        return file

    def on_page_markdown(self, markdown: str, *, page, config: MkDocsConfig, files: Files) -> str | None:
        """Mark a generated page's title as the HTML it already is (the template escaped it).

        Themes print the title raw in text and escape it again in attributes (Material's footer
        label): as Markup, it is escaped once in both.
        """
        title = page.meta.get("title")
        if page.file.src_uri in self.generated and isinstance(title, str) and not isinstance(title, Markup):
            page.meta["title"] = Markup(title)
        return None

    @event_priority(-200)  # after static-i18n's own on_post_page (-100)
    def on_post_page(self, output: str, *, page, config: MkDocsConfig) -> str | None:
        if not self.config.enabled or _static_i18n(config) is None:
            return None
        # Hack: Material fetches `sitemap.xml` next to every <link rel="alternate" hreflang>
        # in the page head, expecting language roots; static-i18n makes those links point at
        # the page itself, so every page logs 404s for <page>/sitemap.xml. The language
        # switcher has its own (page-specific) links, so the head copies are dropped.
        head, sep, body = output.partition("</head>")
        if self.instant_languages:
            body = _with_page_languages(body, _static_i18n(config).current_language)
        search = search_i18n.head_script(config, page.url, *_languages(config))
        return _HEAD_ALTERNATE.sub("", head) + search + sep + body

    def _add_assets(self, files: Files, config: MkDocsConfig) -> None:
        if self.config.stylesheet and files.get_file_from_path(STYLESHEET_URI) is None:
            files.append(File.generated(config, STYLESHEET_URI, abs_src_path=str(ASSETS / "journey-maps.css")))
        if self.config.stylesheet and files.get_file_from_path(PRINT_URI) is None:
            files.append(File.generated(config, PRINT_URI, abs_src_path=str(ASSETS / PRINT_JS)))
        if self.config.stylesheet and files.get_file_from_path(JOURNEY_URI) is None:
            files.append(File.generated(config, JOURNEY_URI, abs_src_path=str(ASSETS / JOURNEY_JS)))
        if self.mermaid_js is not None and files.get_file_from_path(MERMAID_URI) is None:
            files.append(File.generated(config, MERMAID_URI, abs_src_path=str(self.mermaid_js)))
        if self.config.insights and files.get_file_from_path(TABLES_URI) is None:
            files.append(File.generated(config, TABLES_URI, abs_src_path=str(ASSETS / TABLES_JS)))
        if self.instant_languages and files.get_file_from_path(LANGUAGES_URI) is None:
            files.append(File.generated(config, LANGUAGES_URI, abs_src_path=str(ASSETS / LANGUAGES_JS)))

    @event_priority(-50)  # after Material's search wrote this language's index (0), before static-i18n (-100)
    def _language_built(self, *, config: MkDocsConfig) -> None:
        if self.config.enabled and _static_i18n(config) is not None:
            self.search.language_built(config, *_languages(config), self._i18n_languages(config))

    @event_priority(-200)  # after static-i18n's (-100), which runs the other languages' builds
    def _site_built(self, *, config: MkDocsConfig) -> None:
        if self.config.enabled and self._depth <= 1:
            self.search.site_built(config)
        self._build_ended()

    on_post_build = CombinedEvent(_language_built, _site_built)

    def on_build_error(self, *, error: Exception) -> None:
        self._build_ended()

    @event_priority(-50)  # late: after plugins that build or rearrange the navigation themselves
    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation | None:
        if not self.config.enabled or not self.generated:
            return None
        words = i18n.translations(self._language(config))
        titles = {
            "journey-index": words.gettext("Journeys"),
            "persona-index": words.gettext("Personas"),
            "touchpoint-index": words.gettext("Touchpoints"),
            "translations": words.gettext("Translations"),
            "changes": words.gettext("What changed"),
            "insight-index": words.gettext("Insights"),
        }
        return navigation.place_sections(nav, config, files, self.paths, self.generated, titles, self.unlisted)


def _drop_version_selector_outside_mike(config: MkDocsConfig) -> None:
    """Leave out Material's mike version selector on builds that mike does not run.

    With `extra.version.provider: mike`, every page fetches `../versions.json` from the
    version folder's parent. mike writes that file at the root of its gh-pages branch, and
    sets MIKE_DOCS_VERSION while it builds; a plain `mkdocs build` or `mkdocs serve` has no
    such file, so every page would log a 404 in the browser console and show an empty
    selector. The site's configuration stays as written, for mike's builds.
    """
    version = config.extra.get("version")
    if isinstance(version, dict) and version.get("provider") == "mike" and not os.environ.get(MIKE_VERSION_ENV):
        del config.extra["version"]


def _static_i18n(config: MkDocsConfig):
    """The mkdocs-static-i18n plugin of this site, when it has one (its API is not public: guarded)."""
    plugin = config.plugins.get("i18n")
    if plugin is None or not hasattr(plugin, "current_language") or not hasattr(plugin, "default_language"):
        return None
    return plugin if plugin.current_language else None


def _languages(config: MkDocsConfig) -> tuple[str, str]:
    """The language of this static-i18n build and the site's default language."""
    i18n_plugin = _static_i18n(config)
    return i18n_plugin.current_language, i18n_plugin.default_language


def _instant_with_static_i18n(config: MkDocsConfig) -> bool:
    """A Material site with instant navigation and mkdocs-static-i18n (whose switcher needs our script)."""
    features = config.theme.get("features") or []
    return config.theme.name == "material" and "navigation.instant" in features and "i18n" in config.plugins


_I18N_MODULE = "mkdocs_static_i18n.reconfigure"
"""Its logger is `get_plugin_logger(__name__)` (under mkdocs.plugins, or properdocs.plugins under ProperDocs)."""


def _instant_warning_filter(record: logging.LogRecord) -> bool:
    return "not compatible with theme.features = navigation.instant" not in record.getMessage()


_CONTAINER = re.compile(r'<div\b[^>]*\bdata-md-component="container"[^>]*>')
_LANGUAGE_LINK = re.compile(r'<a\b(?=[^>]*\bclass="md-select__link")[^>]*>')
_ATTRIBUTE = re.compile(r'\b(href|hreflang)="([^"]*)"')


def _with_page_languages(body: str, lang: str) -> str:
    """The page's language links (as its header has them), inside the part of the page that
    Material's instant navigation swaps in, for journey-maps-languages.js to read."""
    container = _CONTAINER.search(body)
    if container is None:
        return body
    links = {}
    for tag in _LANGUAGE_LINK.findall(body):
        attributes = dict(_ATTRIBUTE.findall(tag))
        if "href" in attributes and "hreflang" in attributes:
            links[html.unescape(attributes["hreflang"])] = html.unescape(attributes["href"])
    # Not a <script type="application/json">: instant navigation re-creates the scripts it
    # swaps in without their type, and would run the data as JavaScript.
    data = html.escape(json.dumps({"lang": lang, "links": links}, ensure_ascii=False))
    element = f'<div hidden data-jm-languages="{data}"></div>'
    return body[: container.end()] + element + body[container.end() :]


_HEAD_ALTERNATE = re.compile(r'\s*<link\b(?=[^>]*\brel="alternate")(?=[^>]*\bhreflang=)[^>]*>')
"""A <link rel="alternate" hreflang=…> tag, whatever the order of its attributes."""


class _Alternate:
    """What static-i18n's language switcher reads of another language's page: its URL."""

    page = None
    """static-i18n's sitemap.xml template reads it (and then uses `url`)."""

    def __init__(self, url: str) -> None:
        self.url = url


def _shown(config: MkDocsConfig, file: File) -> str:
    """A docs_dir file as a reader of the message finds it: relative to the project, as a path."""
    docs = Path(config.docs_dir)
    root = Path(config.config_file_path or ".").parent
    try:
        return (docs / file.src_path).relative_to(root).as_posix()
    except ValueError:
        return (docs / file.src_path).as_posix()


def _localized(stem: str, lang: str, default: str, directory_urls: bool, *, html: bool) -> str:
    """The page's path in a language's tree: `fa/journeys/x/index.html` (html) or `fa/journeys/x/` (URL)."""
    prefix = "" if lang == default else f"{lang}/"
    folder, _, name = stem.rpartition("/")
    base = f"{folder}/" if folder else ""
    if name == "index":
        return prefix + base + ("index.html" if html else "")
    if directory_urls:
        return prefix + base + name + ("/index.html" if html else "/")
    return prefix + base + name + ".html"


def _clean_path(value: str, option: str) -> str:
    cleaned = value.strip().strip("/")
    if not cleaned or cleaned.startswith(".") or "\\" in cleaned or ".." in cleaned.split("/"):
        raise PluginError(f"journey-maps: option '{option}' must be a folder inside the site, got '{value}'")
    return cleaned
