"""The memo as an editable Word document, built from real Word styles.

The look lives in styles (Title, Heading 1, List Bullet, a table style with a
repeating header row, Summary, Memo Header, ...) filled from the theme, so an editor
can restyle the memo in Word; no paragraph or run is formatted directly, save
emphasis a run's one character style cannot carry. A reference.docx among the
templates, when there is one, is the base document: its styles and margins win over
the theme, and a style it lacks is added from Word's own definition (docx_styles.py).
Every word comes from render/common.py. Citations become real Word footnotes
(docx_notes.py), numbered endnotes, or nothing, as the layout says.

The same Summary always gives the same bytes: every date in the package is
stamp.embedded_time, the memo's date unless SOURCE_DATE_EPOCH says otherwise.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import docx
from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.exceptions import InvalidXmlError
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Emu, Mm, Pt, RGBColor
from docx.styles.style import BaseStyle
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml import etree
from xml.sax.saxutils import escape

from ..errors import BriefError
from ..model import AgendaItem, Participant, Point, Summary
from ..theme import REFERENCE_DOCX, Templates, Theme
from . import common
from .docx_notes import Footnotes
from .docx_reference import HINT as REFERENCE_HINT
from .docx_reference import open_reference
from .docx_styles import StyleConflict, find_or_add_style, set_size
from .stamp import embedded_time

CODE_FONT = "Courier New"
STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
APP_PROPERTIES = "docProps/app.xml"
BLANK_DOCUMENT_STYLES = ("Normal", "DefaultParagraphFont", "TableNormal", "NoList")  # as Word's own
_BASE_DOCUMENT_STATISTICS = {"Application", "AppVersion", "TotalTime", "Pages", "Words", "Characters",
                             "CharactersWithSpaces", "Lines", "Paragraphs", "HeadingPairs", "TitlesOfParts"}

# Column widths come from the content (common.column_shares); a character of table text
# is taken as about this many em of the table's font (Liberation Serif / Times New Roman).
AVERAGE_CHARACTER_EM = 0.47
# Line heights as multiples of the font size, as the stylesheet sets them (CSS
# line-height). Word's and LibreOffice's "multiple" spacing multiplies the font's own
# line height (about 1.1 em for Times New Roman / Liberation Serif), so the DOCX gives
# each style an exact line height instead: then a page holds as many lines as the PDF's.
TABLE_LINE = 1.2
FOOTNOTE_LINE = 1.05
TIGHT_FOOTNOTE_LINE = 1.0
HEADER_LABEL_WIDTH = Mm(30)  # the DATE:/SUBJECT: column of the header block
REFERENCE_NUMBER_WIDTH = Mm(9)  # "[12]" before a source, "12." before a note
RECOMMENDATION_INDENT = Mm(6)  # "1." before a recommendation or talking point; the options under it
CLEARANCE_LABEL_WIDTH = Mm(20)  # "Drafted:" and "Cleared:" before their names

# Shadings the built-in theme.yaml does not list: memo.css.j2's defaults.
UNLISTED_COLOURS = {"summary_shading": "f1f4f9", "group_shading": "f3f5f9", "draft_mark": "e4e4e4"}

# The draft watermark: Word's WordArt is a VML shape of the text-path type 136
# ("plain text"), which each header part declares once, as Word writes it.
VML = "urn:schemas-microsoft-com:vml"
VML_OFFICE = "urn:schemas-microsoft-com:office:office"
VML_WORD = "urn:schemas-microsoft-com:office:word"
_TEXT_PATH_SHAPETYPE = (
    '<v:shapetype id="_x0000_t136" coordsize="21600,21600" o:spt="136" adj="10800" '
    'path="m@7,l@8,m@5,21600l@6,21600e"><v:formulas>'
    + "".join(f'<v:f eqn="{eqn}"/>' for eqn in (
        "sum #0 0 10800", "prod #0 2 1", "sum 21600 0 @1", "sum 0 0 @2", "sum 21600 0 @3", "if @0 @3 0",
        "if @0 21600 @1", "if @0 0 @2", "if @0 @4 21600", "mid @5 @6", "mid @8 @5", "mid @7 @8", "mid @6 @7",
        "sum @6 0 @5"))
    + '</v:formulas><v:path textpathok="t" o:connecttype="custom" '
    'o:connectlocs="@9,0;@10,10800;@11,21600;@12,10800" o:connectangles="270,180,90,0"/>'
    '<v:textpath on="t" fitshape="t"/><v:handles><v:h position="#0,bottomRight" xrange="6629,14971"/>'
    '</v:handles><o:lock v:ext="edit" text="t" shapetype="t"/></v:shapetype>')

# XML 1.0 cannot hold most C0 controls; C1 controls and DEL mean nothing in a memo.
_NOT_TEXT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_COLLAPSIBLE = re.compile("[ \n]+")
_HEX_COLOUR = re.compile(r"[0-9A-Fa-f]{6}")

# w:pPr children that must follow w:pBdr and w:shd (schema order).
_AFTER_PARAGRAPH_BORDER = (
    "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
    "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
    "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
    "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
    "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")
_AFTER_LANGUAGE = ("w:eastAsianLayout", "w:specVanish", "w:oMath")


@dataclass(frozen=True)
class BookPages:
    """Where a memo stands in a briefing book (book.py), for its footers."""

    memo_pages: int  # the memo's own page count, as its PDF has it
    styles_variant: common.Variant = common.DEFAULT_VARIANT  # the layout the book's plain styles are shaped for
    first_memo: bool = True  # its writer shapes the styles it finds (the blank document's Normal); the others not


# The page furniture's styles do not change with the layout variant: one set serves a book.
FURNITURE_STYLES = ("Header", "Footer", "Book Footer", "Running Header", "Classification Banner")


def _variant_style_suffix(variant: common.Variant) -> str:
    """ "(tighter spacing 10.5 pt)": what names a variant's own styles in a book; ""
    for a variant that shapes no style differently (compact citations changes only
    the words). No comma: Word reads one in a style name as an alias."""
    parts = (["tighter spacing"] if variant.tight_spacing else []) + (
        [f"{variant.body_size:g} pt"] if variant.body_size is not None else [])
    return f"({' '.join(parts)})" if parts else ""


def render_docx(summary: Summary, templates: Templates, *, draft: bool = False,
                variant: common.Variant = common.DEFAULT_VARIANT) -> bytes:
    """The memo as the bytes of a .docx file, in the layout `variant` (the default, or
    the step layout.fit chose by measuring the PDF: its spacing and sizes match the
    stylesheet's for the same variant); `draft` puts a DRAFT watermark behind every
    page, as Word's Design > Watermark does."""
    document, reference = _base_document(templates)
    try:
        _MemoWriter(document, summary, templates, house_style=reference is not None, draft=draft,
                    variant=variant).write()
    except StyleConflict as exc:
        raise BriefError(reference, None, None, f"cannot use this house style: {exc}",
                         "rename that style in Word, or delete the file to use the built-in look") from None
    except (InvalidXmlError, ValueError, TypeError) as exc:
        if reference is None:
            raise
        # A value python-docx cannot read in the house style's styles, numbering or settings.
        raise BriefError(reference, None, None, f"cannot use this house style: {str(exc)[:200]}",
                         REFERENCE_HINT) from None
    saved = io.BytesIO()
    document.save(saved)
    return _repack(saved.getvalue(), embedded_time(summary.memo.date))


def clean_text(text: str) -> str:
    """Text Word can hold: line ends as "\\n" (a line break), a tab as a space (in the
    memo's text a tab would jump to the layout's own tab stops), and the characters
    XML cannot carry removed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return _NOT_TEXT.sub("", text)


def one_line(text: str) -> str:
    """Plain (not Markdown) text as the PDF shows it: clean_text, then runs of spaces
    and line ends as one space, as HTML collapses them. A no-break space stays."""
    return _COLLAPSIBLE.sub(" ", clean_text(text)).strip()


def word_language(tag: str) -> str:
    """The proofing language Word wants, language and region ("en" -> "en-US"),
    from the memo's BCP 47 tag."""
    from babel import Locale, UnknownLocaleError
    from babel.core import get_global

    try:
        locale = Locale.parse(tag.replace("-", "_"))
        if not locale.territory:
            likely = get_global("likely_subtags")
            scripted = f"{locale.language}_{locale.script}" if locale.script else ""
            locale = Locale.parse(likely.get(scripted) or likely.get(locale.language, locale.language))
    except (ValueError, TypeError, UnknownLocaleError):
        return "en-US"  # the language common.format_date falls back to as well
    return f"{locale.language}-{locale.territory}" if locale.territory else locale.language


def _blank_document() -> Document:
    """python-docx's template made like Word's own new blank document: only the
    styles Word defines there, and no list definitions. Every other style the memo
    uses is then added from Word's built-in definition (docx_styles), as for a house
    style that lacks it, so the styles pane lists the memo's styles and no others."""
    document = docx.Document()
    styles = document.styles.element
    for style in styles.findall(qn("w:style")):
        if style.get(qn("w:styleId")) not in BLANK_DOCUMENT_STYLES:
            styles.remove(style)
    for rel_id in [rel_id for rel_id, rel in document.part.rels.items() if rel.reltype == RT.NUMBERING]:
        document.part.drop_rel(rel_id)
    return document


def _base_document(templates: Templates) -> tuple[Document, Path | None]:
    """The templates' reference.docx emptied of content, or python-docx's blank
    document; and the reference's path, None for the blank document.

    Only the reference's look stays: styles, numbering, theme, page set-up and
    settings. Its text goes, and with it its notes, comments and the headers and
    footers of any section but the last (whose own are rewritten for the memo)."""
    # Only from inside the template folders: a reference.docx linking out is an error.
    found = templates.locate(REFERENCE_DOCX)
    if found is None:
        return _blank_document(), None
    reference, real = found
    try:
        document = open_reference(real)  # checked, bounded, with nothing that fetches
    except BriefError as error:  # named as the workspace has it, not by its resolved path
        raise BriefError(reference, error.line, error.column, error.message, error.hint) from None
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    in_use = set(body.xpath("./w:sectPr/*/@r:id"))
    rels = document.part.rels
    for rel_id in [rel_id for rel_id, rel in rels.items()
                   if rel.reltype in (RT.FOOTNOTES, RT.ENDNOTES, RT.COMMENTS)
                   or (rel.reltype in (RT.HEADER, RT.FOOTER) and rel_id not in in_use)]:
        document.part.drop_rel(rel_id)
    # Separator notes declared in settings would point into the dropped notes parts.
    _remove(document.settings.element, "w:footnotePr/w:footnote", "w:endnotePr/w:endnote")
    return document, reference


class _MemoWriter:
    """Writes one memo into one document, top to bottom."""

    def __init__(self, document: Document, summary: Summary, templates: Templates, house_style: bool,
                 draft: bool = False, variant: common.Variant = common.DEFAULT_VARIANT,
                 footnotes: Footnotes | None = None, book_pages: BookPages | None = None) -> None:
        """`book_pages`: the memo is one section of a briefing book (book.py), written into
        the document's last section, whose pages it numbers from 1 ("Page N of M" of the
        memo), each page also carrying its number in the book; the book's memos share one
        `footnotes`."""
        self.document = document
        self.book_pages = book_pages
        # A book's styles are the first memo's; another layout takes styles of its own.
        self.style_suffix = (_variant_style_suffix(variant) if book_pages and variant != book_pages.styles_variant
                             else "")
        self.draft = draft
        self.summary = summary
        self.variant = variant
        self.tight = variant.tight_spacing
        self.line_spacing = common.variant_line_spacing(templates.theme().line_spacing, variant)
        self.compact = common.compact_citations(summary, variant)
        self.memo = summary.memo
        self.templates = templates
        self.theme = templates.theme()
        self.house_style = house_style
        self.citations = summary.layout.citations
        self.footnotes = footnotes or Footnotes(
            document, self._size("footnote"),
            (TIGHT_FOOTNOTE_LINE if self.tight else FOOTNOTE_LINE) * self._size("footnote"))
        self.endnote_count = 0
        self.styles: dict[str, BaseStyle] = {}
        paper = summary.layout.paper
        if paper not in self.theme.paper:
            raise self._theme_error(f"theme has no paper size {paper!r}")
        self.page_width, self.page_height = (Mm(side) for side in self.theme.page_size(paper))
        self.text_width = Emu(0)  # set with the page
        # Word has one East Asian and one complex-script font a run (w:eastAsia, w:cs),
        # named by the theme: a Noto CJK font draws Han, kana and Hangul alike; the
        # complex-script font (Noto Naskh Arabic) draws Arabic, and Hebrew, Devanagari and
        # the rest it lacks come from the application's own per-character font fallback
        # (LibreOffice: fontconfig, which finds Noto Serif Hebrew / Devanagari; Word:
        # its fallback fonts, e.g. Times New Roman for Hebrew, Nirmala UI for Devanagari).
        # One font per script in character styles would need a second style on runs that
        # already carry Strong or Hyperlink, i.e. direct formatting.
        self.script_fonts = (self.theme.east_asian_font, self.theme.complex_script_font)

    def write(self) -> None:
        self._set_up_page()
        self._define_styles()
        self._define_form_styles()
        self._write_page_furniture()
        self._write_heading_block()
        writers = {
            "summary": self._write_summary,
            "key_points": self._write_points,
            "participants": self._write_participants,
            "agenda": self._write_agenda,
            "challenges": self._write_points,
            "open_questions": self._write_points,
            "recommendations": self._write_recommendations,
            "talking_points": self._write_talking_points,
            "attachments": self._write_attachments,
            "notes": self._write_notes,
            "sources": self._write_sources,
        }
        titles = {"recommendations": common.recommendations_title(self.summary), "attachments": None}
        shown = common.sections(self.summary, self.variant)
        for name in shown:
            if name == "source_notes":
                continue
            title = titles.get(name, common.SECTION_TITLES[name])
            if title:
                self.document.add_paragraph(title, style=self.styles["Heading 1"])
            writers[name](name)
        closing = common.prepared_by_line(self.memo)
        if closing:
            self.document.add_paragraph(one_line(closing), style=self.styles["Prepared By"])
        self._write_clearances()
        if "source_notes" in shown:  # compact citations: the quotes, on a page of their own
            self.document.add_paragraph(common.SECTION_TITLES["source_notes"],
                                        style=self.styles["Heading 1 New Page"])
            self._write_source_notes()
        self._set_properties()
        self._drop_template_leftovers()

    # ---- theme -----------------------------------------------------------------------------

    # A workspace theme that leaves a key out gets the built-in theme's value.

    def _size(self, key: str) -> float:
        if key == "body" and self.variant.body_size is not None:
            return self.variant.body_size
        return float(self.theme.sizes.get(key) or _builtin_theme().sizes[key])

    def _gap(self, normal: float, tight: float) -> float:
        """A space in points: the normal one, or the tighter one of layout.fit."""
        return tight if self.tight else normal

    def _colour(self, key: str) -> str:
        value = self.theme.colours.get(key) or _builtin_theme().colours.get(key) or UNLISTED_COLOURS[key]
        if not _HEX_COLOUR.fullmatch(value):
            raise self._theme_error(f"theme colour {key!r} is not a hex RGB value: {value!r}")
        return value.upper()

    def _theme_error(self, message: str) -> BriefError:
        return BriefError(self.templates.shown("theme.yaml"), 1, 1, message,
                          "compare it with the built-in templates/theme.yaml")

    # ---- page and styles -------------------------------------------------------------------------

    def _set_up_page(self) -> None:
        """The paper is always the layout's, as in the PDF. The margins are the
        theme's, unless a house style brings its own page set-up."""
        section = self.document.sections[-1]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = self.page_width, self.page_height
        if not self.house_style:
            margins = {side: Mm(self.theme.margins.get(side, 25.0)) for side in ("top", "bottom", "left", "right")}
            section.top_margin, section.bottom_margin = margins["top"], margins["bottom"]
            section.left_margin, section.right_margin = margins["left"], margins["right"]
            # Header and footer sit in the middle of their margins, clear of the text.
            section.header_distance = Emu(margins["top"] // 2)
            section.footer_distance = Emu(margins["bottom"] // 2)
        self.text_width = Emu(section.page_width - (section.left_margin or 0) - (section.right_margin or 0))
        section.different_first_page_header_footer = True
        # Only first-page and default headers are written: no separate even-page ones.
        self.document.settings.odd_and_even_pages_header_footer = False

    def _style(self, name: str, kind: WD_STYLE_TYPE = WD_STYLE_TYPE.PARAGRAPH, base: str | None = "Normal",
               builtin: bool = False) -> BaseStyle | None:
        """Find or add a style for use; return it if the theme should shape it, or None
        when the house-style reference document already defines it, or (in a book) an
        earlier memo's writer added and shaped it. In a book, a memo laid out in another
        variant than the book's first memo takes paragraph styles of its own, named
        for the variant ("Normal (tighter spacing 10.5 pt)"): one document has one set
        of styles, and the variant's sizes and spacing live in them."""
        suffix = self.style_suffix if kind == WD_STYLE_TYPE.PARAGRAPH and name not in FURNITURE_STYLES else ""
        if suffix:
            own_base = f"{base or name} {suffix}" if base not in FURNITURE_STYLES else base
            if base is None:  # the variant's Normal builds on the document's Normal
                own_base = name
            style, added = find_or_add_style(self.document, f"{name} {suffix}", kind, own_base, builtin=False,
                                             like=name if builtin else None)
        else:
            style, added = find_or_add_style(self.document, name, kind, base, builtin)
        self.styles[name] = style
        shapes_found = not self.house_style and (not self.book_pages or self.book_pages.first_memo)
        return style if added or shapes_found else None

    def _define_styles(self) -> None:
        theme, lang = self.theme, word_language(self.memo.lang)
        text, heading, muted = self._colour("text"), self._colour("heading"), self._colour("muted")
        defaults = _default_run_properties(self.document)
        normal = self._style("Normal", base=None)
        # The language is the memo's, not the house style's: always set.
        _set_language(self.styles["Normal"].element.get_or_add_rPr(), lang)
        if defaults is not None:
            _set_language(defaults, lang)
        if normal:
            # The East Asian and complex-script slots, and the languages they are for.
            for properties in (defaults, normal.element.get_or_add_rPr()):
                if properties is not None:
                    _set_language(properties, lang, theme.east_asian_lang, theme.complex_script_lang)
            if defaults is not None:
                _name_font(defaults, theme.body_font, self.script_fonts)
            _set_font(normal, theme.body_font, self._size("body"), text, scripts=self.script_fonts)
            _spacing(normal, before=0, after=self._gap(3.3, 2.2))
            _exact_lines(normal, self._size("body") * self.line_spacing)

        title = self._style("Title", builtin=True)
        if title:
            _set_font(title, theme.heading_font, self._size("memo_type"), heading, bold=True,
                      scripts=self.script_fonts)
            _remove(title.element, "w:pPr/w:pBdr", "w:rPr/w:spacing", "w:pPr/w:contextualSpacing")
            _spacing(title, before=0, after=7)
            _exact_lines(title, self._size("memo_type") * self.line_spacing)
            title.font.all_caps = theme.heading_caps

        heading_1 = self._style("Heading 1", builtin=True)
        if heading_1:
            _set_font(heading_1, theme.heading_font, self._size("heading"), heading, bold=True,
                      scripts=self.script_fonts)
            _spacing(heading_1, before=self._gap(5.7, 4), after=self._gap(2.3, 1.5))
            _exact_lines(heading_1, self._size("heading") * self.line_spacing)
            _border(heading_1, "bottom", self._colour("table_border"), eighths=4, space=1)
            heading_1.paragraph_format.keep_with_next = True
            heading_1.font.all_caps = theme.heading_caps
        # Source Notes (compact citations) start a page of their own: a style, not a
        # page break typed into the text, so an editor can restyle or remove it.
        new_page_heading = self._style("Heading 1 New Page", base="Heading 1")
        if new_page_heading:
            new_page_heading.paragraph_format.page_break_before = True

        bullets = self._style("List Bullet", builtin=True)
        if bullets:
            _remove(bullets.element, "w:pPr/w:contextualSpacing")
            _spacing(bullets, before=0, after=self._gap(0.6, 0))

        memo_header = self._style("Memo Header")
        if memo_header:
            _spacing(memo_header, before=0, after=2)
            _hanging(memo_header, HEADER_LABEL_WIDTH)
            # Neighbouring paragraphs with the same border form one bordered group, so
            # the rule is drawn once, under the last line of the block.
            _border(memo_header, "bottom", self._colour("rule"), eighths=12, space=6)
        label = self._style("Memo Header Label", WD_STYLE_TYPE.CHARACTER, base=None)
        if label:
            label.font.bold = True

        bluf = self._style("Summary")
        if bluf:
            _border(bluf, "left", self._colour("rule"), eighths=24, space=8)
            _shade(bluf, self._colour("summary_shading"))
            bluf.paragraph_format.left_indent = Mm(3)
            bluf.paragraph_format.right_indent = Mm(1)
            _spacing(bluf, before=2, after=self._gap(4, 3))

        table_text = self._style("Table Text")
        if table_text:
            _set_font(table_text, None, self._size("table"))
            _spacing(table_text, before=self._gap(0.85, 0.45), after=self._gap(0.85, 0.45))
            _exact_lines(table_text, self._size("table") * TABLE_LINE)
        table_heading = self._style("Table Heading", base="Table Text")
        if table_heading:
            _set_font(table_heading, None, None, heading, bold=True)
            table_heading.paragraph_format.keep_with_next = True
        table_group = self._style("Table Group", base="Table Text")
        if table_group:
            _set_font(table_group, None, None, None, bold=True)
            table_group.font.italic = True
            _shade(table_group, self._colour("group_shading"))
            table_group.paragraph_format.keep_with_next = True  # an organisation stays with its people

        entry = self._style("Reference Entry")
        if entry:
            _set_font(entry, None, self._size("table"))
            _spacing(entry, before=0, after=3.4)
            _exact_lines(entry, self._size("table") * TABLE_LINE)
            _hanging(entry, REFERENCE_NUMBER_WIDTH)

        closing = self._style("Prepared By")
        if closing:
            _set_font(closing, None, self._size("table"), muted)
            _spacing(closing, before=9, after=0)
            _border(closing, "top", self._colour("table_border"), eighths=4, space=3)

        furniture = self._size("page_furniture")
        page_header = self._style("Header", builtin=True)
        if page_header:
            _set_font(page_header, None, furniture, muted)
            _spacing(page_header, before=0, after=0, line=1.0)
        # The date in the running header stands at the right margin: page geometry,
        # not look, so set for this paper even in a house style.
        header_tabs = self.styles["Header"].paragraph_format.tab_stops
        header_tabs.clear_all()
        header_tabs.add_tab_stop(self.text_width, WD_TAB_ALIGNMENT.RIGHT)
        page_footer = self._style("Footer", builtin=True)
        if page_footer:
            _set_font(page_footer, None, furniture, muted)
            _spacing(page_footer, before=0, after=0, line=1.0)
            page_footer.paragraph_format.tab_stops.clear_all()
            page_footer.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT  # as the PDF's page numbers
        if self.book_pages:
            # The book's own pages (cover, contents, back matter): "Book page N of M", bottom left.
            book_footer = self._style("Book Footer", base="Footer")
            if book_footer:
                book_footer.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
        running_header = self._style("Running Header", base="Header")
        if running_header:
            _border(running_header, "bottom", self._colour("table_border"), eighths=4, space=1)
        banner = self._style("Classification Banner", base="Header")
        if banner:
            _set_font(banner, None, furniture, self._colour("banner"), bold=True)
            banner.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER

        # Inline Markdown: **strong**, *emphasis*, `code`, links.
        strong = self._style("Strong", WD_STYLE_TYPE.CHARACTER, base=None, builtin=True)
        if strong:
            strong.font.bold = True
        emphasis = self._style("Emphasis", WD_STYLE_TYPE.CHARACTER, base=None, builtin=True)
        if emphasis:
            emphasis.font.italic = True
        link = self._style("Hyperlink", WD_STYLE_TYPE.CHARACTER, base=None, builtin=True)
        if link:
            _set_font(link, None, None, heading)
            link.font.underline = True
        code = self._style("HTML Code", WD_STYLE_TYPE.CHARACTER, base=None, builtin=True)
        if code:
            _set_font(code, CODE_FONT, scripts=self.script_fonts)
        endnote = self._style("endnote reference", WD_STYLE_TYPE.CHARACTER, base=None, builtin=True)
        if endnote:
            endnote.font.superscript = True
        self._define_table_style()

    def _define_table_style(self) -> None:
        name = "Memo Table"
        if name not in self.document.styles:
            border = self._colour("table_border")
            edges = "".join(f'<w:{edge} w:val="single" w:sz="4" w:space="0" w:color="{border}"/>'
                            for edge in ("top", "left", "bottom", "right", "insideH", "insideV"))
            # Left and right as the stylesheet's cell padding; above and below, the Table Text
            # paragraph's spacing is the padding (a cell margin there too made every row 3 pt
            # taller than the PDF's, and the DOCX a page longer).
            margins = "".join(f'<w:{side} w:w="{width}" w:type="dxa"/>'
                              for side, width in (("top", 0), ("left", 85), ("bottom", 0), ("right", 85)))
            self.document.styles.element.append(parse_xml(
                f'<w:style {nsdecls("w")} w:type="table" w:customStyle="1" w:styleId="MemoTable">'
                f'<w:name w:val="{name}"/><w:basedOn w:val="TableNormal"/><w:uiPriority w:val="59"/>'
                f'<w:qFormat/><w:tblPr><w:tblBorders>{edges}</w:tblBorders>'
                f'<w:tblCellMar>{margins}</w:tblCellMar></w:tblPr>'
                f'<w:tblStylePr w:type="firstRow"><w:rPr><w:b/><w:bCs/></w:rPr><w:tblPr/>'
                f'<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{self._colour("table_header")}"/>'
                f'</w:tcPr></w:tblStylePr></w:style>'))
        self.styles[name] = self.document.styles[name]

    # ---- page furniture --------------------------------------------------------------------------

    def _write_page_furniture(self) -> None:
        """Banner on top and bottom of every page, "Page N of M" in every footer, and
        from page 2 on a running header with the short subject and the date."""
        section = self.document.sections[-1]
        if self.book_pages:
            restart_page_numbers(section)
        # Odd and even pages share one header and footer: a house style's even-page
        # ones would never show.
        section.even_page_header.is_linked_to_previous = True
        section.even_page_footer.is_linked_to_previous = True
        banner = one_line(common.banner_text(self.memo))
        for header, running in ((section.first_page_header, False), (section.header, True)):
            first_line = _fresh_story(header)
            first_line.style = self.styles["Classification Banner" if banner else "Header"]
            if banner:
                first_line.add_run(banner)
            if running:
                line = header.add_paragraph() if banner else first_line
                line.style = self.styles["Running Header"]
                line.add_run(one_line(common.short_subject(self.memo)) + "\t"
                             + common.format_date(self.memo.date, self.memo.lang))
        page, of = common.PAGE_OF
        # A footer is one story for all the pages it is on, so its cached field results
        # can be right for one page only: the first page's footer's for page 1, the other
        # footer's for page 2. (Word and LibreOffice compute PAGE for each page anyway.)
        last = self.book_pages.memo_pages if self.book_pages else 1
        for footer, shown_page in ((section.first_page_footer, 1), (section.footer, min(2, last))):
            numbers = _fresh_story(footer)
            numbers.style = self.styles["Footer"]
            numbers.add_run(f"{page} ")
            _add_field(numbers, "PAGE", str(shown_page))
            numbers.add_run(f" {of} ")
            if self.book_pages:
                _add_field(numbers, "SECTIONPAGES", str(self.book_pages.memo_pages))
            else:
                _add_field(numbers, "NUMPAGES", "1")
            if banner:
                footer.add_paragraph(banner, style=self.styles["Classification Banner"])
        if self.draft:
            # Watermark ids unique in the document: two headers a section.
            for index, header in enumerate((section.first_page_header, section.header)):
                add_watermark(header.paragraphs[0], 2 * len(self.document.sections) - 1 + index,
                              self.text_width, self.theme.heading_font, self._colour("draft_mark"))

    # ---- body ---------------------------------------------------------------------------------------

    def _write_heading_block(self) -> None:
        if one_line(self.memo.type):
            self.document.add_paragraph(one_line(self.memo.type), style=self.styles["Title"])
        for label, value in common.header_fields(self.memo, self.summary.layout.portion_marks):
            line = self.document.add_paragraph(style=self.styles["Memo Header"])
            line.add_run(f"{label}:", style=self.styles["Memo Header Label"])
            line.add_run("\t" + one_line(value))

    def _write_summary(self, name: str) -> None:
        line = self.document.add_paragraph(style=self.styles["Summary"])
        self._add_mark(line, self.summary.summary_mark)
        self._add_markdown(line, self.summary.summary.strip())

    def _write_points(self, name: str) -> None:
        points: list[Point] = getattr(self.summary, name)
        for point in points:
            line = self.document.add_paragraph(style=self.styles["List Bullet"])
            self._add_mark(line, point.mark)
            self._add_markdown(line, common.point_text(point, self.memo.lang))
            self._cite(line, point)

    def _write_participants(self, name: str) -> None:
        rows = [(one_line(person.name), one_line(person.role)) for person in self.summary.participants]
        table = self._table(common.PARTICIPANT_COLUMNS,
                            self._shares(common.PARTICIPANT_COLUMNS, rows, common.PARTICIPANT_FLOORS))
        for org, people in common.participant_groups(self.summary.participants):
            group = _whole_row(table.add_row())
            cell = group.cells[0].merge(group.cells[-1])
            cell.paragraphs[0].style = self.styles["Table Group"]
            cell.paragraphs[0].add_run(one_line(org))  # a paragraph of its own: nothing to isolate
            for person in people:
                name_cell, role_cell = _whole_row(table.add_row()).cells
                self._add_mark(name_cell.paragraphs[0], person.mark)
                self._cell_text(name_cell, person.name, person)
                self._cell_text(role_cell, person.role)

    def _write_agenda(self, name: str) -> None:
        cells = [common.agenda_cells(entry, self.memo.lang) for entry in self.summary.agenda]
        rows = [(one_line(when), one_line(common.plain_text(item)), one_line(where), one_line(who))
                for when, item, where, who in cells]
        dates = frozenset((row, 0) for row, entry in enumerate(self.summary.agenda) if entry.when and entry.when.dated)
        table = self._table(common.AGENDA_COLUMNS,
                            self._shares(common.AGENDA_COLUMNS, rows, common.AGENDA_FLOORS, dates))
        for entry in self.summary.agenda:
            when, item, where, who = common.agenda_cells(entry, self.memo.lang)
            when_cell, item_cell, where_cell, who_cell = _whole_row(table.add_row()).cells
            self._add_mark(when_cell.paragraphs[0], entry.mark)
            self._cell_text(when_cell, when)
            item_cell.paragraphs[0].style = self.styles["Table Text"]
            self._add_markdown(item_cell.paragraphs[0], item)
            self._cite(item_cell.paragraphs[0], entry)
            self._cell_text(where_cell, where)
            self._cell_text(who_cell, who)

    # ---- forms and markings ------------------------------------------------------------------------

    def _define_form_styles(self) -> None:
        """Styles of the action memo's recommendations, the talking points, attachments,
        the drafted/cleared block and portion marks."""
        mark = self._style("Portion Mark", WD_STYLE_TYPE.CHARACTER, base=None)
        if mark:
            mark.font.bold = True
        recommendation = self._style("Recommendation")
        if recommendation:
            _spacing(recommendation, before=3, after=2)
            _hanging(recommendation, RECOMMENDATION_INDENT)
            recommendation.paragraph_format.keep_with_next = True  # with its options
        options = self._style("Recommendation Options")
        if options:
            options.paragraph_format.left_indent = RECOMMENDATION_INDENT
            _spacing(options, before=0, after=4)
        decision = self._style("Decision Line")
        if decision:
            decision.font.italic = True
            _spacing(decision, before=2, after=4)
        talking_point = self._style("Talking Point")
        if talking_point:
            _spacing(talking_point, before=0, after=3)
            _hanging(talking_point, RECOMMENDATION_INDENT)
        label = self._style("Attachments Label")
        if label:
            label.font.bold = True
            _spacing(label, before=9, after=0)
            label.paragraph_format.keep_with_next = True
        attachment = self._style("Attachment")
        if attachment:
            attachment.paragraph_format.left_indent = RECOMMENDATION_INDENT
            _spacing(attachment, before=0, after=0)
        clearance = self._style("Clearance")
        if clearance:
            _set_font(clearance, None, self._size("table"), self._colour("muted"))
            _spacing(clearance, before=0, after=0, line=1.1)
            _hanging(clearance, CLEARANCE_LABEL_WIDTH)
            clearance.paragraph_format.keep_with_next = True  # the block stays on one page
        # the first line of the block, when no Prepared By line above draws the rule
        first_clearance = self._style("Clearance First", base="Clearance")
        if first_clearance:
            _spacing(first_clearance, before=9, after=0)
            _border(first_clearance, "top", self._colour("table_border"), eighths=4, space=3)

    def _add_mark(self, paragraph: Paragraph, mark: str) -> None:
        """The portion mark a paragraph or a row's first cell starts with, in its own style."""
        text = common.item_mark(self.summary, mark)
        if text:
            paragraph.add_run(text + " ", style=self.styles["Portion Mark"])

    def _write_recommendations(self, name: str) -> None:
        for index, recommendation in enumerate(self.summary.recommendations, start=1):
            line = self.document.add_paragraph(style=self.styles["Recommendation"])
            number = common.recommendation_number(self.summary, index)
            if number:
                line.add_run(number + "\t")
            self._add_mark(line, recommendation.mark)
            self._add_markdown(line, recommendation.text)
            self.document.add_paragraph(one_line(common.option_line(recommendation.options)),
                                        style=self.styles["Recommendation Options"])
        decision = common.decision_line(self.memo)
        if decision:
            self.document.add_paragraph(decision, style=self.styles["Decision Line"])

    def _write_talking_points(self, name: str) -> None:
        for number, point in enumerate(self.summary.talking_points, start=1):
            line = self.document.add_paragraph(style=self.styles["Talking Point"])
            line.add_run(f"{number}.\t")
            self._add_mark(line, point.mark)
            self._add_markdown(line, point.text)

    def _write_attachments(self, name: str) -> None:
        self.document.add_paragraph(common.attachments_label(self.memo), style=self.styles["Attachments Label"])
        for attachment in self.memo.attachments:
            self.document.add_paragraph(common.isolate(one_line(attachment)), style=self.styles["Attachment"])

    def _write_clearances(self) -> None:
        """ "Drafted:" and "Cleared:" lines, a clearance a line, closing the memo."""
        first = not common.prepared_by_line(self.memo)
        for label, values in common.closing_lines(self.memo):
            for index, value in enumerate(values):
                style = "Clearance First" if first else "Clearance"
                first = False
                line = self.document.add_paragraph(style=self.styles[style])
                line.add_run((f"{label}:" if index == 0 else "") + "\t" + one_line(value))

    def _write_notes(self, name: str) -> None:
        cited = [item for item in common.cited_items(self.summary) if common.item_note_text(item, self.summary)]
        for number, item in enumerate(cited, start=1):
            line = self.document.add_paragraph(style=self.styles["Reference Entry"])
            line.add_run(f"{number}.\t" + self._note(item))

    def _write_sources(self, name: str) -> None:
        for source in self.summary.sources:
            line = self.document.add_paragraph(style=self.styles["Reference Entry"])
            line.add_run(f"[{source.number}]\t" + one_line(common.source_text(source, self.memo.lang)))
            if common.link_target(source.url):
                line.add_run(" ")
                self._add_link(line, source.url)
            elif source.url.strip():
                line.add_run(" " + one_line(source.url))

    # ---- pieces -----------------------------------------------------------------------------------------

    def _shares(self, header: tuple[str, ...], rows: list[tuple[str, ...]], floors: dict[int, float],
                whole: frozenset[tuple[int, int]] = frozenset()) -> list[float]:
        """Column shares from the content, for this page's text width and the table's font size."""
        capacity = self.text_width.pt / (self._size("table") * AVERAGE_CHARACTER_EM)
        return common.column_shares(header, rows, capacity, floors, whole)

    def _table(self, columns: tuple[str, ...], shares: list[float]) -> Table:
        """A table in the memo's table style whose first row, repeated on every page
        the table runs onto, names the columns."""
        table = self.document.add_table(rows=1, cols=len(columns))
        table.style = self.styles["Memo Table"]
        table.autofit = False
        widths = [Emu(int(self.text_width * share)) for share in shares]
        for column, width in zip(table.columns, widths):
            column.width = width  # rows added later take their cell widths from these
        header = _whole_row(table.rows[0], repeat=True)
        for cell, width, title in zip(header.cells, widths, columns):
            cell.width = width
            cell.paragraphs[0].style = self.styles["Table Heading"]
            cell.paragraphs[0].add_run(title)
        return table

    def _cell_text(self, cell: _Cell, text: str, cited: Participant | None = None) -> None:
        """Plain text in a table cell, then the note marker of ``cited``."""
        line = cell.paragraphs[0]
        line.style = self.styles["Table Text"]
        if text:
            line.add_run(common.isolate(one_line(text)))
        if cited is not None:
            self._cite(line, cited)

    def _add_markdown(self, paragraph: Paragraph, text: str) -> None:
        """Inline Markdown as runs: bold, italic, code and live web links. Text is
        cleaned before parsing (the parser would turn NUL into U+FFFD) and after it
        (the character reference "&#12;" decodes to a form feed)."""
        pieces = [(piece, clean_text(piece.text)) for piece in common.inline_runs(clean_text(text))]
        pieces = [(piece, words) for piece, words in pieces if words]
        if pieces and common.has_rtl(text):  # one bidi isolate, as in the PDF (render/common.py)
            pieces[0] = (pieces[0][0], common.isolate_start(text) + pieces[0][1])
            pieces[-1] = (pieces[-1][0], pieces[-1][1] + common.PDI)
        for piece, words in pieces:
            target = common.link_target(piece.href)
            run = self._add_link(paragraph, target, words) if target else paragraph.add_run(words)
            # Word gives a run one character style, chosen here by what the words are;
            # emphasis the style does not carry (bold words in a link) is set on the run.
            role = next((style for style, present in (("Hyperlink", target), ("HTML Code", piece.code),
                                                      ("Strong", piece.bold), ("Emphasis", piece.italic))
                         if present), None)
            if role is not None:
                run.style = self.styles[role]
            run.bold = True if piece.bold and role != "Strong" else None
            run.italic = True if piece.italic and role != "Emphasis" else None

    def _add_link(self, paragraph: Paragraph, url: str, words: str | None = None) -> Run:
        """A hyperlink to an external URL (never fetched) showing ``words`` (the URL
        itself by default); returns its run."""
        rel_id = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
        hyperlink = OxmlElement("w:hyperlink", {qn("r:id"): rel_id})
        paragraph._p.append(hyperlink)
        element = OxmlElement("w:r")
        hyperlink.append(element)
        run = Run(element, paragraph)
        run.style = self.styles["Hyperlink"]
        run.text = words if words is not None else url
        return run

    def _note(self, item: Point | Participant | AgendaItem) -> str:
        # One line: a quote's own line breaks would only break the note apart.
        return one_line(common.item_note_text(item, self.summary, self.compact))

    def _write_source_notes(self) -> None:
        """Compact citations' quotes: each footnote's number, then its citations whole."""
        cited = [item for item in common.cited_items(self.summary) if item.citations]
        for number, item in enumerate(cited, start=1):
            line = self.document.add_paragraph(style=self.styles["Reference Entry"])
            line.add_run(f"{number}.\t" + one_line(common.source_note_text(item.citations, self.summary)))

    def _cite(self, paragraph: Paragraph, item: Point | Participant | AgendaItem) -> None:
        """The item's note marker, right after its text: its citations and the analyst's
        note (a note alone is a footnote even with `citations: none`)."""
        if not common.item_note_text(item, self.summary):
            return
        if self.citations in ("footnotes", "none"):
            self.footnotes.add(paragraph, self._note(item))
        elif self.citations == "endnotes":
            self.endnote_count += 1
            paragraph.add_run(str(self.endnote_count), style=self.styles["endnote reference"])

    def _set_properties(self) -> None:
        memo = self.memo
        properties = self.document.core_properties
        author = _property(common.document_author(memo))
        properties.title = _property(memo.title)
        properties.subject = _property(memo.subject or memo.title)
        properties.author = author
        properties.last_modified_by = author
        properties.keywords = _property(", ".join(common.document_keywords(self.summary)))
        properties.category = _property(memo.type)
        properties.content_status = _property(memo.classification)
        properties.comments = ""
        properties.language = _property(memo.lang)
        properties.created = properties.modified = properties.last_printed = embedded_time(memo.date)
        properties.revision = 1

    def _drop_template_leftovers(self) -> None:
        """The blank template's thumbnail shows an empty page, not this memo; its
        stylesWithEffects.xml is a stale copy of the styles Word 2010 might read
        instead of the ones written here."""
        for rels, stale in ((self.document.part.package.rels, RT.THUMBNAIL),
                            (self.document.part.rels, STYLES_WITH_EFFECTS)):
            for rel_id in [rel_id for rel_id, rel in rels.items() if rel.reltype == stale]:
                del rels[rel_id]


@lru_cache(maxsize=1)
def _builtin_theme() -> Theme:
    return Templates.for_workspace(None).theme()


# ---- XML helpers ------------------------------------------------------------------------------------

def _property(value: str) -> str:
    """A core property value: one line of XML-safe text within python-docx's 255 characters."""
    return one_line(value)[:255]


def _set_font(style: BaseStyle, name: str | None, size_pt: float | None = None,
              colour: str | None = None, bold: bool | None = None,
              scripts: tuple[str, str] | None = None) -> None:
    run_properties = style.element.get_or_add_rPr()
    if name is not None:
        _name_font(run_properties, name, scripts)
    if size_pt is not None:
        set_size(style, size_pt)
    if colour is not None:
        style.font.color.rgb = RGBColor.from_string(colour)
    if bold is not None:
        style.font.bold = bold


def _name_font(run_properties, name: str, scripts: tuple[str, str] | None = None) -> None:
    """Name the font for every script: ``name`` for Latin (and Greek and Cyrillic), and
    ``scripts`` (East Asian, complex script) for the other two slots, ``name`` when not
    given. Theme fonts are dropped: they would otherwise win."""
    east_asian, complex_script = scripts or (name, name)
    fonts = run_properties.get_or_add_rFonts()
    for script, font in (("ascii", name), ("hAnsi", name), ("cs", complex_script), ("eastAsia", east_asian)):
        fonts.set(qn(f"w:{script}"), font)
    for script in ("asciiTheme", "hAnsiTheme", "cstheme", "eastAsiaTheme"):
        fonts.attrib.pop(qn(f"w:{script}"), None)


def _default_run_properties(document: Document):
    """The run properties every style builds on; python-docx's template and Word's
    documents always have them."""
    return document.styles.element.find(qn("w:docDefaults") + "/" + qn("w:rPrDefault") + "/" + qn("w:rPr"))


def _set_language(run_properties, lang: str, east_asian: str | None = None,
                  complex_script: str | None = None) -> None:
    """Word's proofing (and hyphenation) language for text under these run properties;
    and, when given, the languages of East Asian and complex-script text."""
    language = run_properties.find(qn("w:lang"))
    if language is None:
        language = run_properties.insert_element_before(OxmlElement("w:lang"), *_AFTER_LANGUAGE)
    language.set(qn("w:val"), lang)
    for attribute, value in (("w:eastAsia", east_asian), ("w:bidi", complex_script)):
        if value:
            language.set(qn(attribute), value)


def _spacing(style, before: float, after: float, line: float | None = None) -> None:
    layout = style.paragraph_format
    layout.space_before, layout.space_after = Pt(before), Pt(after)
    if line is not None:
        layout.line_spacing = line


def _exact_lines(style, points: float) -> None:
    """Every line of the style exactly this high, as CSS line-height sets it."""
    style.paragraph_format.line_spacing = Pt(round(points, 2))
    style.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY


def _hanging(style, width: Emu) -> None:
    """A hanging indent with a tab stop at it: the label, a tab, then text that wraps
    under itself."""
    layout = style.paragraph_format
    layout.left_indent, layout.first_line_indent = width, Emu(-width)
    layout.tab_stops.add_tab_stop(width)


def _border(style, side: str, colour: str, eighths: int, space: int) -> None:
    properties = style.element.get_or_add_pPr()
    borders = properties.find(qn("w:pBdr"))
    if borders is None:
        borders = properties.insert_element_before(OxmlElement("w:pBdr"), *_AFTER_PARAGRAPH_BORDER)
    borders.append(OxmlElement(f"w:{side}", {qn("w:val"): "single", qn("w:sz"): str(eighths),
                                             qn("w:space"): str(space), qn("w:color"): colour}))


def _shade(style, fill: str) -> None:
    shading = OxmlElement("w:shd", {qn("w:val"): "clear", qn("w:color"): "auto", qn("w:fill"): fill})
    style.element.get_or_add_pPr().insert_element_before(shading, *_AFTER_PARAGRAPH_BORDER[1:])


def _remove(element, *paths: str) -> None:
    for path in paths:
        for found in element.xpath(path):
            found.getparent().remove(found)


def restart_page_numbers(section, start: int = 1) -> None:
    """The section's pages numbered from `start` (w:pgNumType w:start): a book's memo
    from 1, its back matter from its first page in the book."""
    sect_pr = section._sectPr
    number_type = sect_pr.find(qn("w:pgNumType"))
    if number_type is None:
        number_type = OxmlElement("w:pgNumType")
        # CT_SectPr's order: headers, footers, footnotePr, endnotePr, type, pgSz, pgMar,
        # paperSrc, pgBorders, lnNumType, then pgNumType
        later = [sect_pr.find(qn(f"w:{name}")) for name in
                 ("cols", "formProt", "vAlign", "noEndnote", "titlePg", "textDirection", "bidi",
                  "rtlGutter", "docGrid", "printerSettings", "sectPrChange")]
        later = [element for element in later if element is not None]
        if later:
            later[0].addprevious(number_type)
        else:
            sect_pr.append(number_type)
    number_type.set(qn("w:start"), str(start))


def _fresh_story(story) -> Paragraph:
    """Give a header or footer its own empty definition (dropping any the base
    document had) and return its one empty paragraph."""
    story.is_linked_to_previous = True
    story.is_linked_to_previous = False
    return story.paragraphs[0]


def _add_field(paragraph: Paragraph, instruction: str, shown: str) -> None:
    """A live Word field such as PAGE: Word computes it; ``shown`` stands in until then."""
    def field_char(kind: str) -> None:
        paragraph.add_run()._r.append(OxmlElement("w:fldChar", {qn("w:fldCharType"): kind}))

    field_char("begin")
    code = OxmlElement("w:instrText", {qn("xml:space"): "preserve"})
    code.text = f" {instruction} "
    paragraph.add_run()._r.append(code)
    field_char("separate")
    paragraph.add_run(shown)
    field_char("end")


def add_watermark(paragraph: Paragraph, number: int, width: Emu, font: str, colour: str) -> None:
    """A DRAFT watermark as Word makes one (Design > Watermark): WordArt, i.e. a VML
    text-path shape, in a run of the header's first paragraph, centred on the page
    margins, turned 45° up, light grey, behind the text (negative z-index), so it
    shows on every page the header is on. Word finds its watermarks by the
    PowerPlusWaterMarkObject id (to replace or remove them), `number` making it unique
    in the document; LibreOffice reads the shape as Fontwork. The mark spans `width`
    (the text width), a third as high, as Word sizes it; `colour` is the PDF's (theme
    draft_mark), solid: no opacity, which PDF/A also forbids in the PDF."""
    points = int(width.pt)
    text = escape(common.DRAFT_MARK, {'"': "&quot;"})
    font = escape(font, {'"': "&quot;"})
    paragraph.add_run()._r.append(parse_xml(
        f'<w:pict {nsdecls("w")} xmlns:v="{VML}" xmlns:o="{VML_OFFICE}" xmlns:w10="{VML_WORD}">'
        f"{_TEXT_PATH_SHAPETYPE}"
        f'<v:shape id="PowerPlusWaterMarkObject{number}" o:spid="_x0000_s{2048 + number}" '
        f'type="#_x0000_t136" style="position:absolute;margin-left:0;margin-top:0;width:{points}pt;'
        f'height:{points // 3}pt;rotation:315;z-index:-251654144;mso-position-horizontal:center;'
        f"mso-position-horizontal-relative:margin;mso-position-vertical:center;"
        f'mso-position-vertical-relative:margin" o:allowincell="f" fillcolor="#{colour}" stroked="f">'
        f'<v:textpath style="font-family:&quot;{font}&quot;;font-size:1pt;font-weight:bold" string="{text}"/>'
        f'<w10:wrap anchorx="margin" anchory="margin"/></v:shape></w:pict>'))


def _whole_row(row, repeat: bool = False):
    """The row, marked never to split across pages; a ``repeat`` row heads each page
    the table runs onto."""
    properties = row._tr.get_or_add_trPr()
    properties.append(OxmlElement("w:cantSplit"))
    if repeat:
        properties.append(OxmlElement("w:tblHeader"))
    return row


def _repack(package: bytes, moment: dt.datetime) -> bytes:
    """python-docx stamps each zip entry with the current time. Re-pack the package
    with the embedded time (UTC) and fixed entry attributes, [Content_Types].xml first,
    so the same memo always gives the same bytes; on the way, docProps/app.xml is made true."""
    stamp = (min(max(moment.year, 1980), 2107), moment.month, moment.day,  # the years zip can hold
             moment.hour, moment.minute, moment.second)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as saved, zipfile.ZipFile(out, "w") as repacked:
        names = sorted(saved.namelist(), key=lambda name: name != "[Content_Types].xml")
        for name in names:
            entry = zipfile.ZipInfo(name, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 3  # Unix, so unpacked files are plainly readable
            entry.external_attr = 0o644 << 16
            data = saved.read(name)
            repacked.writestr(entry, _application_properties(data) if name == APP_PROPERTIES else data)
    return out.getvalue()


def _application_properties(xml: bytes) -> bytes:
    """docProps/app.xml as the base document had it, less what describes the base
    rather than this memo: the application that wrote it ("Microsoft Macintosh Word"
    in python-docx's template) and its counts of pages, words and headings, which Word
    fills in again when it saves. The application is now briefgen."""
    root = etree.fromstring(xml)
    for child in list(root):
        if etree.QName(child).localname in _BASE_DOCUMENT_STATISTICS:
            root.remove(child)
    application = etree.SubElement(root, etree.QName(root.nsmap.get(None), "Application").text)
    application.text = "briefgen"
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
