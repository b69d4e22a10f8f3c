"""Finding the header row and the columns of a sheet by their names, Thai or English.

The header may sit below title rows (an Excel sheet with a heading and merged cells); notes
below the data and repeated header rows are skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from dashboard.ingest.normalise import squash
from dashboard.ingest.problems import ImportRejected, Problem
from dashboard.ingest.reading import Sheet

HEADER_SCAN_ROWS = 30
INDICATOR_KEY = "indicator:"  # column key of an indicator column, followed by its number
_INDICATOR = re.compile(r"^(?:i|ind|indicator|ตัวชี้วัดที่|ตัวชี้วัด)(\d{1,2})$")
_NOTE_START = ("หมายเหตุ", "ที่มา", "note", "source", "*")


@dataclass(frozen=True)
class Column:
    key: str
    aliases: tuple[str, ...]
    required: bool = False
    label: str = ""  # how the column is named in messages and templates (Thai / English)


@dataclass
class Record:
    row: int  # as the user sees it
    cells: dict[str, str | None]  # column key -> cleaned text
    indicators: dict[int, str | None] = field(default_factory=dict)


@dataclass
class Table:
    file: str
    header_row: int
    headers: dict[str, str]  # column key (or "indicator:<N>") -> header as written
    records: list[Record]
    ignored_headers: list[str]


def header_lookup(columns: Sequence[Column]) -> dict[str, str]:
    """Every spelling of the columns' headers (squashed) -> column key, for match_cell."""
    return {squash(alias): col.key for col in columns for alias in (col.key, *col.aliases)}


def match_cell(cell: str | None, lookup: dict[str, str], indicators: bool) -> str | None:
    """The column key of a header cell. A bilingual header such as "รหัส อปท. (org_code)" or
    "ปีงบประมาณ / fiscal_year" matches by either part."""
    if not cell:
        return None
    for part in (cell, *re.split(r"[()/]", cell)):
        if not part.strip():
            continue
        key = lookup.get(squash(part))
        if key:
            return key
        if indicators:
            m = _INDICATOR.match(squash(part))
            if m:
                return f"{INDICATOR_KEY}{int(m.group(1))}"
    return None


def _is_note(cells: Sequence[str | None]) -> bool:
    filled = [c for c in cells if c]
    return len(filled) == 1 and (
        filled[0].casefold().startswith(_NOTE_START) or len(filled[0]) >= 25
    )


def map_columns(
    sheet: Sheet,
    columns: Sequence[Column],
    *,
    indicators: bool = False,
    ignore: Sequence[str] = (),
) -> Table:
    """Locate the header row and map every known column; raise ImportRejected when the header
    cannot be found, a required column is missing or a column appears twice."""
    lookup = header_lookup(columns)
    ignored_known = {squash(name) for name in ignore}
    best_index, best_hits = None, 0
    for index, row in enumerate(sheet.rows[:HEADER_SCAN_ROWS]):
        hits = len({k for k in (match_cell(c, lookup, indicators) for c in row) if k})
        if hits > best_hits:
            best_index, best_hits = index, hits
    expected = ", ".join(c.label or c.key for c in columns if c.required)
    if best_index is None or best_hits < 2:
        raise ImportRejected(
            [
                Problem(
                    sheet.file_name,
                    None,
                    None,
                    None,
                    f"ไม่พบแถวหัวตาราง (ต้องมีคอลัมน์อย่างน้อย: {expected})",
                    f"no header row found (expected at least the columns: {expected})",
                )
            ]
        )

    header = sheet.rows[best_index]
    header_row = sheet.row_numbers[best_index]
    positions: dict[str, int] = {}
    headers: dict[str, str] = {}
    problems: list[Problem] = []
    ignored: list[str] = []
    for position, cell in enumerate(header):
        key = match_cell(cell, lookup, indicators)
        if key is None:
            if cell and squash(cell) not in ignored_known:
                ignored.append(cell)
            continue
        if key in positions:
            problems.append(
                Problem(
                    sheet.file_name,
                    header_row,
                    cell,
                    cell,
                    f"คอลัมน์ซ้ำกับคอลัมน์ '{headers[key]}'",
                    f"the same column appears twice (also '{headers[key]}')",
                )
            )
            continue
        positions[key] = position
        headers[key] = cell or key
    for col in columns:
        if col.required and col.key not in positions:
            problems.append(
                Problem(
                    sheet.file_name,
                    header_row,
                    col.label or col.key,
                    None,
                    f"ไม่มีคอลัมน์ที่ต้องมี: {col.label or col.key}",
                    f"a required column is missing: {col.label or col.key}",
                )
            )
    if problems:
        raise ImportRejected(problems)

    header_keys = [squash(c) if c else "" for c in header]
    cell_at = [(key, pos) for key, pos in positions.items() if not key.startswith(INDICATOR_KEY)]
    indicator_at = [
        (int(key.removeprefix(INDICATOR_KEY)), pos)
        for key, pos in positions.items()
        if key.startswith(INDICATOR_KEY)
    ]
    records: list[Record] = []
    for row, number in zip(
        sheet.rows[best_index + 1 :], sheet.row_numbers[best_index + 1 :], strict=True
    ):
        if not any(row) or _is_note(row):
            continue
        if _repeats_header(row, header_keys):
            continue  # the header repeated (sheets pasted one after another)
        width = len(row)
        cells = {key: row[pos] if pos < width else None for key, pos in cell_at}
        inds = {n: row[pos] if pos < width else None for n, pos in indicator_at}
        records.append(Record(number, cells, inds))
    return Table(sheet.file_name, header_row, headers, records, ignored)


def _repeats_header(row: list[str | None], header_keys: list[str]) -> bool:
    """Whether a row repeats the header, cell by cell (stops at the first differing cell)."""
    return len(row) == len(header_keys) and all(
        (squash(c) if c else "") == key for c, key in zip(row, header_keys, strict=True)
    )


def iter_cells(table: Table, key: str) -> Iterator[tuple[Record, str | None]]:
    for record in table.records:
        yield record, record.cells.get(key)
