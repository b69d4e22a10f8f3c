"""The compare, organisation, analysis and import pages in a real browser: opened by URL with
parameters, Thai text and rendered charts checked, a download made, a screenshot saved."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest

pytestmark = pytest.mark.browser

ORG = "DM00020 · อบต.ท่าช้างสาธิตบุรี (เมืองสาธิตบุรี, สาธิตบุรี)"


def _open(page, served: str, path: str, **params: str) -> None:
    page.goto(f"{served}/{path}?{urlencode(params)}")
    page.wait_for_selector("h1", timeout=60_000)
    page.wait_for_timeout(1500)


def _charts_drawn(page, at_least: int) -> None:
    page.wait_for_function(
        f"document.querySelectorAll('.js-plotly-plot').length >= {at_least}", timeout=60_000
    )
    page.wait_for_timeout(1000)
    assert page.locator(".js-plotly-plot path").count() > 10


def test_compare_page(served, page, artifacts):
    _open(page, served, "compare", year="2567", province="สาธิตบุรี")
    assert page.get_by_text("เปรียบเทียบหน่วยงาน").first.is_visible()
    _charts_drawn(page, 3)
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name="ดาวน์โหลด CSV").first.click()
    with open(info.value.path(), "rb") as fh:
        data = fh.read()
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM, so Excel shows Thai
    assert "อันดับ".encode() in data
    page.screenshot(path=str(artifacts / "compare.png"))


def test_organisation_page(served, page, artifacts):
    _open(page, served, "organisation", year="2567", province="สาธิตบุรี", org=ORG)
    assert page.get_by_text("อบต.ท่าช้างสาธิตบุรี").first.is_visible()
    _charts_drawn(page, 2)
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name="ดาวน์โหลด Excel").first.click()
    with open(info.value.path(), "rb") as fh:
        assert fh.read(4) == b"PK\x03\x04"  # an XLSX workbook
    page.screenshot(path=str(artifacts / "organisation.png"))


def test_analysis_page(served, page, artifacts):
    _open(page, served, "analysis", year="2567", province="สาธิตบุรี", org=ORG)
    assert page.get_by_text("จุดอ่อนจากผลการประเมินปี 2566", exact=False).first.is_visible()
    _charts_drawn(page, 2)
    with page.expect_download(timeout=90_000) as info:
        page.get_by_role("button", name="การวิเคราะห์และแผนปี 2568 (Word)").click()
    with open(info.value.path(), "rb") as fh:
        assert fh.read(4) == b"PK\x03\x04"  # a DOCX document
    page.screenshot(path=str(artifacts / "analysis.png"))


def test_analysis_supervisor_view(served, page, artifacts):
    _open(page, served, "analysis", year="2567", province="ตัวอย่างธานี")
    assert page.get_by_text("ภาพรวมช่องว่างของหน่วยงานในพื้นที่", exact=False).first.is_visible()
    page.screenshot(path=str(artifacts / "analysis-group.png"))


def test_import_page(served, page, artifacts):
    _open(page, served, "import")
    assert page.get_by_text("นำเข้าข้อมูล").first.is_visible()
    assert page.get_by_text("ประวัติการนำเข้า").first.is_visible()
    page.screenshot(path=str(artifacts / "import.png"))


def test_a_link_as_the_tables_build_it_opens_the_organisation(served, page, artifacts):
    """The ranked tables link to an organisation with its label percent-encoded byte by byte
    (org_picker.percent_encoded), the language carried: the browser must land on it."""
    from dashboard.ui.org_picker import percent_encoded

    link = (
        f"{served}/organisation?{urlencode({'year': '2567', 'province': 'สาธิตบุรี'})}"
        f"&lang=English&org={percent_encoded(ORG)}"
    )
    page.goto(link)
    page.wait_for_selector("h1", timeout=60_000)
    page.wait_for_timeout(1500)
    assert page.get_by_text("อบต.ท่าช้างสาธิตบุรี").first.is_visible()
    assert page.get_by_text("Organisation", exact=False).first.is_visible()
    _charts_drawn(page, 2)
    page.screenshot(path=str(artifacts / "organisation-from-link.png"))
