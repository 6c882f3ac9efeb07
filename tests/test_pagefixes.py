"""Issue #11, what went wrong on the pages, read back from built files: nested quotes in
notes, a capital on items made from marked words, no repeated Organisation column,
column widths from content, the analyst's note as a remark, and --draft in the DOCX."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from pypdf import PdfReader

from briefgen.cli import main
from briefgen.render import common

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

BRIEF = """memo:
  title: "Pagefix memo"
  date: 2025-02-11
  lang: en
layout:
  paper: letter
  citations: footnotes
"""

SOURCE = """---
title: "Talks"
---
[Waltz said the “Europeans must own this conflict,”]{.key text="Europe should lead."}
He said they must [own this conflict]{.key} and buy an [iPhone for the envoy]{.challenge}.
[Jane Roe]{.participant role="Envoy" org="United States"} and [Ann Poe]{.participant role="Aide"}
will meet in [a long session on grid financing and tariffs]{.agenda when=2025-02-14 where=Copenhagen who="Jane Roe; Ann Poe; Bob Doe-Smith" note="date from the public schedule"}.
"""


def run(*args: str) -> str:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("pagefixes")
    (root / "sources").mkdir()
    (root / "brief.yaml").write_text(BRIEF, encoding="utf-8")
    (root / "sources" / "a.md").write_text(SOURCE, encoding="utf-8")
    out = root / "out"
    run("-C", str(root), "build", "--format", "pdf", "--format", "docx", "--format", "json", "-o", str(out))
    files = {path.suffix[1:]: path for path in out.iterdir() if path.suffix in (".pdf", ".docx", ".json")}
    return root, files


def pdf_text(path: Path) -> str:
    return " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(path).pages)


def footnotes(path: Path) -> list[str]:
    from lxml import etree

    with zipfile.ZipFile(path) as package:
        root = etree.fromstring(package.read("word/footnotes.xml"))
    return [" ".join("".join(note.itertext()).split()) for note in root.iter(f"{W}footnote")
            if note.get(f"{W}type") is None]


# ---- quotes inside quotes ---------------------------------------------------------------------

@pytest.mark.parametrize("text, lang, expected", [
    ("the “Europeans need to own this conflict,”", "en", "“the ‘Europeans need to own this conflict,’”"),
    ('he said "no" and didn\'t', "en", "“he said ‘no’ and didn't”"),
    ("Europe must ‘own this conflict.’", "en", "“Europe must ‘own this conflict.’”"),
    ("sagte „nein“", "de", "„sagte ‚nein‘“"),
])
def test_a_quote_inside_a_quote_takes_the_inner_marks(text, lang, expected):
    assert common.quoted(text, lang) == expected


def test_nested_quotes_in_both_formats(built):
    # (a quote short enough to be shown whole: notes shorten quotes past common.QUOTE_LIMIT)
    _, files = built
    wanted = "“Waltz said the ‘Europeans must own this conflict,’”"
    assert any(wanted in note for note in footnotes(files["docx"]))
    text = pdf_text(files["pdf"])
    assert wanted in text and "”“" not in text and ",”””" not in text
    # the model keeps the marked words exactly
    key = json.loads(files["json"].read_text(encoding="utf-8"))["key_points"][0]
    assert key["citations"][0]["quote"] == "Waltz said the “Europeans must own this conflict,”"


# ---- a capital on marked words ---------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("own this conflict", "Own this conflict"), ("iPhone for the envoy", "iPhone for the envoy"),
    ("“own it”", "“Own it”"), ("3 ministers", "3 ministers"), ("élan", "Élan"), ("Already", "Already"),
])
def test_sentence_start(text, expected):
    assert common.sentence_start(text) == expected


def test_marked_words_start_with_a_capital_in_the_memo_not_in_the_model(built):
    root, files = built
    bullets = [p.text for p in Document(files["docx"]).paragraphs if p.style.name == "List Bullet"]
    assert bullets[:2] == ["Europe should lead.", "Own this conflict"]
    assert "iPhone for the envoy" in bullets
    agenda = Document(files["docx"]).tables[1]
    assert agenda.rows[1].cells[1].text == "A long session on grid financing and tariffs"
    text = pdf_text(files["pdf"])
    assert "Own this conflict" in text and "A long session on grid financing" in text
    data = json.loads(files["json"].read_text(encoding="utf-8"))
    assert data["key_points"][1]["text"] == "own this conflict"
    assert data["key_points"][1]["citations"][0]["quote"] == "own this conflict"
    shown = run("-C", str(root), "show")
    assert "  • Own this conflict\n      ← a:5:" in shown and "“own this conflict”" in shown


# ---- participants: no Organisation column ------------------------------------------------------------

def test_participants_show_name_and_role_under_organisation_rows(built):
    _, files = built
    table = Document(files["docx"]).tables[0]
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[0] == ["Name", "Role"]
    assert ["Jane Roe", "Envoy"] in [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[1][0] == "United States" and rows[-2][0] == common.NO_ORG
    text = pdf_text(files["pdf"])
    assert "Organisation" not in text and "Name Role" in text


# ---- column widths -------------------------------------------------------------------------------

def test_column_shares_give_room_to_the_text_and_a_word_its_width():
    header = ("When", "Item", "Where", "Who")
    rows = [("February 14 – 16, 2025", "Munich Security Conference", "Copenhagen",
             "JD Vance; Volodymyr Zelenskyy; Marco Rubio; Pete Hegseth; Keith Kellogg")]
    shares = common.column_shares(header, rows, 100, common.AGENDA_FLOORS, frozenset({(0, 0)}))
    assert abs(sum(shares) - 1) < 1e-9
    assert shares[0] * 100 >= len(rows[0][0]) and shares[2] * 100 >= len("Copenhagen")
    assert shares[1] >= 0.34 and shares[2] < shares[1]


def test_docx_widths_come_from_content_and_every_cell_agrees(built):
    _, files = built
    table = Document(files["docx"]).tables[1]
    grid = [int(col.get(f"{W}w")) for col in table._tbl.tblGrid.iter(f"{W}gridCol")]
    where, item = grid[2], grid[1]
    assert item > where and len(set(grid)) > 1
    for row in table.rows:
        assert [int(tc.tcPr.find(f"{W}tcW").get(f"{W}w")) for tc in row._tr.tc_lst] == grid


def test_pdf_sets_a_place_on_one_line(built):
    _, files = built
    assert re.search(r"Copenhagen", pdf_text(files["pdf"]))
    assert "Copen- hagen" not in pdf_text(files["pdf"])


# ---- the analyst's note --------------------------------------------------------------------------

def test_note_is_a_remark_in_the_footnote_and_in_show(built):
    root, files = built
    remark = "Note: date from the public schedule."
    assert any(note.endswith(remark) and "Source [1]" in note for note in footnotes(files["docx"]))
    assert remark in pdf_text(files["pdf"])
    assert "      Note: date from the public schedule\n" in run("-C", str(root), "show")
    assert json.loads(files["json"].read_text(encoding="utf-8"))["agenda"][0]["note"] == \
        "date from the public schedule"


# ---- --draft in the DOCX ------------------------------------------------------------------------------

def header_parts(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as package:
        return {name: package.read(name).decode("utf-8") for name in package.namelist()
                if re.fullmatch(r"word/header\d+\.xml", name)}


def test_draft_puts_a_watermark_in_every_header_and_nothing_without(built, tmp_path):
    root, files = built
    assert all("v:textpath" not in xml for xml in header_parts(files["docx"]).values())
    drafts = []
    for attempt in range(2):
        out = tmp_path / f"draft{attempt}"
        run("-C", str(root), "build", "--format", "docx", "--draft", "-o", str(out))
        drafts.append(next(out.glob("*.docx")))
    assert drafts[0].read_bytes() == drafts[1].read_bytes()  # reproducible
    headers = header_parts(drafts[0])
    assert len(headers) == 2
    for xml in headers.values():
        assert 'string="DRAFT"' in xml and "rotation:315" in xml and "z-index:-" in xml
    document = Document(drafts[0])
    section = document.sections[0]
    for header in (section.header, section.first_page_header):
        assert header._element.xpath(".//*[local-name()='shape' and starts-with(@id, 'PowerPlusWaterMarkObject')]")
    # the memo's text is the same as without --draft
    assert [p.text for p in document.paragraphs] == [p.text for p in Document(files["docx"]).paragraphs]
