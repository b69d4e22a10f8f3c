"""The page computations done the common naive way, for comparison with the real pages.

The naive dashboard loads every table of the database into pandas in the session and groups
and merges in pandas on every rerun: no SQL beyond `select *`, no cache. Each function here
computes what one page shows (the same figures as the page's named queries and metrics), from
the loaded tables; `load_all` is the per-rerun load. The benchmark times both and adds them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pandas as pd

from dashboard import derived

Tables = dict[str, pd.DataFrame]
NUMERIC = {  # DECIMAL columns arrive as float64 through .df(); keep them numeric
    "score",
    "total",
    "total_published",
    "weight",
    "pass_threshold",
    "target_pass_rate",
    "min_total",
    "min_each_tool",
}


def load_all(path: Path) -> Tables:
    """Every stored table of the database, whole, as DataFrames. The derived tables
    (dashboard/derived.py) are left out: they are this program's answer to the naive way, which
    computes the same joins itself (see org_year_scores below)."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        names = [
            r[0]
            for r in con.execute(
                "select table_name from information_schema.tables "
                "where table_schema = 'core' and table_type = 'BASE TABLE'"
            ).fetchall()
            if r[0] not in derived.SOURCES
        ]
        return {name: con.execute(f"select * from core.{name}").df() for name in names}
    finally:
        con.close()


def org_year_scores(t: Tables) -> pd.DataFrame:
    """One row per organisation and year assessed: names, type that year, tools, total, level."""
    orgs = t["organisations"]
    types = t["org_types"]
    a = t["assessments"].merge(orgs, on="org_code", suffixes=("", "_org"))
    a = a.merge(
        t["org_type_years"][["org_code", "fiscal_year", "type_code"]].rename(
            columns={"type_code": "year_type"}
        ),
        on=["org_code", "fiscal_year"],
        how="left",
    )
    a["org_type_code"] = a["year_type"].fillna(a["type_code"])
    a = a.merge(
        types[["type_code", "name_prefix", "short_th"]].rename(
            columns={"type_code": "org_type_code"}
        ),
        on="org_type_code",
    )
    a["org_name"] = a["name_prefix"] + a["name_th"]
    a = a.merge(t["method_years"][["fiscal_year", "scheme"]], on="fiscal_year")
    tools = (
        t["computed_tool_scores"]
        .pivot_table(index=["org_code", "fiscal_year"], columns="tool", values="score")
        .rename(columns=str.lower)
        .reset_index()
    )
    a = a.merge(tools, on=["org_code", "fiscal_year"], how="left")
    a = a.merge(
        t["computed_results"][["org_code", "fiscal_year", "total", "level_code", "passed"]],
        on=["org_code", "fiscal_year"],
        how="left",
    )
    a["total"] = a["total"].fillna(a["total_published"])
    levels = t["method_levels"][["scheme", "level_code", "label_th", "level_order"]]
    a = a.merge(levels, on=["scheme", "level_code"], how="left")
    a["level"] = a["label_th"].fillna(a["level_published"])
    return a.rename(columns={"province_th": "province", "district_th": "district"})


def _scope(f: pd.DataFrame, province, district, org_type) -> pd.DataFrame:
    if province is not None:
        f = f.loc[f["province_code"] == province]
        if district is not None:
            f = f.loc[f["district"] == district]
    if org_type is not None:
        f = f.loc[f["org_type_code"] == org_type]
    return f


def overview(t: Tables, year: int, province=None, district=None, org_type=None) -> dict[str, Any]:
    """By year: assessed, mean and median total, pass rate, tool means; levels; indicators."""
    oys = _scope(org_year_scores(t), province, district, org_type)
    by_year = (
        oys.groupby("fiscal_year")
        .agg(
            n_assessed=("org_code", "size"),
            n_with_total=("total", "count"),
            mean_total=("total", "mean"),
            median_total=("total", "median"),
            n_passed=("passed", lambda s: int((s == True).sum())),  # noqa: E712
            n_judged=("passed", "count"),
            mean_iit=("iit", "mean"),
            mean_eit=("eit", "mean"),
            mean_oit=("oit", "mean"),
        )
        .reset_index()
        .merge(t["method_years"], on="fiscal_year")
    )
    by_year["pass_rate"] = by_year["n_passed"] / by_year["n_judged"].replace(0, np.nan)
    counts = oys.groupby(["fiscal_year", "level_code"]).size().rename("n").reset_index()
    years = oys[["fiscal_year", "scheme"]].drop_duplicates().dropna()
    levels = years.merge(t["method_levels"], on="scheme").merge(
        counts, on=["fiscal_year", "level_code"], how="left"
    )
    levels["n"] = levels["n"].fillna(0).astype(int)
    scores = t["indicator_scores"].merge(oys[["org_code", "fiscal_year"]])
    scores = scores.merge(t["method_years"][["fiscal_year", "pass_threshold"]])
    scores["below"] = scores["score"] < scores["pass_threshold"]
    per = (
        scores.groupby(["fiscal_year", "indicator"])
        .agg(mean_score=("score", "mean"), n_scored=("score", "count"), n_below=("below", "sum"))
        .reset_index()
    )
    inds = t["method_indicators"].merge(t["method_tools"], on=["fiscal_year", "tool"])
    inds["weight"] = inds["weight"] / inds.groupby(["fiscal_year", "tool"])["indicator"].transform(
        "size"
    )
    indicators = inds.merge(per, on=["fiscal_year", "indicator"], how="left")
    return {
        "by_year": by_year,
        "levels": levels.loc[levels["fiscal_year"] == year],
        "indicators": indicators.loc[indicators["fiscal_year"] == year],
    }


def compare(t: Tables, year: int, province=None, district=None, org_type=None) -> dict[str, Any]:
    """Ranked organisations with the change from the year before, level movement, totals by
    district, the indicator heatmap and the at-risk list."""
    oys = org_year_scores(t).sort_values(["org_code", "fiscal_year"])
    g = oys.groupby("org_code")
    for column in ("fiscal_year", "total", "level", "level_order", "scheme"):
        oys[f"lag_{column}"] = g[column].shift()
    consecutive = oys["lag_fiscal_year"] == oys["fiscal_year"] - 1
    oys["prev_total"] = oys["lag_total"].where(consecutive)
    oys["change"] = oys["total"] - oys["prev_total"]
    oys["scheme_changed"] = consecutive & (oys["scheme"] != oys["lag_scheme"])
    oys["level_steps"] = (oys["lag_level_order"] - oys["level_order"]).where(
        consecutive & ~oys["scheme_changed"]
    )
    oys["min_tool"] = oys[["iit", "eit", "oit"]].min(axis=1)
    orgs = _scope(oys.loc[oys["fiscal_year"] == year], province, district, org_type).copy()
    expected = int((t["method_indicators"]["fiscal_year"] == year).sum())
    scored = (
        t["indicator_scores"]
        .loc[t["indicator_scores"]["fiscal_year"] == year]
        .groupby("org_code")
        .size()
    )
    orgs["missing_indicators"] = expected - orgs["org_code"].map(scored).fillna(0)
    orgs["rank"] = orgs["total"].rank(ascending=False, method="min")
    orgs["n_in_group"] = len(orgs)
    orgs = orgs.sort_values(["rank", "org_name"])
    moves = np.select(
        [orgs["scheme_changed"], orgs["level_steps"] > 0, orgs["level_steps"] < 0,
         orgs["level_steps"] == 0],
        ["scheme_changed", "up", "down", "same"],
        default="unknown",
    )  # fmt: skip
    districts = orgs.groupby(["province", "district"])["total"].mean().reset_index()
    unit = "organisation" if district else "district" if province else "province"
    unit_col = {"organisation": "org_code", "district": "district", "province": "province"}[unit]
    cells = (
        t["indicator_scores"].loc[t["indicator_scores"]["fiscal_year"] == year]
        .merge(orgs[["org_code"]].assign(unit=orgs[unit_col]), on="org_code")
        .groupby(["unit", "indicator"])["score"]
        .agg(["mean", "size"])
        .reset_index()
    )  # fmt: skip
    risk = orgs.loc[
        (orgs["passed"] == False)  # noqa: E712
        | (orgs["min_tool"] < 85)
        | (orgs["change"] <= -5)
        | orgs["total"].isna()
        | (orgs["missing_indicators"] > 0)
    ]
    return {
        "orgs": orgs,
        "moves": pd.Series(moves).value_counts(),
        "districts": districts,
        "heatmap": cells,
        "risk": risk,
    }


def organisation(t: Tables, org_code: str, year: int) -> dict[str, Any]:
    """One organisation: history against the peer median, indicators against last year and
    peers, measures with their latest report, complaints; and the picker's labels."""
    oys = org_year_scores(t)
    own = oys.loc[oys["org_code"] == org_code]
    peers = oys.merge(
        own[["fiscal_year", "province_code", "org_type_code"]],
        on=["fiscal_year", "province_code", "org_type_code"],
    )
    medians = peers.groupby("fiscal_year")["total"].agg(peer_median="median", n_peers="count")
    history = own.merge(medians, on="fiscal_year", how="left")
    scores = t["indicator_scores"]
    this = scores.loc[(scores["org_code"] == org_code) & (scores["fiscal_year"] == year)]
    before = scores.loc[(scores["org_code"] == org_code) & (scores["fiscal_year"] == year - 1)]
    row = own.loc[own["fiscal_year"] == year]
    peer_codes = oys.loc[
        (oys["fiscal_year"] == year)
        & (oys["province_code"] == row["province_code"].iloc[0])
        & (oys["org_type_code"] == row["org_type_code"].iloc[0]),
        "org_code",
    ]
    peer_scores = scores.loc[(scores["fiscal_year"] == year) & scores["org_code"].isin(peer_codes)]
    indicators = (
        t["method_indicators"].loc[t["method_indicators"]["fiscal_year"] == year]
        .merge(this[["indicator", "score"]], on="indicator", how="left")
        .merge(before[["indicator", "score"]].rename(columns={"score": "previous_score"}),
               on="indicator", how="left")
        .merge(peer_scores.groupby("indicator")["score"].median().rename("peer_median"),
               on="indicator", how="left")
    )  # fmt: skip
    indicators["change"] = indicators["score"] - indicators["previous_score"]
    measures = t["measures"]
    measures = measures.loc[(measures["org_code"] == org_code) & (measures["fiscal_year"] == year)]
    reports = t["measure_reports"]
    reports = reports.loc[(reports["org_code"] == org_code) & (reports["fiscal_year"] == year)]
    latest = reports.sort_values("round").groupby("measure_no").tail(1)
    measures = measures.merge(
        latest.drop(columns=["org_code", "fiscal_year"]),
        on="measure_no",
        how="left",
        suffixes=("", "_r"),
    ).merge(t["measure_statuses"], on="status_code", how="left")
    targets = t["measure_indicators"]
    targets = targets.loc[(targets["org_code"] == org_code) & (targets["fiscal_year"] == year)]
    measures = measures.merge(
        targets.groupby("measure_no")["indicator"].agg(list).rename("indicators"),
        left_on="measure_no",
        right_index=True,
        how="left",
    )
    complaints = t["complaints"]
    years = pd.DataFrame(
        [(y, r) for y in sorted(complaints["fiscal_year"].unique()) for r in (6, 12)],
        columns=["fiscal_year", "round"],
    )
    own_complaints = years.merge(
        complaints.loc[complaints["org_code"] == org_code], on=["fiscal_year", "round"], how="left"
    )
    choices = t["organisations"].merge(t["org_types"], on="type_code", suffixes=("", "_type"))
    labels = (
        choices["org_code"] + " · " + choices["name_prefix"] + choices["name_th"] + " ("
        + choices["district_th"] + ", " + choices["province_th"] + ")"
    )  # fmt: skip
    return {
        "history": history,
        "indicators": indicators,
        "measures": measures,
        "complaints": own_complaints,
        "labels": dict(zip(choices["org_code"], labels, strict=True)),
    }


def complaints(t: Tables, year: int, province=None, district=None, org_type=None) -> dict:
    """Complaint statistics of a group: per year and round, and per organisation for a year."""
    active = pd.concat(
        [
            t["assessments"][["org_code", "fiscal_year"]],
            t["complaints"][["org_code", "fiscal_year"]],
        ]
    ).drop_duplicates()
    active = active.loc[active["fiscal_year"].isin(t["complaints"]["fiscal_year"].unique())]
    orgs = t["organisations"].rename(columns={"province_th": "province", "district_th": "district"})
    active = active.merge(orgs, on="org_code").merge(
        t["org_type_years"][["org_code", "fiscal_year", "type_code"]].rename(
            columns={"type_code": "year_type"}
        ),
        on=["org_code", "fiscal_year"],
        how="left",
    )
    active["org_type_code"] = active["year_type"].fillna(active["type_code"])
    scoped = _scope(active, province, district, org_type)
    rounds = []
    for r in (6, 12):
        c = t["complaints"].loc[t["complaints"]["round"] == r]
        joined = scoped.merge(c, on=["org_code", "fiscal_year"], how="left")
        joined["reported"] = joined["round"].notna()
        per = joined.groupby("fiscal_year").agg(
            n_organisations=("org_code", "size"),
            n_reported=("reported", "sum"),
            received=("received", "sum"),
            completed=("completed", "sum"),
            in_progress=("in_progress", "sum"),
        )
        rounds.append(per.assign(round=r).reset_index())
    by_org = scoped.loc[scoped["fiscal_year"] == year]
    for r in (6, 12):
        c = t["complaints"].loc[
            (t["complaints"]["round"] == r) & (t["complaints"]["fiscal_year"] == year)
        ]
        by_org = by_org.merge(
            c[["org_code", "received", "completed", "in_progress"]].add_suffix(f"_{r}"),
            left_on="org_code",
            right_on=f"org_code_{r}",
            how="left",
        )
    return {"rounds": pd.concat(rounds), "orgs": by_org}


PAGES = {
    "overview": lambda t, s, group: overview(t, s.year, **group),
    "compare": lambda t, s, group: compare(t, s.year, **group),
    "organisation": lambda t, s, group: organisation(t, s.org_code, s.year),
    "complaints": lambda t, s, group: complaints(t, s.year, **group),
}


def run(db: Path, scope, real_pages: list[dict[str, Any]], log=print, reps: int = 3) -> dict:
    """Time the naive way (load every table, then compute one page) beside the real first runs.

    The load is timed `reps` times and each page's computation `reps` times; a naive page run is
    the median load plus the median computation, since the naive page loads on every rerun."""
    import statistics
    import time

    loads = []
    tables: Tables = {}
    for _ in range(reps):
        started = time.perf_counter()
        tables = load_all(db)
        loads.append(time.perf_counter() - started)
    load_ms = statistics.median(loads) * 1000
    rows = sum(len(f) for f in tables.values())
    log(f"  load every table ({len(tables)} tables, {rows:,} rows): {load_ms:.0f} ms")
    groups = {
        "national": {"province": None, "district": None, "org_type": None},
        "district": {"province": scope.province_code, "district": scope.district, "org_type": None},
    }
    real = {(r["page"], r["scope"]): r.get("first_ms") for r in real_pages}
    out = []
    for page, compute in PAGES.items():
        for scope_name, group in groups.items():
            times = []
            for _ in range(reps):
                started = time.perf_counter()
                compute(tables, scope, group)
                times.append(time.perf_counter() - started)
            compute_ms = statistics.median(times) * 1000
            naive_ms = load_ms + compute_ms
            real_ms = real.get((page, scope_name))
            ratio = naive_ms / real_ms if real_ms else None
            out.append(
                {
                    "page": page,
                    "scope": scope_name,
                    "naive_load_ms": round(load_ms, 1),
                    "naive_compute_ms": round(compute_ms, 1),
                    "naive_ms": round(naive_ms, 1),
                    "real_first_ms": real_ms,
                    "ratio": round(ratio, 2) if ratio is not None else None,
                }
            )
            shown = f"{ratio:5.1f}x" if ratio is not None else "  n/a"
            log(
                f"  {page:<13} {scope_name:<9} naive {naive_ms:8.0f} ms "
                f"(compute {compute_ms:6.0f})   real first run {real_ms or float('nan'):8.0f} ms"
                f"   {shown}"
            )
    return {"load_ms": round(load_ms, 1), "tables": len(tables), "rows": rows, "pages": out}
