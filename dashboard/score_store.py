"""Keep the `computed_*` tables in step with the stored scores.

Runs the scoring engine over stored organisation-years and writes its results; called by every
writer that changes scores (imports, the demo build) inside that writer's transaction.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from dashboard.db import decode_decimal, decode_pairs, rows_as_columns
from dashboard.methodology import load_rules
from dashboard.scoring import Result, score


@dataclass(frozen=True)
class ScoreProblem:
    org_code: str
    fiscal_year: int
    message_th: str
    message_en: str


def refresh(
    db,
    org_codes: Sequence[str] | None = None,
    years: Sequence[int] | None = None,
    known: Mapping[tuple[str, int], Result] | None = None,
) -> list[ScoreProblem]:
    """Recompute tool scores, totals and levels for some organisations (None = all).

    `known` holds results the caller has already computed from exactly the inputs it stored
    (an import scores each row while validating it): those organisation-years are not read
    back and scored again. Returns the disagreements between published and computed figures
    of the organisation-years scored here, for the caller to store as warnings of its batch.
    """
    codes = list(org_codes) if org_codes is not None else None
    year_list = sorted({int(y) for y in years}) if years is not None else None
    results: dict[tuple[str, int], Result] = {}
    problems: list[ScoreProblem] = []
    to_score, score_codes, score_years = True, codes, year_list
    if known:
        stored = _keys(db, codes, year_list)
        results = {key: known[key] for key in stored if key in known}
        missing = [key for key in stored if key not in known]
        to_score = bool(missing)
        score_codes = sorted({o for o, _ in missing})
        score_years = sorted({y for _, y in missing})
    if to_score:
        rules = load_rules(db)
        # read by position, in the order of score_inputs.sql's columns (dicts: 10 ms a year)
        inputs = db.tuples("score_inputs", org_codes=score_codes, years=score_years)
        for org_code, fiscal_year, total, level, indicators, tools in inputs:
            key = (org_code, fiscal_year)
            if key in results:
                continue
            year_rules = rules.get(fiscal_year)
            if year_rules is None:
                raise KeyError(f"fiscal year {fiscal_year} has no row in core.method_years")
            result = score(
                year_rules,
                indicators=decode_pairs(indicators, int),
                published_tools=decode_pairs(tools),
                total_published=decode_decimal(total),
                level_published=level,
            )
            results[key] = result
            problems.extend(ScoreProblem(*key, th, en) for th, en in result.problems)

    tool_rows: list[tuple] = []
    result_rows: list[tuple] = []
    for key, result in results.items():
        for tool, value in result.tool_scores.items():
            if value is not None:
                # As text, which the insert casts exactly (see Db.insert_df).
                tool_rows.append((*key, tool, str(value), result.tool_sources[tool]))
        result_rows.append(
            (
                *key,
                None if result.total is None else str(result.total),
                result.level.code if result.level else None,
                result.passed,
                result.total_mismatch,
                result.level_mismatch,
            )
        )

    where, params = _where(codes, year_list)
    db.execute("delete from core.computed_tool_scores" + where, params)
    db.execute("delete from core.computed_results" + where, params)
    db.insert_df(
        "core.computed_tool_scores",
        rows_as_columns(tool_rows, ["org_code", "fiscal_year", "tool", "score", "source"]),
    )
    db.insert_df(
        "core.computed_results",
        rows_as_columns(
            result_rows,
            [
                "org_code",
                "fiscal_year",
                "total",
                "level_code",
                "passed",
                "total_mismatch",
                "level_mismatch",
            ],
        ),
    )
    return problems


def _where(codes: list[str] | None, years: list[int] | None) -> tuple[str, dict]:
    """A where clause (with its parameters) for some organisations and years (None = all)."""
    conditions, params = [], {}
    if codes is not None:
        conditions.append("org_code in (select unnest($codes))")
        params["codes"] = codes
    if years is not None:
        conditions.append("fiscal_year in (select unnest($years))")
        params["years"] = years
    return (" where " + " and ".join(conditions)) if conditions else "", params


def _keys(db, codes: list[str] | None, years: list[int] | None) -> list[tuple[str, int]]:
    """The assessed organisation-years among those codes and years (None = all)."""
    where, params = _where(codes, years)
    return db.rows("select org_code, fiscal_year from core.assessments" + where, params)
