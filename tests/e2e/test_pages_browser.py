"""The complaints and methodology pages served, opened by URL with parameters in a real browser
(Debian's chromium through Playwright). Screenshots go to tests/artifacts (git-ignored)."""

from __future__ import annotations

from urllib.parse import urlencode

import duckdb
import pytest

pytestmark = pytest.mark.browser


def _wait_for_charts(page, count: int) -> None:
    page.wait_for_selector(".js-plotly-plot", timeout=60_000)
    page.wait_for_function(
        f"document.querySelectorAll('.js-plotly-plot').length >= {count}", timeout=60_000
    )
    page.wait_for_timeout(1000)


def test_complaints_of_a_province_by_url(served, page, artifacts):
    query = urlencode({"year": "2566", "province": "ตัวอย่างธานี"})
    page.goto(f"{served}/complaints?{query}")
    _wait_for_charts(page, 2)
    assert page.get_by_text("สถิติเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ").first.is_visible()
    assert page.get_by_text("จังหวัด: ตัวอย่างธานี", exact=False).first.is_visible()
    assert page.get_by_text("รอบ 12 เดือน (ทั้งปี) · ปีงบประมาณ 2566").first.is_visible()
    assert page.get_by_text("ไม่รายงานข้อมูล", exact=False).first.is_visible()
    # Plotly drew the bars (two rounds × seven years, and the reporting split) and the rate lines.
    assert page.locator(".js-plotly-plot g.trace.bars path").count() >= 14
    assert page.locator(".js-plotly-plot g.trace.scatter path.js-line").count() >= 2
    page.screenshot(path=str(artifacts / "complaints-province.png"))


def test_complaints_csv_download(served, page):
    page.goto(f"{served}/complaints?year=2568")
    _wait_for_charts(page, 2)
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name="ดาวน์โหลด CSV").nth(1).click()
    with open(info.value.path(), "rb") as fh:
        data = fh.read()
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM, so Excel shows Thai
    lines = data.decode("utf-8-sig").splitlines()
    # The table per organisation: both rounds side by side, never a column adding them.
    assert lines[0].startswith("รหัส,หน่วยงาน,")
    assert "ได้รับ รอบ 6 เดือน" in lines[0] and "ได้รับ รอบ 12 เดือน" in lines[0]
    assert any("ไม่รายงานข้อมูล" in line for line in lines[1:])
    assert len(lines) > 100


def test_complaints_of_one_organisation_by_url(served, page, artifacts, demo_db):
    con = duckdb.connect(str(demo_db), read_only=True)
    try:
        code, name, district, province = con.execute(
            "select org_code, org_name, district, province from main.org_year_scores "
            "where fiscal_year = 2568 order by org_code limit 1"
        ).fetchone()
    finally:
        con.close()
    label = f"{code} · {name} ({district}, {province})"
    page.goto(f"{served}/complaints?" + urlencode({"year": "2568", "org": label}))
    _wait_for_charts(page, 1)
    assert page.get_by_role("heading", name=label).first.is_visible()
    assert page.get_by_text("อัตราแล้วเสร็จของหน่วยงานในพื้นที่ที่เลือก", exact=False).first.is_visible()
    assert page.locator(".js-plotly-plot g.trace.bars path").count() >= 2
    page.screenshot(path=str(artifacts / "complaints-organisation.png"))


def test_methodology_by_url(served, page, artifacts):
    page.goto(f"{served}/methodology?method_year=2566")
    page.wait_for_selector("h1", timeout=60_000)
    page.get_by_text("ปีงบประมาณ 2566", exact=True).first.wait_for(timeout=60_000)
    page.wait_for_timeout(1000)
    assert page.get_by_text("วิธีการประเมิน ITA").first.is_visible()
    heading = "เกณฑ์ระดับผลการประเมิน: ผ่านดีเยี่ยม · ผ่านดี · ผ่าน · ต้องปรับปรุง · ต้องปรับปรุงโดยด่วน"
    assert page.get_by_text(heading).first.is_visible()
    assert page.get_by_text(
        "คะแนนรวม ITA = 0.30 × IIT + 0.30 × EIT + 0.40 × OIT", exact=False
    ).first.is_visible()
    page.screenshot(path=str(artifacts / "methodology-2566.png"))


def test_methodology_year_without_scheme(served, page, artifacts):
    page.goto(f"{served}/methodology?method_year=2569")
    page.wait_for_selector("h1", timeout=60_000)
    page.get_by_text("ยังไม่มีรายละเอียดวิธีการประเมิน", exact=False).first.wait_for(timeout=60_000)
    page.screenshot(path=str(artifacts / "methodology-2569.png"))
