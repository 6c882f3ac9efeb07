"""The repository itself: no file left half-merged."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
MARKER = re.compile(r"^(<{7} |={7}$|>{7} )", re.M)


def test_no_tracked_file_holds_a_merge_conflict_marker():
    listed = subprocess.run(["git", "ls-files"], cwd=REPO, capture_output=True, text=True)
    if listed.returncode != 0:  # not a git checkout (an unpacked release): nothing to check
        return
    marked = []
    for name in listed.stdout.splitlines():
        path = REPO / name
        if path.suffix in {".py", ".md", ".j2", ".yaml", ".toml", ".txt", ".cfg", ".in", ""} and path.is_file():
            text = path.read_text(encoding="utf-8", errors="replace")
            if MARKER.search(text):
                marked.append(name)
    assert marked == []
