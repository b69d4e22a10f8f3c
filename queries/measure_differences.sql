-- How the measures of a file differ from those stored, compared in SQL so that a national file
-- (about 50,000 measures) does not carry the stored text into Python. For each measure the file
-- names that is already stored: whether its text fields are the same (an empty text and a
-- missing one count as the same) and, where the file gives its target indicators, whether
-- those are; whether a progress report of the file's round is stored, and whether it is the same.
-- Requires a relation `import_rows(org_code, fiscal_year, measure_no, title, method,
--   responsible, period, suggestion, indicators (text of the numbers as the file gives them,
--   e.g. '5,7'), check_indicators (boolean), round (6, 12 or NULL), report_date, outcome,
--   status_code)` registered by the importer.
-- Grain: one row per row of import_rows whose measure is stored. Parameters: none.
-- Columns: org_code, fiscal_year (BE), measure_no, same_measure, has_report, same_report.
with targets as (
    select
        org_code,
        fiscal_year,
        measure_no,
        string_agg(indicator::varchar, ',' order by indicator) as indicators
    from core.measure_indicators
    semi join import_rows using (org_code, fiscal_year, measure_no)
    group by org_code, fiscal_year, measure_no
),

stored as (
    select * from core.measures
    semi join import_rows using (org_code, fiscal_year, measure_no)
),

reports as (
    select * from core.measure_reports
    semi join import_rows using (org_code, fiscal_year, measure_no)
),

final as (
    select
        i.org_code,
        i.fiscal_year,
        i.measure_no,
        nullif(m.title, '') is not distinct from nullif(i.title::varchar, '')
        and nullif(m.method, '') is not distinct from nullif(i.method::varchar, '')
        and nullif(m.responsible, '') is not distinct from nullif(i.responsible::varchar, '')
        and nullif(m.period, '') is not distinct from nullif(i.period::varchar, '')
        and nullif(m.suggestion, '') is not distinct from nullif(i.suggestion::varchar, '')
        and (
            not i.check_indicators
            or coalesce(t.indicators, '') = coalesce(i.indicators::varchar, '')
        ) as same_measure,
        r.org_code is not null as has_report,
        coalesce(
            r.org_code is not null
            and r.report_date is not distinct from i.report_date::date
            and nullif(r.outcome, '') is not distinct from nullif(i.outcome::varchar, '')
            and nullif(r.status_code, '') is not distinct from nullif(i.status_code::varchar, ''),
            false
        ) as same_report
    from import_rows as i
    inner join stored as m using (org_code, fiscal_year, measure_no)
    left join targets as t using (org_code, fiscal_year, measure_no)
    left join reports as r
        on r.org_code = i.org_code and r.fiscal_year = i.fiscal_year
        and r.measure_no = i.measure_no and r.round = i.round::integer
)

select * from final
