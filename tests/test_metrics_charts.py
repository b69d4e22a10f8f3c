"""dashboard.metrics and dashboard.charts on small hand-written frames."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go
import pytest

from dashboard import charts, metrics
from dashboard.i18n import translate

OVERVIEW_COLUMNS = [
    "fiscal_year", "scheme", "n_assessed", "n_with_total", "mean_total", "median_total",
    "n_passed", "pass_rate", "target_pass_rate", "pass_threshold", "mean_iit", "mean_eit",
    "mean_oit",
]  # fmt: skip


def _by_year() -> pd.DataFrame:
    """Shaped like queries/overview_by_year.sql; 2564 is missing; rows deliberately unsorted."""
    rows = [
        (2566, "PASS5", 40, 40, 83.5, 84.0, 25, 0.625, 0.8, 85.0, 90.0, 88.0, 75.0),
        (2563, "AA-F", 30, 28, 75.25, 76.0, 12, 0.4, 0.8, 85.0, 80.0, 78.0, 60.0),
        (2565, "AA-F", 36, 34, 80.0, 81.0, 17, 0.5, 0.8, 85.0, 86.0, 84.0, 70.0),
    ]
    return pd.DataFrame(rows, columns=OVERVIEW_COLUMNS)


# --- metrics.year_summary ---------------------------------------------------------------------


def test_year_summary_change_from_previous_year():
    summary = metrics.year_summary(_by_year(), 2566)
    assert summary is not None
    assert summary.fiscal_year == 2566
    assert summary.n_assessed == 40
    assert summary.mean_total == 83.5
    assert summary.pass_rate == 0.625
    assert summary.target_pass_rate == 0.8
    assert summary.pass_threshold == 85.0
    assert summary.prev_year == 2565
    assert summary.mean_total_change == pytest.approx(3.5)
    assert summary.pass_rate_change == pytest.approx(0.125)
    assert summary.n_without_total == 0


def test_year_summary_skips_missing_year():
    # 2564 has no row: 2565 is compared with 2563, the latest earlier year.
    summary = metrics.year_summary(_by_year(), 2565)
    assert summary is not None
    assert summary.prev_year == 2563
    assert summary.mean_total_change == pytest.approx(4.75)
    assert summary.pass_rate_change == pytest.approx(0.1)
    assert summary.n_without_total == 2


def test_year_summary_first_year_has_no_change():
    summary = metrics.year_summary(_by_year(), 2563)
    assert summary is not None
    assert summary.prev_year is None
    assert summary.mean_total_change is None
    assert summary.pass_rate_change is None
    assert summary.mean_total == 75.25
    assert summary.n_without_total == 2


@pytest.mark.parametrize("year", [2564, 2562, 2567])
def test_year_summary_absent_year_is_none(year):
    assert metrics.year_summary(_by_year(), year) is None


def test_year_summary_missing_values():
    frame = _by_year()
    frame.loc[frame["fiscal_year"] == 2565, ["mean_total", "pass_rate"]] = math.nan
    frame.loc[frame["fiscal_year"] == 2565, "n_with_total"] = 0
    this = metrics.year_summary(frame, 2565)
    assert this is not None
    assert this.mean_total is None
    assert this.pass_rate is None
    assert this.mean_total_change is None
    assert this.pass_rate_change is None
    assert this.n_without_total == 36
    following = metrics.year_summary(frame, 2566)
    assert following is not None
    assert following.prev_year == 2565
    assert following.mean_total_change is None


def test_year_summary_types_are_plain_python():
    summary = metrics.year_summary(_by_year(), 2566)
    assert type(summary.n_assessed) is int
    assert type(summary.mean_total) is float
    assert type(summary.prev_year) is int


# --- metrics.scheme_breaks / tool_means -------------------------------------------------------


def test_scheme_breaks_aaf_to_pass5():
    assert metrics.scheme_breaks(_by_year()) == [(2565, 2566)]


def test_scheme_breaks_one_scheme():
    frame = _by_year()
    frame["scheme"] = "PASS5"
    assert metrics.scheme_breaks(frame) == []


def test_scheme_breaks_empty():
    assert metrics.scheme_breaks(pd.DataFrame(columns=OVERVIEW_COLUMNS)) == []


def test_scheme_breaks_types():
    (before, after), *_ = metrics.scheme_breaks(_by_year())
    assert type(before) is int
    assert type(after) is int


def test_tool_means():
    tools = metrics.tool_means(_by_year(), 2565)
    assert tools["tool"].tolist() == ["IIT", "EIT", "OIT"]
    assert tools["mean_score"].tolist() == [86.0, 84.0, 70.0]


def test_tool_means_drops_missing_and_absent_year():
    frame = _by_year()
    frame.loc[frame["fiscal_year"] == 2563, "mean_oit"] = math.nan
    assert metrics.tool_means(frame, 2563)["tool"].tolist() == ["IIT", "EIT"]
    absent = metrics.tool_means(frame, 2564)
    assert absent.empty
    assert list(absent.columns) == ["tool", "mean_score"]


# --- charts.trend -----------------------------------------------------------------------------


def _vertical_lines(fig: go.Figure) -> list[float]:
    return [s.x0 for s in fig.layout.shapes if s.type == "line" and s.x0 == s.x1 and s.xref == "x"]


def test_trend_marks_scheme_break_named_above_the_plot():
    fig = charts.trend(_by_year(), [(2565, 2566)], "th")
    assert _vertical_lines(fig) == [2565.5]
    named = [a for a in fig.layout.annotations if a.text == translate("chart.scheme_break", "th")]
    assert [(a.x, a.y, a.yref, a.yanchor) for a in named] == [(2565.5, 1, "paper", "bottom")]


def test_trend_without_break_has_no_vertical_line():
    fig = charts.trend(_by_year(), [], "th")
    assert _vertical_lines(fig) == []
    assert translate("chart.scheme_break", "th") not in [a.text for a in fig.layout.annotations]


def test_trend_traces_contain_mean_totals_in_year_order():
    fig = charts.trend(_by_year(), [(2565, 2566)], "th")
    mean = [t for t in fig.data if t.name == "คะแนนรวมเฉลี่ย"]
    assert len(mean) == 1
    assert list(mean[0].x) == [2563, 2565, 2566]
    assert list(mean[0].y) == [75.25, 80.0, 83.5]
    rate = [t for t in fig.data if t.name == "ร้อยละที่ผ่าน"]
    assert len(rate) == 1
    assert list(rate[0].y) == pytest.approx([40.0, 50.0, 62.5])


def test_trend_pass_line_and_target():
    fig = charts.trend(_by_year(), [], "en")
    horizontal = [s.y0 for s in fig.layout.shapes if s.type == "line" and s.y0 == s.y1]
    assert horizontal == [85.0]
    # Named in the legend, not on the line, where it covered a year's label.
    pass_line = translate("chart.pass_line", "en", value="85")
    assert [t.name for t in fig.data].count(pass_line) == 1
    assert pass_line not in [a.text for a in fig.layout.annotations]
    target = [t for t in fig.data if t.name == "Target 80 %"]
    assert len(target) == 1
    assert list(target[0].y) == [80.0, 80.0, 80.0]
    assert fig.layout.title.text == "Trend of mean total and pass rate"


# --- charts.level_distribution ----------------------------------------------------------------


def _levels() -> pd.DataFrame:
    """Shaped like queries/level_counts.sql for one year; rows deliberately out of order."""
    return pd.DataFrame(
        {
            "fiscal_year": [2566] * 3,
            "scheme": ["PASS5"] * 3,
            "level_order": [3, 1, 2],
            "level_code": ["PASS", "EXCELLENT", "GOOD"],
            "label_th": ["ผ่าน", "ผ่านดีเยี่ยม", "ผ่านดี"],
            "label_en": ["Pass", "Excellent", "Good"],
            "color": ["#d9ef8b", "#1b7837", "#5aae61"],
            "passed": [True, True, True],
            "n": [7, 3, 5],
        }
    )


def test_level_distribution_colours_per_level_in_order():
    fig = charts.level_distribution(_levels(), "th")
    assert len(fig.data) == 1
    bar = fig.data[0]
    assert list(bar.marker.color) == ["#1b7837", "#5aae61", "#d9ef8b"]
    assert list(bar.x) == ["ผ่านดีเยี่ยม", "ผ่านดี", "ผ่าน"]
    assert list(bar.y) == [3, 5, 7]


def test_level_distribution_english_labels():
    fig = charts.level_distribution(_levels(), "en")
    assert list(fig.data[0].x) == ["Excellent", "Good", "Pass"]
    assert list(fig.data[0].marker.color) == ["#1b7837", "#5aae61", "#d9ef8b"]
    assert fig.layout.title.text == "Organisations by level"


# --- charts.indicator_means -------------------------------------------------------------------


def _indicators() -> pd.DataFrame:
    """Shaped like queries/indicator_means.sql for one year; rows deliberately out of order."""
    return pd.DataFrame(
        {
            "fiscal_year": [2566] * 4,
            "indicator": [9, 1, 6, 2],
            "name_th": [
                "การเปิดเผยข้อมูล",
                "การปฏิบัติหน้าที่",
                "คุณภาพการดำเนินงาน",
                "การใช้งบประมาณ",
            ],
            "name_en": [
                "Information disclosure",
                "Performance of duties",
                "Quality of work",
                "Use of budget",
            ],
            "tool": ["OIT", "IIT", "EIT", "IIT"],
            "weight": [0.2, 0.15, 0.1, 0.15],
            "mean_score": [70.5, 90.0, 85.25, 88.0],
        }
    )


def test_indicator_means_one_trace_per_tool():
    fig = charts.indicator_means(_indicators(), 85.0, "th")
    bars = [t for t in fig.data if t.type == "bar"]
    assert [t.name for t in bars] == ["IIT", "EIT", "OIT"]
    assert len(fig.data) == 3
    by_tool = {t.name: t for t in bars}
    assert list(by_tool["IIT"].x) == [90.0, 88.0]
    assert list(by_tool["EIT"].x) == [85.25]
    assert list(by_tool["OIT"].x) == [70.5]
    assert by_tool["IIT"].marker.color == charts.TOOL_COLORS["IIT"]


def test_indicator_means_thai_labels():
    fig = charts.indicator_means(_indicators(), 85.0, "th")
    by_tool = {t.name: t for t in fig.data}
    assert list(by_tool["IIT"].y) == ["1. การปฏิบัติหน้าที่", "2. การใช้งบประมาณ"]
    assert list(by_tool["EIT"].y) == ["6. คุณภาพการดำเนินงาน"]
    assert list(by_tool["OIT"].y) == ["9. การเปิดเผยข้อมูล"]
    assert list(fig.layout.yaxis.categoryarray) == [
        "1. การปฏิบัติหน้าที่",
        "2. การใช้งบประมาณ",
        "6. คุณภาพการดำเนินงาน",
        "9. การเปิดเผยข้อมูล",
    ]


def test_indicator_means_english_labels():
    fig = charts.indicator_means(_indicators(), 85.0, "en")
    by_tool = {t.name: t for t in fig.data}
    assert list(by_tool["IIT"].y) == ["1. Performance of duties", "2. Use of budget"]
    assert list(by_tool["EIT"].y) == ["6. Quality of work"]
    assert list(by_tool["OIT"].y) == ["9. Information disclosure"]


def test_indicator_means_pass_line():
    fig = charts.indicator_means(_indicators(), 85.0, "en")
    assert _vertical_lines(fig) == [85.0]
    assert fig.layout.xaxis.title.text == "Mean score (dotted line: pass mark 85)"


def test_indicator_means_tool_without_indicators_keeps_empty_trace():
    frame = _indicators()
    frame = frame[frame["tool"] != "EIT"]
    fig = charts.indicator_means(frame, 85.0, "th")
    assert [t.name for t in fig.data] == ["IIT", "EIT", "OIT"]
    assert len(fig.data[1].x) == 0


# --- charts.tool_means ------------------------------------------------------------------------


def test_tool_means_chart_colours():
    tools = metrics.tool_means(_by_year(), 2566)
    fig = charts.tool_means(tools, 85.0, "th")
    assert list(fig.data[0].x) == ["IIT", "EIT", "OIT"]
    assert list(fig.data[0].y) == [90.0, 88.0, 75.0]
    assert list(fig.data[0].marker.color) == [
        charts.TOOL_COLORS["IIT"],
        charts.TOOL_COLORS["EIT"],
        charts.TOOL_COLORS["OIT"],
    ]


# --- charts.totals_by_district ------------------------------------------------------------------


def test_totals_by_district_one_box_per_place_every_organisation_a_point():
    orgs = pd.DataFrame(
        {
            "org_name": ["ก", "ข", "ค", "ง", "จ"],
            "district": ["เมือง", "บ้านนา", "เมือง", "บ้านนา", "เมือง"],
            "province": ["หนึ่ง", "หนึ่ง", "หนึ่ง", "สอง", "สอง"],
            "total": [90.5, 70.0, None, 85.0, 60.25],
        }
    )
    fig = charts.totals_by_district(orgs, 85.0, "th")
    (box,) = fig.data
    assert box.type == "box" and box.boxpoints == "all"
    pairs = sorted(zip(box.x, box.y, box.text, strict=True))
    assert pairs == sorted(
        [("เมือง", 90.5, "ก"), ("บ้านนา", 70.0, "ข"), ("บ้านนา", 85.0, "ง"), ("เมือง", 60.25, "จ")]
    )
    assert list(dict.fromkeys(box.x)) == sorted({"เมือง", "บ้านนา"})  # boxes in name order
    assert [s.y0 for s in fig.layout.shapes] == [85.0]
    by_province = charts.totals_by_district(orgs, 85.0, "en", by="province")
    assert sorted(set(by_province.data[0].x)) == ["สอง", "หนึ่ง"]
    assert by_province.layout.title.text != fig.layout.title.text


def test_indicators_vs_peers_labels_each_bar_at_its_start_clear_of_the_markers():
    """Last year's mark and the peer median sit near the end of a bar: the score label is
    written at the bar's start, so they never cover it."""
    indicators = pd.DataFrame(
        {
            "indicator": [2, 1],
            "indicator_name_th": ["การใช้งบประมาณ", "การปฏิบัติหน้าที่"],
            "indicator_name_en": ["Use of budget", "Performance of duty"],
            "tool": ["IIT", "IIT"],
            "score": [91.24, float("nan")],
            "previous_score": [90.0, 88.0],
            "peer_median": [92.0, 85.5],
        }
    )
    fig = charts.indicators_vs_peers(indicators, "th")
    bars, last_year, peers = fig.data
    assert list(bars.y) == ["1. การปฏิบัติหน้าที่", "2. การใช้งบประมาณ"]
    assert list(bars.text) == ["", "91.2"]
    assert bars.textposition == "inside" and bars.insidetextanchor == "start"
    assert list(last_year.x) == [88.0, 90.0] and list(peers.x) == [85.5, 92.0]


def test_org_trend_keeps_the_labels_of_high_totals_inside_and_names_the_break_above_the_plot():
    """Each total carries a two-line label (score, level) above its marker: the axis reaches
    far enough past 100 for it, and the scheme break is named above the plot, where no label
    is."""
    history = pd.DataFrame(
        {
            "fiscal_year": [2565, 2566, 2568],
            "total": [89.5, 99.4, float("nan")],
            "level": ["A", "ผ่านดีเยี่ยม", None],
            "color": ["#4caf50", "#1b5e20", None],
            "peer_median": [80.0, 85.0, 86.0],
        }
    )
    fig = charts.org_trend(history, [(2565, 2566)], 85.0, "th")
    totals = fig.data[1]
    assert list(totals.text) == ["89.5<br>A", "99.4<br>ผ่านดีเยี่ยม", ""]
    assert totals.textposition == "top center"
    low, high = fig.layout.yaxis.range
    assert low == 0 and high >= 115
    scheme_break = translate("chart.scheme_break", "th")
    (named,) = [a for a in fig.layout.annotations if a.text == scheme_break]
    pass_line = translate("chart.pass_line", "th", value="85")
    assert [t.name for t in fig.data].count(pass_line) == 1
    assert pass_line not in [a.text for a in fig.layout.annotations]
    assert (named.x, named.y, named.yanchor, named.yref) == (2565.5, 1, "bottom", "paper")
    assert _vertical_lines(fig) == [2565.5]
