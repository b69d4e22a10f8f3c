-- Fiscal years that hold assessments, newest first.
-- Grain: one row per fiscal year (BE). Parameters: none.
-- Columns: fiscal_year, n_assessed (organisations).
select fiscal_year, count(*) as n_assessed
from core.assessments
group by fiscal_year
order by fiscal_year desc
