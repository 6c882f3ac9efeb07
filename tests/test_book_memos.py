"""Which memos a book binds: memos marked in two classification systems are refused
before anything is laid out, a memo named twice is a warning at its line, and each
memo's own warnings name the memo they are about."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from briefgen.cli import main

FIXTURES = Path(__file__).parent / "fixtures"


def make_book(tmp_path: Path, memos: list[str], folders: list[str]) -> Path:
    root = tmp_path / "book"
    root.mkdir()
    for folder in folders:
        shutil.copytree(FIXTURES / folder, root / folder)
    listed = ", ".join(f"{memo}/" for memo in memos)
    (root / "book.yaml").write_text(f'book:\n  title: "Trip"\n  date: 2025-03-01\nmemos: [{listed}]\n',
                                    encoding="utf-8")
    return root


def test_memos_marked_in_two_systems_are_refused_at_the_second(tmp_path, monkeypatch):
    import briefgen.render.pdf

    def no_layout(*_args, **_kwargs):
        raise AssertionError("nothing is laid out before the memos' markings are checked")

    monkeypatch.setattr(briefgen.render.pdf, "lay_out", no_layout)
    root = make_book(tmp_path, ["action-memo", "long-a4"], ["action-memo", "long-a4"])
    result = CliRunner().invoke(main, ["book", str(root)])
    assert result.exit_code == 1, result.output
    assert "book.yaml:4:23: error: memos: long-a4/ is marked OFFICIAL-SENSITIVE (UK), " \
           "but action-memo/ is marked CONFIDENTIAL (US)" in result.output
    assert "one classification system" in result.output
    assert not (root / "out").exists()


def test_a_memo_named_twice_and_each_memos_warning_name_their_place(tmp_path):
    root = make_book(tmp_path, ["long-a4", "long-a4"], ["long-a4"])
    result = CliRunner().invoke(main, ["book", str(root), "-f", "pdf"])
    assert result.exit_code == 0, result.output
    assert "book.yaml:4:19: warning: long-a4/ is in the book twice (first at 4:9); it is bound both times" \
        in result.output
    # long-a4 runs past its one-page limit: the warning says which memo, once
    over = [line for line in result.output.splitlines() if "the memo runs to" in line]
    assert len(over) == 1 and over[0].startswith(f"{root / 'long-a4' / 'brief.yaml'}: warning:"), over


def test_the_docx_made_beside_the_pdf_is_the_docx_made_alone(tmp_path):
    root = make_book(tmp_path, ["action-memo"], ["action-memo"])
    for formats, folder in ((["-f", "all"], "both"), (["-f", "docx"], "alone")):
        result = CliRunner().invoke(main, ["book", str(root), *formats, "-o", str(tmp_path / folder)])
        assert result.exit_code == 0, result.output
    [both] = (tmp_path / "both").glob("*.docx")
    [alone] = (tmp_path / "alone").glob("*.docx")
    assert both.read_bytes() == alone.read_bytes()


def test_a_child_that_fails_is_not_trusted_and_a_failing_pdf_leaves_no_child(tmp_path):
    import os

    from briefgen.book import _MadeBeside

    made_here = []

    def make() -> bytes:
        if os.getpid() != parent:
            raise RuntimeError("the child fails")
        made_here.append(True)
        return b"made here"

    parent = os.getpid()
    assert _MadeBeside(make, beside=True).result() == b"made here" and made_here == [True]
    slow = _MadeBeside(lambda: __import__("time").sleep(60) or b"", beside=True)
    child = slow.pid
    slow.cancel()  # as build_book does when the PDF fails
    assert slow.pid is None
    try:
        os.kill(child, 0)
    except ProcessLookupError:
        pass
    else:
        raise AssertionError("the child still runs")
