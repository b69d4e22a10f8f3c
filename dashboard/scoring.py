"""The ITA scoring engine: tool scores, totals, levels and pass, driven by the year's rules.

Pure: no database, no streamlit. Scores are points on a 0-100 scale.

The method (see data/README.md and ../shared/reference/ita-methodology.md):

* a tool's score is the mean of its indicators; it is unknown unless all its indicators are
  present, or a published tool score is given (then that is used);
* the total is the weighted sum of the **unrounded** tool means, rounded once, half-up, to
  2 decimals; it is unknown unless every tool is known;
* tool scores shown, and used in per-tool level conditions, are rounded half-up to 2 decimals;
* the level is graded on the rounded values by the year's scheme, best level first: the first
  level whose minimum total (and minimum for every tool, where it has one) is met;
* where some tool is unknown, the level is what every possible value of that tool agrees on
  (e.g. a total under 85 is "ต้องปรับปรุง" whatever the tools), else unknown; a published level
  is then checked against the levels the total allows;
* pass: total >= the year's pass threshold.

Exact arithmetic: indicator scores are added as Decimals in a context wide enough that the sum
is exact; means and weighted sums are kept as exact integer ratios and rounded with integers;
results are Decimal with 2 places.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Context, Decimal
from fractions import Fraction
from functools import cached_property, reduce

CENT = Decimal("0.01")
TOLERANCE = Decimal("0.01")  # a published value may differ from the computed one by this much
# Sums of indicator scores are exact in this context (any input of up to 1,000 digits).
_EXACT = Context(prec=1000)


@dataclass(frozen=True)
class Level:
    code: str
    label_th: str
    label_en: str
    order: int  # 1 = best
    min_total: Decimal
    min_each_tool: Decimal | None
    passed: bool
    color: str

    def matches(self, label: str) -> bool:
        wanted = " ".join(label.split()).casefold()
        return wanted in {self.code.casefold(), self.label_th.casefold(), self.label_en.casefold()}


@dataclass(frozen=True)
class YearRules:
    """The methodology of one fiscal year (BE)."""

    fiscal_year: int
    pass_threshold: Decimal
    scheme: str | None
    tool_weights: Mapping[str, Decimal]  # tool -> share of the total (0-1), in display order
    indicator_tools: Mapping[int, str]  # indicator number -> tool
    levels: tuple[Level, ...] = ()  # best first

    @cached_property
    def _members(self) -> dict[str, tuple[int, ...]]:
        return {
            tool: tuple(sorted(i for i, t in self.indicator_tools.items() if t == tool))
            for tool in {*self.tool_weights, *self.indicator_tools.values()}
        }

    @cached_property
    def exact_weights(self) -> dict[str, Fraction]:
        """Tool weights as exact fractions, in display order."""
        return {tool: Fraction(w) for tool, w in self.tool_weights.items()}

    def indicators_of(self, tool: str) -> list[int]:
        return list(self._members.get(tool, ()))

    def indicator_weight(self, indicator: int) -> Fraction:
        """Share of the total carried by one indicator (e.g. 0.06 for indicators 1-5)."""
        tool = self.indicator_tools[indicator]
        return self.exact_weights[tool] / len(self._members[tool])

    @cached_property
    def _found_levels(self) -> dict[str, Level | None]:
        return {}

    def find_level(self, label: str | None) -> Level | None:
        if not label:
            return None
        found = self._found_levels
        if label not in found:
            found[label] = next((lv for lv in self.levels if lv.matches(label)), None)
        return found[label]


@dataclass
class Result:
    tool_scores: dict[str, Decimal | None]  # rounded, 2 decimals
    tool_sources: dict[str, str | None]  # "indicators" | "published" | None
    total: Decimal | None  # computed; None when some tool is unknown
    level: Level | None  # computed; None when it cannot be decided
    passed: bool | None
    total_mismatch: bool = False
    level_mismatch: bool = False
    tool_mismatches: list[str] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)  # (Thai, English)


# An exact rational as (numerator, denominator), denominator > 0, not necessarily reduced:
# cheaper than Fraction for the few operations scoring needs.
Ratio = tuple[int, int]


def _round_ratio(num: int, den: int) -> Decimal:
    """num/den rounded half-up (away from zero) to 2 decimals, in integers."""
    units = (abs(num) * 200 + den) // (2 * den)  # floor(|x| * 100 + 1/2)
    return Decimal(-units if num < 0 else units).scaleb(-2)  # exact: units hundredths


def round2(value: Fraction | Decimal | int) -> Decimal:
    """Round half-up to 2 decimals, exactly (no binary floating point)."""
    if isinstance(value, Fraction):
        return _round_ratio(value.numerator, value.denominator)
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def tool_values(
    rules: YearRules,
    indicators: Mapping[int, Decimal],
    published_tools: Mapping[str, Decimal] | None = None,
) -> tuple[dict[str, Ratio | None], dict[str, str | None]]:
    """Unrounded tool means as exact ratios, and where each came from."""
    published_tools = published_tools or {}
    values: dict[str, Ratio | None] = {}
    sources: dict[str, str | None] = {}
    for tool in rules.tool_weights:
        members = rules._members.get(tool, ())
        # `is not None`, not `in`: Decimal == None goes through an abstract-class check.
        scores = [v for i in members if (v := indicators.get(i)) is not None]
        if members and len(scores) == len(members):
            num, den = reduce(_EXACT.add, scores, Decimal(0)).as_integer_ratio()
            values[tool] = (num, den * len(members))
            sources[tool] = "indicators"
        elif published_tools.get(tool) is not None:
            values[tool] = Decimal(published_tools[tool]).as_integer_ratio()
            sources[tool] = "published"
        else:
            values[tool] = None
            sources[tool] = None
    return values, sources


def total_of(rules: YearRules, values: Mapping[str, Ratio | None]) -> Decimal | None:
    """Weighted sum of the unrounded tool values, rounded once; None if any tool is unknown."""
    if not rules.tool_weights:
        return None
    num, den = 0, 1
    for tool, weight in rules.exact_weights.items():
        value = values.get(tool)
        if value is None:
            return None
        value_num, value_den = value
        term_num = weight.numerator * value_num
        term_den = weight.denominator * value_den
        num, den = num * term_den + term_num * den, den * term_den
    return _round_ratio(num, den)


def possible_levels(
    rules: YearRules, total: Decimal, tools: Mapping[str, Decimal | None]
) -> list[Level]:
    """Levels consistent with a rounded total and rounded tool scores (None = unknown)."""
    found: list[Level] = []
    known = [v for t in rules.tool_weights if (v := tools.get(t)) is not None]
    every_tool_known = len(known) == len(rules.tool_weights)
    for level in rules.levels:
        if total < level.min_total:
            continue
        if level.min_each_tool is None:
            found.append(level)
            break
        if any(v < level.min_each_tool for v in known):
            continue
        found.append(level)
        if every_tool_known:
            break
    return found


def grade(
    rules: YearRules, total: Decimal | None, tools: Mapping[str, Decimal | None]
) -> Level | None:
    """The level for a rounded total and rounded tool scores, or None if undecidable."""
    if total is None or not rules.levels:
        return None
    candidates = possible_levels(rules, total, tools)
    return candidates[0] if len(candidates) == 1 else None


def score(
    rules: YearRules,
    indicators: Mapping[int, Decimal] | None = None,
    published_tools: Mapping[str, Decimal] | None = None,
    total_published: Decimal | None = None,
    level_published: str | None = None,
) -> Result:
    """Score one organisation-year and check the published figures against the computed ones."""
    indicators = indicators or {}
    published_tools = published_tools or {}
    values, sources = tool_values(rules, indicators, published_tools)
    rounded = {t: (_round_ratio(*v) if v is not None else None) for t, v in values.items()}
    total = total_of(rules, values)
    basis = total if total is not None else total_published
    level = grade(rules, basis, rounded)
    passed = None if basis is None else basis >= rules.pass_threshold
    result = Result(rounded, sources, total, level, passed)

    for tool, value in published_tools.items():
        if sources.get(tool) == "indicators" and abs(rounded[tool] - value) > TOLERANCE:
            result.tool_mismatches.append(tool)
            result.problems.append(
                (
                    f"คะแนน {tool} ที่ประกาศ ({value}) ต่างจากที่คำนวณได้ ({rounded[tool]})",
                    f"Published {tool} score {value} differs from the computed {rounded[tool]}",
                )
            )
    if (
        total is not None
        and total_published is not None
        and abs(total - total_published) > TOLERANCE
    ):
        result.total_mismatch = True
        result.problems.append(
            (
                f"คะแนนรวมที่ประกาศ ({total_published}) ต่างจากที่คำนวณได้ ({total})",
                f"Published total {total_published} differs from the computed {total}",
            )
        )
    if level_published and rules.levels:
        published = rules.find_level(level_published)
        if published is None:
            result.level_mismatch = True
            result.problems.append(
                (
                    f"ระดับที่ประกาศ '{level_published}' ไม่มีในเกณฑ์ของปี {rules.fiscal_year}",
                    f"Published level '{level_published}' is not a level of {rules.fiscal_year}",
                )
            )
        elif level is not None and published != level:
            result.level_mismatch = True
            result.problems.append(
                (
                    f"ระดับที่ประกาศ ({published.label_th}) ต่างจากที่คำนวณได้ ({level.label_th})",
                    f"Published level {published.label_en} differs from the computed "
                    f"{level.label_en}",
                )
            )
        elif level is None and basis is not None:
            allowed = possible_levels(rules, basis, rounded)
            if published not in allowed:
                result.level_mismatch = True
                result.problems.append(
                    (
                        f"ระดับที่ประกาศ ({published.label_th}) เป็นไปไม่ได้กับคะแนนรวม {basis}",
                        f"Published level {published.label_en} is impossible with a total of "
                        f"{basis}",
                    )
                )
        if passed is None:
            result.passed = published.passed if published else None
    return result
