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
    mark: str = ""  # portion mark abbreviation ("C"); "" when the memo has no marking system


@dataclass
class Participant:
    name: str
    role: str = ""
    org: str = ""
    note: str = ""
    citations: list[Citation] = field(default_factory=list)
    mark: str = ""
    pronounce: str = ""  # how to say the name ("tee-HAH-nov-skah"); shown in a book's biographies and `show`
    bio: str = ""  # a short biography; shown in a book's biographies and `show`, not in the memo


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
    mark: str = ""


@dataclass
class Recommendation:
    """An action memo's "That you ..." line and the options the principal initials."""

    text: str
    options: list[str] = field(default_factory=lambda: list(DEFAULT_OPTIONS))
    mark: str = ""


DEFAULT_OPTIONS = ("Approve", "Disapprove")
FORMS = ("briefing", "action", "information")
# The heading line each form prints unless memo.type says otherwise.
FORM_TYPES = {"briefing": "Briefing Memorandum", "action": "Action Memo", "information": "Information Memo"}


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
    classification: str = ""  # the overall marking, without the handling caveat
    prepared_by: str = ""
    lang: str = "en"
    form: str = "briefing"  # briefing | action | information
    handling: str = ""  # caveat printed after "//" in the banner: NOFORN
    decision_by: dt.date | None = None  # action form: when a decision is needed
    subject_mark: str = ""  # the subject line's portion mark
    drafted_by: str = ""
    cleared_by: list[str] = field(default_factory=list)
    attachments: list[str] = field(default_factory=list)


@dataclass
class Layout:
    paper: str = "letter"  # letter | a4
    citations: str = "footnotes"  # footnotes | endnotes | none
    max_pages: int = 2  # pages for everything but the sources (and endnotes, source notes)
    fit: bool = False  # try compact citations, tighter spacing, a smaller body size to fit max_pages
    portion_marks: bool = False  # (U), (C)... before every portion


@dataclass
class Email:
    """brief.yaml's email block: the addresses of `build --format eml` and `send`, each
    an RFC 5322 address ("Name <user@example.gov>" or "user@example.gov"), validated."""

    to: list[str] = field(default_factory=list)
    cc: list[str] = field(default_factory=list)
    from_: str = ""

    @property
    def recipients(self) -> list[str]:
        return [*self.to, *self.cc]


@dataclass
class Summary:
    """The whole memo's content, in memo order."""

    memo: Memo
    layout: Layout = field(default_factory=Layout)
    summary: str = ""  # the BLUF; inline Markdown
    summary_mark: str = ""  # the BLUF's portion mark
    recommendations: list[Recommendation] = field(default_factory=list)  # action form only
    talking_points: list[Point] = field(default_factory=list)
    key_points: list[Point] = field(default_factory=list)
    participants: list[Participant] = field(default_factory=list)  # grouped by org
    agenda: list[AgendaItem] = field(default_factory=list)  # dated items in date order
    challenges: list[Point] = field(default_factory=list)
    open_questions: list[Point] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)  # in number order
    email: Email = field(default_factory=Email)  # brief.yaml's email block (render/eml.py, send.py)
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


def parse_when(text: str, lang: str = "en") -> When:
    """An agenda time: "2025-02-14", "2025-02-14 to 2025-02-16", or free text (see read_when)."""
    return read_when(text, lang)[0]


def read_when(text: str, lang: str = "en") -> tuple[When, str]:
    """An agenda time and what to tell the analyst about it ("" when nothing).

    ISO dates ("2025-02-14") and ranges ("2025-02-14 to 2025-02-16") are dates. Text
    that starts like an ISO date but is not a valid one is an error (ValueError), so
    that a typo cannot silently take a meeting out of date order.

    A date written another way ("12/11/2026", "11 December 2026", "Dec 11, 2026",
    "December 11–12, 2026") comes with a warning giving the ISO form to write. When it
    can be read only one way (the month written out, a day above 12) the item is dated
    by that reading meanwhile; a numeric date that could be day-month or month-day is
    not: it stays free text, listed after the dated items, and the warning names both
    readings. Other text ("the week of talks", "Late February") is free text.
    """
    text = " ".join(text.split())
    parts = text.split(" to ")
    if len(parts) == 2 and all(_ISO_DATE.fullmatch(p.strip()) for p in parts):
        start, end = parse_date(parts[0]), parse_date(parts[1])
        if end < start:
            raise ValueError(f"date range {text!r} ends before it starts")
        return When(text, start, end), ""
    if _ISO_DATE.fullmatch(text):
        day = parse_date(text)
        return When(text, day, day), ""
    if _ISO_DATE.match(text):
        raise ValueError(f"{text!r} is not a date or a date range; write YYYY-MM-DD or "
                         "YYYY-MM-DD to YYYY-MM-DD (or free text that does not start with a date)")
    if not any(ch.isdigit() for ch in text):  # every date form has a day: no need to look further
        return When(text), ""
    months = _month_names(lang, text)
    readings = _readings(text, months)
    if readings is not None:
        return _advised(text, readings)
    found = _date_inside(text, months)
    if found is not None and found[0] == text:  # "14 February": a date, but which year?
        return _advised(text, found[1])
    if found is None:
        return When(text), ""
    part, readings = found
    return When(text), (f"{text!r} holds a date not in ISO form, {part!r}: {_what_to_write(readings)} "
                        "as the when, and the rest of the text as a note; until then it is free text, "
                        "listed after the dated items")


# ---- dates written another way ---------------------------------------------------------------------

_ENGLISH_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
                   "september", "october", "november", "december")
_MONTH_NAMES = {name: number for number, name in enumerate(_ENGLISH_MONTHS, start=1)}
_MONTH_NAMES.update({name[:3]: number for name, number in _MONTH_NAMES.items()})
_MONTH_NAMES["sept"] = 9
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# weekday names map to 0: skipped before a date ("Friday, 11 December 2026"), never a month
_MONTH_NAMES.update({name: 0 for day in _WEEKDAYS for name in (day, day[:3])})
_MONTH_NAMES.update(tues=0, thur=0, thurs=0)

_WORD = r"[^\W\d_]+"
_DAY = r"(\d{1,2})(?:st|nd|rd|th|\.)?"
_MONTH = rf"({_WORD})\.?"
_YEAR = r"(\d{4})"
_DASH = r"\s*[-–—]\s*"
_LEADING_WORD = re.compile(rf"({_WORD})\.?,?\s+")  # a weekday before a date ("Friday, 11 December 2026")
_WORD_FORMS = [
    (re.compile(rf"{_DAY}\s+{_MONTH},?\s+{_YEAR}"), "dmy"),
    (re.compile(rf"{_MONTH}\s+{_DAY},?\s+{_YEAR}"), "mdy"),
]
_WORD_RANGES = [
    (re.compile(rf"{_DAY}{_DASH}{_DAY}\s+{_MONTH},?\s+{_YEAR}"), "ddmy"),  # 11–12 December 2026
    (re.compile(rf"{_MONTH}\s+{_DAY}{_DASH}{_DAY},?\s+{_YEAR}"), "mddy"),  # December 11–12, 2026
    (re.compile(rf"{_DAY}\s+{_MONTH}{_DASH}{_DAY}\s+{_MONTH},?\s+{_YEAR}"), "dmdmy"),  # 30 Nov – 2 Dec 2026
    (re.compile(rf"{_MONTH}\s+{_DAY}{_DASH}{_MONTH}\s+{_DAY},?\s+{_YEAR}"), "mdmdy"),  # Nov 30 – Dec 2, 2026
]
_NUMERIC = re.compile(r"(\d{1,2})([./-])(\d{1,2})\2(\d{4}|\d{2})")  # 12/11/2026: day and month either way
_YEAR_FIRST = re.compile(r"(\d{4})([./])(\d{1,2})\2(\d{1,2})")  # 2026/12/11: ISO's order, other marks
_RANGE = re.compile(r"\s+(?:to|until|till|through|thru)\s+|\s*[–—]\s*|\s+-\s+")
_NO_YEAR = [re.compile(rf"{_DAY}\s+{_MONTH}"), re.compile(rf"{_MONTH}\s+{_DAY}")]  # 14 February, Feb 14

# A reading: (how the numbers were read, first day, last day). "either" for a date read one way.
Reading = tuple[str, dt.date, dt.date]


def _fold(word: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKD", word.casefold().rstrip("."))
                   if not unicodedata.combining(ch))


def _month_names(lang: str, text: str) -> dict[str, int]:
    """Month names and abbreviations (1-12) and weekday names (0): English, and those of
    the memo's language when the text has a word that is not an English one (Babel is
    loaded only then, so that `check` stays quick)."""
    primary = lang.split("-")[0].lower()
    if primary == "en" or all(_fold(w) in _MONTH_NAMES for w in re.findall(_WORD, text)):
        return _MONTH_NAMES
    return _local_month_names(primary)


@lru_cache(maxsize=16)
def _local_month_names(lang: str) -> dict[str, int]:
    try:
        from babel import Locale, UnknownLocaleError
        from babel.dates import get_day_names, get_month_names
    except ImportError:  # pragma: no cover - Babel is a dependency
        return _MONTH_NAMES
    try:
        locale = Locale.parse(lang)
    except (ValueError, UnknownLocaleError):
        return _MONTH_NAMES
    names = dict(_MONTH_NAMES)
    for width in ("wide", "abbreviated"):
        for context in ("format", "stand-alone"):
            for number, name in get_month_names(width, context, locale).items():
                names.setdefault(_fold(name), number)
            for name in get_day_names(width, context, locale).values():
                names.setdefault(_fold(name), 0)
    return names


def _day(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _month(word: str, months: dict[str, int]) -> int | None:
    return months.get(_fold(word)) or None  # a weekday (0) is no month


def _single(text: str, months: dict[str, int]) -> list[Reading] | None:
    """The readings of one date written another way; None when it is not one;
    an empty list when it looks like a date but no reading is a valid day."""
    match = _NUMERIC.fullmatch(text)
    if match:
        first, second, year = int(match[1]), int(match[3]), int(match[4])
        guessed = len(match[4]) == 2
        if guessed:
            year += 2000  # a guess for the readings named in the warning; never dated (see _advised)
        readings = []
        for order, month, day in (("month-day", first, second), ("day-month", second, first)):
            date = _day(year, month, day)
            if date:
                readings.append(("two-digit year" if guessed else order, date, date))
        return readings
    match = _YEAR_FIRST.fullmatch(text)
    if match:
        date = _day(int(match[1]), int(match[3]), int(match[4]))
        return [("either", date, date)] if date else []
    for pattern, form in _WORD_FORMS:
        match = pattern.fullmatch(text)
        if match:
            day, month = (match[1], match[2]) if form == "dmy" else (match[2], match[1])
            number = _month(month, months)
            if number is None:
                continue
            date = _day(int(match[3]), number, int(day))
            return [("either", date, date)] if date else []
    return None


def _readings(text: str, months: dict[str, int]) -> list[Reading] | None:
    """The readings of a date or a date range written another way, or None."""
    weekday = _LEADING_WORD.match(text)
    if weekday and months.get(_fold(weekday[1])) == 0:  # not compared with the date: only skipped
        text = text[weekday.end():]
    single = _single(text, months)
    if single is not None:
        return single
    for pattern, form in _WORD_RANGES:
        match = pattern.fullmatch(text)
        if not match:
            continue
        groups = match.groups()
        if form == "ddmy":
            first, last, month, year = groups
            first_month = last_month = _month(month, months)
        elif form == "mddy":
            month, first, last, year = groups
            first_month = last_month = _month(month, months)
        elif form == "dmdmy":
            first, month, last, month2, year = groups
            first_month, last_month = _month(month, months), _month(month2, months)
        else:
            month, first, month2, last, year = groups
            first_month, last_month = _month(month, months), _month(month2, months)
        if first_month is None or last_month is None:
            continue
        start, end = _day(int(year), first_month, int(first)), _day(int(year), last_month, int(last))
        return [("either", start, end)] if start and end and start <= end else []
    parts = _RANGE.split(text)
    if len(parts) == 2:
        first, last = (_single(part, months) for part in parts)
        if first is None or last is None:
            return None
        # both ends are read the same way: "12/11/2026 to 14/11/2026" can only be day-month
        readings = []
        for order, start, _ in first:
            for other, _, end in last:
                if (order == other or "either" in (order, other)) and start <= end:
                    readings.append((order if order != "either" else other, start, end))
        return readings
    return None


def _date_inside(text: str, months: dict[str, int]) -> tuple[str, list[Reading]] | None:
    """A date written another way within longer text ("week of 12/11/2026"): (it, its readings)."""
    for pattern in (*(p for p, _ in _WORD_RANGES), *(p for p, _ in _WORD_FORMS), _NUMERIC, _YEAR_FIRST):
        for match in pattern.finditer(text):
            part = match.group()
            readings = _readings(part, months)
            if readings is not None and _bounded(text, match):
                return part, readings
    for pattern in _NO_YEAR:
        for match in pattern.finditer(text):
            groups = match.groups()
            day, month = groups if pattern is _NO_YEAR[0] else groups[::-1]
            number = _month(month, months)
            if number is not None and _bounded(text, match) and _day(2000, number, int(day)):
                return match.group(), [("no-year", dt.date(2000, number, int(day)), dt.date(2000, number, int(day)))]
    return None


def _bounded(text: str, match: re.Match) -> bool:
    """The match is not part of a longer word or number."""
    before = text[match.start() - 1] if match.start() else " "
    after = text[match.end()] if match.end() < len(text) else " "
    return not (before.isalnum() or after.isalnum())


def _spoken(start: dt.date, end: dt.date) -> str:
    """ "11 December 2026", or "11 December 2026 to 14 December 2026": plain, for a warning."""
    def one(day: dt.date) -> str:
        return f"{day.day} {_ENGLISH_MONTHS[day.month - 1].capitalize()} {day.year}"
    return one(start) if start == end else f"{one(start)} to {one(end)}"


def _iso(start: dt.date, end: dt.date) -> str:
    return start.isoformat() if start == end else f"{start.isoformat()} to {end.isoformat()}"


def _advised(text: str, readings: list[Reading]) -> tuple[When, str]:
    """The When for a date written another way, and the warning with the ISO form to write."""
    distinct = _distinct(readings)
    if len(distinct) == 1 and readings[0][0] not in ("no-year", "two-digit year"):
        start, end = distinct[0]
        return When(text, start, end), (f"{text!r} is not an ISO date: write {_iso(start, end)}; "
                                        f"meanwhile the agenda sorts it as {_spoken(start, end)}")
    if len(distinct) > 1:
        what = "is ambiguous"
    elif readings:
        what = "has no year" if readings[0][0] == "no-year" else "has a two-digit year"
    else:
        what = "looks like a date but is not a valid one"
    return When(text), (f"{text!r} {what}: {_what_to_write(readings)}; until then it is free text, "
                        "listed after the dated items")


def _distinct(readings: list[Reading]) -> list[tuple[dt.date, dt.date]]:
    return list(dict.fromkeys((start, end) for _, start, end in readings))


def _what_to_write(readings: list[Reading]) -> str:
    if not readings:
        return "write it as YYYY-MM-DD (or YYYY-MM-DD to YYYY-MM-DD)"
    if readings[0][0] == "no-year":
        day = readings[0][1]
        return f"write YYYY-{day.month:02d}-{day.day:02d} with the year"
    choices = " or ".join(f"{_iso(start, end)} for {_spoken(start, end)}" for start, end in _distinct(readings))
    return f"write {choices}"


# Names and points recur across sources, and transliterating them again was most of merging's time.
@lru_cache(maxsize=8192)
def match_key(text: str) -> str:
    """What two mentions must share to be one entry: letters and digits only,
    case-folded, diacritics removed ("Søren Ågård" == "soren agard", "U.S." == "US").

    text-unidecode (already needed by python-slugify) transliterates letters that
    have no decomposition, such as ø, ł and ß, which NFKD alone leaves alone."""
    if text.isascii():  # nothing to transliterate
        return "".join(ch for ch in text.casefold() if ch.isalnum())
    from text_unidecode import unidecode

    ascii_text = unidecode(unicodedata.normalize("NFKC", text))
    return "".join(ch for ch in ascii_text.casefold() if ch.isalnum())


# ---- people's names ------------------------------------------------------------------------------

_ALTERNATIVE = re.compile(r"(?P<outer>[^()]+?)\s*\((?P<inner>[^()]+)\)")
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss", "ẞ": "SS"})
_INITIALS = re.compile(r"[^\W\d_]\.?|(?:[^\W\d_]\.-?)+")  # "M", "M.", "J.D.", "J.-P."


_LATIN = frozenset({"LATIN"})


def _scripts(text: str) -> frozenset[str]:
    """The scripts of a text's letters, by the first word of their Unicode names: LATIN, CJK, CYRILLIC…"""
    if text.isascii():
        return _LATIN if any(ch.isalpha() for ch in text) else frozenset()
    return frozenset(unicodedata.name(ch, "?").split(" ")[0] for ch in text if ch.isalpha())


@lru_cache(maxsize=8192)
def name_forms(name: str) -> tuple[str, ...]:
    """The forms one name is written in: "Wang Wentao (王文涛)" -> ("Wang Wentao", "王文涛").

    A parenthesised part is another form of the same name when it is in another script
    ("王文涛 (Wang Wentao)", "Sergei Lavrov (Сергей Лавров)") or matches the rest as a
    transliteration does ("Müller (Mueller)"). Anything else in brackets ("Mike Waltz
    (NSA)") is part of the one form written."""
    match = _ALTERNATIVE.fullmatch(" ".join(name.split())) if "(" in name else None
    if match:
        outer, inner = match["outer"], match["inner"].strip()
        outer_scripts, inner_scripts = _scripts(outer), _scripts(inner)
        if (outer_scripts and inner_scripts and not outer_scripts & inner_scripts) or \
                set(_form_keys(outer)) & set(_form_keys(inner)):
            return outer, inner
    return (name,)


def _form_keys(form: str) -> tuple[str, ...]:
    """The match key, and the key with German ä, ö, ü written ae, oe, ue ("Müller" == "Mueller")."""
    plain = match_key(form)
    if form.isascii():
        return (plain,) if plain else ()
    german = match_key(unicodedata.normalize("NFC", form).translate(_UMLAUTS))
    return tuple(dict.fromkeys(key for key in (plain, german) if key))


@lru_cache(maxsize=8192)
def name_keys(name: str) -> tuple[str, ...]:
    """Every key one person's name is certainly known by: each form's match key, and its
    key with German umlauts spelled out. Two names sharing a key are one person."""
    keys = tuple(dict.fromkeys(key for form in name_forms(name) for key in _form_keys(form)))
    return keys or (name,)


@dataclass(frozen=True)
class NameParts:
    """What a likely match compares: the surname's keys and the given names' initials."""

    surname: tuple[str, ...]  # keys of the last word ("Šefčovič" -> sefcovic)
    given: tuple[str, ...]  # given names as written ("Maroš"), or the initials' letters ("m")
    initials_only: bool  # every given name written as an initial ("M. Šefčovič", "J.D. Vance")


@lru_cache(maxsize=8192)
def name_parts(name: str) -> NameParts | None:
    """The surname and given names of a name in Latin letters; None when it has no such form.
    The surname is the last word; for a name also written in Chinese or Korean, whose family
    name comes first, the first word too."""
    forms = name_forms(name)
    family_first = any(_scripts(form) & {"CJK", "HANGUL"} for form in forms)
    for form in forms:
        words = re.sub(r"\([^()]*\)", " ", form).replace(",", " ").split()  # not "(NSA)" in "Mike Waltz (NSA)"
        if not words or _scripts(" ".join(words)) != {"LATIN"}:
            continue
        surname = _form_keys(words[-1])
        if family_first and len(words) > 1:
            surname = tuple(dict.fromkeys((*_form_keys(words[0]), *surname)))
        if not surname:
            continue
        given = words[:-1]
        initials_only = bool(given) and all(_INITIALS.fullmatch(word) for word in given)
        if initials_only:
            given = [letter for word in given for letter in match_key(word)]
        return NameParts(surname, tuple(given), initials_only)
    return None


def likely_same(a: NameParts, b: NameParts) -> bool:
    """Two names (not matched for certain) that are likely one person: a one-word name
    equal to the other's surname ("Šefčovič", "Maroš Šefčovič"), or initials standing
    for the other's given names ("M. Šefčovič", "Maroš Šefčovič"). Two full names that
    share only the surname are not."""
    if not set(a.surname) & set(b.surname):
        return False
    if not a.given or not b.given:
        return bool(a.given) != bool(b.given)
    if a.initials_only == b.initials_only:
        return False  # "M. Šefčovič" and "J. Šefčovič"; full names with different given names
    initials, full = (a, b) if a.initials_only else (b, a)
    return len(initials.given) <= len(full.given) and all(
        letter == match_key(word)[:1] for letter, word in zip(initials.given, full.given))
