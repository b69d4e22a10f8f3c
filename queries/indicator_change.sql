-- How each indicator of one organisation changed from Y-1 to Y, and whether a measure of Y
-- targeted it.
-- Grain: one row per indicator scored in both years. Parameters: $org_code, $year (Y, BE).
-- Columns: indicator, indicator_name_th, indicator_name_en, score_before (Y-1, points),
--   score_after (Y, points), change (points), had_measure (boolean), measures (integer[]).
with before as (
    select indicator, score from core.indicator_scores
    where org_code = $org_code and fiscal_year = $year::integer - 1
),

after as (
    select indicator, score from core.indicator_scores
    where org_code = $org_code and fiscal_year = $year::integer
),

targeted as (
    select indicator, measure_nos as measures
    from core.indicator_coverage
    where org_code = $org_code and fiscal_year = $year::integer
),

final as (
    select
        a.indicator,
        i.name_th as indicator_name_th,
        i.name_en as indicator_name_en,
        b.score as score_before,
        a.score as score_after,
        a.score - b.score as change,
        t.measures is not null as had_measure,
        coalesce(t.measures, []::integer[]) as measures
    from after as a
    inner join before as b using (indicator)
    left join targeted as t using (indicator)
    left join core.method_indicators as i
        on i.fiscal_year = $year::integer and i.indicator = a.indicator
)

select * from final
order by indicator
