"""The demo database: fictional, deterministic, and shaped like the real national results."""

from __future__ import annotations

import csv
import itertools
import re
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from support import reading

from dashboard import db as dbmod
from dashboard import demo

DLA_FILE = (
    Path(__file__).resolve().parents[2] / "shared" / "reference" / "dla-local-authorities.csv"
)
MARKERS = ("สาธิต", "ตัวอย่าง", "จำลอง", "ทดลอง")
LOCAL_TYPES = {"PAO", "CITY", "TOWN", "SUBDISTRICT", "SAO", "SPECIAL"}
# Full Thai prefixes of the local organisation types (DLA lists names without them).
TYPE_PREFIXES = {
    "อบจ.": "องค์การบริหารส่วนจังหวัด",
    "เทศบาลนคร": "เทศบาลนคร",
    "เทศบาลเมือง": "เทศบาลเมือง",
    "เทศบาลตำบล": "เทศบาลตำบล",
    "อบต.": "องค์การบริหารส่วนตำบล",
    "ท้องถิ่นรูปแบบพิเศษ": "",
}
# AA-F levels by hand (2562-2565): (code, minimum total)
AAF = [("AA", 95), ("A", 85), ("B", 75), ("C", 65), ("D", 55), ("E", 50), ("F", 0)]
# Tables compared between two builds, with the columns that legitimately differ left out.
CORE_TABLES = [
    "organisations",
    "org_type_years",
    "assessments",
    "indicator_scores",
    "tool_scores_published",
    "measures",
    "measure_indicators",
    "measure_reports",
    "complaints",
    "computed_tool_scores",
    "computed_results",
    "method_years",
    "method_tools",
    "method_indicators",
    "method_levels",
    "org_types",
    "measure_statuses",
]


@pytest.fixture(scope="module")
def reader(demo_db):
    # demo_db (tests/conftest.py): the demo database, built once per session, never modified
    with reading(demo_db) as r:
        yield r


def one(reader, sql: str):
    return reader.rows(sql)[0][0]


def table_rows(reader, table: str) -> list[tuple]:
    return sorted(reader.rows(f"select * from core.{table}"), key=repr)


# --- determinism ----------------------------------------------------------------------------


def test_build_is_deterministic(reader, tmp_path):
    other = tmp_path / "again.duckdb"
    counts = demo.build(other)
    for table, n in counts.items():  # build() reports the rows it stored
        assert one(reader, f"select count(*) from {table}") == n, table
    second = dbmod.open_reader(other)
    try:
        for table in CORE_TABLES:
            assert table_rows(reader, table) == table_rows(second, table), table
        batches = (
            "select batch_id, kind, file_name, sha256, row_count, note from core.import_batches"
        )
        assert reader.rows(batches) == second.rows(batches)
        assert reader.meta("dataset_kind") == second.meta("dataset_kind") == "demo"
    finally:
        second.close()


def test_build_frames_is_deterministic():
    first, second = demo.build_frames(), demo.build_frames()
    assert list(first) == list(second)
    for name in first:
        assert first[name].equals(second[name]), name


# --- organisations --------------------------------------------------------------------------


def test_organisations(reader):
    n = one(reader, "select count(*) from core.organisations")
    assert 250 <= n <= 350
    assert one(reader, "select count(distinct province_code) from core.organisations") >= 3
    assert (
        one(reader, "select count(distinct (province_code, district_th)) from core.organisations")
        >= 10
    )
    types = {r[0] for r in reader.rows("select distinct type_code from core.organisations")}
    assert types == LOCAL_TYPES


def test_codes_are_not_dla_codes(reader):
    codes = [r[0] for r in reader.rows("select org_code from core.organisations")]
    assert len(codes) == len(set(codes))
    for code in codes:
        assert code.startswith("DM"), code
        assert not re.fullmatch(r"\d{7}", code), code


def test_names_are_marked_as_fictional(reader):
    names = [r[0] for r in reader.rows("select name_th from core.organisations")]
    for name in names:
        assert any(m in name for m in MARKERS), name
    places = reader.rows("select province_th, district_th from core.organisations")
    for province, district in places:
        assert any(m in province for m in MARKERS), province
        assert any(m in district for m in MARKERS), district


def test_no_real_organisation_name(reader):
    demo_names = {r[0] for r in reader.rows("select name_th from core.organisations")}
    real: set[str] = set()
    if DLA_FILE.is_file():
        with open(DLA_FILE, encoding="utf-8-sig", newline="") as fh:
            for row in csv.DictReader(fh):
                real.add(row["name_th"])
                real.add(TYPE_PREFIXES.get(row["type_th"], "") + row["name_th"])
        assert len(real) > 7000  # the registry was really read
    # Names with the type prefix, and the place part alone, must both be fictional.
    stems = {
        name.removeprefix(prefix)
        for name in demo_names
        for prefix in TYPE_PREFIXES.values()
        if prefix and name.startswith(prefix)
    }
    assert not (demo_names & real)
    assert not (stems & real)
    assert all(any(m in s for m in MARKERS) for s in stems)


def test_upgraded_organisations_have_their_type_per_year(reader):
    upgraded = reader.rows(
        "select org_code, min(fiscal_year), max(fiscal_year) from core.org_type_years group by 1"
    )
    assert upgraded
    for code, first, last in upgraded:
        rows = dict(
            reader.rows(
                "select fiscal_year, org_type_code from org_year_scores where org_code = $c",
                {"c": code},
            )
        )
        current = one(reader, f"select type_code from core.organisations where org_code = '{code}'")
        assert current == "SUBDISTRICT"
        for year, type_code in rows.items():
            assert type_code == ("SAO" if first <= year <= last else "SUBDISTRICT"), (code, year)
        assert first == 2562


# --- scores ---------------------------------------------------------------------------------


def test_years(reader):
    years = [
        r[0] for r in reader.rows("select distinct fiscal_year from core.assessments order by 1")
    ]
    assert years == [2562, 2563, 2564, 2565, 2566, 2567, 2568]


def test_mean_total_rises_like_the_national_trend(reader):
    means = dict(
        reader.rows("select fiscal_year, avg(total) from org_year_scores group by 1 order by 1")
    )
    assert 64 <= means[2562] <= 71
    assert 91 <= means[2568] <= 97
    years = sorted(means)
    for earlier, later in itertools.pairwise(years):
        assert means[later] > means[earlier], (earlier, later)


def test_oit_is_the_weakest_tool_in_2562(reader):
    iit, eit, oit = reader.rows(
        "select avg(iit), avg(eit), avg(oit) from org_year_scores where fiscal_year = 2562"
    )[0]
    assert oit < iit
    assert oit < eit


def test_scores_are_within_0_and_100(reader):
    assert (
        one(reader, "select count(*) from core.indicator_scores where score < 0 or score > 100")
        == 0
    )
    assert one(reader, "select count(*) from org_year_scores where total < 0 or total > 100") == 0


def test_some_organisations_miss_a_year(reader):
    gaps = reader.rows(
        "select org_code, count(*), min(fiscal_year), max(fiscal_year) from core.assessments "
        "group by 1 having count(*) < max(fiscal_year) - min(fiscal_year) + 1"
    )
    assert gaps  # a year missing between two assessed years


def test_missing_indicator_leaves_total_and_level_unknown(reader):
    partial = reader.rows(
        "select org_code, fiscal_year from core.indicator_scores group by 1, 2 "
        "having count(*) between 1 and 9"
    )
    assert partial
    for code, year in partial:
        row = reader.rows(
            "select total, level, level_code, passed, total_is_computed, total_published "
            "from org_year_scores where org_code = $c and fiscal_year = $y",
            {"c": code, "y": year},
        )
        assert row == [(None, None, None, None, False, None)], (code, year)
        computed = reader.rows(
            "select total, level_code from core.computed_results "
            "where org_code = $c and fiscal_year = $y",
            {"c": code, "y": year},
        )
        assert computed == [(None, None)]


def test_total_only_rows_in_2562(reader):
    rows = reader.rows(
        "select s.org_code, s.total, s.level, s.level_code, s.total_published, s.level_published, "
        "s.total_is_computed, s.passed, s.iit, s.level_mismatch "
        "from org_year_scores as s where s.fiscal_year = 2562 and not exists ("
        "  select 1 from core.indicator_scores as i "
        "  where i.org_code = s.org_code and i.fiscal_year = s.fiscal_year)"
    )
    assert len(rows) >= 5
    for code, total, level, level_code, t_pub, l_pub, computed, passed, iit, mismatch in rows:
        assert t_pub is not None and l_pub is not None, code
        assert total == t_pub
        assert computed is False and iit is None
        expected = next(c for c, floor in AAF if t_pub >= floor)
        assert l_pub == expected and level_code == expected and level == expected
        assert mismatch is False
        assert passed is (t_pub >= 85)
    # Only 2562 has such rows.
    assert (
        one(
            reader,
            "select count(*) from core.assessments where total_published is not null "
            "and fiscal_year <> 2562",
        )
        == 0
    )


def test_computed_rows_are_consistent(reader):
    # Every org-year with all ten indicators has a computed total, and nothing disagrees.
    assert (
        one(reader, "select count(*) from org_year_scores where total_mismatch or level_mismatch")
        == 0
    )
    full = one(
        reader,
        "select count(*) from (select org_code, fiscal_year from core.indicator_scores "
        "group by 1, 2 having count(*) = 10)",
    )
    assert one(reader, "select count(*) from org_year_scores where total_is_computed") == full
    assert one(reader, "select count(*) from org_year_scores where total >= 85 and not passed") == 0
    assert one(reader, "select count(*) from org_year_scores where total < 85 and passed") == 0


def test_one_org_year_by_hand(reader):
    code, year = reader.rows(
        "select org_code, fiscal_year from core.indicator_scores group by 1, 2 "
        "having count(*) = 10 order by 1, 2 limit 1"
    )[0]
    scores = dict(
        reader.rows(
            "select indicator, score from core.indicator_scores "
            "where org_code = $c and fiscal_year = $y",
            {"c": code, "y": year},
        )
    )
    # ITA = 0.06 x (indicators 1-5) + 0.10 x (6-8) + 0.20 x (9-10), rounded half-up once
    exact = (
        Decimal("0.06") * sum(scores[i] for i in range(1, 6))
        + Decimal("0.10") * sum(scores[i] for i in (6, 7, 8))
        + Decimal("0.20") * (scores[9] + scores[10])
    )
    total = one(
        reader,
        f"select total from org_year_scores where org_code = '{code}' and fiscal_year = {year}",
    )
    assert total == exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


# --- measures -------------------------------------------------------------------------------


def test_every_assessed_org_year_has_measures(reader):
    assert (
        one(
            reader,
            "select count(*) from core.assessments as a where not exists ("
            "select 1 from core.measures as m "
            "where m.org_code = a.org_code and m.fiscal_year = a.fiscal_year)",
        )
        == 0
    )


def test_measure_reports_and_statuses(reader):
    rounds = {r[0] for r in reader.rows("select distinct round from core.measure_reports")}
    assert rounds == {6, 12}
    statuses = {r[0] for r in reader.rows("select distinct status from measures")}
    assert {"not_started", "in_progress", "done", "cancelled"} <= statuses
    assert one(reader, "select count(*) from measures where outcome is null") > 0
    assert one(reader, "select count(*) from measures where outcome is not null") > 0
    # Measures target valid indicators
    bad = one(
        reader, "select count(*) from core.measure_indicators where indicator not between 1 and 10"
    )
    assert bad == 0
    assert one(reader, "select count(*) from measures where len(indicators) = 0") == 0


# --- complaints -----------------------------------------------------------------------------


def test_complaints(reader):
    assert {r[0] for r in reader.rows("select distinct round from complaints")} == {6, 12}
    assert one(reader, "select count(*) from complaints where received = 0") > 0
    assert one(reader, "select count(*) from complaints where received > 0") > 0
    assert (
        one(
            reader,
            "select count(*) from core.assessments as a where not exists ("
            "select 1 from core.complaints as c "
            "where c.org_code = a.org_code and c.fiscal_year = a.fiscal_year)",
        )
        > 0
    )
    assert (
        one(reader, "select count(*) from complaints where completed + in_progress <> received")
        == 0
    )
    # Round 12 is cumulative over the year: never fewer complaints than at 6 months.
    assert (
        one(
            reader,
            "select count(*) from complaints as s join complaints as w "
            "using (org_code, fiscal_year) where s.round = 6 and w.round = 12 "
            "and w.received < s.received",
        )
        == 0
    )


# --- dataset info ---------------------------------------------------------------------------


def test_dataset_info(reader):
    info = dict(reader.rows("select key, value from dataset_info"))
    assert info["dataset_kind"] == "demo"
    assert info["schema_version"] == "5"
    assert "สมมุติ" in info["dataset_note"] and "fictional" in info["dataset_note"]
    assert one(reader, "select count(*) from core.import_batches where kind = 'demo'") == 1
    assert one(reader, "select count(distinct batch_id) from core.assessments") == 1
