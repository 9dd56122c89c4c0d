"""Where the generated sections go in the site navigation.

- Without an explicit ``nav``, MkDocs builds sections from folders; the
  generated sections are moved right after the home page, in the order
  journeys, personas, touchpoints.
- With an explicit ``nav``, an entry that points at a generated index page
  (``- Journeys: journeys/index.md``) becomes a section holding that index and
  every page of its kind; generated pages the nav does not place stay out of it.
"""

from __future__ import annotations

from collections.abc import Mapping

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from .pagekinds import KINDS, sections

_ORDER = tuple(kind.kind for kind in sections())
_CHILD_KIND = {kind.kind: kind.lists for kind in KINDS.values() if kind.lists}
_LISTED_KINDS = tuple(kind.kind for kind in KINDS.values() if kind.limited)
"""Pages listed one by one in the navigation only up to the plugin's nav_limit."""


def unlisted_kinds(counts: Mapping[str, int], limit: int) -> frozenset[str]:
    """The page kinds (of ``counts``: pages per kind) too many to list one by one under their index."""
    return frozenset(kind for kind in _LISTED_KINDS if counts.get(kind, 0) > limit)


def place_sections(
    nav: Navigation,
    config: MkDocsConfig,
    files: Files,
    generated: dict[str, str],
    titles: dict[str, str] | None = None,
    unlisted: frozenset[str] = frozenset(),
) -> Navigation:
    """``titles``: section titles by index kind, for automatic navigation (in the site's language);
    ``unlisted``: page kinds whose section lists only its index page (see ``unlisted_kinds``)."""
    index_kind = {src: kind for src, kind in generated.items() if kind in _ORDER}
    if config.nav is None:
        _move_auto_sections(nav, index_kind, generated, titles or {})
    else:
        nav.items = [_expand(item, files, generated, index_kind, unlisted) for item in nav.items]
    relink(nav)
    return nav


def relink(nav: Navigation) -> None:
    """After items moved: the pages in reading order, each item's parent, each page's previous and next.

    What MkDocs does when it builds the navigation (in private functions of mkdocs.structure.nav,
    not imported here; tests/test_navigation.py compares the two on the same tree).
    """
    pages: list[Page] = []

    def walk(items: list, parent: Section | None) -> None:
        for item in items:
            item.parent = parent
            if isinstance(item, Page):
                pages.append(item)
            elif isinstance(item, Section):
                walk(item.children, item)

    walk(nav.items, None)
    nav.pages = pages
    for before, after in zip([None, *pages], [*pages, None], strict=True):
        if before is not None:
            before.next_page = after
        if after is not None:
            after.previous_page = before


def _index_of(item: object, index_kind: dict[str, str]) -> str | None:
    """The kind (from ``index_kind``: src_uri → kind) of the generated page an auto-nav item holds."""
    if isinstance(item, Page):
        return index_kind.get(item.file.src_uri)
    if isinstance(item, Section):
        for child in item.children:
            if isinstance(child, Page) and child.file.src_uri in index_kind:
                return index_kind[child.file.src_uri]
    return None


def _move_auto_sections(
    nav: Navigation, index_kind: dict[str, str], generated: dict[str, str], titles: dict[str, str]
) -> None:
    titled = {src: kind for src, kind in generated.items() if kind in titles}
    for item in nav.items:
        kind = _index_of(item, titled)
        if isinstance(item, Section) and kind is not None:
            item.title = titles[kind]  # MkDocs names it after the folder, in English
    ours = {kind: item for item in nav.items if (kind := _index_of(item, index_kind))}
    order = {src: i for i, src in enumerate(generated)}
    for item in ours.values():
        if isinstance(item, Section):  # same order as with an explicit nav: index, then by id
            item.children.sort(key=lambda c: order.get(getattr(getattr(c, "file", None), "src_uri", ""), len(order)))
    rest = [item for item in nav.items if _index_of(item, index_kind) is None]
    # The home page stays first. On another language's tree (static-i18n: fa/index.html) MkDocs
    # does not call it the homepage, but it is still the top-level index page.
    head = 1 if rest and isinstance(rest[0], Page) and (rest[0].is_homepage or rest[0].is_index) else 0
    placed = [ours[kind] for kind in _ORDER if kind in ours]
    nav.items = rest[:head] + placed + rest[head:]


def _expand(
    item: object, files: Files, generated: dict[str, str], index_kind: dict[str, str], unlisted: frozenset[str]
) -> object:
    if isinstance(item, Section):
        item.children = [_expand(child, files, generated, index_kind, unlisted) for child in item.children]
        return item
    if not isinstance(item, Page) or item.file.src_uri not in index_kind:
        return item
    child_kind = _CHILD_KIND.get(index_kind[item.file.src_uri])
    if child_kind is None:
        return item
    if child_kind in unlisted:
        return item  # too many to list: the index page links them all
    children: list = [item]
    for src_uri, kind in generated.items():
        file = files.get_file_from_path(src_uri)
        if kind == child_kind and file is not None and file.page is not None:
            children.append(file.page)
    # The author's nav title names the section; with Material's navigation.indexes
    # the section title then links to the index page.
    return Section(item.title or "", children)
