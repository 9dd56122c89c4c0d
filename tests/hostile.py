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
    # Schemes spelled with character references, tabs, newlines and spaces: the browser reads them
    # as javascript: (issue 13); each must lose its address. And a scheme-relative link, kept.
    "\n\n[numeric](javascript&#58;window.__xss=6) [hex](JAVASCRIPT&#x3A;window.__xss=7)"
    " [named](javascript&colon;window.__xss=8) [padded](javascript&#0058;window.__xss=9)"
    " [no-semicolon](javascript&#58window.__xss=10) [first-letter](&#106;avascript:window.__xss=11)"
    " [tab](java&Tab;script:window.__xss=12) [newline](java&NewLine;script:window.__xss=13)"
    " [tab-char](<java\tscript:window.__xss=14>) [spaces](<  javascript:window.__xss=15>)"
    " [nul](<&#0;javascript:window.__xss=16>) [vb](vbscript&#58;window.__xss=17)"
    " [data-ref](data&#58;text/html,&lt;script&gt;alert(1)&lt;/script&gt;)"
    " ![img-ref](javascript&#58;window.__xss=18) [ref][r1] [ref2][r2] [host](//example.org/x)"
    "\n\n[r1]: javascript&#58;window.__xss=19\n[r2]: <JaVaScRiPt&#x3a;window.__xss=20>\n"
)
UNSAFE_LINKS = [
    "js link",
    "numeric",
    "hex",
    "named",
    "padded",
    "no-semicolon",
    "first-letter",
    "tab",
    "newline",
    "tab-char",
    "spaces",
    "nul",
    "vb",
    "data-ref",
    "ref",
    "ref2",
]
"""Link texts in MD_PAYLOAD whose address must be removed."""


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
