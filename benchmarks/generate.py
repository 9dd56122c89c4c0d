"""Synthetic but realistic map sets for the benchmarks.

``generate(folder, n, languages)`` writes a complete project: ``maps/`` with ``n``
journeys (4–6 stages, 15–30 steps each, pain points, opportunities, metrics,
quotes, service-blueprint lanes on one map in four, a current/future pair in
every twenty), personas and touchpoints in proportion (one persona per four
journeys, two catalogue touchpoints per journey, every one of them used),
translation overlays for every language after the first, a one-page ``docs/``,
and a ``mkdocs.yml`` made from the repository's own (see ``site_config``).

The same arguments always give the same files (a seeded generator).
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent

WORDS = (
    "account address agent answer app approval basket bill booking branch card cart chat check "
    "claim code confirmation contract courier delivery deposit desk device discount document email "
    "fee form guest help identity invoice item kiosk label limit link list login loyalty manager "
    "message number offer order page partner password payment plan point policy portal price "
    "product profile quote rate receipt refund reminder renewal request return review room "
    "schedule search service session size status step store subscription support survey team "
    "ticket time tracking transfer trial upgrade voucher wallet warranty website"
).split()
VERBS = (
    "asks checks chooses compares confirms downloads enters finds fills opens pays reads "
    "receives renews reports requests returns scans searches signs tracks updates uploads waits"
).split()
FEELINGS = "anxious relieved curious annoyed confident confused hopeful impatient reassured frustrated pleased".split()
CHANNELS = "web search social advertising email sms chat phone mobile-app store events mail reviews".split()
SEVERITIES = ("low", "medium", "high", "critical")
LEVELS = ("low", "medium", "high")
STAGE_NAMES = (
    "Awareness",
    "Consideration",
    "Decision",
    "Purchase",
    "Onboarding",
    "Use",
    "Support",
    "Renewal",
    "Advocacy",
)
TYPES = ("current-state", "current-state", "day-in-the-life", "service-blueprint")

# Words of the overlays, so that translated pages carry text in each script (RTL, CJK, accents).
SCRIPTS = {
    "fa": "مشتری سفارش پرداخت حساب پشتیبانی درخواست بررسی تحویل کارت پیام".split(),
    "ar": "العميل الطلب الدفع الحساب الدعم التسليم البطاقة الرسالة المراجعة".split(),
    "zh": "客户 订单 付款 账户 支持 请求 审核 交付 卡片 消息".split(),
    "tr": "müşteri sipariş ödeme hesap destek talep inceleme teslimat kart mesaj".split(),
    "fi": "asiakas tilaus maksu tili tuki pyyntö tarkistus toimitus kortti viesti".split(),
}
LUNR_LANGUAGES = {"en", "ar", "zh", "tr", "fi"}
"""Of the languages above, those Material's search (lunr.js) supports."""
LANGUAGE_NAMES = {"en": "English", "fa": "فارسی", "ar": "العربية", "zh": "中文", "tr": "Türkçe", "fi": "Suomi"}


class _Tagged(str):
    """A ``!!python/name:`` value of mkdocs.yml, kept as written."""


def _load_config(text: str) -> dict:
    loader = type("Loader", (yaml.SafeLoader,), {})
    loader.add_multi_constructor("tag:yaml.org,2002:python/name:", lambda _l, suffix, _n: _Tagged(suffix))
    return yaml.load(text, Loader=loader)


def _dump_config(config: dict) -> str:
    dumper = type("Dumper", (yaml.SafeDumper,), {})
    dumper.add_representer(_Tagged, lambda d, v: d.represent_scalar(f"tag:yaml.org,2002:python/name:{v}", ""))
    return yaml.dump(config, Dumper=dumper, allow_unicode=True, sort_keys=False)


def site_config(languages: list[str], variant: str = "shipped") -> dict:
    """The repository's mkdocs.yml, on the synthetic maps and with these languages.

    One language: no static-i18n (a one-language site does not configure it). More: static-i18n
    with exactly these languages, the first the default. ``variant`` changes one thing on top of
    the shipped configuration, to measure what it costs (see ``VARIANTS``).
    """
    config = _load_config((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    config["site_name"] = "Benchmark journeys"
    config.pop("watch", None)
    config.pop("nav", None)  # the example's navigation names its own guides: the synthetic site has none
    config["theme"]["custom_dir"] = "overrides"
    plugins = []
    for plugin in config["plugins"]:
        name = plugin if isinstance(plugin, str) else next(iter(plugin))
        if name == "search" and isinstance(plugin, dict) and "lang" in (plugin[name] or {}):
            options = dict(plugin[name])  # the site's languages that lunr.js supports
            options["lang"] = [lang for lang in languages if lang in LUNR_LANGUAGES]
            plugin = {name: options}
        elif name == "journey-maps":
            options = dict(plugin[name] or {})
            options["mermaid_js"] = str(REPO / "node_modules/mermaid/dist/mermaid.min.js")
            options.pop("insights_guide", None)  # a page of the example's docs
            plugin = {name: options}
        elif name == "i18n":
            if len(languages) == 1:
                continue
            options = dict(plugin[name])
            options["languages"] = [
                {"locale": lang, "name": LANGUAGE_NAMES[lang], "build": True} | ({"default": True} if i == 0 else {})
                for i, lang in enumerate(languages)
            ]
            plugin = {name: options}
        plugins.append(plugin)
    config["plugins"] = plugins
    VARIANTS[variant](config)
    return config


def _shipped(config: dict) -> None:
    """The configuration as shipped."""


def _mermaid2(config: dict) -> None:
    """mkdocs-mermaid2-plugin in the plugins list, with its own fence format (the design-card stack)."""
    if "mermaid2" not in config["plugins"]:
        config["plugins"].append("mermaid2")
    _fence(config, "mermaid2.fence_mermaid_custom")


def _native(config: dict) -> None:
    """No mermaid2 plugin: Material renders the diagrams itself (from the served mermaid.min.js)."""
    config["plugins"] = [p for p in config["plugins"] if p != "mermaid2"]
    _fence(config, "pymdownx.superfences.fence_code_format")


def _fence(config: dict, formatter: str) -> None:
    for ext in config["markdown_extensions"]:
        if isinstance(ext, dict) and "pymdownx.superfences" in ext:
            for fence in ext["pymdownx.superfences"]["custom_fences"]:
                if fence["name"] == "mermaid":
                    fence["format"] = _Tagged(formatter)


VARIANTS = {"shipped": _shipped, "mermaid2": _mermaid2, "native": _native}


class _Maker:
    def __init__(self, n: int, seed: int) -> None:
        self.n = n
        self.rand = random.Random(seed)
        self.personas = max(2, n // 4)
        self.touchpoints = 2 * n

    def words(self, low: int, high: int) -> str:
        return " ".join(self.rand.choice(WORDS) for _ in range(self.rand.randint(low, high)))

    def sentence(self, low: int = 6, high: int = 14) -> str:
        text = self.words(low, high)
        return text[0].upper() + text[1:]

    def touchpoint_ids(self, journey: int) -> list[str]:
        """The journey's own two catalogue touchpoints, and a few shared ones (so every one is used)."""
        own = [f"tp-{2 * journey + k:05d}" for k in range(2)]
        shared = [f"tp-{self.rand.randrange(self.touchpoints):05d}" for _ in range(4)]
        return own + shared

    def journey(self, i: int) -> dict:
        kind = TYPES[i % len(TYPES)]
        if i % 20 == 19:
            kind = "future-state"
        stages = self.rand.randint(4, 6)
        steps = self.rand.randint(max(15, stages), 30)
        per_stage = [1] * stages
        for _ in range(steps - stages):
            per_stage[self.rand.randrange(stages)] += 1
        touchpoints = self.touchpoint_ids(i)
        names = self.rand.sample(STAGE_NAMES, stages)
        counter = 0
        stage_list = []
        for s, count in enumerate(per_stage):
            step_list = []
            for _ in range(count):
                counter += 1
                step_list.append(self.step(counter, touchpoints, kind, first=counter <= 2))
            stage_list.append(
                {
                    "id": f"stage-{s + 1}",
                    "name": names[s],
                    "goal": self.sentence(5, 10),
                    "description": self.sentence(12, 30) + ".",
                    "steps": step_list,
                }
            )
        journey: dict = {
            "title": f"Journey {i + 1}: {self.words(3, 6)}",
            "type": kind,
            "personas": sorted({f"persona-{(i // 4) % self.personas:04d}", f"persona-{(i * 7) % self.personas:04d}"}),
            "segment": self.rand.choice(("b2c", "b2b")),
            "owner": f"Team {self.words(1, 2)}",
            "tags": sorted(set(self.rand.sample(WORDS, 3))),
            "reviewed": "2026-10-01",
            "review_every": "yearly",
            "summary": self.sentence(20, 45) + ".\n\n" + self.sentence(15, 30) + ".\n",
            "stages": stage_list,
        }
        if kind == "future-state":  # the future state of the map before it: a side-by-side pair
            journey["compares_to"] = f"journey-{i:05d}"
        return journey

    def step(self, number: int, touchpoints: list[str], kind: str, first: bool) -> dict:
        r = self.rand
        step: dict = {
            "id": f"step-{number}",
            "name": f"{r.choice(VERBS).capitalize()} the {self.words(2, 6)}",
            "score": r.randint(1, 5),
            # The journey's own touchpoints come first, so every catalogue entry is used.
            "touchpoint": touchpoints[number - 1] if first else r.choice(touchpoints),
            "doing": self.sentence(6, 14),
            "thinking": self.sentence(6, 14) + "?",
            "feeling": r.choice(FEELINGS),
        }
        if r.random() < 0.15:
            step["channel"] = r.choice(CHANNELS)
        if r.random() < 0.1:
            step["quote"] = self.sentence(8, 16) + "."
        if r.random() < 0.35:
            step["pain_points"] = [self.pain_point() for _ in range(r.randint(1, 2))]
        if r.random() < 0.2:
            step["opportunities"] = [
                {"text": self.sentence(6, 12), "impact": r.choice(LEVELS), "effort": r.choice(LEVELS)}
                | ({"owner": f"Team {self.words(1, 1)}"} if r.random() < 0.5 else {})
            ]
        if r.random() < 0.1:
            step["metrics"] = {"drop_off": round(r.random(), 2), "csat": round(r.uniform(1, 5), 1)}
        if r.random() < 0.05:
            step["evidence"] = [{"title": f"Study {self.words(2, 3)}", "url": "https://example.com/research"}]
        if kind == "service-blueprint":
            step["frontstage"] = [self.sentence(4, 8)]
            step["backstage"] = [self.sentence(4, 8)]
            step["support"] = [self.sentence(2, 5)]
        return step

    def pain_point(self) -> dict | str:
        """Most with a severity, some as plain text (severity medium)."""
        if self.rand.random() < 0.7:
            return {"text": self.sentence(6, 14), "severity": self.rand.choice(SEVERITIES)}
        return self.sentence()

    def persona(self, i: int) -> dict:
        return {
            "name": f"Persona {i + 1}, the {self.words(1, 2)} {self.rand.choice(('buyer', 'manager', 'user'))}",
            "role": self.sentence(5, 10),
            "quote": self.sentence(8, 14) + ".",
            "segment": self.rand.choice(("b2c", "b2b")),
            "demographics": {"age": self.rand.randint(20, 70), "location": self.words(1, 2).title()},
            "bio": self.sentence(25, 50) + ".\n",
            "goals": [self.sentence(4, 9) for _ in range(3)],
            "needs": [self.sentence(4, 9) for _ in range(2)],
            "pain_points": [self.sentence(4, 9) for _ in range(2)],
            "channels": sorted(set(self.rand.sample(CHANNELS, 3))),
            "tags": sorted(set(self.rand.sample(WORDS, 2))),
        }

    def touchpoint(self, i: int) -> dict:
        return {
            "name": f"{self.words(2, 4).capitalize()} {i + 1}",
            "channel": self.rand.choice(CHANNELS),
            "owner": f"Team {self.words(1, 2)}",
            "description": self.sentence(10, 24) + ".\n",
        }


def _translate(text: str, lang: str, rand: random.Random) -> str:
    words = SCRIPTS[lang]
    return " ".join(rand.choice(words) for _ in range(max(2, len(text.split()))))


def _journey_overlay(journey: dict, lang: str, rand: random.Random) -> dict:
    """Title, summary, stage names and goals, step names, doing, feeling and pain points: most of the text."""
    stages = {}
    for stage in journey["stages"]:
        steps = {}
        for step in stage["steps"]:
            fields = {"name": _translate(step["name"], lang, rand), "doing": _translate(step["doing"], lang, rand)}
            fields["feeling"] = _translate(step["feeling"], lang, rand)
            if "pain_points" in step:
                fields["pain_points"] = [
                    _translate(p["text"] if isinstance(p, dict) else p, lang, rand) for p in step["pain_points"]
                ]
            steps[step["id"]] = fields
        stages[stage["id"]] = {
            "name": _translate(stage["name"], lang, rand),
            "goal": _translate(stage["goal"], lang, rand),
            "steps": steps,
        }
    return {
        "title": _translate(journey["title"], lang, rand),
        "summary": _translate(journey["summary"], lang, rand) + "\n",
        "stages": stages,
    }


def _write(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100), encoding="utf-8")


def generate(folder: Path, n: int, languages: list[str], variant: str = "shipped", seed: int = 7) -> Path:
    """Write a project with ``n`` journeys in ``languages`` (the first is the maps' language) into ``folder``."""
    if folder.exists():
        shutil.rmtree(folder)
    maps = folder / "maps"
    make = _Maker(n, seed)
    rand = random.Random(seed + 1)
    extra = languages[1:]
    for i in range(n):
        journey = make.journey(i)
        _write(maps / "journeys" / f"journey-{i + 1:05d}.yml", journey)
        for lang in extra:
            _write(maps / "journeys" / f"journey-{i + 1:05d}.{lang}.yml", _journey_overlay(journey, lang, rand))
    for i in range(make.personas):
        persona = make.persona(i)
        _write(maps / "personas" / f"persona-{i:04d}.yml", persona)
        for lang in extra:
            overlay = {"name": _translate(persona["name"], lang, rand), "role": _translate(persona["role"], lang, rand)}
            _write(maps / "personas" / f"persona-{i:04d}.{lang}.yml", overlay)
    catalogue = {f"tp-{i:05d}": make.touchpoint(i) for i in range(make.touchpoints)}
    _write(maps / "touchpoints.yml", catalogue)
    for lang in extra:
        overlay = {key: {"name": _translate(tp["name"], lang, rand)} for key, tp in catalogue.items()}
        _write(maps / f"touchpoints.{lang}.yml", overlay)
    docs = folder / "docs"
    docs.mkdir(parents=True)
    (docs / "index.md").write_text(
        f"# Benchmark journeys\n\n{n} synthetic journeys, generated by `benchmarks/generate.py`.\n", encoding="utf-8"
    )
    (folder / "overrides").mkdir()
    (folder / "mkdocs.yml").write_text(_dump_config(site_config(languages, variant)), encoding="utf-8")
    return folder


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("-n", type=int, default=100, help="number of journeys (default: 100)")
    parser.add_argument("--languages", default="en", help="comma-separated, the maps' own first (default: en)")
    parser.add_argument("--variant", choices=sorted(VARIANTS), default="shipped")
    args = parser.parse_args(argv)
    generate(args.folder, args.n, args.languages.split(","), args.variant)


if __name__ == "__main__":
    main()


def _languages_of(project: Path) -> list[str]:
    """A project's languages, the default first: static-i18n's, else the theme's."""
    config = _load_config((project / "mkdocs.yml").read_text(encoding="utf-8"))
    for entry in config.get("plugins") or []:
        if isinstance(entry, dict) and "i18n" in entry:
            found = entry["i18n"].get("languages") or []
            default = [str(x["locale"]) for x in found if x.get("default")]
            return default + [str(x["locale"]) for x in found if not x.get("default")]
    return [str((config.get("theme") or {}).get("language") or "en")]
