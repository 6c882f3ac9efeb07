"""Output file names, and writing them so that out/ never holds a half-written file."""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import shutil
import signal
import tempfile
import threading
import time
from pathlib import Path

from slugify import slugify

from .errors import BriefError
from .model import Memo

_OUTPUT_HINT = "name a folder you can write to with --output DIR"


def output_stem(memo: Memo) -> str:
    """2025-02-11-us-european-talks-on-ending-the-war-in-ukraine"""
    slug = slugify(memo.title[:400], max_length=80, word_boundary=True) or "memo"
    return f"{memo.date.isoformat()}-{slug}"


# Every temporary file a build makes in the output folder is named
# ".briefgen-tmp-<pid>-<random>.<file name>.part" (a new file) or "...old" (the file it
# replaces, kept until every new file is in place): a build killed outright leaves only
# such files, and the next build into the folder removes those of builds no longer running.
TEMPORARY_PREFIX = ".briefgen-tmp-"
_TEMPORARY = re.compile(re.escape(TEMPORARY_PREFIX) + r"(\d+)-[^.]+\..*\.(part|old)")
STALE_AFTER = 24 * 3600  # seconds: older than this, a temporary is stale whatever its pid
INTERRUPTING_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP")
                             if hasattr(signal, name))


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
    """All or none: write every file to a temporary file beside its target; check that
    every target can be replaced; then rename each over its target, keeping the file it
    replaces (a hard link) until all are in place. A reader (or a crash) never sees half a
    file, and any failure (a full disk, a folder where a file should be, a rename refused)
    leaves out/ exactly as it was, the files already renamed put back. All contents are
    rendered before this is called: a failed render writes nothing."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        # "Not a directory" alone does not say which part of the path is the file in the way
        in_the_way = next((part for part in (folder, *folder.parents) if part.is_file()), None)
        reason = f"{in_the_way.name} is a file, not a folder" if in_the_way else _not_a_folder(folder) or exc.strerror or exc
        raise BriefError(folder, None, None, f"cannot create the output folder: {reason}", _OUTPUT_HINT) from None
    remove_stale_temporaries(folder)
    temporaries: dict[Path, Path] = {}  # target -> its temporary file, written in full
    target = folder
    try:
        for name, data in files.items():
            target = folder / name
            temporaries[target] = _write_temporary(folder, name, data)
        for target in temporaries:
            _check_replaceable(target)
        with _interrupts_held_off():
            _replace_all(folder, temporaries)
    except OSError as exc:
        raise BriefError(target, None, None, f"cannot write: {exc.strerror or exc}", _OUTPUT_HINT) from None
    finally:
        for temporary in temporaries.values():
            temporary.unlink(missing_ok=True)  # left over only after a failure: renamed ones are gone
    return list(temporaries)


def _check_replaceable(target: Path) -> None:
    """A target a rename cannot replace fails the build before any file is renamed."""
    if target.is_dir() and not target.is_symlink():
        raise BriefError(target, None, None, "cannot write: a folder of that name is in the way",
                         "move or delete that folder, or name another with --output DIR")


def _replace_all(folder: Path, temporaries: dict[Path, Path]) -> None:
    """Rename every temporary over its target, or, when one rename fails, put back the
    files already replaced (and remove the new ones that had no earlier file) and raise."""
    done: list[tuple[Path, Path | None]] = []  # target, the earlier file kept aside (None: there was none)
    try:
        for target, temporary in temporaries.items():
            kept = _keep_aside(folder, target)
            try:
                os.replace(temporary, target)
            except BaseException:
                if kept is not None:
                    kept.unlink(missing_ok=True)
                raise
            done.append((target, kept))
    except BaseException:
        for target, kept in reversed(done):
            with contextlib.suppress(OSError):
                if kept is not None:
                    os.replace(kept, target)
                else:
                    target.unlink(missing_ok=True)
        raise
    finally:
        for _, kept in done:
            if kept is not None:
                kept.unlink(missing_ok=True)


def _keep_aside(folder: Path, target: Path) -> Path | None:
    """A second name for the target's current file (a hard link: the target itself
    stays in place for readers), or a copy where links are not allowed; None when
    there is no file yet."""
    if not target.is_file() or target.is_symlink():
        return None
    kept = _temporary_name(folder, target.name, ".old")
    try:
        os.link(target, kept)
    except FileNotFoundError:
        return None  # replaced meanwhile by a concurrent build and gone: nothing to put back
    except OSError:
        shutil.copy2(target, kept)
    return kept


def _temporary_name(folder: Path, name: str, suffix: str) -> Path:
    return folder / f"{TEMPORARY_PREFIX}{os.getpid()}-{secrets.token_hex(4)}.{name}{suffix}"


def remove_stale_temporaries(folder: Path) -> list[Path]:
    """Remove the temporary files earlier builds left in ``folder`` when killed outright:
    those whose build is no longer running (or that are a day old). A concurrent build's
    are left alone. Returns the files removed."""
    removed = []
    try:
        names = os.listdir(folder)
    except OSError:
        return removed
    now = time.time()
    for name in names:
        found = _TEMPORARY.fullmatch(name)
        if not found:
            continue
        path = folder / name
        try:
            stale = not _running(int(found.group(1))) or now - path.lstat().st_mtime > STALE_AFTER
            if stale and not path.is_dir():
                path.unlink()
                removed.append(path)
        except OSError:
            continue  # gone meanwhile, or not ours to remove
    return removed


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, ValueError):
        return pid > 0  # another user's process
    return pid > 0


@contextlib.contextmanager
def _interrupts_held_off():
    """Ctrl-C (and SIGTERM, SIGHUP) have no effect inside the block. Renaming the files
    takes microseconds, and an interrupt between two renames would leave out/ half old,
    half new; one that arrives meanwhile comes too late to stop the build, which has
    then finished. A signal whose handler is the default one (ending the process, as
    SIGTERM does in a program that uses briefgen as a library) is held until the block
    ends, then delivered."""
    # Only the main thread may set signal handlers; None is a handler set outside Python.
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {number: signal.getsignal(number) for number in INTERRUPTING_SIGNALS}
    previous = {number: handler for number, handler in previous.items()
                if handler is not None and handler is not signal.SIG_IGN}
    held: list[int] = []
    for number, handler in previous.items():
        signal.signal(number, (lambda received, _frame: held.append(received)) if handler is signal.SIG_DFL
                      else signal.SIG_IGN)
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
        for number in held:
            signal.raise_signal(number)


def _write_temporary(folder: Path, name: str, data: bytes) -> Path:
    handle, name_written = tempfile.mkstemp(prefix=f"{TEMPORARY_PREFIX}{os.getpid()}-", suffix=f".{name}.part",
                                            dir=folder)
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
