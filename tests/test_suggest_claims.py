"""Suggested key points, challenges and questions (briefgen/suggest/claims.py), and the
sentence splitter they read (briefgen/suggest/sentences.py)."""

from __future__ import annotations

import time

import pytest

from briefgen.suggest import Text, claims
from briefgen.suggest.sentences import split_sentences


def proposed(plain: str) -> list[tuple[str, str]]:
    """(kind, marked words) of every claims proposal for plain."""
    return [(p.kind, plain[p.start:p.end]) for p in claims.propose(Text.of(plain))]


def kinds_of(sentence: str) -> set[str]:
    """The kinds proposed for a sentence set after a neutral lead (which is a key point)."""
    plain = "Ministers met in Geneva on a grey Tuesday morning.\n\n" + sentence
    lead_end = plain.index("\n")
    return {p.kind for p in claims.propose(Text.of(plain)) if p.start > lead_end}


# -- sentences --

@pytest.mark.parametrize("text, sentences", [
    ("Mr. Smith met Gen. Jones in the U.S. capital. They talked.",
     ["Mr. Smith met Gen. Jones in the U.S. capital.", "They talked."]),
    ("Donald J. Trump spoke. See No. 5 on the list. The answer was no. Then he left.",
     ["Donald J. Trump spoke.", "See No. 5 on the list.", "The answer was no.", "Then he left."]),
    ('He said "we will win." Then he left!  Why? Nobody knows... Really.',
     ['He said "we will win."', "Then he left!", "Why?", "Nobody knows...", "Really."]),
    ("She called it “a first step.” Talks resume (in May.) Next.",
     ["She called it “a first step.”", "Talks resume (in May.)", "Next."]),
    ("Growth was 3.5 percent. The call is at 10 a.m. Friday, e.g. by phone.",
     ["Growth was 3.5 percent.", "The call is at 10 a.m. Friday, e.g. by phone."]),
    ("They joined NATO. Then the EU.", ["They joined NATO.", "Then the EU."]),
])
def test_sentence_ends_abbreviations_initials_and_quotes(text, sentences):
    assert [text[s:e] for s, e in split_sentences(text)] == sentences


def test_headline_heading_and_list_items_are_sentences_of_their_own():
    text = ("Ministers fail to agree on quotas\nThe talks ended on Friday.\n\n# Background\nTalks began in May.\n"
            "- Quotas remain disputed\n- Funding is unclear\n1. A vote in June\n\nAfter the list.")
    assert [text[s:e] for s, e in split_sentences(text)] == [
        "Ministers fail to agree on quotas", "The talks ended on Friday.", "# Background", "Talks began in May.",
        "- Quotas remain disputed", "- Funding is unclear", "1. A vote in June", "After the list."]


def test_hard_wrapped_lines_stay_one_sentence():
    text = "WARSAW — Foreign ministers will meet in Paris\nto found a contact group, officials said.\nNext one."
    assert [text[s:e] for s, e in split_sentences(text)] == [
        "WARSAW — Foreign ministers will meet in Paris\nto found a contact group, officials said.", "Next one."]


def test_sentence_ranges_are_trimmed_and_cover_every_word():
    text = "  \n\nFirst one.   Second one?\n\n\n  Third  \n"
    assert split_sentences(text) == [(4, 14), (17, 28), (33, 38)]
    assert split_sentences("") == [] and split_sentences(" \n\n ") == []


# -- questions --

@pytest.mark.parametrize("sentence", [
    "It is not clear whether the United States has been invited as a member or an observer.",
    "It is unclear how the fund would be financed.",
    "Nobody knows whether the observers will vote.",
    "Belgium's position is unknown.",
    "Details of the agenda have not been disclosed.",
    "The timing of the follow-up meeting has yet to be decided.",
    "No date has been set for ratification.",
    "A spokesman declined to comment on the talks.",
    "The ministry did not say when the payments would resume.",
    "The composition of the monitoring mission is still being negotiated.",
    "Whether the deal survives the election remains to be seen.",
    "Who enforces the queue rules remains contested.",
    "Claire Dumont asked whether the bank would guarantee the first two hubs.",
    "Will the bank guarantee the first hub?",
    "The outcome hinges on the vote in parliament.",
])
def test_questions(sentence):
    assert "question" in kinds_of(sentence)


def test_a_whether_question_is_written_out():
    plain = "Ministers met in Geneva on a grey Tuesday morning.\n\nIt is unclear whether Japan would back the plan."
    question = next(p for p in claims.propose(Text.of(plain)) if p.kind == "question")
    assert plain[question.start:question.end] == "It is unclear whether Japan would back the plan"
    assert question.attributes == {"text": "Whether Japan would back the plan?"}


def test_regardless_of_whether_is_no_question():
    assert kinds_of("The fleet will sail regardless of whether the weather improves.") == set()


# -- challenges --

@pytest.mark.parametrize("sentence", [
    "Fuel standards remain a sticking point.",
    "Russia's stance on its territorial ambitions remains an unresolved obstacle.",
    "Lukas Brandt warned that the joint office lacked a legal basis.",
    "Olivier Lambert cautioned that state-aid rules limit the hybrid formula.",
    "Consumer groups fear network tariffs will rise by a fifth.",
    "Several developers threaten to move investment to the Baltic.",
    "Ingrid Haugland said Norway would not accept a flat levy on interconnector revenue.",
    "The dispute over fishing rights has strained relations between the two capitals.",
    "France and Germany opposed the proposal, arguing it would hurt carmakers.",
    "Securing funding for any guarantee force is the hardest part.",
    "Concerns persist over the cost of the programme.",
    "Talks stalled over the sequencing of sanctions relief.",
])
def test_challenges(sentence):
    assert kinds_of(sentence) == {"challenge"}


def test_a_clause_is_one_kind_the_question_first():
    assert kinds_of("It is unclear whether the dispute can be settled before June.") == {"question"}
    assert kinds_of("A spokesman refused to comment on the talks.") == {"question"}


# -- span boundaries: the clause analysts mark --

def test_spans_leave_out_connectives_attributions_and_the_final_stop():
    plain = ("Ministers met in Geneva on a grey Tuesday morning.\n\n"
             "However, fuel standards remain a sticking point, officials said on Monday.\n"
             "While the road to peace remains uncertain, the initiative is a step forward.\n"
             "Officials called the formula settled, but the queue has not been discussed at ministerial level.\n"
             '"There is a real risk that steel overshadows everything," said Jan Vermeer, an economist.\n'
             "When the talks will resume is unclear.\n"
             "But the dispute over quotas deepened.\n")
    found = proposed(plain)
    assert ("challenge", "fuel standards remain a sticking point") in found
    assert ("question", "the road to peace remains uncertain") in found
    assert ("question", "the queue has not been discussed at ministerial level") in found
    assert ("challenge", "There is a real risk that steel overshadows everything") in found
    assert ("question", "When the talks will resume is unclear") in found
    assert ("challenge", "the dispute over quotas deepened") in found


def test_headings_and_list_markers_are_not_marked():
    plain = ("# Challenges ahead\n\nMinisters met in Geneva on a grey Tuesday morning.\n\n"
             "Risks and concerns\n\n- Funding for the observer programme remains unclear.\n")
    found = proposed(plain)
    assert ("question", "Funding for the observer programme remains unclear") in found
    assert all("Challenges ahead" not in words and "Risks and" not in words for _, words in found)


# -- key points --

def test_the_lead_is_a_key_point_without_its_dateline_or_attribution():
    plain = ("WARSAW — Foreign ministers from six countries will meet in Paris on February 17\n"
             "to found a contact group on security guarantees, officials said on Monday.\n\n"
             "The weather was mild.")
    assert proposed(plain) == [("key", "Foreign ministers from six countries will meet in Paris on February 17\n"
                                       "to found a contact group on security guarantees")]


def test_key_points_are_few_and_come_first():
    plain = "\n\n".join(f"Minister {n} announced a plan to sign the accord in city {n}." for n in range(20))
    keys = [p for p in claims.propose(Text.of(plain)) if p.kind == "key"]
    assert len(keys) == claims.MAX_KEY_POINTS
    assert keys == sorted(keys, key=lambda p: p.start) and keys[0].start == 0


# -- nothing to propose --

def test_neutral_text_has_no_challenges_or_questions():
    plain = ("The ministers arrived in Oslo on Tuesday. They visited the harbour and met the mayor. "
             "Lunch was served at the town hall. The delegation flew home in the evening.")
    assert {kind for kind, _ in proposed(plain)} <= {"key"}
    assert proposed("") == [] and proposed("   \n\n  ") == []


def test_proposals_are_deterministic_and_never_cut_markdown():
    plain = ("Ministers met in Geneva on a grey Tuesday morning.\n\n"
             "The [report](https://example.org/a) warned of risks, and `code [x` is unclear.\n"
             "Whether the [fund] will pay remains unclear.\n")
    first = claims.propose(Text.of(plain))
    assert first == claims.propose(Text.of(plain))
    assert [p.attributes for p in first] == [p.attributes for p in claims.propose(Text.of(plain))]
    for p in first:
        words = plain[p.start:p.end]
        assert words.count("[") == words.count("]") and words.count("`") % 2 == 0
        assert words == words.strip()


# -- hostile input: linear time --

@pytest.mark.parametrize("text", [
    "The talks remain unclear and officials warned of risks " * 9000,  # one 500 kB line
    "It is unclear whether the dispute will end. " * 12000,  # a cue in every sentence
    "x" * 50_000 + " is unclear.",  # a 50 000-character word
    " ".join(["Minister"] * 5000) + " warned.",  # 5 000 capitalised words
    ". " * 250_000 + "." * 250_000,  # runs of stops
    "Mr. " * 100_000 + "\n" * 100_000 + "- risk\n" * 50_000,
    "However, " * 50_000 + "[" * 100_000 + '"' * 100_000,
])
def test_hostile_text_is_read_in_linear_time(text):
    began = time.perf_counter()
    proposals = claims.propose(Text.of(text))
    assert time.perf_counter() - began < 5  # about 0.3 s on a laptop; a quadratic path takes minutes
    assert len(proposals) <= claims.MAX_PROPOSALS
