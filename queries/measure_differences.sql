-- How the measures of a file differ from those stored, compared in SQL so that a national file
-- (about 50,000 measures) does not carry the stored text into Python. For each measure the file
-- names that is already stored: whether its text fields are the same (an empty text and a
-- missing one count as the same) and, where the file gives its target indicators, whether
-- those are (as sets: a bit mask, bit n for indicator n); whether a progress report of the
-- file's round is stored, and whether it is the same.
-- Requires a relation `import_rows(import_row (the row's position in the file's list),
--   org_code, fiscal_year, measure_no, title, method, responsible, period, suggestion,
--   indicator_mask (sum of 2^n over the indicators n the file gives), check_indicators
--   (boolean: the file gives them), round (6, 12 or NULL), report_date, outcome, status_code)`
--   registered by the importer.
-- Grain: one row per row of import_rows whose measure is stored. Parameters: none.
-- Columns: import_row, same_measure, has_report, same_report. Only the row's position is
-- returned: a national file's keys would cost more to carry into Python than to compare.
-- Read by position (Db.tuples) by the measures importer: keep the columns in this order.
-- The measure, its targets and its report are each compared with the file in a join of their
-- own, and the results joined by position: no join carries text another part compares, and no
-- stored table is joined twice (a national file: 200 → 55 ms with the file as an Arrow table).
with targets as (
    select f.import_row, bit_or(1::bigint << t.indicator) as indicator_mask
    from import_rows as f
    inner join core.measure_indicators as t using (org_code, fiscal_year, measure_no)
    where f.check_indicators
    group by f.import_row
),

measures as (
    select
        f.import_row,
        coalesce(m.title, '') = coalesce(f.title::varchar, '')
        and coalesce(m.method, '') = coalesce(f.method::varchar, '')
        and coalesce(m.responsible, '') = coalesce(f.responsible::varchar, '')
        and coalesce(m.period, '') = coalesce(f.period::varchar, '')
        and coalesce(m.suggestion, '') = coalesce(f.suggestion::varchar, '') as same_text,
        f.check_indicators,
        f.indicator_mask
    from import_rows as f
    inner join core.measures as m using (org_code, fiscal_year, measure_no)
),

reports as (
    select
        f.import_row,
        r.report_date is not distinct from f.report_date::date
        and coalesce(r.outcome, '') = coalesce(f.outcome::varchar, '')
        and coalesce(r.status_code, '') = coalesce(f.status_code::varchar, '') as same_report
    from import_rows as f
    inner join core.measure_reports as r
        on r.org_code = f.org_code and r.fiscal_year = f.fiscal_year
        and r.measure_no = f.measure_no and r.round = f.round::integer
),

final as (
    select
        m.import_row,
        m.same_text and (
            not m.check_indicators
            or coalesce(t.indicator_mask, 0) = coalesce(m.indicator_mask::bigint, 0)
        ) as same_measure,
        r.import_row is not null as has_report,
        coalesce(r.same_report, false) as same_report
    from measures as m
    left join targets as t using (import_row)
    left join reports as r using (import_row)
)

select * from final
