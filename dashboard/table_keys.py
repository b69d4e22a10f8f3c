"""The keys of the tables held per organisation and fiscal year, checked by every writer.

The tables imports fill in bulk (scores, computed results, measures and their reports,
complaints, saved plans) have no PRIMARY KEY in data/schema.sql: DuckDB keeps a primary key in
an ART index that it updates on every insert and writes out at every commit, which cost a
national year's score import about 0.3-0.45 s of its 2.5 s (the insert, and a commit of
0.33 s instead of 0.08 s; README.md, "Performance"). Their keys are listed here instead, and
`db.write` checks them before it commits, over the fiscal years the write declared it changed
(`Db.within_years`), or the whole table where it declared none: a write that would leave two
rows with one key fails whole, with a message naming the table and the key, and the database
stays as it was. Reference tables (organisations, methodology, types, statuses, import batches,
meta) keep their PRIMARY KEY.
"""

from __future__ import annotations

from collections.abc import Iterable

from dashboard.derived import listed_years

KEYS: dict[str, tuple[str, ...]] = {
    "core.org_type_years": ("org_code", "fiscal_year"),
    "core.assessments": ("org_code", "fiscal_year"),
    "core.tool_scores_published": ("org_code", "fiscal_year", "tool"),
    "core.indicator_scores": ("org_code", "fiscal_year", "indicator"),
    "core.computed_tool_scores": ("org_code", "fiscal_year", "tool"),
    "core.computed_results": ("org_code", "fiscal_year"),
    "core.measures": ("org_code", "fiscal_year", "measure_no"),
    "core.measure_indicators": ("org_code", "fiscal_year", "measure_no", "indicator"),
    "core.measure_reports": ("org_code", "fiscal_year", "measure_no", "round"),
    "core.complaints": ("org_code", "fiscal_year", "round"),
    "core.plan_items": ("org_code", "fiscal_year", "item_no"),
}


def duplicate_sql(table: str, years: Iterable[int] | None = None) -> str:
    """A query for one key of `table` held by more than one row (no row: none is), within
    `years` (None: the whole table), written out as integers (derived.listed_years)."""
    key = ", ".join(KEYS[table])
    within = "" if years is None else f"where fiscal_year in ({listed_years(years)})"
    return (
        f"select {key}, count(*) as n from {table} {within} "
        f"group by {key} having count(*) > 1 order by {key} limit 1"
    )


def to_check(
    written: set[str], written_in_years: dict[str, set[int]], everything: bool = False
) -> dict[str, set[int] | None]:
    """table -> the years to check (None: the whole table) for a writer that changed
    `written` anywhere and `written_in_years` in some years; `everything`: every keyed table
    whole (the test suite's ITA_CHECK_DERIVED mode)."""
    if everything:
        return dict.fromkeys(KEYS)
    checks: dict[str, set[int] | None] = {}
    for table, years in written_in_years.items():
        if table in KEYS and years:
            checks[table] = set(years)
    for table in written:
        if table in KEYS:
            checks[table] = None
    return checks
