"""The memo as an email (SPEC §9): an RFC 5322 message made with the standard library.

    multipart/mixed
      multipart/alternative
        text/plain   the marking, the subject, the summary, the key points, the attachments
        text/html    the same, email-safe: inline styles only, nothing fetched, every value escaped
      application/pdf        <stem>.pdf, the bytes of the PDF the same build writes
      application/vnd...docx <stem>.docx, likewise

The message is byte-reproducible, like the other formats: its Date is the time the PDF
and the DOCX embed (stamp.py: midnight UTC on the memo's date, or SOURCE_DATE_EPOCH),
and its Message-ID and MIME boundaries are derived from a hash of everything else in it.
A draft (`build --format eml`) carries `X-Unsent: 1`, so mail clients open it for
editing; `briefgen send` sends the same message without it (send.py).
"""

from __future__ import annotations

import hashlib
from email import policy
from email.message import EmailMessage
from email.utils import format_datetime

from markupsafe import Markup, escape

from ..model import Summary
from .common import SECTION_TITLES, banner_text, format_date, inline_runs, item_mark, plain_text, point_text

DOCX_TYPE = ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document")
PDF_TYPE = ("application", "pdf")
ATTACHMENT_TYPES = {"pdf": PDF_TYPE, "docx": DOCX_TYPE}  # in the order they are attached
MESSAGE_ID_DOMAIN = "briefgen"
# RFC 5322 with CRLF line ends, lines folded at 78 characters.
POLICY = policy.SMTP

_TEXT_COLOUR = "#1a1a1a"
_FONT = "font-family:Georgia,'Times New Roman',serif;"


def subject_line(summary: Summary) -> str:
    """ "[UNCLASSIFIED] US–European talks…": the marking, then the subject."""
    memo = summary.memo
    marking = banner_text(memo)
    subject = " ".join((memo.subject or memo.title).split())
    return f"[{marking}] {subject}" if marking else subject


def _marked(summary: Summary, mark: str, text: str) -> str:
    prefix = item_mark(summary, mark)
    return f"{prefix} {text}" if prefix else text


def plain_body(summary: Summary, attachments: list[str]) -> str:
    memo = summary.memo
    marking = banner_text(memo)
    lines = [marking, ""] if marking else []
    lines += [memo.type.upper(), " ".join((memo.subject or memo.title).split()), format_date(memo.date, memo.lang)]
    if summary.summary:
        lines += ["", SECTION_TITLES["summary"].upper(),
                  _marked(summary, summary.summary_mark, _plain(summary.summary))]
    if summary.key_points:
        lines += ["", SECTION_TITLES["key_points"].upper()]
        lines += [f"  - {_marked(summary, p.mark, _plain(point_text(p, memo.lang)))}" for p in summary.key_points]
    if attachments:
        lines += ["", "Attached:"] + [f"  - {name}" for name in attachments]
    if marking:
        lines += ["", marking]
    return "\n".join(lines) + "\n"


def _plain(markdown: str) -> str:
    """Inline Markdown as plain text, a link's address after its words; one line."""
    parts = []
    for run in inline_runs(markdown):
        parts.append(run.text + (f" <{run.href}>" if run.href and run.href != run.text else ""))
    return " ".join("".join(parts).split()) if parts else " ".join(plain_text(markdown).split())


def _html_runs(markdown: str) -> Markup:
    """Inline Markdown as escaped HTML: bold, italic, code; a link as its words and its
    address in text (no <a>: the message references nothing outside itself)."""
    out = []
    for run in inline_runs(markdown):
        piece = escape(" ".join(run.text.split("\n")))
        if run.code:
            piece = Markup('<code style="font-family:Consolas,monospace;">{}</code>').format(piece)
        if run.italic:
            piece = Markup("<em>{}</em>").format(piece)
        if run.bold:
            piece = Markup("<strong>{}</strong>").format(piece)
        if run.href and run.href != run.text:
            piece += Markup(" ({})").format(run.href)
        out.append(piece)
    return Markup("").join(out)


def html_body(summary: Summary, attachments: list[str]) -> str:
    memo = summary.memo
    marking = banner_text(memo)
    lang = escape(memo.lang)
    heading = f"margin:18px 0 6px 0;font-size:13px;letter-spacing:1px;color:{_TEXT_COLOUR};{_FONT}"
    text = f"margin:0 0 8px 0;font-size:15px;line-height:1.45;color:{_TEXT_COLOUR};{_FONT}"
    banner = Markup(
        '<p style="margin:0 0 12px 0;padding:4px;text-align:center;font-weight:bold;font-size:13px;'
        'letter-spacing:1px;border:1px solid #888888;font-family:Arial,Helvetica,sans-serif;">{}</p>')
    parts = [Markup('<!DOCTYPE html>\n<html lang="{}"><head><meta charset="utf-8"><title>{}</title></head>\n'
                    '<body style="margin:0;padding:16px;background:#ffffff;">\n'
                    '<div style="max-width:640px;">').format(lang, subject_line(summary))]
    if marking:
        parts.append(banner.format(marking))
    parts.append(Markup('<p style="{}">{}</p>').format(heading + "font-weight:bold;", memo.type.upper()))
    parts.append(Markup('<p style="{}"><strong>{}</strong><br>{}</p>').format(
        text, " ".join((memo.subject or memo.title).split()), format_date(memo.date, memo.lang)))
    if summary.summary:
        parts.append(Markup('<p style="{}">{}</p>').format(heading + "font-weight:bold;",
                                                           SECTION_TITLES["summary"].upper()))
        mark = item_mark(summary, summary.summary_mark)
        parts.append(Markup('<p style="{}">{}{}</p>').format(
            text, (mark + " ") if mark else "", _html_runs(summary.summary)))
    if summary.key_points:
        parts.append(Markup('<p style="{}">{}</p>').format(heading + "font-weight:bold;",
                                                           SECTION_TITLES["key_points"].upper()))
        items = [Markup('<li style="{}">{}{}</li>').format(
            text, (item_mark(summary, p.mark) + " ") if item_mark(summary, p.mark) else "",
            _html_runs(point_text(p, memo.lang))) for p in summary.key_points]
        parts.append(Markup('<ul style="margin:0 0 8px 0;padding-left:22px;">{}</ul>').format(
            Markup("").join(items)))
    if attachments:
        parts.append(Markup('<p style="{}">Attached:</p>').format(heading + "font-weight:bold;"))
        parts.append(Markup('<ul style="margin:0 0 8px 0;padding-left:22px;">{}</ul>').format(
            Markup("").join(Markup('<li style="{}">{}</li>').format(text, name) for name in attachments)))
    if marking:
        parts.append(banner.format(marking))
    parts.append(Markup("</div>\n</body></html>\n"))
    return str(Markup("\n").join(parts))


def build_message(summary: Summary, files: dict[str, bytes], stem: str, *, unsent: bool = True,
                  date=None) -> EmailMessage:
    """The message: `files` holds the rendered "pdf" and "docx" bytes, attached as
    <stem>.pdf and <stem>.docx. `date` (an aware datetime) defaults to stamp.embedded_time."""
    if date is None:
        from .stamp import embedded_time

        date = embedded_time(summary.memo.date)
    names = [f"{stem}.{fmt}" for fmt in ATTACHMENT_TYPES if fmt in files]
    message = EmailMessage(policy=POLICY)
    if summary.email.from_:
        message["From"] = summary.email.from_
    if summary.email.to:
        message["To"] = ", ".join(summary.email.to)
    if summary.email.cc:
        message["Cc"] = ", ".join(summary.email.cc)
    message["Subject"] = subject_line(summary)
    message["Date"] = format_datetime(date)
    message.set_content(plain_body(summary, names), subtype="plain", charset="utf-8")
    message.add_alternative(html_body(summary, names), subtype="html", charset="utf-8")
    for fmt, (maintype, subtype) in ATTACHMENT_TYPES.items():
        if fmt in files:
            message.add_attachment(files[fmt], maintype=maintype, subtype=subtype, filename=f"{stem}.{fmt}")
    for part in message.walk():  # set_content gives every part its own; only the message has one
        if part is not message:
            del part["MIME-Version"]
    # Reproducible: everything else in the message, hashed (with fixed boundaries: the
    # generator would pick random ones), names it and its boundaries. The boundaries'
    # "=_" cannot occur in base64 or quoted-printable text.
    message.set_boundary("=_briefgen_mixed")
    message.get_payload()[0].set_boundary("=_briefgen_alt")
    digest = hashlib.sha256(message.as_bytes(policy=POLICY)).hexdigest()
    message.set_boundary(f"=_briefgen_mixed_{digest[:32]}")
    message.get_payload()[0].set_boundary(f"=_briefgen_alt_{digest[:32]}")
    message["Message-ID"] = f"<{digest[:40]}@{MESSAGE_ID_DOMAIN}>"
    if unsent:
        message["X-Unsent"] = "1"
    return message


def render_eml(summary: Summary, files: dict[str, bytes], stem: str) -> bytes:
    """The draft .eml: the message with X-Unsent: 1, as bytes (CRLF line ends)."""
    return build_message(summary, files, stem).as_bytes(policy=POLICY)
