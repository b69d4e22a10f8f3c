"""The gaps between an organisation's prior-year analysis and its current measures.

For an organisation and fiscal year Y (BE): the weak points of Y-1 (queries/weak_points.sql,
queries/tool_weak_points.sql), whether the measures of Y answer them (coverage), whether the
measures were carried out (execution), and how the indicators moved from Y-1 to Y (effect).
Pure pandas on top of named queries; no streamlit. Scores are points (0-100); gains are points
of the total.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Protocol

import pandas as pd

from dashboard.formatting import be_to_ce


class Queries(Protocol):
    def query(self, name: str, **params: Any) -> pd.DataFrame: ...

    def query_over(self, name: str, select: str, **params: Any) -> pd.DataFrame: ...


@dataclass
class OrgAnalysis:
    org_code: str
    year: int  # Y: the year of the measures; the analysis is of Y-1
    indicators: pd.DataFrame  # every indicator of Y-1 with its flags (weak_points.sql)
    tools: pd.DataFrame  # tools of Y-1 (tool_weak_points.sql)
    measures: pd.DataFrame  # measures of Y with execution-gap flags
    change: pd.DataFrame  # indicator change Y-1 -> Y (indicator_change.sql)

    @property
    def weak(self) -> pd.DataFrame:
        return self.indicators.loc[self.indicators["is_weak"]]

    @property
    def uncovered(self) -> pd.DataFrame:
        """Weak points of Y-1 that no measure of Y targets."""
        weak = self.weak
        return weak.loc[weak["covered_by"].map(len) == 0]

    @property
    def untargeted_measures(self) -> pd.DataFrame:
        """Measures of Y that target no weak point of Y-1."""
        weak = set(self.weak["indicator"])
        if self.measures.empty:
            return self.measures
        hits = self.measures["indicators"].map(lambda inds: bool(weak & set(inds)))
        return self.measures.loc[~hits]

    @property
    def weak_tools(self) -> pd.DataFrame:
        return self.tools.loc[self.tools["below_threshold"]]


def fiscal_year_end(year_be: int) -> date:
    """30 September of the fiscal year (CE date)."""
    return date(be_to_ce(year_be), 9, 30)


def execution_flags(measures: pd.DataFrame, year: int, today: date) -> pd.DataFrame:
    """Add the execution gaps of each measure: no_outcome, no_6m_report, not_completed (the
    fiscal year has ended and the latest status is not a finished one)."""
    ended = today > fiscal_year_end(year)
    out = measures.copy()
    out["no_outcome"] = out["outcome"].isna() | (out["outcome"].fillna("").str.strip() == "")
    out["no_6m_report"] = ~out["has_6m_report"].astype(bool)
    out["not_completed"] = ended & ~out["is_done"].astype(bool)
    out["fiscal_year_ended"] = ended
    out["has_gap"] = out["no_outcome"] | out["no_6m_report"] | out["not_completed"]
    return out


def analyse(db: Queries, org_code: str, year: int, today: date | None = None) -> OrgAnalysis:
    """Everything the analysis page, `ita gaps` and the documents need for one organisation."""
    today = today or date.today()
    params = {"org_code": org_code, "year": year}
    return OrgAnalysis(
        org_code=org_code,
        year=year,
        indicators=weak_points(db, org_code, year),
        tools=db.query("tool_weak_points", **params),
        measures=execution_flags(db.query("org_measures", **params), year, today),
        change=db.query("indicator_change", **params),
    )


def weak_points(db: Queries, org_code: str, year: int) -> pd.DataFrame:
    """Every indicator of Y-1 of one organisation with its weak-point flags."""
    return db.query(
        "weak_points", year=year, org_code=org_code, province=None, district=None, org_type=None
    )


def _decimal_text(value: Any, places: int = 2) -> str:
    quantum = Decimal(1).scaleb(-places)
    return str(Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP))


def weight_text(weight: float) -> str:
    """A weight as a plain fraction: 0.06, 0.1, 0.2."""
    return format(Decimal(str(round(float(weight), 6))).normalize(), "f")


def weak_points_csv(analysis: OrgAnalysis) -> str:
    """The weak-point table of `ita gaps --csv`: one row per weak indicator, by number."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(
        [
            "indicator",
            "indicator_name_th",
            "score",
            "weight",
            "gain_to_85",
            "gain_to_95",
            "covered_by",
        ]
    )
    for row in analysis.weak.sort_values("indicator").itertuples():
        writer.writerow(
            [
                int(row.indicator),
                row.indicator_name_th,
                _decimal_text(row.score),
                weight_text(row.weight),
                _decimal_text(row.gain_to_pass),
                _decimal_text(row.gain_to_excellent),
                ";".join(str(int(n)) for n in sorted(row.covered_by)),
            ]
        )
    return buffer.getvalue()


def reasons(row: Any, lang: str = "th") -> str:
    """Why an indicator row is weak, in words."""
    found = []
    if row.below_threshold:
        found.append(
            f"ต่ำกว่าเกณฑ์ {row.pass_threshold:g}" if lang == "th" else f"under {row.pass_threshold:g}"
        )
    if row.below_peers:
        found.append(
            f"ต่ำกว่ามัธยฐานกลุ่ม ({row.peer_median:.2f}) ≥ 5"
            if lang == "th"
            else f"≥ 5 under the peer median ({row.peer_median:.2f})"
        )
    if row.dropped:
        found.append(
            f"ลดลง {abs(row.change):.2f} จากปีก่อน"
            if lang == "th"
            else f"dropped {abs(row.change):.2f} from the year before"
        )
    return "; ".join(found)


# Weak points per organisation of a group, over the rows of weak_points.sql (Db.query_over).
GROUP_WEAK_COUNTS = (
    "select org_code, count(*) as n_weak, "
    "count(*) filter (where n_covering = 0) as n_uncovered "
    "from result where is_weak group by org_code"
)


def group_summary(
    db: Queries, year: int, *, province: str | None, district: str | None, org_type: str | None
) -> pd.DataFrame:
    """Per organisation of a peer group: weak points of Y-1, how many no measure of Y answers,
    and how the measures of Y were carried out. Sorted with the most uncovered first.

    The group is that of group_measures (organisations of `org_type` in Y); their weak points
    of Y-1 count whatever their type was then (an organisation upgraded in Y keeps them)."""
    # Counted in SQL: at national scope weak_points has 80,000 rows. Not filtered by type: the
    # type in Y-1 may differ; the merge below keeps the organisations of the group.
    counts = db.query_over(
        "weak_points",
        GROUP_WEAK_COUNTS,
        year=year,
        org_code=None,
        province=province,
        district=district,
        org_type=None,
    )
    measures = db.query(
        "group_measures", year=year, province=province, district=district, org_type=org_type
    )
    out = measures.merge(counts, on="org_code", how="left")
    out[["n_weak", "n_uncovered"]] = out[["n_weak", "n_uncovered"]].fillna(0).astype(int)
    out["n_unfinished"] = out["n_measures"] - out["n_done"]
    return out.sort_values(
        ["n_uncovered", "n_unfinished", "org_name"], ascending=[False, False, True]
    ).reset_index(drop=True)
