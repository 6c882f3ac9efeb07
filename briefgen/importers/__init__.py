"""`briefgen import`: articles and the analyst's marks on them -> sources of the workspace.

One module reads each kind of input into an Article with Marks (html, docx, pdf) or
into marks on pages already in the workspace (hypothesis); anchor places marks in a
source's text as spans; write writes sources and the lists of marks that found no place.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..annotations import KINDS
from ..errors import BriefError, BriefWarning, Place
from ..workspace import SOURCE_SUFFIXES, SourceFile, read_sources, read_text
from .anchor import ADDED, PRESENT, UNANCHORED, Outcome, place_marks
from .marks import Article, parse_kind_map
from .keep import KeptSpan, front_matter, read_old_source, settle
from .write import (article_fields, merged_unanchored, new_source_text, read_unanchored, split_source,
                    unanchored_entries, unanchored_path, write_source, write_unanchored)

__all__ = ["ImportReport", "import_files", "parse_kind_map"]

ARTICLE_SUFFIXES = (".html", ".htm", ".docx", ".pdf")
EXPORT_SUFFIXES = (".json",)


@dataclass
class ImportReport:
    """What importing one input did to one source, for the analyst."""

    input: Path
    source: Path  # relative to the workspace
    outcomes: list[Outcome] = field(default_factory=list)
    skipped: str = ""  # why nothing was written
    unquoted: int = 0  # Hypothesis page notes and replies: on no words, so not imported
    page_without_source: str = ""  # the url or title of a Hypothesis page that has no source here
    kept: list[KeptSpan] = field(default_factory=list)  # --force: the analyst's spans in the old source
    front_kept: dict[str, str] = field(default_factory=dict)  # --force: old front matter fields the input lacks
    front_replaced: list[tuple[str, str, str]] = field(default_factory=list)  # (field, old, new value)
    # marks of the input that could not be read, each "where: why" (those with words are
    # also among the outcomes, not placed, so that they are listed with the marks not placed)
    skipped_marks: list[str] = field(default_factory=list)

    def describe(self) -> str:
        if self.skipped:
            return f"skipped {self.input.name}: {self.skipped}"
        line = self._describe()
        if self.skipped_marks:
            line += f"; {_counted(len(self.skipped_marks), 'mark')} of {self.input.name} skipped: cannot be read"
        return line

    def _describe(self) -> str:
        added = Counter(o.mark.kind for o in self.outcomes if o.status == ADDED)
        present = sum(1 for o in self.outcomes if o.status == PRESENT)
        unanchored = sum(1 for o in self.outcomes if o.status == UNANCHORED)
        if self.page_without_source:
            line = f"{self.input.name}: no source in sources/ is the page {self.page_without_source}"
        else:
            by_kind = ", ".join(f"{added[kind]} {kind}" for kind in KINDS if added[kind])
            count = _counted(sum(added.values()), "annotation")
            line = f"imported {self.input.name} -> {self.source}: {count} added"
            line += f" ({by_kind})" if by_kind else ""
        if present:
            line += f", {present} already there"
        if unanchored:
            line += f", {unanchored} not placed (listed in {unanchored_path(self.source)})"
        if self.unquoted:
            left_out = _counted(self.unquoted, "page note or reply", "page notes or replies")
            line += f"; {left_out} left out: no words marked"
        kept = [span for span in self.kept if span.kept]
        unplaced = [span for span in self.kept if not span.kept and not span.edited]
        if self.kept:
            line += f"; kept {_counted(len(kept), 'span')} you added or edited"
            if unplaced:
                line += f", {len(unplaced)} not placed (listed in {unanchored_path(self.source)})"
        for span in kept:
            what = "your attributes on the imported" if span.edited else "your"
            line += (f"\n  kept {what} .{span.mark.kind} span on {_quoted(span.mark.quote)}: "
                     f"was at {span.was}, now at line {span.now.replace(':', ', column ')}")
        for name, value in self.front_kept.items():
            line += f"\n  kept front matter {name}: {_quoted(value)} (not in {self.input.name})"
        for name, old, new in self.front_replaced:
            line += f"\n  front matter {name}: {_quoted(new)} from {self.input.name} replaces {_quoted(old)}"
        return line

    def warnings(self) -> list[BriefWarning]:
        return [BriefWarning(f"{self.input.name}, {o.mark.origin}: not placed: {_quoted(o.mark.quote)} "
                             f"(.{o.mark.kind}): {o.reason}")
                for o in self.outcomes if o.status == UNANCHORED] + [
            BriefWarning(f"{span.was} (before import --force): your span not placed: {_quoted(span.mark.quote)} "
                         f"(.{span.mark.kind}): {span.reason}; listed in {unanchored_path(self.source)}")
            for span in self.kept if not span.kept and not span.edited] + [
            BriefWarning(f"{skipped}; skipped", Place(self.input)) for skipped in self.skipped_marks]


MAX_IMPORT_BYTES = 50 * 1024 * 1024  # a saved page, Word document, PDF or export to import
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024  # a Word document's parts, uncompressed
MAX_ZIP_ENTRIES = 10_000


def check_input(path: Path) -> None:
    """An input `import` may read: a regular file (a FIFO would block, a device never
    end) of at most MAX_IMPORT_BYTES; a .docx a zip whose parts unpack to at most
    MAX_UNZIPPED_BYTES (no "zip bomb"). Else a BriefError at the path."""
    import os
    import stat
    import zipfile

    from ..workspace import read_bounded

    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        mode = None  # read_bounded says why
    if mode is None or not stat.S_ISREG(mode):
        read_bounded(path, 0, "file")  # raises, naming what it is
    size = os.stat(path).st_size
    if size > MAX_IMPORT_BYTES:
        raise BriefError(path, None, None, f"this file is larger than {MAX_IMPORT_BYTES // 2**20} MB, the most "
                                           "`briefgen import` reads", "save only the article, without its media")
    if path.suffix.lower() == ".docx":
        try:
            with zipfile.ZipFile(path) as archive:
                entries = archive.infolist()
        except (zipfile.BadZipFile, OSError, ValueError):
            return  # the importer says what is wrong with it
        if len(entries) > MAX_ZIP_ENTRIES or sum(e.file_size for e in entries) > MAX_UNZIPPED_BYTES:
            raise BriefError(path, None, None, f"this Word document unpacks to more than "
                                               f"{MAX_UNZIPPED_BYTES // 2**20} MB or {MAX_ZIP_ENTRIES:,} parts, "
                                               "more than `briefgen import` reads",
                             "save the text alone as a new document, then import that")


def import_files(root: Path, paths: list[Path], kind_map: dict[str, str], force: bool) -> Iterator[ImportReport]:
    """Import each input into root/sources/, reporting on each as it is done. Articles go
    first, so that a Hypothesis export given in the same command can anchor in a page
    imported with it."""
    for path in paths:
        if path.suffix.lower() not in ARTICLE_SUFFIXES + EXPORT_SUFFIXES:
            raise BriefError(path, None, None, f"cannot import {path.suffix or 'a file without extension'}",
                             "briefgen imports saved web pages (.html), Word documents (.docx), "
                             "PDFs with highlights (.pdf) and Hypothesis exports (.json)")
        check_input(path)
    (root / "sources").mkdir(exist_ok=True)
    for path in sorted(paths, key=lambda p: p.suffix.lower() in EXPORT_SUFFIXES):
        if path.suffix.lower() in EXPORT_SUFFIXES:
            yield from _import_export(root, path, kind_map)
        else:
            yield _import_article(root, path, kind_map, force)


def _import_article(root: Path, path: Path, kind_map: dict[str, str], force: bool) -> ImportReport:
    from slugify import slugify

    article = _read_article(path, kind_map)
    slug = slugify(article.title, max_length=60, word_boundary=True) or slugify(path.stem) or "source"
    existing = [root / "sources" / (slug + suffix) for suffix in SOURCE_SUFFIXES
                if (root / "sources" / (slug + suffix)).exists()]
    target = existing[0] if existing else root / "sources" / f"{slug}.md"
    report = ImportReport(path, target.relative_to(root), skipped_marks=article.skipped)
    if existing and not force:
        report.skipped = f"{report.source} already exists (--force rewrites it from {path.name})"
        return report
    if not existing:
        front, body = new_source_text(article, path.name)
        body, report.outcomes = place_marks(body, article.marks, target)
        added = sum(1 for o in report.outcomes if o.status == ADDED)
        write_source(target, front + body, added, unanchored_entries(report.outcomes, path.name))
        return report
    # --force: the source is written afresh from the new input, keeping what the analyst
    # added to it (see keep.py); read first, so a source that does not read is left alone
    old = read_old_source(target, report.source)
    kept_fields, report.front_replaced = front_matter(old.front, article_fields(article))
    report.front_kept = kept_fields
    front, body = new_source_text(article, path.name, kept_fields)
    marks, edited, hand = old.sort_out(article.marks)
    body, report.outcomes = place_marks(body, marks, target)
    body, hand_outcomes = place_marks(body, [span.mark for span in hand], target)
    report.kept = sorted(edited + hand, key=lambda span: _line_column(span.was))
    settle(report.kept, report.outcomes + hand_outcomes, body, target, front.count("\n") + 1)
    added = sum(1 for o in report.outcomes + hand_outcomes if o.status == ADDED)
    # the list of marks that found no place: this input's afresh, others' (a Hypothesis
    # export's, spans an earlier --force could not place) kept, and the analyst's spans
    # that find no place now
    earlier = [entry for entry in read_unanchored(unanchored_path(target))
               if not entry.origin.startswith(f"{path.name}, ")]
    unanchored = unanchored_entries(report.outcomes, path.name)
    unanchored += [span.entry() for span in hand if not span.kept]
    seen = {entry.identity for entry in unanchored}
    write_source(target, front + body, added, [e for e in earlier if e.identity not in seen] + unanchored)
    return report


def _line_column(place: str) -> tuple[int, int]:
    _, line, column = place.rsplit(":", 2)
    return int(line), int(column)


def _read_article(path: Path, kind_map: dict[str, str]) -> Article:
    suffix = path.suffix.lower()
    if suffix == ".docx":
        from .docx import read_docx

        return read_docx(path)
    if suffix == ".pdf":
        from .pdf import read_pdf

        return read_pdf(path, kind_map)
    from .html import read_html

    return read_html(path)


def _import_export(root: Path, path: Path, kind_map: dict[str, str]) -> Iterator[ImportReport]:
    from slugify import slugify

    from .hypothesis import AnnotatedPage, read_hypothesis, same_page, same_title

    pages, skipped = read_hypothesis(path, kind_map)
    if not pages:
        if skipped:
            yield ImportReport(path, Path("sources"), skipped="it holds no annotation that can be read",
                               skipped_marks=skipped)
        return
    sources = read_sources(root, [])
    # Every page is matched to its source before anything is written; pages under
    # several addresses, or found by title, may share one source.
    by_source: dict[Path, tuple[SourceFile, list[AnnotatedPage]]] = {}
    without_source: list[AnnotatedPage] = []
    for page in pages:
        found = ([s for s in sources if same_page(page.url, s.meta.url)]
                 or [s for s in sources if same_title(page.title, s.meta.title)])
        if len(found) > 1:
            raise BriefError(path, None, None, f"{len(found)} sources match the page {page.url or page.title}: "
                             + ", ".join(s.path.name for s in found),
                             "give the right one the page's address as url: in its front matter")
        if found:
            by_source.setdefault(found[0].path, (found[0], []))[1].append(page)
        else:
            without_source.append(page)

    for source, its_pages in by_source.values():
        marks = [mark for page in its_pages for mark in page.marks]
        front, body = split_source(read_text(source.path))
        body, outcomes = place_marks(body, marks, source.path)
        added = sum(1 for o in outcomes if o.status == ADDED)
        unanchored = merged_unanchored(source.path, outcomes, path.name)
        if added:
            write_source(source.path, front + body, len(source.annotations) + added, unanchored)
        else:
            write_unanchored(source.path, unanchored)
        yield ImportReport(path, source.path.relative_to(root), outcomes,
                           unquoted=sum(page.unquoted for page in its_pages), skipped_marks=skipped)
        skipped = []  # reported once
    for page in without_source:
        # Kept all the same, beside where the page's source would go, for `check` to warn about.
        slug = slugify(page.title or page.url, max_length=60, word_boundary=True) or "page"
        placeholder = root / "sources" / f"{slug}.md"
        outcomes = [Outcome(mark, UNANCHORED, f"no source in sources/ has this page's url ({page.url}) "
                                              "or title; import the page, or add url: to its source")
                    for mark in page.marks]
        write_unanchored(placeholder, merged_unanchored(placeholder, outcomes, path.name))
        yield ImportReport(path, placeholder.relative_to(root), outcomes, unquoted=page.unquoted,
                           page_without_source=page.url or repr(page.title), skipped_marks=skipped)
        skipped = []


def _quoted(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    if not text:
        return "(no words)"
    return '"' + (text if len(text) <= limit else text[:limit - 1] + "…") + '"'


def _counted(count: int, singular: str, plural: str = "") -> str:
    return f"{count} {singular if count == 1 else plural or singular + 's'}"
