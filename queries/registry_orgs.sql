-- Every registered organisation, for matching imported rows and checking their values.
-- Grain: one row per organisation. Parameters: none.
-- Columns: org_code, name_th (bare name), type_code (current type), province_code,
--   province_th, province_en, district_th, lat, lon (degrees), batch_id (the batch that stored it).
select
    org_code,
    name_th,
    type_code,
    province_code,
    province_th,
    province_en,
    district_th,
    lat,
    lon,
    batch_id
from core.organisations
order by org_code
