"""Benchmarks of the journey-maps plugin on synthetic map sets (see ``generate.py``).

Measures whole processes (wall time, peak resident memory of the process), several runs each,
and prints medians and the ratios of issue #7:

- plugin vs floor: ``mkdocs build`` with the plugin against ``mkdocs build`` of the very same
  pages written out as plain Markdown (same theme, configuration and navigation, no plugin);
- growth: the plugin's build time at the largest size against the size before it;
- validate: ``journey-maps validate`` against ``check-jsonschema`` with the exported schemas;
- serve: from saving one changed map to ``mkdocs serve`` serving the rebuilt page.

Usage: ``.venv/bin/python benchmarks/run.py`` (everything; about an hour on 2 cores), or
``--sizes 10,100 --languages 1`` for a quick look. Results also go to ``<work>/results.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import generate
import pagebytes

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
LANGUAGES = {1: ["en"], 4: ["en", "fa", "zh", "fi"]}


@dataclass
class Run:
    seconds: float
    peak_mib: float


@dataclass
class Measure:
    """Several runs of one command."""

    name: str
    runs: list[Run] = field(default_factory=list)

    @property
    def seconds(self) -> float:
        return statistics.median(r.seconds for r in self.runs)

    @property
    def peak_mib(self) -> float:
        return max(r.peak_mib for r in self.runs)


def timed(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> Run:
    """Run a command to its end: wall time, and the peak resident memory of the process (its children aside)."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, env=env or _env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=False
    )
    assert process.stderr is not None
    with process.stderr:
        stderr = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"failed ({process.returncode}): {' '.join(command)} in {cwd}\n{stderr.decode()[-3000:]}")
    return Run(seconds, usage.ru_maxrss / 1024)  # ru_maxrss is in KiB on Linux


def _env(**extra: str) -> dict[str, str]:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONDONTWRITEBYTECODE="1")
    env.pop("MIKE_DOCS_VERSION", None)
    return env | extra


def mkdocs_build(project: Path) -> list[str]:
    return [str(BIN / "mkdocs"), "build", "--strict", "--quiet", "--site-dir", str(project / "site")]


def make_floor(project: Path, floor: Path) -> None:
    """The floor site: the plugin's pages captured from one build, as files, with the plugin taken out."""
    if floor.exists():
        shutil.rmtree(floor)
    floor.mkdir(parents=True)
    shutil.copytree(project / "docs", floor / "docs")
    shutil.copytree(project / "overrides", floor / "overrides")
    config = generate._load_config((project / "mkdocs.yml").read_text(encoding="utf-8"))
    capture = dict(config, hooks=[str(HERE / "capture.py")])
    (project / "mkdocs.capture.yml").write_text(generate._dump_config(capture), encoding="utf-8")
    command = [*mkdocs_build(project)[:-2], "--site-dir", str(floor / "captured"), "-f", "mkdocs.capture.yml"]
    timed(command, project, _env(JOURNEY_MAPS_FLOOR=str(floor)))
    shutil.rmtree(floor / "captured")
    extra = json.loads((floor / "extra.json").read_text(encoding="utf-8"))
    config["plugins"] = [p for p in config["plugins"] if not (isinstance(p, dict) and "journey-maps" in p)]
    config["extra_css"] = extra["extra_css"]
    config["extra_javascript"] = extra["extra_javascript"]
    config["hooks"] = ["floor_nav.py"]
    config.setdefault("extra", {}).pop("version", None)  # the plugin drops it outside mike builds
    shutil.copy(HERE / "floor_nav.py", floor / "floor_nav.py")
    (floor / "mkdocs.yml").write_text(generate._dump_config(config), encoding="utf-8")


_ORDINARY = """
This page stands in for a generated one: the same path, title and place in the navigation,
with about a kilobyte of ordinary Markdown, so that a build of the site costs what MkDocs and
the theme spend on this many pages.

## What it holds

A paragraph with **some emphasis**, a `code span` and a sentence or two of plain text that
the search index reads like any other. Another sentence follows, to give the page the length
of a short article.

- a first point of a short list
- a second point, a little longer than the first
- a third point

## More

One more paragraph closes the page. It says nothing in particular, as filler text does, but
it is long enough to be indexed as its own section of the page. A last sentence or two bring
the page to about a kilobyte, the length of a short note in a documentation site, which is
what this floor stands for.
"""


def make_page_floor(floor: Path, page_floor: Path) -> None:
    """The page-count floor: the floor site with each generated page replaced by ~1 KB of
    ordinary Markdown under its own title (same paths, navigation, configuration and assets)."""
    if page_floor.exists():
        shutil.rmtree(page_floor)
    shutil.copytree(floor, page_floor, ignore=shutil.ignore_patterns("site"))
    for uri in set((floor / "generated.txt").read_text(encoding="utf-8").split()):
        page = page_floor / "docs" / uri
        text = page.read_text(encoding="utf-8")
        front = re.match(r"---\n.*?\n---\n", text, flags=re.DOTALL)  # title, hidden TOC, tags: kept
        title = re.search(r"^title: (.*)$", front[0] if front else "", flags=re.MULTILINE)
        heading = title[1].strip("'\"") if title else page.stem
        page.write_text(f"{front[0] if front else ''}\n# {heading}\n{_ORDINARY}", encoding="utf-8")


def bench_build(n: int, languages: int, runs: int, work: Path, variant: str) -> tuple[Measure, Measure, Measure, int]:
    """The plugin's build, the floor (the same pages as files) and the page-count floor."""
    project = generate.generate(work / f"n{n}-l{languages}", n, LANGUAGES[languages], variant)
    floor = work / f"n{n}-l{languages}-floor"
    make_floor(project, floor)
    page_floor = work / f"n{n}-l{languages}-pages"
    make_page_floor(floor, page_floor)
    plugin = Measure(f"plugin n={n} languages={languages}")
    plain = Measure(f"floor n={n} languages={languages}")
    count = Measure(f"page-count floor n={n} languages={languages}")
    for _ in range(runs):  # alternated, so that drifts of the machine hit all alike
        plugin.runs.append(timed(mkdocs_build(project), project))
        plain.runs.append(timed(mkdocs_build(floor), floor))
        count.runs.append(timed(mkdocs_build(page_floor), page_floor))
    pages = sum(1 for _ in (project / "site").rglob("*.html"))
    for name, other in (("floor", floor), ("page-count floor", page_floor)):
        other_pages = sum(1 for _ in (other / "site").rglob("*.html"))
        if pages != other_pages:
            raise SystemExit(f"the {name} built {other_pages} pages, the plugin {pages}: not the same site")
    return plugin, plain, count, pages


def bench_validate(n: int, runs: int, work: Path) -> tuple[Measure, Measure]:
    project = generate.generate(work / f"n{n}-l1", n, ["en"])
    schemas = project / "schemas"
    export = [str(BIN / "journey-maps"), "schema", "-o", str(schemas)]
    subprocess.run(export, cwd=project, check=True, env=_env(), capture_output=True)
    ours, theirs = Measure(f"journey-maps validate n={n}"), Measure(f"check-jsonschema n={n}")
    maps = project / "maps"
    checks = [
        ("journey.schema.json", sorted(str(p) for p in (maps / "journeys").glob("*.yml"))),
        ("persona.schema.json", sorted(str(p) for p in (maps / "personas").glob("*.yml"))),
        ("touchpoints.schema.json", [str(maps / "touchpoints.yml")]),
    ]
    for _ in range(runs):
        ours.runs.append(timed([str(BIN / "journey-maps"), "validate", "--strict"], project))
        total = Run(0.0, 0.0)
        for schema, paths in checks:  # one process per schema, as a CI job would run them
            run = timed([str(BIN / "check-jsonschema"), "--schemafile", str(schemas / schema), *paths], project)
            total = Run(total.seconds + run.seconds, max(total.peak_mib, run.peak_mib))
        theirs.runs.append(total)
    return ours, theirs


def bench_serve(n: int, runs: int, work: Path) -> Measure:
    """Seconds from saving one map to the served page showing the change (mkdocs serve, livereload on)."""
    project = generate.generate(work / f"n{n}-l1", n, ["en"])
    port = _free_port()
    journey = f"journey-{n // 2:05d}"
    url = f"http://127.0.0.1:{port}/journeys/{journey}/"
    log = (work / "serve.log").open("wb")
    server = _server([str(BIN / "mkdocs"), "serve", "--dev-addr", f"127.0.0.1:{port}"], project, log)
    measure = Measure(f"serve rebuild n={n}")
    source = project / "maps" / "journeys" / f"{journey}.yml"
    original = source.read_text(encoding="utf-8")
    try:
        _wait_for(url, lambda page: True, timeout=1800)
        for run in range(runs):
            marker = f"Edited {run} {time.time_ns()}"
            edited = re.sub(r"^title: .*$", f"title: {marker}", original, count=1, flags=re.MULTILINE)
            source.write_text(edited, encoding="utf-8")
            start = time.perf_counter()
            _wait_for(url, lambda page, marker=marker: marker in page, timeout=1800)
            measure.runs.append(Run(time.perf_counter() - start, 0.0))
            time.sleep(2)  # let the watcher settle before the next edit
    finally:
        source.write_text(original, encoding="utf-8")
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        log.close()
    return measure


REPO = HERE.parent
BYTES_BUDGET = {"home page": 1_000_000, "journey page": 5_000_000}
"""Cold-visit bytes a page may download (issue #17): the home page has no diagram, so no Mermaid."""


def example_site(work: Path) -> Path:
    """A copy of this repository's example site (its mkdocs.yml, docs, maps and overrides)."""
    project = work / "example"
    if project.exists():
        shutil.rmtree(project)
    project.mkdir(parents=True)
    for name in ("docs", "maps", "overrides"):
        shutil.copytree(REPO / name, project / name)
    shutil.copy(REPO / "mkdocs.yml", project / "mkdocs.yml")
    for name in ("node_modules", "plugin"):  # the Mermaid library; the plugin's code, which mkdocs.yml watches
        (project / name).symlink_to(REPO / name)
    return project


def bench_bytes(work: Path) -> dict[str, pagebytes.Weight]:
    """What a cold visit downloads: the example site's home page and a journey page."""
    project = example_site(work)
    timed(mkdocs_build(project), project)
    pages = {"home page": "", "journey page": "journeys/hotel-stay/"}
    weights = pagebytes.weigh(project / "site", list(pages.values()))
    return dict(zip(pages, weights, strict=True))


def bench_preview(project: Path, journey: str, languages: list[str], runs: int) -> tuple[float, dict[str, Measure]]:
    """``journey-maps preview``: seconds until it serves its first page, and for each language the
    seconds from saving the journey to the language's page being served with the change."""
    port = _free_port()
    origin = f"http://127.0.0.1:{port}/"
    log = (project / "preview.log").open("wb")
    started = time.perf_counter()
    server = _server([str(BIN / "journey-maps"), "preview", "-a", f"127.0.0.1:{port}"], project, log)
    source = project / "maps" / "journeys" / f"{journey}.yml"
    original = source.read_text(encoding="utf-8")
    measures = {}
    try:
        _wait_for(origin + f"journeys/{journey}/", lambda page: True, timeout=1800, server=server)
        start = time.perf_counter() - started
        day = 10
        for lang in languages:
            url = origin + ("" if lang == languages[0] else f"{lang}/") + f"journeys/{journey}/"
            _wait_for(url, lambda page: True, timeout=1800, server=server)  # prepared once, as a reader opens it
            measure = measures[lang] = Measure(f"preview save n={journey} {lang}")
            for _ in range(runs):
                day += 1
                marker = f"2026-01-{day:02d}"
                edited = re.sub(r"^reviewed: .*$", f"reviewed: {marker}", original, count=1, flags=re.MULTILINE)
                source.write_text(edited, encoding="utf-8")
                begin = time.perf_counter()
                _wait_for(url, lambda page, m=marker: f'datetime="{m}"' in page, timeout=1800, server=server)
                measure.runs.append(Run(time.perf_counter() - begin, 0.0))
                time.sleep(0.5)
    finally:
        source.write_text(original, encoding="utf-8")
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        log.close()
    return start, measures


def _server(command: list[str], cwd: Path, log) -> subprocess.Popen:
    """A development server in its own process group (stopped with os.killpg), output to ``log``."""
    return subprocess.Popen(command, cwd=cwd, env=_env(), stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


def _wait_for(url: str, ready, timeout: float, server: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server is not None and server.poll() is not None:
            raise SystemExit(f"the server stopped (exit status {server.returncode}) before {url} was ready")
        try:
            with urllib.request.urlopen(url, timeout=30) as response:
                if ready(response.read().decode("utf-8")):
                    return
        except OSError:
            pass
        time.sleep(0.05)
    raise SystemExit(f"timed out waiting for {url}")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,100,1000", help="numbers of journeys (default: 10,100,1000)")
    parser.add_argument("--languages", default="1,4", help="1 and/or 4 (default: 1,4)")
    parser.add_argument("--runs", type=int, default=3, help="runs of each build (default: 3)")
    parser.add_argument("--large-runs", type=int, default=2, help="runs of each build at 1000 maps and more")
    parser.add_argument("--variant", choices=sorted(generate.VARIANTS), default="shipped")
    parser.add_argument("--skip", default="", help="comma-separated: build, validate, serve, preview, bytes")
    parser.add_argument("--work", type=Path, help="where the projects go (default: a temporary folder)")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    languages = [int(x) for x in args.languages.split(",")]
    skip = set(filter(None, args.skip.split(",")))
    work = args.work or Path(tempfile.mkdtemp(prefix="journey-maps-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"# journey-maps benchmarks: {platform.python_version()}, {os.cpu_count()} CPUs, variant {args.variant}")
    print(f"# projects in {work}\n", flush=True)
    sys.stdout.reconfigure(line_buffering=True)
    results: dict = {"variant": args.variant, "builds": [], "ratios": {}}
    times: dict[tuple[int, int], float] = {}
    if "build" not in skip:
        print(f"{'maps':>5} {'langs':>5} {'pages':>6} {'plugin s':>9} {'floor s':>8} {'ratio':>6}", end="")
        print(f" {'pages s':>8} {'ratio':>6} {'plugin MiB':>10} {'floor MiB':>9}")
        for lang in languages:
            for n in sizes:
                runs = args.large_runs if n >= 1000 else args.runs
                plugin, plain, count, pages = bench_build(n, lang, runs, work, args.variant)
                ratio, page_ratio = plugin.seconds / plain.seconds, plugin.seconds / count.seconds
                times[(n, lang)] = plugin.seconds
                print(
                    f"{n:>5} {lang:>5} {pages:>6} {plugin.seconds:>9.1f} {plain.seconds:>8.1f} {ratio:>6.2f}"
                    f" {count.seconds:>8.1f} {page_ratio:>6.2f} {plugin.peak_mib:>10.0f} {plain.peak_mib:>9.0f}",
                    flush=True,
                )
                results["builds"].append(
                    {"maps": n, "languages": lang, "pages": pages, "plugin": asdict(plugin), "floor": asdict(plain)}
                    | {"page_floor": asdict(count), "ratio": ratio, "page_ratio": page_ratio}
                )
                results["ratios"][f"plugin / page-count floor n={n} languages={lang}"] = page_ratio
        for lang in languages:
            big = [n for n in sizes if (n, lang) in times]
            if len(big) >= 2:
                a, b = big[-2], big[-1]
                growth = times[(b, lang)] / times[(a, lang)]
                results["ratios"][f"growth {b}/{a} languages={lang}"] = growth
                print(f"growth: time({b}) / time({a}), {lang} language(s): {growth:.2f} (maps ×{b / a:g})")
    if "validate" not in skip:
        n = max(sizes)
        ours, theirs = bench_validate(n, args.runs, work)
        speedup = theirs.seconds / ours.seconds
        results["ratios"][f"validate speed-up n={n}"] = speedup
        results["validate"] = {"journey-maps": asdict(ours), "check-jsonschema": asdict(theirs)}
        print(
            f"validate, {n} maps: journey-maps {ours.seconds:.2f} s, check-jsonschema {theirs.seconds:.2f} s:"
            f" {speedup:.1f}× faster ({ours.peak_mib:.0f} MiB against {theirs.peak_mib:.0f} MiB)",
            flush=True,
        )
    if "serve" not in skip:
        n = max(sizes)
        serve = bench_serve(n, args.runs, work)
        results["serve"] = asdict(serve)
        line = f"serve, {n} maps: saving one map to the rebuilt page {serve.seconds:.1f} s"
        if (n, 1) in times:
            results["ratios"][f"serve rebuild / full build n={n}"] = serve.seconds / times[(n, 1)]
            line += f", against {times[(n, 1)]:.1f} s for a full build: ratio {serve.seconds / times[(n, 1)]:.2f}"
        print(line, flush=True)
    if "preview" not in skip:
        example = example_site(work)
        start, saves = bench_preview(example, "hotel-stay", generate._languages_of(example), args.runs)
        results["preview"] = {"example start": start} | {f"example save {k}": asdict(v) for k, v in saves.items()}
        figures = ", ".join(f"{lang} {m.seconds:.2f} s" for lang, m in saves.items())
        print(f"preview, example site: start {start:.1f} s; save to served page (median of {args.runs}): {figures}")
        n = max(sizes)
        project = work / f"n{n}-l1"
        if not project.exists():
            project = generate.generate(project, n, ["en"])
        start, saves = bench_preview(project, f"journey-{n // 2:05d}", ["en"], args.runs)
        results["preview"] |= {f"n={n} start": start, f"n={n} save": asdict(saves["en"])}
        print(f"preview, {n} maps: start {start:.1f} s; save to served page {saves['en'].seconds:.2f} s")
        results["ratios"][f"preview save, {n} maps, seconds"] = saves["en"].seconds
    if "bytes" not in skip:
        weights = bench_bytes(work)
        results["bytes"] = {name: asdict(w) for name, w in weights.items()}
        for name, w in weights.items():
            budget = BYTES_BUDGET[name]
            verdict = "within" if w.total <= budget else "OVER"
            print(
                f"{name} ({w.page or '/'}): {w.total / 1e6:.2f} MB in {w.requests} requests, of which Mermaid"
                f" {w.mermaid / 1e6:.2f} MB; budget {budget / 1e6:.1f} MB: {verdict}"
            )
    (work / "results.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(f"\n# results: {work / 'results.json'}")


if __name__ == "__main__":
    main()
