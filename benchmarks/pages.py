"""The full run time of every page (Streamlit AppTest), first run and warm.

A page is opened the way a copied link opens it: its URL parameters set, the app run once so
that st.navigation registers the pages, then the page itself. "First run" clears st.cache_data
and st.cache_resource just before the page runs (as after an import commits: every cache key
holds the file's identity), FIRST_RUNS times: the median is the figure, the slowest is kept
beside it; "warm" is the median of several reruns after them.
"""

from __future__ import annotations

import json
import os
import queue
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from benchmarks.national import Scope

APP = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")
PAGES = {  # name -> file relative to the app, URL path
    "overview": ("app_pages/overview.py", ""),
    "compare": ("app_pages/compare.py", "compare"),
    "organisation": ("app_pages/organisation.py", "organisation"),
    "analysis": ("app_pages/analysis.py", "analysis"),
    "complaints": ("app_pages/complaints.py", "complaints"),
    "methodology": ("app_pages/methodology.py", "methodology"),
    "imports": ("app_pages/imports.py", "import"),
}
MARK = "@@bench "
# First runs per case, each after clearing the caches; the median is the figure (the naive way is
# a median too): one run on this shared machine can be twice as slow as the next.
FIRST_RUNS = 3
NEEDS_ORG = {"organisation"}  # the page shows nothing useful without an organisation
ORG_VIEWS = ("analysis", "complaints")  # pages that also have a one-organisation view


def url_params(page: str, scope_name: str, scope: Scope) -> dict[str, str]:
    """The URL parameters of a page at a scope: national = the year only; district = year,
    province and district; "organisation" = the district with one organisation chosen."""
    params = {"year": str(scope.year)}
    if scope_name in ("district", "organisation"):
        params |= {"province": scope.province_th, "district": scope.district}
    if page in NEEDS_ORG or scope_name == "organisation":
        params["org"] = scope.org_label
    return params


def cases(scope: Scope) -> list[tuple[str, str, dict[str, str]]]:
    """(page, scope name, URL parameters) for every page at national and district scope, and
    the one-organisation views of the pages that have one."""
    out = [
        (page, scope_name, url_params(page, scope_name, scope))
        for page in PAGES
        for scope_name in ("national", "district")
    ]
    out += [(page, "organisation", url_params(page, "organisation", scope)) for page in ORG_VIEWS]
    return out


def _clear_caches() -> None:
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()


def _open(params: dict[str, str]):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(APP, default_timeout=180)
    for key, value in params.items():
        at.query_params[key] = value
    return at


def _timed_run(at) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    at.run()
    return time.perf_counter() - wall, time.process_time() - cpu


def _problems(at) -> list[str]:
    found = [str(e.value)[:300] for e in at.exception]
    found += [f"error: {e.value}"[:300] for e in at.error]
    return found


def measure(
    page: str,
    params: dict[str, str],
    warm_runs: int = 5,
    slow_s: float = 30.0,
    on_first: Callable[[dict[str, Any]], None] | None = None,
    first_runs: int = FIRST_RUNS,
) -> dict[str, Any]:
    file, _ = PAGES[page]
    at = _open(params)
    at.run()  # the default page: registers st.navigation's pages (caches may be warm here)
    firsts: list[tuple[float, float]] = []
    problems: list[str] = []
    titles: list[str] = []
    for _ in range(first_runs):
        _clear_caches()
        at.switch_page(file)
        firsts.append(_timed_run(at))
        titles = titles or [t.value for t in at.title]
        problems += _problems(at)
        if firsts[-1][0] >= slow_s:  # a page this slow is not run again
            break
    first = {
        "first_ms": round(statistics.median(w for w, _ in firsts) * 1000, 1),
        "first_max_ms": round(max(w for w, _ in firsts) * 1000, 1),
        "first_runs_ms": [round(w * 1000, 1) for w, _ in firsts],
        "first_cpu_ms": round(statistics.median(c for _, c in firsts) * 1000, 1),
        "title": titles[0] if titles else None,
        "problems": sorted(set(problems)),
    }
    if on_first:
        on_first(first)
    # A page slower than `slow_s` is rerun once only.
    runs = warm_runs if firsts[0][0] < slow_s else 1
    warm = [_timed_run(at) for _ in range(runs)]
    return {
        **first,
        "warm_p50_ms": round(statistics.median(w for w, _ in warm) * 1000, 1),
        "warm_max_ms": round(max(w for w, _ in warm) * 1000, 1),
        "warm_cpu_p50_ms": round(statistics.median(c for _, c in warm) * 1000, 1),
        "warm_runs": runs,
        "problems": sorted(set(first["problems"] + _problems(at))),
    }


def _worker(db: str, scope: Scope, todo: list[int], warm_runs: int, slow_s: float) -> None:
    """Run the cases numbered `todo`, printing one JSON line per case as it finishes."""
    os.environ["ITA_DB"] = db
    # Load every module (plotly, pandas, the pages) once, so that a first run measures the page
    # and its data, not Python importing libraries.
    for page in PAGES:
        at = _open(url_params(page, "district", scope))
        at.run()
        at.switch_page(PAGES[page][0]).run()
    print(MARK + json.dumps({"ready": True}), flush=True)
    every = cases(scope)
    for i in todo:
        page, scope_name, params = every[i]
        head = {"case": i, "page": page, "scope": scope_name, "params": params}

        def emit(figures: dict[str, Any], stage: str, head=head) -> None:
            line = {**head, "stage": stage, **figures}
            print(MARK + json.dumps(line, ensure_ascii=False), flush=True)

        figures = measure(page, params, warm_runs, slow_s, on_first=lambda f: emit(f, "first"))
        emit(figures, "done")


def _next(lines: queue.Queue, timeout: float) -> dict[str, Any] | None:
    """The next line from the worker, or None on timeout. Raises when the worker died."""
    try:
        text = lines.get(timeout=timeout)
    except queue.Empty:
        return None
    if text is None:
        raise RuntimeError("the page worker stopped")
    return json.loads(text)


def _strip(line: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in line.items() if k not in ("case", "stage", "page", "scope", "params")}


def run(
    db: Path,
    scope: Scope,
    log=print,
    warm_runs: int = 5,
    case_timeout_s: float = 90.0,
    slow_s: float = 30.0,
) -> list[dict[str, Any]]:
    """Every case in a worker process; a case that runs longer than `case_timeout_s` is recorded
    as timed out and the worker is replaced (a page cannot be stopped mid-run from outside)."""
    every = cases(scope)
    pending = list(range(len(every)))
    results: list[dict[str, Any]] = []
    while pending:
        proc = subprocess.Popen(
            [sys.executable, "-m", "benchmarks.pages", str(db),
             json.dumps(asdict(scope), ensure_ascii=False), json.dumps(pending),
             str(warm_runs), str(slow_s)],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
        )  # fmt: skip
        lines: queue.Queue[str | None] = queue.Queue()

        def pump(stream=proc.stdout, out=lines) -> None:
            for text in stream:
                if text.startswith(MARK):
                    out.put(text[len(MARK) :])
            out.put(None)

        threading.Thread(target=pump, daemon=True).start()
        try:
            ready = lines.get(timeout=600)
            if ready is None:
                raise RuntimeError("the page worker stopped before it was ready")
            while pending:
                page, scope_name, params = every[pending[0]]
                head = {"page": page, "scope": scope_name, "params": params}
                first = _next(lines, case_timeout_s)
                if first is None:
                    results.append(
                        {**head, "first_ms": None, "warm_p50_ms": None,
                         "problems": [f"first run: no result within {case_timeout_s:.0f} s"]}
                    )  # fmt: skip
                    log(
                        f"  {page:<13} {scope_name:<12} first run "
                        f"TIMED OUT ({case_timeout_s:.0f} s)"
                    )
                    pending.pop(0)
                    break
                done = _next(lines, case_timeout_s)
                pending.pop(0)
                if done is None:
                    first.update(
                        warm_p50_ms=None,
                        problems=[
                            *first["problems"],
                            f"warm runs: no result within {case_timeout_s:.0f} s",
                        ],
                    )
                    results.append({**head, **_strip(first)})
                    log(f"  {page:<13} {scope_name:<12} first {first['first_ms']:8.0f} ms   "
                        "warm runs TIMED OUT")  # fmt: skip
                    break
                results.append({**head, **_strip(done)})
                log(
                    f"  {page:<13} {scope_name:<12} first {done['first_ms']:8.0f} ms"
                    f"   warm p50 {done['warm_p50_ms']:7.0f} ms"
                    + (f"   PROBLEMS: {done['problems']}" if done["problems"] else "")
                )
        finally:
            proc.kill()
            proc.wait()
    return results


if __name__ == "__main__":
    _worker(
        sys.argv[1],
        Scope(**json.loads(sys.argv[2])),
        json.loads(sys.argv[3]),
        int(sys.argv[4]),
        float(sys.argv[5]),
    )
