"""Keep the `computed_*` tables in step with the stored scores.

Runs the scoring engine over stored organisation-years and writes its results; called by every
writer that changes scores (imports, the demo build) inside that writer's transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from dashboard.methodology import load_rules
from dashboard.scoring import score


@dataclass(frozen=True)
class ScoreProblem:
    org_code: str
    fiscal_year: int
    message_th: str
    message_en: str


def refresh(
    db, org_codes: Sequence[str] | None = None, years: Sequence[int] | None = None
) -> list[ScoreProblem]:
    """Recompute tool scores, totals and levels for some organisations (None = all).

    Returns the disagreements between published and computed figures, for the caller to store
    as warnings of its batch.
    """
    rules = load_rules(db)
    codes = list(org_codes) if org_codes is not None else None
    year_list = sorted({int(y) for y in years}) if years is not None else None
    inputs = db.records("score_inputs", org_codes=codes, years=year_list)
    tool_rows: list[tuple] = []
    result_rows: list[tuple] = []
    problems: list[ScoreProblem] = []
    for row in inputs:
        year_rules = rules.get(row["fiscal_year"])
        if year_rules is None:
            raise KeyError(f"fiscal year {row['fiscal_year']} has no row in core.method_years")
        result = score(
            year_rules,
            indicators=row["indicators"] or {},
            published_tools=row["published_tools"] or {},
            total_published=row["total_published"],
            level_published=row["level_published"],
        )
        key = (row["org_code"], row["fiscal_year"])
        for tool, value in result.tool_scores.items():
            if value is not None:
                tool_rows.append((*key, tool, value, result.tool_sources[tool]))
        result_rows.append(
            (
                *key,
                result.total,
                result.level.code if result.level else None,
                result.passed,
                result.total_mismatch,
                result.level_mismatch,
            )
        )
        problems.extend(ScoreProblem(*key, th, en) for th, en in result.problems)

    conditions, params = [], {}
    if codes is not None:
        conditions.append("org_code in (select unnest($codes))")
        params["codes"] = codes
    if year_list is not None:
        conditions.append("fiscal_year in (select unnest($years))")
        params["years"] = year_list
    where = (" where " + " and ".join(conditions)) if conditions else ""
    db.execute("delete from core.computed_tool_scores" + where, params)
    db.execute("delete from core.computed_results" + where, params)
    db.insert_df(
        "core.computed_tool_scores",
        pd.DataFrame(
            tool_rows, columns=["org_code", "fiscal_year", "tool", "score", "source"]
        ).astype({"score": "object"}),
    )
    db.insert_df(
        "core.computed_results",
        pd.DataFrame(
            result_rows,
            columns=[
                "org_code",
                "fiscal_year",
                "total",
                "level_code",
                "passed",
                "total_mismatch",
                "level_mismatch",
            ],
        ).astype({"total": "object"}),
    )
    return problems
