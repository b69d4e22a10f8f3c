"""The public views (data/views.sql) on a small database built by hand.

Every expected value is computed by hand from the methodology: ITA = 0.3 IIT + 0.3 EIT + 0.4 OIT,
IIT = mean of indicators 1-5, EIT = mean of 6-8, OIT = mean of 9-10.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest
from support import insert_rows, reading

from dashboard import db as dbmod
from dashboard import score_store

D = Decimal


def org(code, name, type_code, district="อำเภอทดสอบ"):
    return {
        "org_code": code,
        "name_th": name,
        "type_code": type_code,
        "province_code": "T1",
        "province_th": "จังหวัดทดสอบ",
        "province_en": "Test province",
        "district_th": district,
        "lat": None,
        "lon": None,
    }


def indicator_rows(code, year, values: dict[int, str]):
    return [
        {"org_code": code, "fiscal_year": year, "indicator": i, "score": D(v)}
        for i, v in values.items()
    ]


# indicators 1-5 = 90, 6-8 = 80, 9-10 = 70 -> IIT 90, EIT 80, OIT 70,
# total 0.3*90 + 0.3*80 + 0.4*70 = 27 + 24 + 28 = 79.00
BASE = {1: "90", 2: "90", 3: "90", 4: "90", 5: "90", 6: "80", 7: "80", 8: "80", 9: "70", 10: "70"}
NINETY = dict.fromkeys(range(1, 11), "90.00")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, list[score_store.ScoreProblem]]:
    path = tmp_path_factory.mktemp("views") / "views.duckdb"
    with dbmod.write(path) as w:
        batch = dbmod.new_batch(w, "app", row_count=0, note="hand-built test data")
        insert_rows(
            w,
            batch,
            "core.organisations",
            [
                # an อบต. upgraded to เทศบาลตำบล in 2566: current type SUBDISTRICT
                # bare names, as in the DLA registry; views add the type of the year
                org("T0001", "ทดสอบหนึ่ง", "SUBDISTRICT"),
                org("T0002", "ทดสอบสอง", "SAO"),
                org("T0003", "ทดสอบสาม", "TOWN"),
                org("T0004", "ทดสอบสี่", "SAO"),
                org("T0005", "ทดสอบห้า", "PAO"),
            ],
        )
        insert_rows(
            w,
            batch,
            "core.org_type_years",
            [
                {"org_code": "T0001", "fiscal_year": 2565, "type_code": "SAO"},
                {"org_code": "T0001", "fiscal_year": 2564, "type_code": "SAO"},  # not assessed
            ],
        )
        assessments = [
            ("T0001", 2565, None, None),
            ("T0001", 2566, None, None),
            ("T0002", 2565, D("88.50"), "A"),  # total and level only
            ("T0002", 2566, D("90.00"), "ผ่านดี"),  # undecidable from the total alone
            ("T0002", 2569, D("87.00"), "ผ่าน"),  # no scheme yet
            ("T0003", 2566, D("92.00"), "ผ่านดีเยี่ยม"),  # disagrees with its indicators
            ("T0004", 2565, None, None),  # indicator 3 missing, IIT published
            ("T0005", 2565, None, None),  # indicator 3 missing, nothing published
        ]
        insert_rows(
            w,
            batch,
            "core.assessments",
            [
                {"org_code": c, "fiscal_year": y, "total_published": t, "level_published": lv}
                for c, y, t, lv in assessments
            ],
            objects=("total_published", "level_published"),
        )
        without_3 = {k: v for k, v in BASE.items() if k != 3}
        insert_rows(
            w,
            batch,
            "core.indicator_scores",
            indicator_rows("T0001", 2565, BASE)
            + indicator_rows("T0001", 2566, BASE)
            + indicator_rows("T0003", 2566, NINETY)
            + indicator_rows("T0004", 2565, without_3)
            + indicator_rows("T0005", 2565, without_3),
            objects=("score",),
        )
        insert_rows(
            w,
            batch,
            "core.tool_scores_published",
            [{"org_code": "T0004", "fiscal_year": 2565, "tool": "IIT", "score": D("88.00")}],
            objects=("score",),
        )
        insert_rows(
            w,
            batch,
            "core.measures",
            [
                {
                    "org_code": "T0001",
                    "fiscal_year": 2566,
                    "measure_no": n,
                    "title": t,
                    "method": None,
                    "responsible": "สำนักปลัด",
                    "period": None,
                    "suggestion": None,
                    "source": "test",
                }
                for n, t in ((1, "มาตรการหนึ่ง"), (2, "มาตรการสอง"), (3, "มาตรการสาม"))
            ],
        )
        insert_rows(
            w,
            batch,
            "core.measure_indicators",
            [
                {"org_code": "T0001", "fiscal_year": 2566, "measure_no": 1, "indicator": i}
                for i in (9, 2, 5)
            ]
            + [{"org_code": "T0001", "fiscal_year": 2566, "measure_no": 3, "indicator": 7}],
        )
        insert_rows(
            w,
            batch,
            "core.measure_reports",
            [
                # round 12 listed first: the order of rows must not matter
                {
                    "org_code": "T0001",
                    "fiscal_year": 2566,
                    "measure_no": 1,
                    "round": 12,
                    "report_date": date(2023, 9, 20),
                    "outcome": "เสร็จแล้ว",
                    "status_code": "done",
                },
                {
                    "org_code": "T0001",
                    "fiscal_year": 2566,
                    "measure_no": 1,
                    "round": 6,
                    "report_date": date(2023, 4, 5),
                    "outcome": "กำลังทำ",
                    "status_code": "in_progress",
                },
                {
                    "org_code": "T0001",
                    "fiscal_year": 2566,
                    "measure_no": 3,
                    "round": 6,
                    "report_date": date(2023, 4, 5),
                    "outcome": None,
                    "status_code": "not_started",
                },
            ],
            objects=("outcome",),
        )
        insert_rows(
            w,
            batch,
            "core.complaints",
            [
                {
                    "org_code": "T0001",
                    "fiscal_year": 2566,
                    "round": 6,
                    "received": 2,
                    "completed": 1,
                    "in_progress": 1,
                },
                {
                    "org_code": "T0001",
                    "fiscal_year": 2566,
                    "round": 12,
                    "received": 3,
                    "completed": 3,
                    "in_progress": 0,
                },
                {
                    "org_code": "T0002",
                    "fiscal_year": 2566,
                    "round": 12,
                    "received": 0,
                    "completed": 0,
                    "in_progress": 0,
                },
            ],
        )
        w.set_meta("dataset_kind", "imported")
        problems = score_store.refresh(w)
    return path, problems


@pytest.fixture(scope="module")
def path(built) -> Path:
    return built[0]


@pytest.fixture(scope="module")
def reader(path):
    with reading(path) as r:
        yield r


def scores(reader, code, year) -> dict:
    rows = reader.rows(
        "select * from org_year_scores where org_code = $c and fiscal_year = $y",
        {"c": code, "y": year},
    )
    assert len(rows) == 1, rows
    columns = [
        r[0]
        for r in reader.rows(
            "select column_name from duckdb_columns() where database_name = 'ita' "
            "and table_name = 'org_year_scores' order by column_index"
        )
    ]
    return dict(zip(columns, rows[0], strict=True))


def test_org_year_scores_columns(reader):
    columns = [
        r[0]
        for r in reader.rows(
            "select column_name from duckdb_columns() where database_name = 'ita' "
            "and table_name = 'org_year_scores' order by column_index"
        )
    ]
    assert columns == [
        "org_code",
        "org_name",
        "org_type",
        "org_type_code",
        "province_code",
        "province",
        "district",
        "fiscal_year",
        "iit",
        "eit",
        "oit",
        "total",
        "level",
        "level_code",
        "level_order",
        "scheme",
        "passed",
        "total_published",
        "level_published",
        "total_is_computed",
        "total_mismatch",
        "level_mismatch",
    ]
    assert reader.rows("select count(*) from org_year_scores")[0][0] == 8  # one per assessment


def test_hand_computed_org_year_2565(reader):
    row = scores(reader, "T0001", 2565)
    assert row["org_name"] == "อบต.ทดสอบหนึ่ง"  # still an อบต. in 2565
    assert scores(reader, "T0001", 2566)["org_name"] == "ทต.ทดสอบหนึ่ง"
    assert (row["province_code"], row["province"], row["district"]) == (
        "T1",
        "จังหวัดทดสอบ",
        "อำเภอทดสอบ",
    )
    # the type given for 2565 (อบต.), not the current one
    assert row["org_type_code"] == "SAO" and row["org_type"] == "อบต."
    assert (row["iit"], row["eit"], row["oit"]) == (D("90.00"), D("80.00"), D("70.00"))
    assert row["total"] == D("79.00")
    # AA-F: 75 <= 79 < 85 -> B, the third level
    assert (row["level"], row["level_code"], row["level_order"]) == ("B", "B", 3)
    assert row["scheme"] == "AA-F"
    assert row["passed"] is False
    assert row["total_published"] is None and row["level_published"] is None
    assert row["total_is_computed"] is True
    assert row["total_mismatch"] is False and row["level_mismatch"] is False


def test_hand_computed_org_year_2566(reader):
    row = scores(reader, "T0001", 2566)
    assert row["org_type_code"] == "SUBDISTRICT" and row["org_type"] == "ทต."
    assert row["total"] == D("79.00")
    # PASS5: 70 <= 79 < 85 -> ต้องปรับปรุง, the fourth level
    assert (row["level"], row["level_code"], row["level_order"]) == ("ต้องปรับปรุง", "IMPROVE", 4)
    assert row["scheme"] == "PASS5"
    assert row["passed"] is False


def test_total_only_aaf(reader):
    row = scores(reader, "T0002", 2565)
    assert row["org_type_code"] == "SAO"
    assert (row["iit"], row["eit"], row["oit"]) == (None, None, None)
    assert row["total"] == D("88.50")
    assert row["total_is_computed"] is False
    # 85 <= 88.50 < 95 -> A, computed from the published total
    assert (row["level"], row["level_code"], row["level_order"]) == ("A", "A", 2)
    assert row["passed"] is True
    assert row["level_mismatch"] is False


def test_total_only_pass5_shows_the_published_level(reader):
    row = scores(reader, "T0002", 2566)
    assert row["total"] == D("90.00")
    # The level cannot be computed from a total of 90 alone; the published one is shown.
    assert (row["level"], row["level_code"], row["level_order"]) == ("ผ่านดี", "GOOD", 2)
    assert row["passed"] is True
    assert row["level_mismatch"] is False
    computed = reader.rows(
        "select level_code from core.computed_results where org_code = 'T0002' "
        "and fiscal_year = 2566"
    )
    assert computed == [(None,)]


def test_year_without_scheme(reader):
    row = scores(reader, "T0002", 2569)
    assert row["scheme"] is None
    assert row["total"] == D("87.00")
    assert row["level"] == "ผ่าน"  # as published
    assert row["level_code"] is None and row["level_order"] is None
    assert row["passed"] is True
    assert row["total_mismatch"] is False and row["level_mismatch"] is False


def test_published_figures_that_disagree(built, reader):
    row = scores(reader, "T0003", 2566)
    # all indicators 90 -> every tool 90, total 90.00; published 92.00 is off by 2
    assert (row["iit"], row["eit"], row["oit"], row["total"]) == (D("90.00"),) * 4
    assert row["total_published"] == D("92.00")
    assert row["total_mismatch"] is True
    # computed ผ่านดี (90 >= 85, every tool >= 85); the published ผ่านดีเยี่ยม disagrees
    assert (row["level"], row["level_code"]) == ("ผ่านดี", "GOOD")
    assert row["level_published"] == "ผ่านดีเยี่ยม"
    assert row["level_mismatch"] is True
    problems = built[1]
    assert {(p.org_code, p.fiscal_year) for p in problems} == {("T0003", 2566)}
    assert len(problems) == 2  # one for the total, one for the level
    assert all(p.message_th and p.message_en for p in problems)


def test_missing_indicator_with_published_tool(reader):
    row = scores(reader, "T0004", 2565)
    # IIT from the published 88.00: 0.3*88 + 0.3*80 + 0.4*70 = 26.4 + 24 + 28 = 78.40 -> B
    assert (row["iit"], row["eit"], row["oit"]) == (D("88.00"), D("80.00"), D("70.00"))
    assert row["total"] == D("78.40")
    assert row["level_code"] == "B"
    assert row["total_is_computed"] is True
    sources = dict(
        reader.rows("select tool, source from core.computed_tool_scores where org_code = 'T0004'")
    )
    assert sources == {"IIT": "published", "EIT": "indicators", "OIT": "indicators"}


def test_missing_indicator_without_published_tool(reader):
    row = scores(reader, "T0005", 2565)
    assert row["iit"] is None
    assert (row["eit"], row["oit"]) == (D("80.00"), D("70.00"))
    assert row["total"] is None
    assert row["level"] is None and row["level_code"] is None
    assert row["passed"] is None
    assert row["total_is_computed"] is False
    assert row["org_type_code"] == "PAO" and row["org_type"] == "อบจ."


def test_org_year_types(reader):
    rows = reader.rows(
        "select fiscal_year, type_code from org_year_types where org_code = 'T0001' order by 1"
    )
    assert rows == [(2565, "SAO"), (2566, "SUBDISTRICT")]  # 2564 was not assessed


def test_indicator_scores_view(reader):
    rows = reader.rows(
        "select indicator, indicator_name_th, indicator_name_en, tool, score "
        "from indicator_scores where org_code = 'T0001' and fiscal_year = 2565 order by indicator"
    )
    assert len(rows) == 10
    assert rows[0] == (1, "การปฏิบัติหน้าที่", "Performance of duties", "IIT", D("90.00"))
    assert rows[5][:2] == (6, "คุณภาพการดำเนินงาน") and rows[5][3:] == ("EIT", D("80.00"))
    assert rows[8][:2] == (9, "การเปิดเผยข้อมูล") and rows[8][3:] == ("OIT", D("70.00"))
    assert rows[9][:2] == (10, "การป้องกันการทุจริต")
    assert reader.rows("select count(*) from indicator_scores where org_code = 'T0004'") == [(9,)]


def test_measures_view(reader):
    rows = reader.rows(
        "select measure_no, title, responsible, outcome, status, status_th, status_en, "
        "report_round, report_date, indicators, source from measures "
        "where org_code = 'T0001' and fiscal_year = 2566 order by measure_no"
    )
    assert rows == [
        # the 12-month report wins over the 6-month one; indicators sorted
        (
            1,
            "มาตรการหนึ่ง",
            "สำนักปลัด",
            "เสร็จแล้ว",
            "done",
            "ดำเนินการแล้ว",
            "Done",
            12,
            date(2023, 9, 20),
            [2, 5, 9],
            "test",
        ),
        # no report and no target indicator yet
        (2, "มาตรการสอง", "สำนักปลัด", None, None, None, None, None, None, [], "test"),
        # only a 6-month report
        (
            3,
            "มาตรการสาม",
            "สำนักปลัด",
            None,
            "not_started",
            "ยังไม่เริ่ม",
            "Not started",
            6,
            date(2023, 4, 5),
            [7],
            "test",
        ),
    ]


def test_complaints_view(reader):
    rows = reader.rows("select * from complaints order by org_code, fiscal_year, round")
    assert rows == [
        ("T0001", 2566, 6, 2, 1, 1),
        ("T0001", 2566, 12, 3, 3, 0),
        ("T0002", 2566, 12, 0, 0, 0),
    ]


def test_indicator_means_by_hand(reader):
    """queries/indicator_means.sql: 2566 holds T0001 (indicators 1-5 at 90, 6-8 at 80, 9-10 at
    70) and T0003 (all 90); 2565 holds T0001 and T0004, T0005 without indicator 3. The pass
    threshold is 85 in both years."""
    every = {"province": None, "district": None, "org_type": None}
    means = reader.query("indicator_means", **every).set_index(["fiscal_year", "indicator"])
    got = means[["mean_score", "n_scored", "n_below_threshold"]]
    assert got.loc[(2566, 1)].tolist() == [90.0, 2, 0]
    assert got.loc[(2566, 6)].tolist() == [85.0, 2, 1]  # 80 and 90: 80 is under 85
    assert got.loc[(2566, 9)].tolist() == [80.0, 2, 1]
    assert got.loc[(2565, 3)].tolist() == [90.0, 1, 0]  # T0004 and T0005 have none
    assert got.loc[(2565, 9)].tolist() == [70.0, 3, 3]
    assert means.loc[(2566, 6), "tool"] == "EIT"
    assert float(means.loc[(2566, 6), "weight"]) == pytest.approx(0.3 / 3)
    empty = got.loc[(2567, 1)]  # a methodology year without scores
    assert pd.isna(empty["mean_score"]) and empty["n_scored"] == 0
    assert empty["n_below_threshold"] == 0
    # By type in the year: T0001 was an อบต. in 2565 (a ทต. now), T0004 is one, T0005 is not.
    sao = reader.query("indicator_means", **{**every, "org_type": "SAO"})
    sao = sao.set_index(["fiscal_year", "indicator"])
    assert sao.loc[(2565, 9), ["mean_score", "n_scored"]].tolist() == [70.0, 2]
    assert sao.loc[(2566, 1), "n_scored"] == 0  # T0001 is a ทต. in 2566


def test_dataset_info(reader):
    info = dict(reader.rows("select key, value from dataset_info"))
    assert set(info) == {"dataset_kind", "created_at", "schema_version"}
    assert info["dataset_kind"] == "imported"
    assert info["schema_version"] == "5"


def test_refresh_of_some_organisations_only(tmp_path, path):
    copy = tmp_path / "copy.duckdb"
    copy.write_bytes(path.read_bytes())
    with dbmod.write(copy) as w:
        # OIT indicators to 100: 0.3*90 + 0.3*80 + 0.4*100 = 27 + 24 + 40 = 91.00
        w.execute(
            "update core.indicator_scores set score = 100 where org_code = 'T0001' "
            "and fiscal_year = 2566 and indicator in (9, 10)"
        )
        w.execute(
            "update core.indicator_scores set score = 100 where org_code = 'T0003' "
            "and indicator in (9, 10)"
        )
        problems = score_store.refresh(w, org_codes=["T0001"])
    assert problems == []
    r = dbmod.open_reader(copy)
    try:
        row = scores(r, "T0001", 2566)
        assert row["oit"] == D("100.00")
        assert row["total"] == D("91.00")
        # every tool >= 85? EIT 80 is not: ผ่าน
        assert row["level_code"] == "PASS" and row["passed"] is True
        # T0003 was not refreshed: still the old computed total
        assert scores(r, "T0003", 2566)["total"] == D("90.00")
        assert scores(r, "T0003", 2566)["oit"] == D("90.00")
        # nothing else lost
        assert r.rows("select count(*) from core.computed_results")[0][0] == 8
    finally:
        r.close()
