-- Mean score of each indicator per unit of a peer group in one year, for a heatmap: per
-- organisation (a district), per district (a province) or per province (the whole country).
-- Grain: one row per unit and indicator.
-- Parameters: $year (BE), $province, $district (only with $province), $org_type (type code in
--   $year): NULL = all; $unit ('organisation', 'district' or 'province').
-- Columns: unit_code, unit_name, indicator, indicator_name_th, indicator_name_en,
--   mean_score (points), n_organisations.
with scoped as (
    select org_code, org_name, province_code, province, district
    from core.org_year_summary
    where fiscal_year = $year::integer
        and ($province is null or province_code = $province)
        and ($province is null or $district is null or district = $district)
        and ($org_type is null or org_type_code = $org_type)
),

units as (
    select
        org_code,
        case $unit
            when 'organisation' then org_code
            when 'district' then province_code || '/' || district
            else province_code
        end as unit_code,
        case $unit
            when 'organisation' then org_name
            when 'district' then district
            else province
        end as unit_name
    from scoped
),

final as (
    select
        u.unit_code,
        any_value(u.unit_name) as unit_name,
        s.indicator,
        any_value(i.name_th) as indicator_name_th,
        any_value(i.name_en) as indicator_name_en,
        avg(s.score) as mean_score,
        count(*) as n_organisations
    from core.indicator_summary as s
    inner join units as u using (org_code)
    left join core.method_indicators as i
        on i.fiscal_year = s.fiscal_year and i.indicator = s.indicator
    where s.fiscal_year = $year::integer
    group by u.unit_code, s.indicator
)

select * from final
order by unit_name collate th, indicator
