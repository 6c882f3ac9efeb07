"""Performance: commands load only what they use, a build does each step once, merging
and citation lookups grow linearly, and `briefgen watch` rebuilds in one process.

Timings are left to `make bench` (bench/run.py); these tests count instead, so they
hold on a busy machine.
"""

from __future__ import annotations

import json
import queue
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

import briefgen.merge
import briefgen.render.html
import briefgen.workspace
from briefgen.cli import main
from briefgen.markdown import _parsed_runs, inline_runs
from briefgen.merge import build_summary
from briefgen.model import AgendaItem, Citation, Layout, Memo, Participant, Point, Source, Summary
from briefgen.render.docx import render_docx
from briefgen.render.html import render_html
from briefgen.render.json import render_json
from briefgen.theme import Templates
from briefgen.annotations import Annotation
from briefgen.workspace import Brief, SourceFile, Workspace

HANDMADE = Path(__file__).parent / "fixtures" / "handmade"


@pytest.fixture
def workspace(tmp_path) -> Path:
    root = tmp_path / "ws"
    shutil.copytree(HANDMADE, root)
    return root


# ---- what each command imports -----------------------------------------------------------------

# Runs the command line in a fresh interpreter, then prints the modules it loaded.
PROBE = """
import json, runpy, sys
sys.argv = ["briefgen", *sys.argv[1:]]
try:
    runpy.run_module("briefgen", run_name="__main__")
except SystemExit as exit:
    assert not exit.code, f"exit status {exit.code}"
print("\\nMODULES " + json.dumps(sorted(sys.modules)))
"""

# Command -> top-level modules it must not load. WeasyPrint (and Pango) never, outside
# a PDF build; python-docx outside a DOCX build; the template engine, date formatting
# and package metadata where nothing is rendered or asked for.
NOT_IMPORTED = {
    ("check",): {"weasyprint", "docx", "jinja2", "babel", "importlib.metadata"},
    ("show",): {"weasyprint", "docx", "jinja2"},
    ("show", "--json"): {"weasyprint", "docx", "jinja2", "babel"},
    ("build", "-f", "json"): {"weasyprint", "docx", "jinja2", "babel"},
    ("build", "-f", "html"): {"weasyprint", "docx"},
    ("build", "-f", "docx"): {"weasyprint", "jinja2"},
    ("build", "-f", "pdf"): {"docx"},
}


@pytest.mark.parametrize("command", list(NOT_IMPORTED), ids=" ".join)
def test_commands_load_only_what_they_use(workspace, command):
    result = subprocess.run([sys.executable, "-c", PROBE, *command], cwd=workspace,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout.rsplit("MODULES ", 1)[1])
    assert "briefgen.cli" in loaded
    unwanted = [name for name in loaded if name in NOT_IMPORTED[command]
                or name.split(".")[0] in NOT_IMPORTED[command]]
    assert unwanted == []


# ---- one build, each step once -------------------------------------------------------------------

def counted(monkeypatch, module, name: str, calls: list[str]) -> None:
    original = getattr(module, name)

    def counting(*args, **kwargs):
        calls.append(name)
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, counting)


def test_build_all_reads_each_source_once_and_renders_the_html_once(workspace, monkeypatch):
    import briefgen.render.docx
    import briefgen.render.pdf

    calls: list[str] = []
    for module, name in ((briefgen.workspace, "read_brief"), (briefgen.workspace, "read_source"),
                         (briefgen.workspace, "parse_annotations"), (briefgen.merge, "build_summary"),
                         (briefgen.render.html, "render_html"), (briefgen.render.pdf, "render_pdf"),
                         (briefgen.render.docx, "render_docx")):
        counted(monkeypatch, module, name, calls)
    result = CliRunner().invoke(main, ["-C", str(workspace), "build", "--format", "all"])
    assert result.exit_code == 0, result.output
    sources = len(list((workspace / "sources").iterdir()))
    assert sorted(calls) == sorted(["read_brief", "build_summary", "render_html", "render_pdf", "render_docx",
                                    *["read_source", "parse_annotations"] * sources])
    assert {path.suffix for path in (workspace / "out").iterdir() if not path.name.startswith(".")} == {
        ".pdf", ".docx", ".html", ".json", ".eml"}


# ---- growth ---------------------------------------------------------------------------------------

def mentions(sources: int) -> Workspace:
    """Every source mentions the same ten meetings, each with two people of its own, so
    a meeting's `who` list grows with every source; and the same ten people, whose role
    differs from one source to the next."""
    files = []
    for s in range(sources):
        annotations = [Annotation("agenda", {"item": f"Meeting {m}", "who": f"Person {s}a; Person {s}b"},
                                  f"meeting {m}", m + 1, 1) for m in range(10)]
        annotations += [Annotation("participant", {"name": f"Official {p}", "role": f"Role {s}"},
                                   f"Official {p}", p + 20, 1) for p in range(10)]
        files.append(SourceFile(Path(f"sources/s{s}.md"), Source(id=f"s{s}", number=0, title=f"S{s}"), annotations))
    return Workspace(Path("."), Brief(memo=Memo(title="Mentions"), layout=Layout()), files)


def match_keys_made(monkeypatch, sources: int) -> int:
    """How many match keys merging makes for a workspace of that many sources."""
    made = 0
    original = briefgen.merge.match_key

    def counting(text: str) -> str:
        nonlocal made
        made += 1
        return original(text)

    monkeypatch.setattr(briefgen.merge, "match_key", counting)
    build_summary(mentions(sources))
    monkeypatch.setattr(briefgen.merge, "match_key", original)
    return made


def test_merging_work_grows_linearly_with_the_mentions(monkeypatch):
    """Counted, not timed: agenda items whose `who` lists grow with every mention, and
    participants mentioned again and again, cost the same per mention at any size."""
    small, large = match_keys_made(monkeypatch, 20), match_keys_made(monkeypatch, 200)
    assert large <= 10.5 * small, (small, large)


class CountingList(list):
    """A list that counts how often it is walked through."""

    walks = 0

    def __iter__(self):
        CountingList.walks += 1
        return super().__iter__()


def many_citations(sources: int, citations_each: int) -> Summary:
    source_list = CountingList(Source(id=f"s{n}", number=n + 1, title=f"Source {n}") for n in range(sources))
    points = [Point(f"Point {n}", citations=[Citation(f"s{(n + k) % sources}", k + 1, 1, f"quote {k}")
                                             for k in range(citations_each)]) for n in range(sources)]
    return Summary(memo=Memo(title="Many citations"), layout=Layout(max_pages=100), key_points=points,
                   participants=[Participant("Ann Lee", citations=[Citation("s0", 1, 1, "Ann")])],
                   agenda=[AgendaItem("Meeting", citations=[Citation("s1", 2, 1, "meeting")])],
                   sources=source_list)


@pytest.mark.parametrize("render", [render_html, render_docx, render_json], ids=lambda r: r.__name__)
def test_renderers_look_citations_up_without_walking_the_sources(render):
    summary = many_citations(sources=150, citations_each=4)
    CountingList.walks = 0
    if render is render_json:
        render(summary)
    else:
        render(summary, Templates.for_workspace(None))
    assert CountingList.walks <= 5  # the Sources section, not once per citation (600 here)


# ---- inline Markdown without the parser ---------------------------------------------------------

@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab é“ \t\n\r\\`*_[]()<>&!#-.:\0")), max_size=40))
def test_text_without_markdown_reads_as_the_parser_reads_it(text):
    assert inline_runs(text) == _parsed_runs(text)


# ---- watch -------------------------------------------------------------------------------------

class Lines:
    """A process's output lines, read by a thread so that every wait has a timeout."""

    def __init__(self, stream) -> None:
        self.queue: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, args=(stream,), daemon=True).start()

    def _read(self, stream) -> None:
        for line in stream:
            self.queue.put(line.rstrip("\n"))

    def wait_for(self, pattern: str, timeout: float = 20) -> re.Match:
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            try:
                line = self.queue.get(timeout=left)
            except queue.Empty:
                break
            self.seen.append(line)
            if match := re.search(pattern, line):
                return match
        pytest.fail(f"no line matching {pattern!r} within {timeout} s; output so far:\n" + "\n".join(self.seen))


def edit(path: Path, text: str) -> None:
    """Replace a file's text; its size changes too, so the edit shows even where file
    times are coarse."""
    path.write_text(text, encoding="utf-8")


def test_watch_rebuilds_on_change_reports_errors_and_keeps_going(workspace):
    source = workspace / "sources" / "a-ministerial.md"
    original = source.read_text(encoding="utf-8")
    process = subprocess.Popen([sys.executable, "-m", "briefgen", "watch", "-f", "json", "-o", "out"],
                               cwd=workspace, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        lines = Lines(process.stdout)
        lines.wait_for(r"^built in \d+\.\d\d s$")
        [built] = (workspace / "out").glob("*.json")
        assert "A point added while watching" not in built.read_text(encoding="utf-8")

        edit(source, original + "\n[Added words]{.key text=\"A point added while watching\"}\n")
        lines.wait_for(r"^rebuilt in \d+\.\d\d s$")
        model = json.loads(built.read_text(encoding="utf-8"))
        assert "A point added while watching" in [point["text"] for point in model["key_points"]]

        edit(source, original + "\n[an unclosed span\n")
        lines.wait_for(r"^sources/a-ministerial\.md:\d+:1: error: unterminated span")
        lines.wait_for(r"^build failed")
        assert process.poll() is None
        assert "A point added while watching" in built.read_text(encoding="utf-8")  # left as it was

        edit(source, original)
        lines.wait_for(r"^rebuilt in ")
        assert "A point added while watching" not in built.read_text(encoding="utf-8")

        process.send_signal(signal.SIGINT)  # Ctrl-C
        assert process.wait(timeout=20) in (0, 130)
        lines.wait_for(r"^stopped watching$")
        assert "Traceback" not in "\n".join(lines.seen)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=20)
