"""Query results from Arrow to pandas and Python, as DuckDB's `.df()` and `fetchall()` give them.

`.df()` turns every text value into a Python string, which pandas then turns back into Arrow
(pandas 3 keeps text Arrow-backed): at national scale that is most of a query's time (7,849
organisations' Thai names: `registry_orgs` 20 → 7 ms, `compare_orgs` 41 → 30 ms; the same
machine and moment). Reading the result as an Arrow table and converting it here keeps the text
in Arrow, while the pages get the types they were written for:

- DECIMAL (and HUGEINT, which Arrow carries as a decimal) → float64; DATE → datetime64[us];
- an integer or boolean column holding NULL → pandas' nullable Int*/UInt*/boolean, one without
  NULL → numpy's;
- a text column with no value (NULL only, or no rows) → object of None, as `.df()` gives;
- lists (without NULL lists), floats, timestamps and other text as pyarrow converts them.

Any other type, or a list column holding NULL, is not converted here (`as_frame` returns None)
and the caller asks DuckDB for `.df()` of the same table.

Rows as dicts (`Db.records`) are built by pyarrow's `to_pylist` when every column's Python values
are those DuckDB gives (`same_python_values`): not for HUGEINT (a sum of integers: Arrow carries
it as DECIMAL(38, 0), whose values come as Decimal instead of int), INTERVAL or a type not listed.
tests/test_arrow_frames.py checks both against DuckDB, type by type and for every query of
queries/.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa


def as_frame(table: pa.Table) -> pd.DataFrame | None:
    """`table` as `.df()` would give it, or None for a type this module does not convert."""
    import pandas as pd
    import pyarrow as pa

    nullable = _nullable_types()
    afterwards: list[tuple[str, pa.ChunkedArray]] = []
    for i, (name, column) in enumerate(zip(table.column_names, table.columns, strict=True)):
        kind = column.type
        if pa.types.is_decimal(kind):
            table = table.set_column(i, name, column.cast(pa.float64()))
        elif pa.types.is_date32(kind):
            table = table.set_column(i, name, column.cast(pa.timestamp("us")))
        elif pa.types.is_string(kind):
            if column.null_count == len(column):
                afterwards.append((name, column))
        elif kind in nullable:
            if column.null_count:
                afterwards.append((name, column))
        elif pa.types.is_list(kind):
            if column.null_count:
                return None
        elif not (pa.types.is_floating(kind) or pa.types.is_timestamp(kind)):
            return None
    frame = table.to_pandas()
    for name, column in afterwards:
        if pa.types.is_string(column.type):
            frame[name] = pd.Series([None] * len(column), dtype=object)
        else:
            frame[name] = column.to_pandas(types_mapper=nullable.get)
    return frame


@cache
def _nullable_types() -> dict[pa.DataType, pd.api.extensions.ExtensionDtype]:
    import pandas as pd
    import pyarrow as pa

    return {
        pa.bool_(): pd.BooleanDtype(),
        pa.int8(): pd.Int8Dtype(),
        pa.int16(): pd.Int16Dtype(),
        pa.int32(): pd.Int32Dtype(),
        pa.int64(): pd.Int64Dtype(),
        pa.uint8(): pd.UInt8Dtype(),
        pa.uint16(): pd.UInt16Dtype(),
        pa.uint32(): pd.UInt32Dtype(),
        pa.uint64(): pd.UInt64Dtype(),
    }


def same_python_values(schema: pa.Schema) -> bool:
    """Whether pyarrow's Python values of every column of `schema` are DuckDB's own."""
    return all(_same_python_value(field.type) for field in schema)


def _same_python_value(kind: pa.DataType) -> bool:
    import pyarrow as pa

    if pa.types.is_list(kind):
        return _same_python_value(kind.value_type)
    if pa.types.is_decimal(kind):
        return not (kind.precision == 38 and kind.scale == 0)  # HUGEINT
    return (
        pa.types.is_boolean(kind)
        or pa.types.is_integer(kind)
        or pa.types.is_floating(kind)
        or pa.types.is_date32(kind)
        or pa.types.is_timestamp(kind)
        or pa.types.is_time64(kind)
        or pa.types.is_string(kind)
        or pa.types.is_binary(kind)
    )
