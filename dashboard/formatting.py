"""Number, year and date formatting for Thai users. Pure; no streamlit.

Years in the database are Buddhist-era (BE) integers already (พ.ศ. = ค.ศ. + 543).
"""

from __future__ import annotations

from datetime import date, datetime

BE_OFFSET = 543
_TO_THAI = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
_TO_ARABIC = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
MONTHS_TH = (
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
)  # fmt: skip
MONTHS_TH_SHORT = (
    "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
    "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
)  # fmt: skip
MONTHS_EN = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def missing(value: object) -> bool:
    """None, NaN, NaT or pandas' NA: a value to show as '—' (without loading pandas)."""
    if value is None:
        return True
    try:
        return bool(value != value)  # NaN and NaT differ from themselves
    except TypeError:  # pandas' NA: its comparisons are NA, which has no truth value
        return True


def to_thai_digits(text: str) -> str:
    return text.translate(_TO_THAI)


def to_arabic_digits(text: str) -> str:
    return text.translate(_TO_ARABIC)


def ce_to_be(year_ce: int) -> int:
    return year_ce + BE_OFFSET


def be_to_ce(year_be: int) -> int:
    return year_be - BE_OFFSET


def fiscal_year_of(day: date) -> int:
    """The BE fiscal year a date falls in (the year starts on 1 October)."""
    return ce_to_be(day.year + (1 if day.month >= 10 else 0))


# How a missing value is shown, in text and in table cells (Streamlit's default is "None").
MISSING = "—"


def year_label(year_be: int, thai_digits: bool = False) -> str:
    """A BE year as shown everywhere (no thousands separator)."""
    text = str(int(year_be))
    return to_thai_digits(text) if thai_digits else text


def number(value: float | None, decimals: int = 2, thai_digits: bool = False) -> str:
    """A number with thousands separators and fixed decimals; MISSING when missing."""
    if missing(value):
        return MISSING
    text = f"{value:,.{decimals}f}"
    return to_thai_digits(text) if thai_digits else text


def signed(value: float | None, decimals: int = 2, thai_digits: bool = False) -> str:
    """A change with its sign ("+2.09", "-0.50"): `number` with a plus where it has no minus."""
    text = number(value, decimals, thai_digits)
    return text if text == MISSING or text.startswith("-") else "+" + text


def percent(share: float | None, decimals: int = 1, thai_digits: bool = False) -> str:
    """A share (0-1) as a percentage; MISSING when missing."""
    if missing(share):
        return MISSING
    return number(share * 100, decimals, thai_digits) + " %"


def long_date(day: date | datetime, lang: str = "th", thai_digits: bool = False) -> str:
    """'27 เมษายน 2566' in Thai (BE year), '27 April 2023' in English."""
    if lang == "en":
        return f"{day.day} {MONTHS_EN[day.month - 1]} {day.year}"
    text = f"{day.day} {MONTHS_TH[day.month - 1]} {ce_to_be(day.year)}"
    return to_thai_digits(text) if thai_digits else text
