"""Kind `measures`: integrity measures and their progress reports.

Three forms: (a) the XLSX/CSV template (one row per measure and report round); (b) a DOCX of
the official report (memo, then the six-column table, perhaps after a numbering column); (c)
the plain text extracted from such a document. For (b) and (c) the organisation, fiscal year
and report date come from the memo; the round is the one the document names, else the date
decides (before 1 July of the fiscal year: 6 months; later: 12). Target indicators are
inferred from the title, then the method, where a row does not give them (rules in
data/indicator_keywords.csv).

A text is read as a report when it holds the table's header (as the report parser recognises
it, without the template's own columns) or starts as the memo does, so a report without its
table is told so. Each problem of a report is given once: the memo's
organisation and year are checked at the first measure only, and what the report parser has
reported (no organisation or year in the memo, a measure without a title, a repeated number,
outcomes without a round because the memo gives neither a date nor a round) is not reported
again.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pandas as pd

from dashboard import db as dbmod
from dashboard.formatting import be_to_ce
from dashboard.ingest.columns import Column, Record, Table, header_lookup, match_cell
from dashboard.ingest.complaints import ORG_COLUMNS, parse_round, reporting_years
from dashboard.ingest.framework import Change, Kind, Plan, log_and_delete
from dashboard.ingest.normalise import Invalid, parse_date, parse_int, parse_year, squash
from dashboard.ingest.orgs import OrgResolver, identity_columns, reporter
from dashboard.ingest.problems import ImportRejected, Problem
from dashboard.ingest.reading import Sheet, decode_text
from dashboard.methodology import load_rules

MEASURE_KEY = ["org_code", "fiscal_year", "measure_no"]
REPORT_KEY = [*MEASURE_KEY, "round"]
TEXT_FIELDS = ("title", "method", "responsible", "period", "suggestion")
REPORT_FIELDS = ("round", "report_date", "outcome", "status_code")
MEMO_HEADINGS = ("บันทึกข้อความ", "ส่วนราชการ")  # how the memo before a report's table starts


@dataclass
class MeasureRow:
    org_code: str
    fiscal_year: int
    measure_no: int
    row: int
    title: str
    method: str | None
    responsible: str | None
    period: str | None
    suggestion: str | None
    indicators: list[int]
    inferred_from: str  # "file" | "title" | "method" | "none"
    round: int | None = None
    report_date: date | None = None
    outcome: str | None = None
    status_code: str | None = None
    source: str = ""

    @property
    def key(self) -> tuple:
        return (self.org_code, self.fiscal_year, self.measure_no)

    def fields(self) -> dict[str, Any]:
        return {f: getattr(self, f) for f in TEXT_FIELDS}

    def report(self) -> dict[str, Any]:
        return {f: getattr(self, f) for f in REPORT_FIELDS}


@dataclass
class Staged:
    rows: list[MeasureRow] = field(default_factory=list)
    add_measures: list[MeasureRow] = field(default_factory=list)
    change_measures: list[MeasureRow] = field(default_factory=list)
    add_reports: list[MeasureRow] = field(default_factory=list)
    change_reports: list[MeasureRow] = field(default_factory=list)
    resolver: OrgResolver | None = None


def round_of(report_date: date, fiscal_year: int) -> int:
    """6 for a report dated before 1 July of the fiscal year (BE), else 12."""
    return 6 if report_date < date(be_to_ce(fiscal_year), 7, 1) else 12


def is_docx(data: bytes) -> bool:
    if data[:4] != b"PK\x03\x04":
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return "word/document.xml" in zf.namelist()
    except zipfile.BadZipFile:
        return False


def looks_like_report_text(text: str) -> bool:
    """A report, even one whose table is missing: a text starting as a report's memo does, or
    one whose first table header (the first tab-separated line the report parser takes for its
    table's header row) has no cell naming a column only the template has (org_code,
    fiscal_year, ...). The template saved as tab-separated text has มาตรการ, วิธีการดำเนินการ ...
    in its header too, but also those columns, which a report's table never has. Lines without
    a tab are not cleaned (cleaning every line cost a national CSV measures import 1.6 s)."""
    from dashboard.ingest.report_parser import FIELDS, line_cells, match_header, text_lines

    if starts_as_memo(text):
        return True
    lookup = header_lookup(MeasuresKind.columns)

    def template_only(cell: str | None) -> bool:
        return match_cell(cell, lookup, False) not in (None, *FIELDS)

    for line in text_lines(text):
        if "\t" not in line:
            continue
        cells = line_cells(line)
        keys = match_header(cells)  # each cell's report column, or None for an unknown cell
        if keys is not None:
            return not any(
                key is None and template_only(c.text) for key, c in zip(keys, cells, strict=True)
            )
    return False


def _report_text(data: bytes, name: str) -> str | None:
    """The file's text when it is a report written as text (see looks_like_report_text), else
    None. Raises ImportRejected when the bytes are not text at all."""
    if data[:4] == b"PK\x03\x04" or not data.strip():  # a zip (XLSX) or nothing
        return None
    text, _ = decode_text(data, name)
    return text if looks_like_report_text(text) else None


def starts_as_memo(text: str) -> bool:
    """Whether the first line holding text is a memo heading (บันทึกข้อความ, ส่วนราชการ ...)
    written alone, not a row of cells (a template's first row is its header: comma, tab or
    semicolon separated)."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    return squash(first).startswith(MEMO_HEADINGS) and not any(d in first for d in ",;\t")


class MeasuresKind(Kind):
    name = "measures"
    columns = (
        *ORG_COLUMNS,
        Column(
            "fiscal_year", ("ปีงบประมาณ", "ปีงบประมาณ พ.ศ.", "year"), True, "ปีงบประมาณ (fiscal_year)"
        ),
        Column("measure_no", ("ลำดับ", "ลำดับที่", "ที่", "no"), True, "ลำดับ (measure_no)"),
        Column("title", ("มาตรการ", "ชื่อมาตรการ"), True, "มาตรการ (title)"),
        Column("method", ("วิธีการดำเนินการ", "วิธีดำเนินการ"), False, "วิธีการดำเนินการ (method)"),
        Column("responsible", ("ผู้รับผิดชอบ", "หน่วยงานที่รับผิดชอบ"), False, "ผู้รับผิดชอบ (responsible)"),
        Column("period", ("ระยะเวลา", "ระยะเวลาดำเนินการ"), False, "ระยะเวลา (period)"),
        Column("outcome", ("ผลการดำเนินการ", "ผลการดำเนินงาน"), False, "ผลการดำเนินการ (outcome)"),
        Column("suggestion", ("ข้อเสนอแนะ",), False, "ข้อเสนอแนะ (suggestion)"),
        Column("indicators", ("ตัวชี้วัด", "ตัวชี้วัดที่"), False, "ตัวชี้วัด (indicators)"),
        Column("status", ("สถานะ",), False, "สถานะ (status)"),
        Column("round", ("รอบ", "รอบรายงาน"), False, "รอบ (round)"),
        Column("report_date", ("วันที่รายงาน", "วันที่"), False, "วันที่รายงาน (report_date)"),
    )
    ignore = ("หมายเหตุ", "note")

    # --- reading ---------------------------------------------------------------------------

    @classmethod
    def recognises(cls, data: bytes, name: str, sheet: Sheet | None) -> bool:
        """A report (a DOCX, or a text that reads as one) as well as the template."""
        if is_docx(data):
            return True
        try:
            if _report_text(data, name) is not None:
                return True
        except ImportRejected:  # not decodable as text: not a text report
            return False
        return super().recognises(data, name, sheet)

    def load(self, data: bytes, name: str) -> tuple[Table, list[Problem]]:
        suffix = name.lower().rsplit(".", 1)[-1] if "." in name else ""
        if is_docx(data) or suffix == "docx":
            from dashboard.ingest.report_parser import parse_docx

            return self._from_report(parse_docx(data, name))
        text = _report_text(data, name)
        if text is not None:
            from dashboard.ingest.report_parser import parse_text

            return self._from_report(parse_text(text, name))
        return super().load(data, name)

    def _from_report(self, report) -> tuple[Table, list[Problem]]:
        """Records in the template's shape from a parsed DOCX or text report."""
        headers = {c.key: c.label for c in self.columns}
        records = []
        for m in report.measures:
            cells = {
                "org_name": report.org_name,
                "district": report.district,
                "province": report.province,
                "fiscal_year": str(report.fiscal_year) if report.fiscal_year else None,
                "measure_no": str(m.number) if m.number is not None else None,
                "title": m.title,
                "method": m.method,
                "responsible": m.responsible,
                "period": m.period,
                "outcome": m.outcome,
                "suggestion": m.suggestion,
                "round": str(report.round) if report.round else None,
                "report_date": report.report_date.isoformat() if report.report_date else None,
            }
            records.append(Record(m.row, cells))
        table = Table(report.file, 0, headers, records, [])
        table.from_report = True  # type: ignore[attr-defined]
        return table, list(report.problems)

    # --- validating ------------------------------------------------------------------------

    def prepare(self, db: dbmod.Db, table: Table, plan: Plan) -> Staged:
        from dashboard.ingest.indicator_inference import infer

        report = reporter(table, plan)
        resolver = OrgResolver(db, add_organisations=self.options.add_organisations)
        staged = Staged(resolver=resolver)
        from_report = getattr(table, "from_report", False)
        if not from_report and not identity_columns(table, plan):
            return staged
        statuses = db.records("measure_statuses")
        rules = load_rules(db)
        with_indicators = sorted(y for y, r in rules.items() if r.indicator_tools)
        years = reporting_years()
        seen: dict[tuple, int] = {}
        memo: tuple[str | None, int | None] | None = None
        for record in table.records:
            cells = record.cells
            if from_report:
                if memo is None:
                    memo = self._memo(record, resolver, report, years)
                code, year = memo
            else:
                code = resolver.resolve(
                    record.row,
                    code=cells.get("org_code"),
                    name=cells.get("org_name"),
                    district=cells.get("district"),
                    province=cells.get("province"),
                    type_code=resolver.type_of(cells.get("org_type")),
                    report=report,
                    column="org_code" if "org_code" in table.headers else "org_name",
                )
                year = self._parse(record, "fiscal_year", lambda s: parse_year(s, years), report)
            ok = code is not None
            number = self._parse(
                record, "measure_no", lambda s: parse_int(s, low=1, high=999), report
            )
            title = cells.get("title")
            if not title:
                if not from_report:  # the report parser has said so, in the มาตรการ column
                    report(record.row, "title", None, "ไม่มีชื่อมาตรการ", "the measure has no title")
                ok = False
            ok &= year is not None and number is not None
            if not ok:
                continue
            basis = rules.get(year)
            if basis is None or not basis.indicator_tools:
                earlier = [y for y in with_indicators if y <= year] or with_indicators
                basis = rules[earlier[-1]]
            valid = set(basis.indicator_tools)
            indicators, source = self._indicators(record, valid, report, infer)
            if indicators is None:
                continue
            row = MeasureRow(
                code,
                year,
                number,
                record.row,
                title,
                cells.get("method"),
                cells.get("responsible"),
                cells.get("period"),
                cells.get("suggestion"),
                indicators,
                source,
                source=table.file,
            )
            if not self._report(record, row, statuses, report, from_report):
                continue
            if row.key in seen:
                if not from_report:  # the report parser has reported the repeated number
                    report(
                        record.row,
                        "measure_no",
                        str(number),
                        f"ลำดับมาตรการซ้ำกับแถว {seen[row.key]}",
                        f"the same measure number as row {seen[row.key]}",
                    )
                continue
            seen[row.key] = record.row
            staged.rows.append(row)
        plan.matches.extend(resolver.matches)
        plan.preview = [
            {
                "row": r.row,
                "org_code": r.org_code,
                "fiscal_year": r.fiscal_year,
                "measure_no": r.measure_no,
                "title": r.title,
                "indicators": r.indicators,
                "inferred_from": r.inferred_from,
                "round": r.round,
                "report_date": r.report_date,
                "status_code": r.status_code,
            }
            for r in staged.rows
        ]
        self._compare(db, staged, plan, report)
        return staged

    def _memo(
        self, record: Record, resolver: OrgResolver, report, years
    ) -> tuple[str | None, int | None]:
        """A parsed report's organisation code and fiscal year, from its memo: the same in every
        record, so checked once, at the first measure's row. None where the memo does not give
        one (the report parser has reported it) or it cannot be used (reported here)."""
        cells = record.cells
        code = year = None
        if cells.get("org_name"):
            code = resolver.resolve(
                record.row,
                code=None,
                name=cells["org_name"],
                district=cells.get("district"),
                province=cells.get("province"),
                type_code=None,
                report=report,
                column="org_name",  # a report names its organisation: there is no code column
            )
        if cells.get("fiscal_year"):
            year = self._parse(record, "fiscal_year", lambda s: parse_year(s, years), report)
        return code, year

    @staticmethod
    def _parse(record: Record, key: str, parse, report):
        text = record.cells.get(key)
        if text is None:
            report(record.row, key, None, "ไม่มีค่า", "the value is missing")
            return None
        try:
            return parse(text)
        except Invalid as exc:
            report(record.row, key, text, exc.reason_th, exc.reason_en)
            return None

    @staticmethod
    def _indicators(record: Record, valid: set[int], report, infer):
        text = record.cells.get("indicators")
        if not text:
            found, source = infer(
                record.cells.get("title") or "", record.cells.get("method"), valid
            )
            return sorted(found), source
        numbers = []
        for part in re.split(r"[;,\s]+", text):
            if not part:
                continue
            try:
                number = parse_int(part, low=1)
            except Invalid:
                number = None
            if number is None or number not in valid:
                report(
                    record.row,
                    "indicators",
                    text,
                    f"ไม่มีตัวชี้วัด '{part}' (มีเฉพาะ {min(valid)}–{max(valid)})",
                    f"no indicator '{part}' (only {min(valid)}-{max(valid)})",
                )
                return None, "file"
            numbers.append(number)
        return sorted(set(numbers)), "file"

    @staticmethod
    def _report(
        record: Record, row: MeasureRow, statuses, report, from_report: bool = False
    ) -> bool:
        cells = record.cells
        ok = True
        if cells.get("report_date"):
            try:
                row.report_date = parse_date(cells["report_date"])
            except Invalid as exc:
                report(
                    record.row, "report_date", cells["report_date"], exc.reason_th, exc.reason_en
                )
                ok = False
        if cells.get("round"):
            try:
                row.round = parse_round(cells["round"])
            except Invalid as exc:
                report(record.row, "round", cells["round"], exc.reason_th, exc.reason_en)
                ok = False
        elif row.report_date is not None:
            row.round = round_of(row.report_date, row.fiscal_year)
        row.outcome = cells.get("outcome")
        status = cells.get("status")
        if status:
            wanted = squash(status)
            match = next(
                (
                    s
                    for s in statuses
                    if wanted
                    in {squash(s["status_code"]), squash(s["label_th"]), squash(s["label_en"])}
                ),
                None,
            )
            if match is None:
                labels = " / ".join(s["label_th"] for s in statuses)
                report(
                    record.row,
                    "status",
                    status,
                    f"ไม่รู้จักสถานะนี้ ({labels})",
                    "unknown status (not started / in progress / done / cancelled)",
                )
                ok = False
            else:
                row.status_code = match["status_code"]
        elif row.round is not None:
            # A report without a status: an outcome at 12 months means done, at 6 months in
            # progress; no outcome means not started. Shown for correction before import.
            if row.outcome:
                row.status_code = "done" if row.round == 12 else "in_progress"
            else:
                row.status_code = "not_started"
        # (a round or date that could not be read is already reported)
        # A report's round and date are its memo's, the same for every measure: the report parser
        # has reported their absence once, at the first measure; a template's are each row's.
        if ok and (row.status_code or row.outcome or row.report_date) and row.round is None:
            if not from_report:
                report(
                    record.row,
                    "round",
                    None,
                    "มีผลการดำเนินการหรือสถานะ แต่ไม่มีรอบรายงาน (6 หรือ 12) หรือวันที่รายงาน",
                    "an outcome or status needs a report round (6 or 12) or a report date",
                )
            ok = False
        return ok

    # --- comparing and storing -------------------------------------------------------------

    def _compare(self, db: dbmod.Db, staged: Staged, plan: Plan, report) -> None:
        if not staged.rows:
            return
        rows = dbmod.arrow_table(
            {
                "import_row": list(range(len(staged.rows))),
                **{k: [getattr(r, k) for r in staged.rows] for k in (*MEASURE_KEY, *TEXT_FIELDS)},
                "indicator_mask": [sum(1 << i for i in set(r.indicators)) for r in staged.rows],
                "check_indicators": [r.inferred_from == "file" for r in staged.rows],
                **{k: [getattr(r, k) for r in staged.rows] for k in REPORT_FIELDS},
            }
        )
        with db.registered("import_rows", rows):
            found = db.column_lists("measure_differences")  # one entry per stored measure
        stored = dict(
            zip(
                found["import_row"],
                zip(found["same_measure"], found["has_report"], found["same_report"], strict=True),
                strict=True,
            )
        )
        for position, row in enumerate(staged.rows):
            old = stored.get(position)
            label = f"{row.org_code} {row.fiscal_year} #{row.measure_no} {row.title[:40]}"
            if old is None:
                staged.add_measures.append(row)
                if row.round is not None:
                    staged.add_reports.append(row)
                plan.added.append(Change(row.key, row.row, label))
                continue
            # Inferred targets never conflict with stored ones (perhaps corrected in the app):
            # the query compares the indicators only where the file gives them.
            same_measure, stored_report, same_stored_report = old
            has_report = row.round is not None and stored_report
            same_report = row.round is None or (has_report and same_stored_report)
            if same_measure and same_report:
                plan.unchanged += 1
                continue
            conflict = (not same_measure) or (has_report and not same_report)
            if conflict and not self.options.replace:
                report(
                    row.row,
                    "measure_no",
                    str(row.measure_no),
                    "มีมาตรการลำดับนี้ของหน่วยงานและปีนี้อยู่แล้วแต่ข้อมูลต่างกัน ใช้ --replace เพื่อแทนที่",
                    "this measure (organisation, year, number) is stored with different "
                    "values; use --replace to replace them",
                )
                continue
            if not same_measure:
                staged.change_measures.append(row)
            if row.round is not None and not same_report:
                (staged.change_reports if has_report else staged.add_reports).append(row)
            entry = Change(row.key, row.row, label, "stored" if conflict else None)
            (plan.changed if conflict else plan.added).append(entry)

    def years(self, staged: Staged) -> set[int]:
        return {
            r.fiscal_year
            for r in (
                *staged.add_measures,
                *staged.change_measures,
                *staged.add_reports,
                *staged.change_reports,
            )
        }

    def apply(self, db: dbmod.Db, staged: Staged, plan: Plan, batch_id: int) -> list[str]:
        staged.resolver.store_new(db, batch_id)
        if staged.change_measures:
            keys = pd.DataFrame(
                [dict(zip(MEASURE_KEY, r.key, strict=True)) for r in staged.change_measures]
            )
            with db.registered("import_keys", keys):
                for table in ("core.measure_indicators", "core.measures"):
                    log_and_delete(db, batch_id, table, "import_keys", MEASURE_KEY)
        if staged.change_reports:
            keys = pd.DataFrame(
                [
                    {**dict(zip(MEASURE_KEY, r.key, strict=True)), "round": r.round}
                    for r in staged.change_reports
                ]
            )
            with db.registered("import_keys", keys):
                log_and_delete(db, batch_id, "core.measure_reports", "import_keys", REPORT_KEY)
        measures = staged.add_measures + staged.change_measures
        if measures:
            db.insert_df(
                "core.measures",
                pd.DataFrame(
                    [
                        {
                            **dict(zip(MEASURE_KEY, r.key, strict=True)),
                            **r.fields(),
                            "source": r.source,
                            "batch_id": batch_id,
                        }
                        for r in measures
                    ]
                ).astype({f: "object" for f in TEXT_FIELDS}),
            )
            targets = [
                {**dict(zip(MEASURE_KEY, r.key, strict=True)), "indicator": i, "batch_id": batch_id}
                for r in measures
                for i in r.indicators
            ]
            if targets:
                db.insert_df("core.measure_indicators", pd.DataFrame(targets))
        reports = staged.add_reports + staged.change_reports
        if reports:
            db.insert_df(
                "core.measure_reports",
                pd.DataFrame(
                    [
                        {
                            **dict(zip(MEASURE_KEY, r.key, strict=True)),
                            **r.report(),
                            "batch_id": batch_id,
                        }
                        for r in reports
                    ]
                ).astype({"outcome": "object"}),
            )
        return []
