"""Which ITA indicators a measure targets, inferred from its title, else its method.

The rules are keywords in `data/indicator_keywords.csv` (documented in
`data/indicator_keywords.md`). Texts and keywords are compared compacted (report_parser.compact:
no spaces between Thai characters, Arabic digits, case folded), with the word มาตรการ taken out
of the text first (its final "การ" would otherwise start keywords such as "การให้บริการ").

A keyword found inside a longer keyword found at the same place does not count (ทุจริต inside
ป้องกันการทุจริต), so longer, more specific keywords win. Each indicator scores the sum of
weight × length of its distinct keywords found; the best score wins, and several indicators come
back only when they tie. A keyword of weight 0 scores nothing but still masks the shorter
keywords inside it (ปีงบประมาณ masks งบประมาณ).
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from dashboard.ingest.report_parser import compact
from dashboard.paths import DATA_DIR

KEYWORDS_FILE = DATA_DIR / "indicator_keywords.csv"
_MASKED_WORDS = ("มาตรการ",)


@dataclass(frozen=True)
class Rule:
    indicator: int
    keyword: str  # compacted
    weight: float


@lru_cache(maxsize=4)
def load_rules(path: Path | str | None = None) -> tuple[Rule, ...]:
    """The keyword rules, longest keyword first. Raises ValueError on a malformed file."""
    source = Path(path) if path is not None else KEYWORDS_FILE
    rules: list[Rule] = []
    with source.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames is None or not {"indicator", "keyword", "weight"} <= set(
            reader.fieldnames
        ):
            raise ValueError(f"{source.name}: the columns must be indicator,keyword,weight")
        for line, record in enumerate(reader, start=2):
            try:
                indicator = int(record["indicator"])
                weight = float(record["weight"])
            except (TypeError, ValueError):
                raise ValueError(f"{source.name} line {line}: bad indicator or weight") from None
            keyword = compact(record["keyword"])
            if not keyword or weight < 0 or not math.isfinite(weight):
                raise ValueError(f"{source.name} line {line}: empty keyword or bad weight")
            rules.append(Rule(indicator, keyword, weight))
    rules.sort(key=lambda r: len(r.keyword), reverse=True)
    return tuple(rules)


def _prepare(text: str | None) -> str:
    prepared = compact(text)
    for word in _MASKED_WORDS:
        prepared = prepared.replace(word, "|")
    return prepared


def matches(text: str | None, valid: set[int], rules: tuple[Rule, ...] | None = None):
    """The rules that count in `text`: [(rule, start)], a keyword inside a longer keyword found at
    the same place left out; rules of indicators outside `valid` are ignored entirely."""
    prepared = _prepare(text)
    if not prepared:
        return []
    found: list[tuple[Rule, int, int]] = []
    for rule in rules if rules is not None else load_rules():
        start = prepared.find(rule.keyword)
        while start >= 0:
            found.append((rule, start, start + len(rule.keyword)))
            start = prepared.find(rule.keyword, start + 1)
    kept = []
    for rule, start, end in found:
        inside = any(s <= start and end <= e and (e - s) > (end - start) for _r, s, e in found)
        if not inside and rule.indicator in valid:
            kept.append((rule, start))
    return kept


def scores(
    text: str | None, valid: set[int], rules: tuple[Rule, ...] | None = None
) -> dict[int, float]:
    """Each indicator's score in `text`: the sum of weight × length of its distinct keywords."""
    seen: set[tuple[int, str]] = set()
    result: dict[int, float] = {}
    for rule, _start in matches(text, valid, rules):
        if (rule.indicator, rule.keyword) in seen:
            continue
        seen.add((rule.indicator, rule.keyword))
        result[rule.indicator] = result.get(rule.indicator, 0.0) + rule.weight * len(rule.keyword)
    return {k: v for k, v in result.items() if v > 0}


def _best(points: dict[int, float]) -> list[int]:
    if not points:
        return []
    top = max(points.values())
    return sorted(k for k, v in points.items() if math.isclose(v, top))


def infer(
    title: str | None,
    method: str | None,
    valid: set[int],
    rules: tuple[Rule, ...] | None = None,
) -> tuple[list[int], str]:
    """(indicator numbers, source): the best-scoring indicators of the title ("title"); when the
    title matches nothing, of the method ("method"); else ([], "none"). Several numbers only on a
    tie. Only indicators in `valid` (those of the fiscal year) are considered."""
    for source, text in (("title", title), ("method", method)):
        best = _best(scores(text, valid, rules))
        if best:
            return best, source
    return [], "none"
