"""Derived tables: pre-joined copies of the public views, rebuilt when their sources change.

The dashboard's queries read `core.org_year_summary` (one row per organisation-year with names,
type, tool scores, total, level and the year before), `core.indicator_summary`,
`core.measure_summary` (one row per measure with its latest progress report) and
`core.org_order` (each organisation's place in Thai dictionary order) instead of joining eight
tables or collating thousands of names on every rerun, and `core.indicator_coverage` (which
measures of a year target each indicator of an organisation); the measures importer reads
`core.measure_fingerprints` (one row per measure with hashes of its text and reports) to compare
a file with what is stored. Each is defined by a select in `data/derived/<name>.sql` and
rebuilt by `db.write` before it commits, whenever that write changed one of the tables the
definition reads: whole, or only the fiscal years a writer declared it changed
(`Db.within_years`, see `refresh`). Readers therefore never see a derived table out of step
with its sources: both land in the same file replacement.

Rebuilding from the definition (not patching rows) keeps the tables exact by construction; at
national scale (7,849 organisations x 7 years) a score import's year costs about 0.1 s for the
organisation-years and a measures import's year about 0.25 s for the measures, paid only by the
writes that touch them (see README.md, "Performance").
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from functools import cache

from dashboard import paths

# Derived table -> the core tables its definition reads.
SOURCES: dict[str, frozenset[str]] = {
    "org_year_summary": frozenset(
        {
            "core.assessments",
            "core.organisations",
            "core.org_type_years",
            "core.org_types",
            "core.method_years",
            "core.method_levels",
            "core.computed_tool_scores",
            "core.computed_results",
        }
    ),
    "indicator_summary": frozenset(
        {"core.indicator_scores", "core.organisations", "core.org_type_years"}
    ),
    "measure_summary": frozenset(
        {
            "core.measures",
            "core.measure_reports",
            "core.measure_indicators",
            "core.measure_statuses",
        }
    ),
    "org_order": frozenset({"core.organisations"}),
    "indicator_coverage": frozenset({"core.measure_indicators"}),
    "measure_fingerprints": frozenset(
        {"core.measures", "core.measure_reports", "core.measure_indicators"}
    ),
}

# Derived tables without a fiscal year: rebuilt whole whenever a source changes, also by a writer
# that declared the years it changes (organisations an import adds).
YEARLESS = frozenset({"org_order"})

# Derived tables holding values of DuckDB's hash(), which another DuckDB version may compute
# differently: rebuilt by a writer whenever the engine that last built them is not the one
# running (see rebuild_for_engine), so that stored hashes and the ones a query computes agree.
ENGINE_BOUND = frozenset({"measure_fingerprints"})
ENGINE_META = "hash_engine"

# Derived tables whose rows carry figures of the year before (a change in Y changes Y+1's row).
CARRY_YEAR_BEFORE = frozenset({"org_year_summary", "indicator_summary"})

# Statements that change a table, as the core modules write them.
_WRITE_RE = re.compile(
    r"\b(?:insert\s+(?:or\s+\w+\s+)?into|delete\s+from|update|truncate(?:\s+table)?)\s+"
    r"(core\.\w+)",
    re.IGNORECASE,
)

CHECK_ENV = "ITA_CHECK_DERIVED"


def tables_written(sql: str) -> set[str]:
    """The core tables a statement inserts into, deletes from or updates."""
    return {name.lower() for name in _WRITE_RE.findall(sql)}


@cache
def definition(name: str) -> str:
    """The select that defines derived table `name` (data/derived/<name>.sql)."""
    return (paths.DATA_DIR / "derived" / f"{name}.sql").read_text(encoding="utf-8")


def stale(written: set[str]) -> list[str]:
    """The derived tables whose sources are among the tables written."""
    return [name for name, sources in SOURCES.items() if sources & written]


def rebuild(db, names: list[str] | None = None) -> list[str]:
    """Rebuild derived tables (all by default) from their definitions; returns their names."""
    names = list(SOURCES) if names is None else names
    for name in names:
        db.execute(f"create or replace table core.{name} as\n{definition(name)}")
    if ENGINE_BOUND & set(names):
        db.set_meta(ENGINE_META, _engine(db))
    return names


def rebuild_for_engine(db) -> bool:
    """Rebuild the ENGINE_BOUND tables when the DuckDB version that built them whole (core.meta
    `hash_engine`, stamped by `rebuild`) is not the one running; returns whether it did.
    Writers call it before their change (a national database: about 0.3 s, once per DuckDB
    upgrade)."""
    if db.meta(ENGINE_META) == _engine(db):
        return False
    rebuild(db, sorted(ENGINE_BOUND))
    return True


def _engine(db) -> str:
    return db.rows("select version()")[0][0]


def rebuild_years(db, name: str, years: set[int]) -> None:
    """Replace the rows of some fiscal years of derived table `name` from its definition."""
    # Written out as integers (not a list parameter) so that DuckDB pushes the filter down
    # into the scans of the definition instead of computing it whole and joining.
    listed = listed_years(years)
    db.execute(f"delete from core.{name} where fiscal_year in ({listed})")
    db.execute(
        f"insert into core.{name} select * from (\n{narrowed(name, years)}\n) "
        f"where fiscal_year in ({listed})"
    )


# `/* refresh years: a.fiscal_year */` after a `where` in a definition: a rebuild of some
# years narrows that part to those years and the years before them (a part the outer year
# filter cannot reach: the rows a self-join reads as "the year before", a ranking over every
# year); a whole rebuild leaves it as written.
_REFRESH_YEARS = re.compile(r"/\* refresh years: ([\w.]+) \*/")


def narrowed(name: str, years: set[int]) -> str:
    """The definition of `name` for a rebuild of `years` (see _REFRESH_YEARS)."""
    wanted = listed_years(set(years) | {y - 1 for y in years})
    return _REFRESH_YEARS.sub(lambda m: f"and {m.group(1)} in ({wanted})", definition(name))


def listed_years(years: Iterable[int]) -> str:
    """Fiscal years as SQL integer literals ("2567, 2568"): a filter DuckDB pushes into scans."""
    return ", ".join(str(int(y)) for y in sorted(years))


def refresh(db) -> dict[str, list[int] | None]:
    """Bring the derived tables in step with what this writer changed: rebuild those whose
    sources it changed anywhere; refresh by year those whose sources it changed only in some
    years (see Db.within_years), with the year after where rows carry the year before.
    Returns what was refreshed: table -> years, or None for a whole rebuild."""
    done: dict[str, list[int] | None] = {}
    for name in rebuild(db, stale(db.written)):
        done[name] = None
    for name, sources in SOURCES.items():
        if name in done:
            continue
        years = set().union(*(db.written_in_years.get(t, set()) for t in sources))
        if years and name in YEARLESS:
            rebuild(db, [name])
            done[name] = None
        elif years:
            years |= {y + 1 for y in years} if name in CARRY_YEAR_BEFORE else set()
            rebuild_years(db, name, years)
            done[name] = sorted(years)
    return done


def differences(db, name: str) -> int:
    """Rows in which derived table `name` and its definition differ (0 = in step)."""
    sql = definition(name)
    return db.rows(
        f"select count(*) from ("
        f"(select * from core.{name} except all select * from ({sql})) union all "
        f"(select * from ({sql}) except all select * from core.{name}))"
    )[0][0]


def check_requested() -> bool:
    """Whether writes verify every derived table after refreshing (ITA_CHECK_DERIVED=1).

    The test suite turns it on, so that any writer whose changes the refresh misses fails.
    """
    return os.environ.get(CHECK_ENV) == "1"


def verify(db) -> None:
    """Raise if a derived table differs from its definition."""
    out_of_step = {name: n for name in SOURCES if (n := differences(db, name))}
    if out_of_step:
        raise AssertionError(f"derived tables out of step with their sources: {out_of_step}")
