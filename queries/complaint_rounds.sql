-- Complaint statistics of a peer group per fiscal year and reporting round, with who reported.
-- Round 6 covers October-March; round 12 is the whole fiscal year, cumulative (it already
-- includes round 6). The two rounds are separate rows and must never be added together.
-- Grain: one row per fiscal year (BE) that holds any complaint statistics in the database, and
--   round (6 and 12, always both).
-- Scope: an organisation is in scope for a year when it was assessed that year or reported
--   complaint statistics for it; its type is its type in that year.
-- Parameters: $province (province code or NULL = all), $district (district name, used only
--   together with $province; NULL = all), $org_type (type code in that year, NULL = all).
-- Columns: fiscal_year (BE), round (months: 6 or 12), n_organisations (in scope),
--   n_reported (organisations with a row for that year and round), n_reported_zero (of those,
--   reported 0 complaints received), n_not_reported (in scope without a row),
--   received, completed, in_progress (complaints, summed over the organisations that reported;
--   NULL when none reported).
with years as (
    select distinct fiscal_year from core.complaints
),

rounds as (
    select y.fiscal_year, r.round
    from years as y
    cross join (values (6), (12)) as r (round)
),

active as (
    select org_code, fiscal_year from core.assessments
    union all
    select distinct c.org_code, c.fiscal_year
    from core.complaints as c
    anti join core.assessments as a using (org_code, fiscal_year)
),

scoped as (
    select a.org_code, a.fiscal_year
    from active as a
    inner join years using (fiscal_year)
    inner join core.organisations as o using (org_code)
    left join core.org_type_years as ty
        on ty.org_code = a.org_code and ty.fiscal_year = a.fiscal_year
    where ($province is null or o.province_code = $province)
        and ($province is null or $district is null or o.district_th = $district)
        and ($org_type is null or coalesce(ty.type_code, o.type_code) = $org_type)
),

reported as (
    select
        c.fiscal_year,
        c.round,
        count(*) as n_reported,
        count(*) filter (where c.received = 0) as n_reported_zero,
        sum(c.received) as received,
        sum(c.completed) as completed,
        sum(c.in_progress) as in_progress
    from core.complaints as c
    semi join scoped as s using (org_code, fiscal_year)
    group by c.fiscal_year, c.round
),

in_scope as (
    select fiscal_year, count(*) as n_organisations
    from scoped
    group by fiscal_year
),

per_round as (
    select
        r.fiscal_year,
        r.round,
        coalesce(n.n_organisations, 0) as n_organisations,
        coalesce(p.n_reported, 0) as n_reported,
        coalesce(p.n_reported_zero, 0) as n_reported_zero,
        p.received,
        p.completed,
        p.in_progress
    from rounds as r
    left join in_scope as n using (fiscal_year)
    left join reported as p using (fiscal_year, round)
),

final as (
    select
        fiscal_year,
        round,
        n_organisations,
        n_reported,
        n_reported_zero,
        n_organisations - n_reported as n_not_reported,
        received::bigint as received,
        completed::bigint as completed,
        in_progress::bigint as in_progress
    from per_round
)

select * from final
order by fiscal_year, round
