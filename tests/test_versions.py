"""What the plugin does for versioned (mike) and multilingual sites with Material's instant navigation:
the version selector only in mike's builds, generated pages in static-i18n's sitemap, and the
per-page language links that keep the language switcher right after an instant page swap."""

from __future__ import annotations

import html
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


def _instant_i18n_site(tmp_path: Path) -> Site:
    site = make_i18n_site(tmp_path, site_url="https://example.org/maps/")
    data = site.config()
    data["theme"]["features"] = ["navigation.instant", "navigation.indexes"]
    site.set_config(data)
    return site


def _page_languages(page_html: str) -> dict:
    found = re.findall(r'<div hidden data-jm-languages="([^"]*)"></div>', page_html)
    assert len(found) == 1
    return json.loads(html.unescape(found[0]))


def test_instant_navigation_pages_carry_their_language_links(tmp_path: Path) -> None:
    site = _instant_i18n_site(tmp_path)
    result = site.run("build", "--strict")  # static-i18n's warning about instant navigation is handled
    assert result.returncode == 0, result.stderr
    assert "navigation.instant" not in result.stderr
    fa = site.html("fa/journeys/coffee-order")
    assert "assets/journey-maps/journey-maps-languages.js" in fa
    assert (site.site_dir / "assets/journey-maps/journey-maps-languages.js").is_file()
    # the same links as the page's own language switcher, inside the part instant navigation swaps
    assert _page_languages(fa) == {
        "lang": "fa",
        "links": {
            "en": "../../../journeys/coffee-order/",
            "fa": "./",
            "tr": "../../../tr/journeys/coffee-order/",
        },
    }
    container = fa.split('data-md-component="container">', 1)[1]
    assert container.startswith("<div hidden data-jm-languages=")
    assert _page_languages(site.html("personas"))["links"]["tr"] == "../tr/personas/"
    assert _page_languages(site.html("tr"))["lang"] == "tr"  # hand-written pages too


def test_without_instant_navigation_no_language_script(tmp_path: Path) -> None:
    site = make_i18n_site(tmp_path)
    site.build()
    fa = site.html("fa/journeys/coffee-order")
    assert "journey-maps-languages.js" not in fa and "data-jm-languages" not in fa
    assert not (site.site_dir / "assets/journey-maps/journey-maps-languages.js").exists()
