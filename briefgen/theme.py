"""Where templates come from, and the theme that drives both renderers.

A workspace's templates/ overrides the built-in templates file by file.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

import yaml

from .errors import BriefError
from .workspace import load_yaml, read_text

BUILTIN_TEMPLATES = Path(str(files("briefgen.templates")))
REFERENCE_DOCX = "reference.docx"  # a workspace's DOCX house style (briefgen init --reference-docx)

# The built-in theme.yaml's script fonts, for a workspace theme that names none.
SCRIPT_FONTS = ("Noto Serif CJK SC", "Noto Serif Devanagari", "Noto Naskh Arabic", "Noto Serif Hebrew")
EAST_ASIAN_FONT, EAST_ASIAN_LANG = "Noto Serif CJK SC", "zh-CN"
COMPLEX_SCRIPT_FONT, COMPLEX_SCRIPT_LANG = "Noto Naskh Arabic", "ar-SA"


@dataclass(frozen=True)
class Theme:
    body_font: str
    heading_font: str
    font_fallbacks: tuple[str, ...]
    script_fonts: tuple[str, ...]  # fonts for scripts the body font lacks, tried in order after it
    east_asian_font: str  # the DOCX w:eastAsia slot
    east_asian_lang: str
    complex_script_font: str  # the DOCX w:cs slot
    complex_script_lang: str
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
            data = load_yaml(read_text(path, "theme"))  # bounded; a FIFO or device is an error
            fonts, sizes, colours = data["fonts"], data["sizes"], data["colours"]
            return Theme(
                body_font=str(fonts["body"]),
                heading_font=str(fonts["heading"]),
                font_fallbacks=tuple(str(f) for f in fonts.get("fallbacks", [])),
                # A workspace theme written before these keys existed gets the built-in ones.
                script_fonts=tuple(str(f) for f in fonts.get("scripts", SCRIPT_FONTS)),
                east_asian_font=str(fonts.get("east_asian", EAST_ASIAN_FONT)),
                east_asian_lang=str(fonts.get("east_asian_lang", EAST_ASIAN_LANG)),
                complex_script_font=str(fonts.get("complex_script", COMPLEX_SCRIPT_FONT)),
                complex_script_lang=str(fonts.get("complex_script_lang", COMPLEX_SCRIPT_LANG)),
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
