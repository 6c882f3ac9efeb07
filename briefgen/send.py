"""`briefgen send`: the memo's message (render/eml.py) sent through an SMTP server.

All or none: every recipient is offered to the server (RCPT TO) before the message is;
when the server refuses any, the transaction is reset and nothing is sent. Every
failure (the server unreachable, TLS, the login, a refused sender or recipient) is a
BriefError naming the server or the address; no smtplib or socket exception escapes.
"""

from __future__ import annotations

import os
import smtplib
import socket
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import getaddresses, parseaddr

from .errors import BriefError

PASSWORD_VARIABLE = "BRIEFGEN_SMTP_PASSWORD"
DEFAULT_PORTS = {"plain": 25, "starttls": 587, "ssl": 465}
TIMEOUT = 30.0  # seconds for connecting and for each reply


@dataclass(frozen=True)
class Server:
    host: str
    port: int
    security: str = "plain"  # plain | starttls | ssl

    def __str__(self) -> str:
        return f"{self.host}:{self.port}"


def parse_server(value: str, security: str) -> Server:
    """HOST, HOST:PORT or [IPv6]:PORT; the port defaults by security (25, 587, 465)."""
    host, port = value.strip(), None
    if host.startswith("["):
        inside, _, rest = host[1:].partition("]")
        host, port = inside, rest[1:] if rest.startswith(":") else (None if not rest else "?")
    elif host.count(":") == 1:
        host, port = host.split(":")
    if not host or (port is not None and not (port.isdigit() and 0 < int(port) < 65536)):
        raise BriefError(None, None, None, f"--smtp {value!r} is not HOST or HOST:PORT",
                         "for example --smtp smtp.example.gov:587")
    return Server(host, int(port) if port is not None else DEFAULT_PORTS[security], security)


def envelope(message: EmailMessage) -> tuple[str, list[str]]:
    """The sender's and every recipient's bare address (To, then Cc), from the headers."""
    sender = parseaddr(str(message.get("From", "")))[1]
    recipients = [address for _, address in getaddresses([str(v) for v in message.get_all("To", []) +
                                                          message.get_all("Cc", [])]) if address]
    return sender, list(dict.fromkeys(recipients))


def _reply(code: int, text: bytes | str) -> str:
    text = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    return f"{code} {' '.join(text.split())}".strip()


def send(message: EmailMessage, server: Server, *, user: str | None = None, password: str | None = None,
         context: ssl.SSLContext | None = None, timeout: float = TIMEOUT) -> list[str]:
    """Sends the message; returns the recipients the server accepted (all of them)."""
    sender, recipients = envelope(message)
    if not recipients:
        raise BriefError(None, None, None, "nothing sent: the message has no recipient",
                         "list addresses under email.to or email.cc in brief.yaml")
    if not sender:
        raise BriefError(None, None, None, "nothing sent: the message has no sender",
                         "set email.from in brief.yaml")
    if user and not password:
        password = os.environ.get(PASSWORD_VARIABLE)
        if not password:
            raise BriefError(None, None, None, f"--user {user} needs a password: set {PASSWORD_VARIABLE}")
    context = context or ssl.create_default_context()
    data = message.as_bytes(policy=message.policy.clone(linesep="\r\n"))
    step = "connecting to"
    try:
        if server.security == "ssl":
            smtp = smtplib.SMTP_SSL(server.host, server.port, timeout=timeout, context=context)
        else:
            smtp = smtplib.SMTP(server.host, server.port, timeout=timeout)
        with smtp:
            step = "talking to"
            smtp.ehlo_or_helo_if_needed()
            if server.security == "starttls":
                if not smtp.has_extn("starttls"):
                    raise BriefError(None, None, None, f"SMTP server {server} does not offer STARTTLS",
                                     "leave out --starttls only if the connection may be unencrypted, "
                                     "or use --ssl")
                step = "starting TLS with"
                smtp.starttls(context=context)
                smtp.ehlo()
                step = "talking to"
            if user:
                step = "logging in to"
                try:
                    smtp.login(user, password)
                except smtplib.SMTPAuthenticationError as exc:
                    raise BriefError(None, None, None, f"SMTP server {server} refused the login of {user}: "
                                     f"{_reply(exc.smtp_code, exc.smtp_error)}",
                                     f"check --user and {PASSWORD_VARIABLE}") from None
                except smtplib.SMTPNotSupportedError:
                    raise BriefError(None, None, None, f"SMTP server {server} offers no login (AUTH)",
                                     "leave out --user, or use --starttls or --ssl") from None
                step = "talking to"
            code, reply = smtp.mail(sender)
            if code != 250:
                smtp.rset()
                raise BriefError(None, None, None, f"SMTP server {server} refused the sender {sender}: "
                                 f"{_reply(code, reply)}; nothing sent")
            refused = {}
            for recipient in recipients:
                code, reply = smtp.rcpt(recipient)
                if code not in (250, 251):
                    refused[recipient] = _reply(code, reply)
            if refused:
                smtp.rset()
                named = "; ".join(f"{address} ({reply})" for address, reply in refused.items())
                raise BriefError(None, None, None, f"SMTP server {server} refused "
                                 f"{'the recipient' if len(refused) == 1 else 'the recipients'} {named}; "
                                 f"nothing sent", "correct email.to or email.cc in brief.yaml")
            code, reply = smtp.data(data)
            if code != 250:
                raise BriefError(None, None, None, f"SMTP server {server} refused the message: "
                                 f"{_reply(code, reply)}")
    except BriefError:
        raise
    except smtplib.SMTPResponseException as exc:
        raise BriefError(None, None, None, f"SMTP server {server} answered "
                         f"{_reply(exc.smtp_code, exc.smtp_error)} while {step} it; nothing sent") from None
    except smtplib.SMTPServerDisconnected as exc:
        raise BriefError(None, None, None, f"SMTP server {server} closed the connection while {step} it"
                         + (f": {exc}" if str(exc) else "")) from None
    except ssl.SSLError as exc:
        verified = getattr(exc, "verify_message", None)
        reason = f"certificate verify failed: {verified}" if verified else (exc.reason or str(exc))
        raise BriefError(None, None, None, f"TLS with SMTP server {server} failed: {reason}",
                         "--cafile FILE trusts a certificate authority of your own") from None
    except smtplib.SMTPException as exc:
        raise BriefError(None, None, None, f"SMTP server {server}: {' '.join(str(exc).split())}") from None
    except socket.gaierror:
        raise BriefError(None, None, None, f"cannot reach SMTP server {server}: no such host") from None
    except (TimeoutError, socket.timeout):
        raise BriefError(None, None, None, f"cannot reach SMTP server {server}: timed out after {timeout:g} s "
                         f"while {step} it") from None
    except OSError as exc:
        raise BriefError(None, None, None, f"cannot reach SMTP server {server}: "
                         f"{exc.strerror or exc}") from None
    return recipients
