"""AppTest of the analysis and planning page (วิเคราะห์และวางแผน) on a copy of the hand-built
database of tests/test_gaps.py, and a smoke test on the demo database.

Expected values are worked out by hand (see tests/test_gaps.py for the data). The page's
"today" is the real date, long after fiscal year 2567 ended (30 September 2024), so unfinished
measures of 2567 count as not completed.

Editing cells: AppTest does not type into st.data_editor, but a keyed editor takes its edit
state (edited_rows, added_rows, deleted_rows) from session state before a run; the tests seed
it that way, then click the page's save buttons.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from streamlit.testing.v1 import AppTest
from support import fetch, live_copy, open_app
from test_gaps import build_database

PAGE = "app_pages/analysis.py"

B_LABEL = "B0001 · อบต.ทดสอบบี (อำเภอหนึ่ง, จังหวัดหนึ่ง)"
A_LABEL = "A0001 · อบจ.ทดสอบเอ (อำเภอสาม, จังหวัดสาม)"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    return build_database(tmp_path_factory.mktemp("app-analysis") / "gaps.duckdb")


@pytest.fixture
def live_db(built, tmp_path, monkeypatch, clear_streamlit_caches) -> Path:
    return live_copy(built, tmp_path, monkeypatch)


def open_page(**params: str) -> AppTest:
    at = open_app(PAGE, **params)
    assert at.title[0].value == "วิเคราะห์ผลและวางแผนมาตรการ"
    return at


def metric(at: AppTest, label: str) -> str:
    for m in at.metric:
        if m.label == label:
            return m.value
    raise AssertionError(f"no metric {label!r} in {[m.label for m in at.metric]}")


def editor(at: AppTest, key: str):
    found = [d for d in at.data_editor if d.key == key]
    assert found, [d.key for d in at.data_editor]
    return found[0]


# --- one organisation ------------------------------------------------------------------------


def test_staff_view_of_one_organisation(live_db):
    at = open_page(year="2567", org=B_LABEL)
    assert at.selectbox(key="year").value == 2567
    assert at.selectbox(key="org").value == "B0001"
    assert any(h.value == B_LABEL for h in at.subheader)
    # The rules are stated on the page.
    assert any("ต่ำกว่าเกณฑ์ผ่าน (85)" in c.value and "มัธยฐาน" in c.value for c in at.caption)

    weak = at.dataframe[0].value.reset_index(drop=True)
    # 3 at 86.00 (weight 6 %): 0.00 to 85, (95 - 86) * 0.06 = 0.54, no measure, peer rule;
    # 8 at 80.00 (weight 10 %): 5 * 0.1 = 0.50, 15 * 0.1 = 1.50, measures 1 and 3.
    assert weak["indicator"].tolist() == [3, 8]
    assert weak["indicator_name_th"].tolist() == ["การใช้อำนาจ", "การปรับปรุงระบบการทำงาน"]
    assert weak["score"].tolist() == pytest.approx([86.0, 80.0])
    assert weak["weight_pct"].tolist() == pytest.approx([6.0, 10.0])
    assert weak["gain_to_pass"].tolist() == pytest.approx([0.0, 0.5])
    assert weak["gain_to_excellent"].tolist() == pytest.approx([0.54, 1.5])
    assert weak["covered"].tolist() == ["—", "1, 3"]
    assert weak["why"].tolist() == [
        "ต่ำกว่ามัธยฐานกลุ่ม (91.00) ≥ 5",
        "ต่ำกว่าเกณฑ์ 85; ต่ำกว่ามัธยฐานกลุ่ม (90.00) ≥ 5",
    ]
    # Coverage: indicator 3 is uncovered (8 is covered); measures 2 and 4 answer no weak point.
    uncovered = [e.value for e in at.error if e.value.startswith("จุดอ่อนที่ยังไม่มีมาตรการรองรับ")]
    assert uncovered == ["จุดอ่อนที่ยังไม่มีมาตรการรองรับ: 3. การใช้อำนาจ"]
    assert [w.value for w in at.warning if w.value.startswith("มาตรการที่ไม่ได้มุ่งแก้")] == [
        "มาตรการที่ไม่ได้มุ่งแก้จุดอ่อนใด: 2. มาตรการลดขั้นตอนการให้บริการ, 4. มาตรการอบรมบุคลากร"
    ]
    # No tool of B0001 was under 85 in 2566 (IIT 89.20, EIT 86.67, OIT 90.00).
    assert not [w for w in at.warning if w.value.startswith("เครื่องมือที่ต่ำกว่าเกณฑ์")]
    # Execution: 4 measures, 2 done (1 and 3), gaps in 2 (late), 3 (no 6-month report) and
    # 4 (no outcome, late).
    assert any(c.value.startswith("มาตรการ 4 รายการ แล้วเสร็จ 2 มีช่องว่าง 3") for c in at.caption)
    progress = editor(at, "progress-B0001-2567-6").value
    assert progress["measure_no"].tolist() == [1, 2, 3, 4]
    assert progress["status_code"].fillna("").tolist() == [
        "in_progress",
        "in_progress",
        "",
        "not_started",
    ]
    assert progress["no_outcome"].tolist() == [False, False, False, True]
    assert progress["no_6m_report"].tolist() == [False, False, True, False]
    assert progress["not_completed"].tolist() == [False, True, False, True]
    # The plan for 2568: the draft (weak points of 2567 by payoff: 9, 8, 2; then measures 2 and
    # 4 carried over).
    assert any(c.value.startswith("ร่างอัตโนมัติ") for c in at.caption)
    plan = editor(at, "plan-B0001-2567").value
    assert plan["title"].tolist() == [
        "มาตรการเผยแพร่ข้อมูลสาธารณะบนเว็บไซต์ให้ครบถ้วน",
        "มาตรการปรับปรุงระบบการทำงานด้วยเทคโนโลยี",
        "มาตรการเปิดเผยข้อมูลการใช้จ่ายงบประมาณ",
        "มาตรการลดขั้นตอนการให้บริการ",
        "มาตรการอบรมบุคลากร",
    ]
    assert plan["indicators"].tolist() == ["9", "8", "2", "1", ""]
    assert plan["origin"].tolist() == ["weak_point"] * 3 + ["carried_over"] * 2
    # Effect: the organisation's change chart, and the area's effect chart.
    assert len(at.get("plotly_chart")) == 3  # gains, indicator change, effect in the area


def test_weak_tools_are_named(live_db):
    at = open_page(year="2567", org=A_LABEL)
    # A0001's OIT of 2566: (70 + 90) / 2 = 80.00.
    assert [w.value for w in at.warning if w.value.startswith("เครื่องมือที่ต่ำกว่าเกณฑ์")] == [
        "เครื่องมือที่ต่ำกว่าเกณฑ์: OIT 80.00"
    ]
    weak = at.dataframe[0].value
    assert weak["indicator"].tolist() == [2, 7, 9]
    assert weak["covered"].tolist() == ["—", "2", "1, 3"]
    assert [e.value for e in at.error] == ["จุดอ่อนที่ยังไม่มีมาตรการรองรับ: 2. การใช้งบประมาณ"]


def test_round_12_shows_the_12_month_reports(live_db):
    at = open_page(year="2567", org=B_LABEL)
    at.segmented_control(key="analysis_round").set_value(12).run()
    assert not at.exception
    reports = editor(at, "progress-B0001-2567-12").value
    # 12-month reports: measure 1 done (20 Sep 2024), measure 3 done (25 Sep 2024).
    assert reports["status_code"].fillna("").tolist() == ["done", "", "done", ""]
    assert reports["outcome"].fillna("").tolist() == [
        "จัดเวทีประชาคมแล้ว 2 ครั้ง",
        "",
        "แล้วเสร็จ",
        "",
    ]


# --- saving from the page ---------------------------------------------------------------------


def test_saving_unchanged_progress_stores_nothing(live_db):
    at = open_page(year="2567", org=B_LABEL)
    at.button(key="save_progress").click().run()
    assert not at.exception
    assert not [e for e in at.error if "สถานะ" in e.value]
    assert [s.value for s in at.success] == ["ไม่มีการเปลี่ยนแปลง"]
    assert fetch(live_db, "select count(*) from core.import_batches") == [(1,)]


def test_progress_report_saved_through_the_page(live_db):
    at = open_page(year="2567", org=B_LABEL)
    # Row 2 is measure 3, which had no 6-month report; row 3 is measure 4 (no outcome yet).
    at.session_state["progress-B0001-2567-6"] = {
        "edited_rows": {
            2: {
                "status_code": "in_progress",
                "outcome": "เริ่มตรวจสอบแล้ว",
                "report_date": "2024-04-02",
            },
            3: {"outcome": "อบรมแล้ว 1 รุ่น"},
        },
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    at.button(key="save_progress").click().run()
    assert not at.exception
    assert [s.value for s in at.success] == ["บันทึกแล้ว (ชุดที่ 2 ยกเลิกได้ที่หน้านำเข้าข้อมูล)"]
    assert fetch(live_db, "select batch_id, kind, row_count from core.import_batches") == [
        (1, "scores", 0),
        (2, "app", 2),
    ]
    stored = fetch(
        live_db,
        "select measure_no, report_date, outcome, status_code, batch_id from core.measure_reports "
        "where org_code = 'B0001' and round = 6 order by measure_no",
    )
    assert stored == [
        (1, date(2024, 3, 31), "ดำเนินการไปแล้วครึ่งหนึ่ง", "in_progress", 1),
        (2, date(2024, 3, 31), "อยู่ระหว่างปรับปรุงขั้นตอน", "in_progress", 1),
        (3, date(2024, 4, 2), "เริ่มตรวจสอบแล้ว", "in_progress", 2),
        (4, date(2024, 3, 31), "อบรมแล้ว 1 รุ่น", "not_started", 2),
    ]
    # The next run reads the new reports: measure 3 now has its 6-month report and measure 4
    # an outcome; gaps are left in measures 2 and 4 only, both unfinished when the year ended.
    at.run()
    assert not at.exception
    assert any(c.value.startswith("มาตรการ 4 รายการ แล้วเสร็จ 2 มีช่องว่าง 2") for c in at.caption)


def test_plan_saved_through_the_page(live_db):
    at = open_page(year="2567", org=B_LABEL)
    at.session_state["plan-B0001-2567"] = {
        "edited_rows": {0: {"title": "มาตรการเผยแพร่ข้อมูล (แก้ไขแล้ว)"}},
        "added_rows": [{"title": "มาตรการใหม่", "indicators": "5; 3"}],
        "deleted_rows": [4],
    }
    at.run()
    at.button(key="save_plan").click().run()
    assert not at.exception
    assert [s.value for s in at.success] == ["บันทึกแล้ว (ชุดที่ 2 ยกเลิกได้ที่หน้านำเข้าข้อมูล)"]
    stored = fetch(
        live_db,
        "select item_no, title, indicators, origin, method is null from core.plan_items "
        "where org_code = 'B0001' and fiscal_year = 2568 order by item_no",
    )
    assert stored == [
        (1, "มาตรการเผยแพร่ข้อมูล (แก้ไขแล้ว)", [9], "weak_point", False),
        (2, "มาตรการปรับปรุงระบบการทำงานด้วยเทคโนโลยี", [8], "weak_point", False),
        (3, "มาตรการเปิดเผยข้อมูลการใช้จ่ายงบประมาณ", [2], "weak_point", False),
        (4, "มาตรการลดขั้นตอนการให้บริการ", [1], "carried_over", False),
        (5, "มาตรการใหม่", [3, 5], "added", True),
    ]
    assert fetch(live_db, "select kind from core.import_batches where batch_id = 2") == [("app",)]
    # Reopened, the page shows the saved plan instead of the draft.
    at = open_page(year="2567", org=B_LABEL)
    assert any(c.value == "แผนที่บันทึกไว้ (ใช้แทนร่างอัตโนมัติ)" for c in at.caption)
    assert editor(at, "plan-B0001-2567").value["title"].tolist()[-1] == "มาตรการใหม่"


def test_plan_without_a_title_is_refused_on_the_page(live_db):
    at = open_page(year="2567", org=B_LABEL)
    at.session_state["plan-B0001-2567"] = {
        "edited_rows": {},
        "added_rows": [{"indicators": "3"}],
        "deleted_rows": [],
    }
    at.run()
    at.button(key="save_plan").click().run()
    assert not at.exception
    assert any("item 6" in e.value and "ไม่มีชื่อ" in e.value for e in at.error)
    assert fetch(live_db, "select count(*) from core.plan_items") == [(0,)]
    assert fetch(live_db, "select count(*) from core.import_batches") == [(1,)]


# --- supervisors ------------------------------------------------------------------------------


def test_supervisor_view_of_a_district(live_db):
    at = open_page(year="2567", province="จังหวัดหนึ่ง", district="อำเภอหนึ่ง")
    assert at.selectbox(key="org").value is None
    # อำเภอหนึ่ง: B0001 (weak 3 and 8, 3 uncovered; 4 measures, 2 unfinished, 1 without an
    # outcome, 1 without a 6-month report), D0001 (weak 3, uncovered, no measures),
    # C0001 (weak 6, covered by its measure 1, done).
    assert metric(at, "หน่วยงาน") == "3"
    assert metric(at, "มีจุดอ่อนที่ไม่มีมาตรการรองรับ") == "2"
    assert metric(at, "มีมาตรการที่ยังไม่แล้วเสร็จ") == "1"
    table = at.dataframe[0].value
    assert table[
        [
            "org_code",
            "n_weak",
            "n_uncovered",
            "n_measures",
            "n_unfinished",
            "n_no_outcome",
            "n_no_6m_report",
        ]
    ].values.tolist() == [
        ["B0001", 2, 1, 4, 2, 1, 1],
        ["D0001", 1, 1, 0, 0, 0, 0],
        ["C0001", 1, 0, 1, 0, 0, 0],
    ]
    assert table["org_name"].tolist() == ["อบต.ทดสอบบี", "ทม.ทดสอบดี", "อบต.ทดสอบซีหนึ่ง"]
    # Each row links to that organisation's page, keeping the area and the year.
    link = urlparse(table["link"].iloc[0])
    assert link.path == "analysis"
    assert parse_qs(link.query) == {
        "year": ["2567"],
        "province": ["จังหวัดหนึ่ง"],
        "district": ["อำเภอหนึ่ง"],
        "org": [B_LABEL],
    }


def test_supervisor_link_opens_the_organisation(live_db):
    at = open_page(year="2567", province="จังหวัดหนึ่ง", district="อำเภอหนึ่ง")
    query = parse_qs(urlparse(at.dataframe[0].value["link"].iloc[1]).query)
    at = open_page(**{k: v[0] for k, v in query.items()})
    assert at.selectbox(key="org").value == "D0001"
    assert at.dataframe[0].value["indicator"].tolist() == [3]
    assert [e.value for e in at.error] == ["จุดอ่อนที่ยังไม่มีมาตรการรองรับ: 3. การใช้อำนาจ"]
    assert any(i.value == "ยังไม่มีมาตรการของปี 2567" for i in at.info)


def test_supervisor_view_of_the_whole_country(live_db):
    at = open_page(year="2567")
    # Assessed in 2566 or 2567: A0001, B0001, C0001, C0002, D0001, E0001, F0001, G0001.
    # Most uncovered first, then most unfinished, then by name:
    #   G0001 (2 uncovered: 4 and 6), A0001 (1: indicator 2; 3 measures, none done),
    #   B0001 (1; 2 unfinished), then 1 uncovered and nothing unfinished, by name: F0001 ทต.
    #   (indicator 5: 70.00 in 2566, no measure), D0001 ทม., E0001 อบต.;
    #   then none uncovered: C0002 อบต.ทดสอบซีสอง, C0001 อบต.ทดสอบซีหนึ่ง.
    table = at.dataframe[0].value
    assert table["org_code"].tolist() == [
        "G0001",
        "A0001",
        "B0001",
        "F0001",
        "D0001",
        "E0001",
        "C0002",
        "C0001",
    ]
    assert table["n_uncovered"].tolist() == [2, 1, 1, 1, 1, 1, 0, 0]
    assert table["n_unfinished"].tolist() == [0, 3, 2, 0, 0, 0, 0, 0]
    assert metric(at, "หน่วยงาน") == "8"
    assert metric(at, "มีจุดอ่อนที่ไม่มีมาตรการรองรับ") == "6"
    assert metric(at, "มีมาตรการที่ยังไม่แล้วเสร็จ") == "2"


# --- the demo database ------------------------------------------------------------------------


def test_every_answer_on_the_demo_database(demo_db, monkeypatch, clear_streamlit_caches):
    monkeypatch.setenv("ITA_DB", str(demo_db))
    at = open_page()
    summary = at.dataframe[0].value
    assert len(summary) > 0
    code = summary["org_code"].iloc[0]
    at.selectbox(key="org").set_value(code).run()
    assert not at.exception
    headings = [m.value for m in at.markdown if m.value.startswith("#### ")]
    # The five answers, in order (a documents section may follow).
    assert [h[5:7] for h in headings][:5] == ["1.", "2.", "3.", "4.", "5."]
    assert editor(at, f"plan-{code}-{at.selectbox(key='year').value}")
