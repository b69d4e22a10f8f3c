"""Median and p95 of every named query in queries/, at every scope the query takes.

Each query runs as the program runs it: the pages' queries through `Db.query` on a read-only
reader (`open_reader`), DataFrame conversion included; the queries the scoring engine and the
importers read row by row (`RECORDS`) through `Db.records`, by position (`TUPLES`) through
`Db.tuples`, or as columns (`COLUMNS`) through `Db.column_lists`; weak_points for a group as the
analysis page's group view reads it, counted per organisation in SQL (`Db.query_over` with
`gaps.GROUP_WEAK_COUNTS`; one organisation's weak points are read whole). Scopes: the whole
country, the province with the most organisations, its largest district, and one organisation.
Queries that read a relation `import_keys` are the importers' own: they run on a writer
connection (a scratch copy of the database) with a realistic `import_keys` frame registered,
as `ita import` does.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from benchmarks.national import Scope
from dashboard import db as dbmod
from dashboard import gaps

GROUP = {"province", "district", "org_type"}
# Queries the program reads with Db.records (grep 'records("' dashboard/): timed that way.
RECORDS = {
    "measure_targets",
    "stored_complaints", "registry_orgs",
    "measure_statuses", "method_indicators", "method_levels", "method_tools", "method_years",
    "org_types",
}  # fmt: skip
# ... and those they read as tuples (grep 'tuples("' dashboard/).
TUPLES = {"score_inputs", "stored_scores"}
COLUMNS = {"measure_differences"}


# The importers' queries run on a whole file (national to one organisation), but the app's
# indicator corrections name the measures of one organisation only.
WRITER_SCOPES = {"measure_targets": ("organisation",)}


def runner(db: dbmod.Db, name: str, scope_name: str) -> Callable[..., Any]:
    """How the program runs query `name` at a scope (see the module docstring)."""
    if name in TUPLES:
        return lambda **p: db.tuples(name, **p)
    if name in COLUMNS:
        return lambda **p: db.column_lists(name, **p)
    if name in RECORDS:
        return lambda **p: db.records(name, **p)
    if name == "weak_points" and scope_name != "organisation":
        return lambda **p: db.query_over(name, gaps.GROUP_WEAK_COUNTS, **p)
    return lambda **p: db.query(name, **p)


def _how(name: str) -> str:
    if name in COLUMNS:
        return "column_lists"
    return "tuples" if name in TUPLES else "records" if name in RECORDS else "query"


UNIT = {"national": "province", "province": "district", "district": "organisation"}


def time_call(
    fn: Callable[[], Any], *, min_reps: int = 5, max_reps: int = 30, budget_s: float = 1.5
) -> dict[str, Any]:
    """First (cold) call, then repeated calls: p50 and p95 in milliseconds. Repeats for
    `budget_s`, at least `min_reps` times (3 for a call slower than a second)."""
    started = time.perf_counter()
    result = fn()
    first = time.perf_counter() - started
    if first > 1.0:
        min_reps = 3
    samples: list[float] = []
    loop_start = time.perf_counter()
    while len(samples) < max_reps and (
        len(samples) < min_reps or time.perf_counter() - loop_start < budget_s
    ):
        t = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t)
    arr = np.array(samples) * 1000
    return {
        "first_ms": round(first * 1000, 1),
        "p50_ms": round(float(np.percentile(arr, 50)), 1),
        "p95_ms": round(float(np.percentile(arr, 95)), 1),
        "runs": len(samples),
        "rows": len(result) if hasattr(result, "__len__") else None,
    }


def group_params(scope_name: str, scope: Scope) -> dict[str, Any]:
    return {
        "national": {"province": None, "district": None, "org_type": None},
        "province": {"province": scope.province_code, "district": None, "org_type": None},
        "district": {
            "province": scope.province_code,
            "district": scope.district,
            "org_type": None,
        },
    }[scope_name]


def cases(name: str, params: frozenset[str], scope: Scope, batch_id: int | None) -> list:
    """(scope name, parameters) for every realistic scope of one query."""
    base: dict[str, Any] = {}
    if "year" in params:
        base["year"] = scope.year
    if "round" in params:
        base["round"] = 6
    if "batch_id" in params:
        base["batch_id"] = batch_id or 1
    if "years" in params:  # score_inputs: the years an import touched (one national year)
        base["years"] = [scope.year]
    out: list[tuple[str, dict[str, Any]]] = []
    if params & GROUP:
        for scope_name in ("national", "province", "district"):
            p = {**base, **group_params(scope_name, scope)}
            if "unit" in params:
                p["unit"] = UNIT[scope_name]
            if "org_codes" in params:
                p["org_codes"] = None
            if "org_code" in params:
                p["org_code"] = None
            out.append((scope_name, p))
        if "org_code" in params:  # weak_points: one organisation
            p = {**base, "province": None, "district": None, "org_type": None}
            out.append(("organisation", {**p, "org_code": scope.org_code}))
    elif "org_code" in params:
        out.append(("organisation", {**base, "org_code": scope.org_code}))
    elif "org_codes" in params:  # score_inputs: the organisations an import touched
        out += [
            ("national", {**base, "org_codes": None}),
            ("province", {**base, "org_codes": scope.province_orgs}),
            ("district", {**base, "org_codes": scope.district_orgs}),
            ("organisation", {**base, "org_codes": [scope.org_code]}),
        ]
    else:
        out.append(("all", base))
    unknown = params - set(out[0][1]) if out else params
    if unknown:
        raise KeyError(f"query {name}: no benchmark value for {sorted(unknown)}")
    return out


def needs_import_keys(name: str) -> bool:
    sql, _ = dbmod.load_query(name)
    body = "\n".join(line.split("--", 1)[0] for line in sql.splitlines())
    return "import_keys" in body or "import_rows" in body


def _keys(
    db: dbmod.Db, name: str, codes: list[str] | None, year: int
) -> pd.DataFrame | dbmod.Columns | pa.Table:
    """A realistic import_keys frame: what a national / provincial / district / one
    organisation's file of that kind names for `year`."""
    where = "" if codes is None else " and org_code in (select unnest($codes))"
    last = ""
    params: dict[str, Any] = {"year": year} | ({} if codes is None else {"codes": codes})
    if name == "stored_scores":
        sql = "select org_code, fiscal_year from core.assessments where fiscal_year = $year"
        columns = ["org_code", "fiscal_year"]
    elif name == "measure_targets":
        sql = (
            "select org_code, fiscal_year, measure_no from core.measures where fiscal_year = $year"
        )
        columns = ["org_code", "fiscal_year", "measure_no"]
    elif name == "measure_differences":
        # The same file again, as the importer registers it: every measure with its latest
        # report and the target indicators the file gives (compared as sets).
        sql = (
            "select m.org_code, m.fiscal_year, m.measure_no, m.title, m.method, "
            "m.responsible, m.period, m.suggestion, "
            "(select coalesce(sum(1 << t.indicator), 0) from core.measure_indicators as t "
            "where t.org_code = m.org_code and t.fiscal_year = m.fiscal_year "
            "and t.measure_no = m.measure_no)::bigint as indicator_mask, "
            "true as check_indicators, r.round, r.report_date, r.outcome, r.status_code "
            "from core.measures as m "
            "left join core.measure_reports as r using (org_code, fiscal_year, measure_no) "
            "where m.fiscal_year = $year"
        )
        last = (
            " qualify row_number() over (partition by m.org_code, m.measure_no "
            "order by r.round desc nulls last) = 1"
        )
        where = where.replace("org_code", "m.org_code")
        columns = ["org_code", "fiscal_year", "measure_no", "title", "method",
                   "responsible", "period", "suggestion", "indicator_mask", "check_indicators",
                   "round", "report_date", "outcome", "status_code"]  # fmt: skip
    elif name == "stored_complaints":
        sql = "select org_code, fiscal_year, round from core.complaints where fiscal_year = $year"
        columns = ["org_code", "fiscal_year", "round"]
    else:
        raise KeyError(name)
    rows = db.rows(sql + where + last, params)
    if name == "stored_scores":  # the score importer registers Columns (no pandas)
        return dbmod.rows_as_columns(rows, columns)
    if name == "measure_differences":  # as the measures importer registers them
        columns = {"import_row": list(range(len(rows)))} | dbmod.rows_as_columns(rows, columns)
        return dbmod.arrow_table(columns)
    return pd.DataFrame(rows, columns=columns)


class _Discard(Exception):
    """Raised to leave a writer without keeping anything."""


def run(path: Path, scope: Scope, batch_id: int | None, log=print) -> list[dict[str, Any]]:
    results: list[dict[str, Any]] = []
    names = dbmod.query_names()
    reader = dbmod.open_reader(path)
    try:
        for name in names:
            if needs_import_keys(name):
                continue
            _, params = dbmod.load_query(name)
            for scope_name, p in cases(name, params, scope, batch_id):
                run = runner(reader, name, scope_name)
                figures = time_call(lambda run=run, p=p: run(**p))
                how = _how(name)
                if name == "weak_points" and scope_name != "organisation":
                    how = "query_over (counts per organisation)"
                results.append({"query": name, "scope": scope_name, "how": how, **figures})
                log(f"  {name:<26} {scope_name:<12} p50 {figures['p50_ms']:8.1f} ms")
    finally:
        reader.close()

    writer_names = [n for n in names if needs_import_keys(n)]
    scratch = path.with_name("queries-scratch.duckdb")
    shutil.copyfile(path, scratch)
    scopes = {
        "national": None,
        "province": scope.province_orgs,
        "district": scope.district_orgs,
        "organisation": [scope.org_code],
    }
    try:
        with dbmod.write(scratch) as db:
            for name in writer_names:
                for scope_name, codes in scopes.items():
                    if scope_name not in WRITER_SCOPES.get(name, scopes):
                        continue
                    keys = _keys(db, name, codes, scope.year)
                    rows = keys["org_code"]
                    relation = "import_rows" if name == "measure_differences" else "import_keys"
                    with db.registered(relation, keys):
                        run = runner(db, name, scope_name)
                        figures = time_call(lambda run=run: run())
                    results.append(
                        {
                            "query": name,
                            "scope": scope_name,
                            "how": _how(name),
                            "note": f"writer connection, {relation} of {len(rows):,} rows",
                            **figures,
                        }
                    )
                    log(f"  {name:<26} {scope_name:<12} p50 {figures['p50_ms']:8.1f} ms")
            raise _Discard
    except _Discard:
        pass
    finally:
        scratch.unlink(missing_ok=True)
        for extra in scratch.parent.glob(scratch.name + ".*"):
            extra.unlink(missing_ok=True)
    return results
