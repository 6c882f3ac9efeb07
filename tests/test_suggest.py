"""briefgen suggest: the participant and agenda heuristics, on plain text (SPEC §10, issue 15).

The file driver, the command and hostile input are in tests/test_suggest_file.py.
"""

from __future__ import annotations

import datetime as dt

import pytest

from briefgen.suggest import suggest_text
from briefgen.suggest.dates import find_dates

FRIDAY = dt.date(2025, 2, 14)
TUESDAY = dt.date(2025, 2, 11)


def found(text: str, kind: str, date: dt.date | None = None) -> list[tuple[str, dict[str, str]]]:
    """(marked words, attributes) of each proposal of the kind, in order."""
    return [(text[p.start:p.end], p.attributes) for p in suggest_text(text, date, (kind,)) if p.kind == kind]


def participants(text: str) -> dict[str, dict[str, str]]:
    return dict(found(text, "participant"))


# ---- participants ---------------------------------------------------------------------------

@pytest.mark.parametrize("text, name, role, org", [
    ("Secretary of State Marco Rubio flew to Riyadh on Monday; US officials said.",
     "Marco Rubio", "Secretary of State", "United States"),
    ("Treasury Secretary Dana Whitfield met bankers, a US official said.",
     "Dana Whitfield", "Treasury Secretary", "United States"),
    ("Japan's finance minister, Aiko Tanaka, said the yen was stable.", "Aiko Tanaka", "Finance Minister", "Japan"),
    ("Estonian Defence Minister Hanno Pevkur said Tallinn would spend more.",
     "Hanno Pevkur", "Defence Minister", "Estonia"),
    ("Ukrainian President Volodymyr Zelenskyy will attend.", "Volodymyr Zelenskyy", "President", "Ukraine"),
    ("US National Security Advisor Mike Waltz spoke to NBC.", "Mike Waltz", "National Security Advisor",
     "United States"),
    ("Mike Waltz, the national security adviser, told NBC the US wants talks.", "Mike Waltz",
     "National Security Adviser", "United States"),
    ("Russian President Vladimir Putin spoke by phone.", "Vladimir Putin", "President", "Russia"),
    ("The Minister for Climate and Energy Henrik Dalgaard will chair.", "Henrik Dalgaard",
     "Minister for Climate and Energy", ""),
    ("NATO Secretary General Mark Rutte warned allies.", "Mark Rutte", "Secretary General", "NATO"),
    ("The talks were hosted by Polish Foreign Minister Radosław Sikorski in Warsaw.", "Radosław Sikorski",
     "Foreign Minister", "Poland"),
])
def test_participants_with_titles_in_the_forms_news_copy_uses(text, name, role, org):
    people = participants(text)
    assert name in people, people
    attributes = people[name]
    assert attributes.get("role", "") == role
    assert attributes.get("org", "") == org
    assert "name" not in attributes  # the marked words are the name


def test_a_us_title_takes_no_country_when_the_text_is_not_about_the_us():
    assert participants("Secretary of State Marco Rubio said talks would go on.")["Marco Rubio"].get("org") is None
    # a British Secretary of State has "for"
    text = "US and British officials met. Secretary of State for Defence John Healey said so."
    assert participants(text)["John Healey"].get("org") is None


def test_later_surname_mentions_are_tied_to_the_full_name():
    text = ("National Security Advisor Mike Waltz spoke on Sunday. Waltz underscored the need for Europe "
            "to act, and the Waltz plan was discussed. Mike Waltz later left.")
    proposals = found(text, "participant")
    assert [words for words, _ in proposals] == ["Mike Waltz", "Waltz", "Mike Waltz"]
    assert proposals[1][1] == {"name": "Mike Waltz"}
    assert proposals[0][1]["role"] == "National Security Advisor"
    assert "role" not in proposals[2][1]  # role and org once: the memo merges the mentions


def test_a_surname_two_people_share_is_not_tied_to_either():
    text = "Foreign Minister Anna Berg said so. Defence Minister Lars Berg agreed. Berg left early."
    assert [words for words, _ in found(text, "participant")] == ["Anna Berg", "Lars Berg"]


@pytest.mark.parametrize("text, name", [
    ("Radosław Sikorski said Europe cannot wait.", "Radosław Sikorski"),
    ("Jean-Noël Barrot will host the meeting.", "Jean-Noël Barrot"),
    ("Pieter van Rijn backed a proportional formula.", "Pieter van Rijn"),
    ("王文涛 said trade would lead.", "王文涛"),
    ("فيصل بن فرحان told reporters the talks went well.", "فيصل بن فرحان"),
])
def test_names_vouched_for_by_a_reporting_verb(text, name):
    assert name in participants(text)


def test_two_names_joined_by_and():
    assert set(participants("Сергей Лавров and Γιώργος Γεραπετρίτης met at ten.")) == {
        "Сергей Лавров", "Γιώργος Γεραπετρίτης"}


@pytest.mark.parametrize("text", [
    "The Munich Security Conference opens on Friday and the White House said it would send a delegation.",
    "European Union leaders said the plan was sound.",
    "Kyiv remains committed. Warsaw confirmed the date. Saudi Arabia said nothing.",
    "Key Participants and Agenda",
    "The Ministerial Plenary Opens Today In Tromsø With Ministers",
    "The Trump administration said it would act.",
    "led by Secretary of State, Secretary of Defense, and potentially Vice President or a special envoy",
    "NBC News reported that the North Sea Grid Operators said yes.",
])
def test_places_organisations_and_headings_are_not_people(text):
    assert participants(text) == {}


def test_a_title_case_heading_is_not_a_name_after_a_title():
    assert participants("President Trump Says Talks Will Start Soon In Riyadh") == {}


@pytest.mark.parametrize("text, name, org", [
    ('"We are asking for fair terms," said Amina Diallo, a debt analyst at the Institute.', "Amina Diallo", ""),
    ("Every forum carries the weight, said Ayesha Siddiqa, a Pakistani security analyst.", "Ayesha Siddiqa",
     "Pakistan"),
    ("The chairperson of the AU Commission, Mahmoud Ali Youssouf, said on Tuesday.", "Mahmoud Ali Youssouf",
     "AU Commission"),
    ("Vieira met his Argentine counterpart, Gerardo Werthein, in Brasília.", "Gerardo Werthein", "Argentina"),
    ("Pakistan's deputy prime minister and foreign minister, Ishaq Dar, replied.", "Ishaq Dar", "Pakistan"),
    ("Italy's Matteo Piantedosi and Germany's Alexander Dobrindt backed the plan.", "Matteo Piantedosi", "Italy"),
    ("A delegation led by Goodluck Jonathan will travel to Bamako.", "Goodluck Jonathan", ""),
    ("Ministers Johan Forssell of Sweden and others spoke.", "Johan Forssell", "Sweden"),
    ("Communiqués are cheap, said Kim Ji-hoon of the Korea Institute.", "Kim Ji-hoon", ""),
    ("Malaysia's Foreign Minister Dato' Seri Mohamad Hasan said so.", "Mohamad Hasan", "Malaysia"),
    ("Several policymakers, including Bundesbank chief Joachim Nagel, disagree.", "Joachim Nagel", "Bundesbank"),
    ("Portugal's central bank governor Álvaro Santos Pereira sees room to ease.", "Álvaro Santos Pereira",
     "Portugal"),
    ("Egypt sent its intelligence chief, Hassan Rashad.", "Hassan Rashad", ""),
    ("Dina Esfandiary (Bloomberg Economics) argued that Riyadh was content.", "Dina Esfandiary", ""),
    ("The president, Dr. Akinwumi A. Adesina, spoke. Doha is key, said H.A. Hellyer, a fellow.",
     "H.A. Hellyer", ""),
    ("The cut is certain, said María Fernanda González Ruiz, a lawyer.", "María Fernanda González Ruiz", ""),
    ("COP30 president-designate André Corrêa do Lago urged countries to act.", "André Corrêa do Lago", "COP30"),
    ("Oil prices fell, Helima Croft at RBC Capital Markets said.", "Helima Croft", ""),
    ("When Mahmoud Ali Youssouf took over the commission, he promised action.", "Mahmoud Ali Youssouf", ""),
    ("It was signed by Viet Nam's Minister of Industry and Trade Nguyen Hong Dien.", "Nguyen Hong Dien", ""),
    ("Contact: Olufemi Terry, Communication Department", "Olufemi Terry", ""),
])
def test_names_in_the_other_forms_news_copy_uses(text, name, org):
    people = participants(text)
    assert name in people, people
    if org:
        assert people[name].get("org") == org


def test_a_middle_sheikh_an_ambassador_to_a_country_and_a_given_name_alone():
    text = ("Somali President Hassan Sheikh Mohamud has sought support. The EU Ambassador to Morocco, "
            "Dimiter Tzantchev, welcomed it. Prime Minister Abiy Ahmed spoke. Abiy insists on access.")
    proposals = found(text, "participant")
    assert [words for words, _ in proposals] == ["Hassan Sheikh Mohamud", "Dimiter Tzantchev", "Abiy Ahmed", "Abiy"]
    assert proposals[1][1]["role"] == "Ambassador to Morocco"
    assert proposals[3][1] == {"name": "Abiy Ahmed"}


@pytest.mark.parametrize("text, name, org", [
    ("The IMF's mission chief for Pakistan, Nathan Porter, praised it.", "Nathan Porter", "IMF"),
    ("It was premature; Khurram Husain, a business journalist, said it was overdue.", "Khurram Husain", ""),
    ("Oliver Stuenkel, an associate professor at the Getulio Vargas Foundation, said so.", "Oliver Stuenkel", ""),
    ("He met Indian Oil chairman Arvinder Singh Sahney on Friday.", "Arvinder Singh Sahney", "Indian Oil"),
    ("He was received by UAE President Sheikh Mohamed bin Zayed Al Nahyan.", "Mohamed bin Zayed Al Nahyan",
     "United Arab Emirates"),
])
def test_titles_with_words_before_them_and_honorifics_after(text, name, org):
    people = participants(text)
    assert name in people, people
    assert people[name].get("org", "") == org


@pytest.mark.parametrize("text, name", [
    ("Srđan Cvijić (Belgrade Centre for Security Policy) is less sure.", "Srđan Cvijić"),
    ("Media enquiries: Ismaila Dieng, +41 22 739 5007", "Ismaila Dieng"),
    ("He met Philippine Foreign Secretary Ma. Theresa Lazaro on Friday.", "Ma. Theresa Lazaro"),
    ("South Korea's new foreign minister, Cho Hyun, did not attend.", "Cho Hyun"),
])
def test_parentheses_contacts_abbreviated_given_names_and_new_ministers(text, name):
    people = participants(text)
    assert name in people, people
    assert not people[name].get("role", "").startswith("New")


def test_a_surname_with_its_particle_is_a_later_mention():
    text = ("Qatar's prime minister, Sheikh Mohammed bin Abdulrahman Al Thani, hosted talks. Al Thani said so. "
            "Prime Minister Bart De Wever objected. De Wever will raise it.")
    proposals = found(text, "participant")
    assert [(words, attributes.get("name")) for words, attributes in proposals] == [
        ("Mohammed bin Abdulrahman Al Thani", None), ("Al Thani", "Mohammed bin Abdulrahman Al Thani"),
        ("Bart De Wever", None), ("De Wever", "Bart De Wever")]


@pytest.mark.parametrize("text, name, org", [
    ("The Assembly today elected Marcos Perestrello (Portugal) as its President.", "Marcos Perestrello", "Portugal"),
    ("Sabine Weyand's successor has yet to be named.", "Sabine Weyand", ""),
    ("Iran's parliament speaker, Mohammad Bagher Ghalibaf, said lawmakers would review it.",
     "Mohammad Bagher Ghalibaf", "Iran"),
    ("Mohan Kumar, a former Indian ambassador to France, said so.", "Mohan Kumar", "India"),
    ("Roland Paris, a former foreign policy adviser to the prime minister, said so.", "Roland Paris", ""),
])
def test_a_country_in_parentheses_a_successor_and_former_officials(text, name, org):
    assert set(participants("Rose Mutiso of the Energy for Growth Hub welcomed the focus.")) == {"Rose Mutiso"}
    people = participants(text)
    assert name in people, people
    assert people[name].get("org", "") == org


@pytest.mark.parametrize("text, name", [
    ("Sudan's government, led by army chief Abdel Fattah al-Burhan, says it allows aid.", "Abdel Fattah al-Burhan"),
    ("Mathilde Vu — advocacy manager for the Norwegian Refugee Council — said trucks waited.", "Mathilde Vu"),
    ("Shaza Elmahdi, 31, a volunteer with a local group, described kitchens closing.", "Shaza Elmahdi"),
    ("His Uzbek neighbour, Shavkat Mirziyoyev, is on the same circuit.", "Shavkat Mirziyoyev"),
    ("Kate Mallinson of Chatham House sees more risk.", "Kate Mallinson"),
])
def test_dashes_ages_neighbours_and_qualified_common_titles(text, name):
    assert name in participants(text)


def test_a_dash_before_no_title_and_a_bare_common_title_vouch_for_no_one():
    assert participants("Santa Marta — a city where the president met — hosted. The chief Marta Lopez.") == {}


@pytest.mark.parametrize("text, name", [
    ("In an interview, Iolanda Fresnillo of Eurodad called the playbook weak.", "Iolanda Fresnillo"),
    ("The Global Partnership for Education, whose chief executive, Laura Frigenti, welcomed it.", "Laura Frigenti"),
    ("Chinese Vice Premier He Lifeng was also expected.", "He Lifeng"),
    ("Vietnamese Prime Minister Pham Minh Chinh arrived on Tuesday.", "Pham Minh Chinh"),
])
def test_an_organisation_then_a_verb_whose_and_family_names_that_are_english_words(text, name):
    assert name in participants(text)


@pytest.mark.parametrize("text, name", [
    ("Jerome Powell's term as Federal Reserve chair ends in May.", "Jerome Powell"),
    ("Governor Christopher Waller and former governor Kevin Warsh are in contention.", "Kevin Warsh"),
    ("UN Development Programme Administrator Achim Steiner said rubble removal would take years.", "Achim Steiner"),
    ("Hesham Youssef, a former Arab League official now with USIP, said donors were afraid.", "Hesham Youssef"),
])
def test_terms_former_officials_and_administrators(text, name):
    assert name in participants(text)


def test_names_listed_after_a_plural_title():
    text = "Ministers Jennifer Morgan, Wopke Hoekstra and Ali Mohamed are expected next week."
    assert set(participants(text)) == {"Jennifer Morgan", "Wopke Hoekstra", "Ali Mohamed"}


def test_a_family_name_written_first_is_the_later_mention():
    text = ("Finance Minister Koo Yun-cheol hosted Governor Pan Gongsheng. Koo said the swap would grow. "
            "Pan agreed.")
    proposals = found(text, "participant")
    assert [(words, attributes.get("name")) for words, attributes in proposals][2:] == [
        ("Koo", "Koo Yun-cheol"), ("Pan", "Pan Gongsheng")]


@pytest.mark.parametrize("text", [
    "The sessions were chaired by Sierra Leone and Malta.",
    "Mercosur presidents will meet in the Brazilian city of Foz do Iguaçu on Dec. 20.",
    "The talks in Santa Marta ended on Monday.",
    "The Board of Executive Directors today approved two projects.",
    "Legal experts at King's College London were more sceptical.",
    "Analysts at Goldman Sachs Research said demand would slow.",
    "Al Jazeera reported the strike. Der Spiegel said so. Cabo Verde will host. Fitch Ratings affirmed it.",
    "Lenders at the Global Sovereign Debt Roundtable agreed on Thursday. He said so. To Lam is far.",
])
def test_more_places_and_organisations_that_are_not_people(text):
    assert participants(text) == {}


# ---- agenda ---------------------------------------------------------------------------------

def agenda(text: str, date: dt.date | None = None) -> dict[str, dict[str, str]]:
    return dict(found(text, "agenda", date))


def test_an_event_with_its_place():
    items = agenda("Vice President JD Vance will participate in an artificial intelligence summit in Paris.")
    assert items == {"an artificial intelligence summit in Paris": {
        "item": "Artificial intelligence summit", "where": "Paris", "who": "JD Vance"}}


def test_an_event_at_a_named_event():
    items = agenda("Ministers will hold a working breakfast at the Munich Security Conference on Feb. 15.", TUESDAY)
    assert items["a working breakfast at the Munich Security Conference on Feb. 15"] == {
        "item": "Working breakfast", "where": "Munich Security Conference", "when": "2025-02-15"}


@pytest.mark.parametrize("words, when", [
    ("a summit on February 17", "2025-02-17"),
    ("a summit on Feb. 14–16", "2025-02-14 to 2025-02-16"),
    ("a summit from 14 to 16 February", "2025-02-14 to 2025-02-16"),
    ("a summit on 12 May 2026", "2026-05-12"),
    ("a summit on December 30", "2024-12-30"),  # the nearer year
    ("a summit on 2025-03-01", "2025-03-01"),
    ("a summit next week", "2025-02-17 to 2025-02-23"),
    ("a summit later this week", "2025-02-12 to 2025-02-16"),
    ("a summit this week", "2025-02-10 to 2025-02-16"),
    ("a summit on Friday", "2025-02-14"),
    ("a summit tomorrow", "2025-02-12"),
    ("a summit next month", "2025-03-01 to 2025-03-31"),
    ("a summit in March", "2025-03-01 to 2025-03-31"),
])
def test_event_dates_absolute_ranges_and_relative_resolved_against_the_source_date(words, when):
    items = agenda(f"Leaders will attend {words}.", TUESDAY)
    assert items[words]["when"] == when


def test_relative_dates_without_a_source_date_stay_as_written():
    assert agenda("Ministers meet at a summit later this week.")["a summit later this week"]["when"] == \
        "later this week"


def test_weekdays_look_back_when_the_sentence_speaks_of_the_past():
    dates = find_dates("He arrived on Tuesday and will leave on Monday.", dt.date(2025, 2, 19))
    assert [d.when for d in dates] == ["2025-02-18", "2025-02-24"]
    # in Wednesday's paper, "will meet on Wednesday" is that day ("next Wednesday" would be the next)
    assert [d.when for d in find_dates("They will meet on Wednesday.", dt.date(2025, 2, 19))] == ["2025-02-19"]
    assert [d.when for d in find_dates("The talks were held on Monday.", FRIDAY)] == ["2025-02-10"]


def test_schedule_lines_and_verbs_of_an_event():
    text = ("- Sherpa meeting, 2 March\n- Bilateral Denmark–Norway, 3 March\n"
            "- Investors' round table, 5 to 6 March\n\nThe ministerial opens on 4 March.\n")
    items = agenda(text, dt.date(2025, 3, 1))
    assert items["Sherpa meeting, 2 March"]["when"] == "2025-03-02"
    assert items["Bilateral Denmark–Norway, 3 March"]["item"] == "Bilateral Denmark–Norway"
    assert items["Investors' round table, 5 to 6 March"]["when"] == "2025-03-05 to 2025-03-06"
    assert items["The ministerial opens on 4 March"]["when"] == "2025-03-04"


def test_who_from_the_people_the_event_is_of():
    text = "A trilateral meeting of 王文涛, 岩屋毅 and 조태열 is planned. 王文涛 said so. 岩屋毅 arrived. 조태열 is expected."
    assert agenda(text)["A trilateral meeting of 王文涛, 岩屋毅 and 조태열"]["who"] == "王文涛; 岩屋毅; 조태열"


@pytest.mark.parametrize("text", [
    "Both sides expect further talks.",
    "The upcoming discussions will focus on trade.",
    "The council said it would review the plan.",
    "Challenges to Peace Negotiations",
    "Officials hope to visit soon.",
    "It may meet the needs of the 2 March plan.",
])
def test_talk_of_events_without_a_date_place_or_name_is_not_an_agenda_item(text):
    assert agenda(text, TUESDAY) == {}


def test_proposals_of_one_kind_never_overlap():
    text = ("National Security Advisor Mike Waltz said a summit meeting in Paris on 3 March and talks in Rome "
            "on 4 March would follow. Waltz will attend both, Waltz said.")
    for kind in ("participant", "agenda"):
        spans = sorted((p.start, p.end) for p in suggest_text(text, TUESDAY, (kind,)))
        assert all(a_end <= b_start for (_, a_end), (b_start, _) in zip(spans, spans[1:])), spans


@pytest.mark.parametrize("text, name, role, org", [
    ('"We cannot wait," said Christine Lagarde, the president of the European Central Bank.',
     "Christine Lagarde", "President", "European Central Bank"),
    ("ECOWAS Commission President Omar Alieu Touray said the bloc was open.", "Omar Alieu Touray", "President",
     "ECOWAS Commission"),
    ("The African Union's special envoy for the Sahel, Mamadou Tangara, will travel.", "Mamadou Tangara",
     "Special Envoy for the Sahel", "African Union"),
    ("India's External Affairs Minister S. Jaishankar will visit.", "S. Jaishankar", "External Affairs Minister",
     "India"),
    ("European Commission President Ursula von der Leyen told reporters.", "Ursula von der Leyen", "President",
     "European Commission"),
    ("Egyptian President Abdel Fattah el-Sisi met him.", "Abdel Fattah el-Sisi", "President", "Egypt"),
    ("Sen. Lindsey Graham said he would introduce a bill.", "Lindsey Graham", "Senator", ""),
    ("Nigerian President Bola Tinubu warned of sanctions.", "Bola Tinubu", "President", "Nigeria"),
])
def test_organisations_initials_particles_and_abbreviated_titles(text, name, role, org):
    attributes = participants(text)[name]
    assert (attributes.get("role", ""), attributes.get("org", "")) == (role, org)


def test_events_told_by_a_verb():
    text = ("Finance ministers will gather in Tokyo from May 21 to 23 for talks. Kato is expected to meet "
            "Treasury Secretary Scott Bessent on Wednesday. Carney will host the leaders' summit in "
            "Kananaskis, Alberta, from June 15 to 17.")
    items = agenda(text, dt.date(2025, 5, 19))
    assert items["gather in Tokyo from May 21 to 23"] == {
        "item": "Meeting", "when": "2025-05-21 to 2025-05-23", "where": "Tokyo"}
    assert items["meet Treasury Secretary Scott Bessent on Wednesday"]["when"] == "2025-05-21"
    assert items["meet Treasury Secretary Scott Bessent on Wednesday"]["who"] == "Scott Bessent"
    summit = items["the leaders' summit in Kananaskis, Alberta, from June 15 to 17"]
    assert summit["where"] == "Kananaskis, Alberta" and summit["when"] == "2025-06-15 to 2025-06-17"


def test_bodies_are_not_meetings_and_passive_verbs_lead_to_the_place():
    text = ("Sara Olsvig, chair of the Inuit Circumpolar Council, said so. She chairs the council this year. "
            "A preparatory meeting of senior Arctic officials is planned in Akureyri from April 28 to 30.")
    assert agenda(text, dt.date(2025, 4, 8)) == {
        "A preparatory meeting of senior Arctic officials is planned in Akureyri from April 28 to 30": {
            "item": "Preparatory meeting of senior Arctic officials", "when": "2025-04-28 to 2025-04-30",
            "where": "Akureyri"}}


def test_schedule_lines_dated_first_and_talks_that_resume():
    text = ("Indirect talks between Sudan's warring parties will resume in Geneva on June 16, officials said.\n\n"
            "Programme:\n- 16 June, 10:00: Opening session, Palais des Nations\n"
            "- 20 June, 15:00: Closing press conference\n")
    items = agenda(text, dt.date(2025, 6, 10))
    assert items["Indirect talks between Sudan's warring parties will resume in Geneva on June 16"] == {
        "item": "Indirect talks", "when": "2025-06-16", "where": "Geneva"}
    assert items["16 June, 10:00: Opening session, Palais des Nations"] == {
        "item": "Opening session", "when": "2025-06-16", "where": "Palais des Nations"}
    assert items["20 June, 15:00: Closing press conference"]["when"] == "2025-06-20"


def test_trips_of_a_named_subject_and_events_with_a_participle():
    text = ("The summit, scheduled for June 24-25 in The Hague, will focus on spending. "
            "President Emmanuel Macron heads to Berlin on Thursday. A vote is expected on Wednesday.")
    items = agenda(text, dt.date(2025, 6, 10))
    assert items["The summit, scheduled for June 24-25 in The Hague"] == {
        "item": "Summit", "when": "2025-06-24 to 2025-06-25", "where": "The Hague"}
    assert items["heads to Berlin on Thursday"] == {
        "item": "Trip to Berlin", "when": "2025-06-12", "where": "Berlin", "who": "Emmanuel Macron"}
    assert items["A vote is expected on Wednesday"]["when"] == "2025-06-11"


# ---- agenda: the many ways news copy announces a meeting ------------------------------------------------

MONDAY = dt.date(2025, 11, 3)


@pytest.mark.parametrize("words, when", [
    ("next Thursday and Friday", "2025-11-13 to 2025-11-14"),
    ("Monday to Wednesday", "2025-11-03 to 2025-11-05"),
    ("later this month", "2025-11-04 to 2025-11-30"),
    ("over the weekend", "2025-11-08 to 2025-11-09"),
    ("in two weeks", "2025-11-17"),
    ("the 12th", "2025-11-12"),
    ("the 2nd", "2025-12-02"),  # a day already past this month: next month's
    ("the 11th of December", "2025-12-11"),
    ("the end of the month", "2025-11-21 to 2025-11-30"),
    ("the start of February", "2026-02-01 to 2026-02-09"),
    ("next July", "2026-07-01 to 2026-07-31"),
    ("early next year", "2026-01-01 to 2026-05-01"),
])
def test_more_relative_and_partial_dates(words, when):
    [date] = find_dates(f"They will meet {words}.", MONDAY)
    assert (date.when, f"They will meet {words}."[date.start:date.end].endswith(words.split()[-1])) == (when, True)


def test_ordinals_before_a_noun_are_not_dates():
    assert find_dates("the 12th round of talks and the 3rd century", MONDAY) == []


def test_scheduled_events_without_a_date_or_place():
    text = ("Secretary General Mark Rutte will host a working dinner on the eve of the meeting. Cairo is due to host "
            "a fresh round of indirect talks. A meeting of deputies will try to agree the text. "
            "Jean-Noël Barrot will host the meeting. The Security Council will vote on the mandate.")
    items = agenda(text, MONDAY)
    assert "a working dinner on the eve of the meeting" in items or "a working dinner" in items
    assert items["a fresh round of indirect talks"]["item"] == "Fresh round of indirect talks"
    assert "A meeting of deputies" in items
    assert not any("the meeting" == words or "Security Council" in words for words in items)


def test_events_a_dated_clause_is_for_and_future_verbs_without_an_auxiliary():
    text = ("The alliance's foreign ministers gather in Brussels on Dec. 3 for a two-day ministerial. "
            "Canadian officials will be in Washington on Monday for trilateral consultations on the pact. "
            "EU finance ministers will settle it when they meet next Thursday and Friday in Brussels.")
    items = agenda(text, MONDAY)
    assert items["gather in Brussels on Dec. 3 for a two-day ministerial"] == {
        "item": "Two-day ministerial", "when": "2025-12-03", "where": "Brussels"}
    assert items["trilateral consultations on the pact"]["when"] == "2025-11-03"
    assert items["meet next Thursday and Friday in Brussels"]["when"] == "2025-11-13 to 2025-11-14"


def test_calls_hearings_votes_and_ceremonies():
    text = ("Ministers are due to hold a video call later this month. The committee will hold a hearing on the "
            "president's tariff powers on Sept. 17. A committee vote could come as soon as the following week. "
            "A signing ceremony will take place on 10 December at the Shangri-La hotel. The trade committee is due "
            "to vote on the regulation on December 4. The next Ecofin is scheduled for December 9. "
            "He will attend a dinner hosted by the finance minister at 19:00 on the 13th.")
    items = agenda(text, MONDAY)
    assert items["a video call later this month"]["when"] == "2025-11-04 to 2025-11-30"
    assert items["a hearing on the president's tariff powers on Sept. 17"]["when"] == "2025-09-17"
    assert "A committee vote could come as soon as the following week" in items
    assert items["A signing ceremony will take place on 10 December at the Shangri-La hotel"]["where"] == \
        "Shangri-La hotel"
    assert items["vote on the regulation on December 4"]["when"] == "2025-12-04"
    assert items["The next Ecofin is scheduled for December 9"]["when"] == "2025-12-09"
    assert items["a dinner hosted by the finance minister at 19:00 on the 13th"] == {
        "item": "Dinner hosted by the finance minister", "when": "2025-11-13"}
    assert "a phone call" not in " ".join(agenda("He said a phone call was made.", MONDAY))


def test_a_week_ahead_schedule_under_date_headings():
    text = ("# Week ahead\n\n**Monday 10 November**\n\n"
            "- 10:00 — Security Council open debate on the protection of civilians, chaired by Sierra Leone\n"
            "- 15:00 — Briefing by the Special Envoy for Syria\n\n"
            "Thursday 13 November\n\n- Human Rights Council special session, Geneva\n- Lunch, Geneva\n\n"
            "Notes\n\n- the council has 15 members\n")
    items = agenda(text, dt.date(2025, 11, 7))
    assert items["Security Council open debate on the protection of civilians, chaired by Sierra Leone"]["when"] == \
        "2025-11-10"
    assert items["Briefing by the Special Envoy for Syria"]["when"] == "2025-11-10"
    assert items["Human Rights Council special session, Geneva"] == {
        "item": "Human Rights Council special session", "when": "2025-11-13", "where": "Geneva"}
    assert "Lunch, Geneva" in items
    assert not any("15 members" in words for words in items)


def test_past_events_are_not_agenda_items():
    text = ("He spoke after talks with his French counterpart in Paris last week. "
            "Last year's talks in Baku ended in acrimony. Leaders will attend a summit on December 30.")
    items = agenda(text, MONDAY)
    assert list(items) == ["a summit on December 30"]


def test_mini_summits_side_events_and_names_that_go_on():
    text = ("Kenya's president will host a mini-summit on eastern Congo. The Deputy Minister will also co-host a side "
            "event on marine protected areas on Tuesday 17 March. A Peace and Security Council session on Sudan is "
            "planned on the margins. China's foreign minister is due in Manila in early February. The Joint "
            "Ministerial Monitoring Committee is scheduled to meet on April 1.")
    items = agenda(text, dt.date(2026, 3, 9))
    assert "a mini-summit on eastern Congo" in items
    assert items["a side event on marine protected areas on Tuesday 17 March"]["when"] == "2026-03-17"
    assert "A Peace and Security Council session on Sudan" in items
    assert items["due in Manila in early February"]["where"] == "Manila"
    assert items["meet on April 1"]["when"] == "2026-04-01"
    assert not any(words.startswith("Joint Ministerial") for words in items)


def test_visits_told_by_the_host_and_the_summit_a_gathering_is_for():
    text = ("Leaders will convene in Brussels for an emergency summit on Thursday. Xi will receive his Brazilian "
            "counterpart on Monday. The president will welcome the decision. A summit will not solve this.")
    items = agenda(text, dt.date(2025, 11, 5))
    assert items == {
        "convene in Brussels for an emergency summit on Thursday": {
            "item": "Emergency summit", "when": "2025-11-06", "where": "Brussels"},
        "receive his Brazilian counterpart on Monday": {"item": "Visit", "when": "2025-11-10"}}


def test_a_month_alone_in_a_future_sentence_is_the_coming_one():
    assert [d.when for d in find_dates("Leaders will attend the summit in May.", dt.date(2025, 11, 5))] == [
        "2026-05-01 to 2026-05-31"]
    assert [d.when for d in find_dates("The talks held in May failed.", dt.date(2025, 11, 5))] == [
        "2025-05-01 to 2025-05-31"]


def test_a_city_named_after_its_country_and_weeks_of_a_month():
    text = ("Mercosur presidents will meet in the Brazilian city of Foz do Iguaçu on Dec. 20, the ministry said. "
            "A parliamentary hearing on the deal is pencilled in for the first week of September. "
            "- 10:00 Informal gathering of trade ministers\n")
    items = agenda(text, dt.date(2025, 8, 18))
    assert items["meet in the Brazilian city of Foz do Iguaçu on Dec. 20"]["where"] == "Foz do Iguaçu"
    assert items["A parliamentary hearing on the deal is pencilled in for the first week of September"]["when"] == \
        "2025-09-01 to 2025-09-07"
    schedule = agenda("Wednesday 21 January\n\n- 10:00 Informal gathering of trade ministers\n", dt.date(2026, 1, 16))
    assert schedule["Informal gathering of trade ministers"]["when"] == "2026-01-21"


def test_an_event_a_present_tense_subject_holds():
    items = agenda("Farmers plan a protest on Dec. 18, when EU leaders hold their last summit of the year. "
                   "Ministers hold differing views on the talks.", dt.date(2025, 12, 10))
    assert list(items) == ["their last summit of the year"]
