"""``journey-maps generate``: the plugin's pages and files, written as plain files any engine builds.

MkDocs 1.6 (with or without mkdocs-static-i18n), ProperDocs and Zensical build the folder
written here without the journey-maps plugin: the pages are Markdown with the HTML the plugin
would generate, the stylesheet, scripts and Mermaid library are files of the folder, and
``engine_config`` says what the engine's configuration needs. One language: ``journeys/x.md``;
several: ``journeys/x.<lang>.md`` for each (static-i18n's suffix structure).

The folder may also hold hand-written pages: only the files listed in its manifest
(``.journey-maps-files``, written with them) are ever replaced or removed. Output is
deterministic: the same maps give the same bytes, and an unchanged file is not rewritten.
"""

from __future__ import annotations

import posixpath
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from . import i18n, site, site_files
from .site import Prepared

MANIFEST = ".journey-maps-files"
"""The generated files of the folder, one path per line (a dotfile: engines do not publish it)."""


@dataclass(frozen=True)
class Change:
    """A difference between the folder and what would be generated."""

    path: str
    state: str
    """``missing``, ``changed`` or ``removed`` (generated before, not any more)."""


def localized(path: str, lang: str | None) -> str:
    """``journeys/x.md`` → ``journeys/x.fa.md`` (``lang`` None: as it is)."""
    if lang is None:
        return path
    stem, ext = posixpath.splitext(path)
    return f"{stem}.{lang}{ext}"


def files(
    prepared: Prepared,
    *,
    root: Path,
    languages: Sequence[str],
    directory_urls: bool = True,
    template_dirs: Sequence[Path] = (),
    tags_plugin: bool = False,
) -> dict[str, bytes]:
    """Every generated file: its path in the folder → its bytes, sorted by path."""
    options = prepared.options
    paths = site.paths(options)
    mermaid = site_files.mermaid_library(options, root)
    site.check_mermaid(mermaid)
    out: dict[str, bytes] = {}
    for lang in languages:
        suffix = lang if len(languages) > 1 else None
        pages = prepared.pages(
            lang, template_dirs=template_dirs, directory_urls=directory_urls, tags_plugin=tags_plugin
        )
        for page in pages:
            out[localized(page.src_uri, suffix)] = page.markdown.encode("utf-8")
        if options.insights:
            for uri, text in site_files.exports(prepared.view(lang), paths):
                out[localized(uri, suffix)] = text.encode("utf-8")
    for asset in site_files.assets(options, mermaid_js=mermaid):
        out[asset.uri] = asset.source.read_bytes()
    return dict(sorted(out.items()))


def differences(out_dir: Path, generated: dict[str, bytes]) -> list[Change]:
    """What ``write`` would change in ``out_dir``: missing, changed and no longer generated files."""
    changes = []
    for path, content in generated.items():
        target = out_dir / path
        if not target.is_file():
            changes.append(Change(path, "missing"))
        elif target.read_bytes() != content:
            changes.append(Change(path, "changed"))
    for path in sorted(_listed(out_dir) - set(generated)):
        if (out_dir / path).exists():
            changes.append(Change(path, "removed"))
    manifest = _manifest(generated)
    if not (out_dir / MANIFEST).is_file() or (out_dir / MANIFEST).read_bytes() != manifest:
        changes.append(Change(MANIFEST, "changed" if (out_dir / MANIFEST).is_file() else "missing"))
    return changes


def write(out_dir: Path, generated: dict[str, bytes]) -> list[Change]:
    """Bring ``out_dir`` up to date: write what differs, remove what is no longer generated."""
    changes = differences(out_dir, generated)
    for change in changes:
        target = out_dir / change.path
        if change.path == MANIFEST:
            continue
        if change.state == "removed":
            target.unlink()
            _prune(target.parent, out_dir)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(generated[change.path])
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / MANIFEST).write_bytes(_manifest(generated))
    return changes


def engine_config(prepared: Prepared, *, root: Path, languages: Sequence[str]) -> dict:
    """What the engine's configuration needs for the generated files (mkdocs.yml keys)."""
    options = prepared.options
    assets = site_files.assets(options, mermaid_js=site_files.mermaid_library(options, root))
    paths = site.paths(options)
    config: dict = {
        "extra_css": [a.uri for a in assets if a.listed and a.stylesheet],
        "extra_javascript": [a.uri for a in assets if a.listed and not a.stylesheet],
        "markdown_extensions": ["attr_list", "md_in_html", "tables"],
        # The current-vs-future pages are reached from their journeys, as with the plugin.
        "not_in_nav": f"/{paths.journeys}/*/vs-*.md",
    }
    if len(languages) > 1:
        config["plugins"] = [{"i18n": {"docs_structure": "suffix", "languages": _languages(languages)}}]
    return config


def _languages(languages: Sequence[str]) -> list[dict]:
    return [
        {"locale": lang, "default": i == 0, "name": i18n.language_name(lang), "build": True}
        for i, lang in enumerate(languages)
    ]


def _manifest(generated: dict[str, bytes]) -> bytes:
    return "".join(f"{path}\n" for path in generated).encode("utf-8")


def _listed(out_dir: Path) -> set[str]:
    """The files the folder's manifest names (those written by an earlier run)."""
    try:
        text = (out_dir / MANIFEST).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return set()
    # Only plain relative paths: a manifest edited by hand can never point outside the folder.
    return {line for line in text.splitlines() if line and ".." not in line.split("/") and not line.startswith("/")}


def _prune(folder: Path, top: Path) -> None:
    """Remove folders left empty by a removed file, up to ``top``."""
    while folder != top and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


def command(
    settings,
    out_dir: Path,
    *,
    languages: Sequence[str] = (),
    check: bool = False,
    print_config: bool = False,
    say,
) -> int:
    """``journey-maps generate``: ``settings`` as the CLI read them from mkdocs.yml (``cli.SiteSettings``).

    Exit status 1 with ``check`` when the folder is stale; broken maps raise ``site.SiteError``.
    """
    options = settings.options
    chosen = list(languages) or settings.i18n_languages or [options.language or settings.site_language or "en"]
    prepared = site.prepare(
        options,
        root=settings.root,
        docs_dir=settings.docs_dir if settings.docs_dir.is_dir() else None,
        published=chosen,
        say=say,
    )
    if print_config:
        import yaml

        config = engine_config(prepared, root=settings.root, languages=chosen)
        print(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), end="")
        return 0
    templates = [settings.custom_dir / "journey_maps"] if settings.custom_dir else []
    generated = files(
        prepared,
        root=settings.root,
        languages=chosen,
        directory_urls=settings.use_directory_urls,
        template_dirs=templates,
    )
    if check:
        stale = differences(out_dir, generated)
        for change in stale:
            print(f"{out_dir / change.path}: {change.state}")
        if stale:
            print(f"{len(stale)} file(s) differ from what the maps give: run `journey-maps generate {out_dir}`")
            return 1
        print(f"{out_dir}: up to date ({len(generated)} files)")
        return 0
    changes = write(out_dir, generated)
    removed = sum(change.state == "removed" for change in changes)
    written = len([c for c in changes if c.state != "removed" and c.path != MANIFEST])
    print(
        f"{out_dir}: {len(generated)} files for {', '.join(chosen)}; "
        f"{written} written, {removed} removed, {len(generated) - written} unchanged"
    )
    return 0
