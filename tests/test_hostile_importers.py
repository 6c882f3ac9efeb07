"""Hostile inputs to `briefgen import` (issue #12): a Hypothesis export, a PDF
annotation or a Word comment with any field malformed is a located error (exit 1) or a
skipped mark with a located warning (exit 0), never a traceback.

The Hypothesis export is fuzzed (property-based): a valid export, mutated anywhere.
PDFs and Word documents are made valid with the real tools, then broken one field at a
time with pypdf or by editing the XML parts in the zip."""

from __future__ import annotations

import copy
import io
import json
import re
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from briefgen.cli import main
from briefgen.workspace import read_source

from test_import import (HYPOTHESIS_ROWS, PAGE_URL, PDF_ARTICLE, annotation, make_docx, make_pdf,
                         new_workspace)

SOURCE = f"""---
title: US Officials Head to Europe for Critical Talks
url: {PAGE_URL}
---
National Security Advisor Mike Waltz said the "administration is ready" to use tariffs and sanctions
to press Moscow into negotiations.

It is not clear whether European allies will commit troops to guarantee a settlement, and the
Kremlin has not confirmed the call.
"""


def run(root: Path, *args: str):
    """The CLI as the analyst runs it; any exception but the CLI's own exit fails the test."""
    return CliRunner().invoke(main, ["-C", str(root), "import", *args], catch_exceptions=False)


def assert_handled(result, name: str, located: str = "") -> None:
    """Exit 0 or 1, no traceback, and a message about the file at a place in it."""
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.output
    messages = re.findall(rf"(?:^|/){re.escape(name)}(?::\d+:\d+)?: (?:error|warning): (.*)$", result.output, re.M)
    messages += re.findall(rf"warning: {re.escape(name)}, (.*)$", result.output, re.M)  # a mark not placed
    assert messages, result.output
    if located:
        assert any(re.search(located, message) for message in messages), result.output
    if result.exit_code == 1:
        assert re.search(rf"(?:^|/){re.escape(name)}(?::\d+:\d+)?: error: ", result.output, re.M), result.output


def sources_read_back(root: Path) -> None:
    """Whatever the import wrote is UTF-8 text, and every source reads."""
    for path in (root / "sources").iterdir():
        path.read_bytes().decode("utf-8")
        if path.suffix == ".md":
            read_source(path)


# ---- Hypothesis exports, fuzzed --------------------------------------------------------------------

HUGE = "__huge_int__"  # written as a 5000-digit number, more than Python's int() takes from text
ROWS = [annotation("f1", "Mike Waltz", "National Security Advisor ", " said the", ["participant"],
                   "role: National Security Advisor"),
        annotation("f2", "European allies will commit troops", tags=["question"]), HYPOTHESIS_ROWS[4]]

hostile_strings = st.sampled_from([
    "\ud800", "a\udfffb", "\x00", "x\x07y", "", " ", "http://[::1", "http://host:port/", "http://x:99999/",
    "javascript:alert(1)", "file:///etc/passwd", "TextQuoteSelector", "Mike Waltz", "[x]{.key}", "é" * 3000,
]) | st.text(max_size=20)
scalars = (st.none() | st.booleans() | st.integers() | st.just(10**300) | st.just(HUGE)
           | st.floats(allow_nan=True, allow_infinity=True) | hostile_strings)
json_values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3)
                           | st.dictionaries(st.sampled_from(["type", "exact", "selector", "title", "x"]) | st.text(max_size=5),
                                             inner, max_size=3), max_leaves=8)


def dumped(value) -> str:
    return json.dumps(value).replace(f'"{HUGE}"', "9" * 5000)


def containers(value, path=()):
    """Every list and object in a JSON value, with its path."""
    if isinstance(value, (list, dict)):
        yield path, value
        for key, item in (enumerate(value) if isinstance(value, list) else value.items()):
            yield from containers(item, path + (key,))


@st.composite
def mutated_exports(draw):
    """A valid export with 1 to 4 mutations: a field replaced by any JSON value, a key
    dropped, a value nested one level deeper (in a list or an object)."""
    export = {"export_date": "2025-02-12T10:00:00.000Z", "annotations": copy.deepcopy(ROWS)}
    touched = set()
    for _ in range(draw(st.integers(1, 4))):
        path, container = draw(st.sampled_from(list(containers(export))))
        keys = list(range(len(container))) if isinstance(container, list) else list(container)
        if not keys:
            continue
        key = draw(st.sampled_from(keys))
        operation = draw(st.sampled_from(["replace", "drop", "nest", "nest in object"]))
        if operation == "replace":
            container[key] = draw(json_values)
        elif operation == "drop":
            del container[key]
        elif operation == "nest":
            container[key] = [container[key]]
        else:
            container[key] = {"value": container[key]}
        if len(path) >= 2 and path[0] == "annotations":
            touched.add(path[1])
    return export, touched


@pytest.fixture(scope="module")
def fuzz_root(tmp_path_factory) -> Path:
    return new_workspace(tmp_path_factory.mktemp("fuzz") / "ws")


def fresh(root: Path) -> None:
    for path in (root / "sources").iterdir():
        path.unlink()
    (root / "sources" / "page.md").write_text(SOURCE, encoding="utf-8")


@settings(max_examples=max(settings.default.max_examples // 2, 1))
@given(mutated_exports())
def test_a_mutated_hypothesis_export_imports_or_is_one_located_message(fuzz_root, case):
    """Property: whatever is mutated, the import exits 0 or 1 with messages about the file
    (never another exception, nor a lone surrogate reaching a UTF-8 write), and what it
    wrote reads back."""
    export, _ = case
    fresh(fuzz_root)
    path = fuzz_root / "export.json"
    path.write_text(dumped(export), encoding="utf-8")
    result = CliRunner().invoke(main, ["-C", str(fuzz_root), "import", str(path)], catch_exceptions=False)
    assert result.exit_code in (0, 1), result.output
    if result.exit_code == 1:
        assert re.search(r"(?:^|/)export\.json(:\d+:\d+)?: error: ", result.output, re.M), result.output
    sources_read_back(fuzz_root)


@settings(max_examples=max(settings.default.max_examples // 2, 1))
@given(st.sampled_from([0, 1]), st.sampled_from(["id", "uri", "text", "tags", "target", "document", "references"]),
       json_values)
def test_a_field_of_the_wrong_type_skips_that_annotation_by_number_and_keeps_the_others(fuzz_root, index, key,
                                                                                       value):
    """Property: one annotation's field replaced; the import succeeds, and either that
    annotation is skipped with a warning naming it by number and the field by JSON pointer,
    or it was still readable; the other annotation is always imported."""
    rows = copy.deepcopy(ROWS)
    rows[index][key] = value
    fresh(fuzz_root)
    path = fuzz_root / "export.json"
    path.write_text(dumped({"annotations": rows}), encoding="utf-8")
    result = CliRunner().invoke(main, ["-C", str(fuzz_root), "import", str(path)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    skipped = re.findall(r"export\.json: warning: annotation (\d+)[^:]*: (.*); skipped$", result.output, re.M)
    assert all(number == str(index + 1) and f"/annotations/{index}/" in why for number, why in skipped), \
        result.output
    other = ['[Mike Waltz]{.participant', '[European allies will commit troops]{.question'][1 - index]
    assert other in (fuzz_root / "sources" / "page.md").read_text(encoding="utf-8"), result.output
    sources_read_back(fuzz_root)


@pytest.mark.parametrize("text, located", [
    ('{"annotations": {"a": 1}}', r"not a Hypothesis export: /annotations is an object, not a list"),
    ("[" * 100_000, r"nested too deeply|not valid JSON"),
    ('[{"id": ' + "9" * 5000 + "}]", r"annotation 1: /0/id is a number, not text"),
    ('[1, "x", null]', r"annotation 1: /0 is a number, not an object"),
    ('[{"id": "\\ud800", "uri": "x"}]', r"annotation 1: /0/id holds a lone surrogate"),
    ('[{"id": "a", "target": [{"selector": {"type": "TextQuoteSelector"}}]}]',
     r"annotation 1 \(id a\): /0/target/0/selector is an object, not a list"),
    (dumped([annotation("u1", "Mike Waltz", uri="http://[::1")]), r"annotation 1 \(id u1\): /0/uri is not an address"),
    (dumped([annotation("u2", "Mike Waltz", tags=[7])]), r"annotation 1 \(id u2\): /0/tags/0 is a number, not text"),
])
def test_hostile_exports(tmp_path, text, located):
    root = new_workspace(tmp_path / "ws")
    (root / "sources" / "page.md").write_text(SOURCE, encoding="utf-8")
    path = tmp_path / "export.json"
    path.write_text(text, encoding="utf-8")
    assert_handled(run(root, str(path)), "export.json", located)
    sources_read_back(root)


def test_a_skipped_annotation_with_words_is_listed_with_the_marks_not_placed(tmp_path):
    root = new_workspace(tmp_path / "ws")
    (root / "sources" / "page.md").write_text(SOURCE, encoding="utf-8")
    rows = copy.deepcopy(ROWS)
    rows[0]["tags"] = "participant"  # not a list
    path = tmp_path / "export.json"
    path.write_text(dumped({"annotations": rows}), encoding="utf-8")
    result = run(root, str(path))
    assert_handled(result, "export.json", r"annotation 1 \(id f1\): /annotations/0/tags is text, not a list")
    listed = (root / "sources" / "page.unanchored.yaml").read_text(encoding="utf-8")
    assert "Mike Waltz" in listed and "skipped: /annotations/0/tags is text, not a list" in listed
    assert "[European allies will commit troops]{.question" in (root / "sources" / "page.md").read_text("utf-8")


# ---- PDF annotations -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def base_pdf(tmp_path_factory) -> bytes:
    path = tmp_path_factory.mktemp("pdf") / "base.pdf"
    make_pdf(path, PDF_ARTICLE, [("air defence for Ukraine", "ffff00", "question; text: More air defence?")])
    return path.read_bytes()


def pdf_with(base: bytes, path: Path, **fields) -> None:
    """The base PDF with its one highlight's fields replaced (None: removed); a value that
    is a callable makes the object from the writer (for streams, which are indirect)."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(base)))
    highlight = writer.pages[0]["/Annots"][0].get_object()
    for name, value in fields.items():
        if value is None:
            del highlight[NameObject("/" + name)]
        else:
            highlight[NameObject("/" + name)] = value(writer) if callable(value) else value
    with open(path, "wb") as stream:
        writer.write(stream)


def _pdf_cases():
    from pypdf.generic import (ArrayObject, ByteStringObject, DictionaryObject, FloatObject, NameObject,
                               NumberObject, StreamObject, TextStringObject)

    def stream(writer):
        made = StreamObject()
        made.set_data(b"question; text: in a stream")
        return writer._add_object(made)

    numbers = lambda *values: ArrayObject(FloatObject(v) for v in values)  # noqa: E731
    return [
        ("C-string", {"C": TextStringObject("yellow")}, r"/C is text, not an array of numbers"),
        ("C-dict", {"C": DictionaryObject({NameObject("/R"): NumberObject(1)})}, r"/C is an object, not an array"),
        ("C-two-numbers", {"C": numbers(1, 1)}, r"/C has 2 numbers; a colour has 1, 3 or 4"),
        ("C-not-numeric", {"C": ArrayObject([NameObject("/Yellow"), TextStringObject("x"), NumberObject(0)])},
         r"/C\[0\] is .*, not a number"),
        ("C-huge", {"C": ArrayObject([NumberObject(10**400), NumberObject(1), NumberObject(0)])},
         r"/C\[0\] is .*not a number on a page"),
        ("C-out-of-range", {"C": numbers(7, 1, 0)}, r"/C has 7; a colour's numbers are 0 to 1"),
        ("Quad-odd", {"QuadPoints": numbers(*range(7))}, r"/QuadPoints has 7 numbers, not 8 for each box"),
        ("Quad-strings", {"QuadPoints": ArrayObject(TextStringObject(str(i)) for i in range(8))},
         r"/QuadPoints\[0\] is text, not a number"),
        ("Quad-empty-rect-wrong", {"QuadPoints": ArrayObject(), "Rect": TextStringObject("0 0 1 1")},
         r"/Rect is text, not an array"),
        ("Quad-huge", {"QuadPoints": numbers(*([1.0] * 80_000))}, r"/QuadPoints has 80000 numbers, more than"),
        ("Rect-three", {"QuadPoints": None, "Rect": numbers(0, 0, 10)}, r"/Rect has 3 numbers, not 4"),
        ("Contents-number", {"Contents": NumberObject(42)}, r"/Contents is a number, not a text string"),
        ("Contents-stream", {"Contents": stream}, r"/Contents is stream, not a text string"),
        ("Contents-binary", {"Contents": ByteStringObject(b"key\x00\x01\x02")},
         r"/Contents holds a control character \(U\+0000\)"),
        ("Subtype-missing", {"Subtype": None}, r"annotation 1: /Subtype is missing"),
        ("Subtype-string", {"Subtype": TextStringObject("Highlight")}, r"annotation 1: /Subtype is text"),
    ]


PDF_CASES = _pdf_cases()


@pytest.mark.parametrize("name, fields, located", PDF_CASES, ids=[case[0] for case in PDF_CASES])
def test_hostile_pdf_annotations(tmp_path, base_pdf, name, fields, located):
    root = new_workspace(tmp_path / "ws")
    path = tmp_path / "hostile.pdf"
    pdf_with(base_pdf, path, **fields)
    result = run(root, str(path))
    assert_handled(result, "hostile.pdf", r"page 1 .*" + located)
    assert result.exit_code == 0  # the article is imported; only the highlight is skipped
    sources_read_back(root)


def test_a_skipped_highlight_with_words_is_listed_and_a_corrupt_pdf_is_one_error(tmp_path, base_pdf):
    from pypdf.generic import NumberObject

    root = new_workspace(tmp_path / "ws")
    path = tmp_path / "hostile.pdf"
    pdf_with(base_pdf, path, Contents=NumberObject(42))
    assert_handled(run(root, str(path)), "hostile.pdf", "skipped")
    [listed] = (root / "sources").glob("*.unanchored.yaml")
    assert "air defence for Ukraine" in listed.read_text(encoding="utf-8")

    cut = tmp_path / "cut.pdf"
    cut.write_bytes(base_pdf[:len(base_pdf) // 3])  # no cross-reference table, objects cut off
    assert_handled(run(root, str(cut)), "cut.pdf", r"not a PDF that can be read")


# ---- Word comments ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def base_docx(tmp_path_factory) -> dict[str, bytes]:
    path = tmp_path_factory.mktemp("docx") / "base.docx"
    make_docx(path)
    with zipfile.ZipFile(path) as package:
        return {name: package.read(name) for name in package.namelist()}


def docx_with(parts: dict[str, bytes], path: Path, **edits) -> None:
    """The base document with parts edited: part name (/ as __) -> a function of its text,
    or bytes that replace it, or None to leave it out."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            edit = edits.get(name.replace("/", "__").replace(".", "_"), ...)
            if edit is None:
                continue
            if callable(edit):
                data = edit(data.decode("utf-8")).encode("utf-8")
            elif edit is not ...:
                data = edit
            package.writestr(name, data)


def first(pattern: str, replacement: str):
    return lambda text: re.sub(pattern, replacement, text, count=1)


def _comment_body_removed(text: str) -> str:
    return re.sub(r'(<w:comment [^>]*w:id="1"[^>]*>).*?(</w:comment>)', r"\1\2", text, count=1, flags=re.S)


def _overlapping(text: str) -> str:
    """Comment 1's range ends where comment 2's started, and 2's starts where 1's ended:
    "Marco Rubio will attend" and "will attend the Munich Security Conference" overlap."""
    start, end = '<w:commentRangeStart w:id="2"/>', '<w:commentRangeEnd w:id="1"/>'
    return text.replace(start, "\0").replace(end, start).replace("\0", end)


DOCX_CASES = [
    ("no-id", {"word__comments_xml": first(r'(<w:comment )w:id="0" ', r"\1")},
     r"comment 1: it has no w:id", 0),
    ("no-body", {"word__comments_xml": _comment_body_removed}, r"comment 2 \(w:id '1'\): it has no body", 0),
    ("id-not-numeric", {"word__comments_xml": first(r'(<w:comment [^>]*)w:id="2"', r'\1w:id="two"'),
                        "word__document_xml": lambda t: t.replace('w:id="2"', 'w:id="two"')},
     r"comment 3 \(w:id 'two'\): its w:id 'two' is not a number", 0),
    ("id-huge", {"word__comments_xml": first(r'(<w:comment [^>]*)w:id="2"', r'\1w:id="' + "9" * 400 + '"')},
     r"comment 3 \(w:id '9+'\): its w:id '9+' is not a number", 0),
    ("start-without-end", {"word__document_xml": lambda t: t.replace('<w:commentRangeEnd w:id="1"/>', "")},
     r"comment 2 by Policy Analyst: not placed: \(no words\).*marks no words", 0),
    ("overlapping", {"word__document_xml": _overlapping}, r"comment 3 by Policy Analyst: not placed.*overlaps", 0),
    ("nested-same-words", {"word__document_xml": lambda t: t.replace('<w:commentRangeEnd w:id="2"/>', "")
                           .replace('<w:commentRangeEnd w:id="0"/>', '<w:commentRangeEnd w:id="2"/><w:commentRangeEnd w:id="0"/>')
                           .replace('<w:commentRangeStart w:id="2"/>', "")
                           .replace('<w:commentRangeStart w:id="0"/>', '<w:commentRangeStart w:id="0"/><w:commentRangeStart w:id="2"/>')},
     None, 0),  # two spans on the same words: they nest, nothing to say
    ("duplicate-ids", {"word__comments_xml": first(r'(<w:comment [^>]*)w:id="1"', r'\1w:id="0"')},
     None, 0),  # both comments on the one range: both placed
    ("comments-not-xml", {"word__comments_xml": b"<w:comments><w:comment w:id='0'>not closed"},
     r"word/comments.xml is not XML \(line 1", 1),
    ("document-not-xml", {"word__document_xml": b"\x00\x01binary"}, r"word/document.xml is not XML", 1),
    ("comments-part-missing", {"word__comments_xml": None}, r"not a Word document .*comments.xml", 1),
]


@pytest.mark.parametrize("name, edits, located, status", DOCX_CASES, ids=[case[0] for case in DOCX_CASES])
def test_hostile_word_comments(tmp_path, base_docx, name, edits, located, status):
    root = new_workspace(tmp_path / "ws")
    path = tmp_path / "hostile.docx"
    docx_with(base_docx, path, **edits)
    result = run(root, str(path))
    assert result.exit_code == status, result.output
    if located is None:  # nothing wrong to say, only to import
        assert "5 annotations added" in result.output
    else:
        assert_handled(result, "hostile.docx", located)
    sources_read_back(root)


@pytest.mark.parametrize("content", [b"PK\x03\x04 not really a zip", b"", b"\x89PNG\r\n"])
def test_a_docx_that_is_not_a_zip_is_one_located_error(tmp_path, content):
    root = new_workspace(tmp_path / "ws")
    path = tmp_path / "hostile.docx"
    path.write_bytes(content)
    result = run(root, str(path))
    assert_handled(result, "hostile.docx", r"not a Word document \(\.docx\) that can be read")
    assert result.exit_code == 1


def test_a_pdf_of_more_pages_than_an_article_has_is_refused_before_reading(tmp_path, monkeypatch):
    """Thousands of pages took minutes to read: the page count is checked first."""
    from pypdf import PdfWriter

    from briefgen.errors import BriefError
    from briefgen.importers import pdf as pdf_importer

    monkeypatch.setattr(pdf_importer, "MAX_PAGES", 3)
    writer = PdfWriter()
    for _ in range(4):
        writer.add_blank_page(width=200, height=200)
    document = tmp_path / "long.pdf"
    with document.open("wb") as stream:
        writer.write(stream)
    with pytest.raises(BriefError) as caught:
        pdf_importer.read_pdf(document, {})
    assert "this PDF has 4 pages; briefgen imports articles of at most 3" in caught.value.message
