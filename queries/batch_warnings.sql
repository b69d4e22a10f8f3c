-- Warnings stored with one import batch (they did not block the import).
-- Grain: one row per warning. Parameters: $batch_id (integer).
-- Columns: row_no (file row as the user sees it, NULL when not tied to a row), column_name,
--   message_th, message_en.
select row_no, column_name, message_th, message_en
from core.batch_warnings
where batch_id = $batch_id
order by row_no nulls last
