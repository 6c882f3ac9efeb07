"""The summary model for the terminal (`briefgen show`): what the memo will say, and
where each item came from."""

from __future__ import annotations

import re

from ..model import Citation, Summary
from .common import (NOTE_REMARK_LABEL, SECTION_TITLES, agenda_cells, attachments_label, banner_text,
                     closing_lines, decision_line, format_date, header_fields, item_mark, option_line,
                     participant_groups, plain_text, point_text, prepared_by_line, quoted, recommendations_title,
                     sections)


# Terminal control sequences in source text: escape sequences (CSI "ESC [ … m" colours
# and cursor moves, OSC "ESC ] … BEL" titles and links, and the rest), C1's single-byte
# CSI, then any other C0 or C1 control but newline and tab, and the bidirectional
# embeddings and overrides (which reorder the lines around them; the isolates stay).
_CONTROL = re.compile(
    r"\x1b[\]PX^_][^\x07\x1b\x9c\n]*(?:\x07|\x1b\\|\x9c)?"  # OSC, DCS, SOS, PM, APC strings
    r"|[\x90\x98\x9d\x9e\x9f][^\x07\x1b\x9c\n]*(?:\x07|\x1b\\|\x9c)?"  # their single-byte C1 forms
    r"|(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"  # CSI: colours, cursor moves, erasing
    r"|\x1b[ -/]*[0-~]?"  # any other escape sequence
    r"|[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e]")


def terminal_safe(text: str) -> str:
    """The text with every terminal control sequence removed: what `show` prints."""
    return _CONTROL.sub("", text)


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
        lines.insert(0, banner_text(memo))
    lines += [f"{label + ':':9} {value}" for label, value in header_fields(memo, summary.layout.portion_marks)]

    def marked(mark: str, text: str) -> str:
        prefix = item_mark(summary, mark)
        return f"{prefix} {text}" if prefix else text

    if summary.summary:
        lines += ["", SECTION_TITLES["summary"].upper(), "  " + marked(summary.summary_mark, plain_text(summary.summary))]
    for key in sections(summary):
        if key in ("summary", "notes", "sources"):
            continue
        if key == "recommendations":
            lines += ["", recommendations_title(summary).upper()]
            for recommendation in summary.recommendations:
                lines += [f"  • {marked(recommendation.mark, plain_text(recommendation.text))}",
                          f"      {option_line(recommendation.options)}"]
            if decision_line(memo):
                lines.append(f"  {decision_line(memo)}")
            continue
        if key == "talking_points":
            lines += ["", SECTION_TITLES[key].upper()]
            lines += [f"  {n}. {marked(p.mark, plain_text(p.text))}" for n, p in enumerate(summary.talking_points, 1)]
            continue
        if key == "attachments":
            lines += ["", attachments_label(memo)] + [f"  {a}" for a in memo.attachments]
            continue
        lines += ["", SECTION_TITLES[key].upper()]
        if key == "participants":
            for org, people in participant_groups(summary.participants):
                lines.append(f"  {org}")
                for person in people:
                    role = f", {person.role}" if person.role else ""
                    lines.append(f"    • {marked(person.mark, person.name)}{role}"
                                 f"{_places(person.citations, memo.lang, person.note)}")
                    if person.pronounce:
                        lines.append(f"      say: {person.pronounce}")
                    if person.bio:
                        lines.append(f"      bio: {person.bio}")
        elif key == "agenda":
            for item in summary.agenda:
                when, what, where, who = agenda_cells(item, memo.lang)
                details = " · ".join(part for part in (when, where, who) if part)
                lines.append(f"  • {marked(item.mark, what)}" + (f" ({details})" if details else "")
                             + _places(item.citations, memo.lang, item.note))
        else:
            lines += [f"  • {marked(item.mark, plain_text(point_text(item, memo.lang)))}"
                      f"{_places(item.citations, memo.lang, item.note)}"
                      for item in getattr(summary, key)]
    if summary.sources:
        lines += ["", SECTION_TITLES["sources"].upper()]
        for source in summary.sources:
            parts = [source.title, source.outlet, source.author,
                     format_date(source.date, memo.lang) if source.date else "", source.url]
            lines.append(f"  [{source.number}] {source.id}: " + ". ".join(p for p in parts if p))
    closing = ([prepared_by_line(memo)] if prepared_by_line(memo) else []) + [
        f"{label}: " + "; ".join(values) for label, values in closing_lines(memo)]
    if closing:
        lines += [""] + closing
    return terminal_safe("\n".join(lines)) + "\n"
