"""A saved web page -> its article text and metadata, read with trafilatura.

trafilatura finds the main text (leaving out navigation, ads, scripts and comments)
and reads the page's metadata from its <meta> tags and JSON-LD. It is only given the
saved file's bytes, never a URL, so nothing is fetched.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import BriefError
from .marks import Article, TextBuilder


def read_html(path: Path) -> Article:
    import trafilatura

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise BriefError(path, None, None, f"cannot read file: {exc.strerror or exc}") from None
    page = trafilatura.bare_extraction(data, with_metadata=True, include_comments=False, include_tables=True,
                                       include_images=False, include_links=False, include_formatting=False)
    if page is None or not (page.text or "").strip():
        raise BriefError(path, None, None, "found no article text in this page",
                         "save the whole page (Save Page As, HTML), not a redirect or an empty frame")
    text = TextBuilder()
    for paragraph in page.text.split("\n"):
        text.add(paragraph)
        text.end_paragraph()
    return Article(
        title=page.title or path.stem,
        text=text.text(),
        author=page.author or "",
        outlet=page.sitename or "",
        date=page.date or "",
        # a page's own URL is kept as data only; anything but a web address is not one
        url=page.url if (page.url or "").startswith(("https://", "http://")) else "",
    )
