"""Journey Maps for MkDocs: customer-journey maps in YAML, published as a site.

The public surface, for a user's script or another tool (everything else is internal and may
change between releases):

- ``check(maps_dir)``: read a maps folder and run every check; a ``Checked`` with ``maps`` and
  the located ``problems`` (``errors``, ``warnings``).
- ``load_maps(maps_dir)``: the same, as a ``MapSet``; raises ``MapsError`` (every error, located) when
  a map is broken.
- ``render_pages(maps)``: the generated pages of a ``MapSet`` (``Page``: ``src_uri``, ``markdown``, ``kind``).
- ``generate(out_dir)``: write the site's pages and files for any engine (``journey-maps generate``).

The MkDocs plugin (``journey_maps.mkdocs_plugin``) and the command line (``journey_maps.cli``)
are built on the same functions.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

__version__ = "0.1.0"
__all__ = ["MapsError", "check", "generate", "load_maps", "render_pages"]

if TYPE_CHECKING:
    from .catalog import MapSet
    from .generator import Change
    from .project import Checked
    from .render.pages import Page


class MapsError(Exception):
    """The maps have errors: ``problems`` holds each (``str(problem)`` is ``file:line:column: …``)."""

    def __init__(self, problems: list) -> None:
        self.problems = problems
        super().__init__("\n".join(map(str, problems)))


def check(
    maps_dir: str | Path = "maps", *, root: str | Path | None = None, today: datetime.date | None = None
) -> Checked:
    """Read ``maps_dir`` and run every check (paths in problems relative to ``root``, default: the current folder)."""
    from .project import check_maps, review_today

    top = Path(root or Path.cwd()).resolve()
    return check_maps(Path(maps_dir).resolve(), root=top, docs_dir=None, today=review_today(today))


def load_maps(
    maps_dir: str | Path = "maps", *, root: str | Path | None = None, today: datetime.date | None = None
) -> MapSet:
    """The checked maps of ``maps_dir``; raises MapsError when one has an error (warnings are allowed)."""
    checked = check(maps_dir, root=root, today=today)
    if checked.errors:
        raise MapsError(checked.errors)
    return checked.maps


def render_pages(
    maps: MapSet,
    *,
    language: str = "en",
    options: Mapping[str, object] | None = None,
    template_dirs: Sequence[str | Path] = (),
) -> list[Page]:
    """Every generated page of ``maps`` in ``language`` (``options``: the plugin's, as in mkdocs.yml)."""
    from .site import Prepared

    prepared = Prepared(_options(options), maps)
    return prepared.pages(language, template_dirs=[Path(d) for d in template_dirs])


def generate(
    out_dir: str | Path,
    *,
    root: str | Path | None = None,
    languages: Sequence[str] = ("en",),
    options: Mapping[str, object] | None = None,
    check_only: bool = False,
) -> list[Change]:
    """Bring ``out_dir`` up to date with the maps of ``root`` (``options``: the plugin's; ``maps_dir``
    relative to ``root``). Returns what differed; with ``check_only``, writes nothing."""
    from . import generator as generating
    from . import site

    top = Path(root or Path.cwd()).resolve()
    chosen = _options(options)

    def ignore(level: int, text: str) -> None:
        pass

    prepared = site.prepare(chosen, root=top, docs_dir=None, published=list(languages), say=ignore)
    files = generating.files(prepared, root=top, languages=list(languages))
    if check_only:
        return generating.differences(Path(out_dir), files)
    return generating.write(Path(out_dir), files)


def _options(given: Mapping[str, object] | None):
    """The plugin's options from a mapping (as under ``journey-maps:`` in mkdocs.yml), validated."""
    from .config import JourneyMapsConfig

    options = JourneyMapsConfig()
    options.load_dict(dict(given or {}))
    failed, _ = options.validate()
    if failed:
        raise ValueError("; ".join(f"{name}: {error}" for name, error in failed))
    return options
