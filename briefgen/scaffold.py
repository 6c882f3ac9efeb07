"""`briefgen init`: a new workspace with a commented brief.yaml and an example source,
and on request a reference.docx holding the DOCX house style."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from .errors import BriefError
from .model import AgendaItem, Citation, Memo, Participant, Point, Source, Summary, When
from .theme import REFERENCE_DOCX, Templates

HOUSE_STYLE_ADVICE = (
    "This document is the Word house style of the memos built in its workspace. Change any "
    "style (Modify Style, or Update to Match Selection), the margins or the header and footer "
    "look, and save: the next build uses them. Its text is only an example and is replaced.")

BRIEF_YAML = """\
# brief.yaml: the memo's metadata and your own content. Keys not listed here are
# errors, so a typo cannot silently drop content. Inline Markdown is allowed in the
# summary (**bold**, *italic*).
memo:
  form: briefing                      # briefing | action (recommendations to decide) | information
  # type: "BRIEFING MEMORANDUM"       # the heading line; default from the form
  title: "Title of the meeting or topic"   # required; also names the output files
  # subject: "..."                    # default: the title
  to: "The Secretary"
  from: "Policy Planning Staff"
  # through: "..."
  date: {today}                      # YYYY-MM-DD; default: today
  classification: UNCLASSIFIED        # printed top and bottom of every page; remove for none
  # handling: NOFORN                  # caveat printed after the marking: CONFIDENTIAL//NOFORN
  # decision_by: YYYY-MM-DD           # action form: default five business days after the date
  lang: en                            # language of the memo: dates, hyphenation

summary: |
  One or two sentences: the bottom line up front.

# Your own items come first in each section; annotated items from sources/ follow.
# key_points:
#   - text: "A point you want in the memo"
# participants:
#   - {{name: "Jane Roe", role: "Foreign Minister", org: "Ruritania"}}
# agenda:
#   - {{item: "Bilateral meeting", when: "{today}", where: "Brussels", who: "Jane Roe; John Doe"}}
# challenges:
#   - text: "..."
# open_questions:
#   - text: "..."

# The action form only: what the principal is asked to decide, with the option lines.
# recommendations:
#   - text: "That you approve ..."
#     options: [Approve, Disapprove]   # the default; any labels
# talking_points:                      # what the principal says; numbered
#   - text: "..."
# drafted_by: "Name, office, phone"    # closes the memo, with the clearances
# cleared_by: ["OFFICE: Name (ok)"]
# attachments: ["Tab 1 - ..."]
# Any item takes mark: C (or U, CUI, S, TS; O, OS), as does an annotation: mark=C.

# The email draft (briefgen build --format eml) and briefgen send: addresses.
# email:
#   to: ["name@example.gov"]           # a list, or one address; "Name <name@example.gov>" too
#   cc: []
#   from: "you@example.gov"

layout:
  paper: letter        # letter | a4
  citations: footnotes # footnotes | endnotes | none
  max_pages: 2         # pages for all but the sources; warn when the memo runs longer
  fit: false           # true: compact citations, tighter spacing, smaller text until it fits
  # portion_marks: true  # (U), (C)... before every paragraph, bullet, table row and the subject
"""

EXAMPLE_SOURCE = """\
---
title: "Example article: replace me with a real source"
outlet: Example News
# author: "..."
# date: {today}
# url: https://example.org/article
---

Mark the words that matter with a bracketed span and a kind, for example:
[Foreign Minister Jane Roe]{{.participant name="Jane Roe" role="Foreign Minister" org=Ruritania}}
said [the talks would open in Brussels on Monday]{{.agenda item="Opening of talks" when={today} where=Brussels}}.
[Both sides want a ceasefire before winter]{{.key}}, but
[the border question is unresolved]{{.challenge}}, and
[no date has been set for a second round]{{.question text="When will the second round take place?"}}.

Kinds: .key, .participant, .agenda, .challenge, .question. Every kind takes note="...".
Write \\[ for a literal bracket.
"""


def write_workspace(folder: Path, reference_docx: bool = False) -> list[Path]:
    """A commented brief.yaml and an example source in ``folder``; with
    ``reference_docx`` also templates/reference.docx, the DOCX house style, and in a
    folder that is already a workspace only that. Nothing is ever overwritten."""
    brief = folder / "brief.yaml"
    reference = folder / "templates" / REFERENCE_DOCX
    if brief.exists() and not reference_docx:
        raise BriefError(brief, None, None, "a workspace already exists here",
                         "choose another folder, or edit this brief.yaml")
    if reference_docx and reference.exists():
        raise BriefError(reference, None, None, "a house style already exists here",
                         "restyle it in Word, or rename it to write a fresh one")
    written = [] if brief.exists() else _write_brief(folder)
    if reference_docx:
        written.append(_write_reference_docx(folder))
    return written


def _write_brief(folder: Path) -> list[Path]:
    brief = folder / "brief.yaml"
    today = dt.date.today().isoformat()
    example = folder / "sources" / "example.md"
    written = [brief]
    try:
        example.parent.mkdir(parents=True, exist_ok=True)
        brief.write_text(BRIEF_YAML.format(today=today), encoding="utf-8")
        if not example.exists():  # an existing source is the analyst's: never overwritten
            example.write_text(EXAMPLE_SOURCE.format(today=today), encoding="utf-8")
            written.append(example)
    except OSError as exc:
        raise BriefError(folder, None, None, f"cannot write the workspace: {exc.strerror or exc}") from None
    return written


def _write_reference_docx(folder: Path) -> Path:
    """templates/reference.docx: the house-style sample rendered with the workspace's
    theme by the DOCX renderer itself, so it holds every style a memo uses."""
    from .output import write_outputs
    from .render.docx import render_docx

    data = render_docx(house_style_sample(), Templates.for_workspace(folder))
    return write_outputs(folder / "templates", {REFERENCE_DOCX: data})[0]


def house_style_sample() -> Summary:
    """The memo templates/reference.docx shows: one of everything a memo can hold,
    each part naming the Word style that shapes it, so an editor sees what to restyle."""
    today = dt.date.today()
    source = Source("example", 1, "Sources are Reference Entry paragraphs; the address is a Hyperlink",
                    "Example News", "A. Reporter", today, "https://example.org/article")
    cited = [Citation(source.id, 1, 1, "the marked words")]
    return Summary(
        memo=Memo(title="House style", subject="House style for this workspace's memos",
                  to="Editors", from_="briefgen", date=today,
                  classification="CLASSIFICATION BANNER",
                  prepared_by="the drafter, in the Prepared By style"),
        summary=(HOUSE_STYLE_ADVICE + " This summary is the Summary style; "
                 "**Strong**, *Emphasis* and `HTML Code` style inline Markdown."),
        key_points=[
            Point("Key points, challenges and open questions are List Bullet paragraphs."),
            Point("A cited item carries a note: Footnote Reference and Footnote Text.", citations=cited),
        ],
        participants=[Participant("Names, roles and places are Table Text", "Column titles: Table Heading",
                                  "Organisations: Table Group", citations=cited)],
        agenda=[AgendaItem("Tables are in the Memo Table style; their first row repeats on each page",
                           When(today.isoformat(), today, today), "Brussels", ["Jane Roe", "John Doe"])],
        challenges=[Point("Section titles are Heading 1; the memo type is Title; the DATE, TO, FROM "
                          "and SUBJECT lines are Memo Header, their labels Memo Header Label.")],
        open_questions=[Point("Page furniture: Classification Banner, Running Header (from page 2) and Footer.")],
        sources=[source],
    )
