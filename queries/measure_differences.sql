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
-- Read as columns (Db.column_lists) by the measures importer.
-- Texts and reports are compared by hash: the file's are hashed here by the macros that hash
-- the stored ones in core.measure_fingerprints (data/derived/measure_fingerprints.sql, which
-- says what a hash match means), so that one narrow join replaces three that carried the text
-- (a national file, same machine and moment: 80-95 → 30-35 ms).
with file as (
    select
        import_row,
        org_code,
        fiscal_year::integer as fiscal_year,
        measure_no::integer as measure_no,
        round::integer as round,
        coalesce(check_indicators, false) as check_indicators,
        coalesce(indicator_mask::bigint, 0) as indicator_mask,
        core.measure_text_hash(title, method, responsible, period, suggestion) as text_hash,
        core.measure_report_hash(report_date, outcome, status_code) as report_hash
    from import_rows
),

compared as (
    select
        f.import_row,
        s.text_hash = f.text_hash
        and (not f.check_indicators or s.indicator_mask = f.indicator_mask) as same_measure,
        case f.round when 6 then s.report_6 when 12 then s.report_12 end as stored_report,
        f.report_hash
    from file as f
    inner join core.measure_fingerprints as s using (org_code, fiscal_year, measure_no)
),

final as (
    select
        import_row,
        same_measure,
        stored_report is not null as has_report,
        coalesce(stored_report = report_hash, false) as same_report
    from compared
)

select * from final
