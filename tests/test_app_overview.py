"""AppTest of the overview page (ภาพรวม) on the demo database.

Expected figures are computed here straight from the core tables with SQL written in the test,
not through the page's queries.
"""

from __future__ import annotations

import base64
import json
import re

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest
from support import fetch_one, open_app


@pytest.fixture
def app(demo_app):
    return demo_app


def plotly_values(encoded) -> list[float]:
    """Plotly 7 sends arrays as {'dtype', 'bdata'} (base64); plain lists pass through."""
    if isinstance(encoded, dict):
        return np.frombuffer(base64.b64decode(encoded["bdata"]), dtype=encoded["dtype"]).tolist()
    return list(encoded)


def metric(at: AppTest, label_start: str) -> str:
    for m in at.metric:
        if m.label.startswith(label_start):
            return m.value
    raise AssertionError(f"no metric {label_start!r} in {[m.label for m in at.metric]}")


def test_renders_latest_year_without_exception(app, demo_db):
    at = app()
    assert not at.exception
    assert at.title[0].value == "ภาพรวมผลการประเมิน ITA"
    latest, n = fetch_one(
        demo_db,
        "select fiscal_year, count(*) from core.assessments group by 1 order by 1 desc limit 1",
    )
    assert at.selectbox(key="year").value == latest
    assert metric(at, "หน่วยงานที่ได้รับการประเมิน") == str(n)
    charts = at.get("plotly_chart")
    assert len(charts) == 4
    trend = json.loads(charts[-1].proto.spec)
    means = next(tr for tr in trend["data"] if tr.get("mode") == "lines+markers+text")
    mean_by_year = dict(zip(plotly_values(means["x"]), plotly_values(means["y"]), strict=True))
    assert sorted(mean_by_year) == list(range(2562, 2569))
    (mean_2562,) = fetch_one(
        demo_db,
        "select avg(coalesce(r.total, a.total_published)) from core.assessments a "
        "left join core.computed_results r using (org_code, fiscal_year) "
        "where a.fiscal_year = 2562",
    )
    assert mean_by_year[2562] == pytest.approx(float(mean_2562))


def test_demo_banner_is_shown(app):
    at = app()
    assert any("ข้อมูลสาธิต" in w.value for w in at.warning)


def test_year_from_url_sets_the_numbers(app, demo_db):
    at = app(year="2565")
    assert not at.exception
    (mean,) = fetch_one(
        demo_db,
        "select round(avg(total), 2) from core.computed_results where fiscal_year = 2565",
    )
    assert metric(at, "คะแนนรวมเฉลี่ย") == f"{mean:.2f}"


def test_changing_province_changes_the_numbers(app, demo_db):
    at = app()
    national = metric(at, "หน่วยงานที่ได้รับการประเมิน")
    at.selectbox(key="province").set_value("DM2").run()
    assert not at.exception
    (n,) = fetch_one(
        demo_db,
        "select count(*) from core.assessments a join core.organisations o using (org_code) "
        "where o.province_code = 'DM2' and a.fiscal_year = 2568",
    )
    shown = metric(at, "หน่วยงานที่ได้รับการประเมิน")
    assert shown == str(n)
    assert shown != national
    # A district is offered only within the chosen province.
    districts = at.selectbox(key="district").options
    assert "ทุ่งตัวอย่าง" in districts and "นาสาธิต" not in districts


def test_district_and_type_filters(app, demo_db):
    at = app(province="ตัวอย่างธานี", district="ทุ่งตัวอย่าง", type="อบต.", year="2566")
    assert not at.exception
    (n,) = fetch_one(
        demo_db,
        "select count(*) from main.org_year_scores where province_code = 'DM2' "
        "and district = 'ทุ่งตัวอย่าง' and org_type_code = 'SAO' and fiscal_year = 2566",
    )
    assert metric(at, "หน่วยงานที่ได้รับการประเมิน") == str(n)
    assert n > 0


def test_district_is_disabled_without_province(app):
    at = app()
    assert at.selectbox(key="district").disabled


def test_english_switch(app):
    at = app(lang="English")
    assert not at.exception
    assert at.title[0].value == "ITA results overview"
    assert any(m.label == "Organisations assessed" for m in at.metric)


def test_thai_digits(app, demo_db):
    at = app(digits="๐-๙")
    assert not at.exception
    latest_n = fetch_one(
        demo_db,
        "select count(*) from core.assessments group by fiscal_year order by fiscal_year desc",
    )[0]
    thai = str(latest_n).translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙"))
    assert metric(at, "หน่วยงานที่ได้รับการประเมิน") == thai
    deltas = [m.delta for m in at.metric if m.delta]
    assert len(deltas) == 3  # the mean, the pass rate and the gap to the target
    assert all(re.fullmatch(r"[+-][๐-๙,]+\.[๐-๙]+( pp)?", d) for d in deltas), deltas
    # The choice says where it applies: tables and charts keep 0-9.
    assert "ตารางและกราฟยังใช้เลขอารบิก" in at.segmented_control(key="digits").help


def test_missing_database_gives_a_clear_message(monkeypatch, tmp_path, clear_streamlit_caches):
    monkeypatch.setenv("ITA_DB", str(tmp_path / "none.duckdb"))
    at = open_app()
    assert not at.exception
    text = at.error[0].value
    assert "ไม่พบฐานข้อมูล" in text and "No database at" in text


def test_page_sees_a_new_database_version(tmp_path, monkeypatch, clear_streamlit_caches):
    """After a writer replaces the file, the next run shows the new data (no stale cache)."""
    from dashboard import db as dbmod
    from dashboard import demo

    path = tmp_path / "live.duckdb"
    demo.build(path)
    monkeypatch.setenv("ITA_DB", str(path))
    at = open_app()
    before = metric(at, "หน่วยงานที่ได้รับการประเมิน")
    with dbmod.write(path) as db:
        db.execute(
            "delete from core.computed_results where fiscal_year = 2568 and org_code in "
            "(select org_code from core.assessments where fiscal_year = 2568 limit 5)"
        )
        db.execute(
            "delete from core.assessments where fiscal_year = 2568 and org_code not in "
            "(select org_code from core.computed_results where fiscal_year = 2568)"
        )
    at.run()
    after = metric(at, "หน่วยงานที่ได้รับการประเมิน")
    assert int(after) == int(before) - 5
