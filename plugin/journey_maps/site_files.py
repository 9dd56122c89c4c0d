"""The files a site needs besides its pages: stylesheet, scripts, the Mermaid library, the data exports.

One table, read by the MkDocs plugin (which adds them to the build and to ``extra_css`` /
``extra_javascript``) and by ``journey-maps generate`` (which writes them and names them in the
configuration it prints).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from . import export, parallel
from .catalog import MapSet
from .pagekinds import Paths

PACKAGED = Path(__file__).parent / "assets"
DEFAULT_MERMAID_JS = "node_modules/mermaid/dist/mermaid.min.js"
MERMAID_URI = "assets/javascripts/mermaid.min.js"
"""Where Material looks for a Mermaid library of the site's own (it loads one from a CDN otherwise)."""


@dataclass(frozen=True)
class Asset:
    uri: str
    """Where it goes in the site."""
    source: Path
    stylesheet: bool = False
    """A stylesheet (``extra_css``); else a script (``extra_javascript``)."""
    listed: bool = True
    """Loaded by every page; False: a file that a script fetches when a page needs it."""


def assets(
    options, *, mermaid_js: Path | None, instant_languages: bool = False, eager_mermaid: bool = False
) -> list[Asset]:
    """The files of the plugin's ``options``, in the order the pages load them.

    ``mermaid_js``: the site's Mermaid library (None: the site loads Mermaid itself);
    ``instant_languages``: a static-i18n site with instant navigation, whose language switcher
    needs journey-maps-languages.js; ``eager_mermaid``: load Mermaid on every page (the mermaid2
    plugin is listed and looks for the library in ``extra_javascript``).
    """

    def own(name: str, **kind: bool) -> Asset:
        return Asset(f"assets/journey-maps/{name}", PACKAGED / name, **kind)

    chosen: list[Asset] = []
    if options.stylesheet:
        chosen.append(own("journey-maps.css", stylesheet=True))
    if options.insights:
        chosen.append(own("journey-maps-tables.js"))  # filters and sorting of the insight backlogs
    if options.stylesheet:
        chosen.append(own("journey-maps-print.js"))  # the print layout: see journey-maps.css
        chosen.append(own("journey-maps-journey.js"))  # the diagram's full-screen view, opening a linked step
    if mermaid_js is not None:
        if not eager_mermaid:
            # A stand-in for the global `mermaid` that fetches the library on the first diagram,
            # also after instant navigation: pages without a diagram download no Mermaid.
            chosen.append(own("journey-maps-mermaid.js"))
        chosen.append(Asset(MERMAID_URI, mermaid_js, listed=eager_mermaid))
    if instant_languages:
        chosen.append(own("journey-maps-languages.js"))
    return chosen


def mermaid_library(options, root: Path) -> Path | None:
    """The Mermaid library the site serves (``mermaid_js``, relative to the project), or None when
    the option is an empty string (the site loads Mermaid itself)."""
    if options.mermaid_js == "":
        return None
    return (root / (options.mermaid_js or DEFAULT_MERMAID_JS)).resolve()


def exports(maps: MapSet, paths: Paths, prefix: str = "", *, workers: int = 1) -> Iterator[tuple[str, str]]:
    """The insight data as CSV and JSON: (src_uri under ``prefix``, text) for each; ``workers``
    processes share the kinds of data (see ``parallel.split_map``)."""

    def both(what: str) -> tuple[tuple[str, str], tuple[str, str]]:
        data = export.rows(maps, what)
        return (
            (prefix + paths.export(what, "csv"), export.to_csv(data, what, bom=True)),
            (prefix + paths.export(what, "json"), export.to_json(data)),
        )

    for files in parallel.split_map(export.KINDS, both, workers=workers):
        yield from files
