"""The built-in demo database: fictional organisations with synthetic ITA results.

Deterministic (fixed seed). About 300 organisations in 4 fictional provinces and 12 districts,
every local organisation type, fiscal years 2562-2568 (BE). Yearly means follow the real
national trend of local organisations: a mean total of about 67 in 2562 rising to about 94 in
2568, with OIT the weakest tool in the early years. Names contain สาธิต / ตัวอย่าง / จำลอง /
ทดลอง ("demo", "example", "simulated", "trial") and codes start with "DM", so they cannot be
mistaken for real organisations or DLA codes.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from dashboard import db as dbmod
from dashboard import paths, score_store

SEED = 2568
YEARS = list(range(2562, 2569))
DATASET_NOTE_TH = "ข้อมูลสาธิต: ชื่อหน่วยงานและคะแนนทั้งหมดเป็นข้อมูลสมมุติ ไม่ใช่ผลการประเมินจริงของหน่วยงานใด"
DATASET_NOTE_EN = (
    "Demo data: every organisation name and score is fictional, not the result of any real "
    "organisation."
)

# Mean score of each tool per fiscal year (points), shaped on the national trend.
TOOL_MEANS = {
    "IIT": [85, 88, 90, 91, 92, 94, 96],
    "EIT": [80, 84, 87, 89, 91, 93, 95],
    "OIT": [45, 67, 77, 84, 87, 89, 92],
}
# Spread between organisations per tool and year (points).
TOOL_SPREAD = {
    "IIT": [7, 7, 6, 6, 6, 5, 5],
    "EIT": [8, 7, 7, 7, 6, 6, 6],
    "OIT": [28, 24, 20, 17, 15, 14, 12],
}
TOOL_INDICATORS = {"IIT": [1, 2, 3, 4, 5], "EIT": [6, 7, 8], "OIT": [9, 10]}

PROVINCES = [
    ("DM1", "สาธิตบุรี", "Sathit Buri (demo)", ["เมืองสาธิตบุรี", "นาสาธิต", "ห้วยสาธิต"]),
    ("DM2", "ตัวอย่างธานี", "Tua-yang Thani (demo)", ["เมืองตัวอย่างธานี", "โคกตัวอย่าง", "ทุ่งตัวอย่าง"]),
    ("DM3", "จำลองนคร", "Chamlong Nakhon (demo)", ["เมืองจำลองนคร", "ดอนจำลอง", "บึงจำลอง"]),
    ("DM4", "ทดลองราษฎร์", "Thotlong Rat (demo)", ["เมืองทดลองราษฎร์", "หนองทดลอง", "เขาทดลอง"]),
]
PLACE_WORDS = [
    "หนองบัว",
    "โคกสูง",
    "ดอนแก้ว",
    "นาคำ",
    "ห้วยทราย",
    "บ้านใหม่",
    "ทุ่งใหญ่",
    "หนองแวง",
    "โพนทอง",
    "นาดี",
    "คำเจริญ",
    "ศรีสุข",
    "บ่อทอง",
    "สระแก้ว",
    "วังน้ำ",
    "ป่าหวาย",
    "หัวนา",
    "ท่าช้าง",
    "ดงมะไฟ",
    "โนนสว่าง",
    "หนองไผ่",
    "บึงงาม",
    "เหล่าใหญ่",
    "ทรายทอง",
]


@dataclass
class Org:
    code: str
    name: str
    type_code: str
    province_code: str
    province_th: str
    province_en: str
    district: str
    lat: float
    lon: float
    ability: float  # latent strength, standard normal
    upgraded_in: int | None = None  # fiscal year an อบต. became a เทศบาลตำบล


def _organisations(rng: np.random.Generator) -> list[Org]:
    orgs: list[Org] = []
    serial = 0

    def add(type_code: str, name: str, prov, district: str, d_index: int) -> Org:
        nonlocal serial
        serial += 1
        p_index = int(prov[0][-1])
        org = Org(
            code=f"DM{serial:05d}",
            name=name,
            type_code=type_code,
            province_code=prov[0],
            province_th=prov[1],
            province_en=prov[2],
            district=district,
            lat=round(15.0 + p_index * 0.6 + d_index * 0.15 + rng.uniform(-0.05, 0.05), 5),
            lon=round(102.0 + p_index * 0.5 + d_index * 0.2 + rng.uniform(-0.05, 0.05), 5),
            ability=float(rng.normal()),
        )
        orgs.append(org)
        return org

    for p_i, prov in enumerate(PROVINCES):
        add("PAO", prov[1], prov, prov[3][0], 0)
        for d_i, district in enumerate(prov[3]):
            stem = district.removeprefix("เมือง")
            if d_i == 0:
                big = "CITY" if p_i in (0, 2) else "TOWN"
                add(big, stem, prov, district, d_i)
            else:
                add("TOWN", stem, prov, district, d_i)
            words = PLACE_WORDS[(p_i * 7 + d_i * 5) % len(PLACE_WORDS) :] + PLACE_WORDS
            for k in range(4):
                add(
                    "SUBDISTRICT",
                    f"{words[k]}{stem}",
                    prov,
                    district,
                    d_i,
                )
            for k in range(4, 24):
                org = add("SAO", f"{words[k]}{stem}", prov, district, d_i)
                if k in (4, 5) and d_i == 1:
                    org.type_code = "SUBDISTRICT"  # upgraded: an อบต. until the year before
                    org.upgraded_in = 2565 + p_i % 3
    add("SPECIAL", "เมืองพิเศษสาธิต", PROVINCES[0], PROVINCES[0][3][0], 0)
    return orgs


def _catalogue() -> dict[int, list[dict[str, str]]]:
    with open(paths.DATA_DIR / "measure_catalogue.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    out: dict[int, list[dict[str, str]]] = {}
    for row in rows:
        out.setdefault(int(row["indicator"]), []).append(row)
    return out


def _ce(year_be: int) -> int:
    return year_be - 543


def build_frames(
    seed: int = SEED, orgs: list[Org] | None = None, years: list[int] | None = None
) -> dict[str, pd.DataFrame]:
    """Generate every demo table as DataFrames keyed by core table name (no database).

    `orgs` replaces the fictional organisations (the benchmark passes the real registry, whose
    synthetic scores never reach users); `years` limits the fiscal years (a prefix of YEARS).
    """
    rng = np.random.default_rng(seed)
    orgs = orgs if orgs is not None else _organisations(rng)
    catalogue = _catalogue()
    wanted_years = set(years) if years is not None else set(YEARS)

    org_rows, type_year_rows = [], []
    assess_rows, ind_rows, measure_rows, target_rows, report_rows, complaint_rows = (
        [],
        [],
        [],
        [],
        [],
        [],
    )
    # Organisations with a year missing, with one indicator missing, or with total-and-level only
    missing_year = {orgs[i].code: YEARS[1 + i % 6] for i in range(10, 250, 48)}
    missing_indicator = {orgs[i].code: YEARS[2 + i % 5] for i in range(17, 250, 60)}
    total_only = {orgs[i].code for i in range(5, 300, 29)}

    for org in orgs:
        org_rows.append(
            {
                "org_code": org.code,
                "name_th": org.name,
                "type_code": org.type_code,
                "province_code": org.province_code,
                "province_th": org.province_th,
                "province_en": org.province_en,
                "district_th": org.district,
                "lat": org.lat,
                "lon": org.lon,
            }
        )
        previous: dict[int, float] | None = None
        for y_i, year in enumerate(YEARS):
            if year not in wanted_years:
                continue
            if org.upgraded_in and year < org.upgraded_in:
                type_year_rows.append(
                    {"org_code": org.code, "fiscal_year": year, "type_code": "SAO"}
                )
            if missing_year.get(org.code) == year:
                previous = None
                continue
            raw: dict[int, float] = {}
            for tool, inds in TOOL_INDICATORS.items():
                centre = TOOL_MEANS[tool][y_i] + org.ability * TOOL_SPREAD[tool][y_i] * 0.6
                for ind in inds:
                    raw[ind] = centre + rng.normal(0, TOOL_SPREAD[tool][y_i] * 0.5)

            # Measures of this year answer the weak points of the previous year; finished ones
            # lift the indicator they target a little.
            basis = previous if previous is not None else raw
            weak = sorted(basis, key=lambda i: basis[i])
            n_measures = int(rng.integers(4, 9))
            targets = [i for i in weak if basis[i] < 90][:n_measures] or weak[:3]
            if rng.random() < 0.15:  # some measures answer nothing in particular
                targets = [*targets[:-1], int(rng.integers(1, 11))]
            boost: dict[int, float] = {}
            for no, ind in enumerate(targets, start=1):
                option = catalogue[ind][int(rng.integers(0, len(catalogue[ind])))]
                measure_rows.append(
                    {
                        "org_code": org.code,
                        "fiscal_year": year,
                        "measure_no": no,
                        "title": option["title_th"],
                        "method": option["method_th"],
                        "responsible": option["responsible_th"],
                        "period": option["period_th"],
                        "suggestion": None if rng.random() < 0.6 else "ควรดำเนินการต่อเนื่องในปีถัดไป",
                        "source": "demo",
                    }
                )
                target_rows.append(
                    {"org_code": org.code, "fiscal_year": year, "measure_no": no, "indicator": ind}
                )
                if _report_rounds(rng, org, year, no, report_rows) == "done":
                    boost[ind] = boost.get(ind, 0.0) + float(rng.uniform(1.0, 4.0))

            scores = {
                i: float(np.clip(round(v + boost.get(i, 0.0), 2), 0, 100)) for i, v in raw.items()
            }
            if y_i == 0 and org.ability < -1.2:
                scores[9] = 0.0  # published nothing on its website
            row = {
                "org_code": org.code,
                "fiscal_year": year,
                "total_published": None,
                "level_published": None,
            }
            assess_rows.append(row)
            if year == 2562 and org.code in total_only:
                # An old sheet with the total and level only, as NACC published them.
                total = round(
                    float(
                        0.3 * np.mean([scores[i] for i in range(1, 6)])
                        + 0.3 * np.mean([scores[i] for i in (6, 7, 8)])
                        + 0.4 * np.mean([scores[9], scores[10]])
                    ),
                    2,
                )
                row["total_published"] = total
                row["level_published"] = next(
                    code
                    for code, floor in (
                        ("AA", 95),
                        ("A", 85),
                        ("B", 75),
                        ("C", 65),
                        ("D", 55),
                        ("E", 50),
                        ("F", 0),
                    )
                    if total >= floor
                )
            else:
                for ind, value in scores.items():
                    if missing_indicator.get(org.code) == year and ind == 3:
                        continue
                    ind_rows.append(
                        {
                            "org_code": org.code,
                            "fiscal_year": year,
                            "indicator": ind,
                            "score": value,
                        }
                    )
            _complaints(rng, org, year, complaint_rows)
            previous = scores

    frames = {
        "core.organisations": pd.DataFrame(org_rows),
        "core.org_type_years": pd.DataFrame(type_year_rows),
        "core.assessments": pd.DataFrame(assess_rows).astype(
            {"total_published": "object", "level_published": "object"}
        ),
        "core.indicator_scores": pd.DataFrame(ind_rows),
        "core.measures": pd.DataFrame(measure_rows).astype({"suggestion": "object"}),
        "core.measure_indicators": pd.DataFrame(target_rows),
        "core.measure_reports": pd.DataFrame(report_rows).astype({"outcome": "object"}),
        "core.complaints": pd.DataFrame(complaint_rows),
    }
    return frames


def _report_rounds(rng, org: Org, year: int, no: int, out: list[dict]) -> str | None:
    """Append the 6- and 12-month progress reports of one measure; return the final status."""
    six = rng.choice(["in_progress", "not_started", "done"], p=[0.6, 0.25, 0.15])
    if rng.random() < 0.9:
        out.append(
            {
                "org_code": org.code,
                "fiscal_year": year,
                "measure_no": no,
                "round": 6,
                "report_date": date(_ce(year), 4, int(rng.integers(1, 28))),
                "status_code": str(six),
                "outcome": None
                if six == "not_started" or rng.random() < 0.2
                else "อยู่ระหว่างดำเนินการตามแผน มีผู้เข้าร่วมและผลงานตามเป้าหมายบางส่วน",
            }
        )
    if rng.random() < 0.08:
        return None  # no 12-month report yet
    twelve = str(
        rng.choice(["done", "in_progress", "not_started", "cancelled"], p=[0.72, 0.16, 0.06, 0.06])
    )
    if six == "done":
        twelve = "done"
    out.append(
        {
            "org_code": org.code,
            "fiscal_year": year,
            "measure_no": no,
            "round": 12,
            "report_date": date(_ce(year), 9, int(rng.integers(15, 30))),
            "status_code": twelve,
            "outcome": None
            if twelve in ("not_started", "cancelled") or rng.random() < 0.1
            else "ดำเนินการแล้วเสร็จตามแผน เผยแพร่ผลการดำเนินงานบนเว็บไซต์และบอร์ดประชาสัมพันธ์",
        }
    )
    return twelve


def _complaints(rng, org: Org, year: int, out: list[dict]) -> None:
    """Complaint statistics for both rounds; some organisations report nothing."""
    if rng.random() < 0.07:
        return  # reported nothing this year
    first = int(rng.poisson(0.6))
    whole = first + int(rng.poisson(0.7))
    for rnd, received in ((6, first), (12, whole)):
        if rnd == 12 and rng.random() < 0.05:
            continue  # the 12-month round not published
        completed = (
            received if rnd == 12 and rng.random() < 0.8 else int(rng.integers(0, received + 1))
        )
        out.append(
            {
                "org_code": org.code,
                "fiscal_year": year,
                "round": rnd,
                "received": received,
                "completed": completed,
                "in_progress": received - completed,
            }
        )


class DemoRefused(dbmod.DatabaseError):
    pass


def build(path: Path | str, *, force: bool = False) -> dict[str, int]:
    """Build the demo database at `path`, replacing an older demo database whole.

    Refuses to replace a database holding imported data unless `force`. Returns row counts.
    """
    path = Path(path)
    if path.exists():
        reader = dbmod.open_reader(path)
        try:
            kind = reader.meta("dataset_kind")
        finally:
            reader.close()
        if kind not in ("demo", "empty") and not force:
            raise DemoRefused(
                f"ฐานข้อมูล {path} มีข้อมูลที่นำเข้าไว้แล้ว คำสั่ง demo จะไม่เขียนทับ "
                "หากต้องการแทนที่ทั้งหมดให้ใช้ --force",
                f"{path} holds imported data; `ita demo` will not overwrite it. Use --force to "
                "replace it with the demo database.",
                path,
            )
    frames = build_frames()
    counts: dict[str, int] = {}
    with dbmod.write(path, fresh=True) as db:
        batch = dbmod.new_batch(
            db,
            "demo",
            row_count=sum(len(f) for f in frames.values()),
            note="demo database (fictional organisations, synthetic scores)",
        )
        for table, frame in frames.items():
            counts[table] = db.insert_df(table, frame.assign(batch_id=batch))
        score_store.refresh(db)
        db.set_meta("dataset_kind", "demo")
        db.set_meta("dataset_note", f"{DATASET_NOTE_TH} / {DATASET_NOTE_EN}")
    return counts
