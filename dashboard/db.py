"""The only module that imports duckdb: open, query, write.

Concurrency model (documented in README.md, "Concurrency"):

* **Readers** (the dashboard, `ita` commands that only read) open the file read-only, through an
  in-memory DuckDB that ATTACHes it. Any number of readers work together, across processes.
* **Writers** (`ita import`, `ita demo`, edits made in the app) never write the live file. A writer
  takes an exclusive lock on `<db>.lock` (one writer at a time), copies the database to
  `<db>.tmp-<pid>`, applies its change there in one transaction, checkpoints, and atomically
  renames the copy over the original (`os.replace`). A reader therefore sees either the old
  database or the new one, never a half-written one; a failed or interrupted write leaves the
  original untouched.
* A reader notices a new version by the file's identity (inode, mtime, size) and reopens. Readers
  attach through a fresh in-memory instance because DuckDB caches instances by path: a plain
  `duckdb.connect(path)` in a process that still holds the old file would return the old data.
* Another program holding the file read-write (e.g. the DuckDB CLI without -readonly) blocks
  writers with a clear message: close it, or open it read-only.
"""

from __future__ import annotations

import contextlib
import fcntl
import getpass
import hashlib
import os
import re
import shutil
import sys
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

from dashboard import arrow_frames, derived, paths, table_keys

if TYPE_CHECKING:  # pandas loads on first use: `ita import scores` runs without it (0.5 s)
    import numpy as np
    import pandas as pd
    import pyarrow as pa

# Rows a writer inserts or registers: a DataFrame, or columns by name, each a list of values or
# one value for every row (Columns: scanned through numpy, without loading pandas).
Columns = Mapping[str, Any]

APP_ID = "ita-dashboard"
SCHEMA_VERSION = "5"
# Versions a writer upgrades in place (2 added the derived tables of dashboard/derived.py, 3
# added core.org_order, 4 core.measure_fingerprints and core.indicator_coverage, 5 dropped the
# primary keys of the tables of dashboard/table_keys.py).
UPGRADABLE_VERSIONS = frozenset({"1", "2", "3", "4"})
_CONFIG = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}
_PARAM_RE = re.compile(r"(?<![\w$])\$([A-Za-z_]\w*)")


# --- errors ---------------------------------------------------------------------------------


class DatabaseError(Exception):
    """A database problem explained in Thai and English, with what to do about it."""

    def __init__(self, message_th: str, message_en: str, path: Path | None = None) -> None:
        self.message_th = message_th
        self.message_en = message_en
        self.path = path
        super().__init__(f"{message_th}\n{message_en}")


class DatabaseMissing(DatabaseError):
    pass


class DatabaseLocked(DatabaseError):
    pass


class ForeignDatabase(DatabaseError):
    pass


class OutdatedDatabase(ForeignDatabase):
    """Ours, from an earlier version of the program: `ita upgrade` brings it up to date."""


class UnreadableDatabase(DatabaseError):
    pass


class WriterBusy(DatabaseError):
    pass


class DuplicateKey(DatabaseError):
    """A write would leave two rows with one key of a table (dashboard/table_keys.py); it is
    not saved."""


def _classify(exc: BaseException, path: Path) -> DatabaseError:
    text = str(exc)
    if "Conflicting lock" in text or "Could not set lock" in text:
        holder = re.search(r"held in (.+?) \(PID (\d+)\)", text)
        who = f"{holder.group(1)} (PID {holder.group(2)})" if holder else "another program"
        return DatabaseLocked(
            f"ฐานข้อมูล {path} ถูกโปรแกรมอื่นเปิดเพื่อเขียนอยู่ ({who}) "
            "กรุณาปิดโปรแกรมนั้น หรือเปิดแบบอ่านอย่างเดียว แล้วลองใหม่",
            f"The database {path} is open for writing by {who}. Close that program, or open the "
            "file read-only there, then try again.",
            path,
        )
    if isinstance(exc, PermissionError) or "Permission denied" in text:
        return UnreadableDatabase(
            f"ไม่มีสิทธิ์อ่านไฟล์ฐานข้อมูล {path}",
            f"No permission to read the database file {path}.",
            path,
        )
    return UnreadableDatabase(
        f"ไฟล์ {path} ไม่ใช่ฐานข้อมูล DuckDB ที่อ่านได้ ({text.splitlines()[0][:160]})",
        f"The file {path} is not a readable DuckDB database ({text.splitlines()[0][:160]}).",
        path,
    )


# --- queries --------------------------------------------------------------------------------


@cache
def load_query(name: str) -> tuple[str, frozenset[str]]:
    """The SQL text of `queries/<name>.sql` and the names of its $parameters."""
    file = paths.QUERIES_DIR / f"{name}.sql"
    if not file.is_file():
        raise KeyError(f"no query named {name!r} in {paths.QUERIES_DIR}")
    text = file.read_text(encoding="utf-8")
    body = "\n".join(line.split("--", 1)[0] for line in text.splitlines())
    return text, frozenset(_PARAM_RE.findall(body))


def _bind(name: str, params: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
    sql, names = load_query(name)
    missing = names - params.keys()
    if missing:
        raise TypeError(f"query {name!r} needs parameters {sorted(missing)}")
    return sql, {k: params[k] for k in names}


def query_names() -> list[str]:
    return sorted(p.stem for p in paths.QUERIES_DIR.glob("*.sql"))


class Db:
    """A connection to an ITA database: read-only (attached) or inside a writer's transaction."""

    def __init__(self, con: duckdb.DuckDBPyConnection, *, attached: bool, path: Path) -> None:
        self._con = con
        self._attached = attached
        self.path = path
        # Core tables this writer changed (see derived.py): anywhere, or only in some years.
        self.written: set[str] = set()
        self.written_in_years: dict[str, set[int]] = {}
        self._years: frozenset[int] | None = None
        self.upgraded_from: str | None = None  # schema version this write upgraded

    @contextmanager
    def _cursor(self) -> Iterator[duckdb.DuckDBPyConnection]:
        if not self._attached:
            # A writer works in one transaction on its own connection.
            yield self._con
            return
        cur = self._con.cursor()
        try:
            cur.execute("use ita")
            yield cur
        finally:
            cur.close()

    def _note_statement(self, sql: str) -> None:
        """Record the core tables a writer's statement changes (a reader's only read)."""
        if not self._attached:
            self._note(derived.tables_written(sql))

    def _note(self, tables: set[str]) -> None:
        if self._years is None:
            self.written |= tables
        else:
            for table in tables:
                self.written_in_years.setdefault(table, set()).update(self._years)

    @contextmanager
    def within_years(self, years: Iterable[int]) -> Iterator[None]:
        """Declare that the statements run in the block change rows of these fiscal years only,
        so that the derived tables are refreshed for those years (and the year after, whose
        "year before" columns they feed) instead of rebuilt whole. A writer that cannot promise
        this does not use the block. (Tests run with ITA_CHECK_DERIVED=1, which verifies.)"""
        previous, self._years = self._years, frozenset(int(y) for y in years)
        try:
            yield
        finally:
            self._years = previous

    def query(self, name: str, **params: Any) -> pd.DataFrame:
        """Run `queries/<name>.sql` with named parameters and return a DataFrame."""
        sql, args = _bind(name, params)
        with self._cursor() as cur:
            return _frame(cur, sql, args)

    def query_over(self, name: str, select: str, **params: Any) -> pd.DataFrame:
        """Run `select` (SQL of the core modules) over the result of `queries/<name>.sql`,
        which it reads as the relation `result`: an aggregate of a large result without
        carrying its rows into pandas, and without writing the query's rules twice."""
        sql, args = _bind(name, params)
        with self._cursor() as cur:
            return _frame(cur, f"with result as (\n{sql}\n)\n{select}", args)

    def records(self, name: str, **params: Any) -> list[dict[str, Any]]:
        """Run `queries/<name>.sql` and return rows as dicts of the values DuckDB gives Python
        (DECIMAL as Decimal, DATE as date)."""
        sql, args = _bind(name, params)
        with self._cursor() as cur:
            return _records(cur, sql, args)

    def column_lists(self, name: str, **params: Any) -> dict[str, list]:
        """Run `queries/<name>.sql` and return its columns by name, each a list of Python
        values: a large result of numbers and booleans without building a tuple per row (a
        national measures file's 47,564 rows: about 15 ms less than `tuples`). A NULL is None;
        dates and timestamps come as numpy's conversion of them, so read numbers and booleans."""
        sql, args = _bind(name, params)
        with self._cursor() as cur:
            columns = cur.execute(sql, args).fetchnumpy()  # a column with NULLs: masked
        return {column: values.tolist() for column, values in columns.items()}

    def tuples(self, name: str, **params: Any) -> list[tuple]:
        """Run `queries/<name>.sql` and return rows as tuples, values in the order of the
        query's columns: for a large result read by position (a national year's scores:
        building dicts cost 10 ms more than the query)."""
        sql, args = _bind(name, params)
        with self._cursor() as cur:
            return _tuples(cur, sql, args)

    def rows(self, sql: str, params: Mapping[str, Any] | None = None) -> list[tuple]:
        """Run a statement written in the core modules (not user input) and fetch all rows."""
        self._note_statement(sql)
        with self._cursor() as cur:
            return cur.execute(sql, dict(params or {})).fetchall()

    def execute(self, sql: str, params: Mapping[str, Any] | None = None) -> None:
        self._note_statement(sql)
        with self._cursor() as cur:
            cur.execute(sql, dict(params or {}))

    def insert_df(self, table: str, frame: pd.DataFrame | Columns) -> int:
        """Append rows (a DataFrame, or Columns) to a core table, matching columns by name."""
        stage, count = _scannable(frame)
        if not count:
            return 0
        self._note({table.lower()})
        with self._cursor() as cur:
            cur.register("_stage", stage)
            try:
                cur.execute(f"insert into {table} by name select * from _stage")
            finally:
                cur.unregister("_stage")
        return count

    @contextmanager
    def registered(self, name: str, frame: pd.DataFrame | Columns | pa.Table) -> Iterator[None]:
        """Make rows (a DataFrame, Columns or an Arrow table) queryable as `name` for the
        statements run inside the block.

        Writers only: a reader runs every query on a cursor of its own.
        """
        if self._attached:
            raise RuntimeError("registered() is for writers")
        stage, _ = _scannable(frame)
        with self._cursor() as cur:
            cur.register(name, stage)
            try:
                yield
            finally:
                cur.unregister(name)

    def meta(self, key: str) -> str | None:
        found = self.rows("select value from core.meta where key = $key", {"key": key})
        return found[0][0] if found else None

    def set_meta(self, key: str, value: str) -> None:
        self.execute(
            "insert or replace into core.meta values ($key, $value)", {"key": key, "value": value}
        )

    def close(self) -> None:
        self._con.close()


def _frame(cur: duckdb.DuckDBPyConnection, sql: str, args: dict[str, Any]) -> pd.DataFrame:
    """The result of `sql` as the DataFrame `.df()` gives, its text kept in Arrow on the way
    (see dashboard/arrow_frames.py); a type that module does not convert goes through `.df()`."""
    table = cur.sql(sql, params=args).to_arrow_table()
    frame = arrow_frames.as_frame(table)
    return cur.from_arrow(table).df() if frame is None else frame


def _records(cur: duckdb.DuckDBPyConnection, sql: str, args: dict[str, Any]) -> list[dict]:
    """The rows of `sql` as dicts. Where pyarrow is loaded already (the app, the importers that
    use pandas) they are built by pyarrow from the Arrow result (a national registry: 35 → 20
    ms), unless the result holds a type whose Python value Arrow gives differently
    (arrow_frames.same_python_values); otherwise from DuckDB's rows: loading pyarrow costs a
    command such as `ita import scores` 0.15 s, more than it would save there."""
    if "pyarrow" in sys.modules:
        table = cur.sql(sql, params=args).to_arrow_table()
        if arrow_frames.same_python_values(table.schema):
            return table.to_pylist()
    cur.execute(sql, args)
    columns = [d[0] for d in cur.description]
    # A row is as wide as the description: no strict check (5 ms per 8,000 rows).
    return [dict(zip(columns, row)) for row in cur.fetchall()]  # noqa: B905


# Column types whose values numpy gives back, through tolist(), exactly as fetchall() does.
_NUMPY_EXACT = frozenset(
    {
        "VARCHAR",
        "BOOLEAN",
        "TINYINT",
        "SMALLINT",
        "INTEGER",
        "BIGINT",
        "UINTEGER",
        "UBIGINT",
        "DOUBLE",
    }
)


def _tuples(cur: duckdb.DuckDBPyConnection, sql: str, args: dict[str, Any]) -> list[tuple]:
    """The rows of `sql` as tuples. Where numpy is loaded already, a result of text, integers,
    booleans and doubles only is fetched as columns and zipped (a national year's stored
    scores: 8 ms less than fetchall, which builds each row in the driver); otherwise, and for
    any other type, as fetchall gives it."""
    cur.execute(sql, args)
    if "numpy" not in sys.modules or not all(str(d[1]) in _NUMPY_EXACT for d in cur.description):
        return cur.fetchall()
    columns = cur.fetchnumpy()  # a column with NULLs is masked: tolist() gives None
    return list(zip(*(values.tolist() for values in columns.values()), strict=True))


def decode_pairs(text: str | None, key: type = str) -> dict[Any, Decimal]:
    """A map written by a query as text 'key:value,...' (score_inputs.sql), values exact."""
    if not text:
        return {}
    pairs = (item.split(":", 1) for item in text.split(","))
    return {key(k): Decimal(v) for k, v in pairs}


def decode_decimal(text: str | None) -> Decimal | None:
    """A DECIMAL a query returns as text (score_inputs.sql), exact."""
    return None if text is None else Decimal(text)


def rows_as_columns(rows: Iterable[tuple], names: Sequence[str]) -> Columns:
    """Tuples (one per row, values in the order of `names`) as Columns."""
    columns = list(zip(*rows, strict=True)) or [() for _ in names]
    return {name: list(values) for name, values in zip(names, columns, strict=True)}


def arrow_table(columns: Columns) -> pa.Table:
    """Columns (lists only) as an Arrow table, for a relation that a statement reads several
    times: DuckDB converts Python objects at every scan, an Arrow table's once here (a national
    measures file compared in SQL: 200 → 90 ms). Loads pandas (pyarrow's type inference does)."""
    import pyarrow as pa

    return pa.Table.from_pydict(dict(columns))


def _scannable(rows: pd.DataFrame | Columns | pa.Table) -> tuple[Any, int]:
    """What DuckDB scans for `rows`, and how many rows there are. Columns become numpy object
    arrays (DuckDB infers each column's type from its values, as for a DataFrame's object
    columns); Decimals become text either way; an Arrow table is scanned as it is."""
    if hasattr(rows, "num_rows"):
        return rows, rows.num_rows
    if not isinstance(rows, Mapping):
        return _decimals_as_text(rows), len(rows)
    lengths = {len(v) for v in rows.values() if isinstance(v, list | tuple)}
    if len(lengths) != 1:
        raise ValueError(f"columns of different lengths or no list column: {sorted(lengths)}")
    count = lengths.pop()
    return {name: _object_array(values, count) for name, values in rows.items()}, count


def _object_array(values: Any, count: int) -> np.ndarray:
    import numpy as np

    if not isinstance(values, list | tuple):
        values = [values] * count
    elif _holds_decimals(values[:1000]):
        values = [_decimal_text(v) for v in values]
    array = np.empty(count, dtype=object)
    array[:] = values
    return array


def _decimals_as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Columns of Python Decimals as text, which the insert casts exactly to the table's
    DECIMAL type. (Scanned as objects, DuckDB infers a DECIMAL width from the first values and
    then rejects wider ones, e.g. 100.00 after 85.50.)"""
    out = frame
    for column in frame.columns:
        values = frame[column]
        if values.dtype == object and _holds_decimals(values.head(1000)):
            if out is frame:
                out = frame.copy()
            out[column] = values.map(_decimal_text)
    return out


def _holds_decimals(sample: Iterable[Any]) -> bool:
    """Whether a column holds Python Decimals, judged on a sample of its first values."""
    return any(isinstance(v, Decimal) for v in sample)


def _decimal_text(value: Any) -> str | None:
    """A Decimal as the text the insert casts exactly; None (or NaN) as NULL."""
    return None if value is None or value != value else str(value)


# --- reading --------------------------------------------------------------------------------


def file_identity(path: Path) -> tuple[int, int, int] | None:
    """(inode, mtime_ns, size) of the database file, or None when it does not exist.

    A writer replaces the file, so a new identity means a new version of the data.
    """
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_mtime_ns, st.st_size)


def _check_ours(db: Db) -> None:
    try:
        app = db.meta("app")
        version = db.meta("schema_version")
    except duckdb.CatalogException:
        app, version = None, None
    if app != APP_ID:
        raise ForeignDatabase(
            f"ไฟล์ {db.path} เป็นฐานข้อมูล DuckDB แต่ไม่ใช่ฐานข้อมูลของ ITA Dashboard "
            "กรุณาระบุไฟล์อื่นด้วย --db หรือ ITA_DB",
            f"{db.path} is a DuckDB database but not an ITA dashboard database. "
            "Point --db or ITA_DB at another file.",
            db.path,
        )
    if version in UPGRADABLE_VERSIONS:
        raise OutdatedDatabase(
            f"ฐานข้อมูล {db.path} สร้างด้วยโปรแกรมรุ่นก่อน (โครงสร้างรุ่น {version}) "
            f"กรุณาปรับรุ่นด้วยคำสั่ง `ita upgrade --db {db.path}` (ข้อมูลไม่หาย)",
            f"{db.path} was made by an earlier version of this program (schema version "
            f"{version}). Bring it up to date with `ita upgrade --db {db.path}`; no data is lost.",
            db.path,
        )
    if version != SCHEMA_VERSION:
        raise ForeignDatabase(
            f"ฐานข้อมูล {db.path} ใช้โครงสร้างรุ่น {version} แต่โปรแกรมนี้รองรับรุ่น {SCHEMA_VERSION}",
            f"{db.path} has schema version {version}; this program reads version {SCHEMA_VERSION}.",
            db.path,
        )


def _sql_string(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def open_reader(path: Path | str) -> Db:
    """Open an existing ITA database read-only. Raises DatabaseError with a clear message."""
    path = Path(path)
    if not path.exists():
        raise DatabaseMissing(
            f"ไม่พบฐานข้อมูล {path} สร้างฐานข้อมูลตัวอย่างด้วยคำสั่ง `ita demo` หรือนำเข้าข้อมูลด้วย `ita import`",
            f"No database at {path}. Build the demo with `ita demo`, or import data with "
            "`ita import`.",
            path,
        )
    if not os.access(path, os.R_OK):
        raise _classify(PermissionError(str(path)), path)
    con = duckdb.connect(config=_CONFIG)
    try:
        con.execute(f"attach {_sql_string(str(path))} as ita (read_only)")
    except duckdb.Error as exc:
        con.close()
        raise _classify(exc, path) from exc
    db = Db(con, attached=True, path=path)
    try:
        _check_ours(db)
    except DatabaseError:
        db.close()
        raise
    return db


# --- writing --------------------------------------------------------------------------------


def _read_sql(name: str) -> str:
    return (paths.DATA_DIR / name).read_text(encoding="utf-8")


def _reference_files() -> list[Path]:
    return [
        *sorted(paths.METHODOLOGY_DIR.glob("*.csv")),
        paths.DATA_DIR / "org_types.csv",
        paths.DATA_DIR / "measure_statuses.csv",
    ]


def reference_fingerprint() -> str:
    digest = hashlib.sha256()
    for file in _reference_files():
        digest.update(file.name.encode())
        digest.update(file.read_bytes())
    return digest.hexdigest()


def _load_reference(db: Db) -> None:
    """(Re)load methodology and reference lists from the CSV files in data/."""
    import pandas as pd

    read = lambda name: pd.read_csv(  # noqa: E731
        paths.DATA_DIR / name, dtype=str, keep_default_na=False, encoding="utf-8"
    )
    for table in ("method_indicators", "method_tools", "method_levels"):
        db.execute(f"delete from core.{table}")
    db.execute("delete from core.org_types")
    db.execute("delete from core.measure_statuses")

    years = read("methodology/years.csv").replace({"": None})
    # Years added by an import (a year after the last one with rules) stay until the CSV
    # gives them rules.
    with db.registered("csv_years", years[["fiscal_year"]].astype(int)):
        db.execute(
            "delete from core.method_years where fiscal_year in (select fiscal_year from csv_years)"
        )
    db.insert_df("core.method_years", years)
    db.insert_df("core.method_tools", read("methodology/tools.csv"))
    db.insert_df("core.method_indicators", read("methodology/indicators.csv"))
    db.insert_df("core.method_levels", read("methodology/levels.csv").replace({"": None}))
    types = read("org_types.csv")
    types["aliases"] = types["aliases"].str.split(";")
    db.insert_df("core.org_types", types)
    db.insert_df("core.measure_statuses", read("measure_statuses.csv"))
    db.set_meta("reference_sha256", reference_fingerprint())


def create_schema(db: Db) -> None:
    """Create tables, views and reference data in an empty database."""
    db.execute(_read_sql("schema.sql"))
    db.set_meta("app", APP_ID)
    db.set_meta("schema_version", SCHEMA_VERSION)
    db.set_meta("dataset_kind", "empty")
    db.set_meta("created_at", datetime.now(UTC).isoformat(timespec="seconds"))
    _load_reference(db)
    derived.rebuild(db)
    db.execute(_read_sql("views.sql"))


def upgrade_schema(db: Db) -> str | None:
    """Bring a database of an earlier schema version up to this one, inside the writer's
    transaction. Returns the version it had, or None when it was current."""
    version = db.meta("schema_version")
    if version == SCHEMA_VERSION:
        return None
    keyed = _drop_primary_keys_start(db)
    db.execute(_read_sql("schema.sql"))  # `if not exists`: adds what is new, keeps the rest
    _drop_primary_keys_finish(db, keyed)
    derived.rebuild(db)
    db.execute(_read_sql("views.sql"))
    db.set_meta("schema_version", SCHEMA_VERSION)
    return version


_KEYED = "__keyed"  # suffix of a table of schema 4 or earlier while it is copied


def _drop_primary_keys_start(db: Db) -> list[str]:
    """Schema 4 and earlier gave the tables of table_keys.KEYS a PRIMARY KEY, which DuckDB
    cannot drop: each such table is renamed aside, so that schema.sql creates it anew without
    one; `_drop_primary_keys_finish` copies the rows over. Returns the tables renamed."""
    keyed = [
        f"core.{name}"
        for (name,) in db.rows(
            "select table_name from duckdb_constraints() where database_name = "
            "current_database() and schema_name = 'core' and constraint_type = 'PRIMARY KEY'"
        )
        if f"core.{name}" in table_keys.KEYS
    ]
    for table in keyed:
        db.execute(f"alter table {table} rename to {table.removeprefix('core.')}{_KEYED}")
    return keyed


def _drop_primary_keys_finish(db: Db, keyed: list[str]) -> None:
    # Through the connection, not Db.execute: the rows are copied as they were (unique under
    # the key they had), and the caller rebuilds every derived table anyway.
    for table in keyed:
        db._con.execute(f"insert into {table} by name select * from {table}{_KEYED}")
        db._con.execute(f"drop table {table}{_KEYED}")


def check_keys(db: Db) -> None:
    """Raise DuplicateKey when a table of table_keys.KEYS that this writer changed holds two
    rows with one key: within the years it declared (Db.within_years), else whole; every such
    table whole under ITA_CHECK_DERIVED (the test suite)."""
    checks = table_keys.to_check(db.written, db.written_in_years, derived.check_requested())
    for table, years in checks.items():
        found = db.rows(table_keys.duplicate_sql(table, years))
        if found:
            *values, count = found[0]
            key = ", ".join(
                f"{c} = {v}" for c, v in zip(table_keys.KEYS[table], values, strict=True)
            )
            raise DuplicateKey(
                f"ไม่ได้บันทึก: ตาราง {table} จะมี {count} แถวที่คีย์เดียวกัน ({key}) ฐานข้อมูลยังเหมือนเดิม",
                f"Not saved: {table} would hold {count} rows with one key ({key}); the "
                "database is unchanged.",
                db.path,
            )


def sync_reference(db: Db) -> bool:
    """Reload methodology from data/ when the CSV files changed. Returns True if reloaded."""
    if db.meta("reference_sha256") == reference_fingerprint():
        return False
    _load_reference(db)
    db.execute(_read_sql("views.sql"))
    return True


def _acquire(lock_path: Path, wait_seconds: float, db_path: Path):
    handle = open(lock_path, "a+")  # noqa: SIM115 - held until the write ends
    deadline = time.monotonic() + wait_seconds
    while True:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            break
        except BlockingIOError:
            if time.monotonic() >= deadline:
                handle.seek(0)
                holder = handle.read().strip() or "?"
                handle.close()
                raise WriterBusy(
                    f"มีอีกคำสั่งหนึ่งกำลังเขียนฐานข้อมูล {db_path} อยู่ ({holder}) กรุณารอให้เสร็จแล้วลองใหม่",
                    f"Another command is writing {db_path} ({holder}). Wait for it to finish, "
                    "then try again.",
                    db_path,
                ) from None
            time.sleep(0.1)
    handle.seek(0)
    handle.truncate()
    handle.write(f"pid {os.getpid()} since {datetime.now(UTC).isoformat(timespec='seconds')}")
    handle.flush()
    return handle


def _check_ours_and_free(path: Path) -> None:
    """Readable, ours (of this schema version or an earlier one, which the writer upgrades in
    the same transaction as its change), and not held by another program."""
    with contextlib.suppress(OutdatedDatabase):
        open_reader(path).close()


@contextmanager
def write(path: Path | str, *, wait_seconds: float = 10.0, fresh: bool = False) -> Iterator[Db]:
    """Change the database in one transaction; the change lands whole or not at all.

    Creates the database (schema and methodology) when the file does not exist yet, or, with
    `fresh`, builds a new one that replaces the old file whole. The caller makes its changes on
    the yielded Db; an exception discards them and leaves the file as it was.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = _acquire(path.with_name(path.name + ".lock"), wait_seconds, path)
    tmp = path.with_name(f"{path.name}.tmp-{os.getpid()}")
    try:
        exists = path.exists() and not fresh
        if exists:
            _check_ours_and_free(path)
            if path.with_name(path.name + ".wal").exists():
                raise DatabaseLocked(
                    f"ฐานข้อมูล {path} มีไฟล์ .wal ค้างอยู่ (โปรแกรมอื่นเขียนค้างไว้) "
                    "กรุณาเปิดไฟล์ด้วย DuckDB แล้วปิดให้เรียบร้อยก่อน",
                    f"{path} has a pending .wal file left by another program. Open it once "
                    "with DuckDB and close it cleanly, then try again.",
                    path,
                )
            shutil.copyfile(path, tmp)
        elif tmp.exists():
            tmp.unlink()
        if fresh and path.exists():
            _check_ours_and_free(path)  # never replace a foreign file or one held by a writer
        con = duckdb.connect(str(tmp), config=_CONFIG)
        db = Db(con, attached=False, path=path)
        try:
            con.execute("begin transaction")
            if exists:
                db.upgraded_from = upgrade_schema(db)
                derived.rebuild_for_engine(db)
                if sync_reference(db):
                    from dashboard import score_store  # the rules changed: rescore everything

                    score_store.refresh(db)
            else:
                create_schema(db)
            yield db
            derived.refresh(db)
            check_keys(db)
            if derived.check_requested():
                derived.verify(db)
            con.execute("commit")
            con.execute("checkpoint")
        except BaseException:
            con.execute("rollback")
            raise
        finally:
            con.close()
        if db.upgraded_from in _UPGRADES_DROPPING_KEYS:
            _compact(tmp)
        os.replace(tmp, path)
    finally:
        for leftover in (tmp, _compacted(tmp)):
            if leftover.exists():
                leftover.unlink()
        fcntl.flock(lock, fcntl.LOCK_UN)
        lock.close()


# Versions whose upgrade drops the primary keys' indexes: DuckDB keeps the freed blocks in the
# file (a national database stays at 190 MB for 43 MB of data, and every write copies it), so
# the writer that upgrades them copies the database into a new file.
_UPGRADES_DROPPING_KEYS = frozenset({"1", "2", "3", "4"})


def _compacted(path: Path) -> Path:
    return path.with_name(path.name + ".compact")


def _compact(path: Path) -> None:
    """Replace the closed database file `path` (a writer's private copy) by a copy of its
    content alone (tables, views, macros, the batch sequence), without the free blocks."""
    target = _compacted(path)
    if target.exists():
        target.unlink()
    con = duckdb.connect(":memory:", config=_CONFIG)
    try:
        con.execute(f"attach {_sql_string(str(path))} as source (read_only)")
        con.execute(f"attach {_sql_string(str(target))} as target")
        con.execute("copy from database source to target")
    finally:
        con.close()
    os.replace(target, path)


def upgrade(path: Path | str) -> str | None:
    """Bring the database at `path` up to this program's schema version, in one write.

    Returns the version it had, or None when it was already current (nothing is written).
    """
    path = Path(path)
    try:
        open_reader(path).close()
        return None
    except OutdatedDatabase:
        pass
    with write(path) as db:
        return db.upgraded_from


def new_batch(
    db: Db,
    kind: str,
    *,
    row_count: int,
    file_name: str | None = None,
    sha256: str | None = None,
    who: str | None = None,
    note: str | None = None,
) -> int:
    """Register an import batch and return its id (every stored row references one)."""
    batch_id = db.rows("select nextval('core.batch_id_seq')")[0][0]
    db.execute(
        "insert into core.import_batches "
        "(batch_id, kind, file_name, sha256, row_count, imported_at, imported_by, note) "
        "values ($id, $kind, $file, $sha, $rows, $at, $who, $note)",
        {
            "id": batch_id,
            "kind": kind,
            "file": file_name,
            "sha": sha256,
            "rows": row_count,
            "at": datetime.now(UTC),
            "who": who or os.environ.get("USER") or getpass.getuser(),
            "note": note,
        },
    )
    return int(batch_id)
