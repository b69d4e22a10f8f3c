"""Importing complaint statistics (`ita import complaints`): the template round trip, rounds as
numbers or Thai labels, an explicit zero, replace and undo, and the bad-input suite of this kind
(each case: rejected, located in Thai and English, database unchanged)."""

from __future__ import annotations

import csv
import hashlib
import io
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest

from dashboard import db as dbmod
from dashboard.ingest import templates
from dashboard.ingest.framework import run_import
from dashboard.ingest.problems import ImportRejected
from dashboard.ingest.undo import undo_batch

THAI = re.compile(r"[\u0E00-\u0E7F]")
ENGLISH = re.compile(r"[A-Za-z]+ [A-Za-z]+")  # two English words in a row

REGISTRY = (
    "dla_code,name_th,type_th,province_code,province_th,province_en,district_th,lat,lon\n"
    "6350504,กระจาย,อบต.,35,ยโสธร,Yasothon,ป่าติ้ว,15.80,104.38\n"
    "6350502,โคกนาโก,อบต.,35,ยโสธร,Yasothon,ป่าติ้ว,,\n"
    "5350501,ป่าติ้ว,เทศบาลตำบล,35,ยโสธร,Yasothon,ป่าติ้ว,,\n"
    "2350101,ยโสธร,อบจ.,35,ยโสธร,Yasothon,เมืองยโสธร,15.79,104.15\n"
)
HEADERS = templates.headers("complaints")
TH = "รหัส อปท.,ปีงบประมาณ,รอบ,เรื่องร้องเรียนทั้งหมด,ดำเนินการแล้วเสร็จ,อยู่ระหว่างดำเนินการ\n"
EN = "org_code,fiscal_year,round,received,completed,in_progress\n"


# --- helpers ----------------------------------------------------------------------------------


def checksums(db_path: Path) -> dict[str, tuple[int, str]]:
    """Row count and md5 of the sorted rows of every table in core, and of the public view
    this kind of file feeds."""
    reader = dbmod.open_reader(db_path)
    try:
        names = reader.rows(
            "select table_schema, table_name from information_schema.tables "
            "where table_catalog = 'ita' and (table_schema = 'core' "
            "or (table_schema = 'main' and table_name in ('complaints'))) order by 1, 2"
        )
        sql = " union all ".join(
            f"select '{schema}.{table}', count(*), md5(coalesce(string_agg(t::varchar, '|' "
            f"order by t::varchar), '')) from {schema}.{table} as t"
            for schema, table in names
        )
        sums = {name: (count, digest) for name, count, digest in reader.rows(sql)}
    finally:
        reader.close()
    assert {"core.complaints", "core.import_batches", "main.complaints"} <= sums.keys()
    assert len(sums) >= 20  # every core table, or the comparison proves little
    return sums


def without_batches(sums: dict) -> dict:
    """Undo marks its batch as undone and keeps the batch's record (and the warnings it was
    imported with): everything else must be as before."""
    return {
        k: v for k, v in sums.items() if k not in ("core.import_batches", "core.batch_warnings")
    }


def query(db_path: Path, sql: str) -> list[tuple]:
    reader = dbmod.open_reader(db_path)
    try:
        return reader.rows(sql)
    finally:
        reader.close()


def complaints(db_path: Path) -> list[tuple]:
    return query(
        db_path,
        "select org_code, fiscal_year, round, received, completed, in_progress "
        "from main.complaints order by 1, 2, 3",
    )


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def template_xlsx_filled(rows: list[dict]) -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(templates.template_xlsx("complaints")))
    sheet = book.worksheets[0]
    headers = [c.value for c in sheet[1]]
    assert headers == HEADERS
    for row in rows:
        sheet.append([row.get(h) for h in headers])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def template_csv_filled(rows: list[dict]) -> bytes:
    text = templates.template_csv("complaints").decode("utf-8-sig")
    headers = next(csv.reader(io.StringIO(text)))
    assert headers == HEADERS
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow(["" if row.get(h) is None else row[h] for h in headers])
    return buffer.getvalue().encode("utf-8-sig")


def xlsx_bytes(build: Callable) -> bytes:
    workbook = openpyxl.Workbook()
    build(workbook.active)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def registry_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("complaints-base")
    path = folder / "base.duckdb"
    outcome = run_import("registry", write(folder, "registry.csv", REGISTRY), path)
    assert (outcome.status, outcome.batch_id) == ("imported", 1)
    return path


@pytest.fixture
def db(registry_db: Path, tmp_path: Path) -> Path:
    path = tmp_path / "ita.duckdb"
    shutil.copy(registry_db, path)
    return path


# --- the template round trip ------------------------------------------------------------------

TEMPLATE_ROWS = [
    {
        "รหัส อปท. (org_code)": "6350504",
        "ปีงบประมาณ (fiscal_year)": 2566,
        "รอบ (round)": "รอบ ๖ เดือน",
        "เรื่องร้องเรียนทั้งหมด (received)": 5,
        "ดำเนินการแล้วเสร็จ (completed)": 3,
        "อยู่ระหว่างดำเนินการ (in_progress)": 2,
    },
    {
        "รหัส อปท. (org_code)": "6350504",
        "ปีงบประมาณ (fiscal_year)": 2566,
        "รอบ (round)": "รอบ ๑๒ เดือน",
        "เรื่องร้องเรียนทั้งหมด (received)": 9,
        "ดำเนินการแล้วเสร็จ (completed)": 9,
        "อยู่ระหว่างดำเนินการ (in_progress)": 0,
    },
    {
        # no code: the name, district and province find the organisation; no complaints in
        # the whole year is an explicit zero
        "ชื่อหน่วยงาน (org_name)": "อบต.โคกนาโก",
        "อำเภอ (district)": "ป่าติ้ว",
        "จังหวัด (province)": "ยโสธร",
        "ปีงบประมาณ (fiscal_year)": 2566,
        "รอบ (round)": 12,
        "เรื่องร้องเรียนทั้งหมด (received)": 0,
        "ดำเนินการแล้วเสร็จ (completed)": 0,
        "อยู่ระหว่างดำเนินการ (in_progress)": 0,
    },
    {
        "รหัส อปท. (org_code)": "2350101",
        "ปีงบประมาณ (fiscal_year)": "๒๕๖๗",
        "รอบ (round)": "ครึ่งปี",
        "เรื่องร้องเรียนทั้งหมด (received)": "๑๒",
        "ดำเนินการแล้วเสร็จ (completed)": 7,
        "อยู่ระหว่างดำเนินการ (in_progress)": 4,  # one neither completed nor in progress
    },
]
TEMPLATE_STORED = [
    ("2350101", 2567, 6, 12, 7, 4),
    ("6350502", 2566, 12, 0, 0, 0),
    ("6350504", 2566, 6, 5, 3, 2),
    ("6350504", 2566, 12, 9, 9, 0),
]


@pytest.mark.parametrize("form", ["xlsx", "csv"])
def test_template_round_trip(db, tmp_path, form):
    fill = template_xlsx_filled if form == "xlsx" else template_csv_filled
    file = write(tmp_path, f"complaints.{form}", fill(TEMPLATE_ROWS))
    outcome = run_import("complaints", file, db)

    assert (outcome.status, outcome.batch_id) == ("imported", 2)
    assert [c.key for c in outcome.plan.added] == [
        ("6350504", 2566, 6),
        ("6350504", 2566, 12),
        ("6350502", 2566, 12),
        ("2350101", 2567, 6),
    ]
    assert [p for p in outcome.plan.problems if p.severity == "error"] == []
    assert complaints(db) == TEMPLATE_STORED
    assert query(db, "select distinct batch_id from core.complaints") == [(2,)]
    assert query(db, "select kind, row_count from core.import_batches where batch_id = 2") == [
        ("complaints", 4)
    ]
    # the 6-month round of โคกนาโก was not reported: no row, not zeros
    assert query(
        db, "select count(*) from core.complaints where org_code = '6350502' and round = 6"
    ) == [(0,)]

    before = checksums(db)
    again = run_import("complaints", file, db)
    assert (again.status, again.batch_id, again.plan.unchanged) == ("already", None, 4)
    assert checksums(db) == before


def test_template_headers_are_bilingual():
    assert HEADERS == [
        "รหัส อปท. (org_code)",
        "ชื่อหน่วยงาน (org_name)",
        "อำเภอ (district)",
        "จังหวัด (province)",
        "ปีงบประมาณ (fiscal_year)",
        "รอบ (round)",
        "เรื่องร้องเรียนทั้งหมด (received)",
        "ดำเนินการแล้วเสร็จ (completed)",
        "อยู่ระหว่างดำเนินการ (in_progress)",
    ]
    data = templates.template_csv("complaints")
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8-sig").strip() == ",".join(HEADERS)


@pytest.mark.parametrize(
    ("header", "row", "expected"),
    [
        (EN, "6350504,2566,6,4,1,3\n", ("6350504", 2566, 6, 4, 1, 3)),
        (TH, "6350504,2566,รอบ 12 เดือน,4,4,0\n", ("6350504", 2566, 12, 4, 4, 0)),
        (TH, "6350504,๒๕๖๖,ทั้งปี,๐,๐,๐\n", ("6350504", 2566, 12, 0, 0, 0)),
        (EN, "6350504,2023,6,1,0,0\n", ("6350504", 2566, 6, 1, 0, 0)),  # CE year
    ],
    ids=["english-headers", "thai-headers-round-label", "thai-digits-whole-year", "ce-year"],
)
def test_headers_rounds_and_digits_are_read(db, tmp_path, header, row, expected):
    outcome = run_import("complaints", write(tmp_path, "c.csv", header + row), db)
    assert outcome.status == "imported"
    assert complaints(db) == [expected]


# --- replace and undo ---------------------------------------------------------------------------


def test_replace_of_changed_counts_then_undo_restores_exactly(db, tmp_path):
    run_import("complaints", write(tmp_path, "first.csv", TH + "6350504,2566,12,10,8,2\n"), db)
    before = checksums(db)
    file = write(tmp_path, "second.csv", TH + "6350504,2566,12,11,9,1\n6350502,2566,12,0,0,0\n")

    with pytest.raises(ImportRejected) as caught:
        run_import("complaints", file, db)
    (problem,) = caught.value.problems
    assert (problem.row, problem.column, problem.value) == (2, "เรื่องร้องเรียนทั้งหมด", "11")
    assert "received 10, completed 8, in_progress 2" in problem.reason_en
    assert "use --replace" in problem.reason_en and "--replace" in problem.reason_th
    assert checksums(db) == before

    outcome = run_import("complaints", file, db, replace=True)
    assert (outcome.status, outcome.batch_id) == ("imported", 3)
    (change,) = outcome.plan.changed
    assert (change.key, change.row) == (("6350504", 2566, 12), 2)
    assert change.old == "received 10, completed 8, in_progress 2"
    assert [c.key for c in outcome.plan.added] == [("6350502", 2566, 12)]
    assert complaints(db) == [("6350502", 2566, 12, 0, 0, 0), ("6350504", 2566, 12, 11, 9, 1)]
    assert query(db, "select table_name, count(*) from core.replaced_rows group by 1") == [
        ("core.complaints", 1)
    ]

    result = undo_batch(db, 3, who="test")
    assert result.removed == {"core.complaints": 2}
    assert result.restored == {"core.complaints": 1}
    assert complaints(db) == [("6350504", 2566, 12, 10, 8, 2)]
    assert without_batches(checksums(db)) == without_batches(before)
    assert query(db, "select count(*) from core.replaced_rows") == [(0,)]


# --- the bad-input suite ----------------------------------------------------------------------

T = ",".join(HEADERS) + "\n"
# Stored in the base database (batch 2).
STORED = EN + "6350504,2566,12,10,8,2\n"


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


def _negative_in_excel(ws) -> None:
    ws["A1"] = "สถิติเรื่องร้องเรียน ปีงบประมาณ 2566"
    ws.append(
        ["รหัส อปท.", "ปีงบประมาณ", "รอบ", "เรื่องร้องเรียนทั้งหมด", "ดำเนินการแล้วเสร็จ", "อยู่ระหว่างดำเนินการ"]
    )
    ws.append(["6350502", 2566, 6, 3, 3, 0])
    ws.append(["6350502", 2566, 12, 4, 5, -1])  # Excel row 4


CASES = [
    Case(
        "completed-plus-in-progress-over-received",
        "over.csv",
        (TH + "6350504,2566,6,5,4,2\n").encode(),
        (
            Expect(
                2,
                "ดำเนินการแล้วเสร็จ",
                "completed plus in progress is more than the number received",
                "มากกว่าเรื่องที่ได้รับทั้งหมด",
                "4",
            ),
        ),
    ),
    Case(
        "completed-over-received",
        "completed-over.csv",
        (T + "6350502,,,,2566,12,3,4,0\n").encode("utf-8-sig"),
        (
            Expect(
                2,
                "ดำเนินการแล้วเสร็จ (completed)",
                "more than the number received",
                "มากกว่าเรื่องที่ได้รับทั้งหมด",
                "4",
            ),
        ),
    ),
    Case(
        "negative-received",
        "negative.csv",
        (TH + "6350504,2566,6,-1,0,0\n").encode(),
        (Expect(2, "เรื่องร้องเรียนทั้งหมด", "must be >= 0", "ต้องอยู่ในช่วง", "-1"),),
    ),
    Case(
        "negative-in-progress-in-excel",
        "negative.xlsx",
        lambda: xlsx_bytes(_negative_in_excel),
        (Expect(4, "อยู่ระหว่างดำเนินการ", "must be >= 0", "ต้องอยู่ในช่วง", "-1"),),
    ),
    Case(
        "count-abc",
        "abc.csv",
        (EN + "6350504,2566,6,5,abc,0\n").encode(),
        (Expect(2, "completed", "not a whole number", "ไม่ใช่จำนวนเต็ม", "abc"),),
    ),
    Case(
        "count-with-decimals",
        "decimal.csv",
        (TH + "6350504,2566,6,2.5,1,1\n").encode(),
        (Expect(2, "เรื่องร้องเรียนทั้งหมด", "not a whole number", "ไม่ใช่จำนวนเต็ม", "2.5"),),
    ),
    Case(
        "empty-count",
        "empty.csv",
        (TH + "6350504,2566,6,,0,0\n").encode(),
        (Expect(2, "เรื่องร้องเรียนทั้งหมด", "the value is missing", "ไม่มีค่า"),),
    ),
    Case(
        "duplicate-rows",
        "duplicate.csv",
        (
            TH + "6350504,2566,6,5,4,1\n6350502,2566,6,1,1,0\n6350504,2566,รอบ ๖ เดือน,5,4,1\n"
        ).encode(),
        (
            Expect(
                4,
                "รอบ",
                "the same organisation, year and round as row 2",
                "ซ้ำกับแถว 2",
                "รอบ 6 เดือน",
            ),
        ),
    ),
    Case(
        "without-the-round-column",
        "no-round.csv",
        (
            "รหัส อปท.,ปีงบประมาณ,เรื่องร้องเรียนทั้งหมด,ดำเนินการแล้วเสร็จ,อยู่ระหว่างดำเนินการ\n"
            "6350504,2566,5,4,1\n"
        ).encode(),
        (Expect(1, "รอบ (round)", "a required column is missing", "ไม่มีคอลัมน์ที่ต้องมี"),),
    ),
    Case(
        "round-3",
        "round-3.csv",
        (TH + "6350504,2566,3,5,4,1\n").encode(),
        (Expect(2, "รอบ", "the round must be 6 or 12", "รอบต้องเป็น 6 หรือ 12", "3"),),
    ),
    Case(
        "round-label-of-3-months",
        "round-label.csv",
        (TH + "6350504,2566,รอบ ๓ เดือน,5,4,1\n").encode(),
        (Expect(2, "รอบ", "the round must be 6 or 12", "รอบต้องเป็น 6 หรือ 12", "รอบ 3 เดือน"),),
    ),
    Case(
        "unknown-organisation-code",
        "unknown.csv",
        (TH + "6359999,2566,6,5,4,1\n").encode(),
        (Expect(2, "รหัส อปท.", "not in the registry", "ไม่พบหน่วยงานนี้ในทะเบียน", "6359999"),),
    ),
    Case(
        "conflicting-values-stored-without-replace",
        "conflict.csv",
        (TH + "6350504,2566,12,10,7,2\n").encode(),
        (Expect(2, "เรื่องร้องเรียนทั้งหมด", "stored with different values", "--replace", "10"),),
    ),
]


@pytest.fixture(scope="module")
def bad_base(registry_db: Path, tmp_path_factory: pytest.TempPathFactory):
    """(path, sha256, checksums) of a database with the registry and one stored round."""
    folder = tmp_path_factory.mktemp("complaints-bad-base")
    path = folder / "base.duckdb"
    shutil.copy(registry_db, path)
    outcome = run_import("complaints", write(folder, "stored.csv", STORED), path)
    assert (outcome.status, outcome.batch_id) == ("imported", 2)
    return path, hashlib.sha256(path.read_bytes()).hexdigest(), checksums(path)


def test_the_bad_input_suite_has_its_cases():
    assert len(CASES) >= 12
    assert len({c.id for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_bad_input_is_rejected_located_and_changes_nothing(case: Case, bad_base, tmp_path):
    base, base_sha, base_sums = bad_base
    db_path = tmp_path / "ita.duckdb"
    shutil.copy(base, db_path)
    file = write(tmp_path, case.name, case.data())
    file_sha = hashlib.sha256(file.read_bytes()).hexdigest()

    with pytest.raises(ImportRejected) as caught:
        run_import("complaints", file, db_path)

    problems = [p for p in caught.value.problems if p.severity == "error"]
    assert len(problems) == len(case.expect), "\n".join(p.format() for p in problems)
    for problem, want in zip(problems, case.expect, strict=True):
        assert (problem.file, problem.row, problem.column) == (case.name, want.row, want.column)
        assert want.reason_en in problem.reason_en, problem.format()
        assert want.reason_th in problem.reason_th, problem.format()
        if want.value is not None:
            assert problem.value is not None and want.value in problem.value, problem.format()
        assert THAI.search(problem.reason_th), problem.format()
        assert ENGLISH.search(problem.reason_en), problem.format()
    # nothing changed: the tables, the view, the database file, the imported file
    assert checksums(db_path) == base_sums
    assert hashlib.sha256(db_path.read_bytes()).hexdigest() == base_sha
    assert hashlib.sha256(file.read_bytes()).hexdigest() == file_sha


def test_a_valid_file_next_to_the_bad_ones_goes_in(bad_base, tmp_path):
    """The suite's base accepts a good file: the rejections come from the cases' faults."""
    base, _, _ = bad_base
    db_path = tmp_path / "ita.duckdb"
    shutil.copy(base, db_path)
    outcome = run_import(
        "complaints", write(tmp_path, "good.csv", TH + "6350504,2566,6,5,4,1\n"), db_path
    )
    assert outcome.status == "imported"
    assert complaints(db_path) == [("6350504", 2566, 6, 5, 4, 1), ("6350504", 2566, 12, 10, 8, 2)]


def test_none_written_in_words_is_an_explicit_zero():
    from dashboard.ingest.complaints import parse_count
    from dashboard.ingest.normalise import Invalid

    assert parse_count("ไม่มีเรื่องร้องเรียน") == 0
    assert parse_count("ไม่มี") == 0
    assert parse_count("12") == 12
    with pytest.raises(Invalid):
        parse_count("บางเรื่อง")
