"""The national-scale benchmark (issue 7), in one command:

    bash .ci/setup.sh && .venv/bin/python -m benchmarks.run

Builds the national database in a temporary folder (benchmarks/national.py), then measures the
imports, every named query, every page (AppTest), the served app's memory in a real browser,
and the naive pandas way; prints the figures as JSON and as Markdown tables, with PASS/FAIL for
each target, and writes benchmarks/results.json. A missed target does not fail the command.
The temporary folder (its database holds synthetic scores on real names) is deleted at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "results.json"
TARGETS = {
    "query_p50_ms": 50.0,
    "page_warm_p50_ms": 300.0,
    "page_first_ms": 1000.0,
    "import_csv_s": 3.0,
    "import_xlsx_s": 10.0,
    "served_rss_mb": 500.0,
    "naive_ratio": 5.0,
}


def log(text: str) -> None:
    print(text, flush=True)


def _load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def _machine() -> dict[str, Any]:
    import duckdb
    import pandas
    import streamlit

    return {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "duckdb": duckdb.__version__,
        "pandas": pandas.__version__,
        "streamlit": streamlit.__version__,
        "platform": platform.platform(),
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
    }


def evaluate(results: dict[str, Any]) -> list[dict[str, Any]]:
    """PASS/FAIL of every target."""
    out: list[dict[str, Any]] = []

    def add(target: str, subject: str, measured: Any, limit: float, ok: bool, note: str = ""):
        out.append(
            {
                "target": target,
                "subject": subject,
                "measured": measured,
                "limit": limit,
                "pass": bool(ok),
                "note": note,
            }
        )

    imports = results["imports"]
    for kind, key, label in (("scores_csv", "import_csv_s", "CSV"),
                             ("scores_xlsx", "import_xlsx_s", "XLSX")):  # fmt: skip
        got = imports[kind]
        failed = got.get("ita_failed")
        note = f"`ita import` failed: {failed['error']}" if failed else ""
        add(
            f"score import {label} <= {TARGETS[key]:g} s",
            f"{got['rows']:,} rows",
            got["wall_s"],
            TARGETS[key],
            not failed and got["wall_s"] <= TARGETS[key],
            note,
        )
    for q in results["queries"]:
        add(
            "query p50 <= 50 ms",
            f"{q['query']} ({q['scope']})",
            q["p50_ms"],
            TARGETS["query_p50_ms"],
            q["p50_ms"] <= TARGETS["query_p50_ms"],
        )
    for p in results["pages"]:
        if p["scope"] != "national":
            continue
        first, warm = p.get("first_ms"), p.get("warm_p50_ms")
        note = "; ".join(p.get("problems") or [])
        add(
            "page first run <= 1 s (national)",
            p["page"],
            first,
            TARGETS["page_first_ms"],
            first is not None and first <= TARGETS["page_first_ms"],
            note,
        )
        add(
            "page warm p50 <= 300 ms (national)",
            p["page"],
            warm,
            TARGETS["page_warm_p50_ms"],
            warm is not None and warm <= TARGETS["page_warm_p50_ms"],
            note,
        )
    memory = results.get("memory")
    if memory:
        unfinished = [f"{p['page']} ({p['scope']})" for p in memory["pages"]
                      if p["status"] != "rendered"]  # fmt: skip
        note = f"not finished: {', '.join(unfinished)}" if unfinished else ""
        add(
            "served app RSS <= 500 MB",
            "peak, whole process tree",
            memory["peak_mb"],
            TARGETS["served_rss_mb"],
            memory["peak_mb"] <= TARGETS["served_rss_mb"],
            note,
        )
    for n in results["naive"]["pages"]:
        ratio = n["ratio"]
        add(
            "first run >= 5x faster than naive",
            f"{n['page']} ({n['scope']})",
            ratio,
            TARGETS["naive_ratio"],
            ratio is not None and ratio >= TARGETS["naive_ratio"],
            "" if ratio is not None else "the real page did not finish",
        )
    return out


def _ms(value: Any) -> str:
    return "—" if value is None else f"{value:,.0f}"


def _reference(r: dict[str, Any]) -> str:
    ref = r.get("reference") or {}
    return "; ".join(
        f"{when.replace('_', ' ')}: DuckDB {got['duckdb_ms']} ms, Python {got['python_ms']} ms"
        for when, got in ref.items()
    )


def markdown(results: dict[str, Any]) -> str:
    """The figures as Markdown tables."""
    r = results
    ok = {(t["target"], t["subject"]): t["pass"] for t in r["targets"]}
    mark = lambda passed: "PASS" if passed else "**FAIL**"  # noqa: E731
    db = r["database"]
    lines = [
        f"Machine: {r['machine']['cpus']} cores, Python {r['machine']['python']}, DuckDB "
        f"{r['machine']['duckdb']}, Streamlit {r['machine']['streamlit']}; load average "
        f"{r['load_average']['start']} at the start, {r['load_average']['end']} at the end; "
        f"reference workload (benchmarks/reference.py) {_reference(r)}. "
        f"Database: {db['organisations']:,} organisations ({r['registry']} registry), "
        f"{db['fiscal_years'][0]}–{db['fiscal_years'][-1]}, {db['org_years_assessed']:,} "
        f"organisation-years, {db['indicator_scores']:,} indicator scores, {db['measures']:,} "
        f"measures ({db['measures_per_org_year']} per organisation-year), "
        f"{db['progress_reports']:,} progress reports, {db['complaint_rows']:,} complaint rows; "
        f"{db['file_mb']} MB, built in {r['build_seconds']:.0f} s. "
        f"Whole run {r['total_seconds']:.0f} s.",
        "",
        "| import (whole `ita import` command) | rows | wall s | CPU s | target | |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for kind, label, key in (
        ("registry", "registry (CSV, empty database)", None),
        ("scores_csv", "one national year of scores, CSV", "import_csv_s"),
        ("scores_xlsx", "one national year of scores, XLSX", "import_xlsx_s"),
        ("measures_again", "one national year of measures, CSV, imported again", None),
    ):
        got = r["imports"][kind]
        target = f"≤ {TARGETS[key]:g} s" if key else ""
        verdict = ""
        if key:
            label_t = f"score import {'CSV' if kind == 'scores_csv' else 'XLSX'} <= "
            label_t += f"{TARGETS[key]:g} s"
            verdict = mark(ok[(label_t, f"{got['rows']:,} rows")])
        if got.get("wall_runs_s"):
            runs = ", ".join(f"{w:.1f}" for w in got["wall_runs_s"])
            label += f" (median of {got['runs']} runs: {runs} s)"
        if "all_unchanged" in got:
            found = "every" if got["all_unchanged"] else "**not every**"
            label += f" — {found} measure found unchanged"
        if got.get("ita_failed"):
            label += f" — `ita` failed after {got['ita_failed']['after_s']} s; patched run"
        lines.append(
            f"| {label} | {got['rows']:,} | {got['wall_s']:.1f} | {got['cpu_s']:.1f} | "
            f"{target} | {verdict} |"
        )
    lines += [
        "",
        "| query | scope | run as | p50 ms | p95 ms | runs | rows | ≤ 50 ms |",
        "|---|---|---|---:|---:|---:|---:|---|",
    ]
    for q in r["queries"]:
        passed = ok[("query p50 <= 50 ms", f"{q['query']} ({q['scope']})")]
        lines.append(
            f"| {q['query']} | {q['scope']} | {q.get('how', 'query')} | {q['p50_ms']:,.1f} | "
            f"{q['p95_ms']:,.1f} | {q['runs']} | {q['rows']:,} | {mark(passed)} |"
        )
    lines += [
        "",
        "| page (AppTest) | scope | first run ms (median) | slowest first run ms | warm p50 ms "
        "| first ≤ 1 s | warm ≤ 300 ms |",
        "|---|---|---:|---:|---:|---|---|",
    ]
    for p in r["pages"]:
        first_ok = warm_ok = ""
        if p["scope"] == "national":
            first_ok = mark(ok[("page first run <= 1 s (national)", p["page"])])
            warm_ok = mark(ok[("page warm p50 <= 300 ms (national)", p["page"])])
        first = _ms(p.get("first_ms")) if p.get("first_ms") is not None else "timed out"
        slowest = _ms(p["first_max_ms"]) if p.get("first_max_ms") is not None else "—"
        warm = _ms(p.get("warm_p50_ms")) if p.get("warm_p50_ms") is not None else "—"
        cells = (p["page"], p["scope"], first, slowest, warm, first_ok, warm_ok)
        lines.append("| " + " | ".join(cells) + " |")
    memory = r.get("memory")
    if memory:
        passed = ok[("served app RSS <= 500 MB", "peak, whole process tree")]
        lines += [
            "",
            "| served app (`ita serve` process tree, chromium opening every page) | MB |",
            "|---|---:|",
            f"| idle, before the first page | {memory['idle_mb']:,.0f} |",
            f"| after the last page | {memory['final_mb']:,.0f} |",
            f"| **peak** (target ≤ 500 MB: {mark(passed)}) | {memory['peak_mb']:,.0f} |",
        ]
    lines += [
        "",
        f"| page | scope | naive ms (load {r['naive']['load_ms']:,.0f} + compute) | "
        "real first run ms | ratio | ≥ 5× |",
        "|---|---|---:|---:|---:|---|",
    ]
    for n in r["naive"]["pages"]:
        passed = ok[("first run >= 5x faster than naive", f"{n['page']} ({n['scope']})")]
        ratio = "—" if n["ratio"] is None else f"{n['ratio']:.1f}×"
        lines.append(
            f"| {n['page']} | {n['scope']} | {_ms(n['naive_ms'])} | {_ms(n['real_first_ms'])} | "
            f"{ratio} | {mark(passed)} |"
        )
    failed = [t for t in r["targets"] if not t["pass"]]
    lines += ["", f"Targets: {len(r['targets']) - len(failed)} PASS, {len(failed)} FAIL."]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__)
    parser.add_argument(
        "--keep",
        metavar="DIR",
        help="build in DIR and keep it (default: a temporary folder, deleted at the end)",
    )
    parser.add_argument("--no-browser", action="store_true", help="skip the served-app memory")
    parser.add_argument("--out", default=str(RESULTS), help=f"results file (default {RESULTS})")
    args = parser.parse_args(argv)

    from benchmarks import memory, naive, national, pages, queries, reference

    started = time.perf_counter()
    load_start = _load()
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="ita-benchmark-"))
    results: dict[str, Any] = {"machine": _machine()}
    try:
        log(f"== building the national database in {work} (load average {load_start})")
        built = national.build(work, log)
        results |= {
            "registry": built.registry,
            "database": built.counts,
            "build_seconds": built.build_seconds,
            "build_phases": built.phases,
            "scope": {
                "year": built.scope.year,
                "province": f"{built.scope.province_th} ({built.scope.province_code}), "
                f"{len(built.scope.province_orgs)} organisations",
                "district": f"{built.scope.district}, {len(built.scope.district_orgs)} "
                "organisations",
                "organisation": built.scope.org_label,
            },
            "imports": built.imports,
        }
        results["reference"] = {"at_queries": reference.measure()}
        log(f"== queries (load average {_load()}; reference {results['reference']['at_queries']})")
        results["queries"] = queries.run(built.db, built.scope, built.score_batch, log)
        log(f"== pages, AppTest (load average {_load()})")
        results["pages"] = pages.run(built.db, built.scope, log)
        log(f"== the naive pandas way (load average {_load()})")
        results["naive"] = naive.run(built.db, built.scope, results["pages"], log)
        if not args.no_browser:
            log(f"== served app memory, chromium (load average {_load()})")
            # Fastest pages first: a page that does not finish is left running last.
            speed = {(p["page"], p["scope"]): p.get("first_ms") or 1e12 for p in results["pages"]}
            visits = sorted(
                ((p, s, pages.PAGES[p][1], prm) for p, s, prm in pages.cases(built.scope)),
                key=lambda v: speed.get((v[0], v[1]), 1e12),
            )
            results["memory"] = memory.run(built.db, visits, work, log)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    results["load_average"] = {"start": load_start, "end": _load()}
    if "reference" in results:
        results["reference"]["at_end"] = reference.measure()
    results["total_seconds"] = round(time.perf_counter() - started, 1)
    results["targets"] = evaluate(results)
    text = json.dumps(results, ensure_ascii=False, indent=1, default=str)
    Path(args.out).write_text(text + "\n", encoding="utf-8")
    print(text)
    print()
    print(markdown(results))
    print()
    for t in results["targets"]:
        if not t["pass"]:
            print(f"FAIL  {t['target']}: {t['subject']} = {t['measured']}  {t['note']}".rstrip())
    print(f"results written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
