"""Journey → Mermaid ``journey`` diagram text. All Mermaid escaping lives here.

Mermaid's journey grammar treats ``:`` ``;`` ``#`` as syntax, ``%%`` as a comment
or directive, ``,`` as the actor separator and line starts such as ``section``
as keywords. Mermaid decodes ``#NN;`` entity codes (its ``encodeEntities``)
before parsing and shows the characters in the SVG, so every such character
in author text is written as its code: whatever an author types shows as
written and can never change the diagram's structure or add directives.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from ..catalog import MapSet
from ..model import Journey

_ALWAYS = set(':;#%<>&"`{}\\=|') | {"\ufb02", "\u00b6"}  # ﬂ and ¶ are Mermaid's own placeholder marks
_KEYWORDS = ("journey", "title", "section", "acctitle", "accdescr")
_NEWLINES = re.compile(r"\r\n|\r|\n|\u2028|\u2029")
_INDENT_TITLE = "    "
# Configuration the plugin writes (never author text): keep the diagram at its
# natural width so long journeys scroll sideways (or open full screen) instead of
# shrinking to a sliver, with narrower steps than Mermaid's 150 + 50 units (the
# task text wraps); draw the title, the legend, the time axis and the dashed step
# lines in the page's text colour (`color` inherits into Material's shadow root),
# so they stay visible in dark mode.
_FRONT_MATTER = (
    "---\n"
    "config:\n"
    "  journey:\n"
    "    useMaxWidth: false\n"
    "    titleColor: currentColor\n"
    "    width: 120\n"
    "    taskMargin: 16\n"
    "    height: 64\n"
    '  themeCSS: ".legend { fill: currentColor; } .task-line, line[stroke=black] { stroke: currentColor; }'
    ' marker path { fill: currentColor; stroke: currentColor; }"\n'
    "---\n"
)
_INDENT_TASK = "      "


# What JavaScript's ``\s`` matches (Mermaid's lexer skips it and reads keywords after it), which
# is not what Python's str.strip() removes: U+FEFF is a space to one and text to the other.
_JS_SPACE = "\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
_JS_SPACE += "\u2028\u2029\u202f\u205f\u3000\ufeff"
_EDGE = _JS_SPACE + "".join(ch for ch in map(chr, range(0x10000)) if ch.isspace())  # both readers' spaces


def escape(text: str, *, extra: str = "", breaks: bool = True) -> str:
    """Make author text safe inside a Mermaid journey label.

    ``extra`` lists further characters to encode (``,`` in actor names);
    newlines become ``<br>`` when ``breaks`` is true and spaces otherwise.
    Lines are trimmed of every character that either Python or JavaScript
    counts as a space, so the keyword guard sees what Mermaid's lexer sees, and
    the spaces JavaScript knows but ordinary text does not (U+FEFF …) are written
    as codes wherever they remain.
    """
    table = _encoding(extra)
    out = [line.strip(_EDGE).translate(table) for line in _NEWLINES.split(text.strip(_EDGE))]
    joined = ("<br>" if breaks else " ").join(out)
    if joined.lower().startswith(_KEYWORDS):  # a label must never read as a keyword
        joined = f"#{ord(joined[0])};{joined[1:]}"
    return joined or "#8203;"  # zero-width space: Mermaid needs some text


@functools.cache
def _encoding(extra: str) -> dict[int, str]:
    """The translation table writing ``_ALWAYS``, ``extra`` and control characters as Mermaid codes."""
    chars = _ALWAYS | set(extra) | {chr(c) for c in range(32)} | {chr(127)} | (set(_JS_SPACE) - {" "})
    return str.maketrans({ch: f"#{ord(ch)};" for ch in chars})


def journey_diagram(journey: Journey, maps: MapSet, *, title: str | None = None) -> str:
    """The Mermaid ``journey`` text for a map: a section per stage, a task per step."""
    lines = [_FRONT_MATTER + "journey"]
    lines.append(f"{_INDENT_TITLE}title {escape(title or journey.title, breaks=False)}")
    lines.append(f"{_INDENT_TITLE}accTitle: {escape(title or journey.title, breaks=False)}")
    lines.append(f"{_INDENT_TITLE}accDescr: {escape(_description(journey), breaks=False)}")
    for stage in journey.stages:
        lines.append(f"{_INDENT_TITLE}section {escape(stage.name)}")
        for step in stage.steps:
            actors = _actors(maps.actors_of(journey, step))
            lines.append(f"{_INDENT_TASK}{escape(step.name)}: {step.score}: {actors}")
    return "\n".join(lines) + "\n"


def _actors(actors: Iterable[str]) -> str:
    return ", ".join(escape(a, extra=",", breaks=False) for a in actors)


def _description(journey: Journey) -> str:
    steps = journey.steps
    lowest = min(steps, key=lambda s: s.score)
    return (
        f"Emotional scores from 1 to 5 for {len(steps)} steps in {len(journey.stages)} stages; "
        f"lowest point {lowest.score} at {lowest.name}"
    )
