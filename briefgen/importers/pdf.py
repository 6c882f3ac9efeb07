"""A PDF with highlights -> its text, each highlight a mark on the words under it.

pdfplumber (MIT, on pdfminer.six) gives every character with its box, and the page's
annotations with their raw dictionaries. A highlight's QuadPoints are the boxes it
paints; the characters whose centres fall inside them are the marked words. Its
comment (/Contents) says the kind and attributes; failing that, its colour does.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import BriefError
from .marks import (DEFAULT_COLOUR_KINDS, DEFAULT_KIND, Article, Mark, TextBuilder, colour_name, headline,
                    read_comment)

# Text markup annotations that mark words as mattering (a strike-out marks them as not).
_MARKING = {"Highlight", "Underline", "Squiggly"}
_PARAGRAPH_GAP = 0.6  # a gap between lines over this many line heights starts a paragraph


def read_pdf(path: Path, kind_map: dict[str, str]) -> Article:
    import pdfplumber
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfplumber.utils.exceptions import PdfminerException

    text = TextBuilder()
    marks: list[Mark] = []
    markers: set[str] = set()
    try:
        with pdfplumber.open(path) as pdf:
            metadata = pdf.metadata
            for page in pdf.pages:
                placed = _page_text(page, text)
                for number, annotation in enumerate(_highlights(page), start=1):
                    markers.add(_text(annotation.get("T")))
                    marks.append(_mark(annotation, placed, f"page {page.page_number} highlight {number}",
                                       kind_map))
                text.end_paragraph()
    except (PdfminerException, PDFSyntaxError):
        raise BriefError(path, None, None, "not a PDF that can be read",
                         "save or print the document to PDF again") from None
    body = text.text()
    if not body.strip():
        raise BriefError(path, None, None, "this PDF holds no text, only images (a scan?)",
                         "run it through OCR first, or import the article from its web page or Word file")
    for mark in marks:
        if mark.span:
            mark.quote = body[mark.span[0]:mark.span[1]]
    author = _text(metadata.get("Author"))
    return Article(
        title=_text(metadata.get("Title")) or headline(body) or path.stem,
        text=body,
        marks=marks,
        # the author of an analyst's own copy is the analyst, not the article's writer
        author=author if author not in markers else "",
    )


def _page_text(page, text: TextBuilder) -> list[tuple[dict, int]]:
    """Add the page's text line by line; return each character with the offset it landed at."""
    placed: list[tuple[dict, int]] = []
    lines = page.extract_text_lines(return_chars=True)
    for index, line in enumerate(lines):
        if index and _starts_paragraph(lines[index - 1], line):
            text.end_paragraph()
        elif index and not _word_broken(lines[index - 1], line):
            text.add(" ")
        breaks_word = index + 1 < len(lines) and _word_broken(line, lines[index + 1])
        # pdfplumber's line text is its characters with the spaces it inferred between them
        position = 0
        for number, char in enumerate(line["chars"]):
            found = line["text"].find(char["text"], position)
            if found > position:
                text.add(" ")
            position = found + len(char["text"]) if found != -1 else position
            if breaks_word and number == len(line["chars"]) - 1:
                continue  # the hyphen that broke a word over two lines is not part of it
            placed.append((char, text.offset()))
            text.add(char["text"])
    return placed


def _starts_paragraph(previous: dict, line: dict) -> bool:
    """Lines further apart than usual, or in another type size (a heading), part paragraphs."""
    gap = line["top"] - previous["bottom"]
    height = previous["bottom"] - previous["top"]
    return gap > _PARAGRAPH_GAP * height or abs(line["chars"][0]["size"] - previous["chars"][0]["size"]) > 0.5


def _word_broken(line: dict, following: dict) -> bool:
    """Whether a word was hyphenated over these two lines of one paragraph: "negoti-", "ations"."""
    ending, opening = line["text"], following["text"]
    return (len(ending) > 1 and ending[-1] in "-\u2010\u00ad" and ending[-2].isalpha()
            and opening[:1].islower() and not _starts_paragraph(line, following))


def _highlights(page) -> list[dict]:
    from pdfminer.pdftypes import resolve1

    found = []
    for annotation in page.annots:
        data = {key: resolve1(value) for key, value in (annotation.get("data") or {}).items()}
        if getattr(data.get("Subtype"), "name", "") in _MARKING:
            found.append(data)
    return found


def _mark(annotation: dict, placed: list[tuple[dict, int]], where: str,
          kind_map: dict[str, str]) -> Mark:
    from pdfminer.pdftypes import resolve1

    said = read_comment(_text(annotation.get("Contents")))
    colour = colour_name(tuple(float(resolve1(v)) for v in annotation.get("C") or ()))
    kind = said.kind or kind_map.get(colour or "") or DEFAULT_COLOUR_KINDS.get(colour or "") or DEFAULT_KIND
    where += f" ({colour})" if colour else ""
    boxes = _boxes(annotation)
    under = [(offset, offset + len(char["text"])) for char, offset in placed
             if any(x0 <= (char["x0"] + char["x1"]) / 2 <= x1 and y0 <= (char["y0"] + char["y1"]) / 2 <= y1
                    for x0, y0, x1, y1 in boxes)]
    if not under:
        return Mark(kind, said.attributes_for(kind), "", where, problem="there is no text under the highlight")
    # the quote is filled in once the whole text is known
    return Mark(kind, said.attributes_for(kind), "", where, span=(under[0][0], max(end for _, end in under)))


def _boxes(annotation: dict) -> list[tuple[float, float, float, float]]:
    """The highlight's boxes in PDF space (origin bottom left): one per QuadPoints quad,
    or its Rect when it has none."""
    from pdfminer.pdftypes import resolve1

    numbers = [float(resolve1(v)) for v in resolve1(annotation.get("QuadPoints")) or ()]
    quads = [numbers[i:i + 8] for i in range(0, len(numbers) - 7, 8)]
    if not quads:
        rect = [float(resolve1(v)) for v in resolve1(annotation.get("Rect")) or ()]
        return [(min(rect[0::2]), min(rect[1::2]), max(rect[0::2]), max(rect[1::2]))] if len(rect) == 4 else []
    return [(min(q[0::2]), min(q[1::2]), max(q[0::2]), max(q[1::2])) for q in quads]


def _text(value) -> str:
    """A PDF text string as Python text: PDFDocEncoding, or UTF-16 with a byte order mark."""
    from pdfminer.utils import decode_text

    if isinstance(value, bytes):
        return decode_text(value).strip()
    return str(value).strip() if value is not None else ""
