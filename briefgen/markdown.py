"""Inline Markdown, read with markdown-it-py: runs for the renderers, plain text for quotes.

Raw HTML is never markup here (html=False): "<b>" stays the text "<b>".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# What can start inline Markdown here (CommonMark, raw HTML and images off), or is
# rewritten by it (carriage returns, NUL). Text with none of these is one plain run,
# line breaks aside, so it skips the parser: a memo without Markdown never loads it.
_MARKDOWN_SYNTAX = re.compile(r"[\\`*_\[\]<&\r\0]")
# A line end as CommonMark reads it: a hard break after two or more spaces, else a
# space; the spaces before it and the indent after it are dropped.
_LINE_END = re.compile(r"( *)\n[ \t]*")


@dataclass(frozen=True)
class Run:
    """A piece of inline text with its formatting: what both HTML and DOCX can show."""

    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False
    href: str = ""


@lru_cache(maxsize=1)
def _markdown():
    from markdown_it import MarkdownIt

    # html=False: raw HTML stays text ("<b>" prints as "<b>"); linkify off: no guessing.
    return MarkdownIt("commonmark", {"html": False}).disable(["image"])


def inline_runs(text: str) -> list[Run]:
    """Inline Markdown (emphasis, strong, code, links) as runs. Links keep their URL
    as data only; nothing is ever fetched."""
    if not _MARKDOWN_SYNTAX.search(text):
        plain = _LINE_END.sub(lambda end: "\n" if len(end.group(1)) >= 2 else " ", text)
        return [Run(plain)] if plain else []
    return _parsed_runs(text)


def _parsed_runs(text: str) -> list[Run]:
    tokens = _markdown().parseInline(text)
    runs: list[Run] = []
    bold = italic = 0
    href = ""
    children = (tokens[0].children or []) if tokens else []
    for token in children:
        kind = token.type
        if kind == "strong_open":
            bold += 1
        elif kind == "strong_close":
            bold -= 1
        elif kind == "em_open":
            italic += 1
        elif kind == "em_close":
            italic -= 1
        elif kind == "link_open":
            href = str(token.attrGet("href") or "")
        elif kind == "link_close":
            href = ""
        elif kind in ("text", "html_inline"):
            runs.append(Run(token.content, bool(bold), bool(italic), False, href))
        elif kind == "code_inline":
            runs.append(Run(token.content, bool(bold), bool(italic), True, href))
        elif kind in ("softbreak", "hardbreak"):
            runs.append(Run(" " if kind == "softbreak" else "\n", bool(bold), bool(italic), False, href))
    return _joined(runs)


def _joined(runs: list[Run]) -> list[Run]:
    """Neighbouring runs with the same formatting become one."""
    out: list[Run] = []
    for run in runs:
        if out and (out[-1].bold, out[-1].italic, out[-1].code, out[-1].href) == (
                run.bold, run.italic, run.code, run.href):
            out[-1] = Run(out[-1].text + run.text, run.bold, run.italic, run.code, run.href)
        elif run.text:
            out.append(run)
    return out


def plain_text(markdown: str) -> str:
    """Inline Markdown as plain text: the words a reader sees."""
    return "".join(run.text for run in inline_runs(markdown))
