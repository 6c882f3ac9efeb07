"""The summary model: plain typed data every renderer reads.

It knows nothing of HTML, Word or how sources are parsed. Lists are already in memo
order (merge.py decides the order), so every renderer shows the same thing.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache


@dataclass(frozen=True)
class Citation:
    """One place an item came from: the marked words in a source file."""

    source: str  # source id: the file name without extension
    line: int  # 1-based line of the span's "[" in the source file
    column: int  # 1-based column of that "["
    quote: str  # the marked words as plain text, inner span markup removed


@dataclass
class Point:
    """A key point, a challenge or an open question."""

    text: str
    note: str = ""
    citations: list[Citation] = field(default_factory=list)


@dataclass
class Participant:
    name: str
    role: str = ""
    org: str = ""
    note: str = ""
    citations: list[Citation] = field(default_factory=list)


@dataclass(frozen=True)
class When:
    """An agenda item's time: an ISO date, a range "A to B", or free text."""

    text: str  # as the analyst wrote it
    start: dt.date | None = None
    end: dt.date | None = None  # equals start for a single date

    @property
    def dated(self) -> bool:
        return self.start is not None


@dataclass
class AgendaItem:
    item: str
    when: When | None = None
    where: str = ""
    who: list[str] = field(default_factory=list)
    note: str = ""
    citations: list[Citation] = field(default_factory=list)


@dataclass
class Source:
    id: str
    number: int  # 1-based, in citation order: the first source cited is [1]
    title: str
    outlet: str = ""
    author: str = ""
    date: dt.date | None = None
    url: str = ""
    accessed: dt.date | None = None


@dataclass
class Memo:
    title: str
    type: str = "Briefing Memorandum"
    subject: str = ""  # merge fills it from the title when absent
    to: str = ""
    from_: str = ""
    through: str = ""
    date: dt.date = field(default_factory=dt.date.today)
    classification: str = ""
    prepared_by: str = ""
    lang: str = "en"


@dataclass
class Layout:
    paper: str = "letter"  # letter | a4
    citations: str = "footnotes"  # footnotes | endnotes | none
    max_pages: int = 2


@dataclass
class Summary:
    """The whole memo's content, in memo order."""

    memo: Memo
    layout: Layout = field(default_factory=Layout)
    summary: str = ""  # the BLUF; inline Markdown
    key_points: list[Point] = field(default_factory=list)
    participants: list[Participant] = field(default_factory=list)  # grouped by org
    agenda: list[AgendaItem] = field(default_factory=list)  # dated items in date order
    challenges: list[Point] = field(default_factory=list)
    open_questions: list[Point] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)  # in number order
    _index: tuple[list[Source] | None, dict[str, Source]] = field(
        default=(None, {}), init=False, repr=False, compare=False)

    def source(self, source_id: str) -> Source:
        """The source with this id. Renderers look one up for every citation, so the
        lookup is a dict, made again whenever the list is replaced or grows."""
        indexed, by_id = self._index
        if indexed is not self.sources or len(by_id) != len(self.sources):
            by_id = {source.id: source for source in self.sources}
            self._index = (self.sources, by_id)
        return by_id[source_id]


_ISO_DATE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}")


def parse_date(text: str) -> dt.date:
    """An ISO 8601 calendar date, or the date of an ISO 8601 date-time (as web pages
    give them: 2025-02-10T10:00Z); ValueError with a reader's message otherwise."""
    text = text.strip()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    try:
        return dt.datetime.fromisoformat(text).date()
    except ValueError:
        raise ValueError(f"{text!r} is not a valid date; write it as YYYY-MM-DD, e.g. 2025-02-11") from None


def parse_when(text: str) -> When:
    """An agenda time: "2025-02-14", "2025-02-14 to 2025-02-16", or free text.

    Text that looks like a date but is not a valid one is an error, not free text,
    so that a typo cannot silently take a meeting out of date order.
    """
    text = " ".join(text.split())
    parts = text.split(" to ")
    if len(parts) == 2 and all(_ISO_DATE.fullmatch(p.strip()) for p in parts):
        start, end = parse_date(parts[0]), parse_date(parts[1])
        if end < start:
            raise ValueError(f"date range {text!r} ends before it starts")
        return When(text, start, end)
    if _ISO_DATE.fullmatch(text):
        day = parse_date(text)
        return When(text, day, day)
    if _ISO_DATE.match(text):
        raise ValueError(f"{text!r} is not a date or a date range; write YYYY-MM-DD or "
                         "YYYY-MM-DD to YYYY-MM-DD (or free text that does not start with a date)")
    return When(text)


# Names and points recur across sources, and transliterating them again was most of merging's time.
@lru_cache(maxsize=8192)
def match_key(text: str) -> str:
    """What two mentions must share to be one entry: letters and digits only,
    case-folded, diacritics removed ("Søren Ågård" == "soren agard", "U.S." == "US").

    text-unidecode (already needed by python-slugify) transliterates letters that
    have no decomposition, such as ø, ł and ß, which NFKD alone leaves alone."""
    from text_unidecode import unidecode

    ascii_text = unidecode(unicodedata.normalize("NFKC", text))
    return "".join(ch for ch in ascii_text.casefold() if ch.isalnum())
