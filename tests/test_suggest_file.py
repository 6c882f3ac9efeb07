"""briefgen suggest on files: the printed lines, --write (the source's bytes kept, the
spans added so that the result parses), idempotence, suggested files skipped by the
workspace, hostile input (the same errors and limits as `check`), and never imported
by a build. The heuristics themselves are tested in tests/test_suggest.py."""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from briefgen.annotations import parse_annotations
from briefgen.cli import main
from briefgen.suggest.source import _Source, suggest_file
from briefgen.workspace import MAX_TEXT_BYTES

REPOSITORY = Path(__file__).resolve().parent.parent

ARTICLE = """---
title: "Allies meet in Munich"
date: 2025-02-11
---

Secretary of State Marco Rubio will attend [the Munich Security Conference later this week]{.agenda}, US officials said.
Rubio met Japan's finance minister, Aiko Tanaka, on Monday.

[Ukrainian President Volodymyr Zelenskyy]{.key} is expected at a summit in Paris on Feb. 17.
"""


def workspace(root: Path, sources: dict[str, str | bytes]) -> Path:
    (root / "sources").mkdir(parents=True)
    (root / "brief.yaml").write_text('memo:\n  title: "Test"\n  date: 2025-02-11\n', encoding="utf-8")
    for name, content in sources.items():
        path = root / "sources" / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", newline="")
    return root


def run(root: Path, *args: str):
    return CliRunner().invoke(main, ["-C", str(root), *args])


def without_added(written: Path, original: Path) -> str:
    """The written file's text (as `check` reads it) with the spans suggest added taken
    out: the spans not in the original, found by their words' place and kind."""
    before = _Source(original)
    after = _Source(written)
    assert after.plain == before.plain
    existing = {}
    for start, end, kind in before.spans():
        existing[(start, end, kind)] = existing.get((start, end, kind), 0) + 1
    removed = []
    for (open_at, close_at, block_end), (start, end, kind) in zip(after.markup.spans, after.spans()):
        if existing.get((start, end, kind)):
            existing[(start, end, kind)] -= 1
        else:
            removed += [(open_at, open_at + 1), (close_at, block_end)]
    body = after.body
    for start, end in sorted(removed, reverse=True):
        body = body[:start] + body[end:]
    return after.text[:after.body_start] + body


# ---- the printed lines -------------------------------------------------------------------------

def test_prints_one_line_a_proposal_at_its_place(tmp_path, monkeypatch):
    root = workspace(tmp_path / "w", {"a.md": ARTICLE})
    monkeypatch.chdir(root)
    result = CliRunner().invoke(main, ["suggest", "sources/a.md", "--kinds", "participant,agenda"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert 'sources/a.md:6:20: participant: "Marco Rubio" role="Secretary of State" org="United States"' in lines
    assert 'sources/a.md:7:1: participant: "Rubio" name="Marco Rubio"' in lines
    assert 'sources/a.md:7:37: participant: "Aiko Tanaka" role="Finance Minister" org="Japan"' in lines
    # inside an existing span of another kind: proposed, to nest in it
    assert 'sources/a.md:9:22: participant: "Volodymyr Zelenskyy" role="President" org="Ukraine"' in lines
    # the column counts the markup before it, as `check` does
    assert ('sources/a.md:9:64: agenda: "a summit in Paris on Feb. 17" item="Summit" when="2025-02-17" '
            'where="Paris"') in lines
    # never proposed twice: the agenda span the source has
    assert not any("Munich Security Conference" in line and ": agenda:" in line for line in lines)
    assert not (root / "sources" / "a.suggested.md").exists()


def test_kinds_are_checked(tmp_path):
    root = workspace(tmp_path / "w", {"a.md": ARTICLE})
    result = run(root, "suggest", str(root / "sources" / "a.md"), "--kinds", "participant,people")
    assert result.exit_code == 2
    assert "unknown kind 'people'" in result.output


def test_a_file_that_is_not_a_source(tmp_path):
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.7")
    result = CliRunner().invoke(main, ["suggest", str(tmp_path / "notes.pdf")])
    assert result.exit_code == 1
    assert "error: notes.pdf is not a .md or .txt source" in result.output


# ---- --write ----------------------------------------------------------------------------------------

def test_write_adds_spans_and_changes_nothing_else(tmp_path):
    root = workspace(tmp_path / "w", {"a.md": ARTICLE})
    source = root / "sources" / "a.md"
    before = source.read_bytes()
    result = run(root, "suggest", "--write", str(source))
    assert result.exit_code == 0, result.output
    written = root / "sources" / "a.suggested.md"
    assert source.read_bytes() == before  # the source itself is never modified
    assert "wrote " in result.output and "a.suggested.md" in result.output
    text = written.read_text(encoding="utf-8")
    assert "[Marco Rubio]{.participant role=\"Secretary of State\" org=\"United States\"}" in text
    assert "[[Ukrainian President [Volodymyr Zelenskyy]{.participant" in text or \
        "[Ukrainian President [Volodymyr Zelenskyy]{.participant" in text
    assert without_added(written, source) == before.decode("utf-8")
    annotations = parse_annotations(text.split("---\n", 2)[2], written)
    assert len(annotations) == 2 + len(suggest_file(source).suggestions)


def test_suggesting_on_a_suggested_file_proposes_nothing_new(tmp_path):
    root = workspace(tmp_path / "w", {"a.md": ARTICLE})
    assert run(root, "suggest", "--write", str(root / "sources" / "a.md")).exit_code == 0
    written = root / "sources" / "a.suggested.md"
    first = written.read_bytes()
    again = run(root, "suggest", "--write", str(written))
    assert again.exit_code == 0
    assert "nothing new to suggest" in again.output
    assert ": participant:" not in again.output and ": agenda:" not in again.output
    assert written.read_bytes() == first


def test_line_endings_and_byte_order_mark_are_kept(tmp_path):
    crlf = ("\ufeff" + ARTICLE).replace("\n", "\r\n")
    root = workspace(tmp_path / "w", {"a.md": crlf})
    assert run(root, "suggest", "--write", str(root / "sources" / "a.md")).exit_code == 0
    raw = (root / "sources" / "a.suggested.md").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf---\r\n")
    assert raw.count(b"\r\n") == crlf.count("\r\n") and raw.count(b"\n") == raw.count(b"\r\n")
    assert without_added(root / "sources" / "a.suggested.md", root / "sources" / "a.md") == \
        ARTICLE  # as `check` reads both


def test_a_txt_source_gets_a_suggested_md_read_as_the_txt_is(tmp_path):
    text = "Ministers gather in Tromsø\n\nForeign Minister Maria Lindqvist said talks in Tromsø on 12 May would be hard.\n"
    root = workspace(tmp_path / "w", {"b.txt": text})
    result = run(root, "suggest", "--write", str(root / "sources" / "b.txt"))
    assert result.exit_code == 0
    written = root / "sources" / "b.suggested.md"
    assert "mv " in result.output and "b.txt" in result.output
    assert without_added(written, root / "sources" / "b.txt") == text
    # no front matter: the title is still the first line, as for the .txt
    from briefgen.workspace import read_source
    assert read_source(written).meta.title == read_source(root / "sources" / "b.txt").meta.title


def test_the_workspace_skips_suggested_files_and_says_how_to_accept_them(tmp_path):
    root = workspace(tmp_path / "w", {"a.md": ARTICLE, "b.txt": "Title\n\nWords.\n"})
    assert run(root, "suggest", "--write", str(root / "sources" / "a.md")).exit_code == 0
    (root / "sources" / "b.suggested.md").write_text("Title\n\n[Words]{.key}.\n")
    result = CliRunner().invoke(main, ["-C", str(root), "check"])
    assert result.exit_code == 0, result.output
    assert "2 sources, 2 annotations" in result.output  # a.md's own two: none repeated
    assert "warning: ignored: a.suggested.md holds suggested annotations for a.md" in result.output
    assert "mv sources/a.suggested.md sources/a.md" in result.output
    assert "mv sources/b.suggested.md sources/b.txt" in result.output


# ---- hostile input: what `check` says, where it says it ------------------------------------------------

@pytest.mark.parametrize("content", [
    b"Title\n\nA NUL \x00 byte.\n",
    "Title\n\nUTF-16\n".encode("utf-16"),
    b"Title\n\nLatin-1 \xe9t\xe9\n",
    b"Title\n\n[unterminated span\n\nmore\n",
    b"Title\n\n[words]{.participant rank=3}\n",
    b"---\ntitle: x\ndate: 2025-02-30\n---\nWords.\n",
    b"---\ntitle: [unclosed\n---\n",
])
def test_bad_sources_give_the_error_check_gives(tmp_path, monkeypatch, content):
    root = workspace(tmp_path / "w", {"a.md": content})
    monkeypatch.chdir(root)
    checked = CliRunner().invoke(main, ["check"])
    suggested = CliRunner().invoke(main, ["suggest", "--write", "sources/a.md"])
    assert checked.exit_code == suggested.exit_code == 1
    error = checked.output.splitlines()[0]
    assert error.startswith("sources/a.md") and ": error: " in error
    assert suggested.output.splitlines()[0] == error
    assert "Traceback" not in suggested.output
    assert not (root / "sources" / "a.suggested.md").exists()


def test_a_file_over_the_size_limit(tmp_path, monkeypatch):
    root = workspace(tmp_path / "w", {"a.md": b"x" * (MAX_TEXT_BYTES + 1)})
    monkeypatch.chdir(root)
    result = CliRunner().invoke(main, ["suggest", "sources/a.md"])
    assert result.exit_code == 1
    assert "larger than 5 MB" in result.output


@pytest.mark.parametrize("name, text, limit", [
    ("one megabyte on one line", "word Word said " * 70_000, 20),
    ("a 50 000-character word", "a" * 50_000 + " Minister " + "B" * 50_000 + " said.", 5),
    ("5 000 capitalised words", " ".join(("Alpha", "Minister", "Summit", "March", "Paris", "Bravo")[i % 6]
                                          for i in range(5_000)) + " said on 3 March.", 5),
    ("5 000 titles in a row", "Minister " * 5_000 + "Hanno Pevkur said.", 5),
    ("dense dates and events", "a meeting in Paris on 12 May, 2025 later this week " * 10_000, 20),
    ("scheduled events and new date forms", ("will host a fresh round of talks hosted by the EU's minister at 19:00 on "
                                             "the 12th, gather in Brussels next Thursday and Friday for a two-day "
                                             "ministerial, which meets over the weekend ") * 1_000, 5),
    ("a week-ahead schedule", "**Monday 10 November**\n- 10:00 — Security Council open debate, Geneva\n" * 2_000, 5),
    ("lists, parentheses and counterparts", ("Ministers Jane Roe, John Doe and Ali Mohamed (AU Bank) argued; his "
                                             "Argentine counterpart, Ana Paz, of the IMF said Koo Yun-cheol, a "
                                             "Pakistani security analyst, led by Dato' Seri H.A. Hellyer ") * 5_000, 5),
    ("a name list without end", "Ministers " + "Jane Roe, " * 50_000 + "said.", 5),
])
def test_hostile_text_takes_seconds(tmp_path, name, text, limit):
    path = tmp_path / "a.md"
    path.write_text(text)
    started = time.perf_counter()
    suggest_file(path)
    assert time.perf_counter() - started < limit, name


# ---- the property: whatever the source, the written file parses and strips back ----------------------------

FRAGMENTS = [
    "Secretary of State Marco Rubio", " said", " Rubio", " met ", "Japan's finance minister, Aiko Tanaka,",
    " a summit in Paris on Feb. 17", " talks later this week", "Mike Waltz, the national security adviser,",
    " ", "\n", "\n\n", ".", ",", "[", "]", "`", "``", "\\", "\\[", "{", "}", "\r\n", "\t", "é", "王文涛 said",
    "[Marco Rubio]{.participant}", "[the summit]{.agenda when=\"2025-02-17\"}", "[[Waltz]{.participant} said]{.key}",
    "[talks]{.key text=\"a \\\"quoted\\\" point\"}", "[x](http://example.org)", "```\n[code]\n```\n",
    "`[code]{.key}`", "- Sherpa meeting, 2 March\n", "# Heading\n", " Hanno Pevkur", "Estonian Defence Minister",
]


@settings(max_examples=max(settings.default.max_examples, 60))
@given(st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=8), max_size=30),
       st.sampled_from(["", "---\ntitle: t\ndate: 2025-02-11\n---\n", "\ufeff"]))
def test_written_files_parse_and_strip_back_to_the_source(pieces, front):
    text = front + "".join(pieces)
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "a.md"
        source.write_text(text, encoding="utf-8", newline="")
        try:
            _Source(source)
        except Exception as error:  # the source itself is bad: suggest says what check says
            from briefgen.errors import BriefError
            assert isinstance(error, BriefError)
            return
        result = suggest_file(source)
        written = Path(folder) / "a.suggested.md"
        written.write_bytes(result.text)
        read = _Source(written)  # parses
        assert len(read.markup.annotations) == len(_Source(source).markup.annotations) + len(result.suggestions)
        normalised = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
        assert without_added(written, source) == normalised
        again = suggest_file(written)
        assert again.suggestions == []  # idempotent


# ---- never imported by a build ------------------------------------------------------------------------

def test_building_and_checking_do_not_import_suggest(tmp_path):
    program = (
        "import sys\n"
        "from briefgen.cli import main\n"
        f"main(['-C', {str(REPOSITORY)!r}, 'build', '-f', 'json', '-o', {str(tmp_path)!r}], standalone_mode=False)\n"
        f"main(['-C', {str(REPOSITORY)!r}, 'check'], standalone_mode=False)\n"
        "assert 'briefgen.suggest' not in sys.modules, sorted(sys.modules)\n"
    )
    completed = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=120)
    assert completed.returncode == 0, completed.stderr


def test_attribute_values_with_quotes_and_backslashes_are_escaped_and_read_back(tmp_path, monkeypatch):
    from briefgen.suggest import Proposal, source as driver

    path = tmp_path / "a.md"
    path.write_text("Title\n\nLeaders will attend a summit in Paris.\n")
    value = 'a "peace" summit \\ in\nParis'
    monkeypatch.setattr(driver, "suggest_text", lambda plain, date, kinds: [
        Proposal("agenda", plain.index("a summit"), plain.index("Paris") + 5, {"item": value, "where": "x}y"})])
    result = suggest_file(path)
    assert b'{.agenda item="a \\"peace\\" summit \\\\ in Paris" where="x}y"}' in result.text
    written = tmp_path / "a.suggested.md"
    written.write_bytes(result.text)
    (annotation,) = parse_annotations(written.read_text().split("\n", 2)[2], written, 3)
    assert annotation.attributes == {"item": 'a "peace" summit \\ in Paris', "where": "x}y"}
