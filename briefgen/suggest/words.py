"""The words of a text, with their places, for the participant and agenda heuristics.

Every pattern here matches in time linear in the text: character classes repeated
with no overlap between what a repetition and what follows it can match.
"""

from __future__ import annotations

import re

# \w misses the combining marks of many scripts (Devanagari vowel signs, Arabic and
# Hebrew points, Thai tone marks): a name in those scripts is still one word.
_MARKS = ("\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed"
          "\u0900-\u0dff\u0e00-\u0eff\u1000-\u109f\u200c\u200d\u3099\u309a")
LETTER = rf"[\w{_MARKS}]"
# A word: letters joined by apostrophes or hyphens (O'Brien, Jean-Noël, high-level),
# but not a possessive 's (nor is its "s" a word); or initials and abbreviations written with full stops (U.S., J.D.).
_WORD = re.compile(rf"(?:[A-Z]\.){{2,}}|(?<!\w['’]){LETTER}+(?:['’](?![sS](?!{LETTER})){LETTER}+|[-‐]{LETTER}+)*")


class Word:
    """A word and its place; what the heuristics ask of every word, worked out once."""

    __slots__ = ("start", "end", "text", "lower", "capitalised", "caseless")

    def __init__(self, start: int, end: int, text: str) -> None:
        self.start = start
        self.end = end
        self.text = text
        self.lower = text.lower()
        first = text[0]
        # no capitals in its script (Chinese, Arabic, Hebrew, Devanagari, Korean...): any word may be a name
        self.caseless = first.isalpha() and not first.isupper() and not first.islower()
        # starts with a capital letter, or is written in a script without capitals
        self.capitalised = first.isupper() or self.caseless

    def __repr__(self) -> str:
        return f"Word({self.start}, {self.end}, {self.text!r})"


def words(text) -> list[Word]:
    """The words of a suggest.Text, found once and kept with it."""
    found = text.cache.get("words")
    if found is None:
        found = [Word(m.start(), m.end(), m.group()) for m in _WORD.finditer(text.plain)]
        text.cache["words"] = found
    return found


def sentence_index(text) -> list[int]:
    """For each word, the index of the sentence it is in (text.sentences)."""
    found = text.cache.get("sentence_of_word")
    if found is None:
        found = []
        sentences = text.sentences
        current = 0
        for word in words(text):
            while current + 1 < len(sentences) and word.start >= sentences[current][1]:
                current += 1
            found.append(current)
        text.cache["sentence_of_word"] = found
    return found
