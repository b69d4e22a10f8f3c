"""Blank files users fill in and import: the headers the importers read, Thai first."""

from __future__ import annotations

import io

import pandas as pd

from dashboard.exports import THAI_FONT, csv_bytes

SCORES_COLUMNS = [
    ("รหัส อปท.", "org_code", "รหัส 7 หลักของกรมส่งเสริมการปกครองท้องถิ่น (หรือเว้นว่างแล้วใส่ชื่อ อำเภอ จังหวัด)",
     "DLA 7-digit code (or leave empty and give name, district, province)"),
    ("ชื่อหน่วยงาน", "org_name", "เช่น อบต.กระจาย", "e.g. อบต.กระจาย"),
    ("ประเภท", "org_type",
     "อบจ. / เทศบาลนคร / เทศบาลเมือง / เทศบาลตำบล / อบต. (ถ้าระบุ ใช้เป็นประเภทของปีนั้น)",
     "type in that fiscal year, optional"),
    ("อำเภอ", "district", "ชื่ออำเภอ", "district name"),
    ("จังหวัด", "province", "ชื่อจังหวัด", "province name"),
    ("ปีงบประมาณ", "fiscal_year", "พ.ศ. เช่น 2567 (หรือ ค.ศ. 2024)", "BE, e.g. 2567 (or CE 2024)"),
    *[(f"ตัวชี้วัดที่ {i}", f"i{i}", f"คะแนนตัวชี้วัดที่ {i} (0–100, ทศนิยมไม่เกิน 2 ตำแหน่ง)",
       f"indicator {i} score (0-100, at most 2 decimals)") for i in range(1, 11)],
    ("IIT", "iit", "คะแนน IIT ที่ประกาศ (ถ้ามี)", "published IIT score, optional"),
    ("EIT", "eit", "คะแนน EIT ที่ประกาศ (ถ้ามี)", "published EIT score, optional"),
    ("OIT", "oit", "คะแนน OIT ที่ประกาศ (ถ้ามี)", "published OIT score, optional"),
    ("คะแนนรวม", "total", "คะแนนรวมที่ประกาศ (ถ้ามี) ระบบคำนวณเองและเตือนเมื่อไม่ตรง",
     "published total, optional: computed and checked"),
    ("ระดับ", "level", "ระดับที่ประกาศ เช่น ผ่านดี หรือ A", "published level, e.g. ผ่านดี or A"),
]  # fmt: skip


def scores_template_csv() -> bytes:
    """An empty score sheet with Thai headers, UTF-8 with BOM."""
    return csv_bytes(pd.DataFrame(columns=[c[0] for c in SCORES_COLUMNS]))


def scores_template_xlsx() -> bytes:
    """An empty score sheet (Thai headers) and a sheet explaining every column."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="xlsxwriter") as writer:
        pd.DataFrame(columns=[c[0] for c in SCORES_COLUMNS]).to_excel(
            writer, sheet_name="คะแนน ITA", index=False
        )
        pd.DataFrame(
            SCORES_COLUMNS, columns=["หัวคอลัมน์", "ชื่ออังกฤษ (ใช้แทนได้)", "คำอธิบาย", "Meaning"]
        ).to_excel(writer, sheet_name="คำอธิบาย", index=False)
        fmt = writer.book.add_format({"font_name": THAI_FONT, "font_size": 14})
        writer.sheets["คะแนน ITA"].set_column(0, len(SCORES_COLUMNS), 14, fmt)
        writer.sheets["คำอธิบาย"].set_column(0, 3, 40, fmt)
    return buffer.getvalue()
