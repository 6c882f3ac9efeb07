"""Issue #12, hostile workspaces: a workspace's templates and theme are untrusted.

Every template renders in Jinja's sandbox, is read only from inside its template
folder, and fails as `templates/<file>:LINE: error: ...`; every theme value is checked
at `templates/theme.yaml:LINE:COL`; `check` renders nothing; `watch` survives a bad
theme. Everything runs through the command line: exit 0 or 1, never a traceback.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefgen.cli import main

REPO = Path(__file__).resolve().parent.parent
BUILTIN = REPO / "templates"
SECRET = "SECRET-OUTSIDE-TEXT-7f3a9c"


def run(ws: Path, *args: str):
    result = CliRunner().invoke(main, ["-C", str(ws), *args])
    output = result.output + (result.stderr if result.stderr_bytes is not None else "")
    assert "Traceback" not in output, output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result


def everything_in(folder: Path) -> str:
    if not folder.exists():
        return ""
    return "".join(path.read_bytes().decode("utf-8", "replace") for path in folder.rglob("*") if path.is_file())


def snapshot(folder: Path) -> dict[str, str]:
    if not folder.exists():
        return {}
    return {str(path): hashlib.sha256(path.read_bytes()).hexdigest() for path in folder.rglob("*") if path.is_file()}


@pytest.fixture
def ws(tmp_path) -> Path:
    root = tmp_path / "ws"
    assert CliRunner().invoke(main, ["init", str(root)]).exit_code == 0
    (root / "templates").mkdir()
    return root


@pytest.fixture
def outside(tmp_path) -> Path:
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "secret.css").write_text(f"/* {SECRET} */ body {{ color: red }}\n", encoding="utf-8")
    (folder / "secret.j2").write_text(f"{SECRET}\n", encoding="utf-8")
    (folder / "theme.yaml").write_text((BUILTIN / "theme.yaml").read_text(encoding="utf-8")
                                       + f"# {SECRET}\n", encoding="utf-8")
    (folder / "reference.docx").write_bytes(b"PK" + SECRET.encode())
    return folder


def with_line(name: str, line: str, position: int = 0) -> str:
    """The built-in template `name` with `line` inserted as its line `position`+1
    (-1: appended as its last line)."""
    lines = (BUILTIN / name).read_text(encoding="utf-8").splitlines(keepends=True)
    lines.insert(len(lines) if position == -1 else position, line + "\n")
    return "".join(lines)


def last_line(name: str) -> int:
    """The line number of a line appended to the built-in template `name`."""
    return len((BUILTIN / name).read_text(encoding="utf-8").splitlines()) + 1


def located(result, name: str) -> int:
    """The line of a `templates/<name>:LINE: error:` message (exit 1)."""
    assert result.exit_code == 1, result.output
    match = re.search(rf"templates[/\\]{re.escape(name)}:(\d+)(?::\d+)?: error: ", result.stderr)
    assert match, result.stderr
    return int(match.group(1))


# ---- server-side template injection ------------------------------------------------------------------

def payloads(marker: Path) -> list[str]:
    command = f"touch {marker}"
    return [
        f'{{{{ cycler.__init__.__globals__.os.popen("{command}").read() }}}}',
        f'{{{{ joiner.__init__.__globals__.os.popen("{command}").read() }}}}',
        f'{{{{ lipsum.__globals__["os"].popen("{command}").read() }}}}',
        f'{{{{ namespace.__init__.__globals__.os.popen("{command}").read() }}}}',
        f'{{{{ "".__class__.__mro__[1].__subclasses__() }}}}',
        f'{{{{ ""|attr("__class__")|attr("__mro__") }}}}',
        f'{{{{ self._TemplateReference__context.cycler.__init__.__globals__.os.popen("{command}").read() }}}}',
        f'{{{{ format_date.__globals__["__builtins__"]["__import__"]("os").popen("{command}").read() }}}}',
        f'{{{{ sections.__globals__ }}}}',
        f'{{{{ plain_text.__code__ }}}}',
        f'{{{{ source_text.__module__.__class__ }}}}',
        '{{ SECTION_TITLES.update({"x": 1}) }}',
        '{{ "%s" % ("a" * 100000000) }}',
        '{{ 9 ** 99999999 }}',
        f'{{{{ range.__self__.__import__("os").system("{command}") }}}}',
        f'{{% for c in [].__class__.__base__.__subclasses__() %}}{{{{ c }}}}{{% endfor %}}',
    ]


class TestSandbox:
    @pytest.mark.parametrize("name", ["memo.html.j2", "memo.css.j2"])
    def test_injected_code_never_runs(self, ws, tmp_path, name):
        marker = tmp_path / "PWNED"
        for payload in payloads(marker):
            (ws / "templates" / name).write_text(with_line(name, payload), encoding="utf-8")
            result = run(ws, "build", "-f", "html")
            assert not marker.exists(), payload
            if result.exit_code == 1:
                assert located(result, name) == 1, payload
            else:
                assert result.exit_code == 0, result.output
            shutil.rmtree(ws / "out", ignore_errors=True)

    def test_blocked_payload_is_named(self, ws, tmp_path):
        (ws / "templates" / "memo.html.j2").write_text(
            with_line("memo.html.j2", '{{ cycler.__init__.__globals__.os.popen("id").read() }}', -1))
        result = run(ws, "build", "-f", "html")
        assert located(result, "memo.html.j2") == last_line("memo.html.j2")
        assert "sandbox" in result.stderr and "unsafe" in result.stderr
        assert not (ws / "out").exists()

    def test_built_in_templates_still_build_every_format_in_the_sandbox(self, ws):
        result = run(ws, "build", "-f", "html", "-f", "json", "-f", "docx")
        assert result.exit_code == 0, result.output

    def test_check_renders_no_workspace_template(self, ws, tmp_path, monkeypatch):
        assert run(ws, "build", "-f", "html").exit_code == 0
        marker = tmp_path / "PWNED"
        (ws / "out" / ".briefgen-pages").write_text('{"x": 3}\n')  # a record to look in
        (ws / "templates" / "memo.html.j2").write_text(payloads(marker)[0])
        (ws / "templates" / "memo.css.j2").write_text("{{ 1/0 }}")

        import briefgen.render.html as html

        def refuse(*args, **kwargs):
            raise AssertionError("check rendered a template")

        monkeypatch.setattr(html, "render_html", refuse)
        result = run(ws, "check")
        assert result.exit_code == 0, result.output
        assert "? pages" in result.stdout and not marker.exists()


# ---- templates only from inside templates/ ---------------------------------------------------------

class TestConfinement:
    def assert_refused(self, result, ws, name):
        assert result.exit_code == 1, result.output
        assert re.search(rf"templates[/\\]{re.escape(name)}(:\d+)*: error: ", result.stderr), result.stderr
        assert SECRET not in result.output + result.stderr
        assert SECRET not in everything_in(ws / "out")

    def test_symlinked_stylesheet_pointing_out(self, ws, outside):
        (ws / "templates" / "memo.css.j2").symlink_to(outside / "secret.css")
        result = run(ws, "build", "-f", "html")
        self.assert_refused(result, ws, "memo.css.j2")
        assert "outside the templates folder" in result.stderr

    def test_symlinked_memo_template_pointing_out(self, ws, outside):
        (ws / "templates" / "memo.html.j2").symlink_to(outside / "secret.j2")
        self.assert_refused(run(ws, "build", "-f", "html"), ws, "memo.html.j2")

    def test_symlinked_theme_pointing_out(self, ws, outside):
        (ws / "templates" / "theme.yaml").symlink_to(outside / "theme.yaml")
        self.assert_refused(run(ws, "build", "-f", "html"), ws, "theme.yaml")
        self.assert_refused(run(ws, "check"), ws, "theme.yaml")

    def test_symlinked_reference_docx_pointing_out(self, ws, outside):
        (ws / "templates" / "reference.docx").symlink_to(outside / "reference.docx")
        result = run(ws, "build", "-f", "docx")
        self.assert_refused(result, ws, "reference.docx")

    def test_symlink_inside_templates_is_fine(self, ws):
        (ws / "templates" / "house.css.j2").write_text((BUILTIN / "memo.css.j2").read_text())
        (ws / "templates" / "memo.css.j2").symlink_to("house.css.j2")
        assert run(ws, "build", "-f", "html").exit_code == 0

    def test_templates_folder_linking_out(self, ws, outside):
        (ws / "templates").rmdir()
        shutil.copy(outside / "secret.css", outside / "memo.css.j2")
        (ws / "templates").symlink_to(outside)
        result = run(ws, "build", "-f", "html")
        assert result.exit_code == 1 and "outside the workspace" in result.stderr
        assert SECRET not in everything_in(ws / "out")

    @pytest.mark.parametrize("target", ["../../etc/passwd", "/etc/passwd", "../brief.yaml", "./memo.css.j2",
                                        "sub/../../brief.yaml", "C:/Windows/win.ini", "..\\\\brief.yaml"])
    def test_include_out_of_the_folder(self, ws, target):
        (ws / "templates" / "memo.html.j2").write_text(with_line("memo.html.j2", f'{{% include "{target}" %}}', -1))
        result = run(ws, "build", "-f", "html")
        assert located(result, "memo.html.j2") == last_line("memo.html.j2")
        assert "root:" not in everything_in(ws / "out")

    def test_include_of_a_file_linking_out(self, ws, outside):
        (ws / "templates" / "part.j2").symlink_to(outside / "secret.j2")
        (ws / "templates" / "memo.html.j2").write_text(with_line("memo.html.j2", '{% include "part.j2" %}'))
        self.assert_refused(run(ws, "build", "-f", "html"), ws, "part.j2")

    def test_include_of_a_missing_template(self, ws):
        (ws / "templates" / "memo.html.j2").write_text(with_line("memo.html.j2", '{% include "nope.j2" %}', -1))
        result = run(ws, "build", "-f", "html")
        assert located(result, "memo.html.j2") == last_line("memo.html.j2") and "nope.j2" in result.stderr

    def test_oversized_template(self, ws):
        (ws / "templates" / "memo.css.j2").write_text("/* x */\n" * 200_000)
        result = run(ws, "build", "-f", "html")
        assert result.exit_code == 1 and "larger than" in result.stderr


# ---- template failures: located, exit 1, out/ untouched --------------------------------------------

class TestTemplateErrors:
    CASES = {
        "syntax": ("{% if %}", "memo.html.j2", True),
        "unclosed": ("{% for x in y %}", "memo.css.j2", False),
        "undefined": ("{{ no_such_name }}", "memo.html.j2", True),
        "undefined attribute": ("{{ memo.no_such_field }}", "memo.html.j2", True),
        "division by zero": ("{{ 1/0 }}", "memo.html.j2", True),
        "type error": ('{{ "a" + 1 }}', "memo.css.j2", True),
        "self include": ('{% include "memo.html.j2" %}', "memo.html.j2", True),
        "self extend": ('{% extends "memo.css.j2" %}', "memo.css.j2", False),
    }

    @pytest.mark.parametrize("case", list(CASES))
    def test_is_located_and_writes_nothing(self, ws, case):
        assert run(ws, "build", "-f", "html").exit_code == 0
        before = snapshot(ws / "out")
        line_text, name, line = self.CASES[case]
        (ws / "templates" / name).write_text(with_line(name, line_text, -1), encoding="utf-8")
        result = run(ws, "build", "-f", "html")
        found = located(result, name)
        if line:
            assert found == last_line(name), result.stderr
        assert snapshot(ws / "out") == before

    def test_bad_utf8(self, ws):
        data = with_line("memo.css.j2", "/* caf\u00e9 */", -1).encode().replace("caf\u00e9".encode(), b"caf\xe9")
        (ws / "templates" / "memo.css.j2").write_bytes(data)
        result = run(ws, "build", "-f", "html")
        assert located(result, "memo.css.j2") == last_line("memo.css.j2") and "UTF-8" in result.stderr

    def test_mutual_include(self, ws):
        (ws / "templates" / "a.j2").write_text('{% include "b.j2" %}')
        (ws / "templates" / "b.j2").write_text('x\n{% include "a.j2" %}')
        (ws / "templates" / "memo.html.j2").write_text(with_line("memo.html.j2", '{% include "a.j2" %}'))
        result = run(ws, "build", "-f", "html")
        assert result.exit_code == 1 and "without end" in result.stderr
        assert re.search(r"templates[/\\](a|b)\.j2:\d+: error:", result.stderr), result.stderr

    def test_edited_template_is_read_again(self, ws):
        """The environment cache stays, but an edit (or a new link out) is seen."""
        assert run(ws, "build", "-f", "html").exit_code == 0
        (ws / "templates" / "memo.css.j2").write_text(with_line("memo.css.j2", "{{ 1/0 }}"))
        assert located(run(ws, "build", "-f", "html"), "memo.css.j2") == 1
        (ws / "templates" / "memo.css.j2").unlink()
        assert run(ws, "build", "-f", "html").exit_code == 0


# ---- theme.yaml, every value checked ----------------------------------------------------------------

class TestTheme:
    CASES = {
        "nan": ("  body: 11\n", "  body: .nan\n", "sizes.body must be a number from 4 to 72 pt"),
        "inf": ("  body: 11\n", "  body: .inf\n", "from 4 to 72 pt"),
        "negative": ("  heading: 12\n", "  heading: -1\n", "sizes.heading must be a number from 4 to 72"),
        "huge": ("  table: 10\n", "  table: 1.0e300\n", "from 4 to 72 pt"),
        "text": ("  table: 10\n", "  table: big\n", "from 4 to 72 pt"),
        "line spacing": ("line_spacing: 1.05", "line_spacing: 0", "line_spacing must be a number from 0.8 to 3"),
        "margins": ("  left: 25\n", "  left: 150\n", "at least 50 x 50 mm"),
        "negative margin": ("  top: 25\n", "  top: -5\n", "margins.top must be a number from 0 to 500 mm"),
        "zero paper": ("a4: [210.0, 297.0]", "a4: [0, 297.0]", "paper.a4 width must be a number from 50 to 2000 mm"),
        "paper shape": ("a4: [210.0, 297.0]", "a4: 210", "paper.a4 must be [width, height]"),
        "boolean": ("heading_caps: true", 'heading_caps: "no"', "heading_caps must be true or false"),
        "colour": ('text: "1a1a1a"', 'text: "red; } body { display: none"', "colours.text must be a hex RGB"),
        "font": ("body: Times New Roman", 'body: "x\\"; } * { color: red } a{"', "not a usable font name"),
        "font braces": ("heading: Times New Roman", "heading: Evil}Font", "not a usable font name"),
        "unknown key": ("heading_caps: true", "heading_cap: true", "did you mean 'heading_caps'"),
        "unknown size": ("  footnote: 8\n", "  footnotes: 8\n", "did you mean 'footnote'"),
        "lang": ("east_asian_lang: zh-CN", "east_asian_lang: 'zh\"CN'", "language tag"),
    }

    def write_theme(self, ws, old, new) -> int:
        theme = (BUILTIN / "theme.yaml").read_text(encoding="utf-8")
        assert old in theme, old
        edited = theme.replace(old, new, 1)
        (ws / "templates" / "theme.yaml").write_text(edited, encoding="utf-8")
        return edited[:edited.index(new)].count("\n") + 1 + new[:len(new) - len(new.lstrip("\n"))].count("\n")

    @pytest.mark.parametrize("case", list(CASES))
    def test_bad_value_is_a_located_error_naming_the_range(self, ws, case):
        old, new, message = self.CASES[case]
        line = self.write_theme(ws, old, new)
        for command in (["build", "-f", "html"], ["check"]):
            result = run(ws, *command)
            assert result.exit_code == 1, result.output
            match = re.search(r"templates[/\\]theme\.yaml:(\d+):(\d+): error: (.*)", result.stderr)
            assert match, result.stderr
            assert message in result.stderr, result.stderr
            if case != "margins":
                assert int(match.group(1)) == line, result.stderr
        assert not (ws / "out").exists()

    def test_no_is_false_not_true(self, ws):
        from briefgen.theme import Templates

        self.write_theme(ws, "heading_caps: true", "heading_caps: no")
        assert Templates.for_workspace(ws).theme().heading_caps is False
        assert run(ws, "build", "-f", "html").exit_code == 0
        assert "text-transform: uppercase" not in (next((ws / "out").glob("*.html"))).read_text()

    def test_one_fallback_font_is_a_list_of_one(self, ws):
        from briefgen.theme import Templates

        self.write_theme(ws, "fallbacks: [Liberation Serif, serif]", "fallbacks: serif")
        assert Templates.for_workspace(ws).theme().font_fallbacks == ("serif",)

    def test_unquoted_hex_colour_keeps_its_digits(self, ws):
        from briefgen.theme import Templates

        self.write_theme(ws, 'banner: "000000"', "banner: 000000")
        assert Templates.for_workspace(ws).theme().colours["banner"] == "000000"

    def test_built_in_theme_passes(self):
        from briefgen.theme import Templates

        theme = Templates.for_workspace(None).theme()
        assert theme.heading_caps is True and theme.sizes["body"] == 11


# ---- watch goes on --------------------------------------------------------------------------------

def edit_while_watching(monkeypatch, path: Path, edits: list) -> None:
    """`briefgen watch` sees one change per edit: each text (None: none) written to `path`
    before its rebuild, the first being the initial build."""
    import briefgen.watch

    def changes(root, poll_interval=0.2):
        for index, text in enumerate(edits):
            if text is not None:
                path.write_text(text, encoding="utf-8")
            yield index > 0

    monkeypatch.setattr(briefgen.watch, "changes", changes)


class TestWatch:
    def test_watch_survives_a_bad_theme_edit(self, ws, monkeypatch):
        theme = ws / "templates" / "theme.yaml"
        good = (BUILTIN / "theme.yaml").read_text(encoding="utf-8")
        edits = [None, good.replace("  body: 11\n", "  body: .nan\n"), "sizes: [\n",
                 good.replace("  left: 25\n", "  left: 1e3\n"), good]

        edit_while_watching(monkeypatch, theme, edits)
        result = run(ws, "watch", "-f", "html")
        assert result.exit_code == 0, result.output
        assert result.stdout.count("Waiting for the next change") == 3
        assert result.stderr.count("theme.yaml:") == 3
        assert "from 4 to 72 pt" in result.stderr
        assert result.stdout.rstrip().splitlines()[-1].startswith("rebuilt in")

    def test_watch_survives_a_hostile_template(self, ws, tmp_path, monkeypatch):
        marker = tmp_path / "PWNED"
        css = ws / "templates" / "memo.css.j2"
        edits = [None, payloads(marker)[0], "{{ 1/0 }}", "{% include '../../../etc/passwd' %}",
                 (BUILTIN / "memo.css.j2").read_text()]

        edit_while_watching(monkeypatch, css, edits)
        result = run(ws, "watch", "-f", "html")
        assert result.exit_code == 0 and not marker.exists()
        assert result.stderr.count("memo.css.j2:1: error:") == 3, result.stderr
        assert result.stdout.rstrip().splitlines()[-1].startswith("rebuilt in")


def test_a_template_linking_out_is_named_where_the_analyst_has_it(tmp_path, monkeypatch):
    """The message names templates/memo.css.j2, relative to where the analyst is, not the
    file outside the workspace that the link points at."""
    root = tmp_path / "ws"
    assert CliRunner().invoke(main, ["init", str(root)]).exit_code == 0
    outside = tmp_path / "outside.css"
    outside.write_text("SECRET-OUTSIDE", encoding="utf-8")
    (root / "templates").mkdir()
    (root / "templates" / "memo.css.j2").symlink_to(outside)
    monkeypatch.chdir(root)
    result = CliRunner().invoke(main, ["build", "-f", "html"])
    assert result.exit_code == 1
    assert result.stderr.startswith("templates/memo.css.j2: error: ")
    assert "SECRET-OUTSIDE" not in result.output and not (root / "out").exists()
