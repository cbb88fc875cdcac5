"""Reading content files without ever raising: each fault becomes a :class:`Problem` with a line.

TOML data carries no line numbers, so :class:`Table` finds them again by scanning the file's text:
the n-th ``[[question]]`` header is the n-th question, and a key is the first ``key =`` line (or
``[name.key]`` header) inside its table's span. That is a best effort; line 1 when nothing is found.
"""

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hrdap.learning.course_data import LANGUAGES, Problem

SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\[\]]+?)\s*\]\]?\s*(#.*)?$")
_TOML_LINE = re.compile(r"\s*\(at line (\d+), column (\d+)\)")

# What each kind of value is called in messages, and how to recognise it (bool is an int in Python).
_KINDS: dict[str, tuple[str, Any]] = {
    "string": ("a string", lambda v: isinstance(v, str)),
    "integer": ("an integer", lambda v: isinstance(v, int) and not isinstance(v, bool)),
    "number": ("a number", lambda v: isinstance(v, int | float) and not isinstance(v, bool)),
    "boolean": ("true or false", lambda v: isinstance(v, bool)),
    "list": ("a list", lambda v: isinstance(v, list)),
    "table": ("a table", lambda v: isinstance(v, dict)),
}


def relative(path: Path, root: Path) -> str:
    """``path`` relative to the courses root, with forward slashes, as reported in problems."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def read_utf8(path: Path, root: Path, problems: list[Problem]) -> str | None:
    """Return the file's text, or None after reporting why it cannot be read."""
    rel = relative(path, root)
    try:
        raw = path.read_bytes()
    except OSError as error:
        problems.append(Problem(rel, 1, f"cannot read file: {error.strerror or error}"))
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        problems.append(Problem(rel, line, f"not valid UTF-8 (byte {error.start})"))
        return None
    return text.removeprefix("\ufeff")  # editors on Windows add a BOM


def _header_name(line: str) -> tuple[str, bool] | None:
    """The dotted name of a ``[table]`` or ``[[array]]`` header line, and whether it is an array."""
    match = _HEADER.match(line)
    if not match:
        return None
    name = ".".join(part.strip().strip("\"'") for part in match.group(2).split("."))
    return name, match.group(1) == "[["


def _within(name: str, table: str) -> bool:
    """Whether header ``name`` belongs to ``table`` (itself or a sub-table)."""
    return not table or name == table or name.startswith(table + ".")


class TomlFile:
    """A parsed TOML file, its lines, and the list that its problems go to."""

    def __init__(self, rel: str, text: str, data: dict[str, Any], problems: list[Problem]):
        self.rel = rel
        self.lines = text.splitlines()
        self.data = data
        self.problems = problems
        self.headers = [(i, *h) for i, line in enumerate(self.lines) if (h := _header_name(line))]

    @classmethod
    def read(cls, path: Path, root: Path, problems: list[Problem]) -> "TomlFile | None":
        """Parse ``path``; on failure report the problem (with TOML's own line) and return None."""
        text = read_utf8(path, root, problems)
        if text is None:
            return None
        rel = relative(path, root)
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            message = str(error)
            match = _TOML_LINE.search(message)
            line = int(match.group(1)) if match else max(1, len(text.splitlines()))
            message = _TOML_LINE.sub("", message)
            problems.append(Problem(rel, line, f"invalid TOML: {message}"))
            return None
        return cls(rel, text, data, problems)

    def root(self) -> "Table":
        """The top-level table."""
        return Table(self, self.data, "", (0, len(self.lines)))


@dataclass
class Table:
    """A TOML table being validated, with the span of lines (0-based, end excluded) it came from."""

    file: TomlFile
    data: dict[str, Any]
    name: str
    span: tuple[int, int]

    def _span_of(self, name: str, array: bool, index: int) -> tuple[int, int]:
        """Lines of the ``index``-th ``[name]``/``[[name]]`` header inside this table's span."""
        start, end = self.span
        found = [i for i, n, a in self.file.headers if start <= i < end and n == name and a == array]
        if index >= len(found):
            return self.span  # written inline: the parent's span is the best we know
        first = found[index]
        after = [i for i, n, _ in self.file.headers if first < i < end and not _within(n, name)]
        later = found[index + 1] if index + 1 < len(found) else end
        return first, min([later, *after])

    def line(self, key: str | None = None) -> int:
        """1-based line of ``key`` in this table (or of the table's header)."""
        start, end = self.span
        if key is not None:
            full = f"{self.name}.{key}" if self.name else key
            assignment = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*[=.]")
            current = self.name
            for i in range(start, end):
                header = _header_name(self.file.lines[i])
                if header:
                    if _within(header[0], full):
                        return i + 1
                    current = header[0]
                elif current == self.name and assignment.match(self.file.lines[i]):
                    return i + 1
        return start + 1

    def problem(self, message: str, key: str | None = None, warning: bool = False) -> None:
        """Report ``message`` at the line of ``key`` (or of this table)."""
        self.file.problems.append(Problem(self.file.rel, self.line(key), message, warning))

    @property
    def where(self) -> str:
        """' in [name]' for messages; empty at the top level."""
        return f" in [{self.name}]" if self.name else ""

    def check_keys(self, allowed: Iterable[str]) -> None:
        """Report every key that is not in ``allowed``."""
        allowed = sorted(allowed)
        for key in self.data:
            if key not in allowed:
                self.problem(
                    f"unknown key '{key}'{self.where} (allowed: {', '.join(allowed)})", key
                )

    def get(self, key: str, kind: str, required: bool = False, default: Any = None) -> Any:
        """The value of ``key`` if it is of ``kind`` (see ``_KINDS``), else report and ``default``."""
        if key not in self.data:
            if required:
                self.problem(f"missing required key '{key}'{self.where}")
            return default
        value = self.data[key]
        label, matches = _KINDS[kind]
        if not matches(value):
            self.problem(f"'{key}' must be {label}, not {_describe(value)}", key)
            return default
        return value

    def slug(self, key: str = "slug") -> str:
        """The required slug or id ``key``: lower-case letters, digits and inner hyphens."""
        value = self.get(key, "string", required=True, default="")
        if value and not SLUG.fullmatch(value):
            self.problem(f"'{key}' {value!r} must use only a-z, 0-9 and '-'", key)
        return value

    def table(self, key: str, required: bool = False) -> "Table | None":
        """The sub-table ``key``, or None (reported when required or of the wrong type)."""
        value = self.get(key, "table", required)
        if value is None:
            return None
        name = f"{self.name}.{key}" if self.name else key
        return Table(self.file, value, name, self._span_of(name, False, 0))

    def tables(self, key: str, required: bool = False) -> list["Table"]:
        """The array of tables ``key`` (``[[key]]``), each with its own span."""
        values = self.get(key, "list", required, [])
        name = f"{self.name}.{key}" if self.name else key
        result = []
        for index, value in enumerate(values):
            if isinstance(value, dict):
                result.append(Table(self.file, value, name, self._span_of(name, True, index)))
            else:
                self.problem(f"each '{key}' must be a table, not {_describe(value)}", key)
        return result

    def texts(self, key: str, required: bool = True) -> dict[str, str]:
        """A ``{en, fr, es}`` table of non-empty strings; English is required when ``required``."""
        sub = self.table(key, required)
        if sub is None:
            return {}
        sub.check_keys(LANGUAGES)
        texts = {}
        for lang in LANGUAGES:
            value = sub.get(lang, "string")
            if value and value.strip():
                texts[lang] = value
        if required and "en" not in texts:
            self.problem(f"missing English text for '{key}'{self.where}", key)
        return texts

    def strings(self, key: str, required: bool = False) -> list[str]:
        """A list of strings (non-strings are reported and dropped)."""
        values = self.get(key, "list", required, [])
        if not all(isinstance(v, str) for v in values):
            self.problem(f"'{key}' must be a list of strings", key)
        return [v for v in values if isinstance(v, str)]


def _describe(value: Any) -> str:
    """A short name for the type of a TOML value, for messages."""
    for kind in ("boolean", "integer", "number", "string", "list", "table"):
        label, matches = _KINDS[kind]
        if matches(value):
            return label
    return type(value).__name__
