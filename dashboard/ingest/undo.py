"""Removing one import batch exactly: its rows go, the rows it replaced come back.

Refused, naming them, while later batches depend on it: rows of other batches that use the
organisations it added, or later batches that replaced rows it stored.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from dashboard import db as dbmod
from dashboard import score_store

# Tables whose rows carry a batch_id, children before parents.
BATCH_TABLES = (
    "core.plan_items",
    "core.measure_reports",
    "core.measure_indicators",
    "core.measures",
    "core.complaints",
    "core.indicator_scores",
    "core.tool_scores_published",
    "core.org_type_years",
    "core.assessments",
    "core.organisations",
)
ORG_TABLES = BATCH_TABLES[:-1]
# The tables the scoring engine reads (queries/score_inputs.sql): an undo rescores the years
# whose rows of these it removed or restored, and only those.
SCORE_TABLES = ("core.indicator_scores", "core.tool_scores_published", "core.assessments")


class UndoRefused(dbmod.DatabaseError):
    pass


@dataclass
class UndoResult:
    batch_id: int
    removed: dict[str, int]
    restored: dict[str, int]


def _refuse(th: str, en: str) -> UndoRefused:
    return UndoRefused(th, en)


def undo_batch(db_path: Path | str, batch_id: int, *, who: str | None = None) -> UndoResult:
    with dbmod.write(db_path) as db:
        found = db.rows(
            "select kind, undone_at from core.import_batches where batch_id = $b", {"b": batch_id}
        )
        if not found:
            raise _refuse(f"ไม่มีชุดนำเข้าหมายเลข {batch_id}", f"there is no batch {batch_id}")
        kind, undone = found[0]
        if undone is not None:
            raise _refuse(f"ชุดนำเข้า {batch_id} ถูกยกเลิกไปแล้ว", f"batch {batch_id} is already undone")
        if kind == "demo":
            raise _refuse(
                "ยกเลิกข้อมูลสาธิตทีละชุดไม่ได้ ใช้ `ita demo --force` หรือฐานข้อมูลใหม่",
                "the demo batch cannot be undone; use `ita demo --force` or a new database",
            )
        later = [
            r[0]
            for r in db.rows(
                "select distinct r.batch_id from core.replaced_rows as r "
                "where json_extract(r.old_row, '$.batch_id')::integer = $b "
                "and r.batch_id <> $b order by 1",
                {"b": batch_id},
            )
        ]
        dependent = set(later)
        for table in ORG_TABLES:
            dependent |= {
                r[0]
                for r in db.rows(
                    f"select distinct t.batch_id from {table} as t "
                    "join core.organisations as o using (org_code) "
                    "where o.batch_id = $b and t.batch_id > $b",
                    {"b": batch_id},
                )
            }
        if dependent:
            names = ", ".join(str(b) for b in sorted(dependent))
            raise _refuse(
                f"ยกเลิกชุด {batch_id} ไม่ได้ เพราะชุดที่นำเข้าภายหลังใช้ข้อมูลของชุดนี้: {names} "
                "กรุณายกเลิกชุดเหล่านั้นก่อน",
                f"batch {batch_id} cannot be undone while later batches depend on it: {names}. "
                "Undo those first.",
            )

        # (organisation, fiscal year) of the batch's rows, per table
        keys = {
            table: db.rows(
                f"select distinct org_code, fiscal_year from {table} where batch_id = $b",
                {"b": batch_id},
            )
            for table in ORG_TABLES
        }
        touched = {org_code for rows in keys.values() for org_code, _ in rows}
        scored_years = {year for table in SCORE_TABLES for _, year in keys[table]}
        removed: dict[str, int] = {}
        for table in BATCH_TABLES:
            n = db.rows(f"select count(*) from {table} where batch_id = $b", {"b": batch_id})[0][0]
            if n:
                db.execute(f"delete from {table} where batch_id = $b", {"b": batch_id})
                removed[table] = n
        restored: dict[str, int] = {}
        replaced = db.rows(
            "select table_name, org_code, old_row from core.replaced_rows where batch_id = $b",
            {"b": batch_id},
        )
        by_table: dict[str, list[dict]] = {}
        for table, org_code, old_row in replaced:
            row = json.loads(old_row)
            by_table.setdefault(table, []).append(row)
            touched.add(org_code)
            if table in SCORE_TABLES:
                scored_years.add(int(row["fiscal_year"]))
        for table in reversed(BATCH_TABLES):  # parents first
            if table in by_table:
                restored[table] = db.insert_df(table, pd.DataFrame(by_table[table]))
        db.execute("delete from core.replaced_rows where batch_id = $b", {"b": batch_id})
        # A year a score import added (the year after the last with rules) goes with its rows.
        db.execute(
            "delete from core.method_years as y "
            "where y.scheme is null and y.note_en = 'No methodology yet (added by an import)' "
            "and not exists (select 1 from core.assessments as a "
            "where a.fiscal_year = y.fiscal_year)"
        )
        db.execute(
            "update core.import_batches set undone_at = $at, undone_by = $who where batch_id = $b",
            {
                "at": datetime.now(UTC),
                "who": who or os.environ.get("USER") or "unknown",
                "b": batch_id,
            },
        )
        if touched and scored_years:
            # The organisation-years whose scoring inputs changed lie within these (a national
            # score batch: one year of 7,849 organisations, not all seven of them).
            score_store.refresh(db, sorted(touched), sorted(scored_years))
    return UndoResult(batch_id, removed, restored)
