"""The one problem type shared by the loader, the plugin and the command line."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass


class Severity(enum.Enum):
    """How bad a problem is: errors stop a build, warnings fail only strict builds."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True, slots=True)
class Location:
    """A place in a source file; line and column count from 1 (0 means unknown)."""

    path: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if not self.line:
            return self.path
        return f"{self.path}:{self.line}:{self.column}"


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
        text += self.message
        if self.hint:
            text += f" ({self.hint})"
        return text

    def sort_key(self) -> tuple[str, int, int, str]:
        loc = self.location
        return (loc.path, loc.line, loc.column, self.message)


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
        "line": loc.line or None,
        "column": loc.column or None,
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
    props = [f"file={prop(loc.path)}"]
    if loc.line:
        props += [f"line={loc.line}", f"col={loc.column}"]
    props.append("title=journey-maps")
    message = problem.message + (f" ({problem.hint})" if problem.hint else "")
    return f"::{problem.severity.value} {','.join(props)}::{data(message)}"
