"""The lock file: it covers every dependency of every extra, and the environment follows it."""

from __future__ import annotations

import sys
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from conftest import REPO

LOCK = REPO / "requirements" / "lock.txt"
UNLOCKED = Path(sys.prefix) / "journey-maps-unlocked"
"""Written by `scripts/setup --latest`: this environment holds the newest versions, not the lock's."""


def locked() -> dict[str, str]:
    """Package → version pinned for this interpreter (the lock is universal: lines carry markers)."""
    pins: dict[str, str] = {}
    for line in LOCK.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        requirement = Requirement(line)
        if requirement.marker is not None and not requirement.marker.evaluate():
            continue
        (spec,) = requirement.specifier
        assert spec.operator == "==", line
        pins[canonicalize_name(requirement.name)] = spec.version
    return pins


def project_requirements() -> list[Requirement]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    lines = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        lines += extra
    tools = (REPO / "requirements" / "tools.in").read_text(encoding="utf-8").splitlines()
    lines += [line for line in tools if line.strip() and not line.startswith("#")]
    return [Requirement(line) for line in lines]


def test_lock_pins_every_requirement_within_its_range() -> None:
    pins = locked()
    environment = default_environment()
    for requirement in project_requirements():
        if requirement.marker is not None and not requirement.marker.evaluate(environment):
            continue
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{requirement} is not in requirements/lock.txt: run scripts/lock"
        assert requirement.specifier.contains(pins[name], prereleases=True), (
            f"requirements/lock.txt pins {name}=={pins[name]} outside {requirement}: run scripts/lock"
        )


@pytest.mark.skipif(UNLOCKED.exists(), reason="scripts/setup --latest: the newest versions, not the lock's")
def test_environment_has_the_locked_versions() -> None:
    pins = locked()
    installed = {canonicalize_name(d.metadata["Name"]): d.version for d in metadata.distributions()}
    project = canonicalize_name("mkdocs-journey-maps")
    differ = {
        name: (version, pins[name])
        for name, version in installed.items()
        if name in pins and name != project and version != pins[name]
    }
    assert differ == {}, f"installed (found, locked) differ from requirements/lock.txt: run scripts/setup: {differ}"
    # Everything the project and its tests run on came from the lock.
    missing = sorted(set(installed) - set(pins) - {project})
    assert missing == [], f"installed but not locked: {missing}"
