"""Hostile workspaces, bounded: slow text is capped before it reaches the renderers,
files that are not regular files are errors (never a hang), and messages and `show`
print no control characters.

The worst cases inside the documented limits (a 50 000-letter word, 50 000 combining
marks, a 5 MB one-line source) are checked here shrunk, or by asserting the cap is
applied, so the tests stay fast; see README "Limits" for the full-size timings.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefgen import bounds
from briefgen.cli import error_message, main, visible, warning_message
from briefgen.errors import BriefError, BriefWarning, Place
from briefgen.page_count import RECORD_NAME, read_record
from briefgen.pipeline import BuildOptions, build, load, render
from briefgen.render.text import terminal_safe
from briefgen.theme import Templates
from briefgen.workspace import read_bounded

BRIEF = """memo:
  title: "Hostile"
  to: "The Secretary"
  from: "Staff"
  date: 2025-02-11
layout:
  max_pages: 50
"""


def workspace(root: Path, sources: dict[str, str], brief: str = BRIEF) -> Path:
    (root / "sources").mkdir(parents=True)
    (root / "brief.yaml").write_text(brief, encoding="utf-8")
    for name, text in sources.items():
        (root / "sources" / name).write_text(text, encoding="utf-8")
    return root


def run(root: Path, *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    """The command line in its own process, so that a hang fails the test instead of the run."""
    return subprocess.run([sys.executable, "-m", "briefgen", "-C", str(root), *args], capture_output=True,
                          text=True, timeout=timeout)


def html_of(root: Path) -> str:
    loaded = load(root)
    return render(loaded.summary, Templates.for_workspace(root), ("html",)).files["html"].decode("utf-8")


# ---- slow text: capped before the renderers -----------------------------------------------------

def test_a_long_word_gets_break_opportunities_in_the_memo_and_stays_whole_in_the_json(tmp_path):
    word = "x" * 5_000
    root = workspace(tmp_path / "w", {"a.md": f"Title\n\n[{word}]{{.key}}\n"})
    html = html_of(root)
    words = re.findall(r"[^\s<>\u200b]+", html)
    assert max(map(len, words)) <= max(bounds.MAX_WORD, 200)  # no word longer than the cap reaches WeasyPrint
    assert "x" * bounds.MAX_WORD + "\u200b" in html
    loaded = load(root)
    rendered = render(loaded.summary, Templates.for_workspace(root), ("json",))
    assert word in json.loads(rendered.files["json"])["key_points"][0]["text"]


def test_combining_marks_are_capped_per_letter_with_a_warning(tmp_path):
    root = workspace(tmp_path / "w", {"a.md": "Title\n\n[a" + "\u0301" * 2_000 + "]{.key}\n"})
    loaded = load(root)
    [warning] = [w for w in loaded.warnings if "combining marks" in w.message]
    assert warning.place == Place(root / "sources" / "a.md", 3, 1)
    html = html_of(root)
    assert "a" + "\u0301" * bounds.MAX_MARKS in html
    assert "\u0301" * (bounds.MAX_MARKS + 1) not in html


def test_marks_cap_keeps_real_scripts():
    for text in ("Nguyễn Tấn Dũng", "क्षत्रिय", "שָׁלוֹם", "Ζεύς", "ปู่ย่าตายาย", "é " * 500):
        assert bounds.printable_text(text) == text


def test_a_huge_text_is_cut_in_the_memo_with_a_warning(tmp_path):
    summary = "lorem ipsum dolor sit amet " * 2_000  # 54 000 characters
    root = workspace(tmp_path / "w", {"a.md": "Title\n\n[x]{.key}\n"},
                     BRIEF + f'summary: "{summary}"\n')
    loaded = load(root)
    assert any("summary" in w.message and f"{bounds.MAX_PRINTED:,}" in w.message for w in loaded.warnings)
    assert bounds.printable(loaded.summary).summary.endswith(bounds.ELLIPSIS)
    assert len(bounds.printable(loaded.summary).summary) == bounds.MAX_PRINTED
    assert loaded.summary.summary.strip() == summary.strip()  # the JSON keeps it whole


def test_a_one_line_source_gives_a_title_cut_to_200_characters_with_a_warning(tmp_path):
    line = "word " * 200_000  # 1 MB on one line: its title
    root = workspace(tmp_path / "w", {"a.md": line + "\n\n[x]{.key}\n"})
    started = time.process_time()
    loaded = load(root)
    assert time.process_time() - started < 10
    [source] = loaded.summary.sources
    assert len(source.title) <= bounds.MAX_TITLE and source.title.endswith(bounds.ELLIPSIS)
    assert any("first line" in w.message for w in loaded.warnings)


def test_keys_and_links_are_not_broken():
    from briefgen.model import Citation, Memo, Point, Source, Summary

    url = "https://example.org/" + "a" * 150
    summary = Summary(Memo(title="T"), key_points=[Point("x" * 300, citations=[Citation("s" * 130, 1, 1, "q")])],
                      sources=[Source(id="s" * 130, number=1, title="t", url=url)])
    shown = bounds.printable(summary)
    assert shown.sources[0].id == "s" * 130 and shown.key_points[0].citations[0].source == "s" * 130
    assert shown.sources[0].url == url
    assert "\u200b" in shown.key_points[0].text
    assert summary.key_points[0].text == "x" * 300  # the original is left as it was


@pytest.mark.parametrize("text", ["[" + "x" * 5_000 + "]{.key}",  # 98 s at 50 000 before the cap
                                  "[a" + "\u0301" * 50_000 + "]{.key}"])  # 27 s before
def test_worst_cases_shrunk_build_pdf_and_docx_quickly(tmp_path, text):
    root = workspace(tmp_path / "w", {"a.md": "Title\n\n" + text + "\n"})
    started = time.process_time()
    build(root, BuildOptions(formats=("pdf", "docx")))
    assert time.process_time() - started < 30


# ---- files that are not files -----------------------------------------------------------------------

def _error_line(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    return result.stderr.splitlines()[0]


@pytest.mark.parametrize("make, said", [
    (lambda p: os.mkfifo(p), "named pipe"),
    (lambda p: p.symlink_to("/dev/zero"), "outside the workspace"),
    (lambda p: p.symlink_to(p.name), "symbolic link that leads back to itself"),
])
def test_a_source_that_is_not_a_regular_file_is_a_located_error_never_a_hang(tmp_path, make, said):
    root = workspace(tmp_path / "w", {"a.md": "Title\n\n[x]{.key}\n"})
    make(root / "sources" / "b.md")
    line = _error_line(run(root, "check", timeout=20))
    assert "b.md" in line and said in line


def test_a_fifo_inside_the_workspace_linked_as_a_source_is_an_error(tmp_path):
    root = workspace(tmp_path / "w", {"a.md": "Title\n\n[x]{.key}\n"})
    os.mkfifo(root / "pipe")
    (root / "sources" / "b.md").symlink_to(root / "pipe")
    assert "named pipe" in _error_line(run(root, "check", timeout=20))


def test_a_socket_source_is_an_error(tmp_path):
    root = workspace(tmp_path / "w", {"a.md": "Title\n\n[x]{.key}\n"})
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(root / "sources" / "b.md"))
        assert "b.md" in _error_line(run(root, "check", timeout=20))
    finally:
        server.close()


def test_a_folder_named_like_a_source_is_a_warning(tmp_path):
    root = workspace(tmp_path / "w", {"a.md": "Title\n\n[x]{.key}\n"})
    (root / "sources" / "d.md").mkdir()
    result = run(root, "check", timeout=20)
    assert result.returncode == 0 and "d.md/ is a folder" in result.stderr


def test_read_bounded_reads_no_more_than_asked(tmp_path):
    path = tmp_path / "big"
    path.write_bytes(b"x" * 10_000)
    assert len(read_bounded(path, 100)) == 101
    os.mkfifo(tmp_path / "fifo")
    with pytest.raises(BriefError, match="named pipe"):
        read_bounded(tmp_path / "fifo", 100)
    with pytest.raises(BriefError, match="character device"):
        read_bounded(Path("/dev/zero"), 100)
    with pytest.raises(BriefError, match="folder"):
        read_bounded(tmp_path, 100)


def test_a_fifo_page_record_is_ignored_and_replaced(tmp_path):
    root = workspace(tmp_path / "w", {"a.md": "Title\n\n[x]{.key}\n"})
    (root / "out").mkdir()
    os.mkfifo(root / "out" / RECORD_NAME)
    assert read_record(root / "out") == {}
    result = run(root, "check", timeout=20)
    assert result.returncode == 0, result.stderr


def test_a_huge_page_record_is_not_read(tmp_path):
    (tmp_path / RECORD_NAME).write_text('{"a": 1, "pad": "' + "x" * 1_000_000 + '"}')
    assert read_record(tmp_path) == {}


@pytest.mark.parametrize("make, said", [
    (lambda p: os.mkfifo(p), "named pipe"),
    (lambda p: p.symlink_to(p.name), "leads back to itself"),
    (lambda p: p.symlink_to("/dev/null"), "character device"),
])
def test_an_output_folder_that_is_not_a_folder_is_a_located_error(tmp_path, make, said):
    root = workspace(tmp_path / "w", {"a.md": "Title\n\n[x]{.key}\n"})
    make(root / "out")
    line = _error_line(run(root, "build", "--format", "json", timeout=60))
    assert "out" in line and said in line


def test_a_fifo_theme_never_hangs(tmp_path):
    root = workspace(tmp_path / "w", {"a.md": "Title\n\n[x]{.key}\n"})
    (root / "templates").mkdir()
    os.mkfifo(root / "templates" / "theme.yaml")
    result = run(root, "build", "--format", "html", timeout=30)  # not a file: the built-in theme
    assert "Traceback" not in result.stderr


def test_import_refuses_a_fifo_and_a_zip_bomb(tmp_path, monkeypatch):
    import zipfile

    from briefgen import importers

    root = workspace(tmp_path / "w", {})
    os.mkfifo(tmp_path / "page.html")
    assert "named pipe" in _error_line(run(root, "import", str(tmp_path / "page.html"), timeout=20))
    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"\0" * (2 * 1024 * 1024))
    monkeypatch.setattr(importers, "MAX_UNZIPPED_BYTES", 1024 * 1024)  # 200 MB in use: shrunk
    with pytest.raises(BriefError, match="unpacks to more than"):
        importers.check_input(bomb)
    monkeypatch.setattr(importers, "MAX_IMPORT_BYTES", 100)
    with pytest.raises(BriefError, match="larger than"):
        importers.check_input(bomb)


# ---- output hygiene ------------------------------------------------------------------------------

def test_a_newline_in_a_file_name_cannot_forge_a_second_message(tmp_path):
    root = workspace(tmp_path / "w", {"a.md": "Title\n\n[x]{.key}\n"})
    name = "b.md\na.md:1:1: error: forged\x1b[31m.md"
    (root / "sources" / name).write_text("Title\n\n[x]{.nope}\n")
    result = run(root, "check", timeout=20)
    lines = [line for line in result.stderr.splitlines() if not line.startswith("  hint:")]
    assert len(lines) == 1, result.stderr
    assert "\\n" in lines[0] and "\\x1b" in lines[0] and "\x1b" not in result.stderr
    assert lines[0].startswith('"')  # the path quoted: its escapes are not its name


def test_messages_escape_control_characters_everywhere():
    error = BriefError(Path("a\u202eb.md"), 1, 2, "unknown value 'x\ny'", "try\x07 this")
    message = error_message(error)
    assert message.count("\n") == 1 and "\x07" not in message and "\u202e" not in message
    assert "\\n" in message and "\\u202e" in message
    warning = warning_message(BriefWarning("ignored: x\ry", Place(Path("s\x1b.md"), 1, 1)))
    assert "\r" not in warning and "\x1b" not in warning
    assert visible("plain – text “ok”") == "plain – text “ok”"


def test_show_strips_terminal_control_sequences(tmp_path):
    hostile = "[Evil\x1b[2J\x1b]0;pwned\x07 \x9b31mName\u202e]{.participant role=\"a\x1b[31mrole\"}"
    root = workspace(tmp_path / "w", {"a.md": "Title\x1b]8;;http://x\x1b\\\n\n" + hostile + "\n"})
    result = CliRunner().invoke(main, ["-C", str(root), "show"])
    assert result.exit_code == 0, result.output
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e]", result.output)
    assert "Evil Name" in result.output and "pwned" not in result.output


def test_terminal_safe_keeps_text():
    text = "Line one\n\tشيء — “quoted” 王文涛 \u2068isolated\u2069"
    assert terminal_safe(text) == text
    assert terminal_safe("a\x1bcb\x1b(Bc\x1b[1;31md") == "abcd"


# ---- volume: thousands of items or citations ----------------------------------------------------

def _many(tmp_path: Path, spans: str, count: int, fit: bool = False) -> Path:
    root = tmp_path / "ws"
    (root / "sources").mkdir(parents=True)
    (root / "brief.yaml").write_text('memo:\n  title: "Volume"\n  date: 2025-02-11\n'
                                     + ("layout:\n  fit: true\n" if fit else ""), encoding="utf-8")
    body = "\n".join(spans.format(i=i) for i in range(count))
    (root / "sources" / "a.md").write_text(f"---\ntitle: Many\n---\n\n{body}\n", encoding="utf-8")
    return root


def test_thousands_of_items_print_the_first_ones_and_the_json_keeps_all(tmp_path):
    """5,000 key points (the annotation limit of one source) took minutes to lay out: the
    memo prints the first MAX_ITEMS, says so, and the JSON keeps every one."""
    root = _many(tmp_path, "[Point {i} about topic {i}]{{.key}}.\n", 5000)
    summary = load(root).summary
    printed = bounds.printable(summary)
    assert len(summary.key_points) == 5000 and len(printed.key_points) == bounds.MAX_ITEMS
    started = time.monotonic()
    result = build(root, BuildOptions(formats=("json",)))
    assert time.monotonic() - started < 30
    assert any("it prints the first 300" in w.message for w in result.warnings)
    model = json.loads(next((root / "out").glob("*.json")).read_text(encoding="utf-8"))
    assert len(model["key_points"]) == 5000


def test_one_item_cited_thousands_of_times_names_the_first_citations(tmp_path):
    root = _many(tmp_path, "Then [Marco Rubio]{{.participant}} said thing {i}.\n", 2000)
    loaded = load(root)
    [person] = bounds.printable(loaded.summary).participants
    assert len(person.citations) == bounds.MAX_CITATIONS
    [warning] = [w for w in loaded.warnings if "cited in 2,000 places" in w.message]
    assert warning.place.line == 5 and warning.place.column == 6


def test_a_memo_far_past_its_limit_is_not_fitted_step_by_step():
    """Each fitting step is a full layout; a body more than twice the limit is past what
    they can save, so layout.fit stops after the default layout and says why."""
    from briefgen import fitting
    from briefgen.model import Layout, Memo, Summary
    from briefgen.render import common

    summary = Summary(Memo(title="t"), Layout(fit=True, max_pages=2))
    tried = []

    def measure(variant):
        tried.append(variant)
        layout = type("Layout", (), {"anchor_pages": {}})()
        return fitting.Measured(variant, "", layout, body_pages=9, pages=10)

    result = fitting.fit(summary, measure, 11)
    assert tried == [common.DEFAULT_VARIANT]
    assert "far too long for layout.fit's steps to help" in result.warning().message
