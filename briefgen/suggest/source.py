"""A source file in, its proposals out: as lines to print, or as the file with the
proposed spans added (sources/<id>.suggested.md), its own bytes left as they were.

The source is read as `check` reads it (the same limits and errors), then its body's
span markup is taken out to give the words the heuristics read (Text.plain). A
proposal is a range of those words; adding it puts "[" and "]{...}" into the file's
own text at the matching places, so every byte of the file (its front matter, byte
order mark, line endings, existing spans) stays as it was.

A proposal is dropped when it equals or overlaps an existing span of its kind (never
proposed twice: suggesting on a suggested file proposes nothing new), crosses the
boundary of any span (the result would not parse), or covers what a span cannot
(code, a paragraph break, a bracket or backslash of the text's own).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..annotations import MAX_ANNOTATIONS, Markup, scan_markup
from ..errors import BriefError
from ..workspace import (MAX_TEXT_BYTES, SOURCE_SUFFIXES, SUGGESTED_SUFFIXES, front_matter_closing, read_bounded,
                         read_source, suggested_source)
from . import KINDS, Proposal, suggest_text

SUGGESTED = ".suggested"
# Which proposal keeps its place when two cross: people and events are short and
# sure; claims are clauses that can give way.
_PRIORITY = ("participant", "agenda", "question", "challenge", "key")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n")
_NOT_IN_A_SPAN = re.compile(r"[\[\]{}\\`]")


@dataclass
class Suggestion:
    """A proposal placed in the file: its 1-based line and column (of its first
    character, as `check` counts them), its words and its attributes."""

    kind: str
    line: int
    column: int
    words: str
    attributes: dict[str, str]
    start: int  # in the plain words
    end: int


@dataclass
class SuggestedSource:
    path: Path
    suggestions: list[Suggestion] = field(default_factory=list)
    text: bytes = b""  # the file with the suggestions added

    @property
    def target(self) -> Path:
        return suggested_path(self.path)

    @property
    def source(self) -> Path:
        """The source the target is to be moved over once reviewed."""
        return suggested_source(self.path) if self.path.name.lower().endswith(SUGGESTED_SUFFIXES) else self.path


def suggested_path(path: Path) -> Path:
    """sources/<id>.suggested.md for sources/<id>.md or <id>.txt; a suggested file's own
    name for a suggested file (suggesting again adds only what is new)."""
    if path.name.lower().endswith(SUGGESTED_SUFFIXES):
        return path
    return path.with_name(path.stem + SUGGESTED + ".md")


class _Source:
    """A source file's text in the three forms the work needs, and maps between them:
    raw (as decoded: byte order mark and line endings as in the file), text (as `check`
    reads it: "\\n" line endings) and plain (the body with span markup taken out)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        source = read_source(path)  # every error `check` gives, at the same place
        self.date = source.meta.date
        data = read_bounded(path, MAX_TEXT_BYTES, "file")
        self.raw = data.decode("utf-8")  # read_source has checked it is UTF-8
        self.bom = 1 if self.raw.startswith("\ufeff") else 0
        body_raw = self.raw[self.bom:]
        # where "\r\n" became "\n": the text index of each such "\n"
        self.crlf: list[int] = []
        for number, match in enumerate(re.finditer("\r\n", body_raw)):
            self.crlf.append(match.start() - number)
        self.text = body_raw.replace("\r\n", "\n").replace("\r", "\n")
        lines = self.text.split("\n")
        closing = front_matter_closing(path, lines)
        self.body_start = 0 if closing is None else min(len(self.text), sum(len(line) + 1 for line in lines[:closing + 1]))
        self.first_line = 1 if closing is None else closing + 2
        self.body = self.text[self.body_start:]
        self.markup: Markup = scan_markup(self.body, path, self.first_line)
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", self.text)]
        self._strip()

    def _strip(self) -> None:
        """plain: the body without its markup; segments map plain offsets to body offsets."""
        tokens = []  # (body start, body end) of each "[" and "]{...}", in order
        for open_at, close_at, block_end in self.markup.spans:
            tokens.append((open_at, open_at + 1))
            tokens.append((close_at, block_end))
        tokens.sort()
        self.tokens = tokens
        pieces = []
        self.segment_plain: list[int] = []  # plain offset where each run of words starts
        self.segment_body: list[int] = []  # ... and its body offset
        position = 0
        plain_length = 0
        for start, end in tokens:
            if start > position:
                self.segment_plain.append(plain_length)
                self.segment_body.append(position)
                pieces.append(self.body[position:start])
                plain_length += start - position
            position = end
        if position < len(self.body) or not self.segment_plain:
            self.segment_plain.append(plain_length)
            self.segment_body.append(position)
            pieces.append(self.body[position:])
        self.plain = "".join(pieces)
        # markup characters before each token, for body -> plain
        self.token_starts = [start for start, _ in tokens]
        self.markup_before: list[int] = []
        total = 0
        for start, end in tokens:
            self.markup_before.append(total)
            total += end - start
        self.token_at = {start: end for start, end in tokens}

    # ---- offsets ----

    def body_of(self, plain_index: int) -> int:
        """The body offset of the plain character at plain_index."""
        segment = bisect.bisect_right(self.segment_plain, plain_index) - 1
        return self.segment_body[segment] + plain_index - self.segment_plain[segment]

    def plain_of(self, body_index: int) -> int:
        """How many plain characters come before body_index."""
        token = bisect.bisect_right(self.token_starts, body_index) - 1
        if token < 0:
            return body_index
        start, end = self.tokens[token]
        inside = max(0, min(body_index, end) - start)
        return body_index - self.markup_before[token] - inside

    def raw_of(self, text_index: int) -> int:
        return text_index + self.bom + bisect.bisect_left(self.crlf, text_index)

    def place(self, text_index: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.line_starts, text_index) - 1
        return line + 1, text_index - self.line_starts[line] + 1

    # ---- the existing spans ----

    def spans(self) -> list[tuple[int, int, str]]:
        """Each existing span as (plain start, plain end, kind)."""
        return [(self.plain_of(open_at), self.plain_of(close_at), annotation.kind)
                for (open_at, close_at, _), annotation in zip(self.markup.spans, self.markup.annotations)]


def suggest_file(path: Path, kinds: tuple[str, ...] = KINDS) -> SuggestedSource:
    """The proposals for a source file, placed, and the file with them added."""
    if path.suffix.lower() not in SOURCE_SUFFIXES:
        raise BriefError(path, None, None, f"{path.name} is not a .md or .txt source",
                         "briefgen suggest reads sources: .md or .txt files")
    source = _Source(path)
    proposals = suggest_text(source.plain, source.date, kinds)
    existing = source.spans()
    kept = _placeable(source, proposals, existing)
    result = SuggestedSource(path)
    for proposal in kept:
        line, column = source.place(source.body_start + source.body_of(proposal.start))
        result.suggestions.append(Suggestion(proposal.kind, line, column,
                                             " ".join(source.plain[proposal.start:proposal.end].split()),
                                             dict(proposal.attributes), proposal.start, proposal.end))
    result.text = _with_spans(source, kept, existing).encode("utf-8")
    return result


# ---- which proposals can be added ----------------------------------------------------------

def _placeable(source: _Source, proposals: list[Proposal], existing: list[tuple[int, int, str]]) -> list[Proposal]:
    plain = source.plain
    code = [(source.plain_of(start), source.plain_of(end)) for start, end in source.markup.code]
    code_starts = [start for start, _ in code]
    candidates = []
    for proposal in proposals:
        start, end = proposal.start, proposal.end
        while start < end and plain[start].isspace():
            start += 1
        while end > start and plain[end - 1].isspace():
            end -= 1
        if not 0 <= start < end <= len(plain) or proposal.kind not in KINDS:
            continue
        words = plain[start:end]
        if _NOT_IN_A_SPAN.search(words) or _PARAGRAPH_BREAK.search(words) or (start and plain[start - 1] == "\\"):
            continue
        inside = bisect.bisect_right(code_starts, end) - 1  # the last code region starting before the end
        if inside >= 0 and code[inside][1] > start:
            continue
        if start != proposal.start or end != proposal.end:
            proposal = Proposal(proposal.kind, start, end, proposal.attributes)
        candidates.append(proposal)
    family = [(start, end) for start, end, _ in existing]
    kept: list[Proposal] = []
    room = MAX_ANNOTATIONS - len(existing)
    for kind in _PRIORITY:
        of_kind = sorted((p for p in candidates if p.kind == kind), key=lambda p: (p.start, -p.end))
        same_kind = _Intervals([(start, end) for start, end, k in existing if k == kind])
        crosses = _crossing(family, [(p.start, p.end) for p in of_kind])
        survivors = []
        last_end = -1
        for proposal, crossing in zip(of_kind, crosses):
            if crossing or same_kind.overlaps(proposal.start, proposal.end) or proposal.start < last_end:
                continue
            survivors.append(proposal)
            last_end = proposal.end
        survivors = survivors[:max(0, room - len(kept))]
        kept += survivors
        family += [(p.start, p.end) for p in survivors]
    return sorted(kept, key=lambda p: (p.start, -p.end, KINDS.index(p.kind)))


class _Intervals:
    """Sorted intervals, asked whether any shares a character with a range."""

    def __init__(self, intervals: list[tuple[int, int]]) -> None:
        intervals = sorted(intervals)
        self.starts = [start for start, _ in intervals]
        self.reach: list[int] = []  # the furthest end among the intervals up to each
        furthest = -1
        for _, end in intervals:
            furthest = max(furthest, end)
            self.reach.append(furthest)

    def overlaps(self, start: int, end: int) -> bool:
        before = bisect.bisect_left(self.starts, end)  # the intervals starting before end
        return before > 0 and self.reach[before - 1] > start


def _crossing(family: list[tuple[int, int]], queries: list[tuple[int, int]]) -> list[bool]:
    """For each query interval, whether it crosses an interval of the family (one
    starts inside the other and ends outside it). The family nests (no two cross), so
    at any boundary the intervals around it are a chain whose innermost decides."""
    spans = sorted(family, key=lambda span: (span[0], -span[1]))

    def innermost_around(points: list[int]) -> dict[int, tuple[int, int] | None]:
        found: dict[int, tuple[int, int] | None] = {}
        stack: list[tuple[int, int]] = []
        pushed = 0
        for point in sorted(set(points)):
            while pushed < len(spans) and spans[pushed][0] < point:
                while stack and stack[-1][1] <= spans[pushed][0]:
                    stack.pop()
                stack.append(spans[pushed])
                pushed += 1
            while stack and stack[-1][1] <= point:
                stack.pop()
            found[point] = stack[-1] if stack else None
        return found

    around = innermost_around([point for query in queries for point in query])
    answers = []
    for start, end in queries:
        at_start, at_end = around[start], around[end]
        answers.append((at_start is not None and at_start[1] < end) or (at_end is not None and at_end[0] > start))
    return answers


# ---- writing them in ----------------------------------------------------------------------

def attribute_block(kind: str, attributes: dict[str, str]) -> str:
    """{.kind key="value" ...}, values quoted as the parser reads them."""
    parts = ["." + kind]
    for key, value in attributes.items():
        parts.append(f'{key}="{quote_value(value)}"')
    return "{" + " ".join(parts) + "}"


def quote_value(value: str) -> str:
    """A value for inside double quotes: one line, with \\ and " escaped."""
    return " ".join(value.split()).replace("\\", "\\\\").replace('"', '\\"')


def _with_spans(source: _Source, proposals: list[Proposal], existing: list[tuple[int, int, str]]) -> str:
    """The file's raw text with a "[" and a "]{...}" for each proposal."""
    if not proposals:
        return source.raw
    closes_at = {close_at: index for index, (_, close_at, _) in enumerate(source.markup.spans)}
    opens_at = {open_at: index for index, (open_at, _, _) in enumerate(source.markup.spans)}
    plain_length = len(source.plain)
    body = source.body
    insertions: list[tuple[int, int, str]] = []  # (raw offset, order among those at one offset, text)
    for number, proposal in enumerate(proposals):
        a, b = proposal.start, proposal.end
        # "[": after the markup that closes before a, and after the "[" of spans that
        # reach to b or past it (the proposal goes inside them); before those that end sooner.
        position = source.body_of(a - 1) + 1 if a > 0 else 0
        limit = source.body_of(a) if a < plain_length else len(body)
        while position < limit:
            if position in closes_at:
                position = source.token_at[position]
            elif position in opens_at and existing[opens_at[position]][1] >= b:
                position += 1
            else:
                break
        opening = position
        # "]{...}": after the markup closing spans that start after a (they are inside
        # the proposal); before the rest.
        position = source.body_of(b - 1) + 1
        limit = source.body_of(b) if b < plain_length else len(body)
        while position < limit and position in closes_at and existing[closes_at[position]][0] > a:
            position = source.token_at[position]
        closing = position
        # among proposals at one offset: closes first (inner ones first), then opens (outer ones first)
        insertions.append((source.raw_of(source.body_start + closing), 0, -a, number,
                           "]" + attribute_block(proposal.kind, proposal.attributes)))
        insertions.append((source.raw_of(source.body_start + opening), 1, -b, -number, "["))
    insertions.sort(key=lambda insertion: insertion[:4])
    pieces = []
    position = 0
    for offset, *_, text in insertions:
        pieces.append(source.raw[position:offset])
        pieces.append(text)
        position = offset
    pieces.append(source.raw[position:])
    written = "".join(pieces)
    _check_round_trip(source, written, len(proposals))
    return written


def _check_round_trip(source: _Source, written: str, added: int) -> None:
    """The written text parses, with every span it had and every one added, and its
    words are the source's words: else nothing is written (a bug, not bad input)."""
    text = written.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    try:
        markup = scan_markup(text[source.body_start:], source.path, source.first_line)
    except BriefError as error:
        problem = error.message
    else:
        if len(markup.annotations) == len(source.markup.annotations) + added:
            return
        problem = "a span went missing"
    raise BriefError(source.path, None, None, f"briefgen suggest could not add its spans to this source "
                                              f"without changing its meaning ({problem})",
                     "please report this, with the source; meanwhile mark it by hand")
