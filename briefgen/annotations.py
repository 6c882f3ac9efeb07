"""Bracketed spans in a source's text -> annotations with their exact places.

    [exact words from the article]{.KIND key="value" key2=bareword}

markdown-it-py gives no source columns for inline text and silently treats a broken
span as plain text, so the spans are found by this small scanner, which knows the bits
of Markdown that make brackets literal (backslash escapes, code spans, fenced code).

It is deliberately strict: whatever looks like an annotation but is not a valid one is
an error pointing at where the mistake starts, so nothing marked is silently dropped.
"""

from __future__ import annotations

import bisect
import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import BriefError
from .markdown import plain_text
from .markings import parse_level

# Each kind and the attributes it takes; every kind also takes "note".
KINDS: dict[str, tuple[str, ...]] = {
    "key": ("text",),
    "participant": ("name", "role", "org", "pronounce", "bio"),
    "agenda": ("item", "when", "where", "who"),
    "challenge": ("text",),
    "question": ("text",),
}
# note: the analyst's comment; mark: the portion's classification mark ("C"), see markings.py
COMMON_ATTRIBUTES = ("note", "mark")
# Real annotations nest two or three deep; the limit bounds the scanner's memory for a
# paragraph of thousands of unclosed "[".
MAX_NESTING = 100
# Far more than a two-page memo draws on; it bounds the merge and the render, whose time
# grows faster than the number of citations (a generated source can hold 100 000 spans).
MAX_ANNOTATIONS = 5000

_SPECIAL = re.compile(r"[\[\]{`\\\n]")
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_BLANK_LINE = re.compile(r"[ \t\r\f\v]*(\n|$)")
_DANGLING_BLOCK = re.compile(r"\{[ \t]*\.[A-Za-z]")
_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")
_BARE_VALUE = re.compile(r"[^\s\"'{}]+")
_OTHER_QUOTES = "'‘’“”„«»"
_ESCAPABLE = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n")


@dataclass(frozen=True)
class Annotation:
    kind: str
    attributes: dict[str, str]  # only the attributes written, values with whitespace folded
    quote: str  # the marked words as plain text
    line: int  # 1-based place of the "[" in the source file
    column: int
    value_places: dict[str, tuple[int, int]] = field(default_factory=dict)  # attribute -> (line, col)

    def get(self, name: str) -> str:
        """An attribute's value, or the marked words when it was not given."""
        return self.attributes.get(name) or self.quote


class _OpenSpan:
    """A "[" not yet closed, and its words so far with inner spans' markup left out.

    A span's words are built from its own text and its inner spans' finished words, so
    closing a span costs the length of its words, not of all the markup nested in it:
    deep nesting stays linear."""

    __slots__ = ("start", "pieces", "resume")

    def __init__(self, start: int) -> None:
        self.start = start  # offset of "["
        self.pieces: list[str] = []  # the words before `resume`, markup left out
        self.resume = start + 1  # where the text not yet in `pieces` begins

    def words(self, text: str, end: int) -> str:
        """The span's text up to `end`, inner spans' markup left out."""
        return "".join(self.pieces) + text[self.resume:end]

    def add_inner(self, text: str, upto: int, inner_words: str, resume: int) -> None:
        """Take the text up to `upto`, then an inner bracket's words in place of what
        lies between `upto` and `resume`."""
        self.pieces.append(text[self.resume:upto])
        self.pieces.append(inner_words)
        self.resume = resume


class _Scanner:
    def __init__(self, text: str, path: Path, first_line: int) -> None:
        self.text = text
        self.path = path
        self.first_line = first_line
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.found: list[tuple[int, Annotation]] = []
        # Where the markup is, for tools that edit the text around it (briefgen suggest):
        # each span's "[", "]" and the end of its "{...}"; and the code, whose brackets are text.
        self.markup: list[tuple[int, int, int]] = []
        self.code: list[tuple[int, int]] = []
        # the last paragraph end found, and where that search began (see paragraph_end)
        self.paragraph_searched_from = 0
        self.paragraph_end_found = -1

    # -- places and errors --

    def place(self, offset: int) -> tuple[int, int]:
        index = bisect.bisect_right(self.line_starts, offset) - 1
        return index + self.first_line, offset - self.line_starts[index] + 1

    def error(self, offset: int, message: str, hint: str = "") -> BriefError:
        line, column = self.place(offset)
        return BriefError(self.path, line, column, message, hint)

    # -- the scan --

    def scan(self) -> list[Annotation]:
        text = self.text
        stack: list[_OpenSpan] = []
        pos = self.skip_fence(0)
        while True:
            match = _SPECIAL.search(text, pos)
            if match is None:
                break
            pos = match.start()
            char = text[pos]
            if char == "\\":
                pos += 2 if pos + 1 < len(text) and text[pos + 1] in _ESCAPABLE else 1
            elif char == "`":
                pos = self.skip_code_span(pos)
            elif char == "\n":
                pos += 1
                if _BLANK_LINE.match(text, pos) and stack:
                    raise self.unterminated_span(stack[0].start)
                pos = self.skip_fence(pos)
            elif char == "[":
                if len(stack) == MAX_NESTING:
                    raise self.error(pos, f"more than {MAX_NESTING} '[' open at once: spans nest at most "
                                          f"{MAX_NESTING} deep",
                                     "close spans sooner, or write \\[ for a literal bracket")
                stack.append(_OpenSpan(pos))
                pos += 1
            elif char == "]":
                pos = self.close_span(stack, pos)
            else:  # "{" not right after "]"
                if _DANGLING_BLOCK.match(text, pos):
                    if stack:
                        raise self.unterminated_span(stack[0].start)
                    raise self.error(pos, "attribute block is not attached to a bracketed span",
                                     "mark the words as [words]{.kind ...}, with no space between ] and {")
                pos += 1
        if stack:
            raise self.unterminated_span(stack[0].start)
        self.found.sort(key=lambda pair: pair[0])
        return [annotation for _, annotation in self.found]

    def unterminated_span(self, offset: int) -> BriefError:
        return self.error(offset, "unterminated span: this '[' is not closed by ']' in its paragraph",
                          "close it with ]{.kind}, or write \\[ for a literal bracket")

    def skip_fence(self, pos: int) -> int:
        """At a line start: skip a fenced code block (its brackets are literal text)."""
        fence = _FENCE.match(self.text, pos)
        if fence is None:
            return pos
        marker = fence.group(1)
        closing = re.compile(rf"^ {{0,3}}{re.escape(marker[0])}{{{len(marker)},}}[ \t]*$", re.M)
        line_end = self.text.find("\n", pos)
        end = closing.search(self.text, line_end + 1) if line_end != -1 else None
        if end is None:
            raise self.error(pos, "code fence is never closed",
                             f"close it with a line of {marker}; annotations inside code are not read")
        self.code.append((pos, end.end()))
        return end.end()

    def skip_code_span(self, pos: int) -> int:
        """A run of backticks opens a code span closed by a run of the same length
        in the same paragraph; an unmatched run is literal text."""
        text = self.text
        run_end = pos
        while run_end < len(text) and text[run_end] == "`":
            run_end += 1
        width = run_end - pos
        paragraph_end = self.paragraph_end(run_end)
        search = run_end
        while True:
            close = text.find("`" * width, search, paragraph_end)
            if close == -1:
                return run_end
            after = close + width
            if (after >= len(text) or text[after] != "`") and text[close - 1] != "`":
                self.code.append((pos, after))
                return after
            search = after
            while search < paragraph_end and text[search] == "`":
                search += 1

    def paragraph_end(self, pos: int) -> int:
        """Where the paragraph holding `pos` ends: its blank line, or the end of the text.
        The last answer holds for every position from where its search began up to it, so
        many code spans in one long paragraph do not each search to its end."""
        if not self.paragraph_searched_from <= pos <= self.paragraph_end_found:
            blank = _PARAGRAPH_BREAK.search(self.text, pos)
            self.paragraph_searched_from = pos
            self.paragraph_end_found = blank.start() if blank else len(self.text)
        return self.paragraph_end_found

    def close_span(self, stack: list[_OpenSpan], pos: int) -> int:
        text = self.text
        if pos + 1 >= len(text) or text[pos + 1] != "{":
            if stack:
                pair = stack.pop()  # a plain bracket pair, e.g. a Markdown link: literal text
                if stack and pair.pieces:  # it holds a span whose markup the outer span's words leave out
                    stack[-1].add_inner(text, pair.start + 1, pair.words(text, pos), pos)
            return pos + 1
        if not stack:
            raise self.error(pos, "']{' closes no span: there is no '[' before it in this paragraph",
                             "mark the words as [words]{.kind ...}")
        span = stack.pop()
        block_end, kind, attributes, places = self.attribute_block(pos + 1)
        quote = " ".join(plain_text(span.words(text, pos)).split())
        if not quote:
            raise self.error(span.start, "empty span: mark the words the annotation is about",
                             "write [the words]{.kind ...}")
        if len(self.found) == MAX_ANNOTATIONS:
            raise self.error(span.start, f"more than {MAX_ANNOTATIONS} annotations in one source",
                             "mark only what the memo needs, or split the source into several files")
        line, column = self.place(span.start)
        self.found.append((span.start, Annotation(kind, attributes, quote, line, column, places)))
        self.markup.append((span.start, pos, block_end))
        if stack:  # the outer span's words keep these words, without "[" and "]{...}"
            stack[-1].add_inner(text, span.start, span.words(text, pos), block_end)
        return block_end

    def attribute_block(self, start: int) -> tuple[int, str, dict[str, str], dict[str, tuple[int, int]]]:
        """Read {.kind key="value" key=bare} from its "{"; return where it ends and what it says."""
        text = self.text
        pos = start + 1
        kind = ""
        kind_at = start
        attributes: dict[str, str] = {}
        places: dict[str, tuple[int, int]] = {}
        name_places: dict[str, int] = {}
        value_offsets: dict[str, int] = {}
        # A quoted value holding a "}" probably lost its closing quote and swallowed the
        # block's end: a later mistake in this block is then reported at that quote.
        runaway_quote: int | None = None
        while True:
            pos = self.skip_space(pos, start, runaway_quote)
            if pos >= len(text):
                raise self.unterminated_block(start, runaway_quote)
            char = text[pos]
            if char == "}":
                break
            if char == ".":
                name = _NAME.match(text, pos + 1)
                if name is None:
                    raise self.error(pos, "a '.' in an attribute block must start a kind, like .key")
                if kind:
                    raise self.error(pos, f"second kind .{name.group()} in one attribute block: "
                                          f"this span is already .{kind}",
                                     "nest spans to give words two kinds: [[words]{.participant}]{.key}")
                kind, kind_at = name.group(), pos
                pos = name.end()
                continue
            name = _NAME.match(text, pos)
            if name is None:
                raise self.misread_block(start, runaway_quote, pos) or self.error(
                    pos, f"unexpected {char!r} in attribute block", 'write attributes as key="value" or key=word')
            key = name.group()
            pos = name.end()
            if pos >= len(text) or text[pos] != "=":
                if not kind and not attributes and (key in KINDS or difflib.get_close_matches(key, KINDS, n=1)):
                    meant = key if key in KINDS else difflib.get_close_matches(key, KINDS, n=1)[0]
                    raise self.error(name.start(), f"a kind starts with a dot: did you mean .{meant}?",
                                     f"write {{.{meant} ...}}; a word without '=' is not an attribute")
                raise self.misread_block(start, runaway_quote, name.start()) or self.error(
                    name.start(), f"attribute {key!r} has no value", f'write {key}="..."')
            pos += 1
            if key in attributes:
                raise self.error(name.start(), f"attribute {key!r} is given twice")
            value_at = pos
            if pos < len(text) and text[pos] in _OTHER_QUOTES:
                raise self.error(pos, f"attribute {key!r}: values are quoted with straight double quotes",
                                 f'write {key}="..."; \'single\' and “curly” quotes are not value quotes')
            if pos < len(text) and text[pos] == '"':
                value, pos = self.quoted_value(pos)
                if "}" in value and runaway_quote is None:
                    runaway_quote = value_at
            else:
                bare = _BARE_VALUE.match(text, pos)
                if bare is None:
                    raise self.misread_block(start, runaway_quote, value_at) or self.error(
                        value_at, f"attribute {key!r} has no value",
                        f'write {key}="..." (values with spaces need double quotes)')
                value, pos = bare.group(), bare.end()
            attributes[key] = " ".join(value.split())
            places[key] = self.place(value_at)
            value_offsets[key] = value_at
            name_places[key] = name.start()
        if not kind:
            raise self.error(start, "attribute block has no kind",
                             "start it with one of " + ", ".join("." + k for k in KINDS))
        if kind not in KINDS:
            raise self.error(kind_at, f"unknown kind .{kind}",
                             _suggest(kind, KINDS, "kinds are " + ", ".join("." + k for k in KINDS), "."))
        allowed = KINDS[kind] + COMMON_ATTRIBUTES
        for key, at in name_places.items():
            if key not in allowed:
                raise self.error(at, f"unknown attribute {key!r} for .{kind}",
                                 _suggest(key, allowed, ".{} takes {}".format(kind, ", ".join(allowed))))
        if "mark" in attributes:
            try:
                attributes["mark"] = parse_level(attributes["mark"]).abbreviation
            except ValueError as exc:
                raise self.error(value_offsets["mark"], f"mark: {exc}") from None
        return pos + 1, kind, attributes, places

    def skip_space(self, pos: int, block_start: int, runaway_quote: int | None = None) -> int:
        text = self.text
        while pos < len(text) and text[pos] in " \t\r\n":
            if text[pos] == "\n" and _BLANK_LINE.match(text, pos + 1):
                raise self.unterminated_block(block_start, runaway_quote)
            pos += 1
        return pos

    def unterminated_block(self, start: int, runaway_quote: int | None = None) -> BriefError:
        if runaway_quote is not None:
            return self.runaway_quote(runaway_quote)
        return self.error(start, "unterminated attribute block: this '{' is not closed by '}' in its paragraph",
                          "close it with } after its last attribute")

    def runaway_quote(self, quote: int) -> BriefError:
        close = self.text.find("}", quote)
        line, column = self.place(close)
        return self.error(quote, "unterminated quoted value: this '\"' is not closed before the '}' "
                                 f"at line {line}, column {column}",
                          'close it with "; write \\" for a quote inside a value')

    def misread_block(self, start: int, runaway_quote: int | None, at: int) -> BriefError | None:
        """The real mistake behind a word in an attribute block that is not an attribute,
        or None when that word is the mistake: a quote left open earlier, or a block
        never closed, so that the article's next words were read as attributes."""
        if runaway_quote is not None:
            return self.runaway_quote(runaway_quote)
        text = self.text
        close = text.find("}", at, self.paragraph_end(at))
        if close != -1 and not any(char in text[at:close] for char in "[]{"):
            return None  # this block does end at that "}": the word itself is wrong
        word = _BARE_VALUE.match(text, at)
        line, column = self.place(at)
        ran_into = f"{word.group()!r} at line {line}, column {column}" if word else f"line {line}, column {column}"
        return self.error(start, f"unterminated attribute block: this '{{' is not closed by '}}'; "
                                 f"it runs into {ran_into}",
                          "close it with } after its last attribute")

    def quoted_value(self, start: int) -> tuple[str, int]:
        """A double-quoted value from its opening quote: \\" and \\\\ are escapes."""
        text = self.text
        chars: list[str] = []
        pos = start + 1
        while pos < len(text):
            char = text[pos]
            if char == '"':
                return "".join(chars), pos + 1
            if char == "\\" and pos + 1 < len(text) and text[pos + 1] in '"\\':
                chars.append(text[pos + 1])
                pos += 2
                continue
            if char == "\n" and _BLANK_LINE.match(text, pos + 1):
                break
            chars.append(char)
            pos += 1
        raise self.error(start, "unterminated quoted value: this '\"' is not closed in its paragraph",
                         'close it with "; write \\" for a quote inside a value')


def _suggest(word: str, choices, fallback: str, prefix: str = "") -> str:
    close = difflib.get_close_matches(word, list(choices), n=1)
    return f"did you mean {prefix}{close[0]}? ({fallback})" if close else fallback


def parse_annotations(text: str, path: Path, first_line: int = 1) -> list[Annotation]:
    """All annotations in a source's text, in order of their "[" (outer spans first).

    first_line: the file line the text starts on (after front matter).
    Raises BriefError at the first mistake.
    """
    return _Scanner(text, path, first_line).scan()


@dataclass(frozen=True)
class Markup:
    """A source text's annotations and where their markup is (see scan_markup)."""

    annotations: list[Annotation]  # in order of their "["
    spans: list[tuple[int, int, int]]  # per annotation, same order: offsets of "[", of "]", and after "}"
    code: list[tuple[int, int]]  # code spans and fenced code blocks: their brackets are text


def scan_markup(text: str, path: Path, first_line: int = 1) -> Markup:
    """parse_annotations, and the places of the markup, for editing the text around it."""
    scanner = _Scanner(text, path, first_line)
    annotations = scanner.scan()
    return Markup(annotations, sorted(scanner.markup), sorted(scanner.code))


def strip_markup(text: str) -> str:
    """A line of source text as a reader sees it: span markup removed (used for titles)."""
    def unwrap(match: re.Match) -> str:
        return match.group(1)

    previous = None
    while previous != text:
        previous = text
        text = re.sub(r"\[([^\[\]]*)\]\{[^{}]*\}", unwrap, text)
    return " ".join(plain_text(text).split())
