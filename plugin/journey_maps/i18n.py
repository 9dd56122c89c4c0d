"""The plugin's own words (headings, labels, badges) in the reader's language.

Catalogues follow gettext conventions: `locales/journey_maps.pot` lists every
message; `locales/<lang>/LC_MESSAGES/journey_maps.po` translates it (plural forms
included). The .po files are read with Babel and compiled in memory, so adding a
language is adding one .po file. Dates and numbers are formatted per locale.
"""

from __future__ import annotations

import datetime
import gettext
import io
from functools import cache, lru_cache
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

LOCALES = Path(__file__).parent / "locales"
DOMAIN = "journey_maps"


def N_(message: str) -> str:
    """Marks a message for extraction; it is translated where it is shown."""
    return message


def _candidates(lang: str) -> list[str]:
    """'pt-BR' → ['pt_BR', 'pt']."""
    code = lang.replace("-", "_")
    return [code, code.split("_")[0]] if "_" in code else [code]


def catalogue_path(lang: str) -> Path | None:
    for code in _candidates(lang):
        path = LOCALES / code / "LC_MESSAGES" / f"{DOMAIN}.po"
        if path.is_file():
            return path
    return None


@cache
def translations(lang: str) -> gettext.NullTranslations:
    """Translations for ``lang`` (English, the source language, when there is no catalogue)."""
    path = catalogue_path(lang)
    if path is None:
        return gettext.NullTranslations()
    with path.open("rb") as source:
        catalogue = read_po(source, locale=path.parent.parent.name)
    buffer = io.BytesIO()
    write_mo(buffer, catalogue)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def languages() -> list[str]:
    """Languages with a catalogue (English is the source and needs none)."""
    return sorted(p.parent.parent.name for p in LOCALES.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


@cache
def _locale(lang: str) -> Locale:
    for code in _candidates(lang):
        try:
            return Locale.parse(code)
        except (ValueError, UnknownLocaleError):
            continue
    return Locale.parse("en")


def date(value: datetime.date, lang: str) -> str:
    """A date as readers of ``lang`` write it ("1 October 2026", "۱ اکتبر ۲۰۲۶" …)."""
    return format_date(value, format="long", locale=_locale(lang))


@lru_cache(maxsize=4096)  # scores and averages repeat on every page
def number(value: float, lang: str, *, decimals: int = 1) -> str:
    """A number with the locale's decimal sign."""
    return format_decimal(value, format="0." + "0" * decimals if decimals else "0", locale=_locale(lang))


def direction(lang: str) -> str:
    """'rtl' for right-to-left scripts (Persian, Arabic, Hebrew, Urdu …), else 'ltr'."""
    return "rtl" if _locale(lang).character_order == "right-to-left" else "ltr"


def language_name(lang: str) -> str:
    """The language's name in itself ("فارسی", "中文", "Suomi"), for a language switcher."""
    name = _locale(lang).get_display_name(_locale(lang)) or lang
    return name[:1].upper() + name[1:]
