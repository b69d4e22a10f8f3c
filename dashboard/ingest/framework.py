"""The import framework every kind of file goes through.

read -> normalise -> validate -> stage -> commit. Every problem is collected (file, row, column,
value, reason in Thai and English). The change is made in one writer transaction
(`dashboard.db.write`): the file goes in whole or the database stays exactly as it was. Rows
whose values are already stored are skipped; a file that adds nothing is "already imported" and
makes no batch. Rows for a key holding different values are rejected unless `replace`; each
replaced row is kept whole in `core.replaced_rows`, so `undo` restores it.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib
import os
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, ClassVar, Literal

from dashboard import db as dbmod
from dashboard import score_store
from dashboard.i18n import translate
from dashboard.ingest.columns import HEADER_SCAN_ROWS, Column, Table, map_columns
from dashboard.ingest.problems import ImportRejected, Problem, errors
from dashboard.ingest.reading import Sheet, read_bytes
from dashboard.scoring import Result

Progress = Callable[[float, str], None]


@dataclass
class Change:
    key: tuple  # e.g. (org_code,) or (org_code, fiscal_year)
    row: int  # the file row it comes from
    # What the row says, in short, and what is stored now (changes only): text, or a function
    # that writes it when asked (a national file adds thousands of rows nobody lists).
    says: str | Callable[[], str]
    stored: str | Callable[[], str] | None = None

    @property
    def summary(self) -> str:
        return self.says() if callable(self.says) else self.says

    @property
    def old(self) -> str | None:
        return self.stored() if callable(self.stored) else self.stored


@dataclass
class Plan:
    kind: str
    file_name: str
    sha256: str
    rows_read: int = 0
    added: list[Change] = field(default_factory=list)
    changed: list[Change] = field(default_factory=list)
    unchanged: int = 0
    problems: list[Problem] = field(default_factory=list)
    matches: list[str] = field(default_factory=list)  # fuzzy organisation matches to confirm
    preview: list[dict[str, Any]] = field(default_factory=list)  # what a kind found, to show

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]


@dataclass
class Outcome:
    status: Literal["imported", "already", "dry-run"]
    plan: Plan
    batch_id: int | None = None
    same_file_batch: int | None = None  # an earlier batch with byte-identical content


@dataclass
class Options:
    replace: bool = False
    add_organisations: bool = False


class Kind:
    """One kind of file: its columns, how rows are validated, compared and stored."""

    name: ClassVar[str]
    columns: ClassVar[Sequence[Column]]
    ignore: ClassVar[Sequence[str]] = ()
    indicators: ClassVar[bool] = False

    def __init__(self, options: Options) -> None:
        self.options = options

    def load(self, data: bytes, name: str) -> tuple[Table, list[Problem]]:
        """Read the file into a table of records. Kinds that read other forms override this."""
        sheet = read_bytes(data, name)
        try:
            table = map_columns(sheet, self.columns, indicators=self.indicators, ignore=self.ignore)
        except ImportRejected as exc:  # report the cells' problems too, not only the header's
            raise ImportRejected([*sheet.problems, *exc.problems]) from None
        return table, _name_columns(sheet, table)

    @classmethod
    def recognises(cls, data: bytes, name: str, sheet: Sheet | None) -> bool:
        """Whether the file is of this kind, to tell a user who chose another kind which one it
        looks like: a header row near the top holds every required column and no column this
        kind does not know (scores require only the fiscal year, so without the second rule
        they would claim every complaints or measures file too). `sheet` is the file read as a
        table, None when it cannot be; a kind that cannot tell says no."""
        if sheet is None:
            return False
        top = replace(
            sheet,
            rows=sheet.rows[:HEADER_SCAN_ROWS],
            row_numbers=sheet.row_numbers[:HEADER_SCAN_ROWS],
            problems=[],
        )  # only the header matters: the rows below are not mapped
        try:
            table = map_columns(top, cls.columns, indicators=cls.indicators, ignore=cls.ignore)
        except ImportRejected:
            return False
        return not table.ignored_headers

    def prepare(self, db: dbmod.Db, table: Table, plan: Plan) -> Any:
        """Validate the rows; return what `apply` needs. Problems go to plan.problems."""
        raise NotImplementedError

    def apply(self, db: dbmod.Db, staged: Any, plan: Plan, batch_id: int) -> list[str]:
        """Store the staged rows; return the (organisation code, fiscal year) pairs whose scores
        need refreshing."""
        raise NotImplementedError

    def years(self, staged: Any) -> set[int] | None:
        """The fiscal years whose rows `apply` changes, when it changes no other (organisations
        it adds are new, so they have rows in no other year); None when it may change any year
        (then the derived tables are rebuilt whole, see dashboard/derived.py)."""
        return None

    def scored(self, staged: Any) -> Mapping[tuple[str, int], Result]:
        """Scoring results already computed while validating, by (organisation, year): the
        refresh after `apply` does not score those organisation-years again."""
        return {}


class _Stop(Exception):
    def __init__(self, outcome: Outcome) -> None:
        self.outcome = outcome


# Each kind's module and class, imported when a file of that kind is imported (one command
# then loads only what it needs: the score importer runs without pandas).
_KIND_CLASSES = {
    "registry": ("dashboard.ingest.registry", "RegistryKind"),
    "scores": ("dashboard.ingest.scores", "ScoresKind"),
    "measures": ("dashboard.ingest.measures", "MeasuresKind"),
    "complaints": ("dashboard.ingest.complaints", "ComplaintsKind"),
}
KINDS = tuple(_KIND_CLASSES)


def _kind(name: str) -> type[Kind]:
    if name not in _KIND_CLASSES:
        raise ValueError(f"unknown kind {name!r}; expected one of {sorted(KINDS)}")
    module, cls = _KIND_CLASSES[name]
    return getattr(importlib.import_module(module), cls)


def log_and_delete(
    db: dbmod.Db, batch_id: int, table: str, keys: str, key_cols: Sequence[str]
) -> None:
    """Keep the rows of `table` that match the registered relation `keys` on `key_cols` in
    core.replaced_rows (whole, as JSON), then delete them."""
    on = " and ".join(f"t.{c} = k.{c}" for c in key_cols)
    db.execute(
        f"insert into core.replaced_rows "
        f"select $batch, '{table}', t.org_code, to_json(t)::varchar "
        f"from {table} as t semi join {keys} as k on {on}",
        {"batch": batch_id},
    )
    db.execute(f"delete from {table} as t using {keys} as k where {on}")


def run_import(
    kind: str,
    path: Path | str,
    db_path: Path | str,
    *,
    dry_run: bool = False,
    replace: bool = False,
    add_organisations: bool = False,
    who: str | None = None,
    display_name: str | None = None,
    progress: Progress | None = None,
) -> Outcome:
    """Import one file. Raises ImportRejected (nothing changed) or DatabaseError."""
    report = progress or (lambda share, text: None)
    kind_class = _kind(kind)
    path = Path(path)
    name = display_name or path.name
    try:
        data = path.read_bytes()
    except OSError as exc:
        problem = Problem(
            name,
            None,
            None,
            None,
            f"อ่านไฟล์ไม่ได้: {exc.strerror}",
            f"cannot read the file: {exc.strerror}",
        )
        raise ImportRejected([problem]) from None
    sha = hashlib.sha256(data).hexdigest()
    report(0.05, "read")
    handler = kind_class(Options(replace=replace, add_organisations=add_organisations))
    try:
        table, read_problems = handler.load(data, name)
    except ImportRejected as exc:
        raise _with_kind_hint(exc, kind, data, name) from None
    plan = Plan(kind, name, sha, rows_read=len(table.records))
    plan.problems.extend(read_problems)
    for header in table.ignored_headers:
        plan.problems.append(
            Problem(
                name,
                table.header_row,
                header,
                None,
                "คอลัมน์นี้ไม่รู้จัก จึงไม่ได้นำเข้า",
                "unknown column, not imported",
                "warning",
            )
        )
    report(0.15, "validate")
    try:
        with dbmod.write(db_path) as db:
            staged = handler.prepare(db, table, plan)
            if errors(plan.problems):
                raise ImportRejected(plan.problems)
            same = db.rows(
                "select min(batch_id) from core.import_batches "
                "where sha256 = $sha and kind = $kind and undone_at is null",
                {"sha": sha, "kind": kind},
            )[0][0]
            if dry_run:
                raise _Stop(Outcome("dry-run", plan, same_file_batch=same))
            if not plan.added and not plan.changed:
                raise _Stop(Outcome("already", plan, same_file_batch=same))
            report(0.5, "store")
            batch = dbmod.new_batch(
                db,
                kind,
                row_count=len(plan.added) + len(plan.changed),
                file_name=name,
                sha256=sha,
                who=who or os.environ.get("USER"),
            )
            years = handler.years(staged)
            with db.within_years(years) if years is not None else contextlib.nullcontext():
                touched = handler.apply(db, staged, plan, batch)
                report(0.8, "score")
                if touched:
                    # The rows' own disagreements were reported, located, while validating.
                    score_store.refresh(
                        db,
                        sorted({o for o, _ in touched}),
                        sorted({y for _, y in touched}),
                        known=handler.scored(staged),
                    )
            _store_warnings(db, batch, plan.warnings)
            if db.meta("dataset_kind") == "empty":
                db.set_meta("dataset_kind", "imported")
            outcome = Outcome("imported", plan, batch_id=batch, same_file_batch=same)
    except _Stop as stop:
        return stop.outcome
    except ImportRejected as exc:
        raise _with_kind_hint(exc, kind, data, name) from None
    report(1.0, "done")
    return outcome


def _with_kind_hint(rejected: ImportRejected, kind: str, data: bytes, name: str) -> ImportRejected:
    """The rejection, led by a note naming the kind the file looks like when exactly one other
    kind recognises it (a measures report imported as scores is rejected for its header or its
    rows; the note says what to do instead). The other kinds are loaded only here, when a file
    is rejected."""
    try:
        sheet = read_bytes(data, name)
    except ImportRejected:
        sheet = None  # a DOCX, say: kinds that read other forms look at the bytes
    found = [k for k in KINDS if k != kind and _kind(k).recognises(data, name, sheet)]
    if len(found) != 1:
        return rejected
    (other,) = found
    # named as the app's kind selector names it
    title_th, title_en = (translate(f"import.kind.{other}", lang) for lang in ("th", "en"))
    hint = Problem(
        name,
        None,
        None,
        None,
        f"ไฟล์นี้ดูเหมือนไฟล์ชนิด {title_th} ({other}): เลือกชนิดไฟล์นั้นแล้วนำเข้าใหม่ (ita import {other})",
        f"this file looks like a {other} file: choose the kind {title_en} and import again "
        f"(ita import {other})",
    )
    return ImportRejected([hint, *rejected.problems], looks_like=other)


def _name_columns(sheet: Sheet, table: Table) -> list[Problem]:
    """The reader locates a cell by position (#3 in a text file, C in Excel); below the header,
    name its column by the header as written, like every other problem."""
    header = sheet.rows[sheet.row_numbers.index(table.header_row)]
    named = []
    for problem in sheet.problems:
        column = problem.column or ""
        position = None
        if re.fullmatch(r"#\d+", column):
            position = int(column[1:]) - 1
        elif re.fullmatch(r"[A-Z]{1,3}", column):
            from openpyxl.utils import column_index_from_string  # only for Excel positions

            position = column_index_from_string(column) - 1
        if (
            position is not None
            and problem.row is not None
            and problem.row > table.header_row
            and position < len(header)
            and header[position]
        ):
            problem = replace(problem, column=header[position])
        named.append(problem)
    return named


def _store_warnings(db: dbmod.Db, batch: int, warnings: list[Problem]) -> None:
    if not warnings:
        return
    db.insert_df(
        "core.batch_warnings",
        {
            "batch_id": batch,
            "row_no": [w.row for w in warnings],
            "column_name": [w.column for w in warnings],
            "message_th": [w.reason_th + (f" [{w.value}]" if w.value else "") for w in warnings],
            "message_en": [w.reason_en + (f" [{w.value}]" if w.value else "") for w in warnings],
        },
    )
