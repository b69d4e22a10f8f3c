-- Measures and progress reports already stored for the measures a file names.
-- Requires a relation `import_keys(org_code, fiscal_year, measure_no)` registered by the importer.
-- Grain: one row per stored measure found in import_keys. Parameters: none.
-- Columns: org_code, fiscal_year (BE), measure_no, title, method, responsible, period,
--   suggestion, indicators (integer[] sorted), reports (list of structs: round, report_date,
--   outcome, status_code).
with keys as (
    select distinct org_code, fiscal_year, measure_no from import_keys
),

targets as (
    select org_code, fiscal_year, measure_no, list(indicator order by indicator) as indicators
    from core.measure_indicators
    semi join keys using (org_code, fiscal_year, measure_no)
    group by all
),

reports as (
    select
        org_code,
        fiscal_year,
        measure_no,
        list({
            'round': round, 'report_date': report_date, 'outcome': outcome,
            'status_code': status_code
        } order by round) as reports
    from core.measure_reports
    semi join keys using (org_code, fiscal_year, measure_no)
    group by all
),

final as (
    select
        m.org_code,
        m.fiscal_year,
        m.measure_no,
        m.title,
        m.method,
        m.responsible,
        m.period,
        m.suggestion,
        coalesce(t.indicators, []::integer[]) as indicators,
        coalesce(r.reports, []) as reports
    from core.measures as m
    semi join keys using (org_code, fiscal_year, measure_no)
    left join targets as t using (org_code, fiscal_year, measure_no)
    left join reports as r using (org_code, fiscal_year, measure_no)
)

select * from final
