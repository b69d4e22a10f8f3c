"""`ita import`: exit status 0 when the file went in, was already in, or is valid in a dry run;
non-zero with every problem on stderr, in Thai and English, when it did not."""

from __future__ import annotations

import re
from decimal import Decimal
from functools import partial
from pathlib import Path

import pytest
import support
from support import REGISTRY_HEADER, THAI, build_registry_db, copy_db, count, sha256, write

from dashboard import cli

REGISTRY = REGISTRY_HEADER + (
    "6990101,นาสาธิต,อบต.,99,สาธิตบุรี,Sathit Buri (test),เมืองสาธิต,15.5,104.5\n"
    "6990102,หนองสาธิต,อบต.,99,สาธิตบุรี,Sathit Buri (test),เมืองสาธิต,,\n"
)
SCORES = "org_code,fiscal_year,total,level\n6990101,2566,88.5,ผ่าน\n6990102,2566,72,ต้องปรับปรุง\n"

pytestmark = pytest.mark.usefixtures("isolated_environment")

checksums = partial(
    support.checksums,
    required=("core.organisations", "core.assessments", "main.org_year_scores"),
)


@pytest.fixture(scope="module")
def registry_db(tmp_path_factory) -> Path:
    return build_registry_db(tmp_path_factory.mktemp("cli-base"), REGISTRY)


@pytest.fixture
def db(registry_db, tmp_path) -> Path:
    return copy_db(registry_db, tmp_path)


def ita(*args: str | Path) -> int:
    return cli.main([str(a) for a in args])


def assert_rejected(err: str, n: int) -> list[str]:
    """The summary in Thai and English, then one line per problem; returns the problem lines."""
    lines = err.splitlines()
    assert lines[0] == (
        f"ไม่ได้นำเข้า: พบปัญหา {n} รายการ ฐานข้อมูลไม่เปลี่ยนแปลง / "
        f"Not imported: {n} problem(s); the database is unchanged."
    )
    problems = [line for line in lines[1:] if line.startswith("ERROR ")]
    assert len(problems) == n, err
    for line in problems:
        thai, english = line.split(": ", 1)[1].rsplit(" / ", 1)
        assert THAI.search(thai), line
        assert re.search(r"[A-Za-z]+(?: [A-Za-z]+){2,}", english), line
    return problems


def test_imported_then_already_exit_0(db, tmp_path, capsys):
    file = write(tmp_path, "scores.csv", SCORES)
    assert ita("import", "scores", file, "--db", db) == 0
    out = capsys.readouterr().out
    assert f"Imported as batch 2 into {db} (rows 2; add 2; replace 0; unchanged 0)" in out
    assert count(db, "core.assessments") == 2

    before = checksums(db)
    assert ita("import", "scores", file, "--db", db) == 0
    out = capsys.readouterr().out
    assert "นำเข้าไว้แล้ว ไม่มีการเปลี่ยนแปลง / Already imported (batch 2): nothing changed" in out
    assert "(rows 2; add 0; replace 0; unchanged 2)" in out
    assert checksums(db) == before
    assert count(db, "core.import_batches") == 2


def test_dry_run_of_a_valid_file_exits_0_and_changes_nothing(db, tmp_path, capsys):
    file = write(tmp_path, "scores.csv", SCORES)
    before, db_sha = checksums(db), sha256(db)
    assert ita("import", "scores", file, "--db", db, "--dry-run") == 0
    out = capsys.readouterr().out
    assert "Dry run: the file is valid (rows 2; add 2; replace 0; unchanged 0)" in out
    assert "  + row 2: 6990101 2566, total=88.50, level=ผ่าน" in out
    assert "  + row 3: 6990102 2566, total=72.00, level=ต้องปรับปรุง" in out
    assert checksums(db) == before and sha256(db) == db_sha


def test_dry_run_on_a_new_database_creates_nothing(tmp_path, capsys):
    file = write(tmp_path, "registry.csv", REGISTRY)
    db = tmp_path / "new.duckdb"
    assert ita("import", "registry", file, "--db", db, "--dry-run") == 0
    assert "add 2" in capsys.readouterr().out
    assert not db.exists()


def test_a_rejected_file_exits_1_with_every_problem_on_stderr(db, tmp_path, capsys):
    file = write(
        tmp_path,
        "bad.csv",
        "org_code,fiscal_year,total,level\n"
        "6990101,2566,101,ผ่าน\n"
        "6990102,66,80,\n"
        "6999999,2566,80,\n"
        "6990102,2566,80,ดีมาก\n",
    )
    before, file_sha = checksums(db), sha256(file)
    assert ita("import", "scores", file, "--db", db) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    problems = assert_rejected(captured.err, 4)
    assert problems[0].startswith("ERROR bad.csv, row 2, column 'total' [101]: ")
    assert problems[1].startswith("ERROR bad.csv, row 3, column 'fiscal_year' [66]: ")
    assert problems[2].startswith("ERROR bad.csv, row 4, column 'org_code' [6999999]: ")
    assert problems[3].startswith("ERROR bad.csv, row 5, column 'level' [ดีมาก]: ")
    assert "คะแนนต้องอยู่ระหว่าง 0 ถึง 100 / score must be between 0 and 100" in problems[0]
    assert checksums(db) == before and sha256(file) == file_sha


def test_a_dry_run_of_a_rejected_file_exits_1(db, tmp_path, capsys):
    file = write(tmp_path, "bad.csv", "org_code,fiscal_year,total\n6990101,2566,-1\n")
    assert ita("import", "scores", file, "--db", db, "--dry-run") == 1
    (line,) = assert_rejected(capsys.readouterr().err, 1)
    assert line.startswith("ERROR bad.csv, row 2, column 'total' [-1]: ")


@pytest.mark.parametrize(
    ("kind", "name", "data", "where"),
    [
        ("scores", "garbage.csv", b"\x00\x01\x02\xff" * 100, "ERROR garbage.csv: "),
        ("scores", "renamed.xlsx", SCORES, "ERROR renamed.xlsx: "),
        ("scores", "old.xls", b"\xd0\xcf\x11\xe0" + bytes(60), "ERROR old.xls: "),
        ("scores", "empty.csv", b"", "ERROR empty.csv: "),
        (
            "registry",
            "quote.csv",
            'dla_code,name_th,type_th,province_th,district_th\n6990103,"ดง,อบต.,สาธิตบุรี,เมือง\n',
            "ERROR quote.csv, row 2: ",
        ),
        (
            "registry",
            "six.csv",
            "dla_code,name_th,type_th,province_th,district_th\n699010,ดง,อบต.,สาธิตบุรี,เมือง\n",
            "ERROR six.csv, row 2, column 'dla_code' [699010]: ",
        ),
    ],
)
def test_unreadable_and_invalid_files_exit_1(db, tmp_path, capsys, kind, name, data, where):
    file = write(tmp_path, name, data)
    before, db_sha = checksums(db), sha256(db)
    assert ita("import", kind, file, "--db", db) == 1
    (line,) = assert_rejected(capsys.readouterr().err, 1)
    assert line.startswith(where), line
    assert checksums(db) == before and sha256(db) == db_sha


def test_a_missing_file_exits_1(db, tmp_path, capsys):
    assert ita("import", "scores", tmp_path / "nowhere.csv", "--db", db) == 1
    (line,) = assert_rejected(capsys.readouterr().err, 1)
    assert line.startswith("ERROR nowhere.csv: อ่านไฟล์ไม่ได้: ")
    assert "cannot read the file: No such file or directory" in line


def test_an_unknown_kind_is_a_usage_error(db, tmp_path, capsys):
    file = write(tmp_path, "scores.csv", SCORES)
    with pytest.raises(SystemExit) as caught:
        ita("import", "things", file, "--db", db)
    assert caught.value.code == 2
    assert "invalid choice: 'things'" in capsys.readouterr().err


def test_replace_shows_old_and_new_values(db, tmp_path, capsys):
    assert ita("import", "scores", write(tmp_path, "a.csv", SCORES), "--db", db) == 0
    changed = write(tmp_path, "b.csv", "org_code,fiscal_year,total\n6990101,2566,90\n")
    capsys.readouterr()

    assert ita("import", "scores", changed, "--db", db) == 1
    (line,) = assert_rejected(capsys.readouterr().err, 1)
    assert line.startswith("ERROR b.csv, row 2, column 'fiscal_year' [2566]: ")
    assert "use --replace to replace them" in line

    assert ita("import", "scores", changed, "--db", db, "--replace") == 0
    out = capsys.readouterr().out
    assert "Imported as batch 3" in out
    assert "  ~ row 2: 6990101 2566, total=88.50, level=ผ่าน → 6990101 2566, total=90.00" in out


def test_add_organisations_flag(db, tmp_path, capsys):
    file = write(
        tmp_path,
        "new.csv",
        "org_name,org_type,district,province,fiscal_year,total\n"
        "อบต.ใหม่สาธิต,อบต.,เมืองสาธิต,สาธิตบุรี,2569,80\n",
    )
    assert ita("import", "scores", file, "--db", db) == 1
    (line,) = assert_rejected(capsys.readouterr().err, 1)
    assert line.startswith("ERROR new.csv, row 2, column 'org_name' [อบต.ใหม่สาธิต]: ")
    assert count(db, "core.organisations") == 2

    assert ita("import", "scores", file, "--db", db, "--add-organisations") == 0
    assert "Imported as batch 2" in capsys.readouterr().out
    assert count(db, "core.organisations") == 3


def test_warnings_are_printed_and_do_not_block(db, tmp_path, capsys):
    file = write(
        tmp_path,
        "warn.csv",
        "org_code,org_name,fiscal_year,total\n6990101,อบต.ชื่ออื่น,2569,80\n",
    )
    assert ita("import", "scores", file, "--db", db) == 0
    out = capsys.readouterr().out
    assert "คำเตือน / Warnings: 1" in out
    assert "WARNING warn.csv, row 2, column 'org_name' [อบต.ชื่ออื่น]: " in out
    assert "the name differs from the registry (นาสาธิต); the code is used" in out
    assert count(db, "core.batch_warnings") == 1


def test_ita_db_environment_variable_is_the_default(db, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("ITA_DB", str(db))
    assert ita("import", "scores", write(tmp_path, "scores.csv", SCORES)) == 0
    assert f"into {db}" in capsys.readouterr().out
    assert count(db, "core.assessments") == 2


_WITHOUT_PANDAS = """
import sys
from dashboard import cli
code = cli.main(sys.argv[1:])
print("pandas loaded" if "pandas" in sys.modules else "pandas not loaded")
print("pyarrow loaded" if "pyarrow" in sys.modules else "pyarrow not loaded")
sys.exit(code)
"""


def test_score_import_runs_without_loading_pandas(db, tmp_path):
    """`ita import scores` never needs pandas or pyarrow (loading them costs half a second of
    every national import): a first import, and a replacing one, go in without them."""
    import subprocess
    import sys

    def run(file: Path, *extra: str) -> str:
        done = subprocess.run(
            [sys.executable, "-c", _WITHOUT_PANDAS, "import", "scores", str(file),
             "--db", str(db), *extra],
            capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        return done.stdout

    first = run(write(tmp_path, "s.csv", SCORES))
    assert "add 2" in first and "pandas not loaded" in first and "pyarrow not loaded" in first
    changed = SCORES.replace("88.5", "91") + "6990101,2567,80,ผ่าน\n"
    second = run(write(tmp_path, "s2.csv", changed), "--replace")
    assert "add 1; replace 1" in second and "pandas not loaded" in second
    assert "pyarrow not loaded" in second
    assert count(db, "core.assessments") == 3
    assert support.fetch(
        db,
        "select total_published from core.assessments where fiscal_year = 2566 order by org_code",
    ) == [(Decimal("91.00"),), (Decimal("72.00"),)]
