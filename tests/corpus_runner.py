"""Run one broken input through `journey-maps validate --strict` in a clean project."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from conftest import BIN

CORPUS = Path(__file__).resolve().parent / "corpus"
BASE = {
    "maps/journeys/base.yml": "title: Base\npersonas: [base]\nstages:\n  - id: a\n    name: A\n    steps:\n"
    "      - {id: s, name: S, score: 3, touchpoint: base-tp}\n",
    "maps/personas/base.yml": "name: Base persona\n",
    "maps/touchpoints.yml": "base-tp: {name: Base, channel: web}\n",
}
DESTINATION = {
    "journey": "maps/journeys/{stem}.yml",
    "persona": "maps/personas/{stem}.yml",
    "touchpoints": "maps/touchpoints.yml",
    "channels": "maps/channels.yml",
}


@dataclass
class Outcome:
    returncode: int
    stdout: list[str]
    stderr: str
    seconds: float
    max_rss_mb: float


def destination(case: str) -> str:
    stem, kind = case.rsplit(".", 1)
    return DESTINATION[kind].format(stem=stem)


def project(root: Path) -> None:
    for name, text in BASE.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (root / "docs/img").mkdir(parents=True)


def place(root: Path, case: str, data: bytes) -> Path:
    path = root / destination(case)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def run(root: Path, timeout: float = 120) -> Outcome:
    """Run validate and measure this child alone (os.wait4 gives its own peak memory)."""
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.monotonic()
        process = subprocess.Popen(
            [str(BIN / "journey-maps"), "validate", "--strict"], cwd=root, stdout=out, stderr=err, env=env
        )
        deadline = start + timeout
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                process.kill()
                raise TimeoutError(f"validate did not finish in {timeout} s")
            time.sleep(0.01)
        seconds = time.monotonic() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Outcome(
            process.returncode,
            out.read().decode("utf-8").splitlines(),
            err.read().decode("utf-8"),
            seconds,
            usage.ru_maxrss / 1024,
        )


def run_case(tmp: Path, case: str) -> Outcome:
    root = tmp / "project"
    if root.exists():
        shutil.rmtree(root)
    project(root)
    place(root, case, (CORPUS / f"{case}.yml").read_bytes())
    return run(root)
