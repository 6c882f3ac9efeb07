"""Agenda items: meetings, summits, sessions, visits, talks and conferences, with the
date and the place the text gives them.

An event is a noun phrase around an event word ("a NATO defense ministers meeting"),
extended by what follows it: a place ("in Brussels", "at the Munich Security
Conference"), a date ("on 12 May", "later this week", ", 2 March"), a topic ("on hub
financing"), the people it is with or of. A phrase is proposed only when it has a date
or a place, or is an event's own name ("the Ministerial Plenary"), or the sentence
schedules it ("will host a working dinner", "a meeting of deputies will try...",
"gather in Brussels on Dec. 3 for a two-day ministerial"): "further talks" says
nothing an agenda can use. Events the text tells as past ("last week", "ended", a
date before the source's in a sentence without a future) are left out. A list
under a date heading ("**Monday 10 November**", "- 10:00 — Opening plenary") is a
schedule: its items are events of that day.

Attributes: item (the phrase's own words, without article, date or place), when (see
dates.py), where, and who (the participants the sentence names as taking part).
"""

from __future__ import annotations

import bisect
import re

from . import Proposal
from .dates import _FUTURE, DateMention, find_dates
from .people import FUNCTION_WORDS, MONTHS, PARTICLES, WEEKDAYS, people
from .places import country
from .words import Word, sentence_index, words

EVENT_WORDS = {
    "meeting", "meetings", "summit", "summits", "session", "sessions", "visit", "visits", "talks", "conference",
    "conferences", "dinner", "dinners", "lunch", "luncheon", "breakfast", "reception", "ministerial",
    "ministerials", "plenary", "roundtable", "forum", "hearing", "hearings", "ceremony", "signing",
    "consultations", "gathering", "retreat", "trip", "tour", "congress", "convention", "debate", "vote",
    "election", "elections", "inauguration", "funeral", "parade", "exercise", "exercises", "bilateral",
    "trilateral", "workshop", "seminar", "symposium", "rally", "negotiations", "council", "assembly", "g7",
    "g20", "table", "round", "call", "calls", "exchange", "ecofin", "eurogroup", "briefing", "consultation", "panel", "board", "event",
}
# Event words that are events only in a name or with a date: "the council said" is not an event.
_NAMED_ONLY = {"council", "assembly", "congress", "convention", "round", "table", "vote", "debate", "exercise",
               "exercises", "election", "elections", "negotiations", "reception", "tour", "exchange", "ecofin",
               "eurogroup", "briefing", "consultation", "panel", "board", "event"}
# "call" is an event only as "a video call", "a phone call"
_HYPHENATED_EVENTS = {"summit", "meeting", "session", "conference", "ministerial", "talks", "dinner", "lunch",
                      "breakfast", "forum", "hearing", "retreat", "plenary"}
# Verbs of a visit told by its host: "will receive his Chinese counterpart on Monday"
_RECEIVING = {"receive", "receives", "welcome", "welcomes", "host", "hosts"}
_ROUNDS = {"round", "rounds", "series", "session", "sessions"}
_CALL_KINDS = {"video", "phone", "telephone", "conference", "zoom", "teleconference"}
# Subjects a gathering verb may follow: "when they meet next Thursday", "ministers gather in Brussels"
_SUBJECTS = {"they", "we", "it", "ministers", "leaders", "officials", "delegates", "negotiators", "envoys", "diplomats",
             "delegations", "lawmakers", "members", "allies", "heads", "counterparts", "sides", "parties"}
# An event a future verb takes as its object is scheduled, dated or not: "will host a working dinner".
_SCHEDULED_BEFORE = re.compile(
    r"(?:\bwill|\bwould|\bshall|['’]ll|\b(?:is|are|was|were)\s+(?:due|set|expected|scheduled|going|planning|poised|slated)\s+to"
    r"|\b(?:plans?|intends?|hopes?|agreed|prepares?|preparing)\s+to)"
    r"\s+(?:also\s+|then\s+|first\s+|jointly\s+)?(?:host|hold|attend|join|chair|co-chair|convene|brief|have|open"
    r"|address|lead|call|organi[sz]e|stage|hold\s+talks\s+at|(?:open|begin|start|close|end|conclude)\s+with|co-host"
    r"|participate\s+in|take\s+part\s+in|speak\s+at|attend\s+and\s+address)\s+$"
    r"|\b(?:followed|preceded)\s+by\s+$"
    r"|\b(?:they|we|leaders|ministers|officials|delegates|negotiators|allies|members|envoys)\s+(?:hold|host|attend"
    r"|convene|open|join)\s+$", re.IGNORECASE)
# The last words _SCHEDULED_BEFORE can end with: a quick test before the search.
_SCHEDULING_LAST = {"host", "hold", "attend", "join", "chair", "co-chair", "convene", "brief", "have", "open", "address",
                    "lead", "call", "organise", "organize", "stage", "co-host", "hosts", "holds", "attends", "joins",
                    "convenes", "opens"}
_SCHEDULING_PAIRS = {"at": {"speak", "talks"}, "with": {"open", "begin", "start", "close", "end", "conclude"},
                     "in": {"participate", "part"}, "by": {"followed", "preceded"}}
# An event followed by a future verb: "a meeting of deputies will try to agree the text".
_SCHEDULED_AFTER = re.compile(r"\s+(?:will(?!\s+(?:not|never)\b)|(?:is|are)\s+(?:due|set|expected|scheduled|slated)\s+to"
                              r"|(?:is|are)\s+(?:planned|scheduled))\s")
# An event the clause before dates: "will be in Washington on Monday for trilateral consultations".
_FOR_BEFORE = re.compile(r"\s+for\s+$")
# The past: "Last year's talks in Baku ended in acrimony", "talks ... last week".
_PAST_AFTER = re.compile(r"\s+(?:ended|was|were|had|took\s+place|broke\s+up|collapsed|concluded|failed|produced"
                         r"|yielded|agreed|adopted)\b")
_PAST_BEFORE = re.compile(r"(?i:\b(?:last|previous|past)\s+(?:week|month|year|weekend)['’]s?\s+$|\bafter\s+$"
                          r"|\b(?:yesterday|earlier)['’]s\s+$)")
# A schedule's list item: "- 10:00 — Security Council open debate"
_LIST_ITEM = re.compile(r"[ \t]*(?:[-*•][ \t]+|\d{1,2}[.)][ \t]+)(?:\d{1,2}[:.]\d\d(?:[ \t]*[ap]\.?m\.?)?[ \t]*[:,–—-]?[ \t]*)?")
DETERMINERS = {"a", "an", "the", "this", "that", "these", "its", "their", "his", "her", "our", "next", "another"}
# Lowercase words that qualify an event: "working", "high-level", "defense ministers".
_QUALIFIERS = {
    "working", "founding", "closing", "opening", "technical", "emergency", "extraordinary", "informal", "formal",
    "annual", "joint", "bilateral", "trilateral", "ministerial", "plenary", "press", "news", "summit", "leaders",
    "ministers", "foreign", "defense", "defence", "security", "peace", "trade", "energy", "climate", "investors",
    "sherpa", "site", "state", "official", "private", "first", "second", "third", "final", "spring", "summer",
    "autumn", "winter", "fall", "artificial", "intelligence", "round", "two-day", "one-day", "three-day",
    "high-level", "working-level", "expert", "experts", "senior", "officials", "donors", "donor", "cabinet",
    "ministerial-level", "leaders'", "heads", "government", "finance", "economic", "military", "special",
    "virtual", "video", "telephone", "phone", "crisis", "coordination", "preparatory", "follow-up", "signing",
    "council", "group", "contact", "steering", "committee", "board", "general", "international", "regional",
    "european", "nato", "un", "eu", "g7", "g20", "weekly", "monthly", "quarterly", "biannual", "closed-door",
    "fresh", "new", "further", "direct", "indirect", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
    "tenth", "next", "upcoming", "proximity", "leaders", "technical-level", "high-level", "public", "open",
    "separate", "short", "brief", "full", "regular", "ordinary", "dedicated", "side", "online", "in-person",
    "parliamentary", "congressional", "senate", "presidential", "diplomatic", "multilateral", "last",
}
_PLACE_PREPOSITIONS = {"in", "at"}
_TOPIC_PREPOSITIONS = {"on", "about", "over", "regarding"}
_PARTY_PREPOSITIONS = {"with", "between", "among", "of"}
_VERBS_BEFORE_DATE = re.compile(
    r"\s+(?:opens|open|begins|begin|starts|start|follows|follow|ends|end|closes|close|resumes|resume|runs|run|lasts"
    r"|takes\s+place|take\s+place|(?:is|are|will\s+be)\s+(?:held|scheduled|planned|set|due))(?:\s+(?:on|for|in|at|from))?\s+$")
_ATTENDING = re.compile(r"\b(?:attend|attends|attending|participate|participates|participating|join|joins|joining"
                        r"|host|hosts|hosting|chair|chairs|chairing|lead|leads|leading|travel|travels|travelling"
                        r"|traveling|visit|visits|visiting|meet|meets|meeting|take\s+part|takes\s+part|speak|speaks"
                        r"|address|addresses|heading|head|heads|arrive|arrives|gathers|gather|convene|hold|holds|holding"
                        r"|convenes)\b", re.IGNORECASE)
# Verbs that tell of an event when a date or a place follows: "ministers will gather in Tokyo".
_GATHERING_NOUNS = {"meet": "Meeting", "gather": "Meeting", "convene": "Meeting", "visit": "Visit",
                    "travel": "Trip", "tour": "Visit", "fly": "Trip", "meets": "Meeting", "gathers": "Meeting",
                    "convenes": "Meeting", "visits": "Visit", "travels": "Trip", "tours": "Visit", "flies": "Trip",
                    "head": "Trip", "heads": "Trip", "arrive": "Visit", "arrives": "Visit", "vote": "Vote",
                    "votes": "Vote", "return": "Visit", "returns": "Visit", "due": "Visit", "receive": "Visit",
                    "receives": "Visit", "welcome": "Visit", "welcomes": "Visit", "host": "Meeting", "hosts": "Meeting"}
_GATHERING_VERBS = set(_GATHERING_NOUNS)
_AUXILIARIES = {"will", "to", "would", "shall", "ll", "also", "then", "later", "first"}
# Dates too wide to make a mention of a body or of talks an agenda item by themselves.
_VAGUE_DATE = re.compile(r"(?i:(?:later |earlier )?(?:this|next|last) year|the (?:following|next) month"
                         r"|(?:later |earlier )?this month)")
# "is planned", "will be held": words between an event and its place or date
_PASSIVE = re.compile(
    r"\s+(?:(?:is|are|will\s+be|was|were)\s+(?:planned|scheduled|held|set|due|expected|to\s+be\s+held|slated"
    r"|pencill?ed\s+in)"
    r"|(?:will|would|could|may|might|(?:is|are)\s+(?:due|set|expected|scheduled)\s+to)\s+(?:resume|reconvene|continue"
    r"|begin|start|open|take\s+place|be\s+held|meet|convene|come(?:\s+as\s+(?:soon|early)\s+as)?)"
    r"|(?:scheduled|planned|set|due|slated|expected)(?=\s+(?:for|on)\s)"
    r"|resumes?|reconvenes?|begins?|opens?|starts?|takes\s+place)(?=\s)")
# "the summit, scheduled for June 24-25 in The Hague"
_PARTICIPLE = re.compile(r",\s*(?:(?:scheduled|planned|set|due|slated|expected)(?=\s+(?:for|on|in|at|to)\b)"
                         r"|to\s+be\s+held|meeting|opening|starting|beginning|which\s+(?:meets|will\s+meet|convenes|opens"
                         r"|runs|will\s+run|takes\s+place|will\s+take\s+place))(?=\s)")
# A schedule line's start: "- 16 June, 10:00: " before the event it dates
_SCHEDULE_LEAD = re.compile(r"[ \t]*(?:[-*•][ \t]+|\d{1,2}[.)][ \t]+)?")
_SCHEDULE_REST = re.compile(r"(?:,?[ \t]*\d{1,2}[:.]\d\d(?:[ \t]*[ap]\.?m\.?)?)?[ \t]*[:,–—-]?[ \t]*")
# What comes between an event and its date: "on", "at 19:00 on", ", from"
_DATE_LEAD = re.compile(r"(,\s*|\s+)(?:(?:online|virtually|again|in\s+person|privately)\s+)?(?:at\s+\d{1,2}[:.]\d\d(?:\s*[ap]\.?m\.?)?(?:\s+\w+\s+time)?,?\s+)?"
                        r"(?:(?:on|in|for|from|between|starting|beginning|through|until|at|during|around"
                        r"|as\s+(?:soon|early)\s+as)\s+)?")
_CITY_OF = re.compile(r"\s+(?:city|town|capital|port|resort|village|province|region|state)\s+of\s+")
_HOSTED_BY = re.compile(r",?\s+(?:hosted|chaired|led|organi[sz]ed|given|co-chaired|convened)\s+by\s+")
_STOPS = {"at", "on", "in", "to", "for", "from", "and", "which", "who", "that", "where", "when", "will", "is", "are"}
_SCHEDULE_WORD = re.compile(r"(?i:\b(?:" + "|".join(sorted(EVENT_WORDS - {"table", "round", "g7", "g20"} | {"meeting", "summit", "session", "talks", "conference", "dinner", "lunch", "breakfast", "reception",
     "ministerial", "plenary", "roundtable", "forum", "hearing", "ceremony", "signing", "consultations", "vote",
     "debate", "election", "briefing", "visit", "call", "address", "speech", "remarks", "launch", "presentation",
     "opening", "closing", "council", "assembly", "committee", "commission", "workshop", "seminar", "symposium",
     "press", "statement", "exchange", "bilateral", "trilateral", "round", "panel"}, key=len, reverse=True)) + r")\b)")
_TRAILING_PLACE = re.compile(r",[ \t]*([^\W\d_][^\n,;]{0,60})[ \t]*$", re.M)
_NAME_JOINER = re.compile(r"\s?[-–/]?\s?")  # "Denmark–Norway", "Denmark / Norway"
_COMMA = re.compile(r",?[ \t]*")
# Between a name and an event: the name reports it ("Leavitt said the president would travel"), not attends.
_REPORTED = re.compile(r"\b(?:said|says|told|tells|announced|announces|according|confirmed|reported|added)\b")
MAX_BACK = 5  # qualifiers before an event word
MAX_PARTY_WORDS = 8


class _Events:
    def __init__(self, text) -> None:
        self.text = text
        self.plain = text.plain
        self.words: list[Word] = words(text)
        self.word_starts = [word.start for word in self.words]
        self.sentence_of = sentence_index(text)
        self.dates = find_dates(self.plain, text.date, text.sentences)
        self.date_at = {date.start: date for date in self.dates}
        self.people = people(text)
        self.date_starts_list = [date.start for date in self.dates]
        self.headings: dict[int, bool] = {}  # line number -> whether the line is a heading
        self.line_starts = [0] + [match.end() for match in re.finditer("\n", self.plain)]
        # the people named in each sentence: (start, end, name), in order
        # the last word of each mention of a person: "Rubio travels to Riyadh" has a subject
        self.person_ends = {last for person in self.people for _, last in person.mentions}
        self.named_in: dict[int, list[tuple[int, int, str]]] = {}
        for person in self.people:
            for first, last in person.mentions:
                self.named_in.setdefault(self.sentence_of[first], []).append(
                    (self.words[first].start, self.words[last].end, person.name))
        for mentions in self.named_in.values():
            mentions.sort()

    def joined(self, index: int) -> bool:
        if index <= 0 or index >= len(self.words):
            return False
        gap = self.plain[self.words[index - 1].end:self.words[index].start]
        return 0 < len(gap) <= 3 and gap.strip(" \n'’") == "" and gap.count("\n") <= 1 \
            and (gap.strip(" \n") == "" or self.words[index - 1].lower.endswith("s"))

    def possessive(self, index: int) -> bool:
        """Whether a word follows a possessive: "the EU's 2026 budget"."""
        return 0 < index < len(self.words) and \
            self.plain[self.words[index - 1].end:self.words[index].start] in ("'s ", "’s ")

    def word_at(self, offset: int) -> int | None:
        index = bisect.bisect_left(self.word_starts, offset)
        return index if index < len(self.words) and self.words[index].start == offset else None

    def find(self) -> list[Proposal]:
        proposals = []
        taken_until = -1
        for index, word in enumerate(self.words):
            if word.start < taken_until:
                continue
            if word.lower in _GATHERING_VERBS and index > 0 and (
                    self.words[index - 1].lower in _AUXILIARIES or index - 1 in self.person_ends
                    or self.words[index - 1].lower in _SUBJECTS and self.joined(index)) and word.lower != "due" \
                    or word.lower == "due" and index > 0 and self.words[index - 1].lower in ("is", "are") \
                    and self.plain.startswith((" in ", " at "), word.end):  # "is due in Manila in early February"
                proposal = self.gathering(index)
                if proposal is not None:
                    proposals.append(proposal)
                    taken_until = proposal.end
                continue
            if word.lower not in EVENT_WORDS and not (
                    "-" in word.lower and word.lower.rsplit("-", 1)[1] in _HYPHENATED_EVENTS):
                continue  # "a mini-summit"
            if word.text[0].isupper() and index + 1 < len(self.words) and self.joined(index + 1) and self.joined(index) \
                    and self.words[index - 1].text[0].isupper() \
                    and self.words[index + 1].text[0].isupper() and self.words[index + 1].lower not in EVENT_WORDS \
                    and self.words[index + 1].start not in self.date_at:
                continue  # "the Joint Ministerial Monitoring Committee": a name that goes on
            if word.lower in ("call", "calls") and not (index > 0 and self.words[index - 1].lower in _CALL_KINDS):
                continue
            if index + 1 < len(self.words) and self.joined(index + 1) and self.words[index + 1].lower in EVENT_WORDS \
                    and not (word.lower == "round" and self.words[index + 1].lower != "table"):
                continue  # "summit meeting": the last event word heads the phrase
            if word.lower == "round" or (word.lower == "table" and not (
                    index > 0 and self.words[index - 1].lower == "round")):
                continue
            if word.lower in ("visit", "visits", "vote", "debate") and index > 0 and \
                    self.words[index - 1].lower in ("to", "will", "would", "could", "must", "should"):
                continue  # a verb, "to visit"
            proposal = self.event(index)
            if proposal is not None:
                proposals.append(proposal)
                taken_until = proposal.end
        listed = self.schedule_lists()
        if listed:
            starts = [q.start for q in listed]  # in order, one a line: no two overlap

            def overlaps(p: Proposal) -> bool:
                at = bisect.bisect_left(starts, p.end) - 1  # the last item starting before p ends
                return at >= 0 and listed[at].end > p.start

            proposals = [p for p in proposals if not overlaps(p)]
            proposals = sorted(proposals + listed, key=lambda p: p.start)
        return proposals

    def schedule_lists(self) -> list[Proposal]:
        """The items of a list under a date heading: "**Monday 10 November**" then
        "- 10:00 — Security Council open debate on the protection of civilians"."""
        plain = self.plain
        found: list[Proposal] = []
        heading_date: DateMention | None = None
        ends = self.line_starts[1:] + [len(plain) + 1]
        for line_start, next_start in zip(self.line_starts, ends):
            line_end = next_start - 1
            if line_end - line_start > 300:
                heading_date = None
                continue
            line = plain[line_start:line_end]
            stripped = line.strip()
            if not stripped:
                continue
            item = _LIST_ITEM.match(plain, line_start, line_end)
            if item is None:
                dates = self._dates_within(line_start, line_end)
                heading_date = dates[0] if dates and len(stripped) <= 60 and not stripped.endswith(".") else None
                continue
            if heading_date is None:
                continue
            content = plain[item.end():line_end].rstrip(" .;")
            if not content or not _SCHEDULE_WORD.search(content[:120]) or self._dates_within(item.end(), line_end):
                continue
            attributes = {"item": " ".join(content.split(", ")[0].split()), "when": heading_date.when}
            place = _TRAILING_PLACE.search(content)
            if place and len(place.group(1).split()) <= 3 and place.group(1)[0].isupper():
                attributes["where"] = place.group(1).strip()
            found.append(Proposal("agenda", item.end(), item.end() + len(content), attributes))
        return found

    def event(self, head: int) -> Proposal | None:
        words = self.words
        first = head
        capitalised_name = words[head].text[0].isupper()
        # qualifiers before the event word
        probe = head - 1
        steps = 0
        while probe >= 0 and self.joined(probe + 1) and steps < MAX_BACK:
            word = words[probe]
            lower = word.lower
            if lower in DETERMINERS:
                first = probe
                if probe > 0 and self.joined(probe) and words[probe - 1].lower in DETERMINERS:
                    first = probe - 1  # "the next Ecofin", "their next meeting"
                break
            if lower in ("and", "&") and probe > 0 and word.text == lower and words[probe - 1].text[0].isupper() \
                    and words[probe + 1].text[0].isupper() and self.joined(probe):
                first = probe  # "the Peace and Security Council"
                probe -= 1
                steps += 1
                continue
            if lower in FUNCTION_WORDS and lower not in _QUALIFIERS or lower in MONTHS or lower in WEEKDAYS:
                break
            if word.text[0].isupper() or lower in _QUALIFIERS or "-" in lower or lower.endswith(("al", "ic", "ive")) \
                    or lower in EVENT_WORDS and lower not in FUNCTION_WORDS:  # "a conference call"
                first = probe
                probe -= 1
                steps += 1
                continue
            break
        core_first = first + 1 if words[first].lower in DETERMINERS else first
        if core_first > head:
            core_first = head
        if first >= 2 and words[first - 1].lower == "of" and words[first - 2].lower in _ROUNDS \
                and self.joined(first) and self.joined(first - 1):
            # "a fresh round of indirect talks": the round is the event's name
            first = core_first = first - 2
            probe = first - 1
            while probe >= 0 and self.joined(probe + 1) and first - probe <= MAX_BACK:
                lower = words[probe].lower
                if lower in DETERMINERS:
                    first = probe
                    break
                if lower in _QUALIFIERS or lower.endswith(("th", "nd", "rd", "st")) and lower not in FUNCTION_WORDS:
                    first = core_first = probe
                    probe -= 1
                    continue
                break
        named = capitalised_name and core_first < head and all(
            words[i].text[0].isupper() for i in range(core_first, head + 1))
        if capitalised_name and core_first == head and head > 0 and not self.sentence_start(head):
            named = False
        end, where, date, parties, topic_end = self.extend(words[head].end)
        if named and self.heading(head):
            named = False  # "Challenges to Peace Negotiations" is a heading in title case
        if date is None:
            schedule = self.schedule_line(first, end)
            if schedule is not None:
                date, start_at, line_place = schedule
                first = self.word_at(start_at) if self.word_at(start_at) is not None else first
                if line_place and not where:
                    where, end = line_place
        start = words[first].start
        if date is None and not where:
            before = self.before_date(start)
            if before is not None:
                date = before
        if self.past(start, end, date):
            return None
        dated = date is not None and not _VAGUE_DATE.fullmatch(self.plain[date.start:date.end])
        # "will host the meeting": a bare "the meeting" is one the text has named already
        bare = words[first].lower in ("the", "this", "that") and core_first == head and topic_end == words[head].end
        # "a meeting of deputies will try...": an event the sentence goes on to schedule; "the Security
        # Council will vote" is a body that acts
        with_people = parties is not None and self.names_someone(parties)
        needed = not dated and (words[head].lower in _NAMED_ONLY or not (where or named or with_people))
        scheduled = needed and (not bare and self.may_be_scheduled(first)
                                and _SCHEDULED_BEFORE.search(self.plain, max(0, start - 50), start) is not None or (
            (words[first].lower in ("a", "an") or core_first < head or topic_end > words[head].end)
            and words[head].lower not in _NAMED_ONLY and _SCHEDULED_AFTER.match(self.plain, end) is not None))
        if words[head].lower in _NAMED_ONLY and not dated and not scheduled:
            return None  # "the Inuit Circumpolar Council", "the council this year": a body, not a meeting
        if not dated and not where and not named and not with_people and not scheduled:
            return None
        item_words = self.plain[words[core_first].start:topic_end]
        item = " ".join(item_words.split())
        item = item[:1].upper() + item[1:]
        attributes = {"item": item}
        if date is not None:
            attributes["when"] = date.when
        if where:
            attributes["where"] = where
        who = self.who(head, start, end, parties)
        if who:
            attributes["who"] = "; ".join(who)
        return Proposal("agenda", start, end, attributes)

    def may_be_scheduled(self, first: int) -> bool:
        """A quick test of the words before an event for _SCHEDULED_BEFORE's last words."""
        if first < 2:
            return False
        last = self.words[first - 1].lower
        if last in _SCHEDULING_PAIRS:
            return self.words[first - 2].lower in _SCHEDULING_PAIRS[last]
        return last in _SCHEDULING_LAST

    def before_date(self, start: int) -> DateMention | None:
        """A date the clause gives just before an event it is for: "gather in Brussels on
        Dec. 3 for a two-day ministerial"."""
        if not self.plain.endswith(("for ", "for\n"), max(0, start - 4), start):
            return None
        for date in reversed(self._dates_within(max(0, start - 60), start)):
            gap = self.plain[date.end:start]
            if _FOR_BEFORE.fullmatch(gap) or re.fullmatch(r"\s+(?:in|at)\s+[^\W\d_][\w’' -]{0,30}\s+for\s+", gap):
                return date
            break
        return None

    def past(self, start: int, end: int, date: DateMention | None) -> bool:
        """Whether the event is over: its date is before the source's, or the words say so."""
        published = self.text.date
        if date is not None and published is not None:
            last = date.when.split(" to ")[-1]
            if not (re.fullmatch(r"\d{4}-\d\d-\d\d", last) and last < published.isoformat()):
                return False
            # a date before the source's, unless the sentence speaks of the future ("will attend ... on December 30")
            index = min(bisect.bisect_right(self.word_starts, start), len(self.words) - 1)
            sentences = self.text.sentences
            sentence = self.sentence_of[index] if sentences else 0
            sentence_start = sentences[sentence][0] if sentences else 0
            return _FUTURE.search(self.plain, max(sentence_start, start - 200), end) is None
        return _PAST_AFTER.match(self.plain, end) is not None \
            or (self.plain.endswith(("'s ", "’s ", "after "), max(0, start - 6), start)
                and _PAST_BEFORE.search(self.plain, max(0, start - 30), start) is not None)

    def extend(self, end: int) -> tuple[int, str, DateMention | None, tuple[int, int] | None, int]:
        """The phrase's end after what attaches to it, its place, date, parties, and where
        its item's words end (a topic or the parties that name it belong to the item)."""
        where = ""
        date: DateMention | None = None
        parties: tuple[int, int] | None = None
        topic_end = end
        for _ in range(5):
            extended = self.attachment(end)
            if extended is None:
                break
            kind, new_end, value = extended
            if kind == "place" and not where:
                where = value
            elif kind == "date" and date is None:
                date = value
            elif kind == "parties" and parties is None:
                parties = value
                joining = self.plain[end:self.words[value[0]].start].strip().lower()
                if (not joining or joining == "of") and date is None and not where:
                    topic_end = new_end  # "Bilateral Denmark–Norway", "a meeting of the contact group"
            elif kind == "topic" and date is None and not where:
                topic_end = new_end
            elif kind == "verb":
                following = self.attachment(new_end)  # "is planned" counts only before a place or date
                if following is None or following[0] not in ("place", "date"):
                    break
            elif kind in ("place", "date", "parties"):
                break
            end = new_end
        return end, where, date, parties, topic_end

    def gathering(self, verb: int) -> Proposal | None:
        """An event told by its verb: "will gather in Tokyo from May 21 to 23", "will
        travel to Niamey next week", "to visit Kyiv on Monday"."""
        words = self.words
        lower = words[verb].lower
        end = words[verb].end
        where = ""
        if lower.startswith(("visit", "tour")) and verb + 1 < len(words) and self.joined(verb + 1) \
                and words[verb + 1].capitalised:
            place = self.place(verb + 1)
            if place is None:
                return None
            end, where = place
        parties = None
        if lower in _RECEIVING and verb + 1 < len(words) and self.joined(verb + 1):
            # "will receive his Chinese counterpart on Monday": whom, then a date
            last = verb + 1
            while last + 1 < len(words) and last - verb < 6 and self.joined(last + 1) \
                    and words[last + 1].lower not in _STOPS and words[last + 1].start not in self.date_at:
                last += 1
            if not any(words[i].capitalised or words[i].lower.startswith("counterpart") for i in range(verb + 1, last + 1)):
                return None
            following = self.attachment(words[last].end)
            if following is None or following[0] != "date":
                return None
            parties = (verb + 1, last)
            end = words[last].end
        if lower.startswith("meet") and verb + 1 < len(words) and self.joined(verb + 1) and words[verb + 1].capitalised:
            # "to meet Secretary of State Marco Rubio on Tuesday": who they meet, then when
            last = verb + 1
            while last + 1 < len(words) and last - verb < 6 and self.joined(last + 1) and (
                    words[last + 1].capitalised or words[last + 1].lower in ("of", "the", "and")):
                last += 1
            parties = (verb + 1, last)
            end = words[last].end
        new_end, new_where, date, more_parties, _ = self.extend(end)
        parties = parties or more_parties
        where = where or new_where
        if date is None and not where and not (
                lower.startswith("meet") and parties is not None and words[verb - 1].lower in ("to", "will")
                and self.names_someone(parties)):
            return None  # "is expected to meet Treasury Secretary Scott Bessent": a meeting with someone named
        if date is None and words[verb - 1].lower in _SUBJECTS:
            return None  # "Ministers gather in Tromsø": a headline's present, no date
        if self.past(words[verb].start, new_end, date):
            return None
        event = self.for_event(new_end)
        if event is not None:
            if date is not None:
                event.attributes.setdefault("when", date.when)
            if where:
                event.attributes.setdefault("where", where)
            return Proposal("agenda", words[verb].start, event.end, event.attributes)
        noun = _GATHERING_NOUNS[lower.rstrip("s") if lower.rstrip("s") in _GATHERING_NOUNS else lower]
        attributes = {"item": noun + (f" to {where}" if noun in ("Visit", "Trip") and where else "")}
        if date is not None:
            attributes["when"] = date.when
        if where:
            attributes["where"] = where
        who = self.who(verb, words[verb].end, new_end, parties)  # the verb itself says they attend
        if who:
            attributes["who"] = "; ".join(who)
        return Proposal("agenda", words[verb].start, new_end, attributes)

    def for_event(self, end: int) -> Proposal | None:
        """The event a gathering is for: "gather in Brussels on Dec. 3 [for a two-day ministerial]"."""
        match = re.match(r"\s+for\s+", self.plain[end:end + 8])
        if not match:
            return None
        index = self.word_at(end + match.end())
        if index is None:
            return None
        for head in range(index, min(index + 5, len(self.words))):
            if head > index and not self.joined(head):
                return None
            if head == index and self.words[head].lower in EVENT_WORDS:
                return None  # "for talks": the gathering's purpose, no more an event than the gathering
            if self.words[head].lower in EVENT_WORDS and self.words[head].lower not in ("call", "calls", "round"):
                if head + 1 < len(self.words) and self.joined(head + 1) and self.words[head + 1].lower in EVENT_WORDS:
                    continue
                attributes_end, where, date, _, topic_end = self.extend(self.words[head].end)
                item = " ".join(self.plain[self.words[index].start:topic_end].split())
                if self.words[index].lower in DETERMINERS:
                    item = " ".join(self.plain[self.words[index + 1].start:topic_end].split())
                attributes = {"item": item[:1].upper() + item[1:]}
                if date is not None:
                    attributes["when"] = date.when
                if where:
                    attributes["where"] = where
                return Proposal("agenda", self.words[index].start, attributes_end, attributes)
            if self.words[head].lower in FUNCTION_WORDS and self.words[head].lower not in DETERMINERS:
                return None
        return None

    def schedule_line(self, first: int, end: int) -> tuple[DateMention, int, tuple[str, int] | None] | None:
        """An event on a schedule's line, after its date: "- 16 June, 10:00: Opening session,
        Palais des Nations". Returns the date, where the span starts, and the place after a comma."""
        line = bisect.bisect_right(self.line_starts, self.words[first].start) - 1
        line_start = self.line_starts[line]
        if self.words[first].start - line_start > 80:
            return None  # a schedule's date and time are short
        lead = _SCHEDULE_LEAD.match(self.plain, line_start, self.words[first].start)
        date = self.date_at.get(lead.end())
        if date is None or date.end > self.words[first].start:
            return None
        if _SCHEDULE_REST.fullmatch(self.plain, date.end, self.words[first].start) is None:
            return None
        line_end = self.line_starts[line + 1] - 1 if line + 1 < len(self.line_starts) else len(self.plain)
        place = _TRAILING_PLACE.match(self.plain, end, line_end)
        found = None
        if place and place.end() == line_end or (place and self.plain[place.end():line_end].strip() == ""):
            found = (" ".join(place.group(1).split()).rstrip("."), place.end(1))
        return date, date.start, found

    def heading(self, index: int) -> bool:
        """Whether the word is on a line written in title case (a heading)."""
        line = bisect.bisect_right(self.line_starts, self.words[index].start) - 1
        found = self.headings.get(line)
        if found is None:
            line_end = self.line_starts[line + 1] if line + 1 < len(self.line_starts) else len(self.plain)
            line = self.plain[self.line_starts[line]:line_end]
            significant = [w for w in re.findall(r"[^\W\d_][\w'’-]*", line) if len(w) > 3]
            found = len(significant) >= 2 and sum(w[0].isupper() for w in significant) >= 0.8 * len(significant)
            self.headings[bisect.bisect_right(self.line_starts, self.words[index].start) - 1] = found
        return found

    def names_someone(self, parties: tuple[int, int]) -> bool:
        start, end = self.words[parties[0]].start, self.words[parties[1]].end
        return any(start <= mention_start and mention_end <= end
                   for mention_start, mention_end, _ in self.named_in.get(self.sentence_of[parties[0]], ()))

    def sentence_start(self, index: int) -> bool:
        return index == 0 or self.sentence_of[index] != self.sentence_of[index - 1]

    def attachment(self, end: int):
        """What follows an event phrase ending at `end`: ("place", end, where), ("date", end,
        DateMention), ("parties", end, (start, end)), ("topic", end, None), or None."""
        plain = self.plain
        rest = plain[end:end + 40]
        # a date straight after, after a comma (a schedule's "Sherpa meeting, 2 March"),
        # after "on" / "from" / "between", or after "opens on"
        match = _DATE_LEAD.match(rest)
        if match:
            date = self.date_at.get(end + match.end()) or self.date_at.get(end + match.end(1))
            if date is not None:
                return "date", date.end, date
        for date in self._dates_within(end, end + 40):  # "a press conference follows on 5 March"
            if _VERBS_BEFORE_DATE.search(plain, end, date.start) and "\n\n" not in plain[end:date.start] \
                    and re.fullmatch(r"[\w\s]*", plain[end:date.start]):
                return "date", date.end, date
        host = _HOSTED_BY.match(plain, end, end + 20)
        if host:
            # "a dinner hosted by the finance minister at 19:00": who gives it belongs to the item
            last = self.word_at(host.end())
            if last is None:
                return None
            first = last
            while last + 1 < len(self.words) and last - first < 5 and self.joined(last + 1) \
                    and self.words[last + 1].lower not in _STOPS and self.words[last + 1].start not in self.date_at:
                last += 1
            return "topic", self.words[last].end, None
        passive = _PASSIVE.match(plain, end, end + 40) or _PARTICIPLE.match(plain, end, end + 40)
        if passive:
            return "verb", passive.end(), None
        named = re.match(r"\s+(?=[^\W\d_])", rest)
        if named:
            # capitalised words, then a date: "Bilateral Denmark–Norway, 3 March"
            index = self.word_at(end + named.end())
            if index is not None and self.words[index].text[0].isupper() and index not in self.date_starts():
                last = index
                while last + 1 < len(self.words) and last - index < 3 and self.words[last + 1].text[0].isupper() \
                        and _NAME_JOINER.fullmatch(plain, self.words[last].end, self.words[last + 1].start) \
                        and last + 1 not in self.date_starts():
                    last += 1
                comma = _COMMA.match(plain, self.words[last].end)
                if self.date_at.get(comma.end()):
                    return "parties", self.words[last].end, (index, last)
        match = re.match(r"\s+(\w+)\s+", rest)
        if not match:
            return None
        preposition = match.group(1).lower()
        after = end + match.end()
        index = self.word_at(after)
        if index is None:
            return None
        if preposition in _PLACE_PREPOSITIONS or (preposition == "to" and self.is_trip(end)):
            place = self.place(index)
            if place is not None:
                return "place", place[0], place[1]
            return None
        if preposition in _PARTY_PREPOSITIONS:
            last = self.party_end(index)
            if last is not None:
                return "parties", self.words[last].end, (index, last)
        if preposition in _TOPIC_PREPOSITIONS or preposition in _PARTY_PREPOSITIONS:
            if self.words[index].lower in ("the", "a", "an", "its", "their") and index + 1 < len(self.words) \
                    and self.joined(index + 1) and self.words[index + 1].start not in self.date_at:
                index += 1  # "on the package", "with small island states"
            last = index
            count = 0
            while last + 1 < len(self.words) and (self.joined(last + 1) or self.possessive(last + 1)) and count < 4 \
                    and self.words[last + 1].lower not in FUNCTION_WORDS and self.words[last + 1].start - end < 60:
                last += 1
                count += 1
            if self.words[index].lower in FUNCTION_WORDS or self.words[index].start in self.date_at:
                return None
            return "topic", self.words[last].end, None
        return None

    def _dates_within(self, start: int, end: int) -> list[DateMention]:
        first = bisect.bisect_left(self.date_starts_list, start)
        found = []
        while first < len(self.dates) and self.dates[first].start < end:
            found.append(self.dates[first])
            first += 1
        return found

    def is_trip(self, end: int) -> bool:
        before = self.plain[max(0, end - 12):end].lower()
        return before.endswith(("visit", "visits", "trip", "tour", "travel", "travels", "fly", "flies", "head",
                                "heads", "heading", "return", "returns"))

    def place(self, index: int) -> tuple[int, str] | None:
        """A place after "in"/"at": capitalised words ("Paris", "the Munich Security
        Conference", "the spring Energy Council", "the Esbjerg converter station")."""
        words = self.words
        first = index
        if words[first].lower == "the" and first + 1 < len(words) and self.joined(first + 1):
            first += 1
            if not words[first].capitalised and first + 1 < len(words) and self.joined(first + 1) \
                    and words[first + 1].capitalised and words[first].lower not in FUNCTION_WORDS:
                first += 1  # "the spring Energy Council"
        word = words[first]
        if not word.capitalised or word.lower in MONTHS or word.lower in WEEKDAYS or word.lower in FUNCTION_WORDS and not (
                word.text == "New" and first + 1 < len(words) and self.joined(first + 1) and words[first + 1].capitalised):
            return None  # "New Delhi", "New York" are places
        if first in self.date_starts():
            return None
        last = first
        probe = first + 1
        while probe < len(words) and self.joined(probe) and probe - first <= 4:
            lower = words[probe].lower
            if (lower in PARTICLES or lower == "do") and probe + 1 < len(words) and self.joined(probe + 1) \
                    and words[probe + 1].capitalised:
                probe += 1  # "Rio de Janeiro"
                continue
            if not words[probe].capitalised or lower in FUNCTION_WORDS or lower in MONTHS or lower in WEEKDAYS:
                break
            last = probe
            probe += 1
        if last + 2 < len(words) and self.plain[words[last].end:words[last + 1].start] == ", " \
                and words[last + 1].capitalised and words[last + 1].lower not in FUNCTION_WORDS \
                and self.plain[words[last + 1].end:words[last + 1].end + 1] in (",", ".", ";") \
                and not country(words[last].lower) and words[last + 1].lower not in MONTHS \
                and words[last + 1].lower not in WEEKDAYS:
            last += 1  # "in Kananaskis, Alberta," / "in Brussels, Belgium."
        if words[index].lower == "the":
            # "the Esbjerg converter station," : a name, then a lowercase noun or two, then punctuation
            probe = last
            while probe + 1 < len(words) and self.joined(probe + 1) and probe - last < 2 \
                    and not words[probe + 1].capitalised and words[probe + 1].lower not in FUNCTION_WORDS:
                probe += 1
            if probe > last and self.plain[words[probe].end:words[probe].end + 1] in (",", ".", ";", "\n", ""):
                last = probe
        city = _CITY_OF.match(self.plain, words[last].end)
        if city is not None and words[index].lower == "the":
            named = self.word_at(city.end())
            if named is not None and words[named].capitalised:
                found = self.place(named)  # "in the Brazilian city of Foz do Iguaçu"
                if found is not None:
                    return found
        # "in The Hague": a capital The after "in" is the name's own
        where_start = words[index].start if words[index].text != "the" else words[index + 1].start
        where = " ".join(self.plain[where_start:words[last].end].split())
        return words[last].end, where

    def date_starts(self) -> set[int]:
        found = self.text.cache.get("date_word_indexes")
        if found is None:
            found = {index for index, word in enumerate(self.words) if word.start in self.date_at}
            self.text.cache["date_word_indexes"] = found
        return found

    def party_end(self, index: int) -> int | None:
        """The last word of "with European leaders on Ukraine war resolution" / "of A, B and C":
        up to the clause's end, a few words at most, holding a capitalised word."""
        words = self.words
        last = index
        capitalised = words[index].capitalised
        while last + 1 < len(words) and last - index < MAX_PARTY_WORDS:
            gap = self.plain[words[last].end:words[last + 1].start]
            if gap.strip(" ") not in ("", ",", "'s", "’s", "'", "’") or "\n\n" in gap \
                    or words[last + 1].start in self.date_at:
                break
            lower = words[last + 1].lower
            if lower in ("to", "that", "which", "who", "where", "while", "in", "at", "is", "are", "was", "were",
                         "will", "would", "as", "before", "after", "but"):
                break
            if gap.strip() == "," and not words[last + 1].capitalised:
                break
            last += 1
            capitalised = capitalised or words[last].capitalised
        if not capitalised or (words[index].lower in FUNCTION_WORDS and words[index].lower not in DETERMINERS):
            return None
        return last

    def who(self, head: int, start: int, end: int, parties: tuple[int, int] | None) -> list[str]:
        """The people taking part: those named in the event's "with"/"of" words, or named in
        its sentence before it when the sentence says they attend, meet, host..."""
        names: list[str] = []
        for mention_start, mention_end, name in self.named_in.get(self.sentence_of[head], ())[:50]:
            inside = parties is not None and self.words[parties[0]].start <= mention_start \
                and mention_end <= self.words[parties[1]].end
            before = mention_start < start and start - mention_end < 400 and _ATTENDING.search(
                self.plain, mention_end, start) is not None and _REPORTED.search(self.plain, mention_end, start) is None
            if (inside or before) and name not in names:
                names.append(name)
        return names


def propose(text) -> list[Proposal]:
    return _Events(text).find()
