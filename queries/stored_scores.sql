-- What is stored for the organisation-years a score file names, to compare row by row.
-- Requires a relation `import_keys(org_code, fiscal_year)` registered by the importer.
-- Grain: one row per stored organisation-year found in import_keys. Parameters: none.
-- Columns: org_code, fiscal_year (BE), total_published (points, exact text), level_published
--   (label), indicators (text 'number:score,...'), published_tools (text 'tool:score,...'), as
--   in score_inputs.sql,
--   type_code (type set for that year, NULL if none).
-- Read by position (Db.tuples) by the score importer: keep the columns in this order.
with keys as (
    select distinct org_code, fiscal_year from import_keys
),

indicators as (
    select
        s.org_code,
        s.fiscal_year,
        string_agg(s.indicator || ':' || s.score, ',') as indicators
    from core.indicator_scores as s
    semi join keys using (org_code, fiscal_year)
    group by s.org_code, s.fiscal_year
),

tools as (
    select
        t.org_code,
        t.fiscal_year,
        string_agg(t.tool || ':' || t.score, ',') as published_tools
    from core.tool_scores_published as t
    semi join keys using (org_code, fiscal_year)
    group by t.org_code, t.fiscal_year
),

final as (
    select
        a.org_code,
        a.fiscal_year,
        a.total_published::varchar as total_published,
        a.level_published,
        i.indicators,
        t.published_tools,
        ty.type_code
    from core.assessments as a
    semi join keys using (org_code, fiscal_year)
    left join indicators as i using (org_code, fiscal_year)
    left join tools as t using (org_code, fiscal_year)
    left join core.org_type_years as ty using (org_code, fiscal_year)
)

select * from final
