-- Derived table core.indicator_coverage: one row per organisation, fiscal year and indicator that
-- at least one measure of that year targets, with the numbers of those measures (ascending) and
-- how many they are: what the weak points, the indicator changes and the effect of measures read
-- ("which measures of Y answer indicator i"), without grouping a year's 50,000 target rows of
-- core.measure_indicators on every call.
-- Rebuilt by dashboard/derived.py in every write that changes core.measure_indicators.
-- Stored in (fiscal_year, org_code, indicator) order.
select
    org_code,
    fiscal_year,
    indicator,
    list(measure_no order by measure_no) as measure_nos,
    count(*) as n_measures
from core.measure_indicators
group by org_code, fiscal_year, indicator
order by fiscal_year, org_code, indicator
