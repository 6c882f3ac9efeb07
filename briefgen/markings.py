"""Classification markings: an ordered ladder of levels per marking system.

A memo's overall classification and every portion's mark name a level of one system;
a portion may not stand above the memo, and one memo does not mix systems. A level
is written in full ("CONFIDENTIAL") or as its abbreviation ("C", "(C)"), in any case.

Plain data and pure functions: the workspace reader validates with them, merging
takes the highest of an item's marks, and the renderers print `abbreviation`.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass


@dataclass(frozen=True)
class Level:
    system: str  # "US" or "UK"
    rank: int  # 0 is the system's lowest level
    name: str  # "CONFIDENTIAL"
    abbreviation: str  # "C"


# Lowest first. The UK's Government Security Classifications also have SECRET and TOP
# SECRET, but their abbreviations would clash with the US levels; a UK memo above
# OFFICIAL-SENSITIVE is out of briefgen's scope.
LADDERS: dict[str, tuple[tuple[str, str], ...]] = {
    "US": (("UNCLASSIFIED", "U"), ("CUI", "CUI"), ("CONFIDENTIAL", "C"), ("SECRET", "S"),
           ("TOP SECRET", "TS")),
    "UK": (("OFFICIAL", "O"), ("OFFICIAL-SENSITIVE", "OS")),
}
LEVELS: tuple[Level, ...] = tuple(Level(system, rank, name, abbreviation)
                                  for system, ladder in LADDERS.items()
                                  for rank, (name, abbreviation) in enumerate(ladder))
_BY_WORD: dict[str, Level] = {}
for _level in LEVELS:
    _BY_WORD[_level.name] = _level
    _BY_WORD.setdefault(_level.abbreviation, _level)
_BY_WORD["OFFICIAL SENSITIVE"] = _BY_WORD["OFFICIAL-SENSITIVE"]
_BY_WORD["TOP-SECRET"] = _BY_WORD["TOP SECRET"]
_BY_ABBREVIATION = {level.abbreviation: level for level in LEVELS}

HANDLING_SEPARATOR = "//"


def _normal(text: str) -> str:
    text = " ".join(text.split()).upper()
    if text.startswith("(") and text.endswith(")"):
        text = text[1:-1].strip()
    return text


def find_level(text: str) -> Level | None:
    """The level a marking names ("C", "(C)", "confidential"), or None."""
    return _BY_WORD.get(_normal(text))


def parse_level(text: str) -> Level:
    """The level a marking names; ValueError saying what is known (and the likely one) otherwise."""
    level = find_level(text)
    if level is not None:
        return level
    close = difflib.get_close_matches(_normal(text), list(_BY_WORD), n=1, cutoff=0.6)
    meant = f"did you mean {close[0]!r}? " if close else ""
    raise ValueError(f"unknown mark {text.strip()!r}; {meant}marks are " + known_marks())


def known_marks() -> str:
    return "; ".join(", ".join(f"{level.name} ({level.abbreviation})" for level in LEVELS if level.system == system)
                     for system in LADDERS)


def by_abbreviation(abbreviation: str) -> Level:
    return _BY_ABBREVIATION[abbreviation]


def lowest(system: str) -> Level:
    return next(level for level in LEVELS if level.system == system and level.rank == 0)


def highest(abbreviations) -> str:
    """The highest of some marks of one system (abbreviations); "" for none."""
    levels = [_BY_ABBREVIATION[a] for a in abbreviations if a]
    return max(levels, key=lambda level: level.rank).abbreviation if levels else ""


def split_classification(text: str) -> tuple[str, str]:
    """ "CONFIDENTIAL//NOFORN" -> ("CONFIDENTIAL", "NOFORN"); without "//", (text, "")."""
    level, _, handling = text.partition(HANDLING_SEPARATOR)
    return level.strip(), handling.strip()


def banner(classification: str, handling: str) -> str:
    """The banner line: the marking, then the handling caveat after "//"."""
    if not classification:
        return ""
    return f"{classification}{HANDLING_SEPARATOR}{handling}" if handling else classification


def portion(abbreviation: str) -> str:
    """A portion mark as printed: "(C)"."""
    return f"({abbreviation})" if abbreviation else ""
