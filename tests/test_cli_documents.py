"""`ita plan` and `ita report`: the files they write, their checks and their bilingual errors.

The hand-built database of tests/documents_data.py (expected values worked out there), and the
demo database for a supervisor's loop over organisations.
"""

from __future__ import annotations

import io
import re
from functools import partial
from pathlib import Path

import openpyxl
import pytest
import support
from documents_data import ORG, YEAR, build
from docx import Document
from support import reading, run_installed_ita, script_environment

from dashboard import cli

SIX = ["มาตรการ", "วิธีการดำเนินการ", "ผู้รับผิดชอบ", "ระยะเวลา", "ผลการดำเนินการ", "ข้อเสนอแนะ"]

pytestmark = pytest.mark.usefixtures("isolated_environment")
assert_bilingual_error = partial(support.assert_bilingual_error, min_words=4)


@pytest.fixture(scope="module")
def db_path(tmp_path_factory) -> Path:
    return build(tmp_path_factory.mktemp("cli-documents") / "documents.duckdb")


def cells(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


# --- ita plan -------------------------------------------------------------------------------


def test_plan_docx(db_path, tmp_path, capsys):
    out = tmp_path / "out" / "plan.docx"  # the folder is created
    args = ["plan", "--org", ORG, "--year", str(YEAR), "--out", str(out), "--db", str(db_path)]
    assert cli.main(args) == 0
    printed = capsys.readouterr().out
    assert str(out.resolve()) in printed and "Written" in printed
    doc = Document(str(out))
    assert "อบต.ทดสอบนาดี" in [p.text for p in doc.paragraphs]
    assert "ปีงบประมาณ พ.ศ. 2567" in [p.text for p in doc.paragraphs]
    plan = cells(doc.tables[-1])
    assert plan[0] == SIX
    # weak points of 2566 by gain to 85 (9, 3, 7), then measures 2 and 3 of 2566 carried over
    assert [row[0] for row in plan[1:]] == [
        "1. มาตรการเผยแพร่ข้อมูลสาธารณะบนเว็บไซต์ให้ครบถ้วน",
        "2. มาตรการป้องกันการรับสินบนและผลประโยชน์ทับซ้อน",
        "3. มาตรการเพิ่มประสิทธิภาพการสื่อสารและการเผยแพร่ข้อมูล",
        "4. มาตรการป้องกันการใช้อำนาจโดยมิชอบ",
        "5. ประชุมชี้แจงบุคลากร",
    ]
    assert cells(doc.tables[0])[3][:4] == [
        "3. การใช้อำนาจ",
        "84.00",
        "-6.00",
        "ต่ำกว่าเกณฑ์ 85; ลดลง 6.00 จากปีก่อน",
    ]


def test_plan_xlsx_with_thai_digits(db_path, tmp_path, capsys):
    out = tmp_path / "plan.XLSX"  # the suffix in any case
    args = ["plan", "--org", ORG, "--year", str(YEAR), "--out", str(out), "--thai-digits"]
    assert cli.main([*args, "--db", str(db_path)]) == 0
    assert str(out.resolve()) in capsys.readouterr().out
    book = openpyxl.load_workbook(io.BytesIO(out.read_bytes()))
    assert book.sheetnames == ["วิเคราะห์ผล ๒๕๖๖", "แผนมาตรการ ๒๕๖๗"]
    values = [c for s in book.worksheets for row in s.iter_rows(values_only=True) for c in row]
    assert "ปีงบประมาณ พ.ศ. ๒๕๖๗" in values
    assert not [v for v in values if v is not None and re.search(r"[0-9]", str(v))]


def test_plan_honours_ita_db(db_path, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("ITA_DB", str(db_path))
    out = tmp_path / "plan.xlsx"
    assert cli.main(["plan", "--org", ORG, "--year", str(YEAR), "--out", str(out)]) == 0
    assert openpyxl.load_workbook(str(out)).sheetnames == ["วิเคราะห์ผล 2566", "แผนมาตรการ 2567"]


@pytest.mark.parametrize("name", ["plan.pdf", "plan.doc", "plan", "plan.docx.txt"])
def test_plan_refuses_other_file_kinds(db_path, tmp_path, capsys, name):
    out = tmp_path / name
    args = ["plan", "--org", ORG, "--year", str(YEAR), "--out", str(out), "--db", str(db_path)]
    assert cli.main(args) == 2
    err = capsys.readouterr().err
    assert_bilingual_error(err)
    assert ".docx" in err and ".xlsx" in err
    assert not out.exists()


def test_plan_unknown_organisation(db_path, tmp_path, capsys):
    out = tmp_path / "plan.docx"
    args = ["plan", "--org", "NOPE", "--year", str(YEAR), "--out", str(out), "--db", str(db_path)]
    assert cli.main(args) == 1
    err = capsys.readouterr().err
    assert_bilingual_error(err)
    assert "NOPE" in err
    assert not out.exists()


def test_plan_year_without_data(db_path, tmp_path, capsys):
    out = tmp_path / "plan.docx"
    args = ["plan", "--org", ORG, "--year", "2560", "--out", str(out), "--db", str(db_path)]
    assert cli.main(args) == 1
    err = capsys.readouterr().err
    assert_bilingual_error(err)
    assert "2560" in err
    assert not out.exists()


def test_plan_missing_database(tmp_path, capsys):
    out = tmp_path / "plan.docx"
    missing = tmp_path / "none.duckdb"
    args = ["plan", "--org", ORG, "--year", str(YEAR), "--out", str(out), "--db", str(missing)]
    assert cli.main(args) == 2
    assert_bilingual_error(capsys.readouterr().err)
    assert not out.exists() and not missing.exists()


# --- ita report -----------------------------------------------------------------------------


def test_report_round_12(db_path, tmp_path, capsys):
    out = tmp_path / "report.docx"
    args = ["report", "--org", ORG, "--year", str(YEAR), "--round", "12", "--out", str(out)]
    assert cli.main([*args, "--db", str(db_path)]) == 0
    assert str(out.resolve()) in capsys.readouterr().out
    doc = Document(str(out))
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == "บันทึกข้อความ"
    assert texts[4].endswith("ประจำปีงบประมาณ พ.ศ. 2566 (รอบ 12 เดือน)")
    table = cells(doc.tables[0])
    assert table[0] == SIX
    assert [row[4] for row in table[1:]] == [
        "เผยแพร่ครบถ้วน\nสถานะ: ดำเนินการแล้ว",
        "อยู่ระหว่างจัดทำหลักเกณฑ์\nสถานะ: กำลังดำเนินการ",
        "ยังไม่มีรายงานรอบ 12 เดือน",
    ]


def test_report_round_6_thai_digits(db_path, tmp_path, capsys):
    out = tmp_path / "report.docx"
    args = ["report", "--org", ORG, "--year", str(YEAR), "--round", "6", "--out", str(out)]
    assert cli.main([*args, "--thai-digits", "--db", str(db_path)]) == 0
    doc = Document(str(out))
    texts = [p.text for p in doc.paragraphs]
    assert texts[4].endswith("ประจำปีงบประมาณ พ.ศ. ๒๕๖๖ (รอบ ๖ เดือน)")
    assert cells(doc.tables[0])[3][4] == "ยังไม่มีรายงานรอบ ๖ เดือน"


def test_report_needs_a_docx_name(db_path, tmp_path, capsys):
    out = tmp_path / "report.xlsx"
    args = ["report", "--org", ORG, "--year", str(YEAR), "--round", "6", "--out", str(out)]
    assert cli.main([*args, "--db", str(db_path)]) == 2
    err = capsys.readouterr().err
    assert_bilingual_error(err)
    assert ".docx" in err
    assert not out.exists()


def test_report_round_must_be_6_or_12(db_path, tmp_path, capsys):
    out = tmp_path / "report.docx"
    args = ["report", "--org", ORG, "--year", str(YEAR), "--round", "9", "--out", str(out)]
    with pytest.raises(SystemExit) as info:
        cli.main([*args, "--db", str(db_path)])
    assert info.value.code == 2
    assert "--round" in capsys.readouterr().err
    assert not out.exists()


def test_report_year_without_measures(db_path, tmp_path, capsys):
    out = tmp_path / "report.docx"
    args = ["report", "--org", ORG, "--year", "2565", "--round", "12", "--out", str(out)]
    assert cli.main([*args, "--db", str(db_path)]) == 1
    err = capsys.readouterr().err
    assert_bilingual_error(err)
    assert "2565" in err
    assert not out.exists()


# --- a supervisor's loop over organisations of the demo database ---------------------------


def test_supervisor_loop_on_the_demo_database(demo_db, tmp_path, capsys):
    with reading(demo_db) as reader:
        year = 2567
        codes = [
            code
            for (code,) in reader.rows(
                "select distinct org_code from core.measures where fiscal_year = $y and org_code "
                "in (select org_code from core.indicator_scores where fiscal_year = $y) "
                "order by org_code limit 3",
                {"y": year},
            )
        ]
        names = dict(
            reader.rows(
                "select o.org_code, t.name_prefix || o.name_th from core.organisations as o "
                "join core.org_types as t using (type_code)"
            )
        )
    assert len(codes) == 3
    for code in codes:
        for command, out in (
            (["plan"], tmp_path / code / "plan.docx"),
            (["plan"], tmp_path / code / "plan.xlsx"),
            (["report", "--round", "6"], tmp_path / code / "report.docx"),
        ):
            args = [*command, "--org", code, "--year", str(year), "--out", str(out)]
            assert cli.main([*args, "--db", str(demo_db)]) == 0, capsys.readouterr().err
            assert str(out.resolve()) in capsys.readouterr().out
        plan = Document(str(tmp_path / code / "plan.docx"))
        assert names[code] in [p.text for p in plan.paragraphs]
        assert cells(plan.tables[-1])[0] == SIX
        report = Document(str(tmp_path / code / "report.docx"))
        assert cells(report.tables[0])[0] == SIX
        book = openpyxl.load_workbook(str(tmp_path / code / "plan.xlsx"))
        assert book.sheetnames == [f"วิเคราะห์ผล {year}", f"แผนมาตรการ {year + 1}"]


def test_installed_script(db_path, tmp_path):
    env = script_environment(tmp_path)
    out = tmp_path / "report.docx"
    report = ["report", "--org", ORG, "--year", str(YEAR), "--round", "12", "--out", str(out)]
    done = run_installed_ita([*report, "--db", str(db_path)], env, tmp_path)
    assert done.returncode == 0, done.stderr
    assert str(out.resolve()) in done.stdout
    assert Document(str(out)).paragraphs[0].text == "บันทึกข้อความ"
    plan = ["plan", "--org", ORG, "--year", str(YEAR), "--out", str(tmp_path / "p.odt")]
    done = run_installed_ita([*plan, "--db", str(db_path)], env, tmp_path)
    assert done.returncode == 2
    assert_bilingual_error(done.stderr)
