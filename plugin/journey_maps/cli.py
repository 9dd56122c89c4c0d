"""The `journey-maps` command line: the same checks as the plugin, without building a site."""

from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import logging
import os
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from mkdocs.config import config_options as opt
from mkdocs.config.defaults import MkDocsConfig

from . import __version__
from .config import JourneyMapsConfig, Labels, expected, option_kind
from .export import KINDS as EXPORT_KINDS
from .problems import Severity, as_dict, as_github
from .project import Checked, check_maps, review_today
from .source import byte_position, text_position


@dataclass
class SiteSettings:
    """What the commands need from mkdocs.yml: folders, the plugin's options and the site's languages."""

    root: Path
    maps_dir: Path
    docs_dir: Path
    options: JourneyMapsConfig = field(default_factory=lambda: plugin_options({}))
    """The plugin's options, validated and defaulted by the plugin's own config class."""
    site_language: str | None = None
    """The theme's `language`."""
    use_directory_urls: bool = True
    custom_dir: Path | None = None
    """The theme's `custom_dir` (template overrides in its journey_maps/ folder)."""
    i18n_languages: list[str] = field(default_factory=list)
    """The languages a mkdocs-static-i18n entry builds, the default first (none without it)."""

    @property
    def stale(self) -> Severity | None:
        return Severity.WARNING if self.options.stale_reviews == "warn" else None

    @property
    def review_date(self) -> datetime.date | None:
        return self.options.review_date

    @property
    def release_tags(self) -> str:
        return self.options.release_tags

    @property
    def maps_language(self) -> str:
        return self.options.maps_language


def plugin_options(given: dict) -> JourneyMapsConfig:
    """The plugin's options from ``given`` (as under `journey-maps:`), validated.

    Raises ValueError naming the first bad option.
    """
    options = JourneyMapsConfig()
    options.load_dict(given)
    failed, _unknown = options.validate()  # unknown options: MkDocs warns about them, so do the checks here
    if failed:
        raise ValueError(*failed[0])
    return options


_DOCS_DIR = vars(MkDocsConfig)["docs_dir"].default
"""MkDocs' own default."""


class CliError(Exception):
    """A problem with the command's input or output: printed as ``error: <message>``, exit status 1."""


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without running anything: Python and custom tags become None."""

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        """A value YAML's own constructors refuse (a date like 2020-99-99) as an error at its node."""
        try:
            return super().construct_object(node, deep)
        except (ValueError, TypeError, OverflowError) as exc:
            raise yaml.constructor.ConstructorError(None, None, str(exc), node.start_mark) from exc


_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
_TolerantLoader.add_multi_constructor("!", lambda loader, suffix, node: None)


def site_settings(config_file: Path | None) -> SiteSettings:
    """Settings from ``config_file`` (or defaults relative to the current folder).

    Raises CliError, located in the file, for a file that is not readable YAML and for a value
    of the settings read here that MkDocs would refuse too. A value left empty, or set with a tag
    such as ``!ENV`` (not resolved here), counts as not set.
    """
    if config_file is None or not config_file.is_file():
        root = Path.cwd()
        options = plugin_options({})
        return SiteSettings(root, root / options.maps_dir, root / _DOCS_DIR, options)
    root = config_file.resolve().parent
    config = _Config(config_file)
    data = config.data
    if data is None:
        data = {}
    elif not isinstance(data, dict):
        raise config.error((), f"expected a mapping of settings, not {_kind(data)}")
    plugins = data.get("plugins")
    if plugins is not None and not isinstance(plugins, (list, dict)):
        raise config.error(("plugins",), f"plugins: expected a list or a mapping, not {_kind(plugins)}")
    entries = plugins.items() if isinstance(plugins, dict) else enumerate(plugins or [])
    where: tuple[str | int, ...] = ()
    options: Any = {}
    for key, entry in entries:
        if isinstance(entry, dict) and "journey-maps" in entry:
            where, options = ("plugins", key, "journey-maps"), entry["journey-maps"]
        elif key == "journey-maps":  # plugins as a mapping
            where, options = ("plugins", key), entry
    if options is None:
        options = {}
    if not isinstance(options, dict):
        raise config.error(where, f"journey-maps: expected a mapping of options, not {_kind(options)}")

    def top(name: str, default: Any, expected: type, described: str) -> Any:
        value = data.get(name)
        if value is None:
            return default
        if not isinstance(value, expected):
            raise config.error((name,), f"{name}: expected {described}, not {_kind(value)}")
        return value

    given = {name: value for name, value in options.items() if value is not None}
    try:
        chosen = plugin_options(given)
    except ValueError as exc:
        name, error = exc.args
        value, kind = given.get(name), option_kind(name)
        shown = f"'{value}'" if isinstance(value, str) and isinstance(kind, opt.Choice) else _kind(value)
        message = str(error) if isinstance(kind, Labels) else f"expected {expected(name)}, not {shown}"
        raise config.error((*where, name), f"journey-maps: {name}: {message}") from None
    theme = data.get("theme") if isinstance(data.get("theme"), dict) else {}
    custom_dir = theme.get("custom_dir")
    return SiteSettings(
        root=root,
        maps_dir=root / chosen.maps_dir,
        docs_dir=root / top("docs_dir", _DOCS_DIR, str, "a string"),
        options=chosen,
        site_language=theme.get("language") if isinstance(theme.get("language"), str) else None,
        use_directory_urls=top("use_directory_urls", True, bool, "true or false"),
        custom_dir=root / custom_dir if isinstance(custom_dir, str) and custom_dir else None,
        i18n_languages=_i18n_languages(entries_of(plugins)),
    )


def entries_of(plugins: Any) -> list[tuple[str, Any]]:
    """mkdocs.yml's plugins (a list or a mapping) as (name, options) pairs."""
    if isinstance(plugins, dict):
        return list(plugins.items())
    pairs = []
    for entry in plugins or []:
        if isinstance(entry, dict):
            pairs.extend(entry.items())
        elif isinstance(entry, str):
            pairs.append((entry, None))
    return pairs


def _i18n_languages(entries: list[tuple[str, Any]]) -> list[str]:
    """The locales a mkdocs-static-i18n entry builds, its default first."""
    for name, options in entries:
        if name != "i18n" or not isinstance(options, dict) or not isinstance(options.get("languages"), list):
            continue
        built = [
            lang
            for lang in options["languages"]
            if isinstance(lang, dict) and isinstance(lang.get("locale"), str) and lang.get("build", True) is not False
        ]
        built.sort(key=lambda lang: lang.get("default") is not True)
        return [lang["locale"] for lang in built]
    return []


class _Config:
    """mkdocs.yml as read for :func:`site_settings`: its data, and where a value is for a message."""

    def __init__(self, path: Path) -> None:
        self.shown = str(path)
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise CliError(f"{self.shown}: cannot read: {_reason(exc, path)}") from exc
        try:
            self.text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line, column = byte_position(raw, exc.start)
            raise CliError(f"{self.shown}:{line}:{column}: not valid UTF-8 (byte 0x{raw[exc.start]:02x})") from exc
        try:
            self.data = yaml.load(self.text, Loader=_TolerantLoader)
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            at = f":{mark.line + 1}:{mark.column + 1}" if mark else ""
            raise CliError(f"{self.shown}{at}: not valid YAML: {exc.problem or exc.context}") from exc
        except yaml.reader.ReaderError as exc:
            line, column = text_position(self.text, exc.position)
            code = ord(exc.character) if isinstance(exc.character, str) else exc.character
            raise CliError(
                f"{self.shown}:{line}:{column}: not valid YAML: character U+{code:04X} is not allowed"
            ) from exc
        except yaml.YAMLError as exc:
            raise CliError(f"{self.shown}: not valid YAML: {exc}") from exc
        except RecursionError as exc:
            raise CliError(f"{self.shown}: not valid YAML: nested too deeply") from exc

    def error(self, keys: Sequence[str | int], message: str) -> CliError:
        """``message`` located at the value under ``keys`` (as far as they lead)."""
        node = yaml.compose(self.text, Loader=_TolerantLoader)
        for key in keys:
            if isinstance(node, yaml.MappingNode):
                found = [v for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == key]
                child = found[-1] if found else None
            elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
                child = node.value[key]
            else:
                child = None
            if child is None:
                break
            node = child
        if node is None:
            return CliError(f"{self.shown}: {message}")
        return CliError(f"{self.shown}:{node.start_mark.line + 1}:{node.start_mark.column + 1}: {message}")


def _kind(value: object) -> str:
    """What a YAML value is, in words, for a message."""
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, datetime.date):
        return "a date"
    return {dict: "a mapping", list: "a list", str: "a string"}.get(type(value), type(value).__name__)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="journey-maps", description=__doc__)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    site = argparse.ArgumentParser(add_help=False)
    site.add_argument("-f", "--config-file", help="the site's configuration (default: mkdocs.yml, when present)")
    maps = argparse.ArgumentParser(add_help=False, parents=[site])
    maps.add_argument("maps_dir", nargs="?", help="the maps folder (default: from mkdocs.yml, else maps)")
    validate = commands.add_parser(
        "validate",
        parents=[maps],
        help="check every map and report all problems at once",
        description="Check every map with the plugin's own checks; options come from mkdocs.yml when present.",
    )
    validate.add_argument("--strict", action="store_true", help="also exit 1 on warnings")
    validate.add_argument(
        "--format",
        choices=("text", "json", "github"),
        default="text",
        help="text (path:line:column: severity: message), json, or github (annotations in pull requests)",
    )
    schema_cmd = commands.add_parser(
        "schema",
        help="write JSON Schema files for editors and CI",
        description="Write JSON Schema (draft 2020-12) for journeys, personas, touchpoints.yml, channels.yml "
        "and translation overlays, generated from the same definitions the checks use.",
    )
    schema_cmd.add_argument("-o", "--out", default="schemas", help="folder to write to (default: schemas)")
    schema_cmd.add_argument("--check", action="store_true", help="exit 1 if the files there are not up to date")
    new = commands.add_parser(
        "new",
        parents=[site],
        help="start a journey or persona file that validates, with every field explained",
        description="Write maps/journeys/ID.yml or maps/personas/ID.yml from a commented template.",
    )
    new.add_argument("kind", choices=("journey", "persona"))
    new.add_argument("id", help="lower-case letters, digits and hyphens; also the file name")
    status = commands.add_parser(
        "i18n-status",
        parents=[maps],
        help="how much of the maps each language has translated",
        description="Translation coverage per language: per journey, persona and the touchpoint catalogue, "
        "with the untranslated fields and where their source text is.",
    )
    status.add_argument("--language", action="append", help="only this language (may be repeated)")
    status.add_argument("--fail-under", type=float, metavar="PERCENT", help="exit 1 if a language is below this")
    status.add_argument("--format", choices=("text", "json"), default="text")
    status.add_argument("--missing", action="store_true", help="list every untranslated field")
    diff = commands.add_parser(
        "diff",
        parents=[site],
        help="what changed in the maps between two versions (git refs)",
        description="Compare the maps at OLD_REF with NEW_REF (default: the working tree): journeys, stages "
        "and steps matched by id; scores, pain points, opportunities, personas and touchpoints.",
    )
    diff.add_argument(
        "old_ref", nargs="?", default="auto", help="tag, branch or commit (default: auto, the previous release tag)"
    )
    diff.add_argument("new_ref", nargs="?", help="tag, branch or commit (default: the working tree)")
    diff.add_argument("--maps-dir", help="the maps folder (default: from mkdocs.yml, else maps)")
    diff.add_argument("--language", help="show names and texts in this translation")
    diff.add_argument("--format", choices=("text", "json"), default="text")
    export = commands.add_parser(
        "export",
        parents=[maps],
        help="one flat row per step, pain point, opportunity or touchpoint, as CSV or JSON",
        description="Export the maps for spreadsheets and BI tools: one row per item, stable column names.",
    )
    export.add_argument("--format", choices=("csv", "json"), default="csv")
    export.add_argument("--what", choices=EXPORT_KINDS, default="steps")
    export.add_argument("--language", help="texts in this translation")
    export.add_argument("-o", "--output", help="write to this file (default: standard output)")
    generate = commands.add_parser(
        "generate",
        parents=[site],
        help="write the site's generated pages and files for an engine that runs no plugin (Zensical …)",
        description="Write the pages, data exports, stylesheet, scripts and Mermaid library the plugin makes "
        "into OUT_DIR as plain files (docs/engines.md). Options come from mkdocs.yml when present.",
    )
    generate.add_argument("out_dir", help="the folder to write into (usually docs); its other files are left alone")
    generate.add_argument(
        "--language",
        action="append",
        help="a language to generate (may be repeated; the first is the default; several: <page>.<lang>.md files). "
        "Default: the languages of the site's i18n plugin, else its theme language",
    )
    generate.add_argument("--check", action="store_true", help="write nothing; exit 1 if OUT_DIR is not up to date")
    generate.add_argument(
        "--print-config", action="store_true", help="print the configuration the engine needs for these files"
    )
    preview = commands.add_parser(
        "preview",
        parents=[site],
        help="preview the site while editing: each page rendered when the browser asks for it",
        description="Serve the site for editing (docs/preview.md): a saved map shows in the open page in "
        "about a second, in every language of the site; a broken map shows its problems in the page.",
    )
    preview.add_argument(
        "-a", "--dev-addr", default="127.0.0.1:8000", metavar="HOST:PORT", help="where to listen (default: %(default)s)"
    )
    args = parser.parse_args(argv)
    try:
        return _run(args)
    except CliError as exc:
        _error(str(exc))
    except BrokenPipeError:
        raise
    except OSError as exc:  # a file that could not be read or written, not foreseen below
        where = f"{_shown(Path(str(exc.filename)))}: " if exc.filename else ""
        _error(f"{where}{_reason(exc)}")
    except UnicodeEncodeError as exc:  # an output that cannot take the text (a console's code page)
        code = ord(exc.object[exc.start])
        _error(f"the output's encoding ({exc.encoding}) has no character U+{code:04X}: set PYTHONIOENCODING=utf-8")
    return 1


def _run(args: argparse.Namespace) -> int:
    """The sub-command ``args`` names; CliError and OSError are left to :func:`main`."""
    if args.command == "schema":
        return _schema(Path(args.out), check=args.check)
    if args.config_file is not None and not Path(args.config_file).is_file():
        raise CliError(f"configuration file not found: {args.config_file}")
    if args.command == "preview":
        return _preview(Path(args.config_file or "mkdocs.yml"), args.dev_addr)
    settings = site_settings(Path(args.config_file or "mkdocs.yml"))
    if args.command == "new":
        return _new(args.kind, args.id, settings)
    if args.command == "generate":
        return _generate(settings, args)
    if args.maps_dir:
        settings.maps_dir = Path(args.maps_dir).resolve()
    if args.command == "diff":
        return _diff(settings, args)
    if args.command == "export":
        return _export(settings, args)
    if args.command == "i18n-status":
        return _i18n_status(settings, args)
    return _validate(settings, strict=args.strict, output=args.format)


def _preview(config_file: Path, address: str) -> int:
    host, _, port = address.rpartition(":")
    if not host or not port.isdigit():
        raise CliError(f"--dev-addr: expected HOST:PORT, such as 127.0.0.1:8000, not '{address}'")
    if not config_file.is_file():
        raise CliError(f"configuration file not found: {config_file} (the preview needs the site's mkdocs.yml)")
    from . import preview  # imports MkDocs: only for this command

    logging.basicConfig(level=logging.INFO, format="%(levelname)-7s -  %(message)s")
    try:
        preview.serve(config_file, host=host, port=int(port))
    except preview.PreviewError as exc:
        raise CliError(str(exc)) from exc
    except KeyboardInterrupt:
        return 0
    return 0


def _generate(settings: SiteSettings, args: argparse.Namespace) -> int:
    from . import generator, site

    def say(level: int, text: str) -> None:
        print(f"{'warning' if level >= logging.WARNING else 'info'}: {text}", file=sys.stderr)

    try:
        return generator.command(
            settings,
            Path(args.out_dir),
            languages=args.language or (),
            check=args.check,
            print_config=args.print_config,
            say=say,
        )
    except site.SiteError as exc:
        if not exc.problems:
            raise CliError(str(exc).removeprefix("journey-maps: ")) from exc
        for problem in exc.problems:
            print(problem.format(severity=True), file=sys.stderr)
        print(f"{_count(len(exc.problems), 'error')}: nothing written", file=sys.stderr)
        return 1


def _check(settings: SiteSettings, *, stale: Severity | None) -> Checked:
    """The plugin's checks, with the site's settings, paths shown relative to the current folder."""
    return check_maps(
        settings.maps_dir,
        root=Path.cwd(),
        docs_dir=settings.docs_dir if settings.docs_dir.is_dir() else None,
        today=review_today(settings.review_date),
        stale=stale,
    )


def _validate(settings: SiteSettings, *, strict: bool, output: str = "text") -> int:
    checked = _check(settings, stale=settings.stale)
    errors, warnings = len(checked.errors), len(checked.warnings)
    maps = checked.maps
    failed = bool(errors or (strict and warnings))
    if output == "json":
        report = {
            "problems": [as_dict(p) for p in checked.problems],
            "summary": {
                "journeys": len(maps.journeys),
                "personas": len(maps.personas),
                "touchpoints": len(maps.touchpoints),
                "errors": errors,
                "warnings": warnings,
                "passed": not failed,
            },
        }
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return int(failed)
    for problem in checked.problems:
        print(as_github(problem) if output == "github" else problem.format(severity=True))
    counts = [(len(maps.journeys), "journey"), (len(maps.personas), "persona"), (len(maps.touchpoints), "touchpoint")]
    print(
        ", ".join(_count(n, word) for n, word in counts)
        + f": {_count(errors, 'error')}, {_count(warnings, 'warning')}",
        file=sys.stderr,
    )
    return int(failed)


def _new(kind: str, new_id: str, settings: SiteSettings) -> int:
    from importlib import resources

    from .schema import SLUG

    # the whole id must match: SLUG's `$` also matches before a final line break ("fresh\n")
    if not SLUG.fullmatch(new_id):
        suggestion = re.sub(r"[^a-z0-9]+", "-", new_id.lower()).strip("-")
        hint = f" (for example '{suggestion}')" if SLUG.fullmatch(suggestion) else ""
        raise CliError(
            f"'{new_id}' is not a valid id: use lower-case letters, digits and hyphens, "
            f"starting with a letter or digit{hint}"
        )
    if new_id == "index":
        raise CliError("the id 'index' is taken by the index page")
    folder = settings.maps_dir / f"{kind}s"
    target = folder / f"{new_id}.yml"
    existing = [p for p in (target, target.with_suffix(".yaml")) if _present(p)]
    if existing:
        raise CliError(f"{_shown(existing[0])} already exists; nothing written")
    template = resources.files("journey_maps").joinpath("scaffold", f"{kind}.yml").read_text(encoding="utf-8")
    schema_file = settings.root / "schemas" / f"{kind}.schema.json"
    if schema_file.is_file():  # point the editor at the site's own copy of the schema
        template = template.replace("__SCHEMA__", Path(os.path.relpath(schema_file, folder)).as_posix())
    else:
        template = "\n".join(line for line in template.splitlines() if "__SCHEMA__" not in line) + "\n"
    title = new_id.replace("-", " ").capitalize()
    created = [p for p in (folder, *folder.parents) if not _present(p)]  # removed again if writing fails
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with target.open("x", encoding="utf-8") as out:  # never through a link, never over a file
            out.write(template.replace("__ID__", new_id).replace("__TITLE__", title))
    except FileExistsError as exc:
        if not folder.is_dir():
            raise CliError(f"{_shown(target)}: cannot write: {_reason(exc, target)}; nothing written") from exc
        raise CliError(f"{_shown(target)} already exists; nothing written") from exc
    except OSError as exc:
        for path in created:
            with contextlib.suppress(OSError):
                path.rmdir()
        raise CliError(f"{_shown(target)}: cannot write: {_reason(exc, target)}; nothing written") from exc
    print(f"wrote {_shown(target)}: edit it, then run `journey-maps validate`")
    return 0


def _readable(settings: SiteSettings) -> Checked | None:
    """The checked maps, or None after printing their errors (a command that needs clean maps)."""
    checked = _check(settings, stale=None)
    for problem in checked.errors:
        print(problem.format(severity=True), file=sys.stderr)
    return None if checked.errors else checked


def _i18n_status(settings: SiteSettings, args: argparse.Namespace) -> int:
    from .translate import Coverage

    checked = _readable(settings)
    if checked is None:
        return 1
    languages = args.language or checked.maps.languages
    report: dict[str, dict] = {}
    failed = False
    for lang in languages:
        entities = dict(sorted(checked.maps.translated(lang).coverage.items()))
        total = Coverage.sum(entities.values())
        report[lang] = {"total": total, "entities": entities}
        failed |= args.fail_under is not None and total.percent < args.fail_under
    if args.format == "json":
        data = {
            lang: {
                "percent": r["total"].percent,
                "translated": r["total"].translated,
                "total": r["total"].total,
                "entities": {
                    key: {
                        "percent": c.percent,
                        "translated": c.translated,
                        "total": c.total,
                        "missing": [{"field": f, "source": str(loc)} for f, loc in c.missing],
                    }
                    for key, c in r["entities"].items()
                },
            }
            for lang, r in report.items()
        }
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return int(failed)
    if not report:
        print("no translations found (files named <id>.<language>.yml)")
    for lang, r in report.items():
        total = r["total"]
        print(f"{lang}: {total.percent:.1f}% ({total.translated} of {total.total} texts)")
        for key, c in r["entities"].items():
            print(f"  {c.percent:5.1f}%  {key}")
            if args.missing:
                for field_path, loc in c.missing:
                    print(f"          {loc}: {field_path}")
    if failed:
        print(
            f"below {args.fail_under:g}%: "
            + ", ".join(lang for lang, r in report.items() if r["total"].percent < args.fail_under)
        )
    return int(failed)


def _export(settings: SiteSettings, args: argparse.Namespace) -> int:
    from . import export

    checked = _readable(settings)
    if checked is None:
        return 1
    maps = checked.maps
    if args.language and args.language != settings.maps_language and args.language not in maps.languages:
        raise CliError(f"no translations to '{args.language}' (files named <id>.{args.language}.yml)")
    if args.language in maps.languages:
        maps = maps.translated(args.language)
    data = export.rows(maps, args.what)
    # a CSV file gets the byte order mark spreadsheets need to read UTF-8; a pipe does not
    csv_bom = bool(args.output)
    text = export.to_json(data) if args.format == "json" else export.to_csv(data, args.what, bom=csv_bom)
    if args.output:
        output = Path(args.output)
        try:
            output.write_text(text, encoding="utf-8", newline="")
        except OSError as exc:
            raise CliError(f"{args.output}: cannot write: {_reason(exc, output)}") from exc
        print(f"wrote {len(data)} {args.what} to {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def _diff(settings: SiteSettings, args: argparse.Namespace) -> int:
    from . import history
    from .changes import diff_maps

    today = review_today(settings.review_date)
    try:
        top = history.repository(settings.maps_dir)
        if top is None:
            raise history.HistoryError(f"{_shown(settings.maps_dir)} is not in a git repository")
        old_ref = history.resolve(top, args.old_ref, settings.release_tags, settings.maps_dir)
        if old_ref is None:
            raise history.HistoryError(f"no release tag ({settings.release_tags}) before this commit")
        old = history.maps_at(old_ref, settings.maps_dir, today=today)
        if args.new_ref is None:
            checked = _check(settings, stale=None)
            new_maps, new_errors, new_label = checked.maps, checked.errors, "working tree"
        else:
            new = history.maps_at(args.new_ref, settings.maps_dir, today=today)
            new_maps, new_label = new.maps, f"{new.ref} ({new.commit[:10]})"
            new_errors = [p for p in new.problems if p.is_error]
    except history.HistoryError as exc:
        raise CliError(str(exc)) from exc
    for snapshot in (old, new) if args.new_ref is not None else (old,):
        for item in snapshot.unread:
            print(f"warning: the maps at {snapshot.ref}: {item.problem()}", file=sys.stderr)
    old_errors = [p for p in old.problems if p.is_error]
    for label, errors in ((f"{old.ref}", old_errors), (new_label, new_errors)):
        if errors:
            print(
                f"error: the maps at {label} have {_count(len(errors), 'error')} "
                "(run `journey-maps validate`); what could not be read is left out",
                file=sys.stderr,
            )
    lang = args.language
    result = diff_maps(
        old.maps,
        new_maps,
        old_view=old.maps.translated(lang) if lang in old.maps.languages else None,
        new_view=new_maps.translated(lang) if lang in new_maps.languages else None,
    )
    old_label = f"{old.ref} ({old.commit[:10]})"
    if args.format == "json":
        report = {"old": {"ref": old.ref, "commit": old.commit}, "new": {"ref": args.new_ref}, **result.as_dict()}
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        print("\n".join(_diff_lines(result, old_label, new_label)))
    return int(bool(old_errors or new_errors))


def _diff_lines(diff, old_label: str, new_label: str) -> list[str]:
    """The diff as plain text for a terminal or a pull-request comment."""
    lines = [f"maps at {old_label} -> {new_label}"]
    if diff.empty:
        return [*lines, "no changes"]

    def at(place) -> str:
        return f"{place.stage}/{place.step}"

    for j in diff.changed_journeys:
        lines.append("")
        if j.status == "added":
            lines.append(f"+ journey {j.id}: {_one_line(j.title)} ({_count(j.new_steps, 'step')})")
            continue
        if j.status == "removed":
            lines.append(f"- journey {j.id}: {_one_line(j.title)} ({_count(j.old_steps, 'step')})")
            continue
        lines.append(f"~ journey {j.id}: {_one_line(j.title)}")
        lines.append(
            f"    average score {_num(j.old_average)} -> {_num(j.new_average)}, steps {j.old_steps} -> {j.new_steps}"
        )
        if j.old_title:
            lines.append(f"    renamed from: {_one_line(j.old_title)}")
        lines += [f"    + stage {s.id}: {_one_line(s.name)}" for s in j.stages_added]
        lines += [f"    - stage {s.id}: {_one_line(s.name)}" for s in j.stages_removed]
        lines += [f"    + step {at(p)}: {_one_line(p.step_name)}" for p in j.steps_added]
        lines += [f"    - step {at(p)}: {_one_line(p.step_name)}" for p in j.steps_removed]
        lines += [f"    > step {m.place.step} moved: {m.old_stage} -> {m.place.stage}" for m in j.steps_moved]
        lines += [
            f"    ~ step {at(r.place)} renamed: {_one_line(r.old_name)} -> {_one_line(r.place.step_name)}"
            for r in j.steps_renamed
        ]
        for s in sorted(j.scores, key=lambda s: (s.delta, s.place.step)):
            word = "up" if s.delta > 0 else "down"
            lines.append(
                f"    {word} {s.delta:+d} score {at(s.place)}: {s.old} -> {s.new}  {_one_line(s.place.step_name)}"
            )
        for i in j.pain_points_added:
            lines.append(f"    + pain point [{i.item.severity}] {at(i.place)}: {_one_line(i.item.text)}")
        for i in j.pain_points_resolved:
            lines.append(f"    resolved pain point [{i.item.severity}] {at(i.place)}: {_one_line(i.item.text)}")
        for c in j.severities:
            lines.append(
                f"    ~ severity {c.old} -> {c.pain_point.severity} {at(c.place)}: {_one_line(c.pain_point.text)}"
            )
        lines += [f"    + opportunity {at(i.place)}: {_one_line(i.item.text)}" for i in j.opportunities_added]
        lines += [f"    - opportunity {at(i.place)}: {_one_line(i.item.text)}" for i in j.opportunities_removed]
        lines += [f"    + persona {p}" for p in j.personas_added]
        lines += [f"    - persona {p}" for p in j.personas_removed]
        for t in j.touchpoints:
            lines.append(f"    ~ touchpoint {at(t.place)}: {t.old or '-'} -> {t.new or '-'}")
        edited = list(j.fields) + [f"stage {s.id}" for s in j.stages_edited] + [f"step {at(p)}" for p in j.steps_edited]
        if edited:
            lines.append("    ~ also edited: " + ", ".join(edited))
    for kind, changes in (("persona", diff.personas), ("touchpoint", diff.touchpoints)):
        if changes:
            lines.append("")
        for c in changes:
            mark = {"added": "+", "removed": "-"}.get(c.status, "~")
            fields = f" ({', '.join(c.fields)})" if c.fields else ""
            lines.append(f"{mark} {kind} {c.id}: {_one_line(c.name)}{fields}")
    edited = [j for j in diff.changed_journeys if j.status == "changed"]

    def total(name: str) -> int:
        return sum(len(getattr(j, name)) for j in edited)

    lines += [
        "",
        f"{_count(len(edited), 'journey')} changed, "
        f"{sum(j.status == 'added' for j in diff.journeys)} added, "
        f"{sum(j.status == 'removed' for j in diff.journeys)} removed; "
        f"scores {total('scores_up')} up, {total('scores_down')} down; "
        f"pain points {total('pain_points_added')} added, {total('pain_points_resolved')} resolved; "
        f"opportunities {total('opportunities_added')} added",
    ]
    return lines


def _one_line(text: str | None) -> str:
    """Names and texts on one line (a YAML block scalar may hold several)."""
    return " ".join(str(text).split())


def _num(value: float | None) -> str:
    return "-" if value is None else f"{value:g}"


def _count(number: int, word: str) -> str:
    return f"{number} {word}{'' if number == 1 else 's'}"


def _shown(path: Path) -> str:
    """``path`` relative to the current folder when inside it (a link named, not followed)."""
    try:
        full = path.parent.resolve() / path.name if path.name not in ("", "..") else path.resolve()
        return full.relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


def _schema(out: Path, *, check: bool) -> int:
    from .json_schema import schemas

    if out.exists() and not out.is_dir():
        raise CliError(f"{out}: cannot {'check' if check else 'write'} the schemas: it is a file")
    stale = []
    for name, document in schemas().items():
        text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
        path = out / name
        if check:
            if not path.is_file() or path.read_bytes() != text.encode("utf-8"):
                stale.append(str(path))
            continue
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise CliError(f"{out}: cannot write the schemas: {_reason(exc, out)}") from exc
        try:
            path.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise CliError(f"{path}: cannot write: {_reason(exc, path)}") from exc
        print(path)
    if check and out.is_dir():
        known = set(schemas())
        stale += [str(p) for p in sorted(out.glob("*.schema.json")) if p.name not in known]
    for path in stale:
        print(f"{path}: not up to date: run `journey-maps schema --out {out}` (and remove files it does not write)")
    return 1 if stale else 0


def _reason(exc: OSError, path: Path | None = None) -> str:
    """Why ``path`` could not be read, written or made, in words: what is in the way, else the system's."""
    if path is not None:
        folder = path.parent
        blocker = next((p for p in (folder, *folder.parents) if _present(p)), None)
        if blocker is not None and not blocker.is_dir():
            return f"{_shown(blocker)} is a file"
        if isinstance(exc, IsADirectoryError):
            return "it is a folder"
        if isinstance(exc, FileNotFoundError) and blocker != folder:
            return f"folder {_shown(folder)} does not exist"
    if isinstance(exc, PermissionError):
        return "permission denied"
    words = exc.strerror or str(exc)
    return words[:1].lower() + words[1:]


def _present(path: Path) -> bool:
    """Whether something (a link too, even a broken one) is at ``path``; False when that cannot be known."""
    try:
        return path.is_symlink() or path.exists()
    except OSError:  # a name too long, a folder that cannot be searched
        return False


def _error(message: str) -> None:
    """``message`` on one line of standard error, control characters escaped (``\\n``)."""
    shown = "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in message)
    print(f"error: {shown}", file=sys.stderr)


def run() -> None:
    """Console entry point: exit quietly when the reader of the output goes away (`| head`) or on Ctrl-C."""
    try:
        code = main()
        sys.stdout.flush()
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        code = 0
    except KeyboardInterrupt:
        code = 130  # as a shell reports a command stopped by SIGINT
    sys.exit(code)


if __name__ == "__main__":  # pragma: no cover
    run()
