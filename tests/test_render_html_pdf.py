"""The memo as HTML and as PDF: content, order, escaping, page furniture, sandboxing.

The PDF is rendered once per module (WeasyPrint is slow) and read back with pypdf
and pdftotext.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from briefgen.model import (AgendaItem, Citation, Layout, Memo, Participant, Point, Source,
                            Summary, When)
from briefgen.render import common
from briefgen.render.common import link_target
from briefgen.render.html import css_string, render_html
from briefgen.theme import Templates

from babel_forms import long_date

# Dates as Babel writes them (tests/babel_forms.py): never spelled out, CLDR changes them.
FEB_10, FEB_11 = long_date(dt.date(2025, 2, 10)), long_date(dt.date(2025, 2, 11))

pypdf = pytest.importorskip("pypdf")

LONG_URL = ("https://www.example.org/news/world/europe/2025/02/11/"
            "us-officials-head-to-europe-for-critical-talks-on-ukraine-peace-efforts-"
            "analysis-and-reactions-from-european-capitals?utm_source=briefgen&utm_medium=print")


def cite(source: str, line: int, quote: str) -> list[Citation]:
    return [Citation(source, line, 1, quote)]


def full_summary(**layout) -> Summary:
    """A memo with every section, written by hand (no parser involved)."""
    memo = Memo(
        title="US–European talks on ending the war in Ukraine",
        subject="US–European talks on ending the war in Ukraine: positions ahead of the Munich meetings",
        to="The Secretary",
        through="P — Under Secretary for Political Affairs",
        from_="Policy Planning Staff",
        date=dt.date(2025, 2, 11),
        classification="UNCLASSIFIED//FOR OFFICIAL USE ONLY",
        prepared_by="J. Doe, EUR/CE, x4-1234",
        lang="en",
    )
    sources = [
        Source("ap-talks", 1, "US officials head to Europe for critical talks on Ukraine peace efforts",
               outlet="Associated Press", author="Jane Reporter", date=dt.date(2025, 2, 10), url=LONG_URL),
        Source("reuters-munich", 2, "Allies weigh security guarantees before Munich?",
               outlet="Reuters", date=dt.date(2025, 2, 11), url="https://example.com/munich"),
    ]
    return Summary(
        memo=memo,
        layout=Layout(**layout),
        summary=("**Bottom line:** Washington wants Europe to carry *more* of the cost of "
                 "supporting Ukraine; see `tariffs` and [the readout](https://example.com/readout)."),
        key_points=[
            Point("Vice President Vance and Secretary Rubio lead the US delegation to Munich."),
            Point("Waltz said economic pressure — tariffs and sanctions — could push Moscow to talk.",
                  citations=cite("ap-talks", 14, "deploy economic measures such as tariffs and sanctions")),
            Point("A source wrote <b>raw</b> and <script>alert(1)</script> into the text.",
                  citations=cite("reuters-munich", 3, "<b>raw</b> quote")),
            Point("The article cites file:///etc/passwd and http://127.0.0.1:9/x as links.",
                  citations=cite("ap-talks", 20, "file:///etc/passwd") + cite("reuters-munich", 8, "http://127.0.0.1:9/x")),
        ],
        participants=[
            Participant("JD Vance", "Vice President", "United States",
                        citations=cite("ap-talks", 5, "Vice President JD Vance")),
            Participant("Marco Rubio", "Secretary of State", "United States"),
            Participant("Volodymyr Zelensky", "President", "Ukraine",
                        citations=cite("reuters-munich", 4, "Zelensky")),
            Participant("Keith Kellogg", "Special Envoy for Ukraine and Russia"),
        ],
        agenda=[
            AgendaItem("Munich Security Conference", When("2025-02-14 to 2025-02-16", dt.date(2025, 2, 14),
                       dt.date(2025, 2, 16)), "Munich", ["JD Vance", "Marco Rubio"],
                       citations=cite("ap-talks", 9, "Munich Security Conference")),
            AgendaItem("Meeting with President Zelensky", When("2025-02-14", dt.date(2025, 2, 14),
                       dt.date(2025, 2, 14)), "Munich", ["JD Vance", "Volodymyr Zelensky"]),
            AgendaItem("Kellogg visits Kyiv", When("later this month"), "Kyiv", ["Keith Kellogg"],
                       citations=cite("reuters-munich", 12, "later this month")),
        ],
        challenges=[
            Point("European allies doubt a deal struck without them would hold.",
                  citations=cite("reuters-munich", 15, "doubt a deal struck without them")),
        ],
        open_questions=[
            Point("Will the Kremlin confirm the substance of the Trump–Putin call?"),
        ],
        sources=sources,
    )


ITEM_TEXTS = [
    "Vance and Secretary Rubio lead the US delegation",
    "economic pressure",
    "<b>raw</b>",
    "<script>alert(1)</script>",
    "file:///etc/passwd",
    "http://127.0.0.1:9/x",
    "JD Vance", "Marco Rubio", "Volodymyr Zelensky", "Keith Kellogg",
    "Munich Security Conference", "Meeting with President Zelensky", "Kellogg visits Kyiv",
    "European allies doubt a deal",
    "Will the Kremlin confirm",
    "Bottom line:",
]


@pytest.fixture(scope="module")
def templates() -> Templates:
    return Templates.for_workspace(None)


@pytest.fixture(scope="module")
def sample() -> Summary:
    return full_summary()


@pytest.fixture(scope="module")
def html(sample, templates) -> str:
    return render_html(sample, templates)


@pytest.fixture(scope="module")
def pdf(html, templates) -> bytes:
    from briefgen.render.pdf import render_pdf

    return render_pdf(html, templates).data


@pytest.fixture(scope="module")
def pdf_reader(pdf):
    return pypdf.PdfReader(io.BytesIO(pdf))


def squash(text: str) -> str:
    """PDF text as one line: hyphenation and line breaks undone, spaces collapsed."""
    text = re.sub(r"-\n", "", text)  # soft hyphens at line ends
    return " ".join(text.split())


@pytest.fixture(scope="module")
def pdf_pages(pdf, tmp_path_factory) -> list[str]:
    """Each page's text, from pdftotext when poppler is installed, else pypdf."""
    if shutil.which("pdftotext"):
        path = tmp_path_factory.mktemp("pdf") / "memo.pdf"
        path.write_bytes(pdf)
        out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                             text=True, check=True).stdout
        return out.split("\f")[:-1] if out.endswith("\f") else out.split("\f")
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]


# ---- HTML -------------------------------------------------------------------------------------

def test_html_is_self_contained(html):
    assert "<link" not in html.lower()
    assert not re.search(r"\bsrc\s*=", html, re.I)
    assert not re.search(r"url\(", html, re.I)
    assert "@import" not in html
    assert "<style>" in html
    assert "<script" not in html  # the source's <script> is text, not an element


def unwrap(html: str) -> str:
    """The HTML without the spans that keep literal tags and addresses in one piece."""
    return re.sub(r'<span class="literal-(?:tag|url)">([^<]*)</span>', r"\1", html)


def test_html_escapes_source_text(html):
    assert "&lt;b&gt;raw&lt;/b&gt;" in unwrap(html)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in unwrap(html)
    assert "<b>raw</b>" not in html
    assert '<span class="literal-tag">&lt;script&gt;</span>alert(1)<span class="literal-tag">&lt;/script&gt;</span>' in html
    assert '<span class="literal-url">file:///etc/passwd</span>' in html
    assert '<span class="literal-url">http://127.0.0.1:9/x</span> as links.' in html


def test_typeset_filter():
    from briefgen.render.html import typeset

    assert typeset("a <b>x</b> & <not a tag") == (
        'a <span class="literal-tag">&lt;b&gt;</span>x<span class="literal-tag">&lt;/b&gt;</span> &amp; &lt;not a tag')
    assert typeset("see https://x.org/a?b=1&c=2.") == (
        'see <span class="literal-url">https://x.org/a?b=1&amp;c=2</span>.')
    assert typeset('<a href="javascript:x">') == '<span class="literal-tag">&lt;a href=&#34;javascript:x&#34;&gt;</span>'


def test_autoescape_is_on_for_the_memo_template(templates):
    from briefgen.render.html import environment

    env = environment(templates)
    template = env.get_template("memo.html.j2")
    assert template.environment.autoescape("memo.html.j2") is True
    assert env.from_string("{{ x }}").render(x="<i>") == "&lt;i&gt;"


def test_html_head_metadata(html):
    assert '<html lang="en">' in html
    assert "<title>US–European talks on ending the war in Ukraine</title>" in html
    assert '<meta name="author" content="Policy Planning Staff">' in html
    assert '<meta name="description" content="US–European talks on ending the war in Ukraine: positions' in html
    assert '<meta name="dcterms.created" content="2025-02-11">' in html
    assert re.search(r'<meta name="keywords" content="Briefing Memorandum, UNCLASSIFIED//FOR OFFICIAL USE ONLY, '
                     r'United States, Ukraine">', html)


def test_html_sections_in_order(html, sample):
    titles = [common.SECTION_TITLES[name] for name in common.sections(sample)]
    assert titles == ["Summary", "Key Points", "Participants", "Agenda", "Challenges",
                      "Open Questions", "Sources"]
    h2 = re.findall(r"<h2[^>]*>([^<]*)</h2>", html)
    assert h2 == titles
    assert html.count("<h1") == 1


def test_html_header_block(html):
    labels = re.findall(r'<th scope="row">([A-Z]+):</th><td>([^<]*)</td>', html)
    assert labels == [("DATE", FEB_11), ("TO", "The Secretary"),
                      ("THROUGH", "P — Under Secretary for Political Affairs"),
                      ("FROM", "Policy Planning Staff"),
                      ("SUBJECT", "US–European talks on ending the war in Ukraine: positions ahead of the Munich meetings")]


def test_html_inline_markdown(html):
    assert "<strong>Bottom line:</strong>" in html
    assert "<em>more</em>" in html
    assert "<code>tariffs</code>" in html
    assert '<a href="https://example.com/readout">the readout</a>' in html


def test_html_participants_grouped(html):
    groups = re.findall(r'<tr class="group"><th colspan="2" scope="colgroup">([^<]*)</th>', html)
    assert groups == ["United States", "Ukraine", common.NO_ORG]
    # the group row names the organisation: no Organisation column repeats it (issue #11)
    assert '<th scope="col">Name</th><th scope="col">Role</th></tr>' in html
    assert "Organisation" not in html


def test_html_agenda_dates(html):
    # a date is set on one line (class "date"); free text wraps (issue #11: widths from content)
    assert f'<td class="when date">{common.format_when(full_summary().agenda[0].when, "en")}</td>' in html
    assert f'<td class="when date">{long_date(dt.date(2025, 2, 14))}</td>' in html
    assert '<td class="when">later this month</td>' in html


def test_html_footnotes_one_per_cited_item(html, sample):
    cited = [item for item in common.cited_items(sample) if item.citations]
    notes = re.findall(r'<span class="footnote">([^<]*)</span>', unwrap(html))
    assert len(notes) == len(cited) == 8
    assert notes[0] == "Source [1], line 14: “deploy economic measures such as tariffs and sanctions”."


def test_html_endnotes(templates):
    html = render_html(full_summary(citations="endnotes"), templates)
    assert '<span class="footnote">' not in html
    refs = re.findall(r'<sup class="noteref"><a href="#note-(\d+)" id="noteref-\1">\1</a></sup>', html)
    assert refs == [str(n) for n in range(1, 9)]
    assert re.findall(r"<h2[^>]*>([^<]*)</h2>", html)[-2:] == ["Notes", "Sources"]
    assert len(re.findall(r'<li id="note-\d+">', html)) == 8


def test_html_no_citations(templates):
    html = render_html(full_summary(citations="none"), templates)
    assert '<span class="footnote">' not in html and '<sup class="noteref">' not in html
    assert ">Notes</h2>" not in html


def test_html_empty_sections_left_out(templates):
    bare = Summary(memo=Memo(title="Only a title", date=dt.date(2025, 1, 2)))
    html = render_html(bare, templates)
    assert "<h2" not in html
    assert 'class="banner"' not in html
    assert "Prepared by" not in html
    assert '<meta name="author"' not in html
    # page 1 keeps its full top margin when there is no banner
    first_page = re.search(r"@page :first \{(.*?)\n\}", html, re.S).group(1)
    assert "margin-top" not in first_page
    assert "margin-top" in re.search(r"@page :first \{(.*?)\n\}", render_html(full_summary(), templates),
                                      re.S).group(1)
    some = replace(full_summary(), key_points=[], agenda=[], summary=" ")
    h2 = re.findall(r"<h2[^>]*>([^<]*)</h2>", render_html(some, templates))
    assert h2 == ["Participants", "Challenges", "Open Questions", "Sources"]


def test_html_sources_and_prepared_by(html):
    assert ('<span class="num">[1] </span>US officials head to Europe for critical talks on Ukraine peace '
            f'efforts. Associated Press. Jane Reporter. {FEB_10}.') in html
    assert f'Allies weigh security guarantees before Munich? Reuters. {FEB_11}.' in html
    assert f'<a class="url" href="{LONG_URL.replace("&", "&amp;")}">' in html
    assert html.index("Prepared by: J. Doe, EUR/CE, x4-1234") > html.index("[2]")


def test_unsafe_links_are_not_links(templates):
    summary = full_summary()
    summary.sources[0].url = "javascript:alert(1)"
    summary.summary = "[click](javascript:alert(1)) and [file](file:///etc/passwd)"
    html = render_html(summary, templates)
    assert 'href="javascript' not in html and 'href="file' not in html
    assert '<span class="url">javascript:alert(1)</span>' in html
    assert link_target("https://x.org/a%20b") == "https://x.org/a%20b"
    assert link_target("mailto:a@b.org") == "mailto:a@b.org"
    for bad in ("data:text/html,x", "file:///etc/passwd", "ftp://x", "java\nscript:x", "https://x.org/a b", ""):
        assert link_target(bad) == ""


def test_css_string_cannot_break_out():
    assert css_string('a"b\\c') == '"a\\22 b\\5c c"'
    assert "</style" not in css_string("</style><script>")
    assert "\n" not in css_string("a\nb")


def test_workspace_template_overrides(tmp_path, sample):
    own = tmp_path / "templates"
    own.mkdir()
    (own / "memo.html.j2").write_text("<p>{{ memo.title }} {{ SECTION_TITLES.summary }}</p>", encoding="utf-8")
    templates = Templates.for_workspace(tmp_path)
    sample = replace(sample, memo=replace(sample.memo, title="<i>T</i>"))
    assert render_html(sample, templates) == "<p>&lt;i&gt;T&lt;/i&gt; Summary</p>"


def test_html_does_not_import_weasyprint():
    code = ("import sys; sys.path.insert(0, 'tests'); "  # where pytest finds babel_forms
            "import tests.test_render_html_pdf as t; from briefgen.render.html import render_html; "
            "from briefgen.theme import Templates; render_html(t.full_summary(), Templates.for_workspace(None)); "
            "import briefgen.render.pdf; assert 'weasyprint' not in sys.modules, 'imported'")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).parent.parent)


# ---- PDF ---------------------------------------------------------------------------------------

def test_pdf_is_a_pdf(pdf, pdf_reader):
    assert pdf.startswith(b"%PDF-")
    assert 1 <= len(pdf_reader.pages) <= 4


def test_pdf_text_has_every_item(pdf_pages):
    text = squash("\n".join(pdf_pages))
    for item in ITEM_TEXTS:
        assert item in text, item
    assert "Prepared by: J. Doe, EUR/CE, x4-1234" in text
    assert FEB_11 in text


def test_pdf_raw_html_is_literal_text(pdf_pages):
    text = squash("\n".join(pdf_pages))
    assert "wrote <b>raw</b> and <script>alert(1)</script> into" in text


def test_pdf_banner_and_page_numbers_on_every_page(pdf_pages):
    total = len(pdf_pages)
    for number, page in enumerate(pdf_pages, start=1):
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        assert lines[0] == "UNCLASSIFIED//FOR OFFICIAL USE ONLY", (number, lines[:2])
        assert lines[-1] == "UNCLASSIFIED//FOR OFFICIAL USE ONLY", (number, lines[-1])
        assert lines[-2] == f"Page {number} of {total}", (number, lines[-2])


def test_pdf_running_header_from_page_two(pdf_pages):
    assert "Munich meetings" not in pdf_pages[0].splitlines()[1]
    for page in pdf_pages[1:]:
        head = " ".join(page.splitlines()[:3])
        assert "US–European talks on ending the war in Ukraine" in head
        assert FEB_11 in head


def test_pdf_footnotes(pdf_pages):
    text = squash("\n".join(pdf_pages))
    assert "Source [1], line 14: “deploy economic measures such as tariffs and sanctions”." in text
    assert "Source [2], line 15: “doubt a deal struck without them”." in text


def test_pdf_metadata(pdf_reader):
    meta = pdf_reader.metadata
    assert meta.title == "US–European talks on ending the war in Ukraine"
    assert meta.author == "Policy Planning Staff"
    assert meta.subject.startswith("US–European talks on ending the war in Ukraine: positions")
    assert "United States" in meta["/Keywords"]
    assert meta["/CreationDate"].startswith("D:20250211")
    root = pdf_reader.trailer["/Root"]
    assert root["/Lang"] == "en"
    assert "/StructTreeRoot" in root  # tagged
    assert root["/MarkInfo"]["/Marked"]


def test_pdf_bookmarks(pdf_reader):
    def titles(outline):
        for entry in outline:
            if isinstance(entry, list):
                yield from titles(entry)
            else:
                yield entry.title
    found = list(titles(pdf_reader.outline))
    assert found[0] == "Briefing Memorandum"
    assert found[1:] == ["Summary", "Key Points", "Participants", "Agenda", "Challenges",
                         "Open Questions", "Sources"]


def test_pdf_fonts_embedded(pdf_reader):
    fonts = set()
    for page in pdf_reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"] \
                if "/DescendantFonts" in font else font["/FontDescriptor"]
            assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
            fonts.add(str(font["/BaseFont"]))
    assert any("Liberation-Serif" in name for name in fonts), fonts


def test_pdf_letter_size(pdf_reader):
    for page in pdf_reader.pages:
        assert [round(float(v)) for v in page.mediabox] == [0, 0, 612, 792]


def test_pdf_links(pdf_reader):
    uris = []
    for page in pdf_reader.pages:
        for annot in page.get("/Annots", []) or []:
            action = annot.get_object().get("/A")
            if action and "/URI" in action:
                uris.append(str(action["/URI"]))
    assert LONG_URL in uris
    assert "https://example.com/munich" in uris
    assert not [uri for uri in uris if uri.startswith(("file:", "http://127."))]


def test_pdf_a4_and_sandbox(templates, tmp_path, caplog):
    """One more (small) render: A4, with an <img> and a stylesheet that point outside."""
    import logging

    from briefgen.render.pdf import render_pdf

    caplog.set_level(logging.WARNING, logger="weasyprint")

    secret = tmp_path / "secret.png"
    secret.write_bytes(b"not an image")
    summary = full_summary(paper="a4")
    summary.key_points, summary.participants, summary.agenda = summary.key_points[:1], [], []
    html = render_html(summary, templates)
    html = html.replace("<body>", f'<body><img src="file:///etc/passwd"><img src="{secret.as_uri()}">'
                        '<img src="http://127.0.0.1:9/x.png"><img src="data:image/png;base64,AAAA">'
                        '<link rel="stylesheet" href="http://127.0.0.1:9/x.css">'
                        '<link rel="attachment" href="file:///etc/passwd">', 1)
    data = render_pdf(html, templates).data
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert [round(float(v)) for v in reader.pages[0].mediabox] == [0, 0, 595, 842]
    assert b"root:" not in data and b"not an image" not in data
    refused = [r.getMessage() for r in caplog.records if "refused to fetch" in r.getMessage()]
    for url in ("file:///etc/passwd", secret.as_uri(), "http://127.0.0.1:9/x.png", "data:image/png", "x.css"):
        assert any(url in message for message in refused), (url, refused)
    assert "/EmbeddedFiles" not in str(reader.trailer["/Root"].get("/Names", {}))
    for page in reader.pages:
        assert "/XObject" not in page["/Resources"] or not [
            x for x in page["/Resources"]["/XObject"].values() if x.get_object().get("/Subtype") == "/Image"]


def test_fetcher_refuses_everything_outside_templates(templates, tmp_path):
    from briefgen.render.pdf import FetchRefused, _sandboxed_fetcher, allowed_file, base_url

    theme = templates.find("theme.yaml")
    assert allowed_file(theme.resolve().as_uri(), templates.dirs) == theme.resolve()
    outside = tmp_path / "x.css"
    outside.write_text("p{}")
    sneaky = templates.dirs[0].resolve().as_uri() + "/../../../../../../etc/passwd"
    link = tmp_path / "link.yaml"
    link.symlink_to(Path("/etc/passwd"))
    for url in ("file:///etc/passwd", outside.as_uri(), sneaky, "http://127.0.0.1:9/x",
                "https://example.com/a.css", "data:text/css,p{}", "ftp://x/y", "file://otherhost/etc/passwd",
                "javascript:alert(1)", templates.dirs[0].resolve().as_uri() + "/missing.css"):
        with pytest.raises(FetchRefused):
            allowed_file(url, templates.dirs)
    with pytest.raises(FetchRefused):
        allowed_file(link.as_uri(), (tmp_path,))  # the link resolves outside
    assert base_url(templates).startswith("file:///") and base_url(templates).endswith("/")

    fetcher = _sandboxed_fetcher(templates)
    response = fetcher.fetch(theme.resolve().as_uri())
    assert b"fonts:" in response.read()
    with pytest.raises(FetchRefused):
        fetcher.fetch("http://127.0.0.1:9/x")
    with pytest.raises(FetchRefused):
        fetcher("file:///etc/passwd")


def test_missing_pango_is_a_brief_error(monkeypatch):
    import builtins

    from briefgen.errors import BriefError
    from briefgen.render import pdf as pdf_module

    real_import = builtins.__import__

    def fake_import(name, *args, **kwargs):
        if name == "weasyprint":
            raise OSError("cannot load library 'libpango-1.0-0'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", fake_import)
    with pytest.raises(BriefError) as err:
        pdf_module.render_pdf("<p>x</p>", Templates.for_workspace(None))
    assert "Pango" in err.value.message and "apt-get install" in err.value.hint


def test_pdf_many_footnotes_stay_with_their_pages(templates):
    """Many cited rows: the notes fill each page's foot instead of trickling one per page."""
    from briefgen.render.pdf import render_pdf

    # (This layout, A4 with two-line rows, once made WeasyPrint 70 push the notes one per
    # page, 39 pages in all, when the @footnote area had both a border and padding.)
    summary = full_summary(paper="a4")
    summary.participants = [
        Participant(f"Person Number {i} With A Long Name", "Deputy Assistant Secretary for Something Quite Long",
                    f"Org {i % 3}", citations=cite("ap-talks", i + 1, f"person {i}")) for i in range(30)]
    data = render_pdf(render_html(summary, templates), templates).data
    reader = pypdf.PdfReader(io.BytesIO(data))
    pages = [squash(page.extract_text()) for page in reader.pages]
    assert len(pages) <= 5
    total = len([item for item in common.cited_items(summary) if item.citations])
    assert total == 3 + 30 + 2 + 1  # key points, participants, agenda, challenges
    found = [n for n in range(1, total + 1) if any(f"{n}. Source [" in page for page in pages)]
    assert found == list(range(1, total + 1))


def test_an_edited_workspace_template_is_read_again(tmp_path):
    """The Jinja environment is kept for the process (so `watch` and layout.fit do not
    compile the templates again each time), but an edited template is read again."""
    folder = tmp_path / "templates"
    folder.mkdir()
    builtin = Path(common.__file__).resolve().parent.parent / "templates" / "memo.html.j2"
    if not builtin.is_file():  # the repository layout: templates/ beside briefgen/
        builtin = Path(__file__).resolve().parent.parent / "templates" / "memo.html.j2"
    template = folder / "memo.html.j2"
    template.write_text(builtin.read_text(encoding="utf-8"), encoding="utf-8")
    templates = Templates.for_workspace(tmp_path)
    summary = full_summary()
    assert "EDITED-MARKER" not in render_html(summary, templates)
    template.write_text(builtin.read_text(encoding="utf-8").replace("</body>", "EDITED-MARKER</body>"),
                        encoding="utf-8")
    later = template.stat().st_mtime_ns + 2_000_000_000  # as an editor saving a second or two later
    os.utime(template, ns=(later, later))
    assert "EDITED-MARKER" in render_html(summary, templates)
