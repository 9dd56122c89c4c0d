"""Journey → emotion curve: an inline SVG chart drawn at build time (no JavaScript).

Steps run left to right, grouped in stage bands; the score (1–5) is the height.
Each step is a point; pain points are marked under the chart by their worst
severity (size and colour) with their count; the lowest points carry their
step's name. A journey with a ``compares_to`` counterpart shows both curves,
aligned on the steps they share (matched by id, see ``compare``).

All escaping lives here: every author text is XML-escaped, its braces encoded
(so no Jinja or Markdown plugin reads them) and control characters replaced.
The output has no blank line and no indented line, so Python-Markdown keeps it
as one raw HTML block. Colours come from CSS classes (see journey-maps.css);
the presentation attributes are a monochrome fallback without the stylesheet.
Coordinates are rounded to one decimal: the same maps give the same bytes.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from markupsafe import escape

from .. import i18n, model
from ..catalog import MapSet
from ..compare import compare, pair_of
from ..i18n import N_

SEVERITY_RANK = {s: i for i, s in enumerate(model.SEVERITIES)}
LEVEL_LABELS = {"low": N_("Low"), "medium": N_("Medium"), "high": N_("High"), "critical": N_("Critical")}
TYPE_LABELS = {"current-state": N_("Current state"), "future-state": N_("Future state")}
DESCRIPTION = N_("%(steps)s, average score %(average)s, lowest point %(score)s at %(step)s.")

# Geometry, in SVG user units (about CSS pixels at the natural size).
COLUMN = 56.0
"""Width of a step's column, at least."""
MIN_WIDTH = 640.0
"""A short journey spreads its columns over this width."""
LEFT, RIGHT, TOP = 80.0, 16.0, 8.0
LEGEND, STAGE_ROW, PLOT = 22.0, 20.0, 160.0
NUMBER_ROW, LABEL_ROW, PAIN_ROW, CAPTION_ROW, BOTTOM = 16.0, 14.0, 24.0, 14.0, 6.0
CHAR = 6.2
"""Estimated advance of a narrow character at the 11-unit font size (a wide one counts twice)."""
PAIN_RADIUS = {"low": 7.0, "medium": 8.0, "high": 9.0, "critical": 10.5}
MAX_LABELS = 3
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_BAD_CHARS = re.compile("[\x00-\x1f\ud800-\udfff\ufffe\uffff]")


@dataclass(frozen=True)
class Series:
    """One curve: the steps of one journey along the chart's columns."""

    journey: model.Journey
    key: str
    """``only`` (a single journey), ``before`` or ``after`` (a comparison)."""
    label: str


@dataclass(frozen=True)
class Column:
    """One step position on the x-axis, with the step of each series there (None: not in that map)."""

    stage: model.Stage
    step: model.Step
    """The step as the page's journey names it (the other map's when only that one has it)."""
    steps: tuple[model.Step | None, ...]
    own: bool
    """The page's journey has this step (it has an anchor on the page)."""

    def worst(self, index: int) -> str | None:
        """The worst severity of the pain points of series ``index`` here."""
        step = self.steps[index]
        return worst_severity(step) if step else None


@dataclass(frozen=True)
class Chart:
    journey: model.Journey
    series: tuple[Series, ...]
    columns: tuple[Column, ...]
    own: int
    """Index of the page's journey among ``series``."""

    @property
    def stages(self) -> list[tuple[model.Stage, int, int]]:
        """Consecutive runs of columns in one stage: (stage, first column, last column)."""
        runs: list[tuple[model.Stage, int, int]] = []
        for i, column in enumerate(self.columns):
            if runs and runs[-1][0].id == column.stage.id and runs[-1][2] == i - 1:
                runs[-1] = (runs[-1][0], runs[-1][1], i)
            else:
                runs.append((column.stage, i, i))
        return runs


def worst_severity(step: model.Step) -> str | None:
    if not step.pain_points:
        return None
    return max((p.severity for p in step.pain_points), key=SEVERITY_RANK.__getitem__)


def chart(journey: model.Journey, maps: MapSet, *, language: str = "en") -> Chart:
    """The chart's data: one series, or two when the journey is compared with another."""
    words = i18n.translations(language)
    pairs = pair_of(maps, journey.id)
    if not pairs:
        columns = tuple(Column(stage, step, (step,), own=True) for stage in journey.stages for step in stage.steps)
        return Chart(journey, (Series(journey, "only", journey.title),), columns, 0)
    comparison = compare(maps, *pairs[0])
    before, after = comparison.before, comparison.after
    if before.type != after.type and {before.type, after.type} <= set(TYPE_LABELS):
        labels = (words.gettext(TYPE_LABELS[before.type]), words.gettext(TYPE_LABELS[after.type]))
    else:
        labels = (before.title, after.title)
    own = 0 if journey.id == before.id else 1
    result: list[Column] = []
    for stage_pair in comparison.stages:
        stages = (stage_pair.before, stage_pair.after)
        stage = stages[own] or stages[1 - own]
        assert stage is not None
        for step_pair in stage_pair.steps:
            steps = (step_pair.before, step_pair.after)
            shown = steps[own] or steps[1 - own]
            assert shown is not None
            result.append(Column(stage, shown, steps, own=steps[own] is not None))
    series = (Series(before, "before", labels[0]), Series(after, "after", labels[1]))
    return Chart(journey, series, tuple(result), own)


def emotion_curve(journey: model.Journey, maps: MapSet, *, language: str = "en") -> str:
    """The emotion curve of a journey as an SVG element (a string of safe markup)."""
    return svg(chart(journey, maps, language=language), language=language)


def _num(value: float) -> str:
    text = f"{round(value, 1):.1f}"
    text = text.rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _plain(text: str) -> str:
    return " ".join(_BAD_CHARS.sub(" ", text).split())


def xml_text(text: str) -> str:
    """Author text for SVG content or a double-quoted attribute: escaped, braces encoded, one line."""
    return str(escape(_plain(text))).replace("{", "&#123;").replace("}", "&#125;")


def _units(ch: str) -> float:
    if unicodedata.combining(ch) or unicodedata.category(ch) == "Cf":
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def width_of(text: str, size: float = 11) -> float:
    """Estimated width of a text at a font size (no font metrics at build time)."""
    return sum(_units(ch) for ch in text) * CHAR * size / 11


def truncate(text: str, room: float, size: float = 11) -> str:
    """The text, cut with an ellipsis so that it fits ``room`` units wide."""
    text = _plain(text)
    if width_of(text, size) <= room:
        return text
    out, used, limit = "", 0.0, room / (CHAR * size / 11) - 1
    for ch in text:
        if used + _units(ch) > limit:
            break
        out += ch
        used += _units(ch)
    return out.rstrip() + "…"


class _Svg:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def add(self, line: str) -> None:
        self.lines.append(line)

    def text(
        self,
        x: float,
        y: float,
        shown: str,
        cls: str,
        *,
        anchor: str = "start",
        full: str | None = None,
        extra: str = "",
    ) -> None:
        """A text; when ``full`` differs from what is shown, it goes in a <title> (a tooltip)."""
        element = (
            f'<text class="{cls}" x="{_num(x)}" y="{_num(y)}" text-anchor="{anchor}"{extra}>{xml_text(shown)}</text>'
        )
        if full is not None and _plain(full) != shown:
            self.add(f"<g><title>{xml_text(full)}</title>{element}</g>")
        else:
            self.add(element)


def svg(data: Chart, *, language: str = "en") -> str:
    words = i18n.translations(language)
    journey = data.journey
    if not _SLUG.fullmatch(journey.id):
        raise ValueError(f"not an id: {journey.id!r}")
    prefix = f"jm-curve-{journey.id}"
    columns = data.columns
    count = len(columns)
    compared = len(data.series) > 1
    column = max(COLUMN, (MIN_WIDTH - LEFT - RIGHT) / max(count, 1))
    width = LEFT + column * count + RIGHT
    legend_top = TOP
    stage_top = TOP + (LEGEND if compared else 0)
    plot_top = stage_top + STAGE_ROW + 8
    plot_bottom = plot_top + PLOT
    numbers_top = plot_bottom + 4
    labels_top = numbers_top + NUMBER_ROW + 2
    pains_top = labels_top + LABEL_ROW * MAX_LABELS + 6 + (CAPTION_ROW if compared else 0)
    pains_bottom = pains_top + PAIN_ROW * len(data.series)
    height = pains_bottom + BOTTOM

    def x(i: int) -> float:
        return LEFT + (i + 0.5) * column

    def y(score: float) -> float:
        return plot_top + (5 - score) * PLOT / 4

    def n(value: float, decimals: int = 0) -> str:
        return i18n.number(value, language, decimals=decimals)

    out = _Svg()
    title = f"{words.gettext('Emotion curve')}: {journey.title}"
    description = " ".join(
        (f"{s.label}: " if compared else "") + _describe(s, i, data, words, language) for i, s in enumerate(data.series)
    )
    out.add(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="jm-curve__svg" viewBox="0 0 {_num(width)} {_num(height)}"'
        f' width="{_num(width)}" height="{_num(height)}" role="img"'
        f' aria-labelledby="{prefix}-title {prefix}-desc" font-size="11" fill="currentColor">'
    )
    out.add(f'<title id="{prefix}-title">{xml_text(title)}</title>')
    out.add(f'<desc id="{prefix}-desc">{xml_text(description)}</desc>')

    # Stage bands, separators and names.
    out.add('<g class="jm-curve__stages">')
    for k, (stage, first, last) in enumerate(data.stages):
        left = LEFT + first * column
        band = (last - first + 1) * column
        parity = "even" if k % 2 else "odd"
        out.add(
            f'<rect class="jm-curve__band jm-curve__band--{parity}" x="{_num(left)}" y="{_num(stage_top)}"'
            f' width="{_num(band)}" height="{_num(pains_bottom - stage_top)}" fill="none"/>'
        )
        if k:
            out.add(
                f'<line class="jm-curve__sep" x1="{_num(left)}" y1="{_num(stage_top)}" x2="{_num(left)}"'
                f' y2="{_num(pains_bottom)}" stroke="currentColor" stroke-opacity="0.3"/>'
            )
        out.text(left + 4, stage_top + 14, truncate(stage.name, band - 8), "jm-curve__stage", full=stage.name)
    out.add("</g>")

    # Score gridlines and axis.
    out.add('<g class="jm-curve__axis">')
    for score in range(1, 6):
        out.add(
            f'<line class="jm-curve__grid" x1="{_num(LEFT)}" y1="{_num(y(score))}" x2="{_num(width - RIGHT)}"'
            f' y2="{_num(y(score))}" stroke="currentColor" stroke-opacity="0.15"/>'
        )
        out.text(LEFT - 8, y(score) + 4, n(score), "jm-curve__tick", anchor="end")
    axis = words.gettext("Score")
    middle = (plot_top + plot_bottom) / 2
    out.text(
        14,
        middle,
        truncate(axis, PLOT),
        "jm-curve__axis-title",
        anchor="middle",
        full=axis,
        extra=f' transform="rotate(-90 14 {_num(middle)})"',
    )
    out.add("</g>")

    # Step numbers along the time axis: the same numbers as the map's step columns.
    out.add('<g class="jm-curve__steps">')
    for i in range(count):
        out.text(x(i), numbers_top + 12, n(i + 1), "jm-curve__step", anchor="middle", full=columns[i].step.name)
    out.add("</g>")

    # Legend (comparisons).
    if compared:
        out.add('<g class="jm-curve__legend">')
        at = LEFT
        for s in data.series:
            label = truncate(s.label, 260)
            mid = legend_top + 8
            out.add(
                f'<line class="jm-curve__line jm-curve__line--{s.key}" x1="{_num(at)}" y1="{_num(mid)}"'
                f' x2="{_num(at + 24)}" y2="{_num(mid)}"{_stroke(s.key)}/>'
            )
            out.add(_marker(s.key, at + 12, mid, "jm-curve__pt"))
            out.text(at + 30, mid + 4, label, "jm-curve__legend-label", full=s.label)
            at += 30 + width_of(label) + 24
        out.add("</g>")

    # The curves: a line through the steps each map has, a point per step.
    for index, s in enumerate(data.series):
        points = [(i, c.steps[index]) for i, c in enumerate(columns) if c.steps[index] is not None]
        out.add(f'<g class="jm-curve__series jm-curve__series--{s.key}">')
        path = " ".join(
            f"{'M' if j == 0 else 'L'}{_num(x(i))} {_num(y(step.score))}" for j, (i, step) in enumerate(points) if step
        )
        if len(points) > 1:
            out.add(f'<path class="jm-curve__line jm-curve__line--{s.key}" d="{path}" fill="none"{_stroke(s.key)}/>')
        for i, step in points:
            assert step is not None
            score = words.gettext("Emotional score: %(score)s of 5") % {"score": n(step.score)}
            tip = f"{step.name} · {score}"
            out.add(_marker(s.key, x(i), y(step.score), f"jm-curve__pt jm-curve__pt--s{step.score}", tip))
        out.add("</g>")

    # The lowest points of the page's journey, named.
    out.add('<g class="jm-curve__lows">')
    for row, (i, step) in enumerate(lowest(data)):
        top = labels_top + row * LABEL_ROW
        anchor = "start" if i == 0 and count > 1 else "end" if i == count - 1 and count > 1 else "middle"
        # Each label has a row of its own, so it may run over the neighbouring columns up to the edge.
        if anchor == "middle":
            room = 2 * min(x(i) - 4, width - 4 - x(i))
        else:
            room = width - 8 - x(i) if anchor == "start" else x(i) - 8
        if width_of(step.name) > room and anchor == "middle":  # turn it towards the side with more room
            anchor = "start" if x(i) < width / 2 else "end"
            room = width - 8 - x(i) if anchor == "start" else x(i) - 8
        label = truncate(step.name, room)
        out.add(
            f'<line class="jm-curve__leader" x1="{_num(x(i))}" y1="{_num(y(step.score) + 6)}" x2="{_num(x(i))}"'
            f' y2="{_num(top + 2)}" stroke="currentColor" stroke-opacity="0.5" stroke-dasharray="2 2"/>'
        )
        out.text(x(i), top + 11, label, "jm-curve__low", anchor=anchor, full=step.name)
    out.add("</g>")

    # Pain points: a marker per step under the chart, sized and coloured by the worst severity.
    out.add('<g class="jm-curve__pains">')
    caption = words.gettext("Pain points")
    if compared:
        out.text(
            LEFT - 8,
            pains_top - 4,
            truncate(caption, LEFT - 12, 11),
            "jm-curve__pain-caption",
            anchor="end",
            full=caption,
        )
    for index, s in enumerate(data.series):
        mid = pains_top + PAIN_ROW * (index + 0.5)
        if compared:
            out.add(
                f'<line class="jm-curve__line jm-curve__line--{s.key}" x1="{_num(LEFT - 34)}" y1="{_num(mid)}"'
                f' x2="{_num(LEFT - 10)}" y2="{_num(mid)}"{_stroke(s.key)}><title>{xml_text(s.label)}</title></line>'
            )
        else:
            out.text(
                LEFT - 8,
                mid + 4,
                truncate(caption, LEFT - 12, 11),
                "jm-curve__pain-caption",
                anchor="end",
                full=caption,
            )
        for i, c in enumerate(columns):
            step = c.steps[index]
            worst = c.worst(index)
            if step is None or worst is None:
                continue
            amount = len(step.pain_points)
            tip = (
                f"{step.name} · "
                + words.ngettext("%(num)d pain point", "%(num)d pain points", amount) % {"num": amount}
                + f" · {words.gettext(LEVEL_LABELS[worst])}"
            )
            r = PAIN_RADIUS[worst]
            out.add(
                f'<g class="jm-curve__pain jm-curve__pain--{worst}"><title>{xml_text(tip)}</title>'
                f'<circle cx="{_num(x(i))}" cy="{_num(mid)}" r="{_num(r)}" fill="currentColor" fill-opacity="0.6"/>'
                f'<text class="jm-curve__pain-count" x="{_num(x(i))}" y="{_num(mid + 3.5)}" text-anchor="middle"'
                f' font-size="11">{xml_text(n(amount))}</text></g>'
            )
    out.add("</g>")
    out.add("</svg>")
    return "\n".join(out.lines)


def lowest(data: Chart) -> list[tuple[int, model.Step]]:
    """The columns to name: the lowest scores of the page's journey, earliest first among equals.

    One label per four steps, at most three (a short journey gets one).
    """
    own = [(i, c.steps[data.own]) for i, c in enumerate(data.columns) if c.steps[data.own] is not None]
    wanted = min(MAX_LABELS, max(1, len(own) // 4))
    ranked = sorted(own, key=lambda item: (item[1].score if item[1] else 0, item[0]))[:wanted]
    return [(i, step) for i, step in ranked if step is not None]


def _describe(series: Series, index: int, data: Chart, words, language: str) -> str:
    steps = [c.steps[index] for c in data.columns if c.steps[index] is not None]
    if not steps:
        return ""
    low = min(steps, key=lambda s: s.score if s else 0)
    assert low is not None
    count = words.ngettext("%(num)d step", "%(num)d steps", len(steps)) % {"num": len(steps)}
    average = MapSet.average(steps)
    return words.gettext(DESCRIPTION) % {
        "steps": count,
        "average": i18n.number(average or 0, language),
        "score": i18n.number(low.score, language, decimals=0),
        "step": _plain(low.name),
    }


_DASH = {"before": ' stroke-dasharray="6 4"', "after": "", "only": ""}


def _stroke(key: str) -> str:
    return f' stroke="currentColor" stroke-width="2"{_DASH[key]}'


def _marker(key: str, cx: float, cy: float, cls: str, tip: str | None = None) -> str:
    """A point: a circle on the first (or only) curve, a diamond on the second (told apart without colour)."""
    title = f"<title>{xml_text(tip)}</title>" if tip else ""
    if key == "after":
        corners = ((cx, cy - 5.5), (cx + 5.5, cy), (cx, cy + 5.5), (cx - 5.5, cy))
        d = "M" + "L".join(f"{_num(a)} {_num(b)}" for a, b in corners) + "Z"
        return f'<path class="{cls}" d="{d}" stroke="currentColor">{title}</path>'
    return f'<circle class="{cls}" cx="{_num(cx)}" cy="{_num(cy)}" r="4.5" stroke="currentColor">{title}</circle>'
