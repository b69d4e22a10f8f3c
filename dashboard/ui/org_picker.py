"""Choosing organisations on a page: by typing part of the Thai name or the code.

The URL holds the option as shown, "CODE · NAME (DISTRICT, PROVINCE)", the same in both
languages, so a link opens the same organisation.
"""

from __future__ import annotations

from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from dashboard.ui.data import query
from dashboard.ui.filters import Filters


def label_map(orgs: pd.DataFrame) -> dict[str, str]:
    """code -> "CODE · NAME (DISTRICT, PROVINCE)" for rows with those four columns."""
    return {
        r.org_code: f"{r.org_code} · {r.org_name} ({r.district}, {r.province})"
        for r in orgs.itertuples()
    }


def labels(filters: Filters) -> dict[str, str]:
    """code -> label for the organisations of the sidebar's peer group."""
    return label_map(query("org_choices", **filters.params()))


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


def links(page: str, org_codes, filters: Filters) -> list[str]:
    """Relative links to organisations' views on `page`, the filters carried over."""
    options = labels(filters)
    base = {"year": filters.year, "province": filters.province_name, "district": filters.district}
    base = {k: v for k, v in base.items() if v}
    return [f"{page}?" + urlencode({**base, "org": options.get(c, c)}) for c in org_codes]
