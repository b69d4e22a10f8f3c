"""Inferring a measure's target indicators from keyword rules in data/indicator_keywords.csv."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from dashboard.ingest.indicator_inference import KEYWORDS_FILE, infer, load_rules, scores
from dashboard.ingest.report_parser import compact, parse_text

DATA = Path(__file__).resolve().parent.parent / "data"
SEED = (
    Path(__file__).resolve().parents[2] / "shared" / "reference" / "seed-measures-report-2566.txt"
)
ALL = set(range(1, 11))

# (indicator, title) of every measure in data/measure_catalogue.csv, written out by hand.
CATALOGUE = [
    (1, "มาตรการส่งเสริมการปฏิบัติหน้าที่อย่างเป็นธรรมและเท่าเทียม"),
    (1, "มาตรการให้บริการตามลำดับคิวโดยไม่เลือกปฏิบัติ"),
    (1, "มาตรการเสริมสร้างจริยธรรมในการปฏิบัติหน้าที่"),
    (2, "มาตรการเปิดเผยข้อมูลการใช้จ่ายงบประมาณ"),
    (2, "มาตรการให้ประชาชนมีส่วนร่วมตรวจสอบการจัดซื้อจัดจ้าง"),
    (2, "มาตรการป้องกันการใช้งบประมาณเพื่อประโยชน์ส่วนตน"),
    (3, "มาตรการป้องกันการใช้อำนาจโดยมิชอบ"),
    (3, "มาตรการป้องกันการรับสินบนและผลประโยชน์ทับซ้อน"),
    (3, "มาตรการเปิดช่องทางร้องเรียนการสั่งการที่ไม่ถูกต้อง"),
    (4, "มาตรการกำกับการใช้ทรัพย์สินของราชการ"),
    (4, "มาตรการตรวจสอบการใช้ยานพาหนะของราชการ"),
    (4, "มาตรการสร้างความรู้เรื่องการใช้ทรัพย์สินราชการ"),
    (5, "มาตรการการแก้ไขปัญหาการทุจริต"),
    (5, "มาตรการจัดการเรื่องร้องเรียนการทุจริตอย่างจริงจัง"),
    (5, "มาตรการเฝ้าระวังการทุจริตโดยการมีส่วนร่วม"),
    (6, "มาตรการยกระดับคุณภาพการให้บริการ"),
    (6, "มาตรการให้บริการอย่างโปร่งใสตามขั้นตอน"),
    (6, "มาตรการบริการนอกเวลาราชการและบริการเชิงรุก"),
    (7, "มาตรการเพิ่มประสิทธิภาพการสื่อสารและการเผยแพร่ข้อมูล"),
    (7, "มาตรการการชี้แจงและการตอบคำถาม"),
    (7, "มาตรการเปิดช่องทางรับฟังความคิดเห็นและร้องเรียน"),
    (8, "มาตรการการเปิดโอกาสให้เกิดการมีส่วนร่วม"),
    (8, "มาตรการปรับปรุงระบบการทำงานด้วยเทคโนโลยี"),
    (8, "มาตรการทบทวนและปรับปรุงขั้นตอนการทำงาน"),
    (9, "มาตรการเผยแพร่ข้อมูลสาธารณะบนเว็บไซต์ให้ครบถ้วน"),
    (9, "มาตรการแต่งตั้งผู้รับผิดชอบข้อมูลสาธารณะรายข้อ"),
    (9, "มาตรการปรับปรุงเว็บไซต์ให้เข้าถึงข้อมูลได้ง่าย"),
    (10, "มาตรการป้องกันการทุจริตและการประเมินความเสี่ยง"),
    (10, "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน"),
    (10, "มาตรการปลูกฝังวัฒนธรรมองค์กรที่ไม่ทนต่อการทุจริต"),
]


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("การแก้ไข ปัญหาการ ทุจริต", 5),
        ("การชี้แจง และการตอบ คำถามของ หน่วยงาน", 7),
        ("การเปิดโอกาสให้เกิดการมีส่วนร่วม", 8),
    ],
)
def test_seed_titles(title, expected):
    assert infer(title, "- ประชาสัมพันธ์ ข้อมูล ตลอด ปีงบประมาณ", ALL) == ([expected], "title")


@pytest.mark.parametrize(("indicator", "title"), CATALOGUE, ids=[t for _i, t in CATALOGUE])
def test_catalogue_titles_infer_their_indicator(indicator, title):
    assert infer(title, None, ALL) == ([indicator], "title")


def test_the_catalogue_list_is_the_catalogue_file():
    with (DATA / "measure_catalogue.csv").open(encoding="utf-8") as handle:
        rows = [(int(r["indicator"]), r["title_th"]) for r in csv.DictReader(handle)]
    assert rows == CATALOGUE


def test_seed_report_measures_infer_5_7_8():
    if SEED.exists():
        report = parse_text(SEED.read_text(encoding="utf-8"), SEED.name)
        measures = [(m.title, m.method) for m in report.measures]
    else:  # the reference is absent: the seed's measures as the parser returns them
        measures = [
            ("การแก้ไข ปัญหาการ ทุจริต", "- ประชาสัมพันธ์ ข้อมูลทางสถิติเรื่อง การร้องเรียนการ ทุจริต"),
            ("การชี้แจง และการตอบ คำถามของ หน่วยงาน", "- จัดทำและ เผยแพร่ช่องทาง การติดต่อสอบถาม"),
            ("การเปิดโอกาสให้เกิดการมีส่วนร่วม", "- แสดง การดำเนินการหรือกิจกรรม"),
        ]
    found = [infer(title, method, ALL) for title, method in measures]
    assert found == [([5], "title"), ([7], "title"), ([8], "title")]


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("การแก้ไขปัญหาการทุจริต", [5]),
        ("การป้องกันการทุจริต", [10]),
        ("รับเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ", [5]),
        ("ประกาศนโยบายไม่รับของขวัญ No Gift Policy", [10]),
        ("การเปิดเผยข้อมูลตามเกณฑ์ OIT", [9]),
        ("ลดการใช้ รถราชการ ไปธุระส่วนตัว", [4]),
        ("การใช้ งบ ประมาณ อย่างคุ้มค่า", [2]),
    ],
)
def test_longer_keywords_win_and_spaces_do_not_matter(title, expected):
    assert infer(title, None, ALL) == (expected, "title")


def test_method_is_used_only_when_the_title_names_nothing():
    method = "จัดทำแผน ประเมินความเสี่ยง การทุจริตประจำปี ตลอด ปีงบประมาณ"
    assert infer("กิจกรรมที่ ๑", method, ALL) == ([10], "method")
    # a title that names an indicator wins over the method
    assert infer("การชี้แจงข้อสงสัย", method, ALL) == ([7], "title")
    assert infer("กิจกรรมที่ ๑", "ดำเนินการตลอดปีงบประมาณ", ALL) == ([], "none")
    assert infer("", None, ALL) == ([], "none")
    assert infer(None, None, ALL) == ([], "none")


def test_ties_return_every_best_indicator():
    points = scores("ชี้แจง ลำดับคิว", ALL)
    assert points == {7: 6.0, 1: 8.0}
    assert infer("ชี้แจง ลำดับคิว", None, ALL) == ([1], "title")
    # ยานพาหนะ (4) and ตอบคำถาม (7): same length, same weight
    assert infer("ยานพาหนะ ตอบคำถาม", None, ALL) == ([4, 7], "title")


def test_only_valid_indicators_are_considered():
    assert infer("การแก้ไขปัญหาการทุจริต", None, {1, 2, 3, 4}) == ([], "none")
    assert infer("มาตรการเฝ้าระวังการทุจริตโดยการมีส่วนร่วม", None, {8}) == ([8], "title")


def test_weight_zero_masks_shorter_keywords():
    assert "งบประมาณ" in compact("ตลอด ปีงบประมาณ")
    assert scores("ตลอด ปีงบ ประมาณ", ALL) == {}
    assert scores("งบประมาณ", ALL) == {2: 8.0}


def test_keyword_file_covers_every_indicator_and_names_them():
    rules = load_rules()
    for indicator in range(1, 11):
        scoring = [r for r in rules if r.indicator == indicator and r.weight > 0]
        assert len(scoring) >= 4, indicator
    with (DATA / "methodology" / "indicators.csv").open(encoding="utf-8") as handle:
        names = {(int(r["indicator"]), r["name_th"]) for r in csv.DictReader(handle)}
    keywords = {(r.indicator, r.keyword) for r in rules}
    for indicator, name in names:
        assert (indicator, compact(name)) in keywords, name
    with KEYWORDS_FILE.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            assert row["keyword"] == row["keyword"].strip()
            assert " " not in row["keyword"] or row["keyword"].isascii(), row["keyword"]
    assert (DATA / "indicator_keywords.md").is_file()


def test_malformed_rules_file(tmp_path):
    bad = tmp_path / "rules.csv"
    bad.write_text("indicator,keyword\n5,ทุจริต\n", encoding="utf-8")
    with pytest.raises(ValueError, match="indicator,keyword,weight"):
        load_rules(bad)
    bad.write_text("indicator,keyword,weight\nx,ทุจริต,1\n", encoding="utf-8")
    with pytest.raises(ValueError, match="line 2"):
        load_rules(bad)
    good = tmp_path / "good.csv"
    good.write_text("indicator,keyword,weight\n5,ทุจ ริต,1\n", encoding="utf-8")
    rules = load_rules(good)
    assert infer("ต้านทุจริต", None, ALL, rules) == ([5], "title")
