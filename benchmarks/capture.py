"""MkDocs hook: write every file the journey-maps plugin generates into ``$JOURNEY_MAPS_FLOOR/docs``.

Used by ``run.py`` to make the floor site: the very same pages, as plain Markdown files. The
pages the plugin keeps out of the navigation are listed in ``$JOURNEY_MAPS_FLOOR/not_in_nav.txt``
(read by ``floor_nav.py``), every page it generates in ``generated.txt`` (for the page-count
floor), and the stylesheet and scripts it adds in ``extra.json``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from mkdocs.plugins import event_priority

from journey_maps.render.pages import splice


@event_priority(-1000)  # after every plugin, the journey-maps plugin's on_files (-200) included
def on_files(files, config):
    out = Path(os.environ["JOURNEY_MAPS_FLOOR"])
    plugin = config.plugins["journey-maps"]
    hidden, pages = [], []
    for file in files:
        if file.generated_by != "journey-maps":
            continue
        if file.src_uri.endswith(".md"):
            pages.append(file.src_uri)
        target = out / "docs" / file.src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        blocks = plugin.generated.spliced.get(file.src_uri)
        if blocks:  # the finished HTML the plugin sets aside from Markdown, back in place: the whole page
            text = splice(file.content_string, blocks)
            target.write_text(text, encoding="utf-8")
        else:
            target.write_bytes(file.content_bytes)
        if file.inclusion.is_not_in_nav():
            hidden.append(file.src_uri)
    with (out / "not_in_nav.txt").open("a", encoding="utf-8") as listing:
        listing.writelines(f"{uri}\n" for uri in hidden)
    with (out / "generated.txt").open("a", encoding="utf-8") as listing:
        listing.writelines(f"{uri}\n" for uri in pages)
    extra = {"extra_css": list(map(str, config.extra_css)), "extra_javascript": list(map(str, config.extra_javascript))}
    (out / "extra.json").write_text(json.dumps(extra), encoding="utf-8")
    return files
