"""Blank files users fill in and import, one per kind of file. Headers are bilingual, Thai
first ("รหัส อปท. (org_code)"); the importers read either part."""

from __future__ import annotations

import io

import pandas as pd

from dashboard.exports import THAI_FONT, csv_bytes

# (Thai header, English name, explanation in Thai, explanation in English)
ORG = [
    (
        "รหัส อปท.",
        "org_code",
        "รหัส 7 หลักของกรมส่งเสริมการปกครองท้องถิ่น (หรือเว้นว่างแล้วใส่ชื่อ อำเภอ จังหวัด)",
        "DLA 7-digit code (or leave empty and give name, district and province)",
    ),
    (
        "ชื่อหน่วยงาน",
        "org_name",
        "เช่น อบต.กระจาย (ใช้เมื่อไม่มีรหัส)",
        "e.g. อบต.กระจาย (used without a code)",
    ),
    ("อำเภอ", "district", "ชื่ออำเภอ (ใช้เมื่อไม่มีรหัส)", "district name (used without a code)"),
    ("จังหวัด", "province", "ชื่อจังหวัด (ใช้เมื่อไม่มีรหัส)", "province name (used without a code)"),
]
YEAR = ("ปีงบประมาณ", "fiscal_year", "พ.ศ. เช่น 2567 (หรือ ค.ศ. 2024)", "BE, e.g. 2567 (or CE 2024)")
SPECS: dict[str, list[tuple[str, str, str, str]]] = {
    "scores": [
        *ORG[:2],
        ("ประเภท", "org_type",
         "อบจ. / เทศบาลนคร / เทศบาลเมือง / เทศบาลตำบล / อบต. (ถ้าระบุ ใช้เป็นประเภทของปีนั้น)",
         "type in that fiscal year, optional"),
        *ORG[2:],
        YEAR,
        *[(f"ตัวชี้วัดที่ {i}", f"i{i}", f"คะแนนตัวชี้วัดที่ {i} (0–100, ทศนิยมไม่เกิน 2 ตำแหน่ง)",
           f"indicator {i} score (0-100, at most 2 decimals)") for i in range(1, 11)],
        ("IIT", "iit", "คะแนน IIT ที่ประกาศ (ถ้ามี)", "published IIT score, optional"),
        ("EIT", "eit", "คะแนน EIT ที่ประกาศ (ถ้ามี)", "published EIT score, optional"),
        ("OIT", "oit", "คะแนน OIT ที่ประกาศ (ถ้ามี)", "published OIT score, optional"),
        ("คะแนนรวม", "total", "คะแนนรวมที่ประกาศ (ถ้ามี) ระบบคำนวณเองและเตือนเมื่อไม่ตรง",
         "published total, optional: computed and checked"),
        ("ระดับ", "level", "ระดับที่ประกาศ เช่น ผ่านดี หรือ A", "published level, e.g. ผ่านดี or A"),
    ],
    "measures": [
        *ORG,
        YEAR,
        ("ลำดับ", "measure_no", "ลำดับที่ของมาตรการ (1, 2, 3 ...) ไม่ซ้ำกันในหน่วยงานและปี",
         "measure number, unique within organisation and year"),
        ("มาตรการ", "title", "ชื่อมาตรการ", "measure"),
        ("วิธีการดำเนินการ", "method", "วิธีการดำเนินการ", "method"),
        ("ผู้รับผิดชอบ", "responsible", "หน่วยงาน/ผู้รับผิดชอบ", "responsible unit"),
        ("ระยะเวลา", "period", "ระยะเวลาดำเนินการ", "period"),
        ("ผลการดำเนินการ", "outcome", "ผลการดำเนินการ ณ รอบที่รายงาน", "outcome at the reported round"),
        ("ข้อเสนอแนะ", "suggestion", "ข้อเสนอแนะ", "suggestion"),
        ("ตัวชี้วัด", "indicators",
         "เลขตัวชี้วัดที่มาตรการนี้มุ่งแก้ คั่นด้วย ; เช่น 5;7 (เว้นว่าง = ระบบอนุมานจากชื่อมาตรการ)",
         "target indicator numbers separated by ; (empty: inferred from the title)"),
        ("สถานะ", "status", "ยังไม่เริ่ม / กำลังดำเนินการ / ดำเนินการแล้ว / ยกเลิก",
         "not started / in progress / done / cancelled"),
        ("รอบ", "round", "6 หรือ 12 (เดือน)", "6 or 12 (months)"),
        ("วันที่รายงาน", "report_date", "เช่น 27/04/2566", "e.g. 27/04/2566 or 2023-04-27"),
    ],
    "complaints": [
        *ORG,
        YEAR,
        ("รอบ", "round", "6 (ต.ค.–มี.ค.) หรือ 12 (ทั้งปี สะสม)",
         "6 (Oct-Mar) or 12 (whole year, cumulative)"),
        ("เรื่องร้องเรียนทั้งหมด", "received", "จำนวนเรื่องที่ได้รับ (ไม่มีเรื่อง ให้ใส่ 0)",
         "complaints received (write 0 when none)"),
        ("ดำเนินการแล้วเสร็จ", "completed", "จำนวนที่ดำเนินการแล้วเสร็จ", "completed"),
        ("อยู่ระหว่างดำเนินการ", "in_progress", "จำนวนที่อยู่ระหว่างดำเนินการ", "in progress"),
    ],
}  # fmt: skip
SHEET_NAMES = {"scores": "คะแนน ITA", "measures": "มาตรการ", "complaints": "เรื่องร้องเรียน"}


def headers(kind: str) -> list[str]:
    return [f"{th} ({en})" for th, en, _, _ in SPECS[kind]]


def template_csv(kind: str) -> bytes:
    """An empty sheet with bilingual headers, UTF-8 with BOM."""
    return csv_bytes(pd.DataFrame(columns=headers(kind)))


def template_xlsx(kind: str) -> bytes:
    """An empty sheet with bilingual headers, and a sheet explaining every column."""
    buffer = io.BytesIO()
    sheet = SHEET_NAMES[kind]
    with pd.ExcelWriter(buffer, engine="xlsxwriter") as writer:
        pd.DataFrame(columns=headers(kind)).to_excel(writer, sheet_name=sheet, index=False)
        pd.DataFrame(
            SPECS[kind], columns=["หัวคอลัมน์", "ชื่ออังกฤษ (ใช้แทนได้)", "คำอธิบาย", "Meaning"]
        ).to_excel(writer, sheet_name="คำอธิบาย", index=False)
        fmt = writer.book.add_format({"font_name": THAI_FONT, "font_size": 14})
        writer.sheets[sheet].set_column(0, len(SPECS[kind]), 16, fmt)
        writer.sheets["คำอธิบาย"].set_column(0, 3, 40, fmt)
    return buffer.getvalue()


def scores_template_csv() -> bytes:
    return template_csv("scores")


def scores_template_xlsx() -> bytes:
    return template_xlsx("scores")
