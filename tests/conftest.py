"""Shared test helpers: fixture sites in temporary folders, real MkDocs builds, golden files."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
GOLDEN = Path(__file__).resolve().parent / "golden"
MERMAID_JS = REPO / "node_modules" / "mermaid" / "dist" / "mermaid.min.js"
BIN = Path(sys.executable).parent

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
os.environ.setdefault("DISABLE_MKDOCS_2_WARNING", "true")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite golden files from current output")


@pytest.fixture
def golden(request: pytest.FixtureRequest):
    """Compare text with tests/golden/<name>; --update-golden rewrites it."""
    update = request.config.getoption("--update-golden")

    def check(name: str, text: str) -> None:
        path = GOLDEN / name
        if update or not path.exists():
            if not update:
                pytest.fail(f"golden file {path} is missing: run pytest --update-golden and review it")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        assert text == path.read_text(encoding="utf-8"), f"output differs from golden file {name}"

    return check


class Site:
    """A site folder in tmp_path: mkdocs.yml, docs/, maps/."""

    def __init__(self, root: Path) -> None:
        self.root = root

    @property
    def maps(self) -> Path:
        return self.root / "maps"

    @property
    def docs(self) -> Path:
        return self.root / "docs"

    @property
    def site_dir(self) -> Path:
        return self.root / "site"

    def write(self, relative: str, text: str) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def config(self) -> dict:
        return yaml.load((self.root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.Loader)

    def set_config(self, data: dict) -> None:
        (self.root / "mkdocs.yml").write_text(yaml.dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")

    def plugin_options(self, **options: object) -> None:
        data = self.config()
        for entry in data["plugins"]:
            if isinstance(entry, dict) and "journey-maps" in entry:
                entry["journey-maps"] = {**(entry["journey-maps"] or {}), **options}
        self.set_config(data)

    def build(self, *, strict: bool = True):
        """Build in-process with MkDocs' own API; raises what MkDocs raises."""
        from mkdocs.commands.build import build
        from mkdocs.config import load_config

        config = load_config(str(self.root / "mkdocs.yml"), strict=strict)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
        return self.site_dir

    def run(self, *args: str, tool: str = "mkdocs", timeout: float = 240) -> subprocess.CompletedProcess[str]:
        """Run a console command of the project's environment in the site folder."""
        return subprocess.run(
            [str(BIN / tool), *args],
            cwd=self.root,
            capture_output=True,
            text=True,
            timeout=timeout,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"},
        )

    def html(self, url_path: str) -> str:
        return (self.site_dir / url_path / "index.html").read_text(encoding="utf-8")


def make_site(tmp_path: Path, fixture: str = "basic", *, with_mermaid: bool = True) -> Site:
    root = tmp_path / fixture
    shutil.copytree(FIXTURES / fixture, root)
    site = Site(root)
    site.plugin_options(mermaid_js=str(MERMAID_JS) if with_mermaid else "")
    return site


@pytest.fixture
def basic_site(tmp_path: Path) -> Site:
    return make_site(tmp_path)


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under root with its bytes: to prove a failed build changed nothing."""
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="session")
def basic_maps():
    """The MapSet of the 'basic' fixture, read as the plugin reads it."""
    import datetime

    from journey_maps.project import check_maps

    root = FIXTURES / "basic"
    checked = check_maps(root / "maps", root=root, docs_dir=root / "docs", today=datetime.date(2026, 11, 22))
    assert [str(p) for p in checked.problems] == [], checked.problems
    return checked.maps


I18N_LANGUAGES = [
    {"locale": "en", "default": True, "name": "English", "build": True},
    {"locale": "fa", "name": "فارسی", "build": True},
    {"locale": "tr", "name": "Türkçe", "build": True},
]


def make_i18n_site(tmp_path: Path, *, site_url: str | None = None) -> Site:
    """The basic fixture as a three-language mkdocs-static-i18n site, with Persian and Turkish overlays."""
    site = make_site(tmp_path)
    data = site.config()
    data["plugins"].append(
        {
            "i18n": {
                "docs_structure": "suffix",
                "fallback_to_default": True,
                "reconfigure_material": True,
                "languages": I18N_LANGUAGES,
            }
        }
    )
    data["theme"]["features"] = ["navigation.indexes"]  # static-i18n's contextual switcher needs no instant
    if site_url:
        data["site_url"] = site_url
    site.set_config(data)
    site.write(
        "maps/journeys/coffee-order.fa.yml",
        'title: "سفارش قهوه"\nstages:\n  discover:\n    name: کشف\n    steps:\n      sees-ad:\n'
        "        name: تبلیغ را می‌بیند\n",
    )
    site.write("maps/journeys/coffee-order.tr.yml", "title: Kahve siparişi\n")
    return site


@pytest.fixture(scope="session")
def i18n_served(tmp_path_factory: pytest.TempPathFactory):
    """The three-language basic site (make_i18n_site), built once and served for the browser tests."""
    from browser import built_and_served

    with built_and_served(make_i18n_site(tmp_path_factory.mktemp("i18n-served"))) as origin:
        yield origin


# Sites that more than one module reads: each is built once per test run, served on a free port
# of 127.0.0.1 (its site_url), and must not be changed by the tests that use it.


@pytest.fixture(scope="session")
def palette_served(tmp_path_factory: pytest.TempPathFactory):
    """The basic fixture with a hostile journey added and Material's light/dark toggle: (site, origin)."""
    import datetime

    from browser import PALETTE_TOGGLE, built_and_served
    from hostile import labels_journey

    site = make_site(tmp_path_factory.mktemp("palette"))
    site.write("maps/journeys/hostile.yml", labels_journey())
    data = site.config()
    data["theme"]["palette"] = PALETTE_TOGGLE
    data["plugins"][1]["journey-maps"]["review_date"] = datetime.date(2026, 11, 22)
    site.set_config(data)
    with built_and_served(site) as origin:
        yield site, origin


@pytest.fixture(scope="session")
def hostile_served(tmp_path_factory: pytest.TempPathFactory):
    """The hostile corpus of every field (tests/hostile.py) as a site: (site, origin)."""
    import hostile
    from browser import built_and_served

    site = make_site(tmp_path_factory.mktemp("hostile"))
    hostile.install(site)
    # Not strict: the refused link addresses are warnings (test_safety checks them), the pages are built.
    with built_and_served(site, strict=False) as origin:
        yield site, origin


@pytest.fixture(scope="session")
def insight_served(tmp_path_factory: pytest.TempPathFactory):
    """Three journeys with pain points, plans and a future state, for the insight pages: (site, origin)."""
    from browser import built_and_served
    from test_insights import insight_site

    site = insight_site(tmp_path_factory.mktemp("insights"))
    with built_and_served(site) as origin:
        yield site, origin
