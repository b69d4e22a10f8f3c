"""Kind `scores`: ITA results, one row per organisation and fiscal year (CSV or XLSX).

Columns are found by header, Thai or English, in any order (see data/README.md, "Score files").
Organisations are matched by code, else by name + district + province with spelling tolerance.
Published tool scores, totals and levels are checked against the computed ones: a difference
over 0.01 or a different level is a warning, stored with the batch.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache, partial

from dashboard import db as dbmod
from dashboard.ingest.columns import INDICATOR_KEY, Column, Record, Table
from dashboard.ingest.framework import Change, Kind, Plan, log_and_delete
from dashboard.ingest.normalise import Invalid, parse_decimal, parse_year
from dashboard.ingest.orgs import OrgResolver, identity_columns, reporter
from dashboard.methodology import load_rules
from dashboard.scoring import Result, score

TOOLS = ("IIT", "EIT", "OIT")
_TOOL_ORDER = {tool: i for i, tool in enumerate(TOOLS)}
ZERO, HUNDRED = Decimal(0), Decimal(100)


# A national file repeats the same few thousand score texts: each is parsed once.
_score = lru_cache(maxsize=1 << 15)(partial(parse_decimal, low=ZERO, high=HUNDRED))


def _bad_score(problem, row_no: int, column: str, text: str, exc: Invalid) -> None:
    problem(row_no, column, text, f"คะแนน{exc.reason_th}", f"score {exc.reason_en}")


@dataclass
class Row:
    org_code: str
    fiscal_year: int
    record_row: int
    indicators: dict[int, Decimal] = field(default_factory=dict)
    tools: dict[str, Decimal] = field(default_factory=dict)
    total: Decimal | None = None
    level: str | None = None
    type_code: str | None = None
    result: Result | None = None  # scored while validating (None: the year has no rules yet)

    @property
    def key(self) -> tuple[str, int]:
        return (self.org_code, self.fiscal_year)

    def summary(self) -> str:
        parts = [f"{self.org_code} {self.fiscal_year}"]
        if self.indicators:
            parts.append(f"{len(self.indicators)} indicators")
        if self.tools:
            ordered = sorted(self.tools.items(), key=lambda tv: _TOOL_ORDER.get(tv[0], 99))
            parts.append(" ".join(f"{t}={v}" for t, v in ordered))
        if self.total is not None:
            parts.append(f"total={self.total}")
        if self.level:
            parts.append(f"level={self.level}")
        return ", ".join(parts)


@dataclass
class Staged:
    rows: list[Row] = field(default_factory=list)
    add: list[Row] = field(default_factory=list)
    change: list[Row] = field(default_factory=list)
    new_years: list[int] = field(default_factory=list)
    resolver: OrgResolver | None = None


def _keys(rows: list[Row]) -> dbmod.Columns:
    """The (organisation, fiscal year) keys of rows, as the relation `import_keys`."""
    return {"org_code": [r.org_code for r in rows], "fiscal_year": [r.fiscal_year for r in rows]}


def _stored_summary(stored: tuple) -> str:
    """A row of stored_scores.sql (read by position) as the import's summary of its scores."""
    org_code, fiscal_year, total, level, indicators, tools, type_code = stored
    row = Row(
        org_code,
        fiscal_year,
        0,
        dbmod.decode_pairs(indicators, int),
        dbmod.decode_pairs(tools),
        dbmod.decode_decimal(total),
        level,
        type_code,
    )
    return row.summary()


class ScoresKind(Kind):
    name = "scores"
    indicators = True
    columns = (
        Column(
            "org_code",
            ("รหัส อปท.", "รหัสอปท", "รหัสหน่วยงาน", "dla_code", "รหัส"),
            False,
            "รหัส อปท. (org_code)",
        ),
        Column(
            "org_name",
            ("ชื่อหน่วยงาน", "ชื่อ อปท.", "อปท.", "หน่วยงาน", "name_th", "ชื่อ"),
            False,
            "ชื่อหน่วยงาน (org_name)",
        ),
        Column(
            "org_type",
            ("ประเภท", "ประเภทหน่วยงาน", "ประเภท อปท.", "type_th"),
            False,
            "ประเภท (org_type)",
        ),
        Column("province", ("จังหวัด", "province_th"), False, "จังหวัด (province)"),
        Column("district", ("อำเภอ", "district_th"), False, "อำเภอ (district)"),
        Column(
            "fiscal_year",
            ("ปีงบประมาณ", "ปีงบประมาณ พ.ศ.", "ปี พ.ศ.", "year"),
            True,
            "ปีงบประมาณ (fiscal_year)",
        ),
        Column("iit", ("คะแนน IIT",), False, "IIT"),
        Column("eit", ("คะแนน EIT",), False, "EIT"),
        Column("oit", ("คะแนน OIT",), False, "OIT"),
        Column(
            "total",
            ("คะแนนรวม", "คะแนน ITA", "คะแนนรวม ITA", "ita_score"),
            False,
            "คะแนนรวม (total)",
        ),
        Column("level", ("ระดับ", "ระดับผลการประเมิน", "ผลการประเมิน"), False, "ระดับ (level)"),
    )
    ignore = ("ลำดับ", "ลำดับที่", "no", "ที่", "หมายเหตุ", "note")

    def prepare(self, db: dbmod.Db, table: Table, plan: Plan) -> Staged:
        rules = load_rules(db)
        allowed = set(rules) | {max(rules) + 1}
        resolver = OrgResolver(db, add_organisations=self.options.add_organisations)
        staged = Staged(resolver=resolver)
        seen: dict[tuple[str, int], int] = {}
        problem = reporter(table, plan)
        if not identity_columns(table, plan):
            return staged

        for record in table.records:
            row = self._row(record, table, problem, rules, allowed, resolver)
            if row is None:
                continue
            if row.key in seen:
                problem(
                    record.row,
                    "org_code" if "org_code" in table.headers else "org_name",
                    row.org_code,
                    f"หน่วยงานและปีงบประมาณซ้ำกับแถว {seen[row.key]}",
                    f"the same organisation and year as row {seen[row.key]}",
                )
                continue
            seen[row.key] = record.row
            staged.rows.append(row)

        plan.matches.extend(resolver.matches)
        self._compare(db, staged, plan, problem)
        staged.new_years = sorted({r.fiscal_year for r in staged.rows} - set(rules))
        return staged

    def _row(
        self, record: Record, table: Table, problem, rules, allowed, resolver: OrgResolver
    ) -> Row | None:
        cells = record.cells
        ok = True
        year_text = cells.get("fiscal_year")
        year = None
        if not year_text:
            problem(record.row, "fiscal_year", None, "ไม่มีปีงบประมาณ", "the fiscal year is empty")
            ok = False
        else:
            try:
                year = parse_year(year_text, allowed)
            except Invalid as exc:
                problem(record.row, "fiscal_year", year_text, exc.reason_th, exc.reason_en)
                ok = False
        type_text = cells.get("org_type")
        type_code = resolver.type_of(type_text) if type_text else None
        if type_text and type_code is None:
            problem(
                record.row,
                "org_type",
                type_text,
                "ไม่รู้จักประเภทหน่วยงานนี้",
                "unknown organisation type",
            )
            ok = False
        org_code = resolver.resolve(
            record.row,
            code=cells.get("org_code"),
            name=cells.get("org_name"),
            district=cells.get("district"),
            province=cells.get("province"),
            type_code=type_code,
            report=problem,
            column="org_code" if "org_code" in table.headers else "org_name",
        )
        if org_code is None:
            ok = False
        year_rules = rules.get(year) if year else None
        row = Row(org_code or "?", year or 0, record.row, type_code=type_code)

        known = year_rules.indicator_tools if year_rules is not None else {}
        for number, text in sorted(record.indicators.items()):
            if text is None:
                continue
            if year and number not in known:
                problem(
                    record.row,
                    f"{INDICATOR_KEY}{number}",
                    text,
                    f"ปีงบประมาณ {year} ไม่มีตัวชี้วัดที่ {number}",
                    f"fiscal year {year} has no indicator {number}",
                )
                ok = False
                continue
            try:
                row.indicators[number] = _score(text)
            except Invalid as exc:
                _bad_score(problem, record.row, f"{INDICATOR_KEY}{number}", text, exc)
                ok = False
        for tool in TOOLS:
            text = cells.get(tool.lower())
            if text is None:
                continue
            if year and (year_rules is None or tool not in year_rules.tool_weights):
                problem(
                    record.row,
                    tool.lower(),
                    text,
                    f"ปีงบประมาณ {year} ไม่มีเครื่องมือ {tool}",
                    f"fiscal year {year} has no tool {tool}",
                )
                ok = False
                continue
            ok &= self._number(record.row, tool.lower(), text, problem, row.tools, tool)
        if cells.get("total") is not None:
            holder: dict[str, Decimal] = {}
            ok &= self._number(record.row, "total", cells["total"], problem, holder, "total")
            row.total = holder.get("total")
        level_text = cells.get("level")
        if level_text and year_rules is not None and year_rules.levels:
            level = year_rules.find_level(level_text)
            if level is None:
                labels = ", ".join(lv.label_th for lv in year_rules.levels)
                problem(
                    record.row,
                    "level",
                    level_text,
                    f"ไม่มีระดับนี้ในเกณฑ์ของปี {year} ({labels})",
                    f"not a level of fiscal year {year} ({labels})",
                )
                ok = False
            else:
                row.level = level.label_th
        elif level_text:
            row.level = level_text
        given = any(v is not None for v in record.indicators.values()) or any(
            cells.get(k) for k in ("iit", "eit", "oit", "total", "level")
        )
        if not given:
            problem(record.row, "fiscal_year", year_text, "แถวนี้ไม่มีคะแนน", "the row holds no score")
            ok = False
        if not ok or year_rules is None:
            return row if ok else None
        row.result = score(year_rules, row.indicators, row.tools, row.total, row.level)
        for th, en in row.result.problems:
            problem(record.row, "total", None, th, en, "warning")
        return row

    def years(self, staged: Staged) -> set[int]:
        return {r.fiscal_year for r in staged.add + staged.change}

    def scored(self, staged: Staged) -> dict[tuple[str, int], Result]:
        return {r.key: r.result for r in staged.add + staged.change if r.result is not None}

    @staticmethod
    def _number(row_no, column, text, problem, target, key) -> bool:
        try:
            target[key] = _score(text)
        except Invalid as exc:
            _bad_score(problem, row_no, column, text, exc)
            return False
        return True

    def _compare(self, db: dbmod.Db, staged: Staged, plan: Plan, problem) -> None:
        if not staged.rows:
            return
        with db.registered("import_keys", _keys(staged.rows)):
            # read by position (dicts of a national year cost 10 ms): see _stored_summary
            stored = {(s[0], s[1]): s for s in db.tuples("stored_scores")}
        registry = staged.resolver.index.by_code  # the registry the resolver already read
        for row in staged.rows:
            old = stored.get(row.key)
            if old is None:
                staged.add.append(row)
                plan.added.append(Change(row.key, row.record_row, row.summary))
                continue
            current = registry.get(row.org_code)
            _, _, total, level, indicators, tools, type_code = old
            stored_type = type_code or (current["type_code"] if current else None)
            same = (
                dbmod.decode_pairs(indicators, int) == row.indicators
                and dbmod.decode_pairs(tools) == row.tools
                and dbmod.decode_decimal(total) == row.total
                and (level or None) == row.level
                and (row.type_code is None or row.type_code == stored_type)
            )
            if same:
                plan.unchanged += 1
            elif self.options.replace:
                staged.change.append(row)
                plan.changed.append(
                    Change(row.key, row.record_row, row.summary, partial(_stored_summary, old))
                )
            else:
                problem(
                    row.record_row,
                    "fiscal_year",
                    str(row.fiscal_year),
                    f"มีคะแนนของหน่วยงานและปีนี้อยู่แล้วแต่ต่างกัน ({_stored_summary(old)}) "
                    "ใช้ --replace เพื่อแทนที่",
                    f"scores for this organisation and year are stored with different "
                    f"values ({_stored_summary(old)}); use --replace to replace them",
                )

    def apply(self, db: dbmod.Db, staged: Staged, plan: Plan, batch_id: int) -> list[str]:
        for year in staged.new_years:
            db.execute(
                "insert into core.method_years "
                "select $year, null, pass_threshold, target_pass_rate, "
                "'ยังไม่มีเกณฑ์ (เพิ่มโดยการนำเข้า)', 'No methodology yet (added by an import)' "
                "from core.method_years where fiscal_year = (select max(fiscal_year) "
                "from core.method_years)",
                {"year": year},
            )
        staged.resolver.store_new(db, batch_id)
        if staged.change:
            with db.registered("import_keys", _keys(staged.change)):
                for table in (
                    "core.indicator_scores",
                    "core.tool_scores_published",
                    "core.assessments",
                ):
                    log_and_delete(db, batch_id, table, "import_keys", ["org_code", "fiscal_year"])
        rows = staged.add + staged.change

        # Built column by column, numbers as text (cast exactly by the insert): 80,000 indicator
        # scores of a national file in a fraction of what a list of dicts takes.
        def columns(of: list[Row], **values: list) -> dbmod.Columns:
            return {**_keys(of), **values, "batch_id": batch_id}

        typed = [r for r in rows if r.type_code]
        if typed:
            # A type given for a year replaces the one stored for that year (kept for undo).
            with db.registered("import_keys", _keys(typed)):
                log_and_delete(
                    db, batch_id, "core.org_type_years", "import_keys", ["org_code", "fiscal_year"]
                )
            db.insert_df(
                "core.org_type_years", columns(typed, type_code=[r.type_code for r in typed])
            )
        db.insert_df(
            "core.assessments",
            columns(
                rows,
                total_published=[None if r.total is None else str(r.total) for r in rows],
                level_published=[r.level for r in rows],
            ),
        )
        for table, scores, key in (
            ("core.indicator_scores", "indicators", "indicator"),
            ("core.tool_scores_published", "tools", "tool"),
        ):
            pairs = (
                (r.org_code, r.fiscal_year, k, str(v))
                for r in rows
                for k, v in getattr(r, scores).items()
            )
            names = ["org_code", "fiscal_year", key, "score"]
            db.insert_df(table, {**dbmod.rows_as_columns(pairs, names), "batch_id": batch_id})
        return sorted({(r.org_code, r.fiscal_year) for r in rows})
