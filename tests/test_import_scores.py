"""Importing ITA score files: XLSX with title rows, digits, years, fuzzy organisation matching,
published totals checked, organisations added, and the same file twice."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal
from functools import partial
from pathlib import Path

import pytest
import support
from support import REGISTRY_HEADER, build_registry_db, copy_db, query, sha256, write

from dashboard import cli
from dashboard.ingest.framework import run_import
from dashboard.ingest.problems import ImportRejected

# Real organisations of อำเภอป่าติ้ว, จังหวัดยโสธร (DLA codes), and fictional look-alikes: a
# กระจาย in another district of the same province (6359901), one in another province (6339901),
# and a กระจ่าง (6579901).
REGISTRY = REGISTRY_HEADER + (
    "6350504,กระจาย,อบต.,35,ยโสธร,Yasothon,ป่าติ้ว,,\n"
    "5350501,ป่าติ้ว,เทศบาลตำบล,35,ยโสธร,Yasothon,ป่าติ้ว,15.83078447,104.3839926\n"
    "6350502,เชียงเพ็ง,อบต.,35,ยโสธร,Yasothon,ป่าติ้ว,,\n"
    "6350503,โพธิ์ไทร,อบต.,35,ยโสธร,Yasothon,ป่าติ้ว,15.83,104.4\n"
    "6350505,โคกนาโก,อบต.,35,ยโสธร,Yasothon,ป่าติ้ว,,\n"
    "6350506,ศรีฐาน,อบต.,35,ยโสธร,Yasothon,ป่าติ้ว,,\n"
    "6359901,กระจาย,อบต.,35,ยโสธร,Yasothon,เมืองยโสธร,,\n"
    "6339901,กระจาย,อบต.,33,ศรีสะเกษ,Si Sa Ket,กันทรลักษ์,,\n"
    "6579901,กระจ่าง,อบต.,57,เชียงราย,Chiang Rai,ป่าตึง,,\n"
)
INDICATORS = "i1,i2,i3,i4,i5,i6,i7,i8,i9,i10"


checksums = partial(
    support.checksums,
    required=("core.organisations", "core.assessments", "main.org_year_scores"),
)


@pytest.fixture(scope="module")
def registry_db(tmp_path_factory) -> Path:
    return build_registry_db(tmp_path_factory.mktemp("scores-base"), REGISTRY)


@pytest.fixture
def db(registry_db, tmp_path) -> Path:
    return copy_db(registry_db, tmp_path)


def xlsx(path: Path, build) -> Path:
    import openpyxl

    workbook = openpyxl.Workbook()
    build(workbook.active)
    workbook.save(path)
    return path


# --- XLSX -------------------------------------------------------------------------------------


def _titled_sheet(ws) -> None:
    ws["A1"] = "ผลการประเมินคุณธรรมและความโปร่งใส (ITA) ปีงบประมาณ พ.ศ. 2566"
    ws.merge_cells("A1:F1")
    ws["A2"] = "อำเภอป่าติ้ว จังหวัดยโสธร (ข้อมูลทดสอบ)"
    ws.merge_cells("A2:F2")
    ws.append(["ลำดับ", "รหัส อปท.", "ชื่อหน่วยงาน", "ปีงบประมาณ", "คะแนนรวม", "ระดับ"])
    ws.append([1, "6350504", "อบต.กระจาย", 2566, 88.5, "ผ่าน"])
    ws.append([2, 6350502, "อบต.เชียงเพ็ง", "2566", 72.25, "ต้องปรับปรุง"])
    ws.append([])
    ws.append(["หมายเหตุ: คะแนนเป็นข้อมูลทดสอบ ไม่ใช่ผลการประเมินจริง"])
    ws.append(["ที่มา: ชุดทดสอบ"])


def test_xlsx_with_title_rows_merged_cells_and_notes_imports(db, tmp_path):
    file = xlsx(tmp_path / "ita-2566.xlsx", _titled_sheet)
    outcome = run_import("scores", file, db)
    assert outcome.status == "imported"
    assert outcome.plan.rows_read == 2  # the notes below the data are not rows
    assert [(c.key, c.row) for c in outcome.plan.added] == [
        (("6350504", 2566), 4),
        (("6350502", 2566), 5),
    ]
    assert outcome.plan.problems == []  # ลำดับ is known and ignored; no warning
    assert query(
        db,
        "select org_code, fiscal_year, total_published, level_published, batch_id "
        "from core.assessments order by org_code",
    ) == [
        ("6350502", 2566, Decimal("72.25"), "ต้องปรับปรุง", 2),
        ("6350504", 2566, Decimal("88.50"), "ผ่าน", 2),
    ]
    assert query(db, "select org_name, total, level from main.org_year_scores order by 1") == [
        ("อบต.กระจาย", Decimal("88.50"), "ผ่าน"),
        ("อบต.เชียงเพ็ง", Decimal("72.25"), "ต้องปรับปรุง"),
    ]


def test_xlsx_twice_is_already_imported(db, tmp_path):
    file = xlsx(tmp_path / "ita-2566.xlsx", _titled_sheet)
    assert run_import("scores", file, db).batch_id == 2
    before = checksums(db)
    again = run_import("scores", file, db)
    assert (again.status, again.batch_id, again.same_file_batch) == ("already", None, 2)
    assert again.plan.unchanged == 2
    assert checksums(db) == before


def _with_cached_formula(path: Path) -> Path:
    """openpyxl writes formulas without a value; add the value Excel would have cached."""

    def build(ws) -> None:
        ws.append(["org_code", "fiscal_year", "total", "level"])
        ws.append(["6350504", 2569, "=80+8.5", "ผ่าน"])

    xlsx(path, build)
    source = zipfile.ZipFile(path)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                assert b"<f>80+8.5</f><v></v>" in data
                data = data.replace(b"<f>80+8.5</f><v></v>", b"<f>80+8.5</f><v>88.5</v>")
            target.writestr(item, data)
    source.close()
    path.write_bytes(buffer.getvalue())
    return path


def test_xlsx_formula_is_read_as_its_cached_value(db, tmp_path):
    file = _with_cached_formula(tmp_path / "cached.xlsx")
    assert run_import("scores", file, db).status == "imported"
    assert query(db, "select total_published from core.assessments") == [(Decimal("88.50"),)]


def test_text_that_looks_like_a_formula_is_stored_as_text(db, tmp_path):
    names = ['=HYPERLINK("http://x","ก")', "+ทดสอบบวก", "-ทดสอบลบ", "@SUM(A1)"]
    lines = [f'"{n.replace(chr(34), chr(34) * 2)}",อบต.,ป่าติ้ว,ยโสธร,2569,80' for n in names]
    file = write(
        tmp_path,
        "formulas.csv",
        "org_name,org_type,district,province,fiscal_year,total\n" + "\n".join(lines) + "\n",
    )
    assert run_import("scores", file, db, add_organisations=True).status == "imported"
    stored = query(db, "select name_th from core.organisations where batch_id = 2 order by 1")
    assert sorted(r[0] for r in stored) == sorted(names)

    def build(ws) -> None:
        ws.append(["org_name", "org_type", "district", "province", "fiscal_year", "total"])
        ws.append(["=1+1", "อบต.", "ป่าติ้ว", "ยโสธร", 2569, 70])
        ws["A2"].data_type = "s"  # a text cell, not a formula

    book = xlsx(tmp_path / "text.xlsx", build)
    assert run_import("scores", book, db, add_organisations=True).status == "imported"
    assert query(db, "select name_th from core.organisations where batch_id = 3") == [("=1+1",)]


# --- digits and years -------------------------------------------------------------------------


def test_mixed_thai_and_arabic_digits_import(db, tmp_path):
    file = write(
        tmp_path,
        "digits.csv",
        f"org_code,fiscal_year,{INDICATORS}\n๖๓๕๐๕๐๔,๒๕๖๖,๙๐.๕,91,๙๒,93.25,๙4,80,8๑,82,๗๐,71\n",
    )
    outcome = run_import("scores", file, db)
    assert outcome.status == "imported"
    assert outcome.plan.problems == []
    assert query(db, "select indicator, score from core.indicator_scores order by 1") == [
        (1, Decimal("90.50")),
        (2, Decimal("91.00")),
        (3, Decimal("92.00")),
        (4, Decimal("93.25")),
        (5, Decimal("94.00")),
        (6, Decimal("80.00")),
        (7, Decimal("81.00")),
        (8, Decimal("82.00")),
        (9, Decimal("70.00")),
        (10, Decimal("71.00")),
    ]
    # IIT 92.15, EIT 81, OIT 70.5: 0.3 * 92.15 + 0.3 * 81 + 0.4 * 70.5 = 80.145 -> 80.15
    assert query(
        db, "select org_code, fiscal_year, iit, eit, oit, total, level from main.org_year_scores"
    ) == [
        (
            "6350504",
            2566,
            Decimal("92.15"),
            Decimal("81.00"),
            Decimal("70.50"),
            Decimal("80.15"),
            "ต้องปรับปรุง",
        )
    ]


@pytest.mark.parametrize(("written", "stored"), [("2023", 2566), ("2019", 2562), ("2568", 2568)])
def test_christian_era_years_are_stored_as_buddhist_era(db, tmp_path, written, stored):
    file = write(tmp_path, "ce.csv", f"org_code,fiscal_year,total\n6350504,{written},88.5\n")
    assert run_import("scores", file, db).status == "imported"
    assert query(db, "select fiscal_year from core.assessments") == [(stored,)]


def test_2569_total_and_level_only(db, tmp_path):
    file = write(tmp_path, "2569.csv", "รหัส อปท.,ปีงบประมาณ,คะแนนรวม,ระดับ\n6350504,2569,88.5,ผ่าน\n")
    outcome = run_import("scores", file, db)
    assert outcome.status == "imported"
    assert outcome.plan.problems == []
    assert query(
        db,
        "select org_code, fiscal_year, iit, total, level, scheme, total_is_computed, "
        "total_published, level_published from main.org_year_scores",
    ) == [("6350504", 2569, None, Decimal("88.50"), "ผ่าน", None, False, Decimal("88.50"), "ผ่าน")]


def test_the_year_after_the_last_methodology_year_is_accepted(db, tmp_path):
    assert query(db, "select max(fiscal_year) from core.method_years") == [(2569,)]
    file = write(tmp_path, "2570.csv", "org_code,fiscal_year,total,level\n6350504,2570,91,ผ่าน\n")
    assert run_import("scores", file, db).status == "imported"
    assert query(db, "select * from core.method_years where fiscal_year = 2570") == [
        (
            2570,
            None,
            Decimal("85.00"),
            Decimal("0.800"),
            "ยังไม่มีเกณฑ์ (เพิ่มโดยการนำเข้า)",
            "No methodology yet (added by an import)",
        )
    ]
    assert query(db, "select fiscal_year, total, level, scheme from main.org_year_scores") == [
        (2570, Decimal("91.00"), "ผ่าน", None)
    ]


# --- checks against the published figures ----------------------------------------------------


def test_a_published_total_that_disagrees_is_a_stored_warning(db, tmp_path):
    file = write(
        tmp_path,
        "mismatch.csv",
        f"org_code,fiscal_year,{INDICATORS},total,level\n"
        "6350504,2566,90.5,91,92,93,94,80,81,82,70.25,71,82.33,ต้องปรับปรุง\n",
    )
    outcome = run_import("scores", file, db)
    assert outcome.status == "imported"
    assert [(w.row, w.column, w.reason_en) for w in outcome.plan.warnings] == [
        (2, "total", "Published total 82.33 differs from the computed 80.18")
    ]
    assert query(db, "select * from core.batch_warnings") == [
        (
            2,
            2,
            "total",
            "คะแนนรวมที่ประกาศ (82.33) ต่างจากที่คำนวณได้ (80.18)",
            "Published total 82.33 differs from the computed 80.18",
        )
    ]
    assert query(
        db,
        "select iit, eit, oit, total, total_published, total_mismatch, level, level_mismatch "
        "from main.org_year_scores",
    ) == [
        (
            Decimal("92.10"),
            Decimal("81.00"),
            Decimal("70.63"),
            Decimal("80.18"),
            Decimal("82.33"),
            True,
            "ต้องปรับปรุง",
            False,
        )
    ]


def test_a_published_level_that_disagrees_is_a_warning(db, tmp_path):
    file = write(
        tmp_path,
        "level.csv",
        f"org_code,fiscal_year,{INDICATORS},level\n6350504,2566,90,90,90,90,90,90,90,90,90,90,ผ่านดีเยี่ยม\n",
    )
    outcome = run_import("scores", file, db)
    assert outcome.status == "imported"
    assert [(w.row, w.column, w.reason_en) for w in outcome.plan.warnings] == [
        (2, "total", "Published level Pass – excellent differs from the computed Pass – good")
    ]
    assert query(db, "select count(*) from core.batch_warnings where batch_id = 2") == [(1,)]


# --- organisations ----------------------------------------------------------------------------

FUZZY = (
    "ชื่อหน่วยงาน,อำเภอ,จังหวัด,ปีงบประมาณ,คะแนนรวม\n"
    "อบต.กระจ่าย,ป่าตึง,ยโสธร,2569,88.5\n"
    "อบต.เชียงเพ็ง,อ.ป่าติ้ว,จ.ยโสธร,2569,90\n"
)
FUZZY_NOTE = "row 2: 'อบต.กระจ่าย' (ป่าตึง, ยโสธร) → 6350504 กระจาย (ป่าติ้ว, ยโสธร)"


def test_a_misspelt_name_matches_and_is_shown_for_confirmation(db, tmp_path, capsys):
    file = write(tmp_path, "fuzzy.csv", FUZZY)
    before, db_sha = checksums(db), sha256(db)

    outcome = run_import("scores", file, db, dry_run=True)
    assert outcome.status == "dry-run"
    assert outcome.plan.matches == [FUZZY_NOTE]  # เชียงเพ็ง is spelt as registered
    assert [c.key for c in outcome.plan.added] == [("6350504", 2569), ("6350502", 2569)]
    (warning,) = outcome.plan.warnings
    assert (warning.row, warning.column, warning.value) == (2, "ชื่อหน่วยงาน", "อบต.กระจ่าย")
    assert "6350504 กระจาย อ.ป่าติ้ว จ.ยโสธร" in warning.reason_th
    assert "please confirm" in warning.reason_en
    assert checksums(db) == before and sha256(db) == db_sha

    assert cli.main(["import", "scores", str(file), "--db", str(db), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "Dry run: the file is valid" in out
    assert f"? {FUZZY_NOTE}" in out
    assert checksums(db) == before and sha256(db) == db_sha

    outcome = run_import("scores", file, db)
    assert outcome.status == "imported"
    assert query(db, "select org_code, total_published from core.assessments order by 1") == [
        ("6350502", Decimal("90.00")),
        ("6350504", Decimal("88.50")),
    ]
    assert query(db, "select row_no, column_name, message_en from core.batch_warnings") == [
        (
            2,
            "ชื่อหน่วยงาน",
            "matched despite different spelling to 6350504 กระจาย (ป่าติ้ว, ยโสธร): "
            "please confirm [อบต.กระจ่าย]",
        )
    ]


def test_a_name_without_district_in_a_province_with_two_is_ambiguous(db, tmp_path):
    file = write(tmp_path, "two.csv", "org_name,province,fiscal_year,total\nกระจาย,ยโสธร,2569,80\n")
    with pytest.raises(ImportRejected) as caught:
        run_import("scores", file, db)
    (problem,) = caught.value.problems
    assert (problem.row, problem.column) == (2, "org_name")
    assert "6350504 กระจาย (ป่าติ้ว)" in problem.reason_en
    assert "6359901 กระจาย (เมืองยโสธร)" in problem.reason_en


def test_add_organisations_adds_them_from_the_file(db, tmp_path):
    file = write(
        tmp_path,
        "new.csv",
        "รหัส อปท.,ชื่อหน่วยงาน,ประเภท,อำเภอ,จังหวัด,ปีงบประมาณ,คะแนนรวม\n"
        "6359902,อบต.ทดสอบใหม่,อบต.,อำเภอป่าติ้ว,จังหวัดยโสธร,2569,80\n"
        ",เทศบาลตำบลทดสอบนคร,,เมืองทดสอบ,ทดสอบนคร,2569,70\n",
    )
    before = checksums(db)
    with pytest.raises(ImportRejected) as caught:
        run_import("scores", file, db)
    problems = caught.value.problems
    assert [p.row for p in problems] == [2, 3]
    assert (problems[0].column, problems[0].value) == ("รหัส อปท.", "6359902")
    assert all("--add-organisations" in p.reason_en for p in caught.value.problems)
    assert checksums(db) == before

    outcome = run_import("scores", file, db, add_organisations=True)
    assert outcome.status == "imported"
    added = query(
        db,
        "select org_code, name_th, type_code, province_code, province_th, district_th, batch_id "
        "from core.organisations where batch_id = 2 order by org_code",
    )
    assert added[0] == ("6359902", "ทดสอบใหม่", "SAO", "35", "ยโสธร", "ป่าติ้ว", 2)
    code, *rest = added[1]
    assert code.startswith("X") and len(code) == 9  # no DLA code: a stable generated one
    assert rest == ["ทดสอบนคร", "SUBDISTRICT", "P-ทดสอบนคร", "ทดสอบนคร", "เมืองทดสอบ", 2]
    assert query(db, "select org_name, province, total from main.org_year_scores order by 1") == [
        ("ทต.ทดสอบนคร", "ทดสอบนคร", Decimal("70.00")),
        ("อบต.ทดสอบใหม่", "ยโสธร", Decimal("80.00")),
    ]


# --- the same rows again ---------------------------------------------------------------------


def test_the_same_file_twice_is_already_imported(db, tmp_path):
    file = write(tmp_path, "scores.csv", "org_code,fiscal_year,total\n6350504,2566,88.5\n")
    first = run_import("scores", file, db)
    assert (first.status, first.batch_id) == ("imported", 2)
    before, db_sha = checksums(db), sha256(db)

    again = run_import("scores", file, db)
    assert (again.status, again.batch_id, again.same_file_batch) == ("already", None, 2)
    assert query(db, "select count(*) from core.import_batches") == [(2,)]
    assert checksums(db) == before and sha256(db) == db_sha

    # Another file holding the same values: also already imported.
    other = write(tmp_path, "other.csv", "fiscal_year;total;org_code\n2566;88.50;6350504\n")
    outcome = run_import("scores", other, db)
    assert (outcome.status, outcome.same_file_batch, outcome.plan.unchanged) == ("already", None, 1)
    assert checksums(db) == before


def test_a_file_with_stored_and_new_rows_adds_only_the_new(db, tmp_path):
    run_import(
        "scores", write(tmp_path, "a.csv", "org_code,fiscal_year,total\n6350504,2566,88.5\n"), db
    )
    file = write(
        tmp_path, "b.csv", "org_code,fiscal_year,total\n6350504,2566,88.5\n6350502,2566,70\n"
    )
    outcome = run_import("scores", file, db)
    assert (outcome.status, outcome.batch_id, outcome.plan.unchanged) == ("imported", 3, 1)
    assert [c.key for c in outcome.plan.added] == [("6350502", 2566)]
    assert query(db, "select org_code, batch_id from core.assessments order by 1") == [
        ("6350502", 3),
        ("6350504", 2),
    ]


# --- scored once ------------------------------------------------------------------------------


def test_rows_scored_while_validating_are_stored_as_a_full_rescore_gives(db, tmp_path):
    """The import stores the results it computed while validating each row; they must be what
    scoring the stored rows again gives, for every kind of row (indicators, published tools
    only, total and level only, a disagreeing total, the year after the last with rules)."""
    from dashboard import db as dbmod
    from dashboard import score_store

    file = write(
        tmp_path,
        "mixed.csv",
        "รหัส อปท.,ปีงบประมาณ," + INDICATORS + ",คะแนน IIT,คะแนน EIT,คะแนน OIT,คะแนนรวม,ระดับ\n"
        "6350504,2568,90,85.5,70.25,99,88,91,92.33,80,100,95,,,,90.12,\n"
        "5350501,2568,,,,,,,,,,,80.5,90,70.01,,\n"
        "6350502,2568,,,,,,,,,,,,,,72.25,ต้องปรับปรุง\n"
        "6350503,2567,100,100,100,100,100,100,100,100,100,100,,,,99.99,ผ่านดี\n"
        "6350505,2569,,,,,,,,,,,,,,91.5,\n",
    )
    outcome = run_import("scores", file, db)
    assert outcome.status == "imported"
    computed = ("core.computed_tool_scores", "core.computed_results")
    stored = {k: v for k, v in checksums(db).items() if k in computed}
    assert stored["core.computed_results"][0] == 5
    with dbmod.write(db) as w:
        score_store.refresh(w)
    assert {k: v for k, v in checksums(db).items() if k in computed} == stored


# --- what counts as a change (compared in SQL: queries/score_differences.sql) ------------------

SCORE_HEADER = (
    "รหัส อปท.,ปีงบประมาณ,ประเภท," + INDICATORS + ",คะแนน IIT,คะแนน EIT,คะแนน OIT,คะแนนรวม,ระดับ\n"
)
SCORE_BASE = ["6350504", "2568", "อบต.", "90", "85.5", "70.25", "99", "88", "91", "92.33", "80",
              "100", "95", "", "", "80.5", "90.12", "ผ่านดี"]  # fmt: skip
# columns of SCORE_BASE: 0 code, 1 year, 2 type, 3-12 indicators 1-10, 13-15 IIT EIT OIT,
# 16 total, 17 level


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({}, "unchanged"),
        ({4: "85.50", 3: "90.0", 16: "90.120"}, "unchanged"),  # the same numbers written longer
        ({4: "85.51"}, "conflict"),
        ({12: ""}, "conflict"),  # an indicator left out
        ({13: "70"}, "conflict"),  # a published tool score added
        ({15: "80.4"}, "conflict"),
        ({16: "90.13"}, "conflict"),
        ({17: ""}, "conflict"),
        ({17: "ผ่านดีเยี่ยม"}, "conflict"),
        ({2: ""}, "unchanged"),  # no type given: nothing to compare
        ({2: "เทศบาลตำบล"}, "conflict"),
    ],
)
def test_what_counts_as_a_change_to_stored_scores(db, tmp_path, change, expected):
    run_import(
        "scores", write(tmp_path, "base.csv", SCORE_HEADER + ",".join(SCORE_BASE) + "\n"), db
    )
    row = [change.get(i, v) for i, v in enumerate(SCORE_BASE)]
    file = write(tmp_path, "again.csv", SCORE_HEADER + ",".join(row) + "\n")
    before = checksums(db)
    if expected == "conflict":
        with pytest.raises(ImportRejected) as caught:
            run_import("scores", file, db)
        errors = [p for p in caught.value.problems if p.severity == "error"]
        assert len(errors) == 1 and "--replace" in errors[0].reason_en
        assert "6350504 2568, 10 indicators" in errors[0].reason_en  # what is stored, named
        outcome = run_import("scores", file, db, replace=True, dry_run=True)
        assert [c.key for c in outcome.plan.changed] == [("6350504", 2568)]
    else:
        outcome = run_import("scores", file, db, dry_run=True)
        assert (len(outcome.plan.added), len(outcome.plan.changed), outcome.plan.unchanged) == (
            0,
            0,
            1,
        )
    assert checksums(db) == before
