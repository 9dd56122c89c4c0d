"""MkDocs hook: write every file the journey-maps plugin generates into ``$JOURNEY_MAPS_FLOOR/docs``.

Used by ``run.py`` to make the floor site: the very same pages, as plain Markdown files. The
pages the plugin keeps out of the navigation are listed in ``$JOURNEY_MAPS_FLOOR/not_in_nav.txt``
(read by ``floor_nav.py``), every page it generates in ``generated.txt`` (for the page-count
floor; each as ``generate`` writes it: Markdown headings, nothing set aside), and the stylesheet
and scripts it adds in ``extra.json``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from mkdocs.plugins import event_priority

_INLINE: dict[str, str] = {}


@event_priority(-150)  # before the journey-maps plugin's on_files (-200), which lets its maps go once done
def on_files(files, config):
    plugin = config.plugins["journey-maps"]
    pages = plugin.prepared.pages(plugin._language(config), **plugin.page_options(config))
    _INLINE.clear()
    _INLINE.update((page.src_uri, page.markdown) for page in pages)
    return files


def on_nav(nav, config, files):  # every plugin's on_files has run
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
        if file.src_uri in plugin.generated.spliced:  # the page as `generate` writes it: nothing set aside
            target.write_text(_INLINE[getattr(file, "norm_src_uri", None) or file.src_uri], encoding="utf-8")
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
    return nav
