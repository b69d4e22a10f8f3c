"""Derived tables (dashboard/derived.py): rebuilt by the writes that change their sources, caught
when out of step, and added to a database of the earlier schema by `ita upgrade`."""

from __future__ import annotations

import re

import duckdb
import pytest
import support
from support import copy_db, reading, scalar

from dashboard import cli, derived
from dashboard import db as dbmod

pytestmark = pytest.mark.usefixtures("isolated_environment")

GROUP = {"province": None, "district": None, "org_type": None}
CURRENT = dbmod.SCHEMA_VERSION


@pytest.mark.parametrize(
    ("sql", "tables"),
    [
        ("insert into core.assessments by name select * from _stage", {"core.assessments"}),
        ("INSERT OR REPLACE INTO core.meta values ($k, $v)", {"core.meta"}),
        ("delete from core.computed_results where org_code = $c", {"core.computed_results"}),
        ("update core.import_batches set undone_at = $at", {"core.import_batches"}),
        (
            "insert into core.org_type_years select a.org_code from core.assessments as a",
            {"core.org_type_years"},
        ),
        ("select * from core.assessments", set()),
        ("delete from main_table", set()),
    ],
)
def test_tables_written(sql, tables):
    assert derived.tables_written(sql) == tables


def test_stale_follows_sources():
    assert derived.stale({"core.computed_results"}) == ["org_year_summary"]
    assert derived.stale({"core.measure_reports"}) == ["measure_summary", "measure_fingerprints"]
    assert derived.stale({"core.measure_indicators"}) == [
        "measure_summary",
        "indicator_coverage",
        "measure_fingerprints",
    ]
    assert derived.stale({"core.complaints", "core.meta"}) == []
    assert set(derived.stale({"core.organisations", "core.measures"})) == set(derived.SOURCES) - {
        "indicator_coverage"
    }


def test_a_write_rebuilds_what_it_changed(demo_db, tmp_path):
    path = copy_db(demo_db, tmp_path)
    code, year = support.fetch_one(
        path, "select org_code, max(fiscal_year) from core.assessments group by 1 order by 1"
    )
    with dbmod.write(path) as w:
        w.execute(
            "update core.organisations set name_th = 'ชื่อใหม่' where org_code = $c", {"c": code}
        )
        w.execute(
            "delete from core.measure_reports where org_code = $c and fiscal_year = $y",
            {"c": code, "y": year},
        )
    with reading(path) as r:
        names = {n for (n,) in r.rows("select distinct org_name from org_year_scores "
                                      "where org_code = $c", {"c": code})}  # fmt: skip
        rounds = r.rows(
            "select count(*), count(report_round) from measures "
            "where org_code = $c and fiscal_year = $y",
            {"c": code, "y": year},
        )[0]
        assert all(name.endswith("ชื่อใหม่") for name in names) and names
        assert rounds[0] > 0 and rounds[1] == 0  # measures kept, no report left
        for name in derived.SOURCES:
            assert derived.differences(r, name) == 0


def test_a_change_the_refresh_misses_is_caught(demo_db, tmp_path):
    path = copy_db(demo_db, tmp_path)
    con = duckdb.connect(str(path))  # behind the program's back, as a forgetful writer would
    con.execute("update core.computed_results set total = total - 1 where total > 50")
    con.close()
    with reading(path) as r:
        assert derived.differences(r, "org_year_summary") > 0
        assert derived.differences(r, "measure_summary") == 0
    with pytest.raises(AssertionError, match="org_year_summary"), dbmod.write(path) as w:
        w.set_meta("note", "a write that changes nothing derived")


def test_a_refresh_by_year_narrows_the_parts_the_year_filter_cannot_reach():
    whole = derived.definition("org_year_summary")
    narrowed = derived.narrowed("org_year_summary", {2566, 2568})
    assert "/* refresh years: a.fiscal_year */" in whole
    assert "and a.fiscal_year in (2565, 2566, 2567, 2568)" in narrowed
    assert "refresh years" not in narrowed
    ranked = derived.narrowed("measure_summary", {2566})  # the latest report: a ranking
    assert ranked.count("and fiscal_year in (2565, 2566)") == 3
    assert derived.narrowed("indicator_summary", {2566}) == derived.definition("indicator_summary")


def test_a_year_refreshed_in_the_middle_matches_a_whole_rebuild(demo_db, tmp_path):
    """A score change in a middle year refreshes that year and the next (whose "year before"
    columns read it) from the narrowed definition; both must equal the whole definition."""
    path = copy_db(demo_db, tmp_path)
    years = [y for (y,) in support.fetch(path, "select distinct fiscal_year from "
                                         "core.assessments order by 1")]  # fmt: skip
    middle = years[len(years) // 2]
    assert middle + 1 in years and middle - 1 in years
    with dbmod.write(path) as w, w.within_years([middle]):
        w.execute(
            "update core.computed_results set total = 12.34 where fiscal_year = $y",
            {"y": middle},
        )
    with reading(path) as r:
        assert derived.differences(r, "org_year_summary") == 0
        assert (
            r.rows(
                "select count(*) from core.org_year_summary where fiscal_year = $y and "
                "prev_total = 12.34",
                {"y": middle + 1},
            )[0][0]
            > 0
        )


def test_compare_prev_year_columns_match_the_year_before(demo_db):
    with reading(demo_db) as r:
        year = r.rows("select max(fiscal_year) from core.assessments")[0][0]
        now = r.query("compare_orgs", year=year, org_codes=None, **GROUP).set_index("org_code")
        before = r.query("compare_orgs", year=year - 1, org_codes=None, **GROUP)
    before = before.set_index("org_code")
    both = now.index.intersection(before.index)
    assert len(both) > 100
    assert (now.loc[both, "prev_total"] == before.loc[both, "total"]).all()
    change = now.loc[both, "total"] - before.loc[both, "total"]
    assert ((now.loc[both, "change"] - change).abs() < 1e-9).all()
    assert now.loc[now.index.difference(before.index), "prev_total"].isna().all()


def _as_version_1(path) -> None:
    """What a database made before the derived tables looks like: no derived tables, version 1."""
    con = duckdb.connect(str(path))
    con.execute("drop view main.org_year_scores")
    con.execute("drop view main.measures")
    for name in derived.SOURCES:
        con.execute(f"drop table core.{name}")
    con.execute("update core.meta set value = '1' where key = 'schema_version'")
    con.close()


def test_upgrade_from_version_1(demo_db, tmp_path, capsys):
    path = copy_db(demo_db, tmp_path)
    with reading(path) as r:
        year = r.rows("select max(fiscal_year) from core.assessments")[0][0]
        overview = r.query("overview_by_year", **GROUP)
        measures = r.query("group_measures", year=year, **GROUP)
    _as_version_1(path)

    with pytest.raises(dbmod.OutdatedDatabase) as err:
        dbmod.open_reader(path)
    assert f"ita upgrade --db {path}" in err.value.message_en
    assert f"ita upgrade --db {path}" in err.value.message_th
    assert cli.main(["info", "--db", str(path)]) == 2
    assert "ita upgrade" in capsys.readouterr().err

    assert cli.main(["upgrade", "--db", str(path)]) == 0
    assert f"from schema version 1 to {CURRENT}" in capsys.readouterr().out
    assert scalar(path, "select value from core.meta where key = 'schema_version'") == CURRENT
    with reading(path) as r:
        assert r.query("overview_by_year", **GROUP).equals(overview)
        assert r.query("group_measures", year=year, **GROUP).equals(measures)
    assert cli.main(["upgrade", "--db", str(path)]) == 0
    assert f"already at schema version {CURRENT}" in capsys.readouterr().out


def test_upgrade_from_version_2_adds_the_thai_order_of_organisations(demo_db, tmp_path, capsys):
    """Version 2 had no core.org_order: `ita upgrade` builds it, and the lists ordered by it come
    out in the same order as collating the names on the spot."""
    path = copy_db(demo_db, tmp_path)
    con = duckdb.connect(str(path))
    con.execute("drop table core.org_order")
    con.execute("update core.meta set value = '2' where key = 'schema_version'")
    con.close()
    with pytest.raises(dbmod.OutdatedDatabase):
        dbmod.open_reader(path)
    assert cli.main(["upgrade", "--db", str(path)]) == 0
    assert f"from schema version 2 to {CURRENT}" in capsys.readouterr().out
    with reading(path) as r:
        listed = list(r.query("org_choices", **GROUP)["org_code"])
        collated = [code for (code,) in r.rows(
            "select org_code from core.organisations order by province_th collate th, "
            "district_th collate th, name_th collate th, org_code"
        )]  # fmt: skip
        assert listed == collated and len(listed) > 100
        year = r.rows("select max(fiscal_year) from core.assessments")[0][0]
        complaints = list(r.query("complaint_orgs", year=year, **GROUP)["org_code"])
        assert complaints == [code for code in collated if code in set(complaints)]


def _running_engine(path) -> str:
    return scalar(path, "select version()")


def test_upgrade_from_version_3_adds_the_measure_fingerprints(demo_db, tmp_path, capsys):
    path = copy_db(demo_db, tmp_path)
    con = duckdb.connect(str(path))
    expected = con.execute("select * from core.measure_fingerprints order by all").fetchall()
    con.execute("drop table core.measure_fingerprints")
    con.execute("delete from core.meta where key = 'hash_engine'")
    con.execute("update core.meta set value = '3' where key = 'schema_version'")
    con.close()
    assert len(expected) > 100
    assert cli.main(["upgrade", "--db", str(path)]) == 0
    assert f"from schema version 3 to {CURRENT}" in capsys.readouterr().out
    assert support.query(path, "select * from core.measure_fingerprints order by all") == expected
    assert scalar(path, "select value from core.meta where key = 'hash_engine'") == (
        _running_engine(path)
    )


def test_a_writer_rehashes_fingerprints_made_by_another_duckdb_version(demo_db, tmp_path):
    """Another DuckDB version may hash differently: a database whose fingerprints another
    version made gets them rebuilt by the next write, so that a file compared with them is not
    taken for changed."""
    path = copy_db(demo_db, tmp_path)
    con = duckdb.connect(str(path))
    expected = con.execute("select * from core.measure_fingerprints order by all").fetchall()
    # what another version's hashes look like to this one: none of them match
    con.execute(
        "update core.measure_fingerprints set text_hash = xor(text_hash, 1::ubigint), "
        "report_6 = xor(report_6, 1::ubigint)"
    )
    con.execute("update core.meta set value = 'v0.0.0' where key = 'hash_engine'")
    con.close()
    with dbmod.write(path) as w:
        assert w.meta("hash_engine") == _running_engine(path)
        assert derived.differences(w, "measure_fingerprints") == 0
        assert not derived.rebuild_for_engine(w)  # once: now the running engine's
    assert support.query(path, "select * from core.measure_fingerprints order by all") == expected


def test_thai_order_puts_a_leading_vowel_under_its_consonant(demo_db, tmp_path):
    """เกาะ... sorts among the ก names (Thai dictionary order), not after ฮ as its code points
    would; a new organisation gets its place (org_order is rebuilt by the write that adds it)."""
    path = copy_db(demo_db, tmp_path)
    province, district = support.fetch_one(
        path, "select province_th, district_th from core.organisations limit 1"
    )
    with dbmod.write(path) as w:
        batch = dbmod.new_batch(w, "app", row_count=3)
        support.insert_rows(w, batch, "core.organisations", [
            {"org_code": code, "name_th": name, "type_code": "SAO", "province_code": "99",
             "province_th": province, "province_en": None, "district_th": district,
             "lat": None, "lon": None}
            for code, name in (("T9001", "ฮ่องทดสอบ"), ("T9002", "เกาะทดสอบ"),
                               ("T9003", "กกทดสอบ"), ("T9004", "ขามทดสอบ"))
        ], objects=("province_en", "lat", "lon"))  # fmt: skip
    with reading(path) as r:
        ranks = dict(r.rows("select org_code, sort_rank from core.org_order "
                            "where org_code like 'T900%'"))  # fmt: skip
    order = sorted(ranks, key=ranks.get)
    assert order == ["T9003", "T9002", "T9004", "T9001"]  # กก, เกาะ (ก), ขาม, ฮ่อง
    assert sorted(["ฮ่องทดสอบ", "เกาะทดสอบ", "กกทดสอบ", "ขามทดสอบ"])[-1] == "เกาะทดสอบ"


def test_any_write_upgrades_and_a_fresh_build_may_replace(demo_db, tmp_path):
    path = copy_db(demo_db, tmp_path)
    _as_version_1(path)
    with dbmod.write(path) as w:
        w.set_meta("note", "x")
        assert w.upgraded_from == "1"
    with reading(path) as r:
        assert r.meta("schema_version") == CURRENT
        assert r.rows("select count(*) from org_year_scores")[0][0] > 0

    other = copy_db(demo_db, tmp_path, "other.duckdb")
    _as_version_1(other)
    with dbmod.write(other, fresh=True) as w:
        w.set_meta("note", "fresh")
    assert scalar(other, "select value from core.meta where key = 'schema_version'") == CURRENT


def test_every_derived_table_has_a_definition_and_is_documented():
    from dashboard import paths

    files = {f.stem for f in (paths.DATA_DIR / "derived").glob("*.sql")}
    assert files == set(derived.SOURCES)
    assert set(derived.SOURCES) == derived.CARRY_YEAR_BEFORE | derived.YEARLESS | {
        "measure_summary",
        "measure_fingerprints",
        "indicator_coverage",
    }
    readme = (paths.DATA_DIR / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Derived tables", 1)[1].split("\n### ", 1)[0]
    documented = set(re.findall(r"^\| `core\.(\w+)` \|", section, flags=re.MULTILINE))
    assert documented == set(derived.SOURCES)
    for name in derived.SOURCES:  # each definition reads only the sources it declares
        body = re.sub(r"--[^\n]*", "", derived.definition(name))
        tables = set(re.findall(r"\bcore\.(\w+)\b(?!\()", body))  # not the macros
        assert {f"core.{t}" for t in tables} == derived.SOURCES[name], name


def test_serve_upgrades_an_outdated_database_before_starting(
    demo_db, tmp_path, monkeypatch, capsys
):
    path = copy_db(demo_db, tmp_path)
    _as_version_1(path)
    monkeypatch.chdir(tmp_path)  # serve changes the working folder; restored after the test
    started = []

    def execve(program, args, env):  # instead of becoming the server
        started.append((args, env["ITA_DB"]))
        raise SystemExit(0)

    monkeypatch.setattr(cli.os, "execve", execve)
    with pytest.raises(SystemExit):
        cli.main(["serve", "--db", str(path)])
    assert f"from schema version 1 to {CURRENT}" in capsys.readouterr().out
    assert started and started[0][1] == str(path)
    with reading(path) as r:
        assert r.meta("schema_version") == CURRENT
        assert r.rows("select count(*) from org_year_scores")[0][0] > 0
