-- One organisation as registered.
-- Grain: one row (none for an unknown code). Parameters: $org_code.
-- Columns: org_code, name_th (bare), display_name (type prefix + name), type_code, type_th,
--   province_code, province_th, district_th.
select
    o.org_code,
    o.name_th,
    t.name_prefix || o.name_th as display_name,
    o.type_code,
    t.name_th as type_th,
    o.province_code,
    o.province_th,
    o.district_th
from core.organisations as o
inner join core.org_types as t using (type_code)
where o.org_code = $org_code
