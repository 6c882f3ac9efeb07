"""`briefgen init`: a new workspace with a commented brief.yaml and an example source."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from .errors import BriefError

BRIEF_YAML = """\
# brief.yaml: the memo's metadata and your own content. Keys not listed here are
# errors, so a typo cannot silently drop content. Inline Markdown is allowed in the
# summary (**bold**, *italic*).
memo:
  type: Briefing Memorandum           # the heading line
  title: "Title of the meeting or topic"   # required; also names the output files
  # subject: "..."                    # default: the title
  to: "The Secretary"
  from: "Policy Planning Staff"
  # through: "..."
  date: {today}                      # YYYY-MM-DD; default: today
  classification: UNCLASSIFIED        # printed top and bottom of every page; remove for none
  # prepared_by: "Name, office, phone"   # closes the memo
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

layout:
  paper: letter        # letter | a4
  citations: footnotes # footnotes | endnotes | none
  max_pages: 2         # warn when the memo runs longer
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


def write_workspace(folder: Path) -> list[Path]:
    brief = folder / "brief.yaml"
    if brief.exists():
        raise BriefError(brief, None, None, "a workspace already exists here",
                         "choose another folder, or edit this brief.yaml")
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
