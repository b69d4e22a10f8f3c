"""The methodology of every fiscal year, read from the database's `method_*` tables.

The rules themselves are data (data/methodology/*.csv); this module only turns the stored rows
into `scoring.YearRules` objects. Scores and thresholds are points on a 0-100 scale.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any, Protocol

from dashboard.scoring import Level, YearRules


class _Records(Protocol):
    def records(self, name: str, **params: Any) -> list[dict[str, Any]]: ...


def _dec(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def build_rules(
    years: Iterable[Mapping[str, Any]],
    tools: Iterable[Mapping[str, Any]],
    indicators: Iterable[Mapping[str, Any]],
    levels: Iterable[Mapping[str, Any]],
) -> dict[int, YearRules]:
    """Assemble YearRules per fiscal year from rows shaped like the method_* queries."""
    tools_by_year: dict[int, dict[str, Decimal]] = {}
    for row in sorted(tools, key=lambda r: (r["fiscal_year"], r["sort_order"])):
        tools_by_year.setdefault(int(row["fiscal_year"]), {})[row["tool"]] = _dec(row["weight"])
    inds_by_year: dict[int, dict[int, str]] = {}
    for row in indicators:
        inds_by_year.setdefault(int(row["fiscal_year"]), {})[int(row["indicator"])] = row["tool"]
    levels_by_scheme: dict[str, list[Level]] = {}
    for row in levels:
        levels_by_scheme.setdefault(row["scheme"], []).append(
            Level(
                code=row["level_code"],
                label_th=row["label_th"],
                label_en=row["label_en"],
                order=int(row["level_order"]),
                min_total=_dec(row["min_total"]),
                min_each_tool=_dec(row["min_each_tool"]),
                passed=bool(row["passed"]),
                color=row["color"],
            )
        )
    rules: dict[int, YearRules] = {}
    for row in years:
        year = int(row["fiscal_year"])
        scheme = row["scheme"] or None
        rules[year] = YearRules(
            fiscal_year=year,
            pass_threshold=_dec(row["pass_threshold"]),
            scheme=scheme,
            tool_weights=tools_by_year.get(year, {}),
            indicator_tools=inds_by_year.get(year, {}),
            levels=tuple(sorted(levels_by_scheme.get(scheme, []), key=lambda lv: lv.order))
            if scheme
            else (),
        )
    return rules


def load_rules(db: _Records) -> dict[int, YearRules]:
    """YearRules for every fiscal year stored in the database."""
    return build_rules(
        db.records("method_years"),
        db.records("method_tools"),
        db.records("method_indicators"),
        db.records("method_levels"),
    )
