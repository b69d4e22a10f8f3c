"""The scoring engine against the ITA methodology (../shared/reference/ita-methodology.md).

Rules come from the real methodology CSVs in data/methodology through
`dashboard.methodology.build_rules`. Every expected value below is worked out by hand from the
methodology: ITA = 0.30 x IIT + 0.30 x EIT + 0.40 x OIT, a tool is the mean of its indicators
(IIT = 1-5, EIT = 6-8, OIT = 9-10), so indicators 1-5 weigh 0.06, 6-8 weigh 0.10, 9-10 weigh 0.20.
"""

from __future__ import annotations

import csv
import re
from decimal import ROUND_HALF_EVEN, Decimal
from fractions import Fraction

import pytest

from dashboard import paths
from dashboard.methodology import build_rules
from dashboard.scoring import YearRules, round2, score

THAI = re.compile(r"[\u0E00-\u0E7F]")
AAF_YEARS = [2562, 2563, 2564, 2565]
PASS5_YEARS = [2566, 2567, 2568]

# Hand-written from the methodology: PASS5 codes and their Thai labels.
PASS5_TH = {
    "EXCELLENT": "ผ่านดีเยี่ยม",
    "GOOD": "ผ่านดี",
    "PASS": "ผ่าน",
    "IMPROVE": "ต้องปรับปรุง",
    "URGENT": "ต้องปรับปรุงโดยด่วน",
}


def _csv(name: str) -> list[dict[str, str]]:
    with open(paths.METHODOLOGY_DIR / name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def csv_rules() -> dict[int, YearRules]:
    """YearRules from the CSV files, with values typed as the method_* queries return them."""
    levels = [
        {**row, "min_each_tool": row["min_each_tool"] or None, "passed": row["passed"] == "true"}
        for row in _csv("levels.csv")
    ]
    return build_rules(_csv("years.csv"), _csv("tools.csv"), _csv("indicators.csv"), levels)


RULES = csv_rules()


def D(value: str) -> Decimal:
    return Decimal(value)


def inds(iit: list[str], eit: list[str], oit: list[str]) -> dict[int, Decimal]:
    """Indicators 1-5 (IIT), 6-8 (EIT), 9-10 (OIT) from 2-decimal strings."""
    assert (len(iit), len(eit), len(oit)) == (5, 3, 2)
    return {n: D(v) for n, v in enumerate([*iit, *eit, *oit], start=1)}


def tools(iit: str, eit: str, oit: str) -> dict[int, Decimal]:
    """Every indicator of a tool at the same value, so the tool mean is exactly that value."""
    return inds([iit] * 5, [eit] * 3, [oit] * 2)


def uniform(x: str) -> dict[int, Decimal]:
    # All tools = x, so the total is 0.3x + 0.3x + 0.4x = x exactly.
    return tools(x, x, x)


# --- indicator weights ----------------------------------------------------------------------


@pytest.mark.parametrize("year", AAF_YEARS + PASS5_YEARS)
def test_indicator_weights(year):
    rules = RULES[year]
    # IIT 0.30 / 5 indicators = 0.06; EIT 0.30 / 3 = 0.10; OIT 0.40 / 2 = 0.20
    assert rules.indicator_weight(1) == Fraction(6, 100)
    assert rules.indicator_weight(5) == Fraction(6, 100)
    assert rules.indicator_weight(6) == Fraction(10, 100)
    assert rules.indicator_weight(8) == Fraction(10, 100)
    assert rules.indicator_weight(9) == Fraction(20, 100)
    assert rules.indicator_weight(10) == Fraction(20, 100)
    # 5 x 0.06 + 3 x 0.10 + 2 x 0.20 = 0.30 + 0.30 + 0.40 = 1
    assert sum(rules.indicator_weight(i) for i in range(1, 11)) == 1
    assert rules.indicators_of("IIT") == [1, 2, 3, 4, 5]
    assert rules.indicators_of("EIT") == [6, 7, 8]
    assert rules.indicators_of("OIT") == [9, 10]


# --- round2 ---------------------------------------------------------------------------------


def test_round2_is_half_up_and_exact():
    assert round2(Fraction(94995, 1000)) == D("95.00")  # 94.995 -> 95.00
    assert round2(Fraction(84985, 1000)) == D("84.99")  # half-even would give 84.98
    assert round2(Fraction(84984999, 1000000)) == D("84.98")
    assert round2(Fraction(1, 3) * 100) == D("33.33")
    assert round2(Fraction(2, 3) * 100) == D("66.67")
    assert round2(D("84.985")) == D("84.99")
    assert round2(D("0.005")) == D("0.01")
    assert round2(85) == D("85.00")
    assert str(round2(Fraction(85))) == "85.00"


# --- AA-F levels (2562-2565) ----------------------------------------------------------------

AAF_BOUNDARIES = [
    ("100.00", "AA"),
    ("95.00", "AA"),
    ("94.99", "A"),
    ("85.00", "A"),
    ("84.99", "B"),
    ("75.00", "B"),
    ("74.99", "C"),
    ("65.00", "C"),
    ("64.99", "D"),
    ("55.00", "D"),
    ("54.99", "E"),
    ("50.00", "E"),
    ("49.99", "F"),
    ("0.00", "F"),
]


@pytest.mark.parametrize("year", AAF_YEARS)
@pytest.mark.parametrize(("total", "code"), AAF_BOUNDARIES)
def test_aaf_level_boundaries_from_indicators(year, total, code):
    result = score(RULES[year], uniform(total))
    assert result.total == D(total)
    assert result.level is not None
    assert result.level.code == code
    assert result.passed is (D(total) >= 85)
    assert result.tool_scores == {"IIT": D(total), "EIT": D(total), "OIT": D(total)}
    assert result.tool_sources == {"IIT": "indicators", "EIT": "indicators", "OIT": "indicators"}
    assert not result.total_mismatch and not result.level_mismatch and not result.problems


@pytest.mark.parametrize(("total", "code"), AAF_BOUNDARIES)
def test_aaf_level_boundaries_from_published_total_only(total, code):
    result = score(RULES[2565], total_published=D(total))
    assert result.total is None  # nothing to compute from
    assert result.level is not None and result.level.code == code
    assert result.passed is (D(total) >= 85)


# --- PASS5 levels (2566 onward) -------------------------------------------------------------


@pytest.mark.parametrize("year", PASS5_YEARS)
@pytest.mark.parametrize(
    ("total", "code"),
    [
        ("100.00", "EXCELLENT"),
        ("95.00", "EXCELLENT"),
        ("94.99", "GOOD"),
        ("85.00", "GOOD"),
        ("84.99", "IMPROVE"),
        ("70.00", "IMPROVE"),
        ("69.99", "URGENT"),
        ("0.00", "URGENT"),
    ],
)
def test_pass5_total_boundaries_with_equal_tools(year, total, code):
    result = score(RULES[year], uniform(total))
    assert result.total == D(total)
    assert result.level is not None
    assert result.level.code == code
    assert result.level.label_th == PASS5_TH[code]
    assert result.passed is (D(total) >= 85)


@pytest.mark.parametrize("weak", ["IIT", "EIT", "OIT"])
@pytest.mark.parametrize(
    ("value", "totals", "code"),
    [
        # Weak tool at 95.00, the others at 100:
        #   IIT or EIT weak: 0.3*95 + 0.3*100 + 0.4*100 = 28.5 + 30 + 40 = 98.50
        #   OIT weak:        0.3*100 + 0.3*100 + 0.4*95 = 30 + 30 + 38 = 98.00
        ("95.00", {"IIT": "98.50", "EIT": "98.50", "OIT": "98.00"}, "EXCELLENT"),
        # at 94.99: 28.497 + 70 = 98.497 -> 98.50 ; 60 + 37.996 = 97.996 -> 98.00
        # total >= 95 but one tool < 95: not ผ่านดีเยี่ยม
        ("94.99", {"IIT": "98.50", "EIT": "98.50", "OIT": "98.00"}, "GOOD"),
        # at 85.00: 25.5 + 70 = 95.50 ; 60 + 34 = 94.00 -> every tool >= 85: ผ่านดี
        ("85.00", {"IIT": "95.50", "EIT": "95.50", "OIT": "94.00"}, "GOOD"),
        # at 84.99: 25.497 + 70 = 95.497 -> 95.50 ; 60 + 33.996 = 93.996 -> 94.00 -> ผ่าน
        ("84.99", {"IIT": "95.50", "EIT": "95.50", "OIT": "94.00"}, "PASS"),
    ],
)
def test_pass5_per_tool_condition(weak, value, totals, code):
    values = {"IIT": "100.00", "EIT": "100.00", "OIT": "100.00", weak: value}
    result = score(RULES[2566], tools(values["IIT"], values["EIT"], values["OIT"]))
    assert result.tool_scores[weak] == D(value)
    assert result.total == D(totals[weak])
    assert result.level is not None and result.level.code == code
    assert result.passed is True  # every total here is >= 85


def test_pass5_high_total_with_weak_oit_is_only_pass():
    # IIT 100, EIT 96.68, OIT 84.99: 0.3*100 + 0.3*96.68 + 0.4*84.99 = 30 + 29.004 + 33.996
    # = 93.000. The total is high, but OIT < 85, so the level is ผ่าน, not ผ่านดี.
    result = score(RULES[2568], tools("100.00", "96.68", "84.99"))
    assert result.total == D("93.00")
    assert result.level.code == "PASS"
    assert result.level.label_th == "ผ่าน"
    assert result.passed is True


def test_pass5_total_exactly_85_with_one_tool_below_85_is_pass():
    # IIT 84.99, EIT 85.01, OIT 85.00: 25.497 + 25.503 + 34.000 = 85.000
    result = score(RULES[2566], tools("84.99", "85.01", "85.00"))
    assert result.total == D("85.00")
    assert result.level.code == "PASS"
    assert result.passed is True


@pytest.mark.parametrize(
    ("oit", "oit_score", "total", "code"),
    [
        # OIT (84.99 + 85.00) / 2 = 84.995 -> rounded 85.00 -> counts as >= 85: ผ่านดี
        # total 0.3*100 + 0.3*100 + 0.4*84.995 = 60 + 33.998 = 93.998 -> 94.00
        (["84.99", "85.00"], "85.00", "94.00", "GOOD"),
        # OIT (84.98 + 85.00) / 2 = 84.99 -> below 85: ผ่าน ; total 60 + 33.996 -> 94.00
        (["84.98", "85.00"], "84.99", "94.00", "PASS"),
        # OIT (94.99 + 95.00) / 2 = 94.995 -> 95.00 -> counts as >= 95: ผ่านดีเยี่ยม
        # total 60 + 0.4*94.995 = 60 + 37.998 = 97.998 -> 98.00
        (["94.99", "95.00"], "95.00", "98.00", "EXCELLENT"),
        # OIT (94.98 + 95.00) / 2 = 94.99 -> below 95: ผ่านดี ; total 60 + 37.996 -> 98.00
        (["94.98", "95.00"], "94.99", "98.00", "GOOD"),
    ],
)
def test_per_tool_condition_uses_the_rounded_tool_score(oit, oit_score, total, code):
    result = score(RULES[2566], inds(["100.00"] * 5, ["100.00"] * 3, oit))
    assert result.tool_scores["OIT"] == D(oit_score)
    assert result.total == D(total)
    assert result.level.code == code


def test_iit_and_eit_means_are_rounded_half_up():
    # IIT 85 x 4 + 84.98 = 424.98 / 5 = 84.996 -> 85.00
    # EIT 85 + 85 + 84.99 = 254.99 / 3 = 84.99666... -> 85.00
    result = score(
        RULES[2566], inds(["85.00"] * 4 + ["84.98"], ["85.00", "85.00", "84.99"], ["85.00"] * 2)
    )
    assert result.tool_scores == {"IIT": D("85.00"), "EIT": D("85.00"), "OIT": D("85.00")}
    # total = 0.3*84.996 + 0.3*84.99666.. + 0.4*85 = 25.4988 + 25.499 + 34 = 84.9978 -> 85.00
    assert result.total == D("85.00")
    assert result.level.code == "GOOD"
    # IIT 85 x 4 + 84.97 = 424.97 / 5 = 84.994 -> 84.99
    # EIT 85 + 84.99 + 84.99 = 254.98 / 3 = 84.99333... -> 84.99
    result = score(
        RULES[2566], inds(["85.00"] * 4 + ["84.97"], ["85.00", "84.99", "84.99"], ["85.00"] * 2)
    )
    assert result.tool_scores == {"IIT": D("84.99"), "EIT": D("84.99"), "OIT": D("85.00")}
    # total = 0.3*84.994 + 0.3*84.99333.. + 0.4*85 = 25.4982 + 25.498 + 34 = 84.9962 -> 85.00
    assert result.total == D("85.00")
    assert result.level.code == "PASS"


# --- totals: unrounded tool means, rounded once, half-up ------------------------------------


def test_total_rounds_half_up_to_95_and_uses_unrounded_tool_means():
    # IIT 94.98 x 5 -> mean 94.98
    # EIT 95.00, 95.00, 95.01 -> 285.01 / 3 = 95.00333...
    # OIT 95.00, 95.00 -> 95.00
    # total = 0.3*94.98 + 0.3*285.01/3 + 0.4*95 = 28.494 + 28.501 + 38.000 = 94.995 exactly
    #       -> half-up 95.00 -> AA.
    # Rounding the tools first would give 0.3*94.98 + 0.3*95.00 + 0.4*95.00 = 94.994 -> 94.99 (A).
    result = score(RULES[2565], inds(["94.98"] * 5, ["95.00", "95.00", "95.01"], ["95.00"] * 2))
    assert result.tool_scores == {"IIT": D("94.98"), "EIT": D("95.00"), "OIT": D("95.00")}
    assert result.total == D("95.00")
    assert result.level.code == "AA"
    assert result.passed is True


def test_total_rounding_is_half_up_not_bankers_nor_float():
    # IIT 84.98 x 5 -> 84.98
    # EIT 84.99, 85.00, 85.00 -> 254.99 / 3 = 84.99666...
    # OIT 84.98, 84.98 -> 84.98
    # total = 0.3*84.98 + 0.3*254.99/3 + 0.4*84.98 = 25.494 + 25.499 + 33.992 = 84.985 exactly
    # half-up: 84.99. Half-even (banker's) gives 84.98, and so does float arithmetic + round().
    result = score(RULES[2565], inds(["84.98"] * 5, ["84.99", "85.00", "85.00"], ["84.98"] * 2))
    assert result.total == D("84.99")
    assert result.tool_scores == {"IIT": D("84.98"), "EIT": D("85.00"), "OIT": D("84.98")}
    assert result.level.code == "B"
    # The alternatives really differ here, so this test tells them apart:
    assert D("84.985").quantize(D("0.01"), rounding=ROUND_HALF_EVEN) == D("84.98")
    assert round(0.3 * 84.98 + 0.3 * (254.99 / 3) + 0.4 * 84.98, 2) == 84.98


def test_total_from_unrounded_means_differs_from_rounded_first():
    # IIT 80.98 x 4 + 81.01 = 404.93 / 5 = 80.986     -> shown 80.99
    # EIT 80.00, 80.00, 80.01 = 240.01 / 3 = 80.00333.. -> shown 80.00
    # OIT 91.74, 91.75 = 183.49 / 2 = 91.745           -> shown 91.75
    # exact total = 0.3*80.986 + 0.1*240.01 + 0.4*91.745 = 24.2958 + 24.001 + 36.698 = 84.9948
    #             -> 84.99: B in 2565, ต้องปรับปรุง in 2566, not passed.
    # From rounded tools: 0.3*80.99 + 0.3*80.00 + 0.4*91.75 = 24.297 + 24 + 36.7 = 84.997 -> 85.00
    indicators = inds(["80.98"] * 4 + ["81.01"], ["80.00", "80.00", "80.01"], ["91.74", "91.75"])
    for year, code in ((2565, "B"), (2566, "IMPROVE")):
        result = score(RULES[year], indicators)
        assert result.tool_scores == {"IIT": D("80.99"), "EIT": D("80.00"), "OIT": D("91.75")}
        assert result.total == D("84.99")
        assert result.level.code == code
        assert result.passed is False


def test_hand_computed_total():
    # indicators 1-5 = 90, 6-8 = 80, 9-10 = 70: 0.3*90 + 0.3*80 + 0.4*70 = 27 + 24 + 28 = 79.00
    result = score(RULES[2565], tools("90.00", "80.00", "70.00"))
    assert result.total == D("79.00")
    assert result.level.code == "B"
    result = score(RULES[2566], tools("90.00", "80.00", "70.00"))
    assert result.level.label_th == "ต้องปรับปรุง"
    assert result.passed is False


# --- missing indicators and published tool scores -------------------------------------------


def _without(indicators: dict[int, Decimal], *numbers: int) -> dict[int, Decimal]:
    return {k: v for k, v in indicators.items() if k not in numbers}


def test_missing_indicator_makes_tool_and_total_unknown():
    result = score(RULES[2565], _without(uniform("90.00"), 3))
    assert result.tool_scores == {"IIT": None, "EIT": D("90.00"), "OIT": D("90.00")}
    assert result.tool_sources == {"IIT": None, "EIT": "indicators", "OIT": "indicators"}
    assert result.total is None
    assert result.level is None
    assert result.passed is None
    assert not result.total_mismatch and not result.level_mismatch


def test_missing_indicator_value_none_counts_as_missing():
    indicators = {**uniform("90.00"), 10: None}
    result = score(RULES[2566], indicators)
    assert result.tool_scores["OIT"] is None
    assert result.total is None


def test_missing_indicator_uses_published_tool_score():
    # IIT from the published 80.00; EIT 90, OIT 90 from indicators:
    # 0.3*80 + 0.3*90 + 0.4*90 = 24 + 27 + 36 = 87.00 -> A
    result = score(RULES[2565], _without(uniform("90.00"), 3), published_tools={"IIT": D("80.00")})
    assert result.tool_scores == {"IIT": D("80.00"), "EIT": D("90.00"), "OIT": D("90.00")}
    assert result.tool_sources == {"IIT": "published", "EIT": "indicators", "OIT": "indicators"}
    assert result.total == D("87.00")
    assert result.level.code == "A"
    assert result.passed is True


def test_complete_indicators_win_over_published_tool_score():
    # Published IIT 90.01 vs computed 90.00: within 0.01, no mismatch.
    result = score(RULES[2565], uniform("90.00"), published_tools={"IIT": D("90.01")})
    assert result.tool_sources["IIT"] == "indicators"
    assert result.tool_scores["IIT"] == D("90.00")
    assert result.tool_mismatches == []
    # Published IIT 90.02: off by 0.02 > 0.01 -> mismatch, the computed value is kept.
    result = score(RULES[2565], uniform("90.00"), published_tools={"IIT": D("90.02")})
    assert result.tool_scores["IIT"] == D("90.00")
    assert result.tool_mismatches == ["IIT"]
    assert result.total == D("90.00")
    assert len(result.problems) == 1
    th, en = result.problems[0]
    assert THAI.search(th) and "IIT" in th
    assert "IIT" in en and not THAI.search(en)


def test_missing_indicator_with_published_total_grades_that_total():
    result = score(RULES[2565], _without(uniform("90.00"), 10), total_published=D("88.50"))
    assert result.total is None
    assert result.level.code == "A"
    assert result.passed is True
    assert not result.total_mismatch


def test_partly_known_tools_decide_pass5_level_when_all_values_agree():
    # IIT unknown; EIT 80 is below 85, so neither ผ่านดีเยี่ยม nor ผ่านดี is possible; the
    # published total 90 >= 85 leaves only ผ่าน.
    indicators = _without(tools("90.00", "80.00", "100.00"), 3)
    result = score(RULES[2566], indicators, total_published=D("90.00"))
    assert result.total is None
    assert result.level.code == "PASS"
    assert result.passed is True
    # EIT 90 and OIT 90 known, IIT unknown, total 90: ผ่านดี if IIT >= 85, else ผ่าน: undecided.
    indicators = _without(tools("90.00", "90.00", "90.00"), 3)
    result = score(RULES[2566], indicators, total_published=D("90.00"))
    assert result.level is None
    assert result.passed is True


# --- rows with the total and level only -----------------------------------------------------


def test_aaf_total_only_gives_computed_level():
    result = score(RULES[2563], total_published=D("88.5"))
    assert result.total is None
    assert result.level.code == "A"  # 85 <= 88.5 < 95
    assert result.passed is True
    assert result.tool_scores == {"IIT": None, "EIT": None, "OIT": None}


def test_pass5_total_90_with_published_good_is_undecidable_without_mismatch():
    # 90 >= 85: ผ่านดี or ผ่าน depending on the unknown tools.
    result = score(RULES[2566], total_published=D("90"), level_published="ผ่านดี")
    assert result.level is None
    assert result.level_mismatch is False
    assert result.total_mismatch is False
    assert result.problems == []
    assert result.passed is True
    result = score(RULES[2566], total_published=D("90"), level_published="ผ่าน")
    assert result.level is None and result.level_mismatch is False


def test_pass5_total_90_with_published_excellent_is_a_mismatch():
    # ผ่านดีเยี่ยม needs a total >= 95.
    result = score(RULES[2567], total_published=D("90"), level_published="ผ่านดีเยี่ยม")
    assert result.level is None
    assert result.level_mismatch is True
    assert len(result.problems) == 1
    th, en = result.problems[0]
    assert THAI.search(th)
    assert "impossible" in en and not THAI.search(en)


def test_pass5_total_96_with_published_excellent_is_possible():
    result = score(RULES[2568], total_published=D("96.00"), level_published="ผ่านดีเยี่ยม")
    assert result.level is None  # ผ่านดีเยี่ยม, ผ่านดี or ผ่าน, depending on the tools
    assert result.level_mismatch is False


@pytest.mark.parametrize(
    ("total", "code"),
    [("80", "IMPROVE"), ("70.00", "IMPROVE"), ("69.99", "URGENT"), ("84.99", "IMPROVE")],
)
def test_pass5_total_only_below_85_is_decided(total, code):
    result = score(RULES[2566], total_published=D(total))
    assert result.level is not None
    assert result.level.code == code
    assert result.level.label_th == PASS5_TH[code]
    assert result.passed is False


def test_level_only_decides_passed():
    assert score(RULES[2565], level_published="B").passed is False
    assert score(RULES[2565], level_published="A").passed is True
    assert score(RULES[2566], level_published="ผ่าน").passed is True
    assert score(RULES[2566], level_published="ต้องปรับปรุง").passed is False


# --- checks against published figures ------------------------------------------------------


def test_published_total_off_by_more_than_001_is_a_mismatch():
    result = score(RULES[2565], uniform("90.00"), total_published=D("90.02"))
    assert result.total == D("90.00")
    assert result.total_mismatch is True
    assert len(result.problems) == 1
    th, en = result.problems[0]
    assert THAI.search(th) and "90.02" in th and "90.00" in th
    assert en.startswith("Published total") and "90.02" in en and "90.00" in en
    assert not THAI.search(en)
    result = score(RULES[2565], uniform("90.00"), total_published=D("89.98"))
    assert result.total_mismatch is True


@pytest.mark.parametrize("published", ["90.01", "89.99", "90.00"])
def test_published_total_within_001_is_not_a_mismatch(published):
    result = score(RULES[2565], uniform("90.00"), total_published=D(published))
    assert result.total_mismatch is False
    assert result.problems == []
    assert result.total == D("90.00")  # the computed value, not the published one


def test_published_level_differing_from_computed_is_a_mismatch():
    result = score(RULES[2565], uniform("90.00"), level_published="AA")
    assert result.level.code == "A"
    assert result.level_mismatch is True
    th, en = result.problems[0]
    assert THAI.search(th) and not THAI.search(en) and "AA" in en
    result = score(RULES[2566], uniform("90.00"), level_published="ผ่าน")
    assert result.level.code == "GOOD"
    assert result.level_mismatch is True


@pytest.mark.parametrize("label", ["ผ่านดี", " ผ่านดี ", "GOOD", "good", "Pass – good"])
def test_published_level_matching_computed(label):
    result = score(RULES[2566], uniform("90.00"), level_published=label)
    assert result.level.code == "GOOD"
    assert result.level_mismatch is False
    assert result.problems == []


@pytest.mark.parametrize(("year", "label"), [(2565, "Z"), (2565, "ผ่านดี"), (2566, "AA")])
def test_unknown_level_label_is_a_mismatch(year, label):
    result = score(RULES[year], uniform("90.00"), level_published=label)
    assert result.level_mismatch is True
    th, en = result.problems[0]
    assert label.strip() in th and THAI.search(th)
    assert str(year) in en and "not a level" in en
    # also without any computed level
    result = score(RULES[year], total_published=D("90"), level_published=label)
    assert result.level_mismatch is True


# --- pass -----------------------------------------------------------------------------------


@pytest.mark.parametrize("year", AAF_YEARS + PASS5_YEARS)
@pytest.mark.parametrize(("total", "passed"), [("85.00", True), ("84.99", False), ("99", True)])
def test_passed_is_total_at_least_85(year, total, passed):
    assert score(RULES[year], uniform(total)).passed is passed
    assert score(RULES[year], total_published=D(total)).passed is passed


# --- 2569: no scheme, no tools --------------------------------------------------------------


def test_2569_keeps_published_total_only():
    rules = RULES[2569]
    assert rules.scheme is None
    assert rules.levels == ()
    assert dict(rules.tool_weights) == {}
    result = score(rules, total_published=D("86.00"), level_published="ผ่าน")
    assert result.total is None
    assert result.level is None
    assert result.passed is True
    assert not result.level_mismatch and not result.total_mismatch
    assert score(rules, total_published=D("84.99")).passed is False
    assert score(rules, total_published=D("85.00")).passed is True
    assert score(rules).passed is None


# --- against a plain Fraction reference -------------------------------------------------------


def _reference_total(indicators: dict[int, Decimal]) -> tuple[dict[str, Decimal], Decimal]:
    """The methodology done the slow, obvious way: Fraction means, weights 0.3/0.3/0.4, round
    half-up once with Decimal on the exact value's decimal expansion to 30 places."""

    def half_up(x: Fraction) -> Decimal:
        scaled = x * 100
        units = scaled.numerator // scaled.denominator
        if (scaled - units) * 2 >= 1:
            units += 1
        return Decimal(units) / 100

    groups = {"IIT": range(1, 6), "EIT": range(6, 9), "OIT": range(9, 11)}
    means = {t: sum(Fraction(indicators[i]) for i in r) / len(r) for t, r in groups.items()}
    weights = {"IIT": Fraction(3, 10), "EIT": Fraction(3, 10), "OIT": Fraction(4, 10)}
    total = sum(weights[t] * means[t] for t in groups)
    return {t: half_up(m) for t, m in means.items()}, half_up(total)


@pytest.mark.parametrize("year", [2565, 2568])
def test_random_scores_match_the_fraction_reference(year):
    import random

    rng = random.Random(year)
    for _ in range(3000):
        values = {n: Decimal(rng.randint(0, 10000)) / 100 for n in range(1, 11)}
        if rng.random() < 0.2:  # many ties on the half: values in steps of 0.05
            values = {n: Decimal(rng.randint(0, 2000) * 5) / 100 for n in range(1, 11)}
        want_tools, want_total = _reference_total(values)
        got = score(RULES[year], values)
        assert got.total == want_total, values
        assert got.tool_scores == want_tools, values
