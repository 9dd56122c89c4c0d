"""Markdown fields of the maps (summary, description, bio) rendered safely to HTML.

Authors keep Markdown (emphasis, lists, tables, code, links), but nothing that
could run in a reader's browser: raw HTML is shown as text, there is no
attribute syntax, and links and images only keep safe addresses
(http, https, mailto, relative). The result is placed in the page as HTML, so
the site's own Markdown extensions (attr_list, md_in_html …) never see author text.
"""

from __future__ import annotations

import re
import threading
import xml.etree.ElementTree as etree

import markdown
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

_SAFE_SCHEME = re.compile(r"^(?:https?:|mailto:|[^:/?#]*(?:[/?#]|$))", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x20\x7f]+")


def safe_url(url: str) -> bool:
    """True for http(s), mailto and relative addresses; false for javascript:, data: and others."""
    return bool(_SAFE_SCHEME.match(_CONTROL.sub("", url)))


class _LinkGuard(Treeprocessor):
    """Drops unsafe link targets and image sources; marks outside links noopener."""

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            for attribute in ("href", "src"):
                value = element.get(attribute)
                if value is not None and not safe_url(value):
                    del element.attrib[attribute]
                    element.set("data-jm-removed", attribute)
            if element.tag == "a" and element.get("href", "").lower().startswith(("http:", "https:")):
                element.set("rel", "noopener noreferrer")


class _Restricted(markdown.Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(_LinkGuard(md), "jm_link_guard", 1)


_local = threading.local()


def _instance() -> markdown.Markdown:
    md = getattr(_local, "md", None)
    if md is None:
        md = markdown.Markdown(extensions=["tables", "fenced_code", "sane_lists", _Restricted()])
        _local.md = md
    return md


def render(text: str) -> Markup:
    """Author Markdown → HTML that cannot carry markup of its own."""
    md = _instance()
    md.reset()
    return Markup(md.convert(text))
