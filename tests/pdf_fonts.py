"""What the fonts embedded in a PDF really draw, for tests: for every font on every page,
which text each used glyph stands for (its ToUnicode CMap) and whether that glyph is a
real one: not .notdef (glyph 0) and not empty (it has an outline).

Reads the fonts WeasyPrint writes (Type0 with CIDFontType2 TrueType, or CIDFontType0
CFF / OpenType) and the ones LibreOffice writes (simple TrueType and Type1C fonts with
a builtin encoding), with pypdf and fontTools.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

from fontTools.cffLib import CFFFontSet
from fontTools.pens.boundsPen import BoundsPen
from fontTools.t1Lib import T1Font
from fontTools.ttLib import TTFont
from pypdf import PdfReader
from pypdf.generic import IndirectObject


@dataclass
class Glyph:
    font: str
    text: str  # what the ToUnicode CMap says the glyph stands for (a ligature: several characters)
    gid: int | None  # None: could not be found in the font program
    name: str
    drawn: bool  # has an outline


@dataclass
class FontReport:
    name: str
    glyphs: list[Glyph] = field(default_factory=list)


def _resolve(obj):
    return obj.get_object() if isinstance(obj, IndirectObject) else obj


def _fonts(resources, seen: set[int]):
    """Every font dictionary in these resources and in their form XObjects."""
    resources = _resolve(resources)
    if not resources:
        return
    for font in (_resolve(resources.get("/Font")) or {}).values():
        key = id(_resolve(font))
        if key not in seen:
            seen.add(key)
            yield _resolve(font)
    for xobject in (_resolve(resources.get("/XObject")) or {}).values():
        xobject = _resolve(xobject)
        if xobject.get("/Subtype") == "/Form" and "/Resources" in xobject:
            yield from _fonts(xobject["/Resources"], seen)


def _hex(code: str) -> int:
    return int(code, 16)


def _utf16(code: str) -> str:
    data = bytes.fromhex(code)
    return data.decode("utf-16-be", errors="replace")


def parse_to_unicode(data: bytes) -> dict[int, str]:
    """A ToUnicode CMap's bfchar and bfrange entries: code -> text."""
    text = data.decode("latin-1")
    mapping: dict[int, str] = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", text, re.S):
        for code, uni in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>", block):
            mapping[_hex(code)] = _utf16(uni)
    for block in re.findall(r"beginbfrange(.*?)endbfrange", text, re.S):
        for low, high, rest in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]*>|\[[^\]]*\])",
                                          block):
            low, high = _hex(low), _hex(high)
            if rest.startswith("["):
                for offset, uni in enumerate(re.findall(r"<([0-9A-Fa-f]*)>", rest)):
                    mapping[low + offset] = _utf16(uni)
            else:
                start = bytes.fromhex(rest[1:-1])
                for offset in range(high - low + 1):
                    value = int.from_bytes(start, "big") + offset
                    mapping[low + offset] = value.to_bytes(len(start), "big").decode("utf-16-be", errors="replace")
    return mapping


class _Program:
    """A font program: glyph lookup by gid or name, and whether a glyph draws anything."""

    def __init__(self, data: bytes, kind: str) -> None:
        self.tt = None
        self.cff = None
        self.t1 = None
        if kind == "t1":  # a Type 1 program (LibreOffice writes CFF fonts this way)
            font = T1Font.__new__(T1Font)
            font.data, font.encoding = data, "ascii"
            font.parse()
            self.t1 = font.font
            self.order = list(self.t1["CharStrings"].keys())
        elif kind == "cff":
            fonts = CFFFontSet()
            fonts.decompile(io.BytesIO(data), None)
            self.cff = fonts[fonts.fontNames[0]]
            self.order = list(self.cff.charset)
        else:
            self.tt = TTFont(io.BytesIO(data), lazy=True)
            self.order = self.tt.getGlyphOrder()
            if "CFF " in self.tt:
                cff = self.tt["CFF "].cff
                self.cff = cff[cff.fontNames[0]]

    def name_for_cid(self, cid: int, cid_keyed_cff: bool) -> tuple[int | None, str]:
        if cid_keyed_cff and self.cff is not None and self.tt is None:
            name = f"cid{cid:05d}"
            if name in self.order:
                return self.order.index(name), name
        if 0 <= cid < len(self.order):
            return cid, self.order[cid]
        return None, ""

    def name_for_code(self, code: int) -> tuple[int | None, str]:
        """A simple font's code -> glyph: its builtin (Type 1, CFF) encoding or its cmap."""
        if self.t1 is not None:
            encoding = self.t1.get("Encoding")
            name = encoding[code] if isinstance(encoding, list) and code < len(encoding) else ""
            return (self.order.index(name), name) if name in self.order else (None, "")
        if self.tt is None and self.cff is not None:
            encoding = getattr(self.cff, "Encoding", None)
            if isinstance(encoding, list) and code < len(encoding) and encoding[code] in self.order:
                name = encoding[code]
                return self.order.index(name), name
            return None, ""
        if "cmap" in self.tt:
            for table in self.tt["cmap"].tables:
                for candidate in (code, 0xF000 + code):
                    name = table.cmap.get(candidate)
                    if name:
                        return self.order.index(name), name
        return None, ""

    def drawn(self, name: str) -> bool:
        if not name:
            return False
        if self.t1 is not None:
            pen = BoundsPen(None)
            self.t1["CharStrings"][name].draw(pen)
            return pen.bounds is not None
        if self.cff is not None:
            pen = BoundsPen(None)
            self.cff.CharStrings[name].draw(pen)
            return pen.bounds is not None
        glyph = self.tt["glyf"][name]
        return glyph.numberOfContours != 0


def _program(descriptor) -> tuple[bytes, str] | None:
    descriptor = _resolve(descriptor)
    if descriptor is None:
        return None
    if "/FontFile" in descriptor:
        return _resolve(descriptor["/FontFile"]).get_data(), "t1"
    if "/FontFile2" in descriptor:
        return _resolve(descriptor["/FontFile2"]).get_data(), "tt"
    if "/FontFile3" in descriptor:
        stream = _resolve(descriptor["/FontFile3"])
        return stream.get_data(), "ot" if stream.get("/Subtype") == "/OpenType" else "cff"
    return None


def font_reports(path) -> list[FontReport]:
    reader = PdfReader(str(path))
    seen: set[int] = set()
    reports = []
    for page in reader.pages:
        for font in _fonts(page.get("/Resources"), seen):
            reports.append(_report(font))
    return reports


def _report(font) -> FontReport:
    report = FontReport(str(font.get("/BaseFont")))
    to_unicode = font.get("/ToUnicode")
    if to_unicode is None:
        return report
    mapping = parse_to_unicode(_resolve(to_unicode).get_data())
    composite = font.get("/Subtype") == "/Type0"
    descendant = _resolve(font["/DescendantFonts"][0]) if composite else font
    found = _program(descendant.get("/FontDescriptor"))
    if found is None:
        return report
    program = _Program(*found)
    cid_to_gid = None
    if composite and descendant.get("/Subtype") == "/CIDFontType2":
        mapped = descendant.get("/CIDToGIDMap")
        if mapped is not None and not isinstance(_resolve(mapped), str) and _resolve(mapped) != "/Identity":
            data = _resolve(mapped).get_data()
            cid_to_gid = [int.from_bytes(data[i:i + 2], "big") for i in range(0, len(data), 2)]
    cid_keyed_cff = composite and descendant.get("/Subtype") == "/CIDFontType0"
    for code, text in mapping.items():
        if composite:
            cid = code
            gid_in = cid_to_gid[cid] if cid_to_gid is not None and cid < len(cid_to_gid) else cid
            gid, name = program.name_for_cid(gid_in, cid_keyed_cff)
        else:
            gid, name = program.name_for_code(code)
        report.glyphs.append(Glyph(report.name, text, gid, name, bool(gid) and program.drawn(name)))
    return report


def drawn_text(path) -> tuple[set[str], list[Glyph]]:
    """Every character some real glyph of the PDF stands for; and the glyphs that are
    .notdef or empty though they stand for text that should draw something."""
    good: set[str] = set()
    bad: list[Glyph] = []
    for report in font_reports(path):
        for glyph in report.glyphs:
            if glyph.gid and glyph.drawn:
                good.update(glyph.text)
            elif glyph.text.strip() and any(not ch.isspace() for ch in glyph.text):
                bad.append(glyph)
    return good, bad
