"""Complaint statistics (ข้อมูลเชิงสถิติเรื่องร้องเรียน) behind the complaints page. Pure pandas:
no streamlit, no database.

Rules (data/README.md, "Reporting rounds"):

* round 6 covers October–March; round 12 is the whole fiscal year, **cumulative** (it already
  includes round 6). Nothing here adds the two rounds together: every figure belongs to one round;
* completion rate = completed / received, a share 0-1; it is ``None`` when nothing was received
  (shown as "—"), never 0 % or 100 %;
* an organisation without a row for a year and round *reported nothing* (status
  ``not_reported``); one with a row of 0 received *reported no complaints* (status ``zero``).
  The two are always counted and shown apart.

Frames are shaped like queries/complaint_rounds.sql, complaint_orgs.sql and org_complaints.sql.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

ROUNDS = (6, 12)
NOT_REPORTED = "not_reported"
ZERO = "zero"
REPORTED = "reported"
STATUSES = (REPORTED, ZERO, NOT_REPORTED)


def _count(value: object) -> int | None:
    """A count from a frame cell; None when missing (NULL, NaN, pd.NA)."""
    if value is None or pd.isna(value):
        return None
    return int(value)


def completion_rate(received: object, completed: object) -> float | None:
    """completed / received as a share 0-1; None when nothing (or nothing known) was received."""
    got, done = _count(received), _count(completed)
    if got is None or done is None or got == 0:
        return None
    return done / got


def status(reported: object, received: object) -> str:
    """``reported`` (some complaints), ``zero`` (reported none) or ``not_reported`` (no row)."""
    if reported is None or pd.isna(reported) or not bool(reported):
        return NOT_REPORTED
    return ZERO if _count(received) == 0 else REPORTED


def _numbers(column: pd.Series) -> np.ndarray:
    return pd.to_numeric(column, errors="coerce").to_numpy(dtype=float, na_value=np.nan)


def with_rates(frame: pd.DataFrame, suffix: str = "") -> pd.DataFrame:
    """A copy with ``completion_rate<suffix>`` (float, NaN where the rate is None) computed from
    ``received<suffix>`` and ``completed<suffix>``, as completion_rate() does row by row."""
    received = _numbers(frame[f"received{suffix}"])
    completed = _numbers(frame[f"completed{suffix}"])
    known = (received > 0) & ~np.isnan(completed)
    rates = np.divide(completed, received, out=np.full(len(frame), np.nan), where=known)
    return frame.assign(**{f"completion_rate{suffix}": pd.Series(rates, index=frame.index)})


def statuses(reported: pd.Series, received: pd.Series) -> pd.Series:
    """status() of every row: ``reported``, ``zero`` or ``not_reported``."""
    did = reported.to_numpy(dtype=bool, na_value=False)
    none = _numbers(received) == 0
    out = np.where(did, np.where(none, ZERO, REPORTED), NOT_REPORTED)
    return pd.Series(out, index=reported.index, dtype=object)


@dataclass(frozen=True)
class RoundSummary:
    """One round of one fiscal year for a peer group (or one organisation)."""

    fiscal_year: int
    round: int
    n_organisations: int
    n_reported: int
    n_reported_zero: int
    n_not_reported: int
    received: int | None  # None when nobody reported
    completed: int | None
    in_progress: int | None
    completion_rate: float | None  # None when nothing was received


def round_summary(rounds: pd.DataFrame, year: int, round_: int) -> RoundSummary | None:
    """The row of complaint_rounds for one year and round; None when the year has no data."""
    rows = rounds.loc[(rounds["fiscal_year"] == year) & (rounds["round"] == round_)]
    if rows.empty:
        return None
    row = rows.iloc[0]
    return RoundSummary(
        fiscal_year=int(year),
        round=int(round_),
        n_organisations=int(row["n_organisations"]),
        n_reported=int(row["n_reported"]),
        n_reported_zero=int(row["n_reported_zero"]),
        n_not_reported=int(row["n_not_reported"]),
        received=_count(row["received"]),
        completed=_count(row["completed"]),
        in_progress=_count(row["in_progress"]),
        completion_rate=completion_rate(row["received"], row["completed"]),
    )


def org_rounds_as_group(org_rounds: pd.DataFrame) -> pd.DataFrame:
    """org_complaints rows of one organisation shaped like complaint_rounds (one organisation in
    scope every year), so the same summaries and charts serve both views."""
    reported = org_rounds["reported"].astype(bool)
    received = org_rounds["received"]
    return pd.DataFrame(
        {
            "fiscal_year": org_rounds["fiscal_year"].astype(int),
            "round": org_rounds["round"].astype(int),
            "n_organisations": 1,
            "n_reported": reported.astype(int),
            "n_reported_zero": (reported & received.fillna(-1).eq(0)).astype(int),
            "n_not_reported": (~reported).astype(int),
            "received": received,
            "completed": org_rounds["completed"],
            "in_progress": org_rounds["in_progress"],
        }
    ).reset_index(drop=True)


def org_table(orgs: pd.DataFrame) -> pd.DataFrame:
    """complaint_orgs rows with, per round, a status (reported / zero / not_reported) and the
    completion rate. The rounds stay side by side; no column adds them."""
    out = orgs.copy()
    for r in ROUNDS:
        out = with_rates(out, f"_{r}")
        out[f"status_{r}"] = statuses(out[f"reported_{r}"], out[f"received_{r}"])
    return out


def not_reported(orgs: pd.DataFrame) -> pd.DataFrame:
    """Organisations of complaint_orgs that reported nothing for at least one round, with the
    rounds they left out (a list such as [6, 12])."""
    flags = np.column_stack(
        [orgs[f"reported_{r}"].to_numpy(dtype=bool, na_value=False) for r in ROUNDS]
    ).reshape(len(orgs), len(ROUNDS))
    silent = ~flags.all(axis=1)
    out = orgs.loc[silent].reset_index(drop=True)
    missing = [[r for r, did in zip(ROUNDS, row, strict=True) if not did] for row in flags[silent]]
    return out.assign(missing_rounds=pd.Series(missing, index=out.index, dtype="object"))


def reporting_split(rounds: pd.DataFrame, year: int) -> pd.DataFrame:
    """Organisations of complaint_rounds per round of one year by status: reported some
    complaints, reported zero, not reported. Columns round, status, n; every round and status
    present (n = 0 when the year has no rows)."""
    rows = []
    for r in ROUNDS:
        summary = round_summary(rounds, year, r)
        counts = (
            {REPORTED: 0, ZERO: 0, NOT_REPORTED: 0}
            if summary is None
            else {
                REPORTED: summary.n_reported - summary.n_reported_zero,
                ZERO: summary.n_reported_zero,
                NOT_REPORTED: summary.n_not_reported,
            }
        )
        rows += [{"round": r, "status": s, "n": counts[s]} for s in STATUSES]
    return pd.DataFrame(rows, columns=["round", "status", "n"])
