"""A briefing book as one Word document (SPEC §8), in the PDF's order: the cover with a
contents field, each memo in a section of its own (its own banner, running header and
"Page N of M", numbered from 1), then the combined schedule and the biographies.

The memos are written by the memo's own writer (docx._MemoWriter) into one document, one
section each, sharing one footnotes part. The contents is a TOC field built from TC
fields (one at the start of each memo, of the schedule and of the biographies): Word
cannot know page numbers before it lays the pages out, so the settings ask it to update
the fields on opening (w:updateFields), and until then the contents lists the parts
without numbers. One document has one set of styles: the book takes the built-in look
(no workspace's reference.docx) and each memo's default layout (not a layout.fit step).
"""

from __future__ import annotations

import io

from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from ..markings import banner
from ..markdown import plain_text
from . import common
from .docx import _add_field, _blank_document, _fresh_story, _MemoWriter, _repack, one_line, restart_page_numbers
from .docx_styles import find_or_add_style
from .stamp import embedded_time

TOC_IDENTIFIER = "b"  # the TC fields' table identifier (\f b): only the book's own entries
# CT_Settings elements that come after w:updateFields, in the schema's order
_AFTER_UPDATE_FIELDS = ("hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars", "rsids", "mathPr",
                        "attachedSchema", "themeFontLang", "clrSchemeMapping", "doNotIncludeSubdocsInStats",
                        "doNotAutoCompressPictures", "forceUpgrade", "captions", "readModeInkLockDown",
                        "smartTagType", "schemaLibrary", "shapeDefaults", "doNotEmbedSmartTags",
                        "decimalSymbol", "listSeparator")


def render_book_docx(book, memos, paper: str, schedule, people, *, draft: bool = False) -> bytes:
    """`memos`: book.BookMemo each (summary, templates); `schedule` and `people` as
    book.combined_schedule and book.merged_participants give them (None: left out)."""
    document = _blank_document()
    marking = one_line(banner(book.classification, book.handling))
    title_style = find_or_add_style(document, "Title", WD_STYLE_TYPE.PARAGRAPH, "Normal", builtin=True)[0]
    heading_style = find_or_add_style(document, "Heading 1", WD_STYLE_TYPE.PARAGRAPH, "Normal", builtin=True)[0]

    # The cover and contents: the first section, on the book's paper.
    from docx.shared import Mm

    from ..theme import Templates

    cover = document.sections[0]
    cover.page_width, cover.page_height = (Mm(side) for side in Templates.for_workspace(None).theme().page_size(paper))
    _book_furniture(cover, marking, first_page=True)
    if marking:
        document.add_paragraph(marking)
    document.add_paragraph(one_line(book.title), style=title_style)
    for line in (f"For {book.for_}" if book.for_ else "",
                 common.format_date(book.date, "en") if book.date else ""):
        if line:
            document.add_paragraph(one_line(line))
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    document.add_paragraph("Contents", style=heading_style)
    entries = [memo.summary.memo.title for memo in memos]
    entries += [title for title, wanted in (("Schedule", schedule is not None), ("Participants", people is not None))
                if wanted]
    _contents_field(document, [one_line(entry) for entry in entries])

    writer = None
    footnotes = None
    for memo in memos:
        section = document.add_section(WD_SECTION.NEW_PAGE)
        section.different_first_page_header_footer = True
        start = len(document.element.body)
        writer = _MemoWriter(document, memo.summary, memo.templates, house_style=False, draft=draft,
                             footnotes=footnotes, in_book=True, pages=memo.pages)
        footnotes = writer.footnotes
        writer.write()
        first = next(child for child in list(document.element.body)[start - 1:] if child.tag == qn("w:p"))
        _entry_field(Paragraph(first, document._body), one_line(memo.summary.memo.title))

    if schedule is not None or people is not None:
        section = document.add_section(WD_SECTION.NEW_PAGE)
        section.different_first_page_header_footer = False
        _book_furniture(section, marking, first_page=False)
        if schedule is not None:
            heading = document.add_paragraph("Schedule", style=writer.styles["Heading 1"])
            _entry_field(heading, "Schedule")
            columns = ("When", "Item", "Where", "Who", "Memo")
            rows = [(common.format_when(item.when, memo.lang), plain_text(item.item), item.where,
                     "; ".join(item.who), memo.title) for item, memo in schedule]
            table = writer._table(columns, writer._shares(columns, [tuple(map(one_line, row)) for row in rows], {}))
            for row in rows:
                for cell, text in zip(table.add_row().cells, row):
                    writer._cell_text(cell, text)
        if people is not None:
            heading = document.add_paragraph("Participants",
                                             style=writer.styles["Heading 1 New Page" if schedule is not None
                                                                 else "Heading 1"])
            _entry_field(heading, "Participants")
            for person in people:
                line = document.add_paragraph()
                line.add_run(common.isolate(one_line(person.name))).bold = True
                if person.pronounce:
                    line.add_run(f" ({one_line(person.pronounce)})").italic = True
                about = ", ".join(one_line(part) for part in (person.role, person.org) if part)
                if about:
                    line.add_run().add_break()
                    line.add_run(common.isolate(about))
                if person.bio:
                    document.add_paragraph(one_line(person.bio))

    properties = document.core_properties
    properties.title = one_line(book.title)
    properties.subject = one_line(book.title)
    properties.category = "Briefing Book"
    properties.content_status = book.classification
    _update_fields_on_open(document)
    saved = io.BytesIO()
    document.save(saved)
    return _repack(saved.getvalue(), embedded_time(book.date))


def _book_furniture(section, marking: str, *, first_page: bool) -> None:
    """The book's own header and footer: its marking, and the page number."""
    stories = [(section.header, section.footer)]
    if first_page:
        section.different_first_page_header_footer = True
        stories.append((section.first_page_header, section.first_page_footer))
    restart_page_numbers(section)
    for header, footer in stories:
        top = _fresh_story(header)
        if marking:
            top.add_run(marking)
        numbers = _fresh_story(footer)
        numbers.add_run("Page ")
        _add_field(numbers, "PAGE", "1")
        if marking:
            footer.add_paragraph(marking)


def _field_code(paragraph: Paragraph, instruction: str, kind: str) -> None:
    run = paragraph.add_run()._r
    if kind in ("begin", "separate", "end"):
        run.append(OxmlElement("w:fldChar", {qn("w:fldCharType"): kind}))
    else:
        code = OxmlElement("w:instrText", {qn("xml:space"): "preserve"})
        code.text = f" {instruction} "
        run.append(code)


def _entry_field(paragraph: Paragraph, title: str) -> None:
    """A TC field (it prints nothing): an entry of the book's contents."""
    shown = title.replace('"', "\u201d")
    _field_code(paragraph, "", "begin")
    _field_code(paragraph, f'TC "{shown}" \\f {TOC_IDENTIFIER} \\l 1', "code")
    _field_code(paragraph, "", "end")


def _contents_field(document, entries: list[str]) -> None:
    """The TOC field of the book's TC entries, its result the entries without page
    numbers until Word updates it (on opening: w:updateFields)."""
    first = document.add_paragraph()
    _field_code(first, "", "begin")
    _field_code(first, f"TOC \\f {TOC_IDENTIFIER} \\h \\z", "code")
    _field_code(first, "", "separate")
    paragraphs = [first] + [document.add_paragraph() for _ in entries[1:]]
    for paragraph, entry in zip(paragraphs, entries):
        paragraph.add_run(entry)
    _field_code(paragraphs[-1], "", "end")


def _update_fields_on_open(document) -> None:
    settings = document.settings.element
    for old in settings.findall(qn("w:updateFields")):
        settings.remove(old)
    element = OxmlElement("w:updateFields", {qn("w:val"): "true"})
    for child in settings:
        if child.tag.rsplit("}", 1)[-1] in _AFTER_UPDATE_FIELDS:
            child.addprevious(element)
            return
    settings.append(element)
