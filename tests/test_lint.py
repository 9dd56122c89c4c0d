"""The code base stays ruff-clean (lint and format), as CI checks it."""

from __future__ import annotations

import subprocess

from conftest import BIN, REPO


def test_ruff_lint_and_format() -> None:
    for args in (["check", "plugin", "tests", "scripts"], ["format", "--check", "plugin", "tests", "scripts"]):
        result = subprocess.run([str(BIN / "ruff"), *args], cwd=REPO, capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr
