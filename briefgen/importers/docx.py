"""A Word document with comments -> its text, each commented range a mark.

python-docx reads the comments (document.comments); where each one's range starts and
ends is in the body XML, as w:commentRangeStart and w:commentRangeEnd with the comment's
id. The body is walked in document order so those land at the right offsets of the text.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path

from ..errors import BriefError
from .fields import SkipMark, checked_text
from .marks import DEFAULT_KIND, Article, Mark, TextBuilder, headline, read_comment

_DECIMAL = re.compile(r"-?[0-9]{1,20}")  # ST_DecimalNumber, of a size Word writes
_MARKUP_COMPATIBILITY = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def read_docx(path: Path) -> Article:
    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError
    from docx.oxml.ns import qn
    from lxml import etree

    try:
        document = Document(str(path))
        comments = _comment_elements(document, path)
    except (PackageNotFoundError, zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, ValueError,
            etree.XMLSyntaxError, NotImplementedError, EOFError, zlib.error) as exc:
        raise BriefError(path, None, None, f"not a Word document (.docx) that can be read: {_why(path, exc)}",
                         "save it again from Word as a .docx document") from None
    if document.element.body is None:
        raise BriefError(path, None, None, "not a Word document (.docx) that can be read: "
                                           "word/document.xml has no w:body",
                         "save it again from Word as a .docx document")

    text = TextBuilder()
    starts: dict[str, int] = {}
    ends: dict[str, int] = {}
    # Deleted tracked changes are not the text; mc:Fallback repeats its mc:Choice.
    skipped = {qn("w:del"), qn("w:moveFrom"), f"{{{_MARKUP_COMPATIBILITY}}}Fallback"}
    walk = etree.iterwalk(document.element.body, events=("start", "end"))
    for event, element in walk:
        tag = element.tag
        if event == "end":
            if tag == qn("w:p"):
                text.end_paragraph()
            continue
        if tag in skipped:
            walk.skip_subtree()
        elif tag == qn("w:t"):
            text.add(element.text or "")
        elif tag in (qn("w:tab"), qn("w:br"), qn("w:cr")):
            text.add(" ")
        elif tag == qn("w:noBreakHyphen"):
            text.add("-")
        elif tag == qn("w:commentRangeStart"):
            starts[element.get(qn("w:id"))] = text.offset()
        elif tag == qn("w:commentRangeEnd"):
            ends[element.get(qn("w:id"))] = text.offset()
    body = text.text()

    marks = []
    skipped = []
    commenters = set()
    for number, comment in enumerate(comments, start=1):
        where = f"comment {number}"
        try:
            id_ = comment.get(qn("w:id"))
            if id_ is None:
                raise SkipMark("it has no w:id, so nothing says which words it is on")
            where += f" (w:id {id_[:20]!r})"
            if not _DECIMAL.fullmatch(id_):
                raise SkipMark(f"its w:id {id_[:20]!r} is not a number")
            author = checked_text(comment.get(qn("w:author")) or "", "w:author")
            paragraphs = comment.findall(qn("w:p"))
            start, end = starts.get(id_), ends.get(id_)
            words = (start, end) if start is not None and end is not None and end > start else None
            if not paragraphs:
                raise SkipMark("it has no body (no w:p)")
            said_text = "\n".join("".join(t.text or "" for t in paragraph.iter(qn("w:t")))
                                   for paragraph in paragraphs)
            said = read_comment(checked_text(said_text, "its text"))
        except SkipMark as skip:
            skipped.append(f"{where}: {skip.reason}")
            if id_ is not None and _DECIMAL.fullmatch(id_) and words:
                marks.append(Mark(DEFAULT_KIND, {}, body[words[0]:words[1]], where, span=words,
                                  problem=f"skipped: {skip.reason}"))
            continue
        commenters.add(author)
        kind = said.kind or DEFAULT_KIND
        where = f"comment {number}" + (f" by {author}" if author else "")
        if words is None:
            marks.append(Mark(kind, said.attributes_for(kind), "", where,
                              problem="the document marks no words for this comment"))
        else:
            marks.append(Mark(kind, said.attributes_for(kind), body[words[0]:words[1]], where, span=words))

    properties = document.core_properties
    return Article(
        title=properties.title or headline(body) or path.stem,
        text=body,
        marks=marks,
        # the author of an analyst's own copy is the analyst, not the article's writer
        author=properties.author if properties.author not in commenters else "",
        skipped=skipped,
    )


def _comment_elements(document, path: Path) -> list:
    """The w:comment elements of the document's comments part (none when it has none),
    read as XML, not through python-docx's typed comments, which take every w:id for a number."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml.ns import qn

    for relationship in document.part.rels.values():
        if relationship.reltype == RT.COMMENTS and not relationship.is_external:
            element = getattr(relationship.target_part, "element", None)
            if element is None:
                raise ValueError(f"{relationship.target_part.partname} is not a comments part")
            return element.findall(qn("w:comment"))
    return []


def _why(path: Path, exc: Exception) -> str:
    """Which part of the package is broken and how, as far as can be told cheaply."""
    from lxml import etree

    if isinstance(exc, etree.XMLSyntaxError):
        # python-docx does not say which part: the first one that is not XML is it
        try:
            with zipfile.ZipFile(path) as package:
                for name in package.namelist():
                    if name.endswith((".xml", ".rels")):
                        try:
                            etree.fromstring(package.read(name), etree.XMLParser(resolve_entities=False))
                        except etree.XMLSyntaxError as found:
                            return f"{name} is not XML (line {found.lineno}: {found.msg})"
        except (zipfile.BadZipFile, OSError, KeyError, ValueError, zlib.error):
            pass
    if isinstance(exc, zipfile.BadZipFile):
        return f"it is not a zip package ({exc})"
    said = " ".join(str(exc).split()) or type(exc).__name__
    return said if len(said) <= 160 else said[:159] + "…"
