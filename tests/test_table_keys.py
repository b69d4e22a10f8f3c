"""The keys of the tables held per organisation and year (dashboard/table_keys.py): stated in
data/schema.sql, checked by every writer before it commits (a duplicate fails the write whole,
in Thai and English, and the file stays as it was), and the primary keys of schema 4 dropped by
`ita upgrade` with every row kept."""

from __future__ import annotations

import re

import duckdb
import pytest
import support
from support import copy_db, reading, scalar

from dashboard import cli, derived, paths, table_keys
from dashboard import db as dbmod

pytestmark = pytest.mark.usefixtures("isolated_environment")

SCHEMA = (paths.DATA_DIR / "schema.sql").read_text(encoding="utf-8")
# Logs of import batches: many rows per batch by design, no key.
LOGS = {"core.batch_warnings", "core.replaced_rows"}


def _stated_keys() -> dict[str, tuple[str, ...]]:
    """table -> its key, as the `-- key: ...` comment above its create statement states it."""
    found = re.findall(
        r"^-- key: ([\w, ]+) \(checked by every writer\)\n(?:--[^\n]*\n)*"
        r"create table if not exists (core\.\w+)",
        SCHEMA,
        flags=re.MULTILINE,
    )
    return {table: tuple(c.strip() for c in key.split(",")) for key, table in found}


def test_the_schema_states_the_same_keys():
    assert _stated_keys() == table_keys.KEYS


def test_keyed_tables_have_no_primary_key_and_every_other_stored_table_has_one(demo_db):
    with reading(demo_db) as r:
        primary = {
            f"core.{name}"
            for (name,) in r.rows(
                "select table_name from duckdb_constraints() where schema_name = 'core' "
                "and constraint_type = 'PRIMARY KEY'"
            )
        }
        tables = {
            f"core.{name}"
            for (name,) in r.rows(
                "select table_name from duckdb_tables() where schema_name = 'core'"
            )
        }
        not_null = set(
            r.rows(
                "select 'core.' || table_name, column_name from information_schema.columns "
                "where table_schema = 'core' and is_nullable = 'NO'"
            )
        )
    derived_tables = {f"core.{name}" for name in derived.SOURCES}
    assert not primary & set(table_keys.KEYS)
    assert tables - derived_tables - set(table_keys.KEYS) - LOGS == primary
    assert set(table_keys.KEYS) <= tables
    for table, key in table_keys.KEYS.items():
        for column in key:
            assert (table, column) in not_null, (table, column)


def _typed_value(data_type: str):
    if data_type.endswith("[]"):
        return [6]
    if data_type.startswith(("INTEGER", "BIGINT", "DECIMAL", "SMALLINT")):
        return 6
    if data_type == "BOOLEAN":
        return False
    if data_type == "DATE":
        return "2025-01-06"
    return "x"


def _insert_duplicate(w: dbmod.Db, table: str) -> None:
    """Two rows of `table` with one key: a stored row again, or (an empty table) one made up."""
    if w.rows(f"select count(*) from {table}")[0][0]:
        w.execute(f"insert into {table} select * from {table} order by all limit 1")
        return
    schema, name = table.split(".")
    columns = w.rows(
        "select column_name, data_type from information_schema.columns "
        "where table_schema = $schema and table_name = $name order by ordinal_position",
        {"schema": schema, "name": name},
    )
    row = {column: [_typed_value(data_type)] * 2 for column, data_type in columns}
    w.insert_df(table, row)


@pytest.mark.parametrize("table", sorted(table_keys.KEYS))
def test_a_write_leaving_two_rows_with_one_key_fails_whole(demo_db, tmp_path, table):
    path = copy_db(demo_db, tmp_path)
    before = support.sha256(path)
    with pytest.raises(dbmod.DuplicateKey) as err, dbmod.write(path) as w:
        _insert_duplicate(w, table)
    assert support.sha256(path) == before
    assert table in err.value.message_th and table in err.value.message_en
    assert "ไม่ได้บันทึก" in err.value.message_th
    assert "the database is unchanged" in err.value.message_en
    for column in table_keys.KEYS[table]:
        assert f"{column} = " in err.value.message_en


def test_the_message_names_the_key_of_the_duplicate(demo_db, tmp_path):
    path = copy_db(demo_db, tmp_path)
    org, year = support.fetch_one(
        path, "select org_code, fiscal_year from core.assessments order by all limit 1"
    )
    with pytest.raises(dbmod.DuplicateKey) as err, dbmod.write(path) as w:
        w.execute(
            "insert into core.assessments select * from core.assessments "
            "where org_code = $org and fiscal_year = $year",
            {"org": org, "year": year},
        )
    assert f"org_code = {org}, fiscal_year = {year}" in err.value.message_en
    assert f"org_code = {org}, fiscal_year = {year}" in err.value.message_th
    assert "2 " in err.value.message_en


def test_a_write_within_years_is_checked_in_those_years(demo_db, tmp_path, monkeypatch):
    """Outside the test suite's full check (ITA_CHECK_DERIVED), a writer that declared its
    years is checked in those years: a duplicate there fails the write."""
    monkeypatch.delenv(derived.CHECK_ENV, raising=False)
    path = copy_db(demo_db, tmp_path)
    year = scalar(path, "select max(fiscal_year) from core.indicator_scores")
    before = support.sha256(path)
    with pytest.raises(dbmod.DuplicateKey), dbmod.write(path) as w, w.within_years([year]):
        w.execute(
            "insert into core.indicator_scores select * from core.indicator_scores "
            "where fiscal_year = $year order by all limit 1",
            {"year": year},
        )
    assert support.sha256(path) == before


def test_what_is_checked():
    keyed = "core.indicator_scores"
    assert table_keys.to_check({keyed, "core.meta"}, {}) == {keyed: None}
    assert table_keys.to_check(set(), {keyed: {2567}, "core.meta": {2567}}) == {keyed: {2567}}
    # written anywhere as well as in some years: the whole table
    assert table_keys.to_check({keyed}, {keyed: {2567}}) == {keyed: None}
    assert table_keys.to_check(set(), {}) == {}
    assert table_keys.to_check(set(), {}, everything=True) == dict.fromkeys(table_keys.KEYS)
    sql = table_keys.duplicate_sql(keyed, {2568, 2567})
    assert "where fiscal_year in (2567, 2568)" in sql
    assert "where" not in table_keys.duplicate_sql(keyed)


def _as_version_4(path) -> None:
    """What a database of schema 4 looks like: the keyed tables with a PRIMARY KEY."""
    con = duckdb.connect(str(path))
    try:
        for table, key in table_keys.KEYS.items():
            name = table.removeprefix("core.")
            ddl = con.execute(
                "select sql from duckdb_tables() where schema_name = 'core' and table_name = $name",
                {"name": name},
            ).fetchone()[0]
            head, _, tail = ddl.rpartition(")")
            ddl = f"{head}, primary key ({', '.join(key)})){tail}"
            con.execute(f"alter table {table} rename to {name}_old")
            con.execute(ddl)
            con.execute(f"insert into {table} select * from core.{name}_old")
            con.execute(f"drop table core.{name}_old")
        con.execute("update core.meta set value = '4' where key = 'schema_version'")
    finally:
        con.close()


def test_upgrade_from_version_4_drops_the_primary_keys_and_keeps_every_row(
    demo_db, tmp_path, capsys
):
    path = copy_db(demo_db, tmp_path)
    rows = {t: support.query(path, f"select * from {t} order by all") for t in table_keys.KEYS}
    sequences = "select sequence_name, start_value, last_value from duckdb_sequences()"
    batch_sequence = support.query(path, sequences)
    _as_version_4(path)
    keyed = "select count(*) from duckdb_constraints() where constraint_type = 'PRIMARY KEY'"
    assert scalar(path, f"{keyed} and schema_name = 'core'") >= len(table_keys.KEYS)
    size_with_keys = path.stat().st_size

    assert cli.main(["upgrade", "--db", str(path)]) == 0
    assert f"from schema version 4 to {dbmod.SCHEMA_VERSION}" in capsys.readouterr().out
    for table in table_keys.KEYS:
        name = table.removeprefix("core.")
        assert scalar(path, f"{keyed} and table_name = '{name}'") == 0
        assert support.query(path, f"select * from {table} order by all") == rows[table]
    assert not support.query(
        path, "select table_name from duckdb_tables() where table_name like '%_keyed'"
    )
    # The file is rewritten without the indexes' freed blocks, everything else as it was.
    assert path.stat().st_size < 0.8 * size_with_keys
    assert support.checksums(path) == support.checksums(demo_db)
    constraints = (
        "select table_name, constraint_type, constraint_text from duckdb_constraints() "
        "where schema_name = 'core' order by all"
    )
    assert support.query(path, constraints) == support.query(demo_db, constraints)
    assert support.query(path, sequences) == batch_sequence
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name, f"{path.name}.lock"]
    with pytest.raises(dbmod.DuplicateKey), dbmod.write(path) as w:
        _insert_duplicate(w, "core.measures")
