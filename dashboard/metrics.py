"""Pure pandas computations behind the pages. No streamlit, no database.

Scores are points (0-100); shares are 0-1.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
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


# --- comparing organisations ---------------------------------------------------------------

DIRECTION_THRESHOLD = 1.0  # points of total: a smaller change is "no meaningful change"
RISK_DROP = 5.0  # points of total: a drop this large puts an organisation on the at-risk list


def direction(change: float | None, threshold: float = DIRECTION_THRESHOLD) -> str | None:
    """'up', 'down' or 'same' for a change of total (points); None when unknown."""
    if change is None or pd.isna(change):
        return None
    if change >= threshold:
        return "up"
    if change <= -threshold:
        return "down"
    return "same"


def with_directions(orgs: pd.DataFrame, threshold: float = DIRECTION_THRESHOLD) -> pd.DataFrame:
    """compare_orgs rows with a `direction` column and a `level_move` column: up / down /
    same, 'scheme_changed' across level schemes, None without a comparable previous level."""
    out = orgs.copy()
    change = pd.to_numeric(out["change"], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    out["direction"] = pd.Series(
        np.select(
            [np.isnan(change), change >= threshold, change <= -threshold],
            [None, "up", "down"],
            "same",
        ),
        index=out.index,
        dtype=object,
    )
    steps = pd.to_numeric(out["level_steps"], errors="coerce").to_numpy(
        dtype=float, na_value=np.nan
    )
    scheme_changed = out["scheme_changed"].to_numpy(dtype=bool, na_value=False)
    out["level_move"] = pd.Series(
        np.select(
            [scheme_changed, np.isnan(steps), steps > 0, steps < 0],
            ["scheme_changed", None, "up", "down"],
            "same",
        ),
        index=out.index,
        dtype=object,
    )
    return out


def level_movement(orgs: pd.DataFrame) -> dict[str, int]:
    """How many organisations went up, down or stayed in level; how many cannot be compared."""
    moves = (orgs if "level_move" in orgs else with_directions(orgs))["level_move"]
    return {
        "up": int((moves == "up").sum()),
        "down": int((moves == "down").sum()),
        "same": int((moves == "same").sum()),
        "scheme_changed": int((moves == "scheme_changed").sum()),
        "no_previous": int(moves.isna().sum()),
    }


RISK_REASONS = ("not_passing", "tool_under", "dropped", "missing_data")


def at_risk(orgs: pd.DataFrame, pass_threshold: float = 85.0) -> pd.DataFrame:
    """Organisations not passing, with a tool under the pass mark, with a drop of 5 points or
    more, or with missing data; one row each with the reasons as codes."""

    def values(column: str) -> np.ndarray:
        return pd.to_numeric(orgs[column], errors="coerce").to_numpy(dtype=float, na_value=np.nan)

    total, min_tool, change = values("total"), values("min_tool"), values("change")
    missing = values("missing_indicators")
    flags = np.column_stack(
        [
            orgs["passed"].eq(False).to_numpy(dtype=bool, na_value=False)
            | (total < pass_threshold),
            min_tool < pass_threshold,
            change <= -RISK_DROP,
            np.isnan(total) | (missing > 0),
        ]
    )
    hit = flags.any(axis=1)
    out = orgs.loc[hit, ["org_code", "org_name", "district", "total", "change", "min_tool"]]
    out = out.reset_index(drop=True)
    out["reasons"] = [
        [reason for reason, on in zip(RISK_REASONS, row, strict=True) if on]
        for row in flags[hit].tolist()
    ]
    return out


# --- one organisation ---------------------------------------------------------------------------


def org_summary(
    name: str,
    year: int,
    history: pd.DataFrame,
    indicators: pd.DataFrame,
    measures: pd.DataFrame,
    lang: str = "th",
) -> str:
    """A short summary written from the data: total and level, distance from the peer median,
    the weakest indicators, how many measures are finished."""
    row = history.loc[history["fiscal_year"] == year]
    th = lang != "en"
    if row.empty or pd.isna(row.iloc[0]["total"]):
        return (
            f"ปีงบประมาณ {year} ยังไม่มีคะแนนรวมของ {name}"
            if th
            else f"{name} has no total for fiscal year {year}."
        )
    r = row.iloc[0]
    parts = [
        f"ปีงบประมาณ {year} {name} ได้คะแนนรวม {r['total']:.2f} ระดับ{r['level'] or '—'}"
        if th
        else f"In fiscal year {year} {name} scored {r['total']:.2f} (level {r['level'] or '—'})."
    ]
    if not pd.isna(r["peer_median"]):
        gap = float(r["total"]) - float(r["peer_median"])
        if th:
            side = "สูงกว่า" if gap >= 0 else "ต่ำกว่า"
            parts.append(
                f"{side}มัธยฐานของหน่วยงานประเภทเดียวกันในจังหวัด ({r['peer_median']:.2f}) "
                f"{abs(gap):.2f} คะแนน"
            )
        else:
            side = "above" if gap >= 0 else "below"
            parts.append(
                f"That is {abs(gap):.2f} points {side} the median of the same type in "
                f"the province ({r['peer_median']:.2f})."
            )
    scored = indicators.dropna(subset=["score"]).sort_values("score").head(2)
    if not scored.empty:
        name_col = "indicator_name_th" if th else "indicator_name_en"
        weakest = ", ".join(
            f"{int(i.indicator)} {getattr(i, name_col)} ({i.score:.2f})"
            for i in scored.itertuples()
        )
        parts.append(
            f"ตัวชี้วัดที่คะแนนต่ำที่สุดคือ {weakest}" if th else f"The weakest indicators are {weakest}."
        )
    if not measures.empty:
        done = int(measures["is_done"].sum())
        parts.append(
            f"มาตรการปีนี้ {len(measures)} รายการ ดำเนินการแล้ว {done} รายการ"
            if th
            else f"{done} of this year's {len(measures)} measures are done."
        )
    return " ".join(parts).strip()
