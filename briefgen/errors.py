"""The one error type, and warnings: both carry the place they are about.

Only the CLI turns them into text for a person (see cli.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class BriefError(Exception):
    """Bad input: a message about a place (path, 1-based line and column)."""

    def __init__(self, path: Path | str | None, line: int | None, column: int | None,
                 message: str, hint: str = "") -> None:
        super().__init__(message)
        self.path = Path(path) if path is not None else None
        self.line = line
        self.column = column
        self.message = message
        self.hint = hint

    def __str__(self) -> str:  # for logs and tests; the CLI formats its own
        where = f"{self.path}:{self.line}:{self.column}: " if self.path else ""
        return f"{where}{self.message}"


@dataclass(frozen=True)
class Place:
    path: Path
    line: int | None = None  # None: the file as a whole (or a place a line cannot tell)
    column: int | None = None


@dataclass(frozen=True)
class BriefWarning:
    """Something the analyst should look at that does not stop the build."""

    message: str
    place: Place | None = None
