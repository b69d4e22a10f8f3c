"""Helpers shared by the test modules: files, hashes and checksums of a database, small queries,
databases built from a registry, the bad-input check of measures and complaints, Word and Excel
files built in memory, errors and the installed script of the `ita` command, and opening the app
in an AppTest.

Plain functions; the fixtures built on them live in the test modules and in tests/conftest.py.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pytest

from dashboard import db as dbmod
from dashboard.ingest.framework import run_import
from dashboard.ingest.problems import ImportRejected

APP = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")
THAI = re.compile(r"[\u0E00-\u0E7F]")
ENGLISH_WORDS = re.compile(r"[A-Za-z]+ [A-Za-z]+")  # two English words in a row
REGISTRY_HEADER = (
    "dla_code,name_th,type_th,province_code,province_th,province_en,district_th,lat,lon\n"
)

# The error of a measures report whose memo gives neither its date nor its round (report_parser).
UNDATED_TH = (
    "บันทึกข้อความไม่ระบุวันที่ของรายงานหรือรอบรายงาน จึงไม่ทราบว่าผลการดำเนินการเป็นของรอบ 6 เดือน"
    'หรือ 12 เดือน: ให้ใส่วันที่ของรายงานในบันทึกข้อความ (เช่น "วันที่ ๒๗ เมษายน ๒๕๖๖") '
    'หรือระบุรอบ (เช่น "รอบ ๖ เดือน")'
)
UNDATED_EN = (
    "the report gives neither its date nor its round in the memo, so its outcomes cannot be "
    "assigned to the 6- or 12-month round: write the report date in the memo "
    '(such as "วันที่ ๒๗ เมษายน ๒๕๖๖") or its round (such as "รอบ ๖ เดือน")'
)


# --- files ------------------------------------------------------------------------------------


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write(folder: Path, name: str, content: str | bytes, encoding: str = "utf-8") -> Path:
    """folder/name holding `content` (text is encoded, bytes are written as they are)."""
    path = folder / name
    path.write_bytes(content.encode(encoding) if isinstance(content, str) else content)
    return path


def xlsx_bytes(build: Callable) -> bytes:
    """A workbook whose first sheet `build` fills."""
    import openpyxl

    workbook = openpyxl.Workbook()
    build(workbook.active)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def fill_row(table, row: int, values: list[str]) -> None:
    """Write `values` into the cells of one row of a Word table."""
    for col, value in enumerate(values):
        table.cell(row, col).text = value


def docx_bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def template_xlsx_filled(kind: str, rows: list[dict], headers: list[str] | None = None) -> bytes:
    """The XLSX template of `kind` with `rows` appended, each by its headers. With `headers`, the
    template's headers must be exactly these; without, every key of the rows must be one."""
    import openpyxl

    from dashboard.ingest import templates

    book = openpyxl.load_workbook(io.BytesIO(templates.template_xlsx(kind)))
    sheet = book.worksheets[0]
    found = [c.value for c in sheet[1]]
    _check_template_headers(found, rows, headers)
    for row in rows:
        sheet.append([row.get(h) for h in found])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def template_csv_filled(kind: str, rows: list[dict], headers: list[str] | None = None) -> bytes:
    """The CSV template of `kind` with `rows` written under its header (see
    template_xlsx_filled); an absent value or None is an empty cell."""
    import csv

    from dashboard.ingest import templates

    text = templates.template_csv(kind).decode("utf-8-sig")
    found = next(csv.reader(io.StringIO(text)))
    _check_template_headers(found, rows, headers)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(found)
    for row in rows:
        writer.writerow(["" if row.get(h) is None else row[h] for h in found])
    return buffer.getvalue().encode("utf-8-sig")


def _check_template_headers(found: list, rows: list[dict], headers: list[str] | None) -> None:
    if headers is not None:
        assert found == headers
    else:
        assert all(key in found for row in rows for key in row), found


# --- reading a database -----------------------------------------------------------------------


@contextmanager
def reading(path: Path) -> Iterator[dbmod.Db]:
    """A reader of the database, closed at the end of the block."""
    reader = dbmod.open_reader(path)
    try:
        yield reader
    finally:
        reader.close()


def read(path: Path, fn: Callable, *args, **kwargs):
    """fn(reader, *args, **kwargs) on a reader of the database."""
    with reading(path) as reader:
        return fn(reader, *args, **kwargs)


def query(path: Path, sql: str, params: dict | None = None) -> list[tuple]:
    with reading(path) as reader:
        return reader.rows(sql, params)


def count(path: Path, table: str) -> int:
    return query(path, f"select count(*) from {table}")[0][0]


@contextmanager
def connected(path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A plain read-only DuckDB connection (not through dashboard.db), closed at the end."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        yield con
    finally:
        con.close()


def fetch(path: Path, sql: str, params: Mapping[str, Any] | list | None = None) -> list[tuple]:
    """Every row of `sql` run on a plain connection (see `connected`)."""
    with connected(path) as con:
        return (con.execute(sql) if params is None else con.execute(sql, params)).fetchall()


def fetch_one(path: Path, sql: str, params: list | None = None):
    """The first row of `sql` (None when there is none)."""
    with connected(path) as con:
        return con.execute(sql, params or []).fetchone()


def scalar(path: Path, sql: str):
    """The first value of the first row of `sql`."""
    return fetch_one(path, sql)[0]


# --- checksums --------------------------------------------------------------------------------


def checksums(
    db_path: Path,
    *,
    main: Iterable[str] | None = None,
    base_tables_only: bool = False,
    required: Iterable[str] = (),
    min_tables: int = 0,
) -> dict[str, tuple[int, str]]:
    """Row count and md5 of the sorted rows of every table and view in core, and in main: every
    one there (`main` None), none (empty) or those named.

    `base_tables_only` leaves views out. The tables in `required` must be among those found and
    there must be at least `min_tables` of them, or the comparison proves little.
    """
    scope = "table_schema = 'core'"
    if main is None:
        scope += " or table_schema = 'main'"
    elif listed := ", ".join(f"'{name}'" for name in main):
        scope += f" or (table_schema = 'main' and table_name in ({listed}))"
    if base_tables_only:
        scope = f"({scope}) and table_type = 'BASE TABLE'"
    with reading(db_path) as reader:
        names = reader.rows(
            "select table_schema, table_name from information_schema.tables "
            f"where table_catalog = 'ita' and ({scope}) order by 1, 2"
        )
        sql = " union all ".join(
            f"select '{schema}.{table}', count(*), md5(coalesce(string_agg(t::varchar, '|' "
            f"order by t::varchar), '')) from {schema}.{table} as t"
            for schema, table in names
        )
        sums = {name: (n, digest) for name, n, digest in reader.rows(sql)}
    assert set(required) <= sums.keys()
    assert len(sums) == len(names) >= min_tables
    return sums


def without_batches(sums: dict, also: Iterable[str] = ()) -> dict:
    """The checksums without core.import_batches (and the tables in `also`): undo marks its
    batch as undone and keeps the batch's record."""
    left_out = {"core.import_batches", *also}
    return {k: v for k, v in sums.items() if k not in left_out}


# --- databases built for a test module --------------------------------------------------------


def build_registry_db(
    folder: Path, registry: str, *, batch_id: int | None = 1, status: str | None = None
) -> Path:
    """folder/base.duckdb holding `registry` (written to folder/registry.csv), its import
    checked to be batch `batch_id` and, when given, to have `status`."""
    path = folder / "base.duckdb"
    outcome = run_import("registry", write(folder, "registry.csv", registry), path)
    if batch_id is not None:
        assert outcome.batch_id == batch_id
    if status is not None:
        assert outcome.status == status
    return path


def copy_db(source: Path, folder: Path, name: str = "ita.duckdb") -> Path:
    """A copy of `source` that a test may change."""
    path = folder / name
    shutil.copy(source, path)
    return path


def live_copy(source: Path, folder: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of `source` that the app opens (ITA_DB)."""
    path = copy_db(source, folder, "live.duckdb")
    monkeypatch.setenv("ITA_DB", str(path))
    return path


# --- the bad-input suites of measures and complaints ------------------------------------------


@dataclass(frozen=True)
class Expect:
    row: int | None
    column: str | None
    reason_en: str  # a part of the English reason
    reason_th: str  # a part of the Thai reason
    value: str | None = None  # a part of the value, when there is one


@dataclass(frozen=True)
class Case:
    id: str
    name: str
    content: bytes | Callable[[], bytes]
    expect: tuple[Expect, ...]  # every error the file gives, in order

    def data(self) -> bytes:
        return self.content() if callable(self.content) else self.content


def stored_base(
    kind: str, registry_db: Path, folder: Path, stored: str, checksums: Callable[[Path], dict]
) -> tuple[Path, str, dict]:
    """(path, sha256, checksums) of a copy of `registry_db` with `stored` imported (batch 2)."""
    path = copy_db(registry_db, folder, "base.duckdb")
    outcome = run_import(kind, write(folder, "stored.csv", stored), path)
    assert (outcome.status, outcome.batch_id) == ("imported", 2)
    return path, sha256(path), checksums(path)


def assert_rejected_located_unchanged(
    kind: str,
    case: Case,
    base: tuple[Path, str, dict],
    tmp_path: Path,
    checksums: Callable[[Path], dict],
) -> None:
    """Importing the case's file into a copy of `base` (see stored_base) is rejected with exactly
    the expected errors, located, in Thai and English, and changes nothing."""
    base_path, base_sha, base_sums = base
    db_path = copy_db(base_path, tmp_path)
    file = write(tmp_path, case.name, case.data())
    file_sha = sha256(file)

    with pytest.raises(ImportRejected) as caught:
        run_import(kind, file, db_path)

    problems = [p for p in caught.value.problems if p.severity == "error"]
    assert len(problems) == len(case.expect), "\n".join(p.format() for p in problems)
    for problem, want in zip(problems, case.expect, strict=True):
        assert (problem.file, problem.row, problem.column) == (case.name, want.row, want.column)
        assert want.reason_en in problem.reason_en, problem.format()
        assert want.reason_th in problem.reason_th, problem.format()
        if want.value is not None:
            assert problem.value is not None and want.value in problem.value, problem.format()
        assert THAI.search(problem.reason_th), problem.format()
        assert ENGLISH_WORDS.search(problem.reason_en), problem.format()
    # nothing changed: the tables, the view, the database file, the imported file
    assert checksums(db_path) == base_sums
    assert sha256(db_path) == base_sha
    assert sha256(file) == file_sha


# --- errors of the ita command ----------------------------------------------------------------


def assert_bilingual_error(err: str, min_words: int) -> None:
    """A line "ข้อผิดพลาด: ..." in Thai and a line "Error: ..." of at least `min_words` English
    words."""
    lines = [line for line in err.splitlines() if line.strip()]
    th = [line for line in lines if line.startswith("ข้อผิดพลาด:")]
    en = [line for line in lines if line.startswith("Error:")]
    assert th and THAI.search(th[0].removeprefix("ข้อผิดพลาด:")), err
    assert en and en[0].isascii() and len(re.findall(r"[A-Za-z]{2,}", en[0])) >= min_words, err


def script_environment(tmp_path: Path) -> dict[str, str]:
    """The environment for the installed `ita` script: no ITA_DB, a data folder of the test's
    own."""
    env = {k: v for k, v in os.environ.items() if k != "ITA_DB"}
    env["XDG_DATA_HOME"] = str(tmp_path / "xdg")
    return env


def run_installed_ita(
    args: list[str], env: dict[str, str], cwd: Path, timeout: int = 120
) -> subprocess.CompletedProcess:
    """Run the `ita` script installed next to this Python (which must be there)."""
    script = Path(sys.executable).parent / "ita"
    assert script.is_file(), script
    return subprocess.run(
        [str(script), *args], capture_output=True, text=True, env=env, cwd=cwd, timeout=timeout
    )


# --- hand-built databases ---------------------------------------------------------------------


def insert_rows(w: dbmod.Db, batch: int, table: str, rows: list[dict], objects=()) -> None:
    """Insert `rows` into `table` as part of `batch`; the columns in `objects` keep their Python
    values (Decimal, None) instead of a type pandas infers."""
    frame = pd.DataFrame(rows)
    if objects:
        frame = frame.astype(dict.fromkeys(objects, "object"))
    w.insert_df(table, frame.assign(batch_id=batch))


# --- the app ----------------------------------------------------------------------------------


def open_app(page: str | None = None, /, *, timeout: int = 60, **params: str):
    """An AppTest of the app run with these query parameters, switched to `page` if given (and
    checked to have raised nothing there)."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(APP, default_timeout=timeout)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    if page is None:
        return at
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def upload(at, name: str, data: bytes, mime: str = "text/plain"):
    """The page after `data` is given to its file uploader as the file `name`."""
    at.file_uploader(key="import_file").set_value((name, data, mime)).run()
    assert not at.exception
    return at
