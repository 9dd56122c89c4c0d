"""The layers of the package, from its imports: each knows only the layers below it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from conftest import REPO

PACKAGE = REPO / "plugin" / "journey_maps"
TOP = {"mkdocs_plugin", "cli", "navigation", "integrations", "preview"}
"""The edge: MkDocs and the command line."""
ASSEMBLY = {"site", "site_files", "generator", "config"}
"""A site's pages and files from the maps and the options, for any engine."""
RENDER = {"render"}
FORBIDDEN = {
    "core": TOP | ASSEMBLY | RENDER | {"mkdocs", "properdocs", "mkdocs_static_i18n", "material"},
    "render": TOP | ASSEMBLY | {"mkdocs", "properdocs", "mkdocs_static_i18n", "material"},
    "assembly": TOP | {"mkdocs_static_i18n", "material"},
}


def _layer(path: Path) -> str | None:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    if parts[0] in TOP or parts[0] == "__init__":
        return None
    if parts[0] in RENDER:
        return "render"
    if parts[0] in ASSEMBLY:
        return "assembly"
    return "core"


def _imports(path: Path, text: str | None = None) -> set[str]:
    """First names of what the module at ``path`` imports (``text``: its source, default: the file's):
    the package's own modules by their name under journey_maps/, others by their top package."""
    tree = ast.parse(text if text is not None else path.read_text(encoding="utf-8"))
    package = path.relative_to(PACKAGE).parts[:-1]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            found.add((node.module or "").split(".")[0])
        elif isinstance(node, ast.ImportFrom):
            resolved = [*package[: len(package) - (node.level - 1)], *filter(None, (node.module or "").split("."))]
            found |= {resolved[0]} if resolved else {alias.name for alias in node.names}
    return found


MODULES = sorted(p for p in PACKAGE.rglob("*.py") if _layer(p) is not None)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_each_module_imports_only_layers_below_it(path: Path) -> None:
    layer = _layer(path)
    wrong = _imports(path) & FORBIDDEN[layer]
    assert not wrong, f"{path.relative_to(PACKAGE)} ({layer}) imports {sorted(wrong)}"


def test_the_check_catches_an_import_upwards() -> None:
    """The test can fail: a core module importing the renderer or MkDocs is seen."""
    module = PACKAGE / "project.py"
    assert "render" not in _imports(module)
    assert {"render", "mkdocs"} <= _imports(module, "from .render.pages import Renderer\nimport mkdocs.config\n")
    assert _imports(PACKAGE / "render" / "pages.py", "from ..icons import x\nfrom . import text\n") == {
        "icons",
        "render",
    }
