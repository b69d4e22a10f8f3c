-- Weak points of the prior year (Y-1) for one organisation, with what improving them pays and
-- which measures of year Y answer them.
-- Grain: one row per indicator of Y-1's methodology that the organisation was scored on.
-- Parameters: $org_code (organisation code), $year (fiscal year Y, BE: the year of the
--   measures; the analysis is of Y-1).
-- Rules (stated on the analysis page): an indicator is weak when its Y-1 score is under the
--   year's pass threshold (85); or 5 points or more under the median of its peers (same type
--   in Y-1, same province; the organisation included); or 5 points or more below its Y-2 score.
-- Columns: fiscal_year (Y-1), indicator, indicator_name_th, indicator_name_en, tool,
--   weight (share of the total, 0-1), score (points, Y-1), previous_score (Y-2, points),
--   change (points, Y-1 minus Y-2), peer_median (points), n_peers, pass_threshold (points),
--   excellent (points: the best level's minimum), below_threshold, below_peers, dropped,
--   is_weak (booleans), gain_to_pass, gain_to_excellent (points of total gained if the
--   indicator reached the threshold / the best level's minimum; 0 where already reached),
--   covered_by (integer[]: numbers of the measures of Y that target the indicator).
with target as (
    select
        o.org_code,
        o.province_code,
        $year::integer - 1 as prior_year,
        coalesce(t.type_code, o.type_code) as type_code
    from core.organisations as o
    left join core.org_type_years as t
        on t.org_code = o.org_code and t.fiscal_year = $year::integer - 1
    where o.org_code = $org_code
),

rules as (
    select
        y.fiscal_year,
        y.pass_threshold,
        coalesce(max(l.min_total), 95) as excellent
    from core.method_years as y
    inner join target as tg on y.fiscal_year = tg.prior_year
    left join core.method_levels as l on l.scheme = y.scheme
    group by y.fiscal_year, y.pass_threshold
),

own as (
    select s.indicator, s.score
    from core.indicator_scores as s
    inner join target as tg on s.org_code = tg.org_code and s.fiscal_year = tg.prior_year
),

earlier as (
    select s.indicator, s.score
    from core.indicator_scores as s
    inner join target as tg on s.org_code = tg.org_code and s.fiscal_year = tg.prior_year - 1
),

peers as (
    select s.indicator, median(s.score) as peer_median, count(*) as n_peers
    from core.indicator_scores as s
    inner join core.organisations as o on o.org_code = s.org_code
    left join core.org_type_years as ty
        on ty.org_code = s.org_code and ty.fiscal_year = s.fiscal_year
    inner join target as tg
        on s.fiscal_year = tg.prior_year
        and o.province_code = tg.province_code
        and coalesce(ty.type_code, o.type_code) = tg.type_code
    group by s.indicator
),

covering as (
    select mi.indicator, list(mi.measure_no order by mi.measure_no) as covered_by
    from core.measure_indicators as mi
    where mi.org_code = $org_code and mi.fiscal_year = $year::integer
    group by mi.indicator
),

weights as (
    select
        i.fiscal_year,
        i.indicator,
        i.name_th,
        i.name_en,
        i.tool,
        t.weight / count(*) over (partition by i.fiscal_year, i.tool) as weight
    from core.method_indicators as i
    inner join core.method_tools as t using (fiscal_year, tool)
    inner join rules as r using (fiscal_year)
),

final as (
    select
        w.fiscal_year,
        w.indicator,
        w.name_th as indicator_name_th,
        w.name_en as indicator_name_en,
        w.tool,
        w.weight,
        own.score,
        earlier.score as previous_score,
        own.score - earlier.score as change,
        p.peer_median,
        p.n_peers,
        r.pass_threshold,
        r.excellent,
        own.score < r.pass_threshold as below_threshold,
        coalesce(own.score <= p.peer_median - 5, false) as below_peers,
        coalesce(own.score <= earlier.score - 5, false) as dropped,
        (
            own.score < r.pass_threshold
            or coalesce(own.score <= p.peer_median - 5, false)
            or coalesce(own.score <= earlier.score - 5, false)
        ) as is_weak,
        round(greatest(r.pass_threshold - own.score, 0) * w.weight, 2) as gain_to_pass,
        round(greatest(r.excellent - own.score, 0) * w.weight, 2) as gain_to_excellent,
        coalesce(c.covered_by, []::integer[]) as covered_by
    from weights as w
    cross join rules as r
    inner join own using (indicator)
    left join earlier using (indicator)
    left join peers as p using (indicator)
    left join covering as c using (indicator)
)

select * from final
order by indicator
