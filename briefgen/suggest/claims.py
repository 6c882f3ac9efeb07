"""Key points, challenges and open questions: clauses found by cue phrases.

What analysts mark for these kinds is a clause: a sentence without its final stop,
without a leading connective or subordinate clause ("However, …", "While X, …"), without
a trailing attribution (", officials said on Monday"), and cut at ", but" / ", while"
/ ";" when the sentence joins two statements. A clause is proposed as
- a question when it says something is unclear, undisclosed, undecided, still being
  negotiated, or asks whether (also a sentence that is a question, or that starts with
  "Who/How/What …" and says it is open);
- a challenge when it reports a dispute, obstacle, risk, warning, concern or refusal;
- a key point when it is the lead (the body's first sentence, always a key point) or,
  being neither of the others, announces, confirms, plans or quotes something: at most
  MAX_KEY_POINTS an article, those nearest the top and with the most cues first.
A clause is one kind at most, the question first: "it is unclear whether the dispute
will end" asks; it does not report the dispute. The lead may be a key point and one
of the others.

Cues are matched on words, not with one large regular expression: each sentence is
split into words and each word is looked up (once per distinct word) in a table of
the cues that start with it; a sentence holding none of the cues' telling words is
passed over. Time is linear in the text whatever its shape, and no pattern here
repeats a group that can match in more than one way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..annotations import MAX_ANNOTATIONS
from . import Proposal, Text

MAX_KEY_POINTS = 4
# No analyst marks a clause this long; a longer "sentence" is a run-on text or a table.
MAX_SENTENCE = 1000
MIN_SENTENCE = 16  # characters: "Talks stalled." is about the shortest statement worth a span
# A line without final punctuation shorter than this is a heading, not a statement.
MIN_UNPUNCTUATED_WORDS = 8
GAP = 3  # the most words "…" in a cue stands for
# Key points come from the top of an article (news copy puts the news first).
KEY_SENTENCES = 40
# As many as a source may hold; a text that would give more is not news copy, and the
# rest of it is not read.
MAX_PROPOSALS = MAX_ANNOTATIONS

# -- cue phrases --
# Words separated by spaces; "a|b" alternatives; "x*" any word starting with x (at least
# three letters before the star); "…" up to GAP words. Lower case; ’ is read as '.

QUESTION_CUES = """
unclear | not … clear | unknown | not … known | nobody knows|knew | no one knows|knew | no-one knows|knew
uncertain | uncertainty | undecided | undetermined | unconfirmed | undisclosed | unspecified | unanswered
unsettled | in doubt | in question | open question* | questions remain*|persist*|linger* | remains|remain|remained open
not … disclosed|confirmed|announced|decided|determined|finalised|finalized|settled|specified|revealed|released|made|named|identified|explained|addressed|resolved|scheduled|fixed|set|agreed|discussed
not said|stated|indicated|specified | not yet|publicly said|stated|indicated|specified
nor disclosed|confirmed|announced|decided|revealed|specified
no decision|details|detail|timetable|timeline|date|deadline
did|does|do|would|will|could not say|specify|disclose|elaborate|explain|confirm|comment|reveal|indicate|answer|respond
didn't|doesn't|don't|wouldn't|won't|couldn't say|specify|disclose|elaborate|explain|confirm|comment|reveal|indicate|answer
declined|refused|declining|refusing to comment|say|confirm|specify|elaborate|discuss|disclose|name|answer|reveal|detail|identify|respond|give
no comment | yet to | remains|remain|remained to be seen | to be determined|decided|confirmed|announced|settled|clarified|finalised|finalized
still being|under negotiat*|discuss*|consider*|review|debate* | being negotiated|worked|finalised|finalized|debated
whether | asked how|when|what|who|why|if | hinge*|hinging on | depend|depends|depended|depending on | will|would|could determine|decide
potentially | possibly | perhaps | ambiguous | ambiguity | speculation
"""
QUESTION_EXCEPTIONS = """
regardless of whether | irrespective of whether | depending on the | not … clear-cut
"""

CHALLENGE_CUES = """
dispute* | disagree* | rift | rifts | clash* | tension* | friction* | strain* | contentious | controvers*
objection* | object|objects|objected to | oppose|opposes|opposed|opposing|opposition | resist* | reject* | refus*
obstacle* | hurdle* | barrier* | stumbling block* | sticking point* | bottleneck* | impasse | deadlock* | stalemate
stall|stalls|stalled|stalling | gridlock* | standoff | stand-off | setback* | roadblock* | hardest part
challenge|challenges|challenged|challenging
risk|risks|risked|risky|risking | threat* | danger* | jeopard* | undermin* | vulnerab* | warn|warns|warned|warning|warnings
caution|cautions|cautioned | concern|concerns|concerned | worry|worries|worried|worrying | fear|fears|feared|fearing
alarm|alarmed|alarming | anxious | anxiety | critic|critics|criticism|criticisms|criticise|criticised|criticize|criticized
complain* | protest* | boycott* | veto|vetoes|vetoed | mistrust | distrust | deficit* | suspicion* | sceptic* | skeptic*
doubt|doubts|doubted|doubtful | unresolved | conflicting | at odds | deeply|sharply|bitterly divided | divided over
divisions | divergen* | differences | gap|gaps | shortfall* | shortage* | lack|lacks|lacked|lacking | insufficient
inadequate | fail|fails|failed|failing|failure|failures | collaps* | delay|delays|delayed | postpone* | cancel*
block|blocks|blocked|blocking | hold|holds|held out | holdout* | walk|walks|walked out | escalat* | violat* | breach*
accus* | blame* | condemn* | hostile | hostility | tense | difficult* | complicat* | problem* | burden* | fraught | fragile | precarious
delicate | thorny | crisis | crises | not … accept|support|endorse|sign|join|recognise|recognize | cannot accept
rule|rules|ruled|ruling out | red line* | non-starter | demand|demands|demanded | insist* | pushback | push|pushed back
frustrat* | hamper* | hinder* | imped* | obstruct* | derail* | stymie* | constrain* | contested | not … easy
no agreement|consensus|progress|breakthrough|deal
"""
CHALLENGE_EXCEPTIONS = """
no doubt | without delay | not only | no problem | challenge trophy
"""

KEY_CUES = """
announce* | confirm|confirms|confirmed|confirming | agree|agrees|agreed|agreement | sign|signs|signed|signing
approve* | adopt* | launch* | unveil* | pledge* | commit|commits|committed|commitment | decide|decided|decision
will … host|chair|lead|meet|attend|visit|travel|hold|open|present|join|urge|sign|propose|deliver|send
plan|plans|planned|planning | set to | expected to | aim|aims|aimed to | ready|readiness to | urge|urges|urged
call|calls|called for | propose|proposes|proposed | backed | endorse* | reach|reaches|reached | deal
breakthrough | first | talks | summit | meeting | is|are central to
said|says|told|emphasized|emphasised|stressed|underscored|highlighted
"""


@dataclass(frozen=True)
class _Cue:
    elements: tuple  # per word: (exact words, prefixes), or None for a gap of up to GAP words

    def match_at(self, words: list[str], index: int) -> int:
        """Where the cue ends (a word index) if it starts at words[index], else -1."""
        return self._match(words, index, 0)

    def _match(self, words: list[str], index: int, element: int) -> int:
        if element == len(self.elements):
            return index
        wanted = self.elements[element]
        if wanted is None:  # a gap: try the fewest words first
            for skip in range(GAP + 1):
                end = self._match(words, index + skip, element + 1)
                if end != -1:
                    return end
            return -1
        if index < len(words) and _word_fits(words[index], wanted):
            return self._match(words, index + 1, element + 1)
        return -1


def _word_fits(word: str, wanted: tuple[frozenset[str], tuple[str, ...]]) -> bool:
    exact, prefixes = wanted
    return word in exact or any(word.startswith(p) for p in prefixes)


# Words too common to tell a sentence that may hold a cue ("in" of "in doubt").
_COMMON_WORDS = frozenset({
    "not", "no", "nor", "in", "to", "is", "are", "was", "were", "be", "been", "being", "will", "would",
    "could", "did", "does", "do", "yet", "still", "under", "the", "a", "an", "of", "on", "at", "for", "with",
    "and", "or", "it",
})


class _Cues:
    """Cue phrases of several lists, found in one pass by the first word of each."""

    def __init__(self, **specs: str) -> None:
        self.by_word: dict[str, list[tuple[str, _Cue]]] = {}
        self.by_prefix: dict[str, list[tuple[str, str, _Cue]]] = {}  # by a prefix's first three letters
        # each cue's least common word ("doubt" in "in doubt"): a sentence without any
        # cannot hold the cue, and most sentences are passed over by looking words up
        self.anchor_words: dict[str, set[str]] = {}
        self.anchor_prefixes: dict[str, list[tuple[str, str]]] = {}
        for name, spec in specs.items():
            for phrase in _phrases(spec):
                cue = _Cue(tuple(None if word == "…" else _alternatives(word) for word in phrase.split()))
                exact, prefixes = cue.elements[0]
                for word in exact:
                    self.by_word.setdefault(word, []).append((name, cue))
                for prefix in prefixes:
                    self.by_prefix.setdefault(prefix[:3], []).append((prefix, name, cue))
                exact, prefixes = next((e for e in cue.elements if e and (e[1] or not e[0] <= _COMMON_WORDS)),
                                       cue.elements[0])
                for word in exact:
                    self.anchor_words.setdefault(word, set()).add(name)
                for prefix in prefixes:
                    self.anchor_prefixes.setdefault(prefix[:3], []).append((prefix, name))
        self.starting: dict[str, tuple[tuple[str, _Cue], ...]] = {}  # a word -> the cues it may start
        self.anchoring: dict[str, frozenset[str]] = {}  # a word -> the lists with a cue it anchors

    def cues_starting(self, word: str) -> tuple[tuple[str, _Cue], ...]:
        found = self.starting.get(word)
        if found is None:
            found = tuple(self.by_word.get(word, ())) + tuple(
                (name, cue) for prefix, name, cue in self.by_prefix.get(word[:3], ()) if word.startswith(prefix))
            if len(self.starting) > 100_000:  # a text of made-up words: memory stays bounded
                self.starting.clear()
            self.starting[word] = found
        return found

    def may_hold(self, words: list[str], names: frozenset[str]) -> bool:
        """Whether these words may hold a cue of one of these lists (all their anchors)."""
        anchoring = self.anchoring
        for word in words:
            found = anchoring.get(word)
            if found is None:
                found = frozenset(self.anchor_words.get(word, ())) | frozenset(
                    name for prefix, name in self.anchor_prefixes.get(word[:3], ()) if word.startswith(prefix))
                if len(anchoring) > 100_000:
                    anchoring.clear()
                anchoring[word] = found
            if found and not found.isdisjoint(names):
                return True
        return False

    def find(self, words: list[str]) -> dict[str, list[tuple[int, int]]]:
        """For each list, every (first word, end word) where a cue of it matches, the
        longest at each start."""
        found: dict[str, list[tuple[int, int]]] = {}
        starting = self.starting
        for index, word in enumerate(words):
            cues = starting.get(word)
            if cues is None:
                cues = self.cues_starting(word)
            if not cues:
                continue
            best: dict[str, int] = {}
            for name, cue in cues:
                end = cue.match_at(words, index)
                if end > best.get(name, -1):
                    best[name] = end
            for name, end in best.items():
                found.setdefault(name, []).append((index, end))
        return found


def _phrases(spec: str) -> list[str]:
    """The phrases of a cue list: separated by " | " or a line break."""
    return [phrase.strip() for line in spec.strip().splitlines() for phrase in line.split(" | ") if phrase.strip()]


def _alternatives(word: str) -> tuple[frozenset[str], tuple[str, ...]]:
    choices = word.split("|")
    return (frozenset(c for c in choices if not c.endswith("*")),
            tuple(c[:-1] for c in choices if c.endswith("*")))


_CUES = _Cues(question=QUESTION_CUES, not_question=QUESTION_EXCEPTIONS, challenge=CHALLENGE_CUES,
              not_challenge=CHALLENGE_EXCEPTIONS, key=KEY_CUES)

_CLAIMS = frozenset({"question", "challenge"})
_CLAIMS_AND_KEYS = frozenset({"question", "challenge", "key"})

# "whether" after these opens a question that can be written out as "Whether …?"
_WHETHER_OPENERS = {"unclear", "clear", "known", "knows", "knew", "asked", "uncertain", "undecided", "seen",
                    "decided", "say", "said", "determine", "decide", "question", "doubt", "unknown"}

_WORD = re.compile(r"\w+(?:['’-]\w+)*")
_LIST_MARKER = re.compile(r"[ \t]*(?:[-*+•–][ \t]+|\d{1,3}[.)][ \t]+)")
# "WARSAW — ", "BRUSSELS, Feb 10 (Reuters) - ": a dateline before the lead's first word
_DATELINE = re.compile(r"[A-Z][A-Z .'’-]{1,30}(?:,[^—–\n]{1,25})?(?: \([A-Za-z .]{1,25}\))? ?[—–-]{1,2} ")
# Where a sentence joins two statements: the clauses a span may be cut to.
_CLAUSE_BREAK = re.compile(r";\s+|,\s+(?=(?:but|while|whereas|although|though|yet|even as|even though|despite)\s)")
# A leading word or phrase ending at a comma that is not part of the statement.
_CONNECTIVES = {
    "however", "meanwhile", "similarly", "moreover", "also", "nonetheless", "nevertheless", "instead", "still",
    "yet", "but", "and", "so", "overall", "additionally", "further", "furthermore", "separately", "earlier",
    "later", "reportedly", "indeed", "likewise", "in addition", "in response", "in turn", "at the same time",
    "for now", "by contrast", "in contrast", "on the other hand", "as a result", "to be sure", "still",
    "while", "although", "though", "despite", "amid", "amidst", "as", "after", "before", "since", "when",
    "even", "with", "without", "given", "if", "unless", "once", "until", "for", "in", "on", "at", "by",
    "according", "nearly", "almost", "two", "three", "last", "this", "next",
}
# An opening clause with a statement of its own (not a phrase: "Amid the talks, "), and
# the word that opens it, which its span leaves out
_SUBORDINATOR = re.compile(r"(?:while|although|though|even though|whereas|because|since|as|if|when)\s+(?=\w)",
                           re.IGNORECASE)
# The conjunction that opens a clause cut from its sentence at ", but" or after an
# opening clause, or (fewer words: "When the talks resume is unclear") the sentence.
_CONJUNCTION = re.compile(r"(?:but|and|yet|while|whereas|although|though|even though|even as)\s+(?=\w)",
                          re.IGNORECASE)
_SENTENCE_CONJUNCTION = re.compile(r"(?:but|and|yet)\s+(?=\w)", re.IGNORECASE)
_ATTRIBUTION_COMMA = re.compile(r",([\"”’']?) ")
_ATTRIBUTION = {"said", "says", "say", "told", "added", "argued", "argues", "noted", "notes", "wrote", "writes",
                "according", "reported", "reports", "stated", "explained", "claimed", "insisted", "stressed"}
_FINAL_STOP = re.compile(r"(?<![.!?])\.$|[,;:]$")
_STATEMENT_END = tuple(".!?\"'”’»)")
_WHETHER = re.compile(r"\bwhether\s+", re.IGNORECASE)
_WH_OPENERS = {"who", "what", "when", "where", "which", "how", "why", "whether"}
_OPEN_WORDS = {"remains", "remain", "remained", "is", "was", "are", "were", "unclear", "unknown", "open",
               "contested", "undecided", "uncertain"}


@dataclass
class _Clause:
    start: int  # offsets into the text
    end: int
    words: list[str]  # lower-case words, ’ read as '


def propose(text: Text) -> list[Proposal]:
    proposals: list[Proposal] = []
    key_candidates: list[tuple[int, _Clause]] = []  # (rank, clause)
    lead_found = False
    for number, (start, end) in enumerate(text.sentences):
        if len(proposals) >= MAX_PROPOSALS:
            break
        if not MIN_SENTENCE <= end - start <= MAX_SENTENCE:
            continue
        sentence = text.plain[start:end]
        if _is_heading(sentence, first=number == 0):
            continue
        words = _words(sentence)
        is_lead = False
        if not lead_found and sentence.endswith(_STATEMENT_END) and len(words) >= 6:
            lead_found = is_lead = True
        elif not (_CUES.may_hold(words, _CLAIMS if number >= KEY_SENTENCES else _CLAIMS_AND_KEYS)
                  or "?" in sentence or words and words[0] in _WH_OPENERS):
            continue  # most sentences: no cue, nothing to cut into clauses
        for clause in _clauses(text.plain, start, end, is_lead):
            cues = _CUES.find(clause.words)
            question = _question(text.plain, clause, cues)
            if question is not None:
                proposals.append(question)
            # one kind a clause: a question's cues are the more specific ("it is unclear
            # whether the dispute …" asks; it does not report the dispute)
            challenge = question is None and _unexcepted(cues, "challenge", "not_challenge")
            if challenge:
                proposals.append(Proposal("challenge", clause.start, clause.end, {}))
            if question is None and not challenge and not is_lead and number < KEY_SENTENCES and cues.get("key"):
                key_candidates.append((number - 2 * len(cues["key"]), clause))
        if is_lead:  # the news, whatever else it says
            lead = _clauses(text.plain, start, end, True, whole=True)
            if lead:
                proposals.append(Proposal("key", lead[0].start, lead[0].end, {}))
    room = MAX_KEY_POINTS - sum(1 for p in proposals if p.kind == "key")
    chosen = sorted(key_candidates, key=lambda pair: pair[0])[:max(0, room)]
    proposals += [Proposal("key", clause.start, clause.end, {}) for _, clause in chosen]
    return [p for p in proposals if _markup_safe(text.plain, p.start, p.end)]


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("’", "'"))


def _is_heading(sentence: str, first: bool) -> bool:
    """A Markdown heading, the first line when it is a headline (a .txt source's title),
    or a short line without final punctuation (a section heading)."""
    if sentence.lstrip().startswith("#"):
        return True
    if sentence.endswith(_STATEMENT_END):
        return False
    return first or len(_WORD.findall(sentence)) < MIN_UNPUNCTUATED_WORDS


def _clauses(plain: str, start: int, end: int, is_lead: bool, whole: bool = False) -> list[_Clause]:
    """The clauses of the sentence plain[start:end] that a span may mark."""
    marker = _LIST_MARKER.match(plain, start, end)
    if marker:
        start = marker.end()
    if is_lead:
        dateline = _DATELINE.match(plain, start, end)
        if dateline:
            start = dateline.end()
    stop = _FINAL_STOP.search(plain, max(start, end - 2), end)
    if stop:
        end = stop.start()
    pieces = []  # (start, end, the opening word the span leaves out)
    for piece_start, piece_end in [(start, end)] if whole else _split(plain, start, end):
        opener = _CONJUNCTION if piece_start > start else _SENTENCE_CONJUNCTION
        opening = _opening_clause(plain, piece_start, piece_end)
        if opening:  # "While the road is long, the talks go on": both may be marked
            if not whole and _SUBORDINATOR.match(plain, *opening[0]):  # not "Amid the talks, "
                pieces.append((*opening[0], _SUBORDINATOR))
            piece_start, opener = opening[1], _CONJUNCTION
        pieces.append((piece_start, piece_end, opener))
    clauses = []
    for piece_start, piece_end, opener in pieces:
        conjunction = opener.match(plain, piece_start, piece_end)
        if conjunction:
            piece_start = conjunction.end()
        piece_start, piece_end = _before_attribution(plain, piece_start, piece_end)
        piece_start, piece_end = _trimmed(plain, piece_start, piece_end)
        if piece_end - piece_start < 12:
            continue
        clauses.append(_Clause(piece_start, piece_end, _words(plain[piece_start:piece_end])))
    return clauses


def _split(plain: str, start: int, end: int) -> list[tuple[int, int]]:
    pieces = []
    for match in _CLAUSE_BREAK.finditer(plain, start, end):
        if _open_quote(plain, start, match.start()):
            continue  # inside a quotation: the speaker's sentence stays whole
        pieces.append((start, match.start()))
        start = match.end()
    pieces.append((start, end))
    return pieces


def _open_quote(plain: str, start: int, end: int) -> bool:
    segment = plain[start:end]
    return segment.count("“") > segment.count("”") or segment.count('"') % 2 == 1


def _opening_clause(plain: str, start: int, end: int) -> tuple[tuple[int, int], int] | None:
    """A leading "However, " or "While the road is long, " (up to 120 characters): the
    words of the opening clause, and where the main clause starts."""
    comma = plain.find(", ", start, min(end, start + 120))
    if comma == -1:
        return None
    first = _WORD.match(plain, start, comma)
    if first is None:
        return None
    opener = first.group().lower()
    lead = plain[start:comma].lower()
    if opener in _CONNECTIVES or lead in _CONNECTIVES or opener.endswith("ly") and " " not in lead:
        return (start, comma), comma + 2
    return None


def _before_attribution(plain: str, start: int, end: int) -> tuple[int, int]:
    """Before a trailing ", officials said on Monday", ", the author argues, citing …" or
    the '," said Jan Vermeer' after a quotation (whose opening quote then goes too)."""
    for comma in _ATTRIBUTION_COMMA.finditer(plain, start + 12, end):
        following = plain.find(",", comma.end(), end)
        words = plain[comma.end():following if following != -1 else end].lower().split()
        if len(words) <= 6 and any(word.strip(".") in _ATTRIBUTION for word in words):
            if comma.group(1) and plain[start] in "\"“‘'":
                start += 1
            return start, comma.start()
    return start, end


def _trimmed(plain: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (plain[start].isspace() or plain[start] in ",;:—–-"):
        start += 1
    while end > start and (plain[end - 1].isspace() or plain[end - 1] in ",;:—–-"):
        end -= 1
    return start, end


def _unexcepted(cues: dict[str, list[tuple[int, int]]], kind: str, exceptions: str) -> bool:
    """Whether a cue of this kind matches outside every exception ("no doubt" is not a doubt)."""
    blocked = set()
    for first, end in cues.get(exceptions, ()):
        blocked.update(range(first, end))
    return any(not blocked.issuperset(range(first, end)) for first, end in cues.get(kind, ()))


def _question(plain: str, clause: _Clause, cues: dict[str, list[tuple[int, int]]]) -> Proposal | None:
    words = clause.words
    ends_with_mark = plain[clause.start:clause.end + 1].rstrip().endswith("?")
    wh_open = bool(words) and words[0] in _WH_OPENERS and any(w in _OPEN_WORDS for w in words[1:])
    if not (ends_with_mark or wh_open or _unexcepted(cues, "question", "not_question")):
        return None
    attributes = {}
    if "whether" in words:
        at = words.index("whether")
        after = _WHETHER.search(plain, clause.start, clause.end)
        if at and words[at - 1] in _WHETHER_OPENERS and after and len(words) - at > 3:
            rest = " ".join(plain[after.end():clause.end].split()).rstrip(".,;:")
            attributes["text"] = f"Whether {rest}?"
    return Proposal("question", clause.start, clause.end, attributes)


def _markup_safe(plain: str, start: int, end: int) -> bool:
    """Whether "[" … "]{…}" around plain[start:end] leaves the Markdown as it was: no
    bracket, code span or escape cut in two."""
    words = plain[start:end]
    if words.endswith("\\") or words.count("`") % 2:
        return False
    depth = 0
    for char in words:
        if char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0

