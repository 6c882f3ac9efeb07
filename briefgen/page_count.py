"""The memo's page count, remembered from PDF builds so that `check` can tell it.

The count is of the pages layout.max_pages limits: up to the end of the memo's body,
not counting the sources (and endnotes, source notes) after it. Each entry records
that count, the whole document's pages and the fitting step layout.fit chose (if any).

Counting pages takes WeasyPrint's full layout, which `check` must never load (it is
meant to answer at once), and `check` renders nothing from the workspace (its templates
are untrusted, see theme.py). So `build` records each PDF's page count under a layout
key computed without rendering: a SHA-256 of the summary model (with the layout settings
and the paper the build used), and the bytes of every file of the template folders (with
their names). `check` computes the same key and looks it up. A
draft's watermark moves nothing on the page, so drafts and finals share a key.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from pathlib import Path

from .errors import BriefWarning
from .theme import REFERENCE_DOCX

RECORD_NAME = ".briefgen-pages"  # JSON, in the output folder beside the PDF; no ".json": out/*.json is the model
RECORD_LIMIT = 32  # layouts remembered: recent edits, letter and A4, draft or not
HASH_LIMIT = 8 << 20  # bytes of a template file hashed (fonts and images may be larger)
RECORD_MAX_BYTES = 256 * 1024  # a full record is about 5 KB; a larger file is not ours


def layout_key(summary, templates) -> str:
    """The key of the memo's layout: everything that decides it, read, never rendered."""
    digest = hashlib.sha256()
    digest.update(json.dumps(_canonical(summary), sort_keys=True, ensure_ascii=False, default=str).encode("utf-8"))
    for index, folder in enumerate(templates.dirs):
        for name, data in _folder_files(Path(folder)):
            digest.update(f"\n{index}:{name}:{len(data)}\n".encode("utf-8", "surrogateescape"))
            digest.update(data)
    return digest.hexdigest()


def _canonical(value: object) -> object:
    """A dataclass tree as plain data, leaving out private fields (indexes, caches)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {field.name: _canonical(getattr(value, field.name)) for field in dataclasses.fields(value)
                if not field.name.startswith("_")}
    if isinstance(value, (list, tuple)):
        return [_canonical(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _canonical(item) for key, item in value.items()}
    return value


def _folder_files(folder: Path, prefix: str = "") -> list[tuple[str, bytes]]:
    """(name, bytes) of the files a layout may depend on, in name order: regular files
    (not past HASH_LIMIT bytes: larger ones by size and time), a symbolic link by its
    target (never followed: a build refuses one that leads out), hidden files and the
    DOCX house style (which the PDF does not use) left out."""
    out: list[tuple[str, bytes]] = []
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError:
        return out
    for entry in entries:
        name = prefix + entry.name
        if entry.name.startswith(".") or name == REFERENCE_DOCX:
            continue
        try:
            if entry.is_symlink():
                out.append((name, b"link:" + os.fsencode(os.readlink(entry.path))))
            elif entry.is_dir(follow_symlinks=False):
                if prefix.count("/") < 8:
                    out.extend(_folder_files(Path(entry.path), name + "/"))
            elif entry.is_file(follow_symlinks=False):
                status = entry.stat(follow_symlinks=False)
                if status.st_size > HASH_LIMIT:
                    out.append((name, f"large:{status.st_size}:{status.st_mtime_ns}".encode()))
                else:
                    with open(entry.path, "rb") as stream:
                        out.append((name, stream.read(HASH_LIMIT)))
        except OSError:
            continue
    return out


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


def last_built(folder: Path, key: str) -> dict | None:
    """The last PDF build into `folder` of the memo with layout key `key` (see
    layout_key), or None: {"pages": pages up to the end of the body, "total": every
    page or None, "fit": the fitting step or None}."""
    entry = read_record(folder).get(key)
    if entry is None:
        return None
    if isinstance(entry, int):
        return {"pages": entry, "total": None, "fit": None}
    return {"pages": entry["pages"], "total": entry.get("total"), "fit": entry.get("fit")}


def last_built_pages(folder: Path, key: str) -> int | None:
    """The page count (up to the end of the body) of the last PDF build of this memo."""
    entry = last_built(folder, key)
    return entry["pages"] if entry else None


def too_long(pages: int, max_pages: int) -> BriefWarning | None:
    """The warning for a memo whose body runs past layout.max_pages, or None."""
    if pages <= max_pages:
        return None
    from .fitting import too_long_warning

    return too_long_warning(pages, max_pages)
