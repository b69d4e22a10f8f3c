"""ภาพรวม (overview): the state of ITA results for the chosen year and peer group.

Serves district and provincial supervisors and executives: how many organisations were assessed,
the mean total and pass rate against the national 80 % target, the level distribution, the mean
of each indicator and tool, and the trend over the years with the change of level scheme marked.
"""

from __future__ import annotations

import streamlit as st

from dashboard import charts, metrics
from dashboard.formatting import MISSING, number, percent, signed, year_label
from dashboard.ui import downloads
from dashboard.ui.data import query
from dashboard.ui.lang import current, t, thai_digits
from dashboard.ui.layout import data_as_of, demo_banner

lang = current()
digits = thai_digits()
chosen = st.session_state["filters"]

st.title(t("overview.title"))
demo_banner()
data_as_of()

by_year = query("overview_by_year", **chosen.params())
summary = metrics.year_summary(by_year, chosen.year) if chosen.year else None
if summary is None:
    st.info(t("overview.no_data"))
    st.stop()

year = summary.fiscal_year
scope = " · ".join(f"{label}: {value}" for label, value in chosen.describe()[1:])
st.caption(t("overview.scope", year=year_label(year, digits), scope=scope))

threshold = summary.pass_threshold or 85.0
kpi = st.columns(4)
kpi[0].metric(t("overview.kpi.assessed"), number(summary.n_assessed, 0, digits))
kpi[1].metric(
    t("overview.kpi.mean_total"),
    number(summary.mean_total, 2, digits),
    delta=None
    if summary.mean_total_change is None
    else signed(summary.mean_total_change, 2, digits),
    help=t("overview.kpi.change_help", year=year_label(summary.prev_year or year, digits)),
)
kpi[2].metric(
    t("overview.kpi.pass_rate"),
    percent(summary.pass_rate, 1, digits),
    delta=None
    if summary.pass_rate_change is None
    else f"{signed(summary.pass_rate_change * 100, 1, digits)} pp",
    help=t("overview.kpi.pass_help", threshold=number(summary.pass_threshold, 0)),
)
target = summary.target_pass_rate or 0.8
gap = None if summary.pass_rate is None else summary.pass_rate - target
kpi[3].metric(
    t("overview.kpi.target"),
    percent(target, 0, digits),
    delta=None if gap is None else f"{signed(gap * 100, 1, digits)} pp",
    help=t("overview.kpi.target_help", target=percent(target, 0), threshold=number(threshold, 0)),
)
if summary.n_without_total:
    st.caption(t("overview.missing_totals", n=number(summary.n_without_total, 0, digits)))

levels = query("level_counts", **chosen.params())
levels_year = levels.loc[levels["fiscal_year"] == year]
indicators = query("indicator_means", **chosen.params())
indicators_year = indicators.loc[indicators["fiscal_year"] == year]

left, right = st.columns(2)
with left:
    if levels_year.empty:
        st.info(t("overview.no_scheme", year=year_label(year, digits)))
    else:
        fig = charts.level_distribution(levels_year, lang)
        st.plotly_chart(fig, width="stretch", key="levels-chart")
        downloads.chart(fig, name="ita-levels", filters=chosen, key="levels")
with right:
    fig = charts.tool_means(metrics.tool_means(by_year, year), threshold, lang)
    st.plotly_chart(fig, width="stretch", key="tools-chart")
    downloads.chart(fig, name="ita-tools", filters=chosen, key="tools")

if indicators_year["n_scored"].sum() > 0:
    fig = charts.indicator_means(indicators_year, threshold, lang)
    st.plotly_chart(fig, width="stretch", key="indicators-chart")
    downloads.chart(fig, name="ita-indicators", filters=chosen, key="indicators")
else:
    st.info(t("overview.no_indicators", year=year_label(year, digits)))

breaks = metrics.scheme_breaks(by_year)
fig = charts.trend(by_year, breaks, lang)
st.plotly_chart(fig, width="stretch", key="trend-chart")
downloads.chart(fig, name="ita-trend", filters=chosen, key="trend")
if breaks:
    st.caption(t("overview.scheme_note"))

with st.expander(t("overview.table_heading"), expanded=False):
    table = by_year.rename(columns=lambda c: t(f"col.{c}"))
    st.dataframe(table, hide_index=True, width="stretch", placeholder=MISSING)
    downloads.table(table, name="ita-overview", title=t("overview.title"), filters=chosen,
                    key="overview-table")  # fmt: skip
