"""A test oracle for Mermaid's `journey` grammar (mermaid-js/mermaid journey.jison, develop 2026-04).

Mermaid first pulls out front matter and `%%{...}%%` directives, drops `%%`
comment lines, and turns `#NN;` entity codes into placeholders
(`encodeEntities`). The journey lexer then reads, per line: `title` +
`[^#\\n;]+`, `section` + `[^#:\\n;]+`, and tasks as `[^#:\\n;]+` followed by
`:[^#\\n;]+` (score, then comma-separated actors). A `#` starts a comment and a
`;` is invalid. This module parses diagram text the same way and decodes the
entity codes, so tests can check that a label reads back exactly as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_ENTITY = re.compile(r"#(\d+);")
JS_SPACE = (
    "\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000\ufeff"
)
"""What JavaScript's `\\s` matches (ECMA-262 WhiteSpace and LineTerminator): Mermaid's lexer skips it."""


class GrammarError(AssertionError):
    pass


@dataclass
class Task:
    name: str
    score: int
    actors: list[str]


@dataclass
class Section:
    name: str
    tasks: list[Task] = field(default_factory=list)


@dataclass
class Diagram:
    title: str | None = None
    acc_title: str | None = None
    acc_descr: str | None = None
    sections: list[Section] = field(default_factory=list)
    config: str = ""


def decode(text: str) -> str:
    return _ENTITY.sub(lambda m: chr(int(m.group(1))), text)


def parse(source: str) -> Diagram:
    diagram = Diagram()
    text = source
    if text.startswith("---\n"):
        end = text.index("\n---\n", 4)
        diagram.config, text = text[4:end], text[end + 5 :]
    if "%%" in text:
        raise GrammarError("'%%' in the body would be a comment or a directive")
    lines = text.split("\n")
    if lines[0].strip(JS_SPACE).lower() != "journey":
        raise GrammarError(f"first line must be 'journey', got {lines[0]!r}")
    for line in lines[1:]:
        body = _ENTITY.sub(lambda m: f"\ufb02\u00b0\u00b0{m.group(1)}\u00b6\u00df", line).strip(JS_SPACE)
        if not body:
            continue
        if "#" in body or ";" in body:
            raise GrammarError(f"raw '#' or ';' in {line!r}")
        lower = body.lower()
        if lower.startswith("title") and lower[5:6] and lower[5] in JS_SPACE:
            diagram.title = _restore(body[6:])
        elif re.match(f"acctitle[{JS_SPACE}]*:", lower):
            diagram.acc_title = _restore(body.split(":", 1)[1].strip())
        elif re.match(f"accdescr[{JS_SPACE}]*:", lower):
            diagram.acc_descr = _restore(body.split(":", 1)[1].strip())
        elif lower.startswith("section") and lower[7:8] and lower[7] in JS_SPACE:
            name = body[8:]
            if ":" in name:
                raise GrammarError(f"':' in section {line!r}")
            diagram.sections.append(Section(_restore(name)))
        else:
            match = re.fullmatch(r"([^#:\n;]+)(:[^#\n;]+)", body)
            if not match:
                raise GrammarError(f"not a task: {line!r}")
            if not diagram.sections:
                raise GrammarError("task before any section")
            pieces = match.group(2)[1:].split(":")
            if len(pieces) != 2:
                raise GrammarError(f"task data must be ': score: actors', got {match.group(2)!r}")
            score = pieces[0].strip()
            if not re.fullmatch(r"[1-5]", score):
                raise GrammarError(f"score {score!r} is not 1-5")
            actors = [_restore(a.strip()) for a in pieces[1].split(",")]
            diagram.sections[-1].tasks.append(Task(_restore(match.group(1).strip()), int(score), actors))
    return diagram


def _restore(text: str) -> str:
    return decode(re.sub("\ufb02\u00b0\u00b0(\\d+)\u00b6\u00df", r"#\1;", text.strip(JS_SPACE)))
