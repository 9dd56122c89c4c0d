"""The one problem type shared by the loader, the plugin and the command line."""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable
from dataclasses import dataclass


class Severity(enum.Enum):
    """How bad a problem is: errors stop a build, warnings fail only strict builds."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True, slots=True)
class Location:
    """A place in a source file; line and column count from 1 (a problem of the whole file is at 1:1)."""

    path: str
    line: int = 1
    column: int = 1

    def __str__(self) -> str:
        return f"{visible(self.path)}:{self.line or 1}:{self.column or 1}"


@dataclass(frozen=True)
class Problem:
    """Something wrong with the maps, located in its source file."""

    location: Location
    message: str
    severity: Severity = Severity.ERROR
    hint: str = ""

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def __str__(self) -> str:
        return self.format()

    def format(self, *, severity: bool = False) -> str:
        """``path:line:column: message (hint)``, optionally with ``error:``/``warning:``."""
        text = f"{self.location}: "
        if severity:
            text += f"{self.severity.value}: "
        text += visible(self.message)
        if self.hint:
            text += f" ({visible(self.hint)})"
        return text

    def sort_key(self) -> tuple[str, int, int, str]:
        loc = self.location
        return (loc.path, loc.line, loc.column, self.message)


_UNSEEN = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def visible(text: str) -> str:
    """``text`` on one line with nothing a terminal or a CI log would act on.

    Control characters (newline, ESC …), line separators and bidi controls in
    author text are written as Python-style escapes (``\\n``, ``\\x1b``,
    ``\\u202e``), so a message is one line that can neither forge a second line
    (a GitHub Actions command) nor reach the terminal.
    """
    return _UNSEEN.sub(_escaped, text)


def _escaped(match: re.Match[str]) -> str:
    ch = match.group()
    named = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(ch)
    if named:
        return named
    return f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}"


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """A 'did you mean' hint for a misspelt word, or an empty string."""
    import difflib

    close = difflib.get_close_matches(word, sorted(candidates), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ""


def as_dict(problem: Problem) -> dict[str, object]:
    """A problem as plain data (for `--format json`)."""
    loc = problem.location
    return {
        "path": loc.path,
        "line": loc.line or 1,
        "column": loc.column or 1,
        "severity": problem.severity.value,
        "message": problem.message,
        "hint": problem.hint or None,
    }


def as_github(problem: Problem) -> str:
    """A GitHub Actions workflow command: an annotation on the pull request's diff."""

    def data(text: str) -> str:
        return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")

    def prop(text: str) -> str:
        return data(text).replace(":", "%3A").replace(",", "%2C")

    loc = problem.location
    props = [f"file={prop(visible(loc.path))}", f"line={loc.line or 1}", f"col={loc.column or 1}"]
    props.append("title=journey-maps")
    message = visible(problem.message) + (f" ({visible(problem.hint)})" if problem.hint else "")
    return f"::{problem.severity.value} {','.join(props)}::{data(message)}"
