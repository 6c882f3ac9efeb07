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
    "notes": "Notes",
    "sources": "Sources",
    "source_notes": "Source Notes",
}
# Sections that may run past layout.max_pages: everything before them must fit.
AFTER_THE_LIMIT = ("notes", "sources", "source_notes")
BODY_END_ID = "end-of-body"  # an empty element after the last section that must fit (the HTML/PDF)

PARTICIPANT_COLUMNS = ("Name", "Role", "Organisation")
AGENDA_COLUMNS = ("When", "Item", "Where", "Who")
NO_ORG = "Other"  # group heading for participants without an organisation
QUOTE_LIMIT = 60  # characters of a quote shown in a note (a short phrase); the JSON keeps it whole


def sections(summary: Summary, variant: Variant | None = None) -> list[str]:
    """The memo's sections that have content, in memo order (empty ones left out).
    With compact citations, "source_notes" (the quotes) comes last, after the closing line."""
    present = {
        "summary": bool(summary.summary.strip()),
        "key_points": bool(summary.key_points),
        "participants": bool(summary.participants),
        "agenda": bool(summary.agenda),
        "challenges": bool(summary.challenges),
        "open_questions": bool(summary.open_questions),
        "notes": summary.layout.citations == "endnotes" and has_citations(summary),
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


def header_fields(memo: Memo) -> list[tuple[str, str]]:
    """The memorandum header block: (LABEL, value), absent fields left out."""
    fields = [
        ("DATE", format_date(memo.date, memo.lang)),
        ("TO", memo.to),
        ("THROUGH", memo.through),
        ("FROM", memo.from_),
        ("SUBJECT", memo.subject or memo.title),
    ]
    return [(label, isolate(value)) for label, value in fields if value]


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
    return (isolate(format_when(item.when, lang)), item.item, isolate(item.where),
            "; ".join(isolate(name) for name in item.who))


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
    return f"[{number}], line {citation.line}: “{isolate(shorten(citation.quote))}”"


def note_text(citations: list[Citation], summary: Summary) -> str:
    """A footnote or endnote for one item: its citations, joined."""
    text = "Source " + "; ".join(citation_text(c, summary) for c in citations)
    return text if re.search(f"[.!?…]{PDI}?”$", text) else text + "."


def compact_citation_text(citation: Citation, summary: Summary) -> str:
    """One citation as a compact footnote reads it: [2] l. 14."""
    return f"[{summary.source(citation.source).number}] l. {citation.line}"


def compact_note_text(citations: list[Citation], summary: Summary) -> str:
    """A compact footnote: "[1] l. 9; [2] l. 18", the quotes left to Source Notes."""
    return "; ".join(compact_citation_text(c, summary) for c in citations)


def source_note_text(citations: list[Citation], summary: Summary) -> str:
    """A Source Notes entry: each citation with its whole quote,
    [1] l. 9: “the marked words”; [2] l. 18: “…”."""
    text = "; ".join(f"{compact_citation_text(c, summary)}: “{isolate(' '.join(c.quote.split()))}”"
                     for c in citations)
    return text if re.search(f"[.!?…]{PDI}?”$", text) else text + "."


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
MIN_LINE_SPACING = 1.05  # ... but never closer than this


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


# ---- document furniture (added for the HTML/PDF renderer; the DOCX renderer may use it too) ----
# Metadata, running header, page numbers and the drafter line, worded once for both formats.

PAGE_OF = ("Page", "of")  # footer: "Page 3 of 4"
DRAFT_MARK = "DRAFT"  # the watermark across every page of a draft (build --draft)
PREPARED_BY_LABEL = "Prepared by"
RUNNING_SUBJECT_LIMIT = 60  # characters of the subject in the running header


def document_author(memo: Memo) -> str:
    """The document's author in PDF metadata / DOCX core properties."""
    return memo.from_ or memo.prepared_by


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
