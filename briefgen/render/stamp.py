"""The one date and time the PDF and the DOCX embed, so a build can be repeated byte for byte.

Neither file records when it was built. Both carry one timestamp as their creation and
modification time: midnight UTC on the memo's date, or the moment SOURCE_DATE_EPOCH
names when it is set (https://reproducible-builds.org/specs/source-date-epoch/). The PDF
has it in /CreationDate and /ModDate; the DOCX in its core properties (created,
modified, last printed) and as the time of every entry of its zip package.

SOURCE_DATE_EPOCH changes only those embedded timestamps, never what the memo says: the
printed date stays memo.date from brief.yaml. (A brief without a date is dated the day
it is built, so set memo.date for builds that repeat across days.)
"""

from __future__ import annotations

import datetime as dt
import os
import re

from ..errors import BriefError

SOURCE_DATE_EPOCH = "SOURCE_DATE_EPOCH"


def embedded_time(memo_date: dt.date) -> dt.datetime:
    """The creation and modification time both files embed, in UTC."""
    value = os.environ.get(SOURCE_DATE_EPOCH, "").strip()
    if not value:  # unset, or set empty as build scripts do to unset it
        return dt.datetime.combine(memo_date, dt.time(), tzinfo=dt.timezone.utc)
    if not re.fullmatch("[0-9]+", value):
        raise BriefError(None, None, None,
                         f"{SOURCE_DATE_EPOCH} must be a whole number of seconds since 1970-01-01 UTC, "
                         f"not {value!r}", f"for example {SOURCE_DATE_EPOCH}=$(git log -1 --format=%ct)")
    try:
        return dt.datetime.fromtimestamp(int(value), dt.timezone.utc)
    except (OverflowError, OSError, ValueError):  # past the year 9999
        raise BriefError(None, None, None, f"{SOURCE_DATE_EPOCH}={value} is too far in the future") from None
