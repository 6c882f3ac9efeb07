"""Wording shared by every renderer, so the PDF and the DOCX say the same thing.

Section titles, header labels, dates written out in the memo's language, citation
note text and inline Markdown runs are decided here once; a renderer only lays
them out.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

from ..markdown import Run, inline_runs, plain_text  # noqa: F401  (renderers' wording)
from ..model import AgendaItem, Citation, Memo, Participant, Point, Source, Summary, When, match_key

SECTION_TITLES = {
    "summary": "Summary",
    "key_points": "Key Points",
    "participants": "Participants",
    "agenda": "Agenda",
    "challenges": "Challenges",
    "open_questions": "Open Questions",
    "recommendations": "Recommendations",  # "Recommendation" for one: recommendations_title
    "talking_points": "Talking Points",
    "attachments": "Attachments",  # a label line, not a heading: see attachments_label
    "notes": "Notes",
    "sources": "Sources",
    "source_notes": "Source Notes",
}
# Sections that may run past layout.max_pages: everything before them must fit.
AFTER_THE_LIMIT = ("notes", "sources", "source_notes")
BODY_END_ID = "end-of-body"  # an empty element after the last section that must fit (the HTML/PDF)

# Participants are grouped by organisation under a spanning group row, so the table
# shows no Organisation column: it would only repeat the group row's heading.
PARTICIPANT_COLUMNS = ("Name", "Role")
AGENDA_COLUMNS = ("When", "Item", "Where", "Who")
NO_ORG = "Other"  # group heading for participants without an organisation
QUOTE_LIMIT = 60  # characters of a quote shown in a note (a short phrase); the JSON keeps it whole


def sections(summary: Summary, variant: Variant | None = None) -> list[str]:
    """The memo's sections that have content, in memo order (empty ones left out).
    With compact citations, "source_notes" (the quotes) comes last, after the closing line."""
    present = {
        "summary": bool(summary.summary.strip()),
        "recommendations": bool(summary.recommendations),
        "key_points": bool(summary.key_points),
        "participants": bool(summary.participants),
        "agenda": bool(summary.agenda),
        "challenges": bool(summary.challenges),
        "open_questions": bool(summary.open_questions),
        "talking_points": bool(summary.talking_points),
        # The attachments close the memo's body: after its last section, before the notes
        # and Sources, which are reference material the principal need not read.
        "attachments": bool(summary.memo.attachments),
        "notes": summary.layout.citations == "endnotes" and has_notes(summary),
        "sources": bool(summary.sources),
        "source_notes": compact_citations(summary, variant),
    }
    return [name for name, shown in present.items() if shown]


def compact_citations(summary: Summary, variant: Variant | None) -> bool:
    """Whether footnotes give only source and line, the quotes in Source Notes."""
    return bool(variant and variant.compact_citations and summary.layout.citations == "footnotes"
                and has_citations(summary))


def has_citations(summary: Summary) -> bool:
    return any(item.citations for item in cited_items(summary))


def has_notes(summary: Summary) -> bool:
    """Whether any item gets a footnote or endnote: citations, or the analyst's note."""
    return any(item_note_text(item, summary) for item in cited_items(summary))


def cited_items(summary: Summary) -> list[Point | Participant | AgendaItem]:
    """Every item that can carry citations, in the order the memo shows them."""
    items: list[Point | Participant | AgendaItem] = list(summary.key_points)
    for _, people in participant_groups(summary.participants):
        items.extend(people)
    items.extend(summary.agenda)
    items.extend(summary.challenges)
    items.extend(summary.open_questions)
    return items


# ---- dates ---------------------------------------------------------------------------

@lru_cache(maxsize=32)
def _locale(lang: str):
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(lang.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        return Locale.parse("en")


def format_date(day: dt.date, lang: str) -> str:
    """The date written out in the memo's language: "February 11, 2025" in English."""
    from babel.dates import format_date as babel_format_date

    return babel_format_date(day, format="long", locale=_locale(lang))


def format_when(when: When | None, lang: str) -> str:
    if when is None:
        return ""
    if when.start is None:
        return when.text
    if when.end is None or when.end == when.start:
        return format_date(when.start, lang)
    return format_date_range(when.start, when.end, lang)


def format_date_range(start: dt.date, end: dt.date, lang: str) -> str:
    """ "February 14 – 16, 2025" in English, "14.–16. Februar 2025" in German.

    Babel knows each language's way of writing a range, but only with abbreviated
    months (skeleton yMMMd); the month is written out to match format_date."""
    from babel.dates import format_interval, parse_pattern

    locale = _locale(lang)
    formats = locale.interval_formats.get("yMMMd")
    if not formats:
        return format_interval(start, end, skeleton="yMMMd", locale=locale)
    if start.year != end.year:
        return f"{format_date(start, lang)} – {format_date(end, lang)}"
    field = "M" if start.month != end.month else "d"
    halves = formats.get(field) or formats.get("y")
    full_month = [re.sub(r"(?<!M)MMM(?!M)", "MMMM", half) for half in halves]
    return "".join(parse_pattern(half).apply(day, locale) for day, half in zip((start, end), full_month))


def header_fields(memo: Memo, portion_marks: bool = False) -> list[tuple[str, str]]:
    """The memorandum header block: (LABEL, value), absent fields left out. An action
    or information memo reads as an executive secretariat's does: FOR, FROM, THROUGH.
    With portion marks, the subject starts with its mark."""
    subject = isolate(memo.subject or memo.title)
    if portion_marks and memo.subject_mark:
        subject = f"{portion_mark(memo.subject_mark)} {subject}"
    if memo.form == "briefing":
        fields = [("DATE", memo_date(memo)), ("TO", memo.to), ("THROUGH", memo.through), ("FROM", memo.from_)]
    else:
        fields = [("DATE", memo_date(memo)), ("FOR", memo.to), ("FROM", memo.from_), ("THROUGH", memo.through)]
    return [(label, isolate(value)) for label, value in fields if value] + [("SUBJECT", subject)]


def memo_date(memo: Memo) -> str:
    return format_date(memo.date, memo.lang)


# ---- participants and agenda ------------------------------------------------------------

def participant_groups(participants: list[Participant]) -> list[tuple[str, list[Participant]]]:
    """Participants grouped by organisation, groups in order of first appearance;
    people with no organisation last, under "Other"."""
    groups: dict[str, tuple[str, list[Participant]]] = {}
    for person in participants:
        key = match_key(person.org) if person.org else ""
        groups.setdefault(key, (person.org, []))[1].append(person)
    ordered = [group for key, group in groups.items() if key]
    if "" in groups:
        ordered.append((NO_ORG, groups[""][1]))
    return ordered


def agenda_cells(item: AgendaItem, lang: str) -> tuple[str, str, str, str]:
    """When, item (Markdown, isolated by the renderer), where and who: each name of
    `who` isolated on its own, so "فيصل بن فرحان; גדעון סער" keeps its order."""
    return (isolate(format_when(item.when, lang)), agenda_item_text(item, lang), isolate(item.where),
            "; ".join(isolate(name) for name in item.who))


# ---- column widths -------------------------------------------------------------------------------
# The DOCX names its column widths (w:tblGrid, w:tcW) so that Word and LibreOffice lay the
# table out alike; they come from the content, much as the PDF's automatic table layout
# (memo.css.j2) measures it: every column at least as wide as its longest word (a "when"
# on one line), the room left shared by how much text each column holds, and a few
# columns given a floor (the same percentages as the stylesheet's).

AGENDA_FLOORS = {1: 0.34}  # the item column: memo.css.j2's col.c-item
PARTICIPANT_FLOORS = {0: 0.40}  # the name column: memo.css.j2's col.c-name
_CELL_PADDING = 2  # characters of cell margin, both sides together
_LONGEST_WORD_CAP = 30  # a longer "word" (a URL) may break
_TEXT_CAP = 90  # a cell longer than this wraps anyway: it asks for no more room


def column_shares(header: tuple[str, ...], rows: list[tuple[str, ...]], capacity: float,
                  floors: dict[int, float] | None = None,
                  whole: frozenset[tuple[int, int]] = frozenset()) -> list[float]:
    """Each column's share of the table width, from its text: `capacity` is about how many
    characters of table text fit across the table; `whole` names the (row, column) cells
    set on one line (dates), counting rows from the first below the header."""
    columns = list(zip(header, *rows)) if rows else [(title,) for title in header]
    least, wanted = [], []
    for index, cells in enumerate(columns):
        texts = [" ".join(cell.split()) for cell in cells]
        longest = max(len(text) if (row - 1, index) in whole
                      else min(max(map(len, text.split()), default=0), _LONGEST_WORD_CAP)
                      for row, text in enumerate(texts))
        least.append(longest + _CELL_PADDING)
        wanted.append(max(longest, min(max(map(len, texts)), _TEXT_CAP)) + _CELL_PADDING)
    if sum(wanted) <= capacity:  # everything fits on one line: share the room as the text does
        widths = [float(width) for width in wanted]
    elif sum(least) >= capacity:
        widths = [float(width) for width in least]
    else:
        room = capacity - sum(least)
        slack = [w - m for w, m in zip(wanted, least)]
        widths = [m + room * extra / sum(slack) for m, extra in zip(least, slack)]
    total = sum(widths)
    for index, floor in (floors or {}).items():
        short = floor * total - widths[index]
        if short <= 0:
            continue
        others = [i for i in range(len(widths)) if i != index]
        spare = {i: max(widths[i] - least[i], 0.0) for i in others}
        if sum(spare.values()) <= 0:
            continue
        taken = min(short, sum(spare.values()))
        for i in others:
            widths[i] -= taken * spare[i] / sum(spare.values())
        widths[index] += taken
    return [width / total for width in widths]


# ---- right-to-left text ------------------------------------------------------------------------
# A name, role, quote or title from a source may be Arabic or Hebrew inside an English
# memo. Without isolation the Unicode bidirectional algorithm lets it pull its neighbours
# along: a footnote number or a "; [2], line 9" after an Arabic quote is drawn to its left,
# and two right-to-left names in a list swap places. Each such fragment is wrapped in a
# directional isolate (FSI ... PDI): inside, it reads in the direction of its first letter;
# outside, it is one neutral character. Pango (the PDF) and
# LibreOffice honour these characters and draw none of them (tests/test_scripts.py checks
# the order in both files). Text with no right-to-left letter is left as it is.

LRI, RLI, FSI, PDI = "\u2066", "\u2067", "\u2068", "\u2069"
ISOLATES = (LRI, RLI, FSI, PDI)
_RTL_CLASSES = frozenset(("R", "AL"))


def has_rtl(text: str) -> bool:
    """Whether the text holds a right-to-left letter (Hebrew, Arabic, Syriac, Thaana, N'Ko...)."""
    return any(ord(ch) >= 0x590 and unicodedata.bidirectional(ch) in _RTL_CLASSES for ch in text)


def isolate_start(text: str) -> str:
    """The isolate that opens `text`: FIRST STRONG ISOLATE, which reads it in the direction
    of its first letter, as HTML's dir="auto" does. (RLI or LRI chosen by most letters was
    tried: LibreOffice then swapped two right-to-left names in a wrapped table cell.)"""
    return FSI


def isolate(text: str) -> str:
    """The text as a bidi isolate when it holds right-to-left letters; else unchanged."""
    return f"{isolate_start(text)}{text}{PDI}" if text and has_rtl(text) else text


# ---- sources and citations -----------------------------------------------------------------

def source_parts(source: Source, lang: str) -> list[str]:
    """A Sources entry after its number: title, outlet, author, date (absent left out)."""
    parts = [source.title, source.outlet, source.author,
             format_date(source.date, lang) if source.date else ""]
    return [part for part in parts if part]


def source_text(source: Source, lang: str) -> str:
    """ "Title. Outlet. Author. February 11, 2025." Each part ends as a sentence,
    without doubling a title's own "?" or "."; the URL follows, set by the renderer."""
    return " ".join(isolate(part) + ("" if part[-1:] in ".?!…" else ".") for part in source_parts(source, lang))


LINK_SCHEMES = ("http", "https", "mailto")


def link_target(url: str) -> str:
    """A URL the memo may link to: web and mail addresses only, "" otherwise.
    Links are never fetched; this keeps javascript:, file: and the like out of both files."""
    url = (url or "").strip()
    if not url or any(ord(ch) < 0x20 or ord(ch) == 0x7F or ch.isspace() for ch in url):
        return ""
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return ""
    return url if scheme in LINK_SCHEMES else ""


def shorten(quote: str, limit: int = QUOTE_LIMIT) -> str:
    if len(quote) <= limit:
        return quote
    cut = quote[:limit].rsplit(" ", 1)[0].rstrip(",;:.")
    return cut + "…"


def citation_text(citation: Citation, summary: Summary) -> str:
    """One citation as a note reads it: [2], line 14: “the marked words”."""
    number = summary.source(citation.source).number
    return f"[{number}], line {citation.line}: {quoted(isolate(shorten(citation.quote)), summary.memo.lang)}"


def note_text(citations: list[Citation], summary: Summary) -> str:
    """A footnote or endnote for one item: its citations, joined."""
    text = "Source " + "; ".join(citation_text(c, summary) for c in citations)
    return _end_sentence(text)


_SENTENCE_END = re.compile(f"[.!?…][\"'”’»«›‹“„‘‚{PDI}]*$")
NOTE_REMARK_LABEL = "Note"  # the analyst's `note`, after an item's citations: "Note: unconfirmed."


def _end_sentence(text: str) -> str:
    """The text ending as a sentence: a full stop unless it ends in one already, also
    inside closing quotes and isolates ("… conflict.’”")."""
    return text if _SENTENCE_END.search(text) else text + "."


def has_note(item: Point | Participant | AgendaItem) -> bool:
    """Whether the item gets a footnote (or endnote): it has citations to show, or the
    analyst's `note` (shown as a remark even when the layout shows no citations)."""
    return bool(item.citations or item.note.strip())


def item_note_text(item: Point | Participant | AgendaItem, summary: Summary, compact: bool = False) -> str:
    """An item's footnote or endnote: its citations (unless the layout shows none; with
    `compact`, "[1] l. 9", the quotes left to Source Notes), then the analyst's note as a
    remark, "Note: …". Empty when there is neither."""
    parts = []
    if item.citations and summary.layout.citations != "none":
        parts.append(compact_note_text(item.citations, summary) if compact else note_text(item.citations, summary))
    remark = " ".join(item.note.split())
    if remark:
        parts.append(_end_sentence(f"{NOTE_REMARK_LABEL}: {isolate(remark)}"))
    return " ".join(parts)


# ---- quotation marks ---------------------------------------------------------------------------
# A quote in a note stands in the memo language's quotation marks (“ ” in English); a quote
# inside it gets the inner marks (‘ ’), so a source's “own this conflict” inside a quoted
# citation reads “… ‘own this conflict’ …”, never “… “own this conflict” …”. Straight
# double quotes and the outer marks inside become inner ones; apostrophes (straight or
# curly) stay as they are. Babel carries no quotation marks, so a small table (from CLDR's
# delimiters) names them for the languages a memo is likely in; any other is English.

_QUOTE_MARKS = {  # language: (open, close, inner open, inner close)
    "en": ("“", "”", "‘", "’"),
    "de": ("„", "“", "‚", "‘"),
    "fr": ("«\u202f", "\u202f»", "“", "”"),
    "es": ("«", "»", "“", "”"),
    "it": ("«", "»", "“", "”"),
    "pt": ("“", "”", "‘", "’"),
    "nl": ("‘", "’", "“", "”"),
    "pl": ("„", "”", "«", "»"),
    "ru": ("«", "»", "„", "“"),
    "uk": ("«", "»", "„", "“"),
    "cs": ("„", "“", "‚", "‘"),
    "sv": ("”", "”", "’", "’"),
    "ja": ("「", "」", "『", "』"),
    "zh": ("“", "”", "‘", "’"),
}
_DOUBLE_QUOTES = frozenset('"“”„‟«»')


def quote_marks(lang: str) -> tuple[str, str, str, str]:
    """(open, close, inner open, inner close) for the memo's language: “ ” ‘ ’ in English,
    „ “ ‚ ‘ in German, « » “ ” in Spanish."""
    return _QUOTE_MARKS.get(lang.replace("_", "-").split("-")[0].lower(), _QUOTE_MARKS["en"])


def quoted(text: str, lang: str = "en") -> str:
    """The text in the language's quotation marks, its own quotes turned inner (see above)."""
    start, end, inner_start, inner_end = quote_marks(lang)
    outer = set(_DOUBLE_QUOTES) | {start.strip(), end.strip()}
    out: list[str] = []
    for index, ch in enumerate(text):
        if ch in outer and ch not in (inner_start, inner_end):
            before = text[index - 1] if index else ""
            opening = not before or before.isspace() or unicodedata.category(before) in ("Ps", "Pi", "Pd") \
                or before in ISOLATES
            out.append(inner_start if opening else inner_end)
        else:
            out.append(ch)
    return f"{start}{''.join(out)}{end}"


# ---- capitals -----------------------------------------------------------------------------------
# A point, challenge, question or agenda item without `text=` (`item=`) reads as the marked
# words themselves, which usually start mid-sentence ("own this conflict"). The memo sets
# such an item with a capital, as a bullet or table entry starts; the model (and the JSON)
# keeps the analyst's data as marked, and every citation keeps the exact words, so this is
# done here, where the memo's text is worded, not in merge.py.


def from_marked_words(text: str, citations: list[Citation]) -> bool:
    """Whether an item's text is the marked words of one of its citations (no text= given)."""
    return any(text == citation.quote for citation in citations)


def sentence_start(text: str, lang: str = "en") -> str:
    """The text with its first letter a capital. Leading quotes or brackets are skipped; a
    first word with a capital inside ("iPhone", "eBay") and text that starts with a digit
    stay as they are; a letter whose capital is two letters ("ß") is left alone."""
    for index, ch in enumerate(text):
        if ch.isspace() or unicodedata.category(ch).startswith("P") or ch in ISOLATES:
            continue
        if not ch.islower():
            return text
        word = re.match(r"\w+", text[index:])
        if word and any(letter.isupper() for letter in word.group()[1:]):
            return text
        capital = "İ" if ch == "i" and lang.split("-")[0].lower() in ("tr", "az") else ch.title()
        return text if len(capital) != 1 else text[:index] + capital + text[index + 1:]
    return text


def point_text(point: Point, lang: str = "en") -> str:
    """A point's text as the memo shows it: with a capital when it is the marked words."""
    return sentence_start(point.text, lang) if from_marked_words(point.text, point.citations) else point.text


def agenda_item_text(item: AgendaItem, lang: str = "en") -> str:
    """An agenda item's text as the memo shows it: with a capital when it is the marked words."""
    return sentence_start(item.item, lang) if from_marked_words(item.item, item.citations) else item.item


def compact_citation_text(citation: Citation, summary: Summary) -> str:
    """One citation as a compact footnote reads it: [2] l. 14."""
    return f"[{summary.source(citation.source).number}] l. {citation.line}"


def compact_note_text(citations: list[Citation], summary: Summary) -> str:
    """A compact footnote: "[1] l. 9; [2] l. 18", the quotes left to Source Notes."""
    return "; ".join(compact_citation_text(c, summary) for c in citations)


def source_note_text(citations: list[Citation], summary: Summary) -> str:
    """A Source Notes entry: each citation with its whole quote,
    [1] l. 9: “the marked words”; [2] l. 18: “…”."""
    text = "; ".join(f"{compact_citation_text(c, summary)}: {quoted(isolate(' '.join(c.quote.split())), summary.memo.lang)}"
                     for c in citations)
    return _end_sentence(text)


# ---- fitting the page limit (layout.fit) ----------------------------------------------------------

@dataclass(frozen=True)
class Variant:
    """How the memo is laid out: the default, or a step of fitting it into
    layout.max_pages. Each renderer (the HTML and CSS, hence the PDF; the DOCX) draws
    every variant the same way, so the PDF's measure holds for the DOCX too."""

    compact_citations: bool = False  # footnotes "[1] l. 9"; the quotes in Source Notes
    tight_spacing: bool = False  # less space between paragraphs, sections and lines
    body_size: float | None = None  # points; None: the theme's

    def describe(self) -> str:
        """ "compact citations, tighter spacing and 10 pt body text" """
        parts = []
        if self.compact_citations:
            parts.append("compact citations")
        if self.tight_spacing:
            parts.append("tighter spacing")
        if self.body_size is not None:
            parts.append(f"{self.body_size:g} pt body text")
        if not parts:
            return "the default layout"
        return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


DEFAULT_VARIANT = Variant()
SMALLEST_BODY_SIZE = 10.0  # points: fitting goes no smaller
BODY_SIZE_STEP = 0.5


TIGHT_LINE_SPACING = 0.1  # tighter spacing sets lines this much closer (of the font size)...
MIN_LINE_SPACING = 1.0  # ... but never closer than this


def variant_line_spacing(line_spacing: float, variant: Variant) -> float:
    """The body's line spacing (a multiple of the font size) in this variant."""
    if not variant.tight_spacing:
        return line_spacing
    return round(max(min(line_spacing, MIN_LINE_SPACING), line_spacing - TIGHT_LINE_SPACING), 3)


def fit_steps(summary: Summary, body_size: float) -> list[Variant]:
    """The layouts layout.fit tries after the default, in order, each keeping the one
    before: compact citations (only when there are footnotes to shorten), tighter
    spacing, then the body size down by half points to 10 pt."""
    steps = []
    compact = summary.layout.citations == "footnotes" and has_citations(summary)
    if compact:
        steps.append(Variant(compact_citations=True))
    steps.append(Variant(compact_citations=compact, tight_spacing=True))
    sizes = []
    size = body_size - BODY_SIZE_STEP
    while size > SMALLEST_BODY_SIZE:
        sizes.append(round(size, 2))
        size -= BODY_SIZE_STEP
    if body_size > SMALLEST_BODY_SIZE:
        sizes.append(SMALLEST_BODY_SIZE)
    steps += [Variant(compact_citations=compact, tight_spacing=True, body_size=size) for size in sizes]
    return steps


def described_variant(summary: Summary, body_size: float, step: str | None) -> Variant | None:
    """The layout a fitting step's description names (PageReport.fit: None for the
    default layout, else e.g. "compact citations"), None when no step of this memo's
    fit_steps has that description."""
    if step is None:
        return DEFAULT_VARIANT
    return next((variant for variant in fit_steps(summary, body_size) if variant.describe() == step), None)


# ---- document furniture (added for the HTML/PDF renderer; the DOCX renderer may use it too) ----
# Metadata, running header, page numbers and the drafter line, worded once for both formats.

PAGE_OF = ("Page", "of")  # footer: "Page 3 of 4"
BOOK_PAGE_OF = ("Book page", "of")  # a memo's page in a briefing book: "Book page 5 of 12"
DRAFT_MARK = "DRAFT"  # the watermark across every page of a draft (build --draft)
PREPARED_BY_LABEL = "Prepared by"
RUNNING_SUBJECT_LIMIT = 60  # characters of the subject in the running header


def document_author(memo: Memo) -> str:
    """The document's author in PDF metadata / DOCX core properties."""
    return memo.from_ or memo.drafted_by or memo.prepared_by


def document_keywords(summary: Summary) -> list[str]:
    """Keywords for the document's metadata: memo type, classification, organisations."""
    words = [summary.memo.type, summary.memo.classification]
    words += [org for org, _ in participant_groups(summary.participants) if org != NO_ORG]
    seen: list[str] = []
    for word in words:
        word = " ".join(word.replace(",", " ").split())  # keywords are comma-separated
        if word and word not in seen:
            seen.append(word)
    return seen


def short_subject(memo: Memo, limit: int = RUNNING_SUBJECT_LIMIT) -> str:
    """The subject as the running header shows it, cut at a word if long."""
    return isolate(shorten(" ".join((memo.subject or memo.title).split()), limit))


def prepared_by_line(memo: Memo) -> str:
    """The drafter line that closes the memo ("" when there is none)."""
    return f"{PREPARED_BY_LABEL}: {isolate(memo.prepared_by)}" if memo.prepared_by else ""


# ---- forms and markings ----------------------------------------------------------------------
# The action memo's recommendations, talking points, attachments, the drafted/cleared block,
# the banner and portion marks: worded once for every format.

OPTION_BLANK = "________"  # the line the principal initials after an option
OPTION_GAP = "\u2003\u2003"  # two em spaces between options: the same width in PDF and DOCX
DRAFTED_LABEL = "Drafted"
CLEARED_LABEL = "Cleared"


def banner_text(memo: Memo) -> str:
    """The classification banner: the marking, then the handling caveat (CONFIDENTIAL//NOFORN)."""
    from ..markings import banner

    return banner(memo.classification.strip(), memo.handling)


def portion_mark(mark: str) -> str:
    """A portion mark as printed: "(C)"; "" for none."""
    return f"({mark})" if mark else ""


def item_mark(summary: Summary, mark: str) -> str:
    """The mark a portion starts with, when the memo prints portion marks; else ""."""
    return portion_mark(mark) if summary.layout.portion_marks else ""


def recommendations_title(summary: Summary) -> str:
    return "Recommendation" if len(summary.recommendations) == 1 else SECTION_TITLES["recommendations"]


def recommendation_number(summary: Summary, index: int) -> str:
    """ "1." before each of several recommendations; "" before the only one."""
    return f"{index}." if len(summary.recommendations) > 1 else ""


def option_line(options: list[str]) -> str:
    """The signature line under a recommendation: "Approve ________  Disapprove ________"."""
    return OPTION_GAP.join(f"{isolate(option)} {OPTION_BLANK}" for option in options)


def decision_line(memo: Memo) -> str:
    """ "(decision needed by February 18, 2025)"; "" when no decision is asked for."""
    if memo.form != "action" or memo.decision_by is None:
        return ""
    return f"(decision needed by {format_date(memo.decision_by, memo.lang)})"


def attachments_label(memo: Memo) -> str:
    return ("Attachment" if len(memo.attachments) == 1 else SECTION_TITLES["attachments"]) + ":"


def closing_lines(memo: Memo) -> list[tuple[str, list[str]]]:
    """The drafted/cleared block at the memo's end: (label, values), a value a line."""
    lines = []
    if memo.drafted_by:
        lines.append((DRAFTED_LABEL, [isolate(memo.drafted_by)]))
    if memo.cleared_by:
        lines.append((CLEARED_LABEL, [isolate(entry) for entry in memo.cleared_by]))
    return lines
