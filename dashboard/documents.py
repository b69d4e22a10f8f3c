"""The documents staff must produce, generated from the database: the analysis of a year's
results with the draft measure plan for the next year (DOCX and XLSX), and the report on carrying
out a year's measures at 6 or 12 months (DOCX, in the form of the memo staff used to type).

Pure: no streamlit, no duckdb. Works on any object with `.query(name, **params)` (dashboard.db.Db).

Years are fiscal years in BE. For `plan_*(…, year=Y)`: the analysis is of the results of Y (the
weak-point query run for Y+1, whose "prior year" is Y), the measures of Y that targeted each
indicator, and the plan for Y+1 (`planning.plan_for`: the plan saved in the app, else the draft).

Every run of a DOCX is set in TH Sarabun New on every font slot (ascii, hAnsi, eastAsia and cs,
the complex-script slot Word uses for Thai) with the size in both w:sz and w:szCs; the default
style and the document defaults are set the same way. With `thai_digits`, every digit written
into the document is a Thai digit.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pandas as pd
import xlsxwriter
from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from dashboard import gaps, planning
from dashboard.exports import THAI_FONT
from dashboard.formatting import long_date, to_thai_digits

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
BODY_PT = 16
HEADING_PT = 20
MEMO_TITLE_PT = 29  # "บันทึกข้อความ", as on the official memo form
ROUNDS = (6, 12)
MEASURE_COLUMNS = ("มาตรการ", "วิธีการดำเนินการ", "ผู้รับผิดชอบ", "ระยะเวลา", "ผลการดำเนินการ", "ข้อเสนอแนะ")
# Landscape A4 (29.7 cm) less 2 cm margins each side: 25.7 cm.
MEASURE_WIDTHS = (4.5, 6.5, 3.0, 2.8, 4.6, 4.3)
WEAK_RULES = (
    "จุดอ่อน คือ ตัวชี้วัดที่ได้คะแนนต่ำกว่าเกณฑ์ผ่าน ({threshold}) "
    "หรือต่ำกว่ามัธยฐานของหน่วยงานประเภทเดียวกันในจังหวัดเดียวกันตั้งแต่ 5 คะแนนขึ้นไป "
    "หรือลดลงจากปีก่อนหน้าตั้งแต่ 5 คะแนนขึ้นไป"
)


# --- the content, independent of the file format -------------------------------------------


@dataclass(frozen=True)
class Num:
    """A number shown with 2 decimals (signed for a change); a number cell in XLSX."""

    value: float
    signed: bool = False

    @property
    def text(self) -> str:
        if not self.signed:
            return f"{self.value:.2f}"
        if round(self.value, 2) == 0:
            return "0.00"
        return f"{self.value:+.2f}"


Cell = str | Num


@dataclass
class Heading:
    text: str
    size: float = HEADING_PT
    center: bool = False


@dataclass
class Para:
    """A paragraph of (text, bold) segments."""

    segments: list[tuple[str, bool]]
    center: bool = False
    indent_first: bool = False

    @classmethod
    def of(cls, text: str, *, bold: bool = False, **kwargs: Any) -> Para:
        return cls([(text, bold)], **kwargs)

    @property
    def text(self) -> str:
        return "".join(text for text, _ in self.segments)


@dataclass
class Table:
    headers: Sequence[str]
    rows: list[list[Cell]]
    widths_cm: Sequence[float]
    empty_text: str = "ไม่มี"


@dataclass
class PageBreak:
    landscape: bool = False  # the pages after the break: landscape (a new section) or as before


Block = Heading | Para | Table | PageBreak


@dataclass
class Part:
    """One sheet of the workbook; in the DOCX, the parts follow each other."""

    sheet_name: str
    title: list[Block]
    blocks: list[Block] = field(default_factory=list)


@dataclass(frozen=True)
class Organisation:
    code: str
    name_th: str
    display_name: str  # อบต.กระจาย
    full_name: str  # องค์การบริหารส่วนตำบลกระจาย
    type_code: str
    district_th: str
    province_th: str

    @property
    def place(self) -> str:
        """'อำเภอป่าติ้ว จังหวัดยโสธร' (Bangkok: 'เขตบางรัก กรุงเทพมหานคร')."""
        if self.province_th.startswith("กรุงเทพ"):
            return f"เขต{self.district_th} {self.province_th}"
        return f"อำเภอ{self.district_th} จังหวัด{self.province_th}"

    @property
    def executive(self) -> str:
        """The head the memo is addressed to: นายกองค์การบริหารส่วนตำบลX, นายกเทศมนตรีตำบลX."""
        if self.full_name.startswith("เทศบาล"):
            return "นายกเทศมนตรี" + self.full_name.removeprefix("เทศบาล")
        if self.type_code == "AGENCY":
            return "หัวหน้า" + self.full_name
        return "นายก" + self.full_name


def organisation(db: gaps.Queries, org_code: str) -> Organisation:
    found = db.query("organisation", org_code=org_code)
    if found.empty:
        raise ValueError(f"ไม่พบหน่วยงานรหัส {org_code} / No organisation with the code {org_code!r}")
    row = found.iloc[0]
    prefixed = row["display_name"] != row["name_th"]  # types without a prefix: the bare name
    return Organisation(
        code=org_code,
        name_th=row["name_th"],
        display_name=row["display_name"],
        full_name=(row["type_th"] + row["name_th"]) if prefixed else row["name_th"],
        type_code=row["type_code"],
        district_th=row["district_th"],
        province_th=row["province_th"],
    )


def _text(value: Any, missing: str = "") -> str:
    if value is None or (not isinstance(value, list | tuple) and pd.isna(value)):
        return missing
    return str(value).strip() or missing


def _numbers(values: Iterable[int]) -> str:
    return ", ".join(str(int(v)) for v in sorted(set(values))) or "-"


def _indicator_label(number: int, names: dict[int, str]) -> str:
    name = names.get(number)
    return f"ตัวชี้วัดที่ {number} {name}" if name else f"ตัวชี้วัดที่ {number}"


def _no_data(org: Organisation, year: int) -> ValueError:
    return ValueError(
        f"ไม่มีข้อมูลผลการประเมินหรือมาตรการของ{org.display_name} ({org.code}) "
        f"ปีงบประมาณ พ.ศ. {year} / No results or measures of {org.code} for the fiscal year "
        f"{year}"
    )


def plan_parts(
    db: gaps.Queries, org_code: str, year: int, today: date | None = None
) -> tuple[Part, Part]:
    """The analysis of the results of `year` (Y) and the plan for Y+1, as content."""
    today = today or date.today()
    org = organisation(db, org_code)
    results = gaps.analyse(db, org_code, year + 1, today)  # indicators and tools of Y
    current = gaps.analyse(db, org_code, year, today)  # measures of Y
    profile = db.query("org_profile", org_code=org_code)
    profile = profile.loc[profile["fiscal_year"] == year]
    indicators, measures = results.indicators, current.measures
    if indicators.empty and measures.empty and profile.empty:
        raise _no_data(org, year)
    plan, saved = planning.plan_for(db, org_code, year)
    nxt = year + 1
    names = {int(r.indicator): r.indicator_name_th for r in indicators.itertuples()}
    scores = {int(r.indicator): float(r.score) for r in indicators.itertuples()}

    measured: dict[int, list[int]] = {}
    for m in measures.itertuples():
        for ind in m.indicators:
            measured.setdefault(int(ind), []).append(int(m.measure_no))
    planned: dict[int, list[int]] = {}
    for item in plan.itertuples():
        for ind in item.indicators:
            planned.setdefault(int(ind), []).append(int(item.item_no))

    summary = "ไม่มีผลการประเมินรวม"
    if not profile.empty:
        p = profile.iloc[0]
        total = "-" if pd.isna(p["total"]) else f"{float(p['total']):.2f}"
        summary = f"คะแนนรวม {total} ระดับ {_text(p['level'], '-')}"
    date_line = Para.of(f"วันที่ {long_date(today)}", center=True)

    analysis = Part(
        sheet_name=f"วิเคราะห์ผล {year}",
        title=[
            Heading("การวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงาน (ITA)", center=True),
            Heading(org.display_name, center=True),
            Para.of(org.place, center=True),
            Para.of(f"ปีงบประมาณ พ.ศ. {year}", center=True, bold=True),
            Para.of(f"ผลการประเมินปีงบประมาณ พ.ศ. {year}: {summary}", center=True),
            date_line,
        ],
    )
    threshold = f"{float(indicators['pass_threshold'].iloc[0]):g}" if not indicators.empty else "85"
    rows: list[list[Cell]] = []
    for r in indicators.sort_values("indicator").itertuples():
        ind = int(r.indicator)
        rows.append(
            [
                f"{ind}. {r.indicator_name_th}",
                Num(float(r.score)),
                "-" if pd.isna(r.change) else Num(float(r.change), signed=True),
                gaps.reasons(r) if r.is_weak else "-",
                _numbers(measured.get(ind, [])),
                _numbers(planned.get(ind, [])),
            ]
        )
    analysis.blocks += [
        Heading(f"1. ผลการประเมินรายตัวชี้วัด ปีงบประมาณ พ.ศ. {year} และจุดอ่อน", size=18),
        Para.of(WEAK_RULES.format(threshold=threshold), indent_first=True),
        Table(
            headers=(
                "ตัวชี้วัด",
                f"คะแนนปี {year}",
                f"เปลี่ยนแปลงจากปี {year - 1}",
                "จุดอ่อน",
                f"มาตรการปี {year} (ลำดับ)",
                f"แผนปี {nxt} (ลำดับ)",
            ),
            rows=rows,
            widths_cm=(6.2, 2.6, 3.0, 7.5, 3.2, 3.2),
            empty_text=f"ไม่มีคะแนนรายตัวชี้วัดของปี {year}",
        ),
    ]
    weak_tools = results.tools.loc[results.tools["below_threshold"].fillna(False).astype(bool)]
    tool_lines = [
        f"{t.tool} {t.name_th}: {float(t.score):.2f}"
        for t in weak_tools.sort_values("tool").itertuples()
    ]
    analysis.blocks += [
        Heading("2. เครื่องมือที่ได้คะแนนต่ำกว่าเกณฑ์", size=18),
        Para.of("; ".join(tool_lines) if tool_lines else "ไม่มี", indent_first=True),
        Heading(f"3. มาตรการปีงบประมาณ พ.ศ. {year} และผลการดำเนินการ", size=18),
        Table(
            headers=("มาตรการ", "ตัวชี้วัด", "สถานะ", "ผลการดำเนินการ"),
            rows=[
                [
                    f"{int(m.measure_no)}. {m.title}",
                    _numbers(m.indicators),
                    _text(m.status_th, "ยังไม่มีรายงาน"),
                    _text(m.outcome, "-"),
                ]
                for m in measures.itertuples()
            ],
            widths_cm=(8.0, 2.7, 4.0, 11.0),
            empty_text=f"ไม่มีมาตรการของปี {year}",
        ),
    ]

    def suggestion(item: Any) -> str:
        targets = "; ".join(_indicator_label(int(i), names) for i in item.indicators)
        if item.origin == "weak_point":
            scored = [f"{scores[int(i)]:.2f}" for i in item.indicators if int(i) in scores]
            score = f" (คะแนนปี {year}: {', '.join(scored)})" if scored else ""
            return f"แก้ไขจุดอ่อน{targets}{score}"
        if item.origin == "carried_over":
            return f"ยกมาจากปี {year} (ยังไม่แล้วเสร็จ)" + (f"; {targets}" if targets else "")
        return targets

    how = (
        "แผนที่บันทึกไว้ในระบบ"
        if saved
        else f"ร่างแผนจากจุดอ่อนของผลการประเมินปี {year} และมาตรการของปี {year} ที่ยังไม่แล้วเสร็จ"
    )
    plan_part = Part(
        sheet_name=f"แผนมาตรการ {nxt}",
        title=[
            Heading("แผนมาตรการส่งเสริมคุณธรรมและความโปร่งใส", center=True),
            Heading(org.display_name, center=True),
            Para.of(org.place, center=True),
            Para.of(f"ปีงบประมาณ พ.ศ. {nxt}", center=True, bold=True),
            Para.of(how, center=True),
            date_line,
        ],
        blocks=[
            Table(
                headers=MEASURE_COLUMNS,
                rows=[
                    [
                        f"{int(item.item_no)}. {item.title}",
                        _text(item.method),
                        _text(item.responsible),
                        _text(item.period),
                        "",
                        suggestion(item),
                    ]
                    for item in plan.itertuples()
                ],
                widths_cm=MEASURE_WIDTHS,
                empty_text=f"ไม่มีรายการในแผนปี {nxt}",
            )
        ],
    )
    return analysis, plan_part


def report_blocks(
    db: gaps.Queries, org_code: str, year: int, round_: int, today: date | None = None
) -> list[Block]:
    """The memo and the table of the implementation report, as content."""
    if round_ not in ROUNDS:
        raise ValueError(f"รอบรายงานต้องเป็น 6 หรือ 12 / The round must be 6 or 12, not {round_}")
    today = today or date.today()
    org = organisation(db, org_code)
    measures = db.query("measure_reports_round", org_code=org_code, year=year, round=round_)
    if measures.empty:
        raise ValueError(
            f"ไม่มีมาตรการของ{org.display_name} ({org.code}) ปีงบประมาณ พ.ศ. {year} / "
            f"No measures of {org.code} for the fiscal year {year}"
        )
    name = org.full_name
    subject = f"มาตรการส่งเสริมคุณธรรมและความโปร่งใสของ{name} ประจำปีงบประมาณ พ.ศ. {year}"
    period_end = "31 มีนาคม" if round_ == 6 else "30 กันยายน"
    period = f"รอบ {round_} เดือน (1 ตุลาคม {year - 1} ถึง {period_end} {year})"
    reported = measures.loc[measures["has_report"]].sort_values(["status_order", "measure_no"])
    counts = reported.groupby("status_th", sort=False).size()
    tally = [f"{label} {n} มาตรการ" for label, n in counts.items()]
    missing = int((~measures["has_report"]).sum())
    if missing:
        tally.append(f"ยังไม่มีรายงาน {missing} มาตรการ")
    facts = (
        f"{name} ได้ดำเนินการขับเคลื่อน{subject} {period} จำนวน {len(measures)} มาตรการ "
        f"ได้แก่ {' '.join(tally)} สำนักปลัด{name} จึงขอรายงานผลการดำเนินการตาม{subject} "
        f"{period} รายละเอียดปรากฏตามเอกสารแนบท้าย"
    )
    advice = (
        f"เห็นควรประชาสัมพันธ์ผลการดำเนินการตาม{subject} ให้ประชาชนรับทราบผ่านช่องทางต่าง ๆ "
        "เช่น เว็บไซต์ บอร์ดประชาสัมพันธ์ หอกระจายข่าวหมู่บ้าน เป็นต้น"
    )
    if round_ == 6:
        advice += " และเร่งรัดการดำเนินการมาตรการที่ยังไม่แล้วเสร็จให้แล้วเสร็จภายในปีงบประมาณ"

    def outcome(m: Any) -> str:
        if not m.has_report:
            return f"ยังไม่มีรายงานรอบ {round_} เดือน"
        return f"{_text(m.outcome, '-')}\nสถานะ: {_text(m.status_th, '-')}"

    def label(text: str, value: str) -> Para:
        return Para([(text, True), (f" {value}", False)])

    return [
        Heading("บันทึกข้อความ", size=MEMO_TITLE_PT, center=True),
        label("ส่วนราชการ", f"สำนักปลัด {name} {org.place}"),
        label("ที่", "................................"),
        label("วันที่", long_date(today)),
        label("เรื่อง", f"รายงานผลการดำเนินการตาม{subject} ({period.split(' (')[0]})"),
        label("เรียน", org.executive),
        Para.of("เรื่องเดิม", bold=True),
        Para.of(
            f"ตามที่ได้ดำเนินการวิเคราะห์ผลการประเมิน ITA ของ{name} ปีงบประมาณ พ.ศ. {year - 1} "
            "และได้กำหนดมาตรการ/แนวทางในการส่งเสริมคุณธรรมและความโปร่งใสขององค์กรปกครองส่วน"
            f"ท้องถิ่นในปีงบประมาณ พ.ศ. {year} นั้น",
            indent_first=True,
        ),
        Para.of("ข้อเท็จจริง", bold=True),
        Para.of(facts, indent_first=True),
        Para.of("ข้อพิจารณา/ข้อเสนอแนะ", bold=True),
        Para.of(advice, indent_first=True),
        Para.of("จึงเรียนมาเพื่อโปรดทราบและพิจารณา", indent_first=True),
        Para.of(""),
        Para.of("(ลงชื่อ) ........................................", center=True),
        Para.of("(........................................)", center=True),
        Para.of("ตำแหน่ง ........................................", center=True),
        PageBreak(landscape=True),
        Heading(f"รายงานผลการดำเนินการตาม{subject}", center=True),
        Para.of(period, center=True, bold=True),
        Para.of(
            f"ตามที่ได้ดำเนินการวิเคราะห์ผลการประเมิน ITA ของ{name} ปีงบประมาณ พ.ศ. {year - 1} "
            f"และได้กำหนดมาตรการส่งเสริมคุณธรรมและความโปร่งใสในปีงบประมาณ พ.ศ. {year} "
            f"โดยได้ดำเนินการขับเคลื่อนมาตรการ{period} ดังต่อไปนี้",
            indent_first=True,
        ),
        Table(
            headers=MEASURE_COLUMNS,
            rows=[
                [
                    f"{int(m.measure_no)}. {m.title}",
                    _text(m.method),
                    _text(m.responsible),
                    _text(m.period),
                    outcome(m),
                    _text(m.suggestion),
                ]
                for m in measures.itertuples()
            ],
            widths_cm=MEASURE_WIDTHS,
        ),
    ]


# --- DOCX -----------------------------------------------------------------------------------


def _set_font(rpr: Any, size_pt: float, bold: bool = False) -> None:
    """TH Sarabun New on every font slot, the size for Latin and complex script, Thai language."""
    fonts = rpr.get_or_add_rFonts()
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), THAI_FONT)
    if bold:
        rpr.get_or_add_b()
        rpr.get_or_add_bCs()
    half_points = str(round(size_pt * 2))
    size = rpr.get_or_add_sz()
    size.set(qn("w:val"), half_points)
    size_cs = rpr.find(qn("w:szCs"))
    if size_cs is None:
        size_cs = OxmlElement("w:szCs")
        size.addnext(size_cs)
    size_cs.set(qn("w:val"), half_points)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:bidi"), "th-TH")


def _new_document(title: str) -> Any:
    doc = Document()
    # The document defaults (python-docx's template: theme fonts, 11 pt) and the Normal style.
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    _set_font(defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")), BODY_PT)
    normal = doc.styles["Normal"]
    _set_font(normal.element.get_or_add_rPr(), BODY_PT)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(2.5), Cm(2.0)
    section.left_margin, section.right_margin = Cm(3.0), Cm(2.0)
    doc.core_properties.title = title
    doc.core_properties.author = "ITA dashboard"
    return doc


def _landscape(section: Any) -> None:
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    section.left_margin = section.right_margin = Cm(2.0)
    section.top_margin = section.bottom_margin = Cm(2.0)


def _runs(paragraph: Any, segments: Sequence[tuple[str, bool]], size: float, t: Callable) -> None:
    for text, bold in segments:
        lines = t(text).split("\n")
        run = paragraph.add_run(lines[0])
        for line in lines[1:]:
            run.add_break(WD_BREAK.LINE)
            run.add_text(line)
        _set_font(run._r.get_or_add_rPr(), size, bold)


def _repeat_header(row: Any) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def _docx_table(doc: Any, table: Table, t: Callable) -> None:
    """A grid with a bold header row repeated on every page; rows kept whole. Without rows:
    the header and one row across the table saying so."""
    grid = doc.add_table(rows=1, cols=len(table.headers))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    for cell, text in zip(grid.rows[0].cells, table.headers, strict=True):
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        _runs(cell.paragraphs[0], [(text, True)], BODY_PT, t)
    _repeat_header(grid.rows[0])
    for values in table.rows:
        row = grid.add_row()
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        cells = row.cells
        for cell, value in zip(cells, values, strict=True):
            if isinstance(value, Num):
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
                value = value.text
            _runs(cell.paragraphs[0], [(value, False)], BODY_PT, t)
    for column, width in zip(grid.columns, table.widths_cm, strict=True):
        column.width = Cm(width)  # w:gridCol, which LibreOffice follows
        for cell in column.cells:  # w:tcW, which Word follows
            cell.width = Cm(width)
    if not table.rows:
        row = grid.add_row().cells
        merged = row[0].merge(row[-1])
        merged.width = Cm(sum(table.widths_cm))
        _runs(merged.paragraphs[0], [(table.empty_text, False)], BODY_PT, t)


def _docx(blocks: Iterable[Block], title: str, thai_digits: bool, portrait: bool) -> bytes:
    t: Callable[[str], str] = to_thai_digits if thai_digits else (lambda s: s)
    doc = _new_document(t(title))
    if not portrait:
        _landscape(doc.sections[0])
    for block in blocks:
        if isinstance(block, Heading):
            p = doc.add_paragraph()
            if block.center:
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.paragraph_format.space_before = Pt(6)
            _runs(p, [(block.text, True)], block.size, t)
        elif isinstance(block, Para):
            p = doc.add_paragraph()
            if block.center:
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            if block.indent_first:
                p.paragraph_format.first_line_indent = Cm(2.5)
            _runs(p, block.segments, BODY_PT, t)
        elif isinstance(block, Table):
            _docx_table(doc, block, t)
        elif block.landscape:
            _landscape(doc.add_section(WD_SECTION.NEW_PAGE))
        else:
            run = doc.add_paragraph().add_run()
            run.add_break(WD_BREAK.PAGE)
            _set_font(run._r.get_or_add_rPr(), BODY_PT)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def plan_docx(
    db: gaps.Queries,
    org_code: str,
    year: int,
    *,
    thai_digits: bool = False,
    today: date | None = None,
) -> bytes:
    """The analysis of the results of `year` (Y) and the measure plan for Y+1, as Word."""
    analysis, plan = plan_parts(db, org_code, year, today)
    blocks = [*analysis.title, *analysis.blocks, PageBreak(), *plan.title, *plan.blocks]
    title = f"การวิเคราะห์ผลการประเมิน ITA ปี {year} และแผนมาตรการปี {year + 1} {org_code}"
    return _docx(blocks, title, thai_digits, portrait=False)


def report_docx(
    db: gaps.Queries,
    org_code: str,
    year: int,
    round_: int,
    *,
    thai_digits: bool = False,
    today: date | None = None,
) -> bytes:
    """The report on carrying out the measures of `year` at round 6 or 12, as Word: the memo
    (portrait), then the six-column table with each measure's outcome (landscape)."""
    blocks = report_blocks(db, org_code, year, round_, today)
    title = f"รายงานผลการดำเนินการตามมาตรการ ปี {year} รอบ {round_} เดือน {org_code}"
    return _docx(blocks, title, thai_digits, portrait=True)


# --- XLSX -----------------------------------------------------------------------------------


def _xlsx(parts: Sequence[Part], thai_digits: bool) -> bytes:
    t: Callable[[str], str] = to_thai_digits if thai_digits else (lambda s: s)
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(
        buffer,
        {
            "in_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    base = {"font_name": THAI_FONT, "font_size": 14, "valign": "top"}
    fmt = {
        "title": book.add_format({**base, "bold": True, "font_size": 18}),
        "heading": book.add_format({**base, "bold": True, "font_size": 16}),
        "plain": book.add_format(base),
        "bold": book.add_format({**base, "bold": True}),
        "head": book.add_format(
            {**base, "bold": True, "bg_color": "#dde7f0", "border": 1, "text_wrap": True}
        ),
        "cell": book.add_format({**base, "border": 1, "text_wrap": True}),
        "num": book.add_format({**base, "border": 1, "num_format": "0.00"}),
        "signed": book.add_format({**base, "border": 1, "num_format": "+0.00;-0.00;0.00"}),
    }
    for part in parts:
        sheet = book.add_worksheet(t(part.sheet_name)[:31])
        widths: dict[int, float] = {}
        row = 0
        for block in [*part.title, Para.of(""), *part.blocks]:
            if isinstance(block, Heading):
                sheet.write_string(row, 0, t(block.text), fmt["title" if row == 0 else "heading"])
            elif isinstance(block, Para):
                bold = all(b for _, b in block.segments)
                sheet.write_string(row, 0, t(block.text), fmt["bold" if bold else "plain"])
            elif isinstance(block, Table):
                for col, width in enumerate(block.widths_cm):
                    widths[col] = max(widths.get(col, 0), width)
                for col, header in enumerate(block.headers):
                    sheet.write_string(row, col, t(header), fmt["head"])
                for values in block.rows:
                    row += 1
                    for col, value in enumerate(values):
                        if isinstance(value, Num) and not thai_digits:
                            style = fmt["signed" if value.signed else "num"]
                            sheet.write_number(row, col, value.value, style)
                        else:
                            text = value.text if isinstance(value, Num) else value
                            sheet.write_string(row, col, t(text), fmt["cell"])
                if not block.rows:
                    row += 1
                    last = len(block.headers) - 1
                    sheet.merge_range(row, 0, row, last, t(block.empty_text), fmt["cell"])
                row += 1
            row += 1
        for col, width in widths.items():
            sheet.set_column(col, col, round(width * 4.2, 1))
    book.close()
    return buffer.getvalue()


def plan_xlsx(
    db: gaps.Queries,
    org_code: str,
    year: int,
    *,
    thai_digits: bool = False,
    today: date | None = None,
) -> bytes:
    """The content of `plan_docx` as a workbook: the analysis of Y and the plan for Y+1 on
    sheets of their own, each with a header block."""
    return _xlsx(plan_parts(db, org_code, year, today), thai_digits)
