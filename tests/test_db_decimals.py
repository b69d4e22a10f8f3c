"""Scores stored from Python Decimals keep their exact values, whatever their order."""

from __future__ import annotations

from decimal import Decimal

import duckdb
import pandas as pd
import pytest

from dashboard import db as dbmod


def _store(path, scores, form: str = "frame"):
    """Insert the scores as a DataFrame (object column) or as Columns (lists, no pandas)."""
    with dbmod.write(path) as w:
        batch = dbmod.new_batch(w, "app", row_count=0)
        columns = {
            "org_code": "T1",
            "fiscal_year": 2566,
            "indicator": list(range(1, len(scores) + 1)),
            "score": scores,
            "batch_id": batch,
        }
        rows = pd.DataFrame(columns).astype({"score": "object"}) if form == "frame" else columns
        assert w.insert_df("core.indicator_scores", rows) == len(scores)


def _many(n: int = 50_000) -> list[Decimal]:
    # DuckDB infers an object column's type from a sample of rows: a lone 100.00 among many
    # values under 100 is missed and the inferred DECIMAL(4,2) cannot hold it.
    scores = [Decimal("85.50")] * n
    scores[12_345] = Decimal("100.00")
    return scores


@pytest.mark.parametrize("form", ["frame", "columns"])
def test_a_wider_decimal_after_narrower_ones_is_stored_exactly(tmp_path, form):
    path = tmp_path / "d.duckdb"
    scores = _many()
    _store(path, scores, form)
    reader = dbmod.open_reader(path)
    try:
        stored = reader.rows("select score from core.indicator_scores order by indicator")
    finally:
        reader.close()
    assert [r[0] for r in stored] == scores
    assert stored[12_345][0] == Decimal("100.00")


def test_columns_of_different_lengths_are_refused(tmp_path):
    with dbmod.write(tmp_path / "c.duckdb") as w, pytest.raises(ValueError, match="lengths"):
        w.insert_df("core.meta", {"key": ["a", "b"], "value": ["1"]})


def test_rows_as_columns():
    rows = [("a", 1, None), ("b", 2, Decimal("1.50"))]
    assert dbmod.rows_as_columns(rows, ["k", "n", "d"]) == {
        "k": ["a", "b"],
        "n": [1, 2],
        "d": [None, Decimal("1.50")],
    }
    assert dbmod.rows_as_columns([], ["k"]) == {"k": []}


def test_without_the_conversion_duckdb_rejects_the_wider_value(tmp_path, monkeypatch):
    # The failure the conversion prevents: DuckDB infers DECIMAL(4,2) from the first values.
    monkeypatch.setattr(dbmod, "_decimals_as_text", lambda frame: frame)
    with pytest.raises(duckdb.Error):
        _store(tmp_path / "e.duckdb", _many())


def test_score_maps_read_back_exactly_through_their_text_form(tmp_path):
    """score_inputs and stored_scores give a row's scores as text 'number:score,...' and its
    published total as text; decode_pairs and decode_decimal must give back the stored
    Decimals, key by key."""
    path = tmp_path / "m.duckdb"
    scores = [Decimal(v) for v in ("100.00", "0.05", "85.50", "0.00", "99.99", "7.10")]
    _store(path, scores)
    with dbmod.write(path) as w:
        w.execute("insert into core.assessments values ('T1', 2566, 85.05, null, 1)")
        w.execute(
            "insert into core.tool_scores_published values ('T1', 2566, 'IIT', 80.5, 1), "
            "('T1', 2566, 'OIT', 100, 1)"
        )
    reader = dbmod.open_reader(path)
    try:
        (row,) = reader.records("score_inputs", org_codes=["T1"], years=None)
    finally:
        reader.close()
    assert dbmod.decode_pairs(row["indicators"], int) == dict(enumerate(scores, start=1))
    assert dbmod.decode_pairs(row["published_tools"]) == {
        "IIT": Decimal("80.50"),
        "OIT": Decimal("100.00"),
    }
    assert dbmod.decode_decimal(row["total_published"]) == Decimal("85.05")
    assert dbmod.decode_decimal(None) is None
    assert dbmod.decode_pairs(None) == {} and dbmod.decode_pairs("") == {}
