"""AppTest of the import page for measures and complaints: the measures a report holds, their
inferred target indicators (editable) and the organisation match shown before anything is
stored; confirm; corrections stored as an "app" batch; complaints."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document
from streamlit.testing.v1 import AppTest
from support import (
    REGISTRY_HEADER,
    build_registry_db,
    checksums,
    docx_bytes,
    fill_row,
    live_copy,
    open_app,
    query,
    upload,
)

from dashboard.ingest.framework import run_import

PAGE = "app_pages/imports.py"
SEED = (
    Path(__file__).resolve().parents[2] / "shared" / "reference" / "seed-measures-report-2566.txt"
)
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

REGISTRY = REGISTRY_HEADER + (
    "6350504,กระจาย,อบต.,35,ยโสธร,Yasothon,ป่าติ้ว,15.80,104.38\n"
    "6350502,โคกนาโก,อบต.,35,ยโสธร,Yasothon,ป่าติ้ว,,\n"
    "2350101,ยโสธร,อบจ.,35,ยโสธร,Yasothon,เมืองยโสธร,15.79,104.15\n"
)
HEADER = "มาตรการ\tวิธีการดำเนินการ\tผู้รับผิดชอบ\tระยะเวลา\tผลการดำเนินการ\tข้อเสนอแนะ"
# The seed's shape (memo with the organisation misspelt, a measure continued on the next page):
# used when the reference file is absent.
HANDMADE_SEED = "\n".join(
    [
        "บันทึกข้อความ",
        "ส่วนราชการ สำนักปลัด องค์การบริหารส่วนตำบลกระจ่าย อำเภอป่าตึง จังหวัดยโสธร",
        "วันที่ ๒๗ เมษายน ๒๕๖๖",
        "เรื่อง รายงานผลการดำเนินการมาตรการส่งเสริมคุณธรรมและความโปร่งใส"
        "ขององค์การบริหารส่วนตำบลกระจ่าย ประจำปีงบประมาณ พ.ศ. ๒๕๖๖",
        "",
        HEADER,
        "๑. การแก้ไข ปัญหาการ ทุจริต\t- ประชาสัมพันธ์ ข้อมูลทางสถิติเรื่อง การร้องเรียนการ"
        " ทุจริต\tสำนักปลัด\tตลอด ปีงบประมาณ\t-รายงานผลเรื่องร้องเรียน (รอบ ๖ เดือน)\t",
        "๒. การชี้แจง และการตอบ คำถามของ หน่วยงาน\t- จัดทำและ เผยแพร่ช่องทาง"
        " การติดต่อสอบถาม ข้อมูล เชื่อมโยงไปยัง\tสำนักปลัด\tตลอด ปีงบประมาณ\t"
        "-รายงานผลการเผยแพร่ ช่องทางการติดต่อสอบถาม ข้อมูล\t",
        "",
        HEADER,
        "\t<p>เครือข่ายสังคมออนไลน์ เช่น Facebook Twitter Instagram เป็นต้น</p>\t\t\t"
        "<p>Live Chat หน้าเว็บไซต์</p> \t",
        "<p>๓. การเปิดโอกาสให้เกิดการมีส่วนร่วม</p>\t<p>- แสดง การดำเนินการหรือกิจกรรม</p>\t"
        "<p>อบต.กระจ่าย</p>\t<p>ตลอดปีงบประมาณ</p>\t<p>-โครงการจัดเวทีประชาคม</p>\t",
    ]
)
COMPLAINTS = (
    "รหัส อปท.,ปีงบประมาณ,รอบ,เรื่องร้องเรียนทั้งหมด,ดำเนินการแล้วเสร็จ,อยู่ระหว่างดำเนินการ\n"
    "6350504,2566,รอบ ๖ เดือน,5,3,2\n"
    "6350502,2566,12,0,0,0\n"
)


def seed_bytes() -> bytes:
    return SEED.read_bytes() if SEED.exists() else HANDMADE_SEED.encode("utf-8")


def fingerprint(path: Path) -> dict:
    """Row count and md5 of the sorted rows of every core table."""
    return checksums(path, main=())


@pytest.fixture(scope="module")
def registry_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_registry_db(tmp_path_factory.mktemp("app-measures-base"), REGISTRY)


@pytest.fixture
def live_db(registry_db, tmp_path, monkeypatch, clear_streamlit_caches) -> Path:
    return live_copy(registry_db, tmp_path, monkeypatch)


def open_page(kind: str) -> AppTest:
    at = open_app(PAGE)
    at.segmented_control(key="import_kind").set_value(kind).run()
    assert not at.exception
    assert at.segmented_control(key="import_kind").value == kind
    return at


def test_seed_report_is_previewed_then_imported_on_confirm(live_db):
    at = upload(open_page("measures"), "seed-measures-report-2566.txt", seed_bytes())

    assert [e.value for e in at.error] == []
    assert [m.value for m in at.metric][:4] == ["3", "3", "0", "0"]  # rows, new, changed, same
    # the misspelt organisation, matched, to confirm
    assert any("สะกดต่าง" in w.value for w in at.warning)
    matches = next(d.value for d in at.dataframe if d.key != "import_preview")
    assert "6350504 กระจาย" in matches.iloc[0, 0] and "กระจ่าย" in matches.iloc[0, 0]
    preview = at.data_editor(key="import_preview").value
    assert list(preview["measure_no"]) == [1, 2, 3]
    assert list(preview["org_code"]) == ["6350504"] * 3
    assert list(preview["fiscal_year"]) == [2566] * 3
    assert list(preview["indicators"]) == ["5", "7", "8"]
    assert list(preview["round"]) == [6, 6, 6]
    assert list(preview["status_code"]) == ["กำลังดำเนินการ"] * 3
    assert list(preview["title"])[2] == "การเปิดโอกาสให้เกิดการมีส่วนร่วม"
    assert query(live_db, "select count(*) from core.measures") == [(0,)]  # nothing stored yet

    at.button(key="import_confirm").click().run()

    assert not at.exception
    assert any("นำเข้าแล้ว" in s.value for s in at.success)
    assert [e.value for e in at.error] == []
    assert query(
        live_db,
        "select org_code, fiscal_year, measure_no, indicators from main.measures order by 3",
    ) == [
        ("6350504", 2566, 1, [5]),
        ("6350504", 2566, 2, [7]),
        ("6350504", 2566, 3, [8]),
    ]
    assert query(
        live_db, "select batch_id, kind, row_count from core.import_batches order by 1"
    ) == [(1, "registry", 3), (2, "measures", 3)]
    assert query(live_db, "select imported_by from core.import_batches where batch_id = 2") == [
        ("dashboard",)
    ]
    # the page now says the file is in, and offers nothing more to confirm
    assert any("มีอยู่ในฐานข้อมูลครบแล้ว" in i.value for i in at.info)
    assert not [b for b in at.button if b.key == "import_confirm"]


def test_indicators_corrected_in_the_preview_are_stored_as_an_app_batch(live_db):
    at = upload(open_page("measures"), "seed.txt", seed_bytes())
    # AppTest cannot type into a data_editor; a keyed editor takes its edit state from the
    # session before the next run, as the browser would send it
    at.session_state["import_preview"] = {
        "edited_rows": {0: {"indicators": "1;2"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.button(key="import_confirm").click().run()

    assert not at.exception
    assert query(live_db, "select measure_no, indicators from main.measures order by 1") == [
        (1, [1, 2]),
        (2, [7]),
        (3, [8]),
    ]
    assert query(
        live_db, "select batch_id, kind, row_count from core.import_batches order by 1"
    ) == [(1, "registry", 3), (2, "measures", 3), (3, "app", 1)]
    assert query(
        live_db, "select indicator, batch_id from core.measure_indicators where measure_no = 1"
    ) == [(1, 3), (2, 3)]
    # after the rerun the same file is shown as already imported, not as a conflict with the
    # correction
    assert [e.value for e in at.error] == []
    assert any("นำเข้าแล้ว เป็นชุดที่ 2" in s.value for s in at.success)
    assert any("มีอยู่ในฐานข้อมูลครบแล้ว" in i.value for i in at.info)


def test_correct_indicators_helper(live_db, tmp_path):
    from dashboard.ui import importing

    seed = tmp_path / "seed.txt"
    seed.write_bytes(seed_bytes())
    run_import("measures", seed, live_db)
    before = fingerprint(live_db)

    with pytest.raises(ValueError, match="5;x"):
        importing.correct_indicators({("6350504", 2566, 1): "5;x"})
    assert fingerprint(live_db) == before
    assert importing.correct_indicators({("6350504", 2566, 2): "7"}) is None  # unchanged
    assert fingerprint(live_db) == before

    batch = importing.correct_indicators({("6350504", 2566, 3): "8; 10"})
    assert batch == 3
    assert query(live_db, "select indicators from main.measures where measure_no = 3") == [
        ([8, 10],)
    ]
    assert query(
        live_db, "select kind, imported_by from core.import_batches where batch_id = 3"
    ) == [("app", "dashboard")]


def _docx() -> bytes:
    document = Document()
    document.add_paragraph("บันทึกข้อความ")
    document.add_paragraph("ส่วนราชการ สำนักปลัด องค์การบริหารส่วนตำบลกระจาย อำเภอป่าติ้ว จังหวัดยโสธร")
    document.add_paragraph("วันที่ ๑๕ กันยายน ๒๕๖๖")
    document.add_paragraph("เรื่อง รายงานผลการดำเนินการ ประจำปีงบประมาณ พ.ศ. ๒๕๖๖")
    first = document.add_table(rows=2, cols=6)
    fill_row(first, 0, HEADER.split("\t"))
    fill_row(
        first,
        1,
        ["๑. การชี้แจงและการตอบคำถาม", "จัดทำช่องทาง", "สำนักปลัด", "ตลอดปี", "มีช่องทาง", ""],
    )
    document.add_page_break()
    second = document.add_table(rows=3, cols=6)
    fill_row(second, 0, HEADER.split("\t"))
    fill_row(second, 1, ["", "ผ่าน Facebook", "", "", "", ""])
    fill_row(second, 2, ["๒. การเปิดเผยข้อมูลสาธารณะ", "ปรับปรุงเว็บไซต์", "สำนักปลัด", "ก.ย. ๖๖", "", ""])
    return docx_bytes(document)


def test_docx_report_is_previewed_with_its_round(live_db):
    at = upload(open_page("measures"), "report.docx", _docx(), DOCX_MIME)

    assert [e.value for e in at.error] == []
    preview = at.data_editor(key="import_preview").value
    assert list(preview["measure_no"]) == [1, 2]
    assert list(preview["indicators"]) == ["7", "9"]
    assert list(preview["round"]) == [12, 12]
    assert list(preview["status_code"]) == ["ดำเนินการแล้ว", "ยังไม่เริ่ม"]

    at.button(key="import_confirm").click().run()
    assert not at.exception
    assert query(live_db, "select measure_no, method, status from main.measures order by 1") == [
        (1, "จัดทำช่องทาง ผ่าน Facebook", "done"),
        (2, "ปรับปรุงเว็บไซต์", "not_started"),
    ]


def test_complaints_csv_is_checked_then_imported_on_confirm(live_db):
    at = upload(open_page("complaints"), "complaints.csv", COMPLAINTS.encode(), "text/csv")

    assert [e.value for e in at.error] == []
    assert [m.value for m in at.metric][:2] == ["2", "2"]
    assert not [d for d in at.data_editor if d.key == "import_preview"]  # no measures here
    assert query(live_db, "select count(*) from core.complaints") == [(0,)]

    at.button(key="import_confirm").click().run()

    assert not at.exception
    assert any("นำเข้าแล้ว" in s.value for s in at.success)
    assert query(
        live_db,
        "select org_code, fiscal_year, round, received, completed, in_progress "
        "from main.complaints order by 1",
    ) == [("6350502", 2566, 12, 0, 0, 0), ("6350504", 2566, 6, 5, 3, 2)]
    assert query(live_db, "select kind, row_count from core.import_batches where batch_id = 2") == [
        ("complaints", 2)
    ]


def test_bad_complaints_file_lists_its_problems_and_changes_nothing(live_db):
    before = fingerprint(live_db)
    bad = COMPLAINTS.replace("6350502,2566,12,0,0,0", "6350502,2566,12,3,4,0").encode()
    at = upload(open_page("complaints"), "bad.csv", bad, "text/csv")

    assert any("bad.csv" in e.value for e in at.error)
    problems = at.dataframe[0].value
    assert [int(r) for r in problems.iloc[:, 1]] == [3]
    assert list(problems.iloc[:, 2]) == ["ดำเนินการแล้วเสร็จ"]
    assert not [b for b in at.button if b.key == "import_confirm"]
    assert fingerprint(live_db) == before
