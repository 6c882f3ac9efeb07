"""Real builds through the command line, read back: every annotated item, role,
organisation and place is in both the PDF and the DOCX."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.table import Table
from pypdf import PdfReader

from briefgen.model import Memo, Participant
from briefgen.render import common

REPO = Path(__file__).resolve().parent.parent
HANDMADE = Path(__file__).resolve().parent / "fixtures" / "handmade"


def squeeze(text: str) -> str:
    """Letters and digits only: line breaks, hyphenation and quote styles don't matter."""
    return re.sub(r"[^0-9a-z]", "", text.casefold())


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


def docx_text(path: Path) -> str:
    """Body, tables, headers, footers and footnotes: everything a Word user reads."""
    document = Document(path)
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    with zipfile.ZipFile(path) as package:
        for name in package.namelist():
            if re.fullmatch(r"word/(footnotes|endnotes|header\d*|footer\d*)\.xml", name):
                xml = package.read(name).decode("utf-8")
                parts.extend(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml))
    return "\n".join(parts).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def build(workspace: Path, out: Path) -> dict:
    result = subprocess.run(
        [sys.executable, "-m", "briefgen", "-C", str(workspace), "build",
         "--format", "pdf", "--format", "docx", "--format", "json", "--output", str(out)],
        capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    [model_file] = out.glob("*.json")
    [pdf] = out.glob("*.pdf")
    [docx] = out.glob("*.docx")
    return {"model": json.loads(model_file.read_text(encoding="utf-8")), "pdf": pdf, "docx": docx,
            "pdf_text": squeeze(pdf_text(pdf)), "docx_text": squeeze(docx_text(docx)),
            "raw_pdf_text": pdf_text(pdf), "raw_docx_text": docx_text(docx)}


def expected_words(model: dict) -> list[str]:
    """Everything the memo must show, from the model."""
    words = [model["memo"]["type"], model["memo"]["subject"] or model["memo"]["title"]]
    for key in ("key_points", "challenges", "open_questions"):
        words += [item["text"] for item in model[key]]
    for person in model["participants"]:
        words += [person["name"], person["role"], person["org"]]
    for item in model["agenda"]:
        words += [item["item"], item["where"], *item["who"]]
    for source in model["sources"]:
        words += [source["title"], source["outlet"], source["author"]]
    return [w for w in words if w]


@pytest.fixture(scope="module")
def default_brief(tmp_path_factory):
    return build(REPO, tmp_path_factory.mktemp("default"))


@pytest.fixture(scope="module")
def handmade(tmp_path_factory):
    workspace = tmp_path_factory.mktemp("handmade") / "ws"
    shutil.copytree(HANDMADE, workspace)
    return build(workspace, tmp_path_factory.mktemp("handmade-out"))


@pytest.fixture(scope="module")
def handmade_footnotes(tmp_path_factory):
    """The hand-made workspace (A4, endnotes) with footnotes instead."""
    workspace = tmp_path_factory.mktemp("handmade-footnotes") / "ws"
    shutil.copytree(HANDMADE, workspace)
    brief = workspace / "brief.yaml"
    brief.write_text(brief.read_text(encoding="utf-8").replace("citations: endnotes", "citations: footnotes"),
                     encoding="utf-8")
    return build(workspace, tmp_path_factory.mktemp("handmade-footnotes-out"))


def test_default_brief_is_named_from_date_and_title(default_brief):
    assert default_brief["pdf"].name == "2025-02-11-us-european-talks-on-ending-the-war-in-ukraine.pdf"
    assert default_brief["docx"].name == "2025-02-11-us-european-talks-on-ending-the-war-in-ukraine.docx"


def test_default_brief_has_every_person_event_and_section(default_brief):
    model = default_brief["model"]
    people = {p["name"] for p in model["participants"]}
    for surname in ("Trump", "Putin", "Waltz", "Vance", "Zelenskyy", "Rubio", "Hegseth", "Kellogg"):
        assert sum(surname in name for name in people) == 1, f"{surname}: one participant"
    places = {item["where"] for item in model["agenda"]}
    assert {"Paris", "Munich", "Brussels"} <= places
    for key in ("key_points", "participants", "agenda", "challenges", "open_questions", "sources"):
        assert model[key], key
    assert model["memo"]["classification"] == "UNCLASSIFIED"
    assert any("disclosed" in q["text"] or "discuss" in q["text"] for q in model["open_questions"])
    merged = [i for k in ("key_points", "challenges", "open_questions", "participants", "agenda")
              for i in model[k] if len({c["source"] for c in i["citations"]}) > 1]
    assert len(merged) >= 3, "items reported by both articles merge into one entry"
    for title in ("Summary", "Key Points", "Participants", "Agenda", "Challenges", "Open Questions", "Sources"):
        assert squeeze(title) in default_brief["pdf_text"]
        assert squeeze(title) in default_brief["docx_text"]


@pytest.mark.parametrize("name", ["default_brief", "handmade", "handmade_footnotes"])
def test_every_item_is_in_both_pdf_and_docx(name, request):
    built = request.getfixturevalue(name)
    for words in expected_words(built["model"]):
        assert squeeze(words) in built["pdf_text"], f"PDF lacks {words!r}"
        assert squeeze(words) in built["docx_text"], f"DOCX lacks {words!r}"


@pytest.mark.parametrize("name", ["default_brief", "handmade", "handmade_footnotes"])
def test_every_citation_is_shown_with_its_source_number_and_line(name, request):
    built = request.getfixturevalue(name)
    model = built["model"]
    numbers = {s["id"]: s["number"] for s in model["sources"]}
    for key in ("key_points", "participants", "agenda", "challenges", "open_questions"):
        for item in model[key]:
            for citation in item["citations"]:
                # in full, or as a compact citation when layout.fit chose that (the default brief)
                shown = (f"[{numbers[citation['source']]}], line {citation['line']}",
                         f"[{numbers[citation['source']]}] l. {citation['line']}")
                assert any(form in built["raw_pdf_text"].replace("\n", " ") for form in shown), shown
                assert any(form in built["raw_docx_text"] for form in shown), shown


ITEM_KEY_LENGTH = 20  # letters and digits: within a table cell's first line in either format


def memo_sequence(model: dict) -> list[str]:
    """What the memo shows, in the order it shows it: each section's title, then each
    item known by its first letters and digits. Only those: a cell's later lines
    interleave with its neighbours' in text taken from a PDF."""
    def key(text: str) -> str:
        return squeeze(common.plain_text(text))[:ITEM_KEY_LENGTH]

    people = [Participant(p["name"], p["role"], p["org"]) for p in model["participants"]]
    sections = {
        "summary": [model["summary"]] if model["summary"].strip() else [],
        "key_points": [item["text"] for item in model["key_points"]],
        "participants": [person.name for _, group in common.participant_groups(people) for person in group],
        "agenda": [item["item"] for item in model["agenda"]],
        "challenges": [item["text"] for item in model["challenges"]],
        "open_questions": [item["text"] for item in model["open_questions"]],
        "sources": [source["title"] for source in model["sources"]],
    }
    sequence = []
    for name, items in sections.items():
        if items:
            sequence += [squeeze(common.SECTION_TITLES[name]), *map(key, items)]
    closing = common.prepared_by_line(Memo(model["memo"]["title"], prepared_by=model["memo"]["prepared_by"]))
    return sequence + ([key(closing)] if closing else [])


def found_in_order(text: str, sequence: list[str]) -> list[str]:
    """The keys found in ``text``, each searched for after the one before."""
    found, start = [], 0
    for key in sequence:
        at = text.find(key, start)
        if at >= 0:
            found.append(key)
            start = at + len(key)
    return found


def docx_body_text(path: Path) -> str:
    """The DOCX body in reading order, tables row by row (no notes, no page furniture)."""
    parts = []
    for block in Document(path).iter_inner_content():
        if isinstance(block, Table):
            parts += [cell.text for row in block.rows for cell in row.cells]
        else:
            parts.append(block.text)
    return "\n".join(parts)


@pytest.mark.parametrize("name", ["default_brief", "handmade", "handmade_footnotes"])
def test_pdf_and_docx_show_the_same_items_in_the_same_order(name, request):
    built = request.getfixturevalue(name)
    sequence = memo_sequence(built["model"])
    in_pdf = found_in_order(built["pdf_text"], sequence)
    in_docx = found_in_order(squeeze(docx_body_text(built["docx"])), sequence)
    assert in_pdf == in_docx == sequence


def test_handmade_raw_html_and_urls_are_text_in_both(handmade):
    for fmt in ("raw_pdf_text", "raw_docx_text"):
        text = " ".join(handmade[fmt].split())
        assert "<script>alert(1)</script>" in text, fmt
        assert "<i>not italic</i>" in text, fmt
        assert "<b>shipping</b>" in text, fmt


def test_handmade_merges_and_orders(handmade):
    model = handmade["model"]
    names = [p["name"] for p in model["participants"]]
    assert names.count("Søren Ågård") == 1 and "Soren Agard" not in names
    assert [a["item"] for a in model["agenda"]][:2] == ["Working dinner", "Ministerial plenary"]
    assert model["agenda"][-1]["item"] == "Closing press conference"
    assert len(model["challenges"]) == 2 and len(model["challenges"][1]["citations"]) == 2
    assert model["key_points"][0]["citations"] == []  # brief.yaml item first, uncited


def test_pdf_pages_carry_banner_and_page_numbers(default_brief):
    pages = PdfReader(default_brief["pdf"]).pages
    for number, page in enumerate(pages, start=1):
        text = page.extract_text()
        assert text.count("UNCLASSIFIED") >= 2, f"banner top and bottom of page {number}"
        assert f"Page {number} of {len(pages)}" in text
