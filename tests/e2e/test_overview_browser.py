"""The served overview page in a real browser (Debian's chromium through Playwright)."""

from __future__ import annotations

from urllib.parse import quote

import pytest

pytestmark = pytest.mark.browser


def _wait_for_charts(page, count: int = 4) -> None:
    page.wait_for_selector(".js-plotly-plot", timeout=60_000)
    page.wait_for_function(
        f"document.querySelectorAll('.js-plotly-plot').length >= {count}", timeout=60_000
    )
    page.wait_for_timeout(1000)


def test_overview_shows_thai_text_and_rendered_charts(served, page, artifacts):
    page.goto(f"{served}/")
    _wait_for_charts(page)
    assert page.get_by_text("ภาพรวมผลการประเมิน ITA").first.is_visible()
    assert page.get_by_text("ข้อมูลสาธิต", exact=False).first.is_visible()
    # Plotly drew bars and a line: real SVG shapes, not an empty chart.
    bars = page.locator(".js-plotly-plot g.trace.bars path").count()
    lines = page.locator(".js-plotly-plot g.trace.scatter path.js-line").count()
    assert bars >= 10
    assert lines >= 1
    # Thai is laid out by a real Thai font: a combining vowel adds no width to its consonant.
    # Without one, Chromium draws a box per character and the pair is twice as wide.
    widths = page.evaluate(
        """() => {
            const h = document.querySelector('h1');
            const ctx = document.createElement('canvas').getContext('2d');
            ctx.font = getComputedStyle(h).font;
            return [ctx.measureText('\u0e01').width, ctx.measureText('\u0e01\u0e38').width];
        }"""
    )
    assert widths[0] > 0
    assert widths[1] == pytest.approx(widths[0], abs=0.5)
    page.screenshot(path=str(artifacts / "overview.png"))


def test_filters_from_the_url(served, page, artifacts):
    page.goto(f"{served}/?year=2565&province={quote('จำลองนคร')}")
    _wait_for_charts(page)
    assert page.get_by_text("จังหวัด: จำลองนคร", exact=False).first.is_visible()
    assert page.get_by_text("ปีงบประมาณ 2565", exact=False).first.is_visible()
    page.screenshot(path=str(artifacts / "overview-province.png"))


def test_english_view(served, page, artifacts):
    page.goto(f"{served}/?lang=English")
    _wait_for_charts(page)
    assert page.get_by_text("ITA results overview").first.is_visible()
    page.screenshot(path=str(artifacts / "overview-en.png"))


def test_chart_png_download(served, page):
    page.goto(f"{served}/")
    _wait_for_charts(page)
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name="ดาวน์โหลดภาพ PNG").first.click()
    with open(info.value.path(), "rb") as fh:
        data = fh.read()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(data) > 5000


def test_no_request_leaves_this_machine(served, page):
    """The served app asks for nothing outside (no fonts, icons or telemetry from the internet)."""
    outside: list[str] = []
    page.on(
        "request",
        lambda r: (
            outside.append(r.url)
            if not r.url.startswith((served, "data:", "blob:", "about:"))
            else None
        ),
    )
    for path in ("/", "/compare", "/organisation", "/analysis", "/import"):
        page.goto(f"{served}{path}")
        page.wait_for_timeout(3000)
    assert outside == []
