-- Derived table core.measure_summary: one row per measure with its latest progress report
-- (the 12-month report when there is one, else the 6-month report), its status labels, the
-- indicators it targets and whether a 6-month report exists.
-- Rebuilt by dashboard/derived.py in every write that changes one of its sources, so that a
-- query of a year's measures does not rank every progress report of every year.
-- Stored in (fiscal_year, org_code, measure_no) order.
with latest as (
    select *
    from core.measure_reports
    -- A refresh by year reads only those years' reports (derived.rebuild_years): the outer
    -- year filter does not reach through the ranking.
    where true /* refresh years: fiscal_year */
    qualify row_number() over (
        partition by org_code, fiscal_year, measure_no
        order by round desc, report_date desc nulls last
    ) = 1
),

six as (
    select distinct org_code, fiscal_year, measure_no
    from core.measure_reports
    where round = 6 /* refresh years: fiscal_year */
),

targets as (
    select org_code, fiscal_year, measure_no, list(indicator order by indicator) as indicators
    from core.measure_indicators
    where true /* refresh years: fiscal_year */
    group by org_code, fiscal_year, measure_no
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
        l.outcome,
        m.suggestion,
        l.status_code as status,
        st.label_th as status_th,
        st.label_en as status_en,
        l.round as report_round,
        l.report_date,
        coalesce(tg.indicators, []::integer[]) as indicators,
        m.source,
        coalesce(st.is_done, false) as is_done,
        six.measure_no is not null as has_6m_report
    from core.measures as m
    left join latest as l using (org_code, fiscal_year, measure_no)
    left join core.measure_statuses as st on st.status_code = l.status_code
    left join targets as tg using (org_code, fiscal_year, measure_no)
    left join six using (org_code, fiscal_year, measure_no)
)

select * from final
order by fiscal_year, org_code, measure_no
