"""Write plugin/journey_maps/locales/journey_maps.pot: every message of the plugin's own words.

Usage: .venv/bin/python scripts/extract_messages.py   (then update each locales/<lang>/LC_MESSAGES/journey_maps.po)
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import write_po

PACKAGE = Path(__file__).resolve().parent.parent / "plugin" / "journey_maps"
POT = PACKAGE / "locales" / "journey_maps.pot"
METHODS = [("render/templates/**.jinja", "jinja2"), ("**.py", "python")]
OPTIONS = {"render/templates/**.jinja": {"extensions": "jinja2.ext.i18n"}}
VOLATILE_HEADERS = (b'"POT-Creation-Date:', b'"Generated-By:')
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}


def catalogue() -> Catalog:
    catalog = Catalog(project="mkdocs-journey-maps", fuzzy=False, header_comment="# The plugin's own words.")
    for filename, lineno, message, comments, context in extract_from_dir(
        str(PACKAGE), METHODS, options_map=OPTIONS, keywords=KEYWORDS, strip_comment_tags=True
    ):
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return catalog


def render(catalog: Catalog) -> bytes:
    import io

    out = io.BytesIO()
    write_po(out, catalog, omit_header=False, sort_output=True, no_location=True, width=100)
    # Keep the file stable across runs and Babel releases: drop the creation date and the
    # "Generated-By: Babel x.y" header, which change with the clock and the installed Babel.
    lines = out.getvalue().splitlines(keepends=True)
    return b"".join(line for line in lines if not line.startswith(VOLATILE_HEADERS))


def main() -> int:
    data = render(catalogue())
    if "--check" in sys.argv:
        return 0 if POT.is_file() and POT.read_bytes() == data else 1
    POT.parent.mkdir(parents=True, exist_ok=True)
    POT.write_bytes(data)
    print(POT)
    return 0


if __name__ == "__main__":
    sys.exit(main())
