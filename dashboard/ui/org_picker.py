"""Choosing organisations on a page: by typing part of the Thai name or the code.

The URL holds the option as shown, "CODE · NAME (DISTRICT, PROVINCE)", the same in both
languages, so a link opens the same organisation.
"""

from __future__ import annotations

from urllib.parse import urlencode

import streamlit as st

from dashboard.ui.data import query
from dashboard.ui.filters import Filters


def labels(filters: Filters) -> dict[str, str]:
    """code -> label for the organisations of the sidebar's peer group."""
    orgs = query("org_choices", **filters.params())
    return {
        r.org_code: f"{r.org_code} · {r.org_name} ({r.district}, {r.province})"
        for r in orgs.itertuples()
    }


def one(filters: Filters, *, label: str, placeholder: str, key: str = "org") -> str | None:
    """A single organisation (URL-bound); None when nothing is chosen."""
    options = labels(filters)
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


def link(page: str, org_code: str, filters: Filters) -> str:
    """A relative link to an organisation's view on `page`, the filters carried over."""
    options = labels(filters)
    params = {
        "year": filters.year,
        "province": filters.province_name,
        "district": filters.district,
        "org": options.get(org_code, org_code),
    }
    return f"{page}?" + urlencode({k: v for k, v in params.items() if v})
