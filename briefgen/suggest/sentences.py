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

_ABBREVIATIONS = (
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "cmdr", "sgt", "adm", "gov", "sen",
    "rep", "reps", "sens", "pres", "amb", "hon", "rev", "fr", "sr", "jr", "st", "mt", "ft", "vs", "etc",
    "inc", "ltd", "co", "corp", "plc", "dept", "est", "approx",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "u.s", "u.k", "u.n", "e.u", "a.m", "p.m", "d.c", "e.g", "i.e", "ph.d", "u.s.a",
)
# "No." ends a sentence as often as it abbreviates "number": only before a digit is it one.
_ABBREVIATIONS_BEFORE_DIGITS = ("no", "nos", "art", "para", "fig", "vol")


def _not_after(words) -> str:
    """Look-behinds, at a dot, that fail when one of the words (any case) ends just
    before it; one per length, as a look-behind has a fixed width."""
    lengths = sorted({len(word) for word in words})
    return "".join(r"(?<!\b(?i:" + "|".join(re.escape(w) for w in words if len(w) == n) + r")\.)"
                   for n in lengths)


_LIST_ITEM = r"[ \t]*(?:[-*+•–][ \t]|\d{1,3}[.)][ \t])"
_END = re.compile(
    # A sentence's final punctuation with its closing quotes, right after a word (not
    # after a space or more punctuation: a run of dots is tried once, not from each
    # one). Each branch starts with its character, which the search looks for first;
    # the look-behinds then check the few characters before it.
    r"[!?](?<=[^\s.!?].)"
    # a dot, unless after an abbreviation or an initial ("J. D. Vance"), or after "No"
    # when a number follows, or a numbered list item's "1."
    r"|\.(?<=[^\s.!?]\.)" + _not_after(_ABBREVIATIONS) + r"(?<!\b[A-Z]\.)(?<!^\d\.)(?<!^\d\d\.)(?<!^\d\d\d\.)"
    r"(?:" + _not_after(_ABBREVIATIONS_BEFORE_DIGITS) + r"|(?![ \t]*+\d))"
    r"[.!?]*+[\"'”’»)\]]*+(?=\s)"
    r"|\n(?:[ \t\r\f\v]*+\n)++"  # a paragraph break (with any blank lines after it)
    r"|\n(?=" + _LIST_ITEM + r"|[ \t]{0,3}#)"  # a line before a list item or heading
    r"|(?<=\n)[ \t]{0,3}#[^\n]*+\n",  # a heading line
    re.MULTILINE,  # for "^" in the look-behinds
)
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
    ends = [match.end() for match in _END.finditer(text, start)]
    ranges += zip([start] + ends, ends + [len(text)])
    sentences = []
    for range_start, range_end in ranges:
        segment = text[range_start:range_end]
        words = segment.strip()  # str.strip: the same whitespace as str.isspace
        if words:
            begin = range_start + len(segment) - len(segment.lstrip())
            sentences.append((begin, begin + len(words)))
    return sentences


def _is_headline(line: str) -> bool:
    line = line.strip()
    if line.startswith("#"):
        return True
    return bool(line) and line[-1] not in ".!?,;:\"”’'-–—" and not re.match(_LIST_ITEM, line)
