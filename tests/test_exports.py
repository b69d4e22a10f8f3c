"""dashboard.exports: CSV with BOM, XLSX with a filter header block, PNG via kaleido, file names."""

from __future__ import annotations

import io
from datetime import datetime

import openpyxl
import pandas as pd
import plotly.graph_objects as go

from dashboard import exports

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "ปีงบประมาณ": [2565, 2566],
            "หน่วยงาน": ["องค์การบริหารส่วนตำบลหนองป่าครั่ง", "เทศบาลนครเชียงใหม่"],
            "คะแนนรวม": [83.25, 91.5],
            "จำนวน": [12, 305],
        }
    )


# --- CSV --------------------------------------------------------------------------------------


def test_csv_starts_with_bom():
    data = exports.csv_bytes(_frame())
    assert data.startswith(b"\xef\xbb\xbf")
    assert not data.startswith(b"\xef\xbb\xbf\xef\xbb\xbf")


def test_csv_round_trips_thai():
    data = exports.csv_bytes(_frame())
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert list(back.columns) == ["ปีงบประมาณ", "หน่วยงาน", "คะแนนรวม", "จำนวน"]
    assert back["หน่วยงาน"].tolist() == [
        "องค์การบริหารส่วนตำบลหนองป่าครั่ง",
        "เทศบาลนครเชียงใหม่",
    ]
    assert back["ปีงบประมาณ"].tolist() == [2565, 2566]
    assert back["คะแนนรวม"].tolist() == [83.25, 91.5]


def test_csv_has_no_index_column():
    text = exports.csv_bytes(_frame()).decode("utf-8-sig")
    assert text.splitlines()[0] == "ปีงบประมาณ,หน่วยงาน,คะแนนรวม,จำนวน"
    assert text.splitlines()[1] == "2565,องค์การบริหารส่วนตำบลหนองป่าครั่ง,83.25,12"


# --- XLSX -------------------------------------------------------------------------------------


def _sheet_rows(data: bytes) -> tuple[str, list[tuple]]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert len(book.sheetnames) == 1
    sheet = book[book.sheetnames[0]]
    return sheet.title, [tuple(row) for row in sheet.iter_rows(values_only=True)]


def test_xlsx_layout():
    data = exports.xlsx_bytes(
        _frame(),
        title="ภาพรวมผลการประเมิน ITA",
        filters=[("ปีงบประมาณ", "2566"), ("จังหวัด", "เชียงใหม่"), ("อำเภอ", "ทั้งหมด")],
        generated=datetime(2024, 3, 5, 9, 7),
        generated_label="วันที่จัดทำ",
        sheet_name="ภาพรวม",
    )
    title, rows = _sheet_rows(data)
    assert title == "ภาพรวม"
    assert rows[0][0] == "ภาพรวมผลการประเมิน ITA"
    assert rows[1][:2] == ("ปีงบประมาณ", "2566")
    assert rows[2][:2] == ("จังหวัด", "เชียงใหม่")
    assert rows[3][:2] == ("อำเภอ", "ทั้งหมด")
    assert rows[4][:2] == ("วันที่จัดทำ", "2024-03-05 09:07")
    # one blank row, then the header and the data
    assert all(v is None for v in rows[5])
    assert rows[6] == ("ปีงบประมาณ", "หน่วยงาน", "คะแนนรวม", "จำนวน")
    assert rows[7] == (2565, "องค์การบริหารส่วนตำบลหนองป่าครั่ง", 83.25, 12)
    assert rows[8] == (2566, "เทศบาลนครเชียงใหม่", 91.5, 305)
    assert len(rows) == 9


def test_xlsx_numbers_are_numeric():
    data = exports.xlsx_bytes(
        _frame(), title="t", filters=[], generated=datetime(2024, 1, 1), sheet_name="data"
    )
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book["data"]
    # no filters: title, generated row, blank row, header (row 4), data from row 5
    assert sheet["A2"].value == "Generated"
    assert sheet["B2"].value == "2024-01-01 00:00"
    assert sheet["A4"].value == "ปีงบประมาณ"
    assert sheet["A5"].data_type == "n"
    assert sheet["C5"].data_type == "n"
    assert isinstance(sheet["C5"].value, float)
    assert sheet["C5"].value == 83.25
    assert sheet["D6"].value == 305
    assert sheet["B6"].data_type == "s"


def test_xlsx_missing_values_are_empty_cells():
    frame = pd.DataFrame({"a": [1.5, None], "b": [None, "ข"]})
    data = exports.xlsx_bytes(frame, title="t", filters=[], generated=datetime(2024, 1, 1))
    _, rows = _sheet_rows(data)
    assert rows[3] == ("a", "b")
    assert rows[4] == (1.5, None)
    assert rows[5] == (None, "ข")


def test_xlsx_long_sheet_name_truncated():
    name = "x" * 40
    data = exports.xlsx_bytes(
        _frame(), title="t", filters=[], generated=datetime(2024, 1, 1), sheet_name=name
    )
    title, rows = _sheet_rows(data)
    assert title == "x" * 31
    assert rows[4][3] == 12


def test_xlsx_title_cell_is_bold():
    data = exports.xlsx_bytes(_frame(), title="หัวเรื่อง", filters=[], generated=datetime(2024, 1, 1))
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert sheet["A1"].value == "หัวเรื่อง"
    assert sheet["A1"].font.b is True
    assert sheet["A1"].font.name == exports.THAI_FONT


# --- file names -------------------------------------------------------------------------------


def test_file_stem_keeps_thai():
    assert exports.file_stem("ita-overview", 2566, "เชียงใหม่") == "ita-overview_2566_เชียงใหม่"


def test_file_stem_keeps_thai_marks():
    # Vowel and tone marks (ั ิ ่ ้ ์ …) are combining characters: they must survive too.
    stem = exports.file_stem("องค์การบริหารส่วนตำบล", "จังหวัด")
    assert stem == "องค์การบริหารส่วนตำบล_จังหวัด"


def test_file_stem_removes_slashes_and_spaces():
    stem = exports.file_stem("ita overview", "เมือง/เชียงใหม่", "a\\b", "x:y")
    assert stem == "ita-overview_เมือง-เชียงใหม่_a-b_x-y"
    for bad in "/\\ :":
        assert bad not in stem


def test_file_stem_skips_empty_parts():
    assert exports.file_stem("ita", None, "", 2566) == "ita_2566"


def test_file_stem_never_empty():
    assert exports.file_stem() == "ita"
    assert exports.file_stem("///") == "ita"


def test_file_stem_trims_dashes():
    assert exports.file_stem(" ภาพรวม ") == "ภาพรวม"


# --- PNG --------------------------------------------------------------------------------------


def test_png_bytes():
    fig = go.Figure(go.Bar(x=["IIT", "EIT", "OIT"], y=[90.5, 88.0, 80.25]))
    fig.update_layout(title="คะแนนเฉลี่ยรายเครื่องมือ", height=300)
    data = exports.png_bytes(fig, width=400)
    assert data.startswith(PNG_SIGNATURE)
    # IHDR: width and height in pixels, at scale 2
    assert data[12:16] == b"IHDR"
    assert int.from_bytes(data[16:20], "big") == 800
    assert int.from_bytes(data[20:24], "big") == 600
