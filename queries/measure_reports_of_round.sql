-- The progress reports of one round for the measures an organisation set for a fiscal year.
-- Grain: one row per measure with a report in that round.
-- Parameters: $org_code, $year (fiscal year, BE), $round (6 or 12).
-- Columns: measure_no, report_date, outcome, status_code, batch_id.
select measure_no, report_date, outcome, status_code, batch_id
from core.measure_reports
where org_code = $org_code and fiscal_year = $year::integer and round = $round::integer
order by measure_no
