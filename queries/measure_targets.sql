-- The target indicators stored for the measures an edit names (the app's indicator corrections).
-- Requires a relation `import_keys(org_code, fiscal_year, measure_no)` registered by the writer.
-- Grain: one row per stored measure found in import_keys. Parameters: none.
-- Columns: org_code, fiscal_year (BE), measure_no, indicators (text of the numbers in order,
--   e.g. '5,7'; empty when the measure targets none).
with keys as (
    select distinct org_code, fiscal_year, measure_no from import_keys
),

targets as (
    select
        org_code,
        fiscal_year,
        measure_no,
        string_agg(indicator::varchar, ',' order by indicator) as indicators
    from core.measure_indicators
    semi join keys using (org_code, fiscal_year, measure_no)
    group by org_code, fiscal_year, measure_no
),

final as (
    select m.org_code, m.fiscal_year, m.measure_no, coalesce(t.indicators, '') as indicators
    from core.measures as m
    semi join keys using (org_code, fiscal_year, measure_no)
    left join targets as t using (org_code, fiscal_year, measure_no)
)

select * from final
