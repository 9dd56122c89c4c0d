"""MkDocs hook of the floor site: keep out of the navigation the pages the plugin keeps out of it.

Same effect as MkDocs' own ``not_in_nav`` setting, without matching every file against
thousands of patterns: a set lookup per file (see ``capture.py``).
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.structure.files import InclusionLevel

_LISTING = Path(__file__).resolve().parent / "not_in_nav.txt"


def on_files(files, config):
    hidden = set(_LISTING.read_text(encoding="utf-8").split()) if _LISTING.is_file() else set()
    for file in files:
        if file.src_uri in hidden:
            file.inclusion = InclusionLevel.NOT_IN_NAV
    return files
