-- Did measures work? Across a peer group, the mean change of each indicator from Y-1 to Y for
-- organisations that set a measure of Y for it, against those that did not, with the counts.
-- Grain: one row per indicator and group ("with_measure" true/false).
-- Parameters: $year (Y, BE), $province, $district (only with $province), $org_type (type code
--   in Y); NULL = all.
-- Columns: indicator, indicator_name_th, indicator_name_en, with_measure (boolean),
--   n_organisations, mean_change (points), median_change (points), mean_before (points, Y-1).
with pairs as (
    select org_code, indicator, score - prev_score as change, prev_score as before
    from core.indicator_summary
    where fiscal_year = $year::integer
        and prev_score is not null
        and ($province is null or province_code = $province)
        and ($province is null or $district is null or district = $district)
        and ($org_type is null or org_type_code = $org_type)
),

targeted as (
    select org_code, indicator
    from core.indicator_coverage
    where fiscal_year = $year::integer
),

final as (
    select
        p.indicator,
        any_value(i.name_th) as indicator_name_th,
        any_value(i.name_en) as indicator_name_en,
        t.org_code is not null as with_measure,
        count(*) as n_organisations,
        avg(p.change) as mean_change,
        median(p.change) as median_change,
        avg(p.before) as mean_before
    from pairs as p
    left join targeted as t using (org_code, indicator)
    left join core.method_indicators as i
        on i.fiscal_year = $year::integer and i.indicator = p.indicator
    group by p.indicator, t.org_code is not null
)

select * from final
order by indicator, with_measure desc
