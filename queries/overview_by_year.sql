-- Overview per fiscal year for a peer group: how many were assessed, mean and median total,
-- pass rate against the national target, mean tool scores.
-- Grain: one row per fiscal year (BE) that has any assessment in the group.
-- Parameters: $province (province code or NULL = all), $district (district name, used only
--   together with $province; NULL = all), $org_type (type code of that year, NULL = all).
-- Columns: fiscal_year, scheme, n_assessed (organisations), n_with_total, mean_total,
--   median_total (points), n_passed, pass_rate (share 0-1 of those with a total or level),
--   target_pass_rate (share 0-1), pass_threshold (points), mean_iit, mean_eit, mean_oit (points).
with scoped as (
    select *
    from main.org_year_scores
    where ($province is null or province_code = $province)
        and ($province is null or $district is null or district = $district)
        and ($org_type is null or org_type_code = $org_type)
),

final as (
    select
        s.fiscal_year,
        any_value(s.scheme) as scheme,
        count(*) as n_assessed,
        count(s.total) as n_with_total,
        avg(s.total) as mean_total,
        median(s.total) as median_total,
        count(*) filter (where s.passed) as n_passed,
        count(*) filter (where s.passed) / nullif(count(s.passed), 0) as pass_rate,
        any_value(y.target_pass_rate) as target_pass_rate,
        any_value(y.pass_threshold) as pass_threshold,
        avg(s.iit) as mean_iit,
        avg(s.eit) as mean_eit,
        avg(s.oit) as mean_oit
    from scoped as s
    inner join core.method_years as y using (fiscal_year)
    group by s.fiscal_year
)

select * from final
order by fiscal_year
