"""Finding the Word styles a memo needs, and adding those its base document lacks.

A house-style reference.docx made in Word defines only some styles in styles.xml;
Word's other built-in styles (Heading 1, List Bullet, Title, Strong, ...) are merely
declared in ``w:latentStyles``, and Word writes out their built-in definition the
first time one is applied. briefgen does the same: a built-in style the base
document lacks is copied from python-docx's default template, a document saved by
Word that holds Word's own definitions, together with the bullet list definition
List Bullet draws its bullets from. Without that, a heading would have no outline
level and a bullet list no bullets. A style the template does not define either
(footnote text, HTML Code, briefgen's own styles) is added empty, based on ``base``,
for the caller to shape.
"""

from __future__ import annotations

import copy
from functools import lru_cache

import docx
from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.parts.numbering import NumberingPart
from docx.shared import Pt
from docx.styles.style import BaseStyle, StyleFactory

NUMBERING_PARTNAME = "/word/numbering.xml"


class StyleConflict(ValueError):
    """The base document has a style of the wanted name but of another type."""


def style_id_for(name: str) -> str:
    """The style id Word itself gives a style name: "footnote text" -> "FootnoteText";
    letters and digits only ("Normal (10 pt)" -> "Normal10Pt")."""
    return "".join(char for word in name.split() for char in word[:1].upper() + word[1:] if char.isalnum())


def find_or_add_style(document: Document, name: str, style_type: WD_STYLE_TYPE,
                      base: str | None = None, builtin: bool = False,
                      like: str | None = None) -> tuple[BaseStyle, bool]:
    """The style named ``name``, added when missing; and whether it was added.

    Names match ignoring case: the file names Word's built-in styles in lower case
    ("footnote text", "heading 1") while its UI capitalises them. ``builtin`` marks a
    style Word knows by that name: it is copied from Word's own definition when there
    is one, and otherwise flagged so Word treats it as its own rather than a custom copy.
    ``like`` names a built-in style whose definition a new style copies under ``name``,
    based on ``base`` (a book's "List Bullet (tighter spacing)" keeps its bullets).
    Raises StyleConflict when the name is taken by a style of another type.
    """
    style = _named(document.styles.element, name)
    if style is not None:
        if style.type != style_type:
            raise StyleConflict(f"it has a {_kind(style.type)} style named {style.name!r}, where briefgen "
                                f"needs a {_kind(style_type)} style of that name")
        return style, False
    definition = _named(_word_template().styles.element, like or name) if builtin or like else None
    if definition is not None and definition.type == style_type:
        copied = _copy_definition(document, definition, name if like else None)
        if like and base is not None:
            copied.base_style = document.styles[base]
        return copied, True
    style = document.styles.add_style(name, style_type, builtin=builtin)
    style.element.styleId = _free_style_id(document, style_id_for(name), style.element)
    if base is not None:
        style.base_style = document.styles[base]
    return style, True


def _kind(style_type: WD_STYLE_TYPE) -> str:
    return {WD_STYLE_TYPE.PARAGRAPH: "paragraph", WD_STYLE_TYPE.CHARACTER: "character",
            WD_STYLE_TYPE.TABLE: "table", WD_STYLE_TYPE.LIST: "list"}.get(style_type, "other")


# ---- Word's built-in definitions ------------------------------------------------------------

@lru_cache(maxsize=1)
def _word_template() -> Document:
    """python-docx's default template, read once: the source of built-in definitions.
    Only ever read, never changed."""
    return docx.Document()


def _named(styles, name: str) -> BaseStyle | None:
    """The style of ``styles`` (a w:styles element) whose name is ``name``, ignoring
    case. Read from the XML directly: python-docx's style objects are slow to scan."""
    wanted = name.lower()
    for element in styles.iterchildren(qn("w:style")):
        style_name = element.find(qn("w:name"))
        if style_name is not None and (style_name.get(qn("w:val")) or "").lower() == wanted:
            return StyleFactory(element)
    return None


def _copy_definition(document: Document, definition: BaseStyle, name: str | None = None) -> BaseStyle:
    """A copy of a built-in style in ``document``: its references to styles the
    document lacks dropped, its id kept unless taken, its list definition copied;
    with ``name``, a custom style of that name (and id) instead."""
    element = copy.deepcopy(definition.element)
    if name is not None:
        element.find(qn("w:name")).set(qn("w:val"), name)
        element.set(qn("w:styleId"), style_id_for(name))
        element.set(qn("w:customStyle"), "1")
    styles = document.styles.element
    # A linked character style ("Heading 1 Char") and revision ids mean nothing here.
    for tag in ("w:link", "w:rsid"):
        for found in element.findall(qn(tag)):
            element.remove(found)
    for tag in ("w:basedOn", "w:next"):
        reference = element.find(qn(tag))
        if reference is not None and styles.get_by_id(reference.get(qn("w:val"))) is None:
            element.remove(reference)
    element.set(qn("w:styleId"), _free_style_id(document, element.get(qn("w:styleId")), element))
    styles.append(element)
    number = element.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}")
    if number is not None:
        number.set(qn("w:val"), _copy_list(document, number.get(qn("w:val")), element.get(qn("w:styleId"))))
    return StyleFactory(element)


def _free_style_id(document: Document, wanted: str, owner) -> str:
    """``wanted``, or ``wanted`` with a number ("Heading1-2") when another style
    already has that id."""
    taken = {style.get(qn("w:styleId")) for style in document.styles.element.iterchildren(qn("w:style"))
             if style is not owner}
    candidate, number = wanted, 1
    while candidate in taken:
        number += 1
        candidate = f"{wanted}-{number}"
    return candidate


def _copy_list(document: Document, template_num_id: str, style_id: str) -> str:
    """Copy the template's list ``template_num_id`` (its w:num and w:abstractNum) into
    the document's numbering part, created when missing; return the new list's id."""
    source = _word_template().part.numbering_part.element
    num = source.xpath(f'w:num[@w:numId="{template_num_id}"]')[0]
    abstract_id = num.find(qn("w:abstractNumId")).get(qn("w:val"))
    abstract = copy.deepcopy(source.xpath(f'w:abstractNum[@w:abstractNumId="{abstract_id}"]')[0])

    numbering = _numbering(document)
    new_abstract_id = str(1 + max((int(a.get(qn("w:abstractNumId"))) for a in numbering.findall(qn("w:abstractNum"))),
                                  default=-1))
    new_num_id = str(1 + max((int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))), default=0))
    abstract.set(qn("w:abstractNumId"), new_abstract_id)
    for paragraph_style in abstract.iter(qn("w:pStyle")):
        paragraph_style.set(qn("w:val"), style_id)
    # Schema order: every w:abstractNum, then every w:num, then w:numIdMacAtCleanup.
    _insert_before(numbering, abstract, "w:num", "w:numIdMacAtCleanup")
    _insert_before(numbering, parse_xml(f'<w:num {nsdecls("w")} w:numId="{new_num_id}">'
                                        f'<w:abstractNumId w:val="{new_abstract_id}"/></w:num>'),
                   "w:numIdMacAtCleanup")
    return new_num_id


# What follows w:szCs in a run's properties (ECMA-376 CT_RPr order).
_AFTER_COMPLEX_SIZE = ("w:highlight", "w:u", "w:effect", "w:bdr", "w:shd", "w:fitText", "w:vertAlign",
                       "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath")


def set_size(style: BaseStyle, size_pt: float) -> None:
    """A style's font size for every script: w:sz sizes Latin and East Asian text, w:szCs
    right-to-left and complex-script text (Arabic, Hebrew, Devanagari), which without it
    keeps the document default and prints larger than the words around it."""
    style.font.size = Pt(size_pt)
    run_properties = style.element.get_or_add_rPr()
    complex_size = run_properties.find(qn("w:szCs"))
    if complex_size is None:
        complex_size = run_properties.insert_element_before(OxmlElement("w:szCs"), *_AFTER_COMPLEX_SIZE)
    complex_size.set(qn("w:val"), str(round(size_pt * 2)))


def _insert_before(parent, child, *successors: str) -> None:
    """Put ``child`` before the first of ``successors`` in ``parent``, else last."""
    following = next((found for found in (parent.find(qn(tag)) for tag in successors) if found is not None), None)
    if following is not None:
        following.addprevious(child)
    else:
        parent.append(child)


def _numbering(document: Document):
    """The document's numbering definitions, with a new empty part when it has none
    (python-docx cannot create one itself)."""
    try:
        return document.part.part_related_by(RT.NUMBERING).element
    except KeyError:
        element = parse_xml(f"<w:numbering {nsdecls('w')}/>")
        part = NumberingPart(PackURI(NUMBERING_PARTNAME), CT.WML_NUMBERING, element, document.part.package)
        document.part.relate_to(part, RT.NUMBERING)
        return element
