"""Print quality of the PDF, read back from real builds through the command line.

Three PDFs, each built once per module (WeasyPrint is slow): the default brief (Letter,
footnotes), tests/fixtures/long-a4 (A4, endnotes, four pages, --pdf-variant pdf/ua-1),
and that workspace again, set to Letter, with a hostile source added, built with
--draft --paper a4 (sandboxing, watermark, paper override). Pages are read with poppler (pdftotext per page, pdfinfo, pdffonts) and pypdf.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefgen.cli import PDF_VARIANTS, main
from briefgen.merge import build_summary
from briefgen.model import Summary
from briefgen.render import common
from briefgen.theme import BUILTIN_TEMPLATES
from briefgen.workspace import read_workspace

import babel_forms  # dates as Babel writes them, never spelled out

pypdf = pytest.importorskip("pypdf")
pytestmark = pytest.mark.skipif(
    not all(shutil.which(tool) for tool in ("pdftotext", "pdfinfo", "pdffonts")),
    reason="needs poppler-utils (pdftotext, pdfinfo, pdffonts)")

REPO = Path(__file__).resolve().parent.parent
LONG_A4 = REPO / "tests" / "fixtures" / "long-a4"
LETTER, A4 = (612, 792), (595, 842)


@dataclass
class Built:
    """One `briefgen build --format pdf` and what it left behind."""

    workspace: Path
    pdf: Path
    stdout: str
    stderr: str
    summary: Summary

    def __post_init__(self) -> None:
        self.reader = pypdf.PdfReader(io.BytesIO(self.pdf.read_bytes()))
        self.pages = [poppler("pdftotext", "-f", str(n), "-l", str(n), "-layout", str(self.pdf), "-")
                      for n in range(1, len(self.reader.pages) + 1)]
        # In content order: what is drawn first comes first, the margin boxes last.
        self.drawn = poppler("pdftotext", "-raw", str(self.pdf), "-").split("\f")[:len(self.pages)]
        self.info = dict(re.findall(r"^([^:\n]+):\s*(.*)$", poppler("pdfinfo", str(self.pdf)), re.M))


def poppler(*command: str) -> str:
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def copy_workspace(source: Path, target: Path) -> Path:
    target.mkdir(parents=True)
    shutil.copy(source / "brief.yaml", target / "brief.yaml")
    shutil.copytree(source / "sources", target / "sources")
    return target


def build(workspace: Path, *options: str) -> Built:
    result = CliRunner().invoke(main, ["-C", str(workspace), "build", "--format", "pdf", *options])
    assert result.exit_code == 0, result.output
    [pdf] = (workspace / "out").glob("*.pdf")
    summary, _ = build_summary(read_workspace(workspace))
    return Built(workspace, pdf, result.stdout, result.stderr, summary)


@pytest.fixture(scope="module")
def default(tmp_path_factory) -> Built:
    """The default brief (repository root), as `make demo` builds it."""
    return build(copy_workspace(REPO, tmp_path_factory.mktemp("default") / "ws"))


@pytest.fixture(scope="module")
def long_a4(tmp_path_factory) -> Built:
    workspace = copy_workspace(LONG_A4, tmp_path_factory.mktemp("long") / "ws")
    return build(workspace, "--pdf-variant", "pdf/ua-1")


HOSTILE_SOURCE = """\
---
title: "A hostile source"
url: "file:///etc/passwd"
---
[<img src="file:///etc/passwd"> sits in the text]{.key}
[![x](http://127.0.0.1:9/x.png) is an image]{.key}
[[l](file:///etc/passwd) is a link]{.challenge}
[Eve]{.participant role="Agent" org="http://127.0.0.1:9/org.png"}
"""


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> tuple[Built, list[tuple[str, bool]]]:
    """The long memo, set to Letter, plus a source full of file:// and http:// references,
    built as an A4 draft with the fetcher watched and HarfBuzz-Subset reported missing;
    returns the build and every URL the fetcher was asked for (and whether it was allowed).

    (Its pages are not checked for layout: pdftotext scatters the diagonal watermark's
    letters among the lines.)"""
    from briefgen.render import pdf as pdf_module

    workspace = copy_workspace(LONG_A4, tmp_path_factory.mktemp("hostile") / "ws")
    (workspace / "sources" / "99-hostile.md").write_text(HOSTILE_SOURCE, encoding="utf-8")
    brief = workspace / "brief.yaml"
    brief.write_text(brief.read_text(encoding="utf-8").replace("paper: a4", "paper: letter"), encoding="utf-8")
    asked: list[tuple[str, bool]] = []
    real_allowed_file = pdf_module.allowed_file

    def watched(url, dirs):
        try:
            path = real_allowed_file(url, dirs)
        except pdf_module.FetchRefused:
            asked.append((url, False))
            raise
        asked.append((url, True))
        return path

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pdf_module, "allowed_file", watched)
        patch.setattr(pdf_module, "fast_font_subsetting", lambda: False)
        built = build(workspace, "--draft", "--paper", "a4")
    return built, asked


def lines_of(page: str) -> list[str]:
    return [line.strip() for line in page.splitlines() if line.strip()]


def section_headings(summary: Summary) -> list[str]:
    """The section titles as printed (the built-in theme sets headings in capitals)."""
    return [common.SECTION_TITLES[name].upper() for name in common.sections(summary)]


# ---- page furniture --------------------------------------------------------------------------

@pytest.mark.parametrize("name, size", [("default", LETTER), ("long_a4", A4)])
def test_paper_size(name, size, request):
    built = request.getfixturevalue(name)
    for page in built.reader.pages:
        assert tuple(round(float(v)) for v in page.mediabox[2:]) == size


def test_paper_from_the_brief_or_the_command_line(default, long_a4, hostile):
    assert default.summary.layout.paper == "letter" and "(letter)" in default.info["Page size"]
    assert long_a4.summary.layout.paper == "a4" and "(A4)" in long_a4.info["Page size"]
    assert len(long_a4.pages) >= 3
    draft, _ = hostile
    assert draft.summary.layout.paper == "letter" and "(A4)" in draft.info["Page size"]  # --paper a4


@pytest.mark.parametrize("name", ["default", "long_a4"])
def test_banner_and_page_number_on_every_page(name, request):
    built = request.getfixturevalue(name)
    banner, total = built.summary.memo.classification, len(built.pages)
    for number, page in enumerate(built.pages, start=1):
        lines = lines_of(page)
        assert lines[0] == banner, (number, lines[0])
        assert lines[-1] == banner, (number, lines[-1])
        assert lines[-2] == f"Page {number} of {total}", (number, lines[-2])


@pytest.mark.parametrize("name", ["default", "long_a4"])
def test_running_header_from_page_two(name, request):
    built = request.getfixturevalue(name)
    memo = built.summary.memo
    running = common.short_subject(memo)
    date = common.format_date(memo.date, memo.lang)
    assert lines_of(built.pages[0])[1] == memo.type.upper()
    assert not [line for line in lines_of(built.pages[0]) if line.startswith(running) and line.endswith(date)]
    for page in built.pages[1:]:
        head = lines_of(page)[1]
        assert head.startswith(running) and head.endswith(date), head


def test_classification_heads_the_body_text(long_a4):
    """Screen readers skip running headers and footers, so page 1 has the banner as the
    first line of its text, not in a margin box (those are drawn after the text)."""
    banner = long_a4.summary.memo.classification
    assert lines_of(long_a4.drawn[0])[0] == banner
    assert lines_of(long_a4.drawn[1])[0] != banner  # page 2: the banner is in the margins


# ---- document properties ------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["default", "long_a4"])
def test_metadata_and_tags(name, request):
    built = request.getfixturevalue(name)
    memo = built.summary.memo
    assert built.info["Title"] == memo.title
    assert built.info["Author"] == common.document_author(memo)
    assert built.info["Subject"] == memo.subject
    keywords = [word.strip() for word in built.info["Keywords"].split(",")]
    assert memo.type in keywords and memo.classification in keywords
    assert built.info["Tagged"] == "yes"
    assert built.reader.trailer["/Root"]["/Lang"] == memo.lang


@pytest.mark.parametrize("name", ["default", "long_a4"])
def test_bookmark_for_every_section(name, request):
    built = request.getfixturevalue(name)

    def titles(outline):
        for entry in outline:
            yield from titles(entry) if isinstance(entry, list) else [entry.title]

    # the default brief fits its two pages with compact citations (layout.fit): Source Notes too
    variant = common.Variant(compact_citations=True) if "with compact citations" in built.stdout else None
    expected = [common.SECTION_TITLES[name] for name in common.sections(built.summary, variant)]
    assert list(titles(built.reader.outline)) == [built.summary.memo.type, *expected]
    if name == "long_a4":
        assert "Notes" in expected  # endnotes make a section of their own


@pytest.mark.parametrize("name", ["default", "long_a4"])
def test_fonts_embedded_and_subset(name, request):
    built = request.getfixturevalue(name)
    rows = poppler("pdffonts", str(built.pdf)).splitlines()[2:]
    assert rows
    for row in rows:
        emb, sub = row.split()[-5:-3]
        assert (emb, sub) == ("yes", "yes"), row
    assert any("Liberation-Serif" in row for row in rows)


def test_pdf_ua_variant(long_a4):
    assert 'pdfuaid:part="1"' in poppler("pdfinfo", "-meta", str(long_a4.pdf))


def test_offered_variants_are_weasyprints():
    from weasyprint.pdf import VARIANTS

    assert set(PDF_VARIANTS) <= set(VARIANTS)


# ---- pagination -----------------------------------------------------------------------------------

FOOTNOTE = re.compile(r"\d+\. Source \[")


@pytest.mark.parametrize("name", ["default", "long_a4"])
def test_no_heading_stranded_at_a_page_foot(name, request):
    built = request.getfixturevalue(name)
    headings = set(section_headings(built.summary))
    total = len(built.pages)
    for number, page in enumerate(built.pages, start=1):
        lines = lines_of(page)
        body = lines[:lines.index(f"Page {number} of {total}")]
        if built.summary.layout.citations == "footnotes":
            body = body[:next((i for i, line in enumerate(body) if FOOTNOTE.match(line)), len(body))]
        assert body[-1] not in headings, (number, body[-3:])


def test_footnotes_at_the_page_foot(default):
    for page in default.pages:
        lines = lines_of(page)
        first_note = next((i for i, line in enumerate(lines) if FOOTNOTE.match(line)), len(lines))
        assert all(i < first_note for i, line in enumerate(lines) if line.startswith("•"))


def test_table_header_repeats_and_rows_stay_whole(long_a4):
    header = re.compile(r"^Name\s+Role$")  # the organisation heads its group: no column of its own
    pages_with_people = [n for n, page in enumerate(long_a4.pages)
                         if any(person.name in page for person in long_a4.summary.participants)]
    with_header = [n for n, page in enumerate(long_a4.pages) if any(header.match(l) for l in lines_of(page))]
    assert len(with_header) >= 2  # the table runs over a page break ...
    assert set(with_header) <= set(pages_with_people)  # ... and its header comes along
    for person in long_a4.summary.participants:
        # the page holding the row's first line holds the last words of its cells too
        # (the row's line: the name, its note call, then the role's first word; a name may
        # also start a wrapped line of an agenda's Who cell)
        row = rf"^\s*{re.escape(person.name)}\d*\s+{re.escape(person.role.split()[0])}"
        [page] = [p for p in long_a4.pages if re.search(row, p, re.M)]
        assert person.role.split()[-1] in page, (person.name, person.role)


def test_agenda_in_date_order(long_a4):
    """Every dated agenda row starts with its date (or range) as Babel writes it in the
    memo's language, and the rows come in date order."""
    lang = long_a4.summary.memo.lang
    dated = [item.when for item in long_a4.summary.agenda if item.when and item.when.dated]
    # Babel's spaces may be thin ones (U+2009), which pdftotext reads as plain spaces
    written = {" ".join((babel_forms.long_date(when.start, lang) if when.end in (None, when.start)
                         else babel_forms.date_range(when.start, when.end, lang)).split()): when for when in dated}
    forms = sorted((r"[^\S\n]+".join(map(re.escape, form.split())) for form in written), key=len, reverse=True)
    row = re.compile(r"^[^\S\n]*(%s)\s" % "|".join(forms), re.M)
    found = [written[" ".join(match.group(1).split())] for match in row.finditer("\n".join(long_a4.pages))]
    assert any(when.end not in (None, when.start) for when in found)  # ranges are among them
    assert len(found) == len(dated), sorted(written)
    assert [when.start for when in found] == sorted(when.start for when in found)


def test_long_urls_wrap_and_are_links(long_a4):
    uris = [str(annot.get_object()["/A"]["/URI"]) for page in long_a4.reader.pages
            for annot in page.get("/Annots", []) or [] if "/URI" in annot.get_object().get("/A", {})]
    text = "\n".join(long_a4.pages)
    for source in long_a4.summary.sources:
        if source.url:
            assert source.url in uris
            assert source.url not in text  # too long for one line: it wraps ...
            assert source.url in re.sub(r"\s+", "", text)  # ... with no hyphen added


# ---- draft ----------------------------------------------------------------------------------------

def test_draft_watermark_on_every_page(hostile, long_a4, default):
    draft, _ = hostile
    assert len(draft.pages) >= 3
    for page in draft.drawn:  # the mark is drawn first, under the text (its letters one by one)
        assert "".join(page.split()).startswith(common.DRAFT_MARK)
    for page in [*default.drawn, *long_a4.drawn]:
        assert common.DRAFT_MARK not in "".join(page.split())


# ---- page count ---------------------------------------------------------------------------------------

def body_pages(built: Built) -> int:
    """Pages up to the Notes (endnotes) or Sources heading: what layout.max_pages counts."""
    return next(n for n, page in enumerate(built.pages, start=1)
                if re.search(r"^\s*(NOTES|SOURCES)\s*$", page, re.M))


def test_build_warns_past_max_pages(long_a4, default):
    pages = body_pages(long_a4)
    assert pages < len(long_a4.pages)  # the endnotes and sources run past it
    assert (f"the memo runs to {pages} pages, more than layout.max_pages (1), not counting its sources"
            in long_a4.stderr)  # long-a4 has a one-page limit and no layout.fit
    assert "runs to" not in default.stderr


def test_check_tells_the_page_count_without_weasyprint(long_a4):
    """After a build, `check` knows the page count from the HTML's hash."""
    result = subprocess.run([sys.executable, "-X", "importtime", "-m", "briefgen", "-C",
                             str(long_a4.workspace), "check"], capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 0, result.stderr
    assert not re.search(r"\|\s*weasyprint\b", result.stderr)
    pages = body_pages(long_a4)
    assert f"{pages} pages (from the last PDF build; {len(long_a4.pages)} with the sources)" in result.stdout
    assert f"the memo runs to {pages} pages, more than layout.max_pages (1)" in result.stderr


def test_check_without_a_matching_build(default, tmp_path):
    never_built = copy_workspace(REPO, tmp_path / "ws")
    before = CliRunner().invoke(main, ["-C", str(never_built), "check"])
    assert "known after `briefgen build --format pdf`" in before.stdout
    after = CliRunner().invoke(main, ["-C", str(default.workspace), "check"])
    assert "2 pages (from the last PDF build)" in after.stdout  # sources included: two pages in all
    brief = default.workspace / "brief.yaml"
    original = brief.read_text(encoding="utf-8")
    try:
        brief.write_text(original.replace("max_pages: 2", "max_pages: 9"), encoding="utf-8")
        assert "warning: the memo runs" not in CliRunner().invoke(main, ["-C", str(default.workspace),
                                                                        "check"]).stderr
        brief.write_text(original.replace("this week", "this very week", 1), encoding="utf-8")
        edited = CliRunner().invoke(main, ["-C", str(default.workspace), "check"])
        assert "known after `briefgen build --format pdf`" in edited.stdout
    finally:
        brief.write_text(original, encoding="utf-8")


def test_page_count_of_a_draft_build(tmp_path):
    """The layout key is made without rendering anything, and a draft shares it."""
    from briefgen.page_count import RECORD_NAME, last_built_pages, layout_key, updated_record
    from briefgen.pipeline import load
    from briefgen.theme import Templates

    root = copy_workspace(REPO, tmp_path / "ws")
    summary = load(root).summary
    key = layout_key(summary, Templates.for_workspace(root))
    assert last_built_pages(tmp_path, key) is None
    (tmp_path / RECORD_NAME).write_bytes(updated_record(tmp_path, {key: 5}))
    assert last_built_pages(tmp_path, key) == 5
    summary.layout.paper = "a4" if summary.layout.paper == "letter" else "letter"
    assert layout_key(summary, Templates.for_workspace(root)) != key  # the paper is part of the layout
    (root / "templates").mkdir(exist_ok=True)
    (root / "templates" / "memo.css.j2").write_text("/* edited */\n", encoding="utf-8")
    summary.layout.paper = load(root).summary.layout.paper
    assert layout_key(summary, Templates.for_workspace(root)) != key  # so are the templates


def test_page_record_keeps_the_newest_and_shrugs_off_damage(tmp_path):
    from briefgen.page_count import RECORD_LIMIT, RECORD_NAME, read_record, updated_record

    record = tmp_path / RECORD_NAME
    for n in range(RECORD_LIMIT + 5):
        record.write_bytes(updated_record(tmp_path, {f"layout-{n}": n + 1}))
    kept = read_record(tmp_path)
    assert list(kept) == [f"layout-{n}" for n in range(5, RECORD_LIMIT + 5)]
    record.write_bytes(updated_record(tmp_path, {"layout-5": 7}))
    assert list(read_record(tmp_path))[-1] == "layout-5" and read_record(tmp_path)["layout-5"] == 7
    for damaged in (b"{not json", b"[1, 2]", b"\xff\xfe", b'{"a": true, "b": -1, "c": "3"}'):
        record.write_bytes(damaged)
        assert read_record(tmp_path) == {}


# ---- fonts and sandbox ------------------------------------------------------------------------------

def test_missing_harfbuzz_subset_warns_once(hostile, default):
    from briefgen.render.pdf import fast_font_subsetting

    built, _ = hostile
    assert len([line for line in built.stderr.splitlines() if "libharfbuzz-subset0" in line]) == 1
    assert "apt-get install libharfbuzz-subset0" in built.stderr
    assert ("libharfbuzz-subset0" in default.stderr) == (not fast_font_subsetting())


def test_nothing_from_a_source_is_fetched(hostile):
    built, asked = hostile
    assert all(allowed and url.startswith(BUILTIN_TEMPLATES.resolve().as_uri()) for url, allowed in asked), asked
    data = built.pdf.read_bytes()
    assert b"root:" not in data
    for page in built.reader.pages:
        objects = page["/Resources"].get("/XObject", {})
        assert not [x for x in objects.values() if x.get_object().get("/Subtype") == "/Image"]
        for annot in page.get("/Annots", []) or []:
            uri = str(annot.get_object().get("/A", {}).get("/URI", ""))
            assert not uri.startswith("file:"), uri
    text = " ".join(" ".join(built.pages).split())
    assert '<img src="file:///etc/passwd"> sits in the text' in text
