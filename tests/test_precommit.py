"""The pre-commit hooks other repositories use run the real commands."""

from __future__ import annotations

import re
import shlex

import yaml

from conftest import REPO, Site


def _hooks() -> dict[str, dict]:
    return {hook["id"]: hook for hook in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}


def test_hook_definitions() -> None:
    hooks = _hooks()
    assert set(hooks) == {"journey-maps-validate", "journey-maps-schema"}
    for hook in hooks.values():
        assert hook["language"] == "python" and hook["pass_filenames"] is False
        assert hook["entry"].split()[0] == "journey-maps"
    assert re.search(hooks["journey-maps-validate"]["files"], "maps/journeys/winter-jacket.yml")
    assert re.search(hooks["journey-maps-validate"]["files"], "maps/touchpoints.yml")
    assert not re.search(hooks["journey-maps-validate"]["files"], "docs/index.md")


def test_validate_hook_passes_clean_maps_and_blocks_broken_ones(basic_site: Site) -> None:
    command = shlex.split(_hooks()["journey-maps-validate"]["entry"])
    assert basic_site.run(*command[1:], tool=command[0]).returncode == 0
    basic_site.write("maps/journeys/coffee-order.yml", "title: x\n")
    blocked = basic_site.run(*command[1:], tool=command[0])
    assert blocked.returncode == 1
    assert "maps/journeys/coffee-order.yml:1:1: error: missing required field 'stages'" in blocked.stdout


def test_schema_hook_on_this_repository() -> None:
    command = shlex.split(_hooks()["journey-maps-schema"]["entry"])
    result = Site(REPO).run(*command[1:], tool=command[0])
    assert result.returncode == 0, result.stdout
