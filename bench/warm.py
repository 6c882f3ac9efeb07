"""Warm rebuilds: the default brief's PDF built again and again in this one process,
as `briefgen watch` does it (briefgen.cli.build_memo), and, for the floor, WeasyPrint
alone rendering the same HTML again and again. Prints the times as JSON.

Run by bench/run.py in a process of its own: `python bench/warm.py RUNS OUTPUT_DIR`.
"""

from __future__ import annotations

import contextlib
import io
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def timed_build(options) -> float:
    """Seconds for one build of the default brief, its report silenced."""
    from briefgen.cli import build_memo

    started = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        build_memo(REPO, options)
    return time.perf_counter() - started


def timed_render(html: str) -> float:
    import weasyprint

    started = time.perf_counter()
    weasyprint.HTML(string=html).write_pdf(pdf_tags=True)
    return time.perf_counter() - started


def main() -> None:
    runs, output = int(sys.argv[1]), Path(sys.argv[2])
    from briefgen.cli import BuildOptions

    pdf_only = BuildOptions(formats=("pdf",), output=output)
    first_build = timed_build(pdf_only)
    timed_build(BuildOptions(formats=("html",), output=output))  # the HTML for WeasyPrint alone
    [html_file] = output.glob("*.html")
    html = html_file.read_text(encoding="utf-8")
    later_builds, renders = [], []
    for _ in range(runs):  # interleaved, so that other work on the machine slows both alike
        later_builds.append(timed_build(pdf_only))
        renders.append(timed_render(html))
    json.dump({"first_build": first_build, "later_builds": later_builds, "weasyprint_renders": renders},
              sys.stdout)


if __name__ == "__main__":
    main()
