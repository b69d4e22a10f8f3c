"""Kind `registry`: the DLA open-data registry of local government organisations.

Accepts the official CSV (Thai headers, one row per ตำบล covered, so an organisation repeats)
and the de-duplicated shape (dla_code, name_th, type_th, province_code, province_th,
province_en, district_th, lat, lon, area_km2). Rows of one code must agree with each other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pandas as pd

from dashboard import db as dbmod
from dashboard.ingest.columns import Column, Table
from dashboard.ingest.framework import Change, Kind, Plan, log_and_delete
from dashboard.ingest.matching import DISTRICT_PREFIXES, PROVINCE_PREFIXES, TypePrefixes
from dashboard.ingest.normalise import Invalid, parse_decimal, strip_prefix
from dashboard.ingest.problems import Problem

DLA_CODE = re.compile(r"^\d{7}$")
FIELDS = (
    "name_th",
    "type_code",
    "province_code",
    "province_th",
    "province_en",
    "district_th",
    "lat",
    "lon",
)


@dataclass
class Staged:
    rows: dict[str, dict[str, Any]] = field(default_factory=dict)  # code -> values
    given: set[str] = field(default_factory=set)  # fields the file has a column for
    add: list[str] = field(default_factory=list)
    change: list[str] = field(default_factory=list)


class RegistryKind(Kind):
    name = "registry"
    columns = (
        Column(
            "org_code",
            ("รหัส อปท.", "รหัสอปท", "dla_code", "รหัสองค์กรปกครองส่วนท้องถิ่น"),
            True,
            "รหัส อปท. (org_code)",
        ),
        Column(
            "name_th", ("อปท.", "ชื่อ อปท.", "org_name", "ชื่อหน่วยงาน", "ชื่อ"), True, "อปท. (name_th)"
        ),
        Column(
            "type", ("ประเภท อปท.", "type_th", "org_type", "ประเภท"), True, "ประเภท อปท. (type_th)"
        ),
        Column("province_th", ("จังหวัด", "province"), True, "จังหวัด (province_th)"),
        Column("province_code", ("รหัสจังหวัด",), False, "province_code"),
        Column("province_en", (), False, "province_en"),
        Column("district_th", ("อำเภอ", "district"), True, "อำเภอ (district_th)"),
        Column("lat", ("LAT", "latitude"), False, "LAT"),
        Column("lon", ("LONG", "lng", "longitude"), False, "LONG"),
    )
    ignore = (
        "ตำบล",
        "ที่ตั้งสำนักงานเลขที่",
        "หมู่ที่",
        "รหัสไปรษณีย์",
        "ขนาดพื้นที่",
        "area_km2",
        "เว็ปไซต์ของอปท",
        "เว็บไซต์ของอปท",
        "เว็บไซต์",
        "website",
    )

    def prepare(self, db: dbmod.Db, table: Table, plan: Plan) -> Staged:
        types = TypePrefixes(db.records("org_types"))
        stored = {o["org_code"]: o for o in db.records("registry_orgs")}
        staged = Staged()
        staged.given = {"name_th", "type_code", "province_code", "province_th", "district_th"}
        staged.given |= {k for k in ("province_en", "lat", "lon") if k in table.headers}
        first_row: dict[str, int] = {}

        def problem(row: int, key: str, value: str | None, th: str, en: str) -> None:
            header = table.headers.get(key, key)
            plan.problems.append(Problem(table.file, row, header, value, th, en))

        for record in table.records:
            cells = record.cells
            row_ok = True
            code = cells.get("org_code")
            if not code or not DLA_CODE.match(code):
                problem(
                    record.row,
                    "org_code",
                    code,
                    "รหัส อปท. ต้องเป็นตัวเลข 7 หลัก",
                    "the DLA code must be 7 digits",
                )
                continue
            values: dict[str, Any] = {}
            type_code = types.type_of(cells.get("type"))
            if type_code is None:
                problem(
                    record.row,
                    "type",
                    cells.get("type"),
                    "ไม่รู้จักประเภท อปท. นี้",
                    "unknown organisation type",
                )
                row_ok = False
            values["type_code"] = type_code
            name = cells.get("name_th")
            if not name:
                problem(record.row, "name_th", None, "ไม่มีชื่อ อปท.", "the name is empty")
                row_ok = False
            else:
                _, bare = types.split(name)
                values["name_th"] = bare
            province = cells.get("province_th")
            district = cells.get("district_th")
            if not province:
                problem(record.row, "province_th", None, "ไม่มีชื่อจังหวัด", "the province is empty")
                row_ok = False
            if not district:
                problem(record.row, "district_th", None, "ไม่มีชื่ออำเภอ", "the district is empty")
                row_ok = False
            values["province_th"] = strip_prefix(province or "", PROVINCE_PREFIXES)
            values["district_th"] = strip_prefix(district or "", DISTRICT_PREFIXES)
            province_code = cells.get("province_code") or code[1:3]
            if cells.get("province_code") and cells["province_code"] != code[1:3]:
                problem(
                    record.row,
                    "province_code",
                    cells["province_code"],
                    f"รหัสจังหวัดไม่ตรงกับรหัส อปท. ({code[1:3]})",
                    f"the province code disagrees with the DLA code ({code[1:3]})",
                )
                row_ok = False
            values["province_code"] = province_code
            values["province_en"] = cells.get("province_en")
            for key, low, high in (("lat", 5, 21), ("lon", 97, 106)):
                text = cells.get(key)
                values[key] = None
                if text:
                    try:
                        values[key] = float(
                            parse_decimal(text, low=Decimal(low), high=Decimal(high), places=12)
                        )
                    except Invalid as exc:
                        problem(
                            record.row,
                            key,
                            text,
                            f"พิกัดไม่ถูกต้อง ({exc.reason_th}; ประเทศไทย)",
                            f"invalid coordinate ({exc.reason_en}; Thailand)",
                        )
                        row_ok = False
            if not row_ok:
                continue
            if code in staged.rows:
                earlier = staged.rows[code]
                differs = [k for k in FIELDS if k in staged.given and earlier[k] != values[k]]
                if differs:
                    problem(
                        record.row,
                        "org_code",
                        code,
                        f"รหัสเดียวกับแถว {first_row[code]} แต่ข้อมูลต่างกัน ({', '.join(differs)})",
                        f"same code as row {first_row[code]} with different values "
                        f"({', '.join(differs)})",
                    )
                continue
            staged.rows[code] = values
            first_row[code] = record.row

        for code, values in staged.rows.items():
            old = stored.get(code)
            summary = (
                f"{code} {values['name_th']} ({values['district_th']}, {values['province_th']})"
            )
            if old is None:
                staged.add.append(code)
                plan.added.append(Change((code,), first_row[code], summary))
                continue
            differs = [
                k for k in FIELDS if k in staged.given and _differs(old.get(k), values.get(k))
            ]
            if not differs:
                plan.unchanged += 1
                continue
            before = ", ".join(f"{k}={old.get(k)}" for k in differs)
            after = ", ".join(f"{k}={values.get(k)}" for k in differs)
            if self.options.replace:
                staged.change.append(code)
                plan.changed.append(Change((code,), first_row[code], after, before))
            else:
                problem(
                    first_row[code],
                    "org_code",
                    code,
                    f"มีข้อมูลของรหัสนี้อยู่แล้วแต่ต่างกัน ({before} → {after}) ใช้ --replace เพื่อแทนที่",
                    f"this code is stored with different values ({before} → {after}); "
                    "use --replace to replace them",
                )
        return staged

    def apply(self, db: dbmod.Db, staged: Staged, plan: Plan, batch_id: int) -> list[str]:
        stored = {o["org_code"]: o for o in db.records("registry_orgs")} if staged.change else {}
        rows = []
        for code in staged.add + staged.change:
            values = dict(staged.rows[code])
            old = stored.get(code)
            if old is not None:  # fields the file does not carry keep their stored values
                for key in FIELDS:
                    if key not in staged.given:
                        values[key] = old[key]
            rows.append({"org_code": code, **values, "batch_id": batch_id})
        if staged.change:
            keys = pd.DataFrame(
                {
                    "org_code": staged.change,
                    "new_type": [staged.rows[c]["type_code"] for c in staged.change],
                }
            )
            with db.registered("import_keys", keys):
                # Keep the years already assessed under the old type: an อบต. upgraded to a
                # เทศบาล stays an อบต. in its earlier results.
                db.execute(
                    "insert into core.org_type_years "
                    "select a.org_code, a.fiscal_year, o.type_code, $batch "
                    "from core.assessments as a "
                    "join core.organisations as o using (org_code) "
                    "join import_keys as k using (org_code) "
                    "anti join core.org_type_years as t using (org_code, fiscal_year) "
                    "where o.type_code <> k.new_type",
                    {"batch": batch_id},
                )
                log_and_delete(db, batch_id, "core.organisations", "import_keys", ["org_code"])
        frame = pd.DataFrame(rows, columns=["org_code", *FIELDS, "batch_id"])
        db.insert_df("core.organisations", frame.astype({"province_en": "object"}))
        return []


def _differs(old: Any, new: Any) -> bool:
    if isinstance(old, float) or isinstance(new, float):
        if old is None or new is None:
            return old is not new
        return abs(float(old) - float(new)) > 1e-9
    return (old or None) != (new or None)
