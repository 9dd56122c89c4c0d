"""The `journey-maps` command line: the same checks as the plugin, without building a site."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .project import check_maps, review_today


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="journey-maps", description=__doc__)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    validate = commands.add_parser("validate", help="check every map and report all problems at once")
    validate.add_argument("maps_dir", nargs="?", default="maps", help="the maps folder (default: maps)")
    validate.add_argument("--docs-dir", default="docs", help="where persona avatars are looked up (default: docs)")
    validate.add_argument("--strict", action="store_true", help="also exit 1 on warnings")
    args = parser.parse_args(argv)
    return _validate(Path(args.maps_dir), Path(args.docs_dir), strict=args.strict)


def _validate(maps_dir: Path, docs_dir: Path, *, strict: bool) -> int:
    root = Path.cwd()
    checked = check_maps(maps_dir, root=root, docs_dir=docs_dir if docs_dir.is_dir() else None, today=review_today())
    for problem in checked.problems:
        print(problem.format(severity=True))
    errors, warnings = len(checked.errors), len(checked.warnings)
    maps = checked.maps
    print(
        f"{len(maps.journeys)} journeys, {len(maps.personas)} personas, {len(maps.touchpoints)} touchpoints: "
        f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}",
        file=sys.stderr,
    )
    return 1 if errors or (strict and warnings) else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
