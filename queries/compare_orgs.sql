-- Organisations of a peer group in one fiscal year, ranked, with the change from the year
-- before. The year before comes with each row of core.org_year_summary (whatever the group,
-- so an organisation keeps its Y-1 figures under any filter); ranks are computed within the group.
-- Grain: one row per organisation assessed in $year within the group.
-- Parameters: $year (BE), $province, $district (only with $province), $org_type (type code in
--   $year): NULL = all; $org_codes (varchar[] custom list, or NULL).
-- Columns (those the compare page uses: at national scope every text column costs ~4 ms to
--   carry into pandas): org_code, org_name, province, district, total, level, passed, iit, eit,
--   oit (points), prev_total (the year before, when assessed), change (points),
--   level_steps (positive = better; NULL when either level is unknown or the schemes differ),
--   scheme_changed (boolean), min_tool (points, lowest of the three tools), rank (1 = best
--   total in the group), n_in_group, missing_indicators (number of indicators without a
--   score, NULL when the year has no indicator set).
with indicator_counts as (
    select
        s.org_code,
        count(*) as n_scored
    from core.indicator_scores as s
    where s.fiscal_year = $year::integer
    group by s.org_code
),

expected as (
    select count(*) as n_expected
    from core.method_indicators
    where fiscal_year = $year::integer
),

scoped as (
    select h.*
    from core.org_year_summary as h
    where h.fiscal_year = $year::integer
        and ($province is null or h.province_code = $province)
        and ($province is null or $district is null or h.district = $district)
        and ($org_type is null or h.org_type_code = $org_type)
        and ($org_codes is null or h.org_code in (select unnest($org_codes)))
),

final as (
    select
        s.org_code,
        s.org_name,
        s.province,
        s.district,
        s.total,
        s.level,
        s.passed,
        s.iit,
        s.eit,
        s.oit,
        s.prev_total,
        s.total - s.prev_total as change,
        case when s.scheme = s.prev_scheme then s.prev_level_order - s.level_order end
            as level_steps,
        s.assessed_prev_year and s.scheme is distinct from s.prev_scheme as scheme_changed,
        least(s.iit, s.eit, s.oit) as min_tool,
        case when s.total is not null then
            rank() over (order by s.total desc nulls last) end as rank,
        count(*) over () as n_in_group,
        case when e.n_expected > 0 then e.n_expected - coalesce(c.n_scored, 0) end
            as missing_indicators
    from scoped as s
    cross join expected as e
    left join indicator_counts as c using (org_code)
)

select * from final
order by rank nulls last, org_name
