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
