"""วิธีการประเมิน (methodology): the ITA rules of each fiscal year as the database holds them.

Serves everyone who reads the other pages: which tools and indicators a year has and what they
weigh, the level scheme with its thresholds and the colour each level has on every page, and how
the dashboard computes tool scores, totals, levels and pass (the rules of dashboard/scoring.py and
data/README.md "Scoring method"). Everything shown comes from the method_* tables, so a year
added to data/methodology appears here without code changes.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st
from pandas.io.formats.style import Styler

from dashboard.formatting import MISSING, number, percent, year_label
from dashboard.ui.data import query
from dashboard.ui.lang import current, t, thai_digits

lang = current()
digits = thai_digits()
chosen = st.session_state["filters"]
label_col = "label_en" if lang == "en" else "label_th"
name_col = "name_en" if lang == "en" else "name_th"
note_col = "note_en" if lang == "en" else "note_th"

st.title(t("methodology.title"))
st.caption(t("methodology.intro"))

years = query("method_years")
tools = query("method_tools")
indicators = query("method_indicators")
levels = query("method_levels")
if years.empty:
    st.info(t("methodology.no_years"))
    st.stop()


def weight_text(value: float) -> str:
    return number(value, 2, digits)


def scheme_labels(scheme: object) -> str:
    """The levels of a scheme, best first, in the display language ("AA · A · … · F")."""
    if scheme is None or pd.isna(scheme):
        return t("methodology.none")
    rows = levels.loc[levels["scheme"] == scheme].sort_values("level_order")
    return " · ".join(rows[label_col])


def formula(year_tools: pd.DataFrame) -> str:
    return " + ".join(f"{weight_text(r.weight)} × {r.tool}" for r in year_tools.itertuples())


def level_style(color: str) -> str:
    """A cell in the level's colour, with dark or light text for contrast."""
    red, green, blue = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    light = 0.299 * red + 0.587 * green + 0.114 * blue > 150
    return f"background-color: {color}; color: {'#111' if light else '#fff'}; font-weight: 600"


def level_table(scheme: str) -> Styler:
    rows = levels.loc[levels["scheme"] == scheme].sort_values("level_order")
    table = pd.DataFrame(
        {
            t("methodology.col.level_order"): rows["level_order"].map(
                lambda v: number(v, 0, digits)
            ),
            t("methodology.col.level"): rows[label_col],
            t("methodology.col.level_code"): rows["level_code"],
            t("methodology.col.min_total"): rows["min_total"].map(lambda v: number(v, 0, digits)),
            t("methodology.col.min_each_tool"): rows["min_each_tool"].map(
                lambda v: number(v, 0, digits)
            ),
            t("methodology.col.passed"): rows["passed"].map(
                lambda v: t("methodology.yes") if v else t("methodology.no")
            ),
            t("methodology.col.color"): rows["color"],
        }
    ).reset_index(drop=True)
    styles = [level_style(c) for c in rows["color"]]
    coloured = [t("methodology.col.level"), t("methodology.col.color")]
    return table.style.apply(lambda _column: styles, subset=coloured, axis=0)


# Which years use which rules, for the text below.
per_tool_schemes = set(levels.loc[levels["min_each_tool"].notna(), "scheme"])
per_tool_years = years.loc[years["scheme"].isin(per_tool_schemes), "fiscal_year"]
since = int(per_tool_years.min()) if len(per_tool_years) else None
no_scheme_years = [int(y) for y in years.loc[years["scheme"].isna(), "fiscal_year"]]

# 1. The chosen year -----------------------------------------------------------------------------
options = [int(y) for y in years["fiscal_year"]]
with_scheme = [int(y) for y in years.loc[years["scheme"].notna(), "fiscal_year"]]
default = chosen.year if chosen.year in options else (with_scheme or options)[-1]
year = st.segmented_control(
    t("methodology.year"),
    options=options,
    default=default,
    required=True,
    format_func=lambda y: year_label(y, digits),
    key="method_year",
    bind="query-params",
)
year = int(year if year is not None else default)
row = years.loc[years["fiscal_year"] == year].iloc[0]
year_tools = tools.loc[tools["fiscal_year"] == year].sort_values("sort_order")
year_indicators = indicators.loc[indicators["fiscal_year"] == year].sort_values("indicator")
threshold = number(row["pass_threshold"], 0, digits)

st.subheader(t("methodology.year_heading", year=year_label(year, digits)))
if not pd.isna(row[note_col]):
    st.caption(row[note_col])
st.markdown(
    t(
        "methodology.pass_rule",
        threshold=threshold,
        target=number(row["target_pass_rate"] * 100, 0, digits),
    )
)

if year_tools.empty and pd.isna(row["scheme"]):
    st.info(t("methodology.no_scheme", year=year_label(year, digits), threshold=threshold))
else:
    if not year_tools.empty:
        st.markdown(
            t(
                "methodology.formula",
                formula=formula(year_tools),
                total=weight_text(year_tools["weight"].sum()),
            )
        )
        counts = year_indicators.groupby("tool").size()
        weight_config = {t("methodology.col.weight"): st.column_config.NumberColumn(format="%.2f")}
        st.markdown(f"##### {t('methodology.tools_heading')}")
        st.dataframe(
            pd.DataFrame(
                {
                    t("methodology.col.tool"): year_tools["tool"],
                    t("methodology.col.weight"): year_tools["weight"],
                    t("methodology.col.n_indicators"): year_tools["tool"].map(
                        lambda tool: int(counts.get(tool, 0))
                    ),
                    t("methodology.col.tool_name"): year_tools[name_col],
                }
            ),
            hide_index=True,
            width="stretch",
            column_config=weight_config,
            key="tools-table",
            placeholder=MISSING,
        )
        st.markdown(f"##### {t('methodology.indicators_heading', n=len(year_indicators))}")
        st.dataframe(
            pd.DataFrame(
                {
                    t("methodology.col.indicator"): year_indicators["indicator"],
                    t("methodology.col.tool"): year_indicators["tool"],
                    t("methodology.col.weight"): year_indicators["weight"].round(6),
                    t("methodology.col.indicator_name"): year_indicators[name_col],
                }
            ),
            hide_index=True,
            width="stretch",
            column_config=weight_config,
            key="indicators-table",
            placeholder=MISSING,
        )
        st.caption(t("methodology.indicator_weight_note"))
    if not pd.isna(row["scheme"]):
        scheme = row["scheme"]
        st.markdown(f"##### {t('methodology.levels_heading', labels=scheme_labels(scheme))}")
        st.dataframe(
            level_table(scheme),
            hide_index=True,
            width="stretch",
            key="levels-table",
            placeholder=MISSING,
        )
        st.caption(
            " ".join(
                (
                    t(
                        "methodology.levels_per_tool"
                        if scheme in per_tool_schemes
                        else "methodology.levels_no_per_tool"
                    ),
                    t("methodology.levels_colour_note"),
                )
            )
        )

# 2. How it is computed ----------------------------------------------------------------------
st.subheader(t("methodology.how_heading"))
example_year = year if not year_tools.empty else (with_scheme or options)[-1]
example_tools = tools.loc[tools["fiscal_year"] == example_year]
steps = [
    t("methodology.how.tool"),
    t("methodology.how.total", formula=formula(example_tools.sort_values("sort_order"))),
    t("methodology.how.example"),
    t("methodology.how.level", since=year_label(since, digits) if since else MISSING),
    t("methodology.how.pass", threshold=threshold),
    t("methodology.how.checks"),
]
if no_scheme_years:
    steps.append(
        t(
            "methodology.how.no_scheme",
            years=", ".join(year_label(y, digits) for y in no_scheme_years),
            threshold=number(
                years.loc[years["fiscal_year"] == no_scheme_years[0], "pass_threshold"].iloc[0],
                0,
                digits,
            ),
        )
    )
st.markdown("\n".join(f"{i}. {text}" for i, text in enumerate(steps, start=1)))
st.caption(t("methodology.how.rounding"))

# 3. Every year at a glance, every scheme with its colours ------------------------------------
st.subheader(t("methodology.years_heading"))
summary = pd.DataFrame(
    {
        t("methodology.col.fiscal_year"): years["fiscal_year"].map(lambda y: year_label(y, digits)),
        t("methodology.col.scheme"): years["scheme"].map(scheme_labels),
        t("methodology.col.tools"): [
            " · ".join(
                f"{r.tool} {weight_text(r.weight)}"
                for r in tools.loc[tools["fiscal_year"] == y].sort_values("sort_order").itertuples()
            )
            or t("methodology.none")
            for y in years["fiscal_year"]
        ],
        t("methodology.col.n_indicators"): [
            int((indicators["fiscal_year"] == y).sum()) for y in years["fiscal_year"]
        ],
        t("methodology.col.pass_threshold"): years["pass_threshold"].map(
            lambda v: number(v, 0, digits)
        ),
        t("methodology.col.target_pass_rate"): years["target_pass_rate"].map(
            lambda v: percent(v, 0, digits)
        ),
        t("methodology.col.note"): years[note_col],
    }
)
st.dataframe(summary, hide_index=True, width="stretch", key="years-table", placeholder=MISSING)

with st.expander(t("methodology.all_schemes")):
    for scheme in levels["scheme"].drop_duplicates():
        used = [int(y) for y in years.loc[years["scheme"] == scheme, "fiscal_year"]]
        st.markdown(f"**{scheme_labels(scheme)}**")
        st.caption(
            t("methodology.scheme_years", years=", ".join(year_label(y, digits) for y in used))
            if used
            else t("methodology.scheme_unused")
        )
        st.dataframe(level_table(scheme), hide_index=True, width="stretch",
                     key=f"scheme-{scheme}", placeholder=MISSING)  # fmt: skip
