"""The memo's page count, remembered from PDF builds so that `check` can tell it.

The count is of the pages layout.max_pages limits: up to the end of the memo's body,
not counting the sources (and endnotes, source notes) after it. Each entry records
that count, the whole document's pages and the fitting step layout.fit chose (if any).

Counting pages takes WeasyPrint's full layout, which `check` must never load (it is
meant to answer at once). The memo's HTML is self-contained — stylesheet inlined,
nothing fetched — so it alone decides the layout: `build` records each PDF's page count
under a SHA-256 of the memo's HTML in its default layout (whichever layout.fit chose),
and `check` renders that HTML (Jinja only), hashes it and looks the count up.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

from .errors import BriefWarning

RECORD_NAME = ".briefgen-pages"  # JSON, in the output folder beside the PDF; no ".json": out/*.json is the model
RECORD_LIMIT = 32  # layouts remembered: recent edits, letter and A4, draft or not
RECORD_MAX_BYTES = 256 * 1024  # a full record is about 5 KB; a larger file is not ours


def layout_key(html: str) -> str:
    return hashlib.sha256(html.encode("utf-8")).hexdigest()


def _count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def _valid(entry: object) -> bool:
    """An entry is a page count, or {"pages": n, "total": n, "fit": step or null}."""
    if _count(entry):
        return True
    return (isinstance(entry, dict) and _count(entry.get("pages")) and _count(entry.get("total", 1))
            and isinstance(entry.get("fit"), (str, type(None))))


def pages_of(entry: int | dict) -> int:
    return entry if isinstance(entry, int) else entry["pages"]


def read_record(folder: Path) -> dict[str, int | dict]:
    """{layout key: entry} from the folder's record; empty when there is none or it is
    unreadable (it is only a memo of past builds, never worth an error). Read with a
    bound, and only when a regular file: a FIFO or a device there never hangs `check`."""
    from .errors import BriefError
    from .workspace import read_bounded

    try:
        data = read_bounded(folder / RECORD_NAME, RECORD_MAX_BYTES, "page record")
        if len(data) > RECORD_MAX_BYTES:
            return {}
        record = json.loads(data.decode("utf-8"))
    except (BriefError, UnicodeDecodeError, ValueError, RecursionError):
        return {}
    if not isinstance(record, dict):
        return {}
    return {key: entry for key, entry in record.items() if _valid(entry)}


def updated_record(folder: Path, counts: dict[str, int | dict]) -> bytes:
    """The folder's record with `counts` added as the newest entries, oldest dropped
    past RECORD_LIMIT: the bytes to write (atomically, with the build's outputs)."""
    record = read_record(folder)
    for key, pages in counts.items():
        record.pop(key, None)  # re-inserted last: the newest
        record[key] = pages
    newest = dict(list(record.items())[-RECORD_LIMIT:])
    return (json.dumps(newest, indent=1) + "\n").encode("utf-8")


def last_built(folder: Path, memo_html: Callable[[bool], str]) -> dict | None:
    """The last PDF build into `folder` of this very memo, or None: {"pages": pages up
    to the end of the body, "total": every page or None, "fit": the fitting step or None}.
    `memo_html(draft)` renders the memo's HTML, called only when there is a record to
    look in (rendering is most of what this costs). A draft's watermark moves nothing
    on the page, so the memo last built as a draft counts too."""
    record = read_record(folder)
    if not record:
        return None
    for draft in (False, True):
        if entry := record.get(layout_key(memo_html(draft))):
            if isinstance(entry, int):
                return {"pages": entry, "total": None, "fit": None}
            return {"pages": entry["pages"], "total": entry.get("total"), "fit": entry.get("fit")}
    return None


def last_built_pages(folder: Path, memo_html: Callable[[bool], str]) -> int | None:
    """The page count (up to the end of the body) of the last PDF build of this memo."""
    entry = last_built(folder, memo_html)
    return entry["pages"] if entry else None


def too_long(pages: int, max_pages: int) -> BriefWarning | None:
    """The warning for a memo whose body runs past layout.max_pages, or None."""
    if pages <= max_pages:
        return None
    from .fitting import too_long_warning

    return too_long_warning(pages, max_pages)
