"""Reading a user's file into rows of cleaned text, with the row numbers the user sees.

CSV (UTF-8, UTF-8 with BOM, or Windows-874 detected without a declaration; comma, tab or
semicolon separated; RFC 4180 quoting) and XLSX (cached values of formula cells; a formula
without a stored value is an error). Nothing is evaluated: text starting with =, +, - or @ stays
text.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from dashboard.ingest.normalise import clean
from dashboard.ingest.problems import ImportRejected, Problem

MAX_CELL = 10_000  # characters in one cell
MAX_BYTES = 200 * 1024 * 1024
csv.field_size_limit(MAX_BYTES)


@dataclass
class Sheet:
    """Cells as cleaned text (None = empty) and each row's number as the user sees it."""

    file_name: str
    rows: list[list[str | None]]
    row_numbers: list[int]
    form: str  # "csv" | "xlsx" | "text"
    encoding: str | None = None
    problems: list[Problem] = field(default_factory=list)


def _reject(name: str, th: str, en: str, row: int | None = None) -> ImportRejected:
    return ImportRejected([Problem(name, row, None, None, th, en)])


def decode_text(data: bytes, name: str) -> tuple[str, str]:
    """Text and encoding of a text file: UTF-8 (with or without BOM), else Windows-874."""
    if b"\x00" in data[:4096]:
        raise _reject(
            name, "ไฟล์นี้ไม่ใช่ไฟล์ข้อความ (อาจเป็นไฟล์ไบนารี)", "this is not a text file (it looks binary)"
        )
    for encoding in ("utf-8-sig", "cp874"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        controls = sum(1 for ch in text[:20000] if ord(ch) < 32 and ch not in "\r\n\t")
        if controls > 0:
            raise _reject(
                name,
                "ไฟล์มีอักขระควบคุมที่ไม่ใช่ข้อความ (อาจเป็นไฟล์ไบนารี)",
                "the file holds control characters (it looks binary)",
            )
        return text, ("utf-8" if encoding == "utf-8-sig" else encoding)
    raise _reject(
        name,
        "อ่านรหัสอักขระของไฟล์ไม่ได้ (รองรับ UTF-8 และ Windows-874)",
        "unknown text encoding (UTF-8 and Windows-874 are read)",
    )


def _csv_rows(text: str, name: str) -> Sheet:
    sample = text[:5000]
    first_line = sample.splitlines()[0] if sample.splitlines() else ""
    counts = {d: first_line.count(d) for d in (",", "\t", ";")}
    delimiter = max(counts, key=counts.get) if any(counts.values()) else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[list[str | None]] = []
    numbers: list[int] = []
    start = 1
    try:
        for record in reader:
            rows.append([clean(cell) for cell in record])
            numbers.append(start)
            start = reader.line_num + 1
    except csv.Error as exc:
        raise _reject(
            name,
            f"โครงสร้าง CSV เสีย (เครื่องหมายคำพูดไม่ครบคู่หรือผิดตำแหน่ง) เริ่มที่บรรทัด {start}: {exc}",
            f"broken CSV structure (an unbalanced or misplaced quote) starting at line {start}: "
            f"{exc}",
            start,
        ) from None
    return Sheet(name, rows, numbers, "csv")


def _cell_text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return clean(value)


def _xlsx_rows(data: bytes, name: str) -> Sheet:
    import openpyxl

    try:
        values = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        formulas = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds for a damaged workbook
        raise _reject(
            name, f"เปิดไฟล์ Excel ไม่ได้: {exc}", f"cannot open the Excel file: {exc}"
        ) from None
    sheet = values.worksheets[0]
    formula_sheet = formulas.worksheets[0]
    rows: list[list[str | None]] = []
    numbers: list[int] = []
    problems: list[Problem] = []
    for index, (cached, raw) in enumerate(
        zip(
            sheet.iter_rows(values_only=True),
            formula_sheet.iter_rows(values_only=True),
            strict=False,
        ),
        start=1,
    ):
        row = []
        for col, (value, formula) in enumerate(zip(cached, raw or (), strict=False), start=1):
            if isinstance(formula, str) and formula.startswith("=") and value is None:
                problems.append(
                    Problem(
                        name,
                        index,
                        _column_letter(col),
                        formula,
                        "เซลล์นี้เป็นสูตรที่ไม่มีค่าที่คำนวณไว้ กรุณาเปิดใน Excel แล้วบันทึก หรือวางแบบค่า",
                        "this cell is a formula without a stored value: open and save the "
                        "file in Excel, or paste values",
                    )
                )
            row.append(_cell_text(value))
        rows.append(row)
        numbers.append(index)
    values.close()
    formulas.close()
    result = Sheet(name, rows, numbers, "xlsx")
    result.problems.extend(problems)
    return result


def _column_letter(col: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(col)


def read_sheet(path: Path | str, display_name: str | None = None) -> Sheet:
    """Read a CSV or XLSX file. Raises ImportRejected with a located message when it cannot."""
    path = Path(path)
    name = display_name or path.name
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise _reject(
            name, f"อ่านไฟล์ไม่ได้: {exc.strerror}", f"cannot read the file: {exc.strerror}"
        ) from None
    return read_bytes(data, name)


def read_bytes(data: bytes, name: str) -> Sheet:
    if not data.strip():
        raise _reject(name, "ไฟล์ว่างเปล่า", "the file is empty")
    if len(data) > MAX_BYTES:
        raise _reject(name, "ไฟล์ใหญ่เกิน 200 MB", "the file is larger than 200 MB")
    suffix = Path(name).suffix.lower()
    is_zip = data[:4] == b"PK\x03\x04"
    if suffix in (".xlsx", ".xlsm") or is_zip:
        if not is_zip or not zipfile.is_zipfile(io.BytesIO(data)):
            raise _reject(
                name,
                "ไฟล์นี้ไม่ใช่ไฟล์ Excel (.xlsx) ที่ถูกต้อง",
                "this is not a valid Excel (.xlsx) workbook",
            )
        sheet = _xlsx_rows(data, name)
    elif suffix == ".xls":
        raise _reject(
            name,
            "ไม่รองรับไฟล์ Excel รุ่นเก่า (.xls) กรุณาบันทึกเป็น .xlsx หรือ .csv",
            "old Excel files (.xls) are not read: save as .xlsx or .csv",
        )
    else:
        text, encoding = decode_text(data, name)
        sheet = _csv_rows(text, name)
        sheet.encoding = encoding
    for row, number in zip(sheet.rows, sheet.row_numbers, strict=True):
        for col, cell in enumerate(row):
            if cell is not None and len(cell) > MAX_CELL:
                sheet.problems.append(
                    Problem(
                        name,
                        number,
                        f"#{col + 1}",
                        cell[:40],
                        f"ข้อความในเซลล์ยาวเกิน {MAX_CELL:,} ตัวอักษร ({len(cell):,})",
                        f"the cell holds more than {MAX_CELL:,} characters ({len(cell):,})",
                    )
                )
                row[col] = cell[:MAX_CELL]
    if not any(any(c is not None for c in row) for row in sheet.rows):
        raise _reject(name, "ไฟล์ไม่มีข้อมูล", "the file holds no data")
    return sheet
