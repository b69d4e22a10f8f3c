"""Page furniture shared by every page: the demo-data banner and the data-as-of line."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.formatting import long_date
from dashboard.ui.data import meta, query
from dashboard.ui.lang import current, t, thai_digits


def demo_banner() -> None:
    """Say plainly when the database holds demo data."""
    if meta("dataset_kind") == "demo":
        st.warning(t("demo.banner"), icon=":material/science:")


def data_as_of() -> None:
    """A caption with the date of the latest import."""
    as_of = query("data_as_of")["as_of"].iloc[0]
    if not pd.isna(as_of):
        st.caption(t("data.as_of", date=long_date(as_of, current(), thai_digits())))


_PRINT_CSS = """
<style>
@media print {
  [data-testid="stSidebar"], [data-testid="stHeader"], [data-testid="stToolbar"],
  [data-testid="stDownloadButton"], [data-testid="stBaseButton-secondary"],
  [data-testid="stDecoration"] { display: none !important; }
  .block-container { padding-top: 0 !important; max-width: 100% !important; }
}
{preview}
</style>
"""
_PREVIEW_CSS = """
[data-testid="stSidebar"], [data-testid="stDownloadButton"] { display: none !important; }
"""


def print_support(filters) -> None:
    """Printing leaves out the sidebar and buttons; the print view (URL `print=true`, a toggle in
    the sidebar) shows the page as it prints, headed by the active filters and the data's date."""
    from datetime import datetime

    with st.sidebar:
        preview = st.toggle(
            t("print.toggle"), key="print", bind="query-params", help=t("print.help")
        )
    st.markdown(
        _PRINT_CSS.replace("{preview}", _PREVIEW_CSS if preview else ""), unsafe_allow_html=True
    )
    if preview:
        as_of = query("data_as_of")["as_of"].iloc[0]
        parts = [f"{label}: {value}" for label, value in filters.describe()]
        if not pd.isna(as_of):
            parts.append(t("data.as_of", date=long_date(as_of, current(), thai_digits())))
        parts.append(t("print.printed", date=long_date(datetime.now(), current(), thai_digits())))
        st.info(" · ".join(parts), icon=":material/print:")
        st.caption(t("print.how"))
