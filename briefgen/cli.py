"""The command line: click commands, and the only place errors become messages."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import click

from . import __version__
from .errors import BriefError, BriefWarning, Place

FORMATS = ("pdf", "docx", "html", "json")
DEFAULT_FORMATS = ("pdf", "docx")


# ---- messages -------------------------------------------------------------------------------

def _shown_path(path: Path) -> str:
    """A path as the analyst can use it: relative to where they are, when inside it."""
    try:
        return os.path.relpath(path) if path.resolve().is_relative_to(Path.cwd().resolve()) else str(path)
    except (OSError, ValueError):
        return str(path)


def _where(path: Path | None, line: int | None, column: int | None) -> str:
    if path is None:
        return "briefgen"
    where = _shown_path(path)
    if line is not None:
        where += f":{line}"
        if column is not None:
            where += f":{column}"
    return where


def error_message(error: BriefError) -> str:
    message = f"{_where(error.path, error.line, error.column)}: error: {error.message}"
    if error.hint:
        message += f"\n  hint: {error.hint}"
    return message


def warning_message(warning: BriefWarning) -> str:
    place: Place | None = warning.place
    where = _where(place.path, place.line, place.column) if place else "briefgen"
    return f"{where}: warning: {warning.message}"


class _Group(click.Group):
    """Turns the project's errors into one message and exit status 1, never a traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except BriefError as error:
            click.echo(error_message(error), err=True)
            ctx.exit(1)
        except KeyboardInterrupt:
            click.echo("briefgen: interrupted; files in the output folder are as they were", err=True)
            ctx.exit(130)


# ---- the pipeline, as each command needs it ---------------------------------------------------

def _root(ctx: click.Context) -> Path:
    from .workspace import find_root

    given = ctx.obj.get("workspace")
    if given is None:
        return find_root(Path.cwd())
    root = Path(given)
    if not (root / "brief.yaml").is_file():
        raise BriefError(root, None, None, "no brief.yaml in this folder",
                         "run `briefgen init DIR` to make a workspace there")
    return root


def _load(ctx: click.Context):
    from .merge import build_summary
    from .workspace import read_workspace

    workspace = read_workspace(_root(ctx))
    summary, warnings = build_summary(workspace)
    for warning in warnings:
        click.echo(warning_message(warning), err=True)
    return workspace, summary


# ---- commands ---------------------------------------------------------------------------------

@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="briefgen")
@click.option("-C", "--workspace", type=click.Path(file_okay=False, exists=True), default=None,
              help="The workspace folder (default: this folder or the nearest parent holding brief.yaml).")
@click.pass_context
def main(ctx: click.Context, workspace: str | None) -> None:
    """Turn annotated source documents into a printable policy briefing memo."""
    ctx.ensure_object(dict)
    ctx.obj["workspace"] = workspace


@main.command()
@click.argument("directory", type=click.Path(file_okay=False), default=".")
def init(directory: str) -> None:
    """Make a new workspace in DIRECTORY: a commented brief.yaml and an example source."""
    from .scaffold import write_workspace

    written = write_workspace(Path(directory))
    for path in written:
        click.echo(f"wrote {_shown_path(path)}")
    click.echo("next: mark words in sources/, then run `briefgen check` and `briefgen build`")


@main.command()
@click.pass_context
def check(ctx: click.Context) -> None:
    """Read and validate the workspace; print what it holds and any warnings."""
    workspace, summary = _load(ctx)
    annotations = sum(len(source.annotations) for source in workspace.sources)
    click.echo(f"{len(workspace.sources)} sources, {annotations} annotations")
    for label, items in (("key points", summary.key_points), ("participants", summary.participants),
                         ("agenda items", summary.agenda), ("challenges", summary.challenges),
                         ("open questions", summary.open_questions)):
        click.echo(f"  {len(items):3d} {label}")
    click.echo("ok")


@main.command()
@click.option("-f", "--format", "formats", multiple=True, type=click.Choice([*FORMATS, "all"]),
              help="Output format; repeat for several (default: pdf and docx).")
@click.option("--paper", type=click.Choice(["letter", "a4"]), default=None,
              help="Paper size (default: layout.paper in brief.yaml, else letter).")
@click.option("-o", "--output", type=click.Path(file_okay=False), default=None,
              help="Folder for the files (default: out/ in the workspace).")
@click.pass_context
def build(ctx: click.Context, formats: tuple[str, ...], paper: str | None, output: str | None) -> None:
    """Build the memo in one or more formats into out/."""
    from .output import output_stem, write_outputs
    from .theme import Templates

    started = time.perf_counter()
    chosen = FORMATS if "all" in formats else tuple(f for f in FORMATS if f in (formats or DEFAULT_FORMATS))
    workspace, summary = _load(ctx)
    if paper:
        summary.layout.paper = paper
    templates = Templates.for_workspace(workspace.root)
    warnings: list[BriefWarning] = []
    files = render(summary, templates, chosen, warnings)
    stem = output_stem(summary.memo)
    folder = Path(output) if output else workspace.root / "out"
    written = write_outputs(folder, {f"{stem}.{fmt}": files[fmt] for fmt in chosen})
    for path in written:
        click.echo(f"wrote {_shown_path(path)}")
    for warning in warnings:
        click.echo(warning_message(warning), err=True)
    click.echo(f"built in {time.perf_counter() - started:.2f} s")


def render(summary, templates, formats: tuple[str, ...],
           warnings: list[BriefWarning]) -> dict[str, bytes]:
    """Every requested format, rendered in memory; the HTML is made once and shared."""
    files: dict[str, bytes] = {}
    html = None
    if "html" in formats or "pdf" in formats:
        from .render.html import render_html

        html = render_html(summary, templates)
    if "html" in formats:
        files["html"] = html.encode("utf-8")
    if "pdf" in formats:
        from .render.pdf import render_pdf

        pdf = render_pdf(html, templates)
        files["pdf"] = pdf.data
        if pdf.pages > summary.layout.max_pages:
            warnings.append(BriefWarning(
                f"the memo runs to {pdf.pages} pages, more than layout.max_pages ({summary.layout.max_pages}); "
                "briefing memos are read in two pages or not at all"))
    if "docx" in formats:
        from .render.docx import render_docx

        files["docx"] = render_docx(summary, templates)
    if "json" in formats:
        from .render.json import render_json

        files["json"] = render_json(summary).encode("utf-8")
    return files


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print the summary model as JSON.")
@click.pass_context
def show(ctx: click.Context, as_json: bool) -> None:
    """Print the summary model in the terminal."""
    from .render.json import render_json
    from .render.text import render_text

    _, summary = _load(ctx)
    click.echo(render_json(summary) if as_json else render_text(summary), nl=False)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
