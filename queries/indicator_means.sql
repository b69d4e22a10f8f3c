-- Mean score of each indicator for a peer group, per fiscal year, with its tool and weight.
-- Grain: one row per fiscal year (BE) and indicator of that year's methodology.
-- Parameters: $province, $district, $org_type (as in overview_by_year.sql; NULL = all).
-- Columns: fiscal_year, indicator, name_th, name_en, tool, weight (share of the total, 0-1),
--   mean_score (points), n_scored (organisations), n_below_threshold (organisations scoring
--   under the year's pass threshold on this indicator).
with scores as (
    select fiscal_year, indicator, score
    from core.indicator_summary
    where ($province is null or province_code = $province)
        and ($province is null or $district is null or district = $district)
        and ($org_type is null or org_type_code = $org_type)
),

-- Grouped by two integers before the names are joined: grouping 550,000 national scores by
-- the names and weights as well cost three times as much.
per_indicator as (
    select
        sc.fiscal_year,
        sc.indicator,
        avg(sc.score) as mean_score,
        count(sc.score) as n_scored,
        count(*) filter (where sc.score < y.pass_threshold) as n_below_threshold
    from scores as sc
    inner join core.method_years as y using (fiscal_year)
    group by sc.fiscal_year, sc.indicator
),

counts as (
    select fiscal_year, tool, count(*) as n_in_tool
    from core.method_indicators
    group by fiscal_year, tool
),

final as (
    select
        m.fiscal_year,
        m.indicator,
        m.name_th,
        m.name_en,
        m.tool,
        t.weight / c.n_in_tool as weight,
        p.mean_score,
        coalesce(p.n_scored, 0) as n_scored,
        coalesce(p.n_below_threshold, 0) as n_below_threshold
    from core.method_indicators as m
    inner join core.method_tools as t using (fiscal_year, tool)
    inner join counts as c using (fiscal_year, tool)
    inner join core.method_years as y using (fiscal_year)
    left join per_indicator as p using (fiscal_year, indicator)
)

select * from final
order by fiscal_year, indicator
