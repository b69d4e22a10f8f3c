"""dashboard.formatting: Thai digits, Buddhist-era years, fiscal years, numbers and dates."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest

from dashboard import formatting as fmt

# --- digits -----------------------------------------------------------------------------------


def test_to_thai_digits_year():
    assert fmt.to_thai_digits("2566") == "๒๕๖๖"


def test_to_arabic_digits_year():
    assert fmt.to_arabic_digits("๒๕๖๖") == "2566"


def test_every_digit_maps_both_ways():
    assert fmt.to_thai_digits("0123456789") == "๐๑๒๓๔๕๖๗๘๙"
    assert fmt.to_arabic_digits("๐๑๒๓๔๕๖๗๘๙") == "0123456789"


def test_mixed_string_only_digits_change():
    assert fmt.to_thai_digits("ปี 2566: 1,234.50 %") == "ปี ๒๕๖๖: ๑,๒๓๔.๕๐ %"
    assert fmt.to_arabic_digits("ปี ๒๕๖๖: ๑,๒๓๔.๕๐ %") == "ปี 2566: 1,234.50 %"


def test_mixed_digit_kinds_normalised():
    assert fmt.to_arabic_digits("๒๕66") == "2566"
    assert fmt.to_thai_digits("๒๕66") == "๒๕๖๖"


def test_text_without_digits_unchanged():
    assert fmt.to_thai_digits("องค์การบริหารส่วนตำบล ABC") == "องค์การบริหารส่วนตำบล ABC"
    assert fmt.to_arabic_digits("องค์การบริหารส่วนตำบล ABC") == "องค์การบริหารส่วนตำบล ABC"


def test_digits_round_trip():
    text = "เทศบาลตำบล 12 หมู่ 3 โทร 053-123456"
    assert fmt.to_arabic_digits(fmt.to_thai_digits(text)) == text


# --- years ------------------------------------------------------------------------------------


def test_ce_to_be():
    assert fmt.ce_to_be(2023) == 2566


def test_be_to_ce():
    assert fmt.be_to_ce(2566) == 2023


def test_year_conversion_round_trip():
    assert fmt.be_to_ce(fmt.ce_to_be(1999)) == 1999


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2022, 9, 30), 2565),
        (date(2022, 10, 1), 2566),
        (date(2023, 9, 30), 2566),
        (date(2023, 10, 1), 2567),
        (date(2023, 1, 1), 2566),
        (date(2022, 12, 31), 2566),
    ],
)
def test_fiscal_year_of(day, expected):
    assert fmt.fiscal_year_of(day) == expected


def test_fiscal_year_of_datetime():
    assert fmt.fiscal_year_of(datetime(2022, 10, 1, 0, 0)) == 2566


def test_year_label_has_no_thousands_separator():
    assert fmt.year_label(2566) == "2566"
    assert fmt.year_label(2566, thai_digits=True) == "๒๕๖๖"


# --- numbers ----------------------------------------------------------------------------------


MISSING = [None, float("nan"), pd.NA, pd.NaT, np.float64("nan")]


@pytest.mark.parametrize("missing", MISSING)
def test_number_missing_is_dash(missing):
    assert fmt.number(missing) == "—"
    assert fmt.number(missing, 0, thai_digits=True) == "—"


@pytest.mark.parametrize("missing", MISSING)
def test_percent_missing_is_dash(missing):
    assert fmt.percent(missing) == "—"
    assert fmt.percent(missing, 0, thai_digits=True) == "—"


@pytest.mark.parametrize("value", [0, 0.0, Decimal("0.00"), np.int64(0), "", "x", -1])
def test_values_that_are_not_missing(value):
    assert fmt.missing(value) is False


def test_number_numpy_nan_is_dash():
    assert fmt.number(np.float64("nan")) == "—"
    assert fmt.percent(np.float64("nan")) == "—"


def test_number_thousands_separators_and_decimals():
    assert fmt.number(1234567.891) == "1,234,567.89"
    assert fmt.number(1234567.891, 0) == "1,234,568"
    assert fmt.number(305, 0) == "305"
    assert fmt.number(1000, 1) == "1,000.0"
    assert fmt.number(83.456, 1) == "83.5"


def test_number_negative():
    assert fmt.number(-1234.5, 1) == "-1,234.5"


def test_number_thai_digits():
    assert fmt.number(1234.5, 2, thai_digits=True) == "๑,๒๓๔.๕๐"


def test_percent():
    assert fmt.percent(0.8) == "80.0 %"
    assert fmt.percent(0.12345, 2) == "12.35 %"
    assert fmt.percent(0.5, 0) == "50 %"
    assert fmt.percent(12.5, 0) == "1,250 %"


def test_percent_thai_digits():
    assert fmt.percent(0.756, 1, thai_digits=True) == "๗๕.๖ %"


# --- dates ------------------------------------------------------------------------------------


def test_long_date_thai():
    assert fmt.long_date(date(2023, 4, 27)) == "27 เมษายน 2566"
    assert fmt.long_date(date(2023, 4, 27), "th") == "27 เมษายน 2566"


def test_long_date_thai_digits():
    assert fmt.long_date(date(2023, 4, 27), "th", thai_digits=True) == "๒๗ เมษายน ๒๕๖๖"


def test_long_date_english():
    assert fmt.long_date(date(2023, 4, 27), "en") == "27 April 2023"


def test_long_date_first_and_last_months():
    assert fmt.long_date(date(2024, 1, 1)) == "1 มกราคม 2567"
    assert fmt.long_date(date(2024, 12, 31)) == "31 ธันวาคม 2567"
    assert fmt.long_date(date(2024, 12, 31), "en") == "31 December 2024"


def test_long_date_datetime():
    assert fmt.long_date(datetime(2023, 10, 5, 14, 30), "th") == "5 ตุลาคม 2566"


def test_month_tables_complete():
    assert len(fmt.MONTHS_TH) == 12
    assert len(fmt.MONTHS_TH_SHORT) == 12
    assert len(fmt.MONTHS_EN) == 12
    assert fmt.MONTHS_TH[3] == "เมษายน"
    assert fmt.MONTHS_TH_SHORT[3] == "เม.ย."


def test_clean_collapses_spaces_and_keeps_text_on_every_path():
    """clean(): the ASCII fast path and the Unicode path agree with the rule (NFC, Thai digits
    to Arabic, every run of spaces — tabs, no-break and zero-width spaces included — to one,
    trimmed; an empty cell is None)."""
    import random
    import re
    import unicodedata

    from dashboard.ingest.normalise import clean

    spaces = re.compile(r"[\s\u00a0\u200b\u200c\u200d\ufeff]+")
    thai = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")

    def rule(text: str) -> str | None:
        text = unicodedata.normalize("NFC", text).translate(thai)
        return spaces.sub(" ", text).strip() or None

    rng = random.Random(7)
    alphabet = [" ", "\t", "\n", "\x0b", "\x1f", "\u00a0", "\u200b", "a", "1", ".", "ก", "๕",
                "\u0e33", "\u0e4d\u0e32", "e\u0301"]  # fmt: skip
    for _ in range(5000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 10)))
        assert clean(text) == rule(text), repr(text)
    assert clean(None) is None
    assert clean(85.5) == "85.5"
    assert clean("  อบต.  กระจาย\u00a0") == "อบต. กระจาย"


def test_signed_change():
    assert fmt.signed(2.094) == "+2.09"
    assert fmt.signed(-0.5, 1) == "-0.5"
    assert fmt.signed(0.0, 1) == "+0.0"
    assert fmt.signed(1234.5, 1, thai_digits=True) == "+๑,๒๓๔.๕"
    assert fmt.signed(None) == fmt.MISSING
    assert fmt.signed(float("nan")) == fmt.MISSING
