"""Annotations + brief.yaml -> the summary model; citations numbered.

Items are matched by a normalised key (case, spacing, punctuation and diacritics
ignored) in one dict per section, so merging is linear in the number of annotations.
A person's name has a few keys (model.name_keys: each written form, German umlauts
spelled out), all indexed, so "Müller", "Mueller" and "Wang Wentao (王文涛)" find their
entry in one look-up each. Names that are likely but not certainly one person
("Šefčovič", "M. Šefčovič", "Maroš Šefčovič") stay apart with a warning; they are
found through an index by surname, so that too stays near-linear.
"""

from __future__ import annotations

import copy
import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Generic, TypeVar

from .annotations import Annotation
from .errors import BriefError, BriefWarning, Place
from .markings import highest
from .model import (AgendaItem, Citation, Participant, Point, Summary, likely_same, match_key,
                    name_forms, name_keys, name_parts, read_when)
from .workspace import Workspace, split_names

Item = TypeVar("Item", Point, Participant, AgendaItem)


@dataclass(eq=False)
class _Entry(Generic[Item]):
    item: Item
    origin: str  # where it was first mentioned, for a warning about a likely match
    place: Place | None = None
    # where each attribute's value came from, to name both places in a conflict warning
    origins: dict[str, str] = field(default_factory=dict)
    # (attribute, differing value) pairs already warned about: one warning each, not one a mention
    conflicts: set[tuple[str, str]] = field(default_factory=set)
    # every distinct note, in order; joined into item.note
    notes: dict[str, None] = field(default_factory=dict)
    # match keys of the kept values, made once: making them again for every mention made
    # merging slow in the number of mentions
    value_keys: dict[str, str] = field(default_factory=dict)
    # every key of every name in an agenda item's `who` -> that name's index in the list
    who_keys: dict[str, int] = field(default_factory=dict)

    def value_key(self, name: str, value: str) -> str:
        """The match key of the kept value of attribute `name` (which, once set, never changes)."""
        if name not in self.value_keys:
            self.value_keys[name] = match_key(value)
        return self.value_keys[name]

    def add_who(self, person: str) -> None:
        """A name for the `who` list, unless it names someone already there; the fuller
        form of the two ("Wang Wentao (王文涛)" over "Wang Wentao") is kept."""
        who = self.item.who
        keys = name_keys(person)
        found = next((self.who_keys[key] for key in keys if key in self.who_keys), None)
        if found is None:
            found = len(who)
            who.append(person)
        elif _fuller(person, who[found]):
            who[found] = person
        for key in keys:
            self.who_keys.setdefault(key, found)


def _fuller(new: str, old: str) -> bool:
    """Whether a name written with more forms ("Wang Wentao (王文涛)") should replace one
    written with fewer ("Wang Wentao"); otherwise the first written is kept."""
    return len(name_forms(new)) > len(name_forms(old))


class _Section(Generic[Item]):
    """One section's entries, merged by key, in order of first appearance.

    With `people`, the key field is a person's name: it is matched by every key of
    model.name_keys, the fullest form is kept, and likely matches are warned about."""

    def __init__(self, label: str, key_field: str, fill_fields: tuple[str, ...],
                 warnings: list[BriefWarning], people: bool = False) -> None:
        self.label = label
        self.key_field = key_field
        self.fill_fields = fill_fields
        self.warnings = warnings
        self.people = people
        self.entries: list[_Entry[Item]] = []
        self.index: dict[str, _Entry[Item]] = {}
        # likely matches, by surname key: full names, and one-word names or initials ("short")
        self.full_names: dict[str, list[_Entry[Item]]] = {}
        self.short_names: dict[str, list[_Entry[Item]]] = {}
        self.warned: set[tuple[int, int]] = set()

    def keys(self, text: str) -> tuple[str, ...]:
        return name_keys(text) if self.people else (match_key(text) or text,)

    def add(self, item: Item, origin: str, place: Place | None = None,
            citation: Citation | None = None) -> None:
        keys = self.keys(getattr(item, self.key_field))
        found = list(dict.fromkeys(self.index[key] for key in keys if key in self.index))
        if not found:
            entry = _Entry(item, origin, place, {name: origin for name in self.fill_fields})
            self.entries.append(entry)
            if item.note:
                entry.notes[item.note] = None
            if "who" in self.fill_fields:
                people, item.who = item.who, []
                for person in people:
                    entry.add_who(person)
            if self.people:
                self._likely(entry)
        else:
            entry = found[0]
            for other in found[1:]:  # "Müller" after "Muller" and "Mueller": each certain, not both
                self._warn_two(getattr(item, self.key_field), entry, other, origin, place)
            if self.people and _fuller(getattr(item, self.key_field), getattr(entry.item, self.key_field)):
                setattr(entry.item, self.key_field, getattr(item, self.key_field))
                self._likely(entry)
            self._fill(entry, item, origin, place)
            # one entry from several portions: it is as classified as the highest of them
            entry.item.mark = highest((entry.item.mark, item.mark))
        for key in keys:
            self.index.setdefault(key, entry)
        if citation is not None:
            entry.item.citations.append(citation)

    def _likely(self, entry: _Entry[Item]) -> None:
        """Warn about each name already seen that is likely this entry's person, and index it."""
        parts = name_parts(getattr(entry.item, self.key_field))
        if parts is None:
            return
        short = not parts.given or parts.initials_only
        for key in parts.surname:
            candidates = self.full_names.get(key, []) + self.short_names.get(key, []) if short \
                else self.short_names.get(key, [])
            for other in candidates:
                other_parts = name_parts(getattr(other.item, self.key_field))
                if other is not entry and other_parts and likely_same(parts, other_parts):
                    self._warn_likely(other, entry, entry.origin, entry.place)
        for key in parts.surname:
            bucket = (self.short_names if short else self.full_names).setdefault(key, [])
            if entry not in bucket[-1:]:
                bucket.append(entry)

    def _warn_likely(self, first: _Entry[Item], then: _Entry[Item], origin: str, place: Place | None) -> None:
        pair = (min(id(first), id(then)), max(id(first), id(then)))
        if pair in self.warned:
            return
        self.warned.add(pair)
        old, new = getattr(first.item, self.key_field), getattr(then.item, self.key_field)
        full = max((old, new), key=_name_length)
        self.warnings.append(BriefWarning(
            f"{self.label} {new!r} ({origin}) is likely the same person as {old!r} ({first.origin}), "
            f"but not certainly, so they are kept apart; if they are one person, write the same full "
            f"name for both (on a span: name=\"{full}\")", place))

    def _warn_two(self, name: str, entry: _Entry[Item], other: _Entry[Item], origin: str,
                  place: Place | None) -> None:
        pair = (min(id(entry), id(other)), max(id(entry), id(other)))
        if pair in self.warned:
            return
        self.warned.add(pair)
        first, second = getattr(entry.item, self.key_field), getattr(other.item, self.key_field)
        self.warnings.append(BriefWarning(
            f"{self.label} {name!r} ({origin}) is the same name as both {first!r} ({entry.origin}) and "
            f"{second!r} ({other.origin}), which are kept apart; it is counted as {first!r}; if they are "
            f"one person, write the same name for all (on a span: name=\"{name}\")", place))

    def _fill(self, entry: _Entry[Item], item: Item, origin: str, place: Place | None) -> None:
        kept = entry.item
        for name in self.fill_fields:
            old, new = getattr(kept, name), getattr(item, name)
            if name == "who":
                for person in new:
                    entry.add_who(person)
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
        for entry in self.entries:
            entry.item.note = "; ".join(entry.notes)
        return [entry.item for entry in self.entries]


def _name_length(name: str) -> tuple[int, int]:
    """Which of two names is the full one: more words, then more letters."""
    parts = name_parts(name)
    return (len(parts.given) if parts else 0, len(name))


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
    participants: _Section[Participant] = _Section("participant", "name", ("role", "org", "note", "pronounce", "bio"), warnings,
                                                      people=True)
    agenda: _Section[AgendaItem] = _Section("agenda item", "item", ("when", "where", "who", "note"), warnings)
    challenges: _Section[Point] = _Section("challenge", "text", ("note",), warnings)
    questions: _Section[Point] = _Section("open question", "text", ("note",), warnings)

    brief_origin = workspace.brief_path.name
    for section, items in ((key_points, brief.key_points), (participants, brief.participants),
                           (agenda, brief.agenda), (challenges, brief.challenges),
                           (questions, brief.open_questions)):
        for item in items:
            section.add(copy.deepcopy(item), brief_origin)  # merging fills it in: leave the brief as read

    def agenda_item(annotation: Annotation, path: Path) -> AgendaItem:
        return _agenda_item(annotation, path, brief.memo.lang, warnings)

    readers: dict[str, tuple[_Section, Callable[[Annotation, Path], object]]] = {
        "key": (key_points, _point),
        "participant": (participants, _participant),
        "agenda": (agenda, agenda_item),
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
        summary_mark=brief.summary_mark,
        recommendations=copy.deepcopy(brief.recommendations),
        talking_points=copy.deepcopy(brief.talking_points),
        email=copy.deepcopy(brief.email),
    )
    _default_marks(summary, brief.marks.default() if brief.marks is not None else "")
    summary.sources = _numbered_sources(workspace, summary)
    return summary, warnings


def _default_marks(summary: Summary, lowest: str) -> None:
    """An unmarked portion carries the marking system's lowest level."""
    if not lowest:
        return
    summary.memo.subject_mark = summary.memo.subject_mark or lowest
    summary.summary_mark = summary.summary_mark or lowest
    for item in (*summary.key_points, *summary.participants, *summary.agenda, *summary.challenges,
                 *summary.open_questions, *summary.recommendations, *summary.talking_points):
        item.mark = item.mark or lowest


def _point(annotation: Annotation, path: Path) -> Point:
    return Point(annotation.get("text"), annotation.attributes.get("note", ""),
                 mark=annotation.attributes.get("mark", ""))


def _participant(annotation: Annotation, path: Path) -> Participant:
    attrs = annotation.attributes
    return Participant(annotation.get("name"), attrs.get("role", ""), attrs.get("org", ""), attrs.get("note", ""),
                       mark=attrs.get("mark", ""), pronounce=attrs.get("pronounce", ""), bio=attrs.get("bio", ""))


def _agenda_item(annotation: Annotation, path: Path, lang: str, warnings: list[BriefWarning]) -> AgendaItem:
    attrs = annotation.attributes
    when = None
    if attrs.get("when"):
        line, column = annotation.value_places.get("when", (annotation.line, annotation.column))
        try:
            when, advice = read_when(attrs["when"], lang)
        except ValueError as exc:
            raise BriefError(path, line, column, f"when: {exc}") from None
        if advice:
            warnings.append(BriefWarning(f"agenda when {advice}", Place(path, line, column)))
    return AgendaItem(annotation.get("item"), when, attrs.get("where", ""), split_names(attrs.get("who", "")),
                      attrs.get("note", ""), mark=attrs.get("mark", ""))


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
