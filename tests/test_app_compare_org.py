"""AppTest of the compare (supervisors) and organisation (executives) pages on the demo
database, with expected figures computed here by SQL written in the test."""

from __future__ import annotations

import re
from functools import partial
from urllib.parse import parse_qs, urlsplit

import pandas as pd
import pytest
from support import fetch

from dashboard import metrics


@pytest.fixture
def open_page(demo_app):
    return partial(demo_app, timeout=90)


def test_compare_ranks_the_province(open_page, demo_db):
    at = open_page("app_pages/compare.py", year="2567", province="จำลองนคร")
    ranked = at.dataframe[0].value
    expected = fetch(
        demo_db,
        "select org_name, total from main.org_year_scores where fiscal_year = 2567 "
        "and province = 'จำลองนคร' and total is not null order by total desc, org_name limit 3",
    )
    top = ranked.iloc[:3]
    assert list(top.iloc[:, 0]) == [1, 2, 3]  # rank
    assert list(top.iloc[:, 1]) == [name for name, _ in expected]
    (n,) = fetch(
        demo_db,
        "select count(*) from main.org_year_scores where fiscal_year = 2567 "
        "and province = 'จำลองนคร'",
    )[0]
    assert len(ranked) == n
    # Every organisation links to its page with the filters carried over.
    assert all(link.startswith("organisation?year=2567&province=") for link in ranked.iloc[:, 2])
    for name, link in zip(ranked.iloc[:, 1], ranked.iloc[:, 2], strict=True):
        params = parse_qs(urlsplit(link).query)
        assert params["province"] == ["จำลองนคร"] and params["year"] == ["2567"]
        (org,) = params["org"]
        assert re.fullmatch(r"DM\d{5} · " + re.escape(name) + r" \(.+, จำลองนคร\)", org), org


def test_compare_marks_the_scheme_change(open_page):
    at = open_page("app_pages/compare.py", year="2566", province="สาธิตบุรี")
    ranked = at.dataframe[0].value
    level_change = ranked.iloc[:, 10]
    assert set(level_change) == {"เปลี่ยนเกณฑ์"}
    assert any("เปลี่ยนเกณฑ์" in c.value for c in at.caption)


def test_compare_custom_list(open_page):
    at = open_page("app_pages/compare.py", year="2568")
    assert any(o.startswith("DM00003 · ") for o in at.multiselect(key="orgs").options)
    at.multiselect(key="orgs").set_value(["DM00003", "DM00007"])  # values are the codes
    at.run()
    assert not at.exception
    assert len(at.dataframe[0].value) == 2


def test_organisation_page_summary_and_history(open_page, demo_db):
    label = next(
        o
        for o in open_page("app_pages/organisation.py", year="2567").selectbox(key="org").options
        if o.startswith("DM00020 ")
    )
    at = open_page("app_pages/organisation.py", year="2567", org=label)
    ((total, level),) = fetch(
        demo_db,
        "select total, level from main.org_year_scores "
        "where org_code = 'DM00020' and fiscal_year = 2567",
    )
    summary = at.info[0].value
    assert f"{total:.2f}" in summary and level in summary
    assert [m.value for m in at.metric][:2] == [f"{total:.2f}", level]
    charts = at.get("plotly_chart")
    assert len(charts) == 2


def test_metrics_direction_and_risk():
    orgs = pd.DataFrame(
        [
            {
                "org_code": "A",
                "org_name": "a",
                "district": "d",
                "total": 90.0,
                "passed": True,
                "change": 0.99,
                "level_steps": 0,
                "scheme_changed": False,
                "min_tool": 86.0,
                "missing_indicators": 0,
            },
            {
                "org_code": "B",
                "org_name": "b",
                "district": "d",
                "total": 84.0,
                "passed": False,
                "change": -5.0,
                "level_steps": -1,
                "scheme_changed": False,
                "min_tool": 70.0,
                "missing_indicators": 0,
            },
            {
                "org_code": "C",
                "org_name": "c",
                "district": "d",
                "total": 95.0,
                "passed": True,
                "change": 1.0,
                "level_steps": None,
                "scheme_changed": True,
                "min_tool": 90.0,
                "missing_indicators": 2,
            },
        ]
    )
    out = metrics.with_directions(orgs)
    assert list(out["direction"]) == ["same", "down", "up"]  # threshold 1 point
    assert list(out["level_move"]) == ["same", "down", "scheme_changed"]
    assert metrics.level_movement(orgs) == {
        "up": 0,
        "down": 1,
        "same": 1,
        "scheme_changed": 1,
        "no_previous": 0,
    }
    risk = metrics.at_risk(orgs)
    assert list(risk["org_code"]) == ["B", "C"]
    assert risk.iloc[0]["reasons"] == ["not_passing", "tool_under", "dropped"]
    assert risk.iloc[1]["reasons"] == ["missing_data"]


@pytest.mark.parametrize(
    "label",
    ["6300123 · อบต.หนองกระทุ่ม (เมืองนครราชสีมา, นครราชสีมา)", "A+B & C=D #1 50%", "ก", ""],
)
def test_percent_encoded_labels_decode_back(label):
    from dashboard.ui.org_picker import percent_encoded

    encoded = percent_encoded(label)
    assert all(c.isascii() and c not in " &=+#" for c in encoded)
    assert parse_qs(f"org={encoded}&x=1", keep_blank_values=True)["org"] == [label]
