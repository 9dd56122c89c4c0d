"""Material for MkDocs: what the plugin adapts to on a Material site.

Read from the site's configuration only (``theme.name``, ``theme.features``, the plugins'
names), and from the HTML Material writes (the language switcher's links): no Material code
is imported here.
"""

from __future__ import annotations

import html
import json
import re

from mkdocs.config.defaults import MkDocsConfig

TAGS_PLUGINS = ("tags", "material/tags")


def is_material(config: MkDocsConfig) -> bool:
    return config.theme.name == "material"


def instant_navigation(config: MkDocsConfig) -> bool:
    """Material's instant navigation is on (pages are swapped in place, scripts run once)."""
    return is_material(config) and "navigation.instant" in (config.theme.get("features") or [])


def tags_plugin(config: MkDocsConfig) -> bool:
    """The site has Material's tags plugin (the pages then carry `tags:` in their front matter)."""
    return any(name in config.plugins for name in TAGS_PLUGINS)


_CONTAINER = re.compile(r'<div\b[^>]*\bdata-md-component="container"[^>]*>')
_LANGUAGE_LINK = re.compile(r'<a\b(?=[^>]*\bclass="md-select__link")[^>]*>')
_ATTRIBUTE = re.compile(r'\b(href|hreflang)="([^"]*)"')


def with_page_languages(body: str, lang: str) -> str:
    """The page's language links (as its header has them), inside the part of the page that
    instant navigation swaps in, for journey-maps-languages.js to read."""
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


SEARCH_PLUGINS = ("search", "material/search")


def search_index(config: MkDocsConfig) -> str | None:
    """The search index of the pages the search plugin has read so far (its ``search_index``), as
    it writes it at the end of a build; None without the plugin or when its API has changed."""
    for name in SEARCH_PLUGINS:
        plugin = config.plugins.get(name)
        index = getattr(plugin, "search_index", None)
        generate = getattr(index, "generate_search_index", None)
        if callable(generate):
            try:
                return generate(None)
            except (TypeError, AttributeError):  # another version's signature: no index
                return None
    return None
