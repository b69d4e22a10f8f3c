-- Provinces and districts that hold organisations, for the sidebar filters.
-- Grain: one row per province and district. Parameters: none.
-- Columns: province_code, province_th, province_en, district_th, n_organisations.
select
    province_code,
    any_value(province_th) as province_th,
    any_value(province_en) as province_en,
    district_th,
    count(*) as n_organisations
from core.organisations
group by province_code, district_th
order by province_th collate th, district_th collate th
