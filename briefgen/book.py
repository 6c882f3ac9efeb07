"""Briefing books (SPEC §8): several memos bound in one PDF, with a cover, contents,
the combined schedule and the participants' biographies.

Each memo is built by the ordinary pipeline (pipeline.load and pipeline.render), so it
prints exactly as it does alone; the cover with its contents, and the schedule with the
biographies, are small HTML documents laid out by WeasyPrint; the pages of all of them
are then written as one PDF (WeasyPrint's Document.copy), which keeps every memo's
bookmarks, links and notes. The contents' page numbers come from each part's page count:
the cover is laid out again until its own page count settles.
"""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

import yaml

from .errors import BriefError, BriefWarning, Place
from .markings import banner, find_level, parse_level
from .model import AgendaItem, Memo, Participant
from .workspace import _YamlReader, read_text

BOOK_FILE = "book.yaml"
_TOP_KEYS = ("book", "memos", "schedule", "bios")
_BOOK_KEYS = ("title", "for", "date", "classification")
SCHEDULE_TITLE = "Schedule"
BIOS_TITLE = "Participants"
CONTENTS_TITLE = "Contents"


@dataclass
class Book:
    path: Path  # book.yaml
    title: str
    for_: str = ""
    date: dt.date | None = None
    classification: str = ""  # a level's name ("CONFIDENTIAL") or the words given
    classification_place: tuple[int, int] | None = None  # line, column in book.yaml
    handling: str = ""  # every memo's handling caveat ("NOFORN"), after "//" in the book's banner
    memos: list[tuple[Path, int, int]] = field(default_factory=list)  # workspace folder, line, column
    schedule: bool = True
    bios: bool = True
    draft: bool = False  # built with --draft: the cover and back matter are marked as the memos are

    @property
    def root(self) -> Path:
        return self.path.parent


def read_book(root: Path) -> Book:
    """book.yaml in the folder root, validated: an unknown key, a missing title, a memo
    folder without brief.yaml are errors at their line and column."""
    path = Path(root) / BOOK_FILE
    if not path.is_file():
        raise BriefError(Path(root), None, None, f"no {BOOK_FILE} in this folder",
                         "a book is a folder holding book.yaml with book: (a title:) and memos:")
    reader = _YamlReader(path)
    top_node = reader.compose(read_text(path))
    if top_node is None or (isinstance(top_node, yaml.ScalarNode) and not top_node.value.strip()):
        raise BriefError(path, 1, 1, f"{BOOK_FILE} is empty", "it needs at least book: with a title:, and memos:")
    top = reader.mapping(top_node, _TOP_KEYS, BOOK_FILE)
    if "book" not in top:
        raise reader.error(top_node, "book is required", "add book: with at least a title:")
    fields = reader.mapping(top["book"], _BOOK_KEYS, "book")
    book = Book(path, reader.required_text(fields.get("title"), "book.title", top["book"]),
                for_=reader.text(fields.get("for"), "book.for"),
                date=reader.date(fields.get("date"), "book.date"),
                schedule=reader.boolean(top.get("schedule"), "schedule", True),
                bios=reader.boolean(top.get("bios"), "bios", True))
    if "classification" in fields:
        node = fields["classification"]
        book.classification = reader.text(node, "book.classification")
        book.classification_place = reader.place(node.start_mark.index)
        level = find_level(book.classification)
        if level is not None:
            book.classification = level.name
    memo_nodes = reader.sequence(top.get("memos"), "memos")
    if not memo_nodes:
        raise reader.error(top.get("memos", top_node), "memos is required: the book's memo folders, in order",
                           "add memos: [first-memo/, second-memo/]")
    for node in memo_nodes:
        name = reader.text(node, "memos item")
        folder = (path.parent / name) if name else None
        if folder is None or not (folder / "brief.yaml").is_file():
            raise reader.error(node, f"memos: {name!r} is not a workspace folder (no brief.yaml there)",
                               "name each memo's workspace folder, relative to book.yaml")
        book.memos.append((folder, *reader.place(node.start_mark.index)))
    return book


@dataclass
class BookMemo:
    folder: Path
    summary: object  # model.Summary, as printed (bounds.printable)
    layout: object  # render.pdf.Layout of the memo alone
    templates: object = None  # theme.Templates of the memo's workspace
    variant: object = None  # render.common.Variant the memo's PDF took (a layout.fit step, or the default)

    @property
    def pages(self) -> int:
        return self.layout.pages


@dataclass
class BookResult:
    written: list[Path]
    warnings: list[BriefWarning]


def build_book(root: Path, formats: tuple[str, ...] = ("pdf",), *, paper: str | None = None,
               draft: bool = False, output: Path | None = None) -> BookResult:
    """The book in the folder root, written to out/ (or `output`) all or none. A memo
    that fails to build raises its own BriefError, and nothing is written."""
    from .output import output_stem, write_outputs
    from .pipeline import load, render
    from .theme import Templates

    book = read_book(root)
    book.draft = draft
    warnings: list[BriefWarning] = []
    memos: list[BookMemo] = []
    warnings += _repeated_memos(book)
    loads = [load(folder) for folder, _line, _column in book.memos]  # every memo read before any is laid out
    _check_classification(book, [loaded.summary for loaded in loads])
    for (folder, _line, _column), loaded in zip(book.memos, loads):
        warnings += loaded.warnings
        if paper:
            loaded.summary.layout.paper = paper
        templates = Templates.for_workspace(folder)
        # Laid out once, and not written alone: the book binds the pages. Laid out even
        # for the DOCX alone: its page count is the DOCX's "of M" until Word updates it.
        rendered = render(loaded.summary, templates, (), draft=draft, lay_out_pdf=True)
        # "the memo runs to 3 pages": which memo, in a book of several
        warnings += [warning if warning.place else BriefWarning(warning.message, Place(folder / "brief.yaml"))
                     for warning in rendered.warnings]
        memos.append(BookMemo(folder, rendered.printed, rendered.layout, templates, rendered.variant))
    if book.date is None:
        book.date = memos[0].summary.memo.date
    files = {}
    stem = output_stem(Memo(title=book.title, date=book.date)) + "-book"
    paper = paper or memos[0].summary.layout.paper
    schedule = combined_schedule(memos) if book.schedule else None
    people = merged_participants(memos, warnings) if book.bios else None
    back = back_matter(book, paper, schedule, people)
    docx = None
    if "docx" in formats:
        from .render.docx_book import house_style_warnings, render_book_docx

        warnings += house_style_warnings(memos)
        pages = docx_pages(book, memos, back)
        docx = _MadeBeside(lambda: render_book_docx(book, memos, paper, schedule, people, draft=draft, pages=pages),
                            beside="pdf" in formats)
    try:
        if "pdf" in formats:
            files[f"{stem}.pdf"] = book_pdf(book, memos, back, warnings, paper)
        if docx is not None:
            files[f"{stem}.docx"] = docx.result()
    finally:
        if docx is not None:
            docx.cancel()
    written = write_outputs(output or book.root / "out", files)
    return BookResult(written, _distinct(warnings))


class _MadeBeside:
    """bytes made by `make`, in a child process forked to run beside this one when
    `beside` is true and the system can fork: the DOCX book is written on the second
    core while this process writes the PDF book. A child that fails is not trusted: the
    bytes are made again here, so a failure raises its own error. Without fork
    (Windows), or not `beside`, made here at once. The same bytes either way."""

    def __init__(self, make, *, beside: bool) -> None:
        import os

        self.make, self.pid, self.data = make, None, None
        if not (beside and hasattr(os, "fork")):
            self.data = make()
            return
        self.read_end, write_end = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:  # the child: make the bytes, send them, and leave at once (no atexit, no cleanup)
            code = 1
            try:
                os.close(self.read_end)
                data = make()
                with os.fdopen(write_end, "wb") as pipe:
                    pipe.write(data)
                code = 0
            finally:
                os._exit(code)
        os.close(write_end)

    def result(self) -> bytes:
        import os

        if self.pid is None:
            return self.data
        with os.fdopen(self.read_end, "rb") as pipe:
            data = pipe.read()
        _, status = os.waitpid(self.pid, 0)
        self.pid = None
        return data if os.waitstatus_to_exitcode(status) == 0 else self.make()

    def cancel(self) -> None:
        """Stop a child still running (the PDF failed, or the build was interrupted)."""
        import os
        import signal

        if self.pid is None:
            return
        try:
            os.close(self.read_end)
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        except OSError:
            pass
        self.pid = None


def _repeated_memos(book: Book) -> list[BriefWarning]:
    """A memo folder named twice is bound twice, as asked; but more likely a slip."""
    seen: dict[Path, tuple[int, int]] = {}
    warnings = []
    for folder, line, column in book.memos:
        key = folder.resolve()
        if key in seen:
            warnings.append(BriefWarning(f"{folder.name}/ is in the book twice (first at {seen[key][0]}:{seen[key][1]}); "
                                         "it is bound both times", Place(book.path, line, column)))
        else:
            seen[key] = (line, column)
    return warnings


def back_matter(book: Book, paper: str, schedule: list[tuple[AgendaItem, Memo]] | None,
                people: list[Participant] | None):
    """The schedule and the biographies laid out (a WeasyPrint document), once for both
    formats: the PDF binds its pages, the DOCX counts them. None when the book has neither."""
    from .render.pdf import lay_out
    from .theme import Templates

    if schedule is None and people is None:
        return None
    return lay_out(back_html(book, paper, schedule, people), Templates.for_workspace(None)).document


def docx_pages(book: Book, memos: list[BookMemo], back) -> tuple[list[tuple[str, int]], int]:
    """The DOCX book's contents (each part's title and first page) and page count, as
    the PDF lays the parts out: the cover and the contents a page each, then each memo's
    pages, then the back matter's. Word lays the DOCX out anew and updates the fields;
    the pages may differ a little."""
    contents = contents_pages(book, memos, DOCX_COVER_PAGES, back)
    total = DOCX_COVER_PAGES + sum(memo.pages for memo in memos) + (len(back.pages) if back is not None else 0)
    return contents, total


DOCX_COVER_PAGES = 2  # the DOCX's cover page, then its contents on a page of their own


def contents_pages(book: Book, memos: list[BookMemo], cover_pages: int, back) -> list[tuple[str, int]]:
    """The contents: each part's title and the book page it starts on, after
    `cover_pages` pages of cover and contents; `back` is the laid-out schedule and
    biographies (None when the book has neither)."""
    first, contents = cover_pages + 1, []
    for memo in memos:
        contents.append((memo.summary.memo.title, first))
        first += memo.pages
    if back is not None:
        if book.schedule:
            contents.append((SCHEDULE_TITLE, first))
        if book.bios:
            contents.append((BIOS_TITLE, first + _bios_page_offset(back) if book.schedule else first))
    return contents


def _distinct(warnings: list[BriefWarning]) -> list[BriefWarning]:
    seen, kept = set(), []
    for warning in warnings:
        key = str(warning)
        if key not in seen:
            seen.add(key)
            kept.append(warning)
    return kept


def _check_classification(book: Book, summaries: list) -> None:
    """The book is classified at least as high as its highest memo: a lower marking is an
    error at its line; none given takes the highest memo's. The book carries every
    memo's handling caveat."""
    caveats = [summary.memo.handling for summary in summaries if summary.memo.handling]
    book.handling = "/".join(dict.fromkeys(caveats))
    highest, first = None, None
    for summary, (folder, line, column) in zip(summaries, book.memos):
        level = find_level(summary.memo.classification) if summary.memo.classification else None
        if level is None:
            continue
        if first is None:
            first = (folder, level)
        elif level.system != first[1].system:
            # No marking of one system stands for the other's: the book could be marked neither way.
            raise BriefError(book.path, line, column,
                             f"memos: {folder.name}/ is marked {level.name} ({level.system}), but "
                             f"{first[0].name}/ is marked {first[1].name} ({first[1].system})",
                             "a book binds memos marked in one classification system")
        if highest is None or level.rank > highest.rank:
            highest = level
    if highest is None:
        return
    if not book.classification:
        book.classification = highest.name
        return
    line, column = book.classification_place or (None, None)
    try:
        level = parse_level(book.classification)
    except ValueError as exc:
        raise BriefError(book.path, line, column, f"book.classification: {exc}") from None
    if level.system != highest.system or level.rank < highest.rank:
        raise BriefError(book.path, line, column,
                         f"book.classification {level.name} is below its memos' highest, {highest.name}",
                         f"a book is classified at least as high as its memos: write {highest.name}")


# ---- the combined schedule and the biographies ----------------------------------------------------

def combined_schedule(memos: list[BookMemo]) -> list[tuple[AgendaItem, Memo]]:
    """Every memo's agenda items with their memo: dated items in date order (a
    stable sort: memo order among items of one date), undated ones after, in memo order."""
    rows = [(item, memo.summary.memo) for memo in memos for item in memo.summary.agenda]
    dated = sorted((row for row in rows if row[0].when and row[0].when.dated),
                   key=lambda row: (row[0].when.start, row[0].when.end))
    return dated + [row for row in rows if not (row[0].when and row[0].when.dated)]


def merged_participants(memos: list[BookMemo], warnings: list[BriefWarning]) -> list[Participant]:
    """Everyone of every memo, merged as participants are merged across sources (by every
    form of the name; the fullest name kept; role, org, pronounce and bio filled in)."""
    from .merge import _grouped_by_org, _Section

    people: _Section[Participant] = _Section("participant", "name", ("role", "org", "note", "pronounce", "bio"),
                                             warnings, people=True)
    for memo in memos:
        origin = memo.folder.name + "/brief.yaml"
        for person in memo.summary.participants:
            person = copy.deepcopy(person)
            person.citations = []
            people.add(person, origin)
    return _grouped_by_org(people.items())


# ---- the PDF ---------------------------------------------------------------------------------------

BOOK_MARGIN_MM = 25.4  # the cover's, contents' and back matter's: 1in, as _CSS says
BOOK_FONT = "Liberation Serif"
_CSS = """
@page { size: %(paper)s; margin: 1in;
  @top-center { content: "%(banner)s"; font: bold 10pt "Liberation Serif", serif; }
  @bottom-center { content: "%(banner)s"; font: bold 10pt "Liberation Serif", serif; } }
body { font: 11pt/1.35 "Liberation Serif", "Noto Serif", serif; }
h1 { font-size: 14pt; margin: 0 0 12pt; }
.cover { text-align: center; padding-top: 2in; }
.cover h1 { font-size: 22pt; bookmark-level: none; }
.cover p { font-size: 13pt; margin: 6pt 0; }
.contents { break-before: page; }
.contents ol { list-style: none; padding: 0; }
.contents li { display: flex; margin: 4pt 0; }
.contents .title { flex: 1; }
table { width: 100%%; border-collapse: collapse; font-size: 10pt; }
th, td { border: 0.5pt solid #888; padding: 3pt 4pt; text-align: left; vertical-align: top; }
.bios { break-before: page; }
.person { margin: 0 0 8pt; break-inside: avoid; }
.person .name { font-weight: bold; }
.pronounce { font-style: italic; }
.draft-mark { position: fixed; z-index: -1; top: 40%%; left: -10%%; width: 120%%; transform: rotate(-40deg);
  text-align: center; font: bold 110pt/1 "Liberation Serif", serif; letter-spacing: 0.08em;
  color: #%(draft_colour)s; hyphens: manual; }
"""


def _html(book: Book, paper: str, body: str, title: str) -> str:
    from .render.common import DRAFT_MARK

    css = _CSS % {"paper": "A4" if paper == "a4" else "letter",
                  "banner": _css_string(banner(book.classification, book.handling)),
                  "draft_colour": _draft_colour()}
    # As a draft memo is marked (memo.html.j2): a fixed box repeats on every page, behind the text.
    mark = f'<div class="draft-mark">{DRAFT_MARK}</div>' if book.draft else ""
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title>'
            f"<style>{css}</style></head><body>{mark}{body}</body></html>")


def _draft_colour() -> str:
    """The built-in theme's draft_mark colour (hex digits), as the memos' own marks."""
    from .theme import Templates

    return (Templates.for_workspace(None).theme().colours.get("draft_mark") or "e4e4e4").lstrip("#")


def _css_string(text: str) -> str:
    """Text for inside a CSS string in a <style> element: quotes, backslashes, line ends
    and "<" (which could end the element) escaped."""
    return "".join(f"\\{ord(char):x} " if char in '"\\<>\n\r\f' else char for char in text)


def cover_html(book: Book, paper: str, contents: list[tuple[str, int]]) -> str:
    from .render.common import format_date

    lines = [f'<section class="cover"><h1>{escape(book.title)}</h1>']
    if book.for_:
        lines.append(f"<p>For {escape(book.for_)}</p>")
    if book.date:
        lines.append(f"<p>{escape(format_date(book.date, 'en'))}</p>")
    if book.classification:
        lines.append(f'<p class="marking"><strong>{escape(banner(book.classification, book.handling))}'
                     "</strong></p>")
    lines.append(f'</section><section class="contents"><h1>{CONTENTS_TITLE}</h1><ol>')
    lines += [f'<li><span class="title">{escape(title)}</span><span class="page">{page}</span></li>'
              for title, page in contents]
    lines.append("</ol></section>")
    return _html(book, paper, "".join(lines), book.title)


def back_html(book: Book, paper: str, schedule: list[tuple[AgendaItem, Memo]] | None,
              people: list[Participant] | None) -> str:
    from .markdown import plain_text
    from .render.common import format_when, isolate

    parts = []
    if schedule is not None:
        parts.append(f'<section class="schedule"><h1>{SCHEDULE_TITLE}</h1><table><thead><tr>'
                     "<th>When</th><th>Item</th><th>Where</th><th>Who</th><th>Memo</th></tr></thead><tbody>")
        for item, memo in schedule:
            cells = (format_when(item.when, memo.lang), plain_text(item.item), item.where,
                     "; ".join(isolate(name) for name in item.who), memo.title)
            parts.append("<tr>" + "".join(f'<td dir="auto">{escape(cell)}</td>' for cell in cells) + "</tr>")
        parts.append("</tbody></table></section>")
    if people is not None:
        parts.append(f'<section class="bios"><h1>{BIOS_TITLE}</h1>')
        for person in people:
            said = f' <span class="pronounce">({escape(person.pronounce)})</span>' if person.pronounce else ""
            about = ", ".join(escape(part) for part in (person.role, person.org) if part)
            parts.append(f'<div class="person" dir="auto"><span class="name">{escape(person.name)}</span>{said}'
                         + (f"<br>{about}" if about else "")
                         + (f'<p class="bio">{escape(person.bio)}</p>' if person.bio else "") + "</div>")
        parts.append("</section>")
    return _html(book, paper, "".join(parts), book.title)


def _prefixed(document, prefix: str) -> None:
    """Rename a memo's anchors and the links to them, so that one memo's note links never
    lead into another memo of the book (every memo has the same ids)."""
    for page in document.pages:
        page.anchors = {prefix + name: place for name, place in page.anchors.items()}
        page.links = [(kind, prefix + target if kind == "internal" else target, *rest)
                      for kind, target, *rest in page.links]


def _memo_bookmarks(document, title: str) -> None:
    """One bookmark for the memo, its sections (h2, level 2) beneath it: the memo's own
    level-1 bookmark (its heading line, "Action Memo") gives way to the memo's title."""
    for page in document.pages:
        page.bookmarks = [bookmark for bookmark in page.bookmarks if bookmark[0] > 1]
    document.pages[0].bookmarks.insert(0, (1, title, (0, 0), "open"))


def book_pdf(book: Book, memos: list[BookMemo], back, warnings: list[BriefWarning], paper: str) -> bytes:
    """The book as one PDF; `back` is back_matter's layout (None: no schedule, no bios)."""
    from .render.pdf import fast_font_subsetting, lay_out, subsetting_warning
    from .theme import Templates

    templates = Templates.for_workspace(None)
    cover_pages = 2  # the cover, and the contents on a page of its own: right at once unless they run longer
    for _ in range(5):  # the cover's page count settles at once unless the contents run onto a new page
        contents = contents_pages(book, memos, cover_pages, back)
        cover = lay_out(cover_html(book, paper, contents), templates).document
        if len(cover.pages) == cover_pages:
            break
        cover_pages = len(cover.pages)
    total = len(cover.pages) + sum(memo.pages for memo in memos) + (len(back.pages) if back is not None else 0)
    pages = list(cover.pages)
    keep = []  # the documents whose boxes (and fonts) the book's pages draw: alive until written
    for number, memo in enumerate(memos, start=1):
        document = memo.layout.document
        _prefixed(document, f"memo{number}-")
        _memo_bookmarks(document, memo.summary.memo.title)
        keep += [document, _number_memo_in_book(document, memo, len(pages) + 1, total)]
        pages += document.pages
    # The book's own pages are numbered in the book too, as in the DOCX.
    book_size, book_margins = templates.theme().page_size(paper), (BOOK_MARGIN_MM,) * 4
    keep.append(_number_in_book(cover, 1, total, templates, book_size, book_margins, BOOK_FONT))
    if back is not None:
        keep.append(_number_in_book(back, len(pages) + 1, total, templates, book_size, book_margins, BOOK_FONT))
        pages += back.pages
    combined = cover.copy(pages)
    combined.metadata.title = book.title
    from .render.stamp import embedded_time

    created = embedded_time(book.date).astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    combined.metadata.created = combined.metadata.modified = created
    data = combined.write_pdf(pdf_tags=True)
    del keep
    if not fast_font_subsetting():
        warnings.append(subsetting_warning())
    return data


BOOK_PAGE = "Book page {page} of {pages}"


def _number_in_book(document, first: int, total: int, templates, size: tuple[float, float],
                    margins: tuple[float, ...], font: str):
    """Each page's number in the book ("Book page 5 of 12"), in the bottom-left corner,
    which a memo leaves empty (its own "Page N of M" is bottom right): a page of the same
    size and margins (mm: top, right, bottom, left) is laid out for each page with only
    that margin box, and the box is added to the page. Returns that document, whose
    fonts the boxes use; the pages are otherwise untouched (a memo prints as alone)."""
    from .render.pdf import lay_out

    width, height = size
    css = (f"@page {{ size: {width}mm {height}mm; margin: {' '.join(f'{side}mm' for side in margins)}; "
           f"@bottom-left {{ content: string(book-page); font: 9pt {_font_stack(font)}; color: #555555; "
           "vertical-align: top; padding-top: 4mm; width: 25%; white-space: nowrap; } } div { break-after: page; }")
    count = len(document.pages)
    body = "".join(f'<div style="string-set: book-page \'{BOOK_PAGE.format(page=first + index, pages=total)}\'">'
                   "</div>" for index in range(count))
    numbers = lay_out(f'<!DOCTYPE html><html><head><style>{css}</style></head><body>{body}</body></html>',
                      templates).document
    if len(numbers.pages) != count:  # cannot happen: one empty block a page
        raise BriefError(None, None, None, "cannot number the book's pages: the page count changed")
    for page, numbered in zip(document.pages, numbers.pages):
        page._page_box.children = [*page._page_box.children,
                                   *(box for box in numbered._page_box.children
                                     if getattr(box, "at_keyword", "") == "@bottom-left")]
    return numbers


def _number_memo_in_book(document, memo: BookMemo, first: int, total: int):
    theme = memo.templates.theme()
    margins = tuple(theme.margins.get(side, 25.0) for side in ("top", "right", "bottom", "left"))
    return _number_in_book(document, first, total, memo.templates, theme.page_size(memo.summary.layout.paper),
                           margins, theme.body_font)


def _font_stack(font: str) -> str:
    return ", ".join(f'"{name.strip()}"' for name in font.split(",") if name.strip()) + ", serif"


def _bios_page_offset(back) -> int:
    """The page of the back matter (0-based) where the biographies start."""
    for index, page in enumerate(back.pages):
        if any(label == BIOS_TITLE for _level, label, *_ in page.bookmarks):
            return index
    return 0
