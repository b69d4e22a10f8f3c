-- Methodology: one row per fiscal year (BE) known to the database.
-- Parameters: none.
-- Columns: fiscal_year (BE), scheme (level scheme code, NULL when not yet published),
--   pass_threshold (points of total), target_pass_rate (share 0-1), note_th, note_en.
select
    fiscal_year,
    scheme,
    pass_threshold,
    target_pass_rate,
    note_th,
    note_en
from core.method_years
order by fiscal_year
