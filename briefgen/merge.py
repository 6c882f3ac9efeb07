"""Annotations + brief.yaml -> the summary model; citations numbered.

Items are matched by a normalised key (case, spacing, punctuation and diacritics
ignored) in one dict per section, so merging is linear in the number of annotations.
"""

from __future__ import annotations

import copy
import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Generic, TypeVar

from .annotations import Annotation
from .errors import BriefError, BriefWarning, Place
from .model import AgendaItem, Citation, Participant, Point, Summary, match_key, parse_when
from .workspace import Workspace, split_names

Item = TypeVar("Item", Point, Participant, AgendaItem)


@dataclass
class _Entry(Generic[Item]):
    item: Item
    # where each attribute's value came from, to name both places in a conflict warning
    origins: dict[str, str] = field(default_factory=dict)
    # (attribute, differing value) pairs already warned about: one warning each, not one a mention
    conflicts: set[tuple[str, str]] = field(default_factory=set)
    # every distinct note, in order; joined into item.note
    notes: dict[str, None] = field(default_factory=dict)
    # match keys of the kept values and of the names in an agenda item's `who`, made once:
    # making them again for every mention made merging slow in the number of mentions
    value_keys: dict[str, str] = field(default_factory=dict)
    who_keys: set[str] = field(default_factory=set)

    def value_key(self, name: str, value: str) -> str:
        """The match key of the kept value of attribute `name` (which, once set, never changes)."""
        if name not in self.value_keys:
            self.value_keys[name] = match_key(value)
        return self.value_keys[name]


class _Section(Generic[Item]):
    """One section's entries, merged by key, in order of first appearance."""

    def __init__(self, label: str, key_field: str, fill_fields: tuple[str, ...],
                 warnings: list[BriefWarning]) -> None:
        self.label = label
        self.key_field = key_field
        self.fill_fields = fill_fields
        self.warnings = warnings
        self.entries: dict[str, _Entry[Item]] = {}

    def add(self, item: Item, origin: str, place: Place | None = None,
            citation: Citation | None = None) -> None:
        key = match_key(getattr(item, self.key_field)) or getattr(item, self.key_field)
        entry = self.entries.get(key)
        if entry is None:
            entry = self.entries[key] = _Entry(item, {name: origin for name in self.fill_fields})
            if item.note:
                entry.notes[item.note] = None
            if "who" in self.fill_fields:
                entry.who_keys.update(match_key(person) for person in item.who)
        else:
            self._fill(entry, item, origin, place)
        if citation is not None:
            entry.item.citations.append(citation)

    def _fill(self, entry: _Entry[Item], item: Item, origin: str, place: Place | None) -> None:
        kept = entry.item
        for name in self.fill_fields:
            old, new = getattr(kept, name), getattr(item, name)
            if name == "who":
                keyed = [(match_key(person), person) for person in new]
                old.extend(person for key, person in keyed if key not in entry.who_keys)
                entry.who_keys.update(key for key, _ in keyed)
            elif name == "note":
                # a set, not a substring test: "confirmed" is a different note from "unconfirmed"
                if new:
                    entry.notes.setdefault(new, None)
            else:
                old_text, new_text = _shown(old), _shown(new)
                if not old_text and new_text:
                    setattr(kept, name, new)
                    entry.origins[name] = origin
                elif old_text and new_text:
                    new_key = match_key(new_text)
                    if new_key != entry.value_key(name, old_text) and (name, new_key) not in entry.conflicts:
                        entry.conflicts.add((name, new_key))
                        what = getattr(kept, self.key_field)
                        self.warnings.append(BriefWarning(
                            f"{self.label} {what!r}: {name} {old_text!r} ({entry.origins[name]}) differs from "
                            f"{new_text!r} ({origin}); the memo uses {old_text!r}", place))

    def items(self) -> list[Item]:
        for entry in self.entries.values():
            entry.item.note = "; ".join(entry.notes)
        return [entry.item for entry in self.entries.values()]


def _shown(value) -> str:
    """An attribute's value as text ("" when absent); a When as the analyst wrote it."""
    if value is None:
        return ""
    return value if isinstance(value, str) else value.text


def build_summary(workspace: Workspace) -> tuple[Summary, list[BriefWarning]]:
    """Merge brief.yaml's items and every source's annotations into one Summary."""
    warnings = list(workspace.warnings)
    brief = workspace.brief
    key_points: _Section[Point] = _Section("key point", "text", ("note",), warnings)
    participants: _Section[Participant] = _Section("participant", "name", ("role", "org", "note"), warnings)
    agenda: _Section[AgendaItem] = _Section("agenda item", "item", ("when", "where", "who", "note"), warnings)
    challenges: _Section[Point] = _Section("challenge", "text", ("note",), warnings)
    questions: _Section[Point] = _Section("open question", "text", ("note",), warnings)

    brief_origin = workspace.brief_path.name
    for section, items in ((key_points, brief.key_points), (participants, brief.participants),
                           (agenda, brief.agenda), (challenges, brief.challenges),
                           (questions, brief.open_questions)):
        for item in items:
            section.add(copy.deepcopy(item), brief_origin)  # merging fills it in: leave the brief as read

    readers: dict[str, tuple[_Section, Callable[[Annotation, Path], object]]] = {
        "key": (key_points, _point),
        "participant": (participants, _participant),
        "agenda": (agenda, _agenda_item),
        "challenge": (challenges, _point),
        "question": (questions, _point),
    }
    for source in workspace.sources:
        for annotation in source.annotations:
            section, make = readers[annotation.kind]
            place = Place(source.path, annotation.line, annotation.column)
            citation = Citation(source.meta.id, annotation.line, annotation.column, annotation.quote)
            origin = f"{source.path.parent.name}/{source.path.name}:{annotation.line}:{annotation.column}"
            section.add(make(annotation, source.path), origin, place, citation)

    summary = Summary(
        memo=brief.memo,
        layout=brief.layout,
        summary=brief.summary,
        key_points=key_points.items(),
        participants=_grouped_by_org(participants.items()),
        agenda=_in_date_order(agenda.items()),
        challenges=challenges.items(),
        open_questions=questions.items(),
        sources=[],
    )
    summary.sources = _numbered_sources(workspace, summary)
    return summary, warnings


def _point(annotation: Annotation, path: Path) -> Point:
    return Point(annotation.get("text"), annotation.attributes.get("note", ""))


def _participant(annotation: Annotation, path: Path) -> Participant:
    attrs = annotation.attributes
    return Participant(annotation.get("name"), attrs.get("role", ""), attrs.get("org", ""), attrs.get("note", ""))


def _agenda_item(annotation: Annotation, path: Path) -> AgendaItem:
    attrs = annotation.attributes
    when = None
    if attrs.get("when"):
        try:
            when = parse_when(attrs["when"])
        except ValueError as exc:
            line, column = annotation.value_places.get("when", (annotation.line, annotation.column))
            raise BriefError(path, line, column, f"when: {exc}") from None
    return AgendaItem(annotation.get("item"), when, attrs.get("where", ""), split_names(attrs.get("who", "")),
                      attrs.get("note", ""))


def _grouped_by_org(people: list[Participant]) -> list[Participant]:
    """Organisations in order of first appearance, people without one last."""
    orgs: dict[str, int] = {}
    for person in people:
        if person.org:
            orgs.setdefault(match_key(person.org), len(orgs))
    return sorted(people, key=lambda p: orgs[match_key(p.org)] if p.org else len(orgs))


def _in_date_order(items: list[AgendaItem]) -> list[AgendaItem]:
    """Dated items in date order first; undated ones after, as they came."""
    dated = sorted((i for i in items if i.when and i.when.dated), key=lambda i: (i.when.start, i.when.end))
    return dated + [i for i in items if not (i.when and i.when.dated)]


def _numbered_sources(workspace: Workspace, summary: Summary):
    """Sources numbered in the order the memo first cites them; uncited ones after."""
    order: dict[str, int] = {}
    for item in (*summary.key_points, *summary.participants, *summary.agenda,
                 *summary.challenges, *summary.open_questions):
        for citation in item.citations:
            order.setdefault(citation.source, len(order))
    metas = [source.meta for source in workspace.sources]
    metas.sort(key=lambda meta: order.get(meta.id, len(order)))  # stable: file order among uncited
    return [dataclasses.replace(meta, number=number) for number, meta in enumerate(metas, start=1)]
