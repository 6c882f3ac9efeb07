"""Sentences of plain text, as (start, end) character ranges.

News copy's sentence ends are ". ", "? ", "! " (and their quoted forms: '." ', ".” ',
'.) ') and paragraph breaks. A line ends its sentence too when it is a Markdown
heading, a list item (the next line starts "- ", "* ", "• ", "1. "…), or the body's
first line without final punctuation (a .txt article's headline) followed by a line
starting with a capital. Other single line breaks are hard-wrapped prose.
Titles, initials and dotted abbreviations ("Mr.", "Gen.", "U.S.", "J. D.") are not ends.

Every pattern here is a single pass over the text without nested repetition, and each
check looks back at most a fixed number of characters: time is linear in the text.
"""

from __future__ import annotations

import re

_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "cmdr", "sgt", "adm", "gov", "sen",
    "rep", "reps", "sens", "pres", "amb", "hon", "rev", "fr", "sr", "jr", "st", "mt", "ft", "vs", "etc",
    "inc", "ltd", "co", "corp", "plc", "dept", "est", "approx", "no", "nos", "vol", "art", "para", "fig",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "u.s", "u.k", "u.n", "e.u", "a.m", "p.m", "d.c", "e.g", "i.e", "ph.d", "u.s.a",
}
# "No." ends a sentence as often as it abbreviates "number": only before a digit is it one.
_ABBREVIATIONS_BEFORE_DIGITS = {"no", "nos", "art", "para", "fig", "vol"}

_LIST_ITEM = r"[ \t]*(?:[-*+•–][ \t]|\d{1,3}[.)][ \t])"
_END = re.compile(
    # a sentence's final punctuation with its closing quotes; only from a run's first
    # character, and possessive, so a long run of dots is not retried from each one
    r"(?<![.!?])[.!?]++[\"'”’»)\]]*+(?=\s)"
    r"|\n[ \t\r\f\v]*\n"  # a paragraph break
    r"|\n(?=" + _LIST_ITEM + r"|[ \t]{0,3}#)"  # a line before a list item or heading
    r"|(?<=\n)[ \t]{0,3}#[^\n]*+\n"  # a heading line
)
_WORD_BEFORE = re.compile(r"[\w.]+$")
# The body's first line, and the start of the next; a headline when it is a heading or
# lacks final punctuation and the next line starts with a capital.
_FIRST_LINE = re.compile(r"\s*+([^\n]{1,200})\n[ \t]*+(?=[\"“‘'(]?[A-Z])")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """The sentences of text: ranges without their surrounding whitespace."""
    ranges: list[tuple[int, int]] = []
    start = 0
    first = _FIRST_LINE.match(text)
    if first and _is_headline(first.group(1)):
        ranges.append((0, first.end(1)))
        start = first.end(1)
    for match in _END.finditer(text, start):
        if match.group()[0] == "." and _abbreviation_before(text, match.start(), match.end()):
            continue
        ranges.append((start, match.end()))
        start = match.end()
    ranges.append((start, len(text)))
    return [trimmed for s, e in ranges if (trimmed := _trimmed(text, s, e))]


def _is_headline(line: str) -> bool:
    line = line.strip()
    if line.startswith("#"):
        return True
    return bool(line) and line[-1] not in ".!?,;:\"”’'-–—" and not re.match(_LIST_ITEM, line)


def _abbreviation_before(text: str, dot: int, after: int) -> bool:
    word = _WORD_BEFORE.search(text, max(0, dot - 12), dot)
    if not word:
        return False
    if text[dot:after].rstrip("\"'”’»)]") != ".":  # "?." or "..": an end whatever precedes it
        return False
    token = word.group().lower().strip(".")
    if token in _ABBREVIATIONS_BEFORE_DIGITS:
        return text[after:after + 8].lstrip()[:1].isdigit()
    if token in _ABBREVIATIONS:
        return True
    # an initial ("J. D. Vance", "Donald J. Trump"): one capital letter after a space
    return len(token) == 1 and token.isalpha() and word.group()[-1].isupper() \
        and (word.start() == 0 or not text[word.start() - 1].isalnum())


def _trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None
