"""The page limit (SPEC §7): what must fit layout.max_pages, layout.fit's steps, and the
PDF and the DOCX (as LibreOffice lays it out) agreeing on the page count.

Real files throughout: the default brief and every fixture built as PDF and DOCX, the
DOCX turned into PDF by LibreOffice (tests/office.py, all in one soffice run).
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import office
from briefgen.cli import main
from briefgen.errors import BriefError
from briefgen.pipeline import BuildOptions, build
from briefgen.render import common
from briefgen.workspace import read_brief

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures"
WORKSPACES = {"default": REPO, **{path.name: path for path in sorted(FIXTURES.iterdir())
                                  if (path / "brief.yaml").is_file()}}


def copy_workspace(source: Path, target: Path) -> Path:
    target.mkdir(parents=True)
    shutil.copy(source / "brief.yaml", target / "brief.yaml")
    shutil.copytree(source / "sources", target / "sources")
    if (source / "templates").is_dir() and source != REPO:
        shutil.copytree(source / "templates", target / "templates")
    return target


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, dict]:
    """Each workspace built (pdf, docx, json) through the command line, and every DOCX
    laid out by LibreOffice."""
    results = {}
    for name, source in WORKSPACES.items():
        root = copy_workspace(source, tmp_path_factory.mktemp(name) / "ws")
        result = CliRunner().invoke(main, ["-C", str(root), "build", "-f", "pdf", "-f", "docx", "-f", "json"])
        assert result.exit_code == 0, result.output
        [pdf] = (root / "out").glob("*.pdf")
        [docx] = (root / "out").glob("*.docx")
        [model] = (root / "out").glob("*.json")
        results[name] = {"root": root, "pdf": pdf, "docx": docx, "json": model,
                         "stdout": result.stdout, "stderr": result.stderr}
    lo_pdfs = office.docx_to_pdf(*(r["docx"] for r in results.values()),
                                 outdir=tmp_path_factory.mktemp("lo"))
    for result, lo_pdf in zip(results.values(), lo_pdfs):
        result["docx-pdf"] = lo_pdf
    return results


@pytest.mark.parametrize("name", list(WORKSPACES))
def test_pdf_and_docx_as_libreoffice_lays_it_out_have_the_same_page_count(built, name):
    result = built[name]
    assert office.page_count(result["pdf"]) == office.page_count(result["docx-pdf"])


def _page_texts(pdf: Path) -> list[str]:
    from pypdf import PdfReader

    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(str(pdf)).pages]


def test_the_default_brief_fits_two_pages_with_every_item_and_citation(built):
    """`make demo`: two pages in all, sources included, with no warning and no fitting
    step: every item, and every citation with its quote, on those two pages."""
    result = built["default"]
    assert "warning" not in result["stderr"], result["stderr"]
    assert "fitted" not in result["stdout"]
    model = json.loads(result["json"].read_text(encoding="utf-8"))
    cited = [item for section in ("key_points", "participants", "agenda", "challenges", "open_questions")
             for item in model[section] if item["citations"]]
    for kind in ("pdf", "docx-pdf"):
        pages = _page_texts(result[kind])
        assert len(pages) == 2, kind
        text = " ".join(pages)
        for point in model["key_points"] + model["challenges"] + model["open_questions"]:
            assert " ".join(point["text"].split())[:40] in text, (kind, point["text"])
        for person in model["participants"]:
            assert person["name"] in text, (kind, person["name"])
        assert "SOURCE NOTES" not in text
        for item in cited:
            for citation in item["citations"]:
                assert f"line {citation['line']}" in text, (kind, citation)


def _house_style(root: Path, body_size: float) -> Path:
    """A workspace theme whose body text is `body_size` points (many offices print 12 pt)."""
    theme = (REPO / "templates" / "theme.yaml").read_text(encoding="utf-8")
    assert "\n  body: 11\n" in theme
    (root / "templates").mkdir(exist_ok=True)
    (root / "templates" / "theme.yaml").write_text(theme.replace("\n  body: 11\n", f"\n  body: {body_size}\n"),
                                                  encoding="utf-8")
    return root


def test_what_runs_past_the_limit_is_named(tmp_path):
    """Without layout.fit, a memo over the limit is a warning naming what is on the page past it."""
    root = _house_style(copy_workspace(REPO, tmp_path / "ws"), 12)
    brief = root / "brief.yaml"
    brief.write_text(brief.read_text(encoding="utf-8").replace("fit: true", "fit: false"), encoding="utf-8")
    result = CliRunner().invoke(main, ["-C", str(root), "build", "-f", "pdf"])
    assert result.exit_code == 0, result.output
    assert re.search(r"the memo runs to 3 pages, more than layout.max_pages \(2\), not counting its sources: "
                     r"page 3 holds (the last \d+ |the )\w", result.stderr), result.stderr
    assert "set `fit: true` under layout" in result.stderr


def test_the_fixtures_fit_without_a_fitting_step(built):
    for name in ("handmade", "scripts", "action-memo"):
        assert "fitted" not in built[name]["stdout"]
        assert "warning: the memo runs" not in built[name]["stderr"]


def test_compact_citations_move_the_quotes_to_source_notes_and_check_reports_it(tmp_path):
    """In 12 pt the default brief needs compact citations: "[1] l. 9" footnotes in the
    two body pages, the quotes on a Source Notes page after them, whole in the JSON."""
    root = _house_style(copy_workspace(REPO, tmp_path / "ws"), 12)
    result = CliRunner().invoke(main, ["-C", str(root), "build", "-f", "pdf", "-f", "docx", "-f", "json"])
    assert result.exit_code == 0, result.output
    assert "fitted to 2 pages with compact citations" in result.stdout
    assert "warning" not in result.stderr, result.stderr
    model = json.loads(next((root / "out").glob("*.json")).read_text(encoding="utf-8"))
    cited = [item for section in ("key_points", "participants", "agenda", "challenges", "open_questions")
             for item in model[section] if item["citations"]]
    [docx_pdf] = office.docx_to_pdf(next((root / "out").glob("*.docx")), outdir=tmp_path / "lo")
    pdf = next((root / "out").glob("*.pdf"))
    assert office.page_count(pdf) == office.page_count(docx_pdf)
    for kind in (pdf, docx_pdf):
        pages = _page_texts(kind)
        body, notes = " ".join(pages[:2]), " ".join(pages[2:])
        assert "SOURCE NOTES" not in body and "SOURCE NOTES" in notes
        for item in cited:
            for citation in item["citations"]:
                assert f"l. {citation['line']}" in body
        assert re.search(rf"\b{len(cited)}\. \[\d\] l\. \d+", notes), kind
    assert all(citation["quote"] for item in cited for citation in item["citations"])
    checked = CliRunner().invoke(main, ["-C", str(root), "check"])
    assert checked.exit_code == 0, checked.output
    assert re.search(r"2 pages \(from the last PDF build; \d+ with the sources; fitted with compact citations\)",
                     checked.stdout), checked.stdout


def test_fitting_goes_on_to_tighter_steps_and_warns_when_nothing_fits(tmp_path):
    root = copy_workspace(REPO, tmp_path / "ws")
    brief = root / "brief.yaml"
    brief.write_text(brief.read_text(encoding="utf-8").replace("max_pages: 2", "max_pages: 1"), encoding="utf-8")
    result = build(root, BuildOptions(formats=("pdf",)))  # the Python API: no click, nothing printed
    assert result.notes == []
    [warning] = [w for w in result.warnings if "runs to" in w.message]
    assert "even with compact citations, tighter spacing and 10 pt body text: page 2 holds" in warning.message
    assert result.pages.renders == 1 + len(common.fit_steps(read_brief_summary(root), 11))
    assert result.pages.body_pages >= 2


def read_brief_summary(root: Path):
    from briefgen.pipeline import load

    return load(root).summary


def test_a_tight_limit_is_met_by_a_later_step(tmp_path):
    """In 14 pt compact citations are not enough: fitting goes on to the next step, stops
    at the first that fits, and says which."""
    root = _house_style(copy_workspace(REPO, tmp_path / "ws"), 14)
    result = build(root, BuildOptions(formats=("pdf", "docx")))  # the Python API: no click, nothing printed
    assert result.pages.fit == "compact citations and tighter spacing" and result.pages.renders == 3
    assert result.pages.body_pages <= 2 < result.pages.pages
    assert result.notes == ["fitted to 2 pages with compact citations and tighter spacing"]


def test_fit_steps_in_order():
    from briefgen.model import Citation, Layout, Memo, Point, Source, Summary

    summary = Summary(Memo(title="t"), Layout(fit=True), key_points=[
        Point("p", citations=[Citation("a", 3, 1, "q")])], sources=[Source(id="a", number=1, title="A")])
    steps = [step.describe() for step in common.fit_steps(summary, 11)]
    assert steps == ["compact citations", "compact citations and tighter spacing",
                     "compact citations, tighter spacing and 10.5 pt body text",
                     "compact citations, tighter spacing and 10 pt body text"]
    summary.layout.citations = "endnotes"  # nothing to make compact
    assert common.fit_steps(summary, 11)[0].describe() == "tighter spacing"
    assert common.compact_note_text(summary.key_points[0].citations, summary) == "[1] l. 3"


@pytest.mark.parametrize("value", ['"yes"', "2", "[true]", "maybe"])
def test_layout_fit_must_be_true_or_false(tmp_path, value):
    path = tmp_path / "brief.yaml"
    path.write_text(f"memo:\n  title: x\nlayout:\n  fit: {value}\n", encoding="utf-8")
    with pytest.raises(BriefError) as raised:
        read_brief(path)
    assert (raised.value.line, raised.value.column) == (4, 8)
    assert "layout.fit must be true or false" in raised.value.message


def test_layout_fit_reads_yaml_booleans(tmp_path):
    path = tmp_path / "brief.yaml"
    for text, value in (("true", True), ("false", False), ("", False)):
        path.write_text(f"memo:\n  title: x\nlayout:\n  fit: {text}\n", encoding="utf-8")
        assert read_brief(path).layout.fit is value


def test_a_docx_after_a_pdf_build_takes_its_layout_without_weasyprint(tmp_path):
    """A DOCX-only build with layout.fit takes the step the last PDF build of the same
    memo chose (page_count's record) instead of laying the memo out again."""
    import subprocess
    import sys
    import zipfile

    root = _house_style(copy_workspace(REPO, tmp_path / "ws"), 12)
    assert "compact citations" in CliRunner().invoke(main, ["-C", str(root), "build", "-f", "pdf"]).stdout
    result = subprocess.run([sys.executable, "-X", "importtime", "-m", "briefgen", "-C", str(root),
                             "build", "-f", "docx"], capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 0, result.stderr
    assert not re.search(r"\|\s*weasyprint\b", result.stderr)
    assert "laid out with compact citations, as the last PDF build chose" in result.stdout
    with zipfile.ZipFile(next((root / "out").glob("*.docx"))) as package:
        assert re.search(r"\[1\] l\. \d+", package.read("word/footnotes.xml").decode("utf-8"))
