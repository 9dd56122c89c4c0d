"""mike: versioned releases of the site, each built by mike into its own folder."""

from __future__ import annotations

import os

from mkdocs.config.defaults import MkDocsConfig

VERSION_ENV = "MIKE_DOCS_VERSION"
"""Set by mike for the builds it runs (mike/mkdocs_utils.py: docs_version_var)."""


def drop_version_selector_outside_mike(config: MkDocsConfig) -> None:
    """Leave out Material's mike version selector on builds that mike does not run.

    With `extra.version.provider: mike`, every page fetches `../versions.json` from the
    version folder's parent. mike writes that file at the root of its gh-pages branch, and
    sets MIKE_DOCS_VERSION while it builds; a plain `mkdocs build` or `mkdocs serve` has no
    such file, so every page would log a 404 in the browser console and show an empty
    selector. The site's configuration stays as written, for mike's builds.
    """
    version = config.extra.get("version")
    if isinstance(version, dict) and version.get("provider") == "mike" and not os.environ.get(VERSION_ENV):
        del config.extra["version"]
