"""Evaluation of `briefgen suggest` (issue 15): suggestions scored against analysts' spans.

Run with `make bench`, or `.venv/bin/python bench/suggest_eval.py` from a checkout
(not part of the tests: it measures, it never fails). Each source is read as
`briefgen suggest` reads it: its body (after the front matter) with the span markup
removed, byte for byte otherwise; the spans it held are the gold, placed in that plain
text (nested spans too). briefgen.suggest.suggest_text proposes spans for the plain
text and the source's front-matter date, and they are scored per kind:

    recall    = gold spans matched by some proposal of the same kind / gold spans
    precision = proposals matching some gold span of the same kind / proposals

A proposal matches a gold span when their characters overlap by at least half of the
shorter one (a name inside a longer title-and-name proposal, a clause inside its
sentence) and by at least a fifth of the longer one (so a proposal spanning a whole
paragraph does not match every short phrase in it). One proposal may match several
gold spans and one gold span several proposals.

Five sets, each with its own table and the targets of issue 15:
  development  the default brief's sources/ and the fixtures' tests/fixtures/*/sources/*,
               which the heuristics were written against;
  held-out     bench/suggest/heldout/*, two articles written and annotated by the
               developer of the key-point, challenge and question heuristics once those
               were final (the participant and agenda heuristics were still being
               written, and their developer could see this set's scores);
  blind        bench/suggest/blind/*, two articles written and annotated by someone who
               never read the suggest code, added once every heuristic was final; its
               scores then showed agenda recall short of the target, and the agenda
               heuristics were broadened on new articles of their developer's own,
               who never saw this set or the one above;
  blind-2      bench/suggest/blind-2/*, two more articles by a writer who never read the
               code, added after that work, scored once; participant recall fell short,
               and the participant heuristics were broadened the same way, on their
               developer's own articles;
  blind-3      bench/suggest/blind-3/*, two more articles by a writer who never read the
               code, added after that work, scored once.
               No held-out set was tuned on.

Paths: the repository is the current folder when it holds sources/ and tests/fixtures/
(so another worktree's venv can run this file against its own code and data), else
the one this script is in; the held-out articles come from that repository, or from
this script's when it has none. briefgen is imported from the running Python's
environment; the report names the copy it used.
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

SCRIPT_REPO = Path(__file__).resolve().parent.parent
HELDOUT = Path("bench", "suggest", "heldout")
BLIND = Path("bench", "suggest", "blind")
BLIND_2 = Path("bench", "suggest", "blind-2")
BLIND_3 = Path("bench", "suggest", "blind-3")
SOURCE_SUFFIXES = (".md", ".txt")
KINDS = ("participant", "agenda", "key", "challenge", "question")
# Issue 15's "done when": the least recall and precision for each kind (None: report only).
TARGETS: dict[str, tuple[float | None, float | None]] = {
    "participant": (0.8, 0.6),
    "agenda": (0.6, 0.5),
    "key": (None, None),
    "challenge": (0.4, None),
    "question": (0.5, None),
}
SHORTER_SHARE = 0.5
BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")
LONGER_SHARE = 0.2


@dataclass(frozen=True)
class Span:
    kind: str
    start: int  # offsets into the plain text
    end: int


@dataclass
class Scored:
    path: Path
    plain: str
    gold: list[Span]
    proposed: list[Span]
    seconds: float
    gold_matched: list[bool] = field(default_factory=list)
    proposal_matched: list[bool] = field(default_factory=list)


# -- reading a source as suggest reads it --

def repo_root() -> Path:
    here = Path.cwd()
    if (here / "sources").is_dir() and (here / "tests" / "fixtures").is_dir():
        return here
    return SCRIPT_REPO


def source_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir()
                  if p.is_file() and p.suffix.lower() in SOURCE_SUFFIXES and not p.name.startswith(".")
                  and not p.name.endswith(".suggested.md"))


def body_of(text: str) -> str:
    """The text after the front matter, as briefgen.workspace.read_source splits it."""
    lines = text.split("\n")
    if lines and lines[0].rstrip() == "---":
        closing = next((i for i, line in enumerate(lines[1:], start=1) if line.rstrip() in ("---", "...")), None)
        if closing is not None:
            return "\n".join(lines[closing + 1:])
    return text


def strip_spans(body: str) -> tuple[str, list[Span], list[int]]:
    """The body without span markup (each span's "[" and its "]{...}"), the spans in
    it, and each span's "[" offset in the body (to check against briefgen's scanner).

    Brackets as the scanner reads them: a backslash escapes the next character, a
    code span's brackets are literal, and a "[...]" not followed by "{" (a link) is
    text. The sources are valid (read_source has parsed them), so errors are not
    looked for."""
    removed: list[tuple[int, int]] = []  # [start, end) ranges of markup in the body
    found: list[tuple[int, int, int, str]] = []  # ("[" offset, words start, words end, kind)
    stack: list[int] = []
    pos = 0
    length = len(body)
    while pos < length:
        char = body[pos]
        if char == "\\":
            pos += 2
        elif char == "`":
            run = pos
            while run < length and body[run] == "`":
                run += 1
            fence = body[pos:run]
            close = body.find(fence, run)
            while close != -1 and close + len(fence) < length and body[close + len(fence)] == "`":
                close = body.find(fence, close + len(fence) + 1)
            pos = close + len(fence) if close != -1 else run
        elif char == "\n" and BLANK_LINE.match(body, pos):
            stack.clear()  # a blank line ends every bracket (valid sources close theirs before)
            pos += 1
        elif char == "[":
            stack.append(pos)
            pos += 1
        elif char == "]":
            opened = stack.pop() if stack else None
            if opened is not None and pos + 1 < length and body[pos + 1] == "{":
                block_end, kind = attribute_block(body, pos + 1)
                found.append((opened, opened + 1, pos, kind))
                removed.append((opened, opened + 1))
                removed.append((pos, block_end))
                pos = block_end
            else:
                pos += 1
        else:
            pos += 1
    removed.sort()
    starts = [start for start, _ in removed]
    removed_before = [0]  # characters removed by the first i ranges
    pieces: list[str] = []
    cursor = 0
    for start, end in removed:
        pieces.append(body[cursor:start])
        removed_before.append(removed_before[-1] + end - start)
        cursor = end
    pieces.append(body[cursor:])

    def to_plain(offset: int) -> int:
        # offset is never inside markup, so the ranges starting before it all end by it
        return offset - removed_before[bisect.bisect_left(starts, offset)]

    spans = [Span(kind, to_plain(words_start), to_plain(words_end)) for _, words_start, words_end, kind in found]
    return "".join(pieces), spans, [opened for opened, *_ in found]


def attribute_block(body: str, start: int) -> tuple[int, str]:
    """Where the block "{.kind key="v" ...}" starting at `start` ends, and its kind."""
    pos = start + 1
    kind = ""
    while pos < len(body) and body[pos] != "}":
        if body[pos] == '"':
            pos += 1
            while pos < len(body) and body[pos] != '"':
                pos += 2 if body[pos] == "\\" else 1
            pos += 1
        elif body[pos] == "." and not kind:
            end = pos + 1
            while end < len(body) and (body[end].isalnum() or body[end] in "_-"):
                end += 1
            kind = body[pos + 1:end]
            pos = end
        else:
            pos += 1
    return pos + 1, kind


def read_gold(path: Path) -> tuple[str, dt.date | None, list[Span]]:
    """A source's plain text, date and gold spans, checked against briefgen's own reading
    (each span's place, kind and marked words)."""
    from briefgen.markdown import plain_text
    from briefgen.workspace import read_source, read_text

    source = read_source(path)  # a BriefError here means the source is not valid
    text = read_text(path)
    body = body_of(text)
    plain, spans, opened = strip_spans(body)
    first_line = text.count("\n", 0, len(text) - len(body)) + 1
    places = []
    for offset in opened:
        line = body.count("\n", 0, offset)
        column = offset - (body.rfind("\n", 0, offset) + 1) + 1
        places.append((first_line + line, column))
    mine = sorted((place, span.kind, " ".join(plain_text(plain[span.start:span.end]).split()))
                  for place, span in zip(places, spans))
    theirs = sorted(((a.line, a.column), a.kind, a.quote) for a in source.annotations)
    if mine != theirs:
        raise SystemExit(f"{path}: the evaluation's span reader disagrees with briefgen's scanner:\n"
                         f"  here:     {mine}\n  briefgen: {theirs}")
    return plain, source.meta.date, spans


# -- scoring --

def matches(a: Span, b: Span) -> bool:
    overlap = min(a.end, b.end) - max(a.start, b.start)
    if overlap <= 0:
        return False
    shorter, longer = sorted((a.end - a.start, b.end - b.start))
    return overlap >= SHORTER_SHARE * shorter and overlap >= LONGER_SHARE * longer


def score(path: Path) -> Scored:
    from briefgen.suggest import suggest_text

    plain, date, gold = read_gold(path)
    began = time.perf_counter()
    proposals = suggest_text(plain, date)
    seconds = time.perf_counter() - began
    proposed = [Span(p.kind, p.start, p.end) for p in proposals]
    result = Scored(path, plain, gold, proposed, seconds)
    result.gold_matched = [any(p.kind == g.kind and matches(p, g) for p in proposed) for g in gold]
    result.proposal_matched = [any(p.kind == g.kind and matches(p, g) for g in gold) for p in proposed]
    return result


def ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def report(name: str, results: list[Scored], root: Path, verbose: bool) -> None:
    print(f"\n{name}: {len(results)} sources")
    if not results:
        print("  (none)")
        return
    header = f"  {'kind':<12} {'gold':>5} {'proposed':>8} {'recall':>7} {'precision':>9}   {'target':<26} met"
    print(header)
    print("  " + "-" * (len(header) - 2))
    for kind in KINDS:
        gold = sum(1 for r in results for g in r.gold if g.kind == kind)
        found = sum(1 for r in results for g, ok in zip(r.gold, r.gold_matched) if g.kind == kind and ok)
        proposed = sum(1 for r in results for p in r.proposed if p.kind == kind)
        right = sum(1 for r in results for p, ok in zip(r.proposed, r.proposal_matched) if p.kind == kind and ok)
        recall, precision = ratio(found, gold), ratio(right, proposed)
        least_recall, least_precision = TARGETS[kind]
        wanted = []
        met = True
        if least_recall is not None:
            wanted.append(f"recall ≥ {least_recall}")
            met &= recall is not None and recall >= least_recall
        if least_precision is not None:
            wanted.append(f"precision ≥ {least_precision}")
            met &= precision is not None and precision >= least_precision
        shown = lambda value: "—" if value is None else f"{value:.2f}"  # noqa: E731
        print(f"  {kind:<12} {gold:>5} {proposed:>8} {shown(recall):>7} {shown(precision):>9}   "
              f"{', '.join(wanted) or '(report only)':<26} {('✓' if met else '✗') if wanted else ''}")
    slowest = max(results, key=lambda r: r.seconds)
    total = sum(r.seconds for r in results)
    print(f"  time: {total * 1000:.1f} ms in all, {total / len(results) * 1000:.1f} ms a source; slowest "
          f"{slowest.seconds * 1000:.1f} ms ({display(slowest.path, root)}, {len(slowest.plain)} characters)")
    if verbose:
        for result in results:
            print(f"\n  {display(result.path, root)} ({result.seconds * 1000:.1f} ms)")
            for g, ok in zip(result.gold, result.gold_matched):
                if not ok:
                    print(f"    missed  {g.kind:<11} {quote(result.plain, g)}")
            for p, ok in zip(result.proposed, result.proposal_matched):
                if not ok:
                    print(f"    extra   {p.kind:<11} {quote(result.plain, p)}")


def display(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def quote(plain: str, span: Span) -> str:
    words = " ".join(plain[span.start:span.end].split())
    return repr(words if len(words) <= 110 else words[:107] + "...")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--verbose", "-v", action="store_true",
                        help="list each source's missed gold spans and unmatched proposals")
    parser.add_argument("--repo", type=Path, help="the repository to read (default: see above)")
    parser.add_argument("--development-only", action="store_true",
                        help="score the development set only: for working on the heuristics without "
                             "seeing the held-out articles")
    args = parser.parse_args()
    root = (args.repo or repo_root()).resolve()

    import briefgen
    from briefgen.suggest import suggest_text

    suggest_text("Warm-up: the modules load and build their tables once, outside the timings.")
    development = source_files(root / "sources") + [
        path for folder in sorted((root / "tests" / "fixtures").glob("*/sources")) for path in source_files(folder)]
    held_out = [(label, root / name if (root / name).is_dir() else SCRIPT_REPO / name)
                for label, name in (("held-out", HELDOUT), ("blind held-out", BLIND), ("blind held-out 2", BLIND_2),
                                         ("blind held-out 3", BLIND_3))]
    print(f"suggest evaluation: repository {root}; briefgen from {Path(briefgen.__file__).parent}")
    print(f"a proposal matches a gold span of its kind when they overlap by ≥ {SHORTER_SHARE:.0%} of the "
          f"shorter and ≥ {LONGER_SHARE:.0%} of the longer")
    report("development (default brief and fixtures)", [score(p) for p in development], root, args.verbose)
    for label, folder in held_out:
        if folder.is_dir() and not args.development_only:
            report(f"{label} ({display(folder, root)})", [score(p) for p in source_files(folder)], root,
                   args.verbose)


if __name__ == "__main__":
    sys.exit(main())
