"""The Mermaid journey text: always valid, labels read back exactly as written."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from journey_grammar import JS_SPACE, GrammarError, parse
from journey_maps import model
from journey_maps.catalog import MapSet
from journey_maps.load import Loaded
from journey_maps.render.mermaid import escape, journey_diagram

HOSTILE = [
    "Pay: card: 3: Me",
    "Pay; then leave",
    "Ticket #42 opened",
    "%%{init: {'theme': 'forest', 'securityLevel': 'loose'}}%%",
    "click A call alert(1)",
    "section Evil",
    "title Override",
    "accTitle: x",
    "<script>alert(1)</script>",
    "\"quoted\" and 'single'",
    "a & b > c < d",
    "Line one\nLine two",
    "😀 emoji ✨",
    "خرید کاپشن زمستانی",
    "下单并支付",
    "#35; already encoded",
    "ﬂ°°60¶ß placeholder lookalike",
    "back\\slash `tick` {brace} |pipe|",
]


def _maps(*journeys: model.Journey) -> MapSet:
    return MapSet.build(Loaded(journeys=list(journeys)), datetime.date(2026, 11, 22))


def _journey(name: str, actor: str = "Customer", title: str = "T") -> model.Journey:
    step = model.Step(id="s", name=name, score=3, actors=(actor,))
    return model.Journey(id="j", title=title, stages=(model.Stage(id="st", name=name, steps=(step,)),))


def _expected(text: str) -> str:
    return "<br>".join(line.strip() for line in text.strip().split("\n"))


def test_hostile_labels_read_back_as_written() -> None:
    for text in HOSTILE:
        journey = _journey(text, actor=f"{text}, too", title=text)
        diagram = parse(journey_diagram(journey, _maps(journey)))
        assert diagram.title == text.replace("\n", " ").replace("Line one Line", "Line one Line")
        assert diagram.sections[0].name == _expected(text)
        task = diagram.sections[0].tasks[0]
        assert task.name == _expected(text)
        assert task.score == 3
        assert task.actors == [f"{text}, too".replace("\n", " ")]


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=1, max_size=60).filter(lambda s: escape_roundtrip(s)))  # the loader refuses the rest
def test_any_text_is_valid_mermaid_and_reads_back(text: str) -> None:
    journey = _journey(text, actor=text, title=text)
    diagram = parse(journey_diagram(journey, _maps(journey)))
    assert diagram.sections[0].tasks[0].name == escape_roundtrip(text)
    assert diagram.sections[0].tasks[0].actors == [escape_roundtrip(text, breaks=False)]


_SPACES = JS_SPACE + "".join(ch for ch in map(chr, range(0x10000)) if ch.isspace())
"""What either Python or JavaScript trims as space (the escaper trims both)."""


def escape_roundtrip(text: str, *, breaks: bool = True) -> str:
    """What a label shows: the text with line breaks as <br> (or spaces) and outer spaces trimmed."""
    import re

    lines = [line.strip(_SPACES) for line in re.split(r"\r\n|\r|\n|\u2028|\u2029", text.strip(_SPACES))]
    return ("<br>" if breaks else " ").join(lines)


@pytest.mark.parametrize(
    "name",
    [
        "\ufeffsection X",
        "\ufeffjourney",
        "\ufefftitle Hijacked",
        "\ufeff\ufeff section Y",
        "\u00a0section Z",
        "\u3000title Hijacked",
        "\u205faccTitle: x",
        "\u2007journey",
    ],
)
def test_spaces_javascript_skips_cannot_start_a_keyword(name: str) -> None:
    """Mermaid's lexer skips what JavaScript's \\s matches (U+FEFF too), then reads keywords (issue 13)."""
    journey = _journey(name, actor="Me", title="The journey")
    source = journey_diagram(journey, _maps(journey))
    diagram = parse(source)
    assert diagram.title == "The journey"
    assert [s.name for s in diagram.sections] == [escape_roundtrip(name)]
    assert [t.name for t in diagram.sections[0].tasks] == [escape_roundtrip(name)]
    assert "\ufeff" not in source


def test_keywords_never_start_a_label() -> None:
    for word in ("section x", "Title x", "journey", "accDescr: y"):
        assert not escape(word).lower().startswith(("section", "title", "journey", "accdescr"))


def test_grammar_oracle_rejects_what_mermaid_rejects() -> None:
    bad = [
        "journey\n    section A\n      Pay: card: 3: Me\n",
        "journey\n    section A\n      Ticket #42: 3: Me\n",
        "journey\n    section A: B\n      X: 3: Me\n",
        "journey\n    section A\n      X: 9: Me\n",
        "journey\n    %%{init: {}}%%\n    section A\n      X: 3: Me\n",
    ]
    for source in bad:
        try:
            parse(source)
        except GrammarError:
            continue
        raise AssertionError(f"oracle accepted {source!r}")


def test_actors_default_to_persona_names_then_customer() -> None:
    step = model.Step(id="s", name="S", score=4)
    journey = model.Journey(
        id="j", title="T", personas=("ana", "ghost"), stages=(model.Stage(id="a", name="A", steps=(step,)),)
    )
    ana = model.Persona(id="ana", name="Ana, the regular")
    maps = MapSet.build(Loaded(journeys=[journey], personas=[ana]), datetime.date(2026, 1, 1))
    assert parse(journey_diagram(journey, maps)).sections[0].tasks[0].actors == ["Ana"]  # the short name
    lonely = model.Journey(id="k", title="T", stages=journey.stages)
    assert parse(journey_diagram(lonely, _maps(lonely))).sections[0].tasks[0].actors == ["Customer"]


def test_each_person_is_named_once_in_the_legend() -> None:
    """A persona named in full in one step and by default in another is one actor, under one name."""
    named = model.Step(id="a", name="A", score=4, actors=("Ana, the regular", "Barista", "Ana"))
    default = model.Step(id="b", name="B", score=2)
    journey = model.Journey(
        id="j", title="T", personas=("ana", "li"), stages=(model.Stage(id="s", name="S", steps=(named, default)),)
    )
    personas = [model.Persona(id="ana", name="Ana, the regular"), model.Persona(id="li", name="李娜，常客")]
    maps = MapSet.build(Loaded(journeys=[journey], personas=personas), datetime.date(2026, 1, 1))
    tasks = parse(journey_diagram(journey, maps)).sections[0].tasks
    assert [t.actors for t in tasks] == [["Ana", "Barista"], ["Ana", "李娜"]]
    legend = {actor for task in tasks for actor in task.actors}
    assert legend == {"Ana", "Barista", "李娜"}


def test_fixture_diagram_matches_golden(golden, basic_maps) -> None:
    journey = basic_maps.journeys["coffee-order"]
    text = journey_diagram(journey, basic_maps)
    golden("coffee-order.mmd", text)
    diagram = parse(text)
    assert [s.name for s in diagram.sections] == ["Discover: first look", "下单 and پرداخت"]
    assert [t.name for t in diagram.sections[1].tasks] == [
        "Pays 50% %%{init: {'theme':'dark'}}%% <b>now</b>",
        "Waits<br>for the 😀 cup",
    ]
    assert diagram.sections[1].tasks[0].actors == ["Ana", "Barista"]
    assert diagram.sections[1].tasks[1].actors == ["Ana", "李伟 Li Wei"]
    assert "useMaxWidth: false" in diagram.config
