"""Corrections made in the app, stored as their own batch (kind "app") so they can be traced
and undone like any import."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
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
            stored = db.records("stored_measures")
        current = {
            (s["org_code"], s["fiscal_year"], s["measure_no"]): list(s["indicators"])
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
        with db.registered("import_keys", keys):
            log_and_delete(db, batch, "core.measure_indicators", "import_keys", MEASURE_KEY)
        rows = [
            {**dict(zip(MEASURE_KEY, k, strict=True)), "indicator": i, "batch_id": batch}
            for k, v in changed.items()
            for i in v
        ]
        if rows:
            db.insert_df("core.measure_indicators", pd.DataFrame(rows))
    return batch


REPORT_KEY = [*MEASURE_KEY, "round"]


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
    Reports equal to the stored ones are skipped; replaced ones are kept for undo."""
    if round_ not in (6, 12):
        raise ValueError("round must be 6 or 12 / รอบต้องเป็น 6 หรือ 12")
    with dbmod.write(db_path) as db:
        statuses = {r["status_code"] for r in db.records("measure_statuses")}
        stored = {
            int(r["measure_no"]): r
            for r in db.records(
                "measure_reports_of_round", org_code=org_code, year=fiscal_year, round=round_
            )
        }
        known = {
            int(m["measure_no"])
            for m in db.records("org_measures", org_code=org_code, year=fiscal_year)
        }
        changed = []
        for report in reports:
            number = int(report["measure_no"])
            if number not in known:
                raise ValueError(f"no measure {number} / ไม่มีมาตรการลำดับ {number}")
            if report.get("status_code") not in statuses:
                raise ValueError(f"measure {number}: unknown status / สถานะไม่ถูกต้อง")
            outcome = (report.get("outcome") or "").strip() or None
            row = {
                "org_code": org_code,
                "fiscal_year": fiscal_year,
                "measure_no": number,
                "round": round_,
                "report_date": report.get("report_date"),
                "outcome": outcome,
                "status_code": report["status_code"],
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
        with db.registered("import_keys", frame[REPORT_KEY]):
            log_and_delete(db, batch, "core.measure_reports", "import_keys", REPORT_KEY)
        db.insert_df(
            "core.measure_reports",
            frame.assign(batch_id=batch).astype({"outcome": "object", "report_date": "object"}),
        )
    return batch
