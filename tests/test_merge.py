"""Merging brief.yaml and every source's annotations into one summary model:
one entry per person or item, citations kept, memo order, numbered sources."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest

from briefgen.annotations import Annotation
from briefgen.errors import BriefError
from briefgen.merge import build_summary
from briefgen.model import Layout, Memo, Source
from briefgen.workspace import Brief, SourceFile, Workspace, read_workspace

BRIEF_HEAD = 'memo:\n  title: "A memo"\n  date: 2025-02-11\n'


def summarise(tmp_path: Path, sources: dict[str, str], brief: str = ""):
    """Write a workspace, read it and merge it: (summary, warnings)."""
    root = tmp_path / "ws"
    (root / "sources").mkdir(parents=True)
    (root / "brief.yaml").write_text(BRIEF_HEAD + brief, encoding="utf-8")
    for name, text in sources.items():
        (root / "sources" / name).write_text(text, encoding="utf-8")
    return build_summary(read_workspace(root))


def cited(item) -> list[tuple[str, int, int, str]]:
    return [(c.source, c.line, c.column, c.quote) for c in item.citations]


# ---- participants ---------------------------------------------------------------------------

def test_one_participant_per_person_across_case_spacing_punctuation_and_diacritics(tmp_path):
    summary, warnings = summarise(tmp_path, {
        "a.md": "Title A\n[Volodymyr Zelenskyy]{.participant role=President}\n",
        "b.md": "Title B\nThen [volodymyr  zelenskyy]{.participant org=Ukraine} spoke.\n",
        "c.md": 'Title C\n[He]{.participant name="Volodýmyr Zelenskyy."}\n',
    })
    [person] = summary.participants
    assert person.name == "Volodymyr Zelenskyy"  # as first written
    assert (person.role, person.org) == ("President", "Ukraine")  # filled across mentions
    assert cited(person) == [("a", 2, 1, "Volodymyr Zelenskyy"), ("b", 2, 6, "volodymyr zelenskyy"),
                             ("c", 2, 1, "He")]
    assert warnings == []


def test_transliterated_letters_match(tmp_path):
    summary, _ = summarise(tmp_path, {"a.md": "T\n[Søren Ågård]{.participant}\n[Soren Agard]{.participant}\n"})
    assert [p.name for p in summary.participants] == ["Søren Ågård"]


def test_conflicting_role_is_one_warning_naming_both_places(tmp_path):
    summary, warnings = summarise(tmp_path, {
        "a.md": "T\n\n[Mike Waltz]{.participant role=\"National Security Advisor\"}\n",
        "b.md": "T\nSo [Waltz]{.participant name=\"Mike Waltz\" role=\"Secretary of State\"} said,\n"
                "and [Mike  Waltz]{.participant role=\"Secretary of State\"} again.\n",
    })
    [person] = summary.participants
    assert person.role == "National Security Advisor"  # the first value wins
    assert len(person.citations) == 3
    [warning] = warnings
    assert "sources/a.md:3:1" in warning.message and "sources/b.md:2:4" in warning.message
    assert "National Security Advisor" in warning.message and "Secretary of State" in warning.message
    assert warning.place.path.name == "b.md" and (warning.place.line, warning.place.column) == (2, 4)


def test_same_value_written_differently_is_no_conflict(tmp_path):
    _, warnings = summarise(tmp_path, {
        "a.md": "T\n[Jane Roe]{.participant role=\"Foreign Minister\" org=\"U.S.\"}\n",
        "b.md": "T\n[Jane Roe]{.participant role=\"foreign  minister\" org=US}\n",
    })
    assert warnings == []


def test_conflict_with_brief_yaml_names_brief_yaml_and_the_source(tmp_path):
    summary, warnings = summarise(
        tmp_path, {"a.md": "T\n[Jane Roe]{.participant org=Elsewhere}\n"},
        'participants:\n  - {name: "Jane Roe", role: Chair, org: Ruritania}\n')
    [person] = summary.participants
    assert (person.role, person.org) == ("Chair", "Ruritania")
    [warning] = warnings
    assert "brief.yaml" in warning.message and "sources/a.md:2:1" in warning.message


def test_notes_are_kept_from_every_mention(tmp_path):
    summary, _ = summarise(tmp_path, {
        "a.md": 'T\n[Jane Roe]{.participant note="unconfirmed"}\n',
        "b.md": 'T\n[Jane Roe]{.participant note="confirmed"} [Jane Roe]{.participant note="unconfirmed"}\n',
    })
    assert summary.participants[0].note == "unconfirmed; confirmed"


def test_participants_grouped_by_organisation_in_order_of_first_appearance(tmp_path):
    summary, _ = summarise(tmp_path, {"a.md": (
        "T\n"
        "[Anna]{.participant org=Sweden} [Bo]{.participant} [Cai]{.participant org=Norway}\n"
        "[Dan]{.participant org=sweden} [Eve]{.participant} [Fay]{.participant org=Denmark}\n"
        "[Gus]{.participant org=Norway}\n")},
        "participants:\n  - {name: Zed, org: Finland}\n  - Yan\n")
    assert [p.name for p in summary.participants] == ["Zed", "Anna", "Dan", "Cai", "Gus", "Fay", "Yan", "Bo", "Eve"]


# ---- one person, several spellings ------------------------------------------------------------

def names(summary) -> list[str]:
    return [p.name for p in summary.participants]


@pytest.mark.parametrize("first, then", [
    ("Wang Wentao", "Wang Wentao (王文涛)"), ("Wang Wentao (王文涛)", "Wang Wentao"),
    ("王文涛 (Wang Wentao)", "wang wentao"), ("Sergei Lavrov", "Sergei Lavrov (Сергей Лавров)")])
def test_a_name_with_its_native_script_form_in_brackets_is_one_person_named_in_full(tmp_path, first, then):
    summary, warnings = summarise(tmp_path, {
        "a.md": f'T\n[{first}]{{.participant role=Minister}}\n',
        "b.md": f'T\n[x]{{.participant name="{then}" org=China}}\n',
    })
    [person] = summary.participants
    fullest = first if "(" in first else then  # the fullest form, whichever came first
    assert person.name == fullest
    assert (person.role, person.org) == ("Minister", "China")
    assert [(c.source, c.line, c.column) for c in person.citations] == [("a", 2, 1), ("b", 2, 1)]
    assert warnings == []


def test_the_native_script_form_from_a_source_completes_a_name_in_brief_yaml(tmp_path):
    summary, warnings = summarise(tmp_path, {"a.md": "T\n[Wang Wentao (王文涛)]{.participant}\n"},
                                  "participants:\n  - {name: Wang Wentao, role: Minister}\n")
    [person] = summary.participants
    assert (person.name, person.role, len(person.citations)) == ("Wang Wentao (王文涛)", "Minister", 1)
    assert warnings == []


def test_german_umlauts_spelled_out_are_the_same_name(tmp_path):
    summary, warnings = summarise(tmp_path, {
        "a.md": "T\n[Friedrich Merz]{.participant} [Thomas Müller]{.participant}\n",
        "b.md": "T\n[Thomas Mueller]{.participant org=Germany} [Jürgen Großmann]{.participant}\n"
                "[Juergen Grossmann]{.participant}\n",
    })
    assert names(summary) == ["Thomas Müller", "Friedrich Merz", "Jürgen Großmann"]
    assert summary.participants[0].org == "Germany" and len(summary.participants[0].citations) == 2
    assert len(summary.participants[2].citations) == 2
    assert warnings == []


@pytest.mark.parametrize("one, other", [
    ("Manuel", "Manl"), ("Manuel", "Manuela"), ("Mike Waltz", "Mike Waltz (NSA)"),
    ("Thomas Müller", "Gerd Müller"), ("Hans Müller", "Anna Mueller"), ("Maroš Šefčovič", "Jan Šefčovič"),
    ("J. Šefčovič", "Maroš Šefčovič"), ("M. Šefčovič", "J. Šefčovič"), ("Wang Wentao (王文涛)", "Wang Yi (王毅)")])
def test_names_not_one_person_stay_apart_without_a_warning(tmp_path, one, other):
    summary, warnings = summarise(tmp_path, {"a.md": f'T\n[{one}]{{.participant}}\n[{other}]{{.participant}}\n'})
    assert names(summary) == [one, other]
    assert warnings == []


def test_a_surname_alone_is_a_warning_naming_both_places_not_a_merge(tmp_path):
    summary, warnings = summarise(tmp_path, {
        "a.md": "T\n\n[Maroš Šefčovič]{.participant role=Commissioner}\n",
        "b.md": "T\nThen [Šefčovič]{.participant} said, and [Šefčovič]{.participant} again.\n",
    })
    assert names(summary) == ["Maroš Šefčovič", "Šefčovič"]
    [warning] = warnings  # one warning for the pair, not one a mention
    assert "'Šefčovič' (sources/b.md:2:6)" in warning.message
    assert "'Maroš Šefčovič' (sources/a.md:3:1)" in warning.message
    assert 'name="Maroš Šefčovič"' in warning.message
    assert warning.place.path.name == "b.md" and (warning.place.line, warning.place.column) == (2, 6)


def test_a_surname_alone_first_then_the_full_name_warns_once_at_the_full_name(tmp_path):
    summary, warnings = summarise(tmp_path, {
        "a.md": "T\n[Šefčovič]{.participant}\n",
        "b.md": "T\n\n  [Maros Sefcovic]{.participant}\n[Maroš Šefčovič]{.participant}\n",
    })
    assert names(summary) == ["Šefčovič", "Maros Sefcovic"]
    [warning] = warnings
    assert "'Maros Sefcovic' (sources/b.md:3:3)" in warning.message
    assert "'Šefčovič' (sources/a.md:2:1)" in warning.message
    assert 'name="Maros Sefcovic"' in warning.message
    assert (warning.place.path.name, warning.place.line, warning.place.column) == ("b.md", 3, 3)


def test_initials_for_the_given_name_are_a_warning(tmp_path):
    summary, warnings = summarise(tmp_path, {
        "a.md": "T\n[Maroš Šefčovič]{.participant}\n[M. Šefčovič]{.participant}\n[J.D. Vance]{.participant}\n",
        "b.md": "T\n[James David Vance]{.participant}\n",
    })
    assert names(summary) == ["Maroš Šefčovič", "M. Šefčovič", "J.D. Vance", "James David Vance"]
    first, second = warnings
    assert "'M. Šefčovič' (sources/a.md:3:1)" in first.message and "(sources/a.md:2:1)" in first.message
    assert (first.place.line, first.place.column) == (3, 1)
    assert "'James David Vance' (sources/b.md:2:1)" in second.message
    assert "'J.D. Vance' (sources/a.md:4:1)" in second.message
    assert second.place.path.name == "b.md"


def test_a_name_matching_two_entries_for_certain_joins_the_first_and_warns(tmp_path):
    summary, warnings = summarise(tmp_path, {
        "a.md": "T\n[Muller]{.participant}\n[Mueller]{.participant}\n[Müller]{.participant}\n"})
    assert names(summary) == ["Muller", "Mueller"]
    assert len(summary.participants[0].citations) == 2
    [warning] = warnings
    assert "'Müller' (sources/a.md:4:1)" in warning.message
    assert "'Muller' (sources/a.md:2:1)" in warning.message and "'Mueller' (sources/a.md:3:1)" in warning.message
    assert (warning.place.line, warning.place.column) == (4, 1)


def test_who_names_match_the_same_way(tmp_path):
    summary, warnings = summarise(tmp_path, {"a.md": (
        'T\n[x]{.agenda item=Talks who="Wang Wentao; Thomas Müller; Wang Wentao (王文涛)"}\n'
        '[x]{.agenda item=Talks who="Thomas Mueller; Šefčovič"}\n')})
    assert summary.agenda[0].who == ["Wang Wentao (王文涛)", "Thomas Müller", "Šefčovič"]
    assert warnings == []


# ---- order and merging of items ------------------------------------------------------------

def test_brief_items_first_then_annotations_in_order_of_first_appearance(tmp_path):
    summary, _ = summarise(tmp_path, {
        "b-second.md": "T\n[Zulu point]{.key} [Alpha point]{.key} [Yankee point]{.key}\n",
        "a-first.md": "T\n[Mike point]{.key}\n\n[Alpha point]{.key}\n",
    }, "key_points:\n  - Own point\n")
    assert [p.text for p in summary.key_points] == ["Own point", "Mike point", "Alpha point", "Zulu point",
                                                    "Yankee point"]
    assert summary.key_points[0].citations == []
    assert cited(summary.key_points[2]) == [("a-first", 4, 1, "Alpha point"), ("b-second", 2, 20, "Alpha point")]


@pytest.mark.parametrize("kind, section, field", [
    ("key", "key_points", "text"), ("challenge", "challenges", "text"),
    ("question", "open_questions", "text"), ("agenda", "agenda", "item")])
def test_duplicates_merge_and_keep_every_citation(tmp_path, kind, section, field):
    summary, _ = summarise(tmp_path, {
        "a.md": f'T\nFirst [the marked words]{{.{kind} {field}="Talks on a ceasefire"}}.\n',
        "b.md": f'T\n\n[Other words]{{.{kind} {field}="talks on a  CEASEFIRE!"}}\n'
                f'[Something else]{{.{kind}}}\n',
    })
    items = getattr(summary, section)
    assert [getattr(i, field) for i in items] == ["Talks on a ceasefire", "Something else"]
    assert cited(items[0]) == [("a", 2, 7, "the marked words"), ("b", 3, 1, "Other words")]
    assert cited(items[1]) == [("b", 4, 1, "Something else")]


def test_annotation_matching_a_brief_item_adds_its_citation(tmp_path):
    summary, _ = summarise(
        tmp_path, {"a.md": "T\nWe ask: [will observers vote?]{.question text=\"Will observers get a vote?\"}\n"},
        "open_questions:\n  - text: \"Will observers get a vote?\"\n    note: mine\n")
    [question] = summary.open_questions
    assert question.note == "mine"
    assert cited(question) == [("a", 2, 9, "will observers vote?")]


def test_brief_agenda_item_filled_from_an_annotation(tmp_path):
    summary, _ = summarise(
        tmp_path, {"a.md": 'T\n[dinner]{.agenda item="Working dinner" where=Paris who="A; B"}\n'
                           '[dinner]{.agenda item="Working dinner" who="b; C"}\n'},
        "agenda:\n  - {item: Working dinner, when: 2025-02-12}\n")
    [item] = summary.agenda
    assert (item.when.start, item.where, item.who) == (dt.date(2025, 2, 12), "Paris", ["A", "B", "C"])
    assert len(item.citations) == 2


def test_agenda_dated_items_in_date_order_then_undated_as_they_came(tmp_path):
    summary, _ = summarise(tmp_path, {"a.md": (
        "T\n"
        "[x]{.agenda item=Summit when=2025-02-14}\n"
        "[x]{.agenda item=Later when=\"this week\"}\n"
        "[x]{.agenda item=Forum when=\"2025-02-10 to 2025-02-11\"}\n"
        "[x]{.agenda item=Sometime}\n"
        "[x]{.agenda item=Ministers when=\"2025-02-12 to 2025-02-13\"}\n"
        "[x]{.agenda item=Breakfast when=2025-02-12}\n")},
        "agenda:\n  - {item: Own undated, when: soon}\n  - {item: Own dated, when: 2025-02-13}\n")
    assert [i.item for i in summary.agenda] == ["Forum", "Breakfast", "Ministers", "Own dated", "Summit",
                                                "Own undated", "Later", "Sometime"]


def test_merging_leaves_the_workspace_as_read(tmp_path):
    root = tmp_path / "ws"
    (root / "sources").mkdir(parents=True)
    (root / "brief.yaml").write_text(BRIEF_HEAD + "agenda:\n  - {item: Dinner, who: A, note: mine}\n",
                                     encoding="utf-8")
    (root / "sources" / "a.md").write_text('T\n[x]{.agenda item=Dinner who="B" note=theirs}\n', encoding="utf-8")
    workspace = read_workspace(root)
    first, _ = build_summary(workspace)
    again, _ = build_summary(workspace)
    assert workspace.brief.agenda[0].who == ["A"] and workspace.brief.agenda[0].note == "mine"
    assert first == again
    assert (again.agenda[0].who, again.agenda[0].note) == (["A", "B"], "mine; theirs")


# ---- sources -----------------------------------------------------------------------------------

def test_sources_numbered_in_order_of_first_citation_in_memo_order(tmp_path):
    summary, _ = summarise(tmp_path, {
        "a.md": "---\ntitle: Only a challenge\n---\n[x]{.challenge}\n",
        "b.md": "---\ntitle: A question\n---\n[y]{.question}\n",
        "c.md": "---\ntitle: Uncited\noutlet: Nobody\n---\nNo marks.\n",
        "d.md": "---\ntitle: A participant\n---\n[Jane]{.participant}\n",
        "e.md": "---\ntitle: An agenda item\n---\n[z]{.agenda when=2025-01-01}\n",
        "f.md": "---\ntitle: A key point\n---\n[w]{.key}\n",
        "g.md": "---\ntitle: Also uncited\n---\n",
    })
    assert [(s.number, s.id) for s in summary.sources] == [
        (1, "f"), (2, "d"), (3, "e"), (4, "a"), (5, "b"), (6, "c"), (7, "g")]
    assert summary.source("c").outlet == "Nobody"


def test_sources_numbered_by_the_memo_order_of_items_not_file_order(tmp_path):
    """The agenda is sorted by date, so its first item decides which source comes first."""
    summary, _ = summarise(tmp_path, {
        "a.md": "T\n[x]{.agenda item=Late when=2025-03-01}\n",
        "b.md": "T\n[y]{.agenda item=Early when=2025-01-01}\n",
    })
    assert [s.id for s in summary.sources] == ["b", "a"]


# ---- what an annotation says ----------------------------------------------------------------------

def test_nested_spans_give_both_items_and_an_outer_quote_without_markup(tmp_path):
    summary, _ = summarise(tmp_path, {"a.md": (
        "T\n[[Mike Waltz]{.participant role=\"National Security Advisor\"} said *talks* would start]{.key}\n")})
    [point] = summary.key_points
    [person] = summary.participants
    assert point.text == "Mike Waltz said talks would start"
    assert cited(point) == [("a", 2, 1, "Mike Waltz said talks would start")]
    assert (person.name, person.role) == ("Mike Waltz", "National Security Advisor")
    assert cited(person) == [("a", 2, 2, "Mike Waltz")]


def test_attribute_defaults(tmp_path):
    summary, _ = summarise(tmp_path, {"a.md": (
        "T\n[A point]{.key} [Jane Roe]{.participant} [Dinner]{.agenda}\n"
        "[A hard thing]{.challenge} [Why so?]{.question}\n")})
    [point], [person], [item] = summary.key_points, summary.participants, summary.agenda
    assert (point.text, point.note) == ("A point", "")
    assert (person.name, person.role, person.org, person.note) == ("Jane Roe", "", "", "")
    assert (item.item, item.when, item.where, item.who, item.note) == ("Dinner", None, "", [], "")
    assert summary.challenges[0].text == "A hard thing"
    assert summary.open_questions[0].text == "Why so?"


def test_attributes_are_used_when_given(tmp_path):
    summary, _ = summarise(tmp_path, {"a.md": (
        'T\n[he]{.participant name="Jane Roe" role=Chair org="Arctic Council" note="check spelling"}\n'
        '[the meeting]{.agenda item="Plenary" when="2025-02-14 to 2025-02-15" where="Tromsø" who="Jane Roe; Bo"}\n')})
    [person], [item] = summary.participants, summary.agenda
    assert (person.name, person.role, person.org, person.note) == ("Jane Roe", "Chair", "Arctic Council",
                                                                    "check spelling")
    assert (item.item, item.when.start, item.when.end, item.where, item.who) == (
        "Plenary", dt.date(2025, 2, 14), dt.date(2025, 2, 15), "Tromsø", ["Jane Roe", "Bo"])


@pytest.mark.parametrize("when", ["2025-02-30", "2025-02-14 to 2025-02-10", "2025-02-14 or so"])
def test_agenda_bad_when_is_an_error_at_the_value(tmp_path, when):
    with pytest.raises(BriefError) as caught:
        summarise(tmp_path, {"a.md": f'---\ntitle: T\n---\nThe [talks]{{.agenda where=Paris when="{when}"}}\n'})
    error = caught.value
    assert error.path.name == "a.md"
    assert (error.line, error.column) == (4, 38)
    assert "when" in error.message and when in error.message


def test_bare_when_value_place(tmp_path):
    with pytest.raises(BriefError) as caught:
        summarise(tmp_path, {"a.md": "T\n[talks]{.agenda when=2025-13-01}\n"})
    assert (caught.value.line, caught.value.column) == (2, 22)


# ---- agenda dates not written as ISO dates --------------------------------------------------------

@pytest.mark.parametrize("when, start, end, advice", [
    ("12/11/2026", None, None, "write 2026-12-11 for 11 December 2026 or 2026-11-12 for 12 November 2026"),
    ("12.11.2026", None, None, "write 2026-12-11 for 11 December 2026 or 2026-11-12 for 12 November 2026"),
    ("3-4-2026", None, None, "write 2026-03-04 for 4 March 2026 or 2026-04-03 for 3 April 2026"),
    ("12/11/26", None, None, "2026-12-11 for 11 December 2026 or 2026-11-12"),
    ("13/11/2026", dt.date(2026, 11, 13), None, "write 2026-11-13"),
    ("11/13/2026", dt.date(2026, 11, 13), None, "write 2026-11-13"),
    ("05.05.2026", dt.date(2026, 5, 5), None, "write 2026-05-05"),
    ("2026/12/11", dt.date(2026, 12, 11), None, "write 2026-12-11"),
    ("11 December 2026", dt.date(2026, 12, 11), None, "write 2026-12-11"),
    ("Dec 11, 2026", dt.date(2026, 12, 11), None, "write 2026-12-11"),
    ("Friday, 11th Dec. 2026", dt.date(2026, 12, 11), None, "write 2026-12-11"),
    ("December 11–12, 2026", dt.date(2026, 12, 11), dt.date(2026, 12, 12), "write 2026-12-11 to 2026-12-12"),
    ("30 Nov - 2 Dec 2026", dt.date(2026, 11, 30), dt.date(2026, 12, 2), "write 2026-11-30 to 2026-12-02"),
    ("12/11/2026 to 14/11/2026", dt.date(2026, 11, 12), dt.date(2026, 11, 14), "write 2026-11-12 to 2026-11-14"),
    ("31/02/2026", None, None, "not a valid one"),
    ("14 February", None, None, "write YYYY-02-14 with the year"),
    ("week of 12/11/2026", None, None, "'12/11/2026': write 2026-12-11 for 11 December 2026 or 2026-11-12"),
])
def test_a_date_not_in_iso_form_is_a_warning_at_the_value_with_the_iso_form(tmp_path, when, start, end, advice):
    summary, warnings = summarise(tmp_path, {"a.md": f'---\ntitle: T\n---\nThe [talks]{{.agenda where=Paris when="{when}"}}\n'})
    [item] = summary.agenda
    assert item.when.text == when
    assert (item.when.start, item.when.end) == (start, end or start)
    [warning] = warnings
    assert warning.place.path.name == "a.md" and (warning.place.line, warning.place.column) == (4, 38)
    assert warning.message.startswith(f"agenda when {when!r} ")
    assert advice in warning.message
    assert ("free text" in warning.message) == (start is None)


def test_a_bare_non_iso_when_is_warned_at_its_first_character(tmp_path):
    _, [warning] = summarise(tmp_path, {"a.md": "T\n  [talks]{.agenda when=12.11.2026}\n"})
    assert (warning.place.line, warning.place.column) == (2, 24)


@pytest.mark.parametrize("when", ["the week of talks", "Late February", "December 2026", "Round 2 of talks", "soon"])
def test_free_text_that_is_not_a_date_is_no_warning(tmp_path, when):
    summary, warnings = summarise(tmp_path, {"a.md": f'T\n[talks]{{.agenda when="{when}"}}\n'})
    assert (summary.agenda[0].when.text, summary.agenda[0].when.dated) == (when, False)
    assert warnings == []


def test_month_names_in_the_memos_language(tmp_path):
    summary, [first, second] = summarise(tmp_path, {"a.md": (
        'T\n[x]{.agenda item=Gipfel when="Freitag, 11. Dezember 2026"}\n'
        '[x]{.agenda item=Treffen when="3. März 2026"}\n')}, "  lang: de\n")  # continues memo:
    assert [(i.item, i.when.start) for i in summary.agenda] == [("Treffen", dt.date(2026, 3, 3)),
                                                                 ("Gipfel", dt.date(2026, 12, 11))]
    assert "write 2026-12-11" in first.message and "write 2026-03-03" in second.message


def test_agenda_order_dates_read_one_way_are_sorted_ambiguous_ones_come_last(tmp_path):
    summary, warnings = summarise(tmp_path, {"a.md": (
        "T\n"
        '[x]{.agenda item=Ambiguous when="12/11/2026"}\n'
        '[x]{.agenda item=Later when="2026-12-20"}\n'
        '[x]{.agenda item=Written when="11 December 2026"}\n'
        '[x]{.agenda item=Free when="the week of talks"}\n'
        '[x]{.agenda item=Numeric when="13/11/2026"}\n'
        '[x]{.agenda item=Early when="2026-11-01"}\n')},
        'agenda:\n  - {item: Own, when: "Dec 1, 2026"}\n')
    assert [i.item for i in summary.agenda] == ["Early", "Numeric", "Own", "Written", "Later", "Ambiguous", "Free"]
    assert [(w.place.path.name, w.place.line) for w in warnings] == [
        ("brief.yaml", 5), ("a.md", 2), ("a.md", 4), ("a.md", 6)]


# ---- scale ----------------------------------------------------------------------------------------

def _big_workspace(sources: int, per_source: int) -> Workspace:
    """Realistic repetition: unique and shared points, a pool of people mentioned again and
    again (in different spellings, with notes), agenda items with dates."""
    files = []
    for s in range(sources):
        annotations = []
        for j in range(per_source):
            line = j + 2
            slot = j % 10
            if slot < 4:
                annotation = Annotation("key", {"text": f"Point s{s}j{j}"}, "w", line, 1)
            elif slot < 6:
                annotation = Annotation("key", {"text": f"shared point {j}", "note": f"from {s}"}, "w", line, 1)
            elif slot < 8:
                name = f"Person {(s * 7 + j) % 500}"
                annotation = Annotation("participant", {"name": name.upper() if s % 2 else name,
                                                        "org": f"Org {(s + j) % 40}", "note": f"seen in {s}"},
                                        "w", line, 1)
            elif slot == 8:
                annotation = Annotation("agenda", {"item": f"Meeting {(s + j) % 100}",
                                                   "when": f"2025-03-{(s + j) % 100 % 28 + 1:02d}",
                                                   "who": f"Person {s % 500}; Person {j % 500}"}, "w", line, 1)
            else:
                annotation = Annotation("challenge" if s % 2 else "question", {}, f"Issue {j % 30}", line, 1)
            annotations.append(annotation)
        meta = Source(id=f"s{s:03d}", number=0, title=f"Source {s}")
        files.append(SourceFile(Path(f"sources/s{s:03d}.md"), meta, annotations))
    brief = Brief(memo=Memo(title="Scale"), layout=Layout())
    return Workspace(Path("."), brief, files)


def test_merging_is_linear_not_pairwise():
    workspace = _big_workspace(200, 100)
    started = time.process_time()
    summary, _ = build_summary(workspace)
    elapsed = time.process_time() - started
    items = (*summary.key_points, *summary.participants, *summary.agenda, *summary.challenges,
             *summary.open_questions)
    assert sum(len(item.citations) for item in items) == 20_000
    assert len(summary.participants) == 500
    assert len(summary.key_points) == 200 * 40 + 20
    assert len(summary.sources) == 200 and summary.sources[0].number == 1
    shared = next(p for p in summary.key_points if p.text == "shared point 4")
    assert len(shared.citations) == 200 and shared.note.count("; ") == 199  # every distinct note, once
    assert elapsed < 2.0, f"merging 20,000 annotations took {elapsed:.2f} s"
