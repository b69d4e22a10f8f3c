"""Which organisation a row of an imported file is about: shared by every kind of file.

By code when the row has one; else by name (with a type prefix such as อบต. read as the type),
district and province, tolerating spelling noise. Fuzzy matches are reported for confirmation;
an organisation missing from the registry is an error unless the import may add organisations.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from dashboard import db as dbmod
from dashboard.ingest.columns import Table
from dashboard.ingest.framework import Plan
from dashboard.ingest.matching import DISTRICT_PREFIXES, PROVINCE_PREFIXES, OrgIndex, TypePrefixes
from dashboard.ingest.normalise import skeleton, strip_prefix
from dashboard.ingest.problems import Problem

Report = Callable[..., None]  # (row, column key, value, reason_th, reason_en[, severity])


def generated_code(name: str, district: str | None, province: str | None) -> str:
    """A stable code for an organisation that has no DLA code."""
    key = f"{skeleton(name)}|{skeleton(district or '')}|{skeleton(province or '')}"
    return "X" + hashlib.sha1(key.encode()).hexdigest()[:8].upper()


class OrgResolver:
    """Resolves rows to organisation codes against the registry held in the database."""

    def __init__(self, db: dbmod.Db, *, add_organisations: bool) -> None:
        self.prefixes = TypePrefixes(db.records("org_types"))
        self.index = OrgIndex(db.records("registry_orgs"), self.prefixes)
        self.add_organisations = add_organisations
        self.new_orgs: dict[str, dict[str, Any]] = {}
        self.matches: list[str] = []

    def type_of(self, text: str | None) -> str | None:
        return self.prefixes.type_of(text)

    def resolve(
        self,
        row: int,
        *,
        code: str | None,
        name: str | None,
        district: str | None,
        province: str | None,
        type_code: str | None,
        report: Report,
        column: str,
    ) -> str | None:
        """The organisation's code, or None after reporting why it cannot be found."""
        index = self.index
        if code:
            known = index.by_code.get(code) or self.new_orgs.get(code)
            if known is not None:
                if name:
                    _, bare = self.prefixes.split(name)
                    if skeleton(bare) != skeleton(known["name_th"]):
                        report(
                            row,
                            "org_name",
                            name,
                            f"ชื่อไม่ตรงกับทะเบียน ({known['name_th']}) ใช้ตามรหัส",
                            f"the name differs from the registry ({known['name_th']}); the code "
                            "is used",
                            "warning",
                        )
                return code
            return self._add(row, code, name, type_code, province, district, report, column, code)
        if not name:
            report(row, column, None, "ไม่มีทั้งรหัสและชื่อหน่วยงาน", "neither a code nor a name is given")
            return None
        match = index.match(name, province=province, district=district, type_code=type_code)
        if match.org is not None:
            org = match.org
            if not match.exact:
                self.matches.append(
                    f"row {row}: '{name}' ({district or '-'}, {province or '-'}) → "
                    f"{org['org_code']} {org['name_th']} ({org['district_th']}, "
                    f"{org['province_th']})"
                )
                report(
                    row,
                    "org_name",
                    name,
                    f"จับคู่ชื่อที่สะกดต่างกันกับ {org['org_code']} {org['name_th']} "
                    f"อ.{org['district_th']} จ.{org['province_th']} กรุณาตรวจสอบ",
                    f"matched despite different spelling to {org['org_code']} "
                    f"{org['name_th']} ({org['district_th']}, {org['province_th']}): please "
                    "confirm",
                    "warning",
                )
            return org["org_code"]
        if match.ambiguous:
            options = "; ".join(
                f"{o['org_code']} {o['name_th']} ({o['district_th']})" for o in match.candidates[:5]
            )
            report(
                row,
                "org_name",
                name,
                f"ชื่อนี้ตรงกับหลายหน่วยงาน ระบุรหัส อปท. หรืออำเภอ: {options}",
                f"the name matches several organisations; give the code or district: {options}",
            )
            return None
        code = generated_code(name, district, province)
        return self._add(row, code, name, type_code, province, district, report, column, name)

    def _add(
        self, row, code, name, type_code, province, district, report: Report, column, value
    ) -> str | None:
        if not self.add_organisations:
            report(
                row,
                column,
                value,
                "ไม่พบหน่วยงานนี้ในทะเบียน (นำเข้าทะเบียนก่อน หรือใช้ --add-organisations)",
                "this organisation is not in the registry (import the registry first, or use "
                "--add-organisations)",
            )
            return None
        named_type, _ = self.prefixes.split(name) if name else (None, "")
        type_code = type_code or named_type  # เทศบาลตำบลนาดี names its type
        given = (
            ("org_name", name),
            ("org_type", type_code),
            ("province", province),
            ("district", district),
        )
        missing = [label for label, v in given if not v]
        if missing:
            report(
                row,
                column,
                value,
                f"เพิ่มหน่วยงานใหม่ไม่ได้ ขาด: {', '.join(missing)}",
                f"cannot add the organisation, missing: {', '.join(missing)}",
            )
            return None
        _, bare = self.prefixes.split(name)
        province_th = strip_prefix(province, PROVINCE_PREFIXES)
        province_code = self.index.province_code(province_th)
        if province_code is None:
            province_code = code[1:3] if code.isdigit() and len(code) == 7 else f"P-{province_th}"
        org = {
            "org_code": code,
            "name_th": bare,
            "type_code": type_code,
            "province_code": province_code,
            "province_th": province_th,
            "province_en": None,
            "district_th": strip_prefix(district, DISTRICT_PREFIXES),
            "lat": None,
            "lon": None,
        }
        self.new_orgs[code] = org
        self.index.add(org)
        return code

    def store_new(self, db: dbmod.Db, batch_id: int) -> None:
        """Insert the organisations this import adds."""
        if not self.new_orgs:
            return
        orgs = list(self.new_orgs.values())
        columns = {key: [org[key] for org in orgs] for key in orgs[0]}
        db.insert_df("core.organisations", {**columns, "batch_id": batch_id})


def reporter(table: Table, plan: Plan) -> Report:
    """A function that records a located problem for a column key of this table."""

    def report(row, key, value, th, en, severity="error") -> None:
        header = table.headers.get(key, key)
        plan.problems.append(Problem(table.file, row, header, value, th, en, severity))

    return report


def identity_columns(table: Table, plan: Plan) -> bool:
    """Whether the table can name organisations (a code or a name column); a problem if not."""
    if "org_code" in table.headers or "org_name" in table.headers:
        return True
    plan.problems.append(
        Problem(
            table.file,
            table.header_row,
            None,
            None,
            "ต้องมีคอลัมน์รหัส อปท. (org_code) หรือชื่อหน่วยงาน (org_name)",
            "a code column (org_code) or a name column (org_name) is required",
        )
    )
    return False
