"""One search index per language on a mkdocs-static-i18n site built with Material.

static-i18n builds the site once per language into the same folder, on the same plugins.
Material's search plugin writes ``search/search_index.json`` at the end of each build
(its ``on_post_build``, priority 0) with that build's pages; static-i18n then, at the end of the
first build (priority -100, after the other languages' builds), writes it again with every
language's entries. Material's pages all load ``search/search_index.json`` from the site root
(``__config.base``), so every reader downloaded every language and searched all of them.

Here, on such a site:

- after each language's build, its index is read back from the file Material wrote (before
  static-i18n's turn), narrowed to that language's pages and given that language's search
  settings; another language's goes to ``<lang>/search/search_index.json``, the default
  language's is kept for the root;
- once every language is built (after static-i18n's own rewrite), the root index is written
  again, with the default language only;
- every page of another language gets a short script in its head that points Material's request
  for the root index at that language's own (instant navigation loads a page of another language
  in full: journey-maps-languages.js).

Linear in the number of entries; no comparison between languages (static-i18n's
``reconfigure_search``, which compares them, is not needed). Other themes, whose scripts this does
not know, keep static-i18n's single index.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import jinja2
from mkdocs import utils
from mkdocs.config.defaults import MkDocsConfig

INDEX = "search/search_index.json"
"""Where Material's search plugin writes its index in the site folder, and where its pages look for it."""
SETTINGS = ("lang", "separator", "pipeline")
"""The keys of the index's `config` that depend on the language (Material's `search.config.*` words)."""


def search_plugin(config: MkDocsConfig):
    """Material's search plugin of a Material site, when it is on."""
    if config.theme.name != "material":
        return None
    for name in ("material/search", "search"):
        plugin = config.plugins.get(name)
        if plugin is not None and plugin.config.get("enabled", True):
            return plugin
    return None


class LanguageIndexes:
    """Splits the search index by language, one build of static-i18n after another."""

    def __init__(self) -> None:
        self.default_index: str | None = None
        """The default language's index, held until static-i18n has written its own at the root."""

    def language_built(self, config: MkDocsConfig, lang: str, default: str, languages: list[str]) -> None:
        """Right after Material's search plugin wrote the index of this language's build."""
        if lang == default:
            self.default_index = None
        path = Path(config.site_dir) / INDEX
        if search_plugin(config) is None or not path.is_file():
            return
        data = json.loads(path.read_text(encoding="utf-8"))
        data["docs"] = _pages_of(data.get("docs", []), lang, default, languages)
        data["config"] = _settings(config, data.get("config", {}), lang, default)
        # Persian or Turkish letters as they are, not as \u escapes (half the size in Persian): read as UTF-8
        text = json.dumps(data, separators=(",", ":"), ensure_ascii=False, default=str)
        if lang == default:
            self.default_index = text
        else:
            utils.write_file(text.encode("utf-8"), str(Path(config.site_dir) / lang / INDEX))

    def site_built(self, config: MkDocsConfig) -> None:
        """After every language's build, and static-i18n's index of them all: the root's is the default language's."""
        if self.default_index is not None:
            utils.write_file(self.default_index.encode("utf-8"), str(Path(config.site_dir) / INDEX))
        self.default_index = None


def head_script(config: MkDocsConfig, page_url: str, lang: str, default: str) -> str:
    """The script that has a page of another language than the default load its language's index."""
    if lang == default or search_plugin(config) is None:
        return ""
    root = utils.get_relative_url(".", page_url)  # the page's base_url, as MkDocs gives it to the theme
    data = json.dumps([root, INDEX, f"{lang}/{INDEX}"]).replace("</", "<\\/")
    return f"<script>({_REDIRECT})({data})</script>"


_REDIRECT = (
    # Material asks for new URL("search/search_index.json", base) with an XMLHttpRequest (fetch, in case).
    "function(d){var r=new URL(d[0],location.href),a=new URL(d[1],r).href,b=new URL(d[2],r).href,"
    "o=XMLHttpRequest.prototype.open,f=window.fetch;"
    "function u(x){return new URL(String(x),location.href).href===a?b:x}"
    "XMLHttpRequest.prototype.open=function(m,x){var v=[].slice.call(arguments);v[1]=u(x);return o.apply(this,v)};"
    "if(f)window.fetch=function(x,i){return f.call(this,typeof x=='string'||x instanceof URL?u(x):x,i)}}"
)
"""Points the requests for the site's root index (d[0] + d[1], d[0] being the page's base_url) at d[0] + d[2]."""


def _pages_of(entries: list[dict], lang: str, default: str, languages: list[str]) -> list[dict]:
    """This language's entries, each location once (a build has no others; a stale index might)."""
    prefix = f"{lang}/" if lang != default else None
    others = tuple(f"{other}/" for other in languages if other != default)

    def belongs(location: str) -> bool:
        return location.startswith(prefix) if prefix else not location.startswith(others)

    kept, seen = [], set()
    for entry in entries:
        location = str(entry.get("location", ""))
        if location not in seen and belongs(location):
            seen.add(location)
            kept.append(entry)
    return kept


def _settings(config: MkDocsConfig, found: dict, lang: str, default: str) -> dict:
    """The search settings of a language's index.

    ``lang`` is the language itself when the search plugin's ``lang`` lists it (lunr's support for
    it), otherwise what Material uses for that language (``en`` for Persian, which lunr does not
    support). ``separator`` and ``pipeline`` are Material's for that language, unless mkdocs.yml
    sets other values than Material's for the default language.
    """
    settings = dict(found)
    mine, site = _material_settings(config, lang), _material_settings(config, default)
    listed = found.get("lang") or []
    if lang in listed:
        settings["lang"] = [lang]
    elif "lang" in mine:
        settings["lang"] = mine["lang"]
    for key in ("separator", "pipeline"):
        if key in mine and key in site and found.get(key) == site[key]:
            settings[key] = mine[key]
    return settings


def _material_settings(config: MkDocsConfig, lang: str) -> dict:
    """Material's `search.config.*` words for a language, read as its search plugin reads them (on_config)."""
    try:
        template = config.theme.get_env().get_template(
            "partials/language.html", None, {"config": {"theme": {"language": lang}}}
        )
        words = template.module.t
        values = {key: str(words(f"search.config.{key}")) for key in SETTINGS}
    except (jinja2.TemplateError, AttributeError):
        return {}
    if any(value == f"search.config.{key}" for key, value in values.items()):
        return {}  # not words of Material's (the key comes back as it is)
    return {
        "lang": [values["lang"]],
        "separator": values["separator"],
        "pipeline": list(filter(len, re.split(r"\s*,\s*", values["pipeline"]))),
    }
