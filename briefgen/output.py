"""Output file names, and writing them so that out/ never holds a half-written file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from slugify import slugify

from .errors import BriefError
from .model import Memo


def output_stem(memo: Memo) -> str:
    """2025-02-11-us-european-talks-on-ending-the-war-in-ukraine"""
    slug = slugify(memo.title, max_length=80, word_boundary=True) or "memo"
    return f"{memo.date.isoformat()}-{slug}"


def write_outputs(folder: Path, files: dict[str, bytes]) -> list[Path]:
    """Write every file, each to a temporary file beside it and then renamed over the
    target, so a reader (or a crash) never sees half a file. All contents are rendered
    before this is called: a failed render writes nothing."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BriefError(folder, None, None, f"cannot create the output folder: {exc.strerror or exc}") from None
    written = []
    for name, data in files.items():
        target = folder / name
        temporary = None
        try:
            handle, temporary = tempfile.mkstemp(prefix=f".{name}.", suffix=".part", dir=folder)
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
            os.chmod(temporary, 0o644)
            os.replace(temporary, target)
        except BaseException as exc:
            if temporary is not None:
                Path(temporary).unlink(missing_ok=True)
            if isinstance(exc, OSError):
                raise BriefError(target, None, None, f"cannot write: {exc.strerror or exc}") from None
            raise
        written.append(target)
    return written
