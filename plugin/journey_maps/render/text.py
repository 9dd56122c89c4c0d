"""Escaping for the places where author text lands in a generated page.

Templates autoescape HTML by default (and ``finalize`` encodes braces); these
filters cover the other contexts: inline Markdown (``md``), headings
(``heading``), Markdown fields rendered to safe HTML (``markdown``) and YAML
front matter (``yaml_string``).
"""

from __future__ import annotations

import json
import re
import types

import jinja2
import jinja2.compiler
from markupsafe import Markup, escape

from .. import safe_markdown

# Characters that Markdown (and common extensions: attr_list, emoji, tables,
# arithmatex, critic, tilde, mark, caret, abbr) read as syntax. Written as
# numeric character references they show as themselves and are never syntax.
_MD_SPECIAL = set("\\`*_{}[]()#+-.!|~^=:$<>&\"'@")
_MD_ENCODE = str.maketrans({ch: f"&#{ord(ch)};" for ch in _MD_SPECIAL})
_NEWLINES = re.compile(r"\r\n|\r|\n|\u2028|\u2029")


def md(text: object, *, breaks: bool = True) -> Markup:
    """Author text as inline Markdown that shows exactly as written."""
    return Markup(_md(str(text), breaks))


def _md(text: str, breaks: bool = True) -> str:
    whole = text.strip()
    if _NEWLINES.search(whole) is None:  # one line, the usual case
        return whole.translate(_MD_ENCODE)
    lines = [line.strip().translate(_MD_ENCODE) for line in _NEWLINES.split(whole)]
    return ("<br>" if breaks else " ").join(lines)


def heading(text: object) -> Markup:
    """Author text inside a Markdown heading (one line)."""
    return md(text, breaks=False)


def markdown_block(text: object) -> Markup:
    """A Markdown field as a block of safe HTML (see safe_markdown), braces encoded."""
    html = safe_markdown.render(str(text))
    return Markup(f'<div class="jm-md">\n{_braces(str(html))}\n</div>')


def finalize(value: object) -> str:
    """Every text a template prints, escaped for HTML *and* Markdown (see ``md``).

    The same text may land in raw HTML or inside a ``markdown``-attributed block;
    written as character references it reads the same in both and is syntax in
    neither. Braces are encoded too, so it can never form `{{ … }}` or `{% … %}`
    should another plugin (mkdocs-macros) run Jinja over the page. Values the
    plugin built itself (paths, icons, diagram code) arrive as Markup and pass.

    What it returns is safe HTML in every case, so the templates print it without
    Jinja's own escape() around it (see ``_OneCallOutput``).
    """
    kind = type(value)
    if kind is Markup:
        return value  # type: ignore[return-value]
    if kind is str:
        return _md(value)  # type: ignore[arg-type]
    if value is None or kind is int or kind is bool or kind is float:
        return str(value)
    if hasattr(value, "__html__"):  # markup made when printed (pages.Later), Markup's subclasses
        return value.__html__()
    return _md(str(value))  # dates and locations too: "x.yml:100:5" must not become the :100: emoji


class _OneCallOutput(jinja2.compiler.CodeGenerator):
    """Compiles ``{{ value }}`` in an autoescaped template to one call, ``finalize(value)``, instead
    of Jinja's ``escape(finalize(value))``: finalize already returns safe HTML, and escape() would
    only copy it into a new Markup (two objects per printed value, about a third of a journey
    page's rendering time). The output is the same text."""

    def _one_call(self, frame: jinja2.compiler.Frame, finalize: jinja2.compiler.CodeGenerator._FinalizeInfo) -> bool:
        return frame.eval_ctx.autoescape and not frame.eval_ctx.volatile and finalize.src == "environment.finalize("

    def _output_child_pre(self, node, frame, finalize) -> None:  # type: ignore[no-untyped-def]
        if self._one_call(frame, finalize):
            self.write("environment.finalize(")
        else:
            super()._output_child_pre(node, frame, finalize)

    def _output_child_post(self, node, frame, finalize) -> None:  # type: ignore[no-untyped-def]
        if self._one_call(frame, finalize):
            self.write(")")
        else:
            super()._output_child_post(node, frame, finalize)


_TOKEN = re.compile(r"^_?[a-z0-9][a-z0-9_-]*$")


def token(value: object) -> Markup:
    """An id or class name (a validated slug): placed as it is, or refused."""
    text = str(value)
    if not _TOKEN.fullmatch(text):
        raise ValueError(f"not an id: {text!r}")
    return Markup(text)


def code(text: str) -> Markup:
    """Text for inside <pre><code>: HTML-escaped, newlines kept, braces encoded."""
    return Markup(_braces(str(escape(text))))


def _braces(text: str) -> str:
    return text.replace("{", "&#123;").replace("}", "&#125;")


def yaml_string(text: object) -> Markup:
    """A double-quoted YAML string (JSON is valid YAML), HTML-escaped for page titles."""
    return Markup(json.dumps(str(escape(str(text))), ensure_ascii=False))


def attr(text: object) -> Markup:
    """Text for an HTML attribute value inside double quotes."""
    return Markup(escape(_NEWLINES.sub(" ", str(text))))


_PLAIN_CALLABLES = frozenset(
    {types.FunctionType, types.MethodType, types.BuiltinFunctionType, types.BuiltinMethodType, jinja2.runtime.Macro}
)
"""Callables whose type has no ``__call__`` that asks for a context: Jinja's check of ``__call__`` is skipped."""


class _Context(jinja2.runtime.Context):
    """Jinja's context, with blocks that share their stacks with the context they come from.

    Jinja copies every block's stack for each block it enters (a journey page has about 30 blocks,
    and enters ten of them per step). Nothing changes a stack once a page renders (``extends``
    builds them before any block runs, and ``super()`` only reads them), so sharing them is safe.
    """

    def call(__self, __obj: object, *args: object, **kwargs: object) -> object:
        """Jinja's ``call``, with a short way for what templates call most (macros, functions, methods):
        those that take no context, environment or eval context are called as they are."""
        if type(__obj) in _PLAIN_CALLABLES and getattr(__obj, "jinja_pass_arg", None) is None:
            if kwargs:
                kwargs.pop("_block_vars", None)
                kwargs.pop("_loop_vars", None)
            try:
                return __obj(*args, **kwargs)  # type: ignore[operator]
            except StopIteration:
                return __self.environment.undefined("value was undefined because a callable raised a StopIteration")
        return super().call(__obj, *args, **kwargs)  # type: ignore[arg-type]

    def derived(self, locals: dict[str, object] | None = None) -> jinja2.runtime.Context:
        context = jinja2.runtime.new_context(self.environment, self.name, {}, self.get_all(), True, None, locals)
        context.eval_ctx = self.eval_ctx
        context.blocks.update(self.blocks)
        return context


class _CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates, kept for the process: every language's pages (and every build of
    `mkdocs serve`) get an environment of their own, and compiling the templates again cost about
    0.3 s each time. Jinja keys them by template file and checks them against its source."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


_COMPILED: dict[str, _CompiledTemplates] = {}
"""One cache per set of extra settings: code compiled under other settings is not reused."""


def environment(loader: jinja2.BaseLoader, **extra: object) -> jinja2.Environment:
    """A Jinja environment with the settings every template of the package is written for:
    HTML autoescaped, braces encoded (``finalize``), undefined names an error, block tags trimmed."""
    env = jinja2.Environment(
        bytecode_cache=_COMPILED.setdefault(repr(sorted(extra.items())), _CompiledTemplates()),
        loader=loader,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
        finalize=finalize,
        **extra,
    )
    env.context_class = _Context
    env.code_generator_class = _OneCallOutput
    return env
