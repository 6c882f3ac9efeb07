"""Where templates come from, and the theme that drives both renderers.

A workspace's templates/ overrides the built-in templates file by file.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

import yaml

from .errors import BriefError
from .workspace import load_yaml

BUILTIN_TEMPLATES = Path(str(files("briefgen.templates")))
REFERENCE_DOCX = "reference.docx"  # a workspace's DOCX house style (briefgen init --reference-docx)


@dataclass(frozen=True)
class Theme:
    body_font: str
    heading_font: str
    font_fallbacks: tuple[str, ...]
    sizes: dict[str, float]  # points: body, memo_type, heading, table, footnote, page_furniture
    line_spacing: float
    heading_caps: bool  # memo type and section headings in capitals
    colours: dict[str, str]  # hex RGB without "#": text, heading, rule, muted, table_header, ...
    paper: dict[str, tuple[float, float]]  # mm
    margins: dict[str, float]  # mm: top, bottom, left, right

    def page_size(self, paper: str) -> tuple[float, float]:
        return self.paper[paper]


@dataclass(frozen=True)
class Templates:
    """The folders templates are looked up in, workspace first."""

    dirs: tuple[Path, ...]

    @classmethod
    def for_workspace(cls, root: Path | None) -> "Templates":
        own = root / "templates" if root is not None else None
        if own is not None and own.is_dir():
            return cls((own, BUILTIN_TEMPLATES))
        return cls((BUILTIN_TEMPLATES,))

    def find(self, name: str) -> Path:
        for folder in self.dirs:
            candidate = folder / name
            if candidate.is_file():
                return candidate
        raise BriefError(None, None, None, f"template {name!r} not found in {', '.join(map(str, self.dirs))}")

    def theme(self) -> Theme:
        path = self.find("theme.yaml")
        try:
            data = load_yaml(path.read_text(encoding="utf-8"))
            fonts, sizes, colours = data["fonts"], data["sizes"], data["colours"]
            return Theme(
                body_font=str(fonts["body"]),
                heading_font=str(fonts["heading"]),
                font_fallbacks=tuple(str(f) for f in fonts.get("fallbacks", [])),
                sizes={k: float(v) for k, v in sizes.items()},
                line_spacing=float(data.get("line_spacing", 1.2)),
                heading_caps=bool(data.get("heading_caps", False)),
                colours={k: str(v).lstrip("#") for k, v in colours.items()},
                paper={k: (float(v[0]), float(v[1])) for k, v in data["paper"].items()},
                margins={k: float(v) for k, v in data["margins"].items()},
            )
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            raise BriefError(path, mark.line + 1 if mark else 1, mark.column + 1 if mark else 1,
                             f"theme is not valid YAML: {getattr(exc, 'problem', exc)}") from None
        except (KeyError, TypeError, ValueError, IndexError, AttributeError) as exc:
            raise BriefError(path, 1, 1, f"theme is missing or has a bad value: {exc}",
                             "compare it with the built-in templates/theme.yaml") from None
