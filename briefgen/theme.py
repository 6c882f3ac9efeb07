"""Where templates come from, and the theme that drives both renderers.

A workspace's templates/ overrides the built-in templates file by file.

A workspace is untrusted (a colleague may zip one and send it): its templates, theme
and reference.docx are read only from inside its own templates/ folder (after
resolving symbolic links; no "..", no absolute names), never past a size bound, and
every value of its theme is checked against a named range before any renderer sees it.
"""

from __future__ import annotations

import math
import os
import re
import stat
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

import yaml

from .errors import BriefError

BUILTIN_TEMPLATES = Path(str(files("briefgen.templates")))
REFERENCE_DOCX = "reference.docx"  # a workspace's DOCX house style (briefgen init --reference-docx)
THEME = "theme.yaml"
MAX_TEMPLATE_BYTES = 1 << 20  # a template or theme past 1 MB is not one anybody wrote by hand

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


# ---- template files, confined to their folders ---------------------------------------------------

def _real_folder(folder: Path) -> Path | None:
    """The real path of a template folder, or None when it is not one to read from: a
    workspace's templates/ that is a symbolic link out of the workspace counts as none
    of its files (each lookup in it is then an error, see confined_file)."""
    try:
        real = folder.resolve(strict=True)
    except RecursionError:
        raise
    except (OSError, RuntimeError):
        return None
    return real


def check_name(name: str) -> tuple[str, ...]:
    """A template name's parts: relative, "/"-separated, no "..", no empty or hidden
    tricks; BriefError otherwise (the name comes from a template: an include)."""
    if (not name or "\0" in name or "\\" in name or name.startswith("/") or re.match(r"[A-Za-z]:", name)
            or any(part in ("", ".", "..") for part in name.split("/"))):
        raise BriefError(None, None, None, f"template name {name!r} is refused: only names of files "
                                           "inside the templates folder, without '..', may be used")
    return tuple(name.split("/"))


def confined_file(folder: Path, name: str, *, workspace: bool) -> Path | None:
    """The file `name` in a template folder, as a real path inside that folder; None when
    it is not there; BriefError when it is there but leads out of the folder (a symbolic
    link, or the folder itself linking out of the workspace) or is not a regular file."""
    parts = check_name(name)
    candidate = folder.joinpath(*parts)
    if not os.path.lexists(candidate):
        return None
    shown = candidate
    real_folder = _real_folder(folder)
    if real_folder is None:
        return None
    if workspace:
        try:
            inside_workspace = real_folder.is_relative_to(folder.absolute().parent.resolve())
        except RecursionError:
            raise
        except (OSError, RuntimeError):
            inside_workspace = False
        if not inside_workspace:
            raise BriefError(folder, None, None, "the templates folder is a link to a folder outside the "
                                                 "workspace: refused",
                             "replace the link with a real folder holding the templates")
    try:
        real = candidate.resolve(strict=True)
    except RecursionError:
        raise
    except (OSError, RuntimeError):
        raise BriefError(shown, None, None, "this template is a broken or looping symbolic link: refused",
                         "replace it with the file itself") from None
    if not real.is_relative_to(real_folder):
        raise BriefError(shown, None, None, "this template is a link to a file outside the templates "
                                            "folder: refused",
                         "copy the file into templates/ instead of linking to it")
    try:
        status = real.stat()
    except OSError as exc:
        raise BriefError(shown, None, None, f"cannot read this template: {exc.strerror or exc}") from None
    if not stat.S_ISREG(status.st_mode):
        raise BriefError(shown, None, None, "this template is not a regular file: refused")
    return real


def read_template_bytes(path: Path, shown: Path, limit: int = MAX_TEMPLATE_BYTES) -> bytes:
    from .workspace import read_bounded  # a FIFO or device swapped in after the checks: refused, no hang

    try:
        data = read_bounded(path, limit, "this template")
    except BriefError as error:  # named as the workspace has it
        raise BriefError(shown, error.line, error.column, error.message, error.hint) from None
    if len(data) > limit:
        raise BriefError(shown, None, None, f"this template is larger than {limit // 1024} KB, the most "
                                            "briefgen reads")
    return data


def decode_template(data: bytes, shown: Path) -> str:
    """UTF-8 text, or a located error at the first byte that is not."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = len(data[data.rfind(b"\n", 0, exc.start) + 1:exc.start].decode("utf-8", "replace")) + 1
        raise BriefError(shown, line, column, f"not valid UTF-8 text (byte 0x{data[exc.start]:02x})",
                         "save the file as UTF-8") from None
    if "\0" in text:
        raise BriefError(shown, text.count("\n", 0, text.index("\0")) + 1, None,
                         "this is a binary file, not a text template")
    return text.removeprefix("\ufeff")


@dataclass(frozen=True)
class Templates:
    """The folders templates are looked up in, workspace first."""

    dirs: tuple[Path, ...]

    @classmethod
    def for_workspace(cls, root: Path | None) -> "Templates":
        own = root / "templates" if root is not None else None
        if own is not None and (own.is_dir() or own.is_symlink()):
            return cls((own, BUILTIN_TEMPLATES))
        return cls((BUILTIN_TEMPLATES,))

    def is_builtin(self, folder: Path) -> bool:
        return Path(folder) == BUILTIN_TEMPLATES

    def locate(self, name: str) -> tuple[Path, Path] | None:
        """(the path as the workspace names it, its real path) of the first folder's
        file `name`, or None; BriefError for a file that leads out of its folder."""
        for folder in self.dirs:
            real = confined_file(Path(folder), name, workspace=not self.is_builtin(folder))
            if real is not None:
                return Path(folder) / name, real
        return None

    def find(self, name: str) -> Path:
        """The real path of template file `name` (checked as in locate)."""
        found = self.locate(name)
        if found is None:
            raise BriefError(None, None, None, f"template {name!r} not found in {', '.join(map(str, self.dirs))}")
        return found[1]

    def shown(self, name: str) -> Path:
        """The path of template file `name` as the workspace names it (for messages)."""
        found = self.locate(name)
        return found[0] if found else Path(name)

    def theme(self) -> Theme:
        found = self.locate(THEME)
        if found is None:
            raise BriefError(None, None, None, f"template {THEME!r} not found in {', '.join(map(str, self.dirs))}")
        shown, real = found
        text = decode_template(read_template_bytes(real, shown), shown)
        return read_theme(text, shown)


# ---- theme.yaml, checked ---------------------------------------------------------------------

SIZE_KEYS = ("body", "memo_type", "heading", "table", "footnote", "page_furniture")
COLOUR_KEYS = ("text", "heading", "rule", "muted", "table_header", "table_border", "banner", "draft_mark",
               "summary_shading", "group_shading")
PAPER_KEYS = ("letter", "a4")
MARGIN_KEYS = ("top", "bottom", "left", "right")
FONT_KEYS = ("body", "heading", "fallbacks", "scripts", "east_asian", "east_asian_lang", "complex_script",
             "complex_script_lang")
TOP_KEYS = ("fonts", "sizes", "line_spacing", "heading_caps", "colours", "paper", "margins")

SIZE_RANGE = (4.0, 72.0)  # points
LINE_SPACING_RANGE = (0.8, 3.0)  # multiple of the font size
PAPER_RANGE = (50.0, 2000.0)  # millimetres, each side
MARGIN_RANGE = (0.0, 500.0)  # millimetres
MIN_TEXT_AREA = 50.0  # millimetres of text width and height the margins must leave on every paper
DEFAULT_MARGIN = 25.0
MAX_FONTS = 20
# A font name goes into CSS (quoted by css_string) and DOCX XML: letters, digits, spaces
# and a few marks that real names use; no quotes, semicolons, braces or backslashes.
_FONT_NAME = re.compile(r"[^\W_](?:[\w .&+()-]*[\w)])?")
_LANG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8}){0,3}")
_HEX = re.compile(r"#?([0-9A-Fa-f]{6})")
_INT_TAG, _FLOAT_TAG, _BOOL_TAG, _NULL_TAG = (f"tag:yaml.org,2002:{kind}" for kind in ("int", "float", "bool", "null"))
_BUILTIN_HINT = "compare it with the built-in templates/theme.yaml"


class _ThemeReader:
    def __init__(self, path: Path, text: str) -> None:
        from .workspace import _YamlReader

        self.yaml = _YamlReader(path)
        self.root = self.yaml.compose(text)

    def error(self, node: yaml.Node, message: str, hint: str = _BUILTIN_HINT) -> BriefError:
        return self.yaml.error(node, message, hint)

    def mapping(self, node: yaml.Node | None, allowed: tuple[str, ...], what: str,
                required: tuple[str, ...] = ()) -> dict[str, yaml.Node]:
        if node is None:
            raise BriefError(self.yaml.path, 1, 1, f"the theme has no {what}", _BUILTIN_HINT)
        found = self.yaml.mapping(node, allowed, what)
        for key in required:
            if key not in found or found[key].tag == _NULL_TAG:
                raise self.error(found[key] if key in found else node, f"{what}.{key} is required")
        return found

    def number(self, node: yaml.Node, what: str, low: float, high: float, unit: str) -> float:
        allowed = f"a number from {low:g} to {high:g}{unit}"
        if not isinstance(node, yaml.ScalarNode) or node.tag not in (_INT_TAG, _FLOAT_TAG):
            shown = node.value if isinstance(node, yaml.ScalarNode) else "a list or mapping"
            raise self.error(node, f"{what} must be {allowed}, not {shown!r}")
        try:
            value = float(yaml.safe_load(node.value) if node.tag == _FLOAT_TAG else int(node.value.replace("_", ""), 0))
        except (ValueError, TypeError, OverflowError, yaml.YAMLError):
            raise self.error(node, f"{what} must be {allowed}, not {node.value!r}") from None
        if not math.isfinite(value) or not low <= value <= high:
            raise self.error(node, f"{what} must be {allowed}, not {node.value}")
        return value

    def boolean(self, node: yaml.Node | None, what: str, default: bool) -> bool:
        return self.yaml.boolean(node, what, default)  # a real YAML boolean: "no" in quotes is an error

    def font(self, node: yaml.Node, what: str) -> str:
        if not isinstance(node, yaml.ScalarNode) or node.tag == _NULL_TAG:
            raise self.error(node, f"{what} must be a font name")
        name = node.value.strip()
        if len(name) > 100 or not _FONT_NAME.fullmatch(name):
            raise self.error(node, f"{what} is not a usable font name: {name[:100]!r}",
                             "a font name is letters, digits, spaces and . & + ( ) - only (up to 100 "
                             "characters): no quotes, semicolons, braces or backslashes")
        return name

    def fonts(self, node: yaml.Node | None, what: str, default: tuple[str, ...]) -> tuple[str, ...]:
        """A list of font names; one name alone (`fallbacks: serif`) is a list of one."""
        if node is None:
            return default
        if node.tag == _NULL_TAG:
            return ()
        items = node.value if isinstance(node, yaml.SequenceNode) else [node]
        if isinstance(node, yaml.MappingNode):
            raise self.error(node, f"{what} must be a list of font names")
        if len(items) > MAX_FONTS:
            raise self.error(node, f"{what} may name at most {MAX_FONTS} fonts")
        return tuple(self.font(item, f"{what} item") for item in items)

    def lang(self, node: yaml.Node | None, what: str, default: str) -> str:
        if node is None:
            return default
        value = node.value.strip() if isinstance(node, yaml.ScalarNode) else ""
        if not _LANG.fullmatch(value):
            raise self.error(node, f"{what} must be a language tag such as zh-CN or ar-SA, not {value[:40]!r}")
        return value


def read_theme(text: str, path: Path) -> Theme:
    """The theme in theme.yaml's text, every value checked: BriefError at the value's
    line and column, naming what is allowed."""
    reader = _ThemeReader(path, text)
    if reader.root is None:
        raise BriefError(path, 1, 1, "the theme is empty", _BUILTIN_HINT)
    top = reader.mapping(reader.root, TOP_KEYS, "the theme", required=("fonts", "sizes", "colours", "paper",
                                                                         "margins"))
    fonts = reader.mapping(top["fonts"], FONT_KEYS, "fonts", required=("body", "heading"))
    sizes_node = reader.mapping(top["sizes"], SIZE_KEYS, "sizes")
    sizes = {key: reader.number(node, f"sizes.{key}", *SIZE_RANGE, " pt") for key, node in sizes_node.items()}
    line_spacing = (reader.number(top["line_spacing"], "line_spacing", *LINE_SPACING_RANGE, " times the font size")
                    if "line_spacing" in top else 1.2)
    colours = {}
    for key, node in reader.mapping(top["colours"], COLOUR_KEYS, "colours").items():
        match = _HEX.fullmatch(node.value.strip()) if isinstance(node, yaml.ScalarNode) else None
        if match is None:
            shown = node.value if isinstance(node, yaml.ScalarNode) else "a list or mapping"
            raise reader.error(node, f"colours.{key} must be a hex RGB colour of six digits "
                                     f"(\"1f3864\"), not {shown!r}", "quote it: \"000000\"")
        colours[key] = match.group(1).lower()
    paper = {}
    paper_nodes = reader.mapping(top["paper"], PAPER_KEYS, "paper")
    for key, node in paper_nodes.items():
        if not isinstance(node, yaml.SequenceNode) or len(node.value) != 2:
            raise reader.error(node, f"paper.{key} must be [width, height] in millimetres, "
                                     f"each from {PAPER_RANGE[0]:g} to {PAPER_RANGE[1]:g}")
        width, height = (reader.number(item, f"paper.{key} {side}", *PAPER_RANGE, " mm")
                         for item, side in zip(node.value, ("width", "height")))
        paper[key] = (width, height)
    margin_nodes = reader.mapping(top["margins"], MARGIN_KEYS, "margins")
    margins = {key: reader.number(node, f"margins.{key}", *MARGIN_RANGE, " mm") for key, node in margin_nodes.items()}
    full = {key: margins.get(key, DEFAULT_MARGIN) for key in MARGIN_KEYS}
    for key, (width, height) in paper.items():
        left_over = (width - full["left"] - full["right"], height - full["top"] - full["bottom"])
        if min(left_over) < MIN_TEXT_AREA:
            sides = ("left", "right") if left_over[0] < MIN_TEXT_AREA else ("top", "bottom")
            node = margin_nodes.get(sides[0]) or margin_nodes.get(sides[1]) or paper_nodes[key]
            raise reader.error(node, f"the margins leave a text area of {left_over[0]:g} x {left_over[1]:g} mm "
                                     f"on {key} paper; at least {MIN_TEXT_AREA:g} x {MIN_TEXT_AREA:g} mm is needed",
                               "make the margins smaller")
    return Theme(
        body_font=reader.font(fonts["body"], "fonts.body"),
        heading_font=reader.font(fonts["heading"], "fonts.heading"),
        font_fallbacks=reader.fonts(fonts.get("fallbacks"), "fonts.fallbacks", ()),
        # A workspace theme written before these keys existed gets the built-in ones.
        script_fonts=reader.fonts(fonts.get("scripts"), "fonts.scripts", SCRIPT_FONTS),
        east_asian_font=(reader.font(fonts["east_asian"], "fonts.east_asian") if "east_asian" in fonts
                         else EAST_ASIAN_FONT),
        east_asian_lang=reader.lang(fonts.get("east_asian_lang"), "fonts.east_asian_lang", EAST_ASIAN_LANG),
        complex_script_font=(reader.font(fonts["complex_script"], "fonts.complex_script")
                             if "complex_script" in fonts else COMPLEX_SCRIPT_FONT),
        complex_script_lang=reader.lang(fonts.get("complex_script_lang"), "fonts.complex_script_lang",
                                        COMPLEX_SCRIPT_LANG),
        sizes=sizes,
        line_spacing=line_spacing,
        heading_caps=reader.boolean(top.get("heading_caps"), "heading_caps", False),
        colours=colours,
        paper=paper,
        margins=margins,
    )

