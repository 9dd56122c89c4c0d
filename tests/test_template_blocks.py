"""Templates built to be overridden: a site's template extends the shipped one ("base/<name>") and
replaces one block; the blocks documented in docs/configuration.md are the templates' blocks; the
emotion curve comes from curve.svg.jinja, which a site can override too."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import jinja2
import jinja2.compiler
import pytest
from jinja2 import nodes
from markupsafe import Markup

from journey_maps.render import curve
from journey_maps.render.pages import TEMPLATES, Renderer, TemplateProblem
from journey_maps.render.text import environment, finalize, heading

DOCS = Path(__file__).parent.parent / "docs" / "configuration.md"
JOURNEY = "journeys/coffee-order.md"
COMPARED = "journeys/coffee-order-future.md"


def _pages(maps, override: Path | None = None) -> dict[str, str]:
    dirs = [override] if override else []
    return {p.src_uri: p.markdown for p in Renderer(maps, template_dirs=dirs).render_all()}


def _override(tmp_path: Path, name: str, text: str) -> Path:
    folder = tmp_path / "journey_maps"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def shipped(basic_maps) -> dict[str, str]:
    return _pages(basic_maps)


def test_replacing_one_block_changes_only_that_part(tmp_path, basic_maps, shipped) -> None:
    folder = _override(
        tmp_path,
        "journey.md.jinja",
        '{% extends "base/journey.md.jinja" %}\n{% block header %}\n\n# Our map: {{ journey.title|heading }}\n{% endblock %}\n',
    )
    pages = _pages(basic_maps, folder)
    before, after = shipped[JOURNEY].splitlines(), pages[JOURNEY].splitlines()
    heading = next(i for i, line in enumerate(before) if line.startswith("# "))
    assert after[heading] == "# Our map: " + before[heading].removeprefix("# ")
    assert after[:heading] + after[heading + 1 :] == before[:heading] + before[heading + 1 :]
    # Only the journey pages use the override; the other pages are as shipped.
    assert {k: v for k, v in pages.items() if k != JOURNEY and k != COMPARED} == {
        k: v for k, v in shipped.items() if k != JOURNEY and k != COMPARED
    }


def test_super_keeps_the_shipped_block(tmp_path, basic_maps, shipped) -> None:
    folder = _override(
        tmp_path,
        "journey.md.jinja",
        '{% extends "base/journey.md.jinja" %}\n{% block curve %}\n{{ super() }}\n\nScores from interviews.\n{% endblock %}\n',
    )
    page = _pages(basic_maps, folder)[JOURNEY]
    data = '\n<details class="jm-curve-data">'
    head, tail = shipped[JOURNEY].split(data)
    assert page == f"{head}\nScores from interviews.\n{data}{tail}"


def test_a_block_in_a_loop_sees_the_loop_variables(tmp_path, basic_maps, shipped) -> None:
    folder = _override(
        tmp_path,
        "journey.md.jinja",
        '{% extends "base/journey.md.jinja" %}\n{% block step_heading %}\n\n'
        "### {{ stage.name|heading }}: {{ step.name|heading }} { #{{ step.id|token }} }\n{% endblock %}\n",
    )
    page = _pages(basic_maps, folder)[JOURNEY]
    stages = {s.id: s for s in basic_maps.journeys["coffee-order"].stages}
    expected = shipped[JOURNEY]
    for stage in stages.values():
        for step in stage.steps:
            line = next(x for x in expected.splitlines() if x.startswith("### ") and x.endswith(f"{{ #{step.id} }}"))
            expected = expected.replace(line, f"### {heading(stage.name)}: " + line.removeprefix("### "))
    assert page == expected
    assert page != shipped[JOURNEY]


def test_an_empty_block_removes_its_part(tmp_path, basic_maps, shipped) -> None:
    folder = _override(
        tmp_path, "persona.md.jinja", '{% extends "base/persona.md.jinja" %}{% block profile %}{% endblock %}'
    )
    pages = _pages(basic_maps, folder)
    assert 'class="jm-persona-head"' in shipped["personas/ana.md"]
    assert 'class="jm-persona-head"' not in pages["personas/ana.md"]
    assert pages["personas/ana.md"].startswith(shipped["personas/ana.md"].split('<div class="jm-persona-head"')[0])


def test_extending_the_same_name_without_base_is_refused(tmp_path, basic_maps) -> None:
    """Without "base/" the override would extend itself: a message naming the fix, not a RecursionError."""
    folder = _override(
        tmp_path, "journey.md.jinja", '{% extends "journey.md.jinja" %}{% block header %}x{% endblock %}'
    )
    with pytest.raises(TemplateProblem) as caught:
        _pages(basic_maps, folder)
    message = str(caught.value)
    assert "journey.md.jinja extends or includes itself" in message
    assert '{% extends "base/journey.md.jinja" %}' in message


# -- the documented blocks are the templates' blocks ------------------------------------------------------------

_ROW = re.compile(r"^\| `([\w.-]+\.jinja)` \| `(\w+)` \| .+ \|$")


def _documented() -> dict[str, list[str]]:
    section = DOCS.read_text(encoding="utf-8").split("### Overriding one block", 1)[1].split("\n### ", 1)[0]
    table: dict[str, list[str]] = {}
    for line in section.splitlines():
        if match := _ROW.match(line):
            table.setdefault(match[1], []).append(match[2])
    return table


def _blocks(name: str) -> list[str]:
    env = jinja2.Environment(extensions=["jinja2.ext.i18n"])
    source = (TEMPLATES / name).read_text(encoding="utf-8")
    return [block.name for block in env.parse(source).find_all(nodes.Block)]


def test_the_documented_blocks_are_the_templates_blocks() -> None:
    documented = _documented()
    with_blocks = {path.name for path in TEMPLATES.glob("*.jinja") if _blocks(path.name)}
    assert set(documented) == with_blocks  # every template that has blocks, and only those
    assert {"journey.md.jinja", "persona.md.jinja", "pain-points.md.jinja", "curve.svg.jinja"} <= with_blocks
    for name, blocks in documented.items():
        assert blocks == _blocks(name), name  # the same blocks, in the template's order
    assert {"header", "map", "diagram", "curve", "stages", "stage", "step", "lanes", "footer"} <= set(
        documented["journey.md.jinja"]
    )


def test_the_parser_reads_the_blocks() -> None:
    """The drift check above reads the real table (not an empty one) and the real templates."""
    assert _blocks("journey.md.jinja")[:2] == ["front_matter", "header"]
    assert len(_documented()["journey.md.jinja"]) > 20


# -- the emotion curve's template ------------------------------------------------------------------------------


def test_an_overridden_curve_template_is_used_by_the_journey_page(tmp_path, basic_maps, shipped) -> None:
    folder = _override(
        tmp_path,
        "curve.svg.jinja",
        '<svg xmlns="http://www.w3.org/2000/svg" class="site-curve"><title>{{ drawing.title }}</title></svg>\n',
    )
    page = _pages(basic_maps, folder)[JOURNEY]
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="site-curve"><title>Emotion curve: ' in page
    assert "jm-curve__svg" not in page
    assert "jm-curve__svg" in shipped[JOURNEY]
    chart = re.search(r'<svg xmlns="http://www.w3.org/2000/svg" class="jm-curve__svg".*?</svg>', shipped[JOURNEY], re.S)
    assert chart
    custom = re.search(r'<svg xmlns="http://www.w3.org/2000/svg" class="site-curve">.*?</svg>', page)
    assert custom
    assert page == shipped[JOURNEY].replace(chart[0], custom[0])


def test_a_curve_override_can_replace_one_of_its_blocks(tmp_path, basic_maps, shipped) -> None:
    folder = _override(
        tmp_path, "curve.svg.jinja", '{% extends "base/curve.svg.jinja" %}{% block lows %}{% endblock %}'
    )
    page = _pages(basic_maps, folder)[JOURNEY]
    lows = re.search(r'<g class="jm-curve__lows">\n.*?</g>\n', shipped[JOURNEY], re.S)
    assert lows
    assert page == shipped[JOURNEY].replace(lows[0], "")


def test_svg_takes_the_template_from_the_given_environment(tmp_path, basic_maps) -> None:
    chart = curve.chart(basic_maps.journeys["coffee-order"], basic_maps)
    shipped_env = Renderer(basic_maps).env
    assert curve.svg(chart, env=shipped_env) == curve.svg(chart)  # the same bytes as the module's environment
    folder = _override(tmp_path, "curve.svg.jinja", "<svg>{{ drawing.id }}</svg>\n")
    site_env = Renderer(basic_maps, template_dirs=[folder]).env
    assert curve.svg(chart, env=site_env) == "<svg>jm-curve-coffee-order</svg>"


def test_author_text_in_the_curve_stays_escaped(basic_maps) -> None:
    """Labels reach the template escaped once (XML, braces encoded), whichever environment renders it."""
    journey = basic_maps.journeys["coffee-order"]
    hostile = dataclasses.replace(journey, title="<b>&{{ 7*7 }}")
    chart = curve.chart(hostile, basic_maps)
    for svg in (curve.svg(chart), curve.svg(chart, env=Renderer(basic_maps).env)):
        assert (
            '<title id="jm-curve-coffee-order-title">Emotion curve: &lt;b&gt;&amp;&#123;&#123; 7*7 &#125;&#125;</title>'
            in svg
        )
        assert "<b>" not in svg


class _Lazy:
    def __html__(self) -> str:
        return "<b>made when printed</b>"


PRINTED = ["<script>x</script> *a* {{ b }} :100:", "two\nlines", None, 3, 2.5, True, Markup("<i>ok</i>"), _Lazy()]


def test_printing_with_one_call_gives_what_escape_of_finalize_gives() -> None:
    """text.environment compiles `{{ x }}` to finalize(x) without Jinja's escape() around it; the
    page text must be what stock Jinja prints, for every kind of value a template prints."""
    source = "{% for v in values %}[{{ v }}|{{ v if v else '-' }}|{% if v %}{{ v }}{% endif %}]{% endfor %}"
    ours = environment(jinja2.DictLoader({"t": source}))
    assert ours.code_generator_class is not jinja2.compiler.CodeGenerator
    stock = environment(jinja2.DictLoader({"t": source}))
    stock.code_generator_class = jinja2.compiler.CodeGenerator
    stock.bytecode_cache = None  # not the code compiled for `ours`
    stock.finalize = lambda value: Markup(finalize(value))  # safe HTML marked as such, for escape()
    printed = ours.get_template("t").render(values=PRINTED)
    assert printed == stock.get_template("t").render(values=PRINTED)
    assert "&#60;script&#62;" in printed and "<b>made when printed</b>" in printed and "<i>ok</i>" in printed
    assert "escape(" not in ours.compile(source, raw=True) and "escape(" in stock.compile(source, raw=True)


@jinja2.pass_context
def _seen(context, name: str) -> str:
    return f"{name}={context.get(name)}"


def test_calls_take_the_context_only_when_asked() -> None:
    """text.environment's Context calls macros and plain functions directly; a pass_context function
    still gets the context with the loop's and block's variables, as stock Jinja gives it."""
    source = (
        "{% macro m(x) %}<{{ x }}>{% endmacro %}"
        "{% block b %}{% set inner = 'b' %}{{ seen('inner') }}{% for i in [1, 2] %}{% set j = i * 2 %}"
        "{{ m(i) }}{{ plain(i) }}{{ seen('j') }}{{ seen('i') }}{{ method(i) }}{% endfor %}{% endblock %}"
    )
    values = {"seen": _seen, "plain": lambda i: f"p{i}", "method": "x{}".format}
    ours = environment(jinja2.DictLoader({"t": source}))
    stock = environment(jinja2.DictLoader({"t": source}))
    stock.context_class = jinja2.runtime.Context
    printed = ours.get_template("t").render(values)
    assert printed == stock.get_template("t").render(values)
    assert printed == "inner&#61;b<1>p1j&#61;2i&#61;Nonex1<2>p2j&#61;4i&#61;Nonex2"  # `i`: a loop variable, not set
