"""The plugin's options, as written under `journey-maps:` in mkdocs.yml."""

from __future__ import annotations

import datetime

from mkdocs.config import base
from mkdocs.config import config_options as opt


class Labels(opt.BaseConfigOption[dict]):
    """``key: text`` or ``key: {language: text}``: readable names for metric and demographic keys."""

    def __init__(self) -> None:
        super().__init__()
        self.default = {}

    def run_validation(self, value: object) -> dict:
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise base.ValidationError(f"expected a mapping of keys to names, got {type(value).__name__}")
        for key, name in value.items():
            names = name.values() if isinstance(name, dict) else [name]
            if not isinstance(key, str) or not all(isinstance(n, str) and n.strip() for n in names) or not names:
                raise base.ValidationError(
                    f"'{key}': give a name (text), or a name per language such as {{en: Drop-off, fa: ریزش}}"
                )
        return value


class JourneyMapsConfig(base.Config):
    """Options of the journey-maps plugin."""

    enabled = opt.Type(bool, default=True)
    """Turn the plugin off without removing it from the configuration."""

    maps_dir = opt.Type(str, default="maps")
    """The folder holding journeys/, personas/, touchpoints.yml and channels.yml, relative to mkdocs.yml."""

    journeys_path = opt.Type(str, default="journeys")
    """Where journey pages go in the site (journeys/ and journeys/<id>/)."""

    personas_path = opt.Type(str, default="personas")
    """Where persona pages go in the site (personas/ and personas/<id>/)."""

    touchpoints_path = opt.Type(str, default="touchpoints")
    """Where the touchpoint index goes in the site."""

    labels = Labels()
    """Readable names for metric and demographic keys: ``key: Name``, or ``key: {en: Name, fa: نام}``
    per language. A key without one is shown with its underscores as spaces, capitalised."""

    nav_limit = opt.Type(int, default=100)
    """The most journey (or persona) pages the site navigation lists one by one. With more, the
    section lists only its index page, which links every page: each page of a site embeds the whole
    navigation, so a list of a thousand maps makes every page heavier and the build time grow with
    the square of the number of maps. 0: list index pages only."""

    workers = opt.Type(int, default=0)
    """Processes that render the generated pages of a build: 0 for one per core (at most four), 1
    to render in MkDocs' own process only. The pages are the same either way; `mkdocs serve` and
    systems without fork (Windows) always render in MkDocs' own process."""

    mermaid_js = opt.Optional(opt.Type(str))
    """The Mermaid library (UMD build) served with the site, relative to mkdocs.yml.

    Defaults to the copy npm installs (node_modules/mermaid/dist/mermaid.min.js).
    Set to an empty string when the site loads Mermaid itself."""

    stale_reviews = opt.Choice(("warn", "info", "ignore"), default="warn")
    """How an overdue review is reported: a warning (fails `--strict`), an info line, or not at all."""

    review_date = opt.Optional(opt.Type(datetime.date))
    """The date reviews are judged against; defaults to the build date (or SOURCE_DATE_EPOCH)."""

    language = opt.Optional(opt.Type(str))
    """The language of the generated pages (their headings and labels, and the maps' text when
    translations exist). Defaults to the theme's `language`, else English."""

    maps_language = opt.Type(str, default="en")
    """The language the maps themselves are written in."""

    changes = opt.Type(bool, default=True)
    """Publish a "what changed" page comparing the maps with an earlier version (needs git)."""

    changes_since = opt.Type(str, default="auto")
    """The git ref (tag, branch, commit) the "what changed" page compares with; `auto`: the release
    tag before the commit being built (see `release_tags`)."""

    release_tags = opt.Type(str, default="*")
    """Which tags are releases, as a glob (e.g. `v*`), for `changes_since: auto`."""

    changes_path = opt.Type(str, default="changes")
    """Where the "what changed" page goes in the site."""

    insights = opt.Type(bool, default=True)
    """Publish the insight pages (backlogs, heatmap, moments of truth, reviews) and the CSV/JSON exports."""

    insights_path = opt.Type(str, default="insights")
    """Where the insight pages and the exports go in the site."""

    insights_guide = opt.Optional(opt.Type(str))
    """A page of docs_dir (such as ``reading-insights.md``) that explains the insight pages: each links to it."""

    stylesheet = opt.Type(bool, default=True)
    """Add the plugin's stylesheet (and its print script) to the site."""


DEFAULT_MERMAID_JS = "node_modules/mermaid/dist/mermaid.min.js"


def option_kind(name: str) -> opt.BaseConfigOption:
    """The option object of ``name`` (inside ``Optional``, the option it wraps)."""
    option = vars(JourneyMapsConfig)[name]
    return option.option if isinstance(option, opt.Optional) else option


_WORDS = {str: "a string", bool: "true or false", int: "a whole number", datetime.date: "a date (YYYY-MM-DD)"}


def expected(name: str) -> str:
    """What option ``name`` accepts, in words, for a message of the command line.

    Reads ``Type``'s ``_type`` (MkDocs has no public name for it; tests/test_integrations.py checks it).
    """
    option = option_kind(name)
    if isinstance(option, opt.Choice):
        return "one of " + ", ".join(option.choices)
    if isinstance(option, Labels):
        return "a mapping of keys to names"
    return _WORDS.get(getattr(option, "_type", None), "another value")
