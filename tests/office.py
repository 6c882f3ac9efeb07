"""DOCX files as LibreOffice lays them out: converted to PDF with `soffice --headless`.

One private LibreOffice profile per test session (-env:UserInstallation), so tests
neither read nor disturb the user's own profile and never wait on its lock; several
files convert in one soffice run (its start-up is most of the cost).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

_PROFILE: Path | None = None


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def _profile() -> Path:
    global _PROFILE
    if _PROFILE is None:
        _PROFILE = Path(tempfile.mkdtemp(prefix="briefgen-lo-profile-"))
    return _PROFILE


def docx_to_pdf(*docx: Path, outdir: Path) -> list[Path]:
    """Each DOCX as a PDF in outdir (same stem), as LibreOffice prints it; skips the
    test when LibreOffice is not installed."""
    program = soffice()
    if program is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    outdir.mkdir(parents=True, exist_ok=True)
    subprocess.run([program, f"-env:UserInstallation={_profile().as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(outdir), *map(str, docx)],
                   check=True, capture_output=True, timeout=300)
    return [outdir / f"{Path(path).stem}.pdf" for path in docx]


def page_count(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(str(pdf)).pages)
