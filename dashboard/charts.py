"""Plotly figures for the pages. Pure: no streamlit, no database.

Every figure takes DataFrames shaped like a query in queries/ and the display language.
Scores are plotted in points (0-100), rates in percent.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.i18n import translate

FONT = "Sarabun, 'TH Sarabun New', 'Noto Sans Thai', Loma, Garuda, sans-serif"
TOOL_COLORS = {"IIT": "#1f77b4", "EIT": "#ff7f0e", "OIT": "#2ca02c"}
LINE_COLOR = "#1f4e79"
RATE_COLOR = "#c2185b"
THRESHOLD_COLOR = "#6a6a6a"


def _layout(fig: go.Figure, title: str, height: int = 380) -> go.Figure:
    """The common title, font, size, margins, legend and grid. Set property by property: one
    update_layout call with the same values took 10 ms more per figure (plotly's relayout path),
    a tenth of a national page's first run across its charts. Each assignment replaces that
    part of the layout: the charts set none of these before."""
    layout = fig.layout
    layout.title = {"text": title, "x": 0, "xanchor": "left"}
    layout.font = {"family": FONT, "size": 14}
    layout.height = height
    layout.margin = {"l": 10, "r": 10, "t": 60, "b": 10}
    # Below the plot: on a phone a wrapped legend above it would run into the title.
    layout.legend = {"orientation": "h", "yanchor": "top", "y": -0.22, "xanchor": "left", "x": 0}
    layout.plot_bgcolor = "white"
    layout.paper_bgcolor = "white"
    fig.update_xaxes(showgrid=False)
    fig.update_yaxes(gridcolor="#e6e6e6")
    return fig


def _mark_scheme_breaks(fig: go.Figure, breaks: list[tuple[int, int]], lang: str) -> None:
    """A dashed line between the last year of one level scheme and the first of the next, named
    just above the plot (in the top margin, under the title), where no label of the chart's own
    markers or bars can be."""
    for before, after in breaks:
        middle = (before + after) / 2
        fig.add_vline(x=middle, line={"dash": "dash", "color": "#444"})
        fig.add_annotation(
            x=middle,
            y=1.0,
            yref="paper",
            text=translate("chart.scheme_break", lang),
            showarrow=False,
            xanchor="left",
            yanchor="bottom",
            font={"size": 12, "color": "#444"},
        )


def _pass_line(fig: go.Figure, threshold: float, lang: str) -> None:
    """The pass threshold as a dotted line across the plot, named in the legend: a label on the
    line itself covers the label of any year whose total is just under it."""
    fig.add_hline(y=threshold, line={"dash": "dot", "color": THRESHOLD_COLOR})
    fig.add_trace(
        go.Scatter(
            x=[None],
            y=[None],
            mode="lines",
            line={"dash": "dot", "color": THRESHOLD_COLOR},
            name=translate("chart.pass_line", lang, value=f"{threshold:g}"),
            hoverinfo="skip",
        )
    )


def _year_axis(years, lang: str) -> dict:
    return {"tickmode": "array", "tickvals": list(years), "title": translate("fiscal_year", lang)}


def trend(by_year: pd.DataFrame, breaks: list[tuple[int, int]], lang: str) -> go.Figure:
    """Mean total (left axis) and pass rate (right axis) per fiscal year, scheme breaks marked."""
    data = by_year.sort_values("fiscal_year")
    years = data["fiscal_year"].astype(int)
    fig = go.Figure()
    fig.add_trace(
        go.Bar(
            x=years,
            y=data["pass_rate"] * 100,
            name=translate("chart.pass_rate", lang),
            marker_color=RATE_COLOR,
            opacity=0.35,
            yaxis="y2",
            hovertemplate="%{x}: %{y:.1f} %<extra></extra>",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=years,
            y=data["mean_total"],
            name=translate("chart.mean_total", lang),
            mode="lines+markers+text",
            text=[f"{v:.1f}" for v in data["mean_total"]],
            textposition="top center",
            line={"color": LINE_COLOR, "width": 3},
            hovertemplate="%{x}: %{y:.2f}<extra></extra>",
        )
    )
    threshold = float(data["pass_threshold"].iloc[-1]) if len(data) else 85.0
    target = float(data["target_pass_rate"].iloc[-1]) * 100 if len(data) else 80.0
    _pass_line(fig, threshold, lang)
    fig.add_trace(
        go.Scatter(
            x=years,
            y=[target] * len(years),
            name=translate("chart.target_line", lang, value=f"{target:g}"),
            mode="lines",
            line={"dash": "dash", "color": RATE_COLOR, "width": 1},
            yaxis="y2",
            hoverinfo="skip",
        )
    )
    _mark_scheme_breaks(fig, breaks, lang)
    fig.update_layout(
        xaxis=_year_axis(years, lang),
        yaxis={"range": [0, 105], "title": translate("chart.points", lang)},
        yaxis2={
            "range": [0, 105],
            "overlaying": "y",
            "side": "right",
            "title": translate("chart.percent", lang),
            "showgrid": False,
        },
    )
    return _layout(fig, translate("chart.trend_title", lang))


def level_distribution(levels: pd.DataFrame, lang: str) -> go.Figure:
    """Organisations per level in one year (rows of level_counts.sql), one colour per level."""
    data = levels.sort_values("level_order")
    labels = data["label_en"] if lang == "en" else data["label_th"]
    fig = go.Figure(
        go.Bar(
            x=labels,
            y=data["n"],
            marker_color=data["color"],
            text=data["n"],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{x}: %{y}<extra></extra>",
        )
    )
    fig.update_layout(
        xaxis={"title": translate("chart.level", lang)},
        yaxis={
            "title": translate("chart.organisations", lang),
            "range": [0, max(1, int(data["n"].max())) * 1.18],
        },
        showlegend=False,
    )
    return _layout(fig, translate("chart.levels_title", lang))


def indicator_means(indicators: pd.DataFrame, threshold: float, lang: str) -> go.Figure:
    """Mean score per indicator in one year, coloured by tool, with the pass line."""
    data = indicators.sort_values("indicator")
    names = data["name_en"] if lang == "en" else data["name_th"]
    labels = [f"{int(i)}. {n}" for i, n in zip(data["indicator"], names, strict=True)]
    fig = go.Figure()
    for tool, color in TOOL_COLORS.items():
        part = data["tool"] == tool
        fig.add_trace(
            go.Bar(
                y=[label for label, keep in zip(labels, part, strict=True) if keep],
                x=data.loc[part, "mean_score"],
                name=tool,
                orientation="h",
                marker_color=color,
                text=[f"{v:.1f}" for v in data.loc[part, "mean_score"]],
                textposition="outside",
                hovertemplate="%{y}: %{x:.2f}<extra>" + tool + "</extra>",
            )
        )
    fig.add_vline(x=threshold, line={"dash": "dot", "color": THRESHOLD_COLOR})
    fig.update_layout(
        xaxis={
            "range": [0, 108],
            "title": translate("chart.mean_score_with_line", lang, value=f"{threshold:g}"),
        },
        yaxis={"autorange": "reversed", "categoryorder": "array", "categoryarray": labels},
        barmode="overlay",
    )
    return _layout(fig, translate("chart.indicators_title", lang), height=440)


def tool_means(tools: pd.DataFrame, threshold: float, lang: str) -> go.Figure:
    """Mean score per tool (IIT, EIT, OIT) in one year."""
    fig = go.Figure(
        go.Bar(
            x=tools["tool"],
            y=tools["mean_score"],
            marker_color=[TOOL_COLORS.get(t, "#888") for t in tools["tool"]],
            text=[f"{v:.1f}" for v in tools["mean_score"]],
            textposition="outside",
            hovertemplate="%{x}: %{y:.2f}<extra></extra>",
        )
    )
    fig.add_hline(y=threshold, line={"dash": "dot", "color": THRESHOLD_COLOR})
    fig.update_layout(yaxis={"range": [0, 108], "title": translate("chart.mean_score", lang)})
    return _layout(fig, translate("chart.tools_title", lang))


def gains(weak: pd.DataFrame, lang: str) -> go.Figure:
    """Points of total gained if each weak indicator reached the pass mark / the best level."""
    data = weak.sort_values("gain_to_excellent")
    names = data["indicator_name_en"] if lang == "en" else data["indicator_name_th"]
    labels = [f"{int(i)}. {n}" for i, n in zip(data["indicator"], names, strict=True)]
    fig = go.Figure()
    for column, key, color in (
        ("gain_to_pass", "chart.gain_to_pass", "#f39c12"),
        ("gain_to_excellent", "chart.gain_to_excellent", "#1b7837"),
    ):
        fig.add_trace(
            go.Bar(
                y=labels,
                x=data[column],
                orientation="h",
                marker_color=color,
                name=translate(key, lang),
                text=[f"{v:.2f}" for v in data[column]],
                textposition="outside",
                cliponaxis=False,
            )
        )
    fig.update_layout(barmode="group", xaxis={"title": translate("chart.points_of_total", lang)})
    return _layout(fig, translate("chart.gains_title", lang), height=120 + 45 * len(data))


def indicator_change(change: pd.DataFrame, lang: str) -> go.Figure:
    """Change of each indicator from Y-1 to Y, coloured by whether a measure targeted it."""
    data = change.sort_values("indicator")
    names = data["indicator_name_en"] if lang == "en" else data["indicator_name_th"]
    labels = [f"{int(i)}. {n}" for i, n in zip(data["indicator"], names, strict=True)]
    colors = ["#1f77b4" if m else "#b0b0b0" for m in data["had_measure"]]
    fig = go.Figure(
        go.Bar(
            x=data["change"],
            y=labels,
            orientation="h",
            marker_color=colors,
            text=[f"{v:+.2f}" for v in data["change"]],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{x:+.2f}<extra></extra>",
        )
    )
    fig.add_vline(x=0, line={"color": "#444"})
    fig.update_layout(
        yaxis={"autorange": "reversed"}, xaxis={"title": translate("chart.change_points", lang)}
    )
    return _layout(fig, translate("chart.change_title", lang), height=440)


def measure_effect(effect: pd.DataFrame, lang: str) -> go.Figure:
    """Mean change per indicator for organisations with and without a measure for it, with the
    number of organisations behind each mean in the label."""
    fig = go.Figure()
    for flag, key, color in (
        (True, "chart.with_measure", "#1f77b4"),
        (False, "chart.without_measure", "#b0b0b0"),
    ):
        part = effect.loc[effect["with_measure"] == flag].sort_values("indicator")
        fig.add_trace(
            go.Bar(
                x=[str(int(i)) for i in part["indicator"]],
                y=part["mean_change"],
                name=translate(key, lang),
                marker_color=color,
                text=[
                    f"{m:+.1f} (n={int(n)})"
                    for m, n in zip(part["mean_change"], part["n_organisations"], strict=True)
                ],
                textposition="outside",
                cliponaxis=False,
            )
        )
    fig.update_layout(
        barmode="group",
        xaxis={"title": translate("chart.indicator", lang), "type": "category"},
        yaxis={"title": translate("chart.mean_change", lang)},
    )
    return _layout(fig, translate("chart.effect_title", lang), height=420)


def heatmap(cells: pd.DataFrame, lang: str, threshold: float = 85.0) -> go.Figure:
    """Units (organisations, districts or provinces) × indicators, coloured by mean score."""
    table = cells.pivot_table(index="unit_name", columns="indicator", values="mean_score")
    table = table.sort_index()
    fig = go.Figure(
        go.Heatmap(
            z=table.values,
            x=[str(c) for c in table.columns],
            y=list(table.index),
            colorscale=[[0, "#d73027"], [0.5, "#fee08b"], [1, "#1a9850"]],
            zmin=threshold - 25,
            zmax=100,
            text=[[f"{v:.1f}" if v == v else "" for v in row] for row in table.values],
            texttemplate="%{text}",
            colorbar={"title": translate("chart.points", lang)},
            hovertemplate="%{y} · %{x}: %{z:.2f}<extra></extra>",
        )
    )
    fig.update_layout(
        xaxis={"title": translate("chart.indicator", lang), "side": "top"},
        yaxis={"autorange": "reversed"},
    )
    return _layout(
        fig, translate("chart.heatmap_title", lang), height=max(320, 140 + 26 * len(table))
    )


def totals_by_district(
    orgs: pd.DataFrame, threshold: float, lang: str, by: str = "district"
) -> go.Figure:
    """Distribution of totals per district, or per province at national scope (one box each,
    every organisation a point): hundreds of district boxes would be neither readable nor fast."""
    # One trace with a box per category: 77 provinces as 77 traces would cost a second to build.
    scored = orgs.dropna(subset=["total"]).sort_values(by, kind="stable")
    fig = go.Figure(
        go.Box(
            x=scored[by].astype(str),
            y=scored["total"],
            boxpoints="all",
            jitter=0.4,
            pointpos=0,
            marker={"size": 5},
            line={"width": 1},
            text=scored["org_name"],
            hovertemplate="%{x} · %{text}: %{y:.2f}<extra></extra>",
        )
    )
    fig.add_hline(y=threshold, line={"dash": "dot", "color": THRESHOLD_COLOR})
    fig.update_layout(showlegend=False, yaxis={"title": translate("chart.total", lang)})
    title = "chart.district_totals_title" if by == "district" else "chart.province_totals_title"
    return _layout(fig, translate(title, lang), height=420)


def level_moves(counts: dict[str, int], lang: str) -> go.Figure:
    """Organisations whose level went up, down or stayed against last year."""
    keys = ["up", "same", "down", "scheme_changed", "no_previous"]
    colors = ["#1a9850", "#9e9e9e", "#d73027", "#7e57c2", "#cfd8dc"]
    fig = go.Figure(
        go.Bar(
            x=[translate(f"chart.move.{k}", lang) for k in keys],
            y=[counts[k] for k in keys],
            marker_color=colors,
            text=[counts[k] for k in keys],
            textposition="outside",
            cliponaxis=False,
        )
    )
    fig.update_layout(showlegend=False, yaxis={"title": translate("chart.organisations", lang)})
    return _layout(fig, translate("chart.moves_title", lang), height=360)


def org_trend(
    history: pd.DataFrame, breaks: list[tuple[int, int]], threshold: float, lang: str
) -> go.Figure:
    """One organisation's total per year (markers coloured by level) against the peer median
    and the pass line; the change of level scheme marked."""
    data = history.sort_values("fiscal_year")
    years = data["fiscal_year"].astype(int)
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=years,
            y=data["peer_median"],
            name=translate("chart.peer_median", lang),
            mode="lines",
            line={"color": "#9e9e9e", "dash": "dash"},
            hovertemplate="%{x}: %{y:.2f}<extra></extra>",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=years,
            y=data["total"],
            name=translate("chart.total", lang),
            mode="lines+markers+text",
            line={"color": LINE_COLOR, "width": 3},
            marker={
                "size": 14,
                "color": data["color"].fillna("#cccccc"),
                "line": {"color": LINE_COLOR, "width": 1},
            },
            text=[
                f"{t:.1f}<br>{lv}" if t == t else ""
                for t, lv in zip(data["total"], data["level"].fillna(""), strict=True)
            ],
            textposition="top center",
            hovertemplate="%{x}: %{y:.2f}<extra></extra>",
        )
    )
    _pass_line(fig, threshold, lang)
    _mark_scheme_breaks(fig, breaks, lang)
    fig.update_layout(
        xaxis=_year_axis(years, lang),
        # Up to 118: the label of a total near 100 fits inside the plot (ticks stop at 100).
        yaxis={"range": [0, 118], "title": translate("chart.points", lang)},
    )
    return _layout(fig, translate("chart.org_trend_title", lang), height=420)


def indicators_vs_peers(indicators: pd.DataFrame, lang: str) -> go.Figure:
    """This year's indicator scores against last year and the peer median."""
    data = indicators.sort_values("indicator")
    names = data["indicator_name_en"] if lang == "en" else data["indicator_name_th"]
    labels = [f"{int(i)}. {n}" for i, n in zip(data["indicator"], names, strict=True)]
    fig = go.Figure()
    fig.add_trace(
        go.Bar(
            y=labels,
            x=data["score"],
            orientation="h",
            name=translate("chart.this_year", lang),
            marker_color=[TOOL_COLORS.get(t, "#888") for t in data["tool"]],
            text=[f"{v:.1f}" if v == v else "" for v in data["score"]],
            textposition="inside",
            # At the bar's start: last year's mark and the peer median sit near its end.
            insidetextanchor="start",
        )
    )
    fig.add_trace(
        go.Scatter(
            y=labels,
            x=data["previous_score"],
            mode="markers",
            name=translate("chart.last_year", lang),
            marker={"symbol": "line-ns-open", "size": 18, "color": "#222", "line": {"width": 3}},
        )
    )
    fig.add_trace(
        go.Scatter(
            y=labels,
            x=data["peer_median"],
            mode="markers",
            name=translate("chart.peer_median", lang),
            marker={"symbol": "diamond", "size": 10, "color": "#e91e63"},
        )
    )
    fig.update_layout(
        xaxis={"range": [0, 105], "title": translate("chart.points", lang)},
        yaxis={"autorange": "reversed"},
    )
    return _layout(fig, translate("chart.org_indicators_title", lang), height=460)
