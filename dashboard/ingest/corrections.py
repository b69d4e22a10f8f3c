"""Corrections made in the app, stored as their own batch (kind "app") so they can be traced
and undone like any import."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from pathlib import Path

import pandas as pd

from dashboard import db as dbmod
from dashboard.ingest.framework import log_and_delete

MEASURE_KEY = ["org_code", "fiscal_year", "measure_no"]


def set_measure_indicators(
    db_path: Path | str,
    targets: Mapping[tuple[str, int, int], Sequence[int]],
    *,
    who: str,
    note: str = "target indicators corrected in the app",
) -> int | None:
    """Replace the target indicators of measures (key: org_code, fiscal_year, measure_no).

    The old rows are kept for undo. Returns the batch id, or None when nothing changed.
    """
    if not targets:
        return None
    with dbmod.write(db_path) as db:
        keys = pd.DataFrame([dict(zip(MEASURE_KEY, k, strict=True)) for k in targets])
        with db.registered("import_keys", keys):
            stored = db.records("measure_targets")
        current = {
            (s["org_code"], s["fiscal_year"], s["measure_no"]): [
                int(i) for i in s["indicators"].split(",") if i
            ]
            for s in stored
        }
        missing = [k for k in targets if k not in current]
        if missing:
            raise dbmod.DatabaseError(
                f"ไม่พบมาตรการ {missing[0]} ในฐานข้อมูล", f"no measure {missing[0]} is stored"
            )
        changed = {k: sorted(set(v)) for k, v in targets.items() if sorted(set(v)) != current[k]}
        if not changed:
            return None
        batch = dbmod.new_batch(db, "app", row_count=len(changed), who=who, note=note)
        keys = pd.DataFrame([dict(zip(MEASURE_KEY, k, strict=True)) for k in changed])
        rows = [
            {**dict(zip(MEASURE_KEY, k, strict=True)), "indicator": i, "batch_id": batch}
            for k, v in changed.items()
            for i in v
        ]
        with db.within_years({year for _, year, _ in changed}):
            with db.registered("import_keys", keys):
                log_and_delete(db, batch, "core.measure_indicators", "import_keys", MEASURE_KEY)
            if rows:
                db.insert_df("core.measure_indicators", pd.DataFrame(rows))
    return batch


REPORT_KEY = [*MEASURE_KEY, "round"]


def _text(value: object) -> str | None:
    """A cell as trimmed text; None for empty, None or NaN."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return str(value).strip() or None


def _date(value: object) -> date | None:
    """A cell as a date; None for None / NaT. Timestamps (from an edited table) become dates,
    so that an unchanged report compares equal to the stored one."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, datetime):  # pd.Timestamp included
        return value.date()
    if isinstance(value, date):
        return value
    return pd.Timestamp(value).date()


def save_progress(
    db_path: Path | str,
    org_code: str,
    fiscal_year: int,
    round_: int,
    reports: Sequence[Mapping],
    *,
    who: str,
) -> int | None:
    """Store progress reports entered in the app for one round (6 or 12) of the measures of a
    year, as a batch of kind "app". Each report: measure_no, status_code, outcome, report_date.
    Reports equal to the stored ones, and reports with neither a status nor an outcome, are
    skipped; replaced ones are kept for undo."""
    if round_ not in (6, 12):
        raise ValueError("round must be 6 or 12 / รอบต้องเป็น 6 หรือ 12")
    with dbmod.write(db_path) as db:
        statuses = {r["status_code"] for r in db.records("measure_statuses")}
        of_year = db.records(
            "measure_reports_round", org_code=org_code, year=fiscal_year, round=round_
        )
        stored = {int(r["measure_no"]): r for r in of_year if r["has_report"]}
        known = {int(r["measure_no"]) for r in of_year}
        changed = []
        for report in reports:
            number = int(report["measure_no"])
            if number not in known:
                raise ValueError(f"no measure {number} / ไม่มีมาตรการลำดับ {number}")
            # Rows of an edited table carry NaN / NaT / Timestamp for empty cells and dates.
            status = _text(report.get("status_code"))
            outcome = _text(report.get("outcome"))
            if status is None and outcome is None:
                continue  # nothing reported for this measure in this round
            if status not in statuses:
                raise ValueError(f"measure {number}: unknown status / สถานะไม่ถูกต้อง")
            row = {
                "org_code": org_code,
                "fiscal_year": fiscal_year,
                "measure_no": number,
                "round": round_,
                "report_date": _date(report.get("report_date")),
                "outcome": outcome,
                "status_code": status,
            }
            old = stored.get(number)
            if old is not None and all(
                (old[k] or None) == (row[k] or None)
                for k in ("report_date", "outcome", "status_code")
            ):
                continue
            changed.append(row)
        if not changed:
            return None
        batch = dbmod.new_batch(
            db, "app", row_count=len(changed), who=who, note=f"progress reports, round {round_}"
        )
        frame = pd.DataFrame(changed)
        with db.within_years([fiscal_year]):
            with db.registered("import_keys", frame[REPORT_KEY]):
                log_and_delete(db, batch, "core.measure_reports", "import_keys", REPORT_KEY)
            db.insert_df(
                "core.measure_reports",
                frame.assign(batch_id=batch).astype({"outcome": "object", "report_date": "object"}),
            )
    return batch
