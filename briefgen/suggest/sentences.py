"""Sentences of plain text, as (start, end) character ranges.

News copy's sentence ends are ". ", "? ", "! " (and their quoted forms) and paragraph
breaks; titles and initials ("Mr.", "U.S.", "J. D.") are not ends.
"""

from __future__ import annotations

import re

_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "sgt", "adm", "gov", "sen", "rep",
    "st", "jr", "sr", "vs", "etc", "inc", "ltd", "co", "corp", "dept", "est", "approx",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "u.s", "u.k", "u.n", "e.u", "a.m", "p.m", "d.c",
}
_END = re.compile(r"[.!?]+[\"'”’)]*(?=\s)|\n\s*\n|\n(?=[#\-*]|\s*\d+\.)")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """The sentences of text: ranges without their surrounding whitespace."""
    ranges: list[tuple[int, int]] = []
    start = 0
    for match in _END.finditer(text):
        if match.group().startswith(".") and _abbreviation_before(text, match.start()):
            continue
        ranges.append((start, match.end()))
        start = match.end()
    ranges.append((start, len(text)))
    return [trimmed for s, e in ranges if (trimmed := _trimmed(text, s, e))]


def _abbreviation_before(text: str, dot: int) -> bool:
    word = re.search(r"[\w.]+$", text[max(0, dot - 12):dot])
    if not word:
        return False
    token = word.group().lower().strip(".")
    return token in _ABBREVIATIONS or len(token) == 1 and token.isalpha()


def _trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None
