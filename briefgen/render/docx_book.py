"""A briefing book as one Word document (SPEC §8), in the PDF's order: the cover with a
contents field, each memo in a section of its own (its own banner, running header and
"Page N of M", numbered from 1, and its page in the book), then the combined schedule
and the biographies.

The memos are written by the memo's own writer (docx._MemoWriter) into one document, one
section each, sharing one footnotes part, each in the layout its PDF took (layout.fit).
The contents is a TOC field built from TC fields (one at the start of each memo, of the
schedule and of the biographies). Its cached result already lists each part with the
page the PDF layout gives it (book.docx_pages), and the settings ask Word to update the
fields on opening (w:updateFields), since Word lays the pages out anew.

Footnotes restart at 1 in each memo, as the memo prints alone. For Word, the
document-wide footnote properties say so (numRestart eachSect), which every section
without its own takes (ECMA-376 §17.11.11). LibreOffice (7.4) reads numRestart eachSect
from a section as "restart at each chapter", a chapter starting at each paragraph of
outline level 1, and shows notes in any section after the first that carries it as 0: so
only the last section carries it, each memo's first paragraph is of outline level 1,
and Heading 1 (the memos' section titles) of level 2, which also gives Word's navigation
pane the PDF's bookmarks (a memo, its sections beneath).

A memo page's number in the book is a formula on the memo's own PAGE
(docx._MemoWriter._write_book_page), which Word computes for each page; LibreOffice
(7.4) does not compute formula fields: it prints the nested PAGE beside the formula's
cached result.

One document has one set of styles: the book takes the built-in look, a workspace's
reference.docx being left out with a warning (house_style_warnings). The styles are
shaped for the first memo's layout; a memo laid out in another (a layout.fit step)
takes paragraph styles of its own, named for it (docx._MemoWriter._style).
"""

from __future__ import annotations

import io

from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Mm, Pt
from docx.text.paragraph import Paragraph

from ..errors import BriefWarning, Place
from ..book import BIOS_TITLE, CONTENTS_TITLE, SCHEDULE_TITLE
from ..markings import banner
from ..markdown import plain_text
from . import common
from .docx import (UNLISTED_COLOURS, BookPages, _add_field, _blank_document, _fresh_story, _MemoWriter, _repack,
                   add_watermark, one_line, restart_page_numbers)
from .docx_styles import find_or_add_style, set_size
from .stamp import embedded_time

TOC_IDENTIFIER = "b"  # the TC fields' table identifier (\f b): only the book's own entries
CONTENTS_ENTRY_STYLE = "toc 1"  # Word's own style of a first-level contents entry
PART_OUTLINE_LEVEL = "0"  # w:outlineLvl of a part's first paragraph: level 1
SECTION_OUTLINE_LEVEL = "1"  # of the memos' section titles (Heading 1) in the book: level 2
# CT_Settings elements that come after w:updateFields, in the schema's order
_AFTER_UPDATE_FIELDS = ("hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars", "rsids", "mathPr",
                        "attachedSchema", "themeFontLang", "clrSchemeMapping", "doNotIncludeSubdocsInStats",
                        "doNotAutoCompressPictures", "forceUpgrade", "captions", "readModeInkLockDown",
                        "smartTagType", "schemaLibrary", "shapeDefaults", "doNotEmbedSmartTags",
                        "decimalSymbol", "listSeparator")
# w:pPr children after w:outlineLvl (CT_PPr order)
_AFTER_OUTLINE_LEVEL = ("w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")


def render_book_docx(book, memos, paper: str, schedule, people, *, draft: bool = False,
                     pages: tuple[list[tuple[str, int]], int]) -> bytes:
    """`memos`: book.BookMemo each (summary, templates, pages, variant); `schedule` and
    `people` as book.combined_schedule and book.merged_participants give them (None:
    left out); `pages`: the contents (title, first page) and the book's page count,
    as book.docx_pages gives them."""
    from ..theme import Templates

    contents, total = pages
    document = _blank_document()
    marking = one_line(banner(book.classification, book.handling))

    # The cover and contents: the first section, on the book's paper.
    cover = document.sections[0]  # until the next section is added: see the furniture below
    cover.page_width, cover.page_height = (Mm(side) for side in Templates.for_workspace(None).theme().page_size(paper))
    # Styled once the first memo's writer has added and shaped the styles (a style found
    # already there, it leaves as it is).
    styled = []
    # As the PDF's cover: the title, who it is for, the date and the marking, centred.
    styled.append((document.add_paragraph(one_line(book.title)), BOOK_TITLE_STYLE))
    _part_start(styled[-1][0])
    for line in (f"For {book.for_}" if book.for_ else "",
                 common.format_date(book.date, "en") if book.date else "", marking):
        if line:
            styled.append((document.add_paragraph(one_line(line)), BOOK_COVER_STYLE))
    if marking:
        styled[-1][0].runs[0].bold = True
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    styled.append((document.add_paragraph(CONTENTS_TITLE), "Heading 1"))
    _part_start(styled[-1][0])
    entry_style = _contents_entry_style(document, cover)
    _contents_field(document, [(one_line(title), page) for title, page in contents], entry_style)

    writers = []
    footnotes = None
    for index, memo in enumerate(memos):
        section = document.add_section(WD_SECTION.NEW_PAGE)
        start = len(document.element.body)
        writer = _MemoWriter(document, memo.summary, memo.templates, house_style=False, draft=draft,
                             variant=memo.variant or common.DEFAULT_VARIANT, footnotes=footnotes,
                             book_pages=BookPages(memo.pages, memos[0].variant or common.DEFAULT_VARIANT,
                                                  index == 0))
        writers.append(writer)
        footnotes = writer.footnotes
        writer.write()
        first = next(child for child in list(document.element.body)[start - 1:] if child.tag == qn("w:p"))
        _part_start(Paragraph(first, document._body), one_line(memo.summary.memo.title))

    _define_cover_styles(document, writers[0].styles)
    for paragraph, style in styled:
        paragraph.style = writers[0].styles[style]
    writer = writers[0]  # the back matter in the book's plain styles
    back_section = None
    if schedule is not None or people is not None:
        back_section = document.add_section(WD_SECTION.NEW_PAGE)
        back_section.different_first_page_header_footer = False
        if schedule is not None:
            heading = document.add_paragraph(SCHEDULE_TITLE, style=writer.styles["Heading 1"])
            _part_start(heading, SCHEDULE_TITLE)
            columns = ("When", "Item", "Where", "Who", "Memo")
            rows = [(common.format_when(item.when, memo.lang), plain_text(item.item), item.where,
                     "; ".join(item.who), memo.title) for item, memo in schedule]
            table = writer._table(columns, writer._shares(columns, [tuple(map(one_line, row)) for row in rows], {}))
            for row in rows:
                for cell, text in zip(table.add_row().cells, row):
                    writer._cell_text(cell, text)
        if people is not None:
            heading = document.add_paragraph(BIOS_TITLE, style=writer.styles["Heading 1 New Page" if schedule
                                                                             is not None else "Heading 1"])
            _part_start(heading, BIOS_TITLE)
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

    # The book's own pages (cover, contents, back matter), once the memos' writers have
    # defined the header and footer styles: the marking, and the page's number in the book.
    furniture = _BookFurniture(writer, marking, total, draft, Templates.for_workspace(None).theme())
    # (Sections asked for afresh: python-docx's Section of the body's last w:sectPr
    # stands for whichever section is last, not for the cover any more.)
    furniture.write(document.sections[0], start=1, first_page=True)
    if back_section is not None:
        back_start = next(page for title, page in contents if title in (SCHEDULE_TITLE, BIOS_TITLE))
        furniture.write(document.sections[-1], start=back_start, first_page=False)
    _number_footnotes_per_memo(document, {id(w.styles["Heading 1"]): w.styles["Heading 1"] for w in writers})

    properties = document.core_properties
    properties.title = one_line(book.title)
    properties.subject = one_line(book.title)
    properties.category = "Briefing Book"
    properties.content_status = book.classification
    _update_fields_on_open(document)
    saved = io.BytesIO()
    document.save(saved)
    return _repack(saved.getvalue(), embedded_time(book.date))


BOOK_TITLE_STYLE = "Book Title"
BOOK_COVER_STYLE = "Book Cover"


def _define_cover_styles(document, styles: dict) -> None:
    """The cover's title and lines, centred, as book.py's cover stylesheet sets them
    (22 pt title two inches down, 13 pt lines), on the memos' Title and Normal."""
    title, added = find_or_add_style(document, BOOK_TITLE_STYLE, WD_STYLE_TYPE.PARAGRAPH, styles["Title"].name)
    if added:
        title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
        title.paragraph_format.space_before = Pt(144)
        title.paragraph_format.line_spacing = 1.1
        title.paragraph_format.line_spacing_rule = WD_LINE_SPACING.MULTIPLE
        set_size(title, 22)
    lines, added = find_or_add_style(document, BOOK_COVER_STYLE, WD_STYLE_TYPE.PARAGRAPH, styles["Normal"].name)
    if added:
        lines.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
        lines.paragraph_format.space_before = lines.paragraph_format.space_after = Pt(6)
        lines.paragraph_format.line_spacing = 1.1
        lines.paragraph_format.line_spacing_rule = WD_LINE_SPACING.MULTIPLE
        set_size(lines, 13)
    styles[BOOK_TITLE_STYLE], styles[BOOK_COVER_STYLE] = title, lines


class _BookFurniture:
    """The headers and footers of the book's own sections."""

    def __init__(self, writer, marking: str, total: int, draft: bool, theme) -> None:
        self.styles = writer.styles if writer is not None else {}
        self.marking = marking
        self.total = total
        self.draft = draft
        self.font = theme.heading_font
        self.colour = (theme.colours.get("draft_mark") or UNLISTED_COLOURS["draft_mark"]).lstrip("#").upper()

    def write(self, section, *, start: int, first_page: bool) -> None:
        """The marking top and bottom, "Book page N of M" at the foot (the section's
        pages numbered from `start`, its first page in the book), and the DRAFT mark."""
        restart_page_numbers(section, start)
        section.different_first_page_header_footer = first_page
        section.even_page_header.is_linked_to_previous = True
        section.even_page_footer.is_linked_to_previous = True
        stories = [(section.header, section.footer)]
        if first_page:
            stories.append((section.first_page_header, section.first_page_footer))
        width = Emu(section.page_width - (section.left_margin or 0) - (section.right_margin or 0))
        words, of = common.BOOK_PAGE_OF
        for number, (header, footer) in enumerate(stories):
            top = _fresh_story(header)
            self._style(top, "Classification Banner" if self.marking else "Header")
            if self.marking:
                top.add_run(self.marking)
            numbers = _fresh_story(footer)
            self._style(numbers, "Book Footer")
            shown = start + (1 if header is section.header and first_page else 0)
            numbers.add_run(f"{words} ")
            _add_field(numbers, "PAGE", str(shown))
            numbers.add_run(f" {of} ")
            _add_field(numbers, "NUMPAGES", str(self.total))
            if self.marking:
                self._style(footer.add_paragraph(self.marking), "Classification Banner")
            if self.draft:
                # ids past the memos' (two a section): unique in the document
                add_watermark(top, 1000 + 2 * start + number, width, self.font, self.colour)

    def _style(self, paragraph: Paragraph, name: str) -> None:
        if name in self.styles:
            paragraph.style = self.styles[name]


def house_style_warnings(memos) -> list[BriefWarning]:
    """A warning for each memo whose workspace has a reference.docx: one document has
    one set of styles, and the book takes the built-in look for every memo."""
    from ..theme import REFERENCE_DOCX

    warnings = []
    for memo in memos:
        found = memo.templates.locate(REFERENCE_DOCX) if memo.templates is not None else None
        if found is not None:
            warnings.append(BriefWarning(
                f"the DOCX book takes the built-in look: {REFERENCE_DOCX} (the house style of "
                f"{memo.folder.name}/) is used only when the memo is built alone", Place(found[0])))
    return warnings


def _part_start(paragraph: Paragraph, entry: str | None = None) -> None:
    """A part's first paragraph: of outline level 1 (see the module's note on
    footnotes), and with `entry`, a TC field, which prints nothing: its contents entry."""
    properties = paragraph._p.get_or_add_pPr()
    for old in properties.findall(qn("w:outlineLvl")):
        properties.remove(old)
    properties.insert_element_before(OxmlElement("w:outlineLvl", {qn("w:val"): PART_OUTLINE_LEVEL}),
                                     *_AFTER_OUTLINE_LEVEL)
    if entry is not None:
        shown = entry.replace('"', "\u201d")
        _field_code(paragraph, "", "begin")
        _field_code(paragraph, f'TC "{shown}" \\f {TOC_IDENTIFIER} \\l 1', "code")
        _field_code(paragraph, "", "end")


def _number_footnotes_per_memo(document, headings: dict) -> None:
    """Footnotes numbered from 1 in each memo (the module's note says why so)."""
    settings = document.settings.element
    properties = settings.find(qn("w:footnotePr"))
    if properties is None:  # no footnotes at all
        return
    _restart_each_section(properties)
    last = document.element.body.sectPr
    section_properties = last.find(qn("w:footnotePr"))
    if section_properties is None:
        section_properties = OxmlElement("w:footnotePr")
        # CT_SectPr: header and footer references, then footnotePr
        references = [child for child in last if child.tag in (qn("w:headerReference"), qn("w:footerReference"))]
        if references:
            references[-1].addnext(section_properties)
        else:
            last.insert(0, section_properties)
    _restart_each_section(section_properties)
    for heading in headings.values():  # Heading 1, and a variant's own
        style_properties = heading.element.get_or_add_pPr()
        for old in style_properties.findall(qn("w:outlineLvl")):
            style_properties.remove(old)
        style_properties.insert_element_before(
            OxmlElement("w:outlineLvl", {qn("w:val"): SECTION_OUTLINE_LEVEL}), *_AFTER_OUTLINE_LEVEL)


def _restart_each_section(properties) -> None:
    """w:numRestart eachSect in footnote properties (CT_FtnProps: pos, numFmt, numStart,
    numRestart, then the separator notes' w:footnote)."""
    for old in properties.findall(qn("w:numRestart")):
        properties.remove(old)
    restart = OxmlElement("w:numRestart", {qn("w:val"): "eachSect"})
    notes = properties.findall(qn("w:footnote"))
    if notes:
        notes[0].addprevious(restart)
    else:
        properties.append(restart)


def _field_code(paragraph: Paragraph, instruction: str, kind: str) -> None:
    run = paragraph.add_run()._r
    if kind in ("begin", "separate", "end"):
        run.append(OxmlElement("w:fldChar", {qn("w:fldCharType"): kind}))
    else:
        code = OxmlElement("w:instrText", {qn("xml:space"): "preserve"})
        code.text = f" {instruction} "
        run.append(code)


def _contents_entry_style(document, section):
    """Word's "toc 1" style, with the page number at the right margin after dots, as
    Word draws a contents."""
    style, added = find_or_add_style(document, CONTENTS_ENTRY_STYLE, WD_STYLE_TYPE.PARAGRAPH, "Normal", builtin=True)
    if added:
        width = Emu(section.page_width - (section.left_margin or 0) - (section.right_margin or 0))
        style.paragraph_format.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
    return style


def _contents_field(document, entries: list[tuple[str, int]], style) -> None:
    """The TOC field of the book's TC entries. Its cached result is what Word would
    show: each part, a tab, its first page; Word updates it on opening (w:updateFields)."""
    paragraphs = [document.add_paragraph(style=style) for _ in entries] or [document.add_paragraph()]
    _field_code(paragraphs[0], "", "begin")
    _field_code(paragraphs[0], f"TOC \\f {TOC_IDENTIFIER} \\h \\z", "code")
    _field_code(paragraphs[0], "", "separate")
    for paragraph, (title, page) in zip(paragraphs, entries):
        paragraph.add_run(f"{title}\t{page}")
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
