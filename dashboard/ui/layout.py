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
