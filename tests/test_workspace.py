"""Reading a workspace: brief.yaml validated with exact places, and the sources in
sources/ with their front matter, encodings and annotation places."""

from __future__ import annotations

import datetime as dt
import os
import textwrap
from pathlib import Path

import pytest

from briefgen.errors import BriefError
from briefgen.workspace import find_root, read_brief, read_source, read_workspace

MINIMAL_BRIEF = 'memo:\n  title: "A memo"\n  date: 2025-02-11\n'


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def workspace(tmp_path: Path, sources: dict[str, str | bytes] | None = None, brief: str = MINIMAL_BRIEF) -> Path:
    root = tmp_path / "ws"
    write(root / "brief.yaml", brief)
    (root / "sources").mkdir(parents=True, exist_ok=True)
    for name, content in (sources or {}).items():
        write(root / "sources" / name, content)
    return root


def brief_of(tmp_path: Path, text: str):
    return read_brief(write(tmp_path / "brief.yaml", textwrap.dedent(text)))


def brief_error(tmp_path: Path, text: str) -> BriefError:
    path = write(tmp_path / "brief.yaml", textwrap.dedent(text))
    with pytest.raises(BriefError) as caught:
        read_brief(path)
    assert caught.value.path == path
    return caught.value


def source_of(tmp_path: Path, content: str | bytes, name: str = "a.md"):
    return read_source(write(tmp_path / name, content))


def source_error(tmp_path: Path, content: str | bytes, name: str = "a.md") -> BriefError:
    path = write(tmp_path / name, content)
    with pytest.raises(BriefError) as caught:
        read_source(path)
    assert caught.value.path == path
    return caught.value


def place(error: BriefError) -> tuple[int | None, int | None]:
    return error.line, error.column


# ---- brief.yaml: what is read -----------------------------------------------------------

def test_full_brief_is_read_with_every_field(tmp_path):
    brief = brief_of(tmp_path, """\
        memo:
          type: Information Memorandum
          title: "US–European talks"
          subject: "Talks"
          to: The Secretary
          from: Policy Planning
          through: "Under Secretary"
          date: 2025-02-11
          classification: UNCLASSIFIED
          prepared_by: "J. Doe, x4-1234"
          lang: en-GB
        summary: |
          Bottom **line**.
        key_points: [{text: "A point", note: "mine"}]
        participants: [{name: "Jane Roe", role: Minister, org: Ruritania}]
        agenda: [{item: Dinner, when: "2025-02-12", where: Paris, who: "Jane Roe; John Doe"}]
        challenges: [{text: "A challenge"}]
        open_questions: [{text: "A question?"}]
        layout:
          paper: A4
          citations: endnotes
          max_pages: 3
        """)
    memo = brief.memo
    assert (memo.type, memo.title, memo.subject, memo.to, memo.from_, memo.through) == (
        "Information Memorandum", "US–European talks", "Talks", "The Secretary", "Policy Planning", "Under Secretary")
    assert (memo.date, memo.classification, memo.prepared_by, memo.lang) == (
        dt.date(2025, 2, 11), "UNCLASSIFIED", "J. Doe, x4-1234", "en-GB")
    assert brief.summary == "Bottom **line**."
    assert (brief.key_points[0].text, brief.key_points[0].note) == ("A point", "mine")
    person = brief.participants[0]
    assert (person.name, person.role, person.org) == ("Jane Roe", "Minister", "Ruritania")
    item = brief.agenda[0]
    assert (item.item, item.when.start, item.where, item.who) == (
        "Dinner", dt.date(2025, 2, 12), "Paris", ["Jane Roe", "John Doe"])
    assert brief.challenges[0].text == "A challenge"
    assert brief.open_questions[0].text == "A question?"
    assert (brief.layout.paper, brief.layout.citations, brief.layout.max_pages) == ("a4", "endnotes", 3)
    assert all(i.citations == [] for i in (*brief.key_points, *brief.participants, *brief.agenda))


def test_defaults(tmp_path):
    brief = brief_of(tmp_path, "memo:\n  title: Just a title\n")
    assert brief.memo.type == "Briefing Memorandum"
    assert brief.memo.subject == "Just a title"
    assert brief.memo.date == dt.date.today()
    assert (brief.memo.to, brief.memo.classification, brief.memo.lang) == ("", "", "en")
    assert (brief.layout.paper, brief.layout.citations, brief.layout.max_pages) == ("letter", "footnotes", 2)
    assert brief.key_points == [] and brief.summary == ""


@pytest.mark.parametrize("word", ["no", "yes", "off", "on", "true", "null", "~", "1e3", "0x10"])
def test_values_stay_the_text_written(tmp_path, word):
    """No YAML 1.1 coercion: `to: no` is the text "no", not False."""
    brief = brief_of(tmp_path, f"memo:\n  title: x\n  to: {word}\n  from: {word}\n")
    expected = "" if word in ("null", "~") else word
    assert brief.memo.to == expected and brief.memo.from_ == expected


def test_list_items_may_be_plain_strings(tmp_path):
    brief = brief_of(tmp_path, """\
        memo: {title: x}
        key_points:
          - A plain point
          - text: A mapped point
        participants: ["Jane Roe"]
        agenda: ["Dinner"]
        challenges: ["Hard"]
        open_questions: ["Why?"]
        """)
    assert [p.text for p in brief.key_points] == ["A plain point", "A mapped point"]
    assert brief.participants[0].name == "Jane Roe" and brief.participants[0].role == ""
    assert brief.agenda[0].item == "Dinner" and brief.agenda[0].when is None
    assert (brief.challenges[0].text, brief.open_questions[0].text) == ("Hard", "Why?")


def test_agenda_when_date_range_and_free_text(tmp_path):
    brief = brief_of(tmp_path, """\
        memo: {title: x}
        agenda:
          - {item: One day, when: 2025-02-14}
          - {item: Three days, when: "2025-02-14 to 2025-02-16"}
          - {item: Some day, when: "later this week"}
          - {item: No day}
        """)
    one, three, some, none = brief.agenda
    assert (one.when.start, one.when.end, one.when.text) == (dt.date(2025, 2, 14), dt.date(2025, 2, 14), "2025-02-14")
    assert (three.when.start, three.when.end) == (dt.date(2025, 2, 14), dt.date(2025, 2, 16))
    assert (some.when.text, some.when.dated) == ("later this week", False)
    assert none.when is None


# ---- brief.yaml: mistakes, each at its place --------------------------------------------------

def test_unknown_top_level_key_names_it_at_its_place_with_a_hint(tmp_path):
    error = brief_error(tmp_path, "memo:\n  title: x\nkey_point:\n  - text: y\n")
    assert place(error) == (3, 1)
    assert "'key_point'" in error.message
    assert "did you mean 'key_points'" in error.hint


def test_unknown_memo_key_names_it_at_its_place_with_a_hint(tmp_path):
    error = brief_error(tmp_path, "memo:\n  title: x\n  clasification: SECRET\n")
    assert place(error) == (3, 3)
    assert "'clasification'" in error.message and "memo" in error.message
    assert "did you mean 'classification'" in error.hint


def test_unknown_key_in_a_list_item(tmp_path):
    error = brief_error(tmp_path, "memo: {title: x}\nparticipants:\n  - name: A\n    organisation: B\n")
    assert place(error) == (4, 5)
    assert "'organisation'" in error.message


def test_key_that_is_not_text_is_a_clear_error(tmp_path):
    error = brief_error(tmp_path, "memo:\n  title: x\n? [a, b]\n: 2\n")
    assert place(error) == (3, 3)
    assert "None" not in error.message and "key" in error.message


def test_missing_title(tmp_path):
    error = brief_error(tmp_path, "memo:\n  to: The Secretary\n")
    assert place(error) == (2, 3)
    assert "memo.title" in error.message and "required" in error.message


def test_empty_title(tmp_path):
    error = brief_error(tmp_path, 'memo:\n  title: ""\n')
    assert place(error) == (2, 10)
    assert "memo.title" in error.message


def test_missing_memo(tmp_path):
    error = brief_error(tmp_path, "summary: Something\n")
    assert place(error) == (1, 1)
    assert "memo" in error.message and "required" in error.message


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n"])
def test_empty_file(tmp_path, text):
    error = brief_error(tmp_path, text)
    assert place(error) == (1, 1)
    assert "empty" in error.message


@pytest.mark.parametrize("text", ["- a list\n", "just words\n"])
def test_top_level_must_be_a_mapping(tmp_path, text):
    error = brief_error(tmp_path, text)
    assert place(error) == (1, 1)
    assert "mapping" in error.message


def test_yaml_syntax_error_at_its_line(tmp_path):
    error = brief_error(tmp_path, "memo:\n  title: x\n  to: a: b\n")
    assert place(error) == (3, 8)
    assert error.message.startswith("YAML error")


@pytest.mark.parametrize("text, line, column", [
    ("memo:\n  title: x\n\tto: y\n", 3, 1),
    ("memo:\n\ttitle: x\n", 2, 1),
    ("memo:\n  title: x\nkey_points:\n  - text: a\n\t- text: b\n", 5, 1),
])
def test_yaml_tab_says_yaml_forbids_tabs_at_the_tab(tmp_path, text, line, column):
    error = brief_error(tmp_path, text)
    assert place(error) == (line, column)
    assert error.message == "YAML error: a tab character: YAML forbids tabs for indentation and between items"
    assert "indent with spaces" in error.hint



@pytest.mark.parametrize("text", [
    'memo:\n  title: "x\n  to: y\n\nsummary: z\n',
    "memo:\n  title: 'x\n  to: y\n\nsummary: z\n",
    "memo:\n  title: [x\n",
    "memo:\n  title: {x: y\n"])
def test_yaml_unclosed_quote_or_bracket_points_where_it_opens(tmp_path, text):
    """Not at the end of the file, where YAML notices it."""
    error = brief_error(tmp_path, text)
    assert place(error) == (2, 10)
    assert error.message.startswith("YAML error") and "never closed" in error.message


def test_yaml_error_inside_a_bracket_names_where_the_bracket_opens(tmp_path):
    error = brief_error(tmp_path, "memo:\n  title: [x\n  to: y\n")
    assert place(error) == (3, 5)
    assert "line 2, column 10" in error.message


def test_yaml_control_character_at_its_place(tmp_path):
    error = brief_error(tmp_path, "memo:\n  title: a\x07b\n")
    assert place(error) == (2, 11)
    assert "U+0007" in error.message and "\n" not in error.message


def test_date_times_give_their_date(tmp_path):
    brief = tmp_path / "brief.yaml"
    brief.write_text("memo:\n  title: x\n  date: 2025-02-11T10:00Z\n", encoding="utf-8")
    assert read_brief(brief).memo.date == dt.date(2025, 2, 11)


@pytest.mark.parametrize("value", ["2025-02-30", "tomorrow", "2025-13-01", "11/02/2025", "2025-02-11T25:00"])
def test_bad_memo_date(tmp_path, value):
    error = brief_error(tmp_path, f"memo:\n  title: x\n  date: {value}\n")
    assert place(error) == (3, 9)
    assert "memo.date" in error.message and repr(value) in error.message
    assert "YYYY-MM-DD" in error.message


@pytest.mark.parametrize("layout, column", [
    ("paper: legal", 10), ("citations: inline", 14), ("max_pages: 0", 14),
    ("max_pages: two", 14), ("max_pages: -1", 14), ("max_pages: 1.5", 14)])
def test_bad_layout_values(tmp_path, layout, column):
    error = brief_error(tmp_path, f"memo:\n  title: x\nlayout:\n  {layout}\n")
    assert place(error) == (4, column)
    assert f"layout.{layout.split(':')[0]}" in error.message


def test_bad_language_tag(tmp_path):
    error = brief_error(tmp_path, "memo:\n  title: x\n  lang: english please\n")
    assert place(error) == (3, 9)
    assert "memo.lang" in error.message


def test_yaml_aliases_are_refused(tmp_path):
    error = brief_error(tmp_path, "memo:\n  title: &t The title\n  subject: *t\n")
    assert place(error) == (3, 12)
    assert "alias" in error.message


def test_billion_laughs_is_refused_quickly(tmp_path):
    lines = ['a0: &a0 ["lol"]'] + [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 9)]
    error = brief_error(tmp_path, "\n".join(lines) + "\nmemo: {title: x}\n")
    assert error.line == 2 and "alias" in error.message


@pytest.mark.parametrize("text, where, key", [
    ("memo:\n  title: x\n  title: y\n", (3, 3), "title"),
    ("memo:\n  title: x\nmemo:\n  title: y\n", (3, 1), "memo"),
    ("memo: {title: x}\nkey_points:\n  - {text: a, text: b}\n", (3, 15), "text")])
def test_duplicate_keys(tmp_path, text, where, key):
    error = brief_error(tmp_path, text)
    assert place(error) == where
    assert f"{key!r} appears twice" in error.message


def test_memo_must_be_a_mapping(tmp_path):
    error = brief_error(tmp_path, "memo: [title]\n")
    assert place(error) == (1, 7)


def test_text_value_must_not_be_a_list(tmp_path):
    error = brief_error(tmp_path, "memo:\n  title: [a, b]\n")
    assert place(error) == (2, 10)
    assert "memo.title" in error.message


def test_section_must_be_a_list(tmp_path):
    error = brief_error(tmp_path, "memo: {title: x}\nkey_points: just one\n")
    assert place(error) == (2, 13)
    assert "key_points" in error.message and "list" in error.message


def test_list_item_without_its_main_field(tmp_path):
    error = brief_error(tmp_path, "memo: {title: x}\nparticipants:\n  - {role: Minister}\n")
    assert place(error) == (3, 5)
    assert "name" in error.message


@pytest.mark.parametrize("when", ["2025-02-30", "2025-02-14 to 2025-02-31", "2025-02-16 to 2025-02-14",
                                  "2025-02-14 at noon"])
def test_agenda_bad_when_at_its_value(tmp_path, when):
    error = brief_error(tmp_path, f'memo: {{title: x}}\nagenda:\n  - item: Talks\n    when: "{when}"\n')
    assert place(error) == (4, 11)
    assert "when" in error.message


@pytest.mark.parametrize("when, dated, advice", [
    ("12/11/2026", None, "write 2026-12-11 for 11 December 2026 or 2026-11-12 for 12 November 2026"),
    ("11 December 2026", dt.date(2026, 12, 11), "write 2026-12-11"),
    ("Dec 11, 2026", dt.date(2026, 12, 11), "write 2026-12-11"),
    ("December 11–12, 2026", dt.date(2026, 12, 11), "write 2026-12-11 to 2026-12-12"),
])
def test_agenda_when_not_in_iso_form_is_a_warning_at_its_value(tmp_path, when, dated, advice):
    path = write(tmp_path / "brief.yaml", "memo: {title: x}\nagenda:\n  - item: Talks\n"
                                          f'    when: "{when}"\n  - {{item: Dinner, when: \'{when}\'}}\n')
    warnings = []
    brief = read_brief(path, warnings)
    assert [item.when.start for item in brief.agenda] == [dated, dated]
    first, second = warnings
    assert (first.place.path, first.place.line, first.place.column) == (path, 4, 11)
    assert (second.place.line, second.place.column) == (5, 26)
    assert first.message.startswith(f"agenda when {when!r} ") and advice in first.message


def test_agenda_when_warnings_reach_the_workspace(tmp_path):
    root = workspace(tmp_path, brief="memo: {title: x}\nagenda:\n  - {item: Talks, when: 12.11.2026}\n"
                                     "  - {item: Later, when: the week of talks}\n")
    [warning] = read_workspace(root).warnings
    assert (warning.place.path.name, warning.place.line, warning.place.column) == ("brief.yaml", 3, 25)


def test_non_utf8_brief(tmp_path):
    path = write(tmp_path / "brief.yaml", b"memo:\n  title: caf\xe9\n")
    with pytest.raises(BriefError) as caught:
        read_brief(path)
    assert place(caught.value) == (2, 13)
    assert "UTF-8" in caught.value.message


def test_brief_with_bom_and_crlf(tmp_path):
    path = write(tmp_path / "brief.yaml", b"\xef\xbb\xbfmemo:\r\n  title: x\r\n  date: nope\r\n")
    with pytest.raises(BriefError) as caught:
        read_brief(path)
    assert place(caught.value) == (3, 9)


# ---- sources: front matter and titles -----------------------------------------------------------

def test_front_matter_with_every_key(tmp_path):
    source = source_of(tmp_path, textwrap.dedent("""\
        ---
        title: "Ministers gather"
        outlet: Polar Post
        author: "K. Nordmann"
        date: 2025-05-10
        url: "https://example.org/a"
        accessed: 2025-05-11
        ---

        Body text.
        """), name="01-ministers.md")
    meta = source.meta
    assert (meta.id, meta.title, meta.outlet, meta.author, meta.url) == (
        "01-ministers", "Ministers gather", "Polar Post", "K. Nordmann", "https://example.org/a")
    assert (meta.date, meta.accessed) == (dt.date(2025, 5, 10), dt.date(2025, 5, 11))
    assert source.annotations == []


def test_front_matter_unknown_key_at_its_file_line(tmp_path):
    error = source_error(tmp_path, "---\ntitle: T\nautor: X\n---\nBody\n")
    assert place(error) == (3, 1)
    assert "'autor'" in error.message and "did you mean 'author'" in error.hint


def test_front_matter_without_title(tmp_path):
    error = source_error(tmp_path, "---\noutlet: Polar Post\n---\nBody\n")
    assert error.line == 2
    assert "title" in error.message and "required" in error.message


def test_empty_front_matter(tmp_path):
    error = source_error(tmp_path, "---\n---\nBody\n")
    assert place(error) == (1, 1) and "title" in error.message


def test_unclosed_front_matter_at_line_1(tmp_path):
    error = source_error(tmp_path, "---\ntitle: T\n\nBody [x]{.key}\n")
    assert place(error) == (1, 1)
    assert "never closed" in error.message and "---" in error.hint


def test_front_matter_yaml_error_at_the_file_line(tmp_path):
    error = source_error(tmp_path, "---\ntitle: T\noutlet: a: b\n---\n")
    assert place(error) == (3, 10)
    assert error.message.startswith("YAML error")


def test_front_matter_unclosed_quote_at_the_file_line(tmp_path):
    error = source_error(tmp_path, '---\ntitle: T\nauthor: "K. Nordmann\n---\nBody\n')
    assert place(error) == (3, 9)


def test_front_matter_bad_date_at_the_file_line(tmp_path):
    error = source_error(tmp_path, "---\ntitle: T\ndate: 2025-02-30\n---\n")
    assert place(error) == (3, 7)
    assert "date" in error.message


def test_front_matter_closed_by_dots_and_at_end_of_file(tmp_path):
    assert source_of(tmp_path, "---\ntitle: T\n...\nBody\n").meta.title == "T"
    assert source_of(tmp_path, "---\ntitle: T\n---").meta.title == "T"


def test_title_from_first_line_without_markup(tmp_path):
    source = source_of(tmp_path, "\n\n## Wire: **Ice** & [fuel]{.key} top the *agenda*\n\nBody.\n", name="w.txt")
    assert source.meta.title == "Wire: Ice & fuel top the agenda"
    assert source.meta.outlet == "" and source.meta.date is None
    [annotation] = source.annotations
    assert (annotation.line, annotation.column) == (3, 20)


def test_title_of_an_empty_file_is_its_id(tmp_path):
    assert source_of(tmp_path, "", name="empty.md").meta.title == "empty"


# ---- sources: encodings and places ------------------------------------------------------------

def test_annotation_lines_are_file_lines_counting_front_matter(tmp_path):
    source = source_of(tmp_path, "---\ntitle: T\nurl: u\n---\n\nSome [words]{.key} here.\n")
    [annotation] = source.annotations
    assert (annotation.line, annotation.column, annotation.quote) == (6, 6, "words")


def test_bom_and_crlf_keep_lines_and_columns(tmp_path):
    data = "\ufeff---\r\ntitle: T\r\n---\r\n\r\nab [x]{.key}\r\ncd [y]{.challenge text=\"z\"}\r\n".encode()
    source = source_of(tmp_path, data)
    assert source.meta.title == "T"
    assert [(a.line, a.column, a.quote) for a in source.annotations] == [(5, 4, "x"), (6, 4, "y")]
    assert source.annotations[1].value_places["text"] == (6, 24)


def test_bom_without_front_matter(tmp_path):
    source = source_of(tmp_path, "\ufeffHeadline\n[x]{.key}\n".encode())
    assert source.meta.title == "Headline"
    assert (source.annotations[0].line, source.annotations[0].column) == (2, 1)


def test_crlf_front_matter_error_line(tmp_path):
    error = source_error(tmp_path, b"---\r\ntitle: T\r\nfoo: 1\r\n---\r\n")
    assert place(error) == (3, 1)


def test_non_utf8_at_the_bad_byte(tmp_path):
    # "é" is one column however many bytes it takes; the Latin-1 byte is column 6
    error = source_error(tmp_path, "First line\nCaf\u00e9 ".encode() + b"\xe9t\xe9\n")
    assert place(error) == (2, 6)
    assert "UTF-8" in error.message and "0xe9" in error.message


def test_non_utf8_on_first_line_after_a_bom(tmp_path):
    error = source_error(tmp_path, b"\xef\xbb\xbfab\xffcd\n")
    assert place(error) == (1, 3)


def test_non_utf8_after_crlf_lines(tmp_path):
    error = source_error(tmp_path, b"one\r\ntwo\r\nx\x80\r\n")
    assert place(error) == (3, 2)


@pytest.mark.parametrize("bom, codec", [(b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")])
def test_utf16_file_is_named_as_such(tmp_path, bom, codec):
    error = source_error(tmp_path, bom + "Headline\n[x]{.key}\n".encode(codec), name="notepad.txt")
    assert place(error) == (1, 1)
    assert "UTF-16" in error.message and "UTF-8" in error.hint


def test_binary_file(tmp_path):
    error = source_error(tmp_path, b"%PDF-1.7\n\x00\x01\x02\xff binary", name="report.md")
    assert place(error) == (2, 1)
    assert "binary" in error.message and "text" in error.hint


def test_annotation_error_at_the_file_line(tmp_path):
    error = source_error(tmp_path, "---\ntitle: T\n---\n\nA [span]{.kye}\n")
    assert place(error) == (5, 10)
    assert "unknown kind" in error.message


# ---- sources/: which files, in which order ---------------------------------------------------

def test_md_and_txt_are_read_in_file_name_order(tmp_path):
    root = workspace(tmp_path, {
        "02-second.txt": "Second headline\n[x]{.key}\n",
        "01-first.md": "---\ntitle: First\n---\n",
        "10-tenth.MD": "# Tenth\n",
        "03-third.md": "Third\n",
    })
    read = read_workspace(root)
    assert [s.meta.id for s in read.sources] == ["01-first", "02-second", "03-third", "10-tenth"]
    assert [s.meta.title for s in read.sources] == ["First", "Second headline", "Third", "Tenth"]
    assert read.sources[1].annotations[0].line == 2
    assert read.warnings == []


def test_other_files_are_ignored_with_a_warning(tmp_path):
    root = workspace(tmp_path, {"a.md": "A\n", "notes.docx": b"PK\x03\x04", "b.pdf": b"%PDF"})
    read = read_workspace(root)
    assert [s.meta.id for s in read.sources] == ["a"]
    assert len(read.warnings) == 2
    warned = {w.place.path.name for w in read.warnings}
    assert warned == {"notes.docx", "b.pdf"}
    assert all("ignored" in w.message for w in read.warnings)


def test_hidden_files_and_folders_are_ignored_silently(tmp_path):
    root = workspace(tmp_path, {"a.md": "A\n", ".draft.md": "[x]{.bogus}\n", ".DS_Store": b"\0\0",
                                ".git/x.md": "X\n"})
    read = read_workspace(root)
    assert [s.meta.id for s in read.sources] == ["a"]
    assert read.warnings == []


def test_sub_folders_are_not_read_but_warned_about(tmp_path):
    """Their annotations would otherwise vanish without a word."""
    root = workspace(tmp_path, {"a.md": "A\n", "old/b.md": "B [x]{.key}\n"})
    read = read_workspace(root)
    assert [s.meta.id for s in read.sources] == ["a"]
    [warning] = read.warnings
    assert warning.place.path.name == "old" and "folder" in warning.message


def test_empty_sources_folder_is_fine(tmp_path):
    read = read_workspace(workspace(tmp_path))
    assert read.sources == [] and read.brief.memo.title == "A memo"


def test_duplicate_ids(tmp_path):
    root = workspace(tmp_path, {"a.md": "A\n", "a.txt": "A again\n"})
    with pytest.raises(BriefError) as caught:
        read_workspace(root)
    error = caught.value
    assert error.path.name == "a.txt"
    assert "'a'" in error.message and "a.md" in error.message and "a.txt" in error.message


def test_missing_sources_folder(tmp_path):
    root = tmp_path / "ws"
    write(root / "brief.yaml", MINIMAL_BRIEF)
    with pytest.raises(BriefError) as caught:
        read_workspace(root)
    assert caught.value.path == root / "sources"
    assert "sources/" in caught.value.message


def test_missing_brief(tmp_path):
    (tmp_path / "sources").mkdir()
    with pytest.raises(BriefError) as caught:
        read_workspace(tmp_path)
    assert "brief.yaml" in caught.value.message


def test_symlink_outside_the_workspace_is_refused(tmp_path):
    secret = write(tmp_path / "elsewhere" / "secret.md", "Secret\n")
    root = workspace(tmp_path)
    os.symlink(secret, root / "sources" / "leak.md")
    with pytest.raises(BriefError) as caught:
        read_workspace(root)
    assert caught.value.path.name == "leak.md"
    assert "outside the workspace" in caught.value.message


def test_symlink_inside_the_workspace_is_read(tmp_path):
    root = workspace(tmp_path)
    shared = write(root / "archive" / "kept.md", "Kept headline\n")
    os.symlink(shared, root / "sources" / "kept.md")
    assert [s.meta.title for s in read_workspace(root).sources] == ["Kept headline"]


def test_error_in_any_source_stops_the_read(tmp_path):
    root = workspace(tmp_path, {"a.md": "fine\n", "b.md": "line\n[bad]{.key nope=1}\n"})
    with pytest.raises(BriefError) as caught:
        read_workspace(root)
    assert caught.value.path.name == "b.md" and place(caught.value) == (2, 12)


# ---- find_root -------------------------------------------------------------------------------

def test_find_root_walks_up_parents(tmp_path):
    root = workspace(tmp_path)
    deep = root / "sources" / "x" / "y"
    deep.mkdir(parents=True)
    assert find_root(deep) == root.resolve()
    assert find_root(root) == root.resolve()


def test_find_root_takes_the_nearest(tmp_path):
    outer = workspace(tmp_path)
    inner = outer / "nested"
    write(inner / "brief.yaml", MINIMAL_BRIEF)
    assert find_root(inner / "") == inner.resolve()


def test_find_root_without_a_workspace(tmp_path):
    with pytest.raises(BriefError) as caught:
        find_root(tmp_path)
    assert "brief.yaml" in caught.value.message and "init" in caught.value.hint


def test_a_carriage_return_escape_is_a_line_end_not_a_control_character(tmp_path):
    """Found by fuzzing: "\\r" in a double-quoted value reached the memo as a control character."""
    (tmp_path / "brief.yaml").write_text('memo:\n  title: "a"\n  subject: "US talks \\retary \\r\\n end"\n',
                                         encoding="utf-8")
    assert read_brief(tmp_path / "brief.yaml").memo.subject == "US talks \netary \n end"
