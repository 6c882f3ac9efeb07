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
from .marks import DEFAULT_KIND, Mark, kind_named, read_comment


@dataclass
class AnnotatedPage:
    """The annotations on one web page."""

    url: str
    title: str
    marks: list[Mark] = field(default_factory=list)
    unquoted: int = 0  # page notes and replies: annotations on no words


def read_hypothesis(path: Path, kind_map: dict[str, str]) -> list[AnnotatedPage]:
    text = read_text(path)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BriefError(path, exc.lineno, exc.colno, f"not valid JSON: {exc.msg}") from None
    if isinstance(data, dict):
        data = data.get("annotations", data.get("rows"))
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise BriefError(path, None, None, "not a Hypothesis export",
                         'expected the client\'s export ({"annotations": [...]}), an API search result '
                         '({"rows": [...]}) or a list of annotations')
    pages: dict[tuple[str, str, str], AnnotatedPage] = {}  # by address, http or https, www. or not
    for annotation in data:
        targets = annotation.get("target")
        target = targets[0] if isinstance(targets, list) and targets and isinstance(targets[0], dict) else {}
        url = str(annotation.get("uri") or target.get("source") or "")
        titles = (annotation.get("document") or {}).get("title") or [""]
        title = str(titles if isinstance(titles, str) else titles[0])  # the API gives a list
        page = pages.setdefault(_page_key(url), AnnotatedPage(url, title))
        page.title = page.title or title
        quote = next((selector for selector in target.get("selector") or []
                      if isinstance(selector, dict) and selector.get("type") == "TextQuoteSelector"), None)
        if annotation.get("references") or quote is None:
            page.unquoted += 1
            continue
        page.marks.extend(_marks(annotation, quote, kind_map))
    return list(pages.values())


def _marks(annotation: dict, quote: dict, kind_map: dict[str, str]) -> list[Mark]:
    """One mark per kind its tags name (two kinds nest as two spans on the same words)."""
    said = read_comment(str(annotation.get("text") or ""))
    kinds: list[str] = []
    for tag in annotation.get("tags") or []:
        kind = kind_map.get(str(tag).strip().lower()) or kind_named(str(tag))
        if kind and kind not in kinds:
            kinds.append(kind)
    origin = f"annotation {annotation.get('id', '?')}"
    return [Mark(kind, said.attributes_for(kind), str(quote.get("exact") or ""), origin,
                 prefix=str(quote.get("prefix") or ""), suffix=str(quote.get("suffix") or ""))
            for kind in kinds or [said.kind or DEFAULT_KIND]]


def same_page(url: str, other: str) -> bool:
    """Two addresses of one page: http and https, www. or not, a trailing slash and the
    #fragment do not matter."""
    return bool(url) and bool(other) and _page_key(url) == _page_key(other)


def _page_key(url: str) -> tuple[str, str, str]:
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").removeprefix("www.")
    return host, parts.path.rstrip("/"), parts.query


def same_title(page_title: str, source_title: str) -> bool:
    """A page's title is often the headline and the site's name: "Headline | Outlet"."""
    wanted = match_key(source_title)
    if not wanted:
        return False
    candidates = [page_title] + [page_title.split(separator)[0] for separator in (" | ", " - ", " – ", " — ")]
    return any(match_key(candidate) == wanted for candidate in candidates)
