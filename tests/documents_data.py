"""A small database built by hand for the document tests (tests/test_documents.py,
tests/test_cli_documents.py), with every expected value of the documents worked out below.

T0001 อบต.ทดสอบนาดี (SAO, alone of its type in its province, so the peer median is its own score
and the peer rule never fires). Indicator scores 2565 -> 2566, weights of 2566: indicators 1-5
0.06 each, 6-8 0.10, 9-10 0.20; pass mark 85, best level 95:

    ind  2565   2566  change  weak in 2566 (why)                 gain to 85
     1    90    91.0   +1.00  -
     2    90    92.5   +2.50  -
     3    90    84.0   -6.00  under 85; dropped 6.00             (85-84)*0.06 = 0.06
     4    90    90.0    0.00  -
     5    90    95.0   +5.00  -
     6    90    88.0   -2.00  -
     7    98    92.0   -6.00  dropped 6.00                        0.00
     8    90    90.0    0.00  -
     9    80    70.0  -10.00  under 85; dropped 10.00            (85-70)*0.20 = 3.00
    10    90    93.0   +3.00  -

Tools 2566: IIT (91+92.5+84+90+95)/5 = 90.50, EIT (88+92+90)/3 = 90.00, OIT (70+93)/2 = 81.50;
total 0.3*90.50 + 0.3*90.00 + 0.4*81.50 = 27.15 + 27.00 + 32.60 = 86.75 -> "ผ่าน" (85 or more,
but OIT under 85 keeps it from ผ่านดี).

Measures of 2566: 1 targets 9 (done at 12 months), 2 targets 3 (in progress at 12 months: carried
over), 3 targets nothing and has no report (carried over; its method starts with "=", which a
spreadsheet must keep as text).

Draft plan for 2567: the weak points by gain to 85 (9: 3.00, 3: 0.06, 7: 0.00), each with the
first catalogue measure of its indicator (data/measure_catalogue.csv) whose title the
organisation did not use in 2566 (for 3 that is option 2: option 1 is measure 2's title), then
measures 2 and 3 carried over.

T0002 ทต.ทดสอบสอง (a เทศบาลตำบล): one measure in 2566, no report.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from support import insert_rows

from dashboard import db as dbmod
from dashboard import score_store

ORG = "T0001"
OTHER = "T0002"
YEAR = 2566
TODAY = date(2023, 10, 15)  # "15 ตุลาคม 2566"

SCORES = {
    2565: dict(enumerate(["90", "90", "90", "90", "90", "90", "98", "90", "80", "90"], start=1)),
    2566: dict(enumerate(["91", "92.5", "84", "90", "95", "88", "92", "90", "70", "93"], start=1)),
}

MEASURES = [
    # measure_no, title, method, responsible, period, suggestion, indicators
    (
        1,
        "มาตรการเผยแพร่ข้อมูลตามเกณฑ์ OIT",
        "ตรวจรายการข้อมูลทุกเดือน",
        "งานเทคโนโลยีสารสนเทศ",
        "ตลอดปีงบประมาณ",
        "ควรทำต่อเนื่อง",
        [9],
    ),
    (
        2,
        "มาตรการป้องกันการใช้อำนาจโดยมิชอบ",
        "จัดทำหลักเกณฑ์การมอบหมายงาน",
        "สำนักปลัด",
        "ภายในไตรมาสที่ 2",
        None,
        [3],
    ),
    (3, "ประชุมชี้แจงบุคลากร", "=1+1 ไม่ใช่สูตร", "สำนักปลัด", "ปีละ 2 ครั้ง", None, []),
]

REPORTS = [
    # measure_no, round, report_date, outcome, status_code
    (1, 6, date(2023, 4, 5), "เผยแพร่แล้วบางส่วน", "in_progress"),
    (1, 12, date(2023, 9, 20), "เผยแพร่ครบถ้วน", "done"),
    (2, 6, date(2023, 4, 5), None, "not_started"),
    (2, 12, date(2023, 9, 20), "อยู่ระหว่างจัดทำหลักเกณฑ์", "in_progress"),
]


def _org(code: str, name: str, type_code: str) -> dict:
    return {
        "org_code": code,
        "name_th": name,
        "type_code": type_code,
        "province_code": "T1",
        "province_th": "ทดสอบ",  # stored bare, as the registry import stores it
        "province_en": "Test",
        "district_th": "เมืองทดสอบ",
        "lat": None,
        "lon": None,
    }


def build(path: Path) -> Path:
    with dbmod.write(path) as w:
        batch = dbmod.new_batch(w, "app", row_count=0, note="hand-built document test data")
        insert_rows(
            w,
            batch,
            "core.organisations",
            [_org(ORG, "ทดสอบนาดี", "SAO"), _org(OTHER, "ทดสอบสอง", "SUBDISTRICT")],
        )
        insert_rows(
            w,
            batch,
            "core.assessments",
            [
                {
                    "org_code": ORG,
                    "fiscal_year": y,
                    "total_published": None,
                    "level_published": None,
                }
                for y in (2565, 2566)
            ],
            objects=("total_published", "level_published"),
        )
        insert_rows(
            w,
            batch,
            "core.indicator_scores",
            [
                {"org_code": ORG, "fiscal_year": y, "indicator": i, "score": Decimal(v)}
                for y, values in SCORES.items()
                for i, v in values.items()
            ],
            objects=("score",),
        )
        measures = [
            {
                "org_code": ORG,
                "fiscal_year": YEAR,
                "measure_no": n,
                "title": title,
                "method": method,
                "responsible": responsible,
                "period": period,
                "suggestion": suggestion,
                "source": "test",
            }
            for n, title, method, responsible, period, suggestion, _ in MEASURES
        ]
        measures.append(
            {
                "org_code": OTHER,
                "fiscal_year": YEAR,
                "measure_no": 1,
                "title": "มาตรการลดขั้นตอนการให้บริการ",
                "method": "ประกาศขั้นตอนและระยะเวลาให้บริการ",
                "responsible": "สำนักปลัดเทศบาล",
                "period": "ตลอดปีงบประมาณ",
                "suggestion": None,
                "source": "test",
            }
        )
        insert_rows(w, batch, "core.measures", measures, objects=("suggestion",))
        insert_rows(
            w,
            batch,
            "core.measure_indicators",
            [
                {"org_code": ORG, "fiscal_year": YEAR, "measure_no": n, "indicator": i}
                for n, *_, indicators in MEASURES
                for i in indicators
            ],
        )
        insert_rows(
            w,
            batch,
            "core.measure_reports",
            [
                {
                    "org_code": ORG,
                    "fiscal_year": YEAR,
                    "measure_no": n,
                    "round": r,
                    "report_date": d,
                    "outcome": outcome,
                    "status_code": status,
                }
                for n, r, d, outcome, status in REPORTS
            ],
            objects=("outcome",),
        )
        w.set_meta("dataset_kind", "imported")
        score_store.refresh(w)
    return path
