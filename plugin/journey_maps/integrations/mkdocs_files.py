"""The generated pages and files as MkDocs ``File``s (in memory: nothing is written into ``docs_dir``)."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Sequence
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page as Page_
from mkdocs.structure.toc import AnchorLink, TableOfContents

from ..pagekinds import KINDS
from ..render.pages import OVERRIDE_FOLDER, PLACEHOLDER, Page, Permalink, Spliced
from ..site_files import Asset
from . import static_i18n

REQUIRED_EXTENSIONS = ("attr_list", "md_in_html", "tables")


class Clash(Exception):
    """A page of docs_dir is in the way of a generated page."""


def configure(config: MkDocsConfig, assets: Sequence[Asset], watched: Path) -> None:
    """Watch the maps; turn on the Markdown extensions the pages need; load the stylesheet and scripts."""
    if str(watched) not in map(str, config.watch):
        config.watch.append(str(watched))
    names = {ext if isinstance(ext, str) else next(iter(ext)) for ext in config.markdown_extensions}
    config.markdown_extensions.extend(ext for ext in REQUIRED_EXTENSIONS if ext not in names)
    for asset in (a for a in assets if a.listed):
        listed = config.extra_css if asset.stylesheet else config.extra_javascript
        if asset.uri not in map(str, listed):
            listed.append(asset.uri)


def drop_template_overrides(files: Files) -> None:
    """Template overrides live in the theme's custom_dir, whose files MkDocs would publish as static assets."""
    for file in list(files):
        if file.src_uri.startswith(f"{OVERRIDE_FOLDER}/") and file.src_uri.endswith(".jinja"):
            files.remove(file)


def add_files(files: Files, config: MkDocsConfig, assets: Sequence[Asset], exports) -> None:
    """The assets and the exports (``(src_uri, text)``), unless the site has a file of its own there."""
    for asset in assets:
        if files.get_file_from_path(asset.uri) is None:
            files.append(File.generated(config, asset.uri, abs_src_path=str(asset.source)))
    for src_uri, text in exports:
        if files.get_file_from_path(src_uri) is None:
            files.append(File.generated(config, src_uri, content=text))


def add_pages(
    files: Files,
    config: MkDocsConfig,
    pages: Sequence[Page],
    *,
    root: Path,
    unlisted: frozenset[str],
    i18n: static_i18n.Build | None,
) -> dict[str, Page]:
    """Add ``pages`` to ``files``; returns each by the src_uri of its file. Raises Clash."""
    docs_dir = Path(config.docs_dir).resolve()
    # Every written page by where it lands: `x.md`, `x/index.md` and `x/README.md` all become
    # x/index.html, so a hand-written page is in the way of a generated one whatever its form.
    written = {file.dest_uri: file for file in files if not file.generated_by}
    clashes: list[str] = []
    added: dict[str, Page] = {}
    for page in pages:
        in_the_way = files.get_file_from_path(page.src_uri)
        if in_the_way is not None:
            clashes.append(f"{_shown(config, in_the_way)} has the path of the generated {page.src_uri}")
            continue
        kind = KINDS[page.kind]
        # With an explicit nav, only the index pages are placed by the author (navigation.py);
        # the others must not be reported as missing. Sections longer than nav_limit list only their index.
        hidden = (config.nav is not None and not kind.placed_by_author) or not kind.in_nav or page.kind in unlisted
        inclusion = InclusionLevel.NOT_IN_NAV if hidden else InclusionLevel.UNDEFINED
        if i18n is None:
            file = File.generated(config, page.src_uri, content=page.markdown, inclusion=inclusion)
        else:
            file = i18n.page_file(config, page.src_uri, page.markdown, inclusion)
        in_the_way = written.get(file.dest_uri)
        if in_the_way is not None:
            clashes.append(
                f"{_shown(config, in_the_way)} and the generated {page.src_uri} would both be {file.dest_uri}"
            )
            continue
        if page.source:
            origin = (root / page.source).resolve()
            file.edit_uri = posixpath.relpath(origin.as_posix(), docs_dir.as_posix())
        files.append(file)
        added[file.src_uri] = page
    if clashes:
        raise Clash(
            "journey-maps: a page of docs_dir is in the way of a generated page (one would hide the other): "
            + "; ".join(clashes)
            + ". Rename the page, or move the generated pages with journeys_path, personas_path, "
            "touchpoints_path or insights_path"
        )
    return added


def _shown(config: MkDocsConfig, file: File) -> str:
    """A docs_dir file as a reader of the message finds it: relative to the project, as a path."""
    docs = Path(config.docs_dir)
    root = Path(config.config_file_path or ".").parent
    try:
        return (docs / file.src_path).relative_to(root).as_posix()
    except ValueError:
        return (docs / file.src_path).as_posix()


def _toc(config: MkDocsConfig) -> dict | None:
    """The settings of the site's ``toc`` extension (None: the site does not use it)."""
    names = {ext if isinstance(ext, str) else next(iter(ext)) for ext in config.markdown_extensions}
    if "toc" not in names and "markdown.extensions.toc" not in names:
        return None
    configs = config.mdx_configs or {}
    return configs.get("toc") or configs.get("markdown.extensions.toc") or {}


def permalink(config: MkDocsConfig) -> Permalink | None:
    """The permalink the site's ``toc`` extension puts on headings, for the headings pages write as HTML."""
    toc = _toc(config)
    return None if toc is None else Permalink.of(toc)


_HEADING_OR_BLOCK = re.compile(r'<h([1-6])\b[^>]*?\sid="([^"]+)"|' + PLACEHOLDER.pattern)
_ID = re.compile(r' id="([^"]+)"')  # the markup the templates write: a literal prefix, found fast


def toc_levels(config: MkDocsConfig) -> tuple[int, int]:
    """The heading levels the site's table of contents lists (the ``toc`` extension's ``toc_depth``)."""
    depth = (_toc(config) or {}).get("toc_depth", 6)
    try:
        if isinstance(depth, str) and "-" in depth:
            low, high = (int(part) for part in depth.split("-", 1))
            return low, high
        return 1, int(depth)
    except (TypeError, ValueError):
        return 1, 6  # the toc extension refuses such a value itself


def complete_page(page: Page_, html: str, blocks: Sequence[Spliced], levels: tuple[int, int] = (1, 6)) -> None:
    """What MkDocs reads from a page's Markdown, completed with its set-aside HTML: the table of
    contents gets the headings written as HTML (in page order), and the ids of the set-aside HTML
    count as the page's anchors (for MkDocs' validation of links to anchors)."""
    if page.present_anchor_ids is not None:
        page.present_anchor_ids |= {found for block in blocks for found in _ID.findall(block.html)}
    if not any(block.headings for block in blocks):
        return
    known = {item.id: item for item in _flat(page.toc)}
    ordered: list[tuple[int, str, str]] = []
    for match in _HEADING_OR_BLOCK.finditer(html):
        if match[1] and match[2] in known:
            ordered.append((int(match[1]), match[2], known[match[2]].title))
        elif match[3] and int(match[3]) < len(blocks):
            ordered += [
                (h.level, h.id, h.title) for h in blocks[int(match[3])].headings if levels[0] <= h.level <= levels[1]
            ]
    roots: list[AnchorLink] = []
    stack: list[AnchorLink] = []
    for level, anchor, title in ordered:
        link = AnchorLink(title, anchor, level)
        while stack and stack[-1].level >= level:
            stack.pop()
        (stack[-1].children if stack else roots).append(link)
        stack.append(link)
    if roots:
        roots[0].active = True  # type: ignore[attr-defined]  # as MkDocs' get_toc does
    page.toc = TableOfContents(roots)


def _flat(items) -> list[AnchorLink]:
    return [found for item in items for found in (item, *_flat(item.children))]
