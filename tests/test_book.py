"""Briefing books (SPEC §8): book.yaml read with located errors, `briefgen book` binding
the memos of tests/fixtures/book (copies of the action-memo and scripts fixtures) into
one PDF, and the participants' `bio` and `pronounce`."""

from __future__ import annotations

import io
import json
import re
import shutil
from pathlib import Path

import pypdf
import pytest
from click.testing import CliRunner

from briefgen.annotations import parse_annotations
from briefgen.cli import main
from briefgen.errors import BriefError
from briefgen.pipeline import load, render
from briefgen.theme import Templates

FIXTURE = Path(__file__).parent / "fixtures" / "book"
ACTION_TITLE = "Joining the European contact group on Ukraine"
SCRIPTS_TITLE = "G20 foreign ministers: who is in the room"
BOOK_NAME = "2025-02-12-the-secretary-s-travel-to-paris-and-johannesburg-book.pdf"


def book_copy(tmp_path: Path) -> Path:
    root = tmp_path / "book"
    shutil.copytree(FIXTURE, root)
    return root


def run_book(root: Path, *args: str):
    return CliRunner().invoke(main, ["book", str(root), *args])


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, pypdf.PdfReader]:
    root = book_copy(tmp_path_factory.mktemp("built"))
    result = run_book(root)
    assert result.exit_code == 0, result.output
    path = root / "out" / BOOK_NAME
    assert f"wrote {path}" in result.output or path.name in result.output
    return root, pypdf.PdfReader(io.BytesIO(path.read_bytes()))


def page_texts(reader: pypdf.PdfReader) -> list[str]:
    return [page.extract_text() for page in reader.pages]


def contents(reader: pypdf.PdfReader) -> dict[str, int]:
    """The contents page's entries: title -> page number printed."""
    [number] = [page for title, page, _ in outline(reader) if title == "Contents"]
    page = reader.pages[number - 1].extract_text()
    entries = {}
    for title in (ACTION_TITLE, SCRIPTS_TITLE, "Schedule", "Participants"):
        found = re.search(re.escape(title) + r"\s*(\d+)", page)
        assert found, (title, page)
        entries[title] = int(found.group(1))
    return entries


def outline(reader: pypdf.PdfReader) -> list[tuple[str, int, list[str]]]:
    """Top-level bookmarks: (title, 1-based page, titles of the bookmarks beneath)."""
    top = []
    for entry in reader.outline:
        if isinstance(entry, list):
            top[-1][2].extend(child.title for child in entry if not isinstance(child, list))
        else:
            top.append((entry.title, reader.get_destination_page_number(entry) + 1, []))
    return top


def alone(folder: Path) -> list[str]:
    """The page texts of the memo in `folder` built alone."""
    loaded = load(folder)
    pdf = render(loaded.summary, Templates.for_workspace(folder), ("pdf",)).files["pdf"]
    return page_texts(pypdf.PdfReader(io.BytesIO(pdf)))


def test_contents_page_numbers_are_where_each_part_starts(built):
    root, reader = built
    texts = page_texts(reader)
    entries = contents(reader)
    assert entries[ACTION_TITLE] < entries[SCRIPTS_TITLE] < entries["Schedule"] <= entries["Participants"]
    assert "Schedule" in texts[entries["Schedule"] - 1].split("When")[0]
    assert "Sikorski" in texts[entries["Participants"] - 1]
    # each memo starts on its own page, exactly as it prints alone (banner, header, notes, its own footer)
    for title, folder in ((ACTION_TITLE, "action-memo"), (SCRIPTS_TITLE, "scripts")):
        own = alone(root / folder)
        first = entries[title] - 1
        in_book = texts[first:first + len(own)]
        # ... and the page's number in the book, bottom left
        for number, text in enumerate(in_book, start=first + 1):
            assert f"Book page {number} of {len(texts)}" in text
        assert [re.sub(r"Book page \d+ of \d+\n?", "", text) for text in in_book] == own
    assert entries[SCRIPTS_TITLE] == entries[ACTION_TITLE] + len(alone(root / "action-memo"))
    assert "CONFIDENTIAL//NOFORN" in texts[0] and "For The Secretary" in texts[0] and "February 12, 2025" in texts[0]


def test_bookmarks_one_per_memo_with_its_sections_beneath(built):
    _, reader = built
    entries = contents(reader)
    top = outline(reader)
    assert [title for title, _, _ in top] == ["Contents", ACTION_TITLE, SCRIPTS_TITLE, "Schedule", "Participants"]
    pages = {title: page for title, page, _ in top}
    for title in (ACTION_TITLE, SCRIPTS_TITLE, "Schedule", "Participants"):
        assert pages[title] == entries[title]
    beneath = {title: children for title, _, children in top}
    assert beneath[ACTION_TITLE][:2] == ["Summary", "Recommendations"]
    assert "Agenda" in beneath[SCRIPTS_TITLE] and "Recommendations" not in beneath[SCRIPTS_TITLE]


def test_schedule_is_every_memos_agenda_in_date_order_naming_its_memo(built):
    _, reader = built
    page = page_texts(reader)[contents(reader)["Schedule"] - 1]
    days = [int(day) for day in re.findall(r"February (\d+),", page)]
    assert days == sorted(days) and days[0] == 17 and days[-1] == 22 and len(days) == 5
    assert page.index("founding meeting") < page.index("working level") < page.index("Bilateral")
    assert "Joining the European contact" in page and "G20 foreign ministers" in page


def test_biographies_merge_everyone_across_memos(built):
    _, reader = built
    page = page_texts(reader)[contents(reader)["Participants"] - 1]
    assert page.count("Sikorski") == 1  # in both memos ("Radoslaw" in one): one entry
    assert "rah-DOH-swahf shee-KOR-skee" in page
    assert "Poland's foreign minister since 2023" in page
    assert "Foreign Minister, Poland" in page  # the role from one memo, the bio from the other
    assert "Kaja Kallas" in page and "Сергей Лавров" in page


def test_a_memo_that_fails_fails_the_book_with_its_own_place(tmp_path):
    root = book_copy(tmp_path)
    brief = root / "scripts" / "brief.yaml"
    lines = brief.read_text(encoding="utf-8").splitlines()
    brief.write_text("\n".join(lines + ["bogus: 1"]) + "\n", encoding="utf-8")
    result = run_book(root)
    assert result.exit_code == 1
    assert f"brief.yaml:{len(lines) + 1}:1" in result.output and "scripts" in result.output
    assert "unknown key 'bogus'" in result.output
    assert not (root / "out").exists()


@pytest.mark.parametrize("change, place, words", [
    (("  for:", "  fro:"), "book.yaml:5:3", "unknown key 'fro' in book"),
    (("  title:", "  # title:"), "book.yaml:5:3", "book.title is required"),
    (("schedule: true", "shedule: true"), "book.yaml:9:1", "unknown key 'shedule'"),
    (("classification: CONFIDENTIAL", "classification: UNCLASSIFIED"), "book.yaml:7:19",
     "below its memos' highest, CONFIDENTIAL"),
    (("[action-memo/, scripts/]", "[action-memo/, nowhere/]"), "book.yaml:8:23", "not a workspace folder"),
])
def test_book_yaml_errors_are_located(tmp_path, change, place, words):
    root = book_copy(tmp_path)
    book = root / "book.yaml"
    text = book.read_text(encoding="utf-8")
    assert change[0] in text
    book.write_text(text.replace(change[0], change[1], 1), encoding="utf-8")
    result = run_book(root)
    assert result.exit_code == 1
    assert place in result.output and words in result.output, result.output
    assert not (root / "out").exists()


def test_participants_take_bio_and_pronounce(tmp_path):
    [annotation] = parse_annotations(
        '[Volodymyr Zelensky]{.participant role="President" pronounce="vo-lo-DY-myr" bio="Elected in 2019."}',
        tmp_path / "a.md")
    assert annotation.attributes["pronounce"] == "vo-lo-DY-myr"
    assert annotation.attributes["bio"] == "Elected in 2019."
    root = book_copy(tmp_path) / "scripts"
    shown = CliRunner().invoke(main, ["-C", str(root), "show"])
    assert shown.exit_code == 0, shown.output
    assert "say: rah-DOH-swahf shee-KOR-skee" in shown.output and "bio: Poland's foreign minister" in shown.output
    model = json.loads(CliRunner().invoke(main, ["-C", str(root), "show", "--json"]).stdout)
    [person] = [p for p in model["participants"] if "Sikorski" in p["name"]]
    assert person["pronounce"] == "rah-DOH-swahf shee-KOR-skee" and person["bio"].startswith("Poland's")


def test_book_yaml_without_memos_is_an_error(tmp_path):
    (tmp_path / "book.yaml").write_text('book:\n  title: "T"\n', encoding="utf-8")
    with pytest.raises(BriefError, match="memos is required"):
        from briefgen.book import read_book

        read_book(tmp_path)


# ---- the DOCX ------------------------------------------------------------------------------------

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def test_docx_book_cover_contents_field_and_a_section_per_memo(built, tmp_path):
    import docx

    root, _ = built
    path = root / "out" / BOOK_NAME.replace(".pdf", ".docx")
    document = docx.Document(str(path))
    body = document.element.body
    codes = [" ".join(code.text.split()) for code in body.iter(f"{W}instrText")]
    assert codes.count("TOC \\f b \\h \\z") == 1
    entries = [re.match(r'TC "(.*)" \\f b \\l 1', code).group(1) for code in codes if code.startswith("TC ")]
    assert entries == [ACTION_TITLE, SCRIPTS_TITLE, "Schedule", "Participants"]
    settings = document.settings.element
    assert settings.find(f"{W}updateFields").get(f"{W}val") == "true"
    # cover, two memos, the schedule and biographies: each a section of its own
    sections = document.sections
    assert len(sections) == 4
    for section in sections[1:3]:  # each memo's own banner and running header, pages counted from 1
        assert section._sectPr.find(f"{W}pgNumType").get(f"{W}start") == "1"
        assert not section.header.is_linked_to_previous and not section.footer.is_linked_to_previous
        footer = section.footer._element
        assert any("SECTIONPAGES" in code.text for code in footer.iter(f"{W}instrText"))
    headers = ["\n".join(p.text for p in section.header.paragraphs) for section in sections]
    assert "CONFIDENTIAL//NOFORN" in headers[0] and "CONFIDENTIAL//NOFORN" in headers[1]
    assert "Joining the European contact group" in headers[1] and "G20 foreign ministers" in headers[2]
    text = "\n".join(p.text for p in document.paragraphs)
    assert text.index("The Secretary's travel") < text.index("Contents") < text.index("Action Memo")
    assert "rah-DOH-swahf shee-KOR-skee" in text and text.count("Sikorski (") == 1
    [schedule] = [table for table in document.tables if table.rows[0].cells[-1].text == "Memo"]
    days = [row.cells[0].text for row in schedule.rows[1:]]
    assert [day.split()[1] for day in days] == ["17,", "20,", "21,", "21,", "22,"]
    assert schedule.rows[1].cells[-1].text == ACTION_TITLE


def test_docx_book_as_libreoffice_prints_it(built, tmp_path):
    from office import docx_to_pdf

    root, reader = built
    [pdf] = docx_to_pdf(root / "out" / BOOK_NAME.replace(".pdf", ".docx"), outdir=tmp_path)
    texts = page_texts(pypdf.PdfReader(pdf))
    memo_pages = [text for text in texts if "Page 1 of 2" in text or "Page 2 of 2" in text]
    assert len(memo_pages) == 4  # each memo's own "Page N of M": the cached count is the memo's
    assert "CONTENTS" in texts[1].upper() and SCRIPTS_TITLE in texts[1]
    assert any("SCHEDULE" in text.upper() and "Paris" in text and "Sandton" in text for text in texts[-3:])
    # the cached contents carry the PDF book's page numbers
    for title, page in contents(reader).items():
        assert re.search(re.escape(title) + r"[ .]*" + str(page), texts[1]), (title, texts[1])
    # footnotes restart in each memo: the second memo's notes count from 1 again
    second = next(index for index, text in enumerate(texts) if "BRIEFING MEMORANDUM" in text.upper())
    notes = [int(number) for number in re.findall(r"(\d+) ?Source \[", texts[second])]
    assert notes[:3] == [1, 2, 3], texts[second]
    first_notes = [int(number) for number in re.findall(r"(\d+) ?Source \[", texts[2])]
    assert first_notes[0] == 1
    # the book's own pages are numbered in the book (PAGE from the section's start); a memo's
    # pages carry only the memo's own numbers (no formula field, which LibreOffice prints wrong)
    total = len(texts)
    assert f"Book page 1 of {total}" in texts[0] and f"Book page 2 of {total}" in texts[1]
    assert f"Book page {total} of {total}" in texts[-1]
    assert not any("Book page" in text for text in memo_pages)


def footers(section) -> list:
    """The footer stories the section shows: the first page's (when it has one), the others'."""
    stories = [section.first_page_footer] if section.different_first_page_header_footer else []
    return stories + [section.footer]


def field_codes(story) -> list[str]:
    return [" ".join(code.text.split()) for code in story._element.iter(f"{W}instrText")]


def test_docx_book_numbers_each_memos_pages_and_notes_from_1(built):
    import docx

    root, reader = built
    document = docx.Document(str(root / "out" / BOOK_NAME.replace(".pdf", ".docx")))
    entries = contents(reader)
    total = len(reader.pages)  # the DOCX's cached page count is the PDF book's
    assert total == 2 + 4 + 2  # cover and contents, two memos of two pages, schedule and participants
    sections = document.sections
    for section, title in zip(sections[1:3], (ACTION_TITLE, SCRIPTS_TITLE)):
        assert section._sectPr.find(f"{W}pgNumType").get(f"{W}start") == "1"
        first_page, other = footers(section)
        for story, page in ((first_page, 1), (other, 2)):
            # "Page { PAGE } of { SECTIONPAGES }", numbered from 1 in the memo's section
            assert field_codes(story) == ["PAGE", "SECTIONPAGES"]
            assert story.paragraphs[0].text == f"Page {page} of 2"
    # each part's first paragraph starts a chapter (LibreOffice restarts notes there)
    starts = [p.text for p in document.paragraphs if p._p.xpath('./w:pPr/w:outlineLvl[@w:val="0"]')]
    assert [text.upper() for text in starts] == [
        "THE SECRETARY'S TRAVEL TO PARIS AND JOHANNESBURG", "CONTENTS", "ACTION MEMO", "BRIEFING MEMORANDUM",
        "SCHEDULE", "PARTICIPANTS"]
    # footnotes numbered from 1 in each section: document-wide, and on the last section
    settings = document.settings.element
    assert settings.find(f"{W}footnotePr/{W}numRestart").get(f"{W}val") == "eachSect"
    last = sections[-1]._sectPr
    assert last.find(f"{W}footnotePr/{W}numRestart").get(f"{W}val") == "eachSect"
    assert all(section._sectPr.find(f"{W}footnotePr") is None for section in sections[:-1])
    # the book's own sections: numbered in the book, the back matter from its first page
    assert sections[0]._sectPr.find(f"{W}pgNumType").get(f"{W}start") == "1"
    assert sections[-1]._sectPr.find(f"{W}pgNumType").get(f"{W}start") == str(entries["Schedule"])
    assert field_codes(sections[-1].footer) == ["PAGE", "NUMPAGES"]
    # the contents' cached result: each part and its page, as in the PDF book
    listed = [p.text for p in document.paragraphs if p.style.name.lower() == "toc 1"]
    assert listed == [f"{title}\t{page}" for title, page in entries.items()]
    assert settings.find(f"{W}updateFields").get(f"{W}val") == "true"


def test_draft_marks_every_page_of_the_book(tmp_path):
    import docx

    from briefgen.book import Book, back_html, cover_html

    root = book_copy(tmp_path)
    result = run_book(root, "-f", "docx", "--draft")
    assert result.exit_code == 0, result.output
    document = docx.Document(str(root / "out" / BOOK_NAME.replace(".pdf", ".docx")))
    for section in document.sections:  # cover, memos, back matter: every header the section shows
        stories = ([section.first_page_header] if section.different_first_page_header_footer else []) + [
            section.header]
        for story in stories:
            assert story._element.xpath('.//*[starts-with(@id, "PowerPlusWaterMarkObject")]'), section
    ids = [shape.get("id") for shape in document.element.body.getroottree().iter("{urn:schemas-microsoft-com:vml}shape")]
    marks = [element.get("id") for part in {id(s.header.part): s.header.part for s in document.sections}.values()
             for element in part.element.iter("{urn:schemas-microsoft-com:vml}shape")]
    assert not ids and len(marks) == len(set(marks))  # in headers only, each id once
    # the PDF book's cover and back matter carry the mark the memos do
    book = Book(Path("book.yaml"), "T", draft=True)
    assert '<div class="draft-mark">DRAFT</div>' in cover_html(book, "letter", [])
    assert '<div class="draft-mark">DRAFT</div>' in back_html(book, "letter", [], [])
    assert "draft-mark\">" not in cover_html(Book(Path("book.yaml"), "T"), "letter", [])


def test_a_memo_in_a_fitted_layout_keeps_it_in_the_docx_book(tmp_path, monkeypatch):
    import docx

    from briefgen import book, pipeline
    from briefgen.render import common

    tight = common.Variant(compact_citations=True, tight_spacing=True, body_size=10.5)
    render_as_chosen = pipeline.render

    def render_scripts_fitted(*args, **kwargs):  # as if layout.fit had chosen a tighter step for it
        rendered = render_as_chosen(*args, **kwargs)
        if rendered.printed.memo.title == SCRIPTS_TITLE:
            rendered.variant = tight
        return rendered

    monkeypatch.setattr(pipeline, "render", render_scripts_fitted)
    root = book_copy(tmp_path)
    result = book.build_book(root, ("docx",))
    document = docx.Document(str(result.written[0]))
    names = {style.name for style in document.styles}
    assert {"Normal (tighter spacing 10.5 pt)", "List Bullet (tighter spacing 10.5 pt)"} <= names
    assert document.styles["Normal (tighter spacing 10.5 pt)"].font.size.pt == 10.5
    assert document.styles["Normal"].font.size.pt == 11  # the first memo's, the default layout
    [bullets] = [style for style in document.styles if style.name == "List Bullet (tighter spacing 10.5 pt)"]
    assert bullets.element.find(f"{W}pPr/{W}numPr") is not None  # Word's bullets, copied
    used = [p.style.name for p in document.paragraphs]
    scripts = used.index("Title (tighter spacing 10.5 pt)")
    assert "List Bullet" in used[:scripts] and "List Bullet (tighter spacing 10.5 pt)" in used[scripts:]
    # each style shaped once: no doubled border or tab stop
    for style in document.styles.element.iter(f"{W}style"):
        for borders in style.iter(f"{W}pBdr"):
            sides = [etree_name(side) for side in borders]
            assert len(sides) == len(set(sides)), style.get(f"{W}styleId")
    # compact citations: the scripts memo's notes give lines, its quotes in Source Notes
    assert "Source Notes" in [p.text for p in document.paragraphs] or "SOURCE NOTES" in [
        p.text.upper() for p in document.paragraphs]


def etree_name(element) -> str:
    return element.tag.rsplit("}", 1)[-1]


def test_a_memos_house_style_is_left_out_of_the_docx_book_with_a_warning(tmp_path):
    import docx

    from briefgen.book import build_book

    root = book_copy(tmp_path)
    house = docx.Document()
    house.styles["Normal"].font.name = "Garamond"
    (root / "scripts" / "templates").mkdir()
    house.save(root / "scripts" / "templates" / "reference.docx")
    result = build_book(root, ("docx",))
    [warning] = [w for w in result.warnings if "reference.docx" in w.message]
    assert "built-in look" in warning.message and "scripts/" in warning.message
    document = docx.Document(str(result.written[0]))
    assert document.styles["Normal"].font.name != "Garamond"


def test_book_formats(tmp_path):
    root = book_copy(tmp_path)
    result = run_book(root, "-f", "docx")
    assert result.exit_code == 0, result.output
    assert sorted(path.name for path in (root / "out").iterdir()) == [BOOK_NAME.replace(".pdf", ".docx")]


def test_schedule_and_bios_can_be_left_out(tmp_path):
    root = book_copy(tmp_path)
    book = root / "book.yaml"
    book.write_text(book.read_text(encoding="utf-8").replace("schedule: true", "schedule: false")
                    .replace("bios: true", "bios: false"), encoding="utf-8")
    assert run_book(root, "-f", "pdf").exit_code == 0
    reader = pypdf.PdfReader(root / "out" / BOOK_NAME)
    assert [title for title, _, _ in outline(reader)] == ["Contents", ACTION_TITLE, SCRIPTS_TITLE]
    assert "Schedule" not in page_texts(reader)[1]


def test_the_marking_cannot_break_out_of_the_cover_stylesheet():
    from briefgen.book import Book, cover_html

    html = cover_html(Book(Path("book.yaml"), "T", classification='A"</style><h1>X</h1>\\'), "letter", [])
    assert html.count("</style>") == 1 and "<h1>X</h1>" not in html.split("</style>")[0]


def test_a_sources_bio_and_pronounce_fill_the_merged_participant(tmp_path):
    folder = book_copy(tmp_path) / "action-memo"
    source = folder / "sources" / "a-wire.md"
    text = source.read_text(encoding="utf-8")
    marked = '{.participant org="France"}'
    assert marked in text
    source.write_text(text.replace(marked, '{.participant org="France" pronounce="zhahn no-EL bah-ROH" '
                                           'bio="Foreign minister of France since 2024."}'), encoding="utf-8")
    [person] = [p for p in load(folder).summary.participants if p.name == "Jean-Noël Barrot"]
    assert person.pronounce == "zhahn no-EL bah-ROH" and person.bio.startswith("Foreign minister of France")
    assert person.role == "Minister for Europe and Foreign Affairs"  # from brief.yaml, merged


def test_every_page_of_the_pdf_book_carries_its_book_page(built):
    _root, reader = built
    texts = page_texts(reader)
    for number, text in enumerate(texts, start=1):
        assert f"Book page {number} of {len(texts)}" in text, (number, text[-200:])
