"""What journey-maps reads of other tools' internals, checked against the installed versions.

Each test names the one thing an upstream release could change: it fails here, by name, rather
than as a wrong page somewhere in a build.
"""

from __future__ import annotations

import logging
from pathlib import Path

import mkdocs.structure.nav as mkdocs_nav
import pytest
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import get_navigation

from journey_maps import navigation
from journey_maps.integrations import static_i18n


def _config(tmp_path, **extra) -> MkDocsConfig:
    docs = tmp_path / "docs"
    docs.mkdir(exist_ok=True)
    config = MkDocsConfig(config_file_path=str(tmp_path / "mkdocs.yml"))
    config.load_dict({"site_name": "x", "docs_dir": str(docs), **extra})
    errors, _ = config.validate()
    assert not errors
    return config


def test_relinked_navigation_is_what_mkdocs_makes(tmp_path) -> None:
    """navigation.relink redoes, on a moved tree, what MkDocs' private nav functions do on a new one."""
    nav = [{"Home": "index.md"}, {"A": [{"One": "a/one.md"}, {"B": [{"Two": "a/b/two.md"}]}]}, {"Three": "three.md"}]
    config = _config(tmp_path, nav=nav)
    files = Files(
        [File(p, config.docs_dir, config.site_dir, True) for p in ("index.md", "a/one.md", "a/b/two.md", "three.md")]
    )
    for file in files:
        (tmp_path / "docs" / file.src_uri).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "docs" / file.src_uri).write_text("# t\n")
    built = get_navigation(files, config)
    expected = [(p.file.src_uri, p.parent and p.parent.title, p.previous_page, p.next_page) for p in built.pages]
    for page in built.pages:  # undo, then redo ours
        page.parent = page.previous_page = page.next_page = None
    navigation.relink(built)
    assert [
        (p.file.src_uri, p.parent and p.parent.title, p.previous_page, p.next_page) for p in built.pages
    ] == expected
    # And MkDocs' own helpers still exist with this meaning (what relink replaces).
    assert mkdocs_nav._get_by_type(built.items, type(built.pages[0])) == built.pages


def test_static_i18n_internals_read_by_the_plugin(tmp_path) -> None:
    pytest.importorskip("mkdocs_static_i18n")
    from mkdocs_static_i18n.plugin import I18n

    plugin = I18n()
    # The attributes static_i18n.resolve reads, and the list add_to_sitemap extends.
    for name in ("current_language", "default_language", "i18n_files_per_language"):
        assert name in vars(plugin) or any(name in vars(c) for c in I18n.__mro__), name
    config = _config(
        tmp_path,
        plugins=[
            {
                "i18n": {
                    "docs_structure": "suffix",
                    "languages": [
                        {"locale": "en", "default": True, "name": "English", "build": True},
                        {"locale": "fa", "name": "فارسی", "build": True},
                        {"locale": "fi", "name": "Suomi", "build": False},
                    ],
                }
            }
        ],
    )
    assert static_i18n.languages(config) == ["en", "fa"]
    # Its reconfigure module logs through this logger (the warning static_i18n quiets).
    import mkdocs_static_i18n.reconfigure as reconfigure

    assert reconfigure.log.logger.name.endswith(static_i18n.RECONFIGURE_LOGGER)
    source = " ".join(Path(reconfigure.__file__).read_text(encoding="utf-8").replace('"', " ").split())
    assert " ".join(static_i18n.INSTANT_WARNING.split()) in source  # its message, across string pieces


def test_static_i18n_suffix_files_carry_what_its_switcher_reads(tmp_path) -> None:
    """page_file sets the File attributes static-i18n's suffix structure sets on its own files."""
    pytest.importorskip("mkdocs_static_i18n")
    import inspect

    from mkdocs_static_i18n import suffix

    source = inspect.getsource(suffix)
    for attribute in ("locale", "alternates", "locale_alternate_of", "norm_src_uri"):
        assert f".{attribute}" in source, f"static-i18n no longer sets File.{attribute}"
    config = _config(tmp_path)
    config.plugins._current_plugin = "journey-maps"  # as while an event of ours runs
    build = static_i18n.Build(object(), "fa", "en", ("en", "fa"))
    file = build.page_file(config, "journeys/x.md", "# x\n", InclusionLevel.UNDEFINED)
    assert (file.src_uri, file.dest_uri, file.locale) == ("journeys/x.fa.md", "fa/journeys/x/index.html", "fa")
    assert {lang: alt.url for lang, alt in file.alternates.items()} == {"en": "journeys/x/", "fa": "fa/journeys/x/"}


def test_instant_warning_filter_drops_only_that_warning() -> None:
    static_i18n.quiet_instant_warning()
    logger = logging.getLogger(f"mkdocs.plugins.{static_i18n.RECONFIGURE_LOGGER}")
    kept = [
        f(logging.makeLogRecord({"msg": m})) for f in logger.filters for m in ("other", static_i18n.INSTANT_WARNING)
    ]
    assert kept == [True, False]


def test_option_types_are_read_from_the_plugins_config_class() -> None:
    """The command line words its messages from the config class's options (MkDocs' Type._type)."""
    from journey_maps.config import JourneyMapsConfig, expected

    for name, _option in JourneyMapsConfig._schema:
        assert expected(name) != "another value", f"{name}: MkDocs' option classes changed"
    assert expected("stale_reviews") == "one of warn, info, ignore"
    assert expected("review_date") == "a date (YYYY-MM-DD)"
