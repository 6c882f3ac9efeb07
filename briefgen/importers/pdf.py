"""A PDF with highlights -> its text, each highlight a mark on the words under it.

pdfplumber (MIT, on pdfminer.six) gives every character with its box, and the page's
annotations with their raw dictionaries. A highlight's QuadPoints are the boxes it
paints; the characters whose centres fall inside them are the marked words. Its
comment (/Contents) says the kind and attributes; failing that, its colour does.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import BriefError
from .fields import SkipMark, a_type, pdf_name, pdf_numbers, pdf_text, pdf_value
from .marks import (DEFAULT_COLOUR_KINDS, DEFAULT_KIND, Article, Mark, TextBuilder, colour_name, headline,
                    read_comment)

# Text markup annotations that mark words as mattering (a strike-out marks them as not).
_MARKING = {"Highlight", "Underline", "Squiggly"}
_PARAGRAPH_GAP = 0.6  # a gap between lines over this many line heights starts a paragraph
# An article, a report or a transcript; reading a page's characters takes pdfplumber
# about 50 ms, so a 50 MB file of thousands of pages would run for minutes.
MAX_PAGES = 300


def read_pdf(path: Path, kind_map: dict[str, str]) -> Article:
    import pdfplumber
    from pdfminer.psexceptions import PSException
    from pdfplumber.utils.exceptions import PdfminerException

    text = TextBuilder()
    marks: list[Mark] = []
    markers: set[str] = set()
    skipped: list[str] = []
    page_number = 0
    try:
        with pdfplumber.open(path) as pdf:
            metadata = pdf.metadata
            if len(pdf.pages) > MAX_PAGES:
                raise BriefError(path, None, None, f"this PDF has {len(pdf.pages):,} pages; briefgen imports "
                                                   f"articles of at most {MAX_PAGES}",
                                 "split out the pages of the article and import those")
            for page in pdf.pages:
                page_number = page.page_number
                placed = _page_text(page, text)
                for where, annotation in _highlights(page, skipped):
                    markers.add(_text(annotation.get("T")))
                    mark = _mark(annotation, placed, where, kind_map, skipped)
                    if mark:
                        marks.append(mark)
                text.end_paragraph()
    except (PdfminerException, PSException) as exc:
        detail = f" (page {page_number})" if page_number else ""
        raise BriefError(path, None, None, f"not a PDF that can be read{detail}: {_reason(exc)}",
                         "save or print the document to PDF again") from None
    body = text.text()
    if not body.strip():
        raise BriefError(path, None, None, "this PDF holds no text, only images (a scan?)",
                         "run it through OCR first, or import the article from its web page or Word file")
    for mark in marks:
        if mark.span:
            mark.quote = body[mark.span[0]:mark.span[1]]
    author = _text(metadata.get("Author")) if isinstance(metadata, dict) else ""
    title = _text(metadata.get("Title")) if isinstance(metadata, dict) else ""
    return Article(
        title=title or headline(body) or path.stem,
        text=body,
        marks=marks,
        # the author of an analyst's own copy is the analyst, not the article's writer
        author=author if author not in markers else "",
        skipped=skipped,
    )


def _reason(exc: Exception) -> str:
    """What pdfminer said, on one short line."""
    said = " ".join(str(exc).split()) or type(exc).__name__
    return said if len(said) <= 120 else said[:119] + "…"


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


def _highlights(page, skipped: list[str]) -> list[tuple[str, dict]]:
    """The page's marking annotations, each with its place for messages ("page 2
    highlight 1 (annotation 3)"), their dictionaries with references followed; an
    annotation that is not a dictionary, or names no /Subtype, is skipped."""
    found = []
    try:
        annotations = pdf_value(page.page_obj.annots)
        if annotations is None:
            return []
        if not isinstance(annotations, list):
            raise SkipMark(f"/Annots is {a_type(annotations)}, not an array")
    except SkipMark as skip:
        skipped.append(f"page {page.page_number}: {skip.reason}")
        return []
    for number, annotation in enumerate(annotations, start=1):
        where = f"page {page.page_number} annotation {number}"
        try:
            data = pdf_value(annotation)
            if not isinstance(data, dict):
                raise SkipMark(f"it is {a_type(data)}, not a dictionary")
            subtype = pdf_name(data.get("Subtype"), "/Subtype")
            if not subtype:
                raise SkipMark("/Subtype is missing")
        except SkipMark as skip:
            skipped.append(f"{where}: {skip.reason}")
            continue
        if subtype in _MARKING:
            found.append((f"page {page.page_number} highlight {len(found) + 1} (annotation {number})", data))
    return found


def _mark(annotation: dict, placed: list[tuple[dict, int]], where: str,
          kind_map: dict[str, str], skipped: list[str]) -> Mark | None:
    """The mark a highlight makes; None when even its words cannot be read. A highlight
    whose words can be read but not its comment or colour is a mark with that problem,
    listed among the marks not placed."""
    try:
        boxes = _boxes(annotation)
    except SkipMark as skip:
        skipped.append(f"{where}: {skip.reason}")
        return None
    under = [(offset, offset + len(char["text"])) for char, offset in placed
             if any(x0 <= (char["x0"] + char["x1"]) / 2 <= x1 and y0 <= (char["y0"] + char["y1"]) / 2 <= y1
                    for x0, y0, x1, y1 in boxes)]
    span = (under[0][0], max(end for _, end in under)) if under else None
    try:
        said = read_comment(pdf_text(annotation.get("Contents"), "/Contents"))
        colour = colour_name(_colour(annotation.get("C")))
    except SkipMark as skip:
        skipped.append(f"{where}: {skip.reason}")
        if span is None:
            return None
        return Mark(DEFAULT_KIND, {}, "", where, span=span, problem=f"skipped: {skip.reason}")
    kind = said.kind or kind_map.get(colour or "") or DEFAULT_COLOUR_KINDS.get(colour or "") or DEFAULT_KIND
    where += f" ({colour})" if colour else ""
    if span is None:
        return Mark(kind, said.attributes_for(kind), "", where, problem="there is no text under the highlight")
    # the quote is filled in once the whole text is known
    return Mark(kind, said.attributes_for(kind), "", where, span=span)


def _colour(value) -> tuple[float, ...]:
    """/C: no colour (none, or an empty array), grey (1 number), RGB (3) or CMYK (4), each 0 to 1."""
    numbers = pdf_numbers(value, "/C", most=4)
    if len(numbers) not in (0, 1, 3, 4):
        raise SkipMark(f"/C has {len(numbers)} numbers; a colour has 1, 3 or 4")
    if any(not 0 <= number <= 1 for number in numbers):
        raise SkipMark(f"/C has {next(n for n in numbers if not 0 <= n <= 1):g}; a colour's numbers are 0 to 1")
    if len(numbers) == 4:  # CMYK, as RGB
        c, m, y, k = numbers
        return (1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k)
    return tuple(numbers)


def _boxes(annotation: dict) -> list[tuple[float, float, float, float]]:
    """The highlight's boxes in PDF space (origin bottom left): one per QuadPoints quad,
    or its Rect when it has none."""
    numbers = pdf_numbers(annotation.get("QuadPoints"), "/QuadPoints")
    if len(numbers) % 8:
        raise SkipMark(f"/QuadPoints has {len(numbers)} numbers, not 8 for each box")
    quads = [numbers[i:i + 8] for i in range(0, len(numbers), 8)]
    if not quads:
        rect = pdf_numbers(annotation.get("Rect"), "/Rect", most=4)
        if len(rect) != 4:
            raise SkipMark(f"/Rect has {len(rect)} numbers, not 4" if rect else "it has neither /QuadPoints nor /Rect")
        return [(min(rect[0::2]), min(rect[1::2]), max(rect[0::2]), max(rect[1::2]))]
    return [(min(q[0::2]), min(q[1::2]), max(q[0::2]), max(q[1::2])) for q in quads]


def _text(value) -> str:
    """A PDF text string (metadata, a highlight's author) as Python text; "" when it is not one."""
    try:
        return pdf_text(value, "text")
    except SkipMark:
        return ""
