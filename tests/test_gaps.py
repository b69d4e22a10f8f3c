"""The gap queries (queries/weak_points.sql, tool_weak_points.sql, org_measures.sql,
indicator_change.sql, measure_effect.sql, group_measures.sql) and dashboard/gaps.py on a small
database built by hand.

Every expected value is worked out by hand in the comments from the methodology:
weight of an indicator = weight of its tool / number of indicators of the tool, so indicators 1-5
(IIT, 0.30) weigh 0.06, 6-8 (EIT, 0.30) weigh 0.10, 9-10 (OIT, 0.40) weigh 0.20; the pass mark is
85 and the best level starts at 95 in 2565 (AA-F) and 2566 (PASS5).

The fictional data (Y = 2567 is the year of the measures, the analysis is of Y-1 = 2566):

* A0001 อบจ. in จังหวัดสาม (alone in its peer group, same scores in 2565 and 2566):
  ind 1 = 96.00, ind 2 = 80.50, ind 7 = 84.99, ind 9 = 70.00, the rest 90.00.
  Measures of 2567: 1 -> [9], 2 -> [7], 3 -> [1, 9]. No progress reports.
* Peers อบต. in จังหวัดหนึ่ง in 2566: B0001, C0001, C0002 and F0001 (a ทต. today, but an อบต.
  in 2566). Decoys with low scores on indicator 3: D0001 (ทม., same province) and E0001
  (อบต., another province).
* B0001 (อำเภอหนึ่ง) 2566: ind 3 = 86.00, ind 8 = 80.00, the rest 90.00; 2567: ind 2 = 84.00,
  ind 8 = 84.00, ind 9 = 75.00, the rest 90.00. Four measures of 2567 (see B_MEASURES).
* C0001 (อำเภอหนึ่ง) 2565: ind 6 = 95.00, ind 7 = 94.99, rest 90.00; 2566: all 90.00;
  2567: ind 8 = 96.00, rest 90.00. Measure 1 of 2567 -> [6, 8], done at 6 months.
* C0002 (อำเภอสอง) 2566: ind 3 = 92.00, rest 90.00; 2567: ind 8 = 70.00, rest 90.00.
* F0001 (อำเภอสอง) 2566: ind 3 = 94.00, rest 90.00.
* D0001 ทม. (อำเภอหนึ่ง) 2566: ind 3 = 50.00, rest 90.00; 2567: ind 3 = 50.00, ind 8 = 91.00,
  rest 90.00.
* E0001 อบต. in จังหวัดสอง 2566: ind 3 = 50.00, rest 90.00.
* G0001 ทน. in จังหวัดสาม (alone in its peer group) 2566: ind 4 = 80.25, ind 6 = 84.85, rest
  90.00: gains that end in a half at the third decimal.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest
from support import insert_rows, reading

from dashboard import db as dbmod
from dashboard import gaps, score_store

D = Decimal
Y = 2567

PROVINCES = {"P1": "จังหวัดหนึ่ง", "P2": "จังหวัดสอง", "P3": "จังหวัดสาม"}
D1 = "อำเภอหนึ่ง"
D2 = "อำเภอสอง"

# code: (bare name, current type, province, district)
ORGS = {
    "A0001": ("ทดสอบเอ", "PAO", "P3", "อำเภอสาม"),
    "B0001": ("ทดสอบบี", "SAO", "P1", D1),
    "C0001": ("ทดสอบซีหนึ่ง", "SAO", "P1", D1),
    "C0002": ("ทดสอบซีสอง", "SAO", "P1", D2),
    "F0001": ("ทดสอบเอฟ", "SUBDISTRICT", "P1", D2),
    "D0001": ("ทดสอบดี", "TOWN", "P1", D1),
    "E0001": ("ทดสอบอี", "SAO", "P2", "อำเภอสี่"),
    "G0001": ("ทดสอบจี", "CITY", "P3", "อำเภอสาม"),
}

A_SCORES = {1: "96.00", 2: "80.50", 7: "84.99", 9: "70.00"}
# (org, year): scores that differ from 90.00 (every other indicator 1-10 is 90.00)
SCORES: dict[tuple[str, int], dict[int, str]] = {
    ("A0001", 2565): A_SCORES,
    ("A0001", 2566): A_SCORES,
    ("B0001", 2566): {3: "86.00", 8: "80.00"},
    ("B0001", 2567): {2: "84.00", 8: "84.00", 9: "75.00"},
    ("C0001", 2565): {6: "95.00", 7: "94.99"},
    ("C0001", 2566): {},
    ("C0001", 2567): {8: "96.00"},
    ("C0002", 2566): {3: "92.00"},
    ("C0002", 2567): {8: "70.00"},
    ("F0001", 2566): {3: "94.00", 5: "70.00"},
    ("D0001", 2566): {3: "50.00"},
    ("D0001", 2567): {3: "50.00", 8: "91.00"},
    ("E0001", 2566): {3: "50.00"},
    ("G0001", 2566): {4: "80.25", 6: "84.85"},
}

# Catalogue option 1 of indicator 8: B0001 already used it in 2567, so the draft plan for 2568
# must suggest option 2 for indicator 8.
CATALOGUE_8_1 = "มาตรการการเปิดโอกาสให้เกิดการมีส่วนร่วม"

# (measure_no, title, method, responsible, period, indicators, reports)
# report: (round, report_date, outcome, status_code)
B_MEASURES = [
    (
        1,
        CATALOGUE_8_1,
        "จัดเวทีประชาคม",
        "สำนักปลัด",
        "ต.ค. 2566 – ก.ย. 2567",
        [8],
        [
            (6, date(2024, 3, 31), "ดำเนินการไปแล้วครึ่งหนึ่ง", "in_progress"),
            (12, date(2024, 9, 20), "จัดเวทีประชาคมแล้ว 2 ครั้ง", "done"),
        ],
    ),
    (
        2,
        "มาตรการลดขั้นตอนการให้บริการ",
        "ทบทวนขั้นตอนการให้บริการ",
        "กองคลัง",
        "ไตรมาสที่ 2",
        [1],  # indicator 1 is not a weak point of B0001
        [(6, date(2024, 3, 31), "อยู่ระหว่างปรับปรุงขั้นตอน", "in_progress")],
    ),
    (
        3,
        "มาตรการตรวจสอบการให้บริการ",
        None,
        "สำนักปลัด",
        None,
        [8],
        [(12, date(2024, 9, 25), "แล้วเสร็จ", "done")],  # no 6-month report
    ),
    (
        4,
        "มาตรการอบรมบุคลากร",
        "อบรมปีละครั้ง",
        "งานการเจ้าหน้าที่",
        "ภายในไตรมาสที่ 3",
        [],  # targets nothing
        [(6, date(2024, 3, 31), None, "not_started")],  # no outcome
    ),
]

OTHER_MEASURES = [
    # A0001: 1 -> [9], 2 -> [7], 3 -> [1, 9]
    ("A0001", 1, "มาตรการเอหนึ่ง", [9], []),
    ("A0001", 2, "มาตรการเอสอง", [7], []),
    ("A0001", 3, "มาตรการเอสาม", [9, 1], []),
    ("C0001", 1, "มาตรการของซีหนึ่ง", [6, 8], [(6, date(2024, 3, 30), "เสร็จ", "done")]),
]


def _org_row(code: str) -> dict:
    name, type_code, province, district = ORGS[code]
    return {
        "org_code": code,
        "name_th": name,
        "type_code": type_code,
        "province_code": province,
        "province_th": PROVINCES[province],
        "province_en": None,
        "district_th": district,
        "lat": None,
        "lon": None,
    }


def build_database(path: Path) -> Path:
    """Write the hand-built database described in the module docstring to `path`."""
    with dbmod.write(path) as w:
        batch = dbmod.new_batch(w, "scores", row_count=0, note="hand-built gaps test data")
        insert_rows(w, batch, "core.organisations", [_org_row(c) for c in ORGS])
        insert_rows(
            w,
            batch,
            "core.org_type_years",
            [{"org_code": "F0001", "fiscal_year": 2566, "type_code": "SAO"}],
        )
        insert_rows(
            w,
            batch,
            "core.assessments",
            [
                {"org_code": c, "fiscal_year": y, "total_published": None, "level_published": None}
                for c, y in SCORES
            ],
            objects=("total_published", "level_published"),
        )
        insert_rows(
            w,
            batch,
            "core.indicator_scores",
            [
                {
                    "org_code": c,
                    "fiscal_year": y,
                    "indicator": i,
                    "score": D(changed.get(i, "90.00")),
                }
                for (c, y), changed in SCORES.items()
                for i in range(1, 11)
            ],
            objects=("score",),
        )
        measures, targets, reports = [], [], []
        for no, title, method, responsible, period, inds, reps in B_MEASURES:
            measures.append(("B0001", no, title, method, responsible, period))
            targets += [("B0001", no, i) for i in inds]
            reports += [("B0001", no, *r) for r in reps]
        for code, no, title, inds, reps in OTHER_MEASURES:
            measures.append((code, no, title, None, None, None))
            targets += [(code, no, i) for i in inds]
            reports += [(code, no, *r) for r in reps]
        insert_rows(
            w,
            batch,
            "core.measures",
            [
                {
                    "org_code": c,
                    "fiscal_year": Y,
                    "measure_no": n,
                    "title": t,
                    "method": m,
                    "responsible": r,
                    "period": p,
                    "suggestion": None,
                    "source": "test",
                }
                for c, n, t, m, r, p in measures
            ],
            objects=("method", "responsible", "period", "suggestion"),
        )
        # Measure 3 of A0001 is inserted before measure 1: covered_by must still be sorted.
        insert_rows(
            w,
            batch,
            "core.measure_indicators",
            [
                {"org_code": c, "fiscal_year": Y, "measure_no": n, "indicator": i}
                for c, n, i in sorted(targets, key=lambda t: (t[0], -t[1], t[2]))
            ],
        )
        insert_rows(
            w,
            batch,
            "core.measure_reports",
            [
                {
                    "org_code": c,
                    "fiscal_year": Y,
                    "measure_no": n,
                    "round": rnd,
                    "report_date": d,
                    "outcome": o,
                    "status_code": s,
                }
                for c, n, rnd, d, o, s in reports
            ],
            objects=("outcome",),
        )
        w.set_meta("dataset_kind", "imported")
        score_store.refresh(w)
    return path


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    return build_database(tmp_path_factory.mktemp("gaps") / "gaps.duckdb")


@pytest.fixture(scope="module")
def reader(built):
    with reading(built) as r:
        yield r


def by_indicator(frame: pd.DataFrame) -> dict[int, dict]:
    return {int(r["indicator"]): r for r in frame.to_dict("records")}


def group(reader, org_code=None, *, year=Y, province=None, district=None, org_type=None):
    return reader.query(
        "weak_points",
        year=year,
        org_code=org_code,
        province=province,
        district=district,
        org_type=org_type,
    )


# --- weak points and what they pay ------------------------------------------------------------


def test_payoff_for_indicators_of_different_weights(reader):
    rows = by_indicator(gaps.weak_points(reader, "A0001", Y))
    assert sorted(rows) == list(range(1, 11))  # every indicator of 2566, weak or not
    expected = {
        # indicator: (weight, score, gain_to_pass, gain_to_excellent)
        # 9 (OIT 0.40 / 2 = 0.20) at 70.00: (85-70)*0.2 = 3.00; (95-70)*0.2 = 5.00
        9: (0.20, 70.00, 3.00, 5.00),
        # 2 (IIT 0.30 / 5 = 0.06) at 80.50: 4.50*0.06 = 0.27; 14.50*0.06 = 0.87
        2: (0.06, 80.50, 0.27, 0.87),
        # 7 (EIT 0.30 / 3 = 0.10) at 84.99: 0.01*0.1 = 0.001 -> 0.00; 10.01*0.1 = 1.001 -> 1.00
        7: (0.10, 84.99, 0.00, 1.00),
        # 1 at 96.00: above both marks -> 0.00 and 0.00
        1: (0.06, 96.00, 0.00, 0.00),
        # 10 at 90.00: 0 to 85; (95-90)*0.2 = 1.00
        10: (0.20, 90.00, 0.00, 1.00),
    }
    for ind, (weight, score, to_pass, to_excellent) in expected.items():
        row = rows[ind]
        assert row["weight"] == pytest.approx(weight), ind
        assert float(row["score"]) == pytest.approx(score), ind
        assert float(row["gain_to_pass"]) == pytest.approx(to_pass, abs=1e-9), ind
        assert float(row["gain_to_excellent"]) == pytest.approx(to_excellent, abs=1e-9), ind
        assert float(row["pass_threshold"]) == 85 and float(row["excellent"]) == 95
    # 2, 7 and 9 are under 85; 1 is 96; every other indicator is 90; A0001 is alone in its peer
    # group (its own median) and scored the same in 2565 (no drop).
    assert {i for i, r in rows.items() if r["is_weak"]} == {2, 7, 9}
    assert {i for i, r in rows.items() if r["below_threshold"]} == {2, 7, 9}
    assert not any(r["below_peers"] or r["dropped"] for r in rows.values())
    assert rows[9]["peer_median"] == pytest.approx(70.0) and rows[9]["n_peers"] == 1
    assert rows[9]["change"] == pytest.approx(0.0)
    assert rows[9]["indicator_name_th"] == "การเปิดเผยข้อมูล"
    assert rows[9]["fiscal_year"] == 2566


def test_gains_round_half_up(reader):
    rows = by_indicator(gaps.weak_points(reader, "G0001", Y))
    # 6 (weight 0.10) at 84.85: (85 - 84.85) * 0.1 = 0.015 -> 0.02;
    #   (95 - 84.85) * 0.1 = 1.015 -> 1.02
    # 4 (weight 0.06) at 80.25: (85 - 80.25) * 0.06 = 0.285 -> 0.29;
    #   (95 - 80.25) * 0.06 = 0.885 -> 0.89
    assert float(rows[6]["gain_to_pass"]) == pytest.approx(0.02, abs=1e-9)
    assert float(rows[6]["gain_to_excellent"]) == pytest.approx(1.02, abs=1e-9)
    assert float(rows[4]["gain_to_pass"]) == pytest.approx(0.29, abs=1e-9)
    assert float(rows[4]["gain_to_excellent"]) == pytest.approx(0.89, abs=1e-9)
    assert gaps.weak_points_csv(gaps.analyse(reader, "G0001", Y)) == (
        "indicator,indicator_name_th,score,weight,gain_to_85,gain_to_95,covered_by\n"
        "4,การใช้ทรัพย์สินของราชการ,80.25,0.06,0.29,0.89,\n"
        "6,คุณภาพการดำเนินงาน,84.85,0.1,0.02,1.02,\n"
    )


def test_weights_of_a_year_sum_to_one(reader):
    # 5 * 0.06 + 3 * 0.10 + 2 * 0.20 = 0.30 + 0.30 + 0.40 = 1
    weights = gaps.weak_points(reader, "A0001", Y)["weight"]
    assert weights.sum() == pytest.approx(1.0)


def test_covered_by_lists_measure_numbers_in_ascending_order(reader):
    rows = by_indicator(gaps.weak_points(reader, "A0001", Y))
    # measures of 2567: 1 -> [9], 2 -> [7], 3 -> [1, 9]
    assert list(rows[9]["covered_by"]) == [1, 3]
    assert list(rows[7]["covered_by"]) == [2]
    assert list(rows[2]["covered_by"]) == []
    assert list(rows[1]["covered_by"]) == [3]  # covered, though not weak
    # n_covering counts them (what the group view's per-organisation counts read)
    assert {n: rows[n]["n_covering"] for n in (9, 7, 2, 1)} == {9: 2, 7: 1, 2: 0, 1: 1}


def test_peer_median_is_of_the_same_type_and_province_only(reader):
    rows = by_indicator(gaps.weak_points(reader, "B0001", Y))
    three = rows[3]
    # Peers on indicator 3 in 2566: อบต. of จังหวัดหนึ่ง = B0001 86, C0001 90, C0002 92 and
    # F0001 94 (an อบต. in 2566 although a ทต. today): median (90 + 92) / 2 = 91.00, 4 peers.
    # B0001: 86 <= 91 - 5 = 86 -> weak, exactly 5 under.
    # Wrongly adding D0001 (ทม., 50) or E0001 (another province, 50): median of
    # {50, 86, 90, 92, 94} = 90 -> 86 <= 85 is false. Wrongly dropping F0001 (today's type):
    # median of {86, 90, 92} = 90 -> not weak either.
    assert float(three["peer_median"]) == pytest.approx(91.0)
    assert three["n_peers"] == 4
    assert three["below_peers"] and three["is_weak"]
    assert not three["below_threshold"] and not three["dropped"]
    # Indicator 8: 80 under 85, and 80 <= median {80, 90, 90, 90} = 90 - 5.
    assert rows[8]["below_threshold"] and rows[8]["below_peers"]
    assert float(rows[8]["peer_median"]) == pytest.approx(90.0)
    assert {i for i, r in rows.items() if r["is_weak"]} == {3, 8}
    # No 2565 scores for B0001: nothing can have dropped.
    assert rows[3]["previous_score"] is None or pd.isna(rows[3]["previous_score"])


def test_peer_median_of_the_other_groups(reader):
    frame = group(reader, province="P1")
    three = {r["org_code"]: r for r in frame.to_dict("records") if r["indicator"] == 3}
    # F0001 was an อบต. in 2566: it shares the median of B0001's group, 91.00.
    assert float(three["F0001"]["peer_median"]) == pytest.approx(91.0)
    # D0001 is the only ทม. of จังหวัดหนึ่ง: its own median; weak only by the pass mark.
    assert float(three["D0001"]["peer_median"]) == pytest.approx(50.0)
    assert three["D0001"]["n_peers"] == 1
    assert three["D0001"]["below_threshold"] and not three["D0001"]["below_peers"]
    assert "E0001" not in three  # another province


def test_drop_of_exactly_five_is_weak_and_of_4_99_is_not(reader):
    rows = by_indicator(gaps.weak_points(reader, "C0001", Y))
    # Indicator 6: 95.00 in 2565 -> 90.00 in 2566, a drop of 5.00: weak.
    assert float(rows[6]["previous_score"]) == pytest.approx(95.0)
    assert float(rows[6]["change"]) == pytest.approx(-5.0)
    assert rows[6]["dropped"] and rows[6]["is_weak"]
    assert not rows[6]["below_threshold"] and not rows[6]["below_peers"]
    # Indicator 7: 94.99 -> 90.00, a drop of 4.99: not weak.
    assert float(rows[7]["change"]) == pytest.approx(-4.99)
    assert not rows[7]["dropped"] and not rows[7]["is_weak"]
    assert {i for i, r in rows.items() if r["is_weak"]} == {6}


def test_group_scope_by_district(reader):
    frame = group(reader, province="P1", district=D1)
    # Organisations of อำเภอหนึ่ง: B0001, C0001 and D0001.
    assert set(frame["org_code"]) == {"B0001", "C0001", "D0001"}
    weak = frame.loc[frame["is_weak"]]
    assert sorted(zip(weak["org_code"], weak["indicator"], strict=True)) == [
        ("B0001", 3),
        ("B0001", 8),
        ("C0001", 6),
        ("D0001", 3),
    ]


def test_group_scope_by_type_uses_the_type_of_the_prior_year(reader):
    frame = group(reader, province="P1", org_type="SAO")
    # อบต. of จังหวัดหนึ่ง in 2566: B0001, C0001, C0002 and F0001 (a ทต. only later).
    assert set(frame["org_code"]) == {"B0001", "C0001", "C0002", "F0001"}


def test_weak_points_of_a_year_without_scores_are_empty(reader):
    # Y = 2570: nothing was scored in 2569.
    assert gaps.weak_points(reader, "A0001", 2570).empty


# --- tools -------------------------------------------------------------------------------------


def test_tools_under_the_pass_mark_block_good_from_2566(reader):
    analysis = gaps.analyse(reader, "A0001", Y, today=date(2024, 5, 1))
    tools = {r["tool"]: r for r in analysis.tools.to_dict("records")}
    # 2566: IIT = (96 + 80.5 + 90*3) / 5 = 446.5 / 5 = 89.30; EIT = (90 + 84.99 + 90) / 3
    # = 264.99 / 3 = 88.33; OIT = (70 + 90) / 2 = 80.00 -> only OIT under 85.
    assert float(tools["IIT"]["score"]) == pytest.approx(89.30)
    assert float(tools["EIT"]["score"]) == pytest.approx(88.33)
    assert float(tools["OIT"]["score"]) == pytest.approx(80.00)
    assert list(analysis.weak_tools["tool"]) == ["OIT"]
    oit = tools["OIT"]
    # PASS5 (2566) requires every tool to reach 85 for ผ่านดี: OIT blocks it.
    assert oit["blocks_good"]
    # (85 - 80) * 0.40 = 2.00 points of total
    assert float(oit["gain_to_pass"]) == pytest.approx(2.00)
    assert not tools["IIT"]["blocks_good"] and not tools["EIT"]["blocks_good"]


def test_tools_under_the_pass_mark_in_2565_do_not_block(reader):
    # Y = 2566: the analysis is of 2565 (AA-F, no per-tool rule); A0001 scored the same.
    analysis = gaps.analyse(reader, "A0001", 2566, today=date(2023, 5, 1))
    weak = analysis.weak_tools
    assert list(weak["tool"]) == ["OIT"]
    assert weak.iloc[0]["fiscal_year"] == 2565
    assert not weak.iloc[0]["blocks_good"]
    assert float(weak.iloc[0]["gain_to_pass"]) == pytest.approx(2.00)


# --- coverage --------------------------------------------------------------------------------


def test_coverage_two_weak_indicators_one_covered(reader):
    analysis = gaps.analyse(reader, "B0001", Y, today=date(2024, 5, 1))
    # Weak in 2566: 3 (under the peer median) and 8 (under 85); 8 is targeted by measures 1 and
    # 3 of 2567, nothing targets 3.
    assert sorted(analysis.weak["indicator"]) == [3, 8]
    assert list(analysis.uncovered["indicator"]) == [3]
    covered = by_indicator(analysis.weak)
    assert list(covered[8]["covered_by"]) == [1, 3]
    # Measure 2 targets indicator 1 (not weak), measure 4 targets nothing.
    assert list(analysis.untargeted_measures["measure_no"]) == [2, 4]


def test_no_measures_means_every_weak_point_is_uncovered(reader):
    analysis = gaps.analyse(reader, "D0001", Y, today=date(2024, 5, 1))
    assert analysis.measures.empty
    assert list(analysis.uncovered["indicator"]) == [3]
    assert analysis.untargeted_measures.empty


# --- execution -------------------------------------------------------------------------------


def _flags(analysis) -> dict[int, tuple[bool, bool, bool, bool]]:
    return {
        int(r.measure_no): (
            bool(r.no_outcome),
            bool(r.no_6m_report),
            bool(r.not_completed),
            bool(r.has_gap),
        )
        for r in analysis.measures.itertuples()
    }


def test_execution_gaps_after_the_fiscal_year(reader):
    # Fiscal year 2567 ends on 30 September 2024 (CE); 1 October 2024 is after it.
    analysis = gaps.analyse(reader, "B0001", Y, today=date(2024, 10, 1))
    # (no_outcome, no_6m_report, not_completed, has_gap)
    assert _flags(analysis) == {
        1: (False, False, False, False),  # outcome, 6-month report, done at 12 months
        2: (False, False, True, True),  # still in progress when the year ended
        3: (False, True, False, True),  # done, but no 6-month report
        4: (True, False, True, True),  # no outcome, not started
    }
    measures = analysis.measures.set_index("measure_no")
    assert measures.loc[1, "status"] == "done" and measures.loc[1, "report_round"] == 12
    assert measures.loc[1, "outcome"] == "จัดเวทีประชาคมแล้ว 2 ครั้ง"
    assert list(measures["is_done"]) == [True, False, True, False]
    assert list(measures["has_12m_report"]) == [True, False, True, False]
    assert measures.loc[1, "status_6m"] == "in_progress" and measures.loc[1, "status_12m"] == "done"
    assert bool(measures["fiscal_year_ended"].all())


def test_execution_gaps_inside_the_fiscal_year(reader):
    # 30 September 2024 is the last day of fiscal year 2567: nothing is late yet.
    analysis = gaps.analyse(reader, "B0001", Y, today=date(2024, 9, 30))
    assert _flags(analysis) == {
        1: (False, False, False, False),
        2: (False, False, False, False),  # the same measure, not flagged inside the year
        3: (False, True, False, True),
        4: (True, False, False, True),
    }
    assert not analysis.measures["fiscal_year_ended"].any()


def test_fiscal_year_end():
    # 2567 BE - 543 = 2024 CE
    assert gaps.fiscal_year_end(2567) == date(2024, 9, 30)


# --- effect ------------------------------------------------------------------------------------


def test_indicator_change_of_one_organisation(reader):
    change = by_indicator(gaps.analyse(reader, "B0001", Y, today=date(2024, 5, 1)).change)
    assert sorted(change) == list(range(1, 11))
    # 8: 80 -> 84 = +4, targeted by measures 1 and 3
    assert float(change[8]["change"]) == pytest.approx(4.0)
    assert change[8]["had_measure"] and list(change[8]["measures"]) == [1, 3]
    # 1: 90 -> 90, targeted by measure 2
    assert change[1]["had_measure"] and float(change[1]["change"]) == 0
    # 3: 86 -> 90 = +4, no measure; 9: 90 -> 75 = -15; 2: 90 -> 84 = -6
    assert not change[3]["had_measure"] and float(change[3]["change"]) == pytest.approx(4.0)
    assert float(change[9]["change"]) == pytest.approx(-15.0)
    assert float(change[2]["change"]) == pytest.approx(-6.0)
    assert list(change[3]["measures"]) == []


def _effect(reader, **area) -> dict[tuple[int, bool], dict]:
    params = {"province": None, "district": None, "org_type": None} | area
    frame = reader.query("measure_effect", year=Y, **params)
    return {(int(r["indicator"]), bool(r["with_measure"])): r for r in frame.to_dict("records")}


def test_measure_effect_in_a_district(reader):
    effect = _effect(reader, province="P1", district=D1)
    # อำเภอหนึ่ง scored in 2566 and 2567: B0001, C0001, D0001.
    # Indicator 8: B0001 80 -> 84 (+4, measures 1 and 3), C0001 90 -> 96 (+6, measure 1),
    # D0001 90 -> 91 (+1, no measure).
    # with a measure: n = 2, mean (4 + 6) / 2 = 5.00, median 5.00, mean before (80+90)/2 = 85
    # without: n = 1, mean 1.00, before 90.00
    with_, without = effect[(8, True)], effect[(8, False)]
    assert with_["n_organisations"] == 2
    assert with_["mean_change"] == pytest.approx(5.0)
    assert with_["median_change"] == pytest.approx(5.0)
    assert with_["mean_before"] == pytest.approx(85.0)
    assert without["n_organisations"] == 1
    assert without["mean_change"] == pytest.approx(1.0)
    assert without["mean_before"] == pytest.approx(90.0)
    assert with_["mean_change"] > without["mean_change"]
    assert with_["indicator_name_th"] == "การปรับปรุงระบบการทำงาน"
    # Indicator 3: no measure anywhere; B0001 86 -> 90 (+4), C0001 90 -> 90, D0001 50 -> 50:
    # n = 3, mean 4 / 3.
    assert (3, True) not in effect
    assert effect[(3, False)]["n_organisations"] == 3
    assert effect[(3, False)]["mean_change"] == pytest.approx(4 / 3)
    # Indicator 6: C0001 has a measure (90 -> 90); B0001 and D0001 do not (90 -> 90).
    assert effect[(6, True)]["n_organisations"] == 1
    assert effect[(6, False)]["n_organisations"] == 2


def test_measure_effect_in_the_province(reader):
    effect = _effect(reader, province="P1")
    # The province adds C0002 (อำเภอสอง): indicator 8 90 -> 70 (-20), no measure.
    # without: D0001 +1 and C0002 -20 -> n = 2, mean -19 / 2 = -9.50
    assert effect[(8, True)]["n_organisations"] == 2
    assert effect[(8, True)]["mean_change"] == pytest.approx(5.0)
    assert effect[(8, False)]["n_organisations"] == 2
    assert effect[(8, False)]["mean_change"] == pytest.approx(-9.5)


# --- CSV ---------------------------------------------------------------------------------------


def test_weak_points_csv(reader):
    analysis = gaps.analyse(reader, "A0001", Y, today=date(2024, 5, 1))
    assert gaps.weak_points_csv(analysis) == (
        "indicator,indicator_name_th,score,weight,gain_to_85,gain_to_95,covered_by\n"
        "2,การใช้งบประมาณ,80.50,0.06,0.27,0.87,\n"
        "7,ประสิทธิภาพการสื่อสาร,84.99,0.1,0.00,1.00,2\n"
        "9,การเปิดเผยข้อมูล,70.00,0.2,3.00,5.00,1;3\n"
    )


def test_weight_text():
    assert [gaps.weight_text(w) for w in (0.2, 0.06, 0.1, 0.3 / 5, 0.4 / 2)] == [
        "0.2",
        "0.06",
        "0.1",
        "0.06",
        "0.2",
    ]


def test_reasons_name_every_rule(reader):
    rows = gaps.weak_points(reader, "B0001", Y).set_index("indicator", drop=False)
    three = next(rows.loc[[3]].itertuples())
    assert gaps.reasons(three) == "ต่ำกว่ามัธยฐานกลุ่ม (91.00) ≥ 5"
    assert gaps.reasons(three, "en") == "≥ 5 under the peer median (91.00)"
    c1 = gaps.weak_points(reader, "C0001", Y).set_index("indicator", drop=False)
    six = next(c1.loc[[6]].itertuples())
    assert gaps.reasons(six, "en") == "dropped 5.00 from the year before"


# --- a group -------------------------------------------------------------------------------


def test_group_summary_counts(reader):
    summary = gaps.group_summary(reader, Y, province="P1", district=D1, org_type=None)
    # B0001: weak 3 and 8, 3 uncovered; 4 measures, done 1 and 3 -> 2 unfinished;
    #   measure 4 has no outcome; measure 3 no 6-month report.
    # D0001: weak 3 (50 < 85), no measure -> 1 uncovered; no measures.
    # C0001: weak 6 (dropped 5.00), covered by its measure 1 (done).
    # Order: most uncovered first, then most unfinished: B0001 (1, 2), D0001 (1, 0), C0001.
    got = summary[
        [
            "org_code",
            "org_name",
            "n_weak",
            "n_uncovered",
            "n_measures",
            "n_unfinished",
            "n_no_outcome",
            "n_no_6m_report",
        ]
    ].values.tolist()
    assert got == [
        ["B0001", "อบต.ทดสอบบี", 2, 1, 4, 2, 1, 1],
        ["D0001", "ทม.ทดสอบดี", 1, 1, 0, 0, 0, 0],
        ["C0001", "อบต.ทดสอบซีหนึ่ง", 1, 0, 1, 0, 0, 0],
    ]


def test_group_summary_of_a_type(reader):
    summary = gaps.group_summary(reader, Y, province="P1", district=None, org_type="SAO")
    # อบต. of จังหวัดหนึ่ง in 2567: B0001, C0001, C0002 (F0001 is a ทต. in 2567 and has no
    # measures or scores of 2567, but was assessed in 2566 as an อบต.: group_measures uses the
    # type of 2567, so it is left out).
    counts = summary.set_index("org_code")[["n_weak", "n_uncovered", "n_unfinished"]]
    assert counts.to_dict("index") == {
        "B0001": {"n_weak": 2, "n_uncovered": 1, "n_unfinished": 2},
        "C0001": {"n_weak": 1, "n_uncovered": 0, "n_unfinished": 0},
        "C0002": {"n_weak": 0, "n_uncovered": 0, "n_unfinished": 0},
    }


def test_group_summary_of_a_type_counts_the_weak_points_of_an_upgraded_organisation(reader):
    """A type filter picks the organisations of that type in Y; their weak points of Y-1 count
    whatever their type was in Y-1. F0001 was an อบต. (SAO) in 2566 and is a ทต. in 2567."""
    summary = gaps.group_summary(reader, Y, province="P1", district=None, org_type="SUBDISTRICT")
    own = gaps.weak_points(reader, "F0001", Y)
    assert int(own["is_weak"].sum()) >= 1  # indicator 5: 70.00 in 2566
    row = summary.set_index("org_code").loc["F0001"]
    assert int(row["n_weak"]) == int(own["is_weak"].sum())
    assert int(row["n_uncovered"]) == int(
        (own["is_weak"] & (own["covered_by"].map(len) == 0)).sum()
    )
