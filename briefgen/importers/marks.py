"""What every importer produces: an article's text and the analyst's marks on it.

Also the two ways an input names a mark's kind and attributes: the light comment
syntax (Word comments, PDF highlight notes, Hypothesis annotation bodies) and labels
(Hypothesis tags, PDF highlight colours) looked up in a kind map.
"""

from __future__ import annotations

import colorsys
import re
from dataclasses import dataclass, field

from ..annotations import COMMON_ATTRIBUTES, KINDS

DEFAULT_KIND = "key"  # a mark that names no kind is a key point: the words mattered to the analyst

# Words an analyst may use for a kind in a comment or a tag, beyond the kind's own name.
_KIND_WORDS = {
    "key": "key", "keys": "key", "key point": "key", "key points": "key", "keypoint": "key",
    "participant": "participant", "participants": "participant",
    "agenda": "agenda", "agenda item": "agenda",
    "challenge": "challenge", "challenges": "challenge",
    "question": "question", "questions": "question", "open question": "question",
    "open questions": "question",
}

# Highlight colours by name, as the usual PDF readers offer them, and the kind each
# means unless --kind-map says otherwise. Hues in degrees: a colour is named by the
# nearest hue, since readers differ in the exact shade of "yellow".
COLOUR_HUES = {"red": 0, "orange": 30, "yellow": 55, "green": 120, "blue": 215, "purple": 275, "pink": 320}
DEFAULT_COLOUR_KINDS = {"yellow": "key", "green": "participant", "blue": "agenda", "red": "challenge",
                        "orange": "challenge", "purple": "question", "pink": "question"}

_ALL_ATTRIBUTES = {name for names in KINDS.values() for name in names} | set(COMMON_ATTRIBUTES)
_INVISIBLE = set("\u00ad\u200b\u200c\u200d\u2060\ufeff")  # soft hyphen, zero-width marks: no text
_ATTRIBUTE_PART = re.compile(r"([A-Za-z]+)\s*[:=]\s*(.*)", re.S)


@dataclass
class Mark:
    """One passage the analyst marked, and what they said about it."""

    kind: str
    attributes: dict[str, str]
    quote: str  # the marked words as the input has them
    origin: str  # where in the input, for reports: "comment 3", "page 2 highlight 1"
    span: tuple[int, int] | None = None  # offsets in Article.text, when the input says exactly where
    prefix: str = ""  # words just before and after, when the input gives them (Hypothesis)
    suffix: str = ""
    problem: str = ""  # why it cannot be placed, when reading the input already showed it


@dataclass
class Article:
    """An input turned into text: paragraphs separated by one blank line, whitespace folded."""

    title: str
    text: str
    marks: list[Mark] = field(default_factory=list)
    author: str = ""
    outlet: str = ""
    date: str = ""
    url: str = ""
    skipped: list[str] = field(default_factory=list)  # marks that cannot be read: "where: why"


class TextBuilder:
    """Builds Article.text from pieces, folding whitespace, and tells offsets as it goes,
    so that marks found in the input keep their places in the text."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._length = 0
        self._pending_break = ""  # a space or a paragraph break, written only before more text

    def add(self, text: str) -> None:
        for char in text:
            if char in _INVISIBLE:
                continue
            if char.isspace():
                if self._length and not self._pending_break:
                    self._pending_break = " "
                continue
            if self._pending_break:
                self._append(self._pending_break)
                self._pending_break = ""
            self._append(char)

    def offset(self) -> int:
        """Where the next character will land (a mark's start; as its end, it may take in
        a pending space, which anchoring trims)."""
        return self._length + len(self._pending_break)

    def end_paragraph(self) -> None:
        if self._length:
            self._pending_break = "\n\n"

    def text(self) -> str:
        return "".join(self._parts)

    def _append(self, text: str) -> None:
        self._parts.append(text)
        self._length += len(text)


def headline(text: str, limit: int = 120) -> str:
    """An article's first paragraph as its title, when the input names none; cut at a
    word past `limit` characters, since a title is a line, not a paragraph."""
    first = text.split("\n\n", 1)[0]
    if len(first) <= limit:
        return first
    return first[:limit].rsplit(" ", 1)[0] + "…"


@dataclass
class Comment:
    """What an analyst wrote about a mark, read in the light comment syntax:

        participant; role: Secretary of State; org: United States

    An optional kind first, then `name: value` parts separated by ';'. A part that is not
    `name: value` continues the attribute before it (so `who: A; B` keeps both names),
    or, before any attribute, is part of the note. Text naming no attribute is all note.
    """

    kind: str | None
    attributes: dict[str, str]
    note: str

    def attributes_for(self, kind: str) -> dict[str, str]:
        """The attributes this kind takes; any other `name: value` joins the note, so
        nothing the analyst wrote is lost."""
        allowed = KINDS[kind]
        attributes = {name: value for name, value in self.attributes.items() if name in allowed}
        strays = [f"{name}: {value}" for name, value in self.attributes.items()
                  if name not in allowed and name != "note"]
        note = "; ".join(part for part in (self.note, self.attributes.get("note", ""), *strays) if part)
        if note:
            attributes["note"] = note
        return attributes


def read_comment(text: str) -> Comment:
    parts = [" ".join(part.split()) for part in re.split(r"[;\n]", text)]
    parts = [part for part in parts if part]
    kind = kind_named(parts[0]) if parts else None
    if kind:
        parts = parts[1:]
    attributes: dict[str, str] = {}
    notes: list[str] = []
    current = ""
    for part in parts:
        match = _ATTRIBUTE_PART.fullmatch(part)
        name = match.group(1).lower() if match else ""
        if name in _ALL_ATTRIBUTES and match.group(2).strip():
            current = name
            value = match.group(2).strip()
            attributes[name] = f"{attributes[name]}; {value}" if name in attributes else value
        elif current:
            attributes[current] += f"; {part}"
        else:
            notes.append(part)
    return Comment(kind, attributes, "; ".join(notes))


def kind_named(word: str) -> str | None:
    """The kind a word names (`participant`, `.key`, `#question`, `Open questions`), if any."""
    return _KIND_WORDS.get(" ".join(word.strip().lstrip(".#").replace("-", " ").replace("_", " ").lower().split()))


def parse_kind_map(entries: tuple[str, ...]) -> dict[str, str]:
    """--kind-map yellow=key,green=participant (repeatable) -> {label: kind}.
    Labels are highlight colour names (PDF) or tags (Hypothesis), compared case-insensitively.
    Raises ValueError naming the entry that is not LABEL=KIND."""
    kind_map: dict[str, str] = {}
    for entry in (item.strip() for text in entries for item in text.split(",")):
        if not entry:
            continue
        label, equals, kind_word = entry.partition("=")
        kind = kind_named(kind_word)
        if not equals or not label.strip() or kind is None:
            raise ValueError(f"{entry!r} is not LABEL=KIND (kinds are {', '.join(KINDS)})")
        kind_map[label.strip().lower()] = kind
    return kind_map


def colour_name(rgb: tuple[float, ...]) -> str | None:
    """The name of a highlight colour given as RGB in 0..1, or None for grey, black or white."""
    if len(rgb) != 3:
        return None
    hue, lightness, saturation = colorsys.rgb_to_hls(*rgb)
    if saturation < 0.2 or not 0.1 < lightness < 0.95:
        return None
    degrees = hue * 360
    return min(COLOUR_HUES, key=lambda name: min(abs(degrees - COLOUR_HUES[name]),
                                                 360 - abs(degrees - COLOUR_HUES[name])))
