"""Choosing organisations on a page: by typing part of the Thai name or the code.

The URL holds the option as shown, "CODE · NAME (DISTRICT, PROVINCE)", the same in both
languages, so a link opens the same organisation.
"""

from __future__ import annotations

from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from dashboard.formatting import MISSING
from dashboard.ui import downloads
from dashboard.ui.data import query, version
from dashboard.ui.filters import Filters
from dashboard.ui.lang import LANGUAGE_NAMES, current, t, thai_digits


def label_map(orgs: pd.DataFrame) -> dict[str, str]:
    """code -> "CODE · NAME (DISTRICT, PROVINCE)" for rows with those four columns."""
    text = orgs[["org_code", "org_name", "district", "province"]].astype(str)
    shown = text["org_code"] + " · " + text["org_name"] + " (" + text["district"] + ", "
    shown = shown + text["province"] + ")"
    # Lists first: iterating pandas' Arrow-backed strings one by one is slow (7,849 rows).
    return dict(zip(orgs["org_code"].tolist(), shown.tolist(), strict=True))


@st.cache_resource(max_entries=16, show_spinner=False)
def _labels(version: tuple, params: tuple) -> tuple[dict[str, str], dict[str, str]]:
    """Labels of a peer group, and the same URL-quoted, per database version (shared, read-only:
    7,849 labels at national scope are built once, not on every rerun)."""
    del version  # part of the cache key only
    shown = label_map(query("org_choices", **dict(params)))
    return shown, {code: percent_encoded(label) for code, label in shown.items()}


def percent_encoded(text: str) -> str:
    """Every UTF-8 byte of `text` as %XX: a valid URL value that decodes to `text` (RFC 3986
    allows encoding any byte). Done in C by bytes.hex, 20 times faster than quote_plus, which
    matters for the 7,849 labels of a national list."""
    return "%" + text.encode("utf-8").hex("%").upper() if text else ""


def labels(filters: Filters) -> dict[str, str]:
    """code -> label for the organisations of the sidebar's peer group."""
    return _labels(version(), tuple(sorted(filters.params().items())))[0]


def one(filters: Filters, *, label: str, placeholder: str, key: str = "org") -> str | None:
    """A single organisation (URL-bound) of the sidebar's peer group; None when none."""
    return choose(labels(filters), label=label, placeholder=placeholder, key=key)


def choose(
    options: dict[str, str], *, label: str, placeholder: str, key: str = "org"
) -> str | None:
    """A single organisation among `options` (code -> label), bound to the URL as `key`."""
    return st.selectbox(
        label,
        options=list(options),
        index=None,
        format_func=options.get,
        placeholder=placeholder,
        key=key,
        bind="query-params",
    )


def many(filters: Filters, *, label: str, placeholder: str, key: str = "orgs") -> list[str]:
    """A custom list of organisations (URL-bound)."""
    options = labels(filters)
    return st.multiselect(
        label,
        options=list(options),
        format_func=options.get,
        placeholder=placeholder,
        key=key,
        bind="query-params",
    )


def url_base(filters: Filters) -> dict[str, str]:
    """The URL parameters that carry the session's view to a link: the sidebar's filters as
    the URL holds them, the language and the digits (only where not the default)."""
    base = {
        "year": filters.year,
        "province": filters.province_name,
        "district": filters.district,
        "type": filters.type_name,
        "lang": LANGUAGE_NAMES["en"] if current() == "en" else None,
        "digits": "๐-๙" if thai_digits() else None,
    }
    return {k: str(v) for k, v in base.items() if v}


def links(page: str, org_codes, filters: Filters) -> list[str]:
    """Relative links to organisations' views on `page`, the view carried over."""
    quoted = _labels(version(), tuple(sorted(filters.params().items())))[1]
    prefix = f"{page}?" + urlencode(url_base(filters))
    prefix += "&org=" if "=" in prefix else "org="
    # A list first: iterating pandas' Arrow-backed strings one by one is slow (7,849 rows).
    codes = org_codes.tolist() if hasattr(org_codes, "tolist") else list(org_codes)
    return [prefix + (quoted.get(c) or percent_encoded(str(c))) for c in codes]


def linked_table(
    frame: pd.DataFrame,
    *,
    prefix: str,
    name: str,
    title: str,
    filters: Filters,
    key: str,
    column_config: dict | None = None,
    **options,
) -> None:
    """A table whose `link` column (from `links`) opens each organisation's view, with its
    XLSX/CSV downloads (the link left out). Headings are the translations of
    `<prefix>.col.<column>`; each link reads `<prefix>.open`. `column_config` adds to or
    replaces the headings' configuration; `options` go to st.dataframe (e.g. height)."""
    headings = {c: t(f"{prefix}.col.{c}") for c in frame.columns}
    st.dataframe(
        frame,
        column_config={
            **headings,
            "link": st.column_config.LinkColumn(headings["link"], display_text=t(f"{prefix}.open")),
            **(column_config or {}),
        },
        hide_index=True,
        width="stretch",
        **options,
        placeholder=MISSING,
    )
    downloads.table(
        frame.drop(columns="link"),
        name=name,
        title=title,
        labels=headings,
        filters=filters,
        key=key,
    )
