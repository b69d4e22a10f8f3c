"""A fixed workload timed when the queries start and at the end of the run: how fast this shared
machine is at that moment, so that runs can be compared. The same code and data every run;
nothing of the product is in it.

- `duckdb_ms`: an in-memory DuckDB join of two 50,000-row tables on a text key with text
  compared, much like an importer's comparison query (median of 9, milliseconds);
- `python_ms`: building 50,000 dicts of four values from tuples, as `Db.records` does (median
  of 9, milliseconds).

The queries' figures move with these: compare runs by them (benchmarks/README.md gives what
they measured when written).
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any

import duckdb

ROWS = 50_000
REPEATS = 9

_TABLE = f"""
create table t as
select
    'K' || lpad(i::varchar, 7, '0') as k,
    repeat('มาตรการส่งเสริมคุณธรรม ', 1 + i % 5) as title,
    i % 11 as n
from range({ROWS}) as r(i)
"""

_JOIN = """
select count(*) filter (where a.title = b.title and a.n = b.n)
from t as a
inner join t as b using (k)
"""


def _median_ms(fn: Callable[[], Any]) -> float:
    fn()
    samples = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - started)
    return round(statistics.median(samples) * 1000, 1)


def measure() -> dict[str, float]:
    con = duckdb.connect()
    try:
        con.execute(_TABLE)
        duckdb_ms = _median_ms(lambda: con.execute(_JOIN).fetchall())
    finally:
        con.close()
    rows = [(i, f"K{i:07d}", i % 11, None) for i in range(ROWS)]
    names = ("a", "b", "c", "d")
    python_ms = _median_ms(lambda: [dict(zip(names, row, strict=True)) for row in rows])
    return {"duckdb_ms": duckdb_ms, "python_ms": python_ms}
