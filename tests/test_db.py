"""dashboard.db: creating, writing atomically, reading, and the clear errors for bad files."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest
from support import THAI, reading, sha256

from dashboard import db as dbmod
from dashboard import paths

REPO = paths.RESOURCE_ROOT


def leftovers(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir() if ".tmp-" in p.name)


def assert_bilingual(exc: dbmod.DatabaseError) -> None:
    assert THAI.search(exc.message_th), exc.message_th
    assert exc.message_en.isascii(), exc.message_en
    words = re.findall(r"\b[A-Za-z]{2,}\b", exc.message_en.replace(str(exc.path), ""))
    assert len(words) >= 5, exc.message_en  # a sentence in English, not just a path or a code
    assert exc.message_th in str(exc) and exc.message_en in str(exc)


def add_org(w: dbmod.Db, code: str, name: str = "องค์การบริหารส่วนตำบลทดสอบ") -> None:
    batch = dbmod.new_batch(w, "app", row_count=1)
    w.execute(
        "insert into core.organisations values "
        "($code, $name, 'SAO', 'P1', 'จังหวัดทดสอบ', null, 'อำเภอทดสอบ', null, null, $batch)",
        {"code": code, "name": name, "batch": batch},
    )


def org_codes(reader: dbmod.Db) -> list[str]:
    return [r[0] for r in reader.rows("select org_code from core.organisations order by 1")]


@pytest.fixture
def database(tmp_path) -> Path:
    path = tmp_path / "x.duckdb"
    with dbmod.write(path):
        pass
    return path


def _start(script: str, *args: str) -> subprocess.Popen:
    """Start a Python child that prints 'ready' once it holds what it must, then waits for stdin."""
    proc = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(script), *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO,
    )
    line = proc.stdout.readline()
    if line.strip() != "ready":
        proc.kill()
        _, err = proc.communicate()
        pytest.fail(f"helper process did not start: {line!r} {err}")
    return proc


def _stop(proc: subprocess.Popen) -> str:
    """Let the helper finish; returns what it wrote to stderr."""
    try:
        return proc.communicate(input="", timeout=60)[1]
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


HOLD_READ_WRITE = """
    import sys
    import duckdb
    con = duckdb.connect(sys.argv[1])
    print("ready", flush=True)
    sys.stdin.read()
    con.close()
"""

HOLD_WRITER = """
    import sys
    from dashboard import db
    with db.write(sys.argv[1]) as w:
        print("ready", flush=True)
        sys.stdin.read()
"""


# --- creating -------------------------------------------------------------------------------


def test_writer_creates_database_with_schema_and_methodology(tmp_path):
    path = tmp_path / "sub" / "new.duckdb"
    assert not path.exists()
    with dbmod.write(path) as w:
        assert w.meta("app") == "ita-dashboard"
    assert path.is_file()
    assert leftovers(path) == []
    reader = dbmod.open_reader(path)
    try:
        assert reader.meta("app") == "ita-dashboard"
        assert reader.meta("schema_version") == "5"
        assert reader.meta("dataset_kind") == "empty"
        assert reader.meta("reference_sha256") == dbmod.reference_fingerprint()
        counts = dict(
            reader.rows(
                "select 'years', count(*) from core.method_years union all "
                "select 'tools', count(*) from core.method_tools union all "
                "select 'indicators', count(*) from core.method_indicators union all "
                "select 'levels', count(*) from core.method_levels union all "
                "select 'types', count(*) from core.org_types union all "
                "select 'statuses', count(*) from core.measure_statuses union all "
                "select 'orgs', count(*) from core.organisations"
            )
        )
        # 8 years (2562-2569); 7 scored years x 3 tools = 21; 7 x 10 indicators = 70;
        # 7 AA-F levels + 5 PASS5 levels = 12; 7 organisation types; 4 measure statuses.
        assert counts == {
            "years": 8,
            "tools": 21,
            "indicators": 70,
            "levels": 12,
            "types": 7,
            "statuses": 4,
            "orgs": 0,
        }
        views = {
            r[0]
            for r in reader.rows(
                "select view_name from duckdb_views() where database_name = 'ita' "
                "and schema_name = 'main' and not internal"
            )
        }
        assert {
            "org_year_types",
            "org_year_scores",
            "indicator_scores",
            "measures",
            "complaints",
            "dataset_info",
        } <= views
        assert reader.rows("select * from dataset_info where key = 'dataset_kind'") == [
            ("dataset_kind", "empty")
        ]
        aliases = reader.rows("select aliases from core.org_types where type_code = 'SAO'")[0][0]
        assert "อบต." in aliases
    finally:
        reader.close()


def test_write_commits_changes_and_batches_get_increasing_ids(database):
    with dbmod.write(database) as w:
        first = dbmod.new_batch(w, "app", row_count=0, note="one")
        second = dbmod.new_batch(w, "app", row_count=0, note="two")
    assert second > first
    with dbmod.write(database) as w:
        add_org(w, "T1")
    reader = dbmod.open_reader(database)
    try:
        assert org_codes(reader) == ["T1"]
        assert reader.rows("select count(*) from core.import_batches")[0][0] == 3
    finally:
        reader.close()


# --- atomic writes --------------------------------------------------------------------------


def test_failing_write_leaves_file_byte_identical(database):
    with dbmod.write(database) as w:
        add_org(w, "KEEP")
    before = sha256(database)
    identity = dbmod.file_identity(database)

    class Boom(Exception):
        pass

    with pytest.raises(Boom), dbmod.write(database) as w:
        add_org(w, "LOST")
        w.set_meta("dataset_kind", "imported")
        raise Boom()

    assert sha256(database) == before
    assert dbmod.file_identity(database) == identity
    assert leftovers(database) == []
    reader = dbmod.open_reader(database)
    try:
        assert org_codes(reader) == ["KEEP"]
        assert reader.meta("dataset_kind") == "empty"
    finally:
        reader.close()


def test_failing_first_write_creates_nothing(tmp_path):
    path = tmp_path / "never.duckdb"
    with pytest.raises(ValueError), dbmod.write(path):
        raise ValueError("stop")
    assert not path.exists()
    assert leftovers(path) == []


def test_reader_opened_before_a_write_keeps_the_old_data(database):
    with dbmod.write(database) as w:
        add_org(w, "OLD")
    old = dbmod.open_reader(database)
    try:
        identity = dbmod.file_identity(database)
        with dbmod.write(database) as w:
            add_org(w, "NEW")
        assert dbmod.file_identity(database) != identity  # replaced: a new version
        assert org_codes(old) == ["OLD"]
        new = dbmod.open_reader(database)
        try:
            assert org_codes(new) == ["NEW", "OLD"]
        finally:
            new.close()
        assert org_codes(old) == ["OLD"]
    finally:
        old.close()


def test_file_identity_of_missing_file(tmp_path):
    assert dbmod.file_identity(tmp_path / "nothing.duckdb") is None


def test_reader_is_read_only(database):
    reader = dbmod.open_reader(database)
    try:
        with pytest.raises(duckdb.Error):
            reader.execute("insert into core.meta values ('x', 'y')")
    finally:
        reader.close()


def test_writer_reloads_changed_methodology(database):
    # Pretend the stored methodology is stale: the next writer reloads it from data/.
    with dbmod.write(database) as w:
        w.execute("delete from core.method_levels")
        w.set_meta("reference_sha256", "stale")
    reader = dbmod.open_reader(database)
    try:
        assert reader.rows("select count(*) from core.method_levels")[0][0] == 0
    finally:
        reader.close()
    with dbmod.write(database):
        pass
    reader = dbmod.open_reader(database)
    try:
        assert reader.rows("select count(*) from core.method_levels")[0][0] == 12
        assert reader.meta("reference_sha256") == dbmod.reference_fingerprint()
    finally:
        reader.close()


def test_changed_methodology_rescoring(database):
    from dashboard import score_store

    with dbmod.write(database) as w:
        add_org(w, "T1")
        w.execute("insert into core.assessments values ('T1', 2565, null, null, 1)")
        for i in range(1, 11):
            w.execute("insert into core.indicator_scores values ('T1', 2565, $i, 90, 1)", {"i": i})
        score_store.refresh(w)
    with dbmod.write(database) as w:
        # stale scores and a stale methodology fingerprint
        w.execute("delete from core.computed_results")
        w.execute("delete from core.computed_tool_scores")
        w.set_meta("reference_sha256", "stale")
    with dbmod.write(database):
        pass  # reloads the methodology and rescores
    reader = dbmod.open_reader(database)
    try:
        # every indicator 90 -> every tool 90.00, total 90.00 -> A (85 <= 90 < 95)
        assert reader.rows("select total, level_code, passed from core.computed_results") == [
            (Decimal("90.00"), "A", True)
        ]
        assert reader.rows("select count(*) from core.computed_tool_scores")[0][0] == 3
    finally:
        reader.close()


def test_pending_wal_blocks_the_writer(database):
    before = sha256(database)
    wal = database.with_name(database.name + ".wal")
    wal.write_bytes(b"")
    with pytest.raises(dbmod.DatabaseLocked) as err, dbmod.write(database):
        pass
    assert ".wal" in err.value.message_en
    assert_bilingual(err.value)
    assert sha256(database) == before
    assert leftovers(database) == []


# --- reading errors -------------------------------------------------------------------------


def test_missing_file(tmp_path):
    path = tmp_path / "missing.duckdb"
    with pytest.raises(dbmod.DatabaseMissing) as err:
        dbmod.open_reader(path)
    assert err.value.path == path
    assert "ita demo" in err.value.message_en
    assert_bilingual(err.value)
    assert not path.exists()  # opening never creates the file


@pytest.mark.parametrize("content", [b"this is not a database\n", b""])
def test_text_or_empty_file_is_unreadable(tmp_path, content):
    path = tmp_path / "notes.duckdb"
    path.write_bytes(content)
    before = sha256(path)
    with pytest.raises(dbmod.UnreadableDatabase) as err:
        dbmod.open_reader(path)
    assert_bilingual(err.value)
    assert sha256(path) == before
    with pytest.raises(dbmod.UnreadableDatabase), dbmod.write(path):
        pass
    assert sha256(path) == before
    assert leftovers(path) == []


def test_foreign_duckdb_file(tmp_path):
    path = tmp_path / "other.duckdb"
    con = duckdb.connect(str(path))
    con.execute("create table things (x integer)")
    con.execute("insert into things values (1)")
    con.close()
    before = sha256(path)
    with pytest.raises(dbmod.ForeignDatabase) as err:
        dbmod.open_reader(path)
    assert_bilingual(err.value)
    assert "not an ITA dashboard database" in err.value.message_en
    # A writer never touches it either, even one that would replace the file whole.
    for fresh in (False, True):
        with pytest.raises(dbmod.ForeignDatabase), dbmod.write(path, fresh=fresh):
            pass
        assert sha256(path) == before
    assert leftovers(path) == []


def test_foreign_duckdb_file_with_a_meta_table(tmp_path):
    path = tmp_path / "other.duckdb"
    con = duckdb.connect(str(path))
    con.execute("create schema core")
    con.execute("create table core.meta (key varchar, value varchar)")
    con.execute("insert into core.meta values ('app', 'something-else')")
    con.close()
    with pytest.raises(dbmod.ForeignDatabase):
        dbmod.open_reader(path)


def test_other_schema_version_is_foreign(database):
    with dbmod.write(database) as w:
        w.set_meta("schema_version", "999")
    with pytest.raises(dbmod.ForeignDatabase) as err:
        dbmod.open_reader(database)
    assert "999" in err.value.message_en
    assert_bilingual(err.value)


def test_file_held_read_write_by_another_process(database):
    holder = _start(HOLD_READ_WRITE, str(database))
    try:
        with pytest.raises(dbmod.DatabaseLocked) as err:
            dbmod.open_reader(database)
        assert_bilingual(err.value)
        assert str(holder.pid) in err.value.message_en

        before = sha256(database)
        with pytest.raises(dbmod.DatabaseLocked) as err, dbmod.write(database) as w:
            add_org(w, "NEVER")
        assert_bilingual(err.value)
        assert sha256(database) == before
        assert leftovers(database) == []
    finally:
        stderr = _stop(holder)
    assert holder.returncode == 0, stderr
    reader = dbmod.open_reader(database)  # once released, readable again
    try:
        assert org_codes(reader) == []
    finally:
        reader.close()


def test_second_writer_gets_writer_busy(database):
    holder = _start(HOLD_WRITER, str(database))
    try:
        before = sha256(database)
        with pytest.raises(dbmod.WriterBusy) as err, dbmod.write(database, wait_seconds=0.5) as w:
            add_org(w, "NEVER")
        assert_bilingual(err.value)
        assert f"pid {holder.pid}" in err.value.message_en
        assert sha256(database) == before
        # Readers are not blocked by a writer.
        reader = dbmod.open_reader(database)
        reader.close()
    finally:
        stderr = _stop(holder)
    assert holder.returncode == 0, stderr
    # The first writer finished; the lock is free again.
    with dbmod.write(database, wait_seconds=0.5) as w:
        add_org(w, "AFTER")
    reader = dbmod.open_reader(database)
    try:
        assert org_codes(reader) == ["AFTER"]
    finally:
        reader.close()
    assert leftovers(database) == []


# --- queries --------------------------------------------------------------------------------


def test_query_requires_its_parameters(database):
    reader = dbmod.open_reader(database)
    try:
        with pytest.raises(TypeError, match="org_codes"):
            reader.query("score_inputs")
        with pytest.raises(TypeError, match="org_codes"):
            reader.records("score_inputs")
        with pytest.raises(TypeError, match="years"):
            reader.query("score_inputs", org_codes=None)
        assert reader.query("score_inputs", org_codes=None, years=None).empty
        assert reader.records("score_inputs", org_codes=["X"], years=[2566]) == []
        # extra parameters are ignored; queries without parameters need none
        assert len(reader.records("method_years", unused=1)) == 8
    finally:
        reader.close()


def test_unknown_query_name(database):
    reader = dbmod.open_reader(database)
    try:
        with pytest.raises(KeyError):
            reader.query("no_such_query")
    finally:
        reader.close()


def test_load_query_finds_parameters_outside_comments():
    sql, names = dbmod.load_query("score_inputs")
    assert "$org_codes" in sql
    assert names == frozenset({"org_codes", "years"})
    assert dbmod.load_query("method_years")[1] == frozenset()
    assert "score_inputs" in dbmod.query_names()


def test_records_keep_decimals(database):
    reader = dbmod.open_reader(database)
    try:
        tools = reader.records("method_tools")
    finally:
        reader.close()
    assert {type(r["weight"]) for r in tools} == {Decimal}
    assert sum(r["weight"] for r in tools if r["fiscal_year"] == 2566) == Decimal(1)


def test_tuples_are_records_in_column_order(database):
    with reading(database) as reader:
        records = reader.records("method_tools")
        tuples = reader.tuples("method_tools")
    assert tuples and [tuple(r.values()) for r in records] == tuples


def test_column_lists_are_the_records_by_column(database):
    """Each column a list of Python values, a NULL as None (min_each_tool is NULL for most
    levels), a boolean as bool; a DECIMAL comes as float (numbers and booleans are what it is
    for)."""
    with reading(database) as reader:
        records = reader.records("method_levels")
        columns = reader.column_lists("method_levels")
    assert records and list(columns) == list(records[0])
    for name, values in columns.items():
        expected = [r[name] for r in records]
        if name in ("min_total", "min_each_tool"):
            expected = [None if v is None else float(v) for v in expected]
        assert values == expected, name
    assert None in columns["min_each_tool"] and {type(v) for v in columns["passed"]} == {bool}


def test_an_arrow_table_is_registered_as_it_is(tmp_path):
    """`arrow_table` keeps each column's values and their types (a column of None only is
    NULL), and the registered table can be read by several statements."""
    from datetime import date

    columns = {
        "n": [1, 2, 3],
        "text": ["ก", None, "ข"],
        "day": [date(2024, 3, 30), None, None],
        "flag": [True, False, True],
        "nothing": [None, None, None],
    }
    with dbmod.write(tmp_path / "a.duckdb") as w, w.registered("rel", dbmod.arrow_table(columns)):
        first = w.rows("select * from rel order by n")
        again = w.rows("select count(*) from rel as a join rel as b using (n)")
    assert first == [
        (1, "ก", date(2024, 3, 30), True, None),
        (2, None, None, False, None),
        (3, "ข", None, True, None),
    ]
    assert again == [(3,)]
