"""dashboard.complaints_metrics and dashboard.charts_complaints on small hand-written frames.

Round 6 is October–March; round 12 is the whole year, cumulative. Nothing may add them up.
"""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go
import pytest

from dashboard import charts_complaints as charts
from dashboard import complaints_metrics as cm
from dashboard.i18n import translate

ROUND_COLUMNS = [
    "fiscal_year", "round", "n_organisations", "n_reported", "n_reported_zero", "n_not_reported",
    "received", "completed", "in_progress",
]  # fmt: skip


def _rounds() -> pd.DataFrame:
    """Shaped like queries/complaint_rounds.sql. 2567 round 6: nobody reported (sums NULL);
    2567 round 12: reported, but nothing received. Rows deliberately unsorted."""
    rows = [
        (2568, 12, 10, 8, 2, 2, 20, 15, 5),
        (2568, 6, 10, 9, 4, 1, 8, 2, 6),
        (2567, 6, 10, 0, 0, 10, None, None, None),
        (2567, 12, 10, 6, 6, 4, 0, 0, 0),
    ]
    frame = pd.DataFrame(rows, columns=ROUND_COLUMNS)
    for column in ("received", "completed", "in_progress"):
        frame[column] = frame[column].astype("Int64")
    return frame


def _orgs() -> pd.DataFrame:
    """Shaped like queries/complaint_orgs.sql: A reported both rounds, B reported zero in round 6
    and nothing for round 12, C reported nothing at all."""
    frame = pd.DataFrame(
        {
            "org_code": ["A", "B", "C"],
            "org_name": ["อบต.เอ", "อบต.บี", "ทต.ซี"],
            "org_type": ["อบต.", "อบต.", "ทต."],
            "district": ["หนึ่ง", "หนึ่ง", "สอง"],
            "province": ["จังหวัด", "จังหวัด", "จังหวัด"],
            "reported_6": [True, True, False],
            "reported_12": [True, False, False],
            "received_6": [4, 0, None],
            "completed_6": [1, 0, None],
            "in_progress_6": [3, 0, None],
            "received_12": [6, None, None],
            "completed_12": [6, None, None],
            "in_progress_12": [0, None, None],
        }
    )
    for column in frame.columns[7:]:
        frame[column] = frame[column].astype("Int32")
    return frame


# --- completion rate and status ---------------------------------------------------------------


def test_completion_rate():
    assert cm.completion_rate(4, 3) == 0.75
    assert cm.completion_rate(6, 6) == 1.0
    assert cm.completion_rate(5, 0) == 0.0


@pytest.mark.parametrize(
    ("received", "completed"),
    [(0, 0), (None, None), (pd.NA, pd.NA), (float("nan"), 1), (3, None)],
)
def test_completion_rate_is_none_without_complaints(received, completed):
    # Nothing (or nothing known) received: no rate at all, never 0 % or 100 %.
    assert cm.completion_rate(received, completed) is None


def test_status_separates_not_reported_from_zero():
    assert cm.status(False, None) == cm.NOT_REPORTED
    assert cm.status(pd.NA, pd.NA) == cm.NOT_REPORTED
    assert cm.status(0, None) == cm.NOT_REPORTED
    assert cm.status(True, 0) == cm.ZERO
    assert cm.status(1, 0) == cm.ZERO
    assert cm.status(True, 3) == cm.REPORTED


def test_with_rates_keeps_missing_rates_missing():
    frame = cm.with_rates(_rounds())
    rates = dict(
        zip(zip(frame["fiscal_year"], frame["round"], strict=True), frame["completion_rate"],
            strict=True)
    )  # fmt: skip
    assert rates[(2568, 12)] == pytest.approx(0.75)
    assert rates[(2568, 6)] == pytest.approx(0.25)
    assert math.isnan(rates[(2567, 6)])  # nobody reported
    assert math.isnan(rates[(2567, 12)])  # reported, nothing received


# --- summaries ---------------------------------------------------------------------------------


def test_round_summary_reads_one_round_only():
    six = cm.round_summary(_rounds(), 2568, 6)
    twelve = cm.round_summary(_rounds(), 2568, 12)
    assert six == cm.RoundSummary(
        fiscal_year=2568, round=6, n_organisations=10, n_reported=9, n_reported_zero=4,
        n_not_reported=1, received=8, completed=2, in_progress=6, completion_rate=0.25,
    )  # fmt: skip
    assert twelve.received == 20 and twelve.completed == 15 and twelve.in_progress == 5
    assert twelve.completion_rate == pytest.approx(0.75)
    # The year's figure is round 12 (20), never round 6 + round 12 (28).
    assert twelve.received != six.received + twelve.received


def test_round_summary_without_reports_or_complaints():
    nobody = cm.round_summary(_rounds(), 2567, 6)
    assert nobody.received is None and nobody.completion_rate is None
    assert nobody.n_not_reported == 10
    zero = cm.round_summary(_rounds(), 2567, 12)
    assert zero.received == 0 and zero.completion_rate is None
    assert zero.n_reported_zero == 6
    assert cm.round_summary(_rounds(), 2560, 6) is None


def test_org_rounds_as_group():
    org = pd.DataFrame(
        {
            "fiscal_year": [2567, 2567, 2568, 2568],
            "round": [6, 12, 6, 12],
            "reported": [True, False, True, True],
            "received": pd.array([0, None, 2, 5], dtype="Int32"),
            "completed": pd.array([0, None, 1, 5], dtype="Int32"),
            "in_progress": pd.array([0, None, 1, 0], dtype="Int32"),
        }
    )
    group = cm.org_rounds_as_group(org)
    assert list(group.columns) == ROUND_COLUMNS
    assert group["n_organisations"].tolist() == [1, 1, 1, 1]
    assert group["n_reported"].tolist() == [1, 0, 1, 1]
    assert group["n_reported_zero"].tolist() == [1, 0, 0, 0]
    assert group["n_not_reported"].tolist() == [0, 1, 0, 0]
    assert cm.round_summary(group, 2568, 6).completion_rate == 0.5
    assert cm.round_summary(group, 2567, 6).completion_rate is None


def test_org_table_statuses_and_rates():
    table = cm.org_table(_orgs())
    assert table["status_6"].tolist() == [cm.REPORTED, cm.ZERO, cm.NOT_REPORTED]
    assert table["status_12"].tolist() == [cm.REPORTED, cm.NOT_REPORTED, cm.NOT_REPORTED]
    assert table["completion_rate_6"].iloc[0] == 0.25
    assert math.isnan(table["completion_rate_6"].iloc[1])  # reported zero
    assert math.isnan(table["completion_rate_6"].iloc[2])  # reported nothing
    assert table["completion_rate_12"].iloc[0] == 1.0
    assert not any("total" in c or c.endswith("_sum") for c in table.columns)


def test_not_reported_lists_missing_rounds():
    silent = cm.not_reported(_orgs())
    assert silent["org_code"].tolist() == ["B", "C"]
    assert silent["missing_rounds"].tolist() == [[12], [6, 12]]


def test_reporting_split():
    split = cm.reporting_split(_rounds(), 2568)
    counts = {(r.round, r.status): r.n for r in split.itertuples()}
    assert counts == {
        (6, cm.REPORTED): 5, (6, cm.ZERO): 4, (6, cm.NOT_REPORTED): 1,
        (12, cm.REPORTED): 6, (12, cm.ZERO): 2, (12, cm.NOT_REPORTED): 2,
    }  # fmt: skip
    empty = cm.reporting_split(_rounds(), 2550)
    assert len(empty) == 6 and empty["n"].sum() == 0


# --- charts ------------------------------------------------------------------------------------


def test_trend_one_series_per_round_never_summed():
    fig = charts.trend(_rounds(), "th")
    assert isinstance(fig, go.Figure)
    bars = [tr for tr in fig.data if tr.type == "bar"]
    lines = [tr for tr in fig.data if tr.type == "scatter" and tr.mode == "lines+markers"]
    silent = [tr for tr in fig.data if tr.type == "scatter" and tr.mode == "markers"]
    assert [b.name for b in bars] == [
        translate("complaints.round.6"),
        translate("complaints.round.12"),
    ]
    assert list(bars[0].x) == ["2567", "2568"]
    assert list(bars[0].y) == [None, 8]  # 2567: nobody reported round 6
    assert list(bars[1].y) == [0, 20]
    assert list(lines[0].y) == [None, 25.0]
    assert list(lines[1].y) == [None, 75.0]  # 2567 round 12: nothing received, no rate
    # A round nobody reported is marked on the axis apart from the bars, not drawn as 0.
    assert len(silent) == 1
    assert silent[0].name == translate("complaints.status.not_reported")
    assert list(silent[0].x) == ["2567"] and silent[0].offsetgroup == "6"
    assert fig.layout.barmode == "group"  # side by side, not stacked
    shown = {v for b in bars for v in b.y if v is not None}
    assert 28 not in shown  # 8 + 20 appears nowhere
    assert fig.layout.title.text == translate("complaints.chart.trend_title", "th")


def test_trend_in_english():
    fig = charts.trend(_rounds(), "en")
    assert fig.data[0].name == "6-month round (Oct–Mar)"
    assert fig.layout.title.text == "Complaints per year, by round"


def test_reporting_chart():
    fig = charts.reporting(cm.reporting_split(_rounds(), 2568), 2568, "th")
    assert fig.layout.barmode == "stack"
    assert [tr.name for tr in fig.data] == [
        translate(f"complaints.status.{s}") for s in (cm.REPORTED, cm.ZERO, cm.NOT_REPORTED)
    ]
    assert [list(tr.x) for tr in fig.data] == [[5, 6], [4, 2], [1, 2]]
    assert list(fig.data[0].y) == ["6 เดือน", "12 เดือน"]
    assert "2568" in fig.layout.title.text


def test_column_forms_agree_with_the_row_rules():
    """with_rates and statuses (whole columns) give what completion_rate and status give row by
    row, over every combination of missing, zero and positive counts."""
    import itertools

    values = [None, float("nan"), 0, 3, 10]
    rows = list(itertools.product([True, False, None], values, values))
    frame = pd.DataFrame(rows, columns=["reported", "received", "completed"]).astype(
        {"reported": "boolean", "received": "Int64", "completed": "Int64"}
    )
    rated = cm.with_rates(frame)["completion_rate"].tolist()
    for (rep, rec, done), rate, st in zip(
        rows, rated, cm.statuses(frame["reported"], frame["received"]), strict=True
    ):
        want = cm.completion_rate(rec, done)
        assert (rate != rate) if want is None else rate == want, (rec, done, rate)
        assert st == cm.status(rep, rec), (rep, rec)
