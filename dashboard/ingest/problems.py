"""Problems found in an imported file, each located (file, row, column) and explained in Thai
and English."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    file: str
    row: int | None  # as the user sees it: the line in a text editor, the row in Excel
    column: str | None  # the header as written in the file
    value: str | None
    reason_th: str
    reason_en: str
    severity: Severity = "error"

    def where(self) -> str:
        parts = [self.file]
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column '{self.column}'")
        return ", ".join(parts)

    def format(self) -> str:
        value = "" if self.value is None else f" [{_short(self.value)}]"
        label = "ERROR" if self.severity == "error" else "WARNING"
        return f"{label} {self.where()}{value}: {self.reason_th} / {self.reason_en}"


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


class ImportRejected(Exception):
    """The file cannot go in; nothing was changed. Carries every problem found, and the kind
    the file looks like when another kind recognises it (`looks_like`, else None)."""

    def __init__(self, problems: list[Problem], looks_like: str | None = None) -> None:
        self.problems = problems
        self.looks_like = looks_like
        super().__init__("\n".join(p.format() for p in problems))


def errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "error"]


def to_frame(problems: list[Problem], lang: str = "th"):
    """Problems as a table for display: severity, row, column, value, reason in `lang`."""
    import pandas as pd

    return pd.DataFrame(
        {
            "severity": [p.severity for p in problems],
            "row": pd.array([p.row for p in problems], dtype="Int64"),
            "column": [p.column for p in problems],
            "value": [p.value for p in problems],
            "reason": [p.reason_en if lang == "en" else p.reason_th for p in problems],
        }
    )
