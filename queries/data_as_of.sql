-- When the data was last changed: the time of the latest import batch (demo build included).
-- Grain: one row. Parameters: none.
-- Columns: as_of (timestamp with time zone, NULL in an empty database), n_batches.
select max(imported_at) as as_of, count(*) as n_batches
from core.import_batches
