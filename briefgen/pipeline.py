"""Building a memo, for every command and for Python users: no click, no printing.

    from briefgen.pipeline import BuildOptions, build
    result = build(Path("my-brief"), BuildOptions(formats=("pdf", "docx")))
    result.written    # the files written
    result.warnings   # BriefWarning: what the analyst should look at
    result.notes      # what the build did worth saying ("fitted to 2 pages with compact citations")

Bad input raises BriefError (having written nothing); the command line (cli.py) turns
errors and warnings into messages. `load` reads and merges a workspace; `render` makes
the files in memory; `build` does both and writes them, all or none.

Each library is imported where it is first needed, so a command loads only what it
uses (WeasyPrint only for a PDF, or to measure the page limit with layout.fit).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .errors import BriefError, BriefWarning

FORMATS = ("pdf", "docx", "html", "json", "eml")
DEFAULT_FORMATS = ("pdf", "docx")
# The .eml attaches the PDF and the DOCX: asking for it renders and writes them too.
EML_ATTACHMENTS = ("pdf", "docx")


@dataclass(frozen=True)
class BuildOptions:
    """What one build makes: `build` and every rebuild of `watch` take it from the
    command line's options (cli._build_options). A new build option is a field here."""

    formats: tuple[str, ...] = DEFAULT_FORMATS  # each one of FORMATS
    paper: str | None = None  # overrides layout.paper
    output: Path | None = None  # default: out/ in the workspace
    draft: bool = False
    pdf_variant: str | None = None

    @classmethod
    def from_options(cls, formats: tuple[str, ...], output: str | None, **options) -> BuildOptions:
        """From the command line's options: "all", and no --format at all, resolved."""
        chosen = FORMATS if "all" in formats else tuple(f for f in FORMATS if f in (formats or DEFAULT_FORMATS))
        return cls(with_attachments(chosen), output=Path(output) if output else None, **options)


def with_attachments(formats: tuple[str, ...]) -> tuple[str, ...]:
    """The formats, with the PDF and the DOCX an .eml attaches, in FORMATS order."""
    wanted = set(formats) | (set(EML_ATTACHMENTS) if "eml" in formats else set())
    return tuple(f for f in FORMATS if f in wanted)


@dataclass
class Loaded:
    workspace: object  # workspace.Workspace
    summary: object  # model.Summary
    warnings: list[BriefWarning]


@dataclass
class PageReport:
    """The page limit, as measured in the PDF layout."""

    body_pages: int  # pages up to the end of what must fit layout.max_pages
    pages: int  # every page, sources included
    max_pages: int
    fit: str | None  # the fitting step used ("compact citations"), None for the default layout
    renders: int  # layouts measured to decide


@dataclass
class Rendered:
    files: dict[str, bytes]  # format -> bytes
    printed: object = None  # the summary as the memo prints it (bounds.printable), what was rendered
    warnings: list[BriefWarning] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    pages: PageReport | None = None
    record: dict[str, object] = field(default_factory=dict)  # for page_count: layout key -> entry
    layout: object | None = None  # render.pdf.Layout of the PDF made, or asked for (a book binds its pages)
    variant: object = None  # render.common.Variant: the layout every format took (a layout.fit step or the default)


@dataclass
class BuildResult:
    written: list[Path]  # the output files (the page record left out)
    warnings: list[BriefWarning]
    notes: list[str]
    pages: PageReport | None


def find_workspace(given: Path | None = None, start: Path | None = None) -> Path:
    """The workspace: `given` (which must hold brief.yaml), else the folder `start`
    (default: the current one) or its nearest parent holding brief.yaml."""
    from .workspace import find_root

    if given is None:
        return find_root(start or Path.cwd())
    root = Path(given)
    if not (root / "brief.yaml").is_file():
        raise BriefError(root, None, None, "no brief.yaml in this folder",
                         "run `briefgen init DIR` to make a workspace there")
    return root


def load(root: Path) -> Loaded:
    """The workspace at root, read and merged, with its warnings (reading, merging,
    and characters no installed font draws)."""
    from .fonts import coverage_warnings
    from .merge import build_summary
    from .workspace import read_workspace

    from . import bounds

    workspace = read_workspace(root)
    summary, warnings = build_summary(workspace)
    warnings += coverage_warnings(workspace, summary)
    warnings += bounds.warnings(summary, {source.path.stem: source.path for source in workspace.sources})
    return Loaded(workspace, summary, warnings)


def render(summary, templates, formats: tuple[str, ...], *, draft: bool = False,
           pdf_variant: str | None = None, recorded: Path | None = None, lay_out_pdf: bool = False) -> Rendered:
    """Every requested format, rendered in memory. The HTML is made once per layout
    measured and shared by the HTML and PDF files. A PDF is measured against
    layout.max_pages; with layout.fit the fitting steps are tried (see fitting.py)
    and the DOCX, HTML and PDF all take the layout chosen. A DOCX built without a PDF
    takes the layout the last PDF build of this very memo into the folder `recorded`
    chose, and is measured only when there is none. The JSON keeps every text as
    written; the other formats print it bounded (bounds.py). `lay_out_pdf` lays the PDF
    out (Rendered.layout) without writing it: a book binds the pages itself."""
    from .bounds import printable
    from .render import common

    formats = with_attachments(formats)
    written, summary = summary, printable(summary)
    rendered = Rendered({}, printed=summary)
    wants_pdf = "pdf" in formats
    variant = common.DEFAULT_VARIANT
    html = None
    measure = wants_pdf or lay_out_pdf
    if summary.layout.fit and "docx" in formats and not wants_pdf:
        chosen_before = _recorded_variant(summary, templates, recorded)
        if chosen_before is None:
            measure = True
        else:
            variant = chosen_before
            if variant != common.DEFAULT_VARIANT:
                rendered.notes.append(f"laid out with {variant.describe()}, as the last PDF build chose")
    if measure or "html" in formats:
        from .render.html import render_html  # Jinja: only where HTML is made
    if measure:
        from .fitting import Measured, fit
        from .page_count import layout_key
        from .render.pdf import lay_out

        def measured(candidate) -> Measured:
            page_html = render_html(summary, templates, draft=draft, variant=candidate)
            layout = lay_out(page_html, templates, variant=pdf_variant)
            return Measured(candidate, page_html, layout, layout.body_pages(common.BODY_END_ID), layout.pages)

        body_size = float(templates.theme().sizes.get("body", 11))
        result = fit(summary, measured, body_size)
        chosen = result.chosen
        variant, html = chosen.variant, chosen.html
        step = None if variant == common.DEFAULT_VARIANT else variant.describe()
        rendered.pages = PageReport(chosen.body_pages, chosen.pages, result.max_pages, step, result.tried)
        if note := result.note():
            rendered.notes.append(note)
        if warning := result.warning():
            rendered.warnings.append(warning)
        # For `check`, which renders nothing: under a key made without rendering (page_count.py).
        rendered.record[layout_key(summary, templates)] = {"pages": chosen.body_pages, "total": chosen.pages,
                                                           "fit": step}
        rendered.layout = chosen.layout
        if wants_pdf:
            from .render.pdf import render_pdf
            from .render.stamp import embedded_time

            pdf = render_pdf(html, templates, variant=pdf_variant, created=embedded_time(summary.memo.date),
                             layout=chosen.layout)
            rendered.files["pdf"] = pdf.data
            rendered.warnings.extend(pdf.warnings)
    rendered.variant = variant
    if "html" in formats:
        if html is None:
            html = render_html(summary, templates, draft=draft)
        rendered.files["html"] = html.encode("utf-8")
    if "docx" in formats:
        from .render.docx import render_docx

        rendered.files["docx"] = render_docx(summary, templates, draft=draft, variant=variant)
    if "json" in formats:
        from .render.json import render_json

        rendered.files["json"] = render_json(written).encode("utf-8")
    if "eml" in formats:
        from .output import output_stem
        from .render.eml import render_eml

        rendered.files["eml"] = render_eml(summary, rendered.files, output_stem(summary.memo))
    return rendered


def _recorded_variant(summary, templates, folder: Path | None):
    """The layout the last PDF build into `folder` chose for this very memo (found by its
    layout key, see page_count.py), or None when none is recorded: a DOCX-only build
    then needs no WeasyPrint layout of its own. `summary` is already printable."""
    if folder is None:
        return None
    from .page_count import last_built, layout_key
    from .render import common

    entry = last_built(folder, layout_key(summary, templates))
    if entry is None or entry.get("total") is None:  # none, or recorded before layout.fit
        return None
    return common.described_variant(summary, float(templates.theme().sizes.get("body", 11)), entry["fit"])


def message(root: Path, *, paper: str | None = None, draft: bool = False):
    """The memo as an email to send (render/eml.py, without X-Unsent), rendered in memory
    with its PDF and DOCX; nothing is written. Returns (EmailMessage, Rendered, Loaded)."""
    from .output import output_stem
    from .render.eml import build_message
    from .theme import Templates

    loaded = load(root)
    summary = loaded.summary
    if paper:
        summary.layout.paper = paper
    templates = Templates.for_workspace(loaded.workspace.root)
    rendered = render(summary, templates, EML_ATTACHMENTS, draft=draft, recorded=loaded.workspace.root / "out")
    printed = rendered.printed
    email = build_message(printed, rendered.files, output_stem(printed.memo), unsent=False)
    return email, rendered, loaded


def build(root: Path, options: BuildOptions = BuildOptions()) -> BuildResult:
    """One build of the workspace at root: read and merge, render every format in
    memory, then write them all or none (with the page record `check` reads).
    Raises BriefError, having written nothing, on bad input."""
    from .output import output_stem, write_outputs
    from .page_count import RECORD_NAME, updated_record
    from .theme import Templates

    loaded = load(root)
    summary = loaded.summary
    if options.paper:
        summary.layout.paper = options.paper
    templates = Templates.for_workspace(loaded.workspace.root)
    folder = options.output or loaded.workspace.root / "out"
    rendered = render(summary, templates, options.formats, draft=options.draft, pdf_variant=options.pdf_variant,
                      recorded=folder)
    stem = output_stem(summary.memo)
    outputs = {f"{stem}.{fmt}": rendered.files[fmt] for fmt in with_attachments(options.formats)}
    if rendered.record:  # for `check`; written with the files, so the two always agree
        outputs[RECORD_NAME] = updated_record(folder, rendered.record)
    written = [path for path in write_outputs(folder, outputs) if path.name != RECORD_NAME]
    return BuildResult(written, loaded.warnings + rendered.warnings, rendered.notes, rendered.pages)
