"""Normalising values from users' files: Unicode, Thai digits, spaces, numbers, years, names.

Pure functions; each parse_* returns the value or raises ValueError with a (Thai, English)
reason pair as its args.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache

from dashboard.formatting import BE_OFFSET, to_arabic_digits

_SPACES = re.compile(r"[\s\u00a0\u200b\u200c\u200d\ufeff]+")
# Thai tone marks and vowels written above or below the consonant, and the silent mark: the
# parts most often mistyped in names (กระจ่าย / กระจาย, ป่าตึง / ป่าติ้ว).
_MARKS = re.compile("[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]")
_PUNCT = re.compile(r"[\s.\-_()]+")


class Invalid(ValueError):
    def __init__(self, reason_th: str, reason_en: str) -> None:
        super().__init__(reason_th, reason_en)
        self.reason_th = reason_th
        self.reason_en = reason_en


# A national file repeats its provinces, types, years and scores thousands of times: the
# cleaned cell and the parsed number are remembered by value (typed: 1, 1.0 and True differ).
@lru_cache(maxsize=1 << 16, typed=True)
def clean(value: object) -> str | None:
    """NFC, Thai digits to Arabic, surrounding and repeated spaces; None for an empty cell."""
    if value is None:
        return None
    text = str(value)
    if text.isascii():  # already NFC, no Thai digits, and str.split knows all its spaces
        return " ".join(text.split()) or None
    text = to_arabic_digits(unicodedata.normalize("NFC", text))
    text = _SPACES.sub(" ", text).strip()
    return text or None


@lru_cache(maxsize=1 << 16)
def squash(text: str) -> str:
    """A header or code without case, spaces and punctuation, for matching."""
    return _PUNCT.sub("", unicodedata.normalize("NFC", text).casefold())


@lru_cache(maxsize=1 << 17)
def skeleton(text: str) -> str:
    """A name without tone marks, upper/lower vowels, spaces and punctuation: spelling noise
    that users introduce when typing names drops out."""
    return _MARKS.sub("", squash(to_arabic_digits(text)))


_PLAIN_NUMBER = re.compile(r"\d{1,12}(?:\.\d{1,2})?")
_PLACES = {n: Decimal(1).scaleb(-n) for n in range(7)}


def parse_decimal(text: str, *, low: Decimal, high: Decimal, places: int = 2) -> Decimal:
    """A number between low and high; more decimals than `places` is an error."""
    if places >= 2 and _PLAIN_NUMBER.fullmatch(text):  # the common case, e.g. 85.5
        value = Decimal(text)
        if low <= value <= high:
            return value.quantize(_PLACES.get(places) or Decimal(1).scaleb(-places))
    try:
        value = Decimal(text.replace(",", "")) if "," in text and "." in text else Decimal(text)
    except InvalidOperation:
        raise Invalid("ไม่ใช่ตัวเลข", "not a number") from None
    if not value.is_finite():
        raise Invalid("ไม่ใช่ตัวเลข", "not a number")
    if value < low or value > high:
        raise Invalid(f"ต้องอยู่ระหว่าง {low} ถึง {high}", f"must be between {low} and {high}")
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and -exponent > places:  # 85.500 has 3 digits, 1 place
        exponent = value.normalize().as_tuple().exponent
    if isinstance(exponent, int) and -exponent > places:
        raise Invalid(f"มีทศนิยมเกิน {places} ตำแหน่ง", f"has more than {places} decimal places")
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def parse_int(text: str, *, low: int = 0, high: int | None = None) -> int:
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise Invalid("ไม่ใช่จำนวนเต็ม", "not a whole number") from None
    if not number.is_finite() or number != number.to_integral_value():
        raise Invalid("ไม่ใช่จำนวนเต็ม", "not a whole number")
    value = int(number)
    if value < low or (high is not None and value > high):
        limit = f"{low}–{high}" if high is not None else f">= {low}"
        raise Invalid(f"ต้องอยู่ในช่วง {limit}", f"must be {limit}")
    return value


def parse_year(text: str, allowed: set[int]) -> int:
    """A Buddhist-era fiscal year from `allowed`, or its Christian-era equivalent (+543).

    Two-digit years and years outside `allowed` are errors.
    """
    try:
        year = parse_int(text, low=0)
    except Invalid:
        raise Invalid("ปีงบประมาณไม่ใช่ตัวเลขปี", "the fiscal year is not a year") from None
    if year in allowed:
        return year
    if year + BE_OFFSET in allowed:
        return year + BE_OFFSET
    known = f"{min(allowed)}–{max(allowed)}" if allowed else "-"
    raise Invalid(
        f"ปีงบประมาณ {year} ไม่มีเกณฑ์การประเมิน (รับ พ.ศ. {known} หรือ ค.ศ. ที่ตรงกัน)",
        f"fiscal year {year} has no methodology (accepted: BE {known} or the CE equivalent)",
    )


def strip_prefix(name: str, prefixes: list[str]) -> str:
    """A name without a leading administrative prefix (e.g. 'อำเภอ', 'จ.'), spaces trimmed."""
    for prefix in sorted(prefixes, key=len, reverse=True):
        if name.startswith(prefix) and len(name) > len(prefix):
            return name[len(prefix) :].strip()
    return name


_THAI_MONTHS = {
    name: i + 1
    for i, names in enumerate(
        zip(
            (
                "มกราคม",
                "กุมภาพันธ์",
                "มีนาคม",
                "เมษายน",
                "พฤษภาคม",
                "มิถุนายน",
                "กรกฎาคม",
                "สิงหาคม",
                "กันยายน",
                "ตุลาคม",
                "พฤศจิกายน",
                "ธันวาคม",
            ),
            (
                "ม.ค.",
                "ก.พ.",
                "มี.ค.",
                "เม.ย.",
                "พ.ค.",
                "มิ.ย.",
                "ก.ค.",
                "ส.ค.",
                "ก.ย.",
                "ต.ค.",
                "พ.ย.",
                "ธ.ค.",
            ),
            strict=True,
        )
    )
    for name in names
}


def parse_date(text: str):
    """A date from '2023-04-27', '27/04/2566', '27/4/2023', '27 เมษายน 2566' or an Excel
    date-time; Buddhist-era years (over 2400) are converted."""
    from datetime import date, datetime

    value = text.strip()
    try:
        return datetime.fromisoformat(value).date()
    except ValueError:
        pass
    m = re.fullmatch(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})", value)
    if m:
        day, month, year = (int(g) for g in m.groups())
    else:
        m = re.fullmatch(r"(\d{1,2})\s*(\S+?)\s*(\d{4})", value)
        if not m or m.group(2) not in _THAI_MONTHS:
            raise Invalid(
                "ไม่ใช่วันที่ (เช่น 27/04/2566 หรือ 27 เมษายน 2566)",
                "not a date (e.g. 27/04/2566 or 2023-04-27)",
            )
        day, month, year = int(m.group(1)), _THAI_MONTHS[m.group(2)], int(m.group(3))
    if year > 2400:
        year -= 543
    try:
        return date(year, month, day)
    except ValueError:
        raise Invalid("วันที่ไม่มีอยู่จริง", "no such date") from None
