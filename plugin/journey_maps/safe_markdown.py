"""Markdown fields of the maps (summary, description, bio) rendered safely to HTML.

Authors keep Markdown (emphasis, lists, tables, code, links), but nothing that
could run in a reader's browser: raw HTML is shown as text, there is no
attribute syntax, and links and images only keep safe addresses
(http, https, mailto, relative). The result is placed in the page as HTML, so
the site's own Markdown extensions (attr_list, md_in_html …) never see author text.
"""

from __future__ import annotations

import functools
import re
import threading
import xml.etree.ElementTree as etree

import markdown
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

from . import urls


class _LinkGuard(Treeprocessor):
    """Drops unsafe link targets and image sources; marks outside links noopener.

    Runs last, on the tree as it will be written, and judges each address as the
    browser will read it (character references decoded, see ``urls``): the
    serializer keeps references such as ``&#58;`` as they are.
    """

    def run(self, root: etree.Element) -> None:
        for element in list(root.iter()):
            for attribute in ("href", "src"):
                value = element.get(attribute)
                if value is not None and not urls.is_safe(value):
                    self.md.jm_refused.append(value)  # type: ignore[attr-defined]
                    _disarm(element, attribute)
            if element.tag == "a" and urls.is_external(element.get("href", "")):
                element.set("rel", "noopener noreferrer")


def _disarm(element: etree.Element, attribute: str) -> None:
    """A link or image whose address was refused becomes plain text (a ``span``), marked as such.

    Not an ``a`` without ``href``: a reader's click on it would still reach the theme's
    link handling (Material's instant navigation throws on an empty address).
    """
    if element.tag == "img" and not len(element):
        element.text = element.get("alt", "")
    for name in list(element.attrib):
        del element.attrib[name]
    element.tag = "span"
    element.set("class", "jm-removed-link")
    element.set("data-jm-removed", attribute)


class _Restricted(markdown.Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        # After every other tree processor (unescape is 0): nothing changes an address once judged.
        md.treeprocessors.register(_LinkGuard(md), "jm_link_guard", -1)


_local = threading.local()
_NEWLINES = re.compile(r"\r\n|\r|\n|\u2028|\u2029")


def _instance() -> markdown.Markdown:
    md = getattr(_local, "md", None)
    if md is None:
        md = markdown.Markdown(extensions=["tables", "fenced_code", "sane_lists", _Restricted()])
        _local.md = md
    return md


def render(text: str) -> Markup:
    """Author Markdown → HTML that cannot carry markup of its own."""
    return _convert(_prepared(text))[0]


def refused(text: str) -> list[str]:
    """The link and image addresses of ``text`` that ``render`` removes, as written."""
    return list(_convert(_prepared(text))[1])


@functools.lru_cache(maxsize=20_000)  # every Markdown field of 1,000 maps (about 8,300): a rebuild converts none again
def _convert(text: str) -> tuple[Markup, tuple[str, ...]]:
    """One conversion per text: the check (refused) and the page (render) of a field share it."""
    md = _instance()
    md.reset()
    md.jm_refused = []  # type: ignore[attr-defined]
    html = Markup(md.convert(text))
    return html, tuple(md.jm_refused)  # type: ignore[attr-defined]


def _prepared(text: str) -> str:
    """Line ends made ``\\n``, outer blank lines dropped, and the indentation common to all lines
    removed, so a block written with an indented YAML literal does not turn into a code block."""
    lines = _NEWLINES.split(text.strip("\n"))
    indents = [len(line) - len(line.lstrip(" ")) for line in lines if line.strip()]
    cut = min(indents) if indents else 0
    return "\n".join(line[cut:] for line in lines)
