"""Read built HTML the way a reader sees it: the text, the elements and their attributes."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

_SKIP = {"script", "style", "template"}
_APART = {"td", "th", "tr", "li", "p", "div", "dt", "dd", "br", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol"}
"""Elements a reader sees apart from the next one (cells, items, blocks): their text ends with a space."""


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    text: str = ""


@dataclass
class Parsed:
    text: str
    elements: list[Element] = field(default_factory=list)


class _Parser(HTMLParser):
    def __init__(self, scope: str | None) -> None:
        super().__init__(convert_charrefs=True)
        self.scope = scope  # only inside this element (e.g. "article"), or the whole page
        self.depth = 0 if scope else 1
        self.skip = 0
        self.chunks: list[str] = []
        self.elements: list[Element] = []
        self.stack: list[Element] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.scope and tag == self.scope:
            self.depth += 1
        if not self.depth:
            return
        element = Element(tag, {k: v or "" for k, v in attrs})
        self.elements.append(element)
        if tag in _SKIP:
            self.skip += 1
            self.stack.append(element)

    def handle_endtag(self, tag: str) -> None:
        if tag in _APART and self.depth and not self.skip:
            self.chunks.append(" ")
        if tag in _SKIP and self.skip:
            self.skip -= 1
            self.stack.pop()
        if self.scope and tag == self.scope and self.depth:
            self.depth -= 1
            self.chunks.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.depth:
            return
        if self.skip:
            self.stack[-1].text += data
        else:
            self.chunks.append(data)


def parse(html: str, scope: str | None = "article") -> Parsed:
    parser = _Parser(scope)
    parser.feed(html)
    return Parsed(" ".join("".join(parser.chunks).split()), parser.elements)
