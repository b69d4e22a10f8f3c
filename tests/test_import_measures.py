"""Importing measures (`ita import measures`): the seed report text, a Word report built here, the
round a document names, the template round trip, replace and undo, corrections of the target
indicators, and the bad-input suite of this kind (each case: rejected, located in Thai and
English, database unchanged)."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path

import openpyxl
import pytest
import support
from docx import Document
from support import (
    REGISTRY_HEADER,
    UNDATED_EN,
    UNDATED_TH,
    Case,
    Expect,
    assert_rejected_located_unchanged,
    build_registry_db,
    copy_db,
    docx_bytes,
    fill_row,
    query,
    stored_base,
    template_csv_filled,
    template_xlsx_filled,
    write,
)

from dashboard import db as dbmod
from dashboard.ingest import templates
from dashboard.ingest.corrections import set_measure_indicators
from dashboard.ingest.framework import run_import
from dashboard.ingest.problems import ImportRejected
from dashboard.ingest.undo import undo_batch

SEED = (
    Path(__file__).resolve().parents[2] / "shared" / "reference" / "seed-measures-report-2566.txt"
)
THAI_DIGITS = re.compile("[๐-๙]")

REGISTRY = REGISTRY_HEADER + (
    "6350504,กระจาย,อบต.,35,ยโสธร,Yasothon,ป่าติ้ว,15.80,104.38\n"
    "6350502,โคกนาโก,อบต.,35,ยโสธร,Yasothon,ป่าติ้ว,,\n"
    "5350501,ป่าติ้ว,เทศบาลตำบล,35,ยโสธร,Yasothon,ป่าติ้ว,,\n"
    "2350101,ยโสธร,อบจ.,35,ยโสธร,Yasothon,เมืองยโสธร,15.79,104.15\n"
)
HEADER = "มาตรการ\tวิธีการดำเนินการ\tผู้รับผิดชอบ\tระยะเวลา\tผลการดำเนินการ\tข้อเสนอแนะ"
HEADER_CELLS = HEADER.split("\t")

# The seed's shape, its memo shortened and its table copied: used when the reference file is
# absent (and always tested), so the expectations below hold for both.
HANDMADE_SEED = "\n".join(
    [
        "บันทึกข้อความ",
        "ส่วนราชการ สำนักปลัด องค์การบริหารส่วนตำบลกระจ่าย อำเภอป่าตึง จังหวัดยโสธร",
        "ที่ ยส. ๗๑๐๐๑ / -",
        "วันที่ ๒๗ เมษายน ๒๕๖๖",
        "เรื่อง รายงานผลการดำเนินการมาตรการส่งเสริมคุณธรรมและความโปร่งใส"
        "ขององค์การบริหารส่วนตำบลกระจ่าย ประจำปีงบประมาณ พ.ศ. ๒๕๖๖",
        "ความเห็นปลัด อบต. กระจาย -เห็นควรอนุมัติ",
        "",
        HEADER,
        "๑. การแก้ไข ปัญหาการ ทุจริต\t- ประชาสัมพันธ์ ข้อมูลทางสถิติเรื่อง"
        " การร้องเรียนการ ทุจริตและประพฤติ มิชอบที่ยังไม่ได้รับ การแก้ไข"
        " พร้อมทั้ง รายงานความ คืบหน้าของการ ดำเนินงานให้ ผู้บริหาร และ"
        " บุคลากรภายใน หน่วยงานได้ รับทราบผ่าน ช่องทางต่าง ๆ"
        " อย่างต่อเนื่อง\tสำนักปลัด\tตลอด ปีงบประมาณ\t-รายงานผลเรื่องร้องเรียน"
        " ประจำปีงบประมาณ (รอบ ๖ เดือน และรอบ ๑๒ เดือน)\t",
        "๒. การชี้แจง และการตอบ คำถามของ หน่วยงาน\t- จัดทำและ เผยแพร่ช่องทาง"
        " การติดต่อสอบถาม ข้อมูล โดยมี ลักษณะเป็นการ สื่อสารสองทาง"
        " รวมทั้งจัดทำ ช่องทางที่สามารถ เชื่อมโยงไปยัง\tสำนักปลัด\tตลอด"
        " ปีงบประมาณ\t-รายงานผลการเผยแพร่ ช่องทางการติดต่อสอบถาม ข้อมูล -"
        " รายงานผลการเผยแพร่ ช่องทางร้องเรียน เจ้าหน้าที่ของหน่วยงาน -มี Chat"
        ' with องค์การ บริหารส่วนตำบลกระจ่าย" เป็นรูปแบบ Messenger\t',
        "",
        HEADER,
        "\t<p>เครือข่ายสังคมออนไลน์ เช่น Facebook Twitter Instagram เป็นต้น</p>"
        " <p>ดำเนินการเผยแพร่ช่องทางดังกล่าวในจุดที่บุคคลภายนอกสามารถสังเกตเห็นได้ง่าย"
        " เผยแพร่ช่องทาง การร้องเรียนเจ้าหน้าที่ของหน่วยงาน ผ่านช่องทางออนไลน์"
        " โดยจัดให้มีมาตรการคุ้มครองและปกปิดข้อมูลผู้แจ้งเบาะแส"
        " และเผยแพร่ช่องทางดังกล่าวในจุดที่บุคคลภายนอกสามารถสังเกตเห็นได้ง่าย"
        " เช่น บริเวณจุดให้บริการหรือจุดประชาสัมพันธ์ของหน่วยงาน เป็นต้น</p>\t\t\t"
        "<p>Live Chat หน้าเว็บไซต์ องค์การบริหารส่วนตำบล กิระจาย (http://krajai.go.th/)</p> \t",
        "<p>๓. การเปิดโอกาสให้เกิดการมีส่วนร่วม</p>\t<p>- แสดง"
        " การดำเนินการหรือกิจกรรมที่แสดงถึงการเปิดโอกาสให้บุคคลภายนอก"
        "ได้มีส่วนร่วมในการดำเนินงานตามภารกิจของ</p>\t<p>อบต.กระจ่าย</p>\t"
        "<p>ตลอดปีงบประมาณ</p>\t<p>-รายงานผลการดำเนินการหรือกิจกรรมที่บุคคลภายนอก"
        "มีส่วนร่วมในการดำเนินงานตามภารกิจของอบต.</p> <p>-โครงการจัดเวทีประชาคม"
        "เพื่อจัดทำและทบทวนแผนพัฒนาท้องถิ่น เพื่อเกิดกระบวนการมีส่วนร่วมของ</p>\t",
        "",
        HEADER,
        "\tหน่วยงาน และเป็น การดำเนินการใน ปีงบประมาณ\t\t\t<p>ประชาชนในการจัดทำและ"
        " ทบทวนแผนพัฒนาท้องถิ่นและ รับทราบถึงปัญหา และความ เตือร้อนของประชาชนใน"
        " พื้นที่</p> \t",
    ]
)

# What the seed holds, written out by hand from the document: fragments of a cell (and of a
# measure continued on the next page) joined with single spaces, Thai digits as Arabic ones.
SEED_MEASURES = [
    {
        "measure_no": 1,
        "title": "การแก้ไข ปัญหาการ ทุจริต",
        "method": "- ประชาสัมพันธ์ ข้อมูลทางสถิติเรื่อง การร้องเรียนการ ทุจริตและประพฤติ"
        " มิชอบที่ยังไม่ได้รับ การแก้ไข พร้อมทั้ง รายงานความ คืบหน้าของการ ดำเนินงานให้"
        " ผู้บริหาร และ บุคลากรภายใน หน่วยงานได้ รับทราบผ่าน ช่องทางต่าง ๆ อย่างต่อเนื่อง",
        "responsible": "สำนักปลัด",
        "period": "ตลอด ปีงบประมาณ",
        "outcome": "-รายงานผลเรื่องร้องเรียน ประจำปีงบประมาณ (รอบ 6 เดือน และรอบ 12 เดือน)",
        "suggestion": None,
        "indicators": [5],
    },
    {
        "measure_no": 2,
        "title": "การชี้แจง และการตอบ คำถามของ หน่วยงาน",
        "method": "- จัดทำและ เผยแพร่ช่องทาง การติดต่อสอบถาม ข้อมูล โดยมี ลักษณะเป็นการ"
        " สื่อสารสองทาง รวมทั้งจัดทำ ช่องทางที่สามารถ เชื่อมโยงไปยัง"
        " เครือข่ายสังคมออนไลน์ เช่น Facebook Twitter Instagram เป็นต้น"
        " ดำเนินการเผยแพร่ช่องทางดังกล่าวในจุดที่บุคคลภายนอกสามารถสังเกตเห็นได้ง่าย"
        " เผยแพร่ช่องทาง การร้องเรียนเจ้าหน้าที่ของหน่วยงาน ผ่านช่องทางออนไลน์"
        " โดยจัดให้มีมาตรการคุ้มครองและปกปิดข้อมูลผู้แจ้งเบาะแส"
        " และเผยแพร่ช่องทางดังกล่าวในจุดที่บุคคลภายนอกสามารถสังเกตเห็นได้ง่าย"
        " เช่น บริเวณจุดให้บริการหรือจุดประชาสัมพันธ์ของหน่วยงาน เป็นต้น",
        "responsible": "สำนักปลัด",
        "period": "ตลอด ปีงบประมาณ",
        "outcome": "-รายงานผลการเผยแพร่ ช่องทางการติดต่อสอบถาม ข้อมูล - รายงานผลการเผยแพร่"
        " ช่องทางร้องเรียน เจ้าหน้าที่ของหน่วยงาน -มี Chat with องค์การ"
        ' บริหารส่วนตำบลกระจ่าย" เป็นรูปแบบ Messenger'
        " Live Chat หน้าเว็บไซต์ องค์การบริหารส่วนตำบล กิระจาย (http://krajai.go.th/)",
        "suggestion": None,
        "indicators": [7],
    },
    {
        "measure_no": 3,
        "title": "การเปิดโอกาสให้เกิดการมีส่วนร่วม",
        "method": "- แสดง การดำเนินการหรือกิจกรรมที่แสดงถึงการเปิดโอกาสให้บุคคลภายนอก"
        "ได้มีส่วนร่วมในการดำเนินงานตามภารกิจของ หน่วยงาน และเป็น การดำเนินการใน ปีงบประมาณ",
        "responsible": "อบต.กระจ่าย",
        "period": "ตลอดปีงบประมาณ",
        "outcome": "-รายงานผลการดำเนินการหรือกิจกรรมที่บุคคลภายนอกมีส่วนร่วม"
        "ในการดำเนินงานตามภารกิจของอบต. -โครงการจัดเวทีประชาคมเพื่อจัดทำและทบทวน"
        "แผนพัฒนาท้องถิ่น เพื่อเกิดกระบวนการมีส่วนร่วมของ ประชาชนในการจัดทำและ"
        " ทบทวนแผนพัฒนาท้องถิ่นและ รับทราบถึงปัญหา และความ เตือร้อนของประชาชนใน พื้นที่",
        "suggestion": None,
        "indicators": [8],
    },
]
MEASURE_COLUMNS = "measure_no, title, method, responsible, period, outcome, suggestion, indicators"


def seed_sources() -> list[tuple[str, str]]:
    """(name, text): the hand-made seed always, the reference file when it is there."""
    sources = [("handmade", HANDMADE_SEED)]
    if SEED.exists():
        sources.append(("reference", SEED.read_text(encoding="utf-8")))
    return sources


def seed_text() -> str:
    return SEED.read_text(encoding="utf-8") if SEED.exists() else HANDMADE_SEED


# --- helpers ----------------------------------------------------------------------------------


checksums = partial(
    support.checksums,
    main=("measures",),  # the public view this kind of file feeds
    required=(
        "core.measures",
        "core.measure_indicators",
        "core.measure_reports",
        "core.import_batches",
        "main.measures",
    ),
    min_tables=20,  # every core table, or the comparison proves little
)
# Undo also keeps the warnings the batch was imported with.
without_batches = partial(support.without_batches, also=("core.batch_warnings",))


def stored_measures(db_path: Path, org: str = "6350504", year: int = 2566) -> list[dict]:
    rows = query(
        db_path,
        f"select {MEASURE_COLUMNS} from main.measures "
        "where org_code = $org and fiscal_year = $year order by measure_no",
        {"org": org, "year": year},
    )
    keys = [k.strip() for k in MEASURE_COLUMNS.split(",")]
    found = [dict(zip(keys, row, strict=True)) for row in rows]
    for measure in found:
        measure["indicators"] = list(measure["indicators"])
    return found


def batch_count(db_path: Path) -> int:
    return query(db_path, "select count(*) from core.import_batches")[0][0]


@pytest.fixture(scope="module")
def registry_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database holding the small registry only (batch 1)."""
    folder = tmp_path_factory.mktemp("measures-base")
    return build_registry_db(folder, REGISTRY, status="imported")


@pytest.fixture
def db(registry_db: Path, tmp_path: Path) -> Path:
    return copy_db(registry_db, tmp_path)


# --- the seed (form c) ------------------------------------------------------------------------


@pytest.mark.parametrize(("source", "text"), seed_sources(), ids=[n for n, _ in seed_sources()])
def test_seed_imports_as_three_measures_of_krajai(db, tmp_path, source, text):
    file = write(tmp_path, "seed-measures-report-2566.txt", text)
    outcome = run_import("measures", file, db)

    assert (outcome.status, outcome.batch_id) == ("imported", 2)
    plan = outcome.plan
    assert [c.key for c in plan.added] == [("6350504", 2566, n) for n in (1, 2, 3)]
    assert plan.changed == [] and plan.unchanged == 0
    # the memo spells the organisation กระจ่าย in อำเภอป่าตึง: a match to confirm
    (match,) = plan.matches
    assert "กระจ่าย" in match and "6350504 กระจาย" in match and "ป่าติ้ว" in match
    assert [p.severity for p in plan.problems] == ["warning"]
    assert [(p["measure_no"], p["indicators"], p["inferred_from"]) for p in plan.preview] == [
        (1, [5], "title"),
        (2, [7], "title"),
        (3, [8], "title"),
    ]

    assert stored_measures(db) == SEED_MEASURES
    assert query(
        db,
        "select measure_no, indicator from core.measure_indicators order by 1, 2",
    ) == [(1, 5), (2, 7), (3, 8)]
    # dated 27 April 2566, before 1 July of fiscal year 2566: the 6-month round; the report has
    # no status column, so an outcome at 6 months means in progress
    assert query(
        db,
        "select measure_no, round, report_date, status_code, batch_id "
        "from core.measure_reports order by 1",
    ) == [(n, 6, date(2023, 4, 27), "in_progress", 2) for n in (1, 2, 3)]
    assert query(db, "select distinct source from core.measures") == [
        ("seed-measures-report-2566.txt",)
    ]
    assert query(db, "select kind, row_count from core.import_batches where batch_id = 2") == [
        ("measures", 3)
    ]
    # Thai digits normalised: none left in any stored text
    texts = query(
        db,
        "select title, method, responsible, period, suggestion from core.measures "
        "union all select outcome, status_code, null, null, null from core.measure_reports",
    )
    assert len(texts) == 6
    joined = " ".join(v for row in texts for v in row if v)
    assert THAI_DIGITS.search(text)  # the source has them
    assert not THAI_DIGITS.search(joined)
    assert "รอบ 6 เดือน และรอบ 12 เดือน" in joined


def test_seed_imported_twice_changes_nothing(db, tmp_path):
    file = write(tmp_path, "seed.txt", seed_text())
    assert run_import("measures", file, db).batch_id == 2
    before = checksums(db)

    again = run_import("measures", file, db)

    assert again.status == "already"
    assert again.batch_id is None
    assert again.same_file_batch == 2
    assert (len(again.plan.added), len(again.plan.changed), again.plan.unchanged) == (0, 0, 3)
    assert checksums(db) == before
    assert batch_count(db) == 2


def rejected(db: Path, file: Path) -> list:
    """Every problem (errors and warnings) of an import that must be rejected; nothing stored."""
    before = checksums(db)
    with pytest.raises(ImportRejected) as caught:
        run_import("measures", file, db)
    assert checksums(db) == before
    return caught.value.problems


def test_seed_with_a_repeated_number_reports_it_once(db, tmp_path):
    """The seed with its second measure numbered ๑ as well: one problem at that line, in the
    มาตรการ column, naming the first line; the importer does not report it again."""
    lines = seed_text().split("\n")
    first = next(i for i, line in enumerate(lines) if line.startswith("๑. "))
    second = next(i for i, line in enumerate(lines) if line.startswith("๒. "))
    lines[second] = "๑. " + lines[second].removeprefix("๒. ")
    file = write(tmp_path, "seed-repeated.txt", "\n".join(lines))

    problems = rejected(db, file)

    errors = [p for p in problems if p.severity == "error"]
    assert len(errors) == 1, [p.format() for p in problems]
    (error,) = errors
    assert (error.file, error.row, error.column, error.value) == (
        "seed-repeated.txt",
        second + 1,
        "มาตรการ",
        "1",
    )
    assert error.reason_th == f"ลำดับมาตรการ 1 ซ้ำ (มีแล้วที่แถว {first + 1})"
    assert error.reason_en == f"measure number 1 is repeated (first at row {first + 1})"
    assert [p for p in problems if p.row == second + 1] == [error]


def test_seed_without_its_table_says_so(db, tmp_path):
    """The seed's memo alone, without the measures table: one problem, saying that the report
    holds no measures table, in Thai and English, naming the file (not the template's "no
    header row")."""
    lines = seed_text().split("\n")
    header = next(i for i, line in enumerate(lines) if line.startswith(HEADER_CELLS[0] + "\t"))
    file = write(tmp_path, "seed-memo-only.txt", "\n".join(lines[:header]))

    problems = rejected(db, file)

    assert len(problems) == 1, [p.format() for p in problems]
    (problem,) = problems
    assert (problem.file, problem.row, problem.column, problem.severity) == (
        "seed-memo-only.txt",
        None,
        None,
        "error",
    )
    assert problem.reason_th.startswith("ไม่พบตารางมาตรการในรายงาน seed-memo-only.txt")
    assert problem.reason_en.startswith("no measures table found in the report seed-memo-only.txt")
    for header_cell in HEADER_CELLS:  # what the missing table's header holds, in both languages
        assert header_cell in problem.reason_th and header_cell in problem.reason_en


# --- a Word report (form b) -------------------------------------------------------------------


def build_docx(date_line: str = "วันที่ ๑๕ กันยายน ๒๕๖๖", subject_extra: str = "") -> bytes:
    document = Document()
    document.add_paragraph("บันทึกข้อความ")
    document.add_paragraph("ส่วนราชการ สำนักปลัด องค์การบริหารส่วนตำบลกระจาย อำเภอป่าติ้ว จังหวัดยโสธร")
    document.add_paragraph("ที่ ยส ๗๑๐๐๑/๒๓๔")
    document.add_paragraph(date_line)
    document.add_paragraph(
        "เรื่อง รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส "
        "ประจำปีงบประมาณ พ.ศ. ๒๕๖๖" + subject_extra
    )
    first = document.add_table(rows=3, cols=6)
    fill_row(first, 0, HEADER_CELLS)
    fill_row(
        first,
        1,
        ["๑. การแก้ไข ปัญหาการ ทุจริต", "ประชาสัมพันธ์ช่องทาง\nร้องเรียน", "", "ตลอดปี",
         "รายงานผล ๒ ครั้ง", ""],
    )  # fmt: skip
    fill_row(
        first,
        2,
        ["๒. การชี้แจง และการตอบ คำถาม", "จัดทำช่องทาง ติดต่อสอบถาม", "", "ต.ค. ๖๕ - ก.ย. ๖๖",
         "มีช่องทาง", ""],
    )  # fmt: skip
    # one responsible unit for measures 1 and 2: a vertically merged cell
    first.cell(1, 2).merge(first.cell(2, 2)).text = "สำนักปลัด"
    document.add_page_break()
    second = document.add_table(rows=4, cols=6)
    fill_row(second, 0, HEADER_CELLS)
    # measure 2 continued at the top of the next page: the first cell is empty
    fill_row(second, 1, ["", "ผ่าน Facebook", "", "", "และ Line ๑ กลุ่ม", "ควรทำต่อ"])
    fill_row(
        second,
        2,
        ["๓. การเปิดโอกาสให้เกิดการมีส่วนร่วม", "จัดเวทีประชาคม", "กองช่าง", "ไตรมาส ๒", "", ""],
    )
    # outcome and suggestion of measure 3 in one cell: a horizontally merged cell
    second.cell(2, 4).merge(second.cell(2, 5)).text = "จัดเวทีแล้ว ๓ ครั้ง"
    # a measure with no outcome yet
    fill_row(second, 3, ["๔. การเปิดเผยข้อมูลสาธารณะ", "ปรับปรุงเว็บไซต์", "สำนักปลัด", "ก.ย. ๖๖", "", ""])
    return docx_bytes(document)


def test_docx_report_split_over_two_tables_imports_joined(db, tmp_path):
    file = write(tmp_path, "report-2566.docx", build_docx())
    outcome = run_import("measures", file, db)

    assert (outcome.status, outcome.batch_id) == ("imported", 2)
    assert outcome.plan.matches == []  # the memo spells the organisation as registered
    assert outcome.plan.problems == []
    assert stored_measures(db) == [
        {
            "measure_no": 1,
            "title": "การแก้ไข ปัญหาการ ทุจริต",
            "method": "ประชาสัมพันธ์ช่องทาง ร้องเรียน",
            "responsible": "สำนักปลัด",
            "period": "ตลอดปี",
            "outcome": "รายงานผล 2 ครั้ง",
            "suggestion": None,
            "indicators": [5],
        },
        {
            "measure_no": 2,
            "title": "การชี้แจง และการตอบ คำถาม",
            "method": "จัดทำช่องทาง ติดต่อสอบถาม ผ่าน Facebook",
            "responsible": "สำนักปลัด",  # the lower half of the merged cell
            "period": "ต.ค. 65 - ก.ย. 66",
            "outcome": "มีช่องทาง และ Line 1 กลุ่ม",
            "suggestion": "ควรทำต่อ",
            "indicators": [7],
        },
        {
            "measure_no": 3,
            "title": "การเปิดโอกาสให้เกิดการมีส่วนร่วม",
            "method": "จัดเวทีประชาคม",
            "responsible": "กองช่าง",
            "period": "ไตรมาส 2",
            "outcome": "จัดเวทีแล้ว 3 ครั้ง",
            "suggestion": None,
            "indicators": [8],
        },
        {
            "measure_no": 4,
            "title": "การเปิดเผยข้อมูลสาธารณะ",
            "method": "ปรับปรุงเว็บไซต์",
            "responsible": "สำนักปลัด",
            "period": "ก.ย. 66",
            "outcome": None,
            "suggestion": None,
            "indicators": [9],
        },
    ]
    # dated 15 September 2566, after 1 July: the 12-month round; an outcome at 12 months is
    # done, no outcome is not started
    assert query(
        db,
        "select measure_no, round, report_date, status_code from core.measure_reports order by 1",
    ) == [
        (1, 12, date(2023, 9, 15), "done"),
        (2, 12, date(2023, 9, 15), "done"),
        (3, 12, date(2023, 9, 15), "done"),
        (4, 12, date(2023, 9, 15), "not_started"),
    ]
    assert query(db, "select measure_no, status, status_en from main.measures order by 1") == [
        (1, "done", "Done"),
        (2, "done", "Done"),
        (3, "done", "Done"),
        (4, "not_started", "Not started"),
    ]


def test_docx_imported_twice_changes_nothing(db, tmp_path):
    file = write(tmp_path, "report.docx", build_docx())
    assert run_import("measures", file, db).status == "imported"
    before = checksums(db)
    assert run_import("measures", file, db).status == "already"
    assert checksums(db) == before


# --- the round ---------------------------------------------------------------------------------


def report_text(date_line: str, subject_extra: str = "") -> str:
    return "\n".join(
        [
            "บันทึกข้อความ",
            "ส่วนราชการ สำนักปลัด องค์การบริหารส่วนตำบลกระจาย อำเภอป่าติ้ว จังหวัดยโสธร",
            date_line,
            "เรื่อง รายงานผลการดำเนินการ ประจำปีงบประมาณ พ.ศ. ๒๕๖๖" + subject_extra,
            HEADER,
            "๑. การแก้ไขปัญหาการทุจริต\tประชาสัมพันธ์\tสำนักปลัด\tตลอดปี\tรายงานแล้ว\t",
            "๒. การเปิดเผยข้อมูลสาธารณะ\tปรับปรุงเว็บไซต์\tสำนักปลัด\tตลอดปี\t\t",
        ]
    )


@pytest.mark.parametrize(
    ("date_line", "subject_extra", "expected_round", "expected_date", "statuses"),
    [
        # the document names its round: its word wins over the date (after 1 July)
        ("วันที่ ๑๕ กันยายน ๒๕๖๖", " รอบ ๖ เดือน", 6, date(2023, 9, 15), ["in_progress", "not_started"]),
        ("วันที่ ๒๗ เมษายน ๒๕๖๖", " (รอบ ๑๒ เดือน)", 12, date(2023, 4, 27), ["done", "not_started"]),
        # no round named: the date decides (1 July 2566 BE = 2023 is the first 12-month day)
        ("วันที่ ๓๐ มิถุนายน ๒๕๖๖", "", 6, date(2023, 6, 30), ["in_progress", "not_started"]),
        ("วันที่ ๑ กรกฎาคม ๒๕๖๖", "", 12, date(2023, 7, 1), ["done", "not_started"]),
    ],
    ids=["named-6-dated-late", "named-12-dated-early", "30-june", "1-july"],
)  # fmt: skip
def test_round_named_by_the_document_else_from_the_date(
    db, tmp_path, date_line, subject_extra, expected_round, expected_date, statuses
):
    file = write(tmp_path, "report.txt", report_text(date_line, subject_extra))
    assert run_import("measures", file, db).status == "imported"
    assert query(
        db,
        "select measure_no, round, report_date, status_code from core.measure_reports order by 1",
    ) == [
        (1, expected_round, expected_date, statuses[0]),
        (2, expected_round, expected_date, statuses[1]),
    ]


def test_docx_naming_its_round_wins_over_a_late_date(db, tmp_path):
    data = build_docx("วันที่ ๒๐ กันยายน ๒๕๖๖", " รอบ ๖ เดือน")
    assert run_import("measures", write(tmp_path, "r6.docx", data), db).status == "imported"
    assert query(db, "select distinct round, report_date from core.measure_reports") == [
        (6, date(2023, 9, 20))
    ]
    assert query(db, "select measure_no, status_code from core.measure_reports order by 1") == [
        (1, "in_progress"),
        (2, "in_progress"),
        (3, "in_progress"),
        (4, "not_started"),
    ]


# A report whose memo gives neither its date nor its round: one problem of the memo, not one per
# measure with an outcome, and no warning about the missing date beside it.
NO_DATE_LINE = "ที่ ยส ๗๑๐๐๑/๒๓๔"


def undated_text(outcome: str = "รายงานแล้ว") -> str:
    """report_text without a date, its table ten measures long, each with `outcome`."""
    lines = report_text(NO_DATE_LINE).split("\n")[:5]  # the memo (lines 1-4) and the header
    titles = [
        "การแก้ไขปัญหาการทุจริต",
        "การชี้แจงและการตอบคำถาม",
        "การเปิดโอกาสให้เกิดการมีส่วนร่วม",
        "การเปิดเผยข้อมูลสาธารณะ",
        "การป้องกันการรับสินบน",
        "การส่งเสริมความโปร่งใสในการจัดซื้อจัดจ้าง",
        "การบริหารงานบุคคล",
        "การใช้ทรัพย์สินของราชการ",
        "การใช้งบประมาณ",
        "การปรับปรุงการปฏิบัติงาน",
    ]
    for number, title in enumerate(titles, start=1):
        lines.append(f"{number}. {title}\tวิธี\tสำนักปลัด\tตลอดปี\t{outcome}\t")
    return "\n".join(lines)


@pytest.mark.parametrize("form", ["text", "docx"])
def test_report_without_date_or_round_is_one_error_at_the_memo(db, tmp_path, form):
    if form == "text":
        file = write(tmp_path, "undated.txt", undated_text())
        first_row = 6  # memo lines 1-4, the header on line 5
    else:
        file = write(tmp_path, "undated.docx", build_docx(date_line=""))
        first_row = 2  # the memo's paragraphs have no row: the first measure's table row

    problems = rejected(db, file)

    assert len(problems) == 1, [p.format() for p in problems]
    (problem,) = problems
    assert (problem.file, problem.row, problem.column, problem.value, problem.severity) == (
        file.name,
        first_row,
        None,
        None,
        "error",
    )
    assert problem.reason_th == UNDATED_TH
    assert problem.reason_en == UNDATED_EN


def test_report_with_an_impossible_date_and_no_round_is_one_error(db, tmp_path):
    file = write(tmp_path, "feb31.txt", undated_text().replace(NO_DATE_LINE, "วันที่ ๓๑ ก.พ. ๒๕๖๖"))

    problems = rejected(db, file)

    assert len(problems) == 1, [p.format() for p in problems]
    (problem,) = problems
    assert (problem.row, problem.column, problem.value, problem.severity) == (
        6,
        None,
        "31 ก.พ. 2566",
        "error",
    )
    assert problem.reason_en.startswith("the report date does not exist (31 ก.พ. 2566)")
    assert problem.reason_th.startswith("วันที่ของรายงานไม่มีอยู่จริง (31 ก.พ. 2566)")


@pytest.mark.parametrize("form", ["text", "docx"])
def test_plan_without_date_or_outcomes_imports(db, tmp_path, form):
    """A report of the plan only (no outcome, no status) needs no round: it goes in, with the
    warning that the memo has no date."""
    if form == "text":
        file = write(tmp_path, "plan.txt", undated_text(outcome=""))
        count = 10
    else:
        document = Document()
        for line in [m for m in MEMO if not m.startswith("วันที่")]:
            document.add_paragraph(line)
        table = document.add_table(rows=3, cols=6)
        fill_row(table, 0, HEADER_CELLS)
        fill_row(table, 1, ["๑. การแก้ไขปัญหาการทุจริต", "ประชาสัมพันธ์", "สำนักปลัด", "ตลอดปี", "", ""])
        fill_row(table, 2, ["๒. การชี้แจงและการตอบคำถาม", "จัดทำช่องทาง", "สำนักปลัด", "ตลอดปี", "", ""])
        file = write(tmp_path, "plan.docx", docx_bytes(document))
        count = 2

    outcome = run_import("measures", file, db)

    assert (outcome.status, outcome.batch_id) == ("imported", 2)
    assert [c.key for c in outcome.plan.added] == [
        ("6350504", 2566, n) for n in range(1, count + 1)
    ]
    (warning,) = outcome.plan.problems
    assert (warning.severity, warning.file, warning.row, warning.column) == (
        "warning",
        file.name,
        None,
        None,
    )
    assert warning.reason_en.startswith("no report date")
    assert len(stored_measures(db)) == count
    assert query(db, "select count(*) from core.measure_reports") == [(0,)]


def test_template_rows_without_round_or_date_are_each_reported(db, tmp_path):
    """The template gives each row its own round and date: a problem at each row lacking both."""
    file = write(
        tmp_path,
        "no-rounds.csv",
        TH + "6350504,2566,1,การชี้แจง,ทำแล้ว,7,,,\n6350504,2566,2,การเปิดโอกาส,ทำแล้ว,8,,,\n",
    )

    problems = rejected(db, file)

    assert [(p.row, p.column, p.severity) for p in problems] == [
        (2, "รอบ", "error"),
        (3, "รอบ", "error"),
    ]
    for problem in problems:
        assert problem.reason_en == (
            "an outcome or status needs a report round (6 or 12) or a report date"
        )
        assert problem.reason_th.startswith("มีผลการดำเนินการหรือสถานะ แต่ไม่มีรอบรายงาน")


# --- the template (form a) --------------------------------------------------------------------

TEMPLATE_ROWS = [
    {
        "รหัส อปท. (org_code)": "6350504",
        "ปีงบประมาณ (fiscal_year)": "2567",
        "ลำดับ (measure_no)": "1",
        "มาตรการ (title)": "ปรับปรุงช่องทางร้องเรียนการทุจริต",
        "วิธีการดำเนินการ (method)": "ติดป้าย QR code ที่จุดบริการ",
        "ผู้รับผิดชอบ (responsible)": "สำนักปลัด",
        "ระยะเวลา (period)": "ต.ค. 2566 - ก.ย. 2567",
        "ผลการดำเนินการ (outcome)": "ติดแล้ว 12 จุด",
        "ข้อเสนอแนะ (suggestion)": "ขยายไปทุกหมู่บ้าน",
        "ตัวชี้วัด (indicators)": "5;7",
        "สถานะ (status)": "Done",
        "รอบ (round)": "12",
        "วันที่รายงาน (report_date)": "30/09/2567",
    },
    {
        # no code: the name, district and province find the organisation
        "ชื่อหน่วยงาน (org_name)": "อบต.โคกนาโก",
        "อำเภอ (district)": "ป่าติ้ว",
        "จังหวัด (province)": "ยโสธร",
        "ปีงบประมาณ (fiscal_year)": "2567",
        "ลำดับ (measure_no)": "2",
        "มาตรการ (title)": "การเปิดโอกาสให้เกิดการมีส่วนร่วม",  # indicators empty: inferred
        "ผลการดำเนินการ (outcome)": "จัดประชาคมแล้ว",
        "สถานะ (status)": "กำลังดำเนินการ",
        "รอบ (round)": "รอบ ๖ เดือน",
        "วันที่รายงาน (report_date)": "27 เมษายน 2567",
    },
    {
        "รหัส อปท. (org_code)": "2350101",
        "ปีงบประมาณ (fiscal_year)": "2567",
        "ลำดับ (measure_no)": "1",
        "มาตรการ (title)": "โครงการพิเศษประจำปี",  # the title names nothing: from the method
        "วิธีการดำเนินการ (method)": "จัดเวทีประชาคมหมู่บ้าน",
        "ตัวชี้วัด (indicators)": "",
        "สถานะ (status)": "not_started",
        "วันที่รายงาน (report_date)": "2024-05-02",  # no round: before 1 July 2024 → 6
    },
    {
        "รหัส อปท. (org_code)": "2350101",
        "ปีงบประมาณ (fiscal_year)": "2567",
        "ลำดับ (measure_no)": "2",
        "มาตรการ (title)": "อบรมพนักงานใหม่",  # a plan only: no report, no inferred target
    },
]
TEMPLATE_MEASURES = [
    ("2350101", 1, "โครงการพิเศษประจำปี", "จัดเวทีประชาคมหมู่บ้าน", None, None, None, None,
     "not_started", 6, date(2024, 5, 2), [8]),
    ("2350101", 2, "อบรมพนักงานใหม่", None, None, None, None, None, None, None, None, []),
    ("6350502", 2, "การเปิดโอกาสให้เกิดการมีส่วนร่วม", None, None, None, "จัดประชาคมแล้ว", None,
     "in_progress", 6, date(2024, 4, 27), [8]),
    ("6350504", 1, "ปรับปรุงช่องทางร้องเรียนการทุจริต", "ติดป้าย QR code ที่จุดบริการ", "สำนักปลัด",
     "ต.ค. 2566 - ก.ย. 2567", "ติดแล้ว 12 จุด", "ขยายไปทุกหมู่บ้าน", "done", 12, date(2024, 9, 30),
     [5, 7]),
]  # fmt: skip


def stored_2567_measures(db) -> list[tuple]:
    """The measures of 2567 as the view shows them, indicators as a list, in key order."""
    rows = query(
        db,
        "select org_code, measure_no, title, method, responsible, period, outcome, suggestion, "
        "status, report_round, report_date, indicators from main.measures "
        "where fiscal_year = 2567 order by 1, 2",
    )
    return [(*r[:-1], list(r[-1])) for r in rows]


@pytest.mark.parametrize("form", ["xlsx", "csv"])
def test_template_round_trip(db, tmp_path, form):
    fill = template_xlsx_filled if form == "xlsx" else template_csv_filled
    file = write(tmp_path, f"measures.{form}", fill("measures", TEMPLATE_ROWS))
    outcome = run_import("measures", file, db)
    assert (outcome.status, len(outcome.plan.added)) == ("imported", 4)
    assert [p for p in outcome.plan.problems if p.severity == "error"] == []

    assert stored_2567_measures(db) == TEMPLATE_MEASURES
    assert query(
        db,
        "select org_code, measure_no, indicator from core.measure_indicators order by 1, 2, 3",
    ) == [("2350101", 1, 8), ("6350502", 2, 8), ("6350504", 1, 5), ("6350504", 1, 7)]
    # a measure without an outcome, status or date has no progress report
    assert query(db, "select count(*) from core.measure_reports") == [(3,)]
    # the same file again adds nothing
    before = checksums(db)
    assert run_import("measures", file, db).status == "already"
    assert checksums(db) == before


def test_template_has_bilingual_headers_in_both_forms():
    expected = [
        "รหัส อปท. (org_code)",
        "ชื่อหน่วยงาน (org_name)",
        "อำเภอ (district)",
        "จังหวัด (province)",
        "ปีงบประมาณ (fiscal_year)",
        "ลำดับ (measure_no)",
        "มาตรการ (title)",
        "วิธีการดำเนินการ (method)",
        "ผู้รับผิดชอบ (responsible)",
        "ระยะเวลา (period)",
        "ผลการดำเนินการ (outcome)",
        "ข้อเสนอแนะ (suggestion)",
        "ตัวชี้วัด (indicators)",
        "สถานะ (status)",
        "รอบ (round)",
        "วันที่รายงาน (report_date)",
    ]
    data = templates.template_csv("measures")
    assert data.startswith(b"\xef\xbb\xbf")
    assert next(csv.reader(io.StringIO(data.decode("utf-8-sig")))) == expected
    book = openpyxl.load_workbook(io.BytesIO(templates.template_xlsx("measures")))
    assert [c.value for c in book.worksheets[0][1]] == expected
    assert book.worksheets[0].max_row == 1  # empty below the header


# --- a template saved as tab-separated text, and reports beside it ----------------------------

# The template's header as the importer accepts it: bilingual (as the template writes it), its
# Thai part alone, its English part alone.
SPELLINGS = {
    "bilingual": templates.headers("measures"),
    "thai": [th for th, _en, _, _ in templates.SPECS["measures"]],
    "english": [en for _th, en, _, _ in templates.SPECS["measures"]],
}


def template_tsv(spelling: str, rows: list[dict]) -> bytes:
    """The measures template filled with `rows` (support.template_csv_filled), saved as
    tab-separated text (as a spreadsheet's "Text (Tab delimited)") under the header `spelling`."""
    text = template_csv_filled("measures", rows).decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text)))
    assert lines[0] == SPELLINGS["bilingual"]
    lines[0] = SPELLINGS[spelling]
    return "".join("\t".join(line) + "\n" for line in lines).encode("utf-8")


@pytest.mark.parametrize("spelling", list(SPELLINGS))
@pytest.mark.parametrize("suffix", ["txt", "tsv"])
def test_template_saved_as_tab_separated_text_imports(db, tmp_path, suffix, spelling):
    """Its header holds มาตรการ and วิธีการดำเนินการ, tab separated, as a report's table header
    does; but also the template's own columns (org_code, fiscal_year, measure_no ...): it is read
    as the template, not as a report without a table or a fiscal year."""
    file = write(tmp_path, f"measures.{suffix}", template_tsv(spelling, TEMPLATE_ROWS))

    outcome = run_import("measures", file, db)

    assert outcome.plan.problems == [], [p.format() for p in outcome.plan.problems]
    assert (outcome.status, outcome.batch_id) == ("imported", 2)
    assert [c.key for c in outcome.plan.added] == [
        ("6350504", 2567, 1),
        ("6350502", 2567, 2),
        ("2350101", 2567, 1),
        ("2350101", 2567, 2),
    ]
    assert stored_2567_measures(db) == TEMPLATE_MEASURES
    assert query(db, "select count(*) from core.measure_reports") == [(3,)]
    assert query(db, "select distinct source from core.measures") == [(f"measures.{suffix}",)]


def test_report_whose_table_header_comes_first_is_still_read_as_a_report(db, tmp_path):
    """No memo heading: the report parser's own header row (and no template column) makes it
    a report, so its problems are the report's (no organisation, year, date or round in a memo),
    not the template's (a required column missing)."""
    file = write(tmp_path, "table-only.tsv", "\n".join([HEADER, GOOD_ROW, SECOND_ROW]))

    problems = rejected(db, file)

    errors = sorted(p.reason_en for p in problems if p.severity == "error")
    assert len(problems) == len(errors) == 3, [p.format() for p in problems]
    assert errors[0].startswith("no fiscal year")
    assert errors[1].startswith("no organisation name")
    assert errors[2] == UNDATED_EN  # GOOD_ROW has an outcome, at no round


@pytest.mark.parametrize("suffix", ["txt", "tsv"])
def test_the_reference_report_is_still_read_as_a_report(db, tmp_path, suffix):
    file = write(tmp_path, f"seed.{suffix}", seed_text())

    outcome = run_import("measures", file, db)

    assert (outcome.status, outcome.batch_id) == ("imported", 2)
    assert [c.key for c in outcome.plan.added] == [("6350504", 2566, n) for n in (1, 2, 3)]
    assert [p.severity for p in outcome.plan.problems] == ["warning"]  # the name to confirm
    assert stored_measures(db) == SEED_MEASURES


@pytest.mark.parametrize("suffix", ["txt", "tsv"])
def test_a_memo_without_its_table_is_still_read_as_a_report(db, tmp_path, suffix):
    lines = seed_text().split("\n")
    header = next(i for i, line in enumerate(lines) if line.startswith(HEADER_CELLS[0] + "\t"))
    file = write(tmp_path, f"memo-only.{suffix}", "\n".join(lines[:header]))

    problems = rejected(db, file)

    assert [(p.row, p.severity, p.reason_en.split(" (")[0]) for p in problems] == [
        (None, "error", f"no measures table found in the report memo-only.{suffix}")
    ]


@pytest.mark.parametrize("suffix", ["txt", "tsv"])
def test_a_report_whose_table_has_a_numbering_column_is_read_as_a_report(db, tmp_path, suffix):
    """The header cell ที่ is the template's measure_no column too; the report parser knows it
    as its numbering column, so the text is read as a report, its numbers from that column."""
    lines = report_text("วันที่ ๒๗ เมษายน ๒๕๖๖").split("\n")
    header = lines.index(HEADER)
    table = [
        "ที่\t" + HEADER,
        "๑\tการแก้ไขปัญหาการทุจริต\tประชาสัมพันธ์\tสำนักปลัด\tตลอดปี\tรายงานแล้ว\t",
        "๒\tการเปิดเผยข้อมูลสาธารณะ\tปรับปรุงเว็บไซต์\tสำนักปลัด\tตลอดปี\t\t",
    ]
    file = write(tmp_path, f"numbered.{suffix}", "\n".join([*lines[:header], *table]))

    outcome = run_import("measures", file, db)

    assert [p for p in outcome.plan.problems if p.severity == "error"] == []
    assert (outcome.status, outcome.batch_id) == ("imported", 2)
    assert [c.key for c in outcome.plan.added] == [("6350504", 2566, 1), ("6350504", 2566, 2)]
    assert query(db, "select measure_no, title, method from main.measures order by 1") == [
        (1, "การแก้ไขปัญหาการทุจริต", "ประชาสัมพันธ์"),
        (2, "การเปิดเผยข้อมูลสาธารณะ", "ปรับปรุงเว็บไซต์"),
    ]
    assert query(db, "select measure_no, round from core.measure_reports order by 1") == [
        (1, 6),
        (2, 6),
    ]


# --- replace and undo ---------------------------------------------------------------------------


def test_replace_of_a_changed_title_then_undo_restores_exactly(db, tmp_path):
    text = seed_text()
    run_import("measures", write(tmp_path, "seed.txt", text), db)
    before = checksums(db)
    assert "๑. การแก้ไข ปัญหาการ ทุจริต" in text
    changed = text.replace("๑. การแก้ไข ปัญหาการ ทุจริต", "๑. การแก้ไขปัญหาการทุจริตและประพฤติมิชอบ")
    file = write(tmp_path, "seed-changed.txt", changed)

    with pytest.raises(ImportRejected) as caught:
        run_import("measures", file, db)
    conflicts = [p for p in caught.value.problems if p.severity == "error"]
    assert [(p.column, p.value) for p in conflicts] == [("ลำดับ (measure_no)", "1")]
    assert "use --replace" in conflicts[0].reason_en and "--replace" in conflicts[0].reason_th
    assert checksums(db) == before

    outcome = run_import("measures", file, db, replace=True)
    assert (outcome.status, outcome.batch_id) == ("imported", 3)
    assert [c.key for c in outcome.plan.changed] == [("6350504", 2566, 1)]
    assert outcome.plan.unchanged == 2
    assert query(db, "select measure_no, title from main.measures order by 1")[0] == (
        1,
        "การแก้ไขปัญหาการทุจริตและประพฤติมิชอบ",
    )
    assert query(
        db, "select table_name, count(*) from core.replaced_rows group by 1 order by 1"
    ) == [("core.measure_indicators", 1), ("core.measures", 1)]
    assert checksums(db) != before

    result = undo_batch(db, 3, who="test")
    assert result.restored == {"core.measures": 1, "core.measure_indicators": 1}
    assert without_batches(checksums(db)) == without_batches(before)
    assert query(db, "select title from main.measures where measure_no = 1") == [
        ("การแก้ไข ปัญหาการ ทุจริต",)
    ]


def test_a_new_round_for_a_stored_measure_is_an_addition(db, tmp_path):
    run_import("measures", write(tmp_path, "r6.txt", report_text("วันที่ ๒๗ เมษายน ๒๕๖๖")), db)
    outcome = run_import(
        "measures", write(tmp_path, "r12.txt", report_text("วันที่ ๓๐ กันยายน ๒๕๖๖")), db
    )
    assert (outcome.status, len(outcome.plan.added), len(outcome.plan.changed)) == (
        "imported",
        2,
        0,
    )
    assert query(
        db, "select measure_no, round, status_code from core.measure_reports order by 1, 2"
    ) == [(1, 6, "in_progress"), (1, 12, "done"), (2, 6, "not_started"), (2, 12, "not_started")]
    # the measure shows its latest round
    assert query(db, "select measure_no, report_round from main.measures order by 1") == [
        (1, 12),
        (2, 12),
    ]


# --- corrections of target indicators ---------------------------------------------------------


def test_corrected_indicators_are_an_app_batch_and_undo_restores_the_inferred(db, tmp_path):
    file = write(tmp_path, "seed.txt", seed_text())
    run_import("measures", file, db)
    before = checksums(db)

    batch = set_measure_indicators(db, {("6350504", 2566, 1): [2, 1, 2]}, who="test")

    assert batch == 3
    assert query(
        db, "select kind, row_count, imported_by from core.import_batches where batch_id = 3"
    ) == [("app", 1, "test")]
    assert query(db, "select measure_no, indicators from main.measures order by 1") == [
        (1, [1, 2]),
        (2, [7]),
        (3, [8]),
    ]
    assert query(
        db,
        "select indicator, batch_id from core.measure_indicators where measure_no = 1 order by 1",
    ) == [(1, 3), (2, 3)]
    # the file's inferred targets do not conflict with the correction: importing it again
    # changes nothing
    assert run_import("measures", file, db).status == "already"
    assert query(db, "select indicators from main.measures where measure_no = 1") == [([1, 2],)]

    undo_batch(db, batch, who="test")
    assert query(db, "select measure_no, indicators from main.measures order by 1") == [
        (1, [5]),
        (2, [7]),
        (3, [8]),
    ]
    assert without_batches(checksums(db)) == without_batches(before)


def test_unchanged_indicators_make_no_batch(db, tmp_path):
    run_import("measures", write(tmp_path, "seed.txt", seed_text()), db)
    before = checksums(db)
    assert set_measure_indicators(db, {("6350504", 2566, 2): [7]}, who="test") is None
    assert set_measure_indicators(db, {}, who="test") is None
    assert checksums(db) == before
    assert batch_count(db) == 2


def test_correcting_a_measure_that_is_not_stored_fails_and_changes_nothing(db, tmp_path):
    run_import("measures", write(tmp_path, "seed.txt", seed_text()), db)
    before = checksums(db)
    with pytest.raises(dbmod.DatabaseError) as caught:
        set_measure_indicators(db, {("6350504", 2566, 9): [1]}, who="test")
    assert caught.value.message_en == "no measure ('6350504', 2566, 9) is stored"
    assert "ไม่พบมาตรการ" in caught.value.message_th
    assert checksums(db) == before


# --- the bad-input suite ----------------------------------------------------------------------

MEMO = [
    "บันทึกข้อความ",
    "ส่วนราชการ สำนักปลัด องค์การบริหารส่วนตำบลกระจาย อำเภอป่าติ้ว จังหวัดยโสธร",
    "วันที่ ๒๗ เมษายน ๒๕๖๖",
    "เรื่อง รายงานผลการดำเนินการ ประจำปีงบประมาณ พ.ศ. ๒๕๖๖",
]  # lines 1-4: a table's header on line 5, its first measure on line 6
GOOD_ROW = "๑. การแก้ไขปัญหาการทุจริต\tประชาสัมพันธ์\tสำนักปลัด\tตลอดปี\tรายงานแล้ว\t"
T = ",".join(templates.headers("measures")) + "\n"  # the template's bilingual header
TH = "รหัส อปท.,ปีงบประมาณ,ลำดับ,มาตรการ,ผลการดำเนินการ,ตัวชี้วัด,สถานะ,รอบ,วันที่รายงาน\n"
# Stored in the base database (batch 2): measure 1 of กระจาย in 2565.
STORED = TH + "6350504,2565,1,การชี้แจงและการตอบคำถาม,มีช่องทาง,7,,6,27/04/2565\n"


def text_report(*lines: str, memo: list[str] = MEMO) -> bytes:
    return "\n".join([*memo, *lines]).encode("utf-8")


def docx_report(build: Callable) -> Callable[[], bytes]:
    def make() -> bytes:
        document = Document()
        for line in MEMO:
            document.add_paragraph(line)
        build(document)
        return docx_bytes(document)

    return make


def _five_column_table(document) -> None:
    table = document.add_table(rows=2, cols=5)
    fill_row(table, 0, HEADER_CELLS[:5])
    fill_row(table, 1, ["๑. การแก้ไขปัญหาการทุจริต", "ประชาสัมพันธ์", "สำนักปลัด", "ตลอดปี", "ทำแล้ว"])


def _no_table(document) -> None:
    document.add_paragraph("รายละเอียดตามเอกสารแนบ")


def _repeated_and_untitled(document) -> None:
    table = document.add_table(rows=4, cols=6)
    fill_row(table, 0, HEADER_CELLS)
    fill_row(table, 1, ["๑. การแก้ไขปัญหาการทุจริต", "ประชาสัมพันธ์", "สำนักปลัด", "ตลอดปี", "ทำแล้ว", ""])
    fill_row(table, 2, ["๑. การชี้แจงและการตอบคำถาม", "จัดทำช่องทาง", "สำนักปลัด", "ตลอดปี", "", ""])
    fill_row(table, 3, ["๒.", "เปิดโอกาส", "สำนักปลัด", "ตลอดปี", "", ""])


def _docx_memo_without_organisation_or_year() -> bytes:
    """A Word report whose memo names neither its organisation nor its fiscal year."""
    document = Document()
    for line in ("บันทึกข้อความ", "ส่วนราชการ สำนักปลัด", "วันที่ ๒๗ เมษายน ๒๕๖๖"):
        document.add_paragraph(line)
    table = document.add_table(rows=3, cols=6)
    fill_row(table, 0, HEADER_CELLS)
    fill_row(table, 1, ["๑. การแก้ไขปัญหาการทุจริต", "ประชาสัมพันธ์", "สำนักปลัด", "ตลอดปี", "ทำแล้ว", ""])
    fill_row(table, 2, ["๒. การชี้แจงและการตอบคำถาม", "จัดทำช่องทาง", "สำนักปลัด", "ตลอดปี", "", ""])
    return docx_bytes(document)


SECOND_ROW = "๒. การชี้แจงและการตอบคำถาม\tจัดทำช่องทาง\tสำนักปลัด\tตลอดปี\t\t"


CASES = [
    Case(
        "text-without-a-table",
        "memo-only.txt",
        text_report("รายละเอียดตามเอกสารแนบ"),
        (
            Expect(
                None,
                None,
                "no measures table found in the report memo-only.txt",
                "ไม่พบตารางมาตรการในรายงาน memo-only.txt",
            ),
        ),
    ),
    Case(
        "text-table-with-five-columns",
        "five-columns.txt",
        text_report(
            "\t".join(HEADER_CELLS[:5]), "๑. การแก้ไขปัญหาการทุจริต\tประชาสัมพันธ์\tสำนักปลัด\tตลอดปี\tทำแล้ว"
        ),
        (
            Expect(
                5, None, "the table has 5 columns; expected 6", "ตารางมี 5 คอลัมน์", "ผลการดำเนินการ"
            ),
        ),
    ),
    Case(
        "docx-table-with-five-columns",
        "five-columns.docx",
        docx_report(_five_column_table),
        (Expect(1, None, "the table has 5 columns; expected 6", "ตารางมี 5 คอลัมน์", "ระยะเวลา"),),
    ),
    Case(
        "docx-without-a-table",
        "no-table.docx",
        docx_report(_no_table),
        (
            Expect(
                None,
                None,
                "no measures table found in the report no-table.docx",
                "ไม่พบตารางมาตรการในรายงาน no-table.docx",
            ),
        ),
    ),
    # Each problem once: the report parser's, not again by the importer of its measures.
    Case(
        "docx-measure-number-repeated-and-without-a-title",
        "repeated-untitled.docx",
        docx_report(_repeated_and_untitled),
        (
            Expect(3, "มาตรการ", "measure number 1 is repeated (first at row 2)", "ซ้ำ", "1"),
            Expect(4, "มาตรการ", "the measure has no title", "มาตรการไม่มีชื่อ", "2"),
        ),
    ),
    Case(
        "docx-memo-without-an-organisation-or-a-fiscal-year",
        "no-org-no-year.docx",
        _docx_memo_without_organisation_or_year,
        (
            Expect(None, None, "no organisation name", "ไม่พบชื่อองค์กรปกครองส่วนท้องถิ่น"),
            Expect(None, None, "no fiscal year", "ไม่พบปีงบประมาณ"),
        ),
    ),
    Case(
        "renamed-pdf",
        "report.docx",
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n%%EOF\n",
        (Expect(None, None, "this is a PDF, not a Word (.docx) file", "ไฟล์นี้เป็น PDF"),),
    ),
    Case(
        "unknown-organisation-in-the-memo",
        "unknown-org.txt",
        text_report(
            HEADER,
            GOOD_ROW,
            memo=[MEMO[0], MEMO[1].replace("กระจาย", "หนองบัวแดงใหญ่"), *MEMO[2:]],
        ),
        (
            Expect(
                6,
                "ชื่อหน่วยงาน (org_name)",
                "this organisation is not in the registry",
                "ไม่พบหน่วยงานนี้ในทะเบียน",
                "องค์การบริหารส่วนตำบลหนองบัวแดงใหญ่",
            ),
        ),
    ),
    Case(
        "memo-without-an-organisation",
        "no-org.txt",
        text_report(HEADER, GOOD_ROW, memo=[MEMO[0], "ส่วนราชการ สำนักปลัด", *MEMO[2:]]),
        (Expect(None, None, "no organisation name", "ไม่พบชื่อองค์กรปกครองส่วนท้องถิ่น"),),
    ),
    Case(
        "memo-without-a-fiscal-year",
        "no-year.txt",
        text_report(HEADER, GOOD_ROW, SECOND_ROW, memo=MEMO[:3]),
        (Expect(None, None, "no fiscal year", "ไม่พบปีงบประมาณ"),),
    ),
    Case(
        # the memo's year is every measure's: one problem, at the first measure
        "memo-fiscal-year-without-methodology",
        "year-2540.txt",
        text_report(
            HEADER, GOOD_ROW, SECOND_ROW, memo=[*MEMO[:3], MEMO[3].replace("๒๕๖๖", "๒๕๔๐")]
        ),
        (
            Expect(
                6,
                "ปีงบประมาณ (fiscal_year)",
                "fiscal year 2540 has no methodology",
                "ปีงบประมาณ 2540 ไม่มีเกณฑ์การประเมิน",
                "2540",
            ),
        ),
    ),
    Case(
        "measure-number-repeated",
        "repeated.txt",
        text_report(HEADER, GOOD_ROW, "๑. การชี้แจงและการตอบคำถาม\tจัดทำช่องทาง\tสำนักปลัด\tตลอดปี\t\t"),
        (Expect(7, "มาตรการ", "measure number 1 is repeated (first at row 6)", "ซ้ำ", "1"),),
    ),
    Case(
        "report-measure-without-a-title",
        "no-title.txt",
        text_report(HEADER, "๑.\tประชาสัมพันธ์\tสำนักปลัด\tตลอดปี\tรายงานแล้ว\t"),
        (Expect(6, "มาตรการ", "the measure has no title", "มาตรการไม่มีชื่อ", "1"),),
    ),
    Case(
        "report-without-date-or-round",
        "undated.txt",
        text_report(HEADER, GOOD_ROW, memo=[m for m in MEMO if not m.startswith("วันที่")]),
        (
            Expect(
                5,  # the first measure's line: the memo has no row
                None,
                "the report gives neither its date nor its round in the memo",
                "บันทึกข้อความไม่ระบุวันที่ของรายงานหรือรอบรายงาน",
            ),
        ),
    ),
    Case(
        "indicator-11",
        "indicator-11.csv",
        (TH + "6350504,2566,1,การชี้แจง,,5;11,,,\n").encode(),
        (Expect(2, "ตัวชี้วัด", "no indicator '11' (only 1-10)", "ไม่มีตัวชี้วัด '11'", "5;11"),),
    ),
    Case(
        "indicator-x",
        "indicator-x.csv",
        (T + "6350504,,,,2566,1,การชี้แจง,,,,,,x,,,\n").encode("utf-8-sig"),
        (Expect(2, "ตัวชี้วัด (indicators)", "no indicator 'x'", "ไม่มีตัวชี้วัด 'x'", "x"),),
    ),
    Case(
        "unknown-status",
        "status.csv",
        (TH + "6350504,2566,1,การชี้แจง,ทำแล้ว,7,เสร็จเกือบหมด,6,\n").encode(),
        (Expect(2, "สถานะ", "unknown status", "ไม่รู้จักสถานะนี้", "เสร็จเกือบหมด"),),
    ),
    Case(
        "round-3",
        "round-3.csv",
        (TH + "6350504,2566,1,การชี้แจง,ทำแล้ว,7,,3,\n").encode(),
        (Expect(2, "รอบ", "the round must be 6 or 12", "รอบต้องเป็น 6 หรือ 12", "3"),),
    ),
    Case(
        "impossible-report-date",
        "date.csv",
        (TH + "6350504,2566,1,การชี้แจง,ทำแล้ว,7,,,31/02/2566\n").encode(),
        (Expect(2, "วันที่รายงาน", "no such date", "วันที่ไม่มีอยู่จริง", "31/02/2566"),),
    ),
    Case(
        "template-measure-without-a-title",
        "no-title.csv",
        (T + "6350504,,,,2566,1,,วิธีการ,,,,,7,,,\n").encode("utf-8-sig"),
        (Expect(2, "มาตรการ (title)", "the measure has no title", "ไม่มีชื่อมาตรการ"),),
    ),
    Case(
        "outcome-without-round-or-date",
        "no-round.csv",
        (TH + "6350504,2566,1,การชี้แจง,ทำแล้ว,7,,,\n").encode(),
        (Expect(2, "รอบ", "needs a report round (6 or 12) or a report date", "ไม่มีรอบรายงาน"),),
    ),
    Case(
        "measure-number-not-a-number",
        "number.csv",
        (TH + "6350504,2566,abc,การชี้แจง,,7,,,\n").encode(),
        (Expect(2, "ลำดับ", "not a whole number", "ไม่ใช่จำนวนเต็ม", "abc"),),
    ),
    Case(
        "unknown-organisation-code",
        "code.csv",
        (TH + "6359999,2566,1,การชี้แจง,,7,,,\n").encode(),
        (Expect(2, "รหัส อปท.", "not in the registry", "ไม่พบหน่วยงานนี้ในทะเบียน", "6359999"),),
    ),
    Case(
        "template-measure-number-repeated",
        "repeated.csv",
        (TH + "6350504,2566,1,การชี้แจง,,7,,,\n6350504,2566,1,การประชาสัมพันธ์,,7,,,\n").encode(),
        (Expect(3, "ลำดับ", "the same measure number as row 2", "ลำดับมาตรการซ้ำกับแถว 2", "1"),),
    ),
    Case(
        "conflicting-values-stored-without-replace",
        "conflict.csv",
        (TH + "6350504,2565,1,การชี้แจงและการตอบคำถามของหน่วยงาน,มีช่องทาง,7,,6,27/04/2565\n").encode(),
        (Expect(2, "ลำดับ", "stored with different values; use --replace", "--replace", "1"),),
    ),
]


@pytest.fixture(scope="module")
def bad_base(registry_db: Path, tmp_path_factory: pytest.TempPathFactory):
    """(path, sha256, checksums) of a database with the registry and one stored measure."""
    folder = tmp_path_factory.mktemp("measures-bad-base")
    return stored_base("measures", registry_db, folder, STORED, checksums)


def test_the_bad_input_suite_has_enough_cases():
    assert len(CASES) >= 15
    assert len({c.id for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_bad_input_is_rejected_located_and_changes_nothing(case: Case, bad_base, tmp_path):
    assert_rejected_located_unchanged("measures", case, bad_base, tmp_path, checksums)


def test_the_same_file_with_replace_goes_in(bad_base, tmp_path):
    """The conflict case is rejected only for want of --replace."""
    base, _, base_sums = bad_base
    db_path = copy_db(base, tmp_path)
    case = next(c for c in CASES if c.id == "conflicting-values-stored-without-replace")
    outcome = run_import("measures", write(tmp_path, case.name, case.data()), db_path, replace=True)
    assert (outcome.status, [c.key for c in outcome.plan.changed]) == (
        "imported",
        [("6350504", 2565, 1)],
    )
    assert query(db_path, "select title from main.measures where fiscal_year = 2565") == [
        ("การชี้แจงและการตอบคำถามของหน่วยงาน",)
    ]
    undo_batch(db_path, outcome.batch_id, who="test")
    assert without_batches(checksums(db_path)) == without_batches(base_sums)


# --- what counts as a change (compared in SQL by hash: queries/measure_differences.sql and
# data/derived/measure_fingerprints.sql) --------------------------------------------------------

BASE_ROW = {
    "รหัส อปท. (org_code)": "6350504",
    "ปีงบประมาณ (fiscal_year)": "2567",
    "ลำดับ (measure_no)": "1",
    "มาตรการ (title)": "ปรับปรุงช่องทางร้องเรียน",
    "วิธีการดำเนินการ (method)": "ติดป้าย QR code",
    "ผู้รับผิดชอบ (responsible)": "",
    "ตัวชี้วัด (indicators)": "5, 7",
    "ผลการดำเนินการ (outcome)": "ติดแล้ว 12 จุด",
    "สถานะ (status)": "done",
    "รอบ (round)": "6",
    "วันที่รายงาน (report_date)": "2024-03-30",
}


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({}, "unchanged"),
        ({"ผู้รับผิดชอบ (responsible)": None}, "unchanged"),  # empty and missing are the same
        ({"มาตรการ (title)": "ปรับปรุงช่องทางร้องเรียนใหม่"}, "conflict"),
        ({"วิธีการดำเนินการ (method)": ""}, "conflict"),
        ({"ผู้รับผิดชอบ (responsible)": "กองคลัง"}, "conflict"),
        ({"ระยะเวลา (period)": "ต.ค. 2566 - ก.ย. 2567"}, "conflict"),
        ({"ข้อเสนอแนะ (suggestion)": "ขยายไปทุกหมู่บ้าน"}, "conflict"),
        # the same characters moved across a field boundary (texts are hashed field by field)
        (
            {"มาตรการ (title)": "ปรับปรุงช่องทาง", "วิธีการดำเนินการ (method)": "ร้องเรียนติดป้าย QR code"},
            "conflict",
        ),
        ({"ผลการดำเนินการ (outcome)": ""}, "conflict"),
        ({"ตัวชี้วัด (indicators)": "5"}, "conflict"),  # targets the file gives are compared
        ({"ตัวชี้วัด (indicators)": "5, 7, 8"}, "conflict"),
        ({"ตัวชี้วัด (indicators)": "7,5"}, "unchanged"),  # as sets: the order is not a change
        ({"ตัวชี้วัด (indicators)": ""}, "unchanged"),  # inferred ones never conflict
        ({"ผลการดำเนินการ (outcome)": "ติดแล้ว 13 จุด"}, "conflict"),  # the round's report
        ({"สถานะ (status)": "in_progress"}, "conflict"),
        ({"วันที่รายงาน (report_date)": "2024-03-31"}, "conflict"),
        ({"รอบ (round)": "12", "วันที่รายงาน (report_date)": "2024-09-30"}, "added"),
    ],
)
def test_what_counts_as_a_change_to_a_stored_measure(db, tmp_path, change, expected):
    run_import(
        "measures", write(tmp_path, "base.csv", template_csv_filled("measures", [BASE_ROW])), db
    )
    row = {k: v for k, v in {**BASE_ROW, **change}.items() if v is not None}
    file = write(tmp_path, "again.csv", template_csv_filled("measures", [row]))
    before = checksums(db)
    if expected == "conflict":
        with pytest.raises(ImportRejected) as caught:
            run_import("measures", file, db)
        errors = [p for p in caught.value.problems if p.severity == "error"]
        assert [p.value for p in errors] == ["1"] and "--replace" in errors[0].reason_en
        outcome = run_import("measures", file, db, replace=True, dry_run=True)
        assert [c.key for c in outcome.plan.changed] == [("6350504", 2567, 1)]
    else:
        outcome = run_import("measures", file, db, dry_run=True)
        plan = outcome.plan
        counts = (len(plan.added), len(plan.changed), plan.unchanged)
        assert counts == {"unchanged": (0, 0, 1), "added": (1, 0, 0)}[expected]
    assert checksums(db) == before
