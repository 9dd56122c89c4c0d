"""What the plugin does for versioned (mike) and multilingual sites: the version selector only in
mike's builds, and generated pages in static-i18n's sitemap (which Material reads)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import Site, make_i18n_site

MIKE_VERSION = {"provider": "mike", "default": "latest", "alias": True}


def _config_json(page_html: str) -> dict:
    return json.loads(page_html.split('<script id="__config" type="application/json">')[1].split("</script>")[0])


def _with_version_selector(site: Site) -> None:
    data = site.config()
    data["extra"] = {"version": dict(MIKE_VERSION)}
    site.set_config(data)


def test_version_selector_is_left_out_of_builds_mike_does_not_run(
    basic_site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Without mike there is no ../versions.json: Material would log a 404 on every page.
    monkeypatch.delenv("MIKE_DOCS_VERSION", raising=False)
    _with_version_selector(basic_site)
    basic_site.build()
    for page in ("", "journeys/coffee-order"):
        assert _config_json(basic_site.html(page))["version"] is None, page


def test_version_selector_is_kept_in_mikes_builds(basic_site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MIKE_DOCS_VERSION", "2.0")  # what mike sets for the build it runs
    _with_version_selector(basic_site)
    basic_site.build()
    assert _config_json(basic_site.html("journeys/coffee-order"))["version"] == MIKE_VERSION


def test_other_version_providers_are_left_alone(basic_site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MIKE_DOCS_VERSION", raising=False)
    data = basic_site.config()
    data["extra"] = {"version": {"provider": "custom"}}
    basic_site.set_config(data)
    basic_site.build()
    assert _config_json(basic_site.html(""))["version"] == {"provider": "custom"}


def _sitemap_locs(site_dir: Path) -> set[str]:
    return set(re.findall(r"<loc>([^<]+)</loc>", (site_dir / "sitemap.xml").read_text(encoding="utf-8")))


def test_static_i18n_sitemap_lists_the_generated_pages_of_every_language(tmp_path: Path) -> None:
    # Material's instant navigation loads in place only the pages listed in sitemap.xml, and
    # a version switch keeps the page only if the other version's sitemap lists it.
    site = make_i18n_site(tmp_path, site_url="https://example.org/maps/")
    site.build()
    locs = _sitemap_locs(site.site_dir)
    for prefix in ("", "fa/", "tr/"):
        for page in ("journeys/", "journeys/coffee-order/", "personas/ana/", "touchpoints/"):
            assert f"https://example.org/maps/{prefix}{page}" in locs, prefix + page
    assert "https://example.org/maps/fa/" in locs  # and the hand-written pages are still there
    sitemap = (site.site_dir / "sitemap.xml").read_text(encoding="utf-8")
    assert (
        '<xhtml:link rel="alternate" hreflang="tr" href="https://example.org/maps/tr/journeys/coffee-order/"/>'
        in sitemap
    )
