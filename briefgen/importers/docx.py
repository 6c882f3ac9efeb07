"""A Word document with comments -> its text, each commented range a mark.

python-docx reads the comments (document.comments); where each one's range starts and
ends is in the body XML, as w:commentRangeStart and w:commentRangeEnd with the comment's
id. The body is walked in document order so those land at the right offsets of the text.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from ..errors import BriefError
from .marks import DEFAULT_KIND, Article, Mark, TextBuilder, headline, read_comment

_MARKUP_COMPATIBILITY = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def read_docx(path: Path) -> Article:
    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError
    from docx.oxml.ns import qn
    from lxml import etree

    try:
        document = Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError):
        raise BriefError(path, None, None, "not a Word document (.docx) that can be read",
                         "save it again from Word as a .docx document") from None

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
    commenters = set()
    for number, comment in enumerate(document.comments, start=1):
        commenters.add(comment.author)
        said = read_comment(comment.text)
        kind = said.kind or DEFAULT_KIND
        start, end = starts.get(str(comment.comment_id)), ends.get(str(comment.comment_id))
        where = f"comment {number}" + (f" by {comment.author}" if comment.author else "")
        if start is None or end is None or end <= start:
            marks.append(Mark(kind, said.attributes_for(kind), "", where,
                              problem="the document marks no words for this comment"))
        else:
            marks.append(Mark(kind, said.attributes_for(kind), body[start:end], where, span=(start, end)))

    properties = document.core_properties
    return Article(
        title=properties.title or headline(body) or path.stem,
        text=body,
        marks=marks,
        # the author of an analyst's own copy is the analyst, not the article's writer
        author=properties.author if properties.author not in commenters else "",
    )
