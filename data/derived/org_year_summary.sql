-- Derived table core.org_year_summary: one row per organisation and fiscal year assessed, with
-- its names, place and type of that year, tool scores, total and level (computed, else
-- published), and the figures of the year before (NULL when it was not assessed in Y-1).
-- Rebuilt by dashboard/derived.py in every write that changes one of its sources, so that the
-- dashboard's queries read one table instead of re-joining eight on every rerun.
-- Stored in (fiscal_year, province_code, district, org_code) order: a query for one year or one
-- province reads only the row groups of that year or province.
with tools as (
    select
        org_code,
        fiscal_year,
        max(score) filter (where tool = 'IIT') as iit,
        max(score) filter (where tool = 'EIT') as eit,
        max(score) filter (where tool = 'OIT') as oit
    from core.computed_tool_scores
    where true /* refresh years: fiscal_year */
    group by org_code, fiscal_year
),

types as (
    select
        a.org_code,
        a.fiscal_year,
        coalesce(ty.type_code, o.type_code) as type_code
    from core.assessments as a
    inner join core.organisations as o using (org_code)
    left join core.org_type_years as ty using (org_code, fiscal_year)
),

years as (
    select
        a.org_code,
        t.name_prefix || o.name_th as org_name,
        t.short_th as org_type,
        ty.type_code as org_type_code,
        o.province_code,
        o.province_th as province,
        o.district_th as district,
        a.fiscal_year,
        tools.iit,
        tools.eit,
        tools.oit,
        coalesce(r.total, a.total_published) as total,
        coalesce(lv.label_th, a.level_published) as level,
        coalesce(lv.level_code, plv.level_code) as level_code,
        coalesce(lv.level_order, plv.level_order) as level_order,
        y.scheme,
        r.passed,
        a.total_published,
        a.level_published,
        r.total is not null as total_is_computed,
        coalesce(r.total_mismatch, false) as total_mismatch,
        coalesce(r.level_mismatch, false) as level_mismatch
    from core.assessments as a
    inner join core.organisations as o using (org_code)
    inner join types as ty using (org_code, fiscal_year)
    inner join core.org_types as t on t.type_code = ty.type_code
    inner join core.method_years as y using (fiscal_year)
    left join tools using (org_code, fiscal_year)
    left join core.computed_results as r using (org_code, fiscal_year)
    left join core.method_levels as lv on lv.scheme = y.scheme and lv.level_code = r.level_code
    left join core.method_levels as plv
        on plv.scheme = y.scheme
        and a.level_published in (plv.level_code, plv.label_th, plv.label_en)
    -- A refresh by year narrows this to the years it rebuilds and the years before them (read
    -- by `final` below, which the outer year filter cannot reach): see derived.rebuild_years.
    where true /* refresh years: a.fiscal_year */
),

final as (
    select
        y.*,
        p.org_code is not null as assessed_prev_year,
        p.total as prev_total,
        p.level as prev_level,
        p.level_order as prev_level_order,
        p.scheme as prev_scheme
    from years as y
    left join years as p on p.org_code = y.org_code and p.fiscal_year = y.fiscal_year - 1
)

select * from final
order by fiscal_year, province_code, district, org_code
