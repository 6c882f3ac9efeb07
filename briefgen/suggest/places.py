"""Countries and their adjectives, for a participant's organisation ("Estonian Defence
Minister" -> Estonia) and for telling places from people's names.

The country names are Babel's English territory names (Babel ships them: nothing is
downloaded); an adjective is matched to a country by the usual English suffixes
(Estonia -> Estonian, Ukraine -> Ukrainian, Japan -> Japanese, Iraq -> Iraqi) and
a short table of the irregular ones (French, Dutch, Swiss, American).
"""

from __future__ import annotations

import functools

# Adjectives and short forms the suffix rules cannot derive from Babel's names.
_IRREGULAR = {
    "american": "United States", "us": "United States", "u.s.": "United States", "usa": "United States",
    "u.s.a.": "United States", "america": "United States",
    "british": "United Kingdom", "uk": "United Kingdom", "u.k.": "United Kingdom", "britain": "United Kingdom",
    "english": "United Kingdom", "scottish": "United Kingdom", "welsh": "United Kingdom",
    "french": "France", "dutch": "Netherlands", "swiss": "Switzerland", "greek": "Greece", "polish": "Poland",
    "danish": "Denmark", "swedish": "Sweden", "finnish": "Finland", "norwegian": "Norway", "irish": "Ireland",
    "spanish": "Spain", "portuguese": "Portugal", "turkish": "Türkiye", "turkey": "Türkiye", "czech": "Czechia",
    "slovak": "Slovakia", "slovene": "Slovenia", "slovenian": "Slovenia", "icelandic": "Iceland",
    "luxembourgish": "Luxembourg", "maltese": "Malta", "cypriot": "Cyprus", "philippine": "Philippines",
    "filipino": "Philippines", "thai": "Thailand", "afghan": "Afghanistan", "saudi": "Saudi Arabia",
    "emirati": "United Arab Emirates", "uae": "United Arab Emirates", "argentine": "Argentina",
    "new zealand": "New Zealand", "israeli": "Israel", "belgian": "Belgium", "chinese": "China",
    "lebanese": "Lebanon", "sudanese": "Sudan", "vietnamese": "Vietnam", "taiwanese": "Taiwan",
    "kazakh": "Kazakhstan", "uzbek": "Uzbekistan", "tajik": "Tajikistan", "kyrgyz": "Kyrgyzstan",
    "turkmen": "Turkmenistan", "pakistani": "Pakistan", "bangladeshi": "Bangladesh", "south korean": "South Korea",
    "north korean": "North Korea", "korean": "South Korea", "south african": "South Africa",
    "kosovar": "Kosovo", "montenegrin": "Montenegro", "bosnian": "Bosnia & Herzegovina",
    "eu": "European Union", "european union": "European Union", "un": "United Nations",
    "united nations": "United Nations", "czech republic": "Czechia", "ivorian": "Côte d’Ivoire",
    "german": "Germany", "somali": "Somalia", "singaporean": "Singapore", "peruvian": "Peru",
    "holland": "Netherlands", "cabo verde": "Cape Verde", "são tomé": "São Tomé & Príncipe",
    "sao tome": "São Tomé & Príncipe", "timor-leste": "Timor-Leste", "east timor": "Timor-Leste", "the netherlands": "Netherlands", "burmese": "Myanmar (Burma)",
}
# Territories that are not countries a minister speaks for.
_NOT_COUNTRIES = {"Unknown Region", "Pseudo-Accents", "Pseudo-Bidi", "Outlying Oceania", "Eurozone", "World"}


@functools.cache
def countries() -> dict[str, str]:
    """Lowercased country name or adjective -> the country's name as it is written."""
    from babel import Locale

    names = [name for code, name in Locale("en").territories.items()
             if code.isalpha() and name not in _NOT_COUNTRIES and "&" not in name and "(" not in name]
    found: dict[str, str] = {}
    for name in names:
        found.setdefault(name.lower(), name)
    for name in sorted(names, key=len, reverse=True):  # Nigeria, not Niger, is Nigerian's
        if " " in name:
            continue
        for adjective in _adjectives(name.lower()):
            found.setdefault(adjective, name)
    found.update(_IRREGULAR)
    return found


def _adjectives(name: str) -> set[str]:
    """The adjectives English commonly makes of a country's name."""
    forms = {name + "n", name + "ian", name + "i", name + "ese", name + "an"}
    if name[-1] in "aeoy":
        stem = name[:-1]
        forms |= {stem + "ian", stem + "an", stem + "ese", stem + "ic"}
    if name.endswith("ia"):
        forms.add(name[:-2] + "ian")
    if name.endswith("um"):  # Belgium -> Belgian
        forms.add(name[:-2] + "ian")
    if name.endswith("land"):  # Finland -> Finnish is irregular; Iceland -> Icelandic
        forms.add(name + "ic")
    return forms


def country(word: str) -> str | None:
    """The country a word (or two) names or qualifies: "Estonian" -> "Estonia"."""
    return countries().get(word.lower().strip())
