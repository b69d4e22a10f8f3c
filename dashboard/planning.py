"""Next year's measure plan: a draft from the results and measures of year Y, or the plan saved
in the app, which replaces the draft.

Draft rules: one item for each weak point of Y (weak_points.sql run for Y+1, i.e. the analysis
of Y), ordered by what reaching the pass mark pays; then every unfinished measure of Y, carried
over. Each weak-point item takes a standard measure of its indicator from
data/measure_catalogue.csv, preferring one the organisation did not already use in Y.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

from dashboard import db as dbmod
from dashboard import paths
from dashboard.gaps import Queries, weak_points

PLAN_COLUMNS = ["item_no", "title", "method", "responsible", "period", "indicators", "origin"]


@lru_cache(maxsize=1)
def catalogue() -> dict[int, list[dict[str, str]]]:
    """Standard measures per indicator (at least 3 each), in the file's order."""
    with open(paths.DATA_DIR / "measure_catalogue.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    found: dict[int, list[dict[str, str]]] = {}
    for row in rows:
        found.setdefault(int(row["indicator"]), []).append(row)
    return found


def _pick(indicator: int, used_titles: set[str]) -> dict[str, str] | None:
    options = catalogue().get(indicator, [])
    fresh = [o for o in options if o["title_th"] not in used_titles]
    return (fresh or options or [None])[0]


def draft_plan(db: Queries, org_code: str, year: int) -> pd.DataFrame:
    """The generated plan for Y+1 from the results and measures of `year` (Y)."""
    weak = weak_points(db, org_code, year + 1)
    measures = db.query("org_measures", org_code=org_code, year=year)
    used = set(measures["title"]) if not measures.empty else set()
    items: list[dict[str, Any]] = []
    if not weak.empty:
        weak = weak.loc[weak["is_weak"]].sort_values(
            ["gain_to_pass", "gain_to_excellent", "indicator"], ascending=[False, False, True]
        )
    for row in weak.itertuples():
        option = _pick(int(row.indicator), used)
        items.append(
            {
                "title": option["title_th"] if option else f"มาตรการยกระดับ{row.indicator_name_th}",
                "method": option["method_th"] if option else None,
                "responsible": option["responsible_th"] if option else None,
                "period": option["period_th"] if option else None,
                "indicators": [int(row.indicator)],
                "origin": "weak_point",
            }
        )
    if not measures.empty:
        for row in measures.loc[~measures["is_done"]].itertuples():
            items.append(
                {
                    "title": row.title,
                    "method": row.method,
                    "responsible": row.responsible,
                    "period": row.period,
                    "indicators": [int(i) for i in row.indicators],
                    "origin": "carried_over",
                }
            )
    frame = pd.DataFrame(items, columns=PLAN_COLUMNS[1:])
    frame.insert(0, "item_no", range(1, len(frame) + 1))
    return frame


def plan_for(db: Queries, org_code: str, year: int) -> tuple[pd.DataFrame, bool]:
    """The plan for Y+1: the one saved in the app if any, else the draft. (plan, saved?)"""
    saved = db.query("plan_items", org_code=org_code, year=year + 1)
    if not saved.empty:
        saved["indicators"] = saved["indicators"].map(lambda v: [int(i) for i in v])
        return saved[PLAN_COLUMNS], True
    return draft_plan(db, org_code, year), False


def _text(value: Any) -> str | None:
    """A cell as trimmed text; None for empty, None or NaN."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return str(value).strip() or None


def save_plan(
    db_path: Path | str, org_code: str, plan_year: int, items: Sequence[dict[str, Any]], who: str
) -> int:
    """Store a plan for `plan_year` (Y+1) as a batch of kind "app", replacing a saved one (kept
    for undo). Items need a title; indicators are lists of numbers."""
    from dashboard.ingest.framework import log_and_delete

    rows = []
    for number, item in enumerate(items, start=1):
        # Rows of an edited table carry NaN for empty cells (a row added in the editor).
        title = _text(item.get("title"))
        if not title:
            raise ValueError(f"item {number}: a measure needs a title / รายการที่ {number} ไม่มีชื่อ")
        indicators = item.get("indicators")
        if indicators is None or isinstance(indicators, float):
            indicators = []
        rows.append(
            {
                "org_code": org_code,
                "fiscal_year": plan_year,
                "item_no": number,
                "title": title,
                "method": _text(item.get("method")),
                "responsible": _text(item.get("responsible")),
                "period": _text(item.get("period")),
                "indicators": sorted({int(i) for i in indicators}),
                "origin": _text(item.get("origin")) or "added",
            }
        )
    with dbmod.write(db_path) as db:
        batch = dbmod.new_batch(
            db, "app", row_count=len(rows), who=who, note=f"measure plan {plan_year} for {org_code}"
        )
        keys = pd.DataFrame([{"org_code": org_code, "fiscal_year": plan_year}])
        with db.registered("import_keys", keys):
            log_and_delete(db, batch, "core.plan_items", "import_keys", ["org_code", "fiscal_year"])
        if rows:
            frame = pd.DataFrame(rows).assign(batch_id=batch)
            db.insert_df(
                "core.plan_items",
                frame.astype({"method": "object", "responsible": "object", "period": "object"}),
            )
    return batch
