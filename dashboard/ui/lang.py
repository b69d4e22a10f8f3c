"""The display language of the session (Thai by default), bound to the URL as `lang`."""

from __future__ import annotations

import streamlit as st

from dashboard.i18n import DEFAULT_LANGUAGE, LANGUAGES, translate

LANGUAGE_NAMES = {"th": "ไทย", "en": "English"}


def current() -> str:
    value = st.session_state.get("lang") or DEFAULT_LANGUAGE
    return value if value in LANGUAGES else DEFAULT_LANGUAGE


def t(key: str, **values: object) -> str:
    """Translate a key into the session's language."""
    return translate(key, current(), **values)


def thai_digits() -> bool:
    """Whether the user asked for Thai digits (๐-๙) in numbers."""
    return bool(st.session_state.get("digits") == "thai")


def switcher() -> None:
    """Language and digit choices, in the sidebar."""
    st.segmented_control(
        "ภาษา / Language",
        options=list(LANGUAGES),
        format_func=LANGUAGE_NAMES.__getitem__,
        default=DEFAULT_LANGUAGE,
        required=True,
        key="lang",
        bind="query-params",
    )
    st.segmented_control(
        t("digits.label"),
        help=t("digits.help"),
        options=["arabic", "thai"],
        format_func={"arabic": "0-9", "thai": "๐-๙"}.__getitem__,
        default="arabic",
        required=True,
        key="digits",
        bind="query-params",
    )
