"""AppTest of the complaints page (เรื่องร้องเรียน) on the demo database.

Expected figures are computed here straight from core.complaints with SQL written in the test,
not through the page's queries. Round 6 is October–March; round 12 is the whole year,
cumulative: the page must never show their sum.
"""

from __future__ import annotations

import base64
import json
from functools import partial
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest
from support import fetch

PAGE = "app_pages/complaints.py"
TITLE = "สถิติเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ"
KPIS = ("เรื่องที่ได้รับ", "ดำเนินการแล้วเสร็จ", "อยู่ระหว่างดำเนินการ", "อัตราแล้วเสร็จ")

# Organisations in scope for a year: assessed that year or holding complaint rows for it.
IN_SCOPE = """
    select o.*
    from (
        select org_code from core.assessments where fiscal_year = $year
        union
        select org_code from core.complaints where fiscal_year = $year
    ) as a
    join core.organisations as o using (org_code)
    where ($province is null or o.province_code = $province)
"""


@pytest.fixture
def app(demo_app):
    return partial(demo_app, PAGE)


def rows(demo_db: Path, text: str, **params) -> list[tuple]:
    return fetch(demo_db, text, params)


def round_sums(demo_db: Path, year: int, province: str | None = None) -> dict[int, tuple]:
    """received, completed, in_progress, n reported, n reported zero per round."""
    found = rows(
        demo_db,
        f"""
        select c.round, sum(c.received), sum(c.completed), sum(c.in_progress), count(*),
               count(*) filter (where c.received = 0)
        from core.complaints as c
        join ({IN_SCOPE}) as s using (org_code)
        where c.fiscal_year = $year
        group by c.round
        """,
        year=year,
        province=province,
    )
    return {r[0]: r[1:] for r in found}


def n_in_scope(demo_db: Path, year: int, province: str | None = None) -> int:
    return rows(demo_db, f"select count(*) from ({IN_SCOPE})", year=year, province=province)[0][0]


def kpis(at: AppTest) -> dict[int, dict[str, str]]:
    """The metrics of the two round boxes: round 6 first, then round 12."""
    values = [(m.label, m.value) for m in at.metric if m.label in KPIS]
    assert len(values) == 8, values
    return {6: dict(values[:4]), 12: dict(values[4:])}


def plotly_values(encoded) -> list:
    """Plotly 7 sends arrays as {'dtype', 'bdata'} (base64); plain lists pass through."""
    if isinstance(encoded, dict):
        return np.frombuffer(base64.b64decode(encoded["bdata"]), dtype=encoded["dtype"]).tolist()
    return list(encoded)


def trend_bars(at: AppTest) -> dict[str, dict[int, float | None]]:
    """Received per year of each bar series of the trend chart, keyed by series name."""
    for chart in at.get("plotly_chart"):
        spec = json.loads(chart.proto.spec)
        bars = [tr for tr in spec["data"] if tr["type"] == "bar"]
        if spec["layout"]["title"]["text"].startswith("เรื่องร้องเรียนรายปี"):
            return {
                b["name"]: {
                    int(x): y
                    for x, y in zip(plotly_values(b["x"]), plotly_values(b["y"]), strict=True)
                }
                for b in bars
            }
    raise AssertionError("no trend chart")


def table_with(at: AppTest, column: str):
    for frame in at.dataframe:
        if column in frame.value.columns:
            return frame.value
    raise AssertionError(f"no table with {column!r}")


def test_renders_latest_year_for_the_whole_country(app, demo_db):
    at = app()
    assert at.title[0].value == TITLE
    year = at.selectbox(key="year").value
    sums = round_sums(demo_db, year)
    shown = kpis(at)
    for r in (6, 12):
        received, completed, in_progress, *_ = sums[r]
        assert shown[r]["เรื่องที่ได้รับ"] == f"{received:,}"
        assert shown[r]["ดำเนินการแล้วเสร็จ"] == f"{completed:,}"
        assert shown[r]["อยู่ระหว่างดำเนินการ"] == f"{in_progress:,}"
        assert shown[r]["อัตราแล้วเสร็จ"] == f"{completed / received * 100:.1f} %"
    # The rounds are never added together, in the numbers or in the chart.
    both = sums[6][0] + sums[12][0]
    assert f"{both:,}" not in [m.value for m in at.metric]
    assert len(at.get("plotly_chart")) == 2
    assert both not in trend_bars(at)["รอบ 12 เดือน (ทั้งปี)"].values()


def test_round_12_of_a_province_in_a_year(app, demo_db):
    at = app(year="2566", province="ตัวอย่างธานี")
    sums = round_sums(demo_db, 2566, "DM2")
    (direct,) = rows(
        demo_db,
        "select sum(received) from core.complaints c join core.organisations o using (org_code) "
        "where o.province_code = 'DM2' and c.fiscal_year = 2566 and c.round = 12",
    )
    assert sums[12][0] == direct[0]
    shown = kpis(at)
    assert shown[12]["เรื่องที่ได้รับ"] == f"{direct[0]:,}"
    assert shown[6]["เรื่องที่ได้รับ"] == f"{sums[6][0]:,}"
    # The trend chart draws each round as its own series with the stored figure of each year.
    bars = trend_bars(at)
    assert bars["รอบ 12 เดือน (ทั้งปี)"][2566] == direct[0]
    assert bars["รอบ 6 เดือน (ต.ค.–มี.ค.)"][2566] == sums[6][0]
    assert direct[0] + sums[6][0] not in bars["รอบ 12 เดือน (ทั้งปี)"].values()


def test_not_reported_is_counted_apart_from_zero(app, demo_db):
    at = app(year="2568", province="จำลองนคร")
    total = n_in_scope(demo_db, 2568, "DM3")
    sums = round_sums(demo_db, 2568, "DM3")
    captions = [c.value for c in at.caption if c.value.startswith("รายงานข้อมูล ")]
    assert len(captions) == 2
    for caption, r in zip(captions, (6, 12), strict=True):
        n_reported, n_zero = sums[r][3], sums[r][4]
        assert caption == (
            f"รายงานข้อมูล {n_reported} จาก {total} หน่วยงาน (ในจำนวนนี้ไม่มีเรื่องร้องเรียน "
            f"{n_zero}) · ไม่รายงานข้อมูล {total - n_reported} หน่วยงาน"
        )
        assert total - n_reported > 0 and n_zero > 0
    # The organisations that reported nothing for some round are listed on their own.
    (missing,) = rows(
        demo_db,
        f"""
        select count(*) from ({IN_SCOPE}) as s
        where (select count(*) from core.complaints c
               where c.org_code = s.org_code and c.fiscal_year = $year) < 2
        """,
        year=2568,
        province="DM3",
    )
    silent = table_with(at, "รอบที่ไม่รายงาน")
    assert len(silent) == missing[0]
    # The table per organisation: one row per organisation in scope, round 12 summed right.
    table = table_with(at, "ได้รับ รอบ 12 เดือน")
    assert len(table) == total
    assert table["ได้รับ รอบ 12 เดือน"].sum() == sums[12][0]
    assert (table["การรายงาน รอบ 12 เดือน"] == "ไม่รายงานข้อมูล").sum() == total - sums[12][3]
    assert (table["การรายงาน รอบ 6 เดือน"] == "รายงาน ไม่มีเรื่องร้องเรียน (0)").sum() == sums[6][4]
    assert table["ได้รับ รอบ 12 เดือน"].isna().sum() == total - sums[12][3]


def label(demo_db: Path, org_code: str, year: int) -> str:
    (row,) = rows(
        demo_db,
        "select org_name, district, province from main.org_year_scores "
        "where org_code = $org and fiscal_year = $year",
        org=org_code,
        year=year,
    )
    return f"{org_code} · {row[0]} ({row[1]}, {row[2]})"


def test_one_organisation_with_zero_received_shows_a_dash(app, demo_db):
    # An organisation that reported 0 complaints in round 6 and some in round 12 of 2568.
    org, received, completed, in_progress = rows(
        demo_db,
        """
        select c12.org_code, c12.received, c12.completed, c12.in_progress
        from core.complaints c6
        join core.complaints c12 on c12.org_code = c6.org_code
            and c12.fiscal_year = c6.fiscal_year and c12.round = 12
        where c6.fiscal_year = 2568 and c6.round = 6 and c6.received = 0 and c12.received > 0
        order by c12.org_code limit 1
        """,
    )[0]
    at = app(year="2568", org=label(demo_db, org, 2568))
    assert at.selectbox(key="org").value == org
    shown = kpis(at)
    assert shown[6] == {
        "เรื่องที่ได้รับ": "0",
        "ดำเนินการแล้วเสร็จ": "0",
        "อยู่ระหว่างดำเนินการ": "0",
        "อัตราแล้วเสร็จ": "—",
    }
    assert shown[12]["เรื่องที่ได้รับ"] == str(received)
    assert shown[12]["ดำเนินการแล้วเสร็จ"] == str(completed)
    assert shown[12]["อยู่ระหว่างดำเนินการ"] == str(in_progress)
    assert shown[12]["อัตราแล้วเสร็จ"] == f"{completed / received * 100:.1f} %"
    assert any(c.value == "รายงาน ไม่มีเรื่องร้องเรียน (0)" for c in at.caption)
    # Its history: every year with complaint data, both rounds, the organisation's own rows.
    (n_years,) = rows(demo_db, "select count(distinct fiscal_year) from core.complaints")[0]
    history = table_with(at, "การรายงาน")
    assert len(history) == 2 * n_years
    by_key = {
        (int(y), r): v
        for y, r, v in zip(history["ปีงบประมาณ"], history["รอบ"], history["ได้รับ"], strict=True)
    }
    assert by_key[(2568, "รอบ 6 เดือน (ต.ค.–มี.ค.)")] == 0
    assert by_key[(2568, "รอบ 12 เดือน (ทั้งปี)")] == received
    bars = trend_bars(at)
    assert bars["รอบ 12 เดือน (ทั้งปี)"][2568] == received


def test_one_organisation_that_reported_nothing(app, demo_db):
    # An organisation assessed in 2568 without any round-12 row for 2568.
    (org,) = rows(
        demo_db,
        """
        select a.org_code from core.assessments a
        where a.fiscal_year = 2568 and not exists (
            select 1 from core.complaints c
            where c.org_code = a.org_code and c.fiscal_year = 2568 and c.round = 12)
        order by a.org_code limit 1
        """,
    )[0]
    at = app(year="2568", org=label(demo_db, org, 2568))
    shown = kpis(at)
    assert shown[12] == {k: "—" for k in KPIS}
    assert [w.value for w in at.warning if w.value == "ไม่รายงานข้อมูล"]


def test_org_options_follow_the_filters(app, demo_db):
    at = app(year="2567", province="ทดลองราษฎร์")
    options = at.selectbox(key="org").options
    assert len(options) == n_in_scope(demo_db, 2567, "DM4")
    assert all(o.endswith("ทดลองราษฎร์)") for o in options)


def test_downloads_are_offered(app):
    at = app(year="2568")
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels.count("ดาวน์โหลดภาพ PNG") == 2
    assert labels.count("ดาวน์โหลด Excel") == 3 and labels.count("ดาวน์โหลด CSV") == 3


def test_english(app):
    at = app(lang="English", year="2568")
    assert at.title[0].value == "Corruption and misconduct complaint statistics"
    assert any(m.label == "Completion rate" for m in at.metric)
