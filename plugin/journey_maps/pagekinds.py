"""The generated pages, named once: what each kind of page is, where it goes, how it is listed.

The renderer, the navigation, the MkDocs plugin and ``journey-maps generate`` all read this table.
Adding a kind of page is one row here, one template, and (when it needs data of its own) one
context method of the renderer, named by the row's ``context``.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from .i18n import N_


@dataclass(frozen=True)
class Paths:
    """The site folders of the generated sections, relative to ``docs_dir`` (the plugin's ``*_path`` options)."""

    journeys: str = "journeys"
    personas: str = "personas"
    touchpoints: str = "touchpoints"
    translations: str = "translations"
    changes: str = "changes"
    insights: str = "insights"

    @classmethod
    def options(cls) -> dict[str, str]:
        """Folder field → the plugin option that sets it (``translations`` has none: fixed)."""
        return {f.name: f"{f.name}_path" for f in fields(cls) if f.name != "translations"}

    def of(self, kind: str, name: str = "index") -> str:
        """The src_uri of the page ``name`` (``index``, an id, ``x/vs-y``) of ``kind``'s folder."""
        return f"{getattr(self, KINDS[kind].folder)}/{name}.md"

    def journey(self, jid: str) -> str:
        return self.of("journey", jid)

    def persona(self, pid: str) -> str:
        return self.of("persona", pid)

    def comparison(self, before: str, after: str) -> str:
        """The current-vs-future page of two journeys (a folder per journey never collides with its page)."""
        return self.of("comparison", f"{before}/vs-{after}")

    def insight(self, name: str) -> str:
        return self.of("insight", name)

    def export(self, what: str, fmt: str) -> str:
        """A published export (CSV or JSON), next to the insight pages."""
        return f"{self.insights}/data/{what}.{fmt}"


@dataclass(frozen=True)
class PageKind:
    """One kind of generated page."""

    kind: str
    """What the navigation and the plugin know the page by."""
    folder: str
    """The ``Paths`` field (a site option) holding the page's folder."""
    title: str | None = None
    """A section index: the navigation title of its section (translated), else None."""
    section: int | None = None
    """Automatic navigation: the section's place after the home page (None: where MkDocs puts it)."""
    lists: str | None = None
    """A section index: the kind of page its section lists one by one (with an explicit nav too)."""
    placed_by_author: bool = False
    """With an explicit ``nav``, the author places these pages; other kinds stay out of the nav quietly."""
    in_nav: bool = True
    """False: never in the navigation (reached through links)."""
    limited: bool = False
    """Listed one by one only up to the plugin's ``nav_limit``."""


KINDS: dict[str, PageKind] = {
    kind.kind: kind
    for kind in (
        PageKind("journey-index", "journeys", N_("Journeys"), 0, "journey", placed_by_author=True),
        PageKind("persona-index", "personas", N_("Personas"), 1, "persona", placed_by_author=True),
        PageKind("touchpoint-index", "touchpoints", N_("Touchpoints"), 2, placed_by_author=True),
        PageKind("translations", "translations", N_("Translations")),
        PageKind("changes", "changes", N_("What changed"), 4),
        PageKind("insight-index", "insights", N_("Insights"), 3, "insight", placed_by_author=True),
        PageKind("insight", "insights"),
        PageKind("comparison", "journeys", in_nav=False),
        PageKind("journey", "journeys", limited=True),
        PageKind("persona", "personas", limited=True),
    )
}


@dataclass(frozen=True)
class PageSpec:
    """A page (or family of pages) the renderer writes, in the site's order."""

    kind: str
    template: str
    context: str
    """The renderer's method giving each page's name and template context (``Renderer._<context>``)."""
    name: str = "index"
    needs: str | None = None
    """The renderer option without which the page is not published (None: always)."""


PAGES: tuple[PageSpec, ...] = (
    PageSpec("journey-index", "journeys.md.jinja", "one"),
    PageSpec("persona-index", "personas.md.jinja", "one"),
    PageSpec("touchpoint-index", "touchpoints.md.jinja", "one"),
    PageSpec("translations", "translations.md.jinja", "translations", needs="overview"),
    PageSpec("changes", "changes.md.jinja", "changes", needs="changes"),
    PageSpec("insight-index", "insights.md.jinja", "insight_index", needs="insights"),
    PageSpec("insight", "pain-points.md.jinja", "insight_pains", "pain-points", needs="insights"),
    PageSpec("insight", "opportunities.md.jinja", "insight_opportunities", "opportunities", needs="insights"),
    PageSpec("insight", "heatmap.md.jinja", "insight_heatmap", "heatmap", needs="insights"),
    PageSpec("insight", "moments.md.jinja", "insight_moments", "moments-of-truth", needs="insights"),
    PageSpec("insight", "reviews.md.jinja", "insight_reviews", "reviews", needs="insights"),
    PageSpec("comparison", "compare.md.jinja", "comparisons"),
    PageSpec("journey", "journey.md.jinja", "journeys"),
    PageSpec("persona", "persona.md.jinja", "personas"),
)


def sections() -> list[PageKind]:
    """The section index kinds in their automatic-navigation order."""
    return sorted((k for k in KINDS.values() if k.section is not None), key=lambda k: k.section or 0)


def titled() -> dict[str, str]:
    """Index kind → its section title (untranslated message id)."""
    return {k.kind: k.title for k in KINDS.values() if k.title}
