"""User-facing text in Thai (default) and English, from dashboard/locales/<lang>/*.json (one
file per area of the product, merged; a key may appear in only one file).

Pure: no streamlit. `translate("overview.title", "th")`; placeholders use str.format names.
A key missing from a language falls back to Thai, then to the key itself, so a gap shows up
as visible text rather than an exception; tests/test_i18n.py checks both files have the same keys.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

LANGUAGES = ("th", "en")
DEFAULT_LANGUAGE = "th"
_LOCALES = Path(__file__).resolve().parent / "locales"


@cache
def catalogue(lang: str) -> dict[str, str]:
    merged: dict[str, str] = {}
    for file in sorted((_LOCALES / lang).glob("*.json")):
        part = json.loads(file.read_text(encoding="utf-8"))
        clash = merged.keys() & part.keys()
        if clash:
            raise ValueError(f"{file}: keys defined in another file too: {sorted(clash)}")
        merged.update(part)
    return merged


def translate(key: str, lang: str = DEFAULT_LANGUAGE, /, **values: Any) -> str:
    text = catalogue(lang).get(key) or catalogue(DEFAULT_LANGUAGE).get(key) or key
    return text.format(**values) if values else text


def pick(row: Any, field: str, lang: str) -> str:
    """The `<field>_th` or `<field>_en` value of a row/dict, Thai when English is empty."""
    english = row.get(f"{field}_en") if lang == "en" else None
    return english or row.get(f"{field}_th")
