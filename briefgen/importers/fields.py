"""Small typed accessors for what an importer reads from a file someone else made.

Every field an importer takes from an input (a Hypothesis export's JSON, a PDF
annotation's dictionary, a Word comment's XML) goes through one of these, so that a
field of the wrong type, missing, nested wrongly, not finite, not valid Unicode text or
absurdly large is never anything but a `SkipMark` (this one mark cannot be read: the
reason names the field) or, for the file as a whole, a BriefError. Importers catch
SkipMark around one mark and report it; nothing else is caught.
"""

from __future__ import annotations

import math
import re

MAX_FIELD_CHARS = 100_000  # longer than any comment or quote; a mark's text stays a sentence or a page
_NOT_TEXT = re.compile(r"[\ud800-\udfff]|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_MISSING = object()


class SkipMark(Exception):
    """One mark of an input cannot be read; the message says which field and why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def a_type(value: object) -> str:
    """What a JSON or PDF value is, in the words of a message."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, (str, bytes)):
        return "text"
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__.removeprefix("PDF").removeprefix("PS").lower() or "something else"


def checked_text(value: str, where: str) -> str:
    """Text that can be written as UTF-8 and read back: no lone surrogates (JSON's
    "\\ud800"), no control characters but tab and line breaks, not absurdly long."""
    bad = _NOT_TEXT.search(value)
    if bad:
        what = "a lone surrogate" if "\ud800" <= bad.group() <= "\udfff" else "a control character"
        raise SkipMark(f"{where} holds {what} (U+{ord(bad.group()):04X}), not text")
    if len(value) > MAX_FIELD_CHARS:
        raise SkipMark(f"{where} is {len(value)} characters long, more than {MAX_FIELD_CHARS}")
    return value


# ---- JSON ----------------------------------------------------------------------------------------

def json_field(obj: dict, key: str, pointer: str, expected: type | tuple[type, ...], default=_MISSING):
    """obj[key], which must be of the expected type (text is checked to be text); a
    missing key or null is the default, or a SkipMark when there is none. `pointer` is
    obj's JSON pointer, for the message."""
    value = obj.get(key)
    where = f"{pointer}/{key}"
    if value is None:
        if default is _MISSING:
            raise SkipMark(f"{where} is missing")
        return default
    return json_value(value, where, expected)


def json_value(value, where: str, expected: type | tuple[type, ...]):
    expected = expected if isinstance(expected, tuple) else (expected,)
    if isinstance(value, bool) and bool not in expected or not isinstance(value, expected):
        wanted = " or ".join(a_type(kind()) for kind in expected)
        raise SkipMark(f"{where} is {a_type(value)}, not {wanted}")
    if isinstance(value, str):
        checked_text(value, where)
    return value


def json_list(obj: dict, key: str, pointer: str, item: type | tuple[type, ...]) -> list:
    """obj[key] as a list (missing or null: empty) whose every item is of the type `item`."""
    items = json_field(obj, key, pointer, list, default=[])
    return [json_value(value, f"{pointer}/{key}/{index}", item) for index, value in enumerate(items)]


# ---- PDF objects ---------------------------------------------------------------------------------

def pdf_value(value):
    """A PDF object with references followed (a reference to nothing is None)."""
    from pdfminer.pdftypes import resolve1

    return resolve1(value)


def pdf_number(value, where: str) -> float:
    value = pdf_value(value)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise SkipMark(f"{where} is {a_type(value)}, not a number")
    # compared before any conversion: float() of a 400-digit integer overflows, and
    # writing out one of 5000 digits is refused
    if isinstance(value, float) and not math.isfinite(value) or not -1e9 <= value <= 1e9:
        raise SkipMark(f"{where} is too large (or not finite), not a number on a page")
    return float(value)


def pdf_numbers(value, where: str, most: int = 8 * 1000) -> list[float]:
    """A PDF array of numbers (null: none), at most `most` of them."""
    value = pdf_value(value)
    if value is None:
        return []
    if not isinstance(value, (list, tuple)):
        raise SkipMark(f"{where} is {a_type(value)}, not an array of numbers")
    if len(value) > most:
        raise SkipMark(f"{where} has {len(value)} numbers, more than {most}")
    return [pdf_number(item, f"{where}[{index}]") for index, item in enumerate(value)]


def pdf_text(value, where: str) -> str:
    """A PDF text string (PDFDocEncoding, or UTF-16 with a byte order mark) as checked
    text; null is no text."""
    from pdfminer.utils import decode_text

    value = pdf_value(value)
    if value is None:
        return ""
    if isinstance(value, bytes):
        if len(value) > 4 * MAX_FIELD_CHARS:
            raise SkipMark(f"{where} is {len(value)} bytes long, more than a comment")
        if value.startswith(b"\xef\xbb\xbf"):  # PDF 2.0 also allows UTF-8
            text = value[3:].decode("utf-8", "replace")
        else:
            text = decode_text(value)
        return checked_text(text, where).strip()
    if isinstance(value, str):
        return checked_text(value, where).strip()
    raise SkipMark(f"{where} is {a_type(value)}, not a text string")


def pdf_name(value, where: str) -> str:
    from pdfminer.psparser import PSLiteral

    value = pdf_value(value)
    if value is None:
        return ""
    if not isinstance(value, PSLiteral):
        raise SkipMark(f"{where} is {a_type(value)}, not a name")
    name = value.name
    return name.decode("latin-1") if isinstance(name, bytes) else str(name)
