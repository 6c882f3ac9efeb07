"""Benchmark: what briefgen costs, against the floor WeasyPrint sets.

Run with `make bench` (not part of the tests). Three parts, every figure a median:

1. Cold command-line runs on the default brief (each a fresh process, so imports
   count as a user feels them), beside raw WeasyPrint rendering the same
   self-contained HTML in a fresh process: the floor for a PDF build.
2. Warm rebuilds of the default brief's PDF in one process, as `briefgen watch` does
   them (bench/warm.py), beside WeasyPrint alone rendering the same HTML, warm.
3. `build --format json` on generated workspaces of 20, 200 and 2 000 sources
   (bench/generate.py), with each run's peak memory, so that growth shows.
4. `briefgen book` binding three copies of the default brief, beside one build of the
   default brief's PDF: a book should cost much less than three builds.

Runs of different commands are interleaved (one of each, then again), so a machine
busy with something else slows them all alike: compare the ratios, which hold across
machines, rather than the seconds. CPU time (user + system) is shown beside wall time
because it is the figure other work on the machine changes least.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from generate import write_workspace

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
BRIEFGEN = [sys.executable, "-m", "briefgen"]
RAW_WEASYPRINT = """
import sys, weasyprint
html = open(sys.argv[1], encoding="utf-8").read()
weasyprint.HTML(string=html).write_pdf(sys.argv[2], pdf_tags=True)
"""
SCALES = (20, 200, 2000)  # sources in a generated workspace
ANNOTATIONS_PER_SOURCE = 20

# The targets of the performance issue, printed beside the figures.
PDF_OVER_RAW_TARGET = 1.15
WARM_REBUILD_TARGET = 0.5  # seconds
GROWTH_TARGET = 12.0  # time for 2 000 sources over time for 200
LARGEST_TARGET = 30.0  # seconds for 2 000 sources
BOOK_TARGET = 2.5  # a book of three memos (PDF and DOCX) over one memo's PDF build
BOOK_MEMOS = 3


@dataclass(frozen=True)
class Run:
    seconds: float  # wall time
    cpu_seconds: float  # user + system time
    peak_mib: float  # peak resident memory


def run_child(command: list[str]) -> Run:
    """Run a command to its end; its times and peak memory, from wait4, which reports
    that one child's resource use. (Linux counts the parent's peak memory at the
    child's exec into the child's, so this process keeps small: it never imports
    briefgen or WeasyPrint itself.)"""
    started = time.perf_counter()
    child = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        shown = subprocess.run(command, cwd=REPO, capture_output=True, text=True)
        sys.exit(f"benchmark command failed: {' '.join(command)}\n{shown.stderr}")
    return Run(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)  # ru_maxrss: KiB on Linux


def interleaved(commands: dict, runs: int) -> dict:
    """Every command `runs` times, one of each in turn: {label: [Run, ...]}."""
    results: dict = {label: [] for label in commands}
    for _ in range(runs):
        for label, command in commands.items():
            results[label].append(run_child(command))
    return results


def wall(runs: list[Run]) -> float:
    return statistics.median(run.seconds for run in runs)


def cpu(runs: list[Run]) -> float:
    return statistics.median(run.cpu_seconds for run in runs)


def memory(runs: list[Run]) -> float:
    return statistics.median(run.peak_mib for run in runs)


def verdict(value: float, target: float) -> str:
    return "met" if value <= target else "MISSED"


def cold_default_brief(scratch: Path, runs: int) -> None:
    workspace, out = ["-C", str(REPO)], ["-o", str(scratch)]
    subprocess.run([*BRIEFGEN, *workspace, "build", "-f", "html", *out], check=True, capture_output=True)
    [html] = scratch.glob("*.html")
    raw = "raw WeasyPrint, same HTML"
    commands = {
        "check": [*BRIEFGEN, *workspace, "check"],
        "build --format json": [*BRIEFGEN, *workspace, "build", "-f", "json", *out],
        "build --format docx": [*BRIEFGEN, *workspace, "build", "-f", "docx", *out],
        "build --format pdf": [*BRIEFGEN, *workspace, "build", "-f", "pdf", *out],
        "build --format all": [*BRIEFGEN, *workspace, "build", "-f", "all", *out],
        raw: [sys.executable, "-c", RAW_WEASYPRINT, str(html), str(scratch / "raw.pdf")],
    }
    results = interleaved(commands, runs)
    print(f"\n1. Default brief, cold runs (median of {runs}, interleaved)")
    print(f"  {'command':30} {'wall':>8} {'cpu':>8} {'peak memory':>12}")
    for label, label_runs in results.items():
        print(f"  {label:30} {wall(label_runs):6.3f} s {cpu(label_runs):6.3f} s {memory(label_runs):8.0f} MiB")
    pdf = results["build --format pdf"]
    wall_ratio, cpu_ratio = wall(pdf) / wall(results[raw]), cpu(pdf) / cpu(results[raw])
    print(f"  {'PDF build / raw WeasyPrint':30} {wall_ratio:6.2f} x {cpu_ratio:6.2f} x   "
          f"target <= {PDF_OVER_RAW_TARGET}: {verdict(wall_ratio, PDF_OVER_RAW_TARGET)} (wall), "
          f"{verdict(cpu_ratio, PDF_OVER_RAW_TARGET)} (cpu)")


def warm_rebuilds(scratch: Path, runs: int) -> None:
    measured = subprocess.run([sys.executable, str(BENCH / "warm.py"), str(runs), str(scratch / "warm")],
                              cwd=REPO, check=True, capture_output=True, text=True)
    times = json.loads(measured.stdout)
    later, renders = statistics.median(times["later_builds"]), statistics.median(times["weasyprint_renders"])
    print(f"\n2. Warm rebuilds of the default brief's PDF in one process, as `briefgen watch` does them "
          f"(median of {runs})")
    print(f"  {'first build (loads everything)':30} {times['first_build']:6.3f} s")
    print(f"  {'each later build':30} {later:6.3f} s   target <= {WARM_REBUILD_TARGET} s: "
          f"{verdict(later, WARM_REBUILD_TARGET)}")
    print(f"  {'WeasyPrint alone, same HTML':30} {renders:6.3f} s   (the floor for a rebuild)")
    print(f"  {'rebuild / WeasyPrint alone':30} {later / renders:6.2f} x")


def scaling(scratch: Path, runs: int) -> None:
    annotations, commands = {}, {}
    for sources in SCALES:
        root = scratch / f"generated-{sources}"
        annotations[sources] = write_workspace(root, sources, ANNOTATIONS_PER_SOURCE)
        commands[sources] = [*BRIEFGEN, "-C", str(root), "build", "-f", "json", "-o", str(root / "out")]
    results = interleaved(commands, runs)
    print(f"\n3. build --format json on generated workspaces, cold runs (median of {runs}, interleaved)")
    print(f"  {'sources':>8} {'annotations':>12} {'wall':>8} {'cpu':>8} {'peak memory':>12}")
    for sources, source_runs in results.items():
        print(f"  {sources:8,d} {annotations[sources]:12,d} {wall(source_runs):6.3f} s {cpu(source_runs):6.3f} s "
              f"{memory(source_runs):8.0f} MiB")
    largest, tenth = results[SCALES[-1]], results[SCALES[-2]]
    growth = wall(largest) / wall(tenth)
    print(f"  {f'{SCALES[-1]:,d} / {SCALES[-2]:,d} sources':21} {growth:6.1f} x "
          f"{cpu(largest) / cpu(tenth):6.1f} x {memory(largest) / memory(tenth):10.1f} x   "
          f"time target <= {GROWTH_TARGET:g} x: {verdict(growth, GROWTH_TARGET)}")
    print(f"  {f'{SCALES[-1]:,d} sources':21} {wall(largest):6.1f} s   target < {LARGEST_TARGET:g} s: "
          f"{verdict(wall(largest), LARGEST_TARGET)}")


def book_of_three(scratch: Path, runs: int) -> None:
    import shutil

    book = scratch / "book"
    for number in range(1, BOOK_MEMOS + 1):
        memo = book / f"memo-{number}"
        memo.mkdir(parents=True)
        shutil.copy(REPO / "brief.yaml", memo / "brief.yaml")
        shutil.copytree(REPO / "sources", memo / "sources")
    folders = ", ".join(f"memo-{number}/" for number in range(1, BOOK_MEMOS + 1))
    (book / "book.yaml").write_text(f'book:\n  title: "Benchmark book"\n  date: 2025-02-12\nmemos: [{folders}]\n',
                                    encoding="utf-8")
    out = ["-o", str(scratch / "book-out")]
    one = "one memo: build --format pdf"
    commands = {
        one: [*BRIEFGEN, "-C", str(REPO), "build", "-f", "pdf", *out],
        "book --format pdf": [*BRIEFGEN, "book", str(book), "-f", "pdf", *out],
        "book --format docx": [*BRIEFGEN, "book", str(book), "-f", "docx", *out],
        "book --format all": [*BRIEFGEN, "book", str(book), "-f", "all", *out],
    }
    results = interleaved(commands, runs)
    print(f"\n4. A book of {BOOK_MEMOS} memos (the default brief, copied) against one memo's PDF build, "
          f"cold runs (median of {runs}, interleaved)")
    print(f"  {'command':30} {'wall':>8} {'cpu':>8} {'/ one memo':>11}")
    for label, label_runs in results.items():
        print(f"  {label:30} {wall(label_runs):6.3f} s {cpu(label_runs):6.3f} s "
              f"{wall(label_runs) / wall(results[one]):6.2f} x")
    both = results["book --format all"]
    wall_ratio, cpu_ratio = wall(both) / wall(results[one]), cpu(both) / cpu(results[one])
    print(f"  {'book (PDF and DOCX) / one memo':30} {wall_ratio:6.2f} x {cpu_ratio:6.2f} x   "
          f"target <= {BOOK_TARGET}: {verdict(wall_ratio, BOOK_TARGET)} (wall), "
          f"{verdict(cpu_ratio, BOOK_TARGET)} (cpu)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs of each command (median reported)")
    args = parser.parse_args()
    load = ", ".join(f"{figure:.1f}" for figure in os.getloadavg())
    print(f"briefgen benchmark: {os.cpu_count()} cores, load average {load}; "
          f"Python {sys.version.split()[0]}, WeasyPrint {version('weasyprint')}")
    with tempfile.TemporaryDirectory() as scratch:
        cold_default_brief(Path(scratch), args.runs)
        warm_rebuilds(Path(scratch), args.runs)
        scaling(Path(scratch), args.runs)
        book_of_three(Path(scratch), args.runs)


if __name__ == "__main__":
    main()
