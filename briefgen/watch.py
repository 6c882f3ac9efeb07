"""What `briefgen watch` waits for: a change to any input of a build.

The inputs are brief.yaml, every entry of sources/ and every file of the template
folders (the workspace's templates/ and the built-in ones). Changes are found by
polling their stamps (modification time and size) a few times a second rather than
with an OS file-watching library such as watchfiles: a workspace holds a few files to
a few thousand, so a poll costs about a millisecond a hundred files; polling needs no
dependency, and it sees changes the same way on every system, including network and
container mounts that deliver no inotify or FSEvents notifications.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

from .theme import Templates
from .workspace import BRIEF_FILE

POLL_INTERVAL = 0.2  # seconds between looks: a rebuild starts this soon after a save
SETTLE_INTERVAL = 0.05  # an editor may save in steps (write, rename): wait until the stamps hold still

Stamps = dict[str, tuple[int, int]]  # path -> (modification time in ns, size in bytes)


def input_stamps(root: Path) -> Stamps:
    """The stamps of every input of a build of the workspace at root. Files that are
    missing are left out, so a file appearing or disappearing is a change too."""
    stamps: Stamps = {}
    _stamp(root / BRIEF_FILE, stamps)
    _stamp_folder(root / "sources", stamps, recursive=False)  # a build reads only files directly in it
    for folder in Templates.for_workspace(root).dirs:
        _stamp_folder(folder, stamps, recursive=True)  # templates may include others from sub-folders
    return stamps


def changes(root: Path, poll_interval: float = POLL_INTERVAL) -> Iterator[bool]:
    """Yield False at once (for the first build), then True after each change of the
    inputs. The stamps are taken before each yield, so a change saved while the caller
    is still building is seen when it asks for the next one."""
    stamps = input_stamps(root)
    yield False
    while True:
        stamps = _next_change(root, stamps, poll_interval)
        yield True


def _next_change(root: Path, last: Stamps, poll_interval: float) -> Stamps:
    """Wait until the inputs differ from `last` and have stopped changing; their new stamps."""
    while True:
        time.sleep(poll_interval)
        current = input_stamps(root)
        if current != last:
            break
    while True:
        time.sleep(SETTLE_INTERVAL)
        settled = input_stamps(root)
        if settled == current:
            return settled
        current = settled


def _stamp(path: Path | os.DirEntry, stamps: Stamps) -> None:
    try:
        status = path.stat()
    except OSError:  # gone since it was listed, or never there
        return
    stamps[str(path) if isinstance(path, Path) else path.path] = (status.st_mtime_ns, status.st_size)


def _stamp_folder(folder: Path, stamps: Stamps, *, recursive: bool) -> None:
    """Stamp every entry of folder except hidden ones (editors' swap files, which a
    build ignores too); sub-folders' files as well when recursive."""
    try:
        entries = list(os.scandir(folder))
    except OSError:  # no such folder (yet): a build says what is wrong
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if recursive and entry.is_dir():
            _stamp_folder(Path(entry.path), stamps, recursive=True)
        else:
            _stamp(entry, stamps)
