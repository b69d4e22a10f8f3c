"""Plotly figures of the complaints page. Pure: no streamlit, no database.

Round 6 (October–March) and round 12 (the whole year, cumulative) are always drawn as separate
series, never stacked or summed. Counts are complaints or organisations; rates are percent.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard.charts import _layout
from dashboard.complaints_metrics import NOT_REPORTED, REPORTED, ROUNDS, ZERO, completion_rate
from dashboard.i18n import translate

ROUND_COLORS = {6: "#6baed6", 12: "#08519c"}
STATUS_COLORS = {REPORTED: "#08519c", ZERO: "#9ecae1", NOT_REPORTED: "#d9d9d9"}


def round_label(round_: int, lang: str) -> str:
    return translate(f"complaints.round.{int(round_)}", lang)


def _count_text(value: object) -> str:
    return "" if value is None or pd.isna(value) else f"{int(value):,}"


def trend(rounds: pd.DataFrame, lang: str, title: str | None = None) -> go.Figure:
    """Complaints received (top) and completion rate (bottom) per fiscal year, one series per
    round. `rounds` is shaped like queries/complaint_rounds.sql."""
    fig = make_subplots(
        rows=2, cols=1, shared_xaxes=True, row_heights=[0.62, 0.38], vertical_spacing=0.08
    )
    years = sorted(int(y) for y in rounds["fiscal_year"].unique())
    labels = [str(y) for y in years]
    highest = 0
    shown_silent = False
    for r in ROUNDS:
        part = rounds.loc[rounds["round"] == r].set_index("fiscal_year").reindex(years)
        received = part["received"]
        highest = max(highest, int(received.max()) if received.notna().any() else 0)
        rates = [completion_rate(g, c) for g, c in zip(received, part["completed"], strict=True)]
        name = round_label(r, lang)
        custom = [
            [_count_text(c), _count_text(p), _count_text(n), _count_text(t)]
            for c, p, n, t in zip(
                part["completed"],
                part["in_progress"],
                part["n_reported"],
                part["n_organisations"],
                strict=True,
            )
        ]
        fig.add_trace(
            go.Bar(
                x=labels,
                y=[None if pd.isna(v) else int(v) for v in received],
                name=name,
                legendgroup=str(r),
                offsetgroup=str(r),
                marker_color=ROUND_COLORS[r],
                text=[_count_text(v) for v in received],
                textposition="outside",
                textfont={"size": 12},
                cliponaxis=False,
                customdata=custom,
                hovertemplate=(
                    f"{name} %{{x}}<br>{translate('complaints.col.received', lang)}: %{{y}}"
                    f"<br>{translate('complaints.col.completed', lang)}: %{{customdata[0]}}"
                    f"<br>{translate('complaints.col.in_progress', lang)}: %{{customdata[1]}}"
                    f"<br>{translate('complaints.chart.reported_of', lang)}: "
                    "%{customdata[2]} / %{customdata[3]}<extra></extra>"
                ),
            ),
            row=1,
            col=1,
        )
        silent = [label for label, v in zip(labels, received, strict=True) if pd.isna(v)]
        if silent:
            # Nobody reported the round that year: marked on the axis, never drawn as a 0 bar.
            fig.add_trace(
                go.Scatter(
                    x=silent,
                    y=[0] * len(silent),
                    name=translate("complaints.status.not_reported", lang),
                    legendgroup="not-reported",
                    showlegend=not shown_silent,
                    offsetgroup=str(r),
                    mode="markers",
                    marker={"symbol": "x-thin-open", "size": 12, "color": "#737373",
                            "line": {"width": 2, "color": "#737373"}},
                    cliponaxis=False,
                    hovertemplate=f"{name} %{{x}}: "
                    + translate("complaints.status.not_reported", lang)
                    + "<extra></extra>",
                ),
                row=1,
                col=1,
            )  # fmt: skip
            shown_silent = True
        fig.add_trace(
            go.Scatter(
                x=labels,
                y=[None if v is None else v * 100 for v in rates],
                name=name,
                legendgroup=str(r),
                showlegend=False,
                mode="lines+markers",
                connectgaps=False,
                line={"color": ROUND_COLORS[r], "width": 2, "dash": "dot" if r == 6 else "solid"},
                marker={"size": 8},
                hovertemplate=f"{name} %{{x}}: %{{y:.1f}} %<extra></extra>",
            ),
            row=2,
            col=1,
        )
    fig.update_layout(barmode="group", bargap=0.25, scattermode="group")
    fig.update_xaxes(type="category", row=1, col=1)
    fig.update_xaxes(type="category", title=translate("fiscal_year", lang), row=2, col=1)
    fig.update_yaxes(
        title=translate("complaints.chart.received_axis", lang),
        range=[0, max(1, highest) * 1.2],
        rangemode="tozero",
        row=1,
        col=1,
    )
    fig.update_yaxes(
        title=translate("complaints.chart.rate_axis", lang), range=[0, 110], row=2, col=1
    )
    fig = _layout(fig, title or translate("complaints.chart.trend_title", lang), height=500)
    # The legend under the plot: at the top right it runs into the title on a phone.
    fig.update_layout(
        legend={"orientation": "h", "yanchor": "top", "y": -0.16, "xanchor": "left", "x": 0},
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
    )
    return fig


def reporting(split: pd.DataFrame, year: int, lang: str) -> go.Figure:
    """Organisations per round of one year: reported complaints, reported zero, reported
    nothing (rows of complaints_metrics.reporting_split), as horizontal stacked bars. The x axis
    counts organisations (said in the title)."""
    labels = [translate(f"complaints.round_short.{r}", lang) for r in ROUNDS]
    fig = go.Figure()
    for status in (REPORTED, ZERO, NOT_REPORTED):
        part = split.loc[split["status"] == status].set_index("round").reindex(ROUNDS)
        values = [int(v) if not pd.isna(v) else 0 for v in part["n"]]
        fig.add_trace(
            go.Bar(
                y=labels,
                x=values,
                name=translate(f"complaints.status.{status}", lang),
                orientation="h",
                marker={
                    "color": STATUS_COLORS[status],
                    "pattern": {"shape": "/" if status == NOT_REPORTED else ""},
                    "line": {"color": "white", "width": 1},
                },
                text=[f"{v:,}" if v else "" for v in values],
                textposition="inside",
                insidetextanchor="middle",
                hovertemplate="%{y}: %{x}<extra>%{fullData.name}</extra>",
            )
        )
    fig.update_layout(
        barmode="stack",
        xaxis={"rangemode": "tozero"},
        yaxis={"autorange": "reversed"},
        uniformtext={"minsize": 11, "mode": "hide"},
    )
    title = translate("complaints.chart.reporting_title", lang, year=int(year))
    fig = _layout(fig, title, height=280)
    fig.update_layout(
        legend={
            "orientation": "h",
            "traceorder": "normal",
            "yanchor": "top",
            "y": -0.2,
            "xanchor": "left",
            "x": 0,
        },
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
    )
    return fig
