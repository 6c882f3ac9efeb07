"""Every name prints: names in eight scripts are drawn by real glyphs in the PDF and in
the DOCX (as LibreOffice exports it), right-to-left names keep their order in both, and
a character no installed font can draw is a warning naming it, its place and a package.

The glyph checks read the fonts embedded in each PDF (tests/pdf_fonts.py): a character
counts as drawn only if some glyph standing for it is not .notdef and has an outline.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefgen import fonts
from briefgen.cli import main
from briefgen.render import common
from briefgen.theme import Templates

import office
from pdf_fonts import drawn_text, font_reports

SCRIPTS = Path(__file__).parent / "fixtures" / "scripts"
NAMES = {
    "Chinese": "王文涛",
    "Japanese": "岩屋毅 がいむだいじん",
    "Korean": "조태열",
    "Hindi": "सुब्रह्मण्यम जयशंकर",
    "Arabic": "فيصل بن فرحان",
    "Hebrew": "גדעון סער",
    "Greek": "Γιώργος Γεραπετρίτης",
    "Russian": "Сергей Лавров",
}


def _copy(tmp: Path) -> Path:
    root = tmp / "ws"
    shutil.copytree(SCRIPTS, root)
    return root


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    """The fixture built once as PDF and DOCX, and the DOCX as LibreOffice prints it."""
    root = _copy(tmp_path_factory.mktemp("scripts"))
    result = CliRunner().invoke(main, ["-C", str(root), "build", "-f", "pdf", "-f", "docx"])
    assert result.exit_code == 0, result.output
    pdf, = (root / "out").glob("*.pdf")
    docx, = (root / "out").glob("*.docx")
    files = {"pdf": pdf, "docx": docx}
    if office.soffice():
        files["docx-pdf"], = office.docx_to_pdf(docx, outdir=root / "lo")
    return files


def _printed(built, kind: str) -> Path:
    if kind not in built:
        pytest.skip("LibreOffice (soffice) is not installed")
    return built[kind]


# ---- every character a real glyph ---------------------------------------------------------------

@pytest.mark.parametrize("kind", ["pdf", "docx-pdf"])
@pytest.mark.parametrize("script", list(NAMES))
def test_every_name_is_drawn_by_real_glyphs(built, kind, script):
    good, bad = _cached_glyphs(_printed(built, kind))
    wanted = {ch for ch in NAMES[script] if fonts.needs_glyph(ch) and not ch.isspace()}
    assert wanted - good == set(), f"{script} characters not drawn by any real glyph"
    assert [glyph for glyph in bad if any(fonts.needs_glyph(ch) for ch in glyph.text)] == []


_GLYPHS: dict[Path, tuple] = {}


def _cached_glyphs(path: Path):
    if path not in _GLYPHS:
        _GLYPHS[path] = drawn_text(path)
    return _GLYPHS[path]


def test_the_pdf_draws_each_script_in_the_theme_font(built):
    used = " ".join(report.name for report in font_reports(built["pdf"]))
    for family in Templates.for_workspace(None).theme().script_fonts:
        assert family.replace(" ", "-") in used


def test_the_docx_names_east_asian_and_complex_script_fonts(built):
    import docx
    from docx.oxml.ns import qn

    theme = Templates.for_workspace(None).theme()
    styles = docx.Document(str(built["docx"])).styles.element
    for properties in (styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}"),
                       styles.xpath('w:style[@w:styleId="Normal"]/w:rPr')[0]):
        slots = properties.find(qn("w:rFonts"))
        assert slots.get(qn("w:ascii")) == slots.get(qn("w:hAnsi")) == theme.body_font
        assert slots.get(qn("w:eastAsia")) == theme.east_asian_font
        assert slots.get(qn("w:cs")) == theme.complex_script_font
        language = properties.find(qn("w:lang"))
        assert (language.get(qn("w:eastAsia")), language.get(qn("w:bidi"))) == ("zh-CN", "ar-SA")


def test_every_sized_docx_style_sizes_complex_script_text_alike(built):
    """Without w:szCs, Arabic and Hebrew in a footnote kept the default size and
    printed larger than the Latin words around them."""
    import docx
    from docx.oxml.ns import qn

    styles = docx.Document(str(built["docx"])).styles.element
    sized = styles.xpath("w:style[w:rPr/w:sz]")
    assert any(style.get(qn("w:styleId")) == "FootnoteText" for style in sized)
    for style in sized:
        properties = style.find(qn("w:rPr"))
        complex_size = properties.find(qn("w:szCs"))
        assert complex_size is not None, style.get(qn("w:styleId"))
        assert complex_size.get(qn("w:val")) == properties.find(qn("w:sz")).get(qn("w:val"))


# ---- right-to-left order -------------------------------------------------------------------------

def visual_lines(path: Path) -> list[str]:
    """Each printed line's characters left to right, spaces dropped (right-to-left text
    therefore reads backwards)."""
    import pdfplumber

    lines = []
    with pdfplumber.open(str(path)) as pdf:
        for page in pdf.pages:
            rows: list[tuple[float, list]] = []
            for char in sorted(page.chars, key=lambda c: -c["matrix"][5]):
                if rows and abs(rows[-1][0] - char["matrix"][5]) < 4:
                    rows[-1][1].append(char)
                else:
                    rows.append((char["matrix"][5], [char]))
            for _, row in rows:
                text = "".join(c["text"] for c in sorted(row, key=lambda c: c["x0"]))
                lines.append("".join(ch for ch in text if not ch.isspace() and ch not in common.ISOLATES))
    return lines


def backwards(text: str) -> str:
    return text.replace(" ", "")[::-1]


@pytest.mark.parametrize("kind", ["pdf", "docx-pdf"])
def test_a_citation_after_an_arabic_quote_stays_after_it(built, kind):
    # Faisal's note cites two places: 'Source [2], line 7: “فيصل بن فرحان”; [2], line 16: “…”.'
    # Unisolated, the "; [2" after the first quote is pulled into it: “[2] ;”فيصل… .
    quote = backwards(NAMES["Arabic"])
    lines = [line for line in visual_lines(_printed(built, kind)) if line.count(quote) == 2 and "line16:" in line]
    assert lines, "the note with two Arabic quotes is not on one line"
    assert f"“{quote}”;[2],line16:“{quote}”." in lines[0]


@pytest.mark.parametrize("kind", ["pdf", "docx-pdf"])
def test_right_to_left_names_in_a_list_keep_their_order(built, kind):
    # The agenda's "who": فيصل بن فرحان; גדעון סער. Unisolated, the two names, with the
    # "; " between them, form one right-to-left run, and the second is drawn first.
    arabic, hebrew_first_word = backwards(NAMES["Arabic"]), backwards("גדעון")
    assert any(f"{arabic};" in line and line.index(arabic) < line.index(hebrew_first_word)
               for line in visual_lines(_printed(built, kind)) if hebrew_first_word in line)


def test_isolates_only_text_with_right_to_left_letters():
    assert common.isolate("Сергей Лавров") == "Сергей Лавров"
    assert common.isolate("גדעון סער") == common.FSI + "גדעון סער" + common.PDI
    assert common.isolate("") == ""


# ---- a character no font can draw ----------------------------------------------------------------

@pytest.fixture
def liberation_only(tmp_path) -> dict[str, str]:
    """An environment whose fontconfig knows only the Liberation fonts: no CJK."""
    liberation = next((d for d in ("/usr/share/fonts/truetype/liberation", "/usr/share/fonts/truetype/liberation2")
                       if Path(d).is_dir()), None)
    if liberation is None or shutil.which("fc-list") is None:
        pytest.skip("needs fontconfig and fonts-liberation")
    config = tmp_path / "fonts.conf"
    config.write_text(f'<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
                      f"<fontconfig><dir>{liberation}</dir><cachedir>{tmp_path / 'fc-cache'}</cachedir></fontconfig>\n")
    return {**os.environ, "FONTCONFIG_FILE": str(config)}


def test_a_character_no_font_draws_is_a_warning_with_its_place_and_package(tmp_path, liberation_only):
    root = _copy(tmp_path)
    result = subprocess.run([sys.executable, "-m", "briefgen", "check"], cwd=root, env=liberation_only,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    # brief.yaml line 13: summary: ... "Ministers from China (王文涛), ..."
    assert ("brief.yaml:13:25: warning: no installed font can draw '王文涛' (U+738B CJK UNIFIED "
            "IDEOGRAPH-738B, U+6587 CJK UNIFIED IDEOGRAPH-6587, U+6D9B CJK UNIFIED IDEOGRAPH-6D9B); "
            "install fonts-noto-cjk") in result.stderr
    assert "'조태열' (U+C870 HANGUL SYLLABLE JO" in result.stderr
    assert "sources/b-gulf.md:7:2: warning: no installed font can draw 'فيصل بن فرحان'" in result.stderr
    assert "install fonts-noto-core" in result.stderr
    # Greek and Cyrillic are in Liberation: no warning. Each run is warned about once.
    assert "Γ" not in result.stderr and "Лавров" not in result.stderr
    assert result.stderr.count("'王文涛'") == 1


def test_the_glyph_check_sees_what_the_warning_warns_of(tmp_path, liberation_only):
    """Built with no CJK font, the PDF has no real glyph for 王: the glyph check fails
    where the warning said it would."""
    root = _copy(tmp_path)
    result = subprocess.run([sys.executable, "-m", "briefgen", "build", "-f", "pdf"], cwd=root,
                            env=liberation_only, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "install fonts-noto-cjk" in result.stderr
    good, _ = drawn_text(next((root / "out").glob("*.pdf")))
    assert "王" not in good and "Л" in good


def test_no_fontconfig_means_no_check(monkeypatch):
    monkeypatch.setattr(fonts, "_charsets", [])
    monkeypatch.setattr(fonts.shutil, "which", lambda name: None)
    assert fonts.uncovered({"王"}) is None
    assert fonts.uncovered({"a", "é", "ł", "–", "“"}) == set()  # Latin and common punctuation: never asked about


def test_package_for_each_script():
    assert [fonts.package_for(ch) for ch in "王が조"] == ["fonts-noto-cjk"] * 3
    assert [fonts.package_for(ch) for ch in "सفג"] == ["fonts-noto-core"] * 3
    assert fonts.package_for("😀") == "fonts-noto-color-emoji"


def test_a_memo_in_latin_script_does_not_list_the_fonts(monkeypatch):
    """The default brief (English, with dashes and curly quotes) is checked without an
    fc-list call: `check` stays as quick as before the fonts were asked about."""
    from briefgen.merge import build_summary
    from briefgen.workspace import read_workspace

    def no_listing():
        raise AssertionError("fc-list was called for a Latin-script memo")

    monkeypatch.setattr(fonts, "_charsets", [])
    monkeypatch.setattr(fonts, "_list_charsets", no_listing)
    workspace = read_workspace(Path(__file__).resolve().parent.parent)
    summary, _ = build_summary(workspace)
    assert fonts.coverage_warnings(workspace, summary) == []
