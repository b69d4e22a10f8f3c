-- Inputs of the scoring engine: every assessed organisation-year with its published total and
-- level, its indicator scores and its published tool scores.
-- Grain: one row per organisation and fiscal year assessed.
-- Parameters: $org_codes (varchar[] or NULL for all organisations), $years (integer[] of
--   fiscal years, or NULL for all).
-- Columns: org_code, fiscal_year (BE), total_published (points, exact text, e.g. '85.50'),
--   level_published, indicators (text 'number:score,...' in no set order, e.g.
--   '2:85.50,1:90.00'; points, exact), published_tools (text 'tool:score,...'). Text, not MAP or
--   DECIMAL: DuckDB builds a Python Decimal ten times slower than Decimal(text);
--   dashboard.db.decode_pairs and decode_decimal read them back. The pairs are not sorted:
--   sorting in string_agg doubled the query's time and the readers build dicts.
-- Read by position (Db.tuples) by the scoring engine (score_store.refresh): keep the columns
-- in this order.
with picked as (
    select org_code, fiscal_year, total_published, level_published
    from core.assessments
    where ($org_codes is null or org_code in (select unnest($org_codes)))
        and ($years is null or fiscal_year in (select unnest($years)))
),

indicators as (
    select
        org_code,
        fiscal_year,
        string_agg(indicator || ':' || score, ',') as indicators
    from core.indicator_scores
    where ($org_codes is null or org_code in (select unnest($org_codes)))
        and ($years is null or fiscal_year in (select unnest($years)))
    group by org_code, fiscal_year
),

tools as (
    select
        org_code,
        fiscal_year,
        string_agg(tool || ':' || score, ',') as published_tools
    from core.tool_scores_published
    where ($org_codes is null or org_code in (select unnest($org_codes)))
        and ($years is null or fiscal_year in (select unnest($years)))
    group by org_code, fiscal_year
),

final as (
    select
        p.org_code,
        p.fiscal_year,
        p.total_published::varchar as total_published,
        p.level_published,
        i.indicators,
        t.published_tools
    from picked as p
    left join indicators as i using (org_code, fiscal_year)
    left join tools as t using (org_code, fiscal_year)
)

select * from final
order by org_code, fiscal_year
