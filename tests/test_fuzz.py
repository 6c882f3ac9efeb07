"""Property-based fuzzing of everything a workspace's files can say.

Real annotated sources and brief.yaml files are mutated byte by byte (brackets, braces,
quotes, backslashes, dots, NULs, invalid UTF-8, front-matter fences, YAML syntax, huge
and deeply nested spans) and read back from disk. Whatever the mutation, reading either
succeeds or raises BriefError with the file's path and a line: never another exception.

The number of examples comes from the Hypothesis profile (tests/conftest.py):
`BRIEFGEN_FUZZ=long` (`make fuzz`) runs each property many more times.
"""

from __future__ import annotations

import dataclasses
import io
import json
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from briefgen.annotations import KINDS, MAX_NESTING
from briefgen.errors import BriefError
from briefgen.merge import build_summary
from briefgen.render.docx import render_docx
from briefgen.render.html import render_html
from briefgen.render.json import render_json
from briefgen.theme import Templates
from briefgen.workspace import read_brief, read_source, read_workspace

REPO = Path(__file__).resolve().parent.parent
HANDMADE = Path(__file__).resolve().parent / "fixtures" / "handmade"
SEED_SOURCES = sorted((REPO / "sources").glob("*.md")) + sorted((HANDMADE / "sources").iterdir())
SEED_BRIEFS = [REPO / "brief.yaml", HANDMADE / "brief.yaml"]
BUILTIN = Templates.for_workspace(None)

# What a mutation inserts: the syntax of spans, attribute blocks, front matter and YAML
# (escapes and odd digits too), raw HTML and entities, and bytes a text file should not hold.
PIECES = [
    b"[", b"]", b"{", b"}", b"{.", b"]{", b"]{.key}", b"]{.participant role=\"Envoy\" org=UN}", b"]{.nope}",
    b"]{.agenda when=2025-02-30}", b"]{.agenda when=\"2025-02-14 to 2025-02-10\"}", b"{.key text=",
    b"[[", b"]]", b'"', b"\\", b'\\"', b"\\[", b"\\\\", b".", b"..", b"=", b" ", b"\t", b"\n", b"\n\n",
    b"\r", b"\r\n", b"`", b"``", b"```\n", b"~~~", b"---\n", b"...\n", b"'", "“".encode(), "’".encode(),
    b"#", b"- ", b": ", b"&anchor ", b"*anchor", b"!!python/object:os.system ", b"%YAML 1.1\n", b"? ",
    b"|\n", b">-\n", b"\\0", b"\\a", b"\\x1b", b"\\ud800", b"\\U0010ffff", b"\\N", b"0", b"9", "²".encode(),
    "٣".encode(), b"<script>alert(1)</script>", b"&#0;", b"&#xD800;",
    b"\x00", b"\x07", b"\x1b", b"\x7f", b"\xc2\x85", b"\xef\xbf\xbe", b"\xff", b"\xfe\xff", b"\xc3",
    b"\xed\xa0\x80", b"\xc0\xaf", b"\xef\xbb\xbf", b"\xe2\x80\xa8",
]


def nested_span(depth: int) -> bytes:
    return b"[" * depth + b"core" + b"]{.key}" * depth


@st.composite
def pieces(draw) -> bytes:
    kind = draw(st.sampled_from(["syntax", "syntax", "syntax", "bytes", "nested", "deep", "huge span", "long value"]))
    if kind == "syntax":
        return draw(st.sampled_from(PIECES))
    if kind == "bytes":
        return draw(st.binary(min_size=1, max_size=8))
    if kind == "nested":  # up to past the scanner's nesting limit
        return nested_span(draw(st.integers(1, MAX_NESTING + 20)))
    if kind == "deep":  # brackets, and YAML's nesting: flow lists and mappings, block lists, digits
        return draw(st.sampled_from([b"[", b"{", b"- ", b"{a: ", b"[a, ", b"9"])) * draw(st.integers(1, 5000))
    if kind == "huge span":
        return b"[" + b"many words " * draw(st.integers(1, 20_000)) + b"]{.key}"
    return b'{.key text="' + b"x" * draw(st.integers(1, 50_000)) + b'"}'


@st.composite
def mutated(draw, original: bytes) -> bytes:
    """`original` after a few insertions, deletions, replacements and duplications."""
    data = original
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["insert", "insert", "delete", "replace", "duplicate"]))
        size = draw(st.integers(1, 40))
        if action == "insert":
            data = data[:at] + draw(pieces()) + data[at:]
        elif action == "delete":
            data = data[:at] + data[at + size:]
        elif action == "replace":
            data = data[:at] + draw(pieces()) + data[at + size:]
        else:
            data = data[:at] + data[at:at + size] * draw(st.integers(2, 50)) + data[at:]
    return data


def seeds(paths: list[Path]) -> st.SearchStrategy[bytes]:
    return st.sampled_from([path.read_bytes() for path in paths]).flatmap(mutated)


def line_count(data: bytes) -> int:
    """Lines as briefgen counts them: \\r\\n and a lone \\r end a line too."""
    return data.replace(b"\r\n", b"\n").replace(b"\r", b"\n").count(b"\n") + 1


# Characters no memo can show; a YAML escape ("\\0", "\\ud800") could once put them in a value.
CONTROL_OR_SURROGATE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def assert_located(error: BriefError, paths: dict[Path, bytes]) -> None:
    """A clean failure: one of the files written, and a place inside it."""
    assert error.path in paths, error
    assert error.line is not None and 1 <= error.line <= line_count(paths[error.path]), error
    assert error.column is not None and error.column >= 1, error
    assert error.message.strip(), error


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> Path:
    """One folder, rewritten by every example (Hypothesis runs a test's examples in turn)."""
    root = tmp_path_factory.mktemp("fuzz")
    (root / "sources").mkdir()
    return root


def write_sources(root: Path, sources: dict[str, bytes]) -> dict[Path, bytes]:
    for old in (root / "sources").iterdir():
        old.unlink()
    written = {}
    for name, data in sources.items():
        path = root / "sources" / name
        path.write_bytes(data)
        written[path] = data
    return written


# ---- the properties --------------------------------------------------------------------------

@given(data=seeds(SEED_SOURCES), suffix=st.sampled_from([".md", ".txt"]))
def test_mutated_source_reads_or_fails_with_its_place(workspace, data, suffix):
    [(path, _)] = write_sources(workspace, {"mutated" + suffix: data}).items()
    try:
        source = read_source(path)
    except BriefError as error:
        assert_located(error, {path: data})
        return
    assert source.meta.title.strip()
    for annotation in source.annotations:
        assert annotation.kind in KINDS
        assert 1 <= annotation.line <= line_count(data)
        assert annotation.quote


@given(data=seeds(SEED_BRIEFS))
def test_mutated_brief_reads_or_fails_with_its_place(workspace, data):
    path = workspace / "brief.yaml"
    path.write_bytes(data)
    try:
        brief = read_brief(path)
    except BriefError as error:
        assert_located(error, {path: data})
        return
    assert brief.memo.title.strip()
    assert 1 <= brief.layout.max_pages <= 999
    for value in dataclasses.asdict(brief.memo).values():
        assert not CONTROL_OR_SURROGATE.search(str(value)), value


@given(brief=seeds(SEED_BRIEFS), first=seeds(SEED_SOURCES), second=seeds(SEED_SOURCES))
def test_mutated_workspace_summarises_or_fails_with_a_place(workspace, brief, first, second):
    """The whole pipeline short of rendering: brief, two sources, the merge."""
    (workspace / "brief.yaml").write_bytes(brief)
    files = write_sources(workspace, {"a.md": first, "b.txt": second})
    files[workspace / "brief.yaml"] = brief
    try:
        summary, _ = build_summary(read_workspace(workspace))
    except BriefError as error:
        assert_located(error, files)
        return
    model = json.loads(render_json(summary).encode("utf-8"))  # as the command line writes it
    assert model["memo"]["title"].strip()
    for item in model["key_points"] + model["challenges"] + model["open_questions"]:
        for citation in item["citations"]:
            assert citation["quote"] and citation["line"] >= 1


# ---- hostile words reach every format as text --------------------------------------------------

class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def assert_safe_html(html: str) -> None:
    parser = _Elements()
    parser.feed(html)
    for tag, attributes in parser.tags:
        assert tag not in ("script", "iframe", "object", "embed", "img"), tag
        assert not any(name.startswith("on") for name in attributes), attributes
        for name in ("src", "href"):
            value = "".join((attributes.get(name) or "").split()).lower()
            assert not value.startswith(("file:", "data:", "javascript:", "vbscript:")), attributes


def assert_valid_docx(data: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert package.testzip() is None
        for name in package.namelist():
            if name.endswith((".xml", ".rels")):
                etree.fromstring(package.read(name))  # raises on a character XML cannot hold


# Any text but lone surrogates, which no UTF-8 file can hold.
ANY_TEXT = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=60)


def quoted(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


@settings(max_examples=max(settings.default.max_examples // 5, 1))  # renders: each example costs 50x more
@given(words=ANY_TEXT, text=ANY_TEXT, org=ANY_TEXT, note=ANY_TEXT)
def test_any_words_and_values_render_safely_in_html_json_and_docx(workspace, words, text, org, note):
    """Control characters, markup and URLs in marked words and attribute values: the
    DOCX stays valid XML, the HTML gains no element or link, the JSON keeps them."""
    (workspace / "brief.yaml").write_text('memo:\n  title: "Fuzz"\n  date: 2025-02-11\n', encoding="utf-8")
    source = (f"Headline\n\n[{words}]{{.key text={quoted(text)} note={quoted(note)}}} and "
              f"[{words}]{{.participant org={quoted(org)}}}.\n")
    files = write_sources(workspace, {"a.md": source.encode("utf-8")})
    try:
        summary, _ = build_summary(read_workspace(workspace))
    except BriefError as error:
        assert_located(error, files)
        return
    assert_safe_html(render_html(summary, BUILTIN))
    assert_valid_docx(render_docx(summary, BUILTIN))
    json.loads(render_json(summary))
