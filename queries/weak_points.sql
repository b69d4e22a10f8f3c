-- Weak points of the prior year (Y-1), with what improving them pays and which measures of
-- year Y answer them; for one organisation or every organisation of a peer group.
-- Grain: one row per organisation and indicator of Y-1's methodology that it was scored on.
-- Parameters: $year (fiscal year Y, BE: the year of the measures; the analysis is of Y-1);
--   $org_code (one organisation, or NULL for the group); $province, $district (only with
--   $province), $org_type (type code in Y-1): the group, NULL = all.
-- Rules (stated on the analysis page): an indicator is weak when its Y-1 score is under the
--   year's pass threshold (85); or 5 points or more under the median of its peers (same type
--   in Y-1, same province; the organisation included); or 5 points or more below its Y-2 score.
-- Columns: org_code, fiscal_year (Y-1), indicator, indicator_name_th, indicator_name_en, tool,
--   weight (share of the total, 0-1), score (points, Y-1), previous_score (Y-2, points),
--   change (points, Y-1 minus Y-2), peer_median (points), n_peers, pass_threshold (points),
--   excellent (points: the best level's minimum), below_threshold, below_peers, dropped,
--   is_weak (booleans), gain_to_pass, gain_to_excellent (points of total gained if the
--   indicator reached the threshold / the best level's minimum; 0 where already reached),
--   covered_by (integer[]: numbers of the measures of Y that target the indicator),
--   n_covering (how many they are: what a count over many organisations reads, without
--   building their lists).
with rules as (
    select
        y.fiscal_year,
        y.pass_threshold,
        coalesce(max(l.min_total), 95) as excellent
    from core.method_years as y
    left join core.method_levels as l on l.scheme = y.scheme
    where y.fiscal_year = $year::integer - 1
    group by y.fiscal_year, y.pass_threshold
),

-- The peer median and count are core.indicator_summary's (same type in Y-1, same province).
scope as (
    select org_code, indicator, score, prev_score, peer_median, n_peers
    from core.indicator_summary
    where fiscal_year = $year::integer - 1
        and ($org_code is null or org_code = $org_code)
        and ($province is null or province_code = $province)
        and ($province is null or $district is null or district = $district)
        and ($org_type is null or org_type_code = $org_type)
),

covering as (
    select org_code, indicator, measure_nos as covered_by, n_measures as n_covering
    from core.indicator_coverage
    where fiscal_year = $year::integer and ($org_code is null or org_code = $org_code)
),

weights as (
    select
        i.fiscal_year,
        i.indicator,
        i.name_th,
        i.name_en,
        i.tool,
        -- Decimal, not double: the gains below then round half up exactly (0.015 -> 0.02).
        cast(
            t.weight / count(*) over (partition by i.fiscal_year, i.tool) as decimal(12, 6)
        ) as weight
    from core.method_indicators as i
    inner join core.method_tools as t using (fiscal_year, tool)
    inner join rules as r using (fiscal_year)
),

final as (
    select
        s.org_code,
        w.fiscal_year,
        w.indicator,
        w.name_th as indicator_name_th,
        w.name_en as indicator_name_en,
        w.tool,
        w.weight,
        s.score,
        s.prev_score as previous_score,
        s.score - s.prev_score as change,
        s.peer_median,
        s.n_peers,
        r.pass_threshold,
        r.excellent,
        s.score < r.pass_threshold as below_threshold,
        coalesce(s.score <= s.peer_median - 5, false) as below_peers,
        coalesce(s.score <= s.prev_score - 5, false) as dropped,
        (
            s.score < r.pass_threshold
            or coalesce(s.score <= s.peer_median - 5, false)
            or coalesce(s.score <= s.prev_score - 5, false)
        ) as is_weak,
        round(greatest(r.pass_threshold - s.score, 0) * w.weight, 2) as gain_to_pass,
        round(greatest(r.excellent - s.score, 0) * w.weight, 2) as gain_to_excellent,
        coalesce(c.covered_by, []::integer[]) as covered_by,
        coalesce(c.n_covering, 0) as n_covering
    from scope as s
    inner join weights as w using (indicator)
    cross join rules as r
    left join covering as c using (org_code, indicator)
)

select * from final
order by org_code, indicator
