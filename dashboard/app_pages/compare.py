"""เปรียบเทียบหน่วยงาน (compare): rank the organisations a supervisor oversees, see who moved
up or down, where each indicator is weak across the area, and who is at risk.

Serves district and provincial supervisors. The peer group is the sidebar's district, province
or type, or a custom list of organisations chosen here.
"""

from __future__ import annotations

import streamlit as st

from dashboard import charts, metrics
from dashboard.formatting import MISSING, number, year_label
from dashboard.ui import downloads, org_picker
from dashboard.ui.data import figure, query
from dashboard.ui.lang import current, t, thai_digits
from dashboard.ui.layout import data_as_of, demo_banner

lang = current()
digits = thai_digits()
chosen = st.session_state["filters"]
st.title(t("compare.title"))
demo_banner()
data_as_of()
if chosen.year is None:
    st.info(t("overview.no_data"))
    st.stop()
year = chosen.year

custom = org_picker.many(chosen, label=t("compare.custom"), placeholder=t("compare.custom_help"))
orgs = query("compare_orgs", year=year, org_codes=custom or None, **chosen.params())
if orgs.empty:
    st.info(t("overview.no_data"))
    st.stop()
orgs = metrics.with_directions(orgs)
scope = " · ".join(f"{label}: {value}" for label, value in chosen.describe()[1:])
st.caption(t("compare.scope", year=year_label(year, digits), scope=scope, n=len(orgs)))

# Ranked table ---------------------------------------------------------------------------------
st.subheader(t("compare.ranked"))
st.caption(t("compare.direction_rule", threshold=number(metrics.DIRECTION_THRESHOLD, 0)))
steps = orgs["level_steps"].astype(object).map(lambda s: f"{int(s):+d}", na_action="ignore")
table = orgs.assign(
    link=org_picker.links("organisation", orgs["org_code"], chosen),
    direction=orgs["direction"]
    .map({d: t(f"compare.direction.{d}") for d in ("up", "down", "same")})
    .fillna(MISSING),
    level_change=steps.where(orgs["level_move"].notna(), None)
    .mask(orgs["level_move"] == "scheme_changed", t("compare.scheme_changed"))
    .fillna(MISSING),
)
columns = [
    "rank",
    "org_name",
    "link",
    "district",
    "total",
    "level",
    "iit",
    "eit",
    "oit",
    "change",
    "level_change",
    "direction",
]
org_picker.linked_table(
    table[columns],
    prefix="compare",
    name="ita-compare",
    title=t("compare.ranked"),
    filters=chosen,
    key="compare",
    column_config={
        "change": st.column_config.NumberColumn(t("compare.col.change"), format="%+.2f"),
    },
    height=min(600, 38 + 35 * len(table)),
)

# Level movement and distribution --------------------------------------------------------------
left, right = st.columns(2)
with left:
    fig = figure(
        ("compare-moves", year, tuple(chosen.params().items()), tuple(custom), lang),
        lambda: charts.level_moves(metrics.level_movement(orgs), lang),
    )
    st.plotly_chart(fig, width="stretch", key="moves-chart")
    downloads.chart(fig, name="ita-level-moves", filters=chosen, key="moves")
    if (orgs["level_move"] == "scheme_changed").any():
        st.caption(t("compare.scheme_note"))
with right:
    by = "district" if chosen.province or custom else "province"
    fig = figure(
        ("compare-totals", year, tuple(chosen.params().items()), tuple(custom), by, lang),
        lambda: charts.totals_by_district(orgs, 85.0, lang, by=by),
    )
    st.plotly_chart(fig, width="stretch", key="districts-chart")
    downloads.chart(fig, name="ita-district-totals", filters=chosen, key="districts")

# Heatmap: organisations in a district, districts in a province, provinces nationally ----------
unit = (
    "organisation" if chosen.district or custom else "district" if chosen.province else "province"
)
cells = query("indicator_heatmap", year=year, unit=unit, **chosen.params())
if custom:
    cells = cells.loc[cells["unit_code"].isin(custom)]
if not cells.empty:
    st.caption(t(f"compare.heatmap_unit.{unit}"))
    fig = figure(
        ("compare-heatmap", year, tuple(chosen.params().items()), tuple(custom), unit, lang),
        lambda: charts.heatmap(cells, lang),
    )
    st.plotly_chart(fig, width="stretch", key="heatmap-chart")
    downloads.chart(fig, name="ita-heatmap", filters=chosen, key="heatmap")

# At risk ----------------------------------------------------------------------------------------
st.subheader(t("compare.at_risk"))
st.caption(t("compare.at_risk_rule", drop=number(metrics.RISK_DROP, 0)))
risk = metrics.at_risk(orgs)
reason_labels = {r: t(f"compare.reason.{r}") for r in metrics.RISK_REASONS}  # once, not per row
if risk.empty:
    st.success(t("compare.no_risk"))
else:
    risk = risk.assign(
        reasons=risk["reasons"].map(lambda rs: ", ".join(reason_labels[r] for r in rs)),
        link=org_picker.links("organisation", risk["org_code"], chosen),
    )
    org_picker.linked_table(
        risk[["org_name", "link", "district", "total", "change", "min_tool", "reasons"]],
        prefix="compare",
        name="ita-at-risk",
        title=t("compare.at_risk"),
        filters=chosen,
        key="risk",
    )
