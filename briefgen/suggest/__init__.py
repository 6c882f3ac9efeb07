"""Suggested annotations (SPEC §10): a first pass of marking, offline and deterministic.

The heuristics read a source's words as plain text (Text) and return Proposals: a
kind, a character range of Text.plain and the attributes to write. Each kind has its
module: people.py (participants), events.py (agenda items), claims.py (key points,
challenges, questions). source.py maps the proposals back into the source file
(existing spans kept, never proposed twice) and prints or writes them.

Nothing here is imported by `build`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .sentences import split_sentences

# In the order a proposal list prints when two start at one place.
KINDS = ("key", "participant", "agenda", "challenge", "question")


@dataclass(frozen=True)
class Proposal:
    kind: str  # one of KINDS
    start: int  # character offsets into Text.plain: the words the span marks
    end: int
    attributes: dict[str, str] = field(default_factory=dict, hash=False, compare=False)


@dataclass
class Text:
    """A source's words: its body with any span markup removed, the date it was
    published (front matter `date`), which relative dates ("next week") resolve
    against, and its sentences as (start, end) ranges of `plain`."""

    plain: str
    date: dt.date | None = None
    sentences: list[tuple[int, int]] = field(default_factory=list)
    # What one heuristic finds and another reuses (the words, the people named), found once.
    cache: dict = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def of(cls, plain: str, date: dt.date | None = None) -> Text:
        return cls(plain, date, split_sentences(plain))


def suggest_text(plain: str, date: dt.date | None = None, kinds: tuple[str, ...] = KINDS) -> list[Proposal]:
    """Every proposal for these words, in the order of their start (longer first)."""
    from . import claims, events, people

    text = Text.of(plain, date)
    proposals: list[Proposal] = []
    if "participant" in kinds:
        proposals += people.propose(text)
    if "agenda" in kinds:
        proposals += events.propose(text)
    proposals += [p for p in claims.propose(text) if p.kind in kinds]
    return sorted(proposals, key=lambda p: (p.start, -p.end, KINDS.index(p.kind)))
