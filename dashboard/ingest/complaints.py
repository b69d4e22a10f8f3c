"""Kind `complaints`: complaint statistics per organisation, fiscal year and round.

Round 6 covers October-March; round 12 the whole fiscal year, cumulative (the rounds overlap and
are never added together). Counts are whole numbers; completed + in progress cannot exceed the
number received.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from dashboard import db as dbmod
from dashboard.formatting import fiscal_year_of
from dashboard.ingest.columns import Column, Table
from dashboard.ingest.framework import Change, Kind, Plan, log_and_delete
from dashboard.ingest.normalise import Invalid, parse_int, parse_year
from dashboard.ingest.orgs import OrgResolver, identity_columns, reporter

KEY = ["org_code", "fiscal_year", "round"]
COUNTS = ("received", "completed", "in_progress")


def reporting_years() -> set[int]:
    """Fiscal years (BE) a report may be about: 2550 up to the year after the current one."""
    return set(range(2550, fiscal_year_of(date.today()) + 2))


def parse_round(text: str) -> int:
    """6 or 12 from '6', '12', 'รอบ 6 เดือน', 'ครึ่งปี', 'ทั้งปี' (Thai digits already cleaned)."""
    if "ครึ่งปี" in text:
        return 6
    if "ทั้งปี" in text:
        return 12
    numbers = re.findall(r"\d+", text)
    if len(numbers) == 1 and int(numbers[0]) in (6, 12):
        return int(numbers[0])
    raise Invalid("รอบต้องเป็น 6 หรือ 12 เดือน", "the round must be 6 or 12 (months)")


NONE_WORDS = {"ไม่มี", "ไม่มีเรื่องร้องเรียน", "ไม่มีเรื่อง", "none"}


def parse_count(text: str) -> int:
    """A count of complaints; "ไม่มี" (none) is the explicit zero offices publish."""
    if text.strip().casefold() in NONE_WORDS:
        return 0
    return parse_int(text, low=0)


ORG_COLUMNS = (
    Column(
        "org_code",
        ("รหัส อปท.", "รหัสอปท", "รหัสหน่วยงาน", "dla_code", "รหัส"),
        False,
        "รหัส อปท. (org_code)",
    ),
    Column(
        "org_name",
        ("ชื่อหน่วยงาน", "ชื่อ อปท.", "อปท.", "หน่วยงาน", "name_th"),
        False,
        "ชื่อหน่วยงาน (org_name)",
    ),
    Column("org_type", ("ประเภท", "ประเภทหน่วยงาน", "ประเภท อปท."), False, "ประเภท (org_type)"),
    Column("province", ("จังหวัด", "province_th"), False, "จังหวัด (province)"),
    Column("district", ("อำเภอ", "district_th"), False, "อำเภอ (district)"),
)


@dataclass
class Staged:
    rows: list[dict] = field(default_factory=list)
    add: list[dict] = field(default_factory=list)
    change: list[dict] = field(default_factory=list)
    resolver: OrgResolver | None = None


class ComplaintsKind(Kind):
    name = "complaints"
    columns = (
        *ORG_COLUMNS,
        Column(
            "fiscal_year", ("ปีงบประมาณ", "ปีงบประมาณ พ.ศ.", "year"), True, "ปีงบประมาณ (fiscal_year)"
        ),
        Column("round", ("รอบ", "รอบการรายงาน", "รอบรายงาน"), True, "รอบ (round)"),
        Column(
            "received",
            ("เรื่องร้องเรียนทั้งหมด", "จำนวนเรื่องร้องเรียน", "เรื่องร้องเรียน", "รับเรื่อง"),
            True,
            "เรื่องร้องเรียนทั้งหมด (received)",
        ),
        Column("completed", ("ดำเนินการแล้วเสร็จ", "แล้วเสร็จ"), True, "ดำเนินการแล้วเสร็จ (completed)"),
        Column(
            "in_progress",
            ("อยู่ระหว่างดำเนินการ", "ระหว่างดำเนินการ"),
            True,
            "อยู่ระหว่างดำเนินการ (in_progress)",
        ),
    )
    ignore = ("ลำดับ", "ลำดับที่", "หมายเหตุ", "note")

    def prepare(self, db: dbmod.Db, table: Table, plan: Plan) -> Staged:
        report = reporter(table, plan)
        resolver = OrgResolver(db, add_organisations=self.options.add_organisations)
        staged = Staged(resolver=resolver)
        if not identity_columns(table, plan):
            return staged
        years = reporting_years()
        seen: dict[tuple, int] = {}
        for record in table.records:
            cells = record.cells
            ok = True
            type_code = resolver.type_of(cells.get("org_type"))
            code = resolver.resolve(
                record.row,
                code=cells.get("org_code"),
                name=cells.get("org_name"),
                district=cells.get("district"),
                province=cells.get("province"),
                type_code=type_code,
                report=report,
                column="org_code" if "org_code" in table.headers else "org_name",
            )
            ok &= code is not None
            values: dict = {"org_code": code}
            for key, parse in (
                ("fiscal_year", lambda s: parse_year(s, years)),
                ("round", parse_round),
                *((k, parse_count) for k in COUNTS),
            ):
                text = cells.get(key)
                if text is None:
                    report(record.row, key, None, "ไม่มีค่า", "the value is missing")
                    ok = False
                    continue
                try:
                    values[key] = parse(text)
                except Invalid as exc:
                    report(record.row, key, text, exc.reason_th, exc.reason_en)
                    ok = False
            if not ok:
                continue
            if values["completed"] + values["in_progress"] > values["received"]:
                report(
                    record.row,
                    "completed",
                    str(values["completed"]),
                    "ดำเนินการแล้วเสร็จรวมกับอยู่ระหว่างดำเนินการ มากกว่าเรื่องที่ได้รับทั้งหมด",
                    "completed plus in progress is more than the number received",
                )
                continue
            key = tuple(values[k] for k in KEY)
            if key in seen:
                report(
                    record.row,
                    "round",
                    cells.get("round"),
                    f"หน่วยงาน ปี และรอบซ้ำกับแถว {seen[key]}",
                    f"the same organisation, year and round as row {seen[key]}",
                )
                continue
            seen[key] = record.row
            staged.rows.append({**values, "_row": record.row})
        plan.matches.extend(resolver.matches)
        self._compare(db, staged, plan, report)
        return staged

    def _compare(self, db: dbmod.Db, staged: Staged, plan: Plan, report) -> None:
        if not staged.rows:
            return
        keys = pd.DataFrame([{k: r[k] for k in KEY} for r in staged.rows])
        with db.registered("import_keys", keys):
            stored = {
                (r["org_code"], r["fiscal_year"], r["round"]): r
                for r in db.records("stored_complaints")
            }
        for row in staged.rows:
            key = tuple(row[k] for k in KEY)
            summary = (
                f"{key[0]} {key[1]} round {key[2]}: received {row['received']}, "
                f"completed {row['completed']}, in progress {row['in_progress']}"
            )
            old = stored.get(key)
            if old is None:
                staged.add.append(row)
                plan.added.append(Change(key, row["_row"], summary))
            elif all(old[c] == row[c] for c in COUNTS):
                plan.unchanged += 1
            else:
                before = ", ".join(f"{c} {old[c]}" for c in COUNTS)
                if self.options.replace:
                    staged.change.append(row)
                    plan.changed.append(Change(key, row["_row"], summary, before))
                else:
                    report(
                        row["_row"],
                        "received",
                        str(row["received"]),
                        f"มีสถิติของหน่วยงาน ปี และรอบนี้อยู่แล้วแต่ต่างกัน ({before}) ใช้ --replace เพื่อแทนที่",
                        f"statistics for this organisation, year and round are stored with "
                        f"different values ({before}); use --replace to replace them",
                    )

    def apply(self, db: dbmod.Db, staged: Staged, plan: Plan, batch_id: int) -> list[str]:
        staged.resolver.store_new(db, batch_id)
        if staged.change:
            keys = pd.DataFrame([{k: r[k] for k in KEY} for r in staged.change])
            with db.registered("import_keys", keys):
                log_and_delete(db, batch_id, "core.complaints", "import_keys", KEY)
        rows = [{k: r[k] for k in (*KEY, *COUNTS)} for r in staged.add + staged.change]
        db.insert_df("core.complaints", pd.DataFrame(rows).assign(batch_id=batch_id))
        return []
