"""`briefgen import`: a saved web page, a Word document with comments, a PDF with
highlights and a Hypothesis export, each made with the real tools, imported through the
command line and built into a memo in which every marked passage shows with its kind
and attributes. Then: importing twice, --force, marks that find no place, hostile pages,
and the anchoring rules one by one."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from briefgen.cli import main
from briefgen.importers.anchor import ADDED, PRESENT, UNANCHORED, place_marks
from briefgen.importers.marks import Mark, colour_name, parse_kind_map, read_comment
from briefgen.importers.write import escaped
from briefgen.workspace import read_source

from test_end_to_end import docx_text, pdf_text, squeeze  # how the end-to-end tests read a memo back

BRIEF = 'memo:\n  title: "Talks on Ukraine"\n  date: 2025-02-11\n'
PAGE_URL = "https://example.org/news/us-officials-europe"

PAGE = f"""<!doctype html>
<html lang="en"><head>
<title>US Officials Head to Europe | Example Wire</title>
<meta name="author" content="Jane Reporter">
<meta property="og:title" content="US Officials Head to Europe for Critical Talks">
<meta property="og:site_name" content="Example Wire">
<meta property="og:url" content="{PAGE_URL}">
<script type="application/ld+json">
{{"@context": "https://schema.org", "@type": "NewsArticle",
  "headline": "US Officials Head to Europe for Critical Talks", "datePublished": "2025-02-10T08:00:00Z",
  "author": {{"@type": "Person", "name": "Jane Reporter"}},
  "publisher": {{"@type": "Organization", "name": "Example Wire"}}}}
</script>
<script>document.write("<p>INJECTED</p>"); var bait = "[bait]{{.key}}";</script>
<style>p {{ color: red }}</style>
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li><li>Subscribe now</li></ul></nav>
<div class="ad">ADVERTISEMENT: cheap widgets, today only</div>
<article>
<h1>US Officials Head to Europe for Critical Talks</h1>
<p>Amid continuing tensions, the US administration is set for high-level meetings in Europe aimed at
steering efforts towards a peaceful resolution. Nearly three years after the invasion, top-level
discussions are planned this week with European counterparts.</p>
<p>National Security Advisor Mike Waltz said the “administration is ready” to use tariffs and sanctions
to press Moscow into negotiations. Asked about {{the plan}} [in brackets], he wrote
&lt;script&gt;alert(1)&lt;/script&gt; on a napkin, a detail that is only text.</p>
<p>It is not clear whether European allies will commit troops to guarantee a settlement, and the
Kremlin has not confirmed the call.</p>
</article>
<aside>Related: ten gadgets you need</aside>
<footer>© Example Wire 2025 · Privacy · Cookies</footer>
</body></html>
"""


def hypothesis_export(rows: list[dict]) -> str:
    """The client's export format, each row an annotation as the API gives it."""
    return json.dumps({"export_date": "2025-02-12T10:00:00.000Z", "export_userid": "acct:analyst@hypothes.is",
                       "client_version": "1.1500.0", "annotations": rows}, ensure_ascii=False, indent=1)


def annotation(id_: str, exact: str, prefix: str = "", suffix: str = "", tags=(), text: str = "",
               uri: str = PAGE_URL, title: str = "US Officials Head to Europe | Example Wire") -> dict:
    return {"id": id_, "created": "2025-02-12T09:00:00.000Z", "user": "acct:analyst@hypothes.is", "uri": uri,
            "text": text, "tags": list(tags), "group": "__world__",
            "document": {"title": [title]},
            "target": [{"source": uri, "selector": [
                {"type": "TextPositionSelector", "start": 100, "end": 120},
                {"type": "TextQuoteSelector", "exact": exact, "prefix": prefix, "suffix": suffix}]}]}


TARIFFS = "The administration is ready to use tariffs and sanctions against Moscow."
HYPOTHESIS_ROWS = [
    annotation("h1", "Mike Waltz", "National Security Advisor ", " said the", ["participant"],
               "role: National Security Advisor; org: United States"),
    # whitespace and straight quotes where the page has curly ones: found all the same
    annotation("h2", 'the "administration is ready" to use tariffs\n  and sanctions', "Waltz said ", " to press",
               ["Key"], f"text: {TARIFFS}"),
    annotation("h3", "European allies will commit troops", "clear whether ", " to guarantee", ["open question"],
               "text: Will European allies commit troops to guarantee a settlement?"),
    # a tag the kind map turns into a kind
    annotation("h4", "the Kremlin has not confirmed the call", "settlement, and ", ".", ["doubt"]),
    {"id": "h5", "uri": PAGE_URL, "text": "A page note on no words", "tags": [], "target": [{"source": PAGE_URL}]},
]


def make_docx(path: Path, later: str = " later this week [sic].", remains: str = " remains open.",
              lead: str = "Officials repeated that ", relief: str = "sanctions relief is not on the table") -> None:
    """A Word document with comments, made as Word makes them (python-docx add_comment);
    later, remains, lead and relief: words a new version of it changes."""
    from docx import Document

    document = Document()
    document.core_properties.title = "Ministers Prepare for Munich"
    document.core_properties.author = "Policy Analyst"  # also the commenter: the analyst's copy
    document.add_paragraph("Ministers Prepare for Munich", style="Title")
    paragraph = document.add_paragraph()
    opening = paragraph.add_run("Secretary of State ")
    rubio = paragraph.add_run("Marco Rubio")
    paragraph.add_run(" will attend ")
    conference = paragraph.add_run("the Munich Security Conference")
    closing = paragraph.add_run(later)
    paragraph = document.add_paragraph(lead)
    relief = paragraph.add_run(relief)
    paragraph.add_run(", while ")
    burden = paragraph.add_run("the cost of rebuilding {and who pays}")
    paragraph.add_run(remains)
    author = {"author": "Policy Analyst", "initials": "PA"}
    document.add_comment([opening, closing], "key; text: Rubio attends the Munich Security Conference.", **author)
    document.add_comment(rubio, "participant; role: Secretary of State; org: United States", **author)
    document.add_comment(conference, "agenda; item: Munich Security Conference; when: 2025-02-14 to 2025-02-16; "
                                     "where: Munich; who: Marco Rubio; JD Vance", **author)
    document.add_comment(relief, "The delegation said this twice", **author)  # names no kind: a key point
    document.add_comment(burden, 'challenge; note: ask about the "who pays" part', **author)
    document.save(path)


PDF_ARTICLE = """<html><head><title>Defence Ministers Meet in Brussels</title>
<meta name="author" content="Pat Correspondent"></head>
<body style="font-family: 'Liberation Serif'; font-size: 11pt">
<style>@page { size: 320pt 420pt; margin: 30pt }</style>
<h1 style="font-size: 16pt">Defence Ministers Meet in Brussels</h1>
<p>NATO defence ministers will meet in Brussels on Thursday to discuss air defence for Ukraine.
Defence Secretary Pete Hegseth is expected to attend the meeting with his counterparts.</p>
<p>Several governments worry about the cost of the programme and its timing.</p>
</body></html>"""


PDF_HIGHLIGHTS = [  # the words, the colour, the highlight's comment
    ("NATO defence ministers will meet in Brussels on Thursday", "4d8cff",
     "when: 2025-02-13; where: Brussels; item: NATO defence ministers meeting"),  # blue: agenda
    ("air defence for Ukraine", "ffff00", "question; text: Will allies send more air defence to Ukraine?"),
    ("Pete Hegseth", "66ff66", "role: Secretary of Defense; org: United States"),  # green: participant
    ("the cost of the programme", "ff88cc", ""),  # pink, mapped to challenge on the command line
]


def make_pdf(path: Path, html: str, highlights: list[tuple[str, str, str]]) -> None:
    """A PDF rendered by WeasyPrint, with highlights added by pypdf where pdfplumber
    finds the words, as a PDF reader adds them: one quad for each line they are on."""
    import pdfplumber
    import weasyprint
    from pypdf import PdfReader, PdfWriter
    from pypdf.annotations import Highlight
    from pypdf.generic import ArrayObject, FloatObject, NameObject, TextStringObject

    rendered = weasyprint.HTML(string=html).write_pdf()
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(rendered)))
    with pdfplumber.open(io.BytesIO(rendered)) as pdf:
        page = pdf.pages[0]
        words = page.extract_words()
        for phrase, colour, comment in highlights:
            wanted = phrase.split()
            first = next(i for i in range(len(words))
                         if [w["text"].rstrip(".,") for w in words[i:i + len(wanted)]] == wanted)
            lines: dict[float, list[dict]] = {}
            for word in words[first:first + len(wanted)]:
                lines.setdefault(round(word["top"]), []).append(word)
            quads, boxes = [], []
            for line in lines.values():
                x0, x1 = min(w["x0"] for w in line), max(w["x1"] for w in line)
                y0, y1 = page.height - max(w["bottom"] for w in line), page.height - min(w["top"] for w in line)
                quads += [x0, y1, x1, y1, x0, y0, x1, y0]
                boxes.append((x0, y0, x1, y1))
            rect = (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes),
                    max(b[3] for b in boxes))
            highlight = Highlight(rect=rect, quad_points=ArrayObject(FloatObject(v) for v in quads),
                                  highlight_color=colour)
            if comment:
                highlight[NameObject("/Contents")] = TextStringObject(comment)
            writer.add_annotation(0, highlight)
    with open(path, "wb") as stream:
        writer.write(stream)


def run(root: Path, *args: str):
    return CliRunner().invoke(main, ["-C", str(root), *args], catch_exceptions=False)


def new_workspace(folder: Path) -> Path:
    (folder / "sources").mkdir(parents=True)
    (folder / "brief.yaml").write_text(BRIEF, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("inputs")
    paths = {"html": folder / "page.html", "docx": folder / "ministers.docx", "pdf": folder / "brussels.pdf",
             "json": folder / "hypothesis.json"}
    paths["html"].write_text(PAGE, encoding="utf-8")
    make_docx(paths["docx"])
    make_pdf(paths["pdf"], PDF_ARTICLE, PDF_HIGHLIGHTS)
    paths["json"].write_text(hypothesis_export(HYPOTHESIS_ROWS), encoding="utf-8")
    return paths


@pytest.fixture(scope="module")
def imported(inputs, tmp_path_factory):
    """All four imported in one command (the export named first: it still anchors in the
    page imported with it), then built."""
    root = new_workspace(tmp_path_factory.mktemp("imported") / "ws")
    result = run(root, "import", str(inputs["json"]), str(inputs["html"]), str(inputs["docx"]),
                 str(inputs["pdf"]), "--kind-map", "pink=challenge,doubt=question")
    assert result.exit_code == 0, result.output
    out = root / "out"
    built = run(root, "build", "-f", "pdf", "-f", "docx", "-f", "json", "--output", str(out))
    assert built.exit_code == 0, built.output
    [pdf] = out.glob("*.pdf")
    [docx] = out.glob("*.docx")
    [model] = out.glob("2025-02-11-*.json")  # the memo, not any record kept beside it
    return {"root": root, "output": result.output, "model": json.loads(model.read_text(encoding="utf-8")),
            "pdf": squeeze(pdf_text(pdf)), "docx": squeeze(docx_text(docx))}


def item(model: dict, section: str, **fields) -> dict:
    """The one item of a section whose fields have these values."""
    found = [entry for entry in model[section] if all(entry[k] == v for k, v in fields.items())]
    assert len(found) == 1, f"{section} {fields}: {[{k: e.get(k) for k in fields} for e in model[section]]}"
    return found[0]


def test_every_marked_passage_is_in_the_memo_with_its_kind_and_attributes(imported):
    model = imported["model"]
    page, docx, pdf = ("us-officials-head-to-europe-for-critical-talks", "ministers-prepare-for-munich",
                       "defence-ministers-meet-in-brussels")
    expected = [
        # Hypothesis, on the web page
        (item(model, "participants", name="Mike Waltz", role="National Security Advisor", org="United States"),
         page, ["Mike Waltz", "National Security Advisor"]),
        (item(model, "key_points", text=TARIFFS), page, [TARIFFS]),
        (item(model, "open_questions", text="Will European allies commit troops to guarantee a settlement?"),
         page, ["Will European allies commit troops to guarantee a settlement?"]),
        (item(model, "open_questions", text="the Kremlin has not confirmed the call"),
         page, ["the Kremlin has not confirmed the call"]),
        # Word comments: nested spans, a comment naming no kind, escaped brackets and braces
        (item(model, "key_points", text="Rubio attends the Munich Security Conference."),
         docx, ["Rubio attends the Munich Security Conference."]),
        (item(model, "participants", name="Marco Rubio", role="Secretary of State", org="United States"),
         docx, ["Marco Rubio", "Secretary of State"]),
        (item(model, "agenda", item="Munich Security Conference", where="Munich", who=["Marco Rubio", "JD Vance"]),
         docx, ["Munich Security Conference", "Munich", "JD Vance"]),
        (item(model, "key_points", text="sanctions relief is not on the table",
              note="The delegation said this twice"), docx, ["sanctions relief is not on the table"]),
        (item(model, "challenges", text="the cost of rebuilding {and who pays}",
              note='ask about the "who pays" part'), docx, ["the cost of rebuilding {and who pays}"]),
        # PDF highlights: kind from the comment, else from the colour (pink mapped on the command line)
        (item(model, "agenda", item="NATO defence ministers meeting", where="Brussels"),
         pdf, ["NATO defence ministers meeting", "Brussels"]),
        (item(model, "open_questions", text="Will allies send more air defence to Ukraine?"),
         pdf, ["Will allies send more air defence to Ukraine?"]),
        (item(model, "participants", name="Pete Hegseth", role="Secretary of Defense"), pdf, ["Pete Hegseth"]),
        (item(model, "challenges", text="the cost of the programme"), pdf, ["the cost of the programme"]),
    ]
    for entry, source, shown in expected:
        assert [c["source"] for c in entry["citations"]] == [source], entry
        for words in shown:
            assert squeeze(words) in imported["pdf"], f"PDF lacks {words!r}"
            assert squeeze(words) in imported["docx"], f"DOCX lacks {words!r}"
    assert item(model, "agenda", item="Munich Security Conference")["when"]["start"] == "2025-02-14"
    assert item(model, "agenda", item="NATO defence ministers meeting")["when"]["start"] == "2025-02-13"
    # the highlight over two lines quotes both
    assert item(model, "agenda", item="NATO defence ministers meeting")["citations"][0]["quote"] == \
        "NATO defence ministers will meet in Brussels on Thursday"
    counted = sum(len(model[k]) for k in ("key_points", "participants", "agenda", "challenges", "open_questions"))
    assert counted == len(expected)


def test_front_matter_comes_from_what_each_input_knows(imported):
    sources = {s["id"]: s for s in imported["model"]["sources"]}
    page = sources["us-officials-head-to-europe-for-critical-talks"]
    assert (page["title"], page["author"], page["outlet"], page["date"], page["url"]) == (
        "US Officials Head to Europe for Critical Talks", "Jane Reporter", "Example Wire", "2025-02-10", PAGE_URL)
    assert sources["ministers-prepare-for-munich"]["title"] == "Ministers Prepare for Munich"
    assert sources["ministers-prepare-for-munich"]["author"] == ""  # the commenter's own copy: not the writer
    assert sources["defence-ministers-meet-in-brussels"]["author"] == "Pat Correspondent"


def test_the_report_counts_each_kind(imported):
    output = imported["output"]
    assert ("imported hypothesis.json -> sources/us-officials-head-to-europe-for-critical-talks.md: "
            "4 annotations added (1 key, 1 participant, 2 question); 1 page note or reply left out") in output
    assert "ministers.docx -> sources/ministers-prepare-for-munich.md: 5 annotations added " \
           "(2 key, 1 participant, 1 agenda, 1 challenge)" in output
    assert "brussels.pdf -> sources/defence-ministers-meet-in-brussels.md: 4 annotations added " \
           "(1 participant, 1 agenda, 1 challenge, 1 question)" in output


def test_importing_again_changes_nothing_and_force_rewrites(imported, inputs):
    root = imported["root"]
    before = {p.name: p.read_bytes() for p in (root / "sources").iterdir()}
    again = run(root, "import", *(str(p) for p in inputs.values()), "--kind-map", "pink=challenge,doubt=question")
    assert again.exit_code == 0, again.output
    assert again.output.count("already exists (--force rewrites it") == 3
    assert "0 annotations added, 4 already there" in again.output
    assert {p.name: p.read_bytes() for p in (root / "sources").iterdir()} == before

    source = root / "sources" / "ministers-prepare-for-munich.md"
    source.write_text(source.read_text(encoding="utf-8") + "\nAn edit.\n", encoding="utf-8")
    forced = run(root, "import", "--force", str(inputs["docx"]))
    assert forced.exit_code == 0, forced.output
    assert source.read_bytes() == before[source.name]


def test_imported_text_is_escaped_and_the_page_keeps_no_markup(imported):
    text = (imported["root"] / "sources" / "us-officials-head-to-europe-for-critical-talks.md").read_text("utf-8")
    assert "\\{the plan\\} \\[in brackets\\]" in text
    assert "\\<script>alert(1)\\</script>" in text  # the page's text, shown as text
    for left_out in ("INJECTED", "bait", "ADVERTISEMENT", "Subscribe", "gadgets", "Privacy", "color"):
        assert left_out not in text
    assert "[Mike Waltz]{.participant role=\"National Security Advisor\" org=\"United States\"}" in text
    docx_source = (imported["root"] / "sources" / "ministers-prepare-for-munich.md").read_text("utf-8")
    assert ('[Secretary of State [Marco Rubio]{.participant role="Secretary of State" org="United States"} '
            "will attend [the Munich Security Conference]{.agenda") in docx_source
    assert 'later this week \\[sic\\].]{.key text="Rubio attends the Munich Security Conference."}' in docx_source
    assert 'note="ask about the \\"who pays\\" part"' in docx_source


def test_hostile_page(tmp_path):
    root = new_workspace(tmp_path / "ws")
    page = tmp_path / "hostile.html"
    page.write_text("""<html><head><title>Hostile [x]{.key} page</title>
<meta property="og:url" content="file:///etc/passwd">
<script>var s = "[stolen]{.participant}";</script>
<link rel="stylesheet" href="http://tracker.invalid/style.css">
</head><body><article>
<p>Plain words, then a fake span [marked]{.key note="x"} and a fence:</p>
<p>~~~ not code, and `backticks` and \\ and {.key} and *emphasis*</p>
<p><img src="http://tracker.invalid/pixel.gif">The third paragraph says enough to count as an article here,
with more words so the extractor keeps it as the main text of the page, which it should.</p>
<script>document.body.innerHTML = "<p>[evil]{.key}</p>";</script>
</article></body></html>""", encoding="utf-8")
    result = run(root, "import", str(page))
    assert result.exit_code == 0, result.output
    [source] = (root / "sources").glob("*.md")
    read = read_source(source)
    assert read.annotations == []
    assert read.meta.url == ""  # not a web address: not kept
    text = source.read_text(encoding="utf-8")
    assert "stolen" not in text and "evil" not in text and "tracker" not in text
    assert "\\[marked\\]\\{.key note=\"x\"\\}" in text
    assert "\\~~~ not code, and \\`backticks\\` and \\\\ and \\{.key\\} and \\*emphasis\\*" in text


def test_marks_that_find_no_place_are_listed_and_check_warns(tmp_path):
    root = new_workspace(tmp_path / "ws")
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    export = tmp_path / "export.json"
    export.write_text(json.dumps({"total": 4, "rows": [  # the API's shape
        annotation("k1", "Mike Waltz said", tags=["key"]),
        annotation("k2", "Waltz said the", tags=["participant"]),  # crosses k1: cannot nest
        annotation("k3", "words the article never had", tags=["challenge"], text="look again"),
        annotation("k4", "the", tags=["key"]),  # everywhere: the words around it do not tell which
        annotation("k5", "On another page", tags=["key"], uri="https://elsewhere.example/other", title="Other"),
    ]}), encoding="utf-8")
    result = CliRunner().invoke(main, ["-C", str(root), "import", str(page), str(export)])
    assert result.exit_code == 0, result.output
    assert "1 annotation added (1 key), 3 not placed" in result.output
    assert re.search(r'warning: export.json, annotation k3: not placed: "words the article never had" '
                     r"\(.challenge\): its words are not in the source text", result.output)
    assert "annotation k2: not placed" in result.output and "overlaps the .key mark on 'Mike Waltz said'" in \
        result.output
    assert "annotation k4: not placed" in result.output and "occur" in result.output
    assert "no source in sources/ is the page https://elsewhere.example/other" in result.output

    listed = (root / "sources" / "us-officials-head-to-europe-for-critical-talks.unanchored.yaml")
    entries = yaml.safe_load(listed.read_text(encoding="utf-8"))["marks"]
    assert [(e["text"], e["kind"]) for e in entries] == [
        ("Waltz said the", "participant"), ("words the article never had", "challenge"), ("the", "key")]
    assert entries[1]["attributes"] == {"note": "look again"}
    assert entries[1]["from"] == "export.json, annotation k3"

    again = CliRunner().invoke(main, ["-C", str(root), "import", str(export)])
    assert again.exit_code == 0
    assert len(yaml.safe_load(listed.read_text(encoding="utf-8"))["marks"]) == 3  # not listed twice

    check = CliRunner().invoke(main, ["-C", str(root), "check"])
    assert check.exit_code == 0, check.output
    assert ("us-officials-head-to-europe-for-critical-talks.unanchored.yaml:1:1: warning: 3 imported marks "
            "could not be placed in source 'us-officials-head-to-europe-for-critical-talks'") in check.output
    assert "1 imported mark could not be placed in source 'other'" in check.output


def test_a_pdf_word_hyphenated_over_two_lines_is_one_word(tmp_path):
    narrow = ("<html><body style=\"font-family: 'Liberation Serif'; font-size: 11pt\">"
              "<style>@page { size: 200pt 300pt; margin: 20pt }</style><p style='width: 60pt'>"
              "The ministers met their counter&shy;parts in Brussels.</p></body></html>")
    make_pdf(tmp_path / "narrow.pdf", narrow, [("counter\u2010 parts", "ffff00", "")])
    root = new_workspace(tmp_path / "ws")
    assert run(root, "import", str(tmp_path / "narrow.pdf")).exit_code == 0
    [source] = (root / "sources").glob("*.md")
    assert "The ministers met their [counterparts]{.key} in Brussels." in source.read_text(encoding="utf-8")


def test_bad_inputs_are_one_clear_error(tmp_path):
    root = new_workspace(tmp_path / "ws")
    for name, content, message in [
        ("notes.txt", "text", "cannot import .txt"),
        ("broken.json", "{not json", "broken.json:1:2: error: not valid JSON"),
        ("other.json", '{"something": 1}', "error: not a Hypothesis export"),
        ("fake.pdf", "not a pdf", "error: not a PDF that can be read"),
        ("fake.docx", "not a docx", "error: not a Word document (.docx) that can be read"),
    ]:
        path = tmp_path / name
        path.write_text(content, encoding="utf-8")
        result = CliRunner().invoke(main, ["-C", str(root), "import", str(path)])
        assert result.exit_code == 1, (name, result.output)
        assert message in result.output and "Traceback" not in result.output, result.output
    bad_map = CliRunner().invoke(main, ["-C", str(root), "import", str(tmp_path / "notes.txt"), "--kind-map", "x"])
    assert bad_map.exit_code == 2 and "'x' is not LABEL=KIND" in bad_map.output


# ---- import --force keeps what the analyst added ------------------------------------------------

MINISTERS = "ministers-prepare-for-munich"


def span_place(source: Path, quote: str, kind: str) -> str:
    """sources/<file>:line:col of the span of this kind on these words."""
    [found] = [a for a in read_source(source).annotations if a.quote == quote and a.kind == kind]
    return f"sources/{source.name}:{found.line}:{found.column}"


@pytest.fixture()
def marked_by_hand(tmp_path):
    """A Word document imported, then marked by hand in its source: a span on its own, one
    inside an imported span, one on words a new version drops, an imported span's
    attributes edited, and a front matter field the import does not write."""
    root = new_workspace(tmp_path / "ws")
    first = tmp_path / "ministers.docx"
    make_docx(first)
    assert run(root, "import", str(first)).exit_code == 0
    source = root / "sources" / f"{MINISTERS}.md"
    text = source.read_text(encoding="utf-8")
    for old, new in [
        ("title: Ministers Prepare for Munich\n", "title: Ministers Prepare for Munich\naccessed: 2025-02-12\n"),
        ("Officials repeated", '[Officials repeated]{.question text="Which officials?"}'),
        ("} will attend [", '} [will attend]{.challenge note="not confirmed"} ['),
        (" remains open.", " [remains open]{.question}."),
        ('[sanctions relief is not on the table]{.key note="The delegation said this twice"}',
         '[sanctions relief is not on the table]{.key text="No sanctions relief" note="The delegation said this twice"}'),
    ]:
        assert old in text, old
        text = text.replace(old, new)
    source.write_text(text, encoding="utf-8")
    places = {words: span_place(source, words, kind) for words, kind in [
        ("Officials repeated", "question"), ("will attend", "challenge"), ("remains open", "question"),
        ("sanctions relief is not on the table", "key")]}
    changed = tmp_path / "new" / "ministers.docx"  # the same document, revised
    changed.parent.mkdir()
    make_docx(changed, later=" on Friday [sic].", remains=" remains unresolved.")
    return {"root": root, "source": source, "input": changed, "places": places}


def test_force_keeps_spans_added_by_hand(marked_by_hand):
    root, source, places = marked_by_hand["root"], marked_by_hand["source"], marked_by_hand["places"]
    forced = run(root, "import", "--force", str(marked_by_hand["input"]))
    assert forced.exit_code == 0, forced.output
    text = source.read_text(encoding="utf-8")
    assert "on Friday" in text and "remains unresolved" in text  # the new version's text
    # re-anchored: on its own, and nested in the imported .key span
    assert '[Officials repeated]{.question text="Which officials?"} that' in text
    assert ('[Secretary of State [Marco Rubio]{.participant role="Secretary of State" org="United States"} '
            '[will attend]{.challenge note="not confirmed"} [the Munich Security Conference]{.agenda') in text
    # the edited imported span: the analyst's version, once
    assert text.count("[sanctions relief is not on the table]") == 1
    assert '[sanctions relief is not on the table]{.key text="No sanctions relief" note=' in text
    read = read_source(source)  # still a valid source
    assert len(read.annotations) == 5 + 2
    assert "accessed: '2025-02-12'" in text or "accessed: 2025-02-12" in text
    assert str(read.meta.accessed) == "2025-02-12"
    # the third: its words are gone, so it is listed, with where it was, and named
    listed = yaml.safe_load((root / "sources" / f"{MINISTERS}.unanchored.yaml").read_text(encoding="utf-8"))
    [entry] = listed["marks"]
    assert (entry["text"], entry["kind"], entry["reason"]) == (
        "remains open", "question", "its words are not in the source text")
    assert entry["from"].startswith(places["remains open"])
    output = forced.output
    assert "kept 3 spans you added or edited, 1 not placed" in output
    assert f'kept your .question span on "Officials repeated": was at {places["Officials repeated"]}' in output
    assert f'kept your .challenge span on "will attend": was at {places["will attend"]}' in output
    assert ('kept your attributes on the imported .key span on "sanctions relief is not on the table": '
            f'was at {places["sanctions relief is not on the table"]}') in output
    assert (f'{places["remains open"]} (before import --force): your span not placed: "remains open" '
            "(.question): its words are not in the source text") in output
    assert 'kept front matter accessed: "2025-02-12"' in output

    # forcing again adds nothing twice and lists nothing twice
    before = {p.name: p.read_bytes() for p in (root / "sources").iterdir()}
    again = run(root, "import", "--force", str(marked_by_hand["input"]))
    assert again.exit_code == 0, again.output
    assert {p.name: p.read_bytes() for p in (root / "sources").iterdir()} == before
    check = run(root, "check")
    assert check.exit_code == 0 and "1 imported mark could not be placed" in check.output


def test_force_lists_a_hand_span_that_would_cross_an_imported_one(marked_by_hand, tmp_path):
    root, source = marked_by_hand["root"], marked_by_hand["source"]
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace('[Officials repeated]{.question text="Which officials?"} that',
                                   '[Officials repeated that]{.question text="Which officials?"}'), encoding="utf-8")
    was = span_place(source, "Officials repeated that", "question")
    changed = tmp_path / "v3" / "ministers.docx"  # now the comment takes in "that"
    changed.parent.mkdir()
    make_docx(changed, lead="Officials repeated ", relief="that sanctions relief is not on the table")
    forced = run(root, "import", "--force", str(changed))
    assert forced.exit_code == 0, forced.output
    text = source.read_text(encoding="utf-8")
    # the import's span now takes in "that"; the analyst's edited one, on its old words, stays inside it
    assert ('Officials repeated [that [sanctions relief is not on the table]{.key text="No sanctions relief" '
            'note="The delegation said this twice"}]{.key note="The delegation said this twice"}') in text
    assert "Which officials?" not in text
    assert (f'{was} (before import --force): your span not placed: "Officials repeated that" (.question): '
            "it overlaps the .key mark on 'that sanctions relief is not on the table' without containing it") \
        in forced.output
    listed = yaml.safe_load((root / "sources" / f"{MINISTERS}.unanchored.yaml").read_text(encoding="utf-8"))
    assert [(e["text"], e["attributes"]) for e in listed["marks"]
            if e["kind"] == "question" and e["text"] == "Officials repeated that"] == [
        ("Officials repeated that", {"text": "Which officials?"})]
    read_source(source)


def test_force_keeps_hypothesis_marks_in_a_page_source(inputs, tmp_path):
    root = new_workspace(tmp_path / "ws")
    assert run(root, "import", str(inputs["html"]), str(inputs["json"]), "--kind-map", "doubt=question").exit_code == 0
    [source] = (root / "sources").glob("*.md")
    before = source.read_bytes()
    forced = run(root, "import", "--force", str(inputs["html"]))
    assert forced.exit_code == 0, forced.output
    assert source.read_bytes() == before  # the same page: its Hypothesis marks are all kept where they were
    assert "kept 4 spans you added or edited" in forced.output


def test_force_refuses_to_overwrite_a_source_that_does_not_read(marked_by_hand):
    root, source = marked_by_hand["root"], marked_by_hand["source"]
    broken = source.read_text(encoding="utf-8").replace("[Officials repeated]{.question",
                                                         "[Officials repeated]{.qestion")
    source.write_text(broken, encoding="utf-8")
    line = next(i for i, text in enumerate(broken.split("\n"), start=1) if ".qestion" in text)
    forced = CliRunner().invoke(main, ["-C", str(root), "import", "--force", str(marked_by_hand["input"])])
    assert forced.exit_code == 1, forced.output
    assert f"{MINISTERS}.md:{line}:" in forced.output and "error:" in forced.output
    assert f"import --force left sources/{MINISTERS}.md as it was" in forced.output
    assert "Traceback" not in forced.output
    assert source.read_text(encoding="utf-8") == broken


# ---- the rules, one by one ----------------------------------------------------------------------

def test_comment_syntax():
    said = read_comment("participant; role: Secretary of State; org: United States")
    assert (said.kind, said.attributes_for("participant")) == (
        "participant", {"role": "Secretary of State", "org": "United States"})
    said = read_comment("agenda\nwho: Marco Rubio; JD Vance; where: Munich")
    assert said.attributes_for("agenda") == {"who": "Marco Rubio; JD Vance", "where": "Munich"}
    said = read_comment("Check this: it matters; see also page 3")
    assert (said.kind, said.attributes_for("key")) == (None, {"note": "Check this: it matters; see also page 3"})
    # an attribute the kind does not take is kept in the note, never dropped
    assert read_comment(".key; role: envoy").attributes_for("key") == {"note": "role: envoy"}


def test_kind_map_and_colours():
    assert parse_kind_map(("yellow=key,green=participant", "Doubt=open question")) == {
        "yellow": "key", "green": "participant", "doubt": "question"}
    with pytest.raises(ValueError, match="'pink=nothing' is not LABEL=KIND"):
        parse_kind_map(("pink=nothing",))
    assert [colour_name(c) for c in [(1, 1, 0), (1, 0.85, 0.2), (0.4, 1, 0.4), (0.3, 0.55, 1), (1, 0.5, 0.8),
                                     (0.5, 0.5, 0.5)]] == ["yellow", "yellow", "green", "blue", "pink", None]


def place(body: str, *marks: Mark) -> tuple[str, list[str]]:
    result, outcomes = place_marks(body, list(marks), Path("s.md"))
    read_source_text(result)
    return result, [o.status if o.status != UNANCHORED else o.reason for o in outcomes]


def read_source_text(body: str) -> None:
    """The scanner accepts it (raises otherwise)."""
    from briefgen.annotations import parse_annotations

    parse_annotations(body, Path("s.md"))


def quoted(kind: str, exact: str, prefix: str = "", suffix: str = "", **attributes) -> Mark:
    return Mark(kind, attributes, exact, "test", prefix=prefix, suffix=suffix)


def test_spans_nest_inside_and_around_existing_ones():
    body = "Secretary [Marco Rubio]{.participant} will attend talks."
    result, statuses = place(body, quoted("key", "Secretary Marco Rubio will attend"),
                             quoted("participant", "Rubio"), quoted("participant", "Marco Rubio"),
                             quoted("question", "Marco Rubio"))
    assert statuses == [ADDED, ADDED, PRESENT, ADDED]
    assert result == ("[Secretary [[Marco [Rubio]{.participant}]{.question}]{.participant} will attend]{.key} "
                      "talks.")


def test_overlaps_that_cannot_nest_and_breaks_are_reported():
    body = "Alpha [beta gamma]{.key} delta, see [the link](http://x) here.\n\nNext paragraph."
    _, statuses = place(body, quoted("key", "Alpha beta"), quoted("key", "link](http://x) here"),
                        quoted("key", "here. Next"), quoted("key", "not in it"))
    assert statuses[0].startswith("it overlaps the .key mark on 'beta gamma'")
    assert statuses[1].startswith("it overlaps the brackets around '[the link]'")
    assert statuses[2].startswith("it runs over a paragraph break")
    assert statuses[3] == "its words are not in the source text"


def test_quotes_and_whitespace_are_folded_only_when_the_exact_words_are_not_there():
    body = "He said \u201cno deal\u201d  twice.\nThen he said \"no deal\" again."
    result, statuses = place(body, quoted("key", '"no deal"  twice'), quoted("challenge", '"no deal" again'))
    assert statuses == [ADDED, ADDED]
    assert result == "He said [\u201cno deal\u201d  twice]{.key}.\nThen he said [\"no deal\" again]{.challenge}."


def test_context_chooses_between_repeated_words():
    body = "The talks start. The talks end."
    result, statuses = place(body, quoted("key", "The talks", prefix="start. ", suffix=" end"))
    assert statuses == [ADDED] and result == "The talks start. [The talks]{.key} end."


def test_escapes_code_and_lone_backslashes_stay_what_they_were():
    assert escaped("AT&T &amp; <b> a < b") == "AT&T \\&amp; \\<b> a < b"
    body = escaped("a [b] {c} \\ d") + " `[code]` e\\f"
    assert body == "a \\[b\\] \\{c\\} \\\\ d `[code]` e\\f"
    result, statuses = place(body, quoted("key", "[b] {c}"), quoted("key", "code] e"), quoted("key", "e\\"),
                             quoted("question", "[code]"))
    assert statuses[0] == ADDED and statuses[1].startswith("it starts inside code") and statuses[2] == ADDED
    assert statuses[3] == ADDED
    assert result == "a [\\[b\\] \\{c\\}]{.key} \\\\ d [`[code]`]{.question} [e\\\\]{.key}f"


def test_a_hand_written_source_with_code_keeps_reading_the_same():
    body = "Intro words.\n\n```\n[not a span]{.key}\n```\n\nAn odd ` backtick, then the end."
    result, statuses = place(body, quoted("key", "Intro"), quoted("key", "not a span"),
                             quoted("challenge", "the end", note="see `x`"), quoted("question", "the end"))
    assert statuses[:2] == [ADDED, "it starts inside code, where spans are not read"]
    # a backtick in the note would close the odd one before it, swallowing the span: reported instead
    assert statuses[2] == "a span there would break the markup around it"
    assert statuses[3] == ADDED
    assert result == body.replace("Intro", "[Intro]{.key}").replace("the end", "[the end]{.question}")


def test_attribute_values_are_quoted_for_the_span_syntax(tmp_path):
    result, _ = place("Words here.", quoted("key", "Words", text='say "hi" \\ bye', note="a\n\nb"))
    assert result == '[Words]{.key text="say \\"hi\\" \\\\ bye" note="a b"} here.'
    source = tmp_path / "s.md"
    source.write_text(result, encoding="utf-8")
    [read] = read_source(source).annotations
    assert read.attributes == {"text": 'say "hi" \\ bye', "note": "a b"}


def test_a_bad_agenda_date_is_reported_not_written():
    _, statuses = place("Meeting on Friday.", quoted("agenda", "Meeting", when="2025-02-30"))
    assert statuses[0].startswith("when: '2025-02-30' is not a valid date")
