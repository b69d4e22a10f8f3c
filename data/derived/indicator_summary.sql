-- Derived table core.indicator_summary: one row per organisation, fiscal year and indicator
-- scored, with the score of the same indicator the year before (NULL when none) and the
-- organisation's place and type in that year, so that a peer group's indicator figures are one
-- filtered scan instead of a join of 550,000 scores with the organisations on every query.
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
        p.org_type_code
    from placed as p
    left join core.indicator_scores as b
        on b.org_code = p.org_code and b.fiscal_year = p.fiscal_year - 1
        and b.indicator = p.indicator
)

select * from final
order by fiscal_year, province_code, district, org_code, indicator
