"""The page limit: what must fit layout.max_pages, and how layout.fit makes it fit.

Everything but the sources, endnotes and source notes must fit: the HTML marks where
that part ends (common.BODY_END_ID), and the pages are counted up to that mark in
WeasyPrint's layout. With layout.fit, the layouts of common.fit_steps are tried in
order after the default (compact citations, tighter spacing, a smaller body size),
each one HTML render and one WeasyPrint layout, stopping at the first that fits. The
DOCX is then written in the same variant, so both formats paginate alike.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .errors import BriefWarning
from .model import Summary
from .render import common


@dataclass(frozen=True)
class Measured:
    """One variant of the memo, laid out and measured."""

    variant: common.Variant
    html: str
    layout: object  # render.pdf.Layout
    body_pages: int  # pages up to the end of what must fit
    pages: int  # every page, sources included


@dataclass(frozen=True)
class FitResult:
    """The layout chosen for the memo, and what the build should say about it."""

    chosen: Measured
    max_pages: int
    tried: int  # layouts measured (WeasyPrint layouts made)
    fit_asked: bool  # layout.fit was set
    overflow: str  # what runs past the limit ("" when it fits)

    @property
    def fits(self) -> bool:
        return self.chosen.body_pages <= self.max_pages

    def note(self) -> str | None:
        """The build's report of a fitting step that was needed, e.g. "fitted to 2
        pages with compact citations"; None when the default layout fits."""
        if not self.fit_asked or not self.fits or self.chosen.variant == common.DEFAULT_VARIANT:
            return None
        return f"fitted to {self.max_pages} {_pages(self.max_pages)} with {self.chosen.variant.describe()}"

    def warning(self) -> BriefWarning | None:
        if self.fits:
            return None
        return too_long_warning(self.chosen.body_pages, self.max_pages, self.overflow,
                                self.chosen.variant if self.fit_asked else None)


def _pages(n: int) -> str:
    return "page" if n == 1 else "pages"


def too_long_warning(pages: int, max_pages: int, overflow: str = "",
                     tried: common.Variant | None = None) -> BriefWarning:
    """The warning for a memo whose body runs past layout.max_pages."""
    message = (f"the memo runs to {pages} pages, more than layout.max_pages ({max_pages}), "
               f"not counting its sources")
    if tried is not None and tried != common.DEFAULT_VARIANT:
        message += f", even with {tried.describe()}"
    if overflow:
        message += f": {overflow}"
    if tried == common.DEFAULT_VARIANT:  # layout.fit asked, but the memo is far too long for its steps
        message += "; far too long for layout.fit's steps to help: shorten it"
    else:
        message += ("; shorten it" if tried is not None
                    else "; set `fit: true` under layout to make it fit, or shorten it")
    return BriefWarning(message)


HOPELESS = 2  # a body this many times max_pages long is past what the fitting steps can save


def fit(summary: Summary, measure: Callable[[common.Variant], Measured], body_size: float) -> FitResult:
    """Measure the default layout and, with layout.fit, each fitting step in turn until
    one fits; the first that fits, or else the last tried (the most compact)."""
    max_pages = summary.layout.max_pages
    variants = [common.DEFAULT_VARIANT]
    if summary.layout.fit:
        variants += common.fit_steps(summary, body_size)
    measured = None
    for tried, variant in enumerate(variants, start=1):
        measured = measure(variant)
        if measured.body_pages <= max_pages:
            return FitResult(measured, max_pages, tried, summary.layout.fit, "")
        if tried == 1 and measured.body_pages > HOPELESS * max_pages:
            # Every step together saves far less than half the pages: trying them would
            # only multiply the layout time of a memo this long (each is a full layout).
            return FitResult(measured, max_pages, tried, summary.layout.fit,
                             overflow(summary, measured.layout.anchor_pages, max_pages, measured.body_pages))
    return FitResult(measured, max_pages, len(variants), summary.layout.fit,
                     overflow(summary, measured.layout.anchor_pages, max_pages, measured.body_pages))


# ---- naming the overflow --------------------------------------------------------------------

_ITEM_WORDS = {  # section -> (one item, several items)
    "key_points": ("key point", "key points"),
    "participants": ("participant", "participants"),
    "agenda": ("agenda item", "agenda items"),
    "challenges": ("challenge", "challenges"),
    "open_questions": ("open question", "open questions"),
}


def overflow(summary: Summary, anchor_pages: dict[str, int], max_pages: int, body_pages: int) -> str:
    """What stands past the limit, by section: "page 3 holds the last 2 key points and
    the open questions". Each item (and the summary) counts where it starts."""
    counts = {
        "key_points": len(summary.key_points),
        "participants": len(summary.participants),
        "agenda": len(summary.agenda),
        "challenges": len(summary.challenges),
        "open_questions": len(summary.open_questions),
    }
    parts = []
    for name in common.sections(summary):
        if name in common.AFTER_THE_LIMIT:
            continue
        anchor = name.replace("_", "-")
        if name == "summary":
            if anchor_pages.get(anchor, 0) > max_pages:
                parts.append("the summary")
            continue
        total = counts[name]
        past = sum(1 for n in range(1, total + 1) if anchor_pages.get(f"{anchor}-{n}", 0) > max_pages)
        one, several = _ITEM_WORDS[name]
        if past == 0:
            continue
        if past == total:
            parts.append(f"the {several}" if total > 1 else f"the {one}")
        else:
            parts.append(f"the last {past} {several}" if past > 1 else f"the last {one}")
    if body_pages == max_pages + 1:
        where = f"page {body_pages} holds"
    else:
        where = f"pages {max_pages + 1}–{body_pages} hold"
    if not parts:
        return f"{where} the end of the memo"
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return f"{where} {listed}"
