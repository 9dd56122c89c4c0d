"""Which addresses the plugin lets into a page: decided on the URL as the browser reads it.

A browser decodes character references in an attribute (``javascript&#58;x``,
``&Tab;``, ``&colon;``), drops leading and trailing control characters and spaces,
removes tabs and newlines anywhere, and reads the scheme case-insensitively
(the WHATWG URL standard). Only then is the scheme known, so only then is it
judged: http, https and mailto are allowed, and so are relative addresses
(paths, ``#anchors``, ``?queries`` and ``//host/…``, which keeps the page's own
scheme).
"""

from __future__ import annotations

import html
import re

ALLOWED_SCHEMES = frozenset({"http", "https", "mailto"})
_EDGES = "".join(chr(c) for c in range(0x21))  # C0 controls and space
_TAB_OR_NEWLINE = re.compile(r"[\t\n\r]")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
_INVISIBLE = re.compile(r"[\s\x00-\x1f\x7f-\x9f\ufffd\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]+")


def as_read(url: str, *, decode: bool = True) -> str:
    """``url`` as the browser's URL parser sees it (``decode``: it stands in HTML, references and all)."""
    if decode:
        url = html.unescape(url)
    return _TAB_OR_NEWLINE.sub("", url.strip(_EDGES))


def scheme(url: str, *, decode: bool = True) -> str | None:
    """The lower-cased scheme the browser will use, or None for a relative address."""
    return _scheme_of(as_read(url, decode=decode))


def is_safe(url: str, *, decode: bool = True) -> bool:
    """True for http(s), mailto and relative addresses; false for javascript:, data:, vbscript: and others.

    Stricter than the browser by one step: an address that would have a scheme once
    every space and control character were gone (``java  script:``) is judged by it too,
    so no parser that is more lenient than the standard can read a script there.
    """
    read = as_read(url, decode=decode)
    squeezed = _INVISIBLE.sub("", read)
    return all(found is None or found in ALLOWED_SCHEMES for found in map(_scheme_of, (read, squeezed)))


def _scheme_of(read: str) -> str | None:
    match = _SCHEME.match(read)
    return match.group(1).lower() if match else None


def is_external(url: str, *, decode: bool = True) -> bool:
    """True when the address leaves the site: http(s), or scheme-relative (``//host``, ``\\\\host``)."""
    read = as_read(url, decode=decode)
    return _scheme_of(read) in ("http", "https") or read[:2].replace("\\", "/") == "//"
