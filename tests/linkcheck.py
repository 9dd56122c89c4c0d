"""Check every relative link and anchor of a built site."""

from __future__ import annotations

import posixpath
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"] or "")
        if tag == "a" and values.get("href"):
            self.links.append(values["href"] or "")
        if tag == "img" and values.get("src"):
            self.links.append(values["src"] or "")


def _parse(path: Path) -> _Collector:
    collector = _Collector()
    collector.feed(path.read_text(encoding="utf-8"))
    return collector


def broken_links(site: Path, pages: list[str]) -> list[str]:
    """Links from ``pages`` (paths under site) whose file or #anchor does not exist."""
    cache: dict[Path, _Collector] = {}

    def parsed(path: Path) -> _Collector:
        if path not in cache:  # (setdefault would parse every time: its default is evaluated first)
            cache[path] = _parse(path)
        return cache[path]

    problems = []
    for page in pages:
        source = site / page
        collector = parsed(source)
        for link in collector.links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or link.startswith("mailto:"):
                continue
            if parts.path.startswith("/"):  # root-absolute (static-i18n's language links): the site is at the root
                target = site / unquote(parts.path).lstrip("/")
            else:
                target = source if not parts.path else (source.parent / unquote(parts.path))
            if target.is_dir() or parts.path.endswith("/"):
                target = target / "index.html"
            target = Path(posixpath.normpath(str(target)))
            if not target.exists():
                problems.append(f"{page}: {link} -> missing file")
                continue
            if parts.fragment and target.suffix == ".html":
                ids = parsed(target).ids
                if unquote(parts.fragment) not in ids:
                    problems.append(f"{page}: {link} -> missing anchor")
    return problems
