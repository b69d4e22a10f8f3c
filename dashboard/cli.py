"""The `ita` command: build the demo database, serve the dashboard, describe a database, import,
and write the documents staff produce (`ita plan`, `ita report`).

Every subcommand takes `--db PATH` (else the ITA_DB environment variable, else the default path
in `dashboard.paths.default_db_path`). Errors are printed in Thai and English on stderr with a
non-zero exit status.
"""

from __future__ import annotations

import argparse
import os
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
        _upgrade(path)  # a database of an earlier version is brought up to date first
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
    print(f"เปิดแดชบอร์ดที่ / Dashboard at http://{args.host}:{args.port}", flush=True)
    # Become the server (no parent process left holding this one's memory).
    os.chdir(paths.RESOURCE_ROOT)
    os.execve(sys.executable, command, env)


def _upgrade(path) -> str | None:
    """Upgrade a database of an earlier schema version, saying so; returns that version."""
    before = dbmod.upgrade(path)
    if before is not None:
        print(
            f"ปรับฐานข้อมูลจากโครงสร้างรุ่น {before} เป็นรุ่น {dbmod.SCHEMA_VERSION} แล้ว / "
            f"Upgraded {path} from schema version {before} to {dbmod.SCHEMA_VERSION}",
            flush=True,
        )
    return before


def cmd_upgrade(args: argparse.Namespace) -> int:
    path = paths.resolve_db_path(args.db)
    if _upgrade(path) is None:
        print(f"ฐานข้อมูลเป็นรุ่นล่าสุดอยู่แล้ว / {path} is already at schema version {dbmod.SCHEMA_VERSION}")
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


def _print_problems(problems, stream) -> None:
    for problem in problems:
        print(problem.format(), file=stream)


def cmd_import(args: argparse.Namespace) -> int:
    from dashboard.ingest.framework import run_import
    from dashboard.ingest.problems import ImportRejected

    path = paths.resolve_db_path(args.db)
    try:
        outcome = run_import(
            args.kind,
            args.file,
            path,
            dry_run=args.dry_run,
            replace=args.replace,
            add_organisations=args.add_organisations,
        )
    except ImportRejected as exc:
        errors = [p for p in exc.problems if p.severity == "error"]
        print(
            f"ไม่ได้นำเข้า: พบปัญหา {len(errors)} รายการ ฐานข้อมูลไม่เปลี่ยนแปลง / "
            f"Not imported: {len(errors)} problem(s); the database is unchanged.",
            file=sys.stderr,
        )
        _print_problems(exc.problems, sys.stderr)
        return 1
    plan = outcome.plan
    counts = (
        f"rows {plan.rows_read:,}; add {len(plan.added):,}; replace {len(plan.changed):,}; "
        f"unchanged {plan.unchanged:,}"
    )
    if outcome.status == "dry-run":
        print(f"ตรวจแล้ว ไฟล์ถูกต้อง (ยังไม่ได้นำเข้า) / Dry run: the file is valid ({counts})")
        for change in plan.added[: args.show]:
            print(f"  + row {change.row}: {change.summary}")
        if len(plan.added) > args.show:
            print(f"  + … {len(plan.added) - args.show:,} more")
        for change in plan.changed:
            print(f"  ~ row {change.row}: {change.old} → {change.summary}")
    elif outcome.status == "already":
        same = f" (batch {outcome.same_file_batch})" if outcome.same_file_batch else ""
        print(f"นำเข้าไว้แล้ว ไม่มีการเปลี่ยนแปลง / Already imported{same}: nothing changed ({counts})")
    else:
        print(f"นำเข้าแล้ว / Imported as batch {outcome.batch_id} into {path} ({counts})")
        for change in plan.changed:
            print(f"  ~ row {change.row}: {change.old} → {change.summary}")
    for line in plan.matches:
        print(f"  ? {line}")
    if plan.warnings:
        print(f"คำเตือน / Warnings: {len(plan.warnings)}")
        _print_problems(plan.warnings, sys.stdout)
    return 0


def cmd_imports(args: argparse.Namespace) -> int:
    reader = dbmod.open_reader(paths.resolve_db_path(args.db))
    try:
        rows = reader.rows(
            "select b.batch_id, b.kind, coalesce(b.file_name, '-'), b.row_count, "
            "strftime(timezone('Asia/Bangkok', b.imported_at), '%Y-%m-%d %H:%M'), "
            "b.imported_by, b.undone_at is not null, "
            "(select count(*) from core.batch_warnings w where w.batch_id = b.batch_id) "
            "from core.import_batches as b order by b.batch_id"
        )
    finally:
        reader.close()
    print(f"{'id':>4}  {'kind':<10} {'rows':>7}  {'time (ICT)':<16}  {'who':<10} {'warn':>4}  file")
    for batch, kind, file, n, at, who, undone, warns in rows:
        mark = "  [undone]" if undone else ""
        print(f"{batch:>4}  {kind:<10} {n:>7,}  {at:<16}  {who:<10} {warns:>4}  {file}{mark}")
    return 0


def cmd_undo(args: argparse.Namespace) -> int:
    from dashboard.ingest.undo import undo_batch

    result = undo_batch(paths.resolve_db_path(args.db), args.batch)
    removed = ", ".join(f"{t.removeprefix('core.')} {n:,}" for t, n in result.removed.items())
    restored = ", ".join(f"{t.removeprefix('core.')} {n:,}" for t, n in result.restored.items())
    print(f"ยกเลิกชุดนำเข้า {result.batch_id} แล้ว / Batch {result.batch_id} undone.")
    print(f"  removed: {removed or 'nothing'}")
    if restored:
        print(f"  restored: {restored}")
    return 0


def _table(frame, columns: dict[str, str]) -> str:
    """A plain-text table of some columns, headed in Thai / English."""
    if frame.empty:
        return "  (ไม่มี / none)"
    shown = frame[list(columns)].rename(columns=columns)
    return shown.to_string(index=False)


def cmd_gaps(args: argparse.Namespace) -> int:
    from dashboard import gaps
    from dashboard.formatting import MISSING

    reader = dbmod.open_reader(paths.resolve_db_path(args.db))
    try:
        found = reader.rows(
            "select name_th from core.organisations where org_code = $c", {"c": args.org}
        )
        if not found:
            print(f"ไม่พบหน่วยงานรหัส {args.org} / No organisation {args.org}", file=sys.stderr)
            return 1
        analysis = gaps.analyse(reader, args.org, args.year)
    finally:
        reader.close()
    if args.csv:
        sys.stdout.write(gaps.weak_points_csv(analysis))
        return 0
    prior = args.year - 1
    if analysis.indicators.empty:
        print(f"ไม่มีคะแนนรายตัวชี้วัดของปี {prior} / No indicator scores for {prior}")
    weak = analysis.weak.assign(
        covered=lambda f: f["covered_by"].map(lambda v: ";".join(map(str, v)) or MISSING),
        why=lambda f: [gaps.reasons(r) for r in f.itertuples()],
    )
    print(
        f"{args.org} {found[0][0]}: จุดอ่อนของปี {prior} และมาตรการปี {args.year} / "
        f"weak points of {prior} and the measures of {args.year}"
    )
    print(
        "\n1. จุดอ่อนรายตัวชี้วัด / Weak indicators (under the pass mark; 5+ under the peer "
        "median of the same type and province; or 5+ down on the year before)"
    )
    print(
        _table(
            weak,
            {
                "indicator": "ตัวชี้วัด",
                "indicator_name_th": "ชื่อ",
                "score": "คะแนน",
                "weight": "น้ำหนัก",
                "gain_to_pass": "ได้เพิ่มถ้าถึง 85",
                "gain_to_excellent": "ได้เพิ่มถ้าถึง 95",
                "covered": "มาตรการ",
                "why": "เหตุผล",
            },
        )
    )
    print("\n2. เครื่องมือที่ต่ำกว่าเกณฑ์ / Tools under the pass mark")
    print(
        _table(
            analysis.weak_tools,
            {"tool": "เครื่องมือ", "score": "คะแนน", "gain_to_pass": "ได้เพิ่มถ้าถึง 85"},
        )
    )
    print("\n3. ช่องว่างการครอบคลุม / Coverage: weak points no measure targets")
    print(_table(analysis.uncovered, {"indicator": "ตัวชี้วัด", "indicator_name_th": "ชื่อ"}))
    print("   มาตรการที่ไม่ตรงจุดอ่อน / measures that target no weak point")
    print(_table(analysis.untargeted_measures, {"measure_no": "ลำดับ", "title": "มาตรการ"}))
    print(
        "\n4. ช่องว่างการดำเนินการ / Execution: measures without an outcome, without a 6-month "
        "report, or not completed by the end of the year"
    )
    gaps_only = (
        analysis.measures.loc[analysis.measures["has_gap"]]
        if not analysis.measures.empty
        else analysis.measures
    )
    print(
        _table(
            gaps_only,
            {
                "measure_no": "ลำดับ",
                "title": "มาตรการ",
                "status_th": "สถานะ",
                "no_outcome": "ไม่มีผล",
                "no_6m_report": "ไม่มีรายงาน 6 เดือน",
                "not_completed": "ไม่แล้วเสร็จ",
            },
        )
    )
    print(f"\n5. ผลที่เกิด / Effect: change {prior} → {args.year}")
    print(
        _table(
            analysis.change,
            {
                "indicator": "ตัวชี้วัด",
                "score_before": str(prior),
                "score_after": str(args.year),
                "change": "เปลี่ยนแปลง",
                "had_measure": "มีมาตรการ",
            },
        )
    )
    return 0


def _write_document(args: argparse.Namespace, suffixes: tuple[str, ...], build) -> int:
    """Check the output name, build the document from the database, write it, say where."""
    from pathlib import Path

    out = Path(args.out)
    suffix = out.suffix.lower()
    if suffix not in suffixes:
        print(
            f"ข้อผิดพลาด: ชื่อไฟล์ {out} ต้องลงท้ายด้วย {' หรือ '.join(suffixes)}\n"
            f"Error: the output file {out} must end in {' or '.join(suffixes)}",
            file=sys.stderr,
        )
        return EXIT_ERROR
    reader = dbmod.open_reader(paths.resolve_db_path(args.db))
    try:
        data = build(reader, suffix)
    except ValueError as exc:  # unknown organisation, no data for the year: "ไทย / English"
        thai, _, english = str(exc).partition(" / ")
        print(f"ข้อผิดพลาด: {thai}", file=sys.stderr)
        print(f"Error: {english or thai}", file=sys.stderr)
        return 1
    finally:
        reader.close()
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    print(f"เขียนไฟล์แล้ว / Written: {out.resolve()} ({len(data):,} bytes)")
    return 0


def cmd_plan(args: argparse.Namespace) -> int:
    from dashboard import documents

    def build(reader, suffix: str) -> bytes:
        make = documents.plan_docx if suffix == ".docx" else documents.plan_xlsx
        return make(reader, args.org, args.year, thai_digits=args.thai_digits)

    return _write_document(args, (".docx", ".xlsx"), build)


def cmd_report(args: argparse.Namespace) -> int:
    from dashboard import documents

    def build(reader, suffix: str) -> bytes:
        return documents.report_docx(
            reader, args.org, args.year, args.round, thai_digits=args.thai_digits
        )

    return _write_document(args, (".docx",), build)


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

    upgrade = sub.add_parser(
        "upgrade", help="bring a database made by an earlier version up to date (no data lost)"
    )
    _add_db(upgrade)
    upgrade.set_defaults(func=cmd_upgrade)

    info = sub.add_parser("info", help="describe a database: what it holds and how much")
    _add_db(info)
    info.set_defaults(func=cmd_info)

    from dashboard.ingest.framework import KINDS

    imp = sub.add_parser("import", help="import a file (all or nothing)")
    imp.add_argument("kind", choices=KINDS)
    imp.add_argument("file")
    _add_db(imp)
    imp.add_argument("--dry-run", action="store_true", help="check and show, change nothing")
    imp.add_argument(
        "--replace", action="store_true", help="replace stored values that differ (logged)"
    )
    imp.add_argument(
        "--add-organisations",
        action="store_true",
        help="add organisations missing from the registry, from the file's name, type, "
        "province and district",
    )
    imp.add_argument("--show", type=int, default=20, help="rows listed by --dry-run")
    imp.set_defaults(func=cmd_import)

    batches = sub.add_parser("imports", help="list import batches")
    _add_db(batches)
    batches.set_defaults(func=cmd_imports)

    undo = sub.add_parser("undo", help="remove one import batch exactly")
    undo.add_argument("batch", type=int)
    _add_db(undo)
    undo.set_defaults(func=cmd_undo)

    gap = sub.add_parser("gaps", help="weak points of Y-1 against the measures of Y")
    gap.add_argument("--org", required=True, help="organisation code")
    gap.add_argument("--year", required=True, type=int, help="fiscal year Y (BE)")
    gap.add_argument("--csv", action="store_true", help="print the weak-point table as CSV")
    _add_db(gap)
    gap.set_defaults(func=cmd_gaps)

    plan = sub.add_parser(
        "plan", help="the analysis of the results of Y and the draft measure plan for Y+1"
    )
    plan.add_argument("--org", required=True, help="organisation code")
    plan.add_argument("--year", required=True, type=int, help="fiscal year Y of the results (BE)")
    plan.add_argument("--out", required=True, metavar="FILE", help="FILE.docx or FILE.xlsx")
    plan.add_argument("--thai-digits", action="store_true", help="write digits as Thai digits")
    _add_db(plan)
    plan.set_defaults(func=cmd_plan)

    report = sub.add_parser(
        "report", help="the report on carrying out the measures of Y at 6 or 12 months (DOCX)"
    )
    report.add_argument("--org", required=True, help="organisation code")
    report.add_argument("--year", required=True, type=int, help="fiscal year Y (BE)")
    report.add_argument("--round", required=True, type=int, choices=(6, 12), help="6 or 12")
    report.add_argument("--out", required=True, metavar="FILE", help="FILE.docx")
    report.add_argument("--thai-digits", action="store_true", help="write digits as Thai digits")
    _add_db(report)
    report.set_defaults(func=cmd_report)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except dbmod.DatabaseError as exc:
        print(f"ข้อผิดพลาด: {exc.message_th}", file=sys.stderr)
        print(f"Error: {exc.message_en}", file=sys.stderr)
        return EXIT_ERROR


def run() -> None:
    """The installed `ita` command: main(), then exit without tearing the interpreter down.

    Freeing the caches and modules of a national import takes about 0.1 s and writes nothing:
    every file and database a command writes is closed before main() returns (with-blocks,
    write_bytes), and the output is flushed here. Tests call main() and keep the usual exit.
    """
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    raise SystemExit(main())
