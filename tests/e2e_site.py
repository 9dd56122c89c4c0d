"""A copy of the example project released twice with mike, as a site maintainer would do it.

`release(folder, port)` copies the example site (mkdocs.yml, docs/, maps/, overrides/,
schemas/) into a fresh git repository, tags `v1.0`, changes the maps the way a CX team would
between releases and tags `v2.0`, then runs `mike deploy 1.0` at v1.0, `mike deploy
--update-aliases 2.0 latest` at v2.0 and `mike set-default latest`. The gh-pages branch is
unpacked into a folder to serve (http.server follows the `latest` symlink).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from conftest import BIN, MERMAID_JS, REPO, Site

PROJECT_PARTS = ("mkdocs.yml", "docs", "maps", "overrides", "schemas")

CHANGED_JOURNEY = "hotel-stay"
"""The journey whose map changes between the two releases."""
NEW_STEP = "Waits in the lobby for a free agent"
"""A step added in 2.0: a task of the 2.0 diagram, not of the 1.0 one."""
REMOVED_PAIN_POINT = "Online check-in status isn't recognised at the kiosk"
REMOVED_PAIN_POINT_TRANSLATED = {
    "fa": "کیوسک وضعیت پذیرش آنلاین را تشخیص نمی‌دهد",
    "fi": "Pääte ei tunnista, että vieras on jo kirjautunut sisään verkossa",
    "tr": "Online check-in durumu kioskta tanınmıyor",
}
"""The removed pain point in each translation of the hotel-stay map (zh has none: English shows)."""
NEW_OPPORTUNITY = "Show the online check-in status on the kiosk's first screen"


@dataclass
class Release:
    project: Path
    """The site's git repository (main branch at v2.0, and gh-pages)."""
    www: Path
    """The unpacked gh-pages branch, to serve at the root of the origin."""
    port: int
    deploy_seconds: list[float]
    """How long each `mike deploy` took."""


def _env() -> dict[str, str]:
    return {
        **os.environ,
        # mike runs the `properdocs` executable when ProperDocs is installed (it is, in the test
        # extra): the project's environment comes first on PATH.
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        "GIT_AUTHOR_NAME": "Journey Maps tests",
        "GIT_AUTHOR_EMAIL": "tests@example.com",
        "GIT_COMMITTER_NAME": "Journey Maps tests",
        "GIT_COMMITTER_EMAIL": "tests@example.com",
        "GIT_CONFIG_GLOBAL": os.devnull,  # nothing from the machine's git configuration
        "GIT_CONFIG_NOSYSTEM": "1",
        "NO_MKDOCS_2_WARNING": "1",
        "DISABLE_MKDOCS_2_WARNING": "true",
    }


def _run(project: Path, *args: str) -> str:
    result = subprocess.run(args, cwd=project, env=_env(), capture_output=True, text=True, timeout=300)
    if result.returncode != 0:
        raise AssertionError(f"{' '.join(args)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    return result.stdout


def _mike(project: Path, *args: str) -> float:
    start = time.perf_counter()
    _run(project, str(BIN / "mike"), *args)
    return time.perf_counter() - start


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{path.name}: expected {old!r} once (the example maps changed?)"
    path.write_text(text.replace(old, new), encoding="utf-8")


def change_maps_for_v2(project: Path) -> None:
    """What changes between the releases: a score, a new step, a pain point gone, a new opportunity."""
    journeys = project / "maps" / "journeys"
    source = journeys / f"{CHANGED_JOURNEY}.yml"
    # the kiosk now issues a key more often
    _replace(
        source,
        "        score: 1\n        touchpoint: checkin-kiosk\n",
        "        score: 2\n        touchpoint: checkin-kiosk\n",
    )
    # a pain point fixed; each translation drops its own wording of it (translations follow the source's order)
    _replace(source, f"          - {REMOVED_PAIN_POINT}\n", "")
    for lang, line in REMOVED_PAIN_POINT_TRANSLATED.items():
        _replace(journeys / f"{CHANGED_JOURNEY}.{lang}.yml", f"          - {line}\n", "")
    # a new opportunity
    _replace(
        source,
        "            owner: Digital & e-commerce (hotels)\n        frontstage:\n          - Kiosk screen and key encoder\n",
        "            owner: Digital & e-commerce (hotels)\n"
        f"          - {NEW_OPPORTUNITY}\n"
        "        frontstage:\n          - Kiosk screen and key encoder\n",
    )
    # a step observed in the new research round
    _replace(
        source,
        "      - id: checks-in-at-front-desk\n",
        "      - id: waits-in-lobby\n"
        f"        name: {NEW_STEP}\n"
        "        score: 2\n"
        "        touchpoint: front-desk\n"
        "        feeling: impatient\n"
        "      - id: checks-in-at-front-desk\n",
    )


def release(folder: Path, port: int) -> Release:
    project = folder / "project"
    project.mkdir(parents=True)
    for part in PROJECT_PARTS:
        source = REPO / part
        if source.is_dir():
            shutil.copytree(source, project / part)
        else:
            shutil.copy2(source, project / part)
    site = Site(project)
    data = site.config()
    data["site_url"] = f"http://127.0.0.1:{port}/"  # the served origin, with its trailing slash
    data.pop("watch", None)  # the plugin's source folder is not part of a site's repository
    site.set_config(data)
    site.plugin_options(mermaid_js=str(MERMAID_JS))

    _run(project, "git", "init", "--quiet", "--initial-branch=main")
    _run(project, "git", "add", "--all")
    _run(project, "git", "commit", "--quiet", "--message", "Journey maps, first release")
    _run(project, "git", "tag", "v1.0")
    change_maps_for_v2(project)
    _run(project, "git", "commit", "--quiet", "--all", "--message", "Hotel stay: second research round")
    _run(project, "git", "tag", "v2.0")

    # as CI would, each release from its tag
    _run(project, "git", "checkout", "--quiet", "v1.0")
    seconds = [_mike(project, "deploy", "1.0")]
    _run(project, "git", "checkout", "--quiet", "v2.0")
    seconds.append(_mike(project, "deploy", "--update-aliases", "2.0", "latest"))
    _mike(project, "set-default", "latest")

    www = folder / "www"
    www.mkdir()
    archive = subprocess.run(
        ["git", "archive", "gh-pages"], cwd=project, env=_env(), capture_output=True, check=True, timeout=120
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(www)], input=archive, check=True, timeout=120)
    return Release(project=project, www=www, port=port, deploy_seconds=seconds)
