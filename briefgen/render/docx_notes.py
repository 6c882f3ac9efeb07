"""Real Word footnotes.

python-docx has no footnote API, so this module writes the footnotes part
(/word/footnotes.xml) itself: the separator and continuation separator Word
expects, then one ``w:footnote`` per note, each referenced from the body by a
``w:footnoteReference`` run. Word numbers footnotes itself, in body order.
"""

from __future__ import annotations

from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_LINE_SPACING
from docx.shared import Pt
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.text.paragraph import Paragraph

from .docx_styles import find_or_add_style, set_size

FOOTNOTES_PARTNAME = "/word/footnotes.xml"
# Word's own names for its built-in note styles (the UI shows them capitalised).
FOOTNOTE_TEXT = "footnote text"
FOOTNOTE_REFERENCE = "footnote reference"

# Ids -1 and 0 are the separator line and its continuation, as Word writes them;
# real notes count up from 1, so a note's id is also its number.
_SEPARATORS = (
    f'<w:footnotes {nsdecls("w", "r")}>'
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr>'
    '<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
    '<w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr>'
    '<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
    '<w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
    '</w:footnotes>'
)


class Footnotes:
    """The footnotes of one document. The part is created with the first note, so a
    memo without notes carries no footnotes part."""

    def __init__(self, document: Document, text_size_pt: float | None = None,
                 line_pt: float | None = None) -> None:
        self._document = document
        self._text_size_pt = text_size_pt
        self._line_pt = line_pt  # an exact line height, as the PDF's footnotes have
        self._element = None
        self._count = 0
        self._text_style_id = ""
        self._reference_style_id = ""

    @property
    def count(self) -> int:
        return self._count

    def add(self, paragraph: Paragraph, text: str) -> int:
        """Put a footnote reference at the end of ``paragraph`` and a footnote reading
        ``text`` (XML-safe plain text) in the footnotes part; return the note's id."""
        if self._element is None:
            self._start()
        self._count += 1
        note_id = self._count

        note = OxmlElement("w:footnote", {qn("w:id"): str(note_id)})
        note_paragraph = OxmlElement("w:p")
        properties = OxmlElement("w:pPr")
        properties.append(OxmlElement("w:pStyle", {qn("w:val"): self._text_style_id}))
        note_paragraph.append(properties)
        mark = self._reference_run()
        mark.append(OxmlElement("w:footnoteRef"))
        note_paragraph.append(mark)
        words = OxmlElement("w:r")
        words.text = " " + text
        note_paragraph.append(words)
        note.append(note_paragraph)
        self._element.append(note)

        reference = self._reference_run()
        reference.append(OxmlElement("w:footnoteReference", {qn("w:id"): str(note_id)}))
        paragraph._p.append(reference)
        return note_id

    def _reference_run(self):
        run = OxmlElement("w:r")
        properties = OxmlElement("w:rPr")
        properties.append(OxmlElement("w:rStyle", {qn("w:val"): self._reference_style_id}))
        run.append(properties)
        return run

    def _start(self) -> None:
        document = self._document
        text_style, added = find_or_add_style(document, FOOTNOTE_TEXT, WD_STYLE_TYPE.PARAGRAPH,
                                              "Normal", builtin=True)
        if added:
            text_style.paragraph_format.space_before = 0
            text_style.paragraph_format.space_after = 0
            if self._line_pt:
                text_style.paragraph_format.line_spacing = Pt(round(self._line_pt, 2))
                text_style.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
            else:
                text_style.paragraph_format.line_spacing = 1.0
            if self._text_size_pt:
                set_size(text_style, self._text_size_pt)
        reference_style, added = find_or_add_style(document, FOOTNOTE_REFERENCE, WD_STYLE_TYPE.CHARACTER,
                                                   builtin=True)
        if added:
            reference_style.font.superscript = True
        self._text_style_id = text_style.style_id
        self._reference_style_id = reference_style.style_id

        # A house-style base document may bring its own footnotes part; this one replaces it.
        for rel_id, rel in list(document.part.rels.items()):
            if rel.reltype == RT.FOOTNOTES:
                document.part.drop_rel(rel_id)
        self._element = parse_xml(_SEPARATORS)
        part = XmlPart(PackURI(FOOTNOTES_PARTNAME), CT.WML_FOOTNOTES, self._element, document.part.package)
        document.part.relate_to(part, RT.FOOTNOTES)
        _declare_separators(document)


def _declare_separators(document: Document) -> None:
    """Name the separator notes in settings (w:footnotePr), as Word itself does,
    keeping any numbering format a house style set there. The schema puts footnotePr
    just before endnotePr/compat; without either, skip it: Word reads the separators
    from the footnotes part anyway."""
    settings = document.settings.element
    properties = settings.find(qn("w:footnotePr"))
    if properties is None:
        successor = next((settings.find(qn(tag)) for tag in ("w:endnotePr", "w:compat")
                          if settings.find(qn(tag)) is not None), None)
        if successor is None:
            return
        properties = OxmlElement("w:footnotePr")
        successor.addprevious(properties)
    declared = {note.get(qn("w:id")) for note in properties.findall(qn("w:footnote"))}
    for note_id in ("-1", "0"):
        if note_id not in declared:
            properties.append(OxmlElement("w:footnote", {qn("w:id"): note_id}))
