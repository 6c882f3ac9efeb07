"""Benchmark: cold command-line wall times on the default brief, against raw WeasyPrint.

Run with `make bench` (not part of the tests). Every figure is the median of several
runs, each a fresh process, so import time counts as a user feels it. The baseline,
raw WeasyPrint rendering the same self-contained HTML in a fresh process, is measured
in the same run: compare the ratio, not the seconds, across machines.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

RAW_WEASYPRINT = """
import sys, weasyprint
html = open(sys.argv[1], encoding="utf-8").read()
weasyprint.HTML(string=html).write_pdf(sys.argv[2], pdf_tags=True)
"""


def timed(command: list[str], runs: int) -> float:
    """Median wall time of a command, in seconds."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=REPO)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per figure (median reported)")
    args = parser.parse_args()
    briefgen = [sys.executable, "-m", "briefgen", "-C", str(REPO)]
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch)
        subprocess.run([*briefgen, "build", "--format", "html", "--output", str(out)], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        [html] = out.glob("*.html")
        rows = [
            ("check", timed([*briefgen, "check"], args.runs)),
            ("build --format json", timed([*briefgen, "build", "-f", "json", "-o", str(out)], args.runs)),
            ("build --format docx", timed([*briefgen, "build", "-f", "docx", "-o", str(out)], args.runs)),
            ("build --format pdf", timed([*briefgen, "build", "-f", "pdf", "-o", str(out)], args.runs)),
            ("build --format all", timed([*briefgen, "build", "-f", "all", "-o", str(out)], args.runs)),
            ("raw WeasyPrint, same HTML", timed([sys.executable, "-c", RAW_WEASYPRINT, str(html),
                                                 str(out / "raw.pdf")], args.runs)),
        ]
    print(f"default brief, median of {args.runs} cold runs each")
    for label, seconds in rows:
        print(f"  {label:28} {seconds:6.3f} s")
    pdf, raw = rows[3][1], rows[-1][1]
    print(f"  {'PDF build / raw WeasyPrint':28} {pdf / raw:6.2f} x")


if __name__ == "__main__":
    main()
