"""`ita gaps` on the hand-built database of tests/test_gaps.py: the CSV is compared with a
string written by hand; the readable output with its section headings."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from test_gaps import build_database

from dashboard import cli

REPO = Path(__file__).resolve().parent.parent

# A0001, Y = 2567, analysis of 2566 (weights: 1-5 0.06, 6-8 0.1, 9-10 0.2):
#   2 at 80.50: (85 - 80.50) * 0.06 = 0.27, (95 - 80.50) * 0.06 = 0.87, no measure
#   7 at 84.99: 0.01 * 0.1 = 0.001 -> 0.00, 10.01 * 0.1 = 1.001 -> 1.00, measure 2
#   9 at 70.00: 15 * 0.2 = 3.00, 25 * 0.2 = 5.00, measures 1 and 3
#   (1 at 96.00 and the others at 90.00 are not weak, so not listed)
A_CSV = (
    "indicator,indicator_name_th,score,weight,gain_to_85,gain_to_95,covered_by\n"
    "2,การใช้งบประมาณ,80.50,0.06,0.27,0.87,\n"
    "7,ประสิทธิภาพการสื่อสาร,84.99,0.1,0.00,1.00,2\n"
    "9,การเปิดเผยข้อมูล,70.00,0.2,3.00,5.00,1;3\n"
)

# B0001: 3 at 86.00 (5 under the peer median 91.00; weight 0.06): 0 to 85, 9 * 0.06 = 0.54,
#   no measure; 8 at 80.00 (weight 0.1): 5 * 0.1 = 0.50, 15 * 0.1 = 1.50, measures 1 and 3
B_CSV = (
    "indicator,indicator_name_th,score,weight,gain_to_85,gain_to_95,covered_by\n"
    "3,การใช้อำนาจ,86.00,0.06,0.00,0.54,\n"
    "8,การปรับปรุงระบบการทำงาน,80.00,0.1,0.50,1.50,1;3\n"
)

HEADER_ONLY = "indicator,indicator_name_th,score,weight,gain_to_85,gain_to_95,covered_by\n"


pytestmark = pytest.mark.usefixtures("isolated_environment")


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    return build_database(tmp_path_factory.mktemp("cli-gaps") / "gaps.duckdb")


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_csv_is_exactly_the_weak_point_table(db, capsys):
    code, out, err = run(
        capsys, "gaps", "--org", "A0001", "--year", "2567", "--csv", "--db", str(db)
    )
    assert code == 0, err
    assert out == A_CSV


def test_csv_with_a_weak_point_by_the_peer_rule(db, capsys):
    code, out, _ = run(capsys, "gaps", "--org", "B0001", "--year", "2567", "--csv", "--db", str(db))
    assert code == 0
    assert out == B_CSV


def test_csv_of_an_organisation_without_weak_points(db, capsys):
    # C0002 scored 90.00 or more on every indicator in 2566, at or above its peers' median.
    code, out, _ = run(capsys, "gaps", "--org", "C0002", "--year", "2567", "--csv", "--db", str(db))
    assert code == 0
    assert out == HEADER_ONLY


def test_csv_through_ita_db_and_a_real_process(db):
    # The installed command, reading the database named by ITA_DB; stdout must be UTF-8.
    env = dict(os.environ, ITA_DB=str(db), PYTHONIOENCODING="utf-8")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "dashboard.cli",
            "gaps",
            "--org",
            "A0001",
            "--year",
            "2567",
            "--csv",
        ],
        capture_output=True,
        cwd=REPO,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode()
    assert done.stdout.decode("utf-8") == A_CSV


def test_readable_output_has_every_section(db, capsys):
    code, out, err = run(capsys, "gaps", "--org", "B0001", "--year", "2567", "--db", str(db))
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].startswith("B0001 ทดสอบบี: จุดอ่อนของปี 2566 และมาตรการปี 2567")
    headings = [
        "1. จุดอ่อนรายตัวชี้วัด / Weak indicators",
        "2. เครื่องมือที่ต่ำกว่าเกณฑ์ / Tools under the pass mark",
        "3. ช่องว่างการครอบคลุม / Coverage: weak points no measure targets",
        "   มาตรการที่ไม่ตรงจุดอ่อน / measures that target no weak point",
        "4. ช่องว่างการดำเนินการ / Execution",
        "5. ผลที่เกิด / Effect: change 2566 → 2567",
    ]
    positions = []
    for heading in headings:
        found = [n for n, line in enumerate(lines) if line.startswith(heading)]
        assert found, heading
        positions.append(found[0])
    assert positions == sorted(positions)
    sections = {
        h: "\n".join(lines[a:b])
        for h, a, b in zip(headings, positions, [*positions[1:], len(lines)], strict=True)
    }
    # Weak indicators 3 (peer rule, with the median) and 8 (covered by 1;3).
    weak = sections[headings[0]]
    assert "ต่ำกว่ามัธยฐานกลุ่ม (91.00) ≥ 5" in weak and "1;3" in weak
    # B0001's tools of 2566 are all at or above 85: IIT (90*4 + 86)/5 = 89.20,
    # EIT (90 + 90 + 80)/3 = 86.67, OIT 90.00.
    assert "(ไม่มี / none)" in sections[headings[1]]
    # Uncovered: indicator 3 only; measures 2 and 4 target no weak point.
    assert "การใช้อำนาจ" in sections[headings[2]]
    assert "การปรับปรุงระบบการทำงาน" not in sections[headings[2]]
    untargeted = sections[headings[3]]
    assert "มาตรการลดขั้นตอนการให้บริการ" in untargeted and "มาตรการอบรมบุคลากร" in untargeted
    # Execution gaps: measures 3 (no 6-month report) and 4 (no outcome); measure 1 has none.
    # (Measure 2 is flagged only once fiscal year 2567 has ended, i.e. after 30 Sep 2024; today
    # is long after, so it is listed too.)
    execution = sections[headings[4]]
    assert "มาตรการตรวจสอบการให้บริการ" in execution and "มาตรการอบรมบุคลากร" in execution
    assert "มาตรการลดขั้นตอนการให้บริการ" in execution
    assert "มาตรการการเปิดโอกาสให้เกิดการมีส่วนร่วม" not in execution


def test_readable_output_without_scores_of_the_prior_year(db, capsys):
    code, out, _ = run(capsys, "gaps", "--org", "A0001", "--year", "2570", "--db", str(db))
    assert code == 0
    assert "ไม่มีคะแนนรายตัวชี้วัดของปี 2569 / No indicator scores for 2569" in out


def test_unknown_organisation_exits_1(db, capsys):
    code, out, err = run(capsys, "gaps", "--org", "NOPE", "--year", "2567", "--db", str(db))
    assert code == 1
    assert out == ""
    assert "ไม่พบหน่วยงานรหัส NOPE" in err and "No organisation NOPE" in err
    code, out, _ = run(capsys, "gaps", "--org", "NOPE", "--year", "2567", "--csv", "--db", str(db))
    assert code == 1 and out == ""


def test_missing_database_is_a_bilingual_error(tmp_path, capsys):
    code, _, err = run(
        capsys, "gaps", "--org", "A0001", "--year", "2567", "--db", str(tmp_path / "none.duckdb")
    )
    assert code == 2
    assert "ข้อผิดพลาด:" in err and "Error:" in err
