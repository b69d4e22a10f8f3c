"""`ita` with one DuckDB setting raised, for the import timings when the real command fails.

`Db.insert_df` (dashboard/db.py) registers a DataFrame whose score columns hold Python Decimals;
DuckDB infers such a column's type from a sample of 1,000 rows (`pandas_analyze_sample`). When
no sampled value reaches 100 it infers DECIMAL(4,2), and a 100.00 elsewhere in the frame fails
the insert ("Casting value "100.00" to type DECIMAL(4,2) failed"). At national scale this stops
`ita import scores` in `score_store.refresh`. The benchmark reports that failure, then times the
same command with the sample raised so that the figures exist until the cause is fixed.

Run: python -m benchmarks.ita_patched import scores FILE --db PATH
"""

from __future__ import annotations

import sys

from dashboard import db as dbmod
from dashboard.cli import main

dbmod._CONFIG["pandas_analyze_sample"] = 100_000_000

if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
