"""The measures-report parser: the seed text, a Word file built here, the memo, and every
problem a broken report gives (located, in Thai and English). Pure; no database."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import fields
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from support import UNDATED_EN, UNDATED_TH, docx_bytes, fill_row

from dashboard.ingest.report_parser import (
    ParsedMeasure,
    ParsedReport,
    cell_text,
    compact,
    parse_docx,
    parse_memo,
    parse_text,
)

SEED = (
    Path(__file__).resolve().parents[2] / "shared" / "reference" / "seed-measures-report-2566.txt"
)
HEADER = "มาตรการ\tวิธีการดำเนินการ\tผู้รับผิดชอบ\tระยะเวลา\tผลการดำเนินการ\tข้อเสนอแนะ"
HEADER_CELLS = HEADER.split("\t")
THAI_DIGITS = re.compile("[๐-๙]")

# The seed's shape, written by hand: used when the reference file is absent, and always tested.
HANDMADE_SEED = "\n".join(
    [
        "",
        "บันทึกข้อความ",
        "",
        "ส่วนราชการ สำนักปลัด องค์การบริหารส่วนตำบลกระจ่าย อำเภอป่าตึง จังหวัดยโสธร",
        "ที่ ยส. ๗๑๐๐๑ / -",
        "วันที่ ๒๗ เมษายน ๒๕๖๖",
        "เรื่อง รายงานผลการดำเนินการมาตรการส่งเสริมคุณธรรมและความโปร่งใสขององค์การบริหารส่วนตำบล"
        "กระจ่าย ประจำปีงบประมาณ พ.ศ. ๒๕๖๖",
        "ตามที่ได้ดำเนินการวิเคราะห์ผลการประเมิน ITA ขององค์การบริหารส่วนตำบลกระจ่าย ปีงบประมาณ พ.ศ. "
        "๒๕๖๕ และได้กำหนดมาตรการในปีงบประมาณ พ.ศ. ๒๕๖๖ นั้น",
        "ความเห็นปลัด อบต. กระจาย -เห็นควรอนุมัติ",
        "องค์การบริหารส่วนตำบลกระเจา",
        "อำเภอป่าตึก จังหวัดอุบลราชธานี",
        "",
        HEADER,
        "๑. การแก้ไข ปัญหาการ ทุจริต\t- ประชาสัมพันธ์ ข้อมูลทางสถิติเรื่อง การร้องเรียนการ ทุจริต"
        "และประพฤติ มิชอบ\tสำนักปลัด\tตลอด ปีงบประมาณ\t-รายงานผลเรื่องร้องเรียน ประจำปีงบประมาณ "
        "(รอบ ๖ เดือน และรอบ ๑๒ เดือน)\t",
        "๒. การชี้แจง และการตอบ คำถามของ หน่วยงาน\t- จัดทำและ เผยแพร่ช่องทาง การติดต่อสอบถาม "
        "ข้อมูล รวมทั้งจัดทำ ช่องทางที่สามารถ เชื่อมโยงไปยัง\tสำนักปลัด\tตลอด ปีงบประมาณ\t"
        "-รายงานผลการเผยแพร่ ช่องทางการติดต่อสอบถาม ข้อมูล -มี Chat with องค์การ "
        'บริหารส่วนตำบลกระจ่าย" เป็นรูปแบบ Messenger\t',
        "",
        HEADER,
        "\t<p>เครือข่ายสังคมออนไลน์ เช่น Facebook Twitter Instagram เป็นต้น</p> <p>ดำเนินการเผยแพร่"
        "ช่องทางดังกล่าว เช่น บริเวณจุดให้บริการหรือจุดประชาสัมพันธ์ของหน่วยงาน เป็นต้น</p>\t\t\t"
        "<p>Live Chat หน้าเว็บไซต์ องค์การบริหารส่วนตำบล กิระจาย (http://krajai.go.th/)</p> \t",
        "<p>๓. การเปิดโอกาสให้เกิดการมีส่วนร่วม</p>\t<p>- แสดง การดำเนินการหรือกิจกรรมที่แสดงถึง"
        "การเปิดโอกาสให้บุคคลภายนอกได้มีส่วนร่วมในการดำเนินงานตามภารกิจของ</p>\t<p>อบต.กระจ่าย</p>\t"
        "<p>ตลอดปีงบประมาณ</p>\t<p>-รายงานผลการดำเนินการหรือกิจกรรมที่บุคคลภายนอกมีส่วนร่วม</p> "
        "<p>-โครงการจัดเวทีประชาคม เพื่อเกิดกระบวนการมีส่วนร่วมของ</p>\t",
        "",
        HEADER,
        "\tหน่วยงาน และเป็น การดำเนินการใน ปีงบประมาณ\t\t\t<p>ประชาชนในการจัดทำและ ทบทวนแผนพัฒนา"
        "ท้องถิ่นและ รับทราบถึงปัญหา และความ เตือร้อนของประชาชนใน พื้นที่</p> \t",
    ]
)
# Where each measure starts and which lines continue it: (start, continued), per source.
SEED_ROWS = {"reference": [(83, []), (84, [87]), (88, [91])]}
HANDMADE_ROWS = [(14, []), (15, [18]), (19, [22])]


def _sources() -> list[tuple[str, str, list[tuple[int, list[int]]]]]:
    sources = [("handmade", HANDMADE_SEED, HANDMADE_ROWS)]
    if SEED.exists():
        sources.insert(0, ("reference", SEED.read_text(encoding="utf-8"), SEED_ROWS["reference"]))
    else:  # the reference is absent: the seed tests still run, on the handmade copy
        sources.insert(0, ("reference-absent", HANDMADE_SEED, HANDMADE_ROWS))
    return sources


SOURCES = _sources()


def errors(report: ParsedReport):
    return [p for p in report.problems if p.severity == "error"]


def single_error(report: ParsedReport):
    found = errors(report)
    assert len(found) == 1, [p.format() for p in report.problems]
    return found[0]


def memo(*lines: str) -> str:
    base = [
        "บันทึกข้อความ",
        "ส่วนราชการ สำนักปลัด เทศบาลตำบลบ้านใหม่ อำเภอเมืองยโสธร จังหวัดยโสธร",
        "วันที่ 30 กันยายน 2566",
        "เรื่อง รายงานผลการดำเนินการตามมาตรการ ประจำปีงบประมาณ พ.ศ. 2566",
    ]
    return "\n".join([*base, *lines])


# --- the seed --------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "text", "rows"), SOURCES, ids=[s[0] for s in SOURCES])
def test_seed_memo(name, text, rows):
    report = parse_text(text, "seed.txt")
    assert report.file == "seed.txt"
    assert report.org_name == "องค์การบริหารส่วนตำบลกระจ่าย"
    assert "กระจ" in report.org_name
    assert report.district == "ป่าตึง"
    assert report.province == "ยโสธร"  # not อุบลราชธานี, written further down
    assert report.fiscal_year == 2566  # not 2565, the year assessed before
    assert report.report_date == date(2023, 4, 27)
    assert report.round is None  # the table's "รอบ ๖ เดือน และรอบ ๑๒ เดือน" is not the memo's
    assert errors(report) == []


@pytest.mark.parametrize(("name", "text", "rows"), SOURCES, ids=[s[0] for s in SOURCES])
def test_seed_measures(name, text, rows):
    report = parse_text(text, "seed.txt")
    assert [m.number for m in report.measures] == [1, 2, 3]
    assert [(m.row, m.continued) for m in report.measures] == rows
    one, two, three = report.measures

    assert one.title == "การแก้ไข ปัญหาการ ทุจริต"
    assert one.method.startswith("- ประชาสัมพันธ์ ข้อมูลทางสถิติเรื่อง การร้องเรียนการ ทุจริต")
    assert one.responsible == "สำนักปลัด"
    assert one.period == "ตลอด ปีงบประมาณ"
    assert one.outcome == ("-รายงานผลเรื่องร้องเรียน ประจำปีงบประมาณ (รอบ 6 เดือน และรอบ 12 เดือน)")
    assert one.suggestion is None

    assert two.title == "การชี้แจง และการตอบ คำถามของ หน่วยงาน"
    # the next page's row is joined to measure 2, fragments in order with single spaces
    assert "เชื่อมโยงไปยัง เครือข่ายสังคมออนไลน์ เช่น Facebook Twitter Instagram เป็นต้น ดำเนินการ" in (
        two.method
    )
    assert two.method.endswith("จุดประชาสัมพันธ์ของหน่วยงาน เป็นต้น")
    assert two.responsible == "สำนักปลัด"
    assert two.period == "ตลอด ปีงบประมาณ"
    assert "เป็นรูปแบบ Messenger Live Chat หน้าเว็บไซต์ องค์การบริหารส่วนตำบล กิระจาย" in two.outcome
    assert two.outcome.endswith("(http://krajai.go.th/)")
    assert two.suggestion is None

    assert three.title == "การเปิดโอกาสให้เกิดการมีส่วนร่วม"
    assert three.method.endswith("ตามภารกิจของ หน่วยงาน และเป็น การดำเนินการใน ปีงบประมาณ")
    assert three.responsible == "อบต.กระจ่าย"
    assert three.period == "ตลอดปีงบประมาณ"
    assert "เพื่อเกิดกระบวนการมีส่วนร่วมของ ประชาชนในการจัดทำและ ทบทวนแผนพัฒนาท้องถิ่น" in three.outcome
    assert three.outcome.endswith("เตือร้อนของประชาชนใน พื้นที่")

    for measure in report.measures:
        for f in fields(ParsedMeasure):
            value = getattr(measure, f.name)
            if isinstance(value, str):
                assert "<" not in value and ">" not in value, (f.name, value)
                assert not THAI_DIGITS.search(value), (f.name, value)
                assert "  " not in value and value == value.strip()


def test_seed_windows_line_ends_and_bom_keep_line_numbers():
    text = "\ufeff" + HANDMADE_SEED.replace("\n", "\r\n")
    report = parse_text(text, "seed.txt")
    assert [(m.row, m.continued) for m in report.measures] == HANDMADE_ROWS
    assert errors(report) == []


# --- helpers ---------------------------------------------------------------------------------


def test_compact_removes_spaces_between_thai_characters_only():
    assert compact("การแก้ไข ปัญหาการ  ทุจริต") == "การแก้ไขปัญหาการทุจริต"
    assert compact("ประจำปี ๒๕๖๖ No Gift") == "ประจำปี 2566 no gift"
    assert compact(None) == ""
    assert compact("   ") == ""


def test_cell_text_drops_tags_and_joins_fragments():
    assert cell_text("<p>ก ข</p> <p>ค</p><br/>ง") == "ก ข ค ง"
    assert cell_text("<p>๓.&nbsp;ทดสอบ &amp; ลอง</p>") == "3. ทดสอบ & ลอง"
    assert cell_text("a < b > c") == "a < b > c"
    assert cell_text("<p> </p>") is None


@pytest.mark.parametrize(
    ("title", "number", "rest"),
    [
        ("๑. การแก้ไขปัญหาการทุจริต", 1, "การแก้ไขปัญหาการทุจริต"),
        ("1) การชี้แจง", 1, "การชี้แจง"),
        ("(12) การเปิดโอกาส", 12, "การเปิดโอกาส"),
        ("มาตรการที่ ๓ การมีส่วนร่วม", 3, "การมีส่วนร่วม"),
        ("4 การป้องกัน", 4, "การป้องกัน"),
        ("1.1 กิจกรรมย่อย", None, "1.1 กิจกรรมย่อย"),
        ("การเปิดเผยข้อมูล", None, "การเปิดเผยข้อมูล"),
    ],
)
def test_measure_number_taken_from_the_title(title, number, rest):
    report = parse_text(memo(HEADER, f"{title}\tวิธี\tสำนักปลัด\tตลอดปี\tผล\t"), "t.txt")
    assert [(m.number, m.title) for m in report.measures] == [(number, rest)]


# --- the memo --------------------------------------------------------------------------------


def test_memo_short_forms_and_arabic_round():
    info = parse_memo(
        [
            "ส่วนราชการ งานนิติการ อบต.กระจาย อ.ป่าติ้ว จ.ยโสธร",
            "วันที่ ๓๑ มี.ค. ๖๖",
            "รายงานผลการดำเนินการ รอบ 6 เดือน ประจำปีงบประมาณ ๒๕๖๖",
        ]
    )
    assert (info.org_name, info.district, info.province) == ("อบต.กระจาย", "ป่าติ้ว", "ยโสธร")
    assert info.report_date == date(2023, 3, 31)
    assert info.fiscal_year == 2566
    assert info.round == 6
    assert info.problems == []


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("รายงานผล รอบ ๑๒ เดือน", 12),
        ("รายงานผล รอบ ๖ เดือน", 6),
        ("รายงานผลการดำเนินงานครึ่งปีงบประมาณ", 6),
        ("รายงานผลรอบ ๖ เดือน และรอบ ๑๒ เดือน", None),
        ("รายงานผลการดำเนินการ", None),
    ],
)
def test_memo_round_only_when_named(line, expected):
    info = parse_memo(["เทศบาลเมืองยโสธร จังหวัดยโสธร", "ประจำปีงบประมาณ 2566", line])
    assert info.round == expected


def test_memo_fiscal_year_without_ประจำปี_is_the_largest():
    info = parse_memo(
        ["องค์การบริหารส่วนจังหวัดยโสธร", "ผลการประเมินปีงบประมาณ ๒๕๖๕ มาตรการในปีงบประมาณ ๒๕๖๖"]
    )
    assert info.fiscal_year == 2566
    assert info.org_name == "องค์การบริหารส่วนจังหวัดยโสธร"
    assert info.province == "ยโสธร"  # a provincial organisation is named after its province


def test_memo_words_broken_by_spaces_and_name_without_space():
    info = parse_memo(
        [
            "เรียน นายกองค์การบริหารส่วนตำบลกระจ่ายอำเภอป่าตึงจังหวัดยโสธร",
            "ประจำ ปีงบ ประมาณ พ.ศ.๒๕๖๗",
            "วันที่ 2 กรกฏาคม 2567",
        ]
    )
    assert (info.org_name, info.district, info.province) == (
        "องค์การบริหารส่วนตำบลกระจ่าย",
        "ป่าตึง",
        "ยโสธร",
    )
    assert info.fiscal_year == 2567
    assert info.report_date == date(2024, 7, 2)


def test_memo_impossible_date_is_a_warning():
    """The memo names its round, so the outcomes have one: the impossible date is a warning."""
    report = parse_text(
        memo("รอบ 12 เดือน", HEADER, "1. การชี้แจง\tวิธี\tสำนักปลัด\tตลอดปี\tผล\t").replace(
            "30 กันยายน", "๓๑ กุมภาพันธ์"
        ),
        "t.txt",
    )
    assert report.round == 12
    assert report.report_date is None
    assert errors(report) == []
    (warning,) = report.problems
    assert warning.severity == "warning"
    assert warning.reason_th == "วันที่ของรายงานไม่มีอยู่จริง: 31 กุมภาพันธ์ 2566"
    assert warning.reason_en == "the report date does not exist: 31 กุมภาพันธ์ 2566"


# --- problems --------------------------------------------------------------------------------


def test_text_without_a_table():
    report = parse_text(memo("ผลการดำเนินการเป็นไปตามแผน", "ไม่มีตาราง"), "plain.txt")
    assert report.measures == []
    problem = single_error(report)
    assert (problem.file, problem.row, problem.column) == ("plain.txt", None, None)
    assert_no_table_named(problem, "plain.txt")


def assert_no_table_named(problem, file: str) -> None:
    """The problem says, in Thai and English, that the report `file` holds no measures table,
    and which header row was looked for."""
    headers = ", ".join(HEADER_CELLS)
    assert problem.reason_th == f"ไม่พบตารางมาตรการในรายงาน {file} (ต้องมีแถวหัวตาราง: {headers})"
    assert problem.reason_en == (
        f"no measures table found in the report {file} (expected a header row with: {headers})"
    )


def test_table_without_measures():
    report = parse_text(memo(HEADER, "", "(ลงชื่อ) ผู้รายงาน"), "empty-table.txt")
    problem = single_error(report)
    assert problem.row == 5
    assert problem.reason_th == "ตารางมาตรการไม่มีมาตรการเลย"
    assert problem.reason_en == "the measures table holds no measures"


@pytest.mark.parametrize(
    ("cells", "row", "count"),
    [
        (HEADER_CELLS[:5], "1. การชี้แจง\tวิธี\tสำนักปลัด\tตลอดปี\tผล", 5),
        (["ที่", *HEADER_CELLS[:5]], "1\tการชี้แจง\tวิธี\tสำนักปลัด\tตลอดปี\tผล", 6),  # numbered
    ],
)
def test_header_with_a_field_missing(cells, row, count):
    report = parse_text(memo("\t".join(cells), row), "missing.txt")
    problem = single_error(report)
    assert problem.row == 5
    assert problem.reason_th.startswith(
        f"ตารางมี {count} คอลัมน์ ต้องมี 6 คอลัมน์ (หรือ 7 คอลัมน์เมื่อมีคอลัมน์ลำดับ ที่/ลำดับ): "
        "มาตรการ, วิธีการดำเนินการ"
    )
    assert problem.reason_th.endswith("(ขาด: ข้อเสนอแนะ)")
    assert problem.reason_en.startswith(
        f"the table has {count} columns; expected 6 (or 7 with a numbering column ที่/ลำดับ): มาตรการ"
    )
    assert problem.reason_en.endswith("(missing: ข้อเสนอแนะ)")
    assert report.measures == []


def test_header_with_an_unknown_column():
    header = HEADER.replace("ระยะเวลา", "งบประมาณ")
    report = parse_text(memo(header, "1. การชี้แจง\tวิธี\tสำนักปลัด\tตลอดปี\tผล\t"), "h.txt")
    problem = single_error(report)
    assert problem.row == 5
    assert problem.reason_th.startswith("หัวตารางไม่ตรงกับแบบรายงาน")
    assert problem.reason_th.endswith("(ไม่รู้จัก: งบประมาณ)")
    assert problem.reason_en.endswith("(unknown: งบประมาณ)")


def test_header_tolerates_spaces_and_digits():
    header = (
        "(๑) มาตร การ\t(2) วิธีการ ดำเนินการ\t(๓) ผู้รับ ผิดชอบ\t4. ระยะ เวลา\t"
        "(๕)\u00a0ผลการดำเนินการ\t6 ข้อเสนอแนะ"
    )
    report = parse_text(memo(header, "1. การชี้แจง\tวิธี\tสำนักปลัด\tตลอดปี\tผล\tไม่มี"), "h.txt")
    assert errors(report) == []
    assert [(m.title, m.suggestion) for m in report.measures] == [("การชี้แจง", "ไม่มี")]


def test_measure_with_an_empty_title():
    report = parse_text(
        memo(
            HEADER,
            "1. การชี้แจง\tวิธี\tสำนักปลัด\tตลอดปี\tผล\t",
            "๒.\tวิธีที่สอง\tสำนักปลัด\tตลอดปี\tผล\t",
        ),
        "empty.txt",
    )
    problem = single_error(report)
    assert problem.row == 7
    assert problem.column == "มาตรการ"
    assert problem.reason_th == "มาตรการไม่มีชื่อ (ช่องมาตรการมีแต่ลำดับ)"
    assert problem.reason_en == "the measure has no title (the มาตรการ cell holds only a number)"


def test_continuation_row_before_any_measure():
    report = parse_text(
        memo(
            HEADER,
            "\tวิธีที่ค้างมา\t\t\tผลที่ค้างมา\t",
            "1. การชี้แจง\tวิธี\tสำนักปลัด\tตลอดปี\tผล\t",
        ),
        "cont.txt",
    )
    problem = single_error(report)
    assert problem.row == 6
    assert problem.reason_th.startswith("แถวต่อเนื่อง (ช่องมาตรการว่าง) อยู่ก่อนมาตรการแรก")
    assert problem.reason_en == "a continuation row (empty มาตรการ cell) comes before any measure"
    assert [(m.number, m.method, m.outcome) for m in report.measures] == [(1, "วิธี", "ผล")]


def test_repeated_measure_number():
    report = parse_text(
        memo(
            HEADER,
            "๑. การแก้ไขปัญหาการทุจริต\tวิธี\tสำนักปลัด\tตลอดปี\tผล\t",
            "๒. การชี้แจง\tวิธี\tสำนักปลัด\tตลอดปี\tผล\t",
            "2. การเปิดโอกาส\tวิธี\tสำนักปลัด\tตลอดปี\tผล\t",
        ),
        "dup.txt",
    )
    problem = single_error(report)
    assert problem.row == 8
    assert problem.value == "2"
    assert problem.reason_th == "ลำดับมาตรการ 2 ซ้ำ (มีแล้วที่แถว 7)"
    assert problem.reason_en == "measure number 2 is repeated (first at row 7)"
    assert [m.number for m in report.measures] == [1, 2, 2]


def test_row_with_more_cells_than_the_table():
    report = parse_text(memo(HEADER, "1. การชี้แจง\tวิธี\tสำนักปลัด\tตลอดปี\tผล\t\tเกินมา"), "x.txt")
    problem = single_error(report)
    assert problem.row == 6
    assert problem.value == "เกินมา"
    assert problem.reason_en.startswith("this row has more cells than the table's 6 columns")
    assert problem.reason_th.startswith("แถวนี้มีข้อมูลเกิน 6 คอลัมน์ของตาราง")


def test_memo_without_organisation():
    text = "\n".join(
        [
            "บันทึกข้อความ",
            "วันที่ 30 กันยายน 2566",
            "รายงานผล ประจำปีงบประมาณ พ.ศ. ๒๕๖๖",
            HEADER,
            "1. การชี้แจง\tวิธี\tสำนักปลัด\tตลอดปี\tผล\t",
        ]
    )
    report = parse_text(text, "noorg.txt")
    problem = single_error(report)
    assert problem.row is None
    assert problem.reason_th.startswith("ไม่พบชื่อองค์กรปกครองส่วนท้องถิ่น")
    assert problem.reason_en.startswith("no organisation name")
    assert report.org_name is None and report.fiscal_year == 2566


def test_memo_without_fiscal_year():
    text = "\n".join(
        [
            "ส่วนราชการ สำนักปลัด อบต.กระจาย อ.ป่าตึง จ.ยโสธร",
            "วันที่ 30 กันยายน 2566",
            HEADER,
            "1. การชี้แจง\tวิธี\tสำนักปลัด\tตลอดปี\tผล\t",
        ]
    )
    report = parse_text(text, "noyear.txt")
    problem = single_error(report)
    assert problem.row is None
    assert problem.reason_th.startswith("ไม่พบปีงบประมาณ")
    assert problem.reason_en.startswith("no fiscal year")
    assert report.fiscal_year is None and report.org_name == "อบต.กระจาย"


@pytest.mark.parametrize(
    ("extra", "outcome"),
    [("รอบ 6 เดือน", "ผล"), ("", "")],
    ids=["round-named", "plan-only"],
)
def test_memo_without_date_is_a_warning_only(extra, outcome):
    """No date, but the memo names the round, or no measure has an outcome (a plan only): the
    outcomes need no round, so the missing date is a warning."""
    text = memo(extra, HEADER, f"1. การชี้แจง\tวิธี\tสำนักปลัด\tตลอดปี\t{outcome}\t").replace(
        "วันที่ 30 กันยายน 2566", "ที่ ยส 71001"
    )
    report = parse_text(text, "nodate.txt")
    assert errors(report) == []
    (warning,) = report.problems
    assert warning.severity == "warning"
    assert warning.reason_en.startswith("no report date")
    assert warning.reason_th.startswith("ไม่พบวันที่ของรายงาน")


# A memo giving neither the report's date nor its round: the outcomes cannot be assigned to the
# 6- or 12-month round. One error, at the first measure's row (the memo has no row), in place of
# the warning about the missing date.
UNDATED_ROWS = (
    "1. การชี้แจง\tวิธี\tสำนักปลัด\tตลอดปี\tผลหนึ่ง\t",
    "2. การเปิดโอกาส\tวิธี\tสำนักปลัด\tตลอดปี\t\t",
    "3. การเปิดเผยข้อมูล\tวิธี\tสำนักปลัด\tตลอดปี\tผลสาม\t",
)


def test_memo_without_date_or_round_is_one_error_at_the_first_measure():
    text = memo(HEADER, *UNDATED_ROWS).replace("วันที่ 30 กันยายน 2566", "ที่ ยส 71001")
    report = parse_text(text, "undated.txt")
    assert (report.report_date, report.round) == (None, None)
    assert len(report.measures) == 3
    # one problem, not a warning about the date beside it
    assert len(report.problems) == 1, [p.format() for p in report.problems]
    (problem,) = report.problems
    assert problem.severity == "error"
    assert (problem.file, problem.row, problem.column, problem.value) == (
        "undated.txt",
        6,  # the first measure's line: memo lines 1-4, the header on line 5
        None,
        None,
    )
    assert problem.reason_th == UNDATED_TH
    assert problem.reason_en == UNDATED_EN


def test_memo_with_an_impossible_date_and_no_round_is_one_error():
    text = memo(HEADER, *UNDATED_ROWS).replace("30 กันยายน", "๓๑ กุมภาพันธ์")
    report = parse_text(text, "feb31.txt")
    assert len(report.problems) == 1, [p.format() for p in report.problems]
    (problem,) = report.problems
    assert problem.severity == "error"
    assert (problem.file, problem.row, problem.column, problem.value) == (
        "feb31.txt",
        6,
        None,
        "31 กุมภาพันธ์ 2566",
    )
    assert problem.reason_th == (
        "วันที่ของรายงานไม่มีอยู่จริง (31 กุมภาพันธ์ 2566) และบันทึกข้อความไม่ระบุรอบรายงาน "
        "จึงไม่ทราบว่าผลการดำเนินการเป็นของรอบ 6 เดือนหรือ 12 เดือน: ให้แก้วันที่ของรายงานในบันทึกข้อความ "
        'หรือระบุรอบ (เช่น "รอบ ๖ เดือน")'
    )
    assert problem.reason_en == (
        "the report date does not exist (31 กุมภาพันธ์ 2566) and the memo gives no round, so "
        "its outcomes cannot be assigned to the 6- or 12-month round: correct the report date "
        'in the memo or write its round (such as "รอบ ๖ เดือน")'
    )


def test_text_between_table_rows_is_a_warning():
    report = parse_text(
        memo(
            HEADER,
            "1. การชี้แจง\tวิธี\tสำนักปลัด\tตลอดปี\tผล\t",
            "- ๒ -",
            "4. มาตรการที่หลุดจากตาราง",
            "2. การเปิดโอกาส\tวิธี\tสำนักปลัด\tตลอดปี\tผล\t",
            "",
            "(ลงชื่อ) ผู้รายงาน",
        ),
        "between.txt",
    )
    assert errors(report) == []
    (warning,) = report.problems  # the page number and the signature are not reported
    assert warning.row == 8
    assert warning.severity == "warning"
    assert warning.reason_en.startswith("this text sits between table rows")
    assert [m.number for m in report.measures] == [1, 2]


# --- form (b): Word --------------------------------------------------------------------------


def build_report_docx() -> bytes:
    document = Document()
    document.add_paragraph("บันทึกข้อความ")
    document.add_paragraph("ส่วนราชการ\tสำนักปลัด องค์การบริหารส่วนตำบลกระจาย อำเภอป่าติ้ว จังหวัดยโสธร")
    document.add_paragraph("ที่ ยส ๗๑๐๐๑/๑๒๓\tวันที่ ๑๕ ตุลาคม ๒๕๖๖")
    document.add_paragraph(
        "เรื่อง รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส "
        "ประจำปีงบประมาณ พ.ศ. ๒๕๖๖ รอบ ๑๒ เดือน"
    )
    first = document.add_table(rows=3, cols=6)
    fill_row(first, 0, HEADER_CELLS)
    fill_row(
        first,
        1,
        ["๑. การแก้ไข ปัญหาการ ทุจริต", "ประชาสัมพันธ์ช่องทาง\nร้องเรียน", "", "ตลอดปี", "ดำเนินการแล้ว", ""],
    )
    fill_row(
        first,
        2,
        ["๒. การชี้แจง และการตอบ คำถาม", "จัดทำช่องทาง", "", "ต.ค. ๖๕ - ก.ย. ๖๖", "มีช่องทาง", ""],
    )
    # one responsible unit for both measures: a vertically merged cell
    merged = first.cell(1, 2).merge(first.cell(2, 2))
    merged.text = "สำนักปลัด"
    document.add_page_break()
    second = document.add_table(rows=3, cols=6)
    fill_row(second, 0, HEADER_CELLS)
    fill_row(second, 1, ["", "ติดต่อสอบถาม", "", "", "ผ่าน Facebook", "ควรทำต่อ"])
    fill_row(
        second, 2, ["๓. การเปิดโอกาสให้เกิดการมีส่วนร่วม", "จัดเวทีประชาคม", "กองช่าง", "ไตรมาส ๒", "", ""]
    )
    # outcome and suggestion of measure 3 in one cell: a horizontally merged cell
    wide = second.cell(2, 4).merge(second.cell(2, 5))
    wide.text = "จัดเวทีแล้ว ๒ ครั้ง"
    return docx_bytes(document)


def test_docx_split_table_continued_row_and_merged_cells():
    report = parse_docx(build_report_docx(), "report.docx")
    assert errors(report) == [], [p.format() for p in report.problems]
    assert report.problems == []
    assert report.form == "docx"
    assert report.org_name == "องค์การบริหารส่วนตำบลกระจาย"
    assert (report.district, report.province) == ("ป่าติ้ว", "ยโสธร")
    assert report.fiscal_year == 2566
    assert report.report_date == date(2023, 10, 15)  # after the year: a 12-month report
    assert report.round == 12
    # rows count every table row of the document: the first table is rows 1-3, the second 4-6
    assert [(m.number, m.row, m.continued) for m in report.measures] == [
        (1, 2, []),
        (2, 3, [5]),
        (3, 6, []),
    ]
    one, two, three = report.measures
    assert one.title == "การแก้ไข ปัญหาการ ทุจริต"
    assert one.method == "ประชาสัมพันธ์ช่องทาง ร้องเรียน"
    assert one.responsible == "สำนักปลัด"
    assert two.title == "การชี้แจง และการตอบ คำถาม"
    assert two.method == "จัดทำช่องทาง ติดต่อสอบถาม"
    assert two.responsible == "สำนักปลัด"  # the lower half of the merged cell
    assert two.period == "ต.ค. 65 - ก.ย. 66"
    assert two.outcome == "มีช่องทาง ผ่าน Facebook"
    assert two.suggestion == "ควรทำต่อ"
    assert three.title == "การเปิดโอกาสให้เกิดการมีส่วนร่วม"
    assert three.responsible == "กองช่าง"
    assert three.period == "ไตรมาส 2"
    assert three.outcome == "จัดเวทีแล้ว 2 ครั้ง"
    assert three.suggestion is None


def test_docx_title_merged_down_continues_the_measure():
    document = Document()
    document.add_paragraph("ส่วนราชการ เทศบาลตำบลบ้านใหม่ อำเภอเมือง จังหวัดยโสธร")
    document.add_paragraph("ประจำปีงบประมาณ ๒๕๖๗ วันที่ ๒ เม.ย. ๒๕๖๗")
    table = document.add_table(rows=3, cols=6)
    fill_row(table, 0, HEADER_CELLS)
    fill_row(table, 1, ["1. การเปิดเผยข้อมูล", "ขั้นที่หนึ่ง", "สำนักปลัด", "ตลอดปี", "ผลหนึ่ง", ""])
    fill_row(table, 2, ["", "ขั้นที่สอง", "", "", "ผลสอง", ""])
    table.cell(1, 0).merge(table.cell(2, 0)).text = "1. การเปิดเผยข้อมูล"
    table.cell(1, 2).merge(table.cell(2, 2)).text = "สำนักปลัด"
    report = parse_docx(docx_bytes(document), "merged.docx")
    assert errors(report) == []
    (measure,) = report.measures
    assert (measure.number, measure.row, measure.continued) == (1, 2, [3])
    assert measure.method == "ขั้นที่หนึ่ง ขั้นที่สอง"
    assert measure.responsible == "สำนักปลัด"  # not repeated by the continuation
    assert measure.outcome == "ผลหนึ่ง ผลสอง"
    assert report.report_date == date(2024, 4, 2)
    assert report.fiscal_year == 2567


def test_docx_memo_without_date_or_round_is_one_error_at_the_first_measure():
    document = Document()
    document.add_paragraph("บันทึกข้อความ")
    document.add_paragraph("ส่วนราชการ อบต.กระจาย อ.ป่าตึง จ.ยโสธร ประจำปีงบประมาณ ๒๕๖๖")
    document.add_paragraph("ที่ ยส ๗๑๐๐๑/๑๒๓")
    table = document.add_table(rows=4, cols=6)
    fill_row(table, 0, HEADER_CELLS)
    for index, line in enumerate(UNDATED_ROWS, start=1):
        fill_row(table, index, line.split("\t"))
    report = parse_docx(docx_bytes(document), "undated.docx")
    assert len(report.measures) == 3
    assert len(report.problems) == 1, [p.format() for p in report.problems]
    (problem,) = report.problems
    assert problem.severity == "error"
    # the memo's paragraphs have no row: the first measure's table row (after the header)
    assert (problem.file, problem.row, problem.column, problem.value) == (
        "undated.docx",
        2,
        None,
        None,
    )
    assert problem.reason_th == UNDATED_TH
    assert problem.reason_en == UNDATED_EN


def test_docx_plan_without_date_is_a_warning_only():
    document = Document()
    document.add_paragraph("ส่วนราชการ อบต.กระจาย อ.ป่าตึง จ.ยโสธร ประจำปีงบประมาณ ๒๕๖๖")
    table = document.add_table(rows=3, cols=6)
    fill_row(table, 0, HEADER_CELLS)
    fill_row(table, 1, ["1. การชี้แจง", "วิธี", "สำนักปลัด", "ตลอดปี", "", ""])
    fill_row(table, 2, ["2. การเปิดโอกาส", "วิธี", "สำนักปลัด", "ตลอดปี", "", ""])
    report = parse_docx(docx_bytes(document), "plan.docx")
    assert errors(report) == []
    (warning,) = report.problems
    assert (warning.severity, warning.row) == ("warning", None)
    assert warning.reason_en.startswith("no report date")


def test_docx_header_with_five_columns():
    document = Document()
    document.add_paragraph("ส่วนราชการ อบต.กระจาย อ.ป่าตึง จ.ยโสธร ประจำปีงบประมาณ ๒๕๖๖")
    document.add_paragraph("วันที่ ๑ เมษายน ๒๕๖๖")
    table = document.add_table(rows=2, cols=5)
    fill_row(table, 0, HEADER_CELLS[:5])
    fill_row(table, 1, ["1. การชี้แจง", "วิธี", "สำนักปลัด", "ตลอดปี", "ผล"])
    report = parse_docx(docx_bytes(document), "five.docx")
    problem = single_error(report)
    assert problem.row == 1
    assert problem.reason_en.startswith("the table has 5 columns; expected 6")
    assert problem.reason_th.startswith("ตารางมี 5 คอลัมน์ ต้องมี 6 คอลัมน์")


def test_docx_without_a_table():
    document = Document()
    document.add_paragraph("ส่วนราชการ อบต.กระจาย อ.ป่าตึง จ.ยโสธร ประจำปีงบประมาณ ๒๕๖๖")
    document.add_paragraph("วันที่ ๑ เมษายน ๒๕๖๖")
    report = parse_docx(docx_bytes(document), "notable.docx")
    problem = single_error(report)
    assert (problem.file, problem.row, problem.column) == ("notable.docx", None, None)
    assert_no_table_named(problem, "notable.docx")


def test_renamed_pdf_is_a_problem_not_an_exception():
    report = parse_docx(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", "report.docx")
    assert report.measures == []
    problem = single_error(report)
    assert (problem.file, problem.row) == ("report.docx", None)
    assert problem.reason_th == "ไฟล์นี้เป็น PDF ไม่ใช่ไฟล์ Word (.docx)"
    assert problem.reason_en == "this is a PDF, not a Word (.docx) file"


def test_old_word_file_is_a_problem():
    report = parse_docx(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, "old.docx")
    problem = single_error(report)
    assert problem.reason_en == "old Word files (.doc) are not read: save as .docx"
    assert problem.reason_th == "ไม่รองรับไฟล์ Word รุ่นเก่า (.doc) กรุณาบันทึกเป็น .docx"


@pytest.mark.parametrize("kind", ["text", "zip"])
def test_other_files_are_a_problem(kind):
    if kind == "text":
        data = "มาตรการ\tวิธีการดำเนินการ".encode()
    else:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("hello.txt", "not a word file")
        data = buffer.getvalue()
    report = parse_docx(data, "x.docx")
    problem = single_error(report)
    assert problem.reason_en.startswith("this is not a valid Word (.docx) file")
    assert problem.reason_th.startswith("ไฟล์นี้ไม่ใช่ไฟล์ Word (.docx) ที่ถูกต้อง")


def test_memo_organisation_as_written_with_a_space():
    info = parse_memo(["ส่วนราชการ สำนักปลัด องค์การบริหารส่วนตำบล กระจ่าย อ. ป่าตึง จ. ยโสธร"])
    assert (info.org_name, info.district, info.province) == (
        "องค์การบริหารส่วนตำบล กระจ่าย",
        "ป่าตึง",
        "ยโสธร",
    )
    # อบต inside a word (ตอบตกลง) is not an organisation
    assert parse_memo(["ได้ตอบตกลงแล้ว ประจำปีงบประมาณ 2566"]).org_name is None


def test_columns_are_found_by_name_not_position():
    cells = HEADER_CELLS[:]
    cells[2], cells[3] = cells[3], cells[2]
    report = parse_text(memo("\t".join(cells), "1. การชี้แจง\tวิธี\tตลอดปี\tสำนักปลัด\tผล\t"), "swap.txt")
    assert errors(report) == []
    (measure,) = report.measures
    assert (measure.responsible, measure.period) == ("สำนักปลัด", "ตลอดปี")


# --- a numbering column (ที่ / ลำดับ) before the six --------------------------------------------

NUMBERED_ROWS = (
    ["๑", "การแก้ไขปัญหาการทุจริต", "ประชาสัมพันธ์", "สำนักปลัด", "ตลอดปี", "รายงานแล้ว", ""],
    ["2.", "5 ส. ในสำนักงาน", "ปรับปรุงเว็บไซต์", "กองคลัง", "ไตรมาส 2", "", "ควรทำต่อ"],
    ["", "", "ติดต่อสอบถาม", "", "", "ผ่าน Facebook", ""],
    ["(3)", "3. การเปิดโอกาส", "จัดเวทีประชาคม", "กองช่าง", "ตลอดปี", "จัดแล้ว", ""],
)


def assert_numbered_measures(report: ParsedReport) -> None:
    """The measures of NUMBERED_ROWS: numbers from the numbering column, the title's own number
    removed only where it is the column's, the third row joined to measure 2."""
    assert errors(report) == [], [p.format() for p in report.problems]
    assert [(m.number, m.title) for m in report.measures] == [
        (1, "การแก้ไขปัญหาการทุจริต"),
        (2, "5 ส. ในสำนักงาน"),  # its own different number is part of it
        (3, "การเปิดโอกาส"),
    ]
    one, two, three = report.measures
    assert (one.method, one.responsible, one.period, one.outcome, one.suggestion) == (
        "ประชาสัมพันธ์",
        "สำนักปลัด",
        "ตลอดปี",
        "รายงานแล้ว",
        None,
    )
    assert (two.method, two.responsible, two.period, two.outcome, two.suggestion) == (
        "ปรับปรุงเว็บไซต์ ติดต่อสอบถาม",
        "กองคลัง",
        "ไตรมาส 2",
        "ผ่าน Facebook",
        "ควรทำต่อ",
    )
    assert (three.responsible, three.outcome) == ("กองช่าง", "จัดแล้ว")


def test_text_with_a_numbering_column():
    rows = ["\t".join(cells) for cells in NUMBERED_ROWS]
    report = parse_text(memo("ที่\t" + HEADER, *rows), "numbered.txt")
    assert_numbered_measures(report)
    assert [(m.row, m.continued) for m in report.measures] == [(6, []), (7, [8]), (9, [])]


def test_docx_with_a_numbering_column():
    document = Document()
    for line in memo().split("\n"):
        document.add_paragraph(line)
    table = document.add_table(rows=1 + len(NUMBERED_ROWS), cols=7)
    fill_row(table, 0, ["ลำดับ", *HEADER_CELLS])
    for index, cells in enumerate(NUMBERED_ROWS, start=1):
        fill_row(table, index, cells)
    report = parse_docx(docx_bytes(document), "numbered.docx")
    assert_numbered_measures(report)
    assert [(m.row, m.continued) for m in report.measures] == [(2, []), (3, [4]), (5, [])]


def test_numbering_cell_that_is_not_a_number():
    report = parse_text(
        memo(
            "ลำดับที่\t" + HEADER,
            "1\tการชี้แจง\tวิธี\tสำนักปลัด\tตลอดปี\tผล\t",
            "ข้อสอง\t2. การเปิดโอกาส\tวิธี\tสำนักปลัด\tตลอดปี\tผล\t",
            "-\tการเปิดเผยข้อมูล\tวิธี\tสำนักปลัด\tตลอดปี\tผล\t",
        ),
        "bad-number.txt",
    )
    first, second = errors(report)
    assert (first.row, first.column, first.value) == (7, "ลำดับที่", "ข้อสอง")
    assert (second.row, second.column, second.value) == (8, "ลำดับที่", "-")
    for problem in (first, second):
        assert problem.reason_th == "ช่องลำดับไม่ใช่ตัวเลข"
        assert problem.reason_en == "the numbering cell is not a number"
    # the number from the title when it has one
    assert [(m.number, m.title) for m in report.measures] == [
        (1, "การชี้แจง"),
        (2, "การเปิดโอกาส"),
        (None, "การเปิดเผยข้อมูล"),
    ]


def test_numbering_column_repeated_number_and_number_without_title():
    report = parse_text(
        memo(
            "ที่\t" + HEADER,
            "1\tการชี้แจง\tวิธี\tสำนักปลัด\tตลอดปี\tผล\t",
            "1\t\tวิธี\tสำนักปลัด\tตลอดปี\tผล\t",
        ),
        "repeated.txt",
    )
    untitled, repeated = errors(report)
    assert (untitled.row, untitled.column) == (7, "มาตรการ")
    assert untitled.reason_en == "the measure has no title (the มาตรการ cell is empty)"
    assert untitled.reason_th == "มาตรการไม่มีชื่อ (ช่องมาตรการว่าง)"
    assert (repeated.row, repeated.column, repeated.value) == (7, "ที่", "1")
    assert repeated.reason_en == "measure number 1 is repeated (first at row 6)"


def test_header_with_two_numbering_columns_is_a_duplicate():
    header = "\t".join(["ที่", "ลำดับ", *HEADER_CELLS[:5]])
    report = parse_text(memo(header, "1\t1\tการชี้แจง\tวิธี\tสำนักปลัด\tตลอดปี\tผล"), "two.txt")
    problem = single_error(report)
    assert problem.row == 5
    assert problem.reason_en.startswith("the table header does not match the report form")
    assert report.measures == []


def test_row_with_more_cells_than_a_numbered_table():
    report = parse_text(
        memo("ที่\t" + HEADER, "1\tการชี้แจง\tวิธี\tสำนักปลัด\tตลอดปี\tผล\t\tเกินมา"), "x.txt"
    )
    problem = single_error(report)
    assert (problem.row, problem.value) == (6, "เกินมา")
    assert problem.reason_en.startswith("this row has more cells than the table's 7 columns")
    assert problem.reason_th.startswith("แถวนี้มีข้อมูลเกิน 7 คอลัมน์ของตาราง")
