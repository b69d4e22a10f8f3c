"""--replace and undo: replaced rows are logged and restored exactly; undo is refused, naming
them, while later batches depend on a batch; `ita imports` lists batches and marks undone ones."""

from __future__ import annotations

import json
from decimal import Decimal
from functools import partial
from pathlib import Path

import pytest
import support
from support import (
    REGISTRY_HEADER,
    build_registry_db,
    copy_db,
    query,
    sha256,
    without_batches,
    write,
)

from dashboard import cli
from dashboard.ingest.framework import run_import
from dashboard.ingest.problems import ImportRejected
from dashboard.ingest.undo import UndoRefused, undo_batch

REGISTRY = REGISTRY_HEADER + (
    "6990101,นาสาธิต,อบต.,99,สาธิตบุรี,Sathit Buri (test),เมืองสาธิต,15.512345,104.54321\n"
    "6990102,หนองสาธิต,อบต.,99,สาธิตบุรี,Sathit Buri (test),เมืองสาธิต,,\n"
    "5990101,ท่าสาธิต,เทศบาลตำบล,99,สาธิตบุรี,Sathit Buri (test),เมืองสาธิต,,\n"
)
HEADER = "org_code,org_type,fiscal_year,i1,i2,i3,i4,i5,i6,i7,i8,i9,i10,iit,eit,oit,total,level\n"
SCORES = (
    HEADER + "6990101,อบต.,2566,90.5,91,92,93,94,80,81,82,70.25,71,92.10,81,70.63,80.18,"
    "ต้องปรับปรุง\n"
    "6990102,,2566,,,,,,,,,,,95.5,96,97.25,,\n"
)
REPLACEMENT = (
    HEADER + "6990101,ทต.,2566,50,60,70,80,90,55,65,75,85,95,,,,,\n"
    "6990102,,2566,,,,,,,,,,,95.5,96,97.25,,\n"  # unchanged
)


checksums = partial(
    support.checksums,
    required=("core.organisations", "core.assessments", "main.org_year_scores"),
)


def batches(db_path: Path) -> list[tuple]:
    return query(
        db_path,
        "select batch_id, kind, file_name, row_count, undone_at is not null "
        "from core.import_batches order by 1",
    )


@pytest.fixture(scope="module")
def scored_db(tmp_path_factory) -> Path:
    """The registry (batch 1) and scores for 2566 (batch 2)."""
    folder = tmp_path_factory.mktemp("undo-base")
    path = build_registry_db(folder, REGISTRY)
    assert run_import("scores", write(folder, "scores.csv", SCORES), path).batch_id == 2
    return path


@pytest.fixture
def db(scored_db, tmp_path) -> Path:
    return copy_db(scored_db, tmp_path)


def test_replace_then_undo_restores_the_old_values_exactly(db, tmp_path):
    before = checksums(db)
    file = write(tmp_path, "replacement.csv", REPLACEMENT)

    with pytest.raises(ImportRejected) as caught:
        run_import("scores", file, db)
    (problem,) = caught.value.problems
    assert (problem.row, problem.column, problem.value) == (2, "fiscal_year", "2566")
    assert "use --replace" in problem.reason_en
    assert checksums(db) == before

    outcome = run_import("scores", file, db, replace=True)
    assert (outcome.status, outcome.batch_id, outcome.plan.unchanged) == ("imported", 3, 1)
    (change,) = outcome.plan.changed
    assert change.key == ("6990101", 2566)
    assert change.old == (
        "6990101 2566, 10 indicators, IIT=92.10 EIT=81.00 OIT=70.63, total=80.18, level=ต้องปรับปรุง"
    )
    assert change.summary == "6990101 2566, 10 indicators"
    assert query(
        db,
        "select org_type_code, total, level from main.org_year_scores where org_code = '6990101'",
    ) == [("SUBDISTRICT", Decimal("76.50"), "ต้องปรับปรุง")]  # 0.3 * 70 + 0.3 * 65 + 0.4 * 90
    # Each replaced row is logged whole, with the batch that stored it.
    logged = query(
        db, "select table_name, count(*) from core.replaced_rows where batch_id = 3 group by 1"
    )
    assert sorted(logged) == [
        ("core.assessments", 1),
        ("core.indicator_scores", 10),
        ("core.org_type_years", 1),
        ("core.tool_scores_published", 3),
    ]
    old_total = query(
        db, "select old_row from core.replaced_rows where table_name = 'core.assessments'"
    )[0][0]
    assert json.loads(old_total) == {
        "org_code": "6990101",
        "fiscal_year": 2566,
        "total_published": 80.18,
        "level_published": "ต้องปรับปรุง",
        "batch_id": 2,
    }
    changed = {k for k, v in checksums(db).items() if before[k] != v}
    assert {"core.assessments", "core.indicator_scores", "core.org_type_years"} <= changed

    result = undo_batch(db, 3, who="tester")
    assert result.removed == {
        "core.indicator_scores": 10,
        "core.org_type_years": 1,
        "core.assessments": 1,
    }
    assert result.restored == {
        "core.assessments": 1,
        "core.org_type_years": 1,
        "core.tool_scores_published": 3,
        "core.indicator_scores": 10,
    }
    after = checksums(db)
    assert without_batches(after) == without_batches(before)
    assert batches(db) == [
        (1, "registry", "registry.csv", 3, False),
        (2, "scores", "scores.csv", 2, False),
        (3, "scores", "replacement.csv", 1, True),
    ]
    assert query(db, "select undone_by from core.import_batches where batch_id = 3") == [
        ("tester",)
    ]


def test_registry_replace_then_undo_restores_the_old_organisation(db, tmp_path):
    before = checksums(db)
    file = write(
        tmp_path,
        "upgrade.csv",
        "dla_code,name_th,type_th,province_code,province_th,province_en,district_th,lat,lon\n"
        "6990101,นาสาธิต,เทศบาลตำบล,99,สาธิตบุรี,Sathit Buri (test),เมืองสาธิต,15.6,104.6\n",
    )
    outcome = run_import("registry", file, db, replace=True)
    assert outcome.batch_id == 3
    assert [(c.old, c.summary) for c in outcome.plan.changed] == [
        (
            "type_code=SAO, lat=15.512345, lon=104.54321",
            "type_code=SUBDISTRICT, lat=15.6, lon=104.6",
        )
    ]
    # The year already assessed keeps the type it had (the scores said อบต. for 2566 anyway).
    assert query(
        db, "select org_type_code from main.org_year_scores where org_code = '6990101'"
    ) == [("SAO",)]
    assert query(
        db, "select type_code, lat from core.organisations where org_code = '6990101'"
    ) == [("SUBDISTRICT", 15.6)]

    # Batch 2 is older than batch 3: it depends on the organisation, not on batch 3's version.
    undo_batch(db, 3)
    assert without_batches(checksums(db)) == without_batches(before)


def test_undo_is_refused_while_later_batches_use_the_organisations_it_added(db, tmp_path):
    more = write(tmp_path, "2567.csv", "org_code,fiscal_year,total\n5990101,2567,88\n")
    assert run_import("scores", more, db).batch_id == 3
    before, db_sha = checksums(db), sha256(db)

    with pytest.raises(UndoRefused) as caught:
        undo_batch(db, 1)
    assert "later batches depend on it: 2, 3" in caught.value.message_en
    assert "2, 3" in caught.value.message_th
    assert checksums(db) == before and sha256(db) == db_sha

    for batch in (3, 2, 1):
        undo_batch(db, batch)
    assert query(db, "select count(*) from core.organisations") == [(0,)]
    assert query(db, "select count(*) from core.assessments") == [(0,)]
    assert [row[-1] for row in batches(db)] == [True, True, True]


def test_undo_is_refused_while_a_later_batch_replaced_its_rows(db, tmp_path):
    file = write(tmp_path, "replacement.csv", REPLACEMENT)
    assert run_import("scores", file, db, replace=True).batch_id == 3
    before = checksums(db)

    with pytest.raises(UndoRefused) as caught:
        undo_batch(db, 2)
    assert "batch 2 cannot be undone while later batches depend on it: 3" in (
        caught.value.message_en
    )
    assert checksums(db) == before

    undo_batch(db, 3)
    undo_batch(db, 2)
    assert query(db, "select count(*) from core.assessments") == [(0,)]
    assert query(db, "select count(*) from core.replaced_rows") == [(0,)]


def test_undo_of_an_unknown_or_undone_batch_is_refused(db):
    before = checksums(db)
    with pytest.raises(UndoRefused) as caught:
        undo_batch(db, 99)
    assert caught.value.message_en == "there is no batch 99"
    assert caught.value.message_th == "ไม่มีชุดนำเข้าหมายเลข 99"
    assert checksums(db) == before

    undo_batch(db, 2)
    with pytest.raises(UndoRefused) as caught:
        undo_batch(db, 2)
    assert caught.value.message_en == "batch 2 is already undone"


def test_the_demo_batch_cannot_be_undone(demo_db, tmp_path):
    db = copy_db(demo_db, tmp_path, "demo.duckdb")
    with pytest.raises(UndoRefused) as caught:
        undo_batch(db, 1)
    assert "demo batch cannot be undone" in caught.value.message_en
    assert sha256(db) == sha256(demo_db)


def test_undo_of_an_added_year_removes_the_year(db, tmp_path):
    before = checksums(db)
    file = write(tmp_path, "2570.csv", "org_code,fiscal_year,total\n6990101,2570,91\n")
    assert run_import("scores", file, db).batch_id == 3
    assert query(db, "select count(*) from core.method_years where fiscal_year = 2570") == [(1,)]
    undo_batch(db, 3)
    assert without_batches(checksums(db)) == without_batches(before)
    # 2571 is two years after the last year with rules again: refused.
    with pytest.raises(ImportRejected):
        run_import(
            "scores",
            write(tmp_path, "2571.csv", "org_code,fiscal_year,total\n6990101,2571,91\n"),
            db,
        )


def test_undo_of_added_organisations_removes_them(db, tmp_path):
    before = checksums(db)
    file = write(
        tmp_path,
        "new.csv",
        "org_code,org_name,org_type,district,province,fiscal_year,total\n"
        "6990199,อบต.ใหม่สาธิต,อบต.,เมืองสาธิต,สาธิตบุรี,2566,77\n",
    )
    assert run_import("scores", file, db, add_organisations=True).batch_id == 3
    assert query(db, "select batch_id from core.organisations where org_code = '6990199'") == [(3,)]
    result = undo_batch(db, 3)
    assert result.removed == {
        "core.org_type_years": 1,
        "core.assessments": 1,
        "core.organisations": 1,
    }
    assert without_batches(checksums(db)) == without_batches(before)


def test_an_undone_file_can_be_imported_again(db, tmp_path):
    file = write(tmp_path, "2567.csv", "org_code,fiscal_year,total\n5990101,2567,88\n")
    assert run_import("scores", file, db).batch_id == 3
    undo_batch(db, 3)
    again = run_import("scores", file, db)
    assert (again.status, again.batch_id, again.same_file_batch) == ("imported", 4, None)


def test_ita_imports_lists_batches_and_marks_undone_ones(db, tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("ITA_DB", raising=False)
    file = write(tmp_path, "2567.csv", "org_code,fiscal_year,total\n5990101,2567,88\n")
    assert cli.main(["import", "scores", str(file), "--db", str(db)]) == 0
    assert cli.main(["undo", "3", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "Batch 3 undone." in out
    assert "removed: assessments 1" in out

    assert cli.main(["imports", "--db", str(db)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["id", "kind", "rows", "time", "(ICT)", "who", "warn", "file"]
    rows = {int(line.split()[0]): line for line in lines[1:]}
    assert sorted(rows) == [1, 2, 3]
    assert rows[1].split()[1:3] == ["registry", "3"] and rows[1].endswith("registry.csv")
    assert rows[2].split()[1:3] == ["scores", "2"] and rows[2].endswith("scores.csv")
    assert rows[3].split()[1:3] == ["scores", "1"] and rows[3].endswith("2567.csv  [undone]")
    assert sum("[undone]" in line for line in lines) == 1


def test_ita_undo_of_an_unknown_batch_fails_in_thai_and_english(db, capsys, monkeypatch):
    monkeypatch.delenv("ITA_DB", raising=False)
    before = checksums(db)
    assert cli.main(["undo", "99", "--db", str(db)]) == 2
    err = capsys.readouterr().err
    assert "ข้อผิดพลาด: ไม่มีชุดนำเข้าหมายเลข 99" in err
    assert "Error: there is no batch 99" in err
    assert checksums(db) == before


def test_undo_rescores_only_the_years_whose_scores_it_removed(db, tmp_path, monkeypatch):
    """Scores of 2567 added on top of 2566, then undone: the organisations are rescored for 2567
    only (a national batch: one year of 7,849 organisations instead of every year), and the
    database is as it was before, computed results included."""
    from dashboard import score_store

    before = checksums(db)
    later = SCORES.replace(",2566,", ",2567,")
    assert run_import("scores", write(tmp_path, "scores-2567.csv", later), db).batch_id == 3
    calls = []
    refresh = score_store.refresh

    def spy(database, org_codes=None, years=None, known=None):
        calls.append((sorted(org_codes), years))
        return refresh(database, org_codes, years, known)

    monkeypatch.setattr(score_store, "refresh", spy)
    undo_batch(db, 3, who="tester")
    assert calls == [(["6990101", "6990102"], [2567])]
    assert without_batches(checksums(db)) == without_batches(before)


def test_undo_of_a_batch_without_scores_rescores_nothing(db, tmp_path, monkeypatch):
    from dashboard import score_store

    before = checksums(db)
    complaints = "org_code,fiscal_year,round,received,completed,in_progress\n6990101,2566,6,3,2,1\n"
    outcome = run_import("complaints", write(tmp_path, "complaints.csv", complaints), db)
    calls = []
    monkeypatch.setattr(score_store, "refresh", lambda *a, **k: calls.append(a))
    undo_batch(db, outcome.batch_id, who="tester")
    assert calls == []
    assert without_batches(checksums(db)) == without_batches(before)
