"""The memo as one self-contained HTML document (the source of the PDF).

templates/memo.html.j2 lays the memo out; templates/memo.css.j2 is its stylesheet,
filled from the theme and inlined in a <style> element, so the HTML references
nothing outside itself. All wording comes from render/common.py.

Every value from the sources is untrusted text: the memo template is autoescaped,
and link targets are kept only for web and mail addresses.
"""

from __future__ import annotations

import io
import os
import re
import sys
import types
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path, PurePath

from jinja2 import BaseLoader, StrictUndefined, TemplateError, TemplateNotFound, TemplateSyntaxError
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError
from markupsafe import Markup, escape

from ..errors import BriefError
from ..model import Summary
from ..theme import Templates, Theme, decode_template, read_template_bytes
from . import common

HTML_TEMPLATE = "memo.html.j2"
CSS_TEMPLATE = "memo.css.j2"

GENERIC_FONTS = {"serif", "sans-serif", "monospace", "cursive", "fantasy", "system-ui",
                 "ui-serif", "ui-sans-serif", "ui-monospace", "math", "emoji"}
_HEX_COLOUR = re.compile(r"[0-9A-Fa-f]{3}([0-9A-Fa-f]{3})?")


def _autoescape(name: str | None) -> bool:
    """HTML templates (and templates from strings) are escaped; the stylesheet is
    CSS, where HTML escaping would corrupt it (it is made safe by css_string)."""
    if name is None:
        return True
    return not name.endswith((".css.j2", ".css"))


# ---- the sandbox ------------------------------------------------------------------------------
#
# A workspace's templates are untrusted: a colleague may send a workspace whose
# memo.html.j2 tries `{{ cycler.__init__.__globals__.os.popen("id").read() }}`. Every
# template, built-in ones too, is rendered in Jinja's immutable sandbox (no attribute
# starting with "_", no function internals, no mutating the lists and dicts it is given),
# read only through _ConfinedLoader (files inside the template folders, see
# theme.confined_file), and with objects that reach the file system or the interpreter
# (paths, modules, classes, files) refused outright.

MAX_REPEAT = 1_000_000  # longest string or list `*` may make in a template
MAX_EXPONENT = 1_000


class _Sandbox(ImmutableSandboxedEnvironment):
    intercepted_binops = frozenset({"*", "**"})

    def is_safe_attribute(self, obj, attr, value) -> bool:
        if isinstance(obj, (PurePath, os.PathLike, types.ModuleType, type, io.IOBase, types.FrameType,
                            types.TracebackType, types.CodeType)):
            return False
        if isinstance(value, (types.ModuleType, type, types.FrameType, types.CodeType)):
            return False
        return super().is_safe_attribute(obj, attr, value)

    def call_binop(self, context, operator, left, right):
        if operator == "*":
            for count, other in ((left, right), (right, left)):
                if (isinstance(count, int) and hasattr(other, "__len__")
                        and count * max(len(other), 1) > MAX_REPEAT):
                    raise SecurityError(f"the template repeats a value past {MAX_REPEAT} items")
        if operator == "**" and isinstance(right, (int, float)) and abs(right) > MAX_EXPONENT:
            raise SecurityError(f"the template raises a number to a power past {MAX_EXPONENT}")
        return super().call_binop(context, operator, left, right)


class _ConfinedLoader(BaseLoader):
    """Templates by name from the template folders, workspace first: only files whose
    real path is inside their folder (no symbolic link out, no "..", no absolute name),
    no larger than theme.MAX_TEMPLATE_BYTES, UTF-8 (else an error at the bad byte)."""

    def __init__(self, folders: tuple[str, ...]) -> None:
        self.templates = Templates(tuple(Path(folder) for folder in folders))

    def get_source(self, environment, template: str):
        found = self.templates.locate(template)
        if found is None:
            raise TemplateNotFound(template)
        shown, real = found
        stamp = _stamp(real)
        text = decode_template(read_template_bytes(real, shown), shown)

        def uptodate() -> bool:
            try:
                again = self.templates.locate(template)
            except BriefError:
                return False
            return again is not None and again[1] == real and _stamp(real) == stamp

        return text, str(shown), uptodate


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        status = path.stat()
    except OSError:
        return None
    return status.st_mtime_ns, status.st_size


def environment(templates: Templates) -> ImmutableSandboxedEnvironment:
    """A Jinja2 environment over the template folders, workspace first. One a set of
    folders, kept for the process: compiling the templates took a quarter of a second,
    paid again by every rebuild of `watch` and every layout `layout.fit` tries. Jinja
    checks a template file's time stamp on each use, so an edited template is read again."""
    return _environment(tuple(str(folder) for folder in templates.dirs))


@lru_cache(maxsize=16)
def _environment(folders: tuple[str, ...]) -> ImmutableSandboxedEnvironment:
    env = _Sandbox(
        loader=_ConfinedLoader(folders),
        autoescape=_autoescape,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["css_string"] = css_string
    env.filters["safe_href"] = common.link_target
    env.filters["nl2br"] = nl2br
    env.filters["typeset"] = typeset
    env.filters["isolate"] = common.isolate
    return env


def render_html(summary: Summary, templates: Templates, *, draft: bool = False,
                variant: common.Variant = common.DEFAULT_VARIANT) -> str:
    """The memo as a self-contained HTML document; `draft` prints a DRAFT watermark
    on every page; `variant` is the layout (a step of layout.fit, or the default)."""
    env = environment(templates)
    theme = templates.theme()
    try:
        with _shallow_recursion():
            return _render(env, theme, summary, templates, draft, variant)
    except BriefError as exc:
        if exc.path is not None:
            raise
        where, line = _template_place(exc.__traceback__, templates)
        raise BriefError(where, line, None, exc.message, exc.hint) from None
    except Exception as exc:  # noqa: BLE001 - whatever a template does, a located error, never a traceback
        raise template_error(exc, templates) from None


# Frames a template may nest past where rendering starts. The memo's templates use a few
# dozen; a template that includes itself used up Python's whole recursion limit (about a
# hundred includes of the memo, each rendering it again: eight seconds) before its error.
TEMPLATE_DEPTH = 300


@contextmanager
def _shallow_recursion():
    depth, frame = 0, sys._getframe()
    while frame is not None:
        depth, frame = depth + 1, frame.f_back
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(min(limit, depth + TEMPLATE_DEPTH))
    try:
        yield
    finally:
        sys.setrecursionlimit(limit)


def _render(env, theme, summary, templates: Templates, draft: bool, variant: common.Variant) -> str:
    """The stylesheet, then the memo around it."""
    css = env.get_template(CSS_TEMPLATE).render(
        css=css_theme(theme, summary, templates, variant),
        tight=variant.tight_spacing,
        banner=bool(summary.memo.classification.strip()),
        page_of=common.PAGE_OF,
    )
    # The stylesheet goes inside <style>: nothing in it may end that element.
    css = css.replace("</", "<\\/")
    return env.get_template(HTML_TEMPLATE).render(
        summary=summary,
        memo=summary.memo,
        layout=summary.layout,
        stylesheet=Markup(css),
        draft=draft,
        variant=variant,
        **wording(),
    )


_TEMPLATE_HINT = "fix the template, or delete the workspace's copy to use the built-in one"


def template_error(exc: BaseException, templates: Templates) -> BriefError:
    """A template's failure as an error at its file and line: a syntax error where
    Jinja found it, anything else at the template line that was running."""
    if isinstance(exc, TemplateSyntaxError) and exc.filename:
        where, line = Path(exc.filename), exc.lineno
    else:
        where, line = _template_place(exc.__traceback__, templates, repeated=isinstance(exc, RecursionError))
    if isinstance(exc, RecursionError):
        message = "templates include or extend each other without end (a template includes itself?)"
    elif isinstance(exc, SecurityError):
        message = f"refused by the template sandbox: {exc}"
    elif isinstance(exc, TemplateNotFound):
        message = f"no template named {exc.name!r}"
    elif isinstance(exc, TemplateError):
        message = f"template error: {exc.message or exc}"
    else:
        message = f"template error: {type(exc).__name__}: {exc}"
    return BriefError(where, line, None, message[:500], _TEMPLATE_HINT)


def _template_place(tb, templates: Templates, repeated: bool = False) -> tuple[Path | None, int | None]:
    """The innermost template file and line of a traceback (Jinja rewrites its frames to
    name the template and its line); with `repeated`, the line that recurs most (the
    include that includes itself); (None, None) when no template was running."""
    folders = [str(Path(folder)) for folder in templates.dirs]
    places: list[tuple[Path, int]] = []
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2") or any(filename.startswith(folder + os.sep) for folder in folders):
            places.append((Path(filename), tb.tb_lineno))
        tb = tb.tb_next
    if not places:
        return None, None
    if repeated:
        counts: dict[tuple[Path, int], int] = {}
        for place in places:
            counts[place] = counts.get(place, 0) + 1
        return max(counts, key=counts.__getitem__)  # the first of the most frequent
    return places[-1]


def wording() -> dict[str, object]:
    """What the template may call: the shared wording helpers of render/common.py."""
    return {
        "sections": common.sections,
        "SECTION_TITLES": common.SECTION_TITLES,
        "header_fields": common.header_fields,
        "participant_groups": common.participant_groups,
        "PARTICIPANT_COLUMNS": common.PARTICIPANT_COLUMNS,
        "agenda_cells": common.agenda_cells,
        "AGENDA_COLUMNS": common.AGENDA_COLUMNS,
        "source_text": common.source_text,
        "note_text": common.note_text,
        "item_note_text": common.item_note_text,
        "point_text": common.point_text,
        "compact_note_text": common.compact_note_text,
        "source_note_text": common.source_note_text,
        "BODY_END_ID": common.BODY_END_ID,
        "cited_items": common.cited_items,
        "inline_runs": common.inline_runs,
        "plain_text": common.plain_text,
        "format_date": common.format_date,
        "document_author": common.document_author,
        "document_keywords": common.document_keywords,
        "short_subject": common.short_subject,
        "prepared_by_line": common.prepared_by_line,
        "PAGE_OF": common.PAGE_OF,
        "DRAFT_MARK": common.DRAFT_MARK,
        "has_rtl": common.has_rtl,
        "isolate_start": common.isolate_start,
        "PDI": common.PDI,
        "banner_text": common.banner_text,
        "item_mark": common.item_mark,
        "recommendations_title": common.recommendations_title,
        "recommendation_number": common.recommendation_number,
        "option_line": common.option_line,
        "decision_line": common.decision_line,
        "attachments_label": common.attachments_label,
        "closing_lines": common.closing_lines,
    }


# ---- filters -------------------------------------------------------------------------------

def nl2br(text: str) -> Markup:
    """Escaped text with its line breaks (a Markdown hard break) kept, set by `typeset`."""
    return Markup("<br>").join(typeset(part) for part in str(text).split("\n"))


# Text that looks like an HTML tag ("</script>") or a web address is text too, but it
# reads wrongly when split: a tag is kept on one line, and an address is never
# hyphenated (an inserted hyphen would change it); it may still break anywhere.
_LITERAL = re.compile(
    r"(?P<tag></?[A-Za-z][A-Za-z0-9:-]{0,20}(?:\s[^<>\n]{0,40})?/?>)"
    r"|(?P<url>\b(?:[A-Za-z][A-Za-z0-9+.-]{1,15}://|www\.|mailto:)[^\s<>\"“”‘’]+[^\s<>\"“”‘’.,;:!?)\]])")


def typeset(text: str) -> Markup:
    """Escaped text; literal tags and web addresses wrapped so they are set as one
    piece (class "literal-tag") or without hyphenation (class "literal-url")."""
    text = str(text)
    out: list[Markup] = []
    last = 0
    for match in _LITERAL.finditer(text):
        out.append(escape(text[last:match.start()]))
        kind = "literal-tag" if match.group("tag") else "literal-url"
        out.append(Markup('<span class="{}">{}</span>').format(kind, match.group()))
        last = match.end()
    out.append(escape(text[last:]))
    return Markup("").join(out)


def css_string(value: object) -> str:
    """A value as a double-quoted CSS string, safe inside a <style> element."""
    out = []
    for ch in str(value):
        if ch in '"\\' or ch in "<>&" or ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\{ord(ch):x} ")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


# ---- the theme, ready for CSS ---------------------------------------------------------------------

def _font_stack(first: str, fallbacks: tuple[str, ...], scripts: tuple[str, ...] = ()) -> str:
    """A CSS font-family list: the font, its named fallbacks, then the fonts for other
    scripts, then the generic families (serif...), which would otherwise win first."""
    names = [first, *fallbacks, *scripts]
    named = [name for name in names if name.lower() not in GENERIC_FONTS]
    generic = [name for name in names if name.lower() in GENERIC_FONTS]
    seen: list[str] = []
    for name in named + generic:
        if name and name not in seen:
            seen.append(name)
    return ", ".join(name if name.lower() in GENERIC_FONTS else css_string(name) for name in seen)


def css_theme(theme: Theme, summary: Summary, templates: Templates,
              variant: common.Variant = common.DEFAULT_VARIANT) -> dict[str, object]:
    """The theme's values as CSS text: font stacks, colours with "#", sizes in pt,
    page size and margins in mm; the variant's body size and line spacing instead of
    the theme's. A bad value is an error naming the theme file."""

    def bad(message: str) -> BriefError:
        return BriefError(templates.shown("theme.yaml"), 1, 1, message,
                          "compare it with the built-in templates/theme.yaml")

    colours = {}
    for key, value in theme.colours.items():
        if not _HEX_COLOUR.fullmatch(value):
            raise bad(f"theme colour {key!r} is not a hex RGB value: {value!r}")
        colours[key] = "#" + value
    paper = summary.layout.paper
    if paper not in theme.paper:
        raise bad(f"theme has no paper size {paper!r}")
    width, height = theme.page_size(paper)
    margins = {side: theme.margins.get(side, 25.0) for side in ("top", "bottom", "left", "right")}
    sizes = dict(theme.sizes)
    if variant.body_size is not None:
        sizes["body"] = variant.body_size
    return {
        "body_font": _font_stack(theme.body_font, theme.font_fallbacks, theme.script_fonts),
        "heading_font": _font_stack(theme.heading_font, theme.font_fallbacks, theme.script_fonts),
        "mono_font": _font_stack("Liberation Mono", ("DejaVu Sans Mono", "monospace"), theme.script_fonts),
        "sizes": sizes,
        "size": lambda key, default: float(sizes.get(key, default)),
        "line_spacing": common.variant_line_spacing(theme.line_spacing, variant),
        "heading_caps": theme.heading_caps,
        "colours": colours,
        "colour": lambda key, default: colours.get(key, default),
        "page_width": width,
        "page_height": height,
        "margins": margins,
    }
