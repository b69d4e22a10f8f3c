"""The methodology tables (data/methodology/*.csv) against the ITA methodology reference.

Expected values are written by hand from ../shared/reference/ita-methodology.md.
"""

from __future__ import annotations

import csv
import itertools
import re
from decimal import Decimal
from pathlib import Path

import pytest

from dashboard import db as dbmod
from dashboard import paths
from dashboard.methodology import build_rules, load_rules

REFERENCE_DOC = Path(__file__).resolve().parents[2] / "shared" / "reference" / "ita-methodology.md"
SCORED_YEARS = list(range(2562, 2569))

# The indicator table of the methodology reference, fiscal years 2562-2568 (by hand).
INDICATORS = {
    1: ("การปฏิบัติหน้าที่", "IIT"),
    2: ("การใช้งบประมาณ", "IIT"),
    3: ("การใช้อำนาจ", "IIT"),
    4: ("การใช้ทรัพย์สินของราชการ", "IIT"),
    5: ("การแก้ไขปัญหาการทุจริต", "IIT"),
    6: ("คุณภาพการดำเนินงาน", "EIT"),
    7: ("ประสิทธิภาพการสื่อสาร", "EIT"),
    8: ("การปรับปรุงระบบการทำงาน", "EIT"),
    9: ("การเปิดเผยข้อมูล", "OIT"),
    10: ("การป้องกันการทุจริต", "OIT"),
}
TOOL_WEIGHTS = {"IIT": Decimal("0.30"), "EIT": Decimal("0.30"), "OIT": Decimal("0.40")}
# scheme -> [(code, Thai label, min_total, min_each_tool, passed)], best first
LEVELS = {
    "AA-F": [
        ("AA", "AA", Decimal(95), None, True),
        ("A", "A", Decimal(85), None, True),
        ("B", "B", Decimal(75), None, False),
        ("C", "C", Decimal(65), None, False),
        ("D", "D", Decimal(55), None, False),
        ("E", "E", Decimal(50), None, False),
        ("F", "F", Decimal(0), None, False),
    ],
    "PASS5": [
        ("EXCELLENT", "ผ่านดีเยี่ยม", Decimal(95), Decimal(95), True),
        ("GOOD", "ผ่านดี", Decimal(85), Decimal(85), True),
        ("PASS", "ผ่าน", Decimal(85), None, True),
        ("IMPROVE", "ต้องปรับปรุง", Decimal(70), None, False),
        ("URGENT", "ต้องปรับปรุงโดยด่วน", Decimal(0), None, False),
    ],
}


def _csv(name: str) -> list[dict[str, str]]:
    with open(paths.METHODOLOGY_DIR / name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _csv_rules():
    levels = [
        {**row, "min_each_tool": row["min_each_tool"] or None, "passed": row["passed"] == "true"}
        for row in _csv("levels.csv")
    ]
    return build_rules(_csv("years.csv"), _csv("tools.csv"), _csv("indicators.csv"), levels)


def _dec(value: str) -> Decimal | None:
    return Decimal(value) if value else None


@pytest.fixture(scope="module")
def database(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("method") / "x.duckdb"
    with dbmod.write(path):
        pass
    return path


# --- years ----------------------------------------------------------------------------------


def test_years_and_schemes():
    years = {int(r["fiscal_year"]): r for r in _csv("years.csv")}
    assert sorted(years) == [2562, 2563, 2564, 2565, 2566, 2567, 2568, 2569]
    for year in (2562, 2563, 2564, 2565):
        assert years[year]["scheme"] == "AA-F"
    for year in (2566, 2567, 2568):
        assert years[year]["scheme"] == "PASS5"
    assert years[2569]["scheme"] == ""  # NACC has not published the 2569 scheme
    for row in years.values():
        assert Decimal(row["pass_threshold"]) == 85  # pass = total >= 85 every year
        assert Decimal(row["target_pass_rate"]) == Decimal("0.80")


# --- indicators and tools -------------------------------------------------------------------


@pytest.mark.parametrize("year", SCORED_YEARS)
def test_indicators_of_year(year):
    rows = [r for r in _csv("indicators.csv") if int(r["fiscal_year"]) == year]
    assert len(rows) == 10
    found = {int(r["indicator"]): (r["name_th"], r["tool"]) for r in rows}
    assert found == INDICATORS
    assert all(r["name_en"].strip() for r in rows)


@pytest.mark.parametrize("year", SCORED_YEARS)
def test_tools_of_year(year):
    rows = sorted(
        (r for r in _csv("tools.csv") if int(r["fiscal_year"]) == year),
        key=lambda r: int(r["sort_order"]),
    )
    assert [r["tool"] for r in rows] == ["IIT", "EIT", "OIT"]
    weights = {r["tool"]: Decimal(r["weight"]) for r in rows}
    assert weights == TOOL_WEIGHTS
    assert sum(weights.values()) == Decimal(1)  # exactly, in decimal
    assert all(r["name_th"] and r["name_en"] for r in rows)


def test_no_indicators_or_tools_for_2569():
    assert not [r for r in _csv("indicators.csv") if r["fiscal_year"] == "2569"]
    assert not [r for r in _csv("tools.csv") if r["fiscal_year"] == "2569"]


def test_every_indicator_tool_is_a_tool_of_its_year():
    tools = {(r["fiscal_year"], r["tool"]) for r in _csv("tools.csv")}
    for row in _csv("indicators.csv"):
        assert (row["fiscal_year"], row["tool"]) in tools


def test_reference_doc_table_matches_the_expected_indicators():
    """The hand-written table above is the one in the reference doc (when the doc is present)."""
    if REFERENCE_DOC.is_file():
        text = REFERENCE_DOC.read_text(encoding="utf-8")
        table = {
            int(m.group(1)): (m.group(2).strip(), m.group(3))
            for m in re.finditer(
                r"^\|\s*(\d+)\s*\|\s*([^|(]+?)\s*\([^|]*\)\s*\|\s*(IIT|EIT|OIT)\s*\|",
                text,
                re.MULTILINE,
            )
        }
        assert table == INDICATORS
    # Whether or not the doc is here, the hand-written table is complete and consistent.
    assert sorted(INDICATORS) == list(range(1, 11))
    assert [t for _, t in INDICATORS.values()].count("IIT") == 5
    assert [t for _, t in INDICATORS.values()].count("EIT") == 3
    assert [t for _, t in INDICATORS.values()].count("OIT") == 2


# --- levels ---------------------------------------------------------------------------------


@pytest.mark.parametrize("scheme", ["AA-F", "PASS5"])
def test_levels_of_scheme(scheme):
    rows = sorted(
        (r for r in _csv("levels.csv") if r["scheme"] == scheme),
        key=lambda r: int(r["level_order"]),
    )
    assert [int(r["level_order"]) for r in rows] == list(range(1, len(rows) + 1))
    found = [
        (
            r["level_code"],
            r["label_th"],
            Decimal(r["min_total"]),
            _dec(r["min_each_tool"]),
            r["passed"] == "true",
        )
        for r in rows
    ]
    assert found == LEVELS[scheme]
    assert {r["passed"] for r in rows} <= {"true", "false"}
    colours = [r["color"] for r in rows]
    assert all(re.fullmatch(r"#[0-9a-fA-F]{6}", c) for c in colours)
    assert len(set(colours)) == len(colours)


@pytest.mark.parametrize("scheme", ["AA-F", "PASS5"])
def test_levels_ordered_by_strictly_decreasing_minimum(scheme):
    rows = sorted(
        (r for r in _csv("levels.csv") if r["scheme"] == scheme),
        key=lambda r: int(r["level_order"]),
    )
    for better, worse in itertools.pairwise(rows):
        hi, lo = Decimal(better["min_total"]), Decimal(worse["min_total"])
        if hi == lo:
            # A tie is allowed only where the better level has a stricter per-tool minimum.
            assert better["min_each_tool"], (better, worse)
            assert (not worse["min_each_tool"]) or Decimal(better["min_each_tool"]) > Decimal(
                worse["min_each_tool"]
            )
        else:
            assert hi > lo, (better, worse)
    assert Decimal(rows[-1]["min_total"]) == 0  # every total gets a level


def test_every_scheme_of_a_year_has_levels():
    schemes = {r["scheme"] for r in _csv("levels.csv")}
    for row in _csv("years.csv"):
        assert row["scheme"] == "" or row["scheme"] in schemes


# --- the same rules through the database ----------------------------------------------------


def test_database_rules_equal_csv_rules(database):
    reader = dbmod.open_reader(database)
    try:
        from_db = load_rules(reader)
    finally:
        reader.close()
    from_csv = _csv_rules()
    assert sorted(from_db) == [2562, 2563, 2564, 2565, 2566, 2567, 2568, 2569]
    assert from_db == from_csv


def test_loaded_rules(database):
    reader = dbmod.open_reader(database)
    try:
        rules = load_rules(reader)
        weights = {
            (r["fiscal_year"], r["indicator"]): r["weight"]
            for r in reader.records("method_indicators")
        }
    finally:
        reader.close()
    for year in SCORED_YEARS:
        r = rules[year]
        assert list(r.tool_weights) == ["IIT", "EIT", "OIT"]  # display order
        assert dict(r.tool_weights) == TOOL_WEIGHTS
        assert dict(r.indicator_tools) == {i: t for i, (_, t) in INDICATORS.items()}
        assert r.pass_threshold == 85
        scheme = "AA-F" if year <= 2565 else "PASS5"
        assert r.scheme == scheme
        assert [lv.code for lv in r.levels] == [c for c, *_ in LEVELS[scheme]]
        assert [lv.passed for lv in r.levels] == [p for *_, p in LEVELS[scheme]]
        # the method_indicators query gives each indicator's share: 0.06 / 0.10 / 0.20
        for i in range(1, 11):
            expected = {"IIT": 0.06, "EIT": 0.10, "OIT": 0.20}[INDICATORS[i][1]]
            assert float(weights[(year, i)]) == pytest.approx(expected, abs=1e-9)
    assert rules[2569].scheme is None and rules[2569].levels == ()
    assert rules[2569].pass_threshold == 85
