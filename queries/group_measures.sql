-- Measures of a fiscal year per organisation of a peer group, with their execution counts.
-- Grain: one row per organisation assessed in Y or holding measures of Y.
-- Parameters: $year (Y, BE), $province, $district (only with $province), $org_type (type code
--   in Y); NULL = all.
-- Columns: org_code, org_name, district, province, n_measures, n_done (latest status finished),
--   n_no_outcome (latest report without an outcome, or no report), n_no_6m_report.
with orgs as (
    select
        o.org_code,
        t.name_prefix || o.name_th as org_name,
        o.district_th as district,
        o.province_th as province,
        o.province_code,
        coalesce(ty.type_code, o.type_code) as type_code
    from core.organisations as o
    left join core.org_type_years as ty
        on ty.org_code = o.org_code and ty.fiscal_year = $year::integer
    inner join core.org_types as t on t.type_code = coalesce(ty.type_code, o.type_code)
    where ($province is null or o.province_code = $province)
        and ($province is null or $district is null or o.district_th = $district)
),

scoped as (
    select * from orgs where $org_type is null or type_code = $org_type
),

per_org as (
    select
        m.org_code,
        count(*) as n_measures,
        count(*) filter (where m.is_done) as n_done,
        count(*) filter (where m.outcome is null or trim(m.outcome) = '') as n_no_outcome,
        count(*) filter (where not m.has_6m_report) as n_no_6m_report
    from core.measure_summary as m
    semi join scoped using (org_code)
    where m.fiscal_year = $year::integer
    group by m.org_code
),

assessed as (
    select org_code from core.assessments where fiscal_year in ($year::integer, $year::integer - 1)
),

final as (
    select
        s.org_code,
        s.org_name,
        s.district,
        s.province,
        coalesce(p.n_measures, 0) as n_measures,
        coalesce(p.n_done, 0) as n_done,
        coalesce(p.n_no_outcome, 0) as n_no_outcome,
        coalesce(p.n_no_6m_report, 0) as n_no_6m_report
    from scoped as s
    left join per_org as p using (org_code)
    where p.org_code is not null or s.org_code in (select org_code from assessed)
)

select * from final
order by province, district, org_name
