"""What reaches the renderers is bounded, so that no text inside the documented limits
(a 5 MB source, 5 000 annotations, spans 100 deep) makes a build take minutes.

Three kinds of text are slow to lay out, each far past what any memo needs:

- a very long unbreakable word: WeasyPrint's line breaking is quadratic in it (a word
  of 50 000 letters took 98 s); the memo gets a break opportunity (U+200B, invisible)
  every MAX_WORD characters of a longer word;
- a long run of combining marks on one letter: Pango and HarfBuzz shape it slowly
  (50 000 marks took 27 s); the memo keeps MAX_MARKS of them per letter (Unicode's
  stream-safe format keeps 30; no writing system uses more than a few);
- a huge text: one field of the memo prints at most MAX_PRINTED characters, then "…".

Only the printed memo (PDF, DOCX, HTML) is bounded: the JSON and `show` keep the text
as written. `warnings` names each item cut, so nothing is shortened silently.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from functools import lru_cache

from .errors import BriefWarning, Place

MAX_WORD = 120  # characters of a word before the memo adds a break opportunity (longer than URLs)
MAX_MARKS = 8  # combining marks printed after one base character
MAX_PRINTED = 20_000  # characters of one text the memo prints (about six pages)
MAX_URL = 500  # characters of a link; a longer one is printed cut, without a break
MAX_TITLE = 200  # characters of a source title taken from its first line
# A two-page memo holds about forty items. Past these, laying the memo out grows with
# its length (about 20 ms an item with a note, in WeasyPrint), so a workspace inside
# the annotation limits could take minutes: the memo prints the first ones, the JSON all.
MAX_ITEMS = 300  # items printed across the memo's sections
MAX_CITATIONS = 30  # citations printed in one item's note
ITEM_SECTIONS = ("recommendations", "key_points", "participants", "agenda", "challenges", "open_questions",
                 "talking_points")

ELLIPSIS = "…"
BREAK = "\u200b"  # ZERO WIDTH SPACE: a line may break here; nothing is drawn

# Fields that are keys or codes, never laid out as running text: left as they are.
_KEYS = frozenset({"id", "source", "lang", "form", "mark", "summary_mark", "subject_mark"})
_URLS = frozenset({"url"})

_LONG_WORD = re.compile(r"\S{%d,}" % (MAX_WORD + 1))
# A cheap first look for a run of combining marks: MAX_MARKS + 1 characters in a row
# that are not ASCII, Latin or spaces; only such runs are checked character by character.
_CANDIDATE_RUN = re.compile(r"[^\x00-\u02ff\s]{%d,}" % (MAX_MARKS + 1))


@lru_cache(maxsize=1)
def _marks() -> re.Pattern:
    """Runs of more than MAX_MARKS combining marks (Unicode categories Mn, Mc, Me).
    Made on first need, from the planes that hold marks (0, 1 and 14): 0.1 s."""
    ranges: list[list[int]] = []
    for code in (*range(0x20000), *range(0xE0000, 0xE1000)):
        if unicodedata.category(chr(code))[0] == "M":
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1][1] = code
            else:
                ranges.append([code, code])
    members = "".join(re.escape(chr(a)) + (f"-{re.escape(chr(b))}" if b > a else "") for a, b in ranges)
    return re.compile(f"([{members}]{{{MAX_MARKS}}})[{members}]+")


def cap_marks(text: str) -> str:
    """The text with at most MAX_MARKS combining marks after each base character."""
    if not _CANDIDATE_RUN.search(text):
        return text
    return _marks().sub(r"\1", text)


def _break_word(match: re.Match) -> str:
    word = match.group()
    pieces, start = [], 0
    while len(word) - start > MAX_WORD:
        end = start + MAX_WORD
        # never between a letter and its combining marks
        while end < len(word) and unicodedata.combining(word[end]):
            end += 1
        pieces.append(word[start:end])
        start = end
    pieces.append(word[start:])
    return BREAK.join(piece for piece in pieces if piece)


def cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + ELLIPSIS


def printable_text(text: str, *, url: bool = False) -> str:
    """One text as the memo prints it: cut, marks capped, long words breakable."""
    if url:
        return cut(text, MAX_URL)
    text = cap_marks(cut(text, MAX_PRINTED))
    return _LONG_WORD.sub(_break_word, text) if len(text) > MAX_WORD else text


def _bounded(value, name: str = ""):
    if isinstance(value, str):
        if name in _KEYS:
            return value
        return printable_text(value, url=name in _URLS)
    if isinstance(value, list):
        return [_bounded(item, name) for item in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: _bounded(getattr(value, f.name), f.name)
                   for f in dataclasses.fields(value) if f.init}
        return dataclasses.replace(value, **changes)
    return value


def printable(summary):
    """A copy of the summary (model.Summary) with every text as the memo prints it, and
    at most MAX_ITEMS items (in memo order), each with at most MAX_CITATIONS citations."""
    bounded = _bounded(summary)
    room = MAX_ITEMS
    for section in ITEM_SECTIONS:
        items = getattr(bounded, section)[:room]
        room -= len(items)
        for item in items:
            if len(getattr(item, "citations", ())) > MAX_CITATIONS:
                item.citations = item.citations[:MAX_CITATIONS]
        setattr(bounded, section, items)
    return bounded


def _volume_warnings(summary, paths: dict) -> list[BriefWarning]:
    """What MAX_ITEMS and MAX_CITATIONS leave out of the printed memo."""
    found: list[BriefWarning] = []
    total = sum(len(getattr(summary, section)) for section in ITEM_SECTIONS)
    if total > MAX_ITEMS:
        found.append(BriefWarning(f"the memo has {total:,} items: it prints the first {MAX_ITEMS:,} "
                                  f"(in section order); the JSON keeps them all"))
    for section in ITEM_SECTIONS:
        for item in getattr(summary, section):
            cited = len(getattr(item, "citations", ()))
            if cited > MAX_CITATIONS:
                found.append(BriefWarning(f"{_SINGULAR[section]} cited in {cited:,} places: its note names the "
                                          f"first {MAX_CITATIONS}; the JSON keeps them all", _place(item, paths)))
    return found


# ---- warnings ---------------------------------------------------------------------------------

def _texts(value, name: str = ""):
    """(field name, text) for every text of an item of the summary."""
    if isinstance(value, str):
        yield name, value
    elif isinstance(value, list):
        for item in value:
            yield from _texts(item, name)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            if f.init and f.name not in _KEYS and f.name != "citations":
                yield from _texts(getattr(value, f.name), f.name)


def _problem(name: str, text: str) -> str | None:
    if name in _URLS:
        return f"a link of {len(text):,} characters: the memo prints its first {MAX_URL}" \
            if len(text) > MAX_URL else None
    if len(text) > MAX_PRINTED:
        return f"a text of {len(text):,} characters: the memo prints its first {MAX_PRINTED:,}"
    if cap_marks(text) != text:
        return f"more than {MAX_MARKS} combining marks on one letter: the memo prints {MAX_MARKS}"
    return None


_SINGULAR = {"recommendations": "recommendation", "talking_points": "talking point", "key_points": "key point",
             "participants": "participant", "agenda": "agenda item", "challenges": "challenge",
             "open_questions": "open question", "sources": "source"}


def warnings(summary, paths: dict | None = None) -> list[BriefWarning]:
    """One warning for each item of the memo whose printed text is cut or capped (long
    words are only made breakable: no warning). `paths` maps a source id to its file,
    to place the warning at the item's first citation."""
    found: list[BriefWarning] = []
    for section in ("memo", "summary", "recommendations", "talking_points", "key_points", "participants",
                    "agenda", "challenges", "open_questions", "sources"):
        value = getattr(summary, section)
        for item in value if isinstance(value, list) else [value]:
            for name, text in _texts(item, section):
                if problem := _problem(name, text):
                    label = _SINGULAR.get(section, section)
                    what = label if name in (section, "text") else f"{label} {name}"
                    found.append(BriefWarning(f"{what}: {problem}", _place(item, paths or {})))
                    break
    return found + _volume_warnings(summary, paths or {})


def _place(item, paths: dict) -> Place | None:
    citations = getattr(item, "citations", None)
    if citations and citations[0].source in paths:
        first = citations[0]
        return Place(paths[first.source], first.line, first.column)
    return None
