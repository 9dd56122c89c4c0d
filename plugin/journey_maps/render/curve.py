"""Journey → emotion curve: an inline SVG chart drawn at build time (no JavaScript).

Steps run left to right, grouped in stage bands; the score (1–5) is the height.
Each step is a point; pain points are marked under the chart by their worst
severity (size and colour) with their count; the lowest points carry their
step's name. A journey with a ``compares_to`` counterpart shows both curves,
aligned on the steps they share (matched by id, see ``compare``).

The markup is the template ``curve.svg.jinja`` (a site can override it); the
coordinates, paths and labels are computed here (``layout``) and reach it as
safe markup. All escaping lives here: every author text is XML-escaped, its
braces encoded (so no Jinja or Markdown plugin reads them) and control
characters replaced. The output has no blank line and no indented line, so
Python-Markdown keeps it as one raw HTML block. Colours come from CSS classes (see journey-maps.css);
the presentation attributes are a monochrome fallback without the stylesheet.
Coordinates are rounded to one decimal: the same maps give the same bytes.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from .. import i18n, model
from ..catalog import MapSet
from ..compare import compare, pair_of
from ..i18n import N_
from .labels import LEVEL_LABELS, MAP_TYPE_LABELS
from .text import environment

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

    def layout(self, language: str = "en") -> Drawing:
        """What the SVG shows (for ``curve.svg.jinja``, included by the journey page): see ``layout``."""
        return layout(self, language=language)


def worst_severity(step: model.Step) -> str | None:
    if not step.pain_points:
        return None
    return max((p.severity for p in step.pain_points), key=model.SEVERITY_RANK.__getitem__)


def chart(journey: model.Journey, maps: MapSet, *, language: str = "en") -> Chart:
    """The chart's data: one series, or two when the journey is compared with another."""
    words = i18n.translations(language)
    pairs = pair_of(maps, journey.id)
    if not pairs:
        columns = tuple(Column(stage, step, (step,), own=True) for stage in journey.stages for step in stage.steps)
        return Chart(journey, (Series(journey, "only", journey.title),), columns, 0)
    comparison = compare(maps, *pairs[0])
    before, after = comparison.before, comparison.after
    if before.type != after.type and {before.type, after.type} <= {"current-state", "future-state"}:
        labels = (words.gettext(MAP_TYPE_LABELS[before.type]), words.gettext(MAP_TYPE_LABELS[after.type]))
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


Safe = Markup
"""Every value the SVG template prints is safe markup already: numbers formatted by ``_num``,
class names built here, author text through ``xml_text``."""


@dataclass(frozen=True)
class Text:
    """A <text>; ``full`` (a <title>, a tooltip) when it differs from what is shown."""

    cls: Safe
    x: Safe
    y: Safe
    anchor: Safe
    shown: Safe
    full: Safe | None = None
    transform: Safe | None = None


@dataclass(frozen=True)
class Marker:
    """A point: a circle (``d`` None) or, on the second curve, a diamond path ``d``."""

    cls: Safe
    cx: Safe
    cy: Safe
    d: Safe | None
    tip: Safe | None


@dataclass(frozen=True)
class Line:
    cls: Safe
    x1: Safe
    y1: Safe
    x2: Safe
    y2: Safe
    key: Safe | None = None
    """The series' key, for its stroke (``before`` is dashed); None: a thin guide line."""
    title: Safe | None = None


@dataclass(frozen=True)
class Band:
    """A stage: its band, the separator before it (not the first) and its name."""

    parity: Safe
    x: Safe
    y: Safe
    width: Safe
    height: Safe
    separator: Line | None
    name: Text


@dataclass(frozen=True)
class Tick:
    grid: Line
    label: Text


@dataclass(frozen=True)
class LegendItem:
    line: Line
    marker: Marker
    label: Text


@dataclass(frozen=True)
class Curve:
    key: Safe
    path: Safe | None
    """The line through the points (None: fewer than two points)."""
    markers: tuple[Marker, ...]


@dataclass(frozen=True)
class Low:
    leader: Line
    label: Text


@dataclass(frozen=True)
class Pain:
    worst: Safe
    tip: Safe
    cx: Safe
    cy: Safe
    r: Safe
    text_y: Safe
    count: Safe


@dataclass(frozen=True)
class PainRow:
    """One series' row of pain markers: its legend line (comparisons) or the caption."""

    line: Line | None
    caption: Text | None
    pains: tuple[Pain, ...]


@dataclass(frozen=True)
class Drawing:
    """Everything ``curve.svg.jinja`` draws, computed: coordinates, paths and (escaped) labels."""

    id: Safe
    """The prefix of the element ids: ``jm-curve-<journey id>``."""
    width: Safe
    height: Safe
    title: Safe
    description: Safe
    stages: tuple[Band, ...]
    ticks: tuple[Tick, ...]
    axis_title: Text
    steps: tuple[Text, ...]
    legend: tuple[LegendItem, ...]
    """Empty unless two curves are compared."""
    curves: tuple[Curve, ...]
    lows: tuple[Low, ...]
    pain_caption: Text | None
    """The caption over the pain rows of a comparison."""
    pain_rows: tuple[PainRow, ...]


TEMPLATE = "curve.svg.jinja"
_ENV = environment(jinja2.FileSystemLoader(str(Path(__file__).parent / "templates")))
"""The package's templates, with the page templates' settings (a site's pages pass their own ``env``)."""


def svg(data: Chart, *, language: str = "en", env: jinja2.Environment | None = None) -> str:
    """The chart as an SVG element, from the template ``curve.svg.jinja`` of ``env`` (default: the package's)."""
    markup = (env or _ENV).get_template(TEMPLATE).render(drawing=layout(data, language=language))
    return markup.removesuffix("\n")


def _text(
    x: float, y: float, shown: str, cls: str, *, anchor: str = "start", full: str | None = None, transform: str = ""
) -> Text:
    return Text(
        cls=Safe(cls),
        x=Safe(_num(x)),
        y=Safe(_num(y)),
        anchor=Safe(anchor),
        shown=Safe(xml_text(shown)),
        full=Safe(xml_text(full)) if full is not None and _plain(full) != shown else None,
        transform=Safe(transform) if transform else None,
    )


def _line(
    cls: str, x1: float, y1: float, x2: float, y2: float, key: str | None = None, title: str | None = None
) -> Line:
    return Line(
        Safe(cls),
        Safe(_num(x1)),
        Safe(_num(y1)),
        Safe(_num(x2)),
        Safe(_num(y2)),
        Safe(key) if key else None,
        Safe(xml_text(title)) if title is not None else None,
    )


def layout(data: Chart, *, language: str = "en") -> Drawing:
    """What the SVG shows, computed: see ``Drawing``."""
    words = i18n.translations(language)
    journey = data.journey
    if not _SLUG.fullmatch(journey.id):
        raise ValueError(f"not an id: {journey.id!r}")
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

    title = f"{words.gettext('Emotion curve')}: {journey.title}"
    description = " ".join(
        (f"{s.label}: " if compared else "") + _describe(s, i, data, words, language) for i, s in enumerate(data.series)
    )

    # Stage bands, separators and names.
    stages = []
    for k, (stage, first, last) in enumerate(data.stages):
        left = LEFT + first * column
        band = (last - first + 1) * column
        stages.append(
            Band(
                parity=Safe("even" if k % 2 else "odd"),
                x=Safe(_num(left)),
                y=Safe(_num(stage_top)),
                width=Safe(_num(band)),
                height=Safe(_num(pains_bottom - stage_top)),
                separator=_line("jm-curve__sep", left, stage_top, left, pains_bottom) if k else None,
                name=_text(
                    left + 4, stage_top + 14, truncate(stage.name, band - 8), "jm-curve__stage", full=stage.name
                ),
            )
        )

    # Score gridlines and axis.
    ticks = tuple(
        Tick(
            _line("jm-curve__grid", LEFT, y(score), width - RIGHT, y(score)),
            _text(LEFT - 8, y(score) + 4, n(score), "jm-curve__tick", anchor="end"),
        )
        for score in range(1, 6)
    )
    axis = words.gettext("Score")
    middle = (plot_top + plot_bottom) / 2
    axis_title = _text(
        14,
        middle,
        truncate(axis, PLOT),
        "jm-curve__axis-title",
        anchor="middle",
        full=axis,
        transform=f"rotate(-90 14 {_num(middle)})",
    )

    # Step numbers along the time axis: the same numbers as the map's step columns.
    steps = tuple(
        _text(x(i), numbers_top + 12, n(i + 1), "jm-curve__step", anchor="middle", full=columns[i].step.name)
        for i in range(count)
    )

    # Legend (comparisons).
    legend = []
    if compared:
        at = LEFT
        for s in data.series:
            label = truncate(s.label, 260)
            mid = legend_top + 8
            legend.append(
                LegendItem(
                    _line(f"jm-curve__line jm-curve__line--{s.key}", at, mid, at + 24, mid, key=s.key),
                    _marker(s.key, at + 12, mid, "jm-curve__pt"),
                    _text(at + 30, mid + 4, label, "jm-curve__legend-label", full=s.label),
                )
            )
            at += 30 + width_of(label) + 24

    # The curves: a line through the steps each map has, a point per step.
    curves = []
    for index, s in enumerate(data.series):
        points = [(i, c.steps[index]) for i, c in enumerate(columns) if c.steps[index] is not None]
        path = " ".join(
            f"{'M' if j == 0 else 'L'}{_num(x(i))} {_num(y(step.score))}" for j, (i, step) in enumerate(points) if step
        )
        markers = []
        for i, step in points:
            assert step is not None
            score = words.gettext("Emotional score: %(score)s of 5") % {"score": n(step.score)}
            tip = f"{step.name} · {score}"
            markers.append(_marker(s.key, x(i), y(step.score), f"jm-curve__pt jm-curve__pt--s{step.score}", tip))
        curves.append(Curve(Safe(s.key), Safe(path) if len(points) > 1 else None, tuple(markers)))

    # The lowest points of the page's journey, named.
    lows = []
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
        lows.append(
            Low(
                _line("jm-curve__leader", x(i), y(step.score) + 6, x(i), top + 2),
                _text(x(i), top + 11, label, "jm-curve__low", anchor=anchor, full=step.name),
            )
        )

    # Pain points: a marker per step under the chart, sized and coloured by the worst severity.
    caption = words.gettext("Pain points")
    pain_caption = None
    if compared:
        pain_caption = _text(
            LEFT - 8,
            pains_top - 4,
            truncate(caption, LEFT - 12, 11),
            "jm-curve__pain-caption",
            anchor="end",
            full=caption,
        )
    pain_rows = []
    for index, s in enumerate(data.series):
        mid = pains_top + PAIN_ROW * (index + 0.5)
        line = row_caption = None
        if compared:
            line = _line(
                f"jm-curve__line jm-curve__line--{s.key}", LEFT - 34, mid, LEFT - 10, mid, key=s.key, title=s.label
            )
        else:
            row_caption = _text(
                LEFT - 8,
                mid + 4,
                truncate(caption, LEFT - 12, 11),
                "jm-curve__pain-caption",
                anchor="end",
                full=caption,
            )
        pains = []
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
            pains.append(
                Pain(
                    worst=Safe(worst),
                    tip=Safe(xml_text(tip)),
                    cx=Safe(_num(x(i))),
                    cy=Safe(_num(mid)),
                    r=Safe(_num(PAIN_RADIUS[worst])),
                    text_y=Safe(_num(mid + 3.5)),
                    count=Safe(xml_text(n(amount))),
                )
            )
        pain_rows.append(PainRow(line, row_caption, tuple(pains)))

    return Drawing(
        id=Safe(f"jm-curve-{journey.id}"),
        width=Safe(_num(width)),
        height=Safe(_num(height)),
        title=Safe(xml_text(title)),
        description=Safe(xml_text(description)),
        stages=tuple(stages),
        ticks=ticks,
        axis_title=axis_title,
        steps=steps,
        legend=tuple(legend),
        curves=tuple(curves),
        lows=tuple(lows),
        pain_caption=pain_caption,
        pain_rows=tuple(pain_rows),
    )


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


def _marker(key: str, cx: float, cy: float, cls: str, tip: str | None = None) -> Marker:
    """A point: a circle on the first (or only) curve, a diamond on the second (told apart without colour)."""
    d = None
    if key == "after":
        corners = ((cx, cy - 5.5), (cx + 5.5, cy), (cx, cy + 5.5), (cx - 5.5, cy))
        d = Safe("M" + "L".join(f"{_num(a)} {_num(b)}" for a, b in corners) + "Z")
    return Marker(Safe(cls), Safe(_num(cx)), Safe(_num(cy)), d, Safe(xml_text(tip)) if tip else None)
