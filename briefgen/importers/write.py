"""Writing what an import made: a source file (new, or an existing one with spans added)
and, beside it, the marks that could not be placed.

A source is proved valid by reading it back with workspace.read_source before it
replaces anything; files are replaced whole (output.write_outputs), never half-written.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..errors import BriefError
from ..model import parse_date
from ..output import write_outputs
from ..workspace import UNANCHORED_SUFFIX, load_yaml, read_source, read_text
from .anchor import UNANCHORED, Outcome
from .marks import Article

# Characters that would make imported text markup: brackets and braces (spans), the
# backslash itself, backticks (code, where spans are not read), emphasis marks.
_MARKUP_CHARS = re.compile(r"[\\\[\]{}`*_]")
# Markup only in context: an entity (&amp;), an autolink or tag (<http:...>), a ~~~ fence.
_MARKUP_IN_CONTEXT = re.compile(r"&(?=#?\w+;)|<(?=[A-Za-z/])|^~(?=~~)", re.M)


def escaped(text: str) -> str:
    """Imported text as Markdown that reads back as exactly that text: every character
    the scanner or Markdown would take as markup is backslash-escaped."""
    text = _MARKUP_CHARS.sub(lambda m: "\\" + m.group(), text)
    return _MARKUP_IN_CONTEXT.sub(lambda m: "\\" + m.group(), text)


def article_fields(article: Article) -> dict[str, str]:
    """The front matter fields an article fills."""
    fields = {"title": article.title, "author": article.author, "outlet": article.outlet,
              "date": _valid_date(article.date), "url": article.url}
    return {name: " ".join(value.split()) for name, value in fields.items() if value and value.strip()}


def new_source_text(article: Article, input_name: str, kept: dict[str, str] | None = None) -> tuple[str, str]:
    """(front matter, body) of a new source for an article, its text escaped; `kept`:
    fields of the source it replaces that the article does not fill."""
    fields = article_fields(article)
    fields.update({name: value for name, value in (kept or {}).items() if name not in fields})
    dumped = yaml.safe_dump(fields, allow_unicode=True, sort_keys=False, width=100_000)
    # YAML comments are not front matter keys: a safe place to say where the text came from.
    front = f"---\n# imported by `briefgen import` from {_one_line(input_name)}\n{dumped}---\n"
    return front, escaped(article.text) + "\n"


def split_source(text: str) -> tuple[str, str]:
    """(front matter with its --- lines, body) as workspace.read_source divides them."""
    lines = text.split("\n")
    if lines and lines[0].rstrip() == "---":
        closing = next((i for i, line in enumerate(lines[1:], start=1) if line.rstrip() in ("---", "...")), None)
        if closing is not None:
            return "\n".join(lines[:closing + 1]) + "\n", "\n".join(lines[closing + 1:])
    return "", text


@dataclass
class UnanchoredEntry:
    """A mark listed in sources/<id>.unanchored.yaml."""

    text: str
    kind: str
    reason: str
    origin: str  # input file and where in it
    attributes: dict[str, str] = field(default_factory=dict)
    prefix: str = ""
    suffix: str = ""

    @property
    def identity(self) -> tuple:
        return self.text, self.kind, tuple(sorted(self.attributes.items())), self.prefix, self.suffix

    def as_yaml(self) -> dict:
        entry = {"text": self.text, "kind": self.kind}
        if self.attributes:
            entry["attributes"] = dict(self.attributes)
        for name in ("prefix", "suffix"):
            if getattr(self, name):
                entry[name] = getattr(self, name)
        entry["from"] = self.origin
        entry["reason"] = self.reason
        return entry


def unanchored_entries(outcomes: list[Outcome], input_name: str) -> list[UnanchoredEntry]:
    return _entries(outcomes, input_name, only_unanchored=True)


def _entries(outcomes: list[Outcome], input_name: str, only_unanchored: bool) -> list[UnanchoredEntry]:
    return [UnanchoredEntry(o.mark.quote, o.mark.kind, o.reason, f"{input_name}, {o.mark.origin}",
                            o.mark.attributes, o.mark.prefix, o.mark.suffix)
            for o in outcomes if o.status == UNANCHORED or not only_unanchored]


def unanchored_path(source_path: Path) -> Path:
    return source_path.with_name(source_path.stem + UNANCHORED_SUFFIX)


def write_source(path: Path, text: str, expected_annotations: int, unanchored: list[UnanchoredEntry]) -> None:
    """Write a source and its list of unanchored marks together (an empty list removes it)."""
    _prove_valid(path, text, expected_annotations)
    files = {path.name: text.encode("utf-8")}
    if unanchored:
        files[unanchored_path(path).name] = _unanchored_yaml(path, unanchored).encode("utf-8")
    write_outputs(path.parent, files)
    if not unanchored:
        unanchored_path(path).unlink(missing_ok=True)


def write_unanchored(source_path: Path, unanchored: list[UnanchoredEntry]) -> None:
    """Write the list of unanchored marks of a source left as it was (or not there at all)."""
    if unanchored:
        write_outputs(source_path.parent, {unanchored_path(source_path).name:
                                           _unanchored_yaml(source_path, unanchored).encode("utf-8")})
    else:
        unanchored_path(source_path).unlink(missing_ok=True)


def merged_unanchored(source_path: Path, outcomes: list[Outcome], input_name: str) -> list[UnanchoredEntry]:
    """The source's list of unanchored marks after this import: earlier entries stay
    unless this import handled the same mark again (placed or not), so importing twice
    lists nothing twice, and a mark placed at last leaves the list."""
    handled = {entry.identity for entry in _entries(outcomes, input_name, only_unanchored=False)}
    kept = [entry for entry in read_unanchored(unanchored_path(source_path)) if entry.identity not in handled]
    return kept + unanchored_entries(outcomes, input_name)


def read_unanchored(path: Path) -> list[UnanchoredEntry]:
    if not path.is_file():
        return []
    try:
        data = load_yaml(read_text(path)) or {}
    except yaml.YAMLError as exc:
        raise BriefError(path, None, None, f"cannot read the list of unanchored marks: {exc}",
                         "fix or delete the file, then import again") from None
    marks = data.get("marks") if isinstance(data, dict) else None
    entries = []
    for item in marks if isinstance(marks, list) else []:
        if isinstance(item, dict):
            entries.append(UnanchoredEntry(
                str(item.get("text", "")), str(item.get("kind", "")), str(item.get("reason", "")),
                str(item.get("from", "")), {str(k): str(v) for k, v in (item.get("attributes") or {}).items()},
                str(item.get("prefix", "")), str(item.get("suffix", ""))))
    return entries


def _unanchored_yaml(source_path: Path, entries: list[UnanchoredEntry]) -> str:
    header = (f"# Marks that `briefgen import` could not place in {source_path.name}, and why.\n"
              "# Mark them by hand in the source, then delete this file: `briefgen check` warns\n"
              "# while it exists.\n")
    body = {"source": source_path.name, "marks": [entry.as_yaml() for entry in entries]}
    return header + yaml.safe_dump(body, allow_unicode=True, sort_keys=False, width=100)


def _prove_valid(path: Path, text: str, expected_annotations: int) -> None:
    """Read the new text back as briefgen reads sources, before it replaces anything:
    an import that makes an invalid source is a bug in the import, never the analyst's."""
    with tempfile.TemporaryDirectory() as folder:
        trial = Path(folder) / path.name
        trial.write_text(text, encoding="utf-8")
        try:
            found = len(read_source(trial).annotations)
        except BriefError as error:
            raise RuntimeError(f"briefgen import made an invalid {path.name}: {error}") from error
    if found != expected_annotations:
        raise RuntimeError(f"briefgen import made {path.name} with {found} annotations, "
                           f"not the {expected_annotations} it placed")


def _valid_date(text: str) -> str:
    """An ISO date from metadata, or nothing: a date the source could not be read with is no use."""
    try:
        return parse_date(text).isoformat() if text else ""
    except ValueError:
        return ""


def _one_line(text: str) -> str:
    return " ".join(text.split())
