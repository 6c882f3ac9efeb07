"""The span scanner: annotations with exact places, and a clear error for every mistake."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefgen.annotations import KINDS, parse_annotations, strip_markup
from briefgen.errors import BriefError

PATH = Path("sources/a.md")
REPO = Path(__file__).resolve().parent.parent


def parse(text: str, first_line: int = 1):
    return parse_annotations(text, PATH, first_line)


def error_of(text: str) -> BriefError:
    with pytest.raises(BriefError) as caught:
        parse(text)
    error = caught.value
    assert error.path == PATH
    return error


# ---- what is read -----------------------------------------------------------------------

def test_simple_span_keeps_kind_attributes_quote_and_place():
    [a] = parse('Text. [Mike Waltz]{.participant role="National Security Advisor" org=US}')
    assert (a.kind, a.quote, a.line, a.column) == ("participant", "Mike Waltz", 1, 7)
    assert a.attributes == {"role": "National Security Advisor", "org": "US"}
    assert a.get("name") == "Mike Waltz"  # defaults to the marked words
    assert a.value_places["role"] == (1, 38)


def test_nested_spans_outer_first_and_outer_quote_without_inner_markup():
    text = '[[Mike Waltz]{.participant role="National Security Advisor"} said talks would start]{.key}'
    outer, inner = parse(text)
    assert (outer.kind, outer.column) == ("key", 1)
    assert outer.quote == "Mike Waltz said talks would start"
    assert (inner.kind, inner.quote, inner.column) == ("participant", "Mike Waltz", 2)


def test_deep_nesting_keeps_every_level():
    text = "[" * 5 + "core" + "".join("]{.key text=k%d}" % i for i in range(5))
    found = parse(text)
    assert [a.attributes["text"] for a in found] == ["k4", "k3", "k2", "k1", "k0"]
    assert all(a.quote == "core" for a in found)


def test_span_across_lines_in_a_paragraph_folds_whitespace_and_counts_lines():
    text = "First para.\n\nSome words [that run\n  over a line]{.challenge note=\"check\"} end."
    [a] = parse(text, first_line=5)
    assert (a.line, a.column) == (7, 12)
    assert a.quote == "that run over a line"
    assert a.attributes == {"note": "check"}


def test_quoted_values_unescape_and_fold():
    [a] = parse('[q]{.question text="Did he say \\"yes\\" or\n no? C:\\\\dir"}')
    assert a.attributes["text"] == 'Did he say "yes" or no? C:\\dir'


def test_every_kind_and_its_attributes_are_accepted():
    for kind, names in KINDS.items():
        attrs = " ".join(f'{name}="v {name}"' for name in (*names, "note"))
        [a] = parse(f"[w]{{.{kind} {attrs}}}")
        assert a.kind == kind and set(a.attributes) == {*names, "note"}


def test_markdown_links_escapes_and_plain_brackets_are_text():
    assert parse("A [link](https://example.org) and [sic] and \\[x] {braces} too") == []


def test_code_spans_and_fenced_code_are_literal():
    text = "Use `[w]{.key}` like this.\n\n```\n[x]{.bogus}\n```\n\n[real]{.key}"
    [a] = parse(text)
    assert (a.quote, a.line) == ("real", 7)


def test_quote_is_plain_text_and_raw_html_stays_text():
    [a] = parse("[**Bold** <b>raw</b> `code` [link](http://x.test)]{.key}")
    assert a.quote == "Bold <b>raw</b> code link"


def test_columns_count_characters_not_bytes():
    [a] = parse("Zelenskyy’s «talks» [here]{.key}")
    assert a.column == 21


def test_strip_markup_for_titles():
    assert strip_markup("# [Waltz]{.participant} says *talks* start") == "# Waltz says talks start"


# ---- mistakes, each at the place it starts ----------------------------------------------------

@pytest.mark.parametrize("text, line, column, words", [
    ("[a]{.keys}", 1, 5, "unknown kind .keys"),
    ("[a]{.participant rol=x}", 1, 18, "unknown attribute 'rol'"),
    ("ok\n\n[a]{.key text=x", 3, 4, "unterminated attribute block"),
    ("[a]{.key text=x\n\nnext paragraph}", 1, 4, "unterminated attribute block"),
    ('line one\n[a]{.key text="never closed}\nmore\n\nlast "quote" here', 2, 15, "unterminated quoted value"),
    ("intro\n[words that never close {.key}", 2, 1, "unterminated span"),
    ("[words\n\nnext paragraph]{.key}", 1, 1, "unterminated span"),
    ("text [stray bracket\n", 1, 6, "unterminated span"),
    ("[a] {.key}", 1, 5, "not attached"),
    ("words{.key}", 1, 6, "not attached"),
    ("a ]{.key}", 1, 3, "closes no span"),
    ("[a]{.key .challenge}", 1, 10, "second kind"),
    ("[a]{}", 1, 4, "no kind"),
    ("[a]{text=x}", 1, 4, "no kind"),
    ("[]{.key}", 1, 1, "empty span"),
    ("[a]{.key text}", 1, 10, "has no value"),
    ("[a]{.key text= x}", 1, 15, "has no value"),
    ("[a]{.key text=x text=y}", 1, 17, "given twice"),
    ("[a]{.key #id}", 1, 10, "unexpected '#'"),
    ("[a]{.key . }", 1, 10, "must start a kind"),
    ("```\n[a]{.key}\n", 1, 1, "code fence is never closed"),
])
def test_mistakes_point_where_they_start(text, line, column, words):
    error = error_of(text)
    assert (error.line, error.column) == (line, column), error.message
    assert words in error.message


# The words after a forgotten "}" or closing quote look like attributes; the message must
# name where the block or the quote opened, not the article's next word.
@pytest.mark.parametrize("text, line, column, words", [
    ('Text [Marco Rubio]{.participant role="Secretary" will go\nto Munich [this week]{.key}.',
     1, 19, "unterminated attribute block: this '{' is not closed by '}'; it runs into 'will' at line 1, column 50"),
    ('[Marco Rubio]{.participant role=x will go', 1, 14, "it runs into 'will' at line 1, column 35"),
    ('intro\n[a]{.key text=x and\n\nnext', 2, 4, "it runs into 'and'"),
    ('[Marco Rubio]{.participant role=x, later [b]{.key}', 1, 14, "it runs into 'later'"),
    ('Text [Marco Rubio]{.participant role="Secretary of State} will go\nto Munich [this week]{.key text="abc"}.',
     1, 38, "unterminated quoted value: this '\"' is not closed before the '}' at line 1, column 57"),
    ('[a]{.participant role="one} two\n\n[b]{.key}', 1, 23, "unterminated quoted value"),
])
def test_a_block_or_quote_left_open_is_reported_where_it_opened(text, line, column, words):
    error = error_of(text)
    assert (error.line, error.column) == (line, column), error.message
    assert words in error.message
    assert "no value" not in error.message


def test_a_word_that_is_not_an_attribute_inside_a_closed_block_is_still_that_word():
    error = error_of('[a]{.participant role="x" important}')
    assert (error.line, error.column) == (1, 27)
    assert error.message == "attribute 'important' has no value"
    # a "}" inside a properly closed value is text, not a runaway quote
    [a] = parse('[a]{.key note="use {braces}" text=x}')
    assert a.attributes == {"note": "use {braces}", "text": "x"}


@pytest.mark.parametrize("text, meant", [
    ('[Marco Rubio]{participant role="Secretary"}', "participant"),
    ("[a]{key}", "key"),
    ("[a]{particpant org=x}", "participant"),
])
def test_a_kind_without_its_dot_suggests_the_dot(text, meant):
    error = error_of(text)
    assert (error.line, error.column) == (1, text.index("{") + 2)
    assert error.message == f"a kind starts with a dot: did you mean .{meant}?"
    assert f"{{.{meant} ...}}" in error.hint


def test_unknown_kind_suggests_the_closest():
    assert "did you mean .participant" in error_of("[a]{.particpant}").hint


def test_error_lines_count_from_the_file_line_the_text_starts_on():
    with pytest.raises(BriefError) as caught:
        parse("\n[a]{.nope}", first_line=10)
    assert (caught.value.line, caught.value.column) == (11, 5)


# ---- property-based: succeed, or the project's own error with a place ---------------------------

ALPHABET = st.sampled_from(list("[]{}.\"\\`=#~ \n\tab-_") + ["key", "participant", "agenda", ".key",
                                                           "text=", "\n\n", "```", "\x00", "é", "’"])


def assert_parses_or_fails_cleanly(text: str) -> None:
    lines = text.count("\n") + 1
    try:
        found = parse(text)
    except BriefError as error:
        assert error.path == PATH
        assert error.line is not None and 1 <= error.line <= lines
        assert error.column is not None and error.column >= 1
        assert error.message
    else:
        for annotation in found:
            assert annotation.kind in KINDS
            assert 1 <= annotation.line <= lines
            assert annotation.quote


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(ALPHABET, max_size=60).map("".join))
def test_arbitrary_markup_never_escapes_as_another_exception(text):
    assert_parses_or_fails_cleanly(text)


def _default_sources() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted((REPO / "sources").glob("*.md"))]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_mutated_real_sources_parse_or_fail_cleanly(data):
    sources = _default_sources()
    if not sources:
        pytest.skip("no default sources")
    text = data.draw(st.sampled_from(sources))
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(text)))
        action = data.draw(st.sampled_from(["insert", "delete", "replace"]))
        piece = data.draw(st.sampled_from(["[", "]", "{", "}", "{.", '"', "\\", ".", "\n\n", "`", "]{.key}",
                                           "]{.nope}", "[[", "\x00", "=", " "]))
        if action == "insert":
            text = text[:at] + piece + text[at:]
        elif action == "delete":
            text = text[:at] + text[at + data.draw(st.integers(1, 5)):]
        else:
            text = text[:at] + piece + text[at + 1:]
    assert_parses_or_fails_cleanly(text)


@pytest.mark.parametrize("text", ["[a]{.key text='two words'}", "[a]{.key text=“x”}", "[a]{.key text=‘x’}"])
def test_other_quotes_are_an_error_that_says_which_quotes(text):
    error = error_of(text)
    assert (error.line, error.column) == (1, 15)
    assert "straight double quotes" in error.message
