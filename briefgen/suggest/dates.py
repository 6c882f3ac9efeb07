"""Dates as news copy writes them, resolved against the day the source was published.

    February 17 · Feb. 14–16 · 14 to 16 February · 12 May 2025 · 2025-02-17
    on Friday · this week · later this week · next week · tomorrow · next month

An agenda's `when` is an ISO date, a range "A to B", or, when the text gives too
little (a relative date in a source without a date), the words as written.
A date without a year takes the year that puts it nearest the publication date; a
weekday is the next one from it (that day itself when it is that weekday), or the last
one up to it when the sentence speaks of the past ("arrived on Wednesday").
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import functools
import re
from dataclasses import dataclass

_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december")
MONTH_NUMBERS = {name: number for number, name in enumerate(_MONTHS, start=1)}
MONTH_NUMBERS.update({name[:3]: number for name, number in list(MONTH_NUMBERS.items())})
MONTH_NUMBERS["sept"] = 9
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

# Month names only capitalised ("may" and "march" are verbs too), followed or preceded by a day.
_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December" \
         r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?)"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_TO = r"(?:\s*[-–—]\s*|\s+(?:to|until|till|through|and)\s+)"
_YEAR = r"(?:,?\s+(?:19|20)\d\d)"
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_NUMBER = r"(?:a|one|two|three|four|five|six|\d{1,2})"
_PART = r"(?:start|beginning|end|middle|turn)"
_DATE = re.compile(
    # every form starts a word with a digit, a capital or one of these letters: a quick
    # test that lets the search skip every other place
    r"\b(?=[\dA-Zacdeilmnotwy])(?:"
    rf"(?P<iso>\b\d{{4}}-\d\d-\d\d(?:{_TO}\d{{4}}-\d\d-\d\d)?\b)"
    rf"|(?P<md>\b{_MONTH}\s+{_DAY}(?:{_TO}(?:{_MONTH}\s+)?{_DAY})?\b{_YEAR}?)"
    rf"|(?P<dm>\b{_DAY}(?:\s+{_MONTH})?{_TO}{_DAY}\s+{_MONTH}{_YEAR}?(?![\w])|\b{_DAY}\s+(?:of\s+)?{_MONTH}{_YEAR}?(?![\w]))"
    rf"|(?P<weekday>\b(?:(?i:this|next|last|coming)\s+)?{_WEEKDAY}\b(?:(?:\s+(?:and|to|through|or)\s+|\s*[-–]\s*){_WEEKDAY}\b)?"
    rf"(?:,?\s+(?:{_MONTH}\s+{_DAY}|{_DAY}\s+{_MONTH})\b{_YEAR}?)?)"
    r"|(?P<relative>\b(?i:(?:later|earlier)\s+this\s+(?:week|month|year)|(?:this|next|last)\s+(?:week|weekend|month|year)"
    r"|tomorrow|today|tonight|yesterday|the\s+(?:following|next)\s+(?:day|week|weekend|month)"
    r"|(?:over|at|during)\s+the\s+(?:coming\s+)?weekend"
    rf"|in\s+{_NUMBER}\s+(?:days?|weeks?|months?)(?:['’]\s+time)?|in\s+a\s+(?:week|month|fortnight)['’]s\s+time"
    r"|(?:early|late|mid)[- ](?:this|next)\s+(?:week|month|year)"
    rf"|the\s+{_PART}\s+of\s+(?:the|this|next)\s+(?:week|month|year))\b)"
    rf"|(?P<part>\bthe\s+(?:{_PART}|(?:first|second|third|fourth|last)\s+week)\s+of\s+{_MONTH}(?:\s+(?:19|20)\d\d)?\b)"
    rf"|(?P<ordinal>\bthe\s+(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)\b(?!\s*[-–]?\s*[a-z]))"
    rf"|(?P<month>\b(?i:(?:early|mid|late)[- ]|(?:next|this)\s+)?{_MONTH}(?:\s+(?:19|20)\d\d)?\b)"
    r")"
)
_PAST = re.compile(r"\b(?i:said|met|was|were|held|had|arrived|announced|did|took|spoke|told|visited|attended"
                   r"|last|earlier|ago|on record)\b")
_FUTURE = re.compile(r"\b(?i:will|shall|to be|expected|expects|plans?|planned|scheduled|due|set to|upcoming|next"
                     r"|coming|would|is to|are to|going to)\b")


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    when: str  # for the agenda: ISO date, "A to B", or the words as written
    kind: str  # iso, md, dm, weekday, relative, month


def find_dates(plain: str, published: dt.date | None, sentences: list[tuple[int, int]] | None = None) -> list[DateMention]:
    """Every date written in plain, resolved against the publication date."""
    found = []
    sentence_starts = [start for start, _ in sentences or []]

    for match in _DATE.finditer(plain):
        kind = match.lastgroup or ""
        words = match.group()
        if kind == "month" and not words.lower().startswith(("next", "this")) \
                and not _month_alone_is_date(plain, match):
            continue
        sentence = bisect.bisect_right(sentence_starts, match.start()) - 1
        context_start = max(sentence_starts[sentence] if sentence >= 0 else 0, match.start() - 100)
        when = resolve(words, kind, published, plain[context_start:match.start()]) or " ".join(words.split())
        found.append(DateMention(match.start(), match.end(), when, kind))
    return found


def _month_alone_is_date(plain: str, match: re.Match) -> bool:
    """"in March", "by mid-March": a month named alone is a date after a preposition."""
    before = plain[max(0, match.start() - 12):match.start()].lower().split()
    return bool(before) and before[-1] in ("in", "by", "until", "from", "during", "since", "for", "of")


def resolve(words: str, kind: str, published: dt.date | None, context: str = "") -> str | None:
    """The ISO date or range a date's words stand for; None when they cannot be resolved."""
    words = " ".join(words.split())
    try:
        if kind == "iso":
            parts = re.split(r"\s*(?:to|until|till|through|and|[-–—](?!\d\d-))\s*", words)
            if len(parts) == 1 or re.fullmatch(r"\d{4}-\d\d-\d\d", words):
                return dt.date.fromisoformat(words).isoformat()
            dates = [dt.date.fromisoformat(part) for part in re.findall(r"\d{4}-\d\d-\d\d", words)]
            return _range(dates[0], dates[-1])
        if kind in ("md", "dm"):
            return _absolute(words, published)
        if kind == "weekday":
            return _weekday(words, published, context)
        if kind == "relative":
            return _relative(words.lower(), published, context)
        if kind == "part":
            whole = _month(words[words.lower().index(" of ") + 4:], published)
            return _part_of(words.lower(), whole)
        if kind == "ordinal":
            return _ordinal(words, published, context)
        if kind == "month":
            return _month(words, published, context)
    except ValueError:  # a day the month does not have: "February 30"
        return None
    return None


def _range(start: dt.date, end: dt.date) -> str | None:
    if end < start:
        return None
    return start.isoformat() if start == end else f"{start.isoformat()} to {end.isoformat()}"


def _numbers(words: str) -> tuple[list[int], list[int], int | None]:
    """The months, days and year written in an absolute date, in order."""
    months = [MONTH_NUMBERS[m.lower().rstrip(".")] for m in re.findall(r"[A-Za-z]+\.?", words)
              if m.lower().rstrip(".") in MONTH_NUMBERS]
    year_match = re.search(r"\b(?:19|20)\d\d\b", words)
    year = int(year_match.group()) if year_match else None
    without_year = words[:year_match.start()] if year_match else words
    days = [int(d) for d in re.findall(r"\b(\d{1,2})(?:st|nd|rd|th)?\b", without_year)]
    return months, days, year


def _nearest_year(month: int, day: int, published: dt.date) -> int:
    candidates = []
    for year in (published.year - 1, published.year, published.year + 1):
        try:
            candidates.append((abs((dt.date(year, month, day) - published).days), year))
        except ValueError:
            continue
    return min(candidates)[1] if candidates else published.year


def _absolute(words: str, published: dt.date | None) -> str | None:
    months, days, year = _numbers(words)
    if not months or not days:
        return None
    if year is None:
        if published is None:
            return None
        year = _nearest_year(months[0], days[0], published)
    start = dt.date(year, months[0], days[0])
    if len(days) == 1:
        return start.isoformat()
    end_month = months[-1] if len(months) > 1 else months[0]
    end = dt.date(year, end_month, days[-1])
    if end < start and end_month < months[0]:
        end = dt.date(year + 1, end_month, days[-1])  # "December 30 to January 2"
    return _range(start, end)


def _tense_is_past(context: str) -> bool:
    """Whether the words before a date speak of the past: the later of the two markers wins."""
    past = [m.end() for m in _PAST.finditer(context)]
    future = [m.end() for m in _FUTURE.finditer(context)]
    return bool(past) and (not future or past[-1] > future[-1])


def _weekday(words: str, published: dt.date | None, context: str) -> str | None:
    lower = words.lower()
    months, days, year = _numbers(words)
    if months and days:
        return _absolute(words, published)
    if published is None:
        return None
    named = sorted((lower.index(name), index) for index, name in enumerate(WEEKDAYS) if name in lower)
    weekday = named[0][1]
    if lower.startswith("next "):
        # "next Friday": the Friday of next week
        monday = published - dt.timedelta(days=published.weekday()) + dt.timedelta(days=7)
        first = monday + dt.timedelta(days=weekday)
    elif lower.startswith("last ") or (not lower.startswith(("this ", "coming ")) and _tense_is_past(context)):
        back = (published.weekday() - weekday) % 7
        first = published - dt.timedelta(days=back)
    else:
        # "will meet on Monday" in Monday's paper is that day: a week later would be "next Monday"
        ahead = (weekday - published.weekday()) % 7
        first = published + dt.timedelta(days=ahead)
    if len(named) > 1:  # "next Thursday and Friday", "Monday to Wednesday"
        return _range(first, first + dt.timedelta(days=(named[-1][1] - weekday) % 7))
    return first.isoformat()


_COUNTS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}


_WEEK_NUMBERS = {"first": 0, "second": 1, "third": 2, "fourth": 3}


def _part_of(words: str, whole: str | None) -> str | None:
    """"the end of the month", "early next year": a third of the period the words name;
    "the first week of September": its first seven days."""
    if whole is None:
        return None
    bounds = [dt.date.fromisoformat(part) for part in whole.split(" to ")]
    start, end = bounds[0], bounds[-1]
    week = re.search(r"\b(first|second|third|fourth|last) week\b", words)
    if week:
        if week.group(1) == "last":
            return _range(end - dt.timedelta(days=6), end)
        first = start + dt.timedelta(days=7 * _WEEK_NUMBERS[week.group(1)])
        return _range(first, min(end, first + dt.timedelta(days=6)))
    length = (end - start).days + 1
    third = max(1, length // 3)
    if re.search(r"\b(?:start|beginning|early|turn)\b", words):
        return _range(start, start + dt.timedelta(days=third - 1))
    if re.search(r"\b(?:middle|mid)\b", words):
        return _range(start + dt.timedelta(days=third), end - dt.timedelta(days=third))
    return _range(end - dt.timedelta(days=third - 1), end)


def _ordinal(words: str, published: dt.date | None, context: str) -> str | None:
    """"on the 12th": that day of the publication's month, or of the next (the previous
    when the sentence speaks of the past) when the day has passed."""
    if published is None:
        return None
    day = int(re.search(r"\d+", words).group())
    year, month = published.year, published.month
    past = _tense_is_past(context)
    if not past and day < published.day:
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    elif past and day > published.day:
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return dt.date(year, month, day).isoformat()


def _relative(words: str, published: dt.date | None, context: str = "") -> str | None:
    if published is None:
        return None
    words = " ".join(words.split())
    # only "over the weekend" asks the sentence its tense
    past = words.endswith("weekend") and _tense_is_past(context)
    return _relative_resolved(words, published, past)


@functools.lru_cache(maxsize=4096)
def _relative_resolved(words: str, published: dt.date, past: bool) -> str | None:
    """The range relative words stand for (a text repeats a few such words many times)."""
    counted = re.fullmatch(r"in (\w+) (day|week|month|fortnight)s?(?:['’]s?)?(?: time)?", words)
    if counted:
        number = _COUNTS.get(counted.group(1)) or (int(counted.group(1)) if counted.group(1).isdigit() else 1)
        unit = counted.group(2)
        if unit == "month":
            month = published.month - 1 + number
            year = published.year + month // 12
            month = month % 12 + 1
            return _month(f"{calendar.month_name[month]} {year}", published)
        days = {"day": 1, "week": 7, "fortnight": 14}[unit] * number
        return (published + dt.timedelta(days=days)).isoformat()
    part = re.fullmatch(r"(?:the (start|beginning|end|middle|turn) of|(early|late|mid)[- ]) ?(?:the )?(\w+ \w+|\w+)", words)
    if part:
        period = part.group(3)
        if period in ("week", "month", "year"):
            period = "this " + period
        return _part_of(words, _relative_resolved(period, published, False))
    if words.endswith("weekend") and not words.startswith(("this", "next", "last", "the following", "the next")):
        words = "last weekend" if past else "this weekend"
    day = dt.timedelta(days=1)
    monday = published - dt.timedelta(days=published.weekday())
    sunday = monday + 6 * day
    month_end = published.replace(day=calendar.monthrange(published.year, published.month)[1])
    next_month_start = month_end + day
    next_month_end = next_month_start.replace(
        day=calendar.monthrange(next_month_start.year, next_month_start.month)[1])
    table = {
        "today": (published, published), "tonight": (published, published),
        "tomorrow": (published + day, published + day), "yesterday": (published - day, published - day),
        "this week": (monday, sunday), "later this week": (published + day, sunday),
        "earlier this week": (monday, published), "next week": (monday + 7 * day, sunday + 7 * day),
        "last week": (monday - 7 * day, sunday - 7 * day), "this weekend": (monday + 5 * day, sunday),
        "next weekend": (monday + 12 * day, sunday + 7 * day), "last weekend": (monday - 2 * day, monday - day),
        "this month": (published.replace(day=1), month_end), "later this month": (published + day, month_end),
        "earlier this month": (published.replace(day=1), published),
        "next month": (next_month_start, next_month_end),
        "this year": (dt.date(published.year, 1, 1), dt.date(published.year, 12, 31)),
        "later this year": (published + day, dt.date(published.year, 12, 31)),
        "next year": (dt.date(published.year + 1, 1, 1), dt.date(published.year + 1, 12, 31)),
        "the following day": (published + day, published + day), "the next day": (published + day, published + day),
        "the following week": (monday + 7 * day, sunday + 7 * day),
        "the next week": (monday + 7 * day, sunday + 7 * day),
        "the following month": (next_month_start, next_month_end), "the next month": (next_month_start, next_month_end),
        "the following weekend": (monday + 12 * day, sunday + 7 * day),
        "the next weekend": (monday + 12 * day, sunday + 7 * day),
    }
    found = table.get(words)
    if found is None or found[1] < found[0]:
        return None
    return _range(*found)


def _month(words: str, published: dt.date | None, context: str = "") -> str | None:
    lower = words.lower()
    if lower.startswith(("early", "mid", "late")):
        return None  # a part of a month: the words say it better than a range would
    months, _, year = _numbers(words)
    if not months:
        return None
    month = months[0]
    if year is None and lower.startswith(("next ", "this ")) and published is not None:
        # "next July": the coming July (this year's when it is still ahead)
        year = published.year if month > published.month else published.year + 1
        if lower.startswith("this "):
            year = published.year
    if year is None:
        if published is None:
            return None
        year = _nearest_year(month, 15, published)
        if context and _FUTURE.search(context) and not _tense_is_past(context):
            # "will meet in May" in November's paper: next May
            year = published.year if month >= published.month else published.year + 1
    last = calendar.monthrange(year, month)[1]
    return _range(dt.date(year, month, 1), dt.date(year, month, last))
