"""What `import --force` keeps of the source it rewrites: the analyst's own work.

A forced import writes the source afresh from the new version of its input. Every span
of the old file that this import would not itself produce (compared by kind, attributes
and marked words) is the analyst's: a span added by hand, a Hypothesis mark imported
since, an imported span whose attributes were edited. Each is carried over: an edited
imported span replaces the imported one (the analyst's attributes, never both), the
others are anchored again in the new text by their words with the importer's own rules
(exactly, then ignoring whitespace and quote styles; the old text around them chooses
between repeated words; nesting kept valid), or, when they find no place, listed in
sources/<id>.unanchored.yaml with the reason. An imported span the new version rewords
(same kind and attributes, words much alike) is the import's own and gives way to the new
one. Front matter fields the import does not fill (`accessed`, an author a page does not
name) are kept as well.

An old file that does not read as a source is not rewritten: its spans could not be told
apart, and overwriting it would lose them.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher
from pathlib import Path

from ..annotations import KINDS
from ..errors import BriefError
from ..workspace import load_yaml, read_source, read_text
from .anchor import ADDED, PRESENT, UNANCHORED, Outcome, SourceText
from .marks import Mark
from .write import UnanchoredEntry, split_source

SIMILAR = 0.6  # how alike an old imported span's words and a new mark's must be to be one mark reworded
CONTEXT = 32  # characters of old text kept before and after a span's words, to choose between repeats


@dataclass
class KeptSpan:
    """One of the analyst's spans in the old file, and what the rewrite did with it."""

    mark: Mark  # what is placed in the new text
    was: str  # where it was in the old file: "sources/x.md:9:5"
    edited: bool = False  # an imported span whose attributes the analyst changed
    status: str = ""  # ADDED or PRESENT: kept; UNANCHORED: listed in the unanchored file
    reason: str = ""
    now: str = ""  # "line:col" of its "[" in the rewritten file

    @property
    def kept(self) -> bool:
        return self.status in (ADDED, PRESENT)

    def entry(self) -> UnanchoredEntry:
        mark = self.mark
        return UnanchoredEntry(mark.quote, mark.kind, self.reason, f"{self.was}, before import --force",
                               dict(mark.attributes), mark.prefix, mark.suffix)


@dataclass
class OldSource:
    """The source a forced import is about to rewrite, as read before anything is written."""

    shown: Path  # relative to the workspace
    front: dict[str, str]  # front matter fields, values as text
    first_line: int  # the file line its body starts on
    text: SourceText = field(repr=False)

    def sort_out(self, marks: list[Mark]) -> tuple[list[Mark], list[KeptSpan], list[KeptSpan]]:
        """(the import's marks, an edited span's attributes put in place of the import's;
        the edited ones; the analyst's other spans, to place after the import's)."""
        old = [span for span in self.text.spans if span.annotation]
        left = list(range(len(old)))

        def words(span) -> str:
            return _folded(self.text.visible[span.start:span.end])

        # the import's own spans: same kind, attributes and words
        by_identity: dict[tuple, list[int]] = defaultdict(list)
        for index in left:
            span = old[index]
            by_identity[(span.annotation.kind, _attributes_key(span.annotation.kind, span.annotation.attributes),
                         words(span))].append(index)
        unmatched: list[int] = []
        for number, mark in enumerate(marks):
            found = by_identity.get((mark.kind, _attributes_key(mark.kind, mark.attributes), _folded(mark.quote)))
            if found:
                left.remove(found.pop(0))
            else:
                unmatched.append(number)
        # an imported mark whose words and kind the analyst kept but whose attributes they edited
        marks = list(marks)
        edited: list[KeptSpan] = []
        for number in unmatched:
            mark = marks[number]
            index = next((i for i in left if old[i].annotation.kind == mark.kind
                          and words(old[i]) == _folded(mark.quote)), None)
            if index is None or mark.problem:
                continue
            left.remove(index)
            marks[number] = replace(mark, attributes=dict(old[index].annotation.attributes))
            edited.append(KeptSpan(marks[number], self._where(old[index]), edited=True))
        # an imported span the new version moved or reworded: same kind and attributes, much the
        # same words; the import's new one takes its place (the words most alike first)
        edited_marks = {id(span.mark) for span in edited}
        for number in unmatched:
            mark = marks[number]
            if id(mark) in edited_marks or mark.problem:
                continue
            wanted = (mark.kind, _attributes_key(mark.kind, mark.attributes))
            alike = [(SequenceMatcher(None, words(old[i]), _folded(mark.quote), autojunk=False).ratio(), -i)
                     for i in left if (old[i].annotation.kind,
                                       _attributes_key(old[i].annotation.kind, old[i].annotation.attributes)) == wanted]
            best = max(alike, default=None)
            if best and best[0] >= SIMILAR:
                left.remove(-best[1])
        hand = []
        for index in left:
            span = old[index]
            visible = self.text.visible
            mark = Mark(span.annotation.kind, dict(span.annotation.attributes), visible[span.start:span.end],
                        self._where(span), prefix=visible[max(0, span.start - CONTEXT):span.start],
                        suffix=visible[span.end:span.end + CONTEXT])
            hand.append(KeptSpan(mark, mark.origin))
        return marks, edited, hand

    def _where(self, span) -> str:
        annotation = span.annotation
        return f"{self.shown.as_posix()}:{annotation.line + self.first_line - 1}:{annotation.column}"


def read_old_source(path: Path, shown: Path) -> OldSource:
    """The source as it is; refuses (a BriefError at the mistake) when it does not read as one."""
    try:
        read_source(path)  # as `check` reads it: front matter and every span
        front_text, body = split_source(read_text(path))
        source = SourceText(body, path)
        front = load_yaml("\n".join(front_text.split("\n")[1:-2])) if front_text else {}
    except BriefError as error:
        hint = (error.hint + "; then " if error.hint else "fix it, then ") + \
            "import again with --force (it keeps the spans you added, so it must read them first)"
        raise BriefError(error.path, error.line, error.column,
                         f"{error.message} (import --force left {shown.as_posix()} as it was)", hint) from None
    fields = {str(name): _text(value) for name, value in (front or {}).items() if _text(value)}
    return OldSource(shown, fields, front_text.count("\n") + 1, source)


def front_matter(old: dict[str, str], new: dict[str, str]) -> tuple[dict[str, str], list[tuple[str, str, str]]]:
    """(the old fields the import does not fill, kept; (name, old value, new value) of
    each field the import gives another value)."""
    kept = {name: value for name, value in old.items() if not new.get(name)}
    replaced = [(name, value, new[name]) for name, value in old.items()
                if new.get(name) and _folded(new[name]) != _folded(value)]
    return kept, replaced


def settle(kept: list[KeptSpan], outcomes: list[Outcome], body: str, path: Path, first_line: int) -> None:
    """Record what placing each kept span did, proving against the written body that
    each one kept is there with its kind and attributes; one that is not is unplaced."""
    by_mark = {id(outcome.mark): outcome for outcome in outcomes}
    final = SourceText(body, path)
    spans = defaultdict(list)
    for span in final.spans:
        if span.annotation:
            spans[(span.start, span.end, span.annotation.kind)].append(span.annotation)
    for span in kept:
        outcome = by_mark[id(span.mark)]
        span.status, span.reason = outcome.status, outcome.reason
        if not span.kept:
            continue
        wanted = _attributes_key(span.mark.kind, span.mark.attributes)
        there = [a for a in spans.get((*outcome.at, span.mark.kind), [])
                 if _attributes_key(a.kind, a.attributes) == wanted]
        if there:
            span.now = f"{there[0].line + first_line - 1}:{there[0].column}"
        else:  # only when present already: the one span of its kind those words can carry has other attributes
            outcome.status = span.status = UNANCHORED
            outcome.reason = span.reason = (f"the same words already carry a .{span.mark.kind} span with "
                                            "other attributes")


def _attributes_key(kind: str, attributes: dict[str, str]) -> tuple:
    """Attributes as a span writes them (anchor.attribute_block): whitespace folded, empty left out."""
    names = (*KINDS.get(kind, ()), "note")
    folded = {name: _folded(attributes.get(name, "")) for name in names}
    others = {name: _folded(value) for name, value in attributes.items() if name not in names}
    return tuple(sorted((name, value) for name, value in {**folded, **others}.items() if value))


def _folded(text: str) -> str:
    return " ".join(text.split())


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return _folded(str(value))
