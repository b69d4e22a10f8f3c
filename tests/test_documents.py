"""The documents (dashboard/documents.py) read back from the files: the analysis of 2566 with the
plan for 2567 as DOCX and XLSX, and the implementation report of 2566 at 6 and 12 months.

The database is built by hand (tests/documents_data.py, where every expected value below is
worked out). One test renders the DOCX files to PDF with LibreOffice and reads the PDF's text.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
from documents_data import ORG, OTHER, TODAY, YEAR, build
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Pt
from support import reading

from dashboard import db as dbmod
from dashboard import documents, planning

FONT = "TH Sarabun New"
SLOTS = ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs")
ASCII_DIGIT = re.compile(r"[0-9]")
THAI_DIGIT = re.compile(r"[๐-๙]")
SIX = ["มาตรการ", "วิธีการดำเนินการ", "ผู้รับผิดชอบ", "ระยะเวลา", "ผลการดำเนินการ", "ข้อเสนอแนะ"]

TITLE_BLOCK = [
    "การวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงาน (ITA)",
    "อบต.ทดสอบนาดี",
    "อำเภอเมืองทดสอบ จังหวัดทดสอบ",
    "ปีงบประมาณ พ.ศ. 2566",
    "ผลการประเมินปีงบประมาณ พ.ศ. 2566: คะแนนรวม 86.75 ระดับ ผ่าน",
    "วันที่ 15 ตุลาคม 2566",
]
ANALYSIS_HEADER = [
    "ตัวชี้วัด",
    "คะแนนปี 2566",
    "เปลี่ยนแปลงจากปี 2565",
    "จุดอ่อน",
    "มาตรการปี 2566 (ลำดับ)",
    "แผนปี 2567 (ลำดับ)",
]
# indicator, score of 2566, change from 2565, why weak, measures of 2566, plan items of 2567
ANALYSIS_ROWS = [
    ["1. การปฏิบัติหน้าที่", "91.00", "+1.00", "-", "-", "-"],
    ["2. การใช้งบประมาณ", "92.50", "+2.50", "-", "-", "-"],
    ["3. การใช้อำนาจ", "84.00", "-6.00", "ต่ำกว่าเกณฑ์ 85; ลดลง 6.00 จากปีก่อน", "2", "2, 4"],
    ["4. การใช้ทรัพย์สินของราชการ", "90.00", "0.00", "-", "-", "-"],
    ["5. การแก้ไขปัญหาการทุจริต", "95.00", "+5.00", "-", "-", "-"],
    ["6. คุณภาพการดำเนินงาน", "88.00", "-2.00", "-", "-", "-"],
    ["7. ประสิทธิภาพการสื่อสาร", "92.00", "-6.00", "ลดลง 6.00 จากปีก่อน", "-", "3"],
    ["8. การปรับปรุงระบบการทำงาน", "90.00", "0.00", "-", "-", "-"],
    ["9. การเปิดเผยข้อมูล", "70.00", "-10.00", "ต่ำกว่าเกณฑ์ 85; ลดลง 10.00 จากปีก่อน", "1", "1"],
    ["10. การป้องกันการทุจริต", "93.00", "+3.00", "-", "-", "-"],
]
MEASURES_2566 = [
    ["มาตรการ", "ตัวชี้วัด", "สถานะ", "ผลการดำเนินการ"],
    ["1. มาตรการเผยแพร่ข้อมูลตามเกณฑ์ OIT", "9", "ดำเนินการแล้ว", "เผยแพร่ครบถ้วน"],
    ["2. มาตรการป้องกันการใช้อำนาจโดยมิชอบ", "3", "กำลังดำเนินการ", "อยู่ระหว่างจัดทำหลักเกณฑ์"],
    ["3. ประชุมชี้แจงบุคลากร", "-", "ยังไม่มีรายงาน", "-"],
]
# The draft plan for 2567: weak points by gain to 85 (9, 3, 7) with catalogue measures, then
# the unfinished measures 2 and 3 of 2566. The outcome column is empty in a plan.
PLAN_ROWS = [
    [
        "1. มาตรการเผยแพร่ข้อมูลสาธารณะบนเว็บไซต์ให้ครบถ้วน",
        "ตรวจสอบรายการข้อมูลตามเกณฑ์ OIT ของปีและเผยแพร่บนเว็บไซต์ให้ครบทุกข้อภายในกำหนด",
        "สำนักปลัด (งานเทคโนโลยีสารสนเทศ)",
        "ภายในเดือนมีนาคม",
        "",
        "แก้ไขจุดอ่อนตัวชี้วัดที่ 9 การเปิดเผยข้อมูล (คะแนนปี 2566: 70.00)",
    ],
    [
        "2. มาตรการป้องกันการรับสินบนและผลประโยชน์ทับซ้อน",
        "ประกาศนโยบายไม่รับของขวัญ (No Gift Policy) และจัดทำทะเบียนการรับของขวัญ",
        "สำนักปลัด",
        "ตลอดปีงบประมาณ",
        "",
        "แก้ไขจุดอ่อนตัวชี้วัดที่ 3 การใช้อำนาจ (คะแนนปี 2566: 84.00)",
    ],
    [
        "3. มาตรการเพิ่มประสิทธิภาพการสื่อสารและการเผยแพร่ข้อมูล",
        "เผยแพร่ข้อมูลข่าวสารผ่านเว็บไซต์ เพจเฟซบุ๊ก หอกระจายข่าว และบอร์ดประชาสัมพันธ์อย่างสม่ำเสมอ",
        "สำนักปลัด (งานประชาสัมพันธ์)",
        "ตลอดปีงบประมาณ",
        "",
        "แก้ไขจุดอ่อนตัวชี้วัดที่ 7 ประสิทธิภาพการสื่อสาร (คะแนนปี 2566: 92.00)",
    ],
    [
        "4. มาตรการป้องกันการใช้อำนาจโดยมิชอบ",
        "จัดทำหลักเกณฑ์การมอบหมายงาน",
        "สำนักปลัด",
        "ภายในไตรมาสที่ 2",
        "",
        "ยกมาจากปี 2566 (ยังไม่แล้วเสร็จ); ตัวชี้วัดที่ 3 การใช้อำนาจ",
    ],
    [
        "5. ประชุมชี้แจงบุคลากร",
        "=1+1 ไม่ใช่สูตร",
        "สำนักปลัด",
        "ปีละ 2 ครั้ง",
        "",
        "ยกมาจากปี 2566 (ยังไม่แล้วเสร็จ)",
    ],
]
MEASURE_1 = [
    "1. มาตรการเผยแพร่ข้อมูลตามเกณฑ์ OIT",
    "ตรวจรายการข้อมูลทุกเดือน",
    "งานเทคโนโลยีสารสนเทศ",
    "ตลอดปีงบประมาณ",
]
MEASURE_2 = [
    "2. มาตรการป้องกันการใช้อำนาจโดยมิชอบ",
    "จัดทำหลักเกณฑ์การมอบหมายงาน",
    "สำนักปลัด",
    "ภายในไตรมาสที่ 2",
]
MEASURE_3 = ["3. ประชุมชี้แจงบุคลากร", "=1+1 ไม่ใช่สูตร", "สำนักปลัด", "ปีละ 2 ครั้ง"]
REPORT_6_ROWS = [
    [*MEASURE_1, "เผยแพร่แล้วบางส่วน\nสถานะ: กำลังดำเนินการ", "ควรทำต่อเนื่อง"],
    [*MEASURE_2, "-\nสถานะ: ยังไม่เริ่ม", ""],
    [*MEASURE_3, "ยังไม่มีรายงานรอบ 6 เดือน", ""],
]
REPORT_12_ROWS = [
    [*MEASURE_1, "เผยแพร่ครบถ้วน\nสถานะ: ดำเนินการแล้ว", "ควรทำต่อเนื่อง"],
    [*MEASURE_2, "อยู่ระหว่างจัดทำหลักเกณฑ์\nสถานะ: กำลังดำเนินการ", ""],
    [*MEASURE_3, "ยังไม่มีรายงานรอบ 12 เดือน", ""],
]
SUBJECT = (
    "รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสขององค์การบริหารส่วนตำบล"
    "ทดสอบนาดี ประจำปีงบประมาณ พ.ศ. 2566"
)


@pytest.fixture(scope="module")
def db_path(tmp_path_factory) -> Path:
    return build(tmp_path_factory.mktemp("documents") / "documents.duckdb")


@pytest.fixture(scope="module")
def reader(db_path):
    with reading(db_path) as r:
        yield r


@pytest.fixture(scope="module")
def plan_bytes(reader) -> bytes:
    return documents.plan_docx(reader, ORG, YEAR, today=TODAY)


@pytest.fixture(scope="module")
def report_bytes(reader) -> bytes:
    return documents.report_docx(reader, ORG, YEAR, 6, today=TODAY)


def read_docx(data: bytes):
    return Document(io.BytesIO(data))


def table_text(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def paragraphs(doc) -> list[str]:
    return [p.text for p in doc.paragraphs]


def all_text(doc) -> str:
    parts = paragraphs(doc)
    for table in doc.tables:
        parts += [cell for row in table_text(table) for cell in row]
    parts.append(doc.core_properties.title or "")
    return "\n".join(parts)


# --- the plan: analysis of 2566 and the plan for 2567 --------------------------------------


def test_plan_title_block(plan_bytes):
    doc = read_docx(plan_bytes)
    assert paragraphs(doc)[:6] == TITLE_BLOCK


def test_plan_analysis_table(plan_bytes):
    doc = read_docx(plan_bytes)
    assert len(doc.tables) == 3
    assert table_text(doc.tables[0]) == [ANALYSIS_HEADER, *ANALYSIS_ROWS]


def test_plan_analysis_tools_and_measures_of_the_year(plan_bytes):
    doc = read_docx(plan_bytes)
    texts = paragraphs(doc)
    # tools of 2566: OIT (70 + 93) / 2 = 81.50 is the only one under 85
    tools = texts.index("2. เครื่องมือที่ได้คะแนนต่ำกว่าเกณฑ์")
    assert texts[tools + 1] == "OIT การเปิดเผยข้อมูลสาธารณะ: 81.50"
    assert "3. มาตรการปีงบประมาณ พ.ศ. 2566 และผลการดำเนินการ" in texts
    assert table_text(doc.tables[1]) == MEASURES_2566


def test_plan_table_has_the_six_columns(plan_bytes):
    doc = read_docx(plan_bytes)
    texts = paragraphs(doc)
    start = texts.index("แผนมาตรการส่งเสริมคุณธรรมและความโปร่งใส")
    assert texts[start : start + 6] == [
        "แผนมาตรการส่งเสริมคุณธรรมและความโปร่งใส",
        "อบต.ทดสอบนาดี",
        "อำเภอเมืองทดสอบ จังหวัดทดสอบ",
        "ปีงบประมาณ พ.ศ. 2567",
        "ร่างแผนจากจุดอ่อนของผลการประเมินปี 2566 และมาตรการของปี 2566 ที่ยังไม่แล้วเสร็จ",
        "วันที่ 15 ตุลาคม 2566",
    ]
    plan = doc.tables[2]
    assert table_text(plan) == [SIX, *PLAN_ROWS]
    # the header row repeats on every page
    header = plan.rows[0]._tr.trPr.find(qn("w:tblHeader"))
    assert header is not None and header.get(qn("w:val")) == "true"
    assert doc.sections[0].orientation == WD_ORIENT.LANDSCAPE


def test_saved_plan_replaces_the_draft(db_path, tmp_path):
    copy = tmp_path / "saved.duckdb"
    shutil.copyfile(db_path, copy)
    item = {
        "title": "มาตรการที่บันทึกไว้",
        "method": "วิธีที่บันทึก",
        "responsible": "กองคลัง",
        "period": "ไตรมาสที่ 1",
        "indicators": [9, 7],
    }
    planning.save_plan(copy, ORG, YEAR + 1, [item], who="test")
    reader = dbmod.open_reader(copy)
    try:
        doc = read_docx(documents.plan_docx(reader, ORG, YEAR, today=TODAY))
    finally:
        reader.close()
    assert "แผนที่บันทึกไว้ในระบบ" in paragraphs(doc)
    assert table_text(doc.tables[2]) == [
        SIX,
        [
            "1. มาตรการที่บันทึกไว้",
            "วิธีที่บันทึก",
            "กองคลัง",
            "ไตรมาสที่ 1",
            "",
            "ตัวชี้วัดที่ 7 ประสิทธิภาพการสื่อสาร; ตัวชี้วัดที่ 9 การเปิดเผยข้อมูล",
        ],
    ]
    # the analysis points at the saved item instead of the draft's
    last_column = [row[5] for row in table_text(doc.tables[0])[1:]]
    assert last_column == ["-", "-", "-", "-", "-", "-", "1", "-", "1", "-"]


def test_plan_without_indicator_scores(reader):
    """T0002 has no result for 2566, only a measure with no report: the empty tables keep their
    header with a row saying why, and the measure is carried over."""
    doc = read_docx(documents.plan_docx(reader, OTHER, YEAR, today=TODAY))
    assert "ผลการประเมินปีงบประมาณ พ.ศ. 2566: ไม่มีผลการประเมินรวม" in paragraphs(doc)
    assert table_text(doc.tables[0]) == [ANALYSIS_HEADER, ["ไม่มีคะแนนรายตัวชี้วัดของปี 2566"] * 6]
    assert table_text(doc.tables[2]) == [
        SIX,
        [
            "1. มาตรการลดขั้นตอนการให้บริการ",
            "ประกาศขั้นตอนและระยะเวลาให้บริการ",
            "สำนักปลัดเทศบาล",
            "ตลอดปีงบประมาณ",
            "",
            "ยกมาจากปี 2566 (ยังไม่แล้วเสร็จ)",
        ],
    ]
    book = openpyxl.load_workbook(io.BytesIO(documents.plan_xlsx(reader, OTHER, YEAR)))
    analysis = book.worksheets[0]
    rows = sheet_rows(analysis)
    start = next(i for i, row in enumerate(rows) if row[:6] == ANALYSIS_HEADER)
    assert rows[start + 1][0] == "ไม่มีคะแนนรายตัวชี้วัดของปี 2566"
    assert f"A{start + 2}:F{start + 2}" in [str(r) for r in analysis.merged_cells.ranges]


# --- fonts ----------------------------------------------------------------------------------


def check_runs(data: bytes) -> list:
    """Every run: TH Sarabun New on the four slots, no theme font, the same size for Latin and
    complex script, 16 pt unless bold (headings are bold and bigger)."""
    doc = read_docx(data)
    runs = list(doc.element.body.iter(qn("w:r")))
    assert len(runs) > 40
    for r in runs:
        rpr = r.find(qn("w:rPr"))
        assert rpr is not None, r.xml
        fonts = rpr.find(qn("w:rFonts"))
        assert {slot: fonts.get(qn(slot)) for slot in SLOTS} == dict.fromkeys(SLOTS, FONT)
        assert not [a for a in fonts.attrib if a.endswith(("Theme", "theme"))], fonts.attrib
        size = rpr.find(qn("w:sz")).get(qn("w:val"))
        assert rpr.find(qn("w:szCs")).get(qn("w:val")) == size
        bold = rpr.find(qn("w:b")) is not None
        assert (rpr.find(qn("w:bCs")) is not None) == bold
        if bold:
            assert int(size) >= 32
        else:
            assert size == "32", r.xml
    return runs


def test_every_run_of_the_plan_in_th_sarabun_new_16pt(plan_bytes):
    check_runs(plan_bytes)
    doc = read_docx(plan_bytes)
    title = doc.paragraphs[0].runs[0]
    assert title.font.name == FONT and title.bold and title.font.size > Pt(16)
    body = doc.tables[0].rows[1].cells[0].paragraphs[0].runs[0]
    assert body.font.name == FONT and body.font.size == Pt(16)
    cs = body._r.rPr.rFonts.get(qn("w:cs"))
    assert cs == FONT


def test_every_run_of_the_report_in_th_sarabun_new_16pt(report_bytes):
    check_runs(report_bytes)
    memo = read_docx(report_bytes).paragraphs[0].runs[0]
    assert memo.text == "บันทึกข้อความ" and memo.bold and memo.font.size == Pt(29)


@pytest.mark.parametrize("which", ["plan", "report"])
def test_default_style_and_document_defaults(which, plan_bytes, report_bytes):
    doc = read_docx(plan_bytes if which == "plan" else report_bytes)
    normal = doc.styles["Normal"].element.rPr
    defaults = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
    for rpr in (normal, defaults.find(qn("w:rPr"))):
        fonts = rpr.find(qn("w:rFonts"))
        assert {slot: fonts.get(qn(slot)) for slot in SLOTS} == dict.fromkeys(SLOTS, FONT)
        assert rpr.find(qn("w:sz")).get(qn("w:val")) == "32"
        assert rpr.find(qn("w:szCs")).get(qn("w:val")) == "32"
    assert doc.styles["Normal"].font.name == FONT
    assert doc.styles["Normal"].font.size == Pt(16)


# --- Thai digits ----------------------------------------------------------------------------


def test_arabic_digits_by_default(plan_bytes, report_bytes):
    for data in (plan_bytes, report_bytes):
        assert not THAI_DIGIT.search(all_text(read_docx(data)))


def test_thai_digits_in_the_plan(reader):
    doc = read_docx(documents.plan_docx(reader, ORG, YEAR, thai_digits=True, today=TODAY))
    text = all_text(doc)
    assert not ASCII_DIGIT.search(text), ASCII_DIGIT.findall(text)
    assert "วันที่ ๑๕ ตุลาคม ๒๕๖๖" in paragraphs(doc)
    assert table_text(doc.tables[0])[3] == [
        "๓. การใช้อำนาจ",
        "๘๔.๐๐",
        "-๖.๐๐",
        "ต่ำกว่าเกณฑ์ ๘๕; ลดลง ๖.๐๐ จากปีก่อน",
        "๒",
        "๒, ๔",
    ]
    assert table_text(doc.tables[2])[5][1] == "=๑+๑ ไม่ใช่สูตร"
    check_runs(documents.plan_docx(reader, ORG, YEAR, thai_digits=True, today=TODAY))


def test_thai_digits_in_the_report(reader):
    doc = read_docx(documents.report_docx(reader, ORG, YEAR, 12, thai_digits=True, today=TODAY))
    text = all_text(doc)
    assert not ASCII_DIGIT.search(text), ASCII_DIGIT.findall(text)
    assert f"เรื่อง {SUBJECT} (รอบ 12 เดือน)".translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")) in (
        paragraphs(doc)
    )
    assert table_text(doc.tables[0])[3][4] == "ยังไม่มีรายงานรอบ ๑๒ เดือน"


# --- XLSX -----------------------------------------------------------------------------------


def sheet_rows(sheet) -> list[list]:
    return [["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)]


def table_after(rows: list[list], header: list[str], width: int) -> list[list]:
    """The rows of the table whose header row starts with `header`, up to the next blank row."""
    start = next(i for i, row in enumerate(rows) if row[: len(header)] == header)
    out = []
    for row in rows[start:]:
        if all(v == "" for v in row):
            break
        out.append(row[:width])
    return out


def test_plan_xlsx(reader):
    data = documents.plan_xlsx(reader, ORG, YEAR, today=TODAY)
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["วิเคราะห์ผล 2566", "แผนมาตรการ 2567"]
    analysis, plan = book.worksheets
    rows = sheet_rows(analysis)
    assert [row[0] for row in rows[:6]] == TITLE_BLOCK
    table = table_after(rows, ANALYSIS_HEADER, 6)
    assert table[0] == ANALYSIS_HEADER
    expected = [
        [r[0], float(r[1]), float(r[2]), r[3], r[4], r[5]] for r in ANALYSIS_ROWS
    ]  # scores and changes are numbers in the workbook
    assert table[1:] == expected
    # the score of indicator 3 is a number cell shown with 2 decimals
    start = next(i for i, row in enumerate(rows) if row[:1] == ["ตัวชี้วัด"]) + 1
    score = analysis.cell(row=start + 3, column=2)
    assert (score.value, score.data_type, score.number_format) == (84.0, "n", "0.00")
    assert table_after(rows, MEASURES_2566[0], 4) == MEASURES_2566
    assert "OIT การเปิดเผยข้อมูลสาธารณะ: 81.50" in [row[0] for row in rows]

    plan_rows = sheet_rows(plan)
    assert plan_rows[3][0] == "ปีงบประมาณ พ.ศ. 2567"
    assert table_after(plan_rows, SIX, 6) == [SIX, *PLAN_ROWS]


def test_xlsx_never_writes_formulas(reader):
    data = documents.plan_xlsx(reader, ORG, YEAR, today=TODAY)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
        assert len(sheets) == 2
        for name in sheets:
            assert "<f>" not in archive.read(name).decode()
    plan = openpyxl.load_workbook(io.BytesIO(data)).worksheets[1]
    cell = next(c for row in plan.iter_rows() for c in row if c.value == "=1+1 ไม่ใช่สูตร")
    assert cell.data_type == "s"


def test_plan_xlsx_thai_digits(reader):
    data = documents.plan_xlsx(reader, ORG, YEAR, thai_digits=True, today=TODAY)
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["วิเคราะห์ผล ๒๕๖๖", "แผนมาตรการ ๒๕๖๗"]
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is not None:
                    assert isinstance(cell.value, str), cell.coordinate
                    assert not ASCII_DIGIT.search(cell.value), (cell.coordinate, cell.value)
    rows = sheet_rows(book.worksheets[0])
    header = [h.translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")) for h in ANALYSIS_HEADER]
    assert table_after(rows, header, 6)[3][:3] == ["๓. การใช้อำนาจ", "๘๔.๐๐", "-๖.๐๐"]


# --- the implementation report ---------------------------------------------------------------


def test_report_memo_round_6(report_bytes):
    doc = read_docx(report_bytes)
    texts = paragraphs(doc)
    assert texts[:6] == [
        "บันทึกข้อความ",
        "ส่วนราชการ สำนักปลัด องค์การบริหารส่วนตำบลทดสอบนาดี อำเภอเมืองทดสอบ จังหวัดทดสอบ",
        "ที่ ................................",
        "วันที่ 15 ตุลาคม 2566",
        f"เรื่อง {SUBJECT} (รอบ 6 เดือน)",
        "เรียน นายกองค์การบริหารส่วนตำบลทดสอบนาดี",
    ]
    sections = [texts.index(s) for s in ("เรื่องเดิม", "ข้อเท็จจริง", "ข้อพิจารณา/ข้อเสนอแนะ")]
    assert sections == sorted(sections)
    assert texts[sections[0] + 1].startswith(
        "ตามที่ได้ดำเนินการวิเคราะห์ผลการประเมิน ITA ขององค์การบริหารส่วนตำบลทดสอบนาดี ปีงบประมาณ พ.ศ. 2565"
    )
    facts = texts[sections[1] + 1]
    assert "รอบ 6 เดือน (1 ตุลาคม 2565 ถึง 31 มีนาคม 2566)" in facts
    # statuses in their list order: not started, in progress; then the measure with no report
    assert (
        "จำนวน 3 มาตรการ ได้แก่ ยังไม่เริ่ม 1 มาตรการ กำลังดำเนินการ 1 มาตรการ "
        "ยังไม่มีรายงาน 1 มาตรการ" in facts
    )
    assert "จึงเรียนมาเพื่อโปรดทราบและพิจารณา" in texts


def test_report_table_round_6(report_bytes):
    doc = read_docx(report_bytes)
    assert len(doc.tables) == 1
    assert table_text(doc.tables[0]) == [SIX, *REPORT_6_ROWS]
    # the memo in portrait, the table in landscape
    assert [s.orientation for s in doc.sections] == [WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE]


def test_report_round_12(reader):
    doc = read_docx(documents.report_docx(reader, ORG, YEAR, 12, today=TODAY))
    texts = paragraphs(doc)
    assert f"เรื่อง {SUBJECT} (รอบ 12 เดือน)" in texts
    facts = texts[texts.index("ข้อเท็จจริง") + 1]
    assert "รอบ 12 เดือน (1 ตุลาคม 2565 ถึง 30 กันยายน 2566)" in facts
    assert (
        "จำนวน 3 มาตรการ ได้แก่ กำลังดำเนินการ 1 มาตรการ ดำเนินการแล้ว 1 มาตรการ "
        "ยังไม่มีรายงาน 1 มาตรการ" in facts
    )
    assert table_text(doc.tables[0]) == [SIX, *REPORT_12_ROWS]


def test_report_for_a_municipality(reader):
    doc = read_docx(documents.report_docx(reader, OTHER, YEAR, 12, today=TODAY))
    texts = paragraphs(doc)
    assert "ส่วนราชการ สำนักปลัด เทศบาลตำบลทดสอบสอง อำเภอเมืองทดสอบ จังหวัดทดสอบ" in texts
    assert "เรียน นายกเทศมนตรีตำบลทดสอบสอง" in texts
    assert table_text(doc.tables[0])[1:] == [
        [
            "1. มาตรการลดขั้นตอนการให้บริการ",
            "ประกาศขั้นตอนและระยะเวลาให้บริการ",
            "สำนักปลัดเทศบาล",
            "ตลอดปีงบประมาณ",
            "ยังไม่มีรายงานรอบ 12 เดือน",
            "",
        ]
    ]


# --- errors ---------------------------------------------------------------------------------


def assert_bilingual(message: str, thai: str, english: str) -> None:
    assert thai in message and english in message, message


@pytest.mark.parametrize(
    "make",
    [
        lambda r: documents.plan_docx(r, "NOPE", YEAR),
        lambda r: documents.plan_xlsx(r, "NOPE", YEAR),
        lambda r: documents.report_docx(r, "NOPE", YEAR, 6),
    ],
    ids=["plan_docx", "plan_xlsx", "report_docx"],
)
def test_unknown_organisation(reader, make):
    with pytest.raises(ValueError) as info:
        make(reader)
    assert_bilingual(str(info.value), "ไม่พบหน่วยงานรหัส NOPE", "No organisation with the code")


def test_year_without_data(reader):
    with pytest.raises(ValueError) as info:
        documents.plan_docx(reader, ORG, 2560)
    assert_bilingual(str(info.value), "ไม่มีข้อมูลผลการประเมินหรือมาตรการ", "No results or measures")
    with pytest.raises(ValueError) as info:
        documents.plan_xlsx(reader, OTHER, 2565)
    assert_bilingual(str(info.value), "ปีงบประมาณ พ.ศ. 2565", "for the fiscal year 2565")
    with pytest.raises(ValueError) as info:
        documents.report_docx(reader, ORG, 2565, 12)  # assessed in 2565, but no measures
    assert_bilingual(str(info.value), "ไม่มีมาตรการ", "No measures of T0001")


def test_round_must_be_6_or_12(reader):
    with pytest.raises(ValueError) as info:
        documents.report_docx(reader, ORG, YEAR, 7)
    assert_bilingual(str(info.value), "6 หรือ 12", "must be 6 or 12")


# --- the demo database ----------------------------------------------------------------------


def test_documents_on_the_demo_database(demo_db):
    reader = dbmod.open_reader(demo_db)
    try:
        code, year, name = reader.rows(
            "select m.org_code, m.fiscal_year, t.name_prefix || o.name_th "
            "from core.measures as m join core.organisations as o using (org_code) "
            "join core.org_types as t using (type_code) "
            "join core.indicator_scores as s using (org_code, fiscal_year) "
            "order by m.fiscal_year desc, m.org_code limit 1"
        )[0]
        plan = read_docx(documents.plan_docx(reader, code, year))
        report = read_docx(documents.report_docx(reader, code, year, 12))
        book = openpyxl.load_workbook(io.BytesIO(documents.plan_xlsx(reader, code, year)))
    finally:
        reader.close()
    assert name in paragraphs(plan)
    assert table_text(plan.tables[0])[0][1] == f"คะแนนปี {year}"
    assert len(table_text(plan.tables[0])) == 11  # ten indicators under the header
    assert table_text(plan.tables[-1])[0] == SIX
    assert table_text(report.tables[0])[0] == SIX
    assert len(report.tables[0].rows) > 1
    assert book.sheetnames == [f"วิเคราะห์ผล {year}", f"แผนมาตรการ {year + 1}"]


# --- rendering: LibreOffice turns the DOCX into a PDF with the Thai text ---------------------


def comparable(text: str) -> str:
    """Text without white space and Thai tone marks: pdftotext puts spaces and line breaks where
    the layout wraps or a glyph sits apart, and gives a tone mark set above a vowel (ชี้) after
    the next letter (ชีแ้)."""
    return re.sub(r"[\s\u0E48-\u0E4B]+", "", text)


def test_docx_renders_to_pdf_with_thai_text(reader, tmp_path):
    soffice = shutil.which("soffice")
    pdftotext = shutil.which("pdftotext")
    assert soffice, "LibreOffice is missing: bash .ci/setup.sh installs libreoffice-writer-nogui"
    assert pdftotext, "pdftotext is missing: bash .ci/setup.sh installs poppler-utils"
    plan = tmp_path / "plan.docx"
    report = tmp_path / "report.docx"
    plan.write_bytes(documents.plan_docx(reader, ORG, YEAR, today=TODAY))
    report.write_bytes(documents.report_docx(reader, ORG, YEAR, 12, today=TODAY))
    out = tmp_path / "pdf"
    started = time.perf_counter()
    done = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={(tmp_path / 'lo-profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            str(plan),
            str(report),
        ],
        capture_output=True,
        text=True,
        timeout=240,
        env={"HOME": str(tmp_path / "home"), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"},
    )
    took = time.perf_counter() - started
    assert done.returncode == 0, done.stderr
    texts = {}
    for name in ("plan", "report"):
        pdf = out / f"{name}.pdf"
        assert pdf.is_file() and pdf.read_bytes().startswith(b"%PDF"), (done.stdout, done.stderr)
        extracted = subprocess.run(
            [pdftotext, "-enc", "UTF-8", str(pdf), "-"],
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        ).stdout
        texts[name] = comparable(extracted)
    for needle in (
        "อบต.ทดสอบนาดี",
        "อำเภอเมืองทดสอบจังหวัดทดสอบ",
        "มาตรการ",
        "แผนมาตรการส่งเสริมคุณธรรมและความโปร่งใส",
        "84.00",
        "วันที่ 15 ตุลาคม 2566",
        "5. ประชุมชี้แจงบุคลากร",
    ):
        assert comparable(needle) in texts["plan"], (needle, texts["plan"][:2000])
    for needle in ("บันทึกข้อความ", "ส่วนราชการ", "องค์การบริหารส่วนตำบลทดสอบนาดี", "มาตรการ"):
        assert comparable(needle) in texts["report"], (needle, texts["report"][:2000])
    print(f"LibreOffice converted 2 DOCX files in {took:.1f} s")
