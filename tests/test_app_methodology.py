"""AppTest of the methodology page (วิธีการประเมิน) on the demo database: the rules shown are the
ones the database holds (checked against core.method_* with SQL written here)."""

from __future__ import annotations

from functools import partial

import pytest
from streamlit.testing.v1 import AppTest
from support import fetch

PAGE = "app_pages/methodology.py"
PASS5_TH = ["ผ่านดีเยี่ยม", "ผ่านดี", "ผ่าน", "ต้องปรับปรุง", "ต้องปรับปรุงโดยด่วน"]


@pytest.fixture
def app(demo_app):
    return partial(demo_app, PAGE)


def table_with(at: AppTest, column: str, first: str | None = None):
    """The first table with that column (and, if given, that value in its first row)."""
    for frame in at.dataframe:
        value = frame.value
        if column in value.columns and (first is None or value[column].iloc[0] == first):
            return value
    raise AssertionError(
        f"no table with {column!r} in {[list(f.value.columns) for f in at.dataframe]}"
    )


def markdown(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_2568_indicators_weights_and_levels(app, demo_db):
    at = app(method_year="2568")
    assert at.title[0].value == "วิธีการประเมิน ITA"
    assert at.segmented_control(key="method_year").value == 2568
    indicators = table_with(at, "ตัวชี้วัดที่")
    assert len(indicators) == 10
    assert indicators["ตัวชี้วัดที่"].tolist() == list(range(1, 11))
    weights = [round(w, 4) for w in indicators["น้ำหนักในคะแนนรวม"]]
    assert weights == [0.06] * 5 + [0.1] * 3 + [0.2] * 2
    assert sum(weights) == pytest.approx(1.0)
    names = dict(fetch(demo_db, "select indicator, name_th from core.method_indicators "
                               "where fiscal_year = 2568"))  # fmt: skip
    assert indicators["ชื่อตัวชี้วัด"].tolist() == [names[i] for i in range(1, 11)]
    tools = table_with(at, "ชื่อเครื่องมือ")
    assert tools["เครื่องมือ"].tolist() == ["IIT", "EIT", "OIT"]
    assert [round(w, 2) for w in tools["น้ำหนักในคะแนนรวม"]] == [0.3, 0.3, 0.4]
    assert tools["จำนวนตัวชี้วัด"].tolist() == [5, 3, 2]
    levels = table_with(at, "ระดับ", "ผ่านดีเยี่ยม")
    assert levels["ระดับ"].tolist() == PASS5_TH
    expected = fetch(demo_db, "select label_th, min_total, color from core.method_levels "
                             "where scheme = 'PASS5' order by level_order")  # fmt: skip
    assert levels["ระดับ"].tolist() == [r[0] for r in expected]
    assert levels["คะแนนรวมขั้นต่ำ"].tolist() == [f"{r[1]:.0f}" for r in expected]
    assert levels["สี"].tolist() == [r[2] for r in expected]  # the level colours are shown
    assert levels["คะแนนขั้นต่ำทุกเครื่องมือ"].tolist() == ["95", "85", "—", "—", "—"]
    text = markdown(at)
    assert "คะแนนรวม ITA = 0.30 × IIT + 0.30 × EIT + 0.40 × OIT" in text
    assert "ยังไม่ปัดเศษ" in text and "ปัดเศษครั้งเดียว" in text and "91.15" in text
    assert "เงื่อนไขรายเครื่องมือใช้ตั้งแต่ปี 2566" in text
    assert "ผ่าน** = คะแนนรวม" in text and "85 คะแนน" in text
    assert "ปีที่ยังไม่มีเกณฑ์** (2569)" in text


def test_2565_uses_aa_to_f(app):
    at = app(method_year="2565")
    levels = table_with(at, "ระดับ", "AA")
    assert levels["ระดับ"].tolist() == ["AA", "A", "B", "C", "D", "E", "F"]
    assert levels["นับว่าผ่าน"].tolist() == ["ผ่าน", "ผ่าน"] + ["ไม่ผ่าน"] * 5
    assert levels["คะแนนขั้นต่ำทุกเครื่องมือ"].tolist() == ["—"] * 7
    assert any("ไม่มีเงื่อนไขรายเครื่องมือ" in c.value for c in at.caption)
    assert len(table_with(at, "ตัวชี้วัดที่")) == 10


def test_2569_has_no_scheme(app, demo_db):
    at = app(method_year="2569")
    assert any("ยังไม่มีรายละเอียดวิธีการประเมิน" in i.value for i in at.info)
    assert not [f for f in at.dataframe if "ตัวชี้วัดที่" in f.value.columns]
    # The summary of every year says so too.
    summary = table_with(at, "เกณฑ์ระดับ")
    (n_years,) = fetch(demo_db, "select count(*) from core.method_years")[0]
    assert len(summary) == n_years
    row = summary.loc[summary["ปีงบประมาณ"] == "2569"].iloc[0]
    assert row["เกณฑ์ระดับ"] == "ยังไม่มี" and row["จำนวนตัวชี้วัด"] == 0
    assert summary.loc[summary["ปีงบประมาณ"] == "2566", "เกณฑ์ระดับ"].iloc[0] == " · ".join(PASS5_TH)


def test_year_follows_the_sidebar(app):
    at = app(year="2566")
    assert at.segmented_control(key="method_year").value == 2566
    assert table_with(at, "ระดับ", "ผ่านดีเยี่ยม")["ระดับ"].tolist() == PASS5_TH


def test_every_scheme_with_its_colours(app, demo_db):
    at = app()
    schemes = fetch(demo_db, "select scheme, count(*) from core.method_levels group by 1")
    shown = [f.value for f in at.dataframe if "สี" in f.value.columns]
    # the chosen year's scheme, then every scheme in the expander
    assert len(shown) == 1 + len(schemes)
    assert sorted(len(f) for f in shown[1:]) == sorted(n for _, n in schemes)


def test_english(app):
    at = app(lang="English", method_year="2568")
    assert at.title[0].value == "ITA methodology"
    levels = table_with(at, "Level", "Pass – excellent")
    assert levels["Level"].tolist()[-1] == "Needs urgent improvement"
    assert "Per-tool conditions apply from 2566" in markdown(at)
