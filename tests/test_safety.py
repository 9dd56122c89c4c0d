"""Hostile text on published pages is inert and reads as written; nothing in a map is lost."""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path

import pytest

import hostile
from conftest import Site, make_site
from htmltext import parse
from linkcheck import broken_links

PAGES = ["journeys/evil", "journeys", "personas/evil", "personas", "touchpoints"]


@pytest.fixture(scope="module")
def hostile_site(hostile_served) -> Site:
    """The hostile corpus, built once for this module and the browser's (conftest.py)."""
    return hostile_served[0]


def test_no_author_markup_becomes_active(hostile_site: Site) -> None:
    for page in PAGES:
        parsed = parse(hostile_site.html(page))
        for element in parsed.elements:
            assert element.tag not in {"script", "iframe", "object", "embed", "b", "svg"} or (
                element.tag == "svg" and "onload" not in element.attrs
            ), f"{page}: <{element.tag}> from author text"
            for name, value in element.attrs.items():
                assert not name.startswith("on"), f"{page}: event handler {name}={value!r}"
                if name in {"href", "src"}:  # as the browser reads it: no tabs, newlines or outer spaces
                    read = re.sub(r"[\t\n\r]", "", value).strip("".join(map(chr, range(33))))
                    assert not re.match(r"(javascript|data|vbscript):", read, re.I), f"{page}: {name}={value!r}"
            assert not (element.tag == "img" and element.attrs.get("src") == "x"), page


def test_every_payload_reads_as_written(hostile_site: Site) -> None:
    seen: dict[int, list[str]] = {}
    for page in PAGES:
        text = parse(hostile_site.html(page)).text
        for n in range(1, hostile.COUNT + 1):
            if f"F{n:02d} " in text:
                assert hostile.text(n) in text, f"{page}: F{n:02d} is altered"
                seen.setdefault(n, []).append(page)
    assert sorted(seen) == list(range(1, hostile.COUNT + 1)), "some fields are not shown anywhere"


def test_markdown_fields_keep_markdown_but_not_html(hostile_site: Site) -> None:
    html = hostile_site.html("journeys/evil")
    summary = html.split('<div class="jm-md">')[1].split("</div>")[0]
    assert "&lt;script&gt;window.__xss=1&lt;/script&gt;" in summary  # raw HTML shown as text
    assert "&lt;iframe" in summary
    for text in [*hostile.UNSAFE_LINKS, "data"]:  # refused addresses: the link is plain text
        assert f'<span class="jm-removed-link" data-jm-removed="href">{text}</span>' in summary, text
    assert '<span class="jm-removed-link" data-jm-removed="src">img-ref</span>' in summary
    assert '<a href="//example.org/x" rel="noopener noreferrer">host</a>' in summary
    assert '<a href="https://example.org" rel="noopener noreferrer">attr</a>{ onclick=' in summary.replace(
        "&#123;", "{"
    )
    assert "{{" not in html.split("<article")[1] and "{%" not in html.split("<article")[1]


def test_each_refused_address_is_a_warning_at_its_field(hostile_site: Site) -> None:
    """Nothing is dropped silently: validate names every address the pages leave out (issue 13)."""
    result = hostile_site.run("validate", tool="journey-maps")
    assert result.returncode == 0, result.stdout  # warnings only: the pages are still built
    lines = [line for line in result.stdout.splitlines() if "is refused" in line]
    per_field = {}
    for line in lines:
        match = re.fullmatch(
            r"(maps/\S+?:\d+:\d+): warning: link address '(.*)' is refused: only https://, "
            r"http://, mailto: and relative addresses are published \(the link shows as plain text\)",
            line,
        )
        assert match, line
        per_field.setdefault(match.group(1), []).append(match.group(2))
    # MD_PAYLOAD is in four fields: summary, a stage description, a bio, a touchpoint description.
    assert len(per_field) == 4, per_field
    expected = len(hostile.UNSAFE_LINKS) + 1 + 1  # the links, the data: link of the first line, the image
    for field, addresses in per_field.items():
        assert len(addresses) == expected, (field, addresses)
        assert "javascript&#58;window.__xss=6" in addresses and "//example.org/x" not in addresses


def test_title_in_head_and_navigation_is_text(hostile_site: Site) -> None:
    html = hostile_site.html("journeys/evil")
    head = html.split("</head>")[0]
    title = re.search(r"<title>(.*?)</title>", head, re.S).group(1)
    assert "<script" not in title and "&lt;script&gt;" in title
    nav = html.split("md-sidebar--primary")[1].split("md-sidebar--secondary")[0]
    assert "<script>" not in nav and "<img src=x" not in nav
    assert "&lt;script&gt;" in nav


def test_hostile_site_links_resolve(hostile_site: Site) -> None:
    site = hostile_site.site_dir
    pages = sorted(str(p.relative_to(site)) for p in site.rglob("index.html"))
    assert broken_links(site, pages) == []


FULL_JOURNEY = {
    "title": "Full journey V01",
    "summary": "Summary V02 with **bold V03**",
    "type": "service-blueprint",
    "personas": ["full-persona"],
    "segment": "b2b",
    "owner": "Owner V04",
    "tags": ["tag-v05", "tag V06"],
    "reviewed": "2026-10-01",
    "review_every": 45,
    "compares_to": "other",
    "stages": [
        {
            "id": "stage-v07",
            "name": "Stage V08",
            "description": "Stage description V09",
            "goal": "Goal V10",
            "steps": [
                {
                    "id": "step-v11",
                    "name": "Step V12",
                    "score": 4,
                    "touchpoint": "tp-v13",
                    "channel": "phone",
                    "actors": ["Actor V14", "Actor V15"],
                    "doing": "Doing V16",
                    "thinking": "Thinking V17",
                    "feeling": "Feeling V18",
                    "quote": "Quote V19",
                    "pain_points": ["Pain V20", {"text": "Pain V21", "severity": "critical"}],
                    "opportunities": [
                        "Opp V22",
                        {"text": "Opp V23", "impact": "high", "effort": "low", "owner": "Opp owner V24"},
                    ],
                    "metrics": {"metric_v25": 0.125, "metric_v26": "text V27"},
                    "evidence": ["Evidence V28", {"title": "Evidence V29", "url": "https://example.org/v30"}],
                    "frontstage": ["Front V31"],
                    "backstage": ["Back V32"],
                    "support": ["Support V33"],
                }
            ],
        }
    ],
}
FULL_PERSONA = {
    "name": "Persona V34",
    "role": "Role V35",
    "quote": "Persona quote V36",
    "avatar": "img/ana.svg",
    "segment": "b2c",
    "demographics": {"age_v37": 41, "city V38": "Tampere V39"},
    "bio": "Bio V40",
    "goals": ["Goal V41"],
    "needs": ["Need V42"],
    "pain_points": ["Persona pain V43"],
    "motivations": ["Motivation V44"],
    "fears": ["Fear V45"],
    "triggers": ["Trigger V46"],
    "channels": ["kiosk-v47"],
    "tags": ["persona tag V48"],
}
FULL_TOUCHPOINTS = {
    "tp-v13": {"name": "Touchpoint V49", "channel": "kiosk-v47", "owner": "TP owner V50", "description": "TP text V51"}
}
FULL_CHANNELS = {"kiosk-v47": {"name": "Channel V52", "kind": "offline", "icon": "material/tablet-dashboard"}}
OTHER = {"title": "Other V53", "stages": [{"id": "s", "name": "S", "steps": [{"id": "t", "name": "T", "score": 3}]}]}


def test_every_field_appears_on_its_page(tmp_path: Path) -> None:
    site = make_site(tmp_path, with_mermaid=False)
    for name in (
        "journeys/coffee-order.yml",
        "journeys/coffee-order-future.yml",
        "personas/li-wei.yml",
        "personas/ana.yml",
    ):
        (site.maps / name).unlink()
    site.write("maps/journeys/full.yml", json.dumps(FULL_JOURNEY))
    site.write("maps/journeys/other.yml", json.dumps(OTHER))
    site.write("maps/personas/full-persona.yml", json.dumps(FULL_PERSONA))
    site.write("maps/touchpoints.yml", json.dumps(FULL_TOUCHPOINTS))
    site.write("maps/channels.yml", json.dumps(FULL_CHANNELS))
    site.plugin_options(review_date=datetime.date(2026, 11, 1))
    site.build()
    journey = site.html("journeys/full")
    persona = site.html("personas/full-persona")
    touchpoints = site.html("touchpoints")
    text = {"j": parse(journey).text, "p": parse(persona).text, "t": parse(touchpoints).text}

    def shown(page: str, *values: str) -> None:
        for value in values:
            assert value in text[page], f"{value!r} missing from the {page} page"

    shown("j", *(f"V{n:02d}" for n in (1, 2, 3, 4, 8, 9, 10, 12, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24)))
    shown(
        "j",
        "Metric v25",  # keys read as words (issue 15)
        "0.125",
        "Metric v26",
        "text V27",
        "V28",
        "V29",
        "V31",
        "V32",
        "V33",
        "Touchpoint V49",
        "Phone",
    )
    shown(
        "j", "tag-v05", "tag V06", "Service blueprint", "B2B", "October 1, 2026", "every 45 days", "November 15, 2026"
    )
    shown("j", "Other V53", "Persona V34", "Role V35", "Persona quote V36", "4 / 5", "Critical", "Impact: High")
    shown("j", "Effort: Low", "Offline")
    assert 'id="stage-v07"' in journey and 'id="step-v11"' in journey
    assert 'href="https://example.org/v30"' in journey.replace("&#58;", ":").replace("&#46;", ".")
    assert 'href="../../touchpoints/#tp-v13"' in journey
    shown(
        "p",
        *(f"V{n}" for n in range(34, 49) if n not in (37, 47)),
        "Age v37",
        "City V38",
        "41",
        "Tampere V39",
        "B2C",
        "Channel V52",
        "Full journey V01",
    )
    assert 'src="../../img/ana.svg"' in persona
    shown("t", "Touchpoint V49", "TP owner V50", "TP text V51", "Channel V52", "Offline", "Step V12", "Stage V08")


@pytest.fixture(scope="module")
def hostile_history_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """The hostile maps in git: an earlier release with other hostile text, and a hostile future state."""
    import os
    import subprocess

    site = make_site(tmp_path_factory.mktemp("hostile-history"), with_mermaid=False)
    hostile.install(site)
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@e", "GIT_COMMITTER_NAME": "t"}
    env |= {"GIT_COMMITTER_EMAIL": "t@e", "GIT_CONFIG_GLOBAL": os.devnull}

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=site.root, env=env, check=True, capture_output=True)

    current = hostile.files()
    journey = json.loads(current["maps/journeys/evil.yml"])
    old = json.loads(current["maps/journeys/evil.yml"])
    step = old["stages"][0].pop("steps")[0]
    old["title"] = hostile.text(101)
    step |= {"name": hostile.text(102), "score": 4, "pain_points": [hostile.text(103)], "opportunities": []}
    old["stages"][0]["steps"] = [{"id": "gone-step", "name": hostile.text(104), "score": 3}]
    old["stages"].insert(0, {"id": "old-stage", "name": hostile.text(105), "steps": [step]})
    site.write("maps/journeys/evil.yml", json.dumps(old, ensure_ascii=False))
    persona = json.loads(current["maps/personas/evil.yml"]) | {"name": hostile.text(106)}
    site.write("maps/personas/gone.yml", json.dumps(persona, ensure_ascii=False))
    git("init", "-q")
    git("add", "-A")
    git("commit", "-q", "-m", "old")
    git("tag", "v1<b>x</b>")
    (site.maps / "personas/gone.yml").unlink()
    site.write("maps/journeys/evil.yml", json.dumps(journey, ensure_ascii=False))
    future = {
        "title": hostile.text(107),
        "type": "future-state",
        "compares_to": "evil",
        "stages": [
            {
                "id": "evil-stage",
                "name": hostile.text(108),
                "steps": [
                    {"id": "evil-step", "name": hostile.text(109), "score": 5, "pain_points": [hostile.text(110)]}
                ],
            }
        ],
    }
    site.write("maps/journeys/evil-future.yml", json.dumps(future, ensure_ascii=False))
    site.build(strict=False)  # the refused link addresses are warnings
    return site


@pytest.mark.parametrize(
    ("page", "numbers"),
    [
        ("changes", [19, 101, 1, 102, 103, 104, 105, 22, 106, 8, 9, 10, 11]),
        ("journeys/evil/vs-evil-future", [19, 107, 108, 109, 110, 8, 9]),
    ],
)
def test_what_changed_and_comparison_pages_are_inert(hostile_history_site: Site, page: str, numbers: list[int]) -> None:
    html = hostile_history_site.html(page)
    parsed = parse(html)
    for element in parsed.elements:
        assert element.tag not in {"script", "iframe", "object", "embed", "b", "svg"}, f"{page}: <{element.tag}>"
        assert not any(name.startswith("on") for name in element.attrs), f"{page}: {element.attrs}"
        assert not (element.tag == "img" and element.attrs.get("src") == "x"), page
    text = parsed.text
    for n in numbers:
        assert hostile.text(n) in text, f"{page}: F{n:02d} missing or altered"
    if page == "changes":
        assert "Compared with v1<b>x</b>" in text
    assert "{{" not in html.split("<article")[1] and "{%" not in html.split("<article")[1]
