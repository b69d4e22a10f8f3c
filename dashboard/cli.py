"""The `ita` command: build the demo database, serve the dashboard, describe a database.

Every subcommand takes `--db PATH` (else the ITA_DB environment variable, else the default path
in `dashboard.paths.default_db_path`). Errors are printed in Thai and English on stderr with a
non-zero exit status.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time

from dashboard import __version__, paths
from dashboard import db as dbmod

EXIT_ERROR = 2


def _add_db(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        metavar="PATH",
        help=f"database file (default: $ITA_DB, else {paths.default_db_path()})",
    )


def cmd_demo(args: argparse.Namespace) -> int:
    from dashboard import demo

    path = paths.resolve_db_path(args.db)
    started = time.perf_counter()
    counts = demo.build(path, force=args.force)
    took = time.perf_counter() - started
    print(f"สร้างฐานข้อมูลสาธิตแล้ว / Demo database built: {path} ({took:.1f} s)")
    for table, n in counts.items():
        print(f"  {table.removeprefix('core.')}: {n:,}")
    print(demo.DATASET_NOTE_TH)
    print(demo.DATASET_NOTE_EN)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    path = paths.resolve_db_path(args.db)
    if not path.exists():
        if args.db or os.environ.get("ITA_DB"):
            # A path the user chose: never invent data there.
            dbmod.open_reader(path)  # raises DatabaseMissing with what to do
        from dashboard import demo

        print(
            "ยังไม่มีฐานข้อมูล จึงสร้างฐานข้อมูลสาธิตก่อน / "
            f"No database yet: building the demo database at {path}"
        )
        demo.build(path)
    else:
        dbmod.open_reader(path).close()  # fail early, clearly, on a foreign or locked file
    env = dict(os.environ, ITA_DB=str(path), STREAMLIT_BROWSER_GATHER_USAGE_STATS="false")
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(paths.APP_FILE),
        "--server.port",
        str(args.port),
        "--server.address",
        args.host,
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
    ]
    print(f"เปิดแดชบอร์ดที่ / Dashboard at http://{args.host}:{args.port}")
    try:
        return subprocess.call(command, env=env, cwd=paths.RESOURCE_ROOT)
    except KeyboardInterrupt:
        return 0


def cmd_info(args: argparse.Namespace) -> int:
    path = paths.resolve_db_path(args.db)
    reader = dbmod.open_reader(path)
    try:
        print(f"database: {path}")
        for key, value in reader.rows("select key, value from dataset_info order by key"):
            print(f"  {key}: {value}")
        for name, n in reader.rows(
            "select 'organisations', count(*) from core.organisations union all "
            "select 'org-years assessed', count(*) from core.assessments union all "
            "select 'measures', count(*) from core.measures union all "
            "select 'complaint rows', count(*) from core.complaints union all "
            "select 'import batches', count(*) from core.import_batches"
        ):
            print(f"  {name}: {n:,}")
    finally:
        reader.close()
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ita",
        description="ITA dashboard: แดชบอร์ดผลการประเมินคุณธรรมและความโปร่งใส (ITA)",
    )
    parser.add_argument("--version", action="version", version=f"ita {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    demo = sub.add_parser("demo", help="build the demo database (fictional organisations)")
    _add_db(demo)
    demo.add_argument(
        "--force", action="store_true", help="replace a database that holds imported data"
    )
    demo.set_defaults(func=cmd_demo)

    serve = sub.add_parser("serve", help="run the dashboard")
    _add_db(serve)
    serve.add_argument("--port", type=int, default=8501)
    serve.add_argument("--host", default="127.0.0.1")
    serve.set_defaults(func=cmd_serve)

    info = sub.add_parser("info", help="describe a database: what it holds and how much")
    _add_db(info)
    info.set_defaults(func=cmd_info)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except dbmod.DatabaseError as exc:
        print(f"ข้อผิดพลาด: {exc.message_th}", file=sys.stderr)
        print(f"Error: {exc.message_en}", file=sys.stderr)
        return EXIT_ERROR


if __name__ == "__main__":
    raise SystemExit(main())
