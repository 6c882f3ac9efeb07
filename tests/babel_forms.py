"""The expected form of locale-formatted text, taken from Babel rather than written out.

Each Babel release brings newer CLDR data, and with it small changes in how a date or
a range is written: Babel 2.19 writes "4 – 5 March 2025" where older releases wrote
"4–5 March 2025". A test that spells a date out breaks on such a release although
briefgen is right, so tests ask Babel what the text should be, independently of
briefgen's own date code.
"""

from __future__ import annotations

import datetime as dt
import re

from babel import Locale
from babel.dates import format_date, format_interval, get_month_names


def _locale(lang: str) -> Locale:
    return Locale.parse(lang.replace("-", "_"))


def long_date(day: dt.date, lang: str = "en") -> str:
    """The date written out: "February 11, 2025" in English, "11. Februar 2025" in German."""
    return format_date(day, format="long", locale=_locale(lang))


def date_range(start: dt.date, end: dt.date, lang: str = "en") -> str:
    """A range in the language's own way of writing one (Babel's interval format for
    day, abbreviated month and year), with the months written out as in long_date."""
    locale = _locale(lang)
    text = format_interval(start, end, skeleton="yMMMd", locale=locale)
    short, wide = get_month_names("abbreviated", locale=locale), get_month_names("wide", locale=locale)
    for month in sorted({start.month, end.month}):
        text = re.sub(rf"(?<!\w){re.escape(short[month])}(?!\w)", wide[month], text)
    return text
