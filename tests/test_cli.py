"""The command line: every command, exit statuses, and for every kind of bad input one
`path:line:col: error: ...` line, exit status 1, no traceback and nothing written."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefgen import __version__
from briefgen.cli import main

TITLE = "US–European talks on ending the war in Ukraine"
STEM = "2025-02-11-us-european-talks-on-ending-the-war-in-ukraine"

BRIEF = f"""\
memo:
  title: "{TITLE}"
  date: 2025-02-11
  to: The Secretary
open_questions:
  - text: "Can the call be confirmed?"
"""

SOURCE_A = """\
---
title: "US officials head to Europe"
outlet: "Wire"
author: "A. Writer"
date: 2025-02-10
url: "https://example.org/a"
---

[Mike Waltz]{.participant role="National Security Advisor" org="United States"} said
[talks start this week]{.key text="Talks start this week."} before
[the Munich Security Conference]{.agenda when="2025-02-14 to 2025-02-16" where=Munich who="JD Vance"}.
"""

SOURCE_B = """\
Officials urge European participation

[mike  waltz]{.participant role="Secretary of State"} spoke of
[burden sharing]{.challenge text="Burden sharing with Europe"} and
[whether Russia will negotiate]{.question text="Will Russia negotiate?"}.
"""


def write_workspace(root: Path, brief: str = BRIEF, sources: dict[str, str | bytes] | None = None) -> Path:
    (root / "sources").mkdir(parents=True, exist_ok=True)
    (root / "brief.yaml").write_text(brief, encoding="utf-8")
    for name, content in (sources if sources is not None else {"a.md": SOURCE_A, "b.txt": SOURCE_B}).items():
        path = root / "sources" / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


@pytest.fixture
def ws(tmp_path, monkeypatch) -> Path:
    """A good workspace, and the current folder, as an analyst works."""
    root = write_workspace(tmp_path / "ws")
    monkeypatch.chdir(root)
    return root


def run(ws: Path, *args: str):
    return CliRunner().invoke(main, ["-C", str(ws), *args])


def out_state(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


# ---- version, help, usage errors ----------------------------------------------------------------

def test_version():
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0
    assert __version__ in result.output and "briefgen" in result.output


@pytest.mark.parametrize("command", [[], ["init"], ["check"], ["build"], ["show"]])
@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_help_on_every_command(command, flag):
    result = CliRunner().invoke(main, [*command, flag])
    assert result.exit_code == 0
    assert "Usage:" in result.output
    if not command:
        for name in ("init", "check", "build", "show"):
            assert name in result.output


@pytest.mark.parametrize("args", [
    ["--bogus"], ["build", "--bogus"], ["build", "--format", "rtf"], ["build", "--paper", "legal"],
    ["frobnicate"], ["show", "extra"], ["-C", "/no/such/folder", "check"]])
def test_usage_errors_exit_2(ws, args):
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert "Usage:" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


# ---- init ----------------------------------------------------------------------------------------

def test_init_makes_a_workspace_that_check_passes(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["init", "new"])
    assert result.exit_code == 0, result.output
    assert "wrote new/brief.yaml" in result.output and "wrote new/sources/example.md" in result.output
    checked = CliRunner().invoke(main, ["-C", "new", "check"])
    assert checked.exit_code == 0, checked.output
    assert "1 sources, 5 annotations" in checked.stdout and checked.stderr == ""


def test_init_brief_commented_keys_work_when_uncommented(tmp_path):
    """Every key the commented brief.yaml offers is one the reader takes: uncommented,
    as an action memo, it checks and builds."""
    import re

    assert CliRunner().invoke(main, ["init", str(tmp_path / "new")]).exit_code == 0
    brief = tmp_path / "new" / "brief.yaml"
    text = brief.read_text(encoding="utf-8").replace("form: briefing", "form: action")
    text = text.replace("classification: UNCLASSIFIED", "classification: CONFIDENTIAL")
    # a commented key or list entry (not prose): "# key: ..." or "#   - ..."
    text = re.sub(r"^(\s*)# (?=[a-z_]+:|  - |    options:)", r"\1", text, flags=re.M)
    text = text.replace("decision_by: YYYY-MM-DD", "")
    brief.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["-C", str(tmp_path / "new"), "build", "-f", "json", "-f", "docx"])
    assert result.exit_code == 0, result.output
    model = json.loads(next((tmp_path / "new" / "out").glob("*.json")).read_text(encoding="utf-8"))
    assert model["memo"]["form"] == "action" and model["memo"]["handling"] == "NOFORN"
    assert [r["options"] for r in model["recommendations"]] == [["Approve", "Disapprove"]]
    assert model["talking_points"] and model["memo"]["cleared_by"] and model["memo"]["attachments"]


def test_check_names_the_form_and_marking_and_counts_recommendations():
    result = CliRunner().invoke(main, ["-C", str(Path(__file__).parent / "fixtures" / "action-memo"), "check"])
    assert result.exit_code == 0, result.output
    assert "  action memo, CONFIDENTIAL//NOFORN\n" in result.stdout
    assert re.search(r"^\s+2 recommendations$", result.stdout, re.M)
    assert re.search(r"^\s+3 talking points$", result.stdout, re.M)


def test_init_in_the_current_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(main, ["init"]).exit_code == 0
    assert (tmp_path / "brief.yaml").is_file()
    assert CliRunner().invoke(main, ["check"]).exit_code == 0


def test_init_refuses_to_overwrite_a_brief(ws):
    before = (ws / "brief.yaml").read_bytes()
    result = CliRunner().invoke(main, ["init", str(ws)])
    assert result.exit_code == 1
    assert "brief.yaml: error: " in result.stderr and "already exists" in result.stderr
    assert (ws / "brief.yaml").read_bytes() == before
    assert not (ws / "sources" / "example.md").exists()


# ---- check and show -------------------------------------------------------------------------------

def test_check_prints_counts_and_warnings(ws):
    (ws / "sources" / "notes.docx").write_bytes(b"PK\x03\x04")
    result = run(ws, "check")
    assert result.exit_code == 0, result.output
    assert "2 sources, 6 annotations" in result.stdout
    counts = dict((label, int(n)) for n, label in re.findall(r"^\s+(\d+) (.+)$", result.stdout, re.M))
    assert counts == {"key points": 1, "participants": 1, "agenda items": 1, "challenges": 1,
                      "open questions": 2, "talking points": 0}
    assert result.stdout.rstrip().endswith("ok")
    warnings = result.stderr.splitlines()
    assert len(warnings) == 2
    assert any(w.startswith("sources/notes.docx:1:1: warning: ignored") for w in warnings)
    [conflict] = [w for w in warnings if "role" in w]
    assert conflict.startswith("sources/b.txt:3:1: warning: ")
    assert "sources/a.md:9:1" in conflict and "sources/b.txt:3:1" in conflict


def test_check_finds_the_workspace_from_a_subfolder(ws, monkeypatch):
    monkeypatch.chdir(ws / "sources")
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 0, result.output
    assert "2 sources" in result.stdout


def test_no_workspace_found(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 1
    assert result.stderr.startswith("briefgen: error: no brief.yaml")
    assert "briefgen init" in result.stderr


def test_named_folder_without_a_brief(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "empty").mkdir()
    result = CliRunner().invoke(main, ["-C", "empty", "check"])
    assert result.exit_code == 1
    assert result.stderr.startswith("empty: error: no brief.yaml")


def test_show_prints_the_memo_content(ws):
    result = run(ws, "show")
    assert result.exit_code == 0, result.output
    for words in ("Talks start this week.", "Mike Waltz", "National Security Advisor", "Munich",
                  "Burden sharing with Europe", "Will Russia negotiate?", "Can the call be confirmed?"):
        assert words in result.stdout


def test_show_json_is_the_summary_model(ws):
    result = run(ws, "show", "--json")
    assert result.exit_code == 0, result.output
    model = json.loads(result.stdout)
    # SPEC §7 added recommendations (action memos) and talking_points to the model
    assert list(model) == ["memo", "summary", "recommendations", "key_points", "participants", "agenda",
                           "challenges", "open_questions", "talking_points", "sources"]
    assert model["memo"]["title"] == TITLE and model["memo"]["date"] == "2025-02-11"
    [person] = model["participants"]
    assert person["name"] == "Mike Waltz"
    assert person["citations"] == [
        {"source": "a", "line": 9, "column": 1, "quote": "Mike Waltz"},
        {"source": "b", "line": 3, "column": 1, "quote": "mike waltz"}]
    for section in ("key_points", "participants", "agenda", "challenges", "open_questions"):
        for item in model[section]:
            for citation in item["citations"]:
                assert set(citation) == {"source", "line", "column", "quote"}
    assert model["open_questions"][0]["citations"] == []  # from brief.yaml
    assert model["agenda"][0]["when"]["start"] == "2025-02-14"
    assert model["sources"] == [
        {"id": "a", "number": 1, "title": "US officials head to Europe", "outlet": "Wire", "author": "A. Writer",
         "date": "2025-02-10", "url": "https://example.org/a"},
        {"id": "b", "number": 2, "title": "Officials urge European participation", "outlet": "", "author": "",
         "date": None, "url": ""}]


# ---- build -------------------------------------------------------------------------------------

def test_build_json_is_named_from_date_and_title(ws):
    result = run(ws, "build", "--format", "json")
    assert result.exit_code == 0, result.output
    target = ws / "out" / f"{STEM}.json"
    assert out_state(ws / "out") == {target.name: target.read_bytes()}
    assert f"wrote out/{STEM}.json" in result.stdout
    assert json.loads(target.read_text(encoding="utf-8")) == json.loads(run(ws, "show", "--json").stdout)


def test_build_replaces_an_earlier_file_and_keeps_others(ws):
    out = ws / "out"
    out.mkdir()
    (out / f"{STEM}.json").write_text("old", encoding="utf-8")
    (out / "unrelated.txt").write_text("keep me", encoding="utf-8")
    assert run(ws, "build", "--format", "json").exit_code == 0
    assert (out / "unrelated.txt").read_text(encoding="utf-8") == "keep me"
    assert json.loads((out / f"{STEM}.json").read_text(encoding="utf-8"))["memo"]["title"] == TITLE
    assert sorted(p.name for p in out.iterdir()) == [f"{STEM}.json", "unrelated.txt"]  # no temporary left


@pytest.mark.parametrize("relative", [False, True])
def test_build_output_folder(ws, tmp_path, relative):
    folder = Path("elsewhere/memos") if relative else tmp_path / "elsewhere" / "memos"
    result = run(ws, "build", "--format", "json", "--output", str(folder))
    assert result.exit_code == 0, result.output
    written = (ws / folder) if relative else folder  # relative to the current folder
    assert [p.name for p in written.iterdir()] == [f"{STEM}.json"]
    assert not (ws / "out").exists()


def test_build_html_and_json_together(ws):
    result = run(ws, "build", "-f", "json", "-f", "html")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (ws / "out").iterdir()) == [f"{STEM}.html", f"{STEM}.json"]


def test_output_under_a_file_is_a_clear_error(ws):
    (ws / "somefile").write_text("in the way", encoding="utf-8")
    result = run(ws, "build", "--format", "json", "--output", "somefile/out")
    assert result.exit_code == 1
    [error] = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert error.startswith("somefile/out: error: cannot create the output folder: somefile is a file")
    assert "Traceback" not in result.output
    assert (ws / "somefile").read_text(encoding="utf-8") == "in the way"


def test_failure_while_writing_leaves_out_as_it_was(ws, monkeypatch):
    """A full disk on the second file: the first is not swapped in either, and no
    temporary file is left behind."""
    import errno
    import tempfile

    out = ws / "out"
    out.mkdir()
    (out / f"{STEM}.html").write_text("old html", encoding="utf-8")
    (out / f"{STEM}.json").write_text("old json", encoding="utf-8")
    before = out_state(out)
    real_mkstemp = tempfile.mkstemp
    calls = []

    def disk_full_on_second(*args, **kwargs):
        calls.append(kwargs.get("prefix"))
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_mkstemp(*args, **kwargs)

    monkeypatch.setattr(tempfile, "mkstemp", disk_full_on_second)
    result = run(ws, "build", "-f", "html", "-f", "json")
    assert result.exit_code == 1
    assert len(calls) == 2
    [error] = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert re.match(rf"out/{STEM}\.\w+: error: cannot write: No space left on device", error), error
    assert out_state(out) == before


def test_unwritable_output_folder_is_a_clear_error(ws, monkeypatch):
    """Permission bits do not stop root, so the refusal is simulated where the OS gives it."""
    import briefgen.output

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    locked = ws / "locked"
    locked.mkdir()
    monkeypatch.setattr(briefgen.output.tempfile, "mkstemp", refuse)
    result = run(ws, "build", "--format", "json", "--output", "locked")
    assert result.exit_code == 1
    [error] = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert error.startswith(f"locked/{STEM}.json: error: cannot write: Permission denied"), error
    assert list(locked.iterdir()) == []


# ---- every bad input: one located error, exit 1, nothing written ----------------------------------

def brief_with(memo_lines: str) -> str:
    return f'memo:\n  title: "{TITLE}"\n{memo_lines}'


BAD_INPUTS = {
    "yaml syntax": ({"brief": brief_with("  to: a: b\n")}, "brief.yaml:3:8", "YAML error"),
    "yaml unclosed quote": ({"brief": 'memo:\n  title: "US talks\n  to: me\n\nsummary: x\n'},
                            "brief.yaml:2:10", "never closed"),
    "unknown brief key": ({"brief": brief_with("  tittle: x\n")}, "brief.yaml:3:3", "unknown key 'tittle'"),
    "missing memo.title": ({"brief": "memo:\n  to: The Secretary\n"}, "brief.yaml:2:3", "memo.title is required"),
    "bad memo.date": ({"brief": brief_with("  date: 2025-02-30\n")}, "brief.yaml:3:9", "not a valid date"),
    "bad brief agenda when": ({"brief": brief_with("agenda:\n  - {item: Talks, when: 2025-02-30}\n")},
                              "brief.yaml:4:25", "not a valid date"),
    "unknown kind": ({"a.md": "T\n\nSome [words]{.keypoint}\n"}, "sources/a.md:3:14", "unknown kind .keypoint"),
    "unterminated span": ({"a.md": "T\n\nSome [words never closed\n\nNext paragraph.\n"},
                          "sources/a.md:3:6", "unterminated span"),
    "unterminated attribute block": ({"a.md": 'T\n[words]{.key text="x"\n\nNext paragraph.\n'},
                                     "sources/a.md:2:8", "unterminated attribute block"),
    "unclosed quoted value": ({"a.md": 'T\n[words]{.key text="open\nmore\nand more\nand more at the end\n'},
                              "sources/a.md:2:19", "unterminated quoted value"),
    "unknown attribute": ({"a.md": "T\n[Waltz]{.participant rank=General}\n"},
                          "sources/a.md:2:22", "unknown attribute 'rank'"),
    "attribute without value": ({"a.md": "T\n[Waltz]{.participant role}\n"},
                                "sources/a.md:2:22", "attribute 'role' has no value"),
    "bad attribute character": ({"a.md": 'T\n[Waltz]{.participant role="NSA", org=US}\n'},
                                "sources/a.md:2:32", "unexpected ','"),
    "attribute block without a span": ({"a.md": "T\nWaltz {.participant}\n"},
                                       "sources/a.md:2:7", "not attached"),
    "bad agenda when in a source": ({"a.md": 'T\n[talks]{.agenda when="2025-02-30"}\n'},
                                    "sources/a.md:2:22", "not a valid date"),
    "non-UTF-8 source": ({"a.md": b"Title\nCaf\xe9 au lait\n"}, "sources/a.md:2:4", "not valid UTF-8"),
    "binary source": ({"a.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"}, "sources/a.txt:3:1", "binary file"),
    "unclosed front matter": ({"a.md": "---\ntitle: T\n\n[words]{.key}\n"}, "sources/a.md:1:1", "never closed"),
    "front matter yaml error": ({"a.md": "---\ntitle: T\nauthor: a: b\n---\n"}, "sources/a.md:3:10", "YAML error"),
    "front matter unknown key": ({"a.md": "---\ntitle: T\nsource: X\n---\n"}, "sources/a.md:3:1",
                                 "unknown key 'source'"),
    "missing front matter title": ({"a.md": "---\noutlet: Wire\n---\nBody\n"}, "sources/a.md:2:1",
                                   "title (in front matter) is required"),
    "bad front matter date": ({"a.md": "---\ntitle: T\ndate: tomorrow\n---\n"}, "sources/a.md:3:7",
                              "not a valid date"),
}


@pytest.mark.parametrize("case", list(BAD_INPUTS))
def test_bad_input_is_one_located_error_and_writes_nothing(tmp_path, monkeypatch, case):
    files, where, what = BAD_INPUTS[case]
    files = dict(files)
    brief = files.pop("brief", BRIEF)
    root = write_workspace(tmp_path / "ws", brief, {"0-good.md": SOURCE_A, **files})
    out = root / "out"
    out.mkdir()
    (out / "old.pdf").write_bytes(b"%PDF-1.7 an earlier memo")
    before = out_state(out)
    monkeypatch.chdir(root)

    result = CliRunner().invoke(main, ["-C", str(root), "build", "--format", "json"])

    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    assert result.stdout == ""
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert len(errors) == 1, result.stderr
    assert result.stderr.splitlines()[0] == errors[0]
    assert errors[0].startswith(f"{where}: error: "), errors[0]
    assert what in errors[0]
    assert all(line.startswith("  hint: ") for line in result.stderr.splitlines()[1:])
    assert out_state(out) == before


@pytest.mark.parametrize("command", [["check"], ["show"], ["show", "--json"]])
def test_every_command_reports_bad_input_the_same_way(tmp_path, monkeypatch, command):
    root = write_workspace(tmp_path / "ws", sources={"a.md": "T\n[words]{.kye}\n"})
    monkeypatch.chdir(root)
    result = CliRunner().invoke(main, ["-C", str(root), *command])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith("sources/a.md:2:9: error: unknown kind .kye\n  hint: did you mean .key?")


def test_error_path_is_relative_to_the_current_folder(tmp_path, monkeypatch):
    root = write_workspace(tmp_path / "ws", sources={"a.md": "T\n[words]{.kye}\n"})
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["-C", "ws", "check"])
    assert result.stderr.startswith("ws/sources/a.md:2:9: error: ")


# ---- real processes: exit statuses and no traceback -------------------------------------------------

def briefgen(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "briefgen", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=60)


def test_process_version_and_usage_error(tmp_path):
    version = briefgen("--version", cwd=tmp_path)
    assert version.returncode == 0 and __version__ in version.stdout
    usage = briefgen("build", "--format", "rtf", cwd=tmp_path)
    assert usage.returncode == 2
    assert "Traceback" not in usage.stderr and "Usage:" in usage.stderr


def test_process_bad_input_exit_1_without_traceback(tmp_path):
    root = write_workspace(tmp_path / "ws", sources={"a.md": 'T\n[w]{.key text="open\nline\nline\n'})
    result = briefgen("build", "--format", "json", cwd=root)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("sources/a.md:2:15: error: unterminated quoted value")
    assert not (root / "out").exists()


def test_process_build_json(tmp_path):
    root = write_workspace(tmp_path / "ws")
    result = briefgen("build", "--format", "json", cwd=root / "sources")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    model = json.loads((root / "out" / f"{STEM}.json").read_text(encoding="utf-8"))
    assert [s["id"] for s in model["sources"]] == ["a", "b"]


def test_build_warns_when_the_pdf_runs_past_max_pages(tmp_path):
    brief = (f'memo:\n  title: "{TITLE}"\n  date: 2025-02-11\n'
             "key_points:\n" + "".join(f"  - text: point number {i} " + "words " * 40 + "\n" for i in range(40))
             + "layout:\n  max_pages: 1\n")
    root = write_workspace(tmp_path / "ws", brief, {})
    result = run(root, "build", "--format", "pdf")
    assert result.exit_code == 0, result.stderr
    assert re.search(r"warning: the memo runs to \d+ pages, more than layout.max_pages \(1\)", result.stderr)
    assert (root / "out" / f"{STEM}.pdf").is_file()
