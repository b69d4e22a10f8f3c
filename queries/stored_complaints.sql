-- Complaint statistics already stored for the keys a complaints file names.
-- Requires a relation `import_keys(org_code, fiscal_year, round)` registered by the importer.
-- Grain: one row per stored organisation, fiscal year and round found in import_keys.
-- Parameters: none.
-- Columns: org_code, fiscal_year (BE), round (6 or 12), received, completed, in_progress
--   (counts of complaints), batch_id.
select c.org_code, c.fiscal_year, c.round, c.received, c.completed, c.in_progress, c.batch_id
from core.complaints as c
semi join import_keys using (org_code, fiscal_year, round)
