"""Participants: people named with their titles and organisations, as news copy names them.

    Secretary of State Marco Rubio            title, then name
    Estonian Defence Minister Hanno Pevkur    country adjective, title, name
    Japan's finance minister, Aiko Tanaka     country's title, comma, name
    Mike Waltz, the national security adviser,    name, comma, title
    Radosław Sikorski said ...                name and a reporting verb
    Waltz underscored ...                     a surname, after the full name

The name is what is marked; role and org are attributes (role as the text words it,
capitalised; org from the country or organisation before the title, from "of Ukraine"
after it, or, for a title only the United States uses, from the text being about US
officials). A later mention by surname gets name="the full name". Places and
organisations are not people: a name is two or three capitalised words that are not
countries, months, titles or words of an organisation's name, unless a title or a
reporting verb vouches for one word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import Proposal
from .places import country
from .words import Word, words

# The word a title ends on (lowercased): "minister" in "Defence Minister".
HEADS = {
    "president", "minister", "secretary", "secretary-general", "chancellor", "advisor", "adviser", "envoy",
    "ambassador", "spokesman", "spokeswoman", "spokesperson", "senator", "governor", "mayor", "king", "queen",
    "prince", "princess", "emir", "pope", "director", "director-general", "commissioner", "representative",
    "chairman", "chairwoman", "chair", "chief", "ceo", "general", "admiral", "commander", "speaker", "premier",
    "president-elect", "counsellor", "counselor", "undersecretary", "minister-president", "diplomat",
    "negotiator", "head", "leader", "executive", "vice-president", "coordinator", "rapporteur", "sherpa",
    "attorney", "prosecutor", "justice", "lawmaker", "congressman", "congresswoman", "mp", "mep",
    "chairperson", "administrator", "registrar", "ombudsman", "auditor", "comptroller", "treasurer",
    "inspector", "superintendent", "counterpart", "neighbour", "neighbor", "president-designate", "minister-designate", "secretary-designate",
} | set()
# What experts are called when quoted: "Amina Diallo, a debt analyst at ...". Weak heads: they
# vouch for a name only joined to it by a comma ("X, an economist at Y") or with an organisation.
EXPERTS = {"analyst", "economist", "professor", "lecturer", "researcher", "fellow", "expert", "lawyer",
           "strategist", "scholar", "historian", "consultant", "academic", "spokesperson", "founder", "co-founder",
           "journalist", "reporter", "manager", "volunteer", "official", "editor", "commentator", "columnist", "activist", "campaigner"}
HEADS |= EXPERTS
# Heads that, lowercase, are too common a noun to vouch for a name after them.
_WEAK_HEADS = {"head", "leader", "chief", "general", "executive", "justice", "representative", "director",
               "chair", "speaker", "commander", "attorney"} | EXPERTS
# Words that qualify a title: its rank ("Deputy", "Prime") or its field ("Defence").
QUALIFIERS = {
    "vice", "deputy", "prime", "special", "lieutenant", "major", "brigadier", "rear", "colonel", "field", "senior", "chief", "acting", "interim", "first", "assistant", "under",
    "executive", "lead", "top", "high", "principal", "permanent", "press", "presidential", "royal", "crown",
    "state", "foreign", "defence", "defense", "finance", "financial", "treasury", "interior", "home", "justice",
    "health", "trade", "commerce", "energy", "climate", "environment", "agriculture", "economy", "economic",
    "economics", "education", "labour", "labor", "transport", "transportation", "digital", "culture", "security",
    "national", "homeland", "affairs", "development", "industry", "science", "technology", "infrastructure",
    "housing", "immigration", "veterans", "war", "petroleum", "fisheries", "budget", "european", "internal",
    "social", "public", "communications", "intelligence", "cabinet", "policy", "military", "defence-policy",
    "armed", "forces", "staff", "joint", "general", "attorney", "white", "house", "union", "oil", "gas",
    "communication", "information", "planning", "international", "relations", "cooperation", "integration",
    "regional", "legal", "peace", "nuclear", "arms", "control", "human", "rights", "refugees", "migration",
    "delegate", "minister", "secretary", "president", "operations", "investment", "markets", "market", "lending",
    "new", "incoming", "outgoing", "newly", "appointed", "elected", "former", "ex",
}
_NOT_ROLE = ("New ", "Incoming ", "Outgoing ", "Newly ", "Appointed ", "Elected ")
# Words after "of"/"for" in a title that are its field, not the start of a name:
# "Secretary of State Marco Rubio", "Minister for Climate and Energy Henrik Dalgaard".
FIELDS = QUALIFIERS | {"the", "and", "&"}
MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
          "dec"}
WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
# Words of organisations', places' and events' names: a run holding one is not a person.
INSTITUTION_WORDS = {
    "conference", "council", "house", "union", "bank", "office", "ministry", "department", "commission", "agency",
    "group", "news", "summit", "forum", "party", "court", "parliament", "assembly", "organization",
    "organisation", "institute", "university", "fund", "post", "times", "journal", "committee", "administration",
    "government", "company", "corporation", "inc", "ltd", "association", "alliance", "coalition", "federation",
    "foundation", "program", "programme", "service", "services", "force", "forces", "army", "navy", "guard",
    "airlines", "bureau", "centre", "center", "network", "media", "press", "kremlin", "pentagon", "capitol",
    "street", "square", "avenue", "road", "sea", "ocean", "river", "mountains", "island", "islands", "gulf", "bay",
    "strait", "canal", "station", "airport", "hotel", "palace", "hall", "building", "tower", "castle", "church",
    "mosque", "stadium", "park", "valley", "region", "province", "city", "county", "district", "republic",
    "kingdom", "empire", "emirates", "europe", "africa", "asia", "america", "americas", "middle", "east", "west",
    "north", "south", "western", "eastern", "northern", "southern", "central", "nations", "security", "defense",
    "defence", "treaty", "act", "plan", "initiative", "accord", "agreement", "declaration", "summit", "talks",
    "war", "conflict", "crisis", "market", "exchange", "reserve", "board", "authority", "operator", "operators",
    "grid", "compact", "meeting", "session", "plenary", "ministerial", "day", "week", "year", "month", "today",
    "club", "team", "league", "cup", "games", "olympics", "tv", "radio", "channel", "daily", "herald",
    "tribune", "gazette", "wire", "reuters", "bloomberg", "associated", "nato", "eu", "un", "g7", "g20",
    "introduction", "conclusion", "commentary", "analysis", "challenges", "expectations", "implications",
    "pathway", "thoughts", "participants", "agenda", "key", "final", "global", "leadership", "drive", "forward",
    "necessity", "involvement", "sources", "source", "officials", "ministers", "leaders", "state", "states",
    "roundtable", "dialogue", "platform", "partnership", "facility", "mechanism", "panel", "consortium",
    "aerospace", "systems", "technologies", "electronics", "automotive", "dynamics", "robotics", "hub", "ratings", "industries", "steel", "motors", "telecom", "telekom", "pharma", "chemicals", "mining",
    "resources", "insights", "airways", "petroleum", "logistics", "shipping", "sachs", "stanley", "chartered",
    "tinto", "aramco", "santander", "jazeera", "spiegel", "monde", "país", "nación",
    "college", "school", "academy", "faculty", "laboratory", "markets", "partners", "advisory", "consulting",
    "consultancy", "capital", "securities", "holdings", "research", "economics", "strategies", "associates",
    "division", "directorate", "secretariat", "unit", "mission", "delegation", "directors", "governors",
}
# Capitalised words that start sentences or headings, never names.
FUNCTION_WORDS = {
    "the", "a", "an", "and", "or", "but", "in", "on", "at", "for", "of", "to", "from", "by", "with", "as", "if",
    "it", "its", "this", "that", "these", "those", "there", "then", "than", "when", "while", "where", "who", "what",
    "why", "how", "he", "she", "they", "we", "i", "you", "his", "her", "their", "our", "my", "your", "mr", "mrs",
    "ms", "dr", "prof", "sir", "dame", "lord", "lady", "after", "before", "during", "despite", "amid", "among",
    "meanwhile", "however", "also", "still", "yet", "so", "not", "no", "yes", "all", "some", "many", "most",
    "both", "each", "every", "other", "another", "such", "only", "even", "just", "about", "over", "under", "into",
    "per", "via", "said", "says", "according", "reportedly", "officials", "ministers", "nobody", "everyone",
    "several", "one", "two", "three", "later", "earlier", "last", "next", "new", "former", "late", "will",
    "would", "can", "could", "should", "may", "might", "must", "has", "have", "had", "is", "are", "was", "were",
    "be", "been", "being", "do", "does", "did", "attending", "following", "signing", "bilateral", "trilateral",
    "site", "visit", "investors", "sherpa", "wire", "by", "for", "with",
}
# Honorifics written before a name (not part of it, nor a role): "Dato' Seri Mohamad Hasan".
HONORIFICS = {"dato", "datuk", "seri", "tun", "sheikh", "sheikha", "his", "her", "highness", "excellency",
              "hon", "honourable", "honorable", "mr", "mrs", "ms", "dr", "prof", "sir", "dame", "lord", "lady", "h.e"}
FUNCTION_WORDS |= HONORIFICS - {"sheikh", "sheikha"}  # "Hassan Sheikh Mohamud"
# Lowercase words inside a name: "Pieter van Rijn", "Ursula von der Leyen", "Mohammed bin Salman".
PARTICLES = {"van", "von", "der", "den", "de", "da", "do", "di", "du", "del", "della", "dos", "das", "la", "le", "bin",
             "bint", "ibn", "al", "el", "ter", "ten", "zu", "y", "st", "af", "op"}
# What a person does in news copy right after being named.
REPORTING_VERBS = {
    "said", "says", "told", "tells", "added", "adds", "warned", "warns", "argued", "argues", "noted", "notes",
    "stressed", "stresses", "urged", "urges", "announced", "announces", "confirmed", "confirms", "emphasized",
    "emphasised", "emphasizes", "emphasises", "underscored", "underscores", "highlighted", "highlights",
    "insisted", "insists", "asked", "asks", "answered", "answers", "replied", "replies", "wrote", "writes",
    "tweeted", "posted", "spoke", "speaks", "met", "meets", "arrived", "arrives", "attends", "attended", "joins",
    "joined", "hosted", "hosts", "chaired", "chairs", "visited", "visits", "called", "calls", "accused",
    "criticized", "criticised", "welcomed", "welcomes", "rejected", "rejects", "backed", "backs", "proposed",
    "proposes", "cautioned", "cautions", "predicted", "acknowledged", "admitted", "declined", "declines", "denied",
    "denies", "suggested", "suggests", "signaled", "signalled", "pledged", "pledges", "promised", "promises",
    "vowed", "vows", "expects", "hopes", "believes", "believed", "explained", "explains", "described", "claimed",
    "claims", "stated", "states", "remarked", "observed", "agreed", "agrees", "signed", "signs", "travelled",
    "traveled", "travels", "leads", "led", "heads", "headed", "announced", "briefed", "thanked", "praised",
    "condemned", "dismissed", "questioned", "conceded", "recalled", "reiterated", "repeated", "responded",
    "countered", "alluded", "outlined", "presented", "unveiled", "launched", "opened", "closed", "left",
    "returned", "departed", "landed", "phoned", "wants", "wanted", "thinks", "thought", "sees", "saw", "knows",
    "will", "would", "has", "had", "is", "was", "could", "should", "may", "might", "must", "can", "did", "does",
    "also", "then", "later", "earlier", "on", "took", "takes", "became", "becomes", "remains", "remained", "won",
    "faces", "faced", "sought", "seeks", "plans", "planned", "tried", "tries", "refused", "refuses", "held",
    "holds", "made", "makes", "gave", "gives", "sent", "spent", "used", "resigned", "served", "oversees",
    "oversaw", "pushed", "pressed", "raised", "offered", "demanded", "recently", "himself", "herself",
    "reportedly", "told", "voiced", "expressed", "sounded", "struck", "chose", "decided", "insisted",
}
# Verbs that come before the speaker's name after a quotation: '"...," said Christine Lagarde.'
_SAID = {"said", "says", "added", "adds", "told", "wrote", "asked", "warned", "insisted", "noted", "explained"}
# What only a person has: "Sabine Weyand's successor".
_OWNED = {"successor", "predecessor", "wife", "husband", "son", "daughter", "remarks", "comments", "resignation",
          "re-election", "aides", "aide", "deputy", "chief", "nomination", "appointment", "dismissal", "death",
          "arrest", "trial", "memoir", "predecessors", "ouster", "impeachment", "term", "tenure", "mandate"}
_ARTICLES = {"el", "le", "la", "les", "los", "las", "der", "die", "das", "il", "lo", "al", "ras"}
_PLACE_NOUNS = {"city", "town", "village", "port", "province", "region", "state", "capital", "island", "islands",
               "district", "county", "municipality", "suburb", "resort", "outskirts", "streets"}
# Participles before "by" and a name: "a delegation led by X", "the talks, chaired by X".
_BY = {"led", "chaired", "headed", "hosted", "signed", "joined", "represented", "accompanied", "opened",
       "moderated", "convened", "co-chaired", "co-hosted", "introduced", "presented", "issued", "delivered",
       "replaced", "succeeded", "endorsed", "organised", "organized", "briefed", "welcomed", "received"}
# A surname used as an adjective ("the Trump administration") names no one present.
_ADJECTIVAL = {"administration", "government", "campaign", "era", "team", "camp", "doctrine", "plan",
               "presidency", "cabinet", "aides", "allies", "officials", "years", "policy", "policies", "tariffs",
               "family", "foundation", "organization", "white", "house"}
# Text about US officials: a title only the US uses takes org="United States".
_US_CONTEXT = re.compile(r"\b(?:US|U\.S\.|USA|United States|American|Americans|Washington|White House|Pentagon)\b")
# Titles only the United States uses (lowercased, as written): "Secretary of State"
# alone, without "for" (the British "Secretary of State for Defence" has it).
_US_TITLE = re.compile(
    r"(?:(?:deputy |under |assistant |acting )?secretary of (?:the )?(?:state|defense|treasury|commerce|energy|agriculture|labor|interior|transportation"
    r"|homeland security|veterans affairs|war|education|health and human services|housing and urban development)"
    r"|(?:deputy |acting )?(?:defense|treasury|commerce|energy|agriculture|labor|interior|transportation"
    r"|homeland security|war) secretary|national security advis[oe]r|vice president|attorney general|white house .+)")
# Lowercase words of a title that are institutions capitalised: "central bank governor", "army chief".
_LOWER_QUALIFIERS = {"central", "bank", "mission", "parliament", "parliamentary", "senate", "assembly", "army", "navy", "police", "party", "opposition", "union", "commission",
                     "council", "board", "fund", "agency", "ministry", "government", "cabinet", "committee"}
# Words of organisations' names that also name people: "Ministers Johan Forssell of Sweden".
_PEOPLE_WORDS = {"ministers", "leaders", "officials", "participants", "sources", "directors", "governors"}
_DETERMINERS = {"the", "its", "his", "her", "their", "whose"}
_NOT_INITIALS = {"u.s.", "u.n.", "e.u.", "u.k.", "a.m.", "p.m.", "d.c.", "n.y."}
_SMALL = {"of", "for", "the", "and", "on", "in", "to"}
# Titles news copy abbreviates before a name, and the role each stands for ("" for honorifics).
ABBREVIATED_TITLES = {
    "sen": "Senator", "rep": "Representative", "gov": "Governor", "gen": "General", "adm": "Admiral",
    "lt": "Lieutenant", "col": "Colonel", "maj": "Major", "capt": "Captain", "amb": "Ambassador",
    "pres": "President", "mr": "", "mrs": "", "ms": "", "dr": "", "prof": "", "sir": "", "dame": "",
}
# Words of cities' and regions' names that are two words long ("Hong Kong said"): not people.
_PLACE_WORDS = {"kong", "delhi", "aviv", "dhabi", "kuala", "lumpur", "buenos", "aires", "addis", "ababa",
                "angeles", "francisco", "paulo", "janeiro", "domingo", "moresby", "phnom", "penh",
                "salvador", "lanka", "gaza", "strip", "bank", "sahel", "donbas", "crimea", "balkans", "baltics",
                "caucasus", "kosovo", "transnistria", "kashmir"}
# "External Affairs Minister", "Parliamentary State Secretary": adjectives in a title
_ADJECTIVE_ENDINGS = ("al", "ary", "ic", "ive", "ial")
# Family names written first in Chinese, Korean and Vietnamese names: "Pan Gongsheng" is Pan later.
SURNAME_FIRST = {
    "wang", "li", "zhang", "liu", "chen", "yang", "huang", "zhao", "wu", "zhou", "xu", "sun", "ma", "zhu", "hu",
    "guo", "he", "lin", "luo", "gao", "zheng", "liang", "xie", "song", "tang", "han", "feng", "deng", "cao",
    "peng", "zeng", "xiao", "tian", "dong", "pan", "yuan", "cai", "jiang", "yu", "du", "ye", "cheng", "wei", "su",
    "lu", "ding", "ren", "shen", "yao", "lan", "xi", "qin", "wen", "fu", "fang", "bai", "kong", "mao", "zou",
    "kim", "lee", "park", "choi", "jung", "kang", "cho", "yoon", "jang", "lim", "shin", "seo", "kwon", "hwang",
    "ahn", "yoo", "hong", "jeon", "ko", "moon", "son", "bae", "baek", "heo", "nam", "noh", "kwak", "cha", "woo",
    "koo", "rhee", "min", "ryu", "chung", "yun", "oh", "nguyen", "tran", "le", "pham", "hoang", "phan", "vu",
    "vo", "dang", "bui", "ngo", "duong", "gan", "goh", "ng", "teo", "tan", "ong", "chan", "wong", "lau",
    "leung", "cheung", "ho", "yeo", "koh", "chua", "toh", "tay", "heng", "chee", "lai", "kwan",
}
MAX_NAME_WORDS = 4  # more capitalised words in a row is a heading in title case, not a name
MAX_TITLE_WORDS = 8  # "Deputy Minister for Climate and Energy": longer runs are not one title


@dataclass
class Person:
    name: str  # as first written in full
    words: tuple[str, ...]
    role: str = ""
    org: str = ""
    mentions: list[tuple[int, int]] = field(default_factory=list)  # (first word index, last word index)


class _Finder:
    def __init__(self, text) -> None:
        self.text = text
        self.plain = text.plain
        self.words: list[Word] = words(text)
        self.people: dict[str, Person] = {}  # by name, lowercased
        self.claimed: set[int] = set()  # word indexes already part of a found mention
        self.us_context = _US_CONTEXT.search(self.plain) is not None

    # ---- words and what lies between them ----

    def gap(self, index: int) -> str:
        """The characters between word index-1 and word index."""
        start = self.words[index - 1].end if index > 0 else 0
        return self.plain[start:self.words[index].start] if index < len(self.words) else self.plain[start:start + 80]

    def joined(self, index: int) -> bool:
        """Word index-1 and word index are in one phrase: only spaces (and one line break) between."""
        if index <= 0 or index >= len(self.words):
            return False
        gap = self.gap(index)
        if gap == ". ":  # an initial: "S. Jaishankar", "John F. Kennedy"
            before = self.words[index - 1].text
            return (len(before) == 1 and before.isupper()) or before in ("Md", "Mohd", "Muhd", "Ma")
        return 0 < len(gap) <= 3 and gap.strip(" \n") == "" and gap.count("\n") <= 1

    def possessive_after(self, index: int) -> bool:
        following = self.plain[self.words[index].end:self.words[index].end + 2]
        return following in ("'s", "’s")

    def is_name_word(self, index: int) -> bool:
        word = self.words[index]
        text = word.text
        lower = word.lower
        if not word.capitalised:
            # "el-Sisi", "al-Assad": a particle joined to a capitalised name
            prefix, _, rest = text.partition("-")
            return prefix.lower() in PARTICLES and rest[:1].isupper()
        if len(text) == 1 and text.isupper() and self.plain[word.end:word.end + 1] == "." and index + 1 < len(self.words) \
                and self.joined(index + 1):
            return True  # a middle initial: "Akinwumi A. Adesina"
        if lower in FUNCTION_WORDS or lower in MONTHS or lower in WEEKDAYS or lower in _PLACE_WORDS:
            return False
        if lower in HEADS or lower in QUALIFIERS or lower in INSTITUTION_WORDS or country(lower):
            return False
        if len(text) == 4 and text[1] == text[3] == "." and lower not in _NOT_INITIALS:
            return True  # "H.A. Hellyer"
        if lower[-1:] == "s" and lower[:-1] in HEADS:  # "Directors", "Governors"
            return False
        if "." in text and len(text) > 4:  # U.S.A.-like abbreviations
            return False
        if text.isupper() and len(text) > 2 and not word.caseless:
            return False  # an acronym (NATO, NBC), not a name; initials "JD" pass
        if any(ch.isdigit() for ch in text):
            return False
        return True

    # ---- a name's words ----

    def name_forward(self, index: int) -> tuple[int, int] | None:
        """The name starting at word index: 1 to 3 name words (particles between them)."""
        if index >= len(self.words) or not self.is_name_word(index):
            return None
        last = index
        count = 1
        probe = index + 1
        while probe < len(self.words) and self.joined(probe) and not self.possessive_after(last):
            if self.is_name_word(probe):
                count += 1
                last = probe
                probe += 1
            elif self.words[probe].lower in PARTICLES and self.particles_then_name(probe):
                probe += 1
            else:
                break
            if count > MAX_NAME_WORDS:
                return None
        if probe < len(self.words) and self.joined(probe) and self.words[probe].capitalised \
                and not self.possessive_after(last) and self.words[probe].lower not in HEADS:
            return None  # runs into more capitalised words: a heading or an organisation
        return index, last

    def particles_then_name(self, index: int) -> bool:
        """Whether the particles from word index lead to a name word: "von der Leyen"."""
        probe = index
        while probe < len(self.words) and probe - index < 3 and self.words[probe].lower in PARTICLES:
            probe += 1
            if probe >= len(self.words) or not self.joined(probe):
                return False
        return probe < len(self.words) and self.is_name_word(probe)

    def name_backward(self, index: int) -> tuple[int, int] | None:
        """The name ending at word index (2 or 3 words, or a word of a script without capitals)."""
        if index < 0 or not self.is_name_word(index):
            return None
        first = index
        count = 1
        probe = index - 1
        while probe >= 0 and self.joined(probe + 1) and count < MAX_NAME_WORDS:
            if self.is_name_word(probe):
                first = probe
                count += 1
            elif self.words[probe].lower in PARTICLES and probe > 0 and self.joined(probe) \
                    and self.is_name_word(probe - 1):
                pass
            else:
                break
            probe -= 1
        if probe >= 0 and self.joined(probe + 1) and self.words[probe].capitalised \
                and self.words[probe].lower not in FUNCTION_WORDS and self.words[probe].lower not in HEADS:
            return None
        if count < 2 and not self.words[index].caseless:
            return None
        return first, index

    # ---- titles ----

    def title_at(self, head: int) -> tuple[int, int, int] | None:
        """The title around a head word: (first word, last word of the title, last head).
        Qualifiers before the head in the same case, then more heads ("Secretary General")."""
        words = self.words
        upper = words[head].text[0].isupper()
        last = head
        probe = head + 1
        while probe < len(words) and probe - head < MAX_TITLE_WORDS and self.joined(probe) and words[probe].lower in HEADS \
                and words[probe].text[0].isupper() == upper:
            last = probe
            probe += 1
        first = head
        probe = head - 1
        while probe >= 0 and head - probe <= MAX_TITLE_WORDS and self.joined(probe + 1) \
                and (words[probe].lower in QUALIFIERS or words[probe].lower in HEADS
                     # "deputy prime minister and foreign minister"
                     or (words[probe].lower == "and" and probe > 0 and words[probe - 1].lower in HEADS
                         and self.joined(probe) and words[probe - 1].text[0].isupper() == upper)
                     or (upper and words[probe].lower.endswith(_ADJECTIVE_ENDINGS) and not country(words[probe].lower))
                     or (not upper and words[probe].lower in _LOWER_QUALIFIERS)) \
                and (words[probe].text[0].isupper() == upper or words[probe].lower == "and") \
                and not self.possessive_after(probe):
            first = probe
            probe -= 1
        return first, last, head

    def field_after(self, last: int) -> tuple[int, str, str] | None:
        """What "of"/"for" adds to a title: (its last word index, the words for the role,
        the organisation it names). "Secretary of State", "Minister for Climate and
        Energy", "Special Envoy for Ukraine and Russia" extend the role; "President of
        Ukraine", "president of the European Central Bank" name the organisation."""
        words = self.words
        probe = last + 1
        if probe >= len(words) or not self.joined(probe) or words[probe].lower not in ("of", "for", "to", "on"):
            return None
        preposition = words[probe].lower
        run: list[int] = []
        probe += 1
        while probe < len(words) and len(run) < MAX_TITLE_WORDS and self.joined(probe) \
                and (words[probe].text[0].isupper() or words[probe].lower in ("the", "and", "&")):
            run.append(probe)
            probe += 1
        while run and words[run[-1]].lower in ("the", "and", "&"):
            run.pop()
        if not run:
            return None

        def phrase(count: int) -> str:
            text = " ".join(self.plain[words[run[0]].start:words[run[count - 1]].end].split())
            return text[4:] if text.lower().startswith("the ") else text

        fields = 0  # leading words that are a field: "State", "Climate and Energy", "the Treasury"
        while fields < len(run) and (words[run[fields]].lower in FIELDS
                                     or (preposition != "of" and country(words[run[fields]].lower))):
            fields += 1
        while fields and words[run[fields - 1]].lower in ("the", "and", "&"):
            fields -= 1
        institution = 0  # up to the last word of an organisation's name: "the European Central Bank"
        for count in range(1, min(len(run), 6) + 1):
            if words[run[count - 1]].lower in INSTITUTION_WORDS and words[run[count - 1]].lower not in FIELDS:
                institution = count
        if institution > fields:
            return run[institution - 1], "", phrase(institution)
        if preposition == "of":
            for count in (3, 2, 1):
                if count <= len(run) and country(phrase(count)):
                    return run[count - 1], "", country(phrase(count)) or ""
        if not fields and preposition in ("for", "of") and self.plain[words[run[-1]].end:words[run[-1]].end + 1] == ",":
            fields = len(run)  # "special envoy for the Sahel, Mamadou Tangara": all of it, up to the comma
        if fields:
            return run[fields - 1], _title_case(
                f"{preposition} " + " ".join(self.plain[words[run[0]].start:words[run[fields - 1]].end].split())), ""
        return None

    def org_before(self, first: int) -> tuple[int, str]:
        """The organisation named just before a title: "Estonian", "Japan's", "US", "NATO",
        "the African Union's", "ECOWAS Commission". Returns (its first word index, the org)."""
        words = self.words
        last = first - 1
        possessive = last >= 0 and self.gap(first) in ("'s ", "’s ")
        if last < 0 or not (self.joined(first) or possessive) or not words[last].capitalised:
            return first, ""
        run_first = last
        while run_first > 0 and last - run_first < 4 and self.joined(run_first) and words[run_first - 1].capitalised \
                and words[run_first - 1].lower not in FUNCTION_WORDS and not self.possessive_after(run_first - 1):
            run_first -= 1
        for start in range(run_first, last + 1):  # the longest first
            text = " ".join(self.plain[words[start].start:words[last].end].split())
            found = country(text)
            if found:
                return start, found
            run = words[start:last + 1]
            if any(word.lower in INSTITUTION_WORDS for word in run) and not all(
                    word.lower in QUALIFIERS for word in run):
                return start, text  # "European Commission", "the African Union's"
            if len(run) == 1 and run[0].text.isupper() and 2 <= len(run[0].text) <= 6 and run[0].text.isalnum() \
                    and run[0].text[0].isalpha():
                return start, run[0].text  # NATO, IMF, OSCE
        return first, ""

    # ---- the patterns ----

    def find(self) -> None:
        words = self.words
        for index, word in enumerate(words):
            if word.lower in HEADS and index not in self.claimed:
                self.titled(index)
        for index, word in enumerate(words):
            if word.lower in ABBREVIATED_TITLES and index not in self.claimed:
                self.abbreviated(index)
        for index, word in enumerate(words):
            if word.lower[-1:] == "s" and word.lower[:-1] in HEADS and index not in self.claimed:
                self.listed(index)
        for index in range(len(words)):
            if index not in self.claimed:
                self.reported(index)
        self.mentions()

    def titled(self, head: int) -> None:
        words = self.words
        first, last, _ = self.title_at(head)
        if last != head and words[last].lower in HEADS:
            head = last
        capitalised = words[head].text[0].isupper()
        field_found = self.field_after(last)
        title_end = field_found[0] if field_found else last
        role_words = self.plain[words[first].start:words[last].end]
        role = _title_case(" ".join(role_words.split()))
        while role.startswith(_NOT_ROLE):  # "South Korea's new foreign minister"
            role = role.split(" ", 1)[1]
        if words[head].lower in ("counterpart", "neighbour", "neighbor"):  # "his Argentine counterpart, X": the org, not a role
            role = ""
        org_first, org = self.org_before(first)
        if field_found:
            if field_found[1]:
                role += " " + field_found[1]
            org = org or field_found[2]
        if not org and self.us_context and _US_TITLE.fullmatch(role.lower()):
            org = "United States"
        # "Orban's spokesman, Zoltan Kovacs": whose title it is vouches for it, a person or not
        owned = first > 0 and self.gap(first) in ("'s ", "’s ") and words[first - 1].capitalised
        if not org and not capitalised:
            # "Bundesbank chief Joachim Nagel", "Indian Oil chairman Arvinder Singh Sahney"
            start = first
            while start > 0 and first - start < 3 and self.joined(start) and words[start - 1].text[0].isupper() \
                    and words[start - 1].lower not in FUNCTION_WORDS and words[start - 1].lower not in HEADS \
                    and not words[start - 1].caseless and not self.possessive_after(start - 1):
                start -= 1
            if start < first and not (start > 0 and self.joined(start) and words[start - 1].text[:1].isupper()):
                org_first, org = start, " ".join(self.plain[words[start].start:words[first - 1].end].split())
        # a bare common noun ("chief", "analyst") vouches for no name; "army chief" or "Kenya's chief" does
        weak = not capitalised and words[head].lower in _WEAK_HEADS and not org and first == head
        # title, then the name: "Secretary of State Marco Rubio", "Japan's finance minister, Aiko Tanaka"
        after = title_end + 1
        name = None
        joined = self.joined(after)
        lead_gap = self.gap(after) if after < len(words) else ""
        # "Foreign Minister Dato' Seri Mohamad Hasan": honorifics between the title and the name
        while (joined or self.gap(after) == ", ") and after + 1 < len(words) and words[after].lower in HONORIFICS \
                and self.gap(after + 1) in (" ", "' ", ". ", "’ "):
            after += 1
        if weak and first > 0 and words[first - 1].lower in _DETERMINERS and self.gap(after).strip() == ",":
            weak = False  # "Egypt sent its intelligence chief, Hassan Rashad."
        if after < len(words) and not weak:
            gap = lead_gap
            if joined and (capitalised or org or owned or first != head):
                name = self.name_forward(after)
                if name is None and capitalised:
                    name = self.family_name_first(after)  # "Vice Premier He Lifeng"
                if name and not capitalised and self.name_is_short(name) and not words[name[0]].caseless:
                    name = None  # "the minister Paris" is not a name; lowercase titles want a full name
            elif gap.strip() == "," and (org or owned or (first > 0 and words[first - 1].lower in _DETERMINERS)):
                name = self.name_forward(after)  # "The Secretary of State, Marco Rubio,"
                if name and self.name_is_short(name):
                    name = None
        if name is None:
            # name, comma, title: "Mike Waltz, the national security adviser,"
            before = org_first - 1
            if not capitalised:  # "a business journalist", "an associate professor": words before the title
                probe = before
                while probe >= 0 and before - probe < 2 and words[probe].text.islower() \
                        and (words[probe].lower not in FUNCTION_WORDS or words[probe].lower == "former") \
                        and self.joined(probe + 1):
                    probe -= 1
                if probe < before and probe >= 0 and words[probe].lower in ("a", "an") and self.joined(probe + 1):
                    before = probe
            if before >= 0 and words[before].lower in ("the", "a", "an") and self.joined(before + 1):
                before -= 1
            if before >= 0 and self.gap(before + 1).strip() == "," and "\n" not in self.gap(before + 1):
                name = self.name_backward(before)
        if name is None:
            return
        self.add(name, role, org)
        self.claimed.update(range(min(first, name[0]), max(title_end, name[1]) + 1))

    def abbreviated(self, index: int) -> None:
        """"Sen. Lindsey Graham", "Gen. Mark Milley", "Dr. Anthony Fauci", "Mr. Smith"."""
        words = self.words
        word = words[index]
        if not word.text[0].isupper() or index + 1 >= len(words) \
                or self.plain[word.end:words[index + 1].start] not in (". ", " "):
            return
        name = self.name_forward(index + 1)
        if name is None or (name[0] == name[1] and ABBREVIATED_TITLES[word.lower] and
                            self.plain[word.end:word.end + 1] != "."):
            return
        self.add(name, ABBREVIATED_TITLES[word.lower], "")
        self.claimed.update(range(index, name[1] + 1))

    def family_name_first(self, index: int) -> tuple[int, int] | None:
        """A Chinese or Vietnamese name whose family name is an English word: "He Lifeng", "To Lam"."""
        words = self.words
        if words[index].lower not in ("he", "to", "do", "so") or not words[index].text[0].isupper() \
                or index + 1 >= len(words) or not self.joined(index + 1):
            return None
        rest = self.name_forward(index + 1)
        if rest is None or rest[1] - rest[0] > 1:
            return None
        return index, rest[1]

    def organisation_then_verb(self, index: int) -> bool:
        """Capitalised words from index, then what people do: "of Eurodad called"."""
        words = self.words
        probe = index
        while probe < len(words) and probe - index < 4 and words[probe].text[0].isupper() \
                and (probe == index or self.joined(probe)):
            probe += 1
        return probe > index and probe < len(words) and self.joined(probe) \
            and words[probe].lower in REPORTING_VERBS and words[probe].lower not in ("on", "then", "also")

    def title_follows(self, index: int) -> bool:
        """Whether a title starts at word index, after an article and a few lowercase words:
        "advocacy manager for ...", "the head of ...", "a former ambassador"."""
        words = self.words
        for k in range(index, min(index + 4, len(words))):
            if k > index and not self.joined(k):
                return False
            lower = words[k].lower
            if lower in HEADS:
                return True
            if lower in ("a", "an", "the", "former") or (words[k].text.islower() and lower not in FUNCTION_WORDS):
                continue
            return False
        return False

    def listed(self, index: int) -> None:
        """Names listed after a plural title: "Ministers Jennifer Morgan, Wopke Hoekstra and Ali Mohamed"."""
        words = self.words
        names = []
        probe = index + 1
        while probe < len(words) and len(names) < 12:
            if names:
                gap = self.gap(probe)
                if gap == ", " and words[probe].lower == "and" and probe + 1 < len(words) and self.joined(probe + 1):
                    probe += 1
                elif gap == " " and words[probe].lower == "and" and probe + 1 < len(words) and self.joined(probe + 1):
                    probe += 1
                elif gap != ", ":
                    break
            elif not self.joined(probe):
                break
            name = self.name_forward(probe)
            if name is None or name[0] == name[1]:
                break
            names.append(name)
            probe = name[1] + 1
        if len(names) < 2:
            return
        for name in names:
            self.add(name, "", "")
            self.claimed.update(range(name[0], name[1] + 1))

    def name_is_short(self, name: tuple[int, int]) -> bool:
        return name[0] == name[1]

    def reported(self, index: int) -> None:
        """A name of two or three words followed by what people do ("said", "will host"),
        or by "and" and another such name ("Сергей Лавров and Γιώργος Γεραπετρίτης met")."""
        words = self.words
        if not words[index].capitalised:
            return
        if index > 0 and self.joined(index) and (self.is_name_word(index - 1) or words[index - 1].lower in PARTICLES
                                                 or (words[index - 1].lower in INSTITUTION_WORDS
                                                     and words[index - 1].lower not in _PEOPLE_WORDS
                                                     and words[index - 1].lower not in QUALIFIERS)):
            return  # not the start of a name: "the Global Sovereign Debt Roundtable agreed"
        name = self.name_forward(index)
        if name is None:
            return
        first, last = name
        if last == first and not words[first].caseless:
            return
        if country(" ".join(words[k].lower for k in range(first, last + 1))):
            return  # "chaired by Sierra Leone"
        if (words[first].lower in _ARTICLES or words[first].lower in PARTICLES) and words[first].text[0].isupper():
            return  # "Al Jazeera reported", "Der Spiegel said"; "De Wever said" is a later mention, if anything
        if index > 0 and self.joined(index) and (words[index - 1].lower in ("in", "near", "outside") or (
                index > 1 and words[index - 1].lower == "of" and words[index - 2].lower in _PLACE_NOUNS)):
            return  # "in Foz do Iguaçu", "the city of Santa Marta"
        if index > 1 and self.joined(index) and words[index - 1].lower == "by" and words[index - 2].lower in _BY \
                and self.joined(index - 1):
            self.add(name, "", "")  # "a delegation led by Goodluck Jonathan"
            self.claimed.update(range(first, last + 1))
            return
        if index > 0 and self.gap(index) == ": " and words[index - 1].lower in ("contact", "contacts", "enquiries", "inquiries"):
            self.add(name, "", "")  # "Contact: Olufemi Terry, Communication Department"
            self.claimed.update(range(first, last + 1))
            return
        if index > 0 and self.gap(index) in ("'s ", "’s ") and country(words[index - 1].lower):
            self.add(name, "", country(words[index - 1].lower) or "")  # "Italy's Matteo Piantedosi"
            self.claimed.update(range(first, last + 1))
            return
        if index > 0 and self.joined(index) and (words[index - 1].lower in _SAID or (
                index > 1 and words[index - 2].lower == "according" and words[index - 1].lower == "to")) \
                and (last + 1 >= len(words) or self.plain[words[last].end:words[last].end + 1] in (",", ".", ";", ":")
                     or self.gap(last + 1) == " (" or words[last + 1].lower in ("of", "at", "from", "who")):
            # '"We cannot wait," said Christine Lagarde.' / "according to Maria Lindqvist,"
            self.add(name, "", "")
            self.claimed.update(range(first, last + 1))
            return
        probe = last + 1
        if probe < len(words) and self.possessive_after(last) and words[probe].lower in _OWNED:
            self.add(name, "", "")  # "Sabine Weyand's successor"
            self.claimed.update(range(first, last + 1))
            return
        if probe >= len(words) or self.possessive_after(last):
            return
        names = [name]
        if words[probe].lower == "and" and self.joined(probe):
            second = self.name_forward(probe + 1) if probe + 1 < len(words) and self.joined(probe + 1) else None
            if second is None or (second[0] == second[1] and not words[second[0]].caseless):
                return
            names.append(second)
            probe = second[1] + 1
            if probe >= len(words) or self.possessive_after(second[1]):
                return
        gap = self.gap(probe)
        if gap == " (":  # "Dina Esfandiary (Bloomberg Economics) argued"
            close = probe
            while close < len(words) and close - probe < 8 and ")" not in self.gap(close):
                close += 1
            inside = self.plain[words[probe].start:words[close - 1].end] if close > probe else ""
            if close - probe <= 4 and country(" ".join(inside.split()).lower()) and (
                    close >= len(words) or ")" in self.gap(close)):
                for found in names:  # "Marcos Perestrello (Portugal)"
                    self.add(found, "", country(" ".join(inside.split()).lower()) or "")
                    self.claimed.update(range(found[0], found[1] + 1))
                return
            if close < len(words) and close > probe and self.gap(close).strip() == ")" \
                    and words[close].lower in REPORTING_VERBS and words[close].lower not in ("on", "then", "also"):
                for found in names:
                    self.add(found, "", "")
                    self.claimed.update(range(found[0], found[1] + 1))
            return
        if gap in (" — ", " – ", " -- ") and self.title_follows(probe):
            for found in names:  # "Mathilde Vu — advocacy manager for the Norwegian Refugee Council —"
                self.add(found, "", "")
                self.claimed.update(range(found[0], found[1] + 1))
            return
        if gap == ", " and words[probe].text.isdigit() and len(words[probe].text) <= 2 \
                and self.gap(probe + 1 if probe + 1 < len(words) else probe).startswith(","):
            for found in names:  # "Shaza Elmahdi, 31, a volunteer"
                self.add(found, "", "")
                self.claimed.update(range(found[0], found[1] + 1))
            return
        if not self.joined(probe) and gap.strip() not in (",",):
            return
        verb = words[probe].lower
        if verb in ("of", "at") and probe + 1 < len(words) and self.joined(probe + 1):
            # "Johan Forssell of Sweden", "Kim Ji-hoon of the Korea Institute ...", "X of the IMF"
            nxt = words[probe + 1]
            org = country(nxt.lower)
            if org or (nxt.text.isupper() and 2 <= len(nxt.text) <= 6) or (
                    nxt.lower == "the" and probe + 2 < len(words) and self.joined(probe + 2)
                    and words[probe + 2].text[0].isupper()) or (
                    nxt.text[0].isupper() and any(words[k].lower in INSTITUTION_WORDS and self.joined(k)
                                                  for k in range(probe + 2, min(probe + 5, len(words))))) \
                    or self.organisation_then_verb(probe + 1):
                for found in names:
                    self.add(found, "", org or "")
                    self.claimed.update(range(found[0], found[1] + 1))
            return
        if gap.strip() == ",":
            # "Maria Lindqvist, who ..." / "Maria Lindqvist, 54,"
            if verb not in ("who", "whose"):
                return
        elif verb not in REPORTING_VERBS:
            return
        for found in names:
            self.add(found, "", "")
            self.claimed.update(range(found[0], found[1] + 1))

    def add(self, name: tuple[int, int], role: str, org: str) -> None:
        words = self.words
        first, last = name
        key_words = tuple(words[i].text for i in range(first, last + 1))
        text = " ".join(self.plain[words[first].start:words[last].end].split())  # "S. Jaishankar"
        key = text.lower()
        person = self.people.get(key)
        if person is None:
            person = self.people[key] = Person(text, key_words, role, org)
        else:
            person.role = person.role or role
            person.org = person.org or org
        person.mentions.append(name)

    def mentions(self) -> None:
        """Every other mention of a person found: the full name again, or the surname alone."""
        words = self.words
        by_name: dict[tuple[str, ...], Person] = {}
        by_surname: dict[str, list[Person]] = {}
        longest = 1
        for person in self.people.values():
            if len(person.words) > 1:
                by_name[person.words] = person
                longest = max(longest, len(person.words))
            if len(person.words) > 2 and person.words[-2].lower() in PARTICLES:
                by_name.setdefault(person.words[-2:], person)  # "Al Thani", "De Wever", "van Weel"
            by_surname.setdefault(person.words[-1], []).append(person)
            if len(person.words) in (2, 3) and person.words[0].lower() in SURNAME_FIRST and (
                    person.words[-1].lower() not in SURNAME_FIRST or "-" in person.words[-1]):
                by_surname.setdefault(person.words[0], []).append(person)  # "Koo Yun-cheol" -> "Koo"
        for index, word in enumerate(words):
            if index in self.claimed:
                continue
            for length in range(longest, 1, -1):
                end = index + length - 1
                if end >= len(words):
                    continue
                person = by_name.get(tuple(words[k].text for k in range(index, end + 1)))
                if person is not None and all(self.joined(k) for k in range(index + 1, end + 1)):
                    person.mentions.append((index, end))
                    self.claimed.update(range(index, end + 1))
                    break
            if index in self.claimed:
                continue
            candidates = by_surname.get(word.text, ())
            if len(candidates) != 1 or not self.is_name_word(index):
                continue
            if index > 0 and self.joined(index) and (self.is_name_word(index - 1) or words[index - 1].lower in PARTICLES):
                continue  # part of another name
            if index + 1 < len(words) and self.joined(index + 1) and (
                    self.is_name_word(index + 1) or words[index + 1].lower in _ADJECTIVAL):
                continue
            candidates[0].mentions.append((index, index))
            self.claimed.add(index)
        # a given name alone, as Ethiopian, Malay or Brazilian names are shortened ("Abiy insists"),
        # when a verb after it says it is the person
        by_given: dict[str, list[Person]] = {}
        for person in self.people.values():
            for word in person.words[:-1]:
                if len(word) >= 4 and word.lower() not in PARTICLES and word.lower() not in HONORIFICS:
                    by_given.setdefault(word, []).append(person)
        for index, word in enumerate(words):
            candidates = by_given.get(word.text, ())
            if index in self.claimed or len(candidates) != 1 or word.text in by_surname \
                    or not self.is_name_word(index) or index + 1 >= len(words) or not self.joined(index + 1):
                continue
            if index > 0 and self.joined(index) and (self.is_name_word(index - 1) or words[index - 1].lower in PARTICLES):
                continue
            if words[index + 1].lower in REPORTING_VERBS:
                candidates[0].mentions.append((index, index))
                self.claimed.add(index)


def _title_case(role: str) -> str:
    """A title as a memo writes it: "national security adviser" -> "National Security Adviser"."""
    parts = role.split(" ")
    return " ".join(part if (part and part[0].isupper()) or part in _SMALL else part[:1].upper() + part[1:]
                    for part in parts)


def people(text) -> list[Person]:
    """The people a text names, each with every mention found (cached on the text)."""
    found = text.cache.get("people")
    if found is None:
        finder = _Finder(text)
        finder.find()
        found = list(finder.people.values())
        text.cache["people"] = found
    return found


def propose(text) -> list[Proposal]:
    found = words(text)
    proposals = []
    for person in people(text):
        mentions = sorted(set(person.mentions))
        for number, (first, last) in enumerate(mentions):
            start, end = found[first].start, found[last].end
            marked = text.plain[start:end]
            attributes: dict[str, str] = {}
            if " ".join(marked.split()) != person.name:
                attributes["name"] = person.name
            if number == 0:
                if person.role:
                    attributes["role"] = person.role
                if person.org:
                    attributes["org"] = person.org
            proposals.append(Proposal("participant", start, end, attributes))
    return proposals
