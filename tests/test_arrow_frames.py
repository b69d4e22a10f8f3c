"""Query results read through Arrow (dashboard/arrow_frames.py) or numpy are what DuckDB gives:
the DataFrames of `.df()` (`Db.query`) and the Python values of `fetchall()` (`Db.records`,
`Db.tuples`), type by type, with and without NULLs and rows, and for every query of queries/ on
the demo database."""

from __future__ import annotations

from decimal import Decimal

import duckdb
import pandas as pd
import pytest
from support import reading

from dashboard import db as dbmod

# Expressions over i = 1..n; i = 1 gives NULL where the case says so.
EXPRESSIONS = {
    "boolean": "i > 1",
    "boolean with NULL": "case when i = 1 then null else i > 1 end",
    "integer": "i::integer",
    "integer with NULL": "case when i = 1 then null else i end::integer",
    "bigint with NULL": "case when i = 1 then null else i end::bigint",
    "smallint with NULL": "case when i = 1 then null else i end::smallint",
    "ubigint (hash)": "hash(i)",
    "ubigint with NULL": "case when i = 1 then null else hash(i) end",
    "count": "count(*) over ()",
    "hugeint (sum)": "sum(i) over ()",
    "hugeint with NULL": "case when i = 1 then null else sum(i) over () end",
    "double with NULL": "case when i = 1 then null else i / 3 end",
    "float": "i::float / 3",
    "decimal with NULL": "case when i = 1 then null else 1.25 end::decimal(5, 2)",
    "decimal(18, 2)": "(i * 1.5)::decimal(18, 2)",
    "date with NULL": "case when i = 1 then null else date '2024-03-30' end",
    "timestamp with NULL": "case when i = 1 then null else timestamp '2024-01-01 10:00' end",
    "timestamptz": "timestamptz '2024-01-01 10:00+00'",
    "Thai text with NULL": "case when i = 1 then null else 'ก' || i end",
    "text of NULLs only": "null::varchar",
    "list of integers": "[i, 2]",
    "list with a NULL list": "case when i = 1 then null else [i] end",
    "list of text": "['a', 'ข']",
    "interval": "interval 1 day",
    "time": "time '10:00'",
    "blob": "'a'::blob",
}


@pytest.mark.parametrize("rows", [3, 0])
@pytest.mark.parametrize("expression", list(EXPRESSIONS.values()), ids=list(EXPRESSIONS))
def test_each_type_comes_as_df_gives_it(expression, rows):
    con = duckdb.connect()
    sql = f"select {expression} as c, i from range(1, {rows + 1}) as t(i)"
    expected = con.execute(sql).df()
    got = dbmod._frame(con, sql, {})
    pd.testing.assert_frame_equal(got, expected)
    assert len(got) == rows


def _fetched(con, sql: str, args: dict) -> list[dict]:
    cur = con.execute(sql, args)
    columns = [d[0] for d in cur.description]
    return [dict(zip(columns, row, strict=True)) for row in cur.fetchall()]


def _typed(rows: list[dict]) -> list[list]:
    """Each value with its type (and a Decimal's digits: 95.00 is not 95)."""

    def one(value):
        if isinstance(value, list):
            return [one(v) for v in value]
        return (type(value).__name__, str(value) if isinstance(value, Decimal) else value)

    return [[(k, one(v)) for k, v in row.items()] for row in rows]


@pytest.mark.parametrize("rows", [3, 0])
@pytest.mark.parametrize("expression", list(EXPRESSIONS.values()), ids=list(EXPRESSIONS))
def test_each_type_comes_as_fetchall_gives_it(expression, rows):
    con = duckdb.connect()
    sql = f"select {expression} as c, i from range(1, {rows + 1}) as t(i)"
    assert _typed(dbmod._records(con, sql, {})) == _typed(_fetched(con, sql, {}))


@pytest.mark.parametrize("rows", [3, 0])
@pytest.mark.parametrize("expression", list(EXPRESSIONS.values()), ids=list(EXPRESSIONS))
def test_each_type_comes_in_tuples_as_fetchall_gives_it(expression, rows):
    """`Db.tuples` zips numpy's columns for some types: the same values and types."""
    con = duckdb.connect()
    sql = f"select {expression} as c, i, 'ข' || i as t from range(1, {rows + 1}) as t(i)"
    got = [dict(zip("cit", row, strict=True)) for row in dbmod._tuples(con, sql, {})]
    expected = [dict(zip("cit", row, strict=True)) for row in con.execute(sql).fetchall()]
    assert _typed(got) == _typed(expected)


def _demo_parameters(reader: dbmod.Db, names: frozenset[str], national: bool) -> dict:
    year = reader.rows("select max(fiscal_year) from core.assessments")[0][0]
    org, province, district = reader.rows(
        "select o.org_code, o.province_code, o.district_th from core.organisations as o "
        "join core.assessments as a using (org_code) where a.fiscal_year = $y "
        "order by o.org_code limit 1",
        {"y": year},
    )[0]
    values = {
        "year": year,
        "years": [year],
        "round": 6,
        "batch_id": 1,
        "org_code": org,
        "org_codes": None if national else [org],
        "province": None if national else province,
        "district": None if national else district,
        "org_type": None,
        "unit": "province" if national else "organisation",
    }
    return {name: values[name] for name in names}


def _reads_import_rows(name: str) -> bool:
    sql, _ = dbmod.load_query(name)
    return "import_rows" in sql or "import_keys" in sql


@pytest.mark.parametrize("national", [True, False], ids=["national", "district"])
def test_every_query_reads_as_df_and_fetchall_give_it(demo_db, national):
    names = [n for n in dbmod.query_names() if not _reads_import_rows(n)]
    compared = 0
    with reading(demo_db) as reader:
        for name in names:
            _, params = dbmod.load_query(name)
            args = _demo_parameters(reader, params, national)
            got = reader.query(name, **args)
            bound, bound_args = dbmod._bind(name, args)
            with reader._cursor() as cur:
                expected = cur.execute(bound, bound_args).df()
            pd.testing.assert_frame_equal(got, expected, obj=name)
            with reader._cursor() as cur:
                fetched = _fetched(cur, bound, bound_args)
            assert _typed(reader.records(name, **args)) == _typed(fetched), name
            as_tuples = [dict(zip(r, values, strict=True)) for r, values in zip(
                fetched, reader.tuples(name, **args), strict=True
            )]  # fmt: skip
            assert _typed(as_tuples) == _typed(fetched), name
            compared += len(expected) > 0
    assert compared >= len(names) - 3  # nearly every query returned rows to compare
