"""Find the workspace; read brief.yaml and the sources, validating as we go.

YAML is read as a node tree (yaml.compose) rather than constructed, so every value
keeps its line and column for error messages, and every scalar stays the text the
analyst wrote (no "no" turning into False, no dates parsed behind our back).
"""

from __future__ import annotations

import datetime as dt
import difflib
import errno
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .bounds import MAX_TITLE, cut
from .annotations import Annotation, parse_annotations, strip_markup
from .errors import BriefError, BriefWarning, Place
from .markings import find_level, lowest, parse_level, split_classification
from .model import (DEFAULT_OPTIONS, FORM_TYPES, FORMS, AgendaItem, Email, Layout, Memo, Participant, Point,
                    Recommendation, Source, parse_date, read_when)

BRIEF_FILE = "brief.yaml"
SOURCE_SUFFIXES = (".md", ".txt")
UNANCHORED_SUFFIX = ".unanchored.yaml"  # marks `briefgen import` could not place in the source of that name
# `briefgen suggest --write` writes sources/<id>.suggested.md: the source with proposed spans,
# for the analyst to review. Not a source itself (it would repeat every item of its source).
SUGGESTED_SUFFIXES = (".suggested.md", ".suggested.txt")
PAPERS = ("letter", "a4")
CITATION_STYLES = ("footnotes", "endnotes", "none")
_UTF8_BOM = b"\xef\xbb\xbf"
# About 2 500 pages of plain text: more than any article, transcript or report to mark.
# It keeps a stray huge file from filling memory, and bounds how long a build can take.
MAX_TEXT_BYTES = 5 * 1024 * 1024


@dataclass
class Brief:
    """What brief.yaml says."""

    memo: Memo
    layout: Layout
    summary: str = ""
    key_points: list[Point] = field(default_factory=list)
    participants: list[Participant] = field(default_factory=list)
    agenda: list[AgendaItem] = field(default_factory=list)
    challenges: list[Point] = field(default_factory=list)
    open_questions: list[Point] = field(default_factory=list)
    summary_mark: str = ""
    recommendations: list[Recommendation] = field(default_factory=list)
    talking_points: list[Point] = field(default_factory=list)
    email: Email = field(default_factory=Email)
    marks: "_Marks | None" = None  # checks the sources' marks against the memo's


@dataclass
class SourceFile:
    """A source document: its metadata (number not yet assigned) and its annotations."""

    path: Path
    meta: Source
    annotations: list[Annotation]
    warnings: list[BriefWarning] = field(default_factory=list)  # reading it: a title cut


@dataclass
class Workspace:
    root: Path
    brief: Brief
    sources: list[SourceFile]
    warnings: list[BriefWarning] = field(default_factory=list)

    @property
    def brief_path(self) -> Path:
        return self.root / BRIEF_FILE


def find_root(start: Path) -> Path:
    """The folder holding brief.yaml: start itself or its nearest parent, as git does."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / BRIEF_FILE).is_file():
            return folder
    raise BriefError(None, None, None, f"no {BRIEF_FILE} in {start} or any parent folder",
                     "run `briefgen init` to make a workspace, or name one with -C DIR")


def read_workspace(root: Path) -> Workspace:
    brief_path = root / BRIEF_FILE
    if not brief_path.is_file():
        raise BriefError(brief_path, None, None, f"{BRIEF_FILE} not found",
                         "run `briefgen init` to make a workspace")
    warnings: list[BriefWarning] = []
    brief = read_brief(brief_path, warnings)
    sources = read_sources(root, warnings)
    if brief.marks is not None:
        for source in sources:
            for annotation in source.annotations:
                if "mark" in annotation.attributes:
                    line, column = annotation.value_places.get("mark", (annotation.line, annotation.column))
                    brief.marks.check(annotation.attributes["mark"], source.path, line, column)
    return Workspace(root, brief, sources, warnings)


# ---- text files ------------------------------------------------------------------------

def _kind_of(mode: int) -> str:
    for test, kind in ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe (FIFO)"),
                       (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
                       (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return kind
    return "not a regular file"


def read_bounded(path: Path, limit: int, what: str = "file") -> bytes:
    """At most limit + 1 bytes of a regular file (the caller tells "too large" by the
    length), for every file a workspace names: sources, brief.yaml, templates, records.
    Anything else is a BriefError at the path, never a hang: a FIFO (opening one blocks
    until a writer comes), a device (/dev/zero never ends), a socket, a folder, a
    symbolic link loop. The file is opened without blocking and checked once open, so
    one swapped in after a check is refused too."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            reason = "it is a symbolic link that leads back to itself (a loop)"
        elif exc.errno == errno.ENXIO:  # a socket, or a FIFO's peculiarity on some systems
            reason = "it is a socket or a named pipe, not a file"
        else:
            reason = exc.strerror or str(exc)
        raise BriefError(path, None, None, f"cannot read {what}: {reason}",
                         f"make the {what} a regular file" if exc.errno in (errno.ELOOP, errno.ENXIO) else "") from None
    try:
        mode = os.fstat(descriptor).st_mode
        if not stat.S_ISREG(mode):
            raise BriefError(path, None, None, f"cannot read {what}: it is {_kind_of(mode)}, not a regular file",
                             f"make the {what} a regular file")
        os.set_blocking(descriptor, True)
        with open(descriptor, "rb", closefd=False) as stream:
            return stream.read(limit + 1)  # one buffer: the peak is the file, not twice it
    except OSError as exc:
        raise BriefError(path, None, None, f"cannot read {what}: {exc.strerror or exc}") from None
    finally:
        os.close(descriptor)


def read_text(path: Path, what: str = "file") -> str:
    """A UTF-8 text file, or an error at the first byte that is not text."""
    data = read_bounded(path, MAX_TEXT_BYTES, what)  # no more: a huge file fails without being read whole
    if len(data) > MAX_TEXT_BYTES:
        raise BriefError(path, None, None, f"this file is larger than {MAX_TEXT_BYTES // 2**20} MB, "
                                           "the most briefgen reads",
                         "keep only the parts the memo needs, or split a long document into several sources")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        # what Windows editors save as "Unicode": text, but full of NUL bytes
        raise BriefError(path, 1, 1, "this file is UTF-16 text, not UTF-8",
                         "save it again with the encoding UTF-8")
    nul = data.find(b"\0")
    if nul != -1:
        line, column = _byte_place(data, nul)
        raise BriefError(path, line, column, "this is a binary file, not UTF-8 text",
                         "briefgen reads only text: convert the document to a .md or .txt file first")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _byte_place(data, exc.start)
        raise BriefError(path, line, column, f"not valid UTF-8 text (byte 0x{data[exc.start]:02x})",
                         "save the file as UTF-8") from None
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def _byte_place(data: bytes, offset: int) -> tuple[int, int]:
    line_start = data.rfind(b"\n", 0, offset) + 1
    if line_start == 0 and data.startswith(_UTF8_BOM):
        line_start = len(_UTF8_BOM)  # editors do not show the byte order mark as a column
    column = len(data[line_start:offset].decode("utf-8", errors="replace")) + 1
    return data.count(b"\n", 0, offset) + 1, column


# ---- YAML as nodes ---------------------------------------------------------------------------

MAX_YAML_DEPTH = 20


class _BoundedLoader(yaml.SafeLoader):
    """Anchors and aliases are refused: they have no use in a brief, and nested
    aliases can blow up in memory (the "billion laughs"). Nesting is limited too:
    PyYAML composes each level by recursion, and a brief needs four levels."""

    def __init__(self, stream) -> None:
        super().__init__(stream)
        self.depth = 0

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(None, None, "YAML aliases (*name) are not supported here",
                                              event.start_mark)
        if self.depth == MAX_YAML_DEPTH:
            raise yaml.composer.ComposerError(None, None, f"nested more than {MAX_YAML_DEPTH} levels deep",
                                              self.peek_event().start_mark)
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def load_yaml(text: str):
    """Plain YAML data (like yaml.safe_load) with aliases refused and nesting bounded:
    for YAML files that need no places (the theme, lists of unanchored marks)."""
    return yaml.load(text, Loader=_BoundedLoader)


_NULL_TAG = "tag:yaml.org,2002:null"
_BOOL_TAG = "tag:yaml.org,2002:bool"
# What a YAML escape ("\0", "\a", "\ud800") can put in a value but no memo can show:
# control characters, lone surrogates, non-characters. Written raw, YAML refuses them itself.
_NOT_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")

# PyYAML's context for a quote or bracket still open at the end of the file -> what to say.
_UNCLOSED = {
    "while scanning a quoted scalar": ("this quoted value is never closed",
                                       "end it with the same quote mark it starts with"),
    "while parsing a flow sequence": ("this [ list is never closed", "end it with ]"),
    "while parsing a flow mapping": ("this { mapping is never closed", "end it with }"),
}


def _at_end_of_file(problem: str) -> bool:
    return "end of stream" in problem or "<stream end>" in problem


class _YamlReader:
    def __init__(self, path: Path, line_offset: int = 0) -> None:
        self.path = path
        self.line_offset = line_offset
        self.yaml_text = ""

    def place(self, index: int) -> tuple[int, int]:
        """The file's line and column of a character of the YAML text. Not PyYAML's own
        mark.line and mark.column: YAML also ends a line at U+0085, U+2028 and U+2029,
        which editors show within a line."""
        line_start = self.yaml_text.rfind("\n", 0, index) + 1
        return self.yaml_text.count("\n", 0, index) + 1 + self.line_offset, index - line_start + 1

    def compose(self, text: str) -> yaml.Node | None:
        self.yaml_text = text
        try:
            return yaml.compose(text, Loader=_BoundedLoader)
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            problem = exc.problem or "YAML syntax error"
            hint = "check indentation, and quote values that contain ': ' or start with a special character"
            context = f" ({exc.context})" if exc.context else ""
            if exc.context_mark is not None and _at_end_of_file(problem) and exc.context in _UNCLOSED:
                # YAML notices an unclosed quote or bracket only at the end of the file;
                # the mistake is where it opened.
                mark, (problem, hint), context = exc.context_mark, _UNCLOSED[exc.context], ""
            elif exc.context_mark is not None and exc.context_mark is not mark:
                context_line, context_column = self.place(exc.context_mark.index)
                context = f" ({exc.context}, which starts at line {context_line}, column {context_column})"
            if mark is not None and self._is_tab_problem(problem, mark.index):
                # PyYAML's own words ("found character '\\t' that cannot start any token")
                # do not say that the fix is to indent with spaces.
                problem, context = "a tab character: YAML forbids tabs for indentation and between items", ""
                hint = "indent with spaces (set your editor to insert spaces for Tab in .yaml files)"
            line, column = self.place(mark.index) if mark else (None, None)
            raise BriefError(self.path, line, column, f"YAML error: {problem}{context}", hint) from None
        except yaml.reader.ReaderError as exc:  # a control character YAML does not allow
            raise BriefError(self.path, *self.place(exc.position),
                             f"YAML error: control character U+{exc.character:04X} is not allowed",
                             "delete it; it is invisible in most editors") from None
        except yaml.YAMLError as exc:  # none other is known to come from compose; still no traceback
            raise BriefError(self.path, None, None, "YAML error: " + " ".join(str(exc).split())) from None

    def _is_tab_problem(self, problem: str, index: int) -> bool:
        return ("\\t" in problem or re.search(r"\btab\b", problem) is not None
                or self.yaml_text[index:index + 1] == "\t")

    def error(self, node: yaml.Node, message: str, hint: str = "") -> BriefError:
        return BriefError(self.path, *self.place(node.start_mark.index), message, hint)

    def mapping(self, node: yaml.Node, allowed: tuple[str, ...], what: str) -> dict[str, yaml.Node]:
        if not isinstance(node, yaml.MappingNode):
            raise self.error(node, f"{what} must be a mapping of keys to values")
        found: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise self.error(key_node, f"a key in {what} must be a plain name, not a list or mapping",
                                 "allowed keys: " + ", ".join(allowed))
            key = key_node.value
            if key not in allowed:
                close = difflib.get_close_matches(str(key), allowed, n=1)
                hint = f"did you mean {close[0]!r}? " if close else ""
                raise self.error(key_node, f"unknown key {key!r} in {what}",
                                 hint + "allowed keys: " + ", ".join(allowed))
            if key in found:
                raise self.error(key_node, f"key {key!r} appears twice in {what}")
            found[key] = value_node
        return found

    def key_node(self, node: yaml.Node | None, key: str) -> yaml.Node | None:
        """The key node of `key` in a mapping node (for an error about the key as a whole)."""
        if isinstance(node, yaml.MappingNode):
            for key_node, _ in node.value:
                if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
                    return key_node
        return node

    def text(self, node: yaml.Node | None, what: str) -> str:
        if node is None or node.tag == _NULL_TAG:
            return ""
        if not isinstance(node, yaml.ScalarNode):
            raise self.error(node, f"{what} must be text, not a list or mapping")
        not_text = _NOT_TEXT.search(node.value)
        if not_text:
            raise self.error(node, f"{what}: character U+{ord(not_text.group()):04X} is not allowed",
                             "delete the escape that makes it (such as \\0, \\a or \\ud800)")
        # A "\r" escape is a line end, as YAML reads CR in the file itself: not a
        # control character left in a title or a name.
        return node.value.replace("\r\n", "\n").replace("\r", "\n").strip()

    def required_text(self, node: yaml.Node | None, what: str, parent: yaml.Node) -> str:
        value = self.text(node, what)
        if not value:
            raise self.error(node if node is not None else parent, f"{what} is required")
        return value

    def date(self, node: yaml.Node | None, what: str) -> dt.date | None:
        value = self.text(node, what)
        if not value:
            return None
        try:
            return parse_date(value)
        except ValueError as exc:
            raise self.error(node, f"{what}: {exc}") from None

    def choice(self, node: yaml.Node | None, what: str, choices: tuple[str, ...], default: str) -> str:
        value = self.text(node, what).lower() or default
        if value not in choices:
            raise self.error(node, f"{what} must be one of {', '.join(choices)}, not {value!r}")
        return value

    def boolean(self, node: yaml.Node | None, what: str, default: bool) -> bool:
        """A YAML boolean (true/false, yes/no, on/off); anything else is an error at the value."""
        if node is None or node.tag == _NULL_TAG:
            return default
        if isinstance(node, yaml.ScalarNode) and node.tag == _BOOL_TAG:
            return node.value.lower() in ("true", "yes", "on", "y")
        shown = node.value if isinstance(node, yaml.ScalarNode) else "a list or mapping"
        key = what.rsplit(".", 1)[-1]
        raise self.error(node, f"{what} must be true or false (unquoted), not {shown!r}",
                         f"write `{key}: true` or `{key}: false`")

    def sequence(self, node: yaml.Node | None, what: str) -> list[yaml.Node]:
        if node is None or node.tag == _NULL_TAG:
            return []
        if not isinstance(node, yaml.SequenceNode):
            raise self.error(node, f"{what} must be a list (items starting with '- ')")
        return list(node.value)


# ---- brief.yaml -------------------------------------------------------------------------------

_TOP_KEYS = ("memo", "summary", "key_points", "participants", "agenda", "challenges", "open_questions",
             "recommendations", "talking_points", "drafted_by", "cleared_by", "attachments", "layout", "email")
_EMAIL_KEYS = ("to", "cc", "from")
_MEMO_KEYS = ("form", "type", "title", "subject", "subject_mark", "to", "from", "through", "date",
              "decision_by", "classification", "handling", "prepared_by", "lang")
_LAYOUT_KEYS = ("paper", "citations", "max_pages", "fit", "portion_marks")
# An action memo's decision is due this many business days after the memo's date by default.
DECISION_BUSINESS_DAYS = 5
_LANG = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*")


def read_brief(path: Path, warnings: list[BriefWarning] | None = None) -> Brief:
    """brief.yaml, validated; what the analyst should look at (an agenda `when` not
    written as an ISO date) is added to `warnings`."""
    warnings = [] if warnings is None else warnings
    reader = _YamlReader(path)
    root = reader.compose(read_text(path))
    if root is None or (isinstance(root, yaml.ScalarNode) and not root.value.strip()):
        raise BriefError(path, 1, 1, "brief.yaml is empty", "it needs at least memo: with a title:")
    top = reader.mapping(root, _TOP_KEYS, "brief.yaml")
    if "memo" not in top:
        raise reader.error(root, "memo is required", "add memo: with at least a title:")
    memo, memo_nodes = _read_memo(reader, top["memo"])
    layout = _read_layout(reader, top.get("layout"))
    marks = _Marks(reader, memo, memo_nodes, layout, top.get("layout"))
    _read_closing(reader, top, memo, memo_nodes)

    def points(key: str) -> list[Point]:
        return [_read_point(reader, n, key, marks) for n in reader.sequence(top.get(key), key)]

    summary, summary_mark = _read_summary(reader, top.get("summary"), marks)
    recommendations = [_read_recommendation(reader, n, marks)
                       for n in reader.sequence(top.get("recommendations"), "recommendations")]
    if "recommendations" in top and memo.form != "action":
        raise reader.error(reader.key_node(root, "recommendations"),
                           f"recommendations belong to an action memo, not to {_a(memo.form)} memo",
                           "set memo.form: action, or take the recommendations out")
    return Brief(
        memo=memo,
        layout=layout,
        summary=summary,
        summary_mark=summary_mark,
        key_points=points("key_points"),
        participants=[_read_participant(reader, n, marks)
                      for n in reader.sequence(top.get("participants"), "participants")],
        agenda=[_read_agenda_item(reader, n, memo.lang, warnings, marks)
                for n in reader.sequence(top.get("agenda"), "agenda")],
        challenges=points("challenges"),
        open_questions=points("open_questions"),
        recommendations=recommendations,
        talking_points=points("talking_points"),
        email=_read_email(reader, top.get("email")),
        marks=marks,
    )


class _Marks:
    """The memo's marking system, and the check of each portion's mark against it: a
    known level, of the memo's system, not above the memo's classification.

    A classification that names a level ("CONFIDENTIAL", "C") sets the system; one in
    other words ("SENSITIVE BUT UNCLASSIFIED") is printed as it is, but then no portion
    may be marked. Without a classification, the first mark given sets the system."""

    def __init__(self, reader: _YamlReader, memo: Memo, nodes: dict[str, yaml.Node], layout: Layout,
                 layout_node: yaml.Node | None) -> None:
        self.reader = reader
        self.memo = memo
        self.level = find_level(memo.classification) if memo.classification else None
        self.system = self.level.system if self.level else ""
        self.first = ""  # where the first mark was given, when it set the system
        self.classification_node = nodes.get("classification")
        if self.level is not None:
            memo.classification = self.level.name  # "C" in brief.yaml prints as CONFIDENTIAL
        if layout.portion_marks:
            if not memo.classification:
                raise reader.error(reader.key_node(layout_node, "portion_marks"),
                                   "layout.portion_marks needs the memo's overall classification",
                                   "add memo.classification: (e.g. UNCLASSIFIED or CONFIDENTIAL)")
            self._require_level()
        if "subject_mark" in nodes:
            memo.subject_mark = self.node(nodes["subject_mark"], "memo.subject_mark")

    def _require_level(self) -> None:
        if self.level is None and self.memo.classification:
            try:
                parse_level(self.memo.classification)
            except ValueError as exc:
                raise self.reader.error(self.classification_node, f"memo.classification: {exc}",
                                        "portion marks need the overall classification to be one of these "
                                        "levels (a caveat goes in memo.handling)") from None

    def node(self, node: yaml.Node, what: str) -> str:
        """The abbreviation of the mark a brief.yaml value gives."""
        text = self.reader.text(node, what)
        line, column = self.reader.place(node.start_mark.index)
        try:
            abbreviation = parse_level(text).abbreviation
        except ValueError as exc:
            raise BriefError(self.reader.path, line, column, f"{what}: {exc}") from None
        return self.check(abbreviation, self.reader.path, line, column)

    def check(self, abbreviation: str, path: Path, line: int, column: int) -> str:
        level = parse_level(abbreviation)
        self._require_level()
        where = f"{path.name}:{line}:{column}"
        if not self.system:
            self.system, self.first = level.system, where
        if level.system != self.system:
            against = (f"the memo's {self.memo.classification}" if self.level
                       else f"the mark at {self.first}")
            raise BriefError(path, line, column,
                             f"portion marked ({level.abbreviation}), a {level.system} marking, "
                             f"but {against} is {self.system}: one memo uses one marking system")
        if self.level is not None and level.rank > self.level.rank:
            raise BriefError(path, line, column,
                             f"portion marked ({level.abbreviation}) above the memo's {self.level.name}",
                             "raise memo.classification, or lower this portion's mark")
        return level.abbreviation

    def default(self) -> str:
        """An unmarked portion's mark: the system's lowest level ("" with no system)."""
        return lowest(self.system).abbreviation if self.system else ""


def _a(word: str) -> str:
    return ("an " if word[:1] in "aeiou" else "a ") + word


def _business_days_after(day: dt.date, count: int) -> dt.date:
    """The date `count` working days after `day`, skipping Saturdays and Sundays. No
    public holidays: which calendar applies depends on the office, so the analyst sets
    memo.decision_by when a holiday falls in between."""
    while count:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day


def _read_memo(reader: _YamlReader, node: yaml.Node) -> tuple[Memo, dict[str, yaml.Node]]:
    fields = reader.mapping(node, _MEMO_KEYS, "memo")
    lang = reader.text(fields.get("lang"), "memo.lang") or "en"
    if not _LANG.fullmatch(lang):
        raise reader.error(fields["lang"], f"memo.lang {lang!r} is not a language tag", "write e.g. en, en-GB, fr, de")
    title = reader.required_text(fields.get("title"), "memo.title", node)
    form = reader.text(fields.get("form"), "memo.form").lower() or "briefing"
    if form not in FORMS:
        close = difflib.get_close_matches(form, FORMS, n=1)
        raise reader.error(fields["form"], f"unknown memo.form {form!r}",
                           (f"did you mean {close[0]!r}? " if close else "") + "forms are " + ", ".join(FORMS))
    date = reader.date(fields.get("date"), "memo.date") or dt.date.today()
    decision_by = reader.date(fields.get("decision_by"), "memo.decision_by")
    if "decision_by" in fields and form != "action":
        raise reader.error(reader.key_node(node, "decision_by"),
                           f"memo.decision_by belongs to an action memo, not to {_a(form)} memo",
                           "set memo.form: action, or take decision_by out")
    if decision_by is not None and decision_by < date:
        raise reader.error(fields["decision_by"],
                           f"memo.decision_by {decision_by.isoformat()} is before the memo's date {date.isoformat()}",
                           "a decision can only be needed on or after the memo's date")
    if form == "action" and decision_by is None:
        decision_by = _business_days_after(date, DECISION_BUSINESS_DAYS)
    classification = reader.text(fields.get("classification"), "memo.classification")
    handling = reader.text(fields.get("handling"), "memo.handling")
    level, caveat = split_classification(classification)
    if caveat:
        if handling:
            raise reader.error(fields["handling"], "the handling caveat is given twice: in memo.classification "
                                                   "after // and in memo.handling", "keep one of them")
        classification, handling = level, caveat
    if handling and not classification:
        raise reader.error(fields["handling"], "memo.handling needs memo.classification",
                           "the banner reads CLASSIFICATION//HANDLING")
    memo = Memo(
        title=title,
        type=reader.text(fields.get("type"), "memo.type") or FORM_TYPES[form],
        subject=reader.text(fields.get("subject"), "memo.subject") or title,
        to=reader.text(fields.get("to"), "memo.to"),
        from_=reader.text(fields.get("from"), "memo.from"),
        through=reader.text(fields.get("through"), "memo.through"),
        date=date,
        classification=classification,
        prepared_by=reader.text(fields.get("prepared_by"), "memo.prepared_by"),
        lang=lang,
        form=form,
        handling=handling,
        decision_by=decision_by,
    )
    return memo, fields


def _read_closing(reader: _YamlReader, top: dict[str, yaml.Node], memo: Memo, memo_nodes: dict[str, yaml.Node]) -> None:
    """drafted_by, cleared_by and attachments: the memo's closing lines."""
    memo.drafted_by = reader.text(top.get("drafted_by"), "drafted_by")
    if memo.drafted_by and memo.prepared_by:
        raise reader.error(memo_nodes["prepared_by"], "memo.prepared_by and drafted_by both name the drafter",
                           "keep drafted_by (prepared_by is its older name)")
    memo.cleared_by = _text_list(reader, top.get("cleared_by"), "cleared_by")
    memo.attachments = _text_list(reader, top.get("attachments"), "attachments")


def _text_list(reader: _YamlReader, node: yaml.Node | None, what: str) -> list[str]:
    """A list of text, or one text for a list of one."""
    if isinstance(node, yaml.ScalarNode):
        value = reader.text(node, what)
        return [value] if value else []
    return [reader.required_text(item, f"{what} item", item) for item in reader.sequence(node, what)]


def _read_email(reader: _YamlReader, node: yaml.Node | None) -> Email:
    """The email block: to and cc (a list, or one address), from (one address)."""
    if node is None or node.tag == _NULL_TAG:
        return Email()
    fields = reader.mapping(node, _EMAIL_KEYS, "email")

    def addresses(key: str) -> list[str]:
        what = f"email.{key}"
        value = fields.get(key)
        items = [value] if isinstance(value, yaml.ScalarNode) else reader.sequence(value, what)
        found = [_address(reader, item, f"{what} item" if item is not value else what) for item in items]
        return [address for address in found if address]

    return Email(to=addresses("to"), cc=addresses("cc"), from_=_address(reader, fields.get("from"), "email.from"))


def _address(reader: _YamlReader, node: yaml.Node | None, what: str) -> str:
    """One email address, "Name <user@example.gov>" or "user@example.gov", as the
    standard library writes it; "" for none. Anything else is an error at the value:
    a list of several, a group, an address without a domain, anything the standard
    library's parser finds a defect in."""
    from email.errors import HeaderParseError
    from email.headerregistry import HeaderRegistry

    text = reader.text(node, what)
    if not text:
        return ""
    hint = 'write it as user@example.gov or "Name <user@example.gov>", one address a value'
    if "\n" in text or "\t" in text:
        raise reader.error(node, f"{what}: an address is one line", hint)
    try:
        header = HeaderRegistry()("to", text)
        groups, defects = header.groups, header.defects
    except (HeaderParseError, IndexError, ValueError, TypeError):  # the parser's IndexError: "x@"
        groups, defects = (), ("unparsable",)
    addresses = [address for group in groups for address in group.addresses]
    if len(groups) > 1 or len(addresses) != 1:
        many = len(addresses) > 1 or len(groups) > 1
        raise reader.error(node, f"{what} {text!r} is " + ("several addresses" if many else "not an email address"),
                           "make it a list, an address an item" if many else hint)
    address = addresses[0]
    local, domain = address.username, address.domain
    if defects or groups[0].display_name is not None or not local or "." not in domain.strip("."):
        raise reader.error(node, f"{what} {text!r} is not an email address", hint)
    if not address.addr_spec.isascii():
        raise reader.error(node, f"{what} {text!r}: the address must be ASCII",
                           "internationalised addresses (SMTPUTF8) are not supported")
    return str(address)


def _read_summary(reader: _YamlReader, node: yaml.Node | None, marks: _Marks) -> tuple[str, str]:
    """The BLUF: text, or a mapping of text and mark."""
    if not isinstance(node, yaml.MappingNode):
        return reader.text(node, "summary"), ""
    fields = reader.mapping(node, ("text", "mark"), "summary")
    text = reader.required_text(fields.get("text"), "summary.text", node)
    return text, marks.node(fields["mark"], "summary.mark") if "mark" in fields else ""


def _read_recommendation(reader: _YamlReader, node: yaml.Node, marks: _Marks) -> Recommendation:
    if isinstance(node, yaml.ScalarNode) and node.tag != _NULL_TAG:
        return Recommendation(reader.required_text(node, "recommendations item", node))
    fields = reader.mapping(node, ("text", "options", "mark"), "a recommendations item")
    text = reader.required_text(fields.get("text"), "text of a recommendations item", node)
    options = list(DEFAULT_OPTIONS)
    if "options" in fields:
        options = _text_list(reader, fields["options"], "recommendations.options")
        if not options:
            raise reader.error(fields["options"], "recommendations.options is empty",
                               "leave it out for Approve and Disapprove, or name the options")
    mark = marks.node(fields["mark"], "recommendations.mark") if "mark" in fields else ""
    return Recommendation(text, options, mark)


def _read_layout(reader: _YamlReader, node: yaml.Node | None) -> Layout:
    if node is None or node.tag == _NULL_TAG:
        return Layout()
    fields = reader.mapping(node, _LAYOUT_KEYS, "layout")
    max_pages = reader.text(fields.get("max_pages"), "layout.max_pages") or "2"
    if not re.fullmatch("[0-9]{1,3}", max_pages) or int(max_pages) < 1:  # not str.isdigit: "²" is a digit
        raise reader.error(fields["max_pages"],
                           f"layout.max_pages must be a whole number of pages from 1 to 999, not {max_pages!r}")
    return Layout(
        paper=reader.choice(fields.get("paper"), "layout.paper", PAPERS, "letter"),
        citations=reader.choice(fields.get("citations"), "layout.citations", CITATION_STYLES, "footnotes"),
        max_pages=int(max_pages),
        fit=reader.boolean(fields.get("fit"), "layout.fit", False),
        portion_marks=reader.boolean(fields.get("portion_marks"), "layout.portion_marks", False),
    )


def _item_fields(reader: _YamlReader, node: yaml.Node, what: str,
                 keys: tuple[str, ...]) -> tuple[dict[str, str], dict[str, yaml.Node]]:
    """A list item: a mapping of the given keys, or plain text for the first key.
    Returns the values and the nodes they came from."""
    if isinstance(node, yaml.ScalarNode) and node.tag != _NULL_TAG:
        return {keys[0]: reader.required_text(node, f"{what} item", node)}, {keys[0]: node}
    nodes = reader.mapping(node, keys, f"a {what} item")
    values = {key: reader.text(value, f"{what}.{key}") for key, value in nodes.items()}
    reader.required_text(nodes.get(keys[0]), f"{keys[0]} of a {what} item", node)
    return values, nodes


def _item_mark(marks: _Marks, nodes: dict[str, yaml.Node], what: str) -> str:
    return marks.node(nodes["mark"], f"{what}.mark") if "mark" in nodes else ""


def _read_point(reader: _YamlReader, node: yaml.Node, what: str, marks: _Marks) -> Point:
    values, nodes = _item_fields(reader, node, what, ("text", "note", "mark"))
    return Point(values["text"], values.get("note", ""), mark=_item_mark(marks, nodes, what))


def _read_participant(reader: _YamlReader, node: yaml.Node, marks: _Marks) -> Participant:
    values, nodes = _item_fields(reader, node, "participants",
                                 ("name", "role", "org", "note", "mark", "pronounce", "bio"))
    return Participant(values["name"], values.get("role", ""), values.get("org", ""), values.get("note", ""),
                       mark=_item_mark(marks, nodes, "participants"), pronounce=values.get("pronounce", ""),
                       bio=values.get("bio", ""))


def _read_agenda_item(reader: _YamlReader, node: yaml.Node, lang: str,
                      warnings: list[BriefWarning], marks: _Marks) -> AgendaItem:
    values, nodes = _item_fields(reader, node, "agenda", ("item", "when", "where", "who", "note", "mark"))
    when = None
    if values.get("when"):
        try:
            when, advice = read_when(values["when"], lang)
        except ValueError as exc:
            raise reader.error(nodes["when"], f"agenda when: {exc}") from None
        if advice:
            place = Place(reader.path, *reader.place(nodes["when"].start_mark.index))
            warnings.append(BriefWarning(f"agenda when {advice}", place))
    return AgendaItem(values["item"], when, values.get("where", ""), split_names(values.get("who", "")),
                      values.get("note", ""), mark=_item_mark(marks, nodes, "agenda"))


def split_names(who: str) -> list[str]:
    return [name.strip() for name in who.split(";") if name.strip()]


# ---- sources ------------------------------------------------------------------------------------

_FRONT_MATTER_KEYS = ("title", "outlet", "author", "date", "url", "accessed")


def read_sources(root: Path, warnings: list[BriefWarning]) -> list[SourceFile]:
    folder = root / "sources"
    if not folder.is_dir():
        raise BriefError(folder, None, None, "sources/ folder not found",
                         "make it (it may be empty) and put .md or .txt source files in it")
    resolved_root = root.resolve()
    sources: list[SourceFile] = []
    seen: dict[str, Path] = {}
    for path in sorted(folder.iterdir(), key=lambda p: p.name):
        if path.name.startswith("."):
            continue
        if path.is_dir():
            # sub-folders are not read: say so, or their annotations would vanish unnoticed
            warnings.append(BriefWarning(f"ignored: {path.name}/ is a folder; only files directly in sources/ "
                                         "are read", Place(path, 1, 1)))
            continue
        if path.name.endswith(UNANCHORED_SUFFIX):
            warnings.append(BriefWarning(_unanchored_warning(path), Place(path, 1, 1)))
            continue
        if path.name.lower().endswith(SUGGESTED_SUFFIXES):
            warnings.append(BriefWarning(_suggested_warning(path), Place(path, 1, 1)))
            continue
        if path.suffix.lower() not in SOURCE_SUFFIXES:
            warnings.append(BriefWarning(f"ignored: {path.name} is not a .md or .txt source",
                                         Place(path, 1, 1)))
            continue
        try:
            target = path.resolve(strict=True)
        except (OSError, RuntimeError) as exc:  # Python 3.11 says RuntimeError for a loop
            looped = isinstance(exc, RuntimeError) or getattr(exc, "errno", None) == errno.ELOOP
            raise BriefError(path, None, None, "cannot read file: " + (
                "it is a symbolic link that leads back to itself (a loop)" if looped
                else f"{getattr(exc, 'strerror', None) or exc}"),
                "make it a regular file, or delete it" if looped else "") from None
        if not target.is_relative_to(resolved_root):
            raise BriefError(path, None, None, "this source links to a file outside the workspace",
                             "copy the file into sources/ instead of linking to it")
        try:
            path.name.encode("utf-8")
        except UnicodeEncodeError:  # bytes the file system could not decode: no id can be written out
            raise BriefError(path, None, None, "this file name is not valid UTF-8 text",
                             "rename the file; its name is the source's id") from None
        source_id = path.stem
        if source_id in seen:
            raise BriefError(path, 1, 1, f"two sources have the id {source_id!r}: {seen[source_id].name} "
                                         f"and {path.name}", "rename one of them")
        seen[source_id] = path
        source = read_source(path)
        warnings.extend(source.warnings)
        sources.append(source)
    return sources


def _unanchored_warning(path: Path) -> str:
    source = path.name.removesuffix(UNANCHORED_SUFFIX)
    try:
        data = load_yaml(read_text(path))
    except (BriefError, yaml.YAMLError):
        data = None
    marks = data.get("marks") if isinstance(data, dict) else None
    count = "imported marks"
    if isinstance(marks, list):
        count = f"{len(marks)} imported mark{'s' if len(marks) != 1 else ''}"
    return f"{count} could not be placed in source {source!r}; mark by hand what this file lists, then delete it"


def suggested_source(path: Path) -> Path:
    """The source a suggested file (sources/<id>.suggested.md) was made from: <id>.md, or
    <id>.txt when that is the one there (both are read alike, as Markdown)."""
    source_id = path.name[:-len(".suggested.md")]
    for suffix in (".md", ".txt"):
        if (path.parent / (source_id + suffix)).exists():
            return path.parent / (source_id + suffix)
    return path.parent / (source_id + ".md")


def _suggested_warning(path: Path) -> str:
    source = suggested_source(path)
    return (f"ignored: {path.name} holds suggested annotations for {source.name}, not a source; review them, "
            f"then accept them by moving it over the source (mv sources/{path.name} sources/{source.name})")


def front_matter_closing(path: Path, lines: list[str]) -> int | None:
    """The index of the line closing a source's front matter; None when it has none."""
    if not lines or lines[0].rstrip() != "---":
        return None
    closing = next((i for i, line in enumerate(lines[1:], start=1) if line.rstrip() in ("---", "...")), None)
    if closing is None:
        raise BriefError(path, 1, 1, "front matter is never closed",
                         "end it with a line holding only ---")
    return closing


def read_source(path: Path) -> SourceFile:
    text = read_text(path)
    lines = text.split("\n")
    meta: Source
    body_first_line = 1
    warnings: list[BriefWarning] = []
    closing = front_matter_closing(path, lines)
    if closing is not None:
        meta = _read_front_matter(path, "\n".join(lines[1:closing]))
        body_first_line = closing + 2
        body = "\n".join(lines[closing + 1:])
    else:
        body = text
        title = _first_line_title(lines)
        if len(title) > MAX_TITLE:
            warnings.append(BriefWarning(f"this source's first line, its title, is longer than {MAX_TITLE} "
                                         f"characters: the memo takes its first {MAX_TITLE}",
                                         Place(path, 1, 1)))
            title = cut(title, MAX_TITLE)
        meta = Source(id=path.stem, number=0, title=title or path.stem)
    annotations = parse_annotations(body, path, body_first_line)
    return SourceFile(path, meta, annotations, warnings)


def _read_front_matter(path: Path, text: str) -> Source:
    reader = _YamlReader(path, line_offset=1)
    node = reader.compose(text)
    if node is None:
        raise BriefError(path, 1, 1, "front matter is empty: it needs a title:")
    fields = reader.mapping(node, _FRONT_MATTER_KEYS, "front matter")
    return Source(
        id=path.stem,
        number=0,
        title=reader.required_text(fields.get("title"), "title (in front matter)", node),
        outlet=reader.text(fields.get("outlet"), "outlet"),
        author=reader.text(fields.get("author"), "author"),
        date=reader.date(fields.get("date"), "date"),
        url=reader.text(fields.get("url"), "url"),
        accessed=reader.date(fields.get("accessed"), "accessed"),
    )


def _first_line_title(lines: list[str]) -> str:
    for line in lines:
        if line.strip():
            # strip_markup reads the whole line: a 5 MB one-line file is cut first
            return strip_markup(line[:4 * MAX_TITLE].strip().lstrip("#").strip())
    return ""
