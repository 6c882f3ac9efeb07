"""Which characters the installed fonts can draw, and a warning for each memo character
none can: without one, the PDF and the DOCX would print it as a blank or a box.

The fonts are fontconfig's, the ones WeasyPrint (through Pango) and LibreOffice draw
from: one `fc-list` call lists every font's character ranges, read once per process.
Where there is no fc-list (not Linux, or no fontconfig), nothing is checked. WeasyPrint
is never imported here: `briefgen check` stays quick.
"""

from __future__ import annotations

import bisect
import shutil
import subprocess
import unicodedata
from pathlib import Path
from typing import Iterable, Iterator

from .errors import BriefWarning, Place

MAX_WARNINGS = 20  # runs of characters warned about one by one; the rest are counted in one more warning

# Characters that draw nothing, or that renderers handle without a font: spaces, line
# ends, controls, and format characters (bidi isolates, zero-width joiners, soft hyphen).
_NO_GLYPH_CATEGORIES = {"Zs", "Zl", "Zp", "Cc", "Cf", "Cs", "Co", "Cn"}


def needs_glyph(ch: str) -> bool:
    return unicodedata.category(ch) not in _NO_GLYPH_CATEGORIES


# Punctuation every text font has (Liberation 1.07, the oldest the set-up can install, does):
# dashes, curly quotes, daggers, bullet, ellipsis, per mille, primes, guillemets, euro.
_COMMON_PUNCTUATION = frozenset("\u2013\u2014\u2015\u2018\u2019\u201a\u201b\u201c\u201d\u201e"
                                "\u2020\u2021\u2022\u2026\u2030\u2032\u2033\u2039\u203a\u20ac")


def _surely_drawn(ch: str) -> bool:
    """Latin-1, Latin Extended-A (Polish, Czech, Turkish…) and common punctuation: every
    text font has them, and a machine with no text font at all cannot make the memo in
    the first place. Not asking about them keeps `check` from listing the fonts for a
    memo in a Latin-script language."""
    return ord(ch) <= 0x17F or ch in _COMMON_PUNCTUATION


_charsets: list[tuple[str, ...] | None] = []  # fc-list's answer, once a process


def _font_charsets() -> tuple[str, ...] | None:
    """Each installed font's character set as fc-list writes it ("20-7e a0-17f ..."),
    or None when fontconfig cannot be asked. Listed once a process (some tens of
    milliseconds), and only for a memo holding text beyond Latin; parsed only as far
    as needed."""
    if not _charsets:
        _charsets.append(_list_charsets())
    return _charsets[0]


def _list_charsets() -> tuple[str, ...] | None:
    program = shutil.which("fc-list")
    if program is None:
        return None
    try:
        listed = subprocess.run([program, "--format", "%{charset}\n"], capture_output=True, text=True,
                                timeout=60, check=True)
    except (OSError, subprocess.SubprocessError, UnicodeDecodeError):
        return None
    return tuple(line for line in listed.stdout.splitlines() if line.strip())


def uncovered(characters: Iterable[str]) -> set[str] | None:
    """The characters no installed font can draw; None when the fonts cannot be known."""
    wanted = sorted({ord(ch) for ch in characters if needs_glyph(ch) and not _surely_drawn(ch)})
    if not wanted:
        return set()
    charsets = _font_charsets()
    if charsets is None:
        return None
    for charset in charsets:
        if not wanted:
            break
        starts, ends = [], []
        for part in charset.split():
            low, _, high = part.partition("-")
            starts.append(int(low, 16))
            ends.append(int(high or low, 16))
        # fc-list lists ranges in ascending order: one binary search a character.
        wanted = [code for code in wanted
                  if (i := bisect.bisect_right(starts, code) - 1) < 0 or code > ends[i]]
    return {chr(code) for code in wanted}


def package_for(ch: str) -> str:
    """The Debian package whose fonts draw `ch`."""
    name = unicodedata.name(ch, "")
    code = ord(ch)
    if any(word in name for word in ("CJK", "HIRAGANA", "KATAKANA", "HANGUL", "BOPOMOFO", "IDEOGRAPHIC",
                                     "KANGXI", "HALFWIDTH", "FULLWIDTH", "YI SYLLABLE", "YI RADICAL")) \
            or 0x3000 <= code <= 0x9FFF or 0xAC00 <= code <= 0xD7AF or 0x20000 <= code <= 0x3FFFF:
        return "fonts-noto-cjk"
    if 0x1F000 <= code <= 0x1FAFF or (0x2600 <= code <= 0x27BF and unicodedata.category(ch) == "So"):
        return "fonts-noto-color-emoji"
    return "fonts-noto-core"


# ---- the memo's text and where it comes from -------------------------------------------------

def memo_strings(summary) -> Iterator[str]:
    """Every piece of analyst or source text the memo prints."""
    memo = summary.memo
    yield from (memo.title, memo.type, memo.subject, memo.to, memo.from_, memo.through,
                memo.classification, memo.prepared_by, summary.summary)
    for point in (*summary.key_points, *summary.challenges, *summary.open_questions):
        yield from (point.text, point.note)  # the note prints as a remark in the item's footnote
        yield from (citation.quote for citation in point.citations)
    for person in summary.participants:
        yield from (person.name, person.role, person.org, person.note)
        yield from (citation.quote for citation in person.citations)
    for item in summary.agenda:
        yield from (item.item, item.where, *item.who, item.when.text if item.when else "", item.note)
        yield from (citation.quote for citation in item.citations)
    for source in summary.sources:
        yield from (source.title, source.outlet, source.author, source.url)


def _line_starts(text: str) -> list[int]:
    starts = [0]
    starts.extend(i + 1 for i, ch in enumerate(text) if ch == "\n")
    return starts


class _File:
    """A file's text, for turning offsets into line:column and back."""

    def __init__(self, path: Path, text: str) -> None:
        self.path, self.text = path, text
        self.starts = _line_starts(text)

    def offset(self, line: int, column: int) -> int:
        index = min(max(line - 1, 0), len(self.starts) - 1)
        return self.starts[index] + column - 1

    def place(self, offset: int) -> Place:
        index = bisect.bisect_right(self.starts, offset) - 1
        return Place(self.path, index + 1, offset - self.starts[index] + 1)


def _first_place(ch: str, workspace) -> Place | None:
    """Where `ch` (a character, or a run of them) first appears in text that reaches the memo: brief.yaml, then each
    source in file order (its front matter, and its annotations' words and values)."""
    from .workspace import read_text

    brief = _File(workspace.brief_path, read_text(workspace.brief_path))
    found = brief.text.find(ch)
    if found >= 0:
        return brief.place(found)
    for source in workspace.sources:
        try:
            file = _File(source.path, read_text(source.path))
        except Exception:  # noqa: BLE001 - a place is a courtesy; the warning stands without it
            continue
        meta = source.meta
        starts = []
        if ch in f"{meta.title}{meta.outlet}{meta.author}{meta.url}":
            starts.append(0)
        for annotation in source.annotations:
            if ch in annotation.quote:
                starts.append(file.offset(annotation.line, annotation.column))
            for name, value in annotation.attributes.items():
                if ch in value:
                    line, column = annotation.value_places.get(name, (annotation.line, annotation.column))
                    starts.append(file.offset(line, column))
        hits = [hit for hit in (file.text.find(ch, start) for start in starts) if hit >= 0]
        if hits:
            return file.place(min(hits))
    return None


def _runs(text: str, missing: set[str]) -> Iterator[str]:
    """The stretches of `text` made of missing characters (a name: spaces inside kept)."""
    run = ""
    for ch in text:
        if ch in missing or (run and ch == " "):
            run += ch
        else:
            if run.strip():
                yield run.strip()
            run = ""
    if run.strip():
        yield run.strip()


def coverage_warnings(workspace, summary) -> list[BriefWarning]:
    """A warning for each run of memo characters no installed font can draw ("王文涛"),
    at its first place, naming the characters and the package that would draw them.
    A run whose characters were all named already is not warned about again."""
    texts = [text for text in memo_strings(summary) if text]
    missing = uncovered({ch for text in texts for ch in text})
    if not missing:
        return []
    warnings: list[BriefWarning] = []
    named: set[str] = set()
    runs = [run for text in texts for run in _runs(text, missing)]
    for count, run in enumerate(runs):
        new = [ch for ch in dict.fromkeys(run) if ch in missing and ch not in named]
        if not new:
            continue
        if len(warnings) == MAX_WARNINGS:
            rest = {ch for later in runs[count:] for ch in later if ch in missing} - named
            packages = ", ".join(sorted({package_for(ch) for ch in rest}))
            warnings.append(BriefWarning(f"and {len(rest)} more characters no installed font can draw; "
                                         f"install {packages}"))
            break
        named.update(new)
        shown = ", ".join(f"U+{ord(ch):04X} {unicodedata.name(ch, 'unnamed character')}" for ch in new[:3])
        if len(new) > 3:
            shown += f", and {len(new) - 3} more"
        packages = " and ".join(dict.fromkeys(package_for(ch) for ch in new))
        warnings.append(BriefWarning(f"no installed font can draw {run!r} ({shown}); install {packages}",
                                     _first_place(run, workspace)))
    return warnings
