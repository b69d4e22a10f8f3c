"""Running imports and undo from the app: uploaded bytes go through the same framework as
`ita import`, with a progress bar."""

from __future__ import annotations

import hashlib
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from dashboard import paths
from dashboard.ingest.corrections import set_measure_indicators
from dashboard.ingest.framework import Outcome, run_import
from dashboard.ingest.problems import ImportRejected, Problem
from dashboard.ingest.undo import undo_batch

APP_USER = "dashboard"


@dataclass
class Check:
    outcome: Outcome | None  # None when the file was rejected
    problems: list[Problem]
    looks_like: str | None = None  # the kind a rejected file looks like, if another kind's


def _run(data: bytes, name: str, kind: str, **options) -> Outcome:
    with tempfile.TemporaryDirectory() as folder:
        file = Path(folder) / Path(name).name
        file.write_bytes(data)
        return run_import(
            kind, file, paths.resolve_db_path(), display_name=name, who=APP_USER, **options
        )


def check(data: bytes, name: str, kind: str, *, add_organisations: bool, replace: bool) -> Check:
    """Validate an uploaded file without changing anything (cached per file and options)."""
    key = (
        "import-check",
        hashlib.sha256(data).hexdigest(),
        name,
        kind,
        add_organisations,
        replace,
        paths.resolve_db_path().stat().st_mtime_ns if paths.resolve_db_path().exists() else 0,
    )
    if key not in st.session_state:
        try:
            outcome = _run(
                data, name, kind, dry_run=True, add_organisations=add_organisations, replace=replace
            )
            st.session_state[key] = Check(outcome, outcome.plan.problems)
        except ImportRejected as exc:
            st.session_state[key] = Check(None, exc.problems, exc.looks_like)
    return st.session_state[key]


def commit(
    data: bytes, name: str, kind: str, *, add_organisations: bool, replace: bool, label: str
) -> Outcome:
    """Import for real, showing progress; raises ImportRejected when the file cannot go in."""
    bar = st.progress(0.0, text=label)

    def progress(share: float, step: str) -> None:
        bar.progress(min(share, 1.0), text=f"{label} ({step})")

    outcome = _run(
        data, name, kind, add_organisations=add_organisations, replace=replace, progress=progress
    )
    bar.empty()
    return outcome


def correct_indicators(edited: dict[tuple[str, int, int], str]) -> int | None:
    """Store target indicators the user corrected in the preview, as an "app" batch.

    `edited` maps (org_code, fiscal_year, measure_no) to numbers written like "5;7".
    """
    targets = {}
    for key, text in edited.items():
        try:
            targets[key] = [int(p) for p in re.split(r"[;,\s]+", str(text or "")) if p]
        except ValueError:
            raise ValueError(f"{key}: '{text}'") from None
    return set_measure_indicators(paths.resolve_db_path(), targets, who=APP_USER)


def undo(batch_id: int):
    return undo_batch(paths.resolve_db_path(), batch_id, who=APP_USER)
