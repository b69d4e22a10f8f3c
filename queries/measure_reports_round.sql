-- The measures one organisation set for a fiscal year, each with its progress report of one
-- round, for the implementation report (`ita report`, dashboard/documents.py).
-- Grain: one row per measure of the year; the report columns are NULL where the measure has no
--   report for that round.
-- Parameters: $org_code, $year (fiscal year, BE), $round (6 or 12).
-- Columns: measure_no, title, method, responsible, period, suggestion, indicators (integer[]),
--   has_report (boolean), report_date, outcome, status_code, status_th, status_en (labels of
--   the round's status), status_order (the status's place in lists), is_done (the round's
--   status counts as finished; false without a report).
with targets as (
    select measure_no, list(indicator order by indicator) as indicators
    from core.measure_indicators
    where org_code = $org_code and fiscal_year = $year::integer
    group by measure_no
),

round_reports as (
    select measure_no, report_date, outcome, status_code
    from core.measure_reports
    where org_code = $org_code and fiscal_year = $year::integer and round = $round::integer
),

final as (
    select
        m.measure_no,
        m.title,
        m.method,
        m.responsible,
        m.period,
        m.suggestion,
        coalesce(t.indicators, []::integer[]) as indicators,
        r.measure_no is not null as has_report,
        r.report_date,
        r.outcome,
        r.status_code,
        st.label_th as status_th,
        st.label_en as status_en,
        st.sort_order as status_order,
        coalesce(st.is_done, false) as is_done
    from core.measures as m
    left join targets as t using (measure_no)
    left join round_reports as r using (measure_no)
    left join core.measure_statuses as st on st.status_code = r.status_code
    where m.org_code = $org_code and m.fiscal_year = $year::integer
)

select * from final
order by measure_no
