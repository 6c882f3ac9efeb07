"""The summary model for the terminal (`briefgen show`): what the memo will say, and
where each item came from."""

from __future__ import annotations

from ..model import Citation, Summary
from .common import (NOTE_REMARK_LABEL, SECTION_TITLES, agenda_cells, format_date, header_fields,
                     participant_groups, plain_text, point_text, quoted, sections)


def _places(citations: list[Citation], lang: str = "en", note: str = "") -> str:
    """Where an item came from, one line a citation (the quote whole, quotes inside it
    turned inner), then the analyst's note."""
    lines = "".join(f"\n      ← {c.source}:{c.line}:{c.column} {quoted(c.quote, lang)}" for c in citations)
    note = " ".join(note.split())
    return lines + (f"\n      {NOTE_REMARK_LABEL}: {note}" if note else "")


def render_text(summary: Summary) -> str:
    memo = summary.memo
    lines = [memo.type.upper()]
    if memo.classification:
        lines.insert(0, memo.classification)
    lines += [f"{label + ':':9} {value}" for label, value in header_fields(memo)]
    if summary.summary:
        lines += ["", SECTION_TITLES["summary"].upper(), "  " + plain_text(summary.summary)]
    for key in sections(summary):
        if key in ("summary", "notes", "sources"):
            continue
        lines += ["", SECTION_TITLES[key].upper()]
        if key == "participants":
            for org, people in participant_groups(summary.participants):
                lines.append(f"  {org}")
                for person in people:
                    role = f", {person.role}" if person.role else ""
                    lines.append(f"    • {person.name}{role}{_places(person.citations, memo.lang, person.note)}")
        elif key == "agenda":
            for item in summary.agenda:
                when, what, where, who = agenda_cells(item, memo.lang)
                details = " · ".join(part for part in (when, where, who) if part)
                lines.append(f"  • {what}" + (f" ({details})" if details else "")
                             + _places(item.citations, memo.lang, item.note))
        else:
            lines += [f"  • {plain_text(point_text(item, memo.lang))}{_places(item.citations, memo.lang, item.note)}"
                      for item in getattr(summary, key)]
    if summary.sources:
        lines += ["", SECTION_TITLES["sources"].upper()]
        for source in summary.sources:
            parts = [source.title, source.outlet, source.author,
                     format_date(source.date, memo.lang) if source.date else "", source.url]
            lines.append(f"  [{source.number}] {source.id}: " + ". ".join(p for p in parts if p))
    return "\n".join(lines) + "\n"
