"""The memo's page count, remembered from PDF builds so that `check` can tell it.

Counting pages takes WeasyPrint's full layout, which `check` must never load (it is
meant to answer at once). The memo's HTML is self-contained — stylesheet inlined,
nothing fetched — so it alone decides the layout: `build` records each PDF's page count
under a SHA-256 of the exact HTML laid out, and `check` renders the HTML (Jinja only),
hashes it and looks the count up.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

from .errors import BriefWarning

RECORD_NAME = ".briefgen-pages"  # JSON, in the output folder beside the PDF; no ".json": out/*.json is the model
RECORD_LIMIT = 32  # layouts remembered: recent edits, letter and A4, draft or not


def layout_key(html: str) -> str:
    return hashlib.sha256(html.encode("utf-8")).hexdigest()


def read_record(folder: Path) -> dict[str, int]:
    """{layout key: pages} from the folder's record; empty when there is none or it is
    unreadable (it is only a memo of past builds, never worth an error)."""
    try:
        record = json.loads((folder / RECORD_NAME).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return {}
    if not isinstance(record, dict):
        return {}
    return {key: pages for key, pages in record.items()
            if isinstance(pages, int) and not isinstance(pages, bool) and pages > 0}


def updated_record(folder: Path, counts: dict[str, int]) -> bytes:
    """The folder's record with `counts` added as the newest entries, oldest dropped
    past RECORD_LIMIT: the bytes to write (atomically, with the build's outputs)."""
    record = read_record(folder)
    for key, pages in counts.items():
        record.pop(key, None)  # re-inserted last: the newest
        record[key] = pages
    newest = dict(list(record.items())[-RECORD_LIMIT:])
    return (json.dumps(newest, indent=1) + "\n").encode("utf-8")


def last_built_pages(folder: Path, memo_html: Callable[[bool], str]) -> int | None:
    """The page count of the last PDF built into `folder` from this very memo, or None.
    `memo_html(draft)` renders the memo's HTML, called only when there is a record to
    look in (rendering is most of what this costs). A draft's watermark moves nothing
    on the page, so the memo last built as a draft counts too."""
    record = read_record(folder)
    if not record:
        return None
    for draft in (False, True):
        if pages := record.get(layout_key(memo_html(draft))):
            return pages
    return None


def too_long(pages: int, max_pages: int) -> BriefWarning | None:
    """The warning for a memo longer than layout.max_pages, or None."""
    if pages <= max_pages:
        return None
    return BriefWarning(f"the memo runs to {pages} pages, more than layout.max_pages ({max_pages}); "
                        "briefing memos are read in two pages or not at all")
