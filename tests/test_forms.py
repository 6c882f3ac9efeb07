"""Memo forms and markings (SPEC §7): the action memo fixture built to PDF and DOCX and
read back, and every new mistake as one located error."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from briefgen.cli import main
from briefgen.markings import find_level, highest, parse_level
from briefgen.workspace import _business_days_after

FIXTURE = Path(__file__).parent / "fixtures" / "action-memo"
BANNER = "CONFIDENTIAL//NOFORN"
STEM = "2025-02-11-joining-the-european-contact-group-on-ukraine"


def flat(text: str) -> str:
    """Text with line breaks, hyphenation at line ends and runs of spaces folded."""
    text = re.sub(r"-\n(?=[a-z])", "", text)
    return " ".join(text.replace("\u2003", " ").split())


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("forms") / "action-memo"
    shutil.copytree(FIXTURE, root)
    result = CliRunner().invoke(main, ["-C", str(root), "build", "--format", "all"])
    assert result.exit_code == 0, result.output
    out = root / "out"
    pages = subprocess.run(["pdftotext", "-layout", str(out / f"{STEM}.pdf"), "-"], capture_output=True,
                           text=True, check=True).stdout.split("\f")
    pages = [page for page in pages if page.strip()]
    model = json.loads((out / f"{STEM}.json").read_text(encoding="utf-8"))
    document = docx.Document(str(out / f"{STEM}.docx"))
    return {"pages": pages, "pdf": flat("\n".join(pages)), "model": model, "docx": document, "out": out}


def _portions(model):
    """(mark, the start of the portion's words) for every marked portion the memo prints."""
    items = [(model["memo"]["summary_mark"], model["summary"])]
    items += [(r["mark"], r["text"]) for r in model["recommendations"]]
    for key in ("key_points", "challenges", "open_questions", "talking_points"):
        items += [(p["mark"], p["text"]) for p in model[key]]
    items += [(p["mark"], p["name"]) for p in model["participants"]]
    return items


def _words(text: str, count: int = 6) -> str:
    return " ".join(text.split()[:count])


# ---- the built action memo ---------------------------------------------------------------------

def test_action_memo_is_two_pages_with_the_banner_top_and_bottom_of_each(built):
    assert len(built["pages"]) == 2
    for page in built["pages"]:
        lines = [line.strip() for line in page.strip().splitlines() if line.strip()]
        assert lines[0] == BANNER and lines[-1] == BANNER


def test_docx_banner_in_every_header_and_footer(built):
    section = built["docx"].sections[0]
    for story in (section.first_page_header, section.header, section.first_page_footer, section.footer):
        assert BANNER in [p.text for p in story.paragraphs]


def test_action_heading_block(built):
    pdf = built["pdf"]
    assert "ACTION MEMO" in pdf
    for line in ("FOR: The Secretary", "FROM: EUR – Assistant Secretary R. Alvarez",
                 "THROUGH: P – Under Secretary M. Chen",
                 "SUBJECT: (U) Joining the European contact group on Ukraine at ministerial level"):
        assert line in pdf
    texts = [p.text for p in built["docx"].paragraphs]
    assert texts[0] == "Action Memo"  # Title style prints it in capitals
    assert "FOR:\tThe Secretary" in texts
    assert "SUBJECT:\t(U) Joining the European contact group on Ukraine at ministerial level" in texts


def test_every_portion_carries_its_mark_in_the_pdf(built):
    for mark, text in _portions(built["model"]):
        assert f"({mark}) {_words(text)}" in built["pdf"], (mark, text)
    for item in built["model"]["agenda"]:
        assert f"({item['mark']}) February" in built["pdf"]


def test_every_portion_carries_its_mark_in_the_docx(built):
    document = built["docx"]
    paragraphs = [" ".join(p.text.split()) for p in document.paragraphs]
    first_cells = [" ".join(row.cells[0].text.split()) for table in document.tables for row in table.rows]
    for mark, text in _portions(built["model"]):
        start = f"({mark}) {_words(text)}"
        assert any(start in line for line in paragraphs + first_cells), (mark, text)
    marks = [run for p in document.paragraphs for run in p.runs if run.style.name == "Portion Mark"]
    assert {run.text for run in marks} == {"(U) ", "(C) "}
    # table rows: every row of people or meetings starts with its mark (headers and groups do not)
    for table in document.tables:
        body = [row for row in table.rows[1:] if len(set(id(c._tc) for c in row.cells)) > 1]
        assert body and all(re.match(r"\((U|C)\) ", row.cells[0].text) for row in body)


def test_merged_item_takes_the_highest_mark_and_json_gives_every_mark(built):
    model = built["model"]
    merged = next(p for p in model["key_points"] if p["text"].startswith("Six European"))
    assert merged["mark"] == "C" and len(merged["citations"]) == 2
    kallas = next(p for p in model["participants"] if p["name"] == "Kaja Kallas")
    assert kallas["mark"] == "U"
    memo = model["memo"]
    assert (memo["form"], memo["classification"], memo["handling"], memo["decision_by"]) == (
        "action", "CONFIDENTIAL", "NOFORN", "2025-02-18")
    assert memo["cleared_by"][0] == "EUR/RUS: A. Smith (ok)" and len(memo["attachments"]) == 2
    for key in ("key_points", "participants", "agenda", "challenges", "talking_points", "recommendations"):
        assert all(item["mark"] in ("U", "C") for item in model[key]), key
    assert model["recommendations"][1]["options"] == ["Agree", "Disagree", "Let's discuss"]


def test_option_lines_follow_their_recommendation_in_the_pdf(built):
    pdf = built["pdf"]
    first = pdf.index("1. (C) That you approve joining")
    approve = pdf.index("Approve ________ Disapprove ________")
    second = pdf.index("2. (C) That you authorise EUR")
    agree = pdf.index("Agree ________ Disagree ________ Let's discuss ________")
    decision = pdf.index("(decision needed by February 18, 2025)")
    assert first < approve < second < agree < decision
    assert pdf.index("RECOMMENDATIONS") > pdf.index("SUMMARY")


def test_option_lines_follow_their_recommendation_in_the_docx(built):
    paragraphs = [p for p in built["docx"].paragraphs]
    texts = [" ".join(p.text.replace("\u2003", " ").split()) for p in paragraphs]
    first = next(i for i, t in enumerate(texts) if "That you approve joining" in t)
    assert texts[first].startswith("1. (C) That you approve")
    assert texts[first + 1] == "Approve ________ Disapprove ________"
    assert paragraphs[first + 1].style.name == "Recommendation Options"
    assert texts[first + 2].startswith("2. (C) That you authorise EUR")
    assert texts[first + 3] == "Agree ________ Disagree ________ Let's discuss ________"
    assert texts[first + 4] == "(decision needed by February 18, 2025)"


def test_talking_points_attachments_and_clearances_in_both(built):
    pdf = built["pdf"]
    texts = [p.text for p in built["docx"].paragraphs]
    assert "TALKING POINTS 1. (U) We welcome Europe" in pdf
    assert "3. (C) We will coordinate closely" in pdf
    assert "1.\t(U) We welcome Europe taking the lead on security guarantees for Ukraine." in texts
    assert "Attachments: Tab 1 – Participant biographies Tab 2 – Draft terms of reference" in pdf
    assert pdf.index("Attachments:") < pdf.index("SOURCES")
    assert texts.index("Attachments:") < texts.index("Sources")
    assert "Drafted: J. Doe, EUR/CE, (202) 555-0142 Cleared: EUR/RUS: A. Smith (ok) L/EUR: B. Jones (info)" in pdf
    assert texts[-4:] == ["Drafted:\tJ. Doe, EUR/CE, (202) 555-0142", "Cleared:\tEUR/RUS: A. Smith (ok)",
                          "\tL/EUR: B. Jones (info)", "\tS/P: C. Okafor (ok)"]


# ---- rules ---------------------------------------------------------------------------------

def test_decision_date_defaults_to_five_business_days():
    assert _business_days_after(dt.date(2025, 2, 11), 5) == dt.date(2025, 2, 18)  # Tuesday -> Tuesday
    assert _business_days_after(dt.date(2025, 2, 14), 5) == dt.date(2025, 2, 21)  # Friday -> Friday
    assert _business_days_after(dt.date(2025, 2, 15), 1) == dt.date(2025, 2, 17)  # Saturday -> Monday


def test_mark_ladders():
    assert parse_level("(c)").name == "CONFIDENTIAL" and parse_level("top secret").abbreviation == "TS"
    assert parse_level("Official-Sensitive").system == "UK"
    assert highest(["U", "C", "CUI"]) == "C"
    assert find_level("SENSITIVE BUT UNCLASSIFIED") is None
    with pytest.raises(ValueError, match="did you mean 'SECRET'"):
        parse_level("SECRETT")


ACTION_BRIEF = """\
memo:
  title: "A decision"
  date: 2025-02-11
  form: action
  classification: CONFIDENTIAL
recommendations:
  - "That you decide."
layout:
  portion_marks: true
"""
SOURCE = """\
---
title: "Wire"
---
Ministers [met in Paris]{.key mark=C} on Monday.
"""


def _errors_cleanly(tmp_path, monkeypatch, brief: str, source: str = SOURCE):
    root = tmp_path / "ws"
    (root / "sources").mkdir(parents=True)
    (root / "brief.yaml").write_text(brief, encoding="utf-8")
    (root / "sources" / "a.md").write_text(source, encoding="utf-8")
    monkeypatch.chdir(root)
    result = CliRunner().invoke(main, ["build", "--format", "all"])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert not (root / "out").exists() or not any((root / "out").iterdir())
    [error] = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert result.stderr.startswith(error)
    return result.stderr


def test_the_action_brief_builds(tmp_path, monkeypatch):
    root = tmp_path / "ws"
    (root / "sources").mkdir(parents=True)
    (root / "brief.yaml").write_text(ACTION_BRIEF, encoding="utf-8")
    (root / "sources" / "a.md").write_text(SOURCE, encoding="utf-8")
    result = CliRunner().invoke(main, ["-C", str(root), "build", "--format", "json"])
    assert result.exit_code == 0, result.output
    model = json.loads(next((root / "out").glob("*.json")).read_text(encoding="utf-8"))
    assert model["memo"]["decision_by"] == "2025-02-18" and model["memo"]["type"] == "Action Memo"
    assert model["recommendations"] == [{"text": "That you decide.", "options": ["Approve", "Disapprove"],
                                         "mark": "U"}]


@pytest.mark.parametrize("brief, source, expected", [
    # recommendations outside the action form: at the key
    (ACTION_BRIEF.replace("  form: action\n", ""), SOURCE,
     r"brief\.yaml:5:1: error: recommendations belong to an action memo, not to a briefing memo"),
    (ACTION_BRIEF.replace("form: action", "form: information"), SOURCE,
     r"brief\.yaml:6:1: error: recommendations belong to an action memo, not to an information memo"),
    (ACTION_BRIEF.replace("form: action", "form: information\n  decision_by: 2025-02-12"), SOURCE,
     r"brief\.yaml:5:3: error: memo\.decision_by belongs to an action memo"),
    # a decision date before the memo's
    (ACTION_BRIEF.replace("form: action", "form: action\n  decision_by: 2025-02-10"), SOURCE,
     r"brief\.yaml:5:16: error: memo\.decision_by 2025-02-10 is before the memo's date 2025-02-11"),
    # an unknown form
    (ACTION_BRIEF.replace("form: action", "form: actoin"), SOURCE,
     r"brief\.yaml:4:9: error: unknown memo\.form 'actoin'.*\n.*did you mean 'action'\?"),
    # a portion above the classification: in a source, at the mark's value; in brief.yaml, at its value
    (ACTION_BRIEF, SOURCE.replace("mark=C", "mark=S"),
     r"sources/a\.md:4:36: error: portion marked \(S\) above the memo's CONFIDENTIAL"),
    (ACTION_BRIEF.replace('  - "That you decide."', '  - {text: "That you decide.", mark: TS}'), SOURCE,
     r"brief\.yaml:7:38: error: portion marked \(TS\) above the memo's CONFIDENTIAL"),
    # unknown marks, with the likely one
    (ACTION_BRIEF, SOURCE.replace("mark=C", "mark=CONFIDENTAIL"),
     r"sources/a\.md:4:36: error: mark: unknown mark 'CONFIDENTAIL'; did you mean 'CONFIDENTIAL'\?"),
    (ACTION_BRIEF + "key_points:\n  - {text: A point, mark: X}\n", SOURCE,
     r"brief\.yaml:11:27: error: key_points\.mark: unknown mark 'X'"),
    # two marking systems in one memo
    (ACTION_BRIEF, SOURCE.replace("mark=C", "mark=OS"),
     r"sources/a\.md:4:36: error: portion marked \(OS\), a UK marking, but the memo's CONFIDENTIAL is US"),
    # portion marks need an overall classification, at layout.portion_marks
    (ACTION_BRIEF.replace("  classification: CONFIDENTIAL\n", ""), SOURCE.replace(" mark=C", ""),
     r"brief\.yaml:8:3: error: layout\.portion_marks needs the memo's overall classification"),
    (ACTION_BRIEF.replace("classification: CONFIDENTIAL", "classification: SENSITIVE BUT UNCLASSIFIED"), SOURCE,
     r"brief\.yaml:5:19: error: memo\.classification: unknown mark 'SENSITIVE BUT UNCLASSIFIED'"),
], ids=["recommendations-in-briefing", "recommendations-in-information", "decision-by-in-information",
        "decision-before-memo", "unknown-form", "source-portion-above", "brief-portion-above",
        "unknown-source-mark", "unknown-brief-mark", "mixed-systems", "portion-marks-without-classification",
        "free-text-classification"])
def test_each_mistake_is_one_located_error(tmp_path, monkeypatch, brief, source, expected):
    error = _errors_cleanly(tmp_path, monkeypatch, brief, source)
    assert re.match(expected, error), error
    assert error.count(": error: ") == 1
