"""Reliability and security: repeated builds give the same bytes; hostile input stays
text and is never fetched; huge or deep input fails fast or builds in bounded time and
memory; faults (no permission, a full disk, a vanishing source, Ctrl-C, concurrent
builds, no Pango) leave out/ whole and explain themselves."""

from __future__ import annotations

import builtins
import datetime as dt
import errno
import hashlib
import http.server
import io
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import tracemalloc
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from lxml import etree
from pypdf import PdfReader

import briefgen.annotations
import briefgen.output
import briefgen.render.docx
import briefgen.workspace
from briefgen.annotations import MAX_ANNOTATIONS, MAX_NESTING, parse_annotations
from briefgen.cli import main
from briefgen.errors import BriefError
from briefgen.merge import build_summary
from briefgen.render.stamp import SOURCE_DATE_EPOCH, embedded_time
from briefgen.workspace import MAX_TEXT_BYTES, read_brief, read_workspace

from babel_forms import long_date  # dates as Babel writes them, never spelled out

REPO = Path(__file__).resolve().parent.parent
MEMO_DATE = dt.date(2025, 2, 11)
STEM = "2025-02-11-reliability-check"
BRIEF = 'memo:\n  title: "Reliability check"\n  date: 2025-02-11\n  from: "Policy Planning"\n'
SOURCE = """\
---
title: "Talks this week"
outlet: "Wire"
---

[Mike Waltz]{.participant role="National Security Advisor" org="United States"} said
[talks start this week]{.key text="Talks start this week."} and raised
[burden sharing]{.challenge}.
"""


def make_workspace(root: Path, brief: str = BRIEF, sources: dict[str, str | bytes] | None = None) -> Path:
    (root / "sources").mkdir(parents=True)
    (root / "brief.yaml").write_text(brief, encoding="utf-8")
    for name, content in (sources if sources is not None else {"a.md": SOURCE}).items():
        data = content if isinstance(content, bytes) else content.encode("utf-8")
        (root / "sources" / name).write_bytes(data)
    return root


@pytest.fixture
def ws(tmp_path, monkeypatch) -> Path:
    root = make_workspace(tmp_path / "ws")
    monkeypatch.chdir(root)
    return root


def run(root: Path, *args: str, env: dict[str, str] | None = None):
    """The command line in this process, so faults can be simulated with monkeypatch."""
    return CliRunner().invoke(main, ["-C", str(root), *args], env=env)


def process_env(**changes: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key != SOURCE_DATE_EPOCH}
    env.update(changes)
    return env


def run_process(root: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "briefgen", "-C", str(root), *args],
                          capture_output=True, text=True, timeout=120, env=env or process_env())


def contents(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())} if folder.exists() else {}


def with_old_outputs(root: Path) -> dict[str, bytes]:
    """out/ holding an earlier build, which a failed build must leave as it was."""
    out = root / "out"
    out.mkdir()
    for suffix in ("pdf", "docx", "html", "json"):
        (out / f"{STEM}.{suffix}").write_bytes(f"earlier {suffix}".encode())
    return contents(out)


def one_error(result) -> str:
    assert "Traceback" not in result.output
    [error] = [line for line in result.stderr.splitlines() if ": error: " in line]
    return error


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def docx_text(data: bytes) -> str:
    """Every w:t of every part: body, tables, notes, headers and footers."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return "\n".join("".join(etree.fromstring(package.read(name)).itertext())
                         for name in package.namelist() if name.startswith("word/") and name.endswith(".xml"))


def unspaced(text: str) -> str:
    """Text with all whitespace removed: a PDF wraps long words and URLs across lines."""
    return "".join(text.split())


def assert_valid_docx(data: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert package.testzip() is None
        for name in package.namelist():
            if name.endswith((".xml", ".rels")):
                etree.fromstring(package.read(name))  # raises on anything XML cannot hold
    docx.Document(io.BytesIO(data))


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# ---- repeatable builds --------------------------------------------------------------------------

def test_two_builds_in_separate_processes_are_byte_identical(tmp_path):
    """Different folders, time zones, hash seeds and locales: the same bytes."""
    builds = []
    for name, zone, seed in (("first", "UTC", "1"), ("second", "Asia/Tokyo", "2")):
        root = tmp_path / name
        root.mkdir()
        shutil.copy(REPO / "brief.yaml", root)
        shutil.copytree(REPO / "sources", root / "sources")
        env = process_env(TZ=zone, PYTHONHASHSEED=seed, LC_ALL="C.UTF-8")
        command = [sys.executable, "-m", "briefgen", "-C", str(root), "build", "-f", "pdf", "-f", "docx"]
        builds.append((root, subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)))
    files = []
    for root, process in builds:
        _, stderr = process.communicate(timeout=120)
        assert process.returncode == 0, stderr.decode()
        files.append(contents(root / "out"))
    first, second = files
    memo_files = sorted(name for name in first if not name.startswith("."))  # besides, the page-count record
    assert [Path(name).suffix for name in memo_files] == [".docx", ".pdf"]
    assert sorted(first) == sorted(second)
    for name in first:
        assert first[name] == second[name], name
        print(f"{name}: sha256 {sha256(first[name])}")


def embedded_times(pdf: bytes, docx_data: bytes) -> dict[str, object]:
    info = PdfReader(io.BytesIO(pdf)).metadata
    properties = docx.Document(io.BytesIO(docx_data)).core_properties
    with zipfile.ZipFile(io.BytesIO(docx_data)) as package:
        entry_times = {entry.date_time for entry in package.infolist()}
    return {"pdf": (info["/CreationDate"], info["/ModDate"]),
            "docx": (properties.created, properties.modified, properties.last_printed),
            "zip": entry_times}


def test_embedded_times_are_the_memo_date_by_default(ws):
    result = run(ws, "build", "-f", "pdf", "-f", "docx", env={SOURCE_DATE_EPOCH: ""})
    assert result.exit_code == 0, result.output
    midnight = dt.datetime(2025, 2, 11, tzinfo=dt.timezone.utc)
    out = ws / "out"
    assert embedded_times((out / f"{STEM}.pdf").read_bytes(), (out / f"{STEM}.docx").read_bytes()) == {
        "pdf": ("D:20250211000000Z",) * 2, "docx": (midnight,) * 3, "zip": {(2025, 2, 11, 0, 0, 0)}}


def test_source_date_epoch_sets_the_embedded_times_but_not_the_printed_date(ws):
    result = run(ws, "build", "-f", "pdf", "-f", "docx", env={SOURCE_DATE_EPOCH: "1700000000"})
    assert result.exit_code == 0, result.output
    moment = dt.datetime(2023, 11, 14, 22, 13, 20, tzinfo=dt.timezone.utc)
    pdf, docx_data = ((ws / "out" / f"{STEM}.{suffix}").read_bytes() for suffix in ("pdf", "docx"))
    assert embedded_times(pdf, docx_data) == {
        "pdf": ("D:20231114221320Z",) * 2, "docx": (moment,) * 3, "zip": {(2023, 11, 14, 22, 13, 20)}}
    for text in (pdf_text(pdf), docx_text(docx_data)):
        assert long_date(dt.date(2025, 2, 11)) in text and "2023" not in text


@pytest.mark.parametrize("value, expected", [
    ("", dt.datetime(2025, 2, 11, tzinfo=dt.timezone.utc)),
    ("0", dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)),
    (" 86400 ", dt.datetime(1970, 1, 2, tzinfo=dt.timezone.utc)),
])
def test_embedded_time(monkeypatch, value, expected):
    monkeypatch.setenv(SOURCE_DATE_EPOCH, value)
    assert embedded_time(MEMO_DATE) == expected


def test_zip_entries_before_1980_take_the_earliest_time_zip_holds(ws):
    result = run(ws, "build", "-f", "docx", env={SOURCE_DATE_EPOCH: "0"})
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(ws / "out" / f"{STEM}.docx") as package:
        assert {entry.date_time for entry in package.infolist()} == {(1980, 1, 1, 0, 0, 0)}


@pytest.mark.parametrize("value", ["yesterday", "-1", "1.5", "١٢٣", "9" * 30])
def test_a_bad_source_date_epoch_is_a_clear_error(ws, value):
    result = run(ws, "build", "-f", "docx", env={SOURCE_DATE_EPOCH: value})
    assert result.exit_code == 1
    assert one_error(result).startswith(f"briefgen: error: {SOURCE_DATE_EPOCH}")
    assert not (ws / "out").exists()


# ---- hostile content: text in every format, never fetched ------------------------------------------

class _Recorder(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self):  # noqa: N802 - the standard library's name
        self.requests.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def web_server():
    """A server on this machine that records every request made to it."""
    _Recorder.requests = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", _Recorder.requests
    server.shutdown()
    server.server_close()


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {name: value or "" for name, value in attrs}))


def test_hostile_markup_and_urls_are_text_and_never_fetched(tmp_path, web_server):
    server, requests = web_server
    secret = tmp_path / "secret.txt"
    secret.write_text("CONTENTS-OF-A-PRIVATE-FILE", encoding="utf-8")
    file_url = secret.as_uri()
    data_url = "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="
    brief = (BRIEF + f'summary: "See [the file]({file_url}), [run](javascript:alert(3)), '
                     f'![pixel]({server}/summary.png) and <img src={server}/raw.png>."\n')
    source = f"""\
---
title: "<script>alert(1)</script> headline"
author: "<b>Bold</b> Author"
url: "javascript:alert(2)"
---

[<script>alert(1)</script> was in the page]{{.key}} and
[an image <img src="{file_url}"> and <iframe src="{server}/frame"></iframe>]{{.challenge}};
[see ![x]({server}/image.png) and [a link]({file_url})]{{.question text="Open {file_url} or {data_url}?"}}
[<a href="javascript:alert(4)">Envoy</a>]{{.participant org="<style>@import url({server}/css)</style>"
role="data:image/png;base64,iVBORw0KGgo= {server}/role.png"}}.
"""
    root = make_workspace(tmp_path / "ws", brief, {"a.md": source})
    result = run_process(root, "build", "-f", "all")
    assert result.returncode == 0, result.stderr
    out = root / "out"
    html = (out / f"{STEM}.html").read_text(encoding="utf-8")
    parser = _Elements()
    parser.feed(html)
    for tag, attributes in parser.tags:
        assert tag not in ("script", "img", "iframe", "object", "embed"), (tag, attributes)
        assert "src" not in attributes, (tag, attributes)
        href = unspaced(attributes.get("href", "")).lower()
        assert not href.startswith(("file:", "data:", "javascript:")), (tag, attributes)
    pdf = (out / f"{STEM}.pdf").read_bytes()
    reader = PdfReader(io.BytesIO(pdf))
    assert all(not page.images for page in reader.pages)  # nothing was fetched to embed
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            uri = str(annotation.get_object().get("/A", {}).get("/URI", ""))
            assert not uri.lower().startswith(("file:", "data:", "javascript:")), uri
    docx_data = (out / f"{STEM}.docx").read_bytes()
    assert_valid_docx(docx_data)
    for text in (unspaced(pdf_text(pdf)), unspaced(docx_text(docx_data))):
        for literal in ("<script>alert(1)</script>", "<iframe", f"<imgsrc=\"{file_url}\">", file_url,
                        "javascript:alert(3)", "<b>Bold</b>", data_url):
            assert literal in text, literal
    for path in out.iterdir():
        assert b"CONTENTS-OF-A-PRIVATE-FILE" not in path.read_bytes(), path.name
    assert requests == []


def test_control_characters_keep_the_docx_valid(ws):
    controls = "".join(map(chr, [*range(0x01, 0x0A), *range(0x0B, 0x20), *range(0x7F, 0xA0), 0xFFFE, 0xFFFF]))
    (ws / "sources" / "a.md").write_text(
        f'Headline {controls}\n\n[before {controls} after]{{.key}} and '
        f'[Envoy]{{.participant role="role {controls} end" note="n {controls}"}}\n', encoding="utf-8")
    result = run(ws, "build", "-f", "docx", "-f", "html", "-f", "json")
    assert result.exit_code == 0, result.output
    data = (ws / "out" / f"{STEM}.docx").read_bytes()
    assert_valid_docx(data)
    text = docx_text(data)
    assert re.search(r"before\s*after", text, re.I) and re.search(r"role\s*end", text)  # "Before": a bullet starts with a capital


def test_a_nul_byte_in_a_source_is_a_located_error(ws):
    (ws / "sources" / "a.md").write_bytes(b"Headline\n\n[words \x00 here]{.key}\n")
    result = run(ws, "check")
    assert result.exit_code == 1
    assert one_error(result) == "sources/a.md:3:8: error: this is a binary file, not UTF-8 text"


@pytest.mark.parametrize("escape", ["\\0", "\\a", "\\x1b", "\\ud800"])
def test_yaml_escapes_cannot_put_control_characters_in_the_memo(ws, escape):
    (ws / "brief.yaml").write_text(f'memo:\n  title: "Reliability {escape} check"\n', encoding="utf-8")
    result = run(ws, "build", "-f", "html")
    assert result.exit_code == 1
    assert re.match(r"brief\.yaml:2:10: error: memo\.title: character U\+[0-9A-F]{4} is not allowed",
                    one_error(result))


def test_a_file_name_that_is_not_utf8_is_a_clear_error(ws):
    with open(os.fsencode(ws / "sources") + b"/caf\xe9.md", "wb") as stream:
        stream.write(b"Headline\n\n[words]{.key}\n")
    result = run(ws, "build", "-f", "json")
    assert result.exit_code == 1
    assert "error: this file name is not valid UTF-8 text" in one_error(result)
    assert not (ws / "out").exists()


# ---- huge and deep input -------------------------------------------------------------------------------

def measured(function):
    """What `function` returns or raises, with its CPU time in seconds (which other work on a
    shared machine does not inflate) and peak traced memory in MB."""
    tracemalloc.start()
    started = time.process_time()
    try:
        outcome = function()
    except BriefError as error:
        outcome = error
    seconds = time.process_time() - started
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return outcome, seconds, peak


def article(size: int, every: int) -> str:
    """`size` bytes of paragraphs, with an annotation in one paragraph of `every`."""
    words = ("the talks in Munich will test whether Europe can agree on security guarantees "
             "for Ukraine while Washington presses for a quick settlement ").split()
    paragraphs, total, number = [], 0, 0
    while total < size - 200:
        paragraph = " ".join(words[(number + i) % len(words)] for i in range(90))
        if number % every == 0:
            paragraph += f" [point {number} was made]{{.key}}"
        paragraphs.append(paragraph)
        total += len(paragraph) + 2
        number += 1
    return "Headline\n\n" + "\n\n".join(paragraphs) + "\n"


def test_a_source_over_the_size_limit_fails_at_once_without_being_read_whole(tmp_path):
    root = make_workspace(tmp_path / "ws", sources={"big.md": article(10 * 2**20, every=10)})
    outcome, seconds, peak_mb = measured(lambda: read_workspace(root))
    print(f"10 MB source: {seconds:.2f} s, peak {peak_mb:.1f} MB: {outcome}")
    assert isinstance(outcome, BriefError)
    assert outcome.path == root / "sources" / "big.md"
    assert outcome.message == "this file is larger than 5 MB, the most briefgen reads"
    assert seconds < 2 and peak_mb < 2 * MAX_TEXT_BYTES / 2**20


def test_a_source_just_under_the_size_limit_reads_in_bounded_time_and_memory(tmp_path):
    text = article(MAX_TEXT_BYTES - 1000, every=4)
    root = make_workspace(tmp_path / "ws", sources={"big.md": text})
    outcome, seconds, peak_mb = measured(lambda: build_summary(read_workspace(root)))
    print(f"{len(text.encode()) / 2**20:.1f} MB source: {seconds:.2f} s (traced), peak {peak_mb:.1f} MB")
    summary, _ = outcome
    assert len(summary.key_points) > 2000
    assert seconds < 10 and peak_mb < 40


def test_nesting_past_the_limit_is_a_clear_error_at_once(tmp_path):
    text = "Headline\n\n" + "[" * 1000 + "core" + "]{.key}" * 1000 + "\n"
    outcome, seconds, peak_mb = measured(lambda: parse_annotations(text, Path("deep.md")))
    print(f"1000-deep nesting: {seconds:.3f} s, peak {peak_mb:.2f} MB: {outcome}")
    assert isinstance(outcome, BriefError)
    assert (outcome.line, outcome.column) == (3, MAX_NESTING + 1)
    assert outcome.message == f"more than {MAX_NESTING} '[' open at once: spans nest at most {MAX_NESTING} deep"
    assert seconds < 0.5


def test_the_scanner_is_linear_in_nesting_depth(monkeypatch):
    """Each closing span once copied and sorted every inner span's markup: 5 000 levels
    took some 20 s. With the limit lifted, they now take a fraction of a second."""
    monkeypatch.setattr(briefgen.annotations, "MAX_NESTING", 10**6)
    depth = 5000
    outcome, seconds, peak_mb = measured(
        lambda: parse_annotations("[" * depth + "core" + "]{.key}" * depth, Path("deep.md")))
    print(f"{depth}-deep nesting, no limit: {seconds:.3f} s, peak {peak_mb:.1f} MB")
    assert len(outcome) == depth and all(annotation.quote == "core" for annotation in outcome)
    assert seconds < 2


def test_the_deepest_nesting_allowed_builds(ws):
    (ws / "sources" / "a.md").write_text(
        "Headline\n\n" + "[" * MAX_NESTING + "core" + "]{.key}" * MAX_NESTING + "\n", encoding="utf-8")
    result = run(ws, "build", "-f", "docx", "-f", "json")
    assert result.exit_code == 0, result.output
    assert_valid_docx((ws / "out" / f"{STEM}.docx").read_bytes())


def test_many_code_spans_in_one_long_paragraph_scan_in_linear_time():
    """Each code span once searched to the end of its paragraph for the next blank line."""
    text = "`code` and " * 100_000  # 1.1 MB, one paragraph
    started = time.process_time()
    assert parse_annotations(text, Path("code.md")) == []
    assert time.process_time() - started < 2


def test_more_annotations_than_the_limit_is_a_clear_error():
    text = "Headline\n\n" + "[w]{.key} " * (MAX_ANNOTATIONS + 1)
    with pytest.raises(BriefError) as caught:
        parse_annotations(text, Path("many.md"))
    assert (caught.value.line, caught.value.column) == (3, 10 * MAX_ANNOTATIONS + 1)
    assert caught.value.message == f"more than {MAX_ANNOTATIONS} annotations in one source"


@pytest.mark.parametrize("yaml_text, line", [
    ("memo:\n  title: x\nkey_points: " + "[" * 1000 + "]" * 1000 + "\n", 3),
    ("memo:\n  title: x\nsummary:\n" + "".join("  " * depth + f"k{depth}:\n" for depth in range(1, 1000)), 22),
])
def test_deeply_nested_yaml_is_a_located_error(tmp_path, yaml_text, line):
    path = tmp_path / "brief.yaml"
    path.write_text(yaml_text, encoding="utf-8")
    with pytest.raises(BriefError) as caught:
        read_brief(path)
    assert caught.value.line == line
    assert "nested more than 20 levels deep" in caught.value.message


@pytest.mark.parametrize("separator", ["\u0085", "\u2028", "\u2029"])
def test_yaml_error_places_count_lines_as_editors_do(tmp_path, separator):
    """YAML also ends a line at NEL, LINE and PARAGRAPH SEPARATOR; editors do not."""
    path = tmp_path / "brief.yaml"
    path.write_text(f'memo:\n  title: "a{separator}b"\n  tittle: x\n', encoding="utf-8")
    with pytest.raises(BriefError) as caught:
        read_brief(path)
    assert (caught.value.line, caught.value.column) == (3, 3)


def test_a_deeply_nested_list_of_unplaced_imports_is_only_a_warning(ws):
    (ws / "sources" / "a.md.unanchored.yaml").write_text("marks: " + "[" * 3000 + "]" * 3000, encoding="utf-8")
    result = run(ws, "check")
    assert result.exit_code == 0, result.output
    assert "warning: imported marks could not be placed in source 'a.md'" in result.stderr


@pytest.mark.parametrize("value", ["²", "9" * 5000, "1000"])
def test_max_pages_must_be_a_small_whole_number(tmp_path, value):
    path = tmp_path / "brief.yaml"
    path.write_text(f"memo:\n  title: x\nlayout:\n  max_pages: {value}\n", encoding="utf-8")
    with pytest.raises(BriefError) as caught:
        read_brief(path)
    assert (caught.value.line, caught.value.column) == (4, 14)
    assert "whole number of pages from 1 to 999" in caught.value.message


# ---- faults ---------------------------------------------------------------------------------------------

def test_unwritable_output_folder(ws, monkeypatch):
    """Root ignores permission bits, so the refusal is simulated where the OS gives it:
    opening a new file in out/."""
    before = with_old_outputs(ws)
    out = str(ws / "out")
    real_open = os.open

    def refuse_in_out(path, *args, **kwargs):
        if os.path.dirname(os.fspath(path)) == out:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), path)
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse_in_out)
    result = run(ws, "build", "-f", "docx", "-f", "json")
    assert result.exit_code == 1
    assert one_error(result) == f"out/{STEM}.docx: error: cannot write: Permission denied"
    assert "hint: name a folder you can write to with --output DIR" in result.stderr
    assert contents(ws / "out") == before


def test_disk_full_while_flushing_the_second_file(ws, monkeypatch):
    before = with_old_outputs(ws)
    real_fsync = os.fsync
    calls = []

    def full_on_second(fd):
        calls.append(fd)
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_fsync(fd)

    monkeypatch.setattr(briefgen.output.os, "fsync", full_on_second)
    result = run(ws, "build", "-f", "docx", "-f", "html", "-f", "json")
    assert result.exit_code == 1
    assert one_error(result) == f"out/{STEM}.html: error: cannot write: No space left on device"
    assert contents(ws / "out") == before  # the first file, written in full, was not swapped in either


def test_a_source_deleted_between_listing_and_reading(ws, monkeypatch):
    (ws / "sources" / "b.txt").write_text("Second\n\n[more words]{.key}\n", encoding="utf-8")
    real_read_source = briefgen.workspace.read_source

    def deleted_first(path):
        if path.name == "b.txt":
            path.unlink()
        return real_read_source(path)

    monkeypatch.setattr(briefgen.workspace, "read_source", deleted_first)
    result = run(ws, "build", "-f", "docx")
    assert result.exit_code == 1
    assert one_error(result) == "sources/b.txt: error: cannot read file: No such file or directory"
    assert not (ws / "out").exists()


def test_ctrl_c_while_rendering(ws, monkeypatch):
    before = with_old_outputs(ws)

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(briefgen.render.docx, "render_docx", interrupted)
    result = run(ws, "build", "-f", "json", "-f", "docx")
    assert result.exit_code == 130
    assert result.stderr == "briefgen: interrupted; files in the output folder are as they were\n"
    assert contents(ws / "out") == before


def test_ctrl_c_while_writing_removes_the_temporary_files(ws, monkeypatch):
    before = with_old_outputs(ws)
    real_fsync = os.fsync
    calls = []

    def interrupted_on_second(fd):
        calls.append(fd)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real_fsync(fd)

    monkeypatch.setattr(briefgen.output.os, "fsync", interrupted_on_second)
    result = run(ws, "build", "-f", "docx", "-f", "html", "-f", "json")
    assert result.exit_code == 130
    assert contents(ws / "out") == before


@pytest.mark.parametrize("number, handler_after", [(signal.SIGINT, signal.default_int_handler),
                                                    (signal.SIGTERM, signal.SIG_DFL)])
def test_an_interruption_between_renames_waits_until_every_file_is_in_place(ws, monkeypatch, number,
                                                                           handler_after):
    """Ctrl-C, or SIGTERM, while the outputs are renamed into place: held off until all are in."""
    with_old_outputs(ws)
    real_replace = os.replace

    def interrupt_then_replace(source, target):
        signal.raise_signal(number)
        return real_replace(source, target)

    monkeypatch.setattr(briefgen.output.os, "replace", interrupt_then_replace)
    result = run(ws, "build", "-f", "html", "-f", "json")
    assert result.exit_code == 0, result.output
    out = contents(ws / "out")
    assert not out[f"{STEM}.html"].startswith(b"earlier") and not out[f"{STEM}.json"].startswith(b"earlier")
    assert signal.getsignal(number) is handler_after


def has_loaded(pid: int, library: str) -> bool:
    try:
        return library in Path(f"/proc/{pid}/maps").read_text()
    except OSError:  # the process has just ended
        return False


def test_concurrent_builds_never_leave_a_corrupt_mixed_or_temporary_file(tmp_path):
    """Four builds of one workspace at once, three rounds, while this test reads out/:
    every file it sees is whole and the same as a single build's."""
    root = make_workspace(tmp_path / "ws")
    command = [sys.executable, "-m", "briefgen", "-C", str(root), "build", "-f", "docx", "-f", "json"]
    assert subprocess.run(command, capture_output=True, timeout=120, env=process_env()).returncode == 0
    expected = contents(root / "out")
    assert sorted(expected) == [f"{STEM}.docx", f"{STEM}.json"]
    assert_valid_docx(expected[f"{STEM}.docx"])
    reads = 0
    for _ in range(2):  # rounds of four builds at once
        processes = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=process_env())
                     for _ in range(4)]
        while any(process.poll() is None for process in processes):
            for name, data in expected.items():
                try:
                    seen = (root / "out" / name).read_bytes()
                except FileNotFoundError:  # never: a rename replaces the file in one step
                    pytest.fail(f"{name} was missing during a build")
                assert seen == data, name
                reads += 1
        for process in processes:
            _, stderr = process.communicate()
            assert process.returncode == 0, stderr.decode()
        assert contents(root / "out") == expected  # no temporary file left behind
    print(f"concurrent builds: 3 rounds of 4, {reads} reads of out/ during them, all whole and identical")


def without_pango(monkeypatch) -> None:
    """`import weasyprint` fails as it does when Pango cannot be loaded."""
    real_import = builtins.__import__

    def import_without_pango(name, *args, **kwargs):
        if name == "weasyprint" or name.startswith("weasyprint."):
            raise OSError("cannot load library 'libpango-1.0-0': libpango-1.0-0: cannot open shared object file: "
                          "No such file or directory")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", import_without_pango)


def test_without_pango_the_pdf_names_the_packages_and_the_docx_still_builds(ws, monkeypatch):
    without_pango(monkeypatch)
    result = run(ws, "build", "-f", "pdf")
    assert result.exit_code == 1
    assert one_error(result) == "briefgen: error: cannot make a PDF: WeasyPrint could not load Pango"
    assert "apt-get install libpango-1.0-0" in result.stderr
    assert not (ws / "out").exists()
    result = run(ws, "build")  # pdf and docx: all or nothing
    assert result.exit_code == 1 and not (ws / "out").exists()
    result = run(ws, "build", "-f", "docx")
    assert result.exit_code == 0, result.output
    assert_valid_docx((ws / "out" / f"{STEM}.docx").read_bytes())


def test_deeply_nested_workspace_theme_is_a_located_error_not_a_crash(tmp_path):
    from click.testing import CliRunner

    from briefgen.cli import main

    CliRunner().invoke(main, ["init", str(tmp_path)])
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "theme.yaml").write_text("fonts: " + "[" * 500 + "]" * 500 + "\n")
    result = CliRunner().invoke(main, ["-C", str(tmp_path), "build", "--format", "docx"])
    assert result.exit_code == 1
    assert "theme.yaml:1:" in result.stderr and "nested more than" in result.stderr
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").glob("*.docx"))
