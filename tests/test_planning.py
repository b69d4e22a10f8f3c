"""Next year's plan (dashboard/planning.py) and the corrections made in the app
(dashboard/ingest/corrections.py: progress reports, target indicators) on the hand-built database
of tests/test_gaps.py. Expected plans are written out by hand from the catalogue file and the
fixture's scores.
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from support import copy_db, query, read, sha256
from test_gaps import Y, build_database

from dashboard import db as dbmod
from dashboard import gaps, paths, planning
from dashboard.ingest.corrections import save_progress, set_measure_indicators
from dashboard.ingest.undo import undo_batch


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    return build_database(tmp_path_factory.mktemp("planning") / "planning.duckdb")


@pytest.fixture
def path(built, tmp_path) -> Path:
    """A copy of the hand-built database that a test may change."""
    return copy_db(built, tmp_path, "copy.duckdb")


def catalogue_row(indicator: int, option: int) -> dict[str, str]:
    """Read straight from the file, not through planning.catalogue()."""
    with open(paths.DATA_DIR / "measure_catalogue.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if int(row["indicator"]) == indicator and int(row["option_no"]) == option:
                return row
    raise AssertionError(f"no option {option} for indicator {indicator}")


def suggested(indicator: int, option: int, title: str) -> dict:
    row = catalogue_row(indicator, option)
    assert row["title_th"] == title  # the title written in the test is the file's
    return {
        "title": title,
        "method": row["method_th"],
        "responsible": row["responsible_th"],
        "period": row["period_th"],
        "indicators": [indicator],
        "origin": "weak_point",
    }


# B0001's draft plan for 2568, from its results of 2567 (against 2566) and its measures of 2567:
# Weak in 2567: indicator 9 at 75.00 (under 85, and down 15 from 90.00): (85 - 75) * 0.20 = 2.00;
#               indicator 8 at 84.00: (85 - 84) * 0.10 = 0.10;
#               indicator 2 at 84.00 (also down 6 from 90.00): (85 - 84) * 0.06 = 0.06.
#   Ordered by what reaching 85 pays: 9, 8, 2.
# Catalogue: option 1 for 9 and 2; for 8 option 1 is the title of B0001's measure 1 of 2567,
#   so option 2.
# Carried over: the measures of 2567 not done: 2 (in progress) and 4 (not started).
B_DRAFT = [
    suggested(9, 1, "มาตรการเผยแพร่ข้อมูลสาธารณะบนเว็บไซต์ให้ครบถ้วน"),
    suggested(8, 2, "มาตรการปรับปรุงระบบการทำงานด้วยเทคโนโลยี"),
    suggested(2, 1, "มาตรการเปิดเผยข้อมูลการใช้จ่ายงบประมาณ"),
    {
        "title": "มาตรการลดขั้นตอนการให้บริการ",
        "method": "ทบทวนขั้นตอนการให้บริการ",
        "responsible": "กองคลัง",
        "period": "ไตรมาสที่ 2",
        "indicators": [1],
        "origin": "carried_over",
    },
    {
        "title": "มาตรการอบรมบุคลากร",
        "method": "อบรมปีละครั้ง",
        "responsible": "งานการเจ้าหน้าที่",
        "period": "ภายในไตรมาสที่ 3",
        "indicators": [],
        "origin": "carried_over",
    },
]


def as_items(plan: pd.DataFrame) -> list[dict]:
    out = []
    for record in plan.to_dict("records"):
        item = {k: (None if pd.isna(v) else v) for k, v in record.items() if k != "indicators"}
        item["indicators"] = [int(i) for i in record["indicators"]]
        out.append(item)
    return out


def numbered(items: list[dict]) -> list[dict]:
    return [{"item_no": n, **item} for n, item in enumerate(items, start=1)]


# --- the draft -------------------------------------------------------------------------------


def test_catalogue_has_three_options_per_indicator():
    counts: dict[int, int] = {}
    with open(paths.DATA_DIR / "measure_catalogue.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            counts[int(row["indicator"])] = counts.get(int(row["indicator"]), 0) + 1
    assert counts == dict.fromkeys(range(1, 11), 3)


def test_draft_plan_for_an_organisation_with_unfinished_measures(built):
    plan = read(built, planning.draft_plan, "B0001", Y)
    assert list(plan.columns) == planning.PLAN_COLUMNS
    assert as_items(plan) == numbered(B_DRAFT)


def test_plan_for_without_a_saved_plan_is_the_draft(built):
    plan, saved = read(built, planning.plan_for, "B0001", Y)
    assert saved is False
    assert as_items(plan) == numbered(B_DRAFT)


def test_draft_plan_is_ordered_by_payoff_not_by_number(built):
    plan = read(built, planning.draft_plan, "A0001", 2566)
    # A0001's weak points of 2566: 9 at 70.00 (3.00), 2 at 80.50 (0.27), 7 at 84.99 (0.00).
    # No measures of 2566: nothing carried over, option 1 of each indicator.
    assert as_items(plan) == numbered(
        [
            suggested(9, 1, "มาตรการเผยแพร่ข้อมูลสาธารณะบนเว็บไซต์ให้ครบถ้วน"),
            suggested(2, 1, "มาตรการเปิดเผยข้อมูลการใช้จ่ายงบประมาณ"),
            suggested(7, 1, "มาตรการเพิ่มประสิทธิภาพการสื่อสารและการเผยแพร่ข้อมูล"),
        ]
    )


def test_draft_plan_without_results_or_measures_is_empty(built):
    plan = read(built, planning.draft_plan, "E0001", 2569)
    assert plan.empty
    assert list(plan.columns) == planning.PLAN_COLUMNS


# --- saving, replacing, undoing ---------------------------------------------------------------


def test_save_plan_then_plan_for_returns_it_and_undo_brings_back_the_draft(path):
    items = [dict(i) for i in B_DRAFT]
    items[1]["title"] = "  มาตรการปรับปรุงระบบงานที่แก้ไขแล้ว  "  # trimmed when stored
    del items[4]  # measure 4 dropped from the plan
    items.append(
        {"title": "มาตรการเพิ่มเติม", "indicators": [5, 3, 3]}  # origin defaults to "added"
    )
    batch = planning.save_plan(path, "B0001", Y + 1, items, who="tester")
    assert query(path, "select kind, row_count, imported_by from core.import_batches "
                "where batch_id = $b", {"b": batch}) == [("app", 5, "tester")]  # fmt: skip
    plan, saved = read(path, planning.plan_for, "B0001", Y)
    assert saved is True
    expected = [dict(i) for i in B_DRAFT[:4]]
    expected[1]["title"] = "มาตรการปรับปรุงระบบงานที่แก้ไขแล้ว"
    expected.append(
        {
            "title": "มาตรการเพิ่มเติม",
            "method": None,
            "responsible": None,
            "period": None,
            "indicators": [3, 5],  # sorted, without duplicates
            "origin": "added",
        }
    )
    assert as_items(plan) == numbered(expected)
    assert list(plan.columns) == planning.PLAN_COLUMNS
    # The plan is for 2568 only; another organisation or year keeps its draft.
    assert read(path, planning.plan_for, "B0001", Y + 1)[1] is False
    assert read(path, planning.plan_for, "C0001", Y)[1] is False

    undo_batch(path, batch, who="tester")
    plan, saved = read(path, planning.plan_for, "B0001", Y)
    assert saved is False
    assert as_items(plan) == numbered(B_DRAFT)


def test_saving_again_replaces_the_plan_and_undo_restores_the_first(path):
    first = planning.save_plan(path, "B0001", Y + 1, B_DRAFT[:2], who="tester")
    second = planning.save_plan(
        path, "B0001", Y + 1, [{"title": "แผนใหม่ทั้งหมด", "indicators": [9]}], who="tester"
    )
    assert second > first
    plan, saved = read(path, planning.plan_for, "B0001", Y)
    assert saved and list(plan["title"]) == ["แผนใหม่ทั้งหมด"]
    undo_batch(path, second, who="tester")
    plan, saved = read(path, planning.plan_for, "B0001", Y)
    assert saved is True
    assert as_items(plan) == numbered(B_DRAFT[:2])


def test_save_plan_rejects_an_item_without_a_title(path):
    before = sha256(path)
    items = [dict(B_DRAFT[0]), {"title": "   ", "indicators": [8]}]
    with pytest.raises(ValueError, match="item 2"):
        planning.save_plan(path, "B0001", Y + 1, items, who="tester")
    items = [dict(B_DRAFT[0]), {"title": None, "indicators": [8]}]
    with pytest.raises(ValueError):
        planning.save_plan(path, "B0001", Y + 1, items, who="tester")
    assert sha256(path) == before
    assert query(path, "select count(*) from core.plan_items") == [(0,)]
    assert query(path, "select count(*) from core.import_batches") == [(1,)]


def test_save_plan_takes_rows_of_an_edited_table(path):
    # st.data_editor gives NaN for the empty cells of a row added by the user.
    nan = float("nan")
    added = {"title": "มาตรการใหม่", "method": nan, "responsible": nan, "period": nan}
    batch = planning.save_plan(
        path, "B0001", Y + 1, [{**added, "indicators": [4], "origin": nan}], who="tester"
    )
    assert query(
        path,
        "select item_no, title, method, responsible, period, indicators, origin, batch_id "
        "from core.plan_items",
    ) == [(1, "มาตรการใหม่", None, None, None, [4], "added", batch)]
    before = sha256(path)
    with pytest.raises(ValueError, match="item 1"):
        planning.save_plan(path, "B0001", Y + 1, [{"title": nan, "indicators": []}], who="t")
    assert sha256(path) == before


# --- progress reports ---------------------------------------------------------------------------


def round_rows(path: Path, org: str, round_: int) -> dict[int, tuple]:
    found = query(
        path,
        "select measure_no, report_date, outcome, status_code, batch_id from core.measure_reports "
        "where org_code = $o and fiscal_year = $y and round = $r order by measure_no",
        {"o": org, "y": Y, "r": round_},
    )
    return {r[0]: r[1:] for r in found}


def test_save_progress_stores_round_6_reports_as_an_app_batch(path):
    before = round_rows(path, "B0001", 6)
    # Stored for round 6 by the fixture (batch 1): measures 1, 2 and 4; none for measure 3.
    assert sorted(before) == [1, 2, 4]
    reports = [
        # unchanged: skipped
        {
            "measure_no": 1,
            "status_code": "in_progress",
            "outcome": "ดำเนินการไปแล้วครึ่งหนึ่ง",
            "report_date": date(2024, 3, 31),
        },
        # new: measure 3 had no 6-month report
        {
            "measure_no": 3,
            "status_code": "in_progress",
            "outcome": "เริ่มตรวจสอบแล้ว",
            "report_date": date(2024, 4, 2),
        },
        # changed: measure 4 started, outcome trimmed
        {
            "measure_no": 4,
            "status_code": "in_progress",
            "outcome": "  เริ่มอบรมแล้ว  ",
            "report_date": date(2024, 4, 3),
        },
    ]
    batch = save_progress(path, "B0001", Y, 6, reports, who="tester")
    assert batch is not None
    assert query(
        path,
        "select kind, row_count, imported_by from core.import_batches where batch_id = $b",
        {"b": batch},
    ) == [("app", 2, "tester")]
    after = round_rows(path, "B0001", 6)
    assert after == {
        1: before[1],
        2: before[2],
        3: (date(2024, 4, 2), "เริ่มตรวจสอบแล้ว", "in_progress", batch),
        4: (date(2024, 4, 3), "เริ่มอบรมแล้ว", "in_progress", batch),
    }
    # Round 12 untouched.
    assert sorted(round_rows(path, "B0001", 12)) == [1, 3]
    # The replaced report of measure 4 is kept for undo.
    assert query(
        path, "select table_name, org_code from core.replaced_rows where batch_id = $b",
        {"b": batch},
    ) == [("core.measure_reports", "B0001")]  # fmt: skip
    # Execution gaps follow: measure 3 now has its 6-month report and measure 4 an outcome.
    analysis = read(path, gaps.analyse, "B0001", Y, today=date(2024, 5, 1))
    flags = analysis.measures.set_index("measure_no")
    assert not flags.loc[3, "no_6m_report"] and not flags.loc[4, "no_outcome"]

    undo_batch(path, batch, who="tester")
    assert round_rows(path, "B0001", 6) == before


def test_save_progress_skips_unchanged_reports(path):
    before = sha256(path)
    same = [
        {
            "measure_no": 2,
            "status_code": "in_progress",
            "outcome": "อยู่ระหว่างปรับปรุงขั้นตอน",
            "report_date": date(2024, 3, 31),
        },
        # no outcome stored; an empty one is the same
        {
            "measure_no": 4,
            "status_code": "not_started",
            "outcome": "  ",
            "report_date": date(2024, 3, 31),
        },
    ]
    assert save_progress(path, "B0001", Y, 6, same, who="tester") is None
    assert save_progress(path, "B0001", Y, 6, [], who="tester") is None
    assert sha256(path) == before


def test_save_progress_takes_rows_of_an_edited_table(path):
    # st.data_editor gives dates as Timestamps and empty cells as NaN / NaT: an unchanged
    # report is still unchanged, and a measure without a report in the round is skipped.
    before = sha256(path)
    nan = float("nan")
    table_rows = [
        {
            "measure_no": 1,
            "status_code": "in_progress",
            "outcome": "ดำเนินการไปแล้วครึ่งหนึ่ง",
            "report_date": pd.Timestamp("2024-03-31"),
        },
        {"measure_no": 3, "status_code": nan, "outcome": nan, "report_date": pd.NaT},
        {
            "measure_no": 4,
            "status_code": "not_started",
            "outcome": nan,
            "report_date": pd.Timestamp("2024-03-31"),
        },
    ]
    assert save_progress(path, "B0001", Y, 6, table_rows, who="tester") is None
    assert sha256(path) == before
    table_rows[2]["report_date"] = pd.Timestamp("2024-04-30")
    batch = save_progress(path, "B0001", Y, 6, table_rows, who="tester")
    assert round_rows(path, "B0001", 6)[4] == (date(2024, 4, 30), None, "not_started", batch)
    assert sorted(round_rows(path, "B0001", 6)) == [1, 2, 4]  # still no report for measure 3


@pytest.mark.parametrize(
    ("round_", "report", "message"),
    [
        (6, {"measure_no": 2, "status_code": "finished", "outcome": "x"}, "unknown status"),
        (6, {"measure_no": 2, "status_code": None, "outcome": "x"}, "unknown status"),
        (6, {"measure_no": 9, "status_code": "done", "outcome": "x"}, "no measure 9"),
        (7, {"measure_no": 2, "status_code": "done", "outcome": "x"}, "round must be 6 or 12"),
    ],
)
def test_save_progress_rejects_bad_reports_and_changes_nothing(path, round_, report, message):
    before = sha256(path)
    good = {"measure_no": 3, "status_code": "done", "outcome": "ok", "report_date": None}
    with pytest.raises(ValueError, match=message):
        save_progress(path, "B0001", Y, round_, [good, report], who="tester")
    assert sha256(path) == before


def test_save_progress_rejects_a_measure_of_another_organisation(path):
    # C0001 has only measure 1 in 2567; B0001's measure 4 is not C0001's.
    with pytest.raises(ValueError, match="no measure 4"):
        save_progress(
            path, "C0001", Y, 12, [{"measure_no": 4, "status_code": "done"}], who="tester"
        )


# --- target indicators corrected in the app ------------------------------------------------------


def test_set_measure_indicators_closes_a_coverage_gap(path):
    analysis = read(path, gaps.analyse, "B0001", Y, today=date(2024, 5, 1))
    assert list(analysis.uncovered["indicator"]) == [3]
    batch = set_measure_indicators(path, {("B0001", Y, 4): [3, 3]}, who="tester")
    assert batch is not None
    assert query(
        path, "select kind from core.import_batches where batch_id = $b", {"b": batch}
    ) == [("app",)]
    analysis = read(path, gaps.analyse, "B0001", Y, today=date(2024, 5, 1))
    assert analysis.uncovered.empty
    weak = {int(r.indicator): list(r.covered_by) for r in analysis.weak.itertuples()}
    assert weak == {3: [4], 8: [1, 3]}
    assert list(analysis.untargeted_measures["measure_no"]) == [2]
    # The same targets again: nothing to store.
    assert set_measure_indicators(path, {("B0001", Y, 4): [3]}, who="tester") is None
    undo_batch(path, batch, who="tester")
    analysis = read(path, gaps.analyse, "B0001", Y, today=date(2024, 5, 1))
    assert list(analysis.uncovered["indicator"]) == [3]


def test_set_measure_indicators_rejects_an_unknown_measure(path):
    before = sha256(path)
    with pytest.raises(dbmod.DatabaseError):
        set_measure_indicators(path, {("B0001", Y, 9): [3]}, who="tester")
    assert sha256(path) == before
