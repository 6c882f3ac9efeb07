"""Generated brief workspaces for the scaling benchmark: many realistic annotated sources.

Each source reads like a wire story: front matter, a headline, paragraphs of prose
with about 20 annotations of all five kinds. The annotations overlap across sources
the way real coverage does, so merging has work to do: participants come from a
shared pool (spelt in different cases and with or without diacritics, roles filled
in by some mentions only), key points and challenges are often repeated, agenda
items recur with the same dates, and participants are nested inside key-point spans.
The same arguments always give the same files.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

BRIEF = """\
memo:
  title: "Generated brief with {sources} sources"
  to: "The Secretary"
  from: "Policy Planning Staff"
  date: 2025-02-11
  classification: UNCLASSIFIED
summary: |
  A generated brief for the benchmark: {sources} sources, about {per_source} annotations each.
key_points:
  - text: "An analyst-written point comes first."
layout:
  max_pages: 400
"""

FIRST_NAMES = ("Anna", "Søren", "Maria", "José", "Mike", "Olena", "Jean", "Li", "Fatima", "Piotr",
               "Ingrid", "Kwame", "Aiko", "Łukasz", "Chloé", "Omar", "Greta", "Ravi", "Elif", "Tomás")
LAST_NAMES = ("Ågård", "Lindqvist", "Müller", "Novak", "Waltz", "Kovalenko", "Dupont", "Wei", "Haddad",
              "Nowak", "Berg", "Mensah", "Tanaka", "Wójcik", "Lefèvre", "Farouk", "Schmidt", "Iyer")
ROLES = ("Foreign Minister", "Defence Minister", "National Security Advisor", "Special Envoy",
         "Ambassador", "Deputy Prime Minister", "Trade Commissioner", "Chief Negotiator")
ORGS = ("United States", "European Union", "Ukraine", "Germany", "France", "Poland", "NATO",
        "United Kingdom", "Sweden", "Japan", "Turkey", "Canada")
OUTLETS = ("Example Wire", "Polar Post", "The Continental", "Daily Ledger", "Harbour Herald")
TOPICS = ("sanctions enforcement", "energy security", "grain exports", "air defence", "reconstruction finance",
          "prisoner exchanges", "border monitoring", "cyber resilience", "refugee support", "arms control",
          "shipping lanes", "critical minerals", "sea mines", "frozen assets", "ceasefire verification")
PLACES = ("Brussels", "Munich", "Warsaw", "Geneva", "Tromsø", "Kyiv", "Ankara", "Paris", "Washington")
FILLER = ("Officials spoke on condition of anonymity because the talks were not public.",
          "The statement followed weeks of consultations between capitals.",
          "Analysts cautioned that the timetable could still slip.",
          "Neither side released a full readout of the meeting.",
          "Diplomats described the mood as businesslike but tense.",
          "The proposal builds on earlier drafts circulated last month.")

PARTICIPANT_POOL = 150  # distinct people across all sources
SHARED_POINTS = 40  # key points that several sources repeat
AGENDA_POOL = 30  # meetings that several sources mention


def _people(rng: random.Random) -> list[tuple[str, str, str]]:
    people = set()
    while len(people) < PARTICIPANT_POOL:
        people.add((rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)))
    return [(f"{first} {last}", rng.choice(ROLES), rng.choice(ORGS)) for first, last in sorted(people)]


def _spelling(name: str, rng: random.Random) -> str:
    """The same person as another article writes them: case, spacing and accents vary."""
    variant = rng.randrange(4)
    if variant == 1:
        return name.upper()
    if variant == 2:
        return name.replace("ø", "o").replace("å", "a").replace("é", "e").replace("ü", "u").replace("Ł", "L")
    if variant == 3:
        return name.replace(" ", "  ")
    return name


def _meeting(number: int) -> tuple[str, str, str]:
    """Agenda item, when, where for one of the shared meetings."""
    start = dt.date(2025, 3, 1) + dt.timedelta(days=number % 60)
    when = start.isoformat() if number % 3 else f"{start.isoformat()} to {(start + dt.timedelta(days=2)).isoformat()}"
    return f"Ministerial meeting on {TOPICS[number % len(TOPICS)]} ({number})", when, PLACES[number % len(PLACES)]


def _quoted(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def source_text(index: int, per_source: int, rng: random.Random,
                people: list[tuple[str, str, str]]) -> tuple[str, int]:
    """One source file: front matter, a headline and about per_source annotations;
    the text and how many annotations it holds."""
    topic = TOPICS[index % len(TOPICS)]
    day = dt.date(2025, 1, 1) + dt.timedelta(days=index % 40)
    lines = [
        "---",
        f"title: {_quoted(f'Talks on {topic} continue, report {index}')}",
        f"outlet: {_quoted(OUTLETS[index % len(OUTLETS)])}",
        f"author: {_quoted(f'{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}')}",
        f"date: {day.isoformat()}",
        f"url: https://example.org/news/{day.isoformat()}/report-{index}",
        "---",
        "",
        f"# Talks on {topic} continue",
        "",
    ]
    annotations = 0
    while annotations < per_source:
        sentences = []
        for _ in range(rng.randrange(2, 4)):
            slot = rng.randrange(10)
            name, role, org = rng.choice(people)
            spelt = _spelling(name, rng)
            # about half the mentions give role and org; the rest rely on merging to fill them in
            details = f" role={_quoted(role)} org={_quoted(org)}" if rng.random() < 0.5 else ""
            person = f"[{spelt}]{{.participant{details}}}"
            if slot < 3:  # a key point with a participant nested inside it
                point = rng.randrange(SHARED_POINTS) if rng.random() < 0.6 else f"{index}-{annotations}"
                sentences.append(f"[{person} said progress on {topic} depended on partners]"
                                 f"{{.key text={_quoted(f'Progress depends on partners ({point}).')}}}.")
                annotations += 2
            elif slot < 5:
                sentences.append(f"According to {person}, the *next round* will take time.")
                annotations += 1
            elif slot < 7:
                item, when, where = _meeting(rng.randrange(AGENDA_POOL))
                who = "; ".join(_spelling(rng.choice(people)[0], rng) for _ in range(2))
                sentences.append(f"[The {where} meeting]{{.agenda item={_quoted(item)} when={_quoted(when)} "
                                 f"where={_quoted(where)} who={_quoted(who)}}} was confirmed.")
                annotations += 1
            elif slot < 9:
                challenge = rng.randrange(25)
                sentences.append(f"[Disagreement over {TOPICS[challenge % len(TOPICS)]} persists]"
                                 f"{{.challenge text={_quoted(f'Disagreement persists ({challenge}).')} "
                                 f"note={_quoted(f'seen in report {index}')}}}.")
                annotations += 1
            else:
                sentences.append(f"[It is unclear who will pay for {topic}]{{.question}}.")
                annotations += 1
            sentences.append(rng.choice(FILLER))
        lines += [" ".join(sentences), ""]
    return "\n".join(lines), annotations


def write_workspace(root: Path, sources: int, per_source: int = 20, seed: int = 2025) -> int:
    """Write a workspace at root: brief.yaml and `sources` annotated source files.
    Returns how many annotations they hold."""
    rng = random.Random(seed)
    people = _people(rng)
    folder = root / "sources"
    folder.mkdir(parents=True, exist_ok=True)
    (root / "brief.yaml").write_text(BRIEF.format(sources=sources, per_source=per_source), encoding="utf-8")
    annotations = 0
    for index in range(sources):
        text, count = source_text(index, per_source, rng, people)
        (folder / f"report-{index:05d}.md").write_text(text, encoding="utf-8")
        annotations += count
    return annotations
