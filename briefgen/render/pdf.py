"""The memo's HTML as a tagged PDF, with WeasyPrint.

WeasyPrint is imported only here, inside render_pdf, so commands that make no PDF
never load it (or Pango). Rendering is sandboxed: the only URLs WeasyPrint may read
are files inside the template folders; the network, data: URLs and every other file
are refused, whatever a source's text or a template says.
"""

from __future__ import annotations

import datetime as dt
import gc
import mimetypes
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from ..errors import BriefError, BriefWarning
from ..theme import Templates

PANGO_HINT = "install it: apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0"
SUBSET_PACKAGE = "libharfbuzz-subset0"


class FetchRefused(ValueError):
    """A URL the renderer will not read (WeasyPrint treats it as a failed fetch)."""


def allowed_file(url: str, dirs: tuple[Path, ...] | list[Path]) -> Path:
    """The file a URL names, if it is a file:// URL of a file inside one of `dirs`
    (after resolving symbolic links and ".."); FetchRefused for anything else."""
    try:
        parts = urlsplit(url)
    except ValueError:
        raise FetchRefused(f"refused to fetch {url!r}: not a valid URL") from None
    if parts.scheme.lower() != "file":
        raise FetchRefused(f"refused to fetch {url!r}: only the memo's own templates may be read")
    if parts.netloc not in ("", "localhost"):
        raise FetchRefused(f"refused to fetch {url!r}: not a local file")
    try:
        path = Path(url2pathname(unquote(parts.path))).resolve()
    except (OSError, ValueError, RuntimeError):
        raise FetchRefused(f"refused to fetch {url!r}: not a readable path") from None
    for folder in dirs:
        try:
            root = Path(folder).resolve()
        except (OSError, RuntimeError):
            continue
        if path.is_relative_to(root) and path.is_file():
            return path
    raise FetchRefused(f"refused to fetch {url!r}: outside the template folders")


def base_url(templates: Templates) -> str:
    """Relative URLs resolve into the first template folder (the workspace's, if any)."""
    return templates.dirs[0].resolve().as_uri() + "/"


def _sandboxed_fetcher(templates: Templates):
    """A WeasyPrint URL fetcher that reads only files inside the template folders."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    dirs = tuple(templates.dirs)

    class SandboxedFetcher(URLFetcher):
        def __init__(self) -> None:
            super().__init__(allowed_protocols=("file",), allow_redirects=False, fail_on_errors=False)

        def fetch(self, url, headers=None):  # noqa: ARG002 - WeasyPrint's signature
            path = allowed_file(url, dirs)
            mime, _ = mimetypes.guess_type(path.name)
            return URLFetcherResponse(path.as_uri(), path.read_bytes(),
                                      {"Content-Type": mime or "application/octet-stream"})

    return SandboxedFetcher()


def _weasyprint():
    # The modules loaded before WeasyPrint, and WeasyPrint's own, live as long as the
    # process: the garbage collector is told to leave them be (gc.freeze), or each full
    # collection during WeasyPrint's import and layout walks them all again, which costs
    # a cold PDF build about a tenth of its time. Once only: a warm process
    # (`briefgen watch`) keeps WeasyPrint imported.
    first_import = "weasyprint" not in sys.modules
    if first_import:
        gc.freeze()
    try:
        import weasyprint
    except OSError:
        raise BriefError(None, None, None, "cannot make a PDF: WeasyPrint could not load Pango",
                         hint=PANGO_HINT) from None
    if first_import:
        gc.freeze()
    return weasyprint


def fast_font_subsetting() -> bool:
    """Whether WeasyPrint subsets the embedded fonts with HarfBuzz, by WeasyPrint's own
    test (weasyprint/pdf/fonts.py). Without libharfbuzz-subset0 it falls back to
    fontTools, which makes every PDF build several times slower."""
    from weasyprint.text.ffi import harfbuzz, harfbuzz_subset

    return harfbuzz_subset is not None and bool(harfbuzz.hb_version_atleast(4, 1, 0))


def subsetting_warning() -> BriefWarning:
    return BriefWarning(f"{SUBSET_PACKAGE} is missing, so fonts are subset the slow way and PDF builds take "
                        f"several times longer; install it: apt-get install {SUBSET_PACKAGE}")


@dataclass(frozen=True)
class Layout:
    """A memo laid out by WeasyPrint, not yet written as PDF: its page count, and the
    page each element with an id starts on (1-based), to tell what runs past the limit."""

    document: object  # weasyprint.Document
    pages: int
    anchor_pages: dict[str, int]

    def body_pages(self, body_end_id: str) -> int:
        """Pages up to the element marking the end of what must fit (all, without one)."""
        return self.anchor_pages.get(body_end_id, self.pages)


@dataclass(frozen=True)
class PdfFile:
    data: bytes
    pages: int  # every page, sources included
    warnings: tuple[BriefWarning, ...] = ()
    layout: Layout | None = None


def lay_out(html: str, templates: Templates, *, variant: str | None = None) -> Layout:
    """The memo's HTML laid out in pages (WeasyPrint's render), without writing the PDF:
    what layout.fit measures each step by."""
    weasyprint = _weasyprint()
    document = weasyprint.HTML(string=html, base_url=base_url(templates),
                               url_fetcher=_sandboxed_fetcher(templates)).render(pdf_tags=True, pdf_variant=variant)
    anchor_pages: dict[str, int] = {}
    for number, page in enumerate(document.pages, start=1):
        for name in page.anchors:
            anchor_pages.setdefault(name, number)
    return Layout(document, len(document.pages), anchor_pages)


def render_pdf(html: str, templates: Templates, *, variant: str | None = None,
               created: dt.datetime | None = None, layout: Layout | None = None) -> PdfFile:
    """The memo as PDF: fonts embedded (subset), tagged for accessibility, metadata
    from the HTML head, bookmarks from h1/h2. `variant` is a WeasyPrint PDF variant
    such as "pdf/ua-1" or "pdf/a-3u" (the command line offers cli.PDF_VARIANTS).
    `created` (stamp.embedded_time) is the creation and modification time to embed,
    whatever the template's head says; without it, the head's dcterms.created.
    `layout` is lay_out's result for this very HTML and variant, when already made."""
    options = {"pdf_tags": True, "pdf_variant": variant}
    if layout is None:
        layout = lay_out(html, templates, variant=variant)
    document = layout.document
    if created is not None:
        document.metadata.created = document.metadata.modified = (
            created.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"))
    # One warning for the build; WeasyPrint's own goes to its logger once per font.
    warnings = [] if fast_font_subsetting() else [subsetting_warning()]
    return PdfFile(document.write_pdf(**options), len(document.pages), tuple(warnings), layout)
