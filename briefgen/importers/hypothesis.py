"""A Hypothesis export -> marks on the web pages it annotated, grouped by page.

Three shapes hold the same annotation objects: the client's "Export annotations" file
({"export_date", "annotations": [...]}), the API's search result ({"total", "rows": [...]})
and a plain list. Each annotation quotes its words with a W3C TextQuoteSelector (exact,
prefix, suffix); its tags name the kind, its body (text) the attributes, in the same
light syntax as Word comments. Replies and page notes quote no words: they are counted,
not imported.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from ..errors import BriefError
from ..model import match_key
from ..workspace import read_text
from .fields import SkipMark, a_type, json_field, json_list, json_value
from .marks import DEFAULT_KIND, Mark, kind_named, read_comment


@dataclass
class AnnotatedPage:
    """The annotations on one web page."""

    url: str
    title: str
    marks: list[Mark] = field(default_factory=list)
    unquoted: int = 0  # page notes and replies: annotations on no words


def read_hypothesis(path: Path, kind_map: dict[str, str]) -> tuple[list[AnnotatedPage], list[str]]:
    """The pages an export annotated, and the annotations it holds that cannot be read
    (each "annotation N (id …): why"; those that quote words are also on their page, as
    marks with that problem, so that they are listed among the marks not placed)."""
    text = read_text(path)
    try:
        data = json.loads(text, parse_int=_integer)
    except json.JSONDecodeError as exc:
        raise BriefError(path, exc.lineno, exc.colno, f"not valid JSON: {exc.msg}") from None
    except ValueError as exc:  # a number of more than 4300 digits
        raise BriefError(path, None, None, f"not a JSON file briefgen reads: {exc}") from None
    except RecursionError:
        raise BriefError(path, None, None, "not a JSON file briefgen reads: nested too deeply") from None
    pointer = ""
    if isinstance(data, dict):
        pointer = "/annotations" if "annotations" in data else "/rows"
        data = data.get("annotations", data.get("rows"))
    if not isinstance(data, list):
        raise BriefError(path, None, None, "not a Hypothesis export" + (f": {pointer} is {a_type(data)}, not a list"
                                                                        if pointer and data is not None else ""),
                         'expected the client\'s export ({"annotations": [...]}), an API search result '
                         '({"rows": [...]}) or a list of annotations')
    pages: dict[tuple[str, str, str], AnnotatedPage] = {}  # by address, http or https, www. or not
    skipped: list[str] = []
    for index, annotation in enumerate(data):
        at = f"{pointer}/{index}"
        name = f"annotation {index + 1}"
        try:
            if not isinstance(annotation, dict):
                raise SkipMark(f"{at} is {a_type(annotation)}, not an object")
            id_ = json_field(annotation, "id", at, str, default="")
            name += f" (id {_shown(id_)})" if id_ else ""
            origin = f"annotation {_shown(id_)}" if id_ else name  # as marks from it were always named
            page, marks, unquoted = _read_annotation(annotation, at, origin, kind_map)
        except SkipMark as skip:
            skipped.append(f"{name}: {skip.reason}")
            quote = _words(annotation, at)
            if quote:  # listed with the marks not placed, on the page it names (when it names one)
                try:
                    url = _url(annotation, at) if isinstance(annotation, dict) else ""
                except SkipMark:
                    url = ""
                page = pages.setdefault(_page_key(url), AnnotatedPage(url, ""))
                page.marks.append(Mark(DEFAULT_KIND, {}, quote, name, problem=f"skipped: {skip.reason}"))
            continue
        found = pages.setdefault(_page_key(page.url), page)
        found.title = found.title or page.title
        found.marks.extend(marks)
        found.unquoted += unquoted
    return list(pages.values()), skipped


def _integer(digits: str) -> int | float:
    """A JSON integer; one too long for int() to take from text (4300 digits) is an
    infinity, a number no field takes, so that it is one field's problem, not the file's."""
    if len(digits) > 1000:
        return float("-inf") if digits.startswith("-") else float("inf")
    return int(digits)


def _read_annotation(annotation: dict, at: str, name: str,
                     kind_map: dict[str, str]) -> tuple[AnnotatedPage, list[Mark], int]:
    """One annotation's page, its marks and whether it quotes no words (a page note or a
    reply); a field it has of the wrong type is a SkipMark."""
    targets = json_list(annotation, "target", at, dict)
    target = targets[0] if targets else {}
    url = _url(annotation, at)
    document = json_field(annotation, "document", at, dict, default={})
    titles = json_field(document, "title", f"{at}/document", (str, list), default="")
    if isinstance(titles, list):  # the API gives a list
        titles = [json_value(title, f"{at}/document/title/{i}", str) for i, title in enumerate(titles)]
    title = titles if isinstance(titles, str) else (titles[0] if titles else "")
    page = AnnotatedPage(url, title)
    selectors = json_list(target, "selector", f"{at}/target/0", dict)
    quote = None
    for number, selector in enumerate(selectors):
        if json_field(selector, "type", f"{at}/target/0/selector/{number}", str, default="") == "TextQuoteSelector":
            quote, quote_at = selector, f"{at}/target/0/selector/{number}"
            break
    references = json_list(annotation, "references", at, str)
    if references or quote is None:
        return page, [], 1
    said = read_comment(json_field(annotation, "text", at, str, default=""))
    kinds: list[str] = []
    for tag in json_list(annotation, "tags", at, str):
        kind = kind_map.get(tag.strip().lower()) or kind_named(tag)
        if kind and kind not in kinds:
            kinds.append(kind)
    exact = json_field(quote, "exact", quote_at, str, default="")
    prefix = json_field(quote, "prefix", quote_at, str, default="")
    suffix = json_field(quote, "suffix", quote_at, str, default="")
    marks = [Mark(kind, said.attributes_for(kind), exact, name, prefix=prefix, suffix=suffix)
             for kind in kinds or [said.kind or DEFAULT_KIND]]
    return page, marks, 0


def _url(annotation: dict, at: str) -> str:
    """The page's address: the annotation's uri, or its target's source."""
    where = f"{at}/uri"
    url = json_field(annotation, "uri", at, str, default="")
    if not url:
        targets = json_list(annotation, "target", at, dict)
        where = f"{at}/target/0/source"
        url = json_field(targets[0], "source", f"{at}/target/0", str, default="") if targets else ""
    try:
        urlsplit(url.strip()).port  # noqa: B018  (reading it checks the address)
    except ValueError as exc:
        raise SkipMark(f"{where} is not an address: {exc}") from None
    return url


def _words(annotation, at: str) -> str:
    """The words a skipped annotation quotes, when they can be read at all."""
    try:
        if not isinstance(annotation, dict):
            return ""
        targets = json_list(annotation, "target", at, dict)
        selectors = json_list(targets[0], "selector", f"{at}/target/0", dict) if targets else []
        for selector in selectors:
            if selector.get("type") == "TextQuoteSelector":
                return json_field(selector, "exact", at, str, default="").strip()
    except SkipMark:
        pass
    return ""


def _shown(id_: str, limit: int = 40) -> str:
    """An id as a message can show it: on one line, not too long."""
    shown = json.dumps(id_, ensure_ascii=False)[1:-1]
    return shown if len(shown) <= limit else shown[:limit - 1] + "…"


def same_page(url: str, other: str) -> bool:
    """Two addresses of one page: http and https, www. or not, a trailing slash and the
    #fragment do not matter."""
    return bool(url) and bool(other) and _page_key(url) == _page_key(other)


def _page_key(url: str) -> tuple[str, str, str]:
    try:
        parts = urlsplit(url.strip())
        host = (parts.hostname or "").removeprefix("www.")
    except ValueError:  # "http://[::1", a port that is not a number: not an address
        return "", url.strip(), ""
    return host, parts.path.rstrip("/"), parts.query


def same_title(page_title: str, source_title: str) -> bool:
    """A page's title is often the headline and the site's name: "Headline | Outlet"."""
    wanted = match_key(source_title)
    if not wanted:
        return False
    candidates = [page_title] + [page_title.split(separator)[0] for separator in (" | ", " - ", " – ", " — ")]
    return any(match_key(candidate) == wanted for candidate in candidates)
