-- Derived table core.measure_fingerprints: one row per measure with what an import compares
-- it by (queries/measure_differences.sql): a 64-bit hash of its text fields, the set of
-- indicators it targets as a bit mask (bit n for indicator n: exact), and a hash of its 6- and
-- 12-month progress reports (NULL: no report of that round).
-- A file's measures are hashed by the same macros in that query (core.measure_text_hash,
-- core.measure_report_hash: data/schema.sql), so that it joins one narrow table instead of
-- carrying the stored text through three joins (a national file: 80-95 → 30-35 ms).
-- The hashes are DuckDB's hash(): an empty text and a missing one hash alike (coalesce), as the
-- comparison treats them; two different texts share a hash with a chance of about 2^-64. A new
-- DuckDB version may hash differently: derived.ENGINE_BOUND rebuilds this table when the
-- engine that wrote it is not the one running.
-- Rebuilt by dashboard/derived.py in every write that changes one of its sources.
-- Stored in (fiscal_year, org_code, measure_no) order.
with targets as (
    select org_code, fiscal_year, measure_no, bit_or(1::bigint << indicator) as indicator_mask
    from core.measure_indicators
    where true /* refresh years: fiscal_year */
    group by org_code, fiscal_year, measure_no
),

reports as (
    select
        org_code,
        fiscal_year,
        measure_no,
        any_value(core.measure_report_hash(report_date, outcome, status_code))
            filter (where round = 6) as report_6,
        any_value(core.measure_report_hash(report_date, outcome, status_code))
            filter (where round = 12) as report_12
    from core.measure_reports
    where true /* refresh years: fiscal_year */
    group by org_code, fiscal_year, measure_no
),

final as (
    select
        m.org_code,
        m.fiscal_year,
        m.measure_no,
        core.measure_text_hash(m.title, m.method, m.responsible, m.period, m.suggestion)
            as text_hash,
        coalesce(t.indicator_mask, 0) as indicator_mask,
        r.report_6,
        r.report_12
    from core.measures as m
    left join targets as t using (org_code, fiscal_year, measure_no)
    left join reports as r using (org_code, fiscal_year, measure_no)
)

select * from final
order by fiscal_year, org_code, measure_no
