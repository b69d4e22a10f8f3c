-- One organisation's indicator scores in a year, against the year before and the median of its
-- peers (same type that year, same province).
-- Grain: one row per indicator of the year's methodology. Parameters: $org_code, $year (BE).
-- Columns: indicator, indicator_name_th, indicator_name_en, tool, score, previous_score,
--   change, peer_median (points).
with own as (
    select org_code, province_code, org_type_code
    from core.org_year_summary
    where org_code = $org_code and fiscal_year = $year::integer
),

peers as (
    select s.indicator, median(s.score) as peer_median
    from core.indicator_summary as s
    inner join own as w
        on s.province_code = w.province_code and s.org_type_code = w.org_type_code
    where s.fiscal_year = $year::integer
    group by s.indicator
),

final as (
    select
        i.indicator,
        i.name_th as indicator_name_th,
        i.name_en as indicator_name_en,
        i.tool,
        a.score,
        b.score as previous_score,
        a.score - b.score as change,
        p.peer_median
    from core.method_indicators as i
    left join core.indicator_summary as a
        on a.org_code = $org_code and a.fiscal_year = i.fiscal_year
        and a.indicator = i.indicator
    left join core.indicator_summary as b
        on b.org_code = $org_code and b.fiscal_year = i.fiscal_year - 1
        and b.indicator = i.indicator
    left join peers as p on p.indicator = i.indicator
    where i.fiscal_year = $year::integer
)

select * from final
order by indicator
