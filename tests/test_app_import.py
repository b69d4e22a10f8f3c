"""AppTest of the import page (นำเข้าข้อมูล): check, confirm, history, undo."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest
from support import checksums, live_copy, open_app, scalar, template_csv_filled, upload, write

from dashboard.ingest import templates
from dashboard.ingest.framework import run_import

PAGE = "app_pages/imports.py"


@pytest.fixture
def live_db(demo_db, tmp_path, monkeypatch, clear_streamlit_caches) -> Path:
    return live_copy(demo_db, tmp_path, monkeypatch)


def open_page() -> AppTest:
    return open_app(PAGE)


def fingerprint(path: Path) -> str:
    """One digest of the md5 of the sorted rows of every core table (views left out)."""
    sums = checksums(path, main=(), base_tables_only=True)
    return hashlib.sha256("".join(sums[name][1] for name in sorted(sums)).encode()).hexdigest()


GOOD = "รหัส อปท.,ปีงบประมาณ,คะแนนรวม,ระดับ\nDM00002,2569,91.25,ผ่านดี\n".encode()
BAD = "รหัส อปท.,ปีงบประมาณ,คะแนนรวม\nDM00002,2569,101\nNOPE,2569,90\n".encode()


def test_page_renders_with_history(live_db):
    at = open_page()
    assert at.title[0].value == "นำเข้าข้อมูล"
    history = at.dataframe[0].value
    assert list(history.iloc[:, 0]) == [1]  # the demo batch


def test_missing_cells_show_a_dash_not_the_word_none(live_db):
    """The history's demo batch has no file and is not undone: those cells are missing, and
    every table of the page shows a missing value as a dash (Streamlit's default: "None")."""
    at = upload(open_page(), "bad.csv", BAD, "text/csv")  # a problems table too
    assert len(at.dataframe) >= 1
    assert {d.proto.placeholder for d in at.dataframe} == {"—"}
    history = open_page().dataframe[0]
    assert history.value.isna().any().any() and history.proto.placeholder == "—"


def test_valid_file_is_checked_then_imported_on_confirm(live_db):
    at = upload(open_page(), "good.csv", GOOD, "text/csv")
    assert [m.value for m in at.metric][:2] == ["1", "1"]  # rows, new
    assert scalar(live_db, "select count(*) from core.assessments where fiscal_year = 2569") == 0
    at.button(key="import_confirm").click().run()
    assert not at.exception
    assert any("นำเข้าแล้ว" in s.value for s in at.success)
    assert scalar(
        live_db,
        "select total_published from core.assessments "
        "where org_code = 'DM00002' and fiscal_year = 2569",
    ) == pytest.approx(91.25)
    assert scalar(live_db, "select kind from core.import_batches where batch_id = 2") == "scores"


def test_bad_file_lists_every_problem_and_changes_nothing(live_db):
    before = fingerprint(live_db)
    at = upload(open_page(), "bad.csv", BAD, "text/csv")
    assert any("bad.csv" in e.value and "2" in e.value for e in at.error)
    problems = at.dataframe[0].value
    rows = sorted(int(r) for r in problems.iloc[:, 1])
    assert rows == [2, 3]  # the header is row 1
    columns = set(problems.iloc[:, 2])
    assert {"คะแนนรวม", "รหัส อปท."} <= columns
    assert not [b for b in at.button if b.key == "import_confirm"]
    assert fingerprint(live_db) == before


MEASURES_REPORT = "\n".join(
    [
        "บันทึกข้อความ",
        "ส่วนราชการ สำนักปลัด องค์การบริหารส่วนตำบลสาธิต อำเภอเมือง จังหวัดสาธิตบุรี",
        "วันที่ ๒๗ เมษายน ๒๕๖๖",
        "เรื่อง รายงานผลการดำเนินการ ประจำปีงบประมาณ พ.ศ. ๒๕๖๖",
        "มาตรการ\tวิธีการดำเนินการ\tผู้รับผิดชอบ\tระยะเวลา\tผลการดำเนินการ\tข้อเสนอแนะ",
        "๑. การแก้ไขปัญหาการทุจริต\tประชาสัมพันธ์\tสำนักปลัด\tตลอดปี\tรายงานแล้ว\t",
    ]
).encode()
MEASURES_TEMPLATE = template_csv_filled(
    "measures",
    [
        {
            "รหัส อปท. (org_code)": "DM00002",
            "ปีงบประมาณ (fiscal_year)": "2569",
            "ลำดับ (measure_no)": "1",
            "มาตรการ (title)": "ปรับปรุงช่องทางร้องเรียนการทุจริต",
        }
    ],
)


@pytest.mark.parametrize(
    ("name", "data"),
    [("report.txt", MEASURES_REPORT), ("measures.csv", MEASURES_TEMPLATE)],
    ids=["report-text", "template"],
)
def test_measures_file_checked_as_scores_names_the_measures_kind(live_db, name, data):
    before = fingerprint(live_db)
    at = open_page()
    assert at.session_state["import_kind"] == "scores"  # the kind left as it opens
    at = upload(at, name, data)
    assert any(name in e.value for e in at.error)
    problems = at.dataframe[0].value
    hint = "ไฟล์นี้ดูเหมือนไฟล์ชนิด มาตรการ (measures): เลือกชนิดไฟล์นั้นแล้วนำเข้าใหม่ (ita import measures)"
    assert list(problems.iloc[:, 4]).count(hint) == 1
    first = problems.iloc[0]
    assert first.iloc[4] == hint and pd.isna(first.iloc[1]) and pd.isna(first.iloc[2])
    assert [i.value for i in at.info] == [hint]  # whole, above the button
    assert not [b for b in at.button if b.key == "import_confirm"]
    assert fingerprint(live_db) == before

    # One click checks the same file, still uploaded, as measures; nothing is stored yet.
    switch = at.button(key="import_use_kind")
    assert switch.label == "ตรวจไฟล์นี้เป็นชนิด มาตรการ"
    at = switch.click().run()
    assert not at.exception
    assert at.session_state["import_kind"] == "measures"
    if name == "measures.csv":  # the template's measure is previewed, ready to confirm
        assert not at.error
        assert [m.value for m in at.metric][:2] == ["1", "1"]  # rows, new
        assert [b for b in at.button if b.key == "import_confirm"]
    else:  # the report is read as one: its own problem (its organisation is not in the demo)
        reasons = list(at.dataframe[0].value.iloc[:, 4])
        assert hint not in reasons
        assert any(r.startswith("ไม่พบหน่วยงานนี้ในทะเบียน") for r in reasons), reasons
    assert fingerprint(live_db) == before


def test_no_kind_button_when_the_file_is_no_other_kind(live_db):
    at = upload(open_page(), "bad.csv", BAD, "text/csv")
    assert at.error and not [b for b in at.button if b.key == "import_use_kind"]
    assert not at.info


def test_undo_from_the_page_restores_the_database(live_db):
    before = fingerprint(live_db)
    run_import("scores", write(live_db.parent, "good.csv", GOOD), live_db)
    assert fingerprint(live_db) != before
    at = open_page()
    at.selectbox(key="import_undo_batch").set_value(2).run()
    at.checkbox(key="import_undo_sure").check().run()
    at.button(key="import_undo_go").click().run()
    assert not at.exception
    assert any("ยกเลิกชุดที่ 2" in s.value for s in at.success)
    assert scalar(live_db, "select count(*) from core.assessments where fiscal_year = 2569") == 0
    assert scalar(
        live_db, "select undone_at is not null from core.import_batches where batch_id = 2"
    )


def test_filled_xlsx_template_imports(live_db, tmp_path):
    book = openpyxl.load_workbook(io.BytesIO(templates.scores_template_xlsx()))
    sheet = book.worksheets[0]
    headers = [c.value for c in sheet[1]]
    values = {
        "รหัส อปท. (org_code)": "DM00003",
        "ปีงบประมาณ (fiscal_year)": 2569,
        "คะแนนรวม (total)": 77.5,
        "ระดับ (level)": "ต้องปรับปรุง",
    }
    sheet.append([values.get(h) for h in headers])
    file = tmp_path / "filled.xlsx"
    book.save(file)
    outcome = run_import("scores", file, live_db)
    assert outcome.status == "imported"
    assert (
        scalar(
            live_db,
            "select level_published from core.assessments "
            "where org_code = 'DM00003' and fiscal_year = 2569",
        )
        == "ต้องปรับปรุง"
    )


def test_csv_template_has_thai_headers_and_bom():
    data = templates.scores_template_csv()
    assert data.startswith(b"\xef\xbb\xbf")
    header = data.decode("utf-8-sig").strip().split(",")
    assert header[:6] == [
        "รหัส อปท. (org_code)",
        "ชื่อหน่วยงาน (org_name)",
        "ประเภท (org_type)",
        "อำเภอ (district)",
        "จังหวัด (province)",
        "ปีงบประมาณ (fiscal_year)",
    ]
    assert "ตัวชี้วัดที่ 10 (i10)" in header
