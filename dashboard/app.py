"""Entry point of the ITA dashboard: page set-up, language, global filters, navigation.

Run with `ita serve` (or `streamlit run dashboard/app.py` after `pip install -e .`).
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from dashboard.ui import data, filters, lang, layout
from dashboard.ui.lang import t

st.set_page_config(
    page_title="ITA Dashboard",
    page_icon=str(Path(__file__).parent / "static" / "favicon.png"),  # local: no network
    layout="wide",
    initial_sidebar_state="auto",
)

with st.sidebar:
    lang.switcher()
data.ensure_database()
st.session_state["filters"] = filters.sidebar()
layout.print_support(st.session_state["filters"])

pages = {
    t("nav.section.results"): [
        st.Page(
            "app_pages/overview.py",
            title=t("nav.overview"),
            icon=":material/dashboard:",
            url_path="overview",
            default=True,
        ),
        st.Page(
            "app_pages/compare.py",
            title=t("nav.compare"),
            icon=":material/leaderboard:",
            url_path="compare",
        ),
        st.Page(
            "app_pages/organisation.py",
            title=t("nav.organisation"),
            icon=":material/apartment:",
            url_path="organisation",
        ),
        st.Page(
            "app_pages/analysis.py",
            title=t("nav.analysis"),
            icon=":material/checklist:",
            url_path="analysis",
        ),
        st.Page(
            "app_pages/complaints.py",
            title=t("nav.complaints"),
            icon=":material/report:",
            url_path="complaints",
        ),
    ],
    t("nav.section.data"): [
        st.Page(
            "app_pages/methodology.py",
            title=t("nav.methodology"),
            icon=":material/menu_book:",
            url_path="methodology",
        ),
        st.Page(
            "app_pages/imports.py",
            title=t("nav.import"),
            icon=":material/upload_file:",
            url_path="import",
        ),
    ],
}
st.navigation(pages).run()
