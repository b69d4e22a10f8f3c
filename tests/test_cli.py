"""The `ita` command: demo, info, serve's early checks, --db / ITA_DB, and bilingual errors."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import duckdb
import pytest
import support
from support import THAI, count, reading, run_installed_ita, script_environment, sha256

from dashboard import cli, paths
from dashboard import db as dbmod

pytestmark = pytest.mark.usefixtures("isolated_environment")
assert_bilingual_error = partial(support.assert_bilingual_error, min_words=5)


def kind(path: Path) -> str | None:
    with reading(path) as reader:
        return reader.meta("dataset_kind")


def imported_database(path: Path) -> Path:
    with dbmod.write(path) as w:
        w.set_meta("dataset_kind", "imported")
    return path


# --- demo -----------------------------------------------------------------------------------


def test_demo_builds(tmp_path, capsys):
    path = tmp_path / "d.duckdb"
    assert cli.main(["demo", "--db", str(path)]) == 0
    out = capsys.readouterr().out
    assert str(path) in out
    assert "Demo database built" in out
    assert THAI.search(out)
    organisations = count(path, "core.organisations")
    assert f"organisations: {organisations:,}" in out
    assert kind(path) == "demo"
    # A demo database may be rebuilt over itself without --force.
    assert cli.main(["demo", "--db", str(path)]) == 0
    assert count(path, "core.organisations") == organisations
    capsys.readouterr()

    # info describes it
    assert cli.main(["info", "--db", str(path)]) == 0
    out = capsys.readouterr().out
    assert f"database: {path}" in out
    assert "dataset_kind: demo" in out
    reader = dbmod.open_reader(path)
    try:
        expected = {
            "organisations": reader.rows("select count(*) from core.organisations")[0][0],
            "org-years assessed": reader.rows("select count(*) from core.assessments")[0][0],
            "measures": reader.rows("select count(*) from core.measures")[0][0],
            "complaint rows": reader.rows("select count(*) from core.complaints")[0][0],
            "import batches": 1,  # the rebuild replaced the file whole
        }
    finally:
        reader.close()
    for name, n in expected.items():
        assert f"  {name}: {n:,}\n" in out, name
    assert expected["organisations"] > 250


def test_demo_refuses_to_replace_imported_data(tmp_path, capsys):
    path = imported_database(tmp_path / "mine.duckdb")
    before = sha256(path)
    assert cli.main(["demo", "--db", str(path)]) == 2
    captured = capsys.readouterr()
    assert_bilingual_error(captured.err)
    assert "--force" in captured.err
    assert "imported data" in captured.err
    assert sha256(path) == before
    assert kind(path) == "imported"
    assert not [p for p in tmp_path.iterdir() if ".tmp-" in p.name]


def test_demo_force_replaces_imported_data(tmp_path, capsys):
    path = imported_database(tmp_path / "mine.duckdb")
    assert cli.main(["demo", "--db", str(path), "--force"]) == 0
    capsys.readouterr()
    assert kind(path) == "demo"
    assert count(path, "core.organisations") > 0


def test_demo_honours_ita_db(tmp_path, monkeypatch, capsys):
    path = imported_database(tmp_path / "env.duckdb")
    monkeypatch.setenv("ITA_DB", str(path))
    before = sha256(path)
    assert cli.main(["demo"]) == 2  # it is the ITA_DB file that is protected
    assert sha256(path) == before
    assert str(path) in capsys.readouterr().err
    assert not (tmp_path / "xdg").exists()  # the default path was not used


def test_demo_on_foreign_file(tmp_path, capsys):
    path = tmp_path / "foreign.duckdb"
    con = duckdb.connect(str(path))
    con.execute("create table t as select 1 as x")
    con.close()
    before = sha256(path)
    assert cli.main(["demo", "--db", str(path)]) == 2
    assert_bilingual_error(capsys.readouterr().err)
    assert sha256(path) == before
    assert (
        cli.main(["demo", "--db", str(path), "--force"]) == 2
    )  # --force never hits a foreign file
    assert sha256(path) == before


def test_demo_on_text_file(tmp_path, capsys):
    path = tmp_path / "notes.duckdb"
    path.write_text("hello\n", encoding="utf-8")
    assert cli.main(["demo", "--db", str(path)]) == 2
    assert_bilingual_error(capsys.readouterr().err)
    assert path.read_text(encoding="utf-8") == "hello\n"


# --- info -----------------------------------------------------------------------------------


def test_info_honours_ita_db(tmp_path, monkeypatch, capsys):
    path = imported_database(tmp_path / "env.duckdb")
    monkeypatch.setenv("ITA_DB", str(path))
    assert cli.main(["info"]) == 0
    out = capsys.readouterr().out
    assert f"database: {path}" in out
    assert "dataset_kind: imported" in out
    assert "  organisations: 0" in out


def test_db_option_wins_over_ita_db(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("ITA_DB", str(imported_database(tmp_path / "env.duckdb")))
    chosen = tmp_path / "chosen.duckdb"
    with dbmod.write(chosen):
        pass
    assert cli.main(["info", "--db", str(chosen)]) == 0
    out = capsys.readouterr().out
    assert f"database: {chosen}" in out and "dataset_kind: empty" in out


def test_default_path_when_neither_is_given(tmp_path, capsys):
    expected = tmp_path / "xdg" / "ita-dashboard" / "ita.duckdb"
    assert paths.resolve_db_path() == expected
    assert cli.main(["info"]) == 2
    err = capsys.readouterr().err
    assert str(expected) in err
    assert_bilingual_error(err)
    assert not expected.exists()


def test_info_missing_file(tmp_path, capsys):
    path = tmp_path / "missing.duckdb"
    assert cli.main(["info", "--db", str(path)]) == 2
    err = capsys.readouterr().err
    assert_bilingual_error(err)
    assert "ita demo" in err
    assert not path.exists()


def test_info_foreign_file(tmp_path, capsys):
    path = tmp_path / "foreign.duckdb"
    con = duckdb.connect(str(path))
    con.execute("create table t as select 1 as x")
    con.close()
    assert cli.main(["info", "--db", str(path)]) == 2
    err = capsys.readouterr().err
    assert_bilingual_error(err)
    assert "not an ITA dashboard database" in err


# --- serve (only its checks before streamlit starts) -----------------------------------------


def test_serve_never_invents_a_database_at_a_chosen_path(tmp_path, capsys):
    path = tmp_path / "chosen.duckdb"
    assert cli.main(["serve", "--db", str(path)]) == 2
    assert_bilingual_error(capsys.readouterr().err)
    assert not path.exists()


def test_serve_refuses_a_foreign_file(tmp_path, capsys):
    path = tmp_path / "foreign.duckdb"
    path.write_text("not a database", encoding="utf-8")
    assert cli.main(["serve", "--db", str(path)]) == 2
    assert_bilingual_error(capsys.readouterr().err)


# --- arguments ------------------------------------------------------------------------------


def test_version(capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out.strip() == "ita 0.1.0"


def test_a_subcommand_is_required(capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.main([])
    assert exit_.value.code == 2
    capsys.readouterr()


# --- the installed script -------------------------------------------------------------------


def test_installed_ita_script(tmp_path):
    path = tmp_path / "sub.duckdb"
    env = script_environment(tmp_path)
    done = run_installed_ita(["demo", "--db", str(path)], env, tmp_path, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "Demo database built" in done.stdout
    assert kind(path) == "demo"
    env["ITA_DB"] = str(path)
    done = run_installed_ita(["info"], env, tmp_path, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "dataset_kind: demo" in done.stdout
    done = run_installed_ita(["info", "--db", str(tmp_path / "none.duckdb")], env, tmp_path)
    assert done.returncode == 2
    assert_bilingual_error(done.stderr)
