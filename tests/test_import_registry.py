"""Importing the DLA registry: the full de-duplicated file, and the official shape (Thai
headers, one row per ตำบล, RFC 4180 quoting, UTF-8 or Windows-874)."""

from __future__ import annotations

import csv
from collections import Counter
from functools import partial
from pathlib import Path

import pytest
import support
from support import query, sha256

from dashboard.ingest.framework import run_import
from dashboard.ingest.problems import ImportRejected
from dashboard.ingest.reading import read_bytes

REFERENCE_REGISTRY = (
    Path(__file__).resolve().parents[2] / "shared" / "reference" / "dla-local-authorities.csv"
)
TYPE_CODES = {
    "อบต.": "SAO",
    "เทศบาลตำบล": "SUBDISTRICT",
    "เทศบาลเมือง": "TOWN",
    "อบจ.": "PAO",
    "เทศบาลนคร": "CITY",
    "ท้องถิ่นรูปแบบพิเศษ": "SPECIAL",
}
ORG_COLUMNS = (
    "org_code, name_th, type_code, province_code, province_th, province_en, district_th, lat, lon"
)


checksums = partial(
    support.checksums,
    required=("core.organisations", "core.import_batches", "main.org_year_scores"),
)


# --- the full registry ------------------------------------------------------------------------

# A stand-in of the same shape for when ../shared/reference is absent: 300 fictional
# organisations (province codes 90-94 do not exist).
GENERATED_TYPES = {
    "อบต.": 200,
    "เทศบาลตำบล": 80,
    "เทศบาลเมือง": 10,
    "อบจ.": 5,
    "เทศบาลนคร": 4,
    "ท้องถิ่นรูปแบบพิเศษ": 1,
}
GENERATED_PROVINCES = ["สาธิตบุรี", "ตัวอย่างธานี", "จำลองนคร", "ทดลองราษฎร์", "ทดสอบนคร"]


def write_generated_registry(path: Path) -> None:
    first_digit = {"อบจ.": 2, "เทศบาลนคร": 3, "เทศบาลเมือง": 4, "เทศบาลตำบล": 5, "อบต.": 6}
    rows = []
    number = 0
    for type_th, n in GENERATED_TYPES.items():
        for _ in range(n):
            number += 1
            province = number % 5
            code = f"{first_digit.get(type_th, 7)}{90 + province}{number:04d}"
            has_place = number % 3 == 0
            rows.append(
                [
                    code,
                    f"ทดสอบ{number}",
                    type_th,
                    str(90 + province),
                    GENERATED_PROVINCES[province],
                    f"Test province {province}",
                    f"ทดสอบ{number % 7}",
                    f"{14 + number / 1000:.6f}" if has_place else "",
                    f"{101 + number / 1000:.6f}" if has_place else "",
                    "12.5" if has_place else "",
                ]
            )
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            [
                "dla_code",
                "name_th",
                "type_th",
                "province_code",
                "province_th",
                "province_en",
                "district_th",
                "lat",
                "lon",
                "area_km2",
            ]
        )
        writer.writerows(rows)


@pytest.fixture(params=["reference", "generated"])
def registry_file(request, tmp_path) -> tuple[str, Path, int, dict[str, int]]:
    """(which, file, organisations, count by type) -- the reference file where it is present,
    else (and always for "generated") a generated registry of the same shape."""
    if request.param == "reference" and REFERENCE_REGISTRY.is_file():
        counts = {"SAO": 5300, "SUBDISTRICT": 2247, "TOWN": 195, "PAO": 76, "CITY": 30}
        return "reference", REFERENCE_REGISTRY, 7849, {**counts, "SPECIAL": 1}
    path = tmp_path / "generated-registry.csv"
    write_generated_registry(path)
    counts = {"SAO": 200, "SUBDISTRICT": 80, "TOWN": 10, "PAO": 5, "CITY": 4, "SPECIAL": 1}
    return "generated", path, 300, counts


def test_the_full_registry_imports_once(registry_file, tmp_path):
    which, file, total, by_type = registry_file
    with file.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    # The file is what the expectations say it is.
    assert len(rows) == total
    assert len({r["dla_code"] for r in rows}) == total
    assert dict(Counter(TYPE_CODES[r["type_th"]] for r in rows)) == by_type
    file_sha = sha256(file)

    db = tmp_path / "registry.duckdb"
    outcome = run_import("registry", file, db)
    assert outcome.status == "imported"
    assert outcome.batch_id == 1
    assert len(outcome.plan.added) == total
    assert outcome.plan.changed == [] and outcome.plan.unchanged == 0
    assert [p for p in outcome.plan.problems if p.severity == "error"] == []

    assert query(db, "select count(*) from core.organisations") == [(total,)]
    stored_types = dict(query(db, "select type_code, count(*) from core.organisations group by 1"))
    assert stored_types == by_type
    assert query(db, "select kind, file_name, row_count, undone_at from core.import_batches") == [
        ("registry", file.name, total, None)
    ]
    # Every row as the file has it.
    stored = {r[0]: r[1:] for r in query(db, f"select {ORG_COLUMNS} from core.organisations")}
    for row in rows:
        expected = (
            row["name_th"],
            TYPE_CODES[row["type_th"]],
            row["province_code"],
            row["province_th"],
            row["province_en"] or None,
            row["district_th"],
            float(row["lat"]) if row["lat"] else None,
            float(row["lon"]) if row["lon"] else None,
        )
        assert stored[row["dla_code"]] == expected, row
    if which == "reference":
        assert stored["6350504"] == (
            "กระจาย",
            "SAO",
            "35",
            "ยโสธร",
            "Yasothon",
            "ป่าติ้ว",
            None,
            None,
        )
        assert stored["2110101"][-2:] == (13.59958534, 100.5971155)
        assert len({v[2] for v in stored.values()}) == 76  # provinces (Bangkok is not in it)

    # The same file again: already imported, no batch, nothing changed.
    before, db_sha = checksums(db), sha256(db)
    again = run_import("registry", file, db)
    assert again.status == "already"
    assert again.batch_id is None
    assert again.same_file_batch == 1
    assert again.plan.unchanged == total
    assert again.plan.added == [] and again.plan.changed == []
    assert query(db, "select count(*) from core.import_batches") == [(1,)]
    assert checksums(db) == before
    assert sha256(db) == db_sha
    assert sha256(file) == file_sha


# --- the official shape -----------------------------------------------------------------------

OFFICIAL_HEADER = [
    "จังหวัด",
    "อำเภอ",
    "ตำบล",
    "รหัส อปท.",
    "ประเภท อปท.",
    "อปท.",
    "ที่ตั้งสำนักงานเลขที่",
    "หมู่ที่",
    "รหัสไปรษณีย์",
    "ขนาดพื้นที่",
    "LAT",
    "LONG",
    "เว็ปไซต์ของอปท",
]
# Written by hand in RFC 4180: fields with commas, doubled quotes and a line break are quoted.
OFFICIAL_ROWS = [
    "สาธิตบุรี,เมืองสาธิต,นาสาธิต,6990101,อบต.,องค์การบริหารส่วนตำบลนาสาธิต,"
    '"12/3 ถ.สุขุมวิท, ""ซอย 5""",3,99000,45.5,15.512345,104.54321,'
    '"https://www.nasathit.go.th/?a=1,2"',
    "สาธิตบุรี,เมืองสาธิต,โคกนา,6990101,อบต.,องค์การบริหารส่วนตำบลนาสาธิต,"
    '"12/3 ถ.สุขุมวิท, ""ซอย 5""",3,99000,45.5,15.512345,104.54321,'
    '"https://www.nasathit.go.th/?a=1,2"',
    "สาธิตบุรี,เมืองสาธิต,ดอนนา,6990101,อบต.,อบต.นาสาธิต,"
    '"12/3 ถ.สุขุมวิท, ""ซอย 5""",3,99000,45.5,15.512345,104.54321,',
    'สาธิตบุรี,เมืองสาธิต,ท่าสาธิต,5990101,เทศบาลตำบล,เทศบาลตำบลท่าสาธิต,"99 ""บ้านท่า"", ถนนริมน้ำ",,99000,,,,',
    'จังหวัดสาธิตบุรี,อำเภอเมืองสาธิต,ท่าใหม่,5990101,ทต.,ทต.ท่าสาธิต,"99 ""บ้านท่า"", ถนนริมน้ำ",,99000,,,,',
    "สาธิตบุรี,เมืองสาธิต,ในเมือง,2990101,อบจ.,องค์การบริหารส่วนจังหวัดสาธิตบุรี,"
    '1 ถนนศาลากลาง,,99000,,"15.6","104.6",https://www.sathit-pao.go.th',
    'สาธิตบุรี,ห้วยสาธิต,ห้วยสาธิต,6990201,องค์การบริหารส่วนตำบล,อบต.ห้วยสาธิต,"หมู่ 1\r\nบ้านห้วย",1,99010,12,,,',
]
OFFICIAL_ORGS = [
    ("2990101", "สาธิตบุรี", "PAO", "99", "สาธิตบุรี", None, "เมืองสาธิต", 15.6, 104.6),
    ("5990101", "ท่าสาธิต", "SUBDISTRICT", "99", "สาธิตบุรี", None, "เมืองสาธิต", None, None),
    ("6990101", "นาสาธิต", "SAO", "99", "สาธิตบุรี", None, "เมืองสาธิต", 15.512345, 104.54321),
    ("6990201", "ห้วยสาธิต", "SAO", "99", "สาธิตบุรี", None, "ห้วยสาธิต", None, None),
]


def official_bytes(encoding: str) -> bytes:
    text = "\r\n".join([",".join(OFFICIAL_HEADER), *OFFICIAL_ROWS]) + "\r\n"
    return text.encode(encoding)


def test_the_official_file_is_well_formed_rfc_4180():
    rows = list(csv.reader(official_bytes("utf-8").decode().splitlines(keepends=True)))
    assert all(len(row) == 13 for row in rows)
    assert rows[1][6] == '12/3 ถ.สุขุมวิท, "ซอย 5"'
    assert rows[7][6] == "หมู่ 1\r\nบ้านห้วย"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp874"])
def test_the_official_shape_is_deduplicated_by_code(encoding, tmp_path):
    file = tmp_path / "dlads_05_01.csv"
    file.write_bytes(official_bytes(encoding))
    expected_encoding = "cp874" if encoding == "cp874" else "utf-8"
    assert read_bytes(file.read_bytes(), file.name).encoding == expected_encoding
    db = tmp_path / "official.duckdb"

    outcome = run_import("registry", file, db)

    assert outcome.status == "imported"
    assert outcome.plan.rows_read == 7
    assert sorted(c.key for c in outcome.plan.added) == [
        ("2990101",),
        ("5990101",),
        ("6990101",),
        ("6990201",),
    ]
    # The first row of each code is the one reported; the quoted line break counts as a line.
    assert {c.key[0]: c.row for c in outcome.plan.added} == {
        "6990101": 2,
        "5990101": 5,
        "2990101": 7,
        "6990201": 8,
    }
    assert outcome.plan.problems == []  # the other official columns are known and ignored
    stored = query(db, f"select {ORG_COLUMNS} from core.organisations order by org_code")
    assert stored == OFFICIAL_ORGS


def test_the_official_shape_twice_is_already_imported(tmp_path):
    file = tmp_path / "dlads_05_01.csv"
    file.write_bytes(official_bytes("cp874"))
    db = tmp_path / "official.duckdb"
    assert run_import("registry", file, db).status == "imported"
    before = checksums(db)
    again = run_import("registry", file, db)
    assert (again.status, again.batch_id, again.same_file_batch) == ("already", None, 1)
    assert again.plan.unchanged == 4
    assert checksums(db) == before


def test_the_official_shape_over_the_deduplicated_one_keeps_what_it_lacks(tmp_path):
    """The official file has no English province name: a replacement keeps the stored one."""
    db = tmp_path / "ita.duckdb"
    first = tmp_path / "registry.csv"
    first.write_text(
        "dla_code,name_th,type_th,province_code,province_th,province_en,district_th,lat,lon\n"
        "6990101,นาสาธิตเดิม,อบต.,99,สาธิตบุรี,Sathit Buri,เมืองสาธิต,15.512345,104.54321\n",
        encoding="utf-8",
    )
    assert run_import("registry", first, db).batch_id == 1
    official = tmp_path / "official.csv"
    official.write_bytes(official_bytes("utf-8"))

    with pytest.raises(ImportRejected) as caught:
        run_import("registry", official, db)
    (problem,) = caught.value.problems
    assert (problem.row, problem.column, problem.value) == (2, "รหัส อปท.", "6990101")
    assert "name_th=นาสาธิตเดิม → name_th=นาสาธิต" in problem.reason_en

    outcome = run_import("registry", official, db, replace=True)
    assert outcome.status == "imported"
    assert [(c.key, c.old, c.summary) for c in outcome.plan.changed] == [
        (("6990101",), "name_th=นาสาธิตเดิม", "name_th=นาสาธิต")
    ]
    assert len(outcome.plan.added) == 3
    assert query(
        db, f"select {ORG_COLUMNS} from core.organisations where org_code = '6990101'"
    ) == [
        (
            "6990101",
            "นาสาธิต",
            "SAO",
            "99",
            "สาธิตบุรี",
            "Sathit Buri",
            "เมืองสาธิต",
            15.512345,
            104.54321,
        )
    ]
    # The replaced row is logged whole, with its batch.
    logged = query(db, "select batch_id, table_name, org_code, old_row from core.replaced_rows")
    assert [(b, t, o) for b, t, o, _ in logged] == [(2, "core.organisations", "6990101")]
    assert '"name_th":"นาสาธิตเดิม"' in logged[0][3] and '"batch_id":1' in logged[0][3]


# --- names and messages -----------------------------------------------------------------------


def test_names_that_begin_like_a_type_abbreviation_are_kept(tmp_path):
    """ทมอ and ทมนางาม are real อบต. names (6320508, 6410506): ทม without its dot is not the
    prefix of a เทศบาลเมือง; written with the dot or a space, a prefix is removed."""
    file = tmp_path / "registry.csv"
    file.write_text(
        "dla_code,name_th,type_th,province_th,district_th\n"
        "6320508,ทมอ,อบต.,สุรินทร์,ปราสาท\n"
        "6410506,ทมนางาม,อบต.,อุดรธานี,โนนสะอาด\n"
        "6990101,อบต.นาสาธิต,อบต.,สาธิตบุรี,เมืองสาธิต\n"
        "6990102,อบต หนองสาธิต,อบต.,สาธิตบุรี,เมืองสาธิต\n"
        "4990101,ทม.สาธิต,เทศบาลเมือง,สาธิตบุรี,เมืองสาธิต\n"
        "5990101,เทศบาลตำบลท่าสาธิต,ทต,สาธิตบุรี,เมืองสาธิต\n",
        encoding="utf-8",
    )
    db = tmp_path / "ita.duckdb"
    assert run_import("registry", file, db).status == "imported"
    assert query(db, "select org_code, name_th, type_code from core.organisations order by 1") == [
        ("4990101", "สาธิต", "TOWN"),
        ("5990101", "ท่าสาธิต", "SUBDISTRICT"),
        ("6320508", "ทมอ", "SAO"),
        ("6410506", "ทมนางาม", "SAO"),
        ("6990101", "นาสาธิต", "SAO"),
        ("6990102", "หนองสาธิต", "SAO"),
    ]


def test_a_changed_organisation_is_described_field_by_field_in_order(tmp_path):
    header = "dla_code,name_th,type_th,province_th,province_en,district_th,lat,lon\n"
    first = tmp_path / "first.csv"
    first.write_text(header + "6990101,นาสาธิต,อบต.,สาธิตบุรี,Sathit,เมืองสาธิต,15.5,104.5\n")
    second = tmp_path / "second.csv"
    second.write_text(header + "6990101,นาใหม่,ทต.,สาธิตนคร,Nakhon,ห้วยสาธิต,16.5,105.5\n")
    db = tmp_path / "ita.duckdb"
    run_import("registry", first, db)
    with pytest.raises(ImportRejected) as caught:
        run_import("registry", second, db)
    (problem,) = caught.value.problems
    before = (
        "name_th=นาสาธิต, type_code=SAO, province_th=สาธิตบุรี, province_en=Sathit, "
        "district_th=เมืองสาธิต, lat=15.5, lon=104.5"
    )
    after = (
        "name_th=นาใหม่, type_code=SUBDISTRICT, province_th=สาธิตนคร, province_en=Nakhon, "
        "district_th=ห้วยสาธิต, lat=16.5, lon=105.5"
    )
    assert problem.reason_en == (
        f"this code is stored with different values ({before} → {after}); "
        "use --replace to replace them"
    )
