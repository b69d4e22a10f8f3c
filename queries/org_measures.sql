-- The measures one organisation set for a fiscal year, with their progress reports.
-- Grain: one row per measure. Parameters: $org_code, $year (fiscal year, BE).
-- Columns: measure_no, title, method, responsible, period, suggestion, indicators (integer[]),
--   outcome, status, status_th, status_en (latest report), is_done (the latest status counts
--   as finished), report_round (6 or 12, latest), report_date, has_6m_report, has_12m_report
--   (booleans), status_6m, status_12m (status codes of each round's report, NULL if none).
with reports as (
    select
        measure_no,
        bool_or(round = 6) as has_6m_report,
        bool_or(round = 12) as has_12m_report,
        max(status_code) filter (where round = 6) as status_6m,
        max(status_code) filter (where round = 12) as status_12m
    from core.measure_reports
    where org_code = $org_code and fiscal_year = $year::integer
    group by measure_no
),

final as (
    select
        m.measure_no,
        m.title,
        m.method,
        m.responsible,
        m.period,
        m.suggestion,
        m.indicators,
        m.outcome,
        m.status,
        m.status_th,
        m.status_en,
        coalesce(st.is_done, false) as is_done,
        m.report_round,
        m.report_date,
        coalesce(r.has_6m_report, false) as has_6m_report,
        coalesce(r.has_12m_report, false) as has_12m_report,
        r.status_6m,
        r.status_12m
    from main.measures as m
    left join reports as r using (measure_no)
    left join core.measure_statuses as st on st.status_code = m.status
    where m.org_code = $org_code and m.fiscal_year = $year::integer
)

select * from final
order by measure_no
