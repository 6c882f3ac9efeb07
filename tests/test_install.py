"""briefgen as a user installs it: `pip install .`, not editable, used outside the repository.

The wheel is built from a copy of the project's files (pyproject.toml, README.md,
briefgen/, templates/) with the locked setuptools, then installed with pip into a new
venv outside the repository; `briefgen init` and `briefgen build` then run from a
folder outside it. The new venv takes briefgen's dependencies from this test venv
(a path in a .pth file: the locked versions, no download, no editable install), so
only briefgen itself comes from the wheel. Also: every third-party package that the
code imports is a declared dependency.
"""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
PROJECT_FILES = ("pyproject.toml", "README.md", "briefgen", "templates")
TEMPLATES = ("memo.html.j2", "memo.css.j2", "theme.yaml")


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def run(*command: str | Path, cwd: Path, env: dict[str, str] | None = None) -> str:
    result = subprocess.run([str(part) for part in command], cwd=cwd, env=env, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, (command, result.stdout, result.stderr)
    return result.stdout


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    source = tmp_path_factory.mktemp("source") / "briefgen"
    source.mkdir()
    for name in PROJECT_FILES:
        path = REPO / name
        if path.is_dir():
            shutil.copytree(path, source / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy(path, source / name)
    dist = tmp_path_factory.mktemp("dist")
    # --no-build-isolation: setuptools from the lock, already in this venv, nothing fetched
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-index", "--no-build-isolation",
        "--wheel-dir", dist, source, cwd=dist)
    [built] = dist.glob("briefgen-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """A new venv outside the repository holding the wheel; returns its bin folder."""
    venv = tmp_path_factory.mktemp("venv") / "venv"
    run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=venv.parent)
    python = venv / "bin" / "python"
    site = Path(run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])", cwd=venv).strip())
    # the dependencies: this venv's site-packages as a plain path (its own .pth files,
    # among them the editable briefgen's, are not read)
    (site / "locked-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    run(sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--no-index", wheel, cwd=venv)
    return venv / "bin"


def outside_env() -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PYTHON", "VIRTUAL_ENV"))}
    return env


def test_the_wheel_holds_the_package_and_its_templates(wheel):
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        metadata = archive.read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
        entry_points = archive.read(next(n for n in names if n.endswith(".dist-info/entry_points.txt"))).decode()
    for template in TEMPLATES:
        assert f"briefgen/templates/{template}" in names
    for module in ("briefgen/cli.py", "briefgen/render/pdf.py", "briefgen/importers/html.py"):
        assert module in names
    assert not [name for name in names if name.endswith(".pth")]  # not an editable install
    assert "briefgen = briefgen.cli:main" in entry_points
    assert "License-Expression: MIT" in metadata
    required = {canonical(re.match(r"[A-Za-z0-9._-]+", line.split(":", 1)[1].strip()).group(0))
                for line in metadata.splitlines() if line.startswith("Requires-Dist:") and "extra ==" not in line}
    assert {"weasyprint", "python-docx", "babel", "lxml", "lxml-html-clean", "pdfminer-six"} <= required


def test_installed_briefgen_builds_a_memo_outside_the_repository(installed, tmp_path):
    env = outside_env()
    where = run(installed / "python", "-c",
                "import briefgen, briefgen.theme; print(briefgen.__file__); print(briefgen.theme.BUILTIN_TEMPLATES)",
                cwd=tmp_path, env=env).split()
    site = installed.parent / "lib"
    assert all(Path(path).is_relative_to(site) for path in where), where  # the wheel's, not the repository's
    assert all((Path(where[1]) / template).is_file() for template in TEMPLATES)

    run(installed / "briefgen", "init", "memo", cwd=tmp_path, env=env)
    workspace = tmp_path / "memo"
    output = run(installed / "briefgen", "build", "--format", "pdf", "--format", "docx", cwd=workspace, env=env)
    [pdf] = (workspace / "out").glob("*.pdf")
    [docx] = (workspace / "out").glob("*.docx")
    assert pdf.read_bytes().startswith(b"%PDF-") and zipfile.is_zipfile(docx), output
    assert not workspace.is_relative_to(REPO)
    # the HTML importer's whole chain imports: trafilatura -> justext -> lxml.html.clean
    run(installed / "python", "-c", "import briefgen.importers.html, trafilatura, justext, lxml.html.clean",
        cwd=tmp_path, env=env)


def imported_modules(folder: Path) -> set[str]:
    """Top-level modules imported anywhere under folder, lazy imports in functions included."""
    names = set()
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    return names


def declared() -> tuple[set[str], set[str]]:
    tomllib = pytest.importorskip("tomllib")
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    name = lambda requirement: canonical(re.match(r"[A-Za-z0-9._-]+", requirement).group(0))
    return ({name(r) for r in project["dependencies"]},
            {name(r) for r in project["optional-dependencies"]["test"]})


@pytest.mark.parametrize("folder", ["briefgen", "tests"])
def test_every_imported_package_is_declared(folder):
    runtime, test = declared()
    allowed = runtime | test if folder == "tests" else runtime
    own = {"briefgen"} | {path.stem for path in (REPO / "tests").glob("*.py")}
    distributions = packages_distributions()
    undeclared = {}
    for module in imported_modules(REPO / folder) - set(sys.stdlib_module_names) - own:
        names = {canonical(name) for name in distributions.get(module, [module])}
        if not names & allowed:
            undeclared[module] = sorted(names)
    assert not undeclared, f"imported in {folder}/ but not declared in pyproject.toml: {undeclared}"
