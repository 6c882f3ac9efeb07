"""The command line: click commands, and the only place errors become messages."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import sys
import threading
import time
from pathlib import Path

import click

from .errors import BriefError, BriefWarning, Place

from .pipeline import DEFAULT_FORMATS, FORMATS, BuildOptions  # noqa: F401  (the build's API)

# The archival (PDF/A) and accessible (PDF/UA) variants of WeasyPrint 70 offered by
# `build --pdf-variant`; every memo is tagged, which the "u" and "ua" variants rely on.
PDF_VARIANTS = ("pdf/a-1b", "pdf/a-2b", "pdf/a-3b", "pdf/a-2u", "pdf/a-3u", "pdf/ua-1")


# ---- messages -------------------------------------------------------------------------------

def _shown_path(path: Path) -> str:
    """A path as the analyst can use it: relative to where they are, when inside it."""
    try:
        # The folder resolved, not the file: a file that is a link out is still shown
        # where the analyst has it (templates/memo.css.j2), not where it points.
        where = path.absolute().parent.resolve() / path.name
        cwd = Path.cwd().resolve()
        return os.path.relpath(where, cwd) if where.is_relative_to(cwd) else str(path)
    except (OSError, ValueError, RuntimeError):  # RuntimeError: a symbolic link loop, in Python 3.11
        return str(path)


# What a message must not print raw: C0 and C1 controls (newline, ESC and so on: a
# newline in a file name would start a forged second message, ESC a terminal command),
# DEL, and the bidirectional controls that reorder what a terminal shows.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def _escape(match: re.Match) -> str:
    char = match.group()
    return {"\n": "\\n", "\t": "\\t", "\r": "\\r"}.get(char) or (
        f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}")


def visible(text: str) -> str:
    """The text with every control character written as an escape (\\n, \\x1b, \\u202e):
    a message stays one line that says what it says, whatever a file name holds."""
    return _UNPRINTABLE.sub(_escape, text)


def _where(path: Path | None, line: int | None, column: int | None) -> str:
    if path is None:
        return "briefgen"
    where = _shown_path(path)
    if _UNPRINTABLE.search(where):
        where = '"' + visible(where).replace('"', '\\"') + '"'  # quoted: its escapes are not its name
    if line is not None:
        where += f":{line}"
        if column is not None:
            where += f":{column}"
    return where


def error_message(error: BriefError) -> str:
    message = f"{_where(error.path, error.line, error.column)}: error: {visible(error.message)}"
    if error.hint:
        message += f"\n  hint: {visible(error.hint)}"
    return message


def warning_message(warning: BriefWarning) -> str:
    place: Place | None = warning.place
    where = _where(place.path, place.line, place.column) if place else "briefgen"
    return f"{where}: warning: {visible(warning.message)}"


class Interrupted(KeyboardInterrupt):
    """SIGTERM or SIGHUP, handled as Ctrl-C (SIGINT) is: the build stops, out/ is as it was."""

    def __init__(self, number: int) -> None:
        super().__init__(number)
        self.signal = number


def _interrupted(number: int, _frame) -> None:
    raise Interrupted(number)


@contextlib.contextmanager
def _terminations_as_interrupts():
    """SIGTERM and SIGHUP raise Interrupted while the block runs (in the main thread;
    a handler set outside Python is left alone)."""
    numbers = [getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)]
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {number: signal.getsignal(number) for number in numbers}
    for number, handler in previous.items():
        if handler is not None:
            signal.signal(number, _interrupted)
    try:
        yield
    finally:
        for number, handler in previous.items():
            if handler is not None:
                signal.signal(number, handler)


class _Group(click.Group):
    """Turns the project's errors into one message and exit status 1, never a traceback;
    Ctrl-C, SIGTERM and SIGHUP into one message and exit status 128 + the signal's number."""

    def invoke(self, ctx: click.Context):
        try:
            with _terminations_as_interrupts():
                return super().invoke(ctx)
        except BriefError as error:
            click.echo(error_message(error), err=True)
            ctx.exit(1)
        except KeyboardInterrupt as interrupt:
            click.echo("briefgen: interrupted; files in the output folder are as they were", err=True)
            ctx.exit(128 + getattr(interrupt, "signal", signal.SIGINT))


# ---- the pipeline (pipeline.py), its warnings and notes printed ----------------------------------

def _root(ctx: click.Context) -> Path:
    from .pipeline import find_workspace

    given = ctx.obj.get("workspace")
    return find_workspace(Path(given) if given is not None else None)


def _load(ctx: click.Context):
    return _load_workspace(_root(ctx))


def _load_workspace(root: Path):
    """The workspace at root, read and merged: (workspace, summary); warnings printed."""
    from .pipeline import load

    loaded = load(root)
    for warning in loaded.warnings:
        click.echo(warning_message(warning), err=True)
    return loaded.workspace, loaded.summary


# ---- commands ---------------------------------------------------------------------------------

def _print_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    """--version. The version is looked up only when asked: importlib.metadata takes
    longer to import than `briefgen check` takes to read the default brief."""
    if not value or ctx.resilient_parsing:
        return
    from . import __version__

    click.echo(f"briefgen, version {__version__}")
    ctx.exit()


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--version", is_flag=True, expose_value=False, is_eager=True, callback=_print_version,
              help="Show the version and exit.")
@click.option("-C", "--workspace", type=click.Path(file_okay=False, exists=True), default=None,
              help="The workspace folder (default: this folder or the nearest parent holding brief.yaml).")
@click.pass_context
def main(ctx: click.Context, workspace: str | None) -> None:
    """Turn annotated source documents into a printable policy briefing memo."""
    ctx.ensure_object(dict)
    ctx.obj["workspace"] = workspace


@main.command()
@click.argument("directory", type=click.Path(file_okay=False), default=".")
@click.option("--reference-docx", is_flag=True,
              help="Also write templates/reference.docx, the DOCX house style, to restyle in Word "
                   "(in an existing workspace: only that).")
def init(directory: str, reference_docx: bool) -> None:
    """Make a new workspace in DIRECTORY: a commented brief.yaml and an example source."""
    from .scaffold import write_workspace

    written = write_workspace(Path(directory), reference_docx=reference_docx)
    for path in written:
        click.echo(f"wrote {_shown_path(path)}")
    if reference_docx:
        click.echo("restyle templates/reference.docx in Word and save it: DOCX builds take their look from it")
    click.echo("next: mark words in sources/, then run `briefgen check` and `briefgen build`")


@main.command()
@click.pass_context
def check(ctx: click.Context) -> None:
    """Read and validate the workspace; print what it holds and any warnings."""
    workspace, summary = _load(ctx)
    _check_templates(workspace.root)
    annotations = sum(len(source.annotations) for source in workspace.sources)
    click.echo(f"{len(workspace.sources)} sources, {annotations} annotations")
    from .markings import banner

    marking = banner(summary.memo.classification.strip(), summary.memo.handling)
    click.echo(f"  {summary.memo.form} memo" + (f", {marking}" if marking else ""))
    counted = [("recommendations", summary.recommendations)] if summary.memo.form == "action" else []
    counted += [("key points", summary.key_points), ("participants", summary.participants),
                ("agenda items", summary.agenda), ("challenges", summary.challenges),
                ("open questions", summary.open_questions), ("talking points", summary.talking_points)]
    for label, items in counted:
        click.echo(f"  {len(items):3d} {label}")
    _check_page_count(workspace, summary)
    click.echo("ok")


def _check_templates(root: Path) -> None:
    """The workspace's theme read and checked, and its templates and house style found
    inside templates/ (none of them rendered: they are untrusted, see theme.py)."""
    from .theme import REFERENCE_DOCX, Templates

    templates = Templates.for_workspace(root)
    templates.theme()
    for name in ("memo.html.j2", "memo.css.j2", REFERENCE_DOCX):  # render/html.py's, not imported: no Jinja
        templates.locate(name)


def _check_page_count(workspace, summary) -> None:
    """The page count recorded by the last PDF build of this very memo, found without
    WeasyPrint or rendering a template (see page_count.py): a line of the report, and a warning past max_pages."""
    from .bounds import printable
    from .page_count import last_built, layout_key, too_long
    from .theme import Templates

    summary = printable(summary)  # as a build renders it, so the key is the same
    # No template is rendered: the workspace's templates are untrusted (page_count.py).
    built = last_built(workspace.root / "out", layout_key(summary, Templates.for_workspace(workspace.root)))
    if built is None:
        click.echo("    ? pages (known after `briefgen build --format pdf`)")
        return
    pages, total, step = built["pages"], built["total"], built["fit"]
    details = ["from the last PDF build"]
    if total and total > pages:
        details.append(f"{total} with the sources")
    if step:
        details.append(f"fitted with {step}")
    click.echo(f"  {pages:3d} pages ({'; '.join(details)})")
    if warning := too_long(pages, summary.layout.max_pages):
        click.echo(warning_message(warning), err=True)


def _build_options(command):
    """The options of `build`, which `watch` takes too."""
    options = (
        click.option("-f", "--format", "formats", multiple=True, type=click.Choice([*FORMATS, "all"]),
                     help="Output format; repeat for several (default: pdf and docx)."),
        click.option("--paper", type=click.Choice(["letter", "a4"]), default=None,
                     help="Paper size (default: layout.paper in brief.yaml, else letter)."),
        click.option("-o", "--output", type=click.Path(file_okay=False), default=None,
                     help="Folder for the files (default: out/ in the workspace)."),
        click.option("--draft", is_flag=True, help="Print a DRAFT watermark across every page (PDF, DOCX and HTML)."),
        click.option("--pdf-variant", type=click.Choice(PDF_VARIANTS), default=None,
                     help="Make an archival (PDF/A) or accessible (PDF/UA) PDF."),
    )
    for option in reversed(options):  # decorators apply bottom-up; --help lists them in this order
        command = option(command)
    return command


@main.command()
@_build_options
@click.pass_context
def build(ctx: click.Context, **options) -> None:
    """Build the memo in one or more formats into out/."""
    started = time.perf_counter()
    build_memo(_root(ctx), BuildOptions.from_options(**options))
    click.echo(f"built in {time.perf_counter() - started:.2f} s")


@main.command()
@_build_options
@click.pass_context
def watch(ctx: click.Context, **options) -> None:
    """Rebuild the memo whenever a source, brief.yaml or a template changes (Ctrl-C stops).

    One process does every rebuild, so libraries are loaded once and a rebuild costs
    only the rendering. A failed rebuild prints its error and the watch goes on."""
    from .watch import changes

    root = _root(ctx)
    build_options = BuildOptions.from_options(**options)
    click.echo(f"watching {_shown_path(root)}: brief.yaml, sources/ and templates (Ctrl-C stops)")
    try:
        for is_rebuild in changes(root):
            started = time.perf_counter()
            try:
                build_memo(root, build_options)
            except BriefError as error:
                click.echo(error_message(error), err=True)
                click.echo("build failed; the output folder is as it was. Waiting for the next change")
            else:
                click.echo(f"{'rebuilt' if is_rebuild else 'built'} in {time.perf_counter() - started:.2f} s")
    except KeyboardInterrupt:
        click.echo("stopped watching")


def build_memo(root: Path, options: BuildOptions) -> list[Path]:
    """One build of the workspace at root (pipeline.build), as `build` and `watch` do
    it: prints the files written, what the build did and the warnings; raises
    BriefError (having written nothing) on bad input."""
    from .pipeline import build as build_workspace

    result = build_workspace(root, options)
    for path in result.written:
        click.echo(f"wrote {_shown_path(path)}")
    for note in result.notes:
        click.echo(note)
    for warning in result.warnings:
        click.echo(warning_message(warning), err=True)
    return result.written


@main.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path), default=".")
@click.option("-f", "--format", "formats", multiple=True, type=click.Choice(["pdf", "docx", "all"]),
              help="Output format; repeat for both (default: pdf and docx).")
@click.option("--paper", type=click.Choice(["letter", "a4"]), default=None,
              help="Paper size of the whole book (default: each memo's layout.paper).")
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder for the files (default: out/ in the book's folder).")
@click.option("--draft", is_flag=True, help="Print a DRAFT watermark across every memo page.")
def book(directory: Path, formats: tuple[str, ...], paper: str | None, output: Path | None, draft: bool) -> None:
    """Build a briefing book: the memos book.yaml names in DIRECTORY, bound in one file
    with a cover, contents, the combined schedule and the participants' biographies."""
    from .book import build_book

    started = time.perf_counter()
    chosen = ("pdf", "docx") if not formats or "all" in formats else tuple(f for f in ("pdf", "docx") if f in formats)
    result = build_book(directory, chosen, paper=paper, draft=draft, output=output)
    for path in result.written:
        click.echo(f"wrote {_shown_path(path)}")
    for warning in result.warnings:
        click.echo(warning_message(warning), err=True)
    click.echo(f"built in {time.perf_counter() - started:.2f} s")


@main.command()
@click.option("--smtp", "smtp", required=True, metavar="HOST[:PORT]",
              help="The SMTP server (port: 25; 587 with --starttls; 465 with --ssl).")
@click.option("--starttls", "security", flag_value="starttls", help="Upgrade the connection with STARTTLS.")
@click.option("--ssl", "security", flag_value="ssl", help="Connect with TLS from the start (SMTPS).")
@click.option("--user", default=None, help="Log in as NAME; the password is read from BRIEFGEN_SMTP_PASSWORD.")
@click.option("--cafile", type=click.Path(exists=True, dir_okay=False), default=None,
              help="Trust the certificate authorities in this PEM file (default: the system's).")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=30.0, show_default=True,
              help="Seconds to wait for the server.")
@click.option("--paper", type=click.Choice(["letter", "a4"]), default=None,
              help="Paper size of the attached memo (default: layout.paper in brief.yaml).")
@click.option("--dry-run", is_flag=True, help="Print what would be sent, and send nothing.")
@click.pass_context
def send(ctx: click.Context, smtp: str, security: str | None, user: str | None, cafile: str | None,
         timeout: float, paper: str | None, dry_run: bool) -> None:
    """Build the memo as an email (To, Cc and From from brief.yaml's email block, the
    PDF and DOCX attached) and send it through an SMTP server."""
    import ssl

    from .pipeline import message as compose
    from .send import PASSWORD_VARIABLE, envelope, parse_server, send as send_message

    server = parse_server(smtp, security or "plain")
    root = _root(ctx)
    email, rendered, loaded = compose(root, paper=paper)
    for warning in loaded.warnings + rendered.warnings:
        click.echo(warning_message(warning), err=True)
    sender, recipients = envelope(email)
    brief = loaded.workspace.brief_path
    if not recipients:
        raise BriefError(brief, None, None, "nothing to send: the email block names no recipient",
                         "list addresses under email.to (or email.cc)")
    if not sender:
        raise BriefError(brief, None, None, "nothing to send: email.from is not set", "set email.from")
    if dry_run:
        size = len(email.as_bytes())
        click.echo(f"would send {visible(str(email['Subject']))!s} ({size:,} bytes) via {server}"
                   f"{' with ' + server.security.upper() if server.security != 'plain' else ''}"
                   f"{' as ' + visible(user) if user else ''}")
        click.echo(f"  from {visible(sender)}")
        for recipient in recipients:
            click.echo(f"  to {visible(recipient)}")
        for part in email.iter_attachments():
            click.echo(f"  attached {visible(part.get_filename() or '')}")
        return
    context = ssl.create_default_context(cafile=cafile) if cafile else None
    accepted = send_message(email, server, user=user, password=os.environ.get(PASSWORD_VARIABLE) if user else None,
                            context=context, timeout=timeout)
    for recipient in accepted:
        click.echo(f"sent to {visible(recipient)}")


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print the summary model as JSON.")
@click.pass_context
def show(ctx: click.Context, as_json: bool) -> None:
    """Print the summary model in the terminal."""
    from .render.json import render_json
    from .render.text import render_text

    _, summary = _load(ctx)
    click.echo(render_json(summary) if as_json else render_text(summary), nl=False)


@main.command()
@click.argument("sources", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--write", is_flag=True,
              help="Write sources/<id>.suggested.md beside each source: the source with the spans added.")
@click.option("--kinds", default=",".join(("participant", "agenda", "key", "challenge", "question")),
              metavar="KIND,...", show_default=True, help="The kinds of span to propose.")
def suggest(sources: tuple[Path, ...], write: bool, kinds: str) -> None:
    """Propose annotations for SOURCE files: people, events, key points, challenges and
    open questions, found offline. Prints them; with --write, writes the source with the
    proposed spans added to sources/<id>.suggested.md (the source itself is never
    changed). Review that file, then accept it by moving it over the source."""
    from .suggest import KINDS
    from .suggest.source import quote_value, suggest_file

    chosen = tuple(kind.strip().lstrip(".") for kind in kinds.split(",") if kind.strip())
    unknown = [kind for kind in chosen if kind not in KINDS]
    if unknown or not chosen:
        raise click.BadParameter(f"unknown kind {unknown[0]!r}; kinds are {', '.join(KINDS)}" if unknown
                                 else "name at least one kind", param_hint="--kinds")
    for path in sources:
        result = suggest_file(path, chosen)
        where = _where(path, None, None)
        for found in result.suggestions:
            attributes = "".join(f' {key}="{quote_value(value)}"' for key, value in found.attributes.items())
            click.echo(f'{where}:{found.line}:{found.column}: {found.kind}: "{visible(quote_value(found.words))}"'
                       f"{visible(attributes)}")
        if not write:
            continue
        if not result.suggestions:
            click.echo(f"{where}: nothing new to suggest; wrote nothing")
            continue
        from .output import write_outputs

        write_outputs(result.target.parent, {result.target.name: result.text})
        count = len(result.suggestions)
        click.echo(f"wrote {_shown_path(result.target)} ({count} suggestion{'s' if count != 1 else ''}); "
                   f"review it, then accept it with: mv {_shown_path(result.target)} {_shown_path(result.source)}")


@main.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--kind-map", "kind_map", multiple=True, metavar="LABEL=KIND,...",
              help="Which kind a PDF highlight colour or a Hypothesis tag means, e.g. yellow=key,green=participant.")
@click.option("--force", is_flag=True, help="Rewrite a source an earlier import of the same article wrote.")
@click.pass_context
def import_(ctx: click.Context, files: tuple[Path, ...], kind_map: tuple[str, ...], force: bool) -> None:
    """Import articles and their highlights as sources: saved web pages (.html), Word
    documents with comments (.docx), PDFs with highlights (.pdf), Hypothesis exports (.json)."""
    from .importers import import_files, parse_kind_map

    try:
        labels = parse_kind_map(kind_map)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--kind-map") from None
    for report in import_files(_root(ctx), list(files), labels, force):
        click.echo(report.describe())
        for warning in report.warnings():
            click.echo(warning_message(warning), err=True)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
