"""Hostile workspaces (issue #12): a reference.docx from anyone, and outputs all or none.

A workspace's templates/reference.docx is untrusted: size and inflation limits, bounded
reading, located errors for malformed parts, nothing in the memo that makes Word fetch.
A build replaces every output or none, and SIGTERM, SIGHUP and SIGKILL leave out/ as it
was (a kill outright: at most temporary files, which the next build removes).
"""

from __future__ import annotations

import io
import os
import re
import signal
import struct
import subprocess
import sys
import textwrap
import time
import zipfile
import zlib
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from lxml import etree

import briefgen.output
import briefgen.render.docx
from briefgen.cli import main
from briefgen.output import TEMPORARY_PREFIX, remove_stale_temporaries
from briefgen.render import docx_reference

from test_reliability import (STEM, assert_valid_docx, contents, has_loaded, make_workspace, process_env,
                              with_old_outputs)

REFERENCE = Path("templates") / "reference.docx"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
EVIL = "http://127.0.0.1:9/evil"


@pytest.fixture
def ws(tmp_path, monkeypatch) -> Path:
    root = make_workspace(tmp_path / "ws")
    (root / "templates").mkdir()
    monkeypatch.chdir(root)
    return root


def run(root: Path, *args: str):
    return CliRunner().invoke(main, ["-C", str(root), *args])


def build_process(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "briefgen", "-C", str(root), "build", *args],
                          capture_output=True, text=True, timeout=180, env=process_env(), cwd=root)


def blank_reference() -> dict[str, bytes]:
    """A house style as python-docx's template has it: entry name -> bytes."""
    saved = io.BytesIO()
    docx.Document().save(saved)
    with zipfile.ZipFile(saved) as package:
        return {name: package.read(name) for name in package.namelist()}


def zipped(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in entries.items():
            package.writestr(name, data)
    return out.getvalue()


def raw_zip(entries: list[tuple[str, bytes, int, int]]) -> bytes:
    """A zip written by hand: (name, raw deflate data, crc, declared size) per entry, so
    a test can declare any size and inflate any amount without compressing it here."""
    out, central = io.BytesIO(), io.BytesIO()
    for name, data, crc, size in entries:
        encoded = name.encode()
        offset = out.tell()
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, crc, len(data), size,
                              len(encoded), 0) + encoded + data)
        central.write(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0x21, crc, len(data), size,
                                  len(encoded), 0, 0, 0, 0, 0, offset) + encoded)
    start = out.tell()
    out.write(central.getvalue())
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(central.getvalue()),
                          start, 0))
    return out.getvalue()


def deflated(data: bytes) -> tuple[bytes, int, int]:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush(), zlib.crc32(data), len(data)


def zeros_deflated(megabytes: int) -> tuple[bytes, int, int]:
    """Raw deflate data inflating to ``megabytes`` MB of zeros, made from one block
    repeated (a full flush makes each megabyte's block the same bytes)."""
    chunk = bytes(1 << 20)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    again = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    assert block == again
    crc = 0
    for _ in range(megabytes):
        crc = zlib.crc32(chunk, crc)
    return block * megabytes + compressor.flush(), crc, megabytes << 20


def bomb(megabytes: int, declared: int | None = None) -> bytes:
    """A reference.docx whose word/document.xml inflates to ``megabytes`` MB of zeros,
    declaring ``declared`` bytes (default: the truth)."""
    entries = [(name, *deflated(data)) for name, data in blank_reference().items() if name != "word/document.xml"]
    data, crc, size = zeros_deflated(megabytes)
    return raw_zip(entries + [("word/document.xml", data, crc, size if declared is None else declared)])


def put_reference(root: Path, data: bytes) -> None:
    (root / REFERENCE).write_bytes(data)


def reference_error(result) -> str:
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    [error] = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert error.startswith(f"{REFERENCE}: error: "), error
    return error


def with_document(change) -> bytes:
    """The blank house style with word/document.xml changed by change(text) -> text."""
    entries = blank_reference()
    entries["word/document.xml"] = change(entries["word/document.xml"].decode()).encode()
    return zipped(entries)


# ---- limits -----------------------------------------------------------------------------------------

class TestReferenceLimits:
    def test_a_file_over_the_size_limit_is_refused_unread(self, ws):
        with open(ws / REFERENCE, "wb") as stream:
            stream.truncate(docx_reference.MAX_FILE_BYTES + 1)  # sparse: no disk, no reading
        assert "over the 20.0 MB a house style may be" in reference_error(run(ws, "build", "-f", "docx"))

    def test_too_many_entries(self, ws):
        entries = blank_reference()
        entries.update({f"customXml/item{n}.xml": b"<a/>" for n in range(docx_reference.MAX_ENTRIES)})
        put_reference(ws, zipped(entries))
        assert "parts, over the 1000 allowed" in reference_error(run(ws, "build", "-f", "docx"))

    def test_a_zip_bomb_is_refused_by_its_declared_size(self, ws):
        put_reference(ws, bomb(200))
        assert "would inflate to 200.0 MB" in reference_error(run(ws, "build", "-f", "docx"))

    def test_a_part_that_inflates_too_many_times_is_refused(self, ws):
        put_reference(ws, bomb(40))  # under the part limit, but a thousand times its size
        assert "(a zip bomb?)" in reference_error(run(ws, "build", "-f", "docx"))

    def test_parts_over_the_total_are_refused(self, ws):
        entries = [(name, *deflated(data)) for name, data in blank_reference().items()]
        many = [(f"media/big{n}.bin", *deflated(os.urandom(1 << 20))) for n in range(3)]
        lying = [(name, data, crc, 40 << 20) for name, data, crc, _ in many]  # 3 x 40 MB declared
        put_reference(ws, raw_zip(entries + lying))
        assert "would inflate to over 100.0 MB" in reference_error(run(ws, "build", "-f", "docx"))

    @pytest.mark.parametrize("declared", [1000, 30 << 20])
    def test_a_part_inflating_past_its_declared_size_is_stopped(self, ws, declared):
        put_reference(ws, bomb(1500, declared=declared))
        error = reference_error(run(ws, "build", "-f", "docx"))
        assert "not a usable Word document" in error

    def test_a_bomb_builds_nothing_in_little_memory(self, ws):
        """The issue's case: a 1.5 MB file that inflates to 1.5 GB. The build runs in a
        child of a child, whose peak memory (max RSS) the child reports."""
        put_reference(ws, bomb(1500))
        assert (ws / REFERENCE).stat().st_size < 2 << 20
        before = with_old_outputs(ws)
        script = textwrap.dedent(f"""
            import resource, subprocess, sys
            done = subprocess.run([sys.executable, "-m", "briefgen", "-C", {str(ws)!r}, "build", "-f", "docx"],
                                  capture_output=True, text=True)
            sys.stderr.write(done.stderr)
            print(done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
        """)
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                              env=process_env(), cwd=ws)
        status, peak_kb = map(int, done.stdout.split())
        print(f"zip bomb reference.docx (1.5 MB -> 1.5 GB): exit {status}, peak RSS {peak_kb / 1024:.0f} MB")
        assert status == 1
        assert f"{REFERENCE}: error: not a usable Word document: part 'word/document.xml' would inflate" \
            in done.stderr
        assert "Traceback" not in done.stderr
        assert peak_kb < 250 * 1024
        assert contents(ws / "out") == before


# ---- malformed parts --------------------------------------------------------------------------------

class TestReferenceMalformed:
    @pytest.mark.parametrize("change, expected", [
        (lambda xml: re.sub(r"<w:body>.*</w:body>", "", xml, flags=re.S), "has no body (w:body)"),
        (lambda xml: re.sub(r"<w:sectPr.*</w:sectPr>", "", xml, flags=re.S), "has no section properties"),
        (lambda xml: re.sub(r'w:left="\d+"', 'w:left="wide"', xml), "w:pgMar/@w:left is 'wide'"),
        (lambda xml: re.sub(r'w:w="\d+"', 'w:w="1e999"', xml), "w:pgSz/@w:w is '1e999'"),
        (lambda xml: re.sub(r'w:top="\d+"', 'w:top="99999999999999"', xml), "larger than any page"),
        (lambda xml: xml[: len(xml) // 2], "not a usable Word document"),
    ], ids=["no-body", "no-sectPr", "margin-word", "width-float", "margin-huge", "cut-xml"])
    def test_a_malformed_document_part_is_a_located_error(self, ws, change, expected):
        put_reference(ws, with_document(change))
        error = reference_error(run(ws, "build", "-f", "docx"))
        assert expected in error

    def test_a_missing_document_part_and_not_a_zip(self, ws):
        entries = blank_reference()
        del entries["word/document.xml"]
        put_reference(ws, zipped(entries))
        assert "not a usable Word document" in reference_error(run(ws, "build", "-f", "docx"))
        put_reference(ws, b"PK\x03\x04 truncated")
        assert "not a zip package" in reference_error(run(ws, "build", "-f", "docx"))

    def test_a_style_python_docx_cannot_read_is_a_located_error(self, ws):
        entries = blank_reference()
        styles = entries["word/styles.xml"].decode()
        entries["word/styles.xml"] = re.sub(r'<w:sz w:val="\d+"/>', '<w:sz w:val="big"/>', styles, count=1).encode()
        put_reference(ws, zipped(entries))
        result = run(ws, "build", "-f", "docx")
        if result.exit_code != 0:  # python-docx reads that size only for a style briefgen shapes
            assert "cannot use this house style" in reference_error(result) or "not a usable" in result.stderr


# ---- nothing that fetches ---------------------------------------------------------------------------

def hostile_reference() -> bytes:
    """A house style with every way of pointing outside that a memo could inherit."""
    entries = blank_reference()
    ext = 'TargetMode="External"'
    rels = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    def add_rels(name: str, extra: str) -> None:
        text = entries[name].decode()
        entries[name] = text.replace("</Relationships>", extra + "</Relationships>").encode()

    settings = entries["word/settings.xml"].decode()
    settings = re.sub(r"(<w:settings[^>]*>)", r'\1<w:attachedTemplate r:id="rIdEvilT"/><w:linkedStyles/>'
                      r'<w:mailMerge><w:mainDocumentType w:val="formLetters"/>'
                      r'<w:dataSource r:id="rIdEvilM"/></w:mailMerge>', settings, count=1)
    if 'xmlns:r=' not in settings.split(">", 2)[1]:
        settings = settings.replace("<w:settings ", f'<w:settings xmlns:r="{R_NS}" ', 1)
    entries["word/settings.xml"] = settings.encode()
    entries["word/_rels/settings.xml.rels"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rIdEvilT" Type="{rels}/attachedTemplate" Target="{EVIL}.dotm" {ext}/>'
        f'<Relationship Id="rIdEvilM" Type="{rels}/mailMergeSource" Target="{EVIL}.csv" {ext}/>'
        '</Relationships>').encode()
    # A header with a linked picture and an INCLUDEPICTURE field, used by the last section.
    entries["word/header1.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:hdr xmlns:w="{W_NS}" xmlns:r="{R_NS}">'
        f'<w:p><w:hyperlink r:id="rIdEvilH"><w:r><w:t>x</w:t></w:r></w:hyperlink>'
        f'<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText> INCLUDEPICTURE "{EVIL}.png" \\d </w:instrText></w:r>'
        f'<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p></w:hdr>').encode()
    entries["word/_rels/header1.xml.rels"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rIdEvilH" Type="{rels}/hyperlink" Target="{EVIL}-header" {ext}/>'
        f'<Relationship Id="rIdEvilI" Type="{rels}/image" Target="{EVIL}.png" {ext}/>'
        '</Relationships>').encode()
    types = entries["[Content_Types].xml"].decode()
    entries["[Content_Types].xml"] = types.replace("</Types>", (
        '<Override PartName="/word/header1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/></Types>')).encode()
    add_rels("word/_rels/document.xml.rels",
             f'<Relationship Id="rIdEvilD" Type="{rels}/hyperlink" Target="{EVIL}-document" {ext}/>'
             f'<Relationship Id="rIdHdr" Type="{rels}/header" Target="header1.xml"/>')
    add_rels("_rels/.rels", f'<Relationship Id="rIdEvilP" Type="{rels}/hyperlink" Target="{EVIL}-package" {ext}/>')
    theme_rels = "word/theme/_rels/theme1.xml.rels"
    entries[theme_rels] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rIdEvilTh" Type="{rels}/image" Target="{EVIL}-theme.png" {ext}/>'
        '</Relationships>')
    entries[theme_rels] = entries[theme_rels].encode()
    styles_rels = "word/_rels/styles.xml.rels"
    entries[styles_rels] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rIdEvilS" Type="{rels}/image" Target="{EVIL}-styles.png" {ext}/>'
        '</Relationships>').encode()
    document = entries["word/document.xml"].decode()
    document = document.replace("<w:sectPr", '<w:p><w:hyperlink r:id="rIdEvilD"><w:r><w:t>link</w:t></w:r>'
                                '</w:hyperlink></w:p><w:sectPr', 1)
    document = re.sub(r"(<w:sectPr[^>]*>)", r'\1<w:headerReference w:type="default" r:id="rIdHdr"/>', document,
                      count=1)
    entries["word/document.xml"] = document.encode()
    return zipped(entries)


def assert_nothing_fetches(data: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        names = package.namelist()
        for name in names:
            text = package.read(name).decode("utf-8", "replace")
            assert "127.0.0.1" not in text, name
            if name.endswith(".rels"):
                assert 'TargetMode="External"' not in text, name
        settings = package.read("word/settings.xml").decode()
        for tag in ("attachedTemplate", "linkedStyles", "mailMerge"):
            assert f"w:{tag}" not in settings
        # Every r:id left in a part names one of that part's relationships.
        for name in names:
            if not name.endswith(".xml") or "/_rels/" in name:
                continue
            folder, base = name.rsplit("/", 1) if "/" in name else ("", name)
            rels_name = f"{folder}/_rels/{base}.rels" if folder else f"_rels/{base}.rels"
            ids = set(re.findall(r'Id="([^"]+)"', package.read(rels_name).decode())) if rels_name in names else set()
            used = {value for element in etree.fromstring(package.read(name)).iter()
                    for key, value in element.attrib.items() if key.startswith(f"{{{R_NS}}}")}
            assert used <= ids, (name, used - ids)
    assert_valid_docx(data)


class TestReferenceExternal:
    def test_the_hostile_reference_opens_in_python_docx_with_its_external_parts(self, ws):
        document = docx.Document(io.BytesIO(hostile_reference()))
        external = [rel for part in document.part.package.iter_parts() for rel in part.rels.values()
                    if rel.is_external]
        assert len(external) >= 6  # the test's file really is hostile

    def test_no_external_relationship_or_attached_template_reaches_the_memo(self, ws):
        put_reference(ws, hostile_reference())
        result = run(ws, "build", "-f", "docx")
        assert result.exit_code == 0, result.output
        data = (ws / "out" / f"{STEM}.docx").read_bytes()
        assert_nothing_fetches(data)
        with zipfile.ZipFile(io.BytesIO(data)) as package:  # the headers are the memo's own
            assert not any(b"INCLUDEPICTURE" in package.read(name) for name in package.namelist())

    def test_a_draft_memo_from_the_hostile_reference_too(self, ws):
        put_reference(ws, hostile_reference())
        result = run(ws, "build", "-f", "docx", "--draft")
        assert result.exit_code == 0, result.output
        assert_nothing_fetches((ws / "out" / f"{STEM}.docx").read_bytes())

    def test_an_ordinary_reference_keeps_its_look(self, ws):
        house = docx.Document()
        house.styles["Normal"].font.name = "Garamond"
        house.save(ws / REFERENCE)
        assert run(ws, "build", "-f", "docx").exit_code == 0
        memo = docx.Document(ws / "out" / f"{STEM}.docx")
        assert memo.styles["Normal"].font.name == "Garamond"


# ---- all or none ------------------------------------------------------------------------------------

def temporaries(folder: Path) -> list[str]:
    return sorted(name for name in os.listdir(folder) if name.startswith(TEMPORARY_PREFIX))


class TestAllOrNone:
    def test_a_folder_where_the_json_goes_fails_the_build_and_changes_nothing(self, ws):
        assert build_process(ws, "-f", "all").returncode == 0  # a previous build
        (ws / "brief.yaml").write_text((ws / "brief.yaml").read_text() + 'summary: "Changed."\n')
        json_target = ws / "out" / f"{STEM}.json"
        json_target.unlink()
        json_target.mkdir()
        before = {name: data for name, data in contents_files(ws / "out").items()}
        result = run(ws, "build", "-f", "pdf", "-f", "docx", "-f", "json", "-f", "html")
        error = reference_or_output_error(result)
        assert error == f"out/{STEM}.json: error: cannot write: a folder of that name is in the way"
        assert contents_files(ws / "out") == before
        assert temporaries(ws / "out") == []

    def test_a_rename_failing_midway_puts_back_the_files_already_replaced(self, ws, monkeypatch):
        out = ws / "out"
        out.mkdir()
        (out / f"{STEM}.docx").write_bytes(b"earlier docx")
        (out / f"{STEM}.json").write_bytes(b"earlier json")
        before = contents(out)  # no html yet: the one made must go again
        real_replace, calls = os.replace, []

        def third_fails(source, target):
            calls.append(target)
            if len(calls) == 3:
                raise OSError(28, "No space left on device")
            return real_replace(source, target)

        monkeypatch.setattr(briefgen.output.os, "replace", third_fails)
        result = run(ws, "build", "-f", "docx", "-f", "html", "-f", "json")
        assert result.exit_code == 1
        assert "cannot write: No space left on device" in result.stderr
        monkeypatch.undo()
        assert contents(out) == before

    def test_a_later_build_succeeds_once_the_folder_is_gone(self, ws):
        (ws / "out" / f"{STEM}.json").mkdir(parents=True)
        assert run(ws, "build", "-f", "json").exit_code == 1
        (ws / "out" / f"{STEM}.json").rmdir()
        assert run(ws, "build", "-f", "json").exit_code == 0
        assert sorted(os.listdir(ws / "out")) == [f"{STEM}.json"]

    def test_stale_temporaries_are_removed_and_live_ones_kept(self, ws):
        out = ws / "out"
        out.mkdir()
        dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                              text=True).stdout.strip()
        stale = [out / f"{TEMPORARY_PREFIX}{dead}-abcd1234.{STEM}.pdf.part",
                 out / f"{TEMPORARY_PREFIX}{dead}-abcd1235.{STEM}.docx.old"]
        old_but_alive = out / f"{TEMPORARY_PREFIX}1-abcd1236.{STEM}.json.part"  # pid 1 lives, but a day ago
        live = out / f"{TEMPORARY_PREFIX}{os.getppid()}-abcd1237.{STEM}.json.part"
        not_ours = out / ".briefgen-tmp-notes.txt"
        for path in (*stale, old_but_alive, live, not_ours):
            path.write_bytes(b"x")
        os.utime(old_but_alive, (time.time() - 2 * 86400,) * 2)
        assert run(ws, "build", "-f", "json").exit_code == 0
        assert sorted(os.listdir(out)) == sorted([f"{STEM}.json", live.name, not_ours.name])
        assert remove_stale_temporaries(out) == []


def contents_files(folder: Path) -> dict[str, bytes | None]:
    """contents(), with a folder shown as None."""
    return {path.name: None if path.is_dir() else path.read_bytes() for path in sorted(folder.iterdir())}


def reference_or_output_error(result) -> str:
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    [error] = [line for line in result.stderr.splitlines() if ": error: " in line]
    return error


# ---- signals ------------------------------------------------------------------------------------------

def long_workspace(root: Path) -> Path:
    long_quote = "[" + "many words in a very long quote " * 8000 + "]{.key}\n"
    return make_workspace(root, sources={"a.md": "Headline\n\n" + long_quote})


class TestSignals:
    @pytest.mark.skipif(not Path("/proc/self/maps").exists(), reason="needs /proc to see WeasyPrint load")
    @pytest.mark.parametrize("number", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP],
                             ids=["SIGINT", "SIGTERM", "SIGHUP"])
    def test_ctrl_c_sigterm_and_sighup_stop_a_pdf_build_and_leave_out_as_it_was(self, tmp_path, number):
        """The signal reaches a real build once WeasyPrint is loaded, while it lays out a long memo."""
        root = long_workspace(tmp_path / "ws")
        before = with_old_outputs(root)
        process = subprocess.Popen([sys.executable, "-m", "briefgen", "-C", str(root), "build"],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=process_env())
        deadline = time.monotonic() + 60
        while process.poll() is None and not has_loaded(process.pid, "libpango") and time.monotonic() < deadline:
            time.sleep(0.02)
        process.send_signal(number)
        _, stderr = process.communicate(timeout=60)
        assert process.returncode == 128 + number, stderr
        assert stderr.endswith("briefgen: interrupted; files in the output folder are as they were\n")
        assert "Traceback" not in stderr
        assert contents(root / "out") == before

    @pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
    def test_a_signal_while_rendering_in_process(self, ws, monkeypatch, number):
        before = with_old_outputs(ws)

        def signalled(*args, **kwargs):
            signal.raise_signal(number)

        monkeypatch.setattr(briefgen.render.docx, "render_docx", signalled)
        result = run(ws, "build", "-f", "json", "-f", "docx")
        assert result.exit_code == 128 + number
        assert result.stderr == "briefgen: interrupted; files in the output folder are as they were\n"
        assert contents(ws / "out") == before
        assert signal.getsignal(number) is signal.SIG_DFL  # restored after the command

    def test_sigkill_while_writing_leaves_only_temporaries_which_the_next_build_removes(self, tmp_path):
        root = make_workspace(tmp_path / "ws")
        before = with_old_outputs(root)
        # The build sleeps after writing its first temporary file: killed there.
        script = textwrap.dedent("""
            import os, sys, time
            import briefgen.output
            from briefgen.cli import main
            real_fsync, calls = os.fsync, []
            def slow_fsync(fd):
                real_fsync(fd)
                calls.append(fd)
                if len(calls) == 2:
                    time.sleep(120)
            briefgen.output.os.fsync = slow_fsync
            sys.exit(main(["-C", sys.argv[1], "build", "-f", "docx", "-f", "html", "-f", "json"]))
        """)
        process = subprocess.Popen([sys.executable, "-c", script, str(root)], env=process_env(),
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 90
        while process.poll() is None and len(temporaries(root / "out")) < 2 and time.monotonic() < deadline:
            time.sleep(0.02)
        process.kill()
        process.communicate(timeout=30)
        left = temporaries(root / "out")
        assert len(left) == 2, left
        assert {name: data for name, data in contents(root / "out").items() if name not in left} == before
        assert build_process(root, "-f", "docx", "-f", "json").returncode == 0
        assert temporaries(root / "out") == []
        after = contents(root / "out")
        assert sorted(after) == sorted(before)
        assert not after[f"{STEM}.docx"].startswith(b"earlier")
        assert after[f"{STEM}.pdf"] == before[f"{STEM}.pdf"]
