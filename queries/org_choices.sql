-- Organisations to choose from on a page: those of the peer group, by name.
-- Grain: one row per organisation. Parameters: $province, $district (only with $province),
--   $org_type (current type code); NULL = all.
-- Columns: org_code, org_name (type prefix + name), district, province.
-- Order: province, district, name (without its prefix), in Thai dictionary order.
select
    o.org_code,
    t.name_prefix || o.name_th as org_name,
    o.district_th as district,
    o.province_th as province
from core.organisations as o
inner join core.org_types as t using (type_code)
inner join core.org_order as oo using (org_code)
where ($province is null or o.province_code = $province)
    and ($province is null or $district is null or o.district_th = $district)
    and ($org_type is null or o.type_code = $org_type)
-- Thai dictionary order of province, district and name, ranked once per write (core.org_order).
order by oo.sort_rank
