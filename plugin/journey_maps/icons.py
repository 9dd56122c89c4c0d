"""Inline SVG icons from Material for MkDocs' icon set, when it is installed."""

from __future__ import annotations

import importlib.util
import re
from functools import cache
from pathlib import Path

_NAME = re.compile(r"^[a-z0-9-]+(/[a-z0-9-]+)+$")


@cache
def _icon_root() -> Path | None:
    spec = importlib.util.find_spec("material")
    if spec is None or not spec.submodule_search_locations:
        return None
    root = Path(next(iter(spec.submodule_search_locations))) / "templates" / ".icons"
    return root if root.is_dir() else None


@cache
def icon_svg(name: str) -> str | None:
    """The SVG markup of icon ``name`` (e.g. ``material/storefront``), or None."""
    root = _icon_root()
    if root is None or not _NAME.fullmatch(name):
        return None
    path = root / f"{name}.svg"
    try:
        return path.read_text(encoding="utf-8").strip()
    except OSError:
        return None


def icon_exists(name: str) -> bool | None:
    """Whether Material has icon ``name``; None when Material is not installed."""
    if _icon_root() is None:
        return None
    return icon_svg(name) is not None
