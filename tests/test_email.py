"""The memo as an email (SPEC §9): `build --format eml` and `briefgen send`.

The default brief is built once for the module; `send` talks to a real SMTP server
(aiosmtpd) on 127.0.0.1, once over STARTTLS with a certificate made here."""

from __future__ import annotations

import datetime as dt
import ipaddress
import shutil
import socket
import ssl
from email import policy
from email.parser import BytesParser
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from click.testing import CliRunner

from briefgen.cli import main

REPO = Path(__file__).resolve().parent.parent
STEM = "2025-02-11-us-european-talks-on-ending-the-war-in-ukraine"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
EMAIL_BLOCK = """
email:
  to: ["secretary-staff@example.gov", "Jane Doe <jane.doe@example.gov>"]
  cc: "desk@example.gov"
  from: "Policy Planning Staff <policy-planning@example.gov>"
"""


def _workspace(folder: Path, email_block: str = EMAIL_BLOCK) -> Path:
    """The default brief, with the given email block in place of its own."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copytree(REPO / "sources", folder / "sources")
    text = (REPO / "brief.yaml").read_text(encoding="utf-8")
    start = text.index("# Addresses of the email draft")
    end = text.index("\nlayout:")
    (folder / "brief.yaml").write_text(text[:start] + email_block.strip("\n") + "\n" + text[end:], encoding="utf-8")
    return folder


def _invoke(*args: str, env: dict | None = None):
    return CliRunner().invoke(main, list(args), env=env)


def _parse(data: bytes):
    return BytesParser(policy=policy.default).parsebytes(data)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The default brief with EMAIL_BLOCK, built with --format eml (once; then again,
    into a second folder, for reproducibility)."""
    root = _workspace(tmp_path_factory.mktemp("eml") / "ws")
    result = _invoke("-C", str(root), "build", "--format", "eml", "-o", str(root / "out"))
    assert result.exit_code == 0, result.output
    again = _invoke("-C", str(root), "build", "--format", "eml", "-o", str(root / "again"))
    assert again.exit_code == 0, again.output
    return root


def test_eml_writes_the_pdf_and_docx_it_attaches(built):
    names = sorted(p.name for p in (built / "out").iterdir() if not p.name.startswith("."))
    assert names == sorted(f"{STEM}.{ext}" for ext in ("docx", "eml", "pdf"))


def test_eml_is_byte_reproducible(built):
    assert (built / "out" / f"{STEM}.eml").read_bytes() == (built / "again" / f"{STEM}.eml").read_bytes()


def test_eml_structure_headers_and_attachments(built):
    data = (built / "out" / f"{STEM}.eml").read_bytes()
    assert b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")  # RFC 5322 line ends
    assert all(len(line) <= 998 for line in data.split(b"\r\n"))
    message = _parse(data)
    assert message["X-Unsent"] == "1"
    assert message["Subject"] == "[UNCLASSIFIED] US–European talks on Ukraine peace efforts"
    assert message["From"] == "Policy Planning Staff <policy-planning@example.gov>"
    assert [a.addr_spec for a in message["To"].addresses] == ["secretary-staff@example.gov", "jane.doe@example.gov"]
    assert [a.addr_spec for a in message["Cc"].addresses] == ["desk@example.gov"]
    assert message["Date"].datetime == dt.datetime(2025, 2, 11, tzinfo=dt.timezone.utc)
    assert message["Message-ID"].endswith("@briefgen>")
    assert message.get_content_type() == "multipart/mixed"
    parts = message.get_payload()
    assert [p.get_content_type() for p in parts] == ["multipart/alternative", "application/pdf", DOCX_TYPE]
    assert [p.get_content_type() for p in parts[0].get_payload()] == ["text/plain", "text/html"]
    for part, ext in zip(parts[1:], ("pdf", "docx")):
        assert part.get_content_disposition() == "attachment"
        assert part.get_filename() == f"{STEM}.{ext}"
        assert part.get_content() == (built / "out" / f"{STEM}.{ext}").read_bytes()


def test_eml_bodies_say_the_marking_summary_key_points_and_attachments(built):
    message = _parse((built / "out" / f"{STEM}.eml").read_bytes())
    plain = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    for body in (plain, html):
        assert "UNCLASSIFIED" in body
        assert "Senior US officials meet European counterparts" in body
        assert "Security guarantees for Ukraine are part of the discussions." in body
        assert f"{STEM}.pdf" in body and f"{STEM}.docx" in body
    assert plain.index("SUMMARY") < plain.index("KEY POINTS")
    # Email-safe: inline styles only, nothing fetched, the memo's text escaped.
    lowered = html.lower()
    for needle in ("<style", "<link", "<script", "<img", "src=", "url(", "http://", "https://"):
        assert needle not in lowered
    assert "style=" in html
    assert "“own this conflict”" in html


def _with_summary(folder: Path, summary: str) -> Path:
    path = folder / "brief.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("\nsummary: |")
    end = text.index("\n\n", start + 1)
    path.write_text(text[:start] + f"\nsummary: {summary!r}" + text[end:], encoding="utf-8")
    return folder


def test_eml_html_body_escapes_the_memo(tmp_path):
    from briefgen.pipeline import load
    from briefgen.render.eml import html_body, plain_body

    root = _with_summary(_workspace(tmp_path / "ws"), "<script>alert(1)</script> & <b>bold</b> **strong**")
    summary = load(root).summary
    html = html_body(summary, ["a<b>.pdf"])
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in html
    assert "<strong>strong</strong>" in html
    assert "a&lt;b&gt;.pdf" in html
    assert "<script>alert(1)</script> & <b>bold</b> strong" in plain_body(summary, [])


@pytest.mark.parametrize("block, where, message", [
    ('email:\n  to: ["not an address"]\n', 3, "email.to item 'not an address' is not an email address"),
    ('email:\n  to: ["a@example.gov"]\n  from: "x@"\n', 4, "email.from 'x@' is not an email address"),
    ('email:\n  cc: "a@example.gov, b@example.gov"\n', 3, "is several addresses"),
    ('email:\n  to:\n    - a@example.gov\n    - "grp: b@example.gov;"\n', 5, "is not an email address"),
    ('email:\n  to: ["a@example.gov"]\n  from: "a b@example.gov"\n', 4, "is not an email address"),
    ('email:\n  to: ["a@example.gov"]\n  bcc: ["b@example.gov"]\n', 4, "unknown key 'bcc' in email"),
    ('email:\n  to: {a: b}\n', 3, "email.to must be a list"),
])
def test_malformed_email_block_is_a_located_error(tmp_path, block, where, message):
    root = _workspace(tmp_path / "ws", "\n" + block)
    line = (root / "brief.yaml").read_text(encoding="utf-8").split("\n").index("email:") + 1
    result = _invoke("-C", str(root), "check")
    assert result.exit_code == 1
    assert f"brief.yaml:{line + where - 2}:" in result.output, result.output
    assert message in result.output
    assert "Traceback" not in result.output


# ---- send ---------------------------------------------------------------------------------------

REFUSED = "refused@example.gov"


class _Handler:
    def __init__(self) -> None:
        self.received: list[tuple[str, list[str], bytes]] = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address == REFUSED:
            return "550 5.1.1 no such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.received.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content))
        return "250 Message accepted for delivery"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server():
    """Starts an aiosmtpd server on 127.0.0.1 with the given options; stops it after."""
    controllers = []

    def start(**options):
        handler = _Handler()
        controller = Controller(handler, hostname="127.0.0.1", port=_free_port(), **options)
        controller.start()
        controllers.append(controller)
        return handler, controller.port

    yield start
    for controller in controllers:
        controller.stop()


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    """A self-signed certificate for 127.0.0.1: (certificate file, key file)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=7))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                           critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    folder = tmp_path_factory.mktemp("tls")
    (folder / "cert.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (folder / "key.pem").write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                                       serialization.PrivateFormat.PKCS8,
                                                       serialization.NoEncryption()))
    return folder / "cert.pem", folder / "key.pem"


def _check_received(handler: _Handler, built: Path, recipients: list[str]) -> None:
    assert len(handler.received) == 1
    sender, rcpt_tos, content = handler.received[0]
    assert sender == "policy-planning@example.gov"
    assert rcpt_tos == recipients
    message = _parse(content)
    assert message["X-Unsent"] is None
    assert message["Subject"] == "[UNCLASSIFIED] US–European talks on Ukraine peace efforts"
    attachments = list(message.iter_attachments())
    assert [a.get_filename() for a in attachments] == [f"{STEM}.pdf", f"{STEM}.docx"]
    for attachment, ext in zip(attachments, ("pdf", "docx")):
        assert attachment.get_content() == (built / "out" / f"{STEM}.{ext}").read_bytes()
    draft = _parse((built / "out" / f"{STEM}.eml").read_bytes())
    assert message.get_body(("plain",)).get_content() == draft.get_body(("plain",)).get_content()


ALL = ["secretary-staff@example.gov", "jane.doe@example.gov", "desk@example.gov"]


def test_send_with_starttls_to_a_real_server(built, smtp_server, certificate):
    cert, key = certificate
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    handler, port = smtp_server(tls_context=context, require_starttls=True)
    result = _invoke("-C", str(built), "send", "--smtp", f"127.0.0.1:{port}", "--starttls", "--cafile", str(cert))
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-3:] == [f"sent to {address}" for address in ALL]
    _check_received(handler, built, ALL)


def test_starttls_with_an_untrusted_certificate_is_one_line(built, smtp_server, certificate):
    cert, key = certificate
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    handler, port = smtp_server(tls_context=context, require_starttls=True)
    result = _invoke("-C", str(built), "send", "--smtp", f"127.0.0.1:{port}", "--starttls")
    assert result.exit_code == 1
    assert f"error: TLS with SMTP server 127.0.0.1:{port} failed: certificate verify failed" in result.output
    assert "Traceback" not in result.output and not handler.received


def test_send_plain_and_a_refused_recipient(tmp_path, built, smtp_server):
    handler, port = smtp_server()
    result = _invoke("-C", str(built), "send", "--smtp", f"127.0.0.1:{port}")
    assert result.exit_code == 0, result.output
    _check_received(handler, built, ALL)

    refusing = _workspace(tmp_path / "ws", EMAIL_BLOCK.replace('cc: "desk@example.gov"', f'cc: "{REFUSED}"'))
    handler, port = smtp_server()
    result = _invoke("-C", str(refusing), "send", "--smtp", f"127.0.0.1:{port}")
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if "error:" in line]
    assert len(errors) == 1 and REFUSED in errors[0] and "550" in errors[0] and "nothing sent" in errors[0]
    assert "Traceback" not in result.output
    assert handler.received == []  # all or none: the others did not get it either


def test_refused_login_and_unreachable_server(built, smtp_server):
    def deny(server, session, envelope, mechanism, auth_data):
        return AuthResult(success=False, handled=False)

    handler, port = smtp_server(authenticator=deny, auth_require_tls=False)
    result = _invoke("-C", str(built), "send", "--smtp", f"127.0.0.1:{port}", "--user", "analyst",
                     env={"BRIEFGEN_SMTP_PASSWORD": "wrong"})
    assert result.exit_code == 1
    assert f"SMTP server 127.0.0.1:{port} refused the login of analyst: 535" in result.output
    assert "Traceback" not in result.output and not handler.received

    result = _invoke("-C", str(built), "send", "--smtp", f"127.0.0.1:{port}", "--user", "analyst",
                     env={"BRIEFGEN_SMTP_PASSWORD": ""})
    assert result.exit_code == 1 and "needs a password: set BRIEFGEN_SMTP_PASSWORD" in result.output

    closed = _free_port()
    result = _invoke("-C", str(built), "send", "--smtp", f"127.0.0.1:{closed}", "--timeout", "5")
    assert result.exit_code == 1
    assert f"error: cannot reach SMTP server 127.0.0.1:{closed}" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_nothing_is_sent_without_a_recipient(tmp_path, smtp_server):
    root = _workspace(tmp_path / "ws", '\nemail:\n  from: "a@example.gov"\n')
    handler, port = smtp_server()
    result = _invoke("-C", str(root), "send", "--smtp", f"127.0.0.1:{port}")
    assert result.exit_code == 1
    assert "no recipient" in result.output and not handler.received


def test_dry_run_prints_and_sends_nothing(built, smtp_server):
    handler, port = smtp_server()
    result = _invoke("-C", str(built), "send", "--smtp", f"127.0.0.1:{port}", "--starttls", "--dry-run")
    assert result.exit_code == 0, result.output
    assert f"via 127.0.0.1:{port} with STARTTLS" in result.output
    for address in ALL:
        assert f"  to {address}" in result.output
    assert f"  attached {STEM}.pdf" in result.output
    assert not handler.received
