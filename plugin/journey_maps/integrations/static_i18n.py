"""mkdocs-static-i18n: generated pages in each language's tree, its switcher, sitemap and search.

static-i18n builds the site once per language, on the same plugin instances, and has no public
API for other plugins. What this module reads of it, each guarded (``resolve`` returns None when
one is missing, and the site is then built as a one-language site):

- ``current_language``, ``default_language`` and ``config.languages`` (``locale``, ``build``) of
  the plugin registered as ``i18n``;
- ``i18n_files_per_language``: its list of each language's pages, from which it writes
  ``sitemap.xml`` (``add_to_sitemap``);
- the ``File`` attributes its suffix structure sets and its language switcher reads (``locale``,
  ``alternates`` …: ``page_file``);
- the logger name of its ``reconfigure`` module (``quiet_instant_warning``).

``tests/test_integrations.py`` checks each of these against the installed static-i18n, so an
upstream change fails there, by name, rather than somewhere in a build.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel

PLUGIN_NAME = "i18n"
RECONFIGURE_LOGGER = "mkdocs_static_i18n.reconfigure"
"""Its logger is `get_plugin_logger(__name__)` (under mkdocs.plugins, or properdocs.plugins under ProperDocs)."""
INSTANT_WARNING = "not compatible with theme.features = navigation.instant"


@dataclass(frozen=True)
class Build:
    """One language's build of a static-i18n site."""

    plugin: object
    current: str
    """The language being built."""
    default: str
    languages: tuple[str, ...]
    """Every language the site builds (its `build: true` locales)."""

    @property
    def prefix(self) -> str:
        """The folder of this language's tree in the site (`fa/`; the default language's is the root)."""
        return "" if self.current == self.default else f"{self.current}/"

    def page_file(self, config: MkDocsConfig, src_uri: str, markdown: str, inclusion: InclusionLevel) -> File:
        """An in-memory page in this language's tree, as static-i18n's suffix structure makes them.

        It expects `<name>.<lang>.md`; its language switcher reads `file.alternates`, filled here
        so that it leads to the same generated page in each language.
        """
        stem = src_uri.removesuffix(".md")
        file = File.generated(config, f"{stem}.{self.current}.md", content=markdown, inclusion=inclusion)
        file.dest_uri = localized(stem, self.current, self.default, config.use_directory_urls, html=True)
        file.locale = file.locale_alternate_of = file.localization = self.current
        file.norm_src_uri = src_uri
        file.alternates = {
            other: _Alternate(localized(stem, other, self.default, config.use_directory_urls, html=False))
            for other in self.languages
        }
        return file

    def add_to_sitemap(self, files: Files, generated: set[str]) -> None:
        """List the generated pages in static-i18n's sitemap.xml, which it writes from its own list of pages.

        static-i18n takes that list in its on_files, before the pages are generated. Material reads
        the sitemap to decide which links instant navigation may load in place, and which page to
        open when the reader switches versions: a page missing from it is loaded in full, and a
        version switch from it lands on the other version's home page.
        """
        per_language = getattr(self.plugin, "i18n_files_per_language", None)
        pages = per_language.get(self.current) if isinstance(per_language, dict) else None
        if not isinstance(pages, list):
            return
        listed = {id(file) for file in pages}
        pages.extend(
            file for file in files.documentation_pages() if file.src_uri in generated and id(file) not in listed
        )


def resolve(config: MkDocsConfig) -> Build | None:
    """The static-i18n build under way, or None (no such plugin, or one whose internals changed)."""
    plugin = config.plugins.get(PLUGIN_NAME)
    current = getattr(plugin, "current_language", None)
    default = getattr(plugin, "default_language", None)
    if not isinstance(current, str) or not current or not isinstance(default, str):
        return None
    return Build(plugin, current, default, tuple(languages(config)))


def languages(config: MkDocsConfig) -> list[str]:
    """The locales the static-i18n plugin of ``config`` builds (none without it)."""
    plugin = config.plugins.get(PLUGIN_NAME)
    entries = getattr(getattr(plugin, "config", None), "languages", None) or []
    return [
        lang.locale for lang in entries if getattr(lang, "build", True) and getattr(lang, "locale", "null") != "null"
    ]


def on_site(config: MkDocsConfig) -> bool:
    """Whether the site has a static-i18n plugin (before it has started its builds)."""
    return PLUGIN_NAME in config.plugins


def quiet_instant_warning() -> None:
    """Its warning that page-specific language links go stale under instant navigation (which fails
    `mkdocs build --strict`): journey-maps-languages.js keeps them right."""
    logger = get_plugin_logger(RECONFIGURE_LOGGER).logger
    if _instant_warning_filter not in logger.filters:
        logger.addFilter(_instant_warning_filter)


def _instant_warning_filter(record: logging.LogRecord) -> bool:
    return INSTANT_WARNING not in record.getMessage()


HEAD_ALTERNATE = re.compile(r'\s*<link\b(?=[^>]*\brel="alternate")(?=[^>]*\bhreflang=)[^>]*>')
"""A <link rel="alternate" hreflang=…> tag, whatever the order of its attributes."""


def without_head_alternates(head: str) -> str:
    """The page head without its hreflang alternates.

    Material fetches `sitemap.xml` next to every <link rel="alternate" hreflang> in the head,
    expecting language roots; static-i18n makes those links point at the page itself, so every
    page would log 404s for <page>/sitemap.xml. The language switcher has its own links.
    """
    return HEAD_ALTERNATE.sub("", head)


class _Alternate:
    """What static-i18n's language switcher reads of another language's page: its URL."""

    page = None
    """static-i18n's sitemap.xml template reads it (and then uses `url`)."""

    def __init__(self, url: str) -> None:
        self.url = url


def localized(stem: str, lang: str, default: str, directory_urls: bool, *, html: bool) -> str:
    """The page's path in a language's tree: `fa/journeys/x/index.html` (html) or `fa/journeys/x/` (URL)."""
    prefix = "" if lang == default else f"{lang}/"
    folder, _, name = stem.rpartition("/")
    base = f"{folder}/" if folder else ""
    if name == "index":
        return prefix + base + ("index.html" if html else "")
    if directory_urls:
        return prefix + base + name + ("/index.html" if html else "/")
    return prefix + base + name + ".html"
