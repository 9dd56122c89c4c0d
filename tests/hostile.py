"""Maps written by an attacker: a payload in every text field, numbered so each can be found again."""

from __future__ import annotations

import json

PAYLOAD = (
    '<script>window.__xss=1</script><img src=x onerror="window.__xss=2">'
    "\"'><svg onload=window.__xss=3>{{ 7*7 }}{% if 1 %}jinja{% endif %}"
    " %%{init: {'securityLevel': 'loose'}}%% click s call alert(1) &amp; :material-home: <b>bold</b>"
)
MD_PAYLOAD = (
    PAYLOAD + "\n\n[js link](javascript:window.__xss=4) [data](data:text/html,<script>alert(1)</script>)"
    ' [attr](https://example.org){ onclick="window.__xss=5" }\n\n<iframe src="https://example.org"></iframe>'
)


def text(n: int) -> str:
    return f"F{n:02d} {PAYLOAD}"


def files() -> dict[str, str]:
    """maps/… files (JSON is YAML) with a distinct payload in every text field."""
    counter = iter(range(1, 1000))

    def t() -> str:
        return text(next(counter))

    step = {
        "id": "evil-step",
        "name": t(),
        "score": 2,
        "touchpoint": "evil-tp",
        "actors": [t(), t()],
        "doing": t(),
        "thinking": t(),
        "feeling": t(),
        "quote": t(),
        "pain_points": [t(), {"text": t(), "severity": "critical"}],
        "opportunities": [t(), {"text": t(), "impact": "high", "effort": "low", "owner": t()}],
        "metrics": {"m1": t()},
        "evidence": [t(), {"title": t(), "url": "https://example.org/e?q=<script>"}],
        "frontstage": [t()],
        "backstage": [t()],
        "support": [t()],
    }
    journey = {
        "title": t(),
        "summary": MD_PAYLOAD,
        "personas": ["evil"],
        "owner": t(),
        "tags": [t()],
        "stages": [{"id": "evil-stage", "name": t(), "goal": t(), "description": MD_PAYLOAD, "steps": [step]}],
    }
    persona = {
        "name": t(),
        "role": t(),
        "quote": t(),
        "demographics": {"d1": t()},
        "bio": MD_PAYLOAD,
        **{key: [t()] for key in ("goals", "needs", "pain_points", "motivations", "fears", "triggers")},
        "channels": ["evil-channel"],
        "tags": [t()],
    }
    touchpoints = {"evil-tp": {"name": t(), "channel": "evil-channel", "owner": t(), "description": MD_PAYLOAD}}
    channels = {"evil-channel": {"name": t(), "kind": "online", "icon": "material/web"}}
    return {
        "maps/journeys/evil.yml": json.dumps(journey, ensure_ascii=False),
        "maps/personas/evil.yml": json.dumps(persona, ensure_ascii=False),
        "maps/touchpoints.yml": json.dumps(touchpoints, ensure_ascii=False),
        "maps/channels.yml": json.dumps(channels, ensure_ascii=False),
    }


COUNT = 37
"""How many numbered payloads files() writes (F01 … F37)."""


def install(site) -> None:
    """Replace a fixture site's maps with the hostile ones."""
    import shutil

    shutil.rmtree(site.maps)
    for name, content in files().items():
        site.write(name, content)


# Diagram labels that break Mermaid's journey syntax or inject markup, each a step name and an actor.
HOSTILE_STEPS = [
    "Pay: card: 3: Me",
    "Pay; then leave",
    "Ticket #42 opened",
    "%%{init: {'securityLevel': 'loose'}}%% directive",
    "click s1 call alert(1)",
    "section Fake",
    "<script>window.__xss = 1</script>",
    '<img src=x onerror="window.__xss = 2">',
    'a & b > c < d "quoted"',
    "😀 emoji and ✨",
    "خرید کاپشن زمستانی",
    "下单并支付",
]


def labels_journey() -> str:
    """A journey whose stage and step names and actors are the labels above (for the diagram)."""
    steps = [
        {"id": f"s{i}", "name": name, "score": 1 + i % 5, "actors": [name, "Plain actor"]}
        for i, name in enumerate(HOSTILE_STEPS)
    ]
    doc = {
        "title": "Hostile <b>labels</b>: test; #1",
        "stages": [
            {"id": "first", "name": "Stage: one; #1 <i>x</i>", "steps": steps[:6]},
            {"id": "second", "name": "%%{init: {}}%% 二", "steps": steps[6:]},
        ],
    }
    return json.dumps(doc, ensure_ascii=False)  # JSON is YAML
