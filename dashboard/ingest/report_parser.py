"""Parsing a measures report (รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส):
a memo (บันทึกข้อความ) followed by the official six-column measures table, which many reports
precede with a numbering column (ที่, ลำดับ). Pure; no database.

Two forms are read:

* text extracted from such a document (`parse_text`): one table row per line, cells separated by
  tabs, `<p>` fragments inside cells, the header row repeated after every page break;
* a Word file (`parse_docx`): memo paragraphs, then the table, possibly split into several tables
  at page breaks, each repeating the header; merged cells.

In both, a row whose มาตรการ cell is empty (and its numbering cell, if the table has that column)
continues the previous measure: each of its cells is appended to the same column of that measure
with a single space. The measure number is the numbering cell's ("1", "1.", "(1)", "1)") when it
holds one; otherwise it is taken from the start of the title ("๑." / "1." / "1)") and removed
from it. The title loses its own leading number beside a numbering cell only when the two agree.

The memo is everything before the first header row. From it come the organisation (as written,
with its district and province), the fiscal year, the report date and, when the memo names it,
the round (6 or 12). Deciding the round from the date is left to the importer. A memo giving
neither a date nor a round, above a table with outcomes, is one error: its outcomes cannot be
assigned to the 6- or 12-month round (located at the first measure's row, the memo having none).

Row numbers: for text, the line number as a text editor shows it (1-based); for a Word file, the
position of the row among all table rows of the document (1-based, header rows included), so the
first row of the second table follows the last row of the first one.
"""

from __future__ import annotations

import html
import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date

from dashboard.formatting import BE_OFFSET, MONTHS_TH, MONTHS_TH_SHORT
from dashboard.ingest.normalise import clean
from dashboard.ingest.problems import Problem, Severity

# --- the table -------------------------------------------------------------------------------

FIELDS = ("title", "method", "responsible", "period", "outcome", "suggestion")
HEADERS_TH = ("มาตรการ", "วิธีการดำเนินการ", "ผู้รับผิดชอบ", "ระยะเวลา", "ผลการดำเนินการ", "ข้อเสนอแนะ")
_HEADER_LIST = ", ".join(HEADERS_TH)
# Spellings of each header seen in real reports, compared without spaces, digits or punctuation.
_HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "title": ("มาตรการ", "ชื่อมาตรการ", "มาตรการแนวทาง"),
    "method": ("วิธีการดำเนินการ", "วิธีดำเนินการ", "วิธีการดำเนินงาน", "การดำเนินการ"),
    "responsible": ("ผู้รับผิดชอบ", "หน่วยงานที่รับผิดชอบ", "หน่วยงานรับผิดชอบ", "ผู้รับผิดชอบหลัก"),
    "period": ("ระยะเวลา", "ระยะเวลาดำเนินการ", "ระยะเวลาการดำเนินการ", "ระยะเวลาดำเนินงาน"),
    "outcome": ("ผลการดำเนินการ", "ผลการดำเนินงาน", "ผลการดำเนินการตามมาตรการ"),
    "suggestion": ("ข้อเสนอแนะ", "ปัญหาอุปสรรคข้อเสนอแนะ", "ปัญหาอุปสรรคและข้อเสนอแนะ"),
}
# The optional numbering column: not one of FIELDS, the table may have it besides the six.
NUMBER = "number"
_NUMBER_ALIASES = ("ที่", "ลำดับ", "ลำดับที่", "ข้อ")
_COUNT_TH = f"{len(FIELDS)} คอลัมน์ (หรือ {len(FIELDS) + 1} คอลัมน์เมื่อมีคอลัมน์ลำดับ ที่/ลำดับ)"
_COUNT_EN = f"{len(FIELDS)} (or {len(FIELDS) + 1} with a numbering column ที่/ลำดับ)"

_THAI = "\u0e00-\u0e7f"
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>")
_BETWEEN_THAI = re.compile(rf"(?<=[{_THAI}]) (?=[{_THAI}])")
_HEADER_NOISE = re.compile(r"[\s\d().:/\\\-–—_*\"'“”]+")
_NUMBER = re.compile(
    r"^(?:(?:มาตรการที่|ข้อที่|ข้อ)\s*(\d{1,3})\s*[.):]?|\(?(\d{1,3})\s*(?:[.)](?!\d)|\s))\s*"
)
_CELL_NUMBER = re.compile(r"\((\d{1,3})\)|(\d{1,3})[.)]?")  # a numbering cell: 1, 1., (1), 1)
_PAGE_NUMBER = re.compile(r"^[-–—\s(]*\d{1,3}[-–—\s)]*$")


def compact(text: str | None) -> str:
    """Text for matching: cleaned (NFC, Arabic digits, single spaces), case-folded, and without
    the spaces between two Thai characters (words broken where a cell wrapped)."""
    cleaned = clean(text)
    if cleaned is None:
        return ""
    return _BETWEEN_THAI.sub("", cleaned.casefold())


def cell_text(raw: str | None) -> str | None:
    """A cell as written: HTML tags (`<p>`, `<br>`...) dropped, fragments joined with single
    spaces in order, entities decoded, then normalise.clean."""
    if raw is None:
        return None
    return clean(html.unescape(_TAG.sub(" ", raw)))


def _header_key(text: str | None) -> str:
    return _HEADER_NOISE.sub("", compact(text))


_HEADER_LOOKUP = {
    _header_key(alias): key
    for key, aliases in (*_HEADER_ALIASES.items(), (NUMBER, _NUMBER_ALIASES))
    for alias in aliases
}


# --- results ---------------------------------------------------------------------------------


@dataclass
class ParsedMeasure:
    number: int | None
    title: str
    method: str | None
    responsible: str | None
    period: str | None
    outcome: str | None
    suggestion: str | None
    row: int  # where the measure starts (line number for text, table row for a Word file)
    continued: list[int] = field(default_factory=list)  # rows joined into this measure


@dataclass
class ParsedReport:
    file: str
    org_name: str | None  # as written in the memo, e.g. "องค์การบริหารส่วนตำบลกระจ่าย"
    district: str | None
    province: str | None
    fiscal_year: int | None  # Buddhist era
    report_date: date | None
    round: int | None  # 6 or 12, only when the memo names it
    measures: list[ParsedMeasure]
    problems: list[Problem]
    form: str = "text"  # "text" | "docx"


# --- the document as a sequence of lines and table rows --------------------------------------


@dataclass(frozen=True)
class _Cell:
    text: str | None
    start: int  # layout-grid columns [start, end)
    end: int
    shared: bool = False  # the lower part of a vertically merged cell (its text is the top's)


@dataclass(frozen=True)
class _Item:
    row: int | None
    text: str | None = None  # a line of text or a paragraph
    cells: tuple[_Cell, ...] | None = None  # a table row


@dataclass(frozen=True)
class _Header:
    row: int | None
    spans: tuple[tuple[str, int, int], ...]  # (field, start, end), in column order
    valid: bool
    number_column: str | None = None  # the numbering column's header as written, if any


def _problem(
    file: str,
    row: int | None,
    th: str,
    en: str,
    *,
    column: str | None = None,
    value: str | None = None,
    severity: Severity = "error",
) -> Problem:
    return Problem(file, row, column, value, th, en, severity)


def match_header(cells: tuple[_Cell, ...]) -> list[str | None] | None:
    """The field of each cell (NUMBER for a numbering cell) when the row is a header row: one
    with มาตรการ and at least 3 distinct of the six fields. Else None."""
    keys = [_HEADER_LOOKUP.get(_header_key(c.text)) for c in cells]
    found = {k for k in keys if k in FIELDS}
    if "title" not in found or len(found) < 3:
        return None
    return keys


def _read_header(file: str, item: _Item, keys: list[str | None], out: list[Problem]) -> _Header:
    cells = list(item.cells or ())
    while cells and cells[-1].text is None:  # trailing empty cells are not columns
        cells.pop()
    keys = keys[: len(cells)]
    spans = tuple((k or "", c.start, c.end) for k, c in zip(keys, cells, strict=True))
    written = " | ".join(c.text or "" for c in cells)
    missing = [h for key, h in zip(FIELDS, HEADERS_TH, strict=True) if key not in keys]
    duplicated = sorted({k for k in keys if k and keys.count(k) > 1})
    number_column = next((c.text for k, c in zip(keys, cells, strict=True) if k == NUMBER), None)
    if len(cells) != len(FIELDS) + (1 if number_column else 0):
        missing_th = f" (ขาด: {', '.join(missing)})" if missing else ""
        missing_en = f" (missing: {', '.join(missing)})" if missing else ""
        out.append(
            _problem(
                file,
                item.row,
                f"ตารางมี {len(cells)} คอลัมน์ ต้องมี {_COUNT_TH}: {_HEADER_LIST}{missing_th}",
                f"the table has {len(cells)} columns; expected {_COUNT_EN}: "
                f"{_HEADER_LIST}{missing_en}",
                value=written,
            )
        )
        return _Header(item.row, spans, False)
    unknown = [c.text or "" for k, c in zip(keys, cells, strict=True) if k is None]
    if unknown or duplicated or missing:
        out.append(
            _problem(
                file,
                item.row,
                f"หัวตารางไม่ตรงกับแบบรายงาน ต้องเป็น: {_HEADER_LIST}"
                + (f" (ไม่รู้จัก: {', '.join(unknown)})" if unknown else ""),
                f"the table header does not match the report form; expected: {_HEADER_LIST}"
                + (f" (unknown: {', '.join(unknown)})" if unknown else ""),
                value=written,
            )
        )
        return _Header(item.row, spans, False)
    return _Header(item.row, spans, True, number_column)


def _row_values(
    file: str, item: _Item, header: _Header, out: list[Problem]
) -> dict[str, list[_Cell]]:
    """The cells of a table row grouped by field: a cell belongs to the column where it starts."""
    values: dict[str, list[_Cell]] = {f: [] for f in (NUMBER, *FIELDS)}
    last_end = header.spans[-1][2]
    for cell in item.cells or ():
        for key, start, end in header.spans:
            if start <= cell.start < end:
                values[key].append(cell)
                break
        else:
            if cell.start >= last_end and cell.text is not None:
                out.append(
                    _problem(
                        file,
                        item.row,
                        f"แถวนี้มีข้อมูลเกิน {len(header.spans)} คอลัมน์ของตาราง (ไม่ได้นำเข้าส่วนที่เกิน)",
                        f"this row has more cells than the table's {len(header.spans)} columns "
                        "(the extra cells are not read)",
                        value=cell.text,
                    )
                )
    return values


def _join(parts: Iterable[str | None]) -> str | None:
    text = " ".join(p for p in parts if p)
    return text or None


def _parse_items(items: Iterable[_Item], file: str, form: str) -> ParsedReport:
    problems: list[Problem] = []
    memo: list[str] = []
    measures: list[ParsedMeasure] = []
    header: _Header | None = None
    current: ParsedMeasure | None = None
    first_row_of: dict[int, int] = {}
    outside: list[_Item] = []  # text lines met between table rows

    for item in items:
        if item.cells is None:
            if header is None:
                if item.text:
                    memo.append(item.text)
            elif item.text and not _PAGE_NUMBER.match(item.text):
                outside.append(item)
            continue
        keys = match_header(item.cells)
        if keys is not None:
            header = _read_header(file, item, keys, problems)
            outside.clear()  # a page heading before a repeated header row
            continue
        if header is None:
            line = _join(c.text for c in item.cells)
            if line:
                memo.append(line)
            continue
        if not header.valid or all(c.text is None for c in item.cells):
            continue
        for skipped in outside:
            problems.append(
                _problem(
                    file,
                    skipped.row,
                    "ข้อความนี้อยู่ระหว่างแถวของตารางแต่ไม่อยู่ในตาราง จึงไม่ได้นำเข้า",
                    "this text sits between table rows but outside the table; it is not read",
                    value=skipped.text,
                    severity="warning",
                )
            )
        outside.clear()
        values = _row_values(file, item, header, problems)
        title = _join(c.text for c in values["title"] if not c.shared)
        numbered = _join(c.text for c in values[NUMBER] if not c.shared)
        row = item.row if item.row is not None else 0
        if title is None and numbered is None:
            # a continuation row: its cells go on the end of the previous measure
            if current is None:
                problems.append(
                    _problem(
                        file,
                        item.row,
                        "แถวต่อเนื่อง (ช่องมาตรการว่าง) อยู่ก่อนมาตรการแรก ไม่ทราบว่าเป็นของมาตรการใด",
                        "a continuation row (empty มาตรการ cell) comes before any measure",
                        column=HEADERS_TH[0],
                        value=_join(c.text for c in item.cells),
                    )
                )
                continue
            for key in FIELDS[1:]:
                extra = _join(c.text for c in values[key] if not c.shared)
                if extra:
                    setattr(current, key, _join([getattr(current, key), extra]))
            current.continued.append(row)
            continue
        written = title or ""
        number, rest = _split_number(written)
        number_column = HEADERS_TH[0]
        if numbered is not None:
            found = _CELL_NUMBER.fullmatch(numbered)
            if found:
                # the cell's number wins; a different one leading the title is part of its text
                column_number = int(found.group(1) or found.group(2))
                if number not in (None, column_number):
                    rest = written
                number, number_column = column_number, header.number_column
            else:
                problems.append(
                    _problem(
                        file,
                        item.row,
                        "ช่องลำดับไม่ใช่ตัวเลข",
                        "the numbering cell is not a number",
                        column=header.number_column,
                        value=numbered,
                    )
                )
        current = ParsedMeasure(
            number=number,
            title=rest,
            method=_join(c.text for c in values["method"]),
            responsible=_join(c.text for c in values["responsible"]),
            period=_join(c.text for c in values["period"]),
            outcome=_join(c.text for c in values["outcome"]),
            suggestion=_join(c.text for c in values["suggestion"]),
            row=row,
        )
        measures.append(current)
        if not rest:
            problems.append(
                _problem(
                    file,
                    item.row,
                    "มาตรการไม่มีชื่อ (ช่องมาตรการมีแต่ลำดับ)"
                    if written
                    else "มาตรการไม่มีชื่อ (ช่องมาตรการว่าง)",
                    "the measure has no title (the มาตรการ cell holds only a number)"
                    if written
                    else "the measure has no title (the มาตรการ cell is empty)",
                    column=HEADERS_TH[0],
                    value=str(number) if number is not None else None,
                )
            )
        if number is not None:
            if number in first_row_of:
                first = first_row_of[number]
                problems.append(
                    _problem(
                        file,
                        item.row,
                        f"ลำดับมาตรการ {number} ซ้ำ (มีแล้วที่แถว {first})",
                        f"measure number {number} is repeated (first at row {first})",
                        column=number_column,
                        value=str(number),
                    )
                )
            else:
                first_row_of[number] = row

    if header is None:
        problems.append(
            _problem(
                file,
                None,
                f"ไม่พบตารางมาตรการในรายงาน {file} (ต้องมีแถวหัวตาราง: {_HEADER_LIST})",
                f"no measures table found in the report {file} "
                f"(expected a header row with: {_HEADER_LIST})",
            )
        )
    elif not measures and header.valid:
        problems.append(
            _problem(
                file,
                header.row,
                "ตารางมาตรการไม่มีมาตรการเลย",
                "the measures table holds no measures",
            )
        )

    info = parse_memo(memo, file)
    if info.org_name is None:
        problems.append(
            _problem(
                file,
                None,
                "ไม่พบชื่อองค์กรปกครองส่วนท้องถิ่น (เช่น องค์การบริหารส่วนตำบล..., เทศบาลตำบล...) "
                "ในบันทึกข้อความก่อนตาราง",
                "no organisation name (such as องค์การบริหารส่วนตำบล..., เทศบาลตำบล...) found in "
                "the memo before the table",
            )
        )
    if info.fiscal_year is None:
        problems.append(
            _problem(
                file,
                None,
                'ไม่พบปีงบประมาณ (เช่น "ประจำปีงบประมาณ พ.ศ. ๒๕๖๖") ในบันทึกข้อความก่อนตาราง',
                'no fiscal year (such as "ประจำปีงบประมาณ พ.ศ. ๒๕๖๖") found in the memo before '
                "the table",
            )
        )
    if info.report_date is None and info.round is None and any(m.outcome for m in measures):
        # The outcomes have no round: one error, in place of the memo's warning about its date.
        problems.append(_undated(file, measures[0].row, info.written_date))
    else:
        problems.extend(info.problems)
    return ParsedReport(
        file=file,
        org_name=info.org_name,
        district=info.district,
        province=info.province,
        fiscal_year=info.fiscal_year,
        report_date=info.report_date,
        round=info.round,
        measures=measures,
        problems=problems,
        form=form,
    )


def _undated(file: str, row: int, written: str | None) -> Problem:
    """The error of a memo whose date is missing (or `written` but impossible) and which names
    no round, above outcomes: at `row`, the first measure's."""
    by_round_th = 'หรือระบุรอบ (เช่น "รอบ ๖ เดือน")'
    by_round_en = 'its round (such as "รอบ ๖ เดือน")'
    if written is None:
        what_th = "บันทึกข้อความไม่ระบุวันที่ของรายงานหรือรอบรายงาน"
        what_en = "the report gives neither its date nor its round in the memo"
        fix_th = f'ให้ใส่วันที่ของรายงานในบันทึกข้อความ (เช่น "วันที่ ๒๗ เมษายน ๒๕๖๖") {by_round_th}'
        fix_en = (
            f'write the report date in the memo (such as "วันที่ ๒๗ เมษายน ๒๕๖๖") or {by_round_en}'
        )
    else:
        what_th = f"วันที่ของรายงานไม่มีอยู่จริง ({written}) และบันทึกข้อความไม่ระบุรอบรายงาน"
        what_en = f"the report date does not exist ({written}) and the memo gives no round"
        fix_th = f"ให้แก้วันที่ของรายงานในบันทึกข้อความ {by_round_th}"
        fix_en = f"correct the report date in the memo or write {by_round_en}"
    return _problem(
        file,
        row,
        f"{what_th} จึงไม่ทราบว่าผลการดำเนินการเป็นของรอบ 6 เดือนหรือ 12 เดือน: {fix_th}",
        f"{what_en}, so its outcomes cannot be assigned to the 6- or 12-month round: {fix_en}",
        value=written,
    )


def _split_number(title: str) -> tuple[int | None, str]:
    found = _NUMBER.match(title)
    if not found:
        return None, title
    number = int(found.group(1) or found.group(2))
    return number, title[found.end() :].strip()


# --- the memo --------------------------------------------------------------------------------

_ORG_PREFIXES = (
    "องค์การบริหารส่วนตำบล",
    "องค์การบริหารส่วนจังหวัด",
    "เทศบาลตำบล",
    "เทศบาลเมือง",
    "เทศบาลนคร",
)
# Short forms: with their dot anywhere ("ปลัดอบต.กระจาย"); without it, or the municipalities'
# two letters, only after a non-Thai character (ตอบตกลง holds อบต).
_ORG_SHORT = ("อบต.", "อบจ.")
_ORG_SHORT_BOUNDED = ("ทต.", "ทม.", "ทน.", "อบต", "อบจ")
_ORG = re.compile(
    "(?P<prefix>"
    + "|".join(re.escape(p) for p in _ORG_PREFIXES + _ORG_SHORT)
    + "|"
    + "|".join(rf"(?<![{_THAI}]){re.escape(p)}" for p in _ORG_SHORT_BOUNDED)
    + rf")\s*(?P<name>[{_THAI}]+)"
)
_DISTRICT = re.compile(rf"(?:อำเภอ|กิ่งอำเภอ|(?<![{_THAI}])อ\.)\s*(?P<name>[{_THAI}]+)")
_PROVINCE = re.compile(rf"(?:จังหวัด|(?<![{_THAI}])จ\.)\s*(?P<name>[{_THAI}]+)")
# Words that end a name written without a following space.
_NAME_STOPS = ("อำเภอ", "จังหวัด", "ประจำปี", "ปีงบประมาณ")
_NOT_NAMES = {"อำเภอ", "จังหวัด", "ตำบล"}

_YEAR = r"(?:พ\.?\s*ศ\.?\s*)?(?P<year>\d{4})(?!\d)"
_FISCAL_THIS = re.compile(rf"ประจำปีงบประมาณ\s*{_YEAR}")
_FISCAL_ANY = re.compile(rf"ปีงบประมาณ\s*{_YEAR}")

_MONTH_ALIASES: list[tuple[str, int]] = [(m, i) for i, m in enumerate(MONTHS_TH, start=1)]
_MONTH_ALIASES += [("กรกฏาคม", 7)]  # a common misspelling
_MONTH_PATTERNS: list[tuple[str, int]] = [(re.escape(m), n) for m, n in _MONTH_ALIASES]
_MONTH_PATTERNS += [
    (r"\.?\s*".join(re.escape(part) for part in short.split(".") if part) + r"\.?", n)
    for n, short in enumerate(MONTHS_TH_SHORT, start=1)
]
_DATE = re.compile(
    r"(?P<day>\d{1,2})\s*(?P<month>"
    + "|".join(f"(?P<m{i}>{p})" for i, (p, _n) in enumerate(_MONTH_PATTERNS))
    + r")\s*(?:พ\.?\s*ศ\.?\s*)?(?P<year>\d{4}|\d{2})(?!\d)"
)
_DATED = re.compile(r"วันที่\s*")

_ROUND_PATTERNS: tuple[tuple[re.Pattern[str], int | None], ...] = (
    (re.compile(r"รอบ\s*(?:ระยะเวลา\s*)?(\d{1,2})\s*เดือน"), None),
    (re.compile(r"(\d{1,2})\s*เดือนแรก"), None),
    (re.compile(r"ครึ่งปีหลัง"), 12),
    (re.compile(r"ครึ่งปี(?!หลัง)"), 6),
)


@dataclass
class MemoInfo:
    org_name: str | None = None
    district: str | None = None
    province: str | None = None
    fiscal_year: int | None = None
    report_date: date | None = None
    round: int | None = None
    written_date: str | None = None  # the report date as written, when it does not exist
    problems: list[Problem] = field(default_factory=list)  # warnings about the date, row None


def _cut_name(name: str) -> str:
    for stop in _NAME_STOPS:
        at = name.find(stop)
        if at > 0:
            name = name[:at]
    return name


def _place(pattern: re.Pattern[str], line: str) -> str | None:
    found = pattern.search(line)
    if not found:
        return None
    name = _cut_name(found.group("name"))
    return name if name and name not in _NOT_NAMES else None


def _find_org(lines: list[str]) -> tuple[str | None, str | None, str | None]:
    """(organisation as written, district, province) from the first line naming one; lines
    starting with ส่วนราชการ (the memo's own heading) first."""
    ordered = [i for i, line in enumerate(lines) if compact(line).startswith("ส่วนราชการ")]
    ordered += [i for i in range(len(lines)) if i not in ordered]
    for index in ordered:
        line = lines[index]
        for found in _ORG.finditer(line):
            name = _cut_name(found.group("name"))
            if not name or name in _NOT_NAMES:
                continue
            prefix = found.group("prefix")
            rest = line[found.start("name") + len(name) :]
            district = _place(_DISTRICT, rest)
            province = _place(_PROVINCE, rest)
            if district is None and province is None and index + 1 < len(lines):
                following = lines[index + 1]
                if re.match(r"(?:อำเภอ|อ\.|จังหวัด|จ\.)", following):
                    district = _place(_DISTRICT, following)
                    province = _place(_PROVINCE, following)
            if province is None and prefix.startswith(("องค์การบริหารส่วนจังหวัด", "อบจ")):
                province = name
            written = line[found.start("prefix") : found.start("name") + len(name)]
            return written, district, province
    return None, None, None


def _year_be(text: str) -> int | None:
    year = int(text)
    if 2400 <= year <= 2800:
        return year
    if 1900 <= year <= 2200:
        return year + BE_OFFSET
    return None


def _find_fiscal_year(text: str) -> int | None:
    for found in _FISCAL_THIS.finditer(text):
        year = _year_be(found.group("year"))
        if year is not None:
            return year
    years = [_year_be(m.group("year")) for m in _FISCAL_ANY.finditer(text)]
    known = [y for y in years if y is not None]
    return max(known) if known else None


def _date_at(text: str) -> tuple[date | None, str | None]:
    """The Thai date at the start of `text` (after spaces): (date, None), (None, the written
    date when it is impossible) or (None, None)."""
    found = _DATE.match(text)
    if not found:
        return None, None
    month = next(
        _MONTH_PATTERNS[i][1]
        for i in range(len(_MONTH_PATTERNS))
        if found.group(f"m{i}") is not None
    )
    written = found.group(0)
    raw_year = found.group("year")
    year = 2500 + int(raw_year) if len(raw_year) == 2 else int(raw_year)
    if year >= 2400:
        year -= BE_OFFSET
    try:
        return date(year, month, int(found.group("day"))), None
    except ValueError:
        return None, written


def _find_date(lines: list[str]) -> tuple[date | None, str | None]:
    starts = [line for line in lines if line.startswith("วันที่")]
    others = [line for line in lines if not line.startswith("วันที่")]
    for line in starts + others:
        for dated in _DATED.finditer(line):
            day, bad = _date_at(line[dated.end() :])
            if day is not None or bad is not None:
                return day, bad
    return None, None


def _find_round(text: str) -> int | None:
    rounds: set[int] = set()
    for pattern, fixed in _ROUND_PATTERNS:
        for found in pattern.finditer(text):
            value = fixed if fixed is not None else int(found.group(1))
            if value in (6, 12):
                rounds.add(value)
    return rounds.pop() if len(rounds) == 1 else None


def parse_memo(lines: Iterable[str], file: str = "") -> MemoInfo:
    """What the memo before the table says: organisation, fiscal year, date, round."""
    cleaned = [line for line in (clean(x) for x in lines) if line]
    compacted = [compact(line) for line in cleaned]
    info = MemoInfo()
    info.org_name, info.district, info.province = _find_org(cleaned)
    text = "\n".join(compacted)
    info.fiscal_year = _find_fiscal_year(text)
    info.report_date, bad = _find_date(compacted)
    info.written_date = bad
    if bad is not None:
        info.problems.append(
            Problem(
                file,
                None,
                None,
                bad,
                f"วันที่ของรายงานไม่มีอยู่จริง: {bad}",
                f"the report date does not exist: {bad}",
                "warning",
            )
        )
    elif info.report_date is None:
        info.problems.append(
            Problem(
                file,
                None,
                None,
                None,
                'ไม่พบวันที่ของรายงาน (เช่น "วันที่ ๒๗ เมษายน ๒๕๖๖") ในบันทึกข้อความ',
                'no report date (such as "วันที่ ๒๗ เมษายน ๒๕๖๖") found in the memo',
                "warning",
            )
        )
    info.round = _find_round(text)
    return info


# --- form (c): text --------------------------------------------------------------------------


def text_lines(text: str) -> list[str]:
    """The lines of a text report (numbered from 1 in problems)."""
    return re.split(r"\r\n|\r|\n", text)


def line_cells(line: str) -> tuple[_Cell, ...]:
    """The cells of a table row written as a line, separated by tabs."""
    return tuple(_Cell(cell_text(raw), i, i + 1) for i, raw in enumerate(line.split("\t")))


def _text_items(text: str) -> Iterator[_Item]:
    for number, line in enumerate(text_lines(text), start=1):
        if "\t" in line:
            yield _Item(number, cells=line_cells(line))
        else:
            yield _Item(number, text=cell_text(line))


def parse_text(text: str, file_name: str) -> ParsedReport:
    """A report in the form of text extracted from the document: one table row per line, cells
    separated by tabs. Row numbers are line numbers (1-based)."""
    return _parse_items(_text_items(text.lstrip("\ufeff")), file_name, "text")


# --- form (b): DOCX --------------------------------------------------------------------------


def _not_docx(file: str, data: bytes) -> ParsedReport:
    if data[:5] == b"%PDF-":
        th, en = "ไฟล์นี้เป็น PDF ไม่ใช่ไฟล์ Word (.docx)", "this is a PDF, not a Word (.docx) file"
    elif data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        th = "ไม่รองรับไฟล์ Word รุ่นเก่า (.doc) กรุณาบันทึกเป็น .docx"
        en = "old Word files (.doc) are not read: save as .docx"
    else:
        th, en = "ไฟล์นี้ไม่ใช่ไฟล์ Word (.docx) ที่ถูกต้อง", "this is not a valid Word (.docx) file"
    return ParsedReport(
        file, None, None, None, None, None, None, [], [_problem(file, None, th, en)], "docx"
    )


def _docx_items(document) -> Iterator[_Item]:
    from docx.table import Table

    table_row = 0
    for block in document.iter_inner_content():
        if not isinstance(block, Table):
            for part in block.text.split("\n"):
                yield _Item(None, text=cell_text(part))
            continue
        above: dict[int, object] = {}  # grid column -> the <w:tc> there in the previous row
        for row in block.rows:
            table_row += 1
            cells: list[_Cell] = []
            here: dict[int, object] = {}
            offset = row.grid_cols_before
            previous = None
            for index, cell in enumerate(row.cells):
                grid = offset + index
                tc = cell._tc
                here[grid] = tc
                if tc is previous:  # a horizontally merged cell: one cell, several columns
                    last = cells[-1]
                    cells[-1] = _Cell(last.text, last.start, grid + 1, last.shared)
                    continue
                previous = tc
                shared = above.get(grid) is tc  # vertically merged with the row above
                cells.append(_Cell(cell_text(cell.text), grid, grid + 1, shared))
            above = here
            yield _Item(table_row, cells=tuple(cells))


def parse_docx(data: bytes, file_name: str) -> ParsedReport:
    """A report as a Word file. Anything that is not a readable .docx gives a problem, never an
    exception. Row numbers count the table rows of the whole document (1-based)."""
    if not zipfile.is_zipfile(io.BytesIO(data)):
        return _not_docx(file_name, data)
    try:
        import docx

        document = docx.Document(io.BytesIO(data))
        items = list(_docx_items(document))
    except Exception as exc:  # python-docx and lxml raise many kinds for a damaged file
        report = _not_docx(file_name, data)
        p = report.problems[0]
        report.problems[0] = Problem(
            file_name,
            None,
            None,
            None,
            f"{p.reason_th}: {exc}",
            f"{p.reason_en}: {exc}",
        )
        return report
    return _parse_items(items, file_name, "docx")
