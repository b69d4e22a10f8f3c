"""The bad-input suite: files that must be rejected, each built here.

Every case asserts that the import is rejected (ImportRejected), that the problems name the row
as the user sees it (title and header rows counted: the line in a text editor, the row in Excel)
and the column by its header as written in the file, with a reason in Thai and in English, and
that nothing changed: a checksum of every table and view in the `core` and `main` schemas, the
database file's bytes, and the imported file's bytes are the same before and after.
"""

from __future__ import annotations

import io
import random
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import pytest
import support
from support import (
    REGISTRY_HEADER,
    THAI,
    build_registry_db,
    copy_db,
    sha256,
    write,
    xlsx_bytes,
)

from dashboard.ingest.framework import run_import
from dashboard.ingest.problems import ImportRejected, Problem

ENGLISH = re.compile(r"[A-Za-z]+(?: [A-Za-z]+){2,}")  # three English words in a row

# A small fictional registry (province code 99 does not exist): two organisations share the
# name โคกสาธิต in one province, in different districts.
REGISTRY = REGISTRY_HEADER + (
    "6990101,นาสาธิต,อบต.,99,สาธิตบุรี,Sathit Buri (test),เมืองสาธิต,15.5,104.5\n"
    "6990102,หนองสาธิต,อบต.,99,สาธิตบุรี,Sathit Buri (test),เมืองสาธิต,,\n"
    "6990201,โคกสาธิต,อบต.,99,สาธิตบุรี,Sathit Buri (test),ห้วยสาธิต,,\n"
    "6990301,โคกสาธิต,อบต.,99,สาธิตบุรี,Sathit Buri (test),ดอนสาธิต,,\n"
    "5990101,ท่าสาธิต,เทศบาลตำบล,99,สาธิตบุรี,Sathit Buri (test),เมืองสาธิต,,\n"
)
# Scores already stored in the base database (batch 2).
STORED_SCORES = "org_code,fiscal_year,total\n6990101,2566,90\n"


# --- helpers ----------------------------------------------------------------------------------


# The query must see the real tables, or the comparison proves nothing.
checksums = partial(
    support.checksums,
    required=(
        "core.organisations",
        "core.assessments",
        "core.import_batches",
        "main.org_year_scores",
        "main.indicator_scores",
    ),
    min_tables=25,
)


@pytest.fixture(scope="module")
def small_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database holding the small registry (batch 1) and one score (batch 2)."""
    folder = tmp_path_factory.mktemp("bad-input-base")
    path = build_registry_db(folder, REGISTRY, batch_id=None, status="imported")
    assert run_import("scores", write(folder, "stored.csv", STORED_SCORES), path).batch_id == 2
    return path


@pytest.fixture(scope="module")
def bases(small_db, request):
    """(path, sha256, checksums) of a base database, computed once: every case works on a
    byte-identical copy, so the copy's checksums before the import are these."""
    found: dict[str, tuple[Path, str, dict]] = {}

    def get(name: str) -> tuple[Path, str, dict]:
        if name not in found:
            path = small_db if name == "small" else request.getfixturevalue("demo_db")
            found[name] = (path, sha256(path), checksums(path))
        return found[name]

    return get


# --- the cases --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Expect:
    row: int | None
    column: str | None
    reason_en: str  # a part of the English reason
    value: str | None = None  # a part of the value shown, when there is one


@dataclass(frozen=True)
class Case:
    id: str
    kind: str
    name: str
    content: bytes | Callable[[], bytes]
    expect: tuple[Expect, ...]
    options: dict = field(default_factory=dict)
    base: str = "small"  # small | demo

    def data(self) -> bytes:
        return self.content() if callable(self.content) else self.content


def utf8(text: str) -> bytes:
    return text.encode("utf-8")


SCORES = "org_code,fiscal_year,total\n"
REG = "dla_code,name_th,type_th,province_th,district_th\n"


def _formula_without_value(ws) -> None:
    ws.append(["org_code", "fiscal_year", "total"])
    ws["A2"] = "6990101"
    ws["B2"] = 2566
    ws["C2"] = "=80+8.5"  # openpyxl stores the formula with no cached value


def _titled_with_bad_value(ws) -> None:
    ws["A1"] = "ผลการประเมิน ITA ปีงบประมาณ พ.ศ. 2566"
    ws.merge_cells("A1:F1")
    ws["A2"] = "จังหวัดสาธิตบุรี (ข้อมูลทดสอบ)"
    ws.merge_cells("A2:F2")
    ws.append(["ลำดับ", "รหัส อปท.", "ชื่อหน่วยงาน", "ปีงบประมาณ", "คะแนนรวม", "ระดับ"])
    ws.append([1, "6990102", "อบต.หนองสาธิต", 2566, 88.5, "ผ่าน"])
    ws.append([2, "5990101", "ทต.ท่าสาธิต", 2566, "101.5", "ผ่าน"])  # Excel row 5
    ws.append([])
    ws.append(["หมายเหตุ: ข้อมูลทดสอบ ไม่ใช่ผลการประเมินจริง"])


def _zip_that_is_not_a_workbook() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "not a workbook")
    return buffer.getvalue()


def _garbage() -> bytes:
    return b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + random.Random(7).randbytes(3000)


ALL_INDICATORS_2566 = "i1,i2,i3,i4,i5,i6,i7,i8,i9,i10"

# Files of one kind, to import as another.
MEASURES_TEMPLATE = partial(
    support.template_csv_filled,
    "measures",
    [
        {
            "รหัส อปท. (org_code)": "6990102",
            "ปีงบประมาณ (fiscal_year)": "2566",
            "ลำดับ (measure_no)": "1",
            "มาตรการ (title)": "ปรับปรุงช่องทางร้องเรียนการทุจริต",
        }
    ],
)
MEASURES_REPORT = "\n".join(
    [
        "บันทึกข้อความ",
        "ส่วนราชการ สำนักปลัด องค์การบริหารส่วนตำบลนาสาธิต อำเภอเมืองสาธิต จังหวัดสาธิตบุรี",
        "วันที่ ๒๗ เมษายน ๒๕๖๖",
        "เรื่อง รายงานผลการดำเนินการ ประจำปีงบประมาณ พ.ศ. ๒๕๖๖",
        "มาตรการ\tวิธีการดำเนินการ\tผู้รับผิดชอบ\tระยะเวลา\tผลการดำเนินการ\tข้อเสนอแนะ",
        "๑. การแก้ไขปัญหาการทุจริต\tประชาสัมพันธ์\tสำนักปลัด\tตลอดปี\tรายงานแล้ว\t",
    ]
)
COMPLAINTS = "org_code,fiscal_year,round,received,completed,in_progress\n"


def _measures_docx() -> bytes:
    from docx import Document

    document = Document()
    document.add_paragraph("บันทึกข้อความ")
    return support.docx_bytes(document)


CASES = [
    # Headers
    Case(
        "no-recognisable-header",
        "scores",
        "wrong-headers.csv",
        utf8("code number,year of assessment,score\n6990101,2566,88\n"),
        (Expect(None, None, "no header row found"),),
    ),
    Case(
        "missing-fiscal-year-column",
        "scores",
        "no-year.csv",
        utf8("org_code,total\n6990101,88\n"),
        (Expect(1, "ปีงบประมาณ (fiscal_year)", "required column is missing"),),
    ),
    Case(
        "neither-code-nor-name-column",
        "scores",
        "no-org.csv",
        utf8("fiscal_year,total\n2566,88\n"),
        (Expect(1, None, "code column (org_code) or a name column (org_name) is required"),),
    ),
    Case(
        "duplicate-column",
        "scores",
        "dup-column.csv",
        utf8("org_code,fiscal_year,total,คะแนนรวม\n6990101,2566,88,88\n"),
        (Expect(1, "คะแนนรวม", "the same column appears twice", "คะแนนรวม"),),
    ),
    Case(
        "registry-missing-code-column",
        "registry",
        "dla-no-code.csv",
        utf8("จังหวัด,อำเภอ,ตำบล,ประเภท อปท.,อปท.\nสาธิตบุรี,เมืองสาธิต,นา,อบต.,อบต.นาใหม่\n"),
        (Expect(1, "รหัส อปท. (org_code)", "required column is missing"),),
    ),
    # Numbers
    Case(
        "score-over-100",
        "scores",
        "over-100.csv",
        utf8(SCORES + "6990102,2566,100.01\n"),
        (Expect(2, "total", "between 0 and 100", "100.01"),),
    ),
    Case(
        "negative-score",
        "scores",
        "negative.csv",
        utf8("org_code,fiscal_year,i1,i2,i3\n6990102,2566,80,80,-1\n"),
        (Expect(2, "i3", "between 0 and 100", "-1"),),
    ),
    Case(
        "thai-digits-over-100",
        "scores",
        "thai-digits.csv",
        utf8(SCORES + "6990102,๒๕๖๖,๑๐๑\n"),
        (Expect(2, "total", "between 0 and 100", "101"),),
    ),
    Case(
        "text-in-number-column",
        "scores",
        "text-score.csv",
        utf8("org_code,fiscal_year,iit\n6990102,2566,ดีมาก\n"),
        (Expect(2, "iit", "not a number", "ดีมาก"),),
    ),
    Case(
        "more-than-two-decimals",
        "scores",
        "decimals.csv",
        utf8(SCORES + "6990102,2566,88.125\n"),
        (Expect(2, "total", "more than 2 decimal places", "88.125"),),
    ),
    Case(
        "semicolon-separated-text-score",
        "scores",
        "semicolons.csv",
        utf8("org_code;fiscal_year;total\n6990102;2566;abc\n"),
        (Expect(2, "total", "not a number", "abc"),),
    ),
    # Rows
    Case(
        "duplicate-rows-in-one-file",
        "scores",
        "dup-rows.csv",
        utf8(SCORES + "6990102,2566,88\n6990102,2566,89\n"),
        (Expect(3, "org_code", "the same organisation and year as row 2", "6990102"),),
    ),
    Case(
        "row-without-any-score",
        "scores",
        "no-score.csv",
        utf8("org_code,fiscal_year,total,level\n6990102,2566,,\n"),
        (Expect(2, "fiscal_year", "the row holds no score", "2566"),),
    ),
    Case(
        "every-problem-of-every-row",
        "scores",
        "many.csv",
        utf8(
            "org_code,fiscal_year,total\n"
            "6990102,2566,88\n"
            "6990102,2566,-3\n"
            "6999999,2566,70\n"
            "5990101,66,70\n"
        ),
        (
            Expect(3, "total", "between 0 and 100", "-3"),
            Expect(4, "org_code", "not in the registry", "6999999"),
            Expect(5, "fiscal_year", "fiscal year 66 has no methodology", "66"),
        ),
    ),
    Case(
        "quoted-newline-counts-lines",
        "scores",
        "multiline.csv",
        utf8(
            "org_code,fiscal_year,total,หมายเหตุ\n"
            '6990102,2566,88,"บรรทัด 1\nบรรทัด 2"\n'
            "5990101,2566,101,\n"
        ),
        (Expect(4, "total", "between 0 and 100", "101"),),
    ),
    Case(
        "title-line-above-header",
        "scores",
        "titled.csv",
        utf8("ผลการประเมิน ITA ปี 2566 (ทดสอบ)\n" + SCORES + "6990102,2566,-5\n"),
        (Expect(3, "total", "between 0 and 100", "-5"),),
    ),
    # Organisations
    Case(
        "unknown-organisation-code",
        "scores",
        "unknown-code.csv",
        utf8(SCORES + "6999999,2566,88\n"),
        (Expect(2, "org_code", "not in the registry", "6999999"),),
    ),
    Case(
        "unknown-organisation-name",
        "scores",
        "unknown-name.csv",
        utf8(
            "org_name,district,province,fiscal_year,total\n"
            "อบต.ไม่มีในทะเบียน,เมืองสาธิต,สาธิตบุรี,2566,88\n"
        ),
        (Expect(2, "org_name", "not in the registry", "อบต.ไม่มีในทะเบียน"),),
    ),
    Case(
        "ambiguous-organisation-name",
        "scores",
        "ambiguous.csv",
        utf8("org_name,province,fiscal_year,total\nอบต.โคกสาธิต,สาธิตบุรี,2566,88\n"),
        (Expect(2, "org_name", "matches several organisations", "อบต.โคกสาธิต"),),
    ),
    Case(
        "unknown-organisation-type",
        "scores",
        "unknown-type.csv",
        utf8("org_code,org_type,fiscal_year,total\n6990102,สภาตำบล,2566,88\n"),
        (Expect(2, "org_type", "unknown organisation type", "สภาตำบล"),),
    ),
    Case(
        "add-organisation-without-district",
        "scores",
        "add-incomplete.csv",
        utf8("org_name,org_type,province,fiscal_year,total\nอบต.ใหม่สาธิต,อบต.,สาธิตบุรี,2566,88\n"),
        (Expect(2, "org_name", "cannot add the organisation, missing: district"),),
        options={"add_organisations": True},
    ),
    # Years
    Case(
        "year-1999",
        "scores",
        "y1999.csv",
        utf8(SCORES + "6990102,1999,88\n"),
        (Expect(2, "fiscal_year", "fiscal year 1999 has no methodology", "1999"),),
    ),
    Case(
        "year-3000",
        "scores",
        "y3000.csv",
        utf8(SCORES + "6990102,3000,88\n"),
        (Expect(2, "fiscal_year", "fiscal year 3000 has no methodology", "3000"),),
    ),
    Case(
        "two-digit-year-66",
        "scores",
        "y66.csv",
        utf8(SCORES + "6990102,66,88\n"),
        (Expect(2, "fiscal_year", "fiscal year 66 has no methodology", "66"),),
    ),
    Case(
        "year-2571-two-after-the-last",
        "scores",
        "y2571.csv",
        utf8(SCORES + "6990102,2571,88\n"),
        (Expect(2, "fiscal_year", "fiscal year 2571 has no methodology", "2571"),),
    ),
    Case(
        "year-not-a-number",
        "scores",
        "year-text.csv",
        utf8(SCORES + "6990102,2566/67,88\n"),
        (Expect(2, "fiscal_year", "not a year", "2566/67"),),
    ),
    Case(
        "year-empty",
        "scores",
        "year-empty.csv",
        utf8(SCORES + "6990102,,88\n"),
        (Expect(2, "fiscal_year", "the fiscal year is empty"),),
    ),
    # Methodology of the year
    Case(
        "indicator-11-in-2566",
        "scores",
        "i11.csv",
        utf8("org_code,fiscal_year,i11\n6990102,2566,80\n"),
        (Expect(2, "i11", "fiscal year 2566 has no indicator 11", "80"),),
    ),
    Case(
        "indicators-in-2569",
        "scores",
        "i-2569.csv",
        utf8("org_code,fiscal_year,ตัวชี้วัดที่ 1,total\n6990102,2569,80,80\n"),
        (Expect(2, "ตัวชี้วัดที่ 1", "fiscal year 2569 has no indicator 1", "80"),),
    ),
    Case(
        "tool-score-in-2569",
        "scores",
        "iit-2569.csv",
        utf8("org_code,fiscal_year,IIT,total\n6990102,2569,80,80\n"),
        (Expect(2, "IIT", "fiscal year 2569 has no tool IIT", "80"),),
    ),
    Case(
        "unknown-level-label-2566",
        "scores",
        "level-unknown.csv",
        utf8("org_code,fiscal_year,total,level\n6990102,2566,88,ดีมาก\n"),
        (Expect(2, "level", "not a level of fiscal year 2566", "ดีมาก"),),
    ),
    Case(
        "level-of-2562-scheme-in-2566",
        "scores",
        "level-aa.csv",
        utf8("org_code,fiscal_year,total,level\n6990102,2566,96,AA\n"),
        (Expect(2, "level", "not a level of fiscal year 2566", "AA"),),
    ),
    Case(
        "level-of-2566-scheme-in-2563",
        "scores",
        "level-pass.csv",
        utf8("org_code,fiscal_year,total,level\n6990102,2563,88,ผ่านดี\n"),
        (Expect(2, "level", "not a level of fiscal year 2563", "ผ่านดี"),),
    ),
    # Values already stored
    Case(
        "conflicting-stored-score-without-replace",
        "scores",
        "conflict.csv",
        utf8(SCORES + "6990101,2566,91\n"),
        (Expect(2, "fiscal_year", "use --replace", "2566"),),
    ),
    Case(
        "conflicting-stored-registry-row-without-replace",
        "registry",
        "conflict-registry.csv",
        utf8(REG + "6990101,นาสาธิตใหม่,อบต.,สาธิตบุรี,เมืองสาธิต\n"),
        (Expect(2, "dla_code", "use --replace", "6990101"),),
    ),
    # Files that are not readable tables
    Case("empty-file", "scores", "empty.csv", b"", (Expect(None, None, "the file is empty"),)),
    Case(
        "whitespace-only-file",
        "scores",
        "blank.csv",
        b" \r\n\t \n   \n",
        (Expect(None, None, "the file is empty"),),
    ),
    Case(
        "binary-garbage-named-csv",
        "scores",
        "garbage.csv",
        _garbage,
        (Expect(None, None, "not a text file"),),
    ),
    Case(
        "control-characters",
        "scores",
        "controls.csv",
        b"org_code,fiscal_year,total\n\x1b[31m6990102\x1b[0m,2566,88\n",
        (Expect(None, None, "control characters"),),
    ),
    Case(
        "text-renamed-xlsx",
        "scores",
        "renamed.xlsx",
        utf8(SCORES + "6990102,2566,88\n"),
        (Expect(None, None, "not a valid Excel (.xlsx) workbook"),),
    ),
    Case(
        "zip-that-is-not-a-workbook",
        "scores",
        "archive.xlsx",
        _zip_that_is_not_a_workbook,
        (Expect(None, None, "cannot open the Excel file"),),
    ),
    Case(
        "old-xls",
        "scores",
        "old.xls",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504),
        (Expect(None, None, "old Excel files (.xls) are not read"),),
    ),
    Case(
        "cp874-without-declaration",
        "scores",
        "windows-874.csv",
        (
            "ชื่อหน่วยงาน,อำเภอ,จังหวัด,ปีงบประมาณ,คะแนนรวม,ระดับ\n"
            "อบต.หนองสาธิต,เมืองสาธิต,สาธิตบุรี,2566,88,ผ่านมาก\n"
            "อบต.ไม่มีในทะเบียน,เมืองสาธิต,สาธิตบุรี,2566,70,\n"
        ).encode("cp874"),
        (
            Expect(2, "ระดับ", "not a level of fiscal year 2566", "ผ่านมาก"),
            Expect(3, "ชื่อหน่วยงาน", "not in the registry", "อบต.ไม่มีในทะเบียน"),
        ),
    ),
    Case(
        "one-megabyte-cell",
        "scores",
        "huge-cell.csv",
        utf8(SCORES.replace("\n", ",หมายเหตุ\n") + "6990102,2566,88," + "x" * 1_048_576 + "\n"),
        (Expect(2, "หมายเหตุ", "more than 10,000 characters", "xxxx"),),
    ),
    Case(
        "xlsx-formula-without-cached-value",
        "scores",
        "formula.xlsx",
        lambda: xlsx_bytes(_formula_without_value),
        (Expect(2, "total", "formula without a stored value", "=80+8.5"),),
    ),
    Case(
        "xlsx-title-rows-bad-value-on-excel-row-5",
        "scores",
        "titled.xlsx",
        lambda: xlsx_bytes(_titled_with_bad_value),
        (Expect(5, "คะแนนรวม", "between 0 and 100", "101.5"),),
    ),
    # Registry files
    Case(
        "registry-unbalanced-quote",
        "registry",
        "broken-quote.csv",
        utf8(
            REG + "6990103,ดงสาธิต,อบต.,สาธิตบุรี,เมืองสาธิต\n"
            '6990104,"บึงสาธิต,อบต.,สาธิตบุรี,เมืองสาธิต\n'
            "6990105,วังสาธิต,อบต.,สาธิตบุรี,เมืองสาธิต\n"
        ),
        (Expect(3, None, "unbalanced or misplaced quote) starting at line 3"),),
    ),
    Case(
        "registry-misplaced-quote",
        "registry",
        "misplaced-quote.csv",
        utf8(
            REG + "6990103,ดงสาธิต,อบต.,สาธิตบุรี,เมืองสาธิต\n"
            "6990104,ป่าสาธิต,อบต.,สาธิตบุรี,เมืองสาธิต\n"
            '6990105,"วัง"สาธิต,อบต.,สาธิตบุรี,เมืองสาธิต\n'
        ),
        (Expect(4, None, "starting at line 4"),),
    ),
    Case(
        "registry-six-digit-code",
        "registry",
        "six-digits.csv",
        utf8(REG + "6990103,ดงสาธิต,อบต.,สาธิตบุรี,เมืองสาธิต\n699010,บึงสาธิต,อบต.,สาธิตบุรี,เมืองสาธิต\n"),
        (Expect(3, "dla_code", "must be 7 digits", "699010"),),
    ),
    Case(
        "registry-code-with-a-letter",
        "registry",
        "letter.csv",
        utf8("รหัส อปท.,อปท.,ประเภท อปท.,จังหวัด,อำเภอ\n69901O3,ดงสาธิต,อบต.,สาธิตบุรี,เมืองสาธิต\n"),
        (Expect(2, "รหัส อปท.", "must be 7 digits", "69901O3"),),
    ),
    Case(
        "registry-rows-of-one-code-disagree",
        "registry",
        "disagree.csv",
        utf8(
            REG + "6990103,ดงสาธิต,อบต.,สาธิตบุรี,เมืองสาธิต\n6990103,ดงสาธิต,เทศบาลตำบล,สาธิตบุรี,เมืองสาธิต\n"
        ),
        (Expect(3, "dla_code", "same code as row 2 with different values (type_code)", "6990103"),),
    ),
    Case(
        "registry-unknown-type",
        "registry",
        "type.csv",
        utf8(REG + "6990103,ดงสาธิต,สภาตำบล,สาธิตบุรี,เมืองสาธิต\n"),
        (Expect(2, "type_th", "unknown organisation type", "สภาตำบล"),),
    ),
    Case(
        "registry-lat-outside-thailand",
        "registry",
        "lat.csv",
        utf8(
            "dla_code,name_th,type_th,province_th,district_th,lat,lon\n"
            "6990103,ดงสาธิต,อบต.,สาธิตบุรี,เมืองสาธิต,45.1,104.2\n"
            "6990104,บึงสาธิต,อบต.,สาธิตบุรี,เมืองสาธิต,15.1,120\n"
        ),
        (
            Expect(2, "lat", "invalid coordinate (must be between 5 and 21", "45.1"),
            Expect(3, "lon", "invalid coordinate (must be between 97 and 106", "120"),
        ),
    ),
    Case(
        "registry-province-code-disagrees-with-dla-code",
        "registry",
        "province-code.csv",
        utf8(
            "dla_code,name_th,type_th,province_code,province_th,district_th\n"
            "6990103,ดงสาธิต,อบต.,98,สาธิตบุรี,เมืองสาธิต\n"
        ),
        (Expect(2, "province_code", "disagrees with the DLA code (99)", "98"),),
    ),
    Case(
        "registry-empty-name-and-district",
        "registry",
        "empty-cells.csv",
        utf8(REG + "6990103,,อบต.,สาธิตบุรี,\n"),
        (
            Expect(2, "name_th", "the name is empty"),
            Expect(2, "district_th", "the district is empty"),
        ),
    ),
    # On the demo database
    Case(
        "demo-conflicting-indicator-without-replace",
        "scores",
        "demo-conflict.csv",
        utf8("org_code,fiscal_year,i1\nDM00001,2566,50\n"),
        (Expect(2, "fiscal_year", "use --replace", "2566"),),
        base="demo",
    ),
    Case(
        "demo-ambiguous-name",
        "scores",
        "demo-ambiguous.csv",
        utf8("ชื่อหน่วยงาน,จังหวัด,ปีงบประมาณ,คะแนนรวม\nสาธิตบุรี,สาธิตบุรี,2569,90\n"),
        (Expect(2, "ชื่อหน่วยงาน", "matches several organisations", "สาธิตบุรี"),),
        base="demo",
    ),
    Case(
        "demo-unknown-code",
        "scores",
        "demo-unknown.csv",
        utf8("รหัส อปท.,ปีงบประมาณ,คะแนนรวม\nDM99999,2566,90\n"),
        (Expect(2, "รหัส อปท.", "not in the registry", "DM99999"),),
        base="demo",
    ),
]


# A file of another kind: the rejection names that kind first, in Thai and English (None: the
# file looks like no other kind, or like a kind only when its extra columns are overlooked).
WRONG_KIND = [
    ("measures-template-as-scores", "scores", "measures.csv", MEASURES_TEMPLATE, "measures"),
    ("measures-report-as-scores", "scores", "report.txt", utf8(MEASURES_REPORT), "measures"),
    ("measures-docx-as-scores", "scores", "report.docx", _measures_docx, "measures"),
    (
        "complaints-as-scores",
        "scores",
        "complaints.csv",
        utf8(COMPLAINTS + "6990102,2566,6,3,2,1\n"),
        "complaints",
    ),
    (
        "scores-as-complaints",
        "complaints",
        "scores.csv",
        utf8(SCORES + "6990102,2566,88\n"),
        "scores",
    ),
    (
        "unrelated-headers-as-scores",
        "scores",
        "unrelated.csv",
        utf8("code number,year of assessment,score\n6990101,2566,88\n"),
        None,
    ),
    (
        "complaints-with-a-bad-count-as-complaints",  # scores know every column but these four
        "complaints",
        "bad-count.csv",
        utf8(COMPLAINTS + "6990102,2566,6,สาม,2,1\n"),
        None,
    ),
]
KIND_TITLES_TH = {"scores": "ผลคะแนน ITA", "measures": "มาตรการ", "complaints": "เรื่องร้องเรียน"}
KIND_TITLES_EN = {"scores": "ITA scores", "measures": "Measures", "complaints": "Complaints"}


@pytest.mark.parametrize(
    ("kind", "name", "content", "looks_like"),
    [case[1:] for case in WRONG_KIND],
    ids=[case[0] for case in WRONG_KIND],
)
def test_a_file_of_another_kind_names_that_kind(kind, name, content, looks_like, bases, tmp_path):
    base, base_sha, before = bases("small")
    db = copy_db(base, tmp_path)
    file = write(tmp_path, name, content() if callable(content) else content)

    with pytest.raises(ImportRejected) as caught:
        run_import(kind, file, db)

    problems = caught.value.problems
    hints = [p for p in problems if "ita import" in p.reason_en or "ดูเหมือน" in p.reason_th]
    if looks_like is None:
        assert hints == [], caught.value
        assert problems  # rejected for its own problems
    else:
        assert hints == [problems[0]], caught.value
        assert problems[0] == Problem(
            name,
            None,
            None,
            None,
            f"ไฟล์นี้ดูเหมือนไฟล์ชนิด {KIND_TITLES_TH[looks_like]} ({looks_like}): "
            f"เลือกชนิดไฟล์นั้นแล้วนำเข้าใหม่ (ita import {looks_like})",
            f"this file looks like a {looks_like} file: choose the kind "
            f"{KIND_TITLES_EN[looks_like]} and import again (ita import {looks_like})",
            "error",
        )
        assert len(problems) > 1  # the file's own problems are still listed
    assert sha256(db) == base_sha
    assert checksums(db) == before


def test_the_suite_is_large_enough():
    assert len(CASES) >= 30
    assert len({case.id for case in CASES}) == len(CASES)
    assert len({case.name for case in CASES}) == len(CASES)


def _matches(problem: Problem, expect: Expect) -> bool:
    return (
        problem.severity == "error"
        and problem.row == expect.row
        and problem.column == expect.column
        and expect.reason_en in problem.reason_en
        and (expect.value is None or (problem.value is not None and expect.value in problem.value))
    )


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_file_is_rejected_and_changes_nothing(case: Case, bases, tmp_path):
    base, base_sha, before = bases(case.base)
    db = copy_db(base, tmp_path)
    assert sha256(db) == base_sha  # so `before` holds this copy's checksums
    file = tmp_path / case.name
    file.write_bytes(case.data())
    file_sha = sha256(file)

    with pytest.raises(ImportRejected) as caught:
        run_import(case.kind, file, db, **case.options)

    problems = caught.value.problems
    for expect in case.expect:
        found = [p for p in problems if _matches(p, expect)]
        assert found, f"expected {expect} among:\n{caught.value}"
    for problem in problems:
        assert problem.file == case.name
        assert THAI.search(problem.reason_th), problem
        assert ENGLISH.search(problem.reason_en), problem
        assert problem.reason_th != problem.reason_en
    # Every problem is printable on one line, bilingual, located.
    message = str(caught.value)
    assert message.count("ERROR") == len([p for p in problems if p.severity == "error"])

    assert sha256(file) == file_sha
    assert sha256(db) == base_sha
    assert checksums(db) == before
    assert not list(tmp_path.glob("*.tmp-*"))  # no temporary copy left behind


def test_cp874_messages_carry_the_thai_text_of_the_file(small_db, tmp_path):
    db = copy_db(small_db, tmp_path)
    file = tmp_path / "windows-874.csv"
    text = "รหัส อปท.,ปีงบประมาณ,ระดับ,คะแนนรวม\n6990102,2566,ผ่านมาก,88\n"
    data = text.encode("cp874")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")  # really not UTF-8: the reader must recognise Windows-874
    file.write_bytes(data)
    with pytest.raises(ImportRejected) as caught:
        run_import("scores", file, db)
    (problem,) = caught.value.problems
    assert (problem.row, problem.column, problem.value) == (2, "ระดับ", "ผ่านมาก")
    assert "ผ่านดีเยี่ยม" in problem.reason_th
    assert "ปี 2566" in problem.reason_th
    assert "ผ่านมาก" in problem.format() and "ระดับ" in problem.format()


def test_a_bad_row_does_not_also_claim_the_row_holds_no_score(small_db, tmp_path):
    db = copy_db(small_db, tmp_path)
    file = tmp_path / "bad.csv"
    file.write_text("org_code,fiscal_year,i11,total\n6990102,2566,80,101\n", encoding="utf-8")
    with pytest.raises(ImportRejected) as caught:
        run_import("scores", file, db)
    reasons = sorted((p.row, p.column, p.reason_en) for p in caught.value.problems)
    assert reasons == [
        (2, "i11", "fiscal year 2566 has no indicator 11"),
        (2, "total", "score must be between 0 and 100"),
    ]


def test_cell_problems_are_kept_when_the_header_is_wrong_too(small_db, tmp_path):
    db = copy_db(small_db, tmp_path)
    file = tmp_path / "both.csv"
    file.write_text("org_code,total\n6990102," + "9" * 20_000 + "\n", encoding="utf-8")
    with pytest.raises(ImportRejected) as caught:
        run_import("scores", file, db)
    found = {(p.row, p.column, p.reason_en.split(" (")[0]) for p in caught.value.problems}
    assert found == {
        (2, "#2", "the cell holds more than 10,000 characters"),
        (1, "ปีงบประมาณ (fiscal_year)", "a required column is missing: ปีงบประมาณ"),
    }
