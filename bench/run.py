"""Build-time, memory and page-weight benchmark of the Quick Check hook.

One run generates a synthetic guide of N question pages (bench/corpus.py)
and builds it three ways, alternating and repeating the builds:

  hook         the real site's configuration
  no-hook      the same without hooks/quick_checks.py (Quick Checks stay plain Markdown)
  mkdocs-quiz  the same questions in mkdocs-quiz 1.7.1's syntax, with its plugin

Each build is `mkdocs build --strict` in a fresh process; its CPU time
(user + system), peak resident memory and wall time come from wait4() for
that process alone. It then builds the hook variant at 120 and 1,200 pages to
check that the build time grows linearly, and loads a question page and the
home page of each variant in Chromium to count what a browser transfers.

Run it with `bench/run` (which prepares bench/.venv); `bench/run --help`.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from importlib import metadata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus  # noqa: E402
import weight  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "bench-out"
TARGET_HOOK_CPU = 1.03
TARGET_SCALE = 11.0


@dataclass
class Build:
    variant: str
    pages: int
    cpu: float
    wall: float
    peak_mb: float
    output_mb: float


def build(config: Path, site: Path, variant: str, pages: int) -> Build:
    """One `mkdocs build --strict` in a fresh process, measured with wait4()."""
    if site.exists():
        shutil.rmtree(site)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "--quiet", "--strict", "-f", str(config), "-d", str(site)]
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=config.parent, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        sys.exit(f"{variant} build of {pages} pages failed:\n{output.decode(errors='replace')}")
    size = sum(path.stat().st_size for path in site.rglob("*") if path.is_file())
    return Build(variant, pages, usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss / 1024, size / 1e6)


def median(builds: list[Build], field: str) -> float:
    return statistics.median(getattr(b, field) for b in builds)


def warm_up(work: Path, features: tuple[str, ...]) -> None:
    """Build a small corpus each way once, so that no measured build compiles bytecode or reads a cold disk."""
    configs = corpus.write_corpus(REPO, work / "corpus-warm-up", 12, features)
    for variant in corpus.VARIANTS:
        build(configs[variant], work / f"site-warm-up-{variant}", variant, 12)


def alternate(jobs: list[tuple[str, int, Path, Path]], repeats: int, log) -> dict[tuple[str, int], list[Build]]:
    """Run the jobs `repeats` times, rotating their order every round."""
    results: dict[tuple[str, int], list[Build]] = {(v, n): [] for v, n, _, _ in jobs}
    for round_ in range(repeats):
        shift = round_ % len(jobs)
        for variant, pages, config, site in jobs[shift:] + jobs[:shift]:
            result = build(config, site, variant, pages)
            results[(variant, pages)].append(result)
            log(f"  round {round_ + 1}/{repeats}  {variant:<11} {pages:>5} pages  cpu {result.cpu:6.2f} s  "
                f"wall {result.wall:6.2f} s  peak {result.peak_mb:5.0f} MB  load {os.getloadavg()[0]:.2f}")
    return results


def versions() -> str:
    names = ("mkdocs", "mkdocs-material", "pymdown-extensions", "mkdocs-macros-plugin", "mkdocs-quiz")
    return ", ".join(f"{name} {metadata.version(name)}" for name in names)


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    memory = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal"))
    return f"{cpu}, {os.cpu_count()} cores, {memory / 2**20:.0f} GiB; Python {platform.python_version()}; {platform.platform()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=500, help="pages in the hook / no-hook / mkdocs-quiz comparison (500)")
    parser.add_argument("--repeats", type=int, default=3, help="measured builds of each variant (3)")
    parser.add_argument("--scale", type=int, nargs=2, default=(120, 1200), metavar=("SMALL", "LARGE"),
                        help="page counts of the linearity check (120 1200)")
    parser.add_argument("--scale-repeats", type=int, default=2, help="measured builds of each size in the linearity check (2)")
    parser.add_argument("--skip", choices=("compare", "scale", "weight"), action="append", default=[],
                        help="leave out a part (repeatable)")
    parser.add_argument("--keep", action="store_true", help="keep the generated corpora and built sites (printed path)")
    parser.add_argument("--features", nargs="*", default=[], metavar="[-]FEATURE",
                        help="add (or with '-' remove) Material features, e.g. navigation.sections to see a full sidebar's cost")
    args = parser.parse_args()
    features = tuple(args.features)

    OUT.mkdir(exist_ok=True)
    # Corpora and sites (about 1 GB at the defaults) go outside the repository,
    # so that nothing that copies or scans the work tree trips over them.
    work = Path(tempfile.mkdtemp(prefix="hfig-bench-"))
    try:
        run(args, features, work)
    finally:
        if args.keep:
            print(f"Corpora and sites kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


def run(args, features: tuple[str, ...], work: Path) -> None:
    lines: list[str] = []

    def log(text: str = "") -> None:
        print(text, flush=True)

    def report(text: str = "") -> None:
        lines.append(text)
        log(text)

    started = time.time()
    load_before = os.getloadavg()
    report(f"Machine: {machine()}")
    report(f"Versions: {versions()}")
    if features:
        report(f"Material features changed from mkdocs.yml: {' '.join(features)}")
    report(f"Load average at start (1/5/15 min): {load_before[0]:.2f} {load_before[1]:.2f} {load_before[2]:.2f}")
    report()
    results: dict = {"machine": machine(), "versions": versions(), "features": features}
    checks: list[tuple[str, bool]] = []
    log("Warm-up: a 12-page build of each variant")
    warm_up(work, features)

    if "compare" not in args.skip:
        n = args.pages
        log(f"Comparison: {n} pages, {corpus.sections(n)} sections, {args.repeats} alternating builds of each variant")
        configs = corpus.write_corpus(REPO, work / f"corpus-{n}", n, features)
        jobs = [(v, n, configs[v], work / f"site-{n}-{v}") for v in corpus.VARIANTS]
        measured = alternate(jobs, args.repeats, log)
        base = measured[("no-hook", n)]
        report(f"Build of {n} pages ({corpus.sections(n)} sections, {corpus.QUICK_CHECKS_PER_PAGE} Quick Checks a page), "
               f"median of {args.repeats}; ratio to no-hook in brackets")
        report(f"  {'variant':<12} {'CPU s':>14} {'wall s':>14} {'peak MB':>14} {'output MB':>15}")
        for variant in corpus.VARIANTS:
            runs = measured[(variant, n)]
            cells = []
            for field, fmt in (("cpu", "{:6.2f}"), ("wall", "{:6.2f}"), ("peak_mb", "{:6.0f}"), ("output_mb", "{:6.1f}")):
                value, ratio = median(runs, field), median(runs, field) / median(base, field)
                cells.append(f"{fmt.format(value)} ({ratio:4.2f}x)")
            report(f"  {variant:<12} {cells[0]:>14} {cells[1]:>14} {cells[2]:>14} {cells[3]:>15}")
        cpu_ratio = median(measured[("hook", n)], "cpu") / median(base, "cpu")
        spread = [round(b.cpu, 2) for b in measured[("hook", n)]], [round(b.cpu, 2) for b in base]
        report(f"  CPU of each build: hook {spread[0]}, no-hook {spread[1]}")
        checks.append((f"hook CPU {cpu_ratio:.3f}x the no-hook build at {n} pages (target <= {TARGET_HOOK_CPU}x)",
                       cpu_ratio <= TARGET_HOOK_CPU))
        results["compare"] = {f"{v}": [asdict(b) for b in measured[(v, n)]] for v in corpus.VARIANTS}
        report()

        if "weight" not in args.skip:
            log("Page weight: loading pages in Chromium")
            sites = {v: work / f"site-{n}-{v}" for v in corpus.VARIANTS}
            site_url = corpus.config_for(REPO, "hook", corpus.layout(1)).get("site_url", "")
            weights = weight.measure(sites, question="questions/0001-question-1/", plain="", site_url=site_url)
            report(f"What a browser transfers on a first visit (gzip as a static host serves it; {n}-page site)")
            report(weight.table(weights))
            results["weight"] = weights
            hook = weights["hook"]
            checks.append((f"quiz JS + CSS {hook['quiz_assets_gzip']} B gzipped (target <= 3072 B)",
                           hook["quiz_assets_gzip"] <= 3072))
            checks.append(("quiz assets are files, and not loaded on the page without a quiz",
                           hook["quiz_assets_files"] and not hook["plain_loads_quiz_assets"]))
            external = sum(len(w["external_requests"]) for w in weights.values())
            checks.append((f"requests that leave the site: {external} (target 0)", external == 0))
            if hook.get("instant_ok") is not None:
                checks.append(("instant navigation from the page without a quiz to a question page "
                               "initialises its quizzes", hook["instant_ok"]))
            report()

    if "scale" not in args.skip:
        small, large = args.scale
        log(f"Linearity: hook build at {small} and {large} pages, {args.scale_repeats} alternating builds each")
        jobs = []
        for n in (small, large):
            configs = corpus.write_corpus(REPO, work / f"corpus-{n}", n, features)
            jobs.append(("hook", n, configs["hook"], work / f"site-{n}-hook"))
        measured = alternate(jobs, args.scale_repeats, log)
        report(f"Linearity (hook build, median of {args.scale_repeats})")
        for n in (small, large):
            runs = measured[("hook", n)]
            report(f"  {n:>5} pages ({corpus.sections(n):>2} sections): CPU {median(runs, 'cpu'):6.2f} s  "
                   f"wall {median(runs, 'wall'):6.2f} s  peak {median(runs, 'peak_mb'):5.0f} MB  "
                   f"output {median(runs, 'output_mb'):6.1f} MB")
        ratio = median(measured[("hook", large)], "cpu") / median(measured[("hook", small)], "cpu")
        wall_ratio = median(measured[("hook", large)], "wall") / median(measured[("hook", small)], "wall")
        report(f"  {large} / {small} pages: CPU {ratio:.2f}x, wall {wall_ratio:.2f}x (pages {large / small:.0f}x)")
        checks.append((f"{large} pages cost {ratio:.2f}x the CPU of {small} (target <= {TARGET_SCALE}x)", ratio <= TARGET_SCALE))
        results["scale"] = {str(n): [asdict(b) for b in measured[("hook", n)]] for n in (small, large)}
        report()

    load_after = os.getloadavg()
    report(f"Load average at end (1/5/15 min): {load_after[0]:.2f} {load_after[1]:.2f} {load_after[2]:.2f}; "
           f"benchmark took {(time.time() - started) / 60:.1f} min")
    report("Targets:")
    for text, ok in checks:
        report(f"  {'PASS' if ok else 'FAIL'}  {text}")
    results["checks"] = checks
    (OUT / "results.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    (OUT / "results.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    log(f"\nSaved to {(OUT / 'results.txt').relative_to(REPO)} and results.json")
    sys.exit(0 if all(ok for _, ok in checks) else 1)


if __name__ == "__main__":
    main()
