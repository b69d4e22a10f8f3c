"""เรื่องร้องเรียน (complaints): complaint statistics of a peer group or of one organisation.

Serves district and provincial supervisors (how many complaints the organisations they oversee
received and completed, who did not report) and executives (their own organisation over the
years). Round 6 (October–March) and round 12 (the whole year, cumulative) are always shown
apart and never added together; the completion rate is completed / received, "—" when nothing
was received; organisations that reported nothing are counted and listed apart from those that
reported zero complaints.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import charts_complaints as charts
from dashboard import complaints_metrics as cm
from dashboard.formatting import MISSING, number, percent, year_label
from dashboard.ui import downloads, org_picker
from dashboard.ui.data import figure, query
from dashboard.ui.lang import current, t, thai_digits
from dashboard.ui.layout import data_as_of, demo_banner


def count(value: int | None) -> str:
    return number(value, 0, digits)


def round_name(r: int) -> str:
    return t(f"complaints.round.{r}")


def percent_columns(frame: pd.DataFrame, rates: list[str]) -> pd.DataFrame:
    """Rates (shares) as percent numbers with one decimal; missing stays missing."""
    return frame.assign(**{c: (frame[c] * 100).round(1) for c in rates})


def shown(frame: pd.DataFrame, rates: list[str], key: str, **config) -> None:
    st.dataframe(
        frame,
        hide_index=True,
        width="stretch",
        placeholder=MISSING,
        column_config={c: st.column_config.NumberColumn(format="%.1f %%") for c in rates} | config,
        key=key,
    )


lang = current()
digits = thai_digits()
chosen = st.session_state["filters"]

st.title(t("complaints.title"))
demo_banner()
data_as_of()
if chosen.year is None:
    st.info(t("overview.no_data"))
    st.stop()
year = int(chosen.year)

orgs = query("complaint_orgs", year=year, **chosen.params())
labels = org_picker.label_map(orgs)
org_code = org_picker.choose(
    labels, label=t("complaints.org"), placeholder=t("complaints.org_placeholder")
)
scope = " · ".join(f"{label}: {value}" for label, value in chosen.describe()[1:])
st.caption(t("complaints.scope", year=year_label(year, digits), scope=scope))
st.caption(t("complaints.rounds_note"))

group_rounds = query("complaint_rounds", **chosen.params())
if group_rounds.empty:
    st.info(t("complaints.no_data"))
    st.stop()
if org_code is None:
    rounds = group_rounds
else:
    st.subheader(labels[org_code])
    rounds = cm.org_rounds_as_group(query("org_complaints", org_code=org_code))
name_stem = "ita-complaints" if org_code is None else f"ita-complaints-{org_code}"
doc_title = (
    t("complaints.title") if org_code is None else f"{t('complaints.title')} · {labels[org_code]}"
)


# 1. The chosen year, one box per round --------------------------------------------------------
years_with_data = sorted(int(y) for y in rounds["fiscal_year"].unique())
if year not in years_with_data:
    st.info(
        t(
            "complaints.no_year",
            year=year_label(year, digits),
            years=", ".join(year_label(y, digits) for y in years_with_data),
        )
    )
else:
    boxes = st.columns(2)
    for box, r in zip(boxes, cm.ROUNDS, strict=True):
        summary = cm.round_summary(rounds, year, r)
        with box.container(border=True):
            heading = t(
                "complaints.round_heading", round=round_name(r), year=year_label(year, digits)
            )
            st.markdown(f"**{heading}**")
            top, bottom = st.columns(2), st.columns(2)
            top[0].metric(t("complaints.kpi.received"), count(summary.received))
            top[1].metric(t("complaints.kpi.completed"), count(summary.completed))
            bottom[0].metric(t("complaints.kpi.in_progress"), count(summary.in_progress))
            bottom[1].metric(
                t("complaints.kpi.rate"),
                percent(summary.completion_rate, 1, digits),
                help=t("complaints.kpi.rate_help"),
            )
            if org_code is None:
                st.caption(
                    t(
                        "complaints.reporting",
                        reported=count(summary.n_reported),
                        total=count(summary.n_organisations),
                        zero=count(summary.n_reported_zero),
                        missing=count(summary.n_not_reported),
                    )
                )
            else:
                state = cm.status(summary.n_reported, summary.received)
                if state == cm.NOT_REPORTED:
                    st.warning(t(f"complaints.status.{state}"))
                else:
                    st.caption(t(f"complaints.status.{state}"))
                peers = cm.round_summary(group_rounds, year, r)
                if peers is not None:
                    st.caption(
                        t(
                            "complaints.group_rate",
                            round=t(f"complaints.round_short.{r}"),
                            rate=percent(peers.completion_rate, 1, digits),
                        )
                    )

# 2. Who reported (group view): the reporting split, and the organisations that reported nothing
if org_code is None and year in years_with_data:
    left, right = st.columns(2)
    with left:
        fig = figure(
            ("complaints-reporting", year, tuple(chosen.params().items()), lang),
            lambda: charts.reporting(cm.reporting_split(rounds, year), year, lang),
        )
        st.plotly_chart(fig, width="stretch", key="reporting-chart")
        downloads.chart(fig, name=f"{name_stem}-reporting", filters=chosen, key="reporting")
    with right:
        silent = cm.not_reported(orgs)
        heading = t("complaints.not_reported_heading", year=year_label(year, digits), n=len(silent))
        st.markdown(f"**{heading}**")
        if silent.empty:
            st.success(t("complaints.not_reported_none"))
        else:
            short = {r: t(f"complaints.round_short.{r}") for r in cm.ROUNDS}
            silent_view = pd.DataFrame(
                {
                    t("complaints.col.org_name"): silent["org_name"],
                    t("complaints.col.missing_rounds"): silent["missing_rounds"].map(
                        lambda rs: ", ".join(short[r] for r in rs)
                    ),
                    t("complaints.col.district"): silent["district"],
                    t("complaints.col.org_code"): silent["org_code"],
                }
            )
            st.dataframe(silent_view, hide_index=True, width="stretch", height=220,
                         key="not-reported-table", placeholder=MISSING)  # fmt: skip
            downloads.table(silent_view, name=f"{name_stem}-not-reported",
                            title=t("complaints.not_reported_heading",
                                    year=year_label(year), n=len(silent)),
                            filters=chosen, key="not-reported")  # fmt: skip

# 3. Trend over the years, one series per round -----------------------------------------------
fig = figure(
    ("complaints-trend", tuple(chosen.params().items()), org_code, lang),
    lambda: charts.trend(rounds, lang),
)
st.plotly_chart(fig, width="stretch", key="trend-chart")
downloads.chart(fig, name=f"{name_stem}-trend", filters=chosen, key="trend")


# 4. Tables: numbers stay numbers (sortable, exported as such); "—" marks a missing value -----
history = cm.with_rates(rounds)
history_view = pd.DataFrame(
    {
        t("complaints.col.fiscal_year"): history["fiscal_year"].map(year_label),
        t("complaints.col.round"): history["round"].map(round_name),
    }
)
if org_code is None:
    for column in ("n_organisations", "n_reported", "n_reported_zero", "n_not_reported"):
        history_view[t(f"complaints.col.{column}")] = history[column]
else:
    history_view[t("complaints.col.status")] = [
        t(f"complaints.status.{cm.status(rep, rec)}")
        for rep, rec in zip(history["n_reported"], history["received"], strict=True)
    ]
for column in ("received", "completed", "in_progress"):
    history_view[t(f"complaints.col.{column}")] = history[column]
rate_column = t("complaints.col.completion_rate")
history_view[rate_column] = history["completion_rate"]
history_view = percent_columns(history_view, [rate_column])

if org_code is None:
    st.markdown(f"#### {t('complaints.table_heading', year=year_label(year, digits))}")
    table = cm.org_table(orgs)
    view = pd.DataFrame(
        {
            t("complaints.col.org_code"): table["org_code"],
            t("complaints.col.org_name"): table["org_name"],
            t("complaints.col.org_type"): table["org_type"],
            t("complaints.col.district"): table["district"],
        }
    )
    if chosen.province is None:
        view[t("complaints.col.province")] = table["province"]
    rates = []
    for r in cm.ROUNDS:
        short = t(f"complaints.round_short.{r}")

        def head(column: str, short: str = short) -> str:
            return t("complaints.col.in_round", column=t(f"complaints.col.{column}"), round=short)

        status = table[f"status_{r}"]
        names = {s: t(f"complaints.status.{s}") for s in status.unique()}  # once per status
        view[head("status")] = status.map(names)
        for column in ("received", "completed", "in_progress"):
            view[head(column)] = table[f"{column}_{r}"]
        view[head("completion_rate")] = table[f"completion_rate_{r}"]
        rates.append(head("completion_rate"))
    view = percent_columns(view, rates)
    download = view.copy()
    # A link to this page for one organisation, with the view carried over.
    link = t("complaints.col.link")
    view[link] = org_picker.links("complaints", table["org_code"], chosen)
    shown(
        view,
        rates,
        "orgs-table",
        **{link: st.column_config.LinkColumn(link, display_text=t("complaints.open"))},
    )
    downloads.table(download, name=f"{name_stem}-orgs", filters=chosen, key="orgs",
                    title=t("complaints.table_heading", year=year_label(year)))  # fmt: skip

with st.expander(t("complaints.history_heading"), expanded=org_code is not None):
    shown(history_view, [rate_column], "history-table")
    downloads.table(history_view, name=f"{name_stem}-years",
                    filters=chosen, key="years", title=doc_title)  # fmt: skip
