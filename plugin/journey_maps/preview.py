"""``journey-maps preview``: a preview server that renders each page when a browser asks for it.

``mkdocs serve`` rebuilds the whole site, every language, on each save. The preview instead
prepares a language's site once (configuration, maps, generated pages, files, navigation: the
MkDocs events up to ``on_env``, no page rendered), then renders only the requested page, with
the site's theme and plugins, through the same events ``mkdocs build`` runs for a page. A save
in the maps, the docs, the overrides or ``mkdocs.yml`` makes every open page reload; the next
request of each language prepares that language again (the plugin's parse cache keeps the
maps that did not change). A broken save shows the located problems in the browser, and the
server keeps running.

Languages: the default at ``/``, the others (those of a static-i18n ``suffix`` site) at
``/<lang>/``, each prepared the first time it is asked for. Hand-written ``page.<lang>.md``
files stand in for ``page.md`` in their language, as with static-i18n. The site search and
static-i18n's own additions (its language menu, translated section titles) are not in the
preview; the language menu lists the preview's languages instead.
"""

from __future__ import annotations

import copy
import html
import http.server
import logging
import mimetypes
import os
import posixpath
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from mkdocs.commands.build import get_context
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException
from mkdocs.structure.files import File, Files, get_files, set_exclusions
from mkdocs.structure.nav import Navigation, get_navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import yaml_load

from .cli import CliError, site_settings
from .integrations import material

log = logging.getLogger("journey_maps.preview")

RELOAD_PATH = "/.journey-maps-preview/version"
_RELOAD_SCRIPT = """<script>
(function () {
  var seen = %d;
  function poll() {
    fetch("%s", {cache: "no-store"}).then(function (r) { return r.text(); }).then(function (v) {
      if (Number(v) !== seen) { location.reload(); } else { setTimeout(poll, 300); }
    }, function () { setTimeout(poll, 1000); });
  }
  setTimeout(poll, 300);
})();
</script>"""


@dataclass
class Prepared:
    """One language's site, ready to render any of its pages."""

    config: MkDocsConfig
    files: Files
    nav: Navigation
    env: object
    by_dest: dict[str, File]


class PreviewError(Exception):
    """The site could not be prepared (a broken map, a broken mkdocs.yml): shown in the browser."""


class Site:
    """The preview of a site: its languages, prepared on demand, and a version that changes on each save."""

    def __init__(self, config_file: Path, *, site_url: str) -> None:
        self.config_file = config_file.resolve()
        self.root = self.config_file.parent
        self.site_url = site_url
        self.settings = site_settings(self.config_file)  # a broken mkdocs.yml: a located CliError
        self.raw = self._raw()
        self.version = 0
        self._ready: dict[str, Prepared | PreviewError] = {}
        self._lock = threading.RLock()
        self._site_dir = tempfile.mkdtemp(prefix="journey-maps-preview-")

    def _raw(self) -> dict:
        with open(self.config_file, "rb") as fd:
            data = yaml_load(fd)
        if not isinstance(data, dict):
            raise PreviewError(f"{self.config_file.name}: not a mapping of settings")
        return data

    @property
    def languages(self) -> list[str]:
        """The site's languages, the default first: static-i18n's, else the theme's language."""
        return self.settings.i18n_languages or [self.settings.site_language or "en"]

    @property
    def default(self) -> str:
        return self.languages[0]

    # -- preparing a language ------------------------------------------------------------------

    def prepared(self, language: str) -> Prepared:
        """The language's site, prepared now if a save came since or another language was shown
        last (raises PreviewError).

        One language at a time: MkDocs keeps one instance of each plugin that has ``on_startup``
        per process, and a plugin's state is that of the language it was last configured for.
        """
        with self._lock:
            ready = self._ready.get(language)
            if ready is None:
                self._ready.clear()
                ready = self._ready[language] = self._prepare(language)
            if isinstance(ready, PreviewError):
                raise ready
            return ready

    def changed(self) -> None:
        """A watched file changed: every language is prepared again when next asked for."""
        with self._lock:
            try:
                self.settings = site_settings(self.config_file)
                self.raw = self._raw()
            except (OSError, MkDocsException, PreviewError, CliError, ValueError) as exc:
                log.error("%s", exc)  # located by site_settings, or by MkDocs on the next request
            self._ready.clear()
            self.version += 1

    def _prepare(self, language: str) -> Prepared | PreviewError:
        started = time.perf_counter()
        try:
            prepared = self._prepare_language(language)
        except (MkDocsException, OSError, ValueError, KeyError) as exc:  # PluginError, ConfigurationError …
            log.error("%s: %s", language, exc)
            return PreviewError(str(exc))
        log.info("prepared %s in %.2f s", language, time.perf_counter() - started)
        return prepared

    def _prepare_language(self, language: str) -> Prepared:
        raw = copy.deepcopy(self.raw)  # MkDocs takes the plugin entries apart as it reads them
        plugins = []
        for entry in raw.get("plugins") or []:
            name = entry if isinstance(entry, str) else next(iter(entry), "")
            if name == "i18n":
                continue  # its languages are the preview's own (see the module's docstring)
            if name == "journey-maps" and isinstance(entry, dict):
                entry = {"journey-maps": {**(entry["journey-maps"] or {}), "language": language}}
            plugins.append(entry)
        theme = raw.get("theme") or {}
        theme = {**theme, "language": language} if isinstance(theme, dict) else {"name": theme, "language": language}
        prefix = "" if language == self.default else f"{language}/"
        extra = dict(raw.get("extra") or {})
        if len(self.languages) > 1:
            extra["alternate"] = [
                {"name": lang, "link": "/" if lang == self.default else f"/{lang}/", "lang": lang}
                for lang in self.languages
            ]
        config = load_config(
            str(self.config_file),
            site_dir=str(Path(self._site_dir) / (prefix or "_")),
            site_url=self.site_url + prefix,
            plugins=plugins,
            theme=theme,
            extra=extra,
        )
        ours = config.plugins.get("journey-maps")
        if ours is not None:
            ours.published_languages = tuple(self.languages)  # no "checked but not published" warnings
            ours.lazy = True  # its pages rendered one by one, as they are asked for
        config.plugins.on_startup(command="serve", dirty=False)
        config = config.plugins.on_config(config)
        config.plugins.on_pre_build(config=config)
        files = get_files(config)
        _use_translated_pages(files, config, language, self.languages)
        env = config.theme.get_env()
        files.add_files_from_theme(env, config)
        files = config.plugins.on_files(files, config=config)
        set_exclusions(files, config)
        nav = get_navigation(files, config)
        nav = config.plugins.on_nav(nav, config=config, files=files)
        for file in files.documentation_pages():
            page = file.page or Page(None, file, config)
            page.read_source(config)  # titles for the navigation, from each page's front matter
        env = config.plugins.on_env(env, config=config, files=files)
        return Prepared(config, files, nav, env, {f.dest_uri: f for f in files})

    # -- answering a request ---------------------------------------------------------------------

    def answer(self, path: str) -> tuple[int, str, bytes]:
        """(status, content type, body) for a URL path of the site; for a redirect (301), the
        content type is the new location."""
        language, rest = self._language_of(path)
        try:
            prepared = self.prepared(language)
        except PreviewError as exc:
            return 500, "text/html; charset=utf-8", self._error_page(str(exc))
        dest = urllib.parse.unquote(rest)
        if dest == "" or dest.endswith("/"):
            dest += "index.html"
        file = prepared.by_dest.get(dest)
        if file is None and dest + "/index.html" in prepared.by_dest:  # a folder: its relative links need the "/"
            return 301, "/" + path.lstrip("/") + "/", b""
        if file is None and dest in prepared.config.theme.static_templates:  # sitemap.xml, 404.html
            with self._lock:
                text = self._render_template(prepared, dest)
            return 200, mimetypes.guess_type(dest)[0] or "text/html", text.encode("utf-8")
        if file is None and dest == "search/search_index.json":
            with self._lock:
                index = material.search_index(prepared.config)
            if index is not None:  # the pages opened so far: the preview renders no others
                return 200, "application/json", index.encode("utf-8")
        if file is None:
            return 404, "text/html; charset=utf-8", self._error_page(f"There is no page at /{path.lstrip('/')}.")
        if file.is_documentation_page():
            try:
                with self._lock:
                    text = self._render(prepared, file)
            except (MkDocsException, OSError, ValueError) as exc:
                log.error("%s: %s", file.src_uri, exc)
                return 500, "text/html; charset=utf-8", self._error_page(str(exc))
            return 200, "text/html; charset=utf-8", self._with_reload(text).encode("utf-8")
        kind = mimetypes.guess_type(file.dest_uri)[0] or "application/octet-stream"
        return 200, kind, file.content_bytes

    def _language_of(self, path: str) -> tuple[str, str]:
        parts = path.lstrip("/").split("/", 1)
        if parts[0] in self.languages and parts[0] != self.default:
            return parts[0], parts[1] if len(parts) > 1 else ""
        return self.default, path.lstrip("/")

    def _render(self, prepared: Prepared, file: File) -> str:
        """One page through the events ``mkdocs build`` runs for it, with a fresh read of its source."""
        config, files, nav = prepared.config, prepared.files, prepared.nav
        page = file.page or Page(None, file, config)
        ours = config.plugins.get("journey-maps")
        source = ours.page_source(file.src_uri) if ours is not None and ours.lazy else None
        if source is not None:
            file.content_string = source
        try:
            page.read_source(config)
            page.markdown = config.plugins.on_page_markdown(page.markdown, page=page, config=config, files=files)
            page.render(config, files)
            page.content = config.plugins.on_page_content(page.content, page=page, config=config, files=files)
            page.active = True
            context = get_context(nav, files, config, page)
            context = config.plugins.on_page_context(context, page=page, config=config, nav=nav)
            template = prepared.env.get_template(page.meta.get("template", "main.html"))
            output = template.render(context)
            return config.plugins.on_post_page(output, page=page, config=config)
        finally:
            page.active = False

    def _render_template(self, prepared: Prepared, name: str) -> str:
        """One of the theme's static templates, as ``mkdocs build`` renders it."""
        config = prepared.config
        context = get_context(prepared.nav, prepared.files, config)
        context = config.plugins.on_template_context(context, template_name=name, config=config)
        output = prepared.env.get_template(name).render(context)
        return config.plugins.on_post_template(output, template_name=name, config=config)

    def _with_reload(self, text: str) -> str:
        script = _RELOAD_SCRIPT % (self.version, RELOAD_PATH)
        head, sep, tail = text.rpartition("</body>")
        return head + script + sep + tail if sep else text + script

    def _error_page(self, message: str) -> bytes:
        lines = "".join(f"<li><code>{html.escape(line)}</code></li>" for line in message.split("; ") if line)
        page = (
            '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Preview: a problem</title>'
            '<meta name="viewport" content="width=device-width, initial-scale=1"></head>'
            '<body style="font-family: sans-serif; margin: 2rem; line-height: 1.5">'
            '<h1>The preview cannot show this page</h1><ul class="journey-maps-problems">'
            f"{lines}</ul><p>Fix the file and save: this page reloads by itself.</p></body></html>"
        )
        return self._with_reload(page).encode("utf-8")

    # -- watching --------------------------------------------------------------------------------

    def watched(self) -> list[Path]:
        """The files whose change reloads the preview: mkdocs.yml, docs_dir, maps_dir, the overrides."""
        settings = self.settings
        places = [self.config_file, settings.docs_dir, settings.maps_dir]
        return [*places, settings.custom_dir] if settings.custom_dir else places


def _use_translated_pages(files: Files, config: MkDocsConfig, language: str, languages: Sequence[str]) -> None:
    """``page.<lang>.md`` stands in for ``page.md`` in its language; the other languages' files go."""
    suffixes = {f".{lang}" for lang in languages}
    for file in list(files):
        stem, ext = posixpath.splitext(file.src_uri)
        base, suffix = posixpath.splitext(stem)
        if suffix not in suffixes:
            continue
        files.remove(file)
        if suffix != f".{language}":
            continue
        original = files.get_file_from_path(base + ext)
        if original is not None:
            files.remove(original)
        files.append(File.generated(config, base + ext, abs_src_path=file.abs_src_path))


def _snapshot(places: Sequence[Path]) -> dict[str, float]:
    stamps: dict[str, float] = {}
    for place in places:
        for path in _walk(place):
            try:
                stamps[path] = os.stat(path).st_mtime_ns
            except OSError:
                continue
    return stamps


def _walk(place: Path) -> Iterator[str]:
    if place.is_file():
        yield str(place)
        return
    for folder, dirs, names in os.walk(place):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in names:
            yield os.path.join(folder, name)


def watch(site: Site, *, interval: float = 0.2, stop: threading.Event) -> None:
    """Poll the watched files; on a change, tell the site (the open pages then reload)."""
    before = _snapshot(site.watched())
    while not stop.wait(interval):
        now = _snapshot(site.watched())
        if now != before:
            before = now
            log.info("a file changed: reloading")
            site.changed()


def serve(config_file: Path, *, host: str = "127.0.0.1", port: int = 8000, ready=None) -> None:
    """Serve the preview until interrupted; ``ready(url)`` is called once the server listens."""
    site = Site(config_file, site_url=f"http://{host}:{port}/")
    site.prepared(site.default)  # the default language now; the others on their first request

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            path = urllib.parse.urlsplit(self.path).path
            if path == RELOAD_PATH:
                status, kind, body = 200, "text/plain", str(site.version).encode()
            else:
                status, kind, body = site.answer(path)
            try:
                self.send_response(status)
                if status == 301:
                    self.send_header("Location", kind)
                    kind = "text/plain"
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Cache-Control", "no-store")
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):  # the browser went on to another page
                pass

        def log_message(self, format: str, *args: object) -> None:
            log.debug(format, *args)

    server = http.server.ThreadingHTTPServer((host, port), Handler)
    stop = threading.Event()
    watcher = threading.Thread(target=watch, args=(site,), kwargs={"stop": stop}, daemon=True)
    watcher.start()
    url = f"http://{host}:{server.server_address[1]}/"
    log.info("preview at %s (languages: %s)", url, ", ".join(site.languages))
    if ready is not None:
        ready(url)
    try:
        server.serve_forever()
    finally:
        stop.set()
        server.server_close()
