"""Opening a workspace's reference.docx, the DOCX house style, as the untrusted file it is.

A workspace may come from anyone (a colleague zips one and sends it), and a .docx is a
zip of XML parts. Before python-docx sees the file it is checked as a zip: its size,
its number of entries, each entry's declared size, their total and how far each one
inflates; then every entry is read through a reader that stops at the limits whatever
the zip declares, and python-docx opens those bytes. Parts briefgen relies on (the body,
the section properties, the page set-up) are checked, and anything in it that would
make Word fetch something from elsewhere when the memo is opened is taken out: every
relationship with an external target (an attached template, a linked image, a
hyperlink, a frame's source), the settings that name an attached template or a mail
merge data source, and the glossary of building blocks. Every problem is a BriefError
about the file, never a traceback.
"""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import docx
from docx.document import Document
from docx.exceptions import InvalidXmlError
from docx.opc.exceptions import PackageNotFoundError
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from lxml import etree

from ..errors import BriefError

MAX_FILE_BYTES = 20 * 1024 * 1024  # the .docx as stored
MAX_ENTRIES = 1000
MAX_ENTRY_BYTES = 50 * 1024 * 1024  # one part, inflated
MAX_TOTAL_BYTES = 100 * 1024 * 1024  # every part, inflated
MAX_RATIO = 200  # inflated / stored, for an entry over RATIO_FLOOR
RATIO_FLOOR = 1024 * 1024  # small entries may compress as well as they like
_CHUNK = 64 * 1024

HINT = "save it again from Word as a .docx, or delete it to use the built-in look"
_R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
# Settings that make Word reach outside the document: the attached template (and
# "automatically update styles" from it), a mail merge's data source and query, and
# saving through an external XSLT transform.
_FETCHING_SETTINGS = ("w:attachedTemplate", "w:linkedStyles", "w:mailMerge", "w:saveThroughXslt",
                      "w:attachedSchema")


class _Unusable(Exception):
    """What is wrong with the file, said for the analyst."""


def open_reference(path: Path) -> Document:
    """The house style at ``path``, checked and opened, with nothing in it that fetches.
    Raises BriefError about ``path``."""
    try:
        package = _bounded_package(path)
        document = docx.Document(io.BytesIO(package))
        _check_structure(document)
        strip_external(document)
    except _Unusable as exc:
        raise BriefError(path, None, None, f"not a usable Word document: {exc}", HINT) from None
    except (PackageNotFoundError, zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, ValueError, TypeError,
            AttributeError, IndexError, InvalidXmlError, etree.XMLSyntaxError, EOFError, OSError) as exc:
        raise BriefError(path, None, None, f"not a usable Word document: {_reason(exc)}", HINT) from None
    return document


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError):
        return exc.strerror or type(exc).__name__
    text = str(exc).strip().splitlines()
    return text[0][:200] if text else type(exc).__name__


# ---- the zip ------------------------------------------------------------------------------------

def _bounded_package(path: Path) -> bytes:
    """The package's entries, read within the limits, packed again (stored, not
    compressed) for python-docx: it never reads the file itself, so what it opens is
    exactly what was checked."""
    size = os.stat(path).st_size
    if size > MAX_FILE_BYTES:
        raise _Unusable(f"it is {_mb(size)}, over the {_mb(MAX_FILE_BYTES)} a house style may be")
    with open(path, "rb") as stream:
        data = stream.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:  # grew since stat
        raise _Unusable(f"it is over the {_mb(MAX_FILE_BYTES)} a house style may be")
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise _Unusable("it is not a zip package (a .docx is one)")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as package, zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as copy:
        entries = package.infolist()
        if len(entries) > MAX_ENTRIES:
            raise _Unusable(f"it holds {len(entries)} parts, over the {MAX_ENTRIES} allowed")
        declared = 0
        for entry in entries:
            _check_declared(entry)
            declared += entry.file_size
            if declared > MAX_TOTAL_BYTES:
                raise _Unusable(f"its parts would inflate to over {_mb(MAX_TOTAL_BYTES)}")
        read_so_far = 0
        for entry in entries:
            if entry.is_dir():
                continue
            content = _read_bounded(package, entry, MAX_TOTAL_BYTES - read_so_far)
            read_so_far += len(content)
            copy.writestr(entry.filename, content)
    return out.getvalue()


def _check_declared(entry: zipfile.ZipInfo) -> None:
    if entry.flag_bits & 0x1:
        raise _Unusable(f"part {entry.filename!r} is encrypted")
    if entry.file_size > MAX_ENTRY_BYTES:
        raise _Unusable(f"part {entry.filename!r} would inflate to {_mb(entry.file_size)}, "
                        f"over the {_mb(MAX_ENTRY_BYTES)} a part may be")
    if entry.file_size > RATIO_FLOOR and entry.file_size > MAX_RATIO * max(entry.compress_size, 1):
        raise _Unusable(f"part {entry.filename!r} inflates {entry.file_size // max(entry.compress_size, 1)} "
                        f"times (a zip bomb?); over {MAX_RATIO} times is refused")


def _read_bounded(package: zipfile.ZipFile, entry: zipfile.ZipInfo, room: int) -> bytes:
    """The entry's bytes, read a chunk at a time and stopped as soon as they pass its
    declared size or the room left: a zip may declare sizes that are not true."""
    cap = min(entry.file_size, MAX_ENTRY_BYTES, room)
    chunks, total = [], 0
    with package.open(entry) as stream:
        while True:
            chunk = stream.read(_CHUNK)
            if not chunk:
                break
            total += len(chunk)
            if total > cap or total > MAX_RATIO * max(entry.compress_size, 1) + RATIO_FLOOR:
                raise _Unusable(f"part {entry.filename!r} inflates to more than it declares")
            chunks.append(chunk)
    return b"".join(chunks)


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


# ---- the parts briefgen relies on ------------------------------------------------------------------

_PAGE_ATTRIBUTES = {"w:pgSz": ("w:w", "w:h"),
                    "w:pgMar": ("w:top", "w:bottom", "w:left", "w:right", "w:header", "w:footer", "w:gutter")}


def _check_structure(document: Document) -> None:
    body = document.element.find(qn("w:body"))
    if body is None:
        raise _Unusable("word/document.xml has no body (w:body)")
    section = body.find(qn("w:sectPr"))
    if section is None:
        raise _Unusable("word/document.xml has no section properties (w:sectPr) for the page set-up")
    for tag, attributes in _PAGE_ATTRIBUTES.items():
        element = section.find(qn(tag))
        if element is None:
            continue
        for attribute in attributes:
            value = element.get(qn(attribute))
            if value is None:
                continue
            try:
                number = int(value)
            except ValueError:
                raise _Unusable(f"the page set-up's {tag}/@{attribute} is {value[:40]!r}, "
                                "not a whole number of twentieths of a point") from None
            if abs(number) > 31680 * 2:  # 44 inches, twice Word's largest page side
                raise _Unusable(f"the page set-up's {tag}/@{attribute} is {number}, larger than any page")


# ---- what makes Word fetch -----------------------------------------------------------------------

def strip_external(document: Document) -> None:
    """Take out of ``document`` everything that points outside it: every relationship
    with TargetMode="External" in every part (and the references to it, so no r:id is
    left dangling), the settings that name an attached template or a data source, frame
    sets, and the glossary of building blocks (whose blocks could hold anything)."""
    package = document.part.package
    for rel_id in [rel_id for rel_id, rel in document.part.rels.items() if rel.reltype == RT.GLOSSARY_DOCUMENT]:
        del document.part.rels[rel_id]
    settings = document.settings.element
    for tag in _FETCHING_SETTINGS:
        for found in settings.findall(qn(tag)):
            settings.remove(found)
    _drop_external(package.rels, None)
    for part in list(package.iter_parts()):
        element = getattr(part, "_element", None)
        if element is not None:
            for frameset in list(element.iter(qn("w:frameset"))):
                frameset.getparent().remove(frameset)
            _drop_external(part.rels, element)
        elif any(rel.is_external for rel in part.rels.values()):
            # A part python-docx keeps as bytes (the theme, say): its references go too.
            blob = etree.fromstring(part.blob, etree.XMLParser(resolve_entities=False, no_network=True))
            _drop_external(part.rels, blob)
            part._blob = etree.tostring(blob, xml_declaration=True, encoding="UTF-8", standalone=True)


def _drop_external(rels, element) -> None:
    external = [rel_id for rel_id, rel in rels.items() if rel.is_external]
    for rel_id in external:
        del rels[rel_id]
    if element is None or not external:
        return
    gone = set(external)
    for node in element.iter():
        for name, value in list(node.attrib.items()):
            if name.startswith("{" + _R_NS + "}") and value in gone:
                del node.attrib[name]
