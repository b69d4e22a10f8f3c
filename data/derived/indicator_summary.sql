-- Derived table core.indicator_summary: one row per organisation, fiscal year and indicator
-- scored, with the score of the same indicator the year before (NULL when none), the
-- organisation's place and type in that year, and the median score of its peers on the
-- indicator (same type that year, same province; the organisation included) with their number,
-- so that a peer group's indicator figures are one filtered scan instead of a join of 550,000
-- scores with the organisations, and a median per province, type and indicator, on every query.
-- Rebuilt by dashboard/derived.py in every write that changes one of its sources.
-- Stored in (fiscal_year, province_code, district, org_code, indicator) order.
with placed as (
    select
        s.org_code,
        s.fiscal_year,
        s.indicator,
        s.score,
        o.province_code,
        o.district_th as district,
        coalesce(ty.type_code, o.type_code) as org_type_code
    from core.indicator_scores as s
    inner join core.organisations as o using (org_code)
    left join core.org_type_years as ty using (org_code, fiscal_year)
),

final as (
    select
        p.org_code,
        p.fiscal_year,
        p.indicator,
        p.score,
        b.score as prev_score,
        p.province_code,
        p.district,
        p.org_type_code,
        -- no peers without a province (as a join on the province would have it)
        case when p.province_code is not null then median(p.score) over peers end
            as peer_median,
        case when p.province_code is not null then count(*) over peers end as n_peers
    from placed as p
    left join core.indicator_scores as b
        on b.org_code = p.org_code and b.fiscal_year = p.fiscal_year - 1
        and b.indicator = p.indicator
    window peers as (partition by p.fiscal_year, p.province_code, p.org_type_code, p.indicator)
)

select * from final
order by fiscal_year, province_code, district, org_code, indicator
