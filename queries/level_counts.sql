-- How many organisations of a peer group reached each level, per fiscal year, with every level
-- of the year's scheme present (zero where nobody reached it).
-- Grain: one row per fiscal year (BE) and level of that year's scheme.
-- Parameters: $province, $district, $org_type (as in overview_by_year.sql; NULL = all).
-- Columns: fiscal_year, scheme, level_order (1 = best), level_code, label_th, label_en, color,
--   passed (the level counts as passing), n (organisations).
with scoped as (
    select fiscal_year, level_code
    from main.org_year_scores
    where ($province is null or province_code = $province)
        and ($province is null or $district is null or district = $district)
        and ($org_type is null or org_type_code = $org_type)
),

years as (
    select distinct s.fiscal_year, y.scheme
    from scoped as s
    inner join core.method_years as y using (fiscal_year)
    where y.scheme is not null
),

counts as (
    select fiscal_year, level_code, count(*) as n
    from scoped
    where level_code is not null
    group by fiscal_year, level_code
),

final as (
    select
        y.fiscal_year,
        y.scheme,
        l.level_order,
        l.level_code,
        l.label_th,
        l.label_en,
        l.color,
        l.passed,
        coalesce(c.n, 0) as n
    from years as y
    inner join core.method_levels as l using (scheme)
    left join counts as c on c.fiscal_year = y.fiscal_year and c.level_code = l.level_code
)

select * from final
order by fiscal_year, level_order
