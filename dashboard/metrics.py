"""Pure pandas computations behind the pages. No streamlit, no database.

Scores are points (0-100); shares are 0-1.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class YearSummary:
    """Headline figures of one year for a peer group, with the change from the year before."""

    fiscal_year: int
    n_assessed: int
    mean_total: float | None
    pass_rate: float | None
    target_pass_rate: float | None
    pass_threshold: float | None
    prev_year: int | None
    mean_total_change: float | None  # points
    pass_rate_change: float | None  # share (0-1)
    n_without_total: int


def _value(row: pd.Series, column: str) -> float | None:
    value = row[column]
    return None if pd.isna(value) else float(value)


def year_summary(by_year: pd.DataFrame, year: int) -> YearSummary | None:
    """Headline figures from overview_by_year rows; None when the year has no assessment."""
    rows = by_year.set_index("fiscal_year").sort_index()
    if year not in rows.index:
        return None
    row = rows.loc[year]
    earlier = rows.loc[rows.index < year]
    prev = earlier.iloc[-1] if len(earlier) else None
    prev_year = int(earlier.index[-1]) if len(earlier) else None

    def change(column: str) -> float | None:
        if prev is None:
            return None
        now, before = _value(row, column), _value(prev, column)
        return None if now is None or before is None else now - before

    return YearSummary(
        fiscal_year=year,
        n_assessed=int(row["n_assessed"]),
        mean_total=_value(row, "mean_total"),
        pass_rate=_value(row, "pass_rate"),
        target_pass_rate=_value(row, "target_pass_rate"),
        pass_threshold=_value(row, "pass_threshold"),
        prev_year=prev_year,
        mean_total_change=change("mean_total"),
        pass_rate_change=change("pass_rate"),
        n_without_total=int(row["n_assessed"] - row["n_with_total"]),
    )


def scheme_breaks(by_year: pd.DataFrame) -> list[tuple[int, int]]:
    """Consecutive fiscal years whose level schemes differ: (last year of old, first of new)."""
    ordered = by_year.sort_values("fiscal_year")[["fiscal_year", "scheme"]]
    breaks = []
    previous = None
    for year, scheme in ordered.itertuples(index=False):
        if previous is not None and scheme != previous[1]:
            breaks.append((int(previous[0]), int(year)))
        previous = (year, scheme)
    return breaks


def tool_means(by_year: pd.DataFrame, year: int) -> pd.DataFrame:
    """Mean score per tool in one year: columns tool, mean_score (points)."""
    row = by_year.loc[by_year["fiscal_year"] == year]
    if row.empty:
        return pd.DataFrame(columns=["tool", "mean_score"])
    row = row.iloc[0]
    return pd.DataFrame(
        {
            "tool": ["IIT", "EIT", "OIT"],
            "mean_score": [row["mean_iit"], row["mean_eit"], row["mean_oit"]],
        }
    ).dropna()
