"""The plugin's own words in many languages: complete catalogues, placeholders, plurals, locale formats."""

from __future__ import annotations

import datetime
import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from conftest import REPO, Site, make_i18n_site
from htmltext import parse
from journey_maps import i18n

REQUIRED = ["ar", "de", "es", "fa", "fi", "fr", "ja", "pt", "tr", "zh"]
POT = i18n.LOCALES / "journey_maps.pot"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


def test_template_lists_every_message() -> None:
    script = REPO / "scripts" / "extract_messages.py"
    result = subprocess.run([sys.executable, str(script), "--check"], capture_output=True, text=True)
    assert result.returncode == 0, "locales/journey_maps.pot is out of date: run scripts/extract_messages.py"


def test_template_does_not_depend_on_the_clock_or_the_babel_release() -> None:
    # Babel writes "Generated-By: Babel 2.19.0": a new Babel release made the check above fail
    # on a fresh clone whose catalogue had not changed.
    text = POT.read_text(encoding="utf-8")
    assert "Generated-By:" not in text and "POT-Creation-Date:" not in text
    spec = importlib.util.spec_from_file_location("extract_messages", REPO / "scripts" / "extract_messages.py")
    extract = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(extract)
    rendered = extract.render(extract.catalogue()).decode()
    assert "Generated-By:" not in rendered and "POT-Creation-Date:" not in rendered


def test_required_languages_have_catalogues() -> None:
    assert set(REQUIRED) <= set(i18n.languages())


@pytest.mark.parametrize("lang", REQUIRED)
def test_catalogue_is_complete_and_keeps_placeholders(lang: str) -> None:
    with POT.open("rb") as source:
        wanted = {m.id for m in read_po(source) if m.id}
    with i18n.catalogue_path(lang).open("rb") as source:
        catalogue = read_po(source, locale=lang)
    got = {m.id: m for m in catalogue if m.id}
    assert set(got) == wanted
    for mid, message in got.items():
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(s.strip() for s in strings), f"{lang}: {mid!r} is not translated"
        assert not message.fuzzy, f"{lang}: {mid!r} is fuzzy"
        needed = set(PLACEHOLDER.findall(" ".join(mid if isinstance(mid, tuple) else (mid,))))
        for text in strings:
            found = set(PLACEHOLDER.findall(text))
            assert found <= needed and (found == needed or isinstance(mid, tuple)), f"{lang}: {mid!r} → {text!r}"
        if isinstance(mid, tuple):
            assert len(strings) == catalogue.num_plurals, f"{lang}: {mid!r} needs {catalogue.num_plurals} forms"


def test_translations_and_plurals_at_run_time() -> None:
    words = i18n.translations("de")
    assert words.gettext("Pain points") != "Pain points"
    assert words.ngettext("%(num)d step", "%(num)d steps", 1) != words.ngettext("%(num)d step", "%(num)d steps", 3)
    assert i18n.translations("xx").gettext("Pain points") == "Pain points"  # unknown: the source words
    assert i18n.translations("pt-BR").gettext("Pain points") == i18n.translations("pt").gettext("Pain points")


def test_dates_numbers_and_direction_follow_the_locale() -> None:
    day = datetime.date(2026, 10, 1)
    assert i18n.date(day, "en") == "October 1, 2026"
    assert i18n.date(day, "tr") == "1 Ekim 2026"
    assert i18n.date(day, "zh") == "2026年10月1日"
    assert i18n.number(3.25, "de") == "3,2" and i18n.number(3.25, "en") == "3.2"
    assert [i18n.direction(lang) for lang in ("fa", "ar", "en", "zh")] == ["rtl", "rtl", "ltr", "ltr"]


def test_a_persian_site_shows_persian_words_and_translated_maps(basic_site: Site) -> None:
    data = basic_site.config()
    data["theme"]["language"] = "fa"
    basic_site.set_config(data)
    basic_site.write(
        "maps/journeys/coffee-order.fa.yml",
        "title: سفارش قهوه\nstages:\n  discover:\n    name: کشف\n    steps:\n      sees-ad:\n        name: تبلیغ را می‌بیند\n",
    )
    result = basic_site.run("build", "--strict")
    assert result.returncode == 0, result.stderr
    html = basic_site.html("journeys/coffee-order")
    words = i18n.translations("fa")
    assert words.gettext("Pain points") in html and "Pain points" not in html
    assert "سفارش قهوه" in html and "تبلیغ را می‌بیند" in html
    assert "Waits" in html  # an untranslated step falls back to the source text
    assert 'dir="rtl"' in html  # Material's Persian theme
    assert "1 اکتبر 2026" in html
    nav = html.split("md-sidebar--primary")[1].split("md-sidebar--secondary")[0]
    assert words.gettext("Journeys") in nav and words.gettext("Touchpoints") in nav
    diagram = html.split('<pre class="mermaid"><code>')[1].split("</code>")[0]
    assert "title سفارش قهوه" in diagram and "section کشف" in diagram


def test_static_i18n_site_has_every_generated_page_in_every_language(tmp_path) -> None:
    basic_site = make_i18n_site(tmp_path)
    result = basic_site.run("build", "--strict")
    assert result.returncode == 0, result.stderr
    for prefix in ("", "fa/", "tr/"):
        for page in (
            "journeys",
            "journeys/coffee-order",
            "journeys/coffee-order-future",
            "personas",
            "personas/ana",
            "touchpoints",
        ):
            assert (basic_site.site_dir / prefix / page / "index.html").is_file(), prefix + page
    fa = basic_site.html("fa/journeys/coffee-order")
    assert 'dir="rtl"' in fa and "سفارش قهوه" in fa and i18n.translations("fa").gettext("Pain points") in fa
    assert "section کشف" in fa.split('<pre class="mermaid"><code>')[1]
    assert 'rel="alternate" href=' not in fa.split("</head>")[0]  # see on_post_page: no sitemap 404s
    tr = basic_site.html("tr/journeys/coffee-order")
    assert "Kahve siparişi" in tr and i18n.translations("tr").gettext("Pain points") in tr
    assert "Sees an ad; clicks" in tr  # no Turkish step text: the source shows
    en = basic_site.html("journeys/coffee-order")
    assert "Ordering coffee" in en and "Pain points" in en
    # the language switcher leads to the same generated page in each language
    switcher = re.findall(r'href="([^"]+)" hreflang="([a-z]+)"', fa)
    assert ("../../../journeys/coffee-order/", "en") in switcher
    assert ("../../../tr/journeys/coffee-order/", "tr") in switcher
    # links between generated pages stay inside their language
    assert 'href="../../personas/ana/"' in fa and (basic_site.site_dir / "fa/personas/ana/index.html").is_file()


def test_translations_page_per_language_links_untranslated_fields(tmp_path) -> None:
    site = make_i18n_site(tmp_path)
    assert site.run("build", "--strict").returncode == 0
    overview = site.html("translations")
    assert re.search(r"<td>fa</td>\s*<td>6&#46;2 %</td>\s*<td>3 / 48</td>", overview)
    assert re.search(r"<td>tr</td>\s*<td>2&#46;1 %</td>\s*<td>1 / 48</td>", overview)
    fa = site.html("fa/translations")
    words = i18n.translations("fa")
    assert words.gettext("Translations") in fa and words.gettext("Untranslated") in fa
    # an untranslated step field links to the step on the Persian journey page
    assert 'href="../journeys/coffee-order/#waits"' in fa
    text = parse(fa).text
    assert "stages.order.steps.waits.name maps/journeys/coffee-order.yml:" in text
    assert ":100:" not in fa and "twemoji" not in fa.split("<article")[1].split("</article>")[0]
    nav = fa.split("md-sidebar--primary")[1].split("md-sidebar--secondary")[0]
    assert words.gettext("Translations") in nav and ">Translations<" not in nav


def test_each_language_edits_its_own_overlay(tmp_path: Path) -> None:
    """Issue 15: the Persian page's "Edit this page" opened the English source."""
    site = make_i18n_site(tmp_path)
    data = site.config()
    data.update(repo_url="https://example.com/org/repo", edit_uri="edit/main/docs/")
    data["theme"]["features"].append("content.action.edit")
    site.set_config(data)
    site.build()
    edit = "https://example.com/org/repo/edit/main/maps/journeys/"
    assert f'href="{edit}coffee-order.yml"' in site.html("journeys/coffee-order")
    assert f'href="{edit}coffee-order.fa.yml"' in site.html("fa/journeys/coffee-order")
    assert f'href="{edit}coffee-order.tr.yml"' in site.html("tr/journeys/coffee-order")
    # no overlay in this language: its page edits the source
    assert f'href="{edit}coffee-order-future.yml"' in site.html("fa/journeys/coffee-order-future")


def test_a_page_that_falls_back_says_so_with_its_coverage(tmp_path: Path) -> None:
    """Issue 15: pages whose text falls back to the source language said nothing."""
    from journey_maps import i18n

    site = make_i18n_site(tmp_path)
    site.build()
    words = i18n.translations("fa")
    partly = words.gettext(
        "Partly translated: %(percent)s of this text is in this language; the rest is shown as written."
    ).split("%(percent)s")[0]
    not_yet = words.gettext("Not translated yet: this text is shown as written.")
    fa = site.html("fa/journeys/coffee-order")
    assert 'class="jm-partial"' in fa and partly in fa
    assert re.search(r'class="jm-partial">[^<]*\d+%', fa), "the share"
    assert not_yet in site.html("fa/journeys/coffee-order-future")  # no overlay at all
    assert not_yet in site.html("fa/personas/ana")
    assert "jm-partial" not in site.html("journeys/coffee-order")  # the source language


def test_home_comes_first_in_every_languages_navigation(tmp_path: Path) -> None:
    """Issue 15: in fa, tr, fi and zh the Home link dropped from 1st place to after the generated sections."""
    site = make_i18n_site(tmp_path)
    site.build()
    for lang in ("", "fa/", "tr/"):
        page = site.html(f"{lang}personas")
        nav = page.split("md-sidebar--primary")[1].split("md-sidebar--secondary")[0]
        links = re.findall(r'<a href="([^"]+)" class="md-nav__link', nav)
        # the first entry is the language's own home page, before Journeys and Personas
        assert links and links[0] in ("..", "../", "../index.html"), (lang, links[:5])
