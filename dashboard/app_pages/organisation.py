"""หน่วยงาน (organisation): one organisation's results and progress, one page for every
organisation.

Serves executives (นายก, ปลัด) reviewing their organisation: total and level per year against
the peer median and the pass line, this year's indicators against peers and last year, the tool
scores, this year's measures with their status and outcome, the complaint statistics, and a
short summary written from the data.
"""

from __future__ import annotations

import streamlit as st

from dashboard import charts, metrics
from dashboard.formatting import MISSING, number, year_label
from dashboard.ui import downloads, org_picker
from dashboard.ui.data import query
from dashboard.ui.lang import current, t, thai_digits
from dashboard.ui.layout import data_as_of, demo_banner

lang = current()
digits = thai_digits()
chosen = st.session_state["filters"]
st.title(t("org.title"))
demo_banner()
data_as_of()

org_code = org_picker.one(chosen, label=t("analysis.org"), placeholder=t("org.placeholder"))
if org_code is None or chosen.year is None:
    st.info(t("org.choose"))
    st.stop()
year = chosen.year
about = query("organisation", org_code=org_code).iloc[0]
st.subheader(f"{about['display_name']} · {about['district_th']}, {about['province_th']}")

history = query("org_history", org_code=org_code)
indicators = query("org_indicators", org_code=org_code, year=year)
measures = query("org_measures", org_code=org_code, year=year)
st.info(
    metrics.org_summary(about["display_name"], year, history, indicators, measures, lang),
    icon=":material/summarize:",
)

this_year = history.loc[history["fiscal_year"] == year]
if not this_year.empty:
    r = this_year.iloc[0]
    cols = st.columns(5)
    cols[0].metric(t("org.total"), number(r["total"], 2, digits))
    cols[1].metric(t("org.level"), r["level"] or MISSING)
    for col, tool in zip(cols[2:], ("iit", "eit", "oit"), strict=True):
        col.metric(tool.upper(), number(r[tool], 2, digits))

if not history.empty:
    fig = charts.org_trend(history, metrics.scheme_breaks(history), 85.0, lang)
    st.plotly_chart(fig, width="stretch", key="org-trend")
    downloads.chart(fig, name=f"ita-trend-{org_code}", filters=chosen, key="org-trend")

if indicators["score"].notna().any():
    fig = charts.indicators_vs_peers(indicators, lang)
    st.plotly_chart(fig, width="stretch", key="org-indicators")
    downloads.chart(fig, name=f"ita-indicators-{org_code}", filters=chosen, key="org-ind")
else:
    st.info(t("overview.no_indicators", year=year_label(year, digits)))

st.markdown(f"#### {t('org.measures', year=year_label(year, digits))}")
if measures.empty:
    st.info(t("analysis.no_measures", year=year_label(year, digits)))
else:
    status = "status_en" if lang == "en" else "status_th"
    shown = measures.assign(indicators=measures["indicators"].map(lambda v: ", ".join(map(str, v))))
    shown = shown[["measure_no", "title", "indicators", status, "outcome", "report_round"]]
    st.dataframe(
        shown,
        hide_index=True,
        width="stretch",
        column_config={c: t(f"org.col.{c}") for c in shown.columns},
        placeholder=MISSING,
    )
    downloads.table(
        shown,
        name=f"ita-measures-{org_code}",
        title=t("org.measures", year=year),
        labels={c: t(f"org.col.{c}") for c in shown.columns},
        filters=chosen,
        key="org-measures",
    )
    st.page_link("app_pages/analysis.py", label=t("org.to_analysis"), icon=":material/checklist:")

st.markdown(f"#### {t('org.complaints')}")
complaints = query("org_complaints", org_code=org_code)
if complaints.empty or not complaints["reported"].any():
    st.info(t("org.no_complaints"))
else:
    table = complaints.assign(
        rate=[
            (MISSING if not rep or not rec else f"{c / rec * 100:.0f} %")
            for rep, rec, c in zip(
                complaints["reported"], complaints["received"], complaints["completed"], strict=True
            )
        ],
        reported=complaints["reported"].map(lambda v: t("org.yes") if v else t("org.not_reported")),
    )
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        column_config={c: t(f"org.col.{c}") for c in table.columns},
        placeholder=MISSING,
    )
    st.caption(t("org.complaints_note"))
