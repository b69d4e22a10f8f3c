-- Complaint statistics of one fiscal year per organisation of a peer group, both rounds side by
-- side. Round 6 covers October-March; round 12 is the whole year, cumulative (it includes
-- round 6): the two are never added together.
-- Grain: one row per organisation in scope for $year: assessed that year or holding complaint
--   statistics for it (the same scope as complaint_rounds.sql).
-- Parameters: $year (fiscal year, BE), $province (province code or NULL = all), $district
--   (district name, only with $province; NULL = all), $org_type (type code in $year, NULL = all).
-- Columns: org_code, org_name (type prefix of that year + name), org_type (short Thai type
--   name), district, province, reported_6, reported_12 (booleans: a row exists for that round),
--   received_6, completed_6, in_progress_6, received_12, completed_12, in_progress_12
--   (complaints; NULL when the round was not reported, 0 when reported as none).
-- Order: province, district, then name without its type prefix, in Thai dictionary order (the
--   order of org_choices.sql).
with active as (
    select org_code from core.assessments where fiscal_year = $year::integer
    union
    select org_code from core.complaints where fiscal_year = $year::integer
),

scoped as (
    select
        o.org_code,
        t.name_prefix || o.name_th as org_name,
        t.short_th as org_type,
        o.district_th as district,
        o.province_th as province,
        oo.sort_rank
    from active as a
    inner join core.organisations as o using (org_code)
    inner join core.org_order as oo using (org_code)
    left join core.org_type_years as ty
        on ty.org_code = o.org_code and ty.fiscal_year = $year::integer
    inner join core.org_types as t on t.type_code = coalesce(ty.type_code, o.type_code)
    where ($province is null or o.province_code = $province)
        and ($province is null or $district is null or o.district_th = $district)
        and ($org_type is null or t.type_code = $org_type)
),

six as (
    select org_code, received, completed, in_progress
    from core.complaints
    where fiscal_year = $year::integer and round = 6
),

twelve as (
    select org_code, received, completed, in_progress
    from core.complaints
    where fiscal_year = $year::integer and round = 12
),

final as (
    select
        s.org_code,
        s.org_name,
        s.org_type,
        s.district,
        s.province,
        six.org_code is not null as reported_6,
        twelve.org_code is not null as reported_12,
        six.received as received_6,
        six.completed as completed_6,
        six.in_progress as in_progress_6,
        twelve.received as received_12,
        twelve.completed as completed_12,
        twelve.in_progress as in_progress_12,
        s.sort_rank
    from scoped as s
    left join six using (org_code)
    left join twelve using (org_code)
)

-- Thai dictionary order of province, district and name, ranked once per write (core.org_order).
select * exclude (sort_rank) from final
order by sort_rank
