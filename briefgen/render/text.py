"""The summary model for the terminal (`briefgen show`): what the memo will say, and
where each item came from."""

from __future__ import annotations

from ..model import Citation, Summary
from .common import (SECTION_TITLES, agenda_cells, format_date, header_fields, participant_groups, plain_text,
                     sections)


def _places(citations: list[Citation]) -> str:
    return "".join(f"\n      ← {c.source}:{c.line}:{c.column} “{c.quote}”" for c in citations)


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
                    lines.append(f"    • {person.name}{role}{_places(person.citations)}")
        elif key == "agenda":
            for item in summary.agenda:
                when, what, where, who = agenda_cells(item, memo.lang)
                details = " · ".join(part for part in (when, where, who) if part)
                lines.append(f"  • {what}" + (f" ({details})" if details else "") + _places(item.citations))
        else:
            lines += [f"  • {plain_text(item.text)}{_places(item.citations)}" for item in getattr(summary, key)]
    if summary.sources:
        lines += ["", SECTION_TITLES["sources"].upper()]
        for source in summary.sources:
            parts = [source.title, source.outlet, source.author,
                     format_date(source.date, memo.lang) if source.date else "", source.url]
            lines.append(f"  [{source.number}] {source.id}: " + ". ".join(p for p in parts if p))
    return "\n".join(lines) + "\n"
