-- One organisation's identity and its results over the years, for documents and page headers.
-- Grain: one row per fiscal year assessed (none when the organisation has no result).
-- Parameters: $org_code.
-- Columns: org_code, org_name, org_type, province, district, fiscal_year (BE), iit, eit, oit,
--   total (points), level, passed.
select
    org_code, org_name, org_type, province, district, fiscal_year, iit, eit, oit, total, level,
    passed
from main.org_year_scores
where org_code = $org_code
order by fiscal_year
