"""Where an imported mark goes in a source, and putting it there as a span.

Marks are anchored in a source's *visible text*: its body as a reader sees it, with
backslash escapes resolved and span markup left out. Adding a span leaves the visible
text unchanged, so marks can be placed one after another, each against the text as the
ones before left it. Every placement keeps the source valid: a mark that would cross an
existing span, a paragraph break or code is reported instead, never forced in.
"""

from __future__ import annotations

import bisect
import re
import string
from dataclasses import dataclass
from pathlib import Path

from ..annotations import KINDS, Annotation, parse_annotations
from ..errors import BriefError
from ..model import parse_when
from .marks import Mark

# CommonMark's escapable characters (what the scanner takes after a backslash)
_ESCAPABLE = frozenset(string.punctuation)
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
# A valid source's attribute block, from its "{": quoted values may hold "}" and \" escapes.
_ATTRIBUTE_BLOCK = re.compile(r'\{(?:[^"}]|"(?:[^"\\]|\\.)*")*\}', re.S)
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n")

# What place_marks did with a mark
ADDED = "added"
PRESENT = "present"  # the same kind already marks the same words
UNANCHORED = "unanchored"


@dataclass
class Outcome:
    mark: Mark
    status: str
    reason: str = ""  # why an unanchored mark could not be placed
    at: tuple[int, int] | None = None  # the visible text it marks (added or present); adding spans keeps it


class Unplaceable(Exception):
    """A mark cannot go into the source; the message says why, for the analyst."""


class AlreadyPresent(Exception):
    """The same kind already marks the same words."""


@dataclass
class ExistingSpan:
    """A bracket pair already in the source: a span, or plain brackets (a link, "[1]")
    that the scanner pairs up all the same, so a new span must not cross them either."""

    start: int  # visible offsets of what it encloses (plain brackets: including them)
    end: int
    open_at: int  # source offset of its "["
    block_end: int  # source offset just past its "}" (plain brackets: past the "]")
    annotation: Annotation | None  # None for plain brackets


class SourceText:
    """A source body and its visible text, each visible character tied to the source
    token it comes from (one character, an escape, or a whole code span)."""

    def __init__(self, body: str, path: Path) -> None:
        self.body = body
        self.path = path
        annotations = _annotations_by_offset(body, path)  # first: a body the scanner rejects goes no further
        self.visible = ""
        self.token_start: list[int] = []
        self.token_end: list[int] = []
        self.lone_backslash_ends: set[int] = set()  # after a "\" escaping nothing, a bracket would be escaped
        self.spans: list[ExistingSpan] = []
        self._walk(annotations)
        self.spans.sort(key=lambda span: span.open_at)

    def _walk(self, annotations: dict[int, Annotation]) -> None:
        """Read the body as the scanner does (escapes, code, fences, bracket pairs)."""
        body = self.body
        chars: list[str] = []
        # A "[" is taken as visible text when met; the "]{" that closes a span later makes it markup.
        open_brackets: list[int] = []  # indexes into chars of each "[" not yet closed
        # spans' (index of "[" in chars, index in chars where they end, source offset past their "}")
        closed_spans: list[tuple[int, int, int]] = []

        def emit(text: str, start: int, end: int) -> None:
            for char in text:
                chars.append(char)
                self.token_start.append(start)
                self.token_end.append(end)

        pos = 0
        at_line_start = True
        while pos < len(body):
            if at_line_start:
                at_line_start = False
                fence_end = _fence_end(body, pos)
                if fence_end is not None:
                    emit(body[pos:fence_end], pos, fence_end)
                    pos = fence_end
                    continue
            char = body[pos]
            if char == "\\" and pos + 1 < len(body) and body[pos + 1] in _ESCAPABLE:
                emit(body[pos + 1], pos, pos + 2)
                pos += 2
            elif char == "\\":
                emit(char, pos, pos + 1)
                self.lone_backslash_ends.add(pos + 1)
                pos += 1
            elif char == "`":
                content_start, content_end, end = _code_span(body, pos)
                emit(body[content_start:content_end], pos, end)
                pos = end
            elif char == "[":
                open_brackets.append(len(chars))
                emit(char, pos, pos + 1)
                pos += 1
            elif char == "]" and body.startswith("{", pos + 1) and open_brackets:
                block_end = _ATTRIBUTE_BLOCK.match(body, pos + 1).end()
                closed_spans.append((open_brackets.pop(), len(chars), block_end))
                pos = block_end
            else:
                if char == "]" and open_brackets:
                    opener = open_brackets.pop()
                    plain = ExistingSpan(opener, len(chars) + 1, self.token_start[opener], pos + 1, None)
                    self.spans.append(plain)
                emit(char, pos, pos + 1)
                at_line_start = char == "\n"
                pos += 1

        if sorted(annotations) != sorted(self.token_start[opener] for opener, _, _ in closed_spans):
            # this walk and the scanner disagree on where the spans are: a bug here, not the analyst's
            raise RuntimeError(f"{self.path}: the spans found by the import and by the scanner differ")
        # Leave the spans' "[" out of the visible text, shifting every index after them.
        openers = sorted(opener for opener, _, _ in closed_spans)

        def visible(index: int) -> int:
            return index - bisect.bisect_left(openers, index)

        for plain in self.spans:
            plain.start, plain.end = visible(plain.start), visible(plain.end)
        for opener, end, block_end in closed_spans:
            open_at = self.token_start[opener]
            self.spans.append(ExistingSpan(visible(opener + 1), visible(end), open_at, block_end,
                                           annotations[open_at]))
        hidden = set(openers)
        keep = [i for i in range(len(chars)) if i not in hidden]
        self.visible = "".join(chars[i] for i in keep)
        self.token_start = [self.token_start[i] for i in keep]
        self.token_end = [self.token_end[i] for i in keep]

    @property
    def annotation_count(self) -> int:
        return sum(1 for span in self.spans if span.annotation)

    def insertion(self, start: int, end: int, kind: str) -> tuple[int, int]:
        """Source offsets for a new span's "[" and "]{...}" around visible[start:end].
        Raises Unplaceable when a span there would break the source or cross another."""
        words = self.visible[start:end]
        if _PARAGRAPH_BREAK.search(words):
            raise Unplaceable("it runs over a paragraph break, and a span stays within one paragraph")
        if start > 0 and self.token_start[start] == self.token_start[start - 1]:
            raise Unplaceable("it starts inside code, where spans are not read")
        if end < len(self.visible) and self.token_end[end] == self.token_end[end - 1]:
            raise Unplaceable("it ends inside code, where spans are not read")
        for span in self.spans:
            if span.annotation and (span.start, span.end) == (start, end) and span.annotation.kind == kind:
                raise AlreadyPresent()
            if not _nests(start, end, span):
                what = f"the .{span.annotation.kind} mark on" if span.annotation else "the brackets around"
                raise Unplaceable(f"it overlaps {what} {_shortened(self.visible[span.start:span.end])!r} "
                                  "without containing it or lying inside it")
        # Between two visible characters the source holds the "]{...}" of spans ending
        # there (innermost first), then the "[" of spans starting there (outermost first).
        # The new span opens inside the spans that contain it and around those it contains.
        open_at = min((span.open_at for span in self.spans if span.annotation
                       and span.start == start and span.end < end), default=self.token_start[start])
        close_at = max((span.block_end for span in self.spans if span.annotation
                        and span.end == end and span.start > start), default=self.token_end[end - 1])
        return open_at, close_at


def place_marks(body: str, marks: list[Mark], path: Path) -> tuple[str, list[Outcome]]:
    """Insert each mark into the source body as a span; say what became of each."""
    outcomes = []
    for mark in marks:
        source = SourceText(body, path)
        at = None
        try:
            if mark.problem:
                raise Unplaceable(mark.problem)
            _check_attributes(mark)
            at = locate(mark, source.visible)
            open_at, close_at = source.insertion(*at, mark.kind)
            body = _inserted(source, open_at, close_at, mark)
        except AlreadyPresent:
            outcomes.append(Outcome(mark, PRESENT, at=at))
        except Unplaceable as reason:
            outcomes.append(Outcome(mark, UNANCHORED, str(reason)))
        else:
            outcomes.append(Outcome(mark, ADDED, at=at))
    return body, outcomes


def _nests(start: int, end: int, span: ExistingSpan) -> bool:
    """Whether a new span over visible[start:end] and an existing one are apart or one
    holds the other. Plain brackets are visible text: a span holding one of them must
    hold both, or the scanner would pair the new span's brackets with them."""
    apart = end <= span.start or span.end <= start
    holds = start <= span.start and span.end <= end
    if span.annotation:
        inside = span.start <= start and end <= span.end
    else:
        inside = span.start < start and end < span.end
    return apart or holds or inside


def _check_attributes(mark: Mark) -> None:
    """What the scanner accepts but the build would reject, caught now, while the analyst
    can still see where it came from."""
    if mark.kind == "agenda" and mark.attributes.get("when"):
        try:
            parse_when(mark.attributes["when"])
        except ValueError as exc:
            raise Unplaceable(f"when: {exc}") from None


def _inserted(source: SourceText, open_at: int, close_at: int, mark: Mark) -> str:
    body = source.body

    def escaped_backslash(at: int) -> str:
        return "\\" if at in source.lone_backslash_ends else ""  # "\" + "[" would be an escape

    opening = escaped_backslash(open_at) + "["
    closing = escaped_backslash(close_at) + "]" + attribute_block(mark.kind, mark.attributes)
    result = body[:open_at] + opening + body[open_at:close_at] + closing + body[close_at:]
    # Proof that the span reads back as placed: a case the rules above missed is reported, not written.
    bracket_at = open_at + len(opening) - 1
    try:
        found = _annotations_by_offset(result, source.path)
    except BriefError:
        found = {}
    if bracket_at not in found or found[bracket_at].kind != mark.kind or len(found) != source.annotation_count + 1:
        raise Unplaceable("a span there would break the markup around it")
    return result


def attribute_block(kind: str, attributes: dict[str, str]) -> str:
    """{.kind name="value" ...}, values double-quoted with \\ and \" escaped."""
    parts = ["." + kind]
    for name in (*KINDS[kind], "note"):
        value = " ".join(attributes.get(name, "").split())
        if value:
            parts.append('{}="{}"'.format(name, value.replace("\\", "\\\\").replace('"', '\\"')))
    return "{" + " ".join(parts) + "}"


# ---- anchoring: which visible characters a mark is about ---------------------------------------

def locate(mark: Mark, visible: str) -> tuple[int, int]:
    """visible[start:end] is what the mark is about, whitespace trimmed.
    Marks the input placed exactly keep their place; quotes are found exactly first,
    then ignoring differences of whitespace and of curly and straight quotes."""
    if mark.span is not None:
        start, end = mark.span
    else:
        start, end = _find_quote(mark, visible)
    while start < end and visible[start].isspace():
        start += 1
    while end > start and visible[end - 1].isspace():
        end -= 1
    if start == end:
        raise Unplaceable("it marks no words")
    return start, end


def _find_quote(mark: Mark, visible: str) -> tuple[int, int]:
    exact = mark.quote.strip()
    if not exact:
        raise Unplaceable("it quotes no words")
    found = _best_occurrence(visible, exact, mark.prefix, mark.suffix)
    if found is not None:
        return found
    folded, positions = _folded(visible)
    found = _best_occurrence(folded, _folded(exact)[0].strip(), _folded(mark.prefix)[0], _folded(mark.suffix)[0])
    if found is not None:
        start, end = found
        return positions[start], positions[end - 1] + 1
    raise Unplaceable("its words are not in the source text")


def _best_occurrence(text: str, quote: str, prefix: str, suffix: str) -> tuple[int, int] | None:
    """The occurrence of quote whose surroundings best match prefix and suffix; None when
    there is none. Raises Unplaceable when several match equally well: better reported
    than put on the wrong words."""
    starts = [m.start() for m in re.finditer(re.escape(quote), text)] if quote else []
    if not starts:
        return None
    if len(starts) == 1:
        return starts[0], starts[0] + len(quote)

    def fit(start: int) -> int:
        end = start + len(quote)
        return (_common_length(reversed(prefix), reversed(text[max(0, start - len(prefix)):start]))
                + _common_length(suffix, text[end:end + len(suffix)]))

    fits = sorted(((fit(start), start) for start in starts), reverse=True)
    if fits[0][0] == fits[1][0]:
        raise Unplaceable(f"its words occur {len(starts)} times in the source and the words around "
                          "them do not tell which is meant")
    return fits[0][1], fits[0][1] + len(quote)


def _common_length(a, b) -> int:
    count = 0
    for x, y in zip(a, b):
        if x != y:
            break
        count += 1
    return count


_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'",
                         "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"', "«": '"', "»": '"'})


def _folded(text: str) -> tuple[str, list[int]]:
    """Text with curly quotes straightened and each run of whitespace one space; and for
    each folded character, its offset in text."""
    chars: list[str] = []
    positions: list[int] = []
    for offset, char in enumerate(text.translate(_QUOTES)):
        if char.isspace():
            if chars and chars[-1] == " ":
                continue
            char = " "
        chars.append(char)
        positions.append(offset)
    return "".join(chars), positions


# ---- the source's own structure -----------------------------------------------------------------

def _annotations_by_offset(body: str, path: Path) -> dict[int, Annotation]:
    """The body's annotations by the offset of their "["."""
    line_starts = [0] + [m.end() for m in re.finditer("\n", body)]
    return {line_starts[a.line - 1] + a.column - 1: a for a in parse_annotations(body, path)}


def _fence_end(body: str, pos: int) -> int | None:
    """At a line start: the end of the fenced code block opening there, as the scanner
    reads it (its brackets are literal), or None."""
    fence = _FENCE.match(body, pos)
    if fence is None:
        return None
    marker = fence.group(1)
    closing = re.compile(rf"^ {{0,3}}{re.escape(marker[0])}{{{len(marker)},}}[ \t]*$", re.M)
    line_end = body.find("\n", pos)
    end = closing.search(body, line_end + 1) if line_end != -1 else None
    return end.end() if end else len(body)


def _code_span(body: str, pos: int) -> tuple[int, int, int]:
    """At a run of backticks: (content start, content end, end) of the code span it opens,
    as the scanner reads it; an unmatched run is literal text, its own content."""
    run_end = pos
    while run_end < len(body) and body[run_end] == "`":
        run_end += 1
    width = run_end - pos
    blank = _PARAGRAPH_BREAK.search(body, run_end)
    paragraph_end = blank.start() if blank else len(body)
    search = run_end
    while True:
        close = body.find("`" * width, search, paragraph_end)
        if close == -1:
            return pos, run_end, run_end
        after = close + width
        if (after >= len(body) or body[after] != "`") and body[close - 1] != "`":
            return run_end, close, after
        search = after
        while search < paragraph_end and body[search] == "`":
            search += 1


def _shortened(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"
