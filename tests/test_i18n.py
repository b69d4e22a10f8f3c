"""dashboard.i18n and dashboard/locales/*.json: complete, consistent catalogues; every key used
in the code exists."""

from __future__ import annotations

import json
import re
import string
from pathlib import Path

import pytest

from dashboard import db, i18n
from dashboard.i18n import translate

ROOT = Path(__file__).resolve().parent.parent
DASHBOARD = ROOT / "dashboard"
LOCALES = DASHBOARD / "locales"

THAI_CHAR = re.compile(r"[\u0E00-\u0E7F]")
# Thai values that are legitimately codes or symbols without Thai letters (none at present).
NOT_THAI_TEXT: frozenset[str] = frozenset()
# t("key" / translate("key" with a plain (non f-) string literal as the first argument.
KEY_CALL = re.compile(r"""(?<![\w.])(?:t|translate)\(\s*(['"])([^'"{}]+)\1""")


def _load(lang: str) -> dict[str, str]:
    merged: dict[str, str] = {}
    for file in sorted((LOCALES / lang).glob("*.json")):
        part = json.loads(file.read_text(encoding="utf-8"))
        assert not merged.keys() & part.keys(), f"{file}: key also in another file"
        merged.update(part)
    return merged


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


TH = _load("th")
EN = _load("en")


def test_locale_files_are_the_languages():
    assert sorted(p.name for p in LOCALES.iterdir() if p.is_dir()) == sorted(i18n.LANGUAGES)
    # every area file exists in both languages
    assert sorted(p.name for p in (LOCALES / "th").glob("*.json")) == sorted(
        p.name for p in (LOCALES / "en").glob("*.json")
    )
    assert i18n.DEFAULT_LANGUAGE == "th"


def test_catalogues_are_flat_string_maps():
    for catalogue in (TH, EN):
        assert catalogue
        assert all(isinstance(k, str) and isinstance(v, str) for k, v in catalogue.items())


def test_same_keys():
    assert set(TH) - set(EN) == set(), "keys only in th.json"
    assert set(EN) - set(TH) == set(), "keys only in en.json"


def test_no_duplicate_keys():
    for file in LOCALES.glob("*/*.json"):
        pairs = json.loads(file.read_text(encoding="utf-8"), object_pairs_hook=list)
        keys = [k for k, _ in pairs]
        assert len(keys) == len(set(keys)), file


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_no_empty_values(lang):
    empty = [k for k, v in _load(lang).items() if not v.strip()]
    assert empty == []


def test_placeholders_match():
    mismatched = {
        key: (sorted(_placeholders(TH[key])), sorted(_placeholders(EN[key])))
        for key in TH.keys() & EN.keys()
        if _placeholders(TH[key]) != _placeholders(EN[key])
    }
    assert mismatched == {}


def test_placeholders_are_plain_names():
    for catalogue in (TH, EN):
        for key, text in catalogue.items():
            for name in _placeholders(text):
                assert re.fullmatch(r"[a-z_]+", name), (key, name)


def test_thai_strings_contain_thai():
    not_thai = sorted(k for k, v in TH.items() if not THAI_CHAR.search(v))
    assert not_thai == sorted(NOT_THAI_TEXT)


def test_english_strings_contain_no_thai():
    # The language switcher itself is the only place that mixes both; no catalogue entry should.
    assert sorted(k for k, v in EN.items() if THAI_CHAR.search(v)) == []


def test_catalogue_reads_the_files():
    assert i18n.catalogue("th") == TH
    assert i18n.catalogue("en") == EN


# --- translate ------------------------------------------------------------------------------


def test_translate_thai_default():
    assert translate("overview.title") == TH["overview.title"]
    assert translate("filter.all", "th") == "ทั้งหมด"


def test_translate_english():
    assert translate("filter.all", "en") == "All"


def test_translate_formats_placeholders():
    assert translate("data.as_of", "en", date="27 April 2023") == "Data as of 27 April 2023"
    assert translate("data.as_of", "th", date="27 เมษายน 2566") == "ข้อมูล ณ วันที่ 27 เมษายน 2566"


def test_translate_falls_back_to_thai(monkeypatch):
    english = dict(EN)
    del english["filter.all"]
    english["filter.province"] = ""
    real = i18n.catalogue

    def patched(lang):
        return english if lang == "en" else real(lang)

    monkeypatch.setattr(i18n, "catalogue", patched)
    assert translate("filter.all", "en") == "ทั้งหมด"
    assert translate("filter.province", "en") == "จังหวัด"
    assert translate("filter.district", "en") == "District"


def test_translate_falls_back_to_key():
    assert translate("no.such.key", "en") == "no.such.key"
    assert translate("no.such.key", "th") == "no.such.key"


def test_pick():
    row = {"name_th": "ตัวชี้วัด", "name_en": "Indicator"}
    assert i18n.pick(row, "name", "th") == "ตัวชี้วัด"
    assert i18n.pick(row, "name", "en") == "Indicator"
    assert i18n.pick({"name_th": "ตัวชี้วัด", "name_en": ""}, "name", "en") == "ตัวชี้วัด"
    assert i18n.pick({"name_th": "ตัวชี้วัด", "name_en": None}, "name", "en") == "ตัวชี้วัด"


# --- keys used in the code ------------------------------------------------------------------


def _used_keys() -> dict[str, list[str]]:
    used: dict[str, list[str]] = {}
    for path in sorted(DASHBOARD.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        for match in KEY_CALL.finditer(text):
            used.setdefault(match.group(2), []).append(str(path.relative_to(ROOT)))
    return used


def test_key_scanner_finds_keys():
    # Guards the regex itself: keys known to be used in charts.py and the overview page.
    used = _used_keys()
    assert "chart.trend_title" in used
    assert "overview.title" in used
    assert "filter.all" in used
    assert len(used) >= 30
    # f-string keys are not picked up as literal keys.
    assert not any("{" in key for key in used)


def test_key_scanner_regex():
    found = [m.group(2) for m in KEY_CALL.finditer(
        """t("a.b") translate('c.d', lang) st("x") text.translate(_T) t(f"col.{c}") x.t("e")"""
    )]  # fmt: skip
    assert found == ["a.b", "c.d"]


def test_every_literal_key_exists():
    missing = {key: files for key, files in _used_keys().items() if key not in TH}
    assert missing == {}


@pytest.fixture(scope="module")
def overview_columns(demo_db) -> list[str]:
    reader = db.open_reader(demo_db)
    try:
        frame = reader.query("overview_by_year", province=None, district=None, org_type=None)
    finally:
        reader.close()
    return list(frame.columns)


def test_overview_columns_have_labels(overview_columns):
    # The overview page labels its table with t(f"col.{c}") for each query column.
    assert "mean_total" in overview_columns
    missing = [c for c in overview_columns if f"col.{c}" not in TH]
    assert missing == []


def test_overview_column_labels_translated(overview_columns):
    for column in overview_columns:
        assert translate(f"col.{column}", "th") != f"col.{column}"
        assert translate(f"col.{column}", "en") != f"col.{column}"
