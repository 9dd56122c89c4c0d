"""Search on a mkdocs-static-i18n site: one index per language, each language's pages loading their own."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import I18N_LANGUAGES, Site, make_i18n_site

LANGUAGES = [lang["locale"] for lang in I18N_LANGUAGES]  # en (default), fa, tr


def _index(site_dir: Path, lang: str) -> tuple[dict, int]:
    path = site_dir / ("" if lang == "en" else lang) / "search" / "search_index.json"
    return json.loads(path.read_text(encoding="utf-8")), path.stat().st_size


def _language(location: str) -> str:
    first = location.split("/")[0]
    return first if first in LANGUAGES else "en"


@pytest.mark.parametrize("reconfigure_search", [False, True], ids=["reconfigure_search-off", "reconfigure_search-on"])
def test_each_language_searches_its_own_pages_only(tmp_path: Path, reconfigure_search: bool) -> None:
    site = make_i18n_site(tmp_path)
    data = site.config()
    data["plugins"][-1]["i18n"]["reconfigure_search"] = reconfigure_search
    site.set_config(data)
    site.build()
    indexes = {}
    for lang in LANGUAGES:  # English first
        indexes[lang] = index, _ = _index(site.site_dir, lang)
        locations = [doc["location"] for doc in index["docs"]]
        assert locations, lang
        assert {_language(location) for location in locations} == {lang}, lang  # no fa/, tr/ … in English
        assert len(locations) == len(set(locations)), f"{lang}: a location twice"
        prefix = "" if lang == "en" else f"{lang}/"
        for page in ("journeys/coffee-order/", "personas/ana/", "touchpoints/"):  # fallback copies included
            assert prefix + page in locations, (lang, page)
    english = [doc["location"] for doc in indexes["en"][0]["docs"]]
    persian = [doc["location"] for doc in indexes["fa"][0]["docs"]]
    pages = {location.split("#")[0] for location in english}
    assert {location.split("#")[0] for location in persian} == {f"fa/{page}" for page in pages}  # the same pages
    # Each reader downloads one language: well under half of what the site indexes in all.
    total = sum(size for _, size in indexes.values())
    assert all(size < total / 2 for _, size in indexes.values()), {lang: size for lang, (_, size) in indexes.items()}
    # Persian text as it is, not as \u escapes
    raw = (site.site_dir / "fa/search/search_index.json").read_text(encoding="utf-8")
    assert "سفارش قهوه" in raw and "\\u06" not in raw
    # Each language with its own search settings: Material's for Persian (no lunr support, no
    # trimmer that would drop Persian letters), lunr's Turkish for Turkish.
    settings = {lang: index["config"] for lang, (index, _) in indexes.items()}
    assert settings["en"]["lang"] == ["en"] and settings["en"]["pipeline"] == ["stopWordFilter"]
    assert settings["tr"]["lang"] == ["tr"]
    assert settings["fa"]["lang"] == ["en"] and "trimmer" not in settings["fa"]["pipeline"]
    assert settings["fa"]["pipeline"] != settings["en"]["pipeline"]


def test_pages_of_each_language_load_their_own_index(tmp_path: Path) -> None:
    site = make_i18n_site(tmp_path)
    site.build()
    english = site.html("journeys/coffee-order")
    assert "search_index.json" not in english  # Material's own request, from the site root
    persian = site.html("fa/journeys/coffee-order")
    head = persian.split("</head>")[0]
    assert '["../../..", "search/search_index.json", "fa/search/search_index.json"]' in head
    home = (site.site_dir / "tr/index.html").read_text(encoding="utf-8").split("</head>")[0]
    assert '["..", "search/search_index.json", "tr/search/search_index.json"]' in home


def test_a_site_in_one_language_keeps_materials_index(basic_site: Site) -> None:
    basic_site.build()
    site_dir = basic_site.site_dir
    assert [p.relative_to(site_dir).as_posix() for p in site_dir.rglob("search_index.json")] == [
        "search/search_index.json"
    ]
    raw = (site_dir / "search/search_index.json").read_text(encoding="utf-8")
    assert "\\u4e0b" in raw  # "下单" as Material's search plugin escapes it: the file is Material's
    assert '"lang":["en"]' in raw
    assert "search_index.json" not in basic_site.html("journeys/coffee-order")


def test_materials_search_still_works_as_the_plugin_expects() -> None:
    """Upstream details the per-language indexes rely on: if one changes, this says which."""
    from material.plugins.search.plugin import SearchPlugin
    from mkdocs_static_i18n.plugin import I18n

    # Material writes search/search_index.json in on_post_build at the default priority (0), and
    # static-i18n runs the other languages' builds and rewrites the index at -100: the plugin
    # reads each language's index between the two (-50) and writes the root's after both (-200).
    assert getattr(SearchPlugin.on_post_build, "mkdocs_priority", 0) == 0
    assert I18n.on_post_build.mkdocs_priority == -100
    # Material's pages ask for the index at new URL("search/search_index.json", base) with an
    # XMLHttpRequest: the script of the other languages' pages points that request elsewhere.
    import material

    bundle = next((Path(material.__file__).parent / "templates/assets/javascripts").glob("bundle.*.min.js"))
    text = bundle.read_text(encoding="utf-8")
    assert re.search(r'new URL\("search/search_index\.json",\w+\.base\)', text)
    assert "new XMLHttpRequest" in text
