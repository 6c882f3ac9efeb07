"""Output file names, and writing them so that out/ never holds a half-written file."""

from __future__ import annotations

import contextlib
import os
import signal
import tempfile
import threading
from pathlib import Path

from slugify import slugify

from .errors import BriefError
from .model import Memo

_OUTPUT_HINT = "name a folder you can write to with --output DIR"


def output_stem(memo: Memo) -> str:
    """2025-02-11-us-european-talks-on-ending-the-war-in-ukraine"""
    slug = slugify(memo.title[:400], max_length=80, word_boundary=True) or "memo"
    return f"{memo.date.isoformat()}-{slug}"


def _not_a_folder(folder: Path) -> str:
    """What stands where the output folder should be, when not a folder: a named pipe,
    a device, a socket, a symbolic link loop or one to nowhere ("" when none of those)."""
    import errno
    import stat

    try:
        mode = folder.stat().st_mode
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "it is a symbolic link that leads back to itself (a loop)"
        return "it is a symbolic link to nothing" if folder.is_symlink() else ""
    from .workspace import _kind_of

    return "" if stat.S_ISDIR(mode) else f"it is {_kind_of(mode)}, not a folder"


def write_outputs(folder: Path, files: dict[str, bytes]) -> list[Path]:
    """Write every file to a temporary file beside its target and, only once all of
    them are written, rename each over its target: a reader (or a crash) never sees half
    a file, and a failure such as a full disk leaves out/ as it was rather than half old,
    half new. All contents are rendered before this is called: a failed render writes nothing."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        # "Not a directory" alone does not say which part of the path is the file in the way
        in_the_way = next((part for part in (folder, *folder.parents) if part.is_file()), None)
        reason = f"{in_the_way.name} is a file, not a folder" if in_the_way else _not_a_folder(folder) or exc.strerror or exc
        raise BriefError(folder, None, None, f"cannot create the output folder: {reason}", _OUTPUT_HINT) from None
    temporaries: dict[Path, Path] = {}  # target -> its temporary file, written in full
    target = folder
    try:
        for name, data in files.items():
            target = folder / name
            temporaries[target] = _write_temporary(folder, name, data)
        with _interrupts_held_off():
            for target, temporary in temporaries.items():
                os.replace(temporary, target)
    except OSError as exc:
        raise BriefError(target, None, None, f"cannot write: {exc.strerror or exc}", _OUTPUT_HINT) from None
    finally:
        for temporary in temporaries.values():
            temporary.unlink(missing_ok=True)  # left over only after a failure: renamed ones are gone
    return list(temporaries)


@contextlib.contextmanager
def _interrupts_held_off():
    """Ctrl-C has no effect inside the block. Renaming the files takes microseconds, and an
    interrupt between two renames would leave out/ half old, half new; one that arrives
    meanwhile comes too late to stop the build, which has then finished."""
    # Only the main thread may set signal handlers; None is a handler set outside Python.
    if threading.current_thread() is not threading.main_thread() or signal.getsignal(signal.SIGINT) is None:
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _write_temporary(folder: Path, name: str, data: bytes) -> Path:
    handle, name_written = tempfile.mkstemp(prefix=f".{name}.", suffix=".part", dir=folder)
    temporary = Path(name_written)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        temporary.chmod(0o644)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return temporary
