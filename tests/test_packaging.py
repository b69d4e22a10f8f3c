"""The built wheel carries queries/ and data/, and the installed package finds them."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_wheel_contains_resources_and_works_outside_the_repo(tmp_path):
    out = tmp_path / "wheel"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(out), str(REPO)],
        check=True,
    )  # fmt: skip
    (wheel,) = out.glob("ita_dashboard-*.whl")
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        zf.extractall(tmp_path / "site")
    for name in (
        "dashboard/_resources/queries/overview_by_year.sql",
        "dashboard/_resources/data/schema.sql",
        "dashboard/_resources/data/views.sql",
        "dashboard/_resources/data/methodology/levels.csv",
        "dashboard/locales/th/core.json",
        "dashboard/app.py",
    ):
        assert name in names, name

    # Import the unpacked wheel (not the repository) from an unrelated folder and build a
    # database with it: every resource must resolve inside the installed package.
    script = (
        "import sys; sys.path.insert(0, sys.argv[1]);"
        "from dashboard import paths, demo, db;"
        "assert str(paths.QUERIES_DIR).startswith(sys.argv[1]), paths.QUERIES_DIR;"
        "demo.build(sys.argv[2]);"
        "r = db.open_reader(sys.argv[2]);"
        "print(len(r.query('assessed_years')))"
    )
    work = tmp_path / "elsewhere"
    work.mkdir()
    done = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path / "site"), str(tmp_path / "w.duckdb")],
        cwd=work, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert done.stdout.strip() == "7"
